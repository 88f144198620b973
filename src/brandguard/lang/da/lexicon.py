"""The Danish word-form lexicon: lemmas and known words, from spacy-lookups-data.

spaCy's own lemmatizer fills a Python table with one call per entry (553,116
entries, about 2 s and 200 MB at every start). We read the same JSON once into a
small SQLite file in the user's cache folder and look words up on demand, with
an in-process cache in front: a cold start costs a few milliseconds, memory stays
small, and the table doubles as the lexicon for spelling and compounds.

The cache file is keyed by the data version; it is rebuilt atomically if missing
or corrupt. Set ``BRANDGUARD_CACHE_DIR`` to choose its folder.
"""

from __future__ import annotations

import gzip
import json
import marshal
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from brandguard.boundedcache import DEFAULT_SIZE, BoundedCache, GenerationalCache

from ...diskcache import cache_dir, cached
from ...watchdog import loading

_SCHEMA = 3
#: Word frequencies copied from wordfreq at build time, so no run imports wordfreq.
FREQUENCY_LANGS = ("da", "en")

#: Entries of each word cache (lookups, frequencies, lemmas). A full LRU cache of 300,000
#: took 60 MB of a 300 MB budget (issue 13); running text repeats far fewer distinct
#: forms than this.
_MAX_CACHE = DEFAULT_SIZE

# Closed-class words whose table entry is wrong for our purposes (`med` → `mede`):
# a function word keeps its own form unless the table maps it to another function word.
_FUNCTION_WORD_LEMMAS = {"er": "være", "var": "være", "været": "være", "har": "have",
                         "havde": "have", "haft": "have", "kan": "kunne", "kunne": "kunne",
                         "vil": "ville", "skal": "skulle", "må": "måtte", "bør": "burde",
                         "blev": "blive", "bliver": "blive"}


#: The least wordfreq frequency (about Zipf 2) of a word the speller may suggest from its
#: delete index.
DELETE_INDEX_MIN_FREQ = 1e-7


def one_letter_deletes(word: str) -> set[str]:
    """The word less one letter, each way (the keys of the speller's delete index)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class LexiconError(RuntimeError):
    """The lexicon data cannot be read or its cache cannot be built."""


def _source_json() -> Path:
    try:
        ref = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    except ModuleNotFoundError as exc:  # pragma: no cover - it is a dependency
        raise LexiconError("spacy-lookups-data is not installed") from exc
    return Path(str(ref))


def _data_version() -> str:
    versions = []
    for dist in ("spacy-lookups-data", "wordfreq"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:  # pragma: no cover
            versions.append("unknown")
    return "-".join(versions)


def _build(target: Path) -> None:
    with gzip.open(_source_json(), "rt", encoding="utf-8") as fh:
        table: dict[str, str] = json.load(fh)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
        rows = dict(table)
        for lemma in set(table.values()):
            rows.setdefault(lemma, lemma)
        con.executemany("INSERT INTO forms VALUES (?, ?)", rows.items())
        con.execute("CREATE TABLE freq (lang TEXT, word TEXT, f REAL NOT NULL, "
                    "PRIMARY KEY (lang, word)) WITHOUT ROWID")
        from wordfreq import get_frequency_dict

        for lang in FREQUENCY_LANGS:
            con.executemany("INSERT INTO freq VALUES (?, ?, ?)",
                            ((lang, w, f) for w, f in get_frequency_dict(lang).items()))
        # The speller's delete index (SymSpell): each Danish word of wordfreq at or above
        # :data:`DELETE_INDEX_MIN_FREQ`, alphabetic and of three letters or more, under
        # itself and under each of its one-letter deletes. In memory it took 20-29 MB of
        # the 300 MB budget and 1.5 s to build at first need (issue 13); here a
        # suggestion search is one query.
        con.execute("CREATE TABLE deletes (key TEXT, word TEXT, PRIMARY KEY (key, word)) "
                    "WITHOUT ROWID")
        words = [w for w, f in con.execute("SELECT word, f FROM freq WHERE lang = 'da'")
                 if f >= DELETE_INDEX_MIN_FREQ and w.isalpha() and len(w) >= 3]
        con.executemany("INSERT OR IGNORE INTO deletes VALUES (?, ?)",
                        ((d, w) for w in words for d in (w, *one_letter_deletes(w))))
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('schema', ?), ('entries', ?)",
                    (str(_SCHEMA), str(len(rows))))
        con.commit()
        con.close()
        os.replace(tmp, target)  # atomic: concurrent builders never see a half file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _frequency_groups(con: sqlite3.Connection, lang: str) -> tuple[dict[str, tuple[int, int]], bytes]:
    """``lang``'s word → frequency, grouped by the words' first two letters, each group
    a marshalled dict: where each group's bytes are, and the bytes (see :class:`FrequencyTable`)."""
    groups: dict[str, dict[str, float]] = {}
    for word, f in con.execute("SELECT word, f FROM freq WHERE lang = ?", (lang,)):
        groups.setdefault(word[:2], {})[word] = f
    index: dict[str, tuple[int, int]] = {}
    blobs: list[bytes] = []
    at = 0
    for key, group in groups.items():
        blob = marshal.dumps(group)
        blobs.append(blob)
        index[key] = (at, at + len(blob))
        at += len(blob)
    return index, b"".join(blobs)


