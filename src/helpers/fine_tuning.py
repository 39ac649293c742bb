"""The fine-tuning flow's safety and bookkeeping: cost approval, job reuse, polling, events and results."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import openai
import pandas as pd
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent

from .api import session_of
from .paths import DATA_DIR, display_path
from .prices import training_cost_usd
from .tokens import TrainingEstimate

CONFIRM_VARIABLE = "FINETUNE_CONFIRM"  # must be "yes" before a paid job starts
BUDGET_VARIABLE = "FINETUNE_BUDGET_USD"  # the most a job may cost
POLL_VARIABLE = "FINETUNE_POLL_SECONDS"  # seconds between status checks when not replaying (default 15)
TERMINAL = ("succeeded", "failed", "cancelled")
RETRIED = (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError, openai.InternalServerError)
RUNS_DIR = DATA_DIR / "runs"


class CostNotApproved(RuntimeError):
    """A paid job was not started: no explicit yes, no budget, or over the budget."""


class JobDidNotSucceed(RuntimeError):
    """The job ended failed or cancelled."""


def dataset_sha256(path: str | Path) -> str:
    """The training file's sha256, stored in the job's metadata so a re-run finds the job again."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def find_existing_job(client: openai.OpenAI, sha256: str, model: str) -> FineTuningJob | None:
    """A job for the same dataset and model that did not fail: reuse it instead of paying again."""
    jobs = client.fine_tuning.jobs.list(metadata={"dataset_sha256": sha256}, limit=20)
    for job in jobs.data:
        if job.model == model and job.status not in ("failed", "cancelled"):
            print(f"Reusing job {job.id} ({job.status}) for this dataset; no new job is started.")
            return job
    return None


def approve_training_cost(
    client: openai.OpenAI,
    estimate: TrainingEstimate,
    model: str,
    confirm: bool | None = None,
    budget_usd: float | None = None,
) -> float:
    """Show the estimated cost; unless replaying, require an explicit yes and a budget that covers it."""
    cost = training_cost_usd(estimate.trained_tokens, model)
    print(
        f"Estimated training cost: ${cost:.4f} ({estimate.trained_tokens} trained tokens = "
        f"{estimate.tokens_per_epoch} per epoch × {estimate.epochs} epochs, {model})."
    )
    if session_of(client).mode == "replay":
        print("Replay mode: nothing is sent to OpenAI and nothing is billed.")
        return cost
    confirm = confirm if confirm is not None else os.environ.get(CONFIRM_VARIABLE, "").lower() == "yes"
    budget = budget_usd if budget_usd is not None else _budget_from_environment()
    if not confirm:
        raise CostNotApproved(f"Not started: say yes explicitly (confirm=True or {CONFIRM_VARIABLE}=yes).")
    if budget is None:
        raise CostNotApproved(f"Not started: set a budget ceiling (budget_usd=… or {BUDGET_VARIABLE}=…).")
    if cost > budget:
        raise CostNotApproved(f"Not started: the estimate ${cost:.4f} is above the budget ${budget:.4f}.")
    print(f"Approved: within the budget of ${budget:.4f}.")
    return cost


def _budget_from_environment() -> float | None:
    value = os.environ.get(BUDGET_VARIABLE)
    if not value:
        return None
    try:
        return float(value)
    except ValueError as error:
        raise CostNotApproved(f"{BUDGET_VARIABLE}={value!r} is not a number of dollars") from error


def wait_for_job(
    client: openai.OpenAI,
    job_id: str,
    poll_seconds: float | None = None,
    max_retries: int = 8,
    sleep: Callable[[float], None] = time.sleep,
) -> FineTuningJob:
    """Poll until the job ends, printing each new status; network errors and rate limits back off and retry."""
    replaying = session_of(client).mode == "replay"
    pause = (lambda seconds: None) if replaying else sleep
    if poll_seconds is None:
        poll_seconds = float(os.environ.get(POLL_VARIABLE, "15"))
    last_status, failures = None, 0
    while True:
        try:
            job = client.fine_tuning.jobs.retrieve(job_id)
        except RETRIED as error:
            failures += 1
            if failures > max_retries:
                raise RuntimeError(
                    f"Gave up polling job {job_id} after {max_retries} retries; it may still be "
                    f"running: call wait_for_job(client, {job_id!r}) again."
                ) from error
            wait = min(300.0, poll_seconds * 2**failures)
            print(f"  {type(error).__name__} while polling {job_id}; retrying in {wait:.0f} s")
            pause(wait)
            continue
        failures = 0
        if job.status != last_status:
            print(f"  {job_id}: {job.status}")
            last_status = job.status
        if job.status in TERMINAL:
            return job
        pause(poll_seconds)


def ensure_succeeded(job: FineTuningJob) -> FineTuningJob:
    """Return the job if it succeeded; otherwise show its error and stop with JobDidNotSucceed."""
    if job.status == "succeeded":
        print(f"Fine-tuned model: {job.fine_tuned_model} (trained tokens: {job.trained_tokens})")
        return job
    reason = f"{job.error.code}: {job.error.message}" if job.error else "no error was reported"
    raise JobDidNotSucceed(
        f"Job {job.id} ended {job.status} — {reason}. Nothing below can run; fix the cause "
        "(for a file error run `python -m helpers validate FILE`) and re-run the notebook."
    )


def events_frame(events: Iterable[FineTuningJobEvent]) -> pd.DataFrame:
    """The job's event log, oldest first, as a table."""
    rows = [
        {
            "time (UTC)": pd.Timestamp(e.created_at, unit="s", tz="UTC").strftime("%Y-%m-%d %H:%M"),
            "level": e.level,
            "type": e.type,
            "message": e.message,
        }
        for e in sorted(events, key=lambda e: e.created_at)
    ]
    return pd.DataFrame(rows)


def read_result_csv(content: bytes) -> pd.DataFrame:
    """Per-step metrics from a job's result file (OpenAI serves it base64-encoded; plain CSV is accepted too)."""
    text = content.decode("utf-8", errors="replace")
    if not text.startswith("step,"):
        try:
            text = base64.b64decode(content, validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise ValueError("the result file is neither CSV nor base64-encoded CSV") from error
    return pd.read_csv(io.StringIO(text))


def _run_file(client: openai.OpenAI) -> Path:
    group = "live" if session_of(client).mode == "live" else "replay"
    return RUNS_DIR / group / "fine_tuned_model.json"


def save_fine_tuned_model(client: openai.OpenAI, job: FineTuningJob) -> Path:
    """Keep the fine-tuned model id where notebook 04 finds it (replay and live runs kept apart)."""
    path = _run_file(client)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"job_id": job.id, "fine_tuned_model": job.fine_tuned_model, "base_model": job.model}
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"Saved the model id to {display_path(path)}")
    return path


def load_fine_tuned_model(client: openai.OpenAI) -> str:
    """The fine-tuned model id notebook 03 saved for this client's mode."""
    path = _run_file(client)
    if not path.exists():
        raise FileNotFoundError(f"{display_path(path)} does not exist: run notebook 03 in the same mode first.")
    return json.loads(path.read_text(encoding="utf-8"))["fine_tuned_model"]
