"""Helpers for the notebooks that reproduce 「Fine-Tuningって結局どうなの?」 (ZOZO Advent Calendar 2024)."""
