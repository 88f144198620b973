"""Analysis: normalisation keeps spans on the original text; tokens, sentences, furniture."""

from __future__ import annotations

import pytest

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.facets import BUILTIN_FACETS, Facet, FacetError, check_facets
from brandguard.textnorm import normalise, to_original, utf16_offsets


def _span_of(a: Analysis, word: str) -> tuple[int, int]:
    start = a.text.index(word)
    return a.to_original(start, start + len(word))


@pytest.mark.parametrize(
    ("original", "word", "expected"),
    [
        ("Vi bor på Fyn og i A\u030arhus", "Århus", "A\u030arhus"),  # decomposed Å in the original
        ("Ha\u030andværk er godt", "Håndværk", "Ha\u030andværk"),
        ("Det er l\u200bort", "lort", "l\u200bort"),  # zero-width inside the word
        ("👍🏽🏳️‍🌈 Kundeservice", "Kundeservice", "Kundeservice"),
        ("Tak\u00a0for i dag", "for", "for"),  # non-breaking space
        ("Nul\x00byte og mere", "og", "og"),
        ("Peter’s bil", "Peter's", "Peter’s"),
    ],
)
def test_spans_map_back_to_original(original: str, word: str, expected: str) -> None:
    a = Analysis(original)
    s, e = _span_of(a, word)
    assert original[s:e] == expected


def test_clean_text_is_not_copied() -> None:
    text = "Helt almindelig dansk tekst med æøå."
    clean, offsets = normalise(text)
    assert clean == text and offsets is None
    assert to_original(text, None, 3, 7) == (3, 7)


def test_zero_width_joiner_kept_in_emoji_but_removed_in_words() -> None:
    clean, _ = normalise("k\u200dø\u200db 🏳️\u200d🌈")
    assert clean.startswith("køb ")
    assert "\u200d" in clean  # the flag's joiner stays


def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "😀 hej"
    assert utf16_offsets(text, 2, 5) == (3, 6)
    assert utf16_offsets("hej", 0, 3) == (0, 3)


def test_tokens_keep_hashtags_mentions_and_company_forms_whole() -> None:
    a = Analysis("Hej #GrønOmstilling og @Red_Barnet fra Nordlys Energi A/S. Mail a.b@firma.dk")
    texts = [t.text for t in a.tokens]
    assert "#GrønOmstilling" in texts
    assert "@Red_Barnet" in texts
    assert "A/S" in texts
    assert [p.text for p in a.hashtags] == ["#GrønOmstilling"]
    assert [p.text for p in a.mentions] == ["@Red_Barnet"]
    assert [p.text for p in a.emails] == ["a.b@firma.dk"]
    assert "a.b@firma.dk" not in a.words


def test_urls_and_prose_mask() -> None:
    text = "Læs mere på https://nordlys.dk/blog/råd. Eller www.nordlys.dk!"
    a = Analysis(text)
    assert [p.text for p in a.urls] == ["https://nordlys.dk/blog/råd", "www.nordlys.dk"]
    assert len(a.prose) == len(a.text)
    assert "nordlys" not in a.prose


def test_links_and_mentions_inside_e_mail_addresses_are_neither() -> None:
    text = "Skriv til jens@nordlys.dk eller @Mette, se nordlys.dk og info@nordlys.dk."
    a = Analysis(text)
    assert [p.text for p in a.emails] == ["jens@nordlys.dk", "info@nordlys.dk"]
    assert [p.text for p in a.mentions] == ["@Mette"]
    assert [p.text for p in a.urls] == ["nordlys.dk"]
    # the same with no address at all, and with addresses only
    assert [p.text for p in Analysis("Læs nordlys.dk @Mette").urls] == ["nordlys.dk"]
    assert Analysis("a@b.dk c@d.dk").mentions == ()


def test_emoji_are_grapheme_clusters() -> None:
    a = Analysis("Godt gået 👍🏽🏳️‍🌈🇩🇰 og 1️⃣")
    assert len(a.emoji) == 4


