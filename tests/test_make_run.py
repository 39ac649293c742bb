"""make run's runner (docs/site/execute.py): every notebook once, 03 after 02 and 04 after 03 in each folder, at most
one per core, a failure skipping only what reads from it; and the HTML it writes."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("site_execute", REPO / "docs" / "site" / "execute.py")
execute = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
sys.modules["site_execute"] = execute
spec.loader.exec_module(execute)  # type: ignore[union-attr]

NAMES = ["00_introduction", "01_concept", "02_dataset", "03_fine_tuning", "04_evaluation", "05_cost_analysis"]


def _folders(root: Path) -> list[Path]:
    for folder, names in ((root, NAMES), (root / "ja", NAMES[1:4])):
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / f"{name}.ipynb").touch()
    (root / "solutions").mkdir()  # a folder's subfolders are not its notebooks; a folder may have no chain
    (root / "solutions" / "01_concept.ipynb").touch()
    return [root, root / "ja"]


def test_the_plan_chains_02_03_04_in_each_folder_and_puts_the_chains_first_then_the_longest(tmp_path):
    root = tmp_path / "notebooks"
    waits = execute.plan([*_folders(root), root / "solutions"])
    named = {f"{p.parent.name}/{p.stem}": b and f"{b.parent.name}/{b.stem}" for p, b in waits.items()}
    assert named == {
        "notebooks/02_dataset": None,
        "notebooks/03_fine_tuning": "notebooks/02_dataset",
        "notebooks/04_evaluation": "notebooks/03_fine_tuning",
        "ja/02_dataset": None,
        "ja/03_fine_tuning": "ja/02_dataset",
        "notebooks/00_introduction": None,
        "notebooks/01_concept": None,
        "notebooks/05_cost_analysis": None,
        "ja/01_concept": None,
        "solutions/01_concept": None,
    }
    assert list(named) == [
        "notebooks/02_dataset",
        "notebooks/03_fine_tuning",
        "notebooks/04_evaluation",
        "ja/02_dataset",
        "ja/03_fine_tuning",
        "notebooks/05_cost_analysis",  # LONGEST_FIRST before name order, folder by folder
        "notebooks/00_introduction",
        "notebooks/01_concept",
        "ja/01_concept",
        "solutions/01_concept",
    ]


def _recorder(fail: set[str], die: str | None = None):
    events: list[tuple[str, str]] = []
    running: set[str] = set()
    most = [0]

    async def run(notebook: Path) -> None:
        name = f"{notebook.parent.name}/{notebook.stem}"
        events.append(("start", name))
        running.add(name)
        most[0] = max(most[0], len(running))
        if name == die:
            raise RuntimeError("kernel died")
        await asyncio.sleep(0.001 * len(notebook.stem))
        running.discard(name)
        events.append(("end", name))
        if name in fail:
            raise execute.NotebookFailed(f"{name} raised")

    return run, events, most


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_every_notebook_runs_once_after_what_it_reads_and_at_most_jobs_at_a_time(tmp_path, jobs):
    waits = execute.plan(_folders(tmp_path / "notebooks"))
    run, events, most = _recorder(fail=set())
    assert asyncio.run(execute.run_all(waits, run, jobs)) == []
    starts = [name for kind, name in events if kind == "start"]
    assert sorted(starts) == sorted(f"{p.parent.name}/{p.stem}" for p in waits)
    for folder in ("notebooks", "ja"):
        for before, after in (("02_dataset", "03_fine_tuning"), ("03_fine_tuning", "04_evaluation")):
            if (f"{folder}/{after}") in starts:
                assert events.index(("end", f"{folder}/{before}")) < events.index(("start", f"{folder}/{after}"))
    assert most[0] == jobs


def test_a_failure_skips_only_the_notebooks_that_read_from_it(tmp_path, capsys):
    waits = execute.plan(_folders(tmp_path / "notebooks"))
    run, events, _ = _recorder(fail={"notebooks/03_fine_tuning"})
    failed = asyncio.run(execute.run_all(waits, run, 2))
    assert [f"{p.parent.name}/{p.stem}" for p in failed] == ["notebooks/03_fine_tuning", "notebooks/04_evaluation"]
    assert ("start", "notebooks/04_evaluation") not in events and ("end", "ja/03_fine_tuning") in events
    err = capsys.readouterr().err
    assert "notebooks/03_fine_tuning raised" in err
    assert "skipped 04_evaluation.ipynb: it reads what 03_fine_tuning.ipynb writes" in err


def test_any_other_error_stops_every_notebook_and_is_raised(tmp_path):
    """Ctrl-C or a kernel that died: the notebook running beside it is cancelled (its kernel shut down), none starts."""
    waits = execute.plan(_folders(tmp_path / "notebooks"))
    run, events, _ = _recorder(fail=set(), die="ja/02_dataset")  # notebooks/02_dataset runs beside it
    with pytest.raises(RuntimeError, match="kernel died"):
        asyncio.run(execute.run_all(waits, run, 2))
    assert events == [("start", "notebooks/02_dataset"), ("start", "ja/02_dataset")]


def test_a_notebook_is_executed_in_its_folder_and_written_as_make_runs_html(tmp_path):
    source, out = tmp_path / "notebooks", tmp_path / "build"
    (source / "ja").mkdir(parents=True)
    code = "import os\nprint('ran in', os.path.basename(os.getcwd()), 6 * 7)"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), source / "ja" / "01_x.ipynb")
    run = execute.html_runner(out, "mathjax/MathJax.js?config=X", source=source)
    assert asyncio.run(execute.run_all(execute.plan([source / "ja"]), run, 2)) == []
    page = (out / "ja" / "01_x.html").read_text(encoding="utf-8")
    assert "ran in ja 42" in page
    assert 'src="../mathjax/MathJax.js?config=X"' in page and "require.js" not in page
