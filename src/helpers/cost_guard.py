"""The cost guard: every paid request is priced from what will be sent, needs an explicit yes and a finite budget.

A training job is priced from its create request (model, n_epochs or OpenAI's default-epoch rule, the file's
tokens); `take_approval` then lets exactly that request be sent, once. Chat calls are priced with every answer
at its token cap. Replay costs nothing and needs no approval.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from numbers import Integral, Real

import openai

from . import settings
from .costs import call_cost_usd, training_cost_usd
from .errors import ExplainedError
from .messages import say
from .openai_client import session_of
from .prompts import chat_messages
from .tokens import MAX_EPOCHS, MIN_EPOCHS, TrainingEstimate, count_chat_tokens, default_epochs

MAX_ANSWER_TOKENS = 400  # a cap on every answer: the post's answers take ~100 tokens, an explanation a few hundred
MAX_BUDGET_USD = Decimal(10) ** 12  # the same ceiling as FINETUNE_BUDGET_USD's 12 digits


class CostNotApproved(ExplainedError, RuntimeError):
    """A paid job was not started: no explicit yes, no budget, or over the budget."""


def hyperparameters(method: Mapping | None) -> tuple[str, dict]:
    """A request's method type and its hyperparameters (supervised unless the method says otherwise).

    A method, its settings or its hyperparameters that are not dicts stop here with CostNotApproved: nothing that
    cannot be priced is sent.
    """
    method = _mapping(method, "method")
    kind = str(method.get("type", "supervised"))
    settings_of_kind = _mapping(method.get(kind), f"method.{kind}")
    return kind, dict(_mapping(settings_of_kind.get("hyperparameters"), f"method.{kind}.hyperparameters"))


def _mapping(value: object, field: str) -> Mapping:
    """`value` when it is a dict (None or empty reads as {}), else CostNotApproved naming the request's field."""
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise CostNotApproved(say("fine_tuning.bad_request_field", field=field, got=type(value).__name__))
    return value


def _whole(value: object) -> bool:
    """A whole real number (3 and 3.0, not True, "3", NaN or inf), judged without raising."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return False
    try:
        return int(value) == value
    except (OverflowError, ValueError):
        return False


def _checked_budget(budget_usd: object) -> Decimal | None:
    """The budget argument as a Decimal, judged by value: NaN (quiet or signalling), inf, huge or <= 0 refused."""
    if budget_usd is None:
        return settings.budget_usd()
    if isinstance(budget_usd, bool) or not isinstance(budget_usd, (Real, Decimal)):
        raise CostNotApproved(say("fine_tuning.budget_not_a_number", budget=budget_usd))
    try:
        if isinstance(budget_usd, Decimal):
            budget = budget_usd
        elif isinstance(budget_usd, Integral):
            budget = Decimal(int(budget_usd))
        else:
            budget = Decimal(repr(float(budget_usd)))
    except (OverflowError, InvalidOperation, ValueError):
        budget = Decimal("NaN")
    if budget.is_nan() or not budget.is_finite() or not Decimal(0) < budget <= MAX_BUDGET_USD:
        raise CostNotApproved(say("fine_tuning.budget_not_positive", budget=budget_usd, maximum=MAX_BUDGET_USD))
    return budget


@dataclass(frozen=True)
class PricedRequest:
    """What the cost guard priced: the model and epochs of a create request, and its trained tokens."""

    model: str
    epochs: int
    trained_tokens: int


def price_request(estimate: TrainingEstimate, request: Mapping) -> PricedRequest:
    """The billed tokens of this create request: its model, and its n_epochs or OpenAI's default-epoch rule."""
    kind, hyper = hyperparameters(request.get("method"))
    if kind != "supervised":
        raise CostNotApproved(say("fine_tuning.method_not_priced", kind=kind))
    top = _mapping(request.get("hyperparameters"), "hyperparameters")  # the older top-level form counts as well
    if "n_epochs" in top and "n_epochs" in hyper:  # which one OpenAI bills is not documented: price neither
        raise CostNotApproved(say("fine_tuning.epochs_twice", kind=kind))
    epochs = {**top, **hyper}.get("n_epochs", "auto")
    if isinstance(epochs, str) and epochs == "auto":
        epochs = default_epochs(len(estimate.tokens_per_example))
    elif not _whole(epochs):
        raise CostNotApproved(say("fine_tuning.bad_epochs", epochs=epochs, low=MIN_EPOCHS, high=MAX_EPOCHS))
    epochs = int(epochs)
    if not MIN_EPOCHS <= epochs <= MAX_EPOCHS:
        raise CostNotApproved(say("fine_tuning.bad_epochs", epochs=epochs, low=MIN_EPOCHS, high=MAX_EPOCHS))
    return PricedRequest(str(request.get("model")), epochs, estimate.tokens_per_epoch * epochs)


