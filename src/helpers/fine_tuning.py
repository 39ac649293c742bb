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
from .messages import say
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
        raise ExplainedError(say("fine_tuning.lock_held", lock=lock.lock_file, seconds=LOCK_TIMEOUT_SECONDS)) from None


def find_existing_job(client: openai.OpenAI, sha256: str, model: str) -> FineTuningJob | None:
    """A job for the same dataset and model that did not fail: reuse it instead of paying again."""
    jobs = client.fine_tuning.jobs.list(metadata={"dataset_sha256": sha256}, limit=20)
    for job in jobs.data:
        if job.model == model and job.status not in ("failed", "cancelled"):
            print(say("fine_tuning.reusing_job", job=job.id, status=job.status))
            return job
    return None


def _checked_budget(budget_usd: float | Decimal | None) -> Decimal | None:
    if budget_usd is None:
        return settings.budget_usd()
    if isinstance(budget_usd, bool) or not isinstance(budget_usd, (int, float, Decimal)):
        raise CostNotApproved(say("fine_tuning.budget_not_a_number", budget=budget_usd))
    if not math.isfinite(budget_usd) or budget_usd <= 0:
        raise CostNotApproved(say("fine_tuning.budget_not_positive", budget=budget_usd))
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
        say(
            "fine_tuning.estimate",
            cost=cost,
            trained=estimate.trained_tokens,
            per_epoch=estimate.tokens_per_epoch,
            epochs=estimate.epochs,
            model=model,
        )
    )
    if session_of(client).mode == "replay":
        print(say("fine_tuning.replay_is_free"))
        return cost
    budget = _checked_budget(budget_usd)
    if not (confirm if confirm is not None else settings.confirmed()):
        raise CostNotApproved(say("fine_tuning.needs_yes", variable=settings.CONFIRM))
    if budget is None:
        raise CostNotApproved(say("fine_tuning.needs_budget", variable=settings.BUDGET))
    if Decimal(repr(cost)) > budget:
        raise CostNotApproved(say("fine_tuning.over_budget", cost=cost, budget=budget))
    print(say("fine_tuning.approved", budget=budget))
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
                    say("fine_tuning.gave_up", job=job_id, retries=max_retries, error=type(error).__name__)
                ) from error
            wait = min(300.0, interval * 2**failures)
            print(say("fine_tuning.retrying", error=type(error).__name__, job=job_id, wait=wait))
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
        print(say("fine_tuning.succeeded", model=job.fine_tuned_model, tokens=job.trained_tokens))
        return job
    reason = f"{job.error.code}: {job.error.message}" if job.error else say("fine_tuning.no_error_reported")
    raise JobDidNotSucceed(say("fine_tuning.did_not_succeed", job=job.id, status=job.status, reason=reason))
