"""Hostile policies and packs (issue 13): refused at load with the file and key, exit 2,
never an internal error on every post."""

from __future__ import annotations

from pathlib import Path

import pytest

import brandguard as bg
from brandguard.cli import main


@pytest.mark.parametrize(("section", "problem"), [
    ({"spam": {"min_hours_between_posts": float("inf")}}, "spam.min_hours_between_posts"),
    ({"spam": {"min_hours_between_posts": float("nan")}}, "spam.min_hours_between_posts"),
    ({"rules": {"da.foreign-sentence": {"options": {"min_words": "six"}}}}, "options.min_words"),
    ({"rules": {"da.foreign-sentence": {"options": {"min_words": -3}}}}, "options.min_words"),
])
def test_bad_values_are_refused_at_load(section: dict, problem: str) -> None:
    with pytest.raises(bg.PolicyError, match=problem.replace(".", r"\.")):
        bg.Checker({"company": {"name": "X"}, **section})


def test_negative_pack_limit_is_a_pack_error(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("name: p\nprefix: p\ncategory: spam\n")
    (tmp_path / "tags.yaml").write_text(
        "extends: occurrence\nsummary: s\nrationale: r\nscope: hashtags\nmax: -1\nmessage: m\n"
        'examples:\n  bad: ["<marker>#a</marker>"]\n  good: ["b"]\n')
    with pytest.raises(bg.PackError, match=r"tags\.yaml: line 5: max: expected a finite number"):
        bg.Checker({"company": {"name": "X"}, "packs": [str(tmp_path)]})


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("deep.json", '{"company": {"name": "X"}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "nested too deeply"),
    ("big.json", '{"company": {"name": "X"}, "spam": {"max_links": ' + "9" * 5000 + "}}",
     "4300 digits"),
    ("laughs.yaml", "company: {name: X}\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol"]\n'
     + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
               for i in range(8)), "aliases expand"),
])
def test_hostile_policy_files_exit_2_with_one_line(tmp_path: Path, capsys, name: str,
                                                   content: str, expected: str) -> None:
    policy = tmp_path / name
    policy.write_text(content, encoding="utf-8")
    post = tmp_path / "post.txt"
    post.write_text("Vi har sat solceller op i Skive.", encoding="utf-8")
    assert main(["check", str(post), "--policy", str(policy)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and name in err[0]
    assert "internal error" not in err[0]
