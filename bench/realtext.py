"""Real text as the standard of proof for the Danish language rules (issue #11, part 6).

Two corpora of Danish that nobody here wrote, joined three sentences to a post:

- ``ddt``: the sentences of UD Danish-DDT's dev split (edited prose, CC BY-SA 4.0);
- ``leipzig``: 10,000 Danish web sentences from the Leipzig Corpora Collection (CC BY).

Every rule of the ``da`` pack runs over the posts through the public API; the report
gives, per rule, the findings by severity per 1,000 posts, and writes every warning
and error to a review file (rule, severity, post, sentence, span, message,
suggestion). Style metrics (``da.long-sentence``, ``da.lix``) are held to their
documented thresholds instead and reported apart. Findings that only exist because
three sentences were joined (an unpaired quotation mark or bracket whose pair lies in
another source sentence, or across a join) are set aside as artefacts.

With ``--labels`` the findings are scored against the labelled review fixtures
(``tests/data/realtext/*_review.yaml``): precision per rule and false alarms per
1,000 posts; with ``--recall`` the recall corpus (``leipzig_errors.yaml``) is run.

    python bench/realtext.py build          # (re)write the post fixtures from ../shared/data
    python bench/realtext.py                # both corpora, da pack, labels and recall
    python bench/realtext.py --all-packs    # every pack of docs/examples/nordlys-policy.yaml
    python bench/realtext.py --review-dir build/realtext   # write the review files there
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import brandguard as bg

#: libyaml's safe loader where it is built in (the review files are large), else the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "realtext"
SHARED = ROOT.parent / "shared" / "data"
EXAMPLE_POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"

#: The language run: the da pack alone, nothing else switched on.
LANGUAGE_POLICY: dict[str, object] = {"company": {"name": "Test"}, "packs": ["da"]}

CORPORA = ("ddt", "leipzig")
SENTENCES_PER_POST = 3
#: Style metrics: held to their documented thresholds, not to labels.
STYLE_RULES = frozenset({"da.long-sentence", "da.lix"})
#: Rules whose findings can be created by the joining of sentences.
PAIRING_RULES = frozenset({"da.unpaired"})
#: The engine's rule id for a rule that crashed (the post is blocked, fail closed).
INTERNAL = "internal"
#: Severities that count as warnings to review.
REVIEWED = ("warning", "error")
#: The fixed sample of Leipzig posts the test suite runs (every 3rd post: 1,000+ posts
#: spread over the alphabetically sorted file).
SAMPLE_STEP = 3


# ---------------------------------------------------------------------------- corpora

@dataclass(frozen=True)
class RealPost:
    id: str
    text: str
    sentence_ids: tuple[str, ...]
    #: Where each source sentence starts in ``text`` (the sentences are joined by one space).
    starts: tuple[int, ...]

    def sentence_at(self, offset: int) -> int:
        """Index of the source sentence that holds character ``offset``."""
        i = 0
        for k, s in enumerate(self.starts):
            if s <= offset:
                i = k
        return i

    def sentence_text(self, k: int) -> str:
        end = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[k]:end]


def _ddt_sentences(path: Path) -> Iterator[tuple[str, str, str | None]]:
    """(sent_id, text, newdoc id or None) for every sentence of a CoNLL-U file."""
    sid = ""
    doc: str | None = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# newdoc"):
                doc = line.split("=", 1)[1].strip() if "=" in line else line.strip()
            elif line.startswith("# sent_id ="):
                sid = line.split("=", 1)[1].strip()
            elif line.startswith("# text ="):
                yield sid, line.split("=", 1)[1].strip(), doc
                doc = None


def _leipzig_sentences(path: Path) -> Iterator[tuple[str, str, str | None]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for row in reader:
            yield f"leipzig-{int(row[0])}", row[2].strip(), None


def _group(sentences: Iterable[tuple[str, str, str | None]], prefix: str) -> Iterator[dict[str, object]]:
    """Three consecutive sentences to a post; a ``# newdoc`` mark starts a new post."""
    buf: list[tuple[str, str]] = []
    n = 0

    def flush() -> dict[str, object]:
        nonlocal n
        n += 1
        starts, pos = [], 0
        for _, t in buf:
            starts.append(pos)
            pos += len(t) + 1
        return {"id": f"{prefix}-{n:04d}", "text": " ".join(t for _, t in buf),
                "sentence_ids": [i for i, _ in buf], "starts": starts}

    for sid, text, newdoc in sentences:
        if newdoc is not None and buf:
            yield flush()
            buf = []
        buf.append((sid, text))
        if len(buf) == SENTENCES_PER_POST:
            yield flush()
            buf = []
    if buf:
        yield flush()


