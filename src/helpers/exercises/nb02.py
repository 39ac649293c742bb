"""Exercises of notebook 02: write a training example, repair a broken JSONL file, estimate a training bill."""

from __future__ import annotations

import json
import re

from ..balance_shift import prompt_numbers
from ..costs import training_cost_usd
from ..dataset import ARTICLE_PAIRS, case_of, read_jsonl
from ..payoff import POST_YEN_PER_USD
from ..prices import DEFAULT_MODEL, PER_TOKENS, price_for
from ..project import data_dir
from ..prompts import SYSTEM_PROMPT, user_prompt
from ..tokens import TOKENS_FOR_REPLY, TOKENS_PER_MESSAGE, count_text_tokens, estimate_training
from ..validation import validate_bytes
from .answer_text import text_mistake
from .answer_values import items, number, plain, whole
from .core import CASES, Feedback, Term, exercise, hint, right

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
    got = type(answer).__name__
    answer = plain(answer)
    if not isinstance(answer, dict):
        return hint("ex.02.1.type", got=got)
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
    return right("ex.02.1.right", a=a, b=b, case=Term(CASES[case_of(a, b)]))


@exercise("02.2")
def repaired_file(answer: object) -> Feedback:
    got = type(answer).__name__
    answer = plain(answer)
    if isinstance(answer, str):
        answer = answer.encode("utf-8")
    if not isinstance(answer, bytes):
        return hint("ex.02.2.type", got=got)
    original = broken_file().read_bytes()
    if _parsed_lines(answer) == _parsed_lines(original):
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


def _parsed_lines(data: bytes) -> list:
    """Each non-blank line as the JSON it holds (the raw text where it holds none): how it is written is no matter."""
    lines = [line for line in data.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            parsed.append(line)
    return parsed


def _prompt_pairs(data: bytes) -> list:
    """The numbers of each example's user prompt, read from the parsed JSON, so \\uXXXX escapes read alike."""
    return [prompt_numbers(example["messages"][1]["content"]) for example in _parsed_lines(data)]


@exercise("02.3")
def training_bill(answer: object) -> Feedback:
    tokens, cost = items(answer, 2, "ex.02.3.type")
    tokens, cost = whole(tokens, "ex.02.3.type"), number(cost, "ex.02.3.type")
    examples = read_jsonl(data_dir() / "generated" / "train.jsonl")
    want = estimate_training(examples[:FIFTY], epochs=EPOCHS)
    if tokens != want.trained_tokens:
        return _tokens_hint(tokens, want, examples)
    if abs(cost - training_cost_usd(tokens)) > COST_TOLERANCE_USD:
        return _cost_hint(cost, tokens)
    rate = price_for(DEFAULT_MODEL, fine_tuned=True).training
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
    price = price_for(DEFAULT_MODEL, fine_tuned=True)
    if abs(cost - tokens * price.input / PER_TOKENS) <= COST_TOLERANCE_USD:
        return hint("ex.02.3.inference_price")
    right_usd = training_cost_usd(tokens)
    if abs(cost - right_usd * 1000) <= COST_TOLERANCE_USD * 1000:
        return hint("ex.02.3.per_thousand")
    if abs(cost - right_usd * POST_YEN_PER_USD) <= COST_TOLERANCE_USD * POST_YEN_PER_USD:
        return hint("ex.02.3.yen", rate=POST_YEN_PER_USD)
    if any(cost == round(right_usd, places) for places in range(1, 4)):
        return hint("ex.02.3.rounded")
    return hint("ex.02.3.cost")
