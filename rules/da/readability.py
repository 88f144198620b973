"""Clear Danish (Klarsprog): sentence length, nominal style, passive; company name spelling."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import ClassVar

from brandguard.datafiles import DataModel, Replacements, Words
from brandguard.lang.da import get_lexicon, word_lowers, word_tokens
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good

DATA = PackData.beside(__file__)


class KlarsprogData(DataModel):
    """``data/klarsprog.yaml``: nominal-style phrases and deponent verbs."""

    data_file: ClassVar[str] = "klarsprog"

    #: Nominal phrase → the verb to use instead (`foretage en vurdering af` → `vurdere`).
    nominal: Replacements
    #: Verbs in -s that are not passive (`synes`, `lykkes`).
    deponents: Words


#: Above this many words a sentence gets advice (info), up to the policy's limit.
ADVICE_WORDS = 25

#: A colon before a capital letter: what follows is a sentence of its own (Retskrivnings-
#: ordbogen: «stort begyndelsesbogstav efter kolon, når det følgende er en selvstændig
#: sætning»), and LIX ends a sentence at a colon too; the reader takes two breaths.
_COLON_SENTENCE = re.compile(r""":\s+(?=[«»"'(]?[A-ZÆØÅ])""")


class LongSentence(Rule):
    name = "long-sentence"
    severity = "warning"
    summary = "Sentences stay under the policy's word limit (style.max_sentence_words)."
    rationale = ("Klarsprog (Dansk Sprognævn, sprogpolitik for det offentlige) recommends short "
                 "sentences: on a screen, a sentence over about 25 words is hard to follow. Above "
                 "25 words the rule gives advice; above the policy's limit it warns. A colon "
                 "before a capital letter starts a sentence of its own (Retskrivningsordbogen; "
                 "LIX counts it as a sentence end too): the parts are counted one by one.")
    message = {
        "da": "Sætningen har {count} ord; del den op (grænsen er {limit}).",
        "en": "The sentence has {count} words; split it (the limit is {limit}).",
    }
    messages = {
        "advice": {
            "da": "Sætningen har {count} ord; kortere sætninger er lettere at læse.",
            "en": "The sentence has {count} words; shorter sentences are easier to read.",
        },
    }
    examples = [
        bad("<marker>Vi har i år sammen med vores samarbejdspartnere i hele landet arbejdet målrettet "
            "på at gøre det lettere for familier og virksomheder at skifte til vedvarende energi, "
            "og det er lykkedes over al forventning.</marker> Tak!"),
        bad("<marker>Det har vi lært efter et år med energitjek i hele landet: de fleste huse taber "
            "mest varme gennem loftet, termostaten bliver sjældent brugt rigtigt, og de små "
            "utætheder koster mere, end man tror.</marker>"),
        good("Vi har arbejdet hårdt i år. Nu er det lettere at skifte til vedvarende energi."),
        # The colon before a capital letter ends the lead-in: 9 and 23 words, not 32.
        good("Det har vi lært efter et år med energitjek i hele landet: De fleste huse taber "
             "mest varme gennem loftet, termostaten bliver sjældent brugt rigtigt, og de små "
             "utætheder koster mere, end man tror."),
    ]

    def prepare(self, policy: Policy) -> None:
        self._limit = policy.style.max_sentence_words

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        if a.word_count <= ADVICE_WORDS:
            return
        toks = a.tokens
        starts = [toks[i].start for i in a.word_ids]

        text = a.text
        # A stretch of n characters holds at most n words: a sentence too short to be
        # flagged (a heading, a greeting) is not split or counted.
        floor = min(self._limit, ADVICE_WORDS)
        for sentence in a.sentences:
            s, e = sentence.start, sentence.end
            if e - s <= floor:
                continue
            # (most sentences have no colon: one part, without a generator)
            for start, end in _parts(text, s, e) if ":" in text[s:e] else ((s, e),):
                count = bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)
                if count > self._limit:
                    yield Hit(start, end, args={"count": count, "limit": self._limit})
                elif count > ADVICE_WORDS:
                    yield Hit(start, end, severity="info", key="advice",
                              args={"count": count, "limit": self._limit})


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence's parts: split after a colon that a capital letter follows."""
    if ":" not in text[start:end]:
        yield start, end
        return
    for m in _COLON_SENTENCE.finditer(text, start, end):
        yield start, m.start() + 1
        start = m.end()
    yield start, end


_NOMINAL_ENDINGS = ("ning", "ninger", "ningen", "else", "elsen", "elser", "hed", "heden", "heder",
                    "tion", "tionen", "tioner", "sering", "seringen")


