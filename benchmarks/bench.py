"""The times a newcomer waits, measured on a fresh clone of this repository, printed beside the targets.

A fresh clone (of the last commit) in a temporary folder: `make install`, then the first `make test`, a warm
`make test`, `make run` (the English edition), `make run EDITION=ja`, `make run-all` (every notebook) and
`make site`. Wall time is what the reader waits; CPU time (user + system of every process the step started) shows
whether the machine was busy with something else. Package caches stay as they are on this machine (a first install
on a new machine also downloads). Figures, not assertions: nothing here fails because a figure misses its target.

    python benchmarks/bench.py            # or: make bench
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS_SECONDS = {"fresh clone to green make test": 75.0, "warm make test": 45.0, "make run (venv ready)": 20.0}


@dataclass(frozen=True)
class Timing:
    """One measured step: what ran, seconds waited and CPU seconds used."""

    label: str
    wall: float
    cpu: float


def timed(label: str, command: list[str], cwd: Path) -> Timing:
    """Run command in cwd (output hidden unless it fails) and time it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(label, wall, cpu)


def measure(clone: Path) -> list[Timing]:
    """The steps, in the order a newcomer meets them."""
    make = ["make", "--no-print-directory"]
    every = len(list((clone / "notebooks").rglob("*.ipynb")))
    steps = [
        timed("make install (fresh clone)", [*make, "install"], clone),
        timed("first make test", [*make, "test"], clone),
        timed("warm make test", [*make, "test"], clone),
        timed("make run (venv ready)", [*make, "run"], clone),
        timed("make run EDITION=ja", [*make, "run", "EDITION=ja"], clone),
        timed(f"make run-all ({every} notebooks)", [*make, "run-all"], clone),
        timed("make site (site extra + build)", [*make, "site"], clone),
    ]
    by_label = {step.label: step for step in steps}
    install, first = by_label["make install (fresh clone)"], by_label["first make test"]
    fresh = Timing("fresh clone to green make test", install.wall + first.wall, install.cpu + first.cpu)
    first_run = by_label["make run (venv ready)"]
    run = Timing("fresh clone to make run's HTML", install.wall + first_run.wall, install.cpu + first_run.cpu)
    return [*steps, fresh, run]


def report(timings: list[Timing]) -> None:
    """A table of wall and CPU seconds, with each target and whether it is met."""
    print(f"{'step':<34} {'wall s':>7} {'cpu s':>7}  target")
    for timing in timings:
        target = TARGETS_SECONDS.get(timing.label)
        verdict = "" if target is None else f"<= {target:.0f} s: {'met' if timing.wall <= target else 'MISSED'}"
        print(f"{timing.label:<34} {timing.wall:7.1f} {timing.cpu:7.1f}  {verdict}")


def main() -> None:
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at start (above ~0.5 the figures are inflated)")
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        report(measure(clone))


if __name__ == "__main__":
    main()
