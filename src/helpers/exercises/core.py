"""Checking a learner's answer: right (with why), a hint that names the mistake, or not attempted yet.

Each notebook's module registers its checks with `@exercise("NN.k")`. A check sees only the answer, returns
a `Feedback` and never reveals the expected answer; the text comes from the one en/ja message catalogue,
so the Japanese edition's notebooks get Japanese feedback from the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import yaml

from ..errors import ExplainedError
from ..messages import extend, say

MESSAGES_FILE = "messages.yaml"  # package data: every exercise message in English and Japanese
BLANK = ...  # what a committed answer cell holds: `answer = ...`
MARKS = {"right": "✓", "hint": "✗", "blank": "…"}


@dataclass(frozen=True)
class Feedback:
    """One verdict: `status` is right, hint or blank; `key` and `values` pick and fill the catalogue's text."""

    status: str
    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, exercise_id: str) -> str:
        """The one line the learner reads, in the edition's language."""
        text = say(self.key, **self.values)
        return say(f"exercise.{self.status}", mark=MARKS[self.status], id=exercise_id, text=text)


def right(key: str, **values: object) -> Feedback:
    """The answer is right; the message says why."""
    return Feedback("right", key, values)


def hint(key: str, **values: object) -> Feedback:
    """The answer is not right yet; the message names the mistake without giving the answer."""
    return Feedback("hint", key, values)


Check = Callable[[object], Feedback]
CHECKS: dict[str, Check] = {}


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


def verdict(exercise_id: str, answer: object) -> Feedback:
    """The feedback for `answer` to exercise `exercise_id` (tests use this; notebooks call `check`)."""
    if exercise_id not in CHECKS:
        raise UnknownExercise(f"no exercise {exercise_id!r}; the exercises are {', '.join(sorted(CHECKS))}")
    if answer is BLANK:
        return Feedback("blank", "exercise.not_attempted")
    try:
        return CHECKS[exercise_id](answer)
    except (TypeError, ValueError, ArithmeticError, KeyError, IndexError, AttributeError) as error:
        return hint("exercise.unreadable", error=f"{type(error).__name__}: {error}")


def check(exercise_id: str, answer: object) -> None:
    """Print the feedback for `answer`: ✓ and why, ✗ and a hint, or … while the answer is still `...`."""
    print(verdict(exercise_id, answer).text(exercise_id))


extend(yaml.safe_load(resources.files(__package__).joinpath(MESSAGES_FILE).read_text(encoding="utf-8")))
