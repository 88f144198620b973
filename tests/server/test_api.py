"""The native API (v1) under a real uvicorn, through a real HTTP client: every endpoint,
every error path, API keys, CORS, the access log, the time budget."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import brandguard as bg
from brandguard import cli
from brandguard.server import ServerConfig
from brandguard.server.service import Service

from .conftest import KEY, POLICY, ROOT, ThreadServer

HYPE = "Vi er verdens bedste til varmepumper!!! Køb nu hos Nordlys energi 😀"
CLEAN = "I dag satte vi vores første varmepumpe op i Skive, og familien sparer allerede."


def assert_problem(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body = resp.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == "about:blank" and body["title"]
    assert "\n" not in body["detail"]
    assert_no_leak(resp.text)
    return body


def assert_no_leak(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text
    assert str(ROOT) not in text and str(POLICY.parent) not in text


# --- health and checking ----------------------------------------------------------------------


def test_health_and_readiness(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready" and body["rules"] > 50
    assert body["ledger"]["scheme"] == "sqlite"


def test_check_answers_exactly_the_librarys_report(server: ThreadServer,
                                                    client: httpx.Client) -> None:
    post = {"text": HYPE, "channel": "linkedin", "id": "draft-1"}
    resp = client.post("/v1/check", json=post)
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    expected = server.service.checker.check(bg.Post(**post), ledger=server.service.ledger)
    assert resp.json() == json.loads(expected.model_dump_json())
    report = bg.Report.model_validate_json(resp.content)
    assert report.post_id == "draft-1" and report.verdict == "block"
    ids = {f.rule_id for f in report.findings}
    # »!!!« is one problem: the language or the tone pack reports it, not both.
    assert "tone.hype" in ids and len(ids & {"tone.repeated-punctuation",
                                            "da.repeated-punctuation"}) == 1
    assert resp.headers["cache-control"] == "no-store"
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_messages_in_english_on_request(client: httpx.Client) -> None:
    da = client.post("/v1/check", json={"text": HYPE}).json()
    en = client.post("/v1/check", params={"lang": "en"}, json={"text": HYPE}).json()
    by_header = client.post("/v1/check", json={"text": HYPE},
                            headers={"Accept-Language": "en-GB,en;q=0.9,da;q=0.5"}).json()
    assert da["lang"] == "da" and en["lang"] == "en" and by_header["lang"] == "en"
    hype = [f["message"] for f in en["findings"] if f["rule_id"] == "tone.hype"]
    assert hype and hype != [f["message"] for f in da["findings"] if f["rule_id"] == "tone.hype"]
    bad = client.post("/v1/check", params={"lang": "de"}, json={"text": HYPE})
    assert_problem(bad, 400, "invalid-parameter")


def test_check_many_reports_a_bad_item_in_place(client: httpx.Client) -> None:
    posts = [{"text": CLEAN}, {"text": "   "}, {"text": HYPE, "channel": "tiktok"},
             {"text": HYPE, "id": "p4"}]
    resp = client.post("/v1/check-many", json={"posts": posts})
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert len(results) == 4
    assert results[0]["report"]["verdict"] in ("pass", "warn")
    assert results[1]["error"]["code"] == "empty-post"
    assert results[1]["error"]["detail"] == "posts[1]: the post is empty"
    assert results[2]["error"]["status"] == 422
    assert results[2]["error"]["detail"].startswith("posts[2]: channel: expected one of: linkedin")
    assert results[3]["report"]["post_id"] == "p4"


def test_check_many_limits(client: httpx.Client) -> None:
    too_many = client.post("/v1/check-many", json={"posts": [{"text": CLEAN}] * 6})
    assert assert_problem(too_many, 413, "too-many-posts")["limit"] == 5
    assert_problem(client.post("/v1/check-many", json=[{"text": CLEAN}]), 400, "invalid-batch")
    assert_problem(client.post("/v1/check-many", json={"posts": [], "x": 1}), 400,
                   "invalid-batch")


# --- rules, policy, schemas -------------------------------------------------------------------


def test_rules_list_with_the_policys_state(server: ThreadServer, client: httpx.Client) -> None:
    rows = client.get("/v1/rules").json()
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids) and len(ids) == len(server.service.checker.registry.rules)
    on = {r.id for r in server.service.checker.rules}
    assert {r["id"] for r in rows if r["enabled"]} == on
    row = next(r for r in rows if r["id"] == "tone.hype")
    assert set(row) == {"id", "category", "severity", "pack", "source", "summary", "policy",
                        "enabled"}
    assert all(not r["source"].startswith("/") for r in rows)
    assert_no_leak(json.dumps(rows))


def test_one_rule_with_docs_and_examples(client: httpx.Client) -> None:
    info = client.get("/v1/rules/format.max-length").json()
    assert info["id"] == "format.max-length" and info["rationale"]
    assert info["message"]["da"] and info["message"]["en"]
    assert info["examples"]["bad"] and info["examples"]["good"]
    assert any(ex.get("policy") for ex in info["examples"]["bad"])  # context comes along
    assert info["enabled"] is True and info["policy"] in ("info", "warning", "error")
    missing = assert_problem(client.get("/v1/rules/tone.hyp"), 404, "unknown-rule")
    assert "did you mean 'tone.hype'" in missing["detail"]


def test_policy_and_schemas(server: ThreadServer, client: httpx.Client) -> None:
    policy = client.get("/v1/policy").json()
    assert policy["company"]["name"] == server.service.policy.company.name
    assert bg.load_policy(policy).company.name == policy["company"]["name"]  # round-trips
    assert_no_leak(json.dumps(policy))
    assert client.get("/v1/schema/policy").json() == bg.policy_json_schema()
    assert client.get("/v1/schema/report").json() == bg.Report.model_json_schema()
    assert client.get("/v1/schema/post").json() == bg.Post.model_json_schema()
    assert_problem(client.get("/v1/schema/finding"), 404, "unknown-schema")


def test_openapi_describes_every_route(server: ThreadServer, client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    routes = {r.path.replace("{rule_id:path}", "{rule_id}")  # type: ignore[attr-defined]
              for r in server.server.config.app.routes}
    documented = set(doc["paths"])
    assert routes - {"/", "/editor.js", "/editor.css", "/openapi.json", "/docs"} == documented
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(doc))
    assert refs and set(refs) <= set(doc["components"]["schemas"])
    page = client.get("/docs")
    assert page.status_code == 200 and "/v1/check-many" in page.text
    assert "content-security-policy" in page.headers


def test_the_page_is_self_contained(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    for text in (page.text, client.get("/editor.js").text, client.get("/editor.css").text):
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text)
        assert "@import" not in text and "url(" not in text
    assert 'lang="da"' in page.text and 'aria-label="Opslagets tekst"' in page.text


# --- the ledger -------------------------------------------------------------------------------


def _ledger_post(author: str, at: datetime, **kw: Any) -> dict[str, Any]:
    return {"text": CLEAN, "author": {"id": author}, "created_at": at.isoformat(), **kw}


def test_ledger_reserve_record_release(client: httpx.Client) -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    first = client.post("/v1/ledger/reserve", json=_ledger_post("e-res", at))
    assert first.status_code == 201 and first.json()["ok"] is True
    entry = first.json()["entry_id"]
    second = client.post("/v1/ledger/reserve", json=_ledger_post("e-res", at + timedelta(hours=1)))
    body = assert_problem(second, 409, "no-slot")
    assert body["reason"] and {b["kind"] for b in body["breaches"]} & {"day", "gap"}
    assert client.post("/v1/ledger/release", json={"entry_id": entry}).json() == {"released": True}
    again = client.post("/v1/ledger/reserve", json=_ledger_post("e-res", at + timedelta(hours=1)))
    assert again.status_code == 201
    recorded = client.post("/v1/ledger/record", json=_ledger_post("e-rec", at))
    assert recorded.status_code == 201 and isinstance(recorded.json()["entry_id"], int)
    # The spam rules now see the recorded post: the same author again an hour later.
    report = client.post("/v1/check", json=_ledger_post("e-rec", at + timedelta(hours=1),
                                                        text=HYPE)).json()
    assert any(f["rule_id"].startswith("spam.") for f in report["findings"])
    assert_problem(client.post("/v1/ledger/reserve", json={"text": CLEAN}), 422, "invalid-post")
    assert_problem(client.post("/v1/ledger/release", json={"entry_id": "x"}), 422,
                   "invalid-parameter")


def test_ledger_endpoints_without_a_ledger(keyed_server: ThreadServer) -> None:
    with keyed_server.client(headers={"Authorization": f"Bearer {KEY}"}) as c:
        resp = c.post("/v1/ledger/reserve", json={"text": CLEAN, "author": {"id": "e1"}})
        assert assert_problem(resp, 404, "no-ledger")["detail"] == \
            "no ledger: start the server with --ledger URL"
        assert "/v1/ledger/reserve" not in c.get("/openapi.json").json()["paths"]


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "status", "code", "detail"), [
    (b"{bad", 400, "invalid-json", "request body: invalid JSON at line 1 column 2"),
    (b"", 400, "invalid-json", "request body: empty; expected JSON"),
    (b"\xff\xfe{", 400, "invalid-json", "request body"),
    (b'["text"]', 400, "invalid-post", 'post: expected a JSON object with at least "text", got an array'),
    (b'{"text": "   "}', 422, "empty-post", "post: the post is empty"),
    (b'{"text": "Hej", "chanel": "x"}', 422, "invalid-post", "post: chanel: unknown key; valid keys:"),
    (b'{"text": "Hej", "created_at": "2026-01-01T09:00:00"}', 422, "invalid-post", "post: created_at:"),
    (b'{"channel": "x"}', 422, "invalid-post", "post: text: missing"),
    (b'{"text": 17}', 422, "invalid-post", "post: text: expected"),
])
def test_bad_input_is_a_problem_document(client: httpx.Client, body: bytes, status: int,
                                         code: str, detail: str) -> None:
    resp = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert assert_problem(resp, status, code)["detail"].startswith(detail)


def test_post_over_the_limit_is_413(client: httpx.Client) -> None:
    resp = client.post("/v1/check", json={"text": "a" * (bg.MAX_TEXT_CHARS + 1)})
    body = assert_problem(resp, 413, "post-too-long")
    assert body["detail"] == "post: the post has 200,001 characters; the limit is 200,000"
    assert body["limit"] == bg.MAX_TEXT_CHARS


def test_body_over_the_limit_is_413_declared_or_streamed(client: httpx.Client) -> None:
    big = json.dumps({"text": "å" * 250_000}).encode()  # 500 kB of UTF-8
    declared = client.post("/v1/check", content=big, headers={"content-type": "application/json"})
    assert assert_problem(declared, 413, "body-too-large")["limit"] == 400_000

    def chunks() -> Iterator[bytes]:  # no Content-Length: read until over the limit
        for i in range(0, len(big), 65536):
            yield big[i:i + 65536]

    streamed = client.post("/v1/check", content=chunks(),
                           headers={"content-type": "application/json"})
    assert assert_problem(streamed, 413, "body-too-large")["detail"].startswith(
        "request body: more than 400,000 bytes")


def test_unknown_path_and_wrong_method(client: httpx.Client) -> None:
    assert_problem(client.get("/v1/nothing"), 404, "not-found")
    assert_problem(client.get("/v1/check"), 405, "method-not-allowed")


@pytest.mark.parametrize("processes", [2, 0])
def test_unexpected_error_is_500_without_traceback(processes: int) -> None:
    # The checking processes are forked from the worker: the Checker is patched before.
    service = Service(ServerConfig(policy=str(POLICY), processes=processes, access_log=False))
    check = service.checker.check

    def boom(post: Any, **kw: Any) -> Any:
        if "BOOM" in (post.text if isinstance(post, bg.Post) else str(post)):
            raise RuntimeError(f"secret detail in {POLICY}")
        return check(post, **kw)

    service.checker.check = boom  # type: ignore[method-assign]
    with ThreadServer(service) as srv, srv.client() as client:
        resp = client.post("/v1/check", json={"text": "BOOM " + CLEAN})
        body = assert_problem(resp, 500, "internal")
        assert "secret detail" not in resp.text and "RuntimeError" in body["detail"]
        assert client.post("/v1/check", json={"text": CLEAN}).json()["verdict"] == "pass"


# --- API keys and CORS ------------------------------------------------------------------------


def test_api_keys(keyed_server: ThreadServer) -> None:
    with keyed_server.client() as c:
        none = c.post("/v1/check", json={"text": CLEAN})
        assert assert_problem(none, 401, "unauthorized")["detail"].startswith("an API key is needed")
        assert none.headers["www-authenticate"] == "Bearer"
        wrong = c.post("/v1/check", json={"text": CLEAN}, headers={"Authorization": "Bearer nope"})
        assert assert_problem(wrong, 401, "unauthorized")["detail"] == "the API key is not valid"
        assert_problem(c.get("/v1/rules", headers={"Authorization": KEY}), 401, "unauthorized")
        ok = c.post("/v1/check", json={"text": CLEAN}, headers={"Authorization": f"Bearer {KEY}"})
        assert ok.status_code == 200
        for public in ("/healthz", "/readyz", "/", "/openapi.json", "/docs", "/editor.js"):
            assert c.get(public).status_code == 200, public
        assert c.get("/openapi.json").json()["security"] == [{"bearer": []}]
        lt_none = c.post("/v2/check", data={"language": "da", "text": CLEAN})
        assert lt_none.status_code == 401 and lt_none.text.startswith("Error: an API key")
        lt_field = c.post("/v2/check", data={"language": "da", "text": CLEAN, "apiKey": KEY})
        lt_header = c.post("/v2/check", data={"language": "da", "text": CLEAN},
                           headers={"Authorization": f"Bearer {KEY}"})
        assert lt_field.status_code == lt_header.status_code == 200


def test_api_key_file_keeps_hashes_only(tmp_path: Any) -> None:
    from brandguard.server.auth import ApiKeyError, hash_key, key_ok, load_api_keys

    path = tmp_path / "keys.txt"
    path.write_text("plain-text-key\n", encoding="utf-8")
    with pytest.raises(ApiKeyError, match=r"line 1: expected sha256:<64 hex digits>"):
        load_api_keys(str(path))
    path.write_text(hash_key("a") + "\n" + hash_key("b").upper().replace("SHA256", "sha256") + "\n")
    keys = load_api_keys(str(path))
    assert key_ok("a", keys) and key_ok("b", keys) and not key_ok("c", keys)
    assert not key_ok("", keys) and not key_ok(None, keys)


def test_cors_is_off_unless_configured(client: httpx.Client, keyed_server: ThreadServer) -> None:
    pre = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
           "Access-Control-Request-Headers": "content-type"}
    assert "access-control-allow-origin" not in client.options("/v1/check", headers=pre).headers
    simple = client.post("/v1/check", json={"text": CLEAN}, headers={"Origin": "https://a.example"})
    assert simple.status_code == 200 and "access-control-allow-origin" not in simple.headers
    with keyed_server.client() as c:
        ok = c.options("/v1/check", headers={**pre, "Origin": "https://intranet.example"})
        assert ok.headers["access-control-allow-origin"] == "https://intranet.example"
        other = c.options("/v1/check", headers=pre)
        assert "access-control-allow-origin" not in other.headers


# --- the access log ---------------------------------------------------------------------------


def test_access_log_has_no_post_text(client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Hemmelighed Blåbærgrød 4711"
    with caplog.at_level(logging.INFO, logger="brandguard.access"):
        client.post("/v1/check", json={"text": secret})
        client.post("/v2/check", data={"language": "da", "text": secret})
        client.get("/v2/check", params={"language": "da", "text": secret})
        client.post("/v1/check", json={"text": secret, "chanel": "x"})
    lines = [r.getMessage() for r in caplog.records if r.name == "brandguard.access"]
    assert len(lines) == 4
    assert '"POST /v1/check" 200' in lines[0] and '"GET /v2/check" 200' in lines[2]
    assert '"POST /v1/check" 422' in lines[3]
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert "Hemmelighed" not in everything and "4711" not in everything


# The time budget, stopped checks and back-pressure: tests/server/test_timeouts.py.


# --- the command ------------------------------------------------------------------------------


def test_serve_without_the_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from brandguard.commands import serve

    monkeypatch.setattr(serve, "find_spec", lambda name: None)
    assert cli.main(["serve", "--policy", str(POLICY)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'brandguard[server]'" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--host", "0.0.0.0"], "--host 0.0.0.0: other machines could reach the server; add --allow-remote"),
    (["--workers", "0"], "--workers: expected at least 1, got 0"),
    (["--timeout", "0"], "--timeout: expected a positive number of seconds"),
    (["--ledger", "mysql://db/x"], "unknown scheme mysql:"),
    (["--ledger", "memory:", "--workers", "2"], "an in-memory ledger lives in one process"),
    (["--api-key-file", "/nonexistent/keys.txt"], "--api-key-file keys.txt: no such file"),
])
def test_serve_refuses_bad_options_in_one_line(args: list[str], message: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--policy", str(POLICY), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_serve_with_a_bad_policy(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("company: {nam: X}\n", encoding="utf-8")
    assert cli.main(["serve", "--policy", str(bad)]) == 2
    assert "company.name: missing" in capsys.readouterr().err
