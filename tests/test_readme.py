"""The README's live-run figures are the ones the helpers compute, and its commands exist."""

import re

from conftest import REPO as PROJECT_ROOT
from helpers.costs import training_cost_usd
from helpers.dataset import article_examples
from helpers.tokens import estimate_training

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_live_training_estimate_matches_the_helpers():
    estimate = estimate_training(article_examples())
    assert f"{estimate.trained_tokens:,} trained tokens" in README
    assert f"({estimate.tokens_per_epoch:,} per epoch × {estimate.epochs} epochs)" in README
    assert f"**${training_cost_usd(estimate.trained_tokens):.3f}**" in README


def test_first_lines_give_the_two_commands_and_make_has_them():
    first_block = README.split("```")[1]
    assert re.search(r"^make run\b", first_block, re.M) and re.search(r"^make test\b", first_block, re.M)
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
