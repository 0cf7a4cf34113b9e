"""A kept figure drawn on its kept backdrop gives the same picture as the whole figure drawn anew:
for the panels' plots (a row of five, a roll over a curve, a roll over a silence map with a twin
axis, a motif's piano roll), the backdrop is used when only the marks change, and not when a tick
label or a limit changes."""
from __future__ import annotations

import pytest

from scoring import Motif
from scoring.render import backdrop, html

pytestmark = pytest.mark.skipif(not backdrop._known(), reason="the backdrop is kept with matplotlib 3.11 only")


def _drawn(make, *, whole: bool, monkeypatch) -> tuple[str, list[bool]]:
    """The picture ``make()`` gives, with the backdrop used where it can be (or never, ``whole``),
    and whether each drawing used it."""
    used: list[bool] = []
    real = backdrop.draw_on_backdrop

    def spy(fig, canvas, mark):
        done = False if whole else real(fig, canvas, mark)
        used.append(done)
        return done

    monkeypatch.setattr(html, "draw_on_backdrop", spy)
    return make(), used


def _feature(theme: str, genre: str):
    from scoring.genre import in_genre
    from scoring.genre_view import feature_plot

    return lambda: html.figure_png(feature_plot([in_genre(Motif.parse(theme, name="T"), genre)], labels=[""],
                                                figsize=(11.0, 1.6)), dpi=70, alt="features")


def _tension(text: str):
    from scoring.tension_view import tension_html

    return lambda: tension_html(Motif.parse(text, name="Build")).html


def _silence(text: str):
    from scoring.silence_view import silence_html

    return lambda: silence_html(Motif.parse(text, name="Knock", tempo=60)).html


def _roll(text: str):
    from scoring.core.plots import motif_figure

    return lambda: html.figure_png(motif_figure(Motif.parse(text, name="M")), alt="roll")


def _opening(at: float):
    import numpy as np

    from scoring.songs import RadioOpening
    from scoring.songs_view import opening_html

    y = np.random.default_rng(3).standard_normal((3 * 8000, 2)).astype(np.float32) * 0.1
    return lambda: opening_html(RadioOpening(at=at, over=1.0), y, 8000, compare=False).html


def _beat_grid(hits: list[float]):
    from scoring.sync import fit_tempo
    from scoring.sync_view import timeline

    def make():
        fig, ax = html.kept_figure("timeline under test", (9.5, 3.4))
        timeline(hits=hits, fit=fit_tempo(hits), ax=ax)
        return html.figure_png(fig, alt="timeline")
    return make


CASES = {   # a first drawing, then one whose backdrop is the same (only the marks differ)
    "feature row": (_feature("4/4 c4 e g c'", "western"), _feature("4/4 c4 e g c'", "western")),
    # a genre that brings other instrument families: the key names others, the panels stay as wide
    "feature row, other families": (_feature("4/4 c4 e g c'", "western"), _feature("4/4 c4 e g c'", "sci-fi")),
    "roll over tension": (_tension("4/4 c4 e g c' d' e' f' g'1"), _tension("4/4 c4 g e c' g' e' f' d'1")),
    "roll over silence, twin axis": (_silence("4/4 c4 r e g c'1"), _silence("4/4 c4 e r g c'1")),
    "motif roll": (_roll("4/4 c4 e g c'"), _roll("4/4 c4 g e c'")),
    # a spectrogram and a beat grid lie under the other marks, but over the ticks
    "spectrogram": (_opening(0.8), _opening(1.2)),
    "beat grid": (_beat_grid([0.0, 4.0, 9.5]), _beat_grid([0.0, 4.5, 9.5])),
}


