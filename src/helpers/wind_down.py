"""OpenAI's 2026 wind-down of self-serve fine-tuning: the dates a reader meets, each with its source.

Dates marked `reported` come from secondary sources only (news reports), not from OpenAI's own pages;
say "reported" wherever they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ANNOUNCEMENT = "OpenAI deprecations page, “Update to OpenAI's self-serve fine-tuning” (posted 2026-05-07)"
DEPRECATIONS = "OpenAI deprecations page"
NEWS = "news reports (secondary sources; not on OpenAI's own pages)"


@dataclass(frozen=True)
class Milestone:
    """One dated step of the wind-down."""

    date: dt.date
    what: str
    source: str
    reported: bool = False


MILESTONES = (
    Milestone(
        dt.date(2026, 5, 7), "organisations that had never run fine-tuning can no longer create jobs", ANNOUNCEMENT
    ),
    Milestone(
        dt.date(2026, 7, 2),
        "organisations with no inference on a fine-tuned model in the past 60 days can no longer create jobs",
        ANNOUNCEMENT,
    ),
    Milestone(dt.date(2026, 10, 23), "gpt-4.1-nano and its fine-tuned models are retired", DEPRECATIONS),
    Milestone(dt.date(2027, 1, 6), "no organisation can create new fine-tuning jobs", ANNOUNCEMENT),
    Milestone(
        dt.date(2027, 1, 14),
        "gpt-4o-mini-2024-07-18, gpt-4o, gpt-4.1, gpt-4.1-mini and their fine-tuned models shut down",
        NEWS,
        reported=True,
    ),
)
INFERENCE_NOTE = "Inference on existing fine-tuned models continues until their base model is retired."

# Base snapshots (as in the price table) and the day they stop serving, with whether that date is only reported.
RETIREMENTS: dict[str, tuple[dt.date, bool]] = {
    "gpt-4.1-nano-2025-04-14": (dt.date(2026, 10, 23), False),
    "gpt-4o-mini-2024-07-18": (dt.date(2027, 1, 14), True),
    "gpt-4o-2024-08-06": (dt.date(2027, 1, 14), True),
    "gpt-4.1-2025-04-14": (dt.date(2027, 1, 14), True),
    "gpt-4.1-mini-2025-04-14": (dt.date(2027, 1, 14), True),
}


def retirement(snapshot: str) -> str | None:
    """'retired 2026-10-23' or 'reported to shut down 2027-01-14' for a base snapshot, else None."""
    if snapshot not in RETIREMENTS:
        return None
    date, reported = RETIREMENTS[snapshot]
    return f"reported to shut down {date.isoformat()}" if reported else f"retired {date.isoformat()}"


def timeline() -> list[dict[str, str]]:
    """The milestones as rows (date, what, source), for a table."""
    return [
        {
            "date": m.date.isoformat(),
            "what": m.what + (" (reported)" if m.reported else ""),
            "source": m.source,
        }
        for m in MILESTONES
    ]


def job_creation_summary() -> str:
    """One paragraph on who can still create fine-tuning jobs, with the dates."""
    first, second, _, last, _ = MILESTONES
    return (
        f"OpenAI is winding down self-serve fine-tuning ({ANNOUNCEMENT}): since {first.date} {first.what}; "
        f"since {second.date} {second.what}; from {last.date} {last.what}. {INFERENCE_NOTE}"
    )
