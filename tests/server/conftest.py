"""Servers for the tests: the real application under uvicorn, on a free loopback port.

``ThreadServer`` runs uvicorn in a background thread of the test process (so the
test can reach into the worker's Service); ``SubprocessServer`` runs the real
``brandguard serve`` command.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the server needs the 'server' extra")
pytest.importorskip("uvicorn", reason="the server needs the 'server' extra")
httpx = pytest.importorskip("httpx")

import uvicorn  # noqa: E402

from brandguard.server import ServerConfig, create_app  # noqa: E402
from brandguard.server.service import Service  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"
KEY = "test-key-7f3a"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium is not installed (apt-get install chromium chromium-driver)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThreadServer:
    """``create_app`` under uvicorn in a thread; ``url`` once started."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(service=service), host="127.0.0.1", port=self.port,
                                log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)

    def client(self, **kw: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kw)


class SubprocessServer:
    """``brandguard serve`` in its own process (and its own workers)."""

    def __init__(self, *args: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("BRANDGUARD_SERVER_CONFIG", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "brandguard.cli", "serve", "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env, cwd=ROOT)

    def wait_ready(self, timeout: float = 240) -> None:  # two workers start slowly on a busy machine
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"brandguard serve exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"brandguard serve not ready: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture(scope="session")
def ledger_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ledger") / "posts.db"


@pytest.fixture(scope="session")
def server(ledger_file: Path) -> Iterator[ThreadServer]:
    """The Nordlys policy, a SQLite ledger, a small body limit (400 kB)."""
    config = ServerConfig(policy=str(POLICY), ledger=f"sqlite:///{ledger_file}",
                          max_body_bytes=400_000, max_posts=5)
    with ThreadServer(Service(config)) as srv:
        yield srv


@pytest.fixture(scope="session")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadServer]:
    """API keys required, CORS allowed for one origin."""
    from brandguard.server.auth import hash_key

    keys = tmp_path_factory.mktemp("keys") / "keys.txt"
    keys.write_text(f"# test keys\n{hash_key(KEY)}  # the test key\n\n", encoding="utf-8")
    config = ServerConfig(policy=str(POLICY), api_key_file=str(keys),
                          cors_origins=("https://intranet.example",))
    with ThreadServer(Service(config)) as srv:
        yield srv


@pytest.fixture()
def client(server: ThreadServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,860", "--lang=da"):
        options.add_argument(flag)
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.set_script_timeout(20)
    yield drv
    drv.quit()
