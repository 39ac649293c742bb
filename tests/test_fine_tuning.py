"""Live-mode safety: the cost guard, job reuse on re-run, a failed job, polling that survives errors."""

from __future__ import annotations

import base64

import pytest
from conftest import stand_in
from flow import run_flow

from helpers import api
from helpers.fake_openai import FakeOpenAI, Scenario
from helpers.fine_tuning import CostNotApproved, JobDidNotSucceed, ensure_succeeded, read_result_csv


def _job_creations(fake: FakeOpenAI) -> int:
    return sum(1 for r in fake.requests if r["method"] == "POST" and r["path"] == "/v1/fine_tuning/jobs")


@pytest.mark.parametrize(
    ("approval", "why"),
    [({}, "say yes"), ({"confirm": True}, "budget"), ({"confirm": True, "budget_usd": 0.001}, "above the budget")],
)
def test_cost_guard_refuses_and_spends_nothing(fake_openai: FakeOpenAI, approval, why):
    client = api.client("guard", mode="live")
    with pytest.raises(CostNotApproved, match=why):
        run_flow(client, **approval)
    assert _job_creations(fake_openai) == 0
    assert not any(r["path"] == "/v1/files" for r in fake_openai.requests)


def test_cost_guard_reads_the_environment(fake_openai: FakeOpenAI, monkeypatch, capsys):
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "0.50")
    job = run_flow(api.client("guard", mode="live"))
    assert job.status == "succeeded"
    assert "Estimated training cost: $" in capsys.readouterr().out


def test_rerun_reuses_the_job_instead_of_paying_again(fake_openai: FakeOpenAI, capsys):
    client = api.client("rerun", mode="live")
    first = run_flow(client, confirm=True, budget_usd=1.0)
    second = run_flow(client)  # no approval needed: nothing new is bought
    assert second.id == first.id
    assert _job_creations(fake_openai) == 1
    assert f"Reusing job {first.id}" in capsys.readouterr().out


def test_failed_job_is_shown_cleanly(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(outcome="failed")):
        job = run_flow(api.client("failed", mode="live"), confirm=True, budget_usd=1.0)
    assert job.status == "failed"
    with pytest.raises(JobDidNotSucceed, match="ended failed — invalid_training_file: The job failed"):
        ensure_succeeded(job)


def test_polling_retries_errors_itself_and_keeps_the_job(recordings, monkeypatch, capsys):
    with stand_in(monkeypatch, Scenario(transient_errors=[503, 429, 503])):
        job = run_flow(api.client("flaky", mode="live", max_retries=0), confirm=True, budget_usd=1.0)
    assert job.status == "succeeded"
    out = capsys.readouterr().out
    assert "RateLimitError while polling ftjob-authored0001" in out
    assert "InternalServerError while polling ftjob-authored0001" in out


def test_polling_gives_up_with_the_job_id_after_repeated_errors(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(transient_errors=[503] * 20)):
        client = api.client("down", mode="live", max_retries=0)
        with pytest.raises(RuntimeError, match=r"call wait_for_job\(client, 'ftjob-authored0001'\) again"):
            run_flow(client, confirm=True, budget_usd=1.0)


def test_result_file_is_read_base64_or_plain():
    csv = b"step,train_loss\n1,0.5\n2,0.25\n"
    assert read_result_csv(csv)["train_loss"].tolist() == [0.5, 0.25]
    assert read_result_csv(base64.b64encode(csv))["step"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="neither CSV"):
        read_result_csv(b"\xff\xfe not csv")
