"""Print the figures later work is held against: install time, notebook execution times, test-suite time."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path) -> float:
    """Seconds a command takes; raise if it fails."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def install_seconds() -> float:
    """A fresh venv with the project and its dev extra, as `make` builds it."""
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-e",
                f"{ROOT}[dev]",
            ],
            check=True,
        )
        return time.perf_counter() - start


def notebook_seconds(path: Path) -> float:
    """Seconds to execute one notebook in a fresh kernel (outputs are not saved)."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    print(f"install (fresh venv, pip install -e .[dev]): {install_seconds():6.1f} s")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        print(f"execute {path.name:<32} {notebook_seconds(path):6.1f} s")
    print(f"test suite (python -m pytest):             {timed([sys.executable, '-m', 'pytest', '-q'], ROOT):6.1f} s")


if __name__ == "__main__":
    main()
