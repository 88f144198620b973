"""The one term matcher: every mode on real phrasing, near misses included."""

from __future__ import annotations

from typing import Any

import pytest

from brandguard.analysis import Analysis
from brandguard.matching import TermMatcher


def spans(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    a = Analysis(text)
    return [(a.text[m.start:m.end], m.mode) for m in matcher.find(a)]


def test_lemma_mode_finds_inflections_and_surface_wins() -> None:
    m = TermMatcher(["varmepumpe", "købe"], ("surface", "lemma"))
    assert spans(m, "Vi købte to varmepumper i går.") == [("købte", "lemma"), ("varmepumper", "lemma")]
    assert spans(m, "En varmepumpe er god.") == [("varmepumpe", "surface")]


def test_strict_mode_keeps_an_inflected_term_word_as_written() -> None:
    m = TermMatcher(["bedste pris", "skynd dig"], ("surface", "strict"))
    assert spans(m, "Få den bedste pris i dag.") == [("bedste pris", "surface")]
    # The lemma table maps bedste → god: "god pris" is not "bedste pris".
    assert spans(m, "Det er en god pris for et godt produkt.") == []
    # A base-form term word still matches its inflections.
    assert spans(TermMatcher(["gode priser"], ("strict",)), "Vi har gode pris.") == []
    assert spans(m, "Skynd dig, tilbuddet slutter!") == [("Skynd dig", "surface")]


def test_plain_lemma_mode_is_not_strict() -> None:
    assert spans(TermMatcher(["bedste pris"], ("lemma",)), "Det er en god pris.") == [
        ("god pris", "lemma")]


def test_evasion_mode_finds_disguised_spellings_and_plain_ones_win() -> None:
    m = TermMatcher(["køb nu"], ("surface", "evasion"))
    assert spans(m, "Køb nu, før det er for sent.") == [("Køb nu", "surface")]
    found = spans(m, "K ø b  n u, før det er for sent.")
    assert found and found[0][1] == "evasion"
    assert spans(m, "Vi købte nyt udstyr i går.") == []


def test_a_long_word_is_looked_up_as_compound_parts_no_longer_than_a_term() -> None:
    """Each suffix of a word was sliced and looked up: 4.6 s for one of 128,000 letters.
    Only the parts a term could be are; the compounds found stay the same."""
    m = TermMatcher(["varmepumpe"], ("surface", "compound"))

    class Recording(dict):  # type: ignore[type-arg]
        def get(self, key: Any, default: Any = None) -> Any:
            asked.append(len(key))
            return super().get(key, default)

    asked: list[int] = []
    m._suffix = Recording(m._suffix)
    m._prefix = Recording(m._prefix)
    assert m._compound_term("baklimanven" * 1000) is None
    assert len(asked) < 100 and sorted(asked)[-2] <= m._max_len
    assert [mode for _t, mode in spans(m, "Vi har solvarmepumpen og varmepumpeanlæg.")] == \
        ["compound", "compound"]


def test_compound_terms_can_differ_from_the_word_list() -> None:
    m = TermMatcher(["tilbud"], ("surface", "compound"), compound_terms=["rabat"])
    assert [mode for _t, mode in spans(m, "Et tilbud med julerabat.")] == ["surface", "compound"]
    # A compound-only term is not matched as a plain word of the list... unless as a compound.
    assert spans(TermMatcher(["tilbud"], ("surface",), compound_terms=["rabat"]),
                 "Der er rabat.") == []


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown match mode 'fuzzy'"):
        TermMatcher(["x"], ("fuzzy",))


@pytest.mark.parametrize("text", ["", "   ", "🙂" * 50, "a" * 5000])
def test_posts_without_any_term_are_skipped_cheaply_and_safely(text: str) -> None:
    m = TermMatcher(["varmepumpe"], ("surface", "lemma", "compound", "evasion"))
    assert m.find(Analysis(text or " ")) == []
