"""OpenAI's 2026 wind-down of self-serve fine-tuning: the dates a reader meets, each with its source.

Dates marked `reported` come from secondary sources only (news reports), not from OpenAI's own pages;
say "reported" wherever they are shown. The wording lives in `helpers.messages` (keys `wind_down.*`),
so each edition states the same dates in its own language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .messages import say


@dataclass(frozen=True)
class Milestone:
    """One dated step of the wind-down; `key` and `source_key` name its texts in the message catalogue."""

    date: dt.date
    key: str
    source_key: str
    reported: bool = False

    @property
    def what(self) -> str:
        """What happens on this date, in the reader's language."""
        return say(f"wind_down.{self.key}")

    @property
    def source(self) -> str:
        """Where the date comes from, in the reader's language."""
        return say(f"wind_down.source.{self.source_key}")


MILESTONES = (
    Milestone(dt.date(2026, 5, 7), "never_ran", "announcement"),
    Milestone(dt.date(2026, 7, 2), "inactive", "announcement"),
    Milestone(dt.date(2026, 10, 23), "nano_retired", "deprecations"),
    Milestone(dt.date(2027, 1, 6), "no_new_jobs", "announcement"),
    Milestone(dt.date(2027, 1, 14), "shut_down", "news", reported=True),
)

# Base snapshots (as in the price table) and the day they stop serving, with whether that date is only reported.
RETIREMENTS: dict[str, tuple[dt.date, bool]] = {
    "gpt-4.1-nano-2025-04-14": (dt.date(2026, 10, 23), False),
    "gpt-4o-mini-2024-07-18": (dt.date(2027, 1, 14), True),
    "gpt-4o-2024-08-06": (dt.date(2027, 1, 14), True),
    "gpt-4.1-2025-04-14": (dt.date(2027, 1, 14), True),
    "gpt-4.1-mini-2025-04-14": (dt.date(2027, 1, 14), True),
}

# The snapshot date of notebook 06's "as of": the day these dates and the price table were last checked. A fixed,
# labelled date, not today's, so the stored outputs stay the same on every run.
SNAPSHOT = dt.date(2026, 11, 25)


def inference_note() -> str:
    """What happens to fine-tuned models that already exist."""
    return say("wind_down.inference_note")


def retirement(snapshot: str) -> str | None:
    """'retired 2026-10-23' or 'reported to shut down 2027-01-14' for a base snapshot, else None."""
    if snapshot not in RETIREMENTS:
        return None
    date, reported = RETIREMENTS[snapshot]
    return say("wind_down.shut_down_reported" if reported else "wind_down.retired", date=date.isoformat())


def timeline() -> list[dict[str, str]]:
    """The milestones as rows (date, what, source), for a table."""
    return [
        {
            "date": m.date.isoformat(),
            "what": m.what + (say("wind_down.reported_mark") if m.reported else ""),
            "source": m.source,
        }
        for m in MILESTONES
    ]


def job_creation_summary() -> str:
    """One paragraph on who can still create fine-tuning jobs, with the dates."""
    first, second, _, last, _ = MILESTONES
    return say(
        "wind_down.summary",
        source=first.source,
        first=first.date,
        first_what=first.what,
        second=second.date,
        second_what=second.what,
        last=last.date,
        last_what=last.what,
        inference=inference_note(),
    )
