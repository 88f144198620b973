"""SARIF 2.1.0 output (``--format sarif``) for code-review systems.

For teams that keep posts as files in a repository: each finding becomes a
result with the rule's id, a level, the message, and a region in the file
(1-based lines and columns). Columns are counted in UTF-16 code units, SARIF's
default, and the run says so explicitly (``columnKind``), so an emoji before a
finding does not shift the marker in GitHub's or VS Code's viewer. Rule metadata
(summary, rationale, default severity) goes into ``tool.driver.rules``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..baseline import finding_key
from ..frontmatter import line_offset
from ..models import Finding, Post, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/brandguard/"
_INTERNAL = {
    "id": "internal",
    "name": "Internal",
    "shortDescription": {"text": "A rule failed while checking the post."},
    "fullDescription": {"text": "A rule raised an error. brandguard fails closed: the post is "
                                "blocked until the rule is fixed."},
    "defaultConfiguration": {"level": "error"},
}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def region(text: str, start: int, end: int, first_line: int = 0) -> dict[str, int]:
    """A SARIF region (1-based; ``endColumn`` is the column after the last character)."""

    def position(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        line_start = text.rfind("\n", 0, offset) + 1
        return line + first_line, _utf16_len(text[line_start:offset]) + 1

    start_line, start_col = position(start)
    end_line, end_col = position(end)
    return {"startLine": start_line, "startColumn": start_col,
            "endLine": end_line, "endColumn": end_col}


def artifact_uri(label: str) -> str | None:
    """A relative URI for a file label (None for stdin)."""
    if label in ("<stdin>", "-", ""):
        return None
    path = PurePath(label)
    if path.is_absolute():
        return Path(label).as_uri()
    return quote(path.as_posix(), safe="/._-~")


def _descriptor(rule: Any) -> dict[str, Any]:
    meta = rule.describe()
    out: dict[str, Any] = {
        "id": meta["id"],
        "name": "".join(part.capitalize() for part in
                        meta["id"].replace("-", ".").split(".")),
        "shortDescription": {"text": meta["summary"]},
        "fullDescription": {"text": meta["rationale"]},
        "help": {"text": meta["rationale"],
                 "markdown": f"**{meta['summary']}**\n\n{meta['rationale']}"},
        "defaultConfiguration": {"level": LEVELS[meta["severity"]]},
        "properties": {"category": meta["category"], "pack": meta["pack"],
                       "tags": [meta["category"], meta["pack"]] if meta["pack"]
                       else [meta["category"]],
                       "safeFix": bool(meta["safe_fix"])},
    }
    return out


def _result(label: str, post: Post, finding: Finding, rule_index: int) -> dict[str, Any]:
    message = finding.message
    if finding.suggestion:
        message += f" → {finding.suggestion}"
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "partialFingerprints": {
            "brandguardFinding/v1": finding_key(finding, label, post.text).fingerprint()},
        "properties": {"category": finding.category, "postId": post.id},
    }
    uri = artifact_uri(label)
    first_line = line_offset(label)
    if finding.span is not None:
        reg: dict[str, Any] = region(post.text, finding.span.start, finding.span.end, first_line)
        reg["snippet"] = {"text": finding.span.text}
    else:  # a whole-post finding: the post's first line
        reg = {"startLine": first_line + 1}
    if uri is not None:
        result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                                     "region": reg}}]
    else:
        result["properties"]["region"] = reg
    # Only a safe suggestion is a replacement; others are advice for a person.
    if finding.safe_fix and finding.suggestion and finding.span is not None and uri is not None:
        result["fixes"] = [{
            "description": {"text": finding.suggestion},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [{
                    "deletedRegion": region(post.text, finding.span.start, finding.span.end,
                                            first_line),
                    "insertedContent": {"text": finding.suggestion},
                }],
            }],
        }]
    return result


def sarif_log(items: list[tuple[str, Post, Report]], *, rules: Any = None,
              lang: str = "da") -> dict[str, Any]:
    """The SARIF log (a dict) for ``(label, post, report)`` items."""
    known = dict(rules or {})
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def rule_index(rule_id: str) -> int:
        if rule_id not in index:
            index[rule_id] = len(descriptors)
            rule = known.get(rule_id)
            descriptors.append(_descriptor(rule) if rule is not None
                               else {**_INTERNAL, "id": rule_id})
        return index[rule_id]

    results = []
    artifacts: dict[str, int] = {}
    for label, post, report in items:
        uri = artifact_uri(label)
        if uri is not None and uri not in artifacts:
            artifacts[uri] = len(artifacts)
        for f in report.findings:
            results.append(_result(label, post, f, rule_index(f.rule_id)))
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "brandguard",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "language": lang,
            "rules": descriptors,
        }},
        "columnKind": "utf16CodeUnits",
        "language": lang,
        "artifacts": [{"location": {"uri": uri}, "mimeType": "text/markdown"
                       if uri.endswith(".md") else "text/plain", "encoding": "utf-8"}
                      for uri in artifacts],
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def format_sarif(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                 color: bool = False, rules: Any = None) -> str:
    return json.dumps(sarif_log(items, rules=rules, lang=lang), ensure_ascii=False, indent=2)
