"""The score: 0–100 overall and per category, and the verdict.

How it is computed (also in docs/scoring.md):

- Each finding costs points by severity: info 2, warning 10, error 35.
- Repeats of the same rule cost less each time (×1, ×½, ×¼, …): one habit
  repeated five times is one problem, not five.
- Long posts get an allowance: the cost is divided by √(words / 150) for posts
  over 150 words, so a long post is not punished for having more text. Short
  posts are never punished *more* for being short: a 40-word post with one
  warning scores 90, like a 150-word one.
- A category's score is 100 minus its cost (at least 0); the overall score is
  100 minus the total cost, and at most 49 when there is an error.
- Verdict: ``block`` on any error, ``warn`` on any warning, else ``pass``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from .models import CATEGORIES, Finding

WEIGHTS = {"info": 2.0, "warning": 10.0, "error": 35.0}
BLOCKED_MAX = 49


def _cost(findings: Iterable[Finding]) -> float:
    seen: dict[str, int] = defaultdict(int)
    total = 0.0
    for f in sorted(findings, key=lambda f: -WEIGHTS[f.severity]):
        total += WEIGHTS[f.severity] * 0.5 ** seen[f.rule_id]
        seen[f.rule_id] += 1
    return total


def length_factor(words: int) -> float:
    return 1.0 / max(1.0, math.sqrt(words / 150))


def scores(findings: list[Finding], words: int) -> tuple[int, dict[str, int]]:
    """Overall score and the score of each category."""
    factor = length_factor(words)
    by_cat: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_cat[f.category].append(f)
    per = {c: max(0, round(100 - _cost(by_cat.get(c, [])) * factor)) for c in CATEGORIES}
    overall = max(0, round(100 - _cost(findings) * factor))
    if any(f.severity == "error" for f in findings):
        overall = min(overall, BLOCKED_MAX)
    return overall, per


def verdict(findings: list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "block"
    if "warning" in severities:
        return "warn"
    return "pass"
