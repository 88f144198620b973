"""The term matcher: every word list of every pack is matched by one :class:`TermMatcher`.

One matcher is compiled per word list when a Checker is built and then matches
each post in a single pass over its tokens with dict lookups (the same idea as
spaCy's PhraseMatcher, but on our shared lemmas and with compound matching),
instead of one regex per term. Its modes:

- ``surface``: the token sequence, case-insensitively (``Køb nu``).
- ``lemma``: the lemma sequence (``købte`` matches ``købe``).
- ``strict``: lemma matching where a term word given inflected must stay as
  written: the lemma table maps ``bedste`` to ``god``, so ``bedste pris`` must not
  match ``god pris``, while a base form (``pris``) matches any inflection.
- ``compound``: a one-word term inside a Danish compound, as its first part
  (``solcelleanlæg`` touches ``solcelle``) or last part, inflected
  (``havvindmøllerne`` touches ``vindmølle``); ``compound_terms=`` may give the
  compound list separately.
- ``evasion``: also spellings meant to slip past (``k ø b  n u``, ``l0rt``,
  look-alike letters), through :class:`brandguard.evasion.EvasionMatcher`; plain
  matches win over disguised ones.

Its own prefilter skips the posts a list cannot match: a term can only match when
each of its words (or their lemmas) is among the post's words (the shared
``vocabulary`` facet), or a compound stem is in the text.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, count, repeat
from typing import TYPE_CHECKING

from .boundedcache import DEFAULT_SIZE, remember
from .facets import LOWER_TEXT, TOKEN_STARTS, facet

if TYPE_CHECKING:
    from .analysis import Analysis

MODES = ("surface", "lemma", "strict", "compound", "evasion")
#: Inflection endings that may follow a compound's last part.
_ENDINGS = ("", "e", "en", "et", "er", "ere", "erne", "ene", "n", "ne", "r", "rne", "s",
            "ens", "ets", "ernes", "enes", "nes", "rnes", "es", "t", "ede", "et")
#: A compound's first part may be followed by a linking -s- or -e-.
_MIN_COMPOUND_TERM = 4
_MIN_REST = 3
#: Words whose compound match a matcher remembers (when full it starts afresh: bounded,
#: and a stream of junk words cannot fill it for good).
_COMPOUND_MEMO = DEFAULT_SIZE
_UNSEEN = -1  # (term indices are >= 0)
_TEXT = operator.itemgetter(1)  # a token's text (:class:`~brandguard.analysis.Tok`)


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A matched term: character span in ``analysis.text``, token span, which term."""

    start: int
    end: int
    term: str
    term_index: int
    first_token: int
    last_token: int
    mode: str

    @property
    def evasive(self) -> bool:
        """Found only as a disguised spelling (the ``evasion`` mode)."""
        return self.mode == "evasion"


