"""What the loopback stand-in answers for files and fine-tuning jobs, shaped like the SDK's own types.

Each route takes the server state and the request and returns (status, body, content type). The figures
follow the post: prompt_tokens 56 and 246, 10 examples, 10 epochs; ids contain `authored`.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
from dataclasses import dataclass, field

from helpers.dataset import read_jsonl_text
from helpers.prices import snapshot
from helpers.tokens import estimate_training

FAKE_ORGANIZATION = "org-" + "FAKE" * 6  # assembled at run time so no key-shaped literal sits in the repository
FAKE_PROJECT = "proj_" + "FAKE" * 6
CREATED_AT = 1733184000  # 2024-12-03 00:00 UTC, the post's date
STATUS_SEQUENCE = ("validating_files", "queued", "running", "running", "succeeded")
JSON = "application/json"


@dataclass
class Scenario:
    """What the stand-in does: the job's outcome, transient errors while polling, a refused job creation."""

    outcome: str = "succeeded"  # or "failed"
    transient_errors: list[int] = field(default_factory=list)  # e.g. [503, 429]: served before polls succeed
    refuse_training: bool = False  # answer jobs.create with 403 training_not_available, as in 2026
    upload_error: int | None = None  # e.g. 500: files.create stores the file, then answers this status anyway
    create_error: int | None = None  # e.g. 500: jobs.create makes the job, then answers this status anyway
    create_delay: float = 0.0  # seconds jobs.create waits after making the job, before answering
    ignore_filters: bool = False  # jobs.list ignores metadata[...] and lists every job
    page_size: int | None = None  # jobs.list serves at most this many jobs a page, whatever `limit` asks
    never_finish: bool = False  # a job stays "running" for ever
    statuses: tuple[str, ...] = STATUS_SEQUENCE  # what a job says at its creation, then at each poll (the last repeats)


@dataclass
class State:
    """Everything the stand-in has been sent and has made."""

    scenario: Scenario
    files: dict[str, dict] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, dict] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)


Reply = tuple[int, bytes, str] | tuple[int, bytes, str, dict[str, str]]  # status, body, content type, extra headers
# A transient error asks the SDK to retry after this long (it honours retry-after-ms): its retries are what a test
# checks, not its backoff of half a second and more of real time.
RETRY_AFTER_MS = "1"


def reply(payload: dict, status: int = 200) -> Reply:
    return status, json.dumps(payload, ensure_ascii=False).encode(), JSON


def error(status: int, message: str, code: str | None = None, kind: str = "invalid_request_error") -> Reply:
    return reply({"error": {"message": message, "type": kind, "param": None, "code": code}}, status)


def _file_object(file_id: str, filename: str, size: int, purpose: str) -> dict:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": CREATED_AT,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
        "expires_at": None,
        "status_details": None,
    }


def result_csv(steps: int) -> bytes:
    """The per-step metrics file of a job, base64-encoded as the API serves it."""
    rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
    for step in range(1, steps + 1):
        loss = 1.9 * math.exp(-step / 12) + 0.015 + 0.04 * abs(math.sin(step * 1.7)) * math.exp(-step / 40)
        accuracy = min(1.0, 0.55 + 0.45 * (1 - math.exp(-step / 15)))
        rows.append(f"{step},{loss:.5f},{accuracy:.5f},,")
    return base64.b64encode(("\n".join(rows) + "\n").encode())


def upload(state: State, headers: dict, body: bytes, query: dict) -> Reply:
    boundary = headers["content-type"].split("boundary=", 1)[1].encode()
    fields = {}
    for part in body.split(b"--" + boundary):
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name:
            filename = re.search(rb'filename="([^"]+)"', head)
            fields[name.group(1).decode()] = (filename.group(1).decode() if filename else None, value[:-2])
    filename, content = fields["file"]
    file_id = f"file-authored{len(state.files) + 1:04d}"
    state.contents[file_id] = content
    state.files[file_id] = _file_object(file_id, filename, len(content), fields["purpose"][1].decode())
    if state.scenario.upload_error:
        return error(state.scenario.upload_error, "The server had an error while processing your request.")
    return reply(state.files[file_id])


def file_content(state: State, headers: dict, body: bytes, query: dict, id: str) -> Reply:
    content = state.contents.get(id)
    return error(404, f"No such File object: {id}") if content is None else (200, content, "application/octet-stream")


def create_job(state: State, headers: dict, body: bytes, query: dict) -> Reply:
    if state.scenario.refuse_training:
        return error(403, "Fine-tuning is not available for this organization.", "training_not_available")
    request = json.loads(body)
    made = make_job(state, request)
    if isinstance(made, tuple):
        return made
    time.sleep(state.scenario.create_delay)
    if state.scenario.create_error:
        return error(state.scenario.create_error, "The server had an error while processing your request.")
    return reply(public(made))


