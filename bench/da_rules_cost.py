"""Median cost of the Danish pack's rules per post (warm), overall and per rule.

Runs every ``da.*`` rule on the benchmark corpus (../shared/corpus/posts-da.jsonl)
and the precision corpus, with the post's analysis (tokens, sentences, prose)
built first, as the engine does. Prints the median milliseconds per post and per
100 tokens for the whole pack, and each rule's median. Usage:
``python bench/da_rules_cost.py [corpus.jsonl]``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.rule import Context

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "posts-da.jsonl"
sys.path.insert(0, str(ROOT / "tests"))
from conftest import BASE_POLICY  # noqa: E402


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else CORPUS
    posts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")] if path.exists() else []
    good = yaml.safe_load((ROOT / "tests" / "data" / "da_good_posts.yaml").read_text(encoding="utf-8"))
    posts += [e["text"] for e in good["posts"]]
    checker = bg.Checker(BASE_POLICY)
    rules = [r for r in checker.rules if r.id.startswith("da.")]
    per_rule: dict[str, list[float]] = defaultdict(list)
    totals: list[float] = []
    per100: list[float] = []
    for _rep in range(2):  # the first pass warms the lexicon caches
        per_rule.clear()
        totals.clear()
        per100.clear()
        for text in posts:
            a = Analysis(text)
            _ = a.tokens, a.sentences, a.special_tokens, a.prose, a.word_ids
            ctx = Context(analysis=a, post=bg.Post(text=text), policy=checker.policy)
            total = 0.0
            for r in rules:
                t0 = time.perf_counter()
                list(r.check(ctx))
                dt = (time.perf_counter() - t0) * 1000
                per_rule[r.id].append(dt)
                total += dt
            totals.append(total)
            per100.append(total * 100 / max(1, len(a.tokens)))
    print(f"{len(posts)} posts, {len(rules)} da rules")
    print(f"median {statistics.median(totals):.3f} ms per post, "
          f"{statistics.median(per100):.3f} ms per 100 tokens")
    for rid, costs in sorted(per_rule.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {rid:32s} {statistics.median(costs):.4f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
