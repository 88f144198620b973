"""``brandguard batch`` loses nothing (issue 13): bad rows are reported with their line,
terminal-safe, and the rest is checked; CSV quotes cannot swallow rows; a torn output
line is dropped and ``--resume`` checks only what is missing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from brandguard.cli import main
from brandguard.inputs import csv_rows, jsonl_rows

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"


def test_hostile_jsonl_rows_are_reported_and_the_rest_read() -> None:
    lines = ['{"text": "Første opslag om solceller."}',
             "[" * 100_000 + "]" * 100_000,
             '{"text": "a", "id": ' + "9" * 5000 + "}",
             '{"text": "Tredje opslag.", "id": "\\ud800"}',
             '{"text": "Fjerde \\ud800 opslag."}',
             '{"text": "Sidste opslag."}']
    rows = list(jsonl_rows(lines))
    assert [r.line for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[1].error == "malformed JSON: nested too deeply"
    assert rows[2].error is not None and "4300 digits" in rows[2].error
    assert rows[3].post is not None and rows[3].id == "\\ud800"  # escaped, writable
    assert rows[4].error is not None and "surrogate" in rows[4].error
    assert rows[5].post is not None and rows[5].post.text == "Sidste opslag."


def test_csv_unbalanced_quote_is_reported_not_swallowing() -> None:
    text = ('id,text\n1,Hej med dig\n2,"Uafsluttet citat\n3,Tredje opslag\n'
            '4,"Fjerde\nover to linjer"\n5,Femte\n')
    rows = list(csv_rows(io.StringIO(text, newline="")))
    assert [(r.line, r.id) for r in rows if r.post] == [(2, "1"), (4, "3"), (5, "4"), (7, "5")]
    [bad] = [r for r in rows if r.error]
    assert bad.line == 3 and "unbalanced quote" in bad.error
    tail = list(csv_rows(io.StringIO('id,text\n1,Hej\n2,"aldrig lukket\n3,Tredje\n', newline="")))
    assert [(r.line, bool(r.error)) for r in tail] == [(2, False), (3, True), (4, False)]


def _batch(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["batch", str(tmp_path / "posts.jsonl"), "-p", str(POLICY), "-o",
                 str(tmp_path / "out.jsonl"), "--jobs", "1", "--progress", "never", *extra])
    return code, capsys.readouterr().err


def test_terminal_escapes_in_ids_never_reach_stderr(tmp_path: Path, capsys) -> None:
    (tmp_path / "posts.jsonl").write_text(
        '{"id": "evil\\u001b[2J\\u001b]0;pwned\\u0007", "text": ""}\n'
        '{"id": "ok", "text": "Vi har sat solceller op i Skive."}\n', encoding="utf-8")
    code, err = _batch(tmp_path, capsys)
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err
    assert "posts.jsonl:1" in err
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [o["line"] for o in out] == [1, 2] and "report" in out[1]


def test_resume_drops_a_torn_line_and_checks_only_the_rest(tmp_path: Path, capsys) -> None:
    posts = [f'{{"id": "p{i}", "text": "Opslag nummer {i} om varmepumper i Skive."}}'
             for i in range(1, 6)]
    (tmp_path / "posts.jsonl").write_text("\n".join(posts) + "\n", encoding="utf-8")
    assert _batch(tmp_path, capsys)[0] == 0
    full = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    torn = "\n".join(full[:2]) + "\n" + full[2][: len(full[2]) // 2]
    (tmp_path / "out.jsonl").write_text(torn, encoding="utf-8")
    code, err = _batch(tmp_path, capsys, "--resume")
    assert code == 0 and "2 rows are already in" in err
    again = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in again] == ["p1", "p2", "p3", "p4", "p5"]
    assert again == full


def test_resume_refuses_a_foreign_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "posts.jsonl").write_text('{"text": "Hej med dig."}\n', encoding="utf-8")
    (tmp_path / "out.jsonl").write_text("hello\nworld\n", encoding="utf-8")
    code, err = _batch(tmp_path, capsys, "--resume")
    assert code == 2 and "not a brandguard batch result line" in err


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX only")


def _slow_or_crashing(row):  # type: ignore[no-untyped-def]
    import os
    import time as _time

    from brandguard import batch

    if row.post is not None and row.post.text == "HÆNG":
        _time.sleep(60)
    if row.post is not None and row.post.text == "STOP":
        os._exit(3)
    return batch.check_row(batch._worker_checker, row)


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the patched worker function reaches the workers by fork")
def test_a_stuck_or_dying_worker_is_replaced_and_its_post_blocked(monkeypatch) -> None:
    from brandguard import batch

    monkeypatch.setattr(batch, "_check_row", _slow_or_crashing)
    items = [{"id": "a", "text": "Vi har sat solceller op."}, {"id": "h", "text": "HÆNG"},
             {"id": "b", "text": "Varmepumpen kører."}, {"id": "s", "text": "STOP"},
             {"id": "c", "text": "Tak for i dag."}]
    results = list(batch.check_many(items, POLICY, jobs=2, chunksize=2, timeout=1.0))
    assert [r.id for r in results] == ["a", "h", "b", "s", "c"]
    by_id = {r.id: r for r in results}
    for rid, word in (("h", "1 s"), ("s", "exit code 3")):
        report = by_id[rid].report
        assert report is not None and report.verdict == "block"
        [finding] = report.findings
        assert finding.rule_id == "internal" and word in finding.message
    assert all(not any(f.rule_id == "internal" for f in by_id[r].report.findings) for r in "abc")
