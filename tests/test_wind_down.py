"""The wind-down dates speak the reader's language, and the notebooks print them from helpers.wind_down."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO
from helpers.messages import CATALOGUE
from helpers.wind_down import MILESTONES, job_creation_summary, retirement, timeline

MILESTONE_DATES = {m.date.isoformat() for m in MILESTONES}


def test_reported_dates_say_so_and_official_ones_do_not():
    for row, milestone in zip(timeline(), MILESTONES, strict=True):
        assert row["what"].endswith("(reported)") == milestone.reported
    assert retirement("gpt-4o-mini-2024-07-18") == "reported to shut down 2027-01-14"
    assert retirement("gpt-4.1-nano-2025-04-14") == "retired 2026-10-23"
    assert retirement("gpt-3.5-turbo") is None


def test_the_japanese_edition_states_the_same_dates(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    summary = job_creation_summary()
    for milestone in MILESTONES[:2] + MILESTONES[3:4]:
        assert milestone.date.isoformat() in summary
        assert CATALOGUE[f"wind_down.{milestone.key}"]["ja"] in summary
    assert [row["date"] for row in timeline()] == sorted(MILESTONE_DATES)
    assert timeline()[-1]["what"].endswith(CATALOGUE["wind_down.reported_mark"]["ja"])
    assert "2027-01-14" in retirement("gpt-4o-mini-2024-07-18")


@pytest.mark.parametrize("name", ["00_introduction", "03_fine_tuning"])
def test_the_notebooks_print_the_dates_from_the_helper_and_type_no_others(name):
    cells = json.loads((REPO / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    printed = "".join(
        "".join(output.get("text", "")) for cell in cells if cell["cell_type"] == "code" for output in cell["outputs"]
    )
    assert job_creation_summary() in printed
    markdown = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
    assert set(re.findall(r"\b202[6-9]-\d{2}-\d{2}\b", markdown)) <= MILESTONE_DATES
