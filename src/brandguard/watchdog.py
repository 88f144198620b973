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

Loading is not checking: the first check in a process loads spaCy, the lexicons, the
tagger and the name lists on first use, and on a busy machine that can take longer than
the budget. Loaders wrap that work in :func:`loading` (or are declared with
:func:`loader`): the time it takes is left out of the budget (:func:`budget_clock`), and
the timer never interrupts a load half-way (a half-built lexicon would stay broken).
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
#: Seconds a deferred alarm waits for a load in progress to finish.
_RETRY_S = 0.05


class _Loads(threading.local):
    """Per thread: loads in progress (nested) and the seconds all finished loads took."""

    depth = 0
    spent = 0.0


_loads = _Loads()
#: The armed timer's deadline on the budget clock (the timer lives in the main thread only).
_deadline: float | None = None


def budget_clock() -> float:
    """``time.monotonic()`` less the time this thread spent loading (see :func:`loading`):
    the clock a check's budget is measured on."""
    return time.monotonic() - _loads.spent


@contextmanager
def loading() -> Iterator[None]:
    """Mark a one-time load (a model, a lexicon, a word list): its time is left out of
    the running check's budget, and the budget's timer waits for it to finish."""
    loads = _loads
    loads.depth += 1
    started = time.monotonic()
    try:
        yield
    finally:
        loads.depth -= 1
        if loads.depth == 0:
            loads.spent += time.monotonic() - started


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    deadline = _deadline
    if deadline is None:
        # The block has ended: Python runs a handler a little after the signal, and this
        # one may come after the timer was stopped. Re-arming now would leave a timer
        # behind with the default action (terminate the process); raising would stop
        # code outside the check. Nothing to do.
        return
    left = deadline - budget_clock()
    if _loads.depth or left > 0:
        # A load is running (let it finish), or loads moved the deadline: wait on.
        signal.setitimer(signal.ITIMER_REAL, max(left, _RETRY_S))
        return
    raise Overtime


@contextmanager
def interrupt_after(deadline: float | None) -> Iterator[bool]:
    """Within the block, raise :class:`Overtime` once :func:`budget_clock` passes
    ``deadline``; yields whether the timer is armed (False where it cannot be)."""
    global _deadline
    if (deadline is None or _SIGALRM is None or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(_SIGALRM) not in (signal.SIG_DFL, None)):
        yield False
        return
    previous = signal.signal(_SIGALRM, _on_alarm)
    _deadline = deadline
    try:
        signal.setitimer(signal.ITIMER_REAL, max(deadline - budget_clock(), 1e-6))
        yield True
    finally:
        _deadline = None  # first: a handler that runs from here on does nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(_SIGALRM, previous)
