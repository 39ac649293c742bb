"""Safety, second round, against a loopback OpenAI that misbehaves on purpose: one paid job whatever the network
does, the create request itself priced, only our own job reused, waits that end, nothing leaked or destroyed."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import openai
import pytest
import yaml
from notebook_code import run_notebook_code

from conftest import FAKE_KEY, REPO, stand_in
from helpers import fine_tuning, openai_client, project
from helpers.dataset import article_examples, to_jsonl, write_jsonl
from helpers.errors import ExplainedError, RecordingError, SettingError
from helpers.evaluation import MAX_ANSWER_TOKENS
from helpers.fine_tuning import CostNotApproved, JobMayExist, approve_training_cost, create_job_once, wait_for_job
from helpers.live_errors import explain
from helpers.replay.cassettes import check_recording
from helpers.tokens import TrainingEstimate
from helpers.training_results import MODEL_FILE, save_fine_tuned_model
from tools.stand_in import FakeOpenAI, Scenario

NOTEBOOK_03 = REPO / "notebooks" / "03_fine_tuning.ipynb"
MODEL = "gpt-4o-mini-2024-07-18"
ESTIMATE = TrainingEstimate([115] * 10, 10)  # the post's file: 1,150 tokens an epoch, 10 epochs by the default rule


def _run_03(monkeypatch) -> dict:
    monkeypatch.setenv("FINETUNE_MODE", "live")
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "0.10")
    return run_notebook_code(NOTEBOOK_03, monkeypatch)


def _creates(fake: FakeOpenAI) -> int:
    return sum(1 for r in fake.requests if r["method"] == "POST" and r["path"] == "/v1/fine_tuning/jobs")


def _uploads(fake: FakeOpenAI) -> int:
    return sum(1 for r in fake.requests if r["method"] == "POST" and r["path"] == "/v1/files")


# --- at most one job per approval, whatever the network does ---------------------------------------------


def test_a_500_after_creating_buys_one_job_says_so_and_the_rerun_reuses_it(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(create_error=500)) as fake:
        with pytest.raises(JobMayExist, match="ftjob-authored0001") as caught:
            _run_03(monkeypatch)
        assert "Run this cell again" in str(caught.value)
        assert (_creates(fake), len(fake.server.state.jobs)) == (1, 1)  # the SDK's retries would have bought 3
        fake.server.state.scenario.create_error = None
        assert _run_03(monkeypatch)["job"].id == "ftjob-authored0001"
        assert _creates(fake) == 1


def test_a_slow_create_times_out_once_and_is_looked_up_not_resent(recordings, monkeypatch):
    monkeypatch.setattr(fine_tuning, "CREATE_TIMEOUT_SECONDS", 0.3)
    with stand_in(monkeypatch, Scenario(create_delay=1.5)) as fake:
        with pytest.raises(JobMayExist, match="no answer within the time limit"):
            _run_03(monkeypatch)
        assert _creates(fake) == 1
        assert [r["path"] for r in fake.requests].count("/v1/fine_tuning/jobs") >= 2  # the create, then a lookup


def test_the_live_client_has_a_request_timeout(fake_openai):
    assert openai_client.client("03_fine_tuning", mode="live").timeout == openai_client.LIVE_TIMEOUT_SECONDS


def test_a_500_on_upload_is_not_retried_and_is_explained(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(upload_error=500)) as fake:
        with pytest.raises(openai.InternalServerError) as caught:
            _run_03(monkeypatch)
        assert _uploads(fake) == 1 and _creates(fake) == 0  # the SDK's default retries would have stored 3 files
    assert "500" in explain(caught.value) and "once" in explain(caught.value)


def test_a_request_nobody_priced_is_never_sent(fake_openai):
    client = openai_client.client("03_fine_tuning", mode="live")
    approved = {"model": MODEL, "metadata": {"dataset_sha256": "a" * 64}}
    approve_training_cost(client, ESTIMATE, approved, confirm=True, budget_usd=1)
    changed = {**approved, "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 50}}}}
    with pytest.raises(CostNotApproved, match="not priced"):
        create_job_once(client, training_file="file-x", **changed)
    assert _creates(fake_openai) == 0


def test_one_approval_buys_one_job(fake_openai):
    client = openai_client.client("03_fine_tuning", mode="live")
    request = {"model": MODEL, "metadata": {"dataset_sha256": "a" * 64}}
    approve_training_cost(client, ESTIMATE, request, confirm=True, budget_usd=1)
    with (REPO / "data" / "article_train.jsonl").open("rb") as handle:
        uploaded = client.files.create(file=handle, purpose="fine-tune")
    create_job_once(client, training_file=uploaded.id, **request)
    with pytest.raises(CostNotApproved, match="not priced"):
        create_job_once(client, training_file=uploaded.id, **request)
    assert _creates(fake_openai) == 1


# --- price what is sent -------------------------------------------------------------------------------------


def test_fifty_epochs_are_priced_as_fifty_and_refused_under_the_budget(fake_openai, capsys):
    client = openai_client.client("03_fine_tuning", mode="live")
    request = {"model": MODEL, "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 50}}}}
    with pytest.raises(CostNotApproved, match=r"above the budget \$0.10"):
        approve_training_cost(client, ESTIMATE, request, confirm=True, budget_usd=Decimal("0.10"))
    assert "57500 trained tokens = 1150 per epoch × 50 epochs" in capsys.readouterr().out
    auto = {**request, "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": "auto"}}}}
    assert approve_training_cost(client, ESTIMATE, auto, confirm=True, budget_usd=Decimal("0.10")) < 0.10


@pytest.mark.parametrize(
    ("method", "why"),
    [
        ({"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 0}}}, "n_epochs=0"),
        ({"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": float("nan")}}}, "n_epochs=nan"),
        ({"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": "many"}}}, "n_epochs='many'"),
        ({"type": "dpo", "dpo": {}}, "'dpo'"),
        ({"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": float("inf")}}}, "n_epochs=inf"),
        ("supervised", r"method in the create request must be a dict \(got str\)"),
        ({"type": "supervised", "supervised": "n_epochs=3"}, "method.supervised in the create request"),
        ({"type": "supervised", "supervised": {"hyperparameters": [3]}}, "method.supervised.hyperparameters in"),
    ],
)
def test_a_request_the_guard_cannot_price_is_refused(fake_openai, method, why):
    client = openai_client.client("03_fine_tuning", mode="live")
    with pytest.raises(CostNotApproved, match=why):
        approve_training_cost(client, ESTIMATE, {"model": MODEL, "method": method}, confirm=True, budget_usd=1)


def test_n_epochs_in_two_places_is_refused_not_priced_at_the_smaller(fake_openai):
    """The older top-level hyperparameters beside the method's: pricing the method's 1 could bill the other's 50."""
    client = openai_client.client("03_fine_tuning", mode="live")
    method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 1}}}
    request = {"model": MODEL, "method": method, "hyperparameters": {"n_epochs": 50}}
    with pytest.raises(CostNotApproved, match="n_epochs is given twice"):
        approve_training_cost(client, ESTIMATE, request, confirm=True, budget_usd=1)


