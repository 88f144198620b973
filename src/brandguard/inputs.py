"""The input layer: every way a post reaches brandguard from a file becomes a Post here.

- :func:`read_post`: a plain-text file, or standard input for ``-`` (the whole text is
  the post), or a Markdown file with YAML front matter;
- :func:`read_rows`: JSON Lines, CSV with a header row, a Markdown file or a folder of
  them, a :class:`Row` each (for ``brandguard batch`` and
  :func:`brandguard.check_many`);
- :func:`post_from_record`: the fields of one row, front matter or command line.

Every problem is an :class:`InputError` (a ``ValueError``) whose message is one line
naming the file, line or field; a bad row is a Row with its ``error`` and the rows
after it are still read, so nothing is lost. Nothing here imports spaCy: reading a
post stays cheap. The HTTP service reads JSON bodies itself (their errors are problem
documents), with :func:`post_from_record`'s rules.

Markdown posts, as content repositories keep them::

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
into the body; :func:`brandguard.frontmatter.file_position` maps them back to the file's line and
column. Front-matter keys brandguard does not know are left alone (site
generators keep their own there), but a near miss of a known key, such as
``chanel``, is an error, so a typo cannot silently switch a check off.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from .frontmatter import FrontMatterError, parse_markdown_post, remember_origin
from .models import MAX_TEXT_CHARS, Post
from .policy import describe_error

#: How much of a file is looked at to tell binary from text (as git and grep do).
BINARY_SNIFF_BYTES = 8192
#: The path that means standard input.
STDIN = "-"

#: Fields a row may have (the Post's, plus the flat author columns of a CSV export).
ROW_FIELDS: tuple[str, ...] = ("id", "text", "channel", "author", "author_id", "enrolled",
                               "created_at", "campaign", "template", "kind")
_TRUE = {"true", "yes", "ja", "1", "y", "j"}
_FALSE = {"false", "no", "nej", "0", "n"}


class InputError(ValueError):
    """A post that cannot be read: the message is one line naming the file, line or field."""


class RowError(InputError):
    """A row (or a post's fields) that cannot become a Post; the message names the field."""


@dataclass(slots=True)
class Row:
    """One input row: where it came from, and the post or why there is none."""

    line: int
    post: Post | None = None
    error: str | None = None
    id: str | None = None
    #: The file a Markdown row came from.
    file: str | None = None
    #: Lines of front matter before a Markdown post's body (to map spans to the file).
    line_offset: int = 0


# --- one post: a text file, stdin, a Markdown file -------------------------------------------

def display_name(path: str) -> str:
    """How a path is named in messages (``<stdin>`` for ``-``)."""
    return "<stdin>" if path == STDIN else path


def read_text(path: str) -> str:
    """The text of a file (or stdin for ``-``), refusing what is not UTF-8 text."""
    name = display_name(path)
    try:
        if path == STDIN:
            if sys.stdin is None:
                raise InputError(f"{name}: no standard input")
            raw = sys.stdin.buffer.read()
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{name}: is a folder, not a file")
            raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        # A BOM is an encoding mark, not part of the post; spans count without it.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # NUL bytes in valid UTF-8 are text (and get checked); here they mark a binary file.
        if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
            raise InputError(f"{name}: binary file, not UTF-8 text") from None
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
                         "save it as UTF-8") from None


def post_from_text(text: str, defaults: dict[str, Any], name: str) -> Post:
    """A Post from a file's text and further fields (channel, author, …), or an InputError
    naming the file."""
    if not text.strip():
        raise InputError(f"{name}: the post is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{name}: the post has {len(text):,} characters; "
                         f"the limit is {MAX_TEXT_CHARS:,}")
    try:
        return Post(text=text, **defaults)
    except ValidationError as exc:
        raise InputError(describe_error(exc, name, Post)) from None


def read_post(path: str, fields: dict[str, Any] | None = None, *,
              timezone: str | None = None) -> Post:
    """One post from a file, or from stdin for ``-``: the whole text is the post
    (less a UTF-8 byte-order mark and the file's final line break).

    ``fields`` are further :class:`~brandguard.Post` fields (channel, author, …).
    A ``.md`` file's YAML front matter sets the post's fields (over ``fields``)
    and the body after it is the post; ``timezone`` is given to a publish time
    without one. Raises :class:`InputError` naming the file for a missing,
    unreadable, binary, non-UTF-8, empty or too long file, or an invalid field.
    """
    name = display_name(path)
    given = fields or {}
    if path.lower().endswith((".md", ".markdown")):
        return _markdown_post(read_text(path), given, name, timezone)
    return post_from_text(strip_final_newline(read_text(path)), given, name)


