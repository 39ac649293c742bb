"""Record and replay OpenAI HTTP traffic with vcrpy cassettes, through an httpx2 transport.

The transport is handed to the SDK's own client, so nothing is patched globally: only
the notebook's OpenAI client replays, never tiktoken or anything else in the kernel.
Requests match on method, path, query and body compared semantically (JSON parsed,
multipart boundary masked), not on host, so a custom ``base_url`` still replays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import yaml
from vcr import matchers
from vcr.cassette import Cassette
from vcr.errors import UnhandledHTTPRequestError
from vcr.record_mode import RecordMode
from vcr.request import Request as VcrRequest

from ..errors import RecordingError
from ..messages import say
from ..project import display_path
from .scrub import never_replayed, scrub_request, scrub_response


def _content_type(request: VcrRequest) -> str:
    for name, value in request.headers.items():
        if name.lower() == "content-type":
            return value
    return ""


def _comparable_body(request: VcrRequest) -> object:
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    content_type = _content_type(request)
    boundary = re.search(r"boundary=([^;]+)", content_type)
    if content_type.startswith("multipart/") and boundary:
        return body.replace(boundary.group(1).strip('"').encode(), b"BOUNDARY")
    if "json" in content_type and body:
        try:
            return json.loads(body)
        except ValueError:
            return body
    return body


def semantic_body(r1: VcrRequest, r2: VcrRequest) -> None:
    """vcrpy matcher: bodies equal once JSON is parsed and multipart boundaries are masked."""
    if _comparable_body(r1) != _comparable_body(r2):
        raise AssertionError("request bodies differ")


def _api_path(request: VcrRequest) -> str:
    path = request.path
    return path[path.find("/v1/") :] if "/v1/" in path else path


def api_path(r1: VcrRequest, r2: VcrRequest) -> None:
    """vcrpy matcher: paths equal from '/v1/' on, so a base_url with another host or prefix still replays."""
    if _api_path(r1) != _api_path(r2):
        raise AssertionError(f"{r1.path} != {r2.path}")


MATCH_ON = (matchers.method, api_path, matchers.query, semantic_body)


PROVENANCE_KEYS = ("source", "note", "date", "openai_sdk")
MAX_RECORDING_BYTES = 20_000_000  # the shipped recordings are ~100 kB; a bigger file is not one of ours


def check_recording(path: Path) -> None:
    """Stop with one RecordingError naming the file unless it is a whole, readable recording.

    vcrpy would treat a damaged cassette as empty; a reader would then meet confusing misses later.
    """
    where = display_path(path)
    restore = say("recording.restore", where=where, name=path.stem)
    try:
        if path.stat().st_size > MAX_RECORDING_BYTES:
            raise RecordingError(say("recording.too_big", where=where, limit=MAX_RECORDING_BYTES, restore=restore))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordingError(say("recording.missing", where=where, restore=restore)) from None
    except UnicodeDecodeError:
        raise RecordingError(say("recording.not_text", where=where, restore=restore)) from None
    except OSError as error:
        raise RecordingError(say("recording.unreadable", where=where, reason=error.strerror, restore=restore)) from None
    try:
        _refuse_aliases(text)  # an alias bomb expands to gigabytes: vcrpy's own loader would exhaust memory
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except _AliasFound as found:
        line = say("recording.at_line", line=found.line)
        raise RecordingError(say("recording.has_alias", where=where, line=line, restore=restore)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = say("recording.at_line", line=mark.line + 1) if mark else ""
        raise RecordingError(say("recording.not_yaml", where=where, line=line, restore=restore)) from None
    problem = _shape_problem(data)
    if problem:
        raise RecordingError(say("recording.incomplete", where=where, problem=problem, restore=restore))


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _refuse_aliases(text: str) -> None:
    """Scan the YAML (no node is built, so nothing expands) and stop at the first anchor or alias."""
    for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
            raise _AliasFound(token.start_mark.line + 1)


def _response_problem(number: int, response: dict) -> str | None:
    code = response["status"].get("code")
    if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 599:
        return f"interaction {number}: response status code {code!r} is not a number from 100 to 599"
    if never_replayed(code):  # replay would drop it silently and then report the request as never recorded
        return f"interaction {number}: response status code {code} (a rate limit or server error) is never recorded"
    body = response.get("body")
    if not isinstance(body, dict) or not isinstance(body.get("string", ""), (str, bytes)):
        return f"interaction {number}: response body must be a mapping whose 'string' is text"
    headers = response.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, list) for v in headers.values()):
        return f"interaction {number}: response headers must map each name to a list of values"
    return None


def _shape_problem(data: object) -> str | None:
    if not isinstance(data, dict):
        return f"expected a mapping with interactions, found {type(data).__name__}"
    interactions = data.get("interactions")
    if not isinstance(interactions, list) or not interactions:
        return "no interactions"
    for number, item in enumerate(interactions, 1):
        request = item.get("request") if isinstance(item, dict) else None
        response = item.get("response") if isinstance(item, dict) else None
        if not isinstance(request, dict) or not isinstance(response, dict):
            return f"interaction {number} lacks its request or response"
        if not {"method", "uri"} <= request.keys() or not isinstance(response.get("status"), dict):
            return f"interaction {number} lacks its method, uri or status"
    provenance = (data.get("metadata") or {}).get("provenance") if isinstance(data.get("metadata"), dict) else None
    if not isinstance(provenance, dict) or not set(PROVENANCE_KEYS) <= provenance.keys():
        return f"metadata.provenance must give {', '.join(PROVENANCE_KEYS)}"
    return next(filter(None, (_response_problem(n, item["response"]) for n, item in enumerate(interactions, 1))), None)


def open_cassette(path: Path, recording: bool) -> Cassette:
    """A cassette for replay (loaded, read-only) or for recording (fresh, overwritten on save)."""
    options: dict[str, Any] = {
        "path": str(path),
        "match_on": MATCH_ON,
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
    }
    if recording:
        return Cassette(record_mode=RecordMode.ALL, **options)
    return Cassette.load(record_mode=RecordMode.NONE, **options)


def _as_vcr_request(request: httpx2.Request) -> VcrRequest:
    url = request.url.copy_with(userinfo=b"")  # credentials in OPENAI_BASE_URL never reach a recording
    return VcrRequest(request.method, str(url), request.read(), dict(request.headers))


def _as_recorded(response: httpx2.Response) -> dict:
    headers: dict[str, list[str]] = {}
    for name, value in response.headers.multi_items():
        headers.setdefault(name, []).append(value)
    return {
        "status": {"code": response.status_code, "message": response.reason_phrase},
        "headers": headers,
        "body": {"string": response.content},
    }


def _from_recorded(recorded: dict, request: httpx2.Request) -> httpx2.Response:
    headers = [(name, value) for name, values in recorded["headers"].items() for value in values]
    body = recorded["body"]["string"]
    return httpx2.Response(
        recorded["status"]["code"],
        headers=headers,
        content=body.encode() if isinstance(body, str) else body,
        request=request,
    )


def describe_request(request: httpx2.Request) -> str:
    """'POST /v1/files' for messages."""
    query = f"?{request.url.query.decode()}" if request.url.query else ""
    return f"{request.method} {request.url.path}{query}"


class CassetteTransport(httpx2.BaseTransport):
    """Serve requests from a cassette (replay), or send them upstream and record them (record)."""

    def __init__(
        self,
        cassette: Cassette,
        upstream: httpx2.BaseTransport | None = None,
        on_miss: Callable[[httpx2.Request, str], str] | None = None,
    ) -> None:
        self.cassette = cassette
        self.upstream = upstream
        self.on_miss = on_miss or (lambda request, why: why)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        vcr_request = _as_vcr_request(request)
        if self.upstream is not None:
            return self._record(request, vcr_request)
        if vcr_request in self.cassette:
            try:
                return _from_recorded(self.cassette.play_response(vcr_request), request)
            except UnhandledHTTPRequestError:
                why = say("recording.all_played")
        else:
            why = say("recording.no_match")
        return self._miss(request, why)

    def _record(self, request: httpx2.Request, vcr_request: VcrRequest) -> httpx2.Response:
        assert self.upstream is not None
        response = self.upstream.handle_request(request)
        response.read()
        self.cassette.append(vcr_request, _as_recorded(response))
        self.cassette._save(force=True)  # saved after every response, not only at exit
        return response

    def _miss(self, request: httpx2.Request, why: str) -> httpx2.Response:
        message = self.on_miss(
            request,
            say("recording.miss", request=describe_request(request), why=why, where=display_path(self.cassette._path)),
        )
        error = {"message": message, "type": "invalid_request_error", "param": None, "code": "no_recording"}
        return httpx2.Response(404, json={"error": error}, request=request)
