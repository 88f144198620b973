"""The base of declarative (YAML) rule kinds, and the validation they share.

A kind is a :class:`~brandguard.Rule` subclass that can build itself from a YAML
spec (Vale's ``extends:``). ``from_spec`` validates everything when the pack
loads: unknown keys, wrong types, bad regexes and unknown placeholders fail with
the file, the line, the key and the valid choices.
"""

from __future__ import annotations

import math
import re
from typing import Any, ClassVar

from ..models import CATEGORIES, SEVERITIES
from ..policy import PackError as PackError  # defined low, beside PolicyError
from ..policy import Policy
from ..regexshape import catastrophic_shape
from ..rule import DEFAULT, LANGS, Example, Rule, placeholders
from ..yamlsrc import YamlSource, load_yaml

COMMON_KEYS: dict[str, str] = {
    "extends": "the rule kind",
    "id": "the rule id (default: <pack prefix>.<file name>)",
    "category": "one of " + ", ".join(CATEGORIES),
    "severity": "one of " + ", ".join(SEVERITIES),
    "summary": "one sentence: what the rule checks",
    "rationale": "why it matters",
    "message": "{da: …, en: …}",
    "messages": "the kind's other messages: {key: {da: …, en: …}}",
    "suggestion": "a replacement or advice, {da: …, en: …} or one text",
    "examples": "{bad: [...], good: [...]}",
    "safe_fix": "true if the suggestion can be applied without review",
}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")