def test_sentences_split_on_punctuation_and_line_breaks_not_abbreviations() -> None:
    a = Analysis("Vi ses kl. 14.30 den 27. november. Tag fx kaffe med!\n\nHilsen Mette\nNordlys")
    assert [s.text for s in a.sentences] == [
        "Vi ses kl. 14.30 den 27. november.",
        "Tag fx kaffe med!",
        "Hilsen Mette",
        "Nordlys",
    ]


def test_lemmas_use_lower_case_and_fix_function_words() -> None:
    a = Analysis("Medarbejderne kom med kaffe, og vi har solceller.")
    lemmas = dict(zip(a.lowers, a.lemmas, strict=True))
    assert lemmas["medarbejderne"] == "medarbejder"
    assert lemmas["med"] == "med"  # the table says "mede"
    assert lemmas["har"] == "have"
    assert lemmas["solceller"] == "solcelle"
    doc = a.doc
    assert doc[0].lemma_ == "medarbejder"
    assert len(list(doc.sents)) == 1


def test_lix_skips_short_texts_and_counts_prose() -> None:
    assert Analysis("Kort tekst.").lix is None
    words = ("Vi har installeret solceller på taget. " * 8).strip()
    a = Analysis(words + " #grøn https://nordlys.dk")
    # 48 words, 8 sentences, long words: installeret, solceller (16) -> 6 + 33.3
    assert a.lix == pytest.approx(39.3, abs=0.1)


def test_a_facet_is_computed_once_per_post() -> None:
    calls: list[str] = []
    counted = Facet("test.counted", lambda a: calls.append(a.text) or len(a.text))
    a, b = Analysis("Hej"), Analysis("Hej med dig")
    assert (a[counted], a[counted], b[counted]) == (3, 3, 11)
    assert calls == ["Hej", "Hej med dig"]
    assert a.computed(counted) and not Analysis("x").computed(counted)


def test_a_facet_that_requires_itself_raises_instead_of_recursing() -> None:
    loop: Facet[int] = Facet("test.loop", lambda a: a[loop])
    with pytest.raises(RuntimeError, match=r"requires itself"):
        Analysis("Hej")[loop]


def test_facet_declarations_are_checked() -> None:
    ok = Facet("test.ok", len, requires=("tokens",))
    assert check_facets([*BUILTIN_FACETS, ok])["test.ok"] is ok
    with pytest.raises(FacetError, match=r"unknown facet"):
        check_facets([Facet("test.bad", len, requires=("no-such-facet",))])
    with pytest.raises(FacetError, match=r"declared twice"):
        check_facets([Facet("test.dup", len), Facet("test.dup", len)])
    one = Facet("test.one", len, requires=("test.two",))
    two = Facet("test.two", len, requires=("test.one",))
    with pytest.raises(FacetError, match=r"cycle"):
        check_facets([one, two])


def test_report_has_language_themes_and_story_fit_whatever_rules_run() -> None:
    policy = bg.load_policy("docs/examples/nordlys-policy.yaml")
    text = ("I dag satte vi vores første varmepumpe op i Skive, og kunden sparer nu "
            "på elregningen hver måned. Grøn omstilling kan mærkes hjemme.")
    report = bg.Checker(policy, select=["da.double-space"]).check(bg.Post(text=text))
    assert report.language == "da"
    assert report.themes and "story_fit" in report.figures


def test_nul_and_control_characters_keep_spans_right(checker: bg.Checker) -> None:
    text = "Hej\x00 med\x07 dig. " + "Nordlys energi"
    report = checker.check(bg.Post(text=text))
    for f in report.findings:
        if f.span:
            assert text[f.span.start:f.span.end] == f.span.text


def test_lix_agrees_with_textstat_on_plain_prose() -> None:
    """Our LIX (from the tokens, ~3× faster) matches textstat's on plain prose, where
    both count the same sentences; they differ only where posts need more
    (line breaks and colons end sentences, URLs and hashtags are not words)."""
    textstat = pytest.importorskip("textstat")
    textstat.set_lang("da")
    text = ("Vi har installeret solceller på taget af vores lager i Aarhus. Det giver strøm "
            "til hele bygningen om sommeren. Kunderne spørger ofte, hvordan det fungerer i "
            "praksis. Derfor inviterer vi til åbent hus på fredag, hvor alle kan komme forbi "
            "og se anlægget.")
    assert Analysis(text).lix == pytest.approx(textstat.lix(text), abs=0.05)


