"""Notebook 05's cost explorer: sliders for instruction and answer length, volume, model and exchange rate.

`show` is the function the sliders call; it is plain Python (a unit test calls it) and draws with the same
`payoff.decide` and `cost_plots.plot_cumulative` as the rest of the notebook. Every word comes from the notebook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial

import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from .cost_plots import plot_cumulative
from .payoff import Decision, Scenario, decide

MONTHS_SHOWN = 12  # the plot covers a year of the chosen volume
POINTS = 200  # points per line


def horizon(scenario: Scenario, default_calls: int) -> range:
    """Calls on the x axis: a year at the scenario's volume, else `default_calls`."""
    last = scenario.calls_per_month * MONTHS_SHOWN if scenario.calls_per_month else default_calls
    return range(0, last + 1, max(1, last // POINTS))


def view(
    scenario: Scenario, labels: Mapping[str, str], verdicts: Mapping[str, str], default_calls: int
) -> tuple[Figure, Decision, str]:
    """The cumulative-cost figure, the decision and its verdict for `scenario` (labels['title'] may use {model})."""
    decision = decide(scenario)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    title = labels["title"].format(model=decision.tuned.model)
    plot_cumulative(ax, decision, horizon(scenario, default_calls), {**labels, "title": title})
    fig.tight_layout()
    return fig, decision, decision.verdict(verdicts)


def show(
    instruction_tokens: int,
    answer_tokens: int,
    calls_per_month: int,
    model: str,
    yen_per_usd: float,
    *,
    fixed: Scenario,
    labels: Mapping[str, str],
    verdicts: Mapping[str, str],
    default_calls: int,
) -> Decision:
    """What the sliders call: redraw the plot and print the verdict for the sliders' values."""
    scenario = replace(
        fixed,
        instruction_tokens=instruction_tokens,
        answer_tokens=answer_tokens,
        calls_per_month=calls_per_month,
        model=model,
        base=None,
        yen_per_usd=yen_per_usd,
    )
    fig, decision, verdict = view(scenario, labels, verdicts, default_calls)
    display(fig)
    plt.close(fig)
    print(verdict)
    return decision


def sliders(fixed: Scenario, models: Sequence[str], descriptions: Mapping[str, str]) -> dict:
    """The five controls, starting at `fixed`'s values; `descriptions` names each one for the reader."""
    import ipywidgets as widgets

    style = {"description_width": "initial"}
    volume = fixed.calls_per_month or 1000
    return {
        "instruction_tokens": widgets.IntSlider(
            fixed.instruction_tokens, 0, 3000, 10, style=style, description=descriptions["instruction_tokens"]
        ),
        "answer_tokens": widgets.IntSlider(
            fixed.answer_tokens, 0, 1000, 5, style=style, description=descriptions["answer_tokens"]
        ),
        "calls_per_month": widgets.IntSlider(
            volume, 100, 100_000, 100, style=style, description=descriptions["calls_per_month"]
        ),
        "model": widgets.Dropdown(
            options=list(models), value=models[0], style=style, description=descriptions["model"]
        ),
        "yen_per_usd": widgets.FloatSlider(
            fixed.yen_per_usd, 100, 200, 1, style=style, description=descriptions["yen_per_usd"]
        ),
    }


def explorer(
    fixed: Scenario, models: Sequence[str], texts: Mapping[str, Mapping[str, str]], default_calls: int
) -> None:
    """Display the sliders and their plot. Its output is a widget plus `texts['fallback']['text']` as plain text:
    a frontend without widgets (static HTML, nbval) shows that sentence, and nbval skips the widget's random id."""
    import ipywidgets as widgets

    controls = sliders(fixed, models, texts["descriptions"])
    callback = partial(
        show, fixed=fixed, labels=texts["labels"], verdicts=texts["verdicts"], default_calls=default_calls
    )
    ui = widgets.VBox([*controls.values(), widgets.interactive_output(callback, controls)])
    bundle = ui._repr_mimebundle_()
    display({**bundle, "text/plain": texts["fallback"]["text"]}, raw=True)
