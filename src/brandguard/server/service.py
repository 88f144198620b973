"""What one worker holds: the policy, the Checker, the ledger and the checking threads.

Checks run in a small thread pool so the event loop stays free to accept and
answer other requests (the Checker is thread-safe). Each request has a time
budget: when its checks are not done in time, the request is answered with a
503 problem (``check-timeout``) and the post is **not** passed — fail closed. A
thread cannot be killed in Python, so the check finishes in the background and
its result is dropped; the number of checks queued or running (including such
orphans) is bounded by ``max_pending``, beyond which new requests get a 503
``busy`` at once instead of piling up.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import brandguard as bg

from .auth import load_api_keys
from .config import ServerConfig
from .problems import Problem

T = TypeVar("T")
#: The post checked once at start-up, so the first real request does not pay for
#: loading the language data.
WARM_UP = "Godmorgen fra værkstedet i Aarhus, hvor vi i dag satte den første varmepumpe op."


class Service:
    """The policy, Checker, ledger and thread pool of one worker process."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.policy = bg.load_policy(config.policy)
        self.checker = bg.Checker(self.policy, lang=config.lang)
        self.rule_ids = frozenset(r.id for r in self.checker.rules)
        self.api_keys = load_api_keys(config.api_key_file) if config.api_key_file else None
        self.ledger: bg.Ledger | None = bg.open_ledger(config.ledger) if config.ledger else None
        self.executor = ThreadPoolExecutor(max_workers=max(1, config.threads),
                                           thread_name_prefix="brandguard-check")
        self._pending = 0
        self._lock = threading.Lock()
        self.ready = False

    def warm_up(self) -> None:
        self.checker.check(WARM_UP)
        self.ready = True

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.ledger is not None:
            self.ledger.close()

    @property
    def pending(self) -> int:
        return self._pending

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on a checking thread within the time budget, or raise a 503 Problem."""
        with self._lock:
            if self._pending >= self.config.max_pending:
                raise Problem(503, f"the server is busy ({self._pending} checks queued or "
                              "running); try again in a moment", "busy",
                              headers={"Retry-After": "1"})
            self._pending += 1
        try:
            future = self.executor.submit(fn)
        except RuntimeError:  # shutting down
            with self._lock:
                self._pending -= 1
            raise Problem(503, "the server is shutting down", "shutting-down") from None
        future.add_done_callback(self._done)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)),
                                          timeout=self.config.timeout_s)
        except TimeoutError:
            raise Problem(503, f"the check took longer than its time budget of "
                          f"{self.config.timeout_s:g} s; the post has not been passed "
                          "(fail closed): try again, or shorten it", "check-timeout",
                          headers={"Retry-After": "1"}) from None
