"""Danish capitalisation: lower-case weekdays, months, nationalities; sentence starts;
English Title Case; common nouns with a capital inside a sentence.

"Inside a sentence" means: the previous token is a lower-case word, a number or a
comma — never after a sentence end, a colon, a quote, a bullet or a line break,
where Danish may take a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from brandguard.compiled import CompiledPolicy
from brandguard.datafiles import DataModel, Words
from brandguard.lang.da import get_lexicon, sentence_start_ids, word_tokens
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good

DATA = PackData.beside(__file__)


class CapitalisationData(DataModel):
    """``data/capitalisation.yaml``: words Danish writes in lower case, and names."""

    data_file: ClassVar[str] = "capitalisation"

    #: Days, months, holidays, nationalities and languages.
    lowercase_names: Words
    #: Lower-case names that count only in a date (`maj`).
    date_only: Words
    #: Endings of proper names that keep their capital (`-vej`, `-gade`).
    name_endings: Words
    #: Abbreviations that may start a sentence in lower case.
    abbreviations: Words


_DATE_CTX_PREV = frozenset({"i", "til", "fra", "siden", "primo", "medio", "ultimo", "inden",
                            "efter", "før", "hele", "sidst", "midt"})


def _inside(prev_text: str) -> bool:
    """Is a token after ``prev_text`` inside a sentence (where a capital is an error)?"""
    if prev_text == ",":
        return True
    if prev_text[:1].isdigit():
        return True
    return prev_text.isalpha() and prev_text.islower()


def _company_words(compiled: CompiledPolicy) -> frozenset[str]:
    names = [*compiled.own_names, *compiled.policy.style.accept]
    return frozenset(w for n in names for w in n.split())


class LowercaseNames(Rule):
    name = "lowercase-names"
    severity = "warning"
    summary = "Weekdays, months, holidays, nationalities and languages are lower case in Danish."
    rationale = ("Retskrivningsordbogen: days (`på torsdag`), months (`i november`), holidays "
                 "(`til jul`), nationalities, languages and adjectives from place names (`danske`, "
                 "`på engelsk`) take a small letter. A capital at a sentence start, after a colon or "
                 "in a name (`Danske Bank`, `Dansk Sprognævn`) is fine; `Maj` and `August` are also "
                 "first names, so they are flagged only in a date.")
    message = {
        "da": "Skriv `{suggestion}` med lille begyndelsesbogstav.",
        "en": "Write `{suggestion}` with a small initial letter.",
    }
    safe_fix = True
    examples = [
        bad("Vi ses på <marker>Torsdag</marker> i Aarhus.", suggestion="torsdag"),
        bad("Kampagnen starter i <marker>November</marker>.", suggestion="november"),
        bad("Vi elsker den <marker>Danske</marker> natur.", suggestion="danske"),
        bad("Vi holder lukket den 1. <marker>Maj</marker>.", suggestion="maj"),
        good("Torsdag den 27. november holder vi møde. Husk: Fredag er der fest."),
        good("Vi samarbejder med Danske Bank og Dansk Sprognævn, og jeg har talt med Maj."),
        good("Vi ses på torsdag i november til en dansk frokost."),
    ]

    def prepare(self, policy: Policy) -> None:
        lists = DATA("capitalisation", CapitalisationData)
        self._words = frozenset(lists["lowercase_names"])
        self._date_only = frozenset(lists["date_only"])
        self._company = _company_words(self.compiled)

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        starts = sentence_start_ids(a)
        for k in range(1, len(toks)):
            t = toks[k]
            if not t.text[:1].isupper() or t.lower not in self._words or t.i in starts:
                continue
            if not t.text[1:].islower() or t.text in self._company:
                continue
            prev = toks[k - 1]
            if not _inside(prev.text) or a.text[prev.end:t.start].count("\n"):
                continue
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.text.isalpha():
                continue  # a name: Danske Bank, Dansk Energi
            if prev.text[:1].isupper() and prev.i not in starts:
                continue  # Den Danske Ordbog: inside a name
            if t.lower in self._date_only:
                dated = (prev.text[:-1].isdigit() and prev.text.endswith(".")) or (
                    prev.lower in _DATE_CTX_PREV) or (
                    nxt is not None and nxt.text.isdigit() and len(nxt.text) == 4)
                if not dated:
                    continue
            yield Hit(t.start, t.end, suggestion=t.lower, args={"match": t.text, "suggestion": t.lower})


class SentenceStart(Rule):
    name = "sentence-start"
    severity = "warning"
    summary = "A sentence after a full stop, exclamation or question mark starts with a capital."
    rationale = ("Danish sentences start with a capital letter (Retskrivningsordbogen). A small "
                 "letter after `.`, `!` or `?` is usually a slip. Lists, lines after a colon, "
                 "continuations after an ellipsis and words like `iPhone` or `eBoks` are left "
                 "alone. LanguageTool's UPPERCASE_SENTENCE_START.")
    message = {
        "da": "Start sætningen med stort: `{suggestion}`.",
        "en": "Start the sentence with a capital: `{suggestion}`.",
    }
    safe_fix = True
    examples = [
        bad("Tak for i dag. <marker>vær</marker> opmærksom på fristen.", suggestion="Vær"),
        bad("Vi vandt! <marker>det</marker> er fantastisk.", suggestion="Det"),
        good("Tak for i dag. Vær opmærksom på fristen … og husk kaffen."),
        good("Vi har fået nye iPhones. iPhone 16 er god. eBoks virker også."),
        good("Det koster ca. 50 kr. om dagen. Det tager 5 min. om morgenen."),
    ]

    def prepare(self, policy: Policy) -> None:
        self._abbreviations = frozenset(DATA("capitalisation", CapitalisationData)["abbreviations"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = a.tokens
        special = a.special_tokens
        by_start = {toks[i].start: toks[i] for i in sentence_start_ids(a)}
        for s in a.sentences[1:]:
            first = by_start.get(s.start)
            if first is None or first.i in special or not first.text[:1].islower():
                continue
            if not first.text.isalpha() or not first.text.islower():
                continue  # iPhone, eBoks, numbers, emoticons
            j = first.i - 1
            while j >= 0 and toks[j].space:
                if "\n" in toks[j].text:
                    break
                j -= 1
            if j < 0 or toks[j].space or toks[j].text not in (".", "!", "?", "!!", "?!", "!?"):
                continue
            if toks[j].text == "." and j and toks[j - 1].lower in self._abbreviations \
                    and not toks[j - 1].space:
                continue  # `5 min. om dagen`: an abbreviation's full stop
            right = first.text[:1].upper() + first.text[1:]
            yield Hit(first.start, first.end, suggestion=right,
                      args={"match": first.text, "suggestion": right})


_DEFINITE = ("en", "et", "ne", "erne", "ene", "ens", "ets", "nes")


class CommonNounCapital(Rule):
    name = "common-noun-capital"
    severity = "warning"
    summary = "A common noun inside a sentence takes a small letter (`julefrokosten`)."
    rationale = ("Danish writes common nouns with a small letter; a capital inside a sentence "
                 "(`vi glæder os til Julefrokosten`) imitates German or English. Only inflected "
                 "forms the lexicon knows as common nouns (definite or plural) are flagged, and "
                 "never names, the company's names and products, or words in a capitalised name.")
    message = {
        "da": "Skriv `{suggestion}` med lille begyndelsesbogstav (fællesnavn).",
        "en": "Write `{suggestion}` with a small initial letter (common noun).",
    }
    safe_fix = True
    examples = [
        bad("Vi glæder os til <marker>Julefrokosten</marker> i år.", suggestion="julefrokosten"),
        bad("Tak til alle <marker>Medarbejderne</marker> for en god dag.", suggestion="medarbejderne"),
        good("Vi glæder os til julefrokosten hos Nordlys Energi med Anne Hansen."),
        good("Vi så Huset Zornig og talte med Mette Holm i Skive."),
        good("Se reglerne på Energistyrelsens side.", note="a name's genitive"),
        good("I dag satte vi solceller op på børnehaven Mariehønen i Hadsten.",
             note="an institution and its name"),
    ]

    def prepare(self, policy: Policy) -> None:
        self._company = _company_words(self.compiled)
        self._name_endings = tuple(DATA("capitalisation", CapitalisationData)["name_endings"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        # A name's genitive is a name too (`Energistyrelsens`).
        cands = [k for k in range(1, len(toks)) if toks[k].text[:1].isupper()
                 and not toks[k].lower.endswith(self._name_endings)
                 and not toks[k].lower.removesuffix("s").endswith(self._name_endings)
                 and toks[k].text[1:].islower() and len(toks[k].text) >= 6
                 and toks[k].text.isalpha() and toks[k].lower.endswith(_DEFINITE)
                 and not toks[k].lower.endswith("sen")]
        if not cands:
            return
        lex = get_lexicon()
        starts = sentence_start_ids(a)
        for k in cands:
            t = toks[k]
            if t.i in starts or t.text in self._company:
                continue
            prev = toks[k - 1]
            if not _inside(prev.text) or a.text[prev.end:t.start].count("\n"):
                continue
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if (nxt is not None and nxt.text[:1].isupper()) or prev.text[:1].isupper():
                continue  # part of a capitalised name
            if prev.lower.endswith(self._name_endings):
                continue  # an institution and its name: `børnehaven Mariehønen`
            lemma = lex.lookup_many([t.lower])[t.lower]
            if lemma is None or lemma == t.lower:
                continue  # unknown or uninflected: may be a name
            yield Hit(t.start, t.end, suggestion=t.lower, args={"match": t.text, "suggestion": t.lower})


_HEADLINE_MIN_WORDS = 4


_FUNCTION_WORDS = frozenset({"mest", "ud", "af", "til", "på", "med", "for", "om", "og", "i",
                            "din", "dit", "dine", "du", "jeg", "vi", "at", "en", "et", "den", "det",
                            "de", "som", "der", "fra", "over", "under", "mere"})


class TitleCase(Rule):
    name = "title-case"
    severity = "warning"
    summary = "Headlines are in sentence case in Danish, not English Title Case."
    rationale = ("In Danish only the first word and proper names of a headline take a capital "
                 "(`Sådan får du mest ud af din varmepumpe`); English Title Case (`Sådan Får Du "
                 "Mest Ud Af …`) looks translated. A line is flagged when most of its words after "
                 "the first are ordinary words written with a capital.")
    message = {
        "da": "Skriv overskriften med små bogstaver efter første ord: `{suggestion}`.",
        "en": "Write the headline in sentence case: `{suggestion}`.",
    }
    examples = [
        bad("<marker>Sådan Får Du Mest Ud Af Din Varmepumpe</marker>\nLæs vores guide.",
            suggestion="Sådan får du mest ud af din varmepumpe"),
        good("Sådan får du mest ud af din Nordlys Varmepumpe\nLæs vores guide."),
        good("Vi ses i Aarhus, Odense og Aalborg med Mette Holm."),
    ]

    def prepare(self, policy: Policy) -> None:
        names = self.compiled.own_names
        self._names = [n for n in [*names, *policy.style.accept] if n]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        # Cheap gate: a Title Case line needs several capitals beyond the sentence starts.
        capitals = sum(1 for t in a.tokens if t.text[:1].isupper())
        if capitals - len(a.sentences) < 3:
            return
        prose = a.prose
        lex = get_lexicon()
        pos = 0
        for line in prose.split("\n"):
            start = pos
            pos += len(line) + 1
            words = list(re.finditer(r"[^\W\d_]+", line))
            if len(words) < _HEADLINE_MIN_WORDS or line.rstrip().endswith(".") or "," in line:
                continue
            rest = words[1:]
            protected = {i for name in self._names for m in re.finditer(re.escape(name), line)
                         for i in range(m.start(), m.end())}
            caps = [w for w in rest if w.group()[:1].isupper() and w.group()[1:].islower()
                    and w.start() not in protected]
            if len(caps) < 3 or len(caps) < 0.6 * len(rest):
                continue
            known = lex.lookup_many([w.group().lower() for w in caps])
            # Function words (`Mest`, `Ud`) count too: they are never names.
            common = [w for w in caps if known[w.group().lower()] is not None
                      or w.group().lower() in _FUNCTION_WORDS]
            if len(common) < 3 or len(common) < 0.6 * len(rest):
                continue
            fixed = list(line)
            for w in common:
                fixed[w.start()] = fixed[w.start()].lower()
            s = start + words[0].start()
            e = start + words[-1].end()
            right = "".join(fixed)[words[0].start():words[-1].end()]
            yield Hit(s, e, suggestion=right, args={"suggestion": right})

