"""A client for exercises that builds real SDK requests and sends none.

Its transport keeps each request and answers it itself, so a learner can write a paid call such as
`client.fine_tuning.jobs.create(...)` and have it checked by inspecting the request, with no key, no
network and no cost. Nothing here talks to a server, not even a local one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx2
import openai

NOT_SENT_KEY = "never-sent"  # the SDK insists on a key; this one never leaves the process
NOT_SENT_ID = "not-sent"


@dataclass(frozen=True)
class CapturedRequest:
    """What the SDK would have sent: the method, the path after /v1, and the JSON body (None for others)."""

    method: str
    path: str
    body: dict | None


class _KeepRequests(httpx2.BaseTransport):
    def __init__(self, kept: list[CapturedRequest]) -> None:
        self.kept = kept

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        content = request.read()
        is_json = "json" in request.headers.get("content-type", "") and content
        body = json.loads(content) if is_json else None
        path = request.url.path.removeprefix("/v1")
        self.kept.append(CapturedRequest(request.method, path, body))
        echo = {**(body or {}), "id": NOT_SENT_ID, "object": "not_sent", "status": "not sent"}
        return httpx2.Response(200, json=echo, request=request)


class RequestCatcher:
    """`catcher.client` is an ordinary openai.OpenAI whose requests stop here; `last_request` shows the last one."""

    def __init__(self) -> None:
        self.requests: list[CapturedRequest] = []
        self.client = openai.OpenAI(
            api_key=NOT_SENT_KEY, http_client=httpx2.Client(transport=_KeepRequests(self.requests)), max_retries=0
        )

    @property
    def last_request(self) -> CapturedRequest | None:
        """The most recent request the client made, or None before the first."""
        return self.requests[-1] if self.requests else None
