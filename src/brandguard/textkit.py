"""Helpers the narrative, tone and compliance rules share: quotes, sentences, word lists."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .facets import CLAUSE_STARTS, QUOTES, SENTENCE_STARTS, SENTENCE_TOKENS, TOKEN_STARTS, index_at
from .matching import TermMatcher
from .spans import Spans as Spans  # (for rule authors: textkit is their module)

if TYPE_CHECKING:
    from .analysis import Analysis, Tok


# --- quotations --------------------------------------------------------------------------

def quotes(analysis: Analysis) -> tuple[tuple[int, int], ...]:
    """Spans of quoted speech (the ``quotes`` facet)."""
    return analysis[QUOTES]


def in_spans(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --- sentences --------------------------------------------------------------------------

def sentence_index(analysis: Analysis, pos: int) -> int:
    """Index of the sentence holding character ``pos`` (the nearest before it)."""
    return index_at(analysis[SENTENCE_STARTS], pos)


def sentence_tokens(analysis: Analysis) -> tuple[tuple[int, ...], ...]:
    """Word-token indices of each sentence (the ``sentence_tokens`` facet)."""
    return analysis[SENTENCE_TOKENS]


# --- word lists ---------------------------------------------------------------------------

def word_list(terms: list[str], *, compound: list[str] | None = None, evasion: bool = True,
              lemma: bool = True, hashtags: bool = False) -> TermMatcher:
    """The term matcher for a pack's word list: words and strict lemmas (an inflected list
    word must stay as written), compounds of ``compound``, and, unless ``evasion=False``,
    spellings meant to slip past (spaced, dotted, leet, look-alike letters)."""
    modes = ["surface"]
    if lemma:
        modes.append("strict")
    if compound:
        modes.append("compound")
    if evasion:
        modes.append("evasion")
    return TermMatcher(terms, modes, hashtags=hashtags, compound_terms=compound)


def next_word(analysis: Analysis, pos: int) -> Tok | None:
    """The first non-space token starting at or after ``pos``."""
    toks = analysis.tokens
    starts: tuple[int, ...] = analysis[TOKEN_STARTS]
    i = bisect_right(starts, pos - 1)
    while i < len(toks):
        if not toks[i].space:
            return toks[i]
        i += 1
    return None


def clause_index(analysis: Analysis, pos: int) -> int:
    """Index of the clause (a sentence, split at , ; : – and brackets) holding ``pos``."""
    return index_at(analysis[CLAUSE_STARTS], pos)