def test_every_facet_is_registered_and_declared_soundly() -> None:
    from brandguard.packs import Registry

    reg = Registry.build(bg.get_plugin_manager(entry_points=False))
    names = set(reg.facets)
    assert {"quotes", "language", "narrative", "vocabulary", "spam.history",
            "compliance.disclosure", "da.spell_words"} <= names


def test_a_plugin_registers_a_facet_through_the_hook() -> None:
    from brandguard.packs import PackError, Registry

    class Plugin:
        @bg.hookimpl
        def brandguard_facets(self) -> list[Facet[int]]:
            return [Facet("acme.length", lambda a: len(a.text), requires=("text",))]

    reg = Registry.build(bg.get_plugin_manager(entry_points=False, extra=[Plugin()]))
    assert reg.facets["acme.length"].compute(Analysis("abc")) == 3

    class Broken:
        @bg.hookimpl
        def brandguard_facets(self) -> list[Facet[int]]:
            return [Facet("acme.broken", len, requires=("acme.missing",))]

    with pytest.raises(PackError, match=r"acme\.missing"):
        Registry.build(bg.get_plugin_manager(entry_points=False, extra=[Broken()]))


def test_emoji_pattern_covers_the_current_unicode_emoji_set() -> None:
    # The maintained `emoji` package (a dev dependency) knows the current Unicode set;
    # the check itself keeps its linear-time pattern (emoji.emoji_list is ~20x slower).
    emoji = pytest.importorskip("emoji")
    from brandguard.analysis import EMOJI_RE

    missed = [e for e, d in emoji.EMOJI_DATA.items()
              if d.get("status") == emoji.STATUS["fully_qualified"] and not EMOJI_RE.fullmatch(e)]
    assert not missed, f"{len(missed)} emoji not matched whole, e.g. {missed[:10]}"
    text = "Tak ‼️ se ▶️ her ©️ ™️ · © 2025 og ™ uden VS16 er tekst"
    assert [m.group() for m in EMOJI_RE.finditer(text)] == ["‼️", "▶️", "©️", "™️"]


def test_lower_text_keeps_every_offset_even_where_lower_case_is_longer() -> None:
    from brandguard.facets import LOWER_TEXT, lower_same_length

    text = "İstanbul-kontoret og NORDLYS"
    assert len("İ".lower()) == 2  # the reason: Python lower-cases İ to i + a combining dot
    low = lower_same_length(text)
    assert len(low) == len(text)
    assert low == "İstanbul-kontoret og nordlys"
    assert bg.Analysis(text)[LOWER_TEXT] == low
    assert lower_same_length("Nordlys Energi") == "nordlys energi"
    assert lower_same_length("İ") == "İ" and lower_same_length("AİBİ") == "aİbİ"


def test_only_the_listed_characters_lower_case_longer() -> None:
    import sys

    from brandguard.facets import LONGER_LOWER

    longer = "".join(chr(c) for c in range(sys.maxunicode + 1)
                     if not 0xD800 <= c < 0xE000 and len(chr(c).lower()) != 1)
    assert longer == LONGER_LOWER


def test_spans_after_a_longer_lower_case_still_point_at_the_words() -> None:
    # Each İ would shift a lower-cased copy by one character; the rules that search the
    # lower case (politics, intent, disclosure) read the same-length facet instead.
    checker = bg.Checker({"company": {"name": "Nordlys"}}, select=["narrative.politics"])
    text = "İİİ Stem på Venstre ved valget, de har min stemme!"
    spans = [text[f.span.start:f.span.end] for f in checker.check(text).findings if f.span]
    assert spans == ["Venstre", "har min stemme"]


