"""Apply the suggestions that are safe to apply without a person reading them.

A rule declares ``safe_fix = True`` when its suggestion is a replacement for the
flagged span that cannot change what the post says: the company's spelling of
its own name, ``25%`` → ``25 %``, a missing apostrophe in a genitive, one space
instead of two. Only findings of such rules with a span and a suggestion are
applied; where two overlap, the first (leftmost) wins and the other is left for
the next run. Everything else is left for a person.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .models import Finding


@dataclass
class FixResult:
    """The fixed text, the findings applied, and those left for a person."""

    original: str
    text: str
    applied: list[Finding] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


def is_fixable(finding: Finding) -> bool:
    """A safe rule's replacement for a span (an empty suggestion deletes the span)."""
    return finding.safe_fix and finding.span is not None and finding.suggestion is not None


def apply_fixes(text: str, findings: list[Finding]) -> FixResult:
    """Apply every safe, non-overlapping fix; offsets are into ``text`` (the post)."""
    chosen: list[Finding] = []
    left: list[Finding] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.span.start, f.span.end) if f.span else (-1, -1)):
        if not is_fixable(f):
            left.append(f)
            continue
        assert f.span is not None
        if f.span.start < end or text[f.span.start:f.span.end] != f.span.text:
            left.append(f)  # overlaps a fix already chosen, or the text is not what was checked
            continue
        chosen.append(f)
        end = max(end, f.span.end)
    out = text
    # Right to left, so the offsets of the fixes still to apply do not move.
    for f in reversed(chosen):
        assert f.span is not None and f.suggestion is not None
        out = out[:f.span.start] + f.suggestion + out[f.span.end:]
    left.sort(key=lambda f: (f.span.start if f.span else -1, f.rule_id))
    return FixResult(original=text, text=out, applied=chosen, left=left)


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of a file's text (``a/`` and ``b/`` names, as git shows them)."""
    name = path.lstrip("/")
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
