"""da.spelling remembers answers per word across posts: a post's findings must never
depend on the posts checked before it."""

from __future__ import annotations

import brandguard as bg

POLICY = {"company": {"name": "Nordlys"}, "packs": ["da"]}


def _spans(checker: bg.Checker, text: str) -> list[tuple[str, str | None]]:
    return [(f.span.text, f.suggestion) for f in checker.check(text).findings
            if f.rule_id == "da.spelling" and f.span]


def test_a_word_flagged_only_in_context_is_never_settled() -> None:
    checker = bg.Checker(POLICY, select=["da.spelling"])
    # `ligeså` on its own is right; before a degree word it is `lige så`.
    assert _spans(checker, "Det gør jeg ligeså.") == []
    assert _spans(checker, "Mus kan være ligeså generende som rotter.") == [("ligeså", "lige så")]


def test_findings_do_not_depend_on_earlier_posts() -> None:
    posts = ["Vi har haft et godt samarbejde med kunderne i år.",
             "Der var mange der kom forbi standen, og ligeså mange ringede bagefter.",
             "Samarbejdespartnere og kolleger gjorde det muligt.",
             "Vi ses på messen, hvor vi viser den nye varmepumpe."]
    first = [_spans(bg.Checker(POLICY, select=["da.spelling"]), p) for p in posts]
    checker = bg.Checker(POLICY, select=["da.spelling"])
    for p in reversed(posts):
        checker.check(p)
    assert [_spans(checker, p) for p in posts] == first
