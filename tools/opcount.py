"""Python opcodes executed per warm check, by rule, facet and analysis property: where the
Python work of a check goes, counted (``sys.settrace`` with opcode events), so a busy
machine does not disturb it. Each opcode counts for the innermost rule, facet or
property running (exclusive). C work (regular expressions, dictionary probes, spaCy)
is not counted: ``tools/icount.py`` counts instructions for the whole check.

    python tools/opcount.py                  # the top 40, 100 posts after 600 warm-up
    python tools/opcount.py --top 80 --json build/opcount.json
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from functools import cached_property
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench import DEFAULT_POLICY, find_corpus, load_posts  # noqa: E402

import brandguard as bg  # noqa: E402
from brandguard import analysis as analysis_module  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus")
    ap.add_argument("--policy", default=str(DEFAULT_POLICY))
    ap.add_argument("--warm", type=int, default=600, help="posts checked first, not counted")
    ap.add_argument("--posts", type=int, default=100, help="posts counted")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--json", help="write every figure (opcodes per check) to this file")
    args = ap.parse_args(argv)
    posts = load_posts(find_corpus(args.corpus), args.warm + args.posts)
    checker = bg.Checker(bg.load_policy(args.policy), time_budget=None)
    for post in posts[:args.warm]:
        checker.check(post)
    cost: collections.Counter[str] = collections.Counter()
    stack = ["engine and report"]

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "opcode":
            cost[stack[-1]] += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        return local

    def push(name: str, fn: Any, *a: Any) -> Any:
        stack.append(name)
        try:
            return fn(*a)
        finally:
            stack.pop()

    cls = analysis_module.Analysis
    plain_get = cls.__getitem__

    def getitem(self: Any, facet: Any) -> Any:
        if facet in self._facets:
            return self._facets[facet]
        return push("facet " + facet.name, plain_get, self, facet)

    cls.__getitem__ = getitem  # type: ignore[method-assign]  # a measuring tool's wrapper
    for name, attr in list(vars(cls).items()):
        if isinstance(attr, cached_property):
            attr.func = (lambda f, n: lambda self: push("property " + n, f, self))(attr.func, name)
    for rule in checker.rules:
        check = rule.check
        wrapped = (lambda f, n: lambda ctx: iter(push("rule " + n, lambda c: list(f(c)), ctx)))(
            check, rule.id)
        object.__setattr__(rule, "check", wrapped)
    counted = posts[args.warm:]
    sys.settrace(tracer)
    for post in counted:
        checker.check(post)
    sys.settrace(None)
    per = {k: v / len(counted) for k, v in cost.items()}
    print(f"{sum(per.values()):,.0f} Python opcodes per check ({len(counted)} posts)")
    for name, n in sorted(per.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{n:9,.0f}  {name}")
    if args.json:
        Path(args.json).write_text(json.dumps(per, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
