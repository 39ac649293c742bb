"""Plots of the Japanese edition show their Japanese text: no glyph is missing from the font matplotlib uses.

A missing glyph is drawn as an empty box and matplotlib warns "Glyph … missing from font(s)". The notebooks
run in-process from notebooks/ja/, as a kernel started there would, with every figure rendered.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest
from notebook_code import run_notebook_code

import helpers
from conftest import REPO

JAPANESE = REPO / "notebooks" / "ja"
PLOTTING = sorted(path for path in JAPANESE.rglob("*.ipynb") if "plt." in path.read_text(encoding="utf-8"))


def draw_open_figures() -> None:
    """Render every open figure, as the inline backend does: glyphs are looked up only when text is drawn."""
    for number in plt.get_fignums():
        plt.figure(number).canvas.draw()


def missing_glyphs(run: Callable[[], object]) -> list[str]:
    """The glyph warnings matplotlib gives while `run` renders, with rcParams restored afterwards."""
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
        plt.close("all")
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


@pytest.mark.parametrize("notebook", PLOTTING, ids=lambda path: str(path.relative_to(JAPANESE)))
def test_japanese_notebooks_render_every_glyph(notebook: Path, monkeypatch: pytest.MonkeyPatch):
    def run() -> None:
        monkeypatch.chdir(notebook.parent)
        importlib.reload(helpers)  # what a kernel started in notebooks/ja/ does on its first import of helpers
        run_notebook_code(notebook, monkeypatch, on_show=draw_open_figures)
        draw_open_figures()  # figures a cell left open, which the inline backend shows at the cell's end

    assert missing_glyphs(run) == []


def test_a_japanese_title_without_the_japanese_font_is_caught():
    def run() -> None:
        matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
        fig, ax = plt.subplots()
        ax.set_title("シフト値の推移")
        fig.canvas.draw()

    assert any("missing from font" in message for message in missing_glyphs(run))


def test_there_are_japanese_plots_to_check():
    assert len(PLOTTING) >= 1
