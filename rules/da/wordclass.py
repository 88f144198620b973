"""Word classes and inflections for the da pack's grammar rules (not a rule module).

Thin, cached questions to the morphological lexicon (``brandguard.lang.da.morphology``:
every full form with its readings, compounds by their head) and to the tagger's
readings in context (the ``da.sentence_tags`` facet). The rules ask the lexicon
first (cheap, cached per form) and the tagger only for a candidate's sentence.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from brandguard.lang.da import morphology

if TYPE_CHECKING:
    from brandguard.lang.da.morphology import Reading

#: Words between a subject and its verb, or a modal and its infinitive (`du ikke reagere`).
ADVERBS_IN_BETWEEN = frozenset({
    "ikke", "også", "gerne", "altid", "aldrig", "bare", "lige", "godt", "nok", "jo", "vel",
    "kun", "snart", "selv", "straks", "måske", "stadig", "heller", "ofte", "tit", "faktisk",
    "egentlig", "virkelig", "allerede", "sommetider", "endelig", "simpelthen", "sikkert",
    "næsten", "ellers", "da", "nu", "så", "mere", "først", "hurtigt", "rigtig", "netop",
})
#: Words after which a bare infinitive follows (modal verbs, `lad`), lower case.
INFINITIVE_GOVERNORS = frozenset({
    "kan", "vil", "skal", "må", "bør", "kunne", "ville", "skulle", "måtte", "burde", "tør",
    "turde", "gider", "gad", "lad", "lade", "lader", "lod", "ku", "sku", "behøver", "behøvede",
    "behøve",
})
#: Degree adverbs that may stand between a determiner and its adjective (`et meget stor hus`).
DEGREE_ADVERBS = frozenset({"meget", "ret", "helt", "lidt", "så", "for", "rigtig", "temmelig",
                            "ganske", "utrolig", "utroligt", "virkelig", "super", "mega"})

_MAX_CACHE = 20_000  # as the lexicon's word caches (brandguard.boundedcache)
#: Entries of each cache of the questions the grammar rules ask most per word (`only`,
#: `is_infinitive`, `present_of`, `noun_gender`, the adjective forms: for most words after
#: a subject, a modal or a determiner). The 3,334 Leipzig posts ask them of 600-4,200
#: forms each (hits 40-77 %); the benchmark's 2,000 posts of under 100. Bounded lower than the
#: readings, whose strings they share: under 1 MB each when full.
MAX_ANSWERS = 4_096


@lru_cache(maxsize=_MAX_CACHE)
def readings(form: str) -> tuple[Reading, ...]:
    """The lexicon's readings of a lower-case form, compounds by their head."""
    if not form.isalpha() or len(form) > morphology.MAX_COMPOUND_LENGTH:
        return morphology.readings(form)
    return morphology.analyse(form)


def classes(form: str) -> frozenset[str]:
    """The word classes (UPOS) the lexicon gives ``form``."""
    return frozenset(r.upos for r in readings(form))


def has(form: str, upos: str, *feats: str) -> bool:
    """Whether some reading of ``form`` has word class ``upos`` and all ``feats``."""
    return any(r.upos == upos and all(f in r.feats for f in feats) for r in readings(form))


@lru_cache(maxsize=MAX_ANSWERS)
def adjective_form(form: str) -> bool:
    """Whether some reading of ``form`` is an adjective (every adjective test below needs
    one: asked first, of the word after each determiner)."""
    return any(r.upos == "ADJ" for r in readings(form))


@lru_cache(maxsize=MAX_ANSWERS)
def only(form: str, *uposes: str) -> bool:
    """Whether ``form`` is known and every reading is of one of ``uposes``."""
    rs = readings(form)
    return bool(rs) and all(r.upos in uposes for r in rs)


@lru_cache(maxsize=MAX_ANSWERS)
def is_infinitive(form: str) -> bool:
    return has(form, "VERB", "VerbForm=Inf") or has(form, "AUX", "VerbForm=Inf")


_IRREGULAR_PRESENT = {"være": "er", "have": "har", "gøre": "gør", "vide": "ved", "spørge": "spørger",
                      "burde": "bør", "turde": "tør"}


@lru_cache(maxsize=MAX_ANSWERS)
def present_of(inf: str) -> str | None:
    """`lære` → `lærer`, `gå` → `går`, `have` → `har`: the present tense of an infinitive
    (the lexicon's, same lemma), or None when ``inf`` is no infinitive."""
    if not is_infinitive(inf):
        return None
    pres = _IRREGULAR_PRESENT.get(inf, inf + "r")
    ok = any(r.upos in ("VERB", "AUX") and r.lemma == inf and "Tense=Pres" in r.feats
             and "VerbForm=Fin" in r.feats for r in readings(pres))
    return pres if ok else None


def has_past(form: str) -> bool:
    """Some reading of ``form`` is a finite past tense (`gjorde`, `kunne`, `så`)."""
    return any(r.get("Tense") == "Past" and r.get("VerbForm") == "Fin" for r in readings(form))


def finite_only(form: str) -> bool:
    """Every reading of ``form`` is a finite verb (`falder`, `kommer`)."""
    rs = readings(form)
    return bool(rs) and all(r.upos in ("VERB", "AUX") and r.get("VerbForm") == "Fin" for r in rs)


