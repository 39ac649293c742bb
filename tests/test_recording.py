"""Record through the loopback stand-in, then replay offline; recordings never hold a secret."""

from __future__ import annotations

import re

import openai
import pytest
import yaml
from conftest import FAKE_KEY, stand_in
from flow import run_flow

from helpers import api
from helpers.fake_openai import FAKE_ORGANIZATION, FAKE_PROJECT, FakeOpenAI, Scenario
from helpers.paths import DATA_DIR

KEY_SHAPED = re.compile(
    r"sk-[A-Za-z0-9_-]{20,}|Bearer [A-Za-z0-9._-]{8,}|\borg-[A-Za-z0-9]{16,}|\bproj_[A-Za-z0-9]{16,}"
)


def test_recording_scrubs_every_secret(fake_openai: FakeOpenAI, recordings):
    job = run_flow(api.client("flow", mode="record"), confirm=True, budget_usd=1.0)
    assert job.status == "succeeded"
    sent = fake_openai.requests
    assert any(r["headers"].get("authorization") == f"Bearer {FAKE_KEY}" for r in sent)  # the secrets did travel
    assert any(r["headers"].get("openai-organization") == FAKE_ORGANIZATION for r in sent)
    text = (recordings / "flow.yaml").read_text(encoding="utf-8")
    for secret in (FAKE_KEY, FAKE_ORGANIZATION, FAKE_PROJECT, "fake-session-cookie", "req_fake"):
        assert secret not in text
    assert not KEY_SHAPED.search(text)
    assert "org-scrubbed" in text  # the organisation id inside job bodies was replaced, not dropped


def test_replay_runs_the_recorded_flow_without_network(fake_openai: FakeOpenAI, recordings, monkeypatch):
    recorded = run_flow(api.client("flow", mode="record"), confirm=True, budget_usd=1.0)
    served = len(fake_openai.requests)
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/elsewhere/v1")  # another host: still replays
    replayed = run_flow(api.client("flow"))
    assert replayed.model_dump(exclude={"organization_id"}) == recorded.model_dump(exclude={"organization_id"})
    assert replayed.organization_id == "org-scrubbed"
    assert len(fake_openai.requests) == served  # nothing reached the server


def test_server_errors_and_rate_limits_are_retried_and_never_recorded(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(transient_errors=[503, 429])):
        job = run_flow(api.client("flaky", mode="record"), confirm=True, budget_usd=1.0)
    assert job.status == "succeeded"
    cassette = yaml.safe_load((recordings / "flaky.yaml").read_text(encoding="utf-8"))
    codes = [interaction["response"]["status"]["code"] for interaction in cassette["interactions"]]
    assert 503 not in codes and 429 not in codes


def test_cassette_is_saved_after_each_response_not_only_at_exit(fake_openai: FakeOpenAI, recordings):
    client = api.client("partial", mode="record")
    client.fine_tuning.jobs.list(limit=1)
    assert "fine_tuning/jobs" in (recordings / "partial.yaml").read_text(encoding="utf-8")


def test_unmatched_request_names_it_and_says_how_to_record(recordings, capsys):
    (recordings / "empty.yaml").write_text("interactions: []\nversion: 1\n", encoding="utf-8")
    client = api.client("empty")
    with pytest.raises(openai.NotFoundError) as caught:
        client.fine_tuning.jobs.retrieve("ftjob-unknown")
    message = str(caught.value)
    assert "GET /v1/fine_tuning/jobs/ftjob-unknown" in message
    assert "FINETUNE_MODE=record" in message and "OPENAI_API_KEY" in message
    assert caught.value.code == "no_recording"


def test_replay_prints_mode_and_provenance(fake_openai: FakeOpenAI, recordings, monkeypatch, capsys):
    monkeypatch.setenv("FINETUNE_RECORDING_SOURCE", "authored")
    api.client("flow", mode="record").fine_tuning.jobs.list(limit=1)
    capsys.readouterr()
    api.client("flow", mode="replay")
    line = capsys.readouterr().out.strip()
    assert line.startswith("Mode: replay") and "AUTHORED" in line and openai.__version__ in line


def test_live_and_record_need_a_key(recordings):
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        api.resolve_mode("live")
    with pytest.raises(ValueError, match="unknown mode"):
        api.resolve_mode("dry-run")
    assert api.resolve_mode() == "replay"


def test_shipped_data_holds_no_key_shaped_string():
    offenders = [
        str(path.relative_to(DATA_DIR))
        for path in DATA_DIR.rglob("*")
        if path.is_file() and KEY_SHAPED.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
