"""Shared helpers for the tests: hypothesis strategies for motifs, textbook scales, and
simple measurements of sound (RMS loudness, spectral centroid) computed independently of
the package, so that an audio test does not check the package against itself.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from scoring import Motif, Note

# ---------------------------------------------------------------- music theory, stated independently
#: Semitone steps of each mode above its tonic (textbook values, not read from the package).
SCALE_STEPS = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "ionian": (0, 2, 4, 5, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
_LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
#: Pitch class of every tonic spelling with up to two sharps or flats ("C#" 1, "Cb" 11, "Ebb" 2).
TONIC_PC = {letter + acc: (pc + shift) % 12 for letter, pc in _LETTER_PC.items()
            for acc, shift in (("", 0), ("#", 1), ("##", 2), ("b", -1), ("bb", -2))}


def scale_pitches(key: str, lo: int = 0, hi: int = 127) -> list[int]:
    """All MIDI pitches in ``lo..hi`` that belong to ``key`` (e.g. ``"D dorian"``)."""
    tonic, mode = key.split()
    pcs = {(TONIC_PC[tonic] + s) % 12 for s in SCALE_STEPS[mode]}
    return [p for p in range(lo, hi + 1) if p % 12 in pcs]


# ---------------------------------------------------------------- strategies
#: Note values the course uses, in quarter lengths.
DURATIONS = tuple(Fraction(x) for x in ("1/4", "1/3", "1/2", "3/4", "1", "3/2", "2", "3", "4"))
#: Durations that keep every onset on a 1/4 grid, or on a 1/3 grid (what a MIDI file can hold
#: after music21's quantisation to quarter/eighth/sixteenth and triplet divisions).
QUARTER_GRID = tuple(d for d in DURATIONS if (d * 4).denominator == 1)
TRIPLET_GRID = tuple(d for d in DURATIONS if (d * 3).denominator == 1)
MAJOR_MINOR_KEYS = ("C major", "G major", "F major", "Eb major", "A major", "A minor", "D minor",
                    "E minor", "C minor", "F# minor")
MODAL_KEYS = ("D dorian", "E phrygian", "F lydian", "G mixolydian", "B locrian")
KEYS = MAJOR_MINOR_KEYS + MODAL_KEYS
INSTRUMENTS = ("Acoustic Grand Piano", "French Horn", "Cello", "Flute", "Trumpet", "Violin",
               "String Ensemble 1", "Clarinet", "Celesta", "Pad 2 (warm)")
TEMPOS = st.integers(40, 200).map(float) | st.integers(400, 2000).map(lambda t: t / 10)


@st.composite
def motifs(draw, *, durations=DURATIONS, keys=KEYS, scale_only: bool = False, rests: bool = True,
           end_on_note: bool = False, min_notes: int = 1, max_notes: int = 24) -> Motif:
    """A valid motif: 1-24 notes (MIDI 36-96) or rests, at least one note, durations from
    :data:`DURATIONS`, velocities 1-127, tempo 40-200, one of a few keys and instruments.

    ``scale_only`` keeps every pitch inside the key's scale; ``end_on_note`` forbids a final rest.
    """
    key = draw(st.sampled_from(keys))
    pool = scale_pitches(key, 36, 96) if scale_only else list(range(36, 97))
    pitch = st.sampled_from(pool)
    n = draw(st.integers(min_notes, max_notes))
    maybe_rest = (st.none() | pitch) if rests else pitch
    pitches = draw(st.lists(maybe_rest, min_size=n, max_size=n))
    if all(p is None for p in pitches):
        pitches[draw(st.integers(0, n - 1))] = draw(pitch)
    if end_on_note and pitches[-1] is None:
        pitches[-1] = draw(pitch)
    durs = draw(st.lists(st.sampled_from(durations), min_size=n, max_size=n))
    vels = draw(st.lists(st.integers(1, 127), min_size=n, max_size=n))
    notes = tuple(Note(p, d, v) for p, d, v in zip(pitches, durs, vels))
    return Motif(notes, name=draw(st.sampled_from(["Hero", "Villain", "Love theme"])), key=key,
                 tempo=draw(TEMPOS), instrument=draw(st.sampled_from(INSTRUMENTS)))


# ---------------------------------------------------------------- measuring sound
def mono(samples: np.ndarray) -> np.ndarray:
    y = np.asarray(samples, dtype=np.float64)
    return y.mean(axis=1) if y.ndim == 2 else y


def rms(samples: np.ndarray) -> float:
    """Root-mean-square level (0 = silence)."""
    return float(np.sqrt(np.mean(mono(samples) ** 2)))


def spectral_centroid(samples: np.ndarray, sample_rate: int) -> float:
    """Where a sound's spectral energy sits, in Hz (higher = brighter)."""
    x = mono(samples)
    spectrum = np.abs(np.fft.rfft(x))
    freqs = np.fft.rfftfreq(len(x), 1 / sample_rate)
    return float(np.sum(freqs * spectrum) / np.sum(spectrum))


def band_energy(samples: np.ndarray, sample_rate: int, lo: float, hi: float) -> float:
    """Spectral energy between ``lo`` and ``hi`` Hz."""
    x = mono(samples)
    spectrum = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / sample_rate)
    return float(spectrum[(freqs >= lo) & (freqs < hi)].sum())
