"""The rule packs shipped with brandguard (``rules/<pack>/``), registered as a plugin.

A built-in pack is registered exactly as a third-party one: this module answers
``brandguard_rule_packs`` with the folders.
"""

from __future__ import annotations

from pathlib import Path

from .hookspecs import hookimpl


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

