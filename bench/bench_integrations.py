"""Benchmark sections for the integrations (issue 7): batch scaling and the HTML report.

- ``batch``: :func:`brandguard.batch.check_many` over the corpus with 1 and 2 worker
  processes (median of 3 runs each; 1 with ``--quick``), whole runs including the
  Checker build and the warm-up, and the ``brandguard batch`` command end to end
  (a fresh process: imports, policy, Checker, workers, JSON output). Budget: 2 jobs
  at least 1.7× faster than 1.
- ``html``: the HTML report for every post of the corpus: time to render and
  write it, and its size. Budget: under 5 s and under 10 MB for 2,000 posts.

Run with ``python bench/bench.py --only batch,html``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPEEDUP_BUDGET = 1.7
HTML_SECONDS_BUDGET = 5.0
HTML_MB_BUDGET = 10.0


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _run_check_many(posts: list[Any], policy: Any, jobs: int,
                    cpu: dict[str, list[float]] | None = None) -> tuple[float, float, list[Any]]:
    """(whole run, time after the first result, results) of one check_many run.

    ``cpu`` collects the CPU seconds of the parent and of the workers."""
    from brandguard import check_many

    before = _cpu()
    t0 = time.perf_counter()
    first = None
    results = []
    for result in check_many(posts, policy, jobs=jobs):
        if first is None:
            first = time.perf_counter()
        results.append(result)
    end = time.perf_counter()
    if cpu is not None:
        after = _cpu()
        cpu.setdefault(f"parent{jobs}", []).append(after[0] - before[0])
        cpu.setdefault(f"workers{jobs}", []).append(after[1] - before[1])
    return end - t0, end - (first or t0), results


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(tasks: int = 64, size: int = 150_000) -> float:
    """Speedup of a pure-Python CPU loop with 2 processes against 1, right now.

    The ceiling for any 2-job speedup on this machine at this moment: when other
    work shares the CPUs, it falls below 2 and the batch speedup with it.
    """
    import multiprocessing

    t0 = time.perf_counter()
    for _ in range(tasks):
        _spin(size)
    one = time.perf_counter() - t0
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                      else "spawn")
    with ctx.Pool(2) as pool:
        t0 = time.perf_counter()
        pool.map(_spin, [size] * tasks, chunksize=4)
        two = time.perf_counter() - t0
    return one / two


def batch_section(b: Any) -> tuple[str, list[tuple[str, str, str]], dict[str, Any]]:
    posts = b.posts
    ceiling_before = machine_parallelism()
    # Load spaCy, the lexicon and the packs once, so neither timed run pays for it.
    _run_check_many(posts[:20], b.policy, 1)
    runs = 1 if b.quick else 3
    whole: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[str, list[float]] = {}
    steady: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            total, after_first, results = _run_check_many(posts, b.policy, jobs, cpu)
            whole[jobs].append(total)
            steady[jobs].append(after_first)
            b.cache.setdefault("batch_results", results)
    w1, w2 = statistics.median(whole[1]), statistics.median(whole[2])
    s1, s2 = statistics.median(steady[1]), statistics.median(steady[2])
    speedup = w1 / w2
    cli = _cli_runs(b)
    ceiling = min(ceiling_before, machine_parallelism())
    cpu1 = statistics.median(cpu["parent1"])
    parent2, workers2 = statistics.median(cpu["parent2"]), statistics.median(cpu["workers2"])
    # On two idle cores each worker gets one: the run takes its busiest process's CPU time.
    projected = cpu1 / max(parent2, workers2 / 2)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    figures: dict[str, Any] = {
        "machine_parallelism": round(ceiling, 2), "load_1min": load,
        "cpu_jobs1_s": round(cpu1, 3), "cpu_jobs2_parent_s": round(parent2, 3),
        "cpu_jobs2_workers_s": round(workers2, 3), "projected_idle_speedup": round(projected, 2),
        "posts": len(posts), "cpus": os.cpu_count(), "runs": runs,
        "jobs1_s": round(w1, 3), "jobs2_s": round(w2, 3), "speedup": round(speedup, 2),
        "jobs1_steady_s": round(s1, 3), "jobs2_steady_s": round(s2, 3),
        "steady_speedup": round(s1 / s2, 2), **cli,
    }
    ok = "ok" if speedup >= SPEEDUP_BUDGET else "OVER BUDGET"
    rows = [
        ("posts, CPUs", f"{len(posts)}, {os.cpu_count()}", f"median of {runs} runs"),
        ("check_many, --jobs 1", f"{w1:.2f} s", f"{len(posts) / w1:.0f} posts/s"),
        ("check_many, --jobs 2", f"{w2:.2f} s", f"{len(posts) / w2:.0f} posts/s"),
        ("speedup, 2 jobs vs 1", f"{speedup:.2f}×", f"budget ≥ {SPEEDUP_BUDGET}×: {ok}"),
        ("speedup once warm", f"{s1 / s2:.2f}×", "after the first result"),
        ("CPU time, --jobs 1", f"{cpu1:.2f} s", ""),
        ("CPU time, --jobs 2", f"{parent2 + workers2:.2f} s",
         f"parent {parent2:.2f} s + workers {workers2:.2f} s"),
        ("projected speedup, 2 idle cores", f"{projected:.2f}×",
         "CPU time of 1 job / busiest process's share with 2"),
        ("ceiling: CPU loop, 2 vs 1", f"{ceiling:.2f}×",
         f"this machine now (load {load:.1f})" if load is not None else "this machine now"),
    ]
    for jobs in (1, 2):
        if f"cli_jobs{jobs}_s" in cli:
            rows.append((f"brandguard batch --jobs {jobs}", f"{cli[f'cli_jobs{jobs}_s']:.2f} s",
                         "fresh process, end to end"))
    return "Batch (brandguard batch / check_many)", rows, figures


def _cli_runs(b: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    exe = Path(sys.executable).parent / "brandguard"
    if not exe.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "posts.jsonl"
        src.write_text("\n".join(json.dumps({"id": p.id, "text": p.text}, ensure_ascii=False)
                                 for p in b.posts) + "\n", encoding="utf-8")
        for jobs in (1, 2):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "batch", str(src), "-p", str(b.policy_path),
                            "-o", str(Path(tmp) / "out.jsonl"), "--jobs", str(jobs),
                            "--fail-on", "never", "--progress", "never"],
                           capture_output=True, check=False, cwd=tmp)
            out[f"cli_jobs{jobs}_s"] = round(time.perf_counter() - t0, 3)
    return out


def html_section(b: Any) -> tuple[str, list[tuple[str, str, str]], dict[str, Any]]:
    from brandguard.formatters.html import format_html

    results = b.cache.get("batch_results")
    if results is None:
        _, _, results = _run_check_many(b.posts, b.policy, os.cpu_count() or 1)
    items = [(r.id or f"line {r.line}", r.post, r.report) for r in results if r.report]
    findings = sum(len(r.report.findings) for r in results if r.report)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        t0 = time.perf_counter()
        path.write_text(format_html(items, lang="da"), encoding="utf-8")
        seconds = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
    scale = 2000 / max(1, len(items))  # the budget is for 2,000 posts
    figures = {"posts": len(items), "findings": findings, "seconds": round(seconds, 3),
               "size_mb": round(size_mb, 2)}
    t_ok = "ok" if seconds * scale < HTML_SECONDS_BUDGET else "OVER BUDGET"
    s_ok = "ok" if size_mb * scale < HTML_MB_BUDGET else "OVER BUDGET"
    rows = [
        ("posts, findings", f"{len(items)}, {findings}", ""),
        ("render and write", f"{seconds:.2f} s", f"budget < {HTML_SECONDS_BUDGET:g} s "
                                                  f"for 2,000: {t_ok}"),
        ("size", f"{size_mb:.2f} MB", f"budget < {HTML_MB_BUDGET:g} MB for 2,000: {s_ok}"),
    ]
    return "HTML report", rows, figures
