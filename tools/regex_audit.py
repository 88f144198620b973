"""Find regular expressions in brandguard that are slower than linear on adversarial text.

Builds a Checker with every installed pack (so the packs' YAML patterns are compiled
too), collects every compiled ``re.Pattern`` reachable from brandguard's modules and
rules, runs each with ``finditer`` on repeated-unit strings of two lengths and
reports those whose time grows faster than the length.

    .venv/bin/python tools/regex_audit.py [--small 2000] [--factor 4]
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import pkgutil
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

UNITS = ["a", "a.", "a ", "a-", "a_", "1", "1.", "1,", "1 ", "!", "!?", ".", " .", "-", "#", "@",
         "a@", "😀", "😀\u200d", "\u0301", "aA", "A", "A ", "hundrede", "enogtyve", "www.", "http://",
         "kr", "kl. 1", "\n", "\n\n", "ab ", "Aa ", "a.b", "1a", "a1", "’", "'", "\"", "(", ")",
         "..", "a/", "/a", "#a", "@a", "æ", "ø ", "og ", "og", "en ", "AB", "A.", ". A", "a, ",
         "i ", "ikke ", "vi ", "jeg ", "du ", "er ", "kan ", "at ", ",-", "1.000 ", "10 000 ",
         "tusind", "million", "a.dk", ".dk", "x.dk/", "/.", "CPR", "12", "1234", "123456-",
         "12 34 ", "+45", "ad", "#ad", "a-b ", "A-B ", "mig ", "min ", " ", "  ", "\t"]
SUFFIXES = ["", "!", "x", "\u0000", "-", ".", "@", "1"]


def patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    import brandguard.rules as rules_pkg

    import brandguard

    seen: set[int] = set()
    mods: list[Any] = []
    for pkg in (brandguard, rules_pkg):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            try:
                mods.append(importlib.import_module(info.name))
            except Exception as exc:  # an optional dependency missing
                print(f"skip {info.name}: {exc}", file=sys.stderr)
    checker = brandguard.Checker({"company": {"name": "Nordlys Energi"}})

    def walk(obj: Any, where: str, depth: int) -> Iterator[tuple[str, re.Pattern[str]]]:
        if isinstance(obj, re.Pattern):
            if id(obj) not in seen:
                seen.add(id(obj))
                yield where, obj
            return
        if depth > 3:
            return
        if isinstance(obj, dict):
            for k, v in list(obj.items())[:2000]:
                yield from walk(v, f"{where}[{k!r}]", depth + 1)
        elif isinstance(obj, list | tuple | set | frozenset):
            for i, v in enumerate(list(obj)[:2000]):
                yield from walk(v, f"{where}[{i}]", depth + 1)
        elif hasattr(obj, "__dict__") and not isinstance(obj, type(re)):
            for k, v in list(vars(obj).items()):
                yield from walk(v, f"{where}.{k}", depth + 1)

    for mod in mods:
        for name, value in list(vars(mod).items()):
            if isinstance(value, type) and value.__module__ == mod.__name__:
                for k, v in list(vars(value).items()):
                    yield from walk(v, f"{mod.__name__}.{name}.{k}", 1)
            elif value.__class__.__module__ in ("re", "builtins") or isinstance(value, re.Pattern):
                yield from walk(value, f"{mod.__name__}.{name}", 1)
    for rule in checker.rules:
        yield from walk(rule, f"rule {rule.id}", 0)


def cost(rx: re.Pattern[str], text: str) -> float:
    t = time.perf_counter()
    for _ in rx.finditer(text):
        pass
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", type=int, default=2000)
    ap.add_argument("--factor", type=int, default=4)
    ap.add_argument("--min-ms", type=float, default=5.0)
    ap.add_argument("--timeout", type=float, default=20.0)
    args = ap.parse_args()
    bad = 0
    found = list(patterns())
    print(f"{len(found)} patterns", flush=True)
    ctx = multiprocessing.get_context("fork")
    for where, rx in found:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_probe, args=(rx, args, child))
        proc.start()
        trying, worst = "", None
        while True:
            if not parent.poll(args.timeout):
                worst = (float("inf"), f"{trying} (no answer in {args.timeout:.0f} s)", 0.0,
                         args.timeout)
                break
            kind, value = parent.recv()
            if kind == "done":
                worst = value
                break
            trying = value
        proc.kill()
        proc.join()
        if worst:
            bad += 1
            print(f"SUPERLINEAR {where}: x{worst[0]:.0f} on {worst[1]} "
                  f"({worst[2] * 1000:.1f} → {worst[3] * 1000:.1f} ms)\n    {rx.pattern[:160]!r}",
                  flush=True)
    print(f"{bad} superlinear of {len(found)}")
    return 1 if bad else 0


def _probe(rx: re.Pattern[str], args: argparse.Namespace, conn: Any) -> None:
    worst: tuple[float, str, float, float] | None = None
    for unit in UNITS:
        for suffix in SUFFIXES:
            small = (unit * (args.small // len(unit) + 1))[: args.small] + suffix
            t1 = cost(rx, small)
            if t1 * 1000 < args.min_ms / args.factor:
                continue
            big = (unit * (args.small * args.factor // len(unit) + 1))[: args.small * args.factor] + suffix
            t2 = cost(rx, big)
            ratio = t2 / max(t1, 1e-9)
            if t2 * 1000 > args.min_ms and ratio > args.factor * 2.5 and (worst is None or ratio > worst[0]):
                worst = (ratio, repr(unit + "…" + suffix), t1, t2)
    conn.send(("done", worst))


if __name__ == "__main__":
    raise SystemExit(main())