def test_fast_lexical_attributes_equal_spacys_own() -> None:
    """brandguard.lexattrs answers plain words itself: every value must be spaCy's."""
    import json
    import random
    import sys
    from pathlib import Path

    from spacy.attrs import LIKE_NUM, LIKE_URL, SHAPE
    from spacy.lang.da import Danish

    from brandguard.lexattrs import speed_up

    theirs = Danish().vocab.lex_attr_getters
    ours = speed_up(theirs)
    assert ours[LIKE_NUM] is not theirs[LIKE_NUM]  # the fast paths are in place
    leipzig = Path(__file__).parent / "data" / "realtext" / "leipzig" / "posts.jsonl"
    texts = [json.loads(line)["text"] for line in leipzig.read_text(encoding="utf-8").splitlines()]
    words = {w for t in texts[:800] for w in t.split()}
    rng = random.Random(7)
    alphabet = "aæøåAÆØÅzZ0123456789.,/-+±~:@ʼǅ中ⅫİßΣ"
    words |= {"".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 12))) for _ in range(5000)}
    words |= {"x" * 120, "X" * 99, "to", "tredje", "Tredje", "http://x", "https://a.dk", "www.x"}
    # every code point of the first planes' scripts, every 7th of the rest
    points = [*range(0x3000), *range(0x3000, sys.maxunicode + 1, 7)]
    words |= {chr(c) for c in points if not 0xD800 <= c < 0xE000}
    for attr in (LIKE_NUM, SHAPE, LIKE_URL):
        fast, slow = ours[attr], theirs[attr]
        bad = [w for w in words if w and fast(w) != slow(w)]
        assert not bad, (attr, bad[:5])


def test_lexemes_get_three_attributes_and_a_token_pattern_doc_all_of_spacys() -> None:
    """A new token text gets only the attributes the checks read (lower case, space,
    punctuation): the rest cost 40 % of the tokenizer's time on new words. ``doc``, which
    spaCy token patterns match, sets the rest, each to the value spaCy itself gives."""
    from spacy.attrs import IDS
    from spacy.lang.da import Danish

    from brandguard.analysis import Analysis, get_nlp

    text = ("Qzvørk 3,5 kWh https://zq.dk/x zqx@zq.dk ZQVX Zqvx-zq 12/7 (tre) tyvende "
            "Hvorfor?! 😀 i og — «Zqvørkning» 1.000.000 kr. A/S #zqtag @zqsara")
    vocab = get_nlp().vocab
    toks = Analysis(text).tokens
    fresh = [t.text for t in toks if t.text.startswith(("Qzv", "ZQV", "Zqv", "zqx"))]
    assert fresh and all(vocab[w].shape_ == "" and vocab[w].norm_ == "" for w in fresh)
    assert all(vocab[t.text].lower_ == t.lower for t in toks)
    spacy_vocab = Danish().vocab
    doc = Analysis(text).doc
    name = {i: n for n, i in IDS.items()}
    attrs = [name[a].lower() + ("_" if name[a] in ("NORM", "SHAPE", "PREFIX", "SUFFIX", "LANG") else "")
             for a in spacy_vocab.lex_attr_getters]
    assert len(attrs) == 23 and "shape_" in attrs and "is_stop" in attrs
    differ = [(t.text, a) for t in doc for a in attrs
              if getattr(t.lex, a) != getattr(spacy_vocab[t.text], a)]
    assert not differ


def test_langdetect_is_not_asked_about_one_word_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    """On one word repeated its guess is noise, and its costliest (no trial settles)."""
    from brandguard.lang.da import langid

    asked: list[str] = []

    def detect(text: str) -> tuple[str | None, float]:
        asked.append(text)
        return "en", 0.99

    monkeypatch.setattr(langid, "detect", detect)
    checker = bg.Checker({"company": {"name": "Nordlys"}})
    assert checker.check("kl 1: " * 200).language is None
    assert checker.check("Ja. Ja. Ja. Ja.").language is None
    assert not asked
    assert checker.check("Qwxz vbnm plokij uhygt.").language == "en"  # three words: asked
    assert asked == ["Qwxz vbnm plokij uhygt"]


def test_tokens_do_not_keep_their_doc_and_doc_has_the_same_tokens() -> None:
    """The Doc of 200,000 emoji held 24 MB through the whole check: `tokens` lets it go,
    and `doc` (spaCy token patterns) tokenises again, to the same tokens."""
    from spacy.tokens import Doc

    from brandguard.analysis import Analysis

    a = Analysis("Vi har bl.a. sat 25 paneler op 😀😀 i Kbh. kl. 10 #grøn @sara https://x.dk")
    toks = a.tokens
    assert not any(isinstance(v, Doc) for v in vars(a).values())
    doc = a.doc
    assert [(t.text, t.idx, t.is_space, t.is_punct) for t in doc] == \
        [(t.text, t.start, t.space, t.punct) for t in toks]
    assert [t.lemma_ for t in doc] == [t.lemma for t in toks]


