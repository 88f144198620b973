"""Analysis: normalisation keeps spans on the original text; tokens, sentences, furniture."""

from __future__ import annotations

import pytest

import brandguard as bg
from brandguard.analysis import Analysis
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


def test_memo_computes_once() -> None:
    a = Analysis("Hej")
    calls = []
    assert a.memo("x", lambda _: calls.append(1) or 42) == 42
    assert a.memo("x", lambda _: calls.append(1) or 43) == 42
    assert calls == [1]


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