class TermMatcher:
    """Match a list of terms (words or phrases) in posts.

    ``modes`` chooses among the :data:`MODES` (see the module docstring).
    ``hashtags=True`` also matches the body of a hashtag (``#solceller``).
    ``compound_terms`` are the one-word terms matched inside compounds when they
    differ from ``terms`` (they then count as terms too, after ``terms``).
    """

    def __init__(self, terms: Iterable[str], modes: Iterable[str] = ("surface", "lemma"),
                 *, hashtags: bool = False, case_sensitive: bool = False,
                 compound_terms: Iterable[str] | None = None) -> None:
        from .analysis import get_nlp
        from .lang.da.lexicon import get_lexicon

        self.terms: list[str] = [t.strip() for t in terms if t and t.strip()]
        self.modes = frozenset(modes)
        unknown = self.modes - set(MODES)
        if unknown:
            raise ValueError(f"unknown match mode {sorted(unknown)[0]!r}; valid: {', '.join(MODES)}")
        if "strict" in self.modes:
            self.modes |= {"lemma"}
        word_terms = len(self.terms)
        compound_only: set[int] = set()
        if compound_terms is not None:
            extra = [t.strip() for t in compound_terms if t and t.strip()]
            known = {t: i for i, t in enumerate(self.terms)}
            self._compound_ids = {known[t] for t in extra if t in known}
            for t in extra:
                if t not in known:
                    known[t] = len(self.terms)
                    compound_only.add(len(self.terms))
                    self._compound_ids.add(len(self.terms))
                    self.terms.append(t)
        else:
            self._compound_ids = set(range(word_terms))
        self._strict = "strict" in self.modes
        #: For each term, which of its words must stay as written under ``strict``.
        self._fixed: dict[int, tuple[bool, ...]] = {}
        self._words_of: dict[int, tuple[str, ...]] = {}
        self.hashtags = hashtags
        self.case_sensitive = case_sensitive
        nlp = get_nlp()
        lex = get_lexicon()
        self._surface: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._lemma: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self._prefix: dict[str, int] = {}
        self._suffix: dict[str, int] = {}
        self._min_len = 10**6
        self._max_len = 0
        needs: list[tuple[frozenset[str], ...]] = []
        for idx, term in enumerate(self.terms):
            words = [t.text if case_sensitive else t.lower_
                     for t in nlp.make_doc(term) if not t.is_space]
            if not words:
                continue
            key = tuple(words)
            forms = lex.lemmatise(list(key)) if "lemma" in self.modes else list(key)
            if self._strict:
                self._fixed[idx] = tuple((lex.lemma_of(w) or w) != w for w in key)
                self._words_of[idx] = key
            needs.append(tuple(frozenset({w, w.lstrip("#"), f})
                               for w, f in zip(key, forms, strict=True)))
            if idx in compound_only:
                needs.pop()
            else:
                self._surface.setdefault(key[0], []).append((key, idx))
            if "lemma" in self.modes and not case_sensitive and idx not in compound_only:
                lkey = tuple(forms)
                if lkey != key:
                    self._lemma.setdefault(lkey[0], []).append((lkey, idx))
                else:
                    self._lemma.setdefault(key[0], []).append((key, idx))
            if ("compound" in self.modes and idx in self._compound_ids and len(words) == 1
                    and len(words[0]) >= _MIN_COMPOUND_TERM):
                w = words[0]
                for stem in {w, forms[0] if "lemma" in self.modes else lex.lemmatise([w])[0]}:
                    self._prefix.setdefault(stem, idx)
                    for ending in _ENDINGS:
                        self._suffix.setdefault(stem + ending, idx)
                    self._min_len = min(self._min_len, len(stem))
                    self._max_len = max(self._max_len, len(stem) + max(map(len, _ENDINGS)))
        for table in (self._surface, self._lemma):
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))
        self._surface_at = _by_second_word(self._surface)
        self._lemma_at = _by_second_word(self._lemma)
        # A term can only match when each of its words (or that word's lemma) is among
        # the post's words, or, for compounds, when a stem is a substring of the post:
        # most lists match nothing in most posts, and these set tests say so first.
        self._anchors = _anchor_index(needs)
        self._stems = tuple(sorted(self._prefix))
        #: word → the term index it is a compound of (or None): the same for every post.
        self._compound_memo: dict[str, int | None] = {}
        self._evasion = None
        if "evasion" in self.modes:
            from .evasion import EvasionMatcher

            self._evasion = EvasionMatcher(self.terms[:word_terms])

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, analysis: Analysis, *, skip_special: bool = True) -> list[TermMatch]:
        """All non-overlapping matches, left to right, longest first."""
        if not self.terms:
            return []
        found = self._plain(analysis, skip_special)
        if self._evasion is None:
            return found
        disguised = [m for m in self._evasion.find_evasive(analysis)
                     if not any(f.start < m.end and m.start < f.end for f in found)]
        if not disguised:
            return found
        # Token span of each match by bisection: a scan per match would be quadratic on a
        # post full of disguised terms.
        starts = analysis[TOKEN_STARTS]
        ends = [t.end for t in analysis.tokens]
        for m in disguised:
            first = min(bisect_right(ends, m.start), len(ends) - 1)
            last = max(first, bisect_left(starts, m.end) - 1)
            found.append(TermMatch(m.start, m.end, m.term, m.term_index, first, last, "evasion"))
        found.sort(key=lambda m: m.start)
        return found

    def _plain(self, analysis: Analysis, skip_special: bool) -> list[TermMatch]:
        if not self.case_sensitive and not _possible(self._anchors, vocabulary(analysis)):
            if not self._stems:
                return []
            text = analysis[LOWER_TEXT]
            if not any(map(text.__contains__, self._stems)):
                return []
        return self._find(analysis, skip_special)

    def _find(self, analysis: Analysis, skip_special: bool) -> list[TermMatch]:
        toks = analysis.tokens
        special = analysis.special_tokens if skip_special else frozenset()
        surface = [t.text for t in toks] if self.case_sensitive else analysis.lowers
        if self.hashtags:
            if self.case_sensitive:
                hashtag_ids, _ = analysis[HASHTAG_SURFACE]
                surface = [s[1:] if i in hashtag_ids else s for i, s in enumerate(surface)]
            else:
                hashtag_ids, surface = analysis[HASHTAG_SURFACE]
            special = special - hashtag_ids
        lemmas = analysis.lemmas if self._lemma else None
        # Only positions whose token can start a match are visited: a set lookup
        # per token in a comprehension, instead of a method call per token.
        surface_table, lemma_table = self._surface, self._lemma
        starts = set(compress(count(), map(surface_table.__contains__, surface)))
        if lemmas is not None:
            starts.update(compress(count(), map(lemma_table.__contains__, lemmas)))
        compound_of = self._compound_memo
        if self._prefix:
            # Only the long words that are compounds of a term (each word's answer is
            # remembered: the same words recur in every post).
            # Each distinct form once, then its positions in one pass in C.
            shortest = self._min_len + _MIN_REST
            compounds: set[str] = set()
            forms = list(set(surface))
            # (the words long enough picked in C: most words are short)
            for w in compress(forms, map(operator.le, repeat(shortest), map(len, forms))):
                idx = compound_of.get(w, _UNSEEN)
                if idx == _UNSEEN:
                    idx = self._compound_term(w)
                    remember(compound_of, w, idx, _COMPOUND_MEMO)
                if idx is not None:
                    compounds.add(w)
            if compounds:
                starts.update(compress(count(), map(compounds.__contains__, surface)))
        out: list[TermMatch] = []
        n = len(surface)
        after = 0  # matches do not overlap: the next one starts after the last
        for i in sorted(starts):
            if i < after or i in special or toks[i].space:
                continue
            found = self._at(self._surface_at, surface, i, n, special, "surface")
            if found is None and lemmas is not None:
                found = self._at(self._lemma_at, lemmas, i, n, special, "lemma", surface)
            if found is None and self._prefix:
                idx = compound_of.get(surface[i], _UNSEEN)
                if idx == _UNSEEN:
                    idx = self._compound_term(surface[i])
                if idx is not None:
                    found = idx, i, "compound"
            if found is not None:
                idx, last, mode = found
                out.append(TermMatch(toks[i].start, toks[last].end, self.terms[idx], idx, i,
                                     last, mode))
                after = last + 1
        return out

    def _at(self, table: dict[str, _Entries], keys: Sequence[str], i: int, n: int,
            special: frozenset[int], mode: str,
            surface: Sequence[str] | None = None) -> tuple[int, int, str] | None:
        got = table.get(keys[i])
        if got is None:
            return None
        phrases, words = got
        strict = surface if self._strict else None  # (the surface forms, under strict)
        # Longest first: the phrases that go on with the next word, then the one-word terms.
        # Phrases skip nothing: tokens must follow each other (no line breaks).
        if phrases and i + 1 < n:
            for key, idx in phrases.get(keys[i + 1], ()):
                end = i + len(key)
                if (end <= n and tuple(keys[i:end]) == key
                        and special.isdisjoint(range(i + 1, end))):
                    if strict is not None and not self._keeps_inflection(idx, strict, i):
                        continue
                    return idx, end - 1, mode
        for _key, idx in words:
            if strict is not None and not self._keeps_inflection(idx, strict, i):
                continue
            return idx, i, mode
        return None

    def _keeps_inflection(self, idx: int, surface: Sequence[str], i: int) -> bool:
        """Under ``strict``: every term word given inflected is written so in the post."""
        fixed = self._fixed.get(idx)
        if not fixed or not any(fixed):
            return True
        words = self._words_of[idx]
        return all(not f or surface[i + j] == words[j] for j, f in enumerate(fixed))

    def _compound_term(self, word: str) -> int | None:
        """The term ``word`` is a compound of (as first or last part), if any."""
        size = len(word)
        if size < self._min_len + _MIN_REST or not word.isalpha():
            return None
        hi = min(size - _MIN_REST, self._max_len)
        for k in range(self._min_len, hi + 1):
            idx = self._prefix.get(word[:k])
            if idx is not None:
                return idx
        # (a suffix longer than every key cannot match: not sliced, nor hashed; from k = 3
        # on, each of a 128,000-letter word's suffixes was copied, 4.6 s)
        for k in (0, *range(max(_MIN_REST, size - self._max_len), size - self._min_len + 1)):
            idx = self._suffix.get(word[k:])
            if idx is not None:
                return idx
        return None


