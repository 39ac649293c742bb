"""Check a fine-tuning JSONL file line by line, the way OpenAI would, plus the method's own arithmetic.

The validator never raises on bad data: every problem becomes a `Problem` naming the
line (1-based), the field and what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .balance_shift import answer_mistakes, prompt_numbers
from .chat_format import example_issues
from .dataset import MIN_TRAIN_EXAMPLES, jsonl_lines
from .messages import say
from .prices import DEFAULT_MODEL
from .project import display_path
from .tokens import MAX_TOKENS_PER_EXAMPLE, count_example_tokens


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
        if self.ok:
            lines.append(say("validation.summary_ok", source=self.source, examples=self.examples))
        else:
            lines.append(
                say(
                    "validation.summary_problems",
                    source=self.source,
                    examples=self.examples,
                    problems=len(self.problems),
                )
            )
        return "\n".join(lines)


def validate_file(path: str | Path, model: str = DEFAULT_MODEL) -> Report:
    """Validate a JSONL file; an unreadable path is reported, not raised."""
    path, source = Path(path), display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Report(source, 0, [Problem(None, "unreadable", say("problem.no_such_file"))])
    except IsADirectoryError:
        return Report(source, 0, [Problem(None, "unreadable", say("problem.is_a_directory"))])
    except OSError as error:
        return Report(source, 0, [Problem(None, "unreadable", say("problem.cannot_read", reason=error.strerror))])
    return validate_bytes(data, source, model)


def validate_bytes(data: bytes, source: str = "<data>", model: str = DEFAULT_MODEL) -> Report:
    """Validate JSONL content given as bytes."""
    problems: list[Problem] = []
    examples = 0
    for number, raw in enumerate(jsonl_lines(data), 1):
        line_problems = list(_check_line(number, raw, model))
        problems.extend(line_problems)
        if not any(p.code in _UNPARSED for p in line_problems):
            examples += 1
    if examples < MIN_TRAIN_EXAMPLES:
        too_few = say("problem.too_few_examples", examples=examples, minimum=MIN_TRAIN_EXAMPLES)
        problems.append(Problem(None, "too_few_examples", too_few))
    return Report(source, examples, problems)


class _NotJson(ValueError):
    """Python's json accepts NaN and Infinity; JSON (and OpenAI) does not."""


def _reject_constant(name: str) -> object:
    raise _NotJson(name)


_UNPARSED = {"not_utf8", "blank_line", "invalid_json", "not_object"}

# Python's json messages, each with its catalogue entry, so the Japanese edition reads no English fragment
_JSON_REASONS = {
    "Expecting value": "json.expecting_value",
    "Expecting ',' delimiter": "json.expecting_comma",
    "Expecting ':' delimiter": "json.expecting_colon",
    "Expecting property name enclosed in double quotes": "json.expecting_name",
    "Unterminated string starting at": "json.unterminated_string",
    "Invalid control character at": "json.control_character",
    "Invalid \\escape": "json.bad_escape",
    "Invalid \\uXXXX escape": "json.bad_unicode_escape",
    "Extra data": "json.extra_data",
    "Illegal trailing comma before end of object": "json.trailing_comma_object",
    "Illegal trailing comma before end of array": "json.trailing_comma_array",
}


def _json_reason(message: str) -> str:
    """json's reason in the reader's language; a message this table does not know stays as json wrote it."""
    return say(_JSON_REASONS[message]) if message in _JSON_REASONS else message


def _check_line(number: int, raw: bytes, model: str) -> Iterator[Problem]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        yield Problem(number, "not_utf8", say("problem.not_utf8", byte=error.start + 1))
        return
    if not text.strip():
        yield Problem(number, "blank_line", say("problem.blank_line"))
        return
    try:
        example = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        reason = _json_reason(error.msg)
        yield Problem(number, "invalid_json", say("problem.invalid_json", reason=reason, column=error.colno))
        return
    except _NotJson as error:
        yield Problem(number, "invalid_json", say("problem.not_a_json_number", name=error))
        return
    except (ValueError, RecursionError) as error:  # e.g. a huge integer, or absurdly deep nesting
        yield Problem(number, "invalid_json", say("problem.unusable_json", kind=type(error).__name__))
        return
    if not isinstance(example, dict):
        yield Problem(number, "not_object", say("problem.not_object", kind=type(example).__name__))
        return
    yield from _check_example(number, example, model)


def _check_example(number: int, example: dict, model: str) -> Iterator[Problem]:
    issues = list(example_issues(example))
    yield from (Problem(number, code, message, field) for code, message, field in issues)
    if any(code != "unknown_key" or "." in (field or "") for code, _, field in issues):
        return  # only a top-level unknown key still lets the tokens and the arithmetic be checked
    tokens = count_example_tokens(example, model)
    if tokens > MAX_TOKENS_PER_EXAMPLE:
        over = say("problem.too_many_tokens", tokens=tokens, limit=MAX_TOKENS_PER_EXAMPLE)
        yield Problem(number, "too_many_tokens", over)
    yield from _check_method(number, example["messages"])


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
            for mistake in answer_mistakes(content, *numbers):
                yield Problem(number, "wrong_answer", mistake.text, f"messages[{index}].content")
