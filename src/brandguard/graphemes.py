"""Grapheme-cluster boundaries (Unicode UAX #29, through the ``regex`` module's ``\\X``).

A finding's span is widened to whole grapheme clusters of ``post.text``, so that
it never cuts an emoji with a skin tone, a flag, or a letter and its combining
accent in two (issue 13).
"""

from __future__ import annotations

import regex

_CLUSTER = regex.compile(r"\X")
#: How far back to look for a place that surely starts a cluster.
_WINDOW = 64


def _simple_boundary(text: str, pos: int) -> bool:
    """A sure boundary before ``text[pos]``: both neighbours are below U+0300 (no
    combining marks, joiners, emoji or Hangul there) and not CR LF."""
    if pos <= 0 or pos >= len(text):
        return True
    a, b = text[pos - 1], text[pos]
    return a < "\u0300" and b < "\u0300" and not (a == "\r" and b == "\n")


def _safe_start(text: str, pos: int) -> int:
    """A position at or before ``pos`` that begins a grapheme cluster.

    A printable ASCII character always begins one (nothing attaches to what comes
    before it, except LF after CR); failing that, the text's start or a window back.
    """
    lo = max(0, pos - _WINDOW)
    for p in range(pos, lo - 1, -1):
        ch = text[p] if p < len(text) else ""
        if " " <= ch <= "~":
            return p
    return lo


def cluster_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the cluster that contains ``text[pos]`` (``(pos, pos)`` at the end)."""
    if pos >= len(text):
        return pos, pos
    p = _safe_start(text, pos)
    for m in _CLUSTER.finditer(text, p, min(len(text), pos + _WINDOW)):
        if m.end() > pos:
            return m.start(), m.end()
    return pos, pos + 1


def widen(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` widened to grapheme-cluster boundaries of ``text``."""
    if start < len(text) and not _simple_boundary(text, start):
        start = cluster_bounds(text, start)[0]
    if start < end < len(text) and not _simple_boundary(text, end):
        c_start, c_end = cluster_bounds(text, end)
        if c_start < end:
            end = c_end
    return start, end
