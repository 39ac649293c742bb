"""The Balance Shift Method (バランスシフト法) from the post, computed exactly.

Shift Value = (A - B) / (A + B) for 要素1 = A and 要素2 = B. Positive means 要素1
dominates, negative means 要素2 dominates. Rounding is half-up (四捨五入) on the
exact decimal value, as a person computing by hand would round, not float formatting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Real

HEADER = "バランス解析結果:"
VALUE_LABEL = "シフト値計算"
INTERPRETATION_LABEL = "解釈"
BALANCED = "要素1と要素2は均衡しています。"
VALUE_PLACES = 4
PERCENT_PLACES = 1


def check_inputs(a: object, b: object) -> None:
    """Raise ValueError unless a and b are finite numbers >= 0 and not both 0."""
    for name, value in (("A (要素1)", a), ("B (要素2)", b)):
        if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
            raise ValueError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value!r}")
    if a == 0 and b == 0:
        raise ValueError("A (要素1) and B (要素2) are both 0: the shift value 0/0 is undefined")


def _exact(value: Real | Decimal) -> Fraction:
    """The decimal value a person reads: 0.1 means one tenth, not the nearest binary float."""
    if isinstance(value, (int, Fraction, Decimal)):
        return Fraction(value)
    return Fraction(Decimal(repr(float(value))))  # float and other reals, e.g. numpy.float32


def shift_fraction(a: Real | Decimal, b: Real | Decimal) -> Fraction:
    """The exact shift value (A - B) / (A + B) as a fraction."""
    check_inputs(a, b)
    fa, fb = _exact(a), _exact(b)
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
    return text.lstrip("-") if _exact(value) == 0 else text


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
        raise AnswerFormatError(f"an answer must be text, got {type(text).__name__}")
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) != 3:
        raise AnswerFormatError(f"expected 3 lines (header, value, interpretation), got {len(lines)}")
    header, value_line, meaning_line = lines
    if header != HEADER:
        raise AnswerFormatError(f"line 1: expected {HEADER!r}, got {header!r}")
    value_match = _VALUE_LINE.fullmatch(value_line)
    if not value_match:
        raise AnswerFormatError(f"line 2: not '- {VALUE_LABEL}: (A - B) / (A + B) = X.XXXX': {value_line!r}")
    a, b, a_again, b_again, value = (Decimal(g) for g in value_match.groups())
    if (a, b) != (a_again, b_again):
        raise AnswerFormatError(f"line 2: the formula uses different numbers in its two brackets: {value_line!r}")
    if _BALANCE.fullmatch(meaning_line):
        return ParsedAnswer(a, b, value, None, None)
    meaning = _DOMINANCE.fullmatch(meaning_line)
    if not meaning or meaning.group(1) == meaning.group(2):
        expected = f"- {INTERPRETATION_LABEL}: 要素Xが要素YよりもN%優位です。"
        raise AnswerFormatError(f"line 3: not '{expected}': {meaning_line!r}")
    return ParsedAnswer(a, b, value, meaning.group(1), Decimal(meaning.group(3)))