def test_emoji_are_pieces_kept_compactly_and_read_as_pieces() -> None:
    """`emoji` keeps offsets in arrays (200,000 emoji: 24 MB as Piece objects); read,
    it is a sequence of Piece like the other facets: index, slice, iterate, compare."""
    from brandguard.analysis import Analysis, Piece, Pieces

    a = Analysis("Godt 👍🏽 team 🏳️‍🌈 og ☀️ 1️⃣")
    emoji = a.emoji
    assert isinstance(emoji, Pieces) and len(emoji) == 4
    assert [p.text for p in emoji] == ["👍🏽", "🏳️‍🌈", "☀️", "1️⃣"]
    first = emoji[0]
    assert first == Piece(5, 7, "👍🏽") and a.text[first.start:first.end] == "👍🏽"
    assert emoji[-1].text == "1️⃣" and emoji[1:3] == tuple(list(emoji)[1:3])
    assert emoji == tuple(emoji) and emoji == list(emoji) and emoji != tuple(emoji)[:3]
    with pytest.raises(IndexError):
        emoji[4]
    assert Analysis("Ingen emoji her.").emoji == ()


def test_words_primed_into_the_tokenizer_cache_keep_their_tokens() -> None:
    """A word is put into spaCy's tokenizer cache the second time it is seen (after a
    line break, a special case, spaCy caches nothing): the tokens stay spaCy's own."""
    from brandguard import analysis as an

    nlp = an.get_nlp()
    text = ("Vi ses.\nKlokken 10 f.eks. i Nordlys A/S' kantine (med kaffeprimning), "
            "www.nordlys.dk og #grøn-omstilling; 3,5 kWh. «Nej!» sagde hun…  slut")
    primer = an._primers[nlp] = an._Primer(nlp)  # (the suite's words may have filled one)
    first = an.Analysis(text).tokens
    assert "kaffeprimning)," in primer.seen and "kaffeprimning)," not in primer.primed
    second = an.Analysis(text).tokens
    assert "kaffeprimning)," in primer.primed
    expected = [(t.text, t.idx, t.idx + len(t.text), t.is_space, t.is_punct)
                for t in nlp.make_doc(text)]
    assert [(t.text, t.start, t.end, t.space, t.punct) for t in second] == expected
    assert first == second


def test_priming_stops_when_the_tokenizer_cache_is_full() -> None:
    from brandguard import analysis as an

    primer = an._Primer(an.get_nlp())
    primer.room = 2
    primer.prime("aa bb cc")
    primer.prime("aa bb cc")
    assert len(primer.primed) == 3  # the words of one text, then no more
    primer.prime("dd ee")
    primer.prime("dd ee")
    assert primer.primed == {"aa", "bb", "cc"}


def test_a_run_too_long_for_the_tokenizer_is_never_primed() -> None:
    """spaCy's time on one run grows with its square: a post checked twice must not
    hand the tokenizer a run that segments() would have cut."""
    from brandguard import analysis as an

    primer = an._Primer(an.get_nlp())
    long = "(" * 4000 + "a" + ")" * 4000
    short = "x" * an.MAX_TOKENIZER_RUN
    for _ in range(2):
        primer.prime(f"{long} {short} ok")
    assert short in primer.primed and "ok" in primer.primed
    assert long in primer.seen and long not in primer.primed


# Pieces a URL is made of, and what breaks one: random texts of them meet every branch
# of find_urls (hints, runs of host characters, schemes inside runs, Unicode that
# IGNORECASE folds into [a-z]).
_URL_PIECES = ["www.", "http://", "https://", ".dk", ".com", ".de", ".", "..", "-", "a", "B",
               "nordlys", "dk", "w", "h", " ", "\n", "/", "?", ")", "@", "x@y", ",", "æ", "_",
               "ſ", "\u212a", "ı", "İ", "9", "«", "’", "#"]


