"""HTML for the notebook: escaping, images, players, cards and figures, all self-contained.

Everything is an HTML string with embedded data URIs (SVG notation, MP3 sound, PNG plots), so a
committed notebook shows it the moment it is opened, even untrusted, and offline. This engine
knows no motif: it takes text, SVG, samples and figures. Every piece of user text that reaches
HTML goes through :func:`escape`.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import base64
import html as _html
import io
import os
import re
import threading
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.backdrop import backdrop_mark, draw_keeping_backdrop, draw_on_backdrop
from scoring.render.checks import axes as check_axes
from scoring.render.checks import figure, flag, items, number, show, whole
from scoring.render.checks import figsize as check_figsize
from scoring.render.files import flac_bytes, mp3_bytes
from scoring.render.glyphs import remember_glyphs
from scoring.render.ticks import ticks_placed_once

__all__ = ["HTML", "escape", "img_tag", "svg_img", "png_img", "figure_png", "kept_figure", "twin_axes", "audio_tag", "answering",
           "player_sound", "PANEL_SOUNDS", "video_tag",
           "card", "grid", "css_length"]

#: A CSS length a caller may give for an image's width (``"100%"``, ``"480px"``, ``"30em"``).
_CSS_LENGTH = re.compile(r"^\d{1,5}(\.\d{1,3})?(%|px|em|rem|vw)$")


class HTML:
    """A piece of HTML that a notebook displays (and that prints its text in a terminal).

    Examples
    --------
    >>> HTML("<b>hit</b>", "hit")
    hit

    Lesson: lessons/00_first_motif.ipynb
    """

    def __init__(self, html: str, text: str = ""):
        if not isinstance(html, str) or not isinstance(text, str):
            raise ScoringError(f"HTML takes text: html={show(html)}, text={show(text)}; give strings")
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The HTML; where it is one PNG picture alone (a plot, from :func:`figure_png`), the picture
        as ``image/png`` too, its alt text in the metadata. JupyterLab and the course site show the
        HTML, alt text and all (a bundle shows one of its forms); nbconvert's LaTeX and PDF exports,
        which leave HTML out, keep the plot."""
        lone = _LONE_PNG.fullmatch(self.html)
        if lone is None:
            return {"text/html": self.html}
        return ({"text/html": self.html, "image/png": lone["data"]},
                {"image/png": {"alt": _html.unescape(lone["alt"])}})

    def __repr__(self) -> str:
        return self.text or "<HTML>"


#: How :func:`captioned_figure` opens its figure and its caption.
_FIGURE, _CAPTION = '<figure style="margin:4px 0">', '<figcaption style="font-size:0.85em;color:#444">'
#: One PNG picture alone, as :func:`png_img` writes it, or with its caption (:func:`captioned_figure`).
_LONE_PNG = re.compile(f'(?:{re.escape(_FIGURE)})?'
                       r'<img src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)" alt="(?P<alt>[^"]*)" '
                       r'style="max-width:[^";]+">'
                       f'(?:{re.escape(_CAPTION)}[^<]*</figcaption></figure>)?')


def escape(text: object) -> str:
    """``text`` made safe inside HTML and attribute values (``<``, ``>``, ``&``, ``"`` and ``'``).

    Examples
    --------
    >>> escape('<b onclick="x">Tom\\'s</b>')
    '&lt;b onclick=&quot;x&quot;&gt;Tom&#x27;s&lt;/b&gt;'

    Lesson: lessons/00_first_motif.ipynb
    """
    return _html.escape(str(text), quote=True)


def css_length(value: object) -> str:
    """A CSS length checked to be only a number and a unit, so it cannot break out of a style.

    Examples
    --------
    >>> css_length("100%"), css_length("480px")
    ('100%', '480px')

    Lesson: lessons/00_first_motif.ipynb
    """
    text = str(value).strip()
    if not _CSS_LENGTH.match(text):
        raise ScoringError(f"{value!r} is not a CSS length; write a number and a unit, like '100%' or '480px'")
    return text


