"""Text in plots drawn from remembered glyphs: the same pixels as matplotlib draws itself, for
every size, angle, place within a pixel, antialiasing and formula; and the memory stays bounded."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from scoring.render import glyphs
from scoring.render.glyphs import remember_glyphs

pytestmark = pytest.mark.skipif(not glyphs._known(), reason="glyphs are remembered with matplotlib 3.11 only")


def _texts(seed: int) -> Figure:
    """A figure full of text: titles, tick labels, a legend and notes at many sizes and angles, placed
    at positions that fall anywhere within a pixel, some not antialiased, one a formula."""
    rng = np.random.default_rng(seed)
    fig = Figure(figsize=(4.0, 3.0), dpi=72 + seed)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label="Hero's theme")
    ax.set_title("Night Run: 3 hits, 0.4 s apart")
    ax.set_xlabel("seconds")
    ax.set_ylabel("pitch (MIDI)")
    ax.legend()
    for k in range(30):
        ax.text(rng.random(), rng.random(), "Agj ♭♯ " + str(k), fontsize=rng.choice([5, 7.5, 9, 12, 17]),
                rotation=rng.choice([0, 90, 33.3, -12]), antialiased=bool(k % 5))
    ax.text(0.5, 0.1, r"$f = 440 \cdot 2^{n/12}$")
    return fig


def _same_places() -> Figure:
    """The same words at the same places within a pixel (whole pixels apart), at other angles, sizes
    and antialiasing: a glyph remembered for one must not be drawn for another."""
    from matplotlib.transforms import IdentityTransform

    fig = Figure(figsize=(5.0, 4.0), dpi=72)
    for i, angle in enumerate((0, 90, 45, 33.3)):
        for j, (size, smooth) in enumerate(((9, True), (9, False), (12, True), (12, False))):
            fig.text(20.25 + 80 * i, 20.5 + 70 * j, "Agj 7", fontsize=size, rotation=angle, rotation_mode="anchor",
                     antialiased=smooth, transform=IdentityTransform())
    return fig


def _pixels(fig: Figure, remember: bool) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    if remember:
        assert remember_glyphs(renderer)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_remembered_glyphs_draw_the_pixels_matplotlib_draws(seed):
    glyphs._glyphs.clear()
    glyphs._layouts.clear()
    plain = _pixels(_texts(seed), remember=False)
    first = _pixels(_texts(seed), remember=True)      # every glyph rasterised and kept
    again = _pixels(_texts(seed), remember=True)      # every glyph drawn from memory
    assert len(glyphs._glyphs) > 50
    assert np.array_equal(plain, first) and np.array_equal(plain, again)


def test_a_glyph_is_remembered_for_its_angle_size_and_antialiasing():
    glyphs._glyphs.clear()
    plain = _pixels(_same_places(), remember=False)
    assert np.array_equal(_pixels(_same_places(), remember=True), plain)
    assert np.array_equal(_pixels(_same_places(), remember=True), plain)


def test_a_renderer_is_given_the_remembering_drawing_once():
    renderer = FigureCanvasAgg(Figure()).get_renderer()
    assert remember_glyphs(renderer) and remember_glyphs(renderer)
    assert vars(renderer)["draw_text"].__func__ is glyphs._draw_text


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(glyphs, "MOST_GLYPHS", 40)
    monkeypatch.setattr(glyphs, "MOST_LAYOUTS", 8)
    glyphs._glyphs.clear()
    glyphs._layouts.clear()
    plain = _pixels(_texts(4), remember=False)
    assert np.array_equal(_pixels(_texts(4), remember=True), plain)
    assert len(glyphs._glyphs) <= 40 and len(glyphs._layouts) <= 8


def test_a_matplotlib_that_draws_text_otherwise_keeps_its_own_drawing(monkeypatch):
    """Any change to the text drawing replayed here (a new release's) turns the memory off."""
    from matplotlib.backends.backend_agg import RendererAgg

    drawing = RendererAgg._prepare_font

    def changed(self, font_prop):   # the same work, written otherwise
        return drawing(self, font_prop)

    monkeypatch.setattr(RendererAgg, "_prepare_font", changed)
    glyphs._known.cache_clear()
    try:
        renderer = FigureCanvasAgg(Figure()).get_renderer()
        assert not remember_glyphs(renderer) and "draw_text" not in vars(renderer)
    finally:
        monkeypatch.undo()
        glyphs._known.cache_clear()
    assert glyphs._known()
