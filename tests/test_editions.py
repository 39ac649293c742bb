"""The Japanese edition runs the same code as the English one: only what the reader reads may differ.

Each pair of notebooks (notebooks/X.ipynb and notebooks/ja/X.ipynb) must have the same code cells in
the same order, and each pair of cells the same syntax tree once every string constant (f-string text
included) is masked and comments are gone (they never reach the tree). So a label, a title, a printed
sentence or a comment may be translated; a change to the code of one edition alone fails here.
"""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

import pytest

from conftest import REPO

ENGLISH = REPO / "notebooks"
JAPANESE = ENGLISH / "ja"
MASK = "…"


def notebooks(folder: Path) -> set[Path]:
    """Notebooks under `folder`, relative to it (the Japanese folder left out of the English edition)."""
    found = {path.relative_to(folder) for path in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts}
    return {path for path in found if folder != ENGLISH or path.parts[0] != "ja"}


class _MaskText(ast.NodeTransformer):
    """Replace what a reader reads (string constants, the text of f-strings) with one placeholder."""

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant(MASK) if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.JoinedStr:
        # Keep the interpolated values (code); drop the text around them, whose word order differs by language.
        values = [self.visit(value) for value in node.values if isinstance(value, ast.FormattedValue)]
        return ast.JoinedStr(values=sorted(values, key=ast.dump))

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.FormattedValue:
        node.value = self.visit(node.value)
        return node  # the format spec (":.4f") is code: it stays as written


def code_shape(source: str) -> str:
    """The cell's syntax tree with reader-facing text masked, as text to compare."""
    return ast.dump(_MaskText().visit(ast.parse(source)))


def code_cells(notebook: dict) -> list[str]:
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def differences(english: dict, japanese: dict) -> list[str]:
    """Where the two editions' code differs (empty when they agree)."""
    ours, theirs = code_cells(english), code_cells(japanese)
    if len(ours) != len(theirs):
        return [f"{len(ours)} code cells in English, {len(theirs)} in Japanese"]
    return [
        f"code cell {number}: the code differs, not only its text:\n--- en\n{a}\n--- ja\n{b}"
        for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1)
        if code_shape(a) != code_shape(b)
    ]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


PAIRS = sorted(notebooks(ENGLISH) & notebooks(JAPANESE))


def test_every_notebook_exists_in_both_editions():
    assert sorted(notebooks(ENGLISH) - notebooks(JAPANESE)) == [], "English notebooks with no Japanese edition"
    assert sorted(notebooks(JAPANESE) - notebooks(ENGLISH)) == [], "Japanese notebooks with no English edition"


@pytest.mark.parametrize("relative", PAIRS, ids=str)
def test_both_editions_run_the_same_code(relative: Path):
    assert differences(load(ENGLISH / relative), load(JAPANESE / relative)) == []


@pytest.mark.parametrize("relative", PAIRS, ids=str)
def test_the_japanese_edition_is_translated(relative: Path):
    english, japanese = load(ENGLISH / relative), load(JAPANESE / relative)
    prose = [c for c in zip(english["cells"], japanese["cells"], strict=False) if c[0]["cell_type"] == "markdown"]
    untranslated = [i for i, (a, b) in enumerate(prose) if "".join(a["source"]) == "".join(b["source"])]
    assert sum(c["cell_type"] == "markdown" for c in japanese["cells"]) == len(
        [c for c in english["cells"] if c["cell_type"] == "markdown"]
    )
    assert untranslated == []


def test_translated_text_and_comments_pass():
    english = {"cells": [_code('ax.set(title="Shift value")  # the curve\nprint(f"{n} tokens per epoch")')]}
    japanese = {"cells": [_code('ax.set(title="シフト値")  # 曲線\nprint(f"1 エポックあたり {n} トークン")')]}
    assert differences(english, japanese) == []


@pytest.mark.parametrize(
    "change",
    [
        ("analyze(30, 20)", "analyze(30, 21)"),  # a number
        ("figsize=(7, 3.5)", "figsize=(8, 3.5)"),  # an argument
        ('f"{error}"', 'f"{error!r}"'),  # a conversion inside an f-string
    ],
    ids=["number", "argument", "f-string value"],
)
def test_a_code_change_in_one_edition_only_fails(change: tuple[str, str]):
    old, new = change
    source = 'fig, ax = plt.subplots(figsize=(7, 3.5))\nprint(analyze(30, 20), f"{error}")'
    english = {"cells": [_code(source)]}
    japanese = copy.deepcopy(english)
    assert old in source
    japanese["cells"][0]["source"] = [source.replace(old, new)]
    assert differences(english, japanese) != []


def test_a_real_notebook_changed_in_one_edition_only_fails():
    relative = PAIRS[0]
    english, japanese = load(ENGLISH / relative), load(JAPANESE / relative)
    cell = next(c for c in japanese["cells"] if c["cell_type"] == "code")
    cell["source"] = ["".join(cell["source"]) + "\nprint(1)\n"]
    assert differences(english, japanese) != []
    japanese["cells"].remove(cell)
    assert differences(english, japanese) != []


def _code(source: str) -> dict:
    return {"cell_type": "code", "source": [source], "metadata": {}, "outputs": []}
