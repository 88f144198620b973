"""How well the Danish sentence splitter finds sentence boundaries in real text.

- UD Danish-DDT (dev and test, ``../shared/data/ud-danish-ddt/``): consecutive sentences
  joined by one space, five to a text; every boundary the splitter puts (a start of
  ``Analysis.sentences`` after the first) is compared with the treebank's: precision and
  recall of the boundaries.
- Leipzig (``tests/data/realtext/leipzig/posts.jsonl``, three web sentences to a post):
  recall of the joins; splits inside one Leipzig sentence are counted apart (Leipzig's own
  splitter kept headlines, lists and datelines inside its sentences, so such a split is
  often right).

    python bench/sentences.py            # the figures
    python bench/sentences.py --misses   # and the boundaries missed or put wrongly
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from brandguard.analysis import Analysis

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PER_TEXT = 5


def _ddt(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# text ="):
                yield line.split("=", 1)[1].strip()


def _windows(sents: list[str], n: int) -> Iterator[tuple[str, list[int]]]:
    for k in range(0, len(sents), n):
        group = sents[k:k + n]
        starts, pos = [], 0
        for s in group:
            starts.append(pos)
            pos += len(s) + 1
        yield " ".join(group), starts


def _predicted(text: str) -> set[int]:
    return {s.start for s in Analysis(text).sentences[1:]}


def score(texts: list[tuple[str, list[int]]], misses: list[str] | None = None) -> dict[str, float]:
    tp = fp = fn = 0
    for text, starts in texts:
        gold = set(starts[1:])
        got = _predicted(text)
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        if misses is not None:
            for b in sorted(gold - got):
                misses.append(f"MISSED  …{text[max(0, b - 60):b]}‖{text[b:b + 30]}…")
            for b in sorted(got - gold):
                misses.append(f"EXTRA   …{text[max(0, b - 60):b]}‖{text[b:b + 30]}…")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"boundaries": tp + fn, "found": tp, "extra": fp, "precision": p, "recall": r}


def leipzig(misses: list[str] | None = None) -> dict[str, float]:
    joins = found = inner = 0
    path = ROOT / "tests" / "data" / "realtext" / "leipzig" / "posts.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text, starts = d["text"], d["starts"]
            gold = set(starts[1:])
            got = _predicted(text)
            joins += len(gold)
            found += len(gold & got)
            inner += len(got - gold)
            if misses is not None:
                for b in sorted(gold - got):
                    misses.append(f"MISSED  …{text[max(0, b - 60):b]}‖{text[b:b + 30]}…")
    return {"joins": joins, "found": found, "recall": found / joins, "inner splits": inner}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="print the boundaries missed or added")
    args = ap.parse_args(argv)
    for split in ("dev", "test"):
        sents = list(_ddt(SHARED / "ud-danish-ddt" / f"da_ddt-ud-{split}.conllu"))
        misses: list[str] | None = [] if args.misses else None
        s = score(list(_windows(sents, PER_TEXT)), misses)
        print(f"DDT {split}: {s['boundaries']} boundaries, {s['found']} found, {s['extra']} extra: "
              f"precision {s['precision']:.1%}, recall {s['recall']:.1%}")
        for m in misses or ():
            print("  ", m)
    lmiss: list[str] | None = [] if args.misses else None
    lz = leipzig(lmiss)
    print(f"Leipzig: {lz['joins']} joins, {lz['found']} found: recall {lz['recall']:.1%}; "
          f"{lz['inner splits']} splits inside a Leipzig sentence")
    for m in lmiss or ():
        print("  ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
