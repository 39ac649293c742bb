"""The post's prompts, verbatim: the system prompt, the short prompt and the long instruction prompt."""

from __future__ import annotations

from decimal import Decimal
from numbers import Real

from .balance_shift import format_number

SYSTEM_PROMPT = "This assistant provides factual outputs with precise calculations."

SHORT_PROMPT = "バランスシフト法を用いて、以下のデータセットのバランスを解析してください。要素1: {a}、要素2: {b}"

# 精度評価2: the definition and the output format spelled out for a model that never learnt them.
LONG_PROMPT = """# 指示
バランスシフト法を用いて、以下のデータセットのバランスを解析してください。
バランスシフト法とは、要素の関係性を評価し、片方の要素がどの程度影響を与えているかを定量的に示す手法です。
2つの要素の差分を、2つの要素の和で割った値をシフト値と呼び、シフト値がプラスなのか-なのかで優位な要素を判定します。
以下の計算対象に対して計算を行い、以下の出力フォーマットで回答してください。

# 計算対象
要素1: {a}、要素2: {b}

# 出力フォーマット
バランス解析結果:
・ シフト値計算: (A - B) / (A + B) = 0.X
・ 解釈: 要素1が要素2よりもX.0%優位です。"""

PROMPT_STYLES = {"short": SHORT_PROMPT, "long": LONG_PROMPT}


def user_prompt(a: Real | Decimal, b: Real | Decimal, style: str = "short") -> str:
    """The user message for 要素1 = a, 要素2 = b in the post's short or long style."""
    if style not in PROMPT_STYLES:
        raise ValueError(f"unknown prompt style {style!r}; choose one of {', '.join(PROMPT_STYLES)}")
    return PROMPT_STYLES[style].format(a=format_number(a), b=format_number(b))


def chat_messages(a: Real | Decimal, b: Real | Decimal, style: str = "short") -> list[dict[str, str]]:
    """System and user messages of one request, as sent to the chat completions API."""
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": user_prompt(a, b, style)},
    ]
