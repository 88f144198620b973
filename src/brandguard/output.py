"""Reports as text for people and tools: the output formats, from Python.

The same formats as ``brandguard check --output-format`` (text, concise, json,
sarif, github, gitlab, junit, html, and any a plugin adds through the
``brandguard_formatters`` hook), for scripts that check posts themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pluggy

from .models import Post, Report


def format_reports(items: Sequence[tuple[str, Post, Report]], output_format: str = "text", *,
                   lang: str = "da", color: bool = False,
                   plugin_manager: pluggy.PluginManager | None = None,
                   **options: Any) -> str:
    """``(label, post, report)`` triples in one output format, as a string.

    ``options`` go to the format itself (``title=`` for ``html``, ``verbose=`` for
    ``text``). Raises ``ValueError`` for a format no installed plugin offers."""
    from .packs import Registry
    from .plugins import get_plugin_manager

    registry = Registry.build(plugin_manager or get_plugin_manager())
    fmt = registry.formatters.get(output_format)
    if fmt is None:
        raise ValueError(f"unknown output format {output_format!r}; available: "
                         f"{', '.join(sorted(registry.formatters))}")
    # The rules' metadata (SARIF describes each rule a finding names).
    return str(fmt(list(items), lang=lang, color=color, rules=registry.rules, **options))
