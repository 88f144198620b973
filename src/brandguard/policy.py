"""The company's policy: what posts must carry, avoid and respect.

``load_policy`` reads YAML, TOML, JSON or a dict into a validated :class:`Policy`.
A bad policy raises :class:`PolicyError` whose message names the file, the key
path, what was expected and what was given, e.g.::

    policy.yaml: spam.max_posts_per_day: expected a whole number ≥ 0, got 'two'
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .models import CATEGORIES, CHANNELS
from .yamlsrc import load_yaml


class PolicyError(ValueError):
    """A policy (or a rule pack, or a ``rules:`` override) is invalid.

    The message is one line: ``<file>: <key path>: expected …, got …``.
    """


class PackError(PolicyError):
    """A rule pack is invalid: the message names file, line, key and valid choices.

    Defined here, beside PolicyError, so the data-file loader can raise it without
    importing the rule kinds; ``brandguard.kinds.base.PackError`` is the same class.
    """


# --- value types whose errors read well --------------------------------------------------


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PydanticCustomError("bg_count", "expected a whole number ≥ 0")
    return value


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise PydanticCustomError("bg_share", "expected a number from 0 to 1")
    return float(value)


def _positive(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise PydanticCustomError("bg_positive", "expected a number ≥ 0")
    return float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("bg_text", "expected a non-empty text")
    return value.strip()


Count = Annotated[int, BeforeValidator(_count)]
Share = Annotated[float, BeforeValidator(_share)]
Hours = Annotated[float, BeforeValidator(_positive)]
Text = Annotated[str, BeforeValidator(_text)]
SeverityName = Literal["info", "warning", "error"]
OverrideSeverity = Literal["off", "info", "warning", "error"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Company(_Section):
    """Who the posts are about."""

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    timezone: str = "Europe/Copenhagen"
    #: Listed on a stock exchange: inside-information rules apply (EU MAR).
    listed: bool = False
    #: The company's own e-mail and web domains (contact data there is fine).
    domains: list[Text] = Field(default_factory=list)
    #: Product and service names (spelling, disclosure of advertising).
    products: list[Text] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise PydanticCustomError(
                "bg_tz", "expected an IANA time zone such as Europe/Copenhagen"
            ) from None
        return value

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


class Theme(_Section):
    """A key message of the core story and the words that carry it."""

    name: Text
    terms: list[Text] = Field(min_length=1)


class OffLimits(_Section):
    """A topic employees must not post about in the company's name."""

    name: Text
    terms: list[Text] = Field(min_length=1)
    severity: SeverityName = "error"


class Narrative(_Section):
    """The core story (kernefortælling), its key messages and values."""

    core_story: str = ""
    themes: list[Theme] = Field(default_factory=list)
    min_themes: Count = 0
    values: list[Text] = Field(default_factory=list)
    off_limits: list[OffLimits] = Field(default_factory=list)
    competitors: list[Text] = Field(default_factory=list)
    #: Approved posts that tell the story well (used for the story-fit figure).
    examples: list[Text] = Field(default_factory=list)
    #: Below this similarity to the core story, a post counts as off-story.
    min_story_fit: Share = 0.05


class Tone(_Section):
    """How posts should sound."""

    address: Literal["du", "De"] = "du"
    max_exclamations: Count = 2
    max_emojis: Count = 6
    banned_phrases: list[Text] = Field(default_factory=list)


class Style(_Section):
    """Language style: readability, terminology, house spelling."""

    lix_max: Count | None = 45
    max_sentence_words: Count = 30
    #: wrong → right, e.g. {"Nordlys energi": "Nordlys Energi"}
    terminology: dict[str, Text] = Field(default_factory=dict)
    #: Words the speller must accept (product names, jargon).
    accept: list[Text] = Field(default_factory=list)
    thousands_separator: Literal["point", "space"] = "point"


class Spam(_Section):
    """Posting cadence and stuffing limits."""

    max_posts_per_day: Count = 1
    max_posts_per_week: Count = 3
    min_hours_between_posts: Hours = 12
    max_shares_per_story_per_day: Count = 10
    min_personalisation: Share = 0.3
    max_hashtags: Count = 5
    max_mentions: Count = 5
    max_links: Count = 1
    duplicate_warn: Share = 0.7
    duplicate_block: Share = 0.9
    duplicate_window_days: Count = 7
    #: At most this share of an employee's recent posts may be company posts.
    max_company_share: Share | None = None
    balance_window: Count = 10


class Compliance(_Section):
    """Law and confidentiality."""

    disclosure_markers: list[Text] = Field(
        default_factory=lambda: ["reklame", "annonce", "jeg arbejder hos"]
    )
    confidential_terms: list[Text] = Field(default_factory=list)
    personal_data: bool = True
    require_enrollment: bool = True
    #: Phone numbers and e-mail addresses that may appear (the company's own).
    allowed_contacts: list[Text] = Field(default_factory=list)


class ChannelLimits(_Section):
    """Overrides of a channel's built-in limits."""

    max_chars: Count | None = None
    fold: Count | None = None
    max_hashtags: Count | None = None


class RuleOverride(_Section):
    """Severity and options for a rule, a pack or a category."""

    severity: OverrideSeverity | None = None
    options: dict[str, Any] = Field(default_factory=dict)


