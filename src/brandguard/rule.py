"""What a rule is: identity, documentation, examples, and a check.

A rule is one small unit (as in ruff): a stable id that is never reused, a
category, a default severity, a Danish and an English message, a one-sentence
summary, a rationale, and bad and good examples that double as tests
(LanguageTool). Python rules subclass :class:`Rule`; YAML rules are built by a
rule kind (see :mod:`brandguard.kinds`) into the same shape.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .i18n import Count

if TYPE_CHECKING:
    from .analysis import Analysis
    from .compiled import CompiledPolicy
    from .ledger.base import Ledger
    from .models import Post
    from .policy import Policy

_MARKER = re.compile(r"<marker>(.*?)</marker>", re.DOTALL)
#: Text in a message or suggestion: Danish and English, or one text for both.
Localised = str | dict[str, str]
#: The languages every message and suggestion template is written in.
LANGS = ("da", "en")
#: The key of a rule's own ``message`` among its message templates.
DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class ByLang:
    """A ``Hit.args`` value that differs by language (a list joined with `eller`/`or`).

    Data stays data; only where the words around it are Danish or English does
    an argument need both forms.
    """

    da: str
    en: str

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.da

    def __str__(self) -> str:
        return self.da


@dataclass(slots=True)
class Hit:
    """What a rule's check yields: a span of ``analysis.text`` and the details.

    ``start``/``end`` are None for a finding about the whole post. ``args`` fill
    the rule's message template: the rule's ``message``, or the one of its
    ``messages`` that ``key`` names. ``suggestion`` is a replacement for the span
    (data: a corrected spelling); advice in words is one of the rule's declared
    ``suggestion_templates``, named by ``suggestion_key`` and filled from ``args``.
    A literal ``{"da": …, "en": …}`` in ``message`` or ``suggestion`` still works
    (older third-party rules), but it never reaches the rule's documentation.
    """

    start: int | None = None
    end: int | None = None
    args: dict[str, Any] = field(default_factory=dict)
    suggestion: Localised | None = None
    suggestions: list[str] = field(default_factory=list)
    #: Overrides the rule's severity for this hit (e.g. an off-limits topic's own).
    severity: str | None = None
    #: A literal message instead of a declared one (kept for older third-party rules).
    message: Localised | None = None
    #: Which of the rule's ``messages`` this hit uses (None: the rule's ``message``).
    key: str | None = None
    #: Which of the rule's ``suggestion_templates`` is the suggestion (filled from ``args``).
    suggestion_key: str | None = None


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
    #: Figures a rule adds to the report (themes, values and story fit come from facets).
    figures: dict[str, float] = field(default_factory=dict)
    #: The policy compiled once per Checker: names, matchers, limits, narrative model.
    compiled: CompiledPolicy = field(default=None)  # type: ignore[assignment]  # set below

    def __post_init__(self) -> None:
        if self.compiled is None:
            from .compiled import CompiledPolicy

            self.compiled = CompiledPolicy(self.policy)
        self.analysis.context = self


class Rule:
    """Base class of every rule. Subclass and set the class attributes, write ``check``.

    ``check`` yields :class:`Hit` objects with offsets into ``ctx.analysis.text``.
    ``prepare`` runs once when a :class:`~brandguard.Checker` is built: compile
    word lists and patterns there, never in ``check``.
    """

    #: In a pack folder: the rule's name; the loader sets ``id`` (pack prefix + name),
    #: ``pack`` and ``category`` from ``pack.yaml``, the only place they are stated.
    #: The metadata below is set in the class body of a Python rule, and on the instance
    #: by a YAML rule (:class:`~brandguard.kinds.DeclarativeRule`), so it is not ClassVar.
    name: ClassVar[str] = ""
    id: str = ""
    category: str = ""
    severity: str = "warning"
    summary: str = ""
    rationale: str = ""
    #: The default message template, ``{placeholders}`` filled from ``Hit.args``.
    message: dict[str, str] = {}
    #: Every other message the rule can emit, by key (``Hit(key=…)``); each in da and en.
    #: Tables add up along the class hierarchy: a base class may declare shared ones.
    messages: dict[str, dict[str, str]] = {}
    #: Advice the rule can suggest, by key (``Hit(suggestion_key=…)``); each in da and en.
    suggestion_templates: dict[str, dict[str, str]] = {}
    examples: list[Example] = []
    #: Default options; a policy's ``rules: {id: {options: …}}`` overrides them.
    default_options: ClassVar[dict[str, Any]] = {}
    #: The suggestion can be applied without a person reading it.
    safe_fix: bool = False
    #: Pack the rule belongs to (selection: ``packs:`` in the policy).
    pack: str = ""
    #: Where it comes from, for ``brandguard rules`` (a pack file or a module).
    source: str = ""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        # A rule may state its default message as ``messages["default"]`` instead.
        declared: dict[str, dict[str, str]] = cls.__dict__.get("messages") or {}
        if not cls.__dict__.get("message") and DEFAULT in declared:
            cls.message = declared[DEFAULT]

    def __init__(self) -> None:
        self.options: dict[str, Any] = dict(self.default_options)
        self.policy: Policy | None = None
        self._compiled: CompiledPolicy | None = None
        self.active_severity: str = self.severity

    # --- lifecycle ------------------------------------------------------------------------

    def bind(self, policy: Policy, severity: str, options: dict[str, Any],
             compiled: CompiledPolicy | None = None) -> Rule:
        """A copy of this rule configured for one Checker (sharing its compiled policy)."""
        unknown = set(options) - set(self.default_options)
        if unknown:
            from .policy import PolicyError, did_you_mean

            valid = ", ".join(sorted(self.default_options)) or "none"
            name = sorted(unknown)[0]
            raise PolicyError(
                f"{policy.where('rules', self.id, 'options', name, key=True)}: "
                f"rules.{self.id}.options: unknown option {name!r}"
                f"{did_you_mean(name, self.default_options)}; valid options: {valid}"
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
        if compiled is None:
            from .compiled import CompiledPolicy

            compiled = CompiledPolicy(policy)
        bound._compiled = compiled
        bound.active_severity = severity
        bound.prepare(policy)
        return bound

    @property
    def compiled(self) -> CompiledPolicy:
        """The Checker's compiled policy (names, matchers, limits, narrative model),
        shared by every rule of the Checker; set by ``bind`` before ``prepare`` runs."""
        if self._compiled is None:
            raise RuntimeError(f"rule {self.id} is not bound to a policy (Checker builds it)")
        return self._compiled

    def prepare(self, policy: Policy) -> None:
        """Compile what the checks need from the policy. Runs once per Checker."""

    def check(self, ctx: Context) -> Iterable[Hit]:
        """Yield the hits in this post."""
        raise NotImplementedError

    # --- documentation --------------------------------------------------------------------

    def message_templates(self) -> dict[str, dict[str, str]]:
        """Every message the rule can emit, by key: ``default`` is ``message``."""
        out = {DEFAULT: dict(self.message)} if self.message else {}
        out.update(self._table("messages"))
        return out

    def suggestion_table(self) -> dict[str, dict[str, str]]:
        """Every suggestion template the rule declares (its own and its base classes'), by key."""
        return self._table("suggestion_templates")

    def _table(self, attr: str) -> dict[str, dict[str, str]]:
        own = self.__dict__.get(attr)
        # A class is hashable; mypy checks type[Rule] against Hashable with the
        # instances' __hash__ (an unbound method) and refuses it.
        out = dict(_class_table(type(self), attr))  # type: ignore[arg-type]
        if own:
            out.update(own)  # a YAML rule's tables are its own (instance) attributes
        return out

    def format_message(self, hit: Hit, lang: str) -> str:
        if hit.message is not None:
            template = _pick(hit.message, lang)
        else:
            template = _pick(_declared(self, self._tables()[0], hit.key or DEFAULT,
                                       "message"), lang)
        return fill(template, hit.args, lang)

    def format_suggestion(self, hit: Hit, lang: str) -> str | None:
        """The hit's suggestion in ``lang``: a declared template filled, or its literal text."""
        if hit.suggestion_key is None:
            return localise(hit.suggestion, lang)
        template = _declared(self, self._tables()[1], hit.suggestion_key, "suggestion")
        return fill(_pick(template, lang), hit.args, lang)

    def _tables(self) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        """The message and suggestion tables, gathered on the first finding and kept (each
        finding rebuilt both from the class hierarchy before)."""
        tables = self.__dict__.get("_formatting_tables")
        if tables is None:
            tables = self.__dict__["_formatting_tables"] = (self.message_templates(),
                                                            self.suggestion_table())
        return tables

    def describe(self) -> dict[str, Any]:
        """Metadata for docs, SARIF and ``brandguard explain``."""
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity,
            "summary": self.summary,
            "rationale": self.rationale,
            "message": dict(self.message),
            "messages": self.message_templates(),
            "suggestions": self.suggestion_table(),
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


@functools.cache
def _class_table(cls: type[Rule], attr: str) -> dict[str, dict[str, str]]:
    """A table of templates gathered along the class hierarchy (base classes first)."""
    out: dict[str, dict[str, str]] = {}
    for klass in reversed(cls.__mro__):
        out.update(klass.__dict__.get(attr) or {})
    return out


def fill(template: str, args: dict[str, Any], lang: str) -> str:
    """A template with its placeholders filled (``ByLang`` arguments in ``lang``).

    A whole-number argument can choose a word's form: ``{count:hashtag|hashtags}``
    (singular for 1, plural otherwise; :class:`brandguard.i18n.Count`)."""
    values = {k: v.pick(lang) if isinstance(v, ByLang)
              else Count(v) if type(v) is int else v for k, v in args.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def _declared(rule: Rule, table: dict[str, dict[str, str]], key: str, what: str) -> dict[str, str]:
    try:
        return table[key]
    except KeyError:
        keys = ", ".join(sorted(table)) or "none"
        raise KeyError(f"{rule.id}: the hit names the {what} {key!r}, which the rule does not "
                       f"declare; declared: {keys}") from None


def template_problems(templates: dict[str, Any], what: str) -> list[str]:
    """What is wrong with a table of templates (``messages`` or ``suggestion_templates``).

    Every template has a Danish and an English text, both valid ``str.format``
    templates that use the same placeholders.
    """
    out: list[str] = []
    if not isinstance(templates, dict):
        return [f"{what}: expected {{key: {{da: …, en: …}}}}"]
    for key, template in templates.items():
        if not isinstance(template, dict) or not all(isinstance(v, str) for v in template.values()):
            out.append(f"{what}.{key}: expected {{da: …, en: …}}")
            continue
        missing = [lang for lang in LANGS if not template.get(lang, "").strip()]
        if missing:
            out.append(f"{what}.{key}: missing the {' and '.join(missing)} text")
            continue
        extra = sorted(set(template) - set(LANGS))
        if extra:
            out.append(f"{what}.{key}: unknown language {extra[0]!r}; valid: da, en")
        try:
            names = {lang: placeholders(template[lang]) for lang in LANGS}
        except ValueError as exc:
            out.append(f"{what}.{key}: bad template: {exc}")
            continue
        if names["da"] != names["en"]:
            only_da = sorted(names["da"] - names["en"])
            only_en = sorted(names["en"] - names["da"])
            diff = "; ".join(p for p in (
                f"only in da: {', '.join('{' + n + '}' for n in only_da)}" if only_da else "",
                f"only in en: {', '.join('{' + n + '}' for n in only_en)}" if only_en else "",
            ) if p)
            out.append(f"{what}.{key}: da and en use different placeholders ({diff})")
    return out


def message_problems(rule: Rule) -> list[str]:
    """What is wrong with a rule's declared messages and suggestion templates."""
    out = template_problems(rule.message_templates(), "messages")
    out += template_problems(rule.suggestion_table(), "suggestion_templates")
    if rule.messages.get(DEFAULT) is not None and rule.message \
            and rule.messages[DEFAULT] != rule.message:
        out.append("messages.default differs from message; state the default message once")
    return out


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
