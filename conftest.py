"""The test command never goes live: whatever the shell exports, every test and every notebook kernel replays.

This file sits at the top of the repository so pytest loads it for every path it collects (tests/ and
notebooks/ alike). `pytest_configure` runs before any test and before nbval starts a kernel, and kernels
inherit this environment, so a key or FINETUNE_MODE=live exported in the shell can never reach the API.

It also orders the files for `make test`'s two workers: xdist (--dist loadfile --no-loadscope-reorder) hands out
whole files in collection order, so the longest ones go first and the many short ones even out the end.
"""

from __future__ import annotations

import os

import pytest

NEVER_INHERITED = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "FINETUNE_CONFIRM",
    "FINETUNE_BUDGET_USD",
    "FINETUNE_POLL_SECONDS",
    "FINETUNE_MAX_WAIT_MINUTES",
    "FINETUNE_RECORDING_SOURCE",
    "FINETUNE_RECORD_TO",
    "FINETUNE_PROJECT_ROOT",
    "FINETUNE_LANG",
)


# The files that take longest on one worker (pytest --durations), longest first, by name: a notebook's name stands for
# it in every folder (both editions, the solutions). Every other file follows in collection order; only the order
# changes, never what runs.
LONGEST_FIRST = (
    "test_record_command.py",  # two record runs of notebook 03 in a kernel
    "test_safety.py",
    "06_when_it_pays.ipynb",
    "03_fine_tuning.ipynb",
    "04_evaluation.ipynb",
    "test_fine_tuning.py",
    "05_cost_analysis.ipynb",
    "test_cli.py",
    "00_introduction.ipynb",
    "test_install.py",
    "test_tokens.py",
    "01_concept.ipynb",
    "02_dataset.ipynb",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: cells and tests keep their order


def pytest_configure(config: pytest.Config) -> None:
    for variable in NEVER_INHERITED:
        os.environ.pop(variable, None)
    os.environ["FINETUNE_MODE"] = "replay"
