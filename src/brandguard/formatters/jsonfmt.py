"""JSON output: exactly what ``Report.model_dump_json()`` gives, one report or a list."""

from __future__ import annotations

import json
from typing import Any

from ..models import Post, Report


def format_json(items: list[tuple[str, Post, Report]], *, lang: str = "da", color: bool = False,
                rules: Any = None) -> str:
    """One report: the Report object. Several: a JSON list of them, in input order."""
    if len(items) == 1:
        return items[0][2].model_dump_json(indent=2)
    return "[\n" + ",\n".join(r.model_dump_json(indent=2) for _, _, r in items) + "\n]"


def loads_report(text: str) -> Report:
    """Read a report back (for tools that store them)."""
    return Report.model_validate(json.loads(text))
