"""The fine-tuning flow's safety: cost approval, one job per dataset and model, polling and the outcome.

Anything that spends money shows its estimated cost first, needs an explicit yes and a finite budget,
and is never done twice: the cost is priced from the create request itself, the request is sent once
(no SDK retries) and only if approved, a failed or timed-out create is followed by a lookup instead of
a second create, and a lock per dataset and model, shared by every clone on the machine, makes two
simultaneous runs share one job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openai
from filelock import FileLock, Timeout
from openai.types.fine_tuning import FineTuningJob

from . import settings
from .cost_guard import (
    CostNotApproved,
    approve_evaluation_cost,
    approve_training_cost,
    hyperparameters,
    take_approval,
)
from .errors import ExplainedError
from .messages import say
from .openai_client import session_of
from .prices import snapshot
from .project import data_dir

__all__ = [  # the cost guard's names too: notebooks import the whole flow from here
    "CostNotApproved",
    "JobDidNotSucceed",
    "JobMayExist",
    "approve_evaluation_cost",
    "approve_training_cost",
    "create_job_once",
    "dataset_sha256",
    "ensure_succeeded",
    "find_existing_job",
    "one_job_at_a_time",
    "wait_for_job",
]
TERMINAL = ("succeeded", "failed", "cancelled")
RETRIED = (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError, openai.InternalServerError)
LOCK_TIMEOUT_SECONDS = 600
# One per machine user (a shared /tmp on a workshop machine must not mix users), shared by all that user's clones.
LOCK_FOLDER = Path(tempfile.gettempdir()) / f"finetune-tutorial-locks-{os.getuid() if hasattr(os, 'getuid') else 0}"
CREATE_TIMEOUT_SECONDS = 60.0  # a create that has not answered by then is looked up, never sent again
MAX_JOBS_SCANNED = 500  # jobs read (over pages) when looking for this dataset's job
PROGRESS_EVERY_SECONDS = 300.0  # while a status stays the same, one progress line this often


class JobDidNotSucceed(ExplainedError, RuntimeError):
    """The job ended failed or cancelled."""


def dataset_sha256(path: str | Path) -> str:
    """The training file's sha256, stored in the job's metadata so a re-run finds the job again."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class JobMayExist(ExplainedError, RuntimeError):
    """A create failed or timed out after it may have reached OpenAI: no second create is sent."""


def runs_dir(client: openai.OpenAI) -> Path:
    """Where this mode keeps run state (replay, live and record runs apart)."""
    return data_dir() / "runs" / session_of(client).mode


@contextmanager
def one_job_at_a_time(client: openai.OpenAI, sha256: str, model: str) -> Iterator[None]:
    """Hold a lock per dataset and model while finding or creating the job, so two runs never create two.

    The lock lives in the machine's temporary folder, so it holds across clones for one user; replay buys
    nothing and takes no lock (it runs from a read-only data/ too).
    """
    if session_of(client).mode == "replay":
        yield
        return
    LOCK_FOLDER.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = FileLock(LOCK_FOLDER / f"job-{snapshot(model)}-{sha256[:16]}.lock")
    try:
        with lock.acquire(timeout=LOCK_TIMEOUT_SECONDS):
            yield
    except Timeout:
        raise ExplainedError(say("fine_tuning.lock_held", lock=lock.lock_file, seconds=LOCK_TIMEOUT_SECONDS)) from None


def _is_ours(job: FineTuningJob, sha256: str, model: str, method: Mapping | None) -> bool:
    """Judged here, whatever filter the server applied: same dataset hash, base model and method."""
    if (job.metadata or {}).get("dataset_sha256") != sha256 or job.model not in (model, snapshot(model)):
        return False
    kind, wanted = hyperparameters(method)
    served = job.method.model_dump() if job.method else {"type": "supervised"}
    served_kind, got = hyperparameters(served)
    if method is not None and served_kind != kind:
        return False
    return all(value == "auto" or got.get(name) == value for name, value in wanted.items())


def find_existing_job(
    client: openai.OpenAI, sha256: str, model: str, method: Mapping | None = None
) -> FineTuningJob | None:
    """A job for the same dataset, model and method that did not fail: reuse it instead of paying again.

    Every page of the list is read (up to MAX_JOBS_SCANNED jobs) and each job is checked here, so a
    server that ignores the metadata filter, or pages its answer, never makes us reuse or miss a job.
    """
    for scanned, job in enumerate(client.fine_tuning.jobs.list(metadata={"dataset_sha256": sha256}, limit=20), 1):
        if _is_ours(job, sha256, model, method) and job.status not in ("failed", "cancelled"):
            print(say("fine_tuning.reusing_job", job=job.id, status=job.status))
            return job
        if scanned >= MAX_JOBS_SCANNED:
            raise ExplainedError(say("fine_tuning.too_many_jobs", scanned=scanned, sha256=sha256))
    return None