class FrequencyTable:
    """One language's word → frequency, a group of words (by their first two letters)
    made into a dict on first use: a check asks a few words of the 29,454 Danish ones,
    and a group of marshalled floats reads back exactly and in microseconds."""

    def __init__(self, parts: tuple[dict[str, tuple[int, int]], bytes],
                 reread: Callable[[str], dict[str, float]]) -> None:
        """``reread(key)``: the group from the lexicon itself, for a damaged entry."""
        self._index, self._blob = parts
        self._reread = reread
        self._groups: dict[str, dict[str, float]] = {}

    def _group(self, key: str) -> dict[str, float]:
        g = self._groups.get(key)
        if g is None:
            span = self._index.get(key)
            if span is None:
                g = {}
            else:
                try:
                    g = marshal.loads(self._blob[span[0]:span[1]])
                except (EOFError, ValueError, TypeError):
                    g = None
                if not isinstance(g, dict):  # a damaged cache entry costs only the query
                    g = self._reread(key)
            self._groups[key] = g  # a race only reads the same group twice
        return g

    def get(self, word: str, default: float = 0.0) -> float:
        """The frequency of ``word``, ``default`` when unlisted."""
        return self._group(word[:2]).get(word, default)

    def items(self) -> Iterator[tuple[str, float]]:
        """Every (word, frequency)."""
        for key in self._index:
            yield from self._group(key).items()


