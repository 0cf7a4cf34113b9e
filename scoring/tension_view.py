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
from scoring.render.dsp import check_rate, mono, samples as checked_samples
from scoring.tension import INTERVAL_NAMES, TensionCurve, roughness, tension_curve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["FEATURE_COLOURS", "FRAME_PHRASE", "FRAME_SPAN", "dissonance_curve", "dissonance_alt", "dissonance_html",
           "tension_plot", "tension_view",
           "tension_alt", "tension_html", "tension_image", "compare_alt", "tension_compare", "spectrogram_alt",
           "pulse_plot", "pulse_alt", "pulse_html"]

#: The colour of each feature of a tension curve, in plots.
FEATURE_COLOURS = {"roughness": "#c23a3a", "register": "#1f5fa8", "density": "#2a8a3e", "dynamics": "#d0601b",
                   "tempo": "#6b4fb3"}

#: The frame a card keeps while a panel's answers change (``tension_html(..., frame=True)``): the
#: roll's pitches from C2 to C6 (widened by octaves for notes beyond them), and time in whole
#: phrases of this many bars.
FRAME_SPAN = (36, 84)
FRAME_PHRASE = 4


def _glide_root(root) -> float:
    """The MIDI number of the dissonance curve's lower note, checked."""
    if isinstance(root, str):
        base = float(midi_number(root))
    elif isinstance(root, (Real, np.integer, np.floating)) and not isinstance(root, (bool, np.bool_)):
        base = float(root)
    else:
        base = math.nan
    if not 0 <= base <= 127 - 12.5:              # NaN fails this too
        raise ScoringError(f"root {root!r} is not a note an octave can glide above; give one like 'C4' (C6 or lower)")
    return base


def _dissonance_values(base: float, harmonics: int) -> tuple[np.ndarray, list[float]]:
    """The glide's intervals (semitones, 0 to 12.5) and the roughness of each."""
    cents = np.linspace(0, 12.5, 501)
    return cents, [roughness([base, base + c], harmonics=harmonics) for c in cents]


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
    base = _glide_root(root)
    cents, values = _dissonance_values(base, harmonics)
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
                 label: str | None = None, length: float | None = None) -> Axes:
    """Plot a tension curve against bars: the features' shares stacked (their top edge is the
    tension) or, with ``stacked=False``, the tension alone as a line (to compare curves). Returns the Axes.

    ``length`` (in beats) runs the time axis on past the music's end, its bars counted on.

    Examples
    --------
    >>> ax = tension_plot(tension_curve(Motif.parse("4/4 c4 e g c'")))
    >>> [float(y) for y in ax.get_ylim()], ax.get_xlabel()
    ([0.0, 1.0], 'bar')
    >>> [t.get_text() for t in tension_plot(tension_curve(Motif.parse("4/4 c1")), length=12).get_xticklabels()]
    ['1', '2', '3']

    Lesson: lessons/02_tension.ipynb
    """
    if not isinstance(curve, TensionCurve):
        raise ScoringError(f"tension_plot() takes a TensionCurve (from tension_curve(music)), "
                           f"not {type(curve).__name__}")
    stacked = checks.flag(stacked, "stacked")
    if label is not None:
        label = checks.text(label, "label", "give the line's name as text, like 'cue A', or leave it out")
    if length is not None:
        length = checks.number(length, "length", "give the plot's length in beats, like 32", lo=0, hi=1e6)
    ax = checks.axes(ax, figsize=(9.0, 2.6))
    frame = float(curve.beats[1] - curve.beats[0]) if len(curve.beats) > 1 else 1.0
    x = curve.beats + frame / 2
    if stacked:
        shares = curve.contributions()
        names = [f for f in shares if curve.weights[f] > 0]
        ax.stackplot(x, [shares[f] for f in names], colors=[FEATURE_COLOURS[f] for f in names], alpha=0.45,
                     labels=[f"{f} ×{_weight(curve.weights[f])}" for f in names])
        ax.plot(x, curve.total, color="black", lw=1.8, label=label or "tension")
    else:
        ax.plot(x, curve.total, lw=2, label=label or curve.name)
    end = max(float(curve.beats[-1]) + frame, length or 0.0)
    starts = [b for b in curve.bar_starts if b < end - 1e-9]
    while starts and starts[-1] + curve.bar < end - 1e-9:   # bars counted on past the music
        starts.append(starts[-1] + curve.bar)
    every = 1 if len(starts) <= 16 else 2
    ax.set_xticks(starts[::every], [str(k + 1) for k in range(0, len(starts), every)])
    ax.grid(True, axis="x", alpha=0.4)
    ax.set_xlim(0, end)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("bar")
    ax.set_ylabel("tension")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def _weight(weight: float) -> str:
    """A weight as the key shows it: one decimal where that is exact ('2.0', '0.5'), so the key keeps
    its width as a slider moves in steps of a half; else as given ('0.25')."""
    return f"{weight:.1f}" if round(weight, 1) == weight else f"{weight:g}"


