"""`python -m helpers`: generate, validate and count tokens of fine-tuning data; decide whether fine-tuning pays."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .costs import training_cost_usd
from .dataset import MAX_GENERATED, article_examples, generate_split, read_jsonl, write_jsonl, write_split
from .errors import ExplainedError
from .messages import say
from .payoff_command import add_parser as add_payoff
from .payoff_command import countable
from .payoff_command import run as payoff
from .prices import DEFAULT_MODEL
from .tokens import MAX_EPOCHS, MIN_EPOCHS, EncodingUnavailable, estimate_training
from .validation import validate_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument("--model", default=DEFAULT_MODEL, help=f"model to count and price for (default {DEFAULT_MODEL})")

    generate = commands.add_parser("generate", help="write training data as JSONL")
    source = generate.add_mutually_exclusive_group(required=True)
    source.add_argument("--article", action="store_true", help="the post's 10 examples, into one FILE")
    source.add_argument(
        "--n", type=int, help=f"N new pairs (at most {MAX_GENERATED:,}) split into train / validation / held-out in DIR"
    )
    generate.add_argument("--seed", type=int, default=0, help="random seed for --n (default 0)")
    generate.add_argument("-o", "--output", required=True, type=Path, help="FILE for --article, DIR for --n")

    validate = commands.add_parser("validate", parents=[model], help="check a JSONL file; exit 1 on any problem")
    validate.add_argument("file", type=Path)

    tokens = commands.add_parser(
        "tokens", parents=[model], help="token table, default epochs and training cost of a JSONL file"
    )
    tokens.add_argument("file", type=Path)
    tokens.add_argument(
        "--epochs", type=int, help=f"override the default-epoch rule ({MIN_EPOCHS} to {MAX_EPOCHS}, as OpenAI allows)"
    )
    add_payoff(commands)
    return parser


def _generate(args: argparse.Namespace) -> int:
    if args.article:
        print(f"wrote the post's 10 examples to {write_jsonl(article_examples(), args.output)}")
        return 0
    try:
        paths = write_split(generate_split(args.n, args.seed), args.output)
    except ValueError as error:
        print(f"error: --n {args.n}: {error}", file=sys.stderr)
        return 2
    for name, path in paths.items():
        print(f"{name:>10}: {path} ({len(read_jsonl(path))} examples)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    report = validate_file(args.file, args.model)
    print(report.describe())
    return 0 if report.ok else 1


def _tokens(args: argparse.Namespace) -> int:
    report = validate_file(args.file, args.model)
    if not countable(report):
        print(report.describe())
        print("fix these problems first: tokens cannot be counted on a broken file", file=sys.stderr)
        return 1
    estimate = estimate_training(read_jsonl(args.file), args.model, args.epochs)
    cost = training_cost_usd(estimate.trained_tokens, args.model)
    print(f"{'example':>7}  {'tokens':>6}")
    for index, count in enumerate(estimate.tokens_per_example, 1):
        print(f"{index:>7}  {count:>6}")
    print(f"{'total':>7}  {estimate.tokens_per_epoch:>6}  tokens per epoch")
    print(f"epochs: {estimate.epochs}" + ("" if args.epochs else " (OpenAI's default for this many examples)"))
    print(f"estimated training tokens: {estimate.trained_tokens}")
    print(f"estimated training cost: ${cost:.6f} ({args.model}, fine-tuning list price from the package's table)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    try:
        commands = {"generate": _generate, "validate": _validate, "tokens": _tokens, "payoff": payoff}
        status = commands[args.command](args)
        sys.stdout.flush()  # a full disk or closed pipe shows here, inside the handler, not at exit
        return status
    except (EncodingUnavailable, ValueError, ExplainedError) as error:  # UnknownModel is a ValueError too
        print(say("cli.error", error=error), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `… | head` stopped reading: what it wanted was printed, nothing more to say
        _silence_stdout()
        return 0
    except OSError as error:
        _silence_stdout()
        where = error.filename or (say("cli.standard_output") if error.errno in _OUTPUT_ERRNOS else args.command)
        print(say("cli.os_error", where=where, reason=error.strerror or error), file=sys.stderr)
        return 2


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EBADF}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of the unwritable buffer raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
