"""A captioned table shows its caption in HTML and plain text, keeps line breaks, and renders the same every time."""

import pandas as pd
import pytest

from helpers.captioned import CaptionedTable
from helpers.validation import validate_bytes

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


def test_a_helpers_column_names_are_shown_in_the_readers_language(monkeypatch):
    """The frame keeps its identifiers (code indexes them alike in both editions); only what is shown changes."""
    rows = pd.DataFrame(validate_bytes(b'{"messages": []}\n', "a.jsonl").rows())
    frame = pd.DataFrame({"input tokens": [56], "usage.prompt_tokens": [56]}, index=["answer"])
    english = CaptionedTable(frame, "c")._repr_html_()
    assert "<th>input tokens</th>" in english and "<th>answer</th>" in english
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    japanese = CaptionedTable(frame, "c")
    assert "<th>入力トークン数</th>" in japanese._repr_html_() and "<th>回答</th>" in japanese._repr_html_()
    assert "<th>usage.prompt_tokens</th>" in japanese._repr_html_()  # an API field keeps its name
    assert repr(japanese).splitlines()[1].split() == ["入力トークン数", "usage.prompt_tokens"]
    assert list(frame.columns) == ["input tokens", "usage.prompt_tokens"]  # the frame itself is untouched
    heads = CaptionedTable(rows, "c", show_index=False)._repr_html_().split("<thead>")[1].split("</thead>")[0]
    assert heads == "<tr><th>行</th><th>フィールド</th><th>コード</th><th>メッセージ</th></tr>"
