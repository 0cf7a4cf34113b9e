"""Plots and players for lesson 10 (songs in film): the radio opening into the score, cuts moved
onto a song's beats, and a temp's energy curve beside a new cue's.

Each plot takes ``ax=None`` and returns its axes; each has an ``..._alt`` companion that says in
words what it shows, for the image's alt text.

Lesson: lessons/10_songs.ipynb
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scoring.core.time import TempoMap
from scoring.render import checks
from scoring.render.html import HTML, audio_tag, escape, figure_png
from scoring.songs import CutPlan, EnergyCurve, RadioOpening, beat_grid

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["opening_plot", "opening_plot_alt", "opening_html", "cuts_plot", "cuts_plot_alt", "cuts_figure",
           "energy_plot", "energy_plot_alt", "energy_figure"]


def _axes(ax, figsize):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    return checks.axes(ax)


def opening_plot(opening: RadioOpening, samples: np.ndarray, sample_rate: int = 44100, *,
                 ax: "Axes | None" = None) -> "Axes":
    """The sound through a radio opening: its spectrogram (time across, frequency up, log scale)
    with the band that passes drawn over it, and the moment it starts and ends to open.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal((16000, 2)) * 0.1
    >>> opening_plot(RadioOpening(at=0.3, over=0.4), RadioOpening(at=0.3, over=0.4).render(y, 8000), 8000).get_yscale()
    'log'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(opening, RadioOpening, "opening", "RadioOpening(at=2.0, over=3.0)")
    y = np.asarray(samples, dtype=float)
    y = y.mean(axis=1) if y.ndim == 2 else y
    ax = _axes(ax, (9.0, 3.0))
    sr = int(sample_rate)
    n = 1024 if sr > 16000 else 512
    ax.specgram(y, NFFT=n, Fs=sr, noverlap=n // 2, cmap="magma", vmin=-120)
    t = np.linspace(0, len(y) / sr, 200)
    bands = np.array([opening.band_at(x) for x in t])
    ax.plot(t, bands[:, 0], color="#7fd1ff", lw=1.5, label="radio's band: low and high cut-off")
    ax.plot(t, bands[:, 1], color="#7fd1ff", lw=1.5)
    for x, what in ((opening.at, "opens"), (opening.at + opening.over, "full score")):
        ax.axvline(x, color="white", ls="--", lw=1)
        ax.text(x, sr / 2 * 0.8, f" {what}", color="white", fontsize=8, va="top")
    ax.set_yscale("log")
    ax.set_ylim(40, sr / 2)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title("Source into score: the band opens and the room grows")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def opening_plot_alt(opening: RadioOpening) -> str:
    """Alt text for :func:`opening_plot`.

    Examples
    --------
    >>> opening_plot_alt(RadioOpening(at=2.0, over=3.0)).startswith("Spectrogram, time 0 s onwards across")
    True

    Lesson: lessons/10_songs.ipynb
    """
    lo, hi = opening.band_at(0.0)
    return (f"Spectrogram, time 0 s onwards across, frequency up (log scale). Until {opening.at:g} s the sound "
            f"sits in a narrow band, {lo}-{hi} Hz (the radio); from {opening.at:g} to {opening.at + opening.over:g} s "
            "the band's edges (blue lines) spread to the full range and the bass and highs fill in.")


def opening_html(opening: RadioOpening, samples: np.ndarray, sample_rate: int = 44100, *,
                 compare: bool = True) -> HTML:
    """The opening to hear and see: players for the transition (and, with ``compare``, the same
    music all radio and all score) and the spectrogram.

    Lesson: lessons/10_songs.ipynb
    """
    import matplotlib.pyplot as plt

    heard = opening.render(samples, sample_rate)
    players = [(f"radio into score: {opening.summary()}", heard)]
    if compare:
        from scoring.click import radio

        players += [("all radio (source)", radio(samples, sample_rate, low=opening.low, high=opening.high,
                                                 gain_db=opening.gain_db, drive=opening.drive)),
                    ("all score (underscore)", np.asarray(samples, dtype=np.float32))]
    rows = "".join(f'<div style="margin:2px 0">{audio_tag(y, sample_rate, label=label)} '
                   f'<span style="font-size:0.85em;color:#555">{escape(label)}</span></div>' for label, y in players)
    fig, ax = plt.subplots(figsize=(9.0, 3.0), layout="constrained")
    opening_plot(opening, heard, sample_rate, ax=ax)
    return HTML(f"<div>{rows}{figure_png(fig, alt=opening_plot_alt(opening))}</div>",
                f"{opening.summary()}; players: " + ", ".join(label for label, _ in players))


def cuts_plot(plan: CutPlan, tempo_map: TempoMap, *, ax: "Axes | None" = None) -> "Axes":
    """The cuts before and after snapping, over the song's beats (thin) and downbeats (thick): grey
    where the rough cut had them, red where they now fall, an arrow for each move.

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> ax = cuts_plot(snap_cuts([1.3, 2.9], TempoMap.constant(120)), TempoMap.constant(120))
    >>> ax.get_xlabel()
    'time in the scene (s)'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(plan, CutPlan, "plan", "snap_cuts(cuts, tempo_map)")
    ax = _axes(ax, (9.0, 2.0))
    end = max(plan.old + plan.new) + 1.0
    for t in beat_grid(tempo_map, end, song_start=plan.song_start):
        ax.axvline(t, color="#bbbbbb", lw=0.6)
    for t in beat_grid(tempo_map, end, to="downbeat", song_start=plan.song_start):
        ax.axvline(t, color="#666666", lw=1.6)
    ax.scatter(plan.old, [0.3] * len(plan.old), marker="v", s=60, color="#999999", label="rough cut", zorder=3)
    ax.scatter(plan.new, [0.7] * len(plan.new), marker="^", s=60, color="#c23a3a", label="on the beat", zorder=3)
    for i, (a, b, m) in enumerate(zip(plan.old, plan.new, plan.moves), 1):
        ax.annotate("", xy=(b, 0.62), xytext=(a, 0.38), arrowprops={"arrowstyle": "->", "color": "#c23a3a"})
        ax.text(b, 0.86, f"{i}: {m:+.0f}f", ha="center", fontsize=7)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlim(0, end)
    ax.set_xlabel("time in the scene (s)")
    ax.set_title("Cuts moved onto the song's beats (thin lines) and downbeats (thick); moves in frames")
    ax.legend(loc="lower right", fontsize=7, ncol=2)
    return ax


def cuts_plot_alt(plan: CutPlan) -> str:
    """Alt text for :func:`cuts_plot`.

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> print(cuts_plot_alt(snap_cuts([1.3, 2.9], TempoMap.constant(120))))  # doctest: +NORMALIZE_WHITESPACE
    Timeline of 2 cuts over the beat grid: each rough cut (grey) moves to the beat nearest it (red);
    the moves are +4.8, +2.4 frames, the largest 4.8 frames.

    Lesson: lessons/10_songs.ipynb
    """
    moves = ", ".join(f"{m:+.1f}" for m in plan.moves)
    return (f"Timeline of {len(plan.old)} cuts over the beat grid: each rough cut (grey) moves to the beat nearest "
            f"it (red); the moves are {moves} frames, the largest {plan.worst_move:.1f} frames.")


def cuts_figure(plan: CutPlan, tempo_map: TempoMap) -> HTML:
    """:func:`cuts_plot` as an image with its alt text (what a lesson shows).

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> cuts_figure(snap_cuts([1.3, 2.9], TempoMap.constant(120)), TempoMap.constant(120))._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/10_songs.ipynb
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.0, 2.0), layout="constrained")
    cuts_plot(plan, tempo_map, ax=ax)
    alt = cuts_plot_alt(plan)
    return HTML(figure_png(fig, alt=alt), alt)


