"""What a rule is: identity, documentation, examples, and a check.

A rule is one small unit (as in ruff): a stable id that is never reused, a
category, a default severity, a Danish and an English message, a one-sentence
summary, a rationale, and bad and good examples that double as tests
(LanguageTool). Python rules subclass :class:`Rule`; YAML rules are built by a
rule kind (see :mod:`brandguard.kinds`) into the same shape.
"""

from __future__ import annotations

import copy
import math
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .analysis import Analysis
    from .ledger.base import Ledger
    from .models import Post
    from .policy import Policy

_MARKER = re.compile(r"<marker>(.*?)</marker>", re.DOTALL)
#: Text in a message or suggestion: Danish and English, or one text for both.
Localised = str | dict[str, str]


@dataclass(slots=True)
class Hit:
    """What a rule's check yields: a span of ``analysis.text`` and the details.

    ``start``/``end`` are None for a finding about the whole post. ``args`` fill
    the rule's message template. ``suggestion`` is a replacement for the span (or
    advice, for a whole-post finding), as one text or ``{"da": …, "en": …}``.
    """

    start: int | None = None
    end: int | None = None
    args: dict[str, Any] = field(default_factory=dict)
    suggestion: Localised | None = None
    suggestions: list[str] = field(default_factory=list)
    #: Overrides the rule's severity for this hit (e.g. an off-limits topic's own).
    severity: str | None = None
    #: Overrides the rule's message (rare: a rule with several kinds of hit).
    message: Localised | None = None


@dataclass(slots=True)
class Example:
    """A rule example. Bad ones mark the expected span with ``<marker>…</marker>``.

    ``policy`` is merged into the test policy; ``post`` sets other Post fields
    (channel, template, author, created_at, …); ``history`` lists earlier posts.
    """

    text: str
    span: tuple[int, int] | None = None
    suggestion: str | None = None
    policy: dict[str, Any] = field(default_factory=dict)
    post: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    @classmethod
    def parse(cls, marked: str, **kw: Any) -> Example:
        """Build from text with at most one ``<marker>…</marker>``."""
        m = _MARKER.search(marked)
        if m is None:
            return cls(text=marked, **kw)
        text = marked[: m.start()] + m.group(1) + marked[m.end() :]
        if _MARKER.search(text):
            raise ValueError("an example may mark only one span")
        return cls(text=text, span=(m.start(), m.start() + len(m.group(1))), **kw)

    @property
    def marked(self) -> str:
        if self.span is None:
            return self.text
        s, e = self.span
        return f"{self.text[:s]}<marker>{self.text[s:e]}</marker>{self.text[e:]}"


def bad(marked: str, suggestion: str | None = None, **kw: Any) -> Example:
    """A bad example: must fire at the marked span (or on the whole post)."""
    return Example.parse(marked, suggestion=suggestion, **kw)


def good(text: str, **kw: Any) -> Example:
    """A good example, often a near miss: must not fire."""
    return Example(text=text, **kw)


@dataclass
class Context:
    """What a check sees: the analysis, the post, the policy and the history."""

    analysis: Analysis
    post: Post
    policy: Policy
    lang: str = "da"
    history: list[Post] = field(default_factory=list)
    ledger: Ledger | None = None
    #: Results a rule shares with the report (themes, values, figures).
    figures: dict[str, float] = field(default_factory=dict)
    themes: list[Any] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


