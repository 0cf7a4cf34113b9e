"""The piano roll: the one drawer of notes as bars (time across, pitch up), for every plot and card.

It takes plain voices, ``(label, [(start, length, pitch, velocity), ...])``, and draws each voice
as one bar collection (a ``PolyCollection``, each bar as opaque as its note is loud), so a
thousand notes are a handful of artists. It knows no motif.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import axes, figsize as check_figsize, flag, items, number, ordered_pair, show, text, whole
from scoring.render.html import kept_figure

__all__ = ["COLOURS", "draw", "figure", "pitch_ticks"]

COLOURS = ("#1f5fa8", "#d0601b", "#2a8a3e", "#a4257a", "#6b4fb3", "#8a6d1f", "#1b8a8a", "#c23a3a")


def pitch_ticks(pitches: set[int], most: int = 14) -> list[int]:
    """Tick marks at the pitches that sound (thinned to at most ``most``, keeping the lowest and
    highest), so a bar's label is its own note's name, not a neighbour's.

    Examples
    --------
    >>> pitch_ticks({60, 64, 67})
    [60, 64, 67]

    Lesson: lessons/00_first_motif.ipynb
    """
    most = whole(most, "most", "give how many ticks at most, like 14", lo=2, hi=128)
    ps = items(pitches, "pitches", "give MIDI pitches, like {60, 64, 67}", most=10_000)
    if not all(isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_)) and 0 <= p <= 127 for p in ps):
        raise ScoringError(f"pitches={show(ps)} should be MIDI numbers 0-127, like {{60, 64, 67}}")
    ps = sorted({int(p) for p in ps})
    if len(ps) <= most:
        return ps
    step = (len(ps) - 1) / (most - 1)
    return sorted({ps[round(i * step)] for i in range(most)})


@lru_cache(maxsize=1)
def _pitch_locator():
    """matplotlib's Locator for a roll's pitch axis (made once, when matplotlib is first wanted)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import Locator

    class PitchLocator(Locator):
        """Ticks at the pitches that sound, thinned when the roll is drawn so that their labels,
        one above the other, fit the Axes' height as laid out: each kept pitch at least a label's
        height above the last, the highest always kept."""

        def __init__(self, pitches: list[int]) -> None:
            self.pitches = pitches

        def __call__(self):
            return self.tick_values(*self.axis.get_view_interval())

        def tick_values(self, vmin, vmax):
            import matplotlib as mpl

            ticks, ax = self.pitches, self.axis.axes
            span = abs(float(vmax) - float(vmin))
            if len(ticks) < 2 or span <= 0 or ax.bbox.height <= 0:
                return list(ticks)
            label = FontProperties(size=mpl.rcParams["ytick.labelsize"]).get_size_in_points() * 1.2 * ax.figure.dpi / 72
            gap = label / (ax.bbox.height / span)                 # semitones a label needs
            kept = [ticks[0]]
            for p in ticks[1:-1]:
                if p - kept[-1] >= gap:
                    kept.append(p)
            while kept and ticks[-1] - kept[-1] < gap:
                kept.pop()
            return kept + [ticks[-1]]

    return PitchLocator


