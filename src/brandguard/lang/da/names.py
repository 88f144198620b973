"""Danish proper names: shipped lists, and names recognised in context (the ``da.names`` facet).

Two sources decide that a word is a name:

- the **lists** of ``data/names.yaml`` (places, parties, public institutions, media,
  common first names and surnames, and the heads of institution and venue names:
  ``-styrelsen``, ``-udvalget``, ``-salen``), matched case-sensitively, multiword
  names word for word, with the genitive of the last word (``Limfjordens``,
  ``Region Midtjyllands``);
- **the word in context**: a capitalised word inside a sentence that the lexicon
  knows as a proper noun (``Aalborg``) or with a capitalised lemma (``Vadehavet`` →
  ``Vadehav``), that it does not know at all (``Zornig``), that stands in a run of
  capitalised words (``Dansk Industri``, ``Huset Zornig``), that is written in
  capitals (``DR``, ``SKAT``), or that stands inside quotation marks (a title:
  ``»Mennesket i Midten«``).

A capitalised word the lexicon knows only as a common word, with none of these
signs, is *not* a name here: that is where a capitalisation rule may look. Rules read
the facet (``analysis[PROPER_NAMES]``) or call :func:`is_name`; the lists are loaded on first
use and everything here is linear in the number of tokens.

    >>> from brandguard.analysis import Analysis
    >>> a = Analysis("Vi sejlede på Limfjorden med Sundhedsstyrelsen og Anne Hansen.")
    >>> sorted(a.tokens[i].text for i in a[PROPER_NAMES].tokens)
    ['Anne', 'Hansen', 'Limfjorden', 'Sundhedsstyrelsen']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, ClassVar

from ...boundedcache import DEFAULT_SIZE
from ...datafiles import DataModel, Word, Words
from ...facets import QUOTES, SENTENCE_START_TOKENS, Facet
from .resources import language_data

if TYPE_CHECKING:
    from ...analysis import Analysis, Tok

__all__ = ["PROPER_NAMES", "NameLists", "NameSpan", "Names", "NamesData", "is_name", "listed_kind",
           "lowercase_name", "name_lists", "parties", "proper_noun_kind"]

#: What a name is, as :func:`listed_kind` and the facet say it.
KINDS = ("place", "party", "institution", "media", "first_name", "surname", "other", "head",
         "lexicon", "unknown", "run", "acronym", "title")

_GENITIVE_ENDINGS = ("'s", "’s", "s", "'", "’")
_MAX_NAME_WORDS = 8


class NamesData(DataModel):
    """``data/names.yaml``: Danish proper names by kind (sources in ``data/names.md``)."""

    data_file: ClassVar[str] = "names"

    #: Places by group (municipalities, regions, towns, islands, waters, landscapes, countries).
    places: dict[Word, Words]
    #: Parties in or recently in Folketinget, and their long forms.
    parties: Words
    #: Party letters and abbreviations (`SF`, `DF`, `Ø`).
    party_abbreviations: Words
    #: Public institutions by group (ministries, agencies, courts, education, hospitals, …).
    institutions: dict[Word, Words]
    #: Newspapers, broadcasters, news agencies and magazines.
    media: Words
    #: Common Danish first names.
    first_names: Words
    #: Common Danish surnames.
    surnames: Words
    #: Last words of institution, venue and place names (`udvalget`, `salen`).
    name_heads: Words
    #: Other names by group: holy books and beings, the sky, historical periods.
    other: dict[Word, Words] = {}


@dataclass(frozen=True, slots=True)
class NameLists:
    """The lists, compiled for look-up."""

    #: One-word names → kind.
    single: dict[str, str]
    #: First word of a multiword name → (its words, kind), longest first.
    multi: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    #: Heads of institution and venue names, lower case.
    heads: tuple[str, ...]
    #: Lower-case form → listed spelling of one-word places (:func:`lowercase_name` then
    #: asks whether the lower-case form is also a word).
    lowercase: dict[str, str]


@cache
def name_lists() -> NameLists:
    """The compiled lists of ``data/names.yaml`` (read and validated once)."""
    d = language_data("names", NamesData)
    groups: list[tuple[str, list[str]]] = [
        *(("place", list(v)) for v in d.places.values()),
        ("party", [*d.parties, *d.party_abbreviations]),
        *(("institution", list(v)) for v in d.institutions.values()),
        ("media", list(d.media)),
        ("first_name", list(d.first_names)),
        ("surname", list(d.surnames)),
        *(("other", list(v)) for v in d.other.values()),
    ]
    single: dict[str, str] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, names in groups:
        for name in names:
            words = tuple(name.split())
            if len(words) == 1:
                single.setdefault(name, kind)
            else:
                multi.setdefault(words[0], []).append((words[:_MAX_NAME_WORDS], kind))
    heads = tuple(sorted({h.lower() for h in d.name_heads}, key=len, reverse=True))
    lowercase = _lowercase_places([n for v in d.places.values() for n in v])
    return NameLists(single=single,
                     multi={k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in multi.items()},
                     heads=heads, lowercase=lowercase)


def parties() -> tuple[str, ...]:
    """The parties (full names and usual short forms, not the letters), as listed."""
    return tuple(language_data("names", NamesData).parties)


def _lowercase_places(places: list[str]) -> dict[str, str]:
    """One-word places by their lower-case form (`danmark` → `Danmark`); whether the
    lower-case form is also a word is asked per word, on use (:func:`lowercase_name`)."""
    out: dict[str, str] = {}
    for name in places:
        if " " in name or not name[:1].isupper() or not name[1:].islower() or len(name) < 4:
            continue
        out.setdefault(name.lower(), name)
    return out


@lru_cache(maxsize=DEFAULT_SIZE)  # (bounded: asked of any word, junk included)
def _no_common_word(low: str) -> bool:
    """Is ``low`` no Danish word (`danmark`) and no common English one (`them`, `island`)?"""
    from .morphology import readings
    from .speller import zipf_en

    return not readings(low) and zipf_en(low) < 2.5


def _strip_genitive(word: str) -> str | None:
    for end in _GENITIVE_ENDINGS:
        if word.endswith(end) and len(word) > len(end) + 1:
            return word[: -len(end)]
    return None


def listed_kind(word: str) -> str | None:
    """The kind of a one-word listed name, or its genitive (`Limfjordens` → ``place``)."""
    lists = name_lists()
    kind = lists.single.get(word)
    if kind is None:
        base = _strip_genitive(word)
        if base is not None:
            kind = lists.single.get(base)
    return kind


def lowercase_name(word: str) -> str | None:
    """The listed spelling of a place written in lower case (`danmark` → `Danmark`), when
    the lower-case form is no Danish or English word (not `vejen`, `mors`, `them`); None
    otherwise. Genitives too (`danmarks`)."""
    low = name_lists().lowercase
    got = low.get(word)
    if got is not None:
        return got if _no_common_word(word) else None
    if word.endswith("s") and len(word) > 4:
        base = low.get(word[:-1])
        if base is not None and _no_common_word(word[:-1]) and _no_common_word(word):
            return base + "s"
    return None


def lowercase_name_forms() -> frozenset[str]:
    """Every word :func:`lowercase_name` can answer for (the listed lower-case forms and
    their genitives): a word outside it is no place written in lower case."""
    global _LOWERCASE_FORMS
    if _LOWERCASE_FORMS is None:
        low = name_lists().lowercase
        _LOWERCASE_FORMS = frozenset(low) | frozenset(w + "s" for w in low)
    return _LOWERCASE_FORMS


_LOWERCASE_FORMS: frozenset[str] | None = None


def proper_noun_kind(word: str) -> str | None:
    """Why a capitalised word is a name by itself, without context, or None.

    ``place``/``party``/… for listed names, ``head`` for an institution or venue name
    (`Folkeoplysningsudvalget`), ``lexicon`` for a proper noun of the lexicon
    (`Aalborg`, `Vadehavet`), ``acronym`` for a word in capitals (`DR`).
    """
    if not word[:1].isupper():
        return None
    kind = listed_kind(word)
    if kind is not None:
        return kind
    letters = word.replace("-", "")
    if len(letters) >= 2 and letters.isalpha() and letters.isupper():
        return "acronym"
    low = word.lower()
    base = _strip_genitive(low) or low
    heads = name_lists().heads
    if low.endswith(heads) or base.endswith(heads):
        return "head"
    from .morphology import readings

    rs = readings(word)
    if any(r.upos == "PROPN" or (r.lemma[:1].isupper() and r.upos == "NOUN") for r in rs):
        return "lexicon"
    return None


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A name in the post: tokens ``first``…``last`` (indices into ``analysis.tokens``)."""

    first: int
    last: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Names:
    """The names of one post (the value of the ``da.names`` facet)."""

    spans: tuple[NameSpan, ...]
    #: Token index → kind, for every token inside a name.
    kinds: dict[int, str]

    @property
    def tokens(self) -> frozenset[int]:
        """Indices of the tokens inside a name."""
        return frozenset(self.kinds)

    def __contains__(self, token_index: object) -> bool:
        return token_index in self.kinds

    def kind(self, token_index: int) -> str | None:
        """Why the token is (part of) a name, or None."""
        return self.kinds.get(token_index)


