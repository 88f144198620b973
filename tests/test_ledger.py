"""The ledger contract, run against every store: memory, SQLite and PostgreSQL.

PostgreSQL tests need a server: ``.ci/run`` starts one and exports
``BRANDGUARD_TEST_POSTGRES_URL`` (see .ci/postgres.sh); without it they skip.
Also here: 8 processes racing for the last slot of a day (exactly one wins),
and a writer killed with SIGKILL leaving SQLite readable and consistent.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import brandguard as bg
from brandguard.ledger import CadenceLimits, LedgerError, TextSignature, open_ledger
from brandguard.ledger.minhash import BANDS, jaccard, shingles

PG_URL = os.environ.get("BRANDGUARD_TEST_POSTGRES_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="BRANDGUARD_TEST_POSTGRES_URL is not set "
                              "(.ci/run starts a PostgreSQL server and sets it)")
CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 3, 10, 9, 0, tzinfo=CPH)
TEXT = ("Vi har åbnet et nyt værksted i Aarhus, og jeg glæder mig til at vise det frem for "
        "kunderne. Kig forbi til åbent hus på fredag.")
OTHER = "I dag har jeg hjulpet en kunde med at vælge en varmepumpe til sit sommerhus i Thy."


def post(author: str = "e1", at: datetime = T0, text: str = TEXT, **kw: object) -> bg.Post:
    return bg.Post(text=text, author=bg.Author(id=author), created_at=at, **kw)


def _reset_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS brandguard_posts, brandguard_lsh, brandguard_meta")


def ledger_url(kind: str, tmp_path: Path) -> str:
    if kind == "memory":
        return "memory:"
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'posts.db'}"
    assert PG_URL is not None
    _reset_pg(PG_URL)
    return PG_URL


STORES = ["memory", "memory-exact", "sqlite",
          pytest.param("postgres", marks=[needs_pg, pytest.mark.postgres])]


@pytest.fixture(params=STORES)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[bg.Ledger]:
    if request.param == "memory-exact":  # how check(history=[…]) holds the caller's list
        from brandguard.ledger.memory import MemoryLedger

        lg: bg.Ledger = MemoryLedger("history", exact=True)
    else:
        lg = open_ledger(ledger_url(request.param, tmp_path))
    yield lg
    lg.close()


# --- the contract ---------------------------------------------------------------------------


def test_record_and_query_by_author(ledger: bg.Ledger) -> None:
    ids = [ledger.record(post(at=T0 + timedelta(hours=h))) for h in (0, 5, 30)]
    ledger.record(post(author="e2"))
    ledger.record(post(at=T0 + timedelta(hours=6), kind="personal", text=OTHER))
    assert len(set(ids)) == 3
    got = ledger.posts_by_author("e1", T0, T0 + timedelta(hours=30))
    assert [e.at for e in got] == [T0, T0 + timedelta(hours=5), T0 + timedelta(hours=6)]
    assert all(e.author == "e1" for e in got)
    company = ledger.posts_by_author("e1", T0, None, kind="company")
    assert [e.kind for e in company] == ["company"] * 3
    assert company[0].text == TEXT and company[0].channel == "linkedin"
    assert ledger.posts_by_author("e1", T0 + timedelta(hours=31)) == []


def test_last_posts_newest_first(ledger: bg.Ledger) -> None:
    for d in range(5):
        ledger.record(post(at=T0 + timedelta(days=d), kind="personal" if d % 2 else "company"))
    last = ledger.last_posts("e1", 3, before=T0 + timedelta(days=4))
    assert [e.at for e in last] == [T0 + timedelta(days=d) for d in (3, 2, 1)]
    assert [e.kind for e in last] == ["personal", "company", "personal"]


def test_campaign_queries(ledger: bg.Ledger) -> None:
    for i, author in enumerate(["e1", "e2", "e2", "e3"]):
        ledger.record(post(author=author, at=T0 + timedelta(hours=i), campaign="c1"))
    ledger.record(post(author="e4", at=T0, campaign="c2"))
    ledger.record(post(author="e5", at=T0 - timedelta(days=2), campaign="c1"))
    since = T0 - timedelta(hours=1)
    assert len(ledger.posts_by_campaign("c1", since)) == 4
    assert ledger.campaign_authors("c1", since) == 3
    assert ledger.campaign_authors("c1", since, exclude_author="e2") == 2
    assert ledger.campaign_authors("c1", since, until=T0 + timedelta(minutes=30)) == 1
    assert ledger.campaign_authors("nope", since) == 0


def test_near_duplicates(ledger: bg.Ledger) -> None:
    ledger.record(post(author="e2", at=T0 - timedelta(days=1)))
    ledger.record(post(author="e3", at=T0 - timedelta(days=1),
                       text=TEXT.replace("fredag", "lørdag")))
    ledger.record(post(author="e4", at=T0 - timedelta(days=1), text=OTHER))
    ledger.record(post(author="e5", at=T0 - timedelta(days=30)))
    ledger.record(post(author="e1", at=T0 - timedelta(days=1)))
    sig = TextSignature.of(TEXT)
    found = ledger.near_duplicates(sig, T0 - timedelta(days=7), exclude_author="e1",
                                   min_similarity=0.7)
    assert [d.entry.author for d in found] == ["e2", "e3"]
    assert found[0].similarity == 1.0
    exact = jaccard(shingles(TEXT), shingles(TEXT.replace("fredag", "lørdag")))
    assert found[1].similarity == pytest.approx(exact)
    assert 0.7 <= exact < 1.0
    # The text alone works too, and min_similarity filters.
    assert ledger.near_duplicates(TEXT, T0 - timedelta(days=7), min_similarity=0.99,
                                  exclude_author="e1")[0].entry.author == "e2"
    assert ledger.near_duplicates(OTHER + " Og så lidt mere om vejret.", T0 - timedelta(days=7),
                                  min_similarity=0.9) == []


def test_reserve_day_limit_in_company_time_zone(ledger: bg.Ledger) -> None:
    limits = CadenceLimits(per_day=1, per_week=10, min_hours=0, tz=CPH)
    assert ledger.reserve(post(at=datetime(2025, 3, 10, 8, tzinfo=CPH)), limits)
    # 23:30 UTC on the 10th is 00:30 on the 11th in Copenhagen: a new day.
    late = post(at=datetime(2025, 3, 10, 23, 30, tzinfo=UTC), text=OTHER)
    assert ledger.reserve(late, limits)
    refused = ledger.reserve(post(at=datetime(2025, 3, 10, 20, tzinfo=CPH)), limits)
    assert not refused and refused.entry_id is None
    assert [b.kind for b in refused.breaches] == ["day"]
    assert "2 posts today (limit 1)" in (refused.reason or "")
    # Other employees and personal posts are not limited by e1's day.
    assert ledger.reserve(post(author="e2", at=datetime(2025, 3, 10, 20, tzinfo=CPH)), limits)
    assert ledger.reserve(post(at=datetime(2025, 3, 10, 20, tzinfo=CPH), kind="personal"), limits)
    assert len(ledger.posts_by_author("e1", T0 - timedelta(days=1))) == 3


def test_reserve_week_and_gap(ledger: bg.Ledger) -> None:
    limits = CadenceLimits(per_day=5, per_week=3, min_hours=12, tz=CPH)
    for d in (0, 2, 4):
        assert ledger.reserve(post(at=T0 + timedelta(days=d)), limits)
    week = ledger.reserve(post(at=T0 + timedelta(days=6)), limits)
    assert [b.kind for b in week.breaches] == ["week"]
    assert ledger.reserve(post(at=T0 + timedelta(days=7)), limits)  # day 0 left the week
    gap = ledger.reserve(post(at=T0 + timedelta(days=7, hours=5)), CadenceLimits(
        per_day=5, per_week=10, min_hours=12, tz=CPH))
    assert [b.kind for b in gap.breaches] == ["gap"] and gap.breaches[0].hours == 5


def test_reserve_takes_policy_and_release_frees_the_slot(ledger: bg.Ledger) -> None:
    policy = bg.load_policy({"company": {"name": "Nordlys Energi"},
                             "spam": {"max_posts_per_day": 1}})
    first = ledger.reserve(post(), policy)
    assert first and first.entry_id is not None
    assert not ledger.reserve(post(at=T0 + timedelta(hours=13), text=OTHER), policy)
    assert ledger.release(first) is True
    assert ledger.release(first) is False
    assert ledger.reserve(post(at=T0 + timedelta(hours=13), text=OTHER), policy)
    # The released post's band keys went with it.
    assert ledger.near_duplicates(TEXT, T0 - timedelta(days=1), min_similarity=0.9) == []


def test_prune_export_stats(ledger: bg.Ledger) -> None:
    ledger.record_many([post(at=T0 - timedelta(days=40), author="old"),
                        post(at=T0, author="e2", campaign="c1"),
                        (post(at=T0 + timedelta(hours=1), author="e3", text=OTHER), None)])
    stats = ledger.stats()
    assert (stats["posts"], stats["authors"], stats["campaigns"]) == (3, 3, 1)
    assert stats["first"].startswith("2025-01-29")
    assert ledger.prune(T0 - timedelta(days=30)) == 1
    assert ledger.stats()["posts"] == 2
    assert ledger.near_duplicates(TEXT, T0 - timedelta(days=90), min_similarity=0.9)[0] \
        .entry.author == "e2"
    rows = list(ledger.export())
    assert [r["author"] for r in rows] == ["e2", "e3"]
    assert rows[0]["campaign"] == "c1" and rows[0]["text"] == TEXT
    assert datetime.fromisoformat(rows[0]["at"]) == T0
    json.dumps(rows)  # exportable as JSON lines


def test_record_keeps_the_report(ledger: bg.Ledger) -> None:
    report = bg.Report(verdict="warn", score=80, scores={}, findings=[])
    ledger.record(post(id="p-17"), report)
    (row,) = list(ledger.export())
    assert (row["post_id"], row["verdict"], row["score"]) == ("p-17", "warn", 80)


def test_closed_ledger_raises_ledger_error(ledger: bg.Ledger) -> None:
    ledger.close()
    with pytest.raises(LedgerError, match="closed"):
        ledger.posts_by_author("e1", T0)
    with pytest.raises(LedgerError):
        ledger.record(post())


def test_drafts_without_time_count_as_now(ledger: bg.Ledger) -> None:
    ledger.record(bg.Post(text=TEXT, author=bg.Author(id="e1")))
    now = datetime.now(UTC)
    (e,) = ledger.posts_by_author("e1", now - timedelta(minutes=1))
    assert abs((e.at - now).total_seconds()) < 60


# --- opening -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "message"), [
    ("", "ledger URL is empty"),
    ("mysql://db/x", "unknown scheme mysql:; known: memory:, postgres:, postgresql:, sqlite:"),
    ("posts.db", "unknown scheme (none)"),
    ("memory:/x", "takes no path"),
    ("sqlite://host/x.db", "no host"),
    ("sqlite:///no/such/folder/x.db", "the folder"),
    ("postgresql://nobody@127.0.0.1:1/x", "postgresql ledger 127.0.0.1:1/x: cannot connect: "
                                          "Connection refused"),
])
def test_open_errors_are_one_clear_line(url: str, message: str) -> None:
    with pytest.raises(LedgerError) as info:
        open_ledger(url)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_open_sqlite_rejects_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database, just notes\n" * 100)
    with pytest.raises(LedgerError, match=r"notes\.db: cannot open: file is not a database"):
        open_ledger(f"sqlite:///{bogus}")


def test_open_sqlite_relative_and_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_ledger("sqlite:///rel.db") as lg:
        lg.record(post())
    assert (tmp_path / "rel.db").is_file()
    with open_ledger(f"sqlite:///{tmp_path / 'rel.db'}") as lg:
        assert lg.stats()["posts"] == 1
        assert sqlite3.connect(tmp_path / "rel.db").execute("PRAGMA journal_mode").fetchone()[0] \
            == "wal"
    with open_ledger("sqlite:///:memory:") as lg:
        lg.record(post())
        assert lg.stats()["posts"] == 1


def test_plugins_add_ledger_schemes() -> None:
    from brandguard.ledger.memory import MemoryLedger

    class Plugin:
        @bg.hookimpl
        def brandguard_ledgers(self) -> dict[str, object]:
            return {"acme": lambda url: MemoryLedger(url)}

    pm = bg.get_plugin_manager(entry_points=False, extra=[Plugin()])
    lg = open_ledger("acme://anything", plugin_manager=pm)
    assert isinstance(lg, MemoryLedger) and lg.location == "acme://anything"
    with pytest.raises(LedgerError, match="unknown scheme acme:"):
        open_ledger("acme://anything")


def test_sqlite_indexes_serve_the_queries(tmp_path: Path) -> None:
    path = tmp_path / "posts.db"
    open_ledger(f"sqlite:///{path}").close()
    db = sqlite3.connect(path)

    def plan(sql: str, *args: object) -> str:
        return " ".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + sql, args))

    assert "posts_author_at" in plan("SELECT * FROM posts WHERE author = ? AND at >= ?", "e", 0)
    assert "posts_campaign_at" in plan(
        "SELECT COUNT(DISTINCT author) FROM posts WHERE campaign = ? AND at >= ?", "c", 0)
    assert "PRIMARY KEY" in plan("SELECT post FROM lsh WHERE band IN (?, ?) AND at >= ?", 1, 2, 0)


# --- concurrency and durability --------------------------------------------------------------


def _race(url: str, barrier: object, n: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    lg = open_ledger(url)
    limits = CadenceLimits(per_day=3, per_week=10, min_hours=0, tz=CPH)
    barrier.wait()  # type: ignore[attr-defined]  # all connected: go at the same instant
    r = lg.reserve(post(at=T0 + timedelta(hours=8, minutes=n), text=f"{OTHER} nr. {n}"), limits)
    out.put((n, bool(r)))
    lg.close()


@pytest.mark.slow
@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=[needs_pg,
                                                                              pytest.mark.postgres])])
def test_eight_processes_race_for_the_last_slot(store: str, tmp_path: Path) -> None:
    url = ledger_url(store, tmp_path)
    with open_ledger(url) as lg:  # two of three slots of the day are taken
        lg.record(post(at=T0))
        lg.record(post(at=T0 + timedelta(hours=2), text=OTHER))
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    barrier = ctx.Barrier(8)
    procs = [ctx.Process(target=_race, args=(url, barrier, n, out)) for n in range(8)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    winners = [n for n, ok in results if ok]
    assert len(winners) == 1, results
    with open_ledger(url) as lg:
        day = lg.posts_by_author("e1", T0 - timedelta(hours=9), T0 + timedelta(hours=15))
        assert len(day) == 3
        assert day[-1].text == f"{OTHER} nr. {winners[0]}"


_WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, timezone
    import brandguard as bg
    lg = bg.open_ledger(sys.argv[1])
    t0 = datetime(2025, 3, 1, tzinfo=timezone.utc)
    words = "vi har åbnet et nyt værksted i aarhus og glæder os til at se jer".split()
    i = 0
    while True:
        text = " ".join(words[(i + k) % len(words)] for k in range(12)) + f" {i}"
        posts = [bg.Post(text=text + f" del {j}", author=bg.Author(id=f"e{i % 50}"),
                         created_at=t0 + timedelta(minutes=i)) for j in range(20)]
        lg.record_many(posts)
        print(i, flush=True)
        i += 1
""")


