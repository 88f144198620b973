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

from ._common import STDIN, CliError

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
        """``folder`` and its parents up to the project root (``.git``), deepest first."""
        out = []
        for here in (folder, *folder.parents):
            out.append(here)
            if (here / ".git").exists():
                return out
        return [folder]  # outside a repository: only the folder's own .gitignore files

    def excluded(self, path: Path, *, is_dir: bool) -> bool:
        """Whether ``--exclude`` or a ``.gitignore`` leaves ``path`` out."""
        absolute = path.resolve()
        if self.exclude is not None:
            candidates = [path.as_posix(), path.name]
            if absolute.is_relative_to(self.root):
                candidates.append(absolute.relative_to(self.root).as_posix())
            suffix = "/" if is_dir else ""
            if any(self.exclude.match_file(c + suffix) for c in candidates):
                return True
        for folder in self._git_folders(absolute.parent):
            spec = self._gitignore(folder)
            if spec is None:
                continue
            rel = absolute.relative_to(folder).as_posix() + ("/" if is_dir else "")
            decision = spec.check_file(rel).include
            if decision is not None:
                return bool(decision)
        return False


def _walk(folder: Path, ignores: Ignores) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not ignores.excluded(here / d, is_dir=True))
        for name in sorted(filenames):
            path = here / name
            if (name.startswith(".") or not name.lower().endswith(POST_SUFFIXES)
                    or ignores.excluded(path, is_dir=False)):
                continue
            found.append(path)
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
        if arg == STDIN:
            keep(arg)
        elif Path(arg).is_dir():
            posts = _walk(Path(arg), ignores)
            if not posts:
                raise CliError(f"{arg}: no {', '.join('*' + s for s in POST_SUFFIXES)} files "
                               "in this folder (or all are ignored)")
            for p in posts:
                keep(str(p))
        elif is_glob(arg):
            matches = [Path(m) for m in sorted(glob.glob(arg, recursive=True))]
            posts = []
            for m in matches:
                if m.is_dir():
                    posts.extend(_walk(m, ignores))
                elif not ignores.excluded(m, is_dir=False):
                    posts.append(m)
            if not posts:
                raise CliError(f"{arg}: no file matches this pattern (or all are ignored)")
            for p in posts:
                keep(str(p))
        else:
            keep(arg)  # a file named outright is checked, ignored or not (as ruff does)
    return out
