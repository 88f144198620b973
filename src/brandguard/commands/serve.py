"""``brandguard serve``: the HTTP service (native API, LanguageTool API, editor page).

The server itself is :mod:`brandguard.server`; this module only reads the
options, checks the policy, the ledger and the key file once (so a mistake is
one line on stderr and exit 2, before any worker starts) and runs uvicorn.
"""

from __future__ import annotations

import argparse
import copy
import inspect
import ipaddress
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from . import _options as opt
from ._common import CliError

NAME = "serve"
HELP = "run the HTTP service: JSON API, LanguageTool-compatible API and an editor page"
LOOPBACK_NAMES = ("localhost",)
#: Seconds a uvicorn worker may take to answer its supervisor's health check.
WORKER_HEALTHCHECK_S = 60


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("examples:\n  brandguard serve --policy policy.yaml\n"
                     "  brandguard serve -p policy.yaml --workers 2 --ledger "
                     "postgresql://bg@db/bg\n"
                     "  brandguard serve -p policy.yaml --host 0.0.0.0 --allow-remote "
                     "--api-key-file keys.txt\n\nSee docs/server.md.")
    opt.add(parser, "policy")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8081, help="port (default 8081)")
    parser.add_argument("--allow-remote", action="store_true",
                        help="allow a --host that other machines can reach")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes, each with its own Checker (default 1)")
    opt.add(parser, "ledger", help="posting history for the spam rules and /v1/ledger/* "
                                   "(sqlite:///posts.db, postgresql://…)")
    parser.add_argument("--api-key-file", metavar="FILE",
                        help="require an API key: a file of sha256:<hex> hashes, one a line")
    opt.add(parser, "lang", help="default language of messages (default da)")
    parser.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                        help="let pages from ORIGIN call the API (repeatable; default: CORS off)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="time budget of a request's checks (default 10)")
    parser.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                        help="largest request body (default 1048576)")
    parser.add_argument("--max-posts", type=int, default=None, metavar="N",
                        help="most posts in one /v1/check-many (default 100)")
    parser.add_argument("--processes", type=int, default=None, metavar="N",
                        help="checking processes per worker (default 2); a check over the "
                             "time budget is stopped by replacing its process; 0: check on "
                             "threads in the worker (a stuck check cannot be stopped)")
    parser.add_argument("--threads", type=int, default=None, metavar="N",
                        help="threads per worker for ledger calls (default 2)")
    parser.add_argument("--no-access-log", action="store_true", help="no line per request")
    parser.add_argument("--log-level", default="info",
                        choices=("critical", "error", "warning", "info", "debug"))


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_config(args: argparse.Namespace) -> Any:
    """Check every option and file once; the ServerConfig the workers get."""
    from ..server.auth import ApiKeyError, load_api_keys
    from ..server.config import ServerConfig
    from ._common import load_policy_arg

    if not _is_loopback(args.host) and not args.allow_remote:
        raise CliError(f"--host {args.host}: other machines could reach the server; add "
                       "--allow-remote (and consider --api-key-file)")
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port: expected 0-65535, got {args.port}")
    for name in ("workers", "max_body", "max_posts", "threads"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise CliError(f"--{name.replace('_', '-')}: expected at least 1, got {value}")
    if args.processes is not None and args.processes < 0:
        raise CliError(f"--processes: expected 0 or more, got {args.processes}")
    if args.timeout is not None and args.timeout <= 0:
        raise CliError(f"--timeout: expected a positive number of seconds, got {args.timeout:g}")
    policy = load_policy_arg(args.policy)
    if args.ledger and args.workers > 1 and (args.ledger.strip().lower().startswith("memory:")
                                             or args.ledger.strip().endswith(":memory:")):
        raise CliError(f"--ledger {args.ledger}: an in-memory ledger lives in one process; "
                       f"with --workers {args.workers} each worker would keep its own history "
                       "(use sqlite:///posts.db or postgresql://…)")
    if args.ledger:
        from ..ledger import open_ledger

        open_ledger(args.ledger).close()  # LedgerError: one line, exit 2
    key_file = None
    if args.api_key_file:
        try:
            load_api_keys(args.api_key_file)
        except ApiKeyError as exc:
            raise CliError(str(exc)) from None
        key_file = str(Path(args.api_key_file).resolve())
    given = {"timeout_s": args.timeout, "max_body_bytes": args.max_body,
             "max_posts": args.max_posts, "threads": args.threads,
             "processes": args.processes}
    return ServerConfig(policy=str(Path(policy.source).resolve()), lang=args.lang,
                        ledger=args.ledger, api_key_file=key_file,
                        cors_origins=tuple(args.cors_origin),
                        access_log=not args.no_access_log,
                        **{k: v for k, v in given.items() if v is not None})


def log_config(level: str) -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    cfg = copy.deepcopy(LOGGING_CONFIG)
    cfg["formatters"]["brandguard"] = {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}
    cfg["handlers"]["brandguard"] = {"formatter": "brandguard", "class": "logging.StreamHandler",
                                     "stream": "ext://sys.stderr"}
    for name in ("brandguard.access", "brandguard.server"):
        cfg["loggers"][name] = {"handlers": ["brandguard"], "level": level.upper(),
                                "propagate": False}
    return cfg


def run(args: argparse.Namespace) -> int:
    if find_spec("starlette") is None or find_spec("uvicorn") is None:
        raise CliError("the server needs Starlette and uvicorn: pip install 'brandguard[server]'")
    import uvicorn

    from ..server.config import ENV_VAR

    config = build_config(args)
    os.environ[ENV_VAR] = config.to_env()
    extra: dict[str, Any] = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # With --workers, uvicorn replaces a worker that does not answer its ping within
        # this time. Its default (5 s) is shorter than a worker's start on a busy machine
        # (imports, the Checker, the warm-up): the worker is killed while it starts, and
        # started again, for ever.
        extra["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK_S
    uvicorn.run("brandguard.server.app:app_from_env", factory=True, host=args.host,
                port=args.port, workers=args.workers, access_log=False,
                log_config=log_config(args.log_level), log_level=args.log_level,
                server_header=False, timeout_graceful_shutdown=5, **extra)
    return 0
