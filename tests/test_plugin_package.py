"""Third-party plugins, end to end: a real installed package, a policy's own pack
folder, a rule that raises (fail closed), and a plugin that cannot be imported.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import brandguard as bg
from brandguard.packs import Registry

from .conftest import BASE_POLICY, merge

PLUGIN_SRC = Path(__file__).parent / "plugin_pkg"


def _forget(prefix: str) -> None:
    for name in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[name]


@pytest.fixture
def on_path() -> Iterator[Any]:
    """Put folders on sys.path for one test, and take them (and their modules) off after."""
    added: list[str] = []
    modules: list[str] = []

    def add(folder: Path, *module_names: str) -> None:
        sys.path.insert(0, str(folder))
        added.append(str(folder))
        modules.extend(module_names)
        importlib.invalidate_caches()

    yield add
    for folder in added:
        sys.path.remove(folder)
    for name in modules:
        _forget(name)
    importlib.invalidate_caches()


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``acme-brandguard`` installed with pip into a folder of its own (not yet on sys.path)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(PLUGIN_SRC)],
        check=True, capture_output=True, text=True,
    )
    assert (target / "acme_brandguard" / "pack" / "pack.yaml").is_file()
    assert list(target.glob("acme_brandguard-*.dist-info/entry_points.txt"))
    return target


def test_installed_plugin_rules_run_and_are_registered(installed_plugin: Path, on_path: Any) -> None:
    # Before it is on the path, the plugin is unknown.
    assert "acme.no-competitor-x" not in Registry.build(bg.get_plugin_manager()).rules
    on_path(installed_plugin, "acme_brandguard")

    pm = bg.get_plugin_manager()
    assert pm.get_plugin("acme") is not None  # registered under its entry-point name
    checker = bg.Checker(BASE_POLICY, plugin_manager=pm)
    reg = checker.registry

    yaml_rule = reg.rules["acme.buzzwords"]
    py_rule = reg.rules["acme.no-competitor-x"]
    assert yaml_rule.pack == "acme" and py_rule.pack == "acme"
    assert Path(yaml_rule.source).name == "buzzwords.yaml"
    assert Path(yaml_rule.source).parent == installed_plugin / "acme_brandguard" / "pack"
    assert py_rule.source == "acme_brandguard.plugin"
    assert reg.packs["acme"].path == (installed_plugin / "acme_brandguard" / "pack").resolve()

    text = "Vores team skaber synergi, og vores pumpe slår Competitor X på pris."
    report = checker.check(bg.Post(text=text))
    by_id = {f.rule_id: f for f in report.findings}
    assert by_id["acme.buzzwords"].span is not None
    assert by_id["acme.buzzwords"].span.text == "synergi"
    assert by_id["acme.buzzwords"].severity == "warning"
    assert by_id["acme.buzzwords"].category == "tone"
    assert by_id["acme.no-competitor-x"].span.text == "Competitor X"  # type: ignore[union-attr]
    assert by_id["acme.no-competitor-x"].suggestion == "konkurrenterne"
    assert by_id["acme.no-competitor-x"].message == "Nævn ikke Competitor X i et opslag om ACME."
    assert by_id["acme.no-competitor-x"].source == "acme"
    assert report.verdict == "block"

    # A policy can turn the plugin's pack off like any built-in pack.
    quiet = bg.Checker(merge(BASE_POLICY, {"packs": ["acme", "format"], "rules": {"acme": "off"}}),
                       plugin_manager=pm)
    assert {r.pack for r in quiet.rules} == {"format"}


def test_installed_plugin_examples_pass(installed_plugin: Path, on_path: Any) -> None:
    """A company tests its own pack's examples the way brandguard tests its own."""
    on_path(installed_plugin, "acme_brandguard")
    pm = bg.get_plugin_manager()
    reg = Registry.build(pm)
    for rule_id in ("acme.buzzwords", "acme.no-competitor-x"):
        rule = reg.rules[rule_id]
        checker = bg.Checker(BASE_POLICY, plugin_manager=pm, select=[rule_id])
        assert rule.examples_bad and rule.examples_good
        for ex in rule.examples:
            own = [f for f in checker.check(ex.text).findings if f.rule_id == rule_id]
            if ex in rule.examples_bad:
                assert [(f.span.start, f.span.end) for f in own if f.span] == [ex.span], ex.text
                if ex.suggestion is not None:
                    assert own[0].suggestion == ex.suggestion
            else:
                assert own == [], ex.text


