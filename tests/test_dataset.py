"""Training data: the post's 10 JSONL lines byte for byte, JSONL I/O and seeded splits."""

from __future__ import annotations

import json

import pytest

from conftest import POST_LISTING
from helpers.balance_shift import analyze
from helpers.dataset import (
    article_examples,
    generate_pairs,
    generate_split,
    make_example,
    read_jsonl,
    split_sizes,
    to_jsonl,
    write_jsonl,
    write_split,
)
from helpers.validation import validate_file

# The post's pairs as the post lists them: A = 30, 32, ..., 48 and B = 20, 21, ..., 29.
POST_PAIRS = set(zip(range(30, 50, 2), range(20, 30), strict=True))


def article_jsonl_lines() -> list[str]:
    return POST_LISTING.read_text(encoding="utf-8").splitlines()


def test_article_has_ten_jsonl_lines():
    assert len(article_jsonl_lines()) == 10


def test_article_examples_are_byte_identical_to_the_post():
    lines = article_jsonl_lines()
    produced = to_jsonl(article_examples())
    assert produced.splitlines() == lines  # line by line first, for a readable diff
    assert produced.encode("utf-8") == "".join(line + "\n" for line in lines).encode("utf-8")


def test_article_examples_use_the_post_pairs():
    lines = article_jsonl_lines()
    users = [json.loads(line)["messages"][1]["content"] for line in lines]
    assert all(u.endswith(f"要素1: {a}、要素2: {b}") for u, (a, b) in zip(users, sorted(POST_PAIRS), strict=True))


def test_jsonl_has_one_final_newline_and_unescaped_japanese():
    text = to_jsonl(article_examples())
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert text.count("\n") == 10
    assert "\\u" not in text
    assert "バランス解析結果" in text


def test_make_example_has_system_user_assistant():
    example = make_example(7, 0)
    assert [m["role"] for m in example["messages"]] == ["system", "user", "assistant"]
    assert example["messages"][1]["content"].endswith("要素1: 7、要素2: 0")
    assert example["messages"][2]["content"] == analyze(7, 0)


def test_write_and_read_jsonl_round_trip(tmp_path):
    examples = [*article_examples(), make_example(0, 5), make_example(12, 12)]
    path = write_jsonl(examples, tmp_path / "nested" / "folder" / "data.jsonl")
    assert path == tmp_path / "nested" / "folder" / "data.jsonl"
    assert path.read_bytes() == to_jsonl(examples).encode("utf-8")
    assert read_jsonl(path) == examples
    assert read_jsonl(str(path)) == examples


def test_read_jsonl_ignores_blank_lines(tmp_path):
    path = tmp_path / "data.jsonl"
    examples = article_examples()[:2]
    path.write_text("\n" + to_jsonl(examples[:1]) + "  \n" + to_jsonl(examples[1:]), encoding="utf-8")
    assert read_jsonl(path) == examples


def all_pairs(split):
    return split.train + split.validation + split.held_out


def test_generate_split_is_deterministic_for_a_seed():
    assert generate_split(100, seed=7) == generate_split(100, seed=7)


def test_generate_split_differs_for_another_seed():
    first, second = generate_split(100, seed=7), generate_split(100, seed=8)
    assert first.train != second.train
    assert set(all_pairs(first)) != set(all_pairs(second))


@pytest.mark.parametrize("n", [13, 50, 100, 257])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generate_split_sizes_and_disjoint_parts(n, seed):
    split = generate_split(n, seed)
    train, validation, held_out = set(split.train), set(split.validation), set(split.held_out)
    assert (len(split.train), len(split.validation), len(split.held_out)) == split_sizes(n)
    assert len(train) == len(split.train)  # no duplicates inside a part
    assert len(validation) == len(split.validation)
    assert len(held_out) == len(split.held_out)
    assert not train & validation
    assert not train & held_out
    assert not validation & held_out
    assert len(all_pairs(split)) == n


@pytest.mark.parametrize("seed", range(5))
def test_no_post_pair_is_held_out_or_generated(seed):
    split = generate_split(200, seed)
    assert not set(split.held_out) & POST_PAIRS
    assert not set(all_pairs(split)) & POST_PAIRS


def test_post_pairs_are_excluded_even_where_the_generator_would_draw_one():
    # Random pairs rarely hit the post's 10, so find a seed whose unfiltered draw does hit one.
    n = 5000
    seed = next((s for s in range(200) if set(generate_pairs(n, s)) & POST_PAIRS), None)
    assert seed is not None, "no seed draws a post pair; the test cannot show the exclusion"
    split = generate_split(n, seed)
    assert not set(split.held_out) & POST_PAIRS
    assert not set(all_pairs(split)) & POST_PAIRS
    assert len(set(all_pairs(split))) == n


def test_generate_pairs_skips_excluded_pairs():
    drawn = generate_pairs(40, seed=5)
    excluded = set(drawn[::3])
    again = generate_pairs(40, seed=5, exclude=excluded)
    assert len(again) == 40
    assert len(set(again)) == 40
    assert not set(again) & excluded


@pytest.mark.parametrize("seed", range(3))
def test_generated_pairs_cover_the_cases_the_post_never_shows(seed):
    pairs = all_pairs(generate_split(100, seed))
    assert any(a > b for a, b in pairs), "element 1 dominating"
    assert any(a < b for a, b in pairs), "element 2 dominating"
    assert any(a == b for a, b in pairs), "ties"
    assert any(0 in (a, b) and (a, b) != (0, 0) for a, b in pairs), "one element 0"
    assert (0, 0) not in pairs
    values = {v for pair in pairs for v in pair if v != 0}
    assert {len(str(v)) for v in values} == {1, 2, 3, 4}
    assert all(v >= 0 for pair in pairs for v in pair)


@pytest.mark.parametrize("n", range(-3, 40))
def test_split_sizes_rule(n):
    validation, held_out = n // 10, n // 5
    train = n - validation - held_out
    if train < 10:
        with pytest.raises(ValueError, match=f"n={n}"):
            split_sizes(n)
    else:
        assert split_sizes(n) == (train, validation, held_out)


def test_split_sizes_boundaries():
    assert split_sizes(13) == (10, 1, 2)
    assert split_sizes(100) == (70, 10, 20)
    with pytest.raises(ValueError):
        split_sizes(12)
    with pytest.raises(ValueError):
        split_sizes(0)
    with pytest.raises(ValueError):
        generate_split(12)


def test_written_split_files_hold_valid_examples(tmp_path):
    split = generate_split(100, seed=3)
    paths = write_split(split, tmp_path / "out")
    assert set(paths) == {"train", "validation", "held_out"}
    for name, pairs in (("train", split.train), ("validation", split.validation), ("held_out", split.held_out)):
        assert paths[name] == tmp_path / "out" / f"{name}.jsonl"
        assert read_jsonl(paths[name]) == [make_example(a, b) for a, b in pairs]
        report = validate_file(paths[name])
        # the small parts are below OpenAI's minimum of 10; nothing else may be wrong
        assert {p.code for p in report.problems} <= {"too_few_examples"}
        assert report.examples == len(pairs)
