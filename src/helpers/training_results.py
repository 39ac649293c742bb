"""What a finished job leaves: its event log, per-step metrics, and the model id notebook 04 uses."""

from __future__ import annotations

import base64
import binascii
import io
import json
from collections.abc import Iterable
from pathlib import Path

import openai
import pandas as pd
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent

from .errors import ExplainedError
from .fine_tuning import runs_dir
from .messages import say
from .project import display_path, write_beside

MODEL_FILE = "fine_tuned_model.json"


def events_frame(events: Iterable[FineTuningJobEvent]) -> pd.DataFrame:
    """The job's event log, oldest first, as a table (column names in the reader's language)."""
    rows = [
        {
            say("training_results.time"): pd.Timestamp(e.created_at, unit="s", tz="UTC").strftime("%Y-%m-%d %H:%M"),
            say("training_results.level"): e.level,
            say("training_results.type"): e.type,
            say("training_results.message"): e.message,
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


def save_fine_tuned_model(client: openai.OpenAI, job: FineTuningJob) -> Path:
    """Keep the fine-tuned model id where notebook 04 finds it (replay and live runs kept apart)."""
    path = runs_dir(client) / MODEL_FILE
    record = {"job_id": job.id, "fine_tuned_model": job.fine_tuned_model, "base_model": job.model}
    text = json.dumps(record, indent=2) + "\n"
    if not _holds(path, text):  # replay writes the same record again: a read-only data/ is fine then
        write_beside(path, text)
    print(say("training_results.saved_model", path=display_path(path)))
    return path


def _holds(path: Path, text: str) -> bool:
    try:
        return not path.is_symlink() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def load_fine_tuned_model(client: openai.OpenAI) -> str:
    """The fine-tuned model id notebook 03 saved for this client's mode."""
    path = runs_dir(client) / MODEL_FILE
    if not path.exists():
        raise ExplainedError(say("training_results.no_model", path=display_path(path)))
    try:
        return str(json.loads(path.read_text(encoding="utf-8"))["fine_tuned_model"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise ExplainedError(say("training_results.bad_model_file", path=display_path(path))) from None
