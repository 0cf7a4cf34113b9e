"""Legend stamps: the pixels of a legend drawn beside its Axes (a key of instruments, of features),
kept with a figure's backdrop and put back at the next drawing on that backdrop when the legend
looks the same, instead of laying it out and drawing it again (a legend costs more to draw than
every other mark of most plots).

A legend is stamped only where nothing else drawn after the backdrop can reach: every other mark
lies inside its Axes (clipped to it, or a text inside it) and the spines on its edges, so a legend
clear of every Axes, and of the other legends, sits on pixels that only the backdrop sets. What it
looks like is written down (:func:`legend_look`): where its box lies, its frame, and every text
and handle in it, with their fonts, colours, lines, markers and shapes; a legend whose look holds
anything not written down here (a shadow, path effects, a text in a box) is drawn every time.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from numbers import Number

import numpy as np

from scoring.errors import ScoringError

__all__ = ["PAD", "legend_look", "draw_stamping"]

#: Pixels kept around a legend's box: its frame's edge and its marks' antialiased rims.
PAD = 3

#: What a handle's or frame's look is read from, where the artist has it.
_LOOK = ("get_visible", "get_alpha", "get_linewidth", "get_linestyle", "get_facecolor", "get_edgecolor",
         "get_color", "get_hatch", "get_hatchcolor", "get_hatch_linewidth", "get_capstyle", "get_joinstyle",
         "get_antialiased", "get_fill", "get_marker", "get_markersize", "get_markerfacecolor",
         "get_markerfacecoloralt", "get_markeredgecolor", "get_markeredgewidth", "get_fillstyle", "get_drawstyle",
         "get_dash_capstyle", "get_dash_joinstyle", "get_solid_capstyle", "get_solid_joinstyle", "get_markevery",
         "get_xydata", "get_path", "get_patch_transform", "get_paths", "get_transforms", "get_offsets", "get_sizes",
         "get_boxstyle", "get_mutation_scale", "get_mutation_aspect", "get_sketch_params", "get_snap",
         "get_rasterized", "get_agg_filter", "get_path_effects", "get_clip_on", "get_clip_path", "get_gid",
         "get_url")


class _Unknown(Exception):
    """A look holds something not written down here: the legend is drawn, not stamped."""


def legend_look(legend, renderer) -> tuple | None:
    """What a legend looks like, as a value to compare with the last drawing's: its box where
    ``renderer`` lays it out, its frame, and each text and handle in it; ``None`` for a legend not
    stamped (hidden, with a shadow, filling its Axes' width, or holding anything whose look is not
    written down here).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(3, 2)); ax = fig.add_subplot(); _ = ax.plot([0, 1], label="rising")
    >>> renderer = FigureCanvasAgg(fig).get_renderer()
    >>> first = legend_look(ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1)), renderer)
    >>> _ = ax.lines[0].set_ydata([1, 0])                           # the data: not the key's look
    >>> legend_look(ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1)), renderer) == first
    True
    >>> _ = ax.lines[0].set_color("red")                            # the colour: the key's look
    >>> legend_look(ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1)), renderer) == first
    False

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.legend import Legend

    if not isinstance(legend, Legend):
        raise ScoringError(f"legend: give a matplotlib Legend, like ax.get_legend(), not {type(legend).__name__}")
    if not legend.get_visible() or legend.shadow or legend._mode == "expand" or legend.get_agg_filter() is not None \
            or legend.get_path_effects() or legend.get_rasterized():
        return None
    try:
        box = legend.get_window_extent(renderer)
        parts = [tuple(box.bounds), renderer.points_to_pixels(legend._fontsize), _artist(legend.legendPatch)]
        parts += [_leaf(a) for a in _leaves(legend._legend_box, boxes=True)]
    except _Unknown:
        return None
    return tuple(parts)


