"""Worst-case input (issue 13), second round: bounded work and bounded memory.

No test here is timed (the budget lives in ``make bench``, bench/bench_worstcase.py):
they assert the bounds that keep a check linear and its memory flat — the analysis
is freed when the check returns, repeated tokens share one string, the speller
searches a bounded number of words per post and keeps one-off candidates out of the
shared caches — and that adversarial posts are checked to the end without an
internal error.
"""

from __future__ import annotations

import gc
import importlib
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.lang.da.lexicon import Lexicon
from brandguard.lang.da.speller import Speller

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"

_LETTERS = "abcdefghijklmnoprstuvyæøå"


def _random_words(n_words: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    words = ["".join(rng.choice(_LETTERS) for _ in range(rng.randrange(4, 12)))
             for _ in range(n_words)]
    return " ".join(words) + "."


def _sparse_random_words(n_words: int, seed: int = 5) -> str:
    """Random words, each before Danish ones: too sparse for da.spelling's
    DENSE_UNKNOWN, so its per-post limits are what bound the work."""
    return " ".join(f"{w} var en god dag for" for w in _random_words(n_words, seed)[:-1].split()) + "."


@pytest.fixture(scope="module")
def checker() -> bg.Checker:
    return bg.Checker(POLICY)


def test_a_check_leaves_no_cyclic_garbage(checker: bg.Checker) -> None:
    """The analysis, its tokens and facets are freed by reference counting as soon as
    the check returns: a cycle (analysis → context → analysis, a facet that keeps the
    analysis) would keep a 200,000-character post alive until the next full collection."""
    posts = ["Vi har sat solceller op hos familien Hansen i Skive. Tak til holdet! 👍🏽",
             "Læs mere på nordlys.dk og skriv til jens@nordlys.dk #grønenergi @Mette",
             "😀" * 500 + " " + "(" * 300]
    for text in posts:
        checker.check(text)  # first use of whatever data the check loads
    gc.collect()
    gc.disable()
    try:
        for text in posts:
            checker.check(text)
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert unreachable == 0


def test_repeated_tokens_share_one_string() -> None:
    toks = Analysis("😀" * 2000 + " Hej HEJ hej").tokens
    emoji = [t for t in toks if t.text == "😀"]
    assert len(emoji) == 2000
    assert len({id(t.text) for t in emoji}) == 1
    assert all(t.lower is t.text for t in emoji)  # no case: the same object
    assert [t.lower for t in toks[-3:]] == ["hej", "hej", "hej"]
    assert [t.text for t in toks[-3:]] == ["Hej", "HEJ", "hej"]


def test_analysis_close_drops_facets_and_context(checker: bg.Checker) -> None:
    from brandguard.facets import Facet

    calls: list[int] = []

    def compute(a: Analysis) -> int:
        calls.append(1)
        return len(a.tokens)

    facet: Facet[int] = Facet("test.tokens-counted", compute)
    a = Analysis("Hej med dig.")
    assert a[facet] == 4 and a.computed(facet)
    a.close()
    assert not a.computed(facet) and a.context is None
    assert a[facet] == 4 and len(calls) == 2  # computed again, same value


def _counting_suggest(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    searched: list[str] = []
    real = Speller.suggest

    def suggest(self: Speller, word: str, limit: int = 3) -> list[str]:
        searched.append(word)
        return real(self, word, limit)

    monkeypatch.setattr(Speller, "suggest", suggest)
    return searched


def test_spelling_searches_a_bounded_number_of_words(monkeypatch: pytest.MonkeyPatch) -> None:
    searched = _counting_suggest(monkeypatch)
    checker = bg.Checker(POLICY, select=["da.spelling"])
    spelling = importlib.import_module("brandguard_packs.da.spelling")  # rules/da/spelling.py
    report = checker.check(_sparse_random_words(300))
    assert not [f for f in report.findings if f.rule_id == "internal"]
    assert 0 < len(searched) <= spelling.MAX_SEARCHES_PER_POST
    # A real slip in an ordinary post is still found and corrected.
    searched.clear()
    [f] = checker.check("Det er selvfølig gratis at få et tilbud.").findings
    assert f.suggestion == "selvfølgelig" and len(searched) <= 1


def test_suggestion_candidates_stay_out_of_the_lexicon_cache() -> None:
    from brandguard.lang.da.lexicon import get_lexicon
    from brandguard.lang.da.speller import edits1

    lex = Lexicon(cache_size=1000)
    got = lex.lookup_many(["qzxwvu", "huse"], remember=False)
    assert got == {"qzxwvu": None, "huse": Lexicon().lookup_many(["huse"])["huse"]}
    assert len(lex._cache) == 0
    lex.lookup_many(["huse"])
    assert len(lex._cache) == 1
    # The speller tries hundreds of edits of an unknown word; they are not kept.
    shared = get_lexicon()
    before = len(shared._cache)
    word = "brøndvaskerfjol"
    assert Speller().suggest("fantastik") == ["fantastisk", "fantasi"]
    Speller().suggest(word)
    assert len(edits1(word)) > 500
    assert len(shared._cache) - before < 50


def _code_points(n: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        c = rng.choice((rng.randrange(32, 0x250), rng.randrange(0, 0x110000),
                        rng.randrange(0x1F300, 0x1FAFF), rng.randrange(0x300, 0x370)))
        if c >= 32 and not 0xD800 <= c < 0xE000:
            out.append(chr(c))
    return "".join(out)


#: Shapes that were slow or grew memory in issue 13's second round, as Python
#: expressions (run in a child process with a timeout, so a regression cannot hang the suite).
HOSTILE = {
    "random code points": "_code_points(3000)",
    "random words": "_random_words(300)",
    "flags": "'🇩🇰' * 1500",
    "guillemets": "'«' * 3000",
    "closing guillemets": "'»' * 3000",
    "amounts run together": "'kr 1' * 700",
    "question and exclamation": "'!?' * 1500",
    "at signs": "'@' * 3000",
    "emoji with tones, long": "'👍🏽' * 20000",
    "urls, long": "'www.a.dk/' * 4000",
}


def _cases() -> Iterator[tuple[str, str]]:
    yield from HOSTILE.items()


def test_hostile_posts_are_checked_to_the_end() -> None:
    cases = "".join(f"    {name!r}: {expr},\n" for name, expr in _cases())
    code = (
        "import random, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "from test_worstcase import _code_points, _random_words\n"
        "import brandguard as bg\n"
        "cases = {\n" + cases + "}\n"
        f"checker = bg.Checker({str(POLICY)!r})\n"
        "for name, text in cases.items():\n"
        "    report = checker.check(text)\n"
        "    internal = [f.message for f in report.findings if f.rule_id == 'internal']\n"
        "    assert not internal, (name, internal)\n"
        "    assert report.figures['characters'] == len(text), name\n"
        "    print(name, report.verdict)\n"
    )
    assert len(_in_a_fresh_process(code).splitlines()) == len(HOSTILE)


def _line_events(fn: Any, where: str = "brandguard") -> int:
    """How many lines of brandguard's own code (of files whose path holds ``where``)
    ``fn()`` runs: a count of work that no machine's speed changes (a scan per item of a
    list is a line per comparison)."""
    count = 0

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if where not in frame.f_code.co_filename:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("unit", ["a@b.dk ", "a@b.dk @a ", "a@b.dk nordlys.dk "])
def test_links_and_mentions_are_told_from_e_mail_addresses_in_linear_work(unit: str) -> None:
    """Each link and mention was tested against every address: 16,000 addresses took 15 s."""
    def work(n: int) -> int:
        def run() -> None:
            a = Analysis(unit * n)
            assert len(a.urls) + len(a.mentions) < n * 2
        return _line_events(run)

    small, large = work(200), work(800)
    assert large < 5 * small, (small, large)


class _RecordingPattern:
    """A compiled pattern that notes how many characters each search is given."""

    def __init__(self, real: re.Pattern[str], lengths: list[int]) -> None:
        self.real, self.lengths = real, lengths

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self.lengths.append(min(endpos, len(text)) - pos)
        return self.real.search(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self.lengths.append(min(endpos, len(text)) - pos)
        return self.real.findall(text, pos, endpos)


def test_a_clause_end_is_searched_only_as_far_as_it_may_be(monkeypatch: pytest.MonkeyPatch) -> None:
    """A call to act's span ends at the clause's end, at most 80 characters on: searched
    to the end of a text without punctuation, 6,400 calls in 32,000 characters took 0.9 s."""
    intent = importlib.import_module("brandguard.intent")
    windows: list[int] = []
    monkeypatch.setattr(intent, "_CLAUSE_END", _RecordingPattern(intent._CLAUSE_END, windows))
    text = "«køb " * 2000
    assert intent._clause_end(text, 5) == 85
    assert intent._clause_end("køb nu, tak", 0) == 6
    assert intent._clause_end("køb", 0) == 3
    bg.Checker(POLICY, select=["tone.advert", "compliance.disclosure"]).check(text)
    assert windows and max(windows) <= 80


def test_intent_patterns_never_walk_a_run_longer_than_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """`dele\\w*kampagne` walks each `ele` of one long run to the run's end: 128,000
    letters of `lerede…` took 6 s. Intent's patterns read the text with such runs blanked."""
    from brandguard.analysis import MAX_TOKENIZER_RUN, blank_long_words

    intent = importlib.import_module("brandguard.intent")
    seen: list[str] = []
    real = intent._Rx.finditer

    def finditer(self: Any, lower: str) -> Any:
        seen.append(lower)
        return real(self, lower)

    monkeypatch.setattr(intent._Rx, "finditer", finditer)
    text = "Del gerne kampagnen! " + "lerede" * 2000 + " Del kampagnen."
    bg.Checker(POLICY, select=["tone.advert"]).check(text)
    longest = max(len(run) for lower in seen for run in re.findall(r"\w+", lower))
    assert seen and longest <= MAX_TOKENIZER_RUN
    # blanking keeps every offset, and leaves text without a long run as it is
    blanked = blank_long_words(text.lower())
    assert len(blanked) == len(text) and blanked.startswith("del gerne kampagnen! ")
    assert blanked.endswith(" del kampagnen.") and "lerede" not in blanked
    plain = "Et helt almindeligt opslag om speciallægepraksisplanlægningsstabiliseringsperiode."
    assert blank_long_words(plain) is plain


def test_theme_spans_get_their_utf16_offsets_without_a_scan_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each theme word's UTF-16 offsets scanned the post from its start: 4,000 theme
    words in a post with an `æ` took 0.8 s. Spans of a long post are looked up."""
    textnorm = importlib.import_module("brandguard.textnorm")
    scanned: list[int] = []
    monkeypatch.setattr(textnorm, "_ASTRAL", _RecordingPattern(textnorm._ASTRAL, scanned))
    text = "solcelle anlæg 👍 " * 500
    report = bg.Checker(POLICY, select=[]).check(text)
    spans = [s for t in report.themes for s in t.spans]
    assert len(spans) > 400
    assert sum(scanned) <= 2 * len(text)
    # the offsets still count an emoji as two UTF-16 code units
    last = spans[-1]
    assert last.utf16_start == last.start + text.count("👍", 0, last.start)


def test_a_sentence_naming_a_competitor_again_and_again_is_judged_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each competitor name recomputed its sentence's valence: 1,800 names in one
    sentence took 7.5 s."""
    checker = bg.Checker(POLICY, select=["narrative.competitor-criticism"])
    narrative = importlib.import_module("brandguard_packs.narrative_da.narrative")
    judged: list[int] = []
    real = narrative.sentence_valence

    def valence(a: Any, ids: Any) -> Any:
        judged.append(len(ids))
        return real(a, ids)

    monkeypatch.setattr(narrative, "sentence_valence", valence)
    checker.check("SolStrøm " * 400 + "har mange kunder.")  # (not negative: judged, kept)
    assert len(judged) == 1
    report = checker.check("SolStrøm er elendige. SolStrøm snyder. Vi hjælper SolStrøm.")
    assert len(judged) == 4  # one per sentence
    assert [f.span.text for f in report.findings if f.span] == ["SolStrøm er elendige.",
                                                               "SolStrøm snyder."]


def test_confidential_names_are_matched_in_linear_work() -> None:
    """Each match was tested for overlap against every match taken: 2,000 mentions of
    a confidential project took 1.2 s."""
    checker = bg.Checker(POLICY, select=["compliance.confidential"])

    def work(n: int) -> int:
        return _line_events(lambda: checker.check("Projekt Havørn. " * n), "evasion.py")

    small, large = work(100), work(400)
    assert large < 5 * small, (small, large)


def test_a_run_with_no_safe_cut_reaches_the_tokenizer_in_bounded_pieces() -> None:
    """spaCy is quadratic in a long run; one with no place to cut that keeps its tokens
    (links run together) went to it whole: 128,000 characters, 7.6 s. It is cut after
    MAX_UNCUT_RUN characters, between graphemes; a long link is still one piece."""
    from brandguard import analysis as an

    run = "🇩🇰https://x.dk/a?b=1👍🏽" * 3000
    pieces = [p for _, p in an.segments("Se " + run)]
    assert "".join(pieces) == "Se " + run
    assert max(map(len, pieces)) <= an.MAX_UNCUT_RUN
    for p in pieces[1:]:
        assert an._grapheme_start(p[0]) and not p.startswith(("🇰", "🏽"))
    link = "https://l.facebook.com/l.php?u=" + "ab%3A%2F%2Fcd" * 60
    text = f"Læs {link} nu"
    assert len(link) > 500
    whole = an.get_nlp().make_doc(text)
    assert [(t.text, t.start) for t in an.Analysis(text).tokens if not t.space] == \
        [(t.text, t.idx) for t in whole]


def test_a_doubled_word_looks_at_a_bounded_number_of_tokens_around_it() -> None:
    """da.word-repetition's test for `i for for`: it copied every token before the double
    to find the word before it (`mod mod …`, 32,000 doubles: 2 s)."""
    bg.Checker(POLICY, select=["da.word-repetition"])  # (loads the packs as modules)
    grammar = importlib.import_module("brandguard_packs.da.grammar")
    copied: list[int] = []

    class Recording(tuple):  # type: ignore[type-arg]
        def __getitem__(self, k: Any) -> Any:
            if isinstance(k, slice):
                copied.append(len(range(*k.indices(len(self)))))
            return super().__getitem__(k)

    toks = Recording(Analysis("Vi går mod " + "mod " * 400 + "byen.").tokens)
    words = [t for t in toks if not t.space]
    for first, second in pairwise(words):
        grammar._attributive_or_noun_double(toks, first, second)
    assert copied == [] or max(copied) <= 7
    # the behaviour it keeps: `i for for` after a preposition; not after a verb
    lynlaas = Analysis("Jakken har lynlås i for for let adgang.").tokens
    first, second = (t for t in lynlaas if t.text == "for")
    assert grammar._attributive_or_noun_double(lynlaas, first, second)
    plain = Analysis("Der er præmier for for mindst 500 kr.").tokens
    first, second = (t for t in plain if t.text == "for")
    assert not grammar._attributive_or_noun_double(plain, first, second)


def _recording_judged(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    """rules/da/spelling.py, and the unknown words its loop judges (the first test each
    goes through), in order."""
    spelling = importlib.import_module("brandguard_packs.da.spelling")
    judged: list[str] = []
    real = spelling._stavekontrolden_knows

    def knows(word: str) -> bool:
        judged.append(word)
        return bool(real(word))

    monkeypatch.setattr(spelling, "_stavekontrolden_knows", knows)
    return spelling, judged


def test_spelling_stops_judging_a_post_past_its_unknown_word_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    checker = bg.Checker(POLICY, select=["da.spelling"])
    spelling, judged = _recording_judged(monkeypatch)
    slip = "Det er selvfølig gratis at få et tilbud, og vi kommer gerne forbi."
    # Within the limit, a slip after a few unknown words is found ...
    assert "selvfølgelig" in [f.suggestion for f in checker.check(slip).findings]
    # ... past it, the post is random letters: the words after the limit are not judged.
    judged.clear()
    checker.check(_sparse_random_words(spelling.MAX_UNKNOWN_PER_POST * 5))
    assert 0 < len(judged) <= spelling.MAX_UNKNOWN_PER_POST


def test_spelling_stops_sooner_where_unknown_words_are_dense(monkeypatch: pytest.MonkeyPatch) -> None:
    """Six unknown words making over a third of those read: random letters, of which
    da.spelling says nothing; the same unknown words spread through prose leave the post
    judged, each word."""
    checker = bg.Checker(POLICY, select=["da.spelling"])
    spelling, judged = _recording_judged(monkeypatch)
    odd = ["zqvork", "brnakl", "plikvo", "trolvek", "qurnip", "vrøzkl", "gnaxt"]
    slip = "Det er selvfølig gratis at få et tilbud."
    dense = "Hej " + " ".join(odd) + " og så videre. " + slip
    assert checker.check(dense).findings == []
    assert judged == []
    filler = "vi har haft en rigtig god dag sammen med hele holdet i"
    spread = " ".join(f"{filler} {w}." for w in odd) + " " + slip
    judged.clear()
    report = checker.check(spread)
    assert "selvfølgelig" in [f.suggestion for f in report.findings], (report, judged)
    assert len(judged) > spelling.DENSE_UNKNOWN


def test_one_very_long_word_is_not_tried_split_by_split(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every split of a word copies it: a 5,000-letter word tried split by split is 25 M
    # characters of copies (a 200,000-letter one took 10 s and 3 GB before the limit).
    checker = bg.Checker(POLICY, select=["da.spelling", "da.split-compound"])
    wordforms = importlib.import_module("brandguard_packs.da.wordforms")  # rules/da/wordforms.py
    lookups: list[str] = []
    real = wordforms.zipf_en

    def counted(word: str) -> float:
        lookups.append(word)
        return float(real(word))

    monkeypatch.setattr(wordforms, "zipf_en", counted)
    wordforms.english_compound.cache_clear()
    report = checker.check("Se her: " + "a" * 5000 + " og " + "varmepumpe" * 400 + ".")
    assert not [f for f in report.findings if f.rule_id == "internal"]
    assert len(lookups) < 50


def test_split_compound_looks_up_one_form_per_pair_of_unknown_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A pair whose second word the lexicon does not know is no compound: its 18 probe
    # forms (inflections of both words, the joins) are not looked up. Random words paid
    # them for every pair, one query each (issue 13).
    checker = bg.Checker(POLICY, select=["da.split-compound"])
    checker.check("Hej med dig.")  # the pack is imported now
    compounds = importlib.import_module("brandguard_packs.da.compounds")  # rules/da/compounds.py
    asked: list[str] = []
    real = compounds._lemmas

    def lemmas(forms: list[str]) -> dict[str, str | None]:
        asked.extend(forms)
        return dict(real(forms))

    monkeypatch.setattr(compounds, "_lemmas", lemmas)
    compounds._pair.cache_clear()
    text = _random_words(200, seed=11)
    report = checker.check(text)
    assert not [f for f in report.findings if f.rule_id == "internal"]
    pairs = len(text.split()) - 1
    assert 0 < len(asked) <= pairs
    # A real compound written apart is still found (its second word is known).
    [f] = checker.check("Ring til vores kunde service, hvis du har spørgsmål.").findings
    assert f.suggestion == "kundeservice"


def test_split_compound_caches_are_bounded_and_a_full_one_changes_no_report(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from functools import lru_cache

    checker = bg.Checker(POLICY, select=["da.split-compound"])
    text = ("Ring til vores kunde service. Vores energi rådgiver besøger dig. "
            + _random_words(150, seed=12) + " Det er kun for folk med jagt tegn.")
    expected = checker.check(text).model_dump_json()
    compounds = importlib.import_module("brandguard_packs.da.compounds")
    caches = ("_pair", "_lexicon_pair", "_is_verb")
    for name in caches:  # bounded (they were dicts cleared when full, racing their readers)
        info = getattr(compounds, name).cache_info()
        assert info.maxsize == compounds._MAX_CACHE and info.currsize <= info.maxsize
    assert compounds._pair.cache_info().currsize > 0
    for name in caches:
        small = lru_cache(maxsize=4)(getattr(compounds, name).__wrapped__)
        monkeypatch.setattr(compounds, name, small)
    assert checker.check(text).model_dump_json() == expected
    assert checker.check(text).model_dump_json() == expected
    assert compounds._pair.cache_info().currsize == 4


def test_suggestion_candidates_match_the_delete_index_definition() -> None:
    # The delete index is a table of the lexicon's SQLite file, not a dict in memory:
    # the words it gives are those of the definition (wordfreq's Danish words of
    # Zipf 2 or more whose deletes meet the query's deletes up to two letters).
    from brandguard.lang.da import speller
    from brandguard.lang.da.lexicon import DELETE_INDEX_MIN_FREQ, get_lexicon

    words = [w for w, f in get_lexicon().frequency_table("da").items()
             if f >= DELETE_INDEX_MIN_FREQ and w.isalpha() and len(w) >= 3]
    for query in ("fantastik", "selvfølig", "kundeservise", "qzxwvu", "hus"):
        keys = {query} | speller._deletes(query)
        keys |= {d2 for d in list(keys) for d2 in speller._deletes(d)}
        expected = {w for w in words if w in keys or not keys.isdisjoint(speller._deletes(w))}
        assert speller._near(query) == expected, query
    assert "fantastisk" in speller._near("fantastik")


def test_the_first_suggestion_search_loads_no_index_into_memory() -> None:
    # In memory the delete index held 20-29 MB of the 300 MB budget (issue 13). A fresh
    # process, its data loaded, keeps well under that after its first search.
    code = (
        "import sys, tracemalloc\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from brandguard.lang.da.speller import Speller, zipf_da\n"
        "from brandguard.lang.da.lexicon import get_lexicon\n"
        "s = Speller(); zipf_da('hus'); get_lexicon().lookup_many(['hus']); s.known_many(['hus'])\n"
        "tracemalloc.start()\n"
        "assert s.suggest('fantastik')[0] == 'fantastisk'\n"
        "print(tracemalloc.get_traced_memory()[0])\n"
    )
    assert int(_in_a_fresh_process(code).split()[-1]) < 3_000_000


def _in_a_fresh_process(code: str) -> str:
    """Run ``code`` in a new interpreter from the repository root; its standard output."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_a_long_post_is_tokenised_a_segment_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Doc of a whole 200,000-character post is made (its Doc and columns took 36 MB
    at once): the tokenizer gets pieces of at most about SEGMENT_CHARS characters."""
    from brandguard import analysis as an

    nlp = an.get_nlp()
    sizes: list[int] = []
    real = nlp.make_doc

    def recording(text: str) -> object:
        sizes.append(len(text))
        return real(text)

    monkeypatch.setattr(nlp, "make_doc", recording)
    text = "Vi har sat en varmepumpe op i Skive i dag. " * 1000 + "😀" * 20_000
    toks = an.Analysis(text).tokens
    assert len(toks) == 11_000 + 20_000 and toks[-1].end == len(text)
    assert max(sizes) <= an.SEGMENT_CHARS + 1 and sum(sizes) == len(text)


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux: VmHWM reset")
def test_worstcase_bench_reports_a_peak_bound_for_any_order() -> None:
    """The bench's peak depends on the order of the posts (a long post late in the run
    lands higher): it reports the highest size before a check plus the largest growth
    within one, which bounds the peak in any order."""
    import json

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, str(root / "bench" / "bench_worstcase.py"), "--json",
                          "--sizes", "300,3000", "--only", "emoji run,brackets"],
                         capture_output=True, text=True, check=True, timeout=300)
    data = json.loads(out.stdout)
    assert set(data["ms"]) == {"emoji run", "brackets"}
    assert data["most_growth_mb"] >= 0 and data["most_before_mb"] > 50  # a loaded process
    assert data["any_order_mb"] == pytest.approx(data["most_before_mb"] + data["most_growth_mb"], abs=0.2)
    assert data["peak_mb"] >= data["most_before_mb"]
