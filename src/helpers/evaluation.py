"""Score model answers the way the post does: 知識の精度 (knowledge) and 表現の精度 (expression).

Knowledge asks whether the numbers mean the right thing: the shift value to 4 decimals, the
dominant element and its percentage, read from the answer wherever it stands. Expression asks
whether the answer is exactly the three-line form of `analyze(a, b)`, numbers aside: "・" or "-"
bullets and surrounding whitespace are accepted, anything else is not. The two are independent:
a wrong number in the right form fails knowledge only, chatter around right numbers fails
expression only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from numbers import Real

import pandas as pd

from .balance_shift import (
    HEADER,
    INTERPRETATION_LABEL,
    VALUE_LABEL,
    AnswerFormatError,
    Mistake,
    ParsedAnswer,
    analyze,
    knowledge_mistakes,
    mistake,
    parse_answer,
)
from .cost_guard import MAX_ANSWER_TOKENS, take_evaluation_approval
from .messages import labels, say
from .prompts import chat_messages

OK, NG = "○", "×"  # the post's table symbols
MAX_HELD_OUT_PAIRS = 50  # live held-out test: at most this many pairs (x 2 models x 2 prompt styles calls)
COLUMNS = [
    "model",
    "prompt style",
    "A",
    "B",
    "answer",
    "input tokens",
    "output tokens",
    "knowledge",
    "expression",
    "explains method",
    "reasons",
]
_METHOD_NAME = re.compile(r"バランス\s*シフト|balance[\s-]*shift", re.IGNORECASE)
_BULLET = re.compile(r"^[-・]\s*")
_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


@dataclass(frozen=True)
class Verdict:
    """How one answer scores; `reasons` says why a verdict is ✗ (empty when both are ✓).

    The reasons read in the reader's language; `codes` gives each one's catalogue key, for code to test.
    """

    knowledge: bool
    expression: bool
    explains_method: bool
    reasons: list[str]
    codes: list[str]


def mark(ok: bool) -> str:
    """The post's table symbol: "○" for right, "×" for wrong."""
    return OK if ok else NG


def score_answer(answer: str, a: Real | Decimal, b: Real | Decimal) -> Verdict:
    """Score an answer to the question for 要素1 = a, 要素2 = b."""
    if not answer.strip():
        reasons = [mistake("evaluation.empty_answer")]
        return Verdict(False, False, False, [r.text for r in reasons], [r.code for r in reasons])
    knowledge = knowledge_reasons(answer, a, b)
    expression = expression_reasons(answer, a, b)
    explains = explains_method(answer)
    reasons = knowledge + expression + ([mistake("evaluation.explains_method")] if explains else [])
    return Verdict(not knowledge, not expression, explains, [r.text for r in reasons], [r.code for r in reasons])


def find_result(answer: str) -> ParsedAnswer:
    """Read the first シフト値計算 line followed by a 解釈 line anywhere in the answer.

    The header is not required, and markdown bold and full-width colons are ignored: this
    judges meaning, not form. Raises AnswerFormatError when no such pair can be read.
    """
    lines = [line.strip().replace("**", "").replace("：", ":") for line in answer.splitlines() if line.strip()]
    first_error = None
    for value_line, meaning_line in pairwise(lines):
        if VALUE_LABEL not in value_line:
            continue
        try:
            return parse_answer(f"{HEADER}\n{value_line}\n{meaning_line}")
        except AnswerFormatError as error:
            first_error = first_error or error
    raise first_error or AnswerFormatError(say("answer.no_result", value=VALUE_LABEL, meaning=INTERPRETATION_LABEL))


def knowledge_reasons(answer: str, a: Real | Decimal, b: Real | Decimal) -> list[Mistake]:
    """Why the answer's numbers are wrong for 要素1 = a, 要素2 = b (empty if they are right)."""
    try:
        got = find_result(answer)
    except AnswerFormatError as error:
        return [mistake("evaluation.unreadable", error=error)]
    return [Mistake(m.code, say("evaluation.knowledge", reason=m.text)) for m in knowledge_mistakes(got, a, b)]


def _shape(line: str) -> str:
    """A line with its bullet unified and its numbers masked, keeping their decimal places."""
    line = _BULLET.sub("- ", line.strip())
    return _NUMBER.sub(lambda m: "N" + ("." + "d" * len(m.group(1)) if m.group(1) else ""), line)


def expression_reasons(answer: str, a: Real | Decimal, b: Real | Decimal) -> list[Mistake]:
    """Why the answer is not in the exact three-line form of analyze(a, b) (empty if it is)."""
    expected = analyze(a, b).splitlines()
    lines = [line.strip() for line in answer.strip().splitlines()]
    want, got = [_shape(line) for line in expected], [_shape(line) for line in lines]
    if got == want:
        return []
    for start in range(len(got) - len(want) + 1):
        if got[start : start + len(want)] == want:
            before = sum(1 for line in lines[:start] if line)
            after = sum(1 for line in lines[start + len(want) :] if line)
            return [mistake("evaluation.extra_lines", extra=before + after, before=before, after=after)]
    reasons = [] if len(got) == len(want) else [mistake("evaluation.line_count", got=len(got), want=len(want))]
    for number, (line, shape, target, target_shape) in enumerate(zip(lines, got, expected, want, strict=False), 1):
        if shape != target_shape:
            reasons.append(mistake("evaluation.line_form", number=number, target=target, got=line))
    return reasons


