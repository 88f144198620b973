"""The built wheel carries what an installed brandguard needs: the YAML rule packs
(mapped from the checkout's ``rules/`` to ``brandguard/_rules/``), ``py.typed``
and the ``brandguard`` console script.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contents(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    [wheel] = tmp_path.glob("brandguard-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        ep_text = zf.read(entry_points).decode("utf-8")

    packs = sorted(p.name for p in (ROOT / "rules").iterdir() if (p / "pack.yaml").is_file())
    assert packs, "the checkout has no rule packs"
    for pack in packs:
        assert f"brandguard/_rules/{pack}/pack.yaml" in names, f"pack {pack} missing from the wheel"
    # Every rule, data file and Python module of every pack, not just pack.yaml; the
    # packs' own tests and caches stay in the checkout.
    tracked = subprocess.run(["git", "ls-files", "rules"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert any(t.endswith(".py") for t in tracked)
    for rel in tracked:
        rel = rel.removeprefix("rules/")
        shipped = f"brandguard/_rules/{rel}" in names
        assert shipped != ("/tests/" in f"/{rel}"), f"rules/{rel}: wrong side of the wheel"
    assert not any("__pycache__" in n for n in names)
    assert "brandguard/py.typed" in names
    assert "brandguard/__init__.py" in names
    assert not any(n.startswith(("tests/", "rules/")) for n in names)

    scripts = configparser.ConfigParser()
    scripts.read_string(ep_text)
    assert scripts["console_scripts"]["brandguard"] == "brandguard.cli:main"
