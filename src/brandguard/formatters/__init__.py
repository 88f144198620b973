"""Output formats, registered as a built-in plugin (``brandguard_formatters``)."""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from .jsonfmt import format_json
from .text import format_text

Formatter = Callable[..., str]
__all__ = ["Formatter", "format_json", "format_text"]


@hookimpl
def brandguard_formatters() -> dict[str, Formatter]:
    return {"text": format_text, "json": format_json}
