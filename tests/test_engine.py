"""The Checker: fail closed, verdicts, scores, ordering, overrides, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

import pytest
from pydantic import ValidationError

import brandguard as bg

POLICY = {"company": {"name": "Nordlys Energi"}}


class Shout(bg.Rule):
    id = "test.shout"
    category = "tone"
    severity = "warning"
    pack = "test"
    summary = "No BOO."
    rationale = "Because."
    message = {"da": "Fjern »{word}«.", "en": "Remove '{word}'."}
    examples = [bg.bad("<marker>BOO</marker>"), bg.good("boo")]

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        text = ctx.analysis.text
        start = text.find("BOO")
        while start >= 0:
            yield bg.Hit(start, start + 3, args={"word": "BOO"}, suggestion={"da": "bøh", "en": "boo"})
            start = text.find("BOO", start + 1)


class Crash(bg.Rule):
    id = "test.crash"
    category = "language"
    severity = "info"
    pack = "test"
    summary = "Crashes."
    rationale = "To test failing closed."
    message = {"da": "x", "en": "x"}
    examples = [bg.bad_post("x"), bg.good("y")]

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        raise RuntimeError("database on fire")


class Whole(bg.Rule):
    id = "test.whole"
    category = "narrative"
    severity = "info"
    pack = "other"
    summary = "Always says something about the whole post."
    rationale = "To test ordering."
    message = {"da": "Hele opslaget.", "en": "Whole post."}
    examples = [bg.bad_post("x"), bg.good("y")]

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        yield bg.Hit()


class Plugin:
    def __init__(self, *rules: bg.Rule) -> None:
        self.rules = list(rules)

    @bg.hookimpl
    def brandguard_rules(self) -> list[bg.Rule]:
        return self.rules


def _checker(*rules: bg.Rule, policy: dict | None = None, **kw: object) -> bg.Checker:
    pm = bg.get_plugin_manager(entry_points=False, extra=[Plugin(*rules)])
    # Only the test rules' packs: the built-in packs would add findings of their own.
    policy = policy or {**POLICY, "packs": sorted({r.pack for r in rules})}
    return bg.Checker(policy, plugin_manager=pm, **kw)  # type: ignore[arg-type]


def test_findings_have_spans_messages_and_suggestions_in_both_languages() -> None:
    checker = _checker(Shout())
    report = checker.check("Hej BOO og BOO")
    assert [(f.span.start, f.span.end, f.span.text) for f in report.findings] == [(4, 7, "BOO"), (11, 14, "BOO")]
    assert report.findings[0].message == "Fjern »BOO«."
    assert report.findings[0].suggestion == "bøh"
    assert report.verdict == "warn"
    en = checker.check("BOO", lang="en").findings[0]
    assert (en.message, en.suggestion) == ("Remove 'BOO'.", "boo")
    assert _checker(Shout(), lang="en").check("BOO").findings[0].message == "Remove 'BOO'."


def test_a_crashing_rule_blocks_the_post() -> None:
    report = _checker(Crash(), Shout()).check("Helt fint opslag BOO")
    internal = [f for f in report.findings if f.rule_id == "internal"]
    assert len(internal) == 1
    assert "test.crash" in internal[0].message and "database on fire" in internal[0].message
    assert internal[0].severity == "error"
    assert report.verdict == "block"
    assert any(f.rule_id == "test.shout" for f in report.findings)  # the others still ran


def test_spans_point_into_the_original_text_with_utf16_offsets() -> None:
    text = "😀 A\u030a BOO\u200b!"
    f = _checker(Shout()).check(text).findings[0]
    assert text[f.span.start:f.span.end] == "BOO"
    assert (f.span.utf16_start, f.span.utf16_end) == (f.span.start + 1, f.span.end + 1)


def test_findings_sorted_whole_post_first_then_by_position() -> None:
    report = _checker(Shout(), Whole()).check("BOO og BOO")
    assert [f.rule_id for f in report.findings] == ["test.whole", "test.shout", "test.shout"]


def test_overrides_by_rule_pack_category_and_prefix() -> None:
    def ids(rules: dict) -> dict[str, str]:
        policy = {**POLICY, "packs": ["test", "other"], "rules": rules}
        report = _checker(Shout(), Whole(), policy=policy).check("BOO")
        return {f.rule_id: f.severity for f in report.findings}

    assert ids({}) == {"test.shout": "warning", "test.whole": "info"}
    assert ids({"test.shout": "error"})["test.shout"] == "error"
    assert "test.shout" not in ids({"test.shout": "off"})
    assert ids({"tone": "info"})["test.shout"] == "info"
    assert ids({"test": "error"}) == {"test.shout": "error", "test.whole": "info"}
    assert ids({"test.*": "error"}) == {"test.shout": "error", "test.whole": "error"}
    # the rule id wins over its pack and category
    assert ids({"tone": "off", "test.shout": "warning"})["test.shout"] == "warning"


def test_packs_select_rules_and_select_ignore_work() -> None:
    only_other = _checker(Shout(), Whole(), policy={**POLICY, "packs": ["other"]})
    assert {r.id for r in only_other.rules} == {"test.whole"}
    selected = _checker(Shout(), Whole(), select=["test.shout"])
    assert [r.id for r in selected.rules] == ["test.shout"]
    ignored = _checker(Shout(), Whole(), ignore=["test.shout"])
    assert "test.shout" not in {r.id for r in ignored.rules}
    per_call = _checker(Shout()).check("BOO", ignore=["test.shout"])
    assert per_call.findings == []
    with pytest.raises(bg.PolicyError, match="unknown rule id 'nope'"):
        _checker(Shout(), select=["nope"])


def test_score_is_fair_to_short_posts_and_verdicts_follow_severity() -> None:
    checker = _checker(Shout())
    short = checker.check(" ".join(["ord"] * 39) + " BOO")
    assert short.verdict == "warn" and short.score == 90 and short.scores["tone"] == 90
    clean = checker.check("Alt er fint")
    assert (clean.verdict, clean.score) == ("pass", 100)
    repeated = checker.check("BOO BOO BOO BOO")
    assert repeated.score == round(100 - 10 * (1 + 0.5 + 0.25 + 0.125))
    blocked = _checker(Crash()).check("x")
    assert blocked.score <= 49


def test_report_round_trips_as_json() -> None:
    report = _checker(Shout()).check(bg.Post(text="BOO", id="p1"))
    data = json.loads(report.model_dump_json())
    assert data["post_id"] == "p1"
    assert data["findings"][0]["span"]["utf16_end"] == 3
    assert bg.Report.model_validate(data) == report
    assert data["figures"]["words"] == 1


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_a_clear_value_error(text: str) -> None:
    with pytest.raises(bg.EmptyPostError, match="empty"):
        bg.Post(text=text)
    checker = _checker()
    for value in (text, {"text": text}):
        with pytest.raises(bg.EmptyPostError):
            checker.check(value)
    with pytest.raises(ValueError, match="empty"):  # model_validate reports the field
        bg.Post.model_validate({"text": text})
    post = bg.Post.model_construct(text=text, channel="linkedin", author=bg.Author(id="a"))
    with pytest.raises(bg.EmptyPostError):
        checker.check(post)


def test_huge_text_is_refused_and_large_text_is_checked() -> None:
    with pytest.raises(bg.PostTooLongError, match="200,000"):
        bg.Post(text="a" * (bg.MAX_TEXT_CHARS + 1))
    with pytest.raises(bg.PostTooLongError):
        _checker().check("a" * (bg.MAX_TEXT_CHARS + 1))
    report = _checker(Shout()).check("Lang tekst om energi. " * 9000 + "BOO")
    assert report.findings[-1].span.text == "BOO"


def test_post_validation_names_the_field() -> None:
    with pytest.raises(ValidationError, match="channel"):
        bg.Post(text="x", channel="myspace")
    with pytest.raises(ValidationError, match="created_at"):
        bg.Post(text="x", created_at="i morgen")
    with pytest.raises(ValidationError, match="created_at"):
        bg.Post(text="x", created_at=datetime(2026, 11, 27, 9, 0))  # no time zone
    with pytest.raises(ValidationError, match="wat"):
        bg.Post.model_validate({"text": "x", "wat": 1})


def test_one_off_check_reuses_a_checker_per_policy() -> None:
    policy = bg.load_policy(POLICY)
    first = bg.check("Hej med dig og dine kolleger i dag", policy)
    assert first.verdict in ("pass", "warn", "block")
    from brandguard import engine

    before = len(engine._cached)
    bg.check("Hej igen", policy)
    assert len(engine._cached) == before


def test_checker_reloads_nothing_per_check(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = _checker(Shout())
    checker.check("første")
    from brandguard import packs

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("packs reloaded during check")

    monkeypatch.setattr(packs, "load_pack", boom)
    monkeypatch.setattr(bg.Rule, "prepare", boom)
    checker.check("anden BOO")


def test_story_fit_and_expertise_move_the_category_scores() -> None:
    from brandguard.score import scores

    base = scores([], 100)
    assert base == (100, dict.fromkeys(bg.CATEGORIES, 100))
    off_story = scores([], 100, {"story_fit": 0.0}, 0.05)
    assert off_story[1]["narrative"] == 90 and off_story[0] == 90
    half = scores([], 100, {"story_fit": 0.025}, 0.05)
    assert half[1]["narrative"] == 95
    warned = [bg.Finding(rule_id="t.x", category="tone", severity="warning", message="m")]
    assert scores(warned, 100)[1]["tone"] == 90
    assert scores(warned, 100, {"expertise_markers": 2})[1]["tone"] == 94
    assert scores(warned, 100, {"expertise_markers": 9})[1]["tone"] == 95
    assert scores([], 100, {"expertise_markers": 9})[1]["tone"] == 100


class Shout2(Shout):
    id = "test.shout-again"
    severity = "error"


class ShoutLanguage(Shout):
    id = "test.shout-language"
    category = "language"
    severity = "info"


def test_one_finding_per_problem_across_rules() -> None:
    report = _checker(Shout(), Shout2()).check("BOO")
    assert [(f.rule_id, f.severity) for f in report.findings] == [("test.shout-again", "error")]
    # same span and same suggestion in another category: one finding
    report = _checker(Shout(), ShoutLanguage()).check("BOO")
    assert [f.rule_id for f in report.findings] == ["test.shout"]


def test_warm_up_loads_what_the_first_checks_would_load() -> None:
    """In a fresh process: after warm_up, the tagger, the morphology table and
    langdetect's profiles are loaded (a service's first requests then pay none)."""
    import subprocess
    import sys

    code = (
        "import brandguard as bg\n"
        "from brandguard.lang.da import langid, morphology, tagger\n"
        "c = bg.Checker({'company': {'name': 'Nordlys'}})\n"
        "assert langid._factory is None and tagger._model is None\n"
        "c.warm_up()\n"
        "assert langid._factory is not None, 'langdetect'\n"
        "assert tagger._model is not None, 'tagger'\n"
        "assert morphology._table is not None, 'morphology'\n"
        "print('loaded')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-800:]
    assert out.stdout.strip() == "loaded"
