"""The arithmetic of fine-tuning costs: training, one call (with prompt caching), break-even and crossovers.

The primitives behind `payoff.decide`, the one place that compares prompting with fine-tuning. Costs are in USD
unless a name says yen. A model is a name (looked up in a price table, the package's by default) or a `Price`.

Prompt caching follows OpenAI's prompt caching guide (platform.openai.com/docs/guides/prompt-caching) and the
OpenAI cookbook notebook "Prompt Caching 201" (openai/openai-cookbook, examples/Prompt_Caching_201.ipynb): a
repeated prompt prefix is cached once the prompt reaches 1,024 tokens, in steps of 128 tokens, and cached tokens
are billed at the model's cached-input price.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Real
from typing import NamedTuple

from .exact import exact
from .prices import DEFAULT_MODEL, PER_TOKENS, Price, PriceTable, UnknownModel, package_table

ModelOrPrice = str | Price
CACHE_MIN_TOKENS = 1024  # a prefix shorter than this is never cached
CACHE_STEP_TOKENS = 128  # beyond it, cache hits grow in steps of this many tokens
RANGES_UP_TO = 2**20  # instruction lengths searched for saving ranges: beyond every listed model's context window
MAX_TOKENS = 10**18


class SavingRange(NamedTuple):
    """Instruction lengths (whole tokens, both ends included) where fine-tuning saves per call."""

    first: int
    last: int | None  # None: every longer instruction saves too


def check_tokens(argument: str, value: object, unit: str = "tokens") -> int:
    """`value` if it is a whole number of `unit` >= 0; otherwise ValueError naming `argument`."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{argument} must be a whole number of {unit}, got {value!r} ({type(value).__name__})")
    if value < 0:
        raise ValueError(f"{argument} must be >= 0 {unit}, got {value}")
    if value > MAX_TOKENS:  # beyond any real use, and past 1e308 a price times it overflows a float
        raise ValueError(f"{argument} must be at most 10^18 {unit}, got a number of {len(str(int(value)))} digits")
    return int(value)


