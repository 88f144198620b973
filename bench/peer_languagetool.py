"""Peer suite: brandguard's Danish language rules on LanguageTool's Danish rule examples.

Reads ../shared/peer/languagetool-da/examples.jsonl (105 sentences with a marked
error, 128 without) and prints

- recall: the share of incorrect sentences where a ``language`` finding overlaps
  the marked span, overall and for rules that need no POS tagger;
- false alarms: the share of correct sentences with any ``language`` warning or
  error (sentences listed in KNOWN_ERRORS contain another real error and are
  left out of the count);

for the rules LanguageTool enables by default, and for all rules. Run with
``make peer`` or ``python bench/peer_languagetool.py [path/to/examples.jsonl]``.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brandguard as bg

_REPO = Path(__file__).resolve().parents[1]
#: The shared peer suite beside the checkout, else the copy in tests/data (same file,
#: LGPL 2.1+, see tests/data/languagetool-da/README.md), so every clone can run it.
_SHARED = _REPO.parent / "shared" / "peer" / "languagetool-da" / "examples.jsonl"
_VENDORED = _REPO / "tests" / "data" / "languagetool-da" / "examples.jsonl"
DEFAULT_PATH = Path(os.environ.get("BRANDGUARD_PEER_LT", _SHARED if _SHARED.exists() else _VENDORED))

#: The policy: the test suite's Nordlys Energi policy (tests/conftest.py BASE_POLICY).
POLICY: dict[str, Any] = {
    "company": {"name": "Nordlys Energi", "aliases": ["Nordlys"], "domains": ["nordlys.dk"],
                "products": ["Nordlys Varmepumpe", "SolPakke"]},
    "language": "da",
    "tone": {"address": "du", "max_exclamations": 2, "max_emojis": 6},
    "style": {"lix_max": 45, "max_sentence_words": 30,
              "terminology": {"Nordlys energi": "Nordlys Energi"}},
}

#: "Correct" examples (correct for their own LanguageTool rule) that contain another
#: real error, with the reason. They are not counted as false alarms.
KNOWN_ERRORS: dict[str, str] = {
    "Her er trehundrede som er stavet forkert, men ikke fanges her.":
        "`trehundrede` is written apart (`tre hundrede`); LanguageTool's talord[2] flags it.",
    "Tretusindetohundrede er forkert korrekt stavet, men fanges ikke her.":
        "`Tretusindetohundrede` → `Tre tusinde to hundrede` (talord[1]).",
    "Trehundredeoghalvtreds fanges ikke her, men er forket stavet.":
        "`Trehundredeoghalvtreds` (talord[1]) and the misspelling `forket`.",
    "Hvordan bilver vi kunde?":
        "misspelling `bilver` (→ `bliver`).",
    "Der skulde rigtignok have været læst, men det kunne han jo ikke nu.":
        "archaic `skulde` (→ `skulle`), as the README notes.",
    "Tufu naturel restaurationen.":
        "not a sentence; `Tufu` is a misspelling of `Tofu`.",
    "I år 753f.kr. blev Rom grundlagt.":
        "`753f.kr.` lacks the space and the capital K (`753 f.Kr.`).",
}


@dataclass
class Tally:
    incorrect: int = 0
    caught: int = 0
    correct: int = 0
    alarms: int = 0
    missed: list[str] = field(default_factory=list)
    alarm_texts: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.incorrect if self.incorrect else 1.0

    @property
    def alarm_rate(self) -> float:
        return self.alarms / self.correct if self.correct else 0.0


def load(path: Path = DEFAULT_PATH) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(examples: list[dict[str, Any]], checker: bg.Checker | None = None) -> dict[str, Tally]:
    """Tallies for: enabled, enabled_no_tagger, all, all_no_tagger."""
    checker = checker or bg.Checker(POLICY)
    tallies = {k: Tally() for k in ("enabled", "enabled_no_tagger", "all", "all_no_tagger")}
    cache: dict[str, list[bg.Finding]] = {}
    for ex in examples:
        text = ex["text"]
        if text not in cache:
            cache[text] = [f for f in checker.check(bg.Post(text=text)).findings
                           if f.category == "language"]
        findings = cache[text]
        keys = ["all"] + (["enabled"] if not ex["default_off"] else [])
        keys += [k + "_no_tagger" for k in list(keys) if not ex["uses_postag"]]
        if ex["kind"] == "incorrect":
            m = ex["marker"]
            hit = any(f.span and f.span.start < m["end"] and m["start"] < f.span.end for f in findings)
            for k in keys:
                t = tallies[k]
                t.incorrect += 1
                t.caught += hit
                if not hit:
                    t.missed.append(f"{ex['rule_id']}: {text}")
        else:
            if text in KNOWN_ERRORS:
                continue
            loud = [f for f in findings if f.severity in ("warning", "error")]
            for k in keys:
                t = tallies[k]
                t.correct += 1
                t.alarms += bool(loud)
                if loud:
                    t.alarm_texts.append(f"{ex['rule_id']}: {text} ← "
                                         + ", ".join(f"{f.rule_id} {f.span.text if f.span else ''}"
                                                     for f in loud))
    return tallies


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    if not path.exists():
        print(f"peer data not found: {path}", file=sys.stderr)
        return 2
    tallies = evaluate(load(path))
    print(f"LanguageTool Danish rule examples ({path})")
    print(f"{'set':<20}{'recall':>16}{'false alarms':>22}")
    for name, t in tallies.items():
        print(f"{name:<20}{t.caught:>5}/{t.incorrect:<4} {t.recall:6.1%}"
              f"{t.alarms:>8}/{t.correct:<4} {t.alarm_rate:6.1%}")
    en = tallies["enabled"]
    if en.missed:
        print("\nmissed (enabled):")
        for line in en.missed:
            print("  " + line)
    if en.alarm_texts:
        print("\nfalse alarms (enabled):")
        for line in en.alarm_texts:
            print("  " + line)
    print(f"\n{len(KNOWN_ERRORS)} correct sentences with another real error are left out "
          "(KNOWN_ERRORS in this script).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
