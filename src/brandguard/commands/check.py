"""``brandguard check``: check posts (one per file, or stdin) against a policy."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..inputs import STDIN, display_name, read_post
from . import _options as opt
from ._common import (
    DEFAULT_POLICY_FILES,
    CliError,
    exit_code,
    load_baseline_arg,
    load_policy_arg,
    load_registry,
    plugin_manager,
    stdin_is_tty,
    use_color,
)
from ._options import post_defaults
from ._paths import POST_SUFFIXES, collect, is_glob

if TYPE_CHECKING:
    from ..models import Post, Report

NAME = "check"
HELP = ("check posts against the policy (each file is one post; folders and globs are "
        "searched; '-' or none reads stdin)")
EPILOG = f"""\
The policy: --policy/--config FILE, else the first {', '.join(DEFAULT_POLICY_FILES)}
or pyproject.toml with [tool.brandguard] in the folder of the first FILE (or the
current folder) or a parent, up to the project root; --isolated ignores them.
A folder is searched for {', '.join('*' + s for s in POST_SUFFIXES)} (skipping hidden files,
.gitignore'd ones and --exclude); a glob pattern is expanded (quote it: 'drafts/**/*.md').
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or a score
under --min-score), 2 usage, policy or input error.

examples:
  brandguard check post.txt --policy policy.yaml
  echo "Vi er stolte af vores nye solcelleanlæg" | brandguard check - -p policy.yaml
  brandguard check drafts/ --exclude 'drafts/old/' --output-format concise
  brandguard check 'drafts/**/*.md' --output-format github --fail-on warning
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="a post to check (the whole file is one post), a folder, or a "
                             "glob pattern; '-' reads stdin")
    opt.add(parser, "policy", "isolated", "exclude")
    opt.add(parser.add_argument_group("the post"), *opt.POST_FIELDS)
    out = parser.add_argument_group("output and exit code")
    out.add_argument("--output-format", "-f", "--format", dest="format", default="text",
                     metavar="FORMAT",
                     help="output format: " + "|".join(FORMATS) + " (default text), or one "
                          "a plugin adds (see 'brandguard check --output-format list')")
    opt.add(out, "fail-on", "min-score", "lang", "color", "verbose", "quiet", "silent",
            "statistics")
    rules = parser.add_argument_group("rules and history")
    opt.add(rules, "ignore", "select", "ledger")
    rules.add_argument("--record", action="store_true",
                       help="add each post that is not blocked to the ledger")
    opt.add(rules, "baseline")


def run(args: argparse.Namespace) -> int:
    if args.format == "list":
        return _list_formats(args)
    if not args.files and stdin_is_tty():
        # Waiting silently for a typed post would look like a hang.
        raise CliError("no FILE given and stdin is a terminal: name a file, pipe a post in, "
                       "or give '-' to type one (end with Ctrl-D)")
    if sum((args.verbose, args.quiet, args.silent)) > 1:
        raise CliError("-v/--verbose, -q/--quiet and -s/--silent exclude each other")
    if args.files.count(STDIN) > 1:
        raise CliError("'-' (stdin) can be given only once")
    files: list[str] = collect(args.files or [STDIN], args.exclude)
    if args.record and not args.ledger:
        raise CliError("--record needs --ledger URL")
    policy = load_policy_arg(args.policy, start=_start_folder(args.files),
                             isolated=args.isolated, verbose=args.verbose)
    # Read every post before the (slower) checker is built: bad input fails fast.
    defaults = post_defaults(args)
    posts = [(display_name(f), read_post(f, defaults, timezone=policy.company.timezone))
             for f in files]

    from ..engine import Checker

    pm = plugin_manager(args)
    registry = load_registry(policy, pm)
    # Resolve the selectors first: the Checker's own error would not name the option.
    select = opt.expand_rule_ids(registry, opt.rule_ids(args.select), "--select")
    ignore = opt.expand_rule_ids(registry, opt.rule_ids(args.ignore), "--ignore")
    formatter = _formatter(registry.formatters, "concise" if args.quiet and
                           args.format == "text" else args.format)
    checker = Checker(policy, lang=args.lang, select=select or None, plugin_manager=pm,
                      registry=registry)

    ledger = _open_ledger(args.ledger) if args.ledger else None
    try:
        items: list[tuple[str, Post, Report]] = []
        for label, post in posts:
            report = checker.check(post, ledger=ledger, ignore=ignore)
            if args.record and ledger is not None and report.verdict != "block":
                ledger.record(post, report)
            items.append((label, post, report))
    finally:
        close = getattr(ledger, "close", None)
        if callable(close):
            close()

    if args.baseline:
        from ..baseline import post_key

        accepted = load_baseline_arg(args.baseline)
        items = [(label, post, accepted.filter(report, key=post_key(label, post), text=post.text))
                 for label, post, report in items]
    code = exit_code([r for _, _, r in items], args.fail_on, args.min_score)
    if args.silent:
        return code
    if args.statistics:
        output = statistics(items, lang=args.lang, as_json=args.format == "json")
    else:
        color = use_color(args.color) and args.format == "text"
        output = call_formatter(formatter, items, lang=args.lang, color=color,
                                rules=checker.registry.rules, verbose=args.verbose,
                                fail_on=args.fail_on)
    if output:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    sys.stdout.flush()
    return code


