"""`brandguard batch` sees copies of one post by different authors in one file, as the
ledger does: the same-story and near-duplicate rules count the earlier rows of other
authors (issue #12, cadence part; src/brandguard/batchcadence.py)."""

from __future__ import annotations

from typing import Any

import pytest

import brandguard as bg
from brandguard.batch import as_rows, check_many
from brandguard.batchcadence import earlier_rows, story_authors

TEXT = ("Vi har åbnet et nyt værksted i Aarhus, hvor vi reparerer varmepumper og solceller "
        "fra hele Østjylland, så kunderne får hurtigere hjælp.")
OWN = ("I dag viste jeg tre kunder rundt på vores nye værksted i Aarhus, og de ville især "
       "se, hvordan vi tester en varmepumpe.")
AT = "2025-03-10T09:00:00+01:00"
POLICY: dict[str, Any] = {"company": {"name": "Nordlys Energi"},
                          "spam": {"max_shares_per_story_per_day": 2}}
STORY = "spam.story-shares-per-day"
DUPLICATE = "spam.near-duplicate"


def _rules(report: bg.Report | None) -> set[str]:
    assert report is not None
    return {f.rule_id for f in report.findings if f.severity in ("warning", "error")}


@pytest.mark.parametrize("jobs", [1, 2])
def test_copies_by_different_authors_are_counted_across_rows(jobs: int) -> None:
    rows = [{"id": f"c{i}", "text": TEXT, "author": f"e{i}", "created_at": AT} for i in range(4)]
    by_id = {r.id: r.report for r in check_many(rows, POLICY, jobs=jobs)}
    # The first copy is alone; every later one is a near-duplicate of the earlier ones,
    # and from the third on the story has been shared by the policy's two already.
    assert not {STORY, DUPLICATE} & _rules(by_id["c0"])
    assert DUPLICATE in _rules(by_id["c1"]) and STORY not in _rules(by_id["c1"])
    for key in ("c2", "c3"):
        assert {STORY, DUPLICATE} <= _rules(by_id[key])
    # Each row alone (streaming): nothing to compare with.
    alone = {r.id: r.report for r in check_many(rows, POLICY, jobs=1, earlier_rows=False)}
    assert all(not {STORY, DUPLICATE} & _rules(r) for r in alone.values())


def test_own_words_and_the_same_author_are_no_copies() -> None:
    rows = [{"id": "a", "text": TEXT, "author": "e1", "created_at": AT},
            {"id": "b", "text": OWN, "author": "e2", "created_at": AT},
            {"id": "c", "text": TEXT, "author": "e1", "created_at": "2025-03-11T09:00:00+01:00"}]
    by_id = {r.id: r.report for r in check_many(rows, POLICY, jobs=1)}
    assert not {STORY, DUPLICATE} & _rules(by_id["b"])  # a colleague's own words
    assert not {STORY, DUPLICATE} & _rules(by_id["c"])  # the author's own earlier post


def test_a_campaign_counts_its_other_authors_within_a_day() -> None:
    texts = [TEXT, OWN, "Stolt af vores nye værksted i Aarhus – kig forbi, hvis du er i nærheden."]
    rows = [{"id": f"k{i}", "text": t, "author": f"e{i}", "created_at": AT,
             "campaign": "vaerksted-aarhus"} for i, t in enumerate(texts)]
    rows.append({"id": "later", "text": "Vores værksted i Aarhus har nu været åbent en uge.",
                 "author": "e9", "created_at": "2025-03-12T09:00:00+01:00",
                 "campaign": "vaerksted-aarhus"})
    by_id = {r.id: r.report for r in check_many(rows, POLICY, jobs=1)}
    assert STORY not in _rules(by_id["k1"])
    assert STORY in _rules(by_id["k2"])  # two colleagues shared it before, the limit is 2
    assert STORY not in _rules(by_id["later"])  # two days later


def test_the_other_authors_a_row_gets_are_bounded() -> None:
    policy = bg.load_policy(POLICY)
    rows = list(as_rows([{"text": TEXT, "author": {"id": f"e{i}"}, "created_at": AT,
                          "campaign": "vaerksted-aarhus"} for i in range(400)]))
    found = earlier_rows(rows, policy)
    assert set(found) == set(range(1, 400))
    # At most the limit + 1 copies and the limit + 1 campaign rows (here the same rows).
    assert max(len(h) for h in found.values()) <= 2 * story_authors(policy)
    assert len(found[399]) == story_authors(policy)
    assert {p.author.id for p in found[399]} == {f"e{i}" for i in range(396, 399)}
