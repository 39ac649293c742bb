"""Every environment variable the tutorial reads, checked in one place before anything is sent.

A bad value stops with a SettingError naming the variable and the value, never later in the
middle of a paid run. The API key is only ever tested for presence: it is never returned,
printed or stored by this module.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .errors import SettingError

KEY = "OPENAI_API_KEY"
MODE = "FINETUNE_MODE"
CONFIRM = "FINETUNE_CONFIRM"
BUDGET = "FINETUNE_BUDGET_USD"
POLL = "FINETUNE_POLL_SECONDS"
SOURCE = "FINETUNE_RECORDING_SOURCE"
RECORD_TO = "FINETUNE_RECORD_TO"
PROJECT_ROOT = "FINETUNE_PROJECT_ROOT"
LANGUAGE = "FINETUNE_LANG"

MODES = ("replay", "live", "record")
SOURCES = ("recorded", "authored")
LANGUAGES = ("en", "ja")
DEFAULT_POLL_SECONDS = Decimal(15)
MAX_POLL_SECONDS = Decimal(3600)
_PLAIN_DECIMAL = re.compile(r"\d{1,12}(\.\d{1,12})?")


def _value(name: str) -> str:
    return os.environ.get(name, "").strip()


def has_key() -> bool:
    """Whether OPENAI_API_KEY is set (its value is never read here)."""
    return bool(_value(KEY))


def mode(override: str | None = None) -> str:
    """replay, live or record: the argument, else FINETUNE_MODE, else live with a key and replay without."""
    chosen = override or _value(MODE) or ("live" if has_key() else "replay")
    where = "the mode argument" if override else MODE
    if chosen not in MODES:
        raise SettingError(f"{where}={chosen!r} is not a mode; use one of: {', '.join(MODES)}.")
    if chosen != "replay" and not has_key():
        raise SettingError(
            f"{where}={chosen!r} calls the real API and needs {KEY} in the environment. Without a key, use "
            f"replay: unset {MODE} or set {MODE}=replay."
        )
    if chosen == "record" and not _value(RECORD_TO):
        raise SettingError(
            f"{MODE}=record is started by the recording command, which replaces a recording only when the whole "
            "notebook has run: `python -m helpers.replay.record 03_fine_tuning`. To call the API from JupyterLab, "
            f"use {MODE}=live."
        )
    return chosen


def confirmed() -> bool:
    """FINETUNE_CONFIRM: 'yes' approves a paid job, 'no' or unset does not; anything else is an error."""
    value = _value(CONFIRM).lower()
    if value not in ("", "yes", "no"):
        raise SettingError(f"{CONFIRM}={_value(CONFIRM)!r}: write yes to approve a paid job, or no (or leave it out).")
    return value == "yes"


def _plain_decimal(name: str, text: str, unit: str) -> Decimal:
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise SettingError(f"{name}={text!r} is not a plain decimal number of {unit} such as 0.10.")
    return Decimal(text)


def budget_usd() -> Decimal | None:
    """FINETUNE_BUDGET_USD: the most a paid job may cost, a plain decimal > 0 (None when unset)."""
    text = _value(BUDGET)
    if not text:
        return None
    budget = _plain_decimal(BUDGET, text, "US dollars")
    if budget <= 0:
        raise SettingError(f"{BUDGET}={text!r} must be more than 0 dollars.")
    return budget


def poll_seconds() -> Decimal:
    """FINETUNE_POLL_SECONDS: seconds between status checks of a live job (default 15, at most 3600)."""
    text = _value(POLL)
    if not text:
        return DEFAULT_POLL_SECONDS
    seconds = _plain_decimal(POLL, text, "seconds")
    if seconds > MAX_POLL_SECONDS:
        raise SettingError(f"{POLL}={text!r} is over the maximum of {MAX_POLL_SECONDS} seconds.")
    return seconds


def recording_source() -> str:
    """FINETUNE_RECORDING_SOURCE: who made a recording, 'recorded' from OpenAI (default) or 'authored' by us."""
    source = _value(SOURCE) or "recorded"
    if source not in SOURCES:
        raise SettingError(f"{SOURCE}={source!r}; use one of: {', '.join(SOURCES)}.")
    return source


def record_to() -> Path | None:
    """FINETUNE_RECORD_TO: the temporary file a record run writes (set by the recording command only)."""
    text = _value(RECORD_TO)
    return Path(text) if text else None


def tiktoken_cache_dir() -> Path | None:
    """The folder tiktoken reads its cache from, by tiktoken's own variables (None: caching switched off)."""
    for variable in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if variable in os.environ:
            return Path(os.environ[variable]) if os.environ[variable] else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def project_root_value() -> str:
    """FINETUNE_PROJECT_ROOT as written (empty when unset); `helpers.project` checks the folder."""
    return _value(PROJECT_ROOT)


def language() -> str | None:
    """FINETUNE_LANG: 'en' or 'ja' to choose the messages' language (None when unset: the edition decides)."""
    value = _value(LANGUAGE).lower()
    if value and value not in LANGUAGES:
        raise SettingError(f"{LANGUAGE}={_value(LANGUAGE)!r}; use one of: {', '.join(LANGUAGES)}.")
    return value or None


@dataclass(frozen=True)
class Settings:
    """Every setting of a run, read and checked together."""

    mode: str
    confirmed: bool
    budget_usd: Decimal | None
    poll_seconds: Decimal
    recording_source: str


def read_settings(mode_override: str | None = None) -> Settings:
    """Read and check every setting at once, so a bad value stops the run before any request."""
    return Settings(mode(mode_override), confirmed(), budget_usd(), poll_seconds(), recording_source())


def secret_values() -> list[str]:
    """Values that must never be recorded (the API key in use), for the recording scrubber only."""
    return [value for value in (_value(KEY),) if value]
