"""A local copy of MathJax for pages that must render formulas with the network off (make run, make site).

The copy comes from the `jupyter-server-mathjax` package (MathJax 2.7, installed with the project), so no npm and no
CDN are needed. That package carries one configuration (TeX-AMS-MML_HTMLorMML-full), the HTML-CSS output and the
STIX-Web fonts only; `local/offline` below points MathJax at exactly those, or it would look for fonts it lacks.

    python docs/site/mathjax.py DIR    # copies MathJax to DIR; pages load DIR/MathJax.js?config=CONFIG
"""

from __future__ import annotations

import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

CONFIG = "TeX-AMS-MML_HTMLorMML-full,local/offline"
OFFLINE_CONFIG = """MathJax.Hub.Config({
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  menuSettings: {zoom: "None"},
  showMathMenu: false
});
MathJax.Ajax.loadComplete("[MathJax]/config/local/offline.js");
"""


def copy_mathjax(destination: Path) -> Path:
    """Copy MathJax with its offline configuration into destination (replacing it); return the loader's path."""
    if destination.exists():
        shutil.rmtree(destination)
    package = find_spec("jupyter_server_mathjax")  # found, not imported: it would import Jupyter Server
    if package is None or not package.submodule_search_locations:
        sys.exit("jupyter-server-mathjax is not installed: run make install")
    shutil.copytree(Path(package.submodule_search_locations[0]) / "static", destination)
    local = destination / "config" / "local"
    local.mkdir(parents=True, exist_ok=True)
    (local / "offline.js").write_text(OFFLINE_CONFIG, encoding="utf-8")
    return destination / "MathJax.js"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python docs/site/mathjax.py DIR")
    print(copy_mathjax(Path(sys.argv[1])))
