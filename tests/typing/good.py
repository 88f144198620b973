"""Typed use of the public API that mypy (strict) must accept: tests/test_typing.py.

Only type-checked, never run. Each call below is one a caller writes; if a signature
in brandguard loses its precision or gains a mistake, this file stops type-checking.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

import brandguard as bg


def check_drafts(ledger: bg.Ledger | None) -> list[bg.Report]:
    policy: bg.Policy = bg.load_policy("docs/examples/nordlys-policy.yaml")
    checker = bg.Checker(policy, lang="en", select=None, ignore=("da.spelling",))
    author = bg.Author(id="e17", enrolled=True, name="Mette")
    post = bg.Post(text="I dag satte vi vores første varmepumpe op i Skive.",
                   channel="linkedin", author=author,
                   created_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
                   campaign="skive-2026", id="draft-42", kind="company")
    kind: bg.PostKind = "job-ad"
    ad = bg.Post(text="Vi søger en elektriker til holdet i Skive.", kind=kind)
    earlier: Mapping[str, Any] = {"text": "Vi har sat 100 varmepumper op.", "channel": "x"}
    history: list[bg.Post | Mapping[str, Any]] = [earlier, bg.Post(text="Godt nytår!")]
    reports = [
        checker.check(post, history=history, ledger=ledger, lang="da"),
        checker.check("Tak til alle kolleger for et godt år!"),
        checker.check(ad),
        checker.check({"text": "Hej fra Skive", "channel": "facebook"}, ignore=["x"]),
        bg.check(post, {"company": {"name": "Nordlys Energi"}}, ledger=ledger, lang="en"),
    ]
    channel: Literal["linkedin", "facebook", "x", "instagram", "other"] = post.channel
    if channel == "x":
        print(post.text)
    return reports


def with_a_store() -> Literal["pass", "warn", "block"]:
    ledger: bg.Ledger = bg.open_ledger("memory:")
    with ledger:
        report = check_drafts(ledger)[0]
        ledger.record(bg.Post(text="Offentliggjort."), report)
    return report.verdict
