"""Markdown posts with YAML front matter: fields, errors, and spans mapped to file lines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from brandguard.cli import main
from brandguard.frontmatter import (
    FrontMatterError,
    file_position,
    parse_markdown_post,
    split_front_matter,
)
from brandguard.inputs import post_from_markdown, read_markdown_post, read_rows

from . import integration_plugin as itest
from .conftest import BASE_POLICY

POLICY_FILE = Path(__file__).parents[1] / "docs" / "examples" / "nordlys-policy.yaml"
POST = """---
id: 2026-03-varmepumpe
channel: facebook
author: {id: e17, enrolled: false}
campaign: varmepumpe-500
created_at: 2026-03-02T08:30:00+01:00
title: Et felt til hjemmesiden
---
I dag satte vi vores 500. varmepumpe op.
Hos Nordlys energi er vi stolte.
"""


def test_front_matter_sets_the_post_fields() -> None:
    post, offset = post_from_markdown(POST)
    assert post.id == "2026-03-varmepumpe"
    assert post.channel == "facebook"
    assert post.author.id == "e17" and post.author.enrolled is False
    assert post.campaign == "varmepumpe-500"
    assert post.created_at == datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    # The body is the post, less the file's final line break; the offset finds it.
    assert post.text == "I dag satte vi vores 500. varmepumpe op.\nHos Nordlys energi er vi stolte."
    assert POST[offset:].startswith("I dag satte")


def test_unknown_keys_are_left_alone_but_typos_are_errors() -> None:
    fields, _, _, lines = parse_markdown_post(POST)
    assert "title" not in fields
    assert lines == 8
    with pytest.raises(FrontMatterError, match="did you mean 'channel'"):
        post_from_markdown("---\nchanel: x\n---\nHej med dig.\n")


def test_no_front_matter_is_all_body() -> None:
    assert split_front_matter("Bare tekst.\n---\nmere") == ({}, "Bare tekst.\n---\nmere", 0)
    post, offset = post_from_markdown("Bare tekst.\n")
    assert (post.text, offset) == ("Bare tekst.", 0)


def test_crlf_and_empty_front_matter() -> None:
    post, _offset = post_from_markdown("---\r\nchannel: x\r\n---\r\nHej verden.\r\n")
    assert post.channel == "x" and post.text == "Hej verden."
    assert split_front_matter("---\n---\nTekst")[1] == "Tekst"


@pytest.mark.parametrize(("text", "message"), [
    ("---\nchannel: [x\n---\nHej.", "front matter"),
    ("---\n- a\n- b\n---\nHej.", "key: value"),
    ("---\nchannel: myspace\n---\nHej.", "channel"),
    ("---\ncreated_at: i morgen\n---\nHej.", "created_at"),
    ("---\ncreated_at: 2026-03-02 08:30:00\n---\nHej.", "time zone"),
    ("---\nid: x\n---\n   \n", "empty"),
    ("---\n" + "".join(f"k{i}: {i}\n" for i in range(8000)) + "---\nHej.", "65,536"),
])
def test_bad_front_matter_names_the_problem(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        post_from_markdown(text)


def test_naive_publish_time_takes_the_given_time_zone() -> None:
    post, _ = post_from_markdown("---\ndate: 2026-06-01 09:00\n---\nHej.",
                                 timezone="Europe/Copenhagen")
    assert post.created_at is not None and post.created_at.utcoffset().total_seconds() == 7200


def test_file_position_maps_body_offsets_to_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text(POST, encoding="utf-8")
    post, offset = read_markdown_post(path)
    checker = itest.checker(BASE_POLICY)
    [finding] = [f for f in checker.check(post).findings if f.rule_id == "itest.house-name"]
    line, col = file_position(str(path), post.text, finding.span.start)
    assert (line, col) == (10, 5)
    assert POST.splitlines()[line - 1][col - 1:].startswith("Nordlys energi")
    # The same offset plus the body offset is the offset in the file.
    assert POST[offset + finding.span.start:offset + finding.span.end] == "Nordlys energi"


def test_check_reads_front_matter_and_shows_file_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.md").write_text("---\nchannel: x\nauthor: e17\n---\nVi har  fået nye kolleger.\n",
                                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["check", "p.md", "--policy", str(POLICY_FILE), "--select", "da.double-space",
                 "--fail-on", "warning", "--color", "never"])
    out = capsys.readouterr().out
    assert code == 1
    assert "5:7" in out and "da.double-space" in out
    assert "channel" not in out  # the front matter is not part of the post


def test_check_refuses_bad_front_matter_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.md").write_text("---\nchanel: x\n---\nHej.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "p.md", "--policy", str(POLICY_FILE)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "p.md" in err and "did you mean 'channel'" in err


def test_batch_reads_a_folder_of_markdown_posts(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.md").write_text("---\nid: a\n---\nFørst.\n", encoding="utf-8")
    (tmp_path / "b" / "c.md").write_text("---\nchanel: x\n---\nHej.\n", encoding="utf-8")
    (tmp_path / "b" / "d.md").write_text("Ingen front matter.\n", encoding="utf-8")
    (tmp_path / "noter.txt").write_text("ikke et opslag", encoding="utf-8")
    rows = list(read_rows(tmp_path))
    assert [Path(r.file).name for r in rows] == ["a.md", "c.md", "d.md"]
    assert rows[0].post is not None and rows[0].id == "a" and rows[0].line_offset == 3
    assert rows[1].post is None and "did you mean 'channel'" in (rows[1].error or "")
    assert rows[2].post is not None and rows[2].post.text == "Ingen front matter."


def test_long_post_excerpt_is_numbered_as_in_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n".join(f"Linje {i} om vores arbejde." for i in range(1, 60))
    (tmp_path / "long.md").write_text(f"---\nid: l\n---\n{body}\nVi har  fået nye kolleger.\n",
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "long.md", "--policy", str(POLICY_FILE), "--select", "da.double-space",
          "--color", "never", "--fail-on", "never"])
    out = capsys.readouterr().out
    assert "  63 │ Vi har⟦  ⟧fået nye kolleger." in out and "63:7" in out
