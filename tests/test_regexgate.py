"""regexgate: a pattern is skipped only on texts it cannot match."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import brandguard as bg
from brandguard.regexgate import MAX_GATES, GatedPattern, StartScan, fold, required_substrings

LEIPZIG = Path(__file__).resolve().parents[2] / "shared" / "data" / "leipzig-da" / \
    "dan_mixed_2014_10K-sentences.csv"


def test_every_character_ignorecase_equates_folds_alike() -> None:
    # A gate is sound only if characters that IGNORECASE takes as equal fold alike.
    from re import _casefix  # type: ignore[attr-defined]  # private stdlib module: no stubs

    checked = 0
    for i in range(0x110000):
        if 0xD800 <= i < 0xE000:
            continue
        c = chr(i)
        others = {c.lower(), c.upper(), c.title(), c.swapcase()}
        others.update(chr(x) for x in _casefix._EXTRA_CASES.get(i, ()))
        for d in others:
            if len(d) == 1 and d != c and re.fullmatch(re.escape(c), d, re.IGNORECASE):
                checked += 1
                assert fold(c) == fold(d), (hex(i), c, d)
    assert checked > 2000


@pytest.mark.parametrize(("pattern", "flags", "gates"), [
    (r"\b(?:rabat\w*|halv\s+pris)\b", re.I, {"rabat", "halv"}),
    (r"\b(?:rabat\w*|halv\s+prisen)\b", re.I, {"rabat", "prisen"}),
    (r"\b(?:[Ss]tem(?:mer|me)?|[Ss]temte)\s+på", 0, {"stem"}),
    # VERBOSE: the spaces are not literals
    (r"(?x) hold \s+ det \s+ hemmeligt", re.I, {"hemmeligt"}),
    # a common word is no gate; the rarer one is
    (r"\bikke\s+endnu\b", re.I, {"endnu"}),
    # `tilmeld` is in every text `tilmelding` is in
    (r"\b(?:tilmelding\w*|tilmeld\s+dig)", re.I, {"tilmeld"}),
    # a lookahead's text must be in the text too
    (r"\d+(?=\s*kroner)", 0, {"kroner"}),
])
def test_gates_read_from_the_parse_tree(pattern: str, flags: int, gates: set[str]) -> None:
    assert required_substrings(pattern, flags) == gates


def test_literals_join_across_zero_width_assertions() -> None:
    assert required_substrings(r"e(?<![\w.]e)kskl\b") == {"ekskl"}
    assert required_substrings(r"kr(?!\w)\.") == {"kr."}


def test_exact_gates_are_the_literals_as_written() -> None:
    # For a pattern run without IGNORECASE on the very text tested (intent's lower text).
    assert required_substrings(r"\b(?:[Ss]tem|Rabat)", exact=True) == {"tem", "Rabat"}
    assert required_substrings(r"\bstem", re.IGNORECASE, exact=True) is None
    assert required_substrings(r"(?i)\bstem", exact=True) is None
    assert required_substrings(r"\b(?i:stem)\s+nu", exact=True) is None  # `nu`: too common


_EXACT_ATOMS = st.sampled_from(["ab", "s", "S", "æ", "i", r"\d", "[Ss]", "[s]", " ", r"\b",
                                "(?:ab|S)", "(?=s)", "a*"])
_EXACT_PIECES = st.sampled_from(["ab", "a", "b", "s", "S", "ſ", "æ", "i", " ", "1"])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(atoms=st.lists(_EXACT_ATOMS, min_size=1, max_size=5),
       text=st.lists(_EXACT_PIECES, max_size=12))
def test_an_exact_gate_never_hides_a_match(atoms: list[str], text: list[str]) -> None:
    pattern, t = "".join(atoms), "".join(text)
    gates = required_substrings(pattern, exact=True)
    if re.search(pattern, t) is not None and gates is not None:
        assert any(g in t for g in gates), (pattern, t, gates)


_START_ATOMS = st.sampled_from([r"\b", r"\d", "ab", "a", "b", " ", r"\s", "[ab]", "[a-c]", r"\w",
                                "(?:ab|1)", "(?:a|)", "b*", "a+", "(?<=a)", "(?<!b)", "(?=b)",
                                "(?P<g>a)", "x?", "(?i:a)", ".", "[^a]", r"\n", "k", "s", "[i-k]",
                                "ſ", "µ"])
_START_PIECES = st.sampled_from(["a", "b", "A", "1", " ", "\n", "ab", "c", "x", "é", "k", "K",
                                 "\u212a", "s", "S", "ſ", "i", "I", "İ", "ı", "µ", "μ", "Μ"])


@settings(max_examples=400, derandomize=True, deadline=None)
@given(alts=st.lists(st.lists(_START_ATOMS, min_size=1, max_size=4), min_size=1, max_size=3),
       text=st.lists(_START_PIECES, max_size=14), flags=st.sampled_from([0, re.IGNORECASE]),
       window=st.tuples(st.integers(0, 6), st.integers(0, 30)))
def test_a_start_scan_finds_what_finditer_finds(alts: list[list[str]], text: list[str],
                                               flags: int, window: tuple[int, int]) -> None:
    try:
        rx = re.compile("|".join("".join(a) for a in alts), flags)
    except re.error:  # (a group name twice)
        return
    t = "".join(text)
    scan = StartScan(rx)
    assert scan.spans(t) == [m.span() for m in rx.finditer(t)]
    pos, endpos = window
    got = [(m.span(), m.groups()) for m in scan.finditer(t, pos, endpos)]
    assert got == [(m.span(), m.groups()) for m in rx.finditer(t, pos, endpos)]


def test_a_start_scan_skips_to_where_a_match_can_start() -> None:
    # Led by neither a literal nor one class: scanned from its possible first characters.
    scan = StartScan(re.compile(r"\bfra\s+\d|\d+\s*kr"))
    assert scan.scan is not None and scan.scan.pattern.startswith("[f\\d]")
    assert scan.spans("fra 1, 20 kr og 3kr") == [(0, 5), (7, 12), (16, 19)]
    # re skips ahead by itself (a literal, one class, a branch of literals): no scan.
    for pattern in (r"kr\d", r"\dkr", r"(?:ab|cd)e"):
        assert StartScan(re.compile(pattern)).scan is None
    # Any first character, an empty match, a back-reference, cased letters under
    # IGNORECASE (re would not skip ahead to them): no scan either.
    for pattern, flags in ((r"\b.a", 0), (r"\ba?", 0), (r"\b(a)\1", 0), (r"\b[^a]b", 0)):
        assert StartScan(re.compile(pattern, flags)).scan is None, pattern
    # Under IGNORECASE the first letters are spelled out in every case re equates.
    scan = StartScan(re.compile(r"\bkr|\dx", re.IGNORECASE))
    assert scan.scan is not None
    assert scan.spans("KR \u212ar 1X kr") == [(0, 2), (3, 5), (6, 8), (9, 11)]


def test_a_start_scan_searches_on_from_each_match_end() -> None:
    # Not from the next character: in `1111…1 kr` every place inside the match matches
    # too, and trying each would be quadratic. One search per match, and one more.
    scan = StartScan(re.compile(r"\d[\d.]*\s*kr|\bfra\s+\d"))
    assert scan.scan is not None
    calls: list[int] = []

    class Counting:
        def __init__(self, rx: re.Pattern[str]) -> None:
            self.rx = rx

        def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
            calls.append(pos)
            return self.rx.search(text, pos, endpos)

    scan.scan = Counting(scan.scan)  # type: ignore[assignment]  # a counting stand-in
    text = "1" * 5000 + " kr og fra 2 og 33 kr"
    assert scan.spans(text) == [m.span() for m in scan.rx.finditer(text)]
    assert calls == [0, *(m.end() for m in scan.rx.finditer(text))]


def test_no_character_outside_the_bmp_lower_cases_into_it() -> None:
    # What StartScan's table of IGNORECASE cases relies on (it spells out the BMP only).
    from _sre import unicode_tolower

    assert all(unicode_tolower(cp) > 0xFFFF or unicode_tolower(cp) == cp
               for cp in range(0x10000, 0x110000))


@pytest.mark.parametrize("pattern", [
    r"\d\d[ .-]?\d\d",             # classes only
    r"(?:rabat)?\s*\d",            # an optional literal is not required
    r"\bikke\b",                   # a common word alone
    r"(?:abc|\d+)",                # one alternative without a literal
    r"(?!rabat)\w+",               # a negative lookahead requires nothing
    r"[^\W\d_]",                   # a class
    r"^[\W_]*(?:reklame|annonce)",  # anchored: tried once, cheaper than a gate
])
def test_no_gate_where_a_match_needs_no_literal(pattern: str) -> None:
    assert required_substrings(pattern) is None


def test_too_many_gates_are_no_gate() -> None:
    # first letters that differ: the parser would share a common prefix (`ord0`)
    words = [chr(97 + i % 26) + chr(97 + i // 26) + "ordet" for i in range(MAX_GATES + 1)]
    assert required_substrings("|".join(words)) is None
    assert required_substrings("|".join(words[:MAX_GATES])) is not None


@pytest.mark.parametrize(("text", "expected"), [
    ("Vi giver RABAT i dag", "RABAT"),
    ("Vi giver raſbat", None),
    ("Vi giver rabat", "rabat"),
    ("Vi giver raBat", "raBat"),
    ("rabaT: ſpar", "rabaT"),
])
def test_gated_pattern_finds_what_the_pattern_finds(text: str, expected: str | None) -> None:
    p = GatedPattern(r"\brabat\b", re.IGNORECASE)
    m = p.search(text)
    assert (m.group() if m else None) == expected
    assert [x.span() for x in p.finditer(text)] == [x.span() for x in p.rx.finditer(text)]


def test_evasive_letters_that_ignorecase_matches_are_not_skipped() -> None:
    # ſ (long s), ı (dotless i), İ and K (the Kelvin sign) match s, i, i, k under IGNORECASE.
    for text in ("ſige", "sıge", "SİGE", "Kan ikke ſige"):
        p = GatedPattern(r"\bsige\b", re.IGNORECASE)
        assert (p.search(text) is None) == (p.rx.search(text) is None), text
    assert GatedPattern(r"\bkr\b", re.IGNORECASE).search("5 \u212aR") is not None


def test_search_window_and_prose_blanking() -> None:
    p = GatedPattern(r"\bjeg arbejder hos\b", re.IGNORECASE)
    text = "Hej! Jeg arbejder hos Nordlys."
    assert p.search(text, fold(text), 0, 8) is None
    assert p.search(text, fold(text), 0, len(text)) is not None
    # gates hold no white space: the text's gates are valid for its prose (links blanked)
    assert all(not any(ch.isspace() for ch in g) for g in p.gates or ())


_PIECES = st.sampled_from(["ab", "a", "b", "Æ", "æ", "ſ", "s", "S", "İ", "i", "ı", " ", "-", "1"])
_ATOMS = st.sampled_from(["ab", "s", "S", "æ", "i", r"\d", r"\w", "[Ss]", "[ab]", " ", r"\s+",
                          r"\b", "(?:ab|s)", "(?:i|æ)?", "a*", "(?=s)", "(?!b)", "b{1,2}", "."])


@settings(max_examples=400, derandomize=True, deadline=None)
@given(atoms=st.lists(_ATOMS, min_size=1, max_size=5), alt=st.lists(_ATOMS, max_size=3),
       text=st.lists(_PIECES, max_size=12), ignorecase=st.booleans())
def test_a_gate_never_hides_a_match(atoms: list[str], alt: list[str], text: list[str],
                                    ignorecase: bool) -> None:
    pattern = "".join(atoms) + ("|" + "".join(alt) if alt else "")
    flags = re.IGNORECASE if ignorecase else 0
    try:
        rx = re.compile(pattern, flags)
    except re.error:
        return
    gated = GatedPattern(rx)
    t = "".join(text)
    assert (gated.search(t) is None) == (rx.search(t) is None), (pattern, t, gated.gates)


def _gated_patterns(checker: bg.Checker) -> list[GatedPattern]:
    from brandguard import intent, postkind

    found: dict[int, GatedPattern] = {}

    def walk(obj: object, depth: int = 0) -> None:
        if isinstance(obj, GatedPattern):
            found[id(obj)] = obj
        elif depth < 3 and hasattr(obj, "__dict__"):
            for v in vars(obj).values():
                walk(v, depth + 1)
        elif depth < 3 and hasattr(obj, "__dataclass_fields__"):
            for name in obj.__dataclass_fields__:  # type: ignore[attr-defined]  # checked above
                walk(getattr(obj, name), depth + 1)

    for rule in checker.rules:
        walk(rule)
        module = __import__(type(rule).__module__, fromlist=["_"])
        for v in vars(module).values():
            walk(v, 2)
    for module in (intent, postkind):
        for v in vars(module).values():
            walk(v, 2)
    walk(intent._data(), 1)
    for part in checker.compiled._parts.values():
        walk(part, 1)
    return list(found.values())


@pytest.mark.skipif(not LEIPZIG.exists(), reason="the shared Leipzig sentences are not here")
def test_the_packs_gates_hide_no_match_in_real_text() -> None:
    checker = bg.Checker(bg.load_policy(Path(__file__).resolve().parents[1] / "docs" /
                                        "examples" / "nordlys-policy.yaml"))
    for post in ("Jeg stemmer Radikale Venstre. Kan ikke sige mere endnu!",
                 "Reklame for min arbejdsgiver: Nordlys Energi giver 20 % rabat."):
        checker.check(post)  # every compiled part built
    patterns = _gated_patterns(checker)
    assert len(patterns) >= 10
    with LEIPZIG.open(encoding="utf-8") as f:
        texts = [row[2] for row in csv.reader(f) if len(row) > 2][1:]
    matched = 0
    for p in patterns:
        for t in texts:
            if p.rx.search(t) is not None:
                matched += 1
                assert p.possible(fold(t)), (p, t)
                assert p.possible(fold(t.lower())), (p, t)
    assert matched > 100


def test_a_start_scan_is_built_on_first_use_not_when_made() -> None:
    # A Checker makes one per pattern; a one-post `brandguard check` reaches few of them.
    from brandguard import regexgate

    scan = StartScan(re.compile(r"\d+ kr|kun \w+"))
    assert scan._scan is regexgate._UNBUILT
    assert [m.span() for m in scan.finditer("nu kun 5 kr, 7 kr")] == [(3, 8), (13, 17)]
    assert scan._scan is not regexgate._UNBUILT and scan.scan is not None