def build(shared: Path = SHARED, out: Path = DATA) -> dict[str, int]:
    """Write ``posts.jsonl`` for both corpora from the shared data; returns post counts."""
    sources = {
        "ddt": _ddt_sentences(shared / "ud-danish-ddt" / "da_ddt-ud-dev.conllu"),
        "leipzig": _leipzig_sentences(shared / "leipzig-da" / "dan_mixed_2014_10K-sentences.csv"),
    }
    counts = {}
    for name, sents in sources.items():
        (out / name).mkdir(parents=True, exist_ok=True)
        posts = list(_group(sents, "ddt" if name == "ddt" else "lz"))
        with (out / name / "posts.jsonl").open("w", encoding="utf-8") as fh:
            for p in posts:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
        counts[name] = len(posts)
    return counts


def load_posts(corpus: str, *, sample: bool = False) -> list[RealPost]:
    posts = []
    with (DATA / corpus / "posts.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            posts.append(RealPost(d["id"], d["text"], tuple(d["sentence_ids"]), tuple(d["starts"])))
    if sample:
        posts = posts[::SAMPLE_STEP]
    return posts


# ---------------------------------------------------------------------------- running

@dataclass(frozen=True)
class Hit:
    """One finding on one post, with where it lies in the source sentences."""
    post: str
    rule: str
    severity: str
    start: int
    end: int
    span: str
    sentence: str
    message: str
    suggestion: str | None
    #: Set aside: an artefact of joining sentences (a why), or None.
    artefact: str | None = None

    def key(self) -> tuple[str, str, str]:
        return (self.post, self.rule, self.span)


#: A ``)`` that closes nothing by design: a list marker (``2)``, ``b)``) or a smiley (``:o)``).
_LIST_OR_SMILEY = re.compile(r"(?:(?:^|\s)(?:\d{1,2}|[a-zA-Z])|[:;=8][-o0O']?|[-!]\)?)\)$")


def _unbalanced_quotes(sentence: str, mark: str) -> bool:
    """The sentence, taken alone, does not close the quotation family of ``mark``."""
    if mark == '"':
        return sentence.count('"') % 2 == 1
    if mark in "«»":
        return sentence.count("«") != sentence.count("»")
    # „…“ or „…” ; “…” ; ”…” (Danish typesetting uses all three).
    low, left, right = sentence.count("„"), sentence.count("“"), sentence.count("”")
    if low:
        return low != left + right
    if left:
        return left != right
    return right % 2 == 1


def _joining_artefact(post: RealPost, rule: str, start: int, end: int, span: str) -> str | None:
    """Why an unpaired-mark finding is an artefact of joining sentences, or None.

    Set aside: a finding whose span straddles a sentence join; a quotation mark in a
    post where some source sentence, taken alone, leaves that kind of quotation open or
    closes one it did not open (a quotation over several sentences of the original text,
    cut by the post's window or by the corpus's sentence segmentation: the rule then pairs
    the wrong marks, even in a neighbouring sentence); a bracket that opens a source
    sentence and is not closed in it, or closes one at its end that was not opened in it
    (a parenthesis over several sentences). Reviewed, not set aside: everything else,
    including list markers such as ``2)`` inside a sentence."""
    if rule not in PAIRING_RULES:
        return None
    first, last = post.sentence_at(start), post.sentence_at(max(start, end - 1))
    if first != last:
        return "straddles a sentence join"
    mark = span.strip()[:1]
    sents = [post.sentence_text(k) for k in range(len(post.starts))]
    if mark and mark in "\"«»“”„":
        cut = [k for k, t in enumerate(sents) if _unbalanced_quotes(t, mark)]
        if cut:
            return (f"{mark} in a post whose sentence {cut[0] + 1} leaves a quotation open or "
                    "closes one opened before it: quotation cut by the joining")
    if mark in "()":
        for k, t in enumerate(sents):
            depth, cut = 0, ""
            for i, ch in enumerate(t):
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth:
                        depth -= 1
                    elif not _LIST_OR_SMILEY.search(t[:i + 1]):
                        cut = "closes a parenthesis opened before the sentence began"
            if depth and not cut:
                cut = "leaves a parenthesis open past its end"
            if cut:
                return f"bracket in a post whose sentence {k + 1} {cut}: parenthesis cut by the joining"
    return None


def _check(checker: bg.Checker, text: str) -> bg.Report:
    """Check a post; once more if a rule crashed.

    The lexicon's lookup cache can drop forms it was asked for when it clears itself
    (``lexicon.py``, ``lookup_many``: a ``KeyError`` that blocks the post, depending on
    what was looked up before). A second check right after, with the cache refilled,
    goes through; a rule that crashes twice is reported as a crash."""
    report = checker.check(bg.Post(text=text, channel="linkedin"))
    if any(f.rule_id == INTERNAL for f in report.findings):
        report = checker.check(bg.Post(text=text, channel="linkedin"))
    return report


def run(posts: list[RealPost], checker: bg.Checker) -> list[Hit]:
    hits: list[Hit] = []
    for p in posts:
        report = _check(checker, p.text)
        for f in report.findings:
            if f.span is None:
                start, end, span = 0, 0, ""
                sentence = ""
            else:
                start, end, span = f.span.start, f.span.end, f.span.text
                sentence = p.sentence_text(p.sentence_at(start))
            hits.append(Hit(p.id, f.rule_id, f.severity, start, end, span, sentence, f.message,
                            f.suggestion, _joining_artefact(p, f.rule_id, start, end, span)))
    return hits


# ---------------------------------------------------------------------------- labels

@dataclass
class Labels:
    """A review fixture: (post, rule, span) → label, why."""
    entries: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Labels:
        if not path.exists():
            return cls()
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        out: dict[tuple[str, str, str], dict[str, str]] = {}
        for e in doc.get("findings", []):
            out[(e["post"], e["rule"], e["span"])] = e
        return cls(out)

    def label(self, hit: Hit) -> str | None:
        e = self.entries.get(hit.key())
        return e["label"] if e else None


def review_path(corpus: str) -> Path:
    return DATA / f"{corpus}_review.yaml"


def reviewed(hits: Iterable[Hit]) -> list[Hit]:
    """The warnings and errors a reviewer must judge: language rules, no style metric,
    no joining artefact."""
    return [h for h in hits if h.severity in REVIEWED and h.rule not in STYLE_RULES
            and h.rule != INTERNAL and h.artefact is None]


@dataclass
class Tally:
    posts: int
    by_rule: dict[str, Counter[str]]
    labelled: dict[str, Counter[str]]
    unlabelled: list[Hit]
    artefacts: list[Hit]
    style: list[Hit]
    #: Rules that crashed on a post (reported apart: a bug, not a judgement of the text).
    crashes: list[Hit]

    def per_1000(self, n: int) -> float:
        return 1000.0 * n / self.posts if self.posts else 0.0

    @property
    def false_alarms(self) -> int:
        return sum(c["false-alarm"] for c in self.labelled.values())

    @property
    def real_errors(self) -> int:
        return sum(c["real-error"] for c in self.labelled.values())

    @property
    def warnings(self) -> int:
        return self.false_alarms + self.real_errors + len(self.unlabelled)


def tally(posts: list[RealPost], hits: list[Hit], labels: Labels) -> Tally:
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    labelled: dict[str, Counter[str]] = defaultdict(Counter)
    unlabelled: list[Hit] = []
    for h in hits:
        by_rule[h.rule][h.severity] += 1
    for h in reviewed(hits):
        lab = labels.label(h)
        if lab is None:
            unlabelled.append(h)
        else:
            labelled[h.rule][lab] += 1
    return Tally(len(posts), dict(by_rule), dict(labelled), unlabelled,
                 [h for h in hits if h.artefact], [h for h in hits if h.rule in STYLE_RULES],
                 [h for h in hits if h.rule == INTERNAL])


#: A word for the sentence-length check: letters or digits, as the rule counts them.
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")


def style_check(posts: list[RealPost], hits: list[Hit], policy: bg.Policy) -> dict[str, object]:
    """Long sentences and LIX against their documented thresholds.

    A ``da.long-sentence`` warning must lie inside one source sentence (a span over a
    join means the sentence splitter missed a boundary) and count more words than
    ``style.max_sentence_words``."""
    limit = policy.style.max_sentence_words
    by_id = {p.id: p for p in posts}
    long_warn = [h for h in hits if h.rule == "da.long-sentence" and h.severity == "warning"]
    over_join = [h for h in long_warn
                 if by_id[h.post].sentence_at(h.start) != by_id[h.post].sentence_at(max(h.start, h.end - 1))]
    under = [h for h in long_warn if h not in over_join
             and len(_WORD.findall(by_id[h.post].sentence_text(by_id[h.post].sentence_at(h.start)))) <= limit]
    lix = [h for h in hits if h.rule == "da.lix"]
    return {"limit": limit, "long_sentence_warnings": len(long_warn),
            "long_sentence_over_join": over_join,
            "long_sentence_under_limit": under,
            "long_sentence_info": sum(1 for h in hits if h.rule == "da.long-sentence" and h.severity == "info"),
            "lix_max": policy.style.lix_max, "lix_findings": len(lix)}


# ---------------------------------------------------------------------------- recall

#: The error types of the recall corpus (documented in docs/realtext.md and in the file itself).
ERROR_TYPES = ("split-compound", "joined-words", "nutids-r", "verb-form", "wrong-word", "agreement",
               "spelling", "capitalisation", "genitive", "abbreviation", "number-format",
               "punctuation", "repetition")


@dataclass(frozen=True)
class RealError:
    id: str
    sentence: str
    start: int
    end: int
    text: str
    correction: str
    type: str
    sure: bool
    source: str


def load_errors(path: Path | None = None) -> list[RealError]:
    path = path or DATA / "leipzig_errors.yaml"
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return [RealError(e["id"], e["sentence"], e["start"], e["end"], e["text"], e["correction"],
                      e["type"], bool(e["sure"]), e.get("source", "")) for e in doc["errors"]]


def _norm(s: str | None) -> str:
    return (s or "").strip().casefold()


def find_error(err: RealError, checker: bg.Checker) -> tuple[bool, bool]:
    """(found, right suggestion) for one real error, checked as a post of its own.

    Found: a language warning or error whose span overlaps the error's span. Right
    suggestion: one of that finding's suggestions, put in place of its span, gives the
    sentence with the correction in place of the error (or the suggestion equals the
    correction)."""
    report = _check(checker, err.sentence)
    corrected = err.sentence[:err.start] + err.correction + err.sentence[err.end:]
    found = right = False
    for f in report.findings:
        if f.span is None or f.severity not in REVIEWED or f.rule_id in STYLE_RULES:
            continue
        if f.span.start >= err.end or f.span.end <= err.start:
            continue
        found = True
        for s in [f.suggestion, *f.suggestions]:
            if s is None:
                continue
            applied = err.sentence[:f.span.start] + s + err.sentence[f.span.end:]
            if _norm(applied) == _norm(corrected) or _norm(s) == _norm(err.correction):
                right = True
    return found, right


def recall(errors: list[RealError], checker: bg.Checker, *, by: str = "type") -> dict[str, Counter[str]]:
    """Per error type (or per ``source`` with ``by="source"``): sure errors in ``total``,
    ``found``, ``right`` (found with the right suggestion); unsure ones in ``unsure``."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for e in errors:
        c = out[getattr(e, by)]
        if not e.sure:
            c["unsure"] += 1
            continue
        found, right = find_error(e, checker)
        c["total"] += 1
        c["found"] += found
        c["right"] += right
    return dict(out)


# ---------------------------------------------------------------------------- report

def write_review(path: Path, corpus: str, hits: list[Hit]) -> None:
    """Every warning/error finding, with its sentence, for a reviewer (YAML)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"post": h.post, "rule": h.rule, "severity": h.severity, "span": h.span, "start": h.start,
             "sentence": h.sentence, "message": h.message, "suggestion": h.suggestion,
             **({"artefact": h.artefact} if h.artefact else {})}
            for h in hits if h.severity in REVIEWED]
    path.write_text(yaml.safe_dump({"corpus": corpus, "findings": rows}, allow_unicode=True,
                                   sort_keys=False, width=100), encoding="utf-8")


