"""Plots of motifs (matplotlib, fixed sizes): piano roll, contour, intervals, pitch classes.

Each plot function takes ``ax=None`` and returns the Axes it drew on, so a lesson can put
several in one figure. With no ``ax`` it makes its own figure through pyplot, which a
notebook shows under the cell.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from scoring.core.analysis import interval_counts, pitch_class_counts
from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.pitch import BRIGHTNESS, note_name, parse_key
from scoring.errors import ScoringError
from scoring.render import roll as _roll
from scoring.render.checks import axes as check_axes, figsize as check_figsize, flag, items, show
from scoring.render.html import HTML, figure_png, kept_figure
from scoring.render.roll import COLOURS

__all__ = ["FIGSIZE", "COLOURS", "PC_NAMES", "PLOTS", "piano_roll", "contour", "interval_histogram",
           "pitch_class_histogram", "motif_figure", "plot_alt", "three_views", "three_views_alt", "cue_roll",
           "cue_figure", "mode_ladder", "mode_ladder_alt", "mode_ladder_html"]

FIGSIZE = (9.0, 3.2)
PC_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def _as_list(motifs) -> list:
    if isinstance(motifs, Motif):
        return [motifs]
    fix = "plot a Motif or a list of up to 12 Motifs, e.g. piano_roll([hero, hero.invert()])"
    motifs = items(motifs, "motifs", fix, most=12)
    if not motifs or not all(isinstance(m, Motif) for m in motifs):
        raise ScoringError(fix)
    return motifs


def _axes(ax, figsize=FIGSIZE):
    if check_axes(ax) is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def piano_roll(motifs, *, ax=None, seconds: bool = False):
    """Notes as bars: time across (beats, or seconds), pitch up; several motifs overlaid.

    Examples
    --------
    >>> ax = piano_roll(Motif.parse("c4 e g c'2"))
    >>> sum(len(c.get_paths()) for c in ax.collections)  # one bar per note
    4

    Lesson: lessons/00_first_motif.ipynb
    """
    motifs = _as_list(motifs)
    seconds = flag(seconds, "seconds")
    ax = _axes(ax)
    voices, total = [], 0.0
    for m in motifs:
        notes, t = [], 0.0
        for n in m.notes:
            if not n.is_rest:
                notes.append((t, float(n.duration), n.pitch, n.velocity))
            t += float(n.duration)
        if seconds:
            on = m.tempo_map.seconds_at([x for x, _, _, _ in notes])
            off = m.tempo_map.seconds_at([x + d for x, d, _, _ in notes])
            notes = [(float(a), float(b - a), p, v) for a, b, (_, _, p, v) in zip(on, off, notes)]
            total = max(total, m.duration_seconds)
        else:
            total = max(total, float(m.quarter_length))
        voices.append((m.name, notes))
    _roll.draw(ax, voices, name=lambda p: note_name(p, motifs[0].key), length=total,
               xlabel="seconds" if seconds else "beats (quarter notes)", title="piano roll", legend=len(motifs) > 1)
    return ax


def contour(motifs, *, ax=None):
    """The melodic line as pitch against note number: the shape a listener remembers.

    Examples
    --------
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
    """One plot of one or more motifs as a standalone figure (not kept by pyplot). Once
    :func:`~scoring.render.html.figure_png` has made its picture, the figure is drawn on again by
    the next call for the same kind of plot (see :func:`~scoring.render.html.kept_figure`).

    Examples
    --------
    >>> motif_figure(Motif.parse("c4 e g"), "contour").axes[0].get_title()
    'contour'

    Lesson: lessons/00_first_motif.ipynb
    """
    _kind(kind)
    motifs = _as_list(motifs)
    fig, ax = kept_figure(("motif plot", kind), check_figsize(figsize))
    PLOTS[kind](motifs, ax=ax)
    return fig


def _kind(kind: object) -> str:
    if not isinstance(kind, str) or kind not in PLOTS:
        raise ScoringError(f"unknown plot {show(kind)}; choose one of: {', '.join(PLOTS)}")
    return kind


