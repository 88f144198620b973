"""Baselines: accepted findings stay accepted when the text around them changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import brandguard as bg
from brandguard.baseline import Baseline, BaselineError, context_window, finding_key
from brandguard.cli import main
from brandguard.models import Finding

from . import integration_plugin as itest
from .conftest import BASE_POLICY

POLICY_FILE = Path(__file__).parents[1] / "docs" / "examples" / "nordlys-policy.yaml"
TEXT = "Vi er verdens bedste til varmepumper. Hos Nordlys energi glæder vi os."


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return itest.checker(BASE_POLICY)


def _accept(checker: bg.Checker, text: str, key: str = "p1") -> Baseline:
    return Baseline.from_reports([(key, text, checker.check(bg.Post(text=text)))])


def test_accepted_findings_are_filtered_and_the_verdict_recomputed(checker: bg.Checker) -> None:
    report = checker.check(bg.Post(text=TEXT))
    assert report.verdict == "block" and len(report.findings) == 2
    filtered = _accept(checker, TEXT).filter(report, key="p1", text=TEXT)
    assert filtered.findings == [] and filtered.verdict == "pass" and filtered.score == 100
    assert filtered.figures["baseline_accepted"] == 2


def test_edits_elsewhere_keep_findings_accepted(checker: bg.Checker) -> None:
    baseline = _accept(checker, TEXT)
    edited = "Godmorgen! Her er nyt fra os.\n\n" + TEXT + " Ring til os i morgen."
    report = checker.check(bg.Post(text=edited))
    assert len(report.findings) == 2  # offsets moved by 31 characters
    assert baseline.filter(report, key="p1", text=edited).findings == []


def test_changed_words_make_a_finding_new(checker: bg.Checker) -> None:
    baseline = _accept(checker, TEXT)
    # The flagged words' neighbours changed: the hype is a new claim now.
    edited = TEXT.replace("bedste til varmepumper", "bedste til solceller")
    new = baseline.filter(checker.check(bg.Post(text=edited)), key="p1", text=edited).findings
    assert [f.rule_id for f in new] == ["itest.hype"]
    # Another post with the same text is not covered by this post's baseline.
    other = baseline.filter(checker.check(bg.Post(text=TEXT)), key="p2", text=TEXT)
    assert len(other.findings) == 2


def test_each_accepted_occurrence_counts_once(checker: bg.Checker) -> None:
    twice = "Nordlys energi og Nordlys energi."
    baseline = _accept(checker, twice)
    thrice = "Nordlys energi og Nordlys energi. Nordlys energi og Nordlys energi."
    new = baseline.filter(checker.check(bg.Post(text=thrice)), key="p1", text=thrice).findings
    assert len(new) == 2  # the first two occurrences' contexts match; the rest are new


def test_whole_post_and_internal_findings() -> None:
    whole = Finding(rule_id="itest.shouting", category="tone", severity="info", message="m")
    assert finding_key(whole, "p", "tekst").text == ""
    internal = Finding(rule_id="internal", category="internal", severity="error", message="x")
    report = bg.Report(verdict="block", score=0, scores={}, findings=[whole, internal])
    baseline = Baseline.from_reports([("p", "tekst", report)])
    assert len(baseline) == 1  # a broken rule is never accepted
    assert [f.rule_id for f in baseline.filter(report, key="p", text="tekst").findings] == [
        "internal"]


def test_context_window_is_normalised() -> None:
    text = "Vi  er VERDENS bedste til   varmepumper her i byen"
    start = text.index("VERDENS")
    assert context_window(text, start, start + 14) == "vi er verdens bedste til varmepumper her"


def test_file_round_trip_and_errors(tmp_path: Path, checker: bg.Checker) -> None:
    path = tmp_path / "b.json"
    baseline = _accept(checker, TEXT)
    baseline.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 2
    assert {e["text"] for e in data["findings"]} == {"verdens bedste", "nordlys energi"}
    assert Baseline.load(path).counts == baseline.counts
    with pytest.raises(BaselineError, match="not a brandguard baseline"):
        Baseline.loads('{"findings": []}')
    with pytest.raises(BaselineError, match="not JSON"):
        Baseline.loads("{")


def test_cli_create_then_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\nid: a\n---\nVi har  fået nye kolleger i Aarhus.\n",
                                encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    common = ["-p", str(POLICY_FILE)]
    assert main(["baseline", "create", "posts", *common, "-o", "b.json"]) == 0
    assert "accepteret i b.json" in capsys.readouterr().out
    assert main(["baseline", "check", "posts", *common, "-b", "b.json"]) == 0
    assert "0 nye bemærkninger" in capsys.readouterr().out

    # New text before the accepted finding: still accepted. A new problem: reported.
    (posts / "a.md").write_text("---\nid: a\n---\nGodmorgen.\nVi har  fået nye kolleger i "
                                "Aarhus.\nDet  er dejligt.\n", encoding="utf-8")
    assert main(["baseline", "check", "posts", *common, "-b", "b.json"]) == 1
    out = capsys.readouterr().out
    assert "posts/a.md:6:4:" in out and "da.double-space" in out
    assert "1 ny bemærkning, " in out and "findes ikke længere" not in out

    # check --baseline leaves the accepted finding out of the report.
    assert main(["check", "posts/a.md", *common, "--baseline", "b.json", "--format", "json",
                 "--select", "da.double-space", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["span"]["text"] for f in report["findings"]] == ["  "]
    assert report["figures"]["baseline_accepted"] == 1

    # The accepted finding fixed: the baseline says it has an entry to drop.
    (posts / "a.md").write_text("---\nid: a\n---\nVi har fået nye kolleger i Aarhus.\n",
                                encoding="utf-8")
    assert main(["baseline", "check", "posts", *common, "-b", "b.json"]) == 0
    assert "1 accepteret bemærkning findes ikke længere" in capsys.readouterr().out


def test_cli_bad_baseline_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = tmp_path / "p.txt"
    post.write_text("Hej med dig.", encoding="utf-8")
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    assert main(["check", str(post), "-p", str(POLICY_FILE),
                 "--baseline", str(tmp_path / "b.json")]) == 2
    assert "not a brandguard baseline" in capsys.readouterr().err
    assert main(["baseline", "check", str(post), "-p", str(POLICY_FILE),
                 "-b", str(tmp_path / "none.json")]) == 2
    assert "no such file" in capsys.readouterr().err
