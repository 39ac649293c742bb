"""The exercises: every solution passes its check, foreseeable mistakes get a hint (never ✓), blanks say so.

The wrong answers below are the mistakes learners make (wrong sign, float rounding, forgotten epochs or reply
tokens, a path instead of a file id, …); each must meet the hint written for it, not a generic one.
"""

from __future__ import annotations

import json
import math
import re
import socket

import pytest

from conftest import REPO
from helpers.balance_shift import analyze, prompt_numbers
from helpers.costs import break_even_calls, crossover_instruction_tokens, per_call_saving_usd, training_cost_usd
from helpers.dataset import make_example, read_jsonl
from helpers.exercises import CHECKS, RequestCatcher, verdict
from helpers.exercises.capture import CapturedRequest
from helpers.exercises.core import MARKS, UnknownExercise
from helpers.exercises.nb03 import recorded_training
from helpers.exercises.nb04 import FIRST
from helpers.exercises.nb05 import LONGER_ANSWER, setting
from helpers.messages import CATALOGUE, LANGUAGES, say
from helpers.prices import UnknownModel
from helpers.prompts import LONG_PROMPT
from helpers.tokens import count_chat_tokens, count_text_tokens, estimate_training

NOTEBOOKS = sorted((REPO / "notebooks").glob("0[1-5]_*.ipynb"))
SOLUTIONS = sorted((REPO / "notebooks").glob("**/solutions/*.ipynb"))  # both editions
BROKEN = (REPO / "data" / "exercises" / "broken.jsonl").read_text(encoding="utf-8")
JOB = {
    "model": "gpt-4o-mini-2024-07-18",
    "training_file": "file-abc123",
    "suffix": "my-suffix",
    "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
}


def _job(**changes: object) -> CapturedRequest:
    body = {key: value for key, value in {**JOB, **changes}.items() if value is not None}
    return CapturedRequest("POST", "/fine_tuning/jobs", body)


def _fifty() -> tuple[int, int]:
    """Tokens per epoch of the first 50 generated examples, and how many messages they hold."""
    examples = read_jsonl(REPO / "data" / "generated" / "train.jsonl")[:50]
    return estimate_training(examples).tokens_per_epoch, sum(len(e["messages"]) for e in examples)


PER_EPOCH, MESSAGES = _fifty()
SHORT, ANSWER, _ = setting()
MINE = (
    "社内ヘルプデスクのアシスタントとして、結論を一文で述べ、"
    "根拠を箇条書きで三つまで挙げ、最後に参考リンクを示してください。"
)
NOT_PRICED = float("nan")  # until the price table has gpt-4.1-mini's base price


def _crossover(base: str, answer: int) -> float:
    """Like-for-like (or against `base`) crossover of fine-tuned gpt-4.1-mini for a `answer`-token answer."""
    try:
        return crossover_instruction_tokens(base, "gpt-4.1-mini", SHORT, answer)
    except UnknownModel:
        return NOT_PRICED


BREAK_EVEN_600 = break_even_calls(
    training_cost_usd(11_500), per_call_saving_usd("gpt-4o-mini", "gpt-4o-mini", SHORT, 600, ANSWER)
)
TRAINED = PER_EPOCH * 3
STEPS, FINAL = len(recorded_training()[0]), float(recorded_training()[0]["train_loss"].iloc[-1])
FIRST_LOSS = float(recorded_training()[0]["train_loss"].iloc[0])


def _wrong_example(old: str, new: str, pair: tuple[int, int] = (20, 30)) -> dict:
    example = make_example(*pair)
    return json.loads(json.dumps(example, ensure_ascii=False).replace(old, new))


