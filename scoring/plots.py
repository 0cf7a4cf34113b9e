"""Plots of motifs (matplotlib, fixed sizes): piano roll, contour, intervals, pitch classes.

Each plot function takes ``ax=None`` and returns the Axes it drew on, so a lesson can put
several in one figure. With no ``ax`` it makes its own figure through pyplot, which a
notebook shows under the cell.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .analysis import interval_counts, intervals, pitch_class_counts
from .errors import ScoringError
from .pitch import note_name

FIGSIZE = (9.0, 3.2)
COLOURS = ("#1f5fa8", "#d0601b", "#2a8a3e", "#a4257a", "#6b4fb3", "#8a6d1f", "#1b8a8a", "#c23a3a")
PC_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def _as_list(motifs) -> list:
    from .model import Motif

    if isinstance(motifs, Motif):
        return [motifs]
    motifs = list(motifs)
    if not motifs or not all(isinstance(m, Motif) for m in motifs):
        raise ScoringError("plot a Motif or a list of Motifs, e.g. piano_roll([hero, hero.invert()])")
    return motifs


def _axes(ax, figsize=FIGSIZE):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def piano_roll(motifs, *, ax=None, seconds: bool = False):
    """Notes as bars: time across (beats, or seconds), pitch up; several motifs overlaid.

    Examples
    --------
    >>> from scoring import Motif
    >>> ax = piano_roll(Motif.parse("c4 e g c'2"))
    >>> len(ax.patches)
    4

    Lesson: lessons/00_first_motif.ipynb
    """
    motifs = _as_list(motifs)
    ax = _axes(ax)
    lo, hi = 127, 0
    for i, m in enumerate(motifs):
        colour = COLOURS[i % len(COLOURS)]
        scale = 60.0 / m.tempo if seconds else 1.0
        t = 0.0
        for n in m.notes:
            d = float(n.duration) * scale
            if not n.is_rest:
                ax.add_patch(_rect(t, n.pitch, d, colour, alpha=0.35 + 0.6 * n.velocity / 127,
                                   label=m.name if t == _first_onset(m) * scale else None))
                lo, hi = min(lo, n.pitch), max(hi, n.pitch)
            t += d
    total = max(float(m.quarter_length) * (60.0 / m.tempo if seconds else 1.0) for m in motifs)
    ax.set_xlim(0, total)
    ax.set_ylim(lo - 2, hi + 2)
    ticks = _pitch_ticks({n.pitch for m in motifs for n in m.notes if not n.is_rest})
    ax.set_yticks(ticks, [note_name(p, motifs[0].key) for p in ticks])
    ax.set_xlabel("seconds" if seconds else "beats (quarter notes)")
    ax.set_ylabel("pitch")
    ax.grid(True, axis="x", alpha=0.3)
    if len(motifs) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title("piano roll")
    return ax


def _pitch_ticks(pitches: set[int], most: int = 14) -> list[int]:
    """Tick marks at the pitches that sound (thinned to at most ``most``, keeping the lowest and highest),
    so a bar's label is its own note's name, not a neighbour's."""
    ps = sorted(pitches)
    if len(ps) <= most:
        return ps
    step = (len(ps) - 1) / (most - 1)
    return sorted({ps[round(i * step)] for i in range(most)})


def _first_onset(m) -> float:
    t = 0.0
    for n in m.notes:
        if not n.is_rest:
            return t
        t += float(n.duration)
    return t


def _rect(x, pitch, width, colour, alpha, label):
    from matplotlib.patches import Rectangle

    return Rectangle((x, pitch - 0.4), width * 0.97, 0.8, facecolor=colour, alpha=alpha, edgecolor=colour, label=label)


def contour(motifs, *, ax=None):
    """The melodic line as pitch against note number: the shape a listener remembers.

    Examples
    --------
    >>> from scoring import Motif
    >>> len(contour(Motif.parse("c4 e g c'2")).lines)
    1

    Lesson: lessons/00_first_motif.ipynb
    """
    motifs = _as_list(motifs)
    ax = _axes(ax)
    for i, m in enumerate(motifs):
        ps = [p for p in m.midi if p is not None]
        ax.plot(range(1, len(ps) + 1), ps, marker="o", color=COLOURS[i % len(COLOURS)], label=m.name)
    ax.set_xlabel("note")
    ax.set_ylabel("MIDI pitch (60 = middle C)")
    ax.set_title("contour")
    ax.grid(True, alpha=0.3)
    if len(motifs) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def interval_histogram(motifs, *, ax=None):
    """How often each melodic interval occurs (semitones; negative = down).

    Examples
    --------
    >>> from scoring import Motif
    >>> len(interval_histogram(Motif.parse("c4 d e d c")).patches)
    2

    Lesson: lessons/00_first_motif.ipynb
    """
    motifs = _as_list(motifs)
    ax = _axes(ax)
    width = 0.8 / len(motifs)
    for i, m in enumerate(motifs):
        counts = interval_counts(m)
        xs = np.array(list(counts), dtype=float) + (i - (len(motifs) - 1) / 2) * width
        ax.bar(xs, list(counts.values()), width=width, color=COLOURS[i % len(COLOURS)], label=m.name)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel("interval (semitones)")
    ax.set_ylabel("count")
    ax.set_title("melodic intervals")
    if len(motifs) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def pitch_class_histogram(motifs, *, ax=None):
    """How long each pitch class sounds: the mode's fingerprint.

    Examples
    --------
    >>> from scoring import Motif
    >>> len(pitch_class_histogram(Motif.parse("c4 e g c'2")).patches)
    12

    Lesson: lessons/01_mood.ipynb
    """
    motifs = _as_list(motifs)
    ax = _axes(ax)
    width = 0.8 / len(motifs)
    for i, m in enumerate(motifs):
        xs = np.arange(12) + (i - (len(motifs) - 1) / 2) * width
        ax.bar(xs, pitch_class_counts(m), width=width, color=COLOURS[i % len(COLOURS)], label=m.name)
    ax.set_xticks(range(12), PC_NAMES)
    ax.set_ylabel("quarter notes")
    ax.set_title("pitch classes")
    if len(motifs) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


