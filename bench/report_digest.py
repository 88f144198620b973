"""Every report of the benchmark posts and the worst-case inputs, as JSON Lines.

For optimisation work: write the reports before and after a change and compare
them (``cmp`` or ``diff``); a speed-up must not change a single finding, score,
theme, figure or language.

    python bench/report_digest.py /tmp/before.jsonl [--corpus posts.jsonl] [--sizes 3000]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench import DEFAULT_POLICY, find_corpus, load_posts  # noqa: E402
from bench_worstcase import GENERATORS  # noqa: E402

import brandguard as bg  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="where to write the JSON Lines")
    ap.add_argument("--corpus", help="JSON Lines of posts (default: the benchmark corpus)")
    ap.add_argument("--sizes", default="3000", help="worst-case lengths, comma-separated ('' for none)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N posts")
    args = ap.parse_args()
    checker = bg.Checker(DEFAULT_POLICY)
    posts: list[tuple[str, bg.Post]] = [
        (p.id or str(i), p) for i, p in enumerate(load_posts(find_corpus(args.corpus), args.limit))]
    for n in (int(s) for s in args.sizes.split(",") if s):
        posts += [(f"{name}@{n}", bg.Post(text=make(n))) for name, make in GENERATORS.items()]
    with open(args.out, "w", encoding="utf-8") as fh:
        for key, post in posts:
            report = checker.check(post).model_dump(mode="json", exclude={"post_id"})
            fh.write(json.dumps({"key": key, **report}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(posts)} reports written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