class Rule:
    """Base class of every rule. Subclass and set the class attributes, write ``check``.

    ``check`` yields :class:`Hit` objects with offsets into ``ctx.analysis.text``.
    ``prepare`` runs once when a :class:`~brandguard.Checker` is built: compile
    word lists and patterns there, never in ``check``.
    """

    id: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    rationale: ClassVar[str] = ""
    #: Message templates, ``{placeholders}`` filled from ``Hit.args``.
    message: ClassVar[dict[str, str]] = {}
    examples: ClassVar[list[Example]] = []
    #: Default options; a policy's ``rules: {id: {options: …}}`` overrides them.
    default_options: ClassVar[dict[str, Any]] = {}
    #: The suggestion can be applied without a person reading it.
    safe_fix: ClassVar[bool] = False
    #: Pack the rule belongs to (selection: ``packs:`` in the policy).
    pack: ClassVar[str] = ""
    #: Where it comes from, for ``brandguard rules`` (a pack file or a module).
    source: str = ""

    def __init__(self) -> None:
        self.options: dict[str, Any] = dict(self.default_options)
        self.policy: Policy | None = None
        self.active_severity: str = self.severity

    # --- lifecycle ------------------------------------------------------------------------

    def bind(self, policy: Policy, severity: str, options: dict[str, Any]) -> Rule:
        """A copy of this rule configured for one Checker."""
        unknown = set(options) - set(self.default_options)
        if unknown:
            from .policy import PolicyError

            valid = ", ".join(sorted(self.default_options)) or "none"
            raise PolicyError(
                f"{policy.source}: rules.{self.id}.options: unknown option "
                f"{sorted(unknown)[0]!r}; valid options: {valid}"
            )
        for key, value in options.items():
            problem = _option_problem(self.default_options[key], value)
            if problem:
                from .policy import PolicyError

                raise PolicyError(f"{policy.source}: rules.{self.id}.options.{key}: {problem}, "
                                  f"got {value!r}")
        bound = copy.copy(self)
        bound.options = {**self.default_options, **options}
        bound.policy = policy
        bound.active_severity = severity
        bound.prepare(policy)
        return bound

    def prepare(self, policy: Policy) -> None:
        """Compile what the checks need from the policy. Runs once per Checker."""

    def check(self, ctx: Context) -> Iterable[Hit]:
        """Yield the hits in this post."""
        raise NotImplementedError

    # --- documentation --------------------------------------------------------------------

    def format_message(self, hit: Hit, lang: str) -> str:
        template = _pick(hit.message, lang) if hit.message is not None else _pick(self.message, lang)
        try:
            return template.format(**hit.args)
        except (KeyError, IndexError, ValueError):
            return template

    def describe(self) -> dict[str, Any]:
        """Metadata for docs, SARIF and ``brandguard explain``."""
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity,
            "summary": self.summary,
            "rationale": self.rationale,
            "message": dict(self.message),
            "pack": self.pack,
            "source": self.source,
            "safe_fix": self.safe_fix,
            "options": dict(self.default_options),
            "examples": {
                "bad": [{"text": e.marked, "suggestion": e.suggestion} for e in self.examples_bad],
                "good": [e.text for e in self.examples_good],
            },
        }

    @property
    def examples_bad(self) -> list[Example]:
        return [e for e in self.examples if _is_bad(e)]

    @property
    def examples_good(self) -> list[Example]:
        return [e for e in self.examples if not _is_bad(e)]


def _is_bad(example: Example) -> bool:
    return example.span is not None or example.note.startswith("bad")


def bad_post(text: str, suggestion: str | None = None, **kw: Any) -> Example:
    """A bad example whose finding is about the whole post (no span)."""
    note = kw.pop("note", "")
    return Example(text=text, suggestion=suggestion, note=f"bad {note}".strip(), **kw)


def _pick(text: Localised | None, lang: str) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("da") or next(iter(text.values()), "")


def localise(text: Localised | None, lang: str) -> str | None:
    """The text in ``lang`` (falling back to Danish)."""
    if text is None:
        return None
    return _pick(text, lang)


def placeholders(template: str) -> set[str]:
    """Field names used in a ``str.format`` template."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def _option_problem(default: Any, value: Any) -> str | None:
    """What is wrong with an option value, judged by the type of its default."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "expected a number"
        if not math.isfinite(value):
            return "expected a finite number"
        if isinstance(default, int) and not isinstance(value, int):
            return "expected a whole number"
        if default >= 0 and value < 0:
            return "expected a number ≥ 0"
        return None
    if isinstance(default, str):
        return None if isinstance(value, str) else "expected a text"
    if isinstance(default, list | tuple):
        return None if isinstance(value, list | tuple) else "expected a list"
    if isinstance(default, dict):
        return None if isinstance(value, dict) else "expected a mapping"
    return None
