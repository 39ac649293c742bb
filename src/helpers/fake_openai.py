"""A loopback stand-in for the OpenAI API, used to author the shipped recordings and to test recording.

It serves the post's flow: file upload, a fine-tuning job that moves through its statuses,
its events and result file, and chat completions. Every response body is written to the
shape of the SDK's own types; the figures follow the post (prompt_tokens 56 and 246, 10
examples, 10 epochs). It also sends the headers a real response carries (organisation,
project, request id, cookies), so tests can prove recording scrubs them. It binds to
127.0.0.1 only and shuts itself down after `lifetime` seconds.
"""

from __future__ import annotations

import base64
import json
import math
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from .balance_shift import analyze
from .dataset import read_jsonl_text
from .tokens import count_chat_tokens, count_text_tokens, estimate_training

# Fake ids shaped like real ones, assembled at run time so no key-shaped literal sits in the repository.
FAKE_ORGANIZATION = "org-" + "FAKE" * 6
FAKE_PROJECT = "proj_" + "FAKE" * 6
BASE_MODEL = "gpt-4o-mini-2024-07-18"
CREATED_AT = 1733184000  # 2024-12-03 00:00 UTC, the post's date
STATUS_SEQUENCE = ("validating_files", "queued", "running", "running", "succeeded")

# What base gpt-4o-mini says to the short prompt in the post's 精度評価1: it explains a method it
# cannot know and never computes the shift value. Our own wording, in the spirit of the post's screenshot.
BASE_SHORT_ANSWER = (
    "バランスシフト法は、2つの要素の比率を用いてデータセットの偏りを評価する手法です。\n\n"
    "1. 要素1と要素2の比率を求めます: 30 ÷ 20 = 1.5\n"
    "2. 比率が1より大きいため、データセットは要素1側にシフトしています。\n"
    "3. シフトの度合いは (1.5 - 1) × 100 = 50% です。\n\n"
    "結論: このデータセットは要素1に50%偏っており、バランスを取るには要素2を増やすことが推奨されます。"
)


def _answer_for(model: str, messages: list[dict]) -> str:
    prompt = messages[-1]["content"]
    numbers = re.search(r"要素1: (\d+)、要素2: (\d+)", prompt)
    a, b = (int(numbers.group(1)), int(numbers.group(2))) if numbers else (30, 20)
    if model.startswith("ft:"):
        return analyze(a, b)
    if prompt.startswith("# 指示"):  # the long prompt asks for "・" bullets, and the base model follows it
        return analyze(a, b).replace("\n- ", "\n・ ")
    return BASE_SHORT_ANSWER


@dataclass
class Scenario:
    """What the stand-in does: the job's final status, and transient errors to inject while polling."""

    outcome: str = "succeeded"  # or "failed"
    transient_errors: list[int] = field(default_factory=list)  # e.g. [503, 429]: served before polls succeed


@dataclass
class _State:
    scenario: Scenario
    files: dict[str, dict] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, dict] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)


def _file_object(file_id: str, filename: str, size: int, purpose: str) -> dict:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": CREATED_AT,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
        "expires_at": None,
        "status_details": None,
    }


