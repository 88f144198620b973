"""The LanguageTool-compatible API: a real LanguageTool client from PyPI
(language-tool-python, in remote mode) against the server, and the protocol's
details (UTF-16 offsets, ``data`` annotations, rule selection, ``level``, errors)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import ThreadServer

#: »!!!« is one problem, reported by the tone or the language pack (not both).
REPEATED_PUNCTUATION = ("tone.repeated-punctuation", "da.repeated-punctuation")

EMOJI_POST = ("😀 Vi har åbnet et nyt værksted i Aarhus!!! Kom forbi på fredag, vi glæder os "
              "til at se jer.")
FIXES_POST = "Vi har 25% rabat på varmepumper hos Nordlys energi i dag.  Vi ses."


def lt_check(client: httpx.Client, **params: str) -> dict[str, Any]:
    resp = client.post("/v2/check", data={"language": "da-DK", **params})
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


def test_the_language_tool_python_client_works_unmodified(
        server: ThreadServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ltp = pytest.importorskip("language_tool_python")
    import language_tool_python.server as lt_server

    # Remote mode must download nothing and start nothing: no Java, no file in its
    # download folder, no connection anywhere but the loopback server.
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp"))

    def no_process(*a: object, **kw: object) -> None:
        raise AssertionError("language-tool-python tried to start a process")

    monkeypatch.setattr(lt_server.subprocess, "Popen", no_process)
    connected: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        connected.append(address)
        assert address[0] in ("127.0.0.1", "::1", "localhost"), address
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)

    with ltp.LanguageTool("da-DK", remote_server=server.url) as tool:
        matches = tool.check(EMOJI_POST)
        fixed = tool.correct(FIXES_POST)
    assert connected and not (tmp_path / "ltp").exists()

    [punct] = [m for m in matches
               if m.rule_id in REPEATED_PUNCTUATION]
    # The client turns UTF-16 offsets back into Python ones (the emoji counts 2 in UTF-16).
    assert EMOJI_POST[punct.offset:punct.offset + punct.error_length] == "!!!"
    assert punct.replacements == ["!"]
    assert (punct.category, punct.rule_issue_type) in (("TONE", "style"),
                                                        ("LANGUAGE", "typographical"))
    assert "!!!" in punct.context and punct.sentence.endswith("Aarhus!!!")
    assert fixed == "Vi har 25 % rabat på varmepumper hos Nordlys Energi i dag. Vi ses."


def test_languages(client: httpx.Client) -> None:
    assert client.get("/v2/languages").json() == [
        {"name": "Danish", "code": "da", "longCode": "da-DK"}]


def test_response_shape_and_utf16_offsets(client: httpx.Client) -> None:
    body = lt_check(client, text=EMOJI_POST)
    assert body["software"]["name"] == "brandguard" and body["software"]["apiVersion"] == 1
    assert body["language"]["code"] == "da-DK"
    assert body["warnings"] == {"incompleteResults": False}
    [m] = [m for m in body["matches"] if m["rule"]["id"] in REPEATED_PUNCTUATION]
    assert (m["offset"], m["length"]) == (40, 3)  # Python index 39: the emoji counts two
    utf16 = EMOJI_POST.encode("utf-16-le")
    assert utf16[2 * m["offset"]:2 * (m["offset"] + m["length"])].decode("utf-16-le") == "!!!"
    ctx = m["context"]
    ctx16 = ctx["text"].encode("utf-16-le")
    assert ctx16[2 * ctx["offset"]:2 * (ctx["offset"] + ctx["length"])].decode("utf-16-le") == "!!!"
    assert set(m) >= {"message", "shortMessage", "replacements", "offset", "length", "context",
                      "sentence", "rule", "type"}
    assert set(m["rule"]) >= {"id", "description", "issueType", "category"}
    assert m["rule"]["category"] in ({"id": "TONE", "name": "Tone"},
                                     {"id": "LANGUAGE", "name": "Sprog"})
    assert m["brandguard"]["severity"] == "warning"


def test_whole_post_findings_underline_the_first_sentence(client: httpx.Client) -> None:
    text = "Vi har 25% rabat på varmepumper hos Nordlys energi i dag. Kom og køb."
    body = lt_check(client, text=text)
    [m] = [m for m in body["matches"] if m["rule"]["id"] == "compliance.disclosure"]
    assert text[m["offset"]:m["offset"] + m["length"]] == text.split(" Kom")[0]
    assert m["rule"]["issueType"] == "legal" and m["brandguard"]["wholePost"] is True
    assert m["replacements"] == []  # advice is not a replacement: it goes into the message
    assert "Forslag: Skriv »Reklame for Nordlys Energi«" in m["message"]


def test_issue_types_and_replacements(client: httpx.Client) -> None:
    body = lt_check(client, text=FIXES_POST)
    by_rule = {m["rule"]["id"]: m for m in body["matches"]}
    assert by_rule["da.percent-space"]["replacements"] == [{"value": "25 %"}]
    assert by_rule["da.double-space"]["rule"]["issueType"] == "whitespace"
    assert by_rule["da.terminology"]["rule"]["issueType"] == "terminology"
    advert = by_rule["tone.advert"]
    assert advert["replacements"] == [] and "Forslag:" in advert["message"]


def test_rule_and_category_selection(client: httpx.Client) -> None:
    all_ids = {m["rule"]["id"] for m in lt_check(client, text=FIXES_POST)["matches"]}
    assert {"da.percent-space", "tone.advert"} <= all_ids
    # Unknown ids are ignored, as LanguageTool ignores them (clients send their own).
    off = lt_check(client, text=FIXES_POST, disabledRules="da.percent-space,WHITESPACE_RULE")
    assert {m["rule"]["id"] for m in off["matches"]} == all_ids - {"da.percent-space"}
    no_tone = lt_check(client, text=FIXES_POST, disabledCategories="TONE")
    assert not any(m["rule"]["id"].startswith("tone.") for m in no_tone["matches"])
    only = lt_check(client, text=FIXES_POST, enabledRules="da.double-space", enabledOnly="true")
    assert [m["rule"]["id"] for m in only["matches"]] == ["da.double-space"]
    only_cat = lt_check(client, text=FIXES_POST, enabledCategories="LANGUAGE", enabledOnly="true")
    assert {m["rule"]["id"].split(".")[0] for m in only_cat["matches"]} == {"da"}


def test_level_picky_adds_info_findings(client: httpx.Client) -> None:
    text = "Vi holdt et meeting om vores nye værksted i Aarhus i dag."
    default = lt_check(client, text=text)
    picky = lt_check(client, text=text, level="picky")
    assert "da.anglicism" not in {m["rule"]["id"] for m in default["matches"]}
    [m] = [m for m in picky["matches"] if m["rule"]["id"] == "da.anglicism"]
    assert text[m["offset"]:m["offset"] + m["length"]] == "meeting"
    assert m["type"]["typeName"] == "Hint"


def test_data_annotations_report_offsets_into_the_original(client: httpx.Client) -> None:
    annotation = [{"markup": "<p>"}, {"text": "Vi har "}, {"markup": "<b>"},
                  {"text": "25%"}, {"markup": "</b>"}, {"text": " rabat!!!"},
                  {"markup": "<br>", "interpretAs": "\n"}, {"text": "Kig forbi."},
                  {"markup": "</p>"}]
    original = "".join(a.get("text", a.get("markup", "")) for a in annotation)
    body = lt_check(client, data=json.dumps({"annotation": annotation}))
    spans = {m["rule"]["id"]: original[m["offset"]:m["offset"] + m["length"]]
             for m in body["matches"]}
    assert spans["da.percent-space"] == "25%"
    assert [spans[r] for r in REPEATED_PUNCTUATION if r in spans] == ["!!!"]


def test_get_works_like_post(client: httpx.Client) -> None:
    resp = client.get("/v2/check", params={"language": "auto", "text": FIXES_POST})
    assert resp.status_code == 200
    assert {m["rule"]["id"] for m in resp.json()["matches"]} >= {"da.percent-space"}


def test_english_messages_by_accept_language(client: httpx.Client) -> None:
    resp = client.post("/v2/check", data={"language": "da", "text": FIXES_POST},
                       headers={"Accept-Language": "en"})
    [m] = [m for m in resp.json()["matches"] if m["rule"]["id"] == "tone.advert"]
    assert "Suggestion:" in m["message"] and m["shortMessage"] == "Tone"


@pytest.mark.parametrize(("data", "status", "start"), [
    ({"text": "Hej"}, 400, "Error: missing 'language' parameter"),
    ({"language": "en-US", "text": "Hello"}, 400, "Error: 'en-US' is not a language this server checks"),
    ({"language": "da"}, 400, "Error: missing 'text' or 'data' parameter"),
    ({"language": "da", "data": "{nope"}, 400, "Error: 'data' is not valid JSON"),
    ({"language": "da", "data": '{"annotation": [{"x": 1}]}'}, 400, "Error: 'data': an annotation item needs"),
    ({"language": "da", "text": "a" * 200_001}, 413, "Error: the text has 200,001 characters"),
])
def test_errors_are_plain_text_like_languagetool(client: httpx.Client, data: dict[str, str],
                                                 status: int, start: str) -> None:
    resp = client.post("/v2/check", data=data)
    assert resp.status_code == status
    assert resp.headers["content-type"].startswith("text/plain")
    assert resp.text.startswith(start) and "Traceback" not in resp.text


def test_empty_text_has_no_matches(client: httpx.Client) -> None:
    assert lt_check(client, text="   ")["matches"] == []


def test_body_over_the_limit(client: httpx.Client) -> None:
    resp = client.post("/v2/check", content=b"language=da&text=" + b"a" * 500_000,
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 413 and resp.text.startswith("Error: request body")
