"""`client(recording)`: a real `openai.OpenAI` that replays, calls the API live, or records.

- replay (default without OPENAI_API_KEY): every response comes from `data/recordings/NAME.yaml`;
  nothing touches the network and no key is needed.
- live (default with OPENAI_API_KEY): the real API; nothing is recorded.
- record: the real API, each response saved to a temporary cassette that the recording command
  (`python -m helpers.replay.record`) promotes only when the whole notebook has run.

Every setting is checked when the client is made, before any request is sent.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from dataclasses import dataclass
from pathlib import Path

import httpx2
import openai

from . import settings
from .errors import RecordingError
from .live_errors import install_explanations
from .messages import CATALOGUE, say
from .project import data_dir, display_path
from .replay.cassettes import CassetteTransport, check_recording, open_cassette

REPLAY_KEY = "replay-needs-no-key"
LIVE_TIMEOUT_SECONDS = 60.0  # per request; the SDK's default of 600 s left a reader staring at a silent cell
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class Session:
    """How a client talks to OpenAI: its mode and, unless live, its cassette and who made it."""

    mode: str
    cassette: Path | None
    provenance: dict | None


_sessions: weakref.WeakKeyDictionary[openai.OpenAI, Session] = weakref.WeakKeyDictionary()


def recording_path(name: str) -> Path:
    """The cassette of a recording name such as '03_fine_tuning'; a name with a path in it is refused."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or ".." in name:
        raise RecordingError(say("openai_client.bad_name", name=name))
    return data_dir() / "recordings" / f"{name}.yaml"


def new_provenance(source: str) -> dict:
    """Metadata written into a cassette when it is recorded (in English, whatever the reader's language)."""
    note = CATALOGUE[_provenance_key(source)]["en"]
    return {"source": source, "note": note, "date": dt.date.today().isoformat(), "openai_sdk": openai.__version__}


def _provenance_key(source: str) -> str:
    return "provenance.authored" if source == "authored" else "provenance.recorded"


def client(recording: str, mode: str | None = None, **options: object) -> openai.OpenAI:
    """An `openai.OpenAI` for this notebook's recording name; prints one line saying where answers come from."""
    run = settings.read_settings(mode)
    path = recording_path(recording)
    install_explanations()
    if run.mode == "live":
        instance = openai.OpenAI(**{"timeout": LIVE_TIMEOUT_SECONDS, **options})  # type: ignore[arg-type]
        _sessions[instance] = Session("live", None, None)
    else:
        recording_to = settings.record_to() if run.mode == "record" else None
        if recording_to is None:
            check_recording(path)
        cassette = open_cassette(recording_to or path, recording=recording_to is not None)
        provenance = (
            cassette.get_metadata("provenance", new_provenance(run.recording_source))
            if recording_to
            else cassette._metadata["provenance"]
        )
        transport = CassetteTransport(
            cassette, httpx2.HTTPTransport() if recording_to else None, on_miss=_how_to_record
        )
        instance = openai.OpenAI(
            api_key=None if recording_to else REPLAY_KEY,
            http_client=httpx2.Client(transport=transport),
            max_retries=2 if recording_to else 0,  # paid creates switch retries off themselves (create_job_once)
            **{"timeout": LIVE_TIMEOUT_SECONDS, **options},  # type: ignore[arg-type]
        )
        _sessions[instance] = Session(run.mode, path, provenance)
    print(describe(instance))
    return instance


def _how_to_record(request: httpx2.Request, why: str) -> str:
    return say("openai_client.how_to_record", why=why)


def session_of(instance: openai.OpenAI) -> Session:
    """The mode and cassette of a client made by `client()` (live for any other client)."""
    return _sessions.get(instance, Session("live", None, None))


def authored(instance: openai.OpenAI) -> bool:
    """True when the client replays a recording the project authored: its figures prove nothing about OpenAI."""
    session = session_of(instance)
    return session.mode == "replay" and (session.provenance or {}).get("source") == "authored"


def source_label(instance: openai.OpenAI) -> str:
    """Where a result shown to the reader came from, for figure titles and table captions."""
    if session_of(instance).mode != "replay":
        return say("source.live")
    return say("source.authored" if authored(instance) else "source.recorded")


def describe(instance: openai.OpenAI) -> str:
    """One line: the mode and, unless live, where the responses come from and who made them."""
    session = session_of(instance)
    if session.mode == "live":
        return say("mode.live")
    where = display_path(session.cassette) if session.cassette else "?"
    if session.mode == "record":
        return say("mode.record", where=where)
    p = session.provenance or {}
    note = say(_provenance_key(p["source"]))  # the cassette's own note is the English of the same text
    return say("mode.replay", where=where, source=p["source"].upper(), date=p["date"], sdk=p["openai_sdk"], note=note)
