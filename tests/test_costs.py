"""Cost functions against hand arithmetic and their errors (notebooks 05 and 06's figures: tests/test_post_figures.py).

Prices (USD per 1M tokens, FACTS.md §3): base gpt-4o-mini input 0.15, output 0.60; fine-tuned gpt-4o-mini
training 3.00, input 0.30, output 1.20; fine-tuned gpt-4.1-nano input 0.20, output 0.80.
The post's tokens: short request 56, long request 246, answer 55; training 115 tokens × 10 examples × 10 epochs.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from conftest import REPO as PROJECT_ROOT
from helpers.costs import (
    SavingRange,
    break_even_calls,
    cacheable_tokens,
    call_cost_usd,
    crossover_instruction_tokens,
    implied_tokens,
    implied_usd_per_million,
    resolve_price,
    saving_ranges,
    to_usd,
    to_yen,
    training_cost_usd,
)
from helpers.prices import price_for

NOTEBOOK = PROJECT_ROOT / "notebooks" / "05_cost_analysis.ipynb"
BASE = price_for("gpt-4o-mini", fine_tuned=False)
TUNED = price_for("gpt-4o-mini", fine_tuned=True)


# --- values computed by hand -------------------------------------------------------------------------------------


def test_training_cost_of_the_post_file():
    assert training_cost_usd(115 * 10 * 10) == pytest.approx(11500 * 3.00 / 1e6)


def test_training_cost_of_other_models_and_of_a_price_object():
    assert training_cost_usd(11500, "gpt-4.1-nano") == pytest.approx(11500 * 1.50 / 1e6)
    assert training_cost_usd(10935, replace(TUNED, training=0.30)) == pytest.approx(10935 * 0.30 / 1e6)
    assert training_cost_usd(0) == 0


def test_call_cost_base_model_long_prompt():
    assert call_cost_usd("gpt-4o-mini", 246, 55, fine_tuned=False) == pytest.approx(246 * 0.15 / 1e6 + 55 * 0.60 / 1e6)


def test_call_cost_fine_tuned_model_short_prompt():
    expected = 56 * 0.30 / 1e6 + 55 * 1.20 / 1e6
    assert call_cost_usd("gpt-4o-mini", 56, 55, fine_tuned=True) == pytest.approx(expected)
    assert call_cost_usd("ft:gpt-4o-mini-2024-07-18:org::abc", 56, 55, fine_tuned=True) == pytest.approx(expected)
    assert call_cost_usd(TUNED, 56, 55, fine_tuned=True) == pytest.approx(expected)


def test_fine_tuned_model_costs_twice_the_base_per_token():
    assert call_cost_usd(TUNED, 1000, 1000, fine_tuned=True) == pytest.approx(
        2 * call_cost_usd(BASE, 1000, 1000, fine_tuned=False)
    )


def test_break_even_calls():
    assert break_even_calls(0.492075, 0.000855) == pytest.approx(0.492075 / 0.000855)
    assert round(break_even_calls(0.492075, 0.000855), 1) == 575.5
    assert break_even_calls(11500 * 3.00 / 1e6, 25.2 / 1e6) == pytest.approx(0.0345 / 0.0000252)
    assert break_even_calls(0, 1e-6) == 0


@pytest.mark.parametrize("saving", [0, -12.9 / 1e6])
def test_no_break_even_when_a_call_saves_nothing(saving):
    assert break_even_calls(0.0345, saving) == math.inf


def test_crossover_for_gpt_4o_mini():
    expected = (56 * 0.30 + 55 * 1.20 - 56 * 0.15 - 55 * 0.60) / 0.15
    assert expected == pytest.approx(276)
    assert crossover_instruction_tokens("gpt-4o-mini", "gpt-4o-mini", 56, 55) == 276  # exact, no float residue


def test_crossover_against_base_gpt_4o_mini_for_other_fine_tuned_models():
    assert crossover_instruction_tokens(BASE, "gpt-4.1-nano", 56, 55) == pytest.approx(
        (56 * 0.20 + 55 * 0.80 - 56 * 0.15 - 55 * 0.60) / 0.15
    )
    assert crossover_instruction_tokens(BASE, "gpt-4o", 56, 55) == pytest.approx(
        (56 * 3.75 + 55 * 15.00 - 56 * 0.15 - 55 * 0.60) / 0.15
    )


def test_crossover_is_zero_when_the_fine_tuned_model_is_cheaper_anyway():
    cheap = replace(TUNED, input=0.10, output=0.50)
    assert crossover_instruction_tokens(BASE, cheap, 56, 55) == 0


def test_crossover_follows_a_changed_price():
    assert crossover_instruction_tokens(BASE, replace(TUNED, output=0.60), 56, 55) == pytest.approx(
        (56 * 0.30 + 55 * 0.60 - 56 * 0.15 - 55 * 0.60) / 0.15
    )


def test_exchange_rate_both_ways():
    assert to_yen(0.0345, 150) == pytest.approx(0.0345 * 150)
    assert to_usd(0.492075, 150) == pytest.approx(0.492075 / 150)
    assert to_yen(-12.9 / 1e6, 150) == pytest.approx(-12.9 / 1e6 * 150)


def test_implied_price_and_tokens_of_the_post_figures():
    assert implied_usd_per_million(0.000855 / 150, 190) == pytest.approx(0.000855 / 150 / 190 * 1e6)
    assert implied_usd_per_million(0.000855 / 150, 190) == pytest.approx(0.30 / 10)
    assert implied_tokens(0.492075 / 150, 3.00) == pytest.approx(0.492075 / 150 / 3.00 * 1e6)
    assert implied_tokens(0.492075 / 150, 3.00) == pytest.approx(1093.5)
    assert implied_tokens(0.492075 / 150, 3.00 / 10) == pytest.approx(10935)


# --- invalid input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tokens", [-1, 1.5, "56", True, None])
@pytest.mark.parametrize("argument", ["input_tokens", "output_tokens"])
def test_call_cost_rejects_bad_token_counts(argument, tokens):
    counts = {"input_tokens": 56, "output_tokens": 55, argument: tokens}
    with pytest.raises(ValueError, match=argument):
        call_cost_usd("gpt-4o-mini", fine_tuned=True, **counts)


@pytest.mark.parametrize("argument", ["prompt_tokens", "output_tokens"])
def test_crossover_rejects_negative_tokens(argument):
    counts = {"prompt_tokens": 56, "output_tokens": 55, argument: -5}
    with pytest.raises(ValueError, match=argument):
        crossover_instruction_tokens(BASE, TUNED, **counts)


def test_training_cost_rejects_negative_trained_tokens():
    with pytest.raises(ValueError, match="trained_tokens must be >= 0"):
        training_cost_usd(-1)


@pytest.mark.parametrize("model", ["gpt-3.5-turbo", "gpt-5", ""])
def test_unknown_model_names_the_argument(model):
    with pytest.raises(ValueError, match=rf"^tuned: no fine-tuned price for model '{model}'"):
        crossover_instruction_tokens("gpt-4o-mini", model, 56, 55)
    with pytest.raises(ValueError, match=rf"^base: no base price for model '{model}'"):
        crossover_instruction_tokens(model, "gpt-4o-mini", 56, 55)
    with pytest.raises(ValueError, match=rf"^model: no fine-tuned price for model '{model}'"):
        training_cost_usd(100, model)


# Base prices of the other fine-tunable models (USD per 1M tokens, input / output), and their fine-tuned prices.
LIKE_FOR_LIKE = {
    "gpt-4o": ((2.50, 10.00), (3.75, 15.00)),
    "gpt-4.1": ((2.00, 8.00), (3.00, 12.00)),
    "gpt-4.1-mini": ((0.40, 1.60), (0.80, 3.20)),
    "gpt-4.1-nano": ((0.10, 0.40), (0.20, 0.80)),
}


@pytest.mark.parametrize("model", sorted(LIKE_FOR_LIKE))
def test_like_for_like_crossover_of_each_model(model):
    (base_in, base_out), (tuned_in, tuned_out) = LIKE_FOR_LIKE[model]
    expected = ((tuned_in - base_in) * 56 + (tuned_out - base_out) * 55) / base_in
    assert crossover_instruction_tokens(model, model, 56, 55) == pytest.approx(expected)


def test_price_of_the_wrong_variant_is_rejected():
    with pytest.raises(ValueError, match="tuned must be a fine-tuned price"):
        crossover_instruction_tokens(BASE, BASE, 56, 55)
    with pytest.raises(ValueError, match="model must be a model name or a Price"):
        resolve_price(42, fine_tuned=True)


@pytest.mark.parametrize("rate", [0, -150, math.nan, math.inf, True, "150"])
def test_exchange_rate_must_be_positive_and_finite(rate):
    with pytest.raises(ValueError, match="yen_per_usd"):
        to_yen(1.0, rate)
    with pytest.raises(ValueError, match="yen_per_usd"):
        to_usd(1.0, rate)


def test_break_even_rejects_negative_upfront_and_nan_saving():
    with pytest.raises(ValueError, match="upfront must be >= 0"):
        break_even_calls(-1, 1)
    with pytest.raises(ValueError, match="saving_per_call must be a finite number"):
        break_even_calls(1, math.nan)


def test_implied_figures_reject_impossible_input():
    with pytest.raises(ValueError, match="tokens must be > 0"):
        implied_usd_per_million(1.0, 0)
    with pytest.raises(ValueError, match="usd_per_million must be > 0"):
        implied_tokens(1.0, 0)


# --- prompt caching: the 1,024/128-token rule, cached input and the crossovers it makes -------------------------


@pytest.mark.parametrize(
    ("prefix", "cached"),
    [(0, 0), (1023, 0), (1024, 1024), (1151, 1024), (1152, 1152), (1279, 1152), (1280, 1280), (2000, 1920)],
)
def test_cacheable_tokens_at_the_edges_of_the_1024_and_128_token_rule(prefix, cached):
    assert cacheable_tokens(prefix) == cached


@pytest.mark.parametrize("prefix", [-1, 1.5, "1024", None])
def test_cacheable_tokens_rejects_what_is_not_a_token_count(prefix):
    with pytest.raises(ValueError, match="prefix_tokens"):
        cacheable_tokens(prefix)


def test_cached_tokens_are_billed_at_the_cached_input_price():
    # gpt-4.1-mini base: input 0.40, cached input 0.10, output 1.60
    cost = call_cost_usd("gpt-4.1-mini", 56 + 1024, 55, fine_tuned=False, cached_tokens=1024)
    assert cost == pytest.approx((56 * 0.40 + 1024 * 0.10 + 55 * 1.60) / 1e6)
    assert round(cost * 1e6, 1) == 212.8
    with pytest.raises(ValueError, match=r"cached_tokens must be <= input_tokens \(100\), got 101"):
        call_cost_usd("gpt-4.1-mini", 100, 0, fine_tuned=False, cached_tokens=101)


def test_caching_makes_a_second_crossover_for_gpt_4_1_mini():
    # saving per call (USD per 1M calls) with n cached instruction tokens: 0.40·n − 0.30·cached(n) − 110.4
    assert crossover_instruction_tokens("gpt-4.1-mini", "gpt-4.1-mini", 56, 55) == 276
    assert crossover_instruction_tokens("gpt-4.1-mini", "gpt-4.1-mini", 56, 55, cache_hit_rate=1) == 1044
    ranges = saving_ranges("gpt-4.1-mini", "gpt-4.1-mini", 56, 55, cache_hit_rate=1)
    assert ranges == [SavingRange(277, 1023), SavingRange(1045, None)]
    assert saving_ranges("gpt-4.1-mini", "gpt-4.1-mini", 56, 55) == [SavingRange(277, None)]


def test_half_price_caching_leaves_gpt_4o_mini_with_one_crossover():
    # gpt-4o-mini caches at half price: the saving never falls back below 0 past 1,024 tokens
    for rate in (0, 0.5, 1):
        assert crossover_instruction_tokens(BASE, TUNED, 56, 55, cache_hit_rate=rate) == 276
        assert saving_ranges(BASE, TUNED, 56, 55, cache_hit_rate=rate) == [SavingRange(277, None)]


def test_free_cached_tokens_leave_no_length_where_fine_tuning_always_saves():
    free = replace(BASE, cached_input=0.0)
    assert crossover_instruction_tokens(free, TUNED, 56, 55, cache_hit_rate=1) == math.inf
    ranges = saving_ranges(free, TUNED, 56, 55, cache_hit_rate=1, up_to=1500)
    # every step of 128 tokens costs 0 once cached; only its uncached tail (> 276 tokens past the step) saves
    assert ranges == [SavingRange(277, 1023)]
    assert saving_ranges(free, TUNED, 56, 0, cache_hit_rate=1, up_to=1300) == [
        SavingRange(57, 1023),
        SavingRange(1024 + 57, 1151),
        SavingRange(1152 + 57, 1279),
    ]


def test_a_fixed_amount_per_call_moves_the_crossover():
    # 0.1 µ$ a call more on the fine-tuned side: (41.4 + 0.1) / 0.15 instruction tokens
    moved = crossover_instruction_tokens(BASE, TUNED, 56, 55, fixed_usd_per_call=0.1e-6)
    assert moved == pytest.approx(41.5 / 0.15)


@pytest.mark.parametrize("rate", [-0.1, 1.5, math.nan, math.inf, "0.5", True, None])
def test_cache_hit_rate_must_be_a_share(rate):
    with pytest.raises(ValueError, match="cache_hit_rate"):
        crossover_instruction_tokens(BASE, TUNED, 56, 55, cache_hit_rate=rate)
    with pytest.raises(ValueError, match="cache_hit_rate"):
        saving_ranges(BASE, TUNED, 56, 55, cache_hit_rate=rate)


@pytest.mark.parametrize("fixed", [-1e-6, math.nan, math.inf])
def test_fixed_amount_per_call_must_be_finite_and_not_negative(fixed):
    with pytest.raises(ValueError, match="fixed_usd_per_call"):
        crossover_instruction_tokens(BASE, TUNED, 56, 55, fixed_usd_per_call=fixed)
