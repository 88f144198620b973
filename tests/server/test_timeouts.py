"""A check that runs past its time budget in the server is stopped (issue 13): its
checking process is killed and replaced, the post is blocked with a finding that
says so, and the other requests go on. Under a real uvicorn, through real HTTP
clients, with a plugin rule that never returns (and one that ends its process)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import brandguard as bg
from brandguard.server import ServerConfig
from brandguard.server.service import Service

from .conftest import POLICY, SubprocessServer, ThreadServer

pytestmark = pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods() or sys.platform == "win32",
    reason="checking processes are forked")

CLEAN = "I dag satte vi vores første varmepumpe op i Skive, og familien sparer allerede."
STUCK = "Vi HÆNGER lidt i dag, men varmepumpen i Skive kører."
DIES = "Opslaget DØR her, men varmepumpen i Skive kører."
WAITS = "Vi VENTER lidt i dag, men varmepumpen i Skive kører."
BUDGET = 4.0  # ample for three clean checks on a loaded machine while one spins
PACK = Path(__file__).parent / "data" / "stuck-pack"
#: Holds a post with VENTER while it does not exist (no timing in the tests that use it).
GATE = Path(tempfile.gettempdir()) / f"brandguard-test-gate-{os.getpid()}"


class NeverReturns(bg.Rule):
    """Never returns on a post with HÆNGER: a catastrophic pattern."""

    id = "test.never-returns"
    category = "tone"
    severity = "info"
    pack = "test"
    summary = "Never returns on HÆNGER."
    rationale = "A test of the time budget."
    message = {"da": "Aldrig.", "en": "Never."}

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        if "VENTER" in ctx.analysis.text:  # until the test opens the gate (a file: the
            deadline = time.monotonic() + 30  # checking processes see it too)
            while not GATE.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        if "HÆNGER" in ctx.analysis.text:
            # A catastrophic pattern: C code that holds the GIL, which neither the
            # Checker's watchdog nor a signal handler can interrupt; only a kill stops it.
            re.match(r"(a+)+$", "a" * 64 + "!")
        if "DØR" in ctx.analysis.text:
            os._exit(3)
        return iter(())


class StuckPlugin:
    @bg.hookimpl
    def brandguard_rules(self) -> list[bg.Rule]:
        return [NeverReturns()]


def stuck_service(**config: Any) -> Service:
    service = Service(ServerConfig(policy=str(POLICY), access_log=False, **config),
                      plugin_manager=bg.get_plugin_manager(extra=[StuckPlugin()]))
    # The Checker's own budget (its watchdog) would stop some stuck rules itself; off,
    # so that these tests see the server's last resort: the process is killed.
    service.checker.time_budget = None
    return service


@pytest.fixture(scope="module")
def stuck() -> Iterator[ThreadServer]:
    with ThreadServer(stuck_service(timeout_s=BUDGET, processes=2)) as srv:
        yield srv


def wait_for(condition: Any, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.01)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); the pool reaps its processes, so it is not one.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def assert_stopped(report: dict[str, Any], *words: str) -> None:
    assert report["verdict"] == "block" and report["score"] == 0
    [finding] = report["findings"]
    assert finding["rule_id"] == "internal" and finding["severity"] == "error"
    assert finding["source"] == "server"
    for word in words:
        assert word in finding["message"], finding["message"]


def test_a_stuck_check_is_stopped_and_the_others_go_on(stuck: ThreadServer) -> None:
    pool = stuck.service.pool
    assert pool is not None and len(pool.pids) == 2
    before, replaced = list(pool.pids), pool.replaced
    answer: dict[str, httpx.Response] = {}

    def send_stuck() -> None:
        with stuck.client() as c:
            answer["stuck"] = c.post("/v1/check", json={"text": STUCK, "id": "p-7"})

    sender = threading.Thread(target=send_stuck)
    sender.start()
    wait_for(lambda: pool.pending == 1, "the stuck check started")
    with stuck.client() as c:
        # While one process spins, the other answers: the event loop is not blocked.
        for _ in range(3):
            resp = c.post("/v1/check", json={"text": CLEAN})
            assert resp.status_code == 200 and resp.json()["verdict"] == "pass"
        assert c.get("/readyz").status_code == 200
        assert pool.replaced == replaced, "answered only after the stuck one was stopped"
    sender.join(60)
    resp = answer["stuck"]
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    report = resp.json()
    assert report["post_id"] == "p-7" and report["lang"] == "da"
    assert_stopped(report, f"mere end {BUDGET:g} s", "stoppet", "blokeret")
    # Its process was killed and a fresh one forked in its place.
    assert pool.replaced == replaced + 1 and len(pool.pids) == 2
    [gone] = set(before) - set(pool.pids)
    assert not alive(gone)
    with stuck.client() as c:
        for _ in range(4):  # both processes, the new one included, check posts
            assert c.post("/v1/check", json={"text": CLEAN}).json()["verdict"] == "pass"


def test_a_stuck_post_in_check_many_is_blocked_alone(stuck: ThreadServer) -> None:
    with stuck.client() as c:
        resp = c.post("/v1/check-many?lang=en",
                      json={"posts": [{"text": CLEAN}, {"text": STUCK}, {"text": CLEAN}]})
    assert resp.status_code == 200
    first, middle, last = (r["report"] for r in resp.json()["results"])
    assert first["verdict"] == last["verdict"] == "pass"
    assert_stopped(middle, f"more than {BUDGET:g} s", "was stopped", "blocked")


def test_languagetool_clients_see_the_stopped_check(stuck: ThreadServer) -> None:
    with stuck.client() as c:
        resp = c.post("/v2/check", data={"language": "da-DK", "text": STUCK})
    assert resp.status_code == 200
    [match] = resp.json()["matches"]
    assert match["rule"]["id"] == "internal" and match["rule"]["category"]["id"] == "INTERNAL"
    assert "stoppet" in match["message"] and match["length"] > 0


def test_a_process_that_dies_fails_its_post_closed_and_is_replaced(stuck: ThreadServer) -> None:
    pool = stuck.service.pool
    assert pool is not None
    replaced = pool.replaced
    with stuck.client() as c:
        report = c.post("/v1/check", json={"text": DIES}).json()
        assert_stopped(report, "stoppede uventet", "exit code 3")
        assert pool.replaced == replaced + 1 and len(pool.pids) == 2
        assert c.post("/v1/check", json={"text": CLEAN}).json()["verdict"] == "pass"


def test_checking_processes_hold_no_inherited_sockets(stuck: ThreadServer) -> None:
    # A listening socket or client connection left open in a forked process would keep
    # a connection the worker closes from ever closing for the client.
    pool = stuck.service.pool
    assert pool is not None
    if not Path(f"/proc/{pool.pids[0]}/fd").is_dir():
        pytest.skip("needs /proc")
    with stuck.client() as c:  # a connection open while a process is replaced
        assert_stopped(c.post("/v1/check", json={"text": DIES}).json())
        for pid in pool.pids:
            # The replacement closes what it inherited first thing after the fork; on a
            # busy machine the listing can come before that, so wait for it (bounded).
            deadline = time.monotonic() + 30
            while _sockets(pid) != 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert _sockets(pid) == 1  # its own pipe


def _sockets(pid: int) -> int:
    links = []
    for p in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # a descriptor closed while listing
            links.append(os.readlink(p))
    return sum(link.startswith("socket:") for link in links)


def test_a_full_queue_is_refused_at_once_and_recovers() -> None:
    service = stuck_service(timeout_s=30, processes=1, max_pending=2)
    GATE.unlink(missing_ok=True)
    with ThreadServer(service) as srv:
        pool = service.pool
        assert pool is not None
        answers: list[httpx.Response] = []

        def send(text: str) -> None:
            with srv.client() as c:
                answers.append(c.post("/v1/check", json={"text": text}))

        senders = [threading.Thread(target=send, args=(WAITS,)) for _ in range(2)]
        for t in senders:
            t.start()
        try:
            wait_for(lambda: pool.pending == 2, "one check waiting at the gate, one queued")
            with srv.client() as c:
                busy = c.post("/v1/check", json={"text": CLEAN})
                assert busy.status_code == 503 and busy.json()["code"] == "busy"
                assert busy.headers["retry-after"] == "1"
                lt = c.post("/v2/check", data={"language": "da", "text": CLEAN})
                assert lt.status_code == 503 and lt.text.startswith("Error: the server is busy")
        finally:
            GATE.touch()
            for t in senders:
                t.join(60)
            GATE.unlink(missing_ok=True)
        assert len(answers) == 2
        for a in answers:  # checked in full once the gate opened, nothing stopped
            assert not any(f["rule_id"] == "internal" for f in a.json()["findings"])
        assert pool.replaced == 0 and pool.pending == 0
        with srv.client() as c:
            assert c.post("/v1/check", json={"text": CLEAN}).json()["verdict"] == "pass"


def test_threads_without_processes_answer_in_time_and_block() -> None:
    # processes=0 (or no fork): the request is answered at the budget, fail closed, but
    # the thread cannot be stopped; it counts against max_pending until the rule returns.
    service = stuck_service(timeout_s=0.3, processes=0, max_pending=1)
    GATE.unlink(missing_ok=True)
    with ThreadServer(service) as srv, srv.client() as c:
        assert service.pool is None
        try:
            assert_stopped(c.post("/v1/check", json={"text": WAITS}).json(), "mere end 0.3 s")
            assert service.pending == 1  # the orphan, still at the gate
            assert c.post("/v1/check", json={"text": CLEAN}).json()["code"] == "busy"
        finally:
            GATE.touch()
        wait_for(lambda: service.pending == 0, "the orphan finished")
        GATE.unlink(missing_ok=True)
        assert c.post("/v1/check", json={"text": CLEAN}).json()["verdict"] == "pass"


def test_brandguard_serve_stops_a_stuck_pack_rule(tmp_path: Path) -> None:
    """The real command, two uvicorn workers, a policy whose own pack has the rules."""
    shutil.copytree(PACK, tmp_path / "stuck-pack")
    (tmp_path / "policy.yaml").write_text(
        "version: 1\ncompany:\n  name: Nordlys Energi\npacks: [./stuck-pack, format]\n",
        encoding="utf-8")
    srv = SubprocessServer("--policy", str(tmp_path / "policy.yaml"), "--workers", "2",
                           "--timeout", "1", "--no-access-log", log=tmp_path / "server.log")
    try:
        srv.wait_ready()
        with httpx.Client(base_url=srv.url, timeout=60) as c:
            stuck, dies, clean = (c.post("/v1/check", json={"text": t}).json()
                                  for t in (STUCK, DIES, CLEAN))
            # Stopped by the Checker's own watchdog or, where it cannot, by the kill.
            assert stuck["verdict"] == "block"
            assert any(f["rule_id"] == "internal" and "1 s" in f["message"]
                       for f in stuck["findings"])
            assert_stopped(dies, "exit code 3")
            assert clean["verdict"] == "pass"
            assert c.get("/readyz").status_code == 200
    finally:
        srv.stop()
    assert srv.proc.returncode == 0
    assert "Traceback" not in (tmp_path / "server.log").read_text(encoding="utf-8")


def _children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_checking_processes_end_with_their_worker_even_when_stuck(tmp_path: Path) -> None:
    """A ``kill -9`` of the worker: its checking processes die too, the stuck one included
    (it never reads the pipe that would tell it; the kernel ends it)."""
    shutil.copytree(PACK, tmp_path / "stuck-pack")
    (tmp_path / "policy.yaml").write_text(
        "version: 1\ncompany:\n  name: Nordlys Energi\npacks: [./stuck-pack]\n", encoding="utf-8")
    srv = SubprocessServer("--policy", str(tmp_path / "policy.yaml"), "--workers", "1",
                           "--timeout", "120", "--no-access-log", log=tmp_path / "server.log")
    try:
        srv.wait_ready()
        children = _children(srv.proc.pid)
        assert len(children) == 2

        def send() -> None:
            with contextlib.suppress(httpx.HTTPError):
                httpx.post(f"{srv.url}/v1/check", json={"text": STUCK}, timeout=120)

        threading.Thread(target=send, daemon=True).start()
        start = {pid: _cpu_seconds(pid) for pid in children}
        wait_for(lambda: any(_cpu_seconds(p) - start[p] > 0.3 for p in children),
                 "a checking process spins on the stuck post")
        srv.proc.kill()
        srv.proc.wait(10)
        wait_for(lambda: not any(alive(p) for p in children), "the checking processes ended")
    finally:
        srv.stop()
