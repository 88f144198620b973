"""The shared command-line options: defined once, so every command reads a value alike."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from brandguard.cli import build_parser, main
from brandguard.commands import _options as opt


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def _actions(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """Every option of a command and of its own subcommands (baseline create|check)."""
    out = {flag: a for a in parser._actions for flag in a.option_strings}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out.update(_actions(sub))
    return out


def test_every_command_reads_a_shared_option_with_the_same_validator() -> None:
    commands = _subparsers(build_parser())
    for name, option in opt.OPTIONS.items():
        flag = option.flags[-1]
        users = {cmd: acts[flag] for cmd, sub in commands.items()
                 if flag in (acts := _actions(sub))}
        for cmd, action in users.items():
            assert action.type is option.kwargs.get("type"), (cmd, name)
            assert action.choices == option.kwargs.get("choices"), (cmd, name)
    # The options the issue found drifting are there, in both commands.
    for flag in ("--fail-on", "--min-score", "--lang", "--ignore", "--policy", "--baseline"):
        assert flag in _actions(commands["check"]) and flag in _actions(commands["batch"])


#: Options that share a flag with a shared option but are another option.
OWN_OPTIONS = {
    # `baseline check -b FILE`: the baseline to compare with (default
    # .brandguard-baseline.json), not check's optional --baseline filter.
    ("baseline", "--baseline"),
}


def test_every_built_in_command_takes_a_shared_option_from_the_table() -> None:
    """A command that adds --policy, --lang, --fail-on, … by hand would drift: use
    ``opt.add(parser, "policy", ...)`` (brandguard.commands._options)."""
    shared_flags = {flag for option in opt.OPTIONS.values() for flag in option.flags
                    if flag.startswith("--")}
    by_hand = []
    for cmd, sub in _subparsers(build_parser()).items():
        for flag, action in _actions(sub).items():
            if flag in shared_flags and not opt.is_shared(action) \
                    and (cmd, flag) not in OWN_OPTIONS:
                by_hand.append(f"{cmd} {flag}")
    assert by_hand == []


@pytest.mark.parametrize("command", [["check", "post.txt"], ["batch", "posts.jsonl", "-o", "-"]])
@pytest.mark.parametrize("value", ["150", "-1", "many"])
def test_min_score_out_of_range_is_a_usage_error_in_every_command(
        command: list[str], value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--min-score", value]) == 2
    err = capsys.readouterr().err
    assert "--min-score" in err and "0-100" in err


def test_an_override_cannot_change_what_a_value_means() -> None:
    parser = argparse.ArgumentParser()
    with pytest.raises(TypeError, match="fixed"):
        opt.add(parser, "fail-on", choices=("error",))
    opt.add(parser, "fail-on", default="warning", help="own help")
    assert parser.parse_args([]).fail_on == "warning"


def test_rule_ids_split_repeats_and_commas() -> None:
    assert opt.rule_ids(["a.b, c.d", "e.f", " "]) == ["a.b", "c.d", "e.f"]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every Registry.build call (the policy it got) while a command runs."""
    from brandguard.packs import Registry

    calls: list[object] = []
    real = Registry.build  # bound to the class

    def counting(cls: type[Registry], pm: Any, policy: Any = None) -> Registry:
        calls.append(policy)
        return real(pm, policy)

    monkeypatch.setattr(Registry, "build", classmethod(counting))
    return calls


POLICY_YAML = "company: {name: Nordlys Energi}\nchannels: {other: {max_chars: 20}}\n"


def test_check_builds_the_registry_once(tmp_path, builds: list[object]) -> None:
    (tmp_path / "p.yaml").write_text(POLICY_YAML, encoding="utf-8")
    (tmp_path / "post.txt").write_text("Vi har installeret solceller.", encoding="utf-8")
    code = main(["check", str(tmp_path / "post.txt"), "-p", str(tmp_path / "p.yaml"),
                 "--channel", "other", "--select", "format.max-length",
                 "--ignore", "format.max-length", "--fail-on", "never"])
    assert code == 0
    assert len(builds) == 1


def test_batch_builds_the_registry_once(tmp_path, builds: list[object]) -> None:
    (tmp_path / "p.yaml").write_text(POLICY_YAML, encoding="utf-8")
    (tmp_path / "posts.jsonl").write_text('{"text": "Kort og godt.", "channel": "other"}\n',
                                          encoding="utf-8")
    code = main(["batch", str(tmp_path / "posts.jsonl"), "-p", str(tmp_path / "p.yaml"),
                 "-o", str(tmp_path / "out.jsonl"), "--jobs", "1", "--html",
                 str(tmp_path / "r.html"), "--ignore", "format.max-length", "--progress", "never"])
    assert code == 0
    assert len(builds) == 1


def test_the_choices_are_the_library_s() -> None:
    from brandguard.commands._common import FAIL_LEVELS
    from brandguard.engine import LANGS

    assert opt.LANG_CHOICES == LANGS
    assert set(opt.FAIL_ON_CHOICES) == set(FAIL_LEVELS)
