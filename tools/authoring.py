"""`python -m tools.authoring` (from the repository root): re-author the shipped recordings against the stand-in.

No machine of this project reaches OpenAI, so the recordings in `data/recordings/` are authored:
notebooks 03 and 04 run in record mode against `stand_in`, and every response lands in the cassettes
marked AUTHORED. Run it after changing what those notebooks send, then re-execute the notebooks in
replay to refresh their outputs.
"""

from __future__ import annotations

from helpers import settings
from helpers.replay.record import RECORDED, record_notebook

from .stand_in import FakeOpenAI

STAND_IN_KEY = "sk-" + "stand-in"  # accepted by the stand-in only; never recorded


def author_recordings() -> None:
    """Record every API notebook against the stand-in, as AUTHORED; each replaces its recording only if it ran whole."""
    with FakeOpenAI() as fake:
        overrides = {
            settings.KEY: STAND_IN_KEY,
            "OPENAI_BASE_URL": fake.base_url,
            settings.SOURCE: "authored",
            settings.CONFIRM: "yes",
            settings.BUDGET: "1",
            settings.POLL: "1",
        }
        for name in RECORDED:
            record_notebook(name, overrides)


if __name__ == "__main__":
    author_recordings()
