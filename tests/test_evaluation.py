"""Scoring answers (知識の精度 / 表現の精度) and the evaluation loop, with a fake OpenAI client."""

from __future__ import annotations

import contextlib
import io
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from openai.types.chat import ChatCompletion

from helpers.balance_shift import analyze
from helpers.captioned import CaptionedTable
from helpers.evaluation import (
    COLUMNS,
    accuracy_table,
    evaluate,
    for_reader,
    mark,
    post_style_table,
    score_answer,
)
from helpers.fine_tuning import CostNotApproved, approve_evaluation_cost
from helpers.prompts import chat_messages

# What base gpt-4o-mini did in the post's 精度評価1: it explained the made-up method.
EXPLANATION = (
    "バランスシフト法（Balance Shift Method）は、データセットの2つの要素の関係を評価する手法です。\n"
    "まず各要素の値を比較し、その差を全体に対する比率として捉えます。\n"
    "この方法により、最適なバランスのポイントを特定することができます。"
)


def flags(answer: str, a: int, b: int) -> tuple[bool, bool, bool]:
    verdict = score_answer(answer, a, b)
    return verdict.knowledge, verdict.expression, verdict.explains_method


def test_exact_answer_is_right_in_both():
    verdict = score_answer(analyze(30, 20), 30, 20)
    assert (verdict.knowledge, verdict.expression, verdict.explains_method) == (True, True, False)
    assert verdict.reasons == []


def test_the_right_answer_for_another_pair_is_wrong_knowledge():
    assert flags(analyze(30, 20), 32, 21) == (False, True, False)


def test_wrong_arithmetic():
    answer = analyze(30, 20).replace("0.2000", "0.3000").replace("20.0%", "30.0%")
    verdict = score_answer(answer, 30, 20)
    assert (verdict.knowledge, verdict.expression) == (False, True)
    assert verdict.reasons == [
        "knowledge: arithmetic: shift value 0.3000, expected 0.2000",
        "knowledge: arithmetic: 30.0%, expected 20.0%",
    ]


def test_formula_with_numbers_other_than_the_prompts():
    answer = analyze(31, 20).replace("0.2157", "0.2000").replace("21.6%", "20.0%")
    verdict = score_answer(answer, 30, 20)
    assert not verdict.knowledge
    assert verdict.reasons == ["knowledge: arithmetic: the formula uses 31 and 20, the prompt gives 30 and 20"]


def test_wrong_element():
    answer = analyze(20, 30).replace("要素2が要素1", "要素1が要素2")
    verdict = score_answer(answer, 20, 30)
    assert (verdict.knowledge, verdict.expression) == (False, True)
    assert verdict.reasons == ["knowledge: interpretation: names 要素1, expected 要素2"]


def test_wrong_rounding_of_the_shift_value():
    answer = analyze(32, 21).replace("0.2075", "0.2076")  # 11/53 = 0.207547…
    verdict = score_answer(answer, 32, 21)
    assert (verdict.knowledge, verdict.expression) == (False, True)
    assert verdict.reasons == ["knowledge: rounding: shift value 0.2076, expected 0.2075"]


def test_wrong_rounding_of_the_percentage():
    answer = analyze(32, 21).replace("20.8%", "20.7%")
    verdict = score_answer(answer, 32, 21)
    assert not verdict.knowledge
    assert verdict.reasons == ["knowledge: rounding: 20.7%, expected 20.8%"]


def test_shift_value_with_too_few_decimals_is_a_form_error_only():
    answer = analyze(30, 20).replace("0.2000", "0.2")
    verdict = score_answer(answer, 30, 20)
    assert (verdict.knowledge, verdict.expression) == (True, False)
    assert verdict.reasons == [
        "expression: line 2: expected the form of '- シフト値計算: (30 - 20) / (30 + 20) = 0.2000', "
        "got '- シフト値計算: (30 - 20) / (30 + 20) = 0.2'"
    ]


@pytest.mark.parametrize("bullet", ["- ", "・ ", "・", "-"])
def test_either_bullet_is_accepted(bullet):
    answer = analyze(32, 21).replace("\n- ", f"\n{bullet}")
    assert flags(answer, 32, 21) == (True, True, False)


def test_surrounding_whitespace_is_accepted():
    answer = "\n  " + analyze(32, 21).replace("\n", "  \n   ") + "\n\n"
    assert flags(answer, 32, 21) == (True, True, False)


