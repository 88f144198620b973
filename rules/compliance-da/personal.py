"""Personal data in posts (GDPR): CPR numbers, contact data, special categories.

A public post never needs a CPR number; phone numbers, private e-mail addresses
and bank accounts of persons are personal data; health, union membership,
religion, ethnicity, sexual orientation and politics (GDPR art. 9) need the
person's explicit consent. Each check starts with a cheap test (a run of six
digits, an ``@``, a term from the word list) so most posts cost a few regex
searches in C.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import ClassVar

from brandguard.analysis import Analysis, Tok
from brandguard.datafiles import DataModel, Word, Words
from brandguard.facets import Facet
from brandguard.lang.da import get_lexicon
from brandguard.lang.da.names import listed_kind
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import ByLang, Context, Hit, Rule, bad, good

DATA = PackData.beside(__file__)


class Label(DataModel):
    """A category's name in the message (after a genitive: »Mettes helbred«)."""

    da: Word
    en: Word


class CategoryData(DataModel):
    """One special category of personal data (GDPR art. 9)."""

    label: Label
    #: Terms that say something about a person by themselves (`gravid`).
    personal: Words = []
    #: Terms that count only when a linking word ties them to the person (`har kræft`).
    topic: Words = []
    #: Personal terms that are also everyday words (`blind`, `lammet`): these need the
    #: linking word too, not only a person earlier in the sentence.
    linked_only: Words = []
    #: `stemmer på` + `parties`: phrases built from the two lists.
    verbs: Words = []
    parties: Words = []


class SpecialData(DataModel):
    """``data/special.yaml``: the special categories, linking words and first names."""

    data_file: ClassVar[str] = "special"

    categories: dict[Word, CategoryData]
    links: Words
    first_names: Words
    #: Words before a condition that make it a person's, with a person in the same
    #: sentence (`trods sin depression`, `på grund af en depression`, `hjemme med
    #: depression`): possessives and prepositions of cause or circumstance.
    passing_cues: Words = []
    #: Words allowed between such a cue and the condition (`efter en lang depression`).
    passing_fillers: Words = []
    #: Group nouns before the cue: `mennesker med depression` is a group, no person.
    passing_groups: Words = []
    #: Health terms never tied in passing (`efter corona`: the pandemic, not a person's).
    not_in_passing: Words = []


@cache
def _special_data() -> SpecialData:
    return DATA("special", SpecialData)


# --- CPR numbers -------------------------------------------------------------------------

_SIX_DIGITS = re.compile(r"\d{6}")
# Eight digits with at most one separator between pairs: every CPR number, phone
# number, IBAN and account number has such a run; most posts have none.
_EIGHT_DIGITS = re.compile(r"\d\d[ .-]?\d\d[ .-]?\d\d[ .-]?\d\d")


#: Whether the post has a run of eight digits (CPR, phone and account rules gate on it).
EIGHT_DIGITS: Facet[bool] = Facet("compliance.eight-digits",
                                  lambda a: _EIGHT_DIGITS.search(a.text) is not None,
                                  doc="Whether the post holds a run of eight digits.")


def _has_eight_digits(analysis: Analysis) -> bool:
    return analysis[EIGHT_DIGITS]

_CPR = re.compile(r"(?<![\w+/.,-])(\d{2})(\d{2})(\d{2})([- ]?)(\d{4})(?![\w]|[.,/-]\d)")
_CPR_YES = re.compile(r"cpr|personn(?:umme)?r|personnummer", re.IGNORECASE)
# Numbers that look like CPR numbers but are something else (OS2datascanner's
# approach): an order, invoice, serial, case or customer number.
_CPR_NO = re.compile(
    r"ordre|faktura|serie|sags?-?\s?n(?:umme)?r|kunde-?\s?n(?:umme)?r|vare-?\s?n(?:umme)?r|"
    r"bestilling|p-n(?:umme)?r|\bp\s?nr|cvr|ean|konto|reg\.?\s?nr|tlf|telefon|mobil|\bref|"
    r"\blot\b|batch|model|track|pakkenummer|billet|medlemsn|licens|journal|police|\bpin\b|"
    r"kode",
    re.IGNORECASE,
)
_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def cpr_birth_date(digits: str) -> date | None:
    """The birth date a 10-digit CPR number encodes, or None if it is no valid date.

    The 7th digit with the year gives the century (cpr.dk; python-stdnum's
    ``stdnum.dk.cpr``): 0–3 → 1900s; 4 or 9 → 2000–2036 for YY 00–36, else
    1937–1999; 5–8 → 2000–2057 for YY 00–57, else 1858–1899.
    """
    day, month, yy, d7 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if d7 <= 3:
        year = 1900 + yy
    elif d7 in (4, 9):
        year = 2000 + yy if yy <= 36 else 1900 + yy
    else:
        year = 2000 + yy if yy <= 57 else 1800 + yy
    try:
        return date(year, month, day)
    except ValueError:
        return None


