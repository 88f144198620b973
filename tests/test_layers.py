"""The package's layers point one way: no import cycle, nothing below the CLI imports it.

Every import counts, also one inside a function (a lazy import hides a cycle from
Python but not from a reader). Imports under ``if TYPE_CHECKING:`` count for the CLI
boundary but not for cycles: an annotation that names a type of a module that imports
this one (``Rule`` and ``Analysis``) is no dependency at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import brandguard

SRC = Path(brandguard.__file__).parent
#: The command-line layer: the only modules that may import each other's CLI code.
CLI = ("brandguard.cli", "brandguard.commands")


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def _nodes(tree: ast.AST, type_checking: bool) -> list[ast.AST]:
    """Every node, less the bodies of ``if TYPE_CHECKING:`` unless ``type_checking``."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if not type_checking and isinstance(child, ast.If) \
                    and "TYPE_CHECKING" in ast.unparse(child.test):
                todo.extend(child.orelse)
                continue
            todo.append(child)
    return out


def _imports(*, type_checking: bool = True) -> dict[str, set[str]]:
    """Module -> the brandguard modules it imports (a package's submodules by name)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in _nodes(ast.parse(path.read_text(encoding="utf-8")), type_checking):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                subs = [f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in modules]
                found.update(subs)
                if len(subs) < len(node.names):
                    found.add(module)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_brandguard() -> None:
    graph = _imports(type_checking=False)
    # hookspecs names kinds.base.DeclarativeRule for annotations only.
    assert "brandguard.kinds.base" not in graph["brandguard.hookspecs"]
    assert "brandguard.kinds.base" in _imports()["brandguard.hookspecs"]
    assert "brandguard.engine" in graph["brandguard.batch"]  # the graph sees lazy imports
    assert _cycles(graph) == []


def test_posts_are_read_in_one_input_layer() -> None:
    """Text files, stdin, Markdown front matter, JSON Lines and CSV become Posts in
    ``brandguard.inputs`` only: no other module reads a post file or parses a row."""
    readers = {"read_text", "read_post", "post_from_text", "post_from_record", "read_rows",
               "jsonl_rows", "csv_rows", "markdown_rows", "post_from_markdown",
               "read_markdown_post"}
    defined: dict[str, list[str]] = {}
    for name, (path, _) in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in readers:
                defined.setdefault(node.name, []).append(name)
    assert defined == {r: ["brandguard.inputs"] for r in readers}
    # the parsing of front matter sits under it, and imports nothing that builds Posts
    assert not {"brandguard.inputs", "brandguard.models"} & _imports()["brandguard.frontmatter"]


def test_nothing_below_the_cli_imports_it() -> None:
    offenders = {name: sorted(m for m in deps if m.startswith(CLI))
                 for name, deps in _imports().items() if not name.startswith(CLI)}
    assert {name: deps for name, deps in offenders.items() if deps} == {}


def test_every_type_ignore_names_its_error_code_and_says_why() -> None:
    """``# type: ignore[code]  # why`` (or the why on the line above): mypy checks the
    code is still needed (warn_unused_ignores); a reader needs the reason."""
    import re

    roots = [SRC, SRC.parents[1] / "rules"]
    bare = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "tests" in path.relative_to(root).parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for i, line in enumerate(lines):
                m = re.search(r"#\s*type:\s*ignore(\[[\w\s,-]+\])?(.*)", line)
                if m is None:
                    continue
                reason = m.group(2).strip().lstrip("#").strip() or (
                    i > 0 and lines[i - 1].strip().startswith("#"))
                if not m.group(1) or not reason:
                    bare.append(f"{path.name}:{i + 1}")
    assert bare == []
