"""``extends: occurrence`` — count things in a post against a limit."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from ..analysis import Analysis, Piece
from ..policy import Policy
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec, policy_value

SCOPES = ("hashtags", "mentions", "links", "emoji", "exclamations", "questions", "sentences",
          "pattern")


class Occurrence(DeclarativeRule):
    """At most ``max`` (or at least ``min``) of something: hashtags, emoji, a pattern.

    ``max``/``min`` are numbers or ``$section.key`` of the policy. A finding over
    the maximum points at the first item beyond it; one under the minimum is about
    the whole post (as is every finding with ``report: post``).
    """

    kind: ClassVar[str] = "occurrence"
    keys: ClassVar[dict[str, str]] = {
        "scope": "one of " + ", ".join(SCOPES),
        "pattern": "a regular expression (scope: pattern)",
        "max": "a number or $section.key",
        "min": "a number or $section.key",
        "ignorecase": "true or false (pattern only; default true)",
        "report": "items (default: one finding from the first item beyond the maximum), "
                  "each (a finding per item beyond it) or post (the whole post)",
        "skip_quoted": "true to leave out items inside quotation marks (»…«, \"…\")",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"count", "limit"})
    message_keys: ClassVar[dict[str, str]] = {
        "min": "the message when the count is below min (default: message)"}

    def parse(self, spec: Spec) -> None:
        self.scope = spec.choice("scope", SCOPES, "pattern")
        self.max_ref = spec.limit("max")
        self.min_ref = spec.limit("min")
        self.report = spec.choice("report", ("items", "each", "post"), "items")
        self.skip_quoted = spec.boolean("skip_quoted", False)
        if self.max_ref is None and self.min_ref is None:
            raise spec.error("max", "missing; expected max or min")
        self.pattern: re.Pattern[str] | None = None
        if self.scope == "pattern":
            raw = spec.data.get("pattern")
            if raw is None:
                raise spec.error("pattern", "missing; scope: pattern needs a pattern")
            flags = re.IGNORECASE if spec.boolean("ignorecase", True) else 0
            self.pattern = spec.regex("pattern", raw, flags)
        elif spec.has("pattern"):
            raise spec.error("pattern", f"only valid with scope: pattern (scope is {self.scope})")

    def prepare(self, policy: Policy) -> None:
        self._max = resolve_policy_ref(policy, self.max_ref)
        self._min = resolve_policy_ref(policy, self.min_ref)

    def items(self, a: Analysis) -> Sequence[Piece]:
        if self.scope == "hashtags":
            return a.hashtags
        if self.scope == "mentions":
            return a.mentions
        if self.scope == "links":
            return a.urls
        if self.scope == "emoji":
            return a.emoji
        if self.scope == "sentences":
            return a.sentences
        if self.scope == "exclamations":
            return [Piece(m.start(), m.end(), m.group()) for m in re.finditer("!", a.prose)]
        if self.scope == "questions":
            return [Piece(m.start(), m.end(), m.group()) for m in re.finditer(r"\?", a.prose)]
        assert self.pattern is not None
        return [Piece(m.start(), m.end(), m.group()) for m in self.pattern.finditer(a.prose)]

    def check(self, ctx: Context) -> Iterator[Hit]:
        if self._max is None and self._min is None:
            return
        items = self.items(ctx.analysis)
        if self._min is None and self._max is not None and len(items) <= self._max:
            return  # leaving items out can only lower the count
        if self.skip_quoted and items:
            from ..textkit import Spans, quotes

            quoted = quotes(ctx.analysis)
            if quoted:
                inside = Spans(quoted)
                items = [i for i in items if i.start not in inside]
        count = len(items)
        if self._max is not None and count > self._max:
            first = items[int(self._max)]
            last = items[-1]
            args = {"count": count, "limit": int(self._max)}
            if self.report == "post":
                yield Hit(None, None, args=args, suggestion_key=self.suggestion_key)
                return
            if self.report == "each":
                for item in items[int(self._max):]:
                    yield Hit(item.start, item.end, args=args,
                              suggestion_key=self.suggestion_key)
                return
            yield Hit(first.start, last.end if last.start - first.start < 400 else first.end,
                      args=args, suggestion_key=self.suggestion_key)
        elif self._min is not None and count < self._min:
            args = {"count": count, "limit": int(self._min)}
            yield Hit(None, None, args=args, suggestion_key=self.suggestion_key,
                      key=self.message_key("min"))


def resolve_policy_ref(policy: Policy, ref: float | str | None) -> float | None:
    if ref is None:
        return None
    if isinstance(ref, str):
        value = policy_value(policy, ref)
        return None if value is None else float(value)
    return ref
