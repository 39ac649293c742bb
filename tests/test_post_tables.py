"""The post's ○/× tables with their その他 row, and the input-token growth behind it, computed from scored calls."""

import pandas as pd
import pytest

from helpers.evaluation import explained_instead, input_tokens_by_style, post_style_table


def _calls(*rows):
    columns = ["model", "prompt style", "input tokens", "knowledge", "expression", "explains method"]
    return pd.DataFrame(rows, columns=columns)


CALLS = _calls(
    ("base", "short", 56, "×", "×", True),
    ("base", "long", 246, "○", "○", False),
    ("ft", "short", 57, "○", "○", False),
    ("ft", "long", 250, "○", "○", False),
)


def test_the_other_row_follows_the_marks_and_leaves_unnamed_models_empty():
    short = CALLS[CALLS["prompt style"] == "short"]
    table = post_style_table(short, other={"base": "ハルシネーション"})
    assert list(table.index) == ["知識の精度", "表現の精度", "その他"]
    assert table.loc["その他"].to_dict() == {"base": "ハルシネーション", "ft": ""}
    assert table.loc["知識の精度"].to_dict() == {"base": "×", "ft": "○"}
    assert "その他" not in post_style_table(short).index


def test_a_note_for_a_model_not_in_the_table_is_refused():
    with pytest.raises(ValueError, match="not in the table"):
        post_style_table(CALLS[CALLS["prompt style"] == "long"], other={"gpt-5": "?"})


def test_hallucination_is_read_from_the_scores():
    assert explained_instead(CALLS) == {"base": True, "ft": False}


def test_input_token_growth_per_model():
    growth = input_tokens_by_style(CALLS)
    assert list(growth.index) == ["base", "ft"]
    assert growth.loc["base"].to_dict() == {"short": 56, "long": 246, "increase": 190}
    assert growth.loc["ft", "increase"] == 193


def test_input_token_growth_needs_one_call_per_model_and_style():
    with pytest.raises(ValueError, match="one call per model"):
        input_tokens_by_style(pd.concat([CALLS, CALLS]))
