"""Benchmark of the Danish lexicon and tagger (``python bench/bench_morphology.py``).

Prints load times (each in a fresh process), lexicon lookups per second, compound
analyses per second, tagging time per 100 tokens on the benchmark posts (tokenised
as the checker tokenises them; cold = first sight of the text, warm = the same
posts again), file sizes, and accuracy on UD Danish-DDT: the shipped model
(trained on the test split) measured live on the dev split, and both directions
from ``docs/danish-tagger-accuracy.json`` (written by ``make model``). CPU time is
reported (``time.process_time``): on a shared machine it is steadier than wall time.

    python bench/bench_morphology.py [--posts N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
CORPUS = ROOT / ".." / "shared" / "corpus" / "posts-da.jsonl"
DA = ROOT / "src" / "brandguard" / "lang" / "da"
BUDGET = {"lexicon first lookup": 100.0, "model load": 200.0, "tag ms/100 tokens warm": 0.3}


def fresh(code: str) -> float:
    """Milliseconds printed by ``code`` run in a new interpreter."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=500, help="benchmark posts to tag")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    fig: dict[str, object] = {}

    fig["lexicon first lookup ms"] = fresh(
        "import brandguard.lang.da.morphology as m, time\n"
        "t=time.process_time(); m.readings('huset'); print((time.process_time()-t)*1e3)")
    fig["compound first analysis ms"] = fresh(
        "import brandguard.lang.da.morphology as m, time\nm.readings('huset')\n"
        "t=time.process_time(); m.analyse_compound('varmepumpeservice'); print((time.process_time()-t)*1e3)")
    fig["model load ms"] = fresh(
        "import brandguard.lang.da.tagger as t, time\nimport brandguard.lang.da.morphology as m\n"
        "m.readings('huset')\ns=time.process_time(); t.load(); print((time.process_time()-s)*1e3)")

    from ddt import split

    from brandguard.lang.da import morphology, tagger

    dev = split("dev")
    forms = list(dict.fromkeys(t.form for s in dev for t in s))
    t0 = time.process_time()
    for f in forms:
        morphology.readings(f)
    cold = time.process_time() - t0
    t0 = time.process_time()
    for _ in range(5):
        for f in forms:
            morphology.readings(f)
    warm = (time.process_time() - t0) / 5
    fig["lexicon lookups/s (new forms)"] = round(len(forms) / cold)
    fig["lexicon lookups/s (cached)"] = round(len(forms) / warm)
    compounds = [f for f in forms if f.isalpha() and len(f) > 9 and not morphology.readings(f)]
    t0 = time.process_time()
    found = sum(morphology.analyse_compound(f) is not None for f in compounds)
    fig["compound analyses/s"] = round(len(compounds) / max(time.process_time() - t0, 1e-9))
    fig["compound analysed share of unknown long words"] = round(found / max(len(compounds), 1), 3)

    # lexicon coverage: share of DDT tokens whose gold reading is among the lexicon's
    from collections import Counter

    for name in ("dev", "test"):
        tot: Counter[str] = Counter()
        hit_u: Counter[str] = Counter()
        hit_f: Counter[str] = Counter()
        for s in split(name):
            for t in s:
                rs = morphology.analyse(t.form)
                tot[t.upos] += 1
                hit_u[t.upos] += any(r.upos == t.upos for r in rs)
                hit_f[t.upos] += any(r.upos == t.upos and r.ud_feats == t.feats for r in rs)
        n = sum(tot.values())
        fig[f"lexicon coverage {name} (UPOS, UPOS+FEATS)"] = (
            round(sum(hit_u.values()) / n, 4), round(sum(hit_f.values()) / n, 4))
        if name == "dev":
            fig["lexicon coverage dev by UPOS (UPOS, UPOS+FEATS)"] = {
                u: (round(hit_u[u] / tot[u], 3), round(hit_f[u] / tot[u], 3))
                for u in sorted(tot, key=lambda u: -tot[u])}

    from brandguard.analysis import get_nlp

    nlp = get_nlp()
    posts = []
    path = CORPUS if CORPUS.exists() else Path("/work/shared/corpus/posts-da.jsonl")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            posts.append([t.text for t in nlp.make_doc(json.loads(line)["text"])])
            if len(posts) >= args.posts:
                break
    ntok = sum(len(p) for p in posts)
    tagger.load()
    for name, two in (("two passes", True), ("one pass", False)):
        t0 = time.process_time()
        for p in posts:
            tagger.tag(p, two_pass=two)
        c = time.process_time() - t0
        t0 = time.process_time()
        for p in posts:
            tagger.tag(p, two_pass=two)
        w = time.process_time() - t0
        fig[f"tag ms/100 tokens cold, {name}"] = round(c / ntok * 1e5, 3)
        fig[f"tag ms/100 tokens warm, {name}"] = round(w / ntok * 1e5, 3)
    fig["posts tagged"] = len(posts)
    fig["tokens per post"] = round(ntok / len(posts), 1)

    from train_tagger import evaluate

    res = evaluate(tagger.load(), dev)
    fig["shipped model on dev"] = {k: round(res[k], 4) for k in ("upos", "feats", "upos+feats", "lemma")}
    acc = ROOT / "docs" / "danish-tagger-accuracy.json"
    if acc.exists():
        both = json.loads(acc.read_text(encoding="utf-8"))
        fig["both ways (make model)"] = {k: {m: v[m] for m in ("upos", "feats", "upos+feats", "lemma")}
                                         for k, v in both.items()}
    fig["sizes MB"] = {p.name: round(p.stat().st_size / 1e6, 2) for p in
                       [DA / "data" / "stavekontrolden" / "morphology.txt.gz",
                        DA / "models" / "ddt-tagger" / "model.json.gz"]}
    for k, v in fig.items():
        budget = next((f"  (budget {b})" for key, b in BUDGET.items() if k.startswith(key)), "")
        print(f"{k:48} {v}{budget}")
    if args.json:
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
