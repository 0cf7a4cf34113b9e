"""Numbers about a motif: intervals, contour, pitch-class content.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from collections import Counter

from scoring.render.checks import flag, like
from scoring.render.dsp import check_rate, mono as mono_mix, samples as checked_samples

__all__ = ["intervals", "parsons_code", "pitch_class_counts", "interval_counts", "sound_profile"]


def intervals(motif) -> list[int]:
    """Melodic intervals in semitones between successive notes (rests skipped).

    Examples
    --------
    >>> from scoring import Motif
    >>> intervals(Motif.parse("c4 e g c'2"))
    [4, 3, 5]

    Lesson: lessons/00_first_motif.ipynb
    """
    ps = [p for p in _motif(motif, "intervals").midi if p is not None]
    return [b - a for a, b in zip(ps, ps[1:])]


def _motif(value: object, what: str):
    """``value`` checked to be a motif (it has notes and MIDI pitches, as a Motif has)."""
    return like(value, ("notes", "midi"), f"{what}() takes a Motif", f"e.g. {what}(Motif.parse('c4 e g'))")


def parsons_code(motif) -> str:
    """The contour as Parsons code: ``*`` then ``u`` (up), ``d`` (down), ``r`` (repeat) per note.

    Examples
    --------
    >>> from scoring import Motif
    >>> parsons_code(Motif.parse("r8 g g g e-2"))
    '*rrd'

    Lesson: lessons/03_leitmotif.ipynb
    """
    return "*" + "".join("u" if i > 0 else "d" if i < 0 else "r" for i in intervals(_motif(motif, "parsons_code")))


def pitch_class_counts(motif, *, weighted: bool = True) -> list[float]:
    """How much of each pitch class (C, C#, ... B) sounds, in quarter lengths (or note counts).

    Examples
    --------
    >>> from scoring import Motif
    >>> pitch_class_counts(Motif.parse("c4 e g c'2"))[:5]
    [3.0, 0.0, 0.0, 0.0, 1.0]

    Lesson: lessons/01_mood.ipynb
    """
    counts = [0.0] * 12
    weighted = flag(weighted, "weighted")
    for n in _motif(motif, "pitch_class_counts").notes:
        if not n.is_rest:
            counts[n.pitch % 12] += float(n.duration) if weighted else 1.0
    return counts


def interval_counts(motif) -> dict[int, int]:
    """How often each melodic interval (in semitones, signed) occurs.

    Examples
    --------
    >>> from scoring import Motif
    >>> interval_counts(Motif.parse("c4 d e d c"))
    {-2: 2, 2: 2}

    Lesson: lessons/00_first_motif.ipynb
    """
    return dict(sorted(Counter(intervals(_motif(motif, "interval_counts"))).items()))


def sound_profile(samples, sample_rate: int = 44100) -> dict[str, float]:
    """Listen with numbers: length (s), loudness (RMS in dB below full scale), peak (dBFS) and
    brightness (spectral centroid in Hz: where the sound's energy sits, low = dark, high = bright).

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(44100) / 44100
    >>> p = sound_profile(0.5 * np.sin(2 * np.pi * 440 * t))
    >>> round(p["seconds"], 2), round(p["loudness_db"], 1), round(p["brightness_hz"])
    (1.0, -9.0, 440)

    Lesson: lessons/00_first_motif.ipynb
    """
    import numpy as np

    sample_rate = check_rate(sample_rate)
    y = checked_samples(samples, sample_rate).astype(np.float64)
    mono = mono_mix(y)
    rms = float(np.sqrt(np.mean(mono ** 2))) if len(mono) else 0.0
    peak = float(np.max(np.abs(mono))) if len(mono) else 0.0
    spectrum = np.abs(np.fft.rfft(mono))
    freqs = np.fft.rfftfreq(len(mono), 1 / sample_rate)
    centroid = float(np.sum(freqs * spectrum) / np.sum(spectrum)) if spectrum.sum() > 0 else 0.0
    db = lambda x: 20 * np.log10(x) if x > 0 else float("-inf")  # noqa: E731
    return {"seconds": len(mono) / sample_rate, "loudness_db": float(db(rms)), "peak_db": float(db(peak)),
            "brightness_hz": centroid}
