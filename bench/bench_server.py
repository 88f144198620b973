"""Load test of ``brandguard serve`` (issue 14): 16 concurrent clients send the corpus's
2,000 Danish posts to ``POST /v1/check`` (then to the LanguageTool-compatible
``/v2/check``) on a server with 2 workers, over loopback.

    python bench/bench_server.py                  # the whole corpus, 2 workers, 16 clients
    python bench/bench_server.py --workers 1 --clients 8 --posts 500

It is bounded: a fixed number of requests (each post once, after a warm-up of
100), each with a 30 s timeout, to 127.0.0.1 only; the server is a subprocess
that is stopped at the end. The clients are one asyncio loop with one keep-alive
HTTP/1.1 connection each, so the load generator itself costs little CPU — but it
shares the machine's cores with the server (and with whatever else runs there),
which the figures include. Reported: requests/s, latency p50/p90/p99/max, errors
(any status but 200, or a failed connection). Budget at 2 workers on a 2-core
machine: ≥ 250 checks/s and p99 ≤ 50 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "posts-da.jsonl"
FALLBACK_CORPUS = Path("/work/shared/corpus/posts-da.jsonl")
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"
BUDGETS = {"server_checks_per_s": 250.0, "server_p99_ms": 50.0}
WARMUP = 100
TIMEOUT_S = 30.0


def corpus_texts(path: Path | None = None) -> list[str]:
    for p in ([path] if path else [CORPUS, FALLBACK_CORPUS]):
        if p is not None and p.is_file():
            return [json.loads(line)["text"] for line in p.read_text("utf-8").splitlines()
                    if line.strip()]
    raise SystemExit(f"no corpus at {CORPUS} or {FALLBACK_CORPUS}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: The server's log (stderr) of the last run: uvicorn's lines say when a worker was replaced.
SERVER_LOG = Path(tempfile.gettempdir()) / f"brandguard-bench-server-{os.getpid()}.log"


def start_server(workers: int, policy: Path, port: int, threads: int | None = None,
                 processes: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("BRANDGUARD_SERVER_CONFIG", None)
    with SERVER_LOG.open("wb") as log:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            [sys.executable, "-m", "brandguard.cli", "serve", "--policy", str(policy),
             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
             "--no-access-log", "--log-level", "info",
             *(["--threads", str(threads)] if threads else []),
             *(["--processes", str(processes)] if processes is not None else [])],
            stdout=subprocess.DEVNULL, stderr=log, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("brandguard serve exited: " + SERVER_LOG.read_text()[-3000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    wait_for_workers(workers)
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("brandguard serve did not become ready in 120 s")


def wait_for_workers(workers: int, seconds: float = 120) -> None:
    """Until every worker has said it is ready (the first one answers /readyz alone)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if SERVER_LOG.read_text(errors="replace").count("brandguard ready:") >= workers:
            return
        time.sleep(0.2)


def worker_restarts() -> int:
    """Workers uvicorn replaced during the run (a restart costs a Checker's build in CPU)."""
    return SERVER_LOG.read_text(errors="replace").count(" died")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def process_tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, ValueError, IndexError):
            continue
    return total


# --- the clients ------------------------------------------------------------------------------


def request_bytes(port: int, path: str, body: bytes, ctype: str) -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n")
    return head.encode("ascii") + body


async def _one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
               request: bytes) -> int:
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
    await reader.readexactly(length)
    return status


