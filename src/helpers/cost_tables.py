"""Tables of notebook 05: one row per scenario or per fine-tunable model, every figure from `payoff.decide`.

Columns are identifiers (`training_yen`, `break_even_calls`, …); the notebook renames them for its reader, so each
edition words its own headers. Row labels come from the caller for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from .payoff import Scenario, decide
from .prices import price_for, snapshot
from .wind_down import RETIREMENTS

ROUNDING = {"training_yen": 6, "prompted_call_yen": 9, "tuned_call_yen": 9, "saving_per_call_yen": 9}


def summary(scenario: Scenario) -> dict[str, float]:
    """The figures a reader compares between scenarios, in yen and calls (inf: never pays back)."""
    figures = decide(scenario).figures()
    row = {key: round(figures[key], digits) for key, digits in ROUNDING.items()}
    row["crossover_tokens"] = round(figures["crossover_tokens"], 1)
    row["break_even_calls"] = round(figures["break_even_calls"], 1)
    return row


def summaries(scenarios: Mapping[str, Scenario]) -> pd.DataFrame:
    """One `summary` row per labelled scenario, e.g. the correction ladder or the sensitivity table."""
    return pd.DataFrame.from_dict({label: summary(s) for label, s in scenarios.items()}, orient="index")


def model_comparison(scenario: Scenario, models: Iterable[str], against: str) -> pd.DataFrame:
    """Per fine-tunable model: training, per-call cost, and the crossover / break-even against its own base model
    (like-for-like) and against the base model `against`; plus its retirement date and whether that date is only
    reported by secondary sources."""
    rows = {}
    for model in models:
        own = decide(replace(scenario, model=model, base=None))
        other = decide(replace(scenario, model=model, base=price_for(against, fine_tuned=False)))
        retires, reported = RETIREMENTS.get(snapshot(model), (None, False))
        rows[model] = {
            "training_yen": round(own.yen(own.training_usd), 4),
            "tuned_call_yen": round(own.yen(own.tuned_call_usd), 6),
            "own_base_call_yen": round(own.yen(own.prompted_call_usd), 6),
            "crossover_own_base": round(own.crossover_tokens, 1),
            "break_even_own_base": round(own.break_even_calls, 1),
            "crossover_against": round(other.crossover_tokens, 1),
            "break_even_against": round(other.break_even_calls, 1),
            "retires": retires.isoformat() if retires else "",
            "date_reported_only": reported,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
