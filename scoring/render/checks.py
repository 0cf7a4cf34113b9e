"""Argument checks at the public surface: types, numbers, whole numbers, text, lists, figure sizes and axes.

Each returns the value in a plain form (NumPy numbers are accepted wherever Python numbers are) or
raises a :class:`~scoring.errors.ScoringError` that names the argument, shows what was given (shortened)
and says what to give instead. Bools, NaN and infinities are never numbers here.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import itertools
import math
import numbers
import reprlib

import numpy as np

from scoring.errors import ScoringError

__all__ = ["show", "expect", "number", "whole", "flag", "text", "items", "ordered_pair", "like", "figsize", "axes",
           "figure"]

_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxtuple, _REPR.maxlevel = 40, 40, 4, 4, 2


def show(value: object) -> str:
    """A short repr for an error message (long text, deep or self-containing lists are cut).

    Examples
    --------
    >>> show("x" * 100)
    "'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx'"

    Lesson: lessons/00_first_motif.ipynb
    """
    try:
        return _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a value whose repr fails is still named by its type
        return f"a {type(value).__name__}"


def expect(value: object, kinds: type | tuple[type, ...], name: str, example: str) -> None:
    """Raise :class:`~scoring.errors.ScoringError` naming the argument when ``value`` is not one of
    ``kinds`` (``None`` where a motif goes, a number where a list goes); a bool is not an int here.

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
        raise ScoringError(f"kinds={show(kinds)} should be a type or a tuple of types, like (list, tuple)")
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise ScoringError(f"{name} should be a {names}, not {type(value).__name__}; e.g. {example}")


