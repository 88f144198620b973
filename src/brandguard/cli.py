"""The ``brandguard`` command line: ``main(argv) -> exit code``.

Subcommands live in :mod:`brandguard.commands`, one module each. Exit codes
(as ruff and textlint): 0 nothing at or above the fail level, 1 findings at or
above it (or a score under ``--min-score``), 2 a usage, policy or input error,
printed as one line on stderr, never a traceback. 130 after Ctrl-C.
Set ``BRANDGUARD_DEBUG=1`` to get the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from typing import NoReturn

import pluggy
from pydantic import ValidationError

from . import __version__
from .baseline import BaselineError
from .commands._common import CliError
from .inputs import InputError
from .models import EmptyPostError, Post, PostTooLongError
from .plugins import PluginError, commands, get_plugin_manager
from .policy import PolicyError, describe_error

PROG = "brandguard"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2) like every other error."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see '{self.prog} --help')")


def build_parser(plugin_manager: pluggy.PluginManager | None = None) -> argparse.ArgumentParser:
    """The parser with every command the plugins register (``brandguard_commands``)."""
    pm = plugin_manager or get_plugin_manager()
    parser = _Parser(
        prog=PROG,
        description="Check employees' draft social-media posts against the company's policy.",
        epilog="Exit codes: 0 nothing at or above the fail level, 1 findings at or above it, "
               "2 usage, policy or input error.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in commands(pm):
        cmd = sub.add_parser(command.NAME, help=command.HELP, description=command.HELP,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        command.configure(cmd)
        cmd.set_defaults(_run=command.run, plugin_manager=pm)  # the commands use it too
    return parser


def _one_line(message: object) -> str:
    text = " ".join(str(message).split())
    return text or "error"


def _fail(message: object, code: int = 2) -> int:
    sys.stderr.write(f"{PROG}: {_one_line(message)}\n")
    sys.stderr.flush()
    return code


#: A policy with more problems than this prints these and "… and N more".
MAX_PROBLEM_LINES = 20


def _fail_problems(exc: PolicyError, code: int = 2) -> int:
    """Every problem of a policy, one line each (as compilers and ruff print them),
    at most :data:`MAX_PROBLEM_LINES`, then how many more there are."""
    lines = [_one_line(line) for line in exc.problems if line.strip()] or ["error"]
    shown = lines[:MAX_PROBLEM_LINES]
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more")
    sys.stderr.write("".join(f"{PROG}: {line}\n" for line in shown))
    sys.stderr.flush()
    return code


def main(argv: list[str] | None = None, *,
         plugin_manager: pluggy.PluginManager | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it).

    ``plugin_manager`` supplies the commands (default: the built-ins and the
    installed plugins).
    """
    _quick_exit()
    try:
        parser = build_parser(plugin_manager)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help and --version exit 0 through argparse
            return exc.code if isinstance(exc.code, int) else 0
        if getattr(args, "_run", None) is None:
            parser.print_help(sys.stderr)
            return 2
        code = int(args._run(args))
        sys.stdout.flush()  # inside the try: a closed pipe is caught below, not at exit
        return code
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (`brandguard rules | head`): not an error of ours.
        _silence_stdout()
        return 0
    except PolicyError as exc:  # PackError too: one line per problem
        return _fail_problems(exc)
    except (CliError, InputError, PluginError, EmptyPostError, PostTooLongError,
            BaselineError) as exc:
        return _fail(exc)
    except ValidationError as exc:
        if exc.title == "Post":
            return _fail(describe_error(exc, "post", Post))
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        return _fail(f"{exc.title}: {where}: {err['msg']}")
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("BRANDGUARD_DEBUG"):
            raise
        return _fail(f"internal error: {type(exc).__name__}: {exc} "
                     "(set BRANDGUARD_DEBUG=1 for the traceback; please report it)")


_exit_registered = False


def _quick_exit() -> None:
    """Have the process skip its last garbage collection when it exits.

    At exit Python collects every object still alive: with spaCy and the Danish tables
    loaded, 0.15–0.3 s of a one-post ``brandguard check`` (the whole gap to the cold
    start before the layout change), for memory the process hands back anyway.
    ``gc.freeze`` at exit (an atexit function, so a caller of :func:`main` in a
    longer process is not affected until it ends) leaves those objects out of it;
    they are still freed as modules are torn down."""
    global _exit_registered
    if not _exit_registered:
        _exit_registered = True
        atexit.register(gc.freeze)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