def create_job_once(client: openai.OpenAI, **request: object) -> FineTuningJob:
    """`client.fine_tuning.jobs.create(**request)`, sent once: only if approved, never retried.

    The SDK's retries are off for this call and it times out after CREATE_TIMEOUT_SECONDS. When the
    create fails on the server's side or gets no answer, the job may exist anyway: we look it up by the
    request's metadata and stop with JobMayExist, which says what we found and how to re-attach.
    """
    take_approval(client, request)  # CostNotApproved unless this very request was priced; one job per approval
    timeout = request.pop("timeout", CREATE_TIMEOUT_SECONDS)
    try:
        once = client.with_options(max_retries=0, timeout=timeout)  # type: ignore[arg-type]
        return once.fine_tuning.jobs.create(**request)  # type: ignore[arg-type]
    except (openai.APIConnectionError, openai.InternalServerError) as error:  # a timeout is a connection error
        raise JobMayExist(_after_failed_create(client, request, error)) from None


def _after_failed_create(client: openai.OpenAI, request: Mapping, error: Exception) -> str:
    what = say("fine_tuning.create_timed_out") if isinstance(error, openai.APITimeoutError) else type(error).__name__
    sha256 = (request.get("metadata") or {}).get("dataset_sha256")  # type: ignore[union-attr]
    if not sha256:
        return say("fine_tuning.may_exist_unknown", error=what)
    try:
        method = request.get("method")
        found = find_existing_job(client.with_options(max_retries=2), sha256, str(request["model"]), method)  # type: ignore[arg-type]
    except (openai.APIError, ExplainedError) as lookup_error:
        return say("fine_tuning.may_exist_unchecked", error=what, lookup=type(lookup_error).__name__, sha256=sha256)
    if found is None:
        return say("fine_tuning.may_exist_not_found", error=what, sha256=sha256)
    return say("fine_tuning.may_exist_found", error=what, job=found.id, status=found.status)


@dataclass
class Clock:
    """Time for waiting on a job: tests pass one that advances instantly, readers get the real one."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


DEFAULT_CLOCK = Clock()  # tests swap in one that advances on sleep; readers' waits stay real


def _progress(job: FineTuningJob, elapsed: float | None) -> str:
    parts = [f"  {job.id}: {job.status}"]
    if elapsed is not None:
        parts.append(say("fine_tuning.elapsed", minutes=int(elapsed // 60), seconds=int(elapsed % 60)))
    if job.estimated_finish and job.status not in TERMINAL:
        finish = dt.datetime.fromtimestamp(job.estimated_finish, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(say("fine_tuning.estimated_finish", when=finish))
    return say("fine_tuning.progress_separator").join(parts)


def wait_for_job(
    client: openai.OpenAI,
    job_id: str,
    poll_seconds: float | Decimal | None = None,
    max_retries: int = 8,
    clock: Clock | None = None,
    max_wait_minutes: float | Decimal | None = None,
) -> FineTuningJob:
    """Poll until the job ends, one progress line per new status (and every few minutes while it stays).

    Network errors and rate limits back off and retry. After the wait limit (FINETUNE_MAX_WAIT_MINUTES)
    it stops with the job id and how to re-attach; the job itself goes on at OpenAI.
    """
    replay = session_of(client).mode == "replay"
    clock = Clock(now=lambda: 0.0, sleep=lambda seconds: None) if replay else (clock or DEFAULT_CLOCK)
    interval = settings.checked_poll_seconds(poll_seconds)
    limit = 60 * float(settings.max_wait_minutes() if max_wait_minutes is None else max_wait_minutes)
    started, last_line, last_status, failures = clock.now(), clock.now(), None, 0
    while True:
        try:
            job = client.fine_tuning.jobs.retrieve(job_id)
        except RETRIED as error:
            failures += 1
            if failures > max_retries:
                raise ExplainedError(
                    say("fine_tuning.gave_up", job=job_id, retries=max_retries, error=type(error).__name__)
                ) from error
            wait = min(300.0, float(interval) * 2**failures)
            print(say("fine_tuning.retrying", error=type(error).__name__, job=job_id, wait=wait))
            clock.sleep(wait)
            continue
        failures = 0
        elapsed = clock.now() - started
        if job.status != last_status or clock.now() - last_line >= PROGRESS_EVERY_SECONDS:
            print(_progress(job, None if replay else elapsed))
            last_status, last_line = job.status, clock.now()
        if job.status in TERMINAL:
            return job
        if elapsed >= limit:
            raise ExplainedError(say("fine_tuning.wait_limit", job=job_id, minutes=limit / 60, status=job.status))
        clock.sleep(float(interval))


def ensure_succeeded(job: FineTuningJob) -> FineTuningJob:
    """Return the job if it succeeded; otherwise show its error and stop with JobDidNotSucceed."""
    if job.status == "succeeded":
        print(say("fine_tuning.succeeded", model=job.fine_tuned_model, tokens=job.trained_tokens))
        return job
    reason = f"{job.error.code}: {job.error.message}" if job.error else say("fine_tuning.no_error_reported")
    raise JobDidNotSucceed(say("fine_tuning.did_not_succeed", job=job.id, status=job.status, reason=reason))