def _draw(fig: Figure, cue: Cue, curve: TensionCurve, axes: tuple[Axes, Axes] | None = None,
          frame: bool = False) -> tuple[Axes, Axes]:
    """The cue's piano roll above its tension curve, on one axis of beats (in the panel's fixed
    frame, :data:`FRAME_SPAN` and whole phrases, the time after the music shaded)."""
    top, bottom = axes or fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    end = length = float(cue.quarter_length)
    if frame:
        phrase = FRAME_PHRASE * curve.bar
        length = phrase * math.ceil(end / phrase - 1e-9)
    roll.draw(top, cue.voices(), name=lambda p: note_name(p, cue.key), title=cue.name, legend=True, xlabel="",
              length=length, span=FRAME_SPAN if frame else None)
    tension_plot(curve, ax=bottom, length=length)
    top.set_xlim(bottom.get_xlim())
    if length > end:
        for ax in (top, bottom):
            ax.axvspan(end, length, color="0.5", alpha=0.1, lw=0)
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


def _tension_figure(music: Motif | Cue, weights: dict | None, frame: bool = False):
    """The cue, its tension curve and the figure of both (the roll above the curve), a kept figure
    for :func:`~scoring.render.html.figure_png` to give back."""
    cue = as_cue(music)
    curve = tension_curve(cue, weights=weights)
    fig, axes = html.kept_figure("tension view", (9.0, 4.6), rows=2, height_ratios=(3, 2))
    _draw(fig, cue, curve, axes, frame)
    return cue, curve, fig


def tension_html(music: Motif | Cue, *, weights: Mapping[str, float] | None = None, table: bool = False,
                 frame: bool = False) -> html.HTML:
    """A cue to read, hear and measure, as one card: name, how it was made, notation, player,
    summary, its piano roll over its tension curve (and, with ``table=True``, the numbers per bar).

    With ``frame=True`` the roll keeps one frame from cue to cue: pitches from C2 to C6
    (:data:`FRAME_SPAN`, widened by octaves for notes beyond them) and time in whole four-bar
    phrases, shaded after the music ends, so a panel's answers compare at a glance.

    Examples
    --------
    >>> view = tension_html(Motif.parse("4/4 c4 e g c'", name="Hero"))
    >>> print(view)
    Hero: melody (Acoustic Grand Piano) | C major | 4/4 | 100 BPM | 2.4 s
    Hero: tension starts 0.34, peaks 0.41 in bar 1 (beat 3.5), ends 0.41

    Lesson: lessons/02_tension.ipynb
    """
    cue = as_cue(music)
    cue.start_player()  # the sound is rendered and encoded on a second thread while the plot is drawn
    cue, curve, fig = _tension_figure(cue, weights, checks.flag(frame, "frame"))
    measured = f'<div style="font-family:monospace;font-size:0.9em">{html.escape(curve.summary())}</div>'
    numbers = f'<pre style="font-size:0.8em">{html.escape(curve.table())}</pre>' if table else ""
    notation = html.img_tag(cue.svg(), alt=cue.alt_text())
    plot = html.figure_png(fig, dpi=72, alt=tension_alt(curve))
    page = html.card(cue.name, note=cue.notes, notation=notation, player=cue.player(), summary=cue.summary(),
                     extra=measured + plot + numbers)
    text = f"{cue.summary()}\n{curve.summary()}" + (f"\n{curve.table()}" if table else "")
    return html.HTML(page, text)


