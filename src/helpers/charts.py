"""Bar charts that read right at a glance: every bar labelled with its value, zero bars still visible.

No text is made up here: titles, axis labels and series names come from the notebook (or from
`helpers.messages`), so each edition labels its charts in its own language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes

ZERO_MARK = 0.012  # height (axis units 0..1) of the stub drawn for a zero bar, so it does not vanish


def share_bars(ax: Axes, groups: Sequence[str], shares: Mapping[str, Sequence[float]], counts: Sequence[int]) -> None:
    """Grouped bars of shares (0..1) per group, one colour per series, labelled "k/n (p%)".

    `counts[i]` is the number of calls behind group i; the labels show it, so one call reads as one call.
    """
    if any(len(values) != len(groups) for values in shares.values()) or len(counts) != len(groups):
        raise ValueError("every series and the counts need one value per group")
    width = 0.8 / len(shares)
    for number, (name, values) in enumerate(shares.items()):
        offset = (number - (len(shares) - 1) / 2) * width
        positions = [i + offset for i in range(len(groups))]
        heights = [max(value, ZERO_MARK) for value in values]
        bars = ax.bar(positions, heights, width=width * 0.95, label=name, edgecolor="black", linewidth=0.6)
        labels = [f"{round(v * n)}/{n}\n({v:.0%})" for v, n in zip(values, counts, strict=True)]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=8)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 1.3)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
