"""The data brandguard takes in and gives back: Post, Author, Span, Finding, Report.

Everything read from outside (a post from JSON, a policy file) forbids unknown
fields, so a typo is an error instead of a silent default.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

Category = Literal["narrative", "tone", "language", "spam", "compliance", "format"]
#: Every category, in the order reports show them.
CATEGORIES: tuple[str, ...] = ("narrative", "tone", "language", "spam", "compliance", "format")
Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
Channel = Literal["linkedin", "facebook", "x", "instagram", "other"]
CHANNELS: tuple[str, ...] = ("linkedin", "facebook", "x", "instagram", "other")
Verdict = Literal["pass", "warn", "block"]
#: What kind of post it is (``Post.kind``). ``company`` (the default) is a programme post
#: whose kind is read from the text; the others say it, overriding the detection.
#: Every kind but ``personal`` is a company post for the cadence limits.
PostKind = Literal["company", "work-story", "advice", "job-ad", "event", "campaign-share",
                   "internal", "personal"]
POST_KINDS: tuple[str, ...] = ("company", "work-story", "advice", "job-ad", "event",
                               "campaign-share", "internal", "personal")

#: Posts longer than this are refused (see docs/api.md: "Limits").
MAX_TEXT_CHARS = 200_000

_post_ids = itertools.count(1)


class EmptyPostError(ValueError):
    """The post's text is empty or only whitespace: there is nothing to check."""


class PostTooLongError(ValueError):
    """The post's text is longer than :data:`MAX_TEXT_CHARS` characters."""


class InvalidPostError(ValueError):
    """A field of the post is not valid Unicode text: it holds a lone surrogate
    (``"\\ud800"``, from a broken UTF-16 decoder or ``surrogateescape``), which can be
    neither analysed nor written out as UTF-8. Raised by ``Post(...)`` and ``check``."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(value: Any, field: str) -> None:
    """Raise :class:`InvalidPostError` if ``value`` (a str) holds a lone surrogate."""
    if isinstance(value, str):
        m = _SURROGATE.search(value)
        if m is not None:
            raise InvalidPostError(
                f"post {field} holds a lone surrogate (U+{ord(m.group()):04X}) at position "
                f"{m.start()}: not valid Unicode text")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Author(_Strict):
    """The employee who is to publish the post."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    #: Has opted in to the advocacy programme (participation is voluntary).
    enrolled: bool = True
    name: str | None = None

    @field_validator("id", "name")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        check_unicode(value, "author field")
        return value


class Post(_Strict):
    """A draft post, as the employee wrote it.

    Invalid fields raise :class:`pydantic.ValidationError` (a ``ValueError``)
    naming the field: empty text, text over :data:`MAX_TEXT_CHARS`, an unknown
    channel, a datetime without a time zone.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    text: str
    channel: Channel = "linkedin"
    author: Author = Field(default_factory=lambda: Author(id="anonymous"))
    #: When it is to be published; must carry a time zone.
    created_at: AwareDatetime | None = None
    #: Id of the company story it shares, if any.
    campaign: str | None = None
    #: The suggested text it started from, if any.
    template: str | None = None
    #: The caller's id for the post; reports carry it back.
    id: str | None = None
    #: What kind of post it is: ``company`` (a programme post, its kind read from the
    #: text), ``work-story``, ``advice``, ``job-ad``, ``event``, ``campaign-share``,
    #: ``internal`` (a message to colleagues) or ``personal`` (the employee's own, not
    #: counted by the cadence limits). A given kind overrides the detection.
    kind: PostKind = "company"

    if not TYPE_CHECKING:
        # Hidden from type checkers, so they see the constructor pydantic derives from
        # the fields above (text: str, channel: Channel, …) instead of **data: Any.
        def __init__(self, **data: Any) -> None:
            # Raise the documented errors directly (pydantic would wrap them).
            _check_text(data.get("text"))
            _check_fields(data)
            super().__init__(**data)

    @field_validator("text")
    @classmethod
    def _text_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise EmptyPostError("post text is empty")
        if len(value) > MAX_TEXT_CHARS:
            raise PostTooLongError(
                f"post text has {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,}"
            )
        check_unicode(value, "text")
        return value

    @field_validator("campaign", "template", "id")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        check_unicode(value, "field")
        return value

    def published_at(self) -> datetime:
        """`created_at`, or now (UTC) for a draft without a time."""
        from datetime import UTC

        return self.created_at or datetime.now(UTC)


class Span(BaseModel):
    """Where a finding is: Python string offsets into ``post.text`` as given.

    ``utf16_start``/``utf16_end`` are the same places in UTF-16 code units,
    for JavaScript callers (an emoji outside the BMP counts two there).
    """

    start: int
    end: int
    utf16_start: int
    utf16_end: int
    text: str = ""


class Finding(BaseModel):
    """One thing to change in the post."""

    rule_id: str
    category: Category | Literal["internal"]
    severity: Severity
    message: str
    span: Span | None = None
    suggestion: str | None = None
    #: Further replacements, best first (``suggestion`` is the first).
    suggestions: list[str] = Field(default_factory=list)
    #: The rule's suggestion can be applied without a person reading it.
    safe_fix: bool = False
    #: Where the rule comes from: a pack name or a plugin.
    source: str = ""


class ThemeMatch(BaseModel):
    """A narrative theme the post touches, and the words that touched it."""

    name: str
    terms: list[str]
    spans: list[Span] = Field(default_factory=list)


class Report(BaseModel):
    """The result of checking one post."""

    post_id: str | None = None
    verdict: Verdict
    score: int
    scores: dict[str, int]
    findings: list[Finding]
    #: Narrative themes the post touches (filled by the narrative pack).
    themes: list[ThemeMatch] = Field(default_factory=list)
    #: Values from the policy the post expresses.
    values: list[str] = Field(default_factory=list)
    #: Figures computed on the way: words, sentences, lix, core_story_similarity, …
    figures: dict[str, float] = Field(default_factory=dict)
    language: str | None = None
    lang: Literal["da", "en"] = "da"

    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        out = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def worst(self) -> str | None:
        """The highest severity among the findings, or None."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)


def new_post_id() -> str:
    return f"post-{next(_post_ids)}"


def _check_text(text: Any) -> None:
    if not isinstance(text, str):
        return  # pydantic reports the wrong type, naming the field
    if not text.strip():
        raise EmptyPostError("post text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise PostTooLongError(
            f"post text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )
    check_unicode(text, "text")


def _check_fields(data: Mapping[str, Any]) -> None:
    for key in ("campaign", "template", "id"):
        check_unicode(data.get(key), key)
    author = data.get("author")
    if isinstance(author, dict):
        for key in ("id", "name"):
            check_unicode(author.get(key), f"author.{key}")


def as_post(value: Post | Mapping[str, Any] | str) -> Post:
    """Accept a Post, a dict of its fields, or bare text.

    Raises :class:`EmptyPostError` or :class:`PostTooLongError` for text that
    cannot be checked, ``pydantic.ValidationError`` for other invalid fields.
    """
    if isinstance(value, Post):
        return value
    if isinstance(value, str):
        return Post(text=value)
    if isinstance(value, Mapping):
        _check_text(value.get("text"))
        _check_fields(value)
        value = dict(value)
    return Post.model_validate(value)