@pytest.mark.parametrize("name", ["spectrogram", "beat grid"])
def test_a_mark_under_the_others_leaves_the_ticks_in_the_backdrop(name, monkeypatch):
    from matplotlib.axis import Axis

    fronts: list = []
    real = backdrop.draw_stamping
    monkeypatch.setattr(backdrop, "draw_stamping",
                        lambda drawn, renderer, stamps: (fronts.extend(drawn), real(drawn, renderer, stamps)))
    CASES[name][0]()
    CASES[name][1]()
    assert fronts, f"{name}: nothing was drawn on a backdrop"
    redrawn = {type(a).__name__ for _, front in fronts for a in front}
    assert not any(isinstance(a, Axis) for _, front in fronts for a in front), \
        f"{name}: the axes are drawn again at every answer ({sorted(redrawn)})"


@pytest.mark.parametrize("name", CASES)
def test_the_backdrop_gives_the_whole_drawings_picture(name, monkeypatch):
    first, second = CASES[name]
    first()
    kept, used = _drawn(second, whole=False, monkeypatch=monkeypatch)
    assert used[-1], f"{name}: the second drawing did not use the backdrop"
    first()
    anew, used_whole = _drawn(second, whole=True, monkeypatch=monkeypatch)
    assert not any(used_whole)
    assert kept == anew, f"{name}: the picture on the backdrop differs from the whole drawing"


def test_a_new_tick_label_or_limit_draws_the_whole_figure(monkeypatch):
    low, high = _roll("4/4 c4 e g c'"), _roll("4/4 c'4 e' g' c''")   # an octave up: new pitch labels
    low()
    _, used = _drawn(high, whole=False, monkeypatch=monkeypatch)
    assert used == [False]
    _, used = _drawn(high, whole=False, monkeypatch=monkeypatch)
    assert used == [True]


def test_a_mark_names_what_the_backdrop_shows():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    before, limits = backdrop.backdrop_mark(fig), ax.get_ylim()
    ax.set_xlabel("bar")
    assert backdrop.backdrop_mark(fig) != before
    ax.set_xlabel("")
    ax.set_ylim(0, 2)
    assert backdrop.backdrop_mark(fig) != before
    ax.set_ylim(*limits)
    ax.lines[0].set_ydata([1, 0])   # a mark, not the backdrop
    assert backdrop.backdrop_mark(fig) == before
    fig.text(0.5, 0.5, "on the figure")
    assert backdrop.backdrop_mark(fig) is None


def test_a_key_out_of_the_layout_counts_by_its_place_and_the_layout_by_its_rectangle():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label="strings")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1)).set_in_layout(False)
    before = backdrop.backdrop_mark(fig)
    ax.plot([0, 1], [1, 0], label="timpani and percussion")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1)).set_in_layout(False)
    assert backdrop.backdrop_mark(fig) == before       # a longer key, but the layout does not measure it
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    assert backdrop.backdrop_mark(fig) != before       # in the layout, its size moves the Axes
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1)).set_in_layout(False)
    fig.get_layout_engine().set(rect=(0, 0, 0.8, 1))
    assert backdrop.backdrop_mark(fig) != before       # the layout's rectangle places every Axes


def test_the_feature_rows_panels_keep_their_widths_whatever_families_play():
    from scoring.genre import GENRES, in_genre
    from scoring.genre_view import feature_plot

    widths, keys = set(), set()
    for genre in GENRES:
        fig = feature_plot([in_genre(Motif.parse("4/4 c4 e g c'", name="T"), genre)], labels=[""],
                           figsize=(11.0, 1.6))
        fig.canvas.draw()
        widths.add(tuple(round(ax.get_position().width, 4) for ax in fig.axes))
        keys.add(tuple(t.get_text() for t in fig.axes[-1].get_legend().get_texts()))
        html.figure_png(fig, alt="features")
    assert len(keys) > 3, "the genres should bring different instrument families"
    assert len(widths) == 1, widths


def test_a_text_reaching_out_of_its_axes_lays_the_figure_out_again():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    fig = Figure(figsize=(3, 2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    note = ax.text(0.5, 0.5, "in")
    canvas = FigureCanvasAgg(fig)
    backdrop.draw_keeping_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    note.set_position((1.4, 0.5))   # now beyond the right edge of the Axes
    assert not backdrop.draw_on_backdrop(fig, canvas, backdrop.backdrop_mark(fig))
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
