"""Exercises of notebook 04: score answers by hand and by code, and choose a fair held-out case."""

from __future__ import annotations

from numbers import Integral

from ..balance_shift import prompt_numbers
from ..dataset import ARTICLE_PAIRS, case_of, read_jsonl
from ..evaluation import OK, score_answer
from ..messages import say
from ..project import data_dir
from .core import Feedback, exercise, hint, right

PAIR = (18, 27)  # 04.1 and 04.2 ask about 要素1: 18、要素2: 27
FIRST = (  # right numbers wrapped in chatter
    "バランスシフト法で計算しました。\nバランス解析結果:\n- シフト値計算: (18 - 27) / (18 + 27) = -0.2000\n"
    "- 解釈: 要素2が要素1よりも20.0%優位です。\nお役に立てば幸いです。"
)
SECOND = (  # the exact form with the sign lost
    "バランス解析結果:\n- シフト値計算: (18 - 27) / (18 + 27) = 0.2000\n- 解釈: 要素1が要素2よりも20.0%優位です。"
)
NAMES = ("first", "second")


def _as_bool(mark: object) -> bool | None:
    """True for ○/True, False for ×/False, None for anything else."""
    if isinstance(mark, bool):
        return mark
    return {OK: True, "o": True, "×": False, "x": False}.get(str(mark).strip().lower()) if mark is not None else None


@exercise("04.1")
def by_hand(answer: object) -> Feedback:
    if not (isinstance(answer, list | tuple) and len(answer) == 2):
        return hint("ex.04.1.type")
    marks = [tuple(_as_bool(mark) for mark in pair) if isinstance(pair, tuple) else () for pair in answer]
    if any(len(pair) != 2 or None in pair for pair in marks):
        return hint("ex.04.1.type")
    for name, text, (knowledge, expression) in zip(NAMES, (FIRST, SECOND), marks, strict=True):
        verdict = score_answer(text, *PAIR)
        expected = (verdict.knowledge, verdict.expression)
        if (knowledge, expression) == expected[::-1] != expected:
            return hint(f"ex.04.1.{name}_swapped")
        if knowledge != verdict.knowledge:
            return hint(f"ex.04.1.{name}_knowledge")
        if expression != verdict.expression:
            return hint(f"ex.04.1.{name}_expression")
    return right("ex.04.1.right")


@exercise("04.2")
def own_answer(answer: object) -> Feedback:
    if not isinstance(answer, str):
        return hint("ex.04.2.type", got=type(answer).__name__)
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
    if not (isinstance(answer, tuple) and len(answer) == 2 and all(isinstance(v, Integral) for v in answer)):
        return hint("ex.04.3.type")
    a, b = (int(v) for v in answer)
    if a < 0 or b < 0 or a == b == 0:
        return hint("ex.04.3.range")
    if (a, b) in ARTICLE_PAIRS:
        return hint("ex.04.3.post_pair")
    if (a, b) in _trained_pairs():
        return hint("ex.04.3.trained")
    if case_of(a, b) == "element 1 dominates" and all(10 <= v <= 99 for v in (a, b)):
        return hint("ex.04.3.same_pattern")
    return right("ex.04.3.right", a=a, b=b, case=say(f"ex.case.{case_of(a, b)}"))
