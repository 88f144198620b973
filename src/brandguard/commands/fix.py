"""``brandguard fix``: apply the safe suggestions, show the diff, list what is left."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import i18n
from ..inputs import read_post, read_text
from . import _options as opt
from ._common import (
    CliError,
    exit_code,
    load_policy_arg,
    plugin_manager,
)

NAME = "fix"
HELP = "apply the suggestions that are safe (spacing, punctuation, house spelling); show a diff"
EPILOG = """\
Only rules that declare their suggestion safe are applied (see 'brandguard rules':
the company's spelling of its name, a space before %, an apostrophe in a genitive,
double spaces …). Everything else is listed on stderr for a person to decide.
Without --write nothing is changed: the diff on stdout shows what would be.

  brandguard fix post.md -p policy.yaml            # show the diff
  brandguard fix posts/*.md -p policy.yaml --write # rewrite the files

Exit codes: 0 nothing left at or above --fail-on (default error), 1 findings left
at or above it, 2 usage, policy or input error.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("files", nargs="+", metavar="FILE", help="post files (.txt, .md)")
    opt.add(parser, "policy")
    parser.add_argument("-w", "--write", action="store_true",
                        help="rewrite the files with the fixes applied")
    opt.add(parser, "lang")
    opt.add(parser, "fail-on", help="exit 1 if a finding left for a person is at least this "
                                    "severe (default error)")


def run(args: argparse.Namespace) -> int:
    if "-" in args.files:
        raise CliError("fix works on files; '-' (stdin) cannot be rewritten")
    policy = load_policy_arg(args.policy)
    tz = policy.company.timezone
    posts = [(path, read_text(path), read_post(path, {}, timezone=tz)) for path in args.files]

    from ..engine import Checker
    from ..fixes import apply_fixes, unified_diff
    from ..formatters.text import line_col
    from ..frontmatter import line_offset, split_front_matter

    checker = Checker(policy, lang=args.lang, plugin_manager=plugin_manager(args))
    left_reports = []
    for path, file_text, post in posts:
        report = checker.check(post)
        result = apply_fixes(post.text, report.findings)
        offset = split_front_matter(file_text)[2] if path.lower().endswith((".md", ".markdown")) \
            else 0
        tail = file_text[offset + len(post.text):]
        new_text = file_text[:offset] + result.text + tail
        if result.changed:
            sys.stdout.write(unified_diff(file_text, new_text, path))
            if args.write:
                _write(path, new_text)
        for f in result.left:
            if f.span is not None:
                line, col = line_col(post.text, f.span.start)
                where = f"{path}:{line + line_offset(path)}:{col}"
            else:
                where = path
            hint = f" (→ {f.suggestion})" if f.suggestion else ""
            sys.stderr.write(f"{where}: {i18n.t(args.lang, f.severity)}: {f.message}{hint} "
                             f"[{f.rule_id}]\n")
        done = i18n.t(args.lang, "fixed_n" if args.write else "fixable_n", n=len(result.applied))
        sys.stderr.write(f"{path}: {done}, {i18n.t(args.lang, 'left_n', n=len(result.left))}\n")
        left_reports.append(report.model_copy(update={"findings": result.left}))
    sys.stdout.flush()
    return exit_code(left_reports, args.fail_on, None)


def _write(path: str, text: str) -> None:
    p = Path(path)
    raw = p.read_bytes()
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""  # keep the file's encoding mark
    try:
        with p.open("w", encoding="utf-8", newline="") as fh:
            fh.write(bom + text)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror or exc}") from None