@pytest.mark.parametrize("bullet", ["* ", "• ", "1. "])
def test_other_bullets_fail_expression(bullet):
    answer = analyze(32, 21).replace("\n- ", f"\n{bullet}")
    verdict = score_answer(answer, 32, 21)
    assert not verdict.expression
    assert [reason.split(":")[1] for reason in verdict.reasons if reason.startswith("expression")] == [
        " line 2",
        " line 3",
    ]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("はい、計算します。\n\n" + analyze(30, 20), "1 extra line(s) around the answer (1 before, 0 after)"),
        (analyze(30, 20) + "\n以上です。\n他にも質問は?", "2 extra line(s) around the answer (0 before, 2 after)"),
    ],
)
def test_chatter_around_the_answer_fails_expression_only(answer, reason):
    verdict = score_answer(answer, 30, 20)
    assert (verdict.knowledge, verdict.expression, verdict.explains_method) == (True, False, False)
    assert verdict.reasons == [f"expression: {reason}"]


def test_knowledge_is_read_inside_chatter_with_markdown():
    answer = (
        "バランスシフト法で解析しました。\n"
        "**バランス解析結果：**\n"
        "- **シフト値計算**: (32 - 21) / (32 + 21) = 0.2075\n"
        "- **解釈**: 要素1が要素2よりも20.8%優位です。"
    )
    verdict = score_answer(answer, 32, 21)
    assert (verdict.knowledge, verdict.expression, verdict.explains_method) == (True, False, False)


def test_wrong_numbers_inside_chatter_are_still_found():
    answer = "結果です。\n" + analyze(32, 21).replace("0.2075", "0.2076")
    verdict = score_answer(answer, 32, 21)
    assert (verdict.knowledge, verdict.expression) == (False, False)
    assert "knowledge: rounding: shift value 0.2076, expected 0.2075" in verdict.reasons


def test_an_unreadable_value_line_is_named_in_the_reason():
    answer = "結果です。\n" + analyze(30, 20).replace("(30 + 20)", "(31 + 20)")
    verdict = score_answer(answer, 30, 20)
    assert not verdict.knowledge
    assert verdict.reasons[0].startswith("knowledge: no readable result: ")
    assert "different numbers in its two brackets" in verdict.reasons[0]


def test_missing_and_reworded_lines_fail_expression():
    header_missing = "\n".join(analyze(30, 20).splitlines()[1:])
    verdict = score_answer(header_missing, 30, 20)
    assert (verdict.knowledge, verdict.expression) == (True, False)
    assert "expression: 2 line(s), expected 3" in verdict.reasons

    reworded = analyze(30, 20).replace("優位です。", "優位である。")
    verdict = score_answer(reworded, 30, 20)
    assert not verdict.expression
    assert any("line 3" in reason and "優位である" in reason for reason in verdict.reasons)


def test_an_explanation_instead_of_an_answer():
    verdict = score_answer(EXPLANATION, 30, 20)
    assert (verdict.knowledge, verdict.expression, verdict.explains_method) == (False, False, True)
    assert verdict.reasons[0].startswith("knowledge: no readable result")
    assert any(reason.startswith("expression: ") for reason in verdict.reasons)
    assert "explains the method instead of applying it" in verdict.reasons[-1]


def test_naming_the_method_while_applying_it_is_not_an_explanation():
    answer = "バランスシフト法の結果です。\n" + analyze(30, 20)
    assert flags(answer, 30, 20) == (True, False, False)


def test_an_unrelated_wrong_answer_is_not_an_explanation():
    verdict = score_answer("答えは0.2です。", 30, 20)
    assert (verdict.knowledge, verdict.expression, verdict.explains_method) == (False, False, False)


@pytest.mark.parametrize("answer", ["", "   \n\t "])
def test_empty_answer(answer):
    verdict = score_answer(answer, 30, 20)
    assert (verdict.knowledge, verdict.expression, verdict.explains_method) == (False, False, False)
    assert verdict.reasons == ["empty answer"]


def test_a_tie_answered_as_balanced_is_right():
    assert "均衡" in analyze(25, 25)
    assert flags(analyze(25, 25), 25, 25) == (True, True, False)


def test_a_tie_answered_as_a_dominance_is_wrong():
    answer = analyze(25, 25).replace("要素1と要素2は均衡しています。", "要素1が要素2よりも0.0%優位です。")
    verdict = score_answer(answer, 25, 25)
    assert (verdict.knowledge, verdict.expression) == (False, False)
    assert "knowledge: interpretation: names 要素1, expected a balance" in verdict.reasons


def test_mark():
    assert (mark(True), mark(False)) == ("○", "×")


# evaluate() with a fake client that answers like the post's two models.

