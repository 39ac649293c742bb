"""Notebook 04's verdicts come from the recorded answers: change one answer and the verdict changes."""

from __future__ import annotations

import json
import shutil

import yaml

from conftest import REPO
from helpers import openai_client
from helpers.evaluation import evaluate, post_style_table

DATA_DIR = REPO / "data"

SHIPPED = DATA_DIR / "recordings" / "04_evaluation.yaml"
FINE_TUNED = json.loads((DATA_DIR / "runs" / "replay" / "fine_tuned_model.json").read_text())["fine_tuned_model"]


def _verdicts(recordings) -> dict:
    client = openai_client.client("04_evaluation", mode="replay")
    frame = evaluate(client, ["gpt-4o-mini", FINE_TUNED], [(30, 20)], ["short", "long"])
    return post_style_table(frame[frame["prompt style"] == "short"]).to_dict()


def _break_fine_tuned_short_answer(path) -> None:
    cassette = yaml.safe_load(path.read_text(encoding="utf-8"))
    for interaction in cassette["interactions"]:
        request = json.loads(interaction["request"]["body"] or "{}")
        if request.get("model") == FINE_TUNED and not request["messages"][-1]["content"].startswith("# 指示"):
            body = json.loads(interaction["response"]["body"]["string"])
            content = body["choices"][0]["message"]["content"]
            body["choices"][0]["message"]["content"] = content.replace("0.2000", "0.2100")
            interaction["response"]["body"]["string"] = json.dumps(body, ensure_ascii=False)
    path.write_text(yaml.safe_dump(cassette, allow_unicode=True), encoding="utf-8")


def test_changing_one_recorded_answer_changes_the_verdict(recordings):
    shutil.copy(SHIPPED, recordings / "04_evaluation.yaml")
    assert _verdicts(recordings)[FINE_TUNED] == {"知識の精度": "○", "表現の精度": "○"}
    _break_fine_tuned_short_answer(recordings / "04_evaluation.yaml")
    assert _verdicts(recordings)[FINE_TUNED] == {"知識の精度": "×", "表現の精度": "○"}