@pytest.mark.parametrize("budget", [Decimal("sNaN"), Decimal("NaN"), 10**400, Decimal("1e400"), -(10**400)])
def test_absurd_budgets_get_one_message(fake_openai, budget):
    client = openai_client.client("03_fine_tuning", mode="live")
    with pytest.raises(CostNotApproved, match="budget_usd="):
        approve_training_cost(client, ESTIMATE, MODEL, confirm=True, budget_usd=budget)


# --- reuse only what is ours ----------------------------------------------------------------------------------


def test_a_server_that_ignores_the_filter_never_hands_us_another_datasets_job(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(ignore_filters=True)) as fake:
        foreign = fake.add_job(MODEL, {"dataset_sha256": "0" * 64})
        job = _run_03(monkeypatch)["job"]
        assert job.id != foreign["id"] and _creates(fake) == 1


def test_our_running_job_on_page_two_is_found(recordings, monkeypatch):
    with stand_in(monkeypatch, Scenario(page_size=1, ignore_filters=True)) as fake:
        first = _run_03(monkeypatch)["job"]
        for _ in range(3):  # newer jobs of other datasets push ours to page 4
            fake.add_job(MODEL, {"dataset_sha256": "0" * 64})
        fake.server.state.jobs[first.id]["status"] = "running"
        again = _run_03(monkeypatch)["job"]
        assert again.id == first.id and _creates(fake) == 1


def test_a_job_with_other_epochs_is_not_reused(fake_openai):
    client = openai_client.client("03_fine_tuning", mode="live")
    fake_openai.add_job(MODEL, {"dataset_sha256": "a" * 64})  # trained with the default 10 epochs
    other = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}
    assert fine_tuning.find_existing_job(client, "a" * 64, MODEL, other) is None
    assert fine_tuning.find_existing_job(client, "a" * 64, MODEL, None) is not None