class Lexicon:
    """Danish word forms → lemma. Thread-safe; one per process (see :func:`get_lexicon`)."""

    def __init__(self, path: Path | None = None, *, cache_size: int = _MAX_CACHE) -> None:
        self.path = path or cache_dir() / f"da-lexicon-{_data_version()}-s{_SCHEMA}.sqlite"
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        # Bounded LRU caches: a reader never reads back what it did not find (issue 13).
        self._cache: BoundedCache[str, str | None] = BoundedCache(cache_size)
        self._freq: BoundedCache[tuple[str, str], float] = BoundedCache(cache_size)
        self._freq_tables: dict[str, FrequencyTable] = {}
        #: lower-case form → the lemma :meth:`lemmatise` gives it (every token of every post).
        self._lemmas: GenerationalCache[str, str] = GenerationalCache(max(2, cache_size))

    def _connect(self) -> sqlite3.Connection:
        if self._con is not None:
            return self._con
        with loading():  # the first connection may build the cache (seconds, once)
            return self._open()

    def _open(self) -> sqlite3.Connection:
        for attempt in range(2):
            if not self.path.exists():
                try:
                    _build(self.path)
                except OSError:
                    # Read-only home: build in the temp folder instead.
                    self.path = Path(tempfile.gettempdir()) / "brandguard" / self.path.name
                    if not self.path.exists():
                        _build(self.path)
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                      check_same_thread=False)
                con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                self._con = con
                return con
            except sqlite3.DatabaseError:
                if attempt:
                    raise LexiconError(f"cannot read the lexicon cache {self.path}") from None
                self.path.unlink(missing_ok=True)  # corrupt: rebuild once
        raise LexiconError(f"cannot read the lexicon cache {self.path}")  # pragma: no cover

    def lookup_many(self, forms: Iterable[str], *, remember: bool = True) -> dict[str, str | None]:
        """Lemma of each form (None when unknown), exact case. ``remember=False``: what is
        not cached yet is looked up but not kept, for one-off candidates (the hundreds of
        edits of a word the speller tries), so they do not push the words of running
        text out of the bounded cache (issue 13)."""
        forms = list(forms)
        out: dict[str, str | None] = self._cache.get_many(forms)
        missing = [f for f in set(forms) if f not in out]
        if missing:
            found = dict(self._rows_in("SELECT form, lemma FROM forms WHERE form IN ({})", missing))
            new = {f: found.get(f) for f in missing}
            if remember:
                self._cache.put_many(new)
            out.update(new)
        return out

    def lemma_of(self, form: str) -> str | None:
        """The lemma of a form, trying the lower-case form too."""
        got = self.lookup_many([form])[form]
        if got is None and not form.islower():
            got = self.lookup_many([form.lower()])[form.lower()]
        return got

    def known(self, form: str) -> bool:
        """Is this a Danish word form (any case)?"""
        return self.lemma_of(form) is not None

    def count_prefix(self, prefix: str, limit: int = 100) -> int:
        """How many forms start with ``prefix`` (at most ``limit``): how productive a
        compound head is (`energi…` heads hundreds of forms)."""
        with self._lock:
            con = self._connect()
            row = con.execute(
                "SELECT count(*) FROM (SELECT 1 FROM forms WHERE form > ? AND form < ? LIMIT ?)",
                (prefix, prefix + "\U0010ffff", limit)).fetchone()
        return int(row[0])

    def frequency(self, word: str, lang: str) -> float:
        """wordfreq's frequency of ``word`` in ``lang`` (0.0 when unlisted)."""
        key = (lang, word)
        got = self._freq.get(key)
        if got is None:
            with self._lock:
                con = self._connect()
                row = con.execute("SELECT f FROM freq WHERE lang = ? AND word = ?", key).fetchone()
            got = float(row[0]) if row else 0.0
            self._freq.put(key, got)
        return got

    def frequencies(self, words: Iterable[str], lang: str) -> dict[str, float]:
        """:meth:`frequency` of each word, those not cached yet in one query per 500
        (a query costs about 20 µs: a post of 300 new words asked them one by one)."""
        out: dict[str, float] = {}
        missing: list[str] = []
        for w in dict.fromkeys(words):
            got = self._freq.get((lang, w))
            if got is None:
                missing.append(w)
            else:
                out[w] = got
        if missing:
            found = dict(self._rows_in("SELECT word, f FROM freq WHERE lang = ? AND word IN ({})",
                                       missing, lang))
            for w in missing:
                out[w] = f = float(found.get(w, 0.0))
                self._freq.put((lang, w), f)
        return out

    def words_under(self, keys: Iterable[str]) -> set[str]:
        """The words of the delete index (see :func:`_build`) filed under any of ``keys``:
        the words that a key is, or is the word less one letter."""
        return {w for (w,) in self._rows_in("SELECT word FROM deletes WHERE key IN ({})", list(keys))}

    def _rows_in(self, sql: str, keys: list[str], *params: str) -> list[Any]:
        """The rows of ``sql`` (its ``IN ({})`` filled with ``keys``, after ``params``),
        500 keys a query (SQLite's limit on variables is 999 in old builds)."""
        rows: list[Any] = []
        with self._lock:
            con = self._connect()
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                rows.extend(con.execute(sql.format(",".join("?" * len(chunk))), (*params, *chunk)))
        return rows

    def frequency_table(self, lang: str) -> FrequencyTable:
        """Every word of ``lang`` with its frequency (read once).

        Kept in the cache folder (:mod:`~brandguard.diskcache`) under the identity of the
        SQLite file (path, size, modification time): reading the 29,454 Danish rows took
        22 ms of a first check that asks a handful of words."""
        table = self._freq_tables.get(lang)
        if table is None:
            with self._lock:
                table = self._freq_tables.get(lang)
                if table is None:
                    con = self._connect()
                    st = self.path.stat()
                    identity = f"{self.path}\0{st.st_size}\0{st.st_mtime_ns}\0{lang}".encode()
                    table = FrequencyTable(cached(f"da-lexicon-freq-{lang}", identity,
                                                  lambda _: _frequency_groups(con, lang),
                                                  schema=1),
                                           lambda key: self._frequency_group(lang, key))
                    self._freq_tables[lang] = table
        return table

    def _frequency_group(self, lang: str, key: str) -> dict[str, float]:
        """``lang``'s words that start with ``key`` (their first two letters), from SQLite."""
        with self._lock:
            rows = self._connect().execute(
                "SELECT word, f FROM freq WHERE lang = ? AND substr(word, 1, 2) = ?", (lang, key))
            return dict(rows)

    def lemmatise(self, lowers: list[str]) -> list[str]:
        """Lemmas for lower-case forms; unknown forms are their own lemma."""
        got, missing = self._lemmas.lookup(lowers)
        if not missing:
            return got  # type: ignore[return-value]  # no None left in it
        table = self.lookup_many(missing)
        stop = stop_words()
        new: dict[str, str] = {}
        for w in missing:
            lemma = table[w]
            if lemma is None:
                new[w] = w
            elif w in _FUNCTION_WORD_LEMMAS:
                new[w] = _FUNCTION_WORD_LEMMAS[w]
            elif w in stop and lemma not in stop:
                new[w] = w
            else:
                new[w] = lemma
        self._lemmas.put_many(new)
        return [new[w] if lemma is None else lemma for w, lemma in zip(lowers, got, strict=True)]


@cache
def stop_words() -> frozenset[str]:
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_lexicon: Lexicon | None = None
_lexicon_lock = threading.Lock()


def get_lexicon() -> Lexicon:
    """The process-wide Danish lexicon (opened lazily)."""
    global _lexicon
    if _lexicon is None:
        with loading(), _lexicon_lock:  # waiting for another thread's load is loading too
            if _lexicon is None:
                _lexicon = Lexicon()
    return _lexicon
