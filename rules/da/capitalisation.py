"""Danish capitalisation: lower-case weekdays, months, nationalities; sentence starts;
English Title Case; common nouns with a capital inside a sentence.

"Inside a sentence" means: the previous token is a lower-case word, a number or a
comma — never after a sentence end, a colon, a quote, a bullet or a line break,
where Danish may take a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import compress, count
from typing import ClassVar

from brandguard.analysis import Analysis, Tok
from brandguard.compiled import CompiledPolicy
from brandguard.datafiles import DataModel, Words
from brandguard.lang.da import (
    CAPITALISED,
    PROPER_NAMES,
    Reading,
    analyse_compound,
    get_lexicon,
    lowercase_name,
    lowercase_name_forms,
    readings,
    sentence_start_ids,
    word_lowers,
    word_tokens,
)
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good

from . import wordclass as wc

DATA = PackData.beside(__file__)


class CapitalisationData(DataModel):
    """``data/capitalisation.yaml``: words Danish writes in lower case, and names."""

    data_file: ClassVar[str] = "capitalisation"

    #: Days, months, holidays, nationalities and languages.
    lowercase_names: Words
    #: Lower-case names that count only in a date (`maj`).
    date_only: Words
    #: The months (after a date's ordinal they are flagged even after a number: `21. November`).
    months: Words
    #: Common nouns often written with a capital that are never names (`internettet`).
    always_common: Words
    #: Laws whose name keeps its capital (`Grundloven`).
    law_name_exceptions: Words
    #: Abbreviations that may start a sentence in lower case.
    abbreviations: Words


_DATE_CTX_PREV = frozenset({"i", "til", "fra", "siden", "primo", "medio", "ultimo", "inden",
                            "efter", "før", "hele", "sidst", "midt"})

#: Words after which a capitalised common word is inside running text (a preposition, a
#: conjunction, an article or determiner): `via Internettet`, `og Søndag`, `den Danske`.
#: After a noun, an adjective or a number the capital more often starts a heading or a
#: segment run on without a full stop (`mørk grå Bukserne er …`, `2014 Tirsdag den 1.`).
_GOVERNORS = frozenset({
    "i", "på", "til", "fra", "med", "af", "for", "om", "ved", "hos", "under", "over", "efter",
    "før", "mod", "imod", "via", "gennem", "igennem", "uden", "blandt", "mellem", "omkring",
    "inden", "indtil", "ifølge", "trods", "langs", "bag", "foran", "ad", "per", "pr", "hen",
    "og", "eller", "men", "samt", "fordi", "at", "som", "når", "hvis", "mens", "end", "både",
    "en", "et", "den", "det", "de", "denne", "dette", "disse", "hele", "selve", "hver", "hvert",
    "alle", "nogle", "mange", "flere", "min", "mit", "mine", "din", "dit", "dine", "sin", "sit",
    "sine", "vores", "jeres", "deres", "hans", "hendes", "dens", "dets", "er", "var", "bliver",
    "blev"})

#: Old orthography (before 1948): `paa`, `saa`, `kunde`, `skulde`, `Jøder`, nouns capitalised.
_OLD_WORD = re.compile(r"(?<![\w-])(?:[a-zæøå]*aa[a-zæøå]*|kunde|skulde|vilde|tydske|ikkun|thi)(?![\w-])")
_OLD_ORDINAL = re.compile(r"\b\d+(?:de|te|ste)\b")
#: English dates: `December 1, 2009`, `September 14th`, `Sunday 6. November`.
_EN_DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                      "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "on", "of",
                      "the", "by", "posted", "updated"})
_EN_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")


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


def _sentence_of(a: Analysis, offset: int) -> str:
    sents = a.sentences
    lo, hi = 0, len(sents)
    while lo < hi:  # the last sentence starting at or before offset
        mid = (lo + hi) // 2
        if sents[mid].start <= offset:
            lo = mid + 1
        else:
            hi = mid
    return sents[lo - 1].text if lo else a.text


def _old_orthography(sentence: str) -> bool:
    """Does the sentence read as pre-1948 Danish (`paa`, `kunde`, nouns capitalised)?"""
    lex = get_lexicon()
    for m in _OLD_WORD.finditer(sentence):
        w = m.group()
        if ("aa" in w and not lex.known(w)) or w in ("kunde", "skulde", "vilde", "tydske",
                                                      "ikkun", "thi"):
            if w == "kunde" and not re.search(r"\bkunde\s+(?:ikke\s+)?[a-zæøå]+e\b", sentence):
                continue  # `en kunde`: the noun
            return True
    return bool(_OLD_ORDINAL.search(sentence))


def _capitalised_nouns(a: Analysis, sentence_start: int, sentence: str) -> int:
    """Capitalised words inside the sentence that are common words (old style: `Vejr`)."""
    words = re.findall(r"(?<=[a-zæøå,] )[A-ZÆØÅ][a-zæøå]{2,}", sentence)
    if len(words) < 3:
        return len(words)
    known = get_lexicon().lookup_many([w.lower() for w in words])
    return sum(1 for w in words if known[w.lower()] is not None)


def _english_date(toks: tuple[Tok, ...], k: int) -> bool:
    prev = toks[k - 1].lower if k else ""
    if k >= 2 and prev[:-1].isdigit() and prev.endswith(".") and toks[k - 2].lower in _EN_DAYS:
        return True  # `Sunday 6. November`
    nxt = toks[k + 1].text if k + 1 < len(toks) else ""
    after = toks[k + 2].text if k + 2 < len(toks) else ""
    return prev in _EN_DAYS or bool(_EN_ORDINAL.fullmatch(nxt)) or (nxt.isdigit() and after == ",")


class LowercaseNames(Rule):
    name = "lowercase-names"
    severity = "warning"
    summary = "Weekdays, months, holidays, nationalities and languages are lower case in Danish."
    rationale = ("Retskrivningsordbogen: days (`på torsdag`), months (`i november`), holidays "
                 "(`til jul`), nationalities, languages and adjectives from place names (`danske`, "
                 "`på engelsk`) take a small letter. A capital at a sentence start, after a colon or "
                 "in a name (`Danske Bank`, `Dansk Sprognævn`) is fine; `Maj` and `August` are also "
                 "first names, so they are flagged only in a date. Only inside running text: after a "
                 "preposition, conjunction or article (`til Fredag`, `den Danske`), or a month after "
                 "a date's ordinal (`21. November`); a weekday after a noun or a number usually starts "
                 "a date heading run on without a full stop. English dates (`December 1, 2009`) and "
                 "pre-1948 text (`23de Marts`, `paa`) are left alone.")
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
        bad("Butikken har åbent mandag til <marker>Fredag</marker> fra kl. 10.", suggestion="fredag"),
        good("Torsdag den 27. november holder vi møde. Husk: Fredag er der fest."),
        good("Vi samarbejder med Danske Bank og Dansk Sprognævn, og jeg har talt med Maj."),
        good("Vi ses på torsdag i november til en dansk frokost."),
        good("Hjelm og handsker Tirsdag den 30. juli kl. 18 er der åbent hus."),
        good("Posted on December 3, 2008 by admin"),
        good("Jeg tror ikke paa det, at de er Tyskere eller Englændere."),
        good("I lørdags var Dansk Jernbane-Klub på tur."),
    ]

    def prepare(self, policy: Policy) -> None:
        lists = DATA("capitalisation", CapitalisationData)
        self._words = frozenset(lists["lowercase_names"])
        self._date_only = frozenset(lists["date_only"])
        self._months = frozenset(lists["months"])
        self._company = _company_words(self.compiled)

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        starts = sentence_start_ids(a)
        names: frozenset[int] | None = None
        # Only the listed words (one set lookup per word in C); never the first.
        lowers = word_lowers(ctx.analysis)
        for k in compress(count(), map(self._words.__contains__, lowers)):
            t = toks[k]
            if k == 0 or not t.text[:1].isupper() or t.i in starts:
                continue
            if not t.text[1:].islower() or t.text in self._company:
                continue
            prev = toks[k - 1]
            if not _inside(prev.text) or a.text[prev.end:t.start].count("\n"):
                continue
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.text.replace("-", "").isalpha():
                continue  # a name: Danske Bank, Dansk Energi, Dansk Jernbane-Klub
            if prev.text[:1].isupper() and prev.i not in starts:
                continue  # Den Danske Ordbog: inside a name
            ordinal = prev.text[:-1].isdigit() and prev.text.endswith(".")
            if not (prev.lower in _GOVERNORS or (ordinal and t.lower in self._months)):
                continue  # after a noun or a number: a heading run on (`hjelm Tirsdag den 30.`)
            if k >= 2 and toks[k - 2].lower == "læs" and prev.lower in ("mere", "også"):
                continue  # a link text: `Læs mere Danske arbejdere …`
            if t.lower in self._date_only:
                dated = ordinal or (prev.lower in _DATE_CTX_PREV) or (
                    nxt is not None and nxt.text.isdigit() and len(nxt.text) == 4)
                if not dated:
                    continue
            if _english_date(toks, k):
                continue
            if names is None:
                names = frozenset(i for sp in a[PROPER_NAMES].spans
                                  if sp.first != sp.last and sp.kind not in ("run", "title")
                                  for i in range(sp.first, sp.last + 1))
            if t.i in names:
                continue  # part of a listed name (`Dansk Folkeparti`, `Det Europæiske Råd`)
            sentence = _sentence_of(a, t.start)
            if _old_orthography(sentence) or _capitalised_nouns(a, 0, sentence) >= 3:
                continue
            yield Hit(t.start, t.end, suggestion=t.lower, args={"match": t.text, "suggestion": t.lower})


class SentenceStart(Rule):
    name = "sentence-start"
    severity = "warning"
    summary = "A sentence after a full stop, exclamation or question mark starts with a capital."
    rationale = ("Danish sentences start with a capital letter (Retskrivningsordbogen). A small "
                 "letter after `.`, `!` or `?` is usually a slip. The sentence splitter knows "
                 "abbreviations (`ph.d. og`), units (`5 min. om dagen`), ordinals and dates (`den 3. "
                 "runde`, `10. april`) and dialogue (`– Hvorfor? spurgte han`); lists, lines after a "
                 "colon, continuations after an ellipsis, names ending in `!` (`Hos ACT! reflekterer "
                 "vi`), a stray mark after a space and words the lexicon does not know (`read "
                 "more`, `iPhone`, `eBoks`) are left alone. LanguageTool's UPPERCASE_SENTENCE_START.")
    message = {
        "da": "Start sætningen med stort: `{suggestion}`.",
        "en": "Start the sentence with a capital: `{suggestion}`.",
    }
    safe_fix = True
    examples = [
        bad("Tak for i dag. <marker>vær</marker> opmærksom på fristen.", suggestion="Vær"),
        bad("Vi vandt! <marker>det</marker> er fantastisk.", suggestion="Det"),
        bad("Hvorfor skal de blande sig? <marker>rygter</marker> er en ting.", suggestion="Rygter"),
        bad("Det startede i 2014. <marker>han</marker> ville nappe.", suggestion="Han"),
        bad("Ja! <marker>det</marker> bliver dejligt med lidt varme.", suggestion="Det"),
        good("Tak for i dag. Vær opmærksom på fristen … og husk kaffen."),
        good("Vi har fået nye iPhones. iPhone 16 er god. eBoks virker også."),
        good("Det koster ca. 50 kr. om dagen. Det tager 5 min. om morgenen."),
        good("Hun blev cand.mag. med speciale i lyrik og har en ph.d. fra Aarhus."),
        good("Kampen er den 10. april, og i det 80. minut scorede han. Træningen den 30.9. flyttes."),
        good("– Hvorfor? spurgte han. – Skyd den! foreslår et barn. \"Nej!\" sagde hun."),
        good("Hos ACT! reflekterer vi over vores metoder. Den smager udsøgt. read more →"),
        good("Leveres med beslag for styreboks Hs. eller Vs. og en gnm. hastighed på 25 km/t."),
        good("Hvordan finder vi en løsning? vil være emnet for kurset. Se mere på camping. info"),
        bad("Hvordan finder vi en løsning? <marker>løsningen</marker> er enkel.",
            suggestion="Løsningen"),
    ]

    def prepare(self, policy: Policy) -> None:
        self._abbreviations = frozenset(DATA("capitalisation", CapitalisationData)["abbreviations"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = a.tokens
        special = a.special_tokens
        starts = sentence_start_ids(a)
        text = a.text
        by_start: dict[int, Tok] | None = None  # (made for the first sentence in lower case)
        cands = []
        for s in a.sentences[1:]:
            if not text[s.start:s.start + 1].islower():
                continue  # most sentences: a capital, a digit, a mark (the token's own test)
            if by_start is None:
                by_start = {toks[i].start: toks[i] for i in starts}
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
            if j < 1 or toks[j].space or toks[j].text not in (".", "!", "?", "!!", "?!", "!?"):
                continue
            m = j - 1  # the mark's run of marks (`!?` is two tokens)
            while m >= 0 and toks[m].text in ("!", "?") and toks[m].end == toks[m + 1].start:
                m -= 1
            prev = toks[m] if m >= 0 else None
            if prev is None or prev.space or prev.end != toks[m + 1].start or prev.punct:
                continue  # `! og desuden …`: a stray mark, not the end of a sentence
            if toks[j].text == "." and prev.lower in self._abbreviations:
                continue  # `5 min. om dagen`: an abbreviation's full stop
            if toks[j].text != "." and prev.text[:1].isupper() and prev.i not in starts:
                continue  # `Hos ACT! reflekterer`, `Hej Matematik! nummeret`: a name with `!`
            if toks[j].text == "." and first.lower in _DOMAIN_ENDINGS:
                continue  # `camping. info`: a web address with a space in it
            if toks[j].text in ("?", "?!", "!?") and _finite_only(first.lower):
                # `Hvordan finder vi en løsning? vil være emnet`: the question is the
                # subject of a sentence that goes on (a finite verb starts no sentence here)
                continue
            cands.append(first)
        if not cands:
            return
        known = get_lexicon().lookup_many([t.lower for t in cands])
        for first in cands:
            if known[first.lower] is None:
                continue  # `read more`, `cubic zirconia`: not a Danish word
            right = first.text[:1].upper() + first.text[1:]
            yield Hit(first.start, first.end, suggestion=right,
                      args={"match": first.text, "suggestion": right})


#: Top-level domains that read as words (`camping. info`).
_DOMAIN_ENDINGS = frozenset({"info", "com", "net", "org", "dk", "nu", "eu", "biz"})


_DEFINITE = ("en", "et", "ne", "erne", "ene", "ens", "ets", "nes")
_MIN_HEAD = 4


#: Small words inside a name of several words (`Unge mod Forfatningen`, `Styrelsen for …`).
_NAME_LINKS = frozenset({"mod", "for", "af", "og", "i", "til", "under", "på"})
#: Verbs after which a capitalised noun is a predicate or an object as often as a name.
_NOT_GOVERNING_NOUNS = frozenset({"er", "var", "bliver", "blev"})


def _law_name(low: str, exceptions: frozenset[str]) -> bool:
    """`serviceloven`, `retsplejelovens`: a law's name, lower case (Dansk Sprognævn)."""
    stem = low[:-1] if low.endswith("s") else low
    return stem.endswith("loven") and len(stem) >= 9 and stem not in exceptions


