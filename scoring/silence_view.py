"""Silence, seen and heard: the silence map under a piano roll in seconds, a cue against its
scene's dialogue (a murmur on every line), and the HTML card that holds them.

The numbers come from :mod:`scoring.silence` (this module draws what it measures); the roll is
drawn by :mod:`scoring.render.roll`, the murmur by :mod:`scoring.render.voice`, the card by
:mod:`scoring.render.html`. Times are seconds by the music's clock, as in :mod:`scoring.silence`.

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from scoring.core.cue import Cue, as_cue
from scoring.core.motif import Motif
from scoring.core.pitch import note_name
from scoring.errors import ScoringError
from scoring.render import checks, html, roll
from scoring.render.background import alongside
from scoring.render.dsp import MAX_SECONDS, limit
from scoring.render.synth import render_events
from scoring.render.voice import check_level, dialogue_track
from scoring.silence import (Dialogue, active_voices, density_curve, dialogue_lines, held_spans, measured_seconds,
                             profile_line, scene_seconds, silence_before, silence_profile, silent_spans,
                             sounding_notes)

__all__ = ["SILENCE_COLOUR", "VOICES_COLOUR", "DENSITY_COLOUR", "DIALOGUE_COLOUR", "HELD_COLOUR", "MAX_HITS",
           "scene_audio", "silence_map", "silence_figure", "silence_alt", "silence_image", "silence_view",
           "silence_html"]

#: Colours of the silence map.
SILENCE_COLOUR, VOICES_COLOUR, DENSITY_COLOUR, DIALOGUE_COLOUR = "#c23a3a", "#1f5fa8", "#2a8a3e", "#8a8a8a"
HELD_COLOUR = "#555555"
#: The most hit points one view marks.
MAX_HITS = 100
_STEP = 0.01                   # seconds between the samples of the voices curve
_EPS = 1e-9


def _flag(value: object, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ScoringError(f"{what}={value!r}: say True or False")
    return bool(value)


def _size(figsize) -> tuple[float, float]:
    """A figure size checked: (width, height) in inches, each 1-30."""
    try:
        w, h = (float(x) for x in figsize)
    except (TypeError, ValueError):
        raise ScoringError(f"figsize={figsize!r}: give (width, height) in inches, like (9, 4.4)") from None
    if isinstance(figsize, (str, bytes)) or not (1 <= w <= 30 and 1 <= h <= 30):
        raise ScoringError(f"figsize={figsize!r}: give (width, height) in inches, each 1 to 30, like (9, 4.4)")
    return w, h


def _hits(cue: Cue, hits) -> list[tuple[float, float]]:
    """(hit time, silence before it) for each hit point, checked."""
    if isinstance(hits, (str, bytes)) or not isinstance(hits, (Sequence, np.ndarray)):
        raise ScoringError(f"hits={hits!r}: give the hit points as a list of seconds, like [4.0]")
    if len(hits) > MAX_HITS:
        raise ScoringError(f"{len(hits)} hit points is more than {MAX_HITS}; mark the ones that matter")
    if not len(hits):
        return []
    gaps = silence_before(cue, list(hits))       # checks every point
    return [(float(h), g) for h, g in zip(hits, gaps)]


# ---------------------------------------------------------------- hearing a scene
def scene_audio(music: Motif | Cue, scene: Dialogue, *, voices: bool = True,
                level: float = 0.12, sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """Hear a cue against its scene: ``(samples, sample_rate)`` of the music with a placeholder
    *murmur* on every line of dialogue (a voiced buzz, one syllable per vowel group, pitch by speaker).

    The murmur is not speech (see :mod:`scoring.render.voice`); it shows where the words fall
    and lets you hear the music mask them (``voices=False`` leaves it out). ``level`` is its
    loudness (RMS, 0..0.5). The sound lasts the longer of cue and scene.

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> from scoring.core.cue import Chord, Layer
    >>> rests = Cue((Layer("melody", (Chord((), 4),)),))
    >>> y, sr = scene_audio(rests, [Line(start=0.5, end=1.5, who="A", text="Hello there.")])
    >>> bool(abs(y[int(0.7 * sr):int(1.3 * sr)]).max() > 0.05), bool(abs(y[:int(0.4 * sr)]).max() < 1e-3)
    (True, True)

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    lines = dialogue_lines(scene)
    speak = _flag(voices, "voices")
    gain = check_level(level)
    seconds = max(cue.duration_seconds, scene_seconds(scene))
    if seconds > MAX_SECONDS:
        raise ScoringError(f"the scene lasts {seconds:.0f} s, over the {MAX_SECONDS:.0f} s one sound may last; "
                           "hear it in shorter excerpts")
    if seconds <= cue.duration_seconds + _EPS:
        y, sr = cue.to_audio(sample_rate=sample_rate)
        if speak:
            y = y.copy()                        # the cue's cached sound stays as it is
    else:
        y, sr = render_events(cue.events(), seconds=seconds, sample_rate=sample_rate)
    if not speak:
        return y, sr
    track = dialogue_track([(l.start, l.end, getattr(l, "who", ""), getattr(l, "text", "")) for l in lines],
                           seconds, level=gain, sample_rate=sr)
    n = min(len(y), len(track))
    y[:n] += track[:n, None]
    return limit(y), sr