BASE, TUNED = "gpt-4o-mini", "ft:gpt-4o-mini-2024-07-18:org::abc123"
PAIRS = [(30, 20), (32, 21)]
INPUT_TOKENS = {"short": 56, "long": 246}  # the post's counts


def post_like_reply(model: str, a: int, b: int, style: str) -> str:
    """精度評価1 and 2: the tuned model always answers; the base model only with the long prompt."""
    if model == BASE and style == "short":
        return EXPLANATION
    return analyze(a, b).replace("\n- ", "\n・ ") if style == "long" else analyze(a, b)


class FakeClient:
    """Just enough of openai.OpenAI for evaluate(): chat.completions.create, recording each call."""

    def __init__(self, reply=post_like_reply):
        self.reply = reply
        self.calls: list[dict] = []
        self.chat = SimpleNamespace(completions=SimpleNamespace(create=self.create))

    def create(self, **kwargs) -> ChatCompletion:
        self.calls.append(kwargs)
        prompt = kwargs["messages"][1]["content"]
        a, b = (int(n) for n in re.search(r"要素1: (\d+)、要素2: (\d+)", prompt).groups())
        style = "long" if prompt.startswith("# 指示") else "short"
        content = self.reply(kwargs["model"], a, b, style)
        prompt_tokens, completion_tokens = INPUT_TOKENS[style], 50 + len(self.calls)
        return ChatCompletion.model_validate(
            {
                "id": f"chatcmpl-fake{len(self.calls)}",
                "object": "chat.completion",
                "created": 1733184000,
                "model": kwargs["model"],
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
                "system_fingerprint": "fp_fake",
            }
        )


def approved_evaluate(client: FakeClient, models, pairs, styles, **options) -> pd.DataFrame:
    """evaluate() after the reader's yes and a budget, as notebook 04 does live (the fake client counts as live)."""
    with contextlib.redirect_stdout(io.StringIO()):
        approve_evaluation_cost(client, models, pairs, styles, confirm=True, budget_usd=1)
    return evaluate(client, models, pairs, styles, **options)


def test_evaluate_sends_nothing_unapproved():
    client = FakeClient()
    with pytest.raises(CostNotApproved, match="approve_evaluation_cost"):
        evaluate(client, [BASE, TUNED], PAIRS, ["short"])
    assert client.calls == []


def test_an_approval_covers_its_own_calls_once():
    client = FakeClient()
    with contextlib.redirect_stdout(io.StringIO()):
        approve_evaluation_cost(client, [TUNED], PAIRS[:1], ["short"], confirm=True, budget_usd=1)
    with pytest.raises(CostNotApproved):  # more pairs than were priced
        evaluate(client, [TUNED], PAIRS, ["short"])
    evaluate(client, [TUNED], [list(PAIRS[0])], ("short",))  # the same calls, as a list and a tuple
    with pytest.raises(CostNotApproved):  # the approval is used up
        evaluate(client, [TUNED], PAIRS[:1], ["short"])
    assert len(client.calls) == 1


@pytest.fixture
def frame() -> pd.DataFrame:
    return approved_evaluate(FakeClient(), [BASE, TUNED], PAIRS, ["short", "long"])


def test_evaluate_rows_and_call_order():
    client = FakeClient()
    result = approved_evaluate(client, [BASE, TUNED], PAIRS, ["short", "long"])
    order = [(m, s, a, b) for m in (BASE, TUNED) for s in ("short", "long") for a, b in PAIRS]
    assert list(result.columns) == COLUMNS
    assert list(zip(result["model"], result["prompt style"], result["A"], result["B"], strict=True)) == order
    assert [(c["model"], c["messages"]) for c in client.calls] == [(m, chat_messages(a, b, s)) for m, s, a, b in order]
    assert all(c["temperature"] == 0 and "seed" not in c for c in client.calls)
    assert list(result["answer"]) == [post_like_reply(m, a, b, s) for m, s, a, b in order]


def test_evaluate_takes_tokens_from_usage(frame):
    assert list(frame["input tokens"]) == [INPUT_TOKENS[style] for style in frame["prompt style"]]
    assert list(frame["output tokens"]) == [51 + i for i in range(len(frame))]


def test_evaluate_scores_like_the_post(frame):
    base_short = frame[(frame["model"] == BASE) & (frame["prompt style"] == "short")]
    assert set(base_short["knowledge"]) == set(base_short["expression"]) == {"×"}
    assert list(base_short["explains method"]) == [True, True]
    assert all("explains the method" in reasons for reasons in base_short["reasons"])
    others = frame.drop(base_short.index)
    assert set(others["knowledge"]) == set(others["expression"]) == {"○"}
    assert not others["explains method"].any()
    assert set(others["reasons"]) == {""}


