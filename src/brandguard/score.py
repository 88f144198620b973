"""The score: 0–100 overall and per category, and the verdict.

How it is computed (also in docs/scoring.md):

- Each finding costs points by severity: info 2, warning 10, error 35.
- Repeats of the same rule cost less each time (×1, ×½, ×¼, …): one habit
  repeated five times is one problem, not five.
- Long posts get an allowance: the cost is divided by √(words / 150) for posts
  over 150 words, so a long post is not punished for having more text. Short
  posts are never punished *more* for being short: a 40-word post with one
  warning scores 90, like a 150-word one.
- Two figures move the score without being findings (issue: narrative and tone):
  a company post whose ``story_fit`` is under ``narrative.min_story_fit`` costs
  up to 10 more narrative points, in proportion to the shortfall; each
  professional-knowledge marker (``expertise_markers``: "mit bedste råd", "tip",
  "sådan gør du") gives back 2 tone points, at most 5, never above 100.
- A category's score is 100 minus its cost (at least 0); the overall score is
  100 minus the total cost, and at most 49 when there is an error.
- Verdict: ``block`` on any error, ``warn`` on any warning, else ``pass``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .models import CATEGORIES, Finding, Verdict

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


STORY_FIT_MAX_COST = 10.0
EXPERTISE_BONUS, EXPERTISE_MAX = 2.0, 5.0


def adjustments(figures: Mapping[str, float], min_story_fit: float | None) -> dict[str, float]:
    """Extra cost per category from figures (negative: a bonus)."""
    out: dict[str, float] = {}
    fit = figures.get("story_fit")
    if fit is not None and min_story_fit and fit < min_story_fit:
        out["narrative"] = STORY_FIT_MAX_COST * (min_story_fit - fit) / min_story_fit
    markers = figures.get("expertise_markers")
    if markers:
        out["tone"] = -min(EXPERTISE_MAX, EXPERTISE_BONUS * markers)
    return out


def scores(findings: list[Finding], words: int, figures: Mapping[str, float] | None = None,
           min_story_fit: float | None = None) -> tuple[int, dict[str, int]]:
    """Overall score and the score of each category."""
    factor = length_factor(words)
    extra = adjustments(figures or {}, min_story_fit)
    by_cat: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_cat[f.category].append(f)
    # (a category without findings costs 0.0 before its adjustment, as _cost([]) is)
    spent = {c: _cost(fs) for c, fs in by_cat.items()}
    costs = {c: max(0.0, spent.get(c, 0.0) * factor + extra.get(c, 0.0)) for c in CATEGORIES}
    per = {c: min(100, max(0, round(100 - costs[c]))) for c in CATEGORIES}
    internal = spent.get("internal", 0.0) * factor
    overall = min(100, max(0, round(100 - sum(costs.values()) - internal)))
    if any(f.severity == "error" for f in findings):
        overall = min(overall, BLOCKED_MAX)
    return overall, per


def verdict(findings: list[Finding]) -> Verdict:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return "block"
    if "warning" in severities:
        return "warn"
    return "pass"
