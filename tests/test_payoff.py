"""The payoff decision and `python -m helpers payoff`: hand arithmetic and every bad input (the command against notebook
05's own figures: tests/test_costs.py, which shares one run of the notebook).

Prices (USD per 1M tokens): base gpt-4o-mini input 0.15, output 0.60; fine-tuned training 3.00, input 0.30,
output 1.20. The post's numbers: short request 56 tokens, instruction 190, answer 55, 11,500 trained tokens.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from conftest import POST_LISTING
from conftest import REPO as PROJECT_ROOT
from helpers.cli import main
from helpers.payoff import Scenario, decide
from helpers.prices import price_for

MADE_UP_PRICES = PROJECT_ROOT / "tests" / "fixtures" / "made_up_prices.json"  # a provider's table, by hand


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


# --- the saving per call (the one cost path) ------------------------------------------------------------------


def test_saving_per_call_for_the_post_prompt_is_negative():
    saving = decide(Scenario(56, 190, 55, 11500)).saving_per_call_usd
    assert saving == pytest.approx((246 * 0.15 + 55 * 0.60 - 56 * 0.30 - 55 * 1.20) / 1e6)
    assert saving == pytest.approx(-12.9 / 1e6)


def test_saving_per_call_with_the_post_accounting():
    # The post: one input price of $0.03 per 1M for both models, outputs not counted.
    base, tuned = price_for("gpt-4o-mini", fine_tuned=False), price_for("gpt-4o-mini", fine_tuned=True)
    post = decide(
        Scenario(
            56, 190, 55, 0, model=replace(tuned, input=0.03, output=0.0), base=replace(base, input=0.03, output=0.0)
        )
    )
    assert post.saving_per_call_usd == pytest.approx(190 * 0.03 / 1e6)
    assert post.yen(post.saving_per_call_usd) == pytest.approx(0.000855)


def test_the_crossover_is_where_the_saving_changes_sign():
    def saving(instruction: int) -> float:
        return decide(Scenario(56, instruction, 55, 11500)).saving_per_call_usd

    assert saving(276) == pytest.approx(0, abs=1e-15)
    assert saving(275) < 0 < saving(277)


# --- prompt caching (issue 20): instruction first, cached from 1,024 tokens in steps of 128 -------------------

ISSUE = ["--short-tokens", "56", "--answer-tokens", "55", "--trained-tokens", "11500"]


@pytest.mark.parametrize(("rate", "calls"), [("0", 133.4), ("0.5", 184.9), ("1", 301.0)])
def test_caching_moves_the_break_even_of_a_2000_token_instruction(capsys, rate, calls):
    # 1,920 of the 2,000 instruction tokens are cacheable; a hit saves 1,920 × (0.15 − 0.075) = 144 µ$
    args = [*ISSUE, "--instruction-tokens", "2000", "--cache-hit-rate", rate]
    figures = payoff_json(capsys, *args)["figures"]
    assert figures["cached_tokens"] == 1920
    assert round(figures["break_even_calls"], 1) == calls
    assert figures["break_even_calls"] == pytest.approx(0.0345 / ((258.6 - float(rate) * 144) / 1e6))


def test_a_fully_cached_1024_token_instruction_makes_prompting_gpt_4_1_mini_cheaper(capsys):
    args = [*ISSUE, "--model", "gpt-4.1-mini", "--instruction-tokens", "1024", "--cache-hit-rate", "1"]
    result = payoff_json(capsys, *args)
    figures = result["figures"]
    assert round(figures["prompted_call_usd"] * 1e6, 1) == 212.8 and round(figures["tuned_call_usd"] * 1e6, 1) == 220.8
    assert figures["break_even_calls"] is None and figures["crossover_tokens"] == 1044
    assert figures["saving_ranges"] == [[277, 1023], [1045, None]]
    assert result["verdict"].startswith("Fine-tuning never pays back")
    assert "277–1,023 tokens and 1,045 tokens or more" in result["verdict"]
    assert main(["payoff", *args]) == 0
    text = capsys.readouterr().out
    assert "break-even: never" in text and "first 1,024 tokens cached" in text
    assert "crossover: caching included, fine-tuning saves per call only with an instruction of 277–1,023" in text


def test_an_instruction_under_1024_tokens_is_never_cached(capsys):
    args = [*ISSUE, "--model", "gpt-4.1-mini", "--instruction-tokens", "1000", "--cache-hit-rate", "1"]
    figures = payoff_json(capsys, *args)["figures"]
    assert figures["cached_tokens"] == 0
    assert round(figures["break_even_calls"], 1) == 198.5
    assert main(["payoff", *args]) == 0
    assert "nothing is cached, the instruction (1,000 tokens) is shorter than 1,024 tokens" in capsys.readouterr().out


def test_the_saving_ranges_agree_with_the_saving_at_every_length():
    for model in ("gpt-4o-mini", "gpt-4.1-mini"):
        for rate in (0, 0.5, 1):
            scenario = Scenario(56, 0, 55, 11500, model=model, cache_hit_rate=rate)
            ranges = decide(scenario).saving_ranges()
            crossover = decide(scenario).crossover_tokens
            edges = {e + step for r in ranges for e in (r.first, r.last or 0) for step in (-1, 0, 1)}
            steps = {1024 + 128 * k + step for k in range(12) for step in (-1, 0, 1)}
            for n in sorted((set(range(0, 2600, 11)) | edges | steps) - {-1}):
                saves = decide(replace(scenario, instruction_tokens=n)).saving_per_call_usd > 1e-15
                inside = any(r.first <= n and (r.last is None or n <= r.last) for r in ranges)
                assert saves == inside, (model, rate, n)
                if n > crossover:
                    assert saves, (model, rate, n)


def test_without_caching_or_a_fee_the_command_prints_what_it_printed_before(capsys):
    args = ["payoff", *post(), "--instruction-tokens", "190", "--calls-per-month", "1000"]
    assert main(args) == 0
    plain = capsys.readouterr().out
    assert main([*args, "--cache-hit-rate", "0", "--fixed-usd-per-month", "0"]) == 0
    assert capsys.readouterr().out == plain
    assert len(plain.splitlines()) == 7 and "caching" not in plain and "hosting" not in plain


def test_the_verdict_names_the_ranges_in_japanese(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    decision = decide(Scenario(56, 1024, 55, 11500, model="gpt-4.1-mini", cache_hit_rate=1))
    assert decision.verdict().endswith(
        "(キャッシュ込みでFine-Tuningのほうが1回あたり安くなる指示の長さは277〜1,023トークンと1,045トークン以上)。"
    )


# --- another provider's prices and a hosting fee ---------------------------------------------------------------

MADE_UP = ["--prices", str(MADE_UP_PRICES), "--model", "made-up"]
MADE_UP_CALL = ["--short-tokens", "100", "--instruction-tokens", "500", "--answer-tokens", "50"]


@pytest.mark.parametrize(
    ("volume", "calls"),
    [([], 333.3), (["--calls-per-month", "10000"], None), (["--calls-per-month", "1000000"], 500.0)],
)
def test_a_hosting_fee_is_taken_off_the_saving(capsys, volume, calls):
    # made-up prices: saving 700 − 400 = 300 µ$ a call, training $0.10; a $100 fee over 10,000 calls is 10,000 µ$
    # a call (never pays back), over 1,000,000 calls 100 µ$ (200 µ$ saved: 500 calls)
    fee = ["--fixed-usd-per-month", "100"] if volume else []
    result = payoff_json(capsys, *MADE_UP, *MADE_UP_CALL, "--trained-tokens", "10000", *volume, *fee)
    even = result["figures"]["break_even_calls"]
    assert (even if even is None else round(even, 1)) == calls
    assert result["prices"]["file"] == str(MADE_UP_PRICES)
    assert result["prices"]["sources"][0] == "fine-tuned made-up-1: made up for the tests, 2026-12"


def test_the_hosting_fee_line_and_the_price_file_are_printed(capsys):
    args = [*MADE_UP, *MADE_UP_CALL, "--trained-tokens", "10000", "--calls-per-month", "1000000"]
    assert main(["payoff", *args, "--fixed-usd-per-month", "100"]) == 0
    text = capsys.readouterr().out
    assert "hosting fee: $100.00 a month over 1,000,000 calls = $0.00010000" in text
    assert "saving per call: $+0.00020000" in text and "break-even: 500.0 calls" in text
    assert f"prices from {MADE_UP_PRICES} (USD per 1M tokens)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cache-hit-rate", "-0.1"], "argument --cache-hit-rate: must be a number from 0 to 1, got -0.1"),
        (["--cache-hit-rate", "1.5"], "argument --cache-hit-rate: must be a number from 0 to 1, got 1.5"),
        (["--cache-hit-rate", "nan"], "argument --cache-hit-rate: must be a number from 0 to 1, got nan"),
        (["--cache-hit-rate", "inf"], "argument --cache-hit-rate: must be a number from 0 to 1, got inf"),
        (["--cache-hit-rate", "half"], "argument --cache-hit-rate: must be a number from 0 to 1, got 'half'"),
        (["--cache-hit-rate", ""], "argument --cache-hit-rate: must be a number from 0 to 1, got ''"),
        (["--fixed-usd-per-month", "-1"], "argument --fixed-usd-per-month: must be a finite amount >= 0, got -1"),
        (["--fixed-usd-per-month", "nan"], "argument --fixed-usd-per-month: must be a finite amount >= 0, got nan"),
        (["--fixed-usd-per-month", "inf"], "argument --fixed-usd-per-month: must be a finite amount >= 0, got inf"),
        (["--fixed-usd-per-month", "lots"], "argument --fixed-usd-per-month: must be an amount in USD, got 'lots'"),
        (["--fixed-usd-per-month", "100"], "--fixed-usd-per-month needs --calls-per-month"),
        (["--fixed-usd-per-month", "100", "--calls-per-month", "0"], "--fixed-usd-per-month needs --calls-per-month"),
    ],
)
def test_bad_caching_and_fee_options_exit_2_with_one_message(capsys, args, message):
    assert exit_code(["payoff", *post(), "--instruction-tokens", "190", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if "error" in line]) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cache_hit_rate", 1.01, "cache_hit_rate must be from 0 to 1"),
        ("cache_hit_rate", math.nan, "cache_hit_rate must be a finite number"),
        ("fixed_usd_per_month", -5, "fixed_usd_per_month must be >= 0"),
        ("fixed_usd_per_month", 5.0, "fixed_usd_per_month needs calls_per_month"),
        ("prices", "prices.json", "prices must be a PriceTable"),
    ],
)
def test_a_bad_scenario_is_refused_naming_the_field(field, value, message):
    with pytest.raises(ValueError, match=message):
        decide(replace(Scenario(56, 190, 55, 11500), **{field: value}))


@pytest.mark.parametrize("readme", ["README.md", "README.ja.md"])
def test_the_readme_examples_show_what_the_command_prints(capsys, monkeypatch, readme):
    text = (PROJECT_ROOT / readme).read_text(encoding="utf-8")
    examples = re.findall(
        r"^\$ (FINETUNE_LANG=ja )?\.venv/bin/python -m helpers (payoff .*)\n((?:[^$`].*\n)+)", text, re.M
    )
    assert len(examples) == 4
    monkeypatch.chdir(PROJECT_ROOT)  # the examples name tests/fixtures/made_up_prices.json from the project root
    for japanese, command, shown in examples:
        monkeypatch.setenv("FINETUNE_LANG", "ja" if japanese else "en")
        assert main(command.split()) == 0
        printed = capsys.readouterr().out.splitlines()
        for line in shown.splitlines():
            assert line in printed, (readme, command, line)