def print_tally(name: str, t: Tally, style: dict[str, object], elapsed: float) -> None:
    print(f"\n== {name}: {t.posts} posts, {elapsed:.1f} s ({1000 * elapsed / max(t.posts, 1):.1f} ms/post)")
    print(f"{'rule':28} {'info':>6} {'warn':>6} {'err':>5} {'warn/1k':>8} {'real':>5} {'false':>5} "
          f"{'unlab':>5} {'prec':>6} {'FA/1k':>7}")
    unl = Counter(h.rule for h in t.unlabelled)
    for rule in sorted(t.by_rule):
        if rule in STYLE_RULES or rule == INTERNAL:
            continue
        c = t.by_rule[rule]
        lab = t.labelled.get(rule, Counter())
        judged = lab["real-error"] + lab["false-alarm"]
        prec = f"{100 * lab['real-error'] / judged:5.0f}%" if judged else "    -"
        art = sum(1 for h in t.artefacts if h.rule == rule)
        print(f"{rule:28} {c['info']:6} {c['warning']:6} {c['error']:5} "
              f"{t.per_1000(c['warning'] + c['error'] - art):8.1f} {lab['real-error']:5} "
              f"{lab['false-alarm']:5} {unl[rule]:5} {prec:>6} {t.per_1000(lab['false-alarm']):7.1f}")
    print(f"{'TOTAL (reviewed warnings)':28} {'':6} {t.warnings:6} {'':5} {t.per_1000(t.warnings):8.1f} "
          f"{t.real_errors:5} {t.false_alarms:5} {len(t.unlabelled):5} {'':6} {t.per_1000(t.false_alarms):7.1f}")
    print(f"set aside as joining artefacts: {len(t.artefacts)}")
    for h in t.crashes:
        print(f"   RULE CRASH on {h.post}: {h.message}")
    for h in t.artefacts[:5]:
        print(f"   {h.post} {h.rule} {h.span!r}: {h.artefact}")
    print(f"style metrics: da.long-sentence {style['long_sentence_warnings']} warnings over "
          f"{style['limit']} words ({t.per_1000(int(style['long_sentence_warnings'])):.0f}/1k posts), "  # type: ignore[call-overload]
          f"{style['long_sentence_info']} advice; spans over a sentence join (splitter missed a "
          f"boundary): {len(style['long_sentence_over_join'])}; "  # type: ignore[arg-type]
          f"da.lix (max {style['lix_max']}): {style['lix_findings']} posts over")


