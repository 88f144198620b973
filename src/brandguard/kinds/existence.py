"""``extends: existence`` — flag words or phrases that should not be in a post."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..matching import TermMatcher
from ..policy import Policy
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec, policy_value


class Existence(DeclarativeRule):
    """Words or phrases matched on the surface form, on lemmas, or inside compounds.

    Keys: ``tokens`` (the list), ``match`` (``surface``, ``lemma``, ``compound``;
    default surface and lemma), ``exceptions`` (phrases that cancel an overlapping
    match, for near misses), ``policy_tokens`` (``$section.key`` of a policy list
    to add), ``hashtags`` (also match hashtag bodies).
    """

    kind: ClassVar[str] = "existence"
    keys: ClassVar[dict[str, str]] = {
        "tokens": "a list of words or phrases",
        "match": "surface, lemma and/or compound",
        "exceptions": "a list of phrases that cancel an overlapping match",
        "policy_tokens": "$section.key of a list in the policy",
        "hashtags": "true to match hashtag bodies too",
        "case_sensitive": "true to match the exact case",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"match", "term"})

    def parse(self, spec: Spec) -> None:
        self.tokens = spec.words("tokens", required=not spec.has("policy_tokens"))
        self.match_modes = spec.modes("match", ("surface", "lemma"))
        self.exceptions = spec.words("exceptions")
        self.policy_tokens = spec.text("policy_tokens")
        if self.policy_tokens and policy_value(None, self.policy_tokens) is not True:
            raise spec.error("policy_tokens", f"unknown policy key {self.policy_tokens!r}")
        self.hashtags = spec.boolean("hashtags", False)
        self.case_sensitive = spec.boolean("case_sensitive", False)

    def prepare(self, policy: Policy) -> None:
        terms = list(self.tokens)
        if self.policy_tokens:
            extra = policy_value(policy, self.policy_tokens) or []
            terms.extend(extra if isinstance(extra, list) else [extra])
        self._matcher = TermMatcher(terms, self.match_modes, hashtags=self.hashtags,
                                    case_sensitive=self.case_sensitive)
        self._exceptions = TermMatcher(self.exceptions, ("surface",)) if self.exceptions else None

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        matches = self._matcher.find(a)
        if not matches:
            return
        blocked = self._exceptions.find(a) if self._exceptions else []
        for m in matches:
            if any(b.start < m.end and m.start < b.end for b in blocked):
                continue
            args = {"match": a.text[m.start:m.end], "term": m.term}
            yield Hit(m.start, m.end, args=args, suggestion_key=self.suggestion_key)