# exercise, a plausible wrong answer, the hint it must get
WRONG = [
    ("01.1", analyze(25, 40).replace("-0.2308", "0.2308"), "ex.text.sign"),
    ("01.1", analyze(25, 40).replace("23.1%", "-23.1%"), "ex.text.negative_percent"),
    ("01.1", analyze(40, 25), "ex.text.swapped"),
    ("01.1", analyze(25, 40).replace("要素2が要素1", "要素1が要素2"), "ex.text.wrong_element"),
    ("01.1", analyze(25, 40).replace("-0.2308", "-0.231"), "ex.text.value_places"),
    ("01.1", analyze(25, 40).replace("-0.2308", "-0.2307"), "ex.text.value_rounding"),
    ("01.1", analyze(25, 40).replace("- ", "・ "), "ex.text.line_form"),
    ("01.1", analyze(25, 40).replace("です。", "です"), "ex.text.line_form"),
    ("01.1", analyze(25, 40) + "\n以上です。", "ex.text.lines"),
    ("01.1", -0.2308, "ex.text.type"),
    (
        "01.2",
        analyze(45, 45).replace("要素1と要素2は均衡しています。", "要素1が要素2よりも0.0%優位です。"),
        "ex.text.balance_expected",
    ),
    ("01.3", analyze(21, 11).replace("31.3%", "31.2%"), "ex.text.percent_rounding"),
    ("01.3", analyze(21, 11).replace("31.3%", "31%"), "ex.text.percent_places"),
    ("01.3", analyze(21, 11).replace("31.3%", "0.3%"), "ex.text.percent_arithmetic"),
    ("01.4", (10, 3), "ex.01.4.notebook"),
    ("01.4", (3, 10), "ex.01.4.notebook"),
    ("01.4", (2, 1), "ex.01.4.agree"),
    ("01.4", "7, 10", "ex.01.4.type"),
    ("01.4", (0, 0), "ex.01.4.range"),
    ("02.1", make_example(30, 20), "ex.02.1.post_pair"),
    ("02.1", _wrong_example("-0.2000", "0.2000"), "ex.text.sign"),
    ("02.1", _wrong_example('"role": "assistant"', '"role": "bot"'), "ex.02.1.problem"),
    ("02.1", _wrong_example("precise calculations.", "precise calculations!"), "ex.02.1.system"),
    ("02.1", _wrong_example("を解析してください。", "を解析して。"), "ex.02.1.user"),
    ("02.1", '{"messages": [', "ex.02.1.json"),
    ("02.2", BROKEN, "ex.02.2.unchanged"),
    ("02.2", BROKEN.replace("= 0.1562", "= 0.1563"), "ex.02.2.still"),
    ("02.2", "\n".join(line for line in BROKEN.splitlines() if "assistent" not in line) + "\n", "ex.02.2.deleted"),
    (
        "02.2",
        BROKEN.replace("要素1: 37、要素2: 27", "要素1: 37、要素2: 28").replace(
            '"role": "assistent"', '"role": "assistant"'
        ),
        "ex.02.2.still",
    ),
    ("02.3", (PER_EPOCH, training_cost_usd(PER_EPOCH)), "ex.02.3.no_epochs"),
    ("02.3", (PER_EPOCH * 10, training_cost_usd(PER_EPOCH * 10)), "ex.02.3.post_epochs"),
    ("02.3", ((PER_EPOCH - 150) * 3, 0.05), "ex.02.3.no_reply"),
    ("02.3", ((PER_EPOCH - 3 * MESSAGES) * 3, 0.05), "ex.02.3.no_message_overhead"),
    ("02.3", (TRAINED, TRAINED * 0.30 / 1e6), "ex.02.3.inference_price"),
    ("02.3", (TRAINED, training_cost_usd(TRAINED) * 1000), "ex.02.3.per_thousand"),
    ("02.3", (TRAINED + 1, 0.05), "ex.02.3.tokens"),
    ("02.3", [TRAINED, 0.05], "ex.02.3.type"),
    ("03.1", (10, FINAL), "ex.03.1.epochs"),
    ("03.1", (len(recorded_training()[1]), FINAL), "ex.03.1.events"),
    ("03.1", (STEPS, FIRST_LOSS), "ex.03.1.first_loss"),
    ("03.1", (STEPS, FINAL + 0.5), "ex.03.1.loss"),
    ("03.2", None, "ex.03.2.no_request"),
    ("03.2", _job(model="gpt-4o-mini"), "ex.03.2.alias"),
    ("03.2", _job(training_file="data/article_train.jsonl"), "ex.03.2.path"),
    ("03.2", _job(suffix="balance-shift"), "ex.03.2.same_suffix"),
    ("03.2", _job(suffix=None), "ex.03.2.no_suffix"),
    ("03.2", _job(method=None, hyperparameters={"n_epochs": 3}), "ex.03.2.top_level_hyperparameters"),
    (
        "03.2",
        _job(method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": "3"}}}),
        "ex.03.2.epochs_text",
    ),
    ("03.2", _job(method={"type": "supervised"}), "ex.03.2.auto"),
    ("03.2", CapturedRequest("POST", "/files", None), "ex.03.2.endpoint"),
    ("04.1", [("○", "×"), ("○", "○")], "ex.04.1.second_knowledge"),
    ("04.1", [("×", "○"), ("×", "○")], "ex.04.1.first_swapped"),
    ("04.1", [("○", "○"), ("×", "○")], "ex.04.1.first_expression"),
    ("04.1", [("○", "×")], "ex.04.1.type"),
    ("04.2", FIRST, "ex.04.2.copied"),
    ("04.2", analyze(18, 27), "ex.04.2.exact_form"),
    ("04.2", "前置き\n" + analyze(18, 27).replace("-0.2000", "0.2000"), "ex.04.2.wrong_numbers"),
    ("04.2", "答えは -0.2 です。", "ex.04.2.unreadable"),
    ("04.3", (30, 20), "ex.04.3.post_pair"),
    ("04.3", (35, 21), "ex.04.3.same_pattern"),
    ("05.1", (MINE, len(MINE), False), "ex.05.1.characters"),
    ("05.1", (MINE, count_chat_tokens([{"role": "user", "content": MINE}]), False), "ex.05.1.request_overhead"),
    ("05.1", (MINE, 2 * count_text_tokens(MINE), False), "ex.05.1.twice"),
    ("05.1", (MINE, count_text_tokens(MINE) + SHORT, False), "ex.05.1.with_short_prompt"),
    ("05.1", (MINE, count_text_tokens(MINE), True), "ex.05.1.decision"),
    ("05.1", ("出力は JSON で。", count_text_tokens("出力は JSON で。"), False), "ex.05.1.too_short"),
    ("05.1", (LONG_PROMPT.split("# 計算対象")[0], 0, False), "ex.05.1.post_instruction"),
    ("05.2", _crossover("gpt-4o-mini", LONGER_ANSWER), "ex.05.2.wrong_base"),
    ("05.2", _crossover("gpt-4.1-mini", 0), "ex.05.2.no_output"),
    ("05.2", _crossover("gpt-4.1-mini", ANSWER), "ex.05.2.post_answer"),
    ("05.2", SHORT + _crossover("gpt-4.1-mini", LONGER_ANSWER), "ex.05.2.whole_prompt"),
    ("05.2", "276", "ex.05.2.type"),
    ("05.3", math.ceil(BREAK_EVEN_600), "ex.05.3.total"),
    ("05.3", math.floor(BREAK_EVEN_600 / 3), "ex.05.3.round_down"),
    ("05.3", BREAK_EVEN_600 / 3, "ex.05.3.whole"),
    ("05.3", math.ceil(break_even_calls(training_cost_usd(11_500), 600 * 0.15e-6) / 3), "ex.05.3.instruction_only"),
]


@pytest.mark.parametrize(("exercise", "answer", "key"), WRONG, ids=[f"{e}-{k}" for e, _, k in WRONG])
def test_a_foreseeable_mistake_gets_its_own_hint(exercise, answer, key):
    if isinstance(answer, float) and math.isnan(answer):
        pytest.skip("the price table has no base price for gpt-4.1-mini yet")
    feedback = verdict(exercise, answer)
    assert (feedback.status, feedback.key) == ("hint", key)


def test_every_exercise_has_wrong_answers_that_are_caught():
    assert {exercise for exercise, _, _ in WRONG} == set(CHECKS)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda s: str(s.relative_to(REPO / "notebooks")))