def check_amount(argument: str, value: object, *, positive: bool = False, allow_negative: bool = False) -> float:
    """A finite number; >= 0 unless allow_negative, > 0 if positive."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{argument} must be a finite number, got {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{argument} must be > 0, got {value!r}")
    if not allow_negative and value < 0:
        raise ValueError(f"{argument} must be >= 0, got {value!r}")
    return float(value)


def check_rate(argument: str, value: object) -> float:
    """A share from 0 to 1 (a cache-hit rate); otherwise ValueError naming `argument`."""
    rate = check_amount(argument, value)
    if rate > 1:
        raise ValueError(f"{argument} must be from 0 to 1, got {value!r}")
    return rate


def resolve_price(
    model: ModelOrPrice, fine_tuned: bool, argument: str = "model", table: PriceTable | None = None
) -> Price:
    """The prices of `model` (a name or a Price) as a base or fine-tuned model, a name looked up in `table` (the
    package's by default); ValueError names `argument`."""
    variant = "fine-tuned" if fine_tuned else "base"
    if isinstance(model, Price):
        if model.variant != variant:
            raise ValueError(f"{argument} must be a {variant} price, got the {model.variant} price of {model.model}")
        return model
    if not isinstance(model, str):
        raise ValueError(f"{argument} must be a model name or a Price, got {model!r}")
    try:
        return (table or package_table()).price_for(model, fine_tuned=fine_tuned)
    except UnknownModel as error:
        raise UnknownModel(f"{argument}: {error}") from None


def to_yen(usd: float, yen_per_usd: float) -> float:
    """USD converted at `yen_per_usd` (the post uses 150)."""
    rate = check_amount("yen_per_usd", yen_per_usd, positive=True)
    return check_amount("usd", usd, allow_negative=True) * rate


def to_usd(yen: float, yen_per_usd: float) -> float:
    """Yen converted back to USD at `yen_per_usd`."""
    rate = check_amount("yen_per_usd", yen_per_usd, positive=True)
    return check_amount("yen", yen, allow_negative=True) / rate


def training_cost_usd(trained_tokens: int, model: ModelOrPrice = DEFAULT_MODEL) -> float:
    """USD billed for `trained_tokens` (tokens per epoch × epochs) of fine-tuning `model`."""
    tokens = check_tokens("trained_tokens", trained_tokens)
    rate = resolve_price(model, fine_tuned=True).training
    if rate is None:
        raise ValueError(f"model: {model} has no training price")
    return tokens * rate / PER_TOKENS


def cacheable_tokens(prefix_tokens: int) -> int:
    """Tokens of a repeated prefix that a cache hit covers: none below 1,024, then whole steps of 128 tokens
    (1,024 + 128·⌊(n − 1,024)/128⌋: 1,023 -> 0, 1,024 -> 1,024, 1,151 -> 1,024, 1,152 -> 1,152)."""
    n = check_tokens("prefix_tokens", prefix_tokens)
    if n < CACHE_MIN_TOKENS:
        return 0
    return CACHE_MIN_TOKENS + CACHE_STEP_TOKENS * ((n - CACHE_MIN_TOKENS) // CACHE_STEP_TOKENS)


def call_cost_usd(
    model: ModelOrPrice, input_tokens: int, output_tokens: int, *, fine_tuned: bool, cached_tokens: int = 0
) -> float:
    """USD of one call: `cached_tokens` of the input at the cached-input price, the rest of the input at the input
    price, output tokens at the output price."""
    price = resolve_price(model, fine_tuned)
    tokens, cached = check_tokens("input_tokens", input_tokens), check_tokens("cached_tokens", cached_tokens)
    if cached > tokens:
        raise ValueError(f"cached_tokens must be <= input_tokens ({tokens}), got {cached}")
    return (
        (tokens - cached) * price.input
        + cached * price.cached_input
        + check_tokens("output_tokens", output_tokens) * price.output
    ) / PER_TOKENS


def break_even_calls(upfront: float, saving_per_call: float) -> float:
    """Calls after which the upfront (training) cost is paid back; math.inf if a call saves nothing.

    Both amounts in the same currency.
    """
    upfront = check_amount("upfront", upfront)
    saving = check_amount("saving_per_call", saving_per_call, allow_negative=True)
    return upfront / saving if saving > 0 else math.inf


class _SavingLine:
    """Saving per call against instruction length n, USD per 1M calls: a·n − d·cacheable(n) − k. a: the base input
    price; d: hit rate × (input − cached input); k: what the fine-tuned call costs more with no instruction (prompt
    and answer at both models' prices, plus a fixed amount per call). Exact fractions: 276 is 276, not 275.99…"""

    def __init__(
        self, base: ModelOrPrice, tuned: ModelOrPrice, prompt: int, output: int, rate: float, fixed: float
    ) -> None:
        base, tuned = resolve_price(base, False, "base"), resolve_price(tuned, True, "tuned")
        prompt, output = check_tokens("prompt_tokens", prompt), check_tokens("output_tokens", output)
        rate, fixed = check_rate("cache_hit_rate", rate), check_amount("fixed_usd_per_call", fixed)
        if base.input <= 0:
            raise ValueError(f"base: the input price of {base.model} must be > 0 for a crossover to exist")
        self.a = exact(base.input)
        self.d = exact(rate) * (self.a - exact(base.cached_input))
        self.k = (
            (exact(tuned.input) - self.a) * prompt
            + (exact(tuned.output) - exact(base.output)) * output
            + exact(fixed) * PER_TOKENS
        )

    def first_always_saving_step(self) -> int | None:
        """The first cache step (1,024, 1,152, …) from which every longer instruction saves; None if there is none."""
        slope = self.a - self.d  # per token, what a whole 128-token step adds
        if slope <= 0:
            return CACHE_MIN_TOKENS if self.k < 0 else None
        if slope * CACHE_MIN_TOKENS > self.k:
            return CACHE_MIN_TOKENS
        steps = math.floor((self.k / slope - CACHE_MIN_TOKENS) / CACHE_STEP_TOKENS) + 1
        return CACHE_MIN_TOKENS + CACHE_STEP_TOKENS * steps

    def zero(self, cached: int) -> Fraction:
        """The instruction length where the saving is 0 while `cached` tokens are cacheable."""
        return (self.k + self.d * cached) / self.a

    def crossover(self) -> float:
        """The instruction length above which every longer instruction saves (0.0 if all do; inf if none)."""
        step = self.first_always_saving_step()
        if step is None:
            return math.inf
        if step == CACHE_MIN_TOKENS:
            return float(max(Fraction(0), min(self.k / self.a, Fraction(step))))
        return float(min(self.zero(step - CACHE_STEP_TOKENS), Fraction(step)))

    def ranges(self, up_to: int) -> list[SavingRange]:
        """Whole instruction lengths from 0 to `up_to` where the saving is > 0, merged into ranges."""
        found: list[SavingRange] = []

        def add(first: int, last: int | None) -> None:
            if last is not None and first > last:
                return
            if found and found[-1].last is not None and found[-1].last + 1 == first:
                first = found.pop().first
            found.append(SavingRange(first, last))

        add(max(0, math.floor(self.k / self.a) + 1), min(CACHE_MIN_TOKENS - 1, up_to))
        always, start = self.first_always_saving_step(), CACHE_MIN_TOKENS
        while start <= up_to:
            if start == always:
                add(start, None)
                break
            add(max(start, math.floor(self.zero(start)) + 1), min(start + CACHE_STEP_TOKENS - 1, up_to))
            start += CACHE_STEP_TOKENS
        return found


def crossover_instruction_tokens(
    base: ModelOrPrice,
    tuned: ModelOrPrice,
    prompt_tokens: int,
    output_tokens: int,
    *,
    cache_hit_rate: float = 0.0,
    fixed_usd_per_call: float = 0.0,
) -> float:
    """Instruction tokens above which the fine-tuned model (prompt alone) costs less per call than the base model
    (instruction first, then the prompt) for every longer instruction; 0.0 if it always does, inf if never.

    With caching (`cache_hit_rate` of the calls find the instruction cached) prompting gets cheaper past 1,024
    tokens, so fine-tuning may save below 1,024 and cost more just above: `saving_ranges` lists every range.
    `fixed_usd_per_call`: what the fine-tuned side pays per call besides tokens (a hosting fee over the calls)."""
    return _SavingLine(base, tuned, prompt_tokens, output_tokens, cache_hit_rate, fixed_usd_per_call).crossover()


def saving_ranges(
    base: ModelOrPrice,
    tuned: ModelOrPrice,
    prompt_tokens: int,
    output_tokens: int,
    *,
    cache_hit_rate: float = 0.0,
    fixed_usd_per_call: float = 0.0,
    up_to: int = RANGES_UP_TO,
) -> list[SavingRange]:
    """The instruction lengths (whole tokens up to `up_to`) where fine-tuning saves per call, as ranges; the last
    one open (`last` None) when every longer instruction saves too. Without caching there is at most one range."""
    line = _SavingLine(base, tuned, prompt_tokens, output_tokens, cache_hit_rate, fixed_usd_per_call)
    return line.ranges(check_tokens("up_to", up_to))


def implied_usd_per_million(cost_usd: float, tokens: int) -> float:
    """The per-1M-token price that bills `cost_usd` for `tokens` tokens."""
    if check_tokens("tokens", tokens) == 0:
        raise ValueError("tokens must be > 0 to imply a price")
    return check_amount("cost_usd", cost_usd) / tokens * PER_TOKENS


def implied_tokens(cost_usd: float, usd_per_million: float) -> float:
    """The token count that `cost_usd` buys at `usd_per_million` (not rounded: a fraction is a clue)."""
    rate = check_amount("usd_per_million", usd_per_million, positive=True)
    return check_amount("cost_usd", cost_usd) / rate * PER_TOKENS
