"""The intent corpus of issue 12 (tests/data/intent/posts.yaml, docs/intent-corpus.md):
posts written blind to the rules, in pairs of a problem post and a clean near miss.

- The corpus is well formed (sizes, pairs, spans, rule ids).
- Today's figures are floors: no kind may find fewer problems, or flag more clean
  posts, than it does now. Raise the numbers below when a change improves them.
- The issue's bar (≥ 90 % of the problems found, ≤ 2 % of the clean posts flagged) is
  asserted; both parts are met on this development set.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

import brandguard as bg

_SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "intent.py"
_spec = importlib.util.spec_from_file_location("intent_bench", _SCRIPT)
assert _spec and _spec.loader
intent = importlib.util.module_from_spec(_spec)
sys.modules["intent_bench"] = intent
_spec.loader.exec_module(intent)

#: Expected findings found per kind today (of 50 advert, 20 weak-disclosure, 31 claim,
#: 28 pressure, 30 attack, 27 confidential, 48 personal-data, 20 politics): every one.
FOUND_FLOOR = {"advert": 50, "weak-disclosure": 20, "claim": 31, "pressure": 28,
               "attack": 30, "confidential": 27, "personal-data": 48, "politics": 20,
               "all": 254}
#: Clean posts (near misses and stand-alone clean posts) with any warning or error today.
# narrative.key-message is info by default since it flagged a third of the clean posts.
# The capitalisation rules on the names facet no longer flag `Energistyrelsens`, `Mariehønen`.
FLAGGED_CEILING = {"advert": 0, "weak-disclosure": 0, "claim": 0, "pressure": 0,
                   "attack": 0, "confidential": 1, "personal-data": 0, "politics": 0,
                   "clean": 0, "all": 1}
#: The same, leaving out narrative.key-message (a policy choice: min_themes).
FLAGGED_OTHER_CEILING = {"advert": 0, "weak-disclosure": 0, "claim": 0, "pressure": 0,
                         "attack": 0, "confidential": 1, "personal-data": 0, "politics": 0,
                         "clean": 0, "all": 1}


@pytest.fixture(scope="module")
def entries() -> list:  # type: ignore[type-arg]
    return intent.load()


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(bg.load_policy(intent.POLICY))


@pytest.fixture(scope="module")
def outcomes(entries, checker):  # type: ignore[no-untyped-def]
    return intent.run(entries, checker)


@pytest.fixture(scope="module")
def tallies(outcomes):  # type: ignore[no-untyped-def]
    return intent.tally(outcomes)


def test_corpus_is_large_and_paired(entries) -> None:  # type: ignore[no-untyped-def]
    assert len(entries) >= 240
    kinds = Counter(e.kind for e in entries if e.expect)
    for kind in intent.PROBLEM_KINDS:
        assert kinds[kind] >= 20, kind
    # every problem post has its clean twin (load() checks that the twin points back)
    assert all(e.pair for e in entries if e.kind != "clean")
    assert sum(1 for e in entries if e.kind == "clean" and not e.expect) >= 40
    for e in entries:
        for exp in e.expect:
            assert all(piece in e.text for piece in exp.spans), e.id


def test_expected_rule_ids_exist_or_are_proposed(entries, checker) -> None:  # type: ignore[no-untyped-def]
    known = set(checker.registry.rules) | intent.PROPOSED_IDS
    categories = {"narrative", "tone", "language", "spam", "compliance", "format"}
    for e in entries:
        for exp in e.expect:
            for rule in exp.rules:
                assert rule in known or rule in categories, (e.id, rule)


def test_load_refuses_a_span_that_is_not_in_the_text(tmp_path: Path) -> None:
    bad = tmp_path / "posts.yaml"
    bad.write_text("- {id: x, kind: claim, channel: x, text: Vi er billigst.,"
                   " expect: [{rule: tone.claim, severity: warning, span: dyrest}]}\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="not in the text"):
        intent.load(bad)


def test_a_finding_counts_only_with_rule_severity_and_span() -> None:
    text = "Vi er Jyllands billigste. Ring til mig."
    exp = intent.Expectation(("tone.claim",), "warning", ("Jyllands billigste", "Ring"))

    def finding(rule: str, severity: str, start: int | None) -> bg.Finding:
        span = None if start is None else bg.Span(
            start=start, end=start + 4, utf16_start=start, utf16_end=start + 4,
            text=text[start:start + 4])
        return bg.Finding(rule_id=rule, category=rule.split(".")[0], severity=severity,
                          message="-", span=span)

    assert intent._matches(finding("tone.claim", "warning", 6), exp, text)
    assert intent._matches(finding("tone.claim", "error", None), exp, text)
    assert not intent._matches(finding("tone.claim", "info", 6), exp, text)
    assert intent._matches(finding("tone.claim", "warning", 26), exp, text)
    assert not intent._matches(finding("tone.claim", "warning", 31), exp, text)
    assert not intent._matches(finding("tone.hype", "warning", 6), exp, text)


@pytest.mark.parametrize("kind", [*intent.PROBLEM_KINDS, "all"])
def test_problems_found_do_not_regress(tallies, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert tallies[kind].found >= FOUND_FLOOR[kind]


@pytest.mark.parametrize("kind", [*intent.KINDS, "all"])
def test_clean_posts_flagged_do_not_regress(tallies, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert tallies[kind].clean_flagged <= FLAGGED_CEILING[kind]
    assert tallies[kind].clean_flagged_other <= FLAGGED_OTHER_CEILING[kind]


def test_issue_bar_problems_found(tallies) -> None:  # type: ignore[no-untyped-def]
    assert tallies["all"].found_share >= 0.90


def test_issue_bar_clean_posts_flagged(tallies) -> None:  # type: ignore[no-untyped-def]
    assert tallies["all"].flagged_share <= 0.02
