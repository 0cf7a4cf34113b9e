"""What lesson 06 shows: the tempo-fit landscape, click plots, spectra, streamers, the timeline of
what lands where, and music against picture in one output.

This view imports :mod:`scoring.sync` (the tempo fits) and :mod:`scoring.click` (clicks and
excerpts), never the other way; a fit's beats come from its clock, ``fit.tempo_map``. Every HTML
piece is built with :mod:`scoring.render.html`; every PNG carries alt text generated from its data.

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scoring.click import click_times, excerpt_cue, frame_rate, render_excerpt
from scoring.core.cue import as_cue
from scoring.core.film import Scene
from scoring.core.motif import Motif
from scoring.core.time import TempoMap, frame_click
from scoring.core.view import motif_events
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.backdrop import UNDER_THE_MARKS
from scoring.render.checks import expect
from scoring.render.dsp import check_rate
from scoring.render.dsp import samples as checked_samples
from scoring.render.html import HTML, audio_tag, card, escape, figure_png, grid, img_tag
from scoring.render.roll import COLOURS
from scoring.sync import TempoFit, fit_errors

if TYPE_CHECKING:  # names for the type hints only
    from matplotlib.axes import Axes

    from scoring.core.cue import Cue
    from scoring.scene import Spotting

__all__ = ["STREAMER_COLOURS", "Streamer", "click_plot", "click_alt", "click_image", "fit_plot", "fit_plot_alt",
           "fit_image", "hear_offsets", "listen", "spectrum_plot", "spectrum_alt", "spectrum_image",
           "streamer_strip", "streamer_alt", "streamer_image", "streamers_for", "sync_html", "timeline",
           "timeline_alt", "timeline_image"]

#: Streamer colours (a common convention): into a downbeat, into the warning click, into the end.
STREAMER_COLOURS = {"green": "#2a8a3e", "yellow": "#d9a400", "red": "#c23a3a", "white": "#7a7a7a"}
_ROW_COLOURS = {"picture": "#555555", "dialogue": "#1f5fa8", "cue": "#2a8a3e", "music": "#6b4fb3",
                "hit": "#c23a3a"}
_SUBDIVISIONS = {1: "beats", 2: "eighths", 3: "triplets", 4: "sixteenths"}


def _fit(fit: object, who: str) -> TempoFit:
    if not isinstance(fit, TempoFit):
        raise ScoringError(f"{who}() takes a TempoFit from fit_tempo(...) or at_tempo(...), not {type(fit).__name__}")
    return fit


# ---------------------------------------------------------------- plots
def fit_plot(fit: TempoFit, *, ax: Axes | None = None, step: float | None = None) -> Axes:
    """The worst hit error (frames) against tempo, with the fitted tempo and its alternatives marked.

    Every valley is a tempo whose beats fall near all the hits; the dashed line is one frame.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> fit_plot(fit_tempo([0, 4.0, 9.5, 15.25])).get_xlabel()
    'tempo (BPM)'

    Lesson: lessons/06_sync.ipynb
    """
    fit = _fit(fit, "fit_plot")
    ax = checks.axes(ax, figsize=(9.0, 2.6))
    lo, hi = fit.bpm_range
    if step is not None:
        step = checks.number(step, "step", "give the BPM step between tempos tried, like 0.1, or leave it out",
                             lo=0.01, hi=max(0.01, hi - lo))
    fine = step or min(fit.step, max(0.05, (hi - lo) / 2400))
    bpms, worst = fit_errors(np.array(fit.hits) + fit.start, fit.bpm_range, fit.fps, subdivision=fit.subdivision,
                             step=fine, start=fit.start)
    ax.plot(bpms, worst, color=COLOURS[0], lw=1)
    ax.axhline(1.0, color="grey", ls="--", lw=0.8)
    for f in fit.alternatives:
        ax.plot([f.bpm], [f.worst], "o", color=COLOURS[1], ms=5)
        ax.annotate(f"{f.bpm:g}", (f.bpm, f.worst), textcoords="offset points", xytext=(0, 6), ha="center",
                    fontsize=7, color=COLOURS[1])
    ax.plot([fit.bpm], [fit.worst], "o", color="#c23a3a", ms=8)
    ax.annotate(f"{fit.bpm:g} BPM, {fit.worst:.1f} fr", (fit.bpm, fit.worst), textcoords="offset points",
                xytext=(0, 9), ha="center", fontsize=8, color="#c23a3a", fontweight="bold")
    ax.set_ylim(0, max(6.0, min(float(np.percentile(worst, 90)), 24.0)))
    ax.set_xlim(fit.bpm_range)
    ax.set_xlabel("tempo (BPM)")
    ax.set_ylabel("worst error (frames)")
    ax.set_title(f"how well each tempo catches {len(fit.hits)} hits (on {_SUBDIVISIONS[fit.subdivision]}); "
                 "dashed line = 1 frame", fontsize=9)
    ax.grid(True, alpha=0.25)
    return ax


def fit_plot_alt(fit: TempoFit) -> str:
    """Alt text for :func:`fit_plot`: the kind of plot, its axes and the tempo to notice.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> fit_plot_alt(fit_tempo([0, 10.0], (100, 140), alternatives=0))
    'line plot: worst hit error in frames (up) against tempo, 100-140 BPM (across); the lowest valley is 120 BPM, where all 2 hits land within 0.0 frames'

    Lesson: lessons/06_sync.ipynb
    """
    fit = _fit(fit, "fit_plot_alt")
    lo, hi = fit.bpm_range
    alts = f"; {len(fit.alternatives)} runner-up tempos marked" if fit.alternatives else ""
    return (f"line plot: worst hit error in frames (up) against tempo, {lo:g}-{hi:g} BPM (across); the lowest "
            f"valley is {fit.bpm:g} BPM, where all {len(fit.hits)} hits land within {fit.worst:.1f} frames{alts}")


def _image(fig, alt: str) -> HTML:
    """A figure as an image with its alt text (the figure is closed); the text is what a terminal prints."""
    return HTML(figure_png(fig, alt=alt), alt)


def fit_image(fit: TempoFit) -> HTML:
    """:func:`fit_plot` as an image whose alt text (:func:`fit_plot_alt`) names the tempo to notice.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> picture = fit_image(fit_tempo([0, 10.0], (100, 140), alternatives=0))
    >>> picture._repr_html_()[:32], str(picture)[-51:]
    ('<img src="data:image/png;base64,', 'is 120 BPM, where all 2 hits land within 0.0 frames')

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    fit = _fit(fit, "fit_image")
    fig = Figure(figsize=(9.0, 2.6), layout="constrained")
    fit_plot(fit, ax=fig.add_subplot())
    return _image(fig, fit_plot_alt(fit))


