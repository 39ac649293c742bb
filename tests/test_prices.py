"""Prices from data/prices.json: model lookup, fine-tuned ids and training cost."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from conftest import REPO as PROJECT_ROOT
from helpers.cli import main
from helpers.costs import training_cost_usd
from helpers.messages import CATALOGUE
from helpers.prices import (
    UnknownModel,
    fine_tunable_models,
    price_for,
    price_metadata,
    price_source,
    read_price_table,
    table_problem,
)

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


def test_the_shipped_tables_texts_read_in_the_readers_language(monkeypatch):
    """The catalogue's English is the table's own text (they cannot drift apart); its Japanese is what a Japanese
    reader sees. Every source of the table has both."""
    written = {key: TABLE[key] for key in ("unit", "as_of", "source", "about")}
    texts = {f"prices.table.{key}": text for key, text in written.items()}
    texts |= {f"prices.sources.{key.replace('-', '_')}": text for key, text in TABLE["sources"].items()}
    assert {key: CATALOGUE[key]["en"] for key in texts} == texts
    assert price_metadata() == written
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    meta = price_metadata()
    assert meta["unit"] == "USD/100万トークン" and "openai.com/api/pricing" in meta["about"]
    assert meta == {key: CATALOGUE[f"prices.table.{key}"]["ja"] for key in meta}
    tuned = price_for("gpt-4o-mini", fine_tuned=True)
    assert price_source(tuned) == CATALOGUE["prices.sources.pricing_2024"]["ja"]
    assert "2024-08〜2025-04" in price_source(tuned)
    assert price_source(replace(tuned, source="")) == ""


# --- a reader's own price file (`payoff --prices FILE`) ---------------------------------------------------------

MADE_UP = PROJECT_ROOT / "tests" / "fixtures" / "made_up_prices.json"


def test_the_package_table_passes_the_checks_a_readers_file_gets():
    assert table_problem(TABLE) is None


def test_a_readers_file_is_read_in_the_package_format():
    table = read_price_table(MADE_UP)
    tuned = table.price_for("made-up", fine_tuned=True)
    assert (tuned.training, tuned.input, tuned.cached_input, tuned.output) == (10.0, 2.0, 1.0, 4.0)
    assert table.source_of(tuned) == "made up for the tests, 2026-12"
    assert table.fine_tunable_models() == ["made-up"]
    with pytest.raises(UnknownModel, match=r"no base price for model 'gpt-4o-mini' in the price table .*made_up"):
        table.price_for("gpt-4o-mini", fine_tuned=False)


def _mutated(change) -> dict:
    data = json.loads(MADE_UP.read_text(encoding="utf-8"))
    change(data)
    return data


def _set(path: tuple, value):
    def change(data: dict) -> None:
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def _drop(path: tuple):
    def change(data: dict) -> None:
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]

    return change


BROKEN_TABLES = {
    "missing unit": (_drop(("unit",)), "unit: missing"),
    "missing models": (_drop(("models",)), "models: missing"),
    "missing aliases": (_drop(("aliases",)), "aliases: missing"),
    "as_of a number": (_set(("as_of",), 2026), "as_of: must be a text"),
    "other unit": (_set(("unit",), "USD per 1K tokens"), 'unit: must be "USD per 1M tokens"'),
    "sources a list": (_set(("sources",), ["x"]), "sources: must be an object of names to texts"),
    "no models": (_set(("models",), []), "models: must be a non-empty list"),
    "row a list": (_set(("models", 0), [1, 2]), "models[0]: must be an object"),
    "missing price": (_drop(("models", 1, "cached_input")), "models[1].cached_input: missing"),
    "price a text": (_set(("models", 1, "input"), "2.0"), 'models[1].input: must be a number, got "2.0"'),
    "price true": (_set(("models", 0, "output"), True), "models[0].output: must be a number, got true"),
    "price null": (_set(("models", 0, "input"), None), "models[0].input: must be a number, got null"),
    "NaN price": (_set(("models", 1, "output"), math.nan), "models[1].output: must be a finite number >= 0, got nan"),
    "infinite price": (
        _set(("models", 0, "input"), math.inf),
        "models[0].input: must be a finite number >= 0, got inf",
    ),
    "negative price": (_set(("models", 0, "cached_input"), -0.5), "models[0].cached_input: must be a finite number"),
    "no training price": (_set(("models", 1, "training"), None), "models[1].training: must be a number, got null"),
    "trained base": (_set(("models", 0, "training"), 1.0), "models[0].training: must be null for a base model"),
    "odd variant": (_set(("models", 0, "variant"), "tuned"), 'models[0].variant: must be "base" or "fine-tuned"'),
    "empty model": (_set(("models", 0, "model"), ""), "models[0].model: must be a model name"),
    "unknown source": (_set(("models", 0, "source"), "web"), 'models[0].source: "web" is not a key of "sources"'),
    "extra field": (_set(("models", 0, "currency"), "EUR"), "models[0].currency: unknown field"),
    "second row": (lambda data: data["models"].append(dict(data["models"][0])), "models[2]: a second base row"),
    "alias to nothing": (_set(("aliases", "x"), "nothing"), 'aliases.x: "nothing" is not a model of "models"'),
    "empty object": (lambda data: data.clear(), "about: missing"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_TABLES))
def test_a_broken_price_file_exits_2_naming_the_file_and_the_field(tmp_path, capsys, case):
    change, field = BROKEN_TABLES[case]
    path = tmp_path / "provider.json"
    path.write_text(json.dumps(_mutated(change)), encoding="utf-8")  # NaN and Infinity as JSON writes them
    assert _payoff_exit(path) == 2
    err = capsys.readouterr().err
    assert f"error: {path}: {field}" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "No such file or directory"),
        (b"", "line 1, column 1: not JSON"),
        (b"prices: cheap\n", "line 1, column 1: not JSON"),
        (MADE_UP.read_bytes()[:200], "not JSON"),  # truncated
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8 text"),  # binary
        (b"[1, 2]", "the file must hold a JSON object"),
    ],
)
def test_an_unreadable_price_file_exits_2_naming_the_file(tmp_path, capsys, content, reason):
    path = tmp_path / "provider.json"
    if content is not None:
        path.write_bytes(content)
    assert _payoff_exit(path) == 2
    err = capsys.readouterr().err
    assert f"error: {path}: " in err and reason in err and "Traceback" not in err


def test_a_price_file_that_is_a_folder_is_refused(tmp_path, capsys):
    assert _payoff_exit(tmp_path) == 2
    assert f"error: {tmp_path}: Is a directory" in capsys.readouterr().err


def _payoff_exit(path) -> int:
    counts = ["--short-tokens", "1", "--instruction-tokens", "1", "--answer-tokens", "1", "--trained-tokens", "1"]
    return main(["payoff", *counts, "--model", "made-up", "--prices", str(path)])


def test_a_readers_price_file_is_shown_as_written_but_for_the_unit(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    table = read_price_table(MADE_UP)
    assert table.metadata()["unit"] == "USD/100万トークン"  # every table's unit is the same; it is shown in Japanese
    assert table.metadata()["source"] == "made up for the tests"
    tuned = table.price_for("made-up", fine_tuned=True)
    assert table.source_line(tuned, "?") == "Fine-Tuning済みのmade-up-1はmade up for the tests, 2026-12"