def draw_stamping(fronts, renderer, stamps: dict | None) -> None:
    """Draw each Axes' front artists (``fronts``: pairs of an Axes and its list, in drawing order),
    putting back the pixels of a legend kept in ``stamps`` (by Axes' place in the figure) where it
    looks the same, and keeping the pixels of each legend drawn anew; ``stamps=None`` draws every
    artist and keeps nothing. The picture is the same as drawing every artist.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(4, 2)); ax = fig.add_axes((0.1, 0.1, 0.5, 0.8)); _ = ax.plot([0, 1], label="rising")
    >>> _ = ax.legend(loc="upper left", bbox_to_anchor=(1.05, 1)); canvas = FigureCanvasAgg(fig); canvas.draw()
    >>> stamps = {}; draw_stamping([(ax, [ax.lines[0], ax.get_legend()])], canvas.get_renderer(), stamps)
    >>> list(stamps)
    [0]

    Lesson: lessons/02_tension.ipynb
    """
    if stamps is not None and not isinstance(stamps, dict):
        raise ScoringError("stamps: give a dict to keep the legends' pixels in, or None")
    fronts = _pairs(fronts)
    chosen = _stampable(fronts, renderer) if stamps is not None else {}
    for ax, front in fronts:
        for a in front:
            place = chosen.get(id(a))
            if place is None:
                a.draw(renderer)
                continue
            key, look, region = place
            kept = stamps.get(key)
            if kept is not None and kept[0] == look:   # the look holds the box, so the region too
                renderer.restore_region(kept[1])
                continue
            a.draw(renderer)
            stamps.pop(key, None)
            if _drawn_inside(a, renderer, region):
                stamps[key] = (look, renderer.copy_from_bbox(_bbox(region)))
    if stamps is not None:
        for key in set(stamps) - {place[0] for place in chosen.values()}:
            del stamps[key]   # a legend no longer drawn, or no longer clear of the marks


def _pairs(fronts) -> list:
    """``fronts`` as a list of (Axes, list of artists) pairs, or a ScoringError that says what to give."""
    from matplotlib.axes import Axes

    hint = "give a list of (Axes, list of its artists) pairs, like [(ax, [ax.lines[0], ax.get_legend()])]"
    if isinstance(fronts, (str, bytes)) or not hasattr(fronts, "__iter__"):
        raise ScoringError(f"fronts: {hint}, not {type(fronts).__name__}")
    pairs = list(fronts)
    for pair in pairs:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and isinstance(pair[0], Axes)
                and isinstance(pair[1], (list, tuple))):
            raise ScoringError(f"fronts: each item should be an (Axes, list of artists) pair; {hint}")
    return pairs


def _stampable(fronts, renderer) -> dict:
    """The legends that may be stamped in this drawing: id -> (key, look, region in whole pixels)."""
    from matplotlib.spines import Spine
    from matplotlib.text import Text

    figure_axes = fronts[0][0].figure.axes if fronts else []
    busy, legends = [], []
    for ax, front in fronts:
        for a in front:
            if a is ax.get_legend():
                legends.append((ax, a))
            elif isinstance(a, Spine):
                edge = renderer.points_to_pixels(a.get_linewidth()) + 2
                busy.append(_grown(ax.bbox.extents, edge))
            elif a.get_clip_on() and a.get_clip_box() is not None:
                busy.append(_grown(a.get_clip_box().extents, 2))
            elif a.get_clip_on() and a.get_clip_path() is not None:
                busy.append(_grown(a.get_clip_path().get_fully_transformed_path().get_extents().extents, 2))
            elif isinstance(a, Text):   # a title, or a note written inside the Axes: where its words lie
                if a.get_visible() and a.get_text():
                    busy.append(_grown(a.get_window_extent(renderer).extents, 2))
            else:
                return {}   # an artist that may draw anywhere (an axis, an unclipped mark): draw every legend
    width, height = renderer.width, renderer.height
    places = []
    for ax, legend in legends:
        look = legend_look(legend, renderer)
        if look is None:
            continue
        x0, y0, x1, y1 = legend.get_window_extent(renderer).extents
        region = (max(0, math.floor(x0) - PAD), max(0, math.floor(y0) - PAD),
                  min(width, math.ceil(x1) + PAD), min(height, math.ceil(y1) + PAD))
        if not any(_overlap(region, b) for b in busy):
            places.append((legend, (figure_axes.index(ax), look, region)))
    return {id(legend): place for legend, place in places
            if not any(_overlap(place[2], other[2]) for lg, other in places if lg is not legend)}


