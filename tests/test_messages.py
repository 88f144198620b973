"""Every rule speaks Danish and English: ``lang="en"`` gives English messages throughout."""

from __future__ import annotations

import re
from typing import Any

import pytest

import brandguard as bg
from brandguard.packs import Registry

from .conftest import BASE_POLICY, merge

_registry = Registry.build(bg.get_plugin_manager(), bg.load_policy(BASE_POLICY))
_UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_checkers: dict[tuple[str, str], bg.Checker] = {}


def _checker(rule_id: str, policy: dict[str, Any]) -> bg.Checker:
    key = (rule_id, repr(sorted(policy.items())))
    if key not in _checkers:
        _checkers[key] = bg.Checker(merge(BASE_POLICY, policy), select=[rule_id])
    return _checkers[key]


@pytest.mark.parametrize("rule_id", sorted(_registry.rules))
def test_rule_has_danish_and_english_messages(rule_id: str) -> None:
    message = _registry.rules[rule_id].message
    assert message.get("da", "").strip(), f"{rule_id} has no Danish message"
    assert message.get("en", "").strip(), f"{rule_id} has no English message"


@pytest.mark.parametrize("rule_id", sorted(_registry.rules))
def test_bad_examples_give_english_findings_under_lang_en(rule_id: str) -> None:
    rule = _registry.rules[rule_id]
    templates_differ = rule.message.get("da") != rule.message.get("en")
    for ex in rule.examples_bad:
        checker = _checker(rule_id, ex.policy)
        post = bg.Post(text=ex.text, **ex.post)
        history = [bg.Post(**h) for h in ex.history]
        da = [f for f in checker.check(post, history=history, lang="da").findings
              if f.rule_id == rule_id]
        en = [f for f in checker.check(post, history=history, lang="en").findings
              if f.rule_id == rule_id]
        assert en, f"{rule_id}: no finding on {ex.marked!r}"
        assert len(da) == len(en), f"{rule_id}: the language changed what was found"
        for f_da, f_en in zip(da, en, strict=True):
            assert f_en.message.strip(), f"{rule_id}: empty English message"
            assert not _UNFILLED.search(f_en.message), f"{rule_id}: unfilled {f_en.message!r}"
            assert not _UNFILLED.search(f_da.message), f"{rule_id}: unfilled {f_da.message!r}"
            if templates_differ:
                assert f_en.message != f_da.message, (
                    f"{rule_id}: the English message is the Danish one: {f_en.message!r}")


def test_checker_lang_en_gives_english_reports() -> None:
    checker = bg.Checker(BASE_POLICY, lang="en")
    report = checker.check(bg.Post(text="Vi har  fået nye kolleger.Det er vi glade for!!"))
    assert report.lang == "en" and report.findings
    danish = bg.Checker(BASE_POLICY).check(
        bg.Post(text="Vi har  fået nye kolleger.Det er vi glade for!!"))
    assert {f.rule_id for f in report.findings} == {f.rule_id for f in danish.findings}
    assert [f.message for f in report.findings] != [f.message for f in danish.findings]


def test_cli_lang_en(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from brandguard.cli import main

    policy = Path(__file__).parents[1] / "docs" / "examples" / "nordlys-policy.yaml"
    post = tmp_path / "p.txt"
    post.write_text("Vi har  fået nye kolleger.", encoding="utf-8")
    main(["check", str(post), "-p", str(policy), "--lang", "en", "--select", "da.double-space",
          "--color", "never"])
    out = capsys.readouterr().out
    assert "Use one space" in out
