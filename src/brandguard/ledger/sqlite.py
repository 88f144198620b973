"""The embedded default ledger: one SQLite file (``sqlite:///posts.db``).

WAL journal (readers never wait for a writer; a killed writer leaves the file
consistent: each record is one transaction), ``synchronous=NORMAL`` (durable
against a crashed process; an OS crash may lose the last commits, never corrupt
the file), and a busy timeout so concurrent processes queue instead of failing.
``reserve`` runs in ``BEGIN IMMEDIATE``: the write lock is taken before the
author's posts are read, so two processes cannot both see a free slot.

Schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`)::

    posts(id INTEGER PRIMARY KEY, author, at, kind, channel, campaign, text,
          post_id, verdict, score, recorded)
      index posts_author_at (author, at), posts_campaign_at (campaign, at), posts_at (at)
    lsh(band, at, post) WITHOUT ROWID, primary key (band, at, post)
      a near-duplicate lookup is one index range per band key, already cut to the window
    meta(key PRIMARY KEY, value)     signature version, created
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from .base import Entry, LedgerError, Row
from .minhash import SIGNATURE_VERSION, TextSignature
from .sql import COLUMNS as _COLUMNS
from .sql import SqlLedger, entry

SCHEMA_VERSION = 1
#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 10_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'company',
    channel TEXT NOT NULL,
    campaign TEXT,
    text TEXT NOT NULL,
    post_id TEXT,
    verdict TEXT,
    score INTEGER,
    recorded INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_author_at ON posts (author, at);
CREATE INDEX IF NOT EXISTS posts_campaign_at ON posts (campaign, at) WHERE campaign IS NOT NULL;
CREATE INDEX IF NOT EXISTS posts_at ON posts (at);
CREATE TABLE IF NOT EXISTS lsh (
    band INTEGER NOT NULL,
    at INTEGER NOT NULL,
    post INTEGER NOT NULL,
    PRIMARY KEY (band, at, post)
) WITHOUT ROWID;
"""


