"""A legend beside its Axes is put back from its stamp when it looks the same, and the picture is
the same as drawing the whole figure; a legend that changes, overlaps a mark or another legend, or
draws past its box is drawn."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.errors import ScoringError
from scoring.render import backdrop, stamps

pytestmark = pytest.mark.skipif(not backdrop._known(), reason="the backdrop is kept with matplotlib 3.11 only")

OUTSIDE = {"loc": "upper left", "bbox_to_anchor": (1.05, 1)}


def _figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 2.5), dpi=72)
    ax = fig.add_axes((0.1, 0.15, 0.5, 0.75))
    ax.set(xlim=(0, 1), ylim=(0, 1))
    return fig, ax, FigureCanvasAgg(fig)


def _draw(ax, *, colour="C0", label="rising", lw=1.5, marker="", size=6.0, ys=(0.1, 0.9), key=None):
    for line in list(ax.lines):
        line.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.plot([0, 1], list(ys), color=colour, lw=lw, marker=marker, ms=size, label=label)
    ax.plot([0, 1], [0.5, 0.5], color="grey", label="level")
    ax.legend(**(key or OUTSIDE)).set_in_layout(False)   # a key in a strip of its own: its size asks nothing of the layout


def _pixels(canvas) -> np.ndarray:
    return np.asarray(canvas.buffer_rgba()).copy()


def _second(first: dict, second: dict, *, spy=None) -> tuple[np.ndarray, np.ndarray, bool]:
    """The second drawing on the first's backdrop, the same drawn whole, and whether it was on the backdrop."""
    fig, ax, canvas = _figure()
    _draw(ax, **first)
    backdrop.draw_keeping_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    _draw(ax, **second)
    on = backdrop.draw_on_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    kept = _pixels(canvas)
    backdrop.forget_backdrop(fig)
    canvas.draw()
    return kept, _pixels(canvas), on


def _legend_draws(monkeypatch) -> list:
    from matplotlib.legend import Legend

    drawn: list = []
    real = Legend.draw
    monkeypatch.setattr(Legend, "draw", lambda self, renderer: (drawn.append(self), real(self, renderer))[1])
    return drawn


def test_a_legend_that_looks_the_same_is_put_back_and_gives_the_same_picture(monkeypatch):
    drawn = _legend_draws(monkeypatch)
    fig, ax, canvas = _figure()
    _draw(ax, ys=(0.1, 0.9))
    backdrop.draw_keeping_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    assert len(drawn) == 1
    _draw(ax, ys=(0.9, 0.2))                       # new data, the same key
    assert backdrop.draw_on_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    assert len(drawn) == 1, "the key was drawn again, not put back"
    kept = _pixels(canvas)
    backdrop.forget_backdrop(fig)
    canvas.draw()
    assert np.array_equal(kept, _pixels(canvas))


@pytest.mark.parametrize("change", [{"colour": "C3"}, {"label": "falling"}, {"lw": 3.0}, {"marker": "o"},
                                    {"label": "a much longer name for the line"}])
def test_a_legend_that_looks_different_is_drawn_again(change, monkeypatch):
    drawn = _legend_draws(monkeypatch)
    kept, whole, on = _second({}, change)
    assert on and len(drawn) == 3   # first, on the backdrop, whole
    assert np.array_equal(kept, whole)


@given(first=st.fixed_dictionaries({"colour": st.sampled_from(["C0", "C1", "#123456"]),
                                    "label": st.sampled_from(["a", "rising", "the line ×1.5"]),
                                    "lw": st.sampled_from([0.5, 1.5, 4.0]), "marker": st.sampled_from(["", "o", "^"]),
                                    "size": st.sampled_from([4.0, 6.0, 12.0])}),
       second=st.fixed_dictionaries({"colour": st.sampled_from(["C0", "C1", "#123456"]),
                                     "label": st.sampled_from(["a", "rising", "the line ×1.5"]),
                                     "lw": st.sampled_from([0.5, 1.5, 4.0]), "marker": st.sampled_from(["", "o", "^"]),
                                     "size": st.sampled_from([4.0, 6.0, 12.0])}),
       ys=st.sampled_from([(0.1, 0.9), (0.9, 0.1), (0.5, 0.6)]))
