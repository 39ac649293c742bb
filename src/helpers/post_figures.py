"""The post's setting and its cost figures, computed once for notebooks 05 and 06 and the exercises.

The post (精度評価1/2 and its cost paragraph) states a few figures; `POST_STATED` is the one place they are typed.
Everything else is computed: the token counts from the post's prompts and answer (the pair 30 and 20 of its worked
answer), the training estimate from its ten examples, and the accounting that reproduces its yen figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd

from .balance_shift import analyze
from .cost_tables import summaries
from .costs import call_cost_usd, implied_tokens, implied_usd_per_million, to_usd
from .dataset import GENERATED_PAIRS, GENERATED_SEED, Split, article_examples, generate_split, make_example
from .messages import labels, say
from .payoff import POST_YEN_PER_USD, Scenario, decide, ranges_text
from .prices import DEFAULT_MODEL, price_for
from .prompts import chat_messages
from .tokens import TOKENS_FOR_REPLY, TrainingEstimate, count_chat_tokens, count_text_tokens, estimate_training

POST_PAIR = (30, 20)  # the numbers of the post's worked answer; with them our counts give its prompt lengths
# The post's stated figures, as printed in the post (精度評価2 and the cost paragraph).
POST_STATED: dict[str, float] = {
    "short_tokens": 56,
    "long_tokens": 246,
    "instruction_tokens": 190,
    "yen_per_usd": POST_YEN_PER_USD,
    "training_yen": 0.492075,
    "instruction_yen": 0.000855,
    "break_even_calls": 575.5,
}


@dataclass(frozen=True)
class PostSetting:
    """Token counts of the post's two prompts and its answer, and the training job on its ten examples."""

    short_tokens: int  # 精度評価1: system + short prompt
    long_tokens: int  # 精度評価2: system + long prompt with the instruction
    answer_tokens: int  # the answer both models write
    training: TrainingEstimate

    @property
    def instruction_tokens(self) -> int:
        """What the instruction adds to every call."""
        return self.long_tokens - self.short_tokens

    @property
    def trained_tokens(self) -> int:
        return self.training.trained_tokens

    @property
    def trained_tokens_without_priming(self) -> int:
        """The trained tokens without the 3 reply-priming tokens per example (a training file primes no reply)."""
        return self.trained_tokens - TOKENS_FOR_REPLY * len(self.training.tokens_per_example) * self.training.epochs

    def scenario(self, model: str = DEFAULT_MODEL, **changes: object) -> Scenario:
        """The post's decision at list prices: fine-tuned `model` against its own base model, outputs billed."""
        setting = Scenario(self.short_tokens, self.instruction_tokens, self.answer_tokens, self.trained_tokens, model)
        return replace(setting, **changes)


@cache
def post_setting() -> PostSetting:
    """The post's setting: 56 / 246 prompt tokens, a 55-token answer, 11,500 trained tokens (10 × 115 × 10)."""
    a, b = POST_PAIR
    return PostSetting(
        count_chat_tokens(chat_messages(a, b, "short")),
        count_chat_tokens(chat_messages(a, b, "long")),
        count_text_tokens(analyze(a, b)),
        estimate_training(article_examples()),
    )


@dataclass(frozen=True)
class PostAccounting:
    """The prices that reproduce the post's yen figures, and its decision rebuilt with them."""

    input_price: float  # USD per 1M input tokens implied by the post's cost of the instruction
    slip: float  # the list fine-tuned input price over that implied price (10: a factor of ten)
    training_usd: float  # the post's training cost in USD at its exchange rate
    trained_tokens: int  # the tokens that cost buys at the list training price divided by `slip`
    scenario: Scenario  # one input price for both models, outputs not counted

    def implied_trained_tokens(self, usd_per_million: float) -> float:
        """The tokens the post's training cost buys at `usd_per_million`."""
        return implied_tokens(self.training_usd, usd_per_million)

    def rebuilt(self) -> dict[str, float]:
        """The post's three cost figures, recomputed from this accounting."""
        post = decide(self.scenario)
        return {
            "training_yen": post.yen(post.training_usd),
            "instruction_yen": post.yen(post.saving_per_call_usd),
            "break_even_calls": post.break_even_calls,
        }

    def matches(self) -> dict[str, bool]:
        """Whether each rebuilt figure equals the post's, to the post's digits."""
        return {
            key: math.isclose(round(value, 1 if key == "break_even_calls" else 6), POST_STATED[key])
            for key, value in self.rebuilt().items()
        }


def post_accounting(ours: Scenario) -> PostAccounting:
    """The post's accounting of `ours`: the instruction priced at the implied input price, the training at the list
    training price divided by the same factor, outputs free, the post's exchange rate."""
    base, tuned = price_for(ours.model, fine_tuned=False), price_for(ours.model, fine_tuned=True)
    rate = POST_STATED["yen_per_usd"]
    instruction_usd = to_usd(POST_STATED["instruction_yen"], rate)
    input_price = implied_usd_per_million(instruction_usd, int(POST_STATED["instruction_tokens"]))
    slip = tuned.input / input_price
    training_usd = to_usd(POST_STATED["training_yen"], rate)
    post_tuned = replace(tuned, input=input_price, output=0.0, training=tuned.training / slip)
    trained = round(implied_tokens(training_usd, post_tuned.training))
    post_base = replace(base, input=input_price, output=0.0)
    scenario = replace(ours, model=post_tuned, base=post_base, trained_tokens=trained, yen_per_usd=rate)
    return PostAccounting(input_price, slip, training_usd, trained, scenario)


