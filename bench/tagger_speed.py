"""Tagging speed on the benchmark posts: ms per 100 tokens, cold and warm.

    python bench/tagger_speed.py [--posts N] [--mode cold|warm|both|none] [--one-pass]

The posts (``../shared/corpus/posts-da.jsonl``) are tokenised as the checker tokenises
them, once, into ``build/bench-posts-tokens.json`` (so that a run under valgrind
measures the tagger, not spaCy). *cold* is the first sight of the posts in a fresh
process (model and lexicon loaded beforehand, outside the timing); *warm* the same
posts again. CPU time (``time.process_time``). For instruction counts, run under
``valgrind --tool=callgrind`` with ``--mode none``, ``cold`` and ``both`` and subtract.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "posts-da.jsonl"
CACHE = ROOT / "build" / "bench-posts-tokens.json"


def posts(n: int) -> list[list[tuple[list[str], list[int]]]]:
    """Per post: its token texts and the indexes of its sentence starts."""
    if not CACHE.exists():
        from brandguard.analysis import Analysis
        from brandguard.facets import SENTENCE_START_TOKENS

        out = []
        with CORPUS.open(encoding="utf-8") as fh:
            for line in fh:
                a = Analysis(json.loads(line)["text"])
                out.append([[t.text for t in a.tokens], sorted(a[SENTENCE_START_TOKENS])])
        CACHE.parent.mkdir(exist_ok=True)
        CACHE.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return json.loads(CACHE.read_text(encoding="utf-8"))[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--mode", choices=["cold", "warm", "both", "none"], default="both")
    ap.add_argument("--one-pass", action="store_true")
    ap.add_argument("--unique", action="store_true",
                    help="tag each distinct sentence once, as new text (the posts share sentences)")
    ap.add_argument("--unique-half", action="store_true",
                    help="with --unique: tag the first half first, measure on the second")
    args = ap.parse_args(argv)
    ps = posts(args.posts)
    from brandguard.lang.da import tagger

    def tagger_warm(words: list[str], starts: list[int]) -> None:
        tagger.tag(words, sentence_starts=starts, two_pass=not args.one_pass)

    if args.unique:
        seen: dict[tuple[str, ...], None] = {}
        for words, starts in ps:
            cuts = [0, *[j for j in starts if j > 0], len(words)]
            for lo, hi in itertools.pairwise(cuts):
                seen.setdefault(tuple(words[lo:hi]))
        ps = [[list(s), [0]] for s in seen]
        if args.unique_half:
            # the first half warms the caches; the second half is new text in a warm process
            half = len(ps) // 2
            for words, starts in ps[:half]:
                tagger_warm(words, starts)
            ps = ps[half:]
    from brandguard.lang.da import morphology

    morphology.readings("huset")
    morphology.analyse_compound("varmepumpeservice")
    tagger.load()
    ntok = sum(len(p[0]) for p in ps)
    two = not args.one_pass
    if args.mode == "none":
        print(f"posts {len(ps)} tokens {ntok}")
        return 0
    t0 = time.process_time()
    for words, starts in ps:
        tagger.tag(words, sentence_starts=starts, two_pass=two)
    c = time.process_time() - t0
    print(f"{'sentences' if args.unique else 'posts'} {len(ps)} tokens {ntok} cold {c / ntok * 1e5:.3f} ms/100 tokens")
    if args.mode == "both":
        t0 = time.process_time()
        for words, starts in ps:
            tagger.tag(words, sentence_starts=starts, two_pass=two)
        w = time.process_time() - t0
        print(f"warm {w / ntok * 1e5:.3f} ms/100 tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
