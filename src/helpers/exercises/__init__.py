"""Exercises at the end of each notebook, checked by code: `check("02.1", answer)` prints ✓, a hint, or "not attempted".

One module per notebook registers its checks, imported when one of its exercises is first checked (`core.checks_of`),
so a notebook pays only for its own checks' imports (notebook 03's bring the openai SDK). `CHECKS` here holds every
check; `RequestCatcher` gives notebook 03 a client that never sends a request.
"""

from __future__ import annotations

from .core import Feedback, check, verdict

__all__ = ["CHECKS", "Feedback", "RequestCatcher", "check", "verdict"]


def __getattr__(name: str) -> object:
    """`CHECKS` (every notebook's checks, registered on first use) and `RequestCatcher` (the openai SDK), on demand."""
    if name == "CHECKS":
        from .core import all_checks

        return all_checks()
    if name == "RequestCatcher":
        from .capture import RequestCatcher

        return RequestCatcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
