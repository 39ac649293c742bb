"""A table with its caption, shown the same way on every run.

pandas' Styler can caption a table, but its HTML embeds a random id and its plain-text form a
memory address, and strict nbval compares both. `CaptionedTable` renders the caption and the
frame as plain HTML and with `DataFrame.to_string`, both deterministic, so a provenance label
can sit where the reader looks at the table.

The frames the helpers build keep their column names as identifiers (`results["prompt style"]`), so code indexes
them alike in both editions; a table shows those names in the reader's language, from the catalogue's `column.*`.
"""

from __future__ import annotations

import html

import pandas as pd

from .messages import labels

# Cells keep their line breaks (answers are several lines long) and start at the top.
_CELL_STYLE = "white-space: pre-wrap; text-align: left; vertical-align: top"
_CAPTION_STYLE = "caption-side: top; text-align: left; font-weight: bold"


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each column or row name that the catalogue's `column.*` knows ("input tokens") in the
    reader's language; any other name as it is."""
    headings = labels("column")

    def heading(name: object) -> object:
        return headings.get(name.replace(" ", "_"), name) if isinstance(name, str) else name

    return frame.rename(columns=heading, index=heading)


class CaptionedTable:
    """A DataFrame with a caption above it, in notebook HTML and in plain text."""

    def __init__(self, frame: pd.DataFrame, caption: str, *, show_index: bool = True) -> None:
        if not caption.strip():
            raise ValueError("a captioned table needs a caption that says what it shows and where it came from")
        self.frame = frame
        self.caption = caption
        self.show_index = show_index

    def _repr_html_(self) -> str:
        # Built by hand: DataFrame.to_html shows line breaks inside a cell as a literal "\n".
        frame = _shown(self.frame)
        head = ([""] if self.show_index else []) + [str(column) for column in frame.columns]
        rows = [
            (f"<th>{_text(label)}</th>" if self.show_index else "")
            + "".join(f'<td style="{_CELL_STYLE}">{_text(value)}</td>' for value in values)
            for label, values in zip(frame.index, frame.itertuples(index=False), strict=True)
        ]
        return "\n".join(
            [
                f'<table class="dataframe"><caption style="{_CAPTION_STYLE}">{_text(self.caption)}</caption>',
                f"<thead><tr>{''.join(f'<th>{_text(h)}</th>' for h in head)}</tr></thead>",
                "<tbody>",
                *(f"<tr>{cells}</tr>" for cells in rows),
                "</tbody></table>",
            ]
        )

    def __repr__(self) -> str:
        return f"{self.caption}\n{_shown(self.frame).to_string(index=self.show_index)}"
