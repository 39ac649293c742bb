"""Shared fixtures: a loopback OpenAI stand-in and a client wired to it in record mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import api
from helpers.fake_openai import FAKE_ORGANIZATION, FakeOpenAI, Scenario

FAKE_KEY = "sk-" + "testFAKE" * 4  # key-shaped, assembled so the repository holds no key-shaped literal


@pytest.fixture
def recordings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Cassettes go to a temporary folder instead of data/recordings."""
    monkeypatch.setattr(api, "RECORDINGS_DIR", tmp_path)
    for variable in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "FINETUNE_MODE",
        "FINETUNE_CONFIRM",
        "FINETUNE_BUDGET_USD",
        "FINETUNE_POLL_SECONDS",
    ):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def stand_in(monkeypatch: pytest.MonkeyPatch, scenario: Scenario | None = None) -> FakeOpenAI:
    """Start the stand-in and point the SDK at it with a fake key and organisation."""
    fake = FakeOpenAI(scenario, lifetime=60)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
    monkeypatch.setenv("OPENAI_ORG_ID", FAKE_ORGANIZATION)
    monkeypatch.setenv("FINETUNE_POLL_SECONDS", "0")
    return fake


@pytest.fixture
def fake_openai(recordings: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A running stand-in with the environment pointing at it."""
    with stand_in(monkeypatch) as fake:
        yield fake
