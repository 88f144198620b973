"""Danish numbers: thousands separators and numbers in words (Retskrivningsordbogen).

The pack's other number rules are YAML patterns beside this file (decimal-comma,
percent-space, currency, time, date, number-hyphen). These two stay Python: the
thousands separator is the policy's choice (and the other style is only info),
and a number in words is split into its parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brandguard.facets import LOWER_TEXT
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good

_EN_THOUSANDS_RE = re.compile(
    r"(?<![\d.,])(?!0,)(?P<num>\d{1,3}(?:,\d{3}){2,}|\d{1,3},\d{3}(?=\s?(?:kr\.?|kroner|dkk|euro|husstande|"
    r"familier|kunder|medarbejdere|personer|følgere|boliger|huse|mennesker|danskere|brugere|"
    r"deltagere|elever|km|kWh|ton)(?!\w)))(?![\d,])")
_POINT_THOUSANDS_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]*\d)")
_SPACE_THOUSANDS_RE = re.compile(r"(?<![\d.,] )(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]*\d)")
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
_GROUPED = re.compile(r"\d[ ,]\d\d\d").search
_BIG = ("hundrede", "tusinde", "tusind", "million", "millioner", "milliard", "milliarder")
#: What every word of _BIG holds.
_BIG_STEMS = ("hundrede", "tusind", "million", "milliard")
_BIG_STEM_RE = re.compile("|".join(_BIG_STEMS))


class _NumberRule(Rule):
    severity = "warning"
    safe_fix = True
    message = {"da": "Skriv `{suggestion}`, ikke `{match}`.",
               "en": "Write `{suggestion}`, not `{match}`."}

    def _hit(self, start: int, end: int, found: str, right: str) -> Hit:
        return Hit(start, end, suggestion=right, args={"match": found, "suggestion": right})


class ThousandsSeparator(_NumberRule):
    name = "thousands-separator"
    summary = "Thousands are grouped with a point or a space (the policy's choice), not a comma."
    rationale = ("`10,000` is English; Danish groups thousands with a point (`10.000`, the "
                 "Folketing's and most newspapers' style) or a space (`10 000`, the EU's Danish "
                 "style guide). A brand picks one (style.thousands_separator); the other style is "
                 "flagged as information.")
    message = {"da": "Skriv tusindtal som `{suggestion}`, ikke `{match}`.",
               "en": "Write thousands as `{suggestion}`, not `{match}`."}
    examples = [
        bad("Vi har hjulpet <marker>10,000</marker> familier.", suggestion="10.000"),
        bad("Budgettet er <marker>1,200,000</marker> kr.", suggestion="1.200.000"),
        bad("Vi har <marker>10.000</marker> kunder.", suggestion="10 000",
            policy={"style": {"thousands_separator": "space"}}),
        good("Vi har hjulpet 10.000 familier og brugt 2,500 liter vand."),
        good("Til sammenligning koster vores proteinpulver 0,163 kr. pr. gram."),
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


class NumberWords(_NumberRule):
    name = "number-words"
    summary = "Large numbers in words are written apart: `tre tusinde`, `fem hundrede`."
    rationale = ("Retskrivningsordbogen: `hundrede`, `tusind(e)`, `million` and `milliard` are "
                 "written as separate words (`fem hundrede`, `tre tusinde`); only the units and "
                 "tens go together (`treoghalvtreds`). LanguageTool's rule `talord`.")
    message = {"da": "Skriv talordet i flere ord: `{suggestion}`.",
               "en": "Write the number as separate words: `{suggestion}`."}
    examples = [
        bad("Der var <marker>femhundrede</marker> kanoer.", suggestion="fem hundrede"),
        bad("Der var <marker>femtusindeogtreoghalvtreds</marker> kanoer.",
            suggestion="fem tusinde og treoghalvtreds"),
        good("Der var fem hundrede kanoer, treoghalvtreds både og et tusinde gæster."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        # The shared lower-case text first (a stem in the prose is one in the text: the prose
        # only blanks addresses and tags), in C; most posts have no big number word.
        if not any(map(ctx.analysis[LOWER_TEXT].__contains__, _BIG_STEMS)):
            return
        prose = ctx.analysis.prose
        low = prose.lower()
        if not any(b in low for b in _BIG_STEMS):
            return
        for m in _WORD_RUN_RE.finditer(prose):
            run = m.group()
            # A run without a big number word is never flagged (below): skip the split.
            if "-" in run or _BIG_STEM_RE.search(run.lower()) is None \
                    or not _is_number_words(run):
                continue
            parts = _NUMBER_PART_RE.findall(m.group())
            if not any(p.lower() in _BIG for p in parts) or len(parts) < 2:
                continue
            right = " ".join(parts)
            if right == m.group():
                continue
            yield self._hit(m.start(), m.end(), m.group(), right)

