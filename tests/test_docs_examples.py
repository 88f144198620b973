"""The documentation's examples work: the example policy (YAML and TOML), the example
posts and pack, and every code sample in README.md and docs/*.md.

Conventions in the docs: a ```python block is run (from the repository root); one
whose first line is a comment naming a file (``# acme_brandguard/plugin.py``) is an
excerpt and only has to compile. A ```yaml block in docs/policy.md is a policy or a
fragment of one and must load; a ```yaml block in docs/writing-rules.md that
``extends:`` a kind is a rule and its examples must pass.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import brandguard as bg

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"
POLICY_YAML = EXAMPLES / "nordlys-policy.yaml"
PACK = EXAMPLES / "nordlys-pack"
#: Hand-written docs (docs/cli.md and docs/rules/ are written by others and tested there).
DOC_FILES = [ROOT / "README.md", DOCS / "api.md", DOCS / "policy.md", DOCS / "scoring.md",
             DOCS / "writing-rules.md"]
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_EXCERPT = re.compile(r"^#\s*[\w./-]+\.(py|toml)\s*$")


def blocks(path: Path, lang: str) -> list[str]:
    return [m.group(2) for m in _FENCE.finditer(path.read_text(encoding="utf-8"))
            if m.group(1) == lang]


def _python_cases() -> list[Any]:
    return [pytest.param(path, i, code, id=f"{path.name}-{i}")
            for path in DOC_FILES for i, code in enumerate(blocks(path, "python"))]


# --- the example policy and posts ---------------------------------------------------------


def test_example_policy_yaml_and_toml_are_the_same_policy() -> None:
    from_yaml = bg.load_policy(POLICY_YAML)
    from_toml = bg.load_policy(EXAMPLES / "nordlys-policy.toml")
    assert from_yaml.model_dump() == from_toml.model_dump()
    assert from_yaml.company.name == "Nordlys Energi"
    assert from_yaml.packs is None  # every installed pack
    assert len(from_yaml.narrative.themes) >= 3 and from_yaml.narrative.off_limits


def test_example_policy_builds_a_checker_with_every_pack() -> None:
    checker = bg.Checker(POLICY_YAML)
    packs = {r.pack for r in checker.rules}
    assert "format" in packs
    assert checker.registry.enabled_packs(checker.policy) == set(checker.registry.packs)
    # Its rules: overrides apply (every id it names must exist, or the Checker fails).
    assert checker.rule("da.foreign-sentence").options["min_words"] == 6
    assert checker.rule("format.max-length").active_severity == "error"


def test_example_posts_check_cleanly() -> None:
    posts = sorted((EXAMPLES / "posts").glob("*.txt"))
    assert 6 <= len(posts) <= 8
    checker = bg.Checker(POLICY_YAML)
    for path in posts:
        text = path.read_text(encoding="utf-8")
        report = checker.check(bg.Post(text=text, id=path.stem))
        internal = [f.message for f in report.findings if f.rule_id == "internal"]
        assert not internal, f"{path.name}: {internal}"
        for f in report.findings:
            if f.span is not None:
                assert text[f.span.start:f.span.end] == f.span.text
    x_post = (EXAMPLES / "posts" / "05-for-langt-til-x.txt").read_text(encoding="utf-8")
    assert len(x_post) > 280  # the one meant to be too long for X


def test_example_pack_examples_pass() -> None:
    policy = {"company": {"name": "Nordlys Energi"}, "packs": [str(PACK)]}
    rules = bg.Checker(policy).rules
    assert {r.id for r in rules} == {"nordlys.kwh", "nordlys.product-names",
                                     "nordlys.guaranteed-savings"}
    for rule in rules:
        _assert_examples(rule, policy)


def _assert_examples(rule: bg.Rule, policy: dict[str, Any]) -> None:
    checker = bg.Checker(policy, select=[rule.id])
    assert rule.examples_bad and rule.examples_good
    for ex in rule.examples:
        own = [f for f in checker.check(bg.Post(text=ex.text, **ex.post)).findings
               if f.rule_id == rule.id]
        if ex in rule.examples_bad:
            spans = [(f.span.start, f.span.end) if f.span else None for f in own]
            assert ex.span in spans, (rule.id, ex.marked, spans)
            if ex.suggestion is not None:
                assert ex.suggestion in [f.suggestion for f in own], (rule.id, ex.marked)
        else:
            assert own == [], (rule.id, ex.text, [f.message for f in own])


# --- code samples in the docs --------------------------------------------------------------


@pytest.mark.parametrize(("path", "index", "code"), _python_cases())
def test_python_sample_runs(path: Path, index: int, code: str, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    first = code.lstrip().splitlines()[0]
    if _EXCERPT.match(first):
        compile(code, f"{path.name}[{index}]", "exec")
        return
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {"__name__": f"docs_sample_{index}"}
    exec(compile(code, f"{path.name}[{index}]", "exec"), namespace)
    # A sample that is a pytest file: run its test over its cases.
    if "test_example" in namespace and "CASES" in namespace:
        assert namespace["CASES"]
        for case in namespace["CASES"]:
            namespace["test_example"](*case)


def test_docs_have_python_samples() -> None:
    assert len(_python_cases()) >= 8


@pytest.mark.parametrize("index", range(len(blocks(DOCS / "policy.md", "yaml"))))
def test_policy_doc_yaml_loads(index: int) -> None:
    data = yaml.safe_load(blocks(DOCS / "policy.md", "yaml")[index])
    data.setdefault("company", {"name": "Nordlys Energi"})
    bg.load_policy(data)


def test_policy_doc_covers_every_key() -> None:
    text = (DOCS / "policy.md").read_text(encoding="utf-8")
    sections = {"": bg.Policy, **{name: _model(bg.Policy, name) for name in
                                  ("company", "narrative", "tone", "style", "spam", "compliance")}}
    sections["channels"] = _model(bg.Policy, "channels")
    missing = [f"{section}.{key}".lstrip(".") for section, model in sections.items()
               for key in model.model_fields if f"| `{key}` |" not in text]
    assert not missing, f"docs/policy.md does not describe: {', '.join(missing)}"


def _model(model: Any, field: str) -> Any:
    from brandguard.policy import model_in

    return model_in(model.model_fields[field].annotation)


def test_policy_doc_error_messages_are_real(tmp_path: Path) -> None:
    doc = (DOCS / "policy.md").read_text(encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("company: {name: X}\nspam:\n  max_posts_per_day: two\n", encoding="utf-8")
    with pytest.raises(bg.PolicyError) as info:
        bg.load_policy(policy)
    assert f": {str(info.value).split(': ', 1)[1]}\n" in doc


def test_writing_rules_yaml_rules_work(tmp_path: Path) -> None:
    rules = [b for b in blocks(DOCS / "writing-rules.md", "yaml") if b.startswith("extends:")]
    assert len(rules) >= 2
    pack = tmp_path / "doc-pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: doc-pack\nprefix: doc\n", encoding="utf-8")
    for i, body in enumerate(rules):
        (pack / f"rule-{i}.yaml").write_text(body, encoding="utf-8")
    policy = {"company": {"name": "Nordlys Energi"}, "packs": [str(pack)],
              "tone": {"max_exclamations": 2}, "style": {"lix_max": 45}}
    checker = bg.Checker(policy)
    assert len(checker.rules) == len(rules)
    for rule in checker.rules:
        _assert_examples(rule, policy)
    assert yaml.safe_load(rules[0])["extends"]
