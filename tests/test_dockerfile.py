"""What deploy/Dockerfile does, done here without Docker (the build machine has no Docker
engine and cannot pull python:3.11-slim): its build context is staged as its COPY lines
say, installed as its RUN line says (into a fresh virtual environment, from the wheel
pip would build), the staged sources removed as it removes them, and its CMD run as the
container would run it (with the environment it documents) until its HEALTHCHECK passes.

Not tested: the base image itself, ``useradd``, and binding 0.0.0.0 (the test binds
loopback on a free port in its place, the one substitution made to the CMD).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"

pytestmark = [pytest.mark.slow,  # a wheel, a venv and a two-worker server: about 30 s
              pytest.mark.skipif(sys.platform == "win32", reason="the image is Linux")]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def env_of(steps: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in steps:
        if word == "ENV":
            for item in shlex.split(rest):
                key, _, value = item.partition("=")
                env[key] = value
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def the_cmd(steps: list[tuple[str, str]], port: int) -> list[str]:
    [cmd] = [json.loads(rest) for word, rest in steps if word == "CMD"]
    assert cmd[:2] == ["sh", "-c"]
    script = cmd[2]
    assert "--host 0.0.0.0 --allow-remote --port 8081" in script
    return ["sh", "-c", script.replace("--host 0.0.0.0", "--host 127.0.0.1")
            .replace("--port 8081", f"--port {port}")]


def test_the_cmd_passes_ledger_and_keys_only_when_set(tmp_path: Path) -> None:
    steps = instructions()
    sh, flag, script = the_cmd(steps, 8081)
    script = script.replace("exec brandguard serve", "printf '%s\\n' serve")
    env = {"PATH": os.environ["PATH"], **env_of(steps)}
    args = run(sh, flag, script, cwd=tmp_path, env=env).stdout.splitlines()
    assert "--ledger" not in args and "--api-key-file" not in args
    assert args[args.index("--workers") + 1] == "2"
    assert args[args.index("--policy") + 1] == "/etc/brandguard/policy.yaml"
    env.update(LEDGER="postgresql://bg:secret with space@db/bg", API_KEY_FILE="/etc/k.txt")
    args = run(sh, flag, script, cwd=tmp_path, env=env).stdout.splitlines()
    assert args[args.index("--ledger") + 1] == "postgresql://bg:secret with space@db/bg"
    assert args[args.index("--api-key-file") + 1] == "/etc/k.txt"


def test_the_image_builds_and_serves_as_the_dockerfile_says(tmp_path: Path) -> None:
    steps = instructions()
    [base] = [rest for word, rest in steps if word == "FROM"]
    assert base.startswith("python:3.11")
    # The build context, staged as the COPY lines say (nothing else of the checkout).
    context = tmp_path / "src"
    context.mkdir()
    for word, rest in steps:
        if word != "COPY":
            continue
        *sources, dest = rest.split()
        into = context / dest
        for source in sources:  # Docker's rules: a folder's contents go to dest;
            src = ROOT / source  # files go into dest when it ends with a slash
            if src.is_dir():
                shutil.copytree(src, into, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif dest.endswith("/"):
                into.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, into / src.name)
            else:
                shutil.copy2(src, into)
    [install] = [rest for word, rest in steps if word == "RUN" and "pip install" in rest]
    m = re.search(r"pip install '\.\[([a-z,]+)\]'", install)
    assert m, install
    extras = m.group(1).split(",")
    # `pip install .` builds a wheel from the context and installs it: the same, offline.
    dist = tmp_path / "dist"
    built = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                "--no-build-isolation", "--no-index", context, "-w", dist, cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = dist.glob("brandguard-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                       cwd=tmp_path).stdout.strip())
    # The dependencies come from this environment (as in tests/test_install.py).
    (purelib / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                                 encoding="utf-8")
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                    "--no-deps", "--no-index", f"{wheel}[{','.join(extras)}]", cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    if "&& rm -rf /src" in install:
        shutil.rmtree(context)  # the installed package must not need its sources
    # Every requirement of the extras is importable in the new environment.
    imports = {"server": ["starlette", "uvicorn", "httptools", "uvloop"],
               "postgres": ["psycopg"]}
    for extra in extras:
        probe = run(python, "-c", "import " + ", ".join(imports[extra]), cwd=tmp_path)
        assert probe.returncode == 0, f"[{extra}]: {probe.stderr}"

    # The CMD, as the container runs it: its ENV, the policy at its mount point (here a
    # copy), a SQLite ledger and a key file through LEDGER and API_KEY_FILE.
    home = tmp_path / "home"  # WORKDIR /var/lib/brandguard
    home.mkdir()
    shutil.copy(POLICY, home / "policy.yaml")
    keys = home / "keys.txt"
    keys.write_text("sha256:" + "ab" * 32 + "\n", encoding="utf-8")
    port = free_port()
    env = {"PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "HOME": str(home), **env_of(steps)}
    env.update(POLICY=str(home / "policy.yaml"), LEDGER=f"sqlite:///{home / 'posts.db'}",
               API_KEY_FILE=str(keys))
    [health] = [rest for word, rest in steps if word == "HEALTHCHECK"]
    probe_code = shlex.split(health.split(" CMD ", 1)[1])
    assert probe_code[:2] == ["python", "-c"]
    probe = probe_code[2].replace("127.0.0.1:8081", f"127.0.0.1:{port}")
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(the_cmd(steps, port), cwd=home, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while run(python, "-c", probe, cwd=home, timeout=30).returncode != 0:
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the HEALTHCHECK never passed"
            time.sleep(0.5)
        check = run(python, "-c", "import json, urllib.request as u, urllib.error as e\n"
                    f"r = u.Request('http://127.0.0.1:{port}/v1/check', method='POST', "
                    "data=b'{\"text\": \"Hej\"}', headers={'Content-Type': 'application/json'})\n"
                    "try: u.urlopen(r, timeout=30)\nexcept e.HTTPError as x: print(x.code)\n"
                    f"print(json.load(u.urlopen('http://127.0.0.1:{port}/readyz'))['ledger']"
                    "['scheme'])", cwd=home)
        assert check.stdout.split() == ["401", "sqlite"], check.stdout + check.stderr
        # The package runs from the new environment, with the packs its wheel ships.
        where = run(python, "-c", "import brandguard.builtin_packs as b; print(b.rules_root())",
                    cwd=home)
        assert Path(where.stdout.strip()) == purelib / "brandguard" / "_rules"
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
        log.close()