def _result_csv(steps: int) -> bytes:
    rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
    for step in range(1, steps + 1):
        loss = 1.9 * math.exp(-step / 12) + 0.015 + 0.04 * abs(math.sin(step * 1.7)) * math.exp(-step / 40)
        accuracy = min(1.0, 0.55 + 0.45 * (1 - math.exp(-step / 15)))
        rows.append(f"{step},{loss:.5f},{accuracy:.5f},,")
    return base64.b64encode(("\n".join(rows) + "\n").encode())  # the API serves result files base64-encoded


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("openai-organization", FAKE_ORGANIZATION)
        self.send_header("openai-project", FAKE_PROJECT)
        self.send_header("x-request-id", "req_fake0123456789abcdef")
        self.send_header("set-cookie", "__cf_bm=fake-session-cookie; path=/; HttpOnly")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, payload: dict, status: int = 200) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode())

    def _error(self, status: int, message: str, code: str | None = None) -> None:
        self._json(
            {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}, status
        )

    def _authorised(self) -> bool:
        if not self.headers.get("Authorization", "").startswith("Bearer sk-"):
            self._error(401, "Incorrect API key provided.", "invalid_api_key")
            return False
        return True

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.server.state
        headers = {name.lower(): value for name, value in self.headers.items()}
        state.requests.append({"method": method, "path": url.path, "headers": headers, "body": body})
        if not self._authorised():
            return
        routes = [
            ("POST", r"/v1/files", self._upload),
            ("GET", r"/v1/files/(?P<id>[^/]+)/content", self._file_content),
            ("POST", r"/v1/fine_tuning/jobs", self._create_job),
            ("GET", r"/v1/fine_tuning/jobs", self._list_jobs),
            ("GET", r"/v1/fine_tuning/jobs/(?P<id>[^/]+)", self._retrieve_job),
            ("GET", r"/v1/fine_tuning/jobs/(?P<id>[^/]+)/events", self._events),
            ("POST", r"/v1/chat/completions", self._chat),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, url.path)
            if match and route_method == method:
                handler(body=body, query=parse_qs(url.query), **match.groupdict())
                return
        self._error(404, f"Invalid URL ({method} {url.path})")

    def _upload(self, body: bytes, query: dict) -> None:
        state = self.server.state
        content_type = self.headers["Content-Type"]
        boundary = content_type.split("boundary=", 1)[1].encode()
        parts = body.split(b"--" + boundary)
        fields = {}
        for part in parts:
            head, _, value = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]+)"', head)
            if name:
                filename = re.search(rb'filename="([^"]+)"', head)
                fields[name.group(1).decode()] = (filename.group(1).decode() if filename else None, value[:-2])
        filename, content = fields["file"]
        file_id = f"file-authored{len(state.files) + 1:04d}"
        state.contents[file_id] = content
        state.files[file_id] = _file_object(file_id, filename, len(content), fields["purpose"][1].decode())
        self._json(state.files[file_id])

    def _file_content(self, body: bytes, query: dict, id: str) -> None:
        content = self.server.state.contents.get(id)
        if content is None:
            self._error(404, f"No such File object: {id}")
        else:
            self._send(200, content, "application/octet-stream")

    def _create_job(self, body: bytes, query: dict) -> None:
        state = self.server.state
        request = json.loads(body)
        training = state.contents.get(request["training_file"])
        if training is None:
            self._error(400, f"invalid training_file: {request['training_file']}", "invalid_file")
            return
        examples = read_jsonl_text(training.decode())
        estimate = estimate_training(examples)
        job_id = f"ftjob-authored{len(state.jobs) + 1:04d}"
        hyper = {"n_epochs": estimate.epochs, "batch_size": 1, "learning_rate_multiplier": 1.8}
        state.jobs[job_id] = {
            "id": job_id,
            "object": "fine_tuning.job",
            "created_at": CREATED_AT,
            "error": None,
            "fine_tuned_model": None,
            "finished_at": None,
            "hyperparameters": hyper,
            "model": request["model"],
            "organization_id": FAKE_ORGANIZATION,
            "result_files": [],
            "seed": request.get("seed", 20241203),
            "status": STATUS_SEQUENCE[0],
            "trained_tokens": None,
            "training_file": request["training_file"],
            "validation_file": request.get("validation_file"),
            "estimated_finish": None,
            "integrations": [],
            "metadata": request.get("metadata"),
            "_suffix": request.get("suffix"),
            "method": {"type": "supervised", "supervised": {"hyperparameters": hyper}},
            "_steps": estimate.epochs * len(examples),
            "_trained_tokens": estimate.trained_tokens,
        }
        state.polls[job_id] = 0
        self._json(self._public(state.jobs[job_id]))

    @staticmethod
    def _public(job: dict) -> dict:
        return {k: v for k, v in job.items() if not k.startswith("_")}

    def _list_jobs(self, body: bytes, query: dict) -> None:
        wanted = {k[len("metadata[") : -1]: v[0] for k, v in query.items() if k.startswith("metadata[")}
        jobs = [
            self._public(j)
            for j in self.server.state.jobs.values()
            if all((j.get("metadata") or {}).get(k) == v for k, v in wanted.items())
        ]
        self._json({"object": "list", "data": jobs[::-1], "has_more": False})

    def _retrieve_job(self, body: bytes, query: dict, id: str) -> None:
        state = self.server.state
        job = state.jobs.get(id)
        if job is None:
            self._error(404, f"Could not find fine-tune: {id}")
            return
        if state.scenario.transient_errors:
            self._error(state.scenario.transient_errors.pop(0), "The server is overloaded, please retry.")
            return
        state.polls[id] += 1
        status = STATUS_SEQUENCE[min(state.polls[id] - 1, len(STATUS_SEQUENCE) - 1)]
        if status == "succeeded" and state.scenario.outcome == "failed":
            status = "failed"
        job["status"] = status
        if status == "running":
            job["estimated_finish"] = CREATED_AT + 900
        if status in ("succeeded", "failed"):
            job["finished_at"] = CREATED_AT + 780
            job["estimated_finish"] = None
        if status == "succeeded" and not job["result_files"]:
            suffix = job["_suffix"] or "ft"
            job["fine_tuned_model"] = f"ft:{job['model']}:personal:{suffix}:authored"
            job["trained_tokens"] = job["_trained_tokens"]
            result_id = f"file-authoredresult{len(state.files) + 1:04d}"
            csv = _result_csv(job["_steps"])
            state.contents[result_id] = csv
            state.files[result_id] = _file_object(result_id, "step_metrics.csv", len(csv), "fine-tune-results")
            job["result_files"] = [result_id]
        if status == "failed":
            job["error"] = {
                "code": "invalid_training_file",
                "message": "The job failed due to an invalid training file.",
                "param": "training_file",
            }
        self._json(self._public(job))

    def _events(self, body: bytes, query: dict, id: str) -> None:
        job = self.server.state.jobs[id]
        messages = [
            ("info", "message", f"Validating training file: {job['training_file']}", None),
            ("info", "message", "Files validated, moving job to queued state", None),
            ("info", "message", "Fine-tuning job started", None),
        ]
        steps = job["_steps"]
        losses = base64.b64decode(_result_csv(steps)).decode().splitlines()[1:]
        for step in (1, steps // 2, steps):
            loss = float(losses[step - 1].split(",")[1])
            messages.append(
                (
                    "info",
                    "metrics",
                    f"Step {step}/{steps}: training loss={loss:.2f}",
                    {"step": step, "train_loss": loss, "total_steps": steps},
                )
            )
        if job["status"] == "succeeded":
            messages += [
                ("info", "message", f"New fine-tuned model created: {job['fine_tuned_model']}", None),
                ("info", "message", "The job has successfully completed", None),
            ]
        elif job["status"] == "failed":
            messages.append(("error", "message", job["error"]["message"], None))
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
            for i, (level, kind, text, data) in enumerate(messages, 1)
        ]
        self._json({"object": "list", "data": events[::-1], "has_more": False})  # newest first, as the API does

    def _chat(self, body: bytes, query: dict) -> None:
        request = json.loads(body)
        answer = _answer_for(request["model"], request["messages"])
        prompt_tokens = count_chat_tokens(request["messages"])
        completion_tokens = count_text_tokens(answer)
        model = request["model"] if request["model"].startswith("ft:") else BASE_MODEL
        self._json(
            {
                "id": f"chatcmpl-authored{len(self.server.state.requests):04d}",
                "object": "chat.completion",
                "created": CREATED_AT + 3600,
                "model": model,
                "system_fingerprint": "fp_authored",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "logprobs": None,
                        "message": {"role": "assistant", "content": answer, "refusal": None, "annotations": []},
                    }
                ],
                "usage": {
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
                },
                "service_tier": "default",
            }
        )


class _Server(ThreadingHTTPServer):
    state: _State


class FakeOpenAI:
    """`with FakeOpenAI() as fake:` serves on fake.base_url until the block ends (or `lifetime` runs out)."""

    def __init__(self, scenario: Scenario | None = None, lifetime: float = 300.0) -> None:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.state = _State(scenario or Scenario())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._deadline = threading.Timer(lifetime, self.server.shutdown)
        self._deadline.daemon = True

    @property
    def requests(self) -> list[dict]:
        """Every request received: method, path, headers and body."""
        return self.server.state.requests

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        self._deadline.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._deadline.cancel()
        self.server.shutdown()
        self.server.server_close()
