"""Sphinx configuration of the tutorial site (built by docs/site/build.py, not run directly).

Sphinx + MyST-NB render the committed, executed notebooks without running them; Furo gives navigation and
Sphinx's client-side search. Everything the pages need is served from the site itself: MathJax comes from the
`jupyter-server-mathjax` package, fonts are the reader's own, so the site works with the network off.
"""

from __future__ import annotations

project = "When does fine-tuning pay off?"
author = "finetuning-payoff contributors"
language = "en"

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "_mathjax"]

# The notebooks are committed executed (nbval checks them): render their stored outputs, never run them.
nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js = {}  # widgets need a kernel to move; never load a widget manager from a CDN for their saved state
# strikethrough: docs/glossary.ja.md shows the spellings not to use as ~~…~~
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "strikethrough"]
myst_dmath_allow_digits = False  # "$0.035 … $0.10" in prose is money, not math
myst_update_mathjax = False  # its MathJax 3 settings would confuse the MathJax 2 copy served below
myst_heading_anchors = 3
# Notebooks open with their own headings (skipped levels are intended); MyST warns about ~~…~~ even in HTML builds.
suppress_warnings = ["myst.header", "myst.strikethrough"]

html_theme = "furo"
html_title = "Fine-tuning payoff — tutorial"
html_static_path = ["_mathjax", "_static"]
html_css_files = ["site.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None

# MathJax from jupyter-server-mathjax, copied to _static/mathjax by build.py (see mathjax.py there): no CDN.
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,local/offline"