_approved: weakref.WeakKeyDictionary[openai.OpenAI, list[str]] = weakref.WeakKeyDictionary()


def _fingerprint(request: Mapping) -> str:
    """The request as sent, minus the uploaded file's id (not known when the cost is approved)."""
    kept = {k: v for k, v in request.items() if k not in ("training_file", "validation_file", "timeout")}
    return json.dumps(kept, sort_keys=True, default=str)


def approve_training_cost(
    client: openai.OpenAI,
    estimate: TrainingEstimate,
    model: str | Mapping,
    confirm: bool | None = None,
    budget_usd: float | Decimal | None = None,
) -> float:
    """Show the estimated cost; unless replaying, require an explicit yes and a budget that covers it.

    Give the create request itself (the kwargs of `client.fine_tuning.jobs.create`) as `model`: its model
    and n_epochs are what is priced, and `create_job_once` then sends exactly that request, once.
    """
    request = model if isinstance(model, Mapping) else {"model": model}
    priced = price_request(estimate, request)
    cost = training_cost_usd(priced.trained_tokens, priced.model)
    print(
        say(
            "fine_tuning.estimate",
            cost=cost,
            trained=priced.trained_tokens,
            per_epoch=estimate.tokens_per_epoch,
            epochs=priced.epochs,
            model=priced.model,
        )
    )
    _require_approval(client, cost, confirm, budget_usd)
    _approved.setdefault(client, []).append(_fingerprint(request))
    return cost


def _require_approval(client: openai.OpenAI, cost: float, confirm: bool | None, budget_usd: object) -> None:
    """Replay costs nothing; otherwise an explicit yes and a finite budget that covers `cost`, or CostNotApproved."""
    if session_of(client).mode == "replay":
        print(say("fine_tuning.replay_is_free"))
        return
    budget = _checked_budget(budget_usd)
    if not (confirm if confirm is not None else settings.confirmed()):
        raise CostNotApproved(say("fine_tuning.needs_yes", variable=settings.CONFIRM))
    if budget is None:
        raise CostNotApproved(say("fine_tuning.needs_budget", variable=settings.BUDGET))
    if Decimal(repr(cost)) > budget:
        raise CostNotApproved(say("fine_tuning.over_budget", cost=cost, budget=budget))
    print(say("fine_tuning.approved", budget=budget))


def approve_evaluation_cost(
    client: openai.OpenAI,
    models: Sequence[str],
    pairs: Sequence[tuple],
    styles: Sequence[str],
    confirm: bool | None = None,
    budget_usd: float | Decimal | None = None,
) -> float:
    """Price the chat calls `evaluate` will make (prompt tokens counted, each answer at its token cap); approve them.

    The same yes and budget as a training job: FINETUNE_CONFIRM and FINETUNE_BUDGET_USD, or the arguments.
    """
    calls = [(model, chat_messages(a, b, style)) for model in models for style in styles for a, b in pairs]
    cost = sum(
        call_cost_usd(model, count_chat_tokens(messages), MAX_ANSWER_TOKENS, fine_tuned=model.startswith("ft:"))
        for model, messages in calls
    )
    print(say("fine_tuning.evaluation_estimate", calls=len(calls), cost=cost, answer=MAX_ANSWER_TOKENS))
    _require_approval(client, cost, confirm, budget_usd)
    _approved.setdefault(client, []).append(_calls_fingerprint(models, pairs, styles))
    return cost


def _calls_fingerprint(models: Sequence[str], pairs: Sequence[tuple], styles: Sequence[str]) -> str:
    """The chat calls `evaluate` makes for these arguments, as one string (tuples and lists alike)."""
    calls = ["evaluate", [str(m) for m in models], [[str(n) for n in pair] for pair in pairs], [str(s) for s in styles]]
    return json.dumps(calls)


def take_evaluation_approval(
    client: openai.OpenAI, models: Sequence[str], pairs: Sequence[tuple], styles: Sequence[str]
) -> None:
    """Unless replaying, use up the approval of exactly these chat calls, or stop with CostNotApproved: no paid
    call is sent that approve_evaluation_cost has not priced and the reader has not said yes to."""
    if session_of(client).mode == "replay":
        return
    approvals = _approved.get(client, [])
    fingerprint = _calls_fingerprint(models, pairs, styles)
    if fingerprint not in approvals:
        raise CostNotApproved(say("fine_tuning.evaluation_not_priced"))
    approvals.remove(fingerprint)


def take_approval(client: openai.OpenAI, request: Mapping) -> None:
    """Use up the approval of this very request (file ids aside), or stop with CostNotApproved: one job per yes."""
    approvals = _approved.get(client, [])
    if _fingerprint(request) not in approvals:
        raise CostNotApproved(say("fine_tuning.not_priced"))
    approvals.remove(_fingerprint(request))
