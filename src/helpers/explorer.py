"""Notebook 05's cost explorer: sliders for instruction and answer length, volume, model, exchange rate, the
cache-hit rate of prompt caching, and a monthly hosting fee of the fine-tuned model.

`show` is the function the controls call; it is plain Python (a unit test calls it) and draws with the same
`payoff.decide` and `cost_plots.plot_cumulative` as the rest of the notebook. Every word comes from the notebook,
except the two newest controls' names when the notebook gives none (then the catalogue's, in the reader's language).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from ipywidgets import Output, Widget
from matplotlib.figure import Figure

from .cost_plots import plot_cumulative
from .messages import say
from .payoff import Decision, Scenario, decide

MONTHS_SHOWN = 12  # the plot covers a year of the chosen volume
POINTS = 200  # points per line


ModelChoice = str | tuple[str, str]  # a model name, or (label shown, model name)
NEW_CONTROLS = ("cache_hit_rate", "fixed_usd_per_month")  # named by the catalogue when the notebook names them not


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
    cache_hit_rate: float = 0.0,
    fixed_usd_per_month: float = 0.0,
    *,
    fixed: Scenario,
    labels: Mapping[str, str],
    verdicts: Mapping[str, str],
    default_calls: int,
    out: Output | None = None,
) -> Decision:
    """What the sliders call: draw the plot and the verdict for their values, into `out` (replacing what it held)
    or, without one, into the cell's output (the static view for the post's numbers)."""
    scenario = replace(
        fixed,
        instruction_tokens=instruction_tokens,
        answer_tokens=answer_tokens,
        calls_per_month=calls_per_month,
        model=model,
        base=None,
        yen_per_usd=yen_per_usd,
        cache_hit_rate=cache_hit_rate,
        fixed_usd_per_month=fixed_usd_per_month,
    )
    fig, decision, verdict = view(scenario, labels, verdicts, default_calls)
    plt.close(fig)
    if out is None:
        display(fig)
        print(verdict)
    else:  # set the Output widget's content directly: nothing leaks into the cell when no frontend routes it
        out.outputs = ()
        out.append_display_data(fig)
        out.append_stdout(verdict + "\n")
    return decision


def _redraw(controls: Mapping[str, Widget], out: Output, options: Mapping[str, object], _change: object = None) -> None:
    show(**{name: control.value for name, control in controls.items()}, out=out, **options)


def sliders(fixed: Scenario, models: Sequence[ModelChoice], descriptions: Mapping[str, str]) -> dict[str, Widget]:
    """The seven controls, starting at `fixed`'s values; `descriptions` names each one for the reader (the
    catalogue names the cache-hit rate and the hosting fee if it does not).

    A model given as (label, name) shows the label (say, that the model is retired) and sets the name."""
    style = {"description_width": "initial"}
    ranges = {  # value, min, max, step
        "instruction_tokens": (fixed.instruction_tokens, 0, 3000, 10),
        "answer_tokens": (fixed.answer_tokens, 0, 1000, 5),
        "calls_per_month": (fixed.calls_per_month or 1000, 100, 100_000, 100),
    }
    controls = {
        name: widgets.IntSlider(value=v, min=lo, max=hi, step=step, style=style, description=descriptions[name])
        for name, (v, lo, hi, step) in ranges.items()
    }
    controls["model"] = widgets.Dropdown(options=list(models), style=style, description=descriptions["model"])
    controls["yen_per_usd"] = widgets.FloatSlider(
        value=fixed.yen_per_usd, min=100, max=200, step=1, style=style, description=descriptions["yen_per_usd"]
    )
    named = {name: descriptions.get(name) or say(f"explorer.{name}") for name in NEW_CONTROLS}
    controls["cache_hit_rate"] = widgets.FloatSlider(
        value=fixed.cache_hit_rate, min=0, max=1, step=0.05, style=style, description=named["cache_hit_rate"]
    )
    controls["fixed_usd_per_month"] = widgets.BoundedFloatText(
        value=fixed.fixed_usd_per_month, min=0, max=1e9, step=10, style=style, description=named["fixed_usd_per_month"]
    )
    return controls


def explorer(
    fixed: Scenario,
    models: Sequence[ModelChoice],
    *,
    descriptions: Mapping[str, str],
    labels: Mapping[str, str],
    verdicts: Mapping[str, str],
    fallback: str,
    default_calls: int,
) -> widgets.VBox:
    """Display the sliders and the plot they redraw through `show`; return the widget (a test moves its sliders).

    The output is one bundle: the widget, and `fallback` as its plain text. A frontend with widgets (JupyterLab)
    shows the sliders; one without (static HTML with no widget state, nbval) shows the sentence, and nbval skips the
    widget's random model id, so the committed output stays deterministic.
    """
    controls, out = sliders(fixed, models, descriptions), widgets.Output()
    options = {"fixed": fixed, "labels": labels, "verdicts": verdicts, "default_calls": default_calls}
    redraw = partial(_redraw, controls, out, options)
    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    ui = widgets.VBox([*controls.values(), out])
    display({**ui._repr_mimebundle_(), "text/plain": fallback}, raw=True)
    return ui
