"""brandguard fix: safe suggestions applied right to left, the rest left for a person."""

from __future__ import annotations

from pathlib import Path

import pytest

import brandguard as bg
from brandguard.cli import main
from brandguard.fixes import apply_fixes, is_fixable, unified_diff
from brandguard.models import Finding, Span

from . import integration_plugin as itest
from .conftest import BASE_POLICY

POLICY_FILE = Path(__file__).parents[1] / "docs" / "examples" / "nordlys-policy.yaml"


def _finding(start: int, end: int, text: str, suggestion: str | None, safe: bool = True,
             rule: str = "x.y") -> Finding:
    return Finding(rule_id=rule, category="language", severity="warning", message="m",
                   span=Span(start=start, end=end, utf16_start=start, utf16_end=end,
                             text=text), suggestion=suggestion, safe_fix=safe)


def test_only_safe_fixes_are_applied() -> None:
    checker = itest.checker(BASE_POLICY)
    text = "Nordlys energi er verdens bedste, og Nordlys energi vokser. KUN I DAG."
    report = checker.check(bg.Post(text=text))
    result = apply_fixes(text, report.findings)
    assert result.text == "Nordlys Energi er verdens bedste, og Nordlys Energi vokser. KUN I DAG."
    assert [f.rule_id for f in result.applied] == ["itest.house-name"] * 2
    assert sorted(f.rule_id for f in result.left) == ["itest.hype", "itest.shouting"]


def test_fixes_of_different_lengths_apply_right_to_left() -> None:
    text = "a  b 25% c  d"
    fixes = [_finding(1, 3, "  ", " "), _finding(7, 8, "%", " %"), _finding(10, 12, "  ", " ")]
    assert apply_fixes(text, fixes).text == "a b 25 % c d"


def test_overlapping_and_stale_fixes_are_left() -> None:
    text = "Nordlys energis kunder"
    first = _finding(0, 14, "Nordlys energi", "Nordlys Energi")
    overlapping = _finding(8, 15, "energis", "energi's")
    stale = _finding(16, 22, "Kunder", "kunder")  # the text is no longer what was checked
    unsafe = _finding(16, 22, "kunder", "klienter", safe=False)
    result = apply_fixes(text, [overlapping, first, stale, unsafe])
    assert result.text == "Nordlys Energis kunder"
    assert result.applied == [first]
    assert {id(f) for f in result.left} == {id(overlapping), id(stale), id(unsafe)}
    assert not is_fixable(unsafe)


def test_empty_suggestion_deletes_and_none_is_not_a_fix() -> None:
    text = "Hej  du"
    assert apply_fixes(text, [_finding(3, 4, " ", "")]).text == "Hej du"
    assert apply_fixes(text, [_finding(3, 4, " ", None)]).changed is False


def test_unified_diff() -> None:
    diff = unified_diff("a\nb\n", "a\nc\n", "p.md")
    assert diff.startswith("--- a/p.md\n+++ b/p.md\n") and "-b\n+c\n" in diff
    assert unified_diff("a", "b", "/tmp/p.md").startswith("--- a/tmp/p.md\n")
    assert "No newline at end of file" in unified_diff("a", "b", "p.txt")


POST = "---\nid: f1\nchannel: linkedin\n---\nVi har  fået nye kolleger.Det er vi glade for!!\n"
FIXED = "---\nid: f1\nchannel: linkedin\n---\nVi har fået nye kolleger. Det er vi glade for!\n"


def test_cli_fix_shows_a_diff_and_writes_only_with_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.md"
    path.write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["fix", "p.md", "-p", str(POLICY_FILE), "--fail-on", "never"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "-Vi har  fået nye kolleger.Det er vi glade for!!" in captured.out
    assert "+Vi har fået nye kolleger. Det er vi glade for!" in captured.out
    assert path.read_text(encoding="utf-8") == POST  # no --write: nothing changed
    assert "p.md: 3 kan rettes, 1 tilbage til et menneske" in captured.err

    assert main([*args, "--write"]) == 0
    assert path.read_text(encoding="utf-8") == FIXED  # front matter and final newline kept
    capsys.readouterr()
    assert main(args) == 0
    assert capsys.readouterr().out == ""  # nothing left to fix


def test_cli_fix_lists_what_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.txt"
    path.write_text("\ufeffKøb nu: 25% rabat på SolPakke hos Nordlys Energi.\n", encoding="utf-8")
    code = main(["fix", str(path), "-p", str(POLICY_FILE), "--write"])
    err = capsys.readouterr().err
    assert "compliance.disclosure" in err  # advice, not a replacement: left for a person
    assert code == 1  # an error-level finding is left
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM is kept


def test_cli_fix_refuses_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", "-", "-p", str(POLICY_FILE)]) == 2
    assert "stdin" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["fix", "--help"], ["batch", "--help"],
                                  ["baseline", "--help"], ["baseline", "create", "--help"],
                                  ["baseline", "check", "--help"]])
def test_help_of_the_integration_commands(argv: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "usage:" in out
    if argv == ["--help"]:
        assert all(name in out for name in ("batch", "baseline", "fix"))
