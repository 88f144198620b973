"""docs/rules/ is generated from the rules: it must be up to date, and every rule documented."""

from __future__ import annotations

from pathlib import Path

import pytest

import brandguard as bg
from brandguard.ruledocs import DocsError, builtin_rules, generate, problems, rule_page, stale

DOCS = Path(__file__).parents[1] / "docs" / "rules"
RULES = builtin_rules()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented(rule_id: str) -> None:
    missing = problems(RULES[rule_id])
    assert not missing, f"{rule_id} needs {', '.join(missing)}"


def test_generated_docs_are_up_to_date() -> None:
    names = stale(DOCS, generate(RULES))
    assert not names, (f"docs/rules is stale ({len(names)} pages: {', '.join(names[:8])}); "
                       "run 'make docs' and commit docs/rules")


def test_every_rule_has_a_page_and_an_index_entry() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert (DOCS / f"{rule_id}.md").is_file(), rule_id
        assert f"]({rule_id}.md)" in index, rule_id


class _Undocumented(bg.Rule):
    id = "x.undocumented"
    category = "tone"
    summary = "Something."
    rationale = ""
    message = {"da": "d", "en": "e"}
    examples = [bg.good("Fint.")]


class _Documented(bg.Rule):
    id = "x.documented"
    category = "format"
    severity = "error"
    pack = "x"
    summary = "Short | sharp."
    rationale = "Because."
    message = {"da": "Fjern {word}.", "en": "Remove {word}."}
    examples = [bg.bad("Et ```kodeord``` og <marker>ord</marker>.", "  ",
                       policy={"tone": {"max_emojis": 1}}),
                bg.good("Intet.")]
    default_options = {"limit": 3}
    safe_fix = True


def test_an_undocumented_rule_fails_generation() -> None:
    assert problems(_Undocumented()) == ["a rationale", "a bad example"]
    with pytest.raises(DocsError, match=r"x\.undocumented: needs a rationale, a bad example"):
        generate({"x.undocumented": _Undocumented()})


def test_page_shows_everything_a_reader_needs() -> None:
    page = rule_page(_Documented())
    assert "# `x.documented`" in page and "Short \\| sharp." in page
    assert "| Default severity | error (blocks the post) |" in page
    assert "Safe to fix automatically | yes" in page
    assert "~~~~text\nEt ```kodeord``` og ⟦ord⟧.\n~~~~" in page  # a fence the text cannot close
    assert 'Suggestion: `"  "`' in page
    assert 'policy: `{"tone": {"max_emojis": 1}}`' in page
    assert "| `limit` | `3` |" in page
    assert "Filled in from the finding: `word`." in page


def test_stale_detects_changed_missing_and_leftover_pages(tmp_path: Path) -> None:
    pages = {"a.md": "A\n", "index.md": "I\n"}
    (tmp_path / "a.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "gone.md").write_text("x\n", encoding="utf-8")
    assert stale(tmp_path, pages) == ["a.md", "index.md", "gone.md"]
