"""`python -m helpers`: generate, validate and tokens, as a subprocess and in-process; never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import tiktoken

from conftest import POST_LISTING
from conftest import REPO as PROJECT_ROOT
from helpers.cli import main
from helpers.dataset import article_examples, generate_split, make_example, to_jsonl

TRAINING_PRICE = next(
    row["training"]
    for row in json.loads((PROJECT_ROOT / "src" / "helpers" / "prices.json").read_text(encoding="utf-8"))["models"]
    if row["model"] == "gpt-4o-mini-2024-07-18" and row["variant"] == "fine-tuned"
)


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "helpers", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def run_main(argv: list[str]) -> int:
    """helpers.cli.main in-process; argparse's SystemExit becomes its code, any other exception fails the test."""
    try:
        return main(argv)
    except SystemExit as exit_:
        return exit_.code


def post_bytes() -> bytes:
    return POST_LISTING.read_bytes()


@pytest.fixture
def post_file(tmp_path):
    path = tmp_path / "post.jsonl"
    path.write_text(to_jsonl(article_examples()), encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path):
    lines = to_jsonl(article_examples()).splitlines()
    lines[2] = '{"messages": ['
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_generate_article_writes_the_post_file(tmp_path):
    result = run("generate", "--article", "-o", "out/post.jsonl", cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "out" / "post.jsonl").read_bytes() == post_bytes()
    assert "out/post.jsonl" in result.stdout


def test_generate_split_writes_three_files(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run_main(["generate", "--n", "50", "--seed", "1", "-o", "split"]) == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "split").iterdir())
    assert names == ["held_out.jsonl", "train.jsonl", "validation.jsonl"]
    expected_sizes = {"train": 50 - 50 // 10 - 50 // 5, "validation": 50 // 10, "held_out": 50 // 5}
    split = generate_split(50, seed=1)
    for name, pairs in (("train", split.train), ("validation", split.validation), ("held_out", split.held_out)):
        lines = (tmp_path / "split" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == expected_sizes[name]
        assert [json.loads(line) for line in lines] == [make_example(a, b) for a, b in pairs]
        assert f"({expected_sizes[name]} examples)" in out


def test_generate_too_small_n_is_a_clean_error(tmp_path, capsys):
    assert run_main(["generate", "--n", "5", "-o", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert "--n 5" in err
    assert "at least 10" in err
    assert not (tmp_path / "d").exists()


def test_generate_needs_a_source(tmp_path, capsys):
    assert run_main(["generate", "-o", str(tmp_path / "x")]) == 2
    assert "--article" in capsys.readouterr().err


def test_validate_clean_file(post_file):
    result = run("validate", post_file.name, cwd=post_file.parent)
    assert result.returncode == 0
    assert result.stdout.strip() == "post.jsonl: 10 example(s), OK"


def test_validate_broken_file(broken_file):
    result = run("validate", broken_file.name, cwd=broken_file.parent)
    assert result.returncode == 1
    assert "broken.jsonl:3:" in result.stdout
    assert "[invalid_json]" in result.stdout


def test_validate_missing_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run_main(["validate", "missing.jsonl"]) == 1
    out = capsys.readouterr().out
    assert "missing.jsonl" in out
    assert "no such file" in out


def test_validate_directory(tmp_path, monkeypatch, capsys):
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run_main(["validate", "folder"]) == 1
    assert "directory" in capsys.readouterr().out


def test_validate_in_process_reports_every_problem(broken_file, capsys):
    assert run_main(["validate", str(broken_file)]) == 1
    out = capsys.readouterr().out
    assert f"{broken_file}:3:" in out
    assert out.rstrip().endswith(f"{broken_file}: 9 example(s), 2 problem(s)")


def expected_tokens_per_example() -> list[int]:
    """3 per message + tokens of each value + 3 for the reply, counted with tiktoken directly."""
    encoding = tiktoken.get_encoding("o200k_base")
    return [
        3 + sum(3 + sum(len(encoding.encode(v)) for v in m.values()) for m in example["messages"])
        for example in article_examples()
    ]


def test_tokens_for_the_post_file(post_file):
    result = run("tokens", post_file.name, cwd=post_file.parent)
    assert result.returncode == 0
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s*$", result.stdout, flags=re.MULTILINE)
    per_example = expected_tokens_per_example()
    assert [(int(i), int(n)) for i, n in rows] == list(enumerate(per_example, 1))
    epochs = 10  # the post's 10 examples: min(25, 100 // 10)
    assert re.search(rf"^\s*total\s+{sum(per_example)}\b", result.stdout, flags=re.MULTILINE)
    assert re.search(rf"^epochs: {epochs}\b", result.stdout, flags=re.MULTILINE)
    billed = sum(per_example) * epochs
    assert f"estimated training tokens: {billed}\n" in result.stdout
    assert f"estimated training cost: ${billed * TRAINING_PRICE / 1_000_000:.6f} " in result.stdout


def test_tokens_with_explicit_epochs(post_file, capsys):
    assert run_main(["tokens", str(post_file), "--epochs", "3"]) == 0
    out = capsys.readouterr().out
    assert "epochs: 3\n" in out
    assert f"estimated training tokens: {sum(expected_tokens_per_example()) * 3}\n" in out


def test_tokens_refuses_a_broken_file(broken_file, capsys):
    assert run_main(["tokens", str(broken_file)]) == 1
    captured = capsys.readouterr()
    assert "[invalid_json]" in captured.out
    assert "fix these problems first" in captured.err


def test_tokens_missing_file(tmp_path, capsys):
    assert run_main(["tokens", str(tmp_path / "missing.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().out


# Inputs a user can type that must end in a message and a non-zero exit code, not a traceback.


def test_tokens_of_an_empty_file_is_a_clean_error(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert run_main(["tokens", str(empty)]) != 0
    assert capsys.readouterr().err


def test_validate_with_a_model_without_encoding_is_a_clean_error(post_file, capsys):
    assert run_main(["validate", str(post_file), "--model", "gpt-3.5-turbo"]) != 0
    assert "gpt-3.5-turbo" in capsys.readouterr().err


def test_tokens_with_negative_epochs_is_a_clean_error(post_file, capsys):
    assert run_main(["tokens", str(post_file), "--epochs", "-1"]) != 0
    assert capsys.readouterr().err


@pytest.mark.parametrize("n", ["39999", "10001", "1000000000"])
def test_generate_above_the_documented_maximum_is_refused_at_once(tmp_path, capsys, n):
    assert run_main(["generate", "--n", n, "-o", str(tmp_path / "d")]) == 2
    assert "at most 10,000 pairs" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_generate_at_the_maximum_finishes(tmp_path):
    assert run_main(["generate", "--n", "10000", "-o", str(tmp_path / "d")]) == 0
    assert sum(1 for _ in (tmp_path / "d" / "train.jsonl").open(encoding="utf-8")) == 7000


@pytest.mark.parametrize("epochs", ["0", "51"])
def test_tokens_epochs_outside_openai_range_is_refused(post_file, capsys, epochs):
    assert run_main(["tokens", str(post_file), "--epochs", epochs]) == 2
    assert "from 1 to 50" in capsys.readouterr().err


def test_tokens_reads_a_line_separator_inside_a_string_like_validate(tmp_path, capsys):
    examples = article_examples()
    examples[3]["messages"][0]["content"] += "\u2028note"
    path = tmp_path / "separator.jsonl"
    path.write_text(to_jsonl(examples), encoding="utf-8")
    assert run_main(["tokens", str(path)]) == 0
    assert "epochs: 10" in capsys.readouterr().out
