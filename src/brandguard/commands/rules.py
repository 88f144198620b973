"""``brandguard rules``: list the installed rules (and, with a policy, what it turns on)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..models import CATEGORIES
from . import _options as opt
from ._common import CliError, close_matches, load_registry, plugin_manager

if TYPE_CHECKING:
    from ..packs import Registry
    from ..policy import Policy

NAME = "rules"
HELP = "list the rules: id, category, default severity, pack (and their state under a policy)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("With --policy, the 'policy' column shows the severity the policy gives "
                     "each rule, or 'off'.\n\nexamples:\n  brandguard rules\n"
                     "  brandguard rules --policy policy.yaml --pack da\n"
                     "  brandguard rules --format json")
    opt.add(parser, "policy", help="also show whether each rule is on under this policy")
    parser.add_argument("-f", "--format", default="text", choices=("text", "json"))
    parser.add_argument("--pack", metavar="NAME", help="only the rules of this pack")
    parser.add_argument("--category", choices=CATEGORIES, help="only rules of this category")


def effective_severities(registry: Registry, policy: Policy) -> dict[str, str]:
    """The severity each rule runs at under ``policy``, or ``off``.

    Mirrors :meth:`brandguard.Checker._configure` (pack selection, then overrides by
    category, pack, ``prefix.*`` and rule id, the most specific last) without
    binding the rules; a test keeps the two in step.
    """
    packs = registry.enabled_packs(policy)
    layers: dict[str, dict[str, Any]] = {"category": {}, "pack": {}, "prefix": {}, "rule": {}}
    for key, override in policy.rules.items():
        layers[registry.resolve_override_key(key, policy)][key] = override
    out: dict[str, str] = {}
    for rule in registry.rules.values():
        if rule.pack and rule.pack not in packs:
            out[rule.id] = "off"
            continue
        severity = rule.severity
        found = [layers["category"].get(rule.category), layers["pack"].get(rule.pack)]
        found += [o for k, o in layers["prefix"].items() if rule.id.startswith(k[:-1])]
        found.append(layers["rule"].get(rule.id))
        for layer in found:
            if layer is not None and layer.severity is not None:
                severity = layer.severity
        out[rule.id] = severity
    return out


def run(args: argparse.Namespace) -> int:
    policy = None
    if args.policy:
        from ._common import load_policy_arg

        policy = load_policy_arg(args.policy)
    registry = load_registry(policy, plugin_manager(args))
    if args.pack and args.pack not in registry.packs:
        raise CliError(f"--pack: unknown pack {args.pack!r}"
                       + (close_matches(args.pack, registry.packs)
                          or f"; installed: {', '.join(sorted(registry.packs))}"))
    state = effective_severities(registry, policy) if policy is not None else None
    rows = []
    for rule in sorted(registry.rules.values(), key=lambda r: r.id):
        if args.pack and rule.pack != args.pack:
            continue
        if args.category and rule.category != args.category:
            continue
        row: dict[str, Any] = {"id": rule.id, "category": rule.category, "severity": rule.severity,
               "pack": rule.pack, "source": rule.source or rule.pack, "summary": rule.summary}
        if state is not None:
            row["policy"] = state[rule.id]
            row["enabled"] = state[rule.id] != "off"
        rows.append(row)
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    sys.stdout.write(_table(rows, with_policy=state is not None))
    return 0


def _table(rows: list[dict[str, Any]], *, with_policy: bool) -> str:
    cols = ["id", "category", "severity", "pack"] + (["policy"] if with_policy else []) + ["summary"]
    header = {c: c for c in cols}
    widths = {c: max(len(str(r[c])) for r in [header, *rows]) for c in cols[:-1]}
    lines = []
    for row in [header, *rows]:
        cells = [str(row[c]).ljust(widths[c]) for c in cols[:-1]]
        lines.append("  ".join([*cells, str(row["summary"])]).rstrip())
    on = sum(1 for r in rows if r.get("enabled", True))
    total = f"{len(rows)} rules" + (f", {on} on under the policy" if with_policy else "")
    return "\n".join([*lines, total]) + "\n"