def test_the_lock_is_shared_by_every_clone_on_the_machine(fake_openai, tmp_path, monkeypatch):
    client = openai_client.client("03_fine_tuning", mode="live")
    with fine_tuning.one_job_at_a_time(client, "b" * 64, MODEL):
        held = sorted(p.name for p in fine_tuning.LOCK_FOLDER.glob(f"job-{MODEL}-{'b' * 16}.lock"))
    assert held == [f"job-{MODEL}-{'b' * 16}.lock"]
    assert not (tmp_path / "data" / "runs").exists()  # nothing inside this clone


# --- waiting ends ---------------------------------------------------------------------------------------------


def test_a_job_that_never_finishes_stops_at_the_wait_limit_with_how_to_reattach(recordings, monkeypatch, capsys):
    with stand_in(monkeypatch, Scenario(never_finish=True)):
        monkeypatch.setenv("FINETUNE_MAX_WAIT_MINUTES", "30")
        monkeypatch.setenv("FINETUNE_POLL_SECONDS", "30")  # 60 polls of the stand-in instead of 1,800
        client = openai_client.client("03_fine_tuning", mode="live")
        with (REPO / "data" / "article_train.jsonl").open("rb") as handle:
            uploaded = client.files.create(file=handle, purpose="fine-tune")
        job = client.fine_tuning.jobs.create(model=MODEL, training_file=uploaded.id)
        with pytest.raises(ExplainedError, match=rf"wait_for_job\(client, '{job.id}'\)") as caught:
            wait_for_job(client, job.id)
    assert "30 minutes" in str(caught.value) and "running" in str(caught.value)
    out = capsys.readouterr().out
    assert f"{job.id}: running" in out and "elapsed" in out and "estimated finish 2024-12-03 00:15 UTC" in out
    assert out.count(f"{job.id}: running") <= 30 * 60 / fine_tuning.PROGRESS_EVERY_SECONDS + 1  # not one per poll


@pytest.mark.parametrize("value", ["0", "0.5", "0.01"])
def test_polling_faster_than_once_a_second_is_refused(fake_openai, monkeypatch, value):
    monkeypatch.setenv("FINETUNE_POLL_SECONDS", value)
    with pytest.raises(SettingError, match="FINETUNE_POLL_SECONDS"):
        openai_client.client("03_fine_tuning", mode="live")


@pytest.mark.parametrize("value", [0, 0.5, float("nan"), True])
def test_a_poll_argument_below_a_second_is_refused(fake_openai, value):
    client = openai_client.client("03_fine_tuning", mode="live")
    with pytest.raises(SettingError, match="poll_seconds"):
        wait_for_job(client, "ftjob-x", poll_seconds=value)
    assert not any(r["path"].startswith("/v1/fine_tuning") for r in fake_openai.requests)


# --- no secret leaves -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [FAKE_KEY + "\r", FAKE_KEY + " x", "sk-é" + "x" * 20, " " + FAKE_KEY + "\n"])
def test_a_key_with_whitespace_or_non_ascii_is_refused_without_showing_it(fake_openai, monkeypatch, key):
    monkeypatch.setenv("OPENAI_API_KEY", key)
    with pytest.raises(SettingError, match="OPENAI_API_KEY") as caught:
        openai_client.client("03_fine_tuning", mode="live")
    assert FAKE_KEY not in str(caught.value) and "testFAKE" not in str(caught.value)
    assert fake_openai.requests == []


def test_credentials_in_the_base_url_never_reach_a_recording(fake_openai, recordings, monkeypatch):
    target = recordings / "recorded.yaml"
    monkeypatch.setenv("FINETUNE_RECORD_TO", str(target))
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url.replace("http://", "http://reader:hunter2secret@"))
    client = openai_client.client("03_fine_tuning", mode="record")
    with contextlib.suppress(openai.AuthenticationError):  # httpx sends the userinfo as Basic auth: refused, recorded
        client.fine_tuning.jobs.list(limit=1)
    text = target.read_text(encoding="utf-8")
    assert "/v1/fine_tuning/jobs" in text and "hunter2secret" not in text and "reader@" not in text


def test_the_scrubber_runs_on_the_uri():
    from vcr.request import Request

    from helpers.replay.scrub import scrub_request

    request = scrub_request(Request("GET", f"http://u:p@h/v1/files?key={FAKE_KEY}", b"", {}))
    assert request.uri == "http://h/v1/files?key=sk-scrubbed"


