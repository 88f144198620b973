"""Intent corpus (issue 12): how much undisclosed advertising, weak disclosure,
unsubstantiated claims, pressure, attacks, leaks, personal data and party politics the
checker finds in posts written blind to the rules, and how many clean posts it flags.

Reads tests/data/intent/posts.yaml (see docs/intent-corpus.md), checks every post with
``bg.Checker(bg.load_policy("docs/examples/nordlys-policy.yaml"))`` and prints, per kind:

- found: the share of expected findings that the checker reports — a finding counts
  when its rule id (or category, or an id under the expected prefix) is one the entry
  accepts, its severity is at least the expected one, and its span overlaps the
  expected span text (or it is about the whole post);
- clean flagged: the share of posts expected to be clean (near misses and the clean
  posts) that get any warning or error, from any rule.

Run with ``python bench/intent.py`` (``-v`` lists every miss and false flag, ``--json``
prints the figures as JSON).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import brandguard as bg

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "intent" / "posts.yaml"
POLICY = REPO / "docs" / "examples" / "nordlys-policy.yaml"

#: The kinds of problem, in report order; "clean" holds the stand-alone clean posts.
PROBLEM_KINDS = ("advert", "weak-disclosure", "claim", "pressure", "attack",
                 "confidential", "personal-data", "politics")
KINDS = (*PROBLEM_KINDS, "clean")
SEVERITIES = ("warning", "error")
_RANK = {"info": 0, "warning": 1, "error": 2}
#: Asks every company post to touch a theme (policy ``narrative.min_themes``): a policy
#: choice, not intent, so the report also gives the clean figure without it.
KEY_MESSAGE = "narrative.key-message"
#: Rule ids the corpus proposes (issue 12) that no rule has yet.
PROPOSED_IDS = frozenset({"tone.claim", "tone.attack", "compliance.address",
                          "narrative.politics"})


@dataclass(frozen=True)
class Expectation:
    rules: tuple[str, ...]
    severity: str
    #: Pieces of the text that carry the problem; a finding on any of them counts.
    spans: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    channel: str
    text: str
    expect: tuple[Expectation, ...]
    pair: str | None
    why: str
    post: dict[str, Any] = field(default_factory=dict)
    genre: str | None = None

    def to_post(self) -> bg.Post:
        return bg.Post(text=self.text, channel=self.channel, id=self.id, **self.post)


@dataclass
class Outcome:
    entry: Entry
    findings: list[bg.Finding]
    #: For each expectation: was it found?
    found: list[bool]

    @property
    def flagged(self) -> list[bg.Finding]:
        """The warnings and errors (what makes an editor stop)."""
        return [f for f in self.findings if _RANK[f.severity] >= 1]


@dataclass
class KindTally:
    expected: int = 0
    found: int = 0
    problem_posts: int = 0
    problem_posts_all_found: int = 0
    problem_posts_any_found: int = 0
    clean_posts: int = 0
    clean_flagged: int = 0
    #: Clean posts flagged by a rule other than narrative.key-message.
    clean_flagged_other: int = 0

    @property
    def found_share(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def flagged_share(self) -> float:
        return self.clean_flagged / self.clean_posts if self.clean_posts else 0.0

    @property
    def flagged_other_share(self) -> float:
        return self.clean_flagged_other / self.clean_posts if self.clean_posts else 0.0


def load(path: Path = CORPUS) -> list[Entry]:
    """Read and validate the corpus; raises ValueError naming the entry at fault."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of entries")
    entries: list[Entry] = []
    for item in raw:
        eid = item.get("id", "?")
        if item.get("kind") not in KINDS:
            raise ValueError(f"{eid}: unknown kind {item.get('kind')!r}")
        expects = []
        for exp in item.get("expect") or []:
            rules = exp["rule"] if isinstance(exp["rule"], list) else [exp["rule"]]
            if exp.get("severity") not in SEVERITIES:
                raise ValueError(f"{eid}: severity must be one of {SEVERITIES}")
            spans = exp["span"] if isinstance(exp["span"], list) else [exp["span"]]
            for span in spans:
                if span not in item["text"]:
                    raise ValueError(f"{eid}: span {span!r} is not in the text")
            expects.append(Expectation(tuple(rules), exp["severity"], tuple(spans)))
        entries.append(Entry(id=eid, kind=item["kind"], channel=item["channel"],
                             text=item["text"], expect=tuple(expects),
                             pair=item.get("pair"), why=item.get("why", ""),
                             post=dict(item.get("post") or {}), genre=item.get("genre")))
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"duplicate ids: {dupes}")
    by_id = {e.id: e for e in entries}
    for e in entries:
        if e.pair is None:
            continue
        twin = by_id.get(e.pair)
        if twin is None or twin.pair != e.id or twin.kind != e.kind:
            raise ValueError(f"{e.id}: its pair {e.pair!r} does not point back (same kind)")
        if bool(twin.expect) == bool(e.expect):
            raise ValueError(f"{e.id}: a pair is one problem post and one clean near miss")
    return entries


