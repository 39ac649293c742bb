"""The facilitator's guide and the README's links agree with the project: dates, exercises, agenda sums, files."""

from __future__ import annotations

import re

from conftest import REPO
from helpers.exercises import CHECKS
from helpers.wind_down import MILESTONES

GUIDE = (REPO / "docs" / "workshop.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    return GUIDE.split(heading, 1)[1].split("\n#", 1)[0]


def test_the_wind_down_dates_are_the_helpers_dates():
    live = _section("## The live path in 2026")
    for milestone in MILESTONES:
        if "fine-tuning jobs" in milestone.what or "create jobs" in milestone.what:
            assert milestone.date.isoformat() in live, milestone.what
    stated = set(re.findall(r"(?<![\w-])\d{4}-\d{2}-\d{2}", live))
    assert stated <= {m.date.isoformat() for m in MILESTONES}


def test_every_exercise_is_in_the_agenda_and_the_mistakes():
    half_day = _section("### Half a day")
    mistakes = _section("## Common mistakes in the exercises")
    for exercise in CHECKS:
        number, _, part = exercise.partition(".")
        ranges = re.findall(rf"{number}\.(\d)–{number}\.(\d)", half_day)
        assert any(int(low) <= int(part) <= int(high) for low, high in ranges), exercise
        assert f"| {exercise} |" in mistakes or f"| {number}.x |" in mistakes, exercise


def _minutes(table: str) -> list[int]:
    return [int(row.rsplit("|", 2)[1]) for row in table.splitlines() if re.match(r"\| \d:\d\d \|", row)]


def _starts(table: str) -> list[int]:
    return [int(h) * 60 + int(m) for h, m in re.findall(r"^\| (\d):(\d\d) \|", table, re.M)]


def test_each_agenda_adds_up():
    for heading, total in (("### 90 minutes", 90), ("### Half a day", 295)):
        table = _section(heading)
        minutes, starts = _minutes(table), _starts(table)
        assert sum(minutes) == total, heading
        assert starts == [sum(minutes[:i]) for i in range(len(minutes))], heading


def test_the_readme_links_exist():
    for link in re.findall(r"\]\(((?:notebooks|docs)/[^)#]+)", README):
        assert (REPO / link).is_file(), link
    assert "(docs/workshop.md)" in README