def energy_plot(temp: EnergyCurve, cue: EnergyCurve, *, names: tuple[str, str] = ("temp", "new cue"),
                ax: "Axes | None" = None) -> "Axes":
    """Two cues' energy bar by bar: notes started per bar (bars) and mean loudness (lines, right axis).

    Examples
    --------
    >>> from scoring.songs import energy_curve, temp_track
    >>> ax = energy_plot(energy_curve(temp_track()), energy_curve(temp_track()))
    >>> ax.get_xlabel()
    'bar'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(temp, EnergyCurve, "temp", "energy_curve(temp_track())")
    checks.expect(cue, EnergyCurve, "cue", "energy_curve(my_cue)")
    ax = _axes(ax, (9.0, 2.6))
    n = len(temp.onsets)
    x = np.arange(1, n + 1)
    a = np.asarray(temp.onsets, float)
    b = np.asarray(cue.onsets[:n], float)
    b = np.pad(b, (0, n - len(b)))
    ax.bar(x - 0.2, a / max(a.max(), 1), 0.4, color="#999999", label=f"{names[0]}: notes per bar (scaled)")
    ax.bar(x + 0.2, b / max(b.max(), 1), 0.4, color="#3a7bc2", label=f"{names[1]}: notes per bar (scaled)")
    right = ax.twinx()
    right.plot(x, temp.loudness[:n], color="#555555", marker="o", lw=1.5, label=f"{names[0]}: loudness")
    right.plot(x, list(cue.loudness[:n]) + [0] * (n - len(cue.loudness[:n])), color="#1b4f8a", marker="s", lw=1.5,
               label=f"{names[1]}: loudness")
    right.set_ylim(0, 127)
    right.set_ylabel("mean velocity")
    ax.set_ylim(0, 1.15)
    ax.set_xticks(x)
    ax.set_xlabel("bar")
    ax.set_ylabel("notes per bar (÷ max)")
    ax.set_title("The temp's shape and the new cue's: activity and loudness, bar by bar")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left", ncol=2)
    return ax


def energy_plot_alt(temp: EnergyCurve, cue: EnergyCurve, *, names: tuple[str, str] = ("temp", "new cue")) -> str:
    """Alt text for :func:`energy_plot`.

    Examples
    --------
    >>> from scoring.songs import energy_curve, temp_track
    >>> energy_plot_alt(energy_curve(temp_track()), energy_curve(temp_track())).startswith(
    ...     "Bar chart over 8 bars: notes per bar of temp (6, 11, 12, 17, 23, 23, 10, 5)")
    True

    Lesson: lessons/10_songs.ipynb
    """
    return (f"Bar chart over {len(temp.onsets)} bars: notes per bar of {names[0]} ({', '.join(map(str, temp.onsets))}) "
            f"and of {names[1]} ({', '.join(map(str, cue.onsets))}), with their mean loudness as lines; "
            f"the two shapes rise and fall together where the curves match.")


def energy_figure(temp: EnergyCurve, cue: EnergyCurve, *, names: tuple[str, str] = ("temp", "new cue")) -> HTML:
    """:func:`energy_plot` as an image with its alt text (what a lesson shows).

    Examples
    --------
    >>> from scoring.songs import energy_curve, temp_track
    >>> curve = energy_curve(temp_track())
    >>> energy_figure(curve, curve)._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/10_songs.ipynb
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.0, 2.6), layout="constrained")
    energy_plot(temp, cue, names=names, ax=ax)
    alt = energy_plot_alt(temp, cue, names=names)
    return HTML(figure_png(fig, alt=alt), alt)
