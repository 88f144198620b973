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

# signal's C module. ``signal.signal`` and ``signal.getsignal`` wrap these functions to
# turn the handlers into enum members, which cost a check 8 µs of its ~2 ms (the timer
# is armed and disarmed once per check); the raw values compare and restore the same.
import _signal  # type: ignore[import-not-found]  # (no stub: the module behind signal)
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any


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


def interrupt_after(deadline: float | None) -> _Interrupt:
    """Within the block, raise :class:`Overtime` once :func:`budget_clock` passes
    ``deadline``; ``as`` gives whether the timer is armed (False where it cannot be)."""
    return _Interrupt(deadline)


class _Interrupt:
    """The context manager :func:`interrupt_after` returns (a class, not a generator:
    it is entered once per check)."""

    __slots__ = ("armed", "deadline", "previous")

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.armed = False
        #: The SIGALRM handler to put back (None: one not set from Python; the default).
        self.previous: Callable[[int, FrameType | None], Any] | int | None = None

    def __enter__(self) -> bool:
        global _deadline
        deadline = self.deadline
        if (deadline is None or _SIGALRM is None or not hasattr(signal, "setitimer")
                or threading.current_thread() is not threading.main_thread()
                or _signal.getsignal(_SIGALRM) not in (signal.SIG_DFL, None)):
            return False
        self.previous = _signal.signal(_SIGALRM, _on_alarm)
        self.armed = True
        _deadline = deadline
        try:
            signal.setitimer(signal.ITIMER_REAL, max(deadline - budget_clock(), 1e-6))
        except BaseException:
            self._disarm()
            raise
        return True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.armed:
            self._disarm()

    def _disarm(self) -> None:
        global _deadline
        _deadline = None  # first: a handler that runs from here on does nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        previous = self.previous
        _signal.signal(_SIGALRM, signal.SIG_DFL if previous is None else previous)
        self.armed = False
