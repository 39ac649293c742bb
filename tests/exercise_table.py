"""For each of the 15 exercises: its solution, right answers in other forms, and realistic mistakes with their hints.

The answers are what a learner's cells produce: lists for tuples, numpy values from a DataFrame, Decimal amounts,
whole floats, a JSONL file re-serialised with json.dumps' defaults; the mistakes are the ones learners make (a
wrong sign, float rounding, forgotten epochs, yen for dollars, another model's crossover, …).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from conftest import REPO
from helpers.balance_shift import analyze
from helpers.costs import break_even_calls, crossover_instruction_tokens, training_cost_usd
from helpers.dataset import make_example, read_jsonl
from helpers.exercises import RequestCatcher
from helpers.exercises.capture import CapturedRequest
from helpers.exercises.nb03 import recorded_training
from helpers.exercises.nb04 import FIRST
from helpers.exercises.nb05 import LONGER_ANSWER, setting
from helpers.payoff import Scenario, decide
from helpers.prompts import LONG_PROMPT, user_prompt
from helpers.tokens import count_chat_tokens, count_text_tokens, estimate_training

BROKEN = (REPO / "data" / "exercises" / "broken.jsonl").read_text(encoding="utf-8")
REPAIRED = BROKEN.replace("= 0.1562", "= 0.1563").replace('"role": "assistent"', '"role": "assistant"')
JOB = {
    "model": "gpt-4o-mini-2024-07-18",
    "training_file": "file-abc123",
    "suffix": "my-suffix",
    "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
}


def job(**changes: object) -> CapturedRequest:
    """The request of 03.2 with some fields changed (None removes one)."""
    body = {key: value for key, value in {**JOB, **changes}.items() if value is not None}
    return CapturedRequest("POST", "/fine_tuning/jobs", body)


def sent(**arguments: object) -> CapturedRequest:
    """The request the SDK really builds for jobs.create(**arguments), caught before it leaves."""
    catcher = RequestCatcher()
    catcher.client.fine_tuning.jobs.create(**arguments)
    return catcher.last_request


def _epochs(hyperparameters_at: dict) -> CapturedRequest:
    return job(method={"type": "supervised", **hyperparameters_at})


def _fifty() -> tuple[int, int]:
    """Tokens per epoch of the first 50 generated examples, and how many messages they hold."""
    examples = read_jsonl(REPO / "data" / "generated" / "train.jsonl")[:50]
    return estimate_training(examples).tokens_per_epoch, sum(len(e["messages"]) for e in examples)


def _line_of(a: int, b: int) -> str:
    return next(line for line in REPAIRED.splitlines() if f'要素1: {a}、要素2: {b}"' in line)


def _wrong_example(old: str, new: str, pair: tuple[int, int] = (20, 30)) -> dict:
    example = make_example(*pair)
    return json.loads(json.dumps(example, ensure_ascii=False).replace(old, new))


def _reserialised(text: str) -> str:
    """The file as json.dumps writes it by default: ASCII only, every Japanese character a \\uXXXX escape."""
    return "".join(json.dumps(json.loads(line)) + "\n" for line in text.splitlines())


def _instruction_of(tokens: int) -> str:
    """An instruction of exactly `tokens` tokens (05.1 at the crossover)."""
    text = MINE
    while count_text_tokens(text) < tokens:
        text += " ok"
    assert count_text_tokens(text) == tokens
    return text


def _crossover(base: str, answer: int) -> float:
    return crossover_instruction_tokens(base, "gpt-4.1-mini", SHORT, answer)


PER_EPOCH, MESSAGES = _fifty()
GENERATED = read_jsonl(REPO / "data" / "generated" / "train.jsonl")
ALL_EXAMPLES = estimate_training(GENERATED).tokens_per_epoch
ANSWERS_ONLY = sum(count_text_tokens(e["messages"][-1]["content"]) for e in GENERATED[:50])
SHORT, ANSWER, _ = setting()
TRAINED = PER_EPOCH * 3
COST = training_cost_usd(TRAINED)
METRICS, EVENTS = recorded_training()
STEPS, FINAL = len(METRICS), float(METRICS["train_loss"].iloc[-1])
FIRST_LOSS = float(METRICS["train_loss"].iloc[0])
MINE = (
    "社内ヘルプデスクのアシスタントとして、結論を一文で述べ、"
    "根拠を箇条書きで三つまで挙げ、最後に参考リンクを示してください。"
)
MINE_TOKENS = count_text_tokens(MINE)
LONG_MINE = MINE * 12  # far above the crossover of 276 tokens
AT_CROSSOVER = _instruction_of(276)
CROSSOVER = _crossover("gpt-4.1-mini", LONGER_ANSWER)
BREAK_EVEN_600 = decide(Scenario(SHORT, 600, ANSWER, 11_500)).break_even_calls
CALLS = math.ceil(BREAK_EVEN_600 / 3)
ONE = analyze(25, 40)


def _cached_break_even(input_micro_usd: float) -> float:
    """06.1 by hand: gpt-4o-mini, 2,000-token instruction, the post's short prompt and answer; input cost given."""
    prompted = input_micro_usd + 55 * 0.60
    return 11_500 * 3.00 / 1e6 / ((prompted - 56 * 0.30 - 55 * 1.20) / 1e6)


