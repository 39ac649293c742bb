"""Exercises of notebook 01: answer texts for inputs the post never shows, and why rounding happens once."""

from __future__ import annotations

from fractions import Fraction

from ..balance_shift import dominance_percent, round_half_up, shift_value
from .answer_text import text_mistake
from .answer_values import input_pair
from .core import Feedback, exercise, hint, right

ELEMENT_2_AHEAD = (25, 40)  # 01.1
TIE = (45, 45)  # 01.2
HALF_UP_TIE = (21, 11)  # 01.3: 31.25 % exactly
NOTEBOOK_EXAMPLE = (10, 3)  # the pair notebook 01 itself uses to show rounding twice


@exercise("01.1")
def element_2_ahead(answer: object) -> Feedback:
    return text_mistake(answer, *ELEMENT_2_AHEAD) or right("ex.01.1.right")


@exercise("01.2")
def tie(answer: object) -> Feedback:
    return text_mistake(answer, *TIE) or right("ex.01.2.right")


@exercise("01.3")
def half_up_tie(answer: object) -> Feedback:
    return text_mistake(answer, *HALF_UP_TIE) or right("ex.01.3.right")


def _percent_two_ways(a: int, b: int) -> tuple[object, object]:
    """(from the exact value, from the value already rounded to 4 decimals)."""
    return dominance_percent(a, b), round_half_up(abs(Fraction(shift_value(a, b))) * 100, 1)


@exercise("01.4")
def rounding_twice(answer: object) -> Feedback:
    a, b = input_pair(answer, "ex.01.4.type", "ex.01.4.range")
    if a * NOTEBOOK_EXAMPLE[1] == b * NOTEBOOK_EXAMPLE[0]:
        return hint("ex.01.4.notebook")
    if a * NOTEBOOK_EXAMPLE[0] == b * NOTEBOOK_EXAMPLE[1]:
        return hint("ex.01.4.inverted", a=a, b=b)
    exact, twice = _percent_two_ways(a, b)
    if exact == twice:
        return hint("ex.01.4.agree", a=a, b=b, percent=exact)
    return right("ex.01.4.right", a=a, b=b, value=shift_value(a, b), exact=exact, twice=twice)
