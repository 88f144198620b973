"""Output formats, registered as a built-in plugin (``brandguard_formatters``)."""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from .html import format_html
from .jsonfmt import format_json
from .lines import format_concise, format_github, format_gitlab, format_junit
from .sarif import format_sarif
from .text import format_text

Formatter = Callable[..., str]
__all__ = ["Formatter", "format_concise", "format_github", "format_gitlab", "format_html",
           "format_json", "format_junit", "format_sarif", "format_text"]


@hookimpl
def brandguard_formatters() -> dict[str, Formatter]:
    return {"text": format_text, "concise": format_concise, "json": format_json,
            "sarif": format_sarif, "github": format_github, "gitlab": format_gitlab,
            "junit": format_junit, "html": format_html}
