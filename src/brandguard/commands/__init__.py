"""The subcommands of ``brandguard``, one module each, found automatically.

A command module (any module here whose name does not start with ``_``) defines::

    NAME: str                                       # the subcommand, e.g. "check"
    HELP: str                                       # one line for ``brandguard --help``
    def configure(parser: argparse.ArgumentParser) -> None   # add its options
    def run(args: argparse.Namespace) -> int                 # do it; return the exit code

Modules must import nothing heavy at import time (``brandguard --help`` imports
them all); import spaCy-dependent parts inside ``run``. User errors are raised
as :class:`brandguard.commands._common.CliError`.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_modules() -> list[ModuleType]:
    """Every command module, sorted by command name."""
    mods = [importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__)
            if not info.name.startswith("_")]
    return sorted(mods, key=lambda m: m.NAME)
