"""One call, `client(recording)`, that returns a real `openai.OpenAI` in replay, live or record mode.

- replay (default without OPENAI_API_KEY): every response comes from `data/recordings/NAME.yaml`;
  nothing touches the network and no key is needed.
- live (default with OPENAI_API_KEY): the real API; nothing is recorded.
- record (FINETUNE_MODE=record and a key): the real API, each response saved to the cassette.

FINETUNE_MODE chooses the mode; the `mode` argument overrides it.
"""

from __future__ import annotations

import datetime as dt
import os
import weakref
from dataclasses import dataclass
from pathlib import Path

import httpx2
import openai

from .paths import DATA_DIR, display_path
from .recording import CassetteTransport, open_cassette

MODE_VARIABLE = "FINETUNE_MODE"
SOURCE_VARIABLE = "FINETUNE_RECORDING_SOURCE"  # "recorded" (default) or "authored"
MODES = ("replay", "live", "record")
RECORDINGS_DIR = DATA_DIR / "recordings"
REPLAY_KEY = "replay-needs-no-key"


@dataclass(frozen=True)
class Session:
    """How a client talks to OpenAI: its mode and, unless live, its cassette."""

    mode: str
    cassette: Path | None
    provenance: dict | None


_sessions: weakref.WeakKeyDictionary[openai.OpenAI, Session] = weakref.WeakKeyDictionary()


def resolve_mode(mode: str | None = None) -> str:
    """The mode to use: the argument, else FINETUNE_MODE, else live with a key and replay without."""
    chosen = mode or os.environ.get(MODE_VARIABLE) or ("live" if os.environ.get("OPENAI_API_KEY") else "replay")
    if chosen not in MODES:
        raise ValueError(f"unknown mode {chosen!r} (from {MODE_VARIABLE} or the argument); use one of {MODES}")
    if chosen != "replay" and not os.environ.get("OPENAI_API_KEY"):
        raise ValueError(
            f"{chosen} mode calls the real API and needs OPENAI_API_KEY in the environment (or a git-ignored .env "
            f"loaded into it); without a key use replay: unset {MODE_VARIABLE} or set it to replay."
        )
    return chosen


def recording_path(name: str) -> Path:
    """The cassette file of a recording name, e.g. '03_fine_tuning'."""
    return RECORDINGS_DIR / f"{name}.yaml"


def new_provenance() -> dict:
    """Metadata written into a cassette when it is recorded."""
    source = os.environ.get(SOURCE_VARIABLE, "recorded")
    note = (
        "AUTHORED by the project, not captured from OpenAI: served by helpers.fake_openai, a loopback stand-in "
        "whose responses follow the post and the API reference."
        if source == "authored"
        else "Recorded from the OpenAI API."
    )
    return {"source": source, "note": note, "date": dt.date.today().isoformat(), "openai_sdk": openai.__version__}


def client(recording: str, mode: str | None = None, **options: object) -> openai.OpenAI:
    """An `openai.OpenAI` for this notebook's recording name; prints one line saying the mode."""
    mode = resolve_mode(mode)
    if mode == "live":
        live = openai.OpenAI(**options)  # type: ignore[arg-type]
        _sessions[live] = Session(mode, None, None)
        print(describe(live))
        return live
    path = recording_path(recording)
    cassette = open_cassette(path, recording=mode == "record")
    provenance = cassette.get_metadata("provenance", new_provenance()) if mode == "record" else _stored(cassette)
    upstream = httpx2.HTTPTransport() if mode == "record" else None
    transport = CassetteTransport(cassette, upstream, on_miss=_how_to_record)
    instance = openai.OpenAI(
        api_key=os.environ["OPENAI_API_KEY"] if mode == "record" else REPLAY_KEY,
        http_client=httpx2.Client(transport=transport),
        max_retries=2 if mode == "record" else 0,
        **options,  # type: ignore[arg-type]
    )
    _sessions[instance] = Session(mode, path, provenance)
    print(describe(instance))
    return instance


def _stored(cassette) -> dict | None:
    return cassette._metadata.get("provenance")


def _how_to_record(request: httpx2.Request, why: str) -> str:
    return (
        f"{why} The recordings cover the notebooks as shipped. To run this request for real, set OPENAI_API_KEY "
        f"(live mode); to add it to the recordings, also set {MODE_VARIABLE}=record and re-run the notebook."
    )


def session_of(instance: openai.OpenAI) -> Session:
    """The mode and cassette of a client made by `client()` (live for any other client)."""
    return _sessions.get(instance, Session("live", None, None))


def describe(instance: openai.OpenAI) -> str:
    """One line: the mode and, unless live, where the responses come from and who made them."""
    session = session_of(instance)
    if session.mode == "live":
        return "Mode: live — calls go to the real OpenAI API and may cost money; nothing is recorded."
    where = display_path(session.cassette) if session.cassette else "?"
    if session.mode == "record":
        return f"Mode: record — calls go to the API and every response is saved to {where}."
    if not session.provenance:
        return f"Mode: replay — responses come from {where} (no provenance recorded)."
    p = session.provenance
    return (
        f"Mode: replay — responses come from {where}: {p['source'].upper()} on {p['date']} with openai "
        f"{p['openai_sdk']}. {p['note']}"
    )
