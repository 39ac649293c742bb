"""Check a fine-tuning JSONL file line by line, the way OpenAI would, plus the method's own arithmetic.

The validator never raises on bad data: every problem becomes a `Problem` naming the
line (1-based), the field and what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from pathlib import Path

from .balance_shift import AnswerFormatError, ParsedAnswer, analyze, format_number, parse_answer, shift_fraction
from .dataset import MIN_TRAIN_EXAMPLES
from .paths import display_path
from .tokens import MAX_TOKENS_PER_EXAMPLE, count_chat_tokens

ALLOWED_EXAMPLE_KEYS = {"messages", "tools", "parallel_tool_calls", "functions"}
ALLOWED_MESSAGE_KEYS = {"role", "content", "name", "weight", "tool_calls", "function_call", "tool_call_id"}
ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
_PROMPT_NUMBERS = re.compile(r"要素1:\s*(\d+(?:\.\d+)?)、要素2:\s*(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; line None means the whole file."""

    line: int | None
    code: str
    message: str
    field: str | None = None

    def describe(self, source: str = "") -> str:
        """'file:line: field: message', for a human."""
        where = f"{source}:{self.line}" if self.line is not None else source
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]".lstrip(":").strip()


@dataclass(frozen=True)
class Report:
    """Result of validating one file."""

    source: str
    examples: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def rows(self) -> list[dict[str, object]]:
        """One dict per problem (line, field, code, message), e.g. for a pandas DataFrame."""
        return [
            {"line": p.line or "", "field": p.field or "", "code": p.code, "message": p.message} for p in self.problems
        ]

    def describe(self) -> str:
        """A readable report: one line per problem, then a summary."""
        lines = [problem.describe(self.source) for problem in self.problems]
        verdict = "OK" if self.ok else f"{len(self.problems)} problem(s)"
        lines.append(f"{self.source}: {self.examples} example(s), {verdict}")
        return "\n".join(lines)


def validate_file(path: str | Path, model: str = "gpt-4o-mini") -> Report:
    """Validate a JSONL file; an unreadable path is reported, not raised."""
    path, source = Path(path), display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Report(source, 0, [Problem(None, "unreadable", "no such file")])
    except IsADirectoryError:
        return Report(source, 0, [Problem(None, "unreadable", "is a directory, not a JSONL file")])
    except OSError as error:
        return Report(source, 0, [Problem(None, "unreadable", f"cannot read: {error.strerror}")])
    return validate_bytes(data, source, model)


def validate_bytes(data: bytes, source: str = "<data>", model: str = "gpt-4o-mini") -> Report:
    """Validate JSONL content given as bytes."""
    problems: list[Problem] = []
    examples = 0
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()  # the final newline ends the last line; it does not start a new one
    for number, raw in enumerate(raw_lines, 1):
        line_problems = list(_check_line(number, raw.rstrip(b"\r"), model))
        problems.extend(line_problems)
        if not any(p.code in _UNPARSED for p in line_problems):
            examples += 1
    if examples < MIN_TRAIN_EXAMPLES:
        problems.append(
            Problem(None, "too_few_examples", f"{examples} example(s); OpenAI needs at least {MIN_TRAIN_EXAMPLES}")
        )
    return Report(source, examples, problems)


_UNPARSED = {"not_utf8", "blank_line", "invalid_json", "not_object"}


def _check_line(number: int, raw: bytes, model: str) -> Iterator[Problem]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        yield Problem(number, "not_utf8", f"not UTF-8 (byte {error.start + 1} of the line)")
        return
    if not text.strip():
        yield Problem(number, "blank_line", "blank line; every line must hold one example")
        return
    try:
        example = json.loads(text)
    except json.JSONDecodeError as error:
        yield Problem(number, "invalid_json", f"not valid JSON: {error.msg} at column {error.colno}")
        return
    except (ValueError, RecursionError) as error:  # e.g. a huge integer, or absurdly deep nesting
        yield Problem(number, "invalid_json", f"not usable JSON: {type(error).__name__}")
        return
    if not isinstance(example, dict):
        yield Problem(number, "not_object", f"expected a JSON object, got {type(example).__name__}")
        return
    yield from _check_example(number, example, model)


