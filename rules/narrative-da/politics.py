"""Danish party politics in a programme post, built in (independent of the policy)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from brandguard.datafiles import DataModel, Pattern, Words
from brandguard.facets import FOLDED_TEXT, LOWER_TEXT
from brandguard.lang.da import parties
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.regexgate import GatedPattern
from brandguard.rule import Context, Hit, Rule, bad, good

DATA = PackData.beside(__file__)


class PoliticsData(DataModel):
    """``data/politics.yaml``: politicians and the patterns around parties (the parties
    themselves are brandguard.lang.da's names: :func:`party_names`)."""

    data_file: ClassVar[str] = "politics"
    ambiguous: Words = []
    not_party_after: Words = []
    political_context: Pattern
    politicians: Words = []
    phrases: Pattern
    vote: Pattern
    letters: Pattern


def party_names() -> list[str]:
    """The parties in or recently in Folketinget (brandguard.lang.da, data/names.yaml)."""
    return list(parties())


def _name_pattern(names: Sequence[str]) -> GatedPattern:
    """Proper names, case-sensitive, with genitive -s and hyphenated compounds
    (`Venstres`, `Venstre-borgmester`)."""
    body = "|".join(r"\s+".join(re.escape(w) for w in n.split())
                    for n in sorted(set(names), key=len, reverse=True))
    return GatedPattern(rf"(?<![\w-])(?:{body})(?:s|'s?|-\w+)?(?![\w])")


@dataclass(frozen=True)
class _Compiled:
    parties: GatedPattern
    ambiguous: frozenset[str]
    not_after: frozenset[str]
    context: GatedPattern
    politicians: GatedPattern
    phrases: GatedPattern
    vote: GatedPattern
    letters: GatedPattern


def _compile(policy: Policy) -> _Compiled:
    d = DATA("politics", PoliticsData)  # validated once: a broken file names file, line, key
    parties = party_names()
    return _Compiled(
        parties=_name_pattern(parties),
        ambiguous=frozenset(d["ambiguous"]),
        not_after=frozenset(d["not_party_after"]),
        context=GatedPattern(d["political_context"]),
        politicians=_name_pattern(list(d["politicians"])),
        phrases=GatedPattern(d["phrases"]),
        vote=GatedPattern(d["vote"]),
        letters=GatedPattern(d["letters"]),
    )


class Politics(Rule):
    name = "politics"
    severity = "warning"
    summary = ("No party politics: parties and their abbreviations, candidates, elections "
               "and voting advice (Radikale Venstre, Stem K, har min stemme).")
    rationale = (
        "A programme post speaks in the company's name, and a company that takes sides in "
        "party politics loses customers and colleagues on the other side; most advocacy "
        "guidelines keep party politics out of company posts, whatever the policy's own "
        "off-limits list says. The rule knows the parties of Folketinget and their usual "
        "abbreviations, leading politicians, elections, candidacies, blocs and voting "
        "phrases. Party names are matched with their capital: `Venstre` is the party, "
        "`til venstre` a direction, `konservative antagelser` and `et radikalt nyt design` "
        "ordinary words; a name that is also a common word (`Alternativet`) counts at the "
        "start of a sentence only when the sentence is about politics. `har min stemme` "
        "counts only next to a party, a politician or an election (`Sara har min stemme` "
        "for an award passes). A neutral fact about a law (`et bredt flertal i Folketinget "
        "vedtog`) is not party politics."
    )
    message = {
        "da": "»{match}« er partipolitik. Et opslag i programmet taler på virksomhedens vegne; "
              "hold partier, kandidater og valg ude af det.",
        "en": "'{match}' is party politics. A programme post speaks for the company; keep "
              "parties, candidates and elections out of it.",
    }
    suggestion_templates = {
        "work": {"da": "Fortæl om jeres arbejde i stedet, fx hvad en ny regel betyder for "
                       "kunderne.",
                 "en": "Tell about your work instead, e.g. what a new rule means for "
                       "customers."},
    }
    examples = [
        bad("Jeg stemmer <marker>Radikale Venstre</marker> på tirsdag.",
            suggestion="Fortæl om jeres arbejde i stedet, fx hvad en ny regel betyder for "
                       "kunderne."),
        bad("Ny <marker>Venstre-borgmester</marker> i Viborg."),
        bad("<marker>Stem K</marker> til valget – de vil have solceller på sygehusene."),
        bad("Pia Olsen Dyhr <marker>har min stemme</marker>."),
        good("Drej til venstre ved rundkørslen, så ligger lageret der."),
        good("Vi har brugt konservative antagelser i beregningen."),
        good("Vi har et radikalt nyt design på vores varmepumper."),
        good("Alternativet til en varmepumpe er tit fjernvarme."),
        good("Lærlingeprisen 2026: Sara har min stemme!"),
        good("Tilskuddet stiger, som et bredt flertal i Folketinget vedtog i foråret."),
    ]

    def prepare(self, policy: Policy) -> None:
        self._c = self.compiled.part(_compile)

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        text = a.text
        lower = a[LOWER_TEXT]
        c = self._c
        starts = [s.start for s in a.sentences] or [0]
        found: list[tuple[int, int]] = []
        # Each pattern runs only on posts with one of the words its matches need.
        folded = a[FOLDED_TEXT]
        political = {max(0, bisect_right(starts, m.start()) - 1)
                     for m in c.context.finditer(lower, folded)}
        for pattern in (c.parties, c.politicians):
            for m in pattern.finditer(text, folded):
                if pattern is c.parties and not self._is_party(text, m, starts, political):
                    continue
                found.append(m.span())
        found.extend(m.span() for m in c.phrases.finditer(lower, folded))
        found.extend(m.span() for m in c.letters.finditer(text, folded))
        if found or political:
            named = {max(0, bisect_right(starts, s) - 1) for s, _ in found}
            for m in c.vote.finditer(lower, folded):
                if named or political:
                    found.append(m.span())
        last = -1
        for s, e in sorted(found):
            if s < last:
                continue  # overlaps the previous finding
            last = e
            yield Hit(s, e, args={"match": text[s:e]}, suggestion_key="work")

    def _is_party(self, text: str, m: re.Match[str], starts: list[int],
                  political: set[int]) -> bool:
        base = re.sub(r"(?:s|'s?|-\w+)$", "", m.group()) if m.group() not in self._c.ambiguous \
            else m.group()
        name = base if base in self._c.ambiguous else m.group()
        if name not in self._c.ambiguous and base not in self._c.ambiguous:
            return True
        after = re.match(r"\s+(\w+)", text[m.end():m.end() + 30])
        if after and after.group(1).lower() in self._c.not_after:
            return False
        k = max(0, bisect_right(starts, m.start()) - 1)
        lead = text[starts[k]:m.start()]
        sentence_initial = not any(ch.isalnum() for ch in lead)
        if sentence_initial or text[m.start() - 2:m.start()] in ('» ', '"'):
            return k in political or "-" in m.group()
        return True
