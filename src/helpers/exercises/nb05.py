"""Exercises of notebook 05: your own instruction's tokens and verdict, a like-for-like crossover, a monthly volume.

Every figure is computed from the post's own setting: its short prompt, its answer and its ten training examples.
"""

from __future__ import annotations

import math
import re

from ..payoff import Decision, Scenario, decide
from ..post_figures import post_setting
from ..prices import DEFAULT_MODEL, fine_tunable_models, price_for
from ..prompts import LONG_PROMPT, SHORT_PROMPT
from ..tokens import count_chat_tokens, count_text_tokens
from .answer_values import boolean, items, number, text, whole
from .core import Feedback, exercise, hint, right

MODEL = DEFAULT_MODEL
LIKE_FOR_LIKE = "gpt-4.1-mini"  # 05.2: fine-tuned against its own base model ...
LONGER_ANSWER = 120  # ... for an answer of 120 tokens (notebook 05's table uses the post's 55)
MIN_INSTRUCTION_TOKENS = 20  # 05.1: shorter than this is not an instruction worth a decision
INSTRUCTION_TOKENS, MONTHS = 600, 3  # 05.3: a 600-token instruction, training paid back within 3 months
TOLERANCE_TOKENS = 0.5


def setting() -> tuple[int, int, int]:
    """(short prompt tokens, answer tokens, trained tokens) of the post: 56, 55 and 11,500 (`post_setting`)."""
    post = post_setting()
    return post.short_tokens, post.answer_tokens, post.trained_tokens


def _decision(short: int, instruction: int, answer: int, model: str = MODEL, base: str | None = None) -> Decision:
    """The payoff decision for the post's training job (`payoff.decide`, the one cost path)."""
    return decide(Scenario(short, instruction, answer, setting()[2], model=model, base=base))


def _crossover(answer: int, model: str = MODEL, base: str | None = None) -> float:
    return _decision(setting()[0], 0, answer, model, base).crossover_tokens


def _break_even(instruction: int, short: int | None = None) -> float:
    default_short, answer, _ = setting()
    return _decision(default_short if short is None else short, instruction, answer).break_even_calls


def _shape(prompt: str) -> str:
    """A prompt with whitespace dropped and every number made '#': the post's prompt for any pair reads alike."""
    return re.sub(r"\d+", "#", "".join(prompt.split()))


POST_PROMPT = _shape(LONG_PROMPT.format(a=0, b=0))
POST_LINES = [_shape(line) for line in LONG_PROMPT.splitlines() if len(line) > 15 and line not in SHORT_PROMPT]


def _is_the_posts(instruction: str) -> bool:
    """The post's long prompt or a piece of it (filled in for any pair), or a text holding one of its sentences."""
    shape = _shape(instruction)
    return shape in POST_PROMPT or any(line in shape for line in POST_LINES)


@exercise("05.1")
def own_instruction(answer: object) -> Feedback:
    instruction, tokens, pays_back = items(answer, 3, "ex.05.1.type")
    instruction = text(instruction, "ex.05.1.type")
    tokens, pays_back = whole(tokens, "ex.05.1.type"), boolean(pays_back, "ex.05.1.type")
    if _is_the_posts(instruction):
        return hint("ex.05.1.post_instruction")
    want = count_text_tokens(instruction)
    if want < MIN_INSTRUCTION_TOKENS:
        return hint("ex.05.1.too_short", minimum=MIN_INSTRUCTION_TOKENS)
    if tokens != want:
        short = setting()[0]
        known = {
            len(instruction): "ex.05.1.characters",
            count_chat_tokens([{"role": "user", "content": instruction}]): "ex.05.1.request_overhead",
            want + short: "ex.05.1.with_short_prompt",
            2 * want: "ex.05.1.twice",
        }
        return hint(known.get(tokens, "ex.05.1.tokens"))
    crossover = _crossover(setting()[1])
    if pays_back != math.isfinite(_break_even(want)):
        return hint("ex.05.1.decision_at" if want == crossover else "ex.05.1.decision", crossover=f"{crossover:g}")
    verdict = "ex.05.1.pays" if pays_back else "ex.05.1.at_crossover" if want == crossover else "ex.05.1.never"
    return right(verdict, tokens=want, crossover=f"{crossover:g}", calls=f"{_break_even(want):,.0f}")


@exercise("05.2")
def like_for_like(answer: object) -> Feedback:
    answer = number(answer, "ex.05.2.type")
    short, post_answer, _ = setting()
    want = _crossover(LONGER_ANSWER, LIKE_FOR_LIKE)
    if abs(answer - want) <= TOLERANCE_TOKENS:
        base, tuned = price_for(LIKE_FOR_LIKE, fine_tuned=False), price_for(LIKE_FOR_LIKE, fine_tuned=True)
        multiple, ratio = f"{tuned.input / base.input:g}", f"{base.output / base.input:g}"
        return right(
            "ex.05.2.right", tokens=f"{want:g}", short=short, output=LONGER_ANSWER, multiple=multiple, ratio=ratio
        )
    known = [
        ("ex.05.2.wrong_base", _crossover(LONGER_ANSWER, LIKE_FOR_LIKE, base=MODEL), ""),
        ("ex.05.2.no_output", _crossover(0, LIKE_FOR_LIKE), ""),
        ("ex.05.2.whole_prompt", want + short, ""),
        ("ex.05.2.post_answer", _crossover(post_answer, LIKE_FOR_LIKE), ""),
        ("ex.05.2.first_saving", math.floor(want) + 1, ""),
        *(("ex.05.2.other_model", _like_for_like(model), model) for model in fine_tunable_models()),
    ]
    found = next(((key, model) for key, value, model in known if abs(answer - value) <= TOLERANCE_TOKENS), None)
    key, model = found or ("ex.05.2.tokens", "")
    return hint(key, answer=LONGER_ANSWER, model=model, task_model=LIKE_FOR_LIKE)


def _like_for_like(model: str) -> float:
    """Another model's like-for-like crossover for the task's answer (NaN for the task's own model and its twins)."""
    value = _crossover(LONGER_ANSWER, model)
    return math.nan if value == _crossover(LONGER_ANSWER, LIKE_FOR_LIKE) else value


@exercise("05.3")
def calls_a_month(answer: object) -> Feedback:
    answer = whole(answer, "ex.05.3.type", "ex.05.3.whole")
    calls = _break_even(INSTRUCTION_TOKENS)
    want = math.ceil(calls / MONTHS)
    if answer == want:
        return right("ex.05.3.right", total=f"{calls:,.1f}", months=MONTHS, calls=want)
    short = setting()[0]
    outputs_free = _decision(short, INSTRUCTION_TOKENS, 0).break_even_calls
    instruction_only = _decision(0, INSTRUCTION_TOKENS, 0).break_even_calls  # the post's accounting
    known = {
        math.ceil(calls): "ex.05.3.total",
        math.floor(calls / MONTHS): "ex.05.3.round_down",
        math.ceil(outputs_free / MONTHS): "ex.05.3.no_output",
        math.ceil(instruction_only / MONTHS): "ex.05.3.instruction_only",
        math.ceil(_break_even(INSTRUCTION_TOKENS + short) / MONTHS): "ex.05.3.twice",
    }
    return hint(known.get(answer, "ex.05.3.calls"), months=MONTHS)
