"""Where the project's files are: the package is installed in editable mode from the repository."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"


def display_path(path: str | Path) -> str:
    """A path as a reader should see it: relative to the project when inside it, so outputs do not vary by machine."""
    resolved = Path(path).resolve()
    return str(resolved.relative_to(PROJECT_ROOT)) if resolved.is_relative_to(PROJECT_ROOT) else str(path)
