"""Live-mode safety, run through notebook 03's own cells against the stand-in: the cost guard, one job per
dataset even for two runs at once, a failed job, polling that survives errors, and explained API errors."""

from __future__ import annotations

import base64
import contextlib
import threading

import openai
import pytest
from notebook_code import run_notebook_code

from conftest import REPO, stand_in
from helpers import openai_client
from helpers.errors import ExplainedError, SettingError
from helpers.fine_tuning import (
    CostNotApproved,
    JobDidNotSucceed,
    approve_training_cost,
    one_job_at_a_time,
    wait_for_job,
)
from helpers.live_errors import explain
from helpers.tokens import TrainingEstimate
from helpers.training_results import read_result_csv
from tools.stand_in import FakeOpenAI, Scenario

NOTEBOOK = REPO / "notebooks" / "03_fine_tuning.ipynb"


def _run_03(monkeypatch, **environment: str) -> dict:
    monkeypatch.setenv("FINETUNE_MODE", "live")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return run_notebook_code(NOTEBOOK, monkeypatch)


def _paid_calls(fake: FakeOpenAI) -> tuple[int, int]:
    posts = [r["path"] for r in fake.requests if r["method"] == "POST"]
    return posts.count("/v1/files"), posts.count("/v1/fine_tuning/jobs")


@pytest.mark.parametrize(
    ("environment", "why"),
    [
        ({}, "say yes"),
        ({"FINETUNE_CONFIRM": "yes"}, "budget"),
        ({"FINETUNE_CONFIRM": "yes", "FINETUNE_BUDGET_USD": "0.001"}, "above the budget"),
    ],
)
def test_cost_guard_refuses_and_spends_nothing(fake_openai: FakeOpenAI, monkeypatch, environment, why):
    with pytest.raises(CostNotApproved, match=why):
        _run_03(monkeypatch, **environment)
    assert _paid_calls(fake_openai) == (0, 0)


@pytest.mark.parametrize("budget", ["nan", "inf", "-1", "0", "1e3", "0x10", "$1", "1,5", " "])
def test_a_budget_that_is_not_a_plain_positive_decimal_stops_before_any_request(fake_openai, monkeypatch, budget):
    expected = SettingError if budget.strip() else CostNotApproved  # blank is "no budget set"
    with pytest.raises(expected, match="FINETUNE_BUDGET_USD" if budget.strip() else "budget"):
        _run_03(monkeypatch, FINETUNE_CONFIRM="yes", FINETUNE_BUDGET_USD=budget)
    assert _paid_calls(fake_openai) == (0, 0)


@pytest.mark.parametrize("budget", [float("nan"), float("inf"), -1.0, 0, True, "1"])
def test_a_budget_argument_must_be_finite_and_positive(fake_openai, budget):
    client = openai_client.client("03_fine_tuning", mode="live")
    with pytest.raises(CostNotApproved, match="budget_usd"):
        approve_training_cost(client, TrainingEstimate([115] * 10, 10), "gpt-4o-mini", confirm=True, budget_usd=budget)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("FINETUNE_POLL_SECONDS", "soon"), ("FINETUNE_POLL_SECONDS", "99999"), ("FINETUNE_CONFIRM", "y")],
)
def test_a_bad_setting_stops_at_the_first_cell_before_anything_is_paid(fake_openai, monkeypatch, variable, value):
    with pytest.raises(SettingError, match=variable):
        _run_03(monkeypatch, **{"FINETUNE_CONFIRM": "yes", "FINETUNE_BUDGET_USD": "0.50", variable: value})
    assert fake_openai.requests == []


def test_cost_guard_reads_the_environment_and_the_job_succeeds(fake_openai, monkeypatch, capsys):
    run = _run_03(monkeypatch, FINETUNE_CONFIRM="yes", FINETUNE_BUDGET_USD="0.50")
    assert run["job"].status == "succeeded"
    assert "Estimated training cost: $" in capsys.readouterr().out
    assert _paid_calls(fake_openai) == (1, 1)


