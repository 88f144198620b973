"""Danish spelling: is a word known, and what was meant if not.

A word is known when the lexicon (spacy-lookups-data's Danish table, through
:func:`brandguard.lexicon.get_lexicon`) has it, when it is a sound Danish compound
(``kerne|fortælling``, ``kommunikation|s|ansvarlig``: the last part carries the
inflection, the first parts may take a linking -s- or -e-), when it is on the
built-in accept list (loans, abbreviations, names; ``rules/da/data/spelling.yaml``),
when it is common in wordfreq's Danish list, or when it is a common English word
(English words are the anglicism rule's business, not spelling's).

Suggestions are known words within two edits (deletions, insertions, substitutions
and transpositions over the Danish alphabet), ranked by edit distance, then by
wordfreq's Danish frequency. Distance-1 candidates are checked against the whole
lexicon in one batch; distance-2 candidates come from a delete index over wordfreq's
Danish list, a table of the lexicon's SQLite file (built with it).

Everything is cached per word form for the process: a warm check costs a dict
lookup per word.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from ...boundedcache import DEFAULT_SIZE, BoundedCache
from ...datafiles import DataModel, Replacements, Word, Words
from ...watchdog import loading
from .lexicon import FrequencyTable, get_lexicon, one_letter_deletes

ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåé"
#: wordfreq's Danish list holds some Norwegian and misspelt forms; only fairly common
#: words count as known on its say-so.
_DA_ZIPF_KNOWN = 3.0
_EN_ZIPF_KNOWN = 3.5
#: A compound one edit from a word this common is taken for a slip of that word.
_COMMON_ZIPF = 4.0
_MIN_PART = 3
#: Cached verdicts kept per process (least recently used dropped first; bounded for
#: the 300 MB budget of issue 13).
_MAX_CACHE = DEFAULT_SIZE
#: Words longer than this are not spell-checked, split into compounds or given
#: suggestions (the work grows with the square of the length; no Danish word of
#: running text is this long). Documented in docs/api.md, Limits.
MAX_WORD_CHARS = 48
#: The longest part a compound split considers: the longest form in the lexicon has 39
#: letters, the longest accepted word 23 (tests/lang/da check both).
MAX_PART_CHARS = 40
_LINKING = ("s", "e")
#: Two-letter first parts that are productive in Danish: `elbil`, `elaftale`, `tvserie`.
SHORT_HEADS = frozenset({"el", "tv", "øl", "te", "is"})


class SpellingData(DataModel):
    """``data/spelling.yaml``: what the speller accepts and corrects beyond the dictionary."""

    data_file: ClassVar[str] = "spelling"

    #: Words to accept (loans, abbreviations, everyday English in Danish posts).
    accept: Words
    #: First names to accept.
    names: Words
    #: Common misspellings → the right spelling.
    misspellings: Replacements
    #: Norwegian or Swedish words → the Danish word (or several).
    norwegian_swedish: dict[Word, Word | Words]


@dataclass(frozen=True, slots=True)
class WordLists:
    accept: frozenset[str]
    names: frozenset[str]
    misspellings: dict[str, str]
    nordic: dict[str, tuple[str, ...]]
    #: Words and word parts da.confusion corrects (`extra`, `standart`): one finding
    #: per error, so spelling leaves them to that rule.
    confusion_words: frozenset[str]
    confusion_stems: tuple[str, ...]


@cache
def word_lists() -> WordLists:
    """The built-in lists of ``rules/da/data/spelling.yaml`` (read once)."""
    from .resources import ConfusionData, language_data

    raw = language_data("spelling", SpellingData)
    conf = language_data("confusion", ConfusionData)
    nordic = {str(k).lower(): tuple([v] if isinstance(v, str) else v)
              for k, v in raw["norwegian_swedish"].items()}
    return WordLists(
        accept=frozenset(str(w).lower() for w in raw["accept"]),
        names=frozenset(str(w).lower() for w in raw["names"]),
        misspellings={str(k).lower(): str(v) for k, v in raw["misspellings"].items()},
        nordic=nordic,
        confusion_words=frozenset(str(w).lower() for w in conf.get("words", {})
                                  if " " not in str(w)),
        confusion_stems=tuple(str(w).lower() for w in conf.get("stems", {})),
    )


@cache
def _da_freq() -> FrequencyTable:
    """wordfreq's Danish frequencies (word → frequency; about 30,000 words)."""
    with loading():
        return get_lexicon().frequency_table("da")


@cache
def _common_words() -> frozenset[str]:
    """Danish words at or above :data:`_COMMON_ZIPF` (zipf = log10 of the frequency
    per billion words)."""
    floor = 10 ** (_COMMON_ZIPF - 9)
    return frozenset(w for w, f in _da_freq().items() if f >= floor)


def _zipf(freq: float) -> float:
    """wordfreq's Zipf scale: log10 of the frequency per billion words, 2 decimals."""
    return round(math.log10(freq) + 9, 2) if freq > 0 else 0.0


def zipf_da(word: str) -> float:
    return _zipf(_da_freq().get(word, 0.0))


