"""`make run`: execute notebooks headless, two at a time, and write each as HTML into build/ (make run's pages).

One process runs up to one kernel per core and starts each notebook as soon as the notebooks it reads from have
finished. In each folder 02 writes the datasets 03 reads and 03 the model id 04 reads (data/runs/<mode>/), so those
three run in that order; the others read nothing another notebook writes (00 reads the replay model id that ships in
data/runs/replay/). Execution is nbclient's and the HTML nbconvert's (the offline template beside this file), as with
`jupyter nbconvert --execute --to html`, which runs one notebook after another: two of those for two cores cost
~2.5 s of CPU each to start and split the notebooks in two fixed halves.

    python docs/site/execute.py --out build notebooks/ [notebooks/ja/ …]   # build/*.html, build/ja/*.html, …

The pages load MathJax from <out>/mathjax/, a local copy (mathjax.py), so formulas render with the network off.

A failing notebook is reported and the ones that read from it are skipped; the others still run; the exit code is 1.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parent / "nbconvert"
CHAIN = ("02_dataset", "03_fine_tuning", "04_evaluation")  # each reads what the one before it writes
# The other notebooks that take longest (measured under make run), longest first: started early, they leave the short
# ones to fill the end on both cores; by name in every folder, any other notebook after them in name order.
LONGEST_FIRST = ("06_when_it_pays", "05_cost_analysis", "00_introduction")
# Kernels log a warning about TCP on loopback that is not the reader's to fix.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]

Runner = Callable[[Path], Awaitable[None]]


def plan(folders: Sequence[Path]) -> dict[Path, Path | None]:
    """Every notebook of `folders` (not their subfolders), each with the notebook it waits for; the chains come first,
    so a free core goes to the longest line of work, then each folder's others, longest first."""
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}
    chains: dict[Path, Path | None] = {}
    others: dict[Path, Path | None] = {}
    for folder in folders:
        notebooks = sorted(folder.glob("*.ipynb"))
        chain = [nb for name in CHAIN for nb in notebooks if nb.stem == name]
        chains.update(zip(chain, [None, *chain], strict=False))  # each after the one before it
        rest = [nb for nb in notebooks if nb not in chain]
        others.update((nb, None) for nb in sorted(rest, key=lambda nb: rank.get(nb.stem, len(rank))))
    return chains | others


class NotebookFailed(Exception):
    """A cell of the notebook raised: the notebooks that do not read from it still run."""


async def run_all(waits: dict[Path, Path | None], run: Runner, jobs: int) -> list[Path]:
    """Run each notebook once the one it waits for has succeeded, at most `jobs` at a time, in `waits`' order among
    those ready; return the notebooks that failed (NotebookFailed) or were skipped because one before them failed.

    Any other error (Ctrl-C, a kernel that died) stops everything: the running notebooks are cancelled, which shuts
    their kernels down, and the error is raised."""
    pending, running, finished, failed = list(waits), {}, set(), []
    try:
        while pending or running:
            for notebook in list(pending):
                before = waits[notebook]
                if before in failed:
                    print(f"skipped {notebook.name}: it reads what {before.name} writes", file=sys.stderr)
                    pending.remove(notebook)
                    failed.append(notebook)
                elif len(running) < jobs and (before is None or before in finished):
                    pending.remove(notebook)
                    running[asyncio.ensure_future(run(notebook))] = notebook
            if not running:
                break  # only notebooks waiting for a skipped one were left
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                notebook, error = running.pop(task), task.exception()
                if error is None:
                    finished.add(notebook)
                elif isinstance(error, NotebookFailed):
                    print(f"{notebook} failed: {error}", file=sys.stderr)
                    failed.append(notebook)
                else:
                    raise error
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    return failed


def html_runner(out: Path, mathjax: str, source: Path = ROOT / "notebooks") -> Runner:
    """Execute a notebook in its own folder and write <source>/<sub>/<name>.ipynb as <out>/<sub>/<name>.html, with
    `mathjax` (a URL relative to <out>/) reached from the page's folder."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    quiet_log = logging.getLogger("make-run")
    quiet_log.setLevel(logging.ERROR)  # nbconvert's warning about figures without alt text is not the reader's to fix

    @cache
    def exporter(depth: int) -> HTMLExporter:
        """One per folder depth (its MathJax URL), reused: compiling the templates is a third of an export."""
        return HTMLExporter(
            template_name="offline",
            extra_template_basedirs=[str(TEMPLATES)],
            mathjax_url="../" * depth + mathjax,
            log=quiet_log,
        )

    async def run(notebook: Path) -> None:
        sub = notebook.parent.relative_to(source)
        print(f"executing {source.name}/{(sub / notebook.name).as_posix()}", flush=True)
        book = nbformat.read(notebook, as_version=4)
        resources = {"metadata": {"name": notebook.stem, "path": str(notebook.parent)}}
        client = NotebookClient(
            book, resources=resources, extra_arguments=KERNEL_ARGUMENTS, store_widget_state=False, kernel_name=""
        )
        try:
            await client.async_execute()
        except CellExecutionError as error:
            raise NotebookFailed(str(error)) from None
        page, _ = exporter(len(sub.parts)).from_notebook_node(book, resources)
        target = out / sub / f"{notebook.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of notebooks under notebooks/")
    parser.add_argument("--out", type=Path, required=True, help="where the HTML goes (build/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks at a time (default: cores)")
    arguments = parser.parse_args(argv)
    from mathjax import CONFIG, copy_mathjax  # beside this script

    out, mode = arguments.out.resolve(), os.environ.get("FINETUNE_MODE", "replay")
    waits = plan([folder.resolve() for folder in arguments.folders])
    loader = copy_mathjax(out / "mathjax").relative_to(out)
    run = html_runner(out, f"{loader.as_posix()}?config={CONFIG}")
    try:
        failed = asyncio.run(run_all(waits, run, max(1, arguments.jobs)))
    except KeyboardInterrupt:
        print("interrupted: the notebooks still running were stopped", file=sys.stderr)
        return 130
    except Exception as error:  # Ctrl-C reaches nbclient first, which shuts a kernel down; or a kernel died
        print(
            f"stopped ({type(error).__name__}: {error}): interrupted, or a kernel died or could not start;"
            " the notebooks still running were shut down",
            file=sys.stderr,
        )
        return 1
    if failed:
        print(f"{len(failed)} of {len(waits)} notebooks did not run to the end: {', '.join(nb.name for nb in failed)}")
        return 1
    print(f"Executed notebooks ({mode} mode) written as HTML to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
