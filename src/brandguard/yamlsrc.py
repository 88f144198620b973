"""YAML with line numbers, so load errors can say where (Vale-style validation)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

#: libyaml's loader when PyYAML was built with it (about ten times faster).
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml when available."""
    return yaml.load(text, Loader=LOADER)


class YamlSource:
    """A parsed YAML file that remembers where each key is."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self.name = str(path)
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"{self.name}: not UTF-8 text (byte {exc.start})") from None
        self._text = text
        try:
            self.data: Any = load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ValueError(f"{self.name}: {where}invalid YAML: {problem}") from None

    @cached_property
    def node(self) -> yaml.Node | None:
        """The node tree, composed only when an error needs a line number."""
        return yaml.compose(self._text, Loader=LOADER)

    def line(self, *path: str | int) -> int:
        """1-based line of the key (or item) at ``path``; the nearest known parent's line."""
        node = self.node
        line = (node.start_mark.line + 1) if node is not None else 1
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == str(part):
                        line = key.start_mark.line + 1
                        node = value
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def where(self, *path: str | int) -> str:
        """``file: line N: a.b.c`` prefix for an error message."""
        keys = ".".join(str(p) for p in path)
        return f"{self.name}: line {self.line(*path)}: {keys}" if keys else f"{self.name}"
