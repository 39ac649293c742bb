"""Share bars: a zero bar stays visible, every bar says k/n, and mismatched inputs are refused."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.charts import share_bars


def test_zero_bars_are_visible_and_every_bar_is_labelled_with_its_count():
    fig, ax = plt.subplots()
    share_bars(ax, ["base", "fine-tuned"], {"knowledge": [0.0, 1.0], "expression": [0.5, 1.0]}, [2, 2])
    heights = [patch.get_height() for patch in ax.patches]
    assert len(heights) == 4 and min(heights) > 0
    labels = [text.get_text() for text in ax.texts]
    assert labels == ["0/2\n(0%)", "2/2\n(100%)", "1/2\n(50%)", "2/2\n(100%)"]
    assert ax.get_ylim()[1] > 1  # room above the full bars for their labels
    plt.close(fig)


def test_each_series_and_the_counts_need_one_value_per_group():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one value per group"):
        share_bars(ax, ["a", "b"], {"knowledge": [1.0]}, [1, 1])
    with pytest.raises(ValueError, match="one value per group"):
        share_bars(ax, ["a", "b"], {"knowledge": [1.0, 0.0]}, [1])
    plt.close(fig)
