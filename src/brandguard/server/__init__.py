"""brandguard as an HTTP service: ``brandguard serve`` (docs/server.md).

A Starlette application served by uvicorn. It needs the ``server`` extra
(``pip install 'brandguard[server]'``); nothing else in brandguard imports it.

- the native API (``/v1/…``): the library's JSON, OpenAPI at ``/openapi.json``;
- a LanguageTool-compatible API (``/v2/check``, ``/v2/languages``) for
  LanguageTool's clients;
- an editor page at ``/``.

``create_app(ServerConfig(policy="policy.yaml"))`` gives the ASGI app for one
process; ``brandguard serve --workers N`` runs N processes through
:func:`app_from_env`.
"""

from __future__ import annotations

from .config import ServerConfig

__all__ = ["ServerConfig", "app_from_env", "create_app"]


def __getattr__(name: str) -> object:
    # Starlette is imported only when the app is wanted, so that `brandguard serve`
    # can say which extra to install instead of failing on an import.
    if name in ("create_app", "app_from_env"):
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
