"""Sets of positions given as spans, asked by bisection (no scan of every span)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

__all__ = ["Spans"]


class Spans:
    """The union of half-open spans ``[start, end)``: ``pos in spans`` in O(log n).

    ``pos in Spans(spans)`` is ``any(s <= pos < e for s, e in spans)`` without a scan
    of every span per position (linear, not quadratic, on a post full of quotes).
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(spans):
            if e <= s:
                continue  # an empty span holds no position
            if ends and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)
            else:
                starts.append(s)
                ends.append(e)
        self._starts = starts
        self._ends = ends

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and pos < self._ends[k]

    def __bool__(self) -> bool:
        return bool(self._starts)
