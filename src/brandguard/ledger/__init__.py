"""Posting history: who posted what, when, so the spam rules can count.

Open a ledger by URL::

    open_ledger("sqlite:///posts.db")          # a file, relative to the current folder
    open_ledger("sqlite:////var/lib/bg.db")    # an absolute path (four slashes)
    open_ledger("sqlite:///:memory:")          # SQLite in memory (tests)
    open_ledger("postgresql://bg@db:5432/bg")  # shared by several servers
    open_ledger("memory:")                     # a plain in-process store

Stores are registered through the ``brandguard_ledgers`` hook (the built-in ones
too), so a plugin can add a scheme. See docs/ledger.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from ..hookspecs import hookimpl
from .base import (
    Breach,
    CadenceLimits,
    Duplicate,
    Entry,
    Ledger,
    LedgerError,
    Reservation,
    cadence_breaches,
)
from .minhash import TextSignature

__all__ = [
    "Breach",
    "CadenceLimits",
    "Duplicate",
    "Entry",
    "Ledger",
    "LedgerError",
    "Reservation",
    "TextSignature",
    "cadence_breaches",
    "open_ledger",
]


def _open_memory(url: str) -> Ledger:
    from .memory import MemoryLedger

    if url not in ("memory:", "memory://"):
        raise LedgerError(f"ledger URL {url!r}: a memory ledger takes no path; use 'memory:'")
    return MemoryLedger(url)


def _open_sqlite(url: str) -> Ledger:
    from .sqlite import SqliteLedger

    parts = urlsplit(url)
    if parts.netloc:
        raise LedgerError(f"ledger URL {url!r}: expected sqlite:///relative.db or "
                          "sqlite:////absolute/path.db (no host)")
    # sqlite:///x.db → path "/x.db" → relative "x.db"; sqlite:////abs.db → "/abs.db".
    path = unquote(parts.path)[1:] if parts.path.startswith("/") else unquote(parts.path)
    if not path:
        raise LedgerError(f"ledger URL {url!r}: no file; expected e.g. sqlite:///posts.db")
    return SqliteLedger(path)


def _open_postgres(url: str) -> Ledger:
    from .postgres import PostgresLedger

    return PostgresLedger(url)


_BUILTIN: dict[str, Callable[[str], Ledger]] = {
    "memory": _open_memory,
    "sqlite": _open_sqlite,
    "postgresql": _open_postgres,
    "postgres": _open_postgres,
}


@hookimpl
def brandguard_ledgers() -> dict[str, Callable[[str], Any]]:
    return dict(_BUILTIN)


def ledger_openers(plugin_manager: Any | None = None) -> dict[str, Callable[[str], Any]]:
    """Every ledger scheme: the built-ins and those plugins add."""
    if plugin_manager is None:
        from ..plugins import get_plugin_manager

        plugin_manager = get_plugin_manager()
    openers: dict[str, Callable[[str], Any]] = dict(_BUILTIN)
    for result in plugin_manager.hook.brandguard_ledgers():
        openers.update(result or {})
    return openers


def open_ledger(url: str, *, plugin_manager: Any | None = None) -> Ledger:
    """Open (and create, if needed) the ledger a URL names.

    Raises :class:`LedgerError` with one line for an unknown scheme, a bad URL or
    a store that cannot be reached: it never waits silently or half-opens.
    """
    if not isinstance(url, str) or not url.strip():
        raise LedgerError("ledger URL is empty; expected e.g. sqlite:///posts.db")
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    # postgresql+psycopg://… (SQLAlchemy style) means the same store.
    scheme = scheme.split("+", 1)[0]
    openers = _BUILTIN if scheme in _BUILTIN and plugin_manager is None else \
        ledger_openers(plugin_manager)
    opener = openers.get(scheme)
    if opener is None:
        known = ", ".join(sorted(f"{s}:" for s in openers))
        raise LedgerError(f"ledger URL {url!r}: unknown scheme {scheme + ':' if scheme else '(none)'}"
                          f"; known: {known}")
    if "+" in url.split(":", 1)[0]:
        url = scheme + url[url.index(":"):]
    try:
        ledger = opener(url)
    except LedgerError:
        raise
    except Exception as exc:  # a plugin's store: keep the one-line contract
        raise LedgerError(f"ledger {url.split('@')[-1]!r}: {type(exc).__name__}: {exc}") from None
    return ledger
