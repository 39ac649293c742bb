"""Does fine-tuning pay for one prompt? The decision that the `payoff` command, notebook 05 and its explorer share.

Prompt-Tuning sends the base model the short prompt plus an instruction; Fine-Tuning sends the fine-tuned model the
short prompt alone after a one-off training job; both write the same answer. `decide` gives every figure of that
comparison from one `Scenario`, so the command line, the sliders and the notebook cannot disagree.

Two 2026 levers change the answer. Prompt caching (OpenAI's prompt caching guide; the OpenAI cookbook notebook
"Prompt Caching 201") bills a repeated prompt prefix of 1,024 tokens or more at the cached-input price, which makes
a long fixed instruction cheaper to send. A hosting fee, which Azure OpenAI charges per hour for a deployed
fine-tuned model whether or not it is called, is a fixed monthly cost of the fine-tuned side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .costs import (
    RANGES_UP_TO,
    ModelOrPrice,
    SavingRange,
    break_even_calls,
    cacheable_tokens,
    call_cost_usd,
    check_amount,
    check_rate,
    check_tokens,
    crossover_instruction_tokens,
    resolve_price,
    saving_ranges,
    to_yen,
    training_cost_usd,
)
from .messages import say
from .prices import DEFAULT_MODEL, Price, PriceTable, package_table

POST_YEN_PER_USD = 150  # the post's exchange rate


@dataclass(frozen=True)
class Scenario:
    """One reader's numbers: token counts per call, the training job, and optionally a monthly volume.

    `model` is the model to fine-tune; `base` the model prompted with the instruction (default: `model`'s own
    base model, a like-for-like comparison); names are looked up in `prices` (default: the package's table).

    `cache_hit_rate` is the share of prompted calls that find the instruction in OpenAI's prompt cache. The
    instruction is assumed to come first (a system message) and the short prompt, which changes per call, after
    it, so the cacheable prefix is the instruction's own tokens (`instruction_tokens`; the few tokens of chat
    formatting and the short prompt are not counted in it). A hit bills `cacheable_tokens(instruction_tokens)` at
    the base model's cached-input price and the rest of the input at the input price. The fine-tuned side sends
    only the short prompt, assumed below 1,024 tokens, so it is never cached.

    `fixed_usd_per_month` is what the fine-tuned side pays every month besides tokens (a hosting fee); it needs
    `calls_per_month` and is spread over those calls.
    """

    short_tokens: int
    instruction_tokens: int
    answer_tokens: int
    trained_tokens: int
    model: ModelOrPrice = DEFAULT_MODEL
    base: ModelOrPrice | None = None
    calls_per_month: int | None = None
    yen_per_usd: float = POST_YEN_PER_USD
    cache_hit_rate: float = 0.0
    fixed_usd_per_month: float = 0.0
    prices: PriceTable | None = None


@dataclass(frozen=True)
class Decision:
    """The figures of one Scenario, in USD (per call and upfront) and calls."""

    scenario: Scenario
    base: Price
    tuned: Price
    prompted_call_usd: float  # base model, instruction + short prompt; with caching, the average over hits and misses
    tuned_call_usd: float  # fine-tuned model, short prompt alone (tokens only)
    training_usd: float
    crossover_tokens: float  # instruction length above which Fine-Tuning saves on every call (inf: no such length)
    break_even_calls: float  # math.inf when Fine-Tuning never pays back
    cached_tokens: int = 0  # instruction tokens a cache hit bills at the cached-input price
    hosting_per_call_usd: float = 0.0  # the monthly fee spread over the month's calls

    @property
    def saving_per_call_usd(self) -> float:
        """What one call saves by fine-tuning, net of the hosting fee (negative: it costs more)."""
        return self.prompted_call_usd - self.tuned_call_usd - self.hosting_per_call_usd

    def saving_ranges(self, up_to: int = RANGES_UP_TO) -> list[SavingRange]:
        """The instruction lengths (whole tokens) where fine-tuning saves per call in this scenario, caching and
        hosting fee included: [SavingRange(277, None)] for the post's setting (277 tokens or more). With caching
        there can be two or more ranges: gpt-4.1-mini with every call cached saves from 277 to 1,023 tokens, costs
        more from 1,024 to 1,044 (the cached instruction is cheap) and saves again from 1,045."""
        s = self.scenario
        return saving_ranges(
            self.base,
            self.tuned,
            s.short_tokens,
            s.answer_tokens,
            cache_hit_rate=s.cache_hit_rate,
            fixed_usd_per_call=self.hosting_per_call_usd,
            up_to=up_to,
        )

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
        table, by_hand = self.scenario.prices or package_table(), say("payoff.hand_price")
        return [table.source_line(p, by_hand) for p in (self.tuned, self.base)]

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
            "cache_hit_rate": self.scenario.cache_hit_rate,
            "cached_tokens": self.cached_tokens,
            "fixed_usd_per_month": self.scenario.fixed_usd_per_month,
            "hosting_per_call_usd": self.hosting_per_call_usd,
            "hosting_per_call_yen": self.yen(self.hosting_per_call_usd),
        }

    def verdict(self, templates: Mapping[str, str] | None = None) -> str:
        """One sentence: after how many calls (and months) fine-tuning pays back, or why it never does.

        The sentences are the catalogue's (payoff.never, payoff.pays_back, payoff.months) in the reader's language,
        or `templates` with the same names: the notebook passes its own. Each may use `Decision.figures()`. When
        caching makes fine-tuning save in more than one range of instruction lengths, "never" becomes
        "never_ranges" (with {ranges}), if the templates have it.
        """
        figures = self.figures()

        def sentence(name: str, **extra: object) -> str:
            if templates is not None:
                return templates[name].format(**extra, **figures)
            return say(f"payoff.{name}", **extra, **figures)

        if not self.pays_back:
            ranges = self.saving_ranges()
            several = not one_crossover(ranges) and (templates is None or "never_ranges" in templates)
            return sentence("never_ranges", ranges=ranges_text(ranges)) if several else sentence("never")
        when = sentence("months") if self.break_even_months is not None else ""
        return sentence("pays_back", when=when)


def one_crossover(ranges: Sequence[SavingRange]) -> bool:
    """Whether fine-tuning saves exactly above one instruction length (always so without caching)."""
    return len(ranges) == 1 and ranges[0].last is None


def ranges_text(ranges: Sequence[SavingRange]) -> str:
    """Saving ranges in words ("277–1,023 tokens and 1,045 tokens or more"), in the reader's language."""
    parts = [
        say("payoff.range", first=r.first, last=r.last)
        if r.last is not None
        else say("payoff.range_open", first=r.first)
        for r in ranges
    ]
    if not parts:
        return say("payoff.ranges_none")
    return say("payoff.range_separator").join(parts)


