"""Danish punctuation: brackets and quotation marks in pairs.

The rest of the pack's punctuation rules are YAML patterns beside this file
(space-before-punctuation, missing-space, double-space, repeated-punctuation,
suspended-hyphen); pairing needs a stack, which no declarative kind has.
The check runs on ``analysis.prose`` (URLs, e-mails, mentions and hashtags blanked).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brandguard.rule import Context, Hit, Rule, bad, good

_EMOTICON_RE = re.compile(r"[:;=8xX]-?[()\[\]]|[()\[\]]-?[:;=]|\^\^|<3")
_LIST_MARK_RE = re.compile(r"(?m)^[^\S\n]*(?:\d{1,2}|[a-zA-Z])\)")  # not `^\s*`: quadratic on blank lines


_OPEN = {"(": ")", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items() if k != "„"}


class UnpairedMarks(Rule):
    name = "unpaired"
    severity = "warning"
    summary = "Brackets and quotation marks come in pairs (`(…)`, `»…«`, `\"…\"`)."
    rationale = ("An opening bracket or quotation mark without its partner (or the other way "
                 "round) leaves the reader unsure where an aside or a quote ends. Danish quotes "
                 "»…« and «…» are both accepted; emoticons and list markers (`1)`) are skipped.")
    message = {
        "da": "`{mark}` mangler sin partner.",
        "en": "`{mark}` has no partner.",
    }
    examples = [
        bad("Vi har solceller <marker>(</marker>og varmepumper på lager.", suggestion=None),
        bad("Hun sagde: <marker>»</marker>Det er godt.", suggestion=None),
        bad("Han kaldte det <marker>\"</marker>en god dag.", suggestion=None),
        good("Vi har solceller (og varmepumper). Hun sagde: »Det er godt.« Og «også» \"det\"."),
        good("Begrebet ”employee advocacy” og „det“ og “dette” er citater."),
        good("Tak :) Det var en god dag :-( men ok.\n1) solceller\n2) varmepumper"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if not any(c in prose for c in "()[]»«“”„\""):
            return
        masked = _EMOTICON_RE.sub(lambda m: " " * len(m.group()), prose)
        masked = _LIST_MARK_RE.sub(lambda m: " " * len(m.group()), masked)
        stack: list[tuple[str, int]] = []
        bad_at: list[int] = []
        for i, c in enumerate(masked):
            if c in "»«":
                # »…« (Danish) and «…» are both accepted: a mark closes the other kind.
                other = "«" if c == "»" else "»"
                if stack and stack[-1][0] == other:
                    stack.pop()
                else:
                    stack.append((c, i))
            elif c in _OPEN:
                stack.append((c, i))
            elif c in _CLOSE:
                if stack and stack[-1][0] == _CLOSE[c]:
                    stack.pop()
                else:
                    bad_at.append(i)
        bad_at.extend(i for _, i in stack)
        # Double quotes: Danish uses ”…” (the same mark twice) as well as "…", “…” and „…“,
        # so they are checked by count, not by direction.
        quotes = [i for i, c in enumerate(masked) if c in '"“”„']
        if len(quotes) % 2:
            bad_at.append(quotes[-1])
        for i in sorted(bad_at):
            yield Hit(i, i + 1, args={"mark": prose[i]})
