"""Errors a reader is meant to read: one plain message, no traceback of our code.

In a notebook, IPython shows an exception's `_render_traceback_()` instead of the traceback,
so a bad setting or a refused cost reads as one message that says what to do next.
The command line prints the same message and exits 2.
"""

from __future__ import annotations


class ExplainedError(Exception):
    """An error whose message is the whole story: what is wrong, where, and the next step."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class SettingError(ExplainedError, ValueError):
    """An environment variable (or argument) with a value we cannot use."""


class ProjectNotFound(ExplainedError, FileNotFoundError):
    """The project folder (recordings, runs, generated data) could not be found."""


class RecordingError(ExplainedError):
    """A recording that is missing, damaged or named unsafely."""
