"""A rule that never returns cannot hang a check run in the main thread (issue #13):
the time budget interrupts it and the post fails closed; elsewhere nothing is armed and
the budget is held between rules. No timings are asserted (those live in ``make bench``):
a hang would fail the test by never ending, and the suite's own timeout is the guard."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from typing import Any

import pytest

import brandguard as bg
from brandguard.watchdog import Overtime, interrupt_after

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no setitimer here")


class _Forever(bg.Rule):
    """Loops for ever, and swallows every Exception it sees, as careless plugin code does."""

    id = "test.forever"
    category = "tone"
    severity = "info"
    summary = "s"
    rationale = "r"
    message = {"da": "m", "en": "m"}

    def check(self, ctx: Any) -> Any:
        while True:  # the point: its ``except Exception`` must not swallow Overtime
            with contextlib.suppress(Exception):
                sum(range(1000))
        yield  # pragma: no cover


class _Slow(_Forever):
    id = "test.slow"

    def check(self, ctx: Any) -> Any:
        time.sleep(0.05)
        yield from ()


def _checker(*rules: bg.Rule, budget: float | None = 0.2) -> bg.Checker:
    class Plugin:
        @bg.hookimpl
        def brandguard_rules(self) -> list[bg.Rule]:
            return list(rules)

    pm = bg.get_plugin_manager(extra=[Plugin()])
    return bg.Checker({"company": {"name": "X"}}, plugin_manager=pm, time_budget=budget,
                      select=[r.id for r in rules] + ["da.double-space"])


def test_a_rule_that_never_returns_is_stopped_and_the_post_blocked() -> None:
    checker = _checker(_Forever())
    report = checker.check("Hej med dig.  Vi ses.")
    assert report.verdict == "block"
    [stop] = [f for f in report.findings if f.rule_id == "internal"]
    assert "test.forever" in stop.message and "tidsgrænse" in stop.message
    assert "stopped in rule test.forever" in checker.check("Hej.", lang="en").findings[0].message
    # the timer is disarmed and the handler given back after the check
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_a_check_within_its_budget_is_untouched() -> None:
    report = _checker(_Slow(), budget=30).check("Hej med dig.  Vi ses.")
    assert [f.rule_id for f in report.findings] == ["da.double-space"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_off_the_main_thread_the_budget_is_held_between_rules() -> None:
    # Two slow rules and a budget shorter than one: the first runs to its end (it cannot
    # be interrupted in a thread), the second is not started.
    checker = _checker(_Slow(), type("_Slow2", (_Slow,), {"id": "test.slow2"})(), budget=0.01)
    out: dict[str, bg.Report] = {}
    worker = threading.Thread(target=lambda: out.setdefault("r", checker.check("Hej.")))
    worker.start()
    worker.join()
    [stop] = [f for f in out["r"].findings if f.rule_id == "internal"]
    assert "før reglen test.slow2" in stop.message


def test_an_applications_own_alarm_handler_is_never_replaced() -> None:
    def mine(signum: int, frame: Any) -> None:
        raise AssertionError("the application's handler ran")

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with interrupt_after(time.monotonic() + 0.01) as armed:
            assert armed is False
        assert signal.getsignal(signal.SIGALRM) is mine
        with interrupt_after(None) as armed:
            assert armed is False
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_overtime_is_no_exception_a_rule_could_swallow() -> None:
    assert not issubclass(Overtime, Exception)
    with pytest.raises(Overtime), interrupt_after(time.monotonic() + 0.01) as armed:
        assert armed
        while True:
            time.sleep(0.001)
