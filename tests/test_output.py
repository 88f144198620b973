"""``bg.format_reports``: the command line's output formats from Python."""

from __future__ import annotations

import json
from typing import Any

import pytest

import brandguard as bg

POLICY = {"company": {"name": "Nordlys"}}


@pytest.fixture(scope="module")
def items() -> list[tuple[str, bg.Post, bg.Report]]:
    checker = bg.Checker(POLICY, select=["da.double-space"])
    posts = [bg.Post(id="a", text="Vi ses i morgen.  Tak for i dag."),
             bg.Post(id="b", text="Tak for en god dag på kontoret.")]
    return [(p.id or "", p, checker.check(p)) for p in posts]


def test_json_is_one_entry_per_post_with_its_label(items: Any) -> None:
    out = json.loads(bg.format_reports(items, "json"))
    assert [e["file"] for e in out] == ["a", "b"]
    assert out[0]["report"]["findings"][0]["rule_id"] == "da.double-space"
    assert out[1]["report"]["findings"] == []


def test_html_takes_its_own_options_and_escapes_the_label(items: Any) -> None:
    page = bg.format_reports(items, "html", title="Til <gennemsyn>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Til &lt;gennemsyn&gt;</title>" in page
    assert 'data-rule="da.double-space"' in page


def test_sarif_describes_the_rules_it_names(items: Any) -> None:
    log = json.loads(bg.format_reports(items, "sarif", lang="en"))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["da.double-space"]


def test_text_can_leave_clean_posts_out(items: Any) -> None:
    everything = bg.format_reports(items, "text")
    only_findings = bg.format_reports(items, "text", verbose=False)
    assert "Tak for en god dag" in everything
    assert "Tak for en god dag" not in only_findings
    assert "Vi ses i morgen" in only_findings


def test_a_plugins_format_is_found_and_an_unknown_one_named() -> None:
    class Plugin:
        @bg.hookimpl
        def brandguard_formatters(self) -> dict[str, Any]:
            return {"ids": lambda items, **kw: ",".join(label for label, _, _ in items)}

    pm = bg.get_plugin_manager(extra=[Plugin()])
    post = bg.Post(id="x", text="Hej.")
    report = bg.Checker(POLICY, select=["da.double-space"]).check(post)
    assert bg.format_reports([("x", post, report)], "ids", plugin_manager=pm) == "x"
    with pytest.raises(ValueError, match=r"unknown output format 'yaml'.*html"):
        bg.format_reports([("x", post, report)], "yaml")
