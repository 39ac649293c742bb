"""Reading a learner's answer as plain values, so a check judges the value and never the Python type.

A notebook hands over whatever its cells computed: a list where a tuple was asked, `17244.0`, a `Decimal`, a
numpy integer from a DataFrame, `np.True_` from a pandas comparison. Each is read as the plain value it stands
for (whole numbers as int, other reals as float, numpy bools as bool, any sequence as a tuple). NaN, infinities
and objects that are none of these are refused with a hint naming the problem, so no check ever compares with a
value it cannot judge, or calls the learner's own `==`.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Rational, Real
from types import ModuleType

from .core import Refused, hint

Plain = bool | int | float | str | bytes | tuple | dict | None
MAX_ITEMS = 10_000  # longer sequences are no answer to these exercises (and may never end)
MAX_DEPTH = 20  # the deepest answer, a training example (dict > list > dict > str), is 4 levels


def plain(value: object) -> Plain:
    """`value` as plain Python data: bool, int, float, str, bytes, tuple, dict or None, else Refused."""
    return _plain(value, 0)


def _is_array(value: object, np: ModuleType | None, pd: ModuleType | None) -> bool:
    """A numpy array or a pandas Series/Index (only possible once numpy/pandas are imported)."""
    return bool((np and isinstance(value, np.ndarray)) or (pd and isinstance(value, pd.Series | pd.Index)))


def _plain(value: object, depth: int) -> Plain:
    """`plain` at nesting level `depth`: a list that holds itself, or nests deeper than any answer, is refused."""
    if value is None or type(value) is bool:
        return value
    np, pd = sys.modules.get("numpy"), sys.modules.get("pandas")  # an answer can be theirs only once they are imported
    if np is not None and isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, str):
        return str.__str__(value)  # a str subclass's own methods are never asked
    if isinstance(value, bytes):
        return bytes.__getitem__(value, slice(None))
    if isinstance(value, Real | Decimal):
        return _number(value)
    if np is not None and isinstance(value, np.ndarray) and value.ndim == 0:
        return _plain(value.item(), depth)  # np.array(3.0) is the number 3
    if depth >= MAX_DEPTH and (isinstance(value, Mapping | Sequence) or _is_array(value, np, pd)):
        raise Refused(hint("ex.answer.nested", levels=MAX_DEPTH))
    if isinstance(value, Mapping):
        return {_plain(key, depth + 1): _plain(value[key], depth + 1) for key in _bounded(value)}
    if _is_array(value, np, pd):
        return tuple(_plain(item, depth + 1) for item in _bounded(value.tolist()))
    if isinstance(value, Sequence):
        return tuple(_plain(item, depth + 1) for item in _bounded(value))
    raise Refused(hint("ex.answer.odd", got=type(value).__name__))


def _bounded(items) -> list:
    """The first items of a container, refused when there are more than MAX_ITEMS (or its iteration never ends)."""
    kept = list(itertools.islice(iter(items), MAX_ITEMS + 1))
    if len(kept) > MAX_ITEMS:
        raise Refused(hint("ex.answer.too_long", limit=MAX_ITEMS))
    return kept


def _number(value: Real | Decimal) -> int | float:
    """A real number as an int when it is whole, else a float; NaN and infinities refused."""
    if isinstance(value, Decimal):
        if Decimal.is_nan(value):
            raise Refused(hint("ex.answer.nan"))
        if Decimal.is_infinite(value):
            raise Refused(hint("ex.answer.infinite"))
        return _from_fraction(Fraction(Decimal.__str__(value)))
    if isinstance(value, int):
        return int.__int__(value)  # an int subclass is read as the int it holds
    if isinstance(value, Integral):
        return int(value)  # numpy integers
    if isinstance(value, Rational) and not isinstance(value, float):
        return _from_fraction(Fraction(int(value.numerator), int(value.denominator)))
    number = float.__float__(value) if isinstance(value, float) else float(value)
    if math.isnan(number):
        raise Refused(hint("ex.answer.nan"))
    if math.isinf(number):
        raise Refused(hint("ex.answer.infinite"))
    return int(number) if number.is_integer() else number


def _from_fraction(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _given(value: object) -> Plain:
    """`value` read plain, with None refused: a cell that printed its result instead of keeping it."""
    read = plain(value)
    if read is None:
        raise Refused(hint("ex.answer.none"))
    return read


def items(value: object, count: int, shape: str) -> tuple:
    """The answer's `count` parts as plain values; a hint with key `shape` for any other shape."""
    parts = _given(value)
    if not isinstance(parts, tuple) or len(parts) != count:
        raise Refused(hint(shape))
    return parts


def number(value: object, wrong: str) -> int | float:
    """A plain real number (NaN and infinities refused); a hint with key `wrong` for anything else."""
    read = _given(value)
    if type(read) not in (int, float):
        raise Refused(hint(wrong))
    return read


def whole(value: object, wrong: str, fraction: str | None = None) -> int:
    """A whole number (3.0 counts); `fraction` (default `wrong`) is the hint for 3.5, `wrong` for the rest."""
    read = number(value, wrong)
    if type(read) is not int:
        raise Refused(hint(fraction or wrong))
    return read


def boolean(value: object, wrong: str) -> bool:
    """True or False (numpy bools count); 1, 0, "yes" and the rest get the hint `wrong`."""
    read = _given(value)
    if type(read) is not bool:
        raise Refused(hint(wrong))
    return read


def text(value: object, wrong: str) -> str:
    """A str; anything else gets the hint `wrong`, told which type it got."""
    read = _given(value)
    if type(read) is not str:
        raise Refused(hint(wrong, got=type(value).__name__))
    return read


def input_pair(value: object, shape: str, out_of_range: str) -> tuple[int, int]:
    """A pair of inputs for the method: two whole numbers ≥ 0, not both 0 (hints `shape` / `out_of_range`)."""
    a, b = (whole(part, shape) for part in items(value, 2, shape))
    if a < 0 or b < 0 or a == b == 0:
        raise Refused(hint(out_of_range))
    return a, b
