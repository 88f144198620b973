"""Every example of every rule is a test (as in LanguageTool), with only that rule on.

Bad examples must give a finding of the rule at the marked span (or a whole-post
finding when nothing is marked) with the expected suggestion; good examples,
near misses included, must give none.
"""

from __future__ import annotations

from typing import Any

import pytest

import brandguard as bg
from brandguard.packs import Registry

from .conftest import BASE_POLICY, merge

_registry = Registry.build(bg.get_plugin_manager(), bg.load_policy(BASE_POLICY))
_CASES = [
    pytest.param(rule_id, i, id=f"{rule_id}-{'bad' if ex in rule.examples_bad else 'good'}{i}")
    for rule_id, rule in sorted(_registry.rules.items())
    for i, ex in enumerate(rule.examples)
]
_checkers: dict[tuple[str, str], bg.Checker] = {}


def _checker(rule_id: str, policy: dict[str, Any]) -> bg.Checker:
    key = (rule_id, repr(sorted(policy.items())))
    if key not in _checkers:
        _checkers[key] = bg.Checker(merge(BASE_POLICY, policy), select=[rule_id])
    return _checkers[key]


def test_every_rule_has_examples() -> None:
    for rule in _registry.rules.values():
        assert rule.examples_bad, f"{rule.id} has no bad example"
        assert rule.examples_good, f"{rule.id} has no good example"
        assert rule.summary and rule.rationale, f"{rule.id} lacks summary or rationale"
        assert rule.message.get("da") and rule.message.get("en"), f"{rule.id} lacks da/en message"


@pytest.mark.parametrize(("rule_id", "index"), _CASES)
def test_rule_example(rule_id: str, index: int) -> None:
    rule = _registry.rules[rule_id]
    ex = rule.examples[index]
    checker = _checker(rule_id, ex.policy)
    post = bg.Post(text=ex.text, **ex.post)
    history = [bg.Post(**h) for h in ex.history]
    report = checker.check(post, history=history)
    internal = [f for f in report.findings if f.rule_id == "internal"]
    assert not internal, internal[0].message
    own = [f for f in report.findings if f.rule_id == rule_id]
    if ex in rule.examples_bad:
        assert own, f"{rule_id} did not fire on bad example: {ex.marked!r}"
        if ex.span is None:
            hits = [f for f in own if f.span is None]
            assert hits, f"expected a whole-post finding, got {[f.span for f in own]}"
        else:
            hits = [f for f in own if f.span and (f.span.start, f.span.end) == ex.span]
            got = [(f.span.start, f.span.end, f.span.text) if f.span else None for f in own]
            assert hits, f"expected span {ex.span} ({ex.text[ex.span[0]:ex.span[1]]!r}), got {got}"
        if ex.suggestion is not None:
            assert ex.suggestion in [h.suggestion for h in hits], (
                f"expected suggestion {ex.suggestion!r}, got {[h.suggestion for h in hits]}")
        for f in hits:
            assert f.message and "{" not in f.message, f"unfilled message: {f.message!r}"
    else:
        assert not own, f"{rule_id} fired on good example {ex.text!r}: {[f.message for f in own]}"
