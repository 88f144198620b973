"""brandguard batch: reading rows, order, bad rows, exit codes, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import brandguard as bg
from brandguard.batch import Summary, check_many
from brandguard.cli import main
from brandguard.inputs import RowError, csv_rows, jsonl_rows, read_rows

from .conftest import BASE_POLICY

ROOT = Path(__file__).parents[1]
POLICY_FILE = ROOT / "docs" / "examples" / "nordlys-policy.yaml"

GOOD = {"id": "g1", "text": "Vi har fået tre nye kolleger i Aarhus, og vi glæder os til at "
                            "arbejde sammen med dem.", "channel": "linkedin"}
DOUBLE = {"id": "d1", "text": "Vi har  fået nye kolleger i Aarhus."}


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_rows_report_bad_rows_with_line_numbers() -> None:
    lines = [
        json.dumps(GOOD),
        "{not json",
        "",
        json.dumps({"id": "x", "channel": "x"}),
        json.dumps({"id": "y", "text": "Hej.", "created_at": "i går"}),
        json.dumps({"id": "z", "text": "   "}),
        json.dumps({"id": "u", "text": "Hej.", "titel": "t"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "text": "Hej.", "author": "e17", "enrolled": "nej",
                    "created_at": "2026-03-02T08:30:00Z"}),
    ]
    rows = list(jsonl_rows(lines))
    assert [r.line for r in rows] == [1, 2, 4, 5, 6, 7, 8, 9]  # the blank line is no row
    by_line = {r.line: r for r in rows}
    assert by_line[1].post is not None and by_line[1].error is None
    assert "malformed JSON" in by_line[2].error
    assert by_line[4].error == "missing field 'text'" and by_line[4].id == "x"
    assert "created_at" in by_line[5].error
    assert "empty" in by_line[6].error
    assert "unknown field 'titel'" in by_line[7].error
    assert "JSON object" in by_line[8].error
    post = by_line[9].post
    assert post is not None and post.id == "7" and post.author.id == "e17"
    assert post.author.enrolled is False and post.created_at is not None


def test_naive_created_at_takes_the_policy_time_zone() -> None:
    [row] = jsonl_rows([json.dumps({"text": "Hej.", "created_at": "2026-06-01T09:00"})],
                       timezone="Europe/Copenhagen")
    assert row.post is not None and row.post.created_at.utcoffset().total_seconds() == 7200
    [row] = jsonl_rows([json.dumps({"text": "Hej.", "created_at": "2026-06-01T09:00"})])
    assert row.post is None and "time zone" in row.error


def test_csv_rows_with_author_columns_and_multiline_text() -> None:
    data = ('id,text,author_id,enrolled,channel\n'
            'a,"Første linje\nanden linje",e1,ja,x\n'
            'b,Hej med dig,e2,false,linkedin\n'
            'c,,e3,true,x\n'
            'd,Hej,e4,måske,x\n')
    rows = list(csv_rows(data.splitlines(keepends=True)))
    assert [r.line for r in rows] == [2, 4, 5, 6]
    a, b, c, d = rows
    assert a.post is not None and a.post.text == "Første linje\nanden linje"
    assert a.post.author.id == "e1" and a.post.author.enrolled is True and a.post.channel == "x"
    assert b.post is not None and b.post.author.enrolled is False
    assert c.post is None and c.error == "missing field 'text'"
    assert d.post is None and "enrolled" in d.error


def test_csv_header_errors() -> None:
    with pytest.raises(RowError, match="unknown column 'titel'"):
        list(csv_rows(["id,titel,text\n", "1,a,b\n"]))
    with pytest.raises(RowError, match="no 'text' column"):
        list(csv_rows(["id,channel\n", "1,x\n"]))


def test_check_many_keeps_input_order_across_workers() -> None:
    texts = [f"Opslag nummer {i}: vi har  fået {i} nye kolleger." if i % 3 == 0
             else f"Opslag nummer {i} om vores nye kontor." for i in range(60)]
    items = [{"id": f"r{i}", "text": t} for i, t in enumerate(texts)]
    items.insert(10, {"id": "bad"})
    one = list(check_many(items, BASE_POLICY, jobs=1))
    two = list(check_many(items, BASE_POLICY, jobs=2, chunksize=3))
    assert [r.id for r in two] == [r.id for r in one] == [i["id"] for i in items]
    assert [r.line for r in two] == list(range(1, 62))
    assert two[10].error == "missing field 'text'" and two[10].report is None
    assert [r.report.model_dump() if r.report else None for r in one] == \
           [r.report.model_dump() if r.report else None for r in two]
    assert any(f.rule_id == "da.double-space" for f in two[0].report.findings)


def test_check_many_accepts_posts_strings_and_dicts() -> None:
    results = list(check_many([bg.Post(text="Hej med dig.", id="p"), "Hej igen.",
                               {"text": "Og hej."}], BASE_POLICY, jobs=1, lang="en"))
    assert [r.id for r in results] == ["p", None, None]
    assert all(r.report is not None and r.report.lang == "en" for r in results)


def test_result_json_lines() -> None:
    [ok, bad] = check_many([GOOD, {"id": "b", "text": ""}], BASE_POLICY, jobs=1)
    line = json.loads(ok.to_json())
    assert line["line"] == 1 and line["id"] == "g1" and line["report"]["verdict"] in (
        "pass", "warn", "block")
    assert json.loads(bad.to_json()) == {"line": 2, "id": "b", "error": "text: the post is empty"}


def test_cli_batch_writes_every_row_in_order(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "posts.jsonl", [json.dumps(GOOD), "{oops", json.dumps(DOUBLE),
                                            json.dumps({"id": "t", "text": "Hej.",
                                                        "created_at": "2026-13-01T00:00Z"})])
    out = tmp_path / "results.jsonl"
    code = main(["batch", str(src), "--policy", str(POLICY_FILE), "--out", str(out),
                 "--jobs", "2", "--fail-on", "never"])
    captured = capsys.readouterr()
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 4]
    assert "report" in results[0] and "report" in results[2]
    assert "malformed JSON" in results[1]["error"] and "created_at" in results[3]["error"]
    assert code == 2  # bad rows: an input error, after every other row was checked
    assert f"{src}:2: malformed JSON" in captured.err and f"{src}:4: created_at" in captured.err
    assert "4 rækker: 2 tjekket, 2 kunne ikke læses" in captured.err  # --lang da, the default
    assert "da.double-space" in captured.err  # the top-rules table
    assert captured.out == ""


def test_cli_batch_exit_code_follows_fail_on(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "posts.jsonl", [json.dumps(GOOD), json.dumps(DOUBLE)])
    out = tmp_path / "r.jsonl"
    common = ["batch", str(src), "-p", str(POLICY_FILE), "-o", str(out), "-j", "1",
              "--ignore", "tone.advert"]
    assert main([*common, "--fail-on", "warning"]) == 1
    assert main([*common, "--fail-on", "never"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_cli_batch_csv_and_html(tmp_path: Path) -> None:
    src = tmp_path / "posts.csv"
    src.write_text('id,text,author,enrolled\nc1,"Vi har  fået nye kolleger <b>i</b> Aarhus.",e1,ja\n',
                   encoding="utf-8")
    out, html = tmp_path / "r.jsonl", tmp_path / "r.html"
    assert main(["batch", str(src), "-p", str(POLICY_FILE), "-o", str(out), "--html", str(html),
                 "--fail-on", "never", "-j", "1"]) == 0
    page = html.read_text(encoding="utf-8")
    assert 'data-rule="da.double-space"' in page
    assert "&lt;b&gt;i&lt;/b&gt;" in page and "<b>i</b>" not in page


def test_cli_batch_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.csv"
    src.write_text("id,titel\n1,a\n", encoding="utf-8")
    assert main(["batch", str(src), "-p", str(POLICY_FILE), "-o", str(tmp_path / "o")]) == 2
    assert "unknown column 'titel'" in capsys.readouterr().err
    assert main(["batch", str(tmp_path / "nope.jsonl"), "-p", str(POLICY_FILE), "-o", "-"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["batch", str(src), "-p", str(POLICY_FILE), "-o", "-", "--jobs", "0"]) == 2


def test_summary_table() -> None:
    summary = Summary()
    for result in check_many([GOOD, DOUBLE, {"text": ""}], BASE_POLICY, jobs=1):
        summary.add(result)
    table = summary.table()
    assert "3 rækker: 2 tjekket, 1 kunne ikke læses" in table
    assert "da.double-space" in table and "langsomste opslag" in table
    table = summary.table(lang="en")
    assert "3 rows: 2 checked, 1 not readable" in table
    assert "da.double-space" in table and "slowest posts" in table


@pytest.mark.slow
def test_ctrl_c_keeps_what_is_done(tmp_path: Path) -> None:
    # Enough posts to take a while: interrupted long before the end (8,000 repeated
    # posts were all checked in 10 s once words were remembered across posts, and a
    # loaded machine could deliver the Ctrl-C after the last).
    sentences = ["Vi har fået tre nye kolleger i Aarhus.", "I dag satte vi en varmepumpe op.",
                 "Tak til alle, der kom forbi standen.", "Vores montører er de bedste.",
                 "Husk at slukke lyset, når du går hjem."]
    lines = [json.dumps({"id": f"r{i}", "text": " ".join(sentences[(i + k) % 5]
                                                         for k in range(1 + i % 7))})
             for i in range(40_000)]
    src = _jsonl(tmp_path / "big.jsonl", lines)
    out = tmp_path / "out.jsonl"
    # A job a non-interactive shell starts in the background (`.ci/run &`) inherits
    # SIGINT ignored, and Python keeps it so: give the batch the default Ctrl-C.
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandguard.cli", "batch", str(src), "-p", str(POLICY_FILE),
         "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and out.stat().st_size > 20_000:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    done = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(done) < len(lines)
    assert [d["line"] for d in done] == list(range(1, len(done) + 1))
    assert b"interrupted" in err and b"Traceback" not in err


def test_read_rows_dispatches_on_suffix(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "p.ndjson", [json.dumps(GOOD)])
    assert [r.id for r in read_rows(src)] == ["g1"]
    md = tmp_path / "p.md"
    md.write_text("---\nid: m\n---\nHej.\n", encoding="utf-8")
    assert [r.id for r in read_rows(md)] == ["m"]


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "posts.jsonl", [json.dumps(GOOD), json.dumps(DOUBLE)])
    common = ["batch", str(src), "-p", str(POLICY_FILE), "-o", str(tmp_path / "r.jsonl"),
              "-j", "1", "--fail-on", "never"]
    assert main(common) == 0
    assert "post/s" not in capsys.readouterr().err  # stderr is not a terminal here
    assert main([*common, "--progress", "always"]) == 0
    err = capsys.readouterr().err
    assert "0/2 [" in err and "post/s" in err  # tqdm on stderr, total from the input


@pytest.mark.slow
def test_spawned_workers_build_their_own_checker() -> None:
    """Where there is no fork (macOS, Windows), each worker starts fresh and builds one."""
    items = [GOOD, DOUBLE, {"id": "e", "text": " "}]
    results = list(check_many(items, POLICY_FILE, jobs=2, start_method="spawn", chunksize=1))
    assert [r.id for r in results] == ["g1", "d1", "e"]
    assert any(f.rule_id == "da.double-space" for f in results[1].report.findings)
    assert results[2].error == "text: the post is empty"


def test_bad_bytes_spoil_one_jsonl_row_and_stop_a_csv(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n"
                    + b'{"text": "caf\xe9"}\n' + json.dumps(DOUBLE).encode() + b"\n")
    rows = list(read_rows(src))
    assert [r.line for r in rows] == [1, 2, 3]
    assert rows[0].post is not None and rows[2].post is not None
    assert rows[1].error == "not UTF-8 text (invalid byte at column 14)"
    csv_src = tmp_path / "p.csv"
    csv_src.write_bytes(b"id,text\n1,caf\xe9\n")
    assert main(["batch", str(csv_src), "-p", str(POLICY_FILE), "-o", str(tmp_path / "o")]) == 2
    assert "not UTF-8 text (invalid byte at offset 13)" in capsys.readouterr().err
