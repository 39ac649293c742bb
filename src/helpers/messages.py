"""The reader's language: messages in English or Japanese, one catalogue and one copy of the code.

The edition is the folder the notebook runs from: a kernel started from `notebooks/ja/` (Jupyter,
nbconvert and nbval all start kernels in the notebook's folder) speaks Japanese, any other English.
FINETUNE_LANG=en or ja overrides it, e.g. for the command line.
"""

from __future__ import annotations

from pathlib import Path

from . import settings

LANGUAGES = ("en", "ja")
JAPANESE_FOLDER = Path("notebooks") / "ja"

# key -> {language: text with {placeholders}}
CATALOGUE: dict[str, dict[str, str]] = {
    "mode.live": {
        "en": "Mode: live — calls go to the real OpenAI API and may cost money; nothing is recorded.",
        "ja": "モード: live — 実際の OpenAI API を呼び出します(課金される場合があります)。記録はしません。",
    },
    "mode.record": {
        "en": "Mode: record — calls go to the API; {where} is replaced only if the whole notebook runs.",
        "ja": "モード: record — API を呼び出します。最後まで実行できた場合にだけ {where} を置き換えます。",
    },
    "mode.replay": {
        "en": "Mode: replay — responses come from {where}: {source} on {date} with openai {sdk}. {note}",
        "ja": "モード: replay — 応答は {where} から再生します({source}、{date}、openai {sdk})。{note}",
    },
    "source.live": {"en": "live run", "ja": "live 実行"},
    "source.authored": {"en": "authored recording, not a real run", "ja": "作成した録画(実際の実行ではありません)"},
    "source.recorded": {"en": "recorded run", "ja": "実際の実行の録画"},
    # OpenAI's 2026 wind-down of self-serve fine-tuning (helpers.wind_down holds the dates)
    "wind_down.never_ran": {
        "en": "organisations that had never run fine-tuning can no longer create jobs",
        "ja": "Fine-Tuning を一度も実行したことのない組織は、ジョブを作成できなくなった",
    },
    "wind_down.inactive": {
        "en": "organisations with no inference on a fine-tuned model in the past 60 days can no longer create jobs",
        "ja": "過去 60 日間に Fine-Tuning 済みモデルで推論していない組織は、ジョブを作成できなくなった",
    },
    "wind_down.nano_retired": {
        "en": "gpt-4.1-nano and its fine-tuned models are retired",
        "ja": "gpt-4.1-nano とその Fine-Tuning 済みモデルが提供終了",
    },
    "wind_down.no_new_jobs": {
        "en": "no organisation can create new fine-tuning jobs",
        "ja": "どの組織も新しい Fine-Tuning ジョブを作成できなくなる",
    },
    "wind_down.shut_down": {
        "en": "gpt-4o-mini-2024-07-18, gpt-4o, gpt-4.1, gpt-4.1-mini and their fine-tuned models shut down",
        "ja": "gpt-4o-mini-2024-07-18、gpt-4o、gpt-4.1、gpt-4.1-mini とそれらの Fine-Tuning 済みモデルが停止",
    },
    "wind_down.reported_mark": {"en": " (reported)", "ja": "(報道による)"},
    "wind_down.inference_note": {
        "en": "Inference on existing fine-tuned models continues until their base model is retired.",
        "ja": "作成済みの Fine-Tuning 済みモデルは、ベースモデルの提供終了まで推論に使えます。",
    },
    "wind_down.retired": {"en": "retired {date}", "ja": "{date} に提供終了"},
    "wind_down.shut_down_reported": {
        "en": "reported to shut down {date}",
        "ja": "{date} に停止と報道されている",
    },
    "wind_down.summary": {
        "en": "OpenAI is winding down self-serve fine-tuning ({source}): since {first} {first_what}; "
        "since {second} {second_what}; from {last} {last_what}. {inference}",
        "ja": "OpenAI はセルフサービスの Fine-Tuning を終了しつつあります({source}): {first} から{first_what}。"
        "{second} から{second_what}。{last} から{last_what}。{inference}",
    },
    "wind_down.source.announcement": {
        "en": "OpenAI deprecations page, “Update to OpenAI's self-serve fine-tuning”, posted 2026-05-07",
        "ja": "OpenAI の非推奨ページ「Update to OpenAI's self-serve fine-tuning」、2026-05-07 掲載",
    },
    "wind_down.source.deprecations": {"en": "OpenAI deprecations page", "ja": "OpenAI の非推奨ページ"},
    "wind_down.source.news": {
        "en": "news reports (secondary sources; not on OpenAI's own pages)",
        "ja": "報道(二次情報。OpenAI 自身のページには記載なし)",
    },
}


def extend(entries: dict[str, dict[str, str]]) -> None:
    """Add messages of another module (e.g. the exercises) to the one catalogue; a key may not change meaning."""
    for key, texts in entries.items():
        if set(texts) != set(LANGUAGES):
            raise ValueError(f"message {key!r} must be given in {', '.join(LANGUAGES)}, got {', '.join(texts)}")
        if CATALOGUE.setdefault(key, texts) != texts:
            raise ValueError(f"message {key!r} is already in the catalogue with another text")


def language() -> str:
    """'ja' in the Japanese edition (or with FINETUNE_LANG=ja), else 'en'."""
    chosen = settings.language()
    if chosen:
        return chosen
    here = Path.cwd().resolve()
    return "ja" if any(here.parts[i : i + 2] == JAPANESE_FOLDER.parts for i in range(len(here.parts))) else "en"


def say(key: str, **values: object) -> str:
    """The catalogue's text for `key` in the reader's language, with `values` filled in."""
    return CATALOGUE[key][language()].format(**values)
