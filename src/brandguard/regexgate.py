"""Run a regular expression only on texts that can match it (the warm path, issue 10).

Python's ``re`` tries a pattern at every position of the text unless the pattern
starts with a literal it can search for; ``\\b(?:a|b|…)`` under IGNORECASE — the
shape of most word-list patterns in the packs — gets no such prefilter and costs
tens of microseconds on every post. :func:`required_substrings` reads the pattern's
parse tree (the parser ``re.compile`` itself uses, so VERBOSE, escapes and inline
flags are read exactly as the engine reads them) for a set of substrings one of
which every match must contain; :class:`GatedPattern` runs the pattern only when
one of them occurs in the text. The test is a few substring searches in C.

The substrings are compared in :func:`fold`\\ ed text: lower case, with the
characters that IGNORECASE takes as equal mapped to one (``ſ`` and ``s``, ``ς`` and
``σ``, ``İ`` and ``i``), so a gate never skips a text the pattern matches, whatever
its flags (the tests check every character against ``re``'s own IGNORECASE). A gate
holds no white space, so the gates of a text also hold for ``analysis.prose`` (the
text with links and hashtags blanked out as spaces): pass the text's folded form.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import diskcache

try:  # the lower-case mapping re's IGNORECASE matches by
    from _sre import unicode_tolower as _tolower  # type: ignore[import-not-found]  # private stdlib module: no stubs
except ImportError:  # pragma: no cover - another Python: no start scans under IGNORECASE
    _tolower = None

try:  # the parser behind re.compile (stdlib; renamed from sre_parse in Python 3.11)
    from re import _constants as _c  # type: ignore[attr-defined]  # private stdlib module: no stubs
    from re import _parser as _p  # type: ignore[attr-defined]  # private stdlib module: no stubs
except ImportError:  # pragma: no cover - another Python: no gates, every pattern runs
    _p = None
    _c = None

#: Characters that IGNORECASE matches to each other though their lower cases differ
#: (``ſ`` and ``s``), each mapped to one of its group; the combining dot that
#: ``"İ".lower()`` adds is dropped (``İ`` matches ``i``).
_FOLD: dict[int, int | None] = {0x307: None}
try:  # the table re.compile itself uses
    from re._casefix import _EXTRA_CASES as _CASES  # type: ignore[import-not-found]  # private stdlib module: no stubs
except ImportError:  # pragma: no cover - another Python: the groups as of 3.11
    _CASES = {ord(a): tuple(map(ord, b)) for a, b in (("i", "ı"), ("ı", "i"), ("s", "ſ"), ("ſ", "s"),
                                                        ("σ", "ς"), ("ς", "σ"))}
for _k, _vs in _CASES.items():
    _FOLD[_k] = min(_k, *_vs)
for _k in [k for k, v in _FOLD.items() if v == k]:
    del _FOLD[_k]

#: More substrings than this: testing them all costs more than the pattern saves. (32: a
#: pattern with no gate runs on every post, 20–40 µs for one led by common letters such
#: as compliance.inside-information's news; 32 substring tests cost about 10 µs.)
MAX_GATES = 32

#: Words too common in Danish posts to be worth a gate: a pattern gated on `ikke` runs
#: on most posts, so a rarer word every match needs (`afsløre`) is the better gate.
COMMON_WORDS = frozenset({
    "ikke", "det", "den", "der", "til", "på", "og", "at", "er", "en", "et", "for", "med",
    "som", "har", "de", "du", "vi", "jeg", "så", "kan", "skal", "bør", "vil", "man", "os",
    "af", "om", "fra", "var", "end", "sig", "nu", "i", "a", "e",
})


#: Any character :func:`fold` maps after lower-casing (a Danish post seldom has one:
#: ``str.translate`` with a table costs a dictionary probe per character).
_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """``text`` as the gates compare it (not offset-preserving)."""
    low = text.lower()
    if low.isascii() or _FOLDED_CHARS.search(low) is None:
        return low
    return low.translate(_FOLD)


def _score(gates: frozenset[str]) -> tuple[int, int]:
    """How selective a gate set is: its shortest substring (a common word counts as
    none), then the fewer substrings the better."""
    return (min(0 if g.strip() in COMMON_WORDS else len(g) for g in gates), -len(gates))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if b is None or not b or len(b) > MAX_GATES:
        return a
    if a is None or _score(b) > _score(a):
        return b
    return a


def _one_letter(members: Any, exact: bool) -> str | None:
    """The one (folded) character a class of literals matches (`[Ss]`), if it is one."""
    chars = set()
    for op, av in members:
        if op is not _c.LITERAL:
            return None
        chars.add(chr(av) if exact else fold(chr(av)))
    if len(chars) != 1:
        return None
    one = chars.pop()
    return one if len(one) == 1 and not one.isspace() else None


def _sequence(items: Any, exact: bool) -> frozenset[str] | None:
    """The best gate of a sequence of parse-tree items (every item must match)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best
        if run:
            literal = "".join(run)
            best = _better(best, frozenset({literal if exact else fold(literal)}))
            run.clear()

    for op, av in getattr(items, "data", items):
        if op is _c.LITERAL and not chr(av).isspace():
            run.append(chr(av))
        elif op is _c.IN and (one := _one_letter(av, exact)) is not None:
            run.append(one)  # `[Ss]`: one letter, folded
        elif op is _c.AT or op is _c.ASSERT_NOT:
            continue  # takes no character: the literals around it are adjacent
        elif op is _c.ASSERT:
            # takes no character either; what it looks at is in the text too
            best = _better(best, _sequence(av[1], exact))
        elif op is _c.SUBPATTERN and exact and av[1] & re.IGNORECASE:
            flush()  # `(?i:…)`: its literals are not compared as written
        elif op is _c.SUBPATTERN or op is _c.ATOMIC_GROUP:
            flush()
            best = _better(best, _sequence(av[-1] if op is _c.SUBPATTERN else av, exact))
        elif op is _c.BRANCH:
            flush()
            alts = [_sequence(alt, exact) for alt in av[1]]
            if all(g is not None for g in alts):
                best = _better(best, frozenset().union(*alts))  # type: ignore[arg-type]  # None ruled out above
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            flush()
            if av[0] >= 1:
                best = _better(best, _sequence(av[2], exact))
        else:  # a class, any character, a back-reference
            flush()
    flush()
    return best