def img_tag(svg_text: str, *, alt: str = "notation", max_width: str = "100%") -> str:
    """An HTML ``<img>`` holding an SVG as a data URI: shows even in an untrusted notebook.

    Examples
    --------
    >>> img_tag("<svg/>", alt="a rest")
    '<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="a rest" style="max-width:100%;background:white">'

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(svg_text, str):
        raise ScoringError(f"svg_text={show(svg_text)} is not SVG text; give what .svg() returns")
    data = base64.b64encode(svg_text.encode("utf-8", "replace")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}" '
            f'style="max-width:{css_length(max_width)};background:white">')


svg_img = img_tag


def png_img(png: bytes, *, alt: str, max_width: str = "100%") -> str:
    """An ``<img>`` holding PNG bytes as a data URI, with its alt text.

    Examples
    --------
    >>> png_img(b"\\x89PNG", alt="a plot")
    '<img src="data:image/png;base64,iVBORw==" alt="a plot" style="max-width:100%">'

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(png, (bytes, bytearray, memoryview)):
        raise ScoringError(f"png={show(png)} is not PNG bytes; give the bytes of a PNG picture")
    data = base64.b64encode(bytes(png)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}" style="max-width:{css_length(max_width)}">'


def figure_png(fig, *, dpi: int = 80, alt: str = "plot") -> str:
    """A matplotlib figure as an ``<img>`` PNG data URI (the figure is closed afterwards: do not
    draw on it again; one from :func:`kept_figure` goes back to be drawn on anew).

    The PNG carries no timestamp or software tag, so the same figure gives the same bytes. Text
    is drawn as written (a ``$`` starts no TeX formula), so any name can be a label.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1)); _ = ax.plot([0, 1])
    >>> figure_png(fig, alt="a line")[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/01_mood.ipynb
    """
    import matplotlib.pyplot as plt

    figure(fig)
    dpi = whole(dpi, "dpi", "give dots per inch, like 80", lo=10, hi=300)
    w, h = fig.get_size_inches()
    if w * h * dpi * dpi > 25e6:
        raise ScoringError(f"a {w:g} x {h:g} inch figure at {dpi} dpi is over 25 million pixels; make it smaller, "
                           "like figsize=(9, 3) at dpi=80")
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    _text_as_written(fig)
    buf = io.BytesIO()
    if isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        with _kept_lock:
            redrawn = fig in _kept
        _constrained_png(fig, dpi, buf, quick=redrawn, backdrop=redrawn)
    else:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    _give_back(fig)
    return png_img(buf.getvalue(), alt=alt)


def captioned_figure(fig, *, alt: str, dpi: int = 72) -> HTML:
    """A matplotlib figure as a picture (:func:`figure_png`) with its alt text also written under
    it as a small caption, for a figure whose reading a sighted student needs too.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1)); _ = fig.add_subplot().plot([0, 1])
    >>> shown = captioned_figure(fig, alt="a line that rises")
    >>> shown, shown.html.endswith("a line that rises</figcaption></figure>")
    (a line that rises, True)

    Lesson: lessons/03_leitmotif.ipynb
    """
    return HTML(f"{_FIGURE}{figure_png(fig, dpi=dpi, alt=alt)}{_CAPTION}{escape(alt)}</figcaption></figure>", alt)


def _text_as_written(fig) -> None:
    """Draw every text of ``fig`` that a caller wrote (titles, labels, legends, notes, tick labels
    it named) as written, never as TeX ('$\\kazoo$' is a name, not a formula); the tick labels
    matplotlib makes itself (a log axis's 10³) keep their mathtext."""
    from matplotlib.text import Text
    from matplotlib.ticker import LogFormatter, ScalarFormatter

    made = set()
    axes = list(fig.axes) + [child for ax in fig.axes for child in ax.child_axes]
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            made.add(id(axis.offsetText))
            # get_*_ticks() makes every tick its locator places, as drawing (and findobj) will
            for formatter, ticks in ((axis.get_major_formatter(), axis.get_major_ticks()),
                                     (axis.get_minor_formatter(), axis.get_minor_ticks())):
                if isinstance(formatter, (ScalarFormatter, LogFormatter)):   # numbers it writes itself
                    made.update(id(label) for tick in ticks for label in (tick.label1, tick.label2))
    for label in fig.findobj(Text):
        if id(label) not in made:
            label.set_parse_math(False)


_kept_lock = threading.Lock()
_idle: dict[object, list] = {}                         # key -> kept figures figure_png has finished with
_kept: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # kept figure -> its key


