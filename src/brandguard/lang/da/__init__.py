"""Danish: the lexicon, the speller, language identification, sentiment, word helpers.

This is the public surface of the Danish language code; rule packs import from
here (``from brandguard.lang.da import get_lexicon``). Heavy data (the lexicon,
langdetect's profiles, AFINN) loads lazily, on first use.
"""

from __future__ import annotations

from .langid import NAMES, post_language, quoted_spans, sentence_first_words, sentence_guesses
from .lexicon import Lexicon, LexiconError, get_lexicon, stop_words
from .resources import CommonWordsData, ConfusionData, language_data
from .sentiment import sentence_valence, sentiment_lexicon
from .speller import SHORT_HEADS, Speller, damerau, get_speller, word_lists, zipf_da
from .text import (
    MODALS,
    SUBJECT_PRONOUNS,
    infinitive_to_present,
    is_verb_infinitive,
    present_to_infinitive,
    sentence_start_ids,
    word_tokens,
)

__all__ = [
    "MODALS",
    "NAMES",
    "SHORT_HEADS",
    "SUBJECT_PRONOUNS",
    "CommonWordsData",
    "ConfusionData",
    "Lexicon",
    "LexiconError",
    "Speller",
    "damerau",
    "get_lexicon",
    "get_speller",
    "infinitive_to_present",
    "is_verb_infinitive",
    "language_data",
    "post_language",
    "present_to_infinitive",
    "quoted_spans",
    "sentence_first_words",
    "sentence_guesses",
    "sentence_start_ids",
    "sentence_valence",
    "sentiment_lexicon",
    "stop_words",
    "word_lists",
    "word_tokens",
    "zipf_da",
]
