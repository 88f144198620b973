"""``brandguard batch``: check a file of posts on every core, one JSON line out per row."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import i18n
from . import _options as opt
from ._common import (
    DEFAULT_POLICY_FILES,
    CliError,
    exit_code,
    load_baseline_arg,
    load_policy_arg,
    load_registry,
    plugin_manager,
)

if TYPE_CHECKING:
    from ..batch import Result
    from ..inputs import Row

NAME = "batch"
HELP = "check many posts (JSON Lines, CSV, or a folder of Markdown posts) on every core"
EPILOG = f"""\
Input: JSON Lines (.jsonl) or CSV with a header (.csv), one post a row, with the
fields text (required), id, channel, author (an id, or {{"id": .., "enrolled": ..}};
CSV: author or author_id, and enrolled), created_at (ISO 8601; without a time zone,
the policy's company.timezone), campaign, template, kind. A Markdown file or a
folder of them (*.md, with YAML front matter) also works.

Output (--out): one JSON line per input row, in input order: {{"line", "id", "report"}}
or {{"line", "id", "error"}} for a row that could not be read. Bad rows are also
listed on stderr; the other rows are checked all the same.

The policy defaults to the first {', '.join(DEFAULT_POLICY_FILES)} or pyproject.toml
[tool.brandguard] in the current folder or a parent, up to the project root.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 a usage or
policy error, or a row that could not be read; 130 after Ctrl-C (the results so far
are in --out, each line complete).

examples:
  brandguard batch posts.jsonl --policy policy.yaml --out results.jsonl
  brandguard batch export.csv -p policy.yaml -o results.jsonl --html report.html --jobs 4
  brandguard batch drafts/ -p policy.yaml -o - --fail-on warning
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("input", metavar="INPUT",
                        help="posts.jsonl, posts.csv, a Markdown post, or a folder of them")
    opt.add(parser, "policy")
    parser.add_argument("-o", "--out", metavar="FILE", required=True,
                        help="where to write the results (JSON Lines); '-' for stdout")
    parser.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                        help=f"worker processes (default: the number of CPUs, {os.cpu_count()})")
    parser.add_argument("--html", metavar="FILE",
                        help="also write an HTML report for editors (one self-contained file)")
    opt.add(parser, "ledger", "fail-on", "min-score", "lang", "ignore")
    opt.add(parser, "baseline", help="leave out the findings accepted in this baseline file")
    parser.add_argument("--progress", default="auto", choices=("auto", "always", "never"),
                        help="progress bar on stderr (default auto: only on a terminal)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="stop a post's check after this long (default 60): its worker "
                             "is replaced and the post is blocked; the rest goes on")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run: keep the results already in --out "
                             "(a torn last line is dropped) and check only the rows not there")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def run(args: argparse.Namespace) -> int:
    from ..batch import Summary, check_many
    from ..inputs import RowError, read_rows

    policy = load_policy_arg(args.policy)
    registry = load_registry(policy, plugin_manager(args))  # once: for the ids, the checker and the HTML report
    ignore = opt.expand_rule_ids(registry, opt.rule_ids(args.ignore), "--ignore")
    path = Path(args.input)
    if not path.exists():
        raise CliError(f"{args.input}: no such file or folder")
    baseline = load_baseline_arg(args.baseline) if args.baseline else None

    rows = read_rows(path, timezone=policy.company.timezone)
    try:
        first = list(itertools.islice(rows, 1))  # a bad CSV header fails before any work
    except RowError as exc:
        raise CliError(f"{args.input}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{args.input}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    done: set[int] = set()
    if args.resume:
        done = _resume_from(args.out)
        sys.stderr.write(f"brandguard: resuming: {len(done)} rows are already in {args.out}\n")
    first = [r for r in first if r.line not in done]
    source = itertools.chain(first, _reporting_bad_rows(
        (r for r in rows if r.line not in done), args.input))
    if first and first[0].error:
        _warn_bad_row(args.input, first[0])

    html_items: list[tuple[str, Any, Any]] | None = [] if args.html else None
    summary = Summary()
    started = time.perf_counter()
    out = _open_out(args.out, append=args.resume)
    bar = _progress_bar(args.progress, path)
    interrupted = False
    reports = []
    try:
        for result in check_many(source, policy, jobs=args.jobs, lang=args.lang, ignore=ignore,
                                 ledger_url=args.ledger, registry=registry,
                                 timeout=_timeout(args.timeout)):
            if baseline is not None and result.report is not None and result.post is not None:
                result.report = baseline.filter(result.report, key=_key_of(result),
                                                text=result.post.text)
            _write_result(out, result, args.input)
            summary.add(result)
            if result.report is not None:
                reports.append(result.report)
                if html_items is not None and result.post is not None:
                    html_items.append((_label(result), result.post, result.report))
            if bar is not None:
                bar.update(1)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.close()
        out.flush()
        if out is not sys.stdout:
            out.close()
    summary.seconds = time.perf_counter() - started
    sys.stderr.write("\n" + summary.table(lang=args.lang))
    if interrupted:
        sys.stderr.write(f"brandguard: interrupted; {summary.rows} results are in {args.out}\n")
        return 130
    if html_items is not None:
        _write_html(args.html, html_items, policy, args.lang, registry.rules)
    code = exit_code(reports, args.fail_on, args.min_score)
    return 2 if summary.errors else code


def _timeout(value: float | None) -> float:
    from ..batch import DEFAULT_TIMEOUT

    if value is None:
        return DEFAULT_TIMEOUT
    if not (value > 0) or value == float("inf"):
        raise CliError(f"--timeout: expected a positive number of seconds, got {value:g}")
    return value


def _reporting_bad_rows(rows: Any, name: str) -> Any:
    for row in rows:
        if row.error:
            _warn_bad_row(name, row)
        yield row


def _warn_bad_row(name: str, row: Row) -> None:
    where = row.file or f"{name}:{row.line}"
    sys.stderr.write(f"brandguard: {terminal_safe(where)}: {terminal_safe(row.error or '')}\n")


def terminal_safe(text: str) -> str:
    """``text`` fit for a terminal: control characters, escape sequences and bidi
    overrides made visible, line breaks shown as ␤, lone surrogates escaped."""
    from ..formatters.text import safe

    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return safe(text).replace("\n", "␤").replace("\t", "␉")


def _write_result(out: IO[str], result: Result, name: str) -> None:
    """Write one whole line (flushed with it); a result that cannot be serialised
    becomes an error line for its row, and a failed write is reported, not fatal."""
    try:
        line = result.to_json()
    except (ValueError, TypeError) as exc:
        line = json.dumps({"line": result.line, "id": result.id,
                           "error": f"the result could not be written: {exc}"[:300]})
    try:
        out.write(line + "\n")
    except OSError as exc:
        sys.stderr.write(f"brandguard: {name}:{result.line}: cannot write the result: "
                         f"{terminal_safe(exc.strerror or str(exc))}\n")


def _resume_from(target: str) -> set[int]:
    """Input lines whose results are already in ``target``; a torn last line (an
    interrupted write) is cut off, so the file is valid JSON Lines again."""
    if target == "-":
        raise CliError("--resume needs --out FILE (not '-')")
    path = Path(target)
    if not path.exists():
        return set()
    data = path.read_bytes()
    done: set[int] = set()
    keep = 0  # bytes of whole, valid lines
    pos = 0
    number = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        end = len(data) if nl < 0 else nl + 1
        raw = data[pos:end]
        number += 1
        try:
            record = json.loads(raw.decode("utf-8"))
            if nl < 0 or not isinstance(record, dict) or not isinstance(record.get("line"), int):
                raise ValueError("not a result line")
        except ValueError:
            if end == len(data):
                break  # the torn last line: dropped below
            raise CliError(f"--resume: {target}:{number}: not a brandguard batch result "
                           f"line; is this the output of another run?") from None
        done.add(record["line"])
        keep = end
        pos = end
    if keep < len(data):
        with path.open("r+b") as fh:
            fh.truncate(keep)
    return done


def _label(result: Result) -> str:
    return result.file or result.id or f"line {result.line}"


def _key_of(result: Result) -> str:
    from ..baseline import post_key

    return post_key(result.file or f"line {result.line}", result.post)


def _open_out(target: str, *, append: bool = False) -> IO[str]:
    if target == "-":
        return sys.stdout
    try:
        # Line-buffered: every finished result reaches the file, even if we are killed.
        return open(target, "a" if append else "w", encoding="utf-8", buffering=1)
    except OSError as exc:
        raise CliError(f"--out {target}: cannot write: {exc.strerror or exc}") from None


def _progress_bar(choice: str, path: Path) -> Any:
    on_terminal = sys.stderr.isatty() if hasattr(sys.stderr, "isatty") else False
    if choice == "never" or (choice == "auto" and not on_terminal):
        return None
    from tqdm import tqdm

    total = _count_rows(path)
    return tqdm(total=total, unit="post", file=sys.stderr, dynamic_ncols=True, leave=False)


def _count_rows(path: Path) -> int | None:
    """Rows in the input, for the bar's total (cheap: lines, not parsing)."""
    try:
        if path.is_dir():
            return sum(1 for _ in path.rglob("*.md"))
        if path.suffix.lower() == ".md":
            return 1
        with path.open("rb") as fh:
            lines = sum(1 for line in fh if line.strip())
        return lines - 1 if path.suffix.lower() == ".csv" else lines
    except OSError:
        return None


def _write_html(target: str, items: list[tuple[str, Any, Any]], policy: Any, lang: str,
                rules: dict[str, Any]) -> None:
    from ..formatters.html import format_html

    html = format_html(items, lang=lang, rules=rules, title=f"brandguard: {policy.company.name}")
    try:
        Path(target).write_text(html, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"--html {target}: cannot write: {exc.strerror or exc}") from None
    sys.stderr.write(f"brandguard: HTML report: {target} "
                     f"({i18n.t('en', 'posts_n', n=len(items))})\n")  # diagnostics: English
