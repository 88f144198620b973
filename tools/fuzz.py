"""``make fuzz``: check many generated hostile posts; report the slowest, p99, memory, failures.

Posts of up to 3,000 characters mix random Unicode (surrogates, controls, emoji,
combining marks), long runs, repeated number words, long words and URLs. Each is
checked by a warm Checker with the example policy; a post fails when the check
raises anything but the documented post errors, reports an ``internal`` finding, gives
a span outside the text or across a grapheme cluster, or a second check of the same
post gives another report. Figures go to stdout and, with ``--json``, to a file: wall
time, and the CPU time of each check in its worker (``cpu_*``, the figures to compare
on a shared machine), with the cause of each check over 100 ms of CPU: a spaCy
pipeline rebuilt in it (its vocabulary past ``MAX_VOCAB_STRINGS``), a full garbage
collection, or the post itself.

    python tools/fuzz.py [--posts 100000] [--seed 13] [--jobs 2] [--json fuzz.json]

``--scaling N``: the search for superlinear time instead, which 3,000 characters are too
few to show. N units (one to four pieces: the ones above, the example policy's terms,
the words of every shipped data file, fragments of them run together) are each repeated
to 8,000 and to 32,000 characters and checked; a unit whose 32,000 took over 0.25 s and
more than 6 times its 8,000 is checked again at 128,000 and printed with its three
times (a linear check grows 4 times a step). Session 15 found nine quadratic paths so.

    python tools/fuzz.py --scaling 2000 [--seed 13]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import multiprocessing
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"
PIECES = ["hundrede", "enogtyve", "tusinde", "femhundrede", "www.", "nordlys.dk", "a.", "@", "#",
          "😀", "👍🏽", "🏳️‍🌈", "🇩🇰", "e\u0301", "\u200d", "\ufe0f", "!?", "!!!", "(", ")", "»", "«",
          "\n", "\n\n", " ", "  ", "\x00", "\x1b[31m", "\x07", "\t", "\r\n", "kr 1", "kl 14:30",
          "varmepumpe", "solceller", "Vi", "er", "jeg", "og", "ikke", "Nordlys Energi", "A/S",
          "jens@nordlys.dk", "https://x.dk/a?b=1", "1.000", "25%", "3.5 mio", "Projekt Polaris",
          "reklame", "#ad", "@mette", "CPR 010203-1234", "Køb nu!", "STOR RABAT", "\ud800", "\udfff",
          "I dag satte vi vores første varmepumpe op i Skive. ", "…", "’", "\"", "'", "-", "–"]
_checker: Any = None
#: CPU seconds spent in full garbage collections during the current post (gc.callbacks).
_gc = {"start": 0.0, "full": 0.0}


def _gc_watch(phase: str, info: dict[str, int]) -> None:
    if info["generation"] != 2:
        return
    if phase == "start":
        _gc["start"] = time.process_time()
    else:
        _gc["full"] += time.process_time() - _gc["start"]


def make_post(rng: random.Random) -> str:
    kind = rng.random()
    n = rng.choice((10, 50, 200, 1000, 3000))
    if kind < 0.3:
        return "".join(chr(rng.choice((rng.randrange(32, 0x250), rng.randrange(0, 0x110000),
                                       rng.randrange(0x1F300, 0x1FAFF), rng.randrange(0x300, 0x370))))
                       for _ in range(rng.randrange(1, n)))
    if kind < 0.6:
        out: list[str] = []
        size = 0
        while size < n:
            piece = rng.choice(PIECES)
            out.append(piece)
            size += len(piece)
        return "".join(out)[:3000]
    piece = rng.choice([*PIECES, "a", "æ", ".", ",", "😀", "!"])
    return (piece * (rng.randrange(1, n) // len(piece) + 1))[:3000] + rng.choice(["", "x", "!", " a"])


def _init() -> None:
    global _checker
    import brandguard as bg

    _checker = bg.Checker(POLICY)
    _checker.warm_up()  # as the HTTP service and batch do (the tagger, the name lists)
    # Data loaded on first use (word frequencies, the delete index, the tagger) is loaded
    # before the clock runs, as in a running service: the figures are the cost of the posts.
    warmup = random.Random(-1)
    for _ in range(200):
        with contextlib.suppress(bg.EmptyPostError, bg.PostTooLongError, bg.InvalidPostError):
            _checker.check(make_post(warmup))
    # As the HTTP service and batch do after their warm-up: what is loaded now lives as
    # long as the process, so a full collection need not walk it.
    gc.collect()
    gc.freeze()
    gc.callbacks.append(_gc_watch)


#: Why a post took long, when it was not the post: a full garbage collection, or a
#: fresh spaCy pipeline (its vocabulary past MAX_VOCAB_STRINGS).
Cause = str


def _one(args: tuple[int, int]) -> tuple[int, float, str | None, Cause, float]:
    import brandguard as bg
    from brandguard import analysis
    from brandguard.graphemes import widen

    seed, index = args
    text = make_post(random.Random(seed * 1_000_003 + index))
    nlp = analysis._nlp
    _gc["full"] = 0.0
    t = time.perf_counter()
    c = time.process_time()  # the worker's CPU: what a busy shared machine does not inflate
    try:
        report = _checker.check(text)
    except (bg.EmptyPostError, bg.PostTooLongError, bg.InvalidPostError):
        return index, time.perf_counter() - t, None, "", time.process_time() - c
    except Exception as exc:
        return (index, time.perf_counter() - t, f"raised {type(exc).__name__}: {exc}"[:300], "",
                time.process_time() - c)
    took = time.perf_counter() - t
    cpu = time.process_time() - c
    cause = "rebuild" if analysis._nlp is not nlp else "full gc" if _gc["full"] > 0.02 else ""
    problem = None
    for f in report.findings:
        if f.rule_id == "internal":
            problem = f"internal: {f.message}"[:300]
        elif f.span is not None:
            s, e = f.span.start, f.span.end
            if not (0 <= s <= e <= len(text)) or text[s:e] != f.span.text:
                problem = f"bad span {f.rule_id} {(s, e)}"
            elif widen(text, s, e) != (s, e):
                problem = f"span cuts a grapheme: {f.rule_id} {(s, e)}"
    if problem is None and _checker.check(text).model_dump_json() != report.model_dump_json():
        problem = "a second check gave another report"
    return index, took, problem, cause, cpu


def _scaling_units(rng: random.Random, n: int) -> list[str]:
    """Units for :func:`scaling`: pieces, policy terms and data-file words, alone, a few
    together, or run together as one long word."""
    import yaml

    from brandguard import load_policy

    words: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, str):
            if 2 < len(x) < 40 and not any(c in x for c in "\\()[]"):
                words.add(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(load_policy(POLICY).model_dump())
    for path in sorted([*ROOT.glob("rules/*/data/*.yaml"), *ROOT.glob("src/brandguard/lang/da/data/*.yaml")]):
        with contextlib.suppress(yaml.YAMLError, UnicodeDecodeError):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    vocab = sorted(words) + PIECES
    units = []
    for _ in range(n):
        shape = rng.randrange(3)
        if shape == 0:  # words with a separator
            unit = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 3)))
            unit += rng.choice([" ", ". ", "\n", ", ", "! ", "? "])
        elif shape == 1:  # pieces run together
            unit = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))
        else:  # fragments of words as one long word
            unit = "".join(rng.choice(vocab)[: rng.randint(2, 8)] for _ in range(rng.randint(1, 3)))
        if unit.strip():
            units.append(unit)
    return units


def scaling(n: int, seed: int) -> int:
    """``--scaling``: print the units whose check time grows faster than their length."""
    import brandguard as bg

    checker = bg.Checker(POLICY, time_budget=None)
    checker.check("Hej med dig.")

    def took(unit: str, size: int) -> float:
        text = (unit * (size // len(unit) + 1))[:size]
        t0 = time.process_time()
        checker.check(text)
        return time.process_time() - t0

    found = 0
    for k, unit in enumerate(_scaling_units(random.Random(seed), n)):
        try:
            small, large = took(unit, 8_000), took(unit, 32_000)
        except ValueError:
            continue  # (a documented post error: nothing to time)
        if large > 0.25 and large > 6 * small:
            huge = took(unit, 128_000)
            found += huge > 5 * large
            print(f"{unit!r}: {small:.3f} s, {large:.3f} s, {huge:.3f} s "
                  f"(8,000, 32,000, 128,000 characters)", flush=True)
        if (k + 1) % 500 == 0:
            print(f"{k + 1:,} units, {found} superlinear", flush=True)
    print(f"{n:,} units, {found} superlinear")
    return 1 if found else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--scaling", type=int, metavar="N",
                    help="search N repeated units for superlinear time instead")
    args = ap.parse_args()
    if args.scaling:
        return scaling(args.scaling, args.seed)
    start = time.perf_counter()
    times: list[tuple[float, int]] = []
    cpus: list[float] = []
    failures: list[tuple[int, str]] = []
    slow_causes: dict[str, int] = {}
    with multiprocessing.get_context("spawn").Pool(args.jobs, initializer=_init) as pool:
        for i, (index, took, problem, cause, cpu) in enumerate(pool.imap_unordered(
                _one, ((args.seed, k) for k in range(args.posts)), chunksize=50)):
            times.append((took, index))
            cpus.append(cpu)
            if cpu > 0.1:
                slow_causes[cause or "the post"] = slow_causes.get(cause or "the post", 0) + 1
            if problem:
                failures.append((index, problem))
            if (i + 1) % 10_000 == 0:
                print(f"{i + 1:,} posts, {len(failures)} failures, "
                      f"{time.perf_counter() - start:,.0f} s", flush=True)
    times.sort()
    cpus.sort()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = {
        "posts": len(times), "seed": args.seed, "failures": len(failures),
        "p50_ms": times[len(times) // 2][0] * 1000,
        "p99_ms": times[int(len(times) * 0.99)][0] * 1000,
        "max_ms": times[-1][0] * 1000, "slowest_post": times[-1][1],
        "slowest": [(round(t * 1000), i) for t, i in times[::-1][:10]],
        "over_100ms": sum(1 for t, _ in times if t > 0.1),
        # CPU time of the check in its worker (the figures to compare on a shared machine)
        "cpu_p50_ms": cpus[len(cpus) // 2] * 1000, "cpu_p99_ms": cpus[int(len(cpus) * 0.99)] * 1000,
        "cpu_max_ms": cpus[-1] * 1000, "cpu_over_100ms": sum(1 for c in cpus if c > 0.1),
        # of those: during a spaCy pipeline rebuild, a full collection, or neither
        "cpu_over_100ms_by_cause": slow_causes,
        "peak_worker_mb": peak, "wall_s": time.perf_counter() - start,
        "first_failures": failures[:20],
    }
    print(json.dumps(figures, indent=2, ensure_ascii=True))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
