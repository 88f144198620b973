"""Check many posts at once, on every core, keeping the input order.

    from brandguard.batch import check_many, read_rows

    for result in check_many(read_rows("posts.jsonl"), "policy.yaml", jobs=4):
        print(result.line, result.error or result.report.verdict)

Input is JSON Lines, CSV with a header row, a Markdown file with YAML front
matter, or a folder of such Markdown files. A row that cannot be read (malformed
JSON, no text, a bad date, an unknown field) becomes a :class:`Result` with an
``error`` and its line number; the other rows are still checked, so nothing is
lost. Each worker process builds one Checker when it starts and keeps it warm
for all the posts it gets.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from .models import Post, Report
from .policy import Policy, describe_error, load_policy

if TYPE_CHECKING:
    from .engine import Checker
    from .packs import Registry

#: Fields a row may have (the Post's, plus the flat author columns of a CSV export).
ROW_FIELDS: tuple[str, ...] = ("id", "text", "channel", "author", "author_id", "enrolled",
                               "created_at", "campaign", "template", "kind")
_TRUE = {"true", "yes", "ja", "1", "y", "j"}
_FALSE = {"false", "no", "nej", "0", "n"}
#: Posts sent to a worker at a time: big enough to amortise the round trip,
#: small enough that results stream out (and Ctrl-C loses little work).
CHUNKSIZE = 8


class RowError(ValueError):
    """A row that cannot become a Post; the message names the field."""


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


@dataclass(slots=True)
class Result:
    """The outcome of one row: a report, or the error that kept it from being checked."""

    line: int
    id: str | None
    report: Report | None = None
    error: str | None = None
    seconds: float = 0.0
    file: str | None = None
    post: Post | None = field(default=None, repr=False)

    def to_json(self) -> str:
        """One line of the batch output: ``{line, id, report}`` or ``{line, id, error}``."""
        head: dict[str, Any] = {"line": self.line, "id": self.id}
        if self.file is not None:
            head["file"] = self.file
        if self.report is None:
            head["error"] = self.error
            return json.dumps(head, ensure_ascii=False)
        # The report's own JSON, spliced in: no second round of serialisation.
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "report": ' \
            + self.report.model_dump_json() + "}"


# --- reading ------------------------------------------------------------------------------


def read_rows(path: str | Path, *, timezone: str | None = None) -> Iterator[Row]:
    """Rows from a ``.jsonl``/``.ndjson``, ``.csv`` or ``.md`` file, or a folder of ``.md``.

    ``timezone`` (an IANA name) is given to ``created_at`` values without one;
    without it such a value is an error. Raises ``OSError`` for a missing file,
    ``RowError`` for a CSV whose header is unusable; bad rows are yielded with
    their error.
    """
    p = Path(path)
    if p.is_dir():
        yield from _markdown_rows(sorted(q for q in p.rglob("*.md") if q.is_file()), timezone)
        return
    suffix = p.suffix.lower()
    if suffix == ".md":
        yield from _markdown_rows([p], timezone)
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
        yield _row(number, record, timezone)


def csv_rows(fh: Iterable[str], *, timezone: str | None = None) -> Iterator[Row]:
    """Rows from CSV with a header row; line numbers count the file's physical lines."""
    reader = csv.DictReader(fh if isinstance(fh, io.IOBase) else iter(fh))
    header = reader.fieldnames
    if not header:
        return
    unknown = [h for h in header if h not in ROW_FIELDS]
    if unknown:
        raise RowError(f"CSV header: unknown column {unknown[0]!r}; valid columns: "
                       + ", ".join(ROW_FIELDS))
    if "text" not in header:
        raise RowError("CSV header: no 'text' column")
    start = 2
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Row(reader.line_num, error=f"malformed CSV: {exc}")
            start = reader.line_num + 1
            continue
        line = start
        start = reader.line_num + 1  # a quoted field may span several lines
        if None in record:
            yield Row(line, id=record.get("id") or None,
                      error=f"{len(header) + len(record[None])} fields; the header has {len(header)}")
            continue
        cleaned = {k: v for k, v in record.items() if v not in (None, "")}
        if not any(v.strip() for v in record.values() if v):
            continue  # an empty line inside the file
        yield _row(line, cleaned, timezone, from_csv=True)


def _markdown_rows(paths: list[Path], timezone: str | None) -> Iterator[Row]:
    from .frontmatter import FrontMatterError, parse_markdown_post, remember_origin

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
        row = _row(number, {**fields, "text": body}, timezone)
        row.file = str(path)
        row.line_offset = line_offset
        remember_origin(row.file, line_offset)  # formatters show the file's lines
        yield row


