"""Ledger benchmark: a SQLite ledger of 1,000,000 posts by 100,000 employees.

    python bench/bench_ledger.py            # build (once, cached) and measure
    python bench/bench_ledger.py --quick    # 100,000 posts by 10,000 employees

The ledger is generated once into ``bench/.cache/`` (gitignored) and reused. The
posts span 70 days (about 100,000 in any 7-day duplicate window, one company post
a week per employee), 30 % of the company posts share one of 700 campaigns, and a
tenth of those copy the campaign's template word for word (near-duplicate
clusters); the other texts are Danish sentences from the corpus with words
swapped, so they are unique but realistic in length and vocabulary.

Measured (in a fresh process, so its peak memory is the ledger's and not the
generator's): a check with the spam pack and the SQLite ledger (budget ≤ 5 ms
median), ``reserve`` (≤ 10 ms median; each reservation is released again so the
cached file stays the same), the file size (≤ 1 GB) and peak memory, compared
with the same measurement on a ledger a hundred times smaller: memory is bounded
if the two are about equal.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
CORPUS = Path("/work/shared/corpus/posts-da.jsonl")
sys.path.insert(0, str(ROOT / "src"))

BUDGETS = {"ledger_check_ms": 5.0, "ledger_reserve_ms": 10.0, "ledger_file_gb": 1.0}
#: The generated history ends here (fixed, so the cached file is reproducible).
END = datetime(2025, 6, 1, tzinfo=UTC)
DAYS = 70
POLICY = {"company": {"name": "Nordlys Energi"}, "packs": ["spam"]}
_SENT = re.compile(r"(?<=[.!?])\s+|\n+")


def corpus_texts(path: Path = CORPUS) -> list[str]:
    if not path.is_file():
        path = ROOT / ".." / "shared" / "corpus" / "posts-da.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _variants(texts: list[str], rng: random.Random, per_sentence: int = 12) -> list[str]:
    """Sentences from the corpus, each in several versions with words swapped."""
    sentences = sorted({s.strip() for t in texts for s in _SENT.split(t)
                        if len(s.split()) >= 5 and "http" not in s})
    vocab = sorted({w for s in sentences for w in s.split() if w.isalpha() and len(w) > 2})
    out = []
    for s in sentences:
        words = s.split()
        for _ in range(per_sentence):
            out.append(" ".join(rng.choice(vocab) if rng.random() < 0.3 else w for w in words))
    return out


def build(path: Path, posts: int, authors: int, seed: int = 7) -> None:
    """Generate the ledger file (in a temporary file first, so a killed run leaves none)."""
    from brandguard.ledger.sqlite import SqliteLedger

    rng = random.Random(seed)
    variants = _variants(corpus_texts(), rng)
    campaigns = [(f"kampagne-{i:03d}", END - timedelta(days=rng.uniform(0, DAYS)),
                  " ".join(rng.sample(variants, 3))) for i in range(700)]
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    SqliteLedger(str(tmp)).close()  # the real schema, indexes and metadata
    db = sqlite3.connect(tmp, isolation_level=None)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -400000")
    span = DAYS * 86400
    start = int(END.timestamp()) - span
    # Times in order, as a real ledger fills; each author gets posts / authors of them.
    rows: list[tuple[int, str]] = sorted(
        (start + rng.randrange(span), f"e{a:06d}") for a in range(authors)
        for _ in range(posts // authors))
    t0 = time.perf_counter()
    chunk = 50_000
    next_id = 1
    pool = multiprocessing.get_context("spawn").Pool()  # signatures are the slow part
    for lo in range(0, len(rows), chunk):
        post_rows = []
        band_rows = []
        for at, author in rows[lo : lo + chunk]:
            kind = "personal" if rng.random() < 0.15 else "company"
            campaign = None
            if kind == "company" and rng.random() < 0.3:
                name, _when, template = rng.choice(campaigns)
                campaign = name
                text = template if rng.random() < 0.1 else \
                    " ".join(rng.sample(variants, rng.randint(2, 4)))
            else:
                text = " ".join(rng.sample(variants, rng.randint(2, 5)))
            channel = rng.choice(("linkedin", "linkedin", "linkedin", "facebook", "x"))
            post_rows.append((next_id, author, at, kind, channel, campaign, text, None, "pass",
                              rng.randint(70, 100), at))
            next_id += 1
        keys = pool.map(_bands, [r[6] for r in post_rows], chunksize=500)
        band_rows = sorted((key, r[2], r[0]) for r, ks in zip(post_rows, keys, strict=True)
                           for key in ks)
        db.execute("BEGIN")
        db.executemany("INSERT INTO posts (id, author, at, kind, channel, campaign, text, "
                       "post_id, verdict, score, recorded) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       post_rows)
        db.executemany("INSERT OR IGNORE INTO lsh (band, at, post) VALUES (?, ?, ?)", band_rows)
        db.execute("COMMIT")
        done = lo + len(post_rows)
        rate = done / (time.perf_counter() - t0)
        print(f"\r  generating ledger: {done:,}/{len(rows):,} posts "
              f"({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    pool.close()
    pool.join()
    db.execute("ANALYZE")
    # Leave WAL mode so every page is in the main file before it is renamed (a WAL
    # file keeps the old name); the ledger switches back to WAL when it opens it.
    mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    db.close()
    if mode != "delete" or Path(f"{tmp}-wal").exists():
        raise RuntimeError(f"{tmp}: could not fold the WAL into the file")
    tmp.rename(path)
    with sqlite3.connect(path) as check:
        count = check.execute("SELECT COUNT(*) FROM posts").fetchone()[0]
    if count != len(rows):
        raise RuntimeError(f"{path}: {count:,} posts written, expected {len(rows):,}")


def _bands(text: str) -> tuple[int, ...]:
    from brandguard.ledger.minhash import TextSignature

    return TextSignature.of(text).bands


def ledger_file(posts: int, authors: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"ledger-{posts}-{authors}-v2.db"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, posts, authors)
        print(f"  built {path.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return path


def _median_ms(values: Sequence[float]) -> float:
    return round(statistics.median(values) * 1000, 3)


def _p90_ms(values: Sequence[float]) -> float:
    return round(sorted(values)[int(len(values) * 0.9)] * 1000, 3)


def measure(path: Path, authors: int, n: int = 400, seed: int = 11) -> dict[str, Any]:
    """Time checks and reservations against a ledger file (run in a fresh process)."""
    import brandguard as bg

    rng = random.Random(seed)
    texts = corpus_texts()
    db = sqlite3.connect(path)
    copies = [r[0] for r in db.execute(
        "SELECT text FROM posts WHERE campaign IS NOT NULL ORDER BY id DESC LIMIT 2000")]
    db.close()
    ledger = bg.open_ledger(f"sqlite:///{path}")
    checker = bg.Checker(POLICY)

    def draft(i: int) -> bg.Post:
        # Drafts for the last week of the history: cadence, campaign and duplicate
        # questions all have real answers; a tenth copy a colleague's campaign post.
        at = END - timedelta(seconds=rng.randrange(7 * 86400))
        text = rng.choice(copies) if i % 10 == 0 else rng.choice(texts)
        return bg.Post(text=text, author=bg.Author(id=f"e{rng.randrange(authors):06d}"),
                       created_at=at, campaign=f"kampagne-{rng.randrange(700):03d}"
                       if i % 3 == 0 else None)

    drafts = [draft(i) for i in range(n)]
    for p in drafts[:20]:  # warm up: lexicon, page cache
        checker.check(p, ledger=ledger)
    checks = []
    findings: dict[str, int] = {}
    for p in drafts:
        t0 = time.perf_counter()
        report = checker.check(p, ledger=ledger)
        checks.append(time.perf_counter() - t0)
        for f in report.findings:
            findings[f.rule_id] = findings.get(f.rule_id, 0) + 1
    # The same checks without a ledger: the difference is what the history costs.
    bare = []
    for p in drafts:
        t0 = time.perf_counter()
        checker.check(p)
        bare.append(time.perf_counter() - t0)
    reserves = []
    granted = 0
    for p in drafts:
        t0 = time.perf_counter()
        r = ledger.reserve(p, checker.policy)
        reserves.append(time.perf_counter() - t0)
        if r:
            granted += 1
            ledger.release(r)
    ledger.close()
    return {
        "checks": len(checks),
        "check_p50_ms": _median_ms(checks),
        "check_p90_ms": _p90_ms(checks),
        "check_without_ledger_p50_ms": _median_ms(bare),
        "reserve_p50_ms": _median_ms(reserves),
        "reserve_p90_ms": _p90_ms(reserves),
        "reserves_granted": granted,
        "findings": findings,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, it starts afresh
    at exec, so the generator's memory does not leak into the measurement)."""
    from bench import peak_rss_mb

    return peak_rss_mb()


