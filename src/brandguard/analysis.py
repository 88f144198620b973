"""Per-post analysis, done once and shared by every rule.

An :class:`Analysis` holds the normalised text (with a map back to the original
offsets), a spaCy ``Doc`` from ``spacy.blank("da")`` with sentences and lemmas,
and the post's words, hashtags, mentions, URLs, e-mail addresses and emoji.
Everything a rule may or may not need is computed lazily and cached. Shared
results beyond these core attributes are declared facets
(:mod:`brandguard.facets`), read with ``analysis[FACET]`` and computed once.

All offsets a rule sees are into ``analysis.text`` (the normalised text); the
engine maps findings back to ``post.text``.
"""

from __future__ import annotations

import functools
import operator
import os
import re
import threading
import time
import unicodedata
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import filterfalse
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast, overload

from .lexattrs import Completion, lean, speed_up
from .regexgate import StartScan
from .spans import Spans
from .textnorm import normalise, to_original
from .watchdog import loading

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from .facets import Facet
    from .lang.da.lexicon import Lexicon
    from .rule import Context

T = TypeVar("T")


class _cached(Generic[T]):
    """``functools.cached_property`` without its lock (Python 3.12 dropped it too).

    In 3.11 the lock is one per property, shared by every instance: the first read of
    each property of every post took a lock round trip, and two threads' posts waited
    on each other. An analysis belongs to one check, read by one thread at a time."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _cached[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | _cached[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value  # read from there from now on (no descriptor call)
        return value

URL_RE = re.compile(
    r"""\b(?:https?://|www\.)[^\s<>"«»]+[^\s<>"«».,;:!?)\]}'’]"""
    r"""|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:dk|com|org|net|eu|io|no|se|de)(?:/[^\s<>"«»]*[^\s<>"«».,;:!?)\]}'’])?(?![\w@])""",
    re.IGNORECASE,
)
"""A URL, or a bare domain. Run it through :func:`find_urls`: ``URL_RE.finditer`` is
quadratic on text such as ``a.a.a.…`` (issue 13)."""
_URL_HINT = re.compile(r"https?://|www\.|\.(?:dk|com|org|net|eu|io|no|se|de)", re.IGNORECASE)
_URL_CANDIDATE = re.compile(r"\b(?=[a-z0-9-])", re.IGNORECASE)
_URL_SCHEME = re.compile(r"\b(?:https?://|www\.)", re.IGNORECASE)
_HOST_RUN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*", re.IGNORECASE)
_URL_TLD = re.compile(r"\.(?:dk|com|org|net|eu|io|no|se|de)", re.IGNORECASE)
_HOST_CHAR = re.compile(r"[a-z0-9.-]", re.IGNORECASE)
_HOST_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")


