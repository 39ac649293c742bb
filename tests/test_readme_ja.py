"""README.ja.md: the two commands first, figures computed by the helpers, links both ways, every notebook listed."""

import math
import re

from conftest import REPO, dated_rows
from helpers.costs import training_cost_usd
from helpers.dataset import article_examples
from helpers.payoff import decide
from helpers.post_figures import post_accounting, post_setting
from helpers.prices import DEFAULT_MODEL
from helpers.tokens import estimate_training
from helpers.wind_down import inference_note, timeline

README_JA = (REPO / "README.ja.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_first_block_gives_the_two_commands():
    first_block = README_JA.split("```")[1]
    assert re.search(r"^make run\b", first_block, re.M) and re.search(r"^make test\b", first_block, re.M)


def test_each_readme_links_the_other_before_the_commands():
    assert "(README.ja.md)" in README.split("```")[0]
    assert "(README.md)" in README_JA.split("```")[0]


def test_live_training_estimate_matches_the_helpers():
    estimate = estimate_training(article_examples())
    assert f"学習トークン数{estimate.trained_tokens:,}" in README_JA
    assert f"(1エポックあたり{estimate.tokens_per_epoch:,} × {estimate.epochs}エポック)" in README_JA
    assert f"**${training_cost_usd(estimate.trained_tokens):.3f}**" in README_JA


def test_every_japanese_notebook_is_in_the_table():
    listed = set(re.findall(r"^\| `(\d\d_\w+)` \|", README_JA, re.M))
    for link in re.findall(r"\]\(((?:notebooks|docs)/[^)#]+)", README_JA):
        assert (REPO / link).is_file(), link
    assert listed == {path.stem for path in (REPO / "notebooks" / "ja").glob("*.ipynb")}


def test_the_2026_table_is_wind_down_in_japanese(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    start = README_JA.index("## 2026年のOpenAIでのFine-Tuning\n")
    section = README_JA[start : README_JA.index("\n## ", start + 1)]
    assert dated_rows(section) == [[row["date"], row["what"], row["source"]] for row in timeline()]
    assert inference_note() in section


def test_the_notebook_table_states_the_computed_verdict():
    """05's and 06's rows give the answer up front, in Japanese; every figure in them is the package's."""
    setting = post_setting()
    ours, post = decide(setting.scenario()), decide(post_accounting(setting.scenario()).scenario)
    uncached = decide(setting.scenario(instruction_tokens=2000))
    cached = decide(setting.scenario(instruction_tokens=2000, cache_hit_rate=1))
    row = next(line for line in README_JA.splitlines() if line.startswith("| `05_cost_analysis`"))
    assert ours.break_even_calls == math.inf and "Fine-Tuningの元は取れません" in row
    assert f"(指示+{setting.instruction_tokens}トークン)" in row
    assert f"{DEFAULT_MODEL}で1回あたり得になるのは指示が+{ours.crossover_tokens:g}トークンを超えるときだけ" in row
    assert f"記事の損益分岐点({post.break_even_calls:.1f}回)" in row
    row = next(line for line in README_JA.splitlines() if line.startswith("| `06_when_it_pays`"))
    assert f"損益分岐点は{uncached.break_even_calls:.1f}回から{cached.break_even_calls:.1f}回に延び" in row
