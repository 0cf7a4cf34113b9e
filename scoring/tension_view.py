"""Tension, seen and heard: the dissonance curve, a tension curve (stacked by feature) under its
piano roll, and the card that shows a cue with its measured tension.

The numbers come from :mod:`scoring.tension` (this module draws what it measures); the roll is
drawn by :mod:`scoring.render.roll`, the card by :mod:`scoring.render.html`. Beats run across,
as in the score; the curve's seconds come from the music's tempo map.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from numbers import Real
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from scoring.core.cue import Cue, as_cue
from scoring.core.motif import Motif
from scoring.core.pitch import midi_number, note_name
from scoring.errors import ScoringError
from scoring.render import checks, html, roll
from scoring.render.checks import expect
from scoring.tension import INTERVAL_NAMES, TensionCurve, roughness, tension_curve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["FEATURE_COLOURS", "dissonance_curve", "tension_plot", "tension_view", "tension_alt", "tension_html"]

#: The colour of each feature of a tension curve, in plots.
FEATURE_COLOURS = {"roughness": "#c23a3a", "register": "#1f5fa8", "density": "#2a8a3e", "dynamics": "#d0601b",
                   "tempo": "#6b4fb3"}


def dissonance_curve(*, root: str | int = "C4", harmonics: int = 6, ax: Axes | None = None) -> Axes:
    """Plot the roughness of two notes as the upper one glides from unison to a little past the octave.

    Sethares' dissonance curve (:func:`scoring.tension.roughness` of two harmonic tones): the
    valleys fall on the simple ratios (octave, fifth, fourth, major sixth, thirds), which is why
    those intervals sound at rest. Returns the Axes.

    Examples
    --------
    >>> ax = dissonance_curve(root="C4")
    >>> ax.get_title(), float(ax.get_xlim()[1])
    ('dissonance curve (6 harmonics per note)', 12.5)

    Lesson: lessons/02_tension.ipynb
    """
    if isinstance(root, str):
        base = float(midi_number(root))
    elif isinstance(root, (Real, np.integer, np.floating)) and not isinstance(root, (bool, np.bool_)):
        base = float(root)
    else:
        base = math.nan
    if not 0 <= base <= 127 - 12.5:              # NaN fails this too
        raise ScoringError(f"root {root!r} is not a note an octave can glide above; give one like 'C4' (C6 or lower)")
    cents = np.linspace(0, 12.5, 501)
    values = [roughness([base, base + c], harmonics=harmonics) for c in cents]
    ax = checks.axes(ax, figsize=(9.0, 3.2))
    ax.plot(cents, values, color="#1f5fa8", lw=1.8)
    named = list(INTERVAL_NAMES)
    ax.plot(named, [roughness([base, base + k], harmonics=harmonics) for k in named], "o", color="#c23a3a", ms=4)
    top = ax.secondary_xaxis("top")
    top.set_xticks(named, list(INTERVAL_NAMES.values()), fontsize=8)
    ax.set_xlim(0, 12.5)
    ax.set_ylim(0, max(values) * 1.15)
    ax.set_xticks(range(13))
    ax.set_xlabel(f"interval above {note_name(int(round(base)))} (semitones)")
    ax.set_ylabel("roughness")
    ax.set_title(f"dissonance curve ({harmonics} harmonics per note)")
    ax.grid(True, alpha=0.3)
    return ax


def tension_plot(curve: TensionCurve, *, ax: Axes | None = None, stacked: bool = True,
                 label: str | None = None) -> Axes:
    """Plot a tension curve against bars: the features' shares stacked (their top edge is the
    tension) or, with ``stacked=False``, the tension alone as a line (to compare curves). Returns the Axes.

    Examples
    --------
    >>> ax = tension_plot(tension_curve(Motif.parse("4/4 c4 e g c'")))
    >>> [float(y) for y in ax.get_ylim()], ax.get_xlabel()
    ([0.0, 1.0], 'bar')

    Lesson: lessons/02_tension.ipynb
    """
    if not isinstance(curve, TensionCurve):
        raise ScoringError(f"tension_plot() takes a TensionCurve (from tension_curve(music)), "
                           f"not {type(curve).__name__}")
    ax = checks.axes(ax, figsize=(9.0, 2.6))
    frame = float(curve.beats[1] - curve.beats[0]) if len(curve.beats) > 1 else 1.0
    x = curve.beats + frame / 2
    if stacked:
        shares = curve.contributions()
        names = [f for f in shares if curve.weights[f] > 0]
        ax.stackplot(x, [shares[f] for f in names], colors=[FEATURE_COLOURS[f] for f in names], alpha=0.45,
                     labels=[f"{f} ×{curve.weights[f]:g}" for f in names])
        ax.plot(x, curve.total, color="black", lw=1.8, label=label or "tension")
    else:
        ax.plot(x, curve.total, lw=2, label=label or curve.name)
    end = float(curve.beats[-1]) + frame
    starts = [b for b in curve.bar_starts if b < end - 1e-9]
    every = 1 if len(starts) <= 16 else 2
    ax.set_xticks(starts[::every], [str(k + 1) for k in range(0, len(starts), every)])
    ax.grid(True, axis="x", alpha=0.4)
    ax.set_xlim(0, end)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("bar")
    ax.set_ylabel("tension")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def _draw(fig: Figure, cue: Cue, curve: TensionCurve) -> tuple[Axes, Axes]:
    """The cue's piano roll above its tension curve, on one axis of beats."""
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    roll.draw(top, cue.voices(), name=lambda p: note_name(p, cue.key), title=cue.name, legend=True, xlabel="",
              length=float(cue.quarter_length))
    tension_plot(curve, ax=bottom)
    top.set_xlim(bottom.get_xlim())
    return top, bottom


