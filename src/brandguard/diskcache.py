"""Parsed forms of shipped data files, kept on disk between processes.

A pre-publish hook starts a fresh process for every post, so whatever a check loads
(the tagger's model, the morphology table) is loaded again each time. Decompressing
and parsing them is most of that cost; reading back the parsed form with ``marshal``
(the format of ``__pycache__``) takes a fraction of it. :func:`cached` keeps that
parsed form in the user's cache folder (:func:`cache_dir`, beside the lexicon's SQLite
file).

An entry's name holds a checksum of the source bytes (CRC-32 and length), the
parser's schema number and the Python version (marshal's format is the
interpreter's), so a new model, a changed parser or another Python never reads an
old entry. The cache can only make loading faster: a missing, torn, foreign or
unwritable entry is parsed from the source as if there were no cache, and written
again when the folder allows. As with ``__pycache__``, the folder is trusted: it is
the user's own.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Entries are ``<name>-<hash>-s<schema>-py<major><minor>.marshal``.
_SUFFIX = ".marshal"


def cache_dir() -> Path:
    """The folder of brandguard's caches: ``$BRANDGUARD_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/brandguard``, else ``~/.cache/brandguard``."""
    env = os.environ.get("BRANDGUARD_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "brandguard"


def entry_path(name: str, source: bytes, schema: int) -> Path:
    """Where the parsed form of ``source`` is kept."""
    # CRC-32 and length, as gzip guards its own content: an edited model or table gets a
    # new entry; a cryptographic hash would cost more than the whole read (2 MB).
    digest = f"{zlib.crc32(source):08x}{len(source):x}"
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / f"{name}-{digest}-s{schema}-py{py}{_SUFFIX}"


def cached(name: str, source: bytes, parse: Callable[[bytes], Any], *, schema: int) -> Any:
    """``parse(source)``, read back from the cache folder when an earlier process wrote it.

    ``parse`` must return the same value for the same bytes; raise ``schema`` whenever
    what it returns changes shape. What ``marshal`` stores (dicts, lists, tuples, sets,
    strings, numbers, None) is kept; a value holding anything else is returned
    without being kept. Objects shared inside the value stay shared.
    """
    path = entry_path(name, source, schema)
    try:
        blob = path.read_bytes()
    except OSError:
        blob = None
    if blob is not None:
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            pass  # a torn or foreign file: parsed again and replaced below
    value = parse(source)
    _store(path, name, value)
    return value


def _store(path: Path, name: str, value: Any) -> None:
    """Write ``value`` to ``path`` atomically and drop the name's older entries; a
    folder that cannot be written is left as it is (the next process parses again)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    except OSError:
        return  # (before marshal.dumps: a read-only folder costs only the parse)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(value))
        os.replace(tmp, path)  # readers see the old entry or the whole new one
    except (OSError, ValueError):  # (ValueError: a value marshal cannot keep, e.g. a date)
        return
    finally:
        if os.path.exists(tmp):  # (not replaced: a full disk, or a value marshal refuses)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    for old in path.parent.glob(f"{name}-*{_SUFFIX}"):
        if old != path and old.name.rsplit("-", 3)[0] == name:
            with contextlib.suppress(OSError):
                old.unlink()


_UNSET = object()


class Memo:
    """The values of a pure function, kept in the cache folder between processes.

    For functions of short texts that cost milliseconds each and are asked for by the
    hundred when a Checker is built (what a regular expression's parse tree says: its
    gates, its start scan, its shape). The entry is read at the first :meth:`get` of a
    process; the values a process adds are written back when it exits (one write,
    ``atexit``), up to ``limit`` values. Its source is ``code()``: the source of the
    modules that compute the values, so a change to them starts a new entry (``code``
    returning None: no entry, every value computed).
    """

    def __init__(self, name: str, code: Callable[[], bytes | None], *, schema: int,
                 limit: int = 2048) -> None:
        self._name = name
        self._code = code
        self._schema = schema
        self._limit = limit
        self._values: dict[Any, Any] | None = None
        self._path: Path | None = None
        self._dirty = False

    def get(self, key: Any, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """``compute()``, or what it gave for ``key`` before (``key``: a tuple of texts
        and numbers; the value: what marshal stores, of a shape ``valid`` accepts: a
        damaged entry is computed again)."""
        values = self._values
        if values is None:
            values = self._values = self._load()
        found = values.get(key, _UNSET)
        if found is not _UNSET and valid(found):
            return found
        value = compute()
        if self._path is not None and len(values) < self._limit:
            values[key] = value
            if not self._dirty:
                self._dirty = True
                atexit.register(self._save)
        return value

    def _load(self) -> dict[Any, Any]:
        try:
            source = self._code()
        except OSError:
            source = None
        if source is None:
            return {}
        self._path = entry_path(self._name, source, self._schema)
        try:
            values = marshal.loads(self._path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}  # none yet, or a torn or foreign file: written again at exit
        return values if isinstance(values, dict) else {}

    def _save(self) -> None:
        if self._path is not None and self._values is not None:
            _store(self._path, self._name, dict(self._values))
