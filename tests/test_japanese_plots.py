"""Plots of the Japanese edition show their Japanese text: no glyph is missing from the font matplotlib uses.

A missing glyph is drawn as an empty box and matplotlib warns "Glyph … missing from font(s)"; in a kernel the warning
becomes a stderr output of the cell that drew the figure. nbval executes every notebook once and compares each cell's
outputs, stderr included, with the committed ones: so a committed Japanese notebook free of such warnings, with its
figures, is one whose fresh run draws every glyph.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

from conftest import REPO

JAPANESE = REPO / "notebooks" / "ja"
PLOTTING = sorted(path for path in JAPANESE.rglob("*.ipynb") if "plt." in path.read_text(encoding="utf-8"))
MISSING = "missing from font"


def _outputs(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [output for cell in cells if cell["cell_type"] == "code" for output in cell["outputs"]]


@pytest.mark.parametrize("notebook", PLOTTING, ids=lambda path: str(path.relative_to(JAPANESE)))
def test_japanese_notebooks_render_every_glyph(notebook: Path):
    outputs = _outputs(notebook)
    assert any("image/png" in output.get("data", {}) for output in outputs), "no figure stored: nothing was checked"
    warned = [output for output in outputs if output.get("name") == "stderr" and MISSING in "".join(output["text"])]
    assert warned == []


def test_a_japanese_title_without_the_japanese_font_is_caught():
    """The warning text the test above looks for is the one matplotlib gives when the font lacks a glyph."""
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
        fig, ax = plt.subplots()
        ax.set_title("シフト値の推移")
        fig.canvas.draw()
        plt.close("all")
    assert any(MISSING in str(w.message) for w in caught)


def test_there_are_japanese_plots_to_check():
    assert len(PLOTTING) >= 1
