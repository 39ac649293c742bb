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
}


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
