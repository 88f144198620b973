"""Held-out edited prose: the da pack on UD Danish-DDT's *test* split, never labelled or tuned on.

The real-text fixtures (bench/realtext.py) use DDT's dev split, whose every warning
was labelled while the rules were improved, so their figures can flatter rules fitted
to those labels. The test split is the tagger's training data but was never looked at
for the rules: on edited, published prose a language warning is, with few exceptions,
a false alarm, so the warnings per 1,000 posts here are an honest upper bound of the
false-alarm rate on text nobody here has read (the issue's bar: ≤ 10; how it will be
judged: ≤ 20 false alarms per 1,000 posts).

Posts are made as for the fixtures (three sentences to a post, a new document starts
a post); quotations cut by the joining are set aside the same way. Reads
``../shared/data/ud-danish-ddt/da_ddt-ud-test.conllu`` (not copied into the repository:
it is not a fixture, and nothing asserts on it).

    python bench/heldout.py            # table per rule, and every warning
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realtext as rt  # the harness beside this file

import brandguard as bg

TEST_SPLIT = rt.SHARED / "ud-danish-ddt" / "da_ddt-ud-test.conllu"


def posts() -> list[rt.RealPost]:
    out = []
    for d in rt._group(rt._ddt_sentences(TEST_SPLIT), "ddt-test"):
        out.append(rt.RealPost(str(d["id"]), str(d["text"]), tuple(d["sentence_ids"]),  # type: ignore[arg-type]  # JSON-shaped dict
                               tuple(d["starts"])))  # type: ignore[arg-type]  # JSON-shaped dict
    return out


def main() -> int:
    if not TEST_SPLIT.exists():
        print(f"held-out data not found: {TEST_SPLIT}", file=sys.stderr)
        return 2
    ps = posts()
    checker = bg.Checker(bg.load_policy(rt.LANGUAGE_POLICY))
    hits = rt.reviewed(rt.run(ps, checker))
    by_rule = Counter(h.rule for h in hits)
    print(f"== DDT test split (held out): {len(ps)} posts, {len(hits)} language warnings = "
          f"{1000 * len(hits) / len(ps):.0f} per 1,000 posts")
    for rule, n in by_rule.most_common():
        print(f"  {rule:28} {n:4}  {1000 * n / len(ps):6.1f}/1k")
    print()
    for h in hits:
        print(f"  {h.post} {h.rule:26} {h.span!r:28} → {h.suggestion!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
