"""``extends: substitution`` — wrong form → right form, with the right form as suggestion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from ..matching import TermMatcher
from ..policy import Policy
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec, case_like, policy_value


class Substitution(DeclarativeRule):
    """Replace words or phrases (``swap: {wrong: right}``).

    Keys: ``swap`` (mapping), ``match`` (surface, lemma, compound; default
    surface), ``regex: true`` to read the keys as regular expressions (the value
    may use ``\\1``), ``policy_swap`` (``$section.key`` of a mapping in the policy),
    ``exceptions``. The suggestion keeps the capital of the original.
    """

    kind: ClassVar[str] = "substitution"
    keys: ClassVar[dict[str, str]] = {
        "swap": "a mapping of wrong → right",
        "match": "surface, lemma and/or compound",
        "regex": "true if the swap keys are regular expressions",
        "ignorecase": "true or false (regex only; default true)",
        "policy_swap": "$section.key of a mapping in the policy",
        "exceptions": "a list of phrases that cancel an overlapping match",
        "case_sensitive": "true to match the exact case",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"match", "suggestion"})

    def parse(self, spec: Spec) -> None:
        swap = spec.data.get("swap", {})
        if not isinstance(swap, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in swap.items()
        ):
            raise spec.error("swap", "expected a mapping of wrong → right (texts)")
        if not swap and not spec.has("policy_swap"):
            raise spec.error("swap", "missing; expected a mapping of wrong → right")
        self.swap: dict[str, str] = dict(swap)
        self.use_regex = spec.boolean("regex", False)
        self.case_sensitive = spec.boolean("case_sensitive", False)
        flags = re.IGNORECASE if spec.boolean("ignorecase", True) and not self.case_sensitive else 0
        self._regexes: list[tuple[re.Pattern[str], str]] = []
        if self.use_regex:
            for i, (pattern, repl) in enumerate(self.swap.items()):
                compiled = spec.regex("swap", pattern, flags, i)
                try:
                    m = compiled.search("")
                    if m:
                        raise spec.error("swap", f"pattern {pattern!r} matches the empty text")
                except re.error:
                    pass
                self._regexes.append((compiled, repl))
        self.match_modes = spec.modes("match", ("surface",))
        self.exceptions = spec.words("exceptions")
        self.policy_swap = spec.text("policy_swap")
        if self.policy_swap and policy_value(None, self.policy_swap) is not True:
            raise spec.error("policy_swap", f"unknown policy key {self.policy_swap!r}")

    def prepare(self, policy: Policy) -> None:
        swap = dict(self.swap) if not self.use_regex else {}
        if self.policy_swap:
            extra: Any = policy_value(policy, self.policy_swap) or {}
            swap.update(extra)
        self._targets = list(swap.values())
        self._matcher = TermMatcher(list(swap), self.match_modes, case_sensitive=self.case_sensitive)
        self._exceptions = TermMatcher(self.exceptions, ("surface",)) if self.exceptions else None

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        blocked = self._exceptions.find(a) if self._exceptions else []
        hits: list[Hit] = []
        for m in self._matcher.find(a):
            found = a.text[m.start:m.end]
            right = self._targets[m.term_index]
            if found == right:
                continue  # e.g. a case-insensitive key that already has the right case
            hits.append(self._hit(m.start, m.end, found, case_like(right, found)))
        for pattern, repl in self._regexes:
            for rm in pattern.finditer(a.prose):
                right = rm.expand(repl)
                hits.append(self._hit(rm.start(), rm.end(), rm.group(), case_like(right, rm.group())))
        for h in hits:
            if not any(b.start < (h.end or 0) and (h.start or 0) < b.end for b in blocked):
                yield h

    def _hit(self, start: int, end: int, found: str, right: str) -> Hit:
        args = {"match": found, "suggestion": right}
        return Hit(start, end, args=args, suggestion=right, suggestion_key=self.suggestion_key)
