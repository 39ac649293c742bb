"""Exercises at the end of each notebook, checked by code: `check("02.1", answer)` prints ✓, a hint, or "not attempted".

One module per notebook registers its checks; `RequestCatcher` gives notebook 03 a client that never sends a request.
"""

from . import nb01, nb02, nb03, nb04, nb05, nb06  # noqa: F401  (importing registers the checks)
from .capture import RequestCatcher
from .core import CHECKS, Feedback, check, verdict

__all__ = ["CHECKS", "Feedback", "RequestCatcher", "check", "verdict"]