def test_every_solution_passes_its_check(solution):
    """Read from the committed outputs, which nbval's one run of the solution reproduces (check's printing included)."""
    called: dict[str, list[str]] = {}
    for cell in _cells(solution):
        for exercise in re.findall(r'^check\("(\d\d\.\d)", answer\)$', "".join(cell["source"]), re.M):
            text = "".join("".join(output.get("text", [])) for output in cell.get("outputs", []))
            called[exercise] = [line for line in text.splitlines() if line[:1] in MARKS.values()]
    number = solution.stem[:2]
    assert set(called) == {e for e in CHECKS if e.startswith(number + ".")}
    for exercise, lines in called.items():
        assert len(lines) == 1 and lines[0].startswith(f"{MARKS['right']} {exercise} — "), (exercise, lines)


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _tagged(notebook, tag):
    return [cell for cell in _cells(notebook) if tag in cell["metadata"].get("tags", [])]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_committed_exercises_are_blank_and_say_not_attempted(notebook, monkeypatch):
    monkeypatch.chdir(notebook.parent)
    answers, checks = _tagged(notebook, "exercise-answer"), _tagged(notebook, "exercise-check")
    assert 2 <= len(checks) <= 4 and len(answers) == len(checks)
    assert all("".join(cell["source"]).splitlines()[-1] == "answer = ..." for cell in answers)
    for cell in checks:
        exercise = re.fullmatch(r'check\("(\d\d\.\d)", answer\)', "".join(cell["source"])).group(1)
        printed = "".join("".join(output.get("text", [])) for output in cell["outputs"]).strip()
        assert printed == verdict(exercise, ...).text(exercise)
        assert exercise.startswith(notebook.stem[:2])