@lru_cache(maxsize=256)
def _crossover(base: Price, tuned: Price, short: int, answer: int, hit_rate: float, hosting: float) -> float:
    """The crossover does not depend on the instruction length: a sweep over lengths (notebook 05's plots, the
    explorer) computes its exact fractions once per line, not once per point. Arguments are checked and hashable."""
    return crossover_instruction_tokens(base, tuned, short, answer, cache_hit_rate=hit_rate, fixed_usd_per_call=hosting)


def decide(scenario: Scenario) -> Decision:
    """All figures of the comparison for `scenario`; ValueError names the bad field.

    Per call, with n instruction tokens, hit rate R and c = cacheable_tokens(n):
    prompted = (1 − R)·cost(short + n at the input price) + R·cost(c at the cached-input price, the rest at the
    input price); tuned = cost(short at the fine-tuned input price); both plus the answer at each model's output
    price; saving = prompted − tuned − fee ÷ calls a month; break-even = training ÷ saving.
    """
    short = check_tokens("short_tokens", scenario.short_tokens)
    instruction = check_tokens("instruction_tokens", scenario.instruction_tokens)
    answer = check_tokens("answer_tokens", scenario.answer_tokens)
    volume = scenario.calls_per_month
    if volume is not None:
        check_tokens("calls_per_month", volume, unit="calls")
    check_amount("yen_per_usd", scenario.yen_per_usd, positive=True)
    hit_rate = check_rate("cache_hit_rate", scenario.cache_hit_rate)
    fee = check_amount("fixed_usd_per_month", scenario.fixed_usd_per_month)
    if fee and not volume:
        raise ValueError("fixed_usd_per_month needs calls_per_month > 0 (the fee is spread over the month's calls)")
    if scenario.prices is not None and not isinstance(scenario.prices, PriceTable):
        raise ValueError(f"prices must be a PriceTable (helpers.prices.read_price_table), got {scenario.prices!r}")
    tuned = resolve_price(scenario.model, fine_tuned=True, argument="model", table=scenario.prices)
    base_model = tuned.model if scenario.base is None else scenario.base
    base = resolve_price(base_model, fine_tuned=False, argument="base", table=scenario.prices)
    cached = cacheable_tokens(instruction)
    missed = call_cost_usd(base, short + instruction, answer, fine_tuned=False)
    hit = call_cost_usd(base, short + instruction, answer, fine_tuned=False, cached_tokens=cached)
    prompted = (1 - hit_rate) * missed + hit_rate * hit if hit_rate else missed
    fine_tuned = call_cost_usd(tuned, short, answer, fine_tuned=True)
    hosting = fee / volume if fee else 0.0
    training = training_cost_usd(scenario.trained_tokens, tuned)
    return Decision(
        scenario=scenario,
        base=base,
        tuned=tuned,
        prompted_call_usd=prompted,
        tuned_call_usd=fine_tuned,
        training_usd=training,
        crossover_tokens=_crossover(base, tuned, short, answer, hit_rate, hosting),
        break_even_calls=break_even_calls(training, prompted - fine_tuned - hosting),
        cached_tokens=cached,
        hosting_per_call_usd=hosting,
    )
