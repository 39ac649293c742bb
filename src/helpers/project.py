"""Where project data lives: recordings, run state and generated data sets, under one root.

The package itself needs no project files (its price table ships inside it). Data that belongs to
the tutorial is found from one root: FINETUNE_PROJECT_ROOT if set, else the nearest folder at or
above the working directory that holds `notebooks/` and `data/recordings/` (a clone of this repository).
"""

from __future__ import annotations

import os
import secrets
import stat
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

    A failed or interrupted write (a full disk, Ctrl-C) leaves the old file and no temporary one, never half a new
    one. The new file keeps the old one's permissions; a first one gets 0666 less the umask, as with open(). A symlink
    at `path` is replaced, so a file it points at is never written through, but a stream that `path` is or points at
    (a pipe, a terminal, /dev/null, /dev/stdout) is written into, as whoever names one expects. Errors name `path`,
    or its folder when that refuses the temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        before: os.stat_result | None = path.stat()
    except OSError:  # no file yet, or a symlink that leads nowhere: replaced like a missing file
        before = None
    if before is not None and (stat.S_ISFIFO(before.st_mode) or stat.S_ISCHR(before.st_mode)):
        try:
            with path.open("w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:  # /dev/full says so at the write, with no file name of its own
            error.filename = error.filename or str(path)
            raise
        return
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        error.filename = str(path.parent)  # the folder refused a new file beside `path`
        raise
    try:
        with open(descriptor, "w", encoding="utf-8") as written:
            written.write(text)
        if before is not None:
            os.chmod(partial, stat.S_IMODE(before.st_mode))
        os.replace(partial, path)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename in (None, str(partial)):
            error.filename = str(path)
        raise
