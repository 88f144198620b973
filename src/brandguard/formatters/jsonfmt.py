"""JSON output: exactly what ``Report.model_dump_json()`` gives for one post; for several,
a list of ``{"file": …, "report": …}``."""

from __future__ import annotations

import json
from typing import Any

from ..models import Post, Report


def format_json(items: list[tuple[str, Post, Report]], *, lang: str = "da", color: bool = False,
                rules: Any = None) -> str:
    """One report: the Report object, exactly (as ever). Several: a JSON list of
    ``{"file": label, "report": Report}``, in input order."""
    if len(items) == 1:
        return items[0][2].model_dump_json(indent=2)
    return "[\n" + ",\n".join(
        f'{{"file": {json.dumps(label, ensure_ascii=False)}, "report": '
        + r.model_dump_json(indent=2) + "}" for label, _, r in items) + "\n]"


def loads_report(text: str) -> Report:
    """Read a report back (for tools that store them)."""
    return Report.model_validate(json.loads(text))