def _row(line: int, record: Any, timezone: str | None, *, from_csv: bool = False) -> Row:
    if not isinstance(record, dict):
        return Row(line, error=f"expected a JSON object, got {type(record).__name__}")
    rid = record.get("id")
    rid = str(rid) if rid is not None else None
    try:
        return Row(line, post=post_from_record(record, timezone=timezone, from_csv=from_csv),
                   id=rid)
    except RowError as exc:
        return Row(line, id=rid, error=str(exc))


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
        fields["id"] = str(fields["id"])
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


# --- checking -----------------------------------------------------------------------------

#: A post that takes most code paths: sentences, numbers, a link, a mention, hashtags, emoji.
_WARM_UP = ("Vi glæder os til at vise dig vores nye kontor i Aarhus! Montørerne satte 25 "
            "solcellepaneler op i går, og kunderne sparer 1.200 kr. om året. Tak til @Nordlys "
            "for hjælpen 😀 Læs mere på https://example.dk/nyt #grønomstilling #arbejdsliv")
_worker_checker: Checker | None = None
_worker_ledger: Any = None


def _init_worker(policy: Policy, lang: str, ignore: tuple[str, ...], select: tuple[str, ...] | None,
                 ledger_url: str | None) -> None:
    """Runs once in each worker: the parent handles Ctrl-C; build the warm Checker."""
    global _worker_checker, _worker_ledger
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _worker_checker is None:  # a forked worker inherits the parent's warm one
        _worker_checker = _build_checker(policy, lang, ignore, select)
    if ledger_url and _worker_ledger is None:
        # A connection must not cross a fork: each worker opens its own.
        _worker_ledger = _open_ledger(ledger_url)


def _build_checker(policy: Policy, lang: str, ignore: tuple[str, ...],
                   select: tuple[str, ...] | None, registry: Registry | None = None) -> Checker:
    from .engine import Checker

    checker = Checker(policy, lang=lang, ignore=ignore, select=select, registry=registry)
    # Warm up: the first check loads spaCy and the lexicon lazily. Doing it here
    # (before a fork) shares them between workers and keeps it out of the timings.
    checker.check(Post(text=_WARM_UP, campaign="warm-up", template=_WARM_UP))
    return checker


def _open_ledger(url: str) -> Any:
    from .ledger import open_ledger

    return open_ledger(url)


def _check_row(row: Row) -> Result:
    assert _worker_checker is not None
    return check_row(_worker_checker, row, ledger=_worker_ledger)


def check_row(checker: Checker, row: Row, *, ledger: Any = None) -> Result:
    """Check one row; a post the checker refuses becomes an error result."""
    result = Result(line=row.line, id=row.id, file=row.file, post=row.post)
    if row.post is None:
        result.error = row.error or "no post"
        return result
    started = time.perf_counter()
    try:
        result.report = checker.check(row.post, ledger=ledger)
    except ValueError as exc:  # empty or too long text, an invalid field
        result.error = str(exc)
    result.seconds = time.perf_counter() - started
    return result


def as_rows(items: Iterable[Row | Post | dict[str, Any] | str]) -> Iterator[Row]:
    """Rows from Posts, dicts or strings (numbered from 1), or Rows as they are."""
    for number, item in enumerate(items, 1):
        if isinstance(item, Row):
            yield item
        elif isinstance(item, Post):
            yield Row(number, post=item, id=item.id)
        elif isinstance(item, str):
            yield _row(number, {"text": item}, None)
        else:
            yield _row(number, item, None)


def check_many(
    rows: Iterable[Row | Post | dict[str, Any] | str],
    policy: Policy | dict[str, Any] | str | Path,
    *,
    jobs: int | None = None,
    lang: str = "da",
    ignore: Iterable[str] = (),
    select: Iterable[str] | None = None,
    ledger_url: str | None = None,
    chunksize: int = CHUNKSIZE,
    start_method: str | None = None,
    registry: Registry | None = None,
) -> Iterator[Result]:
    """Check every row and yield one :class:`Result` per row, in input order.

    ``jobs`` worker processes (default: every CPU) each build one Checker and
    keep it for all their posts; ``jobs=1`` checks in this process. ``ledger_url``
    is opened once per worker (a connection cannot be shared between processes).
    Closing the generator early (or Ctrl-C) stops the workers. ``start_method``
    is the multiprocessing one (default ``fork`` where there is one, else ``spawn``).
    ``registry``, built for this policy, is used by the Checker built in this process
    (``jobs=1``, or before the fork); a spawned worker builds its own.
    """
    pol = load_policy(policy)
    jobs = max(1, jobs or os.cpu_count() or 1)
    ignore_t = tuple(ignore)
    select_t = tuple(select) if select is not None else None
    source = as_rows(rows)
    if jobs == 1:
        checker = _build_checker(pol, lang, ignore_t, select_t, registry)
        ledger = _open_ledger(ledger_url) if ledger_url else None
        try:
            for row in source:
                yield check_row(checker, row, ledger=ledger)
        finally:
            _close(ledger)
        return
    yield from _pooled(source, pol, jobs, lang, ignore_t, select_t, ledger_url, chunksize,
                       start_method, registry)


