"""Messages follow the edition: Japanese from notebooks/ja/, English elsewhere, FINETUNE_LANG overrides."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO
from helpers import settings
from helpers.dataset import article_examples
from helpers.errors import RecordingError, SettingError
from helpers.fine_tuning import approve_training_cost
from helpers.messages import CATALOGUE, LANGUAGES, language, say
from helpers.openai_client import client
from helpers.prices import DEFAULT_MODEL
from helpers.replay.cassettes import check_recording
from helpers.tokens import estimate_training


def test_every_message_exists_in_every_language_with_the_same_placeholders():
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), key
        placeholders = {
            lang: sorted(part.split("}")[0] for part in text.split("{")[1:]) for lang, text in texts.items()
        }
        assert len({tuple(p) for p in placeholders.values()}) == 1, key


def test_the_japanese_folder_speaks_japanese(monkeypatch, tmp_path):
    folder = tmp_path / "notebooks" / "ja" / "solutions"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    assert language() == "ja"
    assert say("source.live") == CATALOGUE["source.live"]["ja"]
    monkeypatch.chdir(REPO / "notebooks")
    assert language() == "en"


def test_a_folder_merely_named_ja_elsewhere_stays_english(monkeypatch, tmp_path):
    (tmp_path / "ja").mkdir()
    monkeypatch.chdir(tmp_path / "ja")
    assert language() == "en"


def test_the_variable_overrides_and_is_checked(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    assert language() == "ja"
    monkeypatch.setenv("FINETUNE_LANG", "fr")
    with pytest.raises(SettingError, match="FINETUNE_LANG='fr'"):
        language()


def test_every_message_in_the_catalogue_is_used_by_the_helpers():
    """messages.json against the modules that say its keys (the exercises keep their own file of hints)."""
    shipped = json.loads((REPO / "src" / "helpers" / "messages.json").read_text(encoding="utf-8"))
    modules = [p for p in (REPO / "src" / "helpers").rglob("*.py") if "exercises" not in p.parts]
    sources = "\n".join(path.read_text(encoding="utf-8") for path in modules)
    quoted = set(re.findall(r"""["']([a-z_]+\.[a-z_]+)["']""", sources))
    said = set(re.findall(r"""\b_?say\(\s*["']([\w.]+)["']""", sources))
    prefixes = re.findall(r"""\bsay\(\s*f["']([\w.]+)\{""", sources)  # say(f"wind_down.{self.key}")
    built = {key for key in shipped for p in prefixes if key.startswith(p) and f'"{key.removeprefix(p)}"' in sources}
    assert set(shipped) - quoted - built == set(), "catalogue entries that no helper uses"
    assert said - set(shipped) == set(), "messages said but missing from the catalogue"


def test_japanese_texts_are_japanese():
    shipped = json.loads((REPO / "src" / "helpers" / "messages.json").read_text(encoding="utf-8"))
    assert [key for key, texts in shipped.items() if texts["ja"] == texts["en"]] == []


def test_a_setting_error_reads_in_the_readers_language(monkeypatch, tmp_path):
    monkeypatch.setenv("FINETUNE_CONFIRM", "maybe")
    with pytest.raises(SettingError, match="write yes"):
        settings.confirmed()
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    with pytest.raises(SettingError, match="FINETUNE_CONFIRM='maybe': 有料のジョブを承認するなら yes"):
        settings.confirmed()


def test_a_missing_recording_is_explained_in_japanese(monkeypatch, tmp_path):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    with pytest.raises(RecordingError, match=r"がありません。配布時のファイルに戻すには `git checkout -- "):
        check_recording(tmp_path / "03_fine_tuning.yaml")


def test_printed_cost_lines_follow_the_language(monkeypatch, capsys):
    estimate = estimate_training(article_examples())
    approve_training_cost(client("03_fine_tuning"), estimate, DEFAULT_MODEL)
    english = capsys.readouterr().out
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    approve_training_cost(client("03_fine_tuning"), estimate, DEFAULT_MODEL)
    japanese = capsys.readouterr().out
    assert "Estimated training cost: $0.0345" in english and "Replay mode: nothing is sent" in english
    assert "学習コストの見積もり: $0.0345" in japanese and "replay モード: OpenAI には何も送らず" in japanese
    assert "Mode: replay" in english and "モード: replay" in japanese
