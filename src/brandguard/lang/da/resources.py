"""Danish language data shipped with brandguard: ``lang/da/data/<name>.yaml``.

These are facts about Danish (verb paradigms, confusable words, language markers,
spelling exceptions), shared by the analysis and by any pack's rules; the rule
packs' own word lists live in their pack folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ...yamlsrc import load_yaml

DATA_DIR = Path(__file__).parent / "data"


@cache
def language_data(name: str) -> Any:
    """The parsed ``data/<name>.yaml`` (read once per process; callers must not change it)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return load_yaml(fh.read())