def click_plot(tempo: float | TempoMap, *, beats: float, warning: int = 0, beats_per_bar: int | None = None,
               ax: Axes | None = None) -> Axes:
    """A click track drawn as stems: warning clicks (low, yellow), downbeats (tall, red), beats (short).

    ``tempo`` is a BPM or a :class:`TempoMap` (a variable click: the stems close up as it speeds up).

    Examples
    --------
    >>> ax = click_plot(120, beats=8, warning=4)
    >>> len(ax.lines) >= 3
    True

    Lesson: lessons/06_sync.ipynb
    """
    times = click_times(tempo, beats=beats, beats_per_bar=beats_per_bar, warning=warning)
    ax = checks.axes(ax, figsize=(9.0, 1.8))
    style = {"warning": ("#d9a400", 0.6), "downbeat": ("#c23a3a", 1.0), "beat": (COLOURS[0], 0.55)}
    for kind, (colour, height) in style.items():
        xs = [t for t, k in times if k == kind]
        if xs:
            ax.vlines(xs, 0, height, color=colour, lw=2, label=kind)
            ax.plot(xs, [height] * len(xs), "o", color=colour, ms=4)
    ax.set_ylim(0, 1.2)
    ax.set_yticks([])
    ax.set_xlabel("seconds")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    clock = tempo if isinstance(tempo, TempoMap) else TempoMap.constant(tempo)
    name = f"{clock.tempo:g} BPM ({frame_click(clock.tempo)})" if clock.is_constant else clock.summary()
    ax.set_title(f"click at {name}: {warning} warning clicks, then the cue", fontsize=9)
    return ax


def _spacing(times: Sequence[float]) -> list[str]:
    """The clicks' spacing in words: steady stretches (seconds apart, clicks a minute) and the
    stretches where they close up (faster) or spread out (slower), with the times they change."""
    gaps = np.diff(np.asarray(times, dtype=float))
    if not len(gaps):
        return []
    runs, k = [], 0                       # (kind, first gap, last gap, time from, time to)
    while k < len(gaps):
        j = k
        steady = j + 1 < len(gaps) and abs(gaps[j + 1] - gaps[k]) <= 0.005 * gaps[k]
        if steady or len(gaps) == 1 or j + 1 == len(gaps):
            while j + 1 < len(gaps) and abs(gaps[j + 1] - gaps[k]) <= 0.005 * gaps[k]:
                j += 1
            runs.append(("steady", gaps[k], gaps[j], times[k], times[j + 1]))
        else:
            rising = gaps[j + 1] > gaps[j]
            while j + 1 < len(gaps) and (gaps[j + 1] > gaps[j]) == rising \
                    and abs(gaps[j + 1] - gaps[j]) > 0.005 * gaps[j]:
                j += 1
            runs.append(("slower" if rising else "faster", gaps[k], gaps[j], times[k], times[j + 1]))
        k = j + 1
    words = []
    for kind, first, last, t0, t1 in runs:
        if kind == "steady":
            words.append(f"{first:.2f} s apart ({60 / first:.0f} a minute) from {t0:.1f} s")
        else:
            words.append(f"{'closing up' if kind == 'faster' else 'spreading out'} from {first:.2f} to {last:.2f} s "
                         f"apart between {t0:.1f} and {t1:.1f} s ({'speeding up' if kind == 'faster' else 'slowing'})")
    return words if len(words) <= 4 else words[:3] + [f"… {len(words) - 3} more changes"]


def click_alt(tempo: float | TempoMap, *, beats: float, warning: int = 0, beats_per_bar: int | None = None) -> str:
    """Alt text for :func:`click_plot`: a stem plot in seconds, the warning clicks, the downbeats and
    how far apart the clicks are, stretch by stretch (where a tempo map speeds up, the stems close up).

    Examples
    --------
    >>> print(click_alt(TempoMap.constant(80).step(8, 144), beats=16, warning=2).replace("; ", ";\\n"))
    stem plot of a click track, seconds across (0-10.4 s): 2 warning clicks (low) from 0.0 s, the cue from 1.5 s;
    16 clicks on the beats, every 4th a tall downbeat (4 bars);
    the clicks 0.75 s apart (80 a minute) from 1.5 s, then 0.42 s apart (144 a minute) from 7.5 s

    Lesson: lessons/06_sync.ipynb
    """
    times = click_times(tempo, beats=beats, beats_per_bar=beats_per_bar, warning=warning)
    warn = [t for t, k in times if k == "warning"]
    cue = [t for t, k in times if k != "warning"]
    downs = [i for i, (_, k) in enumerate(t for t in times if t[1] != "warning") if k == "downbeat"]
    text = f"stem plot of a click track, seconds across (0-{times[-1][0]:.1f} s): " if times else \
        "stem plot of a click track: no clicks"
    if warn:
        text += f"{len(warn)} warning click{'s' * (len(warn) != 1)} (low) from {warn[0]:.1f} s" + \
            (f", the cue from {cue[0]:.1f} s; " if cue else "; ")
    if cue:
        text += f"{len(cue)} click{'s' * (len(cue) != 1)} on the beats, "
        if len(downs) > 1:
            gap = downs[1] - downs[0]
            nth = {2: "2nd", 3: "3rd"}.get(gap, f"{gap}th")
            text += f"every {nth} a tall downbeat ({len(downs)} bars)"
        else:
            text += f"{len(downs)} tall downbeat{'s' * (len(downs) != 1)}"
        spacing = _spacing(cue)
        if spacing:
            text += "; the clicks " + ", then ".join(spacing).replace(", then …", ", …")
    return text.rstrip("; ")


