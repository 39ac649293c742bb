"""The test command never goes live: whatever the shell exports, every test and every notebook kernel replays.

This file sits at the top of the repository so pytest loads it for every path it collects (tests/ and
notebooks/ alike). `pytest_configure` runs before any test and before nbval starts a kernel, and kernels
inherit this environment, so a key or FINETUNE_MODE=live exported in the shell can never reach the API.
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


def pytest_configure(config: pytest.Config) -> None:
    for variable in NEVER_INHERITED:
        os.environ.pop(variable, None)
    os.environ["FINETUNE_MODE"] = "replay"
