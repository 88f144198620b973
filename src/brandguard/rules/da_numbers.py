"""Danish numbers, money, dates and times (Dansk Sprognævn; Retskrivningsordbogen).

All patterns run on ``analysis.prose``; each rule first tests for a cheap trigger
(a digit, `%`, `kr`, `kl`) so most posts cost one ``in`` test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..hookspecs import hookimpl
from ..policy import Policy
from ..rule import Context, Hit, Rule, bad, good

_UNITS = (r"(?:mio\.?|mia\.?|millioner|million|milliarder|milliard|procent|procentpoint|%|kr\.?|"
          r"kroner|euro|gange|grader|kWh|MWh|GWh|kW|MW|GW|kg|km|meter|m2|m²|liter|ton|timer|"
          r"minutter|sekunder|år|point|stjerner)")
_DECIMAL_RE = re.compile(r"(?<![\d.,])(?P<int>\d{1,3})\.(?P<dec>\d{1,2})(?![\d.,]*\d)(?=\s?" + _UNITS + r"(?!\w))")
_EN_THOUSANDS_RE = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3}){2,}|\d{1,3},\d{3}(?=\s?(?:kr\.?|kroner|dkk|euro|husstande|"
    r"familier|kunder|medarbejdere|personer|følgere|boliger|huse|mennesker|danskere|brugere|"
    r"deltagere|elever|km|kWh|ton)(?!\w)))(?![\d,])")
_POINT_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]*\d)")
_SPACE_THOUSANDS_RE = re.compile(r"(?<![\d.,] )(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]*\d)")
_PERCENT_RE = re.compile(r"(?<=\d)%")
_KR_BEFORE_RE = re.compile(r"(?<![\w.])(?P<kr>kr\.?|DKK) ?(?P<num>\d[\d.]*(?:,\d{1,2}|,-)?)(?!\w)")
_KR_NO_DOT_RE = re.compile(r"(?<=\d)(?P<sp> ?)(?P<kr>kr)(?![.\w/])")
_TIME_RE = re.compile(r"(?<!\w)(?P<kl>kl\.?) ?(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d{2}))?(?![\d:.]\d)")
_MONTHS = ("januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december")
_DATE_RE = re.compile(r"(?<![\w.,])(?P<day>[1-9]|[12]\d|3[01])(?P<sep> )(?=(?:" + _MONTHS + r")(?![\w-]))",
                      re.IGNORECASE)
_HYPHEN_NUM_RE = re.compile(
    r"(?<![\w.,])(?P<num>\d+) (?P<word>årig\w*|år-\w+|års-\w+|tallet|tallets|tal|tallene|"
    r"dobbelt\w*|procents\w+)\b")
_HYPHEN_HEADS = frozenset({"HR", "IT", "PR", "CSR", "ESG", "EU", "FN", "CO2", "AI", "SoMe", "KPI",
                           "B2B", "LinkedIn", "Facebook", "Instagram", "TikTok", "YouTube", "Teams",
                           "Excel", "Google", "Outlook"})
_HYPHEN_RE = re.compile(
    r"\b(?P<abbr>HR|IT|PR|CSR|ESG|EU|FN|CO2|AI|SoMe|KPI|B2B) (?P<word2>chef\w*|afdeling\w*|"
    r"medarbejder\w*|konsulent\w*|ansvarlig\w*|system\w*|strategi\w*|rapport\w*|mål\w*|"
    r"udledning\w*|aftale\w*|team\w*)\b"
    r"|\b(?P<brand>LinkedIn|Facebook|Instagram|TikTok|YouTube|Teams|Excel|Google|Outlook) "
    r"(?P<word3>opslag\w*|profil\w*|side\w*|gruppe\w*|annonce\w*|kampagne\w*|møde\w*|konto\w*|"
    r"netværk\w*|video\w*)\b")
_NUMBER_WORD_PART = (r"(?:(?:en|et|to|tre|fire|fem|seks|syv|otte|ni)og(?:tyve|tredive|fyrre|halvtreds|"
                     r"tres|halvfjerds|firs|halvfems)|elleve|tolv|tretten|fjorten|femten|seksten|"
                     r"sytten|atten|nitten|tyve|tredive|fyrre|halvtreds|tres|halvfjerds|firs|"
                     r"halvfems|en|et|to|tre|fire|fem|seks|syv|otte|ni|ti|hundrede|tusinde|tusind|"
                     r"millioner|million|milliarder|milliard|og)")
_NUMBER_PART_RE = re.compile(_NUMBER_WORD_PART, re.IGNORECASE)
# A whole word (no hyphen either side); whether it is made of number words is decided by
# _number_word_parts (dynamic programming: a regex `(?:part){2,}` with overlapping parts
# such as `enogtyve` / `en`+`og`+`tyve` backtracks exponentially).
_WORD_RUN_RE = re.compile(r"[\w-]+")
_PARTS = tuple(sorted({p for p in re.sub(r"[()?:]", " ", _NUMBER_WORD_PART).replace("|", " ").split()
                       if p.isalpha()}))
_COMPOUND_UNITS = tuple(f"{u}og{t}" for u in ("en", "et", "to", "tre", "fire", "fem", "seks", "syv",
                                               "otte", "ni")
                        for t in ("tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds",
                                  "firs", "halvfems"))
_ALL_PARTS = frozenset(_PARTS) | frozenset(_COMPOUND_UNITS)
_LONGEST_PART = max(map(len, _ALL_PARTS))


def _is_number_words(word: str) -> bool:
    """True if ``word`` is two or more number words run together (linear time)."""
    low = word.lower()
    if len(low) != len(word) or not low.isalpha():
        return False
    n = len(low)
    # most[i]: the most parts (capped at 2) that spell low[:i]; -1 if none do.
    most = [-1] * (n + 1)
    most[0] = 0
    for i in range(n):
        if most[i] < 0:
            continue
        for j in range(i + 1, min(n, i + _LONGEST_PART) + 1):
            if low[i:j] in _ALL_PARTS:
                most[j] = max(most[j], min(2, most[i] + 1))
    return most[n] >= 2
_DIGIT = re.compile(r"\d").search
_DECIMAL_GATE = re.compile(r"\d\.\d").search
_GROUPED = re.compile(r"\d[ ,]\d\d\d").search
_BIG = ("hundrede", "tusinde", "tusind", "million", "millioner", "milliard", "milliarder")


def _msg(da: str, en: str) -> dict[str, str]:
    return {"da": da, "en": en}


class _NumberRule(Rule):
    category = "language"
    severity = "warning"
    pack = "da"
    safe_fix = True
    message = _msg("Skriv `{suggestion}`, ikke `{match}`.", "Write `{suggestion}`, not `{match}`.")

    def _hit(self, start: int, end: int, found: str, right: str) -> Hit:
        return Hit(start, end, suggestion=right, args={"match": found, "suggestion": right})


class DecimalComma(_NumberRule):
    id = "da.decimal-comma"
    summary = "Danish uses a decimal comma: `3,5 mio.`, not `3.5 mio.`."
    rationale = ("In Danish the comma separates decimals and the point groups thousands "
                 "(Retskrivningsordbogen § 47; Dansk Sprognævn). `3.5 mio.` reads as English. "
                 "Only a number followed by a unit is flagged, so times (`14.30`) and dates pass.")
    message = _msg("Brug decimalkomma: `{suggestion}`, ikke `{match}`.",
                   "Use a decimal comma: `{suggestion}`, not `{match}`.")
    examples = [
        bad("Vi investerer <marker>3.5</marker> mio. kr. i nye solceller.", suggestion="3,5"),
        bad("Elprisen steg <marker>2.4</marker> procent.", suggestion="2,4"),
        good("Vi investerer 3,5 mio. kr. Mødet er kl. 14.30 den 3.12."),
        good("Prisen er 1.500 kr."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if not _DECIMAL_GATE(prose):
            return
        for m in _DECIMAL_RE.finditer(prose):
            right = f"{m.group('int')},{m.group('dec')}"
            yield self._hit(m.start(), m.end(), m.group(), right)


class ThousandsSeparator(_NumberRule):
    id = "da.thousands-separator"
    summary = "Thousands are grouped with a point or a space (the policy's choice), not a comma."
    rationale = ("`10,000` is English; Danish groups thousands with a point (`10.000`, the "
                 "Folketing's and most newspapers' style) or a space (`10 000`, the EU's Danish "
                 "style guide). A brand picks one (style.thousands_separator); the other style is "
                 "flagged as information.")
    message = _msg("Skriv tusindtal som `{suggestion}`, ikke `{match}`.",
                   "Write thousands as `{suggestion}`, not `{match}`.")
    examples = [
        bad("Vi har hjulpet <marker>10,000</marker> familier.", suggestion="10.000"),
        bad("Budgettet er <marker>1,200,000</marker> kr.", suggestion="1.200.000"),
        bad("Vi har <marker>10.000</marker> kunder.", suggestion="10 000",
            policy={"style": {"thousands_separator": "space"}}),
        good("Vi har hjulpet 10.000 familier og brugt 2,500 liter vand."),
        good("Vi har 10 000 kunder.", policy={"style": {"thousands_separator": "space"}}),
    ]

    def prepare(self, policy: Policy) -> None:
        self._sep = "." if policy.style.thousands_separator == "point" else " "

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if self._sep == "." and not _GROUPED(prose):
            return  # neither `10,000` nor `10 000`
        for m in _EN_THOUSANDS_RE.finditer(prose):
            right = m.group().replace(",", self._sep)
            yield self._hit(m.start(), m.end(), m.group(), right)
        other = _SPACE_THOUSANDS_RE if self._sep == "." else _POINT_THOUSANDS_RE
        for m in other.finditer(prose):
            found = m.group()
            if self._sep == " " and len(found.split(".")[-1]) == 3 and found.count(".") == 1 \
                    and prose[m.end():m.end() + 1] == "." and prose[m.end() + 1:m.end() + 2].isdigit():
                continue
            right = found.replace(" " if self._sep == "." else ".", self._sep)
            yield Hit(m.start(), m.end(), suggestion=right, severity="info",
                      args={"match": found, "suggestion": right})


class PercentSpace(_NumberRule):
    id = "da.percent-space"
    summary = "A space between the number and the percent sign: `25 %`."
    rationale = ("Dansk Sprognævn: the percent sign is written with a space after the number "
                 "(`25 %`), like a unit; or write `procent`.")
    message = _msg("Sæt mellemrum før procenttegnet: `{suggestion}`.",
                   "Put a space before the percent sign: `{suggestion}`.")
    examples = [
        bad("Vi har sænket udledningen med <marker>25%</marker>.", suggestion="25 %"),
        good("Vi har sænket udledningen med 25 % eller 25 procent."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if "%" not in prose:
            return
        for m in _PERCENT_RE.finditer(prose):
            s = m.start()
            while s > 0 and (prose[s - 1].isdigit() or prose[s - 1] in ".,") and \
                    (prose[s - 1].isdigit() or prose[s - 2:s - 1].isdigit()):
                s -= 1
            found = prose[s:m.end()]
            yield self._hit(s, m.end(), found, found[:-1] + " %")


class Currency(_NumberRule):
    id = "da.currency"
    summary = "Kroner after the amount, with a full stop: `500 kr.`."
    rationale = ("Dansk Sprognævn: the currency follows the amount (`500 kr.`), and `kr.` is an "
                 "abbreviation with a full stop. `DKK` is the ISO code for tables and prices "
                 "across currencies.")
    message = _msg("Skriv beløbet som `{suggestion}`.", "Write the amount as `{suggestion}`.")
    examples = [
        bad("Prisen er <marker>kr 500</marker> om måneden.", suggestion="500 kr."),
        bad("Prisen er <marker>kr. 1.500</marker> om måneden.", suggestion="1.500 kr."),
        bad("Det koster 500 <marker>kr</marker> om måneden.", suggestion="kr."),
        good("Det koster 500 kr. om måneden, eller 1.500 kr. pr. kvartal. Prisen er 500 kr."),
        good("Kr. Jensen har plads 5 i kr/md-tabellen."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if "kr" not in prose and "DKK" not in prose:
            return
        for m in _KR_BEFORE_RE.finditer(prose):
            if m.group("kr") == "DKK" or re.search(r"\d ?$", prose[max(0, m.start() - 2):m.start()]):
                continue  # DKK 500 is the ISO style; `500 kr. 1.500` is two amounts
            num = m.group("num").rstrip(".")
            if num.endswith(",-"):
                num = num[:-2]
            end = m.start("num") + len(m.group("num").rstrip("."))
            yield self._hit(m.start(), end, prose[m.start():end], f"{num} kr.")
        for m in _KR_NO_DOT_RE.finditer(prose):
            yield self._hit(m.start("kr"), m.end("kr"), "kr", "kr.")


class Time(_NumberRule):
    id = "da.time"
    summary = "Clock times as `kl. 14.30`: `kl.` with a full stop, a point between hours and minutes."
    rationale = ("Dansk Sprognævn: `kl.` is an abbreviation with a full stop, and hours and "
                 "minutes are separated by a full stop (`kl. 14.30`); the colon is the English "
                 "and digital-clock style.")
    message = _msg("Skriv klokkeslættet som `{suggestion}`.", "Write the time as `{suggestion}`.")
    examples = [
        bad("Vi mødes <marker>kl 14:30</marker> i kantinen.", suggestion="kl. 14.30"),
        bad("Vi mødes <marker>kl. 9:00</marker> i kantinen.", suggestion="kl. 9.00"),
        bad("Vi mødes <marker>kl 10</marker> i kantinen.", suggestion="kl. 10"),
        good("Vi mødes kl. 14.30 eller kl. 10 i kantinen."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if "kl" not in prose:
            return
        for m in _TIME_RE.finditer(prose):
            if m.group("kl") == "kl." and m.group("sep") in (None, "."):
                continue
            right = f"kl. {m.group('h')}" + (f".{m.group('m')}" if m.group("m") else "")
            yield self._hit(m.start(), m.end(), m.group(), right)


class Date(_NumberRule):
    id = "da.date"
    summary = "A full stop after the day in a date: `den 3. december`."
    rationale = ("Danish ordinal numbers written with digits take a full stop: `den 3. december` "
                 "(Retskrivningsordbogen; Dansk Sprognævn). Months are lower case "
                 "(see da.lowercase-names).")
    message = _msg("Sæt punktum efter dagen: `{suggestion}`.",
                   "Put a full stop after the day: `{suggestion}`.")
    examples = [
        bad("Vi ses den <marker>3</marker> december.", suggestion="3."),
        bad("Fristen er <marker>15</marker> januar 2026.", suggestion="15."),
        good("Vi ses den 3. december og igen 15. januar 2026. Vi har 3 majstænger og 2 juli-tilbud."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if not _DIGIT(prose):
            return
        for m in _DATE_RE.finditer(prose):
            day = m.group("day")
            yield self._hit(m.start("day"), m.end("day"), day, day + ".")


class NumberHyphen(_NumberRule):
    id = "da.number-hyphen"
    summary = "A hyphen joins a number or an abbreviation to a word: `3-årig`, `1700-tallet`, `HR-chef`."
    rationale = ("Retskrivningsordbogen § 19: compounds with digits or abbreviations are joined "
                 "with a hyphen (`3-årig`, `1700-tallet`, `30-års-krigen`, `HR-chef`, "
                 "`LinkedIn-opslag`); written apart they split the compound. LanguageTool's "
                 "`Tal-bindestreger`.")
    message = _msg("Skriv med bindestreg: `{suggestion}`.", "Join with a hyphen: `{suggestion}`.")
    examples = [
        bad("Han er et <marker>3 årigt</marker> barn.", suggestion="3-årigt"),
        bad("I <marker>1700 tallet</marker> fandtes ingen fly.", suggestion="1700-tallet"),
        bad("Vi har fået en ny <marker>HR chef</marker>.", suggestion="HR-chef"),
        bad("Se mit <marker>LinkedIn opslag</marker> om solceller.", suggestion="LinkedIn-opslag"),
        good("Et 3-årigt barn, 1700-tallet, 30 års erfaring, HR-chefen og mit LinkedIn-opslag."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        prose = a.prose
        if _DIGIT(prose):
            for m in _HYPHEN_NUM_RE.finditer(prose):
                yield self._hit(m.start(), m.end(), m.group(), f"{m.group('num')}-{m.group('word')}")
        if any(t.text in _HYPHEN_HEADS for t in a.tokens):
            for m in _HYPHEN_RE.finditer(prose):
                head = m.group("abbr") or m.group("brand")
                word = m.group("word2") or m.group("word3")
                yield self._hit(m.start(), m.end(), m.group(), f"{head}-{word}")


class NumberWords(_NumberRule):
    id = "da.number-words"
    summary = "Large numbers in words are written apart: `tre tusinde`, `fem hundrede`."
    rationale = ("Retskrivningsordbogen: `hundrede`, `tusind(e)`, `million` and `milliard` are "
                 "written as separate words (`fem hundrede`, `tre tusinde`); only the units and "
                 "tens go together (`treoghalvtreds`). LanguageTool's rule `talord`.")
    message = _msg("Skriv talordet i flere ord: `{suggestion}`.",
                   "Write the number as separate words: `{suggestion}`.")
    examples = [
        bad("Der var <marker>femhundrede</marker> kanoer.", suggestion="fem hundrede"),
        bad("Der var <marker>femtusindeogtreoghalvtreds</marker> kanoer.",
            suggestion="fem tusinde og treoghalvtreds"),
        good("Der var fem hundrede kanoer, treoghalvtreds både og et tusinde gæster."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        low = prose.lower()
        if not any(b in low for b in ("hundrede", "tusind", "million", "milliard")):
            return
        for m in _WORD_RUN_RE.finditer(prose):
            if "-" in m.group() or not _is_number_words(m.group()):
                continue
            parts = _NUMBER_PART_RE.findall(m.group())
            if not any(p.lower() in _BIG for p in parts) or len(parts) < 2:
                continue
            right = " ".join(parts)
            if right == m.group():
                continue
            yield self._hit(m.start(), m.end(), m.group(), right)


@hookimpl
def brandguard_rules() -> list[Rule]:
    return [DecimalComma(), ThousandsSeparator(), PercentSpace(), Currency(), Time(), Date(),
            NumberHyphen(), NumberWords()]