def _write_pack(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text("name: nordlys-house\nprefix: house\ncategory: language\n",
                                      encoding="utf-8")
    (folder / "kundeservice.yaml").write_text(textwrap.dedent("""\
        extends: substitution
        summary: The department is written Kundeservice, one word.
        rationale: House spelling.
        swap: {kunde service: kundeservice}
        message: {da: "Skriv '{suggestion}'.", en: "Write '{suggestion}'."}
        examples:
          bad: [{text: "Ring til <marker>kunde service</marker>.", suggestion: kundeservice}]
          good: ["Ring til kundeservice."]
        """), encoding="utf-8")


def test_policy_pack_folder_relative_to_policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_pack(tmp_path / "policies" / "my-pack")
    policy_file = tmp_path / "policies" / "policy.yaml"
    policy_file.write_text("company: {name: Nordlys Energi}\npacks: [./my-pack]\n",
                           encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # resolved against the policy file, not the working folder

    checker = bg.Checker(bg.load_policy(policy_file))
    assert [r.id for r in checker.rules] == ["house.kundeservice"]  # only the listed pack
    assert checker.registry.packs["nordlys-house"].path == (tmp_path / "policies" / "my-pack").resolve()
    report = checker.check("Skriv til vores kunde service, hvis du har spørgsmål.")
    [finding] = report.findings
    assert finding.rule_id == "house.kundeservice"
    assert finding.span is not None and finding.span.text == "kunde service"
    assert finding.suggestion == "kundeservice"
    assert finding.source == "nordlys-house"


def test_policy_pack_folder_that_is_not_a_pack(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("company: {name: X}\npacks: [./missing-pack]\n", encoding="utf-8")
    with pytest.raises(bg.PolicyError, match="missing-pack"):
        bg.Checker(bg.load_policy(policy_file))


class _Broken(bg.Rule):
    id = "acme.broken"
    category = "tone"
    severity = "info"
    pack = "acme-broken"
    summary = "A rule with a bug."
    rationale = "To show that a broken rule blocks the post instead of passing it."
    message = {"da": "Aldrig vist.", "en": "Never shown."}
    examples = [bg.bad_post("x"), bg.good("y")]

    def check(self, ctx: bg.Context) -> Iterator[bg.Hit]:
        raise ZeroDivisionError("division by zero")


class _BrokenPlugin:
    @bg.hookimpl
    def brandguard_rules(self) -> list[bg.Rule]:
        return [_Broken()]


def test_rule_that_raises_blocks_the_post() -> None:
    pm = bg.get_plugin_manager(entry_points=False, extra=[_BrokenPlugin()])
    checker = bg.Checker(BASE_POLICY, plugin_manager=pm, select=["acme.broken", "format.max-length"])
    report = checker.check("Et helt almindeligt opslag om vores nye varmepumpe.")
    [finding] = report.findings
    assert finding.rule_id == "internal"
    assert finding.category == "internal"
    assert finding.severity == "error"
    assert "acme.broken" in finding.message and "ZeroDivisionError" in finding.message
    assert report.verdict == "block"
    assert report.score <= 49
    english = checker.check("Et helt almindeligt opslag.", lang="en")
    assert english.findings[0].message.startswith("Rule acme.broken failed")


def test_plugin_that_fails_to_import_names_the_plugin(tmp_path: Path, on_path: Any) -> None:
    # A distribution with an entry point whose module raises on import.
    dist = tmp_path / "broken_bg_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-bg-plugin\nVersion: 1.0\n",
                                   encoding="utf-8")
    (dist / "entry_points.txt").write_text("[brandguard]\nbrokenplug = broken_bg_plugin\n",
                                           encoding="utf-8")
    (tmp_path / "broken_bg_plugin.py").write_text("import no_such_module_xyz\n", encoding="utf-8")
    on_path(tmp_path, "broken_bg_plugin")

    with pytest.raises(bg.PluginError) as info:
        bg.get_plugin_manager()
    message = str(info.value)
    assert "brokenplug" in message and "no_such_module_xyz" in message
    assert "\n" not in message
    # Without entry points, brandguard itself still works.
    assert bg.get_plugin_manager(entry_points=False).get_plugin("brandguard.kinds") is not None
