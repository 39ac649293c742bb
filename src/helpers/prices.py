"""Per-token list prices (USD per 1M tokens), from the table that ships inside the package."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

PRICES_FILE = "prices.json"  # package data of `helpers`, so the table is found wherever the package is installed
PER_TOKENS = 1_000_000
DEFAULT_MODEL = "gpt-4o-mini"  # the model the post fine-tunes


@dataclass(frozen=True)
class Price:
    """One model variant's prices in USD per 1M tokens (training is None for a base model)."""

    model: str
    variant: str  # "base" or "fine-tuned"
    training: float | None
    input: float
    cached_input: float
    output: float
    source: str = ""  # key of the table's "sources": where this row's prices were read


class UnknownModel(ValueError):
    """A model that the price table does not list."""


@cache
def _table() -> dict:
    return json.loads(resources.files(__package__).joinpath(PRICES_FILE).read_text(encoding="utf-8"))


def load_prices() -> dict[tuple[str, str], Price]:
    """The price table keyed by (model snapshot, variant)."""
    return {(row["model"], row["variant"]): Price(**row) for row in _table()["models"]}


def price_metadata() -> dict[str, str]:
    """The table's unit, as-of date, source and caveat."""
    return {key: _table()[key] for key in ("unit", "as_of", "source", "about")}


def price_source(price: Price) -> str:
    """Where a row's prices come from, with the period they were quoted in (empty for a hand-made Price)."""
    return _table()["sources"].get(price.source, "")


def fine_tunable_models() -> list[str]:
    """Aliases of the models the table prices for fine-tuning, in the table's order ('gpt-4o-mini', …)."""
    by_snapshot = {snap: alias for alias, snap in _table()["aliases"].items()}
    return [by_snapshot.get(row["model"], row["model"]) for row in _table()["models"] if row["variant"] == "fine-tuned"]


def snapshot(model: str) -> str:
    """'gpt-4o-mini' -> 'gpt-4o-mini-2024-07-18'; 'ft:gpt-4o-mini-2024-07-18:org::id' -> its base."""
    name = model.split(":")[1] if model.startswith("ft:") else model
    return _table()["aliases"].get(name, name)


def price_for(model: str, fine_tuned: bool | None = None) -> Price:
    """Prices of a model; fine_tuned defaults to whether the id starts with 'ft:'."""
    variant = "fine-tuned" if (model.startswith("ft:") if fine_tuned is None else fine_tuned) else "base"
    prices = load_prices()
    key = (snapshot(model), variant)
    if key not in prices:
        known = ", ".join(sorted(f"{m} ({v})" for m, v in prices))
        raise UnknownModel(f"no {variant} price for model {model!r} in the price table; known: {known}")
    return prices[key]
