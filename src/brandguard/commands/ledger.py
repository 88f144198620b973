"""``brandguard ledger stats|export|prune``: look after the posting history."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from . import _options as opt
from ._common import CliError

NAME = "ledger"
HELP = "look after the posting history the spam rules count (stats, export, prune)"
ENV = "BRANDGUARD_LEDGER"
EPILOG = f"""\
URLs: sqlite:///posts.db (relative), sqlite:////var/lib/bg/posts.db (absolute),
postgresql://user@host:5432/db, memory:. --ledger defaults to ${ENV}.

examples:
  brandguard ledger stats --ledger sqlite:///posts.db
  brandguard ledger export --ledger sqlite:///posts.db > posts.jsonl
  brandguard ledger prune --ledger sqlite:///posts.db --older-than 90
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    stats = actions.add_parser("stats", help="how many posts, authors and campaigns; size")
    stats.add_argument("--format", "-f", choices=("text", "json"), default="text",
                       help="output format (default text)")
    export = actions.add_parser("export", help="every post as JSON Lines, oldest first")
    export.add_argument("--out", "-o", metavar="FILE", help="write to FILE (default stdout)")
    prune = actions.add_parser("prune", help="forget posts published before a date")
    when = prune.add_mutually_exclusive_group(required=True)
    when.add_argument("--before", metavar="DATE",
                      help="ISO date or time, e.g. 2025-01-01 (UTC unless it has an offset)")
    when.add_argument("--older-than", metavar="DAYS", type=_days,
                      help="posts published more than DAYS days ago")
    for sub in (stats, export, prune):
        opt.add(sub, "ledger", default=os.environ.get(ENV), help=f"the ledger (default ${ENV})")


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {value!r}") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of days ≥ 0, got {days}")
    return days


def _when(value: str) -> datetime:
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"--before: expected an ISO date such as 2025-01-01, got {value!r}") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        raise CliError("ledger: say what to do: stats, export or prune "
                       "(see 'brandguard ledger --help')")
    if not args.ledger:
        raise CliError(f"ledger {args.action}: no ledger; pass --ledger URL or set {ENV}")
    from ..ledger import open_ledger

    ledger = open_ledger(args.ledger)  # LedgerError is an OSError: main prints one line
    try:
        if args.action == "stats":
            return _stats(ledger, args.format)
        if args.action == "export":
            return _export(ledger, args.out)
        before = (_when(args.before) if args.before is not None
                  else datetime.now(UTC) - timedelta(days=args.older_than))
        removed = ledger.prune(before)
        sys.stdout.write(f"removed {removed:,} posts published before "
                         f"{before.isoformat(timespec='seconds')}\n")
        return 0
    finally:
        ledger.close()


def _stats(ledger: Any, fmt: str) -> int:
    stats = ledger.stats()
    if fmt == "json":
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
        return 0
    width = max(len(k) for k in stats)
    lines = []
    for key, value in stats.items():
        if isinstance(value, int) and not isinstance(value, bool):
            shown = f"{value:,}" if key != "bytes" else f"{value:,} ({value / 2**20:.1f} MiB)"
        else:
            shown = "-" if value is None else str(value)
        lines.append(f"{key:<{width}}  {shown}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _export(ledger: Any, out: str | None) -> int:
    stream = sys.stdout if out is None else open(out, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for row in ledger.export():
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not None:
            stream.close()
    return 0
