"""Every command-line option that more than one command takes, defined once.

A command adds an option by its name, to its parser or to an argument group::

    from . import _options as opt

    opt.add(parser, "policy")
    out = parser.add_argument_group("output and exit code")
    opt.add(out, "fail-on", "min-score", "lang")
    opt.add(sub, "fail-on", default="warning",
            help="exit 1 if a new finding is at least this severe (default warning)")

The flags, the type that validates the value (one validator for every command:
``--min-score 150`` is refused by each), the choices and the default live in
:data:`OPTIONS`; a command may override the default and the help text only, so
two commands cannot drift apart on what a value means. Nothing here imports
anything heavy (``brandguard --help`` builds every parser).
"""

from __future__ import annotations

import argparse
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import CHANNELS, POST_KINDS
from ._common import DEFAULT_POLICY_FILES, CliError, close_matches

#: What ``--lang`` accepts: the languages messages are written in (``engine.LANGS``;
#: not imported from there, as the engine is heavy to import).
LANG_CHOICES: tuple[str, ...] = ("da", "en")
#: What ``--fail-on`` accepts, most severe first (the order ``--help`` shows).
FAIL_ON_CHOICES: tuple[str, ...] = ("error", "warning", "info", "never")  # FAIL_LEVELS' keys


def score(value: str) -> int:
    """``--min-score``: a whole number 0-100 (scores are 0-100)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number 0-100, got {value!r}") from None
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError(f"expected a whole number 0-100, got {n}")
    return n


@dataclass(frozen=True)
class Option:
    """One option: its flags and the ``add_argument`` keywords that fix its meaning."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    help: str = ""


_POLICY_HELP = ("policy file (YAML, TOML or JSON); default: the first "
                + ", ".join(DEFAULT_POLICY_FILES) + " or pyproject.toml [tool.brandguard] "
                "here or in a parent folder, up to the project root")
_RULE_LIST = ("(a rule id, a pack, a category or a prefix such as da. or da.*; "
              "repeat, or separate with commas)")

#: The shared options by name. ``type`` and ``choices`` may not be overridden.
OPTIONS: dict[str, Option] = {
    "policy": Option(("-p", "--policy", "--config"), {"metavar": "P"}, _POLICY_HELP),
    "isolated": Option(("--isolated",), {"action": "store_true"},
                       "ignore discovered configuration files (use --policy)"),
    "lang": Option(("--lang",), {"default": "da", "choices": LANG_CHOICES},
                   "language of messages and output (default da)"),
    "fail-on": Option(("--fail-on",), {"default": "error", "choices": FAIL_ON_CHOICES},
                      "exit 1 if a finding is at least this severe (default error)"),
    "min-score": Option(("--min-score",), {"type": score, "metavar": "N"},
                        "also exit 1 if a post scores under N (0-100)"),
    "ignore": Option(("--ignore",), {"action": "append", "default": [], "metavar": "SELECTOR"},
                     f"turn a rule off {_RULE_LIST}"),
    "select": Option(("--select",), {"action": "append", "default": [], "metavar": "SELECTOR"},
                     f"run only these rules, whatever the policy's packs {_RULE_LIST}"),
    "ledger": Option(("--ledger",), {"metavar": "URL"},
                     "posting history for the spam rules, e.g. sqlite:///posts.db"),
    "baseline": Option(("--baseline",), {"metavar": "FILE"},
                       "leave out findings accepted in this file "
                       "(see 'brandguard baseline create')"),
    "color": Option(("--color",), {"default": "auto", "choices": ("auto", "always", "never")},
                    "colour the text output (default auto: on a terminal, unless NO_COLOR)"),
    "channel": Option(("--channel",), {"metavar": "C"},
                      f"where it will be posted: {', '.join(CHANNELS)} (default linkedin)"),
    "author": Option(("--author",), {"metavar": "ID"}, "the employee's id (for the ledger)"),
    "enrolled": Option(("--enrolled",), {"dest": "enrolled", "action": "store_true",
                                         "default": None},
                       "the author has opted in to the advocacy programme (default)"),
    "not-enrolled": Option(("--not-enrolled",), {"dest": "enrolled", "action": "store_false"},
                           "the author has not opted in"),
    "campaign": Option(("--campaign",), {"metavar": "ID"}, "id of the company story it shares"),
    "kind": Option(("--kind",), {"metavar": "KIND", "choices": POST_KINDS},
                   "what kind of post it is: " + ", ".join(POST_KINDS) + " (default company: "
                   "read from the text); a given kind overrides the detection"),
    "exclude": Option(("--exclude",), {"action": "append", "default": [], "metavar": "PATTERN"},
                      "leave out files and folders matching this gitignore-style pattern "
                      "(repeat)"),
    "verbose": Option(("-v", "--verbose"), {"action": "store_true"},
                      "show every post, clean ones too, and the policy file used (stderr)"),
    "quiet": Option(("-q", "--quiet"), {"action": "store_true"},
                    "print the findings only (no post text, no summaries)"),
    "silent": Option(("-s", "--silent"), {"action": "store_true"},
                     "print nothing; the exit code says it all"),
    "statistics": Option(("--statistics",), {"action": "store_true"},
                         "print the number of findings per rule instead of the findings"),
}
#: The options that set fields of the post (read back by :func:`post_defaults`).
POST_FIELDS: tuple[str, ...] = ("channel", "author", "enrolled", "not-enrolled", "campaign",
                                "kind")
