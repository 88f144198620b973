"""Posts kept as Markdown files with YAML front matter, as content repositories keep them::

    ---
    id: 2026-03-varmepumpe
    channel: linkedin
    author: {id: e17, enrolled: true}     # or author: e17 (and enrolled: true)
    campaign: varmepumpe-500
    created_at: 2026-03-02T08:30:00+01:00
    ---
    I dag satte vi vores 500. varmepumpe op i Viborg …

The body after the front matter is the post, exactly as written (Markdown is
not rendered: the text is what gets published). Spans in reports are offsets
into the body; :func:`file_position` maps them back to the file's line and
column. Front-matter keys brandguard does not know are left alone (site
generators keep their own there), but a near miss of a known key, such as
``chanel``, is an error, so a typo cannot silently switch a check off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .frontmatter import (
    KEYS,
    FrontMatterError,
    file_position,
    line_offset,
    parse_markdown_post,
    remember_origin,
    split_front_matter,
)
from .models import Post

__all__ = ["KEYS", "FrontMatterError", "file_position", "line_offset", "parse_markdown_post",
           "post_from_markdown", "read_markdown_post", "remember_origin", "split_front_matter"]


def post_from_markdown(text: str, *, defaults: dict[str, Any] | None = None,
                       timezone: str | None = None) -> tuple[Post, int]:
    """``(Post, body offset)`` from a Markdown text; front matter overrides ``defaults``.

    Raises :class:`FrontMatterError` for bad front matter and
    :class:`brandguard.batch.RowError` (a ``ValueError``) naming a bad field.
    """
    from .batch import post_from_record

    fields, body, offset, _lines = parse_markdown_post(text)
    record = {**_flatten(defaults or {}), **fields, "text": body}
    return post_from_record(record, timezone=timezone), offset


def _flatten(defaults: dict[str, Any]) -> dict[str, Any]:
    out = dict(defaults)
    author = out.get("author")
    if isinstance(author, dict):
        out["author"] = dict(author)
    return out


def read_markdown_post(path: str | Path, *, defaults: dict[str, Any] | None = None,
                       timezone: str | None = None) -> tuple[Post, int]:
    """``(Post, body offset)`` from a Markdown file (UTF-8, a BOM is dropped).

    Spans in the post's report plus the body offset are offsets into the file's
    text; :func:`file_position` gives lines and columns.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    post, offset = post_from_markdown(text, defaults=defaults, timezone=timezone)
    remember_origin(str(path), text.count("\n", 0, offset))
    return post, offset
