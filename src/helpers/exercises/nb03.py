"""Exercises of notebook 03: read a recorded job's results, and write a job request that is never sent."""

from __future__ import annotations

import contextlib
import io
import json
from functools import cache

import pandas as pd

from ..fine_tuning import runs_dir, wait_for_job
from ..openai_client import client
from ..prices import DEFAULT_MODEL, snapshot
from ..training_results import MODEL_FILE, read_result_csv
from .answer_values import items, number, plain, whole
from .capture import CapturedRequest
from .core import Feedback, Refused, exercise, hint, right

RECORDING = "03_fine_tuning"
LOSS_TOLERANCE = 0.0005  # the notebook prints the loss with 3 decimals
SHIPPED_SUFFIX = "balance-shift"
MAX_SUFFIX = 64
EPOCHS = 3


@cache
def recorded_training() -> tuple[pd.DataFrame, list]:
    """The recorded job's per-step metrics and its events, replayed quietly the way notebook 03 fetches them."""
    with contextlib.redirect_stdout(io.StringIO()):
        replay = client(RECORDING, mode="replay")
        job_id = json.loads((runs_dir(replay) / MODEL_FILE).read_text(encoding="utf-8"))["job_id"]
        job = wait_for_job(replay, job_id)
        events = replay.fine_tuning.jobs.list_events(job_id, limit=100).data
        metrics = read_result_csv(replay.files.content(job.result_files[0]).content)
    return metrics, events


@exercise("03.1")
def steps_and_loss(answer: object) -> Feedback:
    try:
        steps, loss = items(answer, 2, "ex.03.1.type")
        steps, loss = whole(steps, "ex.03.1.type"), number(loss, "ex.03.1.type")
    except Refused as refused:  # NaN is what the empty valid_loss column gives: say so
        if refused.feedback.key != "ex.answer.nan":
            raise
        return hint("ex.03.1.nan")
    metrics, events = recorded_training()
    losses = metrics["train_loss"]
    if steps != len(metrics):
        metric_events = sum(1 for event in events if event.type == "metrics")
        known = {len(events): "ex.03.1.events", metric_events: "ex.03.1.metric_events", 10: "ex.03.1.epochs"}
        return hint(known.get(steps, "ex.03.1.steps"))
    if abs(loss - losses.iloc[-1]) > LOSS_TOLERANCE:
        known = {"ex.03.1.first_loss": losses.iloc[0], "ex.03.1.min_loss": losses.min(), "ex.03.1.mean": losses.mean()}
        found = next((key for key, value in known.items() if abs(loss - value) <= LOSS_TOLERANCE), None)
        rounded = any(loss == round(losses.iloc[-1], places) for places in range(3))
        return hint(found or ("ex.03.1.rounded" if rounded else "ex.03.1.loss"))
    return right("ex.03.1.right", steps=len(metrics), first=f"{losses.iloc[0]:.3f}", last=f"{losses.iloc[-1]:.3f}")


@exercise("03.2")
def job_request(answer: object) -> Feedback:
    if answer is None:
        return hint("ex.03.2.no_request")
    if not isinstance(answer, CapturedRequest):
        return hint("ex.03.2.type", got=type(answer).__name__)
    if answer.path != "/fine_tuning/jobs" or answer.method != "POST":
        return hint("ex.03.2.endpoint", method=answer.method, path=answer.path)
    body = answer.body or {}
    return _model_hint(body) or _file_hint(body) or _suffix_hint(body) or _epochs_hint(body) or _right(body)


def _model_hint(body: dict) -> Feedback | None:
    model = body.get("model")
    if model == DEFAULT_MODEL:
        return hint("ex.03.2.alias")
    if model != snapshot(DEFAULT_MODEL):
        return hint("ex.03.2.model")
    return None


def _file_hint(body: dict) -> Feedback | None:
    training_file = str(body.get("training_file", ""))
    if training_file.endswith(".jsonl") or "/" in training_file:
        return hint("ex.03.2.path")
    if not training_file.startswith("file-"):
        return hint("ex.03.2.file_id")
    return None


def _suffix_hint(body: dict) -> Feedback | None:
    suffix = body.get("suffix")
    if not suffix:
        return hint("ex.03.2.no_suffix")
    if suffix == SHIPPED_SUFFIX:
        return hint("ex.03.2.same_suffix")
    if len(suffix) > MAX_SUFFIX:
        return hint("ex.03.2.long_suffix", limit=MAX_SUFFIX)
    return None


def _epochs_hint(body: dict) -> Feedback | None:
    if "hyperparameters" in body:
        return hint("ex.03.2.top_level_hyperparameters")
    method = body.get("method") or {}
    if method.get("type") != "supervised":
        return hint("ex.03.2.method")
    epochs = ((method.get("supervised") or {}).get("hyperparameters") or {}).get("n_epochs", "auto")
    if epochs == "auto" and _epochs_too_high(method):
        return hint("ex.03.2.epochs_place")
    if epochs == "auto":
        return hint("ex.03.2.auto", epochs=EPOCHS)
    if isinstance(epochs, str):
        return hint("ex.03.2.epochs_text")
    if plain(epochs) != EPOCHS:
        return hint("ex.03.2.epochs", epochs=EPOCHS)
    return None


def _epochs_too_high(method: dict) -> bool:
    """n_epochs (or its "hyperparameters") written a level above method → "supervised" → "hyperparameters"."""
    return bool({"n_epochs", "hyperparameters"} & set(method)) or "n_epochs" in (method.get("supervised") or {})


def _right(body: dict) -> Feedback:
    return right("ex.03.2.right", suffix=body["suffix"], model=body["model"])
