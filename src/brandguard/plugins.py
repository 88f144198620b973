"""The plugin manager: built-in plugins and installed ones, through the same hooks."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

import pluggy

from . import hookspecs

#: Built-in plugins, registered exactly like third-party ones (datasette's DEFAULT_PLUGINS).
DEFAULT_PLUGINS: tuple[str, ...] = (
    "brandguard.kinds",
    "brandguard.builtin_packs",
    "brandguard.builtin_facets",
    "brandguard.formatters",
    "brandguard.ledger",
    "brandguard.commands",
)


class PluginError(RuntimeError):
    """A plugin could not be loaded or broke a hook's contract."""


def get_plugin_manager(
    *, entry_points: bool = True, extra: Iterable[object | ModuleType] = ()
) -> pluggy.PluginManager:
    """A fresh plugin manager with the built-ins and, unless disabled, installed plugins.

    Each call returns a new manager, so tests (and embedders) can add plugins
    without touching anyone else's.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if entry_points:
        try:
            pm.load_setuptools_entrypoints(hookspecs.PROJECT)
        except Exception as exc:  # a broken third-party plugin must say who it is
            raise PluginError(f"cannot load the brandguard plugin {_culprit(pm)}: "
                              f"{type(exc).__name__}: {exc}") from exc
    for plugin in extra:
        pm.register(plugin)
    return pm


def commands(pm: pluggy.PluginManager) -> list[hookspecs.Command]:
    """Every subcommand the plugins register (built-ins included), sorted by name."""
    found: dict[str, hookspecs.Command] = {}
    for result in pm.hook.brandguard_commands():
        for command in result or []:
            name = getattr(command, "NAME", None)
            missing = [attr for attr in ("NAME", "HELP", "configure", "run")
                       if getattr(command, attr, None) is None]
            if missing or not isinstance(name, str):
                raise PluginError(f"brandguard_commands returned {command!r}, which has no "
                                  + ", ".join(missing or ["NAME"]))
            if name in found and found[name] is not command:
                raise PluginError(f"command {name!r} is registered twice "
                                  f"({_where(found[name])} and {_where(command)})")
            found[name] = command
    return [found[name] for name in sorted(found)]


def _where(obj: object) -> str:
    return getattr(obj, "__name__", None) or type(obj).__module__


def _culprit(pm: pluggy.PluginManager) -> str:
    """The entry point that failed: pluggy loads them in order and stops at the first
    failure, so it is the first unregistered one that fails to load (or, when the
    module loads but registering it failed, the first unregistered one)."""
    from importlib.metadata import entry_points

    pending = [ep for ep in entry_points(group=hookspecs.PROJECT)
               if pm.get_plugin(ep.name) is None and not pm.is_blocked(ep.name)]
    for ep in pending:
        try:
            ep.load()
        except Exception:
            return f"{ep.name!r} ({ep.value})"
    return f"{pending[0].name!r} ({pending[0].value})" if pending else "(unknown)"

