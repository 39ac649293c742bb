"""The recording command replaces a recording only when its notebook ran to the end, and the test command
never goes live whatever the environment holds. These start real kernels, so they are few."""

from __future__ import annotations

import importlib.util
import os
import shutil
from types import ModuleType

import pytest
from nbclient.exceptions import DeadKernelError

from conftest import FAKE_KEY, REPO
from helpers import settings
from helpers.errors import RecordingError
from helpers.replay import record

SHIPPED = REPO / "data" / "recordings" / "03_fine_tuning.yaml"


@pytest.fixture
def committed(project, fake_openai, monkeypatch):
    """A project holding notebook 03 and its committed recording; the stand-in answers as OpenAI would."""
    shutil.copy(REPO / "notebooks" / "03_fine_tuning.ipynb", project / "notebooks")
    target = project / "data" / "recordings" / "03_fine_tuning.yaml"
    shutil.copy(SHIPPED, target)
    monkeypatch.setenv("FINETUNE_BUDGET_USD", "1")
    return target


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "03_fine_tuning.yaml")


def test_a_refused_record_run_leaves_the_recording_byte_for_byte(committed):
    before = committed.read_bytes()
    with pytest.raises(RecordingError, match="unchanged") as caught:  # no FINETUNE_CONFIRM: the cost is refused
        record.record_notebook("03_fine_tuning")
    assert "CostNotApproved" in str(caught.value)
    assert committed.read_bytes() == before
    assert _leftovers(committed.parent) == []


@pytest.mark.parametrize("crash", [KeyboardInterrupt(), DeadKernelError("Kernel died")], ids=["interrupt", "kill"])
def test_an_interrupted_or_crashed_record_run_leaves_the_recording_byte_for_byte(committed, monkeypatch, crash):
    before = committed.read_bytes()

    def half_run(notebook, environment) -> None:
        with open(environment["FINETUNE_RECORD_TO"], "w", encoding="utf-8") as partial:
            partial.write("interactions:\n- request: {method: GET, uri: 'http://x/v1/files'}\n")
        raise crash

    monkeypatch.setattr(record, "_execute", half_run)
    with pytest.raises(RecordingError, match="stopped before the end"):
        record.record_notebook("03_fine_tuning")
    assert committed.read_bytes() == before
    assert _leftovers(committed.parent) == []


def test_a_finished_record_run_replaces_the_recording(committed, fake_openai, monkeypatch):
    # A kernel polls in real time, a second at the least: the job runs, then succeeds (test_fine_tuning.py follows
    # every status a job goes through, on a clock that does not wait).
    fake_openai.server.state.scenario.statuses = ("running", "succeeded")
    monkeypatch.setenv("FINETUNE_CONFIRM", "yes")
    committed.write_text("old: recording\n", encoding="utf-8")
    record.record_notebook("03_fine_tuning")
    assert "ftjob-authored0001" in committed.read_text(encoding="utf-8")
    assert any(r["path"] == "/v1/fine_tuning/jobs" and r["method"] == "POST" for r in fake_openai.requests)
    assert fake_openai.server.state.polls == {"ftjob-authored0001": 2}  # one wait of the kernel's real clock
    assert _leftovers(committed.parent) == []


def _root_conftest() -> ModuleType:
    """The repository's top conftest.py, which pytest loads for tests/ and notebooks/ alike."""
    spec = importlib.util.spec_from_file_location("root_conftest", REPO / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_test_command_never_goes_live_with_a_key_and_live_mode_set(monkeypatch, pytestconfig):
    """Every kernel nbval starts inherits this process's environment, which the top conftest has cleaned first."""
    root = _root_conftest()
    # every variable settings reads (FINETUNE_MODE aside: the conftest sets it), so none a shell exports reaches a test
    read = {v for v in vars(settings).values() if isinstance(v, str) and v.startswith(("FINETUNE_", "OPENAI_"))}
    assert read - {settings.MODE} | {"OPENAI_BASE_URL"} <= set(root.NEVER_INHERITED)
    for variable in root.NEVER_INHERITED:
        monkeypatch.setenv(variable, "1")
    monkeypatch.setenv(settings.KEY, FAKE_KEY)
    monkeypatch.setenv(settings.MODE, "live")
    monkeypatch.setenv(settings.CONFIRM, "yes")
    root.pytest_configure(pytestconfig)
    assert [variable for variable in root.NEVER_INHERITED if variable in os.environ] == []
    assert settings.mode() == "replay"
    # kernels get this environment (nbval's current-env option), and the cleaning runs for every collected path
    assert pytestconfig.option.nbval_current_env
    loaded = {getattr(plugin, "__file__", None) for plugin in pytestconfig.pluginmanager.get_plugins()}
    assert str(REPO / "conftest.py") in loaded


def test_the_command_refuses_without_a_key_or_for_a_notebook_that_calls_no_api(project, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert record.main(["03_fine_tuning"]) == 2
    assert "needs OPENAI_API_KEY" in capsys.readouterr().err
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    for name, why in (("01_concept", "cannot be recorded"), ("../../x", "plain name")):
        assert record.main([name]) == 2
        assert why in capsys.readouterr().err
