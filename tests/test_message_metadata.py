"""Every message and suggestion a rule can emit is declared on the rule (issue 10).

A rule's ``message`` and ``messages`` and its ``suggestion_templates`` are the whole of
what it can say: a hit names one by key (``Hit(key=…, suggestion_key=…)``), both
languages use the same placeholders, and ``docs/rules/`` shows every template.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import brandguard as bg
from brandguard.builtin_packs import rules_root
from brandguard.packs import Registry
from brandguard.rule import DEFAULT, message_problems, placeholders, template_problems
from brandguard.ruledocs import rule_page

from .conftest import BASE_POLICY, merge

_registry = Registry.build(bg.get_plugin_manager(entry_points=False), bg.load_policy(BASE_POLICY))
RULES = dict(sorted(_registry.rules.items()))
#: The Python modules of the built-in packs (their tests are not rules).
MODULES = sorted(p for p in rules_root().glob("*/*.py") if not p.name.startswith("_"))


def _templates(rule: bg.Rule) -> Iterator[tuple[str, dict[str, str]]]:
    for key, template in rule.message_templates().items():
        yield f"messages.{key}", template
    for key, template in rule.suggestion_table().items():
        yield f"suggestion_templates.{key}", template


@pytest.mark.parametrize("rule_id", RULES)
def test_every_template_has_danish_and_english_with_the_same_placeholders(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.message_templates()[DEFAULT] == rule.message
    for where, template in _templates(rule):
        assert template.get("da", "").strip() and template.get("en", "").strip(), (
            f"{rule_id}: {where} needs a Danish and an English text")
        assert placeholders(template["da"]) == placeholders(template["en"]), (
            f"{rule_id}: {where}: da uses {sorted(placeholders(template['da']))}, "
            f"en uses {sorted(placeholders(template['en']))}")
    assert message_problems(rule) == []


class _Recorder:
    """Wraps a bound rule's check and keeps the hits it yields."""

    def __init__(self, rule: bg.Rule) -> None:
        self.hits: list[bg.Hit] = []
        self._check = rule.check

    def __call__(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        for hit in self._check(ctx):
            self.hits.append(hit)
            yield hit


_checkers: dict[tuple[str, str], tuple[bg.Checker, _Recorder]] = {}


def _recording_checker(rule_id: str, policy: dict[str, Any]) -> tuple[bg.Checker, _Recorder]:
    key = (rule_id, repr(sorted(policy.items())))
    if key not in _checkers:
        checker = bg.Checker(merge(BASE_POLICY, policy), select=[rule_id])
        bound = checker.rule(rule_id)
        recorder = _Recorder(bound)
        bound.check = recorder  # type: ignore[method-assign]  # this Checker's copy only
        _checkers[key] = (checker, recorder)
    return _checkers[key]


@pytest.mark.parametrize("rule_id", RULES)
def test_examples_use_only_declared_keys(rule_id: str) -> None:
    rule = RULES[rule_id]
    messages = rule.message_templates()
    suggestions = rule.suggestion_table()
    for ex in rule.examples_bad:
        checker, recorder = _recording_checker(rule_id, ex.policy)
        recorder.hits.clear()
        report = checker.check(bg.Post(text=ex.text, **ex.post),
                               history=[bg.Post(**h) for h in ex.history])
        assert not [f for f in report.findings if f.rule_id == "internal"], report.findings
        assert recorder.hits, f"{rule_id}: no hit on {ex.marked!r}"
        for hit in recorder.hits:
            assert hit.message is None, f"{rule_id}: a literal message instead of a key"
            assert not isinstance(hit.suggestion, dict), (
                f"{rule_id}: a literal {{da, en}} suggestion instead of a suggestion_key")
            assert (hit.key or DEFAULT) in messages, f"{rule_id}: undeclared message {hit.key!r}"
            if hit.suggestion_key is not None:
                assert hit.suggestion_key in suggestions, (
                    f"{rule_id}: undeclared suggestion {hit.suggestion_key!r}")
            # Every placeholder of the chosen templates is filled from the hit's args.
            used = placeholders(messages[hit.key or DEFAULT]["da"])
            if hit.suggestion_key is not None:
                used |= placeholders(suggestions[hit.suggestion_key]["da"])
            assert used <= set(hit.args), f"{rule_id}: {sorted(used - set(hit.args))} not filled"


# --- a static scan: no rule module writes message text inside its checks -------------------

_DECLARATIONS = {"message", "messages", "suggestion_templates"}


def _is_localised(node: ast.AST) -> bool:
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value in ("da", "en") for k in node.keys)


