"""A kept figure's backdrop: the Axes' frames, ticks, tick labels, grids and axis labels, which stay
the same from one answer of a panel to the next while the marks on them (the notes, the bars, the
curve) change. The first drawing keeps the backdrop's pixels and where the layout put each Axes;
the next drawing with the same backdrop puts those pixels back and draws only what matplotlib
draws after them, in matplotlib's own order, so the picture is the same and the layout and the
text of the ticks are not worked out again. A key (legend) beside its Axes is put back from its
stamp while it looks the same (:mod:`scoring.render.stamps`).

What a backdrop depends on is written down before each drawing (:func:`backdrop_mark`): the
figure's size and resolution, and for each Axes its place, limits, ticks and their labels, grid,
spines, titles, axis labels and legend texts, with their fonts and colours. A mark that differs in
any of these draws the whole figure. Only matplotlib 3.11.2's way of drawing a figure is known here
(its source is checked); with any other the whole figure is drawn every time.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

from scoring.errors import ScoringError
from scoring.render.checks import figure
from scoring.render.glyphs import source_digest
from scoring.render.stamps import draw_stamping

__all__ = ["UNDER_THE_MARKS", "backdrop_mark", "draw_keeping_backdrop", "draw_on_backdrop", "forget_backdrop"]

#: The digest of matplotlib 3.11.2's drawing of a figure and its Axes (``Figure.draw``,
#: ``FigureBase._get_draw_artists``, ``FigureBase.get_children``, ``Axes.draw``,
#: ``Axes.get_children`` and the image compositing step), whose order :func:`draw_on_backdrop` keeps.
KNOWN_DRAWING = "a3e693f74cd4e9d3"

#: The z-order for a mark that lies under all the others (a spectrogram, a beat grid): above the
#: axes' ticks and labels (0.5 in a kept figure, whose grids and ticks lie under what is drawn), so
#: they stay in the backdrop, and below patches (1) and lines (2). With no grid lines and ticks
#: drawn outwards, the axes draw nothing inside the Axes, so the picture is the same as at 0.
UNDER_THE_MARKS = 0.6


def backdrop_mark(fig, renderer=None) -> tuple | None:
    """What the backdrop of ``fig`` looks like, as a value to compare with the last drawing's (a title
    or legend drawn over the marks counts by its size: the layout asks no more of it; ``renderer``
    measures them, the figure's canvas's by default);
    ``None`` for a figure whose backdrop is not kept (a matplotlib other than 3.11.2, Axes inside
    Axes, a mark drawn outside its Axes' clip other than a text, anything drawn on the figure
    itself).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(3, 2)); ax = fig.add_subplot(); _ = ax.plot([0, 1], [0, 2])
    >>> first = backdrop_mark(fig); _ = ax.plot([0, 1], [2, 0])
    >>> backdrop_mark(fig) == first, (ax.set_title("rising"), backdrop_mark(fig) == first)[1]
    (True, False)

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.text import Text

    figure(fig)
    if not _known() or fig.subfigs or fig.texts or fig.legends or fig.images or fig.lines or fig.patches \
            or fig.artists or not fig.axes:
        return None
    renderer = renderer if renderer is not None else fig._get_renderer()
    engine = fig.get_layout_engine()
    parts: list = [tuple(fig.get_size_inches()), fig.dpi, _colour(fig.get_facecolor()),
                   None if engine is None else (type(engine).__name__, repr(sorted(engine.get().items())))]
    for ax in fig.axes:
        if ax.child_axes or ax.get_axes_locator() is not None or any(
                a.get_clip_on() is False and not isinstance(a, Text) for a in ax._children):
            return None
        parts.append(_axes_mark(ax, renderer))
    return tuple(parts)