def test_every_exercise_sits_at_the_end_of_a_notebook_with_a_difficulty():
    headings = {}
    for notebook in NOTEBOOKS:
        cells = _cells(notebook)
        start = next((i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Exercises")), None)
        if start is None:
            continue
        assert "## Recap" in "".join(cells[start - 1]["source"]) or any(
            "## Recap" in "".join(c["source"]) for c in cells[:start]
        )
        for cell in cells[start:]:
            found = re.match(r"### (\d\d\.\d) (★{1,3}) ", "".join(cell["source"]))
            if found:
                headings[found.group(1)] = found.group(2)
    assert set(headings) == set(CHECKS)
    assert len(headings) >= 14


def test_a_blank_answer_is_not_attempted_and_an_unknown_exercise_is_named():
    assert verdict("01.1", ...).status == "blank"
    with pytest.raises(UnknownExercise, match=r"09\.9"):
        verdict("09.9", "anything")


def test_an_answer_of_the_wrong_shape_gets_a_hint_not_a_traceback():
    assert verdict("03.1", ("100", None)).status == "hint"
    assert verdict("02.1", {"messages": "not a list"}).status == "hint"


def test_the_japanese_edition_gets_japanese_feedback(monkeypatch, tmp_path):
    folder = tmp_path / "notebooks" / "ja"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    text = verdict("01.1", analyze(25, 40).replace("-0.2308", "0.2308")).text("01.1")
    assert text == "✗ 01.1 — まだです: " + CATALOGUE["ex.text.sign"]["ja"]


def test_every_exercise_message_has_both_languages_and_the_same_placeholders():
    keys = [key for key in CATALOGUE if key.startswith(("ex.", "exercise."))]
    assert len(keys) > 50
    for key in keys:
        placeholders = {lang: sorted(re.findall(r"\{(\w+)", CATALOGUE[key][lang])) for lang in LANGUAGES}
        assert placeholders["en"] == placeholders["ja"], key


def test_every_message_key_named_in_the_checks_exists():
    sources = (REPO / "src" / "helpers" / "exercises").glob("*.py")
    named = {key for path in sources for key in re.findall(r'(?:hint|right)\("([\w.]+)"', path.read_text("utf-8"))}
    assert named and named <= set(CATALOGUE)


def test_the_request_catcher_opens_no_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    catcher = RequestCatcher()
    job = catcher.client.fine_tuning.jobs.create(**JOB)
    assert catcher.last_request == _job()
    assert job.status == "not sent" and say("exercise.right", mark="✓", id="x", text="y")


def test_the_broken_file_differs_from_make_example_on_two_lines_only():
    lines = BROKEN.splitlines()
    pairs = [prompt_numbers(line) for line in lines]
    clean = [json.dumps(make_example(int(a), int(b)), ensure_ascii=False) for a, b in pairs]
    assert len(lines) == 10 and sum(line != want for line, want in zip(lines, clean, strict=True)) == 2