def _pooled(source: Iterator[Row], policy: Policy, jobs: int, lang: str,
            ignore: tuple[str, ...], select: tuple[str, ...] | None, ledger_url: str | None,
            chunksize: int, start_method: str | None,
            registry: Registry | None = None) -> Iterator[Result]:
    global _worker_checker
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context(start_method or ("fork" if "fork" in methods else "spawn"))
    if ctx.get_start_method() == "fork":
        # Build the Checker (spaCy, lexicon, compiled rules) once, before the fork:
        # every worker starts warm and shares the memory copy-on-write.
        _worker_checker = _build_checker(policy, lang, ignore, select, registry)
        # Keep the collector off the inherited objects, so the workers do not
        # copy the shared pages by touching them (copy-on-write stays shared).
        gc.freeze()
    pool = ctx.Pool(jobs, initializer=_init_worker,
                    initargs=(policy, lang, ignore, select, ledger_url))
    finished = False
    try:
        yield from pool.imap(_check_row, source, chunksize=chunksize)
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.terminate()  # interrupted or abandoned: don't wait for queued work
        pool.join()
        _worker_checker = None
        gc.unfreeze()


def _close(ledger: Any) -> None:
    close = getattr(ledger, "close", None)
    if callable(close):
        close()


# --- summary ------------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts gathered while a batch runs, for the closing table."""

    rows: int = 0
    errors: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {"pass": 0, "warn": 0, "block": 0})
    rules: dict[str, int] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: Result) -> None:
        self.rows += 1
        if result.report is None:
            self.errors += 1
            return
        self.verdicts[result.report.verdict] += 1
        for f in result.report.findings:
            self.rules[f.rule_id] = self.rules.get(f.rule_id, 0) + 1
        label = result.id or result.file or f"line {result.line}"
        self.slowest.append((result.seconds, label))
        if len(self.slowest) > 50:
            self.slowest = sorted(self.slowest, reverse=True)[:5]

    def table(self, *, top: int = 10, lang: str = "da") -> str:
        """The closing summary as aligned plain text, in ``lang`` (``da`` or ``en``)."""
        from . import i18n

        def t(key: str, **values: Any) -> str:
            return i18n.t(lang, key, **values)

        checked = self.rows - self.errors
        lines = [t("rows_line", rows=i18n.t(lang, "rows_n", n=self.rows),
                   checked=i18n.number(checked, lang), errors=i18n.number(self.errors, lang))
                 + (t("in_seconds", seconds=i18n.number(self.seconds, lang, 1))
                    if self.seconds else "")]
        lines.append("")
        names = {name: t(name) for name in ("pass", "warn", "block")}
        first = max(len(n) for n in [*names.values(), t("verdict_col")])
        lines.append(f"{t('verdict_col'):<{first}}  {t('posts_col'):>7}")
        for name in ("pass", "warn", "block"):
            lines.append(f"{names[name]:<{first}}  {self.verdicts[name]:>7}")
        if self.rules:
            lines.append("")
            width = max(len(r) for r in [*list(self.rules)[:top], t("top_rules")])
            lines.append(f"{t('top_rules'):<{width}}  {t('findings_col')}")
            for rid, n in sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
                lines.append(f"{rid:<{width}}  {n:>8}")
        if self.slowest:
            slowest = sorted(self.slowest, reverse=True)[:5]
            width = max(len(label) for _, label in [*slowest, (0.0, t("slowest_posts"))])
            lines.append("")
            lines.append(f"{t('slowest_posts'):<{width}}  ms")
            for seconds, label in slowest:
                lines.append(f"{label:<{width}}{seconds * 1000:>4.0f}")
        return "\n".join(lines) + "\n"
