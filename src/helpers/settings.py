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

from . import catalogue
from .errors import SettingError

KEY = "OPENAI_API_KEY"
MODE = "FINETUNE_MODE"
CONFIRM = "FINETUNE_CONFIRM"
BUDGET = "FINETUNE_BUDGET_USD"
POLL = "FINETUNE_POLL_SECONDS"
MAX_WAIT = "FINETUNE_MAX_WAIT_MINUTES"
SOURCE = "FINETUNE_RECORDING_SOURCE"
RECORD_TO = "FINETUNE_RECORD_TO"
PROJECT_ROOT = "FINETUNE_PROJECT_ROOT"
LANGUAGE = "FINETUNE_LANG"

MODES = ("replay", "live", "record")
SOURCES = ("recorded", "authored")
LANGUAGES = catalogue.LANGUAGES
JAPANESE_FOLDER = Path("notebooks") / "ja"
DEFAULT_POLL_SECONDS = Decimal(15)
MIN_POLL_SECONDS = Decimal(1)  # faster polling only floods the API: a job takes minutes
MAX_POLL_SECONDS = Decimal(3600)
DEFAULT_MAX_WAIT_MINUTES = Decimal(180)  # the post's job took minutes; a queue may take an hour or two
MAX_MAX_WAIT_MINUTES = Decimal(24 * 60)
_PRINTABLE_KEY = re.compile(r"[!-~]+")  # printable ASCII, no whitespace: anything else breaks the HTTP header
_PLAIN_DECIMAL = re.compile(r"\d{1,12}(\.\d{1,12})?")


def _value(name: str) -> str:
    return os.environ.get(name, "").strip()


def has_key() -> bool:
    """Whether OPENAI_API_KEY is set (its value is never read here)."""
    return bool(_value(KEY))


def check_key() -> None:
    """OPENAI_API_KEY as the SDK reads it (unstripped) must be printable ASCII without whitespace.

    A key with a stray '\\r' from a CRLF .env would be sent in a header and echoed in full by the
    HTTP library's error; the message here names the variable and never shows the value.
    """
    raw = os.environ.get(KEY, "")
    if raw and not _PRINTABLE_KEY.fullmatch(raw):
        raise SettingError(_say("settings.key_not_printable", variable=KEY))


def mode(override: str | None = None) -> str:
    """replay, live or record: the argument, else FINETUNE_MODE, else live with a key and replay without."""
    chosen = override or _value(MODE) or ("live" if has_key() else "replay")
    where = _say("settings.mode_argument") if override else MODE
    if chosen not in MODES:
        raise SettingError(_say("settings.not_a_mode", where=where, chosen=chosen, choices=", ".join(MODES)))
    if chosen != "replay" and not has_key():
        raise SettingError(_say("settings.needs_key", where=where, chosen=chosen, key=KEY, variable=MODE))
    if chosen == "record" and not _value(RECORD_TO):
        raise SettingError(_say("settings.record_by_command", variable=MODE))
    if chosen != "replay":
        check_key()
    return chosen


def confirmed() -> bool:
    """FINETUNE_CONFIRM: 'yes' approves a paid job, 'no' or unset does not; anything else is an error."""
    value = _value(CONFIRM).lower()
    if value not in ("", "yes", "no"):
        raise SettingError(_say("settings.confirm", variable=CONFIRM, value=_value(CONFIRM)))
    return value == "yes"


def _plain_decimal(name: str, text: str, unit: str) -> Decimal:
    """`text` as a Decimal; `unit` is the catalogue key of its unit, for the error message."""
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise SettingError(_say("settings.not_decimal", variable=name, value=text, unit=_say(unit)))
    return Decimal(text)


def budget_usd() -> Decimal | None:
    """FINETUNE_BUDGET_USD: the most a paid job may cost, a plain decimal > 0 (None when unset)."""
    text = _value(BUDGET)
    if not text:
        return None
    budget = _plain_decimal(BUDGET, text, "settings.unit_dollars")
    if budget <= 0:
        raise SettingError(_say("settings.budget_positive", variable=BUDGET, value=text))
    return budget


def poll_seconds() -> Decimal:
    """FINETUNE_POLL_SECONDS: seconds between status checks of a live job (default 15, from 1 to 3600)."""
    text = _value(POLL)
    if not text:
        return DEFAULT_POLL_SECONDS
    return _within(POLL, text, _plain_decimal(POLL, text, "settings.unit_seconds"), MIN_POLL_SECONDS, MAX_POLL_SECONDS)


def checked_poll_seconds(value: object = None) -> Decimal:
    """A poll interval given as an argument (None: the setting), held to the same 1..3600 s as the setting."""
    if value is None:
        return poll_seconds()
    where = "poll_seconds"
    try:
        seconds = Decimal(str(value)) if not isinstance(value, bool) else Decimal("NaN")
    except ArithmeticError:
        seconds = Decimal("NaN")
    return _within(where, str(value), seconds, MIN_POLL_SECONDS, MAX_POLL_SECONDS)


def _within(name: str, text: str, value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if value.is_nan() or not low <= value <= high:
        raise SettingError(_say("settings.out_of_range", variable=name, value=text, low=low, high=high))
    return value


def max_wait_minutes() -> Decimal:
    """FINETUNE_MAX_WAIT_MINUTES: how long wait_for_job polls before it stops with the job id (default 180)."""
    text = _value(MAX_WAIT)
    if not text:
        return DEFAULT_MAX_WAIT_MINUTES
    minutes = _plain_decimal(MAX_WAIT, text, "settings.unit_minutes")
    return _within(MAX_WAIT, text, minutes, Decimal(1), MAX_MAX_WAIT_MINUTES)


def recording_source() -> str:
    """FINETUNE_RECORDING_SOURCE: who made a recording, 'recorded' from OpenAI (default) or 'authored' by us."""
    source = _value(SOURCE) or "recorded"
    if source not in SOURCES:
        raise SettingError(_say("settings.not_a_source", variable=SOURCE, value=source, choices=", ".join(SOURCES)))
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


def language() -> str:
    """The reader's language: FINETUNE_LANG ('en' or 'ja') if set, else 'ja' in notebooks/ja/ and below, else 'en'."""
    value = _value(LANGUAGE).lower()
    if value and value not in LANGUAGES:
        raise SettingError(f"{LANGUAGE}={_value(LANGUAGE)!r}; use one of: {', '.join(LANGUAGES)}.")
    if value:
        return value
    here = Path.cwd().resolve().parts
    return "ja" if any(here[i : i + 2] == JAPANESE_FOLDER.parts for i in range(len(here))) else "en"


def _say(key: str, /, **values: object) -> str:
    """A message in the reader's language (settings sits below `messages`, so it looks texts up itself)."""
    return catalogue.text(key, language(), **values)


@dataclass(frozen=True)
class Settings:
    """Every setting of a run, read and checked together."""

    mode: str
    confirmed: bool
    budget_usd: Decimal | None
    poll_seconds: Decimal
    max_wait_minutes: Decimal
    recording_source: str


def read_settings(mode_override: str | None = None) -> Settings:
    """Read and check every setting at once, so a bad value stops the run before any request."""
    return Settings(
        mode(mode_override), confirmed(), budget_usd(), poll_seconds(), max_wait_minutes(), recording_source()
    )


def secret_values() -> list[str]:
    """Values that must never be recorded (the API key in use), for the recording scrubber only."""
    return [value for value in (_value(KEY),) if value]