def zipf_en(word: str) -> float:
    return _zipf(get_lexicon().frequency(word, "en"))


def damerau(a: str, b: str) -> int:
    """Optimal-string-alignment distance (transpositions count one)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in ALPHABET if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in ALPHABET]
    return set(deletes + transposes + replaces + inserts)


_deletes = one_letter_deletes


#: Danish endings on English loans: `spammet`, `liket`, `boostede`, `podcasten`.
_LOAN_ENDINGS = ("ede", "ene", "erne", "ende", "et", "er", "en", "es", "e", "s")


#: Endings of -ere verbs: (ending, what turns the stem back into the infinitive).
_ERE_ENDINGS = (("r", ""), ("de", ""), ("nde", ""), ("et", "e"), ("s", ""))


def _inflected_loan(word: str) -> bool:
    """An English verb or noun with a Danish ending (`spammet` ← spam, `liket` ← like)."""
    for end in _LOAN_ENDINGS:
        if len(word) - len(end) < 3 or not word.endswith(end):
            continue
        stem = word[: -len(end)]
        stems = [stem, stem + "e"]
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyæøå":
            stems.append(stem[:-1])  # spamm-et → spam
        if any(zipf_en(s) >= _EN_ZIPF_KNOWN for s in stems):
            return True
    return False


def _near(word: str) -> set[str]:
    """SymSpell: wordfreq's Danish words whose one-letter deletes meet the query's deletes
    up to two letters (the index is a table of the lexicon: :meth:`Lexicon.words_under`).
    That finds every word within two edits except two substitutions far apart; the true
    distance is then computed."""
    keys = {word} | _deletes(word)
    keys |= {d2 for d in list(keys) for d2 in _deletes(d)}
    return get_lexicon().words_under(keys)


class Speller:
    """Process-wide Danish word knowledge; per-policy vocabulary is passed per call."""

    def __init__(self, *, cache_size: int = _MAX_CACHE) -> None:
        # Bounded LRU caches: a reader never reads back what it did not find (issue 13).
        self._known: BoundedCache[str, bool] = BoundedCache(cache_size)
        self._suggest: BoundedCache[str, tuple[str, ...]] = BoundedCache(cache_size)

    # --- known words ----------------------------------------------------------------------

    def known_many(self, words: Iterable[str]) -> dict[str, bool]:
        """Is each lower-case word Danish (or accepted)? Cached per word."""
        words = set(words)
        out = self._known.get_many(words)
        missing = [w for w in words if w not in out]
        if missing:
            lists = word_lists()
            lexicon = get_lexicon()
            found = lexicon.lookup_many(missing)
            # the English frequencies the loop may ask, in one query (a cache fill)
            lexicon.frequencies((w for w in missing if found[w] is None), "en")
            verdicts: dict[str, bool] = {}
            for w in missing:
                if len(w) > MAX_WORD_CHARS:
                    verdicts[w] = True  # not analysed (see MAX_WORD_CHARS): not flagged
                elif w in lists.misspellings or w in lists.nordic:
                    verdicts[w] = False
                elif found[w] is not None or w in lists.accept or w in lists.names:
                    verdicts[w] = True
                else:
                    verdicts[w] = (zipf_da(w) >= _DA_ZIPF_KNOWN
                                   or zipf_en(w) >= _EN_ZIPF_KNOWN
                                   or _inflected_loan(w)
                                   or self._ere_verb_form(w)
                                   or (self.compound(w) is not None
                                       and not self._slip_of_common_word(w)))
            self._known.put_many(verdicts)
            out.update(verdicts)
        return out

    def in_lexicon(self, word: str) -> bool:
        return get_lexicon().lookup_many([word])[word] is not None

    def compound(self, word: str, depth: int = 0) -> list[str] | None:
        """The parts of a sound Danish compound (``["kommunikation", "s", "ansvarlig"]``),
        or None. The tail is a known form of at least four letters (three when common);
        the head is a known form, optionally with a linking -s-/-e-, or itself such a
        compound of two parts (``depth=1``: not that).

        Dynamic programming over the word's prefixes with parts of at most
        :data:`MAX_PART_CHARS` letters: the substrings looked up and the splits tried
        grow linearly with the word's length. The split is the one a search with the
        longest tail first finds (of the head: the longest inner tail first).
        """
        n = len(word)
        if n < 2 * _MIN_PART or n > MAX_WORD_CHARS or not word.isalpha():
            return None
        lex = get_lexicon()
        # The word's tails and heads are looked up at once; a head's own tails only
        # when that head is split (one query each).
        table = lex.lookup_many([word[i:] for i in range(max(2, n - MAX_PART_CHARS), n - 2)]
                                + [word[:j] for j in range(2, min(n, MAX_PART_CHARS + 1))])
        accept = word_lists().accept
        good_tail, good_head = self._good_tail, self._good_head
        # two[k]: the split of word[:k] into a head (with its linking letter) and a tail.
        two: dict[int, list[str] | None] = {}

        def head_and_tail(k: int) -> list[str] | None:
            if k in two:
                return two[k]
            found: list[str] | None = None
            starts = range(max(2, k - MAX_PART_CHARS), k - _MIN_PART + 1)
            table.update(lex.lookup_many([word[j:k] for j in starts]))
            for j in starts:  # longest tail first
                tail = word[j:k]
                if not good_tail(tail, table, accept):
                    continue
                head = word[:j]
                if good_head(head, table, accept):
                    found = [head, tail]
                    break
                if head[-1] in _LINKING and j > _MIN_PART and good_head(head[:-1], table, accept):
                    found = [head[:-1], head[-1], tail]
                    break
            two[k] = found
            return found

        for i in range(max(2, n - MAX_PART_CHARS), n - _MIN_PART + 1):  # longest tail first
            tail = word[i:]
            if not good_tail(tail, table, accept):
                continue
            head = word[:i]
            if good_head(head, table, accept):
                return [head, tail]
            if head[-1] in _LINKING and i > _MIN_PART and good_head(head[:-1], table, accept):
                return [head[:-1], head[-1], tail]
            if depth < 1 and i >= 2 * _MIN_PART:
                inner = head_and_tail(i)
                if inner is None and head[-1] in _LINKING:
                    inner = head_and_tail(i - 1)
                    if inner is not None:
                        inner = [*inner, head[-1]]
                if inner is not None:
                    return [*inner, tail]
        return None

    @staticmethod
    def _good_tail(tail: str, table: dict[str, str | None], accept: frozenset[str]) -> bool:
        if tail in accept:
            return True
        if table.get(tail) is None:
            return False
        if len(tail) >= 4:
            return True
        # Three-letter tails (`dag`, `tid`, `bil`) only when common and more Danish than
        # English: `hjemme|s|die` must not pass.
        z = zipf_da(tail)
        return z >= 4.0 and z > zipf_en(tail)

    @staticmethod
    def _good_head(head: str, table: dict[str, str | None], accept: frozenset[str]) -> bool:
        if head in SHORT_HEADS:
            return True
        return len(head) >= _MIN_PART and (table.get(head) is not None or head in accept)

    @staticmethod
    def _ere_verb_form(word: str) -> bool:
        """A form of an -ere verb the table lacks (`faciliterer`, `faciliteret` from
        `facilitere`, which only wordfreq knows)."""
        bases = []
        for end, add in _ERE_ENDINGS:
            if word.endswith(end) and len(word) > len(end) + 4:
                base = word[: -len(end)] + add
                if base.endswith("ere"):
                    bases.append(base)
        if not bases:
            return False
        found = get_lexicon().lookup_many(bases)
        return any(found[b] is not None or zipf_da(b) > 0 for b in bases)

    @staticmethod
    def _slip_of_common_word(word: str) -> bool:
        """A "compound" one edit from a very common word is a typo of that word:
        `spøgs|mål` is `spørgsmål`, `mug|lighed` is `mulighed`, `kunde|rene` is `kunderne`."""
        common = _common_words()
        return any(c in common for c in edits1(word) if c != word)

    # --- suggestions ----------------------------------------------------------------------

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Known words within two edits, nearest first, then most frequent."""
        cached = self._suggest.get(word)
        if cached is not None:
            return list(cached[:limit])
        if len(word) > MAX_WORD_CHARS:
            return []
        lex = get_lexicon()
        ones = edits1(word)
        table = lex.lookup_many(ones, remember=False)  # one-off candidates (issue 13)
        accept = word_lists().accept
        bad = word_lists().misspellings.keys() | word_lists().nordic.keys()
        # Forms of a listed misspelling (`standarts`) are no suggestion either.
        cands: dict[str, int] = {c: 1 for c in ones
                                 if (table[c] is not None or c in accept) and c not in bad
                                 and table[c] not in bad}
        if len(word) >= 4:
            for c in _near(word):
                if c not in cands and c != word and c not in bad and zipf_da(c) >= 2.0:
                    d = damerau(word, c)
                    if d <= 2:
                        cands[c] = d
        # wordfreq's Danish list holds foreign words (`wii`, `noir`): a candidate only it
        # knows must be more Danish than English.
        in_lex = lex.lookup_many([c for c in cands if c not in table])
        cands = {c: d for c, d in cands.items()
                 if table.get(c) is not None or in_lex.get(c) is not None or c in accept
                 or zipf_da(c) > zipf_en(c) + 0.5}
        # Nearest first (what the writer most likely meant), then the most frequent.
        ranked = sorted(cands, key=lambda c: (cands[c], -zipf_da(c), c))
        out = ranked[:10]
        self._suggest.put(word, tuple(out))
        return out[:limit]


_speller: Speller | None = None
_speller_lock = threading.Lock()


def get_speller() -> Speller:
    """The process-wide speller (its caches are shared by every Checker)."""
    global _speller
    if _speller is None:
        with loading(), _speller_lock:  # waiting for another thread's load is loading too
            if _speller is None:
                _speller = Speller()
    return _speller
