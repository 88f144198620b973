"""``brandguard baseline create|check``: accept today's findings, then report only new ones."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..inputs import display_name, read_post
from . import _options as opt
from ._common import (
    CliError,
    exit_code,
    load_baseline_arg,
    load_policy_arg,
    plugin_manager,
)

if TYPE_CHECKING:
    from ..models import Post, Report

NAME = "baseline"
HELP = "accept the current findings in a baseline file, or check for findings not in it"
EPILOG = """\
A baseline keeps accepted findings outside the posts (a comment in a post would be
published). Each is keyed by rule id, post (its id, else its file), the flagged
words and a few words around them, not by offsets: editing other parts of the post
keeps it accepted; changing the flagged words makes it new again.

  brandguard baseline create posts/ -p policy.yaml -o .brandguard-baseline.json
  brandguard baseline check posts/ -p policy.yaml -b .brandguard-baseline.json
  brandguard check post.md -p policy.yaml --baseline .brandguard-baseline.json

Inputs: post files (.txt, .md with front matter), folders of .md posts, or
.jsonl/.csv files as brandguard batch reads them.
'check' exits 1 when a new finding is at or above --fail-on (default warning).
"""
DEFAULT_FILE = ".brandguard-baseline.json"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="write a baseline accepting every current finding",
                            description="Write a baseline accepting every current finding.")
    check = sub.add_parser("check", help="show findings that are not in the baseline",
                           description="Show findings that are not in the baseline.")
    for p in (create, check):
        p.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="post files, folders of Markdown posts, or .jsonl/.csv files")
        opt.add(p, "policy", "lang")
    create.add_argument("-o", "--out", default=DEFAULT_FILE, metavar="FILE",
                        help=f"where to write the baseline (default {DEFAULT_FILE})")
    check.add_argument("-b", "--baseline", default=DEFAULT_FILE, metavar="FILE",
                       help=f"the baseline file (default {DEFAULT_FILE})")
    opt.add(check, "fail-on", default="warning",
            help="exit 1 if a new finding is at least this severe (default warning)")


def iter_inputs(inputs: list[str], timezone: str | None) -> Iterator[tuple[str, Post]]:
    """``(label, post)`` for every post in the inputs; a bad batch row is an error."""
    from ..inputs import RowError, read_rows

    for item in inputs:
        path = Path(item)
        if path.is_dir() or path.suffix.lower() in (".jsonl", ".ndjson", ".csv"):
            if not path.exists():
                raise CliError(f"{item}: no such file or folder")
            try:
                for row in read_rows(path, timezone=timezone):
                    where = row.file or f"{item}:{row.line}"
                    if row.post is None:
                        raise CliError(f"{where}: {row.error}")
                    yield (row.file or f"line {row.line}", row.post)
            except RowError as exc:
                raise CliError(f"{item}: {exc}") from None
        else:
            yield display_name(item), read_post(item, {}, timezone=timezone)


def _reports(args: argparse.Namespace) -> tuple[list[tuple[str, Post, Report]], Any]:
    policy = load_policy_arg(args.policy)
    posts = list(iter_inputs(args.inputs, policy.company.timezone))
    from ..engine import Checker

    checker = Checker(policy, lang=args.lang, plugin_manager=plugin_manager(args))
    return [(label, post, checker.check(post)) for label, post in posts], checker


def run(args: argparse.Namespace) -> int:
    from ..baseline import Baseline, post_key

    if args.action == "create":
        items, _ = _reports(args)
        baseline = Baseline.from_reports((post_key(label, post), post.text, report)
                                         for label, post, report in items)
        try:
            baseline.save(args.out)
        except OSError as exc:
            raise CliError(f"--out {args.out}: cannot write: {exc.strerror or exc}") from None
        sys.stdout.write(i18n.t(args.lang, "baseline_created",
                                findings=i18n.t(args.lang, "findings_n", n=len(baseline)),
                                posts=i18n.t(args.lang, "posts_n", n=len(items)),
                                file=args.out) + "\n")
        return 0

    accepted = load_baseline_arg(args.baseline)
    items, _ = _reports(args)
    from ..formatters.text import line_col
    from ..frontmatter import line_offset

    new_reports = []
    total_new = total_accepted = 0
    seen_keys = {post_key(label, post) for label, post, _ in items}
    on_file = sum(n for k, n in accepted.counts.items() if k.post in seen_keys)
    lines: list[str] = []
    for label, post, report in items:
        new, old = accepted.split(report, key=post_key(label, post), text=post.text)
        total_new += len(new)
        total_accepted += len(old)
        for f in new:
            if f.span is not None:
                line, col = line_col(post.text, f.span.start)
                where = f"{label}:{line + line_offset(label)}:{col}"
            else:
                where = label
            lines.append(f"{where}: {i18n.t(args.lang, f.severity)}: {f.message} [{f.rule_id}]")
        new_reports.append(report.model_copy(update={"findings": new}))
    lines.append(i18n.t(args.lang, "baseline_new_n", n=total_new) + ", "
                 + i18n.t(args.lang, "baseline_accepted", count=i18n.number(total_accepted, args.lang),
                          file=args.baseline))
    gone = on_file - total_accepted
    if gone:
        # Fixed since the baseline was made: a fresh baseline would drop them.
        lines.append(i18n.t(args.lang, "baseline_gone_n", n=gone) + " "
                     + i18n.t(args.lang, "baseline_refresh"))
    sys.stdout.write("\n".join(lines) + "\n")
    return exit_code(new_reports, args.fail_on, None)
