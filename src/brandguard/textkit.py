"""Helpers the narrative, tone and compliance rules share: quotes, sentences, word lists."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from .facets import CLAUSE_STARTS, QUOTES, SENTENCE_STARTS, SENTENCE_TOKENS, TOKEN_STARTS, index_at
from .matching import TermMatcher

if TYPE_CHECKING:
    from .analysis import Analysis, Tok
    from .matching import TermMatch


# --- quotations --------------------------------------------------------------------------

def quotes(analysis: Analysis) -> tuple[tuple[int, int], ...]:
    """Spans of quoted speech (the ``quotes`` facet)."""
    return analysis[QUOTES]


def in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --- sentences --------------------------------------------------------------------------

def sentence_index(analysis: Analysis, pos: int) -> int:
    """Index of the sentence holding character ``pos`` (the nearest before it)."""
    return index_at(analysis[SENTENCE_STARTS], pos)


def sentence_tokens(analysis: Analysis) -> tuple[tuple[int, ...], ...]:
    """Word-token indices of each sentence (the ``sentence_tokens`` facet)."""
    return analysis[SENTENCE_TOKENS]


# --- strict lemma matching -------------------------------------------------------------

def strict_find(matcher: TermMatcher, analysis: Analysis) -> list[TermMatch]:
    """``matcher.find`` where a lemma match must keep every inflected term word as written.

    The lemma table maps ``bedste`` to ``god``: a list entry ``bedste pris`` must not
    match ``god pris``. A term word given in its base form (``pris``) still matches
    any inflection (``priser``).
    """
    found = matcher.find(analysis)
    if not any(m.mode == "lemma" for m in found):
        return found
    from .analysis import get_nlp
    from .lang.da.lexicon import get_lexicon

    lex = get_lexicon()
    nlp = get_nlp()
    lowers = analysis.lowers
    toks = analysis.tokens
    out = []
    for m in found:
        if m.mode != "lemma":
            out.append(m)
            continue
        words = [t.lower_ for t in nlp.make_doc(m.term) if not t.is_space]
        post_words = [lowers[i] for i in range(m.first_token, m.last_token + 1) if not toks[i].space]
        ok = len(words) == len(post_words) and all(
            w == p or (lex.lemma_of(w) or w) == w for w, p in zip(words, post_words, strict=True))
        if ok:
            out.append(m)
    return out


# --- sentiment -------------------------------------------------------------------------

# --- word lists with evasion ------------------------------------------------------------

class ListMatch(NamedTuple):
    """A word-list match: span in ``analysis.text``, the list entry, how it was found."""

    start: int
    end: int
    term: str
    #: Found only through the evasion skeleton (spaced, dotted, leet, look-alikes).
    evasive: bool


class WordList:
    """A word list matched on words, lemmas (strictly, see :func:`strict_find`) and,
    optionally, compounds, plus the evasion skeleton for spellings meant to slip past.
    """

    def __init__(self, terms: list[str], *, compound: list[str] | None = None,
                 evasion: bool = True, lemma: bool = True, hashtags: bool = False) -> None:
        from .evasion import EvasionMatcher

        self.terms = list(terms)
        modes = ("surface", "lemma") if lemma else ("surface",)
        self._words = QuickMatcher(terms, modes, hashtags=hashtags)
        self._compounds = QuickMatcher(compound or [], ("compound",)) if compound else None
        self._evasion = EvasionMatcher(terms) if evasion else None

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, analysis: Analysis) -> list[ListMatch]:
        """Non-overlapping matches, left to right; plain matches win over evasive ones."""
        if not self.terms:
            return []
        out = [ListMatch(m.start, m.end, m.term, False) for m in strict_find(self._words, analysis)]
        if self._compounds is not None:
            for m in self._compounds.find(analysis):
                if m.mode == "compound" and not _overlaps(m.start, m.end, out):
                    out.append(ListMatch(m.start, m.end, m.term, False))
        if self._evasion is not None:
            for e in self._evasion.find_evasive(analysis):
                if not _overlaps(e.start, e.end, out):
                    out.append(ListMatch(e.start, e.end, e.term, True))
        out.sort(key=lambda m: m.start)
        return out


def _overlaps(start: int, end: int, found: list[ListMatch]) -> bool:
    return any(m.start < end and start < m.end for m in found)


def next_word(analysis: Analysis, pos: int) -> Tok | None:
    """The first non-space token starting at or after ``pos``."""
    toks = analysis.tokens
    i = bisect_right(analysis[TOKEN_STARTS], pos - 1)
    while i < len(toks):
        if not toks[i].space:
            return toks[i]
        i += 1
    return None


def clause_index(analysis: Analysis, pos: int) -> int:
    """Index of the clause (a sentence, split at , ; : – and brackets) holding ``pos``."""
    return index_at(analysis[CLAUSE_STARTS], pos)


# TermMatcher itself now skips the posts a list cannot match (all of a term's words
# present, or a compound stem in the text), so the tone and narrative rules use it
# directly; the name stays for them.
QuickMatcher = TermMatcher