def plot_alt(motifs, kind: str = "piano roll") -> str:
    """Alt text for :func:`motif_figure`: the kind of plot, its axes and what it shows.

    Examples
    --------
    >>> plot_alt(Motif.parse("c4 e g c'2", name="Hero"))
    'piano roll of Hero: beats across, pitch up; Hero spans C4-C5 over 5 beats'

    Lesson: lessons/00_first_motif.ipynb
    """
    ms = _as_list(motifs)
    _kind(kind)
    axes = {"piano roll": "beats across, pitch up", "contour": "note number across, pitch up",
            "intervals": "interval in semitones across, count up",
            "pitch classes": "pitch class across, quarter notes sounding up"}.get(kind, kind)
    what = "; ".join(f"{m.name} spans {m.ambitus[0]}-{m.ambitus[1]} over {float(m.quarter_length):g} beats"
                     for m in ms)
    return f"{kind} of {', '.join(m.name for m in ms)}: {axes}; {what}"


def three_views(motif, *, figsize: Sequence[float] = (12.0, 3.0)) -> HTML:
    """A motif's piano roll, contour and interval histogram side by side, as an image with alt text.

    The three ways of seeing one motif: when each note sounds, the shape of the line, and how
    it moves (steps or leaps). The picture's alt text is :func:`three_views_alt`.

    Parameters
    ----------
    motif : the Motif to draw.
    figsize : (width, height) in inches.

    Examples
    --------
    >>> print(three_views(Motif.parse("c4 e g c'2", name="Hero")))
    three plots of Hero: a piano roll (beats across, pitch up) of 4 notes from C4 to C5 over 5 beats; its contour (note number across, pitch up) rises to its peak C5 at note 4 and ends there; its intervals (semitones across, count up): 3 intervals, 0 steps and 3 leaps, the largest +5 (G4 to C5)

    Lesson: lessons/00_first_motif.ipynb
    """
    from matplotlib.figure import Figure

    motif = _as_list(motif)[0]
    alt = three_views_alt(motif)
    fig = Figure(figsize=check_figsize(figsize), layout="constrained")
    axes = fig.subplots(1, 3)
    piano_roll(motif, ax=axes[0])
    contour(motif, ax=axes[1])
    interval_histogram(motif, ax=axes[2])
    return HTML(figure_png(fig, alt=alt), alt)


def three_views_alt(motif) -> str:
    """Alt text for :func:`three_views`: the three plots, their axes, the motif's peak and its largest leap.

    Examples
    --------
    >>> three_views_alt(Motif.parse("g4 c'8 d' e'-4. d'8", name="Call")).split("; ")[1]
    'its contour (note number across, pitch up) rises to its peak Eb5 at note 4, then falls to D5'

    Lesson: lessons/00_first_motif.ipynb
    """
    m = _as_list(motif)[0]
    ps = [p for p in m.midi if p is not None]
    name = lambda p: note_name(p, m.key)  # noqa: E731
    head = (f"three plots of {m.name}: a piano roll (beats across, pitch up) of {len(ps)} note{'s' * (len(ps) != 1)}")
    if not ps:
        return f"{head} over {float(m.quarter_length):g} beats (all rests); its contour and intervals are empty"
    low, high = min(ps), max(ps)
    peak = ps.index(high)
    head += f" from {name(low)} to {name(high)} over {float(m.quarter_length):g} beats"
    if len(ps) == 1:
        return f"{head}; its contour is a single point; it has no intervals"
    if peak == 0:
        shape = f"starts on its peak {name(high)} and falls to {name(ps[-1])}" if ps[-1] < high else \
            f"stays on {name(high)}"
    elif peak == len(ps) - 1:
        shape = f"rises to its peak {name(high)} at note {peak + 1} and ends there"
    else:
        shape = f"rises to its peak {name(high)} at note {peak + 1}, then falls to {name(ps[-1])}"
    moves = [b - a for a, b in zip(ps, ps[1:])]
    steps = sum(1 for d in moves if 0 < abs(d) <= 2)
    leaps = sum(1 for d in moves if abs(d) > 2)
    big = max(range(len(moves)), key=lambda i: abs(moves[i]))
    return (f"{head}; its contour (note number across, pitch up) {shape}; its intervals (semitones across, "
            f"count up): {len(moves)} interval{'s' * (len(moves) != 1)}, {steps} step{'s' * (steps != 1)} and "
            f"{leaps} leap{'s' * (leaps != 1)}, the largest {moves[big]:+d} ({name(ps[big])} to {name(ps[big + 1])})")


def cue_roll(cue, *, ax=None):
    """Piano roll of a cue (or motif): one colour per layer, chords as stacked bars.

    Examples
    --------
    >>> from scoring.harmony import harmonize
    >>> ax = cue_roll(harmonize(Motif.parse("c4 e g c'")))
    >>> len(ax.collections), sum(len(c.get_paths()) for c in ax.collections)  # a collection per layer, a bar per note
    (3, 8)

    Lesson: lessons/01_mood.ipynb
    """
    if isinstance(cue, Motif):
        cue = Cue.from_motif(cue)
    if not isinstance(cue, Cue):
        raise ScoringError(f"cue_roll() takes a Cue or a Motif, not {type(cue).__name__}")
    return _roll.draw(_axes(ax), cue.voices(), name=lambda p: note_name(p, cue.key), title=cue.name, legend=True,
                      length=float(cue.quarter_length))


