"""docs/site/build.py publishes only what git tracks and replaces only a folder it made (checked without Sphinx)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("site_build", REPO / "docs" / "site" / "build.py")
site_build = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
sys.modules["site_build"] = site_build  # dataclasses look their module up there
spec.loader.exec_module(site_build)  # type: ignore[union-attr]
GUIDE = site_build.SECTIONS[1]


def _repository(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name in ("guide.md", "draft.md", ".hidden.md"):
        (root / "docs" / name).write_text(f"# {name}\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "docs/guide.md", "docs/.hidden.md"], check=True)
    return root


def test_only_tracked_pages_are_published(tmp_path):
    root = _repository(tmp_path / "repo")
    assert site_build.pages(root, GUIDE, site_build.publishable(root)) == [Path("docs/guide.md")]


def test_outside_git_every_page_but_hidden_ones_is_published(tmp_path):
    root = _repository(tmp_path / "repo")
    subprocess.run(["rm", "-rf", str(root / ".git")], check=True)
    assert site_build.publishable(root) is None
    assert site_build.pages(root, GUIDE, None) == [Path("docs/draft.md"), Path("docs/guide.md")]


def test_out_refuses_a_folder_it_did_not_make_and_spares_siblings(tmp_path):
    out, sibling = tmp_path / "mine", tmp_path / "mine-src"
    out.mkdir()
    sibling.mkdir()
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    (sibling / "keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(site_build.NotOurFolder, match="nothing was deleted"):
        site_build.clear_output(out)
    assert (out / "thesis.tex").exists() and (sibling / "keep.txt").exists()
    (out / site_build.MARKER).write_text("", encoding="utf-8")
    site_build.clear_output(out)
    assert not out.exists() and (sibling / "keep.txt").exists()


def test_out_refuses_a_file_or_a_link(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path)
    for name in ("file", "link"):
        with pytest.raises(site_build.NotOurFolder):
            site_build.clear_output(tmp_path / name)
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_the_command_line_refuses_with_one_message(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "other.html").write_text("x", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(REPO / "docs" / "site" / "build.py"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "was not made by docs/site/build.py" in run.stderr and "Traceback" not in run.stderr
    assert (out / "other.html").exists()


def test_make_runs_template_writes_code_cells_as_the_lab_template_does():
    """The offline template skips the lab template's bleach pass over highlighted code (make run's HTML export spent
    ~10% of its time there); pygments escapes the source itself, so the page is the same byte for byte."""
    import nbformat
    from nbconvert import HTMLExporter

    source = "x = '<script>alert(1)</script>' & \"q\"  # <b>&amp;</b> 要素1: 30、\n<img src=x onerror=alert(1)>\nx"
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source), nbformat.v4.new_code_cell("")])
    book.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    pages = {
        name: HTMLExporter(
            template_name=name, extra_template_basedirs=[str(REPO / "docs" / "site" / "nbconvert")]
        ).from_notebook_node(book)[0]
        for name in ("lab", "offline")
    }
    cells = {name: page[page.index('<div class="jp-Cell ') : page.rindex("</main>")] for name, page in pages.items()}
    assert cells["offline"] == cells["lab"]
    assert "<script>alert" not in cells["offline"] and "<img src" not in cells["offline"]
