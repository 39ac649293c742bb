"""Numbers as the decimals a person reads: 0.15 means 15/100, not the nearest binary float."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from numbers import Real


def exact(value: Real | Decimal) -> Fraction:
    """The exact decimal value of a number, so rounding ties and price crossovers come out right."""
    if isinstance(value, (int, Fraction, Decimal)):
        return Fraction(value)
    return Fraction(Decimal(repr(float(value))))  # float and other reals, e.g. numpy.float32
