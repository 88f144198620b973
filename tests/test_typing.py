"""The public API's signatures as a type checker sees them (tests/typing/).

mypy (the project's configuration: strict, with the pydantic plugin) must accept
tests/typing/good.py and reject tests/typing/bad.py with the error codes its
``# E:`` markers name, on those lines and no others. The same again with plain mypy
(no plugin, not strict): what a caller gets from pydantic's ``dataclass_transform``
and the annotations alone, as pyright sees them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TYPING = ROOT / "tests" / "typing"
ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z-]+)\]$")
MARK = re.compile(r"#\s*E:\s*(?P<codes>[a-z -]+)$")

pytest.importorskip("mypy")


def run_mypy(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--show-error-codes",
         "--no-pretty", "--hide-error-context", *options, str(path.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, timeout=300)


def errors(result: subprocess.CompletedProcess[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for line in result.stdout.splitlines():
        m = ERROR.match(line)
        if m:
            out.setdefault(int(m["line"]), []).append(m["code"])
    return {k: sorted(set(v)) for k, v in out.items()}


def expected() -> dict[int, list[str]]:
    out = {}
    for n, line in enumerate((TYPING / "bad.py").read_text(encoding="utf-8").splitlines(), 1):
        m = MARK.search(line)
        if m:
            out[n] = sorted(set(m["codes"].split()))
    return out


PROJECT = ("--config-file", "pyproject.toml", "--cache-dir", ".mypy_cache")
# No plugin, default (non-strict) options: only the annotations and dataclass_transform.
PLAIN = ("--config-file", "/dev/null", "--cache-dir", ".mypy_cache/plain",
         "--ignore-missing-imports")


@pytest.mark.parametrize("options", [PROJECT, PLAIN], ids=["project", "plain"])
def test_good_example_type_checks(options: tuple[str, ...]) -> None:
    result = run_mypy(TYPING / "good.py", *options)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("options", [PROJECT, PLAIN], ids=["project", "plain"])
def test_bad_example_is_rejected_line_by_line(options: tuple[str, ...]) -> None:
    result = run_mypy(TYPING / "bad.py", *options)
    assert result.returncode == 1, result.stdout + result.stderr
    want = expected()
    assert len(want) >= 12
    assert errors(result) == want, result.stdout


def test_the_markers_name_the_mistakes_the_issue_lists() -> None:
    text = (TYPING / "bad.py").read_text(encoding="utf-8")
    # A misspelt field and an unknown channel, a wrong lang, a wrong ledger.
    assert 'bg.Post(txt="Hej", chanel="tiktok")  # E: call-arg' in text
    assert 'checker.check(post, lang="sv")  # E: arg-type' in text
    assert 'checker.check(post, ledger="sqlite:///posts.db")  # E: arg-type' in text
