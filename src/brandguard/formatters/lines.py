"""The line-oriented machine formats: ``concise``, ``github``, ``gitlab`` and ``junit``.

Each finding's place is the file's 1-based line and column of its span, columns
counted in characters (Python string indices: an emoji is one column), lines
counted in the file (a Markdown post's front matter comes first). The end is the
line and column just after the span's last character. A finding about the whole
post is placed at the post's first line, column 1.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from .. import i18n
from ..frontmatter import line_offset
from ..models import SEVERITY_RANK, Finding, Post, Report
from .text import line_col, safe

#: ``--fail-on`` levels (as in the CLI): the lowest severity that is a failure.
_FAIL_LEVELS: dict[str, int | None] = {"info": 0, "warning": 1, "error": 2, "never": None}


@dataclass(frozen=True)
class Place:
    line: int
    col: int
    end_line: int
    end_col: int


def place(label: str, post: Post, finding: Finding) -> Place:
    """Where a finding is in the file (1-based lines, columns in characters)."""
    first = line_offset(label)
    if finding.span is None:
        return Place(first + 1, 1, first + 1, 1)
    line, col = line_col(post.text, finding.span.start)
    end_line, end_col = line_col(post.text, finding.span.end)
    return Place(line + first, col, end_line + first, end_col)


def _message(finding: Finding, lang: str) -> str:
    if finding.suggestion:
        return f"{finding.message} ({i18n.t(lang, 'suggestion')}: {finding.suggestion})"
    return finding.message


# --- concise ------------------------------------------------------------------------------


def format_concise(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                   color: bool = False, rules: Any = None) -> str:
    """One line per finding: ``file:line:col: rule-id [severity] message``."""
    out = []
    for label, post, report in items:
        for f in report.findings:
            p = place(label, post, f)
            sev = i18n.t(lang, f.severity)
            out.append(f"{safe(label)}:{p.line}:{p.col}: {f.rule_id} [{sev}] "
                       f"{safe(_message(f, lang))}")
    return "\n".join(out) + ("\n" if out else "")


# --- GitHub Actions workflow commands ---------------------------------------------------

_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded (actions/toolkit)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as :func:`escape_data`, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                  color: bool = False, rules: Any = None) -> str:
    """``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=rule-id::message``
    per finding: annotations on the pull request, no Advanced Security needed."""
    out = []
    for label, post, report in items:
        for f in report.findings:
            p = place(label, post, f)
            props = []
            if label != "<stdin>":
                props.append(f"file={escape_property(label)}")
            props += [f"line={p.line}", f"col={p.col}", f"endLine={p.end_line}",
                      f"endColumn={p.end_col}", f"title={escape_property(f.rule_id)}"]
            out.append(f"::{_GITHUB_LEVELS[f.severity]} {','.join(props)}::"
                       f"{escape_data(safe(_message(f, lang)))}")
    return "\n".join(out) + ("\n" if out else "")


# --- GitLab Code Quality ----------------------------------------------------------------

#: GitLab's scale is info, minor, major, critical, blocker; an error blocks the post.
GITLAB_SEVERITIES = {"error": "critical", "warning": "minor", "info": "info"}


def format_gitlab(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                  color: bool = False, rules: Any = None) -> str:
    """A GitLab Code Quality report (a JSON list, ``artifacts: reports: codequality``)."""
    issues = []
    seen: Counter[str] = Counter()
    for label, post, report in items:
        for f in report.findings:
            p = place(label, post, f)
            span = f.span.text if f.span is not None else ""
            base = "\0".join((label, f.rule_id, span, f.message))
            seen[base] += 1  # the same finding twice in one file still gets two fingerprints
            fingerprint = hashlib.sha256(f"{base}\0{seen[base]}".encode(
                "utf-8", "surrogatepass")).hexdigest()[:32]
            issues.append({
                "description": _message(f, lang),
                "check_name": f.rule_id,
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITIES[f.severity],
                "location": {"path": label, "lines": {"begin": p.line, "end": p.end_line}},
            })
    return json.dumps(issues, ensure_ascii=False, indent=2)


# --- JUnit XML --------------------------------------------------------------------------


def format_junit(items: list[tuple[str, Post, Report]], *, lang: str = "da",
                 color: bool = False, rules: Any = None, fail_on: str = "error") -> str:
    """JUnit XML: a testsuite per file, a testcase per post, a ``<failure>`` per finding
    at or above ``fail_on`` (the ones below are listed in ``<system-out>``)."""
    level = _FAIL_LEVELS.get(fail_on, 2)
    root = ET.Element("testsuites", name="brandguard")
    total_tests = total_failures = 0
    suites: dict[str, ET.Element] = {}
    for label, post, report in items:
        suite = suites.get(label)
        if suite is None:
            suite = ET.SubElement(root, "testsuite", name=label, tests="0", failures="0",
                                  errors="0", skipped="0")
            suites[label] = suite
        case = ET.SubElement(suite, "testcase", name=post.id or label, classname=label)
        failing = [f for f in report.findings
                   if level is not None and SEVERITY_RANK[f.severity] >= level]
        for f in failing:
            p = place(label, post, f)
            failure = ET.SubElement(case, "failure", message=_xml_safe(_message(f, lang)),
                                    type=f.rule_id)
            failure.text = _xml_safe(f"{label}:{p.line}:{p.col}: {f.rule_id} "
                                     f"[{i18n.t(lang, f.severity)}] {_message(f, lang)}")
        others = [f for f in report.findings if f not in failing]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = _xml_safe("\n".join(
                f"{label}:{place(label, post, f).line}:{place(label, post, f).col}: "
                f"{f.rule_id} [{i18n.t(lang, f.severity)}] {_message(f, lang)}"
                for f in others))
        suite.set("tests", str(int(suite.get("tests", "0")) + 1))
        if failing:
            suite.set("failures", str(int(suite.get("failures", "0")) + 1))
            total_failures += 1
        total_tests += 1
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most C0 controls (or lone surrogates): shown as symbols."""
    cleaned = safe(text)
    return "".join(c if c in "\t\n\r" or (c >= " " and not "\ud800" <= c <= "\udfff"
                                          and c not in "\ufffe\uffff")
                   else "\ufffd" for c in cleaned)
