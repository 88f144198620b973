"""A bounded, thread-safe least-recently-used cache for the process-wide word caches.

The lexicon and the speller keep what they looked up per word form. Those caches
used to be plain dicts cleared when full and then read back, so a reader could find
its key gone (issue 13). Here a reader never depends on what stays in the cache:
:meth:`BoundedCache.get_many` returns the hits it found, the caller computes the
rest and keeps its own answers, and :meth:`BoundedCache.put_many` only adds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Entries of each process-wide word cache (the lexicon's, the speller's, the Danish
#: pack's). 2,000 posts of real web text (6,000 Leipzig sentences) hold 27,500 distinct
#: forms, most of them once; the least recently used go first, so the forms that repeat
#: stay. A stream of random words fills every cache to this bound: it sets their share
#: of the 300 MB budget of issue 13 (a few MB each; at 20,000 the worst-case bench
#: peaked at 307 MB, at 10,000 at 298, and the warm bench was no slower).
DEFAULT_SIZE = 10_000


def remember(table: dict[K, V], key: K, value: V, bound: int = DEFAULT_SIZE) -> None:
    """Keep ``value`` in a plain dict used as a per-word table of pure answers; a full
    table starts afresh, so a stream of junk words cannot fill it for good. Only for
    callers that never read back what they wrote (they keep their own answer)."""
    if len(table) >= bound:
        table.clear()
    table[key] = value


class BoundedCache(Generic[K, V]):
    """At most ``maxsize`` entries; the least recently used go first. Thread-safe."""

    def __init__(self, maxsize: int = DEFAULT_SIZE) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize: expected at least 1, got {maxsize}")
        self.maxsize = maxsize
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: K) -> V | None:
        """The value of ``key``, or None when it is not cached."""
        with self._lock:
            try:
                self._data.move_to_end(key)
            except KeyError:
                return None
            return self._data[key]

    def get_many(self, keys: Iterable[K]) -> dict[K, V]:
        """The cached ones of ``keys`` (a key that is not cached is simply absent)."""
        out: dict[K, V] = {}
        data = self._data
        with self._lock:
            for key in keys:
                if key in out:
                    continue
                try:
                    data.move_to_end(key)
                except KeyError:
                    continue
                out[key] = data[key]
        return out

    def put(self, key: K, value: V) -> None:
        self.put_many({key: value})

    def put_many(self, items: Mapping[K, V]) -> None:
        data = self._data
        with self._lock:
            for key, value in items.items():
                data[key] = value
                data.move_to_end(key)
            while len(data) > self.maxsize:
                data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class GenerationalCache(Generic[K, V]):
    """A bounded cache for hot paths: plain dict reads, no bookkeeping per hit.

    Two generations of at most ``maxsize // 2`` entries each: new entries (and old
    ones read again) go to the young generation; when it is full it becomes the old
    one and the previous old generation is dropped whole. So at most ``maxsize``
    entries are kept, the words a stream of posts keeps using stay, and a read is one
    ``dict.get`` (an LRU moves every key it reads). As with :class:`BoundedCache`, a
    reader never depends on what stays: :meth:`lookup` says which keys it has not got.
    Thread-safe: writers take a lock; readers see either generation whole.
    """

    def __init__(self, maxsize: int = DEFAULT_SIZE) -> None:
        if maxsize < 2:
            raise ValueError(f"maxsize: expected at least 2, got {maxsize}")
        self.maxsize = maxsize
        self._half = maxsize // 2
        self._young: dict[K, V] = {}
        self._old: dict[K, V] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._young) + len(self._old)

    def lookup(self, keys: list[K]) -> tuple[list[V | None], list[K]]:
        """The value of each key (None where it is not cached), and the keys not cached."""
        values = list(map(self._young.get, keys))  # in C: this runs for every token
        if None not in values:
            return values, []
        old = self._old
        missing: list[K] = []
        revived: dict[K, V] = {}
        for n, k in enumerate(keys):
            if values[n] is None:
                v = old.get(k)
                if v is None:
                    missing.append(k)
                else:
                    values[n] = v
                    revived[k] = v
        if revived:
            self.put_many(revived)
        return values, missing

    def put_many(self, items: Mapping[K, V]) -> None:
        with self._lock:
            young = self._young
            for key, value in items.items():
                if len(young) >= self._half:
                    self._old = young
                    young = self._young = {}
                young[key] = value