def kept_figure(key, figsize: tuple[float, float], *, rows: int = 1, height_ratios: Sequence[float] | None = None,
                cols: int = 1, width_ratios: Sequence[float] | None = None):
    """A figure with empty Axes (constrained layout) to draw one kind of plot on and hand to
    :func:`figure_png`, which gives it back: the next call with the same ``key`` draws on the same
    figure again (emptied), skipping the making of a figure, its Axes and their ticks, and its
    Agg renderer keeps what it measured of the text. ``key`` names the kind of plot (what is drawn
    on it sets the same things every time); ``figsize`` is in inches, checked by the caller. Its
    grids and ticks lie under what is drawn (``set_axisbelow(True)``), so the next drawing with the
    same frame, ticks and labels draws only the marks again (:mod:`scoring.render.backdrop`).

    With ``rows`` above 1 the figure holds that many Axes in a column, sharing their time axis
    (``height_ratios`` sets their heights), and the second value returned is the tuple of them; a
    twin Axes drawn on one of them (:func:`twin_axes`) is kept and emptied with it. With ``cols``
    above 1 it holds that many Axes in a row, sharing their y axis (``width_ratios`` sets their
    widths): a row of measurements of the same things.

    Examples
    --------
    >>> fig, ax = kept_figure("example line", (2.0, 1.0))
    >>> _ = ax.plot([0, 1]); tag = figure_png(fig, alt="a line")
    >>> kept_figure("example line", (2.0, 1.0))[0] is fig, len(ax.lines)
    (True, 0)
    >>> fig, (top, bottom) = kept_figure("example roll and curve", (4.0, 3.0), rows=2, height_ratios=(3, 2))
    >>> top.get_shared_x_axes().joined(top, bottom)
    True
    >>> fig, (left, right) = kept_figure("example two measures", (4.0, 2.0), cols=2, width_ratios=(2, 1))
    >>> left.get_shared_y_axes().joined(left, right)
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    parts = key if isinstance(key, tuple) else (key,)
    if not parts or not all(isinstance(k, str) and k for k in parts):
        raise ScoringError("key: name the kind of plot with a short text, like 'piano roll'")
    rows = whole(rows, "rows", "give the number of plots in the column, like 2", lo=1, hi=6)
    cols = whole(cols, "cols", "give the number of plots in the row, like 5", lo=1, hi=8)
    if rows > 1 and cols > 1:
        raise ScoringError(f"rows={rows} and cols={cols}: a kept figure is one column or one row of plots; "
                           "give one of them, and 1 for the other")
    height = _ratios(height_ratios, rows, "height_ratios", "give one positive height per row, like (3, 2)")
    width = _ratios(width_ratios, cols, "width_ratios", "give one positive width per plot, like (2, 1)")
    key = (key, check_figsize(figsize), rows, height, cols, width)
    with _kept_lock:
        idle = _idle.get(key)
        fig = idle.pop() if idle else None
    if fig is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=key[1], layout="constrained")
        FigureCanvasAgg(fig)
        if rows > 1:
            fig.subplots(rows, 1, sharex=True, gridspec_kw={"height_ratios": height} if height else None)
        elif cols > 1:
            fig.subplots(1, cols, sharey=True, gridspec_kw={"width_ratios": width} if width else None)
        else:
            fig.add_subplot()
        made = tuple(fig.axes)
        for ax in made:   # grid and ticks under the marks: the backdrop a panel's next answer draws on
            ax.set_axisbelow(True)
        with _kept_lock:
            _kept[fig] = (key, made)
        return fig, (made[0] if len(made) == 1 else made)
    with _kept_lock:
        made = _kept[fig][1]
    for ax in fig.axes:
        _empty(fig, ax)
    return fig, (made[0] if len(made) == 1 else made)


def _ratios(given, count: int, name: str, fix: str) -> tuple[float, ...] | None:
    """``height_ratios`` or ``width_ratios`` of a kept figure, checked: one positive number per plot."""
    if given is None:
        return None
    ratios = tuple(number(r, name[:-1].replace("_", " "), fix, lo=0.01, hi=100)
                   for r in items(given, name, fix, most=count))
    if len(ratios) != count:
        raise ScoringError(f"{name}={show(given)}: {fix}")
    return ratios


def twin_axes(ax):
    """A twin of ``ax`` sharing its x axis, with its own y axis on the right: the one made for it
    before, emptied, when ``ax`` belongs to a :func:`kept_figure`; a new one (``ax.twinx()``) otherwise.

    Examples
    --------
    >>> fig, ax = kept_figure("example twin", (3.0, 2.0))
    >>> twin = twin_axes(ax); _ = twin.plot([0, 1]); tag = figure_png(fig, alt="two scales")
    >>> fig2, ax2 = kept_figure("example twin", (3.0, 2.0))
    >>> twin_axes(ax2) is twin, len(twin.lines)
    (True, 0)

    Lesson: lessons/05_silence.ipynb
    """
    if ax is None:
        raise ScoringError("ax: give the matplotlib Axes to twin, like ax from plt.subplots()")
    fig = check_axes(ax).figure
    with _kept_lock:
        kept = fig in _kept
    if kept:
        for other in fig.axes:
            if other is not ax and getattr(other, "_course_twin_of", None) is ax:
                return other
    twin = ax.twinx()
    twin._course_twin_of = ax
    return twin


def _empty(fig, ax) -> None:
    """Take everything drawn off a kept figure's Axes and set it as a new Axes starts."""
    from matplotlib.ticker import AutoLocator, NullFormatter, NullLocator, ScalarFormatter

    for container in list(ax.containers):  # bars' containers name the legend's entries
        container.remove()
    for group in (ax.lines, ax.patches, ax.texts, ax.images, ax.collections, ax.tables, ax.artists):
        for artist in list(group):
            artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_axis_on()
    ax.grid(False)
    ax.set_prop_cycle(None)   # the next line, bar or patch takes the first colour again
    for axis, scale in ((ax.xaxis, ax.set_xscale), (ax.yaxis, ax.set_yscale)):
        if axis.get_scale() != "linear":   # a log axis goes back to linear, its ticks kept to be placed anew
            scale("linear")
    for axis in (ax.xaxis, ax.yaxis):  # ticks as a new Axes places them (a plot may have fixed its own)
        if not (axis.isDefault_majloc and axis.isDefault_majfmt and axis.isDefault_minloc and axis.isDefault_minfmt):
            axis.set_major_locator(AutoLocator())
            axis.set_major_formatter(ScalarFormatter())
            axis.set_minor_locator(NullLocator())
            axis.set_minor_formatter(NullFormatter())
            axis.isDefault_majloc = axis.isDefault_majfmt = axis.isDefault_minloc = axis.isDefault_minfmt = True
    ax.set_xlim(0, 1)  # not inverted, as a new Axes starts
    ax.set_ylim(0, 1)
    ax.ignore_existing_data_limits = True
    ax.set_autoscale_on(True)
    ax.set_position(ax.get_subplotspec().get_position(fig))  # where a new figure's Axes starts: the same layout
    ax.set_in_layout(True)


