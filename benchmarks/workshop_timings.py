"""Measure what the workshop agendas in docs/workshop.md are built from: per notebook, execution time and a
reading and exercise time computed from the notebook's own text at stated rates.

    .venv/bin/python benchmarks/workshop_timings.py

Execution is timed with nbclient in replay mode (the way a learner without a key runs it). Reading and working
times are not timed on people: they are counted from the notebooks (words of prose, code cells, lines of each
worked solution) at the rates below, which the guide states next to the agendas.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 150  # careful reading of technical prose (lower than the ~240 of ordinary text)
MINUTES_PER_CODE_CELL = 0.5  # run it, look at what it printed
MINUTES_PER_SOLUTION_LINE = 1.0  # write one line of the answer, including the thinking behind it
MINUTES_PER_CHECK_ROUND = 2.0  # run the check, read the hint, correct once
SKIPPED = ("from ", "import ", "print(", "check(")  # solution lines a learner does not have to write


def words(text: str) -> int:
    """Words of prose: Latin words, plus Japanese at 2 characters a word."""
    japanese = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    return len(re.findall(r"[A-Za-z0-9]+", text)) + japanese // 2


def execution_seconds(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def exercise_minutes(notebook: Path, solution: Path) -> tuple[int, float]:
    """(exercises, minutes): each task's reading + its worked solution's lines + one check round."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tasks = [c for c in cells if re.match(r"### \d\d\.\d", "".join(c["source"]))]
    solution_cells = json.loads(solution.read_text(encoding="utf-8"))["cells"] if solution.exists() else []
    lines = sum(
        len([line for line in "".join(c["source"]).splitlines() if line.strip() and not line.startswith(SKIPPED)])
        for c in solution_cells
        if c["cell_type"] == "code" and "check(" in "".join(c["source"])
    )
    reading = sum(words("".join(c["source"])) for c in tasks) / WORDS_PER_MINUTE
    return len(tasks), reading + lines * MINUTES_PER_SOLUTION_LINE + len(tasks) * MINUTES_PER_CHECK_ROUND


def main() -> None:
    os.environ["FINETUNE_MODE"] = "replay"
    os.environ.pop("OPENAI_API_KEY", None)
    print(
        f"reading {WORDS_PER_MINUTE} words/min, {MINUTES_PER_CODE_CELL} min per code cell, exercises: task reading"
        f" + {MINUTES_PER_SOLUTION_LINE} min per solution line + {MINUTES_PER_CHECK_ROUND} min per check round"
    )
    print(f"{'notebook':<22}{'run (s)':>8}{'read':>7}{'cells':>7}{'walk (min)':>11}{'ex':>4}{'ex (min)':>9}")
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        end = next((i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Exercises")), len(cells))
        body = cells[:end]
        read = sum(words("".join(c["source"])) for c in body if c["cell_type"] == "markdown") / WORDS_PER_MINUTE
        code_cells = sum(1 for c in body if c["cell_type"] == "code")
        seconds = execution_seconds(path)
        walk = read + code_cells * MINUTES_PER_CODE_CELL + seconds / 60
        count, exercises = exercise_minutes(path, ROOT / "notebooks" / "solutions" / path.name)
        print(f"{path.stem:<22}{seconds:>8.1f}{read:>7.1f}{code_cells:>7}{walk:>11.1f}{count:>4}{exercises:>9.1f}")


if __name__ == "__main__":
    main()