def click_image(tempo: float | TempoMap, *, beats: float, warning: int = 0, beats_per_bar: int | None = None) -> HTML:
    """:func:`click_plot` as an image whose alt text (:func:`click_alt`) says how the clicks are spaced.

    Examples
    --------
    >>> print(click_image(120, beats=8, warning=4))
    stem plot of a click track, seconds across (0-5.5 s): 4 warning clicks (low) from 0.0 s, the cue from 2.0 s; 8 clicks on the beats, every 4th a tall downbeat (2 bars); the clicks 0.50 s apart (120 a minute) from 2.0 s

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    alt = click_alt(tempo, beats=beats, warning=warning, beats_per_bar=beats_per_bar)
    fig = Figure(figsize=(9.0, 1.8), layout="constrained")
    click_plot(tempo, beats=beats, warning=warning, beats_per_bar=beats_per_bar, ax=fig.add_subplot())
    return _image(fig, alt)


def _spectrum(x: np.ndarray, sample_rate: int, name: str, size: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """(sixth-octave band centres, levels in dB) of a clip's average power spectrum, frame by frame."""
    x = np.asarray(x, dtype=np.float32)
    x = x.mean(axis=1, dtype=np.float32) if x.ndim == 2 else x
    if x.ndim != 1 or len(x) < size:
        raise ScoringError(f"clip {name!r} is too short to measure; give at least {size} samples (mono or stereo)")
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[: max(1, len(x) - size): size // 2]
    window, power = np.hanning(size), np.zeros(size // 2 + 1)
    for k in range(0, len(frames), 256):                 # 256 frames at a time: memory stays small
        power += (np.abs(np.fft.rfft(np.nan_to_num(frames[k:k + 256]) * window, axis=1)) ** 2).sum(axis=0)
    power /= len(frames)
    freqs = np.fft.rfftfreq(size, 1 / sample_rate)
    edges = 30.0 * 2 ** (np.arange(0, np.log2(sample_rate / 2 / 30.0), 1 / 6))
    bands = [(np.sqrt(a * b), (freqs >= a) & (freqs < b)) for a, b in zip(edges, edges[1:])]
    return (np.array([c for c, sel in bands if sel.any()]),
            np.array([10 * np.log10(power[sel].mean() + 1e-12) for _, sel in bands if sel.any()]))


def spectrum_plot(clips: Sequence[tuple[str, np.ndarray]], sample_rate: int = 44100, *,
                  ax: Axes | None = None) -> Axes:
    """The average spectrum (dB against log frequency) of several clips, to see what a radio removes.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal(8000)
    >>> len(spectrum_plot([("noise", y)], 8000).lines)
    1

    Lesson: lessons/06_sync.ipynb
    """


    expect(clips, (list, tuple), "clips", "[(\"cue\", samples)]")
    sr = check_rate(sample_rate)
    if not clips or not all(isinstance(c, (list, tuple)) and len(c) == 2 for c in clips):
        raise ScoringError('clips: give a list of (name, samples) pairs, like [("cue", samples), ("radio", filtered)]')
    curves = [(str(name), *_spectrum(y, sr, name)) for name, y in clips]
    ax = checks.axes(ax, figsize=(9.0, 2.6))
    for i, (name, centres, levels) in enumerate(curves):
        ax.plot(centres, levels, color=COLOURS[i % len(COLOURS)], lw=1.5, label=name)
    ax.set_xscale("log")
    ax.set_xlim(30, sr / 2)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("level (dB)")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title("spectrum", fontsize=9)
    return ax


#: The three regions a spectrum's alt text compares: below the voice band, the voice band, above it (Hz).
_REGIONS = ((0.0, 300.0, "below 300 Hz"), (300.0, 3000.0, "300 Hz-3 kHz"), (3000.0, 1e9, "above 3 kHz"))


def spectrum_alt(clips: Sequence[tuple[str, np.ndarray]], sample_rate: int = 44100) -> str:
    """Alt text for :func:`spectrum_plot`: its axes, where the first clip is loudest, and how much
    louder or quieter each other clip is below 300 Hz, from 300 Hz to 3 kHz and above 3 kHz.

    Examples
    --------
    >>> hiss = 0.01 * np.random.default_rng(0).standard_normal(16000)
    >>> tone = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000) + hiss        # A4 over a little hiss
    >>> print(spectrum_alt([("tone", tone), ("softer", 0.5 * tone)], 16000).replace("; ", ";\\n"))
    line plot of the average spectrum, level in dB (up) against frequency in Hz (across, log scale, 30 Hz-8 kHz), one line per clip: tone, softer;
    tone is loudest around 453 Hz;
    softer against tone: -6 dB below 300 Hz, -6 dB 300 Hz-3 kHz, -6 dB above 3 kHz

    Lesson: lessons/06_sync.ipynb
    """
    expect(clips, (list, tuple), "clips", "[(\"cue\", samples)]")
    sr = check_rate(sample_rate)
    if not clips or len(clips) > 12 or not all(isinstance(c, (list, tuple)) and len(c) == 2 for c in clips):
        raise ScoringError('clips: give 1-12 (name, samples) pairs, like [("cue", samples), ("radio", filtered)]')
    curves = [(str(name), *_spectrum(y, sr, name)) for name, y in clips]
    top = f"{sr / 2000:g} kHz" if sr >= 2000 else f"{sr / 2:g} Hz"
    text = (f"line plot of the average spectrum, level in dB (up) against frequency in Hz (across, log scale, "
            f"30 Hz-{top}), one line per clip: {', '.join(name for name, _, _ in curves)}")
    name, centres, levels = curves[0]
    peak = float(centres[int(np.argmax(levels))])
    text += f"; {name} is loudest around {peak / 1000:.1f} kHz" if peak >= 1000 else \
        f"; {name} is loudest around {peak:.0f} Hz"
    for other, c2, l2 in curves[1:]:
        diffs = []
        for lo, hi, words in _REGIONS:
            sel = (centres >= lo) & (centres < hi)
            if sel.any():
                power = lambda lv: 10 * np.log10(np.mean(10 ** (lv[sel] / 10)))  # noqa: E731
                diffs.append(f"{power(l2) - power(levels):+.0f} dB {words}".replace("+0 dB", "0 dB")
                             .replace("-0 dB", "0 dB"))
        text += f"; {other} against {name}: {', '.join(diffs)}"
    return text


def spectrum_image(clips: Sequence[tuple[str, np.ndarray]], sample_rate: int = 44100) -> HTML:
    """:func:`spectrum_plot` as an image whose alt text (:func:`spectrum_alt`) says what each clip loses or gains.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal(8000)
    >>> spectrum_image([("noise", y)], 8000)._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    alt = spectrum_alt(clips, sample_rate)
    fig = Figure(figsize=(9.0, 2.6), layout="constrained")
    spectrum_plot(clips, sample_rate, ax=fig.add_subplot())
    return _image(fig, alt)


# ---------------------------------------------------------------- streamers
@dataclass(frozen=True)
class Streamer:
    """A line that sweeps across the picture for ``length`` seconds and ends at ``end`` in a punch.

    Colours: green into a downbeat, yellow into the warning click, red into the end of a cue,
    white for other hits.

    Examples
    --------
    >>> Streamer(5.0, 3.0, "green").start
    2.0

    Lesson: lessons/06_sync.ipynb
    """

    end: float
    length: float = 3.0
    colour: str = "white"
    label: str = ""

    def __post_init__(self) -> None:
        checks.number(self.end, "streamer end", "a streamer ends at a time in seconds, like 4.5")
        checks.number(self.length, "streamer length", "streamers sweep for 2-4 s (0.5-6)", lo=0.5, hi=6)
        if not isinstance(self.colour, str) or self.colour not in STREAMER_COLOURS:
            raise ScoringError(f"streamer colour {checks.show(self.colour)}: use one of {', '.join(STREAMER_COLOURS)}")
        checks.text(self.label, "streamer label", "give a short label, like 'door'", most=200)

    @property
    def start(self) -> float:
        """When the line appears at the left of the picture."""
        return self.end - self.length


def streamers_for(fit: TempoFit, *, length: float = 3.0, end: float | None = None,
                  warning: int = 0) -> list[Streamer]:
    """Streamers for a fitted cue: yellow into the warning clicks, green into the first downbeat,
    one into every later hit (green on a downbeat, white otherwise) and red into ``end``.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> fit = fit_tempo([0, 4.0, 9.5, 15.25])
    >>> [(s.colour, round(s.end, 2)) for s in streamers_for(fit, end=16.0)]
    [('green', 0.0), ('white', 4.0), ('white', 9.45), ('white', 15.27), ('red', 16.0)]

    Lesson: lessons/06_sync.ipynb
    """


    if end is not None and (isinstance(end, bool) or not isinstance(end, (int, float, np.number))):
        raise ScoringError(f"end {end!r} should be seconds, e.g. 12.5")
    clock = _fit(fit, "streamers_for").tempo_map
    warning = checks.whole(warning, "warning", "give the number of warning clicks, like 4, or 0", lo=0, hi=32)
    out = []
    if warning:
        count_in = TempoMap.constant(clock.tempo).seconds_at(warning)
        out.append(Streamer(fit.start - count_in, length, "yellow", "warning"))
    out.append(Streamer(fit.start, length, "green", "beat 1"))
    for b in fit.beats:
        if abs(b - 1) < 1e-9:
            continue
        downbeat = clock.bar_beat(b - 1)[1] == 1
        out.append(Streamer(fit.start + clock.seconds_at(b - 1), length, "green" if downbeat else "white",
                            f"beat {b:g}"))
    if end is not None:
        out.append(Streamer(float(end), length, "red", "end"))
    return out


def streamer_strip(*, length: float = 3.0, fps: float = 24, frames: int = 7, colour: str = "white",
                   ax: Axes | None = None) -> Axes:
    """What the conductor sees: frames of picture as a streamer sweeps left to right and ends in a punch.

    Examples
    --------
    >>> len(streamer_strip(frames=5).patches) >= 5
    True

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.patches import Circle, Rectangle

    if isinstance(frames, bool) or not isinstance(frames, (int, np.integer)) or not 2 <= frames <= 12:
        raise ScoringError(f"frames={frames!r}: show 2-12 pictures")
    s = Streamer(length, length, colour)
    _, real, _ = frame_rate(fps)
    ax = checks.axes(ax, figsize=(9.0, 1.9))
    w, h, gap = 1.6, 0.9, 0.15
    line = STREAMER_COLOURS[s.colour] if colour != "white" else "#f2f2f2"
    for i in range(frames):
        t = s.length * i / (frames - 1)
        x0 = i * (w + gap)
        ax.add_patch(Rectangle((x0, 0), w, h, facecolor="#20242a", edgecolor="black"))
        if i < frames - 1:
            x = x0 + w * t / s.length
            ax.add_patch(Rectangle((x - 0.03, 0), 0.06, h, facecolor=line, edgecolor="none"))
            left = s.length - t
            ax.text(x0 + w / 2, -0.16, f"-{left:.2f} s ({int(round(left * real))} fr)", ha="center", fontsize=7)
        else:
            ax.add_patch(Circle((x0 + w / 2, h / 2), 0.3, facecolor="white", edgecolor="none"))
            ax.text(x0 + w / 2, -0.16, "punch: the hit", ha="center", fontsize=7, fontweight="bold")
    ax.set_xlim(-0.1, frames * (w + gap))
    ax.set_ylim(-0.3, h + 0.05)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"a {s.length:g}-second streamer: the line crosses the screen, the punch flashes on the hit",
                 fontsize=9)
    return ax


def streamer_alt(*, length: float = 3.0, fps: float = 24, frames: int = 7, colour: str = "white") -> str:
    """Alt text for :func:`streamer_strip`: the frames drawn, how far the line has crossed in each and
    how long before the hit, and the punch on the last.

    Examples
    --------
    >>> print(streamer_alt(length=2.0, frames=5))
    strip of 5 frames of picture, left to right: a white streamer line moves across the picture from the left edge to the right over 2 s (48 frames at 24 fps), shown 2.00, 1.50, 1.00 and 0.50 s before the hit; in the last frame the punch, a white circle, flashes on the hit

    Lesson: lessons/06_sync.ipynb
    """
    if isinstance(frames, bool) or not isinstance(frames, (int, np.integer)) or not 2 <= frames <= 12:
        raise ScoringError(f"frames={frames!r}: show 2-12 pictures")
    s = Streamer(length, length, colour)
    _, real, _ = frame_rate(fps)
    lefts = [s.length * (1 - i / (frames - 1)) for i in range(frames - 1)]
    said = ", ".join(f"{t:.2f}" for t in lefts[:-1]) + (" and " if len(lefts) > 1 else "") + f"{lefts[-1]:.2f}"
    return (f"strip of {frames} frames of picture, left to right: a {s.colour} streamer line moves across the picture "
            f"from the left edge to the right over {s.length:g} s ({int(round(s.length * real))} frames at {fps:g} "
            f"fps), shown {said} s before the hit; in the last frame the punch, a white circle, flashes on the hit")


def streamer_image(*, length: float = 3.0, fps: float = 24, frames: int = 7, colour: str = "white") -> HTML:
    """:func:`streamer_strip` as an image with its alt text (:func:`streamer_alt`).

    Examples
    --------
    >>> streamer_image(frames=4)._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    alt = streamer_alt(length=length, fps=fps, frames=frames, colour=colour)
    fig = Figure(figsize=(9.0, 1.9), layout="constrained")
    streamer_strip(length=length, fps=fps, frames=frames, colour=colour, ax=fig.add_subplot())
    return _image(fig, alt)


# ---------------------------------------------------------------- the timeline
#: The most hits a timeline or a sync card draws.
MAX_HITS = 500


def _times(value: object, what: str, fix: str, most: int = MAX_HITS) -> list[float]:
    """``value`` checked to be a list of times in seconds (finite numbers)."""
    return [checks.number(t, what, fix) for t in checks.items(value, what, fix, most=most)]


def _pair(value: object, what: str, fix: str) -> tuple[float, float] | None:
    """``value`` checked to be None or (from, to) in seconds with from before to."""
    return None if value is None else checks.ordered_pair(value, what, fix)


def _streamer_list(streamers, fit, hits) -> list[Streamer]:
    if streamers is False:
        return []
    if streamers is not True:
        out = checks.items(streamers, "streamers", "give True, False or a list of Streamer(...)", most=MAX_HITS)
        if not all(isinstance(s, Streamer) for s in out):
            raise ScoringError(f"streamers={checks.show(streamers)}: give True, False or a list of Streamer(...)")
        return out
    if fit is None:
        return [Streamer(h, 3.0, "white") for h in hits]
    out = streamers_for(fit)
    return out + [Streamer(h, 3.0, "white") for h in hits if all(abs(h - s.end) > 0.1 for s in out)]


def _grid(ax, fit, lo: float, hi: float, top: float) -> None:
    """The fit's beat grid from ``fit.start``: bar lines darker, numbered when there is room."""
    from matplotlib.collections import LineCollection

    times = fit.beat_times(hi)
    clock = fit.tempo_map
    bars = {float(b) for b in clock.barlines(max(len(times) - 1, 0))}
    inside = [(k, t) for k, t in enumerate(times) if t >= lo]
    dense, few_bars = len(inside) > 80, sum(k in bars for k, _ in inside) < 40
    drawn = [(k, float(t), k in bars) for k, t in inside if not dense or k in bars]
    # one collection of full-height lines (x in seconds, y across the Axes), drawn as one artist
    grid = LineCollection([[(t, 0.0), (t, 1.0)] for _, t, _ in drawn], transform=ax.get_xaxis_transform(),
                          colors=["#888888" if bar else "#cccccc" for *_, bar in drawn],
                          linewidths=[0.9 if bar else 0.5 for *_, bar in drawn], zorder=UNDER_THE_MARKS,
                          gid="beat grid")
    ax.add_collection(grid, autolim=False)
    for k, t, bar in drawn:
        if bar and few_bars:
            ax.text(t, top, f"{clock.bar_beat(k)[0]}", fontsize=6, color="#666666", ha="left", va="bottom",
                    clip_on=True)


def timeline(scene: Scene | None = None, *, hits: Sequence[float] = (), fit: TempoFit | None = None,
             spotting: Spotting | None = None, music: Motif | Cue | None = None, music_start: float = 0.0,
             streamers: Sequence[Streamer] | bool = True, window: tuple[float, float] | None = None,
             tension: bool = False, ax: Axes | None = None, title: str | None = None) -> Axes:
    """A timeline of what lands where: picture events, dialogue, cues, the music's notes, streamers
    into the hits, the hits themselves (red) and the beat grid of a fitted tempo (bar lines darker).

    Parameters
    ----------
    scene : a :class:`scoring.scene.Scene` (its events, dialogue and hits), or None.
    hits : extra hit times (seconds on the timeline's clock).
    fit : a :class:`~scoring.sync.TempoFit`; its beats are drawn from ``fit.start`` by its clock.
    spotting : a :class:`scoring.scene.Spotting` (its cues as bars).
    music : a Motif or Cue whose note onsets are drawn from ``music_start``.
    streamers : True (one 3-second streamer into each hit, from the fit if given), False (no streamers
        and no row for them), or a list.
    window : (from, to) seconds to show.
    tension : draw the scene's target tension (its emotional beats) as a line.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> timeline(hits=[0, 4.0, 9.5], fit=fit_tempo([0, 4.0, 9.5])).get_xlabel()
    'seconds'

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    if fit is not None:
        _fit(fit, "timeline")
    if scene is not None and not isinstance(scene, Scene):
        raise ScoringError(f"scene={checks.show(scene)} is not a scene; leave it out, or give load_scene('chase')")
    if spotting is not None:
        checks.like(spotting, ("cues",), "timeline() takes a Spotting", "e.g. spot(scene, [...])")
    if music is not None:
        motif_events(music)                                  # a Motif or a Cue, or a clear error
    hits = _times(hits, "hits", "give hit times in seconds, like [4.0, 9.5]")
    music_start = checks.number(music_start, "music_start", "give the music's start in seconds, like 2.0")
    window = _pair(window, "window", "give (from, to) in seconds, like (0, 12)")
    tension = checks.flag(tension, "tension")
    if title is not None:
        title = checks.text(title, "title", "give a short title, like 'the chase'", most=200)
    if not isinstance(streamers, (bool, np.bool_)):
        streamers = _streamer_list(streamers, fit, hits)
    ax = checks.axes(ax, figsize=(9.5, 3.4))
    all_hits = [float(h) for h in hits] + ([e.at for e in scene.hits] if scene is not None else [])
    all_hits = sorted(set(round(h, 6) for h in all_hits))
    events = [e for e in scene.events if e.kind != "hit"] if scene is not None else []
    lines = list(scene.dialogue) if scene is not None else []
    cues = list(spotting.cues) if spotting is not None else []
    onsets = [(e.start, e.velocity) for e in motif_events(music, offset=music_start)] if music is not None else []
    rows = [name for name, present in (("picture", events), ("dialogue", lines), ("cues", cues), ("music", onsets),
                                       ("streamers", (all_hits or fit is not None) and streamers is not False))
            if present] or ["hits"]
    y = {name: len(rows) - 1 - i for i, name in enumerate(rows)}
    ends = all_hits + [e.at for e in events] + [d.end for d in lines] + [c.end for c in cues] + [t for t, _ in onsets]
    ends += ([scene.duration] if scene is not None else []) + ([fit.start + h for h in fit.hits] if fit else [])
    lo, hi = window if window is not None else (min(0.0, fit.start if fit else 0.0), max(ends + [1.0]) + 0.5)
    if fit is not None:
        _grid(ax, fit, lo, hi, len(rows) - 0.45)
    if tension and scene is not None and scene.beats:
        xs = [b.at for b in scene.beats]
        ys = [b.tension * (len(rows) - 0.2) - 0.5 for b in scene.beats]
        ax.plot(xs, ys, color=COLOURS[1], lw=1.5, alpha=0.7, label="target tension", zorder=1)
        top = max(range(len(xs)), key=lambda i: ys[i])
        ax.text(xs[top], ys[top] + 0.05, "tension the scene wants", fontsize=6.5, color=COLOURS[1], ha="center",
                clip_on=True)
    for i, e in enumerate(events):
        ax.plot([e.at], [y["picture"]], marker="v", color=_ROW_COLOURS["picture"], ms=5)
        ax.text(e.at, y["picture"] + (0.12 if i % 2 == 0 else -0.32), e.label, fontsize=6.5, color="#333333",
                ha="left", clip_on=True)
    for d in lines:
        ax.add_patch(Rectangle((d.start, y["dialogue"] - 0.18), d.end - d.start, 0.36,
                               facecolor=_ROW_COLOURS["dialogue"], alpha=0.5, edgecolor="none"))
        ax.text(d.start, y["dialogue"] + 0.22, d.who, fontsize=6.5, color=_ROW_COLOURS["dialogue"], clip_on=True)
    for i, c in enumerate(cues):
        ax.add_patch(Rectangle((c.start, y["cues"] - 0.22), c.end - c.start, 0.44,
                               facecolor=_ROW_COLOURS["cue"], alpha=0.35, edgecolor=_ROW_COLOURS["cue"]))
        ax.text(c.start + 0.2, y["cues"] + (-0.08 if i % 2 == 0 else 0.27), f"{c.number} {c.title} ({c.usage})",
                fontsize=7, clip_on=True)
    if onsets:
        top = max(v for _, v in onsets)
        base = y["music"] - 0.3
        ax.add_collection(LineCollection([[(t, base), (t, base + 0.6 * v / top)] for t, v in onsets],
                                         colors=_ROW_COLOURS["music"], linewidths=0.8, alpha=0.7, gid="note onsets"))
    if "streamers" in y:
        r = y["streamers"]
        for s in _streamer_list(streamers, fit, all_hits):
            c = STREAMER_COLOURS[s.colour] if s.colour != "white" else "#444444"
            ax.plot([s.start, s.end], [r - 0.3, r + 0.3], color=c, lw=1.6)
            ax.plot([s.end], [r + 0.3], "o", color=c, ms=6, mfc="white" if s.colour == "white" else c)
    for h in all_hits:
        ax.axvline(h, color=_ROW_COLOURS["hit"], lw=1.2, alpha=0.8, zorder=1)
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("seconds")
    sub = f"; grid: {fit.tempo_map.summary()}, bar lines darker" if fit is not None else ""
    ax.set_title(title or f"timeline: hits in red{sub}", fontsize=9)
    return ax


def timeline_alt(hits: Sequence[float] = (), *, fit: TempoFit | None = None,
                 streamers: Sequence[Streamer] = ()) -> str:
    """Alt text for :func:`timeline`: its axes, where the hits are and how closely the fit's beats catch
    them, and (given ``streamers``) where each streamer starts and the hit it sweeps into.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> timeline_alt([0, 4.0, 9.5], fit=fit_tempo([0, 4.0, 9.5]))
    'timeline, seconds across: 3 hits (red lines) at 0, 4, 9.5 s over the beat grid of 120 BPM (bar lines darker); the beat nearest each hit is at most 0.0 frames off'

    Lesson: lessons/06_sync.ipynb
    """


    if fit is not None:
        _fit(fit, "timeline_alt")
    hits = sorted(_times(hits, "hits", "give hit times in seconds, like [2.5, 7.0]"))
    shown = ", ".join(f"{round(h, 2):g}" for h in hits[:8]) + (" …" if len(hits) > 8 else "")
    text = (f"timeline, seconds across: {len(hits)} hit{'' if len(hits) == 1 else 's'} "
            f"(red line{'' if len(hits) == 1 else 's'})" + (f" at {shown} s" if hits else ""))
    if fit is not None:
        text += (f" over the beat grid of {fit.tempo_map.summary()} (bar lines darker); the beat nearest each hit "
                 f"is at most {fit.worst:.1f} frames off")
    marks = checks.items(streamers, "streamers", "give a list of Streamer(...)", most=MAX_HITS)
    if not all(isinstance(m, Streamer) for m in marks):
        raise ScoringError(f"streamers={checks.show(streamers)}: give a list of Streamer(...), like streamers_for(fit)")
    if marks:
        said = ", ".join(f"{m.colour} {round(m.start, 2):g} to {round(m.end, 2):g} s"
                         + (f" into {m.label}" if m.label else "") for m in marks[:8]) + (" …" if len(marks) > 8 else "")
        text += f"; {len(marks)} streamers (sloping lines, each ending in a dot on its hit): {said}"
    return text


def timeline_image(scene: Scene | None = None, *, hits: Sequence[float] = (), fit: TempoFit | None = None,
                   streamers: Sequence[Streamer] | bool = True, window: tuple[float, float] | None = None,
                   title: str | None = None) -> HTML:
    """:func:`timeline` as an image whose alt text (:func:`timeline_alt`) names the hits, the fit and the streamers.

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> fit = fit_tempo([0, 4.0])
    >>> print(timeline_image(hits=[0, 4.0], fit=fit, streamers=streamers_for(fit)))
    timeline, seconds across: 2 hits (red lines) at 0, 4 s over the beat grid of 120 BPM (bar lines darker); the beat nearest each hit is at most 0.0 frames off; 2 streamers (sloping lines, each ending in a dot on its hit): green -3 to 0 s into beat 1, green 1 to 4 s into beat 9

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.5, 3.4), layout="constrained")
    timeline(scene, hits=hits, fit=fit, streamers=streamers, window=window, title=title, ax=fig.add_subplot())
    every = sorted({round(float(h), 6) for h in hits} | {round(e.at, 6) for e in (scene.hits if scene else [])})
    marks = [] if streamers is False else (_streamer_list(streamers, fit, every) if streamers is not True
                                           else _streamer_list(True, fit, every))
    return _image(fig, timeline_alt(every, fit=fit, streamers=marks))


