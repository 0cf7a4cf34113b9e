"""What lesson 02's synthesised sounds look and sound like: a player for raw samples and a spectrogram.

The Shepard tone and the Risset rhythm of :mod:`scoring.devices` are samples, not notes; this
module plays them (:func:`player`) and shows where their energy lies (:func:`spectrogram`).
It draws and plays samples only (it knows no motif).

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.dsp import check_rate, samples as checked_samples
from scoring.render.html import HTML, audio_tag, escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["SPECTROGRAM_FRAMES", "player", "spectrogram"]

#: The most analysis frames a spectrogram computes (longer sounds are analysed with a wider hop).
SPECTROGRAM_FRAMES = 2000
_WINDOW = 4096                  # samples per analysis frame: 93 ms at 44.1 kHz, a tenth of a semitone at A4
_HOP = 1024                     # samples between frames for short sounds


def player(samples: np.ndarray, sample_rate: int, *, label: str = "sound") -> HTML:
    """An audio player (MP3 in an ``<audio>`` element) for raw samples, such as a Shepard tone.

    Parameters
    ----------
    samples : mono ``(n,)`` or stereo ``(n, 2)`` samples, e.g. the first value
        :func:`~scoring.devices.shepard_tone` returns.
    sample_rate : samples per second (8000-96000).
    label : what the player holds, read aloud by screen readers.

    Examples
    --------
    >>> from scoring.devices import shepard_tone
    >>> print(player(*shepard_tone(1.0), label="Shepard tone"))
    audio of Shepard tone (1.0 s)

    Lesson: lessons/02_tension.ipynb
    """
    rate = check_rate(sample_rate)
    y = checked_samples(samples, rate, what="player() samples")
    line = f"{label} ({len(y) / rate:.1f} s)"
    caption = f'<div style="font-size:0.85em;color:#444">plays: {escape(line)}</div>'
    return HTML(f"<div>{audio_tag(y, rate, label=str(label))}{caption}</div>", f"audio of {line}")


def spectrogram(samples: np.ndarray, sample_rate: int, *, top: float = 4000.0, ax: Axes | None = None) -> Axes:
    """Plot where the energy of a sound lies over time (log-frequency up, time across). Returns the Axes.

    For a Shepard tone the picture is a set of parallel lines climbing an octave per cycle,
    bright in the middle and fading at both ends. Frames of 4096 samples every 1024 samples;
    a long sound is analysed with a wider hop, so at most :data:`SPECTROGRAM_FRAMES` frames.

    Examples
    --------
    >>> from scoring.devices import shepard_tone
    >>> ax = spectrogram(*shepard_tone(1.0))
    >>> ax.get_yscale(), ax.get_xlabel()
    ('log', 'seconds')

    Lesson: lessons/02_tension.ipynb
    """
    rate = check_rate(sample_rate)
    checks.axes(ax)
    y = checked_samples(samples, rate, what="spectrogram() samples")         # float32: ten minutes stay small
    y = y.mean(axis=1, dtype=np.float32) if y.ndim == 2 else y
    top = checks.number(top, "top", "give the highest frequency to show, 100 Hz up to half the sample rate "
                        f"({rate // 2} Hz)", lo=100, hi=rate / 2)
    if len(y) < _WINDOW:
        raise ScoringError(f"the sound is too short to analyse ({len(y)} samples); give at least {_WINDOW} "
                           f"samples ({_WINDOW / rate:.2f} s)")
    hop = max(_HOP, math.ceil((len(y) - _WINDOW) / (SPECTROGRAM_FRAMES - 1)))
    frames = np.lib.stride_tricks.sliding_window_view(y, _WINDOW)[::hop] * np.hanning(_WINDOW)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(_WINDOW, 1 / rate)
    keep = (freqs >= 25) & (freqs <= float(top))
    db = 10 * np.log10(power[:, keep].T + 1e-12)
    times = (np.arange(len(frames)) * hop + _WINDOW / 2) / rate
    ax = checks.axes(ax, figsize=(9.0, 3.0))
    ax.pcolormesh(times, freqs[keep], db, shading="auto", cmap="magma", vmin=db.max() - 45, vmax=db.max())
    ax.set_yscale("log")
    ax.set_ylim(25, float(top))
    ax.set_xlabel("seconds")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title("spectrogram")
    return ax