def test_find_urls_gives_exactly_the_matches_of_finditer() -> None:
    import random

    from brandguard.analysis import URL_RE, find_urls

    rnd = random.Random(20261204)
    for _ in range(30_000):
        text = "".join(rnd.choice(_URL_PIECES) for _ in range(rnd.randint(0, 14)))
        want = [(m.span(), m.group()) for m in URL_RE.finditer(text)]
        assert [(m.span(), m.group()) for m in find_urls(text)] == want, text


def test_find_urls_tries_few_places_in_a_long_post_with_one_link() -> None:
    from brandguard import analysis

    text = "ord " * 2_000 + "se nordlys.dk/solceller " + "ord " * 2_000
    calls = 0
    real = analysis.URL_RE

    class Counting:
        def match(self, s: str, pos: int) -> object:
            nonlocal calls
            calls += 1
            return real.match(s, pos)

    analysis.URL_RE = Counting()  # type: ignore[assignment]  # counts the places tried
    try:
        found = [m.group() for m in analysis.find_urls(text)]
    finally:
        analysis.URL_RE = real
    assert found == ["nordlys.dk/solceller"]
    assert calls <= 3


def test_tokens_are_the_same_whatever_the_form_table_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    from brandguard import analysis

    posts = ["Hej Anders! Vi ses i Aarhus i morgen kl. 10.",
             "Solceller på taget 🌞🌞 #grøntomstilling\n\nSkriv til mig, hvis du vil vide mere.",
             "HEJ hej Hej — naboers børns ældres", "www.nordlys.dk/solceller og 3,5 kWh."]

    def fields(text: str) -> list[tuple[object, ...]]:
        return [tuple(t) for t in Analysis(text).tokens]

    want = [fields(p) for p in posts]
    monkeypatch.setattr(analysis._FormTable, "FORMS_MAX", 4)  # generations turn over constantly
    monkeypatch.setattr(analysis, "_forms", None)
    for _ in range(3):
        assert [fields(p) for p in posts] == want
    table = analysis._forms
    assert table is not None
    assert len(table.current) <= 4 + 40 and len(table.older) <= 4 + 40  # bounded: a batch over


def test_one_string_per_form_across_tokens() -> None:
    toks = Analysis("ja " * 50 + "🌞" * 50).tokens
    assert len({id(t.text) for t in toks if t.text == "ja"}) == 1
    assert len({id(t.text) for t in toks if t.text == "🌞"}) == 1


def test_another_lexicon_gets_a_fresh_form_table(monkeypatch: pytest.MonkeyPatch) -> None:
    from brandguard.lang.da import lexicon as lexmod

    assert [t.lemma for t in Analysis("Vi kører").tokens] == ["vi", "køre"]  # in the table now
    real = lexmod.get_lexicon()

    class Upper:
        def lemmatise(self, lowers: list[str]) -> list[str]:
            return [w.upper() for w in lowers]

    monkeypatch.setattr(lexmod, "_lexicon", Upper())
    assert [t.lemma for t in Analysis("Vi kører").tokens] == ["VI", "KØRER"]
    monkeypatch.setattr(lexmod, "_lexicon", real)
    assert [t.lemma for t in Analysis("Vi kører").tokens] == ["vi", "køre"]


@pytest.mark.parametrize("text", [
    # a run between spaces of over 64 characters, but the tokenizer's runs (between any
    # white space) are short: corpus post 86 gave two line-break tokens for one
    "Det er kortsigtet.\n\n#grøntomstilling #solceller #varmepumper #energi2026",
    "a" * 30 + ".\n\n" + "#" + "b" * 40,
    "x" * 40 + "\t" + "(" * 40 + "\n" + ")" * 40 + "\r\n" + "😀" * 70,
    ("ord." + "\n") * 40,
])
def test_long_runs_are_read_between_any_white_space_as_the_tokenizer_reads_them(text: str) -> None:
    from brandguard.analysis import get_nlp

    whole = get_nlp().make_doc(Analysis(text).text)
    assert [(t.text, t.start, t.end, t.space) for t in Analysis(text).tokens] == \
        [(t.text, t.idx, t.idx + len(t.text), t.is_space) for t in whole]
