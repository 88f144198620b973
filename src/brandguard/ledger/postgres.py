"""The shared ledger: PostgreSQL (``postgresql://user@host:5432/db``), psycopg 3.

For several application servers sharing one posting history. Install with
``pip install 'brandguard[postgres]'``. Tables (created on first use, under an
advisory lock so two servers starting together do not race)::

    brandguard_posts(id bigserial, author, at, kind, channel, campaign, text, post_id,
                     verdict, score, recorded)
      indexes (author, at), (campaign, at) where campaign is not null, (at)
    brandguard_lsh(band, at, post)  primary key (band, at, post)
    brandguard_meta(key, value)

``reserve`` takes ``pg_advisory_xact_lock`` on the author inside its
transaction: reservations for one employee queue, others run in parallel, and
the lock goes with the commit (or the dropped connection).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from .base import Entry, LedgerError, Row
from .minhash import SIGNATURE_VERSION, TextSignature
from .sql import COLUMNS as _COLUMNS
from .sql import SqlLedger

SCHEMA_VERSION = 1
#: First key of the two-key advisory locks (ASCII "bg"), so they do not collide
#: with other applications' locks on the same database.
LOCK_CLASS = 0x6267
_SCHEMA_LOCK = -1
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS brandguard_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS brandguard_posts (
        id BIGSERIAL PRIMARY KEY,
        author TEXT NOT NULL,
        at BIGINT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'company',
        channel TEXT NOT NULL,
        campaign TEXT,
        text TEXT NOT NULL,
        post_id TEXT,
        verdict TEXT,
        score INTEGER,
        recorded BIGINT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS brandguard_posts_author_at ON brandguard_posts (author, at)",
    "CREATE INDEX IF NOT EXISTS brandguard_posts_campaign_at ON brandguard_posts (campaign, at)"
    " WHERE campaign IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS brandguard_posts_at ON brandguard_posts (at)",
    """CREATE TABLE IF NOT EXISTS brandguard_lsh (
        band BIGINT NOT NULL,
        at BIGINT NOT NULL,
        post BIGINT NOT NULL,
        PRIMARY KEY (band, at, post))""",
]


def _where(url: str) -> str:
    """host:port/db of a URL, without user or password."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(url)
    except Exception:
        return "(unparsable URL)"
    host = info.get("host") or "localhost"
    port = info.get("port") or "5432"
    return f"{host}:{port}/{info.get('dbname') or info.get('user') or ''}"


