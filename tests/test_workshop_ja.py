"""docs/workshop.ja.md follows docs/workshop.md: the same agendas, measured times, exercises and 2026 dates."""

from __future__ import annotations

import re

from conftest import REPO
from helpers.exercises import CHECKS
from helpers.wind_down import MILESTONES

GUIDE = (REPO / "docs" / "workshop.md").read_text(encoding="utf-8")
GUIDE_JA = (REPO / "docs" / "workshop.ja.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n#", 1)[0]


def _agenda(table: str) -> list[tuple[str, str]]:
    """(start, minutes) of every agenda row."""
    return [
        (row.split("|")[1].strip(), row.rsplit("|", 2)[1].strip())
        for row in re.findall(r"^\| \d:\d\d \|.*", table, re.M)
    ]


def test_the_agendas_have_the_english_times():
    for english, japanese in (("### 90 minutes", "### 90分"), ("### Half a day", "### 半日")):
        assert _agenda(_section(GUIDE_JA, japanese)) == _agenda(_section(GUIDE, english)) != []


def test_the_measured_times_are_the_english_ones():
    measured = re.compile(r"^\| 0\d_\w+ \|.*$", re.M)
    assert measured.findall(GUIDE_JA) == measured.findall(GUIDE) != []


def test_every_exercise_has_its_common_mistakes():
    mistakes = _section(GUIDE_JA, "## 演習でよくある誤り")
    assert [e for e in CHECKS if f"| {e} |" not in mistakes] == []


def test_the_wind_down_dates_are_the_helpers_dates():
    live = _section(GUIDE_JA, "## 2026年にliveモードで実行するには")
    stated = set(re.findall(r"(?<![\w-])\d{4}-\d{2}-\d{2}", live))
    assert stated <= {m.date.isoformat() for m in MILESTONES}
    assert {m.date.isoformat() for m in MILESTONES if "create" in m.what and "jobs" in m.what} <= stated


def test_the_two_guides_link_each_other():
    assert "(workshop.md)" in GUIDE_JA.split("\n## ")[0]
    assert "(workshop.ja.md)" in GUIDE.split("\n## ")[0]