# --- no file destroyed; replay needs no lock and no write ----------------------------------------------------


def test_a_symlinked_run_state_file_is_replaced_not_written_through(project, monkeypatch):
    shutil.copy(REPO / "data" / "recordings" / "03_fine_tuning.yaml", project / "data" / "recordings")
    client = openai_client.client("03_fine_tuning", mode="replay")
    precious = project / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    target = project / "data" / "runs" / "replay" / MODEL_FILE
    target.parent.mkdir(parents=True)
    target.symlink_to(precious)
    job = client.fine_tuning.jobs.retrieve("ftjob-authored0001")
    while job.status != "succeeded":
        job = client.fine_tuning.jobs.retrieve("ftjob-authored0001")
    save_fine_tuned_model(client, job)
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert not target.is_symlink() and "fine_tuned_model" in target.read_text(encoding="utf-8")


def _failing_write(monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    """The file write_beside writes gets half its text, then `failure` (a full disk, Ctrl-C) in the middle."""

    def half_written(*args, **kwargs):
        opened = open(*args, **kwargs)  # noqa: SIM115 (write_beside closes it, as it would the real one)

        def write(text: str) -> int:
            opened.buffer.write(text[: len(text) // 2].encode())
            opened.flush()
            raise failure

        opened.write = write
        return opened

    monkeypatch.setattr(project, "open", half_written, raising=False)  # the module's open, not the builtin


def test_generate_into_a_full_disk_keeps_the_old_file_and_says_which(tmp_path, monkeypatch, capsys):
    from helpers.cli import main

    target = tmp_path / "mine.jsonl"
    target.write_text("my own examples\n", encoding="utf-8")
    _failing_write(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert main(["generate", "--article", "-o", str(target)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"error: {target}: {os.strerror(errno.ENOSPC)}"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine.jsonl"]  # no half-written temporary file left beside it
    assert target.read_text(encoding="utf-8") == "my own examples\n"


def test_a_rewritten_dataset_keeps_its_permissions_and_a_new_one_gets_the_usual_ones(tmp_path):
    private = tmp_path / "private.jsonl"
    private.write_bytes(b"old\n")
    private.chmod(0o640)
    write_jsonl(article_examples(), private)
    assert stat.S_IMODE(private.stat().st_mode) == 0o640  # not widened to what a new file would get
    umask = os.umask(0o027)
    try:
        fresh = write_jsonl(article_examples(), tmp_path / "fresh.jsonl")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # 0666 less the umask, not the temporary file's 0600


def test_a_folder_that_refuses_a_new_file_is_named(tmp_path, monkeypatch, capsys):
    from helpers.cli import main

    opened = os.open

    def read_only_folder(name, flags, *args, **kwargs):  # no new file in tmp_path (root would be let through)
        if Path(name).parent == tmp_path and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(name))
        return opened(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_folder)
    assert main(["generate", "--article", "-o", str(tmp_path / "mine.jsonl")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path}: {os.strerror(errno.EACCES)}"


def test_a_stream_is_written_into_never_replaced(tmp_path):
    pipe, to_null = tmp_path / "pipe", tmp_path / "to-null"
    os.mkfifo(pipe)
    to_null.symlink_to(os.devnull)  # like /dev/stdout, a symlink to a stream: a reader who names one wants it
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_jsonl(article_examples(), pipe)
    reader.join(timeout=10)  # a pipe replaced by a file leaves the reader waiting for a writer that never comes
    assert not reader.is_alive() and stat.S_ISFIFO(pipe.stat().st_mode)
    assert received == [to_jsonl(article_examples()).encode()]
    write_jsonl(article_examples(), to_null)
    assert to_null.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "to-null"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_generate_into_dev_full_names_it(capsys):
    from helpers.cli import main

    assert main(["generate", "--article", "-o", "/dev/full"]) == 2
    assert capsys.readouterr().err.strip() == f"error: /dev/full: {os.strerror(errno.ENOSPC)}"


def test_an_interrupted_dataset_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "train.jsonl"
    target.write_bytes(b"old\n")
    _failing_write(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_jsonl(article_examples(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["train.jsonl"] and target.read_bytes() == b"old\n"


def _tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else b"")
        for p in folder.rglob("*")
    }


def test_replay_runs_from_a_read_only_data_folder_and_writes_nothing_there(tmp_path, monkeypatch):
    root = tmp_path / "clone"
    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("*.lock"))
    for path in [root / "data", *(root / "data").rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = _tree(root / "data")
    monkeypatch.setenv("FINETUNE_PROJECT_ROOT", str(root))
    monkeypatch.setenv("FINETUNE_MODE", "replay")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    try:
        assert run_notebook_code(NOTEBOOK_03, monkeypatch)["job"].status == "succeeded"
        assert _tree(root / "data") == before  # also as root, who may write to read-only folders
    finally:
        for path in [root / "data", *(root / "data").rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


# --- damaged recordings ---------------------------------------------------------------------------------------


def _damaged(recordings: Path, edit) -> Path:
    data = yaml.safe_load((REPO / "data" / "recordings" / "03_fine_tuning.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = recordings / "03_fine_tuning.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda d: d["interactions"][0]["response"]["status"].update(code="OK"), "status code 'OK'"),
        (lambda d: d["interactions"][0]["response"]["status"].update(code=500), "status code 500 .* never recorded"),
        (lambda d: d["interactions"][0]["response"]["status"].update(code=429), "status code 429 .* never recorded"),
        (lambda d: d["interactions"][0]["response"].update(body=["a", "b"]), "body must be a mapping"),
        (lambda d: d["interactions"][0]["response"].update(headers=["a"]), "headers must map"),
    ],
)
def test_a_hand_edited_recording_gets_one_message_naming_it(recordings, edit, why):
    path = _damaged(recordings, edit)
    with pytest.raises(RecordingError, match=why) as caught:
        check_recording(path)
    assert "03_fine_tuning.yaml" in str(caught.value)


def test_a_yaml_alias_bomb_is_refused_before_it_expands(recordings):
    path = recordings / "03_fine_tuning.yaml"
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(20)]
    path.write_text("metadata:\n" + "".join(f"  {line}\n" for line in bomb) + "interactions: []\n", encoding="utf-8")
    with pytest.raises(RecordingError, match="alias") as caught:
        check_recording(path)
    assert "03_fine_tuning.yaml" in str(caught.value) and "line 2" in str(caught.value)


def test_a_huge_recording_is_refused_unread(recordings, monkeypatch):
    path = recordings / "03_fine_tuning.yaml"
    with path.open("wb") as handle:
        handle.truncate(30_000_000)  # sparse: no memory or disk spent
    with pytest.raises(RecordingError, match="larger than"):
        check_recording(path)
    assert os.path.getsize(path) == 30_000_000


# --- tools and functions count ------------------------------------------------------------------------------


def test_tool_definitions_count_toward_the_training_estimate():
    from helpers.dataset import article_examples
    from helpers.tokens import estimate_training

    tool = {"type": "function", "function": {"name": "lookup", "description": "word " * 20_000, "parameters": {}}}
    plain = estimate_training(article_examples())
    with_tools = estimate_training([{**example, "tools": [tool]} for example in article_examples()])
    assert with_tools.tokens_per_epoch - plain.tokens_per_epoch >= 10 * 20_000
    legacy = estimate_training([{**example, "functions": [tool["function"]]} for example in article_examples()])
    assert legacy.tokens_per_epoch - plain.tokens_per_epoch >= 10 * 20_000


# --- notebook 04: every paid call approved, every answer capped, the held-out size capped ----------------------


NOTEBOOK_04 = REPO / "notebooks" / "04_evaluation.ipynb"


def _project_for_04(project: Path, held_out_lines: int) -> None:
    runs = project / "data" / "runs" / "live"
    runs.mkdir(parents=True)
    shutil.copy(REPO / "data" / "runs" / "replay" / MODEL_FILE, runs / MODEL_FILE)
    lines = (REPO / "data" / "generated" / "held_out.jsonl").read_text(encoding="utf-8").splitlines(True)
    (project / "data" / "generated").mkdir()
    (project / "data" / "generated" / "held_out.jsonl").write_text(
        "".join(lines[i % len(lines)] for i in range(held_out_lines)), encoding="utf-8"
    )


def _chats(fake: FakeOpenAI) -> list[dict]:
    return [r for r in fake.requests if r["path"] == "/v1/chat/completions"]


@pytest.mark.parametrize(
    ("environment", "why"),
    [({}, "say yes"), ({"FINETUNE_CONFIRM": "yes"}, "budget"), ({"FINETUNE_BUDGET_USD": "0.0001"}, "say yes")],
)
def test_notebook_04_sends_no_chat_without_yes_and_budget(fake_openai, project, monkeypatch, environment, why):
    _project_for_04(project, 20)
    monkeypatch.setenv("FINETUNE_MODE", "live")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CostNotApproved, match=why):
        run_notebook_code(NOTEBOOK_04, monkeypatch)
    assert _chats(fake_openai) == []


def test_notebook_04_caps_the_held_out_test_and_every_answer(fake_openai, project, monkeypatch, capsys):
    _project_for_04(project, 10_000)
    monkeypatch.setenv("FINETUNE_MODE", "live")
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "1")
    run = run_notebook_code(NOTEBOOK_04, monkeypatch)
    cap = run["MAX_HELD_OUT_PAIRS"]
    chats = _chats(fake_openai)
    assert len(chats) == 4 + cap * 4  # the post's input, then the capped held-out set; 10,000 lines would send 40,004
    assert all(json.loads(r["body"])["max_completion_tokens"] == MAX_ANSWER_TOKENS for r in chats)
    assert f"at most MAX_HELD_OUT_PAIRS = {cap}" in capsys.readouterr().out


def test_the_held_out_test_over_budget_sends_nothing_more(fake_openai, project, monkeypatch):
    _project_for_04(project, 10_000)
    monkeypatch.setenv("FINETUNE_MODE", "live")
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "0.005")  # covers the four calls, not the 200 held-out ones
    with pytest.raises(CostNotApproved, match="above the budget"):
        run_notebook_code(NOTEBOOK_04, monkeypatch)
    assert len(_chats(fake_openai)) == 4


# --- the README states the limits the code applies -------------------------------------------------------------


@pytest.mark.parametrize("readme", ["README.md", "README.ja.md"])
def test_the_running_live_section_gives_the_codes_limits(readme):
    from helpers import settings
    from helpers.evaluation import MAX_HELD_OUT_PAIRS

    text = (REPO / readme).read_text(encoding="utf-8")
    section = text[text.index("#### ") : text.index("\n## ", text.index("#### "))]
    expected = [
        f"max_completion_tokens={MAX_ANSWER_TOKENS}",
        f"{MAX_HELD_OUT_PAIRS}",
        f"{MAX_HELD_OUT_PAIRS * 4}",
        f"{fine_tuning.MAX_JOBS_SCANNED}",
        f"{int(openai_client.LIVE_TIMEOUT_SECONDS)}",
        f"{int(fine_tuning.CREATE_TIMEOUT_SECONDS)}",
        f"{int(fine_tuning.PROGRESS_EVERY_SECONDS // 60)}",
        fine_tuning.LOCK_FOLDER.name.rsplit("-", 1)[0] + "-UID",
        settings.MAX_WAIT,
    ]
    assert [value for value in expected if value not in section] == []
    table = text[: text.index("#### ")]
    assert f"{settings.DEFAULT_MAX_WAIT_MINUTES}" in table and f"{settings.MAX_MAX_WAIT_MINUTES}" in table
    assert f"{settings.MIN_POLL_SECONDS}" in table


# --- the command line: one message, never a traceback ----------------------------------------------------------


def _cli(*arguments: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers", *arguments], stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=REPO
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_validate_into_a_full_disk_gets_one_message():
    with open("/dev/full", "w") as full:
        run = _cli("validate", "data/article_train.jsonl", stdout=full)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == ["error: standard output: No space left on device"]


def test_payoff_into_a_closed_pipe_exits_quietly():
    read, write = os.pipe()
    os.close(read)  # like `| head` that has already stopped reading
    try:
        run = _cli("payoff", *PAYOFF, "--json", stdout=write)
    finally:
        os.close(write)
    assert run.returncode == 0 and run.stderr == ""


@pytest.mark.parametrize("option", ["--trained-tokens", "--short-tokens", "--answer-tokens"])
def test_payoff_with_a_400_digit_token_count_gets_one_message(option, capsys):
    from helpers.cli import main

    arguments = dict(zip(PAYOFF[::2], PAYOFF[1::2], strict=True)) | {option: "1" + "0" * 400}
    assert main(["payoff", *[item for pair in arguments.items() for item in pair]]) == 2
    assert "at most 10^18" in capsys.readouterr().err


PAYOFF = ["--short-tokens", "56", "--instruction-tokens", "190", "--answer-tokens", "40", "--trained-tokens", "11500"]
