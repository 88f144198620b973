"""Danish abbreviations in their standard form (fx/f.eks., bl.a., ca., inkl., ekskl., osv.).

The patterns are data (rules/da/data/abbreviations.yaml). A pattern is tried only
where a trigger token starts, so a post costs one set lookup per token instead of
two dozen regex scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from brandguard.datafiles import DataModel, Pattern, Word, Words
from brandguard.packs import PackData
from brandguard.policy import Policy
from brandguard.rule import Context, Hit, Rule, bad, good

DATA = PackData.beside(__file__)


class AbbreviationsData(DataModel):
    """``data/abbreviations.yaml``: misspelt abbreviations and their right forms."""

    data_file: ClassVar[str] = "abbreviations"

    #: Words without which no pattern can match (a fast prefilter).
    triggers: Words
    #: `[regular expression, right form]` pairs.
    patterns: list[tuple[Pattern, Word]]


class Abbreviation(Rule):
    name = "abbreviation"
    severity = "warning"
    safe_fix = True
    summary = "Danish abbreviations in their standard form (fx/f.eks., bl.a., ca., inkl., ekskl., osv.)."
    rationale = ("Retskrivningsordbogen fixes the forms of common abbreviations: `fx` or `f.eks.` "
                 "(not `f.x`, `feks`, `fx.`), `bl.a.`, `ca.`, `inkl.`, `ekskl.`, `osv.`, `dvs.`, "
                 "`pga.`, `evt.`, `f.Kr.`. English forms (`incl.`, `excl.`) and missing or misplaced "
                 "full stops are flagged. LanguageTool's Danish abbreviation rules (bl.a., ca, "
                 "f.eks._fx, inkl., ekskl., fkr.).")
    message = {
        "da": "Skriv forkortelsen `{suggestion}`, ikke `{match}`.",
        "en": "Write the abbreviation as `{suggestion}`, not `{match}`.",
    }
    examples = [
        bad("Vi har <marker>feks</marker> solceller og varmepumper.", suggestion="fx"),
        bad("Vi har <marker>f.x</marker> solceller.", suggestion="fx"),
        bad("Fisk findes <marker>bla.</marker> i havet.", suggestion="bl.a."),
        bad("Der er <marker>ca</marker> to uger til.", suggestion="ca."),
        bad("Prisen er <marker>incl.</marker> moms.", suggestion="inkl."),
        bad("Prisen er <marker>ekskl</marker> moms.", suggestion="ekskl."),
        bad("Solceller, batterier <marker>osv</marker> og meget mere.", suggestion="osv."),
        bad("Vælg <marker>f. eks.</marker> en varmepumpe.", suggestion="f.eks."),
        good("Vi har fx solceller, f.eks. på taget, bl.a. i Aarhus, ca. 20 stk. inkl. moms, "
             "ekskl. fragt osv."),
        good("Alt er inkl. Computeren er ekskl. tastatur. Bla bla, sagde han."),
        good("Se fx. Det er alt."),
    ]

    def prepare(self, policy: Policy) -> None:
        spec = DATA("abbreviations", AbbreviationsData)
        self._triggers = frozenset(spec["triggers"])
        self._patterns = [(re.compile(p, re.IGNORECASE), right) for p, right in spec["patterns"]]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        triggers = self._triggers
        special = a.special_tokens
        prose = a.prose
        for t in a.tokens:
            if t.lower not in triggers or t.i in special:
                continue
            if t.start and (prose[t.start - 1].isalnum() or prose[t.start - 1] == "."):
                continue
            for rx, right in self._patterns:
                m = rx.match(prose, t.start)
                if m is not None:
                    found = m.group()
                    fixed = right[:1].upper() + right[1:] if found[:1].isupper() else right
                    yield Hit(m.start(), m.end(), suggestion=fixed,
                              args={"match": found, "suggestion": fixed})
                    break

