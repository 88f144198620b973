"""Which language is a post (or a sentence) in: Danish, Norwegian, Swedish, English, German.

Statistical detectors confuse Danish and Norwegian on short texts (langdetect says
Norwegian for "Tak for i dag" with p = 0.98, peers.md), and they cost 3–10 ms a
call. So we first count cheap signals: function words and frequent words that
belong to one language (``rules/da/data/langid.yaml``), the letters æ/ø vs ä/ö,
and the endings -hed vs -het/-sjon. Only when those are not decisive do we ask
langdetect, seeded and restricted to the five languages that matter, whose
profiles are loaded once, lazily.

Hashtags, URLs, mentions and e-mail addresses (blanked in ``analysis.prose``),
quoted titles (»…«, "…", “…”) and names (capitalised words inside a sentence)
are left out: they say nothing about the language the employee writes in.
"""

from __future__ import annotations

import operator
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, ClassVar

from ...boundedcache import DEFAULT_SIZE, remember
from ...datafiles import DataModel, Words
from ...facets import QUOTES, SENTENCE_FIRST_WORDS, Facet, facet
from ...watchdog import loading

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

    from ...analysis import Analysis, Piece, Tok

LANGS = ("da", "no", "sv", "en", "de")
NAMES = {
    "da": {"da": "dansk", "en": "Danish"},
    "no": {"da": "norsk", "en": "Norwegian"},
    "sv": {"da": "svensk", "en": "Swedish"},
    "en": {"da": "engelsk", "en": "English"},
    "de": {"da": "tysk", "en": "German"},
}
#: Quoted titles and quotations in any of the quote styles Danish posts use.
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
_SCAND = frozenset({"da", "no", "sv"})
#: Endings that tell Danish from Norwegian/Swedish: (ending, field of :class:`Counts`).
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("heden", "da_only"), ("heder", "da_only"), ("hed", "da_only"),
    ("heten", "no_only"), ("heter", "no_only"), ("het", "no_only"),
    ("sjonen", "no_only"), ("sjoner", "no_only"), ("sjon", "no_only"),
)
_ENDING_TUPLE = tuple(e for e, _n in _ENDINGS)


@dataclass(slots=True)
class Counts:
    """Signal counts for a stretch of text: words of each family, and the words that
    tell Danish, Norwegian and Swedish apart."""

    words: int = 0
    scand: float = 0.0
    en: float = 0.0
    de: float = 0.0
    da_only: float = 0.0
    no_only: float = 0.0
    sv_only: float = 0.0

    def add(self, other: Counts) -> None:
        # field by field, not a loop of getattr/setattr: called once per sentence
        self.words += other.words
        self.scand += other.scand
        self.en += other.en
        self.de += other.de
        self.da_only += other.da_only
        self.no_only += other.no_only
        self.sv_only += other.sv_only

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Guess:
    """A language guess: the code (None when there is nothing to go on) and how sure."""

    lang: str | None
    #: "signals" (decided by the word lists), "langdetect", "weak" or "none".
    method: str = "none"
    prob: float = 0.0
    counts: Counts = field(default_factory=Counts)
    words: int = 0

    @property
    def sure(self) -> bool:
        """Sure enough to tell the writer: decided by signals, or langdetect at p ≥ 0.9
        on at least five words."""
        if self.lang is None:
            return False
        if self.method == "signals":
            return True
        return self.method == "langdetect" and self.prob >= 0.9 and self.words >= 5


class LangidData(DataModel):
    """``data/langid.yaml``: function words that mark each language."""

    data_file: ClassVar[str] = "langid"

    da: Words
    no: Words
    sv: Words
    en: Words
    de: Words


@cache
def _markers() -> dict[str, frozenset[str]]:
    """word → the languages whose list has it."""
    from .resources import language_data

    raw = language_data("langid", LangidData)
    langs_of: dict[str, set[str]] = {}
    for lang, words in raw.items():
        for w in words:
            langs_of.setdefault(str(w).lower(), set()).add(str(lang))
    return {w: frozenset(langs) for w, langs in langs_of.items()}