def _drawn_inside(legend, renderer, region) -> bool:
    """Whether everything the legend drew lies in ``region`` (a large marker may reach past its box)."""
    x0, y0, x1, y1 = region
    for a in [legend.legendPatch, *_leaves(legend._legend_box)]:
        if not a.get_visible():
            continue
        box = a.get_window_extent(renderer)
        width = np.atleast_1d(a.get_linewidth()) if hasattr(a, "get_linewidth") else np.zeros(1)  # a text has none
        rim = renderer.points_to_pixels(float(width.max(initial=0.0))) / 2 + 1
        if box.x0 - rim < x0 or box.y0 - rim < y0 or box.x1 + rim > x1 or box.y1 + rim > y1:
            return False
    return True


def _leaves(box, *, boxes: bool = False) -> list:
    """The artists an offset box draws, in its order (texts, handles), and with ``boxes`` the boxes
    holding them, each before what it holds."""
    from matplotlib.offsetbox import OffsetBox

    out = [box] if boxes else []
    for child in box.get_children():
        out += _leaves(child, boxes=boxes) if isinstance(child, OffsetBox) else [child]
    return out


#: What places the texts and handles inside a legend's box: each packing box's settings.
_PACKING = ("pad", "sep", "align", "mode", "width", "height", "xdescent", "ydescent", "_clip_children",
            "_multilinebaseline")


def _leaf(a) -> tuple:
    from matplotlib.offsetbox import OffsetBox
    from matplotlib.text import Text

    if isinstance(a, OffsetBox):
        return (type(a).__name__,) + tuple(_plain(getattr(a, k, None)) for k in _PACKING)
    if isinstance(a, Text):
        if a.get_bbox_patch() is not None or a.get_path_effects() or a.get_agg_filter() is not None:
            raise _Unknown
        return ("Text", a.get_text(), a.get_visible(), hash(a.get_fontproperties()), a.get_rotation(),
                _plain(a.get_color()), a.get_alpha(), a.get_horizontalalignment(), a.get_verticalalignment(),
                a.get_linespacing(), a.get_parse_math(), a.get_usetex(), a.get_antialiased(), a.get_wrap())
    return _artist(a)


def _artist(a) -> tuple:
    """A handle's or frame's look: its class and every value :data:`_LOOK` reads from it."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if not isinstance(a, (Line2D, Patch, Collection)):
        raise _Unknown
    values = [type(a).__name__]
    for name in _LOOK:
        getter = getattr(a, name, None)
        if getter is not None:
            values.append((name, _plain(getter())))
    return tuple(values)


def _plain(v):
    """``v`` as a value that compares by content, or :class:`_Unknown`."""
    from matplotlib.patches import BoxStyle
    from matplotlib.path import Path
    from matplotlib.transforms import Transform

    if v is None or isinstance(v, (bool, str, Number)):
        return v
    if isinstance(v, np.ndarray):
        return (v.dtype.str, v.shape, v.tobytes())
    if isinstance(v, (list, tuple)):
        if any(x is not None and not isinstance(x, (bool, str, Number, np.ndarray, list, tuple, Path))
               for x in v):
            raise _Unknown   # path effects, an unknown object in a list
        return tuple(_plain(x) for x in v)
    if isinstance(v, Path):
        return ("Path", _plain(v.vertices), _plain(v.codes))
    if isinstance(v, Transform):
        return ("Transform", _plain(v.get_matrix()))
    if type(v) in BoxStyle.get_styles().values():   # a frame's shape (round, square...) and its settings
        return (type(v).__name__, tuple(sorted((k, _plain(x)) for k, x in vars(v).items())))
    raise _Unknown


def _grown(extents, by: float) -> tuple:
    x0, y0, x1, y1 = extents
    return (x0 - by, y0 - by, x1 + by, y1 + by)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bbox(region):
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(*region)
