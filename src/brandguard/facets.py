"""Analysis facets: the per-post results that rules share, declared once.

A facet is one typed result about a post — its lower-cased text, its quotations,
the token indices of each sentence, its language, its themes — with a name, the
facets it reads, and how it is computed. The engine owns the values: a facet is
computed at most once per post, lazily, on first read, and every rule that reads
it gets the same value (spaCy's ``Language.factory(assigns=, requires=)`` is the
model). Rules read a facet by the object, never by a string::

    from brandguard.facets import QUOTES
    for start, end in ctx.analysis[QUOTES]: ...

A plugin declares its own facets with :func:`facet` and registers them through
the ``brandguard_facets`` hook, so ``brandguard facets``-style listings, docs and
the dependency check see them; reading an unregistered facet works too (it is
still computed once per post).

Facet values are shared between rules: treat them as read-only.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .regexgate import StartScan

if TYPE_CHECKING:
    from .analysis import Analysis, Tok

T = TypeVar("T")
#: The start offset of a token (:class:`~brandguard.analysis.Tok`) or a piece, read in C.
_START = operator.attrgetter("start")


class FacetError(RuntimeError):
    """A facet was declared badly (a duplicate name, an unknown requirement, a cycle)."""


class Facet(Generic[T]):
    """One shared per-post result: ``analysis[facet]`` computes it once and caches it.

    ``requires`` names the facets ``compute`` reads (checked when facets are
    registered); ``doc`` says what the value is.
    """

    __slots__ = ("compute", "doc", "name", "requires")

    def __init__(self, name: str, compute: Callable[[Analysis], T], *,
                 requires: Iterable[str] = (), doc: str = "") -> None:
        self.name = name
        self.compute = compute
        self.requires = tuple(requires)
        self.doc = doc or (compute.__doc__ or "").strip().split("\n")[0]

    def __repr__(self) -> str:
        return f"Facet({self.name!r})"


def facet(name: str, *, requires: Iterable[str] = ()) -> Callable[[Callable[[Analysis], T]], Facet[T]]:
    """Declare a facet from its compute function (its docstring is the facet's doc)::

        @facet("acme.prices", requires=("tokens",))
        def PRICES(analysis: Analysis) -> list[tuple[int, int]]:
            \"\"\"Spans of prices in the post.\"\"\"
    """
    def wrap(compute: Callable[[Analysis], T]) -> Facet[T]:
        return Facet(name, compute, requires=requires)
    return wrap


def check_facets(facets: Iterable[Facet[Any]]) -> dict[str, Facet[Any]]:
    """The facets by name, after checking names are unique and requirements known.

    The built-in attributes of :class:`~brandguard.Analysis` (``tokens``,
    ``sentences``, ``urls``, …) count as known requirements.
    """
    from .analysis import CORE_FACETS

    by_name: dict[str, Facet[Any]] = {}
    for f in facets:
        if not isinstance(f, Facet):
            raise FacetError(f"brandguard_facets returned {f!r}, expected a brandguard Facet")
        other = by_name.get(f.name)
        if other is not None and other is not f:
            raise FacetError(f"facet name {f.name!r} is declared twice")
        by_name[f.name] = f
    for f in by_name.values():
        unknown = [r for r in f.requires if r not in by_name and r not in CORE_FACETS]
        if unknown:
            raise FacetError(f"facet {f.name!r} requires unknown facet(s): {', '.join(unknown)}")
    _check_cycles(by_name)
    return by_name


def _check_cycles(by_name: dict[str, Facet[Any]]) -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2 or name not in by_name:
            return
        if state.get(name) == 1:
            raise FacetError("facets require each other in a cycle: " + " → ".join([*path, name]))
        state[name] = 1
        for r in by_name[name].requires:
            visit(r, [*path, name])
        state[name] = 2

    for name in by_name:
        visit(name, [])


# --- the built-in text facets -------------------------------------------------------------

#: The characters whose lower case is longer than one character: in Python 3.11's Unicode
#: data only `İ` (U+0130); tests/test_analysis.py holds this to a scan of every code point.
LONGER_LOWER = "\u0130"


def lower_same_length(text: str) -> str:
    """``text.lower()``, except that a character whose lower case is longer (`İ` → `i̇`)
    stays as it is: offsets into the result are offsets into ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # The pieces between the İs lower-cased whole (in C: random text of Latin letters has
    # an İ in most posts, and a loop per character cost 3 ms per 3,000 of them).
    low = LONGER_LOWER.join([part.lower() for part in text.split(LONGER_LOWER)])
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)  # (newer Unicode)


@facet("lower_text")
def LOWER_TEXT(a: Analysis) -> str:
    """The normalised text in lower case (same length and offsets as ``analysis.text``)."""
    return lower_same_length(a.text)


@facet("folded_text")
def FOLDED_TEXT(a: Analysis) -> str:
    """The normalised text folded as :class:`~brandguard.regexgate.GatedPattern` compares
    it (lower case, IGNORECASE's equal characters made one); not offset-preserving."""
    from .regexgate import fold

    return fold(a.text)


@facet("lower_words", requires=("tokens",))
def LOWER_WORDS(a: Analysis) -> frozenset[str]:
    """The set of the post's lower-cased tokens."""
    return frozenset(a.lowers)


#: Quotations and quoted titles: »…«, «…», “…”, ”…”, „…“ and "…" (not inside a word).
#: Each run is bounded, so an unclosed quote mark costs linear time.
_QUOTE_RE = re.compile(r"»[^«»\n]{1,400}«|«[^«»\n]{1,400}»|[“”][^“”\n]{1,400}”"
                       r"|„[^„“”\n]{1,400}[“”]|(?<![\w])\"[^\"\n]{1,400}\"(?![\w])")