def _code() -> bytes:
    """What the values of :data:`_MEMO` depend on: this module and Python (its ``re``)."""
    return Path(__file__).read_bytes() + sys.version.encode()


#: The parse-tree readings of patterns (gates, start scans) from earlier processes: a
#: Checker's patterns are read by the hundred, at a millisecond or so each.
_MEMO = diskcache.Memo("regexgate", _code, schema=1)


def _gates_shape(value: Any) -> bool:
    return value is None or (isinstance(value, frozenset)
                             and all(isinstance(g, str) for g in value))


def _text_shape(value: Any) -> bool:
    return value is None or isinstance(value, str)


def required_substrings(pattern: str, flags: int = 0, *,
                        exact: bool = False) -> frozenset[str] | None:
    """Folded substrings one of which every match of ``pattern`` contains, or None when
    the parse tree gives no useful set. With ``exact``, the substrings as written, for a
    pattern run without IGNORECASE on the very text tested (none if it ignores case)."""
    if not isinstance(pattern, str):
        return _required_substrings(pattern, flags, exact)
    return _MEMO.get(("gates", pattern, int(flags), exact),  # type: ignore[no-any-return]  # checked by _gates_shape
                     lambda: _required_substrings(pattern, flags, exact), _gates_shape)


def _required_substrings(pattern: str, flags: int, exact: bool) -> frozenset[str] | None:
    if _p is None:  # pragma: no cover
        return None
    try:
        tree = _p.parse(pattern, flags)
    except (re.error, TypeError):
        return None
    if exact and (flags | tree.state.flags) & re.IGNORECASE:
        return None
    first = tree.data[0] if tree.data else None
    if first is not None and first[0] is _c.AT and first[1] in (_c.AT_BEGINNING,
                                                                 _c.AT_BEGINNING_STRING) \
            and not flags & re.MULTILINE:
        return None  # anchored at the start: tried at one place, cheaper than any gate
    try:
        gates = _sequence(tree, exact)
    except RecursionError:  # groups nested thousands deep: no gate, the pattern runs
        return None
    if gates is None or _score(gates)[0] == 0:
        return None
    # `tilmeld` is in every text `tilmelding` is in: the longer gate adds nothing.
    return frozenset(g for g in gates if not any(h != g and h in g for h in gates))


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