def _is_number(value: object) -> bool:
    return isinstance(value, (numbers.Real, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def number(value: object, what: str, fix: str, *, lo: float | None = None, hi: float | None = None) -> float:
    """``value`` as a finite float in ``lo..hi``; ``what`` names the argument, ``fix`` says what to give.

    Examples
    --------
    >>> number(np.float64(2.5), "wet", "give 0-1, like 0.2", lo=0, hi=1)
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: wet=2.5 is outside 0-1; give 0-1, like 0.2
    >>> number(np.int64(3), "seconds", "give seconds, like 1.5")
    3.0

    Lesson: lessons/00_first_motif.ipynb
    """
    _bounds(lo, hi)
    try:
        x = float(value) if _is_number(value) else math.nan
    except (OverflowError, ValueError):
        x = math.nan
    if not math.isfinite(x):
        raise ScoringError(f"{what}={show(value)} is not a finite number; {fix}")
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        raise ScoringError(f"{what}={x:g} is outside {_range(lo, hi)}; {fix}")
    return x


def whole(value: object, what: str, fix: str, *, lo: int | None = None, hi: int | None = None) -> int:
    """``value`` as an int in ``lo..hi`` (a NumPy integer counts; a float, a bool or text does not).

    Examples
    --------
    >>> whole(np.int64(4), "order", "give 1-10, like 4", lo=1, hi=10)
    4
    >>> whole(2.5, "order", "give 1-10, like 4", lo=1, hi=10)
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: order=2.5 is not a whole number; give 1-10, like 4

    Lesson: lessons/00_first_motif.ipynb
    """
    _bounds(lo, hi)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise ScoringError(f"{what}={show(value)} is not a whole number; {fix}")
    n = int(value)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise ScoringError(f"{what}={show(n)} is outside {_range(lo, hi)}; {fix}")
    return n


def flag(value: object, what: str) -> bool:
    """``value`` checked to be ``True`` or ``False`` (a NumPy bool counts).

    Examples
    --------
    >>> flag(np.bool_(True), "plot")
    True
    >>> flag("no", "plot")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: plot='no' is not True or False; give plot=True or plot=False

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ScoringError(f"{what}={show(value)} is not True or False; give {what}=True or {what}=False")
    return bool(value)


def _bounds(lo: object, hi: object) -> None:
    """The checks' own limits: numbers or None (a caller's mistake here is the package's bug)."""
    for v in (lo, hi):
        try:
            ok = v is None or (_is_number(v) and math.isfinite(float(v)))
        except OverflowError:
            ok = False
        if not ok:
            raise ScoringError(f"a check's limit {show(v)} is not a number; give lo= and hi= as numbers or None")


def _range(lo, hi) -> str:
    lo, hi = (None if v is None else float(v) for v in (lo, hi))
    if lo is not None and hi is not None:
        return f"{lo:g}-{hi:g}"
    return f"{lo:g} or more" if lo is not None else f"{hi:g} or less"


def text(value: object, what: str, fix: str, *, most: int = 10_000) -> str:
    """``value`` checked to be a string of at most ``most`` characters.

    Examples
    --------
    >>> text(None, "title", "give a name, like 'Hero'")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: title=None is not text; give a name, like 'Hero'

    Lesson: lessons/00_first_motif.ipynb
    """
    most = whole(most, "most", "give the longest text allowed, like 10_000", lo=0)
    if not isinstance(value, str):
        raise ScoringError(f"{what}={show(value)} is not text; {fix}")
    if len(value) > most:
        raise ScoringError(f"{what} is {len(value):,} characters long, over {most:,}; {fix}")
    return value


def items(value: object, what: str, fix: str, *, most: int) -> list:
    """``value`` (a list, tuple or other iterable, not text) as a list of at most ``most`` items; an
    endless or huge iterator is refused after ``most + 1`` items, never read to its end.

    Examples
    --------
    >>> items((1, 2), "steps", "give a list, like [0, 1, 2]", most=10)
    [1, 2]
    >>> items(5, "steps", "give a list, like [0, 1, 2]", most=10)
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: steps=5 is not a list; give a list, like [0, 1, 2]

    Lesson: lessons/00_first_motif.ipynb
    """
    most = whole(most, "most", "give the most items allowed, like 100", lo=0)
    if isinstance(value, (str, bytes, bytearray, dict)) or not hasattr(value, "__iter__"):
        raise ScoringError(f"{what}={show(value)} is not a list; {fix}")
    try:
        out = list(itertools.islice(iter(value), most + 1))
    except TypeError:
        raise ScoringError(f"{what}={show(value)} is not a list; {fix}") from None
    if len(out) > most:
        raise ScoringError(f"{what} holds more than {most:,} items; {fix}")
    return out


def ordered_pair(value: object, what: str, fix: str, *, lo: float | None = None, hi: float | None = None,
                 whole_numbers: bool = False) -> tuple:
    """``value`` as two numbers, the first smaller (whole numbers with ``whole_numbers=True``), each
    between ``lo`` and ``hi``: a stretch of time, a range of pitches.

    Examples
    --------
    >>> ordered_pair((36, 84), "span", "give the lowest and highest pitch, like (36, 84)", whole_numbers=True)
    (36, 84)
    >>> ordered_pair((2.0, 1.0), "window", "give (from, to) in seconds, like (1, 3)")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: window=(2.0, 1.0) is empty: the first number must be smaller; give (from, to) in seconds, like (1, 3)

    Lesson: lessons/06_sync.ipynb
    """
    pair = items(value, what, fix, most=2)
    if len(pair) != 2:
        raise ScoringError(f"{what}={show(value)} needs two numbers; {fix}")
    a, b = ((whole if whole_numbers else number)(v, what, fix, lo=lo, hi=hi) for v in pair)
    if not a < b:
        raise ScoringError(f"{what}={show(value)} is empty: the first number must be smaller; {fix}")
    return a, b


def like(value: object, attributes: tuple[str, ...], expected: str, fix: str):
    """``value`` checked to have every one of ``attributes`` (for values this floor cannot import, such as
    a motif); ``expected`` says what was wanted, ``fix`` how to get one.

    Examples
    --------
    >>> like(60, ("notes", "midi"), "intervals() takes a Motif", "e.g. Motif.parse('c4 e g')")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: intervals() takes a Motif, not 60; e.g. Motif.parse('c4 e g')

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(attributes, tuple) or not all(isinstance(a, str) for a in attributes):
        raise ScoringError(f"attributes={show(attributes)} should be a tuple of attribute names, like ('notes', 'midi')")
    if not all(hasattr(value, a) for a in attributes):
        raise ScoringError(f"{expected}, not {show(value)}; {fix}")
    return value


def figsize(value: object, *, most: float = 40.0) -> tuple[float, float]:
    """A figure size in inches: two numbers, each above 0.5 and at most ``most`` (a bigger picture
    would not fit a page, and its pixels could fill the memory).

    Examples
    --------
    >>> figsize((9, np.float64(3.2)))
    (9.0, 3.2)

    Lesson: lessons/00_first_motif.ipynb
    """
    fix = "give (width, height) in inches, like (9, 3)"
    pair = items(value, "figsize", fix, most=2)
    if len(pair) != 2:
        raise ScoringError(f"figsize={show(value)} needs two numbers; {fix}")
    w, h = (number(v, "figsize", fix, lo=0.5, hi=most) for v in pair)
    return w, h


_figsize = figsize   # axes() takes a figsize= argument of the same name


def axes(ax: object, *, figsize: tuple[float, float] | None = None):
    """``ax`` checked to be matplotlib Axes. ``None`` passes: with ``figsize`` it becomes the Axes of a
    new pyplot figure of that size (shown under the notebook cell), without it stays ``None``.

    Examples
    --------
    >>> axes(None) is None
    True
    >>> axes(None, figsize=(4, 2)).figure.get_size_inches().tolist()
    [4.0, 2.0]

    Lesson: lessons/00_first_motif.ipynb
    """
    if ax is None:
        if figsize is None:
            return None
        import matplotlib.pyplot as plt

        return plt.subplots(figsize=_figsize(figsize), layout="constrained")[1]
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise ScoringError(f"ax={show(ax)} is not matplotlib Axes; leave it out, or give one from "
                           "plt.subplots()")
    return ax


def figure(fig: object):
    """``fig`` checked to be a matplotlib Figure.

    Examples
    --------
    >>> figure("plot")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: fig='plot' is not a matplotlib Figure; give one from plt.subplots() or .figure()

    Lesson: lessons/00_first_motif.ipynb
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise ScoringError(f"fig={show(fig)} is not a matplotlib Figure; give one from plt.subplots() or .figure()")
    return fig
