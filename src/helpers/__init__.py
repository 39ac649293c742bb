"""Helpers for the notebooks that reproduce 「Fine-Tuningって結局どうなの?」 (ZOZO Advent Calendar 2024)."""

from .messages import use_the_edition_font

use_the_edition_font()
