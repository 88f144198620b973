"""The hooks brandguard calls: a Python rule and a folder of YAML rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from brandguard import Context, Hit, Rule, bad, good, hookimpl

_COMPETITOR = re.compile(r"\bCompetitor\s?X\b", re.IGNORECASE)


class NoCompetitorX(Rule):
    id = "acme.no-competitor-x"
    category = "narrative"
    severity = "error"
    pack = "acme"
    summary = "The post does not name Competitor X."
    rationale = "ACME's legal team asks that employees never name Competitor X in public."
    message = {
        "da": "Nævn ikke {name} i et opslag om ACME.",
        "en": "Do not name {name} in a post about ACME.",
    }
    examples = [
        bad("Vores nye pumpe slår <marker>Competitor X</marker> på pris.",
            suggestion="konkurrenterne"),
        good("Vores nye pumpe er den bedste, vi har lavet."),
        good("Vi bruger CompetitorXYZ-standarden til målingerne."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        for m in _COMPETITOR.finditer(ctx.analysis.text):
            yield Hit(m.start(), m.end(), args={"name": m.group()},
                      suggestion="konkurrenterne")


@hookimpl
def brandguard_rules() -> list[Rule]:
    return [NoCompetitorX()]


@hookimpl
def brandguard_rule_packs() -> list[Path]:
    return [Path(__file__).parent / "pack"]