async def _client(port: int, queue: asyncio.Queue[bytes], latencies: list[float],
                  errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                request = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            try:
                status = await asyncio.wait_for(_one(reader, writer, request), TIMEOUT_S)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def _load(port: int, requests: Sequence[bytes], clients: int) -> tuple[float, list[float],
                                                                             list[str]]:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for r in requests:
        queue.put_nowait(r)
    latencies: list[float] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    await asyncio.gather(*(_client(port, queue, latencies, errors) for _ in range(clients)))
    return time.perf_counter() - t0, latencies, errors


async def _paced_client(port: int, queue: asyncio.Queue[tuple[float, bytes]],
                        latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                due, request = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                status = await asyncio.wait_for(_one(reader, writer, request), TIMEOUT_S)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            # From when the request was due, not when it was sent: a request that waited
            # for a free connection counts its wait (no coordinated omission).
            latencies.append(time.perf_counter() - due)
            if status != 200:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def _paced(port: int, requests: Sequence[bytes], clients: int,
                 rate: float) -> tuple[float, list[float], list[str]]:
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
    t0 = time.perf_counter() + 0.05
    for i, r in enumerate(requests):
        queue.put_nowait((t0 + i / rate, r))
    latencies: list[float] = []
    errors: list[str] = []
    await asyncio.gather(*(_paced_client(port, queue, latencies, errors) for _ in range(clients)))
    return time.perf_counter() - t0, latencies, errors


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _figures(n: int, seconds: float, lat: list[float], errors: list[str]) -> dict[str, Any]:
    ms = [x * 1000 for x in lat]
    return {"requests": n, "seconds": round(seconds, 3), "per_s": round(n / seconds, 1),
            "p50_ms": round(statistics.median(ms), 2), "p90_ms": round(percentile(ms, 90), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(max(ms), 2),
            "errors": len(errors), "error_kinds": sorted(set(errors))[:5]}


def load(port: int, texts: Sequence[str], clients: int, api: str,
         rate: float | None = None, server_pid: int | None = None) -> dict[str, Any]:
    """As fast as the clients can (``rate`` None: each sends its next request when the
    last is answered), or at a fixed offered rate spread over the clients."""
    if api == "v1":
        reqs = [request_bytes(port, "/v1/check", json.dumps({"text": t}).encode(),
                              "application/json") for t in texts]
    else:
        reqs = [request_bytes(port, "/v2/check",
                              urlencode({"language": "da-DK", "text": t}).encode(),
                              "application/x-www-form-urlencoded") for t in texts]
    asyncio.run(_load(port, reqs[:WARMUP], clients))
    cpu0 = process_tree_cpu(server_pid) if server_pid else 0.0
    own0 = time.process_time()
    if rate is None:
        out = _figures(len(reqs), *asyncio.run(_load(port, reqs, clients)))
    else:
        out = _figures(len(reqs), *asyncio.run(_paced(port, reqs, clients, rate)))
    if server_pid:
        server_ms = (process_tree_cpu(server_pid) - cpu0) * 1000 / len(reqs)
        client_ms = (time.process_time() - own0) * 1000 / len(reqs)
        out["server_cpu_ms_per_request"] = round(server_ms, 3)
        out["client_cpu_ms_per_request"] = round(client_ms, 3)
        # What two otherwise idle cores would sustain, server and client together on them.
        out["projected_idle_2core_per_s"] = round(2000 / (server_ms + client_ms), 0)
    return out


def run(workers: int = 2, clients: int = 16, posts: int | None = None,
        policy: Path = POLICY, corpus: Path | None = None,
        threads: int | None = None, processes: int | None = None,
        rate: float = BUDGETS["server_checks_per_s"]) -> dict[str, Any]:
    texts = corpus_texts(corpus)[:posts]
    port = free_port()
    proc = start_server(workers, policy, port, threads, processes)
    try:
        figures: dict[str, Any] = {"workers": workers, "clients": clients, "posts": len(texts),
                                   "processes": processes, "rate": rate,
                                   "cpus": os.cpu_count(),
                                   "load_1min_before": round(os.getloadavg()[0], 2)}
        figures["v1"] = load(port, texts, clients, "v1", server_pid=proc.pid)
        figures["v1_at_budget"] = load(port, texts, clients, "v1", rate=rate,
                                       server_pid=proc.pid)
        figures["v2"] = load(port, texts, clients, "v2", server_pid=proc.pid)
        figures["worker_restarts"] = worker_restarts()
        figures["load_1min_after"] = round(os.getloadavg()[0], 2)
    finally:
        stop_server(proc)
    return figures


def section(figures: dict[str, Any]) -> tuple[str, list[tuple[str, str, str]], dict[str, Any]]:
    v1, v2, paced = figures["v1"], figures["v2"], figures["v1_at_budget"]
    rate_ok = "ok" if v1["per_s"] >= BUDGETS["server_checks_per_s"] else "UNDER BUDGET"
    p99_ok = "ok" if paced["p99_ms"] <= BUDGETS["server_p99_ms"] else "OVER BUDGET"
    errors = v1["errors"] + paced["errors"]
    rows = [
        ("workers, processes, clients, posts", f"{figures['workers']}, "
         f"{figures.get('processes') if figures.get('processes') is not None else 'default'}, "
         f"{figures['clients']}, {figures['posts']}", f"{figures['cpus']} CPUs, load {figures['load_1min_before']}"),
        ("POST /v1/check, flat out", f"{v1['per_s']:.0f}/s",
         f"budget ≥ {BUDGETS['server_checks_per_s']:g}/s: {rate_ok}"),
        ("  latency p50 / p99", f"{v1['p50_ms']:.1f} / {v1['p99_ms']:.1f} ms",
         f"{figures['clients']} requests always in flight: mostly queueing"),
        (f"POST /v1/check at {figures['rate']:g}/s", f"{paced['per_s']:.0f}/s",
         "offered rate, spread over the clients"),
        ("  latency p50 / p99", f"{paced['p50_ms']:.1f} / {paced['p99_ms']:.1f} ms",
         f"budget p99 ≤ {BUDGETS['server_p99_ms']:g} ms: {p99_ok}"),
        ("  errors", str(errors), "budget 0: " + ("ok" if errors == 0 else "FAILED")),
        ("CPU per check: server + client", f"{v1['server_cpu_ms_per_request']:.2f} + "
         f"{v1['client_cpu_ms_per_request']:.2f} ms",
         f"two idle cores would sustain ≈ {v1['projected_idle_2core_per_s']:.0f}/s"),
        ("POST /v2/check (LanguageTool)", f"{v2['per_s']:.0f}/s",
         f"p50 {v2['p50_ms']:.1f} ms, p99 {v2['p99_ms']:.1f} ms, errors {v2['errors']}"),
        ("workers replaced by uvicorn", str(figures["worker_restarts"]),
         f"load after {figures['load_1min_after']}"),
    ]
    return "HTTP server (brandguard serve)", rows, figures


def server_section(b: Any) -> tuple[str, list[tuple[str, str, str]], dict[str, Any]]:
    """For bench/bench.py: the whole corpus (the first 200 posts with --quick)."""
    return section(run(posts=200 if b.quick else None, policy=b.policy_path, corpus=b.corpus))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--posts", type=int, default=None, help="only the first N posts")
    parser.add_argument("--policy", type=Path, default=POLICY)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=None,
                        help="threads per worker (default: the server's)")
    parser.add_argument("--processes", type=int, default=None,
                        help="checking processes per worker (default: the server's; 0: "
                             "check on threads in the worker)")
    parser.add_argument("--rate", type=float, default=BUDGETS["server_checks_per_s"],
                        help="offered rate of the paced run (default: the budget, 250/s)")
    args = parser.parse_args(argv)
    title, rows, figures = section(run(args.workers, args.clients, args.posts, args.policy,
                                       args.corpus, args.threads, args.processes, args.rate))
    print(title)
    for label, value, note in rows:
        print(f"  {label:<30} {value:>16}  {note}")
    print(json.dumps(figures, indent=2))
    return 0 if figures["v1"]["errors"] + figures["v1_at_budget"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
