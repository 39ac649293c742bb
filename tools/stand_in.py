"""A loopback stand-in for the OpenAI API, used to author the shipped recordings and to test recording.

It serves the routes of `stand_in_api` on 127.0.0.1 only and sends the headers a real response
carries (organisation, project, request id, cookies), so tests can prove recording scrubs them.
It shuts itself down after `lifetime` seconds, and at once when its `with` block ends.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from . import stand_in_api as api
from .stand_in_api import FAKE_ORGANIZATION, FAKE_PROJECT, JSON, Reply, Scenario, State, error
from .stand_in_chat import chat, events

__all__ = ["FAKE_ORGANIZATION", "FAKE_PROJECT", "FakeOpenAI", "Scenario"]
ROUTES: list[tuple[str, str, Callable[..., Reply]]] = [
    ("POST", r"/v1/files", api.upload),
    ("GET", r"/v1/files/(?P<id>[^/]+)/content", api.file_content),
    ("POST", r"/v1/fine_tuning/jobs", api.create_job),
    ("GET", r"/v1/fine_tuning/jobs", api.list_jobs),
    ("GET", r"/v1/fine_tuning/jobs/(?P<id>[^/]+)", api.retrieve_job),
    ("GET", r"/v1/fine_tuning/jobs/(?P<id>[^/]+)/events", events),
    ("POST", r"/v1/chat/completions", chat),
]
POLL_INTERVAL = 0.01  # how often serve_forever checks for shutdown: the default 0.5 s made every test wait


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        state = self.server.state
        state.requests.append({"method": method, "path": url.path, "headers": headers, "body": body})
        self._send(*self._answer(state, method, url.path, headers, body, parse_qs(url.query)))

    @staticmethod
    def _answer(state: State, method: str, path: str, headers: dict, body: bytes, query: dict):
        if not headers.get("authorization", "").startswith("Bearer sk-"):
            return error(401, "Incorrect API key provided.", "invalid_api_key")
        for route_method, pattern, route in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return route(state, headers, body, query, **match.groupdict())
        return error(404, f"Invalid URL ({method} {path})")

    def _send(self, status: int, body: bytes, content_type: str = JSON, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("openai-organization", FAKE_ORGANIZATION)
        self.send_header("openai-project", FAKE_PROJECT)
        self.send_header("x-request-id", "req_fake0123456789abcdef")
        self.send_header("set-cookie", "__cf_bm=fake-session-cookie; path=/; HttpOnly")
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    state: State
    daemon_threads = True


class FakeOpenAI:
    """`with FakeOpenAI() as fake:` serves on fake.base_url until the block ends (or `lifetime` runs out)."""

    def __init__(self, scenario: Scenario | None = None, lifetime: float = 300.0) -> None:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.state = State(scenario or Scenario())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(POLL_INTERVAL,), daemon=True)
        self._deadline = threading.Timer(lifetime, self.server.shutdown)
        self._deadline.daemon = True

    def add_job(self, model: str, metadata: dict | None) -> dict:
        """A job made some other way (another dataset, another clone): what a list that ignores its filter shows."""
        state = self.server.state
        example = {"messages": [{"role": "user", "content": "1+1"}, {"role": "assistant", "content": "2"}]}
        state.contents.setdefault("file-elsewhere", json.dumps(example).encode() + b"\n")
        made = api.make_job(state, {"model": model, "training_file": "file-elsewhere", "metadata": metadata})
        assert isinstance(made, dict), made
        return made

    @property
    def requests(self) -> list[dict]:
        """Every request received: method, path, headers and body."""
        return self.server.state.requests

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        self._deadline.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._deadline.cancel()
        self.server.shutdown()
        self.server.server_close()