def make_job(state: State, request: dict) -> dict | Reply:
    if request["model"] != snapshot(request["model"]):
        return error(400, f"Model {request['model']} is not available for fine-tuning.", "model_not_available")
    training = state.contents.get(request["training_file"])
    if training is None:
        return error(400, f"invalid training_file: {request['training_file']}", "invalid_file")
    examples = read_jsonl_text(training.decode())
    estimate = estimate_training(examples)
    job_id = f"ftjob-authored{len(state.jobs) + 1:04d}"
    hyper = {"n_epochs": estimate.epochs, "batch_size": 1, "learning_rate_multiplier": 1.8}
    state.jobs[job_id] = {
        "id": job_id,
        "object": "fine_tuning.job",
        "created_at": CREATED_AT,
        "error": None,
        "fine_tuned_model": None,
        "finished_at": None,
        "hyperparameters": hyper,
        "model": request["model"],
        "organization_id": FAKE_ORGANIZATION,
        "result_files": [],
        "seed": request.get("seed", 20241203),
        "status": state.scenario.statuses[0],
        "trained_tokens": None,
        "training_file": request["training_file"],
        "validation_file": request.get("validation_file"),
        "estimated_finish": None,
        "integrations": [],
        "metadata": request.get("metadata"),
        "method": {"type": "supervised", "supervised": {"hyperparameters": hyper}},
        "_suffix": request.get("suffix"),
        "_steps": estimate.epochs * len(examples),
        "_trained_tokens": estimate.trained_tokens,
    }
    state.polls[job_id] = 0
    return state.jobs[job_id]


def public(job: dict) -> dict:
    """A job without the stand-in's private bookkeeping (keys starting with '_')."""
    return {k: v for k, v in job.items() if not k.startswith("_")}


def list_jobs(state: State, headers: dict, body: bytes, query: dict) -> Reply:
    wanted = {k[len("metadata[") : -1]: v[0] for k, v in query.items() if k.startswith("metadata[")}
    if state.scenario.ignore_filters:
        wanted = {}
    jobs = [
        public(j) for j in state.jobs.values() if all((j.get("metadata") or {}).get(k) == v for k, v in wanted.items())
    ][::-1]  # newest first
    ids = [job["id"] for job in jobs]
    after = query.get("after", [None])[0]
    start = ids.index(after) + 1 if after in ids else 0
    size = min(int(query.get("limit", ["20"])[0]), state.scenario.page_size or 100)
    page = jobs[start : start + size]
    return reply({"object": "list", "data": page, "has_more": start + size < len(jobs)})


def _advance(state: State, job: dict) -> None:
    state.polls[job["id"]] += 1
    statuses = state.scenario.statuses
    status = statuses[min(state.polls[job["id"]] - 1, len(statuses) - 1)]
    if status == "succeeded" and state.scenario.never_finish:
        status = "running"
    if status == "succeeded" and state.scenario.outcome == "failed":
        status = "failed"
    job["status"] = status
    if status == "running":
        job["estimated_finish"] = CREATED_AT + 900
    if status in ("succeeded", "failed"):
        job["finished_at"], job["estimated_finish"] = CREATED_AT + 780, None
    if status == "succeeded" and not job["result_files"]:
        job["fine_tuned_model"] = f"ft:{job['model']}:personal:{job['_suffix'] or 'ft'}:authored"
        job["trained_tokens"] = job["_trained_tokens"]
        result_id = f"file-authoredresult{len(state.files) + 1:04d}"
        state.contents[result_id] = result_csv(job["_steps"])
        state.files[result_id] = _file_object(
            result_id, "step_metrics.csv", len(state.contents[result_id]), "fine-tune-results"
        )
        job["result_files"] = [result_id]
    if status == "failed":
        job["error"] = {
            "code": "invalid_training_file",
            "message": "The job failed due to an invalid training file.",
            "param": "training_file",
        }


def retrieve_job(state: State, headers: dict, body: bytes, query: dict, id: str) -> Reply:
    job = state.jobs.get(id)
    if job is None:
        return error(404, f"Could not find fine-tune: {id}")
    if state.scenario.transient_errors:
        status, payload, kind = error(state.scenario.transient_errors.pop(0), "The server is overloaded, please retry.")
        return status, payload, kind, {"retry-after-ms": RETRY_AFTER_MS}
    _advance(state, job)
    return reply(public(job))
