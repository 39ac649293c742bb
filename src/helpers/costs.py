"""What fine-tuning costs and when it pays back: training, per call, break-even and the crossover instruction length.

Costs are in USD unless a name says yen. A model is given by name (looked up in the price table through
`helpers.prices`) or as a `Price`, so a notebook can try another price with `dataclasses.replace`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral, Real

from .exact import exact
from .prices import DEFAULT_MODEL, PER_TOKENS, Price, UnknownModel, price_for

ModelOrPrice = str | Price
MAX_TOKENS = 10**18


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


def resolve_price(model: ModelOrPrice, fine_tuned: bool, argument: str = "model") -> Price:
    """The prices of `model` (a name or a Price) as a base or fine-tuned model; ValueError names `argument`."""
    variant = "fine-tuned" if fine_tuned else "base"
    if isinstance(model, Price):
        if model.variant != variant:
            raise ValueError(f"{argument} must be a {variant} price, got the {model.variant} price of {model.model}")
        return model
    if not isinstance(model, str):
        raise ValueError(f"{argument} must be a model name or a Price, got {model!r}")
    try:
        return price_for(model, fine_tuned=fine_tuned)
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


def call_cost_usd(model: ModelOrPrice, input_tokens: int, output_tokens: int, *, fine_tuned: bool) -> float:
    """USD of one call: input tokens at the input price plus output tokens at the output price."""
    price = resolve_price(model, fine_tuned)
    return (
        check_tokens("input_tokens", input_tokens) * price.input
        + check_tokens("output_tokens", output_tokens) * price.output
    ) / PER_TOKENS


def per_call_saving_usd(
    base: ModelOrPrice, tuned: ModelOrPrice, prompt_tokens: int, instruction_tokens: int, output_tokens: int
) -> float:
    """What one call saves by fine-tuning: the base model sent prompt + instruction, minus the fine-tuned
    model sent the prompt alone; both write `output_tokens`. Negative when fine-tuning costs more per call."""
    prompt = check_tokens("prompt_tokens", prompt_tokens)
    instruction = check_tokens("instruction_tokens", instruction_tokens)
    prompted = call_cost_usd(resolve_price(base, False, "base"), prompt + instruction, output_tokens, fine_tuned=False)
    return prompted - call_cost_usd(resolve_price(tuned, True, "tuned"), prompt, output_tokens, fine_tuned=True)


def break_even_calls(upfront: float, saving_per_call: float) -> float:
    """Calls after which the upfront (training) cost is paid back; math.inf if a call saves nothing.

    Both amounts in the same currency.
    """
    upfront = check_amount("upfront", upfront)
    saving = check_amount("saving_per_call", saving_per_call, allow_negative=True)
    return upfront / saving if saving > 0 else math.inf


def total_cost_usd(calls: int, per_call_usd: float, upfront_usd: float = 0.0) -> float:
    """Cumulative cost of `calls` calls after an upfront cost."""
    calls = check_tokens("calls", calls, unit="calls")
    return check_amount("upfront_usd", upfront_usd) + calls * check_amount("per_call_usd", per_call_usd)


def crossover_instruction_tokens(
    base: ModelOrPrice, tuned: ModelOrPrice, prompt_tokens: int, output_tokens: int
) -> float:
    """Instruction tokens above which the fine-tuned model (prompt alone) costs less per call than the base model
    (prompt + instruction). 0.0 when the fine-tuned model is cheaper even without an instruction."""
    base_price, tuned_price = resolve_price(base, False, "base"), resolve_price(tuned, True, "tuned")
    prompt, output = check_tokens("prompt_tokens", prompt_tokens), check_tokens("output_tokens", output_tokens)
    if base_price.input <= 0:
        raise ValueError(f"base: the input price of {base_price.model} must be > 0 for a crossover to exist")
    extra = (exact(tuned_price.input) - exact(base_price.input)) * prompt + (
        exact(tuned_price.output) - exact(base_price.output)
    ) * output
    return float(max(Fraction(0), extra / exact(base_price.input)))


def implied_usd_per_million(cost_usd: float, tokens: int) -> float:
    """The per-1M-token price that bills `cost_usd` for `tokens` tokens."""
    if check_tokens("tokens", tokens) == 0:
        raise ValueError("tokens must be > 0 to imply a price")
    return check_amount("cost_usd", cost_usd) / tokens * PER_TOKENS


def implied_tokens(cost_usd: float, usd_per_million: float) -> float:
    """The token count that `cost_usd` buys at `usd_per_million` (not rounded: a fraction is a clue)."""
    rate = check_amount("usd_per_million", usd_per_million, positive=True)
    return check_amount("cost_usd", cost_usd) / rate * PER_TOKENS
