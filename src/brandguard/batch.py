"""Check many posts at once, on every core, keeping the input order.

    import brandguard as bg

    for result in bg.check_many(bg.read_rows("posts.jsonl"), "policy.yaml", jobs=4):
        print(result.line, result.error or result.report.verdict)

Rows come from the input layer (:mod:`brandguard.inputs`: JSON Lines, CSV with a
header row, Markdown files with YAML front matter, or a folder of them). A row that
cannot be read (malformed JSON, no text, a bad date, an unknown field) becomes a
:class:`Result` with an ``error`` and its line number; the other rows are still
checked, so nothing is lost. Each worker process builds one Checker when it starts
and keeps it warm for all the posts it gets.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs import Row, row_from_record
from .models import Post, Report
from .policy import Policy, load_policy
from .workerproc import OVERTIME, WORKER_DIED, WorkerProcess, blocked_report

if TYPE_CHECKING:
    from .engine import Checker
    from .packs import Registry

#: Posts sent to a worker at a time: big enough to amortise the round trip,
#: small enough that results stream out (and Ctrl-C loses little work).
CHUNKSIZE = 8
#: Seconds one post's check may take in a worker before the worker is replaced and
#: the post fails closed (``check_many(timeout=…)``, ``brandguard batch --timeout``).
DEFAULT_TIMEOUT = 60.0


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
            # ensure_ascii: an error message may quote a lone surrogate of the input.
            return json.dumps(head, ensure_ascii=True)
        # The report's own JSON, spliced in: no second round of serialisation.
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "report": ' \
            + self.report.model_dump_json() + "}"


# --- checking -----------------------------------------------------------------------------

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
    from .engine import Checker, lang_of

    checker = Checker(policy, lang=lang_of(lang), ignore=ignore, select=select, registry=registry)
    # Before a fork: the workers share what the first check loads.
    checker.warm_up()
    return checker


def _open_ledger(url: str) -> Any:
    from .ledger import open_ledger

    return open_ledger(url)


def _check_row(row: Row, history: list[Post] | None = None) -> Result:
    assert _worker_checker is not None
    return check_row(_worker_checker, row, ledger=_worker_ledger, history=history)


def check_row(checker: Checker, row: Row, *, ledger: Any = None,
              history: list[Post] | None = None) -> Result:
    """Check one row; a post the checker refuses becomes an error result. ``history``:
    the earlier rows of its file that count (see :mod:`brandguard.batchcadence`)."""
    result = Result(line=row.line, id=row.id, file=row.file, post=row.post)
    if row.post is None:
        result.error = row.error or "no post"
        return result
    started = time.perf_counter()
    try:
        result.report = checker.check(row.post, ledger=ledger, history=history)
    except ValueError as exc:  # empty or too long text, an invalid field
        result.error = str(exc)
    except Exception as exc:  # a ledger that fails, a plugin that breaks the engine, …
        # The row is reported (fail closed: no verdict) and the batch goes on.
        result.error = f"could not be checked: {type(exc).__name__}: {str(exc)[:300]}"
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
            yield row_from_record(number, {"text": item}, None)
        else:
            yield row_from_record(number, item, None)


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
    timeout: float | None = DEFAULT_TIMEOUT,
    earlier_rows: bool = True,
) -> Iterator[Result]:
    """Check every row and yield one :class:`Result` per row, in input order.

    ``jobs`` worker processes (default: every CPU) each build one Checker and
    keep it for all their posts; ``jobs=1`` checks in this process. ``ledger_url``
    is opened once per worker (a connection cannot be shared between processes).
    Closing the generator early (or Ctrl-C) stops the workers. ``start_method``
    is the multiprocessing one (default ``fork`` where there is one, else ``spawn``).
    ``registry``, built for this policy, is used by the Checker built in this process
    (``jobs=1``, or before the fork); a spawned worker builds its own.
    With workers (``jobs`` > 1), a post whose check takes more than ``timeout``
    seconds is stopped: its worker is replaced, and the post fails closed (a report
    with an ``internal`` error finding, verdict ``block``); the rest goes on.
    ``earlier_rows`` (the default): a row's cadence counts the same author's earlier
    company rows (in ``created_at`` order) with the ledger, so the rows are read in
    full before the first check; ``False`` streams them, each checked alone.
    """
    pol = load_policy(policy)
    jobs = max(1, jobs or os.cpu_count() or 1)
    ignore_t = tuple(ignore)
    select_t = tuple(select) if select is not None else None
    source = as_rows(rows)
    histories: dict[int, list[Post]] = {}
    if earlier_rows:
        from .batchcadence import earlier_rows as earlier

        read = list(source)
        histories = earlier(read, pol)
        source = iter(read)
    if jobs == 1:
        checker = _build_checker(pol, lang, ignore_t, select_t, registry)
        ledger = _open_ledger(ledger_url) if ledger_url else None
        try:
            for index, row in enumerate(source):
                yield check_row(checker, row, ledger=ledger, history=histories.get(index))
        finally:
            _close(ledger)
        return
    yield from _pooled(source, pol, jobs, lang, ignore_t, select_t, ledger_url, chunksize,
                       start_method, timeout, registry, histories)


def _pooled(source: Iterator[Row], policy: Policy, jobs: int, lang: str,
            ignore: tuple[str, ...], select: tuple[str, ...] | None, ledger_url: str | None,
            chunksize: int, start_method: str | None, timeout: float | None,
            registry: Registry | None = None,
            histories: dict[int, list[Post]] | None = None) -> Iterator[Result]:
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
    pool = _Supervisor(ctx, jobs, (policy, lang, ignore, select, ledger_url), chunksize,
                       timeout, lang, histories or {})
    try:
        yield from pool.run(source)
    finally:
        pool.stop()
        _worker_checker = None
        gc.unfreeze()


_OVERTIME = OVERTIME
_WORKER_DIED = WORKER_DIED


def failed_closed(row: Row, message: str, lang: str) -> Result:
    """A blocking report for a post whose check could not finish."""
    report = blocked_report(row.post.id if row.post else row.id, message, lang, source="batch")
    return Result(line=row.line, id=row.id, report=report, file=row.file, post=row.post)


def _run_row(item: tuple[Row, list[Post] | None]) -> Result:
    row, history = item
    # `_check_row` is looked up at each call (the tests patch it).
    return _check_row(row, history) if history else _check_row(row)


class _Supervisor:
    """Worker processes fed a few rows each, results yielded in input order. A
    worker stuck on one post longer than ``timeout`` is killed and replaced; that
    post fails closed and the worker's other rows go to the new one."""

    def __init__(self, ctx: Any, jobs: int, initargs: tuple[Any, ...], chunksize: int,
                 timeout: float | None, lang: str,
                 histories: dict[int, list[Post]] | None = None) -> None:
        self.ctx, self.jobs, self.initargs = ctx, jobs, initargs
        #: The earlier rows each row's cadence counts, by its sequence number.
        self.histories = histories or {}
        self.chunksize, self.timeout, self.lang = max(1, chunksize), timeout, lang
        self.workers: list[WorkerProcess] = []

    def _start(self) -> WorkerProcess:
        worker = WorkerProcess.start(self.ctx, _init_worker, self.initargs, _run_row)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: WorkerProcess) -> None:
        self.workers.remove(worker)
        worker.retire()

    def run(self, source: Iterator[Row]) -> Iterator[Result]:
        from multiprocessing.connection import wait

        rows: dict[int, Row] = {}
        done: dict[int, Result] = {}
        retry: list[int] = []
        next_seq = next_out = 0
        exhausted = False
        for _ in range(self.jobs):
            self._start()
        while True:
            # Feed: each worker holds up to chunksize rows (retries first).
            for worker in list(self.workers):
                while len(worker.inflight) < self.chunksize and (retry or not exhausted):
                    if retry:
                        seq = retry.pop(0)
                    else:
                        row = next(source, None)
                        if row is None:
                            exhausted = True
                            break
                        seq, next_seq = next_seq, next_seq + 1
                        rows[seq] = row
                    try:
                        worker.send(seq, (rows[seq], self.histories.get(seq)))
                    except OSError:  # the worker died while idle: replace it, keep the rows
                        retry[:0] = worker.inflight
                        self._retire(worker)
                        self._start()
                        break
            while next_out in done:
                rows.pop(next_out, None)
                yield done.pop(next_out)
                next_out += 1
            if exhausted and not retry and next_out == next_seq:
                return
            busy = [w for w in self.workers if w.inflight]
            wait_for = 1.0
            if self.timeout is not None and busy:
                now = time.monotonic()
                wait_for = max(0.0, min(w.since + self.timeout - now for w in busy))
            ready = wait([w.conn for w in busy], timeout=min(wait_for, 1.0)) if busy else []
            for worker in [w for w in busy if w.conn in ready]:
                try:
                    seq, result = worker.conn.recv()
                except (EOFError, OSError):
                    worker.proc.join(2)  # reap it, for its exit code
                    self._lost(worker, rows, done, retry, _WORKER_DIED[self.lang].format(
                        why=f"exit code {worker.proc.exitcode}"))
                    continue
                worker.received(seq)
                done[seq] = result
            if self.timeout is not None:
                now = time.monotonic()
                for worker in [w for w in self.workers if w.inflight]:
                    if now - worker.since > self.timeout:
                        self._lost(worker, rows, done, retry,
                                   _OVERTIME[self.lang].format(limit=self.timeout))

    def _lost(self, worker: WorkerProcess, rows: dict[int, Row], done: dict[int, Result],
              retry: list[int], message: str) -> None:
        """The worker is stuck or dead: its current row fails closed, the rest is retried."""
        head, *rest = worker.inflight
        self._retire(worker)
        done[head] = failed_closed(rows[head], message, self.lang)
        retry[:0] = rest
        self._start()

    def stop(self) -> None:
        for worker in list(self.workers):
            worker.stop()
        for worker in list(self.workers):
            worker.proc.join(0.5 if not worker.inflight else 0)
            self._retire(worker)


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
        from .formatters.text import safe  # ids reach the terminal: no escape sequences

        label = safe(result.id or result.file or f"line {result.line}").replace("\n", "␤")
        self.slowest.append((result.seconds, label[:60]))
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