@settings(max_examples=30, deadline=None)
def test_any_second_key_on_a_kept_backdrop_gives_the_whole_drawings_picture(first, second, ys):
    kept, whole, on = _second(first, {**second, "ys": ys})
    assert on
    assert np.array_equal(kept, whole)


def _stamped_after_two(key: dict, **look) -> dict:
    fig, ax, canvas = _figure()
    _draw(ax, key=key, **look)
    backdrop.draw_keeping_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    return fig._course_backdrop[3]


def test_only_a_legend_clear_of_the_marks_is_stamped():
    assert list(_stamped_after_two(OUTSIDE)) == [0]
    assert _stamped_after_two({"loc": "upper right"}) == {}               # inside the Axes, over the lines
    assert _stamped_after_two({"loc": "upper left", "bbox_to_anchor": (0.98, 1)}) == {}   # over the edge


def test_a_marker_reaching_past_the_keys_box_is_not_stamped():
    assert list(_stamped_after_two(OUTSIDE, marker="o", size=6.0)) == [0]
    assert _stamped_after_two(OUTSIDE, marker="o", size=60.0) == {}


def test_two_legends_that_overlap_are_both_drawn():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 3), dpi=72)
    top, bottom = fig.add_axes((0.1, 0.55, 0.5, 0.4)), fig.add_axes((0.1, 0.1, 0.5, 0.4))
    canvas = FigureCanvasAgg(fig)
    for ax in (top, bottom):
        for k in range(6):
            ax.plot([0, 1], [k, k], label=f"line {k}")
        ax.legend(**OUTSIDE)   # six entries each: the top key runs down past the bottom one's top
    backdrop.draw_keeping_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    assert fig._course_backdrop[3] == {}


def test_a_stamp_goes_when_its_legend_no_longer_fits_its_box():
    fig, ax, canvas = _figure()
    _draw(ax, marker="o")
    backdrop.draw_keeping_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    assert list(fig._course_backdrop[3]) == [0]
    _draw(ax, marker="o", size=60.0)
    assert backdrop.draw_on_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    assert fig._course_backdrop[3] == {}
    kept = _pixels(canvas)
    backdrop.forget_backdrop(fig)
    canvas.draw()
    assert np.array_equal(kept, _pixels(canvas))


def test_a_look_names_the_box_and_what_is_in_it():
    fig, ax, canvas = _figure()
    renderer = canvas.get_renderer()
    _draw(ax)
    first = stamps.legend_look(ax.get_legend(), renderer)
    _draw(ax, ys=(0.3, 0.4))
    assert stamps.legend_look(ax.get_legend(), renderer) == first
    _draw(ax, key={"loc": "upper left", "bbox_to_anchor": (1.1, 1)})
    assert stamps.legend_look(ax.get_legend(), renderer) != first        # moved
    _draw(ax, key={**OUTSIDE, "fontsize": 12})
    assert stamps.legend_look(ax.get_legend(), renderer) != first        # a larger font
    _draw(ax, key={**OUTSIDE, "alignment": "right"})
    assert stamps.legend_look(ax.get_legend(), renderer) != first        # the same box, the texts placed otherwise
    _draw(ax, key={**OUTSIDE, "shadow": True})
    assert stamps.legend_look(ax.get_legend(), renderer) is None         # a shadow falls past the box


def test_bad_input_is_named():
    fig, ax, canvas = _figure()
    with pytest.raises(ScoringError, match="Legend"):
        stamps.legend_look(ax, canvas.get_renderer())
    with pytest.raises(ScoringError, match="stamps"):
        stamps.draw_stamping([], canvas.get_renderer(), [])
    for fronts in (None, 3, "ax", [ax], [(ax, None)], [(None, [])], [(ax, [], [])]):
        with pytest.raises(ScoringError, match="fronts"):
            stamps.draw_stamping(fronts, canvas.get_renderer(), {})