def _markdown_post(text: str, defaults: dict[str, Any], name: str,
                   timezone: str | None) -> Post:
    try:
        post, offset = post_from_markdown(text, defaults=defaults, timezone=timezone)
    except ValueError as exc:  # FrontMatterError, RowError: both name the field
        raise InputError(f"{name}: {exc}") from None
    # Findings are shown at the file's lines, below the front matter.
    remember_origin(name, text.count("\n", 0, offset))
    return post


def strip_final_newline(text: str) -> str:
    """Drop the one line break that ends a text file (editors and ``echo`` add it);
    it is not part of the post, and offsets before it do not move."""
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


def post_from_markdown(text: str, *, defaults: dict[str, Any] | None = None,
                       timezone: str | None = None) -> tuple[Post, int]:
    """``(Post, body offset)`` from a Markdown text; front matter overrides ``defaults``.

    Raises :class:`FrontMatterError` for bad front matter and
    :class:`RowError` naming a bad field (both are ``ValueError``).
    """
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
    text; :func:`brandguard.frontmatter.file_position` gives lines and columns.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    post, offset = post_from_markdown(text, defaults=defaults, timezone=timezone)
    remember_origin(str(path), text.count("\n", 0, offset))
    return post, offset


# --- rows: JSON Lines, CSV, folders of Markdown posts ---------------------------------------

def read_rows(path: str | Path, *, timezone: str | None = None) -> Iterator[Row]:
    """Rows from a ``.jsonl``/``.ndjson``, ``.csv`` or ``.md`` file, or a folder of ``.md``.

    ``timezone`` (an IANA name) is given to ``created_at`` values without one;
    without it such a value is an error. Raises ``OSError`` for a missing file,
    ``RowError`` for a CSV whose header is unusable; bad rows are yielded with
    their error.
    """
    p = Path(path)
    if p.is_dir():
        yield from markdown_rows(sorted(q for q in p.rglob("*.md") if q.is_file()), timezone)
        return
    suffix = p.suffix.lower()
    if suffix == ".md":
        yield from markdown_rows([p], timezone)
        return
    if suffix == ".csv":
        # A quoted field may span lines, so CSV is decoded whole: a bad byte stops
        # the run before any work (UnicodeDecodeError), naming its offset.
        text = p.read_bytes().decode("utf-8-sig")
        yield from csv_rows(io.StringIO(text, newline=""), timezone=timezone)
        return
    with p.open("rb") as fh:  # decoded line by line: a bad byte spoils one row only
        yield from jsonl_rows(fh, timezone=timezone)


