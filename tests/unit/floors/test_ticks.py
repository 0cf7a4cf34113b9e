"""Ticks placed once per drawing: the same pixels as matplotlib's own placing, for log axes, shared
axes, twins, aligned labels and Axes resized by the layout; fewer placings; nothing left behind."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from scoring.render import ticks
from scoring.render.html import figure_png
from scoring.render.ticks import ticks_placed_once

pytestmark = pytest.mark.skipif(not ticks._known(), reason="ticks are placed once with matplotlib 3.11 only")


def _figures():
    """Figures whose ticks depend on what the layout does: a log axis with minor ticks, a row
    sharing its y axis, a column with aligned labels, a twin axis, and a small plot whose tick
    count changes when the layout shrinks it."""
    rng = np.random.default_rng(5)
    log = Figure(figsize=(5.0, 2.5), layout="constrained")
    ax = log.add_subplot()
    ax.plot(np.linspace(0, 3, 50), np.geomspace(40, 16000, 50))
    ax.set_yscale("log")
    ax.set_title("the band opens")
    row = Figure(figsize=(6.0, 2.0), layout="constrained")
    for k, a in enumerate(row.subplots(1, 4, sharey=True)):
        a.bar(range(3), rng.random(3) * 10 ** k)
        a.set_title(f"feature {k}")
    column = Figure(figsize=(4.0, 4.0), layout="constrained")
    top, bottom = column.subplots(2, 1, sharex=True)
    top.plot(rng.random(20) * 1000)
    bottom.plot(rng.random(20) * 0.01)
    column.align_ylabels()
    top.set_ylabel("Hz")
    bottom.set_ylabel("level")
    twin = Figure(figsize=(4.0, 2.0), layout="constrained")
    ax = twin.add_subplot()
    ax.plot([0, 60], [0, 1])
    other = ax.twinx()
    other.plot([0, 60], [-30, 0], color="red")
    other.set_ylabel("dB")
    small = Figure(figsize=(1.6, 1.2), layout="constrained")
    ax = small.add_subplot()
    ax.plot([0, 123456], [0, 1])
    ax.set_title("a long title that takes room", fontsize=7)
    return [log, row, column, twin, small]


def _png(fig: Figure, monkeypatch, placed_once: bool) -> bytes:
    if not placed_once:
        monkeypatch.setattr(ticks, "_known", lambda: False)
    try:
        return figure_png(fig)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("which", range(5))
def test_ticks_placed_once_draw_the_picture_matplotlib_draws(which, monkeypatch):
    plain = _png(_figures()[which], monkeypatch, placed_once=False)
    once = _png(_figures()[which], monkeypatch, placed_once=True)
    assert once == plain


def test_a_figure_of_several_axes_places_its_ticks_far_fewer_times(monkeypatch):
    placings = []
    place = Axis._update_ticks
    monkeypatch.setattr(Axis, "_update_ticks", lambda self: placings.append(self) or place(self))
    figure_png(_figures()[1])
    placed_once = len(placings)
    placings.clear()
    monkeypatch.setattr(ticks, "_known", lambda: False)
    figure_png(_figures()[1])
    assert 0 < placed_once * 3 < len(placings)


def test_an_axis_whose_limits_change_places_its_ticks_again():
    fig = Figure(figsize=(4.0, 2.0))
    ax = fig.add_subplot()
    ax.plot([0, 10], [0, 1])
    with ticks_placed_once(fig):
        FigureCanvasAgg(fig).draw()
        ax.set_xlim(0, 1000)
        FigureCanvasAgg(fig).draw()
        labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[-1] == "1000" and "_course_ticks" not in vars(ax.xaxis)
    assert "_update_ticks" not in vars(ax.xaxis) and "_update_ticks" not in vars(ax.yaxis)


def test_with_other_tick_code_the_axes_are_left_alone(monkeypatch):
    monkeypatch.setattr(ticks, "_known", lambda: False)
    fig = Figure(figsize=(2.0, 1.0))
    ax = fig.add_subplot()
    with ticks_placed_once(fig):
        assert "_update_ticks" not in vars(ax.xaxis)


def test_ticks_placed_once_and_remembered_glyphs_refuse_what_is_not_a_figure_or_renderer():
    from scoring import ScoringError
    from scoring.render.dsp import mono
    from scoring.render.glyphs import remember_glyphs

    with pytest.raises(ScoringError, match="takes a matplotlib Figure"):
        with ticks_placed_once(None):
            pass
    with pytest.raises(ScoringError, match="Agg renderer"):
        remember_glyphs("renderer")
    with pytest.raises(ScoringError, match="NumPy array"):
        mono([[0.1, 0.2]])
