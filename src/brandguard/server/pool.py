"""The checking processes of one server worker, watched from its event loop.

Each uvicorn worker forks ``processes`` checking processes when it starts (after
its warm-up, so they share its warm Checker copy-on-write) and hands every check
to one of them: the event loop itself never runs a check, so it keeps reading
and answering requests however long a check takes, and it never competes with a
check for the GIL. A process checks one post at a time; posts wait in a FIFO
queue in the worker while every process is busy.

A check that runs past its deadline is stopped: the pool kills its process,
forks a new one from the worker and fails the request's future with
:class:`CheckStopped`, which the endpoints turn into a blocking report
(:func:`brandguard.workerproc.blocked_report`). A process that dies while
checking is treated alike. This is the mechanism ``batch`` uses
(:mod:`brandguard.workerproc`), with the pipes watched by ``loop.add_reader``
instead of a blocking wait.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
from dataclasses import dataclass
from typing import Any

import brandguard as bg

from ..workerproc import WorkerProcess

#: What a checking process holds: the Checker it inherited and its own ledger connection.
_checker: bg.Checker | None = None
_ledger: bg.Ledger | None = None


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _setup(checker: bg.Checker, ledger_url: str | None) -> None:
    global _checker, _ledger
    _checker = checker
    # A database connection must not cross a fork: each process opens its own.
    _ledger = bg.open_ledger(ledger_url) if ledger_url else None


def _handle(payload: tuple[Any, ...]) -> tuple[Any, ...]:
    """Run one check: ``("check", post, ignore, lang, as_json)`` → ``("ok", json or Report)``;
    an exception comes back as ``("error", type name, message)`` (never raised here)."""
    assert _checker is not None
    _kind, post, ignore, lang, as_json = payload
    try:
        report = _checker.check(post, ledger=_ledger, ignore=ignore, lang=lang)
        return ("ok", report.model_dump_json() if as_json else report)
    except Exception as exc:  # reported to the parent, which answers for the request
        return ("error", type(exc).__name__, str(exc)[:300])


class CheckStopped(Exception):
    """The check did not finish: it ran past its deadline (``timed_out``) or its process died."""

    def __init__(self, timed_out: bool, why: str) -> None:
        super().__init__(why)
        self.timed_out = timed_out
        self.why = why


class CheckFailed(Exception):
    """The check raised in its process (``type_name``: the exception's class)."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name


@dataclass
class _Job:
    payload: tuple[Any, ...]
    future: asyncio.Future[Any]
    seq: int = 0


@dataclass
class _Slot:
    worker: WorkerProcess
    job: _Job | None = None
    timer: asyncio.TimerHandle | None = None


class CheckPool:
    """``size`` checking processes; :meth:`run` hands a check to a free one."""

    def __init__(self, checker: bg.Checker, *, size: int, deadline_s: float,
                 ledger_url: str | None) -> None:
        self.checker = checker
        self.size = max(1, size)
        self.deadline_s = deadline_s
        self.ledger_url = ledger_url
        self.ctx = multiprocessing.get_context("fork")
        self.slots: list[_Slot] = []
        self.queue: collections.deque[_Job] = collections.deque()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self._seq = 0
        #: Processes stopped and replaced so far (timeouts and deaths).
        self.replaced = 0

    # --- processes ----------------------------------------------------------------------

    def start(self) -> None:
        """Fork the processes; call from the event loop that will serve the requests."""
        self.loop = asyncio.get_running_loop()
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> _Slot:
        assert self.loop is not None
        worker = WorkerProcess.start(self.ctx, _setup, (self.checker, self.ledger_url), _handle,
                                     close_sockets=True)
        slot = _Slot(worker)
        self.slots.append(slot)
        self.loop.add_reader(worker.conn.fileno(), self._readable, slot)
        return slot

    def _replace(self, slot: _Slot) -> None:
        assert self.loop is not None
        with contextlib.suppress(ValueError, OSError):
            self.loop.remove_reader(slot.worker.conn.fileno())
        if slot.timer is not None:
            slot.timer.cancel()
        self.slots.remove(slot)
        slot.worker.retire(wait=2.0)
        self.replaced += 1
        if not self.closed:
            self._spawn()

    @property
    def pids(self) -> list[int]:
        return [s.worker.proc.pid for s in self.slots]

    @property
    def pending(self) -> int:
        """Checks queued or running."""
        return len(self.queue) + sum(1 for s in self.slots if s.job is not None)

    # --- jobs ---------------------------------------------------------------------------

    async def run(self, payload: tuple[Any, ...]) -> Any:
        """The check's result; raises :class:`CheckStopped` or :class:`CheckFailed`."""
        assert self.loop is not None
        job = _Job(payload, self.loop.create_future())
        self.queue.append(job)
        self._dispatch()
        return await job.future

    def _dispatch(self) -> None:
        assert self.loop is not None
        for slot in list(self.slots):
            while slot.job is None and self.queue:
                job = self.queue.popleft()
                if job.future.done():  # its request went away while it waited
                    continue
                self._seq += 1
                job.seq = self._seq
                try:
                    slot.worker.send(job.seq, job.payload)
                except OSError:  # the process died while idle: replace it, keep the job
                    self.queue.appendleft(job)
                    self._replace(slot)
                    self._dispatch()
                    return
                slot.job = job
                slot.timer = self.loop.call_later(self.deadline_s, self._overtime, slot, job.seq)

    def _readable(self, slot: _Slot) -> None:
        try:
            seq, answer = slot.worker.conn.recv()
        except (EOFError, OSError):
            slot.worker.proc.join(1)
            self._lost(slot, CheckStopped(False, f"exit code {slot.worker.proc.exitcode}"))
            return
        job = slot.job
        if job is None or job.seq != seq:
            return
        slot.worker.received(seq)
        slot.job = None
        if slot.timer is not None:
            slot.timer.cancel()
            slot.timer = None
        if not job.future.done():
            if answer[0] == "ok":
                job.future.set_result(answer[1])
            else:
                job.future.set_exception(CheckFailed(answer[1], answer[2]))
        self._dispatch()

    def _overtime(self, slot: _Slot, seq: int) -> None:
        if slot.job is not None and slot.job.seq == seq:
            self._lost(slot, CheckStopped(True, f"over {self.deadline_s:g} s"))

    def _lost(self, slot: _Slot, error: CheckStopped) -> None:
        job = slot.job
        slot.job = None
        self._replace(slot)
        if job is not None and not job.future.done():
            job.future.set_exception(error)
        self._dispatch()

    def close(self) -> None:
        self.closed = True
        for job in self.queue:
            if not job.future.done():
                job.future.set_exception(CheckStopped(False, "the server is shutting down"))
        self.queue.clear()
        for slot in list(self.slots):
            if self.loop is not None:
                with contextlib.suppress(ValueError, OSError, RuntimeError):
                    self.loop.remove_reader(slot.worker.conn.fileno())
            if slot.timer is not None:
                slot.timer.cancel()
            slot.worker.stop()
        for slot in list(self.slots):
            slot.worker.proc.join(0.5 if slot.job is None else 0)
            slot.worker.retire(wait=2.0)
        self.slots.clear()