# ---------------------------------------------------------------- what a lesson shows
def sync_html(music: Motif | Cue, *, hits: Sequence[float] = (), fit: TempoFit | None = None, click: bool = True,
              warning: int | None = None, start: float = 0.0, end: float | None = None,
              bars: tuple[float, float] | None = None, scene=None, music_start: float = 0.0,
              thuds: bool = True, notation: bool = True, sound: tuple[np.ndarray, int] | None = None,
              label: str = "", streamers: Sequence[Streamer] | bool = True) -> HTML:
    """Music against picture in one card: its notation (or ``bars`` of it), the sound (with its
    click and warning clicks, a thud on every hit, or ``sound`` = (samples, rate) if given) and a
    timeline of hits and beats (``streamers`` as in :func:`timeline`: False leaves them out, where
    many close hits would make them a tangle).

    Examples
    --------
    >>> from scoring.sync import fit_tempo
    >>> m = Motif.parse("4/4 c4 e g c'", tempo=120, name="Hit")
    >>> print(sync_html(m, hits=[1.5], fit=fit_tempo([1.5], (110, 130))))
    Hit: C4 E4 G4 C5 | C major | 4/4 | 120 BPM | Acoustic Grand Piano | 2.0 s
    120 BPM (click 12-0): 1 hit on beat 4; worst error 0.0 frames

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    motif_events(music)                                  # a Motif or a Cue, or a clear error
    if fit is not None:
        _fit(fit, "sync_html")
    hits = _times(hits, "hits", "give hit times in seconds, like [4.0, 9.5]")
    music_start = checks.number(music_start, "music_start", "give the music's start in seconds, like 2.0")
    click, thuds = checks.flag(click, "click"), checks.flag(thuds, "thuds")
    notation = checks.flag(notation, "notation")
    label = checks.text(label, "label", "give a short line of what plays, like 'with its click'", most=200)
    if warning is not None:
        warning = checks.whole(warning, "warning", "give the warning clicks, 0-16, like 4", lo=0, hi=16)
    bars = _pair(bars, "bars", "give (first beat, last beat) to show, like (1, 5)")
    shown = music if bars is None else excerpt_cue(as_cue(music), *bars)
    if sound is None:
        n = int(music.tempo_map.metres[0][1].split("/")[0]) if warning is None else warning
        samples, sr = render_excerpt(music, start=start, end=end, click=click, warning=n if click else 0,
                                     thuds=[h - music_start for h in hits] if thuds else [])
    else:
        pair = checks.items(sound, "sound", "give (samples, sample_rate), like music.to_audio()", most=2)
        if len(pair) != 2:
            raise ScoringError(f"sound={checks.show(sound)}: give (samples, sample_rate), like music.to_audio()")
        sr = check_rate(pair[1])
        samples = checked_samples(pair[0], sr, what="sound")
    fig = Figure(figsize=(9.5, 2.9), layout="constrained")
    length = music.duration_seconds
    window = None if end is None and start == 0 else (music_start + start - 0.5, music_start + (end or length) + 0.5)
    timeline(scene, hits=hits, fit=fit, music=music, music_start=music_start, ax=fig.add_subplot(), window=window,
             streamers=streamers)
    parts = [p for p, on in (("its click", click), ("a thud on each hit", thuds and len(hits))) if on]
    what = label or (("with " + " and ".join(parts)) if parts and sound is None else "")
    fitted = f'<div style="font-family:monospace;font-size:0.9em">{escape(fit.summary())}</div>' if fit else ""
    html = card(music.name, note=what, summary=music.summary(),
                notation=img_tag(shown.svg(), alt=shown.alt_text()) if notation else "",
                player=audio_tag(samples, sr, label=music.name),
                extra=fitted + figure_png(fig, alt=timeline_alt(hits, fit=fit)))
    return HTML(html, music.summary() + (f"\n{fit.summary()}" if fit is not None else ""))


def listen(clips: Sequence[tuple[str, np.ndarray]], sample_rate: int = 44100) -> HTML:
    """Several sounds side by side, each a labelled player: ``[(label, samples), ...]``.

    Examples
    --------
    >>> y = np.zeros((4410, 2), dtype=np.float32)
    >>> print(listen([("silence", y), ("more <silence>", y)], 44100))
    silence (0.1 s)
    more <silence> (0.1 s)

    Lesson: lessons/06_sync.ipynb
    """


    expect(clips, (list, tuple), "clips", "[(\"cue\", samples)]")
    sr = check_rate(sample_rate)
    clips = [] if isinstance(clips, (str, bytes)) else list(clips)
    if not 1 <= len(clips) <= 8 or not all(isinstance(c, tuple) and len(c) == 2 for c in clips):
        raise ScoringError("listen() takes 1 to 8 (label, samples) pairs, e.g. [('the click', y)]")
    cells = [card(str(label), player=audio_tag(y, sr, label=str(label)), small=True) for label, y in clips]
    return HTML(grid(cells, columns=min(len(cells), 3)),
                "\n".join(f"{label} ({len(y) / sr:.1f} s)" for label, y in clips))


def hear_offsets(music: Motif | Cue, hit: float, *, frames: Sequence[int] = (0, 2, 6), start: float = 0.0,
                 end: float | None = None, fps: float = 24) -> HTML:
    """Can you hear a few frames? The same music with the picture's thud moved ``frames`` early (−)
    or late (+) against the note that should catch it: one player each, and a plot of where they fall.

    Examples
    --------
    >>> view = hear_offsets(Motif.parse("4/4 c4 e g c'", tempo=120), 1.5, frames=(0, 4))
    >>> print(view)
    thud on the note (0 frames)
    thud 4 frames late (+167 ms)

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    _, real, _ = frame_rate(fps)
    hit = checks.number(hit, "hit", "give the hit's time in seconds on the music's clock, like 1.5")
    frames = [frames] if isinstance(frames, (int, np.integer)) else \
        checks.items(frames, "frames", "give 1-6 whole numbers of frames, each within ±48, e.g. (0, 2, 6)", most=6)
    if not 1 <= len(frames) <= 6 or any(isinstance(f, bool) or not isinstance(f, (int, np.integer))
                                        or abs(f) > 48 for f in frames):
        raise ScoringError(f"frames={frames!r}: give 1-6 whole numbers of frames, each within ±48, e.g. (0, 2, 6)")
    fig = Figure(figsize=(9.0, 0.6 + 0.35 * len(frames)), layout="constrained")
    ax = fig.add_subplot()
    cells, labels = [], []
    for i, f in enumerate(frames):
        shift = f / real
        y, sr = render_excerpt(music, start=start, end=end, thuds=[hit + shift])
        name = "thud on the note (0 frames)" if f == 0 else \
            f"thud {abs(f)} frames {'late' if f > 0 else 'early'} ({shift * 1000:+.0f} ms)"
        labels.append(name)
        cells.append(card(name, player=audio_tag(y, sr, label=name), small=True))
        ax.plot([hit], [i], "s", color=COLOURS[0], ms=8)
        ax.plot([hit + shift], [i], "v", color="#c23a3a", ms=8)
    span = max(8, max(abs(f) for f in frames) + 3) / real
    ax.set_yticks(range(len(frames)), [f"{f:+d} fr" for f in frames])
    ax.set_ylim(-0.6, len(frames) - 0.4)
    ax.set_xlim(hit - span, hit + span)
    ax.invert_yaxis()
    ax.set_xlabel("seconds (blue square: the note, red triangle: the thud)")
    ax.grid(True, axis="x", alpha=0.3)
    worst = max(frames, key=abs)
    alt = (f"dot plot, seconds across, one row per offset ({', '.join(f'{f:+d}' for f in frames)} frames): blue "
           f"squares mark the note at {hit:g} s, red triangles the thud, at most {abs(worst)} frames "
           f"({abs(worst) / real * 1000:.0f} ms) away")
    html = img_tag(music.svg(), alt=music.alt_text()) + grid(cells, columns=3) + figure_png(fig, alt=alt)
    return HTML(html, "\n".join(labels))
