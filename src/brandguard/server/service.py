"""What one worker holds: the policy, the Checker, the ledger and the checking processes.

The checks of a worker run in its checking processes (:mod:`.pool`): forked from the
worker after its warm-up, one post at a time each, so the event loop never runs a
check and keeps accepting and answering requests. A check that runs past the time
budget is **stopped** — its process is killed and replaced — and the post fails
closed: the answer is a report with verdict ``block`` and one ``internal`` finding
that says the check was stopped (the other requests go on in the other processes).

Where there is no ``fork`` (Windows), or with ``processes=0``, checks run on a small
thread pool in the worker instead; a thread cannot be killed, so there the request
gets the same blocking report in time but the check finishes in the background,
and such orphans count against ``max_pending``.

The ledger endpoints (``/v1/ledger/*``, and ``/readyz``'s ping) are database calls,
not checks: they run on the thread pool, within the same budget.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal, TypeVar

import pluggy

import brandguard as bg

from ..workerproc import OVERTIME, WORKER_DIED, blocked_report
from .auth import load_api_keys
from .config import ServerConfig
from .pool import CheckFailed, CheckPool, CheckStopped, fork_available
from .problems import Problem

T = TypeVar("T")

log = logging.getLogger("brandguard.server")


def internal(type_name: str) -> Problem:
    return Problem(500, f"internal error ({type_name}); the server's log has the details",
                   "internal")


def grace(timeout_s: float) -> float:
    """How long past the budget a check may run before its process is killed: the
    Checker's own budget stops it between two rules at ``timeout_s`` (a partial,
    blocking report); only a rule that does not return is stopped from outside."""
    return max(0.1, 0.1 * timeout_s)


class Service:
    """The policy, Checker, ledger and checking processes of one worker process."""

    def __init__(self, config: ServerConfig, *,
                 plugin_manager: pluggy.PluginManager | None = None) -> None:
        self.config = config
        self.policy = bg.load_policy(config.policy)
        self.checker = bg.Checker(self.policy, lang=config.lang, plugin_manager=plugin_manager,
                                  time_budget=config.timeout_s)
        self.rule_ids = frozenset(r.id for r in self.checker.rules)
        self.api_keys = load_api_keys(config.api_key_file) if config.api_key_file else None
        self.ledger: bg.Ledger | None = bg.open_ledger(config.ledger) if config.ledger else None
        self.executor = ThreadPoolExecutor(max_workers=max(1, config.threads),
                                           thread_name_prefix="brandguard-check")
        self.pool: CheckPool | None = None
        self._pending = 0
        self._lock = threading.Lock()
        self.ready = False

    def warm_up(self) -> None:
        """Check one post, freeze what is loaded, then fork the checking processes.
        Call from the event loop that serves the requests (uvicorn's lifespan)."""
        self.checker.warm_up()
        # Everything loaded so far lives as long as the process: out of the collector's
        # sight, a full collection no longer walks it (pauses of 100-300 ms under load),
        # and the forked processes do not copy the pages they share by touching them.
        gc.collect()
        gc.freeze()
        if self.config.processes > 0 and fork_available():
            self.pool = CheckPool(self.checker, size=self.config.processes,
                                  deadline_s=self.config.timeout_s + grace(self.config.timeout_s),
                                  ledger_url=self.config.ledger)
            self.pool.start()
        self.ready = True

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.ledger is not None:
            self.ledger.close()

    @property
    def pending(self) -> int:
        """Checks and ledger calls queued or running (thread orphans included)."""
        return self._pending + (self.pool.pending if self.pool is not None else 0)

    def admit(self) -> None:
        """Refuse a request at once (503 ``busy``) when ``max_pending`` are waiting."""
        pending = self.pending
        if pending >= self.config.max_pending:
            raise Problem(503, f"the server is busy ({pending} checks queued or running); "
                          "try again in a moment", "busy", headers={"Retry-After": "1"})

    async def check(self, post: bg.Post, *, lang: Literal["da", "en"],
                    ignore: Collection[str] = (), as_json: bool = False) -> Any:
        """The post's Report (its JSON with ``as_json``); a check that could not finish
        in time gives a blocking report. Call :meth:`admit` first, once per request."""
        ignored = frozenset(ignore)
        try:
            if self.pool is not None:
                try:
                    return await self.pool.run(("check", post, ignored, lang, as_json))
                except CheckFailed as exc:
                    log.error("a check failed in a checking process: %s: %s", exc.type_name, exc)
                    raise internal(exc.type_name) from None
                except CheckStopped as exc:
                    message = (OVERTIME[lang].format(limit=self.config.timeout_s)
                               if exc.timed_out else WORKER_DIED[lang].format(why=exc.why))
            else:
                def run() -> Any:
                    report = self.checker.check(post, ledger=self.ledger, ignore=ignored,
                                                lang=lang)
                    return report.model_dump_json() if as_json else report
                try:
                    return await self.run(run, admit=False)
                except (TimeoutError, Problem):
                    raise
                except Exception as exc:
                    # Answered here, not by Starlette's last-resort handler (which would
                    # close the client's connection after the 500).
                    log.error("a check failed: %s", type(exc).__name__, exc_info=exc)
                    raise internal(type(exc).__name__) from None
        except TimeoutError:
            message = OVERTIME[lang].format(limit=self.config.timeout_s)
        report = blocked_report(post.id, message, lang, source="server")
        return report.model_dump_json() if as_json else report

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, fn: Callable[[], T], *, admit: bool = True) -> T:
        """Run ``fn`` on the thread pool within the time budget. Raises ``TimeoutError``
        when it is not done in time (``fn`` goes on in the background)."""
        if admit:
            self.admit()
        with self._lock:
            self._pending += 1
        try:
            future = self.executor.submit(fn)
        except RuntimeError:  # shutting down
            with self._lock:
                self._pending -= 1
            raise Problem(503, "the server is shutting down", "shutting-down") from None
        future.add_done_callback(self._done)
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)),
                                      timeout=self.config.timeout_s)

    async def call(self, fn: Callable[[], T]) -> T:
        """A ledger call on the thread pool; not done in time: 503 ``ledger-timeout``."""
        try:
            return await self.run(fn)
        except TimeoutError:
            raise Problem(503, f"the ledger did not answer within {self.config.timeout_s:g} s; "
                          "try again in a moment", "ledger-timeout",
                          headers={"Retry-After": "1"}) from None
