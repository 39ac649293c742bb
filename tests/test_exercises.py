"""The exercises never lie: every solution and right answers in other forms pass, realistic mistakes get their own
hint, and NaN, infinities, None and objects with an odd `==` neither crash a check nor pass it, in both editions.

The table is tests/exercise_table.py; every answer goes through `verdict`, the function `check()` prints.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import socket
from collections.abc import Sequence

import pytest
from exercise_table import JOB, RIGHT, SOLUTION, TOLD, WRONG, job

from conftest import REPO
from helpers.balance_shift import analyze, prompt_numbers
from helpers.dataset import make_example
from helpers.exercises import CHECKS, RequestCatcher, verdict
from helpers.exercises.core import MARKS, Feedback, UnknownExercise, exercise, hint
from helpers.messages import CATALOGUE, LANGUAGES, say

NOTEBOOKS = sorted((REPO / "notebooks").glob("0[1-6]_*.ipynb")) + sorted(
    (REPO / "notebooks" / "ja").glob("0[1-6]_*.ipynb")
)
SOLUTIONS = sorted((REPO / "notebooks").glob("**/solutions/*.ipynb"))  # both editions
BROKEN = (REPO / "data" / "exercises" / "broken.jsonl").read_text(encoding="utf-8")
NOT_YET = ("exercise.unreadable", "exercise.check_failed")  # what a check says when it could not judge


class AlwaysEqual:
    """An object whose == says yes to anything."""

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


class EqualFloat(float):
    """A float whose == says yes to anything: the value it holds is what a check must judge."""

    def __eq__(self, other: object) -> bool:
        return True

    __ne__ = AlwaysEqual.__ne__
    __hash__ = float.__hash__


class EqualStr(str):
    """A str whose == says yes to anything."""

    __eq__, __ne__, __hash__ = EqualFloat.__eq__, AlwaysEqual.__ne__, str.__hash__


class Endless(Sequence):
    """A sequence that says it holds 2 items, yet whose iteration never ends."""

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int) -> int:
        return 1


HOLDS_ITSELF: list = []
HOLDS_ITSELF.append(HOLDS_ITSELF)
HOSTILE = [
    *(float("nan"), float("inf"), -float("inf"), AlwaysEqual(), EqualFloat(-7.5), EqualStr("x"), None),
    *(HOLDS_ITSELF, Endless()),
]
HOSTILE_IDS = ["nan", "inf", "-inf", "always-equal", "equal-float", "equal-str", "None", "holds-itself", "endless"]


def _texts(exercise_id: str, feedback: Feedback) -> dict[str, str]:
    return {lang: feedback.text(exercise_id, lang) for lang in LANGUAGES}


def _right_answers() -> list[tuple[str, object]]:
    return [(e, SOLUTION[e]) for e in SOLUTION] + [(e, answer) for e, answers in RIGHT.items() for answer in answers]


@pytest.mark.parametrize(("exercise_id", "answer"), _right_answers(), ids=[e for e, _ in _right_answers()])
def test_the_solution_and_right_answers_in_other_forms_pass(exercise_id, answer):
    feedback = verdict(exercise_id, answer)
    assert (feedback.status, feedback.key) == ("right", feedback.key) and feedback.key.startswith(f"ex.{exercise_id}.")


@pytest.mark.parametrize(("exercise_id", "answer", "key"), WRONG, ids=[f"{e}-{k}" for e, _, k in WRONG])
def test_a_realistic_mistake_gets_the_hint_written_for_it(exercise_id, answer, key):
    feedback = verdict(exercise_id, answer)
    assert (feedback.status, feedback.key) == ("hint", key)


@pytest.mark.parametrize(("exercise_id", "answer", "key"), TOLD, ids=[k for _, _, k in TOLD])
def test_a_right_answer_is_told_why(exercise_id, answer, key):
    assert (verdict(exercise_id, answer).status, verdict(exercise_id, answer).key) == ("right", key)


def test_every_exercise_has_a_full_table():
    assert set(SOLUTION) == set(RIGHT) == set(CHECKS) and len(CHECKS) == 17
    assert all(len(RIGHT[e]) >= 2 for e in CHECKS)
    wrong = {e: {key for ex, _, key in WRONG if ex == e} for e in CHECKS}
    assert all(len(keys) >= 3 for keys in wrong.values()), wrong


def _hostile_answers() -> list[tuple[str, str, object]]:
    """Each hostile value as the whole answer, and in each place of a solution that has parts."""
    cases = []
    for e, solution in SOLUTION.items():
        for value, name in zip(HOSTILE, HOSTILE_IDS, strict=True):
            cases.append((e, name, value))
            if isinstance(solution, tuple | list):
                for place in range(len(solution)):
                    cases.append(
                        (e, f"{name}@{place}", type(solution)([*solution[:place], value, *solution[place + 1 :]]))
                    )
        cases.append(
            (
                e,
                "nan-epochs",
                job(method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": float("nan")}}}),
            )
        )
    return cases


@pytest.mark.parametrize(
    ("exercise_id", "name", "answer"), _hostile_answers(), ids=[f"{e}-{n}" for e, n, _ in _hostile_answers()]
)
def test_hostile_values_neither_crash_nor_pass(exercise_id, name, answer):
    feedback = verdict(exercise_id, answer)
    assert feedback.status == "hint" and feedback.key not in NOT_YET, (name, feedback)
    assert all(_texts(exercise_id, feedback).values())


def test_nan_and_odd_objects_are_named_in_the_hint():
    assert verdict("03.1", (12, float("nan"))).key == "ex.03.1.nan"
    assert "valid_loss" in verdict("03.1", [12, float("nan")]).text("03.1", "en")
    assert verdict("05.3", float("nan")).key == "ex.answer.nan"
    assert verdict("05.3", float("inf")).key == "ex.answer.infinite"
    assert verdict("02.3", (AlwaysEqual(), 0.05)).text("02.3", "en").endswith("got AlwaysEqual: give the plain value.")
    assert verdict("05.2", EqualFloat(536.0)).status == "right"  # the value it holds is read, never its ==


def _every_feedback() -> list[tuple[str, Feedback]]:
    answers = [*_right_answers(), *((e, a) for e, a, _ in WRONG), *((e, a) for e, a, _ in TOLD)]
    answers += [(e, a) for e, _, a in _hostile_answers()]
    return [(e, verdict(e, a)) for e, a in answers] + [(e, verdict(e, ...)) for e in CHECKS]


def test_every_message_of_the_exercises_is_met_and_formats_in_both_languages():
    """Each hint and each 'right' text, filled with the values its check passes, in English and Japanese."""
    met = {}
    for exercise_id, feedback in _every_feedback():
        texts = _texts(exercise_id, feedback)
        assert "{" not in texts["en"].replace("{a}", "") and texts["en"] != texts["ja"], texts
        met[feedback.key] = texts
    frames = {"exercise.right", "exercise.hint", "exercise.unreadable", "exercise.check_failed"}
    cases = {key for key in CATALOGUE if key.startswith("ex.case.")}  # said inside other messages
    unmet = {key for key in CATALOGUE if key.startswith(("ex.", "exercise."))} - set(met) - frames - cases
    assert unmet == set()


def test_both_editions_judge_alike(monkeypatch):
    english = [(e, f.status, f.key, f.values) for e, f in _every_feedback()]
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    assert [(e, f.status, f.key, f.values) for e, f in _every_feedback()] == english


def test_a_hint_missing_a_value_is_reported_not_raised(monkeypatch):
    monkeypatch.setitem(CHECKS, "09.9", lambda answer: hint("ex.03.2.epochs"))  # {epochs} not passed
    feedback = verdict("09.9", 3)
    assert feedback.key == "exercise.check_failed" and "ex.03.2.epochs" in feedback.text("09.9", "en")
    assert "KeyError: 'epochs'" in feedback.text("09.9", "ja")


def test_a_check_is_registered_once():
    with pytest.raises(ValueError, match="two checks"):
        exercise("01.1")(lambda answer: hint("ex.text.form"))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda s: str(s.relative_to(REPO / "notebooks")))
def test_every_solution_passes_its_check(solution):
    """Read from the committed outputs, which nbval's one run of the solution reproduces (check's printing included)."""
    called: dict[str, list[str]] = {}
    for cell in _cells(solution):
        for exercise_id in re.findall(r'^check\("(\d\d\.\d)", answer\)$', "".join(cell["source"]), re.M):
            text = "".join("".join(output.get("text", [])) for output in cell.get("outputs", []))
            called[exercise_id] = [line for line in text.splitlines() if line[:1] in MARKS.values()]
    number = solution.stem[:2]
    assert set(called) == {e for e in CHECKS if e.startswith(number + ".")}
    for exercise_id, lines in called.items():
        assert len(lines) == 1 and lines[0].startswith(f"{MARKS['right']} {exercise_id} — "), (exercise_id, lines)


def _cells(notebook):
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _tagged(notebook, tag):
    return [cell for cell in _cells(notebook) if tag in cell["metadata"].get("tags", [])]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[str(n.relative_to(REPO / "notebooks")) for n in NOTEBOOKS])
def test_committed_exercises_are_blank_and_say_not_attempted(notebook, monkeypatch):
    monkeypatch.chdir(notebook.parent)
    answers, checks = _tagged(notebook, "exercise-answer"), _tagged(notebook, "exercise-check")
    assert 2 <= len(checks) <= 4 and len(answers) == len(checks)
    assert all("".join(cell["source"]).splitlines()[-1] == "answer = ..." for cell in answers)
    for cell in checks:
        exercise_id = re.fullmatch(r'check\("(\d\d\.\d)", answer\)', "".join(cell["source"])).group(1)
        printed = "".join("".join(output.get("text", [])) for output in cell["outputs"]).strip()
        assert printed == verdict(exercise_id, ...).text(exercise_id)
        assert exercise_id.startswith(notebook.stem[:2])


def _defined_names(notebook) -> set[str]:
    names = set(dir(builtins))
    for cell in _cells(notebook):
        if cell["cell_type"] == "code":
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[str(n.relative_to(REPO / "notebooks")) for n in NOTEBOOKS])
def test_every_call_an_exercise_asks_for_works_as_written(notebook):
    """`score_answer(FIRST, *PAIR)` in an exercise's text needs score_answer, FIRST and PAIR in the notebook."""
    cells = _cells(notebook)
    start = next(i for i, c in enumerate(cells) if re.match(r"## (Exercises|演習)", "".join(c["source"])))
    asked = [
        code
        for cell in cells[start:]
        if cell["cell_type"] == "markdown"
        for code in re.findall(r"`([A-Za-z_][\w.]*\(.*?\))`", "".join(cell["source"]))
    ]
    names = _defined_names(notebook)
    missing = {
        node.id
        for code in asked
        for node in ast.walk(ast.parse(code.replace("...", "None")))
        if isinstance(node, ast.Name) and node.id not in names | {"answer", "your_instruction"}
    }
    assert missing == set()


