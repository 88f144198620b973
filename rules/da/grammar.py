"""Danish grammar: verb forms by syntax, word repetition, genitive, confusions.

Each rule looks at the post's tokens once. Word classes and inflections come from the
morphological lexicon (``rules/da/wordclass.py`` over ``brandguard.lang.da.morphology``);
where the lexicon leaves a doubt (`lærer` noun or verb), a rule asks the tagger's
readings in context (the ``da.sentence_tags`` facet) for that sentence only.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import compress, count, islice

from brandguard.analysis import Analysis, Tok
from brandguard.facets import LOWER_TEXT
from brandguard.lang.da import (
    MODALS,
    SUBJECT_PRONOUNS,
    get_lexicon,
    is_verb_infinitive,
    language_data,
    present_to_infinitive,
    sentence_first_words,
    word_lowers,
    word_tokens,
)
from brandguard.lang.da.tags import SENTENCE_TAGS, SentenceTags
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good

from . import wordclass as wc

DATA = PackData.beside(__file__)

#: Adverbs that may stand between a modal (or `at`) and its infinitive.
_MIDDLE = frozenset({"ikke", "også", "gerne", "altid", "aldrig", "bare", "lige", "godt", "nok",
                     "jo", "vel", "kun", "snart", "selv", "straks", "måske", "stadig", "heller"})
_FINITE_AUX = frozenset({"er", "var", "har", "havde", "bliver", "blev", *MODALS})
#: Where `jeg lære` can only be a missing -r (a clause start before the pronoun).
_CLAUSE_START = frozenset({",", "og", "men", "at", "hvis", "når", "fordi", "mens", "selvom",
                           "som", "hvor", "hvordan", "hvorfor", ":", ";", "-", "–", "»", '"',
                           ".", "!", "?", "…"})


def _is_verb_form(word: str) -> bool:
    """A finite or infinitive verb form (used to spot a noun subject before it)."""
    if word in _FINITE_AUX:
        return True
    if present_to_infinitive(word) is not None:
        return True
    lemma = get_lexicon().lookup_many([word])[word]
    return lemma == word and word.endswith("e") and is_verb_infinitive(word)


#: Subjects after which a finite verb follows (`der`/`som` as relative subjects).
_SUBJECTS = frozenset({"jeg", "du", "han", "hun", "vi", "man", "de", "det", "den", "der", "som"})
#: Pronouns that make `at køber man …` a conditional clause (verb first), not `at` + infinitive.
_INVERTED_SUBJECTS = frozenset({"jeg", "du", "han", "hun", "vi", "man", "i", "de", "der"})
#: Prepositions before which an infinitive needs `at` (`glæder mig til at se`).
_AT_PREPOSITIONS = frozenset({"til", "for", "om", "uden", "ved", "med"})
#: Old case forms and fixed phrases after those prepositions (`til spilde`, `til huse`).
_NOT_BARE_AFTER_PREP = frozenset({"spilde", "huse", "stede", "gode", "låns", "være", "have", "syne",
                                  "takke", "skamme", "rette", "kende", "bunds", "sengs", "fods",
                                  "søs", "ses", "fange", "side", "følge", "leje", "salg", "skue"})
#: Imperative-looking forms that are mostly other words after `at` (`at hus og have`).
_NOT_IMPERATIVE = frozenset({"hus", "vad", "bor", "salg", "fald", "løb", "spring", "hop", "test",
                             "check", "bryg", "hold", "lys", "råd", "smil", "skud"})
#: Present-tense forms that show `syntes` stands for `synes` (`jeg syntes du skal …`).
_PAST_TIME = frozenset({"dengang", "engang", "tidligere", "sidste", "sidst", "igår", "da",
                        "før", "oprindeligt", "oprindelig"})
#: Infinitives that are mostly other words after a pronoun (`de ene`, `den hele`).
_NOT_BARE = frozenset({"kunne", "ville", "skulle", "måtte", "burde", "turde", "gide", "være",
                       "selv", "alle", "begge", "mange", "andre", "ene", "samme", "sidste", "første",
                       "hele", "nye", "gamle", "unge", "store", "kære", "hver", "disse", "bare",
                       "lige", "tage", "eje", "ære", "vide", "dele", "andet"})
_SENTENCE_END = frozenset({".", "!", "?", "…", ":", ";"})
#: Pronouns between a modal and its infinitive (`kan du også`, `skal de`).
_MODAL_SUBJECTS = SUBJECT_PRONOUNS | {"de", "vi"}
_FUNCTION_CLASSES = frozenset({"ADP", "ADV", "CCONJ", "SCONJ", "PRON", "DET"})


@lru_cache(maxsize=wc.MAX_ANSWERS)
def _imperative_to_infinitive(form: str) -> str | None:
    """`registrer` → `registrere`, `tag` → `tage`: an imperative that is not also an infinitive."""
    if len(form) < 3 or wc.is_infinitive(form):
        return None
    lemmas = {r.lemma for r in wc.readings(form) if r.upos == "VERB" and "Mood=Imp" in r.feats}
    if not lemmas:
        return None
    for lemma in (form + "e", *sorted(lemmas)):
        if lemma in lemmas and wc.is_infinitive(lemma):
            return lemma
    return None


def _synes(toks: Sequence[Tok], lowers: Sequence[str], k: int) -> str | None:
    """`syntes` (past) where its sentence is in the present: `jeg syntes du skal …`."""
    n = len(toks)
    near = {lowers[x] for x in (k - 1, k + 1) if 0 <= x < n}
    if not near & {"jeg", "man", "du", "vi", "de", "i"}:
        return None
    lo = k
    while lo > 0 and lowers[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = k + 1
    while hi < n and lowers[hi] not in _SENTENCE_END:
        hi += 1
    present = False
    for x in range(lo, hi):
        if x == k:
            continue
        w = lowers[x]
        if w in _PAST_TIME or w == "syntes" or (w == "går" and x > 0 and lowers[x - 1] == "i"):
            return None
        rs = wc.readings(w)
        if any(r.get("Tense") == "Past" and r.get("VerbForm") == "Fin" for r in rs) and not any(
                r.upos in _FUNCTION_CLASSES for r in rs):
            return None  # a past tense in the sentence (`for`, `så` are prepositions, adverbs)
        if x > k and any(r.get("Tense") == "Pres" and r.get("VerbForm") == "Fin"
                         and r.upos in ("VERB", "AUX") for r in rs):
            present = True
    if not present or (k + 1 < n and lowers[k + 1] in ("om",)):
        return None
    return "Synes" if toks[k].text[0].isupper() else "synes"


def _noun_homograph(form: str) -> bool:
    """``lærer``/``biler``: the -r form is also a noun (it has a definite plural)."""
    got = get_lexicon().lookup_many([form + "ne"])
    return got[form + "ne"] is not None


#: The words da.verb-form's checks start from (each branch of its check tests one; `i`
#: is the pronoun `I`).
_VERB_FORM_TRIGGERS = frozenset({"at", "i", "har", "havde", "syntes"}) | MODALS | _SUBJECTS \
    | _AT_PREPOSITIONS


class VerbForm(Rule):
    name = "verb-form"
    severity = "warning"
    summary = ("After `at` and modal verbs the verb has no -r (nutids-r); after a subject it has "
               "one; `til at se`, `har kunnet`, `synes` in the present.")
    rationale = ("Dansk Sprognævn lists the nutids-r among the most common errors in Danish: "
                 "the infinitive after `at` and after modal verbs (kan, vil, skal, må, bør, kunne, "
                 "ville, skulle) has no -r (`at lære`, `skal køre`), while the present tense after "
                 "a subject has one (`jeg lærer`). Noun homographs (`lærer`, `arbejdere`, `biler`) "
                 "are recognised by their paradigm in the lexicon and by the verb that follows a "
                 "noun subject (`at biler forurener`). By syntax, with the lexicon's readings and "
                 "the tagger's word classes where the lexicon leaves a doubt: any subject, "
                 "relative `der`/`som` included, takes the present (`en montør, der hjælper`), "
                 "unless a modal, `lad` or `behøve` governs the infinitive (`kan der gå lang "
                 "tid`, `du behøver ikke bo her`); `at` takes the infinitive, not the imperative "
                 "(`at registrere`); a preposition takes `at` + infinitive (`glæder mig til at "
                 "se`); `har` takes the participle (`har ikke kunnet`); `syntes` in a sentence "
                 "otherwise in the present is `synes`. `at køber man …` (a conditional clause) "
                 "and `i går` pass.")
    message = {
        "da": "Skriv `{suggestion}` uden -r efter `{trigger}` (navnemåde), ikke `{match}`.",
        "en": "Write `{suggestion}` without -r after `{trigger}` (infinitive), not `{match}`.",
    }
    messages = {
        "present": {
            "da": "Skriv `{suggestion}` med -r: efter `{trigger}` står verbet i nutid.",
            "en": "Write `{suggestion}` with -r: after `{trigger}` the verb is in the present "
                  "tense.",
        },
        "imperative": {
            "da": "Skriv navnemåden `{suggestion}` efter `{trigger}`, ikke bydeformen `{match}`.",
            "en": "Write the infinitive `{suggestion}` after `{trigger}`, not the imperative "
                  "`{match}`.",
        },
        "synes": {
            "da": "Skriv `{suggestion}` (nutid): resten af sætningen står i nutid. `{match}` er "
                  "datid.",
            "en": "Write `{suggestion}` (present): the rest of the sentence is in the present. "
                  "`{match}` is the past tense.",
        },
        "participle": {
            "da": "Efter `{trigger}` står verbet i kort tillægsform: `{suggestion}`, ikke `{match}`.",
            "en": "After `{trigger}` the verb is a past participle: `{suggestion}`, not `{match}`.",
        },
        "vil": {
            "da": "Mente du `{suggestion}`? Efter `{match}` følger et verbum i navnemåde.",
            "en": "Did you mean `{suggestion}`? An infinitive follows `{match}`.",
        },
        "at": {
            "da": "Efter et forholdsord står navnemåde med `at`: `{suggestion}`, ikke `{match}`.",
            "en": "After a preposition the infinitive takes `at`: `{suggestion}`, not `{match}`.",
        },
    }
    examples = [
        bad("Det er sjovt at <marker>lærer</marker> nye kolleger at kende.", suggestion="lære"),
        bad("I morgen skal jeg <marker>kører</marker> til Odense.", suggestion="køre"),
        bad("Vi vil <marker>arbejder</marker> for en grøn fremtid.", suggestion="arbejde"),
        bad("Du kan også <marker>bestiller</marker> en rådgiver.", suggestion="bestille"),
        bad("Jeg <marker>lære</marker> noget nyt hver dag.", suggestion="lærer"),
        good("Det arbejde jeg laver, og det møde han holdt, var vigtige."),
        bad("Jeg <marker>hjælpe</marker> kunder med solceller.", suggestion="hjælper"),
        good("Det er sjovt at lære nye kolleger at kende."),
        good("Min lærer sagde altid, at arbejdere skal have ordentlige forhold."),
        good("Det er klart, at biler forurener mindre, når de kører på strøm."),
        good("Kan biler køre på strøm i dag? Det betyder, at ejer og lejer deler regningen."),
        good("Skal kunder selv betale for måleren?"),
        good("Kan jeg lære mere om varmepumper? Vil du hjælpe mig?"),
        good("Jeg kunne ikke komme i går."),
        good("Færgen måtte i går have hjælp af en bugserbåd."),
        good("Husk at når du skifter, kan du under ingen omstændigheder miste strømmen."),
        bad("Han <marker>gå</marker> hjem hver dag klokken fire.", suggestion="går"),
        bad("Vi har børster, der <marker>sikre</marker> en jævn fordeling.", suggestion="sikrer"),
        bad("Jeg forstår ikke, at du ikke <marker>reagere</marker> på det.", suggestion="reagerer"),
        bad("Alle, som <marker>komme</marker> med gode idéer, får et svar.", suggestion="kommer"),
        bad("Det er en bog, hvor man <marker>lære</marker> at omgås heste.", suggestion="lærer"),
        good("Kan der gå lang tid, før I hører fra os? Skal der komme flere?"),
        good("Det vil jeg gerne lære. Lad det være, og se det komme."),
        good("Min lærer og de andre lærere sagde, at vi skulle komme i går."),
        good("Vi betragter dem som sikre, og de sikre veje er de bedste."),
        good("Det betyder, at køber man en sodavand, får man to."),
        good("Der er nogle slags is, som jeg bare ikke bryder mig om."),
        good("Efter at læger kommuner og amter har set på sagen, er badning tilladt."),
        bad("Du er nødt til at <marker>registrer</marker> dig, før du kan skrive.",
            suggestion="registrere"),
        good("Vi har mulighed for at registrere dig og at tage imod dig."),
        bad("Slagelse har mulighed for at <marker>tag</marker> medaljer med hjem.", suggestion="tage"),
        good("Han sagde, at tag og vægge var nye. Vi bekendtgør at bryg nr. 3 er klar."),
        bad("Altså jeg <marker>syntes</marker> du skal gøre det.", suggestion="synes"),
        bad("Måske <marker>syntes</marker> de, at man er så interessant.", suggestion="synes"),
        good("Jeg syntes, at det var en god film. I går syntes jeg, det er for sent."),
        good("Hun syntes, at det er rimeligt."),
        bad("Hvis man <marker>syntes</marker> man har det varmt nok, kan anlægget køle.",
            suggestion="synes"),
        bad("Jeg glæder mig <marker>til se</marker> jer alle sammen.", suggestion="til at se"),
        good("Jeg glæder mig til at se jer. Maden gik til spilde, og af og til ses det."),
        bad("Så har vi <marker>neutralisere</marker> vores nye hankat.", suggestion="neutraliseret"),
        bad("Han har ikke <marker>kunne</marker> komme i dag.", suggestion="kunnet"),
        bad("Vi har <marker>bestille</marker> en tid til jer.", suggestion="bestilt"),
        good("Jeg har prøvet det, vi har arbejde nok, og det har at gøre med vejret."),
        bad("Pengene skal støtte borgere, der <marker>vi</marker> leje ting af hinanden.",
            suggestion="vil"),
        good("Han gjorde det godt. Du behøver ikke bo her, og sneen der stille falder, er smuk."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        lowers = word_lowers(a)
        n = len(toks)
        tags: SentenceTags | None = None
        # Only the words a branch below starts from (one set lookup per word, in C).
        for k in compress(count(), map(_VERB_FORM_TRIGGERS.__contains__, lowers)):
            t, low = toks[k], lowers[k]
            if low == "at" or low in MODALS:
                got = self._after_governor(toks, lowers, k)
                if got is not None:
                    hit, j = got
                    if hit.key == "imperative":
                        tags = tags or a[SENTENCE_TAGS]
                        if tags[toks[j].i].upos != "VERB" or tags[t.i].upos != "PART":
                            continue  # `at hus og have …`: a noun after the conjunction
                    yield hit
            elif (low in _SUBJECTS or (t.text == "I" and k > 0 and not toks[k - 1].punct)) \
                    and k + 1 < n:
                nxt = lowers[k + 1]
                if nxt not in wc.ADVERBS_IN_BETWEEN and wc.present_of(nxt) is None:
                    continue  # most subjects: no bare infinitive after them (_missing_r's test)
                found = self._missing_r(toks, lowers, k)
                if found is None:
                    continue
                j, pres = found
                if not wc.only(lowers[j], "VERB", "AUX") and not (
                        low == "der" and wc.only(lowers[j], "VERB", "ADJ")):
                    tags = tags or a[SENTENCE_TAGS]
                    if tags[toks[j].i].upos not in ("VERB", "AUX") or tags[t.i].upos != "PRON":
                        continue  # `de sikre veje`, `som store` : an adjective or a noun
                prev = lowers[k - 1] if k else ""
                if low == "vi" and prev in ("der", "som"):
                    right = _case_like("vil", t.text)  # `borgere, der vi leje`: `vil`
                    yield Hit(t.start, t.end, suggestion=right, key="vil",
                              args={"match": t.text, "suggestion": right})
                    continue
                if prev in ("har", "havde"):
                    part = wc.participle_of(lowers[j])  # `har vi neutralisere` → `neutraliseret`
                    if part is not None:
                        yield Hit(toks[j].start, toks[j].end, suggestion=part, key="participle",
                                  args={"match": toks[j].text, "suggestion": part,
                                        "trigger": toks[k - 1].text})
                    continue
                yield Hit(toks[j].start, toks[j].end, suggestion=pres, key="present",
                          args={"match": toks[j].text, "suggestion": pres, "trigger": t.text})
            elif low in ("har", "havde") and k + 1 < n:
                j = k + 1
                while j < n and lowers[j] in _MIDDLE and j - k <= 3:
                    j += 1
                if j >= n or not toks[j].text.islower() or lowers[j] in ("være",):
                    continue
                form = lowers[j]
                if not (wc.only(form, "VERB", "AUX") and wc.is_infinitive(form)) \
                        or (j + 1 < n and lowers[j + 1] == "at"):
                    continue
                part = wc.participle_of(form)
                if part is None or part == form:
                    continue
                tags = tags or a[SENTENCE_TAGS]
                if tags[toks[j].i].upos in ("VERB", "AUX"):
                    yield Hit(toks[j].start, toks[j].end, suggestion=part, key="participle",
                              args={"match": toks[j].text, "suggestion": part, "trigger": t.text})
            elif low == "syntes":
                synes = _synes(toks, lowers, k)
                if synes is not None:
                    yield Hit(t.start, t.end, suggestion=synes, key="synes",
                              args={"match": t.text, "suggestion": synes})
            elif low in _AT_PREPOSITIONS and k + 1 < n and toks[k + 1].text.islower() \
                    and wc.only(lowers[k + 1], "VERB", "AUX") and wc.is_infinitive(lowers[k + 1]) \
                    and lowers[k + 1] not in _NOT_BARE_AFTER_PREP:
                tags = tags or a[SENTENCE_TAGS]
                if tags[toks[k + 1].i].upos in ("VERB", "AUX") and tags[t.i].upos == "ADP" \
                        and not (k > 1 and lowers[k - 1] == "og" and lowers[k - 2] == "af"):
                    right = f"{t.text} at {toks[k + 1].text}"
                    yield Hit(t.start, toks[k + 1].end, suggestion=right, key="at",
                              args={"match": a.text[t.start:toks[k + 1].end], "suggestion": right})

    def _after_governor(self, toks: Sequence[Tok], lowers: Sequence[str],
                        k: int) -> tuple[Hit, int] | None:
        """`at lærer` → `lære`, `skal kører` → `køre`, `at tag` → `tage`."""
        t, low, n = toks[k], lowers[k], len(toks)
        if low in MODALS and k > 0 and lowers[k - 1] in ("en", "et", "den", "det", "denne"):
            return None  # `En skal skal op af havet`: a noun, not a modal
        j = k + 1
        # `kan du også`, `skal jeg`: a pronoun and adverbs may come between.
        if low in MODALS and j < n and (lowers[j] in _MODAL_SUBJECTS or toks[j].text == "I"):
            j += 1  # (`måtte i går`: the preposition `i`, not the pronoun `I`)
        while j < n and lowers[j] in _MIDDLE and j - k <= 3:
            j += 1
        if j >= n or not toks[j].text.islower():
            return None
        form = lowers[j]
        nxt = lowers[j + 1] if j + 1 < n else ""
        inf = present_to_infinitive(form)
        if inf is None:
            if low == "at" and j == k + 1 and form not in _NOT_IMPERATIVE:
                inf = _imperative_to_infinitive(form)
                if inf is not None and nxt not in ("og", "eller", ",", "nr", "nr.", ".") \
                        and not nxt[:1].isdigit():
                    return Hit(toks[j].start, toks[j].end, suggestion=inf, key="imperative",
                               args={"match": toks[j].text, "suggestion": inf,
                                     "trigger": t.text}), j
            return None
        if low == "at" and j == k + 1 and nxt in _INVERTED_SUBJECTS:
            return None  # `at køber man en sodavand, får man …`: a conditional clause
        if _noun_homograph(form):
            if nxt and (_is_verb_form(nxt) or nxt in ("og", "eller", ",")):
                return None  # `at biler forurener`, `at ejer og lejer`: noun subjects
            if nxt and wc.only(nxt, "NOUN"):
                return None  # `efter at læger kommuner og amter har …`: an enumeration
        return Hit(toks[j].start, toks[j].end, suggestion=inf,
                   args={"match": toks[j].text, "suggestion": inf, "trigger": t.text}), j

    def _missing_r(self, toks: Sequence[Tok], lowers: Sequence[str], k: int) -> tuple[int, str] | None:
        """`jeg lære` → `lærer`, `der sikre` → `sikrer`, `du ikke reagere` → `reagerer`:
        a subject, at most two adverbs, and a bare infinitive no modal governs."""
        n, low = len(toks), lowers[k]
        if low in ("de", "det", "den") and not toks[k].text.islower() and k > 0 \
                and not toks[k - 1].punct:
            return None  # `De` mid-sentence: polite `you`, or a name
        j = k + 1
        while j < n and lowers[j] in wc.ADVERBS_IN_BETWEEN and j - k <= 2:
            j += 1
        if j >= n or not toks[j].text.islower():
            return None
        form = lowers[j]
        pres = wc.present_of(form)
        if pres is None or form in _NOT_BARE or wc.has_past(form):
            return None  # `han gjorde`: also a past tense
        if not _FUNCTION_CLASSES.isdisjoint(wc.classes(form)):
            return None  # `som både handler`, `jeg bare …`: a conjunction or an adverb
        nxt = lowers[j + 1] if j + 1 < n else ""
        if nxt and not wc.only(form, "VERB", "AUX") and wc.finite_only(nxt):
            return None  # `sneen der stille falder`: an adverb before the verb
        # A modal (or `lad`) earlier in the same clause governs the infinitive:
        # `kan der gå lang tid`, `Det vil jeg gerne lære`, `Lad det være`.
        for b in range(k - 1, max(-1, k - 5), -1):
            w = lowers[b]
            if w in wc.INFINITIVE_GOVERNORS:
                return None
            if w in _CLAUSE_START and w not in ("så", "nu"):
                break
        prev = lowers[k - 1] if k else ""
        if low in ("det", "den", "de") and (not wc.only(form, "VERB", "AUX") or
                                            (prev and wc.has(prev, "VERB", "VerbForm=Fin"))):
            return None  # `det arbejde`, `så det komme`: a noun, or the object of a perception
        before = lowers[k - 2] if prev == "," and k > 1 else prev
        if low == "som" and not (before and (wc.has(before, "NOUN") or wc.has(before, "PRON"))):
            return None  # `lige så godt gå som blive`: comparison, not a relative clause
        if low == "der" and prev and (wc.finite_only(prev) or (not wc.has(prev, "NOUN") and (
                wc.has(prev, "VERB", "VerbForm=Fin") or wc.has(prev, "AUX", "VerbForm=Fin")))):
            return None  # `er der`, `blev der`: inversion (the verb is before)
        if j + 1 < n and lowers[j + 1] == "at" and low in ("de", "det", "den"):
            return None
        return j, pres


#: Words that may legitimately stand twice in a row.
_REPEAT_OK = frozenset({"så", "skal", "det", "den", "der", "de", "dem", "ha", "he", "hi", "ja",
                        "nej", "jo", "bla", "hej", "tak", "go", "nå", "øh", "åh", "ding", "dong",
                        "tik"})


#: Words doubled for emphasis (`mange mange år`, `langt langt væk`, `alt alt for lidt`)
#: and sounds (`ho ho`, `bum bum`).
_EMPHATIC = frozenset({"mange", "meget", "langt", "alt", "svært", "længe", "lidt", "mere",
                       "rigtig", "virkelig", "helt", "ho", "bum", "hmm", "la", "tra"})


def _deliberate_double(first: Tok, second: Tok) -> bool:
    """A double that is no slip: a capital (a name `Jiao Jiao`, a heading run into the
    text `Nyheder Nyheder`, hex `FF FF`), an emphatic word, or a word the dictionary does
    not know (`cous cous`, `etc etc`)."""
    from brandguard.lang.da.morphology import is_known

    if first.text != first.lower or second.text != second.lower:
        return True
    return first.lower in _EMPHATIC or not is_known(first.lower)


def _attributive_or_noun_double(toks: Sequence[Tok], first: Tok, second: Tok) -> bool:
    """A double that grammar allows: an adjective said twice before its noun for emphasis
    (`denne smukke smukke ring`), or a word read first as a noun after a preposition
    and then as a preposition (`lynlås i for for let adgang`: the lining, then `for`)."""
    if wc.only(first.lower, "ADJ"):
        # the noun may come after more adjectives (`denne smukke smukke russiske ring`)
        for nxt in toks[second.i + 1:second.i + 8]:
            if nxt.space:
                continue
            if nxt.punct or not wc.has(nxt.lower, "ADJ"):
                break
        else:
            return False
        if not nxt.punct and wc.has(nxt.lower, "NOUN"):
            return True
    j = first.i - 1  # (a walk back, not a copy of every token before: `mod mod …` was quadratic)
    while j >= 0 and toks[j].space:
        j -= 1
    prev = toks[j] if j >= 0 else None
    return prev is not None and prev.lower in _PLAIN_PREPOSITIONS \
        and wc.has(first.lower, "NOUN") and wc.has(first.lower, "ADP")


#: Prepositions that take a bare noun (`i for`, `med bund`, `uden låg`).
_PLAIN_PREPOSITIONS = frozenset({"i", "på", "med", "uden", "til", "fra", "af", "under", "over",
                                 "ved", "hos", "mod", "gennem", "efter"})


class WordRepetition(Rule):
    name = "word-repetition"
    severity = "warning"
    summary = "The same word twice in a row (`på på`), with the Danish exceptions."
    rationale = ("A doubled word is a typing slip that spell checkers miss. Danish has real "
                 "doubles that must pass: `så så` (then saw), `skal skal` (a shell must), "
                 "`det det handler om`, genitive chains (`en hunds hunds hale`) and "
                 "interjections (`ja ja`, `ha ha`). LanguageTool's rule `Ordgentagelse`.")
    message = {
        "da": "`{word}` står to gange i træk. Slet det ene.",
        "en": "`{word}` appears twice in a row. Delete one.",
    }
    safe_fix = True
    examples = [
        bad("Vi ses <marker>på på</marker> kontoret i morgen.", suggestion="på"),
        bad("Nu <marker>er er</marker> vi klar.", suggestion="er"),
        bad("Den mark er meget <marker>stor stor</marker>.", suggestion="stor"),
        good("Men så så drengen en drage."),
        good("En skal skal op af havet."),
        good("Det er det, det handler om."),
        good("En hunds hunds hale er lang."),
        good("Ja ja, vi kommer nu."),
        good("I sidste uge købte jeg denne smukke smukke ring og disse smukke smukke røde sko."),
        bad("Ringen er så <marker>smukke smukke</marker>.", suggestion="smukke"),
        good("Jakken har lynlås i for for let adgang til lommen."),
        bad("Der er præmier <marker>for for</marker> mindst 500 kr.", suggestion="for"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = a.tokens
        # A repetition is two neighbouring tokens with one space between: none with the
        # same lower-case form next to each other, nothing to look at (most posts).
        lowers = a.lowers
        if not any(map(operator.eq, lowers, islice(lowers, 1, None))):
            return
        special = a.special_tokens
        lex = get_lexicon()
        prev = None
        for t in toks:
            if t.space:
                if "\n" in t.text:
                    prev = None
                continue
            if t.i in special or t.punct or not t.text.isalpha():
                prev = None
                continue
            if prev is not None and prev.lower == t.lower and t.lower not in _REPEAT_OK \
                    and a.text[prev.end:t.start] == " " and not _deliberate_double(prev, t) \
                    and not _attributive_or_noun_double(toks, prev, t):
                genitive = t.lower.endswith("s") and lex.lookup_many([t.lower[:-1]])[t.lower[:-1]]
                if not genitive:
                    yield Hit(prev.start, t.end, suggestion=prev.text, args={"word": t.text})
                    prev = None
                    continue
            prev = t


_ABBREV_LOWER = frozenset({"tv", "pc", "cd", "dvd", "sms", "mms", "gps", "wc", "hr", "it", "pr",
                           "ok", "ph", "cv", "vip", "led", "pdf", "usb", "ipo", "ceo"})
#: English contractions and brand names that are spelt with 's.
_KEEP_APOSTROPHE = frozenset({"let", "that", "what", "there", "here", "he", "she", "who", "where",
                              "how", "today", "everyone", "nobody", "mcdonald", "domino", "levi",
                              "kellogg", "macy", "sainsbury", "wendy", "denny", "moody"})
#: English words that are no Danish words, before a genitive: the phrase is English.
_ENGLISH_BEFORE_GENITIVE = frozenset({"of", "the", "with", "from", "into", "by", "in"})
_GENITIVE_RE = re.compile(r"^(?P<base>[^\W_][\w.-]*?)'s$")
_DECADE_RE = re.compile(r"^\d{1,3}0$")


class Genitive(Rule):
    name = "genitive"
    severity = "warning"
    summary = "Genitive and plural -s without an apostrophe (`Peters`, `Nordlys Energis`)."
    rationale = ("Retskrivningsordbogen § 21: the Danish genitive is -s without an apostrophe "
                 "(`Peters bil`, `Nordlys Energis kontor`); after s, x and z only an apostrophe "
                 "(`Jens' bil`). Abbreviations without a full stop keep `'s` (`USA's`, `tv's`), and "
                 "a decade takes `'erne` (`1990'erne`). The English `'s` is a common slip.")
    message = {
        "da": "Dansk genitiv skrives uden apostrof: `{suggestion}`, ikke `{match}`.",
        "en": "Danish genitive has no apostrophe: `{suggestion}`, not `{match}`.",
    }
    messages = {
        "after-s": {
            "da": "Efter s, x og z får genitiv kun apostrof: `{suggestion}`, ikke `{match}`.",
            "en": "After s, x and z the genitive takes only an apostrophe: `{suggestion}`, "
                  "not `{match}`.",
        },
        "decade": {
            "da": "Et årti skrives `{suggestion}`, ikke `{match}`.",
            "en": "Write the decade as `{suggestion}`, not `{match}`.",
        },
    }
    examples = [
        bad("Vi var til <marker>Peter's</marker> reception i går.", suggestion="Peters"),
        bad("Besøg <marker>Nordlys Energi's</marker> stand på messen.", suggestion="Nordlys Energis"),
        bad("Vi har købt nye <marker>iPad's</marker> til montørerne.", suggestion="iPads"),
        bad("Det er <marker>Jens's</marker> sidste dag.", suggestion="Jens'"),
        bad("Musikken fra <marker>1990's</marker> er bedst.", suggestion="1990'erne"),
        good("Vi var til Peters reception, og Jens' tale var god."),
        good("USA's marked og DR's tv-avis, tv's historie og pc'er på kontoret."),
        good("Agent 007's bil er funktionel. Let's go! Vi spiste på McDonald's."),
        good("Han blev født i 1920'erne."),
        good("Henrik sidder i et af EfB's netværk og bruger NemID's app. Peden666's maskine er hurtig."),
        good("Vi spiste på Tuco's Grill og lyttede til Nature's Way."),
        good("Hotel i London: Welcome to one of London's best loved hotels."),
        bad("Vi boede på et af <marker>London's</marker> bedste hoteller.", suggestion="Londons"),
        bad("Det var <marker>John's</marker> gave til os.", suggestion="Johns"),
        bad("Tak for de mange timer fra Cowbell <marker>Music’s</marker> side.",
            suggestion="Musics"),
    ]

    def prepare(self, policy: Policy) -> None:
        # Multi-word names whose last word takes the genitive: `Nordlys Energi's`.
        names = [policy.company.name, *policy.company.aliases, *policy.company.products] \
            if policy.company else []
        self._name_heads = sorted({n.rsplit(" ", 1)[0] + " " for n in names if " " in n},
                                  key=len, reverse=True)

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        if "'s" not in a.text:
            return
        toks = word_tokens(a)
        for k, t in enumerate(toks):
            m = _GENITIVE_RE.match(t.text)
            if m is None:
                continue
            base = m.group("base")
            if base.isupper() or base.lower() in _ABBREV_LOWER or "." in base:
                continue  # USA's, tv's, DR's: abbreviations keep 's
            if base.lower() in _KEEP_APOSTROPHE:
                continue  # English (`Let's go`) or a brand spelt with 's (McDonald's)
            if base[-1].isupper() or (not base.isdigit() and any(c.isdigit() for c in base)):
                continue  # EfB's, NemID's (an abbreviation's end), Peden666's (a user name)
            if k + 1 < len(toks) and toks[k + 1].text[:1].isupper() \
                    and a.text[t.end:toks[k + 1].start].strip() == "":
                continue  # `Tuco's Grill`, `Nature's Way`: an English title or a brand
            if k and toks[k - 1].lower in _ENGLISH_BEFORE_GENITIVE:
                continue  # `one of London's best hotels`: English, where 's is right
            start, key = t.start, None
            if base.isdigit():
                if not _DECADE_RE.match(base):
                    continue  # 007's
                right, key = base + "'erne", "decade"
            elif base[-1].lower() in "sxz":
                right, key = base + "'", "after-s"
            else:
                right = base + "s"
                for head in self._name_heads:
                    if a.text[max(0, t.start - len(head)):t.start] == head:
                        start = t.start - len(head)
                        right = head + right
                        break
            found = a.text[start:t.end]
            yield Hit(start, t.end, suggestion=right, key=key,
                      args={"match": found, "suggestion": right})




# --- confusions -----------------------------------------------------------------------------

_PRONOUNS_ALL = frozenset({"jeg", "du", "han", "hun", "vi", "de", "det", "den", "man", "der", "i"})
_KUNDE_PREV_ADV = frozenset({"måske", "nok", "ikke", "også", "jo", "vel", "godt", "altid",
                             "aldrig", "gerne", "bare"})
_KUNDE_NEXT = frozenset({"ikke", "aldrig", "også", "godt", "nok", "jo", "vel", "måske", "altid",
                         "bare", "lige", "have", "være", "blive", *_PRONOUNS_ALL})
_KUNNE_PREV = frozenset({"en", "enhver", "hver", "ny", "bliv", "blive", "bliver", "blev", "blevet"})
_CONTEXT_TRIGGERS = frozenset({"heder", "kunde", "kunne", "af", "natural", "leje"})
#: `én ad gangen`, `to ad gangen`: quantities before `ad gangen` (`af gangen` is a slip).
_AD_GANGEN_PREV = frozenset({"en", "et", "én", "ét", "een", "to", "tre", "fire", "fem", "lidt",
                             "stykker", "år", "dag", "uge", "gang", "side", "trin", "skridt", "ting"})
_AD_DETERMINERS = frozenset({"en", "et", "den", "det", "min", "din", "sin", "mit", "dit", "sit",
                             "hans", "hendes", "deres", "vores", "jeres"})
_HEDDER_PREV = frozenset({"jeg", "du", "han", "hun", "det", "den", "vi", "man", "hvad", "hvem"})


class Confusion(Rule):
    name = "confusion"
    severity = "warning"
    summary = "Commonly confused words and fixed spellings (`standart`, `om bord`, `kunde/kunne`)."
    rationale = ("Real Danish words used in the wrong place escape a spell checker: `standart` "
                 "for `standard`, `faldgruppe` for `faldgrube`, `kunde` (customer) for `kunne` "
                 "(could), `heder` for `hedder`, `op af trappen` for `op ad trappen`; and some "
                 "expressions are two words in Retskrivningsordbogen (`om bord`, `til sidst`, "
                 "`fuldt ud`, `hvor længe`). The list follows LanguageTool's Danish rule file and "
                 "Dansk Sprognævn; contextual ones fire only in the context that makes them certain.")
    message = {
        "da": "Skriv `{suggestion}`, ikke `{match}`.",
        "en": "Write `{suggestion}`, not `{match}`.",
    }
    examples = [
        bad("Vi følger den nye <marker>dokumentstandart</marker>.", suggestion="dokumentstandard"),
        bad("Kaptajnen gik <marker>ombord</marker> på skibet.", suggestion="om bord"),
        bad("Der er mange <marker>faldgruper</marker>.", suggestion="faldgruber"),
        bad("<marker>Tilsidst</marker> var alle glade.", suggestion="Til sidst"),
        bad("Jeg <marker>heder</marker> Jens.", suggestion="hedder"),
        bad("Han <marker>kunde</marker> ikke komme.", suggestion="kunne"),
        bad("En <marker>kunne</marker> har altid ret!", suggestion="kunde"),
        bad("Du gik op <marker>af</marker> trappen.", suggestion="ad"),
        bad("De kendte ikke deres <marker>besøgstid</marker>.", suggestion="besøgelsestid"),
        bad("Opskrifter som indeholder <marker>natural</marker> yoghurt.", suggestion="naturel"),
        bad("Det var <marker>vel og mærke</marker> ikke særlig godt.", suggestion="vel at mærke"),
        good("Vi følger den nye dokumentstandard, og hun var om bord til sidst."),
        good("Hvordan bliver han kunde? Vil du blive kunde hos os?"),
        good("Som kunde har du fri support, og vi kunne hjælpe."),
        good("De heder på landet er bevaringsværdige. De heder Jens passer."),
        good("Hun bakkes op af sociologen, og vi går ned ad trappen."),
        bad("De stiller cyklerne op <marker>af</marker> hinanden.", suggestion="ad"),
        bad("Han tog et skridt op <marker>af</marker> karrierestigen.", suggestion="ad"),
        bad("Mærket har lagt sig tæt op <marker>af</marker> stilen.", suggestion="ad"),
        good("Hun tog telefonen op af lommen og rejste sig op af stolen."),
        bad("Kys grisen på trynen, een <marker>af</marker> gangen.", suggestion="ad"),
        good("Enhver kunne se det, og en kunne ikke komme. Halvdelen af gangen er malet."),
        good("Besøgstiden på hospitalet er kl. 14-16."),
        good("Vi bruger shampoo (Gallop Extra Strength) til hestene."),
        bad("Vi bruger <marker>extra</marker> stærk shampoo til hestene.", suggestion="ekstra"),
    ]

    def prepare(self, policy: Policy) -> None:
        conf = language_data("confusion")
        self._words: dict[str, str] = dict(conf["words"])
        self._matcher = TermMatcher(list(self._words), ("surface",))
        self._stems: dict[str, str] = dict(conf["stems"])
        self._paths = frozenset(conf["ad_paths"])
        self._foods = frozenset(conf["naturel_foods"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        firsts: frozenset[int] | None = None
        for m in self._matcher.find(a):
            found = a.text[m.start:m.end]
            if found[:1].isupper():
                firsts = sentence_first_words(a) if firsts is None else firsts
                if _inside_name(a, m.start, m.end, firsts):
                    continue  # `Gallop Extra Strength`: a product's name
            right = _case_like(self._words[m.term], found)
            yield self._hit(m.start, m.end, found, right)
        low_text = a[LOWER_TEXT]
        toks = word_tokens(a)
        for stem, right_stem in self._stems.items():
            if stem in low_text:
                for t in toks:
                    if stem in t.lower:
                        right = _case_like(t.lower.replace(stem, right_stem), t.text)
                        yield self._hit(t.start, t.end, t.text, right)
        yield from self._contextual(a, toks)

    def _contextual(self, a: Analysis, toks: Sequence[Tok]) -> Iterator[Hit]:
        lowers = word_lowers(a)
        visits = list(compress(count(), map(_CONTEXT_TRIGGERS.__contains__, lowers)))
        if "besøgstid" in a[LOWER_TEXT]:
            visits = sorted({*visits, *(k for k, low in enumerate(lowers)
                                        if low.startswith("besøgstid"))})
        if not visits:
            return
        n = len(toks)
        lemmas = None
        # Only the words a branch below starts from.
        for k in visits:
            low = lowers[k]
            prev = lowers[k - 1] if k else ""
            nxt = lowers[k + 1] if k + 1 < n else ""
            t = toks[k]
            if low == "heder":
                # `Peder heder Sørnsen`; but `De heder …` is an article and a noun (heaths).
                name_ctx = (k and toks[k - 1].text[:1].isupper() and prev not in ("de", "den", "disse")
                            and nxt and toks[k + 1].text[:1].isupper())
                if (prev in _HEDDER_PREV or name_ctx) and nxt not in MODALS:
                    yield self._hit(t.start, t.end, t.text, _case_like("hedder", t.text))
            elif low == "kunde" and nxt and nxt[:1].isalpha():
                subj = prev in _PRONOUNS_ALL or prev in _KUNDE_PREV_ADV
                if subj and (nxt in _KUNDE_NEXT or _definite_or_infinitive(nxt)):
                    yield self._hit(t.start, t.end, t.text, _case_like("kunne", t.text))
            elif low == "kunne" and prev in _KUNNE_PREV and not (
                    nxt in _KUNDE_NEXT or wc.is_infinitive(nxt) or nxt in MODALS):
                # `enhver kunne se det`: the past tense of `kan`, not the noun `kunde`
                yield self._hit(t.start, t.end, t.text, _case_like("kunde", t.text))
            elif low == "af" and nxt == "gangen" and prev in _AD_GANGEN_PREV:
                yield self._hit(t.start, t.end, t.text, "ad")
            elif low == "af" and prev in ("op", "ned", "hen"):
                j = k + 1
                if j < n and lowers[j] in _AD_DETERMINERS:
                    j += 1
                if j < n:
                    lemmas = lemmas or a.lemmas
                    if lemmas[toks[j].i] in self._paths or self._path_head(lowers[j]) \
                            or (lowers[j] == "hinanden" and j == k + 1) \
                            or (prev == "op" and k > 1 and lowers[k - 2] == "tæt"):
                        yield self._hit(t.start, t.end, t.text, "ad")
            elif low.startswith("besøgstid"):
                lemmas = lemmas or a.lemmas
                sent = _sentence_of(a, t.start)
                if any(lemmas[x.i] == "kende" for x in toks if sent[0] <= x.start < sent[1]):
                    right = _case_like("besøgelsestid" + low[len("besøgstid"):], t.text)
                    yield self._hit(t.start, t.end, t.text, right)
            elif low == "natural":
                lemmas = lemmas or a.lemmas
                near = [lemmas[toks[x].i] for x in (k - 1, k + 1) if 0 <= x < n]
                if any(w in self._foods for w in near):
                    yield self._hit(t.start, t.end, t.text, _case_like("naturel", t.text))
            elif low == "leje" and k + 2 < n and lowers[k + 1] in ("en", "et") \
                    and lowers[k + 2].startswith("leg"):
                yield self._hit(t.start, t.end, t.text, _case_like("lege", t.text))

    def _hit(self, start: int, end: int, found: str, right: str) -> Hit:
        return Hit(start, end, suggestion=right, args={"match": found, "suggestion": right})

    def _path_head(self, word: str) -> bool:
        """`karrierestigen`, `vækstkurven`: a compound whose head is a way along."""
        for r in wc.readings(word):
            if r.upos == "NOUN" and any(r.lemma.endswith(p) and len(r.lemma) > len(p) + 2
                                        for p in self._paths if len(p) >= 4):
                return True
        return False


def _inside_name(a: Analysis, start: int, end: int, firsts: frozenset[int]) -> bool:
    """Is the capitalised match at ``start:end`` inside a run of capitalised words (a
    name or a title), not the first word of its sentence?"""
    toks = a.tokens
    inside = [t for t in toks if start <= t.start < end]
    if not inside or inside[0].i in firsts:
        return False
    def word(k: int, step: int) -> Tok | None:
        while 0 <= k < len(toks) and toks[k].space:
            k += step
        return toks[k] if 0 <= k < len(toks) and not toks[k].punct else None
    prev, nxt = word(inside[0].i - 1, -1), word(inside[-1].i + 1, 1)
    return any(t is not None and t.text[:1].isupper() for t in (prev, nxt))


def _sentence_of(a: Analysis, pos: int) -> tuple[int, int]:
    for s in a.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return 0, len(a.text)


def _definite_or_infinitive(word: str) -> bool:
    lemma = get_lexicon().lookup_many([word])[word]
    if lemma is None:
        return False
    if lemma == word:
        return word.endswith("e") and is_verb_infinitive(word)
    return word.endswith(("en", "et")) and not word.endswith("ene")


def _case_like(right: str, found: str) -> str:
    if found[:1].isupper() and right[:1].islower():
        return right[:1].upper() + right[1:]
    return right

