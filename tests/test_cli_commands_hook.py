"""Commands are plugins: the built-ins and a third party's register through one hook."""

from __future__ import annotations

import argparse
import types

import pytest

import brandguard as bg
from brandguard import commands as builtin_commands
from brandguard.cli import main
from brandguard.commands import CliError, add_options
from brandguard.plugins import PluginError, commands, get_plugin_manager


class Hello:
    """A third party's command: an object, not a module."""

    NAME = "hello"
    HELP = "say hello in the chosen language"

    def configure(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("who")
        add_options(parser, "lang")

    def run(self, args: argparse.Namespace) -> int:
        if not args.who.strip():
            raise CliError("hello: who?")
        print(("Hej" if args.lang == "da" else "Hello") + f", {args.who}!")
        return 0


class HelloPlugin:
    @bg.hookimpl
    def brandguard_commands(self) -> list[object]:
        return [Hello()]


def test_a_plugin_adds_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    pm = get_plugin_manager(entry_points=False, extra=[HelloPlugin()])
    assert main(["hello", "Mette"], plugin_manager=pm) == 0
    assert capsys.readouterr().out == "Hej, Mette!\n"
    assert main(["hello", "Mette", "--lang", "en"], plugin_manager=pm) == 0
    assert capsys.readouterr().out == "Hello, Mette!\n"
    assert main(["hello", " "], plugin_manager=pm) == 2
    assert capsys.readouterr().err == "brandguard: hello: who?\n"
    assert main(["--help"], plugin_manager=pm) == 0
    out = capsys.readouterr().out
    assert "hello" in out and "check" in out


def test_without_the_plugin_there_is_no_such_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hello", "Mette"], plugin_manager=get_plugin_manager(entry_points=False)) == 2
    assert "invalid choice: 'hello'" in capsys.readouterr().err


def test_the_built_in_commands_come_through_the_hook() -> None:
    pm = get_plugin_manager(entry_points=False)
    assert pm.get_plugin("brandguard.commands") is builtin_commands
    names = [c.NAME for c in commands(pm)]
    assert names == sorted(names)
    assert {m.NAME for m in builtin_commands.command_modules()} == set(names)
    # Every module in commands/ that follows the convention is one of them.
    assert {"baseline", "batch", "check", "explain", "fix", "init", "ledger", "rules",
            "schema"} <= set(names)


def test_a_command_name_taken_twice_is_a_plugin_error(capsys: pytest.CaptureFixture[str]) -> None:
    class Check(Hello):
        NAME = "check"

    class Clash:
        @bg.hookimpl
        def brandguard_commands(self) -> list[object]:
            return [Check()]

    pm = get_plugin_manager(entry_points=False, extra=[Clash()])
    with pytest.raises(PluginError, match="'check' is registered twice"):
        commands(pm)
    assert main(["check", "-"], plugin_manager=pm) == 2
    assert "registered twice" in capsys.readouterr().err


def test_a_command_without_run_is_a_plugin_error() -> None:
    broken = types.SimpleNamespace(NAME="broken", HELP="", configure=lambda p: None)

    class Broken:
        @bg.hookimpl
        def brandguard_commands(self) -> list[object]:
            return [broken]

    with pytest.raises(PluginError, match="has no run"):
        commands(get_plugin_manager(entry_points=False, extra=[Broken()]))


def test_commands_use_the_plugin_manager_main_was_given(tmp_path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    class Verdicts:
        @bg.hookimpl
        def brandguard_formatters(self) -> dict[str, object]:
            return {"verdicts": lambda items, **_: "\n".join(r.verdict for _, _, r in items)}

    (tmp_path / "p.yaml").write_text("company: {name: Nordlys Energi}\n", encoding="utf-8")
    (tmp_path / "post.txt").write_text("Kort og godt.", encoding="utf-8")
    pm = get_plugin_manager(entry_points=False, extra=[Verdicts()])
    args = ["check", str(tmp_path / "post.txt"), "-p", str(tmp_path / "p.yaml"),
            "--select", "format.max-length"]
    assert main([*args, "--format", "verdicts"], plugin_manager=pm) == 0
    assert capsys.readouterr().out == "pass\n"
    assert main(["check", "--format", "list"], plugin_manager=pm) == 0
    assert "verdicts" in capsys.readouterr().out.split()
    # Without that plugin the format does not exist.
    assert main([*args, "--format", "verdicts"],
                plugin_manager=get_plugin_manager(entry_points=False)) == 2
    assert "unknown format 'verdicts'" in capsys.readouterr().err
