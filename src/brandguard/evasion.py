"""Find banned phrases that someone tried to sneak past a word list.

A word list matched on tokens misses ``K Ø B   N U``, ``k.ø.b``, ``l0rt``,
``fück`` and ``lоrt`` with a Cyrillic ``о``. This module folds a post into a
*skeleton* — lower case, look-alike letters from Cyrillic and Greek, full-width
and mathematical letters, digits used as letters next to a letter (``0→o 1→i 3→e
4→a 5→s 7→t 9→g``), signs used as letters inside a word (``@→a $→s €→e !→i``)
and accents (except æ, ø, å) folded to plain Danish
letters, and every character that is not a letter or digit squeezed out — with
a map back to the offsets of ``analysis.text`` (the engine maps those to the
text as written; zero-width characters are already gone after normalisation).

Usage (compile once in ``Rule.prepare``, find per post)::

    from brandguard.evasion import EvasionMatcher

    matcher = EvasionMatcher(["køb nu", "lort"])        # in prepare()
    for m in matcher.find_evasive(ctx.analysis):        # in check(); plain spellings are
        yield Hit(m.start, m.end, args={"term": m.term})  # left to a TermMatcher

``find`` returns plain and disguised matches alike; ``find_evasive`` only the
disguised ones, and skips the work for posts without any sign of disguise
(:func:`suspicious`), which is most of them.

- :func:`fold` — the folding of one text, character by character (same length).
- :class:`Skeleton` — one post's folded, squeezed text and its segments;
  ``Skeleton.of(analysis)`` builds it once per post (the ``evasion.skeleton``
  facet), on :attr:`Analysis.prose`, so URLs, e-mails, mentions and
  hashtags never match.
- :class:`EvasionMatcher` — finds phrases in a skeleton at word boundaries and
  returns :class:`EvasionMatch` objects with offsets into ``analysis.text``.
- :func:`suspicious` — the cheap per-post test behind ``find_evasive``.

When does a skeleton match count? The skeleton is a run of *segments* (the
letter-and-digit runs of the text) separated by *gaps*. A gap without
whitespace (``k.ø.b``, ``l-o-r-t``) joins freely; a gap with whitespace joins
only where the phrase itself has a space (``køb  nu``) or between two single
letters (``K Ø B   N U``). A match must start and end on segment edges, and it
must not begin or end inside a longer run of spaced single letters (``p i s s
e`` is not ``pis``; one spare letter is allowed, as in ``K Ø B  N U i dag``).
So ``tip is`` never reads as ``pis``, and ``kolort`` does not contain ``lort``.
Numbers stay numbers (``2026``, ``spar 30 %``); ``f.eks.``-style abbreviations,
``A/S`` and the Danish ``é`` are no sign of disguise.

``EvasionMatch.evasive`` is true when the match needed folding or joining: a
rule that already matches plain words with :class:`~brandguard.TermMatcher`
(with lemmas and compounds) adds only the evasive ones. Phrases keep only their
letters and digits (``spar 30 %`` is found as ``spar 30``): match signs with a
regex of their own.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from .facets import LOWER_WORDS, Facet, facet, lower_same_length

if TYPE_CHECKING:
    from .analysis import Analysis

__all__ = ["EvasionMatch", "EvasionMatcher", "Skeleton", "fold", "suspicious"]


def _lowers(analysis: Analysis) -> frozenset[str]:
    return analysis[LOWER_WORDS]

# Look-alikes of Latin letters in other scripts (Unicode confusables, lower-cased).
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    "ζ": "z", "μ": "u",
}
# Digits and signs that stand in for letters (leetspeak).
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a",
         "$": "s", "€": "e", "!": "i"}
_KEEP = frozenset("æøå")


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Latin letters with accents → base letter (é→e, ü→u), but æ ø å stay.
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1 or low in _KEEP:
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha() and base != ch:
            table[cp] = base
    for src, dst in _CONFUSABLES.items():
        table[ord(src)] = dst
        up = src.upper()
        if len(up) == 1 and up != src:
            table[ord(up)] = dst
    # Full-width and mathematical letters and digits (NFKC gives one ASCII character).
    for cp in list(range(0xFF10, 0xFF5B)) + list(range(0x1D400, 0x1D800)):
        ch = chr(cp)
        norm = unicodedata.normalize("NFKC", ch)
        if len(norm) == 1 and norm.isascii() and norm.isalnum():
            table[cp] = norm.lower()
    return table


_TABLE = _build_table()


# Characters the table folds: most posts have none and skip the (slow) translate.
_TABLE_CHARS = frozenset(chr(cp) for cp in _TABLE)
_SEGMENT = re.compile(r"[^\W_]+")
_GAP = re.compile(r"[\W_]+")
# A digit or sign used as a letter: only next to a letter (`l0rt`, `p!s`), so that
# numbers (`spar 30 %`, `2026`) stay numbers.
_LEET_CHAR = re.compile("[0134579@$€!]")
_DIGITS = frozenset("0134579")


def fold(text: str) -> str:
    """Lower-case ``text`` and fold look-alikes, leetspeak and accents; same length.

    Punctuation and spaces are kept (the skeleton squeezes them out later).
    """
    low = lower_same_length(text)  # `İ` lower-cases to two characters: lengths kept
    if not _TABLE_CHARS.isdisjoint(low):
        low = _translate(low)
    hits = _leet_positions(low)
    if hits:
        chars = list(low)
        for i in hits:
            chars[i] = _LEET[low[i]]
        low = "".join(chars)
    return low


#: Up to this many distinct foldable characters, one str.replace each beats
#: str.translate (a dictionary lookup per character of the text, 0.1 ms a post).
_MAX_REPLACES = 8


def _translate(low: str) -> str:
    """``low.translate(_TABLE)``, by replacing the few foldable characters a post has.
    (Each maps to an ASCII character, which the table never maps: no chains.)"""
    present = _TABLE_CHARS.intersection(low)
    if len(present) > _MAX_REPLACES:
        return low.translate(_TABLE)  # linear whatever the text holds
    for ch in present:
        low = low.replace(ch, _TABLE[ord(ch)])
    return low


def _leet_positions(low: str) -> list[int]:
    """Where a digit or sign stands for a letter in ``low`` (folded but for leetspeak)."""
    out: list[int] = []
    n = len(low)
    for m in _LEET_CHAR.finditer(low):
        i = m.start()
        before = i > 0 and low[i - 1].isalpha()
        after = i + 1 < n and low[i + 1].isalpha()
        if (before and after) or (low[i] in _DIGITS and (before or after)):
            out.append(i)
    return out


def _folding_changes(prose: str) -> bool:
    """``fold(prose) != prose.lower().replace("é", "e")``, without folding the text.

    The two differ when a character lower-cases to more than one (fold keeps it), when
    the text holds a foldable character other than `é` (each folds to another one), or
    when a digit or sign stands for a letter; folding `é` → `e` leaves every letter a
    letter, so the leetspeak test can read the text unfolded.
    """
    low = prose.lower()
    if len(low) != len(prose):
        return True
    if not _TABLE_CHARS.isdisjoint(low) and not _TABLE_CHARS.isdisjoint(low.replace("é", "")):
        return True
    return bool(_leet_positions(low))


# Two single letters apart by a space (`K Ø B`, `k. ø`): spelled out (not `A/S`).
_SPACED = re.compile(r"\s[^\W\d_][^\w\s]{0,2}[ \t]+[^\w\s]{0,2}[^\W\d_](?![^\W_])")
# A single letter between hyphens, slashes or apostrophes (`l-o-r-t`, `G/R/A`).
_HYPHENED = re.compile(r"[-/'][^\W\d_][-/']")
# Signs that split a word when they stand between two letters (`k.ø.b`, `lo*rt`, `fu:ck`);
# the letters around are in the pattern, so a full stop after a word is no candidate.
# (The sign first and the look-behind after it: a pattern led by a class is searched for
# in C; one led by a look-behind is tried at every position.)
_SPLITTERS = re.compile(r"[.*_·|\\+~^:](?<=[^\W\d_].)(?=[^\W\d_])")
# Abbreviations written with points between letters (`f.eks.`, `bl.a.`): not disguise.
_ABBREVIATIONS = frozenset({"f.eks", "bl.a", "m.m", "o.l", "t.o.m", "m.v", "p.t", "d.v.s", "a.m.b.a",
                            "i.e", "e.g", "s.u", "h.c", "i.s", "p.s", "o.a", "m.fl", "a.h.t", "jf"})


def _spaced(prose: str) -> bool:
    """Two one-letter words in a row (`K Ø B`), which Danish prose hardly ever has."""
    return _SPACED.search(" " + prose) is not None


def _split_word(prose: str) -> bool:
    """A sign between two letters inside a word that is not a known abbreviation."""
    n = len(prose)
    for m in _SPLITTERS.finditer(prose):
        i = m.start()
        if 0 < i < n - 1 and prose[i - 1].isalpha() and prose[i + 1].isalpha():
            start = i
            while start > 0 and not prose[start - 1].isspace():
                start -= 1
            end = i
            while end < n and not prose[end].isspace():
                end += 1
            word = prose[start:end].lower().strip("()[]«»\"'“”,;!?").rstrip(".")
            if word not in _ABBREVIATIONS:
                return True
    return False


def suspicious(analysis: Analysis) -> bool:
    """Whether a post shows any sign of a disguised spelling (once per post).

    True when normalisation removed or composed characters (zero-width characters
    inside words), when folding changes letters (look-alikes, leetspeak, accents),
    or when letters are spelled out or split by signs. A post without any of these
    can only hide a phrase by leaving out its spaces (`købnu`), which
    :meth:`EvasionMatcher.find_evasive` checks separately.
    """
    return analysis[SUSPICIOUS]


@facet("evasion.suspicious", requires=("text", "original", "prose"))
def SUSPICIOUS(a: Analysis) -> bool:
    """Whether the post shows any sign of a disguised spelling (see :func:`suspicious`)."""
    if a.text != a.original:
        return True
    prose = a.prose
    # `idé`, `ét`: Danish writes é, so it alone is no sign of disguise.
    if _folding_changes(prose):
        return True
    return _spaced(prose) or _HYPHENED.search(prose) is not None or _split_word(prose)


@dataclass(frozen=True, slots=True)
class EvasionMatch:
    """A phrase found in the skeleton: span in ``analysis.text`` and how it was written."""

    start: int
    end: int
    term: str
    term_index: int
    #: The match needed folding or joining (it is not the phrase written plainly).
    evasive: bool


class Skeleton:
    """One text folded and squeezed to its letters and digits, with offsets back.

    ``squeezed`` is the concatenated segments (letter-and-digit runs);
    ``seg_starts[k]`` is where segment ``k`` begins in ``squeezed`` and
    ``spans[k]`` its ``(start, end)`` in the source text. :meth:`loose` and
    :meth:`plain` describe a segment on demand (most posts never ask).
    """

    __slots__ = ("_lengths", "_spans", "_starts", "folded", "squeezed", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        folded = self.folded = fold(text)
        self.squeezed = _GAP.sub("", folded)
        # Segments are worked out only when a phrase is found (most posts have none).
        self._lengths: list[int] | None = None
        self._starts: list[int] | None = None
        self._spans: list[tuple[int, int]] | None = None

    @property
    def lengths(self) -> list[int]:
        """Length of each segment."""
        if self._lengths is None:
            self._lengths = [e - s for s, e in self.spans]
        return self._lengths

    @property
    def seg_starts(self) -> list[int]:
        """Where each segment begins in ``squeezed``."""
        if self._starts is None:
            self._starts = list(accumulate(self.lengths, initial=0))[:-1]
        return self._starts

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Each segment's ``(start, end)`` in the source text."""
        if self._spans is None:
            self._spans = [m.span() for m in _SEGMENT.finditer(self.folded)]
        return self._spans

    @classmethod
    def of(cls, analysis: Analysis) -> Skeleton:
        """The skeleton of a post's prose (URLs, e-mails, mentions, hashtags blanked), once."""
        return analysis[SKELETON]

    def segment_at(self, pos: int) -> int:
        """Index of the segment holding squeezed position ``pos``."""
        return bisect_right(self.seg_starts, pos) - 1

    def loose(self, k: int) -> bool:
        """The gap before segment ``k`` holds whitespace (the first segment's always counts)."""
        if k == 0:
            return True
        gap = self.folded[self.spans[k - 1][1]:self.spans[k][0]]
        return any(c.isspace() for c in gap)

    def plain(self, k: int) -> bool:
        """Segment ``k`` is written as itself: folding changed only its case (or it is a number)."""
        s, e = self.spans[k]
        original = self.text[s:e].lower()
        return self.folded[s:e] == original or original.isdigit()