class PostgresLedger(SqlLedger):
    scheme = "postgresql"
    param = "%s"
    posts_table = "brandguard_posts"

    def __init__(self, url: str, *, connect_timeout: int = 5,
                 statement_timeout: float = 10.0) -> None:
        self.location = _where(url)
        self._url = url
        self._timeout = connect_timeout
        # A frozen or unreachable server must not hang a check (issue 13): every statement,
        # lock wait and socket read is bounded, and so is the wait for this object's lock.
        self._statement_timeout = statement_timeout
        self._lock = threading.RLock()
        self._closed = False
        try:
            import psycopg
        except ImportError:
            raise LedgerError(f"postgresql ledger {self.location}: psycopg is not installed; "
                              "pip install 'brandguard[postgres]'") from None
        self._psycopg = psycopg
        self._conn = self._connect()
        try:
            self._setup()
        except psycopg.Error as exc:
            self._conn.close()
            raise self._error("cannot set up the tables", exc) from None

    def _error(self, doing: str, exc: BaseException) -> LedgerError:
        text = str(exc).strip()
        detail = text.splitlines()[0].strip() if text else type(exc).__name__
        # libpq's "connection to server at … failed: Connection refused" → the cause.
        if "failed:" in detail:
            detail = detail.rsplit("failed:", 1)[1].strip()
        return LedgerError(f"postgresql ledger {self.location}: {doing}: {detail}")

    def _connect(self) -> Any:
        psycopg = self._psycopg
        kwargs: dict[str, Any] = {"autocommit": True}
        if "connect_timeout" not in self._url:
            kwargs["connect_timeout"] = self._timeout
        ms = int(self._statement_timeout * 1000)
        if "options" not in self._url:
            kwargs["options"] = (f"-c statement_timeout={ms} -c lock_timeout={ms} "
                                 f"-c idle_in_transaction_session_timeout={ms * 3}")
        if "keepalives" not in self._url:
            kwargs.update(keepalives=1, keepalives_idle=5, keepalives_interval=2,
                          keepalives_count=3)
        if "tcp_user_timeout" not in self._url:
            kwargs["tcp_user_timeout"] = ms  # unacknowledged writes to a dead server
        try:
            return psycopg.connect(self._url, **kwargs)
        except psycopg.Error as exc:
            raise self._error("cannot connect", exc) from None

    def _setup(self) -> None:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS, _SCHEMA_LOCK))
            for stmt in _SCHEMA:
                self._conn.execute(stmt)
            self._conn.execute(
                "INSERT INTO brandguard_meta VALUES ('schema', %s), ('signature_version', %s) "
                "ON CONFLICT (key) DO NOTHING", (str(SCHEMA_VERSION), str(SIGNATURE_VERSION)))
            rows = dict(self._conn.execute("SELECT key, value FROM brandguard_meta").fetchall())
        if int(rows.get("schema", SCHEMA_VERSION)) > SCHEMA_VERSION:
            raise LedgerError(f"postgresql ledger {self.location}: written by a newer "
                              f"brandguard (schema {rows['schema']})")
        if int(rows.get("signature_version", SIGNATURE_VERSION)) != SIGNATURE_VERSION:
            raise LedgerError(f"postgresql ledger {self.location}: near-duplicate signatures "
                              f"are version {rows['signature_version']}, this brandguard uses "
                              f"{SIGNATURE_VERSION}; export and re-import the ledger")

    @contextmanager
    def _session(self, doing: str) -> Iterator[Any]:
        """The connection, reconnecting once if the server dropped it; errors → LedgerError."""
        psycopg = self._psycopg
        wait = self._statement_timeout * 2 + self._timeout
        if not self._lock.acquire(timeout=wait):
            raise LedgerError(f"postgresql ledger {self.location}: {doing}: busy for more than "
                              f"{wait:g} s (another thread is waiting for the server)")
        try:
            if self._closed:
                raise LedgerError(f"postgresql ledger {self.location}: closed")
            if self._conn.closed or self._conn.broken:
                self._conn = self._connect()
            try:
                yield self._conn
            except psycopg.Error as exc:
                raise self._error(doing, exc) from None
        finally:
            self._lock.release()

    # --- writing ----------------------------------------------------------------------------

    def _insert(self, rows: Sequence[Row]) -> list[int]:
        with self._session("cannot write") as conn, conn.transaction():
            return [self._insert_row(conn, r) for r in rows]

    def _insert_row(self, conn: Any, row: Row) -> int:
        entry_id = conn.execute(
            "INSERT INTO brandguard_posts (author, at, kind, channel, campaign, text, post_id,"
            " verdict, score, recorded) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " RETURNING id",
            (row.author, row.at, row.kind, row.channel, row.campaign, row.text, row.post_id,
             row.verdict, row.score, int(time.time()))).fetchone()[0]
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO brandguard_lsh (band, at, post) VALUES (%s, %s, %s)"
                            " ON CONFLICT DO NOTHING",
                            [(key, row.at, entry_id) for key in row.bands])
        return int(entry_id)

    def _insert_locked(self, row: Row) -> int:
        return self._insert_row(self._conn, row)

    def _author_lock(self, author: str) -> AbstractContextManager[None]:
        @contextmanager
        def locked() -> Iterator[None]:
            with self._session("cannot reserve") as conn, conn.transaction():
                # Serialises reservations for this author across every server; read
                # committed then sees every post committed before the lock was granted.
                conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                             (LOCK_CLASS, author))
                yield

        return locked()

    def _delete(self, ids: Sequence[int]) -> int:
        removed = 0
        with self._session("cannot delete") as conn, conn.transaction():
            for entry_id in ids:
                row = conn.execute("SELECT at, text FROM brandguard_posts WHERE id = %s",
                                   (entry_id,)).fetchone()
                if row is None:
                    continue
                bands = list(TextSignature.of(row[1]).bands)
                conn.execute("DELETE FROM brandguard_lsh WHERE band = ANY(%s) AND at = %s "
                             "AND post = %s", (bands, row[0], entry_id))
                removed += conn.execute("DELETE FROM brandguard_posts WHERE id = %s",
                                        (entry_id,)).rowcount
        return removed

    def _prune(self, before: int) -> int:
        with self._session("cannot prune") as conn, conn.transaction():
            conn.execute("DELETE FROM brandguard_lsh WHERE at < %s", (before,))
            return int(conn.execute("DELETE FROM brandguard_posts WHERE at < %s",
                                    (before,)).rowcount)

    # --- reading ----------------------------------------------------------------------------

    def _rows(self, sql: str, args: Sequence[Any]) -> list[Sequence[Any]]:
        with self._session("cannot read") as conn:
            rows: list[Sequence[Any]] = conn.execute(sql, args).fetchall()
            return rows

    def _band_candidates(self, bands: tuple[int, ...], since: int, until: int | None,
                         exclude_author: str | None, limit: int) -> list[Entry]:
        args: list[Any] = [list(bands), since]
        time_sql = ""
        if until is not None:
            time_sql = " AND at < %s"
            args.append(until)
        author_sql = ""
        if exclude_author is not None:
            author_sql = " WHERE p.author <> %s"
            args.append(exclude_author)
        cols = ", ".join(f"p.{c}" for c in _COLUMNS.split(", "))
        sql = (f"SELECT {cols} FROM (SELECT post, COUNT(*) AS shared FROM brandguard_lsh "
               f"WHERE band = ANY(%s) AND at >= %s{time_sql} GROUP BY post) AS c "
               f"JOIN brandguard_posts AS p ON p.id = c.post{author_sql} "
               "ORDER BY c.shared DESC, p.at DESC LIMIT %s")
        args.append(limit)
        return self._entries(sql, args)

    def ping(self) -> None:
        with self._session("cannot read") as conn:
            conn.execute("SELECT 1").fetchall()

    def stats(self) -> dict[str, Any]:
        with self._session("cannot read") as conn:
            posts, first, last, authors, campaigns = conn.execute(
                "SELECT COUNT(*), MIN(at), MAX(at), COUNT(DISTINCT author), "
                "COUNT(DISTINCT campaign) FROM brandguard_posts").fetchone()
            size = conn.execute(
                "SELECT pg_total_relation_size('brandguard_posts') + "
                "pg_total_relation_size('brandguard_lsh')").fetchone()[0]
        return self._stats(posts, authors, campaigns, first, last, size, SCHEMA_VERSION)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()
