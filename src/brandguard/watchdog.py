"""Stop a rule that runs past the check's time budget, where Python allows it.

Python cannot kill a thread, so a check's ``time_budget`` is otherwise checked between
rules: a rule that never returns would hang the check (and the pre-publish hook that
runs it). In the main thread of a process, a real-time timer (``SIGALRM``) can do
better: when the budget runs out, the handler raises :class:`Overtime` inside the
running rule, at its next Python instruction, and the engine fails the post closed.

The timer is armed only where that is safe: in the main thread, on a platform with
``setitimer``, and when nobody else handles ``SIGALRM`` (an application's own timer
is never replaced). Elsewhere (server threads, Windows) nothing is armed; the HTTP
service and ``brandguard batch`` run checks in worker processes that are replaced
when a check overruns. Code stuck inside a C extension that never returns to Python
(no built-in rule does; user regexes run with a timeout) cannot be interrupted here.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Overtime(BaseException):
    """Raised inside a rule when the check's time budget is spent.

    A ``BaseException``, like ``KeyboardInterrupt``: a rule's own ``except Exception``
    must not swallow it and go on running."""


_SIGALRM = getattr(signal, "SIGALRM", None)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Overtime


@contextmanager
def interrupt_after(deadline: float | None) -> Iterator[bool]:
    """Within the block, raise :class:`Overtime` once ``time.monotonic()`` passes
    ``deadline``; yields whether the timer is armed (False where it cannot be)."""
    if (deadline is None or _SIGALRM is None or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(_SIGALRM) not in (signal.SIG_DFL, None)):
        yield False
        return
    previous = signal.signal(_SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 1e-6))
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(_SIGALRM, previous)
