"""The subcommands of ``brandguard``, one module each, registered as a built-in plugin.

A command module (any module here whose name does not start with ``_``) defines::

    NAME: str                                       # the subcommand, e.g. "check"
    HELP: str                                       # one line for ``brandguard --help``
    def configure(parser: argparse.ArgumentParser) -> None   # add its options
    def run(args: argparse.Namespace) -> int                 # do it; return the exit code

That is the whole convention: a new module dropped in this folder (``serve.py``)
is found by :func:`command_modules` and registered through the
``brandguard_commands`` hook below, the same hook a third-party plugin uses to
add a command (see :mod:`brandguard.hookspecs`); nothing else needs to change.
Shared options come from :mod:`brandguard.commands._options` (``opt.add(parser,
"policy", "lang")``; for a plugin's command: :func:`add_options`), so every
command reads them alike.

Modules must import nothing heavy at import time (``brandguard --help`` imports
them all); import spaCy-dependent parts inside ``run``. User errors are raised
as :class:`CliError` (``brandguard.commands.CliError``).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from ..hookspecs import Command, hookimpl
from ._common import CliError
from ._options import add as add_options

__all__ = ["CliError", "add_options", "brandguard_commands", "command_modules"]


def command_modules() -> list[ModuleType]:
    """Every command module in this package, sorted by command name."""
    mods = [importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__)
            if not info.name.startswith("_")]
    return sorted(mods, key=lambda m: m.NAME)


@hookimpl
def brandguard_commands() -> list[Command]:
    return list(command_modules())