def tension_view(music: Motif | Cue, *, weights: Mapping[str, float] | None = None,
                 figsize: Sequence[float] = (9.0, 4.8)) -> tuple[Axes, Axes]:
    """The piano roll of a cue above its tension curve, on one time axis (a pyplot figure).

    Returns the two Axes (roll, curve); end the cell with ``plt.show()``.

    Examples
    --------
    >>> roll_ax, curve_ax = tension_view(Motif.parse("4/4 c4 e g c'"))
    >>> roll_ax.get_xlim() == curve_ax.get_xlim()
    True

    Lesson: lessons/02_tension.ipynb
    """
    import matplotlib.pyplot as plt

    size = tuple(figsize) if isinstance(figsize, (tuple, list)) and len(figsize) == 2 else ()
    if len(size) != 2 or not all(isinstance(x, (Real, np.integer, np.floating)) and not isinstance(x, bool)
                                 and 1 <= float(x) <= 30 for x in size):
        raise ScoringError(f"figsize={figsize!r}: give (width, height) in inches, each 1-30, e.g. (9, 4.8)")
    cue = as_cue(music)
    curve = tension_curve(cue, weights=weights)
    return _draw(plt.figure(figsize=tuple(float(x) for x in size), layout="constrained"), cue, curve)


def tension_alt(curve: TensionCurve) -> str:
    """What the roll-over-curve picture shows, in words: the kind of plot, its axes and where the tension peaks.

    Examples
    --------
    >>> alt = tension_alt(tension_curve(Motif.parse("4/4 c4 e g c'", name="Hero")))
    >>> alt.split(": ")[0], alt.split("; ")[-1]
    ('piano roll of Hero above its tension curve', 'tension starts 0.34, peaks 0.41 in bar 1, ends 0.41')

    Lesson: lessons/02_tension.ipynb
    """


    expect(curve, TensionCurve, "curve", "tension_curve(cue)")
    total = curve.total
    peak = int(np.argmax(total))
    weighted = ", ".join(f for f in curve.features if curve.weights[f] > 0)
    return (f"piano roll of {curve.name} above its tension curve: bars across; pitch up in the roll, tension from "
            f"0 to 1 up in the curve ({weighted}); tension starts {total[0]:.2f}, peaks {total[peak]:.2f} in bar "
            f"{int(curve.bar_index()[peak]) + 1}, ends {total[-1]:.2f}")


def tension_html(music: Motif | Cue, *, weights: Mapping[str, float] | None = None, table: bool = False) -> html.HTML:
    """A cue to read, hear and measure, as one card: name, how it was made, notation, player,
    summary, its piano roll over its tension curve (and, with ``table=True``, the numbers per bar).

    Examples
    --------
    >>> view = tension_html(Motif.parse("4/4 c4 e g c'", name="Hero"))
    >>> print(view)
    Hero: melody (Acoustic Grand Piano) | C major | 4/4 | 100 BPM | 2.4 s
    Hero: tension starts 0.34, peaks 0.41 in bar 1 (beat 3.5), ends 0.41

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.figure import Figure

    cue = as_cue(music)
    curve = tension_curve(cue, weights=weights)
    fig = Figure(figsize=(9.0, 4.6), layout="constrained")
    _draw(fig, cue, curve)
    samples, sr = cue.to_audio()
    measured = f'<div style="font-family:monospace;font-size:0.9em">{html.escape(curve.summary())}</div>'
    numbers = f'<pre style="font-size:0.8em">{html.escape(curve.table())}</pre>' if table else ""
    page = html.card(cue.name, note=cue.notes, notation=html.img_tag(cue.svg(), alt=cue.alt_text()),
                     player=html.audio_tag(samples, sr, label=cue.listen_text()), summary=cue.summary(),
                     extra=measured + html.figure_png(fig, dpi=72, alt=tension_alt(curve)) + numbers)
    text = f"{cue.summary()}\n{curve.summary()}" + (f"\n{curve.table()}" if table else "")
    return html.HTML(page, text)
