"""Human-readable output: the post with flagged spans marked, the findings, a summary.

Plain text marks spans as ``⟦…⟧``; with ``color=True`` they are underlined in
the colour of their severity instead. Control characters from the post are shown
as visible symbols (␀, ␛, …) so a post can never send escape sequences to the
terminal; offsets in the finding lines still count the post's own characters.
"""

from __future__ import annotations

import re
from typing import Any

from .. import i18n
from ..frontmatter import line_offset
from ..models import Finding, Post, Report

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_VERDICT_COLORS = {"pass": "\033[32m", "warn": "\033[33m", "block": "\033[31m"}
_BOLD, _DIM, _RESET, _UNDER = "\033[1m", "\033[2m", "\033[0m", "\033[4m"
#: Posts longer than this many lines show only the lines with findings.
MAX_SHOWN_LINES = 40
# C0 controls but tab and newline, DEL, C1 controls, and bidi overrides that
# could reorder what the reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (Control Pictures)
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def safe(text: str) -> str:
    """Text with control characters made visible (never sent raw to a terminal)."""
    return _UNSAFE.sub(_visible, text)


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
        out.append(safe(text[pos:start]))
        inner = safe(text[start:end])
        if color:
            code = _COLORS[sev] + _UNDER
            # Re-open the colour after each line break so the gutter stays plain.
            inner = inner.replace("\n", f"{_RESET}\n{code}")
            out.append(f"{code}{inner}{_RESET}")
        else:
            out.append(f"⟦{inner}⟧")
        pos = end
    out.append(safe(text[pos:]))
    return "".join(out)


def _body(post: Post, findings: list[Finding], color: bool, first_line: int = 0) -> list[str]:
    lines = _marked(post, findings, color).split("\n")
    if len(lines) <= MAX_SHOWN_LINES:
        return [f"  │ {ln}".rstrip(" ") for ln in lines]
    # A long post: only the lines with a flagged span, numbered, gaps shown as ⋮.
    flagged: set[int] = set()
    for f in findings:
        if f.span:
            first = line_col(post.text, f.span.start)[0]
            last = line_col(post.text, max(f.span.start, f.span.end - 1))[0]
            flagged.update(range(first, last + 1))
    if not flagged:  # only findings about the whole post: show how it starts
        flagged = set(range(1, 6))
    width = len(str(len(lines) + first_line))
    out: list[str] = []
    previous = 0
    for number in sorted(flagged):
        if number != previous + 1:
            out.append(f"  {'⋮':>{width}} │")
        # Numbered as in the file (a Markdown post's front matter comes first).
        out.append(f"  {number + first_line:>{width}} │ {lines[number - 1]}".rstrip(" "))
        previous = number
    if previous != len(lines):
        out.append(f"  {'⋮':>{width}} │")
    return out


def _count(n: int, severity: str, lang: str) -> str:
    return i18n.t(lang, f"{severity}s_n", n=n)


def format_text(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                color: bool = False, rules: Any = None, verbose: bool = True) -> str:
    """One block per post: its label, the marked text, one line per finding, a summary.

    With ``verbose=False`` (the command line without ``-v``) posts without findings
    are left out; a tally (several posts) or a one-line "no findings" ends the output.
    """

    def word(key: str) -> str:
        return i18n.t(lang, key)

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    blocks = []
    shown = items if verbose else [item for item in items if item[2].findings]
    for label, post, report in shown:
        lines = [paint(safe(label), _BOLD),
                 *_body(post, report.findings, color, line_offset(label))]
        if not report.findings:
            lines.append("  " + word("text_none"))
        for f in report.findings:
            if f.span:
                line, col = line_col(post.text, f.span.start)
                line += line_offset(label)  # lines of a Markdown post's front matter
                where = f"{line}:{col}"
            else:
                where = word("whole_post")
            sev = paint(word(f.severity), _COLORS[f.severity])
            lines.append(f"  {where:>7}  {sev}  {safe(f.message)}  [{paint(f.rule_id, _DIM)}]")
            if f.suggestion:
                lines.append(f"           → {word('suggestion')}: {safe(f.suggestion)}")
        counts = report.counts()
        verdict = paint(word(report.verdict), _BOLD + _VERDICT_COLORS[report.verdict])
        lines.append(f"  {word('score')} {report.score}/100 · {word('verdict_col')}: {verdict} · "
                     + ", ".join(_count(counts[s], s, lang)
                                 for s in ("error", "warning", "info")))
        blocks.append("\n".join(lines))
    if len(items) > 1:
        tally = {v: sum(1 for _, _, r in items if r.verdict == v)
                 for v in ("block", "warn", "pass")}
        blocks.append(f"{i18n.t(lang, 'posts_n', n=len(items))}: "
                      + ", ".join(f"{n} {word(v)}" for v, n in tally.items() if n))
    elif not shown:
        blocks.append(i18n.t(lang, "all_clean", posts=i18n.t(lang, "posts_n", n=len(items))))
    return "\n\n".join(blocks) + "\n"
