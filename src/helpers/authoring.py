"""`python -m helpers.authoring`: re-author the shipped recordings.

No machine of this project reaches OpenAI, so the recordings in `data/recordings/` are
authored: notebooks 03 and 04 run in record mode against `helpers.fake_openai`, a loopback
stand-in, and every response lands in the cassettes marked AUTHORED. Run it after changing
what those notebooks send, then re-execute the notebooks in replay to refresh their outputs.
"""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from .fake_openai import FakeOpenAI
from .paths import PROJECT_ROOT

RECORDED_NOTEBOOKS = ("03_fine_tuning.ipynb", "04_evaluation.ipynb")


def author_recordings() -> None:
    """Run the recorded notebooks in record mode against the stand-in; outputs are not saved."""
    with FakeOpenAI() as fake:
        os.environ.update(
            OPENAI_API_KEY="sk-stand-in",  # accepted by the stand-in only; never recorded
            OPENAI_BASE_URL=fake.base_url,
            FINETUNE_MODE="record",
            FINETUNE_RECORDING_SOURCE="authored",
            FINETUNE_CONFIRM="yes",
            FINETUNE_BUDGET_USD="1",
            FINETUNE_POLL_SECONDS="0",
        )
        for name in RECORDED_NOTEBOOKS:
            path = PROJECT_ROOT / "notebooks" / name
            if not path.exists():
                print(f"skipped {name}: not written yet")
                continue
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(
                notebook, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            print(f"recorded {name}")


if __name__ == "__main__":
    author_recordings()
