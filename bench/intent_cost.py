"""What the intent layer costs a warm check: the ``intent``, ``campaign`` and ``post_kind``
facets, timed on their own over the benchmark corpus (issue 12's budget: ≤ 0.3 ms added
to the warm check p50).

Each post's analysis is made and its tokens, sentences and lemmas computed first (what
the rest of the check needs anyway), then the intent facets are timed alone, best of
``--repeat`` runs per post — so other processes on a shared machine do not drown the
figure (A/B in one run: the same posts, the same warm caches).

    .venv/bin/python bench/intent_cost.py              # the table
    .venv/bin/python bench/intent_cost.py --profile    # plus a cProfile of read_intent
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench import DEFAULT_POLICY, find_corpus, load_posts, percentile  # noqa: E402

import brandguard as bg  # noqa: E402
from brandguard.analysis import Analysis  # noqa: E402
from brandguard.intent import INTENT, read_intent  # noqa: E402
from brandguard.postkind import CAMPAIGN, POST_KIND  # noqa: E402
from brandguard.rule import Context  # noqa: E402


def _prepared(checker: bg.Checker, post: bg.Post) -> Analysis:
    a = Analysis(post.text)
    Context(analysis=a, post=post, policy=checker.policy, compiled=checker.compiled)
    _ = a.tokens, a.sentences, a.lowers, a.lemmas, a.hashtags, a.urls
    return a


def intent_seconds(checker: bg.Checker, posts: list[bg.Post], repeat: int) -> list[float]:
    """Each post's intent facets, timed alone: the best of ``repeat`` runs per post."""
    for post in posts[:20]:
        checker.check(post)  # warm: lexicon, tagger, compiled data
    clock = time.perf_counter
    seconds: list[float] = []
    for post in posts:
        best = float("inf")
        for _ in range(repeat):
            a = _prepared(checker, post)
            t0 = clock()
            _ = a[INTENT], a[CAMPAIGN], a[POST_KIND]
            best = min(best, clock() - t0)
        seconds.append(best)
    return seconds


def intent_section(b: Any) -> tuple[str, list[tuple[str, str, str]], dict[str, Any]]:
    """``make bench``'s row: the intent layer's p50 on the benchmark's posts (issue 12)."""
    from bench import REPEAT, budget_note

    checker: bg.Checker = b.cache.get("checker") or bg.Checker(b.policy)
    posts = b.band_posts() or b.posts
    ms = [s * 1000 for s in intent_seconds(checker, posts, REPEAT)]
    p50 = round(percentile(ms, 50), 3)
    figures = {"posts": len(ms), "p50_ms": p50, "p90_ms": round(percentile(ms, 90), 3)}
    rows = [("intent, campaign and post kind, p50", f"{p50:.3f} ms", budget_note("intent_ms", p50)),
            ("p90", f"{figures['p90_ms']:.3f} ms", f"each post's fastest of {REPEAT}")]
    return "Intent layer (the intent facets alone)", rows, figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    posts = load_posts(find_corpus(args.corpus), args.limit)
    checker = bg.Checker(bg.load_policy(DEFAULT_POLICY))
    seconds = intent_seconds(checker, posts, args.repeat)
    clock = time.perf_counter
    checks: list[float] = []
    for post in posts:
        t0 = clock()
        checker.check(post)
        checks.append(clock() - t0)
    ms = [s * 1000 for s in seconds]
    print(f"intent layer over {len(posts)} posts (best of {args.repeat} per post)")
    print(f"  p50 {percentile(ms, 50):.3f} ms   p90 {percentile(ms, 90):.3f} ms   "
          f"max {max(ms):.3f} ms   mean {sum(ms) / len(ms):.3f} ms   (budget p50 ≤ 0.3 ms)")
    print(f"  warm check p50 {percentile([c * 1000 for c in checks], 50):.2f} ms (for scale)")
    if args.profile:
        import cProfile
        import pstats

        prepared = [_prepared(checker, p) for p in posts]
        prof = cProfile.Profile()
        prof.enable()
        for a in prepared:
            read_intent(a)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