def _compound(low: str, rs: tuple[Reading, ...]) -> bool:
    """A compound common noun (`nyhedsbrevet` = nyheds + brevet): a head of 4 letters or more
    whose lemma is the word's own (not `port + alens` for `portalens`, lemma `portal`),
    after a noun, adjective or verb stem (not `af + grunden`)."""
    c = analyse_compound(low)
    if c is None or len(c.parts) < 2 or len(c.head) < _MIN_HEAD:
        return False
    own = {r.lemma for r in rs if r.upos == "NOUN"}
    prefix = len(low) - len(c.head)
    if not any(r.upos == "NOUN" and r.lemma in own and len(r.lemma) - prefix >= 3
               for r in c.readings):
        return False
    first = c.part_lemmas[0].rstrip("-")
    return any(r.upos in ("NOUN", "ADJ", "VERB") for r in readings(first))


class CommonNounCapital(Rule):
    name = "common-noun-capital"
    severity = "warning"
    summary = "A common noun inside a sentence takes a small letter (`julefrokosten`)."
    rationale = ("Danish writes common nouns with a small letter; a capital inside a sentence "
                 "(`vi glæder os til Julefrokosten`) imitates German or English. A capitalised "
                 "definite or plural noun is flagged only inside running text — after a "
                 "preposition, conjunction or article (`via Internettet`) — and never when it is "
                 "a name: listed places, parties, institutions and media, proper nouns of the "
                 "lexicon, the names of committees, venues and places (`Økonomiudvalget`, "
                 "`Riddersalen`, `Limfjorden`), words in a run of capitals or in quotation marks, "
                 "the company's names, or pre-1948 text that capitalised every noun. Laws' names "
                 "are lower case (`serviceloven`; Dansk Sprognævn). A short uncompounded word "
                 "(`i Trommen`, `på Hylden`) is as often the name of a venue, a shop or a work: "
                 "that is advice (info), not a warning.")
    message = {
        "da": "Skriv `{suggestion}` med lille begyndelsesbogstav (fællesnavn).",
        "en": "Write `{suggestion}` with a small initial letter (common noun).",
    }
    safe_fix = True
    examples = [
        bad("Vi glæder os til <marker>Julefrokosten</marker> i år.", suggestion="julefrokosten"),
        bad("Tak til alle <marker>Medarbejderne</marker> for en god dag.", suggestion="medarbejderne"),
        bad("Brevet sendes via <marker>Internettet</marker> til kunden.", suggestion="internettet"),
        bad("Man ved aldrig, hvor dygtig en <marker>Sagsbehandleren</marker> kan være.",
            suggestion="sagsbehandler"),
        bad("Kommunen skal følge reglerne i <marker>Serviceloven</marker>.", suggestion="serviceloven"),
        good("Vi glæder os til julefrokosten hos Nordlys Energi med Anne Hansen."),
        good("Vi så Huset Zornig og talte med Mette Holm i Skive."),
        good("Sagen blev behandlet i Økonomiudvalget og på et møde i Sundhedsstyrelsen."),
        good("Vi sejlede på Limfjorden og spiste frokost i Riddersalen."),
        good("Jeg fulgte hver Lyd ude paa Fortovet eller i Trappegangen."),
        good("Mørk grå Bukserne er lavet af åndbart stof."),
        good("Se reglerne på Energistyrelsens side.", note="a name's genitive"),
        good("I dag satte vi solceller op på børnehaven Mariehønen i Hadsten.",
             note="an institution and its name"),
        good("Udgivet den 12. oktober af Piskeriset Da jeg havde travlt, lavede jeg suppe.",
             note="a byline run into the text"),
        bad("Vi handler med <marker>Medlemsstaterne</marker> og de øvrige lande.",
            suggestion="medlemsstaterne"),
    ]

    def prepare(self, policy: Policy) -> None:
        self._company = _company_words(self.compiled)
        lists = DATA("capitalisation", CapitalisationData)
        self._always_common = frozenset(lists["always_common"])
        self._law_exceptions = frozenset(lists["law_name_exceptions"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        # (the capitalised words alone: the da.capitalised facet; the word before first,
        # one set lookup that rules out most)
        cands = [k for k in a[CAPITALISED] if k >= 1
                 and toks[k - 1].lower in _GOVERNORS
                 and toks[k].text[1:].islower() and len(toks[k].text) >= 6
                 and toks[k].text.isalpha() and toks[k].lower.endswith(_DEFINITE)
                 and toks[k - 1].lower not in _NOT_GOVERNING_NOUNS]
        if not cands:
            return
        lex = get_lexicon()
        starts = sentence_start_ids(a)
        for k in cands:
            t = toks[k]
            if t.i in starts or t.text in self._company:
                continue
            prev = toks[k - 1]
            if not prev.text.islower() or a.text[prev.end:t.start].count("\n"):
                continue
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.i not in starts:
                continue  # part of a capitalised name
            if nxt is not None and nxt.i in starts and not a.text[t.end:nxt.start].strip():
                continue  # `Udgivet af Piskeriset Da jeg …`: a byline or heading run on
            if prev.lower in _NAME_LINKS and k >= 2 and toks[k - 2].text[:1].isupper():
                continue  # `Unge mod Forfatningen`, `Teknik og Miljø`: one name
            after = toks[k + 2] if k + 2 < len(toks) else None
            if nxt is not None and after is not None and nxt.lower in _NAME_LINKS \
                    and after.text[:1].isupper():
                continue  # `Folkebevægelsen mod EU`, `Udvalget for Teknik og Miljø`
            low = t.lower
            lemma = lex.lookup_many([low])[low]
            if lemma is None or lemma == low:
                continue  # unknown or uninflected: may be a name
            rs = readings(low)
            if not rs or any(r.upos != "NOUN" for r in rs):
                continue  # not only a common noun (`Vesten`, `Norden`)
            if t.i in a[PROPER_NAMES]:
                continue  # a listed name, a proper noun, a name of several words, a title
            sentence = _sentence_of(a, t.start)
            if _old_orthography(sentence) or _capitalised_nouns(a, 0, sentence) >= 3:
                continue
            sure = low in self._always_common or _law_name(low, self._law_exceptions) \
                or _compound(low, rs)
            right = low
            if prev.lower in ("en", "et") and all(
                    r.get("Definite") == "Def" and r.get("Number") == "Sing" for r in rs) \
                    and lemma.isalpha() and low.startswith(lemma):
                right = lemma  # `en Sagsbehandleren` → `en sagsbehandler`: the article's form
            yield Hit(t.start, t.end, suggestion=right, severity=None if sure else "info",
                      args={"match": t.text, "suggestion": right})


class PlaceNameCapital(Rule):
    name = "place-name-capital"
    severity = "warning"
    summary = "Danish place names take a capital letter (`Danmark`, `Aalborg`, `Nordjylland`)."
    rationale = ("Names of countries, regions, towns, islands and waters are proper names and "
                 "take a capital (Retskrivningsordbogen). Flagged only for the places of the "
                 "shipped list (brandguard.lang.da names) whose lower-case form is no Danish or "
                 "English word — `danmark`, `jylland`, `aalborg` — never `vejen`, `mors` or `thy`, "
                 "and never inside a web or e-mail address.")
    message = {
        "da": "Skriv stednavnet med stort: `{suggestion}`.",
        "en": "Write the place name with a capital: `{suggestion}`.",
    }
    safe_fix = True
    examples = [
        bad("Vi har fået deezer til <marker>danmark</marker> nu.", suggestion="Danmark"),
        bad("Feriehus udlejes i Gedser, <marker>sydsjælland</marker>, til 4 personer.",
            suggestion="Sydsjælland"),
        bad("Jeg kørte med toget til <marker>aalborg</marker> i går.", suggestion="Aalborg"),
        good("Vi har fået deezer til Danmark, og vejen til Aalborg er lang."),
        good("Læs mere på www.visitaalborg.dk eller skriv til info@aalborg.dk."),
        good("Han gik hjem ad vejen og ville skåne sine ben."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        forms = lowercase_name_forms()
        for t in word_tokens(a):
            w = t.text
            if w not in forms or len(w) < 4 or not w.islower() or not w.isalpha():
                continue  # (the set lookup first: most words are in no list of names)
            right = lowercase_name(w)
            if right is None:
                continue
            before = a.text[max(0, t.start - 1):t.start]
            after = a.text[t.end:t.end + 1]
            if before in ("@", "#", ".", "/", "_") or (
                    after in ("@", ".", "/", "_") and a.text[t.end + 1:t.end + 2].isalnum()):
                continue  # part of an address or a handle
            rest = a.text[t.end:t.end + 8]
            if rest.startswith((" skrev", " wrote", ":")):
                continue  # a forum user's name: `bornholm skrev:`
            yield Hit(t.start, t.end, suggestion=right, args={"match": w, "suggestion": right})


#: Fixed expressions with the preposition `i` before a verb form (`i går`, `i morgen`).
_I_FIXED = frozenset({"går", "morgen", "morges", "aften", "aftes", "nat", "nætter", "dag", "år",
                      "stand", "gang", "alt", "øvrigt", "fald", "lige", "live", "mod", "sær",
                      "så", "hvert", "løbet", "forvejen", "stedet", "forbindelse", "lørdags",
                      "søndags", "fredags", "torsdags", "onsdags", "tirsdags", "mandags",
                      "tide", "tvivl", "ro", "fare", "orden", "brug", "drift", "lære", "frem",
                      "hjemmet", "ryg", "bund", "land", "vente", "sikte", "kraft", "takt", "tråd",
                      "blinde", "ét", "et", "en", "første", "sidste", "hvad", "hvor", "hvilken",
                      "skole", "seng", "bad", "kirke", "krig", "tanke", "kø", "mål", "hus", "arbejde",
                      "fængsel", "byen", "vand", "luften", "spil", "spidsen", "knæ", "stykker",
                      "sving", "søvne", "leje", "pant", "betragtning", "nærheden"})
#: The words da.pronoun-capital looks at.
_PRONOUN_TRIGGERS = frozenset({"i", "Jer", "Jeres"})
_PRONOUN_LOWERS = frozenset(w.lower() for w in _PRONOUN_TRIGGERS)
#: Finite auxiliaries and common verbs after which `i` is the pronoun `I` (`håber i vil`).
_I_VERBS = frozenset({"kan", "vil", "skal", "må", "bør", "kunne", "ville", "skulle", "måtte",
                      "burde", "har", "havde", "er", "var", "får", "fik", "gør", "gjorde", "synes",
                      "syntes", "ved", "vidste", "tror", "troede", "bliver", "blev", "kommer",
                      "kom", "ser", "mener", "siger", "sagde", "gider", "tør", "vælger", "behøver",
                      "hedder", "bor", "laver", "elsker", "kender", "husker", "glemmer", "tænker",
                      "prøver", "skriver", "læser", "stiller", "tjekker", "følger", "hjælper",
                      "spiser"})


_SUBJECTS = frozenset({"du", "jeg", "han", "hun", "vi", "man"})


class PronounCapital(Rule):
    name = "pronoun-capital"
    severity = "warning"
    summary = "The pronoun `I` (you, plural) takes a capital; `jer` and `jeres` do not."
    rationale = ("Retskrivningsordbogen: `I` (the plural of `du`) takes a capital everywhere, to "
                 "tell it from the preposition `i` (`håber I vil hjælpe`, not `håber i vil`). "
                 "Flagged only where `i` stands before a finite verb that a preposition cannot "
                 "govern (`i kan`, `i synes`, `i har`), or between a finite verb and its "
                 "infinitive (`skal i tjekke ind`), never in fixed phrases (`i går`, "
                 "`i morgen`, `i gang`). `jer` and `jeres` are lower case inside a sentence; only "
                 "the polite `De`, `Dem`, `Deres` take a capital.")
    message = {
        "da": "Skriv pronomenet `{suggestion}`: `I` med stort, `jer` og `jeres` med lille.",
        "en": "Write the pronoun `{suggestion}`: `I` with a capital, `jer` and `jeres` in lower case.",
    }
    safe_fix = True
    examples = [
        bad("Dejligt at <marker>i</marker> kan hjælpes ad med det.", suggestion="I"),
        bad("Jeg håber <marker>i</marker> vil trykke synes godt om.", suggestion="I"),
        bad("Sig lige hvad <marker>i</marker> synes om den nye hjemmeside.", suggestion="I"),
        bad("Jeg ved at <marker>i</marker> spiser sammen i aften.", suggestion="I"),
        bad("I dag skal <marker>i</marker> tjekke ind ved automaten.", suggestion="I"),
        good("Vi var i går i Aarhus og skal i morgen i biografen."),
        good("Håber I kan svare, og bor I i byen? Vi er i gang nu."),
        good("Bilen holdt i kø, og vi sad i den i en time."),
        good("Børnene skal i skole, og vi skal i seng."),
        bad("Jeg vil gerne afprøve nogle af <marker>Jeres</marker> ideer.", suggestion="jeres"),
        good("Tak for jeres hjælp. Jeres ideer er gode, og vi takker Dem og Deres firma."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        toks = word_tokens(a)
        starts = sentence_start_ids(a)
        # Only `i`, `Jer` and `Jeres` (one set lookup per word in C, in the shared lower-case
        # forms); not the last word.
        for k in compress(count(), map(_PRONOUN_LOWERS.__contains__, word_lowers(a)[:-1])):
            t = toks[k]
            if t.text not in _PRONOUN_TRIGGERS:
                continue  # `I`, `jer`, `JERES`
            if t.text in ("Jer", "Jeres") and k and t.i not in starts:
                prev = toks[k - 1]
                nxt = toks[k + 1]
                if ((prev.text.isalpha() and prev.text.islower()) or prev.text == ",") \
                        and not nxt.text[:1].isupper() and "\n" not in a.text[prev.end:t.start]:
                    low = t.lower
                    yield Hit(t.start, t.end, suggestion=low, args={"match": t.text, "suggestion": low})
                continue
            if t.text != "i":
                continue
            nxt = toks[k + 1]
            w = nxt.text
            if not w.islower() or w in _I_FIXED or a.text[t.end:nxt.start] != " ":
                continue
            before = toks[k - 1].lower if k else ""
            if before in ("boet", "levet", "været", "siddet", "ligget", "stået", "i"):
                continue
            after = toks[k + 2] if k + 2 < len(toks) else None
            # `skal i tjekke ind`, `kan i begynde`: the subject between a finite verb and its
            # infinitive (not `har i samarbejde med`, `vil i næste uge`: nouns, adjectives)
            inverted = before in _I_VERBS and _infinitive(w) and (
                _verb_only(w) or (after is not None and after.lower in _PARTICLES))
            if w not in _I_VERBS and not _finite_only(w) and not inverted:
                continue
            if after is not None and ((after.text in (".", ",") and w in ("er", "var"))
                                      or after.lower in _SUBJECTS):
                continue  # `en bolig i skal du …`: the verb has its own subject
            yield Hit(t.start, t.end, suggestion="I", args={"match": "i", "suggestion": "I"})


def _infinitive(word: str) -> bool:
    """Can ``word`` be an infinitive? (The bare nouns of fixed phrases, `i skole`, `i seng`,
    are in ``_I_FIXED``.)"""
    return any(r.upos in ("VERB", "AUX") and r.get("VerbForm") == "Inf" for r in readings(word))


def _verb_only(word: str) -> bool:
    rs = readings(word)
    return bool(rs) and all(r.upos in ("VERB", "AUX") for r in rs)


_PARTICLES = frozenset({"ind", "ud", "op", "ned", "hjem", "væk"})


@lru_cache(maxsize=wc.MAX_ANSWERS)
def _finite_only(word: str) -> bool:
    """Is ``word`` only a finite verb form (present or past, not also a noun or adjective)?"""
    rs = readings(word)
    return bool(rs) and all(r.upos in ("VERB", "AUX") and r.get("VerbForm") == "Fin"
                            and r.get("Voice") != "Pass" for r in rs)


_HEADLINE_MIN_WORDS = 4
#: A run of letters (a word of a line, `[^\W\d_]` being \w less digits and `_`).
_LETTER_RUN = re.compile(r"[^\W\d_]+")


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
        # (every token but spaces, which have no capital, is a word token or a special one)
        toks = a.tokens
        capitals = len(a[CAPITALISED]) + sum(
            1 for i in a.special_tokens if toks[i].text[:1].isupper())
        if capitals - len(a.sentences) < 3:
            return
        prose = a.prose
        lex = get_lexicon()
        pos = 0
        for line in prose.split("\n"):
            start = pos
            pos += len(line) + 1
            if "," in line or line.rstrip().endswith("."):
                continue  # (the cheap tests first: most lines are sentences)
            words = list(_LETTER_RUN.finditer(line))
            if len(words) < _HEADLINE_MIN_WORDS:
                continue
            rest = words[1:]
            caps = [w for w in rest if w.group()[:1].isupper() and w.group()[1:].islower()]
            if len(caps) < 3 or len(caps) < 0.6 * len(rest):
                continue  # (leaving out the names' words only makes fewer)
            protected = {i for name in self._names for m in re.finditer(re.escape(name), line)
                         for i in range(m.start(), m.end())}
            caps = [w for w in caps if w.start() not in protected]
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

