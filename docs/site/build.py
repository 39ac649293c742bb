"""Build the tutorial site into build/site/ from the committed, executed notebooks and the Markdown pages.

The navigation is generated from what exists: each section below is a list of globs, so a new notebook, edition,
solution or guide page appears without editing any configuration. Sources are staged in a temporary folder (the
README becomes the landing page) and rendered by Sphinx + MyST-NB without executing anything.

Only files git tracks are published (in a folder that is not a git work tree, every file that is not hidden), so a
draft or a private note lying in docs/ never reaches the site. --out is replaced only if this script made it (it
leaves a marker file there); any other folder is refused, and nothing beside it is touched.

    python docs/site/build.py [--root REPO] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
MARKER = ".built-by-docs-site"  # in every folder this script built: only such a folder is ever replaced


@dataclass(frozen=True)
class Section:
    """One navigation group: a caption and the globs (relative to the repository) whose files it lists."""

    caption: str
    globs: tuple[str, ...]
    exclude_suffix: str = ""


SECTIONS = (
    Section("Notebooks", ("notebooks/[0-9]*.ipynb",)),
    Section("Guide", ("docs/*.md", "ARCHITECTURE.md"), exclude_suffix=".ja.md"),
    Section("Solutions (open after trying the exercises)", ("notebooks/solutions/*.ipynb",)),
    Section("日本語版", ("README.ja.md", "notebooks/ja/[0-9]*.ipynb", "docs/*.ja.md")),
    Section("解答例(演習のあとで)", ("notebooks/ja/solutions/*.ipynb",)),
)

# Pictures the Markdown pages may show, copied beside them (the notebooks carry their figures inside).
ASSETS = tuple(f"{folder}/**/*.{suffix}" for folder in ("docs", "notebooks") for suffix in ("png", "svg", "jpg", "gif"))


def publishable(root: Path) -> set[Path] | None:
    """The files git tracks under root (relative); None when root is not in a git work tree."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--full-name", "."], capture_output=True, check=True
        )
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    base = Path(top.stdout.decode().strip())
    return {(base / name).relative_to(root) for name in listed.stdout.decode().split("\0") if name}


def _shown(root: Path, path: Path, tracked: set[Path] | None) -> bool:
    relative = path.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return False
    return tracked is None or relative in tracked


def pages(root: Path, section: Section, tracked: set[Path] | None = None) -> list[Path]:
    """The files of one section, in glob order then by name, relative to root (only tracked ones in git)."""
    found: list[Path] = []
    for pattern in section.globs:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root)
            if section.exclude_suffix and path.name.endswith(section.exclude_suffix):
                continue
            if _shown(root, path, tracked) and relative not in found:
                found.append(relative)
    return found


def toctree(caption: str, entries: list[Path]) -> str:
    """A hidden MyST toctree: Furo shows it as a navigation group in the sidebar."""
    lines = "\n".join(entry.with_suffix("").as_posix() for entry in entries)
    return f"\n```{{toctree}}\n:caption: {caption}\n:hidden:\n:maxdepth: 2\n\n{lines}\n```\n"


def copy_page(source: Path, target: Path) -> None:
    """Copy one page; in Markdown, links to the README point at the landing page it becomes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix != ".md":
        shutil.copy2(source, target)
        return
    text = re.sub(r"\]\(((?:\.\./)*)README\.md", r"](\1index.md", source.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")


def stage(root: Path, staging: Path) -> list[Path]:
    """Copy the pages, the Sphinx configuration and a local MathJax into staging; return the pages listed."""
    from mathjax import copy_mathjax  # beside this script

    tracked = publishable(root)
    shutil.copytree(HERE, staging, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__", "nbconvert"))
    shutil.copy2(HERE / "conf.py", staging / "conf.py")
    copy_mathjax(staging / "_mathjax" / "mathjax")
    index = (root / "README.md").read_text(encoding="utf-8")
    for pattern in ASSETS:
        for asset in root.glob(pattern):
            if not asset.is_relative_to(root / "docs" / "site") and _shown(root, asset, tracked):
                (staging / asset.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(asset, staging / asset.relative_to(root))
    listed: list[Path] = []
    for section in SECTIONS:
        entries = pages(root, section, tracked)
        for entry in entries:
            copy_page(root / entry, staging / entry)
        if entries:
            index += toctree(section.caption, entries)
            listed += entries
    (staging / "index.md").write_text(index, encoding="utf-8")
    return listed


class NotOurFolder(Exception):
    """--out names a folder this script did not make: it is left alone."""


def clear_output(out: Path) -> None:
    """Remove a previous build at out, only if it carries our marker (an empty folder is fine too)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise NotOurFolder(f"--out {out}: not a folder this script made (a file or a link); choose another --out")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise NotOurFolder(
                f"--out {out}: this folder holds files and was not made by docs/site/build.py (no {MARKER} in it); "
                "nothing was deleted. Choose an empty or new folder, or remove this one yourself."
            )
        shutil.rmtree(out)


def build(root: Path, out: Path) -> int:
    """Stage root's pages in a temporary folder and render them into out; Sphinx's exit status."""
    clear_output(out)
    from sphinx.cmd.build import build_main  # the site extra; choosing pages and --out checks need none of it

    with tempfile.TemporaryDirectory(prefix="site-src-") as temporary:
        staging = Path(temporary) / "src"
        listed = stage(root, staging)
        status = build_main(
            ["-b", "html", "-q", "-j", "auto", "-d", str(staging / "_doctrees"), str(staging), str(out)]
        )
    if out.is_dir():
        (out / MARKER).write_text("Built by docs/site/build.py; the next build replaces this folder.\n")
    if status == 0:
        print(f"Site: {len(listed) + 1} pages in {out}/ (open {out / 'index.html'})")
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="repository whose pages to render")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "site", help="output folder")
    args = parser.parse_args()
    try:
        sys.exit(build(args.root.resolve(), args.out.resolve()))
    except NotOurFolder as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
