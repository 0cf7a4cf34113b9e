"""Ticks placed once per drawing: to lay out and draw one figure, matplotlib places each axis's ticks
(finds where they go, writes their labels) a dozen times or more, once for every question asked of
the axis and of each axis its labels line up with, though nothing they depend on changes between
two of those questions. :func:`ticks_placed_once` keeps each axis's last placing while a figure is
drawn and answers the same question with it; the picture is the same.

What an axis's ticks depend on while a figure is drawn: its view limits, the size of its Axes on
the figure (how many ticks fit), the resolution, and its locator and formatter. Those are the key.
Only matplotlib 3.11.2's way of placing ticks is known here (its source is checked): with any other
the axes are left as they are.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import types
from contextlib import contextmanager
from functools import lru_cache

from scoring.errors import ScoringError
from scoring.render.glyphs import source_digest

__all__ = ["ticks_placed_once"]

#: The digest of matplotlib 3.11.2's tick placing (``Axis._update_ticks`` and the two
#: ``get_tick_space``), the code whose answers :func:`ticks_placed_once` keeps.
KNOWN_PLACING = "95bd986914f62c8e"


@contextmanager
def ticks_placed_once(fig):
    """While the block runs, each axis of ``fig`` places its ticks only when its view limits, its
    Axes' place on the figure, the resolution, its locator or its formatter changed since it last
    did; afterwards the axes are as they were. Where matplotlib places ticks with other code than
    3.11.2's, the block runs with matplotlib alone.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(3, 2), layout="constrained"); ax = fig.add_subplot(); _ = ax.plot([0, 10], [0, 5])
    >>> with ticks_placed_once(fig):
    ...     FigureCanvasAgg(fig).draw()
    >>> [t.get_text() for t in ax.get_yticklabels()][1:], "_update_ticks" in vars(ax.yaxis)
    (['0', '1', '2', '3', '4', '5', '6'], False)

    Lesson: lessons/00_first_motif.ipynb
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise ScoringError(f"ticks_placed_once() takes a matplotlib Figure, not {type(fig).__name__}")
    axes = [axis for ax in fig.get_axes() for axis in ax._axis_map.values()] if _known() else []
    for axis in axes:
        axis._update_ticks = types.MethodType(_placed_once, axis)
    try:
        yield
    finally:
        for axis in axes:
            vars(axis).pop("_update_ticks", None)
            vars(axis).pop("_course_ticks", None)


def _placed_once(axis):
    """``Axis._update_ticks``, answered from the axis's last placing when nothing it depends on changed."""
    key = (tuple(axis.get_view_interval()), axis.axes.bbox.bounds, axis.get_figure(root=True).dpi,
           id(axis.get_major_locator()), id(axis.get_minor_locator()), id(axis.major.formatter),
           id(axis.minor.formatter))
    last = vars(axis).get("_course_ticks")
    if last is None or last[0] != key:
        last = axis._course_ticks = (key, type(axis)._update_ticks(axis))
    return list(last[1])


@lru_cache(maxsize=1)
def _known() -> bool:
    """Whether this matplotlib places ticks with exactly the code whose answers are kept here."""
    from matplotlib.axis import Axis, XAxis, YAxis

    return source_digest(lambda: (Axis._update_ticks, XAxis.get_tick_space, YAxis.get_tick_space)) == KNOWN_PLACING
