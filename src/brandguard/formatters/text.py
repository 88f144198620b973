"""Human-readable output: the post with flagged spans marked, the findings, a summary."""

from __future__ import annotations

from typing import Any

from ..models import Finding, Post, Report

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET, _UNDER = "\033[1m", "\033[2m", "\033[0m", "\033[4m"
_LABELS = {
    "da": {"error": "fejl", "warning": "advarsel", "info": "info", "score": "score",
           "verdict": "dom", "pass": "godkendt", "warn": "ret gerne", "block": "blokeret",
           "none": "Ingen bemærkninger.", "suggest": "forslag"},
    "en": {"error": "error", "warning": "warning", "info": "info", "score": "score",
           "verdict": "verdict", "pass": "pass", "warn": "warn", "block": "block",
           "none": "No findings.", "suggest": "suggestion"},
}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a string offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _marked(post: Post, findings: list[Finding], color: bool) -> str:
    spans = sorted({(f.span.start, f.span.end, f.severity) for f in findings if f.span},
                   key=lambda s: (s[0], -s[1]))
    text = post.text
    out: list[str] = []
    pos = 0
    for start, end, sev in spans:
        if start < pos:
            continue  # overlapping spans: the first one is marked
        out.append(text[pos:start])
        inner = text[start:end]
        out.append(f"{_COLORS[sev]}{_UNDER}{inner}{_RESET}" if color else f"⟦{inner}⟧")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def format_text(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                color: bool = False, rules: Any = None) -> str:
    labels = _LABELS.get(lang, _LABELS["da"])
    blocks = []
    for label, post, report in items:
        lines = []
        head = f"{_BOLD}{label}{_RESET}" if color else label
        lines.append(head)
        body = _marked(post, report.findings, color)
        lines.extend("  │ " + ln for ln in body.splitlines() or [""])
        if not report.findings:
            lines.append("  " + labels["none"])
        for f in report.findings:
            where = "%d:%d" % line_col(post.text, f.span.start) if f.span else "—"
            sev = labels[f.severity]
            sev_shown = f"{_COLORS[f.severity]}{sev}{_RESET}" if color else sev
            rid = f"{_DIM}{f.rule_id}{_RESET}" if color else f.rule_id
            lines.append(f"  {where:>7}  {sev_shown}  {f.message}  [{rid}]")
            if f.suggestion:
                lines.append(f"           → {labels['suggest']}: {f.suggestion}")
        counts = report.counts()
        summary = (f"  {labels['score']} {report.score}/100 · {labels['verdict']}: "
                   f"{labels[report.verdict]} · {counts['error']} {labels['error']}, "
                   f"{counts['warning']} {labels['warning']}, {counts['info']} {labels['info']}")
        lines.append(f"{_BOLD}{summary}{_RESET}" if color else summary)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