@functools.cache
def _lower_preimages() -> dict[int, tuple[int, ...]]:
    """For each code point, the others ``re`` lower-cases to it under IGNORECASE (`K`
    and the Kelvin sign to `k`). No character outside the Basic Multilingual Plane
    lower-cases into it (checked in tests/test_regexgate.py)."""
    out: dict[int, list[int]] = {}
    for cp in range(0x10000):
        low = _tolower(cp)
        if low != cp:
            out.setdefault(low, []).append(cp)
    return {k: tuple(v) for k, v in out.items()}


def _either_case(cp: int) -> list[str] | None:
    """Every character IGNORECASE matches to ``cp`` (as class members), or None."""
    if cp > 0xFFFF:
        return None if _tolower(cp) != cp or chr(cp).upper() != chr(cp) else [chr(cp)]
    low = _tolower(cp)
    lows = {low, cp, *_CASES.get(low, ())}
    table = _lower_preimages()
    return [re.escape(chr(c)) for x in sorted(lows) for c in (x, *table.get(x, ()))]


def _first_of(items: Any, ignorecase: bool = False) -> tuple[list[str], bool] | None:
    """What a sequence of parse-tree items can start with: the members of a character
    class (as pattern text, every case spelled out under ``ignorecase``), and whether the
    sequence can match the empty text; None when it can start with any character (a
    negated class, ``.``, a back-reference)."""
    out: list[str] = []
    for op, av in getattr(items, "data", items):
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # takes no character: the next item starts the match
        if op is _c.LITERAL:
            one = _either_case(av) if ignorecase else [re.escape(chr(av))]
            got: tuple[list[str], bool] | None = None if one is None else (one, False)
        elif op is _c.IN:
            members: list[str] = []
            for mop, mav in av:
                if mop is _c.LITERAL:
                    one = _either_case(mav) if ignorecase else [re.escape(chr(mav))]
                    if one is None:
                        return None
                    members += one
                elif mop is _c.RANGE and ignorecase:
                    if mav[1] - mav[0] > 512:
                        return None  # (a wide range under IGNORECASE: not worth spelling out)
                    for cp in range(mav[0], mav[1] + 1):
                        one = _either_case(cp)
                        if one is None:
                            return None
                        members += one
                elif mop is _c.RANGE:
                    members.append(f"{re.escape(chr(mav[0]))}-{re.escape(chr(mav[1]))}")
                elif mop is _c.CATEGORY and str(mav) in _CATEGORIES:
                    members.append(_CATEGORIES[str(mav)])
                else:
                    return None  # a negated class, …
            got = (members, False)
        elif op is _c.BRANCH:
            alts = [_first_of(alt, ignorecase) for alt in av[1]]
            if any(a is None for a in alts):
                return None
            got = ([m for a in alts if a is not None for m in a[0]],
                   any(a is not None and a[1] for a in alts))
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:
                return None  # flags changed inside: not worth reading
            got = _first_of(av[3], ignorecase)
        elif op is _c.ATOMIC_GROUP:
            got = _first_of(av, ignorecase)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            inner = _first_of(av[2], ignorecase)
            got = None if inner is None else (inner[0], inner[1] or av[0] == 0)
        else:
            return None
        if got is None:
            return None
        out += got[0]
        if not got[1]:
            return out, False
    return out, True


def _refers_back(items: Any) -> bool:
    """Whether the tree holds a back-reference (group numbers would shift in a wrapper)."""
    for op, av in getattr(items, "data", items):
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        for sub in av if isinstance(av, tuple | list) else (av,):
            if isinstance(sub, _p.SubPattern) and _refers_back(sub):
                return True
            if isinstance(sub, list) and sub and all(isinstance(x, _p.SubPattern) for x in sub) \
                    and any(_refers_back(x) for x in sub):
                return True
    return False


#: The characters most of a Danish post is made of (capitals are few: a class of them
#: skips well); a lead class holding more than ``_MAX_COMMON`` of them skips too little
#: to pay for itself.
_COMMON_CHARS = "abcdefghijklmnopqrstuvwxyzæøå .,\n"
_MAX_COMMON = 12
#: A StartScan's scan before its first use.
_UNBUILT = object()


