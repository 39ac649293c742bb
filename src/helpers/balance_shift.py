"""The Balance Shift Method (バランスシフト法) from the post, computed exactly.

Shift Value = (A - B) / (A + B) for 要素1 = A and 要素2 = B. Positive means 要素1
dominates, negative means 要素2 dominates. Rounding is half-up (四捨五入) on the
exact decimal value, as a person computing by hand would round, not float formatting.
Beside the method: reading an answer text back (`parse_answer`) and saying what is
wrong with it (`answer_mistakes`), which the validator and the scorer both use.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Real
from typing import NamedTuple

from .exact import exact
from .messages import say

HEADER = "バランス解析結果:"
VALUE_LABEL = "シフト値計算"
INTERPRETATION_LABEL = "解釈"
BALANCED = "要素1と要素2は均衡しています。"
VALUE_PLACES = 4
PERCENT_PLACES = 1


def check_inputs(a: object, b: object) -> None:
    """Raise ValueError unless a and b are finite numbers >= 0 and not both 0."""
    for element, value in (("balance_shift.element_a", a), ("balance_shift.element_b", b)):
        # Names are looked up only for a message: a lookup reads the reader's language, too slow for every call.
        if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
            kind = type(value).__name__
            raise ValueError(say("balance_shift.not_a_number", name=say(element), value=value, kind=kind))
        if not math.isfinite(value):
            raise ValueError(say("balance_shift.not_finite", name=say(element), value=value))
        if value < 0:
            raise ValueError(say("balance_shift.negative", name=say(element), value=value))
    if a == 0 and b == 0:
        raise ValueError(say("balance_shift.both_zero"))


def shift_fraction(a: Real | Decimal, b: Real | Decimal) -> Fraction:
    """The exact shift value (A - B) / (A + B) as a fraction."""
    check_inputs(a, b)
    fa, fb = exact(a), exact(b)
    return (fa - fb) / (fa + fb)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact value to `places` decimals, ties away from zero (四捨五入)."""
    scaled = abs(value) * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    magnitude = Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return -magnitude if value < 0 else magnitude


def shift_value(a: Real | Decimal, b: Real | Decimal) -> Decimal:
    """The shift value rounded half-up to 4 decimals, e.g. Decimal('0.2000') for 30, 20."""
    return round_half_up(shift_fraction(a, b), VALUE_PLACES)


def dominance_percent(a: Real | Decimal, b: Real | Decimal) -> Decimal:
    """|shift value| as a percentage, rounded half-up to 1 decimal from the exact value."""
    return round_half_up(abs(shift_fraction(a, b)) * 100, PERCENT_PLACES)


def format_number(value: Real | Decimal) -> str:
    """How an input appears inside the formula: 30 stays 30, 2.5 stays 2.5, 1e-07 becomes 0.0000001."""
    if isinstance(value, int):
        return str(abs(value) if value == 0 else value)
    if isinstance(value, Fraction):
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    elif isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = format(Decimal(repr(float(value))), "f")
    return text.lstrip("-") if exact(value) == 0 else text


def interpretation(a: Real | Decimal, b: Real | Decimal) -> str:
    """The 解釈 sentence: which element dominates and by how many percent."""
    exact = shift_fraction(a, b)
    if exact == 0:
        return BALANCED
    winner, loser = ("要素1", "要素2") if exact > 0 else ("要素2", "要素1")
    return f"{winner}が{loser}よりも{dominance_percent(a, b)}%優位です。"


def analyze(a: Real | Decimal, b: Real | Decimal) -> str:
    """The answer text in the post's exact format for 要素1 = a, 要素2 = b."""
    check_inputs(a, b)
    sa, sb = format_number(a), format_number(b)
    return (
        f"{HEADER}\n"
        f"- {VALUE_LABEL}: ({sa} - {sb}) / ({sa} + {sb}) = {shift_value(a, b)}\n"
        f"- {INTERPRETATION_LABEL}: {interpretation(a, b)}"
    )


class AnswerFormatError(ValueError):
    """An answer text that does not follow the method's three-line format."""


@dataclass(frozen=True)
class ParsedAnswer:
    """The numbers read back from an answer text."""

    a: Decimal
    b: Decimal
    value: Decimal
    dominant: str | None  # "要素1", "要素2", or None when balanced
    percent: Decimal | None  # None when balanced


_NUMBER = r"(\d+(?:\.\d+)?)"
_BULLET = r"[-・]\s*"
_VALUE_LINE = re.compile(
    rf"{_BULLET}{VALUE_LABEL}:\s*\(\s*{_NUMBER}\s*-\s*{_NUMBER}\s*\)\s*/\s*"
    rf"\(\s*{_NUMBER}\s*\+\s*{_NUMBER}\s*\)\s*=\s*(-?\d+\.\d+)"
)
_DOMINANCE = re.compile(rf"{_BULLET}{INTERPRETATION_LABEL}:\s*(要素[12])が(要素[12])よりも(\d+(?:\.\d+)?)%優位です。")
_BALANCE = re.compile(rf"{_BULLET}{INTERPRETATION_LABEL}:\s*{BALANCED}")


