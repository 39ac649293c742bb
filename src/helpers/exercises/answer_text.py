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
from .answer_values import text
from .core import Feedback, hint

LINE_FORMS = (
    "バランス解析結果:",
    "- シフト値計算: (A - B) / (A + B) = X.XXXX",
    "- 解釈: 要素Xが要素YよりもN.N%優位です。 / 要素1と要素2は均衡しています。",
)
_FORMULA = re.compile(r"- シフト値計算: \([\d.]+ - [\d.]+\) / \([\d.]+ \+ [\d.]+\) = -?\d\.\d+")


def text_mistake(answer: object, a: int, b: int) -> Feedback | None:
    """None if `answer` is exactly analyze(a, b) (surrounding whitespace aside), else a hint naming the mistake."""
    answer = text(answer, "ex.text.type")
    want_text = analyze(a, b)
    if answer.strip() == want_text:
        return None
    if re.search(r"よりも\s*-", answer):
        return hint("ex.text.negative_percent")
    spacing = _spacing_hint(answer, want_text)
    if spacing:
        return spacing
    try:
        got = parse_answer(answer)
    except AnswerFormatError:
        return _format_hint(answer, want_text)
    want = parse_answer(want_text)
    return _numbers_hint(got, want, a, b) or _percent_hint(got, want, a, b) or _form_hint(answer)


def _spacing_hint(answer: str, want: str) -> Feedback | None:
    """A line that is right but for a Windows line end (CRLF) or spaces around it, named by its number."""
    lines = answer.strip().split("\n")
    if len(lines) != len(LINE_FORMS):
        return None
    for number, (line, expected) in enumerate(zip(lines, want.split("\n"), strict=True), start=1):
        if line == expected:
            continue
        if "\r" in line and line.replace("\r", "").strip() == expected:
            return hint("ex.text.crlf", line=number)
        if line.strip() == expected:
            side = "ex.text.trailing_space" if line.rstrip() == expected else "ex.text.leading_space"
            return hint(side, line=number)
        return None
    return None


def _format_hint(answer: str, want: str) -> Feedback:
    lines = [line.strip() for line in answer.strip().splitlines() if line.strip()]
    if len(lines) != len(LINE_FORMS):
        return hint("ex.text.lines", got=len(lines))
    pairs = enumerate(zip(lines, want.split("\n"), strict=True), start=1)
    number = next((n for n, (line, expected) in pairs if line != expected), 1)
    if number == 2 and _FORMULA.fullmatch(lines[1]):  # the form is right, the two brackets disagree
        return hint("ex.text.numbers")
    return hint("ex.text.line_form", line=number, form=LINE_FORMS[number - 1])


def _numbers_hint(got, want, a: int, b: int) -> Feedback | None:
    formula = (str(got.a), str(got.b))
    if formula == (format_number(b), format_number(a)) and a != b:
        return hint("ex.text.swapped")
    if formula != (format_number(a), format_number(b)):
        return hint("ex.text.numbers")
    if got.value.as_tuple().exponent != -4:
        return hint("ex.text.value_places")
    if got.value.is_signed() != want.value.is_signed() and want.value == 0:
        return hint("ex.text.negative_zero")
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
