"""The YAML rule packs shipped with brandguard, registered as a plugin."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .hookspecs import hookimpl
from .yamlsrc import load_yaml


def rules_root() -> Path:
    """The folder of built-in packs: inside the wheel, or the checkout's ``rules/``."""
    bundled = Path(__file__).parent / "_rules"
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2] / "rules"


@hookimpl
def brandguard_rule_packs() -> list[Path]:
    root = rules_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file())


@cache
def pack_data(pack: str, name: str) -> Any:
    """A word list of a built-in pack: ``rules/<pack>/data/<name>.yaml``, parsed once.

    Files under ``data/`` are data for Python rules, not rules; the result is
    shared, so callers must not change it.
    """
    path = rules_root() / pack / "data" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return load_yaml(fh.read())
