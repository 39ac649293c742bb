"""A regular (non-editable) install works from any folder: the price table ships inside the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import POST_LISTING, REPO


def _installer() -> list[str]:
    """uv's pip (as make install uses it; a quarter of pip's time here) when it is on PATH or in the venv, else pip.

    Either builds a wheel of the package with setuptools and installs it, not an editable link."""
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv:
        return [uv, "pip", "install", "--quiet", "--python", sys.executable]
    return [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]


def test_a_regular_install_counts_and_validates_from_another_folder(tmp_path):
    source, site = tmp_path / "source", tmp_path / "site-packages"
    # build from a copy, so the build leaves nothing (build/, *.egg-info) in the working tree
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source)
    subprocess.run([*_installer(), "--no-deps", "--no-build-isolation", "--target", str(site), str(source)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(POST_LISTING, elsewhere / "post.jsonl")
    environment = {**os.environ, "PYTHONPATH": str(site), "FINETUNE_PROJECT_ROOT": ""}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=elsewhere, env=environment, capture_output=True, text=True, timeout=120
        )

    assert run("-c", "import helpers; print(helpers.__file__)").stdout.startswith(str(site))
    tokens = run("-m", "helpers", "tokens", "post.jsonl")
    assert tokens.returncode == 0, tokens.stderr
    assert "estimated training tokens: 11500" in tokens.stdout
    validate = run("-m", "helpers", "validate", "post.jsonl")
    assert validate.returncode == 0 and "10 example(s), OK" in validate.stdout