def _give_back(fig) -> None:
    """Put a :func:`kept_figure` back for the next plot of its kind, unless more was drawn on it
    than its own Axes (and twins of them from :func:`twin_axes`) with an automatic aspect (then it
    is left to the garbage collector)."""
    with _kept_lock:
        entry = _kept.get(fig)
    if entry is None:
        return
    key, made = entry
    extra = [a for a in fig.axes if a not in made]
    plain = all(getattr(a, "_course_twin_of", None) in made for a in extra) and all(a in fig.axes for a in made)
    if not plain or fig.subfigs or fig.texts or fig.legends or fig.images or fig.lines or fig.patches \
            or fig.artists or any(a.get_aspect() != "auto" for a in fig.axes):
        with _kept_lock:
            _kept.pop(fig, None)
        return
    with _kept_lock:
        idle = _idle.setdefault(key, [])
        if all(f is not fig for f in idle) and len(idle) < 2:
            idle.append(fig)


def _constrained_png(fig, dpi: int, buf, *, quick: bool = False, backdrop: bool = False) -> None:
    """Save a figure whose constrained layout keeps every artist inside it as PNG, cropped to what
    is drawn plus matplotlib's ``savefig.pad_inches``: the picture ``bbox_inches="tight"`` gives,
    for one drawing of the figure instead of two and a measuring pass (the crop is found in the
    pixels, so it may differ from "tight" by a pixel or two). ``quick`` compresses the PNG at
    zlib's quickest level, for a plot drawn again at every change of a panel: the same pixels,
    about 5-10 % more bytes, written in a third to two thirds of the time. ``backdrop`` keeps the
    figure's backdrop for its next drawing, and draws on the last one kept where it is the same
    (:mod:`scoring.render.backdrop`): for a kept figure, drawn again at every change of a panel."""
    import matplotlib as mpl
    import PIL.Image
    import PIL.PngImagePlugin
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgba

    canvas, old_dpi, engine = fig.canvas, fig.dpi, fig.get_layout_engine()
    with ticks_placed_once(fig):  # each axis places its ticks once per size, not at every question
        try:
            fig.dpi = dpi
            # an Agg canvas keeps its renderer
            agg = canvas if type(canvas) is FigureCanvasAgg else FigureCanvasAgg(fig)
            renderer = agg.get_renderer()
            renderer._get_font_height_metrics = lambda prop: _font_heights(prop, renderer.dpi)
            remember_glyphs(renderer)
            _at_their_places(fig)   # where a new figure's Axes start, whatever drew this one before
            mark = backdrop_mark(fig, renderer) if backdrop else None
            once = draw_on_backdrop(fig, agg, mark)   # the same backdrop as last time: only the marks drawn
            if not once:
                _at_their_places(fig)
                once = _lay_out_one_axes(fig, renderer) or _lay_out_once(fig, renderer)
                if once:
                    fig.set_layout_engine("none")
                draw_keeping_backdrop(fig, agg, mark)
            pixels = np.asarray(agg.buffer_rgba())
            face = np.round(np.asarray(to_rgba(fig.get_facecolor())) * 255).astype(np.uint8)
            ink = _ink(pixels, face)
            if once and (ink[0].any() or ink[-1].any() or ink[:, 0].any() or ink[:, -1].any()):
                # a decoration outgrew its measure and reaches the edge: the engine's two passes, from the start
                _at_their_places(fig)
                fig.set_layout_engine(engine)
                draw_keeping_backdrop(fig, agg, None)
                pixels = np.asarray(agg.buffer_rgba())
                ink = _ink(pixels, face)
        finally:
            fig.set_canvas(canvas)
            fig.dpi = old_dpi
            if fig.get_layout_engine() is not engine:
                fig.set_layout_engine(engine)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        rows = cols = np.array([0])
    pad = int(round(float(mpl.rcParams["savefig.pad_inches"]) * dpi))
    top, bottom, left, right = rows[0] - pad, rows[-1] + 1 + pad, cols[0] - pad, cols[-1] + 1 + pad
    out = np.empty((bottom - top, right - left, 4), dtype=np.uint8)
    out[:] = face
    y0, y1, x0, x1 = max(top, 0), min(bottom, len(pixels)), max(left, 0), min(right, pixels.shape[1])
    out[y0 - top:y1 - top, x0 - left:x1 - left] = pixels[y0:y1, x0:x1]
    if out[:, :, 3].min() == 255:  # opaque: the same picture without its alpha channel, smaller and quicker
        out = out[:, :, :3]
    # what savefig writes: the dpi, and no text chunk (no software tag, no time)
    PIL.Image.fromarray(np.ascontiguousarray(out)).save(buf, format="png", dpi=(dpi, dpi),
                                                        compress_level=1 if quick else 6,
                                                        pnginfo=PIL.PngImagePlugin.PngInfo())


def _ink(pixels: np.ndarray, face: np.ndarray) -> np.ndarray:
    """Where an RGBA picture (rows, columns, 4 bytes) differs from the colour ``face``: each pixel's
    four bytes compared as one 32-bit word (fifty times quicker than four bytes and ``any``)."""
    return np.ascontiguousarray(pixels).view(np.uint32)[..., 0] != face.view(np.uint32)[0]


_RC_FONT = tuple(f"font.{k}" for k in ("family", "style", "variant", "weight", "stretch", "size", "serif",
                                       "sans-serif", "cursive", "fantasy", "monospace"))


def _font_heights(prop, dpi: float) -> tuple:
    """(ascent, descent, line gap) in pixels of the font ``prop`` names at ``dpi``: what matplotlib
    (3.11) reads from the font's tables for every text it lays out, read once per font, size and
    setting. matplotlib asks a renderer that offers it (``_get_font_height_metrics``) instead of
    reading the tables itself; the numbers are its own, computed the same way."""
    import matplotlib as mpl
    from matplotlib import font_manager

    rc = mpl.rcParams
    # the font settings, read as stored (a list of family names as a tuple, so the key hashes)
    settings = tuple(tuple(v) if type(v) is list else v for v in [dict.__getitem__(rc, k) for k in _RC_FONT])
    fonts = font_manager.fontManager    # and the fonts it knows: one added later may be the one a prop names
    # a FontProperties is equal to another of the same hash
    key = (hash(prop), dpi, settings, fonts, len(fonts.ttflist), len(fonts.afmlist))
    found = _heights.get(key)
    if found is None:
        if len(_heights) > 256:
            _heights.clear()
        found = _heights[key] = _read_font_heights(prop, dpi)
    return found


_heights: dict[tuple, tuple] = {}


def _read_font_heights(prop, dpi: float) -> tuple:
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


def _at_their_places(fig) -> None:
    """Put each Axes the layout places back where its subplot spec starts it, as in a new figure
    (a figure drawn before would otherwise be measured where its last layout left it)."""
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None and ax.get_in_layout():
            ax.set_position(spec.get_position(fig))
            ax.set_in_layout(True)   # set_position takes an Axes out of the layout; it stays in


def _lay_out_once(fig, renderer) -> bool:
    """Place the Axes of a figure of one column of plots as its constrained layout does, with
    matplotlib's own layout steps taken once: the engine takes them twice, measuring every
    decoration again in case a tick label changed with the new size. In a column that can only move
    the shared margins, which :func:`_constrained_png` checks (nothing may reach the figure's edge);
    side by side a tick label could run into its neighbour's, so other figures keep their engine,
    as do compressed layouts, Axes that would collapse, and a matplotlib whose steps are not
    3.11's. Returns whether it laid the figure out."""
    import matplotlib
    from matplotlib import _constrained_layout as steps

    engine = fig.get_layout_engine()
    if tuple(int(p) for p in matplotlib.__version__.split(".")[:2]) != (3, 11) or getattr(engine, "_compress", True):
        return False
    specs = {ax.get_subplotspec().get_gridspec() for ax in fig.axes
             if ax.get_subplotspec() is not None and ax.get_in_layout()}
    if fig.subfigs or len(specs) != 1 or specs.pop().get_geometry()[1] != 1:
        return False
    params = engine.get()
    width, height = fig.get_size_inches()
    pads = {"h_pad": params["h_pad"] / height, "w_pad": params["w_pad"] / width}
    grids = steps.make_layoutgrids(fig, None, rect=params["rect"])
    if not grids["hasgrids"]:
        return False
    steps.make_layout_margins(grids, fig, renderer, hspace=params["hspace"], wspace=params["wspace"], **pads)
    steps.make_margin_suptitles(grids, fig, renderer, **pads)
    steps.match_submerged_margins(grids, fig)
    grids[fig].update_variables()
    if not steps.check_no_collapsed_axes(grids, fig):
        return False
    steps.reposition_axes(grids, fig, renderer, hspace=params["hspace"], wspace=params["wspace"], **pads)
    return True


def _lay_out_one_axes(fig, renderer) -> bool:
    """Place a figure's only Axes as its constrained layout does, measuring the Axes' decorations
    once (the layout engine measures them twice, and that costs more than drawing the figure).
    Returns False, changing nothing, for any other figure (several Axes, colorbars, a suptitle, a
    fixed aspect, a custom rectangle), which keeps its layout engine."""
    from matplotlib.transforms import Bbox

    engine = fig.get_layout_engine()
    params = engine.get()
    plain = (len(fig.axes) == 1 and not fig.subfigs and not params.get("compress")
             and tuple(params.get("rect", (0, 0, 1, 1))) == (0, 0, 1, 1)
             and not any(getattr(fig, f"get_{part}", lambda: "")() for part in ("suptitle", "supxlabel", "supylabel")))
    ax = fig.axes[0] if plain else None
    spec = ax.get_subplotspec() if ax is not None else None
    if spec is None or spec.get_gridspec().get_geometry() != (1, 1) or not ax.get_in_layout() \
            or ax.get_aspect() != "auto":
        return False
    width, height = fig.get_size_inches()
    w_pad, h_pad = params["w_pad"] / width, params["h_pad"] / height
    pos = ax.get_position(original=True)
    ink = ax.get_tightbbox(renderer, for_layout_only=True)
    if ink is None:
        return False
    box = ink.transformed(fig.transFigure.inverted())
    x0, y0 = w_pad + pos.x0 - box.x0, h_pad + pos.y0 - box.y0
    x1, y1 = 1 - w_pad - (box.x1 - pos.x1), 1 - h_pad - (box.y1 - pos.y1)
    if x1 <= x0 or y1 <= y0:  # decorations larger than the figure: let the engine say so
        return False
    ax.set_position(Bbox([[x0, y0], [x1, y1]]))
    ax.set_in_layout(True)  # set_position takes the Axes out of the layout; it stays in, as the engine leaves it
    return True


#: How the players a panel makes in answer to a student carry their sound, by the value of the
#: environment variable ``SCORING_PANEL_SOUND``: ``flac`` (the default: lossless, and quick to make)
#: or ``mp3`` (a seventh of the bytes, for a hub whose students sit behind a slow network).
PANEL_SOUNDS = {"flac": "audio/flac", "mp3": "audio/mpeg"}

_answering: ContextVar[bool] = ContextVar("scoring_answering", default=False)


@contextmanager
def answering() -> Iterator[None]:
    """Within it, the players made carry the panel sound (:data:`PANEL_SOUNDS`): a panel answers
    a student's change in it, so the answer's player is lossless FLAC, encoded in a fifteenth of
    the MP3's time. Everything a lesson shows and saves outside it stays MP3, small on the page.
    The sound thread works in the context of whoever asked (:func:`~scoring.render.background.alongside`).

    Examples
    --------
    >>> player_sound()
    'mp3'
    >>> with answering():
    ...     audio_tag(np.zeros(4410), label="silence").count("data:audio/flac")
    1

    Lesson: lessons/00_first_motif.ipynb
    """
    token = _answering.set(True)
    try:
        yield
    finally:
        _answering.reset(token)


def player_sound() -> str:
    """How a player made here and now carries its sound: ``"mp3"``, or within :func:`answering` the
    panel sound ``SCORING_PANEL_SOUND`` names (``"flac"`` unless it says ``"mp3"``).

    Examples
    --------
    >>> player_sound()
    'mp3'

    Lesson: lessons/00_first_motif.ipynb
    """
    if not _answering.get():
        return "mp3"
    chosen = os.environ.get("SCORING_PANEL_SOUND", "flac").strip().lower() or "flac"
    if chosen not in PANEL_SOUNDS:
        raise ScoringError(f"SCORING_PANEL_SOUND={show(chosen)} is not a panel sound; set it to 'flac' "
                           f"(quick, the default) or 'mp3' (small), or leave it unset")
    return chosen


def audio_tag(samples: np.ndarray, sample_rate: int = 44100, *, label: str = "") -> str:
    """An HTML ``<audio>`` player holding the sound as a data URI (works offline, untrusted): an MP3,
    or in a panel's answer the panel sound (:func:`answering`).

    Examples
    --------
    >>> audio_tag(np.zeros((4410, 2)), label="silence")[:46]
    '<audio controls preload="auto" title="silence"'

    Lesson: lessons/00_first_motif.ipynb
    """
    kind = player_sound()
    sound = flac_bytes(samples, sample_rate) if kind == "flac" else mp3_bytes(samples, sample_rate)
    data = base64.b64encode(sound).decode("ascii")
    title = f' title="{escape(label)}" aria-label="{escape(label)}"' if label else ""
    return f'<audio controls preload="auto"{title} src="data:{PANEL_SOUNDS[kind]};base64,{data}"></audio>'


def video_tag(mp4: bytes, *, alt: str, width: int = 480) -> str:
    """An HTML ``<video>`` player holding an MP4 as a data URI (works offline and untrusted), labelled
    for screen readers with ``alt``; a visible caption line is the caller's to add.

    Parameters
    ----------
    mp4 : the video's bytes (H.264/AAC plays in every browser).
    alt : what the video shows, read out by a screen reader (escaped) and shown where video cannot play.
    width : the player's width in CSS pixels, 120-1920 (it never grows past its column).

    Examples
    --------
    >>> tag = video_tag(b"\\x00\\x00\\x00\\x18ftyp", alt="Night Run <animatic>")
    >>> tag[:34], 'aria-label="Night Run &lt;animatic&gt;"' in tag, "src=\\"data:video/mp4;base64," in tag
    ('<video controls preload="metadata"', True, True)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(mp4, (bytes, bytearray)) or not mp4:
        raise ScoringError("video_tag needs the video's bytes (an MP4), e.g. animatic(scene).mp4")
    width = whole(width, "width", "give the player's width in pixels, 120-1920 (480 fits a page)", lo=120, hi=1920)
    data = base64.b64encode(bytes(mp4)).decode("ascii")
    label = escape(alt)
    return (f'<video controls preload="metadata" playsinline width="{width}" style="max-width:100%" '
            f'aria-label="{label}" src="data:video/mp4;base64,{data}">{label}</video>')


def card(title: str, *, notation: str = "", player: str = "", summary: str = "", note: str = "",
         extra: str = "", small: bool = False) -> str:
    """The one card every example uses: a title, an optional note on how it was made, the notation
    (an ``<img>``), the player (an ``<audio>``), a summary line and anything extra (a plot).

    ``title``, ``note`` and ``summary`` are text and are escaped; ``notation``, ``player`` and
    ``extra`` are HTML made by this module.

    Examples
    --------
    >>> card("Hero <1>", summary="C4 E4")
    '<div style="margin:4px 0 10px 0"><div style="font-weight:bold;font-size:1.1em">Hero &lt;1&gt;</div><div style="font-family:monospace;font-size:0.9em">C4 E4</div></div>'

    Lesson: lessons/00_first_motif.ipynb
    """
    for name, value in (("notation", notation), ("player", player), ("extra", extra)):
        if not isinstance(value, str):
            raise ScoringError(f"card's {name}={show(value)} is not HTML text; give what img_tag() or audio_tag() "
                               "returns, or leave it out")
    for name, value in (("title", title), ("note", note), ("summary", summary)):
        if not isinstance(value, str):
            raise ScoringError(f"card's {name}={show(value)} is not text; give it as a string, or leave it out")
    small = flag(small, "small")
    size = "1em" if small else "1.1em"
    parts = [f'<div style="font-weight:bold;font-size:{size}">{escape(title)}</div>']
    if note:
        parts.append(f'<div style="font-size:0.9em;color:#444">{escape(note)}</div>')
    if notation:
        parts.append(notation + ("<br>" if player else ""))
    if player:
        parts.append(player)
    if summary:
        parts.append(f'<div style="font-family:monospace;font-size:{"0.8em" if small else "0.9em"}">{escape(summary)}</div>')
    parts.append(extra)
    return f'<div style="margin:4px 0 10px 0">{"".join(parts)}</div>'


def grid(cells: list[str], *, columns: int = 2, gap: int = 12) -> str:
    """Cards side by side in a wrapping row, ``columns`` to a line on a wide screen.

    Examples
    --------
    >>> grid(["<p>a</p>", "<p>b</p>"], columns=2).count("flex:1 1 46%")
    2

    Lesson: lessons/00_first_motif.ipynb
    """
    columns = whole(columns, "columns", "give a whole number 1-6, like 2", lo=1, hi=6)
    gap = whole(gap, "gap", "give pixels between cards, like 12", lo=0, hi=200)
    cells = items(cells, "cells", "give a list of HTML strings, like [card(...), card(...)]", most=200)
    if not all(isinstance(c, str) for c in cells):
        raise ScoringError("cells must be HTML strings, like the ones card() returns")
    width = int(100 / columns) - 4
    inner = "".join(f'<div style="flex:1 1 {width}%;min-width:260px">{c}</div>' for c in cells)
    return f'<div style="display:flex;flex-wrap:wrap;gap:{int(gap)}px">{inner}</div>'