def _literal_text_problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    allowed: set[int] = set()  # {da, en} dicts that are part of a class's declarations
    localised_names: set[str] = set()  # names bound to a {da, en} dict outside them
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                targets = (stmt.targets if isinstance(stmt, ast.Assign)
                           else [stmt.target] if isinstance(stmt, ast.AnnAssign) else [])
                if stmt is not None and any(isinstance(t, ast.Name) and t.id in _DECLARATIONS
                                            for t in targets):
                    value = stmt.value  # type: ignore[union-attr]  # Assign and AnnAssign
                    allowed |= {id(n) for n in ast.walk(value)} if value is not None else set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None \
                and id(node.value) not in allowed and _is_localised(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            localised_names |= {t.id for t in targets if isinstance(t, ast.Name)}
            localised_names |= {t.attr for t in targets if isinstance(t, ast.Attribute)}
    out = []
    for node in ast.walk(tree):
        if _is_localised(node) and id(node) not in allowed:
            out.append(f"{path.name}:{node.lineno}: a {{da, en}} text outside the rule's "
                       "message, messages and suggestion_templates")
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "Hit"):
            continue
        for kw in node.keywords:
            value = kw.value
            name = (value.id if isinstance(value, ast.Name)
                    else value.attr if isinstance(value, ast.Attribute) else None)
            if kw.arg == "message":
                out.append(f"{path.name}:{node.lineno}: Hit(message=…); name a declared "
                           "message with Hit(key=…)")
            elif kw.arg == "suggestion" and (
                    isinstance(value, ast.Dict | ast.DictComp | ast.JoinedStr)
                    or (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                        and value.func.id == "dict")
                    or name in localised_names):
                out.append(f"{path.name}:{node.lineno}: Hit(suggestion=<text>); name a "
                           "declared template with Hit(suggestion_key=…)")
    return sorted(out, key=lambda problem: int(problem.split(":")[1]))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_rule_module_passes_literal_text_to_hit(path: Path) -> None:
    assert _literal_text_problems(path) == []


def test_the_scan_finds_literal_text(tmp_path: Path) -> None:
    module = tmp_path / "old.py"
    module.write_text(textwrap.dedent('''
        _ADVICE = {"da": "Gør det.", "en": "Do it."}

        class Old(Rule):
            message = {"da": "{match}", "en": "{match}"}

            def check(self, ctx):
                yield Hit(0, 1, suggestion={"da": "A", "en": "B"})
                yield Hit(0, 1, message=self._other)
                yield Hit(0, 1, suggestion=_ADVICE)
                yield Hit(0, 1, suggestion=f"Skriv {x}.")
                yield Hit(0, 1, suggestion="data", key="default")
    '''), encoding="utf-8")
    found = _literal_text_problems(module)
    assert [f.split(":")[1] for f in found] == ["2", "8", "8", "9", "10", "11"]


# --- validation at load -----------------------------------------------------------------------

def test_template_problems_name_the_key_and_the_placeholders() -> None:
    assert template_problems({"ok": {"da": "»{match}«", "en": "'{match}'"}}, "messages") == []
    assert template_problems({"x": {"da": "Fjern {word}.", "en": "Remove {term}."}},
                             "messages") == [
        "messages.x: da and en use different placeholders (only in da: {word}; only in en: {term})"]
    assert template_problems({"x": {"da": "Kun dansk."}}, "messages") == [
        "messages.x: missing the en text"]
    assert template_problems({"x": {"da": "{a", "en": "{a}"}}, "suggestion_templates")[0] \
        .startswith("suggestion_templates.x: bad template")


