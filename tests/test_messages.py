"""Messages follow the edition: Japanese from notebooks/ja/, English elsewhere, FINETUNE_LANG overrides."""

from __future__ import annotations

import pytest

from conftest import REPO
from helpers.errors import SettingError
from helpers.messages import CATALOGUE, LANGUAGES, language, say


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