def dissonance_alt(*, root: str | int = "C4", harmonics: int = 6) -> str:
    """Alt text for :func:`dissonance_curve`: its axes, where the roughness peaks and the smoothest intervals.

    Examples
    --------
    >>> dissonance_alt(root="C4").split("; ")[1]
    'roughest at 0.8 semitones above C4 (less than a minor second)'

    Lesson: lessons/02_tension.ipynb
    """
    base = _glide_root(root)
    cents, values = _dissonance_values(base, harmonics)
    top = int(np.argmax(values))
    near = min(INTERVAL_NAMES, key=lambda k: abs(k - cents[top]))
    where = "less than a minor second" if cents[top] < 0.9 else f"near the {INTERVAL_NAMES[near]}"
    named = {k: roughness([base, base + k], harmonics=harmonics) for k in INTERVAL_NAMES}
    smooth = sorted(named, key=named.get)[:3]
    rough = max(named, key=named.get)
    return (f"line plot of roughness (0 to {max(values):.1f}) as the upper note glides from unison to "
            f"{cents[-1]:g} semitones above {note_name(int(round(base)))}, dots at the named intervals; roughest at "
            f"{cents[top]:.1f} semitones above {note_name(int(round(base)))} ({where}); of the named intervals the "
            f"{INTERVAL_NAMES[rough]} is roughest ({named[rough]:.2f}) and the smoothest are the "
            + ", ".join(f"{INTERVAL_NAMES[k]} ({named[k]:.2f})" for k in smooth) + ": valleys at simple ratios")


