"""YAML front matter of Markdown posts, and where a post's body starts in its file.

The parsing layer under the input layer (:mod:`brandguard.inputs`, which builds
Posts from it and documents the file format) and the formatters, which show findings
at the file's lines below the front matter: it imports neither.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any

import yaml

from .yamlsrc import load_yaml

#: Front-matter keys that become Post fields (``date`` and ``publish_at`` mean created_at).
KEYS: tuple[str, ...] = ("id", "channel", "author", "author_id", "enrolled", "created_at",
                         "campaign", "template", "kind")
_ALIASES = {"date": "created_at", "publish_at": "created_at", "published_at": "created_at"}
#: A post's front matter holds a few fields (a site generator's title and tags among them):
#: more is no post. Parsed, 160,000 keys took 9 s.
MAX_FRONT_MATTER_CHARS = 65_536
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)

#: Lines before the body of the Markdown posts read in this process, by label.
_origins: dict[str, int] = {}


class FrontMatterError(ValueError):
    """The front matter is not valid YAML, not a mapping, or has a misspelt key."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """``(front matter, body, body offset)``; a text without front matter is all body."""
    m = _FRONT.match(text)
    if m is None:
        return {}, text, 0
    if len(m.group(1)) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(f"front matter has {len(m.group(1)):,} characters; the limit is "
                               f"{MAX_FRONT_MATTER_CHARS:,}")
    try:
        data = load_yaml(m.group(1)) if m.group(1).strip() else {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise FrontMatterError(f"front matter{line}: {problem}") from None
    if not isinstance(data, dict):
        raise FrontMatterError("front matter: expected key: value pairs")
    return data, text[m.end():], m.end()


def parse_markdown_post(text: str) -> tuple[dict[str, Any], str, int, int]:
    """``(post fields, body, body offset, lines before the body)`` of a Markdown post.

    The post fields use the batch row names (``author`` may be an id or a
    mapping; ``author_id``/``enrolled`` are also accepted). The body loses the
    file's final line break, as a plain-text post file does.
    """
    data, body, offset = split_front_matter(text)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        name = _ALIASES.get(str(key), str(key))
        if name in KEYS:
            if name in fields:
                raise FrontMatterError(f"front matter: {key}: the publish time is given twice")
            fields[name] = _plain(value)
            continue
        close = difflib.get_close_matches(str(key), [*KEYS, *_ALIASES], n=1, cutoff=0.8)
        if close:
            raise FrontMatterError(f"front matter: unknown key {key!r}; did you mean {close[0]!r}?")
    if body.endswith("\r\n"):
        body = body[:-2]
    elif body.endswith(("\n", "\r")):
        body = body[:-1]
    return fields, body, offset, text.count("\n", 0, offset)


def _plain(value: Any) -> Any:
    """YAML dates and datetimes as ISO text, so one parser handles every input."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def remember_origin(label: str, line_offset: int) -> None:
    """Record that the post shown as ``label`` starts ``line_offset`` lines into its file."""
    if line_offset:
        _origins[label] = line_offset
    else:
        _origins.pop(label, None)


def line_offset(label: str) -> int:
    """Lines of front matter before the post shown as ``label`` (0 for a plain post)."""
    return _origins.get(label, 0)


def file_position(label: str, text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) in the file of an offset into the post's text.

    The body starts at the beginning of a line, so only lines shift; columns
    count characters (code points).
    """
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line + line_offset(label), col
