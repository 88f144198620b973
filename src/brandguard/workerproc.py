"""A check in a worker process, with a deadline: the one process model that ``batch``
and the HTTP service (``brandguard serve``) share.

Python cannot stop a thread, and the Checker's own ``time_budget`` can only refuse
to start the next rule: a rule that never returns hangs the thread it runs on. A
*process* can be stopped. So both batch and the server hand each post to a worker
process that holds a warm Checker (inherited by ``fork``, copy-on-write), and when a
post's check runs past its deadline, the parent kills that process, starts a new one
and answers for the post with :func:`blocked_report` — verdict ``block``, one
``internal`` finding that says the check was stopped (fail closed).

- :func:`child_main` is the worker's loop: build its state once (``setup``), then
  ``handler(payload)`` for every ``(seq, payload)`` it receives, answering
  ``(seq, result)``. The handler must not raise (a worker that dies is noticed by
  the parent as a closed pipe, and its post fails closed too).
- :class:`WorkerProcess` is the parent's handle: start, send, kill and reap.

How the parent waits is its own business: batch blocks in
``multiprocessing.connection.wait``; the server watches the pipes from its event loop.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Finding, Report

#: prctl(2) option: the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1
#: The finding of a post whose check ran past its deadline and was stopped.
OVERTIME = {
    "da": "Kontrollen af opslaget tog mere end {limit:g} s og blev stoppet. Opslaget er "
          "blokeret; prøv en kortere tekst, eller kontakt den, der vedligeholder reglerne.",
    "en": "Checking the post took more than {limit:g} s and was stopped. The post is "
          "blocked; try a shorter text, or contact whoever maintains the rules.",
}
#: The finding of a post whose worker process died while checking it.
WORKER_DIED = {
    "da": "Processen, der kontrollerede opslaget, stoppede uventet ({why}). Opslaget er "
          "blokeret; kontakt den, der vedligeholder reglerne.",
    "en": "The process checking the post stopped unexpectedly ({why}). The post is "
          "blocked; contact whoever maintains the rules.",
}


def blocked_report(post_id: str | None, message: str, lang: str, *, source: str) -> Report:
    """A report that blocks the post: one ``internal`` error finding with ``message``."""
    finding = Finding(rule_id="internal", category="internal", severity="error",
                      message=message, source=source)
    return Report(post_id=post_id, verdict="block", score=0, scores={}, findings=[finding],
                  lang="en" if lang == "en" else "da")


def die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this process when its parent ends, however it ends:
    a worker stuck in a rule would otherwise spin on for ever after a ``kill -9`` of its
    parent (it never reads the pipe that would tell it)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(1)


def detach(keep: int, *, close_sockets: bool) -> None:
    """In a freshly forked worker: take no part in the parent's signal handling (an
    event loop's wakeup fd, its SIGTERM handler; Ctrl-C is the parent's), and with
    ``close_sockets`` close every inherited socket but ``keep`` — a server's listening
    socket and client connections must not stay open in its workers (a connection the
    parent closes would otherwise never reach the client)."""
    with contextlib.suppress(ValueError):  # not the main thread: nothing to undo
        signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not close_sockets or not os.path.isdir("/proc/self/fd"):
        return
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd == keep or fd <= 2:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:  # the listing's own descriptor, already gone
            continue


def child_main(conn: Any, setup: Callable[..., None], setup_args: tuple[Any, ...],
               handler: Callable[[Any], Any], close_sockets: bool = False,
               parent: int = 0) -> None:
    """A worker process: ``setup(*setup_args)`` once, then answer ``(seq, handler(payload))``
    for every ``(seq, payload)`` until ``None`` or the parent's end of the pipe closes."""
    die_with_parent(parent)
    detach(conn.fileno(), close_sockets=close_sockets)
    setup(*setup_args)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        seq, payload = item
        conn.send((seq, handler(payload)))


@dataclass
class WorkerProcess:
    """The parent's handle on one worker process."""

    proc: Any
    conn: Any
    #: The sequence numbers sent and not yet answered, oldest first.
    inflight: list[int] = field(default_factory=list)
    #: When the oldest of them started (``time.monotonic()``).
    since: float = 0.0

    @classmethod
    def start(cls, ctx: Any, setup: Callable[..., None], setup_args: tuple[Any, ...],
              handler: Callable[[Any], Any], *, close_sockets: bool = False) -> WorkerProcess:
        """Start a worker in multiprocessing context ``ctx`` (``fork`` keeps the parent's
        warm Checker; the functions then need not be importable by name)."""
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=child_main, daemon=True,
                           args=(child, setup, setup_args, handler, close_sockets,
                                 os.getpid()))
        proc.start()
        child.close()
        return cls(proc, parent, since=time.monotonic())

    def send(self, seq: int, payload: Any) -> None:
        if not self.inflight:
            self.since = time.monotonic()
        self.inflight.append(seq)
        self.conn.send((seq, payload))

    def received(self, seq: int) -> None:
        self.inflight.remove(seq)
        self.since = time.monotonic()

    def retire(self, wait: float = 5.0) -> None:
        """Kill the process (if it still runs), reap it and close the pipe."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(wait)
        with contextlib.suppress(OSError):
            self.conn.close()

    def stop(self) -> None:
        """Ask the worker to finish (it exits after its current item)."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)

