"""No replayed table, plot or comparison reaches the reader without saying where it came from.

Tables are checked in the executed notebooks (what nbval and `make run` show); figure titles by running
the notebooks' own code in a throw-away project and reading each figure before it is closed.
"""

from __future__ import annotations

import html
import json
import re
import shutil

import matplotlib.pyplot as plt
import pytest
from notebook_code import run_notebook_code

from conftest import REPO
from helpers.messages import CATALOGUE

NOTEBOOKS = REPO / "notebooks"
REPLAYING = ["00_introduction", "03_fine_tuning", "04_evaluation"]
AUTHORED = CATALOGUE["source.authored"]["en"]
# Tables whose content comes from our own code, not from the API, so no recording stands behind them.
NOT_FROM_THE_API = {"OpenAI's wind-down of self-serve fine-tuning: dates and sources"}
CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)


def _outputs(name: str) -> list[dict]:
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return [output for cell in cells if cell["cell_type"] == "code" for output in cell["outputs"]]


def _printed(name: str) -> str:
    return "".join("".join(o.get("text", "")) for o in _outputs(name) if o["output_type"] == "stream")


@pytest.mark.parametrize("name", REPLAYING)
def test_every_replayed_table_is_captioned_with_its_source(name):
    shown = ["".join(o.get("data", {}).get("text/html", "")) for o in _outputs(name)]
    tables = [html_text for html_text in shown if "<table" in html_text]
    assert tables, f"{name} shows no table"
    for table in tables:
        found = CAPTION.search(table)
        assert found, f"{name}: a table without a caption: {table[:200]}"
        caption = html.unescape(found.group(1))
        assert AUTHORED in caption or caption in NOT_FROM_THE_API, f"{name}: {caption}"
    assert any(AUTHORED in CAPTION.search(table).group(1) for table in tables)


@pytest.mark.parametrize("name", ["03_fine_tuning", "04_evaluation"])
def test_comparisons_with_our_estimate_say_the_recording_was_made_from_it(name):
    printed = _printed(name)
    assert "authored from" in printed and "only a live run can confirm" in printed
    assert "(our estimate:" not in printed and "count matches" not in printed


def test_the_base_models_invented_answer_is_labelled_where_it_is_printed():
    printed = _printed("04_evaluation")
    label_line = f"gpt-4o-mini, short prompt — {AUTHORED}:"
    assert label_line in printed
    assert printed.index(label_line) < printed.index("バランスシフト法は")


def test_every_figure_title_names_its_source(project, monkeypatch):
    for recording in ("03_fine_tuning.yaml", "04_evaluation.yaml"):
        shutil.copy(REPO / "data" / "recordings" / recording, project / "data" / "recordings")
    shutil.copytree(REPO / "data" / "generated", project / "data" / "generated")
    titles: dict[str, list[str]] = {}
    for name in ("03_fine_tuning", "04_evaluation"):
        shown = titles.setdefault(name, [])

        def collect(shown=shown) -> None:
            for number in plt.get_fignums():
                figure = plt.figure(number)
                shown.append(" ".join([ax.get_title() for ax in figure.axes] + [figure.get_suptitle()]))

        run_notebook_code(NOTEBOOKS / f"{name}.ipynb", monkeypatch, on_show=collect)
    for name, shown in titles.items():
        assert shown, f"{name} shows no figure"
        assert all(AUTHORED in title for title in shown), (name, shown)