def _matches(f: bg.Finding, exp: Expectation, text: str) -> bool:
    if _RANK[f.severity] < _RANK[exp.severity]:
        return False
    if not any(f.rule_id == r or f.category == r or f.rule_id.startswith(r + ".")
               for r in exp.rules):
        return False
    if f.span is None:
        return True
    for piece in exp.spans:
        start = text.find(piece)
        while start >= 0:
            if f.span.start < start + len(piece) and start < f.span.end:
                return True
            start = text.find(piece, start + 1)
    return False


def run(entries: list[Entry], checker: bg.Checker | None = None) -> list[Outcome]:
    checker = checker or bg.Checker(bg.load_policy(POLICY))
    outcomes = []
    for e in entries:
        findings = checker.check(e.to_post()).findings
        found = [any(_matches(f, exp, e.text) for f in findings) for exp in e.expect]
        outcomes.append(Outcome(e, findings, found))
    return outcomes


def tally(outcomes: list[Outcome]) -> dict[str, KindTally]:
    """Per kind, plus "all" (every kind) under its own key."""
    out = {k: KindTally() for k in (*KINDS, "all")}
    for o in outcomes:
        for key in (o.entry.kind, "all"):
            t = out[key]
            if o.entry.expect:
                t.problem_posts += 1
                t.expected += len(o.found)
                t.found += sum(o.found)
                t.problem_posts_all_found += all(o.found)
                t.problem_posts_any_found += any(o.found)
            else:
                t.clean_posts += 1
                t.clean_flagged += bool(o.flagged)
                t.clean_flagged_other += any(f.rule_id != KEY_MESSAGE for f in o.flagged)
    return out


def false_flag_rules(outcomes: list[Outcome]) -> Counter[str]:
    """Which rules flag the clean posts (a rule counted once per post)."""
    c: Counter[str] = Counter()
    for o in outcomes:
        if not o.entry.expect:
            c.update({f.rule_id for f in o.flagged})
    return c


def _pct(x: float) -> str:
    return f"{100 * x:5.1f} %"


def report(outcomes: list[Outcome], *, verbose: bool = False) -> str:
    t = tally(outcomes)
    lines = [f"Intent corpus: {len(outcomes)} posts ({CORPUS.relative_to(REPO)})", "",
             f"{'kind':<16} {'problems':>8} {'found':>8} {'posts ok':>9} {'posts any':>9}"
             f" {'clean':>6} {'flagged':>8} {'w/o key-message':>16}"]
    for k in (*KINDS, "all"):
        k_t = t[k]
        found = _pct(k_t.found_share) if k_t.expected else "      -"
        n = k_t.problem_posts
        posts_ok = f"{k_t.problem_posts_all_found}/{n}" if n else "-"
        posts_any = f"{k_t.problem_posts_any_found}/{n}" if n else "-"
        lines.append(f"{k:<16} {k_t.expected:>8} {found:>8} {posts_ok:>9} {posts_any:>9}"
                     f" {k_t.clean_posts:>6} {_pct(k_t.flagged_share):>8}"
                     f" {_pct(k_t.flagged_other_share):>16}")
    flaggers = ", ".join(f"{r} {n}" for r, n in false_flag_rules(outcomes).most_common())
    lines += ["", f"found: expected findings reported (rule, severity ≥, span); posts ok: every"
              f" expectation of the post found; posts any: at least one;"
              f" flagged: clean posts with a warning or error;"
              f" w/o key-message: the same, leaving out {KEY_MESSAGE}.",
              "", "Rules that flag clean posts (posts): " + (flaggers or "none")]
    if verbose:
        lines += ["", "Misses:"]
        for o in outcomes:
            for exp, ok in zip(o.entry.expect, o.found, strict=True):
                if not ok:
                    got = ", ".join(f"{f.rule_id}/{f.severity}" for f in o.findings) or "nothing"
                    lines.append(f"  {o.entry.id}: want {'|'.join(exp.rules)} ≥ {exp.severity}"
                                 f" on «{' | '.join(exp.spans)}»; got {got}")
        lines += ["", "False flags:"]
        for o in outcomes:
            if not o.entry.expect and o.flagged:
                got = "; ".join(f"{f.rule_id}/{f.severity}"
                                f"{' «' + f.span.text + '»' if f.span else ''}" for f in o.flagged)
                lines.append(f"  {o.entry.id}: {got}")
    return "\n".join(lines)


def figures(outcomes: list[Outcome]) -> dict[str, dict[str, float | int]]:
    return {k: {"expected": v.expected, "found": v.found, "found_share": round(v.found_share, 4),
                "problem_posts": v.problem_posts,
                "problem_posts_all_found": v.problem_posts_all_found,
                "problem_posts_any_found": v.problem_posts_any_found,
                "clean_posts": v.clean_posts, "clean_flagged": v.clean_flagged,
                "flagged_share": round(v.flagged_share, 4),
                "clean_flagged_other": v.clean_flagged_other,
                "flagged_other_share": round(v.flagged_other_share, 4)}
            for k, v in tally(outcomes).items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false flags")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    outcomes = run(load(args.corpus))
    print(json.dumps(figures(outcomes), indent=2) if args.json
          else report(outcomes, verbose=args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
