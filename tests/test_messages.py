"""Messages follow the edition: Japanese from notebooks/ja/, English elsewhere, FINETUNE_LANG overrides."""

from __future__ import annotations

import json
import re
from string import Formatter

import pytest

from conftest import REPO
from helpers import settings
from helpers.balance_shift import analyze
from helpers.cli import main
from helpers.dataset import article_examples
from helpers.errors import RecordingError, SettingError
from helpers.evaluation import score_answer
from helpers.exercises import verdict
from helpers.fine_tuning import approve_training_cost
from helpers.messages import CATALOGUE, LANGUAGES, language, say
from helpers.openai_client import client
from helpers.prices import DEFAULT_MODEL
from helpers.replay.cassettes import check_recording
from helpers.tokens import estimate_training
from helpers.validation import validate_bytes


def _placeholders(text: str) -> list[tuple[str, str, str]]:
    """Every {name!conversion:spec} of a text, as str.format reads it."""
    fields = Formatter().parse(text)
    return sorted((name, conversion or "", spec) for _, name, spec, conversion in fields if name is not None)


def test_every_message_exists_in_every_language_with_the_same_placeholders():
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGUAGES), key
        assert len({tuple(_placeholders(text)) for text in texts.values()}) == 1, key


def test_the_placeholder_check_can_fail():
    assert _placeholders("{part!r:.60} of {whole}") != _placeholders("{whole} の {part!r}")


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
    """messages.json, the one catalogue, against every module that says its keys (the exercises' hints included)."""
    shipped = json.loads((REPO / "src" / "helpers" / "messages.json").read_text(encoding="utf-8"))
    modules = list((REPO / "src" / "helpers").rglob("*.py"))
    sources = "\n".join(path.read_text(encoding="utf-8") for path in modules)
    quoted = set(re.findall(r"""["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""", sources))
    said = set(re.findall(r"""\b_?(?:say|hint|right)\(\s*["']([\w.]+)["']""", sources))
    prefixes = re.findall(r"""\bsay\(\s*f["']([\w.]+)\{""", sources)  # say(f"wind_down.{self.key}")
    built = {key for key in shipped for p in prefixes if key.startswith(p) and f'"{key.removeprefix(p)}"' in sources}
    # the words of a table or plot: labels("cost.sweep") in a notebook or helper takes every key under the prefix
    notebooks = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "notebooks").glob("*.ipynb"))
    grouped = set(re.findall(r"""labels\(\\?["']([\w.]+)\\?["']""", notebooks + sources))
    built |= {key for key in shipped for prefix in grouped if key.startswith(prefix + ".")}
    assert set(shipped) - quoted - built == set(), "catalogue entries that no helper or notebook uses"
    assert said - set(shipped) == set(), "messages said but missing from the catalogue"


def test_there_is_one_catalogue_in_one_format():
    package = REPO / "src" / "helpers"
    catalogues = [p for p in package.rglob("*") if p.suffix in {".yaml", ".yml", ".json"} and p.name != "prices.json"]
    assert catalogues == [package / "messages.json"]


JAPANESE = r"[\u3040-\u30ff\u4e00-\u9fff]"
LATIN = r"[A-Za-z0-9{}%]"


def test_the_exercises_japanese_follows_the_posts_conventions():
    """No あなた/私たち, and no space between Latin letters or digits and Japanese (「10例」, 「Fine-Tuning済み」)."""
    spaced = re.compile(rf"{LATIN} {JAPANESE}|{JAPANESE} {LATIN}")
    texts = {key: texts["ja"] for key, texts in CATALOGUE.items() if key.startswith(("ex.", "exercise."))}
    assert len(texts) > 100
    assert [key for key, text in texts.items() if "あなた" in text or "私たち" in text] == []
    assert [key for key, text in texts.items() if spaced.search(text)] == []
    assert spaced.search("要素2 が") and spaced.search("{got} 行")  # the check can fail


def test_japanese_texts_are_japanese():
    shipped = json.loads((REPO / "src" / "helpers" / "messages.json").read_text(encoding="utf-8"))
    assert [key for key, texts in shipped.items() if texts["ja"] == texts["en"]] == []


def test_a_setting_error_reads_in_the_readers_language(monkeypatch, tmp_path):
    monkeypatch.setenv("FINETUNE_CONFIRM", "maybe")
    with pytest.raises(SettingError, match="write yes"):
        settings.confirmed()
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    with pytest.raises(SettingError, match="FINETUNE_CONFIRM='maybe':有料のジョブを承認するならyes"):
        settings.confirmed()


def test_a_missing_recording_is_explained_in_japanese(monkeypatch, tmp_path):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    with pytest.raises(RecordingError, match=r"がありません。配布時のファイルに戻すには`git checkout -- "):
        check_recording(tmp_path / "03_fine_tuning.yaml")


