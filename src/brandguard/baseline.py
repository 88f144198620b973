"""A baseline: findings a person has looked at and accepted, kept outside the post.

A comment in a post would be published, so suppressions live in a file beside
the posts. Each accepted finding is keyed by what identifies it for a reader,
not by where it is: the rule id, the post (its id or file), the flagged text,
and a short normalised window of the words around it. Offsets are left out on
purpose, so a finding stays accepted when text elsewhere in the post changes,
and becomes new again when the flagged words themselves, or the words right
around them, change. Whole-post findings are keyed by rule and post alone.

The file is JSON, sorted and stable, so it diffs well in a repository::

    {"version": 1, "tool": "brandguard", "findings": [
       {"rule": "da.genitive-apostrophe", "post": "posts/2026-03.md",
        "text": "Nordlys's", "context": "tak til nordlys's montører i", "count": 1}]}
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import Finding, Report

VERSION = 1
#: Words of context on each side of a finding's span.
CONTEXT_WORDS = 3
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_BOUNDARY = re.compile(r"[.!?…]\s|\n")


class BaselineError(ValueError):
    """The baseline file is not a brandguard baseline (the CLI shows it as one line)."""


@dataclass(frozen=True, slots=True)
class Key:
    """What identifies an accepted finding."""

    rule: str
    post: str
    text: str
    context: str

    def fingerprint(self) -> str:
        """A short stable hash (SARIF ``partialFingerprints``)."""
        raw = "\x1f".join((self.rule, self.post, self.text, self.context))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def context_window(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> str:
    """The span with up to ``words`` words on each side within its sentence,
    normalised (case, spacing).

    The window stops at a sentence end or line break, so a sentence added
    before or after leaves it alone.
    """
    before_text = _BOUNDARY.split(text[max(0, start - 200):start])[-1]
    after_text = _BOUNDARY.split(text[end:end + 200])[0]
    before = _WORD.findall(before_text)[-words:] if words else []
    after = _WORD.findall(after_text)[:words] if words else []
    return _norm(" ".join([*before, text[start:end], *after]))


def finding_key(finding: Finding, post_key: str, text: str) -> Key:
    """The baseline key of a finding in the post ``post_key`` whose text is ``text``."""
    if finding.span is None:
        return Key(finding.rule_id, post_key, "", "")
    s, e = finding.span.start, finding.span.end
    return Key(finding.rule_id, post_key, _norm(text[s:e]), context_window(text, s, e))


class Baseline:
    """Accepted findings, each with how many times it may occur in its post."""

    def __init__(self, counts: Counter[Key] | None = None) -> None:
        self.counts: Counter[Key] = counts or Counter()

    def __len__(self) -> int:
        return sum(self.counts.values())

    @classmethod
    def from_reports(cls, items: Iterable[tuple[str, str, Report]]) -> Baseline:
        """A baseline accepting every finding in ``(post key, text, report)`` items."""
        counts: Counter[Key] = Counter()
        for post_key, text, report in items:
            for f in report.findings:
                if f.rule_id != "internal":  # a broken rule is never accepted
                    counts[finding_key(f, post_key, text)] += 1
        return cls(counts)

    def split(self, report: Report, *, key: str, text: str) -> tuple[list[Finding], list[Finding]]:
        """``(new, accepted)`` findings of a report of the post ``key``."""
        budget = Counter({k: n for k, n in self.counts.items() if k.post == key})
        new: list[Finding] = []
        accepted: list[Finding] = []
        for f in report.findings:
            k = finding_key(f, key, text)
            if f.rule_id != "internal" and budget[k] > 0:
                budget[k] -= 1
                accepted.append(f)
            else:
                new.append(f)
        return new, accepted

    def filter(self, report: Report, *, key: str, text: str) -> Report:
        """The report without its accepted findings; verdict and scores are recomputed."""
        new, accepted = self.split(report, key=key, text=text)
        if not accepted:
            return report
        from .score import scores, verdict

        overall, per = scores(new, int(report.figures.get("words", 0)) or _words(text))
        figures = dict(report.figures)
        figures["baseline_accepted"] = float(len(accepted))
        return report.model_copy(update={"findings": new, "score": overall, "scores": per,
                                         "verdict": verdict(new), "figures": figures})

    # --- file ------------------------------------------------------------------------------

    def to_json(self) -> str:
        entries = [{"rule": k.rule, "post": k.post, "text": k.text, "context": k.context,
                    "count": n}
                   for k, n in sorted(self.counts.items(),
                                      key=lambda kv: (kv[0].post, kv[0].rule, kv[0].text,
                                                      kv[0].context))]
        body = {"version": VERSION, "tool": "brandguard", "findings": entries}
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def loads(cls, text: str) -> Baseline:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(f"not JSON: {exc.msg} (line {exc.lineno})") from None
        if not isinstance(data, dict) or data.get("tool") != "brandguard":
            raise BaselineError("not a brandguard baseline (create one with "
                                "'brandguard baseline create')")
        if data.get("version") != VERSION:
            raise BaselineError(f"version {data.get('version')!r}; this brandguard reads "
                                f"version {VERSION}")
        counts: Counter[Key] = Counter()
        for i, entry in enumerate(data.get("findings") or []):
            try:
                key = Key(str(entry["rule"]), str(entry["post"]), str(entry.get("text", "")),
                          str(entry.get("context", "")))
                counts[key] += int(entry.get("count", 1))
            except (KeyError, TypeError, ValueError, AttributeError):
                raise BaselineError(f"findings[{i}]: expected rule, post, text, context "
                                    "and count") from None
        return cls(counts)

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        return cls.loads(Path(path).read_text(encoding="utf-8"))


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def post_key(label: str, post: Any) -> str:
    """How a baseline names a post: its id, else the file (or label) it was read from."""
    return getattr(post, "id", None) or label
