"""Unicode normalisation with a map back to the original offsets.

Rules see one clean text; findings must point into the text as the employee
wrote it. ``normalise`` returns both the clean text and, when anything changed,
a list mapping each clean offset to an original offset.

What changes, and why:
- NFC: a decomposed ``å`` (a + U+030A) becomes one letter, so words match.
- Zero-width characters, soft hyphens and word joiners vanish (they hide words
  from word lists); a zero-width joiner stays inside emoji sequences (🏳️‍🌈).
- Non-breaking and other exotic spaces, NUL and control characters become a
  plain space (same length, so nothing shifts); a C1 control character (U+0080–U+009F)
  is a Windows-1252 byte read as Latin-1 (`\x93` for “, `\x96` for –): it becomes the
  character it stood for, so the damage reads as punctuation, not as a space.
- The typographic apostrophe ’ becomes ' (genitive and abbreviation rules).
"""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata

from .watchdog import loading

_DROP = frozenset("\u200b\u200c\u2060\ufeff\u00ad\u180e")
_ZWJ = "\u200d"
_SPACE_LIKE = frozenset("\u00a0\u202f\u2007\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u1680")
_KEEP_CONTROLS = frozenset("\n\t")
_APOSTROPHES = {"\u2019": "'", "\u02bc": "'"}

# Anything that is not already clean; most posts have none and skip the slow path.
_SPECIAL = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00a0\u00ad\u180e\u1680\u2000-\u200f"
    "\u2019\u02bc\u202f\u205f\u2060\u3000\ufeff]"
)


def _cp1252(ch: str) -> str:
    """The Windows-1252 character of a C1 control read as Latin-1; a space where 1252 has none."""
    try:
        got = bytes([ord(ch)]).decode("cp1252")
    except UnicodeDecodeError:
        return " "
    return _APOSTROPHES.get(got, got)


#: Above this no code point combines (Unicode 14, tested over every code point): the
#: scan for the combining class stops here (45 ms, once, instead of 250).
_LAST_COMBINING_SCAN = 0x20000


@functools.cache
def _marks() -> re.Pattern[str]:
    """A run of combining characters (as ranges of code points: one regex character set,
    scanned in C)."""
    with loading():
        ranges: list[list[int]] = []
        for c in range(_LAST_COMBINING_SCAN):
            if unicodedata.combining(chr(c)):
                if ranges and ranges[-1][1] == c - 1:
                    ranges[-1][1] = c
                else:
                    ranges.append([c, c])
        return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                        for a, b in ranges) + "]+")


def _units(text: str) -> list[tuple[int, int]]:
    """The spans the slow path must look at, in order: a character with the combining
    marks after it (composed as one unit; it wins over a special character before the
    marks, as the loop it replaced had it), and each character of ``_SPECIAL``.
    Everything between is copied as it stands. (One regex with both alternatives was
    slower than the loop: it tries a unit at every position.)"""
    composed = [(max(m.start() - 1, 0), m.end()) for m in _marks().finditer(text)]
    firsts = {a for a, _ in composed}
    specials = [(i, i + 1) for m in _SPECIAL.finditer(text) if (i := m.start()) not in firsts]
    if not composed:
        return specials
    return list(heapq.merge(composed, specials))  # both in text order: a linear merge


def normalise(text: str) -> tuple[str, list[int] | None]:
    """Return ``(clean, offsets)``; ``offsets`` is None when ``clean == text``.

    ``offsets[i]`` is the original index of clean character ``i``;
    ``offsets[len(clean)] == len(text)``.
    """
    if unicodedata.is_normalized("NFC", text) and not _SPECIAL.search(text):
        return text, None
    # Only the units the regex finds are looked at one by one (a loop over every
    # character cost 7 ms per 3,000 random code points, and 4 % of real posts take
    # this path for one non-breaking space).
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for i, j in _units(text):
        if i > pos:
            out.append(text[pos:i])
            offsets.extend(range(pos, i))
        pos = j
        if j > i + 1:  # a starter with its combining marks is composed as one unit
            composed = unicodedata.normalize("NFC", text[i:j])
            out.append(composed)
            offsets.extend([i] * len(composed))
            continue
        ch = text[i]
        if ch in _DROP:
            continue
        if ch == _ZWJ:
            prev = text[i - 1] if i else ""
            if prev.isalnum() or not prev:
                continue
            out.append(ch)
        elif ch in _SPACE_LIKE:
            out.append(" ")
        elif ch in _APOSTROPHES:
            out.append(_APOSTROPHES[ch])
        elif "\x80" <= ch <= "\x9f":
            out.append(_cp1252(ch))
        elif ch not in _KEEP_CONTROLS and unicodedata.category(ch) == "Cc":
            out.append(" ")
        else:
            out.append(ch)
        offsets.append(i)
    if pos < len(text):
        out.append(text[pos:])
        offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(out), offsets


def to_original(original: str, offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a clean span ``[start, end)`` back to ``original``."""
    if offsets is None:
        return start, end
    last = len(offsets) - 1
    start = max(0, min(start, last))
    end = max(start, min(end, last))
    o_start = offsets[start]
    if end == start:
        return o_start, o_start
    # The original end is just after the last character's unit, including the
    # combining marks it was composed from, but not dropped characters after it.
    o_end = offsets[end - 1] + 1
    while o_end < len(original) and unicodedata.combining(original[o_end]):
        o_end += 1
    return o_start, o_end


def utf16_offsets(text: str, start: int, end: int) -> tuple[int, int]:
    """UTF-16 code-unit offsets of a Python-string span (characters outside the BMP
    are counted by a regex, in C: a Python loop per span made many spans quadratic)."""
    if text.isascii() or _ASTRAL.search(text, 0, end) is None:
        return start, end
    u_start = start + len(_ASTRAL.findall(text, 0, start))
    u_end = u_start + (end - start) + len(_ASTRAL.findall(text, start, end))
    return u_start, u_end


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
