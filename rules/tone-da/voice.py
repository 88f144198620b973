"""A personal voice: a colleague's experience, not a press release.

Also counts the signs of professional knowledge shared (`mit bedste råd`, `tip`,
`erfaring`, `sådan gør du`) as the report figure ``expertise_markers``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from brandguard.datafiles import DataModel, Words
from brandguard.matching import TermMatcher
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad_post, good

DATA = PackData.beside(__file__)


class VoiceData(DataModel):
    """``data/voice.yaml``: the press-release voice and the employee's own."""

    data_file: ClassVar[str] = "voice"

    first_person: Words
    press_release: Words
    #: Expertise a person shares in their own voice (`mit bedste råd`).
    expertise: Words
    #: The company in the third person (`virksomheden`, `koncernen`).
    third_person: Words


#: A post this short is a greeting or a caption; no press-release judgement.
MIN_WORDS = 12


def expertise_markers(ctx: Context, matcher: TermMatcher) -> int:
    """Number of professional-knowledge markers in the post (also set as a report figure)."""
    count = len(matcher.find(ctx.analysis))
    ctx.figures["expertise_markers"] = float(count)
    return count


class PressRelease(Rule):
    name = "press-release"
    severity = "info"
    summary = "A post without first person that reads like a press release gets a nudge."
    rationale = (
        "Readers trust a colleague's own experience, not a company announcement: a post that "
        "never says `jeg` or `vi` and talks about the company in the third person "
        "(`Nordlys Energi A/S er en førende leverandør af …`) loses the personal reach that is "
        "the point of the programme. Sharing professional knowledge (advice, experience, "
        "how-to) works best; the report counts such markers as `expertise_markers`."
    )
    message = {
        "da": "Opslaget lyder som en pressemeddelelse. Fortæl med dine egne ord, hvad du selv "
              "har oplevet, lært eller hjulpet en kunde med.",
        "en": "The post reads like a press release. Tell in your own words what you "
              "experienced, learned or helped a customer with.",
    }
    suggestion_templates = {
        "own-words": {
            "da": "Skriv fx »I dag hjalp jeg en kunde med …« eller »Det har jeg lært …«",
            "en": "Write e.g. 'Today I helped a customer with …' or 'What I learned …'",
        },
    }
    examples = [
        bad_post("Nordlys Energi A/S er en førende leverandør af solceller og varmepumper i "
                 "Danmark. Virksomheden tilbyder rådgivning til både private og erhverv.",
                 suggestion="Skriv fx »I dag hjalp jeg en kunde med …« eller »Det har jeg "
                            "lært …«"),
        bad_post("Nordlys Energi kan i dag meddele, at selskabet åbner en ny afdeling i "
                 "Esbjerg med 20 nye medarbejdere."),
        good("Jeg har arbejdet hos Nordlys Energi i fem år, og i dag åbner vi en ny afdeling "
             "i Esbjerg. Jeg glæder mig til at få nye kolleger."),
        good("Husk at tjekke dit elforbrug i appen, før du sætter opvaskemaskinen i gang. "
             "Strømmen er ofte billigst om natten."),
        good("Godmorgen fra Aalborg og en stor tak til holdet."),
    ]

    def prepare(self, policy: Policy) -> None:
        data = DATA("voice", VoiceData)
        self._first = frozenset(w.lower() for w in data["first_person"])
        self._markers = TermMatcher(data["press_release"], ("surface", "lemma"))
        self._expertise = TermMatcher(data["expertise"], ("surface", "lemma"))
        names = self.compiled.company_names
        # `Nordlys Energi er/har/tilbyder …`: the company as the subject of a sentence.
        self._company = TermMatcher(names, ("surface",))
        self._third = frozenset(w.lower() for w in data["third_person"])

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        expertise_markers(ctx, self._expertise)
        if a.word_count < MIN_WORDS:
            return
        toks = a.tokens
        if any(toks[i].lower in self._first for i in a.word_ids):
            return
        if self._markers.find(a) or self._company_as_subject(ctx):
            yield Hit(None, None, suggestion_key="own-words")

    def _company_as_subject(self, ctx: Context) -> bool:
        a = ctx.analysis
        starts = {s.start for s in a.sentences}
        if not any(m.start in starts for m in self._company.find(a)):
            return False
        # … and speaking of itself as `virksomheden`/`selskabet`, as releases do.
        return any(a.tokens[i].lower in self._third for i in a.word_ids)

