"""The one error a student meets: :class:`ScoringError`.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

__all__ = ["ScoringError", "expect"]


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


def expect(value: object, kinds: type | tuple[type, ...], name: str, example: str) -> None:
    """Raise :class:`ScoringError` naming the argument when ``value`` is not one of ``kinds``.

    The one check at the public surface for an argument of the wrong type (``None`` where a motif
    goes, a number where a list goes), so a student never sees a traceback from deep inside.

    Examples
    --------
    >>> expect(None, (list, tuple), "notes", "['C4', 'E4']")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: notes should be a list or tuple, not NoneType; e.g. ['C4', 'E4']

    Lesson: lessons/00_first_motif.ipynb
    """
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    if not kinds or not all(isinstance(k, type) for k in kinds):
        raise TypeError(f"expect(): kinds should be a type or a tuple of types, not {kinds!r}")
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise ScoringError(f"{name} should be a {names}, not {type(value).__name__}; e.g. {example}")
