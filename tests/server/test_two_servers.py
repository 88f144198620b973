"""Two ``brandguard serve`` processes (one of them with two workers) on one ledger:
reservations racing for an employee's last slot of the day are never double-booked.

The PostgreSQL case needs ``BRANDGUARD_TEST_POSTGRES_URL`` (``.ci/run`` starts a
server, see .ci/postgres.sh); the SQLite case runs everywhere.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import POLICY, SubprocessServer

PG_URL = os.environ.get("BRANDGUARD_TEST_POSTGRES_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="BRANDGUARD_TEST_POSTGRES_URL is not set "
                              "(.ci/run starts a PostgreSQL server and sets it)")
TEXT = "I dag satte vi vores første varmepumpe op i Skive, og familien sparer allerede."
RACERS = 12


def reset_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS brandguard_posts, brandguard_lsh, brandguard_meta")


@pytest.mark.slow
@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres",
                                                          marks=[needs_pg, pytest.mark.postgres])])
def test_two_servers_never_double_book_a_slot(store: str, tmp_path: Path) -> None:
    if store == "postgres":
        assert PG_URL is not None
        reset_postgres(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path / 'posts.db'}"
    common = ["--policy", str(POLICY), "--ledger", url, "--no-access-log"]
    a = SubprocessServer(*common, "--workers", "2", log=tmp_path / "a.log")
    b = SubprocessServer(*common, log=tmp_path / "b.log")
    try:
        a.wait_ready()
        b.wait_ready()
        at = datetime(2026, 5, 4, 8, 0, tzinfo=UTC).isoformat()
        barrier = threading.Barrier(RACERS)
        results: list[tuple[int, Any]] = []
        lock = threading.Lock()

        def race(i: int, author: str) -> None:
            base = (a if i % 2 else b).url
            post = {"text": f"{TEXT} ({i})", "author": {"id": author}, "created_at": at}
            with httpx.Client(base_url=base, timeout=60) as c:
                barrier.wait()
                resp = c.post("/v1/ledger/reserve", json=post)
            with lock:
                results.append((resp.status_code, resp.json()))

        threads = [threading.Thread(target=race, args=(i, "e-race")) for i in range(RACERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        statuses = sorted(s for s, _ in results)
        assert statuses == [201] + [409] * (RACERS - 1), results
        assert all(body["code"] == "no-slot" for s, body in results if s == 409)

        # Different employees do not wait for each other: every one of them gets a slot.
        barrier = threading.Barrier(4)
        results.clear()
        threads = [threading.Thread(target=race, args=(i, f"e-{i}")) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert sorted(s for s, _ in results) == [201] * 4
        ready = httpx.get(f"{a.url}/readyz", timeout=10).json()
        assert ready["ledger"]["scheme"] == ("postgresql" if store == "postgres" else "sqlite")
    finally:
        a.stop()
        b.stop()
