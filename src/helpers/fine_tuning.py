"""The fine-tuning flow's safety: cost approval, one job per dataset and model, polling and the outcome.

Anything that spends money shows its estimated cost first, needs an explicit yes and a finite budget,
and is never done twice: a lock per dataset and model makes two simultaneous runs share one job.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import openai
from filelock import FileLock, Timeout
from openai.types.fine_tuning import FineTuningJob

from . import settings
from .costs import training_cost_usd
from .errors import ExplainedError
from .openai_client import session_of
from .project import data_dir
from .tokens import TrainingEstimate

TERMINAL = ("succeeded", "failed", "cancelled")
RETRIED = (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError, openai.InternalServerError)
LOCK_TIMEOUT_SECONDS = 600


class CostNotApproved(ExplainedError, RuntimeError):
    """A paid job was not started: no explicit yes, no budget, or over the budget."""


class JobDidNotSucceed(ExplainedError, RuntimeError):
    """The job ended failed or cancelled."""


def dataset_sha256(path: str | Path) -> str:
    """The training file's sha256, stored in the job's metadata so a re-run finds the job again."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def runs_dir(client: openai.OpenAI) -> Path:
    """Where this mode keeps run state (replay, live and record runs apart)."""
    return data_dir() / "runs" / session_of(client).mode


@contextmanager
def one_job_at_a_time(client: openai.OpenAI, sha256: str, model: str) -> Iterator[None]:
    """Hold a lock per dataset and model while finding or creating the job, so two runs never create two."""
    folder = runs_dir(client)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / f"job-{model}-{sha256[:16]}.lock")
    try:
        with lock.acquire(timeout=LOCK_TIMEOUT_SECONDS):
            yield
    except Timeout:
        raise ExplainedError(
            f"Another run has held {lock.lock_file} for {LOCK_TIMEOUT_SECONDS} s while creating a job for this "
            "dataset; wait for it to finish, then run this cell again (it will reuse that job)."
        ) from None


def find_existing_job(client: openai.OpenAI, sha256: str, model: str) -> FineTuningJob | None:
    """A job for the same dataset and model that did not fail: reuse it instead of paying again."""
    jobs = client.fine_tuning.jobs.list(metadata={"dataset_sha256": sha256}, limit=20)
    for job in jobs.data:
        if job.model == model and job.status not in ("failed", "cancelled"):
            print(f"Reusing job {job.id} ({job.status}) for this dataset; no new job is started.")
            return job
    return None


def _checked_budget(budget_usd: float | Decimal | None) -> Decimal | None:
    if budget_usd is None:
        return settings.budget_usd()
    if isinstance(budget_usd, bool) or not isinstance(budget_usd, (int, float, Decimal)):
        raise CostNotApproved(f"budget_usd={budget_usd!r} is not a number of dollars.")
    if not math.isfinite(budget_usd) or budget_usd <= 0:
        raise CostNotApproved(f"budget_usd={budget_usd!r} must be a finite number of dollars above 0.")
    return Decimal(repr(budget_usd)) if isinstance(budget_usd, float) else Decimal(budget_usd)


def approve_training_cost(
    client: openai.OpenAI,
    estimate: TrainingEstimate,
    model: str,
    confirm: bool | None = None,
    budget_usd: float | Decimal | None = None,
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
    budget = _checked_budget(budget_usd)
    if not (confirm if confirm is not None else settings.confirmed()):
        raise CostNotApproved(f"Not started: say yes explicitly (confirm=True or {settings.CONFIRM}=yes).")
    if budget is None:
        raise CostNotApproved(f"Not started: set a budget ceiling (budget_usd=… or {settings.BUDGET}=…).")
    if Decimal(repr(cost)) > budget:
        raise CostNotApproved(f"Not started: the estimate ${cost:.4f} is above the budget ${budget}.")
    print(f"Approved: within the budget of ${budget}.")
    return cost


def wait_for_job(
    client: openai.OpenAI,
    job_id: str,
    poll_seconds: float | None = None,
    max_retries: int = 8,
    sleep: Callable[[float], None] = time.sleep,
) -> FineTuningJob:
    """Poll until the job ends, printing each new status; network errors and rate limits back off and retry."""
    pause = (lambda seconds: None) if session_of(client).mode == "replay" else sleep
    interval = float(settings.poll_seconds() if poll_seconds is None else poll_seconds)
    last_status, failures = None, 0
    while True:
        try:
            job = client.fine_tuning.jobs.retrieve(job_id)
        except RETRIED as error:
            failures += 1
            if failures > max_retries:
                raise ExplainedError(
                    f"Gave up polling job {job_id} after {max_retries} retries ({type(error).__name__}); it may "
                    f"still be running: call wait_for_job(client, {job_id!r}) again."
                ) from error
            wait = min(300.0, interval * 2**failures)
            print(f"  {type(error).__name__} while polling {job_id}; retrying in {wait:.0f} s")
            pause(wait)
            continue
        failures = 0
        if job.status != last_status:
            print(f"  {job_id}: {job.status}")
            last_status = job.status
        if job.status in TERMINAL:
            return job
        pause(interval)


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