def find_urls(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`URL_RE` in ``text``, exactly as ``finditer`` gives them, in linear time.

    Every match holds a hint: it starts with ``http://``/``www.`` or reaches a ``.dk``
    (``.com`` …) through host characters (``[a-z0-9.-]``). So ``URL_RE`` is tried only
    from the start of the run of host characters that holds the next hint (a post with
    one link tries a few places, not every word), and at most once per run of host
    characters (``a.b-c.d``): when the bare-domain branch fails at the first place it
    can start in a run, it fails at every later place in that run (the same labels
    follow), so those are skipped, except where an ``http://`` or ``www.`` begins.
    """
    if not _URL_HINT_SCAN.search(text):
        return
    schemes = [m.start() for m in _URL_SCHEME_SCAN.finditer(text)]
    hints = sorted({*schemes, *(m.start() for m in _URL_TLD_SCAN.finditer(text))})
    starts = _run_starts(text, hints)
    pos = j = 0
    while True:
        j = bisect_left(hints, pos, j)  # a match at or after pos holds a hint at or after it
        if j == len(hints):
            return
        cand = _URL_CANDIDATE.search(text, max(pos, starts[j]))
        if cand is None:
            return
        p = cand.start()
        m = URL_RE.match(text, p)
        if m is not None:
            yield m
            pos = m.end()
            continue
        run = _HOST_RUN.match(text, p)
        end = run.end() if run is not None else p + 1
        k = bisect_right(schemes, p)
        pos = schemes[k] if k < len(schemes) and schemes[k] < end else end


def _run_starts(text: str, hints: list[int]) -> list[int]:
    """For each hint position, where the run of host characters holding it starts.

    A walk back stops at the hint before (whose run it then shares): each character is
    passed once, however many hints one run holds (``.dk.dk.dk…``)."""
    out: list[int] = []
    prev, prev_start = -1, 0
    for h in hints:
        q = h
        while q > prev + 1 and _is_host(text[q - 1]):
            q -= 1
        # (a hint starts with h, w or `.`: a host character, so reaching it joins its run)
        start = prev_start if q == prev + 1 and prev >= 0 else q
        out.append(start)
        prev, prev_start = h, start
    return out


def _is_host(c: str) -> bool:
    # IGNORECASE [a-z] also takes a few letters outside ASCII (ſ, K, ı, İ): ask re there.
    return c in _HOST_ASCII if c.isascii() else _HOST_CHAR.match(c) is not None


# Tried only where a run of local-part characters begins (after leading `.+-`, which
# ``_find_trimmed`` drops): an attempt later in the same run meets the same `@` and
# domain, so it cannot succeed where the first failed; linear on any input.
EMAIL_RE = re.compile(r"(?<![\w.+-])[.+-]*+\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b",
                      re.IGNORECASE)
HASHTAG_RE = re.compile(r"(?<![\w&/#])#(\w[\w-]*)")
MENTION_RE = re.compile(r"(?<![\w.@])@(\w[\w.-]*\w|\w)")
_EMOJI_BASE_CHARS = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u25fd\u25fe\u2b50\u2b55\u2b05-\u2b07\u2b1b\u2b1c"
    "\u231a\u231b\u23e9-\u23fa\u3030\u303d\u3297\u3299"
)
_EMOJI_BASE = f"[{_EMOJI_BASE_CHARS}]"
_EMOJI_MOD = "(?:\ufe0f|[\U0001f3fb-\U0001f3ff]|[\U000e0020-\U000e007f]|\u20e3)"
#: Symbols that are text by default and emoji only with the variation selector U+FE0F
#: (‼️ ▶️ ©️ ™️); tests/test_analysis.py checks against the `emoji` package's Unicode set.
_EMOJI_TEXT_DEFAULT = ("[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u2328"
                       "\u23cf\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb\u25fc\u2934\u2935]\ufe0f")
#: A character every emoji (an EMOJI_RE match) has: a base, a flag half, U+FE0F or U+20E3.
_EMOJI_PART = re.compile(f"[{_EMOJI_BASE_CHARS}\ufe0f\u20e3]")
#: One emoji as the reader sees it (a grapheme cluster): 👍🏽 and 🏳️‍🌈 are one each.
EMOJI_RE = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"
    f"|(?:{_EMOJI_BASE}|{_EMOJI_TEXT_DEFAULT}){_EMOJI_MOD}*"
    f"(?:\u200d(?:{_EMOJI_BASE}|{_EMOJI_TEXT_DEFAULT}){_EMOJI_MOD}*)*"
    "|[0-9#*]\ufe0f?\u20e3"
)
#: The patterns above led by the characters their matches start with (the same matches:
#: ``#``, ``@``, an emoji, ``h``/``w``/``.`` are rare, so re skips to them; regexgate).
_URL_HINT_SCAN, _URL_SCHEME_SCAN, _URL_TLD_SCAN, _HASHTAG_SCAN, _MENTION_SCAN, _EMOJI_SCAN = map(
    StartScan, (_URL_HINT, _URL_SCHEME, _URL_TLD, HASHTAG_RE, MENTION_RE, EMOJI_RE))
_CLOSERS = frozenset({"»", "«", '"', ")", "]", "”", "'"})
_HAS_LETTER = re.compile(r"[^\W\d_]")
#: A LIX sentence: from the first letter of a stretch between breaks (``. ! ? : …`` and
#: line breaks) to its end; one match per stretch that holds a letter (led by a class,
#: re skips to the letters; a split at the breaks searched every piece for one again).
_LIX_SENTENCE = re.compile(r"[^\W\d_][^.!?:…\n]*")

# Company forms and other tokens spaCy's Danish tokenizer would split.
_COMPANY_FORMS = ("A/S", "ApS", "I/S", "P/S", "K/S", "IVS")
_SPECIAL_TOKENS = ("A/S", "ApS", "I/S", "P/S", "K/S", "IVS", "a.m.b.a.", "f.eks.", "bl.a.",
                   "m.m.", "o.l.", "osv.", "inkl.", "ekskl.", "ca.", "kl.", "nr.", "tlf.")

#: Attributes of :class:`Analysis` that facets may name in ``requires``.
CORE_FACETS = frozenset({"text", "original", "doc", "tokens", "lowers", "lemmas", "sentences",
                         "special_tokens", "word_ids", "words", "urls", "emails", "hashtags",
                         "mentions", "emoji", "prose", "word_count", "sentence_count", "lix",
                         "context"})

_nlp: Language | None = None
_nlp_lock = threading.Lock()
#: spaCy keeps every token text it has seen in its vocabulary, for the life of the
#: pipeline: a service fed random text would grow without end (issue 13). Past this
#: many strings a fresh pipeline takes over; Docs made before keep the old one.
#: Each new token text costs about 450 bytes (its lexeme and strings, measured when each
#: had its shape too): 25,000 strings (the blank pipeline has about 3,000) hold about 11 MB. (With 40,000 the
#: worst-case bench peaked over its 300 MB.)
MAX_VOCAB_STRINGS = 25_000
#: Building a pipeline takes 80–350 ms of CPU (the tokenizer's 1,240 special cases, by
#: the machine). Built in one check, it made that check slow; built by a thread, it took
#: the GIL (and the CPU) from the checks running meanwhile. So the next pipeline is built
#: a slice at a time by the checks past the limit, each paying its share: ``SLICE_MS``
#: plus the time the build still needs times the share of the headroom left before
#: ``FINISH_FACTOR`` times the limit that its own post's new strings took. The build then
#: ends about when the vocabulary reaches that size, on a fast machine or a slow one, and
#: a post pays for what it added (at 0.01 ms per string, a post of 3,000 random
#: characters paid 20 ms); the new pipeline takes over when it is complete. Strings
#: added outside the tokenizer (a policy's word lists, lemmas) are paid for by
#: ``SLICE_MS`` alone. One check finishes the build only past ``HARD_LIMIT_FACTOR``
#: times the limit.
SLICE_MS = 1.0
FINISH_FACTOR = 2
HARD_LIMIT_FACTOR = 3
#: What a special case costs before the first slice has measured it (a slow machine).
_FIRST_GUESS_MS_PER_CASE = 0.2


def _special_cases() -> dict[str, Any]:
    from spacy.lang.da import Danish
    from spacy.symbols import ORTH

    rules: dict[str, Any] = dict(Danish.Defaults.tokenizer_exceptions or {})
    for form in _SPECIAL_TOKENS:
        rules[form] = [{ORTH: form}]
    for form in _COMPANY_FORMS:  # "Nordlys Energi A/S." ends a sentence
        for end in (".", ",", ":", "!", "?"):
            rules[form + end] = [{ORTH: form}, {ORTH: end}]
    return rules


@functools.cache
def _affix_searchers() -> tuple[Any, Any, Any]:
    from spacy.lang.da import Danish
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = Danish.Defaults
    return (compile_prefix_regex([p for p in defaults.prefixes or () if p != "#"]).search,
            compile_suffix_regex(defaults.suffixes or ()).search,
            compile_infix_regex(defaults.infixes or ()).finditer)


class _PipelineBuild:
    """A pipeline whose tokenizer gets its special cases a slice at a time.

    ``Tokenizer(rules=...)`` adds them one by one in sorted order with
    ``add_special_case``; this does the same, so the finished tokenizer is the same.
    """

    def __init__(self) -> None:
        from spacy.lang.da import Danish
        from spacy.tokenizer import Tokenizer

        defaults = Danish.Defaults
        prefix, suffix, infix = _affix_searchers()

        def tokenizer(nlp: Language) -> Any:
            return Tokenizer(nlp.vocab, prefix_search=prefix, suffix_search=suffix,
                             infix_finditer=infix, token_match=defaults.token_match,
                             url_match=defaults.url_match)

        self.nlp = Danish(create_tokenizer=tokenizer)  # only this tokenizer, not a default too
        vocab = self.nlp.vocab
        # (lex_attr_getters: a public attribute of the Cython class that vocab.pyi leaves out)
        full = speed_up(vocab.lex_attr_getters)  # type: ignore[attr-defined]  # see above
        vocab.lex_attr_getters = lean(full)  # type: ignore[attr-defined]  # see above
        # the rest, set on the lexemes of an ``Analysis.doc`` (spaCy token patterns)
        _completions[self.nlp] = Completion(full)
        self._todo = sorted(_special_cases().items(), reverse=True)  # popped in sorted order
        self._spent_ms = 0.0
        self._added = 0

    def remaining_ms(self) -> float:
        """About how long the special cases left take, at the pace of those added."""
        pace = self._spent_ms / self._added if self._added else _FIRST_GUESS_MS_PER_CASE
        return len(self._todo) * pace

    def advance(self, ms: float | None = None) -> bool:
        """Add special cases for about ``ms`` milliseconds (all if None); True when done."""
        tokenizer: Tokenizer = self.nlp.tokenizer  # (typed as any callable)
        add = tokenizer.add_special_case
        todo = self._todo
        clock = time.perf_counter
        start = clock()
        until = None if ms is None else start + ms / 1000
        before = len(todo)
        while todo:
            add(*todo.pop())
            if until is not None and clock() >= until:
                break
        self._spent_ms += (clock() - start) * 1000
        self._added += before - len(todo)
        return not todo


#: Each pipeline's :class:`~brandguard.lexattrs.Completion` (weakly: a replaced
#: pipeline takes its own with it).
_completions: weakref.WeakKeyDictionary[Language, Completion] = weakref.WeakKeyDictionary()


_next: _PipelineBuild | None = None
#: The vocabulary size when the last check past the limit paid its slice.
_paid_up_to = 0


def _reset_after_fork() -> None:
    # another thread may have held the lock at the fork: the child starts with its own
    global _nlp_lock
    _nlp_lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


def get_nlp() -> Language:
    """The process-wide blank Danish spaCy pipeline, adapted to posts (loaded lazily).

    ``#hashtags`` and ``@mentions`` stay whole, and company forms such as
    ``A/S`` are one token.
    """
    global _nlp, _next
    current = _nlp
    if current is not None and len(current.vocab.strings) <= HARD_LIMIT_FACTOR * MAX_VOCAB_STRINGS:
        return current
    with loading(), _nlp_lock:  # waiting for another thread's load is loading too
        if _nlp is None or len(_nlp.vocab.strings) > HARD_LIMIT_FACTOR * MAX_VOCAB_STRINGS:
            build = _next if _next is not None else _PipelineBuild()
            build.advance()
            _nlp, _next = build.nlp, None
    assert _nlp is not None
    return _nlp


def _pay_for_growth(nlp: Language, before: int) -> None:
    """Past the limit, build a slice of the next pipeline, as much as this post grew
    the vocabulary (from ``before`` strings); swap it in when it is complete."""
    global _nlp, _next, _paid_up_to
    size = len(nlp.vocab.strings)
    if size <= MAX_VOCAB_STRINGS or nlp is not _nlp:
        return
    if not _nlp_lock.acquire(blocking=False):
        return  # another thread is adding its slice
    try:
        if nlp is not _nlp:
            return
        with loading():  # upkeep of the process, not the post's work: outside its budget
            if _next is None:
                _next, _paid_up_to = _PipelineBuild(), MAX_VOCAB_STRINGS
            paid = max(before, _paid_up_to)
            grown = max(0, size - paid)
            headroom = max(grown, FINISH_FACTOR * MAX_VOCAB_STRINGS - paid, 1)
            # (a post that took all the headroom finishes the build, whatever the guess)
            ms = None if grown >= headroom else SLICE_MS + _next.remaining_ms() * grown / headroom
            _paid_up_to = size
            done = _next.advance(ms)
        if done:
            _nlp, _next = _next.nlp, None
    finally:
        _nlp_lock.release()


#: spaCy's tokenizer is quadratic in the length of a space-free run that it peels one
#: character at a time (`((((`, `,,,,`, emoji): such runs longer than this are cut into
#: pieces tokenised one by one, only where both neighbours are peeled anyway.
MAX_TOKENIZER_RUN = 64
#: A run with a colon and no place to cut it that keeps spaCy's tokens is cut anyway
#: after this many characters: spaCy took 7.6 s on one of 128,000 (`https://x.dk/a?b=1`
#: run together) and 1 s on 16,000 of `a:`. (A longer link is still found whole by
#: :func:`find_urls`; only its tokens are cut, and they are inside a link.)
MAX_UNCUT_RUN = 1_024
#: A run as the tokenizer sees one: it splits the text at every white-space character
#: (``str.isspace``, which ``\s`` is), not only at spaces. (Read as runs between spaces,
#: `kortsigtet.\n\n#grøntomstilling` was one long run, cut between its line breaks
#: into pieces that gave two line-break tokens where spaCy gives one.)
_LONG_RUN = re.compile(r"\S{" + str(MAX_TOKENIZER_RUN + 1) + ",}")
#: Whether a text has such a run, in a quarter of the instructions: a run starts at the
#: beginning or after white space, and ``re`` skips to the white space in C
#: (``_LONG_RUN.search`` tries every position and walks each word to its end).
_LONG_RUN_AT_START = re.compile(r"\S{" + str(MAX_TOKENIZER_RUN + 1) + "}")
_LONG_RUN_AFTER_SPACE = re.compile(r"\s\S{" + str(MAX_TOKENIZER_RUN + 1) + "}")
#: The same between spaces: a text without one has no run between white space either,
#: and ``re`` finds the spaces (a literal) faster than the white space (a class).
_SPACELESS_AT_START = re.compile("[^ ]{" + str(MAX_TOKENIZER_RUN + 1) + "}")
_SPACELESS_AFTER_SPACE = re.compile(" [^ ]{" + str(MAX_TOKENIZER_RUN + 1) + "}")
_NO_CUT = frozenset(".-/\u200d\ufe0f\u20e3")  # spaCy keeps runs of . - / whole, fast


def _cuttable(a: str, b: str) -> bool:
    """May a long run be cut between ``a`` and ``b`` without changing the tokens?"""
    if a.isalnum() or b.isalnum() or a in _NO_CUT or b in _NO_CUT:
        return False
    return _grapheme_start(b)  # (a combining mark, a joiner or a modifier belongs to ``a``)


def _grapheme_start(b: str) -> bool:
    """May a grapheme cluster start at ``b`` (no combining mark, joiner, modifier, skin
    tone or tag character, which belong to the character before)?"""
    if unicodedata.category(b) in ("Mn", "Mc", "Me", "Cf", "Sk"):
        return False
    return not ("\U0001f3fb" <= b <= "\U0001f3ff" or "\U000e0020" <= b <= "\U000e007f")


def _is_flag_half(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _pieces(run: str) -> Iterator[str]:
    # flags[i]: regional indicators in a row just before i; a flag is a pair of them,
    # so a cut inside such a row goes only after an even number.
    flags = [0] * (len(run) + 1)
    for i, ch in enumerate(run):
        flags[i + 1] = flags[i] + 1 if _is_flag_half(ch) else 0

    def ok(k: int) -> bool:
        if _is_flag_half(run[k - 1]) and _is_flag_half(run[k]):
            return flags[k] % 2 == 0
        return _cuttable(run[k - 1], run[k])

    def whole_graphemes(k: int) -> bool:
        if _is_flag_half(run[k - 1]) and _is_flag_half(run[k]):
            return flags[k] % 2 == 0
        return run[k - 1] != "\u200d" and _grapheme_start(run[k])

    # spaCy's link patterns try each colon's rest of the run to its end: only a run with a
    # colon is cut where the tokens may differ (other runs without a cut are fast whole)
    forced = ":" in run
    start = 0
    while len(run) - start > MAX_TOKENIZER_RUN:
        cut = start + MAX_TOKENIZER_RUN
        while cut > start and not ok(cut):
            cut -= 1
        if cut == start:  # no place to cut in this window: the next place, if any
            cut = start + MAX_TOKENIZER_RUN + 1
            limit = min(len(run), start + MAX_UNCUT_RUN) if forced else len(run)
            while cut < limit and not ok(cut):
                cut += 1
            if cut == limit < len(run):
                # None in MAX_UNCUT_RUN characters (`https://x.dk/a?b=1` run together):
                # cut between two graphemes, though spaCy might have split elsewhere.
                while cut > start + 1 and not whole_graphemes(cut):
                    cut -= 1
        yield run[start:cut]
        start = cut
    if start < len(run):
        yield run[start:]


#: Text longer than this is tokenised a segment at a time (cut where a word follows
#: whitespace, where spaCy's tokenizer starts afresh anyway): the Doc of 200,000 emoji
#: took 24 MB and its columns 12 more, all at once, for the whole check; a segment's Doc
#: is freed before the next is made. Posts up to this length are tokenised in one piece.
SEGMENT_CHARS = 8_192


def _safe_cut(text: str, k: int) -> bool:
    """Does spaCy's tokenizer start afresh at ``k``? Where a non-space follows whitespace:
    the tokenizer splits the text into runs of whitespace and of the rest, and a cut
    between two runs leaves every run, and so every token, as it was."""
    return text[k - 1].isspace() and not text[k].isspace()


def _whole(text: str) -> bool:
    """Is ``text`` tokenised in one piece (short, and no long run without spaces)?"""
    if len(text) > SEGMENT_CHARS:
        return False
    if _SPACELESS_AT_START.match(text) is None and _SPACELESS_AFTER_SPACE.search(text) is None:
        return True  # most posts
    return _LONG_RUN_AT_START.match(text) is None and _LONG_RUN_AFTER_SPACE.search(text) is None


#: A run of word characters longer than any word (what the tokenizer cuts).
_LONG_WORD = re.compile(r"\w{" + str(MAX_TOKENIZER_RUN + 1) + ",}")


def blank_long_words(text: str) -> str:
    """``text`` with each run of more than :data:`MAX_TOKENIZER_RUN` word characters
    turned into as many spaces (offsets unchanged). For patterns with ``\\w*`` inside
    them (`dele\\w*kampagne`): each place such a pattern may start in one long run is
    walked to the run's end, so a run of 128,000 letters took 6 s."""
    if _SPACELESS_AT_START.match(text) is None and _SPACELESS_AFTER_SPACE.search(text) is None:
        return text  # no run of MAX_TOKENIZER_RUN + 1 characters without a space: most posts
    return _LONG_WORD.sub(lambda m: " " * len(m.group()), text)


def _plain_segments(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """``text[start:end]`` (no run over MAX_TOKENIZER_RUN) in pieces of at most about
    :data:`SEGMENT_CHARS`, each cut where the tokenizer starts afresh."""
    while end - start > SEGMENT_CHARS:
        cut = start + SEGMENT_CHARS
        while cut > start and not _safe_cut(text, cut):
            cut -= 1
        if cut == start:  # no cut in this window (whitespace only): the next one, if any
            cut = start + SEGMENT_CHARS + 1
            while cut < end and not _safe_cut(text, cut):
                cut += 1
        yield start, text[start:cut]
        start = cut
    if start < end:
        yield start, text[start:end]


def segments(text: str) -> Iterator[tuple[int, str]]:
    """``text`` in consecutive pieces with their offsets, such that tokenising each piece
    alone gives ``text``'s tokens: long runs without spaces in pieces of about
    :data:`MAX_TOKENIZER_RUN` (linear time), the rest in pieces of about
    :data:`SEGMENT_CHARS` (bounded memory)."""
    if _whole(text):
        yield 0, text
        return
    pos = 0
    for m in _LONG_RUN.finditer(text):
        yield from _plain_segments(text, pos, m.start())
        at = m.start()
        for piece in _pieces(m.group()):
            yield at, piece
            at += len(piece)
        pos = m.end()
    yield from _plain_segments(text, pos, len(text))


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)`` in linear time: long runs without spaces are tokenised in
    pieces (see :func:`segments`); the tokens and their offsets are the same."""
    if _whole(text):
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    texts: dict[str, str] = {}
    share = texts.setdefault  # one string per distinct token text (200,000 emoji: one)
    for _, piece in segments(text):
        for t in nlp.make_doc(piece):
            words.append(share(s := t.text, s))
            spaces.append(bool(t.whitespace_))
    return Doc(nlp.vocab, words=words, spaces=spaces)


@functools.cache
def _columns() -> list[int | str]:
    """The columns :attr:`Analysis.tokens` reads from each Doc."""
    from spacy.attrs import IDX, LENGTH, ORTH

    # (not IS_SPACE and IS_PUNCT: the form table has them, and to_array pays a GIL
    # round trip per token and column. LENGTH stays: the ends in numpy cost less than
    # from the texts' lengths in Python.)
    return [ORTH, IDX, LENGTH]


class _Primer:
    """Puts the words of a text into spaCy's tokenizer cache, one by one.

    spaCy's tokenizer caches how it split a word (a run between whitespace) only while
    no special case has been met in the text so far (one flag for the whole call, set
    by a line break, ``f.eks.``, ``A/S``…): in most posts the words after the first line
    break are split by the prefix, suffix and infix patterns again at every check (a
    third of the tokenizer's instructions). A word tokenised alone is cached as spaCy
    caches any word (not if it holds a special case), with the tokens it has in any
    text, so the tokens are the same; it only spares the patterns later.

    A word is primed the second time it is seen (a one-post check pays nothing), and
    priming stops once the tokenizer's cache is full (it keeps no more). Both sets are
    bounded: ``seen`` starts afresh when full. A word longer than
    :data:`MAX_TOKENIZER_RUN` is never primed: spaCy's time on one run grows with its
    square (``(`` × 4,000 + ``a`` + ``)`` × 4,000: 7 s), which is why
    :func:`segments` cuts such runs, and a post checked twice must not undo that."""

    MAX_SEEN = 20_000

    def __init__(self, nlp: Language) -> None:
        tokenizer: Tokenizer = nlp.tokenizer  # (typed as any callable)
        self.tokenizer = tokenizer
        self.room: int = tokenizer.max_cache_size
        self.seen: set[str] = set()
        self.primed: set[str] = set()

    def prime(self, text: str) -> None:
        if len(self.primed) >= self.room:
            return
        # Only the words not primed yet (in a warm process, a few a post) are looked up
        # in and added to ``seen``.
        fresh = list(filterfalse(self.primed.__contains__, dict.fromkeys(text.split())))
        if not fresh:
            return
        seen = self.seen
        todo = [w for w in fresh if w in seen and len(w) <= MAX_TOKENIZER_RUN]
        if len(seen) > self.MAX_SEEN:
            seen.clear()
        seen.update(fresh)
        if todo:
            tokenize = self.tokenizer
            for word in todo:
                tokenize(word)
            self.primed.update(todo)


#: Each pipeline's :class:`_Primer` (weakly, as its completion).
_primers: weakref.WeakKeyDictionary[Language, _Primer] = weakref.WeakKeyDictionary()


def token_columns(nlp: Language, text: str) -> Iterator[list[list[int]]]:
    """The tokens of ``text`` as column lists ``[orth, start, end]``,
    a batch of about :data:`SEGMENT_CHARS` characters at a time (see :func:`segments`):
    no Doc of the whole text is ever made (bounded memory)."""
    import numpy

    primer = _primers.get(nlp)
    if primer is None:
        primer = _primers.setdefault(nlp, _Primer(nlp))
    primer.prime(text)
    cols = _columns()
    batch: list[Any] = []
    size = 0
    for offset, piece in segments(text):
        doc = nlp.make_doc(piece)
        if not len(doc):
            continue
        arr = doc.to_array(cols)
        if offset:
            arr[:, 1] += offset
        arr[:, 2] += arr[:, 1]  # the ends, in numpy (a map of operator.add: 40,000 instructions a post)
        batch.append(arr)
        size += len(piece)
        if size >= SEGMENT_CHARS:
            yield (batch[0] if len(batch) == 1 else numpy.concatenate(batch)).T.tolist()
            batch, size = [], 0
    if batch:
        yield (batch[0] if len(batch) == 1 else numpy.concatenate(batch)).T.tolist()


#: A form's text, lower case, lemma, is_space and is_punct (what every token of it shares).
_Form = tuple[str, str, str, bool, bool]
_F_TEXT, _F_LOWER, _F_LEMMA, _F_SPACE, _F_PUNCT = map(operator.itemgetter, range(5))


class _FormTable:
    """Token forms by spaCy orth id (the hash of the text), for every post of the process.

    Most tokens of a post are forms seen before: one dict lookup per token in C gives
    all a token shares with every other of its form, and each form's string objects are
    shared by all its tokens (200,000 emoji keep one copy). Two generations of at most
    :data:`FORMS_MAX` forms each: when the current one is full it becomes the older one
    and the forms still in use move back on their next lookup, so the table stays
    bounded and keeps the frequent forms.
    """

    FORMS_MAX = 16_384

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.current: dict[int, _Form] = {}
        self.older: dict[int, _Form] = {}

    def fill(self, entries: list[_Form | None], orths: list[int], vocab: Vocab) -> list[_Form]:
        """``entries`` with the missing forms (None) found in the older generation or made."""
        # (unlocked: two threads at once can only make a form twice, both alike)
        older, current = self.older, self.current
        made: dict[int, _Form] = {}
        new: dict[int, None] = {}  # the orths of new forms, in text order
        for orth, e in zip(orths, entries, strict=True):
            if e is None and orth not in made and orth not in new:
                old = older.get(orth)
                if old is not None:
                    made[orth] = old
                else:
                    new[orth] = None
        if new:
            strings = vocab.strings
            words = [strings[orth] for orth in new]  # (the orth is the hash of the text)
            # A text already in lower case (most words) is its own lower-case form.
            lows = [w if w == (low := w.lower()) else low for w in words]
            distinct = list(dict.fromkeys(lows))
            lemma = dict(zip(distinct, self.lexicon.lemmatise(distinct), strict=True))
            for orth, w, low in zip(new, words, lows, strict=True):
                lex = vocab[orth]  # (the flags are the lexeme's: the same for every token of it)
                made[orth] = (w, low, lemma[low], bool(lex.is_space), bool(lex.is_punct))
        if len(current) + len(made) > self.FORMS_MAX:
            self.older, self.current = current, {}
            current = self.current
        current.update(made)
        return [made[o] if e is None else e for o, e in zip(orths, entries, strict=True)]


_forms: _FormTable | None = None


def _form_table(lexicon: Lexicon) -> _FormTable:
    """The process's form table; a fresh one for another lexicon (its lemmas differ)."""
    global _forms
    table = _forms
    if table is None or table.lexicon is not lexicon:
        table = _forms = _FormTable(lexicon)
    return table


class Tok(NamedTuple):
    """A token: index, text, offsets in ``analysis.text``, lower case, lemma, flags."""

    i: int
    text: str
    start: int
    end: int
    lower: str
    lemma: str
    space: bool
    punct: bool


#: ``Tok`` from a tuple of its fields without NamedTuple's Python-level ``__new__``.
_new_tok = functools.partial(tuple.__new__, Tok)
#: A field of every token in C (``map(_LOWER, tokens)``), not a Python loop per token.
_START, _LOWER, _LEMMA = (operator.itemgetter(Tok._fields.index(f)) for f in ("start", "lower", "lemma"))


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the normalised text: a hashtag, a URL, an emoji, a sentence, …"""

    start: int
    end: int
    text: str


class Pieces(Sequence[Piece]):
    """Pieces kept as two arrays of offsets and a list of texts, 24 bytes a piece: as
    :class:`Piece` objects, the 200,000 emoji of a long post took 24 MB (issue 13). A
    ``Piece`` is made when one is read; a slice is a tuple of them."""

    __slots__ = ("_ends", "_starts", "_texts")

    def __init__(self, starts: array[int], ends: array[int], texts: list[str]) -> None:
        self._starts, self._ends, self._texts = starts, ends, texts

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, k: int) -> Piece: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[Piece, ...]: ...
    def __getitem__(self, k: int | slice) -> Piece | tuple[Piece, ...]:
        if isinstance(k, slice):
            return tuple(map(Piece, self._starts[k], self._ends[k], self._texts[k]))
        return Piece(self._starts[k], self._ends[k], self._texts[k])

    def __iter__(self) -> Iterator[Piece]:
        return map(Piece, self._starts, self._ends, self._texts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Pieces):
            return (self._starts, self._ends, self._texts) == (other._starts, other._ends, other._texts)
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, as a list: unhashable

    def __repr__(self) -> str:
        return f"Pieces({list(self)!r})"


class Analysis:
    """Everything known about one post's text. Built by the engine; read by rules."""

    def __init__(self, text: str) -> None:
        #: The text as the employee wrote it.
        self.original: str = text
        clean, offsets = normalise(text)
        #: The normalised text: all offsets rules use are into this.
        self.text: str = clean
        self._offsets = offsets
        self._facets: dict[Facet[Any], Any] = {}
        self._computing: set[Facet[Any]] = set()
        #: The check this analysis belongs to (post, policy, history, ledger), set by the
        #: engine; facets that depend on the policy or the history read it.
        self.context: Context | None = None
        self._sealed = True

    def __setattr__(self, name: str, value: Any) -> None:
        # Rules share one Analysis: none may replace what the others read (issue 13).
        # (Its sequences are tuples and its pieces frozen, so they cannot be changed either.)
        # The engine attaches the check's context once.
        if getattr(self, "_sealed", False) and not (name == "context" and self.context is None):
            raise AttributeError(f"the analysis is shared by every rule: {name!r} is read-only")
        object.__setattr__(self, name, value)

    # --- offsets ------------------------------------------------------------------------

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` to ``post.text``."""
        return to_original(self.original, self._offsets, start, end)

    def __getitem__(self, facet: Facet[T]) -> T:
        """The value of a facet for this post, computed on first read and then shared."""
        try:
            return self._facets[facet]  # type: ignore[no-any-return]  # keyed by its Facet[T]
        except KeyError:
            pass
        if facet in self._computing:
            raise RuntimeError(f"facet {facet.name!r} requires itself")
        self._computing.add(facet)
        try:
            value = facet.compute(self)
        finally:
            self._computing.discard(facet)
        self._facets[facet] = value
        return value

    def computed(self, facet: Facet[Any]) -> bool:
        """Whether a facet has been computed for this post yet."""
        return facet in self._facets

    def close(self) -> None:
        """Drop the facets and the check's context once the report is built (the engine
        calls it). They refer back to the analysis (``ctx.analysis``, a facet that keeps
        the analysis it reads), a cycle only the garbage collector would free: a long
        post's tokens would then outlive its check and add to the next one's memory
        (issue 13). Read after closing, a facet is computed again."""
        self._facets.clear()
        object.__setattr__(self, "context", None)

    @property
    def ctx(self) -> Context:
        """The check's context; facets that need the policy or history read it."""
        if self.context is None:
            raise RuntimeError("this analysis is not part of a check (no context)")
        return self.context

    # --- tokens, lemmas, sentences --------------------------------------------------------

    @_cached
    def doc(self) -> Doc:
        """spaCy Doc with sentence starts and (lookup) lemmas set, for spaCy-based rules.

        Rules that only need token texts, offsets and lemmas should read
        :attr:`tokens` instead: iterating a Doc creates Python objects per token.
        """
        import numpy
        from spacy.attrs import LEMMA, SENT_START

        toks = self.tokens
        nlp = get_nlp()
        doc = self._tokenise(nlp)  # (again: `tokens` does not keep its Doc, see there)
        _completions[nlp].complete(doc)  # every attribute a token pattern may test
        if toks:
            strings = doc.vocab.strings
            arr = numpy.zeros((len(toks), 2), dtype="uint64")
            starts = self._sentence_starts
            for t in toks:
                arr[t.i, 0] = 1 if t.i in starts else numpy.uint64(-1 & 0xFFFFFFFFFFFFFFFF)
                arr[t.i, 1] = strings.add(t.lemma)
            # thinc's Ints2d is its own alias of a 2-d int array; spaCy takes a numpy one.
            doc.from_array([SENT_START, LEMMA], arr)  # type: ignore[arg-type]
        return doc

    def _tokenise(self, nlp: Language | None = None) -> Doc:
        if nlp is None:
            nlp = get_nlp()
        before = len(nlp.vocab.strings)
        doc = make_doc(nlp, self.text)
        _pay_for_growth(nlp, before)
        return doc

    @_cached
    def tokens(self) -> tuple[Tok, ...]:
        """The tokens (spaCy's Danish tokenizer, hashtags and mentions whole), with lemmas."""
        from .lang.da.lexicon import get_lexicon

        # No Doc is kept, nor made for the whole text (token_columns): only :attr:`doc`
        # (spaCy token patterns, which no shipped rule uses) needs one, and tokenises
        # again (a few µs per word, the tokenizer's cache warm). Kept, it held 24 MB for
        # 200,000 emoji through the whole check.
        nlp = get_nlp()
        before = len(nlp.vocab.strings)
        text = self.text
        forms = _form_table(get_lexicon())
        out: list[Tok] = []
        long = len(text) > SEGMENT_CHARS
        for cols in token_columns(nlp, text):
            # Column by column, in C (map, zip): iterating a Doc in Python would build a
            # Token object and call four properties per token, on every post. A token's
            # text, lower case, lemma and flags come from the form table by its orth id
            # (one lookup, not a slice, a lower-casing and a lemma lookup per token).
            orths, starts, ends = cols[0], cols[1], cols[2]
            index: Iterator[int] | range = range(len(out), len(out) + len(starts))
            if long:  # one int object per number in the batch, shared by i, start and end
                ints: dict[int, int] = {}  # (of 200 bytes a token, 64 less: 13 MB for 200,000)
                share_int = ints.setdefault
                index = map(share_int, index, index)
                starts = list(map(share_int, starts, starts))
                ends = list(map(share_int, ends, ends))
            found = list(map(forms.current.get, orths))
            entries = (forms.fill(found, orths, nlp.vocab)
                       if None in found else cast("list[_Form]", found))
            out.extend(map(_new_tok, zip(index, map(_F_TEXT, entries), starts, ends,
                                         map(_F_LOWER, entries), map(_F_LEMMA, entries),
                                         map(_F_SPACE, entries), map(_F_PUNCT, entries),
                                         strict=True)))
        _pay_for_growth(nlp, before)
        return tuple(out)

    @_cached
    def _sentence_starts(self) -> frozenset[int]:
        from .lang.da.sentences import sentence_start_tokens

        return sentence_start_tokens(self.text, self.tokens)

    @_cached
    def lowers(self) -> tuple[str, ...]:
        """Lower-case form of each token."""
        return tuple(map(_LOWER, self.tokens))

    @_cached
    def lemmas(self) -> tuple[str, ...]:
        """Lemma of each token (its lower-case form when the lexicon does not know it)."""
        return tuple(map(_LEMMA, self.tokens))

    @_cached
    def special_tokens(self) -> frozenset[int]:
        """Token indices inside a URL, e-mail, hashtag or mention."""
        pieces = [*self.urls, *self.emails, *self.hashtags, *self.mentions]
        if not pieces:
            return frozenset()
        toks = self.tokens
        starts = list(map(_START, toks))
        out: set[int] = set()
        for p in pieces:
            i = max(0, bisect_right(starts, p.start) - 1)
            while i < len(toks) and toks[i].start < p.end:
                if toks[i].end > p.start:
                    out.add(i)
                i += 1
        return frozenset(out)

    @_cached
    def word_ids(self) -> tuple[int, ...]:
        """Indices of tokens that are words of running text (not URLs, tags, numbers, emoji)."""
        special = self.special_tokens
        has_letter = _HAS_LETTER.search
        # isalpha() first: most tokens are plain words, and it answers in C without a regex.
        return tuple([t.i for t in self.tokens if not t.space and t.i not in special
                and (t.text.isalpha() or has_letter(t.text))])

    @_cached
    def words(self) -> tuple[str, ...]:
        toks = self.tokens
        return tuple([toks[i].text for i in self.word_ids])

    @_cached
    def sentences(self) -> tuple[Piece, ...]:
        """Sentences (stripped), split at . ! ? … and line breaks."""
        toks = self.tokens
        starts = sorted(self._sentence_starts)
        out = []
        for k, first in enumerate(starts):
            last = (starts[k + 1] if k + 1 < len(starts) else len(toks)) - 1
            while first <= last and toks[first].space:
                first += 1
            while last >= first and toks[last].space:
                last -= 1
            if first > last:
                continue
            start, end = toks[first].start, toks[last].end
            out.append(Piece(start, end, self.text[start:end]))
        return tuple(out)

    # --- post furniture -------------------------------------------------------------------

    def _find(self, pattern: StartScan) -> list[Piece]:
        texts: dict[str, str] = {}
        share = texts.setdefault  # one string per distinct piece (200,000 emoji: one)
        return [Piece(m.start(), m.end(), share(g := m.group(), g))
                for m in pattern.finditer(self.text)]

    def _find_trimmed(self, pattern: re.Pattern[str], lead: str) -> list[Piece]:
        """Like :meth:`_find`, without the leading ``lead`` characters a pattern consumed."""
        out = []
        for m in pattern.finditer(self.text):
            found = m.group()
            trimmed = found.lstrip(lead)
            start = m.end() - len(trimmed)
            out.append(Piece(start, m.end(), trimmed))
        return out

    @_cached
    def urls(self) -> tuple[Piece, ...]:
        inside = self._in_emails
        return tuple([p for p in (Piece(m.start(), m.end(), m.group()) for m in find_urls(self.text))
                      if p.start not in inside])

    @_cached
    def emails(self) -> tuple[Piece, ...]:
        return tuple(self._find_trimmed(EMAIL_RE, ".+-")) if "@" in self.text else ()

    @_cached
    def _in_emails(self) -> Spans | tuple[()]:
        """``pos in`` it: is ``pos`` inside an e-mail address? By bisection (testing every
        address for every link and mention was quadratic: 16,000 addresses, 15 s)."""
        if not self.emails:
            return ()
        return Spans((e.start, e.end) for e in self.emails)

    @_cached
    def hashtags(self) -> tuple[Piece, ...]:
        if "#" not in self.text:
            return ()
        return tuple([p for p in self._find(_HASHTAG_SCAN) if not p.text[1:].isdigit()])

    @_cached
    def mentions(self) -> tuple[Piece, ...]:
        if "@" not in self.text:
            return ()
        inside = self._in_emails
        return tuple([p for p in self._find(_MENTION_SCAN) if p.start not in inside])

    @_cached
    def emoji(self) -> Sequence[Piece]:
        """Emoji as grapheme clusters: 👍🏽 and 🏳️‍🌈 count one each (a :class:`Pieces`)."""
        text = self.text
        first = None if text.isascii() else _EMOJI_PART.search(text)
        if first is None:
            return ()
        # EMOJI_RE has no fixed first character, so it is tried at every position it scans:
        # start two characters before the first that an emoji needs (a keycap `1️⃣`).
        # one string per distinct emoji (200,000 of them: 15 MB less), as for tokens
        shared: dict[str, str] = {}
        share = shared.setdefault
        starts: array[int] = array("q")
        ends: array[int] = array("q")
        texts: list[str] = []
        for m in _EMOJI_SCAN.finditer(text, max(0, first.start() - 2)):
            starts.append(m.start())
            ends.append(m.end())
            texts.append(share(e := m.group(), e))
        return Pieces(starts, ends, texts)

    @_cached
    def prose(self) -> str:
        """The text with URLs, e-mails, mentions and hashtags blanked out (same length)."""
        pieces = [*self.urls, *self.emails, *self.mentions, *self.hashtags]
        if not pieces:
            return self.text
        out = []
        pos = 0
        for p in sorted(pieces, key=lambda p: p.start):
            if p.start < pos:
                continue
            out.append(self.text[pos : p.start])
            out.append(" " * (p.end - p.start))
            pos = p.end
        out.append(self.text[pos:])
        return "".join(out)

    # --- figures ---------------------------------------------------------------------------

    @_cached
    def word_count(self) -> int:
        return len(self.word_ids)

    @_cached
    def sentence_count(self) -> int:
        return len(self.sentences)

    @_cached
    def lix(self) -> float | None:
        """LIX (Björnsson): words/sentences + 100·long words/words, on the prose only.

        Sentences end at ``. ! ? : …`` and line breaks. None for texts under 30
        words, where the figure means little.
        """
        words = self.words
        if len(words) < 30:
            return None
        sentences = max(1, len(_LIX_SENTENCE.findall(self.prose)))
        long_words = len([w for w in words if len(w) > 6
                          and (w.isalpha() or sum(c.isalpha() for c in w) > 6)])
        return round(len(words) / sentences + 100 * long_words / len(words), 1)

    def figures(self) -> dict[str, float]:
        """The basic figures every report carries."""
        out: dict[str, float] = {
            "characters": float(len(self.original)),
            "words": float(self.word_count),
            "sentences": float(self.sentence_count),
            "hashtags": float(len(self.hashtags)),
            "mentions": float(len(self.mentions)),
            "links": float(len(self.urls)),
            "emoji": float(len(self.emoji)),
        }
        if self.lix is not None:
            out["lix"] = self.lix
        return out