def draw(ax, voices: Sequence[tuple[str, Sequence[tuple[float, float, int, int]]]], *,
         name: Callable[[int], str] = str, xlabel: str = "beats (quarter notes)", title: str = "",
         length: float | None = None, legend: bool | None = None, span: tuple[int, int] | None = None):
    """Draw voices as bars on ``ax``: one colour per voice, opacity by velocity.

    The pitch axis fits the notes, with a tick at each pitch that sounds. With ``span=(low, high)``
    (MIDI pitches) it is a fixed frame instead: from ``low`` to ``high``, widened by whole octaves
    to hold every note, with a tick and a faint line at each C. Rolls drawn in one frame compare
    at a glance: a sequence that climbs is seen to climb.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> ax = draw(ax, [("melody", [(0, 1, 60, 80), (1, 1, 64, 80), (2, 2, 67, 100)])])
    >>> len(ax.collections), len(ax.collections[0].get_paths()), [float(x) for x in ax.get_xlim()]
    (1, 3, [0.0, 4.0])
    >>> ax = draw(plt.subplots()[1], [("bass", [(0, 4, 28, 80)])], span=(36, 84))
    >>> [int(p) for p in ax.get_yticks()]
    [24, 36, 48, 60, 72, 84]

    Lesson: lessons/00_first_motif.ipynb
    """
    if axes(ax) is None:
        raise ScoringError("draw() needs matplotlib Axes to draw on, e.g. ax from plt.subplots(); or call figure()")
    voices = _voices(voices)
    if not callable(name):
        raise ScoringError(f"name={show(name)} should turn a MIDI pitch into a label, like str or note_name")
    if length is not None:
        length = number(length, "length", "give the roll's length in beats or seconds, like 8", lo=0)
    if span is not None:
        low, high = ordered_pair(span, "span", "give the lowest and highest MIDI pitch of the frame, like (36, 84)",
                                 lo=0, hi=127, whole_numbers=True)
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_rgba

    lo, hi, end = 127, 0, 0.0
    first, reach = np.inf, -np.inf
    for i, (label, notes) in enumerate(voices):
        colour = COLOURS[i % len(COLOURS)]
        rows: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for start, width, pitch, velocity in notes:
            rows.setdefault((int(pitch), int(velocity) // 8), []).append((float(start), float(width) * 0.97))
            lo, hi, end = min(lo, pitch), max(hi, pitch), max(end, float(start) + float(width))
        if not rows:
            continue
        # one collection per voice, its bars in the order of (pitch, loudness) rows, each bar as
        # opaque as its row: what one ax.broken_barh(bars, (pitch - 0.4, 0.8), ...) per row draws
        keys = sorted(rows)
        x = np.array([bar for key in keys for bar in rows[key]], dtype=float)
        opacity = np.repeat([0.35 + 0.6 * min(127, vel8 * 8 + 4) / 127 for _, vel8 in keys],
                            [len(rows[key]) for key in keys])
        y0 = np.repeat([pitch - 0.4 for pitch, _ in keys], [len(rows[key]) for key in keys])
        x0, x1, y1 = x[:, 0], x[:, 0] + x[:, 1], y0 + 0.8
        verts = np.stack([np.stack([x0, y0], 1), np.stack([x0, y1], 1), np.stack([x1, y1], 1),
                          np.stack([x1, y0], 1)], 1)
        rgba = np.tile(to_rgba(colour), (len(x), 1))
        rgba[:, 3] = opacity
        ax.add_collection(PolyCollection(verts, facecolors=rgba, edgecolors=rgba, label=label), autolim=False)
        first, reach = min(first, float(x0.min()), float(x1.min())), max(reach, float(x1.max()), float(x0.max()))
    if hi < lo:
        raise ScoringError("nothing to draw: the music has no notes")
    ax.update_datalim([(first, lo - 0.4), (reach, hi + 0.4)])  # the bars' extent, as broken_barh would record
    ax.set_xlim(0, float(length) if length else end)
    from matplotlib.ticker import FixedLocator, FuncFormatter

    if span is None:
        ax.set_ylim(lo - 2, hi + 2)
        ax.yaxis.set_major_locator(_pitch_locator()(pitch_ticks({p for _, notes in voices for _, _, p, _ in notes})))
    else:
        low -= 12 * max(0, -(-(low - lo) // 12))      # whole octaves down to the lowest note
        high += 12 * max(0, -(-(hi - high) // 12))    # and up to the highest
        ax.set_ylim(low - 2, high + 2)
        ax.yaxis.set_major_locator(FixedLocator([p for p in range(low, high + 1) if p % 12 == 0]))
        ax.grid(True, axis="y", alpha=0.3)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda p, _: name(int(round(p)))))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("pitch")
    ax.grid(True, axis="x", alpha=0.3)
    if flag(legend, "legend") if legend is not None else len(voices) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if text(title, "title", "give the plot's title as text, like 'Hero'", most=300):
        ax.set_title(title)
    return ax


def _voices(voices: object) -> list[tuple[str, list[tuple[float, float, int, int]]]]:
    """Voices checked: a list of ``(label, [(start, length, pitch, velocity), ...])`` with finite times
    (start 0 or more, length above 0), pitches 0-127 and velocities 0-127."""
    fix = "give voices like [('melody', [(0, 1, 60, 80), (1, 1, 64, 80)])]"
    out = []
    for voice in items(voices, "voices", fix, most=64):
        pair = items(voice, "a voice", fix, most=2) if not isinstance(voice, str) else []
        if len(pair) != 2:
            raise ScoringError(f"voice {show(voice)} is not a (label, notes) pair; {fix}")
        notes = []
        for note in items(pair[1], "a voice's notes", fix, most=100_000):
            four = items(note, "a note", fix, most=4) if not isinstance(note, str) else []
            if len(four) != 4:
                raise ScoringError(f"note {show(note)} is not (start, length, pitch, velocity); {fix}")
            start = number(four[0], "a note's start", fix, lo=0)
            width = number(four[1], "a note's length", fix, lo=0)
            pitch = whole(four[2], "a note's pitch", "give a MIDI pitch 0-127, like 60", lo=0, hi=127)
            velocity = whole(four[3], "a note's velocity", "give a velocity 0-127, like 80", lo=0, hi=127)
            notes.append((start, width, pitch, velocity))
        out.append((str(pair[0]), notes))
    return out


def figure(voices, *, figsize: Sequence[float] = (9.0, 2.8), **options):
    """A standalone figure holding one piano roll (see :func:`draw`). Once
    :func:`~scoring.render.html.figure_png` has made its picture, the figure is drawn on again
    by the next call (see :func:`~scoring.render.html.kept_figure`).

    Examples
    --------
    >>> figure([("bell", [(0, 1, 72, 90)])], title="Bell").axes[0].get_title()
    'Bell'

    Lesson: lessons/01_mood.ipynb
    """
    fig, ax = kept_figure("piano roll", check_figsize(figsize))
    draw(ax, voices, **options)
    return fig