#: What one word adds to :class:`Counts`: (scand, en, de, da_only, no_only, sv_only),
#: None when nothing. Remembered per word, bounded: when full the table starts afresh
#: (a stream of junk words cannot fill it for good; nothing reads back what it wrote).
_SIGNALS: dict[str, tuple[int, int, int, int, int, int] | None] = {}
_MAX_SIGNALS = DEFAULT_SIZE
_NO_WORD = ("",)  # (not a word: the sentinel of a first lookup)


def _word_signals(w: str) -> tuple[int, int, int, int, int, int] | None:
    scand = en = de = da_only = no_only = sv_only = 0
    langs = _markers().get(w)
    letters = not w.isascii()
    if langs is not None:
        if langs <= _SCAND:
            scand = 1
            if "da" in langs and "no" not in langs:
                da_only = 1
            elif "no" in langs and "da" not in langs:
                no_only = 1
            if langs == {"sv"}:
                sv_only = 1
        elif langs == {"en"}:
            en = 1
        elif langs == {"de"}:
            de = 1
    elif letters:
        if "ü" in w or "ß" in w:
            de = 1
        elif "ä" in w or "ö" in w:
            scand = sv_only = 1
        elif "æ" in w or "ø" in w or "å" in w:
            scand = 1
    if langs is None and len(w) > 6 and w.endswith(_ENDING_TUPLE):
        for ending, name in _ENDINGS:
            if w.endswith(ending):
                if name == "da_only":
                    da_only += 1
                else:
                    no_only += 1
                break
    out = (scand, en, de, da_only, no_only, sv_only)
    return out if any(out) else None


_Signals = tuple[int, int, int, int, int, int] | None


def _signals(words: Sequence[str]) -> list[_Signals]:
    """What each lower-case word adds to :class:`Counts` (:func:`_word_signals`)."""
    memo = _SIGNALS
    # The remembered words in one pass in C; the others one by one.
    values = list(map(memo.get, words, repeat(_NO_WORD)))
    if _NO_WORD in values:
        for k, v in enumerate(values):
            if v is _NO_WORD:
                w = words[k]
                values[k] = v = _word_signals(w)
                remember(memo, w, v, _MAX_SIGNALS)
    return values  # type: ignore[return-value]  # every _NO_WORD sentinel was replaced


def _count(values: Sequence[_Signals]) -> Counts:
    """The counts of words whose signals are ``values``."""
    found = list(filter(None, values))  # (a word's signals are None or a non-empty tuple)
    if not found:
        return Counts(len(values))
    # the six sums in the order of Counts' fields after `words`
    return Counts(len(values), *map(float, map(sum, zip(*found, strict=True))))


def count_words(words: Sequence[str]) -> Counts:
    """Signal counts for lower-case words."""
    return _count(_signals(words))


def decide(c: Counts, minimum: float = 2.0) -> str | None:
    """The language the signals point to without doubt, if any.

    First the family (Scandinavian, English, German), then within Scandinavian:
    Swedish or Norwegian only on words of their own, else Danish.
    """
    # the strongest family and the runner-up's score (a tie goes to the first of
    # scand, en, de, as a stable sort by score would have it)
    scand, en, de = c.scand, c.en, c.de
    if scand >= en and scand >= de:
        top, s1, s2 = "scand", scand, max(en, de)
    elif en >= de:
        top, s1, s2 = "en", en, max(scand, de)
    else:
        top, s1, s2 = "de", de, max(scand, en)
    if s1 < minimum or s1 < 2 * s2 + (0 if top == "scand" else 1):
        return None
    if top != "scand":
        return top
    if c.sv_only >= 2 and c.sv_only >= 2 * (c.da_only + c.no_only):
        return "sv"
    if c.no_only >= 2 and c.no_only >= 2 * c.da_only + 1:
        return "no"
    return "da"


#: What a word's own text says of whether it carries the writer's language (a pure
#: function of the text, remembered per text, bounded): _PROSE_NO no, _PROSE_YES yes,
#: _PROSE_FIRST only as the first word of a sentence (capitalised: elsewhere a name).
_PROSE_KIND: dict[str, int] = {}
_PROSE_NO, _PROSE_YES, _PROSE_FIRST = 0, 1, 2