def scan_source(rx: re.Pattern[str]) -> str | None:
    """The text of :class:`StartScan`'s leading-class pattern for ``rx`` (compiled with
    ``rx``'s flags), or None when ``rx`` should run itself. A function of the pattern's
    text and flags alone (and of this module and Python's ``re``): a plan kept in the
    cache folder may hold it (intent.py)."""
    if not isinstance(rx.pattern, str):
        return _scan_source(rx)
    return _MEMO.get(("scan", rx.pattern, rx.flags),  # type: ignore[no-any-return]  # checked by _text_shape
                     lambda: _scan_source(rx), _text_shape)


def _scan_source(rx: re.Pattern[str]) -> str | None:
    if _p is None:  # pragma: no cover
        return None
    from re import _compiler  # type: ignore[attr-defined]  # private stdlib module: no stubs

    try:
        tree = _p.parse(rx.pattern, rx.flags)
        if tree.getwidth()[0] == 0 or _refers_back(tree):
            return None
        if _compiler._get_literal_prefix(tree, rx.flags)[0] \
                or _compiler._get_charset_prefix(tree, rx.flags):
            return None  # re already skips to where a match can start
        flags = rx.flags & ~re.UNICODE
        ignorecase = bool(flags & re.IGNORECASE)
        if ignorecase and (flags & re.LOCALE or _tolower is None):
            return None
        first = _first_of(tree, ignorecase)
        if first is None or first[1]:
            return None
        lead = "[" + "".join(dict.fromkeys(first[0])) + "]"
        if len(re.findall(lead, _COMMON_CHARS)) > _MAX_COMMON:
            return None  # most characters of a text could start a match: nothing to skip
        if ignorecase:  # every case spelled out: matched as written, so re skips ahead
            lead = f"(?-i:{lead})"
        end = "\n" if flags & re.VERBOSE else ""  # (a comment may end the pattern)
        wrapped = f"{lead}(?<=(?=({rx.pattern}{end}))(?s:.))"
        # (under IGNORECASE a class of cased letters gets no skipping either)
        if _compiler._get_charset_prefix(_p.parse(wrapped, flags), flags):
            return wrapped
    except (re.error, RecursionError, TypeError, ValueError, OverflowError):
        pass
    return None