class NominalStyle(Rule):
    name = "nominal-style"
    severity = "info"
    summary = "Verbs instead of nouns: `vurdere`, not `foretage en vurdering af` (Klarsprog)."
    rationale = ("Klarsprog advises against nominal style: nouns in -ning, -else, -hed and -tion "
                 "with an empty verb (`foretage en vurdering af`, `træffe beslutning om`) make "
                 "text heavy; the verb says the same faster. Known phrases are flagged with a "
                 "verb to use; a sentence with four or more such nouns gets general advice.")
    message = {
        "da": "Nominalstil: skriv hellere `{suggestion}` end `{match}`.",
        "en": "Nominal style: prefer `{suggestion}` to `{match}`.",
    }
    messages = {
        "dense": {
            "da": "Sætningen har {count} navneord på -ning/-else/-hed/-tion; brug flere "
                  "udsagnsord.",
            "en": "The sentence has {count} nouns in -ning/-else/-hed/-tion; use more verbs.",
        },
    }
    examples = [
        bad("Vi vil <marker>foretage en vurdering af</marker> dit tag.", suggestion="vurdere"),
        bad("Ledelsen skal <marker>træffe en beslutning om</marker> sagen.", suggestion="beslutte"),
        good("Vi vil vurdere dit tag og beslutte os i morgen."),
    ]

    def prepare(self, policy: Policy) -> None:
        phrases: dict[str, str] = DATA("klarsprog", KlarsprogData)["nominal"]
        self._phrases = phrases
        self._matcher = TermMatcher(list(phrases), ("surface", "lemma"))

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        for m in self._matcher.find(a):
            found = a.text[m.start:m.end]
            right = self._phrases[m.term]
            yield Hit(m.start, m.end, suggestion=right, args={"match": found, "suggestion": right})
        # The word tokens (a token ending in letters is a word of ``word_ids`` too) by
        # their lower-case forms, the length first.
        toks = word_tokens(a)
        nominal = [toks[k].start for k, w in enumerate(word_lowers(a))
                   if len(w) >= 8 and w.endswith(_NOMINAL_ENDINGS)]
        if len(nominal) < 4:
            return
        for s in a.sentences:
            count = bisect.bisect_left(nominal, s.end) - bisect.bisect_left(nominal, s.start)
            if count >= 4:
                yield Hit(s.start, s.end, key="dense", args={"count": count})


class Passive(Rule):
    name = "passive"
    severity = "info"
    summary = "Active voice with the actor first: `vi vurderer`, not `det vurderes` (Klarsprog)."
    rationale = ("Klarsprog: passive -s verbs (`besluttes`, `vurderes`, `gennemføres`) hide who "
                 "acts. In a post the writer and the company are the actors; say `vi`. Deponent "
                 "verbs that only exist with -s (`synes`, `lykkes`, `mødes`) are not passive.")
    message = {
        "da": "`{match}` er passiv; skriv hvem der handler (fx `vi {active}`).",
        "en": "`{match}` is passive; say who acts (e.g. `vi {active}`).",
    }
    examples = [
        bad("Sagen <marker>vurderes</marker> af vores rådgivere.", suggestion=None),
        bad("Anlægget <marker>installeres</marker> i næste uge.", suggestion=None),
        good("Vi synes, det lykkes, når vi mødes og vurderer sagen sammen."),
        good("Vores rådgivere vurderer sagen, og vi installerer anlægget."),
    ]

    def prepare(self, policy: Policy) -> None:
        self._deponents = frozenset(DATA("klarsprog", KlarsprogData)["deponents"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        from brandguard.lang.da import is_verb_infinitive

        a = ctx.analysis
        toks = word_tokens(a)
        cands = [toks[k] for k, w in enumerate(word_lowers(a)) if len(w) > 5 and w.endswith("es")
                 and toks[k].text.isalpha() and w not in self._deponents]
        if not cands:
            return
        lex = get_lexicon()
        forms = lex.lookup_many([t.lower[:-1] for t in cands] + [t.lower for t in cands])
        for t in cands:
            inf = t.lower[:-1]  # vurderes → vurdere
            if forms[inf] != inf or not is_verb_infinitive(inf):
                continue
            if forms[t.lower] not in (inf, None):
                continue  # `dages`, `huses`: a noun's genitive, not a passive
            active = inf + "r"
            yield Hit(t.start, t.end, args={"match": t.text, "active": active})


class CompanyName(Rule):
    name = "company-name"
    severity = "warning"
    summary = "The company's name, aliases and products in their exact spelling."
    rationale = ("A brand's name has one spelling: `Nordlys Energi`, not `Nordlys energi` or "
                 "`NordLys Energi`. The names come from the policy (company.name, aliases, "
                 "products). A one-word alias that is also a Danish word (`nordlys`) is left "
                 "alone in lower case, where it is the ordinary word, and so is a CamelCase product "
                 "written in lower case (`energitjek` is the common noun, `EnergiTjek` the "
                 "product).")
    message = {
        "da": "Skriv navnet `{suggestion}`, ikke `{match}`.",
        "en": "Write the name as `{suggestion}`, not `{match}`.",
    }
    safe_fix = True
    examples = [
        bad("Vi ses hos <marker>NordLys</marker> i morgen.", suggestion="Nordlys"),
        bad("Har du prøvet <marker>Solpakke</marker>?", suggestion="SolPakke"),
        good("Jeg arbejder hos Nordlys Energi og så nordlys i nat. Vores SolPakke er populær."),
        good("NORDLYS ENERGI fejrer jubilæum."),
        good("Et energitjek koster typisk omkring 1.000 kr.",
             policy={"company": {"products": ["EnergiTjek"]}},
             note="the common noun of a CamelCase brand"),
    ]

    def prepare(self, policy: Policy) -> None:
        names = self.compiled.own_names
        covered = {k.lower() for k in policy.style.terminology}
        # A name the terminology already corrects gets one finding, from da.terminology.
        self._names = [n for n in names if n and n.lower() not in covered]
        self._matcher = TermMatcher(self._names, ("surface",))

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        lex = get_lexicon()
        for m in self._matcher.find(a):
            found = a.text[m.start:m.end]
            right = m.term
            if found == right or found.isupper():
                continue
            if found.islower() and " " not in found and lex.known(found):
                continue  # nordlys: the ordinary word
            if found.islower() and " " not in found and any(ch.isupper() for ch in right[1:]):
                continue  # energitjek: the common noun of which EnergiTjek is the brand
            yield Hit(m.start, m.end, suggestion=right, args={"match": found, "suggestion": right})

