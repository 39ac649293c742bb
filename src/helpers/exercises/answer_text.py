"""Hints for a hand-written answer text of the Balance Shift Method: which rule it breaks, never the answer.

Used by the exercises of notebook 01 (write the answer for a new pair) and 02 (a training example's answer).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from ..balance_shift import (
    AnswerFormatError,
    analyze,
    dominance_percent,
    format_number,
    parse_answer,
    round_half_up,
    shift_fraction,
    shift_value,
)
from .core import Feedback, hint

LINE_FORMS = (
    "バランス解析結果:",
    "- シフト値計算: (A - B) / (A + B) = X.XXXX",
    "- 解釈: 要素Xが要素YよりもN.N%優位です。 / 要素1と要素2は均衡しています。",
)
_LINE_OF_ERROR = re.compile(r"line (\d):")


def text_mistake(answer: object, a: int, b: int) -> Feedback | None:
    """None if `answer` is exactly analyze(a, b) (surrounding whitespace aside), else a hint naming the mistake."""
    if not isinstance(answer, str):
        return hint("ex.text.type", got=type(answer).__name__)
    if answer.strip() == analyze(a, b):
        return None
    if re.search(r"よりも\s*-", answer):
        return hint("ex.text.negative_percent")
    try:
        got = parse_answer(answer)
    except AnswerFormatError as error:
        return _format_hint(answer, str(error))
    want = parse_answer(analyze(a, b))
    return _numbers_hint(got, want, a, b) or _percent_hint(got, want, a, b) or _form_hint(answer)


def _format_hint(answer: str, error: str) -> Feedback:
    lines = [line for line in answer.strip().splitlines() if line.strip()]
    if len(lines) != len(LINE_FORMS):
        return hint("ex.text.lines", got=len(lines))
    found = _LINE_OF_ERROR.match(error)
    number = int(found.group(1)) if found else 1
    return hint("ex.text.line_form", line=number, form=LINE_FORMS[number - 1])


def _numbers_hint(got, want, a: int, b: int) -> Feedback | None:
    formula = (str(got.a), str(got.b))
    if formula == (format_number(b), format_number(a)) and a != b:
        return hint("ex.text.swapped")
    if formula != (format_number(a), format_number(b)):
        return hint("ex.text.numbers")
    if got.value.as_tuple().exponent != -4:
        return hint("ex.text.value_places")
    if got.value != want.value:
        if got.value == -want.value:
            return hint("ex.text.sign")
        exact = shift_fraction(a, b)
        close = abs(Fraction(got.value) - exact) < Fraction(1, 10_000)
        return hint("ex.text.value_rounding" if close else "ex.text.value_arithmetic")
    if want.dominant is None and got.dominant is not None:
        return hint("ex.text.balance_expected")
    if want.dominant is not None and got.dominant is None:
        return hint("ex.text.not_balanced")
    if got.dominant != want.dominant:
        return hint("ex.text.wrong_element")
    return None


def _percent_hint(got, want, a: int, b: int) -> Feedback | None:
    if got.percent == want.percent:
        return None
    if got.percent.as_tuple().exponent != -1:
        return hint("ex.text.percent_places")
    from_rounded = round_half_up(abs(Fraction(shift_value(a, b))) * 100, 1)
    if got.percent == from_rounded != dominance_percent(a, b):
        return hint("ex.text.percent_from_rounded")
    if abs(got.percent - want.percent) <= Decimal("0.1"):
        return hint("ex.text.percent_rounding")
    return hint("ex.text.percent_arithmetic")


def _form_hint(answer: str) -> Feedback:
    if "・" in answer:
        return hint("ex.text.bullets")
    return hint("ex.text.form")
