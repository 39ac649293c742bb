"""Shared fixtures: a throw-away project, and a loopback OpenAI stand-in with the environment pointing at it.

The repository's top-level conftest.py makes the whole run replay, whatever the environment holds.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tools.stand_in import FAKE_ORGANIZATION, FakeOpenAI, Scenario

if TYPE_CHECKING:
    from helpers.fine_tuning import Clock

REPO = Path(__file__).resolve().parents[1]
POST_LISTING = REPO / "tests" / "fixtures" / "post_listing.jsonl"  # the post's 10 JSONL lines, verbatim
FAKE_KEY = "sk-" + "testFAKE" * 4  # key-shaped, assembled so the repository holds no key-shaped literal


def dated_rows(section: str) -> list[list[str]]:
    """The cells of a Markdown table's rows that start with a date, as the README's 2026 tables have them."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if re.match(r"\|\s*\d{4}-\d{2}-\d{2}", line)
    ]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away project root (notebooks/, data/recordings/, the post's training file) for runs that write."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "recordings").mkdir(parents=True)
    shutil.copy(REPO / "data" / "article_train.jsonl", tmp_path / "data")
    monkeypatch.setenv("FINETUNE_PROJECT_ROOT", str(tmp_path))
    monkeypatch.delenv("FINETUNE_MODE")
    return tmp_path


@pytest.fixture
def recordings(project: Path) -> Path:
    """The throw-away project's recordings folder."""
    return project / "data" / "recordings"


def stand_in(monkeypatch: pytest.MonkeyPatch, scenario: Scenario | None = None) -> FakeOpenAI:
    """Start the stand-in and point the SDK at it with a fake key and organisation."""
    fake = FakeOpenAI(scenario, lifetime=60)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", FAKE_ORGANIZATION)
    monkeypatch.setenv("FINETUNE_POLL_SECONDS", "1")  # the minimum: a kernel started by a test polls in real time
    from helpers import fine_tuning  # here, not at the top: pytest's controller process never needs the SDK

    monkeypatch.setattr(fine_tuning, "DEFAULT_CLOCK", instant_clock())  # in-process waits jump ahead instead
    return fake


def instant_clock() -> Clock:
    """A clock whose sleep returns at once and moves its time forward, so waits and wait limits run instantly."""
    from helpers.fine_tuning import Clock

    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    return Clock(now=lambda: now[0], sleep=sleep)


@pytest.fixture
def fake_openai(recordings: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A running stand-in with the environment pointing at it."""
    with stand_in(monkeypatch) as fake:
        yield fake
