"""The server's settings: one frozen object, passed to every worker as JSON in the environment.

``brandguard serve`` builds a :class:`ServerConfig` from its options; with
``--workers N`` uvicorn starts N processes, each of which calls
:func:`brandguard.server.app_from_env`, reads the same settings from
``BRANDGUARD_SERVER_CONFIG`` and loads the policy and the Checker once.
Nothing here imports Starlette.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

#: The environment variable that carries the settings to uvicorn's worker processes.
ENV_VAR = "BRANDGUARD_SERVER_CONFIG"

#: Default limit on a request body: a post at the library's limit (200,000
#: characters) is at most 800,000 bytes of UTF-8, so it fits with its other fields.
MAX_BODY_BYTES = 1_048_576
#: Default number of posts in one ``POST /v1/check-many``.
MAX_POSTS = 100
#: Default time budget of one check, in seconds: the Checker stops between rules at it,
#: and a check still running a little later (:func:`.service.grace`) has its process
#: killed and replaced; either way the post is blocked.
TIMEOUT_S = 10.0
#: Default number of checking processes per worker (forked from it, each checking one
#: post at a time): two keep a slow or stuck check from holding up every other request.
PROCESSES = 2
#: Default number of threads per worker for ledger calls (and for checks where there is
#: no ``fork``, or with ``processes=0``).
THREADS = 2
#: Default limit on checks queued or running per worker, including checks whose
#: request already timed out but whose thread is still finishing.
MAX_PENDING = 64


@dataclass(frozen=True)
class ServerConfig:
    """Everything a worker needs to build the application."""

    #: Path of the policy file (YAML, TOML or JSON).
    policy: str
    #: Default language of messages (``da`` or ``en``); a request can ask for the other.
    lang: Literal["da", "en"] = "da"
    #: Ledger URL (``sqlite:///posts.db``, ``postgresql://…``) for the spam rules and
    #: the ``/v1/ledger/*`` endpoints; None: no ledger.
    ledger: str | None = None
    #: File of hashed API keys (``sha256:<hex>`` a line); None: no keys needed.
    api_key_file: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    max_posts: int = MAX_POSTS
    timeout_s: float = TIMEOUT_S
    processes: int = PROCESSES
    threads: int = THREADS
    max_pending: int = MAX_PENDING
    #: Origins allowed to call the API from a browser (CORS); empty: CORS off.
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    #: Log one line per request (method, path, status, bytes, milliseconds; never a body
    #: or a query string).
    access_log: bool = True

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, value: str | None = None) -> ServerConfig:
        raw = os.environ.get(ENV_VAR) if value is None else value
        if not raw:
            raise RuntimeError(f"{ENV_VAR} is not set: start the server with 'brandguard serve'")
        data: dict[str, Any] = json.loads(raw)
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        data["cors_origins"] = tuple(data.get("cors_origins") or ())
        return cls(**data)
