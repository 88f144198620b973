"""The evasion skeleton: banned phrases spelled to slip past a word list."""

from __future__ import annotations

import pytest

from brandguard.analysis import Analysis
from brandguard.evasion import EvasionMatcher, Skeleton, fold

PHRASES = ["køb nu", "lort", "pis", "fuck", "klik her", "gratis", "spar 30 %", "Projekt Polaris"]


@pytest.fixture(scope="module")
def matcher() -> EvasionMatcher:
    return EvasionMatcher(PHRASES)


def _found(matcher: EvasionMatcher, text: str) -> list[tuple[str, str, bool]]:
    a = Analysis(text)
    out = []
    for m in matcher.find(a):
        start, end = a.to_original(m.start, m.end)
        out.append((text[start:end], m.term, m.evasive))
    return out


@pytest.mark.parametrize(("text", "span", "term"), [
    ("Så er det bare K Ø B   N U i dag", "K Ø B   N U", "køb nu"),
    ("Husk at k.ø.b nu, inden det er for sent", "k.ø.b nu", "køb nu"),
    ("Hele projektet var noget l0rt", "l0rt", "lort"),
    ("Hele projektet var noget l\u043ert", "l\u043ert", "lort"),        # Cyrillic о
    ("Det var \u03a1\u0399\u03a3-dårligt", None, None),                  # Greek Σ is not s: no match
    ("Sikke noget f.u.c.k", "f.u.c.k", "fuck"),
    ("Det er FÜCK for dårligt", "FÜCK", "fuck"),
    ("Klik\u200bher for at læse mere", "Klik\u200bher", "klik her"),   # zero-width space
    ("Det er G-R-A-T-I-S for alle", "G-R-A-T-I-S", "gratis"),
    ("Hele Proj3kt P0laris er klar", "Proj3kt P0laris", "Projekt Polaris"),
    ("Sikke noget p!s", "p!s", "pis"),
    ("ｌｏｒｔ på fuld bredde", "ｌｏｒｔ", "lort"),                       # full-width letters
])
def test_evasive_spellings_are_found(matcher: EvasionMatcher, text: str, span: str | None,
                                     term: str | None) -> None:
    found = _found(matcher, text)
    if span is None:
        assert found == []
    else:
        assert (span, term, True) in found


@pytest.mark.parametrize("text", [
    "Mit bedste tip is on the way",          # `tip is` is not `pis`
    "Vi fik p i s s e meget ud af dagen",    # spelled-out word longer than the phrase
    "Det er kolort og fint",                 # inside another word
    "Det er pisse godt",                     # `pisse` is another word than `pis`
    "Læs mere på nordlys.dk/lort",           # URLs are not prose
    "Skriv til @fuck_off_dk",                # mentions are not prose
    "Vi sparede 30 % på varmen",             # `spar` as a whole word only
    "Vores A/S har 10.000 kunder i 2026",    # numbers stay numbers
])
def test_near_misses_are_not_found(matcher: EvasionMatcher, text: str) -> None:
    assert _found(matcher, text) == []


def test_gratis_compound_is_not_a_word_match(matcher: EvasionMatcher) -> None:
    # A tight join (no space) may join letters, but the match must end at a word's end.
    assert _found(matcher, "Tilbudet er ikke gratisagtigt") == []


def test_plain_spelling_is_not_evasive(matcher: EvasionMatcher) -> None:
    assert _found(matcher, "Køb nu, og klik her!") == [
        ("Køb nu", "køb nu", False), ("klik her", "klik her", False)]


def test_missing_space_is_evasive(matcher: EvasionMatcher) -> None:
    assert _found(matcher, "Bare købnu") == [("købnu", "køb nu", True)]


def test_spans_map_to_the_original_text(matcher: EvasionMatcher) -> None:
    # Decomposed ø (o + U+0338 is not ø; use å) and zero-width characters shift offsets.
    text = "Ha\u030ab: K\u200b Ø B  N U"
    found = _found(matcher, text)
    assert found == [("K\u200b Ø B  N U", "køb nu", True)]


def test_fold_keeps_length_and_danish_letters() -> None:
    for text in ["Æbler, ØL og Århus", "İstanbul", "l0rt 2026 CO2", "ｆｕｌｌ"]:
        assert len(fold(text)) == len(text)
    assert fold("Æbler, ØL og Århus") == "æbler, øl og århus"
    assert fold("l0rt 2026") == "lort 2026"
    assert fold("café") == "cafe"


# Texts that reach every branch of fold: accents only, many look-alikes (more than a
# replace each), İ, leetspeak next to letters and not, full-width and Cyrillic letters.
_FOLD_CASES = [
    "", "Helt almindelig tekst.", "En god idé: ét tjek om året.", "Café Noël à la crème",
    "İstanbul og İzmir", "l0rt 2026 CO2 p!s 3D 7eam", "ｆｕｌｌ ｗｉｄｔｈ",
    "Sikke noget l\u043ert", "àáâãäçèéêëìíîïñòóôõöùúûüýÿ", "ÀÁÂÃÄÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ",
    "\u0391\u0392\u0395 \u03b1\u03b2 \u0430\u0432\u0435 1é1 é3é", "Ⅻ ½ ² x²y",
]


def _fold_by_table(text: str) -> str:
    """fold as first written: str.translate over the whole text, then leetspeak."""
    from brandguard.evasion import _LEET, _TABLE, _leet_positions
    from brandguard.facets import lower_same_length

    low = lower_same_length(text).translate(_TABLE)
    chars = list(low)
    for i in _leet_positions(low):
        chars[i] = _LEET[low[i]]
    return "".join(chars)


@pytest.mark.parametrize("text", _FOLD_CASES)
def test_fold_equals_its_plain_definition(text: str) -> None:
    from brandguard.evasion import _folding_changes

    assert fold(text) == _fold_by_table(text)
    assert _folding_changes(text) is (fold(text) != text.lower().replace("é", "e"))


def test_spaced_letters_are_found_anywhere() -> None:
    from brandguard.evasion import _spaced

    assert _spaced("K Ø B nu") and _spaced("ja, k. ø b i dag") and _spaced("x y")
    assert not _spaced("Vi har i dag 2 a b3 og A/S") and not _spaced("i dag og i morgen")


def test_skeleton_is_shared_per_post() -> None:
    a = Analysis("Køb nu")
    assert Skeleton.of(a) is Skeleton.of(a)
    assert Skeleton.of(a).squeezed == "købnu"


@pytest.mark.parametrize(("text", "expected"), [
    ("Vi har sat 40 solceller op hos Nordlys Energi A/S, bl.a. i Vejle, f.eks. på skoler.", False),
    ("En god idé: ét tjek om året.", False),
    ("Det er noget l0rt", True),
    ("K Ø B nu", True),
    ("Klik\u200bher", True),
    ("Det er G-R-A-T-I-S", True),
    ("Vi skrev en e-mail om EU-reglerne til Nordlys Energi A/S.", False),
    ("Sikke noget l\u043ert", True),
])
def test_suspicious_gate(text: str, expected: bool) -> None:
    from brandguard.evasion import suspicious

    assert suspicious(Analysis(text)) is expected


def test_find_evasive_skips_plain_posts_but_finds_joined_phrases(matcher: EvasionMatcher) -> None:
    assert matcher.find_evasive(Analysis("Køb nu, og klik her!")) == []
    [hyphened] = matcher.find_evasive(Analysis("Det er l-o-r-t"))
    assert hyphened.term == "lort"
    [m] = matcher.find_evasive(Analysis("Bare købnu i dag"))
    assert (m.term, m.evasive) == ("køb nu", True)
