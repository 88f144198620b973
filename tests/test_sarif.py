"""SARIF 2.1.0 output: valid against the schema, with correct rules, levels and regions.

``tests/data/sarif-2.1.0-rtm.5.json`` is the SARIF 2.1.0 JSON Schema as published
by SchemaStore (``sarif-2.1.0-rtm.5``, the schema GitHub code scanning validates
uploads against), copied unchanged from the ``@microsoft/jest-sarif`` package.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import brandguard as bg
from brandguard.cli import main
from brandguard.formatters.sarif import artifact_uri, format_sarif, region, sarif_log

from . import integration_plugin as itest
from .conftest import BASE_POLICY

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json")
                    .read_text(encoding="utf-8"))
POLICY_FILE = Path(__file__).parents[1] / "docs" / "examples" / "nordlys-policy.yaml"


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return itest.checker(BASE_POLICY)


def test_schema_file_is_the_sarif_schema() -> None:
    assert SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert "result" in SCHEMA["definitions"] and "region" in SCHEMA["definitions"]
    jsonschema.Draft4Validator.check_schema(SCHEMA)


def test_sarif_is_valid_and_carries_rules_and_regions(checker: bg.Checker) -> None:
    text = "Hej 👋 fra Nordlys energi!\nVi er verdens bedste.\nKUN I DAG."
    post = bg.Post(text=text, id="p1")
    report = checker.check(post)
    log = json.loads(format_sarif([("posts/p1.txt", post, report)], rules=checker.registry.rules))
    validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"itest.house-name", "itest.hype", "itest.shouting"}
    assert rules["itest.hype"]["shortDescription"]["text"] == "No unprovable superlatives."
    assert rules["itest.hype"]["fullDescription"]["text"].startswith("A claim nobody")
    assert rules["itest.hype"]["defaultConfiguration"]["level"] == "error"
    assert rules["itest.shouting"]["defaultConfiguration"]["level"] == "note"
    by_rule = {r["ruleId"]: r for r in run["results"]}
    name = by_rule["itest.house-name"]
    assert run["tool"]["driver"]["rules"][name["ruleIndex"]]["id"] == "itest.house-name"
    loc = name["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "posts/p1.txt"
    # "Hej 👋 fra " is 10 code points but 11 UTF-16 units: the column counts units.
    assert loc["region"] == {"startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 26,
                             "snippet": {"text": "Nordlys energi"}}
    hype = by_rule["itest.hype"]["locations"][0]["physicalLocation"]["region"]
    assert (hype["startLine"], hype["startColumn"], hype["endColumn"]) == (2, 7, 21)
    assert by_rule["itest.hype"]["level"] == "error"
    assert by_rule["itest.shouting"]["level"] == "note"
    # A whole-post finding points at the post's first line.
    assert by_rule["itest.shouting"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1}
    # Only a safe suggestion becomes a SARIF fix; other suggestions are for a person.
    assert name["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "Nordlys Energi"}
    assert "fixes" not in by_rule["itest.hype"]
    assert name["partialFingerprints"]["brandguardFinding/v1"]


def test_region_counts_utf16_and_spans_lines() -> None:
    text = "a😀b\ncd"
    # "b" (index 2) follows one code unit and a surrogate pair: column 4.
    assert region(text, 2, 3) == {"startLine": 1, "startColumn": 4, "endLine": 1, "endColumn": 5}
    assert region(text, 2, 5) == {"startLine": 1, "startColumn": 4, "endLine": 2, "endColumn": 2}
    assert region(text, 4, 6, first_line=3) == {"startLine": 5, "startColumn": 1,
                                                "endLine": 5, "endColumn": 3}


def test_artifact_uris() -> None:
    assert artifact_uri("posts/en fil.md") == "posts/en%20fil.md"
    assert artifact_uri("/srv/posts/a.md") == "file:///srv/posts/a.md"
    assert artifact_uri("<stdin>") is None


def test_stdin_post_has_no_location_but_is_valid(checker: bg.Checker) -> None:
    post = bg.Post(text="Nordlys energi.")
    log = sarif_log([("<stdin>", post, checker.check(post))], rules=checker.registry.rules)
    validate(log)
    assert "locations" not in log["runs"][0]["results"][0]


def test_markdown_regions_are_file_lines(tmp_path: Path, checker: bg.Checker,
                                         monkeypatch: pytest.MonkeyPatch) -> None:

    md = tmp_path / "post.md"
    md.write_text("---\nid: m1\nchannel: linkedin\n---\nFørste linje.\nHos Nordlys energi.\n",
                  encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    post, _offset = bg.read_markdown_post("post.md")
    report = checker.check(post)
    log = sarif_log([("post.md", post, report)], rules=checker.registry.rules)
    validate(log)
    reg = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (reg["startLine"], reg["startColumn"]) == (6, 5)
    line = md.read_text(encoding="utf-8").splitlines()[reg["startLine"] - 1]
    assert line[reg["startColumn"] - 1:reg["endColumn"] - 1] == "Nordlys energi"


def test_cli_format_sarif_on_real_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    post = tmp_path / "indlæg.md"
    post.write_text("---\nchannel: linkedin\nauthor: e17\n---\nVi har  fået nye kolleger.\n",
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "indlæg.md", "--policy", str(POLICY_FILE), "--format", "sarif",
                 "--select", "da.double-space", "--fail-on", "never"])
    assert code == 0
    log = json.loads(capsys.readouterr().out)
    validate(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "da.double-space"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "indl%C3%A6g.md"
    assert (loc["region"]["startLine"], loc["region"]["startColumn"]) == (5, 7)
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == "da.double-space" and rule["shortDescription"]["text"]


def test_internal_findings_get_a_descriptor(checker: bg.Checker) -> None:
    post = bg.Post(text="Hej.")
    broken = bg.Finding(rule_id="internal", category="internal", severity="error",
                        message="Reglen x fejlede.", source="x.y")
    report = bg.Report(verdict="block", score=0, scores={}, findings=[broken])
    log = sarif_log([("p.txt", post, report)], rules=checker.registry.rules)
    validate(log)
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "internal" and rule["defaultConfiguration"]["level"] == "error"
    assert log["runs"][0]["results"][0]["level"] == "error"
