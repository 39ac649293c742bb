"""Checking a learner's answer: right (with why), a hint that names the mistake, or not attempted yet.

Each notebook's module registers its checks with `@exercise("NN.k")`. A check sees only the answer, returns
a `Feedback` and never reveals the expected answer; the text comes from the one en/ja message catalogue
(messages.json), so the Japanese edition's notebooks get Japanese feedback from the same code. A check reads
the answer through `answer_values`, whose `Refused` carries the hint for an answer it cannot read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..catalogue import LANGUAGES, text
from ..errors import ExplainedError
from ..messages import language

BLANK = ...  # what a committed answer cell holds: `answer = ...`
MARKS = {"right": "✓", "hint": "✗", "blank": "…"}
CASES = {  # case_of(a, b) -> how a hint names the case
    "element 1 dominates": "ex.case.element_1",
    "element 2 dominates": "ex.case.element_2",
    "tie": "ex.case.tie",
    "one element is 0": "ex.case.zero",
}
FRAMES = {"right": "exercise.right", "hint": "exercise.hint"}  # a blank's own text carries its mark


@dataclass(frozen=True)
class Term:
    """A value of a message that is itself a catalogue text, said in the language the message is read in."""

    key: str


@dataclass(frozen=True)
class Feedback:
    """One verdict: `status` is right, hint or blank; `key` and `values` pick and fill the catalogue's text."""

    status: str
    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, exercise_id: str, in_language: str | None = None) -> str:
        """The one line the learner reads, in the edition's language (or `in_language`)."""
        lang = in_language or language()
        values = {name: text(v.key, lang) if isinstance(v, Term) else v for name, v in self.values.items()}
        if self.status not in FRAMES:
            return text(self.key, lang, mark=MARKS[self.status], id=exercise_id, **values)
        said = text(self.key, lang, **values)
        return text(FRAMES[self.status], lang, mark=MARKS[self.status], id=exercise_id, text=said)


def right(key: str, **values: object) -> Feedback:
    """The answer is right; the message says why."""
    return Feedback("right", key, values)


def hint(key: str, **values: object) -> Feedback:
    """The answer is not right yet; the message names the mistake without giving the answer."""
    return Feedback("hint", key, values)


Check = Callable[[object], Feedback]
CHECKS: dict[str, Check] = {}  # filled as each notebook's module is imported (checks_of, all_checks)
NOTEBOOKS = ("01", "02", "03", "04", "05", "06")  # exercise "02.1" is registered by the module nb02


def checks_of(exercise_id: str) -> dict[str, Check]:
    """The registered checks, with those of `exercise_id`'s notebook imported first (every notebook's if unknown)."""
    number = exercise_id.split(".", 1)[0] if isinstance(exercise_id, str) else None
    if number in NOTEBOOKS:
        importlib.import_module(f"{__package__}.nb{number}")
    if exercise_id not in CHECKS:
        all_checks()
    return CHECKS


def all_checks() -> dict[str, Check]:
    """Every notebook's checks (tests and the list of exercises an unknown id is told about)."""
    for number in NOTEBOOKS:
        importlib.import_module(f"{__package__}.nb{number}")
    return CHECKS


def exercise(exercise_id: str) -> Callable[[Check], Check]:
    """Register the check of one exercise, e.g. `@exercise("01.1")`."""

    def register(function: Check) -> Check:
        if exercise_id in CHECKS:
            raise ValueError(f"exercise {exercise_id} has two checks")
        CHECKS[exercise_id] = function
        return function

    return register


class UnknownExercise(ExplainedError, KeyError):
    """An exercise id that no check is registered for."""


class Refused(Exception):
    """Raised inside a check for an answer (or part of one) it cannot read; `feedback` is the hint that says why."""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__(feedback.key)
        self.feedback = feedback


def verdict(exercise_id: str, answer: object) -> Feedback:
    """The feedback for `answer` to exercise `exercise_id` (tests use this; notebooks call `check`).

    The feedback's text is formatted here, in every language, inside the error handling: a hint whose
    template lacks a value becomes a hint that says the check failed, never a traceback.
    """
    if exercise_id not in checks_of(exercise_id):
        raise UnknownExercise(f"no exercise {exercise_id!r}; the exercises are {', '.join(sorted(CHECKS))}")
    if answer is BLANK:
        return Feedback("blank", "exercise.not_attempted")
    try:
        feedback = CHECKS[exercise_id](answer)
    except Refused as refused:
        feedback = refused.feedback
    except (TypeError, ValueError, ArithmeticError, KeyError, IndexError, AttributeError) as error:
        feedback = hint("exercise.unreadable", error=f"{type(error).__name__}: {error}")
    try:
        for lang in LANGUAGES:
            feedback.text(exercise_id, lang)
    except (KeyError, IndexError, ValueError, AttributeError) as error:
        return hint("exercise.check_failed", message=feedback.key, error=f"{type(error).__name__}: {error}")
    return feedback


def check(exercise_id: str, answer: object) -> None:
    """Print the feedback for `answer`: ✓ and why, ✗ and a hint, or … while the answer is still `...`."""
    print(verdict(exercise_id, answer).text(exercise_id))
