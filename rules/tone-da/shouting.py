"""Shouting: words in capitals, `!!!`, too many exclamation marks, too many emoji."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.lang.da import get_lexicon
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, bad_post, good
from brandguard.textkit import quotes

DATA = PackData.beside(__file__)


class CapsData(DataModel):
    """``data/caps.yaml``: acronyms that are written in capitals and are not shouting."""

    data_file: ClassVar[str] = "caps"

    acronyms: Words


if TYPE_CHECKING:
    from brandguard.analysis import Analysis

_HAS_LOWER = re.compile(r"[^\W\dA-ZÆØÅ_]")
_REPEATED = re.compile(r"[!?]*(?:!{2,}|\?{2,}|[!?]{3,})[!?]*|\?!|!\?")


class Caps(Rule):
    name = "caps"
    severity = "warning"
    summary = "No words or sentences in capitals (acronyms such as CO2, EU, A/S, HR are fine)."
    rationale = (
        "Capitals read as shouting on every platform, and adverts shout; a colleague talks. "
        "A run of words in capitals is a warning; a single word in capitals (`ALLE`) is info, "
        "and not even that in a text full of acronyms, where capitals are names. Acronyms "
        "(CO2, EU, A/S, HR, NATO, USA), words with digits and words that are not Danish words "
        "in lower case (IKEA) are never shouting."
    )
    message = {
        "da": "»{match}« står med store bogstaver og læses som råb. Skriv med almindelige "
              "bogstaver, og lad ordene bære budskabet.",
        "en": "'{match}' is in capitals and reads as shouting. Use normal case and let the "
              "words carry the message.",
    }
    examples = [
        bad("<marker>NU ER DET NU</marker>: vores nye solcelleanlæg er klar.",
            suggestion="Nu er det nu"),
        bad("Vi har sat 40 paneler op, og det er <marker>VIRKELIG</marker> flot."),
        bad("Tak for i dag. <marker>I ER DE BEDSTE</marker>!"),
        good("Vi har sænket CO2-udledningen og fået ny HR-chef i Nordlys Energi A/S."),
        good("Konferencen om EU, NATO og USA samlede ALLE fra HR, IT og CSR."),
        good("Vi besøgte IKEA i Taastrup med vores energirådgivere."),
        good("Mit bedste råd: tjek dit elforbrug, før du tænder for ovnen."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("caps", CapsData)
        self._acronyms = frozenset(w.upper() for w in data["acronyms"])
        names = self.compiled.own_names
        self._names = frozenset(w.upper() for n in names for w in n.split())

    def _is_acronym(self, word: str) -> bool:
        up = word.upper()
        if up in self._acronyms or up in self._names or any(c.isdigit() for c in word):
            return True
        letters = "".join(c for c in word if c.isalpha())
        # Not a Danish word in lower case: a name or an acronym (IKEA, LEGO), not a shout.
        return len(letters) < 2 or not get_lexicon().known(letters.lower())

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        text = a.text
        if not any(c.isupper() for c in text):
            return
        toks = a.tokens
        runs: list[list[int]] = []
        acronyms = 0
        current: list[int] = []
        quoted = quotes(a)
        shouts: set[int] = set()
        for i in a.word_ids:
            word = toks[i].text
            caps = word.isupper() and not _HAS_LOWER.search(word)
            single = caps and sum(c.isalpha() for c in word) == 1  # `I`, `Å`: join a run only
            if caps and not single and self._is_acronym(word):
                acronyms += 1
                caps = False
            if caps:
                if not single:
                    shouts.add(i)
                if current and not _adjacent(a, current[-1], i):
                    runs.append(current)
                    current = []
                current.append(i)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        for run in runs:
            loud = [i for i in run if i in shouts]
            if not loud:
                continue
            start, end = toks[run[0]].start, toks[run[-1]].end
            if any(s <= start and end <= e for s, e in quoted):
                continue
            if len(run) >= 2:
                yield self._hit(text, start, end, None)
            elif len(toks[loud[0]].text) >= 3 and acronyms < 3:
                s1, e1 = toks[loud[0]].start, toks[loud[0]].end
                yield self._hit(text, s1, e1, "info")

    @staticmethod
    def _hit(text: str, start: int, end: int, severity: str | None) -> Hit:
        match = text[start:end]
        fixed = match.lower()
        if start == 0 or text[:start].rstrip().endswith((".", "!", "?", "\n")) or not text[:start].strip():
            fixed = fixed[:1].upper() + fixed[1:]
        return Hit(start, end, args={"match": match}, suggestion=fixed, severity=severity)


def _adjacent(a: Analysis, i: int, j: int) -> bool:
    """Tokens i < j are in one run: only spaces between them, no sentence end."""
    toks = a.tokens
    return all(toks[k].space or toks[k].text in {",", "-", "–", "&"} for k in range(i + 1, j)) \
        and "\n" not in a.text[toks[i].end:toks[j].start]


class RepeatedPunctuation(Rule):
    name = "repeated-punctuation"
    severity = "warning"
    summary = "No `!!!`, `???` or `?!`: one mark is enough."
    rationale = (
        "Repeated exclamation and question marks are shouting in writing and belong to "
        "adverts and clickbait; Dansk Sprognævn's rules use one mark to end a sentence."
    )
    message = {
        "da": "»{match}« råber. Brug ét tegn.",
        "en": "'{match}' shouts. Use one mark.",
    }
    safe_fix = True
    examples = [
        bad("Vi har sat rekord i solceller<marker>!!!</marker>", suggestion="!"),
        bad("Hvem vil med til Klimafestivalen<marker>??</marker>", suggestion="?"),
        bad("Har du set vores nye kontor<marker>?!</marker> Det er flot.", suggestion="?"),
        good("Vi har sat rekord i solceller! Tak til hele holdet."),
        good("Hvem vil med? Skriv til mig."),
        good("Han sagde »Nej!« og gik."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        text = ctx.analysis.prose
        if "!!" not in text and "??" not in text and "?!" not in text and "!?" not in text:
            return
        for m in _REPEATED.finditer(text):
            match = m.group()
            yield Hit(m.start(), m.end(), args={"match": match},
                      suggestion="?" if "?" in match else "!")


class Exclamations(Rule):
    name = "exclamations"
    severity = "warning"
    summary = "At most `tone.max_exclamations` exclamation marks in a post."
    rationale = (
        "A post full of exclamation marks sounds like an advert or like shouting; one or two "
        "carry real enthusiasm better. The limit is the policy's `tone.max_exclamations`."
    )
    message = {
        "da": "Opslaget har {count} udråbstegn; højst {limit} anbefales. Lad de fleste "
              "sætninger ende med punktum.",
        "en": "The post has {count} exclamation marks; at most {limit} are advised. End most "
              "sentences with a full stop.",
    }
    examples = [
        bad("Vi har sat 40 paneler op! Det gik godt! Tak til holdet<marker>!</marker>",
            policy={"tone": {"max_exclamations": 2}}, suggestion="."),
        bad("Ny kollega! Velkommen<marker>!</marker>", policy={"tone": {"max_exclamations": 1}}),
        good("Vi har sat 40 paneler op! Tak til holdet!", policy={"tone": {"max_exclamations": 2}}),
        good("Han råbte »Stop!« og »Vent!«, og så fik vi tjekket taget. Godt gået!",
             policy={"tone": {"max_exclamations": 1}}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        text = a.prose
        limit = ctx.policy.tone.max_exclamations
        if text.count("!") <= limit:
            return
        quoted = quotes(a)
        # Runs (`!!!`) are one mark here: tone.repeated-punctuation flags the run itself.
        marks = [m.start() for m in re.finditer(r"!+", text)
                 if not any(s <= m.start() < e for s, e in quoted)]
        if len(marks) <= limit:
            return
        args = {"count": len(marks), "limit": limit}
        for pos in marks[limit:]:
            yield Hit(pos, pos + 1, args=args, suggestion=".")


class Emoji(Rule):
    name = "emoji"
    severity = "warning"
    summary = "At most `tone.max_emojis` emoji in a post (👍🏽 and 🏳️‍🌈 count one each)."
    rationale = (
        "A few emoji give warmth; a row of them reads as advertising or spam and is hard to "
        "read for screen-reader users, who hear each one's name. Emoji are counted as the "
        "reader sees them (grapheme clusters), against the policy's `tone.max_emojis`."
    )
    message = {
        "da": "Opslaget har {count} emoji; højst {limit} anbefales. Behold dem, der siger mest.",
        "en": "The post has {count} emoji; at most {limit} are advised. Keep the ones that "
              "say the most.",
    }
    suggestion_templates = {
        "cut": {"da": "Skær ned til højst {limit} emoji.", "en": "Cut down to at most {limit} emoji."},
    }
    examples = [
        bad_post("Solceller på taget ☀️☀️☀️ glade kunder 😀😀 og kaffe ☕ 👍🏽",
                 policy={"tone": {"max_emojis": 6}}),
        bad_post("Godmorgen 🌞 fra Aalborg 👋🏽", policy={"tone": {"max_emojis": 1}}),
        good("Stolt af holdet i dag ☀️ Vi har sat 40 paneler op 👍🏽 🏳️‍🌈",
             policy={"tone": {"max_emojis": 3}}),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        emoji = ctx.analysis.emoji
        limit = ctx.policy.tone.max_emojis
        if len(emoji) > limit:
            yield Hit(None, None, args={"count": len(emoji), "limit": limit},
                      suggestion_key="cut")

