"""The compound split's part bound covers every part the data can give (MAX_PART_CHARS)."""

from __future__ import annotations

import sqlite3

from brandguard.lang.da.lexicon import get_lexicon
from brandguard.lang.da.speller import MAX_PART_CHARS, MAX_WORD_CHARS, get_speller, word_lists


def test_no_lexicon_form_or_accepted_word_is_longer_than_a_part() -> None:
    lex = get_lexicon()
    lex.lookup_many(["hus"])  # opens (or builds) the lexicon file
    con = sqlite3.connect(f"file:{lex.path}?mode=ro", uri=True)
    try:
        (longest,) = con.execute("SELECT max(length(form)) FROM forms").fetchone()
    finally:
        con.close()
    assert longest <= MAX_PART_CHARS
    assert max(map(len, word_lists().accept)) <= MAX_PART_CHARS


def test_split_of_a_word_at_the_length_limit() -> None:
    speller = get_speller()
    word = "medarbejdertilfredshedsundersøgelsesrapporterne"  # 47 letters
    assert len(word) <= MAX_WORD_CHARS
    parts = speller.compound(word)
    assert parts is not None and "".join(parts) == word
    assert speller.compound("xq" * 24) is None


def test_frequencies_in_one_query_equal_each_words_own() -> None:
    from brandguard.lang.da.lexicon import Lexicon

    words = ["the", "house", "hus", "varmepumpe", "zzqx", "the", "Meeting", "æøå", ""]
    one_by_one = Lexicon(get_lexicon().path)  # (its own caches: nothing read back)
    batched = Lexicon(get_lexicon().path)
    expected = {w: one_by_one.frequency(w, "en") for w in words}
    assert expected["the"] > expected["house"] > 0 and expected["zzqx"] == 0.0
    assert batched.frequencies(words, "en") == expected
    assert batched.frequencies(words, "en") == expected  # the second time from its cache
    assert {w: batched.frequency(w, "en") for w in words} == expected