def test_printed_cost_lines_follow_the_language(monkeypatch, capsys):
    estimate = estimate_training(article_examples())
    approve_training_cost(client("03_fine_tuning"), estimate, DEFAULT_MODEL)
    english = capsys.readouterr().out
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    approve_training_cost(client("03_fine_tuning"), estimate, DEFAULT_MODEL)
    japanese = capsys.readouterr().out
    assert "Estimated training cost: $0.0345" in english and "Replay mode: nothing is sent" in english
    assert "トレーニングコストの見積もり:$0.0345" in japanese and "replayモード:OpenAIには何も送らず" in japanese
    assert "Mode: replay" in english and "モード:replay" in japanese


BROKEN_LINE = '{"messages": [{"role": "bot", "content": "hi"}]}\n'


def test_the_validators_problems_read_in_the_readers_language(monkeypatch):
    english = validate_bytes(BROKEN_LINE.encode())
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    japanese = validate_bytes(BROKEN_LINE.encode())
    assert [p.code for p in japanese.problems] == [p.code for p in english.problems]  # codes never change
    messages = {p.code: p.message for p in japanese.problems}
    assert messages["unknown_role"] == "不明なロール'bot'です"
    assert messages["too_few_examples"] == "1例しかありません。OpenAIでは最低10例が必要です"
    assert "unknown role 'bot'" in english.describe()
    assert "messages[0].role: 不明なロール'bot'です [unknown_role]" in japanese.describe()


def test_a_json_syntax_error_reads_in_the_readers_language(monkeypatch):
    line = b'{"messages": [{"role": "user", "content": "hi}]}\n'
    assert "Unterminated string starting at" in validate_bytes(line).describe()
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    japanese = validate_bytes(line).describe()
    assert "正しいJSONではありません(" in japanese and "文字目:文字列が閉じていません)" in japanese
    assert "Unterminated" not in japanese


def test_the_scorers_reasons_read_in_the_readers_language_with_the_same_codes(monkeypatch):
    wrong = analyze(32, 21).replace("0.2075", "0.2076").replace("要素1が要素2", "要素2が要素1")
    english = score_answer(wrong, 32, 21)
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    japanese = score_answer(wrong, 32, 21)
    assert japanese.codes == english.codes == ["answer.value_rounding", "answer.interpretation"]
    assert english.reasons[0] == "knowledge: rounding: shift value 0.2076, expected 0.2075"
    assert japanese.reasons == [
        "知識の精度:丸め:シフト値が0.2076ですが、正しくは0.2075です",
        "知識の精度:解釈:回答は「要素2が優位」ですが、正しくは「要素1が優位」です",
    ]
    talk = score_answer("答えは 0.2 です。\n以上です。", 32, 21)
    assert talk.codes[:2] == ["evaluation.unreadable", "evaluation.line_count"]
    assert talk.reasons[:2] == [
        "知識の精度:結果を読み取れません:'シフト値計算'の行と、それに続く'解釈'の行がありません",
        "表現の精度:3行のはずが、2行あります",
    ]


def test_an_exercise_hint_reads_the_scorers_code_not_its_english(monkeypatch):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    assert verdict("04.2", "答えは -0.2 です。").key == "ex.04.2.unreadable"
    assert verdict("04.2", "前置き\n" + analyze(18, 27).replace("-0.2000", "0.2000")).key == "ex.04.2.wrong_numbers"


def test_the_payoff_command_speaks_japanese_when_asked(monkeypatch, capsys):
    args = ["payoff", "--short-tokens", "56", "--instruction-tokens", "600", "--answer-tokens", "55"]
    args += ["--trained-tokens", "11500", "--calls-per-month", "100"]
    assert main(args) == 0
    english = capsys.readouterr().out
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    assert main(args) == 0
    japanese = capsys.readouterr().out
    assert "break-even: 709.9 calls = 7.1 months" in english and "損益分岐点:709.9回 = 7.1か月" in japanese
    assert "判定:Fine-Tuningは709.9回の呼び出しでトレーニングコストを回収します(月100回なら約7.1か月)。" in japanese
    assert english.count("\n") == japanese.count("\n") == 7


def test_the_payoff_commands_errors_speak_japanese_when_asked(monkeypatch, capsys):
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    counts = ["--instruction-tokens", "600", "--answer-tokens", "55", "--trained-tokens", "11500"]
    with pytest.raises(SystemExit):
        main(["payoff", "--short-tokens", "x", *counts])
    assert "argument --short-tokens: 整数を指定してください。指定された値:'x'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["payoff", "--short-tokens", "56", *counts, "--cache-hit-rate", "2"])
    assert "0〜1の数値を指定してください。指定された値:2" in capsys.readouterr().err
    assert main(["payoff", "--short-tokens", "56", *counts, "--fixed-usd-per-month", "5"]) == 2
    assert capsys.readouterr().err.startswith("エラー:--fixed-usd-per-monthには--calls-per-month")


def test_the_methods_input_errors_name_the_element_in_the_readers_language(monkeypatch):
    with pytest.raises(ValueError, match=r"^A \(要素1\) must be >= 0, got -1$"):
        analyze(-1, 5)
    monkeypatch.setenv("FINETUNE_LANG", "ja")
    with pytest.raises(ValueError, match=r"^B\(要素2\)には有限の値を指定してください。指定された値:nan$"):
        analyze(5, float("nan"))