def _check_example(number: int, example: dict, model: str) -> Iterator[Problem]:
    for key in sorted(set(example) - ALLOWED_EXAMPLE_KEYS):
        yield Problem(number, "unknown_key", f"unknown key {key!r}", key)
    messages = example.get("messages")
    if not isinstance(messages, list) or not messages:
        yield Problem(number, "no_messages", "no 'messages' list (or it is empty)", "messages")
        return
    well_formed = True
    for index, message in enumerate(messages):
        problems = list(_check_message(number, index, message))
        well_formed &= not problems
        yield from problems
    if not any(isinstance(m, dict) and m.get("role") == "assistant" for m in messages):
        yield Problem(number, "no_assistant", "no assistant message to learn from", "messages")
    if not well_formed:
        return
    tokens = count_chat_tokens(messages, model)
    if tokens > MAX_TOKENS_PER_EXAMPLE:
        yield Problem(number, "too_many_tokens", f"{tokens} tokens, over the {MAX_TOKENS_PER_EXAMPLE} limit")
    yield from _check_method(number, messages)


def _check_message(number: int, index: int, message: object) -> Iterator[Problem]:
    field = f"messages[{index}]"
    if not isinstance(message, dict):
        yield Problem(number, "bad_message", f"a message must be an object, got {type(message).__name__}", field)
        return
    for key in sorted(set(message) - ALLOWED_MESSAGE_KEYS):
        yield Problem(number, "unknown_key", f"unknown key {key!r}", f"{field}.{key}")
    if "role" not in message:
        yield Problem(number, "missing_role", "message has no 'role'", field)
    elif not isinstance(message["role"], str) or message["role"] not in ROLES:
        yield Problem(number, "unknown_role", f"unknown role {message['role']!r}", f"{field}.role")
    if "content" not in message:
        if "tool_calls" not in message and "function_call" not in message:
            yield Problem(number, "missing_content", "message has no 'content'", field)
        return
    content = message["content"]
    if not isinstance(content, (str, list)):
        yield Problem(number, "bad_content", f"content must be text, got {type(content).__name__}", f"{field}.content")
    elif not content or (isinstance(content, str) and not content.strip()):
        yield Problem(number, "empty_content", "content is empty", f"{field}.content")


def prompt_numbers(prompt: str) -> tuple[Decimal, Decimal] | None:
    """(A, B) from a prompt's '要素1: A、要素2: B', or None when it has none."""
    found = _PROMPT_NUMBERS.search(prompt)
    return (Decimal(found.group(1)), Decimal(found.group(2))) if found else None


def _check_method(number: int, messages: list[dict]) -> Iterator[Problem]:
    """Our own check: does each assistant answer apply the Balance Shift Method correctly?"""
    numbers = None
    for index, message in enumerate(messages):
        content = message.get("content")
        if not isinstance(content, str):
            continue
        if message["role"] == "user":
            numbers = prompt_numbers(content)
        elif message["role"] == "assistant" and numbers is not None:
            for reason in answer_mistakes(content, *numbers):
                yield Problem(number, "wrong_answer", reason, f"messages[{index}].content")


def answer_mistakes(answer: str, a: Decimal, b: Decimal) -> list[str]:
    """Why an answer for 要素1 = a, 要素2 = b is not the method's exact answer (empty if it is)."""
    try:
        expected = analyze(a, b)
    except ValueError as error:
        return [f"the prompt's numbers cannot be analysed: {error}"]
    if answer == expected:
        return []
    try:
        got = parse_answer(answer)
    except AnswerFormatError as error:
        return [f"format: {error}"]
    return knowledge_mistakes(got, a, b) or ["format: the numbers are right but the text differs from the exact format"]


def knowledge_mistakes(got: ParsedAnswer, a: Real | Decimal, b: Real | Decimal) -> list[str]:
    """What is wrong with the numbers read from an answer for 要素1 = a, 要素2 = b (empty if nothing)."""
    want = parse_answer(analyze(a, b))
    exact = shift_fraction(a, b)
    exact_value = Decimal(exact.numerator) / exact.denominator
    mistakes = []
    if (got.a, got.b) != (Decimal(format_number(a)), Decimal(format_number(b))):
        mistakes.append(f"arithmetic: the formula uses {got.a} and {got.b}, the prompt gives {a} and {b}")
    if got.value != want.value:
        kind = "rounding" if abs(got.value - exact_value) < Decimal("0.0001") else "arithmetic"
        mistakes.append(f"{kind}: shift value {got.value}, expected {want.value}")
    if got.dominant != want.dominant:
        mistakes.append(f"interpretation: names {got.dominant or 'a balance'}, expected {want.dominant or 'a balance'}")
    elif got.percent != want.percent:
        kind = "rounding" if abs(got.percent - want.percent) <= Decimal("0.1") else "arithmetic"
        mistakes.append(f"{kind}: {got.percent}%, expected {want.percent}%")
    return mistakes
