"""The cost explorer: the function the sliders call redraws for their values, and moving a slider calls it."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest

from helpers import explorer
from helpers.payoff import Scenario

matplotlib.use("Agg")

POST = Scenario(56, 190, 55, 11500, calls_per_month=1000)
LABELS = {
    "title": "title {model}",
    "xlabel": "x",
    "ylabel": "y",
    "prompted": "prompted",
    "tuned": "tuned",
    "break_even": "even {calls:.1f}",
    "never": "never",
}
VERDICTS = {
    "pays_back": "pays after {break_even_calls:.1f}{when}",
    "never": "never above {crossover_tokens:g}",
    "months": " in {break_even_months:.2f} months",
}
OPTIONS = {"fixed": POST, "labels": LABELS, "verdicts": VERDICTS, "default_calls": 2000}


@pytest.fixture(autouse=True)
def _close_figures():
    """A figure left open would show up in the next test of this worker that collects open figures."""
    yield
    plt.close("all")


def test_view_draws_both_options_and_the_break_even():
    fig, decision, verdict = explorer.view(Scenario(56, 600, 55, 11500, calls_per_month=1000), LABELS, VERDICTS, 2000)
    (ax,) = fig.axes
    assert ax.get_title() == "title gpt-4o-mini-2024-07-18"
    assert [line.get_label() for line in ax.get_lines()][:2] == ["prompted", "tuned"]
    assert "even 709.9" in [line.get_label() for line in ax.get_lines()]
    assert ax.get_xlim()[1] == 12 * 1000  # a year at the chosen volume
    assert verdict == "pays after 709.9 in 0.71 months" and round(decision.break_even_calls, 1) == 709.9


def test_show_prints_the_verdict_for_the_slider_values(capsys):
    decision = explorer.show(190, 55, 1000, "gpt-4o-mini", 150, **OPTIONS)
    assert decision.break_even_calls == float("inf")
    assert capsys.readouterr().out.strip().endswith("never above 276")


def test_moving_a_slider_redraws_into_the_output_widget(monkeypatch):
    monkeypatch.setattr(explorer, "display", lambda *args, **kwargs: None)
    ui = explorer.explorer(
        POST,
        ["gpt-4o-mini", "gpt-4.1-nano"],
        descriptions=dict.fromkeys(
            ["instruction_tokens", "answer_tokens", "calls_per_month", "model", "yen_per_usd"], "d"
        ),
        fallback="static",
        **{k: v for k, v in OPTIONS.items() if k != "fixed"},
    )
    *controls, out = ui.children

    def stdout() -> str:
        return "".join(o.get("text", "") for o in out.outputs if o["output_type"] == "stream")

    assert stdout() == "never above 276\n"
    assert any(o["output_type"] == "display_data" for o in out.outputs)  # the plot
    controls[0].value = 600  # instruction tokens
    assert stdout() == "pays after 709.9 in 0.71 months\n"
    controls[3].value = "gpt-4.1-nano"  # compared with its own base model
    assert stdout().startswith("pays after") and len(out.outputs) == 2


def test_the_fallback_text_is_the_plain_text_of_the_widget(monkeypatch):
    shown = []
    monkeypatch.setattr(explorer, "display", lambda bundle, raw: shown.append(bundle))
    explorer.explorer(
        POST,
        ["gpt-4o-mini"],
        descriptions=dict.fromkeys(
            ["instruction_tokens", "answer_tokens", "calls_per_month", "model", "yen_per_usd"], "d"
        ),
        fallback="static",
        **{k: v for k, v in OPTIONS.items() if k != "fixed"},
    )
    (bundle,) = shown
    assert bundle["text/plain"] == "static"
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("volume", [0, None])
def test_without_a_volume_the_plot_spans_the_default_calls(volume):
    assert explorer.horizon(Scenario(56, 190, 55, 11500, calls_per_month=volume), 2000)[-1] == 2000


def test_show_passes_the_cache_hit_rate_and_the_hosting_fee_to_the_decision(capsys):
    # gpt-4.1-mini, 1,024-token instruction, every call cached: prompting is cheaper (212.8 µ$ against 220.8 µ$)
    fixed = Scenario(56, 190, 55, 11500, calls_per_month=1000)
    options = {**OPTIONS, "fixed": fixed}
    cached = explorer.show(1024, 55, 1000, "gpt-4.1-mini", 150, 1.0, 0.0, **options)
    assert cached.cached_tokens == 1024 and round(cached.saving_per_call_usd * 1e6, 1) == -8.0
    assert not cached.pays_back
    uncached = explorer.show(1024, 55, 1000, "gpt-4.1-mini", 150, **options)
    assert uncached.pays_back
    hosted = explorer.show(1024, 55, 1000, "gpt-4.1-mini", 150, 0.0, 10.0, **options)  # $10 over 1,000 calls
    assert hosted.hosting_per_call_usd == pytest.approx(0.01)
    assert hosted.saving_per_call_usd == pytest.approx(uncached.saving_per_call_usd - 0.01)
    assert capsys.readouterr().out.splitlines()[-1].startswith("never above")


def test_the_cache_and_fee_controls_redraw_and_are_named_by_the_catalogue(monkeypatch):
    monkeypatch.setattr(explorer, "display", lambda *args, **kwargs: None)
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    ui = explorer.explorer(
        Scenario(56, 2000, 55, 11500, calls_per_month=1000),
        ["gpt-4o-mini"],
        descriptions=dict.fromkeys(
            ["instruction_tokens", "answer_tokens", "calls_per_month", "model", "yen_per_usd"], "d"
        ),
        fallback="static",
        **{k: v for k, v in OPTIONS.items() if k != "fixed"},
    )
    *controls, out = ui.children
    rate, fee = controls[5], controls[6]
    assert (rate.description, fee.description) == ("キャッシュヒット率", "ホスティング料金(月額USD)")
    assert (rate.min, rate.max, fee.min) == (0, 1, 0)

    def stdout() -> str:
        return "".join(o.get("text", "") for o in out.outputs if o["output_type"] == "stream")

    assert stdout() == "pays after 133.4 in 0.13 months\n"
    rate.value = 1.0
    assert stdout() == "pays after 301.0 in 0.30 months\n"
    fee.value = 1000.0  # $1 a call at 1,000 calls a month
    assert stdout().startswith("never above")
