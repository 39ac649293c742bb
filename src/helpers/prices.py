"""Per-token list prices (USD per 1M tokens): the table that ships inside the package, or a reader's own file.

A reader pricing another provider writes a JSON file in the package table's own format (`src/helpers/prices.json`)
and passes it to `read_price_table`; every field is checked, so a typo is named instead of mispricing a decision.
The shipped table's texts (unit, sources, caveat) are shown in the reader's language, from the catalogue's
`prices.*`; a reader's own file is shown as written.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from .messages import labels, say

PRICES_FILE = "prices.json"  # package data of `helpers`, so the table is found wherever the package is installed
PER_TOKENS = 1_000_000
UNIT = "USD per 1M tokens"
DEFAULT_MODEL = "gpt-4o-mini"  # the model the post fine-tunes
VARIANTS = ("base", "fine-tuned")
TEXT_FIELDS = ("about", "unit", "as_of", "source")
PRICE_FIELDS = ("input", "cached_input", "output")


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


class PriceFileError(ValueError):
    """A price file that cannot be read as a table: the message names the file and the field."""


@dataclass(frozen=True, eq=False)
class PriceTable:
    """A checked price table: its rows, aliases, sources and caveat, and where it was read (`origin`)."""

    origin: str
    data: dict
    shipped: bool = False  # the package's own table, whose texts the catalogue holds in both languages

    def prices(self) -> dict[tuple[str, str], Price]:
        """The rows keyed by (model snapshot, variant)."""
        return dict(self._rows)

    @cached_property
    def _rows(self) -> dict[tuple[str, str], Price]:
        """Built once per table: a sweep over instruction lengths looks prices up thousands of times."""
        return {(row["model"], row["variant"]): Price(**row) for row in self.data["models"]}

    def metadata(self) -> dict[str, str]:
        """The table's unit, as-of date, source and caveat, to show (every table's unit is UNIT)."""
        shown = labels("prices.table")
        written = {key: self.data[key] for key in ("unit", "as_of", "source", "about")}
        return {key: shown[key] if self.shipped or key == "unit" else text for key, text in written.items()}

    def source_of(self, price: Price) -> str:
        """Where a row's prices come from, with the period they were quoted in (empty for a hand-made Price)."""
        written = self.data["sources"].get(price.source, "")
        return labels("prices.sources")[price.source.replace("-", "_")] if self.shipped and written else written

    def source_line(self, price: Price, unknown: str) -> str:
        """'fine-tuned gpt-4o-mini-2024-07-18: where its prices come from' (`unknown` for a hand-made Price)."""
        variant = labels("prices.variant")[price.variant.replace("-", "_")]
        return say("prices.row_source", variant=variant, model=price.model, source=self.source_of(price) or unknown)

    def snapshot(self, model: str) -> str:
        """'gpt-4o-mini' -> 'gpt-4o-mini-2024-07-18'; 'ft:gpt-4o-mini-2024-07-18:org::id' -> its base."""
        name = model.split(":")[1] if model.startswith("ft:") else model
        return self.data["aliases"].get(name, name)

    def fine_tunable_models(self) -> list[str]:
        """Aliases of the models priced for fine-tuning, in the table's order ('gpt-4o-mini', …)."""
        by_snapshot = {snap: alias for alias, snap in self.data["aliases"].items()}
        rows = self.data["models"]
        return [by_snapshot.get(row["model"], row["model"]) for row in rows if row["variant"] == "fine-tuned"]

    def price_for(self, model: str, fine_tuned: bool | None = None) -> Price:
        """Prices of a model; fine_tuned defaults to whether the id starts with 'ft:'."""
        variant = "fine-tuned" if (model.startswith("ft:") if fine_tuned is None else fine_tuned) else "base"
        prices = self._rows
        key = (self.snapshot(model), variant)
        if key not in prices:
            known = ", ".join(sorted(f"{m} ({v})" for m, v in prices))
            where = "" if self.origin == PRICES_FILE else f" {self.origin}"
            raise UnknownModel(f"no {variant} price for model {model!r} in the price table{where}; known: {known}")
        return prices[key]


