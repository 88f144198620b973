"""``brandguard check``: check posts (one per file, or stdin) against a policy."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from . import _options as opt
from ._common import (
    DEFAULT_POLICY_FILES,
    STDIN,
    CliError,
    display_name,
    exit_code,
    load_baseline_arg,
    load_policy_arg,
    load_registry,
    plugin_manager,
    read_post_file,
    stdin_is_tty,
    use_color,
)
from ._options import post_defaults

if TYPE_CHECKING:
    from ..models import Post, Report

NAME = "check"
HELP = "check posts against the policy (each FILE is one post; '-' or none reads stdin)"
EPILOG = f"""\
The policy defaults to {' or '.join(DEFAULT_POLICY_FILES)} in the current folder.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or a score
under --min-score), 2 usage, policy or input error.

examples:
  brandguard check post.txt --policy policy.yaml
  echo "Vi er stolte af vores nye solcelleanlæg" | brandguard check - -p policy.yaml
  brandguard check drafts/*.txt --format json --fail-on warning --min-score 80
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="a post to check (the whole file is one post); '-' reads stdin")
    opt.add(parser, "policy")
    opt.add(parser.add_argument_group("the post"), *opt.POST_FIELDS)
    out = parser.add_argument_group("output and exit code")
    out.add_argument("-f", "--format", default="text", metavar="FORMAT",
                     help="output format: text (default), json, or one a plugin adds "
                          "(see 'brandguard check --format list')")
    opt.add(out, "fail-on", "min-score", "lang", "color")
    rules = parser.add_argument_group("rules and history")
    opt.add(rules, "ignore", "select", "ledger")
    rules.add_argument("--record", action="store_true",
                       help="add each post that is not blocked to the ledger")
    opt.add(rules, "baseline")


def run(args: argparse.Namespace) -> int:
    if not args.files and stdin_is_tty():
        # Waiting silently for a typed post would look like a hang.
        raise CliError("no FILE given and stdin is a terminal: name a file, pipe a post in, "
                       "or give '-' to type one (end with Ctrl-D)")
    files: list[str] = args.files or [STDIN]
    if files.count(STDIN) > 1:
        raise CliError("'-' (stdin) can be given only once")
    if args.record and not args.ledger:
        raise CliError("--record needs --ledger URL")
    if args.format == "list":
        return _list_formats(args)
    ignore = opt.rule_ids(args.ignore)
    select = opt.rule_ids(args.select)

    policy = load_policy_arg(args.policy)
    # Read every post before the (slower) checker is built: bad input fails fast.
    defaults = post_defaults(args)
    posts = [(display_name(f), read_post_file(f, defaults, timezone=policy.company.timezone))
             for f in files]

    from ..engine import Checker

    pm = plugin_manager(args)
    registry = load_registry(policy, pm)
    # Check the ids first: the Checker's own error would not name the option.
    opt.known_rule_ids(registry.rules, select, "--select")
    opt.known_rule_ids(registry.rules, ignore, "--ignore")
    formatter = _formatter(registry.formatters, args.format)
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
    color = use_color(args.color) and args.format == "text"
    output = formatter(items, lang=args.lang, color=color, rules=checker.registry.rules)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    sys.stdout.flush()
    return exit_code([r for _, _, r in items], args.fail_on, args.min_score)


def _formatter(formatters: dict[str, Any], name: str) -> Any:
    if name not in formatters:
        raise CliError(f"--format: unknown format {name!r}; available: "
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