def dissonance_html(*, root: str | int = "C4", harmonics: int = 6) -> html.HTML:
    """:func:`dissonance_curve` as an image with its alt text (:func:`dissonance_alt`).

    Examples
    --------
    >>> print(dissonance_html(root="C4"))  # doctest: +ELLIPSIS
    line plot of roughness (0 to ...) as the upper note glides from unison to 12.5 semitones above C4, ...

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.figure import Figure

    alt = dissonance_alt(root=root, harmonics=harmonics)
    fig = Figure(figsize=(9.0, 3.2), layout="constrained")
    dissonance_curve(root=root, harmonics=harmonics, ax=fig.add_subplot())
    return html.HTML(html.figure_png(fig, dpi=72, alt=alt), alt)


def tension_image(music: Motif | Cue, *, weights: Mapping[str, float] | None = None) -> html.HTML:
    """The piano roll of a cue above its tension curve, stacked by feature, as an image with alt text
    (:func:`tension_alt`); the picture of :func:`tension_view` without the card around it.

    Examples
    --------
    >>> print(tension_image(Motif.parse("4/4 c4 e g c'", name="Hero")))
    Hero: tension starts 0.34, peaks 0.41 in bar 1 (beat 3.5), ends 0.41

    Lesson: lessons/02_tension.ipynb
    """
    _, curve, fig = _tension_figure(music, weights)
    return html.HTML(html.figure_png(fig, dpi=72, alt=tension_alt(curve)), curve.summary())


def _curves(curves, labels) -> tuple[list[TensionCurve], list[str]]:
    fix = "give a list of 1 to 8 tension curves, e.g. [tension_curve(a), tension_curve(b)]"
    items = [curves] if isinstance(curves, TensionCurve) else checks.items(curves, "curves", fix, most=8)
    if not items or not all(isinstance(c, TensionCurve) for c in items):
        raise ScoringError(fix)
    if labels is None:
        return items, [c.name for c in items]
    names = checks.items(labels, "labels", "give one label per curve, e.g. ['default', 'roughness only']", most=8)
    if len(names) != len(items) or not all(isinstance(n, str) and 0 < len(n) <= 200 for n in names):
        raise ScoringError(f"give one label per curve ({len(items)}), each a short text")
    return items, list(names)


def compare_alt(curves: Sequence[TensionCurve], *, labels: Sequence[str] | None = None) -> str:
    """Alt text for :func:`tension_compare`: the axes and, curve by curve, where it peaks and its biggest jump.

    Examples
    --------
    >>> calm, tense = Motif.parse("4/4 c4 e g c'", name="calm"), Motif.parse("4/4 c'4 d'- b c'", name="tense")
    >>> compare_alt([tension_curve(calm), tension_curve(tense)]).split("; ")[1][:37]
    "'tense' starts 0.40, peaks 0.42 in ba"

    Lesson: lessons/02_tension.ipynb
    """
    items, names = _curves(curves, labels)
    bars = max(int(c.bar_index()[-1]) + 1 for c in items)
    parts = []
    for c, name in zip(items, names):
        t = c.total
        peak = int(np.argmax(t))
        frame = float(c.beats[1] - c.beats[0]) if len(c.beats) > 1 else 1.0
        span = max(1, int(round(1.0 / frame)))                     # frames in one beat
        rises = [(float(t[i + 1:i + 1 + span].max() - t[i]), i, i + 1 + int(np.argmax(t[i + 1:i + 1 + span])))
                 for i in range(len(t) - 1)]
        rise, i, k = max(rises) if rises else (0.0, 0, 0)
        jump = (f", its biggest jump within a beat {rise:+.2f} in bar {int(c.bar_index()[k]) + 1} "
                f"({t[i]:.2f} to {t[k]:.2f})") if rise > 0.005 else ""
        parts.append(f"'{name}' starts {t[0]:.2f}, peaks {t[peak]:.2f} in bar {int(c.bar_index()[peak]) + 1}{jump}, "
                     f"ends {t[-1]:.2f}")
    return (f"line plot of tension (0 to 1) across bars 1-{bars}, one line per curve "
            "(" + ", ".join(f"'{n}'" for n in names) + "): " + "; ".join(parts))


def tension_compare(curves: Sequence[TensionCurve], *, labels: Sequence[str] | None = None, title: str = "",
                    figsize: Sequence[float] = (9.0, 2.8)) -> html.HTML:
    """Several tension curves as lines on one axis of bars (an image with :func:`compare_alt` as alt
    text and a numbered label at each line's peak, so the lines are told apart without colour).

    Musically: the same cue heard by listeners who weigh its features differently, or two versions
    of a cue side by side.

    Examples
    --------
    >>> a, b = Motif.parse("4/4 c4 e g c'", name="a"), Motif.parse("4/4 c'4 d'- b c'", name="b")
    >>> print(tension_compare([tension_curve(a), tension_curve(b)], title="two"))  # doctest: +ELLIPSIS
    two: line plot of tension (0 to 1) across bars 1-1, one line per curve ('a', 'b'): ...

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.figure import Figure

    items, names = _curves(curves, labels)
    title = checks.text(title, "title", "give a short title, like 'one cue, three listeners'", most=200)
    alt = (f"{title}: " if title else "") + compare_alt(items, labels=names)
    fig = Figure(figsize=checks.figsize(figsize), layout="constrained")
    ax = fig.add_subplot()
    styles = ("-", "--", ":", "-.")
    for k, (c, name) in enumerate(zip(items, names)):
        tension_plot(c, ax=ax, stacked=False, label=f"{k + 1} {name}")
        ax.lines[-1].set_linestyle(styles[k % len(styles)])
        frame = float(c.beats[1] - c.beats[0]) if len(c.beats) > 1 else 1.0
        peak = int(np.argmax(c.total))
        ax.annotate(str(k + 1), (float(c.beats[peak]) + frame / 2, float(c.total[peak])), fontsize=8,
                    xytext=(0, 3), textcoords="offset points", ha="center")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    return html.HTML(html.figure_png(fig, dpi=72, alt=alt), alt)


def spectrogram_alt(samples, sample_rate: int, *, label: str = "sound", top: float = 4000.0) -> str:
    """Alt text for a spectrogram of a sound (as :func:`scoring.devices_view.spectrogram` draws it): its
    axes, how many partials sound at once, which way they glide and where the loudest one stays.

    For a Shepard tone the thing to notice is the paradox: every partial rises, yet the loudest
    band does not move.

    Examples
    --------
    >>> t = np.arange(44100) / 44100
    >>> spectrogram_alt(np.sin(2 * np.pi * 440 * t), 44100, label="A4").split("; ")[1]
    '1 partial at a time, holding steady'

    Lesson: lessons/02_tension.ipynb
    """
    rate = check_rate(sample_rate)
    label = checks.text(label, "label", "name the sound in a few words, like 'the Shepard tone'", most=200)
    y = checked_samples(samples, rate, what="spectrogram_alt() samples")
    y = mono(y)
    if len(y) < 4096:
        raise ScoringError(f"samples: give a mono or stereo sound of at least 4096 finite samples "
                           f"({4096 / rate:.2f} s), like shepard_tone(8.0)[0]")
    top = checks.number(top, "top", "give the highest frequency shown, 100 Hz up to half the sample rate",
                        lo=100, hi=rate / 2)
    window, hop = 4096, max(1024, (len(y) - 4096) // 200)
    frames = np.lib.stride_tricks.sliding_window_view(y, window)[::hop] * np.hanning(window)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(window, 1 / rate)
    keep = (freqs >= 25) & (freqs <= top)
    db = 10 * np.log10(power[:, keep] + 1e-12)
    f = freqs[keep]
    floor = db.max() - 30
    peaks = []
    for row in db:
        is_peak = (row[1:-1] > row[:-2]) & (row[1:-1] >= row[2:]) & (row[1:-1] > floor)
        peaks.append(f[1:-1][is_peak])
    counts = [len(p) for p in peaks]
    loudest = f[np.argmax(db, axis=1)]
    lag = max(1, min(len(peaks) - 1, round(0.25 * rate / hop)))     # compare frames a quarter second apart
    moves = []
    for a, b, row in zip(peaks, peaks[lag:], db):
        if len(a) and len(b):
            strongest = a[int(np.argmax([row[np.searchsorted(f, x)] for x in a]))]
            nearest = b[int(np.argmin(np.abs(np.log2(b / strongest))))]
            moves.append(math.log2(nearest / strongest))
    step = np.median(moves) * rate / (hop * lag) if moves else 0.0   # octaves per second
    glide = "holding steady" if abs(step) < 0.02 else (
        f"each {'rising' if step > 0 else 'falling'} about an octave every {1 / abs(step):.1f} s")
    n = int(np.median(counts)) if counts else 0
    seconds = len(y) / rate
    return (f"spectrogram of {label}, {seconds:.1f} s: seconds across, frequency up (25 to {top:g} Hz, log scale), "
            f"brightness = level; {n} partial{'s' * (n != 1)} at a time, {glide}; the loudest stays between "
            f"{np.percentile(loudest, 10):.0f} and {np.percentile(loudest, 90):.0f} Hz throughout")


def _clicks(clicks) -> list[tuple[float, int, float]]:
    fix = "give the clicks as (seconds, layer, loudness 0-1) triples, e.g. risset_onsets(8.0)"
    items = checks.items(clicks, "clicks", fix, most=100_000)
    out = []
    for c in items:
        if not isinstance(c, (tuple, list)) or len(c) != 3:
            raise ScoringError(fix)
        t, layer, a = c
        if not (isinstance(layer, (int, np.integer)) and not isinstance(layer, bool)):
            raise ScoringError(fix)
        t = checks.number(t, "a click's time", fix, lo=0, hi=3600)
        a = checks.number(a, "a click's loudness", fix, lo=0, hi=1)
        out.append((t, int(layer), a))
    if not out:
        raise ScoringError(fix)
    return out


def pulse_plot(clicks, *, ax: Axes | None = None) -> Axes:
    """Plot clicks as dots: time across, layer up (each layer twice the rate of the one below), dot size
    = loudness. Returns the Axes.

    Examples
    --------
    >>> ax = pulse_plot([(0.0, 0, 1.0), (0.5, 0, 0.5), (0.25, 1, 0.2)])
    >>> ax.get_xlabel(), len(ax.collections[0].get_offsets())
    ('seconds', 3)

    Lesson: lessons/02_tension.ipynb
    """
    items = _clicks(clicks)
    ax = checks.axes(ax, figsize=(9.0, 2.6))
    ax.scatter([t for t, _, _ in items], [layer for _, layer, _ in items], s=[60 * a for _, _, a in items],
               color="#1f5fa8")
    ax.set_xlabel("seconds")
    ax.set_ylabel("layer (rate doubles upward)")
    return ax


def pulse_alt(clicks, *, label: str = "clicks") -> str:
    """Alt text for :func:`pulse_plot`: its axes, how one layer speeds up and where the loudest clicks move.

    Examples
    --------
    >>> pulse_alt([(0.0, 0, 1.0), (1.0, 0, 1.0), (1.5, 0, 1.0), (1.75, 0, 0.5)], label="three gaps")
    'dot plot of three gaps, 4 clicks: seconds across (0.0 to 1.8), layer up (0 to 0, rate doubling each layer up), dot size = loudness; in layer 0 the gap between clicks shrinks from 1 s to 0.25 s; the loudest clicks are in layer 0 at the start and in layer 0 at the end'

    Lesson: lessons/02_tension.ipynb
    """
    label = checks.text(label, "label", "name the clicks in a few words, like 'the Risset rhythm'", most=200)
    items = _clicks(clicks)
    layers = sorted({layer for _, layer, _ in items})
    ts = [t for t, _, _ in items]
    start, end = min(ts), max(ts)
    loud = {layer: sum(a for _, l, a in items if l == layer) for layer in layers}
    main = max(layers, key=loud.get)
    times = sorted(t for t, l, _ in items if l == main)
    gaps = np.diff(times)
    speed = (f"; in layer {main} the gap between clicks {'shrinks' if gaps[-1] < gaps[0] else 'grows' if gaps[-1] > gaps[0] else 'stays'}"
             f" from {gaps[0]:.3g} s to {gaps[-1]:.3g} s") if len(gaps) > 1 else ""
    span = (end - start) / 8 or 1.0

    def loudest(lo: float, hi: float) -> int:
        near = [(a, l) for t, l, a in items if lo <= t <= hi] or [(a, l) for _, l, a in items]
        return max(near)[1]

    return (f"dot plot of {label}, {len(items)} clicks: seconds across ({start:.1f} to {end:.1f}), layer up "
            f"({layers[0]} to {layers[-1]}, rate doubling each layer up), dot size = loudness{speed}; the loudest "
            f"clicks are in layer {loudest(start, start + span)} at the start and in layer {loudest(end - span, end)} "
            "at the end")


def pulse_html(clicks, *, label: str = "clicks", title: str = "") -> html.HTML:
    """:func:`pulse_plot` as an image with its alt text (:func:`pulse_alt`).

    Examples
    --------
    >>> print(pulse_html([(0.0, 0, 1.0), (0.5, 0, 0.5)], label="two clicks"))  # doctest: +ELLIPSIS
    dot plot of two clicks, 2 clicks: ...

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.figure import Figure

    title = checks.text(title, "title", "give a short title, like 'Risset rhythm'", most=200)
    alt = pulse_alt(clicks, label=label)
    fig = Figure(figsize=(9.0, 2.6), layout="constrained")
    ax = pulse_plot(clicks, ax=fig.add_subplot())
    if title:
        ax.set_title(title)
    return html.HTML(html.figure_png(fig, dpi=72, alt=alt), alt)