#: The built-in output formats (``brandguard.formatters``).
FORMATS: tuple[str, ...] = ("text", "concise", "json", "sarif", "github", "gitlab", "junit",
                            "html")


def _start_folder(args: list[str]) -> Path | None:
    """Where configuration discovery starts: the first FILE's folder (a folder FILE
    itself; a glob's fixed leading part), else the current folder."""
    for arg in args:
        if arg == STDIN:
            continue
        path = Path(arg)
        if is_glob(arg):
            fixed = list(itertools.takewhile(lambda part: not any(c in part for c in "*?["),
                                             path.parts))
            path = Path(*fixed) if fixed else Path(".")
            while path.parts and not path.exists():
                path = path.parent
        return path if path.is_dir() else path.parent
    return None


def call_formatter(formatter: Any, items: list[tuple[str, Post, Report]],
                   **options: Any) -> str:
    """Call a formatter with the options it takes: ``lang``, ``color`` and ``rules``
    always; ``verbose`` and ``fail_on`` only if its signature names them (or ``**kw``),
    so a plugin's formatter written before they existed still works."""
    import inspect

    always = ("lang", "color", "rules")
    try:
        params: Mapping[str, inspect.Parameter] = inspect.signature(formatter).parameters
    except (TypeError, ValueError):
        params = {}
    takes_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = {k: v for k, v in options.items() if k in always or takes_all or k in params}
    return str(formatter(items, **kwargs))


def statistics(items: list[tuple[str, Post, Report]], *, lang: str,
               as_json: bool = False) -> str:
    """``--statistics``: the number of findings per rule id, most frequent first."""
    import json
    from collections import Counter

    counts: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for _, _, report in items:
        for f in report.findings:
            counts[f.rule_id] += 1
            severity.setdefault(f.rule_id, f.severity)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if as_json:
        return json.dumps([{"rule_id": rid, "count": n, "severity": severity[rid]}
                           for rid, n in rows], indent=2)
    if not rows:
        return i18n.t(lang, "all_clean", posts=i18n.t(lang, "posts_n", n=len(items)))
    width = max(len(str(n)) for _, n in rows)
    rid_width = max(len(rid) for rid, _ in rows)
    return "\n".join(f"{n:>{width}}  {rid:<{rid_width}}  [{i18n.t(lang, severity[rid])}]"
                     for rid, n in rows)


def _formatter(formatters: dict[str, Any], name: str) -> Any:
    if name not in formatters:
        raise CliError(f"--output-format: unknown format {name!r}; available: "
                       f"{', '.join(sorted(formatters))}")
    return formatters[name]


def _list_formats(args: argparse.Namespace) -> int:
    names = sorted(load_registry(pm=plugin_manager(args)).formatters)
    sys.stdout.write("\n".join(names) + "\n")
    return 0


def _open_ledger(url: str) -> Any:
    try:
        from ..ledger import open_ledger
    except ImportError:
        raise CliError("--ledger: this installation has no posting-history support") from None
    try:
        return open_ledger(url)
    except (ValueError, OSError) as exc:  # a bad URL or an unreachable store
        raise CliError(f"--ledger: {exc}") from None
