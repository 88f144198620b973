"""What the subcommands share: errors, finding and reading policies, exit codes, colour.

Every error a user can cause ends as :class:`CliError` (or one of the library's
own errors), which :func:`brandguard.cli.main` prints as one line on stderr with
exit code 2. Posts are read by the input layer (:mod:`brandguard.inputs`). Nothing
here imports spaCy: a command that lists rules must stay cheap.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..models import SEVERITY_RANK
from ..policy import load_policy

if TYPE_CHECKING:
    import argparse

    import pluggy

    from ..baseline import Baseline
    from ..models import Report
    from ..packs import Registry
    from ..policy import Policy

#: Policy files ``--policy`` falls back to, looked for in the current folder and then
#: each parent up to the project root, in this order (then ``pyproject.toml``).
DEFAULT_POLICY_FILES: tuple[str, ...] = ("brandguard.yaml", ".brandguard.yaml")
#: ``--fail-on`` levels: the lowest severity that fails the run.
FAIL_LEVELS: dict[str, int | None] = {"info": 0, "warning": 1, "error": 2, "never": None}


class CliError(Exception):
    """An error the user can fix; ``main`` prints ``brandguard: <message>`` and exits 2."""


def find_policy_file(start: Path | None = None) -> Path | None:
    """The configuration that applies in ``start`` (default: the current folder).

    Walks up from ``start`` as ruff and Vale do; in each folder the first of
    :data:`DEFAULT_POLICY_FILES` that exists wins, then a ``pyproject.toml`` with a
    ``[tool.brandguard]`` table. The walk stops at the project root (the first
    folder holding ``.git``) or at the filesystem root.
    """
    folder = (start or Path.cwd()).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for here in (folder, *folder.parents):
        for name in DEFAULT_POLICY_FILES:
            if (here / name).is_file():
                return here / name
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (here / ".git").exists():
            break
    return None


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # someone else's broken pyproject.toml is not our configuration
    tool = data.get("tool")
    return isinstance(tool, dict) and isinstance(tool.get("brandguard"), dict)


def policy_file(path: str | None, *, start: Path | None = None,
                isolated: bool = False) -> str:
    """The policy file a command uses: ``--policy``/``--config`` if given, else the
    discovered one (:func:`find_policy_file`), unless ``isolated``."""
    if path is not None:
        return path
    if isolated:
        raise CliError("--isolated ignores brandguard.yaml, .brandguard.yaml and "
                       "pyproject.toml: name the policy with --policy FILE")
    found = find_policy_file(start)
    if found is None:
        where = (start or Path.cwd()).resolve()
        raise CliError("no policy: no " + ", ".join(DEFAULT_POLICY_FILES)
                       + f" or pyproject.toml [tool.brandguard] in {where} or a parent "
                       "folder: pass --policy FILE, or create one (brandguard init)")
    return str(found)


def load_policy_arg(path: str | None, *, start: Path | None = None,
                    isolated: bool = False, verbose: bool = False) -> Policy:
    """The policy named by ``--policy``, or the one discovered from ``start`` (default
    the current folder) up to the project root; ``verbose`` says on stderr which."""
    chosen = policy_file(path, start=start, isolated=isolated)
    if verbose:
        how = "--policy" if path is not None else "found"
        sys.stderr.write(f"brandguard: policy: {chosen} ({how})\n")
    return load_policy(chosen)  # PolicyError: a line per problem; main prints them


def plugin_manager(args: argparse.Namespace | None = None) -> pluggy.PluginManager:
    """The plugin manager ``main`` built the commands from (``args.plugin_manager``),
    so a command sees the same plugins; a new one when there is none."""
    pm = getattr(args, "plugin_manager", None)
    if pm is not None:
        return cast("pluggy.PluginManager", pm)
    from ..plugins import get_plugin_manager

    return get_plugin_manager()


def load_registry(policy: Policy | None = None,
                  pm: pluggy.PluginManager | None = None) -> Registry:
    """Every installed kind, pack, rule, formatter and ledger (plus a policy's own pack
    folders). A command builds it once and passes it on (``Checker(registry=)``).

    Builds no Checker: listing rules compiles nothing and loads no language model.
    """
    from ..packs import Registry

    return Registry.build(pm or plugin_manager(), policy)


def load_baseline_arg(path: str) -> Baseline:
    """The baseline named by ``--baseline``, or a one-line CliError."""
    from ..baseline import Baseline, BaselineError

    try:
        return Baseline.load(path)
    except FileNotFoundError:
        raise CliError(f"--baseline {path}: no such file (create it with "
                       "'brandguard baseline create')") from None
    except (OSError, UnicodeDecodeError, BaselineError) as exc:
        raise CliError(f"--baseline {path}: {exc}") from None


def exit_code(reports: Iterable[Report], fail_on: str, min_score: int | None) -> int:
    """0 when nothing is at or above the fail level, else 1; 1 also for a score under
    ``min_score``. ``fail_on`` is ``info``, ``warning``, ``error`` or ``never``."""
    if fail_on not in FAIL_LEVELS:
        raise CliError(f"--fail-on: expected one of {', '.join(FAIL_LEVELS)}, got {fail_on!r}")
    level = FAIL_LEVELS[fail_on]
    failed = False
    for report in reports:
        if level is not None and any(SEVERITY_RANK[f.severity] >= level
                                     for f in report.findings):
            failed = True
        if min_score is not None and report.score < min_score:
            failed = True
    return 1 if failed else 0


def stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdout
        return False


def stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(choice: str = "auto") -> bool:
    """Colour for ``--color auto|always|never``: auto means a terminal and no NO_COLOR."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stdout_is_tty() and os.environ.get("TERM") != "dumb"


def close_matches(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a likely typo, else ''."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not found:
        return ""
    return " (did you mean " + " or ".join(repr(f) for f in found) + "?)"
