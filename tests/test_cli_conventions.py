"""The conventions of a developer's toolchain (issue 13): configuration discovery,
folders and globs, the machine output formats, -q/-v/--statistics, rule selectors.

As in test_cli.py, checks use ``--select format.max-length`` on the ``other``
channel with a tiny limit, so findings do not depend on the installed packs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from brandguard.cli import main
from brandguard.commands import _options as opt
from brandguard.commands._common import find_policy_file, load_registry
from brandguard.formatters.lines import escape_data, escape_property

RULE = "format.max-length"
LONG = "Vi har installeret solceller."  # 29 characters
SHORT = "Kort og godt."


def policy_data(limit: int) -> dict[str, object]:
    return {"company": {"name": "Nordlys Energi"}, "channels": {"other": {"max_chars": limit}}}


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> int:
    return main(["check", "--channel", "other", "--select", RULE, *args])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project: ``.git`` at its root, a strict policy (20 characters) there."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root / "brandguard.yaml", policy_data(20))
    return root


# --- 1. configuration discovery ---------------------------------------------------------


def test_discovery_walks_up_from_the_current_folder(repo: Path, monkeypatch, capsys) -> None:
    post = write(repo / "posts" / "2026" / "a.txt", LONG)
    monkeypatch.chdir(post.parent)
    assert check("a.txt") == 1  # the root's 20-character limit applies
    assert find_policy_file() == repo / "brandguard.yaml"
    # A nearer file wins, and .brandguard.yaml counts too.
    write(repo / "posts" / ".brandguard.yaml", policy_data(100))
    assert check("a.txt") == 0
    assert find_policy_file() == repo / "posts" / ".brandguard.yaml"


def test_brandguard_yaml_before_dot_file_before_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", '[tool.brandguard]\ncompany = {name = "X"}\n')
    assert find_policy_file(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / ".brandguard.yaml", policy_data(20))
    assert find_policy_file(tmp_path) == tmp_path / ".brandguard.yaml"
    write(tmp_path / "brandguard.yaml", policy_data(20))
    assert find_policy_file(tmp_path) == tmp_path / "brandguard.yaml"


def test_pyproject_tool_table_is_the_policy(repo: Path, monkeypatch) -> None:
    (repo / "brandguard.yaml").unlink()
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.brandguard]\n'
                                   'company = {name = "Nordlys Energi"}\n'
                                   "channels = {other = {max_chars = 20}}\n")
    post = write(repo / "a.txt", LONG)
    monkeypatch.chdir(repo)
    assert check(str(post)) == 1
    write(repo / "pyproject.toml", '[tool.brandguard]\ncompany = {name = "N"}\n'
                                   "channels = {other = {max_chars = 100}}\n")
    assert check(str(post)) == 0


def test_pyproject_without_the_table_is_passed_over(repo: Path) -> None:
    sub = repo / "pkg"
    write(sub / "pyproject.toml", '[project]\nname = "pkg"\n')
    assert find_policy_file(sub) == repo / "brandguard.yaml"
    write(sub / "pyproject.toml", "this is [not toml")  # not ours to complain about
    assert find_policy_file(sub) == repo / "brandguard.yaml"


def test_discovery_stops_at_the_project_root(tmp_path: Path, monkeypatch, capsys) -> None:
    write(tmp_path / "brandguard.yaml", policy_data(20))  # outside the project
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    post = write(project / "a.txt", LONG)
    assert find_policy_file(project) is None
    monkeypatch.chdir(project)
    assert check(str(post)) == 2
    err = capsys.readouterr().err
    assert "no policy" in err and str(project) in err and "pyproject.toml" in err


def test_discovery_starts_at_the_first_files_folder(repo: Path, tmp_path: Path,
                                                    monkeypatch, capsys) -> None:
    post = write(repo / "drafts" / "a.txt", LONG)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / ".git").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)  # no policy here
    assert check(str(post)) == 1
    assert check(str(repo / "drafts")) == 1  # a folder argument: that folder
    assert check(str(repo / "drafts" / "*.txt")) == 1  # a glob: its fixed part


def test_config_and_policy_override_and_isolated_ignores(repo: Path, tmp_path: Path,
                                                         monkeypatch, capsys) -> None:
    lenient = write(tmp_path / "lenient.yaml", policy_data(100))
    post = write(repo / "a.txt", LONG)
    monkeypatch.chdir(repo)
    assert check(str(post)) == 1
    assert check(str(post), "--config", str(lenient)) == 0
    assert check(str(post), "--policy", str(lenient)) == 0
    assert check(str(post), "--isolated", "--policy", str(lenient)) == 0
    capsys.readouterr()
    assert check(str(post), "--isolated") == 2  # the discovered file is not used
    assert "--isolated" in capsys.readouterr().err


def test_verbose_names_the_policy_file(repo: Path, monkeypatch, capsys) -> None:
    post = write(repo / "a.txt", SHORT)
    monkeypatch.chdir(repo)
    assert check(str(post), "-v") == 0
    assert f"policy: {repo / 'brandguard.yaml'} (found)" in capsys.readouterr().err
    assert check(str(post)) == 0
    assert "policy:" not in capsys.readouterr().err


def test_a_broken_discovered_policy_names_its_file(repo: Path, monkeypatch, capsys) -> None:
    write(repo / "brandguard.yaml", {"company": {"name": "N"}, "spam": {"max_posts_per_day": "x"}})
    post = write(repo / "a.txt", SHORT)
    monkeypatch.chdir(repo)
    assert check(str(post)) == 2
    assert str(repo / "brandguard.yaml") in capsys.readouterr().err


# --- 2. folders, globs, --exclude, .gitignore ---------------------------------------------


def concise_files(out: str) -> list[str]:
    return [line.split(":", 1)[0] for line in out.splitlines()]


@pytest.fixture
def tree(repo: Path, monkeypatch) -> Path:
    for name in ("a.txt", "b.md", "c.markdown", "d.json", "e.TXT", ".hidden.txt",
                 ".cache/f.txt", "sub/g.txt", "sub/deep/h.md", "build/i.txt",
                 "notes/j.skip.txt", "notes/keep.skip.txt"):
        write(repo / "posts" / name, LONG)
    write(repo / ".gitignore", "build/\n*.skip.txt\n")
    write(repo / "posts" / "notes" / ".gitignore", "!keep.skip.txt\n")
    monkeypatch.chdir(repo)
    return repo


def test_a_folder_is_searched_for_posts(tree: Path, capsys) -> None:
    assert check("posts", "--output-format", "concise") == 1
    assert concise_files(capsys.readouterr().out) == [
        "posts/a.txt", "posts/b.md", "posts/c.markdown", "posts/e.TXT",
        "posts/notes/keep.skip.txt",  # a deeper .gitignore's negation wins, as in git
        "posts/sub/g.txt", "posts/sub/deep/h.md"]


def test_the_current_folder_gives_plain_relative_names(tree: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tree / "posts" / "sub")
    assert check(".", "-f", "concise") == 1
    assert concise_files(capsys.readouterr().out) == ["g.txt", "deep/h.md"]


def test_exclude_is_gitignore_style_and_repeatable(tree: Path, capsys) -> None:
    assert check("posts", "-f", "concise", "--exclude", "sub/", "--exclude", "*.md") == 1
    assert concise_files(capsys.readouterr().out) == [
        "posts/a.txt", "posts/c.markdown", "posts/e.TXT", "posts/notes/keep.skip.txt"]
    assert check("posts", "-f", "concise", "--exclude", "posts/sub/deep") == 1
    assert "posts/sub/deep/h.md" not in capsys.readouterr().out


def test_globs_are_expanded_and_ignores_apply(tree: Path, capsys) -> None:
    assert check("posts/**/*.txt", "-f", "concise") == 1
    assert concise_files(capsys.readouterr().out) == [
        "posts/a.txt", "posts/notes/keep.skip.txt", "posts/sub/g.txt"]
    assert check("posts/*.json", "-f", "concise") == 1  # a glob may name any suffix
    assert concise_files(capsys.readouterr().out) == ["posts/d.json"]
    assert check("posts/*.docx") == 2
    assert "no file matches" in capsys.readouterr().err


def test_a_file_named_outright_is_checked_even_if_ignored(tree: Path, capsys) -> None:
    assert check("posts/build/i.txt", "posts/a.txt", "posts/a.txt", "-f", "concise") == 1
    assert concise_files(capsys.readouterr().out) == ["posts/build/i.txt", "posts/a.txt"]


def test_gitignore_applies_outside_a_repository_to_the_folders_own_files(
        tmp_path: Path, monkeypatch, capsys) -> None:
    write(tmp_path / "p.yaml", policy_data(20))
    write(tmp_path / "d" / "a.txt", LONG)
    write(tmp_path / "d" / "old.txt", LONG)
    write(tmp_path / "d" / ".gitignore", "old.txt\n")
    monkeypatch.chdir(tmp_path)
    assert check("d", "-p", "p.yaml", "-f", "concise") == 1
    assert concise_files(capsys.readouterr().out) == ["d/a.txt"]


# --- 3. output formats -----------------------------------------------------------------


def test_concise_is_one_line_per_finding(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    write(repo / "b.txt", SHORT)
    write(repo / "c.txt", "🎉🎉 " + LONG)  # columns count characters: an emoji is one
    assert check("a.txt", "b.txt", "c.txt", "--output-format", "concise") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"a\.txt:1:21: format\.max-length \[fejl\] Opslaget har 29 tegn.*",
                        lines[0]), lines[0]
    assert lines[1].startswith("c.txt:1:21: format.max-length [fejl] ")
    assert check("a.txt", "-f", "concise", "--lang", "en") == 1
    assert "a.txt:1:21: format.max-length [error] The post has 29 characters" in (
        capsys.readouterr().out)


def test_format_is_still_an_alias(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    assert check("a.txt", "--format", "concise") == 1
    assert capsys.readouterr().out.startswith("a.txt:1:21: ")
    assert check("a.txt", "--output-format", "nope") == 2
    assert "--output-format: unknown format 'nope'" in capsys.readouterr().err


def test_github_escaping_as_actions_toolkit() -> None:
    assert escape_data("50% af\r\nalt: a,b") == "50%25 af%0D%0Aalt: a,b"
    assert escape_property("dir,x/a:b%.txt") == "dir%2Cx/a%3Ab%25.txt"


def test_github_workflow_commands(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "odd,name:1.txt", "Line one\n" + LONG)  # offset 20: line 2, column 12
    assert check("odd,name:1.txt", "--output-format", "github") == 1
    (line,) = capsys.readouterr().out.splitlines()
    head, message = line.split("::", 2)[1:]
    assert head == ("error file=odd%2Cname%3A1.txt,line=2,col=12,endLine=2,endColumn=30,"
                    "title=format.max-length")
    assert message.startswith("Opslaget har ")
    assert "\n" not in message


def test_gitlab_code_quality(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    write(repo / "b.txt", LONG)
    assert check("a.txt", "b.txt", "--output-format", "gitlab") == 1
    issues = json.loads(capsys.readouterr().out)
    assert [i["location"] for i in issues] == [
        {"path": "a.txt", "lines": {"begin": 1, "end": 1}},
        {"path": "b.txt", "lines": {"begin": 1, "end": 1}}]
    for issue in issues:
        assert issue["check_name"] == RULE and issue["severity"] == "critical"
        assert issue["description"].startswith("Opslaget har 29 tegn")
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert check("a.txt", "b.txt", "-f", "gitlab") == 1  # stable from run to run
    assert [i["fingerprint"] for i in json.loads(capsys.readouterr().out)] == [
        i["fingerprint"] for i in issues]


def test_junit_xml(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    write(repo / "b.txt", SHORT)
    write(repo / "c.txt", "\x1b[31m" + LONG)  # a control character XML cannot hold
    assert check("a.txt", "b.txt", "c.txt", "--output-format", "junit") == 1
    root = ET.fromstring(capsys.readouterr().out)
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "2"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.txt", "b.txt", "c.txt"]
    assert [len(s.findall("testcase")) for s in suites] == [1, 1, 1]
    assert [s.get("failures") for s in suites] == ["1", "0", "1"]
    failure = suites[0].find("testcase/failure")
    assert failure is not None and failure.get("type") == RULE
    assert failure.text is not None and failure.text.startswith("a.txt:1:21: format.max-length")
    # Below --fail-on a finding is no failure (it is listed in system-out).
    assert check("a.txt", "-f", "junit", "--fail-on", "never") == 0
    root = ET.fromstring(capsys.readouterr().out)
    assert root.get("failures") == "0" and root.find(".//failure") is None
    assert "format.max-length" in (root.findtext(".//system-out") or "")


def test_every_format_is_registered_through_the_hook(capsys) -> None:
    assert main(["check", "--output-format", "list"]) == 0
    names = capsys.readouterr().out.split()
    assert {"text", "concise", "json", "sarif", "github", "gitlab", "junit", "html"} <= set(names)


# --- 4. text output: -v, -q, -s, --statistics, JSON file names --------------------------


def test_text_leaves_clean_posts_out_unless_verbose(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", SHORT)
    assert check("a.txt") == 0
    assert capsys.readouterr().out == "Ingen bemærkninger i 1 opslag.\n"
    assert check("a.txt", "--lang", "en") == 0
    assert capsys.readouterr().out == "No findings in 1 post.\n"
    assert check("a.txt", "-v") == 0
    assert SHORT in capsys.readouterr().out


def test_quiet_prints_findings_only_and_silent_nothing(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    write(repo / "b.txt", SHORT)
    assert check("a.txt", "b.txt", "-q") == 1
    out = capsys.readouterr().out
    assert out.startswith("a.txt:1:21: format.max-length [fejl]") and out.count("\n") == 1
    assert check("b.txt", "-q") == 0
    assert capsys.readouterr().out == ""
    assert check("a.txt", "-s") == 1
    assert capsys.readouterr().out == ""
    assert check("a.txt", "-q", "-f", "json") == 1  # -q changes only the text format
    assert json.loads(capsys.readouterr().out)["verdict"] == "block"
    assert check("a.txt", "-q", "-v") == 2


def test_statistics_counts_per_rule(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    for name in ("a.txt", "b.txt", "c.txt"):
        write(repo / name, LONG)
    assert check("a.txt", "b.txt", "c.txt", "--statistics") == 1
    assert capsys.readouterr().out == "3  format.max-length  [fejl]\n"
    assert check("a.txt", "--statistics", "-f", "json") == 1
    assert json.loads(capsys.readouterr().out) == [
        {"rule_id": RULE, "count": 1, "severity": "error"}]


def test_json_single_file_is_the_report_several_name_their_files(
        repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    write(repo / "b.txt", SHORT)
    assert check("a.txt", "-f", "json") == 1
    assert set(json.loads(capsys.readouterr().out)) >= {"verdict", "score", "findings"}
    assert check("a.txt", "b.txt", "-f", "json") == 1
    entries = json.loads(capsys.readouterr().out)
    assert [(e["file"], e["report"]["verdict"]) for e in entries] == [
        ("a.txt", "block"), ("b.txt", "pass")]


# --- 5. selectors in --select/--ignore ----------------------------------------------------


def test_selectors_expand_like_policy_keys() -> None:
    registry = load_registry()
    da = [rid for rid in registry.rules if rid.startswith("da.")]
    assert da and opt.expand_rule_ids(registry, ["da."], "--select") == da
    assert opt.expand_rule_ids(registry, ["da.*"], "--select") == da
    by_pack = [rid for rid, r in registry.rules.items() if r.pack == "tone-da"]
    assert opt.expand_rule_ids(registry, ["tone-da"], "--select") == by_pack
    by_category = [rid for rid, r in registry.rules.items() if r.category == "format"]
    assert opt.expand_rule_ids(registry, ["format"], "--ignore") == by_category
    assert opt.expand_rule_ids(registry, [RULE, RULE], "--select") == [RULE]


def test_selectors_on_the_command_line(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "a.txt", LONG)
    assert check("a.txt", "--ignore", "format.") == 0
    assert check("a.txt", "--ignore", "format.*") == 0
    assert check("a.txt", "--ignore", "format") == 0
    assert main(["check", "a.txt", "--channel", "other", "--select", "format."]) == 1
    capsys.readouterr()
    assert check("a.txt", "--ignore", "fromat.") == 2
    err = capsys.readouterr().err
    assert "--ignore: 'fromat.' names no rule, pack, category or prefix" in err
    assert "did you mean" in err


def test_batch_ignore_takes_selectors_too(repo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    write(repo / "rows.jsonl", json.dumps({"text": LONG}) + "\n")
    assert main(["batch", "rows.jsonl", "-o", "-", "--ignore", "fromat."]) == 2
    err = capsys.readouterr().err
    assert "--ignore: 'fromat.' names no rule" in err and "did you mean" in err
