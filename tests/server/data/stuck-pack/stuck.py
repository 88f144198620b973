"""Rules that misbehave on a marker word: one loops for ever, one ends its process."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from brandguard import Context, Hit, Rule, good


class NeverReturns(Rule):
    name = "never-returns"
    severity = "info"
    summary = "Loops for ever on a post with the word HÆNGER (a test of the time limit)."
    rationale = "A rule with a catastrophic pattern or a bug spins like this."
    message = {"da": "Aldrig.", "en": "Never."}
    examples = [good("Et helt almindeligt opslag.")]

    def check(self, ctx: Context) -> Iterator[Hit]:
        if "HÆNGER" in ctx.analysis.text:  # catastrophic: C code holding the GIL, for ever
            re.match(r"(a+)+$", "a" * 64 + "!")
        return iter(())


class EndsItsProcess(Rule):
    name = "ends-its-process"
    severity = "info"
    summary = "Ends the process on a post with the word DØR (a test of a crash)."
    rationale = "A native extension that crashes ends the process like this."
    message = {"da": "Aldrig.", "en": "Never."}
    examples = [good("Et helt almindeligt opslag.")]

    def check(self, ctx: Context) -> Iterator[Hit]:
        if "DØR" in ctx.analysis.text:
            os._exit(3)
        return iter(())
