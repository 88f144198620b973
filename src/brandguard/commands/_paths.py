"""Which files ``brandguard check`` reads: files, folders and glob patterns.

A FILE argument is taken as it is (any name: the user asked for it). A folder is
searched recursively for :data:`POST_SUFFIXES`, skipping hidden entries (``.git``,
``.venv``, …), whatever a ``.gitignore`` ignores (gitwildmatch rules, through
``pathspec``; the deepest ``.gitignore`` with a matching pattern decides, as in
git) and whatever ``--exclude`` matches. A glob pattern (``drafts/**/*.md``) is
expanded here, so it works without a shell, and the same ignores apply to what it
finds. The result is sorted within each argument and free of duplicates.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..inputs import STDIN
from ._common import CliError

if TYPE_CHECKING:
    import pathspec

#: The files a folder's posts are in: plain text and Markdown (front matter and all).
POST_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown")
_GLOB_CHARS = frozenset("*?[")


def is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg) and not Path(arg).exists()


def _spec(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


class Ignores:
    """``.gitignore`` files (read once per folder, up to the project root) and ``--exclude``."""

    def __init__(self, exclude: Sequence[str], root: Path | None = None) -> None:
        self.root = (root or Path.cwd()).resolve()
        self.exclude = _spec(exclude) if exclude else None
        self._gitignores: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._chains: dict[Path, list[Path]] = {}
        self._folder_specs: dict[Path, list[tuple[str, pathspec.GitIgnoreSpec]]] = {}
        self._root_rel: dict[Path, str | None] = {}

    def _gitignore(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._gitignores:
            try:
                text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
            except OSError:
                self._gitignores[folder] = None
            else:
                self._gitignores[folder] = _spec(text.splitlines())
        return self._gitignores[folder]

    def _git_folders(self, folder: Path) -> list[Path]:
        """``folder`` and its parents up to the project root (``.git``), deepest first
        (worked out once per folder: a folder's files share it)."""
        cached = self._chains.get(folder)
        if cached is not None:
            return cached
        walked: list[Path] = []  # folders above ``folder`` not yet cached, deepest first
        here = folder
        while True:
            known = self._chains.get(here)
            if known is not None:
                chain = known
                break
            if (here / ".git").exists():
                chain = [here]
                self._chains[here] = chain
                break
            if here.parent == here:
                chain = []  # the filesystem root, and no repository on the way
                self._chains[here] = chain
                break
            walked.append(here)
            here = here.parent
        for below in reversed(walked):  # outside a repository every chain stays empty
            chain = [below, *chain] if chain else []
            self._chains[below] = chain
        return self._chains[folder]

    def _specs(self, folder: Path) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
        """The ``.gitignore`` files that apply in ``folder`` (resolved), deepest first,
        each with ``folder``'s path from the ``.gitignore``'s folder (``a/b/`` or "")."""
        found = self._folder_specs.get(folder)
        if found is None:
            chain = self._git_folders(folder) or [folder]
            found = []
            for base in chain:
                spec = self._gitignore(base)
                if spec is not None:
                    rel = folder.relative_to(base).as_posix()
                    found.append(("" if rel == "." else rel + "/", spec))
            self._folder_specs[folder] = found
        return found

    def excluded(self, path: Path, *, is_dir: bool) -> bool:
        """Whether ``--exclude`` or a ``.gitignore`` leaves ``path`` out."""
        return self.excluded_in(path.parent.resolve(), path.name, path.as_posix(),
                                is_dir=is_dir)

    def excluded_in(self, real_folder: Path, name: str, shown: str, *, is_dir: bool) -> bool:
        """:meth:`excluded` for the entry ``name`` of the resolved folder ``real_folder``,
        shown to the user as ``shown`` (the hot path of a folder walk: strings only)."""
        suffix = "/" if is_dir else ""
        if self.exclude is not None:
            candidates = [shown, name]
            root_rel = self._root_relative(real_folder)
            if root_rel is not None:
                candidates.append(root_rel + name)
            if any(self.exclude.match_file(c + suffix) for c in candidates):
                return True
        for prefix, spec in self._specs(real_folder):
            decision = spec.check_file(prefix + name + suffix).include
            if decision is not None:
                return bool(decision)
        return False

    def _root_relative(self, real_folder: Path) -> str | None:
        if real_folder not in self._root_rel:
            rel = (real_folder.relative_to(self.root).as_posix()
                   if real_folder.is_relative_to(self.root) else None)
            self._root_rel[real_folder] = None if rel is None else (
                "" if rel == "." else rel + "/")
        return self._root_rel[real_folder]


def _walk(folder: Path, ignores: Ignores) -> list[str]:
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        real = Path(dirpath).resolve()
        posix = Path(dirpath).as_posix()
        shown = "" if posix == "." else posix.rstrip("/") + "/"
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not ignores.excluded_in(real, d, shown + d, is_dir=True))
        for name in sorted(filenames):
            if (name.startswith(".") or not name.lower().endswith(POST_SUFFIXES)
                    or ignores.excluded_in(real, name, shown + name, is_dir=False)):
                continue
            found.append(os.path.normpath(os.path.join(dirpath, name)))
    return found


def collect(args: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The files to check, in order: each named file, then the posts in each folder
    and each glob's matches. Raises :class:`CliError` for a glob that matches nothing
    or a folder with no posts in it."""
    ignores = Ignores(exclude)
    out: list[str] = []
    seen: set[str] = set()

    def keep(path: str) -> None:
        if path not in seen:
            seen.add(path)
            out.append(path)

    for arg in args:
        posts: list[str] = []
        if arg == STDIN:
            keep(arg)
        elif Path(arg).is_dir():
            posts = _walk(Path(arg), ignores)
            if not posts:
                raise CliError(f"{arg}: no {', '.join('*' + s for s in POST_SUFFIXES)} files "
                               "in this folder (or all are ignored)")
            for p in posts:
                keep(p)
        elif is_glob(arg):
            matches = [Path(m) for m in sorted(glob.glob(arg, recursive=True))]
            for m in matches:
                if m.is_dir():
                    posts.extend(_walk(m, ignores))
                elif not ignores.excluded(m, is_dir=False):
                    posts.append(str(m))
            if not posts:
                raise CliError(f"{arg}: no file matches this pattern (or all are ignored)")
            for p in posts:
                keep(p)
        else:
            keep(arg)  # a file named outright is checked, ignored or not (as ruff does)
    return out
