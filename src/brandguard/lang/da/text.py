"""Small Danish helpers shared by the da pack's Python rules (not a plugin).

Word lists live as YAML in ``lang/da/data/``; verb recognition uses the
lexicon (spacy-lookups-data has forms → lemma but no parts of speech, so a
present-tense verb is recognised by its paradigm: ``lærer`` → ``lære`` with a
past form ``lærte`` → ``lære``; ``kunder`` → ``kunde`` has none and is a noun).
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, ClassVar

from ...boundedcache import DEFAULT_SIZE
from ...datafiles import DataModel, Words
from .lexicon import get_lexicon

if TYPE_CHECKING:
    from ...analysis import Analysis, Tok
from ...facets import SENTENCE_START_TOKENS, WORD_TOKENS, Facet
from .resources import language_data

#: Modal verbs (present and past) after which the infinitive follows.
MODALS = frozenset({"kan", "vil", "skal", "må", "bør", "kunne", "ville", "skulle", "måtte",
                    "burde", "tør", "turde", "gider", "gad"})
SUBJECT_PRONOUNS = frozenset({"jeg", "du", "han", "hun", "vi", "man"})


class VerbsData(DataModel):
    """``data/verbs.yaml``: exceptions to the verb-form guesses."""

    data_file: ClassVar[str] = "verbs"

    #: Infinitives whose past forms do not follow the weak pattern.
    irregular: Words
    #: Words that look like infinitives but are not verbs (`kunde`).
    not_verbs: Words
    #: Infinitives that are also other words, so never read as a missing -r.
    not_bare: Words
    #: -r forms that are not a verb's present tense.
    not_present: Words


def _past_forms(inf: str) -> list[str]:
    stem = inf[:-1] if inf.endswith("e") else inf
    out = [inf + "de", stem + "te", inf + "t", stem + "t", stem + "ede", inf + "d"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.append(stem[:-1] + "te")  # bestille → bestilte
    return out


@lru_cache(maxsize=DEFAULT_SIZE)  # (bounded: asked of any word, junk included)
def is_verb_infinitive(inf: str) -> bool:
    """Is ``inf`` a verb's infinitive (by its past forms or the irregular list)?"""
    verbs = language_data("verbs", VerbsData)
    if inf in verbs["irregular"]:
        return True
    if inf in verbs["not_verbs"]:
        return False
    lex = get_lexicon()
    found = lex.lookup_many(_past_forms(inf))
    return any(v == inf for v in found.values())


@lru_cache(maxsize=DEFAULT_SIZE)  # (bounded: asked of any word, junk included)
def present_to_infinitive(form: str) -> str | None:
    """``lærer`` → ``lære`` when ``form`` is a verb's present tense (lemma + r)."""
    if len(form) < 3 or not form.endswith("r") or not form.isalpha():
        return None
    if form in language_data("verbs", VerbsData)["not_present"]:
        return None
    inf = form[:-1]
    lex = get_lexicon()
    got = lex.lookup_many([form, inf])
    if got[inf] is None or got[form] is None:
        return None
    return inf if is_verb_infinitive(inf) else None


@lru_cache(maxsize=DEFAULT_SIZE)  # (bounded: asked of any word, junk included)
def infinitive_to_present(form: str) -> str | None:
    """``lære`` → ``lærer`` when ``form`` is only an infinitive (not also a past tense)."""
    verbs = language_data("verbs", VerbsData)
    if len(form) < 3 or not form.endswith("e") or not form.isalpha() or form in verbs["not_bare"]:
        return None
    lex = get_lexicon()
    got = lex.lookup_many([form, form + "r"])
    if got[form] != form or got[form + "r"] is None:
        return None
    return form + "r" if is_verb_infinitive(form) else None


def word_tokens(a: Analysis) -> tuple[Tok, ...]:
    """Tokens of running text (no whitespace, URLs, hashtags, mentions): the facet."""
    return a[WORD_TOKENS]


def sentence_start_ids(a: Analysis) -> frozenset[int]:
    """Token indices that start a sentence (first non-space token of each): the facet."""
    return a[SENTENCE_START_TOKENS]


#: The lower-case form of each word token: the da pack's rules each found their
#: trigger words in it, and each built it again.
WORD_LOWERS: Facet[tuple[str, ...]] = Facet(
    "da.word_lowers", lambda a: tuple(map(attrgetter("lower"), word_tokens(a))),
    requires=("word_tokens",), doc="The lower-case form of each word token (``word_tokens``).")


def word_lowers(a: Analysis) -> tuple[str, ...]:
    """The lower-case form of each token of :func:`word_tokens`: the facet."""
    return a[WORD_LOWERS]


#: The positions (in ``word_tokens``) of the tokens that begin with a capital: what the
#: capitalisation rules each looked for token by token.
def _capitalised(a: Analysis) -> tuple[int, ...]:
    return tuple([k for k, t in enumerate(word_tokens(a)) if t.text[0].isupper()])  # (never empty)


CAPITALISED: Facet[tuple[int, ...]] = Facet(
    "da.capitalised", _capitalised, requires=("word_tokens",),
    doc="Positions in ``word_tokens`` of the tokens that begin with a capital letter.")


def capitalised(a: Analysis) -> tuple[int, ...]:
    """Positions in :func:`word_tokens` of the tokens that begin with a capital: the facet."""
    return a[CAPITALISED]