_FIXED = ("type", "choices", "action", "dest")

#: The argparse actions :func:`add` created (weakly: parsers come and go).
_added: weakref.WeakSet[argparse.Action] = weakref.WeakSet()
#: A parser or one of its argument groups (what ``add_argument_group`` returns).
_Target = argparse.ArgumentParser | argparse._ArgumentGroup


def add(target: _Target, *names: str, **overrides: Any) -> None:
    """Add the named shared options to a parser or argument group.

    ``overrides`` (``default``, ``help``, ``metavar``, ``required``) apply to every
    name given; what validates a value (``type``, ``choices``, ``action``) cannot
    be overridden.
    """
    for key in overrides:
        if key in _FIXED:
            raise TypeError(f"option {key!r} is fixed in brandguard.commands._options.OPTIONS")
    for name in names:
        option = OPTIONS[name]
        kwargs = {**option.kwargs, "help": option.help, **overrides}
        _added.add(target.add_argument(*option.flags, **kwargs))


def is_shared(action: argparse.Action) -> bool:
    """Whether an option was added by :func:`add` (the test that no command drifts)."""
    return action in _added


def rule_ids(values: Iterable[str]) -> list[str]:
    """The ids of a repeatable ``--select``/``--ignore``: each value may list several."""
    return [rid.strip() for item in values for rid in item.split(",") if rid.strip()]


def known_rule_ids(rules: dict[str, Any], ids: Iterable[str], option: str) -> None:
    """Refuse an id that names no rule, naming the option and the likely typo."""
    for rid in ids:
        if rid not in rules:
            raise CliError(f"{option}: unknown rule id {rid!r}" + close_matches(rid, rules))


def expand_rule_ids(registry: Any, selectors: Iterable[str], option: str) -> list[str]:
    """The rule ids a ``--select``/``--ignore`` names, as the policy's ``rules:`` keys
    allow: a rule id, a pack name (``da``), a category (``tone``), or a prefix
    (``da.`` or ``da.*``). An unknown selector is a :class:`CliError` with the likely
    typo; the ids come back in registry order, without duplicates."""
    from ..models import CATEGORIES

    rules: dict[str, Any] = registry.rules
    wanted: set[str] = set()
    for sel in selectors:
        if sel in rules:
            wanted.add(sel)
            continue
        if sel in registry.packs:
            matched = {rid for rid, r in rules.items() if getattr(r, "pack", "") == sel}
        elif sel in CATEGORIES:
            matched = {rid for rid, r in rules.items() if getattr(r, "category", "") == sel}
        elif sel.endswith((".", ".*")):
            prefix = sel if sel.endswith(".") else sel[:-1]
            matched = {rid for rid in rules if rid.startswith(prefix)}
        else:
            matched = set()
        if not matched:
            raise CliError(f"{option}: {sel!r} names no rule, pack, category or prefix"
                           + close_matches(sel, [*rules, *registry.packs, *CATEGORIES]))
        wanted |= matched
    return [rid for rid in rules if rid in wanted]


def post_defaults(args: argparse.Namespace) -> dict[str, Any]:
    """The Post fields given on the command line (options of :data:`POST_FIELDS`)."""
    fields: dict[str, Any] = {}
    if getattr(args, "channel", None) is not None:
        fields["channel"] = args.channel
    author_id = getattr(args, "author", None)
    enrolled = getattr(args, "enrolled", None)
    if author_id is not None or enrolled is not None:
        author: dict[str, Any] = {"id": author_id or "anonymous"}
        if enrolled is not None:
            author["enrolled"] = enrolled
        fields["author"] = author
    if getattr(args, "campaign", None) is not None:
        fields["campaign"] = args.campaign
    if getattr(args, "kind", None) is not None:
        fields["kind"] = args.kind
    return fields

