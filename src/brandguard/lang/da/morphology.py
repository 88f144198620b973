"""The Danish morphological lexicon: every full form with its readings.

A :class:`Reading` is one analysis of a word form: its word class (UPOS), lemma
and UD features (``Gender``, ``Number``, ``Definite``, ``Case=Gen``, ``VerbForm``,
``Tense``, ``Mood``, ``Voice``, ``Degree``; ``Person``/``PronType``/``Poss`` for
pronouns and determiners), in the conventions of UD Danish-DDT::

    >>> from brandguard.lang.da import morphology as m
    >>> [(r.upos, r.lemma, r.ud_feats) for r in m.readings("naboers")]
    [('NOUN', 'nabo', 'Case=Gen|Definite=Ind|Gender=Com|Number=Plur')]

The table (about 730,000 forms) is derived from Stavekontrolden's hunspell
dictionary by ``make morphology`` (``tools/build_morphology.py``) and stored,
paradigm-compressed, in ``data/stavekontrolden/`` (MPL 1.1, see the README
there). It is loaded on first use (about 0.1 s), after which a lookup is a
handful of dictionary probes: O(1) in the size of the table and at most
``MAX_ENDING + 1`` probes per form. Everything here is thread-safe.

Words the dictionary does not list can be split into known parts by
:func:`analyse_compound` (``varmepumpeservice`` → ``varme + pumpe + service``):
the last part (the head) gives the word class, gender and inflection.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any, NamedTuple

from ...boundedcache import DEFAULT_SIZE
from ...diskcache import cached
from ...watchdog import loading

__all__ = [
    "MAX_COMPOUND_LENGTH",
    "MAX_WORD_LENGTH",
    "OPEN_CLASSES",
    "Compound",
    "Reading",
    "analyse",
    "analyse_compound",
    "has_form",
    "info",
    "is_compound_part",
    "is_known",
    "is_proper_name",
    "readings",
    "shape_readings",
]

#: Forms longer than this have no readings (no Danish word is this long).
MAX_WORD_LENGTH = 80
#: :func:`analyse_compound` gives up on longer words (the work is O(length × 30)).
MAX_COMPOUND_LENGTH = 60
#: Word classes a compound head may have (and an unknown word may be).
OPEN_CLASSES = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN"})
_MAX_PART = 30  # longest compound part tried
_MIN_HEAD = 3
#: Readings kept per process: two generations of half this (the older dropped whole when
#: the younger is full), so the forms a stream keeps using stay, and a read is a dict get.
_CACHE_MAX = DEFAULT_SIZE

_DATA = ("brandguard.lang.da", "data/stavekontrolden/morphology.txt.gz")


class Reading(NamedTuple):
    """One analysis of a form: word class, lemma and UD features.

    ``feats`` is a frozenset of ``"Key=Value"`` strings (``"Case=Gen" in r.feats``);
    :attr:`ud_feats` gives the UD FEATS column (``"_"`` when empty).
    """

    upos: str
    lemma: str
    feats: frozenset[str]

    @property
    def ud_feats(self) -> str:
        return "|".join(sorted(self.feats, key=str.lower)) or "_"

    def get(self, key: str) -> str | None:
        """The value of feature ``key`` (``"Number"`` → ``"Plur"``), or None."""
        prefix = key + "="
        for f in self.feats:
            if f.startswith(prefix):
                return f[len(prefix):]
        return None


@dataclass(frozen=True, slots=True)
class Compound:
    """A compound split into known parts; the head (last part) decides the readings."""

    word: str
    #: The parts as they stand in the word, linking -s-/-e- kept on the part before.
    parts: tuple[str, ...]
    #: The dictionary lemma of each non-head part (``arbejds`` → ``arbejde``).
    part_lemmas: tuple[str, ...]
    #: The word's readings: the head's, with the word's prefix put before the lemma.
    readings: tuple[Reading, ...]

    @property
    def head(self) -> str:
        return self.parts[-1]


#: The parsed table as :func:`_parse` returns it (the form :mod:`~brandguard.diskcache` keeps).
_Parts = tuple[Any, ...]


def _parse(data: bytes) -> _Parts:
    """The shipped table (gzip'd text: a JSON header line, then ``@section`` blocks)
    parsed into plain values: header, tags, combos (of paradigms), bases (kept as text,
    read a bucket at a time), index, exceptions, compound-initial forms (text and index,
    the same way)."""
    head, _, rest = gzip.decompress(data).decode("utf-8").partition("\n")
    sections: dict[str, str] = {}
    for part in ("\n" + rest).split("\n@")[1:]:
        name, _, body = part.partition("\n")
        sections[name] = body.rstrip("\n")
    tags = []
    for t in sections["tags"].split("\n"):
        upos, _, fs = t.partition(" ")
        tags.append((upos, frozenset(fs.split("|")) if fs else frozenset()))
    # Equal rows and (lemma ending, tag) pairs are one object each: 12,218 rows of 17,199
    # pairs are 2,238 and 2,218 distinct. Fewer objects load faster, and fewer new
    # containers put off the cyclic collector's full pass over the whole heap (60 ms in
    # a first check with spaCy loaded).
    pool: dict[Any, Any] = {}
    paradigms: list[dict[str, tuple[tuple[str, int], ...]]] = []
    for p in sections["paradigms"].split("\n"):
        d: dict[str, list[tuple[str, int]]] = {}
        for row in p.split("\x1f"):
            end, lemend, tid = row.split("\x1e")
            pair = (lemend, int(tid))
            d.setdefault(end, []).append(pool.setdefault(pair, pair))
        paradigms.append({k: pool.setdefault(tuple(v), tuple(v)) for k, v in d.items()})
    # (each combo holds the paradigm dicts themselves: shared, also through marshal)
    combos = [tuple(paradigms[int(x)] for x in c.split()) for c in sections["combos"].split("\n")]
    index: dict[str, tuple[int, int]] = {}
    for line in sections["index"].split("\n"):
        key, a, b = line.split("\t")
        index[key] = (int(a), int(b))
    exceptions: dict[str, list[tuple[str, int]]] = {}
    for line in filter(None, sections["exceptions"].split("\n")):
        f, lemma, tid = line.split("\t")
        pair = (lemma, int(tid))
        exceptions.setdefault(f, []).append(pool.setdefault(pair, pair))
    # Compound-initial form → its first lemma (the only one read), grouped by the form's
    # first two letters into one text, split into a dict a group at a time on first use
    # as the bases are: as a built dict of 61,315 forms it took 47 ms of a 67 ms load.
    groups: dict[str, list[str]] = {}
    for line in filter(None, sections.get("begin", "").split("\n")):
        form, _, lemmas = line.partition("\t")
        groups.setdefault(form[:2], []).append(form + "\t" + lemmas.partition(" ")[0] + "\n")
    begin_index: dict[str, tuple[int, int]] = {}
    chunks: list[str] = []
    at = 0
    for key, lines in groups.items():
        chunk = "".join(lines)
        chunks.append(chunk)
        begin_index[key] = (at, at + len(chunk))
        at += len(chunk)
    return (json.loads(head), tags, combos, sections["bases"] + "\n", index, exceptions,
            "".join(chunks), begin_index)


def _cells(text: str, span: tuple[int, int]) -> list[str]:
    """The cells of one group of a grouped section (``form\tvalue`` lines, the group's
    last line ending at ``span[1] - 1``): form, value, form, value, …"""
    return text[span[0]:span[1] - 1].replace("\t", "\n").split("\n")


class _Table:
    """The loaded lexicon (one per process)."""

    def __init__(self, parts: _Parts) -> None:
        header, tags, combos, bases_text, index, exceptions, begin_text, begin_index = parts
        self.header: dict[str, object] = header
        self.max_ending = int(str(self.header["max_ending"]))
        self.tags: list[tuple[str, frozenset[str]]] = tags
        self._combos: list[tuple[dict[str, tuple[tuple[str, int], ...]], ...]] = combos
        self._bases_text: str = bases_text
        self._index: dict[str, tuple[int, int]] = index
        self._buckets: dict[str, dict[str, tuple[dict[str, tuple[tuple[str, int], ...]], ...]]] = {}
        self.exceptions: dict[str, list[tuple[str, int]]] = exceptions
        self._begin_text: str = begin_text
        self._begin_index: dict[str, tuple[int, int]] = begin_index
        self._begins: dict[str, dict[str, str]] = {}
        self.cache: dict[str, tuple[Reading, ...]] = {}
        self._older: dict[str, tuple[Reading, ...]] = {}

    def bucket(self, key: str) -> dict[str, tuple[dict[str, tuple[tuple[str, int], ...]], ...]]:
        """The bases that start with ``key`` (two letters; "" for shorter bases)."""
        b = self._buckets.get(key)
        if b is None:
            span = self._index.get(key)
            if span is None:
                b = {}
            else:
                cells = _cells(self._bases_text, span)
                b = dict(zip(cells[0::2], map(self._combos.__getitem__, map(int, cells[1::2])),
                             strict=True))
            self._buckets[key] = b  # a race only builds the same bucket twice
        return b

    def begins(self, key: str) -> dict[str, str]:
        """The compound-initial forms that start with ``key`` (their first two letters, or
        the whole form if shorter) → the first lemma of each."""
        b = self._begins.get(key)
        if b is None:
            span = self._begin_index.get(key)
            if span is None:
                b = {}
            else:
                cells = _cells(self._begin_text, span)
                b = dict(zip(cells[0::2], cells[1::2], strict=True))
            self._begins[key] = b  # a race only builds the same group twice
        return b

    def exact(self, form: str) -> tuple[Reading, ...]:
        hit = self.cache.get(form)
        if hit is not None:
            return hit
        hit = self._older.get(form)
        if hit is not None:
            self._remember(form, hit)
            return hit
        out: list[Reading] = []
        n = len(form)
        if n <= MAX_WORD_LENGTH:
            bases = self.bucket(form[:2]) if n >= 2 else {}
            short = self.bucket("")
            tags = self.tags
            for j in range(min(n, self.max_ending) + 1):
                base = form[: n - j]
                combo = (bases if n - j >= 2 else short).get(base)
                if combo is None:
                    continue
                end = form[n - j:]
                for paradigm in combo:
                    rows = paradigm.get(end)
                    if rows:
                        for lemend, tid in rows:
                            upos, fs = tags[tid]
                            out.append(Reading(upos, base + lemend, fs))
            for lemma, tid in self.exceptions.get(form, ()):
                upos, fs = tags[tid]
                out.append(Reading(upos, lemma, fs))
        result = tuple(dict.fromkeys(out))
        self._remember(form, result)
        return result

    def _remember(self, form: str, result: tuple[Reading, ...]) -> None:
        # (unlocked: a race between two threads can only lose an entry, never a reading)
        if len(self.cache) >= _CACHE_MAX // 2:
            self._older, self.cache = self.cache, {}
        self.cache[form] = result


_table: _Table | None = None
_lock = threading.Lock()


def _get() -> _Table:
    global _table
    if _table is None:
        with loading(), _lock:  # waiting for another thread's load is loading too
            if _table is None:
                ref = resources.files(_DATA[0]).joinpath(_DATA[1])
                # parsed once per machine: later processes read it back (diskcache)
                _table = _Table(cached("da-morphology", ref.read_bytes(), _parse, schema=3))
    return _table


_NUM_RE = re.compile(r"[+-]?\d+(?:[.,:/]\d+)*(?:[.,]-)?%?")
_ORD_RE = re.compile(r"\d{1,3}\.")
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:dk|com|org|net|eu|io|no|se|de)(?:/\S*)?", re.IGNORECASE)
_PUNCT = frozenset("!\"'()*,-./:;?[]{}«»‘’‚“”„…–—‐‑·•§¶")
_NUM_READING = (Reading("NUM", "", frozenset({"NumType=Card"})),)


def shape_readings(token: str) -> tuple[Reading, ...]:
    """Readings from a token's shape alone, for tokens that are not words.

    Numbers (``2026``, ``3,5``, ``10%``) are NUM, ordinals (``3.``) ADJ
    NumType=Ord, punctuation PUNCT, URLs, e-mail addresses and ``#hashtags`` X,
    ``@mentions`` PROPN, emoji and other symbols SYM. Words get ``()``.
    """
    if not token or len(token) > MAX_WORD_LENGTH or token.isalpha():
        return ()  # (a word of letters has none of the shapes below: asked for every unknown word)
    if token[0].isdigit() or (token[0] in "+-" and token[1:2].isdigit()):
        if _ORD_RE.fullmatch(token):
            return (Reading("ADJ", token, frozenset({"NumType=Ord"})),)
        if _NUM_RE.fullmatch(token):
            return (Reading("NUM", token, frozenset({"NumType=Card"})),)
    if all(c in _PUNCT for c in token):
        return (Reading("PUNCT", token, frozenset()),)
    if token[0] == "#" and len(token) > 1:
        return (Reading("X", token, frozenset()),)
    if token[0] == "@" and len(token) > 1:
        return (Reading("PROPN", token, frozenset()),)
    if _URL_RE.fullmatch(token):
        return (Reading("X", token, frozenset()),)
    if not any(c.isalnum() for c in token):
        return (Reading("SYM", token, frozenset()),)
    return ()


def readings(form: str) -> tuple[Reading, ...]:
    """Every reading of ``form`` the lexicon knows, or ``()``.

    Case matters for names: ``Aalborg`` is a PROPN, ``aalborg`` unknown. A form
    written with a capital (sentence start) or in capitals also gets the readings
    of its lower-case form, after its own. Tokens that are not words (numbers,
    punctuation, URLs, emoji) get the readings of :func:`shape_readings`.
    """
    if not form or len(form) > MAX_WORD_LENGTH:
        return ()
    t = _get()
    own = t.exact(form) or shape_readings(form)
    low = form.lower()
    if low == form:
        return own
    more = t.exact(low)
    if not more and form.isupper() and len(form) > 1:
        more = t.exact(form[0] + low[1:])
    if not own:
        return more
    if not more:
        return own
    return tuple(dict.fromkeys(own + more))


def is_known(form: str) -> bool:
    """Whether the lexicon lists ``form`` (or its lower-case form)."""
    return bool(readings(form))


def has_form(form: str) -> bool:
    """Whether the table lists the lower-case ``form`` exactly: a handful of dictionary
    probes, no readings built and nothing cached (for testing many candidate spellings)."""
    t = _get()
    hit = t.cache.get(form)
    if hit is not None:
        return bool(hit)
    n = len(form)
    if n > MAX_WORD_LENGTH:
        return False
    bases = t.bucket(form[:2]) if n >= 2 else {}
    short = t.bucket("")
    for j in range(min(n, t.max_ending) + 1):
        combo = (bases if n - j >= 2 else short).get(form[: n - j])
        if combo and any(form[n - j:] in paradigm for paradigm in combo):
            return True
    return form in t.exceptions


def is_compound_part(form: str) -> bool:
    """Whether ``form`` is a compound-initial form of Stavekontrolden, linking element
    included (``arbejds``, ``kvalitets``, ``børne``)."""
    return form in _get().begins(form[:2])


def is_proper_name(form: str) -> bool:
    """Whether ``form`` is a capitalised proper noun the dictionary lists (a name, a place).

    ``Aalborg``, ``Anders`` and ``Aalborgs`` are; ``Lærer`` (a sentence-initial
    common noun) and ``aalborg`` are not.
    """
    if not form or not form[0].isupper() or len(form) > MAX_WORD_LENGTH:
        return False
    t = _get()
    if any(r.upos == "PROPN" for r in t.exact(form)):
        return True
    if form.isupper() and len(form) > 1:
        return any(r.upos == "PROPN" for r in t.exact(form[0] + form[1:].lower()))
    return False


def analyse_compound(word: str) -> Compound | None:
    """Split ``word`` into known parts whose last part (the head) is an open-class word.

    Parts come from Stavekontrolden's compound-initial forms (stems with their
    linking element: ``arbejds-``, ``varme-``, ``børne-``); the head is any known
    noun, verb, adjective or adverb form of at least 3 letters. The split with the
    fewest parts wins, then the longest head. Hyphenated words take their last
    segment as head. Returns None for known words too short to split, words longer
    than :data:`MAX_COMPOUND_LENGTH`, or words with no split. Linear-ish:
    dynamic programming over at most 60 × 30 substrings.
    """
    if not word or len(word) > MAX_COMPOUND_LENGTH or not word.replace("-", "").isalpha():
        return None
    low = word.lower()
    if "-" in low.strip("-"):
        segs = low.rsplit("-", 1)
        head = segs[1]
        hs = _open_readings(head) or (_sub(analyse_compound(head)))
        if not hs:
            return None
        prefix = word[: len(word) - len(head)]
        return Compound(word, (prefix, word[len(prefix):]), (prefix.rstrip("-"),),
                        _with_prefix(prefix.lower(), hs))
    begins = _get().begins
    n = len(low)
    if n < _MIN_HEAD + 2:
        return None
    inf = n + 1
    best = [inf] * (n + 1)  # fewest parts covering low[:i]
    back = [0] * (n + 1)
    best[0] = 0
    for i in range(n - _MIN_HEAD):
        if best[i] == inf:
            continue
        begin = begins(low[i:i + 2])  # (every part tried from i starts with these letters)
        for j in range(i + 2, min(n - _MIN_HEAD, i + _MAX_PART) + 1):
            if best[i] + 1 < best[j] and low[i:j] in begin:
                best[j] = best[i] + 1
                back[j] = i
    choice: tuple[int, int] | None = None  # (parts, -head length) → split point
    split = -1
    for i in range(2, n - _MIN_HEAD + 1):
        if best[i] == inf:
            continue
        key = (best[i] + 1, i)
        if choice is not None and key >= choice:
            continue
        if _open_readings(low[i:]):
            choice, split = key, i
    if choice is None:
        return None
    cuts = [split]
    while cuts[-1]:
        cuts.append(back[cuts[-1]])
    cuts.reverse()
    parts = tuple(word[a:b] for a, b in zip(cuts, [*cuts[1:], n], strict=True))
    lemmas = tuple(begins(low[a:a + 2])[low[a:b]] for a, b in itertools.pairwise(cuts))
    return Compound(word, parts, lemmas, _with_prefix(low[:split], _open_readings(low[split:])))


def analyse(form: str) -> tuple[Reading, ...]:
    """The lexicon's readings of ``form``, or else those of its compound analysis."""
    rs = readings(form)
    if rs:
        return rs
    c = analyse_compound(form)
    return c.readings if c else ()


def info() -> dict[str, object]:
    """Build statistics of the loaded table (forms, readings, paradigms, …)."""
    return dict(_get().header)


def _open_readings(form: str) -> tuple[Reading, ...]:
    return tuple(r for r in _get().exact(form) if r.upos in OPEN_CLASSES and r.upos != "PROPN")


def _sub(c: Compound | None) -> tuple[Reading, ...]:
    return c.readings if c else ()


def _with_prefix(prefix: str, rs: Iterable[Reading]) -> tuple[Reading, ...]:
    return tuple(Reading(r.upos, prefix + r.lemma, r.feats) for r in rs)
