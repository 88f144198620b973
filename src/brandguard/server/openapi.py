"""The OpenAPI 3.1 description of the API (``/openapi.json``) and a page for people (``/docs``).

The schemas of Post and Report come from the pydantic models, so the
description cannot drift from what the server accepts and returns. The page is
rendered here, self-contained (no script, nothing fetched from elsewhere).
"""

from __future__ import annotations

import html
from typing import Any

from pydantic.json_schema import models_json_schema

import brandguard as bg

_REF = "#/components/schemas/{model}"


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


_ERRORS = {
    "400": _problem("The body is not JSON, or not the expected shape."),
    "401": _problem("An API key is needed (`Authorization: Bearer KEY`)."),
    "413": _problem("The body is over the byte limit, or the post over 200,000 characters."),
    "422": _problem("A field of the post is invalid (the detail names it)."),
    "503": _problem("The server is busy (`Retry-After`), or a ledger call exceeded the time "
                    "budget. (A check that exceeds it is not an error: its report blocks "
                    "the post with an `internal` finding.)"),
}
_LANG = {"name": "lang", "in": "query", "required": False,
         "description": "Language of the messages (default: the server's; else Accept-Language).",
         "schema": {"type": "string", "enum": ["da", "en"]}}


def spec(*, ledger: bool, auth: bool) -> dict[str, Any]:
    _, defs = models_json_schema([(bg.Post, "validation"), (bg.Report, "serialization")],
                                 ref_template=_REF)
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))
    schemas["Problem"] = {
        "type": "object", "description": "RFC 9457 problem document.",
        "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                       "status": {"type": "integer"}, "detail": {"type": "string"},
                       "code": {"type": "string"}},
        "required": ["type", "title", "status", "detail", "code"]}
    schemas["CheckMany"] = {"type": "object", "required": ["posts"], "additionalProperties": False,
                            "properties": {"posts": {"type": "array",
                                                     "items": {"$ref": "#/components/schemas/Post"}}}}
    schemas["CheckManyResult"] = {
        "type": "object",
        "properties": {"results": {"type": "array", "items": {
            "type": "object", "description": "Either the post's report or its error, in place.",
            "properties": {"report": {"$ref": "#/components/schemas/Report"},
                           "error": {"$ref": "#/components/schemas/Problem"}}}}}}
    schemas["Reservation"] = {"type": "object", "properties": {
        "ok": {"type": "boolean"}, "entry_id": {"type": "integer"}}}
    obj = {"application/json": {"schema": {"type": "object"}}}
    arr = {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}
    paths: dict[str, Any] = {
        "/v1/check": {"post": {
            "summary": "Check one post", "operationId": "check",
            "description": "A Post in, its Report out: exactly the library's JSON "
                           "(`brandguard check --format json`).",
            "parameters": [_LANG],
            "requestBody": {"required": True, "content": _json("Post")},
            "responses": {"200": {"description": "The report.", "content": _json("Report")},
                          **_ERRORS}}},
        "/v1/check-many": {"post": {
            "summary": "Check many posts", "operationId": "checkMany",
            "description": "One result per post, in order; an invalid post gets its error "
                           "in place and the others are still checked.",
            "parameters": [_LANG],
            "requestBody": {"required": True, "content": _json("CheckMany")},
            "responses": {"200": {"description": "The results.",
                                  "content": _json("CheckManyResult")}, **_ERRORS}}},
        "/v1/rules": {"get": {"summary": "Every installed rule, and its state under the policy",
                              "operationId": "rules",
                              "responses": {"200": {"description": "The rules.", "content": arr}}}},
        "/v1/rules/{rule_id}": {"get": {
            "summary": "One rule: summary, rationale, messages, options and examples",
            "operationId": "rule",
            "parameters": [{"name": "rule_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "The rule.", "content": obj},
                          "404": _problem("No such rule.")}}},
        "/v1/policy": {"get": {"summary": "The effective policy", "operationId": "policy",
                               "responses": {"200": {"description": "The policy.", "content": obj}}}},
        "/v1/schema/{what}": {"get": {
            "summary": "JSON Schema of the policy file, the report or the post",
            "operationId": "schema",
            "parameters": [{"name": "what", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": ["policy", "report", "post"]}}],
            "responses": {"200": {"description": "The JSON Schema.", "content": obj},
                          "404": _problem("No such schema.")}}},
        "/v2/check": {"post": {
            "summary": "LanguageTool-compatible check",
            "operationId": "ltCheck",
            "description": "LanguageTool's `/v2/check`: form-encoded `text` or `data`, "
                           "`language` (da, da-DK, auto), `enabledRules`, `disabledRules`, "
                           "`enabledCategories`, `disabledCategories`, `enabledOnly`, `level`. "
                           "Offsets are UTF-16 code units. Errors are plain text.",
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["language"],
                    "properties": {k: {"type": "string"} for k in (
                        "text", "data", "language", "enabledRules", "disabledRules",
                        "enabledCategories", "disabledCategories", "enabledOnly", "level",
                        "apiKey")}}}}},
            "responses": {"200": {"description": "LanguageTool's response.", "content": obj},
                          "400": {"description": "A missing or bad parameter (plain text)."}}}},
        "/v2/languages": {"get": {"summary": "The languages the server checks (Danish)",
                                  "operationId": "ltLanguages",
                                  "responses": {"200": {"description": "Languages.",
                                                        "content": arr}}}},
        "/healthz": {"get": {"summary": "The process is up", "operationId": "healthz",
                             "security": [],
                             "responses": {"200": {"description": "Up.", "content": obj}}}},
        "/readyz": {"get": {"summary": "The Checker is loaded (and the ledger answers)",
                            "operationId": "readyz", "security": [],
                            "responses": {"200": {"description": "Ready.", "content": obj},
                                          "503": _problem("Not ready.")}}},
    }
    if ledger:
        for name, summary, status in (
                ("reserve", "Atomically check the author's cadence limits and record the post", "201"),
                ("record", "Record a published post without checking", "201")):
            responses: dict[str, Any] = {status: {"description": "Recorded.",
                                                  "content": _json("Reservation")}, **_ERRORS}
            if name == "reserve":
                responses["409"] = _problem("No slot: the post would break a cadence limit "
                                            "(`reason`, `breaches`).")
            paths[f"/v1/ledger/{name}"] = {"post": {
                "summary": summary, "operationId": f"ledger{name.title()}",
                "requestBody": {"required": True, "content": _json("Post")},
                "responses": responses}}
        paths["/v1/ledger/release"] = {"post": {
            "summary": "Undo a reservation whose post was not published",
            "operationId": "ledgerRelease",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"entry_id": {"type": "integer"}}}}}},
            "responses": {"200": {"description": "Whether it was there.", "content": obj}}}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "brandguard", "version": bg.__version__,
                 "description": "Checks employees' draft social-media posts against the "
                                "company's guidelines. See docs/server.md."},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    if auth:
        doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        doc["security"] = [{"bearer": []}]
    return doc


def page(doc: dict[str, Any]) -> str:
    """A plain page listing every operation of ``doc``."""
    e = html.escape
    rows = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            desc = f"<p>{e(op['description'])}</p>" if op.get("description") else ""
            codes = ", ".join(sorted(op.get("responses", {})))
            rows.append(f'<section><h2><code class="m">{method.upper()}</code> <code>{e(path)}'
                        f"</code></h2><p>{e(op['summary'])}</p>{desc}"
                        f"<p class=r>Responses: {e(codes)}</p></section>")
    return ("<!doctype html><html lang=en><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<title>{e(doc['info']['title'])} API</title><style>"
            "body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em}"
            "h2{font-size:1.05em;margin:1.4em 0 .2em}.m{color:#1565c0}.r{color:#5f6368}"
            "</style><h1>brandguard API</h1><p>Version "
            f"{e(doc['info']['version'])}. The machine-readable description is "
            "<a href=/openapi.json>/openapi.json</a> (OpenAPI 3.1); the editor is at "
            "<a href=/>/</a>.</p>" + "".join(rows) + "</html>")
