"""The company's policy: what posts must carry, avoid and respect.

``load_policy`` reads YAML, TOML, JSON or a dict into a validated :class:`Policy`.
A bad policy raises :class:`PolicyError` whose message names the file, the key
path, what was expected and what was given, e.g.::

    policy.yaml: spam.max_posts_per_day: expected a whole number ≥ 0, got 'two'
"""

from __future__ import annotations

import difflib
import json
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, cast
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
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from .models import CATEGORIES, CHANNELS
from .yamlsrc import compose, load_yaml, position


class PolicyError(ValueError):
    """A policy (or a rule pack, or a ``rules:`` override) is invalid.

    The message has one line per problem found (every problem of the file at once):
    ``<file>:<line>:<column>: <key path>: expected …, got …``; line and column where
    the format gives them (YAML, JSON), else ``<file>: <key path>: …`` (TOML, a dict).
    :attr:`problems` lists the lines.
    """

    @property
    def problems(self) -> list[str]:
        """One line per problem."""
        return str(self).splitlines()


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
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value < 0:
        raise PydanticCustomError("bg_positive", "expected a finite number ≥ 0")
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
    #: The severity of going over the three cadence limits: ``error`` blocks the post
    #: (a limit, the default); ``warning`` or ``info`` make them a hint.
    cadence_severity: SeverityName = "error"
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


class Campaign(_Section):
    """A company campaign employees share (``Post.campaign`` names it by ``id``): what a
    share must carry, and when it may run. Checked by ``narrative.campaign``."""

    #: What ``Post.campaign`` says for a share of this campaign (also the share counts'
    #: story id, ``spam.max-shares-per-story``).
    id: Text
    #: Shown in messages; the id when not given.
    name: Text | None = None
    #: Hashtags a share carries, every one (written with or without ``#``).
    hashtags: list[Text] = Field(default_factory=list)
    #: The campaign's page: a share links to it (a URL, or a domain with a path;
    #: ``https://``, ``www.``, a query and a trailing slash do not matter).
    link: Text | None = None
    #: The campaign's key terms (matched on lemmas, inflections and compounds).
    terms: list[Text] = Field(default_factory=list)
    #: At least this many of ``terms`` (all of them when there are fewer).
    min_terms: Count = 1
    #: The first and last day of the campaign (inclusive, in ``company.timezone``).
    starts: date | None = None
    ends: date | None = None

    @field_validator("hashtags")
    @classmethod
    def _with_hash(cls, value: list[str]) -> list[str]:
        out = []
        for tag in value:
            tag = "#" + tag.lstrip("#")
            if len(tag) < 2 or any(ch.isspace() for ch in tag):
                raise PydanticCustomError("bg_hashtag", "expected a hashtag without spaces")
            out.append(tag)
        return out

    @model_validator(mode="after")
    def _dates_in_order(self) -> Campaign:
        if self.starts is not None and self.ends is not None and self.ends < self.starts:
            raise PydanticCustomError("bg_dates", "ends on or after starts")
        return self

    @property
    def title(self) -> str:
        return self.name or self.id


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
        return RuleOverride(severity=cast(OverrideSeverity, value))
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
    #: The company's products and offers, at the top level (the same list as
    #: ``company.products``; both may be given, and are merged).
    products: list[Text] = Field(default_factory=list)
    #: The company's campaigns: what a share of each must carry, and its dates.
    campaigns: list[Campaign] = Field(default_factory=list)
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
    #: The file's text, when its format gives positions (YAML, JSON): see :meth:`where`.
    _text: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _merge_products(self) -> Policy:
        """``products:`` and ``company.products`` are one list: every rule reads the merge."""
        merged = list(dict.fromkeys([*self.company.products, *self.products]))
        self.company.products = merged
        self.products = merged
        return self

    @field_validator("campaigns")
    @classmethod
    def _unique_campaigns(cls, value: list[Campaign]) -> list[Campaign]:
        seen: set[str] = set()
        for c in value:
            if c.id.casefold() in seen:
                raise PydanticCustomError("bg_unique", "a different id for each campaign "
                                          "({id} is given twice)", {"id": c.id})
            seen.add(c.id.casefold())
        return value

    def campaign(self, name: str | None) -> Campaign | None:
        """The campaign ``Post.campaign`` names (by id or name, case-insensitively)."""
        if not name:
            return None
        key = name.strip().casefold()
        return next((c for c in self.campaigns
                     if c.id.casefold() == key or (c.name or "").casefold() == key), None)

    @property
    def source(self) -> str:
        """The file the policy came from, or ``<dict>``."""
        return self._source

    @property
    def base_dir(self) -> Path | None:
        """Folder relative pack paths are resolved against."""
        return self._base_dir

    def where(self, *path: str | int, key: bool = False) -> str:
        """``file:line:column`` of the value at a key path (``key=True``: of the key),
        for messages; just the file (or ``<dict>``) when the format gives no positions."""
        return locate(self._source, self._text, path, key=key)


# --- loading --------------------------------------------------------------------------------