class Spec:
    """Typed access to one rule's YAML with errors that say where."""

    def __init__(self, data: dict[str, Any], src: YamlSource, path: tuple[str | int, ...] = ()):
        self.data = data
        self.src = src
        self.path = path

    def error(self, key: str | tuple[str | int, ...] | None, problem: str) -> PackError:
        keys: tuple[str | int, ...] = (key,) if isinstance(key, str) else (key or ())
        where = self.src.where(*self.path, *keys)
        return PackError(f"{where}: {problem}")

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, default: str | None = None, *, required: bool = False) -> str | None:
        value = self.data.get(key, default)
        if value is None:
            if required:
                raise self.error(key, "missing; expected a text")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.error(key, f"expected a text, got {value!r}")
        return str(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value: str = self.data.get(key, default)
        if value not in choices:
            raise self.error(key, f"expected one of: {', '.join(choices)}, got {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def words(self, key: str, *, required: bool = False) -> list[str]:
        """A list of words or phrases, or ``{data: name, key: k}``: the list under
        ``k`` in the pack's ``data/<name>.yaml``."""
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "missing; expected a list of words or phrases")
            return []
        if isinstance(value, dict):
            value = self._data_list(key, value)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(key, "expected a list of words or phrases, or {data: file, key: list}")
        return [v.strip() for v in value]

    def texts(self, key: str) -> list[str]:
        """A list of texts taken as written (spaces count: ``"  "``)."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(key, "expected a list of texts")
        return list(value)

    def _data_list(self, key: str, ref: dict[str, Any]) -> Any:
        if set(ref) != {"data", "key"} or not all(isinstance(v, str) for v in ref.values()):
            raise self.error(key, "expected a list of words, or {data: file, key: list} "
                             "(a list in the pack's data/<file>.yaml)")
        path = self.src.path.parent / "data" / f"{ref['data']}.yaml"
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except OSError:
            raise self.error(key, f"no data file {path.name!r} in {path.parent}") from None
        if not isinstance(data, dict) or ref["key"] not in data:
            keys = ", ".join(sorted(data)) if isinstance(data, dict) else "none"
            raise self.error(key, f"{path.name} has no list {ref['key']!r}; lists: {keys}")
        return data[ref["key"]]

    def sub(self, key: str) -> Spec:
        """The mapping at ``key`` as a Spec of its own (errors name ``key.…``)."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise self.error(key, "expected a mapping")
        return Spec(value, self.src, (*self.path, key))

    def localised(self, key: str) -> dict[str, str] | None:
        """A plain text in both languages: ``{da: …, en: …}`` or one text for both."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return {"da": value, "en": value}
        if not isinstance(value, dict) or set(value) != {"da", "en"} or not all(
                isinstance(v, str) for v in value.values()):
            raise self.error(key, "expected {da: …, en: …} or one text")
        return dict(value)

    def modes(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        from ..matching import MODES

        value = self.data.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or any(v not in MODES for v in value):
            raise self.error(key, f"expected one or more of: {', '.join(MODES)}, got {value!r}")
        return tuple(value)

    def limit(self, key: str) -> float | str | None:
        """A number, or ``$section.key`` to read it from the policy."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.startswith("$"):
            if policy_value(None, value) is _BAD_REF:
                raise self.error(key, f"unknown policy key {value[1:]!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number or $policy.key, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise self.error(key, f"expected a finite number ≥ 0, got {value!r}")
        return float(value)

    def regex(self, key: str, pattern: Any, flags: int, index: int | None = None) -> re.Pattern[str]:
        if not isinstance(pattern, str):
            raise self.error(key, f"expected a regular expression, got {pattern!r}")
        at = f"[{index}]" if index is not None else ""
        try:
            compiled = re.compile(pattern, flags)
        except re.error as exc:
            raise self.error(key, f"bad regular expression{at} {pattern!r}: {exc}") from None
        why = catastrophic_shape(pattern, flags)
        if why is not None:
            raise self.error(key, f"regular expression{at} {pattern!r} refused: {why} can take "
                                  f"exponential time on some posts; rewrite it so each part "
                                  f"of the text can match only one way") from None
        return compiled


_BAD_REF = object()


def policy_value(policy: Policy | None, ref: str) -> Any:
    """Resolve ``$section.key`` against a policy (or, with None, check that it exists)."""
    parts = ref.lstrip("$").split(".")
    current: Any = policy if policy is not None else Policy
    for part in parts:
        if policy is None:
            fields = getattr(current, "model_fields", None)
            if not fields or part not in fields:
                return _BAD_REF
            from ..policy import model_in

            current = model_in(fields[part].annotation) or object
            continue
        current = getattr(current, part, _BAD_REF)
        if current is _BAD_REF:
            return _BAD_REF
    return current if policy is not None else True


class DeclarativeRule(Rule):
    """A rule built from YAML. Subclasses are the kinds (existence, substitution, …)."""

    kind: ClassVar[str] = ""
    #: Kind-specific keys and what they expect (shown in errors).
    keys: ClassVar[dict[str, str]] = {}
    #: Placeholders the kind fills in messages and suggestions.
    fills: ClassVar[frozenset[str]] = frozenset({"match"})
    #: Keys of the other messages the kind can emit (YAML ``messages:``), and when.
    message_keys: ClassVar[dict[str, str]] = {}
    #: Placeholders a rule adds from its own spec (a regex's named groups, a level's
    #: args); set in ``parse``, which runs before the messages are validated.
    extra_fills: frozenset[str] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self.message = {}
        self.messages = {}
        self.suggestion_templates = {}
        self.examples = []
        #: ``Hit.suggestion_key`` of the YAML ``suggestion`` (None without one).
        self.suggestion_key: str | None = None

    @classmethod
    def from_spec(cls, data: dict[str, Any], src: YamlSource, pack: str, default_id: str) -> DeclarativeRule:
        spec = Spec(data, src)
        allowed = {**COMMON_KEYS, **cls.keys}
        for key in data:
            if key not in allowed:
                raise spec.error(str(key), f"unknown key for kind {cls.kind!r}; valid keys: "
                                 + ", ".join(sorted(allowed)))
        rule = cls()
        rule.id = spec.text("id", default_id) or default_id
        if not _ID_RE.match(rule.id):
            raise spec.error("id", f"expected an id like 'pack.rule-name' (lower case), got {rule.id!r}")
        rule.category = spec.choice("category", CATEGORIES, "")
        rule.severity = spec.choice("severity", SEVERITIES, "warning")
        rule.active_severity = rule.severity
        rule.summary = spec.text("summary", required=True) or ""
        rule.rationale = spec.text("rationale", required=True) or ""
        rule.safe_fix = spec.boolean("safe_fix", False)
        rule.pack = pack
        rule.source = f"{src.name}"
        rule.parse(spec)
        fills = cls.fills | rule.extra_fills
        rule.message = _localised(spec, "message", required=True, fills=fills)
        rule.messages = _messages(spec, cls.message_keys, fills)
        if spec.has("suggestion"):
            rule.suggestion_templates = {
                **rule.suggestion_templates,
                DEFAULT: _localised(spec, "suggestion", required=False, fills=fills)}
            rule.suggestion_key = DEFAULT
        rule.examples = _examples(spec)
        return rule

    def parse(self, spec: Spec) -> None:
        """Read and validate the kind's own keys."""

    def message_key(self, key: str) -> str | None:
        """``Hit.key`` for one of the kind's ``message_keys``: the key if the YAML declares it."""
        return key if key in self.messages else None


def _messages(spec: Spec, keys: dict[str, str], fills: frozenset[str]) -> dict[str, dict[str, str]]:
    value = spec.data.get("messages")
    if value is None:
        return {}
    if not keys:
        raise spec.error("messages", "this kind has one message; write it under message")
    if not isinstance(value, dict):
        raise spec.error("messages", "expected {key: {da: …, en: …}}; keys: " + ", ".join(keys))
    out: dict[str, dict[str, str]] = {}
    for name in value:
        if name not in keys:
            raise spec.error(("messages", str(name)), "unknown message key; valid: "
                             + "; ".join(f"{k} ({why})" for k, why in keys.items()))
        out[str(name)] = _localised(Spec(value, spec.src, (*spec.path, "messages")), str(name),
                                    required=True, fills=fills)
    return out


def _localised(spec: Spec, key: str, *, required: bool, fills: frozenset[str]) -> dict[str, str]:
    value = spec.data.get(key)
    if value is None:
        if required:
            raise spec.error(key, "missing; expected {da: …, en: …}")
        return {}
    if isinstance(value, str):
        value = {"da": value, "en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise spec.error(key, "expected {da: …, en: …} or one text")
    unknown_lang = set(value) - {"da", "en"}
    if unknown_lang:
        raise spec.error(key, f"unknown language {sorted(unknown_lang)[0]!r}; valid: da, en")
    for lang in LANGS:
        if lang not in value:
            raise spec.error(key, f"missing the {lang!r} text; every message needs da and en")
    used: dict[str, set[str]] = {}
    for lang, template in value.items():
        try:
            names = placeholders(template)
        except ValueError as exc:
            raise spec.error((key, lang), f"bad template: {exc}") from None
        unknown = names - fills
        if unknown:
            raise spec.error((key, lang), f"unknown placeholder {{{sorted(unknown)[0]}}}; "
                             f"valid: {', '.join('{' + f + '}' for f in sorted(fills))}")
        used[lang] = names
    if used["da"] != used["en"]:
        odd = sorted(used["da"] ^ used["en"])[0]
        lang = "da" if odd in used["da"] else "en"
        raise spec.error((key, lang), f"placeholder {{{odd}}} is in the {lang} text only; "
                         "the da and en texts must use the same placeholders")
    return dict(value)


def _examples(spec: Spec) -> list[Example]:
    value = spec.data.get("examples")
    if not isinstance(value, dict) or not value.get("bad") or not value.get("good"):
        raise spec.error("examples", "expected {bad: [...], good: [...]}, each with at least one example")
    unknown = set(value) - {"bad", "good"}
    if unknown:
        raise spec.error("examples", f"unknown key {sorted(unknown)[0]!r}; valid keys: bad, good")
    out: list[Example] = []
    for kind in ("bad", "good"):
        items = value[kind]
        if not isinstance(items, list):
            raise spec.error("examples", f"{kind}: expected a list")
        for i, item in enumerate(items):
            sub = Spec(item if isinstance(item, dict) else {}, spec.src, ("examples", kind, i))
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise sub.error(None, "expected a text or {text: …, suggestion: …}")
            extra = set(item) - {"text", "suggestion", "policy", "post", "history", "note"}
            if extra:
                raise sub.error(sorted(extra)[0], "unknown key; valid keys: history, note, policy, post, suggestion, text")
            try:
                ex = Example.parse(item["text"], suggestion=item.get("suggestion"),
                                   policy=item.get("policy") or {}, post=item.get("post") or {},
                                   history=item.get("history") or [], note=item.get("note", ""))
            except ValueError as exc:
                raise sub.error("text", str(exc)) from None
            if kind == "bad" and ex.span is None:
                ex.note = ("bad " + ex.note).strip()
            if kind == "good" and ex.span is not None:
                raise sub.error("text", "a good example must not mark a span")
            out.append(ex)
    return out


def case_like(template: str, source: str) -> str:
    """Give a replacement the capitalisation of the text it replaces."""
    # Only an all-lower-case replacement takes the case: "kWh" and "iPads" stay as written.
    if source[:1].isupper() and template.islower():
        if source.isupper() and len(source) > 1:
            return template.upper()
        return template[:1].upper() + template[1:]
    return template
