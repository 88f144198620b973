"""Build hook: ship the rule packs (rules/<pack>/) in the wheel as brandguard/_rules/.

An editable install finds the packs in the checkout (builtin_packs.rules_root), so
only a standard wheel needs them. Each pack file is added one by one, leaving out
the packs' own tests and caches: hatchling's force-include of a whole folder would
copy whatever lies on the builder's disk, and a `sources` rewrite of the prefix
breaks editable installs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SKIP_DIRS = {"tests", "__pycache__"}
SKIP_SUFFIXES = {".pyc", ".pyo"}


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]  # hatchling's generic
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root) / "rules"
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if not path.is_file() or SKIP_DIRS & set(rel.parts) or path.suffix in SKIP_SUFFIXES:
                continue
            build_data["force_include"][str(path)] = f"brandguard/_rules/{rel.as_posix()}"