def cpr_mod11(digits: str) -> bool:
    """Modulus 11 holds (true for every number issued before 1 October 2007)."""
    return sum(w * int(d) for w, d in zip(_MOD11_WEIGHTS, digits, strict=True)) % 11 == 0


class CprNumber(Rule):
    name = "cpr-number"
    severity = "error"
    summary = "A public post never carries a CPR number."
    rationale = (
        "A CPR number identifies a person for life and is personal data under GDPR; a "
        "public post never needs one. A CPR number is DDMMYY-SSSS (hyphen optional, also "
        "seen with a space) whose first six digits are a valid birth date, with the century "
        "given by the 7th digit (cpr.dk). An invalid date is never a CPR number. Modulus 11 "
        "held for every number until 1 October 2007; later numbers may fail it and are "
        "valid, so it only raises confidence: ten digits without a separator count only "
        "when they pass it. Context decides the rest (OS2datascanner's approach): »cpr« or "
        "»personnummer« nearby makes it certain, »ordrenummer«, »fakturanummer«, "
        "»serienummer«, »p-nummer« and the like mean it is not a CPR number.")
    message = {
        "da": "Det ligner et CPR-nummer. Et offentligt opslag må aldrig indeholde et "
              "CPR-nummer: slet det.",
        "en": "This looks like a CPR number (Danish personal ID). A public post must never "
              "contain one: delete it.",
    }
    examples = [
        bad("Tillykke til vores nye kollega – hendes CPR-nr. er <marker>120394-1234</marker>, "
            "så lønnen kan komme på plads."),
        bad("Kunden (<marker>0707614285</marker>) var glad for sin nye varmepumpe.",
            note="no separator, passes modulus 11"),
        bad("Send dit personnummer <marker>010203 4567</marker> til HR."),
        bad("Husk at skrive <marker>241189-1928</marker> på blanketten.",
            note="hyphen and a valid date: a CPR number even without modulus 11"),
        good("Serienummer 451398-2231 står på typeskiltet.",
             note="impossible date (day 45) and a serial-number cue"),
        good("Varmepumpen har modelnummer 311399-0042.", note="month 13 is no date"),
        good("Ordrenummer 120394-1234 er sendt i dag.", note="order number, valid date"),
        good("Vi ses kl. 14.30 den 27.11.2026 – ring på 23 45 67 89.",
             note="times, dates and phone numbers are not CPR numbers"),
        good("Sagsnummer 2304561234 er lukket.", note="case number"),
    ]

    def prepare(self, policy: Policy) -> None:
        self.enabled = policy.compliance.personal_data

    def check(self, ctx: Context) -> Iterator[Hit]:
        text = ctx.analysis.text
        if not self.enabled or not _has_eight_digits(ctx.analysis) or not _SIX_DIGITS.search(text):
            return
        today = date.today()
        for m in _CPR.finditer(text):
            digits = m.group(1) + m.group(2) + m.group(3) + m.group(5)
            born = cpr_birth_date(digits)
            if born is None or born > today:
                continue
            before = text[max(0, m.start() - 40):m.start()]
            # The nearer cue wins: "ordre 120394-1234, cpr 120394-1234" has one of each.
            yes = max((c.end() for c in _CPR_YES.finditer(before)), default=-1)
            no = max((c.end() for c in _CPR_NO.finditer(before)), default=-1)
            if yes < 0 or no > yes:
                if no >= 0:
                    continue
                if not m.group(4) and not cpr_mod11(digits):
                    continue  # ten bare digits: only modulus 11 makes them a CPR number
            yield Hit(m.start(), m.end())


# --- contact data ----------------------------------------------------------------------------

_PHONE = re.compile(
    r"(?<![\w+.,:/-])(?:\(?(?P<cc>\+45|0045)\)?[ .-]?)?"
    r"(?P<num>\d{2}(?: \d{2}){3}|\d{4} \d{4}|\d{2}(?:-\d{2}){3}|\d{2}(?:\.\d{2}){3}|\d{8})"
    r"(?![\w]|[.,:/-]\d| \d)"
)
_PHONE_CONTEXT = re.compile(
    r"\b(?:tlf|telefon\w*|mobil\w*|ring|sms|mit\s+nummer)\b|📞|☎|📱", re.IGNORECASE)