def cue_figure(cue, *, figsize: Sequence[float] = (9.0, 2.8)):
    """A cue's piano roll as a standalone figure.

    Examples
    --------
    >>> cue_figure(Motif.parse("c4 e g", name="Bell")).axes[0].get_title()
    'Bell'

    Lesson: lessons/01_mood.ipynb
    """
    if isinstance(cue, Motif):
        cue = Cue.from_motif(cue)
    if not isinstance(cue, Cue):
        raise ScoringError(f"cue_figure() takes a Cue or a Motif, not {type(cue).__name__}")
    return cue.figure(figsize=figsize)


def mode_ladder(motif, *, ax=None):
    """The motif in the seven church modes, brightest (Lydian) to darkest (Locrian): one row per
    mode, one column per pitch class; cells changed from the original are outlined in red.

    Examples
    --------
    >>> ax = mode_ladder(Motif.parse("c4 d e f g a b c'", key="C major"))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['lydian', 'ionian']

    Lesson: lessons/01_mood.ipynb
    """
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
    ax.set_title("mode ladder: pitch classes used (outlined in red = changed from the original)")
    return ax


def _outline(pc, row):
    from matplotlib.patches import Rectangle

    return Rectangle((pc - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="#c23a3a", linewidth=2)


def _ladder_changes(motif) -> list[tuple[str, list[str]]]:
    """Each mode of the ladder with the pitch classes it adds to the original (spelt in the mode)."""
    base = [c > 0 for c in pitch_class_counts(motif)]
    out = []
    for mode in BRIGHTNESS:
        moved = motif.to_mode(mode)
        counts = pitch_class_counts(moved)
        tonic = parse_key(moved.key)[0]
        spelt = {(p - tonic) % 12: note_name(p, moved.key)[:-1] for p in moved.midi
                 if p is not None and counts[p % 12] > 0 and not base[p % 12]}
        out.append((mode, [spelt[k] for k in sorted(spelt)]))
    return out


def mode_ladder_alt(motif) -> str:
    """Alt text for :func:`mode_ladder`: the grid's axes and, mode by mode, the notes that changed.

    Examples
    --------
    >>> alt = mode_ladder_alt(Motif.parse("c4 d e f g a b c'", key="C major", name="Scale"))
    >>> alt.split("; ")[-1]
    'locrian changes 5 notes (Db, Eb, Gb, Ab, Bb), the most'

    Lesson: lessons/01_mood.ipynb
    """
    motif = _as_list(motif)[0]
    tonic = parse_key(motif.key)[0]
    first, last = note_name(tonic + 60, motif.key)[:-1], note_name(tonic + 71, motif.key)[:-1]
    changes = _ladder_changes(motif)
    rows = ", ".join(f"{mode} {' '.join(names) if names else 'none'}" for mode, names in changes)
    most = max(changes, key=lambda mc: len(mc[1]))
    return (f"grid of the pitch classes {motif.name} uses ({first} to {last} across) in the seven modes, brightest "
            f"(lydian, top) to darkest (locrian, bottom); shaded cells are notes used, outlined cells changed from the "
            f"original; changed notes: {rows}; {most[0]} changes {len(most[1])} note{'s' * (len(most[1]) != 1)} "
            f"({', '.join(most[1])}), the most")


def mode_ladder_html(motif, *, figsize: Sequence[float] = (9.0, 3.6)) -> HTML:
    """:func:`mode_ladder` as an image with its alt text (:func:`mode_ladder_alt`), also shown as a caption.

    Examples
    --------
    >>> print(mode_ladder_html(Motif.parse("c4 e g c'", key="C major", name="Bell")))  # doctest: +ELLIPSIS
    grid of the pitch classes Bell uses (C to B across) in the seven modes, ...

    Lesson: lessons/01_mood.ipynb
    """
    from matplotlib.figure import Figure

    motif = _as_list(motif)[0]
    alt = mode_ladder_alt(motif)
    fig = Figure(figsize=check_figsize(figsize), layout="constrained")
    mode_ladder(motif, ax=fig.add_subplot())
    return HTML(figure_png(fig, alt=alt), alt)
