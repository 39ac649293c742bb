"""Where project data lives: recordings, run state and generated data sets, under one root.

The package itself needs no project files (its price table ships inside it). Data that belongs to
the tutorial is found from one root: FINETUNE_PROJECT_ROOT if set, else the nearest folder at or
above the working directory that holds `notebooks/` and `data/recordings/` (a clone of this repository).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import ProjectNotFound
from .messages import say
from .settings import PROJECT_ROOT as ROOT_VARIABLE
from .settings import project_root_value

MARKERS = ("notebooks", "data/recordings")


def _is_root(folder: Path) -> bool:
    return all((folder / marker).is_dir() for marker in MARKERS)


def _markers() -> str:
    return say("project.and").join(marker + "/" for marker in MARKERS)


def project_root() -> Path:
    """The project folder; ProjectNotFound says how to point to it."""
    configured = project_root_value()
    if configured:
        folder = Path(configured).expanduser().resolve()
        if not _is_root(folder):
            raise ProjectNotFound(
                say("project.not_the_root", variable=ROOT_VARIABLE, value=configured, markers=_markers())
            )
        return folder
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    raise ProjectNotFound(say("project.not_found", here=here, markers=_markers(), variable=ROOT_VARIABLE))


def data_dir() -> Path:
    """The project's data folder: the post's training file, generated sets, recordings and runs."""
    return project_root() / "data"


def display_path(path: str | Path) -> str:
    """A path as a reader should see it: relative to the project when inside it, so outputs do not vary by machine."""
    resolved = Path(path).resolve()
    try:
        root = project_root()
    except ProjectNotFound:
        return str(path)
    return str(resolved.relative_to(root)) if resolved.is_relative_to(root) else str(path)


def write_beside(path: Path, text: str) -> None:
    """Write a whole file atomically: a temporary file beside it, then renamed over it.

    The rename replaces a symlink at `path` itself, so whatever it pointed at is never written through,
    and an interrupted or failed run (a full disk, Ctrl-C) leaves the old file and no temporary one, never half a
    new one. A write error names `path`, which the reader chose, not the temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as f:
            partial = Path(f.name)
            f.write(text)
        partial.chmod(_mode_for(path))  # the temporary file is private (0600); the new one keeps what the old one had
        os.replace(partial, path)
    except BaseException as error:
        if partial is not None:
            partial.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename in (None, str(partial)):
            error.filename = str(path)
        raise


def _mode_for(path: Path) -> int:
    """The permissions `path` has now, or those a plain write would give a new file (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read it: set it, then put it back at once
        os.umask(umask)
        return 0o666 & ~umask
