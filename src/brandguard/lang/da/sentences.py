"""Danish sentence boundaries, on the analysis's tokens.

A full stop, a question or exclamation mark, an ellipsis or a line break may end a
sentence. Whether it does is read from the words around it:

- an abbreviation's full stop (``bl.a.``, ``ph.d.``, ``f.eks.``, ``kr.``, ``3 kWh.``)
  ends no sentence before a small letter or a number; before a capital only when the
  abbreviation ends phrases (``osv.``, ``kr.``, units) or the capital word is one that
  only starts sentences (``Det``, ``Vi``, ``Men``); after ``hr.``, ``jf.``, ``St.`` a
  capital is a name. A short word the lexicon does not know (``gnm.``, ``Kvs.``) is read
  as an abbreviation; an acronym in capitals (``EU.``) is not;
- an ordinal or a date (``den 3. runde``, ``10. april``, ``30.9. flyttes``) ends no
  sentence before a small letter or a month; a number at the start of a sentence
  (``3. Backuppen``) is a list number;
- in dialogue, ``?`` and ``!`` before a verb of saying end no sentence
  (``– Hvorfor? spurgte han``, ``»Nej!« sagde hun``); a mark with no space after it
  (``M!s``, ``KU.Det``) ends none;
- an ellipsis (``…``, ``...``, ``..``) ends a sentence only before a capital;
- a closing quote or bracket right after the mark belongs to the sentence it closes;
  a quote after a space opens the next one (``… plads. "Vi …``);
- a line break always ends a sentence (a heading, a list item);
- without a full stop: a heading in capitals (``OPLÆG Direktør …``), or a heading or
  greeting run into the text, seen by a capitalised sentence-only word after a word
  (``Til orgie hos Søren Men det …``, ``Hej Ole Jeg kan …``), and a smiley before a
  capital (``:-D Håber I …``).

One pass over the tokens with a bounded look-ahead: linear in the length of the post.
The word lists are ``data/sentences.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import compress, count, repeat
from operator import and_, attrgetter
from typing import TYPE_CHECKING, ClassVar

from ...datafiles import DataModel, Words
from .resources import language_data

if TYPE_CHECKING:
    from ...analysis import Tok

__all__ = ["SentenceData", "sentence_start_tokens"]


class SentenceData(DataModel):
    """``data/sentences.yaml``: what the sentence splitter knows of Danish."""

    data_file: ClassVar[str] = "sentences"

    #: Abbreviations (lower case, without the final full stop) and units.
    abbreviations: Words
    #: Abbreviations after which a capital starts a new sentence.
    final: Words
    #: Words that are capitalised only at a sentence start.
    starters: Words
    #: Verbs of saying, which go on after `?`/`!` in dialogue.
    say_verbs: Words
    #: Month names and abbreviations.
    months: Words
    #: Words that end no sentence (prepositions, articles, conjunctions).
    no_end: Words


class _Lists:
    def __init__(self) -> None:
        d = language_data("sentences", SentenceData)
        self.abbreviations = frozenset(d["abbreviations"])
        self.final = frozenset(d["final"])
        self.starters = frozenset(w.capitalize() for w in d["starters"])
        self.say_verbs = frozenset(d["say_verbs"])
        self.months = frozenset(d["months"])
        self.no_end = frozenset(d["no_end"])


@cache
def _lists() -> _Lists:
    return _Lists()


_TEXT = attrgetter("text")
_STRONG = frozenset("!?")
_MARKS = frozenset("!?.…")
#: Last characters of a token where a sentence may end: marks, and spaces (a line break);
#: no letter (`starts` skips the test for words of letters).
_ENDS = frozenset("!?.…\n \t\r\u00a0\u2028\u2029\x0b\x0c\x85")
_CLOSERS = frozenset({"»", "«", '"', ")", "]", "”", "'", "’", "“"})
_OPENERS = frozenset({"»", "«", '"', "”", "“", "„", "(", "[", "–", "—", "-", "'", "‘"})
_EMOTICONS = frozenset({":)", ":-)", ":D", ":-D", ";)", ";-)", ":(", ":-(", ":P", ":-P", ":p",
                        ":-p", ";D", ";-D", ":o)", "=)", "xD", "XD", "<3", ":O", ":o", "^^",
                        ":*", ":-*", ":/"})
_LETTER_EMOTICONS = frozenset(e for e in _EMOTICONS if e.isalpha())  # xD, XD


_DOMAINS = frozenset({"dk", "com", "org", "net", "eu", "io", "no", "se", "de", "nu", "info", "uk"})


def _is_number(core: str) -> bool:
    """``3``, ``30.9``, ``7-11``, ``d.28``, ``Camara7``: ends in a digit (an ordinal, a date);
    not a plain number of four digits or more (``i 2014.``, ``13000.``), which ends a sentence."""
    return bool(core) and core[-1].isdigit() and not (core.isdigit() and len(core) > 3)


def _is_caps_word(text: str) -> bool:
    return len(text) > 1 and text.isupper() and all(c.isalpha() or c == "-" for c in text)


def _title(text: str) -> bool:
    """``Håber``, ``I``: a capital, then small letters."""
    return text[:1].isupper() and (len(text) == 1 or text[1:].islower()) and text.isalpha()


#: A token text's kind for the splitter: a sentence may end at it (_MAY_END), it is a
#: sentence-only word (_STARTER), both or neither.
_MAY_END, _STARTER = 1, 2
_MAX_KINDS = 20_000
#: The kinds by token text, for the lists they were worked out with.
_kinds: tuple[object, dict[str, int]] = (None, {})


def _kind_table(lists: object) -> dict[str, int]:
    global _kinds
    if _kinds[0] is not lists:
        _kinds = (lists, {})
    return _kinds[1]


def _kind(x: str, starters: frozenset[str]) -> int:
    # (a word of letters, most tokens, may end one only in capitals or as a smiley of
    # letters: it ends in no mark or space and starts with no symbol)
    may_end = ((x.isupper() or x in _LETTER_EMOTICONS) if x.isalpha() else
               (x[-1] in _ENDS or x.isupper() or x in _EMOTICONS or not x[0].isalnum()))
    return (_MAY_END if may_end else 0) | (_STARTER if x in starters else 0)


class _Splitter:
    def __init__(self, text: str, toks: Sequence[Tok]) -> None:
        self.text = text
        self.toks = toks
        self.lists = _lists()
        self.n = len(toks)
        self.texts: list[str] = []
        self.caps_end = 0

    def next_word(self, j: int) -> int:
        """The first token at or after ``j`` that is not a space on the same line (or n)."""
        toks = self.toks
        while j < self.n and toks[j].space:
            if "\n" in toks[j].text:
                return self.n
            j += 1
        return j

    def after_openers(self, j: int) -> int:
        """``j``, or past opening quotes and dashes: the word whose case tells."""
        k = j
        toks = self.toks
        steps = 0
        while k < self.n and toks[k].text in _OPENERS and steps < 3:
            k = self.next_word(k + 1)
            steps += 1
        return k if k < self.n else j

    def starter(self, k: int) -> bool:
        """Token ``k`` is a capitalised sentence-only word, and not the start of a name."""
        toks = self.toks
        if toks[k].text not in self.lists.starters:
            return False
        m = self.next_word(k + 1)
        return m >= self.n or not toks[m].text[:1].isupper()

    def after_colon(self, i: int) -> bool:
        """Is token ``i`` the first after a colon (`her: 1. Byggetilladelse`)?"""
        j = i - 1
        while j >= 0 and self.toks[j].space and "\n" not in self.toks[j].text:
            j -= 1
        return j >= 0 and self.toks[j].text == ":"

    def is_abbreviation(self, core: str) -> bool:
        """Is ``core`` (a word before a full stop, without it) an abbreviation?"""
        if "." in core:
            # ph.d, p.g.a, cand.mag, B.T; not a domain or a path (dr.dk, www.dr.dk/nyheder)
            parts = core.split(".")
            return (all(p.replace("-", "").isalnum() and len(p) <= 6 for p in parts)
                    and parts[-1].lower() not in _DOMAINS)
        core = core.rsplit("-", 1)[-1]  # 4-cyl
        low = core.lower()
        if low in self.lists.abbreviations:
            return True
        if not core.isalpha() or len(core) > 4 or not core.islower():
            return False  # a word, a name (York), an acronym (EU, TFT): they may end a sentence
        from .lexicon import get_lexicon

        return not get_lexicon().known(low)

    def after_abbreviation(self, core: str, k: int) -> bool:
        """Does a sentence start at token ``k`` after the abbreviation ``core``?"""
        first = self.toks[k].text
        if not first[:1].isupper():
            return False
        return core.lower() in self.lists.final or self.starter(k)

    def after_ordinal(self, k: int, at_start: bool) -> bool:
        """Does a sentence start at ``k`` after a number with a full stop?"""
        first = self.toks[k].text
        if not first[:1].isupper() or at_start:
            return False
        return first.lower() not in self.lists.months

    def caps_heading(self, last_start: int, i: int) -> bool:
        """Is the sentence from ``last_start`` to token ``i`` a heading in capitals (5+ letters)?"""
        texts = self.texts
        p = max(self.caps_end, last_start)
        while p <= i and _is_caps_word(texts[p]):
            p += 1
        self.caps_end = p  # tokens last_start..p-1 are words in capitals
        return p > i and sum(len(texts[q]) for q in range(last_start, i + 1)) >= 5

    def starts(self) -> frozenset[int]:
        toks, n = self.toks, self.n
        texts = self.texts = list(map(_TEXT, toks))  # (in C)
        # the tokens where a sentence may end: marks, full stops, line breaks; and before a
        # capital, a word in capitals, a smiley or an emoji (a heading, a smiley before the
        # next sentence) and the word before a sentence-only word (`… hos Søren Men det`).
        # Each token text's answer is remembered (a pure function of the text and the
        # shipped lists): looked up in C, worked out only for texts not seen before.
        table = _kind_table(self.lists)
        kinds = list(map(table.get, texts))
        if None in kinds:
            starters = self.lists.starters
            for j, v in enumerate(kinds):
                if v is None:
                    kinds[j] = v = _kind(texts[j], starters)
                    if len(table) >= _MAX_KINDS:
                        table.clear()  # bounded: a stream of new texts starts it afresh
                    table[texts[j]] = v
        cands = list(compress(count(), map(and_, kinds, repeat(_MAY_END))))
        cands.extend(compress(count(-1), map(and_, kinds, repeat(_STARTER))))  # the word before
        cands.sort()
        out = {0}
        last_start = 0  # token index of the current sentence's first token
        after = -1  # the tokens up to here are decided
        for i in cands:
            if i <= after or i < 0:
                continue
            tx = texts[i]
            c0 = tx[0]
            t = toks[i]
            if t.space:
                if "\n" in tx:
                    out.add(i + 1)
                    last_start = self.next_word(i + 1)
                continue
            if c0 not in _MARKS and not tx.endswith("."):
                # no full stop: a heading in capitals, a heading run in, a smiley
                k = i + 1
                if k < n and texts[k][0].isupper() and toks[k].start > t.end \
                        and self.run_in(i, k, last_start):
                    out.add(k)
                    last_start = k
                continue
            kind = ""
            if c0 in _STRONG and all(c in "!?." for c in tx):
                kind = "strong"
            elif tx in ("…", "..") or (len(tx) > 1 and all(c in ".…" for c in tx)):
                kind = "ellipsis"
            elif tx == ".":
                kind = "stop"
            if kind:
                end = i  # the last token of a run of end marks: `!?`, `?!!`, `!...`
                while end + 1 < n and toks[end + 1].start == toks[end].end and \
                        texts[end + 1][0] in _MARKS and all(c in _MARKS for c in texts[end + 1]):
                    end += 1
                    if any(c in _STRONG for c in texts[end]):
                        kind = "strong"
                after = end
                boundary = self.decide(i, end, kind, last_start)
                if boundary is not None:
                    out.add(boundary)
                    last_start = self.next_word(boundary)
                continue
            if len(tx) > 1 and c0 != ".":
                # a token with its own full stop: `kr.`, `Osv.`, `14.`, `f.eks.`, `a.`
                k = self.next_word(i + 1)
                if k < n and toks[k].start > t.end:
                    core = tx[:-1]
                    if _is_number(core):
                        ok = self.after_ordinal(k, i == last_start or self.after_colon(i))
                    elif len(core) == 1:
                        ok = texts[k][:1].isupper() and self.starter(k) and i != last_start
                    else:
                        ok = self.after_abbreviation(core, k)
                    if ok:
                        out.add(k)
                        last_start = k
        return frozenset(j for j in out if j < n)

    def run_in(self, i: int, k: int, last_start: int) -> bool:
        """Does a sentence start at the capitalised token ``k`` after token ``i``, with no
        mark between them (a heading or greeting run into the text, a smiley)?"""
        tx, nxt = self.toks[i].text, self.toks[k].text
        if _title(nxt) and _is_caps_word(tx) and self.caps_heading(last_start, i):
            return True  # `OPLÆG Direktør Henrik …`
        if tx in _EMOTICONS or (not self.toks[i].punct and not tx[0].isalnum() and not tx.isascii()):
            return _title(nxt)  # `:-D Håber I …`, an emoji
        return ((tx[0].isalnum() or tx in _CLOSERS or tx == ":") and i != last_start
                and tx.lower() not in self.lists.abbreviations
                and tx.lower() not in self.lists.no_end and self.starter(k))

    def decide(self, i: int, end: int, kind: str, last_start: int) -> int | None:
        """Token index where the sentence after the end marks ``i..end`` starts, or None."""
        toks, n = self.toks, self.n
        j = end + 1
        # Closing quotes and brackets right after the mark belong to its sentence.
        while j < n and toks[j].text in _CLOSERS and toks[j].start == toks[j - 1].end:
            j += 1
        k = self.next_word(j)
        if k >= n:
            return j  # the end of the post, or a line break (which ends it anyway)
        if toks[k].start == toks[j - 1].end:
            return None  # `M!s`, `KU.Det`: no space after the mark
        w = self.after_openers(k)
        first = toks[w].text
        if kind == "ellipsis":
            return j if first[:1].isupper() else None
        if kind == "strong":
            if first.islower() and first in self.lists.say_verbs:
                return None  # `– Hvorfor? spurgte han`
            return j
        # a full stop: whose is it?
        if i == 0 or toks[i - 1].space or toks[i - 1].end != toks[i].start:
            return j
        pre = toks[i - 1].text
        if pre.endswith(".") and len(pre) > 1:
            return j if first[:1].isupper() else None  # `kr..`: an abbreviation, then the end
        if _is_number(pre):
            listed = i - 1 == last_start or self.after_colon(i - 1)
            return j if self.after_ordinal(w, listed) else None
        if pre[-1:].isalpha() and self.is_abbreviation(pre):
            return j if self.after_abbreviation(pre, w) else None
        return j


def sentence_start_tokens(text: str, toks: Sequence[Tok]) -> frozenset[int]:
    """Indices of the tokens after which a new sentence begins (0 included; the index may
    be that of a space token before the first word, as a sentence is stripped after)."""
    if not toks:
        return frozenset()
    return _Splitter(text, toks).starts()
