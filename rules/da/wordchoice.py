"""Real words in the wrong place, decided by context: nogen/nogle, `enlig` for `egentlig`,
`onde` for `unde`, `de der` after a preposition, `udenfor huset` as a preposition."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress, count

from brandguard.analysis import Tok
from brandguard.lang.da import word_lowers, word_tokens
from brandguard.lang.da.tags import SENTENCE_TAGS, SentenceTags
from brandguard.rule import Context, Hit, Rule, bad, good

from . import wordclass as wc

_NEGATIONS = frozenset({"ikke", "aldrig", "ingen", "intet", "næppe", "uden", "hverken", "ej",
                        "knap", "sjældent", "nej"})
#: Words that make `nogen` right: conditions, doubt, comparison, questions.
_NOGEN_CONTEXT = frozenset({"hvis", "om", "før", "inden", "hvorvidt", "end", "hvem", "hvad",
                            "hvor", "hvornår", "hvordan", "hvorfor", "mon", "nogensinde",
                            "tvivl", "tvivler", "kun", "bare", "uanset", "enhver", "hver",
                            "usandsynligt", "usandsynlig", "tvivlsomt", "umuligt", "næsten"})
_SENTENCE_END = frozenset({".", "!", "?", "…", ";"})
_OBJECT_PRONOUNS = frozenset({"ham", "hende", "dem", "dig", "mig", "os", "jer", "sig"})


def _sentence(lowers: Sequence[str], k: int) -> tuple[int, int]:
    lo = k
    while lo > 0 and lowers[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = k + 1
    while hi < len(lowers) and lowers[hi] not in _SENTENCE_END:
        hi += 1
    return lo, hi


def _case_like(right: str, found: str) -> str:
    return right[:1].upper() + right[1:] if found[:1].isupper() else right


_NOGEN_NOGLE = frozenset({"nogen", "nogle"})


class NogenNogle(Rule):
    name = "nogen-nogle"
    severity = "warning"
    summary = ("`nogle` in the plural of a statement (`nogle gange`, `nogle af jer`); `nogen` "
               "in questions, negations and conditions.")
    rationale = ("Dansk Sprognævn: `nogle` is the plural in statements (`nogle gange`, `nogle af "
                 "jer får …`); `nogen` is the singular and the word of questions, negations and "
                 "conditions (`har du nogen spørgsmål?`, `ikke nogen bananer`, `hvis nogen af "
                 "jer …`). The rule fires on `nogen` with a plural noun or `af` only where the "
                 "sentence has no question mark, negation, condition or question word and does "
                 "not start with its verb; `ikke nogle` + plural noun is advice (`info`).")
    message = {
        "da": "Skriv `{suggestion}` i flertal i en fremsættende sætning, ikke `{match}`.",
        "en": "Write `{suggestion}` (plural) in a statement, not `{match}`.",
    }
    messages = {
        "nogen": {
            "da": "Efter nægtelse skrives normalt `{suggestion}`, ikke `{match}`.",
            "en": "After a negation Danish normally writes `{suggestion}`, not `{match}`.",
        },
    }
    examples = [
        bad("Men <marker>nogen</marker> gange orker man ikke mere.", suggestion="nogle"),
        bad("Derfor vil <marker>nogen</marker> af jer også få en regning.", suggestion="nogle"),
        bad("Vi har fået <marker>nogen</marker> nye kunder i år.", suggestion="nogle"),
        bad("De fandt ikke <marker>nogle</marker> bananer.", suggestion="nogen"),
        good("Har du nogen spørgsmål? Er der nogen af jer, der har prøvet det?"),
        good("Hvis nogen af jer kommer forbi, så sig til. Vi har ikke nogen planer."),
        good("Nogle gange går det godt, og nogle af jer får en regning."),
        good("Er der nogen her. Kender nogen af jer til det."),
        good("Det er ikke nogle få, men mange. De så ikke nogen film."),
        good("Det er usandsynligt, at personen lider af nogen af de sygdomme."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        toks = word_tokens(ctx.analysis)
        lowers = word_lowers(ctx.analysis)
        if "nogen" not in lowers and "nogle" not in lowers:
            return
        n = len(toks)
        # Only the two words themselves (one set lookup per word, in C).
        for k in compress(count(), map(_NOGEN_NOGLE.__contains__, lowers)):
            if k + 1 >= n:
                break
            low, nxt = lowers[k], lowers[k + 1]
            if low == "nogen" and nxt == "gange":
                if not _NEGATIONS.isdisjoint(lowers[max(0, k - 2):k]):
                    continue  # `ikke nogen gange`
                yield self._nogle(toks[k])
            elif low == "nogen" and (nxt == "af" or wc.plural_noun(nxt)
                                     or (k + 2 < n and wc.has(nxt, "ADJ", "Number=Plur")
                                         and not wc.has(nxt, "ADJ", "Definite=Ind", "Number=Sing")
                                         and wc.plural_noun(lowers[k + 2]))):
                if nxt == "af" and not (k + 2 < n and (lowers[k + 2] in _OBJECT_PRONOUNS | {
                        "de", "dem", "disse", "vores", "jeres", "deres", "mine", "dine", "sine"}
                        or wc.has(lowers[k + 2], "NOUN", "Definite=Def", "Number=Plur"))):
                    continue
                lo, hi = _sentence(lowers, k)
                if hi < n and lowers[hi] == "?":
                    continue
                window = lowers[lo:hi]
                if not _NEGATIONS.isdisjoint(window) or not _NOGEN_CONTEXT.isdisjoint(window):
                    continue
                first = lowers[lo] if lo < n else ""
                if (lo < k and wc.has(first, "VERB", "VerbForm=Fin")) or wc.has(first, "AUX", "VerbForm=Fin"):
                    continue  # `Kender nogen af jer …`: a question without its mark
                yield self._nogle(toks[k])
            elif low == "nogle" and k > 0 and lowers[k - 1] in ("ikke", "aldrig") \
                    and wc.plural_noun(nxt) and nxt not in ("få", "stykker"):
                right = _case_like("nogen", toks[k].text)
                yield Hit(toks[k].start, toks[k].end, suggestion=right, key="nogen", severity="info",
                          args={"match": toks[k].text, "suggestion": right})


    @staticmethod
    def _nogle(t: Tok) -> Hit:
        right = _case_like("nogle", t.text)
        return Hit(t.start, t.end, suggestion=right, args={"match": t.text, "suggestion": right})


#: One-word adverbs that are two words as prepositions (Retskrivningsordbogen).
_APART = {"udenfor": "uden for", "indenfor": "inden for", "indeni": "inde i", "ovenpå": "oven på",
          "nedenunder": "neden under", "ovenover": "oven over", "udenpå": "uden på",
          "nedenfor": "neden for", "ovenfor": "oven for", "udenom": "uden om",
          "indenunder": "inden under"}
_NP_START = frozenset({"den", "det", "de", "en", "et", "min", "din", "sin", "mit", "dit", "sit",
                       "mine", "dine", "sine", "vores", "jeres", "hans", "hendes", "deres", "denne",
                       "dette", "disse", "alle", "mange", "nogle", "hele", "selve"})
#: `gik udenfor et øjeblik`: an adverb and a measure of time.
_TIME_NOUNS = frozenset({"øjeblik", "stund", "tid", "minut", "minutter", "sekund", "time", "timer",
                         "dag", "dage", "nat", "uge", "uger", "tur", "gang", "periode", "weekend",
                         "aften", "morgen", "eftermiddag", "formiddag", "måned", "år", "smut"})


class PrepositionApart(Rule):
    name = "preposition-apart"
    severity = "warning"
    summary = "`uden for huset`, `inde i skabet`, `oven på taget`: two words as a preposition."
    rationale = ("Retskrivningsordbogen writes `udenfor`, `indeni`, `ovenpå` as one word when "
                 "they stand alone as adverbs (`vi går udenfor`, `pengene ligger indeni`) and as "
                 "two when a noun phrase follows (`uden for huset`, `inde i et skab`, `oven på "
                 "taget`). The rule fires only when a determiner, a number, a definite noun or a "
                 "name follows; `udenfor et øjeblik` (a measure of time) passes. LanguageTool's "
                 "rule `Et_to_ord`.")
    message = {
        "da": "Som forholdsord skrives det i to ord: `{suggestion}`, ikke `{match}`.",
        "en": "As a preposition it is two words: `{suggestion}`, not `{match}`.",
    }
    examples = [
        bad("Det lå <marker>indeni</marker> et skab.", suggestion="inde i"),
        bad("Vi mødes <marker>udenfor</marker> kantinen kl. 12.", suggestion="uden for"),
        bad("De legede <marker>udenfor</marker> store kanoer.", suggestion="uden for"),
        bad("Resultatet kommer <marker>indenfor</marker> 7 dage.", suggestion="inden for"),
        good("Vi går udenfor. Pengene ligger indeni, og de gik oven på taget."),
        good("Vi gik udenfor et øjeblik. Inden for et lands grænser."),
        good("Kom indenfor, og tag skoene af."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        toks = word_tokens(ctx.analysis)
        lowers = word_lowers(ctx.analysis)
        n = len(toks)
        # Only the joined prepositions (one set lookup per word in C).
        for k in compress(count(), map(_APART.__contains__, lowers)):
            low = lowers[k]
            right = _APART.get(low)
            if right is None or k + 1 >= n:
                continue
            nxt, nt = lowers[k + 1], toks[k + 1]
            if nxt in _NP_START:
                if nxt in ("en", "et") and k + 2 < n and lowers[k + 2] in _TIME_NOUNS:
                    continue
            elif nxt[:1].isdigit():
                pass
            elif nt.text[:1].isupper() and nt.text.isalpha() and not nt.text.isupper():
                pass  # `udenfor Aarhus`
            elif nt.text.isalpha() and nt.text.islower() and (
                    (wc.only(nxt, "NOUN") and wc.has(nxt, "NOUN", "Definite=Def"))
                    or (wc.only(nxt, "ADJ") and k + 2 < n and wc.only(lowers[k + 2], "NOUN"))):
                pass  # `udenfor kanoen`, `udenfor store kanoer`
            else:
                continue
            found = toks[k].text
            fix = _case_like(right, found)
            yield Hit(toks[k].start, toks[k].end, suggestion=fix, args={"match": found, "suggestion": fix})


_ENLIG_NEXT = frozenset({"ikke", "også", "bare", "lidt", "helt", "meget", "nok", "slet", "altid",
                         "aldrig", "godt", "er", "var", "har", "havde", "kan", "vil", "skal",
                         "synes", "mener", "tror", "ved", "burde", "bør", "kunne", "ville",
                         "skulle", "lige", "rigtig", "ret", "okay", "ok", "fint", "sjovt"})
_VAD_NEXT = frozenset({"så", "er", "var", "skal", "kan", "vil", "sker", "nu", "synes", "tror",
                       "mener", "laver", "gør", "hedder", "med", "fanden", "pokker", "helvede"})
#: Plurals used as mass nouns after `mere` (`mere penge` is common and accepted).
_MERE_OK = frozenset({"penge", "ressourcer", "midler", "data", "oplysninger", "informationer",
                      "klæder", "møbler", "grøntsager", "varer", "lommepenge", "skatter", "afgifter"})
#: Verbs of preference before `hellere ikke` (`jeg vil hellere ikke` = I would rather not).
_RATHER_BEFORE = frozenset({"vil", "ville", "skal", "skulle", "bør", "burde", "må", "gerne",
                            "har", "havde", "tager", "tog", "går", "gik", "blive", "bliver"})
_PREPOSITIONS = frozenset({"til", "for", "af", "med", "mellem", "blandt", "hos", "om", "fra",
                           "på", "over", "ved", "imod", "mod", "efter", "overfor", "bag"})
_LEGE_OK = frozenset({"leg", "lege", "stund", "tur", "gang", "omgang", "rolle", "weekend", "dag",
                      "time", "tid", "eftermiddag", "formiddag", "aften", "runde", "sang"})


#: The words da.wrong-word's checks start from (each branch of its check tests one).
_WRONG_WORD_TRIGGERS = frozenset({"mere", "enlig", "vad", "hellere", "heller", "onde", "onder",
                                  "ondt", "de", "lege"})


class WrongWord(Rule):
    name = "wrong-word"
    severity = "warning"
    summary = ("Real words for others, by context: `enlig` for `egentlig`, `vad` for `hvad`, "
               "`onde` for `unde`, `de der` for `dem der` after a preposition, `heller`/`hellere`.")
    rationale = ("A spell checker passes a real word in the wrong place. These fire only where "
                 "the context leaves one reading: `enlig` (single) before `ikke` or a verb is "
                 "`egentlig`; `vad` (a ford) at a clause start before `så`/a verb is `hvad`; "
                 "`onde`/`onder` after a modal or before an object pronoun is `unde`/`under` "
                 "(`det kan jeg godt unde hende`); `de der` + verb after a preposition is `dem "
                 "der` (Retskrivningsordbogen: `til dem der kommer`); `hellere ikke` is `heller "
                 "ikke` unless a verb of preference comes before (`jeg vil hellere ikke`), and "
                 "`heller` before `end` or an infinitive is `hellere`; `mere` before a countable plural is "
                 "`flere` (`flere hænder`). `lege en` + a noun that is "
                 "no game may be `leje` (`info`).")
    message = {
        "da": "Mente du `{suggestion}`? `{match}` er et andet ord.",
        "en": "Did you mean `{suggestion}`? `{match}` is another word.",
    }
    messages = {
        "flere": {
            "da": "Skriv `{suggestion}` foran et tælleligt navneord i flertal, ikke `{match}`.",
            "en": "Write `{suggestion}` before a countable plural noun, not `{match}`.",
        },
        "dem": {
            "da": "Efter et forholdsord skrives `{suggestion}`, ikke `{match}`.",
            "en": "After a preposition write `{suggestion}`, not `{match}`.",
        },
    }
    examples = [
        bad("Det er <marker>enlig</marker> ikke det, jeg ville sige.", suggestion="egentlig"),
        bad("Den er fundet, <marker>vad</marker> så nu.", suggestion="hvad"),
        bad("Det kan jeg godt <marker>onde</marker> hende.", suggestion="unde"),
        bad("Jeg <marker>onder</marker> hende intet.", suggestion="under"),
        bad("Det er ham vel <marker>ondt</marker>.", suggestion="undt"),
        bad("Vi formidler kontakt mellem <marker>de</marker> der har et projekt og os.",
            suggestion="dem"),
        bad("Vi kan <marker>lege</marker> en slidbane.", suggestion="leje"),
        good("Hun er enlig mor, og han er enlig og glad. Hvad så nu?"),
        good("Vi kan lege en leg. Skal vi leje en bil? Det gør ham vel ondt."),
        good("Hvad kan jeg unde hende? Det onde er overstået."),
        good("Tak til de der kom. Se på de der ting. Til dem der har et projekt."),
        good("Vi var i går i Odense, og I kan komme i morgen. Han bor i Aarhus.",
             note="the pronoun `I` written `i` is da.pronoun-capital's"),
        good("Jeg sad der i morges. For en bolig i skal du skrives op."),
        bad("Vi har brug for <marker>mere</marker> mennesker i weekenden.", suggestion="flere"),
        good("Vi har brug for mere kreative løsninger. De er mere venner end kolleger."),
        bad("Det kan jeg <marker>hellere</marker> ikke.", suggestion="heller"),
        bad("Jeg vil <marker>heller</marker> have te end kaffe.", suggestion="hellere"),
        good("Jeg vil hellere ikke sige det. Det kan jeg heller ikke, og ikke jeg heller."),
        good("Hun vil hellere have te. Der er heller ingen kaffe."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        lowers = word_lowers(a)
        n = len(toks)
        tags: SentenceTags | None = None
        # Only the words a branch below starts from (one set lookup per word, in C).
        for k in compress(count(), map(_WRONG_WORD_TRIGGERS.__contains__, lowers)):
            low = lowers[k]
            prev = lowers[k - 1] if k else ""
            nxt = lowers[k + 1] if k + 1 < n else ""
            t = toks[k]
            if low == "mere" and k + 1 < n and toks[k + 1].text.islower() and wc.plural_noun(nxt) \
                    and nxt not in _MERE_OK and "end" not in lowers[k + 2:k + 5] \
                    and prev not in ("og", "eller", "jo", "desto"):
                # `mere mennesker`: countable plurals take `flere` (`mere end venner` passes)
                yield Hit(t.start, t.end, suggestion=_case_like("flere", t.text), key="flere",
                          args={"match": t.text, "suggestion": _case_like("flere", t.text)})
            elif low == "enlig" and nxt in _ENLIG_NEXT:
                yield self._hit(t, "egentlig")
            elif low == "vad" and nxt in _VAD_NEXT and (k == 0 or toks[k - 1].punct):
                yield self._hit(t, "hvad")
            elif low == "hellere" and nxt in ("ikke", "aldrig") \
                    and not _RATHER_BEFORE.intersection(lowers[max(0, k - 3):k]):
                yield self._hit(t, "heller")  # `det kan jeg hellere ikke`: `heller ikke`
            elif low == "heller" and (nxt == "end" or nxt in ("vil", "ville", "have", "ha")
                                      or (wc.only(nxt, "VERB", "AUX") and wc.is_infinitive(nxt))) \
                    and _NEGATIONS.isdisjoint(lowers[max(0, k - 3):k]):
                yield self._hit(t, "hellere")  # `jeg vil heller have te`: `hellere`
            elif low in ("onde", "onder", "ondt"):
                right = self._unde(lowers, k)
                if right is not None:
                    yield self._hit(t, right)
            elif low == "de" and nxt in ("der", "som") and prev in _PREPOSITIONS and k + 2 < n:
                after = lowers[k + 2]
                if wc.finite_only(after) or (after in wc.ADVERBS_IN_BETWEEN and k + 3 < n
                                             and wc.finite_only(lowers[k + 3])):
                    tags = tags or a[SENTENCE_TAGS]
                    if tags[toks[k - 1].i].upos == "ADP":
                        right = _case_like("dem", t.text)
                        yield Hit(t.start, t.end, suggestion=right, key="dem",
                                  args={"match": t.text, "suggestion": right})
            elif low == "lege" and nxt == "en" and k + 2 < n and toks[k + 2].text.islower() \
                    and wc.only(lowers[k + 2], "NOUN") and lowers[k + 2] not in _LEGE_OK \
                    and not lowers[k + 2].endswith("leg"):
                yield Hit(t.start, t.end, suggestion="leje", severity="info",
                          args={"match": t.text, "suggestion": "leje"})

    @staticmethod
    def _unde(lowers: Sequence[str], k: int) -> str | None:
        n = len(lowers)
        low = lowers[k]
        nxt = lowers[k + 1] if k + 1 < n else ""
        if low == "ondt":
            if k >= 3 and lowers[k - 1] == "vel" and lowers[k - 2] in _OBJECT_PRONOUNS \
                    and lowers[k - 3] in ("er", "var"):
                return "undt"
            return None
        if low == "onder":
            if nxt in _OBJECT_PRONOUNS or (nxt in ("jeg", "du", "han", "hun", "vi", "de", "man")
                                           and k + 2 < n and lowers[k + 2] in _OBJECT_PRONOUNS):
                return "under"
            return None
        # `onde`: governed by a modal (a subject and adverbs between), an object after it
        if nxt not in _OBJECT_PRONOUNS:
            return None
        b = k - 1
        while b >= 0 and lowers[b] in wc.ADVERBS_IN_BETWEEN:
            b -= 1
        if b >= 0 and lowers[b] in ("jeg", "du", "han", "hun", "vi", "de", "man", "i"):
            b -= 1
        return "unde" if b >= 0 and lowers[b] in wc.INFINITIVE_GOVERNORS else None

    @staticmethod
    def _hit(t: Tok, right: str) -> Hit:
        fix = _case_like(right, t.text)
        return Hit(t.start, t.end, suggestion=fix, args={"match": t.text, "suggestion": fix})
