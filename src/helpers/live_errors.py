"""Plain explanations, with the next step, for the API errors a reader of the live path meets.

In a notebook, `install_explanations()` asks IPython to show these instead of the SDK's traceback;
`explain(error)` gives the same text anywhere else.
"""

from __future__ import annotations

import openai

from .prices import snapshot
from .wind_down import job_creation_summary, retirement

GO_ON_IN_REPLAY = (
    "To go on, use the recordings: unset OPENAI_API_KEY and FINETUNE_MODE (or set FINETUNE_MODE=replay), restart "
    "the kernel and run the notebook again; every result is then replayed from data/recordings/ (authored)."
)


def _code(error: openai.APIStatusError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    inner = body.get("error") if isinstance(body.get("error"), dict) else body
    return str(getattr(error, "code", None) or inner.get("code") or "")


def explain(error: BaseException) -> str | None:
    """What an OpenAI API error means for this tutorial and what to do next (None if we have nothing to add)."""
    if not isinstance(error, openai.APIStatusError):
        if isinstance(error, openai.APIConnectionError):
            return "No connection to the OpenAI API (network, proxy or OPENAI_BASE_URL). " + GO_ON_IN_REPLAY
        return None
    code = _code(error)
    if code == "training_not_available":
        return f"Your organisation can no longer create fine-tuning jobs. {job_creation_summary()} {GO_ON_IN_REPLAY}"
    if code == "model_not_available":
        return (
            "This model cannot be fine-tuned under that name. Use the dated snapshot, e.g. "
            f"model={snapshot('gpt-4o-mini')!r}, not the bare alias 'gpt-4o-mini'."
        )
    if isinstance(error, openai.AuthenticationError):
        return (
            "OpenAI refused the API key (401). Check OPENAI_API_KEY in the environment (it is never printed here); "
            "create a new key in the OpenAI dashboard if it was revoked. " + GO_ON_IN_REPLAY
        )
    if code == "insufficient_quota":
        return f"Your OpenAI account has no credit left (429 insufficient_quota): add billing. {GO_ON_IN_REPLAY}"
    if code in ("model_not_found", "model_deprecated") or "deprecated" in str(error.message).lower():
        model = _model_in(error.message)
        when = retirement(snapshot(model)) if model else None
        dated = f" ({model}: {when})" if when else ""
        return f"The model is not available: it may be retired{dated}. " + GO_ON_IN_REPLAY
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
