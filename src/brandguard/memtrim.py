"""Give freed heap memory back to the operating system after a large post.

A 200,000-character post makes about 100 MB of tokens and facets for the length of
its check. Python frees them when the check returns, but glibc's allocator keeps the
pages, so a long-running process (the HTTP service, ``batch``) stays at its highest
resident size for good, and each large post after adds to the fragmentation (the
worst-case bench: 174 MB after the warm-up, 283 MB after its 96 checks). After a post
of at least ``TRIM_AFTER_CHARS`` characters (its check took a second anyway) the free
pages are returned with ``malloc_trim(0)``, about a millisecond; so they are after
``Checker.warm_up()``, whose loads (the tagger model's JSON, the lexicon) leave 40 MB of
freed buffers behind (186 MB after the warm-up, 162 MB trimmed). On other C libraries
(macOS, musl) it does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

#: Posts at least this long are followed by a trim (shorter ones free too little).
TRIM_AFTER_CHARS = 50_000


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes  # (here: a command that never trims does not import it)
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release() -> bool:
    """Return free heap pages to the system now; True if it could (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def after_post(chars: int) -> bool:
    """:func:`release` after a post of ``chars`` characters, if it was a large one."""
    return chars >= TRIM_AFTER_CHARS and release()
