"""An in-memory ledger (``memory:``): for tests, one-off runs and ``check(history=…)``.

Nothing survives the process. Indexes mirror the SQLite store: posts by author
and by campaign kept in time order, and the LSH band keys in a dict, so queries
cost the same whether it holds ten posts or a million.

With ``exact=True`` (how ``check(history=[…])`` wraps the caller's list for one
check) it keeps no band index: a near-duplicate search compares the draft with
every post in the window exactly, which for a short list is cheaper than
computing a MinHash signature per post.
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from .base import Entry, Ledger, LedgerError, Row, from_epoch
from .minhash import shingles


class MemoryLedger(Ledger):
    scheme = "memory"

    def __init__(self, location: str = "memory:", *, exact: bool = False) -> None:
        self.location = location
        self.indexes_bands = not exact
        self._by_time: list[tuple[int, int]] = []
        self._shingle_cache: dict[int, frozenset[int]] = {}
        self._lock = threading.RLock()
        self._entries: dict[int, Entry] = {}
        self._bands_of: dict[int, tuple[int, ...]] = {}
        #: author → sorted [(at, id)]
        self._by_author: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._by_campaign: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._bands: dict[int, set[int]] = defaultdict(set)
        self._next = 1
        self._closed = False

    def _check_open(self) -> None:
        if self._closed:
            raise LedgerError(f"memory ledger {self.location}: closed")

    # --- writing ----------------------------------------------------------------------------

    def _insert(self, rows: Sequence[Row]) -> list[int]:
        with self._lock:
            return [self._insert_locked(r) for r in rows]

    def _insert_locked(self, row: Row) -> int:
        self._check_open()
        entry_id = self._next
        self._next += 1
        self._entries[entry_id] = Entry(entry_id, row.author, from_epoch(row.at), row.kind,
                                        row.channel, row.campaign, row.text, row.post_id,
                                        row.verdict, row.score)
        self._bands_of[entry_id] = row.bands
        bisect.insort(self._by_author[row.author], (row.at, entry_id))
        bisect.insort(self._by_time, (row.at, entry_id))
        if row.campaign is not None:
            bisect.insort(self._by_campaign[row.campaign], (row.at, entry_id))
        for key in row.bands:
            self._bands[key].add(entry_id)
        return entry_id

    def _author_lock(self, author: str) -> AbstractContextManager[None]:
        @contextmanager
        def locked() -> Iterator[None]:
            with self._lock:
                self._check_open()
                yield

        return locked()

    def _delete(self, ids: Sequence[int]) -> int:
        with self._lock:
            self._check_open()
            removed = 0
            for entry_id in ids:
                entry = self._entries.pop(entry_id, None)
                if entry is None:
                    continue
                removed += 1
                at = int(entry.at.timestamp())
                _remove(self._by_author, entry.author, (at, entry_id))
                i = bisect.bisect_left(self._by_time, (at, entry_id))
                if i < len(self._by_time) and self._by_time[i] == (at, entry_id):
                    del self._by_time[i]
                self._shingle_cache.pop(entry_id, None)
                if entry.campaign is not None:
                    _remove(self._by_campaign, entry.campaign, (at, entry_id))
                for key in self._bands_of.pop(entry_id, ()):
                    ids_for_key = self._bands.get(key)
                    if ids_for_key is not None:
                        ids_for_key.discard(entry_id)
                        if not ids_for_key:
                            del self._bands[key]
            return removed

    def _prune(self, before: int) -> int:
        with self._lock:
            old = [i for i, e in self._entries.items() if e.at.timestamp() < before]
            return self._delete(old)

    # --- reading ----------------------------------------------------------------------------

    def _window(self, index: list[tuple[int, int]], since: int, until: int | None) -> list[Entry]:
        lo = bisect.bisect_left(index, (since, -1))
        hi = len(index) if until is None else bisect.bisect_left(index, (until, -1))
        return [self._entries[i] for _, i in index[lo:hi]]

    def _author_entries(self, author: str, since: int, until: int | None,
                        kind: str | None) -> list[Entry]:
        with self._lock:
            self._check_open()
            found = self._window(self._by_author.get(author, []), since, until)
        return [e for e in found if kind is None or e.kind == kind]

    def _last_posts(self, author: str, n: int, before: int | None) -> list[Entry]:
        with self._lock:
            self._check_open()
            index = self._by_author.get(author, [])
            hi = len(index) if before is None else bisect.bisect_left(index, (before, -1))
            return [self._entries[i] for _, i in reversed(index[max(0, hi - n) : hi])]

    def _campaign_entries(self, campaign: str, since: int, until: int | None) -> list[Entry]:
        with self._lock:
            self._check_open()
            return self._window(self._by_campaign.get(campaign, []), since, until)

    def _campaign_authors(self, campaign: str, since: int, until: int | None,
                          exclude_author: str | None) -> int:
        entries = self._campaign_entries(campaign, since, until)
        return len({e.author for e in entries if e.author != exclude_author})

    def _band_candidates(self, bands: tuple[int, ...], since: int, until: int | None,
                         exclude_author: str | None, limit: int) -> list[Entry]:
        with self._lock:
            self._check_open()
            if not self.indexes_bands:  # exact mode: every post in the window
                return [e for e in self._window(self._by_time, since, until)
                        if exclude_author is None or e.author != exclude_author]
            shared: Counter[int] = Counter()
            for key in bands:
                shared.update(self._bands.get(key, ()))
            out = []
            for entry_id, _ in sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0])):
                e = self._entries[entry_id]
                at = e.at.timestamp()
                if at < since or (until is not None and at >= until):
                    continue
                if exclude_author is not None and e.author == exclude_author:
                    continue
                out.append(e)
                if len(out) >= limit:
                    break
            return out

    def _shingles(self, entry: Entry) -> frozenset[int]:
        found = self._shingle_cache.get(entry.id)
        if found is None:
            found = self._shingle_cache[entry.id] = shingles(entry.text)
        return found

    def ping(self) -> None:
        self._check_open()

    def stats(self) -> dict[str, Any]:
        with self._lock:
            self._check_open()
            times = [e.at for e in self._entries.values()]
            return {
                "store": self.scheme,
                "location": self.location,
                "posts": len(self._entries),
                "authors": sum(1 for v in self._by_author.values() if v),
                "campaigns": sum(1 for v in self._by_campaign.values() if v),
                "first": min(times).isoformat() if times else None,
                "last": max(times).isoformat() if times else None,
                "band_keys": sum(len(v) for v in self._bands.values()),
            }

    def export(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            self._check_open()
            entries = sorted(self._entries.values(), key=lambda e: (e.at, e.id))
        for e in entries:
            yield e.as_dict()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._entries.clear()
            self._bands.clear()
            self._by_author.clear()
            self._by_campaign.clear()
            self._by_time.clear()
            self._shingle_cache.clear()


def _remove(index: dict[str, list[tuple[int, int]]], key: str, item: tuple[int, int]) -> None:
    items = index.get(key)
    if not items:
        return
    i = bisect.bisect_left(items, item)
    if i < len(items) and items[i] == item:
        del items[i]
    if not items:
        del index[key]