PLOTS = {"piano roll": piano_roll, "contour": contour, "intervals": interval_histogram,
         "pitch classes": pitch_class_histogram}


def motif_figure(motifs, kind: str = "piano roll", *, figsize: Sequence[float] = FIGSIZE):
    """One plot of one or more motifs as a standalone figure (not kept by pyplot).

    Examples
    --------
    >>> from scoring import Motif
    >>> motif_figure(Motif.parse("c4 e g"), "contour").axes[0].get_title()
    'contour'

    Lesson: lessons/00_first_motif.ipynb
    """
    from matplotlib.figure import Figure

    if kind not in PLOTS:
        raise ScoringError(f"unknown plot {kind!r}; choose one of: {', '.join(PLOTS)}")
    fig = Figure(figsize=tuple(figsize), layout="constrained")
    PLOTS[kind](_as_list(motifs), ax=fig.add_subplot())
    return fig


def cue_roll(cue, *, ax=None):
    """Piano roll of a cue (or motif): one colour per layer, chords as stacked bars.

    Examples
    --------
    >>> from scoring import Motif
    >>> from scoring.harmony import harmonize
    >>> ax = cue_roll(harmonize(Motif.parse("c4 e g c'")))
    >>> len(ax.patches)  # 4 melody notes + 3 chord notes + 1 bass note
    8

    Lesson: lessons/01_mood.ipynb
    """
    from .cue import Cue
    from .model import Motif

    if isinstance(cue, Motif):
        cue = Cue.from_motif(cue)
    ax = _axes(ax)
    lo, hi = 127, 0
    for i, layer in enumerate(cue.layers):
        colour = COLOURS[i % len(COLOURS)]
        t, labelled = 0.0, False
        for c in layer.chords:
            for p in c.pitches:
                ax.add_patch(_rect(t, p, float(c.duration), colour, 0.35 + 0.6 * c.velocity / 127,
                                   None if labelled else f"{layer.role} ({layer.instrument})"))
                labelled = True
                lo, hi = min(lo, p), max(hi, p)
            t += float(c.duration)
    ax.set_xlim(0, float(cue.quarter_length))
    ax.set_ylim(lo - 2, hi + 2)
    ticks = _pitch_ticks({p for layer in cue.layers for c in layer.chords for p in c.pitches})
    ax.set_yticks(ticks, [note_name(p, cue.key) for p in ticks])
    ax.set_xlabel("beats (quarter notes)")
    ax.set_ylabel("pitch")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title(cue.name)
    return ax


def cue_figure(cue, *, figsize: Sequence[float] = (9.0, 2.8)):
    """A cue's piano roll as a standalone figure.

    Examples
    --------
    >>> from scoring import Motif
    >>> cue_figure(Motif.parse("c4 e g", name="Bell")).axes[0].get_title()
    'Bell'

    Lesson: lessons/01_mood.ipynb
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=tuple(figsize), layout="constrained")
    cue_roll(cue, ax=fig.add_subplot())
    return fig


def mode_ladder(motif, *, ax=None):
    """The motif in the seven church modes, brightest (Lydian) to darkest (Locrian): one row per
    mode, one column per pitch class; cells changed from the original are outlined in red.

    Examples
    --------
    >>> from scoring import Motif
    >>> ax = mode_ladder(Motif.parse("c4 d e f g a b c'", key="C major"))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['lydian', 'ionian']

    Lesson: lessons/01_mood.ipynb
    """
    from .pitch import BRIGHTNESS, parse_key

    motif = _as_list(motif)[0]
    ax = _axes(ax, figsize=(9.0, 3.6))
    base = [c > 0 for c in pitch_class_counts(motif)]
    tonic = parse_key(motif.key)[0]
    grid = np.zeros((7, 12))
    for row, mode in enumerate(BRIGHTNESS):
        counts = pitch_class_counts(motif.to_mode(mode))
        for pc in range(12):
            if counts[pc] > 0:
                grid[row, pc] = 1.0
                if not base[pc]:
                    ax.add_patch(_outline(pc, row))
    ax.imshow(grid, cmap="Blues", vmin=0, vmax=1.6, aspect="auto")
    names = [note_name(tonic + k + 60, motif.key)[:-1] for k in range(12)]
    order = [(tonic + k) % 12 for k in range(12)]
    ax.images[0].set_data(grid[:, order])
    for patch in ax.patches:
        x = order.index(int(round(patch.get_x() + 0.5)))
        patch.set_x(x - 0.5)
    ax.set_xticks(range(12), names)
    ax.set_yticks(range(7), BRIGHTNESS)
    ax.set_title("mode ladder: pitch classes used (red = changed from the original)")
    return ax


def _outline(pc, row):
    from matplotlib.patches import Rectangle

    return Rectangle((pc - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="#c23a3a", linewidth=2)