def jsonl_rows(lines: Iterable[str | bytes], *, timezone: str | None = None) -> Iterator[Row]:
    """Rows from JSON Lines, numbered from 1; blank lines are skipped (not rows).

    Lines may be bytes (UTF-8, a BOM on the first is dropped); one that is not
    UTF-8 becomes a bad row.
    """
    for number, raw in enumerate(lines, 1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Row(number, error=f"not UTF-8 text (invalid byte at column {exc.start + 1})")
                continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Row(number, error=f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield Row(number, error="malformed JSON: nested too deeply")
            continue
        except ValueError as exc:  # an integer of more than 4,300 digits
            yield Row(number, error=f"malformed JSON: {str(exc).split(';')[0]}")
            continue
        yield row_from_record(number, record, timezone)


def csv_rows(fh: Iterable[str], *, timezone: str | None = None) -> Iterator[Row]:
    """Rows from CSV with a header row; line numbers count the file's physical lines.

    Parsing is strict: a quote that is never closed, or closed in the middle of a
    field, would otherwise swallow every row after it into one field. Such a row is
    reported with its line, and reading starts again on the line after it.
    """
    lines = list(fh if isinstance(fh, io.IOBase) else iter(fh))
    header_reader = csv.reader(lines[:1])
    header = next(header_reader, None)
    if not header:
        return
    unknown = [h for h in header if h not in ROW_FIELDS]
    if unknown:
        raise RowError(f"CSV header: unknown column {unknown[0]!r}; valid columns: "
                       + ", ".join(ROW_FIELDS))
    if "text" not in header:
        raise RowError("CSV header: no 'text' column")
    first = 1  # index into lines where the current reader starts
    while first < len(lines):
        reader = csv.DictReader((lines[i] for i in range(first, len(lines))),
                                fieldnames=header, strict=True)
        start = first + 1  # physical line number of the next record
        restart = None
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                bad = start
                yield Row(bad, error=f"malformed CSV (an unbalanced quote?): {exc}; "
                                     f"reading goes on at line {bad + 1}")
                restart = bad  # lines[bad] is the physical line after the bad one
                break
            line = start
            start = first + reader.line_num + 1  # a quoted field may span several lines
            if None in record:
                yield Row(line, id=record.get("id") or None,
                          error=f"{len(header) + len(record[None])} fields; "
                                f"the header has {len(header)}")
                continue
            cleaned = {k: v for k, v in record.items() if v not in (None, "")}
            if not any(v.strip() for v in record.values() if v):
                continue  # an empty line inside the file
            yield row_from_record(line, cleaned, timezone, from_csv=True)
        if restart is None:
            return
        first = restart


def markdown_rows(paths: list[Path], timezone: str | None) -> Iterator[Row]:
    """A row per Markdown file (numbered from 1); an unreadable file is a bad row."""
    for number, path in enumerate(paths, 1):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            yield Row(number, file=str(path), error="not UTF-8 text")
            continue
        except OSError as exc:
            yield Row(number, file=str(path), error=f"cannot read: {exc.strerror or exc}")
            continue
        try:
            fields, body, _offset, line_offset = parse_markdown_post(text)
        except FrontMatterError as exc:
            yield Row(number, file=str(path), error=str(exc))
            continue
        row = row_from_record(number, {**fields, "text": body}, timezone)
        row.file = str(path)
        row.line_offset = line_offset
        remember_origin(row.file, line_offset)  # formatters show the file's lines
        yield row


def row_from_record(line: int, record: Any, timezone: str | None, *, from_csv: bool = False) -> Row:
    """A Row from a parsed record: the Post, or the error that names the bad field."""
    if not isinstance(record, dict):
        return Row(line, error=f"expected a JSON object, got {type(record).__name__}")
    rid = record.get("id")
    rid = printable_id(rid) if rid is not None else None
    try:
        return Row(line, post=post_from_record(record, timezone=timezone, from_csv=from_csv),
                   id=rid)
    except RowError as exc:
        return Row(line, id=rid, error=str(exc))
    except (RecursionError, ValueError, TypeError) as exc:  # whatever a hostile row holds
        return Row(line, id=rid, error=f"cannot read the row: {type(exc).__name__}: "
                                       f"{str(exc)[:200]}")


def printable_id(value: Any) -> str:
    """A row's id as text that can be written as UTF-8 (lone surrogates escaped), at
    most 200 characters."""
    text = value if isinstance(value, str) else json.dumps(value)[:200] \
        if isinstance(value, list | dict) else str(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text[:200]


def post_from_record(record: dict[str, Any], *, timezone: str | None = None,
                     from_csv: bool = False) -> Post:
    """A Post from a row's fields; raises :class:`RowError` naming the bad field."""
    unknown = [k for k in record if k not in ROW_FIELDS]
    if unknown:
        raise RowError(f"unknown field {unknown[0]!r}; valid fields: {', '.join(ROW_FIELDS)}")
    text = record.get("text")
    if text is None:
        raise RowError("missing field 'text'")
    if not isinstance(text, str):
        raise RowError(f"text: expected a string, got {type(text).__name__}")
    if not text.strip():
        raise RowError("text: the post is empty")
    fields: dict[str, Any] = {k: v for k, v in record.items()
                              if k not in ("author_id", "enrolled", "author")}
    if fields.get("id") is not None:
        fields["id"] = printable_id(fields["id"])
    author = _author(record, from_csv)
    if author is not None:
        fields["author"] = author
    if "created_at" in fields:
        fields["created_at"] = _datetime(fields["created_at"], timezone)
    try:
        return Post(**fields)
    except ValidationError as exc:
        raise RowError(describe_error(exc, "row", Post).removeprefix("row: ")) from None
    except ValueError as exc:  # EmptyPostError, PostTooLongError
        raise RowError(f"text: {exc}") from None


def _author(record: dict[str, Any], from_csv: bool) -> dict[str, Any] | None:
    author = record.get("author")
    if isinstance(author, dict):
        out = dict(author)
    elif author is None:
        out = {}
    elif isinstance(author, str | int):
        out = {"id": str(author)}
    else:
        raise RowError(f"author: expected an id or an object, got {type(author).__name__}")
    if record.get("author_id") is not None:
        out["id"] = str(record["author_id"])
    if "enrolled" in record:
        out["enrolled"] = _bool(record["enrolled"], "enrolled")
    if not out:
        return None
    out.setdefault("id", "anonymous")
    return out


def _bool(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise RowError(f"{name}: expected true or false, got {value!r}")


def _datetime(value: Any, timezone: str | None) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise RowError(f"created_at: not an ISO 8601 date and time: {value!r}") from None
    else:
        raise RowError(f"created_at: expected an ISO 8601 date and time, got {value!r}")
    if parsed.tzinfo is None:
        if timezone is None:
            raise RowError(f"created_at: {value!r} has no time zone (add +01:00 or Z)")
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed
