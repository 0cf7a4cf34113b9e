"""Text in plots, drawn from glyphs already rasterised: matplotlib's Agg renderer lays out and
rasterises every glyph of every text on every drawing (FreeType each time), though a panel draws the
same tick labels, titles and legends again at each change. :func:`remember_glyphs` gives a renderer
a text drawing that keeps what it laid out and rasterised, and draws the same pixels.

A glyph's picture depends on its font, size, resolution, angle, hinting, antialiasing and where it
falls within a pixel (a 64th of a pixel); moved by whole pixels it is the same picture, moved. Those
are the keys. Only matplotlib 3.11.2's way of drawing text is known here (its source is checked):
with any other the renderer is left as it is, and the test run's header says so.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import math
import types
from collections.abc import Hashable
from functools import lru_cache

import numpy as np

from scoring.errors import ScoringError

__all__ = ["remember_glyphs"]

#: The most glyph pictures and text layouts kept (a few MB at most); past it they are forgotten.
MOST_GLYPHS, MOST_LAYOUTS = 4096, 1024

_glyphs: dict[tuple, tuple] = {}    # (font, size, dpi, glyph, angle, 64ths of x and y, flags, antialias) -> picture
_layouts: dict[tuple, tuple] = {}   # (font, text, size, dpi, flags, features, language) -> glyphs and font


def remember_glyphs(renderer) -> bool:
    """Give a matplotlib Agg ``renderer`` a text drawing that keeps the glyphs it rasterised (the
    same pixels, drawn sooner the next time). Returns whether it did: it does where matplotlib draws
    text with the code of 3.11.2 (its source is checked), and leaves the renderer as it is elsewhere. TeX-like formulas
    ($x^2$) are drawn by matplotlib as before.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(2, 1)); _ = fig.add_subplot().set_title("Hero")
    >>> renderer = FigureCanvasAgg(fig).get_renderer()
    >>> remember_glyphs(renderer) == _known()
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    from matplotlib.backends.backend_agg import RendererAgg

    if not isinstance(renderer, RendererAgg):
        raise ScoringError(f"remember_glyphs() takes a matplotlib Agg renderer (canvas.get_renderer()), "
                           f"not {type(renderer).__name__}")
    if not _known():
        return False
    if "draw_text" not in vars(renderer):
        renderer.draw_text = types.MethodType(_draw_text, renderer)
    return True


#: The digest of matplotlib 3.11.2's text drawing (``RendererAgg.draw_text``,
#: ``_draw_text_glyphs_and_boxes``, ``_prepare_font``), the drawing :func:`_draw_text` replays.
KNOWN_DRAWING = "dd699036be79f561"


@lru_cache(maxsize=1)
def _known() -> bool:
    """Whether this matplotlib draws text with exactly the code replayed here (any change to it,
    in any release, turns the memory off: plots are then drawn by matplotlib alone)."""
    from matplotlib.backends.backend_agg import RendererAgg

    return source_digest(lambda: (RendererAgg.draw_text, RendererAgg._draw_text_glyphs_and_boxes,
                                  RendererAgg._prepare_font)) == KNOWN_DRAWING


def source_digest(functions) -> str:
    """The first 16 hex digits of the SHA-256 digest of the source of the functions that
    ``functions()`` returns: what a replay of matplotlib's code checks before it runs ("" where a
    function is missing or its source cannot be read).

    Examples
    --------
    >>> len(source_digest(lambda: (source_digest,))), source_digest(lambda: (len,))
    (16, '')

    Lesson: lessons/00_first_motif.ipynb
    """
    import hashlib
    import inspect

    try:
        source = "".join(inspect.getsource(f) for f in functions())
    except (AttributeError, OSError, TypeError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """matplotlib 3.11's ``RendererAgg.draw_text`` for plain text, each layout and glyph picture kept."""
    from matplotlib.backends.backend_agg import get_hinting_flag
    from matplotlib.ft2font import RenderMode

    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    if ismath or not isinstance(features, Hashable) or not isinstance(language, Hashable):
        return type(self).draw_text(self, gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
    font = self._prepare_font(prop)
    flags = get_hinting_flag()
    size = prop.get_size_in_points()
    key = (id(font), s, size, self.dpi, flags, features, language)
    laid = _layouts.get(key)
    if laid is None:
        items = font._layout(s, flags=flags, features=features, language=language)
        laid = ([(item.ft_object, item.glyph_index, item.x, item.y) for item in items], font)  # the font kept alive
        if len(_layouts) >= MOST_LAYOUTS:
            _layouts.clear()
        _layouts[key] = laid
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    turn = None
    antialiased = gc.get_antialiased()
    height = self.height
    for face, index, dx, dy in laid[0]:               # dy is upwards
        # where the glyph's origin falls, in 64ths of a pixel (FreeType's y is upwards)
        fx, fy = round(0x40 * (x + dx * cos - dy * sin)), round(0x40 * (height - y + dx * sin + dy * cos))
        gkey = (id(face), size, self.dpi, index, angle, fx & 63, fy & 63, flags, antialiased)
        glyph = _glyphs.get(gkey)
        if glyph is None:
            if turn is None:
                turn = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
            face.set_size(size, self.dpi)
            face._set_transform(turn, [fx & 63, fy & 63])
            bitmap = face._render_glyph(index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
            buffer = np.array(bitmap.buffer)           # a copy: FreeType's is reused
            if not antialiased:
                buffer *= 0xff
            glyph = (buffer, bitmap.left, bitmap.top, face)
            if len(_glyphs) >= MOST_GLYPHS:
                _glyphs.clear()
            _glyphs[gkey] = glyph
        buffer, left, top, _ = glyph
        # moved by whole pixels: (fx >> 6, fy >> 6); draw_text_image's y is downwards, at the bitmap's bottom
        self._renderer.draw_text_image(buffer, left + (fx >> 6), int(height) - (top + (fy >> 6)) + buffer.shape[0],
                                       0, gc)