def test_rerun_reuses_the_job_instead_of_paying_again(fake_openai, monkeypatch, capsys):
    first = _run_03(monkeypatch, FINETUNE_CONFIRM="yes", FINETUNE_BUDGET_USD="0.50")["job"]
    monkeypatch.delenv("FINETUNE_CONFIRM")  # no approval needed: nothing new is bought
    second = _run_03(monkeypatch)["job"]
    assert second.id == first.id
    assert _paid_calls(fake_openai) == (1, 1)
    assert f"Reusing job {first.id}" in capsys.readouterr().out


def test_two_runs_at_once_create_one_job(fake_openai, monkeypatch):
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "0.50")
    client = openai_client.client("03_fine_tuning", mode="live")
    inside, created = threading.Barrier(2, timeout=10), []

    def find_or_create() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            inside.wait()  # both runs reach the lock together
        with one_job_at_a_time(client, "f" * 64, "gpt-4o-mini-2024-07-18"):
            jobs = client.fine_tuning.jobs.list(metadata={"dataset_sha256": "f" * 64}).data
            if not jobs:
                created.append(
                    client.fine_tuning.jobs.create(
                        model="gpt-4o-mini-2024-07-18",
                        training_file=_upload(client),
                        metadata={"dataset_sha256": "f" * 64},
                    )
                )

    runs = [threading.Thread(target=find_or_create) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=30)
    assert len(created) == 1
    assert _paid_calls(fake_openai)[1] == 1


def _upload(client: openai.OpenAI) -> str:
    with (REPO / "data" / "article_train.jsonl").open("rb") as handle:
        return client.files.create(file=handle, purpose="fine-tune").id


def test_failed_job_is_shown_cleanly(recordings, monkeypatch):
    with (
        stand_in(monkeypatch, Scenario(outcome="failed")),
        pytest.raises(JobDidNotSucceed, match="ended failed — invalid_training_file: The job failed"),
    ):
        _run_03(monkeypatch, FINETUNE_CONFIRM="yes", FINETUNE_BUDGET_USD="0.50")


def test_polling_retries_errors_itself_and_keeps_the_job(recordings, monkeypatch, capsys):
    with stand_in(monkeypatch, Scenario(transient_errors=[503, 429, 503])):
        client = openai_client.client("03_fine_tuning", mode="live", max_retries=0)  # every error reaches our loop
        job = client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=_upload(client))
        assert wait_for_job(client, job.id).status == "succeeded"
    retried = [line.split()[0] for line in capsys.readouterr().out.splitlines() if f"while polling {job.id}" in line]
    assert retried == ["InternalServerError", "RateLimitError", "InternalServerError"]


def test_refused_job_creation_in_2026_is_explained_with_dates(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(refuse_training=True)), pytest.raises(openai.PermissionDeniedError) as caught:
        _run_03(monkeypatch, FINETUNE_CONFIRM="yes", FINETUNE_BUDGET_USD="0.50")
    text = explain(caught.value)
    assert text is not None
    assert "2026-05-07" in text and "2027-01-06" in text and "FINETUNE_MODE=replay" in text


def test_result_file_is_read_base64_or_plain():
    csv = b"step,train_loss\n1,0.5\n2,0.25\n"
    assert read_result_csv(csv)["train_loss"].tolist() == [0.5, 0.25]
    assert read_result_csv(base64.b64encode(csv))["step"].tolist() == [1, 2]
    with pytest.raises(ValueError, match="neither CSV"):
        read_result_csv(b"\xff\xfe not csv")


def test_polling_gives_up_with_the_job_id_after_repeated_errors(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(transient_errors=[503] * 20)):
        client = openai_client.client("03_fine_tuning", mode="live", max_retries=0)
        job = client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=_upload(client))
        with pytest.raises(ExplainedError, match=rf"call wait_for_job\(client, '{job.id}'\) again"):
            wait_for_job(client, job.id)
