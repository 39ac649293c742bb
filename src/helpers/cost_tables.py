"""Tables of notebooks 05 and 06: one row per scenario or per fine-tunable model, every figure from `payoff.decide`.

Columns are identifiers (`training_yen`, `break_even_calls`, …); the notebook renames them for its reader, so each
edition words its own headers. Row labels come from the caller for the same reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from .payoff import Decision, Scenario, decide
from .prices import price_for, snapshot
from .wind_down import RETIREMENTS

DAYS_PER_MONTH = 30.44  # the average month (365.25 / 12), for months left before a date
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


def model_comparison(scenario: Scenario, models: Iterable[str], against: str, as_of: dt.date) -> pd.DataFrame:
    """Per fine-tunable model: training, per-call cost, and the crossover / break-even against its own base model
    (like-for-like) and against the base model `against`; plus its retirement date and whether that date is only
    reported by secondary sources, and whether it has passed by `as_of`."""
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
            "retired": bool(retires) and retires < as_of,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def months_left(retires: dt.date, as_of: dt.date) -> float:
    """Average months from `as_of` to `retires` (0 once it has passed)."""
    return max(0, (retires - as_of).days) / DAYS_PER_MONTH


def payback_before(scenario: Scenario, retires: dt.date, as_of: dt.date) -> tuple[Decision, float, bool]:
    """The decision for `scenario`, the months left before `retires` seen from `as_of`, and whether the training is
    paid back within them at the scenario's monthly volume (which it needs)."""
    if not scenario.calls_per_month:
        raise ValueError("payback_before needs calls_per_month > 0 (months are counted at that volume)")
    decision, left = decide(scenario), months_left(retires, as_of)
    return decision, left, decision.break_even_months <= left


def retirement_payback(scenario: Scenario, comparison: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per model of `comparison` (`model_comparison`): with an instruction twice its like-for-like crossover (long
    enough to save per call), whether the calls left before its base model retires pay back the training."""
    rows = {}
    for name, row in comparison.iterrows():
        if not row["retires"] or not math.isfinite(row["crossover_own_base"]):
            continue
        retires = dt.date.fromisoformat(row["retires"])
        instruction = math.ceil(2 * row["crossover_own_base"])
        long_enough = replace(scenario, model=name, base=None, instruction_tokens=instruction)
        decision, left, pays = payback_before(long_enough, retires, as_of)
        rows[name] = {
            "retires": row["retires"],
            "date_reported_only": row["date_reported_only"],
            "months_left": round(left, 1),
            "instruction_tokens": instruction,
            "break_even_months": round(decision.break_even_months, 2),
            "pays_back": pays,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
