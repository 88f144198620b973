"""Spam rules through the Checker: with a ledger, with history, and failing closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.conftest import BASE_POLICY, merge, pack_module

import brandguard as bg
from brandguard.ledger import LedgerError, open_ledger
from brandguard.ledger.memory import MemoryLedger

own_share = pack_module("spam", "spam").own_share

CPH = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 3, 10, 15, 0, tzinfo=CPH)
TEMPLATE = ("Nordlys Energi åbner et nyt værksted i Aarhus. Her reparerer vi varmepumper og "
            "solceller fra hele Østjylland, så kunderne får hurtigere hjælp.")
OWN = ("Jeg har selv været med til at indrette værkstedet, og jeg er stolt af holdet, der "
       "har knoklet hele vinteren.")
SPAM_RULES = ["spam.max-posts-per-day", "spam.max-posts-per-week",
              "spam.min-hours-between-posts", "spam.story-shares-per-day",
              "spam.near-duplicate", "spam.personalisation", "spam.balance"]


def checker(policy: dict[str, Any] | None = None, rules: list[str] = SPAM_RULES) -> bg.Checker:
    return bg.Checker(merge(BASE_POLICY, policy or {}), select=rules)


def post(author: str = "e1", at: datetime = T0, text: str = OWN, **kw: Any) -> bg.Post:
    return bg.Post(text=text, author=bg.Author(id=author), created_at=at, **kw)


def ids(report: bg.Report) -> list[str]:
    return sorted(f.rule_id for f in report.findings)


@pytest.fixture(params=["memory", "sqlite"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[bg.Ledger]:
    url = "memory:" if request.param == "memory" else f"sqlite:///{tmp_path / 'l.db'}"
    lg = open_ledger(url)
    yield lg
    lg.close()


SPAM = checker()


def test_clean_history_gives_no_finding(ledger: bg.Ledger) -> None:
    ledger.record(post(at=T0 - timedelta(days=3), text=TEMPLATE))
    ledger.record(post(author="e2", at=T0 - timedelta(hours=2), text="Helt andet indhold her."))
    assert SPAM.check(post(), ledger=ledger).findings == []


def test_cadence_from_the_ledger(ledger: bg.Ledger) -> None:
    ledger.record(post(at=T0 - timedelta(hours=5), text=TEMPLATE))
    report = SPAM.check(post(), ledger=ledger)
    assert ids(report) == ["spam.max-posts-per-day", "spam.min-hours-between-posts"]
    gap = next(f for f in report.findings if f.rule_id == "spam.min-hours-between-posts")
    assert "5,0 timer" in gap.message and "10.3.2025 kl. 10.00" in gap.message
    assert gap.suggestion == "Udskyd opslaget til tidligst 10.3.2025 kl. 22.00."
    en = SPAM.check(post(), ledger=ledger, lang="en")
    day = next(f for f in en.findings if f.rule_id == "spam.max-posts-per-day")
    assert day.message == "This would be your company post number 2 today; the policy allows 1 a day."


def test_days_follow_the_company_time_zone() -> None:
    # 15:00 in Copenhagen is 10:00 in New York (EDT from 9 March); 04:00 in Copenhagen
    # is 23:00 the day before there.
    history = [post(at=datetime(2025, 3, 10, 4, 0, tzinfo=CPH), text=TEMPLATE)]
    cph = checker(rules=["spam.max-posts-per-day"])
    ny = checker({"company": {"timezone": "America/New_York"}}, rules=["spam.max-posts-per-day"])
    assert ids(cph.check(post(), history=history)) == ["spam.max-posts-per-day"]
    assert ny.check(post(), history=history).findings == []


def test_a_reserved_post_does_not_count_against_itself(ledger: bg.Ledger) -> None:
    p = post()
    assert ledger.reserve(p, SPAM.policy)
    assert SPAM.check(p, ledger=ledger).findings == []
    # With an id, a re-check after recording under the same id is the same post too.
    q = post(at=T0 + timedelta(days=2), id="draft-9", text=OWN + " Opdateret.")
    ledger.record(q.model_copy(update={"text": OWN + " Første udgave."}))
    assert "spam.max-posts-per-day" not in ids(SPAM.check(q, ledger=ledger))


def test_personal_and_anonymous_posts_are_not_counted(ledger: bg.Ledger) -> None:
    ledger.record(post(at=T0 - timedelta(hours=1), text=TEMPLATE))
    assert SPAM.check(post(kind="personal"), ledger=ledger).findings == []
    ledger.record(bg.Post(text=TEMPLATE, created_at=T0 - timedelta(hours=1)))
    assert SPAM.check(bg.Post(text=OWN, created_at=T0), ledger=ledger).findings == []


def test_ledger_and_history_are_combined(ledger: bg.Ledger) -> None:
    ledger.record(post(at=T0 - timedelta(days=1), text=TEMPLATE))
    history = [post(at=T0 - timedelta(days=3), text="Noget helt tredje om solceller.")]
    c = checker({"spam": {"max_posts_per_week": 2}}, rules=["spam.max-posts-per-week"])
    report = c.check(post(), ledger=ledger, history=history)
    assert ids(report) == ["spam.max-posts-per-week"]
    assert "opslag nr" not in report.findings[0].message and "3." in report.findings[0].message
    assert c.check(post(), ledger=ledger).findings == []
    assert c.check(post(), history=history).findings == []


def test_twenty_identical_posts_across_employees(ledger: bg.Ledger) -> None:
    ledger.record_many([post(author=f"e{i}", at=T0 - timedelta(hours=i + 1), text=TEMPLATE)
                        for i in range(2, 22)])
    report = SPAM.check(post(text=TEMPLATE), ledger=ledger)
    dup = next(f for f in report.findings if f.rule_id == "spam.near-duplicate")
    assert dup.severity == "error"
    assert "100 % ens med 20 kollegers" in dup.message
    # Counted like a campaign: 20 ≥ 10 shares in 24 hours.
    shares = next(f for f in report.findings if f.rule_id == "spam.story-shares-per-day")
    assert "20 kolleger" in shares.message and "næsten samme tekst" in shares.message
    # An edited copy is a warning, not an error; the employee's own words pass.
    edited = TEMPLATE.replace("hurtigere hjælp", "hjælp hurtigere end før")
    assert next(f for f in SPAM.check(post(text=edited), ledger=ledger).findings
                if f.rule_id == "spam.near-duplicate").severity == "warning"
    assert "spam.near-duplicate" not in ids(SPAM.check(post(text=OWN + " " + OWN[::-1]),
                                                       ledger=ledger))


def test_duplicate_thresholds_and_window_come_from_the_policy(ledger: bg.Ledger) -> None:
    ledger.record(post(author="e2", at=T0 - timedelta(days=3), text=TEMPLATE))
    edited = TEMPLATE.replace("hurtigere hjælp", "hjælp hurtigere end før")
    strict = checker({"spam": {"duplicate_warn": 0.5, "duplicate_block": 0.6}},
                     rules=["spam.near-duplicate"])
    assert strict.check(post(text=edited), ledger=ledger).findings[0].severity == "error"
    short = checker({"spam": {"duplicate_window_days": 2}}, rules=["spam.near-duplicate"])
    assert short.check(post(text=TEMPLATE), ledger=ledger).findings == []


def test_campaign_shares_per_day(ledger: bg.Ledger) -> None:
    c = checker({"spam": {"max_shares_per_story_per_day": 3}},
                rules=["spam.story-shares-per-day"])
    for i in range(3):
        ledger.record(post(author=f"e{i + 2}", at=T0 - timedelta(hours=20 - i),
                           text=f"Min egen vinkel nummer {i} på værkstedet.", campaign="c1"))
    ledger.record(post(author="e9", at=T0 - timedelta(hours=30), campaign="c1",
                       text="Gammel deling."))
    report = c.check(post(campaign="c1"), ledger=ledger)
    assert [f.message for f in report.findings] == [
        "3 kolleger har allerede delt denne historie (c1) det seneste døgn; "
        "politikken tillader 3."]
    assert c.check(post(campaign="c2"), ledger=ledger).findings == []
    assert c.check(post(campaign="c1", at=T0 + timedelta(hours=5)), ledger=ledger).findings == []


def test_own_share() -> None:
    assert own_share(TEMPLATE, TEMPLATE) == 0
    assert own_share(OWN, TEMPLATE) == 1
    mixed = own_share(OWN + " " + TEMPLATE, TEMPLATE)
    assert 0.4 < mixed < 0.6
    # Single shared words (og, vi, i) are not copying.
    assert own_share("Vi var i Aarhus og så et værksted.", TEMPLATE) == 1


def test_personalisation_messages() -> None:
    c = checker(rules=["spam.personalisation"])
    verbatim = c.check(bg.Post(text=TEMPLATE, template=TEMPLATE))
    assert verbatim.findings[0].message.startswith("Opslaget er en ordret kopi af skabelonen")
    little = c.check(bg.Post(text="Godt nyt! " + TEMPLATE, template=TEMPLATE))
    assert little.findings[0].message == ("Kun 8 % af opslaget er dine egne ord; politikken "
                                          "beder om mindst 30 %.")
    assert c.check(bg.Post(text=OWN + " " + TEMPLATE, template=TEMPLATE)).findings == []


def test_balance_needs_a_full_window(ledger: bg.Ledger) -> None:
    c = checker({"spam": {"max_company_share": 0.8, "balance_window": 5}},
                rules=["spam.balance"])
    for d in (2, 3, 4):
        ledger.record(post(at=T0 - timedelta(days=d), text=f"Firmanyt {d}."))
    assert c.check(post(), ledger=ledger).findings == []
    ledger.record(post(at=T0 - timedelta(days=5), text="Firmanyt 5."))
    report = c.check(post(), ledger=ledger)
    assert report.findings[0].message.startswith("5 af dine seneste 5 opslag handler om")
    ledger.record(post(at=T0 - timedelta(days=1), text="Min weekend i Thy.", kind="personal"))
    assert c.check(post(), ledger=ledger).findings == []


# --- fail closed ------------------------------------------------------------------------------


class BrokenLedger(MemoryLedger):
    """A ledger whose store went away after it was opened."""

    def _author_entries(self, *a: Any, **kw: Any) -> Any:
        raise LedgerError("postgresql ledger db:5432/bg: cannot read: server closed the "
                          "connection unexpectedly")

    _campaign_authors = _band_candidates = _last_posts = _author_entries  # type: ignore[assignment]


def test_unreachable_ledger_blocks_with_one_clear_finding() -> None:
    report = SPAM.check(post(campaign="c1"), ledger=BrokenLedger())
    assert report.verdict == "block"
    errors = [f for f in report.findings if f.severity == "error"]
    assert len(errors) == 1 and errors[0].category == "spam"
    assert "Opslagshistorikken kunne ikke læses (postgresql ledger db:5432/bg: cannot read: " \
           "server closed the connection unexpectedly)" in errors[0].message
    assert "internal" not in ids(report)
    en = SPAM.check(post(), ledger=BrokenLedger(), lang="en")
    assert en.findings[0].message.startswith("The posting history could not be read")


def test_closed_sqlite_ledger_fails_closed(tmp_path: Path) -> None:
    lg = open_ledger(f"sqlite:///{tmp_path / 'l.db'}")
    lg.close()
    report = checker(rules=["spam.near-duplicate"]).check(post(), ledger=lg)
    assert report.verdict == "block"
    assert "closed" in report.findings[0].message


def test_without_history_the_ledger_rules_stay_quiet() -> None:
    assert SPAM.check(post(text=TEMPLATE)).findings == []


def test_stuffing_rules_follow_the_policy() -> None:
    c = checker({"spam": {"max_hashtags": 2, "max_links": 1, "max_mentions": 1}},
                rules=["spam.hashtags", "spam.links", "spam.mentions"])
    text = "Tak @Anne og @Bo! #a #b #c Læs https://nordlys.dk/a og https://nordlys.dk/b"
    report = c.check(text)
    assert ids(report) == ["spam.hashtags", "spam.links", "spam.mentions"]
    tags = next(f for f in report.findings if f.rule_id == "spam.hashtags")
    assert tags.span is not None and tags.span.text == "#c"
    assert c.check("Tak @Anne! #a #b Læs https://nordlys.dk/a").findings == []


def test_check_with_ledger_on_the_public_api(tmp_path: Path) -> None:
    with bg.open_ledger(f"sqlite:///{tmp_path / 'posts.db'}") as lg:
        p = post(text=TEMPLATE)
        report = bg.check(p, merge(BASE_POLICY, {}), ledger=lg)
        assert report.verdict != "block"
        lg.record(p, report)
        again = bg.check(post(at=T0 + timedelta(hours=1), text=OWN), merge(BASE_POLICY, {}),
                         ledger=lg)
        assert {"spam.max-posts-per-day", "spam.min-hours-between-posts"} <= set(ids(again))


def test_one_colleague_is_singular_in_both_languages(ledger: bg.Ledger) -> None:
    ledger.record(post(author="e2", at=T0 - timedelta(hours=2), text=TEMPLATE, campaign="c1"))
    for lang, dup_text, share_text in (
            ("da", "100 % ens med 1 kollegas opslag", "1 kollega har allerede delt"),
            ("en", "100 % the same as posts by 1 colleague in", "1 colleague has already shared")):
        c = bg.Checker(merge(BASE_POLICY, {"spam": {"max_shares_per_story_per_day": 1}}),
                       select=["spam.near-duplicate", "spam.story-shares-per-day"], lang=lang)
        report = c.check(post(text=TEMPLATE, campaign="c1"), ledger=ledger)
        messages = {f.rule_id: f.message for f in report.findings}
        assert dup_text in messages["spam.near-duplicate"]
        assert messages["spam.story-shares-per-day"].startswith(share_text)