def participle_of(inf: str) -> str | None:
    """`neutralisere` → `neutraliseret`, `købe` → `købt`: the past participle the lexicon has."""
    stem = inf[:-1] if inf.endswith("e") else inf
    short = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
    for c in (stem + "et", stem + "t", inf + "t", short + "t"):  # bestille → bestilt
        if any(r.upos in ("VERB", "AUX") and r.lemma == inf and r.get("VerbForm") == "Part"
               and r.get("Tense") == "Past" for r in readings(c)):
            return c
    return None


@lru_cache(maxsize=MAX_ANSWERS)
def noun_gender(form: str) -> str | None:
    """``Com``/``Neut`` when every singular indefinite noun reading of ``form`` has that
    gender (other word classes are left to the tagger); else None."""
    genders = {r.get("Gender") for r in readings(form)
               if r.upos == "NOUN" and "Number=Sing" in r.feats and "Definite=Ind" in r.feats
               and "Case=Gen" not in r.feats}
    if len(genders) != 1:
        return None
    g = genders.pop()
    return g if g in ("Com", "Neut") else None


def plural_noun(form: str) -> bool:
    """A noun in the plural only (`kolleger`, `huse`; not `år`, `ting`), with no reading
    of an adjective or a finite verb."""
    rs = readings(form)
    nouns = [r for r in rs if r.upos == "NOUN" and "Case=Gen" not in r.feats]
    return bool(nouns) and all(r.get("Number") == "Plur" for r in nouns) and not any(
        r.upos == "ADJ" or r.get("VerbForm") == "Fin" for r in rs)


def singular_noun(form: str) -> bool:
    """A noun in the singular indefinite only (`tegning`; not `sko`, not a verb form)."""
    rs = readings(form)
    return bool(rs) and all(r.upos == "NOUN" and r.get("Number") == "Sing"
                            and r.get("Definite") == "Ind" and "Case=Gen" not in r.feats for r in rs)


@lru_cache(maxsize=MAX_ANSWERS)
def common_adjective(form: str) -> str | None:
    """The lemma when ``form`` is only an adjective's common-gender singular indefinite
    (`stor`, `dygtig`, `oval`; not `dansk`, which is also neuter, not `stort`)."""
    rs = [r for r in readings(form) if r.upos == "ADJ"]
    if not rs or any(r.upos not in ("ADJ", "NOUN") for r in readings(form)):
        return None
    if any(r.get("Gender") != "Com" or r.get("Number") != "Sing" or r.get("Definite") != "Ind"
           or r.get("Degree") not in (None, "Pos") for r in rs):
        return None
    return rs[0].lemma


@lru_cache(maxsize=MAX_ANSWERS)
def indefinite_adjective(form: str) -> str | None:
    """The lemma when ``form`` is only an adjective's (or participle's) singular indefinite
    (`stor`, `samlet`, `stort` is not: it is also an adverb)."""
    rs = readings(form)
    adjs = [r for r in rs if r.upos == "ADJ"]
    if not adjs:
        return None
    for r in rs:
        if r.upos == "ADJ":
            if r.get("Definite") != "Ind" or r.get("Number") != "Sing" \
                    or r.get("Degree") not in (None, "Pos"):
                return None
        elif not (r.upos == "NOUN" or (r.upos == "VERB" and r.get("VerbForm") == "Part"
                                         and r.get("Definite") == "Ind")):
            return None
    return adjs[0].lemma


@lru_cache(maxsize=MAX_ANSWERS)
def definite_only_adjective(form: str) -> bool:
    """``form`` is only an adjective's definite or plural form (`nye`, `store`)."""
    rs = readings(form)
    return bool(rs) and all(r.upos == "ADJ" and (r.get("Definite") == "Def" or r.get("Number") == "Plur")
                            for r in rs)


def _form_with(lemma: str, candidates: list[str], want: tuple[str, ...]) -> str | None:
    for c in candidates:
        if any(r.upos == "ADJ" and r.lemma == lemma and all(f in r.feats for f in want)
               for r in readings(c)):
            return c
    return None


def neuter_adjective(form: str, lemma: str) -> str | None:
    """`stor` → `stort`, `oval` → `ovalt` (the form the lexicon has), or None."""
    return _form_with(lemma, [form + "t", form[:-1] + "t" if form.endswith("d") else form + "t"],
                      ("Gender=Neut", "Number=Sing"))


def _e_forms(form: str) -> list[str]:
    out = [form[:-1] + "de"] if form.endswith("et") else []  # samlet → samlede
    out += [form + "e", form + form[-1] + "e"]
    if len(form) > 4 and form[-2] == "e" and form[-1] in "lnr":
        stem = form[:-2]
        if len(stem) > 1 and stem[-1] == stem[-2]:
            stem = stem[:-1]
        out.append(stem + form[-1] + "e")  # gammel → gamle, sikker → sikre
    return out


def definite_adjective(form: str, lemma: str) -> str | None:
    """`stor` → `store`, `samlet` → `samlede`, `gammel` → `gamle` (as the lexicon has it)."""
    return _form_with(lemma, _e_forms(form), ("Definite=Def",))


def plural_adjective(form: str, lemma: str) -> str | None:
    return _form_with(lemma, _e_forms(form), ("Number=Plur",))


def plural_of_noun(form: str) -> str | None:
    """`tegning` → `tegninger`: an indefinite plural of the same lemma the lexicon has."""
    lemmas = {r.lemma for r in readings(form) if r.upos == "NOUN"}
    for c in (form + "er", form + "r", form + "e", form + form[-1] + "er"):
        if any(r.upos == "NOUN" and r.lemma in lemmas and r.get("Number") == "Plur"
               and r.get("Definite") == "Ind" for r in readings(c)):
            return c
    return None