def print_recall(rec: dict[str, Counter[str]], title: str = "type") -> None:
    print(f"\n== recall corpus, by {title}\n{title:16} {'sure':>5} {'found':>6} {'%':>5} {'right':>6} {'unsure':>7}")
    tot: Counter[str] = Counter()
    for typ in sorted(rec):
        c = rec[typ]
        tot.update(c)
        pct = 100 * c["found"] / c["total"] if c["total"] else 0
        print(f"{typ:16} {c['total']:5} {c['found']:6} {pct:5.0f} {c['right']:6} {c['unsure']:7}")
    pct = 100 * tot["found"] / tot["total"] if tot["total"] else 0
    print(f"{'TOTAL':16} {tot['total']:5} {tot['found']:6} {pct:5.0f} {tot['right']:6} {tot['unsure']:7}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="run", choices=("run", "build"))
    ap.add_argument("--corpus", choices=(*CORPORA, "both"), default="both")
    ap.add_argument("--all-packs", action="store_true",
                    help=f"every pack of {EXAMPLE_POLICY.relative_to(ROOT)}, not just da")
    ap.add_argument("--sample", action="store_true", help="the suite's fixed Leipzig sample")
    ap.add_argument("--review-dir", type=Path, default=ROOT / "build" / "realtext",
                    help="where to write the review files (default build/realtext)")
    ap.add_argument("--no-recall", action="store_true")
    args = ap.parse_args(argv)

    if args.command == "build":
        print(build())
        return 0

    policy = bg.load_policy(EXAMPLE_POLICY if args.all_packs else LANGUAGE_POLICY)
    checker = bg.Checker(policy)
    corpora = CORPORA if args.corpus == "both" else (args.corpus,)
    for corpus in corpora:
        posts = load_posts(corpus, sample=args.sample and corpus == "leipzig")
        t0 = time.perf_counter()
        hits = run(posts, checker)
        elapsed = time.perf_counter() - t0
        if args.all_packs:
            hits_lang = [h for h in hits if checker.rule(h.rule).category == "language"]
            other = Counter((h.rule, h.severity) for h in hits if h not in hits_lang)
            print(f"\n== {corpus}, other packs: " + ", ".join(
                f"{r} {s} {n} ({1000 * n / len(posts):.0f}/1k)" for (r, s), n in sorted(other.items())))
        suffix = "-all" if args.all_packs else ""
        write_review(args.review_dir / f"{corpus}{suffix}-findings.yaml", corpus, hits)
        t = tally(posts, hits, Labels.load(review_path(corpus)))
        print_tally(corpus, t, style_check(posts, hits, policy), elapsed)
    print(f"\nreview files in {args.review_dir}")
    if not args.no_recall and (DATA / "leipzig_errors.yaml").exists():
        errors = load_errors()
        lang_checker = bg.Checker(LANGUAGE_POLICY)
        print_recall(recall(errors, lang_checker))
        print_recall(recall(errors, lang_checker, by="source"), "source")
    return 0


if __name__ == "__main__":
    sys.exit(main())