@facet("hashtag_surface", requires=("tokens", "lowers"))
def HASHTAG_SURFACE(a: Analysis) -> tuple[frozenset[int], tuple[str, ...]]:
    """Token indices of hashtags, and the lower-case forms with each hashtag's ``#`` dropped."""
    lowers = a.lowers
    if "#" not in a.text:
        return frozenset(), lowers
    texts = list(map(_TEXT, a.tokens))
    tagged = map(operator.and_, map(str.startswith, texts, repeat("#")),
                 map(operator.lt, repeat(1), map(len, texts)))
    ids = frozenset(compress(count(), tagged))
    if not ids:
        return ids, lowers
    surface = list(lowers)
    for i in ids:
        surface[i] = surface[i][1:]
    return ids, tuple(surface)


@facet("vocabulary", requires=("lowers", "lemmas"))
def VOCABULARY(a: Analysis) -> frozenset[str]:
    """Every lower-case form, lemma and hashtag body of a post (the matchers' prefilter)."""
    lowers = a.lowers
    tags = [w[1:] for w in compress(lowers, map(str.startswith, lowers, repeat("#")))]
    return frozenset(lowers).union(a.lemmas, tags)


def vocabulary(analysis: Analysis) -> frozenset[str]:
    """Every lower-case form, lemma and hashtag body of a post (the ``vocabulary`` facet)."""
    return analysis[VOCABULARY]