# 1,920 of 2,000 tokens cached at $0.075, the other 80 and the 56 of the short prompt at $0.15: 114.6 µ$ saved a call
CACHED_BREAK_EVEN = _cached_break_even((56 + 80) * 0.15 + 1920 * 0.075)

# 06.2 by hand, gpt-4.1-mini every call cached: 0.40·n − 0.30·1,024 − (0.40·56 + 1.60·55) = 0 (USD per 1M tokens)
SECOND_CROSSOVER = (0.30 * 1024 + 0.40 * 56 + 1.60 * 55) / 0.40

# exercise -> the solution notebook's answer
SOLUTION = {
    "01.1": analyze(25, 40),
    "01.2": analyze(45, 45),
    "01.3": analyze(21, 11),
    "01.4": (2, 17),
    "02.1": make_example(20, 30),
    "02.2": REPAIRED,
    "02.3": (TRAINED, COST),
    "03.1": (STEPS, FINAL),
    "03.2": sent(**{**JOB, "suffix": "balance-shift-3ep"}),
    "04.1": [("○", "×"), ("×", "○")],
    "04.2": "計算結果は次のとおりです。\n" + "\n".join(analyze(18, 27).splitlines()[1:]),
    "04.3": (0, 250),
    "05.1": (MINE, MINE_TOKENS, False),
    "05.2": CROSSOVER,
    "05.3": CALLS,
    "06.1": 301.0,
    "06.2": 1044,
}