class _Plugin:
    def __init__(self, *rules: bg.Rule) -> None:
        self.rules = list(rules)

    @bg.hookimpl
    def brandguard_rules(self) -> list[bg.Rule]:
        return self.rules


def _checker(*rules: bg.Rule, lang: str = "da") -> bg.Checker:
    pm = bg.get_plugin_manager(entry_points=False, extra=[_Plugin(*rules)])
    return bg.Checker({**BASE_POLICY, "packs": ["x"]}, plugin_manager=pm, lang=lang)


class _Base(bg.Rule):
    pack = "x"
    category = "tone"
    summary = "Something."
    rationale = "Because."
    examples = [bg.bad("<marker>x</marker>"), bg.good("y")]


class _Mismatch(_Base):
    id = "x.mismatch"
    message = {"da": "Fjern {word}.", "en": "Remove it."}

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        yield bg.Hit(0, 1, args={"word": "x"})


class _BadSuggestion(_Base):
    id = "x.bad-suggestion"
    message = {"da": "Fjern det.", "en": "Remove it."}
    suggestion_templates = {"fix": {"da": "Skriv {right}.", "en": "Write it."}}


def test_a_placeholder_mismatch_fails_at_load() -> None:
    with pytest.raises(bg.PackError, match=r"messages\.default: da and en use different "
                                           r"placeholders \(only in da: \{word\}\)"):
        _checker(_Mismatch())
    with pytest.raises(bg.PackError, match=r"suggestion_templates\.fix: .*only in da: \{right\}"):
        _checker(_BadSuggestion())


class _Keyed(_Base):
    id = "x.keyed"
    message = {"da": "»{match}« er forkert.", "en": "'{match}' is wrong."}
    messages = {"twice": {"da": "»{match}« står {count} gange.",
                          "en": "'{match}' appears {count} times."}}
    suggestion_templates = {"either": {"da": "Skriv {names}.", "en": "Write {names}."}}

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        text = ctx.analysis.text
        count = text.count("x")
        names = bg.ByLang(da="a eller b", en="a or b")
        yield bg.Hit(0, 1, args={"match": "x", "count": count, "names": names},
                     key="twice" if count > 1 else None, suggestion_key="either")


class _Legacy(_Base):
    """An older third-party rule: literal texts on the hit still work."""

    id = "x.legacy"
    message = {"da": "Standard.", "en": "Default."}

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        yield bg.Hit(0, 1, message={"da": "Særlig {w}.", "en": "Special {w}."}, args={"w": "x"},
                     suggestion={"da": "Ret det.", "en": "Fix it."})


def test_a_hit_names_its_message_and_suggestion_by_key() -> None:
    da = _checker(_Keyed()).check("x og x").findings
    en = _checker(_Keyed(), lang="en").check("x og x").findings
    assert [(f.message, f.suggestion) for f in da] == [("»x« står 2 gange.", "Skriv a eller b.")]
    assert [(f.message, f.suggestion) for f in en] == [("'x' appears 2 times.", "Write a or b.")]
    assert _checker(_Keyed()).check("x").findings[0].message == "»x« er forkert."


def test_literal_texts_of_older_rules_still_work() -> None:
    f = _checker(_Legacy(), lang="en").check("x").findings[0]
    assert (f.message, f.suggestion) == ("Special x.", "Fix it.")


class _UnknownKey(_Base):
    id = "x.unknown-key"
    message = {"da": "Fjern det.", "en": "Remove it."}

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        yield bg.Hit(0, 1, key="nope")


def test_an_undeclared_key_fails_closed_naming_the_key() -> None:
    report = _checker(_UnknownKey()).check("x")
    (f,) = report.findings
    assert f.rule_id == "internal" and report.verdict == "block"
    assert "'nope'" in f.message and "default" in f.message


class _Shared(_Base):
    messages = {"shared": {"da": "Fælles.", "en": "Shared."}}
    suggestion_templates = {"later": {"da": "Senere.", "en": "Later."}}


