"""The Balance Shift Method: the post's answer format, half-up rounding, input checks and parse_answer."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from helpers.balance_shift import AnswerFormatError, analyze, parse_answer

POST_ANSWER = (
    "バランス解析結果:\n- シフト値計算: (30 - 20) / (30 + 20) = 0.2000\n- 解釈: 要素1が要素2よりも20.0%優位です。"
)


# An independent reference: exact fractions and integer arithmetic only (no Decimal, no float formatting).
def half_up(x: Fraction, places: int) -> str:
    """x rounded half away from zero to `places` decimals, written out in fixed notation."""
    scale = 10**places
    whole = math.floor(abs(x) * scale + Fraction(1, 2))
    sign = "-" if x < 0 else ""
    return f"{sign}{whole // scale}.{whole % scale:0{places}d}"


def expected_answer(a: int, b: int) -> str:
    shift = Fraction(a - b, a + b)
    if shift == 0:
        meaning = "要素1と要素2は均衡しています。"
    else:
        winner, loser = ("要素1", "要素2") if shift > 0 else ("要素2", "要素1")
        meaning = f"{winner}が{loser}よりも{half_up(abs(shift) * 100, 1)}%優位です。"
    return f"バランス解析結果:\n- シフト値計算: ({a} - {b}) / ({a} + {b}) = {half_up(shift, 4)}\n- 解釈: {meaning}"


def test_post_worked_example_exactly():
    assert analyze(30, 20) == POST_ANSWER


def test_reference_reproduces_the_post():
    # guards the reference implementation that the other tests rely on
    assert expected_answer(30, 20) == POST_ANSWER


def test_element_2_dominating_uses_absolute_percent():
    text = analyze(20, 30)
    assert text.splitlines()[1] == "- シフト値計算: (20 - 30) / (20 + 30) = -0.2000"
    assert text.splitlines()[2] == "- 解釈: 要素2が要素1よりも20.0%優位です。"
    assert "-20.0%" not in text


@pytest.mark.parametrize(("a", "b"), [(25, 25), (1, 1), (9999, 9999)])
def test_exact_tie_is_balanced(a, b):
    lines = analyze(a, b).splitlines()
    assert lines[1].endswith("= 0.0000")
    assert lines[2] == "- 解釈: 要素1と要素2は均衡しています。"


@pytest.mark.parametrize(("a", "b"), [(7, 0), (0, 7)])
def test_one_element_zero_is_full_dominance(a, b):
    assert analyze(a, b) == expected_answer(a, b)
    assert "100.0%優位です。" in analyze(a, b)


def test_matches_reference_on_a_grid_of_small_integers():
    mismatches = [
        (a, b) for a in range(41) for b in range(41) if (a, b) != (0, 0) and analyze(a, b) != expected_answer(a, b)
    ]
    assert mismatches == []


def test_shift_value_rounds_half_up_where_float_formatting_rounds_to_even():
    exact = Fraction(33 - 31, 33 + 31)  # 0.03125 exactly
    float_text = f"{float(exact):.4f}"
    half_up_text = half_up(exact, 4)
    assert float_text != half_up_text  # the case really distinguishes the two rules
    assert half_up_text == "0.0313"
    assert analyze(33, 31).splitlines()[1].endswith(f"= {half_up_text}")


def test_percent_rounds_half_up_where_float_formatting_rounds_to_even():
    percent = abs(Fraction(17 - 15, 17 + 15)) * 100  # 6.25 exactly
    float_text = f"{float(percent):.1f}"
    half_up_text = half_up(percent, 1)
    assert float_text != half_up_text
    assert half_up_text == "6.3"
    assert analyze(17, 15).splitlines()[2] == f"- 解釈: 要素1が要素2よりも{half_up_text}%優位です。"


def test_percent_is_rounded_from_the_exact_value_not_from_the_four_decimal_value():
    found = None
    for a in range(1, 200):
        for b in range(a):
            shift = Fraction(a - b, a + b)
            from_exact = half_up(shift * 100, 1)
            from_rounded = half_up(Fraction(half_up(shift, 4)) * 100, 1)
            if from_exact != from_rounded:
                found = (a, b, from_exact, from_rounded)
                break
        if found:
            break
    assert found is not None, "no distinguishing pair among small integers"
    a, b, from_exact, from_rounded = found
    meaning = analyze(a, b).splitlines()[2]
    assert f"{from_exact}%" in meaning
    assert f"{from_rounded}%" not in meaning


@pytest.mark.parametrize(
    ("a", "b", "bad", "element"),
    [
        (-1, 5, -1, "要素1"),
        (5, -0.5, -0.5, "要素2"),
        (float("nan"), 1, float("nan"), "要素1"),
        (1, float("inf"), float("inf"), "要素2"),
        (float("-inf"), 1, float("-inf"), "要素1"),
        (True, 1, True, "要素1"),
        (1, False, False, "要素2"),
        ("30", 20, "30", "要素1"),
        (30, None, None, "要素2"),
        (Decimal("NaN"), 1, Decimal("NaN"), "要素1"),
        (Decimal("-2"), 1, Decimal("-2"), "要素1"),
    ],
)
def test_invalid_inputs_raise_value_error_naming_the_value(a, b, bad, element):
    with pytest.raises(ValueError) as caught:
        analyze(a, b)
    message = str(caught.value)
    assert repr(bad) in message
    assert element in message


def test_both_zero_raises_value_error():
    with pytest.raises(ValueError, match="both 0"):
        analyze(0, 0)
    with pytest.raises(ValueError, match="both 0"):
        analyze(0.0, Decimal(0))


@pytest.mark.parametrize("bad", ["nan", "inf"])
def test_non_builtin_float_nan_and_inf_are_rejected(bad):
    # numpy.float32 is a numbers.Real but not a float subclass (pandas columns can hold it).
    numpy = pytest.importorskip("numpy")
    value = numpy.float32(bad)
    with pytest.raises(ValueError, match=bad):
        analyze(value, 1)


@pytest.mark.parametrize("value", [Decimal("0.0000001"), 1e-07], ids=["Decimal", "float"])
def test_small_inputs_are_written_in_plain_decimal_notation(value):
    # format_number promises "30 stays 30, 2.5 stays 2.5"; scientific notation breaks the format.
    text = analyze(value, 1)
    assert "(0.0000001 - 1) / (0.0000001 + 1)" in text
    assert parse_answer(text).a == Decimal("0.0000001")


def test_non_integer_inputs():
    text = analyze(2.5, Decimal("1.5"))
    assert text.splitlines()[1] == "- シフト値計算: (2.5 - 1.5) / (2.5 + 1.5) = 0.2500"
    assert text.splitlines()[2] == "- 解釈: 要素1が要素2よりも25.0%優位です。"
    # 0.1 means one tenth, not the binary float just above it
    assert analyze(0.1, 0.3) == analyze(Decimal("0.1"), Decimal("0.3"))


ROUND_TRIP_PAIRS = [
    (a, b) for a in (0, 1, 2, 9, 10, 17, 33, 99, 100, 999, 1000, 9999) for b in (0, 1, 15, 31, 100, 9999)
]


@pytest.mark.parametrize(("a", "b"), [p for p in ROUND_TRIP_PAIRS if p != (0, 0)])
def test_parse_answer_round_trips_analyze(a, b):
    parsed = parse_answer(analyze(a, b))
    shift = Fraction(a - b, a + b)
    assert (parsed.a, parsed.b) == (Decimal(a), Decimal(b))
    assert parsed.value == Decimal(half_up(shift, 4))
    if shift == 0:
        assert parsed.dominant is None
        assert parsed.percent is None
    else:
        assert parsed.dominant == ("要素1" if shift > 0 else "要素2")
        assert parsed.percent == Decimal(half_up(abs(shift) * 100, 1))


def test_parse_answer_reads_the_post_answer():
    parsed = parse_answer(POST_ANSWER)
    assert parsed.a == Decimal(30)
    assert parsed.b == Decimal(20)
    assert parsed.value == Decimal("0.2000")
    assert parsed.dominant == "要素1"
    assert parsed.percent == Decimal("20.0")


@pytest.mark.parametrize(
    "variant",
    [
        POST_ANSWER.replace("\n- ", "\n・ "),  # the prose's bullets
        POST_ANSWER.replace("\n- ", "\n・"),
        "\n\n  " + POST_ANSWER.replace("\n", "  \n   ") + "\n\n",
        POST_ANSWER.replace("\n", "\r\n"),
    ],
    ids=["nakaguro-space", "nakaguro", "surrounding-whitespace", "crlf"],
)
def test_parse_answer_tolerates_bullets_and_whitespace(variant):
    assert parse_answer(variant) == parse_answer(POST_ANSWER)


@pytest.mark.parametrize(
    "text",
    [
        POST_ANSWER + "\n- 補足: 計算は正確です。",  # an extra line
        POST_ANSWER.replace("\n- 解釈", "\n\n- 解釈"),  # a blank line inside
        POST_ANSWER.replace("バランス解析結果:", "バランス解析結果："),  # full-width colon
        POST_ANSWER.replace("バランス解析結果:", "解析結果:"),
        POST_ANSWER.replace("(30 + 20)", "(31 + 20)"),  # mismatched formula numbers
        POST_ANSWER.replace("(30 - 20)", "(30 - 21)"),
        POST_ANSWER.replace("= 0.2000", "= 0,2000"),  # decimal comma
        POST_ANSWER.replace("要素1が要素2", "要素1が要素1"),
        POST_ANSWER.replace("20.0%優位です。", "20.0%優位"),
        "The shift value is 0.2.",
        "",
        "\n\n\n",
        "バランス解析結果:\n???\n!!!",
    ],
    ids=[
        "extra-line",
        "blank-line-inside",
        "full-width-colon-header",
        "wrong-header",
        "mismatched-sum",
        "mismatched-difference",
        "decimal-comma",
        "same-element-twice",
        "truncated-sentence",
        "prose",
        "empty",
        "only-newlines",
        "garbage-lines",
    ],
)
def test_parse_answer_rejects_malformed_answers(text):
    with pytest.raises(AnswerFormatError):
        parse_answer(text)


def test_parse_answer_rejects_non_text():
    with pytest.raises(AnswerFormatError):
        parse_answer(None)  # type: ignore[arg-type]


def test_answer_format_error_is_a_value_error():
    assert issubclass(AnswerFormatError, ValueError)
    with pytest.raises(ValueError):
        parse_answer("garbage")
