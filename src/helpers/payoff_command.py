"""`python -m helpers payoff`: does fine-tuning pay for the reader's own prompt? Arguments, input files and output.

The figures come from `payoff.decide`, the function notebook 05 and its explorer use.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from pathlib import Path

from .dataset import read_jsonl
from .messages import say
from .payoff import POST_YEN_PER_USD, Decision, Scenario, decide, one_crossover, ranges_text
from .prices import DEFAULT_MODEL, PriceTable, package_table, read_price_table
from .tokens import MAX_EPOCHS, MIN_EPOCHS, count_chat_tokens, count_text_tokens, estimate_training
from .validation import Report, validate_file

COUNTABLE_PROBLEMS = {"wrong_answer", "too_few_examples"}  # problems that still leave every example's tokens countable


def _refused(wanted: str, got: object, **values: object) -> argparse.ArgumentTypeError:
    """argparse's error for an argument that is not `wanted` (a catalogue key under payoff_command.)."""
    return argparse.ArgumentTypeError(say("payoff_command.must_be", what=say(wanted, **values), got=got))


def _count(text: str) -> int:
    """argparse type: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise _refused("payoff_command.whole_number", repr(text)) from None
    if value < 0:
        raise _refused("payoff_command.not_negative", value)
    return value


def _number(text: str, unreadable: str, wanted: str, fits: Callable[[float], bool]) -> float:
    """`text` as a finite float that `fits`; otherwise argparse's error (`unreadable` when it is no number at all)."""
    try:
        value = float(text)
    except ValueError:
        raise _refused(unreadable, repr(text)) from None
    if not (math.isfinite(value) and fits(value)):
        raise _refused(wanted, text)
    return value


def _rate(text: str) -> float:
    """argparse type: a finite number > 0."""
    return _number(text, "payoff_command.a_number", "payoff_command.positive", lambda value: value > 0)


def _share(text: str) -> float:
    """argparse type: a number from 0 to 1."""
    return _number(text, "payoff_command.share", "payoff_command.share", lambda value: 0 <= value <= 1)


def _usd(text: str) -> float:
    """argparse type: a finite amount >= 0."""
    return _number(text, "payoff_command.usd", "payoff_command.amount", lambda value: value >= 0)