def explains_method(answer: str) -> bool:
    """True when the answer names the method but gives no readable result: it talks instead of applying."""
    if not _METHOD_NAME.search(answer):
        return False
    try:
        find_result(answer)
    except AnswerFormatError:
        return True
    return False


def _ask(client, model: str, a, b, style: str, temperature: float, seed: int | None) -> dict[str, object]:
    """One chat completion, scored, as a row of `evaluate`."""
    options = {} if seed is None else {"seed": seed}
    response = client.chat.completions.create(
        model=model,
        messages=chat_messages(a, b, style),
        temperature=temperature,
        max_completion_tokens=MAX_ANSWER_TOKENS,  # every call has a price ceiling (the cost guard counts it)
        **options,
    )
    answer = response.choices[0].message.content or ""
    verdict = score_answer(answer, a, b)
    usage = response.usage
    return {
        "model": model,
        "prompt style": style,
        "A": a,
        "B": b,
        "answer": answer,
        "input tokens": usage.prompt_tokens if usage else None,
        "output tokens": usage.completion_tokens if usage else None,
        "knowledge": mark(verdict.knowledge),
        "expression": mark(verdict.expression),
        "explains method": verdict.explains_method,
        "reasons": say("evaluation.reason_separator").join(verdict.reasons),
    }


def evaluate(
    client,
    models: Sequence[str],
    pairs: Sequence[tuple],
    styles: Sequence[str],
    *,
    temperature: float = 0,
    seed: int | None = None,
) -> pd.DataFrame:
    """Ask every model every pair in every prompt style (models, then styles, then pairs); one scored row a call.

    A reply with no text (content None, e.g. a refusal) is scored as an empty answer. Unless replaying, the calls
    must first be priced and approved by `approve_evaluation_cost` with the same models, pairs and styles: every
    paid call needs the yes and the budget, and each approval is used once.
    """
    pairs = list(pairs)
    take_evaluation_approval(client, models, pairs, styles)
    rows = [
        _ask(client, model, a, b, style, temperature, seed) for model in models for style in styles for a, b in pairs
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def accuracy_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per model and prompt style: the number of calls and the share (0..1) of knowledge ✓ and expression ✓."""
    scored = frame.assign(knowledge=frame["knowledge"] == OK, expression=frame["expression"] == OK)
    grouped = scored.groupby(["model", "prompt style"], sort=False)
    table = grouped.agg(calls=("knowledge", "size"), knowledge=("knowledge", "mean"), expression=("expression", "mean"))
    return table.reset_index()


def for_reader(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its prompt styles in the edition's words; `CaptionedTable` words its column names (column.*)."""
    return frame.replace({"prompt style": labels("evaluation.styles")})


def post_style_table(frame: pd.DataFrame, other: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The post's ○/× table for one prompt style: rows 知識の精度 and 表現の精度, one column per model.

    A cell is ○ only if every call of that model is ✓. Filter the frame to one prompt style first.
    `other` (model -> note) adds the post's その他 row; a model it leaves out gets an empty cell.
    """
    styles = frame["prompt style"].unique()
    if len(styles) > 1:
        raise ValueError(f"the frame mixes prompt styles {list(styles)}; filter it to one first")
    passed = frame[["knowledge", "expression"]].eq(OK).groupby(frame["model"], sort=False).all()
    table = passed.map(mark).T
    table.index = ["知識の精度", "表現の精度"]
    table.columns.name = None
    if other is not None:
        unknown = set(other) - set(table.columns)
        if unknown:
            raise ValueError(f"その他 notes for models not in the table: {sorted(unknown)}")
        table.loc["その他"] = [other.get(model, "") for model in table.columns]
    return table


def explained_instead(frame: pd.DataFrame) -> dict[str, bool]:
    """Per model: did any answer explain the method instead of applying it (the post's ハルシネーション)?"""
    return frame.groupby("model", sort=False)["explains method"].any().to_dict()


def input_tokens_by_style(frame: pd.DataFrame) -> pd.DataFrame:
    """Per model (rows): the reported input tokens of its one call in each prompt style (columns), and long − short."""
    if frame.duplicated(["model", "prompt style"]).any():
        raise ValueError("input_tokens_by_style compares one call per model and prompt style; filter to one input")
    tokens = frame.pivot(index="model", columns="prompt style", values="input tokens")
    tokens = tokens.loc[frame["model"].unique(), ["short", "long"]].astype(int)
    tokens["increase"] = tokens["long"] - tokens["short"]
    tokens.columns.name = None
    return tokens