def sensitivity_changes(setting: PostSetting) -> dict[str, dict[str, object]]:
    """The inputs we had to choose, one change per row: reply priming, the answer's length, the exchange rate."""
    return {
        "baseline": {},
        "no_priming": {"trained_tokens": setting.trained_tokens_without_priming},
        "no_answer": {"answer_tokens": 0},
        "double_answer": {"answer_tokens": 2 * setting.answer_tokens},
        "yen_120": {"yen_per_usd": 120},
        "yen_180": {"yen_per_usd": 180},
    }


def sensitivity(ours: Scenario, post: Scenario, changes: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """One row per change: our figures (`cost_tables.summary`), the post's break-even under the same change, and
    whether Fine-Tuning is cheaper per call by our accounting."""
    table = summaries({key: replace(ours, **change) for key, change in changes.items()})
    post_view = summaries({key: replace(post, **change) for key, change in changes.items()})
    table["post_break_even_calls"] = post_view["break_even_calls"]
    table["fine_tuning_cheaper"] = table["saving_per_call_yen"] > 0
    return table


def verdict(long_instruction: int = 2000) -> str:
    """The tutorial's answer in one paragraph, every figure computed: the post's own setup at list prices, the
    instruction length above which fine-tuning saves per call, and what prompt caching does to a long instruction's
    break-even (gpt-4o-mini) and to the saving ranges (gpt-4.1-mini, whose cached input costs a quarter)."""
    setting = post_setting()
    ours = decide(setting.scenario())
    uncached = decide(setting.scenario(instruction_tokens=long_instruction))
    cached = decide(setting.scenario(instruction_tokens=long_instruction, cache_hit_rate=1.0))
    cached_mini = decide(setting.scenario("gpt-4.1-mini", cache_hit_rate=1.0))
    return say(
        "post.verdict",
        instruction=setting.instruction_tokens,
        crossover=f"{ours.crossover_tokens:g}",
        model=DEFAULT_MODEL,
        long=long_instruction,
        uncached_calls=uncached.break_even_calls,
        cached_calls=cached.break_even_calls,
        cached_mini=ranges_text(cached_mini.saving_ranges()),
    )


def generated_split() -> Split:
    """Notebook 02's generated set, drawn again in memory (the same seed gives the same pairs; no file is read)."""
    return generate_split(GENERATED_PAIRS, seed=GENERATED_SEED)


def generated_training(split: Split) -> TrainingEstimate:
    """The training job on the generated set's train part, default epochs."""
    return estimate_training([make_example(a, b) for a, b in split.train])


def held_out_cost_usd(pairs: Sequence[tuple[int, int]], model: str = DEFAULT_MODEL) -> float:
    """What notebook 04's live held-out test costs: every pair in both prompt styles to the base and the fine-tuned
    model, each answering with the method's answer text (a model that rambles costs more)."""
    base, tuned = price_for(model, fine_tuned=False), price_for(model, fine_tuned=True)
    total = 0.0
    for a, b in pairs:
        answer = count_text_tokens(analyze(a, b))
        for style in ("short", "long"):
            prompt = count_chat_tokens(chat_messages(a, b, style))
            total += call_cost_usd(base, prompt, answer, fine_tuned=False)
            total += call_cost_usd(tuned, prompt, answer, fine_tuned=True)
    return total


# The rows of the post's closing table, in its own words (both editions).
CLOSING_ROWS = {
    "knowledge": "知識の精度改善",
    "expression": "表現の精度改善",
    "cost": "改善コスト",
    "effort": "改善工数",
    "long_term": "長期的なコスト",
}


def closing_verdicts(setting: PostSetting, ours: Scenario) -> pd.DataFrame:
    """The post's closing table with this tutorial's verdict on each row for both approaches, and why it may differ
    from the post's marks; every figure is computed from `ours` (list prices, outputs billed) and the post's
    accounting of it, the words come from the catalogue."""
    result, post = decide(ours), post_accounting(ours)
    never = math.isinf(result.break_even_calls)
    pays_back = labels("post.closing_pays_back", calls=f"{result.break_even_calls:.1f}")["never" if never else "after"]
    values = {
        "instruction": ours.instruction_tokens,
        "crossover": f"{result.crossover_tokens:g}",
        "training_yen": f"{result.yen(result.training_usd):.4f}",
        "post_training_yen": POST_STATED["training_yen"],
        "slip": f"{post.slip:g}",
        "trained_tokens": f"{setting.trained_tokens:,}",
        "examples": len(setting.training.tokens_per_example),
        "epochs": setting.training.epochs,
        "tuned_call_yen": f"{result.yen(result.tuned_call_usd):.6f}",
        "base_call_yen": f"{result.yen(result.prompted_call_usd):.6f}",
        "cheaper": "Fine-Tuning" if result.saving_per_call_usd > 0 else "Prompt-Tuning",
        "pays_back": pays_back,
    }
    columns = {
        "Fine-Tuning": labels("post.closing_ft", **values),
        "Prompt-Tuning": labels("post.closing_pt", **values),
        labels("post.closing_columns")["why"]: labels("post.closing_why", **values),
    }
    table = pd.DataFrame(
        {name: {CLOSING_ROWS[key]: text for key, text in texts.items()} for name, texts in columns.items()}
    )
    return table.loc[list(CLOSING_ROWS.values())]
