"""What a recording may keep: only the content type of headers, and bodies with ids and keys scrubbed.

vcrpy's `filter_headers=["authorization"]` is not enough: organisation and project headers, cookies,
request ids and `organization_id` inside bodies leak too, so everything not allowed is dropped.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from vcr.request import Request as VcrRequest

from ..settings import secret_values

KEPT_HEADERS = {"content-type"}  # every other header (auth, org, project, cookies, ids) is dropped
SCRUBBED_BODY_KEYS = {"organization_id": "org-scrubbed", "organization": "org-scrubbed", "project_id": "proj-scrubbed"}
SECRET_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_*\-]{8,}"),
    re.compile(r"\borg-[A-Za-z0-9]{16,}"),
    re.compile(r"\bproj_[A-Za-z0-9]{16,}"),
]
NEVER_RECORDED = {429}  # and every 5xx


def scrub_text(text: str) -> str:
    """Replace key-shaped strings and the API key in use."""
    for secret in secret_values():
        text = text.replace(secret, "sk-scrubbed")
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(0).split("-")[0].split("_")[0] + "-scrubbed", text)
    return text


def _scrub_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: SCRUBBED_BODY_KEYS[key] if key in SCRUBBED_BODY_KEYS and item is not None else _scrub_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_json(item) for item in value]
    return scrub_text(value) if isinstance(value, str) else value


def scrub_body(body: bytes | str | None) -> bytes | str | None:
    """Scrub organisation ids inside JSON bodies and key-shaped strings anywhere."""
    if not body:
        return body
    raw = body.encode() if isinstance(body, str) else body
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return body
    try:
        return json.dumps(_scrub_json(json.loads(text)), ensure_ascii=False).encode()
    except ValueError:
        return scrub_text(text).encode()


def scrub_uri(uri: str) -> str:
    """The URI without user:password@ (OPENAI_BASE_URL may carry them) and with key-shaped strings scrubbed."""
    parts = urlsplit(uri)
    host = parts.netloc.rpartition("@")[2]
    return scrub_text(urlunsplit(parts._replace(netloc=host)))


def scrub_request(request: VcrRequest) -> VcrRequest:
    """Keep only the content type of a request's headers; scrub its URI and body."""
    request.uri = scrub_uri(request.uri)
    request.headers = {k: v for k, v in request.headers.items() if k.lower() in KEPT_HEADERS}
    request.body = scrub_body(request.body)
    return request


def never_replayed(code: int) -> bool:
    """A rate limit or server error: retried live, never recorded, and dropped from a recording when it loads."""
    return code in NEVER_RECORDED or code >= 500


def scrub_response(response: dict) -> dict | None:
    """Drop responses that must never be replayed (429, 5xx); keep only the content type; scrub the body."""
    if never_replayed(response["status"]["code"]):
        return None
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() in KEPT_HEADERS}
    response["body"]["string"] = scrub_body(response["body"]["string"])
    return response
