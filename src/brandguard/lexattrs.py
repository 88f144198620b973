"""spaCy's lexical attribute getters: only three when a token is first seen, the rest on need.

spaCy computes about twenty attributes for every token text the first time it sees it
(its lexeme), each by a Python function, and stores the string ones (norm, shape,
prefix, suffix) in its string store. The checks read three of them (``LOWER``,
``IS_SPACE``, ``IS_PUNCT``): with only those, a post of 3,000 random code points (500
new lexemes) is tokenised in 8 ms instead of 14 and adds 1,225 strings to the vocabulary
instead of 1,903 (random words: 339 instead of 609). The others matter only to spaCy token patterns (the ``tokens`` option
of the ``pattern`` kind, through ``Analysis.doc``): :class:`Completion` sets them on the
lexemes of such a Doc, once per lexeme, to the values spaCy would have given.

For those, three getters have a fast path for plain words; of all twenty, they cost
two thirds of the time: ``LIKE_NUM`` (Danish: 3.7 µs, 5.8 µs for a token that
is not a word: it searches two lists of 200 number words), ``SHAPE`` and ``LIKE_URL``
(1.4 µs each). Each wrapper here answers the common case with one or two string
methods in C (a word of letters is no number unless it is a number word; a lower-case
word's shape is ``xxxx``, a capitalised one's ``Xxxxx``, a number's ``dddd``; a text
without a dot is a URL only if it starts with ``http://``) and asks spaCy's own getter
otherwise (``LIKE_NUM`` is spaCy's own steps with the lists as one set), so every
value is the one spaCy would give (tests/test_analysis.py compares them on real and random text, every
code point below U+3000 and every seventh above).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

Getter = Callable[[str], Any]


def fast_like_num(original: Getter, number_words: frozenset[str]) -> Getter:
    """spaCy's Danish ``like_num`` with its two word lists as one set: spaCy tests
    membership in the lists, about 200 comparisons for a word that is in neither."""
    signs = ("+", "-", "±", "~")

    def like_num(text: str) -> Any:
        if text.isalpha():  # no digit, sign, comma, point or slash: only a number word
            return text.lower() in number_words
        if text.startswith(signs):
            text = text[1:]
        text = text.replace(",", "").replace(".", "")
        if text.isdigit():
            return True
        if text.count("/") == 1:
            num, denom = text.split("/")
            if num.isdigit() and denom.isdigit():
                return True
        return text.lower() in number_words
    return like_num


def fast_shape(original: Getter) -> Getter:
    def shape(text: str) -> Any:
        # every letter lower case or uncased: each is `x`, and runs stop at four
        if len(text) < 100 and text.isalpha():
            if text.islower():
                return "xxxx"[: len(text)]
            if text[0].isupper() and (len(text) == 1 or text[1:].islower()):
                return "X" + "xxxx"[: len(text) - 1]  # `Aarhus`: a capital, then `x`s
        elif len(text) < 100 and text.isdigit():
            return "dddd"[: len(text)]
        return original(text)
    return shape


def fast_like_url(original: Getter) -> Getter:
    def like_url(text: str) -> Any:
        if "." not in text:  # spaCy's own test: without a dot, only a scheme makes a URL
            return text.startswith(("http://", "https://"))
        return original(text)
    return like_url


def speed_up(getters: dict[int, Getter]) -> dict[int, Getter]:
    """The Danish pipeline's getters with the fast paths (a new dict)."""
    from spacy.attrs import LIKE_NUM, LIKE_URL, SHAPE
    from spacy.lang.da import lex_attrs

    try:  # (private names of spaCy's: if a release renames them, spaCy's getters stay)
        words = frozenset(lex_attrs._num_words) | frozenset(lex_attrs._ordinal_words)
    except AttributeError:
        return dict(getters)
    out = dict(getters)
    out[LIKE_NUM] = fast_like_num(getters[LIKE_NUM], words)
    out[SHAPE] = fast_shape(getters[SHAPE])
    out[LIKE_URL] = fast_like_url(getters[LIKE_URL])
    return out


def lean_attrs() -> tuple[int, ...]:
    """The attributes every lexeme gets when it is made: those the checks read."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER

    return (LOWER, IS_SPACE, IS_PUNCT)


def lean(getters: dict[int, Getter]) -> dict[int, Getter]:
    """Only the getters of :func:`lean_attrs` (a new dict)."""
    keep = lean_attrs()
    return {attr: get for attr, get in getters.items() if attr in keep}


class Completion:
    """Sets the attributes a lean vocabulary left out on the lexemes of a Doc.

    One per vocabulary; it remembers which lexemes it has completed (at most the
    vocabulary's size, which the pipeline rebuild bounds). Safe across threads: setting
    a lexeme's attributes twice sets the same values, and a lexeme is marked done only
    after it is set."""

    def __init__(self, getters: dict[int, Getter]) -> None:
        from spacy.attrs import IDS

        name = {i: n for n, i in IDS.items()}  # (spacy.attrs.NAMES is off past 80: LANG)
        keep = lean_attrs()
        self._rest = [(name[attr], get) for attr, get in getters.items() if attr not in keep]
        self._done: set[int] = set()
        self._lock = threading.Lock()

    def complete(self, doc: Doc) -> None:
        from spacy.attrs import ORTH

        vocab = doc.vocab
        orths = set(doc.to_array(ORTH).tolist())  # one attribute: a 1-d array
        with self._lock:
            todo = orths - self._done
        for orth in todo:
            lex = vocab[orth]
            text = lex.orth_
            # as spaCy's own Vocab._new_lexeme: a getter's None leaves the attribute unset
            lex.set_attrs(**{name: v for name, get in self._rest if (v := get(text)) is not None})
        with self._lock:
            self._done |= todo