# exercise -> right answers written another way
RIGHT = {
    "01.1": ["\n" + ONE + "\n", np.str_(ONE)],
    "01.2": [analyze(45, 45) + "\n", np.str_(analyze(45, 45))],
    "01.3": ["  " + analyze(21, 11), np.array([analyze(21, 11)])[0]],
    "01.4": [[2, 17], np.array([7, 10]), (Decimal(5), 17.0)],
    "02.1": [json.dumps(make_example(0, 9)), {"messages": tuple(make_example(7, 7)["messages"])}],
    "02.2": [_reserialised(REPAIRED), REPAIRED.encode("utf-8")],
    "02.3": [[TRAINED, COST], (float(TRAINED), Decimal(f"{COST:.4f}")), (np.int64(TRAINED), np.float64(COST))],
    "03.1": [[STEPS, FINAL], (np.int64(STEPS), np.float32(FINAL)), (float(STEPS), Decimal(f"{FINAL:.3f}"))],
    "03.2": [
        sent(**{**JOB, "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3.0}}}}),
        job(),
    ],
    "04.1": [(("o", "x"), ("x", "o")), np.array([[True, False], [False, True]]), [[True, False], [False, True]]],
    "04.2": ["答えです。\n" + analyze(18, 27) + "\n以上。", np.str_("結果:\n" + analyze(18, 27))],
    "04.3": [[0, 250], (np.int64(40), 70.0), (Decimal(50), Fraction(50))],
    "05.1": [[MINE, float(MINE_TOKENS), np.False_], (LONG_MINE, np.int64(count_text_tokens(LONG_MINE)), np.True_)],
    "05.2": [Decimal("536"), np.float64(CROSSOVER), 536.4, Fraction(1072, 2)],
    "05.3": [float(CALLS), np.int64(CALLS), Decimal(CALLS)],
    "06.1": [Decimal("301.0"), np.float64(CACHED_BREAK_EVEN), 301, Fraction(3010, 10)],
    "06.2": [1044.0, np.int64(round(SECOND_CROSSOVER)), Decimal("1044.2"), SECOND_CROSSOVER],
}

# exercise, a realistic mistake, the hint it must get
WRONG = [
    ("01.1", ONE.replace("-0.2308", "0.2308"), "ex.text.sign"),
    ("01.1", ONE.replace("23.1%", "-23.1%"), "ex.text.negative_percent"),
    ("01.1", analyze(40, 25), "ex.text.swapped"),
    ("01.1", ONE.replace("要素2が要素1", "要素1が要素2"), "ex.text.wrong_element"),
    ("01.1", ONE.replace("-0.2308", "-0.231"), "ex.text.value_places"),
    ("01.1", ONE.replace("-0.2308", "-0.2307"), "ex.text.value_rounding"),
    ("01.1", ONE.replace("-0.2308", "-0.3308"), "ex.text.value_arithmetic"),
    ("01.1", ONE.replace("(25 - 40) / (25 + 40)", "(25 - 40) / (25 + 41)"), "ex.text.numbers"),
    ("01.1", ONE.replace("- ", "・ "), "ex.text.line_form"),
    ("01.1", ONE.replace("です。", "です"), "ex.text.line_form"),
    ("01.1", ONE + "\n以上です。", "ex.text.lines"),
    ("01.1", ONE.replace("\n", "\r\n"), "ex.text.crlf"),
    ("01.1", ONE.replace("\n", "  \n", 1), "ex.text.trailing_space"),
    ("01.1", ONE.replace("\n", "\n ", 1), "ex.text.leading_space"),
    ("01.1", -0.2308, "ex.text.type"),
    ("01.2", analyze(45, 45).replace("0.0000", "-0.0000"), "ex.text.negative_zero"),
    ("01.2", analyze(45, 45).replace("均衡しています。", "均衡しています"), "ex.text.line_form"),
    (
        "01.2",
        analyze(45, 45).replace("要素1と要素2は均衡しています。", "要素1が要素2よりも0.0%優位です。"),
        "ex.text.balance_expected",
    ),
    ("01.3", analyze(21, 11).replace("31.3%", "31.2%"), "ex.text.percent_rounding"),
    ("01.3", analyze(21, 11).replace("31.3%", "31%"), "ex.text.percent_places"),
    ("01.3", analyze(21, 11).replace("31.3%", "3.1%"), "ex.text.percent_arithmetic"),
    (
        "01.3",
        analyze(21, 11).replace("要素1が要素2よりも31.3%優位です。", "要素1と要素2は均衡しています。"),
        "ex.text.not_balanced",
    ),
    ("01.3", analyze(21, 11).replace("解釈: ", "解釈:"), "ex.text.form"),
    ("01.3", analyze(21, 11).replace("- 解釈", "・ 解釈").replace("- シフト", "・ シフト"), "ex.text.bullets"),
    ("01.3", analyze(21, 11).replace("結果:", "結果"), "ex.text.line_form"),
    ("01.4", (10, 3), "ex.01.4.notebook"),
    ("01.4", (3, 10), "ex.01.4.inverted"),
    ("01.4", [20, 6], "ex.01.4.notebook"),
    ("01.4", (2, 1), "ex.01.4.agree"),
    ("01.4", "7, 10", "ex.01.4.type"),
    ("01.4", (7.5, 10), "ex.01.4.type"),
    ("01.4", (0, 0), "ex.01.4.range"),
    ("02.1", make_example(30, 20), "ex.02.1.post_pair"),
    ("02.1", _wrong_example("-0.2000", "0.2000"), "ex.text.sign"),
    ("02.1", _wrong_example('"role": "assistant"', '"role": "bot"'), "ex.02.1.problem"),
    ("02.1", _wrong_example("precise calculations.", "precise calculations!"), "ex.02.1.system"),
    ("02.1", _wrong_example("を解析してください。", "を解析して。"), "ex.02.1.user"),
    ("02.1", '{"messages": [', "ex.02.1.json"),
    ("02.1", _wrong_example("78.9%", "79.0%", (2, 17)), "ex.text.percent_from_rounded"),
    ("02.1", [make_example(20, 30)], "ex.02.1.type"),
    ("02.1", {"messages": make_example(20, 30)["messages"][::-1]}, "ex.02.1.roles"),
    ("02.2", BROKEN, "ex.02.2.unchanged"),
    ("02.2", _reserialised(BROKEN), "ex.02.2.unchanged"),
    ("02.2", BROKEN.replace("= 0.1562", "= 0.1563"), "ex.02.2.still"),
    ("02.2", "\n".join(line for line in REPAIRED.splitlines() if "要素1: 8、" not in line) + "\n", "ex.02.2.deleted"),
    ("02.2", REPAIRED.replace("要素1: 37、要素2: 27", "要素1: 37、要素2: 28"), "ex.02.2.still"),
    ("02.2", [REPAIRED], "ex.02.2.type"),
    (
        "02.2",
        REPAIRED.replace(_line_of(37, 27), json.dumps(make_example(37, 28), ensure_ascii=False)),
        "ex.02.2.question_changed",
    ),
    ("02.3", (PER_EPOCH, training_cost_usd(PER_EPOCH)), "ex.02.3.no_epochs"),
    ("02.3", (PER_EPOCH * 10, training_cost_usd(PER_EPOCH * 10)), "ex.02.3.post_epochs"),
    ("02.3", ((PER_EPOCH - 150) * 3, 0.05), "ex.02.3.no_reply"),
    ("02.3", ((PER_EPOCH - 3 * MESSAGES) * 3, 0.05), "ex.02.3.no_message_overhead"),
    ("02.3", ((PER_EPOCH - 3 * MESSAGES - 150) * 3, 0.05), "ex.02.3.no_overhead"),
    ("02.3", (TRAINED, TRAINED * 0.30 / 1e6), "ex.02.3.inference_price"),
    ("02.3", (TRAINED, COST * 1000), "ex.02.3.per_thousand"),
    ("02.3", (TRAINED, COST * 150), "ex.02.3.yen"),
    ("02.3", (TRAINED, round(COST, 2)), "ex.02.3.rounded"),
    ("02.3", (TRAINED, COST * 2), "ex.02.3.cost"),
    ("02.3", (TRAINED + 1, 0.05), "ex.02.3.tokens"),
    ("02.3", (ALL_EXAMPLES * 3, 0.05), "ex.02.3.all_examples"),
    ("02.3", (ANSWERS_ONLY * 3, 0.05), "ex.02.3.answers_only"),
    ("02.3", (TRAINED + 0.5, COST), "ex.02.3.type"),
    ("02.3", {"tokens": TRAINED, "cost": COST}, "ex.02.3.type"),
    ("03.1", (10, FINAL), "ex.03.1.epochs"),
    ("03.1", (len(EVENTS), FINAL), "ex.03.1.events"),
    ("03.1", (sum(1 for event in EVENTS if event.type == "metrics"), FINAL), "ex.03.1.metric_events"),
    ("03.1", (STEPS, FIRST_LOSS), "ex.03.1.first_loss"),
    ("03.1", (STEPS, float(METRICS["train_loss"].min())), "ex.03.1.min_loss"),
    ("03.1", (STEPS, float(METRICS["train_loss"].mean())), "ex.03.1.mean"),
    ("03.1", (STEPS, FINAL + 0.5), "ex.03.1.loss"),
    ("03.1", (STEPS, round(FINAL, 1)), "ex.03.1.rounded"),
    ("03.1", (STEPS, float("nan")), "ex.03.1.nan"),
    ("03.1", (STEPS + 1, FINAL), "ex.03.1.steps"),
    ("03.1", ("30", FINAL), "ex.03.1.type"),
    ("03.2", None, "ex.03.2.no_request"),
    ("03.2", {"model": "gpt-4o-mini-2024-07-18"}, "ex.03.2.type"),
    ("03.2", job(model="gpt-4o-mini"), "ex.03.2.alias"),
    ("03.2", job(model="gpt-4.1-mini-2025-04-14"), "ex.03.2.model"),
    ("03.2", job(training_file="data/article_train.jsonl"), "ex.03.2.path"),
    ("03.2", job(training_file="abc123"), "ex.03.2.file_id"),
    ("03.2", job(suffix="balance-shift"), "ex.03.2.same_suffix"),
    ("03.2", job(suffix=None), "ex.03.2.no_suffix"),
    ("03.2", job(suffix="x" * 65), "ex.03.2.long_suffix"),
    ("03.2", job(method=None, hyperparameters={"n_epochs": 3}), "ex.03.2.top_level_hyperparameters"),
    ("03.2", job(method={"type": "dpo"}), "ex.03.2.method"),
    ("03.2", _epochs({"supervised": {"hyperparameters": {"n_epochs": "3"}}}), "ex.03.2.epochs_text"),
    ("03.2", _epochs({"supervised": {"hyperparameters": {"n_epochs": "auto"}}}), "ex.03.2.auto"),
    ("03.2", _epochs({}), "ex.03.2.auto"),
    ("03.2", _epochs({"supervised": {"n_epochs": 3}}), "ex.03.2.epochs_place"),
    ("03.2", _epochs({"hyperparameters": {"n_epochs": 3}}), "ex.03.2.epochs_place"),
    ("03.2", _epochs({"supervised": {"hyperparameters": {"n_epochs": 10}}}), "ex.03.2.epochs"),
    ("03.2", CapturedRequest("POST", "/files", None), "ex.03.2.endpoint"),
    ("04.1", [("○", "×"), ("○", "○")], "ex.04.1.second_knowledge"),
    ("04.1", [("×", "○"), ("×", "○")], "ex.04.1.first_swapped"),
    ("04.1", [("○", "×"), ("○", "×")], "ex.04.1.second_swapped"),
    ("04.1", [("×", "×"), ("×", "○")], "ex.04.1.first_knowledge"),
    ("04.1", [("○", "○"), ("×", "○")], "ex.04.1.first_expression"),
    ("04.1", [("○", "×"), ("×", "×")], "ex.04.1.second_expression"),
    ("04.1", [("○", "×")], "ex.04.1.type"),
    ("04.1", [(1, 0), (0, 1)], "ex.04.1.type"),
    ("04.2", FIRST, "ex.04.2.copied"),
    ("04.2", analyze(18, 27), "ex.04.2.exact_form"),
    ("04.2", "前置き\n" + analyze(18, 27).replace("-0.2000", "0.2000"), "ex.04.2.wrong_numbers"),
    ("04.2", "答えは -0.2 です。", "ex.04.2.unreadable"),
    ("04.2", b"bytes", "ex.04.2.type"),
    ("04.3", (30, 20), "ex.04.3.post_pair"),
    ("04.3", (35, 21), "ex.04.3.same_pattern"),
    ("04.3", (-1, 5), "ex.04.3.range"),
    ("04.3", ("0", "250"), "ex.04.3.type"),
    ("04.3", (7, 0), "ex.04.3.trained"),
    ("05.1", (MINE, len(MINE), False), "ex.05.1.characters"),
    ("05.1", (MINE, count_chat_tokens([{"role": "user", "content": MINE}]), False), "ex.05.1.request_overhead"),
    ("05.1", (MINE, 2 * MINE_TOKENS, False), "ex.05.1.twice"),
    ("05.1", (MINE, MINE_TOKENS + SHORT, False), "ex.05.1.with_short_prompt"),
    ("05.1", (MINE, MINE_TOKENS + 1, False), "ex.05.1.tokens"),
    ("05.1", (MINE, MINE_TOKENS, True), "ex.05.1.decision"),
    ("05.1", (AT_CROSSOVER, 276, True), "ex.05.1.decision_at"),
    ("05.1", ("出力は JSON で。", count_text_tokens("出力は JSON で。"), False), "ex.05.1.too_short"),
    ("05.1", (LONG_PROMPT.split("# 計算対象")[0], 0, False), "ex.05.1.post_instruction"),
    ("05.1", (user_prompt(30, 20, "long"), 0, False), "ex.05.1.post_instruction"),
    ("05.1", (user_prompt(12, 7, "long").split("# 出力")[0], 0, False), "ex.05.1.post_instruction"),
    ("05.1", (MINE, MINE_TOKENS, "False"), "ex.05.1.type"),
    ("05.1", (MINE, MINE_TOKENS), "ex.05.1.type"),
    ("05.2", _crossover("gpt-4o-mini", LONGER_ANSWER), "ex.05.2.wrong_base"),
    ("05.2", _crossover("gpt-4.1-mini", 0), "ex.05.2.no_output"),
    ("05.2", _crossover("gpt-4.1-mini", ANSWER), "ex.05.2.post_answer"),
    ("05.2", SHORT + CROSSOVER, "ex.05.2.whole_prompt"),
    ("05.2", 537, "ex.05.2.first_saving"),
    ("05.2", 268, "ex.05.2.other_model"),
    ("05.2", 500, "ex.05.2.tokens"),
    ("05.2", "536", "ex.05.2.type"),
    ("05.3", math.ceil(BREAK_EVEN_600), "ex.05.3.total"),
    ("05.3", math.floor(BREAK_EVEN_600 / 3), "ex.05.3.round_down"),
    ("05.3", BREAK_EVEN_600 / 3, "ex.05.3.whole"),
    ("05.3", math.ceil(break_even_calls(training_cost_usd(11_500), 600 * 0.15e-6) / 3), "ex.05.3.instruction_only"),
    (
        "05.3",
        math.ceil(decide(Scenario(SHORT, 600, 0, 11_500)).break_even_calls / 3),
        "ex.05.3.no_output",
    ),
    (
        "05.3",
        math.ceil(decide(Scenario(SHORT, 600 + SHORT, ANSWER, 11_500)).break_even_calls / 3),
        "ex.05.3.twice",
    ),
    ("05.3", CALLS + 1000, "ex.05.3.calls"),
    ("05.3", str(CALLS), "ex.05.3.type"),
    ("06.1", _cached_break_even((56 + 2000) * 0.15), "ex.06.1.no_cache"),
    ("06.1", 11_500 * 3.00 / 1e6 / ((258.6e-6 + 114.6e-6) / 2), "ex.06.1.half_rate"),
    ("06.1", _cached_break_even(56 * 0.15 + 2000 * 0.075), "ex.06.1.all_tokens"),
    (
        "06.1",
        decide(Scenario(SHORT, 2000, ANSWER, 11_500, model="gpt-4.1-mini", cache_hit_rate=1)).break_even_calls,
        "ex.06.1.other_model",
    ),
    ("06.1", 250, "ex.06.1.calls"),
    ("06.1", "301.0", "ex.06.1.type"),
    ("06.2", 276, "ex.06.2.first_crossover"),
    ("06.2", 1045, "ex.06.2.first_saving"),
    ("06.2", 1024, "ex.06.2.cache_minimum"),
    ("06.2", 1023, "ex.06.2.range_end"),
    ("06.2", 1500, "ex.06.2.tokens"),
    ("06.2", "1044", "ex.06.2.type"),
]

# exercise, a right answer, the message that must say why it is right (where one exercise has several)
TOLD = [
    ("05.1", (AT_CROSSOVER, 276, False), "ex.05.1.at_crossover"),
    ("05.1", (LONG_MINE, count_text_tokens(LONG_MINE), True), "ex.05.1.pays"),
    ("05.1", (MINE, MINE_TOKENS, False), "ex.05.1.never"),
]