class SqliteLedger(SqlLedger):
    scheme = "sqlite"

    def __init__(self, path: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.location = path
        self._lock = threading.RLock()
        self._closed = False
        try:
            self._conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000,
                                         isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._error("cannot open", exc) from None
        try:
            self._setup(busy_timeout_ms)
        except sqlite3.Error as exc:
            self._conn.close()
            raise self._error("cannot open", exc) from None

    def _error(self, doing: str, exc: BaseException) -> LedgerError:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "unable to open" in detail:
            folder = os.path.dirname(os.path.abspath(self.path)) if self.path != ":memory:" else ""
            if folder and not os.path.isdir(folder):
                detail += f" (the folder {folder} does not exist)"
        return LedgerError(f"sqlite ledger {self.path}: {doing}: {detail}")

    def _setup(self, busy_timeout_ms: int) -> None:
        c = self._conn
        c.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if self.path != ":memory:":
            mode = c.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot switch to WAL journal (got {mode})")
        c.execute("PRAGMA synchronous = NORMAL")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"written by a newer brandguard (schema {version}; "
                                        f"this one reads {SCHEMA_VERSION})")
        if version == SCHEMA_VERSION:
            self._check_signature_version()
            return
        with self._write():
            # Another process may have created it while we waited for the lock.
            if c.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                # One statement at a time: executescript would commit our transaction.
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        c.execute(stmt)
                c.execute("INSERT OR REPLACE INTO meta VALUES ('signature_version', ?)",
                          (str(SIGNATURE_VERSION),))
                c.execute("INSERT OR REPLACE INTO meta VALUES ('created', ?)",
                          (str(int(time.time())),))
                c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_signature_version(self) -> None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'signature_version'"
                                 ).fetchone()
        if row is not None and int(row[0]) != SIGNATURE_VERSION:
            raise sqlite3.DatabaseError(
                f"near-duplicate signatures are version {row[0]}, this brandguard uses "
                f"{SIGNATURE_VERSION}; export and re-import the ledger")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the database's write lock up front."""
        with self._lock:
            if self._closed:
                raise LedgerError(f"sqlite ledger {self.path}: closed")
            c = self._conn
            c.execute("BEGIN IMMEDIATE")
            try:
                yield c
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise LedgerError(f"sqlite ledger {self.path}: closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise self._error("cannot read", exc) from None

    # --- writing ----------------------------------------------------------------------------

    def _insert(self, rows: Sequence[Row]) -> list[int]:
        try:
            with self._write():
                return [self._insert_locked(r) for r in rows]
        except sqlite3.Error as exc:
            raise self._error("cannot write", exc) from None

    def _insert_locked(self, row: Row) -> int:
        c = self._conn
        cur = c.execute(
            "INSERT INTO posts (author, at, kind, channel, campaign, text, post_id, verdict,"
            " score, recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.author, row.at, row.kind, row.channel, row.campaign, row.text, row.post_id,
             row.verdict, row.score, int(time.time())))
        entry_id = int(cur.lastrowid or 0)
        c.executemany("INSERT OR IGNORE INTO lsh (band, at, post) VALUES (?, ?, ?)",
                      [(key, row.at, entry_id) for key in row.bands])
        return entry_id

    def _author_lock(self, author: str) -> AbstractContextManager[None]:
        @contextmanager
        def locked() -> Iterator[None]:
            try:
                with self._write():
                    yield
            except sqlite3.Error as exc:
                raise self._error("cannot reserve", exc) from None

        return locked()

    def _delete(self, ids: Sequence[int]) -> int:
        try:
            with self._write() as c:
                removed = 0
                for entry_id in ids:
                    row = c.execute("SELECT at, text FROM posts WHERE id = ?",
                                    (entry_id,)).fetchone()
                    if row is None:
                        continue
                    # The keys follow from the text: delete them by primary key, no scan.
                    c.executemany("DELETE FROM lsh WHERE band = ? AND at = ? AND post = ?",
                                  [(key, row[0], entry_id)
                                   for key in TextSignature.of(row[1]).bands])
                    removed += c.execute("DELETE FROM posts WHERE id = ?", (entry_id,)).rowcount
                return removed
        except sqlite3.Error as exc:
            raise self._error("cannot delete", exc) from None

    def _prune(self, before: int) -> int:
        try:
            with self._write() as c:
                c.execute("DELETE FROM lsh WHERE at < ?", (before,))
                return c.execute("DELETE FROM posts WHERE at < ?", (before,)).rowcount
        except sqlite3.Error as exc:
            raise self._error("cannot prune", exc) from None

    # --- reading ----------------------------------------------------------------------------

    def _rows(self, sql: str, args: Sequence[Any]) -> list[Sequence[Any]]:
        with self._read() as c:
            return c.execute(sql, args).fetchall()

    def _band_candidates(self, bands: tuple[int, ...], since: int, until: int | None,
                         exclude_author: str | None, limit: int) -> list[Entry]:
        marks = ",".join("?" * len(bands))
        time_sql = " AND at < ?" if until is not None else ""
        args: list[Any] = [*bands, since, *([until] if until is not None else [])]
        author_sql = ""
        if exclude_author is not None:
            author_sql = " WHERE p.author != ?"
            args.append(exclude_author)
        sql = (f"SELECT p.{_COLUMNS.replace(', ', ', p.')} FROM "
               f"(SELECT post, COUNT(*) AS shared FROM lsh WHERE band IN ({marks}) AND at >= ?"
               f"{time_sql} GROUP BY post) AS c JOIN posts AS p ON p.id = c.post{author_sql} "
               "ORDER BY c.shared DESC, p.at DESC LIMIT ?")
        args.append(limit)
        with self._read() as c:
            return [entry(r) for r in c.execute(sql, args)]

    def stats(self) -> dict[str, Any]:
        with self._read() as c:
            posts, first, last = c.execute("SELECT COUNT(*), MIN(at), MAX(at) FROM posts"
                                           ).fetchone()
            authors = c.execute("SELECT COUNT(*) FROM (SELECT DISTINCT author FROM posts)"
                                ).fetchone()[0]
            campaigns = c.execute("SELECT COUNT(*) FROM (SELECT DISTINCT campaign FROM posts "
                                  "WHERE campaign IS NOT NULL)").fetchone()[0]
            pages, page_size = (c.execute("PRAGMA page_count").fetchone()[0],
                                c.execute("PRAGMA page_size").fetchone()[0])
        size = pages * page_size
        if self.path != ":memory:":
            wal = self.path + "-wal"
            size = os.path.getsize(self.path) + (os.path.getsize(wal) if os.path.exists(wal)
                                                 else 0)
        return self._stats(posts, authors, campaigns, first, last, size, SCHEMA_VERSION)

    def ping(self) -> None:
        with self._read() as c:
            c.execute("SELECT value FROM meta LIMIT 1").fetchall()

    def integrity(self) -> list[str]:
        """Problems SQLite's integrity check and the ledger's own invariants find."""
        with self._read() as c:
            problems = [r[0] for r in c.execute("PRAGMA integrity_check") if r[0] != "ok"]
            orphans = c.execute("SELECT COUNT(*) FROM lsh WHERE post NOT IN "
                                "(SELECT id FROM posts)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} band keys of posts that are gone")
        return problems

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (after a bulk import)."""
        with self._read() as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
