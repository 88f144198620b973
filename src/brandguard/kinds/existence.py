"""``extends: existence`` — flag words or phrases that should not be in a post."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..matching import TermMatch, TermMatcher
from ..models import SEVERITIES
from ..policy import Policy
from ..rule import Context, Hit
from .base import DeclarativeRule, Spec, policy_value

_LEVEL_KEYS = ("tokens", "compound_tokens", "args", "suggestion")


@dataclass
class _Level:
    """One graded word list: its severity, words, placeholder values and suggestion."""

    severity: str | None
    tokens: list[str]
    compound_tokens: list[str] = field(default_factory=list)
    args: dict[str, dict[str, str]] = field(default_factory=dict)
    suggestion: dict[str, str] | None = None


class Existence(DeclarativeRule):
    """Words or phrases matched on the surface form, on lemmas, or inside compounds.

    Keys: ``tokens`` (the list), ``match`` (``surface``, ``lemma``, ``compound``;
    default surface and lemma), ``exceptions`` (phrases that cancel an overlapping
    match, for near misses), ``policy_tokens`` (``$section.key`` of a policy list
    to add), ``hashtags`` (also match hashtag bodies), ``strict_lemma`` (a lemma
    match keeps the entry's inflected words), ``compound_tokens`` (entries that
    also match as the first or last part of a compound), ``evasion`` (also find
    disguised spellings), ``levels`` (graded lists: a severity each).
    """

    kind: ClassVar[str] = "existence"
    keys: ClassVar[dict[str, str]] = {
        "tokens": "a list of words or phrases",
        "match": "surface, lemma and/or compound",
        "exceptions": "a list of phrases that cancel an overlapping match",
        "policy_tokens": "$section.key of a list in the policy",
        "hashtags": "true to match hashtag bodies too",
        "case_sensitive": "true to match the exact case",
        "strict_lemma": "true: a lemma match keeps every inflected word of the entry as written",
        "compound_tokens": "words that also match as the first or last part of a compound",
        "evasion": "true to catch disguised spellings too (l0rt, f.u.c.k, k u n  i  d a g)",
        "levels": "{severity: {tokens, compound_tokens, args, suggestion}}: graded lists",
    }
    fills: ClassVar[frozenset[str]] = frozenset({"match", "term"})

    def parse(self, spec: Spec) -> None:
        self.levels: list[_Level] = []
        if spec.has("levels"):
            self._parse_levels(spec)
        needs_tokens = not spec.has("policy_tokens") and not self.levels
        self.tokens = spec.words("tokens", required=needs_tokens)
        self.compound_tokens = spec.words("compound_tokens")
        self.match_modes = spec.modes("match", ("surface", "lemma"))
        self.exceptions = spec.words("exceptions")
        self.policy_tokens = spec.text("policy_tokens")
        if self.policy_tokens and policy_value(None, self.policy_tokens) is not True:
            raise spec.error("policy_tokens", f"unknown policy key {self.policy_tokens!r}")
        self.hashtags = spec.boolean("hashtags", False)
        self.case_sensitive = spec.boolean("case_sensitive", False)
        self.strict_lemma = spec.boolean("strict_lemma", False)
        self.evasion = spec.boolean("evasion", False)
        if self.case_sensitive and (self.evasion or self.strict_lemma):
            raise spec.error("case_sensitive", "cannot be combined with evasion or strict_lemma")

    def _parse_levels(self, spec: Spec) -> None:
        levels = spec.sub("levels")
        arg_names: set[str] | None = None
        for name in levels.data:
            if name not in SEVERITIES:
                raise levels.error(str(name), f"expected a severity: {', '.join(SEVERITIES)}")
            one = levels.sub(str(name))
            for k in one.data:
                if k not in _LEVEL_KEYS:
                    raise one.error(str(k), "unknown key; valid keys: " + ", ".join(_LEVEL_KEYS))
            args: dict[str, dict[str, str]] = {}
            if one.has("args"):
                raw = one.sub("args")
                for arg in raw.data:
                    text = raw.localised(str(arg))
                    assert text is not None
                    args[str(arg)] = text
            if arg_names is not None and set(args) != arg_names:
                raise one.error("args", f"every level needs the same args ({', '.join(sorted(arg_names))})")
            arg_names = set(args)
            self.levels.append(_Level(str(name), one.words("tokens", required=True),
                                      one.words("compound_tokens"), args, one.localised("suggestion")))
        if not self.levels:
            raise levels.error(None, "expected at least one severity with its tokens")
        # Each level's suggestion is a declared template of the rule (shown in its docs).
        for level in self.levels:
            if level.suggestion is not None:
                self.suggestion_templates[_level_key(level)] = dict(level.suggestion)
        clash = (arg_names or set()) & self.fills
        if clash:
            raise levels.error(None, f"an arg may not be named {sorted(clash)[0]!r}")
        self.extra_fills = frozenset(arg_names or ())

    def prepare(self, policy: Policy) -> None:
        terms = list(self.tokens)
        if self.policy_tokens:
            extra = policy_value(policy, self.policy_tokens) or []
            terms.extend(extra if isinstance(extra, list) else [extra])
        compounds = list(self.compound_tokens)
        #: The level of each entry (by lower-cased entry); entries of the rule itself have none.
        self._level_of: dict[str, _Level] = {}
        for level in self.levels:
            terms.extend(level.tokens)
            compounds.extend(level.compound_tokens)
            for t in [*level.tokens, *level.compound_tokens]:
                self._level_of.setdefault(t.lower(), level)
        # One term matcher for every mode the rule asks for (see brandguard.matching).
        modes = set(self.match_modes)
        if self.strict_lemma and "lemma" in modes:
            modes = (modes - {"lemma"}) | {"strict"}
        compound_terms = None
        if compounds:
            compound_terms = [*compounds, *(terms if "compound" in modes else [])]
            modes.add("compound")
        if self.evasion:
            modes.add("evasion")
        self._matcher = TermMatcher(terms, sorted(modes), hashtags=self.hashtags,
                                    case_sensitive=self.case_sensitive,
                                    compound_terms=compound_terms)
        self._exceptions = TermMatcher(self.exceptions, ("surface",)) if self.exceptions else None

    def _find(self, ctx: Context) -> list[TermMatch]:
        return self._matcher.find(ctx.analysis)

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        matches = self._find(ctx)
        if not matches:
            return
        blocked = self._exceptions.find(a) if self._exceptions else []
        lang = ctx.lang if ctx.lang in ("da", "en") else "da"
        for m in matches:
            if any(b.start < m.end and m.start < b.end for b in blocked):
                continue
            args: dict[str, Any] = {"match": a.text[m.start:m.end], "term": m.term}
            level = self._level(m.term) if self.levels else None
            if level is not None:
                args.update({k: v[lang] for k, v in level.args.items()})
            key = self.suggestion_key
            if level is not None and level.suggestion is not None:
                key = _level_key(level)
            yield Hit(m.start, m.end, args=args, suggestion_key=key,
                      severity=level.severity if level is not None else None)

    def _level(self, term: str) -> _Level:
        """The level of a list entry; a ``compound_tokens`` or policy entry that is in no
        level takes the level of the rule's severity (or the first)."""
        level = self._level_of.get(term.lower())
        if level is None:
            level = next((lv for lv in self.levels if lv.severity == self.severity), self.levels[0])
        return level


def _level_key(level: _Level) -> str:
    """The suggestion key of a level's own suggestion."""
    return f"level-{level.severity}"
