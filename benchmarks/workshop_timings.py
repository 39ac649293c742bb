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


def exercise_minutes(notebook: Path, solution: Path) -> dict[str, float]:
    """Minutes per exercise: its task's reading + its worked solution's lines + one check round."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tasks = {m.group(1): c for c in cells if (m := re.match(r"### (\d\d\.\d)", "".join(c["source"])))}
    solution_cells = json.loads(solution.read_text(encoding="utf-8"))["cells"] if solution.exists() else []
    written: dict[str, int] = {}
    current = None
    for cell in solution_cells:
        source = "".join(cell["source"])
        heading = re.match(r"### (\d\d\.\d)", source)
        current = heading.group(1) if heading else current
        if cell["cell_type"] == "code" and current:
            lines = [line for line in source.splitlines() if line.strip() and not line.startswith(SKIPPED)]
            written[current] = written.get(current, 0) + len(lines)
    return {
        exercise: words("".join(cell["source"])) / WORDS_PER_MINUTE
        + written.get(exercise, 0) * MINUTES_PER_SOLUTION_LINE
        + MINUTES_PER_CHECK_ROUND
        for exercise, cell in tasks.items()
    }


def main() -> None:
    os.environ["FINETUNE_MODE"] = "replay"
    os.environ.pop("OPENAI_API_KEY", None)
    print(
        f"reading {WORDS_PER_MINUTE} words/min, {MINUTES_PER_CODE_CELL} min per code cell, exercises: task reading"
        f" + {MINUTES_PER_SOLUTION_LINE} min per solution line + {MINUTES_PER_CHECK_ROUND} min per check round"
    )
    print(
        f"{'notebook':<22}{'run (s)':>8}{'read':>7}{'cells':>7}{'walk (min)':>11}{'ex (min)':>9}  each exercise (min)"
    )
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        end = next((i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Exercises")), len(cells))
        body = cells[:end]
        read = sum(words("".join(c["source"])) for c in body if c["cell_type"] == "markdown") / WORDS_PER_MINUTE
        code_cells = sum(1 for c in body if c["cell_type"] == "code")
        seconds = execution_seconds(path)
        walk = read + code_cells * MINUTES_PER_CODE_CELL + seconds / 60
        exercises = exercise_minutes(path, ROOT / "notebooks" / "solutions" / path.name)
        each = ", ".join(f"{exercise} {minutes:.1f}" for exercise, minutes in exercises.items())
        total = sum(exercises.values())
        print(f"{path.stem:<22}{seconds:>8.1f}{read:>7.1f}{code_cells:>7}{walk:>11.1f}{total:>9.1f}  {each}")


if __name__ == "__main__":
    main()
