"""Exercises of notebook 06: a cached instruction's break-even (06.1) and the second crossover caching makes (06.2).

The figures come from `payoff.decide` for the post's setting (`post_figures.post_setting`), so the check and the
notebook cannot disagree.
"""

from __future__ import annotations

from dataclasses import replace

from ..costs import call_cost_usd
from ..payoff import decide
from ..post_figures import post_setting
from .answer_values import number
from .core import Feedback, exercise, hint, right

INSTRUCTION_TOKENS = 2000  # 06.1: a 2,000-token instruction ...
HIT_RATE = 1.0  # ... found in the cache on every prompted call
TOLERANCE_CALLS = 0.05  # the break-even to one decimal


def _break_even(**changes: object) -> float:
    scenario = post_setting().scenario(instruction_tokens=INSTRUCTION_TOKENS, cache_hit_rate=HIT_RATE)
    return decide(replace(scenario, **changes)).break_even_calls


def _all_tokens_cached() -> float:
    """The mistake of caching all 2,000 tokens (not the 1,920 the 128-token steps allow)."""
    decision = decide(post_setting().scenario(instruction_tokens=INSTRUCTION_TOKENS))
    s = decision.scenario
    prompted = call_cost_usd(
        decision.base,
        s.short_tokens + s.instruction_tokens,
        s.answer_tokens,
        fine_tuned=False,
        cached_tokens=INSTRUCTION_TOKENS,
    )
    return decision.training_usd / (prompted - decision.tuned_call_usd)


@exercise("06.1")
def cached_break_even(answer: object) -> Feedback:
    answer = number(answer, "ex.06.1.type")
    want = _break_even()
    if abs(answer - want) <= TOLERANCE_CALLS:
        return right("ex.06.1.right", calls=f"{want:,.1f}", uncached=f"{_break_even(cache_hit_rate=0.0):,.1f}")
    known = [
        ("ex.06.1.no_cache", _break_even(cache_hit_rate=0.0)),
        ("ex.06.1.half_rate", _break_even(cache_hit_rate=0.5)),
        ("ex.06.1.all_tokens", _all_tokens_cached()),
        ("ex.06.1.other_model", _break_even(model="gpt-4.1-mini")),
    ]
    key = next((key for key, value in known if abs(answer - value) <= TOLERANCE_CALLS), "ex.06.1.calls")
    return hint(key)


SECOND_MODEL = "gpt-4.1-mini"  # 06.2: cached input at a quarter of the input price makes a second crossover
TOLERANCE_TOKENS = 0.5


def _ranges() -> list:
    """Where fine-tuning gpt-4.1-mini saves per call with every call cached: [277–1,023, 1,045 or more]."""
    return decide(post_setting().scenario(SECOND_MODEL, cache_hit_rate=HIT_RATE)).saving_ranges()


@exercise("06.2")
def second_crossover(answer: object) -> Feedback:
    answer = number(answer, "ex.06.2.type")
    first, second = _ranges()[:2]
    want = second.first - 1  # saves above this length (the crossover), from the next whole token on
    if abs(answer - want) <= TOLERANCE_TOKENS:
        return right("ex.06.2.right", tokens=f"{want:,}", last=f"{first.last:,}", first=f"{first.first - 1:,}")
    known = {
        first.first - 1: "ex.06.2.first_crossover",
        second.first: "ex.06.2.first_saving",
        first.last + 1: "ex.06.2.cache_minimum",
        first.last: "ex.06.2.range_end",
    }
    key = next((key for value, key in known.items() if abs(answer - value) <= TOLERANCE_TOKENS), "ex.06.2.tokens")
    return hint(key)
