"""Exercises of notebook 02: write a training example, repair a broken JSONL file, estimate a training bill."""

from __future__ import annotations

import json
import re
from numbers import Integral, Real

from ..balance_shift import prompt_numbers
from ..costs import training_cost_usd
from ..dataset import ARTICLE_PAIRS, case_of, read_jsonl
from ..messages import say
from ..prices import PER_TOKENS, price_for
from ..project import data_dir
from ..prompts import SYSTEM_PROMPT, user_prompt
from ..tokens import TOKENS_FOR_REPLY, TOKENS_PER_MESSAGE, count_text_tokens, estimate_training
from ..validation import validate_bytes
from .answer_text import text_mistake
from .core import Feedback, exercise, hint, right

ROLES = ["system", "user", "assistant"]
FIFTY, EPOCHS = 50, 3  # 02.3: the first 50 generated training examples, n_epochs=3
COST_TOLERANCE_USD = 0.00005  # an answer rounded to 4 decimals of a dollar is right


def broken_file():
    """The small broken JSONL of exercise 02.2."""
    return data_dir() / "exercises" / "broken.jsonl"


def _line_problems(line: bytes) -> list:
    """The validator's problems with one JSONL line, leaving out the file-level minimum of 10 examples."""
    return [p for p in validate_bytes(line + b"\n").problems if p.code != "too_few_examples"]


@exercise("02.1")
def one_example(answer: object) -> Feedback:
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except json.JSONDecodeError as error:
            return hint("ex.02.1.json", column=error.colno)
    if not isinstance(answer, dict):
        return hint("ex.02.1.type", got=type(answer).__name__)
    problems = _line_problems(json.dumps(answer, ensure_ascii=False).encode())
    messages = answer.get("messages")
    if problems and problems[0].code == "wrong_answer":
        index = int(re.search(r"\[(\d+)\]", problems[0].field or "[2]").group(1))
        numbers = prompt_numbers(messages[index - 1]["content"]) or (0, 0)
        return text_mistake(messages[index]["content"], *numbers) or hint(
            "ex.02.1.problem", code="wrong_answer", field=problems[0].field
        )
    if problems:
        return hint("ex.02.1.problem", code=problems[0].code, field=problems[0].field or "")
    if [m.get("role") for m in messages] != ROLES:
        return hint("ex.02.1.roles")
    if messages[0]["content"] != SYSTEM_PROMPT:
        return hint("ex.02.1.system")
    numbers = prompt_numbers(messages[1]["content"])
    if numbers is None or messages[1]["content"] != user_prompt(*numbers):
        return hint("ex.02.1.user")
    a, b = numbers
    if (a, b) in ARTICLE_PAIRS:
        return hint("ex.02.1.post_pair")
    return right("ex.02.1.right", a=a, b=b, case=say(f"ex.case.{case_of(a, b)}"))


@exercise("02.2")
def repaired_file(answer: object) -> Feedback:
    if isinstance(answer, str):
        answer = answer.encode("utf-8")
    if not isinstance(answer, bytes):
        return hint("ex.02.2.type", got=type(answer).__name__)
    original = broken_file().read_bytes()
    if answer.strip() == original.strip():
        return hint("ex.02.2.unchanged")
    report, before = validate_bytes(answer), validate_bytes(original)
    if report.examples < before.examples:
        return hint("ex.02.2.deleted", got=report.examples, want=before.examples)
    if report.problems:
        first = report.problems[0]
        return hint("ex.02.2.still", count=len(report.problems), line=first.line or "-", code=first.code)
    if _prompt_pairs(answer) != _prompt_pairs(original):
        return hint("ex.02.2.question_changed")
    return right("ex.02.2.right", problems=len(before.problems))


def _prompt_pairs(data: bytes) -> list:
    return [prompt_numbers(line.decode("utf-8")) for line in data.splitlines() if line.strip()]


@exercise("02.3")
def training_bill(answer: object) -> Feedback:
    if not (isinstance(answer, tuple) and len(answer) == 2):
        return hint("ex.02.3.type")
    tokens, cost = answer
    if isinstance(tokens, bool) or not isinstance(tokens, Integral) or not isinstance(cost, Real):
        return hint("ex.02.3.type")
    examples = read_jsonl(data_dir() / "generated" / "train.jsonl")
    want = estimate_training(examples[:FIFTY], epochs=EPOCHS)
    if tokens != want.trained_tokens:
        return _tokens_hint(int(tokens), want, examples)
    if abs(cost - training_cost_usd(tokens)) > COST_TOLERANCE_USD:
        return _cost_hint(float(cost), int(tokens))
    rate = price_for("gpt-4o-mini", fine_tuned=True).training
    return right("ex.02.3.right", per_epoch=want.tokens_per_epoch, epochs=EPOCHS, rate=f"{rate:g}")


def _tokens_hint(tokens: int, want, examples: list) -> Feedback:
    per_epoch = want.tokens_per_epoch
    messages = sum(len(e["messages"]) for e in examples[:FIFTY])
    answers = sum(count_text_tokens(e["messages"][-1]["content"]) for e in examples[:FIFTY])
    known = {
        per_epoch: "ex.02.3.no_epochs",
        per_epoch * 10: "ex.02.3.post_epochs",
        (per_epoch - TOKENS_FOR_REPLY * FIFTY) * EPOCHS: "ex.02.3.no_reply",
        (per_epoch - TOKENS_PER_MESSAGE * messages) * EPOCHS: "ex.02.3.no_message_overhead",
        (per_epoch - TOKENS_PER_MESSAGE * messages - TOKENS_FOR_REPLY * FIFTY) * EPOCHS: "ex.02.3.no_overhead",
        answers * EPOCHS: "ex.02.3.answers_only",
        estimate_training(examples).tokens_per_epoch * EPOCHS: "ex.02.3.all_examples",
    }
    return hint(known.get(tokens, "ex.02.3.tokens"), epochs=EPOCHS, n=FIFTY)


def _cost_hint(cost: float, tokens: int) -> Feedback:
    price = price_for("gpt-4o-mini", fine_tuned=True)
    if abs(cost - tokens * price.input / PER_TOKENS) <= COST_TOLERANCE_USD:
        return hint("ex.02.3.inference_price")
    if abs(cost - training_cost_usd(tokens) * 1000) <= COST_TOLERANCE_USD * 1000:
        return hint("ex.02.3.per_thousand")
    return hint("ex.02.3.cost")
