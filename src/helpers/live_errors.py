"""Plain explanations, with the next step, for the API errors a reader of the live path meets.

In a notebook, `install_explanations()` asks IPython to show these instead of the SDK's traceback;
`explain(error)` gives the same text anywhere else.
"""

from __future__ import annotations

import openai

from .messages import say
from .prices import DEFAULT_MODEL, snapshot
from .wind_down import job_creation_summary, retirement


def _code(error: openai.APIStatusError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    inner = body.get("error") if isinstance(body.get("error"), dict) else body
    return str(getattr(error, "code", None) or inner.get("code") or "")


def explain(error: BaseException) -> str | None:
    """What an OpenAI API error means for this tutorial and what to do next (None if we have nothing to add)."""
    go_on = say("live_errors.go_on_in_replay")
    if not isinstance(error, openai.APIStatusError):
        if isinstance(error, openai.APIConnectionError):
            return say("live_errors.no_connection", go_on=go_on)
        return None
    code = _code(error)
    if code == "training_not_available":
        return say("live_errors.training_not_available", summary=job_creation_summary(), go_on=go_on)
    if code == "model_not_available":
        return say("live_errors.model_not_available", snapshot=snapshot(DEFAULT_MODEL))
    if isinstance(error, openai.AuthenticationError):
        return say("live_errors.key_refused", go_on=go_on)
    if code == "insufficient_quota":
        return say("live_errors.no_credit", go_on=go_on)
    if isinstance(error, openai.InternalServerError):
        return say("live_errors.server_error", status=error.status_code)
    if code in ("model_not_found", "model_deprecated") or "deprecated" in str(error.message).lower():
        model = _model_in(error.message)
        when = retirement(snapshot(model)) if model else None
        dated = say("live_errors.retired_on", model=model, when=when) if when else ""
        return say("live_errors.model_retired", dated=dated, go_on=go_on)
    return None


def _model_in(message: str) -> str | None:
    for word in message.replace("`", " ").replace("'", " ").split():
        if word.startswith(("gpt-", "ft:gpt-")):
            return word.rstrip(".,")
    return None


def _show(shell, etype, value, tb, tb_offset=None) -> list[str]:  # IPython's custom-exception handler signature
    text = explain(value)
    if text:
        stb = [f"{etype.__name__}: {getattr(value, 'message', value)}", text]
    else:
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    shell._showtraceback(etype, value, stb)  # IPython shows nothing itself for custom exceptions
    return stb


def install_explanations() -> None:
    """In IPython/Jupyter, show `explain()`'s text for OpenAI API errors instead of the SDK's traceback."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((openai.APIError,), _show)
