"""Every shipped recording is exactly the shape the real API returns, and says where it came from."""

from __future__ import annotations

import base64
import json
import re

import pytest
import yaml
from openai import BaseModel
from openai.types import FileObject
from openai.types.chat import ChatCompletion
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent

from conftest import REPO

RECORDINGS_DIR = REPO / "data" / "recordings"

CASSETTES = sorted(RECORDINGS_DIR.glob("*.yaml"))
ROUTES: list[tuple[str, str, type[BaseModel], bool]] = [  # method, path, SDK type, is the body a list page
    ("POST", r"/v1/files", FileObject, False),
    ("POST", r"/v1/fine_tuning/jobs", FineTuningJob, False),
    ("GET", r"/v1/fine_tuning/jobs", FineTuningJob, True),
    ("GET", r"/v1/fine_tuning/jobs/[^/]+", FineTuningJob, False),
    ("GET", r"/v1/fine_tuning/jobs/[^/]+/events", FineTuningJobEvent, True),
    ("POST", r"/v1/chat/completions", ChatCompletion, False),
]


def _interactions(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]


def _unknown_keys(model: type[BaseModel], body: dict) -> set[str]:
    """Keys the SDK type does not declare, at the top level and in nested models."""
    unknown = set(body) - set(model.model_fields)
    for name, field in model.model_fields.items():
        nested = field.annotation
        if isinstance(body.get(name), dict) and isinstance(nested, type) and issubclass(nested, BaseModel):
            unknown |= {f"{name}.{key}" for key in _unknown_keys(nested, body[name])}
    return unknown


def test_recordings_are_shipped():
    assert {p.stem for p in CASSETTES} >= {"03_fine_tuning"}


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_every_response_validates_against_the_sdk_types(cassette):
    checked = 0
    for interaction in _interactions(cassette):
        request, response = interaction["request"], interaction["response"]
        path = re.sub(r"^https?://[^/]+", "", request["uri"]).split("?")[0]
        body = response["body"]["string"]
        if path.endswith("/content"):
            assert base64.b64decode(body).decode().startswith("step,train_loss")
            checked += 1
            continue
        route = next((r for r in ROUTES if r[0] == request["method"] and re.fullmatch(r[1], path)), None)
        assert route is not None, f"{cassette.name}: no SDK type known for {request['method']} {path}"
        _, _, model, is_page = route
        payload = json.loads(body)
        items = payload["data"] if is_page else [payload]
        if is_page:
            assert payload["object"] == "list" and isinstance(payload["has_more"], bool)
        for item in items:
            model.model_validate(item, strict=False)
            assert _unknown_keys(model, item) == set(), f"{cassette.name}: {path} has keys the SDK does not know"
        checked += 1
    assert checked == len(_interactions(cassette))


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_every_recording_states_its_provenance(cassette):
    metadata = yaml.safe_load(cassette.read_text(encoding="utf-8"))["metadata"]["provenance"]
    assert metadata["source"] in {"authored", "recorded"}
    if metadata["source"] == "authored":
        assert "not captured from OpenAI" in metadata["note"]
    assert metadata["openai_sdk"] and metadata["date"]
