"""The recipes in docs/integrations.md run as written (the FastAPI hook and the review script)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "integrations.md"
POLICY = ROOT / "docs" / "examples" / "nordlys-policy.yaml"
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def block(first_line: str) -> str:
    for m in _FENCE.finditer(DOC.read_text(encoding="utf-8")):
        if m.group(2).startswith(first_line + "\n"):
            return m.group(2)
    raise AssertionError(f"no block starting with {first_line!r} in {DOC}")


GOOD = ("Reklame: I dag satte vi vores 500. varmepumpe op i Viborg. Familien sparer nu "
        "omkring en tredjedel på varmeregningen, og jeg er stolt af mit arbejde.")


def test_fastapi_prepublish_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi", reason="the recipe needs FastAPI (pip install fastapi httpx)")
    pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")
    from fastapi.testclient import TestClient

    shutil.copy(POLICY, tmp_path / "policy.yaml")
    (tmp_path / "app.py").write_text(block("# app.py"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("app", None)
    import app  # type: ignore[import-not-found]

    try:
        client = TestClient(app.app)
        when = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        draft = {"text": GOOD, "author_id": "e17", "publish_at": when.isoformat()}
        first = client.post("/prepublish", json=draft).json()
        assert first["publish"] is True, first
        assert isinstance(first["reservation"], int)
        # The same author an hour later: over max_posts_per_day (1), an error the check
        # itself reports (cadence is a limit), so the post is refused with the finding.
        later = {**draft, "text": GOOD.replace("Viborg", "Aarhus"),
                 "publish_at": (when + timedelta(hours=1)).isoformat()}
        second = client.post("/prepublish", json=later).json()
        assert second["publish"] is False and second["verdict"] == "block"
        assert any(f["rule_id"] == "spam.max-posts-per-day" and f["severity"] == "error"
                   for f in second["findings"])
        # Giving the first slot back frees the day.
        assert client.delete(f"/prepublish/{first['reservation']}").json() == {"released": True}
        assert client.post("/prepublish", json=later).json()["publish"] is True
        # A blocked post never takes a slot.
        blocked = {**draft, "author_id": "e18", "text": "Min CPR er 010190-1234. " + GOOD}
        answer = client.post("/prepublish", json=blocked).json()
        assert answer["publish"] is False and answer["verdict"] == "block"
        assert any(f["rule_id"] == "compliance.cpr-number" for f in answer["findings"])
        # Bad input is a 422 with the reason, not a 500.
        assert client.post("/prepublish", json={**draft, "text": "  "}).status_code == 422
        assert client.post("/prepublish", json={**draft, "channel": "myspace"}).status_code == 422
    finally:
        app.LEDGER.close()
        sys.modules.pop("app", None)


def test_review_script(tmp_path: Path) -> None:
    shutil.copy(POLICY, tmp_path / "policy.yaml")
    (tmp_path / "review.py").write_text(block("# review.py"), encoding="utf-8")
    rows = [{"id": "a", "text": GOOD},
            {"id": "b", "text": "Min CPR er 010190-1234."},
            {"id": "c"}]
    (tmp_path / "drafts.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n",
                                           encoding="utf-8")
    proc = subprocess.run([sys.executable, "review.py", "drafts.jsonl", "review.html"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr  # one post blocked, one row unreadable
    assert "2 posts: 1 blocked" in proc.stdout
    assert "not checked: line 3: missing field 'text'" in proc.stderr
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert page.count("<article") == 2 and 'data-rule="compliance.cpr-number"' in page


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "brandguard"
    assert hook["entry"] == "brandguard check --fail-on error"
    assert re.search(hook["files"], "posts/2026/marts.md")
    assert not re.search(hook["files"], "posts/notes.txt")
    example = yaml.safe_load(block("# .pre-commit-config.yaml"))
    assert example["repos"][0]["hooks"][0]["id"] == hook["id"]


def test_pre_commit_rev_is_a_commit_of_this_repository_with_the_hook() -> None:
    """pre-commit checks out ``rev`` and reads .pre-commit-hooks.yaml there."""
    [repo] = yaml.safe_load(block("# .pre-commit-config.yaml"))["repos"]
    rev = str(repo["rev"])
    assert re.fullmatch(r"[0-9a-f]{40}", rev), f"rev {rev!r}: use a full commit hash"
    git = shutil.which("git")
    inside = git and subprocess.run([git, "rev-parse", "--is-shallow-repository"], cwd=ROOT,
                                    capture_output=True, text=True)
    if not inside or inside.returncode != 0:
        pytest.skip("not a git checkout (an sdist): no history to look the commit up in")
    if inside.stdout.strip() == "true":
        pytest.skip("a shallow clone: older commits are not there (fetch with --unshallow)")
    assert git is not None
    exists = subprocess.run([git, "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT,
                            capture_output=True, text=True)
    assert exists.returncode == 0, f"rev {rev} is not a commit of this repository"
    hooks = subprocess.run([git, "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    ids = {h["id"] for h in yaml.safe_load(hooks)}
    assert {h["id"] for h in repo["hooks"]} <= ids


def test_fastapi_recipe_lists_what_it_imports() -> None:
    """Every package app.py imports is brandguard, the standard library, a dependency of
    brandguard, or named in the recipe's pip install line."""
    import tomllib

    doc = DOC.read_text(encoding="utf-8")
    section = doc[doc.index("## A pre-publish hook"):doc.index("## An editorial review")]
    named = set(re.findall(r"^pip install ([^#\n]+)", section, re.M)[0].split())
    assert {"fastapi", "uvicorn"} <= named and "uvicorn app:app" in section
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {re.split(r"[<>=!;\[ ]", d, maxsplit=1)[0].lower()
                for d in deps["project"]["dependencies"]}
    imported = set(re.findall(r"^(?:from|import) (\w+)", block("# app.py"), re.M))
    for module in imported - {"brandguard"}:
        assert (module in sys.stdlib_module_names or module in named
                or module in declared), f"app.py imports {module}: not in the pip install line"
    assert "fastapi" in imported


def test_quickstart_python_runs(capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
    [code] = [m.group(2) for m in _FENCE.finditer(text) if m.group(1) == "python"]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "quickstart.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.split()[0] in ("pass", "warn", "block")
    assert "compliance.disclosure" in out  # 25 % off without »Reklame«: hidden advertising


def test_quickstart_commands(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text("Vi giver 25% rabat på SolPakke hos Nordlys energi i dag!!\n",
                    encoding="utf-8")
    exe = Path(sys.executable).parent / "brandguard"
    proc = subprocess.run([str(exe), "check", str(post), "--policy", str(POLICY)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "compliance.disclosure" in proc.stdout
    proc = subprocess.run([str(exe), "fix", str(post), "--policy", str(POLICY)],
                          capture_output=True, text=True, timeout=120)
    assert "+Vi giver" in proc.stdout and "!!" not in proc.stdout.split("+Vi giver")[1]
