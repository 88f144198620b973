"""The queries SQLite and PostgreSQL ledgers share, written once.

The two stores differ only in the placeholder (``?`` or ``%s``), the table
name, and how a connection is held; each implements :meth:`SqlLedger._rows`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from .base import Entry, Ledger, from_epoch

#: Posts per page when exporting: an export of a million posts holds one page in memory.
EXPORT_PAGE = 1000

COLUMNS = "id, author, at, kind, channel, campaign, text, post_id, verdict, score"


def entry(row: Sequence[Any]) -> Entry:
    """An Entry from a row of :data:`COLUMNS`."""
    return Entry(row[0], row[1], from_epoch(row[2]), row[3], row[4], row[5], row[6], row[7],
                 row[8], row[9])


class SqlLedger(Ledger):
    """A ledger over a SQL database with a posts table of :data:`COLUMNS`."""

    #: The driver's placeholder.
    param: ClassVar[str] = "?"
    #: The posts table.
    posts_table: ClassVar[str] = "posts"

    @abc.abstractmethod
    def _rows(self, sql: str, args: Sequence[Any]) -> list[Sequence[Any]]:
        """Run a read query; driver errors become LedgerError."""

    def _filters(self, sql: str, args: list[Any], *conditions: tuple[str, Any]) -> str:
        """Append ``AND <column op> ?`` for each condition whose value is not None."""
        for clause, value in conditions:
            if value is not None:
                sql += f" AND {clause} {self.param}"
                args.append(value)
        return sql

    def _entries(self, sql: str, args: Sequence[Any]) -> list[Entry]:
        return [entry(r) for r in self._rows(sql, args)]

    def _author_entries(self, author: str, since: int, until: int | None,
                        kind: str | None) -> list[Entry]:
        p = self.param
        args: list[Any] = [author, since]
        sql = f"SELECT {COLUMNS} FROM {self.posts_table} WHERE author = {p} AND at >= {p}"
        sql = self._filters(sql, args, ("at <", until), ("kind =", kind))
        return self._entries(sql + " ORDER BY at, id", args)

    def _last_posts(self, author: str, n: int, before: int | None) -> list[Entry]:
        args: list[Any] = [author]
        sql = f"SELECT {COLUMNS} FROM {self.posts_table} WHERE author = {self.param}"
        sql = self._filters(sql, args, ("at <", before))
        return self._entries(sql + f" ORDER BY at DESC, id DESC LIMIT {self.param}", [*args, n])

    def _campaign_entries(self, campaign: str, since: int, until: int | None) -> list[Entry]:
        p = self.param
        args: list[Any] = [campaign, since]
        sql = f"SELECT {COLUMNS} FROM {self.posts_table} WHERE campaign = {p} AND at >= {p}"
        sql = self._filters(sql, args, ("at <", until))
        return self._entries(sql + " ORDER BY at, id", args)

    def _campaign_authors(self, campaign: str, since: int, until: int | None,
                          exclude_author: str | None) -> int:
        p = self.param
        args: list[Any] = [campaign, since]
        sql = (f"SELECT COUNT(DISTINCT author) FROM {self.posts_table} "
               f"WHERE campaign = {p} AND at >= {p}")
        sql = self._filters(sql, args, ("at <", until), ("author <>", exclude_author))
        return int(self._rows(sql, args)[0][0])

    def export(self) -> Iterator[dict[str, Any]]:
        last = 0
        sql = (f"SELECT {COLUMNS} FROM {self.posts_table} WHERE id > {self.param} "
               f"ORDER BY id LIMIT {EXPORT_PAGE}")
        while True:
            rows = self._entries(sql, (last,))
            if not rows:
                return
            for e in rows:
                yield e.as_dict()
            last = rows[-1].id

    def _stats(self, posts: int, authors: int, campaigns: int, first: int | None,
               last: int | None, size: int, schema: int) -> dict[str, Any]:
        """The ``stats()`` mapping both stores return."""
        return {
            "store": self.scheme,
            "location": self.location,
            "posts": posts,
            "authors": authors,
            "campaigns": campaigns,
            "first": from_epoch(first).isoformat() if first is not None else None,
            "last": from_epoch(last).isoformat() if last is not None else None,
            "bytes": int(size),
            "schema": schema,
        }
