"""Prices from data/prices.json: model lookup, fine-tuned ids and training cost."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from conftest import REPO as PROJECT_ROOT
from helpers.costs import training_cost_usd
from helpers.prices import UnknownModel, fine_tunable_models, price_for, price_metadata, price_source

TABLE = json.loads((PROJECT_ROOT / "src" / "helpers" / "prices.json").read_text(encoding="utf-8"))


def row(model: str, variant: str) -> dict:
    (match,) = [r for r in TABLE["models"] if r["model"] == model and r["variant"] == variant]
    return match


def as_dict(price) -> dict:
    return {k: getattr(price, k) for k in ("model", "variant", "training", "input", "cached_input", "output", "source")}


def test_base_gpt_4o_mini():
    price = price_for("gpt-4o-mini")
    assert as_dict(price) == row("gpt-4o-mini-2024-07-18", "base")
    assert price.training is None


def test_fine_tuned_gpt_4o_mini():
    price = price_for("gpt-4o-mini", fine_tuned=True)
    assert as_dict(price) == row("gpt-4o-mini-2024-07-18", "fine-tuned")


def test_fine_tuned_model_id_resolves_to_the_fine_tuned_price():
    price = price_for("ft:gpt-4o-mini-2024-07-18:org::abc")
    assert price.variant == "fine-tuned"
    assert as_dict(price) == row("gpt-4o-mini-2024-07-18", "fine-tuned")


def test_fine_tuned_id_with_an_alias_base_name():
    assert price_for("ft:gpt-4o-mini:my-org:custom:xyz") == price_for("gpt-4o-mini", fine_tuned=True)


def test_snapshot_name_equals_alias():
    assert price_for("gpt-4o-mini-2024-07-18") == price_for("gpt-4o-mini")


def test_post_model_prices_match_facts():
    # FACTS.md §3 table, USD per 1M tokens
    base, tuned = price_for("gpt-4o-mini"), price_for("gpt-4o-mini", fine_tuned=True)
    assert (base.input, base.cached_input, base.output) == (0.15, 0.075, 0.60)
    assert (tuned.training, tuned.input, tuned.cached_input, tuned.output) == (3.00, 0.30, 0.15, 1.20)


def test_fine_tuned_gpt_4o_mini_costs_twice_the_base_per_token():
    base, tuned = price_for("gpt-4o-mini"), price_for("gpt-4o-mini", fine_tuned=True)
    for field in ("input", "cached_input", "output"):
        assert getattr(tuned, field) == pytest.approx(2 * getattr(base, field))


@pytest.mark.parametrize("model", ["gpt-3.5-turbo", "claude", "ft:davinci-002:org::x", ""])
def test_unknown_model_lists_known_models(model):
    with pytest.raises(UnknownModel) as caught:
        price_for(model)
    message = str(caught.value)
    assert repr(model) in message
    for known in TABLE["models"]:
        assert known["model"] in message


def test_unknown_model_is_a_value_error():
    assert issubclass(UnknownModel, ValueError)
    with pytest.raises(ValueError):
        price_for("gpt-3.5-turbo")


@pytest.mark.parametrize(
    ("model", "prices"),
    [
        ("gpt-4o", (2.50, 1.25, 10.00)),
        ("gpt-4.1", (2.00, 0.50, 8.00)),
        ("gpt-4.1-mini", (0.40, 0.10, 1.60)),
        ("gpt-4.1-nano", (0.10, 0.025, 0.40)),
    ],
)
def test_base_prices_of_the_other_fine_tunable_models(model, prices):
    price = price_for(model, fine_tuned=False)
    assert (price.input, price.cached_input, price.output) == prices
    assert price.training is None
    assert price_source(price) == "OpenAI launch posts and pricing page as quoted by public copies, 2025–2026"


def test_every_row_names_a_source_and_every_fine_tunable_model_has_a_base_price():
    for known in TABLE["models"]:
        assert TABLE["sources"][known["source"]], known
    assert fine_tunable_models() == ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"]
    for model in fine_tunable_models():
        assert price_for(model, fine_tuned=False).variant == "base"
    assert "2024-08 to 2025-04" in price_source(price_for("gpt-4o-mini", fine_tuned=True))


def test_a_price_made_by_hand_has_no_source():
    assert price_source(replace(price_for("gpt-4o-mini"), source="")) == ""


def test_training_cost_of_one_million_tokens_is_the_table_price():
    assert training_cost_usd(1_000_000) == row("gpt-4o-mini-2024-07-18", "fine-tuned")["training"]


@pytest.mark.parametrize("alias", sorted(TABLE["aliases"]))
def test_training_cost_per_model(alias):
    expected = row(TABLE["aliases"][alias], "fine-tuned")["training"]
    assert training_cost_usd(2_000_000, alias) == pytest.approx(2 * expected)
    assert training_cost_usd(1_000_000, f"ft:{TABLE['aliases'][alias]}:org::abc") == pytest.approx(expected)


def test_training_cost_of_the_post_estimate():
    # 11,500 billed tokens (10 examples x 115 tokens x 10 epochs) at the table's training price
    assert training_cost_usd(11_500) == pytest.approx(11_500 * 3.00 / 1_000_000)


def test_training_cost_zero_tokens():
    assert training_cost_usd(0) == 0


def test_negative_tokens_raise():
    with pytest.raises(ValueError, match="-1"):
        training_cost_usd(-1)


def test_training_cost_for_unknown_model():
    with pytest.raises(UnknownModel):
        training_cost_usd(1000, "gpt-3.5-turbo")


def test_metadata_carries_the_caveat():
    meta = price_metadata()
    assert meta["unit"] == "USD per 1M tokens"
    assert meta["as_of"] == TABLE["as_of"]
    assert "openai.com/api/pricing" in meta["about"]
