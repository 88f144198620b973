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
from brandguard.watchdog import Overtime, budget_clock, interrupt_after, loading

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
        with interrupt_after(budget_clock() + 0.01) as armed:
            assert armed is False
        assert signal.getsignal(signal.SIGALRM) is mine
        with interrupt_after(None) as armed:
            assert armed is False
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_overtime_is_no_exception_a_rule_could_swallow() -> None:
    assert not issubclass(Overtime, Exception)
    with pytest.raises(Overtime), interrupt_after(budget_clock() + 0.01) as armed:
        assert armed
        while True:
            time.sleep(0.001)


class _LoadsSlowly(_Forever):
    """Loads something for longer than the whole budget on first use, as spaCy or the
    tagger may on a busy machine, then does a little work."""

    id = "test.loads-slowly"

    def __init__(self, then_forever: bool = False) -> None:
        self.loaded: list[bool] = []  # shared with the copy the Checker binds
        self.then_forever = then_forever

    def check(self, ctx: Any) -> Any:
        with loading():
            time.sleep(0.3)  # a budget of 0.1 s passes in here
            self.loaded.append(True)
        while self.then_forever:
            sum(range(1000))
        yield from ()


def test_loading_does_not_count_against_the_budget() -> None:
    rule = _LoadsSlowly()
    report = _checker(rule, budget=0.1).check("Hej med dig.  Vi ses.")
    assert rule.loaded
    assert [f.rule_id for f in report.findings] == ["da.double-space"]
    assert report.verdict != "block"


def test_loading_does_not_count_off_the_main_thread_either() -> None:
    checker = _checker(_LoadsSlowly(), type("_Slow2", (_Slow,), {"id": "test.slow2"})(),
                       budget=0.2)
    out: dict[str, bg.Report] = {}
    worker = threading.Thread(target=lambda: out.setdefault("r", checker.check("Hej.")))
    worker.start()
    worker.join()
    assert not [f for f in out["r"].findings if f.rule_id == "internal"]


def test_a_load_is_never_interrupted_but_the_rule_after_it_is() -> None:
    rule = _LoadsSlowly(then_forever=True)
    report = _checker(rule, budget=0.1).check("Hej.")
    assert rule.loaded  # the timer waited for the load to finish
    [stop] = [f for f in report.findings if f.rule_id == "internal"]
    assert "test.loads-slowly" in stop.message


def test_the_budget_clock_leaves_loading_out() -> None:
    before = budget_clock()
    with loading():
        time.sleep(0.05)
        with loading():  # nested loads count once
            time.sleep(0.05)
    assert budget_clock() - before < 0.05


def test_an_alarm_handled_after_the_block_ended_leaves_no_timer_behind() -> None:
    # Python runs a signal handler some bytecodes after the signal: the handler can come
    # after the block stopped the timer. It must neither re-arm it (the default action of
    # a stray SIGALRM terminates the process) nor raise outside the check.
    from brandguard import watchdog

    with interrupt_after(budget_clock() + 30) as armed:
        assert armed
    watchdog._on_alarm(signal.SIGALRM, None)  # as if it had fired just before the end
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_timer_is_stopped_and_the_handler_restored_when_the_block_raises() -> None:
    with pytest.raises(ValueError), interrupt_after(budget_clock() + 30) as armed:
        assert armed
        raise ValueError("a rule's own error")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
