"""The README's live-run figures are the ones the helpers compute, and its commands exist."""

import math
import re

from conftest import REPO as PROJECT_ROOT
from conftest import dated_rows
from helpers.costs import training_cost_usd
from helpers.dataset import article_examples
from helpers.payoff import decide
from helpers.post_figures import post_accounting, post_setting
from helpers.prices import DEFAULT_MODEL
from helpers.tokens import estimate_training
from helpers.wind_down import MILESTONES, inference_note, timeline

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


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def test_the_2026_section_states_exactly_the_dates_and_sources_of_wind_down():
    section = _section("Fine-tuning on OpenAI in 2026")
    assert dated_rows(section) == [[row["date"], row["what"], row["source"]] for row in timeline()]
    assert inference_note() in section
    milestone_dates = {m.date.isoformat() for m in MILESTONES}
    assert set(re.findall(r"(?<![\w-])\d{4}-\d{2}-\d{2}", section)) <= milestone_dates  # not a snapshot name
    for milestone in MILESTONES:
        assert milestone.reported == (f"{milestone.what} (reported)" in section), milestone.date


def test_the_notebook_table_lists_every_notebook():
    notebooks = sorted(path.stem for path in (PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    listed = re.findall(r"^\| `(\d\d_\w+)` \|", _section("The notebooks"), re.M)
    assert listed == notebooks


def test_the_notebook_table_states_the_computed_verdict():
    """05's and 06's rows give the answer up front; every figure in them is the package's."""
    setting = post_setting()
    ours, post = decide(setting.scenario()), decide(post_accounting(setting.scenario()).scenario)
    uncached = decide(setting.scenario(instruction_tokens=2000))
    cached = decide(setting.scenario(instruction_tokens=2000, cache_hit_rate=1))
    table = _section("The notebooks")
    assert ours.break_even_calls == math.inf and "never pays back for the post's own setup" in table
    assert f"(+{setting.instruction_tokens} instruction tokens)" in table
    assert f"above +{ours.crossover_tokens:g} instruction tokens for {DEFAULT_MODEL}" in table
    assert f"break-even ({post.break_even_calls:.1f} calls)" in table
    assert (
        f"a 2,000-token instruction cached on every call pays back after {cached.break_even_calls:.1f} calls" in table
    )
    assert f"instead of {uncached.break_even_calls:.1f}" in table
