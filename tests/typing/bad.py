"""Mistakes a type checker must catch in calls to the public API: tests/test_typing.py.

Only type-checked, never run. Each line marked ``# E: code …`` must draw exactly
those mypy error codes, and no other line any; the test reads the markers.
"""

from __future__ import annotations

import brandguard as bg

policy = bg.load_policy("docs/examples/nordlys-policy.yaml")
checker = bg.Checker(policy)
post = bg.Post(text="I dag satte vi vores første varmepumpe op i Skive.")

bg.Post(txt="Hej", chanel="tiktok")  # E: call-arg
bg.Post(text="Hej", channel="tiktok")  # E: arg-type
bg.Post(text=None)  # E: arg-type
bg.Author(id=17)  # E: arg-type
bg.Post(text="Hej", author="e17")  # E: arg-type
bg.Post(text="Hej", kind="advert")  # E: arg-type
bg.Checker(policy, lang="de")  # E: arg-type
checker.check(post, lang="sv")  # E: arg-type
checker.check(post, ledger="sqlite:///posts.db")  # E: arg-type
checker.check(post, history=[42])  # E: list-item
checker.check(post, histroy=[post])  # E: call-arg
bg.check(post, policy, ledger=object())  # E: arg-type
bg.check(post, policy, legder=None)  # E: call-arg
bg.check(42, policy)  # E: arg-type
