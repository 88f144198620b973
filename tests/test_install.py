"""The install steps of docs/quickstart.md work: build the wheel, install it in a fresh
virtual environment, run ``brandguard check`` from there, with the packs the wheel
ships (not the checkout's ``rules/``).

Nothing is fetched: the new environment has no pip of its own (this one's pip
installs the wheel into it, ``--no-deps --no-index``), and it reaches the
dependencies through a path file naming this environment's site-packages, as
``--system-site-packages`` would for a system Python. ``pip check`` there confirms
the wheel's declared dependencies are what it runs with.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"

pytestmark = pytest.mark.slow  # about 15 s: a wheel, a venv, one check


def run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


def test_the_documented_install_steps_are_the_ones_tested() -> None:
    doc = (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
    assert "python -m pip wheel --no-deps . -w dist" in doc
    assert "pip install dist/brandguard-0.1.0-py3-none-any.whl" in doc
    assert "pip install brandguard " not in doc and "pip install brandguard\n" not in doc
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(),
                        re.M)
    assert version and f"brandguard-{version[1]}-py3-none-any.whl" in doc


def test_wheel_installs_and_checks_a_post_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                "--no-build-isolation", "--no-index", ".", "-w", dist, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("brandguard-*-py3-none-any.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                       cwd=tmp_path).stdout.strip())
    # The dependencies, from this environment (after the new one's own site-packages, so
    # the wheel's brandguard comes first; .pth files there are not run, so this
    # environment's editable brandguard stays out).
    (purelib / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                                 encoding="utf-8")
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                    "--no-deps", "--no-index", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr

    where = run(python, "-c", "import brandguard, brandguard.builtin_packs as b; "
                "print(brandguard.__file__); print(b.rules_root())", cwd=tmp_path)
    module, rules = where.stdout.split()
    assert Path(module).is_relative_to(purelib) and Path(rules) == purelib / "brandguard" / "_rules"

    # The wheel's declared dependencies are all there, at versions it accepts.
    checked = run(sys.executable, "-m", "pip", "--python", python, "check", cwd=tmp_path)
    assert checked.returncode == 0 and "No broken requirements" in checked.stdout, \
        checked.stdout + checked.stderr
    listing = run(sys.executable, "-m", "pip", "--python", python, "show", "-f", "brandguard",
                  cwd=tmp_path).stdout
    assert f"Location: {purelib}" in listing and "brandguard/_rules/format/pack.yaml" in listing

    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(POLICY, work / "brandguard.yaml")
    (work / "post.txt").write_text("Vi giver 25% rabat på SolPakke hos Nordlys energi i dag!! "
                                   "Ring til Mette på 20 30 40 50.\n", encoding="utf-8")
    exe = env_dir / "bin" / "brandguard"
    proc = run(exe, "check", "post.txt", "--format", "json", cwd=work,
               env={"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)})
    assert proc.returncode == 1, proc.stderr  # errors found: the exit code says so
    [report] = json.loads(proc.stdout) if proc.stdout.lstrip().startswith("[") \
        else [json.loads(proc.stdout)]
    rules_hit = {f["rule_id"] for f in report["findings"]}
    packs = {rule.split(".")[0] for rule in rules_hit}
    # Findings from several packs the wheel ships (YAML and Python rules).
    assert "compliance.disclosure" in rules_hit
    assert {"compliance", "tone"} <= packs, rules_hit
    listed = run(exe, "rules", cwd=work, env={"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin",
                                             "HOME": str(tmp_path)})
    shipped = sorted(p.name for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").is_file())
    assert listed.returncode == 0 and all(name in listed.stdout for name in shipped), \
        listed.stdout[:2000]
