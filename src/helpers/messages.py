"""The reader's language: messages in English or Japanese, one catalogue and one copy of the code.

The edition is the folder the notebook runs from: a kernel started from `notebooks/ja/` (Jupyter,
nbconvert and nbval all start kernels in the notebook's folder) speaks Japanese, any other English;
FINETUNE_LANG=en or ja overrides it (`settings.language`). The texts are data: `catalogue`.
"""

from __future__ import annotations

from . import settings
from .catalogue import CATALOGUE, LANGUAGES, text
from .errors import SettingError

__all__ = ["CATALOGUE", "LANGUAGES", "labels", "language", "say", "use_the_edition_font"]

language = settings.language


def say(key: str, /, **values: object) -> str:
    """The catalogue's text for `key` in the reader's language, with `values` filled in."""
    return text(key, language(), **values)


def use_the_edition_font() -> None:
    """In the Japanese edition, give matplotlib a font with Japanese glyphs, so plot text renders on any machine.

    matplotlib's own fonts have no Japanese; matplotlib-fontja ships IPAexGothic and selects it. The English
    edition is left untouched, so its figures stay as they were.
    """
    try:
        japanese = language() == "ja"
    except SettingError:
        return  # a bad FINETUNE_LANG is reported where a message is needed, not on import
    if japanese:
        import matplotlib_fontja

        matplotlib_fontja.japanize()  # again on a re-import of helpers: it registers IPAexGothic and selects it


def labels(prefix: str, /, **values: object) -> dict[str, str]:
    """Every catalogue text under `prefix.` in the reader's language, by the rest of its key: the words of one
    table or plot. `values` fill their own {placeholders} only; the others ({calls}, {tokens}, …) stay for the
    plot or verdict that fills them with its figures."""
    found = {}
    for key, texts in CATALOGUE.items():
        if key.startswith(prefix + "."):
            words = texts[language()]
            for name, value in values.items():
                words = words.replace("{" + name + "}", str(value))
            found[key[len(prefix) + 1 :]] = words
    if not found:
        raise KeyError(f"no catalogue texts under {prefix!r} (src/helpers/messages.json)")
    return found
