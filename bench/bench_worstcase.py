"""Worst-case inputs (issue 13): adversarial posts of 3,000, 30,000 and 200,000 characters.

Each generator builds a hostile text of a given length (repeated number words,
dotted host names, one long word, emoji and punctuation runs, …). Every text is
checked once by a warm Checker with the example policy; the section reports the
slowest generator at each length, ms per 3,000 characters (budget: 50) and the
peak memory of the process that ran them (budget: 300 MB), with a bound on it in any
order of the posts (the highest size before a check plus the largest growth within
one). Run alone, it prints
every generator, and ``--rules`` breaks the time of one generator down by rule:

    python bench/bench_worstcase.py [--sizes 3000,30000,200000] [--rules NAME]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import brandguard as bg  # noqa: E402

POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"
SIZES = (3_000, 30_000, 200_000)
BUDGET_MS_PER_3K = 50.0
BUDGET_MB = 300.0
_DANISH = ("I dag satte vi vores første varmepumpe op i Skive, og familien sparer nu 30 % på "
           "varmen. Tak til Sara og hele holdet for et godt stykke arbejde! ")


def _repeat(unit: str, n: int, tail: str = "") -> str:
    return (unit * (n // len(unit) + 1))[: max(1, n - len(tail))] + tail


def _random(alphabet: str, seed: int) -> Callable[[int], str]:
    def make(n: int) -> str:
        rng = random.Random(seed)
        return "".join(rng.choice(alphabet) for _ in range(n))
    return make


def _code_points(seed: int) -> Callable[[int], str]:
    """Random code points as tools/fuzz.py draws them (Latin, any plane, emoji, combining
    marks), without the surrogates and C0 controls that ``Post()`` refuses: long runs of
    letters of every script, mostly without a space."""
    def make(n: int) -> str:
        rng = random.Random(seed)
        out: list[str] = []
        while len(out) < n:
            c = rng.choice((rng.randrange(32, 0x250), rng.randrange(0, 0x110000),
                            rng.randrange(0x1F300, 0x1FAFF), rng.randrange(0x300, 0x370)))
            if c >= 32 and not 0xD800 <= c < 0xE000:
                out.append(chr(c))
        return "".join(out)
    return make


def _random_words(seed: int) -> Callable[[int], str]:
    """Sentences of random words of Danish letters: every word unknown, near no word, so
    each is looked up, split into compounds and (up to a cap) searched for a suggestion."""
    def make(n: int) -> str:
        rng = random.Random(seed)
        out: list[str] = []
        size = 0
        while size < n:
            words = ["".join(rng.choice("abcdefghijklmnoprstuvyæøå") for _ in range(rng.randrange(3, 15)))
                     for _ in range(10)]
            sentence = " ".join(words).capitalize() + ". "
            out.append(sentence)
            size += len(sentence)
        return "".join(out)[:n]
    return make


GENERATORS: dict[str, Callable[[int], str]] = {
    "number words": lambda n: "hundrede" + _repeat("enogtyve", n - 9, "x"),
    "dotted hosts": lambda n: _repeat("a.", n),
    "dotted hosts, upper": lambda n: _repeat("A.", n),
    "one long word": lambda n: _repeat("a", n),
    "random letters": _random("abcdefghijklmnopqrstuvwxyzæøå", 1),
    "compound chain": lambda n: _repeat("varmepumpe", n),
    "emoji run": lambda n: _repeat("😀", n),
    "emoji with tones": lambda n: _repeat("👍🏽", n),
    "punctuation run": lambda n: _repeat("!?", n),
    "brackets": lambda n: _repeat("(", n),
    "hashes": lambda n: _repeat("#", n),
    "hashtags": lambda n: _repeat("#a", n),
    "mentions": lambda n: _repeat("@a ", n),
    "e-mail-ish": lambda n: _repeat("a.dk@", n),
    "urls": lambda n: _repeat("www.a.dk/", n),
    "newlines": lambda n: "Hej\n" + _repeat("\n", n - 4),
    "spaces": lambda n: "Hej" + _repeat(" ", n - 3),
    "digits and points": lambda n: _repeat("1.", n),
    "numbers with spaces": lambda n: _repeat("1 ", n),
    "amounts": lambda n: _repeat("kr 1 ", n),
    "clock": lambda n: _repeat("kl 1:", n),
    "combining marks": lambda n: "e" + _repeat("\u0301", n - 1),
    "short words": lambda n: _repeat("a ", n),
    "sentences of one word": lambda n: _repeat("Ja. ", n),
    "capitals": lambda n: _repeat("AB ", n),
    "random unicode": _random("aæ .,!?#@😀\u0301\u200d1-/\n\"'()»«", 2),
    "random code points": _code_points(3),
    "random words": _random_words(5),
    # Random texts cost more or less by the draw (random words: 31 ms for seed 5, 44-70
    # for others before da.spelling's DENSE_UNKNOWN): three draws of each, not one.
    "random code points, draw 2": _code_points(6),
    "random code points, draw 3": _code_points(7),
    "random words, draw 2": _random_words(6),
    "random words, draw 3": _random_words(7),
    "danish prose": lambda n: _repeat(_DANISH, n),
    "quotes": lambda n: _repeat("»a« ", n),
    "list marks": lambda n: _repeat("\n1) ", n),
    # Found by a fuzzer (session 15): quadratic before, 15-37 s at 128,000 characters.
    "e-mail addresses": lambda n: _repeat("a@b.dk ", n),
    "addresses and mentions": lambda n: _repeat("a@b.dk @a", n),
    "calls to act without punctuation": lambda n: _repeat("«køb ", n),
    "doubled words": lambda n: _repeat("mod ", n),
    "one long run of a pattern's letters": lambda n: _repeat("lerede", n),
    "one long run of new letters": lambda n: _repeat("baklimanven", n),
    "theme words, not ASCII": lambda n: _repeat("solcelle anlæg ", n),
    "a competitor named on and on": lambda n: _repeat("SolStrøm ", n),
    "a confidential name on and on": lambda n: _repeat("Projekt Havørn. ", n),
    "links run together": lambda n: _repeat("https://x.dk/a?b=1", n),
    "colons run together": lambda n: _repeat("a:", n),
}


def warm(checker: bg.Checker) -> None:
    """Check every generator's text once at 300 characters: data loaded on first use
    (morphology, word frequencies, the tagger) is then loaded, as in a running service,
    and the figures are the cost of the input, not of a first use."""
    checker.warm_up()  # as the HTTP service and batch do (the tagger, the name lists)
    for make in GENERATORS.values():
        checker.check(make(300))
    # What is loaded now lives as long as the process: the HTTP service and `batch` move
    # it out of the collector's sight after their warm-up (gc.freeze), so a full
    # collection walks only what the checks made since. The bench does as they do.
    gc.collect()
    gc.freeze()


class _Events:
    """What else ran inside a check: a fresh spaCy pipeline took over (the vocabulary
    past ``MAX_VOCAB_STRINGS``; built in slices by the checks past it, the last slice in
    this one) and the CPU time of full garbage collections."""

    def __init__(self) -> None:
        self.full_gc = 0.0
        self._start = 0.0
        gc.callbacks.append(self._watch)

    def _watch(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                self._start = time.process_time()
            else:
                self.full_gc += time.process_time() - self._start


class _Growth:
    """Resident memory before each check and the most it grew within one (Linux: the
    peak is reset before each check through ``/proc/self/clear_refs``). The peak of the
    run depends on the order of the posts: a long post late in the run, when the caches
    and the heap's fragments are at their fullest, lands higher. The highest size before
    a check plus the largest growth of one bounds the peak in any order."""

    def __init__(self) -> None:
        self.ok = Path("/proc/self/clear_refs").exists() and Path("/proc/self/status").exists()
        self.before = self.most_before = self.most_growth = 0.0
        self.peak = 0.0

    @staticmethod
    def _mb(field: str) -> float:
        from bench import status_mb

        return status_mb(field) or 0.0

    def start(self) -> None:
        if self.ok:
            self.peak = max(self.peak, self._mb("VmHWM"))
            self.before = self._mb("VmRSS")
            try:
                Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to VmRSS
            except OSError:
                self.ok = False

    def stop(self) -> None:
        if self.ok:
            top = self._mb("VmHWM")
            self.peak = max(self.peak, top)
            self.most_before = max(self.most_before, self.before)
            self.most_growth = max(self.most_growth, top - self.before)


def run(sizes: tuple[int, ...], only: list[str] | None = None, cpu: bool = False) -> dict[str, Any]:
    from brandguard import analysis

    clock = time.process_time if cpu else time.perf_counter
    checker = bg.Checker(POLICY)
    warm(checker)
    events = _Events()
    growth = _Growth()
    results: dict[str, dict[int, float]] = {}
    notes: dict[str, dict[int, str]] = {}
    for name, make in GENERATORS.items():
        if only and name not in only:
            continue
        results[name] = {}
        notes[name] = {}
        for n in sizes:
            text = make(n)
            nlp, events.full_gc = analysis._nlp, 0.0
            growth.start()
            t = clock()
            checker.check(text)
            results[name][n] = (clock() - t) * 1000
            growth.stop()
            note = "rebuild " if analysis._nlp is not nlp else ""
            if events.full_gc > 0.02:
                note += f"gc {events.full_gc * 1000:.0f}"
            if note:
                notes[name][n] = note.strip()
    gc.callbacks.remove(events._watch)
    from bench import peak_rss_mb

    rss = peak_rss_mb()  # (VmHWM: ru_maxrss would count the parent's pages at the fork)
    out: dict[str, Any] = {"ms": results, "peak_mb": max(rss, growth.peak), "notes": notes}
    if growth.ok:
        out["any_order_mb"] = round(growth.most_before + growth.most_growth, 1)
        out["most_before_mb"] = round(growth.most_before, 1)
        out["most_growth_mb"] = round(growth.most_growth, 1)
    return out


def by_rule(name: str, n: int) -> list[tuple[str, float]]:
    checker = bg.Checker(POLICY)
    warm(checker)
    text = GENERATORS[name](n)
    out = []
    for rule in checker.rules:
        one = bg.Checker(POLICY, select=[rule.id])
        one.check(text)  # (first use of its data)
        t = time.perf_counter()
        one.check(text)
        out.append((rule.id, (time.perf_counter() - t) * 1000))
    return sorted(out, key=lambda x: -x[1])


def worstcase_section(b: Any = None) -> tuple[str, list[tuple[str, str, str]], dict[str, Any]]:
    """For bench/bench.py: runs this file in a fresh process (its own peak memory)."""
    out = subprocess.run([sys.executable, __file__, "--json"], capture_output=True, text=True,
                         check=True, timeout=3600)
    data = json.loads(out.stdout)
    rows: list[tuple[str, str, str]] = []
    figures: dict[str, Any] = {"peak_mb": data["peak_mb"], "ms": data["ms"]}
    for n in SIZES:
        name, ms = max(((k, v[str(n)]) for k, v in data["ms"].items()), key=lambda kv: kv[1])
        per3k = ms / (n / 3000)
        figures[f"worst_ms_{n}"] = ms
        figures[f"worst_ms_per_3k_{n}"] = per3k
        note = f"{per3k:.1f} ms per 3,000 chars (budget {BUDGET_MS_PER_3K:.0f})"
        if per3k > BUDGET_MS_PER_3K:
            note += " OVER"
        during = data.get("notes", {}).get(name, {}).get(str(n))
        if during:
            note += f" ({during})"
        rows.append((f"slowest at {n:,} chars ({name})", f"{ms:,.0f} ms", note))
    rows.append(("peak memory", f"{data['peak_mb']:.0f} MB",
                 f"budget {BUDGET_MB:.0f} MB" + (" OVER" if data["peak_mb"] > BUDGET_MB else "")))
    if "any_order_mb" in data:
        figures["any_order_mb"] = data["any_order_mb"]
        rows.append(("peak in any order (bound)", f"{data['any_order_mb']:.0f} MB",
                     f"highest before a check {data['most_before_mb']:.0f} + largest growth "
                     f"in one {data['most_growth_mb']:.0f}"))
    return "Worst case: adversarial posts (issue 13)", rows, figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--only", default="", help="comma-separated generator names")
    ap.add_argument("--rules", metavar="NAME", help="time each rule on one generator")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--cpu", action="store_true",
                    help="CPU time of the process (time.process_time) instead of wall time: "
                         "the figure to compare A/B on a shared machine")
    args = ap.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    if args.rules:
        for rid, ms in by_rule(args.rules, sizes[0])[:15]:
            print(f"{rid:32} {ms:9.1f} ms")
        return 0
    data = run(sizes, [s for s in args.only.split(",") if s] or None, cpu=args.cpu)
    if args.json:
        print(json.dumps(data))
        return 0
    print(f"{'generator':28}" + "".join(f"{n:>12,}" for n in sizes))
    for name, row in data["ms"].items():
        notes = data["notes"][name]
        print(f"{name:28}" + "".join(f"{row[n]:>10,.0f}ms" for n in sizes)
              + "".join(f"  ({n:,}: {notes[n]})" for n in sizes if n in notes), flush=True)
    print("(rebuild: a fresh spaCy pipeline took over in that check; gc: CPU ms of full "
          "garbage collections in it)")
    print(f"peak memory {data['peak_mb']:.0f} MB")
    if "any_order_mb" in data:
        print(f"peak in any order, bound {data['any_order_mb']:.0f} MB (highest before a check "
              f"{data['most_before_mb']:.0f} + largest growth in one {data['most_growth_mb']:.0f})")
    from bench import machine_speed_ms

    print(f"machine yardstick {machine_speed_ms():.0f} ms (a fixed Python loop; the times "
          "scale with it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