#: One post's evasion skeleton, built on first use and shared by every matcher.
SKELETON: Facet[Skeleton] = Facet("evasion.skeleton", lambda a: Skeleton(a.prose),
                                  requires=("prose",),
                                  doc="The post's folded, squeezed prose and its segments.")


class EvasionMatcher:
    """Find phrases in posts however they are spelled: spaced, dotted, leet, look-alikes.

    Build once (in ``prepare``); :meth:`find` is one ``str.find`` per phrase
    over the skeleton, which is shared by every matcher on the same post.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.terms: list[str] = []
        # Multi-word phrases written without their spaces (`købnu`), for the quick test.
        self._joined: set[str] = set()
        # (squeezed phrase, positions in it where the phrase has a space)
        self._keys: list[tuple[str, frozenset[int], int]] = []
        for phrase in phrases:
            phrase = phrase.strip()
            if not phrase:
                continue
            parts = [m.group() for m in _SEGMENT.finditer(fold(phrase))]
            if not parts:
                continue
            cuts: set[int] = set()
            pos = 0
            for part in parts[:-1]:
                pos += len(part)
                cuts.add(pos)
            self._keys.append(("".join(parts), frozenset(cuts), len(self.terms)))
            if len(parts) > 1:
                self._joined.add("".join(parts))
            self.terms.append(phrase)
        # Longest first, so `køb nu` wins over `køb` at the same place.
        self._keys.sort(key=lambda k: -len(k[0]))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, analysis: Analysis) -> list[EvasionMatch]:
        """Non-overlapping matches in ``analysis`` (offsets into ``analysis.text``), plain
        and evasive."""
        if not self._keys:
            return []
        return self.find_in(Skeleton.of(analysis))

    def find_evasive(self, analysis: Analysis) -> list[EvasionMatch]:
        """Only the disguised matches, for a rule that finds plain words with a TermMatcher.

        Cheap for most posts: unless :func:`suspicious` says so or a phrase appears
        without its spaces, the skeleton is not built at all.
        """
        if not self._keys:
            return []
        if self._joined.isdisjoint(_lowers(analysis)) and not suspicious(analysis):
            return []
        return [m for m in self.find(analysis) if m.evasive]

    def find_in(self, sk: Skeleton) -> list[EvasionMatch]:
        """Non-overlapping matches in a skeleton (offsets into the skeleton's source text)."""
        text = sk.squeezed
        found: list[EvasionMatch] = []
        # The matches taken, disjoint and in order: a new one overlaps one of them only if
        # it overlaps the last that starts before its end (a bisection, not a scan of all:
        # 2,000 matches in one post took 1.2 s).
        starts: list[int] = []
        ends: list[int] = []
        for key, cuts, idx in self._keys:
            at = text.find(key)
            while at != -1:
                m = self._accept(sk, at, at + len(key), cuts, idx)
                if m is not None:
                    k = bisect_left(starts, m.end)
                    if k == 0 or ends[k - 1] <= m.start:
                        found.append(m)
                        starts.insert(k, m.start)
                        ends.insert(k, m.end)
                at = text.find(key, at + 1)
        found.sort(key=lambda m: m.start)
        return found

    def _accept(self, sk: Skeleton, s: int, e: int, cuts: frozenset[int],
                idx: int) -> EvasionMatch | None:
        first = sk.segment_at(s)
        last = sk.segment_at(e - 1)
        starts = sk.seg_starts
        lengths = sk.lengths
        # Whole segments only: `pis` is not in `tipis` nor in `pisse`.
        if starts[first] != s or starts[last] + lengths[last] != e:
            return None
        evasive = False
        for k in range(first, last + 1):
            if not sk.plain(k):
                evasive = True
            if k == first:
                continue
            cut = starts[k] - s
            single = lengths[k] == 1 and lengths[k - 1] == 1
            if sk.loose(k):
                if cut in cuts:
                    continue
                if not single:
                    return None
            evasive = True
        if len(cuts - {starts[k] - s for k in range(first + 1, last + 1)}):
            evasive = True  # `købnu`: the phrase's space is missing
        # Not part of a longer spelled-out word: `p i s s e` is not `pis`. One
        # spare letter is allowed, as Danish has one-letter words (`K Ø B  N U i dag`).
        n = len(starts)
        if (lengths[first] == 1 and first > 1 and lengths[first - 1] == 1
                and lengths[first - 2] == 1):
            return None
        if (lengths[last] == 1 and last + 2 < n and lengths[last + 1] == 1
                and lengths[last + 2] == 1):
            return None
        start = sk.spans[first][0]
        end = sk.spans[last][1]
        return EvasionMatch(start, end, self.terms[idx], idx, evasive)
