"""The payoff decision and `python -m helpers payoff`: hand arithmetic and every bad input (the command against notebook
05's own figures: tests/test_costs.py, which shares one run of the notebook).

Prices (USD per 1M tokens): base gpt-4o-mini input 0.15, output 0.60; fine-tuned training 3.00, input 0.30,
output 1.20. The post's numbers: short request 56 tokens, instruction 190, answer 55, 11,500 trained tokens.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from conftest import POST_LISTING
from helpers.cli import main
from helpers.payoff import Scenario, decide


def post(model: str = "gpt-4o-mini") -> list[str]:
    """The post's numbers as arguments, with `model` to fine-tune."""
    return ["--short-tokens", "56", "--answer-tokens", "55", "--model", model, "--trained-tokens", "11500"]


def exit_code(argv: list[str]) -> int:
    """main's exit code, whether argparse exits (bad syntax) or main returns."""
    try:
        return main(argv)
    except SystemExit as exit:
        return int(exit.code)


def payoff_json(capsys, *args: str) -> dict:
    assert main(["payoff", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_decision_by_hand_for_a_long_instruction():
    decision = decide(Scenario(56, 600, 55, 11500, calls_per_month=1000))
    saving = (656 * 0.15 + 55 * 0.60 - 56 * 0.30 - 55 * 1.20) / 1e6
    assert decision.saving_per_call_usd == pytest.approx(saving)
    assert decision.break_even_calls == pytest.approx(11500 * 3.00 / 1e6 / saving)
    assert round(decision.break_even_calls, 1) == 709.9
    assert decision.break_even_months == pytest.approx(decision.break_even_calls / 1000)
    assert "709.9 calls" in decision.verdict() and "0.7 months" in decision.verdict()


def test_decision_never_pays_back_at_the_post_instruction():
    decision = decide(Scenario(56, 190, 55, 11500, calls_per_month=1000))
    assert decision.break_even_calls == math.inf and decision.break_even_months == math.inf
    assert decision.crossover_tokens == 276
    assert decision.verdict({"never": "no: {crossover_tokens:g}", "pays_back": "", "months": ""}) == "no: 276"


def test_command_example_from_the_issue(capsys):
    assert round(payoff_json(capsys, *post(), "--instruction-tokens", "600")["figures"]["break_even_calls"], 1) == 709.9
    never = payoff_json(capsys, *post(), "--instruction-tokens", "190")
    assert never["figures"]["break_even_calls"] is None
    assert never["verdict"].startswith("Fine-tuning never pays back")
    assert main(["payoff", *post(), "--instruction-tokens", "600", "--calls-per-month", "100"]) == 0
    text = capsys.readouterr().out
    assert "break-even: 709.9 calls = 7.1 months" in text
    assert "2024-08 to 2025-04" in text  # the price table's period and source are printed


def test_base_option_compares_with_another_base_model(capsys):
    args = [*post("gpt-4.1-nano"), "--instruction-tokens", "190", "--base", "gpt-4o-mini"]
    figures = payoff_json(capsys, *args)["figures"]
    assert figures["crossover_tokens"] == pytest.approx((56 * 0.20 + 55 * 0.80 - 56 * 0.15 - 55 * 0.60) / 0.15)


def test_examples_file_is_counted_with_default_or_given_epochs(capsys):
    common = ["--short-tokens", "56", "--instruction-tokens", "190", "--answer-tokens", "55"]
    auto = payoff_json(capsys, *common, "--examples", str(POST_LISTING))
    assert auto["inputs"]["trained_tokens"] == 11500  # 115 tokens × 10 examples × 10 epochs (the default rule)
    three = payoff_json(capsys, *common, "--examples", str(POST_LISTING), "--epochs", "3")
    assert three["inputs"]["trained_tokens"] == 115 * 10 * 3


def test_prompt_files_are_counted(capsys, tmp_path):
    (tmp_path / "short.txt").write_text("こんにちは", encoding="utf-8")
    (tmp_path / "instruction.txt").write_text("Answer in one line.", encoding="utf-8")
    result = payoff_json(
        capsys,
        "--short",
        str(tmp_path / "short.txt"),
        "--instruction",
        str(tmp_path / "instruction.txt"),
        "--answer-tokens",
        "10",
        "--trained-tokens",
        "100",
    )
    from helpers.tokens import count_chat_tokens, count_text_tokens

    assert result["inputs"]["short_tokens"] == count_chat_tokens([{"role": "user", "content": "こんにちは"}])
    assert result["inputs"]["instruction_tokens"] == count_text_tokens("Answer in one line.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--short-tokens", "-1"], "argument --short-tokens: must be >= 0, got -1"),
        (["--answer-tokens", "many"], "argument --answer-tokens: must be a whole number, got 'many'"),
        (["--trained-tokens", "1.5"], "argument --trained-tokens: must be a whole number, got '1.5'"),
        (["--yen-per-usd", "0"], "argument --yen-per-usd: must be a finite number > 0, got 0"),
        (["--model", "gpt-5"], "no fine-tuned price for model 'gpt-5'"),
        (["--base", "gpt-3.5-turbo"], "base: no base price for model 'gpt-3.5-turbo'"),
        (["--epochs", "4"], "--epochs needs --examples"),
    ],
)
def test_bad_input_gets_one_message_and_exit_code_2(capsys, args, message):
    values = {"--short-tokens": "56", "--instruction-tokens": "190", "--answer-tokens": "55", "--trained-tokens": "1"}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = ["payoff", *[item for pair in values.items() for item in pair]]
    assert exit_code(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--examples", "missing.jsonl"], "--examples: fix these problems first"),
        (["--examples", "missing.jsonl", "--epochs", "51"], "must be 'auto' or 1 to 50, got 51"),
        (["--short", "missing.txt"], "--short missing.txt: No such file or directory"),
    ],
)
def test_missing_files_and_epochs_out_of_range_exit_2_as_a_process(tmp_path, args, message):
    common = {"--short-tokens": "56", "--instruction-tokens": "190", "--answer-tokens": "55"}
    if "--short" in args:
        common.pop("--short-tokens")
        args = [*args, "--trained-tokens", "1"]
    argv = [item for pair in common.items() for item in pair]
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "payoff", *argv, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_broken_examples_file_is_refused_before_counting(tmp_path, capsys):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"messages": "not a list"}\n', encoding="utf-8")
    argv = [
        "payoff",
        "--short-tokens",
        "1",
        "--instruction-tokens",
        "1",
        "--answer-tokens",
        "1",
        "--examples",
        str(broken),
    ]
    assert main(argv) == 2
    assert "broken.jsonl:1" in capsys.readouterr().err
