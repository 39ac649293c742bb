"""What the loopback stand-in answers for chat completions (the post's two conversations, authored) and job events.

A fine-tuned model, or the base model given the long instruction prompt, answers right; the base
model given the short prompt explains a method it cannot know, as in the post's 精度評価1.
"""

from __future__ import annotations

import base64
import json

from helpers.balance_shift import analyze, prompt_numbers
from helpers.prices import snapshot
from helpers.tokens import count_chat_tokens, count_text_tokens

from .stand_in_api import CREATED_AT, Reply, State, reply, result_csv

# What base gpt-4o-mini says to the short prompt in the post's 精度評価1: it explains a method it
# cannot know and never computes the shift value. Our own wording, in the spirit of the post's screenshot.
BASE_SHORT_ANSWER = (
    "バランスシフト法は、2つの要素の比率を用いてデータセットの偏りを評価する手法です。\n\n"
    "1. 要素1と要素2の比率を求めます: 30 ÷ 20 = 1.5\n"
    "2. 比率が1より大きいため、データセットは要素1側にシフトしています。\n"
    "3. シフトの度合いは (1.5 - 1) × 100 = 50% です。\n\n"
    "結論: このデータセットは要素1に50%偏っており、バランスを取るには要素2を増やすことが推奨されます。"
)


def answer_for(model: str, messages: list[dict]) -> str:
    """The authored answer: right for a fine-tuned model or the long prompt, the post's failure otherwise."""
    prompt = messages[-1]["content"]
    a, b = prompt_numbers(prompt) or (30, 20)
    if model.startswith("ft:"):
        return analyze(a, b)
    if prompt.startswith("# 指示"):  # the long prompt asks for "・" bullets, and the base model follows it
        return analyze(a, b).replace("\n- ", "\n・ ")
    return BASE_SHORT_ANSWER


def _usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def chat(state: State, headers: dict, body: bytes, query: dict) -> Reply:
    request = json.loads(body)
    answer = answer_for(request["model"], request["messages"])
    message = {"role": "assistant", "content": answer, "refusal": None, "annotations": []}
    return reply(
        {
            "id": f"chatcmpl-authored{len(state.requests):04d}",
            "object": "chat.completion",
            "created": CREATED_AT + 3600,
            "model": request["model"] if request["model"].startswith("ft:") else snapshot(request["model"]),
            "system_fingerprint": "fp_authored",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": message}],
            "usage": _usage(count_chat_tokens(request["messages"]), count_text_tokens(answer)),
            "service_tier": "default",
        }
    )


def _event_messages(job: dict) -> list[tuple[str, str, str, dict | None]]:
    messages = [
        ("info", "message", f"Validating training file: {job['training_file']}", None),
        ("info", "message", "Files validated, moving job to queued state", None),
        ("info", "message", "Fine-tuning job started", None),
    ]
    steps = job["_steps"]
    losses = base64.b64decode(result_csv(steps)).decode().splitlines()[1:]
    for step in (1, steps // 2, steps):
        loss = float(losses[step - 1].split(",")[1])
        data = {"step": step, "train_loss": loss, "total_steps": steps}
        messages.append(("info", "metrics", f"Step {step}/{steps}: training loss={loss:.2f}", data))
    if job["status"] == "succeeded":
        messages += [
            ("info", "message", f"New fine-tuned model created: {job['fine_tuned_model']}", None),
            ("info", "message", "The job has successfully completed", None),
        ]
    elif job["status"] == "failed":
        messages.append(("error", "message", job["error"]["message"], None))
    return messages


def events(state: State, headers: dict, body: bytes, query: dict, id: str) -> Reply:
    events = [
        {
            "id": f"ftevent-authored{i:04d}",
            "object": "fine_tuning.job.event",
            "created_at": CREATED_AT + 60 * i,
            "level": level,
            "message": text,
            "data": data,
            "type": kind,
        }
        for i, (level, kind, text, data) in enumerate(_event_messages(state.jobs[id]), 1)
    ]
    return reply({"object": "list", "data": events[::-1], "has_more": False})  # newest first, as the API does
