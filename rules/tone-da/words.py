"""Words that must not be in a post: profanity and slurs, and the policy's banned phrases.

Both see through spellings meant to slip past a list (``l0rt``, ``f.u.c.k``,
``K Ø B  N U``, Cyrillic look-alikes) with :mod:`brandguard.evasion`; the span
points at the text as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import word_list

DATA = PackData.beside(__file__)


class ProfanityData(DataModel):
    """``data/profanity.yaml``: words by grade (the finding's severity)."""

    data_file: ClassVar[str] = "profanity"

    info: Words = []
    warning: Words = []
    error: Words = []
    #: Words also matched as the first part of a compound (`lortesystem`).
    compound: Words = []


_GRADES = ("info", "warning", "error")


class Profanity(Rule):
    name = "profanity"
    severity = "warning"
    summary = "No swearing or slurs; mild words (sgu) are noted, slurs block the post."
    rationale = (
        "A post in the company's name reaches customers and future colleagues; swearing "
        "(`lort`, `fuck`, `pis`) makes the company sound careless and slurs are never "
        "acceptable (and can be discrimination). The list is graded: mild words such as "
        "`sgu` are info, swearing a warning, slurs an error. Words are matched whole and "
        "inside listed compounds (`lortesystem`), never inside other words (`pistol`, "
        "`piskeris`), and disguised spellings (`l0rt`, `f.u.c.k`) are caught."
    )
    #: A swear word (``warning``); ``messages`` has the mild words and the slurs.
    message = {
        "da": "»{match}« er et bandeord i et opslag i virksomhedens navn. Slet det, eller sig "
              "det samme uden bandeord.",
        "en": "'{match}' is a swear word in a post in the company's name. Remove it or say the "
              "same without swearing.",
    }
    messages = {
        "info": {
            "da": "»{match}« er talesprog, der kan virke lidt groft i et opslag i virksomhedens "
                  "navn. Overvej at udelade det.",
            "en": "'{match}' is casual speech that may seem coarse in a post in the company's "
                  "name. Consider leaving it out.",
        },
        "error": {
            "da": "»{match}« er et skældsord, der rammer en gruppe mennesker i et opslag i "
                  "virksomhedens navn. Slet ordet; det må aldrig stå i et opslag.",
            "en": "'{match}' is a slur against a group of people in a post in the company's "
                  "name. Remove the word; it must never appear in a post.",
        },
    }
    #: By grade: the severity of the word.
    suggestion_templates = {
        "info": {"da": "Udelad ordet.", "en": "Leave the word out."},
        "warning": {"da": "Sig det samme uden bandeord.", "en": "Say the same without swearing."},
        "error": {"da": "Slet skældsordet.", "en": "Remove the slur."},
    }
    examples = [
        bad("Det nye bookingsystem er noget <marker>lort</marker>, men vi finder en løsning.",
            suggestion="Sig det samme uden bandeord."),
        bad("Montørerne var <marker>pissedårlige</marker> til at rydde op i dag."),
        bad("Det var <marker>sgu</marker> en god dag på taget i Vejle."),
        bad("Sikke en uge, <marker>f.u.c.k</marker> hvor har vi haft travlt."),
        bad("Hele projektet var noget <marker>l0rt</marker> fra start."),
        good("Montøren fik sin piskeris med hjem fra kantinen."),
        good("Mit bedste tip is: tjek filteret i varmepumpen hver måned."),
        good("Vi har ryddet op i pistolstarten på sommerløbet."),
        good("Solcellerne klarede sig fint, selv i det skidt vejr sidste uge."),
        good("Det var en spændende tur til Mongoliet for vores projektleder."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("profanity", ProfanityData)
        self._grade: dict[str, str] = {}
        terms: list[str] = []
        for grade in _GRADES:
            for word in data.get(grade) or []:
                self._grade[word.lower()] = grade
                terms.append(word)
        self._words = word_list(terms, compound=data.get("compound") or [])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        for m in self._words.find(a):
            grade = self._grade.get(m.term.lower(), "warning")
            yield Hit(m.start, m.end, severity=grade, args={"match": a.text[m.start:m.end]},
                      key=grade if grade in self.messages else None, suggestion_key=grade)


class BannedPhrase(Rule):
    name = "banned-phrase"
    severity = "warning"
    summary = "None of the phrases the policy bans (tone.banned_phrases)."
    rationale = (
        "The company lists phrases it never wants in its employees' voice (advertising "
        "clichés, old slogans, words from a crisis). They are matched as written and on "
        "lemmas (a base-form entry matches its inflections; an inflected entry such as "
        "`bedste pris` does not match `god pris`), and disguised spellings (`k u n  i  d a g`, "
        "`b3dste pris`) are caught too."
    )
    message = {
        "da": "»{match}« står på virksomhedens liste over ord og vendinger, der ikke skal bruges "
              "i opslag. Skriv det med dine egne ord.",
        "en": "'{match}' is on the company's list of phrases not to use in posts. "
              "Say it in your own words.",
    }
    suggestion_templates = {
        "own-words": {"da": "Skriv det med dine egne ord.", "en": "Say it in your own words."},
    }
    examples = [
        bad("Vi har <marker>markedets bedste</marker> service.",
            policy={"tone": {"banned_phrases": ["markedets bedste"]}},
            suggestion="Skriv det med dine egne ord."),
        bad("Den <marker>b3dste pris</marker> i byen.",
            policy={"tone": {"banned_phrases": ["bedste pris"]}}),
        bad("Det er <marker>k u n   i   d a g</marker>, vi er på messen.",
            policy={"tone": {"banned_phrases": ["kun i dag"]}}),
        bad("Solceller uden <marker>bindinger</marker> i fem år.",
            policy={"tone": {"banned_phrases": ["binding"]}}),
        good("Familien fik en god pris på sin varmepumpe.",
             policy={"tone": {"banned_phrases": ["bedste pris"]}}),
        good("Det er kun i morgen, vi er på messen.",
             policy={"tone": {"banned_phrases": ["kun i dag"]}}),
        good("Vi har markedets bedste service.", policy={"tone": {"banned_phrases": []}}),
    ]

    def prepare(self, policy: Policy) -> None:
        self._words = word_list(list(policy.tone.banned_phrases))

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        for m in self._words.find(a):
            yield Hit(m.start, m.end, args={"match": a.text[m.start:m.end]},
                      suggestion_key="own-words")

