"""A captioned table shows its caption in HTML and plain text, keeps line breaks, and renders the same every time."""

import pandas as pd
import pytest

from helpers.captioned import CaptionedTable

FRAME = pd.DataFrame({"answer": ["line 1\nline 2 <b>"], "tokens": [56]}, index=["base"])


def test_caption_and_cells_in_html_and_text():
    table = CaptionedTable(FRAME, "Answers — authored recording")
    page = table._repr_html_()
    assert page.index("<caption") < page.index("<thead>")
    assert "Answers — authored recording</caption>" in page
    assert "line 1\nline 2 &lt;b&gt;" in page  # the break is kept (pre-wrap), markup is escaped
    assert "\\n" not in page
    assert repr(table).splitlines()[0] == "Answers — authored recording"
    assert "56" in repr(table)


def test_rendering_is_deterministic_and_has_no_ids_or_addresses():
    first, second = CaptionedTable(FRAME, "c"), CaptionedTable(FRAME.copy(), "c")
    assert first._repr_html_() == second._repr_html_() and repr(first) == repr(second)
    assert "0x" not in repr(first) and "id=" not in first._repr_html_()


def test_the_index_can_be_left_out():
    page = CaptionedTable(FRAME, "c", show_index=False)._repr_html_()
    assert "base" not in page and "<th>answer</th>" in page


def test_a_table_without_a_caption_is_refused():
    with pytest.raises(ValueError, match="caption"):
        CaptionedTable(FRAME, "  ")
