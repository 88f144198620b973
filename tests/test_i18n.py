"""One language per output: the localisation helper, its plural forms, and the
strings that were English in Danish output (reservation reasons, fix, baseline,
batch summary, the spam rules' colleague counts)."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest

from brandguard import i18n
from brandguard.commands._common import load_registry
from brandguard.ledger.base import Breach, Reservation
from brandguard.rule import ByLang, Hit


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_both_languages_alike() -> None:
    assert set(i18n.MESSAGES) == {"da", "en"}
    assert set(i18n.MESSAGES["da"]) == set(i18n.MESSAGES["en"])
    for key, da in i18n.MESSAGES["da"].items():
        en = i18n.MESSAGES["en"][key]
        assert type(da) is type(en), key
        das = da if isinstance(da, tuple) else (da,)
        ens = en if isinstance(en, tuple) else (en,)
        assert {frozenset(placeholders(x)) for x in das} == \
            {frozenset(placeholders(x)) for x in ens}, key


@pytest.mark.parametrize(("lang", "key", "n", "expected"), [
    ("da", "colleagues_posts_n", 1, "1 kollegas opslag"),
    ("da", "colleagues_posts_n", 20, "20 kollegers opslag"),
    ("da", "colleagues_have_shared_n", 1, "1 kollega har"),
    ("da", "colleagues_have_shared_n", 3, "3 kolleger har"),
    ("en", "colleagues_have_shared_n", 1, "1 colleague has"),
    ("en", "colleagues_have_shared_n", 3, "3 colleagues have"),
    ("da", "warnings_n", 1, "1 advarsel"),
    ("da", "warnings_n", 0, "0 advarsler"),
    ("en", "warnings_n", 1, "1 warning"),
    ("da", "posts_n", 1234, "1.234 opslag"),
    ("en", "posts_n", 1234, "1,234 posts"),
    ("da", "baseline_new_n", 1, "1 ny bemærkning"),
    ("da", "baseline_new_n", 2, "2 nye bemærkninger"),
])
def test_plural_forms(lang: str, key: str, n: int, expected: str) -> None:
    assert i18n.t(lang, key, n=n) == expected


def test_a_plural_message_needs_a_count_and_unknown_languages_fall_back() -> None:
    with pytest.raises(TypeError):
        i18n.t("da", "posts_n")
    assert i18n.t("de", "posts_n", n=2) == "2 opslag"
    assert i18n.number(0.5, "da", 1) == "0,5" and i18n.number(0.5, "en", 1) == "0.5"


def test_reservation_explains_itself_in_either_language() -> None:
    other = datetime(2026, 3, 2, 9, tzinfo=UTC)
    refused = Reservation(False, breaches=(Breach("day", 1, 0), Breach("week", 6, 5),
                                           Breach("gap", 2, 12, hours=0.5, other=other)))
    assert refused.explain("da") == ("1 opslag i dag (grænsen er 0); 6 opslag på 7 dage "
                                     "(grænsen er 5); 0,5 timer fra et andet opslag "
                                     "(mindst 12 timer)")
    assert refused.explain("en") == ("1 post today (limit 0); 6 posts in 7 days (limit 5); "
                                     "0.5 h after/before another post (minimum 12 h)")
    assert refused.reason == refused.explain("en")  # the stable English field
    assert Reservation(True, entry_id=3).explain("da") is None


def test_spam_rules_count_colleagues_in_the_right_form() -> None:
    rules = load_registry().rules
    dup = rules["spam.near-duplicate"]
    for n, da, en in ((1, "1 kollegas opslag", "posts by 1 colleague "),
                      (2, "2 kollegers opslag", "posts by 2 colleagues ")):
        hit = Hit(None, None, args={
            "similarity": 95, "count": n, "days": 7,
            "colleagues_posts": ByLang(da=i18n.t("da", "colleagues_posts_n", n=n),
                                       en=i18n.t("en", "colleagues_posts_n", n=n))})
        assert da in dup.format_message(hit, "da")
        assert en in dup.format_message(hit, "en")
    shares = rules["spam.story-shares-per-day"]
    hit = Hit(None, None, args={"count": 1, "limit": 0, "story": "c1", "colleagues_have":
                                ByLang(da="1 kollega har", en="1 colleague has")})
    assert shares.format_message(hit, "da").startswith("1 kollega har allerede delt")
    assert shares.format_message(hit, "en").startswith("1 colleague has already shared")


def test_one_character_over_is_singular_in_english(tmp_path, capsys) -> None:
    from brandguard.cli import main

    policy = tmp_path / "p.yaml"
    policy.write_text("company: {name: N}\nchannels: {other: {max_chars: 12}}\n", encoding="utf-8")
    post = tmp_path / "a.txt"
    post.write_text("Kort og godt.", encoding="utf-8")  # 13 characters: 1 over
    args = ["check", str(post), "-p", str(policy), "--channel", "other",
            "--select", "format.max-length", "-q"]
    assert main([*args, "--lang", "en"]) == 1
    assert capsys.readouterr().out.rstrip().endswith("Cut 1 character.")
    assert main(args) == 1
    assert capsys.readouterr().out.rstrip().endswith("Forkort det med 1 tegn.")


def test_a_count_picks_the_word_form_in_a_rule_template() -> None:
    from brandguard.rule import fill

    template = "{count} {count:hashtag|hashtags}; højst {limit} {limit:link|links}"
    assert fill(template, {"count": 1, "limit": 2}, "da") == "1 hashtag; højst 2 links"
    assert fill(template, {"count": 0, "limit": 1}, "da") == "0 hashtags; højst 1 link"
    assert fill("{n:>3}|{flag}", {"n": 7, "flag": True}, "da") == "  7|True"  # other specs


def test_pack_messages_say_one_hashtag_and_one_link() -> None:
    from brandguard.rule import Hit

    rules = load_registry().rules
    hashtags = rules["spam.hashtags"]
    one = Hit(0, 1, args={"count": 2, "limit": 1}, suggestion_key="default")
    assert hashtags.format_message(one, "da").endswith("tillader 1. Behold den vigtigste.")
    assert hashtags.format_suggestion(one, "en") == (
        "Keep at most 1 hashtag, the one that says most about the topic.")
    links = rules["spam.links"]
    two = Hit(0, 1, args={"count": 3, "limit": 2})
    assert links.format_message(two, "en") == (
        "The post has 3 links; the policy allows 2. Keep the most important ones.")


def test_html_report_counts_in_the_right_form() -> None:
    import brandguard as bg
    from brandguard.formatters.html import format_html

    post = bg.Post(text="Kort og godt.")
    report = bg.Report(verdict="pass", score=100, scores={}, findings=[])
    one = format_html([("a.txt", post, report)], lang="en")
    assert "· 1 post</p>" in one
    two = format_html([("a.txt", post, report), ("b.txt", post, report)], lang="en")
    assert "· 2 posts</p>" in two and "<b>0</b>findings" in two and "<b>2</b>posts" in two
    da = format_html([("a.txt", post, report), ("b.txt", post, report)], lang="da")
    assert "<b>0</b>advarsler" in da and "<b>0</b>bemærkninger" in da
