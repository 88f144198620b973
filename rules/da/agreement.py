"""Agreement in the noun phrase: `et stor hus`, `den samlet tid`, `alle dygtig kolleger`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress, count

from brandguard.analysis import Tok
from brandguard.lang.da import WORD_LOWERS, morphology, word_tokens
from brandguard.lang.da.tags import SENTENCE_TAGS, SentenceTags
from brandguard.rule import Context, Hit, Rule, bad, good

from . import wordclass as wc

#: Determiners after which the adjective takes its definite form (`den store`, `min nye`).
_DEFINITE_SING = frozenset({"den", "det", "denne", "dette", "min", "din", "sin", "mit", "dit",
                            "sit", "vores", "jeres", "hans", "hendes", "deres", "dens", "dets"})
#: Determiners and quantifiers of the plural (`de store`, `alle dygtige`, `to nye`).
_PLURAL = frozenset({"de", "disse", "mine", "dine", "sine", "alle", "mange", "flere", "nogle",
                     "begge", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti",
                     "elleve", "tolv", "tyve", "hundrede", "tusind", "adskillige", "samtlige"})
_SUBJECTS = frozenset({"jeg", "du", "han", "hun", "vi", "man", "de", "i", "den", "det"})
#: Nouns whose gender the lexicon gets wrong or that have both in use (`det personlige brand`).
_GENDER_UNSURE = frozenset({"brand", "latin", "profil", "campus", "lager", "image", "pas"})
#: Adjectives whose bare form is an accepted definite (`den ny kontrakt`, RO: `ny(e)`).
_UNINFLECTED_OK = frozenset({"ny", "blå", "grå", "rå", "små", "fri"})
#: Determiners that are also object pronouns (`giver det nyt liv`, `gav den ny maling`).
_PRONOUN_TOO = frozenset({"den", "det", "de"})


def _head_agrees(noun: str, gender: str) -> bool:
    """A listed compound whose head has another gender (`fornuftsægteskab`, listed as common
    gender, but `ægteskab` is neuter) leaves the gender in doubt."""
    c = morphology.analyse_compound(noun)
    if c is None:
        return True
    return all(r.get("Gender") in (None, gender) for r in c.readings if r.upos == "NOUN")


def _finite(word: str) -> bool:
    return wc.has(word, "VERB", "VerbForm=Fin") or wc.has(word, "AUX", "VerbForm=Fin")


#: The words an agreement phrase starts from (`et`, the definite and plural determiners).
_DETERMINERS = frozenset({"et"}) | _DEFINITE_SING | _PLURAL


class Agreement(Rule):
    name = "agreement"
    severity = "warning"
    summary = ("The adjective agrees with its determiner and noun: `et stort hus`, `den samlede "
               "tid`, `alle dygtige kolleger`, `den nye strategi`.")
    rationale = ("In a Danish noun phrase the adjective takes -t after `et` with a neuter noun "
                 "(`et stort hus`), -e after a definite determiner or a possessive (`den samlede "
                 "tid`, `min nye bil`) and in the plural (`alle dygtige kolleger`, `to store "
                 "lommer`); the article follows the noun's gender (`den nye strategi`). The "
                 "rule reads the forms' readings in the lexicon (gender, number, definiteness; "
                 "compounds by their head) and fires only on a determiner, an adjective and a "
                 "noun that can be nothing else, with the tagger's word classes in context: "
                 "`giver det nyt liv` (a pronoun object) and `er det stor kunst` pass.")
    message = {
        "da": "Skriv `{suggestion}`: tillægsordet bøjes efter `{det}` og `{noun}`.",
        "en": "Write `{suggestion}`: the adjective agrees with `{det}` and `{noun}`.",
    }
    messages = {
        "article": {
            "da": "`{noun}` har kønnet `{suggestion}`: skriv `{suggestion}`, ikke `{match}`.",
            "en": "`{noun}` takes `{suggestion}` (its gender): write `{suggestion}`, not `{match}`.",
        },
        "plural-noun": {
            "da": "Efter `et par` står navneordet i flertal: `{suggestion}`, ikke `{match}`.",
            "en": "After `et par` the noun is plural: `{suggestion}`, not `{match}`.",
        },
    }
    examples = [
        bad("Vi har bygget et <marker>stor</marker> hus til de ansatte.", suggestion="stort"),
        bad("Det er et <marker>oval</marker> køkkenbord.", suggestion="ovalt"),
        bad("Tiden bliver trukket fra den <marker>samlet</marker> tid.", suggestion="samlede"),
        bad("Tak til alle <marker>dygtig</marker> kolleger!", suggestion="dygtige"),
        bad("Vi præsenterer <marker>det</marker> nye strategi i morgen.", suggestion="den"),
        bad("Her er et par <marker>tegning</marker> fra kurset.", suggestion="tegninger"),
        good("Vi har bygget et stort hus, og den samlede tid var kort."),
        good("Tak til alle dygtige kolleger og til de nye."),
        good("Det giver det nyt liv. Er det stor kunst? Gav du den ny maling?"),
        good("Det er et dansk firma med et ret visende eksempel."),
        good("Vi har alle god grund til at glæde os, og vi ses om et par år."),
        good("Vi præsenterer den nye strategi og det nye hus. Den ny kontrakt er klar."),
        good("Vi styrker det personlige brand."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        lowers = a[WORD_LOWERS]
        n = len(toks)
        tags: SentenceTags | None = None
        # Only the determiners (one set lookup per word in C); the last two words start
        # no phrase.
        for k in compress(count(), map(_DETERMINERS.__contains__, lowers[:max(0, n - 2)])):
            d = lowers[k]
            if d == "et" and lowers[k + 1] == "par":
                found = self._et_par(toks, lowers, k)
            elif d == "et" or d in _DEFINITE_SING or d in _PLURAL:
                nxt = lowers[k + 1]
                if nxt not in wc.DEGREE_ADVERBS and not wc.adjective_form(nxt):
                    continue  # most phrases: no adjective, where _phrase needs one (no call)
                found = self._phrase(toks, lowers, k)
            else:
                continue
            if found is None:
                continue
            hit, check_at = found
            if d in _PRONOUN_TOO and hit.key != "article" and k > 0 and (
                    _finite(lowers[k - 1]) or (k > 1 and lowers[k - 1] in _SUBJECTS
                                               and _finite(lowers[k - 2]))):
                continue  # `giver det nyt liv`, `er det stor kunst`, `gav du den ny maling`
            tags = tags or a[SENTENCE_TAGS]
            if d in ("den", "det") and hit.key != "article" \
                    and tags[toks[k].i].upos not in ("DET", "NUM"):
                continue
            if any(tags[toks[x].i].upos not in want for x, want in check_at):
                continue
            yield hit

    def _phrase(self, toks: Sequence[Tok], lowers: Sequence[str],
                k: int) -> tuple[Hit, list[tuple[int, tuple[str, ...]]]] | None:
        d = lowers[k]
        j = k + 1
        if lowers[j] in wc.DEGREE_ADVERBS and j + 2 < len(toks):
            j += 1
        adj, noun = toks[j], toks[j + 1]
        if not (adj.text.isalpha() and adj.text.islower() and noun.text.isalpha()
                and noun.text.islower()):
            return None
        aw, nw = lowers[j], lowers[j + 1]
        if aw in _UNINFLECTED_OK:
            return None
        if j + 2 < len(toks) and toks[j + 2].text in ("-",):
            return None
        want = [(j, ("ADJ", "VERB")), (j + 1, ("NOUN",))]
        if d == "et":
            lemma = wc.common_adjective(aw)
            if lemma is None or wc.noun_gender(nw) != "Neut":
                return None
            right = wc.neuter_adjective(aw, lemma)
        elif d in _PLURAL and d not in _DEFINITE_SING:
            lemma = wc.indefinite_adjective(aw)
            if lemma is None or not wc.plural_noun(nw):
                return None
            right = wc.plural_adjective(aw, lemma)
        else:
            gender = wc.noun_gender(nw)
            if gender is None:
                return None
            lemma = wc.indefinite_adjective(aw)
            if lemma is None:
                if j == k + 1 and d in ("den", "det") and wc.definite_only_adjective(aw) \
                        and nw not in _GENDER_UNSURE and morphology.readings(nw) \
                        and _head_agrees(nw, gender):
                    article = "den" if gender == "Com" else "det"
                    if article != d:
                        right = article if toks[k].text.islower() else article.capitalize()
                        # `info`: nominalised adjectives (`det vokale`) and nouns of both
                        # genders in use (`det nye latin`) make the article uncertain.
                        return Hit(toks[k].start, toks[k].end, suggestion=right, key="article",
                                   severity="info",
                                   args={"match": toks[k].text, "suggestion": right,
                                         "noun": noun.text}), want
                return None
            if (d in ("den", "denne") and gender != "Com") or (d in ("det", "dette") and gender != "Neut"):
                return None
            right = wc.definite_adjective(aw, lemma)
        if right is None or right == aw:
            return None
        return Hit(adj.start, adj.end, suggestion=right,
                   args={"suggestion": right, "det": toks[k].text, "noun": noun.text}), want

    def _et_par(self, toks: Sequence[Tok], lowers: Sequence[str],
                k: int) -> tuple[Hit, list[tuple[int, tuple[str, ...]]]] | None:
        j = k + 2
        if j >= len(toks) or not toks[j].text.isalpha() or not toks[j].text.islower():
            return None
        w = lowers[j]
        if not wc.singular_noun(w) or (j + 1 < len(toks) and toks[j + 1].text == "-"):
            return None
        right = wc.plural_of_noun(w)
        if right is None:
            return None
        return Hit(toks[j].start, toks[j].end, suggestion=right, key="plural-noun",
                   args={"match": toks[j].text, "suggestion": right}), [(j, ("NOUN",))]
