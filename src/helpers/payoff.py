"""Does fine-tuning pay for one prompt? The decision that the `payoff` command, notebook 05 and its explorer share.

Prompt-Tuning sends the base model the short prompt plus an instruction; Fine-Tuning sends the fine-tuned model the
short prompt alone after a one-off training job; both write the same answer. `decide` gives every figure of that
comparison from one `Scenario`, so the command line, the sliders and the notebook cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .costs import (
    ModelOrPrice,
    break_even_calls,
    call_cost_usd,
    check_amount,
    check_tokens,
    crossover_instruction_tokens,
    resolve_price,
    to_yen,
    training_cost_usd,
)
from .messages import say
from .prices import DEFAULT_MODEL, Price, price_source

POST_YEN_PER_USD = 150  # the post's exchange rate


@dataclass(frozen=True)
class Scenario:
    """One reader's numbers: token counts per call, the training job, and optionally a monthly volume.

    `model` is the model to fine-tune; `base` the model prompted with the instruction (default: `model`'s own
    base model, a like-for-like comparison).
    """

    short_tokens: int
    instruction_tokens: int
    answer_tokens: int
    trained_tokens: int
    model: ModelOrPrice = DEFAULT_MODEL
    base: ModelOrPrice | None = None
    calls_per_month: int | None = None
    yen_per_usd: float = POST_YEN_PER_USD


@dataclass(frozen=True)
class Decision:
    """The figures of one Scenario, in USD (per call and upfront) and calls."""

    scenario: Scenario
    base: Price
    tuned: Price
    prompted_call_usd: float  # base model, short prompt + instruction
    tuned_call_usd: float  # fine-tuned model, short prompt alone
    training_usd: float
    crossover_tokens: float  # instruction length above which Fine-Tuning saves per call
    break_even_calls: float  # math.inf when Fine-Tuning never pays back

    @property
    def saving_per_call_usd(self) -> float:
        """What one call saves by fine-tuning (negative: it costs more)."""
        return self.prompted_call_usd - self.tuned_call_usd

    @property
    def pays_back(self) -> bool:
        return math.isfinite(self.break_even_calls)

    @property
    def break_even_months(self) -> float | None:
        """Months to pay back at the scenario's monthly volume; None without a volume, inf if never."""
        volume = self.scenario.calls_per_month
        if not volume:
            return None
        return self.break_even_calls / volume if self.pays_back else math.inf

    def yen(self, usd: float) -> float:
        return to_yen(usd, self.scenario.yen_per_usd)

    def sources(self) -> list[str]:
        """Where the two price rows come from, e.g. for the command's last line."""
        by_hand = say("payoff.hand_price")
        return [f"{p.variant} {p.model}: {price_source(p) or by_hand}" for p in (self.tuned, self.base)]

    def figures(self) -> dict[str, float | int | None]:
        """Every figure by name, yen and USD, for a table, JSON or a verdict template."""
        return {
            "prompted_call_usd": self.prompted_call_usd,
            "tuned_call_usd": self.tuned_call_usd,
            "saving_per_call_usd": self.saving_per_call_usd,
            "training_usd": self.training_usd,
            "prompted_call_yen": self.yen(self.prompted_call_usd),
            "tuned_call_yen": self.yen(self.tuned_call_usd),
            "saving_per_call_yen": self.yen(self.saving_per_call_usd),
            "extra_per_call_yen": -self.yen(self.saving_per_call_usd),
            "training_yen": self.yen(self.training_usd),
            "crossover_tokens": self.crossover_tokens,
            "break_even_calls": self.break_even_calls,
            "break_even_months": self.break_even_months,
            "calls_per_month": self.scenario.calls_per_month,
        }

    def verdict(self, templates: Mapping[str, str] | None = None) -> str:
        """One sentence: after how many calls (and months) fine-tuning pays back, or why it never does.

        The sentences are the catalogue's (payoff.never, payoff.pays_back, payoff.months) in the reader's language,
        or `templates` with the same names: the notebook passes its own. Each may use `Decision.figures()`.
        """
        figures = self.figures()

        def sentence(name: str, **extra: object) -> str:
            if templates is not None:
                return templates[name].format(**extra, **figures)
            return say(f"payoff.{name}", **extra, **figures)

        if not self.pays_back:
            return sentence("never")
        when = sentence("months") if self.break_even_months is not None else ""
        return sentence("pays_back", when=when)


def decide(scenario: Scenario) -> Decision:
    """All figures of the comparison for `scenario`; ValueError names the bad field."""
    short = check_tokens("short_tokens", scenario.short_tokens)
    instruction = check_tokens("instruction_tokens", scenario.instruction_tokens)
    answer = check_tokens("answer_tokens", scenario.answer_tokens)
    if scenario.calls_per_month is not None:
        check_tokens("calls_per_month", scenario.calls_per_month, unit="calls")
    check_amount("yen_per_usd", scenario.yen_per_usd, positive=True)
    tuned = resolve_price(scenario.model, fine_tuned=True, argument="model")
    base = resolve_price(tuned.model if scenario.base is None else scenario.base, fine_tuned=False, argument="base")
    prompted = call_cost_usd(base, short + instruction, answer, fine_tuned=False)
    fine_tuned = call_cost_usd(tuned, short, answer, fine_tuned=True)
    training = training_cost_usd(scenario.trained_tokens, tuned)
    return Decision(
        scenario=scenario,
        base=base,
        tuned=tuned,
        prompted_call_usd=prompted,
        tuned_call_usd=fine_tuned,
        training_usd=training,
        crossover_tokens=crossover_instruction_tokens(base, tuned, short, answer),
        break_even_calls=break_even_calls(training, prompted - fine_tuned),
    )
