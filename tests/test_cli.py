"""The command line: every command, every exit code, bad input, output formats.

Most cases run ``main([...])`` in-process. Checks use ``--select format.max-length``
with a tiny channel limit so the findings do not depend on which rule packs are
installed; a few tests run the real ``brandguard`` console script.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import brandguard as bg
from brandguard.cli import main
from brandguard.commands import _common, check, command_modules, init, rules

RULE = "format.max-length"
#: Posts on the "other" channel over 20 characters break format.max-length (an error).
POLICY = {"company": {"name": "Nordlys Energi"}, "channels": {"other": {"max_chars": 20}}}
SHORT = "Kort og godt."  # 13 characters: within the limit
LONG = "Vi har installeret solceller."  # 29 characters: 9 over the limit


def write(path: Path, data: Any) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    return write(tmp_path / "policy.yaml", POLICY)


@pytest.fixture
def post(tmp_path: Path):
    def make(text: str | bytes, name: str = "post.txt") -> str:
        return str(write(tmp_path / name, text))
    return make


def run_check(policy: Path, *args: str) -> int:
    return main(["check", "--policy", str(policy), "--channel", "other", "--select", RULE, *args])


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("brandguard: ")
    assert "Traceback" not in err
    return lines[0]


# --- top level ----------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"brandguard {bg.__version__}"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for module in command_modules():
        assert module.NAME in out
    assert {"check", "rules", "explain", "schema", "init"} <= {m.NAME for m in command_modules()}


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_unknown_command_and_option_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chek"]) == 2
    assert "invalid choice: 'chek'" in one_error_line(capsys.readouterr().err)
    assert main(["check", "--no-such-option"]) == 2
    assert "--no-such-option" in one_error_line(capsys.readouterr().err)


# --- check: results and exit codes --------------------------------------------------------


def test_check_clean_post_exits_0(policy: Path, post, capsys) -> None:
    assert run_check(policy, post(SHORT), "-v") == 0
    out = capsys.readouterr().out
    assert SHORT in out
    assert "Ingen bemærkninger." in out
    assert "score 100/100" in out and "godkendt" in out


def test_check_error_exits_1_and_marks_the_span(policy: Path, post, capsys) -> None:
    path = post(LONG)
    assert run_check(policy, path) == 1
    out = capsys.readouterr().out
    assert "Vi har installeret s⟦olceller.⟧" in out  # the 9 characters over the limit
    assert "1:21" in out and "fejl" in out and f"[{RULE}]" in out
    assert "Opslaget har 29 tegn; other tillader 20" in out
    assert "dom: blokeret" in out
    assert "\033[" not in out  # piped: no colour


def test_fail_on_never_and_warning(tmp_path: Path, policy: Path, post, capsys) -> None:
    path = post(LONG)
    assert run_check(policy, path, "--fail-on", "never") == 0
    warn_policy = write(tmp_path / "warn.yaml", {**POLICY, "rules": {RULE: "warning"}})
    assert run_check(warn_policy, path) == 0  # a warning is under the default level
    assert run_check(warn_policy, path, "--fail-on", "warning") == 1
    assert run_check(warn_policy, post(SHORT, "short.txt"), "--fail-on", "warning") == 0
    assert "advarsel" in capsys.readouterr().out


def test_min_score(policy: Path, post, capsys) -> None:
    short, long = post(SHORT, "short.txt"), post(LONG, "long.txt")
    assert run_check(policy, short, "--min-score", "100") == 0
    capsys.readouterr()
    assert run_check(policy, long, "--fail-on", "never", "--format", "json") == 0
    score = json.loads(capsys.readouterr().out)["score"]
    assert score < 100
    assert run_check(policy, long, "--fail-on", "never", "--min-score", str(score)) == 0
    assert run_check(policy, long, "--fail-on", "never", "--min-score", str(score + 1)) == 1
    assert run_check(policy, short, "--min-score", "101") == 2
    assert "--min-score" in one_error_line(capsys.readouterr().err)


def test_json_is_the_report_as_the_api_serialises_it(policy: Path, post, capsys) -> None:
    assert run_check(policy, post(LONG), "--format", "json") == 1
    out = capsys.readouterr().out
    report = bg.Report.model_validate_json(out)
    checker = bg.Checker(bg.load_policy(policy), select=[RULE])
    expected = checker.check(bg.Post(text=LONG, channel="other"))
    assert json.loads(out) == json.loads(expected.model_dump_json())
    assert report.findings[0].span is not None
    assert (report.findings[0].span.start, report.findings[0].span.end) == (20, 29)


def test_several_files_json_is_a_list_in_order(policy: Path, post, capsys) -> None:
    files = [post(LONG, "a.txt"), post(SHORT, "b.txt")]
    assert run_check(policy, *files, "--format", "json") == 1
    entries = json.loads(capsys.readouterr().out)
    assert [e["file"] for e in entries] == files  # several files: {file, report} each
    reports = [bg.Report.model_validate(e["report"]) for e in entries]
    assert [r.verdict for r in reports] == ["block", "pass"]


def test_several_files_text(policy: Path, post, capsys) -> None:
    a, b = post(LONG, "a.txt"), post(SHORT, "b.txt")
    assert run_check(policy, a, b) == 1
    out = capsys.readouterr().out
    assert a in out and b not in out  # the clean post is left out without -v
    assert "2 opslag: 1 blokeret, 1 godkendt" in out
    assert run_check(policy, a, b, "-v") == 1
    out = capsys.readouterr().out
    assert out.index(a) < out.index(b)


def test_lang_en(policy: Path, post, capsys) -> None:
    assert run_check(policy, post(LONG), "--lang", "en") == 1
    out = capsys.readouterr().out
    assert "The post has 29 characters; other allows 20. Cut 9 characters." in out
    assert "verdict: block" in out and "1 error, 0 warnings" in out
    assert run_check(policy, post(LONG), "--lang", "en", "--format", "json") == 1
    assert json.loads(capsys.readouterr().out)["lang"] == "en"


def test_stdin(policy: Path, monkeypatch, capsys) -> None:
    stdin_bytes(monkeypatch, (LONG + "\n").encode())
    assert run_check(policy, "-", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["findings"][0]["span"]["text"] == "olceller."  # the final newline is no part
    stdin_bytes(monkeypatch, SHORT.encode())
    assert run_check(policy, "-v") == 0  # no FILE reads stdin too
    assert "<stdin>" in capsys.readouterr().out
    assert run_check(policy, "-", "-") == 2
    assert "only once" in one_error_line(capsys.readouterr().err)
    # No FILE and a terminal on stdin: say so instead of waiting for input.
    monkeypatch.setattr(check, "stdin_is_tty", lambda: True)
    assert run_check(policy) == 2
    assert "stdin is a terminal" in one_error_line(capsys.readouterr().err)


def test_ignore_and_select(policy: Path, post, capsys) -> None:
    path = post(LONG)
    assert run_check(policy, path, "--ignore", RULE) == 0
    assert run_check(policy, path, "--ignore", "format.max-lenght") == 2
    assert "did you mean 'format.max-length'" in one_error_line(capsys.readouterr().err)
    assert main(["check", "-p", str(policy), path, "--select", "nope.rule"]) == 2
    assert ("--select: 'nope.rule' names no rule, pack, category or prefix"
            in one_error_line(capsys.readouterr().err))


def test_post_fields_from_options() -> None:
    args = argparse_check(["--channel", "x", "--author", "e17", "--not-enrolled",
                           "--campaign", "c-1"])
    p = bg.Post(text="Hej", **check.post_defaults(args))
    assert (p.channel, p.author.id, p.author.enrolled, p.campaign) == ("x", "e17", False, "c-1")
    p = bg.Post(text="Hej", **check.post_defaults(argparse_check(["--enrolled"])))
    assert (p.author.id, p.author.enrolled) == ("anonymous", True)
    assert check.post_defaults(argparse_check([])) == {}


def argparse_check(argv: list[str]) -> Any:
    import argparse

    parser = argparse.ArgumentParser()
    check.configure(parser)
    return parser.parse_args(argv)


def test_format_unknown_and_list(policy: Path, post, capsys) -> None:
    assert run_check(policy, post(SHORT), "--format", "yaml") == 2
    err = one_error_line(capsys.readouterr().err)
    assert "unknown format 'yaml'" in err and "json" in err and "text" in err
    assert main(["check", "--format", "list"]) == 0
    assert {"json", "text"} <= set(capsys.readouterr().out.split())


def test_colour(policy: Path, post, monkeypatch, capsys) -> None:
    assert run_check(policy, post(LONG), "--color", "always") == 1
    out = capsys.readouterr().out
    assert "\033[31m\033[4molceller.\033[0m" in out and "⟦" not in out
    monkeypatch.setattr(_common, "stdout_is_tty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _common.use_color("auto") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert _common.use_color("auto") is False
    assert _common.use_color("always") is True
    monkeypatch.setattr(_common, "stdout_is_tty", lambda: False)
    monkeypatch.delenv("NO_COLOR")
    assert _common.use_color("auto") is False


def test_ledger_and_record(policy: Path, post, monkeypatch, capsys) -> None:
    import brandguard.ledger
    from brandguard.ledger.base import Reservation

    calls: list[tuple[str, Any]] = []

    class FakeLedger:
        def reserve(self, p: bg.Post, policy: Any, report: bg.Report) -> Reservation:
            calls.append(("record", p.text))
            return Reservation(True, 1)

        def close(self) -> None:
            calls.append(("close", None))

    def open_ledger(url: str) -> FakeLedger:
        calls.append(("open", url))
        return FakeLedger()

    monkeypatch.setattr(brandguard.ledger, "open_ledger", open_ledger, raising=False)
    short, long = post(SHORT, "a.txt"), post(LONG, "b.txt")
    assert run_check(policy, short, long, "--ledger", "sqlite:///x.db", "--record") == 1
    # The blocked post is not recorded: it will not be published as it is.
    assert calls == [("open", "sqlite:///x.db"), ("record", SHORT), ("close", None)]
    assert run_check(policy, short, "--record") == 2
    assert "--record needs --ledger" in one_error_line(capsys.readouterr().err)

    def refuse(url: str) -> None:
        raise ValueError(f"unknown ledger URL scheme in {url!r}")

    monkeypatch.setattr(brandguard.ledger, "open_ledger", refuse, raising=False)
    assert run_check(policy, short, "--ledger", "ftp://x") == 2
    assert "--ledger: unknown ledger URL scheme" in one_error_line(capsys.readouterr().err)


# --- check: the policy --------------------------------------------------------------------


def test_default_policy_file_in_current_folder(tmp_path: Path, post, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    path = post(LONG)
    args = ["check", path, "--channel", "other", "--select", RULE]
    assert main(args) == 2
    assert "no policy" in one_error_line(capsys.readouterr().err)
    write(tmp_path / ".brandguard.yaml", POLICY)
    assert main(args) == 1
    write(tmp_path / "brandguard.yaml", {"company": {"name": "Nordlys Energi"}})
    assert main(args) == 0  # brandguard.yaml comes first; it keeps the default limit


def test_broken_policy(tmp_path: Path, post, capsys) -> None:
    bad = write(tmp_path / "bad.yaml", {"company": {"name": "X"},
                                        "spam": {"max_posts_per_day": "two"}})
    assert main(["check", "-p", str(bad), post(SHORT)]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert err == (f"brandguard: {bad}:4:22: spam.max_posts_per_day: "
                   "expected a whole number ≥ 0, got 'two'")
    assert main(["check", "-p", str(tmp_path / "missing.yaml"), post(SHORT)]) == 2
    assert "missing.yaml: no such file" in one_error_line(capsys.readouterr().err)
    broken = write(tmp_path / "broken.yaml", "company: {name: [\n")
    assert main(["check", "-p", str(broken), post(SHORT)]) == 2
    assert "invalid YAML" in one_error_line(capsys.readouterr().err)
    unknown = write(tmp_path / "u.yaml", {"company": {"name": "X"}, "rules": {"nope.x": "off"}})
    assert main(["check", "-p", str(unknown), post(SHORT)]) == 2
    assert "rules.nope.x" in one_error_line(capsys.readouterr().err)


# --- check: bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\n", "\n"])
def test_empty_post(policy: Path, post, capsys, text: str) -> None:
    path = post(text)
    assert run_check(policy, path) == 2
    assert one_error_line(capsys.readouterr().err) == f"brandguard: {path}: the post is empty"


def test_empty_stdin(policy: Path, monkeypatch, capsys) -> None:
    stdin_bytes(monkeypatch, b"  \n")
    assert run_check(policy, "-") == 2
    assert one_error_line(capsys.readouterr().err) == "brandguard: <stdin>: the post is empty"


def test_binary_and_non_utf8_files(policy: Path, post, capsys) -> None:
    binary = post(b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe" + bytes(range(256)), "a.bin")
    assert run_check(policy, binary) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"brandguard: {binary}: binary file, not UTF-8 text")
    latin1 = post("Café på Nørrebro".encode("latin-1"), "latin1.txt")
    assert run_check(policy, latin1) == 2
    err = one_error_line(capsys.readouterr().err)
    assert latin1 in err and "not UTF-8 text" in err


def test_nul_and_control_characters_in_utf8_are_checked(policy: Path, post, capsys) -> None:
    text = "Hej\x00 med\x1b[31m dig, vi har solceller."
    assert run_check(policy, post(text.encode()), "--format", "json") == 1
    span = json.loads(capsys.readouterr().out)["findings"][0]["span"]
    assert (span["start"], span["end"]) == (20, len(text))
    assert span["text"] == text[20:]
    assert run_check(policy, post(text.encode())) == 1
    out = capsys.readouterr().out
    assert "Hej␀ med␛[31m dig" in out  # shown, never sent raw to the terminal
    assert "\x00" not in out and "\x1b" not in out


def test_bom_is_not_part_of_the_post(policy: Path, post, capsys) -> None:
    assert run_check(policy, post(b"\xef\xbb\xbf" + LONG.encode()), "--format", "json") == 1
    span = json.loads(capsys.readouterr().out)["findings"][0]["span"]
    assert (span["start"], span["text"]) == (20, "olceller.")


def test_missing_file_and_folder(policy: Path, tmp_path: Path, capsys) -> None:
    assert run_check(policy, str(tmp_path / "nope.txt")) == 2
    assert one_error_line(capsys.readouterr().err).endswith("nope.txt: no such file")
    assert run_check(policy, str(tmp_path)) == 2  # a folder without posts in it
    assert "no *.txt, *.md, *.markdown files" in one_error_line(capsys.readouterr().err)


def test_too_long_post(policy: Path, post, capsys) -> None:
    path = post("a" * (bg.MAX_TEXT_CHARS + 1))
    assert run_check(policy, path) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"brandguard: {path}: the post has 200,001 characters; the limit is 200,000")
    # At the limit it is checked (the API accepts it too).
    at_limit = post(("Vi har solceller. " * 12_000)[: bg.MAX_TEXT_CHARS], "max.txt")
    assert run_check(policy, at_limit, "--format", "json") == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["rule_id"] == RULE


def test_unknown_channel_names_the_field(policy: Path, post, capsys) -> None:
    path = post(SHORT)
    assert main(["check", "-p", str(policy), path, "--channel", "tiktok"]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert f"{path}: channel: expected one of: linkedin" in err and "'tiktok'" in err


def test_bad_input_stops_before_any_output(policy: Path, post, tmp_path: Path, capsys) -> None:
    assert run_check(policy, post(SHORT), str(tmp_path / "missing.txt")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    one_error_line(captured.err)


# --- never a traceback --------------------------------------------------------------------


def test_unexpected_error_is_one_line(monkeypatch, capsys) -> None:
    def boom(args: Any) -> int:
        raise RuntimeError("something broke\nacross lines")

    monkeypatch.setattr(rules, "run", boom)
    monkeypatch.delenv("BRANDGUARD_DEBUG", raising=False)
    assert main(["rules"]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert "internal error: RuntimeError: something broke across lines" in err
    monkeypatch.setenv("BRANDGUARD_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["rules"])


def test_interrupt_and_broken_pipe(monkeypatch, capsys) -> None:
    def interrupted(args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(rules, "run", interrupted)
    assert main(["rules"]) == 130
    assert one_error_line(capsys.readouterr().err) == "brandguard: interrupted"

    def pipe_closed(args: Any) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(rules, "run", pipe_closed)
    monkeypatch.setattr("brandguard.cli._silence_stdout", lambda: None)
    assert main(["rules"]) == 0
    assert capsys.readouterr().err == ""


# --- rules, explain, schema, init ---------------------------------------------------------


def test_rules_lists_every_rule(capsys) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    registry = rules.load_registry()
    lines = {ln.split()[0]: ln.split() for ln in out.splitlines()[1:-1]}
    assert set(lines) == set(registry.rules)
    assert lines[RULE][:4] == [RULE, "format", "error", "format"]
    assert out.splitlines()[-1] == f"{len(registry.rules)} rules"


def test_rules_json_with_policy(tmp_path: Path, capsys) -> None:
    pol = write(tmp_path / "p.yaml", {**POLICY, "rules": {RULE: "warning"}})
    assert main(["rules", "--policy", str(pol), "--format", "json", "--pack", "format"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[RULE]["severity"] == "error" and rows[RULE]["policy"] == "warning"
    assert rows[RULE]["enabled"] is True
    assert all(r["pack"] == "format" for r in rows.values())
    off = write(tmp_path / "off.yaml", {**POLICY, "rules": {"format": "off"}})
    assert main(["rules", "-p", str(off), "--category", "format"]) == 0
    out = capsys.readouterr().out
    # Columns are as wide as the longest id (format.x-weighted-length, …).
    assert f"{RULE}  format    error     format  off".split() in [line.split()[:5]
                                                            for line in out.splitlines()]
    assert main(["rules", "--pack", "fromat"]) == 2
    assert "did you mean 'format'" in one_error_line(capsys.readouterr().err)


def test_rules_policy_state_matches_the_checker(tmp_path: Path) -> None:
    registry = rules.load_registry()
    packs = sorted(registry.packs)
    some = [p for p in packs if p != "format"][:2]
    cases = [
        {**POLICY},
        {**POLICY, "packs": ["format", *some[:1]]},
        {**POLICY, "rules": {"format": "off"}},
        {**POLICY, "rules": {"format": "info", RULE: "error"}},
        {**POLICY, "rules": {"tone": "off", "language": "info", "format.*": "warning"}},
    ]
    for data in cases:
        pol = bg.load_policy(data)
        state = rules.effective_severities(rules.load_registry(pol), pol)
        on = {r.id: r.active_severity for r in bg.Checker(pol).rules}
        assert {k: v for k, v in state.items() if v != "off"} == on, data


def test_explain(capsys) -> None:
    assert main(["explain", RULE]) == 0
    out = capsys.readouterr().out
    rule = rules.load_registry().rules[RULE]
    assert out.startswith(RULE + "\n")
    assert rule.summary in out
    assert "default severity error" in out and "pack format" in out
    assert rule.message["da"] in out and rule.message["en"] in out
    assert "Kort nok⟦!⟧" in out  # a bad example with its span
    assert "✓ Et kort opslag om vores nye kontor i Aarhus." in out
    assert '(with post: {"channel": "other"}' in out


def test_explain_json_and_unknown(capsys) -> None:
    assert main(["explain", RULE, "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["id"] == RULE and info["examples"]["bad"][1]["text"] == "Kort nok<marker>!</marker>"
    assert info["examples"]["bad"][1]["policy"] == {"channels": {"other": {"max_chars": 8}}}
    assert main(["explain", "format.max-lenght"]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert "unknown rule 'format.max-lenght' (did you mean 'format.max-length'" in err


def test_schema(capsys) -> None:
    assert main(["schema", "policy"]) == 0
    assert json.loads(capsys.readouterr().out) == bg.policy_json_schema()
    assert main(["schema", "report"]) == 0
    assert json.loads(capsys.readouterr().out) == bg.Report.model_json_schema()
    assert main(["schema", "post"]) == 0
    assert json.loads(capsys.readouterr().out) == bg.Post.model_json_schema()
    assert main(["schema", "rule"]) == 2
    one_error_line(capsys.readouterr().err)


def test_init_writes_a_policy_that_loads(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert "Wrote brandguard.yaml" in capsys.readouterr().out
    text = (tmp_path / "brandguard.yaml").read_text(encoding="utf-8")
    policy = bg.load_policy(tmp_path / "brandguard.yaml")
    assert policy.company.name == "Mit Firma A/S"
    present = set(yaml.safe_load(text))
    # Every section is there; `packs` is commented out, as leaving it out means "all packs".
    assert present == set(bg.Policy.model_fields) - {"packs"}
    assert "\n# packs: [" in text
    assert bg.Checker(policy).rules  # it builds a checker too
    assert main(["init"]) == 2
    assert "already exists; use --force" in one_error_line(capsys.readouterr().err)
    assert main(["init", "--force", "--company", "Ærø: Bryghus #1 \"A/S\""]) == 0
    assert bg.load_policy("brandguard.yaml").company.name == 'Ærø: Bryghus #1 "A/S"'
    # The default file is now found by check.
    write(tmp_path / "p.txt", SHORT)
    assert main(["check", "p.txt", "--select", RULE]) == 0


def test_init_to_stdout_and_other_path(tmp_path: Path, capsys) -> None:
    assert main(["init", "-", "--company", "Nordlys Energi"]) == 0
    out = capsys.readouterr().out
    assert bg.load_policy(yaml.safe_load(out)).company.name == "Nordlys Energi"
    assert out == init.starter_policy("Nordlys Energi")
    target = tmp_path / "sub" / "policy.yaml"
    assert main(["init", str(target)]) == 2  # no such folder
    one_error_line(capsys.readouterr().err)
    assert main(["init", str(tmp_path)]) == 2
    assert "is a folder" in one_error_line(capsys.readouterr().err)


# --- helpers ------------------------------------------------------------------------------


def _report(*severities: str, score: int = 100) -> bg.Report:
    findings = [bg.Finding(rule_id="x.y", category="format", severity=s, message="m")
                for s in severities]
    return bg.Report(verdict="pass", score=score, scores={}, findings=findings)


def test_exit_code() -> None:
    ec = _common.exit_code
    assert ec([_report()], "error", None) == 0
    assert ec([_report("warning")], "error", None) == 0
    assert ec([_report("warning")], "warning", None) == 1
    assert ec([_report("info")], "warning", None) == 0
    assert ec([_report("info")], "info", None) == 1
    assert ec([_report("error")], "never", None) == 0
    assert ec([_report(), _report("error")], "error", None) == 1
    assert ec([_report(score=79)], "never", 80) == 1
    assert ec([_report(score=80)], "never", 80) == 0


def test_long_post_shows_only_flagged_lines(tmp_path: Path, post, capsys) -> None:
    text = "\n".join(f"Linje {i}." for i in range(1, 61))
    limit = text.index("Linje 58.") + 3
    pol = write(tmp_path / "p.yaml", {**POLICY, "channels": {"other": {"max_chars": limit}}})
    assert main(["check", "-p", str(pol), post(text), "--channel", "other", "--select", RULE]) == 1
    out = capsys.readouterr().out
    assert "Linje 30." not in out and "Linje 57." not in out
    assert "  ⋮ │\n  58 │ Lin⟦je 58.\n  59 │ Linje 59.\n  60 │ Linje 60.⟧\n" in out
    assert "58:4" in out
    # Only a finding about the whole post: the start is shown.
    pol = write(tmp_path / "q.yaml", POLICY)
    assert main(["check", "-p", str(pol), post(text), "--channel", "other", "--select", RULE]) == 1
    out = capsys.readouterr().out
    assert "   5 │ Linje 5.\n   ⋮ │\n" in out and "Linje 6." not in out
    assert "hele  fejl" in out


# --- the installed console script ---------------------------------------------------------


def console_script() -> str:
    found = Path(sys.executable).with_name("brandguard")
    if found.exists():
        return str(found)
    which = shutil.which("brandguard")
    if which is None:
        pytest.skip("the brandguard console script is not installed")
    return which


def test_console_script_exit_codes_and_one_line_errors(policy: Path, post) -> None:
    exe = console_script()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("BRANDGUARD_DEBUG", None)
    base = [exe, "check", "-p", str(policy), "--channel", "other", "--select", RULE]
    ok = subprocess.run([*base, post(SHORT, "a.txt")], capture_output=True, text=True, env=env)
    assert (ok.returncode, ok.stderr) == (0, "")
    bad = subprocess.run([*base, post(LONG, "b.txt"), "--format", "json"], capture_output=True,
                         text=True, env=env)
    assert bad.returncode == 1
    assert bg.Report.model_validate_json(bad.stdout).verdict == "block"
    for args in (["nope.txt"], [post(b"\xff\xfe\x00\x00binary", "c.bin")], [post("", "e.txt")]):
        res = subprocess.run([*base, *args], capture_output=True, text=True, env=env)
        assert res.returncode == 2 and res.stdout == ""
        one_error_line(res.stderr)
    piped = subprocess.run([*base, "-"], input=LONG, capture_output=True, text=True, env=env)
    assert piped.returncode == 1 and "<stdin>" in piped.stdout


def test_listing_commands_do_not_load_spacy() -> None:
    code = ("import contextlib, io, sys\n"
            "from brandguard.cli import main\n"
            "for argv in (['rules'], ['schema', 'policy'], ['explain', 'format.max-length'],"
            " ['init', '-'], ['--help']):\n"
            "    with contextlib.redirect_stdout(io.StringIO()):\n"
            "        assert main(argv) == 0, argv\n"
            "print(sorted(m for m in ('spacy', 'numpy', 'thinc') if m in sys.modules))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_the_process_skips_its_last_garbage_collection_at_exit() -> None:
    """At exit Python collects every object still alive (spaCy, the Danish tables: up to
    0.3 s of a one-post check); the CLI freezes them first, only at exit."""
    code = ("import atexit, contextlib, gc, io\n"
            "atexit.register(lambda: print('frozen at exit', gc.get_freeze_count() > 0))\n"
            "from brandguard.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert main(['rules']) == 0\n"
            "print('frozen after main', gc.get_freeze_count() > 0)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split("\n")[:2] == ["frozen after main False", "frozen at exit True"]
