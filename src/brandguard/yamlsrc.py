"""YAML with line numbers, so load errors can say where (Vale-style validation)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import diskcache

#: libyaml's loader when PyYAML was built with it (about ten times faster).
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Largest YAML document read (policies, packs, front matter), in characters.
MAX_YAML_CHARS = 5_000_000
#: Most values a YAML document may expand to once its aliases (``*name``) are followed:
#: a "billion laughs" document of a few hundred bytes expands to 10⁹ (issue 13).
MAX_YAML_NODES = 200_000


class YamlLimitError(yaml.YAMLError):
    """A YAML document over :data:`MAX_YAML_CHARS` or :data:`MAX_YAML_NODES`."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = None


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes ``root`` stands for with every alias expanded (linear time)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    entered: set[int] = set()  # nodes whose children are being sized: the current path
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done or not children:
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            sizes[id(node)] = min(total, MAX_YAML_NODES + 1)
            continue
        if id(node) in entered:
            return MAX_YAML_NODES + 1  # `&a [*a]`: holds itself, expands without end
        entered.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml when available, within size and alias limits
    (raises :class:`YamlLimitError`, a ``yaml.YAMLError``)."""
    if len(text) > MAX_YAML_CHARS:
        raise YamlLimitError(f"document has {len(text):,} characters; the limit is "
                             f"{MAX_YAML_CHARS:,}")
    if "&" in text and "*" in text:  # anchors and aliases: bound what they expand to
        root = yaml.compose(text, Loader=LOADER)
        if root is not None and _expanded_size(root) > MAX_YAML_NODES:
            raise YamlLimitError(f"aliases expand the document to more than "
                                 f"{MAX_YAML_NODES:,} values (a \"billion laughs\" document?)")
    return yaml.load(text, Loader=LOADER)


def entry_name(kind: str, path: Path) -> str:
    """The cache entry name of a file: its kind, its folder (with the pack's, for a
    ``data`` folder) and its name (``yaml-tone-da-hype``, ``yaml-tone-da-data-advert``):
    one entry per file, replaced when the file changes. (No folder further up: a test's
    temporary folder, ``pytest-<n>/<test>/``, would add entries on every run.)"""
    folder = path.parent
    parts = [kind, folder.parent.name if folder.name == "data" else "", folder.name, path.stem]
    return "-".join(p for p in parts if p)


@lru_cache(maxsize=8)
def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (for positions; ``None`` if it is not YAML)."""
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return None


def position(node: yaml.Node | None, path: Sequence[str | int], *,
             key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of what ``path`` names in a node tree: the value there, or
    with ``key=True`` its key. A path that leaves the tree (a missing key, an index past
    the end) gives the position of the nearest part that is there. Columns count
    characters, as PyYAML's marks do. ``"[key]"`` (pydantic's name for a mapping's key)
    is the key of the part before it."""
    if node is None:
        return (1, 1)
    here = node.start_mark
    for i, part in enumerate(path):
        last = i == len(path) - 1 or (i == len(path) - 2 and path[-1] == "[key]")
        if isinstance(node, yaml.MappingNode):
            for k, value in node.value:
                if k.value == str(part):
                    if last and (key or path[-1] == "[key]"):
                        return (k.start_mark.line + 1, k.start_mark.column + 1)
                    here = value.start_mark if last else k.start_mark
                    node = value
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            here = node.start_mark
        else:
            break
    return (here.line + 1, here.column + 1)


def decode(path: Path, raw: bytes) -> str:
    """A file's bytes as ``path.read_text(encoding="utf-8")`` reads them (universal
    newlines); a ValueError naming the file and the byte if they are not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


#: What else the parsed form of a file's bytes depends on: the parser (a cached entry's
#: source is the file's bytes and this).
PARSER_KEY = f"\0{yaml.__version__} {LOADER.__name__} {sys.version}".encode()

_UNSET: Any = object()


class YamlSource:
    """A parsed YAML file that remembers where each key is."""

    def __init__(self, path: Path, text: str | None = None, data: Any = _UNSET) -> None:
        """``data``: what ``text`` parses to, when the caller has it (read from the cache
        folder: see :meth:`cached`)."""
        self.path = path
        self.name = str(path)
        if text is None:
            text = decode(path, path.read_bytes())
        self._text = text
        if data is not _UNSET:
            self.data: Any = data
            return
        try:
            self.data = load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ValueError(f"{self.name}: {where}invalid YAML: {problem}") from None

    @classmethod
    def cached(cls, path: Path, raw: bytes | None = None, text: str | None = None) -> YamlSource:
        """``YamlSource(path)``, its parsed data read back from the cache folder
        (:mod:`~brandguard.diskcache`) when an earlier process parsed the same bytes:
        parsing a pack's YAML files was a tenth of building a Checker. A value
        ``marshal`` cannot keep (a date) is parsed each time; errors are the same.
        ``raw`` and ``text``: the file's bytes and their :func:`decode`, if read already."""
        if raw is None:
            raw = path.read_bytes()
        if text is None:
            text = decode(path, raw)
        data = diskcache.cached(entry_name("yaml", path), raw + PARSER_KEY,
                                lambda _: cls(path, text).data, schema=1)
        return cls(path, text, data)

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

    def position(self, *path: str | int, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path`` (or, ``key=True``, its key)."""
        return position(self.node, path, key=key)

    def where(self, *path: str | int) -> str:
        """``file: line N: a.b.c`` prefix for an error message."""
        keys = ".".join(str(p) for p in path)
        return f"{self.name}: line {self.line(*path)}: {keys}" if keys else f"{self.name}"
