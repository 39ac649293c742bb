"""Live API errors a reader meets are explained with the next step; in Jupyter instead of the SDK's traceback."""

from __future__ import annotations

import httpx2
import openai
import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers.errors import SettingError
from helpers.live_errors import explain, install_explanations


def _error(kind: type[openai.APIStatusError], status: int, code: str, message: str = "refused"):
    request = httpx2.Request("POST", "https://api.openai.com/v1/fine_tuning/jobs")
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}
    response = httpx2.Response(status, json=body, request=request)
    return kind(message, response=response, body=body["error"])


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_error(openai.PermissionDeniedError, 403, "training_not_available"), ["2026-05-07", "2027-01-06", "replay"]),
        (_error(openai.BadRequestError, 400, "model_not_available"), ["gpt-4o-mini-2024-07-18", "dated snapshot"]),
        (_error(openai.AuthenticationError, 401, "invalid_api_key"), ["OPENAI_API_KEY", "never printed"]),
        (_error(openai.RateLimitError, 429, "insufficient_quota"), ["billing", "replay"]),
        (
            _error(openai.NotFoundError, 404, "model_not_found", "The model `gpt-4.1-nano-2025-04-14` does not exist"),
            ["retired 2026-10-23"],
        ),
        (
            _error(openai.NotFoundError, 404, "model_not_found", "The model `gpt-4o-mini-2024-07-18` was deprecated"),
            ["reported to shut down 2027-01-14"],
        ),
    ],
    ids=["wind-down", "alias", "key", "quota", "retired", "reported-retirement"],
)
def test_each_error_a_reader_meets_is_explained(error, expected):
    text = explain(error)
    assert text is not None
    for part in expected:
        assert part in text


def test_an_error_we_know_nothing_about_is_left_alone():
    assert explain(_error(openai.BadRequestError, 400, "invalid_file")) is None
    assert explain(ValueError("x")) is None


def test_in_jupyter_the_explanation_replaces_the_traceback(capsys):
    shell = InteractiveShell.instance()
    install_explanations()
    shell.user_ns["refused"] = _error(openai.PermissionDeniedError, 403, "training_not_available")
    shell.run_cell("raise refused")
    shown = capsys.readouterr()
    text = shown.out + shown.err
    assert "2027-01-06" in text and "Traceback" not in text


def test_our_own_errors_show_as_one_message_in_jupyter(capsys):
    shell = InteractiveShell.instance()
    shell.run_cell("from helpers.errors import SettingError\nraise SettingError('FINETUNE_MODE=bad is not a mode')")
    text = "".join(capsys.readouterr())
    assert "SettingError: FINETUNE_MODE=bad is not a mode" in text and "Traceback" not in text
    assert SettingError("x")._render_traceback_() == ["SettingError: x"]
