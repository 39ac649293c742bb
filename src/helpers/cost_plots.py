"""Plots of notebook 05 and its explorer. Every word on a plot comes from the caller's `labels`, so each edition
(English, Japanese) words its own figures; the numbers come from `payoff.decide`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .payoff import Decision, Scenario, decide

YEN_PER_CALL = FuncFormatter(lambda value, _: f"{value:.4f}")  # small yen amounts, without matplotlib's offset


def plot_cumulative(ax: Axes, decision: Decision, calls: Sequence[int], labels: Mapping[str, str]) -> None:
    """Cumulative yen of both options over `calls`; the break-even marked, or a note that there is none.

    labels: title, xlabel, ylabel, prompted, tuned, break_even (with {calls}), never.
    """
    prompted = [decision.yen(n * decision.prompted_call_usd) for n in calls]
    per_tuned_call = decision.tuned_call_usd + decision.hosting_per_call_usd  # a hosting fee, spread over the calls
    tuned = [decision.yen(decision.training_usd + n * per_tuned_call) for n in calls]
    ax.plot(calls, prompted, label=labels["prompted"], color="tab:blue")
    ax.plot(calls, tuned, label=labels["tuned"], color="tab:orange")
    if decision.pays_back and decision.break_even_calls <= calls[-1]:
        ax.axvline(decision.break_even_calls, color="grey", linestyle=":")
        ax.plot(
            [decision.break_even_calls],
            [decision.yen(decision.break_even_calls * decision.prompted_call_usd)],
            "o",
            color="black",
            label=labels["break_even"].format(calls=decision.break_even_calls),
        )
    elif not decision.pays_back:
        ax.text(0.98, 0.04, labels["never"], transform=ax.transAxes, ha="right", va="bottom")
    ax.set(title=labels["title"], xlabel=labels["xlabel"], ylabel=labels["ylabel"], xlim=(calls[0], calls[-1]))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")


def plot_instruction_sweep(
    axes: Sequence[Axes], scenarios: Mapping[str, Scenario], lengths: Sequence[int], labels: Mapping[str, str]
) -> None:
    """Left: saving per call (yen) against the instruction length; right: calls to pay back (log scale).

    One line per labelled scenario (its instruction length is replaced by each of `lengths`).
    labels: saving_title, saving_ylabel, break_even_title, break_even_ylabel, xlabel, crossover (with {tokens}),
    instruction (with {tokens}); the first scenario's crossover and instruction are marked.
    """
    saving_ax, even_ax = axes
    for label, scenario in scenarios.items():
        decisions = [decide(replace(scenario, instruction_tokens=n)) for n in lengths]
        saving_ax.plot(lengths, [d.yen(d.saving_per_call_usd) for d in decisions], label=label)
        even_ax.plot(lengths, [d.break_even_calls for d in decisions], label=label)
    first = next(iter(scenarios.values()))
    crossover = decide(first).crossover_tokens
    for ax in axes:
        ax.axvline(crossover, color="grey", linestyle=":", label=labels["crossover"].format(tokens=crossover))
        ax.axvline(
            first.instruction_tokens,
            color="tab:red",
            linestyle="--",
            label=labels["instruction"].format(tokens=first.instruction_tokens),
        )
        ax.set_xlabel(labels["xlabel"])
        ax.legend()
    saving_ax.axhline(0, color="black", linewidth=0.8)
    saving_ax.yaxis.set_major_formatter(YEN_PER_CALL)
    saving_ax.set(title=labels["saving_title"], ylabel=labels["saving_ylabel"])
    even_ax.set_yscale("log")
    even_ax.set(title=labels["break_even_title"], ylabel=labels["break_even_ylabel"])


def plot_crossovers(ax: Axes, table: pd.DataFrame, instruction_tokens: int, labels: Mapping[str, str]) -> None:
    """Dot plot: each model's crossover instruction length against its own base model and against another base,
    each dot labelled with its value, and the reader's instruction length as a line.

    `table` is `cost_tables.model_comparison`; labels: title, xlabel, own, against, instruction (with {tokens}).
    """
    rows = list(range(len(table)))[::-1]  # first model on top
    dots = (("crossover_own_base", "o", "own", 0.15), ("crossover_against", "s", "against", -0.15))
    for column, marker, key, shift in dots:
        values = table[column].astype(float)
        heights = [row + shift for row in rows]  # a model's two dots one above the other, even when equal
        ax.plot(values, heights, marker, markersize=8, linestyle="none", label=labels[key])
        for value, height in zip(values, heights, strict=True):
            ax.annotate(f"{value:,.0f}", (value, height), textcoords="offset points", xytext=(7, -3), fontsize=9)
    ax.axvline(
        instruction_tokens,
        color="tab:red",
        linestyle="--",
        label=labels["instruction"].format(tokens=instruction_tokens),
    )
    ax.set_yticks(rows, table.index)
    ax.set_xlim(left=0, right=float(table[["crossover_own_base", "crossover_against"]].max().max()) * 1.15)
    ax.set(title=labels["title"], xlabel=labels["xlabel"])
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