def _number(value: object, field: str, *, optional: bool = False) -> str | None:
    """Why `value` is not a price (a finite number >= 0, or null if optional), or None if it is one."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{field}: must be a number, got {json.dumps(value)}"
    if not math.isfinite(value) or value < 0:
        return f"{field}: must be a finite number >= 0, got {value}"
    return None


def _text_map(value: object, field: str) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return f"{field}: must be an object of names to texts"
    return None


def _row_problem(row: object, index: int, sources: dict) -> str | None:
    """The first problem of the table's row `index`, or None."""
    field = f"models[{index}]"
    if not isinstance(row, dict):
        return f"{field}: must be an object"
    expected = {"model", "variant", "training", *PRICE_FIELDS, "source"}
    missing = [name for name in ("model", "variant", "training", *PRICE_FIELDS, "source") if name not in row]
    if missing:
        return f"{field}.{missing[0]}: missing"
    if extra := sorted(set(row) - expected):
        return f"{field}.{extra[0]}: unknown field (expected {', '.join(sorted(expected))})"
    if not isinstance(row["model"], str) or not row["model"]:
        return f"{field}.model: must be a model name, got {json.dumps(row['model'])}"
    if row["variant"] not in VARIANTS:
        return f'{field}.variant: must be "base" or "fine-tuned", got {json.dumps(row["variant"])}'
    if row["variant"] == "base" and row["training"] is not None:
        return f"{field}.training: must be null for a base model"
    training = _number(row["training"], f"{field}.training", optional=row["variant"] == "base")
    prices = (_number(row[name], f"{field}.{name}") for name in PRICE_FIELDS)
    if problem := next((p for p in (training, *prices) if p), None):
        return problem
    if row["source"] not in sources:
        return f'{field}.source: {json.dumps(row["source"])} is not a key of "sources"'
    return None


def table_problem(data: object) -> str | None:
    """The first reason `data` is not a price table in the package's format, as 'field: problem', or None."""
    if not isinstance(data, dict):
        return "the file must hold a JSON object (a price table)"
    for name in (*TEXT_FIELDS, "sources", "models", "aliases"):
        if name not in data:
            return f"{name}: missing"
    if bad := next((name for name in TEXT_FIELDS if not isinstance(data[name], str)), None):
        return f"{bad}: must be a text"
    if data["unit"] != UNIT:
        return f"unit: must be {json.dumps(UNIT)}, got {json.dumps(data['unit'])}"
    if problem := _text_map(data["sources"], "sources") or _text_map(data["aliases"], "aliases"):
        return problem
    if not isinstance(data["models"], list) or not data["models"]:
        return "models: must be a non-empty list of price rows"
    seen: set[tuple[str, str]] = set()
    for index, row in enumerate(data["models"]):
        if problem := _row_problem(row, index, data["sources"]):
            return problem
        if (row["model"], row["variant"]) in seen:
            return f"models[{index}]: a second {row['variant']} row for {row['model']}"
        seen.add((row["model"], row["variant"]))
    models = {model for model, _ in seen}
    if bad := next((alias for alias, snap in data["aliases"].items() if snap not in models), None):
        return f'aliases.{bad}: {json.dumps(data["aliases"][bad])} is not a model of "models"'
    return None


def read_price_table(path: Path | str) -> PriceTable:
    """A reader's price file, checked; PriceFileError names the file and the first bad field."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PriceFileError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise PriceFileError(f"{path}: not UTF-8 text (a JSON price table was expected)") from None
    except json.JSONDecodeError as error:
        raise PriceFileError(f"{path}: line {error.lineno}, column {error.colno}: not JSON ({error.msg})") from None
    if problem := table_problem(data):
        raise PriceFileError(f"{path}: {problem}")
    return PriceTable(str(path), data)


@cache
def package_table() -> PriceTable:
    """The table that ships inside the package."""
    data = json.loads(resources.files(__package__).joinpath(PRICES_FILE).read_text(encoding="utf-8"))
    return PriceTable(PRICES_FILE, data, shipped=True)


def load_prices() -> dict[tuple[str, str], Price]:
    """The package's price table keyed by (model snapshot, variant)."""
    return package_table().prices()


def price_metadata() -> dict[str, str]:
    """The package table's unit, as-of date, source and caveat."""
    return package_table().metadata()


def price_source(price: Price) -> str:
    """Where a row of the package table comes from (empty for a hand-made Price)."""
    return package_table().source_of(price)


def fine_tunable_models() -> list[str]:
    """Aliases of the models the package table prices for fine-tuning, in the table's order."""
    return package_table().fine_tunable_models()


def snapshot(model: str) -> str:
    """'gpt-4o-mini' -> 'gpt-4o-mini-2024-07-18'; 'ft:gpt-4o-mini-2024-07-18:org::id' -> its base."""
    return package_table().snapshot(model)


def price_for(model: str, fine_tuned: bool | None = None) -> Price:
    """Prices of a model in the package table; fine_tuned defaults to whether the id starts with 'ft:'."""
    return package_table().price_for(model, fine_tuned)
