"""The native API (v1): JSON in, the library's own JSON out.

``POST /v1/check`` takes a Post and answers with the Report exactly as
``report.model_dump_json()`` (and ``brandguard check --format json``) writes it.
Errors are problem documents (:mod:`.problems`) with the command line's
one-line messages: 400 for a body that is not JSON, 413 for a body or a post
over the limit, 422 for a post that does not validate.
"""

from __future__ import annotations

import asyncio
import json
import time
from difflib import get_close_matches
from pathlib import PurePath
from typing import Any, Literal

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

import brandguard as bg

from .problems import Problem
from .service import Service

LANGS: dict[str, Literal["da", "en"]] = {"da": "da", "en": "en"}


def service_of(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]  # starlette's state is untyped


# --- reading a request ------------------------------------------------------------------------


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) one over ``limit`` bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem(413, f"request body: {int(declared):,} bytes; the limit is {limit:,}",
                      "body-too-large", limit=limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"request body: more than {limit:,} bytes; the limit is {limit:,}",
                          "body-too-large", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes) -> Any:
    if not body.strip():
        raise Problem(400, "request body: empty; expected JSON", "invalid-json")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise Problem(400, "request body: not UTF-8 text", "invalid-json") from None
    except json.JSONDecodeError as exc:
        raise Problem(400, f"request body: invalid JSON at line {exc.lineno} column {exc.colno}: "
                      f"{exc.msg}", "invalid-json") from None


async def read_json(request: Request) -> Any:
    return parse_json(await read_body(request, service_of(request).config.max_body_bytes))


def make_post(data: Any, name: str = "post") -> bg.Post:
    """A Post from JSON, or a Problem with the command line's message for it."""
    if not isinstance(data, dict):
        raise Problem(400, f"{name}: expected a JSON object with at least \"text\", got "
                      f"{_json_type(data)}", "invalid-post")
    text = data.get("text")
    if isinstance(text, str):
        if not text.strip():
            raise Problem(422, f"{name}: the post is empty", "empty-post")
        if len(text) > bg.MAX_TEXT_CHARS:
            raise Problem(413, f"{name}: the post has {len(text):,} characters; the limit is "
                          f"{bg.MAX_TEXT_CHARS:,}", "post-too-long", limit=bg.MAX_TEXT_CHARS)
    try:
        return bg.Post.model_validate(data)
    except ValidationError as exc:
        raise Problem(422, bg.describe_error(exc, name, bg.Post), "invalid-post") from None


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number" if isinstance(value, int | float) and not isinstance(value, bool) \
        else type(value).__name__


def request_lang(request: Request, default: Literal["da", "en"]) -> Literal["da", "en"]:
    """``?lang=da|en``, else the first of da/en in Accept-Language, else the server's default."""
    lang = request.query_params.get("lang")
    if lang is not None:
        if lang not in LANGS:
            raise Problem(400, f"lang: expected one of da, en, got {lang!r}", "invalid-parameter")
        return LANGS[lang]
    return accept_language(request.headers.get("accept-language"), default)


def accept_language(header: str | None,
                    default: Literal["da", "en"]) -> Literal["da", "en"]:
    if not header:
        return default
    best: tuple[float, int, Literal["da", "en"]] | None = None
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        if base not in LANGS:
            continue
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if q > 0 and (best is None or (q, -i) > (best[0], best[1])):
            best = (q, -i, LANGS[base])
    return best[2] if best else default


# --- checking ---------------------------------------------------------------------------------


async def check(request: Request) -> Response:
    svc = service_of(request)
    lang = request_lang(request, svc.config.lang)
    post = make_post(await read_json(request))
    svc.admit()
    body = await svc.check(post, lang=lang, as_json=True)
    return Response(body, media_type="application/json")


async def check_many(request: Request) -> Response:
    svc = service_of(request)
    lang = request_lang(request, svc.config.lang)
    data = await read_json(request)
    items = data.get("posts") if isinstance(data, dict) else None
    if not isinstance(items, list) or (isinstance(data, dict) and set(data) - {"posts"}):
        raise Problem(400, "request body: expected {\"posts\": [post, …]}", "invalid-batch")
    if len(items) > svc.config.max_posts:
        raise Problem(413, f"posts: {len(items):,} posts; the limit is {svc.config.max_posts:,} "
                      "per request", "too-many-posts", limit=svc.config.max_posts)
    slots: list[bg.Post | Problem] = []
    for i, item in enumerate(items):
        try:
            slots.append(make_post(item, f"posts[{i}]"))
        except Problem as problem:
            slots.append(problem)
    svc.admit()

    async def one(slot: bg.Post | Problem) -> str:
        if isinstance(slot, Problem):
            return '{"error":' + json.dumps(slot.body(), ensure_ascii=False) + "}"
        # Each post is its own check (its own time budget), spread over the processes.
        body: str = await svc.check(slot, lang=lang, as_json=True)
        return '{"report":' + body + "}"

    parts = await asyncio.gather(*(one(slot) for slot in slots))
    return Response('{"results":[' + ",".join(parts) + "]}", media_type="application/json")


# --- rules, policy, schemas -------------------------------------------------------------------


def public_source(source: str) -> str:
    """A rule's source without the folder it is installed in: a module name stays as it is,
    a pack file becomes ``<pack folder>/<file>``."""
    if "/" not in source and "\\" not in source:
        return source
    parts = PurePath(source).parts
    return "/".join(parts[-2:])


def _states(svc: Service) -> dict[str, str]:
    return {r.id: r.active_severity for r in svc.checker.rules}