class _Child(_Shared):
    id = "x.child"
    message = {"da": "Eget.", "en": "Own."}
    suggestion_templates = {"now": {"da": "Nu.", "en": "Now."}}


def test_tables_add_up_along_the_class_hierarchy() -> None:
    rule = _Child()
    assert list(rule.message_templates()) == ["default", "shared"]
    assert list(rule.suggestion_table()) == ["later", "now"]


def test_rule_page_shows_every_message_and_suggestion() -> None:
    page = rule_page(_Keyed())
    assert "| Key | Danish | English |" in page
    assert "| `default` | »{match}« er forkert. | '{match}' is wrong. |" in page
    assert "| `twice` | »{match}« står {count} gange. | '{match}' appears {count} times. |" in page
    assert "## Suggestions" in page and "| `either` | Skriv {names}. | Write {names}. |" in page
    assert "Filled in from the finding: `count`, `match`." in page


# --- YAML rules -------------------------------------------------------------------------------

def _yaml_pack(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: acme\nprefix: acme\ncategory: tone\n")
    (folder / "rule.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("company: {name: Nordlys Energi}\npacks: [./acme]\n")
    return policy


def test_yaml_placeholder_mismatch_names_file_line_and_key(tmp_path: Path) -> None:
    policy = _yaml_pack(tmp_path, """\
        extends: existence
        summary: s
        rationale: r
        message:
          da: "Undgå »{match}«."
          en: "Avoid it."
        tokens: [køb nu]
        examples: {bad: ["<marker>Køb nu</marker>"], good: ["Nej"]}
    """)
    with pytest.raises(bg.PackError, match=r"rule\.yaml: line 5: message\.da: placeholder "
                                           r"\{match\} is in the da text only"):
        bg.Checker(policy)


def test_yaml_messages_for_a_kind_with_several(tmp_path: Path) -> None:
    policy = _yaml_pack(tmp_path, """\
        extends: occurrence
        summary: s
        rationale: r
        scope: hashtags
        max: 2
        min: 1
        message: {da: "For mange hashtags ({count}).", en: "Too many hashtags ({count})."}
        messages:
          min: {da: "Mindst {limit} hashtag.", en: "At least {limit} hashtag."}
        suggestion: {da: "Højst {limit}.", en: "At most {limit}."}
        examples: {bad: ["Hej #a #b <marker>#c</marker>"], good: ["Hej #a"]}
    """)
    checker = bg.Checker(policy, select=["acme.rule"])
    few = checker.check("Hej med dig.").findings
    many = checker.check("Hej #a #b #c").findings
    assert [f.message for f in few] == ["Mindst 1 hashtag."]
    assert [(f.message, f.suggestion) for f in many] == [("For mange hashtags (3).", "Højst 2.")]
    rule = checker.rule("acme.rule")
    assert set(rule.message_templates()) == {"default", "min"}
    assert "| `min` | Mindst {limit} hashtag. | At least {limit} hashtag. |" in rule_page(rule)


def test_yaml_unknown_message_key_lists_the_kinds_keys(tmp_path: Path) -> None:
    policy = _yaml_pack(tmp_path, """\
        extends: occurrence
        summary: s
        rationale: r
        scope: hashtags
        max: 2
        message: {da: "For mange.", en: "Too many."}
        messages:
          max: {da: "x", en: "y"}
        examples: {bad: ["Hej #a #b <marker>#c</marker>"], good: ["Hej #a"]}
    """)
    with pytest.raises(bg.PackError, match=r"line 8: messages\.max: unknown message key; valid: min"):
        bg.Checker(policy)


def test_yaml_messages_on_a_kind_with_one_message(tmp_path: Path) -> None:
    policy = _yaml_pack(tmp_path, """\
        extends: existence
        summary: s
        rationale: r
        message: {da: "Undgå »{match}«.", en: "Avoid '{match}'."}
        messages: {other: {da: "x", en: "y"}}
        tokens: [køb nu]
        examples: {bad: ["<marker>Køb nu</marker>"], good: ["Nej"]}
    """)
    with pytest.raises(bg.PackError, match=r"line 5: messages: this kind has one message"):
        bg.Checker(policy)