def draw_keeping_backdrop(fig, canvas, mark: tuple | None) -> None:
    """Draw ``fig`` whole on its Agg ``canvas``; with a ``mark`` (from :func:`backdrop_mark`),
    first draw its backdrop alone and keep it, with where each Axes stands, for
    :func:`draw_on_backdrop`, then the marks over it: the same pixels as one whole drawing.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(3, 2)); ax = fig.add_subplot(); _ = ax.plot([0, 1], [0, 2])
    >>> canvas = FigureCanvasAgg(fig); draw_keeping_backdrop(fig, canvas, backdrop_mark(fig))
    >>> _ = ax.lines[0].set_ydata([2, 0]); draw_on_backdrop(fig, canvas, backdrop_mark(fig))
    True

    Lesson: lessons/02_tension.ipynb
    """
    forget_backdrop(fig)
    _canvas(fig, canvas, mark)
    if mark is None:
        canvas.draw()
        return
    fronts = [(ax, _front(ax)) for ax in _axes_in_order(fig)]
    hidden = [a for _, front in fronts for a in front if not a.get_animated()]
    try:
        for a in hidden:
            a.set_animated(True)   # left out of the drawing, as matplotlib leaves out a blitted artist
        canvas.draw()
    finally:
        for a in hidden:
            a.set_animated(False)
    renderer = canvas.get_renderer()
    if not _texts_inside(fig, renderer):   # a text out of its Axes moves the layout: draw it whole next time
        draw_stamping(fronts, renderer, None)
        return
    stamps: dict = {}
    fig._course_backdrop = (mark, canvas.copy_from_bbox(fig.bbox),
                            [(ax.get_position(original=True).frozen(), _title_places(ax)) for ax in fig.axes], stamps)
    draw_stamping(fronts, renderer, stamps)


def draw_on_backdrop(fig, canvas, mark: tuple | None) -> bool:
    """Draw ``fig`` on the backdrop its last drawing kept, if that backdrop has the same ``mark``:
    each Axes where it stood then, the kept pixels put back, and only what matplotlib draws after
    them drawn again. Returns whether it drew (``False`` when there is no such backdrop or a text
    now reaches out of its Axes; the figure keeps its layout engine then, for a whole drawing).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(3, 2)); ax = fig.add_subplot(); _ = ax.plot([0, 1], [0, 2])
    >>> draw_on_backdrop(fig, FigureCanvasAgg(fig), backdrop_mark(fig))
    False

    Lesson: lessons/02_tension.ipynb
    """
    _canvas(figure(fig), canvas, mark)
    kept = getattr(fig, "_course_backdrop", None)
    if mark is None or kept is None or kept[0] != mark:
        return False
    from matplotlib.transforms import Bbox

    _, pixels, places, stamps = kept
    engine = fig.get_layout_engine()
    for ax, (box, titles) in zip(fig.axes, places):
        ax.set_position(Bbox(box.get_points()))
        ax.set_in_layout(True)   # set_position takes the Axes out of the layout; it stays in
        ax.apply_aspect()
        for title, xy in zip((ax.title, ax._left_title, ax._right_title), titles):
            title.set_position(xy)
    fig.set_layout_engine("none")
    renderer = canvas.get_renderer()
    if not _texts_inside(fig, renderer):
        fig.set_layout_engine(engine)   # the whole drawing lays the figure out again
        return False
    canvas.restore_region(pixels)
    draw_stamping([(ax, _front(ax)) for ax in _axes_in_order(fig)], renderer, stamps)
    return True


def forget_backdrop(fig) -> None:
    """Let go of the backdrop kept for ``fig`` (its pixels and places).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> forget_backdrop(Figure())

    Lesson: lessons/02_tension.ipynb
    """
    vars(figure(fig)).pop("_course_backdrop", None)


def _canvas(fig, canvas, mark) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if mark is not None and not isinstance(mark, tuple):
        raise ScoringError("mark: give what backdrop_mark(fig) returned, or None")
    if not isinstance(canvas, FigureCanvasAgg) or canvas.figure is not fig:
        raise ScoringError("canvas: give the figure's own Agg canvas, like FigureCanvasAgg(fig)")


def _front(ax) -> list:
    """What ``Axes.draw`` draws of ``ax`` from its first mark on (its marks, and whatever comes
    after the first of them in matplotlib's order): everything before it is the backdrop."""
    artists = ax.get_children()
    artists.remove(ax.patch)
    if not (ax.axison and ax.get_frame_on()):
        for spine in ax.spines.values():
            artists.remove(spine)
    if not ax.axison:
        for axis in ax._axis_map.values():
            artists.remove(axis)
    artists = sorted((a for a in artists if not a.get_animated()), key=attrgetter("zorder"))
    marks = {id(a) for a in ax._children} | ({id(ax.legend_)} if ax.legend_ is not None else set())
    first = next((k for k, a in enumerate(artists) if id(a) in marks), len(artists))
    return artists[first:]


def _axes_in_order(fig) -> list:
    """The figure's Axes in the order ``Figure.draw`` draws them (by zorder, then as added)."""
    return sorted(fig.axes, key=attrgetter("zorder"))


