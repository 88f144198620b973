"""Refuse regular expressions whose shape can take exponential time (issue 13).

A backtracking engine (``re``, ``regex``) can take time exponential in the length
of the text on a pattern that repeats something which can itself match in more
than one way: a quantifier inside a quantifier (``(a+)+``, ``(.*)*``,
``(\\w+\\s?)+``) or alternatives that can start alike under a quantifier
(``(a|a)*``, ``(ab|a)*``). User packs' patterns are checked with
:func:`catastrophic_shape` when a pack is loaded; patterns that pass are still
run with a timeout (see ``kinds/pattern.py``), for the shapes this misses.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import diskcache

try:  # the parser behind re.compile (stdlib; renamed from sre_parse in Python 3.11)
    from re import _constants as _c  # type: ignore[attr-defined]  # private stdlib module: no stubs
    from re import _parser as _p  # type: ignore[attr-defined]  # private stdlib module: no stubs
except ImportError:  # pragma: no cover - another Python: only the timeout defends
    _p = None
    _c = None


def _items(sub: Any) -> list[tuple[Any, Any]]:
    return list(getattr(sub, "data", sub))


def _repeats(sub: Any) -> bool:
    """Does ``sub`` contain a quantifier that can repeat (max > 1), outside atomic parts?"""
    for op, av in _items(sub):
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            if av[1] > 1:
                return True
            if _repeats(av[2]):
                return True
        elif op is _c.SUBPATTERN:
            if _repeats(av[-1]):
                return True
        elif op is _c.BRANCH and any(_repeats(alt) for alt in av[1]):
            return True
    return False


_WIDE = object()


def _first(sub: Any) -> set[Any]:
    """Literal characters ``sub`` can start with; ``{_WIDE}`` for a class or any character."""
    if not _items(sub):
        return {_WIDE}  # an empty alternative: whatever follows
    for op, av in _items(sub):
        if op is _c.LITERAL:
            return {chr(av).lower()}
        if op in (_c.AT,):
            continue  # anchors take no character
        if op is _c.SUBPATTERN:
            return _first(av[-1])
        if op is _c.BRANCH:
            out: set[Any] = set()
            for alt in av[1]:
                out |= _first(alt)
            return out
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            inner = _first(av[2])
            return inner | ({_WIDE} if av[0] == 0 else set())
        return {_WIDE}
    return {_WIDE}


def _overlap(a: set[Any], b: set[Any]) -> bool:
    return (_WIDE in a and _WIDE in b) or bool((a - {_WIDE}) & (b - {_WIDE}))


def _walk(sub: Any) -> str | None:
    for op, av in _items(sub):
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            _lo, hi, body = av
            if hi > 1:
                if _repeats(body) and not _delimited(body):
                    return "a quantifier inside a quantifier (like `(a+)+` or `(.*)*`)"
                if _duplicate_class(body):
                    return ("alternatives that match the same character under a quantifier "
                            "(like `(a|a)*`)")
                loop = _first(body)  # an empty alternative is followed by the next round
                for alts in _branches(body):
                    firsts = [_first(a) if _items(a) else loop for a in alts]
                    for i, x in enumerate(firsts):
                        for y in firsts[i + 1:]:
                            if _overlap(x, y):
                                return ("alternatives that can start alike under a quantifier "
                                        "(like `(a|a)*` or `(\\w|\\d+)*`)")
            found = _walk(body)
            if found:
                return found
        elif op is _c.SUBPATTERN:
            found = _walk(av[-1])
            if found:
                return found
        elif op is _c.BRANCH:
            for alt in av[1]:
                found = _walk(alt)
                if found:
                    return found
    return None


_CATEGORY_TEST: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit, "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
    "CATEGORY_SPACE": str.isspace, "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}


def _item_matches(op: Any, av: Any, ch: str) -> bool:
    """Can the single-character item ``(op, av)`` match ``ch``? True when unsure."""
    if op is _c.LITERAL:
        return chr(av).lower() == ch.lower()
    if op is _c.NOT_LITERAL:
        return chr(av).lower() != ch.lower()
    if op is _c.ANY:
        return ch != "\n"
    if op is _c.CATEGORY:
        test = _CATEGORY_TEST.get(str(av).upper())
        return True if test is None else bool(test(ch))
    if op is _c.IN:
        negate = False
        hit = False
        for iop, iav in av:
            if iop is _c.NEGATE:
                negate = True
            elif iop is _c.RANGE:
                hit |= iav[0] <= ord(ch.lower()) <= iav[1] or iav[0] <= ord(ch.upper()) <= iav[1]
            else:
                hit |= _item_matches(iop, iav, ch)
        return hit != negate
    return True


def _can_match(sub: Any, ch: str) -> bool:
    """Can some quantified part of ``sub`` match the character ``ch``? True when unsure."""
    for op, av in _items(sub):
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if _any_item_matches(av[2], ch):
                return True
        elif op is _c.SUBPATTERN:
            if _can_match(av[-1], ch):
                return True
        elif op is _c.BRANCH and any(_can_match(alt, ch) for alt in av[1]):
            return True
    return False


def _any_item_matches(sub: Any, ch: str) -> bool:
    for op, av in _items(sub):
        if op in (_c.SUBPATTERN,):
            if _any_item_matches(av[-1], ch):
                return True
        elif op is _c.BRANCH:
            if any(_any_item_matches(alt, ch) for alt in av[1]):
                return True
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if _any_item_matches(av[2], ch):
                return True
        elif op is _c.AT:
            continue
        elif _item_matches(op, av, ch):
            return True
    return False


def _delimited(body: Any) -> bool:
    """Each repetition holds a required literal no quantified part can match
    (``(?:\\d{1,3}\\.)+``, ``(?:\\s*,\\s*\\w+)*``): the text splits one way only."""
    items = _items(body)
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        items = _items(items[0][1][-1])
    return any(op is _c.LITERAL and not _can_match(items, chr(av)) for op, av in items)


def _duplicate_class(body: Any) -> bool:
    items = _items(body)
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN:
        items = _items(items[0][1][-1])
    if len(items) == 1 and items[0][0] is _c.IN:
        lits = [chr(v).lower() for op, v in items[0][1] if op is _c.LITERAL]
        return len(lits) != len(set(lits))
    return False


def _branches(body: Any) -> list[list[Any]]:
    """The alternatives of every alternation in ``body`` (outside nested quantifiers)."""
    out: list[list[Any]] = []
    for op, av in _items(body):
        if op is _c.SUBPATTERN:
            out += _branches(av[-1])
        elif op is _c.BRANCH:
            out.append(list(av[1]))
            for alt in av[1]:
                out += _branches(alt)
    return out


def _code() -> bytes:
    """What the values of :data:`_MEMO` depend on: this module and Python (its ``re``)."""
    return Path(__file__).read_bytes() + sys.version.encode()


#: The shapes read in earlier processes (each pack pattern is read when a Checker is built).
_MEMO = diskcache.Memo("regexshape", _code, schema=1)


def _shape(value: Any) -> bool:
    return value is None or isinstance(value, str)


def catastrophic_shape(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can take exponential time, or None when its shape is safe."""
    if not isinstance(pattern, str):
        return _catastrophic_shape(pattern, flags)
    return _MEMO.get(("shape", pattern, int(flags)),  # type: ignore[no-any-return]  # checked by _shape
                     lambda: _catastrophic_shape(pattern, flags), _shape)


def _catastrophic_shape(pattern: str, flags: int) -> str | None:
    if _p is None:
        return None
    try:
        tree = _p.parse(pattern, flags)
    except (re.error, RecursionError):
        return None  # re.compile reports it
    return _walk(tree)
