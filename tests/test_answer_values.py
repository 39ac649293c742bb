"""The answer normaliser: a learner's value read the same whatever Python type carries it; what it cannot read is
refused with a hint, never compared."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from helpers.exercises.answer_values import MAX_ITEMS, boolean, input_pair, items, number, plain, text, whole
from helpers.exercises.core import Refused


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (17244.0, 17244),
        (Decimal("17244.000"), 17244),
        (np.int64(7), 7),
        (np.float32(0.5), 0.5),
        (Fraction(3, 2), 1.5),
        (Decimal("0.0517"), 0.0517),
        (np.True_, True),
        (np.str_("テキスト"), "テキスト"),
        ([10, 7.0], (10, 7)),
        (np.array([10, 7]), (10, 7)),
        (pd.Series([1.0, 2.5]), (1, 2.5)),
        ({"n": [np.int32(3)]}, {"n": (3,)}),
        (np.array(3.0), 3),
        (None, None),
    ],
)
def test_a_value_is_read_the_same_whatever_carries_it(value, expected):
    read = plain(value)
    assert read == expected and type(read) is type(expected)


DEEP: list = [1]
for _ in range(5_000):
    DEEP = [DEEP]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (float("nan"), "ex.answer.nan"),
        (Decimal("NaN"), "ex.answer.nan"),
        (np.float32("nan"), "ex.answer.nan"),
        ([1, float("nan")], "ex.answer.nan"),
        (float("-inf"), "ex.answer.infinite"),
        (Decimal("Infinity"), "ex.answer.infinite"),
        (object(), "ex.answer.odd"),
        ((n for n in range(2)), "ex.answer.odd"),
        ([0] * (MAX_ITEMS + 1), "ex.answer.too_long"),
        (DEEP, "ex.answer.nested"),
    ],
)
def test_what_cannot_be_compared_is_refused_with_a_hint_naming_it(value, key):
    with pytest.raises(Refused) as refused:
        plain(value)
    assert refused.value.feedback.key == key


class Liar(float):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = float.__hash__


def test_a_subclass_is_read_as_the_value_it_holds_never_through_its_own_eq():
    read = plain(Liar(2.5))
    assert type(read) is float and read == 2.5 and read != 3


def test_the_readers_refuse_the_wrong_kind_with_the_exercises_hint():
    assert whole(7.0, "k") == 7 and number(Decimal("1.5"), "k") == 1.5 and boolean(np.False_, "k") is False
    assert (
        text(np.str_("a"), "k") == "a" and items([1, 2], 2, "k") == (1, 2) and input_pair([0, 3.0], "t", "r") == (0, 3)
    )
    for call, key in [
        (lambda: whole(7.5, "k", "frac"), "frac"),
        (lambda: whole(True, "k"), "k"),
        (lambda: number("3", "k"), "k"),
        (lambda: boolean(1, "k"), "k"),
        (lambda: items([1, 2, 3], 2, "k"), "k"),
        (lambda: items("ab", 2, "k"), "k"),
        (lambda: input_pair((0, 0), "t", "r"), "r"),
        (lambda: input_pair((-1, 3), "t", "r"), "r"),
        (lambda: number(None, "k"), "ex.answer.none"),
    ]:
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.feedback.key == key