def rule_row(rule: bg.Rule, state: dict[str, str]) -> dict[str, Any]:
    return {"id": rule.id, "category": rule.category, "severity": rule.severity,
            "pack": rule.pack, "source": public_source(rule.source or rule.pack),
            "summary": rule.summary, "policy": state.get(rule.id, "off"),
            "enabled": rule.id in state}


async def rules(request: Request) -> Response:
    svc = service_of(request)
    state = _states(svc)
    rows = [rule_row(r, state) for r in sorted(svc.checker.registry.rules.values(),
                                               key=lambda r: r.id)]
    return JSONResponse(rows)


def _example(out: dict[str, Any], example: bg.Example) -> dict[str, Any]:
    for key in ("post", "policy", "history"):
        value = getattr(example, key, None)
        if value:
            out[key] = value
    return out


async def rule(request: Request) -> Response:
    svc = service_of(request)
    rule_id = request.path_params["rule_id"]
    found = svc.checker.registry.rules.get(rule_id)
    if found is None:
        near = get_close_matches(rule_id, list(svc.checker.registry.rules), n=3, cutoff=0.6)
        hint = (" (did you mean " + " or ".join(repr(n) for n in near) + "?)") if near else ""
        raise Problem(404, f"unknown rule {rule_id!r}{hint}; GET /v1/rules lists them",
                      "unknown-rule")
    info = found.describe()
    info["source"] = public_source(info.get("source") or info.get("pack") or "")
    info["examples"] = {
        "bad": [_example({"text": e.marked, "suggestion": e.suggestion}, e)
                for e in found.examples_bad],
        "good": [_example({"text": e.text}, e) for e in found.examples_good],
    }
    state = _states(svc)
    info["policy"] = state.get(found.id, "off")
    info["enabled"] = found.id in state
    return Response(json.dumps(info, ensure_ascii=False, default=str),
                    media_type="application/json")


def public_policy(policy: bg.Policy) -> dict[str, Any]:
    """The effective policy as JSON, with pack folders named by their last part only."""
    data = policy.model_dump(mode="json")
    if data.get("packs"):
        data["packs"] = [public_source(p) if ("/" in p or "\\" in p) else p
                         for p in data["packs"]]
    return data


async def policy(request: Request) -> Response:
    return JSONResponse(public_policy(service_of(request).policy))


SCHEMAS = ("policy", "report", "post")


def schema_of(what: str) -> dict[str, Any]:
    if what == "policy":
        return bg.policy_json_schema()
    model = bg.Report if what == "report" else bg.Post
    return model.model_json_schema()


async def schema(request: Request) -> Response:
    what = request.path_params["what"]
    if what not in SCHEMAS:
        raise Problem(404, f"unknown schema {what!r}; expected one of {', '.join(SCHEMAS)}",
                      "unknown-schema")
    return JSONResponse(schema_of(what))


# --- the ledger -------------------------------------------------------------------------------


def _ledger(svc: Service) -> bg.Ledger:
    if svc.ledger is None:
        raise Problem(404, "no ledger: start the server with --ledger URL", "no-ledger")
    return svc.ledger


def _named_author(post: bg.Post) -> None:
    if post.author.id == "anonymous":
        raise Problem(422, "post: author.id: missing; the ledger counts posts per employee",
                      "invalid-post")


async def _ledger_call(svc: Service, fn: Any) -> Any:
    try:
        return await svc.call(fn)
    except bg.LedgerError as exc:
        raise Problem(503, str(exc), "ledger-unavailable") from None


async def ledger_reserve(request: Request) -> Response:
    svc = service_of(request)
    ledger = _ledger(svc)
    post = make_post(await read_json(request))
    _named_author(post)
    slot = await _ledger_call(svc, lambda: ledger.reserve(post, svc.policy))
    if not slot:
        breaches = [{"kind": b.kind, "count": b.count, "limit": b.limit,
                     "hours": None if b.hours is None else round(b.hours, 2),
                     "other": b.other.isoformat() if b.other else None} for b in slot.breaches]
        raise Problem(409, f"no slot: {slot.reason}", "no-slot", reason=slot.reason,
                      message=slot.explain(request_lang(request, svc.config.lang)),
                      breaches=breaches)
    return JSONResponse({"ok": True, "entry_id": slot.entry_id}, status_code=201)


async def ledger_record(request: Request) -> Response:
    svc = service_of(request)
    ledger = _ledger(svc)
    post = make_post(await read_json(request))
    _named_author(post)
    entry_id = await _ledger_call(svc, lambda: ledger.record(post))
    return JSONResponse({"ok": True, "entry_id": entry_id}, status_code=201)


async def ledger_release(request: Request) -> Response:
    svc = service_of(request)
    ledger = _ledger(svc)
    data = await read_json(request)
    entry_id = data.get("entry_id") if isinstance(data, dict) else None
    if not isinstance(entry_id, int) or isinstance(entry_id, bool):
        raise Problem(422, "entry_id: expected the integer a reservation returned",
                      "invalid-parameter")
    released = await _ledger_call(svc, lambda: ledger.release(entry_id))
    return JSONResponse({"released": bool(released)})


# --- health -----------------------------------------------------------------------------------


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    svc = service_of(request)
    if not svc.ready:
        raise Problem(503, "warming up: the Checker is not ready yet", "not-ready")
    checks: dict[str, Any] = {"checker": "ok", "rules": len(svc.checker.rules)}
    if svc.ledger is not None:
        t0 = time.perf_counter()
        try:
            await svc.call(svc.ledger.ping)
        except bg.LedgerError as exc:
            raise Problem(503, str(exc), "ledger-unavailable") from None
        checks["ledger"] = {"scheme": svc.ledger.scheme,
                            "ms": round((time.perf_counter() - t0) * 1000, 1)}
    return JSONResponse({"status": "ready", **checks})
