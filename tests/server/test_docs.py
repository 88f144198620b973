"""docs/server.md's examples work: every ``curl`` command against a real server, every
``fetch`` example in headless Chromium on the server's own page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

from .conftest import KEY, ROOT, ThreadServer, needs_browser

DOC = ROOT / "docs" / "server.md"
BASE = "http://127.0.0.1:8081"
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(lang: str) -> list[str]:
    return [m.group(2) for m in _FENCE.finditer(DOC.read_text(encoding="utf-8"))
            if m.group(1) == lang]


def curl_commands() -> list[str]:
    out = []
    for block in blocks("sh"):
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip().startswith("curl "):
                out.append(command.strip())
    return out


def test_the_page_has_examples() -> None:
    assert len(curl_commands()) >= 10
    assert len([b for b in blocks("js") if "fetch(" in b]) >= 7


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("command", curl_commands())
def test_curl_example(command: str, server: ThreadServer, keyed_server: ThreadServer) -> None:
    target = keyed_server if "$KEY" in command else server
    run = subprocess.run(["bash", "-c", command.replace(BASE, target.url)], capture_output=True,
                         text=True, timeout=60, env={"KEY": KEY, "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    body: Any = json.loads(run.stdout)
    problem = isinstance(body, dict) and body.get("type") == "about:blank"
    assert not problem, body


@needs_browser
@pytest.mark.parametrize("code", [b for b in blocks("js") if "fetch(" in b])
def test_fetch_example(code: str, server: ThreadServer, driver: Any) -> None:
    driver.get(server.url + "/docs")
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; const out = [];"
        "const console = {log: (...a) => out.push(a.map(x => typeof x === 'string' ? x : "
        "JSON.stringify(x)).join(' '))};"
        "(async () => {" + code.replace(BASE, server.url) + "})().then("
        "() => done({ok: true, out}), e => done({ok: false, error: String(e)}));")
    assert result["ok"], result
    assert result["out"] and not any("undefined" in line or "NaN" in line
                                     for line in result["out"]), result["out"]