def _words(a: Analysis) -> list[Tok]:
    return [t for t in a.tokens if not t.space]


def _is_cap(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _unknown(word: str) -> bool:
    """Unknown to the lexicon, as a word and as a compound (`Zornig`, `Knutten`)."""
    from .morphology import analyse, readings

    return not readings(word) and not analyse(word.lower())


def _names(a: Analysis) -> Names:
    words = _words(a)
    starts: frozenset[int] = a[SENTENCE_START_TOKENS]
    quotes: tuple[tuple[int, int], ...] = a[QUOTES]
    lists = name_lists()
    kinds: dict[int, str] = {}
    spans: list[NameSpan] = []
    text = a.text

    def add(first: int, last: int, kind: str) -> None:
        for k in range(first, last + 1):
            kinds.setdefault(words[k].i, kind)
        spans.append(NameSpan(words[first].i, words[last].i, kind,
                              text[words[first].start:words[last].end]))

    n = len(words)
    k = 0
    while k < n:
        t = words[k]
        options = lists.multi.get(t.text)
        matched = False
        if options:
            for seq, kind in options:
                m = len(seq)
                if k + m > n:
                    continue
                got = [words[k + j].text for j in range(m)]
                last_ok = got[-1] == seq[-1] or _strip_genitive(got[-1]) == seq[-1]
                if got[:-1] == list(seq[:-1]) and last_ok:
                    add(k, k + m - 1, kind)
                    k += m
                    matched = True
                    break
        if not matched:
            k += 1
    # One-word names, and the word in context.
    qi = 0
    for k, t in enumerate(words):
        if t.i in kinds or not _is_cap(t.text):
            continue
        why: str | None = proper_noun_kind(t.text)
        at_start = t.i in starts or (k > 0 and words[k - 1].text in _OPENERS)
        if why is not None:
            if at_start and why in ("lexicon", "head") and _common_too(t.text):
                why = None  # `Jorden`, `Haven` at a sentence start: the common word
        elif not at_start:
            while qi < len(quotes) and quotes[qi][1] <= t.start:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] < t.start < quotes[qi][1]:
                why = "title"
            elif t.text.isalpha() and _unknown(t.text):
                why = "unknown"
        if why is not None:
            add(k, k, why)
    # Runs of capitalised words inside a sentence (`Dansk Industri`, `Huset Zornig`).
    k = 0
    while k < n:
        j = k
        while j < n and _is_cap(words[j].text) and words[j].text.replace("-", "").isalpha():
            j += 1
        if j - k >= 2 and any(words[x].i not in starts for x in range(k + 1, j)):
            first = k
            if words[k].i in starts and words[k].i not in kinds and _common_too(words[k].text):
                first = k + 1  # `Ifølge Politiken`: the sentence's first word is not in it
            if j - first >= 2:
                for x in range(first, j):
                    kinds.setdefault(words[x].i, "run")
                spans.append(NameSpan(words[first].i, words[j - 1].i, "run",
                                      text[words[first].start:words[j - 1].end]))
        k = max(j, k + 1)
    spans.sort(key=lambda s: s.first)
    return Names(spans=tuple(spans), kinds=kinds)


#: Tokens after which a capital starts something (a heading, a quotation, a list item).
_OPENERS = frozenset({":", "»", "«", "“", "”", "„", '"', "(", "–", "—", "-", "•", "*", "|", "/"})


def _common_too(word: str) -> bool:
    from .morphology import readings

    return any(r.upos != "PROPN" for r in readings(word.lower()))


#: The names in the post: listed names, proper nouns of the lexicon and names in context.
PROPER_NAMES: Facet[Names] = Facet("da.names", _names,
                            requires=("tokens", "sentence_start_tokens", "quotes"),
                            doc="Danish proper names in the post, by token, with why.")


def is_name(analysis: Analysis, token_index: int) -> bool:
    """Is token ``token_index`` of ``analysis.tokens`` (part of) a proper name?"""
    return token_index in analysis[PROPER_NAMES]