# An order, CVR, account or case number right before: not a phone number.
_NUMBER_CONTEXT = re.compile(
    r"(?:\b(?:cvr|ordre|faktura|konto|reg|kunde|sags?|vare|ean|serie|bestillings?|medlems?|"
    r"billet|pin|kode|ref)(?:[.-]?\s?(?:nr|nummer|nummeret|kode))?"
    r"|\b(?:se|p|id)[.-]?\s?(?:nr|nummer))\.?\s*:?\s*$",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(r"\s?(?:kr\b|kr\.|,-|dkk|%|kroner|mio|mia|stk|km|kwh|m2|m²)",
                           re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_IBAN_LENGTHS = {"DK": 18, "FO": 18, "GL": 18, "NO": 15, "SE": 24, "DE": 22, "GB": 22,
                 "NL": 18, "FI": 18, "FR": 27, "ES": 24, "IT": 27, "PL": 28, "BE": 16}
_ACCOUNT = re.compile(
    r"\breg\.?\s?-?(?:nr|nummer)\.?\s*:?\s*(\d{4})[\s,;/-]*(?:og\s+)?"
    r"(?:konto(?:nummer|nr)?\.?\s*:?\s*)?(\d{6,10})\b"
    r"|\bkonto(?:nummer|nr)?\.?\s*:?\s*(\d{4})[\s-](\d{6,10})\b",
    re.IGNORECASE,
)
# Role addresses (info@, kontakt@, …) belong to an organisation, not a person.
_ROLE_MAILBOX = frozenset({
    "info", "kontakt", "mail", "post", "presse", "press", "job", "jobs", "karriere", "hr",
    "support", "service", "kundeservice", "salg", "sales", "hello", "hej", "noreply",
    "no-reply", "admin", "webmaster", "booking", "bestilling", "faktura", "regnskab",
    "marketing", "kommunikation", "office", "kontor", "reception",
})


def _iban_ok(raw: str) -> bool:
    iban = raw.replace(" ", "")
    expected = _IBAN_LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return False
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _phone_digits(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    for prefix in ("0045", "45"):
        if len(digits) == 8 + len(prefix) and digits.startswith(prefix):
            return digits[len(prefix):]
    return digits


class ContactData(Rule):
    name = "contact-data"
    severity = "warning"
    summary = ("Phone numbers, private e-mail addresses and bank accounts of persons stay out "
               "of public posts; the company's own contact points are fine.")
    rationale = (
        "Contact details of customers and colleagues are personal data under GDPR, and a "
        "public post spreads them beyond any purpose they were given for. Danish phone "
        "numbers have eight digits, optionally +45/0045, usually in pairs (»23 45 67 89«) "
        "or fours; dates (»27.11.2026«), times (»kl. 14.30«), prices, CVR and order numbers "
        "are not phone numbers. 70, 80 and 90 numbers are business lines and pass. E-mail "
        "addresses on the company's domains, role addresses such as info@ and the contacts "
        "in compliance.allowed_contacts are fine. IBANs (with a valid checksum) and Danish "
        "account numbers (»reg.nr. 1234 kontonr. 1234567890«) are flagged too.")
    #: A phone number; ``messages`` has e-mail addresses and account numbers.
    message = {
        "da": "Et telefonnummer i et offentligt opslag er persondata. Henvis i stedet til "
              "virksomhedens fælles kontakt, eller få personens samtykke.",
        "en": "Phone numbers in a public post are personal data. Point to the company's shared "
              "contact instead, or get the person's consent.",
    }
    messages = {
        "email": {
            "da": "En privat e-mailadresse i et offentligt opslag er persondata. Henvis i stedet "
                  "til virksomhedens fælles kontakt, eller få personens samtykke.",
            "en": "Private e-mail addresses in a public post are personal data. Point to the "
                  "company's shared contact instead, or get the person's consent.",
        },
        "account": {
            "da": "Et kontonummer i et offentligt opslag er persondata. Henvis i stedet til "
                  "virksomhedens fælles kontakt, eller få personens samtykke.",
            "en": "Account numbers in a public post are personal data. Point to the company's "
                  "shared contact instead, or get the person's consent.",
        },
    }
    examples = [
        bad("Spørgsmål til din nye varmepumpe? Ring til mig på <marker>23 45 67 89</marker>, "
            "så hjælper jeg."),
        bad("Skriv til Mette på <marker>mette.hansen77@gmail.com</marker>, hvis du vil høre "
            "mere."),
        bad("Kontakt Jens direkte: <marker>+45 2345 6789</marker>"),
        bad("Støt indsamlingen på <marker>reg.nr. 1234 kontonr. 1234567890</marker>"),
        bad("Overfør til <marker>DK5000400440116243</marker> senest fredag."),
        bad("Ring til mig på <marker>+4523456789</marker>", note="+45 without spaces"),
        good("Skriv til kundeservice@nordlys.dk eller ring på 70 12 34 56.",
             note="the company's domain and a business number"),
        good("Vi ses kl. 14.30 den 27.11.2026 i Aarhus.", note="time and date"),
        good("Nordlys Energi A/S, CVR 29876543, Strandvejen 12, 8000 Aarhus C.",
             note="CVR number and postcode"),
        good("Ordrenummer 23456789 er sendt i dag.", note="order number"),
        good("Vi har installeret varmepumper i sæsonen 2023 2024 og 2025.",
             note="years side by side"),
        good("Den koster 4995 2995 kr. efter tilskud.", note="amounts"),
        good("Kontakt presse@vestkraft.dk for en kommentar.", note="a role address"),
        good("Ring til Jonas på 23 45 67 89.",
             policy={"compliance": {"allowed_contacts": ["+45 23 45 67 89"]}},
             note="listed in compliance.allowed_contacts"),
        good("IBAN DK5000400440116244 er forkert.", note="checksum fails"),
    ]

    def prepare(self, policy: Policy) -> None:
        self.enabled = policy.compliance.personal_data
        self.domains = tuple(d.lower().removeprefix("www.") for d in policy.company.domains)
        allowed = policy.compliance.allowed_contacts
        self.allowed_emails = frozenset(a.lower() for a in allowed if "@" in a)
        self.allowed_phones = frozenset(_phone_digits(a) for a in allowed if "@" not in a)
        self.allowed_digits = frozenset(re.sub(r"\D", "", a) for a in allowed)
        self.allowed_compact = frozenset(a.replace(" ", "").upper() for a in allowed)
        phones = [a for a in allowed if "@" not in a and len(_phone_digits(a)) == 8]
        self.suggest_email = next((a for a in allowed if "@" in a), None)
        self.suggest_phone = phones[0] if phones else None

    def check(self, ctx: Context) -> Iterator[Hit]:
        if not self.enabled:
            return
        text = ctx.analysis.text
        if "@" in text:
            yield from self._emails(ctx.analysis)
        if not _has_eight_digits(ctx.analysis):
            return
        yield from self._phones(text)
        if "reg" in text.lower() or "konto" in text.lower():
            for m in _ACCOUNT.finditer(text):
                digits = "".join(g for g in m.groups() if g)
                if digits not in self.allowed_digits:
                    yield Hit(m.start(), m.end(), key="account")
        for m in _IBAN.finditer(text):
            compact = m.group().replace(" ", "")
            if _iban_ok(m.group()) and compact not in self.allowed_compact:
                yield Hit(m.start(), m.end(), key="account")

    def _emails(self, analysis: Analysis) -> Iterator[Hit]:
        for e in analysis.emails:
            address = e.text.lower()
            local, _, domain = address.partition("@")
            if address in self.allowed_emails or local in _ROLE_MAILBOX:
                continue
            if any(domain == d or domain.endswith("." + d) for d in self.domains):
                continue
            yield Hit(e.start, e.end, key="email", suggestion=self.suggest_email)

    def _phones(self, text: str) -> Iterator[Hit]:
        for m in _PHONE.finditer(text):
            num = m.group("num")
            digits = re.sub(r"\D", "", num)
            if digits[0] in "01" or digits[:2] in ("70", "80", "90"):
                continue  # short codes, and business lines (shared-cost, free, premium)
            before = text[max(0, m.start() - 30):m.start()]
            if _NUMBER_CONTEXT.search(before) and not _PHONE_CONTEXT.search(before):
                continue
            if _AMOUNT_AFTER.match(text, m.end()):
                continue
            if m.group("cc") is None:
                if len(num) == 8 and not _PHONE_CONTEXT.search(before):
                    continue  # eight bare digits: a phone number only when called one
                if " " in num and len(num) == 9 and all(_YEAR.fullmatch(p) for p in num.split()):
                    continue  # "2023 2024"
            if digits in self.allowed_phones:
                continue
            yield Hit(m.start(), m.end(), suggestion=self.suggest_phone)


# --- special categories (GDPR art. 9) --------------------------------------------------------

def _prev_word_index(toks: Sequence[Tok], i: int) -> int | None:
    j = i - 1
    while j >= 0 and toks[j].space:
        j -= 1
    return j if j >= 0 else None


# Between a person and the linking verb ("Mette, der er …", "Mette er nu …").
_BEFORE_LINK = frozenset({",", "der", "som", "nu", "selv", "desværre", "også", "jo", "lige",
                          "netop", "altså", "(", ")"})
#: Prepositions of a description after a person (`Karen på 67`, `Mikkel fra lageret`,
#: `en af vores kunder i Ikast`): the preposition and the word after it are skipped.
_DESCRIPTION = frozenset({"på", "fra", "i", "hos", "af"})
#: Pronouns and nouns that refer to a person without a name (`hun er gravid`,
#: `en kunde, der er i kemobehandling`).
_PERSON_REFS = frozenset({"han", "hun", "kunde", "kunden", "kunder", "kollega", "kollegaen",
                          "kolleger", "kollegaer", "medarbejder", "medarbejderen", "lærling",
                          "lærlingen", "nabo", "naboen", "mor", "far", "søster", "bror",
                          "svigermor", "svigerfar", "datter", "søn", "pensionist",
                          "pensionisten", "dame", "damen", "kvinde", "kvinden", "manden",
                          "herre", "herren", "montør", "montøren", "sidemand", "sidemanden",
                          "makker", "makkeren", "beboer", "beboeren"})
# Between the linking verb and the term ("har fået kræft", "er blevet sygemeldt").
_AFTER_LINK = frozenset({"haft", "fået", "en", "et", "sin", "sit", "sine", "kronisk",
                         "alvorlig", "alvorligt", "af", "mod", "med", "diagnosen", "konstateret",
                         "været", "blevet", "også", "desværre", "selv", "nu", "for", "fra",
                         "ramt", "kæmpet", "lidt", "svær", "svært", "i", "igen", "endelig",
                         "åbent", "åben", "stolt", "længe", "ud", "som", "tilbage", "efter",
                         "sig", "ind", "hertil", "op", "vokset", "lige", "så", "til",
                         "sprunget", "valgt", "tillidsmand", "tillidskvinde",
                         "tillidsrepræsentant", "behandling", "type", "ældre", "yngre"})
#: Words that make what follows a topic, not a fact about the person named before them
#: (`Mette holdt oplæg om graviditet`, `Jens skrev en artikel om stress`).
_TOPIC_WORDS = frozenset({"om", "omkring", "angående", "vedrørende", "oplæg", "oplægget",
                          "foredrag", "foredraget", "artikel", "artiklen", "kursus", "kurset",
                          "støtter", "støttede", "indsamling", "indsamlingen", "fordel"})
#: How many words back a person may be named for a `personal` term in the same sentence.
_SENTENCE_REACH = 16
# Words that say the next capitalised word is a person ("min kollega Jonna").
_PERSON_NOUNS = frozenset({"kollega", "kollegaen", "kollegaer", "kollegerne", "chef",
                           "chefen", "leder", "lederen", "medarbejder", "medarbejderen",
                           "makker", "ven", "veninde", "mand", "kone", "hustru", "kæreste",
                           "kunde", "kunden"})
_MAX_GAP = 10


class SpecialCategory(Rule):
    name = "special-category"
    severity = "warning"
    summary = ("Health, union membership, religion, ethnicity, sexual orientation or politics "
               "of a named or tagged person only with that person's explicit consent.")
    rationale = (
        "GDPR art. 9 makes these special categories of personal data: processing them "
        "needs the person's explicit consent, and a post is processing. The rule fires only "
        "when a term is tied to a named or @tagged person (»Mette er gravid«, »@Jonas har "
        "fået kræft«, »Mettes sygemelding«), not when a topic is discussed (»vi støtter "
        "Kræftens Bekæmpelse«, »Mette holdt oplæg om diabetes«): a missed case is better "
        "than a colleague's story flagged for nothing.")
    message = {
        "da": "Opslaget fortæller om {owner} {label} (»{term}«). Det er følsomme "
              "persondata: del det kun med {person}s udtrykkelige samtykke.",
        "en": "The post tells about {owner} {label} (»{term}«). That is sensitive personal "
              "data: share it only with {person}'s explicit consent.",
    }
    examples = [
        bad("Kæmpe tillykke til @Sofie med <marker>graviditeten</marker> – vi glæder os "
            "på dine vegne!"),
        bad("Mette Hansen har desværre fået <marker>kræft</marker>, så hun er væk fra "
            "kontoret et stykke tid."),
        bad("Vores kollega Jonna, der er <marker>muslim</marker>, har lært os meget om "
            "ramadanen."),
        bad("Lars er <marker>medlem af 3F</marker> og har været med i forhandlingerne."),
        bad("Mads er blevet <marker>sygemeldt</marker> med stress, så send ham en hilsen."),
        bad("Kunden, en ældre dame med <marker>demens</marker>, kunne ikke huske koden."),
        bad("Vi fejrer, at Karina er blevet gift med Sara – firmaets første "
            "<marker>lesbiske</marker> bryllup."),
        bad("Vores lærling Emil har <marker>ADHD</marker>, og det er hans superkraft."),
        bad("Min sidemand Peter har lige meldt sig ind i <marker>Dansk El-Forbund</marker>."),
        bad("Stor respekt for Mette, der trods sin <marker>depression</marker> har planlagt "
            "sommerfesten."),
        bad("Efter en lang <marker>depression</marker> er Karsten tilbage på lageret."),
        bad("Tillykke til Hanne med de 25 år, også selvom <marker>depressionen</marker> tog et "
            "år fra hende."),
        good("Lars sad i en blind vinkel, da lastbilen bakkede.",
             note="»blind« needs a linking word: an everyday word"),
        good("Mette holdt et oplæg om at være gravid på en byggeplads.",
             note="a topic word (»oplæg om«) between the person and the term"),
        good("Vi har løbet 10.000 kilometer til fordel for Kræftens Bekæmpelse.",
             note="an organisation, no person"),
        good("Mette holdt et skarpt oplæg om diabetes og kost på konferencen.",
             note="a topic, not Mette's health"),
        good("Mange medarbejdere oplever stress i en travl hverdag; her er tre gode råd.",
             note="no named person"),
        good("Tak til Jens for at stå for fagforeningens sommerfest.", note="no link"),
        good("Tak til Birgitte for et ærligt oplæg om trivsel og depression på arbejdspladsen.",
             note="a topic word (»oplæg om«) before the condition"),
        good("Mette hjælper kunder med diabetes med at vælge den rigtige løsning.",
             note="customers as a group (»kunder med«), no one person"),
        good("Lars arbejder som psykolog med mennesker med depression.",
             note="a group (»mennesker med«), no person's own condition"),
        good("Efter corona er Karsten tilbage på kontoret hver dag.",
             note="the pandemic, not a person's illness"),
        good("Peter stemmer på os til Årets Arbejdsplads – gør du?",
             note="»stemme på« without a party"),
    ]

    def prepare(self, policy: Policy) -> None:
        self.enabled = policy.compliance.personal_data
        data = _special_data()
        self.first_names = frozenset(data["first_names"])
        self.links = frozenset(data["links"])
        terms: list[str] = []
        self.info: list[tuple[str, bool, dict[str, str]]] = []
        #: Terms written with a capital in the list (`Dansk El-Forbund`): names themselves.
        self.proper: set[int] = set()
        #: Personal terms that a person named earlier in the sentence is enough for.
        self.loose: set[int] = set()
        for name, cat in data["categories"].items():
            phrases = [f"{v} {p}" for v in cat.get("verbs") or () for p in cat.get("parties") or ()]
            linked_only = {str(t).lower() for t in cat.get("linked_only") or ()}
            for personal, key in ((True, "personal"), (False, "topic")):
                for term in [*(cat.get(key) or ()), *(phrases if personal else ())]:
                    if str(term)[:1].isupper():
                        self.proper.add(len(terms))
                    if key == "personal" and str(term).lower() not in linked_only \
                            and term in (cat.get("personal") or ()):
                        self.loose.add(len(terms))
                    terms.append(str(term))
                    self.info.append((name, personal, cat["label"]))
        self.matcher = TermMatcher(terms, ("surface", "lemma"))
        #: Health conditions that a person in the same sentence owns when a cue ties
        #: them (`trods sin depression`), or when they are definite (`depressionen`).
        not_passing = {str(t).lower() for t in data.get("not_in_passing") or ()}
        health = data["categories"].get("health")
        health_topics = {str(t).lower() for t in (health.get("topic") or ())} if health else set()
        self.passing = {i for i, t in enumerate(terms)
                        if t.lower() in health_topics and t.lower() not in not_passing}
        self.passing_cues = frozenset(str(w).lower() for w in data.get("passing_cues") or ())
        self.passing_fillers = frozenset(str(w).lower() for w in data.get("passing_fillers") or ())
        self.passing_groups = frozenset(str(w).lower() for w in data.get("passing_groups") or ())
        self.terms = terms
        # Prefilter: a match contains each word of its term, as written or as its
        # lemma; the longest word is the rarest, so a post without any is skipped.
        longest = [max(t.lower().split(), key=len) for t in terms]
        self.gate = frozenset(longest) | frozenset(get_lexicon().lemmatise(longest))
        self.companies = frozenset(w for n in [*self.compiled.own_names,
                                               *policy.narrative.competitors]
                                   for w in n.split())

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        gate = self.gate
        if not self.enabled:
            return
        if gate.isdisjoint(a.lowers) and gate.isdisjoint(a.lemmas):
            return
        matches = self.matcher.find(a)
        if not matches:
            return
        toks = a.tokens
        for m in matches:
            _, personal, label = self.info[m.term_index]
            first = toks[m.first_token]
            # A capitalised term inside a sentence is part of a name: Kræftens Bekæmpelse
            # (not a name from the list itself, `Dansk El-Forbund`, nor an abbreviation, `ADHD`).
            if (first.text[:1].isupper() and m.term_index not in self.proper
                    and not (first.text.isupper() and len(first.text) > 1)
                    and (not self._sentence_start(toks, first.i)
                         or self._capitalised(toks, m.last_token + 1))):
                continue
            person = self._person_before(toks, m.first_token, personal)
            if person is None and m.term_index in self.loose:
                person = self._person_in_sentence(toks, m.first_token)
            if person is None and m.term_index in self.passing:
                person = self._in_passing(toks, m.first_token, m.last_token)
            if person is None:
                continue
            # Danish genitive: Mettes, but Lars' and Felix'.
            who: str | ByLang = person
            if person == "personen":
                who = ByLang(da="personen", en="the person")
                owner = ByLang(da="personens", en="the person's")
            else:
                owner = ByLang(da=person + ("'" if person[-1:].lower() in "sxz" else "s"),
                               en=person + "'s")
            yield Hit(m.start, m.end, args={"person": who, "owner": owner,
                                            "term": a.text[m.start:m.end],
                                            "label": ByLang(**label)})

    @staticmethod
    def _sentence_start(toks: Sequence[Tok], i: int) -> bool:
        j = i - 1
        while j >= 0 and toks[j].space and "\n" not in toks[j].text:
            j -= 1
        return j < 0 or toks[j].text in (".", "!", "?", ":", "…") or "\n" in toks[j].text

    @staticmethod
    def _capitalised(toks: Sequence[Tok], i: int) -> bool:
        return i < len(toks) and toks[i].text[:1].isupper()

    def _name_at(self, toks: Sequence[Tok], j: int) -> tuple[str, int] | None:
        """The person whose name ends at token ``j``, and the index of its first token."""
        tok = toks[j]
        text = tok.text
        if text.startswith("@") and len(text) > 1:
            return text[1:], j
        if tok.lower in _PERSON_REFS:
            return "personen", j
        if not text[:1].isupper() or not text.isalpha() or text in self.companies:
            return None
        if text in self.first_names or listed_kind(text) == "first_name":
            return text, j
        if j > 0 and toks[j - 1].text in self.first_names:  # "Mette Hansen"
            return f"{toks[j - 1].text} {text}", j - 1
        if j > 0 and toks[j - 1].text.startswith("@"):  # "@Mette Hansen"
            return f"{toks[j - 1].text[1:]} {text}", j - 1
        if j > 0 and toks[j - 1].lower in _PERSON_NOUNS:  # "min kollega Jonna"
            return text, j
        return None

    def _person_in_sentence(self, toks: Sequence[Tok], i: int) -> str | None:
        """A person named earlier in the sentence of token ``i``, with no topic word
        (`om`, `oplæg`) between them: `Karina er blevet gift med Sara – firmaets første
        lesbiske bryllup`."""
        j = i - 1
        words = 0
        while j >= 0 and words < _SENTENCE_REACH:
            tok = toks[j]
            if tok.space:
                if "\n" in tok.text:
                    return None
                j -= 1
                continue
            if tok.text in (".", "!", "?", ";", ":") or tok.lower in _TOPIC_WORDS:
                return None
            found = self._name_at(toks, j)
            if found is not None:
                return found[0]
            j -= 1
            words += 1
        return None

    def _in_passing(self, toks: Sequence[Tok], first: int, last: int) -> str | None:
        """A person in the sentence owns the condition at tokens ``first``…``last`` when it
        is definite (`også selvom depressionen tog et år fra hende`) or a possessive or a
        preposition of cause comes just before it (`trods sin depression`, `på grund af
        en depression`, `hjemme med depression`, `efter en lang depression er Karsten
        tilbage`); not after a group noun (`mennesker med depression`) or a topic word."""
        word = toks[first].lower
        definite = first == last and word.endswith(("en", "et")) and word not in {
            t.lower() for t in self.terms}
        cue: str | None = None
        j, steps = first - 1, 0
        while not definite and j >= 0 and steps < 4:
            tok = toks[j]
            if tok.space:
                if "\n" in tok.text:
                    return None
                j -= 1
                continue
            low = tok.lower
            if low in self.passing_cues:
                cue = low
                break
            if low not in self.passing_fillers:
                return None
            j -= 1
            steps += 1
        if not definite:
            if cue is None:
                return None
            p = _prev_word_index(toks, j)
            if p is not None and toks[p].lower in self.passing_groups:
                return None  # `mennesker med depression`: a group
        person = self._person_in_sentence(toks, first)
        if person is None:
            person = self._person_after(toks, last)
        if person is None and cue in ("hans", "hendes"):
            person = "personen"
        return person

    def _person_after(self, toks: Sequence[Tok], i: int) -> str | None:
        """A person named later in the sentence of token ``i`` (`Efter en lang depression
        er Karsten tilbage`), with no topic word between."""
        j = i + 1
        words = 0
        while j < len(toks) and words < _SENTENCE_REACH:
            tok = toks[j]
            if tok.space:
                if "\n" in tok.text:
                    return None
                j += 1
                continue
            if tok.text in (".", "!", "?", ";", ":") or tok.lower in _TOPIC_WORDS:
                return None
            if tok.lower not in _PERSON_REFS or tok.lower in ("kunder", "kolleger", "kollegaer"):
                found = self._name_at(toks, j)
                if found is not None and found[0] != "personen":
                    return found[0]
            j += 1
            words += 1
        return None

    def _person_before(self, toks: Sequence[Tok], i: int, personal: bool) -> str | None:
        """A named person tied to the term at token ``i`` by a linking word, or None."""
        j = i - 1
        steps = 0
        linked = False
        # Genitive: "Mettes graviditet".
        if j >= 0 and toks[j].text.endswith("s") and toks[j].text[:-1] in self.first_names:
            return toks[j].text[:-1]
        while j >= 0 and steps < _MAX_GAP:
            tok = toks[j]
            if tok.space:
                if "\n" in tok.text:
                    return None
                j -= 1
                continue
            low = tok.lower
            if tok.text in (".", "!", "?", ";", ":"):
                return None
            if low.isdigit() or (linked and low in _DESCRIPTION):
                j -= 1
                continue
            p = j - 1
            while p >= 0 and toks[p].space:
                p -= 1
            if (p >= 0 and toks[p].lower in _DESCRIPTION and self._name_at(toks, j) is None
                    and linked):
                j = p - 1  # `på 67`, `fra lageret`, `i Ikast`
                steps += 1
                continue
            found = self._name_at(toks, j)
            if found is not None:
                name, first = found
                # "Nu har Mette fået kræft": the linking verb comes before the name.
                before = first - 1
                while before >= 0 and toks[before].space:
                    before -= 1
                inverted = before >= 0 and toks[before].lower in self.links
                return name if (linked or personal or inverted) else None
            if low in self.links:  # also chains: "har fået", "er blevet"
                linked = True
            elif (low == "med" and p >= 0 and self._name_at(toks, p) is not None
                  and toks[p].lower not in self.passing_groups):
                linked = True  # a person *with* it: `en ældre dame med demens` (not `kunder med`)
            elif not ((not linked and low in _AFTER_LINK) or (linked and low in _BEFORE_LINK)):
                return None
            j -= 1
            steps += 1
        return None