def _measure_in_subprocess(path: Path, authors: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--measure", str(path), str(authors)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def run(quick: bool = False) -> dict[str, Any]:
    posts, authors = (100_000, 10_000) if quick else (1_000_000, 100_000)
    big = ledger_file(posts, authors)
    small = ledger_file(posts // 100, authors // 100)
    with sqlite3.connect(big) as db:
        band_keys = db.execute("SELECT COUNT(*) FROM lsh").fetchone()[0]
        window = db.execute("SELECT COUNT(*) FROM posts WHERE at >= ?",
                            (int((END - timedelta(days=7)).timestamp()),)).fetchone()[0]
    figures = {"posts": posts, "authors": authors, "posts_in_7_days": window,
               "band_keys": band_keys, "file_bytes": big.stat().st_size,
               "file_gb": round(big.stat().st_size / 1e9, 3)}
    figures.update(_measure_in_subprocess(big, authors))
    figures["small_ledger_peak_rss_mb"] = _measure_in_subprocess(small, authors // 100)[
        "peak_rss_mb"]
    return figures


@dataclass
class LedgerSection:
    """The shape bench.py's runner prints and stores (title, rows, figures)."""

    title: str
    rows: list[tuple[str, str, str]]
    figures: dict[str, Any]


def _note(key: str, value: float) -> str:
    budget = BUDGETS.get(key)
    if budget is None:
        return ""
    unit = "GB" if key.endswith("_gb") else "ms"
    return f"budget ≤ {budget:g} {unit}: {'ok' if value <= budget else 'OVER'}"


def section_from(figures: dict[str, Any]) -> LedgerSection:
    rows = [
        ("ledger", f"{figures['posts']:,} posts", f"{figures['authors']:,} employees, "
                                                  f"{figures['posts_in_7_days']:,} in 7 days"),
        ("check, spam pack + SQLite, p50", f"{figures['check_p50_ms']:.2f} ms",
         _note("ledger_check_ms", figures["check_p50_ms"])),
        ("check, p90", f"{figures['check_p90_ms']:.2f} ms", ""),
        ("same check without a ledger, p50", f"{figures['check_without_ledger_p50_ms']:.2f} ms",
         "(analysis and scoring; the rest is the ledger)"),
        ("reserve, p50", f"{figures['reserve_p50_ms']:.2f} ms",
         _note("ledger_reserve_ms", figures["reserve_p50_ms"])),
        ("reserve, p90", f"{figures['reserve_p90_ms']:.2f} ms", ""),
        ("file", f"{figures['file_gb']:.3f} GB", _note("ledger_file_gb", figures["file_gb"])),
        ("peak memory (measuring process)", f"{figures['peak_rss_mb']:.0f} MiB",
         f"{figures['small_ledger_peak_rss_mb']:.0f} MiB with a ledger 100× smaller"),
    ]
    return LedgerSection("Ledger (SQLite)", rows, figures)


def ledger_section(bench: Any) -> LedgerSection:
    """The section bench.py runs (``--only ledger``); honours ``--quick``."""
    return section_from(run(quick=bool(getattr(bench, "quick", False))))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure"]:
        print(json.dumps(measure(Path(argv[1]), int(argv[2]))))
        return 0
    section = section_from(run(quick="--quick" in argv))
    width = max(len(r[0]) for r in section.rows)
    print(section.title)
    for label, value, note in section.rows:
        print(f"  {label:<{width}}  {value:>16}  {note}".rstrip())
    print(json.dumps(section.figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