def _prose_kind(t: Tok) -> int:
    text = t.text
    # (a word of letters, most tokens, is never punctuation: the flag is asked of the rest)
    if not text.isalpha() and (t.punct or not _WORD.match(text)):
        return _PROSE_NO
    if text[0].isupper():
        # an acronym, or English "I", is never prose; a capitalised word only first
        return _PROSE_NO if text.isupper() else _PROSE_FIRST
    return _PROSE_YES


def prose_words(analysis: Analysis, start: int = 0, end: int | None = None) -> list[Tok]:
    """Word tokens that carry the writer's language, between ``start`` and ``end``:
    no hashtags, URLs, mentions, quoted titles, numbers, or capitalised words inside
    a sentence (names)."""
    size = len(analysis.text)
    end = size if end is None else end
    toks = analysis.tokens
    # Only the running text's words (no spaces, links, tags, tokens without a letter):
    # every token this keeps is one of them. Each word's kind is read from its text
    # (remembered), in C; only the capitalised ones ask where their sentence starts.
    ids = analysis.word_ids
    memo = _PROSE_KIND
    kinds = list(map(memo.get, analysis.words))
    if None in kinds:
        for k, v in enumerate(kinds):
            if v is None:
                t = toks[ids[k]]
                kinds[k] = v = _prose_kind(t)
                remember(memo, t.text, v, _MAX_SIGNALS)
    if _PROSE_FIRST in kinds:
        sent_starts = sentence_first_words(analysis)
        kept = [i for i, k in zip(ids, kinds, strict=True)
                if k == _PROSE_YES or (k == _PROSE_FIRST and i in sent_starts)]
    else:
        kept = list(compress(ids, kinds))  # (every kind left is _PROSE_NO or _PROSE_YES)
    out = list(map(toks.__getitem__, kept))
    if start > 0 or end < size:
        out = [t for t in out if t.start >= start and t.end <= end]
    quoted = quoted_spans(analysis)
    if quoted:
        # Quoted spans come in text order without overlaps: bisect, not a scan per token.
        q_starts = [s for s, _ in quoted]
        out = [t for t in out
               if (k := bisect_right(q_starts, t.start) - 1) < 0 or t.start >= quoted[k][1]]
    return out


def quoted_spans(analysis: Analysis) -> tuple[tuple[int, int], ...]:
    """Quoted titles and quotations (»…«, "…", “…”): the ``quotes`` facet."""
    return analysis[QUOTES]


def sentence_first_words(analysis: Analysis) -> frozenset[int]:
    """Token indices of each sentence's first word: the ``sentence_first_words`` facet."""
    return analysis[SENTENCE_FIRST_WORDS]


@facet("da.sentence_languages", requires=("sentences", "tokens", "word_ids", "words", "quotes",
                                          "sentence_first_words"))
def SENTENCE_LANGUAGES(a: Analysis) -> tuple[tuple[Piece, Counts, str | None], ...]:
    """Each sentence with its language-signal counts and the language they decide."""
    words = prose_words(a)
    word_starts = list(map(operator.attrgetter("start"), words))
    # every word's signals at once, then each sentence's share of them
    values = _signals(list(map(operator.attrgetter("lower"), words)))
    out: list[tuple[Piece, Counts, str | None]] = []
    for sent in a.sentences:
        mine = values[bisect_left(word_starts, sent.start):bisect_left(word_starts, sent.end)]
        if not mine:  # punctuation, emoji: nothing to go on (and many such "sentences")
            out.append((sent, Counts(), None))
            continue
        c = _count(mine)
        out.append((sent, c, decide(c)))
    return tuple(out)


def sentence_guesses(analysis: Analysis) -> tuple[tuple[Piece, Counts, str | None], ...]:
    """Each sentence with its signal counts and the language they decide (the facet)."""
    return analysis[SENTENCE_LANGUAGES]