# ---------------------------------------------------------------- seeing it
def _roll(ax, cue: Cue, scene, stop: float) -> None:
    """The piano roll in seconds (written lengths, holds included), dialogue shaded, speakers named."""
    notes = sounding_notes(cue)
    if notes:
        voices = [(f"{layer.role} ({layer.instrument})", [(s, e - s, p, v) for s, e, p, v, i in notes if i == k])
                  for k, layer in enumerate(cue.layers)]
        roll.draw(ax, voices, name=lambda p: note_name(p, cue.key), xlabel="", title=cue.name, length=stop,
                  legend=False)
    else:
        ax.set_xlim(0, stop)
        ax.set_ylim(55, 71)
        ax.set_yticks([])
        ax.set_ylabel("pitch")
        ax.set_title(cue.name)
        ax.text(stop / 2, 63, "no notes: silence", ha="center", va="center", fontsize=9, color="#555")
    lines = dialogue_lines(scene) if scene is not None else ()
    if lines:
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + 4)
        for j, line in enumerate(lines):
            ax.axvspan(line.start, line.end, color=DIALOGUE_COLOUR, alpha=0.18, lw=0,
                       label="dialogue" if j == 0 else None)
            ax.text((line.start + line.end) / 2, hi + 2, str(getattr(line, "who", "")), ha="center", va="center",
                    fontsize=7, color="#333")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


