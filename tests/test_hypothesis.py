"""Property-based test (issue 13): for hostile generated posts, ``check`` returns or
raises only documented errors; spans lie within the text, in order, on grapheme
boundaries; the same post gives the same report. Fixed seed, bounded examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brandguard as bg
from brandguard.graphemes import widen

POLICY = Path(__file__).resolve().parents[1] / "docs" / "examples" / "nordlys-policy.yaml"
_PIECES = ["hundrede", "enogtyve", "tusinde", "www.", "nordlys.dk", "a.", "@", "#", "😀", "👍🏽",
           "🇩🇰", "e\u0301", "\u200d", "\ufe0f", "!?", "(", "»", "«", "\n", " ", "\x00", "\x1b[31m",
           "\t", "kr 1", "kl 14:30", "varmepumpe", "solceller", "Vi", "er", "jens@nordlys.dk",
           "https://x.dk/a", "1.000", "25%", "Projekt Polaris", "\ud800"]

texts = st.one_of(
    st.text(min_size=1, max_size=300),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60).map("".join),
    st.tuples(st.sampled_from(_PIECES), st.integers(1, 400)).map(lambda t: t[0] * t[1]),
)


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(POLICY)


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_check_is_total_and_spans_are_sound(checker: bg.Checker, text: str) -> None:
    try:
        report = checker.check(text)
    except (bg.EmptyPostError, bg.PostTooLongError, bg.InvalidPostError):
        assert not text.strip() or max(text) >= "\ud800" or any(
            "\ud800" <= c <= "\udfff" for c in text)
        return
    assert not any("\ud800" <= c <= "\udfff" for c in text)
    assert not [f for f in report.findings if f.rule_id == "internal"], report.findings
    last = (-1, -1)
    for f in report.findings:
        if f.span is None:
            continue
        s, e = f.span.start, f.span.end
        assert 0 <= s <= e <= len(text)
        assert text[s:e] == f.span.text
        assert widen(text, s, e) == (s, e)  # no grapheme cut in two
        assert (s, e) >= (last[0], -1)  # sorted by position
        last = (s, e)
    assert checker.check(text).model_dump_json() == report.model_dump_json()
