"""The ASGI application: routes, middleware and error handling.

``create_app(config)`` builds it (each uvicorn worker calls :func:`app_from_env`,
which reads the settings from the environment). Middleware is plain ASGI (no
per-request task or body copy): the access log, CORS when origins are
configured, and the API key check with the security headers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import lt, native, openapi
from .auth import bearer, key_ok
from .config import ServerConfig
from .problems import STATUS_CODES, Problem
from .service import Service

access_log = logging.getLogger("brandguard.access")
log = logging.getLogger("brandguard.server")

#: The editor's files, served from the package (no CDN, nothing fetched elsewhere).
ASSETS = {"editor.js": "text/javascript; charset=utf-8", "editor.css": "text/css; charset=utf-8"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
#: Paths that need no API key: the health checks, the editor page and the API description.
PUBLIC = ("/healthz", "/readyz", "/openapi.json", "/docs", "/", "/editor.js", "/editor.css")


def _asset(name: str) -> str:
    return resources.files("brandguard.server").joinpath("static", name).read_text("utf-8")


class AccessLog:
    """One line per request: client, method, path (never the query string, which can hold
    a LanguageTool client's text), status, bytes sent, milliseconds. Never a body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        state = {"status": 0, "bytes": 0, "logged": False}

        def write() -> None:
            # Before the last byte goes out, so the line is there when the client has it.
            state["logged"] = True
            client = scope.get("client")
            access_log.info('%s "%s %s" %d %d %.1f ms', client[0] if client else "-",
                            scope["method"], scope["path"], state["status"] or 500,
                            state["bytes"], (time.perf_counter() - t0) * 1000)

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
                if not message.get("more_body", False):
                    write()
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            if not state["logged"]:
                write()


class Guard:
    """API keys for ``/v1/…`` (``/v2/check`` checks its own, as it also takes ``apiKey``),
    and the security headers on every response."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        keys = self.service.api_keys
        if keys is not None and path.startswith("/v1/") and scope["method"] != "OPTIONS":
            header = None
            for name, value in scope["headers"]:
                if name == b"authorization":
                    header = value.decode("latin-1")
                    break
            if not key_ok(bearer(header), keys):
                problem = Problem(401, "an API key is needed: send 'Authorization: Bearer KEY'"
                                  if header is None else "the API key is not valid",
                                  "unauthorized", headers={"WWW-Authenticate": "Bearer"})
                await problem.response()(scope, receive, send)
                return
        is_page = path in ("/", "/docs")

        async def send_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                if is_page:
                    headers.append((b"content-security-policy", CSP.encode()))
                    headers.append((b"x-frame-options", b"DENY"))
                else:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_headers)


def _routes(service: Service) -> list[Route]:
    doc = openapi.spec(ledger=service.ledger is not None, auth=service.api_keys is not None)
    doc_page = openapi.page(doc)
    editor = _asset("editor.html")
    assets = {name: (_asset(name), media) for name, media in ASSETS.items()}

    async def index(request: Request) -> Response:
        return HTMLResponse(editor)

    async def asset(request: Request) -> Response:
        body, media = assets[request.url.path.lstrip("/")]
        return Response(body, media_type=media)

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(doc)

    async def docs(request: Request) -> Response:
        return HTMLResponse(doc_page)

    routes = [
        Route("/", index, methods=["GET"]),
        *(Route(f"/{name}", asset, methods=["GET"]) for name in ASSETS),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/docs", docs, methods=["GET"]),
        Route("/healthz", native.healthz, methods=["GET"]),
        Route("/readyz", native.readyz, methods=["GET"]),
        Route("/v1/check", native.check, methods=["POST"]),
        Route("/v1/check-many", native.check_many, methods=["POST"]),
        Route("/v1/rules", native.rules, methods=["GET"]),
        Route("/v1/rules/{rule_id:path}", native.rule, methods=["GET"]),
        Route("/v1/policy", native.policy, methods=["GET"]),
        Route("/v1/schema/{what}", native.schema, methods=["GET"]),
        Route("/v1/ledger/reserve", native.ledger_reserve, methods=["POST"]),
        Route("/v1/ledger/record", native.ledger_record, methods=["POST"]),
        Route("/v1/ledger/release", native.ledger_release, methods=["POST"]),
        Route("/v2/check", lt.check, methods=["GET", "POST"]),
        Route("/v2/languages", lt.languages, methods=["GET"]),
    ]
    return routes


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    if request.url.path.startswith("/v2/"):
        return PlainTextResponse(f"Error: {exc.detail}", status_code=exc.status,
                                 headers=exc.headers)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = {404: f"no such endpoint: {request.method} {request.url.path}; "
                   "see /openapi.json",
              405: f"{request.method} is not allowed on {request.url.path}"}.get(
        exc.status_code, str(exc.detail))
    problem = Problem(exc.status_code, detail, STATUS_CODES.get(exc.status_code, "http-error"),
                      headers=dict(exc.headers or {}))
    return await _problem(request, problem)


async def _internal(request: Request, exc: Exception) -> Response:
    # The traceback goes to the server's log (without the request's body); the client
    # gets one line, never the traceback.
    log.error("internal error on %s %s: %s", request.method, request.url.path,
              type(exc).__name__, exc_info=exc)
    problem = Problem(500, f"internal error ({type(exc).__name__}); the server's log has the "
                      "details", "internal")
    return await _problem(request, problem)


def create_app(config: ServerConfig | None = None, *, service: Service | None = None) -> Starlette:
    """The application for one worker: loads the policy and builds the Checker now.

    Raises the library's one-line errors (PolicyError, LedgerError, ApiKeyError) for a
    bad policy, ledger URL or key file.
    """
    if service is None:
        if config is None:
            config = ServerConfig.from_env()
        service = Service(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.warm_up()
        log.info("brandguard ready: %d rules, policy for %s", len(service.checker.rules),
                 service.policy.company.name)
        try:
            yield
        finally:
            service.close()

    middleware = [Middleware(AccessLog)] if service.config.access_log else []
    if service.config.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(service.config.cors_origins),
            allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"],
            max_age=600))
    middleware.append(Middleware(Guard, service=service))
    handlers: dict[Any, Any] = {Problem: _problem, HTTPException: _http_error,
                                Exception: _internal}
    app = Starlette(routes=_routes(service), middleware=middleware,
                    exception_handlers=handlers, lifespan=lifespan)
    app.state.service = service
    return app


def app_from_env() -> Starlette:
    """The factory uvicorn's workers call (``uvicorn --factory``): settings from
    ``BRANDGUARD_SERVER_CONFIG``."""
    return create_app(ServerConfig.from_env())