def silence_map(music: Motif | Cue, *, ax=None, scene: "Dialogue | None" = None,
                hits: Sequence[float] = (), end: float | None = None):
    """The silence map: voices sounding over time (filled), silences shaded red, onsets per
    second (green line, right axis), holds hatched and marked (fermata, G.P.), dialogue lines
    in grey and the silence before each hit.

    Returns the Axes (time in seconds). Draw it under a piano roll with :func:`silence_view`.

    Examples
    --------
    >>> ax = silence_map(Motif.parse("4/4 c4 r r e", tempo=60), hits=[3.0])
    >>> [t.get_text() for t in ax.texts]
    ['2.0 s']

    Lesson: lessons/05_silence.ipynb
    """
    from matplotlib.ticker import MaxNLocator

    cue = as_cue(music)
    stop = measured_seconds(cue, end=end, scene=scene)
    marks = _hits(cue, hits)
    ax = checks.axes(ax, figsize=(9.0, 2.0))
    times = np.arange(0.0, stop + _EPS, _STEP)
    voices = active_voices(cue, times)
    top = max(4, int(voices.max(initial=0)) + 1)
    ax.fill_between(times, voices, step="post", color=VOICES_COLOUR, alpha=0.35, lw=0, label="voices sounding")
    for j, (s, e) in enumerate(silent_spans(cue, end=stop)):
        ax.axvspan(s, e, color=SILENCE_COLOUR, alpha=0.22, lw=0, label="silence" if j == 0 else None)
    for j, (s, e, mark) in enumerate(held_spans(cue)):
        ax.axvspan(s, e, facecolor="none", edgecolor=HELD_COLOUR, hatch="///", lw=0,
                   label="held (the clock stops)" if j == 0 else None)
        ax.text((s + e) / 2, top - 0.8, mark, ha="center", va="center", fontsize=7, color=HELD_COLOUR,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    if scene is not None:
        for j, line in enumerate(dialogue_lines(scene)):
            ax.plot([line.start, line.end], [top - 0.4] * 2, color=DIALOGUE_COLOUR, lw=5, solid_capstyle="butt",
                    label="dialogue" if j == 0 else None)
    for j, (h, gap) in enumerate(marks):
        ax.axvline(h, color="black", lw=1.2, ls="--", label="hit" if j == 0 else None)
        ax.text(h, top - 1.1, f"{gap:.1f} s", ha="right", va="center", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax.set_xlim(0, stop)
    ax.set_ylabel("voices")
    ax.set_xlabel("seconds")
    twin = html.twin_axes(ax)
    t, rate = density_curve(cue, end=stop)
    twin.plot(t, rate, color=DENSITY_COLOUR, lw=1.6, label="onsets per second")
    twin.set_ylim(0, max(8.0, float(rate.max(initial=0)) * 1.15))
    twin.set_ylabel("onsets / s", color=DENSITY_COLOUR)
    twin.tick_params(axis="y", colors=DENSITY_COLOUR)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper left", bbox_to_anchor=(1.08, 1), fontsize=8, frameon=False)
    p = silence_profile(cue, end=stop)
    ax.set_title(f"silence map: {p['silent_fraction']:.0%} silent, {p['onsets_per_second']:.1f} onsets per second",
                 fontsize=10)
    return ax


def _draw(fig, cue: Cue, scene, hits, axes: tuple | None = None) -> tuple:
    stop = measured_seconds(cue, scene=scene)
    top, bottom = axes or fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    _roll(top, cue, scene, stop)
    silence_map(cue, ax=bottom, scene=scene, hits=hits, end=stop)
    return top, bottom


def silence_figure(music: Motif | Cue, *, scene: "Dialogue | None" = None,
                   hits: Sequence[float] = (), figsize: Sequence[float] = (9.0, 4.2)):
    """A piano roll in seconds (dialogue shaded) above its silence map, as a standalone figure (no pyplot).

    Examples
    --------
    >>> fig = silence_figure(Motif.parse("4/4 c4 r r e", tempo=60))
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['pitch', 'voices', 'onsets / s']

    Lesson: lessons/05_silence.ipynb
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=_size(figsize), layout="constrained")
    _draw(fig, as_cue(music), scene, hits)
    return fig


def silence_alt(music: Motif | Cue, *, scene: "Dialogue | None" = None,
                hits: Sequence[float] = ()) -> str:
    """What the roll over its silence map shows, in words: the axes, the silences, the busiest
    moment, the holds, the dialogue masked and the silence before each hit.

    Examples
    --------
    >>> print(silence_alt(Motif.parse("4/4 c4 r r e", tempo=60, name="Knock"), hits=[3.0]).replace("; ", ";\\n"))
    piano roll of Knock over its silence map: seconds across (0-4 s), pitch up in the roll;
    below, voices sounding (filled) and onsets per second (line);
    50% silent in 1 silence, the longest 2.0 s from 1.0 s;
    busiest at 0.0 s (1.0 onsets per second);
    silence before the hit at 3 s: 2.0 s

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    stop = measured_seconds(cue, scene=scene)
    p = silence_profile(cue, end=stop, scene=scene)
    parts = [f"piano roll of {cue.name} over its silence map: seconds across (0-{round(stop, 2):g} s), pitch up in "
             "the roll; below, voices sounding (filled) and onsets per second (line)"]
    spans = silent_spans(cue, end=stop)
    if spans:
        s, e = max(spans, key=lambda span: span[1] - span[0])
        parts.append(f"{p['silent_fraction']:.0%} silent in {len(spans)} silence{'s' * (len(spans) != 1)}, "
                     f"the longest {e - s:.1f} s from {s:.1f} s")
    else:
        parts.append("no silence: something always sounds")
    times, rate = density_curve(cue, end=stop)
    if p["onsets"]:
        k = int(np.argmax(rate))
        parts.append(f"busiest at {times[k]:.1f} s ({rate[k]:.1f} onsets per second)")
    parts += [f"{mark} held {e - s:.1f} s from {s:.1f} s" for s, e, mark in held_spans(cue)]
    if scene is not None:
        parts.append(f"masks {p['masked_lines']} of {p['lines']} dialogue lines")
    parts += [f"silence before the hit at {h:g} s: {gap:.1f} s" for h, gap in _hits(cue, hits)]
    return "; ".join(parts)


def silence_image(music: Motif | Cue, *, scene: "Dialogue | None" = None,
                  hits: Sequence[float] = ()) -> html.HTML:
    """The piano roll over its silence map as an image whose alt text says what it shows
    (:func:`silence_alt`): what a lesson shows when it wants the picture without a player.

    Examples
    --------
    >>> picture = silence_image(Motif.parse("4/4 c4 r r e", tempo=60, name="Knock"))
    >>> picture._repr_html_()[:32], str(picture).split(";")[2]
    ('<img src="data:image/png;base64,', ' 50% silent in 1 silence, the longest 2.0 s from 1.0 s')

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    alt = silence_alt(cue, scene=scene, hits=hits)
    return html.HTML(html.figure_png(silence_figure(cue, scene=scene, hits=hits), dpi=72, alt=alt), alt)


def silence_view(music: Motif | Cue, *, scene: "Dialogue | None" = None,
                 hits: Sequence[float] = (), figsize: Sequence[float] = (9.0, 4.4)):
    """A piano roll in seconds (dialogue shaded) above its silence map (a pyplot figure).

    Returns the two Axes (roll, map); end the cell with ``plt.show()``.

    Examples
    --------
    >>> roll, smap = silence_view(Motif.parse("4/4 c4 r r e", tempo=60))
    >>> roll.get_xlim() == smap.get_xlim() == (0.0, 4.0)
    True

    Lesson: lessons/05_silence.ipynb
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=_size(figsize), layout="constrained")
    return _draw(fig, as_cue(music), scene, hits)


def silence_html(music: Motif | Cue, *, scene: "Dialogue | None" = None,
                 hits: Sequence[float] = (), notation: bool = False, voices: bool = True) -> html.HTML:
    """A cue to hear and see against its scene: name, (notation,) a player (with the dialogue's
    murmur when a ``scene`` is given), its numbers, and the piano roll over its silence map.

    Examples
    --------
    >>> print(silence_html(Motif.parse("4/4 c4 r r e", tempo=60, key="C major", name="Knock")))
    Knock: melody (Acoustic Grand Piano) | C major | 4/4 | 60 BPM | 4.0 s
    Knock: 50% silent, longest silence 2.0 s, 2 onsets (0.5 per s), up to 1 voice

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    lines = dialogue_lines(scene) if scene is not None else ()
    score, speak = _flag(notation, "notation"), _flag(voices, "voices")
    label = " (with the dialogue as a murmur)" if speak and lines else ""
    # the sound renders and encodes on the sound thread while the numbers are measured and the picture drawn
    player = alongside(lambda: html.audio_tag(*(scene_audio(cue, scene, voices=speak) if scene is not None
                                                else cue.to_audio()), label=cue.listen_text() + label))
    numbers = profile_line(cue, scene=scene)
    fig, axes = html.kept_figure("silence view", (9.0, 4.2), rows=2, height_ratios=(3, 2))  # drawn on again next time
    _draw(fig, cue, scene, hits, axes)
    picture = html.figure_png(fig, dpi=72, alt=silence_alt(cue, scene=scene, hits=hits))
    page = html.card(cue.name + label, note=cue.notes,
                     notation=html.img_tag(cue.svg(), alt=cue.alt_text()) if score else "",
                     player=player.result(), summary=cue.summary(),
                     extra=f'<div style="font-family:monospace;font-size:0.9em">{html.escape(numbers)}</div>{picture}')
    return html.HTML(page, f"{cue.summary()}\n{numbers}")