def _texts_inside(fig, renderer) -> bool:
    """Whether every unclipped text drawn on an Axes lies inside it (then the layout ignores it)."""
    from matplotlib.text import Text

    for ax in fig.axes:
        frame = ax.bbox
        for t in ax._children:
            if isinstance(t, Text) and t.get_visible() and not t.get_clip_on() and t.get_text():
                box = t.get_window_extent(renderer)
                if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
                    return False
    return True


def _title_places(ax) -> tuple:
    return tuple(tuple(t.get_position()) for t in (ax.title, ax._left_title, ax._right_title))


def _colour(c) -> tuple:
    from matplotlib.colors import to_rgba

    return to_rgba(c)


def _text_mark(t, *, words: bool = True) -> tuple:
    """A text's words (unless ``words`` is false: a tick label's are written when it is drawn), font,
    angle, colour and alignment."""
    return (t.get_text() if words else None, t.get_visible(), t.get_fontsize(), t.get_fontweight(), t.get_fontstyle(),
            tuple(t.get_fontfamily()), t.get_rotation(), _colour(t.get_color()), t.get_alpha(),
            t.get_horizontalalignment(), t.get_verticalalignment(), t.get_linespacing())


def _axis_mark(axis) -> tuple:
    """An axis's ticks, their labels and grid lines, its label and its offset text."""
    locs = list(axis.get_majorticklocs())
    labels = axis.major.formatter.format_ticks(locs)
    minor = list(axis.get_minorticklocs())
    ticks = [(_text_mark(t.label1, words=False), _text_mark(t.label2, words=False), t.gridline.get_visible(),
              t.tick1line.get_visible(), t.tick2line.get_visible()) for t in axis.get_major_ticks(len(locs))]
    return (tuple(locs), tuple(labels), tuple(minor), tuple(ticks), repr(sorted(axis._major_tick_kw.items())),
            repr(sorted(axis._minor_tick_kw.items())), _text_mark(axis.label), axis.get_label_position(),
            axis.labelpad, axis.get_ticks_position(), axis.get_inverted(), axis.get_scale(),
            axis.major.formatter.get_offset(), axis.get_visible())


def _axes_mark(ax, renderer) -> tuple:
    """An Axes' backdrop: what is drawn in it, and the size of what is drawn over the marks (a
    title, a legend) where that is all the layout asks of it."""
    front = {id(a) for a in _front(ax)}

    def size(t) -> tuple:
        if id(t) not in front:
            return _text_mark(t)
        box = t.get_window_extent(renderer)
        return t.get_visible(), round(box.width, 3), round(box.height, 3)

    legend = ax.get_legend()   # out of the layout (a key in a strip kept for it), its size asks nothing of it
    legend_mark = None if legend is None else (
        legend._loc, legend.get_bbox_to_anchor().bounds, legend.get_in_layout(),
        tuple(round(x, 3) for x in legend.get_window_extent(renderer).size) if legend.get_in_layout() else None)
    spines = tuple((name, s.get_visible(), s.get_linewidth(), _colour(s.get_edgecolor()), s.get_bounds(),
                    repr(s.get_position()), s.get_zorder()) for name, s in ax.spines.items())
    return (type(ax).__name__, ax.get_position(original=True).bounds, ax.get_xlim(), ax.get_ylim(),
            ax.get_zorder(), ax.get_visible(), ax.axison, ax.get_frame_on(), ax.get_axisbelow(),
            _colour(ax.patch.get_facecolor()), ax.patch.get_visible(), ax.get_aspect(), ax.get_in_layout(),
            _axis_mark(ax.xaxis), _axis_mark(ax.yaxis), spines,
            tuple(size(t) for t in (ax.title, ax._left_title, ax._right_title)),
            tuple(ax.titleOffsetTrans.get_matrix().ravel()), legend_mark,
            tuple(a.get_zorder() for a in (ax.xaxis, ax.yaxis)))


@lru_cache(maxsize=1)
def _known() -> bool:
    """Whether this matplotlib draws a figure with exactly the code whose order is kept here."""
    return source_digest(_drawing) == KNOWN_DRAWING


def _drawing():
    from matplotlib import image
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, FigureBase

    return (Figure.draw, FigureBase._get_draw_artists, FigureBase.get_children, Axes.draw, Axes.get_children,
            image._draw_list_compositing_images)
