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


_SPACES = [" ", "  ", " \n", "\n", "\n ", "\t", "\xa0", "  \n  "]
spaced = st.lists(st.one_of(st.sampled_from(_PIECES[:-1]), st.sampled_from(_SPACES)),
                  min_size=1, max_size=80).map("".join)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(text=st.one_of(spaced, st.text(alphabet=st.sampled_from("ab .,\n\t(😀"), max_size=200)))
def test_tokens_made_a_segment_at_a_time_are_spacys_tokens_of_the_whole(text: str) -> None:
    """Long posts are tokenised in segments cut where a word follows whitespace (bounded
    memory): with segments of 5 characters, the tokens are still those spaCy's own
    tokenizer gives the whole text, offsets and flags included."""
    from brandguard import analysis as an

    text = text.replace("\x00", "").replace("\x1b", "")
    a = an.Analysis(text)
    whole = an.get_nlp().make_doc(a.text)
    expected = [(t.text, t.idx, t.idx + len(t.text), t.is_space, t.is_punct) for t in whole]
    saved = an.SEGMENT_CHARS
    an.SEGMENT_CHARS = 5
    try:
        got = [(t.text, t.start, t.end, t.space, t.punct) for t in a.tokens]
        doc = an.Analysis(text).doc
    finally:
        an.SEGMENT_CHARS = saved
    assert got == expected
    assert [(t.text, t.idx, t.whitespace_) for t in doc] == \
        [(t.text, t.idx, t.whitespace_) for t in whole]