def test_sigkill_while_recording_leaves_sqlite_consistent(tmp_path: Path) -> None:
    from brandguard.ledger.sqlite import SqliteLedger

    url = f"sqlite:///{tmp_path / 'posts.db'}"
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, url], stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None
        for _ in range(5 + 7 * round_):  # let it commit some batches, then kill mid-write
            proc.stdout.readline()
        time.sleep(0.003 * round_)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        lg = open_ledger(url)
        assert isinstance(lg, SqliteLedger)
        assert lg.integrity() == []
        stats = lg.stats()
        # Whole batches only (plus the one post recorded after each earlier round).
        assert stats["posts"] > round_ and (stats["posts"] - round_) % 20 == 0
        db = sqlite3.connect(tmp_path / "posts.db")
        partial = db.execute(f"SELECT COUNT(*) FROM (SELECT post FROM lsh GROUP BY post "
                             f"HAVING COUNT(*) != {BANDS})").fetchone()[0]
        assert partial == 0
        assert db.execute("SELECT COUNT(DISTINCT post) FROM lsh").fetchone()[0] == stats["posts"]
        db.close()
        lg.record(post(author=f"after-{round_}"))  # still writable
        lg.close()


# --- command line ------------------------------------------------------------------------------


def test_cli_ledger_stats_export_prune(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brandguard.cli import main

    url = f"sqlite:///{tmp_path / 'posts.db'}"
    with open_ledger(url) as lg:
        now = datetime.now(UTC)
        lg.record_many([post(at=now - timedelta(days=400)),
                        post(author="e2", at=now, campaign="c1")])
    assert main(["ledger", "stats", "--ledger", url]) == 0
    out = capsys.readouterr().out
    assert "posts      2" in out and "authors    2" in out and "MiB" in out
    assert main(["ledger", "stats", "--ledger", url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["campaigns"] == 1
    assert main(["ledger", "export", "--ledger", url]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["author"] for r in rows] == ["e1", "e2"]
    assert main(["ledger", "prune", "--ledger", url, "--older-than", "365"]) == 0
    assert capsys.readouterr().out.startswith("removed 1 posts published before ")
    assert main(["ledger", "prune", "--ledger", url, "--before", "2020-01-01"]) == 0
    assert capsys.readouterr().out.startswith("removed 0 posts")
    out_file = tmp_path / "x.jsonl"
    assert main(["ledger", "export", "--ledger", url, "-o", str(out_file)]) == 0
    assert json.loads(out_file.read_text())["author"] == "e2"


@pytest.mark.parametrize(("argv", "message"), [
    (["ledger", "stats"], "no ledger; pass --ledger URL or set BRANDGUARD_LEDGER"),
    (["ledger"], "ledger: say what to do: stats, export or prune"),
    (["ledger", "stats", "--ledger", "sqlite:///no/such/dir/x.db"],
     "sqlite ledger no/such/dir/x.db: cannot open: unable to open database file"),
    (["ledger", "stats", "--ledger", "postgresql://x@127.0.0.1:1/db"],
     "postgresql ledger 127.0.0.1:1/db: cannot connect: Connection refused"),
    (["ledger", "prune", "--ledger", "memory:", "--before", "last tuesday"],
     "--before: expected an ISO date"),
    (["check", "--ledger", "redis://x"], "unknown scheme redis:"),
])
def test_cli_ledger_errors_are_one_line(argv: list[str], message: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from brandguard.cli import main

    monkeypatch.delenv("BRANDGUARD_LEDGER", raising=False)
    if argv[0] == "check":
        draft = tmp_path / "post.txt"
        draft.write_text("Et opslag om solceller.", encoding="utf-8")
        argv = [*argv, str(draft), "--policy", str(POLICY_FILE)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


POLICY_FILE = Path(__file__).parent / "data" / "ledger-policy.yaml"


def test_cli_check_records_and_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from brandguard.cli import main

    url = f"sqlite:///{tmp_path / 'posts.db'}"
    draft = tmp_path / "post.txt"
    draft.write_text("Vi har åbnet et nyt værksted i Aarhus, og jeg glæder mig til at vise det "
                     "frem.\n", encoding="utf-8")
    argv = ["check", str(draft), "--policy", str(POLICY_FILE), "--author", "e7",
            "--ledger", url, "--format", "json", "--fail-on", "never"]
    assert main([*argv, "--record"]) == 0
    first = json.loads(capsys.readouterr().out)
    first = first[0] if isinstance(first, list) else first
    assert not [f for f in first["findings"] if f["category"] == "spam"]
    # Another post right after (a re-check of the very same post would not count).
    draft.write_text("I dag har jeg hjulpet en kunde med at vælge en varmepumpe.\n",
                     encoding="utf-8")
    assert main(argv) == 0
    second = json.loads(capsys.readouterr().out)
    second = second[0] if isinstance(second, list) else second
    spam = {f["rule_id"] for f in second["findings"] if f["category"] == "spam"}
    assert {"spam.max-posts-per-day", "spam.min-hours-between-posts"} <= spam
    with open_ledger(url) as lg:
        assert lg.stats()["posts"] == 1


@needs_pg
@pytest.mark.postgres
def test_postgres_connection_dropped_fails_closed_then_reconnects(tmp_path: Path) -> None:
    import psycopg

    url = ledger_url("postgres", tmp_path)
    checker = bg.Checker({"company": {"name": "Nordlys Energi"}, "packs": ["spam"]})
    with open_ledger(url) as lg:
        lg.record(post(at=T0 - timedelta(hours=2), text=OTHER))
        with psycopg.connect(url, autocommit=True) as admin:  # the server drops us
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        report = checker.check(post(), ledger=lg)
        assert report.verdict == "block"
        (finding,) = report.findings
        assert finding.severity == "error"
        assert "Opslagshistorikken kunne ikke læses (postgresql ledger" in finding.message
        # The next check reconnects and counts again.
        again = checker.check(post(), ledger=lg)
        assert {f.rule_id for f in again.findings} == {"spam.max-posts-per-day",
                                                       "spam.min-hours-between-posts"}
