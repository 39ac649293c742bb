"""Training data for the Balance Shift Method: the post's 10 examples and larger seeded sets."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .balance_shift import analyze
from .project import write_beside
from .prompts import chat_messages

# The post's pairs: A = 30, 32, ..., 48 and B = 20, 21, ..., 29.
ARTICLE_PAIRS: list[tuple[int, int]] = [(30 + 2 * i, 20 + i) for i in range(10)]

Example = dict[str, list[dict[str, str]]]


def make_example(a: int, b: int) -> Example:
    """One chat-format training example: system, the short prompt, the exact answer."""
    messages = chat_messages(a, b, "short")
    messages.append({"role": "assistant", "content": analyze(a, b)})
    return {"messages": messages}


def article_examples() -> list[Example]:
    """The post's 10 training examples."""
    return [make_example(a, b) for a, b in ARTICLE_PAIRS]


def to_jsonl(examples: Iterable[Example]) -> str:
    """JSONL text as the post writes it: one object a line, Japanese unescaped, final newline."""
    return "".join(json.dumps(example, ensure_ascii=False) + "\n" for example in examples)


def write_jsonl(examples: Iterable[Example], path: str | Path) -> Path:
    """Write examples as JSONL (UTF-8), whole or not at all (an interrupted run keeps the old file); return the path."""
    path = Path(path)
    write_beside(path, to_jsonl(examples))
    return path


def jsonl_lines(data: bytes) -> list[bytes]:
    """The lines of JSONL data, split on "\\n" only (as OpenAI does), so a U+2028 inside a string stays inside it.

    The final newline ends the last line rather than starting an empty one; a trailing "\\r" is dropped.
    """
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line.removesuffix(b"\r") for line in lines]


def read_jsonl(path: str | Path) -> list[Example]:
    """Read a JSONL file that is known to be valid (run `validate_file` first on untrusted data)."""
    return read_jsonl_text(Path(path).read_bytes())


def read_jsonl_text(data: str | bytes) -> list[Example]:
    """Parse JSONL that is known to be valid; blank lines are skipped."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return [json.loads(line) for line in jsonl_lines(raw) if line.strip()]


# What each generated pair is meant to show; the post's 10 only ever show the first.
CASES = ("element 1 dominates", "element 2 dominates", "tie", "one element is 0")


def case_of(a: int, b: int) -> str:
    """Which of CASES a pair shows."""
    if a == 0 or b == 0:
        return "one element is 0"
    if a == b:
        return "tie"
    return "element 1 dominates" if a > b else "element 2 dominates"


def _random_value(rng: random.Random) -> int:
    """A value of 1 to 4 digits, each magnitude equally likely."""
    digits = rng.randint(1, 4)
    return rng.randint(10 ** (digits - 1), 10**digits - 1)


def _pair_for(case: str, rng: random.Random) -> tuple[int, int]:
    a, b = _random_value(rng), _random_value(rng)
    if case == "tie":
        return a, a
    if case == "one element is 0":
        return (a, 0) if rng.random() < 0.5 else (0, a)
    if a == b:
        a += 1
    high, low = max(a, b), min(a, b)
    return (high, low) if case == "element 1 dominates" else (low, high)


def generate_pairs(n: int, seed: int, exclude: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """n distinct (A, B) pairs cycling through CASES, none of them in `exclude`."""
    rng = random.Random(seed)
    taken = set(exclude)
    pairs: list[tuple[int, int]] = []
    while len(pairs) < n:
        pair = _pair_for(CASES[len(pairs) % len(CASES)], rng)
        if pair not in taken:
            taken.add(pair)
            pairs.append(pair)
    return pairs


@dataclass(frozen=True)
class Split:
    """Train, validation and held-out evaluation pairs that share no (A, B) pair."""

    train: list[tuple[int, int]]
    validation: list[tuple[int, int]]
    held_out: list[tuple[int, int]]


MIN_TRAIN_EXAMPLES = 10
MAX_GENERATED = 10_000  # far beyond any useful set; near 40,000 the tie case runs out of distinct pairs


def split_sizes(n: int) -> tuple[int, int, int]:
    """70 % train, 10 % validation, 20 % held-out; train keeps OpenAI's minimum of 10."""
    if isinstance(n, bool) or not isinstance(n, int) or n > MAX_GENERATED:
        raise ValueError(f"n={n!r}: at most {MAX_GENERATED:,} pairs can be generated")
    validation, held_out = n // 10, n // 5
    train = n - validation - held_out
    if train < MIN_TRAIN_EXAMPLES:
        raise ValueError(f"n={n} leaves {train} training examples; OpenAI needs at least {MIN_TRAIN_EXAMPLES}")
    return train, validation, held_out


GENERATED_PAIRS, GENERATED_SEED = 100, 0  # notebook 02's set (70 train, 10 validation, 20 held-out); 06 prices it


def generate_split(n: int, seed: int = 0) -> Split:
    """Seeded split of n new pairs; none is one of the post's pairs, so held-out stays unseen."""
    train, validation, _ = split_sizes(n)
    pairs = generate_pairs(n, seed, exclude=ARTICLE_PAIRS)
    rng = random.Random(seed)
    rng.shuffle(pairs)
    return Split(pairs[:train], pairs[train : train + validation], pairs[train + validation :])


def write_split(split: Split, folder: str | Path) -> dict[str, Path]:
    """Write train.jsonl, validation.jsonl and held_out.jsonl into folder."""
    folder = Path(folder)
    parts = {"train": split.train, "validation": split.validation, "held_out": split.held_out}
    return {
        name: write_jsonl((make_example(a, b) for a, b in pairs), folder / f"{name}.jsonl")
        for name, pairs in parts.items()
    }
