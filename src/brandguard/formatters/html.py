"""An HTML report for editors: one self-contained file, no scripts, no network.

Each post is shown with its findings highlighted by severity
(``<mark class="sev-warning" data-rule="…">``), the messages and suggestions
beside the text, and the score of each category. A report of several posts
opens with a summary: verdict counts, findings by category and by rule, and
the distribution of scores, drawn as inline SVG. The CSS is inline and
responsive (one column on a phone).

The markup is a Jinja2 template with autoescape (``templates/report.html.j2``,
its CSS ``templates/report.css``): everything from a post, a rule or the caller is
escaped by the template engine. This module prepares the data: labels in the
report's language, the text cut into highlighted segments, the chart rows.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup, escape

from .. import __version__
from ..models import CATEGORIES, SEVERITY_RANK, Finding, Post, Report

_L = {
    "da": {"error": "fejl", "warning": "advarsel", "info": "info", "pass": "godkendt",
           "warn": "ret gerne", "block": "blokeret", "score": "Score", "posts": "opslag",
           "findings": "bemærkninger", "none": "Ingen bemærkninger.", "suggest": "Forslag",
           "summary": "Oversigt", "by_verdict": "Opslag efter dom",
           "by_category": "Bemærkninger efter kategori", "by_rule": "Hyppigste regler",
           "scores": "Fordeling af score", "generated": "Lavet", "whole": "hele opslaget",
           "narrative": "fortælling", "tone": "tone", "language": "sprog", "spam": "spam",
           "compliance": "regler og lov", "format": "format", "internal": "intern",
           "rule": "regel", "count": "antal", "title": "brandguard-rapport",
           "categories": "Score pr. kategori", "contents": "Opslag", "errors": "fejl",
           "warnings": "advarsler", "infos": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info", "pass": "pass",
           "warn": "warn", "block": "block", "score": "Score", "posts": "posts",
           "findings": "findings", "none": "No findings.", "suggest": "Suggestion",
           "summary": "Summary", "by_verdict": "Posts by verdict",
           "by_category": "Findings by category", "by_rule": "Most frequent rules",
           "scores": "Distribution of scores", "generated": "Generated", "whole": "whole post",
           "narrative": "narrative", "tone": "tone", "language": "language", "spam": "spam",
           "compliance": "compliance", "format": "format", "internal": "internal",
           "rule": "rule", "count": "count", "title": "brandguard report",
           "categories": "Score by category", "contents": "Posts", "errors": "errors",
           "warnings": "warnings", "infos": "info"},
}

_COLORS = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0", "pass": "#2e7d32",
           "warn": "#b26a00", "block": "#c62828"}


class _OneLine(Extension):
    """Drops every line break of a template's source and the indentation after it, so
    the templates are written one element a line and the report is one line."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(r"\n[ \t]*", "", source)


@cache
def _template(name: str = "report.html.j2") -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("brandguard.formatters", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, extensions=[_OneLine],
        auto_reload=False)
    return env.get_template(name)


class _Row(NamedTuple):
    label: str
    value: int
    color: str
    shown: str
    w: float
    text_y: int
    rect_y: int
    value_x: float


class _Chart(NamedTuple):
    id: str
    title: str
    width: int
    height: int
    label_width: int
    text_x: int
    bar_height: int
    rows: list[_Row]


class _PostView(NamedTuple):
    anchor: str
    label: str
    verdict: str
    score: int
    findings: list[Finding]
    segments: list[tuple[str, tuple[str, str, str] | None]]
    categories: list[tuple[str, int, str]]


@cache
def _safe_labels(lang: str) -> dict[str, Markup]:
    """The labels (constants of this module, escaped once) as markup, so the template
    does not escape them again for every post."""
    return {k: Markup(escape(v)) for k, v in _L.get(lang, _L["da"]).items()}


def _worst(findings: Iterable[Finding]) -> str:
    return max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__)


def segments(text: str, findings: list[Finding], anchor: str
             ) -> list[tuple[str, tuple[str, str, str] | None]]:
    """The post's text cut at every span boundary: ``(text, mark)`` pieces, where
    ``mark`` is ``(worst severity, rule ids, finding anchors)`` of the findings
    covering the piece, or None."""
    spans = [(f.span.start, f.span.end, i, f) for i, f in enumerate(findings, 1)
             if f.span is not None and f.span.end > f.span.start]
    if not spans:
        return [(text, None)]
    bounds = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[tuple[str, tuple[str, str, str] | None]] = []
    for a, b in itertools.pairwise(bounds):
        covering = [(i, f) for s, e, i, f in spans if s <= a and e >= b]
        if not covering:
            out.append((text[a:b], None))
            continue
        sev = _worst(f for _, f in covering)
        rules = " ".join(dict.fromkeys(f.rule_id for _, f in covering))
        refs = " ".join(f"{anchor}f{i}" for i, _ in covering)
        out.append((text[a:b], (sev, rules, refs)))
    return out