def test_no_exercise_answer_sits_in_a_data_file():
    texts = [SOLUTION[e] for e in ("01.1", "01.2", "01.3")]
    for path in (REPO / "data").rglob("*"):
        if path.is_file() and path.suffix in {".jsonl", ".json", ".yaml", ".csv", ".md"}:
            data = path.read_text(encoding="utf-8")
            for text in texts:
                assert text not in data and json.dumps(text, ensure_ascii=False)[1:-1] not in data, path


def test_every_exercise_sits_at_the_end_of_a_notebook_with_a_difficulty():
    headings = {}
    for notebook in [n for n in NOTEBOOKS if n.parent.name == "notebooks"]:  # the English edition
        cells = _cells(notebook)
        start = next((i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Exercises")), None)
        if start is None:
            continue
        assert any("## Recap" in "".join(c["source"]) for c in cells[:start])
        for cell in cells[start:]:
            found = re.match(r"### (\d\d\.\d) (★{1,3}) ", "".join(cell["source"]))
            if found:
                headings[found.group(1)] = found.group(2)
    assert set(headings) == set(CHECKS)


def test_a_blank_answer_is_not_attempted_and_an_unknown_exercise_is_named():
    assert verdict("01.1", ...).status == "blank"
    with pytest.raises(UnknownExercise, match=r"09\.9"):
        verdict("09.9", "anything")


def test_the_japanese_edition_gets_japanese_feedback(monkeypatch, tmp_path):
    folder = tmp_path / "notebooks" / "ja"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    text = verdict("01.1", analyze(25, 40).replace("-0.2308", "0.2308")).text("01.1")
    assert text == "✗ 01.1 — まだです:" + CATALOGUE["ex.text.sign"]["ja"]
    assert verdict("02.1", make_example(20, 30)).text("02.1").endswith("記事の10例にない、要素2が優位な場合。")


def test_the_request_catcher_opens_no_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    catcher = RequestCatcher()
    created = catcher.client.fine_tuning.jobs.create(**JOB)
    assert catcher.last_request == job()
    assert created.status == "not sent" and say("exercise.right", mark="✓", id="x", text="y")


def test_the_broken_file_differs_from_make_example_on_two_lines_only():
    lines = BROKEN.splitlines()
    pairs = [prompt_numbers(line) for line in lines]
    clean = [json.dumps(make_example(int(a), int(b)), ensure_ascii=False) for a, b in pairs]
    assert len(lines) == 10 and sum(line != want for line, want in zip(lines, clean, strict=True)) == 2
