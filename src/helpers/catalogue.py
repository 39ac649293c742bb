"""Every text a reader reads from the helpers, in English and Japanese, kept as data in `messages.json`.

This module only looks texts up; `messages.say` picks the reader's language. It imports nothing of the
package, so `settings` (below `messages`) can word its own errors from the same catalogue.
"""

from __future__ import annotations

import json
from importlib import resources

LANGUAGES = ("en", "ja")
# key -> {language: text with {placeholders}}
CATALOGUE: dict[str, dict[str, str]] = json.loads(
    resources.files(__package__).joinpath("messages.json").read_text(encoding="utf-8")
)


def text(key: str, language: str, /, **values: object) -> str:
    """The catalogue's text for `key` in `language`, with `values` filled in."""
    return CATALOGUE[key][language].format(**values)