#: The same matches, found by skipping to the quote marks (led by a look-behind in one
#: alternative, re tries the whole pattern at every place; regexgate.StartScan).
_QUOTE_SCAN = StartScan(_QUOTE_RE)


@facet("quotes")
def QUOTES(a: Analysis) -> tuple[tuple[int, int], ...]:
    """Spans of quoted speech and titles in ``analysis.text``."""
    text = a.text
    if not any(q in text for q in "»«“”„\""):
        return ()
    return tuple(_QUOTE_SCAN.spans(text))


@facet("token_starts", requires=("tokens",))
def TOKEN_STARTS(a: Analysis) -> tuple[int, ...]:
    """Start offset of each token (for bisecting a character offset to a token)."""
    return tuple(map(_START, a.tokens))  # in C: no Python code per token


@facet("sentence_starts", requires=("sentences",))
def SENTENCE_STARTS(a: Analysis) -> tuple[int, ...]:
    """Start offset of each sentence."""
    return tuple(map(_START, a.sentences))


@facet("sentence_tokens", requires=("tokens", "sentences", "word_ids", "token_starts"))
def SENTENCE_TOKENS(a: Analysis) -> tuple[tuple[int, ...], ...]:
    """Word-token indices of each sentence (same order as ``analysis.sentences``): the
    words from its start to the next sentence's."""
    sents = a.sentences
    if not sents:
        return ()
    ids = a.word_ids
    word_starts = list(map(a[TOKEN_STARTS].__getitem__, ids))
    cuts = [bisect_left(word_starts, s.start) for s in sents]
    cuts.append(len(ids))
    return tuple(ids[cuts[k]:cuts[k + 1]] for k in range(len(sents)))


@facet("sentence_start_tokens", requires=("tokens", "sentences"))
def SENTENCE_START_TOKENS(a: Analysis) -> frozenset[int]:
    """Token indices that start a sentence (the first non-space token of each)."""
    starts = {s.start for s in a.sentences}
    return frozenset([t.i for t in a.tokens if t.start in starts])


@facet("sentence_first_words", requires=("tokens", "sentences", "token_starts"))
def SENTENCE_FIRST_WORDS(a: Analysis) -> frozenset[int]:
    """Token index of each sentence's first word (past a leading quote mark or dash)."""
    toks = a.tokens
    n = len(toks)
    starts = a[TOKEN_STARTS]
    out = set()
    done = -1  # tokens up to here are scanned: a run of punctuation is walked once
    for p in a.sentences:
        i = bisect_left(starts, p.start)
        if i >= n or starts[i] != p.start:
            continue
        i = max(i, done)
        while i < n and (toks[i].punct or toks[i].space):
            i += 1
        done = i
        out.add(i)
    return frozenset(out)


@facet("word_tokens", requires=("tokens", "special_tokens"))
def WORD_TOKENS(a: Analysis) -> tuple[Tok, ...]:
    """Tokens of running text: no whitespace, URLs, hashtags or mentions."""
    special = a.special_tokens
    if special:
        return tuple([t for t in a.tokens if not t.space and t.i not in special])
    return tuple([t for t in a.tokens if not t.space])


_CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")"})


@facet("clause_starts", requires=("sentences", "tokens"))
def CLAUSE_STARTS(a: Analysis) -> tuple[int, ...]:
    """Start offset of each clause: sentences cut at , ; : – — and brackets."""
    cuts = {s.start for s in a.sentences}
    cuts.update([t.start for t in a.tokens if t.text in _CLAUSE_BREAKS])
    return tuple(sorted(cuts))



#: Whether the post as written is ASCII (no grapheme or UTF-16 work for its spans).
ORIGINAL_ASCII: Facet[bool] = Facet("engine.original_ascii", lambda a: a.original.isascii(),
                                    requires=("original",))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: Positions of the characters outside the Basic Multilingual Plane in ``post.text``.
ASTRAL_POSITIONS: Facet[list[int]] = Facet(
    "engine.astral", lambda a: [m.start() for m in _ASTRAL.finditer(a.original)],
    requires=("original",))


def utf16_span(a: Analysis, start: int, end: int) -> tuple[int, int]:
    """:func:`~brandguard.textnorm.utf16_offsets` of a span of ``post.text`` in O(log n):
    the characters outside the Basic Multilingual Plane are listed once per post (a
    scan per span was quadratic: 4,000 theme words in a post took 0.8 s)."""
    from .textnorm import utf16_offsets

    original = a.original
    if a[ORIGINAL_ASCII]:
        return start, end
    if len(original) < 2000:
        return utf16_offsets(original, start, end)
    astral = a[ASTRAL_POSITIONS]
    return start + bisect_left(astral, start), end + bisect_left(astral, end)

#: The facets brandguard itself declares, registered through the same hook as a plugin's.
BUILTIN_FACETS: tuple[Facet[Any], ...] = (
    LOWER_TEXT, FOLDED_TEXT, LOWER_WORDS, QUOTES, TOKEN_STARTS, SENTENCE_STARTS, SENTENCE_TOKENS,
    SENTENCE_START_TOKENS, SENTENCE_FIRST_WORDS, WORD_TOKENS, CLAUSE_STARTS,
)


def index_at(starts: tuple[int, ...] | list[int], pos: int) -> int:
    """Index of the piece (sentence, clause, token) holding offset ``pos``."""
    return max(0, bisect_right(starts, pos) - 1)
