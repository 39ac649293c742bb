"""Run a notebook's own code cells in-process, fast, so tests exercise the notebook itself rather than a copy."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

REPO = Path(__file__).resolve().parents[1]


def code_cells(notebook: Path) -> list[dict]:
    """The notebook's code cells, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code"]


def run_notebook_code(
    notebook: Path,
    monkeypatch: pytest.MonkeyPatch,
    parameters: dict[str, str] | None = None,
    on_show: Callable[[], None] | None = None,
) -> dict:
    """Execute every code cell in one namespace, lines `NAME = …` of the parameters cell rewritten; return it.

    `plt.show()` closes the figures; `on_show`, if given, is called first, to inspect them.
    """
    matplotlib.use("Agg")

    def show() -> None:
        if on_show is not None:
            on_show()
        plt.close("all")

    monkeypatch.setattr(plt, "show", show)
    monkeypatch.chdir(notebook.parent)
    namespace: dict = {}
    for cell in code_cells(notebook):
        source = "".join(cell["source"])
        if "parameters" in cell["metadata"].get("tags", []):
            for name, value in (parameters or {}).items():
                source, count = re.subn(rf"^{name} = .*$", f"{name} = {value}", source, flags=re.MULTILINE)
                assert count == 1, name
        exec(compile(source, str(notebook), "exec"), namespace)
    return namespace