_Need = tuple[frozenset[str], ...]
_Entry = tuple[tuple[str, ...], int]
#: A first word's terms: its phrases by their second word (longest first), its one-word terms.
_Entries = tuple[dict[str, list[_Entry]], tuple[_Entry, ...]]


def _by_second_word(table: dict[str, list[_Entry]]) -> dict[str, _Entries]:
    """A table of terms by first word, its phrases also by their second word: a post's
    word is compared only with the phrases that can go on from it."""
    out: dict[str, _Entries] = {}
    for first, entries in table.items():
        phrases: dict[str, list[_Entry]] = {}
        for key, idx in entries:
            if len(key) > 1:
                phrases.setdefault(key[1], []).append((key, idx))
        out[first] = (phrases, tuple(e for e in entries if len(e[0]) == 1))
    return out


def _anchor_index(needs: list[_Need]) -> tuple[frozenset[str], dict[str, list[_Need]]]:
    """Index each term's needs by the forms of its longest (rarest) word."""
    index: dict[str, list[_Need]] = {}
    for need in needs:
        anchor = max(need, key=lambda alts: max(len(a) for a in alts))
        for alt in anchor:
            index.setdefault(alt, []).append(need)
    return frozenset(index), index


def _possible(anchors: tuple[frozenset[str], dict[str, list[_Need]]],
              present: frozenset[str]) -> bool:
    """Some term has all its words (as written or as lemma) among the post's words."""
    keys, index = anchors
    for alt in keys & present:
        for need in index[alt]:
            if not any(map(present.isdisjoint, need)):
                return True
    return False
