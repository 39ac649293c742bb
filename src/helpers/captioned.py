"""A table with its caption, shown the same way on every run.

pandas' Styler can caption a table, but its HTML embeds a random id and its plain-text form a
memory address, and strict nbval compares both. `CaptionedTable` renders the caption and the
frame with `DataFrame.to_html` / `to_string`, which are deterministic, so a provenance label
can sit where the reader looks at the table.
"""

from __future__ import annotations

import html

import pandas as pd

# Cells keep their line breaks (answers are several lines long) and start at the top.
_CELL_STYLE = "white-space: pre-wrap; text-align: left; vertical-align: top"


class CaptionedTable:
    """A DataFrame with a caption above it, in notebook HTML and in plain text."""

    def __init__(self, frame: pd.DataFrame, caption: str, *, show_index: bool = True) -> None:
        if not caption.strip():
            raise ValueError("a captioned table needs a caption that says what it shows and where it came from")
        self.frame = frame
        self.caption = caption
        self.show_index = show_index

    def _repr_html_(self) -> str:
        table = self.frame.to_html(index=self.show_index, border=0, justify="left")
        caption = f'<caption style="caption-side: top; text-align: left">{html.escape(self.caption)}</caption>'
        table = table.replace(">", ">" + caption, 1)  # right after the opening <table ...> tag
        return table.replace("<td>", f'<td style="{_CELL_STYLE}">')

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=self.show_index)}"