def _override(value: Any) -> Any:
    # `rules: {x: off}` — YAML reads a bare `off` as False.
    if value is False:
        return RuleOverride(severity="off")
    if isinstance(value, str):
        if value not in ("off", "info", "warning", "error"):
            raise PydanticCustomError(
                "bg_override", "expected one of: off, info, warning, error, or a mapping"
            )
        return RuleOverride(severity=value)
    return value


Override = Annotated[RuleOverride, BeforeValidator(_override)]


class Policy(_Section):
    """A company's policy for employee posts. Every section but ``company`` is optional."""

    version: Literal[1] = 1
    company: Company
    language: Literal["da", "en"] = "da"
    narrative: Narrative = Field(default_factory=Narrative)
    tone: Tone = Field(default_factory=Tone)
    style: Style = Field(default_factory=Style)
    spam: Spam = Field(default_factory=Spam)
    compliance: Compliance = Field(default_factory=Compliance)
    channels: dict[Literal["linkedin", "facebook", "x", "instagram", "other"], ChannelLimits] = (
        Field(default_factory=dict)
    )
    #: Rule packs: built-in or installed names, or folders (relative to the policy file).
    #: ``None`` means every pack that is installed.
    packs: list[Text] | None = None
    #: Overrides by rule id, pack name or category.
    rules: dict[str, Override] = Field(default_factory=dict)

    _source: str = PrivateAttr(default="<dict>")
    _base_dir: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> str:
        """The file the policy came from, or ``<dict>``."""
        return self._source

    @property
    def base_dir(self) -> Path | None:
        """Folder relative pack paths are resolved against."""
        return self._base_dir


# --- loading --------------------------------------------------------------------------------


def load_policy(source: str | Path | dict[str, Any] | Policy) -> Policy:
    """Read and validate a policy.

    ``source`` is a path (YAML, ``.toml`` or ``.json``), a dict, or a Policy. A
    ``pyproject.toml`` holds the policy in its ``[tool.brandguard]`` table.
    Raises :class:`PolicyError` with one line naming file, key, expectation and value.
    """
    if isinstance(source, Policy):
        return source
    if isinstance(source, dict):
        return _validate(source, "<dict>", None)
    if not isinstance(source, str | Path):
        raise PolicyError(f"policy: expected a path or a dict, got {type(source).__name__}")
    path = Path(source)
    data = _read(path)
    if path.name == "pyproject.toml":  # the policy is its [tool.brandguard] table
        table = data.get("tool", {}).get("brandguard") if isinstance(data.get("tool"), dict) \
            else None
        if not isinstance(table, dict):
            raise PolicyError(f"{path}: no [tool.brandguard] table")
        data = table
    return _validate(data, str(path), path.resolve().parent)


def _read(path: Path) -> dict[str, Any]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PolicyError(f"{name}: no such file") from None
    except OSError as exc:
        raise PolicyError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PolicyError(f"{name}: {where}invalid YAML: {problem}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{name}: invalid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PolicyError(f"{name}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    if data is None:
        raise PolicyError(f"{name}: the file is empty; a policy needs at least company.name")
    if not isinstance(data, dict):
        raise PolicyError(f"{name}: expected a mapping of sections, got {type(data).__name__}")
    return data


def _validate(data: dict[str, Any], name: str, base_dir: Path | None) -> Policy:
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(describe_error(exc, name, Policy)) from None
    policy._source = name
    policy._base_dir = base_dir
    return policy


_EXPECTED = {
    "missing": "a value (this key is required)",
    "string_type": "a text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "too_short": "at least one item",
}


def describe_error(exc: ValidationError, name: str, model: type[BaseModel]) -> str:
    """One line for the first error of a pydantic ValidationError."""
    err = exc.errors(include_url=False)[0]
    loc = [str(p) for p in err["loc"]]
    key = ".".join(loc) or "(top level)"
    kind = err["type"]
    given = err.get("input")
    if kind == "extra_forbidden":
        valid = _valid_keys(model, loc[:-1])
        choices = f"; valid keys: {', '.join(valid)}" if valid else ""
        return f"{name}: {key}: unknown key{choices}"
    if kind == "literal_error":
        expected = "one of: " + err.get("ctx", {}).get("expected", "").replace("'", "").replace(
            " or ", ", ")
    elif kind.startswith("bg_"):
        expected = err["msg"].removeprefix("expected ")
    else:
        expected = _EXPECTED.get(kind, err["msg"][0].lower() + err["msg"][1:])
    if kind == "missing":
        return f"{name}: {key}: missing; expected {expected}"
    return f"{name}: {key}: expected {expected}, got {_show(given)}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _valid_keys(model: type[BaseModel], loc: list[str]) -> list[str]:
    current: Any = model
    for part in loc:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = model_in(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def model_in(annotation: Any) -> Any:
    """The BaseModel inside `X`, `X | None`, `list[X]` or `dict[str, X]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = model_in(arg)
        if found is not None:
            return found
    return None


def policy_json_schema() -> dict[str, Any]:
    """JSON Schema of the policy file, for editors' autocompletion."""
    schema = Policy.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "brandguard policy"
    return schema


VALID_OVERRIDE_TARGETS_HELP = "a rule id, a pack name or a category (" + ", ".join(CATEGORIES) + ")"
__all__ = ["CHANNELS", "Policy", "PolicyError", "load_policy", "policy_json_schema"]
