"""The Danish precision and error corpora (issue #3).

Every well-written post in ``data/da_good_posts.yaml`` must pass with no
``language`` warning or error under a Checker with all packs; every post in
``data/da_error_posts.yaml`` must give its rule's finding at the marked span with
the expected suggestion.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from tests.conftest import BASE_POLICY, TEST_DATA

import brandguard as bg
from brandguard.rule import Example

_DATA = TEST_DATA
_GOOD = yaml.safe_load((_DATA / "da_good_posts.yaml").read_text(encoding="utf-8"))["posts"]
_BAD = yaml.safe_load((_DATA / "da_error_posts.yaml").read_text(encoding="utf-8"))["posts"]
_checker = bg.Checker(BASE_POLICY)
# Error posts are checked with the language pack alone: with every pack on, one
# problem flagged by two packs (``!!!``) is reported once, by whichever comes first.
_da_checker = bg.Checker({**BASE_POLICY, "packs": ["da"]})


def test_corpus_sizes() -> None:
    assert len(_GOOD) >= 80
    assert len(_BAD) >= 80


@pytest.mark.parametrize("entry", _GOOD, ids=[f"good{i}" for i in range(len(_GOOD))])
def test_good_post_has_no_language_warning(entry: dict[str, Any]) -> None:
    report = _checker.check(bg.Post(text=entry["text"]))
    loud = [(f.rule_id, f.span.text if f.span else None, f.message) for f in report.findings
            if f.category == "language" and f.severity in ("warning", "error")]
    internal = [f.message for f in report.findings if f.rule_id == "internal"]
    assert not internal, internal
    assert not loud, loud


@pytest.mark.parametrize("entry", _BAD, ids=[f"{e['rule']}-{i}" for i, e in enumerate(_BAD)])
def test_error_post_is_caught(entry: dict[str, Any]) -> None:
    ex = Example.parse(entry["text"])
    report = _da_checker.check(bg.Post(text=ex.text))
    own = [f for f in report.findings if f.rule_id == entry["rule"]]
    assert own, f"{entry['rule']} missed {entry['text']!r}: {[f.rule_id for f in report.findings]}"
    if ex.span is None:
        assert any(f.span is None for f in own)
        return
    at = [f for f in own if f.span and (f.span.start, f.span.end) == ex.span]
    assert at, f"expected span {ex.span}, got {[(f.span.start, f.span.end) for f in own if f.span]}"
    if "suggestion" in entry:
        assert entry["suggestion"] in [f.suggestion for f in at], [f.suggestion for f in at]


def test_every_da_rule_has_an_error_post() -> None:
    ours = {e["rule"] for e in _BAD}
    mine = {rid for rid, rule in _checker.registry.rules.items()
            if rule.pack == "da" and rid.startswith("da.") and rid in _PART_B}
    assert mine <= ours, sorted(mine - ours)


#: This suite covers part B of the Danish pack (rules 4–13 of issue #3).
_PART_B = {
    "da.verb-form", "da.word-repetition", "da.genitive", "da.number-apostrophe", "da.confusion",
    "da.space-before-punctuation", "da.missing-space", "da.double-space",
    "da.repeated-punctuation", "da.unpaired", "da.suspended-hyphen", "da.lowercase-names", "da.sentence-start",
    "da.common-noun-capital", "da.title-case", "da.decimal-comma", "da.thousands-separator",
    "da.percent-space", "da.currency", "da.time", "da.date", "da.number-hyphen", "da.number-words",
    "da.abbreviation", "da.lix", "da.long-sentence", "da.nominal-style", "da.passive",
    "da.anglicism", "da.terminology", "da.company-name",
}


def test_every_part_b_rule_exists() -> None:
    missing = _PART_B - set(_checker.registry.rules)
    assert not missing, sorted(missing)
