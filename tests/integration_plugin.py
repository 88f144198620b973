"""A small plugin with fixed rules, for the integration tests (SARIF, HTML, batch, fix).

The built-in packs keep changing; these rules do not, so the tests can assert
exact spans, lines and columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import brandguard as bg


class HouseName(bg.Rule):
    id = "itest.house-name"
    category = "language"
    severity = "warning"
    pack = "itest"
    summary = "The company's name is spelt Nordlys Energi."
    rationale = "House spelling: readers and search engines see one name."
    message = {"da": "Skriv {right}, ikke {wrong}.", "en": "Write {right}, not {wrong}."}
    examples = [bg.bad("Hos <marker>Nordlys energi</marker> er vi glade.", "Nordlys Energi"),
                bg.good("Hos Nordlys Energi er vi glade.")]
    safe_fix = True

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        for m in re.finditer(r"Nordlys energi", ctx.analysis.text):
            yield bg.Hit(m.start(), m.end(), args={"right": "Nordlys Energi", "wrong": m.group()},
                         suggestion="Nordlys Energi")


class Hype(bg.Rule):
    id = "itest.hype"
    category = "tone"
    severity = "error"
    pack = "itest"
    summary = "No unprovable superlatives."
    rationale = "A claim nobody can prove costs trust."
    message = {"da": "»{word}« kan ingen bevise.", "en": "Nobody can prove »{word}«."}
    examples = [bg.bad("Vi er <marker>verdens bedste</marker>.", "gode"),
                bg.good("Vi er gode til varmepumper.")]

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        for m in re.finditer(r"verdens bedste", ctx.analysis.text):
            yield bg.Hit(m.start(), m.end(), args={"word": m.group()}, suggestion="gode")


class Shouting(bg.Rule):
    id = "itest.shouting"
    category = "tone"
    severity = "info"
    pack = "itest"
    summary = "No shouting in capitals."
    rationale = "Capitals read as shouting."
    message = {"da": "Opslaget råber (KUN I DAG).", "en": "The post shouts (KUN I DAG)."}
    examples = [bg.bad_post("KUN I DAG: varmepumper."), bg.good("Kun i dag: varmepumper.")]

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        if "KUN I DAG" in ctx.analysis.text:
            yield bg.Hit(None, None, suggestion={"da": "Skriv med små bogstaver.",
                                                  "en": "Use lower case."})


RULES = [HouseName(), Hype(), Shouting()]
RULE_IDS = [r.id for r in RULES]


class Plugin:
    @bg.hookimpl
    def brandguard_rules(self) -> list[bg.Rule]:
        return list(RULES)


def plugin_manager() -> Any:
    return bg.get_plugin_manager(entry_points=False, extra=[Plugin()])


def checker(policy: dict[str, Any], **kw: Any) -> bg.Checker:
    """A Checker with only the itest rules on."""
    return bg.Checker(policy, plugin_manager=plugin_manager(), select=RULE_IDS, **kw)