class StartScan:
    """The spans of ``rx.finditer(text)``, exactly, found faster for a pattern that
    starts with neither a literal nor one class (`\\d…|kun…`, `\\bfra…`).

    For such a pattern ``re`` runs a full match attempt at every position of the text.
    Led by a class of every character a match can start with, it skips the others in a
    tight loop: ``[knf\\d](?<=(?=(P))(?s:.))`` matches one character where ``P`` matches,
    ``P``'s span in group 1; searched for again from the end of each match, it gives
    the matches ``finditer`` gives, and tries ``P`` at no place ``finditer`` would not
    (linear wherever ``rx`` is). Without such a class (a pattern that can start with any character or match the
    empty text, or already starts with a literal or one class), ``rx`` itself runs."""

    __slots__ = ("_rx", "_scan", "_source")

    def __init__(self, rx: re.Pattern[str] | str, source: object = _UNBUILT) -> None:
        """``rx``: the pattern, or its text (compiled on first use, without flags);
        ``source``: :func:`scan_source` of it, when a cached plan holds it already."""
        self._rx = rx
        self._source = source
        # Worked out on first use: compiling the scans of every pattern when a Checker is
        # built cost a one-post `brandguard check` about 0.1 s, and most are never reached
        # (their gates are not in the post). Two threads may both build it: same value.
        self._scan: object = _UNBUILT

    @property
    def rx(self) -> re.Pattern[str]:
        rx = self._rx
        if isinstance(rx, str):
            rx = self._rx = re.compile(rx)
        return rx

    @property
    def scan(self) -> re.Pattern[str] | None:
        """The leading-class pattern, or None when ``rx`` runs itself."""
        scan = self._scan
        if scan is _UNBUILT:
            scan = self._scan = self._build()
        return scan  # type: ignore[return-value]  # _UNBUILT is replaced above

    @scan.setter
    def scan(self, value: re.Pattern[str] | None) -> None:
        self._scan = value

    def _build(self) -> re.Pattern[str] | None:
        rx = self.rx
        source = self._source
        if source is _UNBUILT:
            source = scan_source(rx)
        if not isinstance(source, str):
            return None
        try:
            return re.compile(source, rx.flags & ~re.UNICODE)
        except (re.error, RecursionError, TypeError, ValueError, OverflowError):
            return None

    def finditer(self, text: str, pos: int = 0,
                 endpos: int | None = None) -> Iterator[re.Match[str]]:
        """``rx.finditer(text, pos, endpos)``: the same matches (each found again by
        ``rx.match`` where the scan saw it start, so its groups are ``rx``'s)."""
        endpos = len(text) if endpos is None else endpos
        scan = self.scan
        if scan is None:
            return self.rx.finditer(text, pos, endpos)
        return self._matches(scan, text, pos, endpos)

    def _matches(self, scan: re.Pattern[str], text: str, pos: int,
                 endpos: int) -> Iterator[re.Match[str]]:
        match = self.rx.match
        for start, _end in self._starts(scan, text, pos, endpos):
            found = match(text, start, endpos)
            if found is not None:  # (always: the scan saw it match there)
                yield found

    @staticmethod
    def _starts(scan: re.Pattern[str], text: str, pos: int,
                endpos: int) -> Iterator[tuple[int, int]]:
        """The spans of ``rx``'s matches, each searched for from the previous one's end,
        as ``finditer`` does (``scan.finditer`` would also try every place inside a
        match: quadratic on `1111…1 kr`)."""
        search = scan.search
        while (m := search(text, pos, endpos)) is not None:
            pos = m.end(1)  # (> its start: a pattern that can match empty has no scan)
            yield m.start(1), pos

    def search(self, text: str, pos: int = 0,
               endpos: int | None = None) -> re.Match[str] | None:
        """``rx.search(text, pos, endpos)``."""
        endpos = len(text) if endpos is None else endpos
        scan = self.scan
        if scan is None:
            return self.rx.search(text, pos, endpos)
        m = scan.search(text, pos, endpos)
        return None if m is None else self.rx.match(text, m.start(1), endpos)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``[m.span() for m in rx.finditer(text)]``."""
        scan = self.scan
        if scan is None:
            return [m.span() for m in self.rx.finditer(text)]
        return list(self._starts(scan, text, 0, len(text)))


class GatedPattern:
    """A compiled pattern that first asks whether the text can match.

    ``finditer``/``search`` take the text and, optionally, the same text already
    folded (the ``folded_text`` facet, shared by every rule of a check)."""

    __slots__ = ("gates", "pattern", "rx", "starts")

    def __init__(self, pattern: str | re.Pattern[str], flags: int = 0) -> None:
        self.rx: re.Pattern[str] = (pattern if isinstance(pattern, re.Pattern)
                                    else re.compile(pattern, flags))
        self.pattern = self.rx.pattern
        self.gates = required_substrings(self.rx.pattern, self.rx.flags)
        #: The pattern led by the characters its matches start with (see StartScan).
        self.starts = StartScan(self.rx)

    def possible(self, folded: str) -> bool:
        """Whether the folded text holds one of the gates (always True without gates)."""
        return self.gates is None or any(map(folded.__contains__, self.gates))

    def finditer(self, text: str, folded: str | None = None, pos: int = 0,
                 endpos: int | None = None) -> Iterator[re.Match[str]]:
        """``rx.finditer(text, pos, endpos)``; nothing without a gate in the whole text."""
        if self.gates is not None and not self.possible(fold(text) if folded is None else folded):
            return iter(())
        return self.starts.finditer(text, pos, endpos)

    def search(self, text: str, folded: str | None = None, pos: int = 0,
               endpos: int | None = None) -> re.Match[str] | None:
        """``rx.search(text, pos, endpos)``; None without a gate in the whole text."""
        if self.gates is not None and not self.possible(fold(text) if folded is None else folded):
            return None
        # (StartScan: led by the characters a match starts with, where rx.search would
        # try a whole match at every place: `_EVENT`, `_INTERNAL_WORDS`)
        return self.starts.search(text, pos, endpos)

    def __repr__(self) -> str:
        return f"GatedPattern({self.pattern!r}, gates={sorted(self.gates or ())!r})"
