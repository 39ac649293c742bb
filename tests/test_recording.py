"""Record through the loopback stand-in, then replay offline; recordings never hold a secret; damaged or
unsafely named recordings stop with one message that names the file."""

from __future__ import annotations

import re

import openai
import pytest
import yaml
from notebook_code import run_notebook_code

from conftest import FAKE_KEY, REPO, stand_in
from helpers import openai_client
from helpers.errors import RecordingError, SettingError
from tools.stand_in import FAKE_ORGANIZATION, FAKE_PROJECT, FakeOpenAI, Scenario

KEY_SHAPED = re.compile(
    r"sk-[A-Za-z0-9_-]{20,}|Bearer [A-Za-z0-9._-]{8,}|\borg-[A-Za-z0-9]{16,}|\bproj_[A-Za-z0-9]{16,}"
)
NOTEBOOK_03 = REPO / "notebooks" / "03_fine_tuning.ipynb"


@pytest.fixture
def record_to(recordings, monkeypatch):
    """Record mode as the recording command sets it up: into a temporary cassette."""
    target = recordings / "recorded.yaml"
    monkeypatch.setenv("FINETUNE_RECORD_TO", str(target))
    return target


def _record_03(monkeypatch) -> dict:
    monkeypatch.setenv("FINETUNE_MODE", "record")
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "1")
    return run_notebook_code(NOTEBOOK_03, monkeypatch)


def test_recording_scrubs_every_secret(fake_openai: FakeOpenAI, record_to, monkeypatch):
    assert _record_03(monkeypatch)["job"].status == "succeeded"
    sent = fake_openai.requests
    assert any(r["headers"].get("authorization") == f"Bearer {FAKE_KEY}" for r in sent)  # the secrets did travel
    assert any(r["headers"].get("openai-organization") == FAKE_ORGANIZATION for r in sent)
    text = record_to.read_text(encoding="utf-8")
    for secret in (FAKE_KEY, FAKE_ORGANIZATION, FAKE_PROJECT, "fake-session-cookie", "req_fake"):
        assert secret not in text
    assert not KEY_SHAPED.search(text)
    assert "org-scrubbed" in text  # the organisation id inside job bodies was replaced, not dropped


def test_replay_runs_the_recorded_flow_without_network(fake_openai: FakeOpenAI, record_to, monkeypatch):
    recorded = _record_03(monkeypatch)["job"]
    served = len(fake_openai.requests)
    record_to.rename(record_to.with_name("03_fine_tuning.yaml"))
    for variable in ("OPENAI_API_KEY", "FINETUNE_RECORD_TO", "FINETUNE_MODE"):
        monkeypatch.delenv(variable)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/elsewhere/v1")  # another host: still replays
    replayed = run_notebook_code(NOTEBOOK_03, monkeypatch)["job"]
    assert replayed.model_dump(exclude={"organization_id"}) == recorded.model_dump(exclude={"organization_id"})
    assert replayed.organization_id == "org-scrubbed"
    assert len(fake_openai.requests) == served  # nothing reached the server


def test_server_errors_and_rate_limits_are_retried_and_never_recorded(record_to, monkeypatch):
    with stand_in(monkeypatch, Scenario(transient_errors=[503, 429])):
        assert _record_03(monkeypatch)["job"].status == "succeeded"
    cassette = yaml.safe_load(record_to.read_text(encoding="utf-8"))
    codes = [interaction["response"]["status"]["code"] for interaction in cassette["interactions"]]
    assert 503 not in codes and 429 not in codes


def test_cassette_is_saved_after_each_response_not_only_at_exit(fake_openai: FakeOpenAI, record_to):
    openai_client.client("03_fine_tuning", mode="record").fine_tuning.jobs.list(limit=1)
    assert "fine_tuning/jobs" in record_to.read_text(encoding="utf-8")


def test_record_mode_outside_the_recording_command_is_refused(fake_openai, monkeypatch):
    monkeypatch.setenv("FINETUNE_MODE", "record")
    with pytest.raises(SettingError, match=r"helpers\.replay\.record"):
        openai_client.client("03_fine_tuning")


def test_unmatched_request_names_it_and_says_how_to_record(recordings, monkeypatch):
    shipped = (REPO / "data" / "recordings" / "04_evaluation.yaml").read_text(encoding="utf-8")
    (recordings / "04_evaluation.yaml").write_text(shipped, encoding="utf-8")
    client = openai_client.client("04_evaluation")
    with pytest.raises(openai.NotFoundError) as caught:
        client.fine_tuning.jobs.retrieve("ftjob-unknown")
    message = str(caught.value)
    assert "GET /v1/fine_tuning/jobs/ftjob-unknown" in message
    assert "helpers.replay.record" in message and "OPENAI_API_KEY" in message
    assert caught.value.code == "no_recording"


def test_replay_prints_mode_and_provenance(capsys):
    openai_client.client("03_fine_tuning", mode="replay")
    line = capsys.readouterr().out.strip()
    authored_with = yaml.safe_load((REPO / "data/recordings/03_fine_tuning.yaml").read_text())
    # The SDK the recording was authored with, not the one installed today.
    sdk = authored_with["metadata"]["provenance"]["openai_sdk"]
    assert line.startswith("Mode: replay") and "AUTHORED" in line and f"openai {sdk}" in line


def test_live_and_record_need_a_key_and_the_mode_must_be_known(recordings, monkeypatch):
    with pytest.raises(SettingError, match="OPENAI_API_KEY"):
        openai_client.client("03_fine_tuning", mode="live")
    monkeypatch.setenv("FINETUNE_MODE", "dry-run")
    with pytest.raises(SettingError, match="FINETUNE_MODE='dry-run' is not a mode"):
        openai_client.client("03_fine_tuning")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "is missing"),
        (b"interactions:\n- request: {body: '', method: GET, uri: 'http://x/v1/files'", "not valid YAML at line"),
        (b"\x89PNG\r\n\x1a\n\x00\xff binary", "is not text"),
        (b"- just\n- a list\n", "expected a mapping"),
        (b"interactions: []\nversion: 1\n", "no interactions"),
        (
            b"interactions:\n- request: {method: GET, uri: 'http://x/v1/files'}\n  response: {status: {code: 200}}\n",
            "metadata.provenance",
        ),
    ],
    ids=["missing", "truncated", "binary", "not-a-mapping", "empty", "no-provenance"],
)
def test_a_damaged_recording_stops_with_one_message_naming_the_file(recordings, content, why):
    if content is not None:
        (recordings / "03_fine_tuning.yaml").write_bytes(content)
    with pytest.raises(RecordingError, match=why) as caught:
        openai_client.client("03_fine_tuning")
    assert "data/recordings/03_fine_tuning.yaml" in str(caught.value)
    assert "git checkout -- data/recordings/03_fine_tuning.yaml" in str(caught.value)
    assert caught.value._render_traceback_() == [f"RecordingError: {caught.value}"]


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "sub/dir", "..", "", "a" * 80, "x\n"])
def test_recording_names_are_plain_names(project, name):
    with pytest.raises(RecordingError, match="plain name"):
        openai_client.client(name)
    assert not (project.parent / "x.yaml").exists()


def test_shipped_data_holds_no_key_shaped_string():
    offenders = [
        str(path.relative_to(REPO))
        for folder in (REPO / "data", REPO / "notebooks", REPO / "src")
        for path in folder.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and KEY_SHAPED.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
