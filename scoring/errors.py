"""The one error a student meets: :class:`ScoringError`. The checks that raise it for a wrong argument
live in :mod:`scoring.render.checks`.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

__all__ = ["ScoringError"]


class ScoringError(ValueError):
    """Bad musical input, with a message that says what was wrong and how to fix it.

    It is a :class:`ValueError`, so ``except ValueError`` catches it too.

    Examples
    --------
    >>> from scoring import Motif
    >>> Motif.from_notes(["H4"])
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: 'H4' is not a note name; try 'B4' (English names), 'C#4' or 'Eb4'

    Lesson: lessons/00_first_motif.ipynb
    """

