"""Danish: the lexicons, the tagger, the speller, sentences, language identification, sentiment.

This is the public surface of the Danish language code; rule packs import from
here (``from brandguard.lang.da import get_lexicon``). Heavy data (the lexicon,
langdetect's profiles, AFINN) loads lazily, on first use.
"""

from __future__ import annotations

from typing import Any

from .langid import NAMES, post_language, quoted_spans, sentence_first_words, sentence_guesses
from .lexicon import Lexicon, LexiconError, get_lexicon, stop_words
from .names import (
    PROPER_NAMES,
    Names,
    NameSpan,
    is_name,
    listed_kind,
    lowercase_name,
    lowercase_name_forms,
    parties,
    proper_noun_kind,
)
from .resources import CommonWordsData, ConfusionData, language_data
from .sentences import SentenceData, sentence_start_tokens
from .sentiment import negative_cues, sentence_valence, sentiment_lexicon
from .speller import SHORT_HEADS, Speller, damerau, get_speller, word_lists, zipf_da
from .tags import TAGS
from .text import (
    CAPITALISED,
    MODALS,
    SUBJECT_PRONOUNS,
    WORD_LOWERS,
    capitalised,
    infinitive_to_present,
    is_verb_infinitive,
    present_to_infinitive,
    sentence_start_ids,
    word_lowers,
    word_tokens,
)

__all__ = [
    "CAPITALISED",
    "MODALS",
    "NAMES",
    "PROPER_NAMES",
    "SHORT_HEADS",
    "SUBJECT_PRONOUNS",
    "TAGS",
    "WORD_LOWERS",
    "CommonWordsData",
    "Compound",
    "ConfusionData",
    "Lexicon",
    "LexiconError",
    "NameSpan",
    "Names",
    "Reading",
    "SentenceData",
    "Speller",
    "analyse_compound",
    "capitalised",
    "damerau",
    "get_lexicon",
    "get_speller",
    "infinitive_to_present",
    "is_known",
    "is_name",
    "is_proper_name",
    "is_verb_infinitive",
    "language_data",
    "listed_kind",
    "lowercase_name",
    "lowercase_name_forms",
    "negative_cues",
    "parties",
    "post_language",
    "present_to_infinitive",
    "proper_noun_kind",
    "quoted_spans",
    "readings",
    "sentence_first_words",
    "sentence_guesses",
    "sentence_start_ids",
    "sentence_start_tokens",
    "sentence_valence",
    "sentiment_lexicon",
    "stop_words",
    "tag",
    "tag_tokens",
    "word_lists",
    "word_lowers",
    "word_tokens",
    "zipf_da",
]

#: The morphological lexicon and the tagger load on first use (module import included):
#: a command that never tags pays nothing for them.
_LAZY = {"Compound": "morphology", "Reading": "morphology", "analyse_compound": "morphology",
         "is_known": "morphology", "is_proper_name": "morphology", "readings": "morphology",
         "tag": "tagger", "tag_tokens": "tagger"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