def identify(analysis: Analysis, start: int = 0, end: int | None = None,
             use_langdetect: bool = True) -> Guess:
    """The language of the text (or of ``text[start:end]``)."""
    toks = prose_words(analysis, start, end)
    if not toks:
        return Guess(None)
    c = count_words([t.lower for t in toks])
    return _guess(c, toks, use_langdetect)


def _guess(c: Counts, toks: Sequence[Tok], use_langdetect: bool) -> Guess:
    lang = decide(c)
    if lang is not None:
        return Guess(lang, "signals", 1.0, c, c.words)
    # Three different words at least: on one word repeated (`kl 1: kl 1: …`, `Ja. Ja.`)
    # langdetect's guess is noise, and it costs its most (7 trials that never settle).
    if use_langdetect and c.words >= 3 and len({t.lower for t in toks}) >= 3:
        found, prob = detect(" ".join(t.text for t in toks))
        if (found == "no" and c.no_only < 2) or (found == "sv" and c.sv_only < 2):
            # langdetect confuses the Scandinavian languages on short texts: Norwegian
            # and Swedish need words (or letters) of their own.
            found = "da"
        return Guess(found, "langdetect", prob, c, c.words)
    return Guess(None, "none", 0.0, c, c.words)


def _identify_post(analysis: Analysis) -> Guess:
    """The post's language: the language of most of its words, sentence by sentence
    (so one English sentence does not make a Danish post English); else the whole
    text's signals; else langdetect."""
    per_lang: dict[str, int] = {}
    total = Counts()
    for _sent, c, lang in sentence_guesses(analysis):
        total.add(c)
        if lang is not None:
            per_lang[lang] = per_lang.get(lang, 0) + int(c.words)
    if not total.words:
        return Guess(None)
    decided = sum(per_lang.values())
    if decided:
        ranked = sorted(per_lang.values(), reverse=True)
        top = max(per_lang, key=lambda k: per_lang[k])
        if per_lang[top] >= 0.5 * decided and (len(ranked) == 1 or ranked[0] > ranked[1]):
            if top in _SCAND:
                # Norwegian/Swedish on the whole text's words, not sentence by sentence.
                whole = decide(total)
                top = whole if whole in _SCAND else top
            return Guess(top, "signals", 1.0, total, int(total.words))
    toks = prose_words(analysis)
    return _guess(total, toks, True)


#: The post's language (a :class:`Guess`); the report's ``language`` is its code.
LANGUAGE: Facet[Guess] = Facet("language", lambda a: _identify_post(a),
                               requires=("da.sentence_languages",),
                               doc="The post's language, sentence by sentence, then langdetect.")


def post_language(analysis: Analysis) -> Guess:
    """The post's language: the ``language`` facet, computed once per post."""
    return analysis[LANGUAGE]


# --- langdetect, restricted and seeded ----------------------------------------------------

_factory: DetectorFactory | None = None
_factory_lock = threading.Lock()


def _load_factory() -> DetectorFactory:
    from importlib import resources

    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    root = resources.files("langdetect") / "profiles"
    factory.load_json_profile([(root / lang).read_text(encoding="utf-8") for lang in LANGS])
    factory.set_seed(0)  # deterministic: the same post, the same answer
    return factory


def get_factory() -> DetectorFactory:
    global _factory
    if _factory is None:
        with loading(), _factory_lock:  # waiting for another thread's load is loading too
            if _factory is None:
                _factory = _load_factory()
    return _factory


def detect(text: str) -> tuple[str | None, float]:
    """langdetect's best language among :data:`LANGS` and its probability."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = get_factory().create()
    # langdetect reads the first ``max_text_length`` (10,000) characters once it has
    # blanked URLs and addresses, which it does over the whole text first: the words of
    # a 200,000-character post cost 12 ms more for nothing (our text has neither).
    detector.append(text[: detector.max_text_length + 500])
    try:
        probs: list[Any] = detector.get_probabilities()
    except LangDetectException:
        return None, 0.0
    if not probs:
        return None, 0.0
    return probs[0].lang, float(probs[0].prob)
