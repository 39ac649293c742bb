"""Exercises of notebook 04: score answers by hand and by code, and choose a fair held-out case."""

from __future__ import annotations

from ..balance_shift import prompt_numbers
from ..dataset import ARTICLE_PAIRS, case_of, read_jsonl
from ..evaluation import OK, score_answer
from ..project import data_dir
from .answer_values import input_pair, items, text
from .core import CASES, Feedback, Term, exercise, hint, right

PAIR = (18, 27)  # 04.1 and 04.2 ask about 要素1: 18、要素2: 27
FIRST = (  # right numbers wrapped in chatter
    "バランスシフト法で計算しました。\nバランス解析結果:\n- シフト値計算: (18 - 27) / (18 + 27) = -0.2000\n"
    "- 解釈: 要素2が要素1よりも20.0%優位です。\nお役に立てば幸いです。"
)
SECOND = (  # the exact form with the sign lost
    "バランス解析結果:\n- シフト値計算: (18 - 27) / (18 + 27) = 0.2000\n- 解釈: 要素1が要素2よりも20.0%優位です。"
)
HINTS = (  # per answer: (marks swapped, 知識の精度 wrong, 表現の精度 wrong)
    ("ex.04.1.first_swapped", "ex.04.1.first_knowledge", "ex.04.1.first_expression"),
    ("ex.04.1.second_swapped", "ex.04.1.second_knowledge", "ex.04.1.second_expression"),
)
MARKS = {OK: True, "o": True, "×": False, "x": False}


def _as_bool(mark: object) -> bool | None:
    """True for ○/True, False for ×/False (numpy bools too), None for anything else."""
    if isinstance(mark, bool):
        return mark
    return MARKS.get(mark.strip().lower()) if isinstance(mark, str) else None


@exercise("04.1")
def by_hand(answer: object) -> Feedback:
    pairs = items(answer, 2, "ex.04.1.type")
    marks = [tuple(_as_bool(mark) for mark in pair) if isinstance(pair, tuple) else () for pair in pairs]
    if any(len(pair) != 2 or None in pair for pair in marks):
        return hint("ex.04.1.type")
    for (swapped, knowledge_wrong, expression_wrong), shown, (knowledge, expression) in zip(
        HINTS, (FIRST, SECOND), marks, strict=True
    ):
        verdict = score_answer(shown, *PAIR)
        expected = (verdict.knowledge, verdict.expression)
        if (knowledge, expression) == expected[::-1] != expected:
            return hint(swapped)
        if knowledge != verdict.knowledge:
            return hint(knowledge_wrong)
        if expression != verdict.expression:
            return hint(expression_wrong)
    return right("ex.04.1.right")


@exercise("04.2")
def own_answer(answer: object) -> Feedback:
    answer = text(answer, "ex.04.2.type")
    if answer.strip() == FIRST.strip():
        return hint("ex.04.2.copied")
    verdict = score_answer(answer, *PAIR)
    if not verdict.knowledge:
        unreadable = "evaluation.unreadable" in verdict.codes
        return hint("ex.04.2.unreadable" if unreadable else "ex.04.2.wrong_numbers")
    if verdict.expression:
        return hint("ex.04.2.exact_form")
    return right("ex.04.2.right")


def _trained_pairs() -> set[tuple[int, int]]:
    """Every pair the generated training and validation sets teach (the post's ten are checked separately)."""
    folder = data_dir() / "generated"
    examples = [*read_jsonl(folder / "train.jsonl"), *read_jsonl(folder / "validation.jsonl")]
    return {tuple(int(n) for n in prompt_numbers(e["messages"][1]["content"])) for e in examples}


@exercise("04.3")
def held_out_case(answer: object) -> Feedback:
    a, b = input_pair(answer, "ex.04.3.type", "ex.04.3.range")
    if (a, b) in ARTICLE_PAIRS:
        return hint("ex.04.3.post_pair")
    if (a, b) in _trained_pairs():
        return hint("ex.04.3.trained")
    if case_of(a, b) == "element 1 dominates" and all(10 <= v <= 99 for v in (a, b)):
        return hint("ex.04.3.same_pattern")
    return right("ex.04.3.right", a=a, b=b, case=Term(CASES[case_of(a, b)]))
