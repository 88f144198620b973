"""Every hook brandguard calls, documented here (as pytest's ``hookspec.py``).

A plugin is a module or object with functions marked ``@brandguard.hookimpl``
and named like the specs below. Installed packages register through the
entry-point group ``brandguard``::

    [project.entry-points.brandguard]
    acme = "acme_brandguard.plugin"

The built-in parts of brandguard register through these same hooks.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from .facets import Facet
    from .kinds.base import DeclarativeRule as Kind  # brandguard.kinds.Kind
    from .rule import Rule

PROJECT = "brandguard"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class Command(Protocol):
    """A ``brandguard`` subcommand: a module or an object with these four names."""

    #: The subcommand, e.g. ``"check"``.
    NAME: str
    #: One line for ``brandguard --help``.
    HELP: str

    def configure(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's arguments to its parser."""

    def run(self, args: argparse.Namespace) -> int:
        """Do it; return the exit code (0 ok, 1 findings, 2 a user's error)."""


@hookspec
def brandguard_rule_kinds() -> dict[str, type[Kind]]:
    """Declarative rule kinds that YAML rules can ``extends:``.

    Return a mapping of kind name to a :class:`brandguard.kinds.Kind` subclass,
    e.g. ``{"existence": Existence}``. A kind validates a rule's YAML at load
    and builds a :class:`brandguard.Rule` from it. Names must be unique across
    plugins.
    """


@hookspec
def brandguard_rule_packs() -> list[Path]:
    """Folders of YAML rule packs this plugin ships.

    Each folder holds ``pack.yaml`` (name, prefix, description) and one YAML
    file per rule. A policy selects packs by name under ``packs:``.
    """


@hookspec
def brandguard_rules() -> list[Rule]:
    """Python rules: instances of :class:`brandguard.Rule` subclasses.

    Each rule names its ``pack``; a policy that lists packs turns on only the
    rules of those packs. Rule ids must be unique.
    """


@hookspec
def brandguard_facets() -> list[Facet[Any]]:
    """Analysis facets: shared per-post results rules read with ``analysis[FACET]``.

    Return :class:`brandguard.facets.Facet` objects (declare them with
    ``@brandguard.facets.facet(name, requires=(...))``). Names must be unique;
    ``requires`` must name registered facets or core attributes of the analysis
    (``tokens``, ``sentences``, …); cycles are refused when the registry is
    built. Facets defined at module level in a pack folder's Python modules are
    registered with the pack, without this hook.
    """


@hookspec
def brandguard_formatters() -> dict[str, Callable[..., str]]:
    """Output formats for ``brandguard check --format NAME``.

    Return ``{name: format}`` where ``format(items, *, lang, color, rules)``
    gets a list of ``(label, post, report)`` tuples and returns the text to print.
    """


@hookspec
def brandguard_ledgers() -> dict[str, Callable[[str], Any]]:
    """Posting-history stores by URL scheme, e.g. ``{"sqlite": open_sqlite}``.

    The callable gets the whole URL and returns a :class:`brandguard.Ledger`.
    """


@hookspec
def brandguard_commands() -> list[Command]:
    """Subcommands of the ``brandguard`` command line.

    Return a list of commands: modules or objects with ``NAME`` (the subcommand),
    ``HELP`` (one line for ``brandguard --help``), ``configure(parser)`` (adds its
    arguments to an ``argparse.ArgumentParser``) and ``run(args) -> int`` (the exit
    code). Names must be unique across plugins; the built-in commands
    (:mod:`brandguard.commands`) register through this hook too. ``run`` reports a
    user's error by raising :class:`brandguard.commands.CliError` (one line, exit
    code 2) or one of brandguard's own errors; the shared options (``--policy``,
    ``--lang``, ``--fail-on``, ...) are added with
    ``brandguard.commands.add_options(parser, "policy", "lang")``. Keep imports at
    module level light: ``brandguard --help`` configures every command.
    """