def _epochs(text: str) -> int | None:
    """argparse type: 'auto' (OpenAI's default rule) or MIN_EPOCHS..MAX_EPOCHS."""
    if text == "auto":
        return None
    value = _count(text)
    if not MIN_EPOCHS <= value <= MAX_EPOCHS:
        raise _refused("payoff_command.epochs", value, low=MIN_EPOCHS, high=MAX_EPOCHS)
    return value


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the `payoff` command."""
    payoff = commands.add_parser(
        "payoff", help="does fine-tuning pay for your prompt? per-call costs, crossover, break-even and a verdict"
    )
    short = payoff.add_mutually_exclusive_group(required=True)
    short.add_argument("--short-tokens", type=_count, metavar="N", help="tokens of the short request (the post: 56)")
    short.add_argument("--short", type=Path, metavar="FILE", help="a text file: the short prompt, counted as a request")
    instruction = payoff.add_mutually_exclusive_group(required=True)
    instruction.add_argument("--instruction-tokens", type=_count, metavar="N", help="tokens the instruction adds")
    instruction.add_argument("--instruction", type=Path, metavar="FILE", help="a text file: the instruction, counted")
    payoff.add_argument("--answer-tokens", type=_count, required=True, metavar="N", help="tokens of the answer")
    payoff.add_argument("--model", default=DEFAULT_MODEL, help=f"fine-tunable model (default {DEFAULT_MODEL})")
    payoff.add_argument("--base", help="model prompted with the instruction (default: --model's own base model)")
    trained = payoff.add_mutually_exclusive_group(required=True)
    trained.add_argument("--trained-tokens", type=_count, metavar="N", help="billed training tokens")
    trained.add_argument("--examples", type=Path, metavar="FILE", help="a training JSONL file to count")
    payoff.add_argument(
        "--epochs", type=_epochs, default=None, help=f"with --examples: 'auto' (default) or {MIN_EPOCHS}-{MAX_EPOCHS}"
    )
    payoff.add_argument("--calls-per-month", type=_count, metavar="N", help="your volume, for break-even in months")
    payoff.add_argument("--yen-per-usd", type=_rate, default=POST_YEN_PER_USD, metavar="R", help="default 150")
    payoff.add_argument(
        "--cache-hit-rate",
        type=_share,
        default=0.0,
        metavar="R",
        help="share of prompted calls (0-1, default 0) that find the instruction in OpenAI's prompt cache",
    )
    payoff.add_argument(
        "--fixed-usd-per-month",
        type=_usd,
        default=0.0,
        metavar="X",
        help="a monthly fee of the fine-tuned model (a hosting fee); needs --calls-per-month",
    )
    payoff.add_argument("--prices", type=Path, metavar="FILE", help="a price table in src/helpers/prices.json's format")
    payoff.add_argument("--json", action="store_true", help="print the figures as JSON")


def _read_text(path: Path, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else say("payoff_command.not_utf8")
        raise ValueError(f"{option} {path}: {reason}") from None


def countable(report: Report) -> bool:
    """Whether every example's tokens can be counted (no problem beyond the method's arithmetic or the count)."""
    return bool(report.examples) and all(p.code in COUNTABLE_PROBLEMS for p in report.problems)


def _trained_tokens(args: argparse.Namespace) -> int:
    if args.examples is None:
        if args.epochs is not None:
            raise ValueError(say("payoff_command.epochs_need_examples"))
        return args.trained_tokens
    report = validate_file(args.examples, args.model)
    if not countable(report):
        raise ValueError(say("payoff_command.fix_examples", report=report.describe()))
    return estimate_training(read_jsonl(args.examples), args.model, args.epochs).trained_tokens


def _table(args: argparse.Namespace) -> PriceTable | None:
    return None if args.prices is None else read_price_table(args.prices)


def _scenario(args: argparse.Namespace) -> Scenario:
    if args.fixed_usd_per_month and not args.calls_per_month:
        raise ValueError(say("payoff_command.fee_needs_calls"))
    prices = _table(args)
    short = args.short_tokens
    if short is None:
        short = count_chat_tokens([{"role": "user", "content": _read_text(args.short, "--short")}], args.model)
    instruction = args.instruction_tokens
    if instruction is None:
        instruction = count_text_tokens(_read_text(args.instruction, "--instruction"), args.model)
    return Scenario(
        short_tokens=short,
        instruction_tokens=instruction,
        answer_tokens=args.answer_tokens,
        trained_tokens=_trained_tokens(args),
        model=args.model,
        base=args.base,
        calls_per_month=args.calls_per_month,
        yen_per_usd=args.yen_per_usd,
        cache_hit_rate=args.cache_hit_rate,
        fixed_usd_per_month=args.fixed_usd_per_month,
        prices=prices,
    )


def _payoff_json(decision: Decision) -> str:
    scenario = decision.scenario
    figures = {k: (None if isinstance(v, float) and math.isinf(v) else v) for k, v in decision.figures().items()}
    names = ("short_tokens", "instruction_tokens", "answer_tokens", "trained_tokens", "cache_hit_rate")
    inputs = {k: getattr(scenario, k) for k in (*names, "fixed_usd_per_month")}
    table = scenario.prices or package_table()
    meta = table.metadata()
    prices = {"file": table.origin, "as_of": meta["as_of"], "unit": meta["unit"], "sources": decision.sources()}
    figures["saving_ranges"] = [list(r) for r in decision.saving_ranges()]
    document = {"inputs": inputs, "model": scenario.model, "base": decision.base.model, "tuned": decision.tuned.model}
    return json.dumps(
        {
            **document,
            "yen_per_usd": scenario.yen_per_usd,
            "figures": figures,
            "verdict": decision.verdict(),
            "prices": prices,
        },
        indent=2,
        ensure_ascii=False,
    )


def run(args: argparse.Namespace) -> int:
    """Print the decision (or its JSON); return the exit code."""
    decision = decide(_scenario(args))
    if args.json:
        print(_payoff_json(decision))
        return 0
    s, f = decision.scenario, decision.figures()
    tokens = {"short": s.short_tokens, "instruction": s.instruction_tokens, "answer": s.answer_tokens}
    print(say("payoff.prompted", base=decision.base.model, **tokens, **f))
    if s.cache_hit_rate:
        print(say("payoff.caching", **f) if decision.cached_tokens else say("payoff.caching_none", **tokens))
    print(say("payoff.tuned", tuned=decision.tuned.model, trained=s.trained_tokens, **tokens, **f))
    if s.fixed_usd_per_month:
        print(say("payoff.hosting", **f))
    print(say("payoff.saving", **f))
    ranges = decision.saving_ranges()
    if one_crossover(ranges):
        print(say("payoff.crossover", **f))
    else:  # caching makes prompting cheaper again above 1,024 tokens
        print(say("payoff.ranges", ranges=ranges_text(ranges)))
    months = "" if f["break_even_months"] is None else say("payoff.break_even_months", **f)
    print(say("payoff.break_even", months=months, **f) if decision.pays_back else say("payoff.break_even_never"))
    print(say("payoff.verdict", verdict=decision.verdict()))
    separator, unit = say("payoff.sources_separator"), (s.prices or package_table()).metadata()["unit"]
    sources = separator.join(decision.sources())
    if s.prices is None:
        print(say("payoff.prices", unit=unit, sources=sources))
    else:
        print(say("payoff.prices_file", file=s.prices.origin, unit=unit, sources=sources))
    return 0