def load_policy(source: str | Path | Mapping[str, Any] | Policy) -> Policy:
    """Read and validate a policy.

    ``source`` is a path (YAML, ``.toml`` or ``.json``), a dict, or a Policy. A
    ``pyproject.toml`` holds the policy in its ``[tool.brandguard]`` table.
    Raises :class:`PolicyError` with one line per problem (all of them at once), each
    naming file, line and column (YAML, JSON), key path, expectation and value.
    """
    if isinstance(source, Policy):
        return source
    if isinstance(source, Mapping):
        return _validate(dict(source), "<dict>", None)
    if not isinstance(source, str | Path):
        raise PolicyError(f"policy: expected a path or a dict, got {type(source).__name__}")
    path = Path(source)
    data, text = _read(path)
    if path.name == "pyproject.toml":  # the policy is its [tool.brandguard] table
        table = data.get("tool", {}).get("brandguard") if isinstance(data.get("tool"), dict) \
            else None
        if not isinstance(table, dict):
            raise PolicyError(f"{path}: no [tool.brandguard] table")
        data, text = table, None
    return _validate(data, str(path), path.resolve().parent, text)


def locate(name: str, text: str | None, path: Sequence[str | int], *, key: bool = False) -> str:
    """``name:line:column`` of ``path`` in a YAML (or JSON) text; ``name`` without one."""
    if text is None:
        return name
    line, column = position(compose(text), path, key=key)
    return f"{name}:{line}:{column}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest of ``choices`` to a misspelt word, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _read(path: Path) -> tuple[dict[str, Any], str | None]:
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
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PolicyError(f"{name}{where}: invalid YAML: {problem}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{name}: invalid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PolicyError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:  # JSON, YAML or TOML nested thousands deep
        raise PolicyError(f"{name}: the file is nested too deeply to be a policy") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise PolicyError(f"{name}: invalid {suffix.lstrip('.').upper() or 'YAML'}: "
                          f"{str(exc).split(';')[0]}") from None
    if data is None:
        raise PolicyError(f"{name}: the file is empty; a policy needs at least company.name")
    if not isinstance(data, dict):
        raise PolicyError(f"{name}: expected a mapping of sections, got {type(data).__name__}")
    # TOML: tomllib gives no positions, so errors name the key path only. JSON: its text
    # composes as YAML (flow style) for positions; where it does not, key paths only.
    return data, (None if suffix == ".toml" else text)


def _validate(data: dict[str, Any], name: str, base_dir: Path | None,
              text: str | None = None) -> Policy:
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError("\n".join(policy_problems(exc, name, text))) from None
    policy._source = name
    policy._base_dir = base_dir
    policy._text = text
    return policy


def policy_problems(exc: ValidationError, name: str, text: str | None = None) -> list[str]:
    """Every error of a policy's validation, one line each, in file order:
    ``file:line:column: key path: problem`` (``file: key path: problem`` without
    positions). An unknown key says which valid key was probably meant."""
    out: list[tuple[tuple[int, int], int, str]] = []
    for i, err in enumerate(exc.errors(include_url=False)):
        loc = [p if isinstance(p, int) else str(p) for p in err["loc"]]
        unknown = err["type"] == "extra_forbidden"
        problem = _problem(err, Policy)
        if unknown:
            problem = _unknown_key(Policy, [str(p) for p in loc])
        at = (position(compose(text), loc, key=unknown or err["type"] == "missing")
              if text is not None else (0, 0))
        where = f"{name}:{at[0]}:{at[1]}" if text is not None else name
        out.append((at, i, f"{where}: {problem}"))
    return [line for _, _, line in sorted(out)]


def _unknown_key(model: type[BaseModel], loc: list[str]) -> str:
    key = ".".join(loc)
    valid = _valid_keys(model, loc[:-1])
    if not valid:
        return f"{key}: unknown key"
    return (f"{key}: unknown key{did_you_mean(loc[-1], valid)}"
            f" (valid keys: {', '.join(valid)})")


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
    return f"{name}: {_problem(exc.errors(include_url=False)[0], model)}"


def _problem(err: ErrorDetails, model: type[BaseModel]) -> str:
    """``key path: problem`` for one pydantic error."""
    loc = [str(p) for p in err["loc"] if p != "[key]"]
    key = ".".join(loc) or "(top level)"
    kind = err["type"]
    given = err.get("input")
    if kind == "extra_forbidden":
        valid = _valid_keys(model, loc[:-1])
        choices = f"; valid keys: {', '.join(valid)}" if valid else ""
        return f"{key}: unknown key{choices}"
    if kind == "literal_error":
        expected = "one of: " + err.get("ctx", {}).get("expected", "").replace("'", "").replace(
            " or ", ", ")
    elif kind.startswith("bg_"):
        expected = err["msg"].removeprefix("expected ")
    else:
        expected = _EXPECTED.get(kind, err["msg"][0].lower() + err["msg"][1:])
    if kind == "missing":
        return f"{key}: missing; expected {expected}"
    return f"{key}: expected {expected}, got {_show(given)}"


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
