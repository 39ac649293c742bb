"""`python -m helpers.replay.record NAME…`: refresh recordings, each replaced only when its notebook runs to the end.

A record run writes to a temporary cassette beside the committed one. If the notebook finishes, the
temporary file (checked like any recording) replaces the committed one in a single rename; if the run is
refused, fails, crashes or is interrupted, the committed recording stays byte for byte as it was.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError

from .. import settings
from ..errors import ExplainedError, RecordingError, SettingError
from ..openai_client import recording_path
from ..project import display_path, project_root
from .cassettes import check_recording

RECORDED = ("03_fine_tuning", "04_evaluation")  # the notebooks that call the API, in the order they depend on
CELL_TIMEOUT_SECONDS = 3600  # a live fine-tuning job can take many minutes


def _execute(notebook: Path, environment: Mapping[str, str]) -> None:
    book = nbformat.read(notebook, as_version=4)
    runner = NotebookClient(
        book,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    runner.execute(env=dict(environment))


def record_notebook(name: str, overrides: Mapping[str, str] | None = None) -> Path:
    """Run notebooks/NAME.ipynb in record mode; replace data/recordings/NAME.yaml only if it ran to the end."""
    final = recording_path(name)
    notebook = project_root() / "notebooks" / f"{name}.ipynb"
    if name not in RECORDED or not notebook.is_file():
        raise RecordingError(f"{name!r} cannot be recorded; the notebooks that call the API: {', '.join(RECORDED)}.")
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".recording.yaml", dir=final.parent)
    os.close(handle)
    os.unlink(temporary)  # vcrpy creates it on the first response
    environment = {**os.environ, **(overrides or {}), settings.MODE: "record", settings.RECORD_TO: temporary}
    try:
        _execute(notebook, environment)
        check_recording(Path(temporary))
        os.replace(temporary, final)
    except (CellExecutionError, DeadKernelError, RecordingError, KeyboardInterrupt, TimeoutError) as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        raise RecordingError(
            f"recording {name} stopped before the end ({reason}); {display_path(final)} is unchanged."
        ) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    print(f"recorded {display_path(final)}")
    return final


def main(argv: Sequence[str] | None = None) -> int:
    """Record the named notebooks (default: all that call the API), in order."""
    names = list(argv if argv is not None else sys.argv[1:]) or list(RECORDED)
    try:
        if not settings.has_key():
            raise SettingError(f"recording calls the real API and needs {settings.KEY} in the environment.")
        settings.read_settings("live")  # every other setting valid before anything starts
        for name in names:
            record_notebook(name)
    except ExplainedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
