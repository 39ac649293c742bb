"""The post's fine-tuning flow as notebook 03 runs it, for tests."""

from __future__ import annotations

import openai
from openai.types.fine_tuning import FineTuningJob

from helpers.dataset import read_jsonl
from helpers.fine_tuning import approve_training_cost, dataset_sha256, find_existing_job, wait_for_job
from helpers.paths import DATA_DIR
from helpers.tokens import estimate_training

TRAINING = DATA_DIR / "article_train.jsonl"
MODEL = "gpt-4o-mini-2024-07-18"


def run_flow(client: openai.OpenAI, **approval: object) -> FineTuningJob:
    """Find or create the job for the post's file, then wait for it to end."""
    sha = dataset_sha256(TRAINING)
    job = find_existing_job(client, sha, MODEL)
    if job is None:
        approve_training_cost(client, estimate_training(read_jsonl(TRAINING)), MODEL, **approval)  # type: ignore[arg-type]
        with TRAINING.open("rb") as handle:
            uploaded = client.files.create(file=handle, purpose="fine-tune")
        job = client.fine_tuning.jobs.create(
            model=MODEL,
            training_file=uploaded.id,
            suffix="balance-shift",
            method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": "auto"}}},
            metadata={"dataset_sha256": sha},
        )
    return wait_for_job(client, job.id)
