"""``brandguard explain RULE``: what a rule checks, why, and its examples."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from . import _options as opt
from ._common import CliError, close_matches, load_registry, plugin_manager

NAME = "explain"
HELP = "explain a rule: summary, rationale, severity, options and examples"
_WIDTH = 88


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "examples:\n  brandguard explain format.max-length\n  brandguard explain " \
                    "da.genitive-apostrophe --format json"
    parser.add_argument("rule", metavar="RULE", help="a rule id, as 'brandguard rules' lists them")
    opt.add(parser, "policy", help="also find rules in the policy's own pack folders")
    parser.add_argument("-f", "--format", default="text", choices=("text", "json"))


def run(args: argparse.Namespace) -> int:
    policy = None
    if args.policy:
        from ._common import load_policy_arg

        policy = load_policy_arg(args.policy)
    registry = load_registry(policy, plugin_manager(args))
    rule = registry.rules.get(args.rule)
    if rule is None:
        raise CliError(f"unknown rule {args.rule!r}" + close_matches(args.rule, registry.rules)
                       + "; 'brandguard rules' lists them")
    info = describe(rule)
    if args.format == "json":
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(info))
    return 0


def describe(rule: Any) -> dict[str, Any]:
    """``rule.describe()`` plus each example's context (post fields, policy, history)."""
    info: dict[str, Any] = rule.describe()
    info["examples"] = {
        "bad": [_context({"text": e.marked, "suggestion": e.suggestion}, e)
                for e in rule.examples_bad],
        "good": [_context({"text": e.text}, e) for e in rule.examples_good],
    }
    return info


def _context(out: dict[str, Any], example: Any) -> dict[str, Any]:
    for key in ("post", "policy", "history"):
        value = getattr(example, key, None)
        if value:
            out[key] = value
    return out


def _para(text: str, indent: str = "  ") -> list[str]:
    out: list[str] = []
    for block in text.strip().split("\n\n"):
        out.extend(textwrap.wrap(" ".join(block.split()), _WIDTH, initial_indent=indent,
                                 subsequent_indent=indent) or [indent])
    return out


_MAX_SHOWN = 400


def _example(ex: dict[str, Any], mark: str) -> list[str]:
    shown = ex["text"].replace("<marker>", "⟦").replace("</marker>", "⟧")
    if len(shown) > _MAX_SHOWN:  # a length example: the start says enough
        shown = f"{shown[:_MAX_SHOWN].rstrip()} … ({len(ex['text']):,} characters)"
    lines = shown.splitlines() or [""]
    out = [f"  {mark} {lines[0]}", *(f"    {ln}" for ln in lines[1:])]
    context = [f"{key}: {json.dumps(ex[key], ensure_ascii=False, default=str)}"
               for key in ("post", "policy") if ex.get(key)]
    if ex.get("history"):
        context.append(f"history: {len(ex['history'])} earlier posts")
    if context:
        out.append(f"    (with {'; '.join(context)})")
    return out


def render(info: dict[str, Any]) -> str:
    lines = [info["id"], "", *_para(info["summary"]), ""]
    lines.append(f"  category {info['category']} · default severity {info['severity']} · "
                 f"pack {info['pack'] or '—'}" + (" · safe fix" if info["safe_fix"] else ""))
    if info["source"] and info["source"] != info["pack"]:
        lines.append(f"  source {info['source']}")
    lines += ["", "Why", *_para(info["rationale"] or "—"), "", "Message"]
    for lang in ("da", "en"):
        if info["message"].get(lang):
            lines.append(f"  {lang}: {info['message'][lang]}")
    lines += ["", "Options"]
    if info["options"]:
        for key, value in sorted(info["options"].items()):
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
        lines.append(f"  (set in the policy: rules: {{{info['id']}: {{options: {{…}}}}}})")
    else:
        lines.append("  none")
    bad, good = info["examples"]["bad"], info["examples"]["good"]
    if bad:
        lines += ["", "Flagged (⟦…⟧ marks the span)"]
        for ex in bad:
            lines += _example(ex, "✗")
            if ex.get("suggestion"):
                lines.append(f"    → {ex['suggestion']}")
    if good:
        lines += ["", "Not flagged"]
        for ex in good:
            lines += _example(ex, "✓")
    return "\n".join(lines) + "\n"
