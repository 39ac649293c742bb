"""The post's setting and notebooks 05/06's figures, tested in the package functions the notebooks call (no notebook
is executed here: nbval runs each once). Prices as in tests/test_costs.py (FACTS: USD per 1M tokens)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import replace

import pytest
from test_costs import LIKE_FOR_LIKE
from test_payoff import payoff_json, post

from conftest import REPO
from helpers import cost_tables
from helpers.dataset import make_example, read_jsonl
from helpers.messages import labels
from helpers.payoff import decide
from helpers.post_figures import (
    CLOSING_ROWS,
    POST_STATED,
    closing_verdicts,
    generated_split,
    generated_training,
    held_out_cost_usd,
    post_accounting,
    post_setting,
    sensitivity,
    sensitivity_changes,
    verdict,
)
from helpers.prices import fine_tunable_models
from helpers.tokens import estimate_training
from helpers.wind_down import SNAPSHOT

SETTING = post_setting()
OURS = SETTING.scenario(calls_per_month=1000)
NOTEBOOKS = [REPO / "notebooks" / name for name in ("05_cost_analysis.ipynb", "06_when_it_pays.ipynb")]
STATED = ("0.492075", "0.000855", "575.5")


def test_the_posts_setting_is_counted_from_its_prompts_answer_and_examples():
    assert (SETTING.short_tokens, SETTING.long_tokens, SETTING.answer_tokens) == (56, 246, 55)
    assert SETTING.instruction_tokens == 190
    assert SETTING.trained_tokens == 115 * 10 * 10
    assert SETTING.trained_tokens_without_priming == 112 * 10 * 10
    assert OURS.model == "gpt-4o-mini" and OURS.base is None and OURS.yen_per_usd == 150


def test_the_posts_accounting_rebuilds_its_three_figures():
    accounting = post_accounting(OURS)
    assert accounting.input_price == pytest.approx(0.30 / 10)
    assert accounting.slip == pytest.approx(10)
    assert accounting.trained_tokens == 10935
    rebuilt = accounting.rebuilt()
    assert rebuilt["training_yen"] == pytest.approx(0.492075)
    assert rebuilt["instruction_yen"] == pytest.approx(0.000855)
    assert round(rebuilt["break_even_calls"], 1) == 575.5
    assert accounting.matches() == {"training_yen": True, "instruction_yen": True, "break_even_calls": True}
    assert accounting.implied_trained_tokens(3.00) == pytest.approx(1093.5)


def test_a_rebuilt_figure_that_differs_does_not_match():
    off = replace(post_accounting(OURS), scenario=replace(post_accounting(OURS).scenario, trained_tokens=11500))
    assert off.matches()["training_yen"] is False


def test_our_figures_at_list_prices():
    ours = decide(OURS)
    assert ours.yen(ours.training_usd) == pytest.approx(11500 * 3.00 / 1e6 * 150)
    assert ours.yen(ours.saving_per_call_usd) == pytest.approx(
        (246 * 0.15 + 55 * 0.60 - 56 * 0.30 - 55 * 1.20) / 1e6 * 150
    )
    assert ours.break_even_calls == math.inf
    assert ours.crossover_tokens == 276


def test_sensitivity_rows_move_as_the_arithmetic_says():
    table = sensitivity(OURS, post_accounting(OURS).scenario, sensitivity_changes(SETTING))
    assert list(table.index) == ["baseline", "no_priming", "no_answer", "double_answer", "yen_120", "yen_180"]
    assert table.loc["no_priming", "training_yen"] == pytest.approx(112 * 10 * 10 * 3.00 / 1e6 * 150)
    assert table.loc["no_answer", "crossover_tokens"] == pytest.approx(56 * (0.30 - 0.15) / 0.15)
    assert table.loc["no_answer", "break_even_calls"] == pytest.approx(0.0345 / ((190 - 56) * 0.15 / 1e6), abs=0.05)
    assert table.loc["double_answer", "crossover_tokens"] == pytest.approx((56 * 0.15 + 110 * 0.60) / 0.15)
    assert table.loc["yen_120", "crossover_tokens"] == table.loc["yen_180", "crossover_tokens"] == 276
    assert table.loc["yen_120", "training_yen"] == pytest.approx(11500 * 3.00 / 1e6 * 120)
    assert table.loc["baseline", "post_break_even_calls"] == pytest.approx(575.5, abs=0.05)
    assert table.loc["no_priming", "post_break_even_calls"] == pytest.approx(11200 * 0.3 / (190 * 0.03), abs=0.05)
    assert list(table["fine_tuning_cheaper"]) == [False, False, True, False, False, False]


def test_every_fine_tunable_model_against_its_own_base_and_its_retirement():
    models = cost_tables.model_comparison(OURS, fine_tunable_models(), against="gpt-4o-mini", as_of=SNAPSHOT)
    assert list(models.index) == ["gpt-4o-mini", *LIKE_FOR_LIKE]
    for model, ((base_in, base_out), (tuned_in, tuned_out)) in LIKE_FOR_LIKE.items():
        expected = ((tuned_in - base_in) * 56 + (tuned_out - base_out) * 55) / base_in
        assert models.loc[model, "crossover_own_base"] == pytest.approx(expected)
    assert models.loc["gpt-4.1-nano", "retires"] == "2026-10-23"
    assert models.loc["gpt-4.1-nano", "retired"] and not models.loc["gpt-4o-mini", "retired"]
    earlier = cost_tables.model_comparison(OURS, ["gpt-4.1-nano"], against="gpt-4o-mini", as_of=dt.date(2026, 10, 1))
    assert not earlier.loc["gpt-4.1-nano", "retired"]


def test_months_left_and_payback_before_a_date():
    assert cost_tables.months_left(dt.date(2027, 1, 14), dt.date(2026, 11, 25)) == pytest.approx(50 / 30.44)
    assert cost_tables.months_left(dt.date(2026, 10, 23), dt.date(2026, 11, 25)) == 0
    long_enough = replace(OURS, instruction_tokens=552)  # twice the crossover: saves 41.4 µ$ a call
    decision, left, pays = cost_tables.payback_before(long_enough, dt.date(2027, 1, 14), SNAPSHOT)
    assert decision.break_even_months == pytest.approx(0.0345 / (276 * 0.15e-6) / 1000)
    assert pays is (decision.break_even_months <= left) is True
    assert cost_tables.payback_before(long_enough, dt.date(2026, 11, 26), SNAPSHOT)[2] is False
    with pytest.raises(ValueError, match="calls_per_month"):
        cost_tables.payback_before(replace(OURS, calls_per_month=None), dt.date(2027, 1, 14), SNAPSHOT)


def test_retirement_table_takes_twice_each_crossover():
    models = cost_tables.model_comparison(OURS, fine_tunable_models(), against="gpt-4o-mini", as_of=SNAPSHOT)
    table = cost_tables.retirement_payback(OURS, models, SNAPSHOT)
    assert table.loc["gpt-4o-mini", "instruction_tokens"] == 552
    assert table.loc["gpt-4o", "instruction_tokens"] == 276
    assert table.loc["gpt-4.1-nano", "months_left"] == 0 and not table.loc["gpt-4.1-nano", "pays_back"]
    assert table.loc["gpt-4o-mini", "months_left"] == pytest.approx(50 / 30.44, abs=0.05)


def test_the_verdict_states_the_computed_answer():
    text = verdict()
    assert "+190" in text and "+276" in text and "never pays back" in text
    assert "301.0 calls instead of 133.4" in text
    assert "277–1,023 tokens and 1,045 tokens or more" in text


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_closing_table_puts_the_computed_figures_in_the_posts_rows(monkeypatch, language):
    monkeypatch.setenv("FINETUNE_LANG", language)
    table = closing_verdicts(SETTING, OURS)
    assert list(table.index) == list(CLOSING_ROWS.values()) and list(table.columns[:2]) == [
        "Fine-Tuning",
        "Prompt-Tuning",
    ]
    assert "5.1750" in table.loc["改善コスト", "Fine-Tuning"] and "11,500" in table.loc["改善コスト", "Fine-Tuning"]
    assert "0.492075" in table.loc["改善コスト"].iloc[2] and "10" in table.loc["改善コスト"].iloc[2]
    long_term = " ".join(table.loc["長期的なコスト"])
    assert "0.012420" in long_term and "0.010485" in long_term and "+276" in long_term and "Prompt-Tuning" in long_term
    assert not any("{" in text for text in table.to_numpy().ravel()), "a placeholder was left unfilled"
    longer = closing_verdicts(SETTING, replace(OURS, instruction_tokens=2000))
    assert "133.4" in longer.loc["長期的なコスト", "Fine-Tuning"]  # pays back now, after the computed calls
    assert "Fine-Tuning" in longer.loc["長期的なコスト", "Prompt-Tuning"]


def test_labels_fill_only_their_own_placeholders():
    models = labels("cost.models", instruction=190, model="gpt-4o-mini", as_of=SNAPSHOT)
    assert models["break_even_against"] == "break-even vs base gpt-4o-mini at +190 (calls)"
    assert labels("cost.sweep")["crossover"] == "crossover: {tokens:g} tokens"
    with pytest.raises(KeyError, match=r"cost\.nothing"):
        labels("cost.nothing")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_the_posts_figures_are_typed_only_in_the_package(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    assert [literal for literal in STATED if re.search(rf"(?<![\d.]){re.escape(literal)}(?!\d)", code)] == []
    source = (REPO / "src" / "helpers" / "post_figures.py").read_text(encoding="utf-8")
    assert all(literal in source for literal in STATED) and POST_STATED["break_even_calls"] == 575.5


def test_payoff_command_equals_the_package_figures_for_the_post_numbers(capsys):
    figures = payoff_json(capsys, *post(), "--instruction-tokens", "190")["figures"]
    ours = decide(OURS)
    assert figures["training_yen"] == pytest.approx(ours.yen(ours.training_usd))
    assert figures["saving_per_call_yen"] == pytest.approx(ours.yen(ours.saving_per_call_usd))
    assert figures["crossover_tokens"] == ours.crossover_tokens
    models = cost_tables.model_comparison(OURS, fine_tunable_models(), against="gpt-4o-mini", as_of=SNAPSHOT)
    for model in models.index:
        other = payoff_json(capsys, *post(model), "--instruction-tokens", "190")["figures"]
        assert other["crossover_tokens"] == pytest.approx(models.loc[model, "crossover_own_base"], abs=0.05)


def test_the_generated_set_is_notebook_02s_and_priced_as_a_training_job():
    split = generated_split()
    assert (len(split.train), len(split.validation), len(split.held_out)) == (70, 10, 20)
    committed = read_jsonl(REPO / "data" / "generated" / "train.jsonl")
    assert [make_example(a, b) for a, b in split.train] == committed  # the same pairs as the file 02 writes
    training = generated_training(split)
    assert training.trained_tokens == estimate_training(committed).trained_tokens and training.epochs == 3


def test_the_held_out_test_costs_each_pair_in_both_styles_on_both_models():
    # (30, 20): short 56, long 246 input tokens, 55 output; base 0.15/0.60, fine-tuned 0.30/1.20 USD per 1M
    one = (56 * 0.15 + 55 * 0.60 + 56 * 0.30 + 55 * 1.20 + 246 * 0.15 + 55 * 0.60 + 246 * 0.30 + 55 * 1.20) / 1e6
    assert held_out_cost_usd([(30, 20)]) == pytest.approx(one)
    assert held_out_cost_usd([(30, 20), (30, 20)]) == pytest.approx(2 * one)
    assert held_out_cost_usd([]) == 0