def highlight(text: str, findings: list[Finding], anchor: str) -> str:
    """The post's text, escaped, with each finding's span in a ``<mark>``.

    Overlapping spans are cut into segments at every boundary; a segment is
    marked with the worst severity covering it and lists every rule that does.
    """
    return str(_template("macros.html.j2").module.highlight(segments(text, findings, anchor)))  # type: ignore[attr-defined]


def _bar_class(score: int) -> str:
    return "lo" if score < 50 else "mid" if score < 80 else ""


def _post(n: int, label: str, post: Post, report: Report, labels: dict[str, str]) -> _PostView:
    anchor = f"p{n}"
    cats = [(labels.get(c, c), s, _bar_class(s))
            for c, s in ((c, report.scores.get(c, 100)) for c in CATEGORIES)]
    return _PostView(anchor, label, report.verdict, report.score, report.findings,
                     segments(post.text, report.findings, anchor), cats)


def _chart(rows: list[tuple[str, int, str]], *, chart_id: str, title: str,
           label_width: int = 130) -> _Chart:
    row_h, width = 24, 360
    top = max((v for _, v, _ in rows), default=0) or 1
    span = width - label_width - 50
    out = []
    for k, (label, value, color) in enumerate(rows):
        y = k * row_h + 2
        w = round(span * value / top, 1)
        shown = label if len(label) <= 22 else label[:21] + "…"
        out.append(_Row(label, value, color, shown, w, y + 16, y + 3, label_width + w + 6))
    return _Chart(chart_id, title, width, max(1, len(rows)) * row_h + 4, label_width,
                  label_width - 6, row_h - 8, out)


def bar_chart(rows: list[tuple[str, int, str]], *, chart_id: str, title: str,
              label_width: int = 130) -> str:
    """A horizontal bar chart as inline SVG: one ``(label, value, colour)`` a row."""
    chart = _chart(rows, chart_id=chart_id, title=title, label_width=label_width)
    return str(_template("macros.html.j2").module.bar_chart(chart))  # type: ignore[attr-defined]


def _summary(items: list[tuple[str, Post, Report]], labels: dict[str, str]) -> dict[str, Any]:
    verdicts = Counter(r.verdict for _, _, r in items)
    severities: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    bins = [0] * 10
    for _, _, report in items:
        for f in report.findings:
            severities[f.severity] += 1
            categories[f.category] += 1
            rules[f.rule_id] += 1
        bins[min(9, report.score // 10)] += 1
    total = sum(severities.values())
    totals = [("posts", len(items), labels["posts"]), ("findings", total, labels["findings"]),
              ("error", severities["error"], labels["errors"]),
              ("warning", severities["warning"], labels["warnings"]),
              ("info", severities["info"], labels["infos"])]
    cats = [*CATEGORIES, *(["internal"] if categories["internal"] else [])]
    score_rows = [(f"{10 * k}–{10 * k + 9 if k < 9 else 100}", bins[k],
                   _COLORS["block"] if k < 5 else _COLORS["warn"] if k < 8 else _COLORS["pass"])
                  for k in range(10)]
    charts = [
        _chart([(labels[v], verdicts[v], _COLORS[v]) for v in ("pass", "warn", "block")],
               chart_id="chart-verdicts", title=labels["by_verdict"]),
        _chart([(labels.get(c, c), categories[c], "#546e7a") for c in cats],
               chart_id="chart-categories", title=labels["by_category"]),
        _chart([(rid, n, "#6d4c41") for rid, n in rules.most_common(15)],
               chart_id="chart-rules", title=labels["by_rule"], label_width=170),
        _chart(score_rows, chart_id="chart-scores", title=labels["scores"], label_width=70),
    ]
    # Links to the posts an editor must look at first: blocked, then those to improve.
    toc = []
    for verdict in ("block", "warn"):
        links = [(n, label) for n, (label, _, r) in enumerate(items, 1) if r.verdict == verdict]
        if links:
            toc.append((verdict, links))
    return {"totals": totals, "charts": charts, "toc": toc}


def format_html(items: list[tuple[str, Post, Report]], *, lang: str = "da", color: bool = False,
                rules: Any = None, title: str | None = None) -> str:
    """The whole report as one HTML document."""
    labels = _L.get(lang, _L["da"])
    return _template().render(
        lang=lang, L=_safe_labels(lang), heading=title or labels["title"],
        stamp=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), version=__version__,
        summary=_summary(items, labels) if len(items) > 1 else None,
        posts=[_post(n, label, post, report, labels)
               for n, (label, post, report) in enumerate(items, 1)])