def parse_answer(text: str) -> ParsedAnswer:
    """Read an answer text back into its numbers.

    Tolerates "・" or "-" bullets and whitespace around lines; anything else that
    departs from the three-line format raises AnswerFormatError saying which line.
    """
    if not isinstance(text, str):
        raise AnswerFormatError(say("answer.not_text", kind=type(text).__name__))
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) != 3:
        raise AnswerFormatError(say("answer.line_count", count=len(lines)))
    header, value_line, meaning_line = lines
    if header != HEADER:
        raise AnswerFormatError(say("answer.header", header=HEADER, got=header))
    value_match = _VALUE_LINE.fullmatch(value_line)
    if not value_match:
        form = f"- {VALUE_LABEL}: (A - B) / (A + B) = X.XXXX"
        raise AnswerFormatError(say("answer.value_line", form=form, got=value_line))
    a, b, a_again, b_again, value = (Decimal(g) for g in value_match.groups())
    if (a, b) != (a_again, b_again):
        raise AnswerFormatError(say("answer.bracket_numbers", got=value_line))
    if _BALANCE.fullmatch(meaning_line):
        return ParsedAnswer(a, b, value, None, None)
    meaning = _DOMINANCE.fullmatch(meaning_line)
    if not meaning or meaning.group(1) == meaning.group(2):
        expected = f"- {INTERPRETATION_LABEL}: 要素Xが要素YよりもN%優位です。"
        raise AnswerFormatError(say("answer.meaning_line", form=expected, got=meaning_line))
    return ParsedAnswer(a, b, value, meaning.group(1), Decimal(meaning.group(3)))


_PROMPT_NUMBERS = re.compile(rf"要素1:\s*{_NUMBER}、要素2:\s*{_NUMBER}")


def prompt_numbers(prompt: str) -> tuple[Decimal, Decimal] | None:
    """(A, B) from a prompt's '要素1: A、要素2: B', or None when it has none."""
    found = _PROMPT_NUMBERS.search(prompt)
    return (Decimal(found.group(1)), Decimal(found.group(2))) if found else None


class Mistake(NamedTuple):
    """One thing wrong with an answer: `code` (its catalogue key) is the same in every language, `text` is not."""

    code: str
    text: str


def mistake(code: str, /, **values: object) -> Mistake:
    """The mistake `code` with its text in the reader's language."""
    return Mistake(code, say(code, **values))


def answer_mistakes(answer: str, a: Decimal, b: Decimal) -> list[Mistake]:
    """Why an answer for 要素1 = a, 要素2 = b is not the method's exact answer (empty if it is)."""
    try:
        expected = analyze(a, b)
    except ValueError as error:
        return [mistake("answer.unanalysable", error=error)]
    if answer == expected:
        return []
    try:
        got = parse_answer(answer)
    except AnswerFormatError as error:
        return [mistake("answer.format", error=error)]
    return knowledge_mistakes(got, a, b) or [mistake("answer.format_differs")]


def _named(element: str | None) -> str:
    """What an interpretation says: which element dominates, or a balance."""
    return say("answer.dominates", element=element) if element else say("answer.balance")


def knowledge_mistakes(got: ParsedAnswer, a: Real | Decimal, b: Real | Decimal) -> list[Mistake]:
    """What is wrong with the numbers read from an answer for 要素1 = a, 要素2 = b (empty if nothing)."""
    want = parse_answer(analyze(a, b))
    exact_value = Decimal(shift_fraction(a, b).numerator) / shift_fraction(a, b).denominator
    mistakes = []
    if (got.a, got.b) != (Decimal(format_number(a)), Decimal(format_number(b))):
        mistakes.append(mistake("answer.formula_numbers", got_a=got.a, got_b=got.b, a=a, b=b))
    if got.value != want.value:
        close = abs(got.value - exact_value) < Decimal("0.0001")
        code = "answer.value_rounding" if close else "answer.value_arithmetic"
        mistakes.append(mistake(code, got=got.value, want=want.value))
    if got.dominant != want.dominant:
        mistakes.append(mistake("answer.interpretation", got=_named(got.dominant), want=_named(want.dominant)))
    elif got.percent != want.percent:
        close = abs(got.percent - want.percent) <= Decimal("0.1")
        code = "answer.percent_rounding" if close else "answer.percent_arithmetic"
        mistakes.append(mistake(code, got=got.percent, want=want.percent))
    return mistakes