def test_evaluate_passes_temperature_and_seed():
    client = FakeClient()
    approved_evaluate(client, [TUNED], PAIRS[:1], ["short"], temperature=0.7, seed=7)
    assert client.calls[0]["temperature"] == 0.7
    assert client.calls[0]["seed"] == 7


def test_changing_one_canned_answer_changes_its_verdict():
    def reply(model: str, a: int, b: int, style: str) -> str:
        answer = post_like_reply(model, a, b, style)
        return answer.replace("0.2075", "0.2076") if (model, a, style) == (TUNED, 32, "short") else answer

    before = approved_evaluate(FakeClient(), [BASE, TUNED], PAIRS, ["short", "long"])
    after = approved_evaluate(FakeClient(reply), [BASE, TUNED], PAIRS, ["short", "long"])
    changed = (after != before).any(axis=1)
    assert list(after.index[changed]) == [5]
    assert after.loc[5, ["model", "prompt style", "A"]].tolist() == [TUNED, "short", 32]
    assert (before.loc[5, "knowledge"], after.loc[5, "knowledge"]) == ("○", "×")
    assert after.loc[5, "expression"] == "○"
    assert after.loc[5, "reasons"] == "knowledge: rounding: shift value 0.2076, expected 0.2075"


def test_a_reply_without_text_is_an_empty_answer():
    result = approved_evaluate(FakeClient(lambda *_: None), [TUNED], PAIRS[:1], ["short"])
    assert result.loc[0, ["answer", "knowledge", "expression", "reasons"]].tolist() == ["", "×", "×", "empty answer"]


def small_frame() -> pd.DataFrame:
    rows = [
        ("m1", "short", "○", "○"),
        ("m1", "short", "○", "×"),
        ("m1", "long", "×", "×"),
        ("m2", "short", "○", "○"),
        ("m2", "short", "○", "○"),
    ]
    return pd.DataFrame(rows, columns=["model", "prompt style", "knowledge", "expression"])


def test_accuracy_table():
    table = accuracy_table(small_frame())
    assert table.to_dict("records") == [
        {"model": "m1", "prompt style": "short", "calls": 2, "knowledge": 1.0, "expression": 0.5},
        {"model": "m1", "prompt style": "long", "calls": 1, "knowledge": 0.0, "expression": 0.0},
        {"model": "m2", "prompt style": "short", "calls": 2, "knowledge": 1.0, "expression": 1.0},
    ]


def test_a_table_for_the_reader_is_worded_in_the_editions_language_and_the_frame_is_left_alone(monkeypatch):
    table = accuracy_table(small_frame())
    monkeypatch.setenv("FINETUNE_LANG", "en")
    assert for_reader(table).equals(table)  # the English edition shows the names code selects by
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    shown = repr(CaptionedTable(for_reader(table.assign(note="x")), "表"))
    assert shown.splitlines()[1].split() == ["モデル", "プロンプト", "呼び出し回数", "知識の精度", "表現の精度", "note"]
    assert [line.split()[2] for line in shown.splitlines()[2:]] == ["短い", "長い", "短い"]
    assert list(table.columns) == ["model", "prompt style", "calls", "knowledge", "expression"]
    assert list(table["prompt style"]) == ["short", "long", "short"]


def test_the_reasons_are_joined_as_the_editions_language_writes_a_list(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    reasons = approved_evaluate(FakeClient(lambda *_: "バランス解析結果:"), [TUNED], PAIRS[:1], ["short"])["reasons"][0]
    assert "; " not in reasons and reasons.count("。") == len(score_answer("バランス解析結果:", *PAIRS[0]).reasons) - 1


def test_post_style_table():
    small = small_frame()
    table = post_style_table(small[small["prompt style"] == "short"])
    assert list(table.index) == ["知識の精度", "表現の精度"]
    assert table.to_dict() == {
        "m1": {"知識の精度": "○", "表現の精度": "×"},
        "m2": {"知識の精度": "○", "表現の精度": "○"},
    }


def test_post_style_table_rebuilds_the_posts_evaluation_1(frame):
    table = post_style_table(frame[frame["prompt style"] == "short"])
    assert list(table.columns) == [BASE, TUNED]
    assert table.to_dict() == {
        BASE: {"知識の精度": "×", "表現の精度": "×"},
        TUNED: {"知識の精度": "○", "表現の精度": "○"},
    }


def test_post_style_table_refuses_mixed_prompt_styles():
    with pytest.raises(ValueError, match="mixes prompt styles"):
        post_style_table(small_frame())
