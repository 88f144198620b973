"""Shouting: words in capitals.

`!!!` and `?!` (repeated-punctuation.yaml), too many exclamation marks
(exclamations.yaml) and too many emoji (emoji.yaml) are YAML rules beside this file.
Capitals need logic: acronyms, names and words that are not Danish are not shouting,
and a run of capitals is a louder shout than one word.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from itertools import compress, count, repeat
from typing import TYPE_CHECKING, ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.lang.da import get_lexicon
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good
from brandguard.textkit import quotes

DATA = PackData.beside(__file__)


class CapsData(DataModel):
    """``data/caps.yaml``: acronyms that are written in capitals and are not shouting."""

    data_file: ClassVar[str] = "caps"

    acronyms: Words


if TYPE_CHECKING:
    from brandguard.analysis import Analysis

_HAS_LOWER = re.compile(r"[^\W\dA-ZÆØÅ_]")


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
        if not any(map(str.isupper, text)):  # in C: this runs on every post
            return
        toks = a.tokens
        # A finding needs a shout: a word in capitals of two letters or more (tested in C).
        words = a.words
        if not any(map(operator.and_, map(str.isupper, words),
                       map(operator.lt, repeat(1), map(len, words)))):
            return
        runs: list[list[int]] = []
        acronyms = 0
        current: list[int] = []
        quoted = quotes(a)
        shouts: set[int] = set()
        ids = a.word_ids
        # Only the words with capitals are visited (found in C); any other word between
        # two of them ends a run, as it would if visited.
        before = -2
        for k in compress(count(), map(str.isupper, words)):
            if k != before + 1 and current:
                runs.append(current)
                current = []
            before = k
            i = ids[k]
            word = words[k]
            caps = not _HAS_LOWER.search(word)
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
