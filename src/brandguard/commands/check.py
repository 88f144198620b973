"""``brandguard check``: check posts (one per file, or stdin) against a policy."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ..models import CHANNELS
from ._common import (
    DEFAULT_POLICY_FILES,
    STDIN,
    CliError,
    close_matches,
    display_name,
    exit_code,
    load_policy_arg,
    read_post_file,
    stdin_is_tty,
    use_color,
)

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
    parser.add_argument("-p", "--policy", metavar="P",
                        help="policy file (YAML, TOML or JSON); default: "
                             + " or ".join(DEFAULT_POLICY_FILES) + " here")
    post = parser.add_argument_group("the post")
    post.add_argument("--channel", metavar="C",
                      help=f"where it will be posted: {', '.join(CHANNELS)} (default linkedin)")
    post.add_argument("--author", metavar="ID", help="the employee's id (for the ledger)")
    post.add_argument("--enrolled", dest="enrolled", action="store_true", default=None,
                      help="the author has opted in to the advocacy programme (default)")
    post.add_argument("--not-enrolled", dest="enrolled", action="store_false",
                      help="the author has not opted in")
    post.add_argument("--campaign", metavar="ID", help="id of the company story it shares")
    out = parser.add_argument_group("output and exit code")
    out.add_argument("-f", "--format", default="text", metavar="FORMAT",
                     help="output format: text (default), json, or one a plugin adds "
                          "(see 'brandguard check --format list')")
    out.add_argument("--fail-on", default="error", choices=("error", "warning", "info", "never"),
                     help="exit 1 if a finding is at least this severe (default error)")
    out.add_argument("--min-score", type=_score, metavar="N",
                     help="also exit 1 if a post scores under N (0-100)")
    out.add_argument("--lang", default="da", choices=("da", "en"),
                     help="language of messages and output (default da)")
    out.add_argument("--color", default="auto", choices=("auto", "always", "never"),
                     help="colour the text output (default auto: on a terminal, unless NO_COLOR)")
    rules = parser.add_argument_group("rules and history")
    rules.add_argument("--ignore", action="append", default=[], metavar="RULE",
                       help="turn a rule off (repeat, or separate ids with commas)")
    rules.add_argument("--select", action="append", default=[], metavar="RULE",
                       help="run only these rules, whatever the policy's packs (repeat, or "
                            "separate ids with commas)")
    rules.add_argument("--ledger", metavar="URL",
                       help="posting history for the spam rules, e.g. sqlite:///posts.db")
    rules.add_argument("--record", action="store_true",
                       help="add each post that is not blocked to the ledger")
    rules.add_argument("--baseline", metavar="FILE",
                       help="leave out findings accepted in this file "
                            "(see 'brandguard baseline create')")


def _score(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number 0-100, got {value!r}") from None
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError(f"expected a whole number 0-100, got {n}")
    return n


def post_defaults(args: argparse.Namespace) -> dict[str, Any]:
    """The Post fields given on the command line."""
    fields: dict[str, Any] = {}
    if args.channel is not None:
        fields["channel"] = args.channel
    if args.author is not None or args.enrolled is not None:
        author: dict[str, Any] = {"id": args.author or "anonymous"}
        if args.enrolled is not None:
            author["enrolled"] = args.enrolled
        fields["author"] = author
    if args.campaign is not None:
        fields["campaign"] = args.campaign
    return fields


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
        return _list_formats()
    ignore = _ids(args.ignore)
    select = _ids(args.select)

    policy = load_policy_arg(args.policy)
    # Read every post before the (slower) checker is built: bad input fails fast.
    defaults = post_defaults(args)
    posts = [(display_name(f), read_post_file(f, defaults, timezone=policy.company.timezone))
             for f in files]

    from ..engine import Checker

    if select:
        from ..packs import Registry
        from ..plugins import get_plugin_manager

        # Check the ids first: the Checker's own error would not name the option.
        _known(Registry.build(get_plugin_manager(), policy).rules, select, "--select")
    checker = Checker(policy, lang=args.lang, select=select or None)
    formatter = _formatter(checker.registry.formatters, args.format)
    _known(checker.registry.rules, ignore, "--ignore")

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
        from ..baseline import load_baseline_arg, post_key

        accepted = load_baseline_arg(args.baseline)
        items = [(label, post, accepted.filter(report, key=post_key(label, post), text=post.text))
                 for label, post, report in items]
    color = use_color(args.color) and args.format == "text"
    output = formatter(items, lang=args.lang, color=color, rules=checker.registry.rules)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    sys.stdout.flush()
    return exit_code([r for _, _, r in items], args.fail_on, args.min_score)


def _ids(values: list[str]) -> list[str]:
    return [rid.strip() for item in values for rid in item.split(",") if rid.strip()]


def _known(rules: dict[str, Any], ids: list[str], option: str) -> None:
    for rid in ids:
        if rid not in rules:
            raise CliError(f"{option}: unknown rule id {rid!r}" + close_matches(rid, rules))


def _formatter(formatters: dict[str, Any], name: str) -> Any:
    if name not in formatters:
        raise CliError(f"--format: unknown format {name!r}; available: "
                       f"{', '.join(sorted(formatters))}")
    return formatters[name]


def _list_formats() -> int:
    from ..packs import Registry
    from ..plugins import get_plugin_manager

    names = sorted(Registry.build(get_plugin_manager()).formatters)
    sys.stdout.write("\n".join(names) + "\n")
    return 0


def _open_ledger(url: str) -> Any:
    try:
        from ..ledger import open_ledger  # type: ignore[attr-defined]
    except ImportError:
        raise CliError("--ledger: this installation has no posting-history support") from None
    try:
        return open_ledger(url)
    except (ValueError, OSError) as exc:  # a bad URL or an unreachable store
        raise CliError(f"--ledger: {exc}") from None
