"""Tension you can measure: roughness, interval-class dissonance, harmonic distance, and a
tension curve over time that you can weigh and plot under the piano roll.

- **Roughness** (Plomp & Levelt 1965, in Sethares' parametrisation): two partials close in
  frequency beat against each other; the sum over every pair of partials of every sounding note
  is the sound's roughness. It orders intervals and chords as the ear does, and it grows as the
  same chord moves down: register is measurable tension.
- **Interval classes**: the interval vector counts the six interval classes in a chord;
  ic1 (semitones), ic2 (whole tones) and ic6 (tritones) are the dissonant ones.
- **Harmonic distance** (Lerdahl, *Tonal Pitch Space*, 2001): how far one chord is from the
  next in a key; δ(I→V) = 5.
- **A tension curve** (after Farbood 2012): T(t) = Σ wᵢ·zᵢ(t) / Σ wᵢ over five features, each
  normalised to 0..1 and smoothed: roughness, register, note density, dynamics and tempo. Time
  runs on the music's own clock (its :class:`~scoring.core.time.TempoMap`), so an accelerando's
  frames get shorter in seconds and its tempo feature rises.

The pictures and the card (``dissonance_curve``, ``tension_plot``, ``tension_view``,
``tension_html``) live in :mod:`scoring.tension_view`.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.cue import as_cue
from scoring.render import checks
from scoring.core.notes import velocity_for
from scoring.errors import ScoringError
from scoring.harmony import bar_length, chord_pitch_classes

if TYPE_CHECKING:
    from scoring.core.cue import Cue
    from scoring.core.motif import Motif

__all__ = ["check_number", "SETHARES", "FEATURES", "DEFAULT_WEIGHTS", "ROUGHNESS_HALF", "REGISTER_RANGE",
           "DENSITY_HALF", "TEMPO_FEATURE_RANGE", "INTERVAL_NAMES", "MAX_FRAMES", "pair_roughness", "roughness",
           "interval_vector", "ic_dissonance", "forte_class", "chord_distance", "progression_tension", "note_spans",
           "TensionCurve", "tension_curve"]

#: Sethares' constants for the Plomp-Levelt curve (Tuning, Timbre, Spectrum, Scale, 2005).
SETHARES = {"d_star": 0.24, "s1": 0.0207, "s2": 18.96, "c1": 5.0, "c2": -5.0, "a1": -3.51, "a2": -5.75}

#: The five features of a tension curve, in the order they are stacked in the plot.
FEATURES = ("roughness", "register", "density", "dynamics", "tempo")

#: Default weights: dynamics and pitch height weigh most (Farbood 2012), tempo least.
DEFAULT_WEIGHTS: dict[str, float] = {"roughness": 1.0, "register": 1.5, "density": 1.0, "dynamics": 1.5,
                                     "tempo": 0.5}

#: How each feature is mapped to 0..1 (documented in :func:`tension_curve`).
ROUGHNESS_HALF = 10.0            # roughness that counts as 0.5: a diminished seventh at middle C
REGISTER_RANGE = (36, 96)        # C2 .. C7: the top sounding note, low to high
DENSITY_HALF = 6.0               # onsets per second that count as 0.5
#: The tempo feature's scale: this many BPM count as 0 (slow) and 1 (fast); not the playable
#: tempi, which are :data:`scoring.core.time.TEMPO_RANGE`.
TEMPO_FEATURE_RANGE = (40.0, 200.0)
#: The most frames a tension curve computes (a longer piece wants a larger ``step``).
MAX_FRAMES = 100_000


def check_number(value: object, what: str, lo: float, hi: float, fix: str) -> float:
    """A finite real number from ``lo`` to ``hi`` as a float (NumPy numbers too); bools, text, NaN,
    infinities and numbers out of range raise a :class:`~scoring.errors.ScoringError` naming
    ``what`` and ending with ``fix``. Lesson 02's modules check every number they take with it.

    Examples
    --------
    >>> check_number(np.float32(0.5), "step", 1 / 16, 4, "give beats, 1/16 to 4")
    0.5
    >>> check_number(8, "step", 1 / 16, 4, "give beats, 1/16 to 4")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: step=8 is outside 0.0625-4; give beats, 1/16 to 4

    Lesson: lessons/02_tension.ipynb
    """
    return checks.number(value, what, fix, lo=lo, hi=hi)


# ---------------------------------------------------------------- roughness
def _midi_list(pitches, what: str = "pitches") -> list[float]:
    if isinstance(pitches, (str, int, float, np.integer, np.floating)):
        pitches = [pitches]
    if isinstance(pitches, bytes) or not hasattr(pitches, "__iter__"):
        raise ScoringError(f"{what} should be a list of notes like ['C4', 'E4', 'G4'] or MIDI numbers")
    items = list(islice(pitches, 65))
    if len(items) > 64:
        raise ScoringError("more than 64 notes at once is more than roughness() takes; thin the chord out")
    out = []
    for p in items:
        if isinstance(p, str):
            out.append(float(_pitch.midi_number(p)))
        else:
            out.append(check_number(p, "note", 0, 127, "give names like 'C4' or MIDI numbers 0-127 (60 = middle C)"))
    return out


def _hz(midi: np.ndarray | float) -> np.ndarray:
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=float) - 69.0) / 12.0)


def pair_roughness(f1: float, f2: float, *, a1: float = 1.0, a2: float = 1.0) -> float:
    """The roughness of two pure tones (sine waves) of frequencies ``f1``, ``f2`` Hz and amplitudes ``a1``, ``a2``.

    Plomp and Levelt's curve in Sethares' form:
    d = min(a₁, a₂)·[C₁·e^(A₁·s·Δf) + C₂·e^(A₂·s·Δf)], s = D*/(S₁·f_min + S₂).
    Equal tones do not beat (0); roughness peaks at about a quarter of a critical band apart and
    fades as the tones move further apart. Musically: two sines a semitone apart at middle C grate,
    a fifth apart they hardly do.

    Examples
    --------
    >>> pair_roughness(262, 262), round(pair_roughness(262, 277), 3), round(pair_roughness(262, 392), 3)
    (0.0, 0.839, 0.053)

    Lesson: lessons/02_tension.ipynb
    """
    freqs = [check_number(v, name, 1e-9, 100_000, "give a frequency in Hz between 0 and 100000, e.g. 440")
             for v, name in ((f1, "f1"), (f2, "f2"))]
    amps = [check_number(v, name, 0, 1000, "give an amplitude from 0 to 1000 (1 = full)")
            for v, name in ((a1, "a1"), (a2, "a2"))]
    return float(_pairs(np.array(freqs), np.array(amps)))


def _pairs(freqs: np.ndarray, amps: np.ndarray) -> float:
    """Sum of Sethares' pair roughness over all pairs of partials."""
    c = SETHARES
    i, j = _pair_indices(len(freqs))
    f_lo = np.minimum(freqs[i], freqs[j])
    df = np.abs(freqs[i] - freqs[j])
    s = c["d_star"] / (c["s1"] * f_lo + c["s2"])
    d = np.minimum(amps[i], amps[j]) * (c["c1"] * np.exp(c["a1"] * s * df) + c["c2"] * np.exp(c["a2"] * s * df))
    return float(d.sum())


def _pair_indices(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i, j), i < j, of ``n`` partials; remembered for up to 256 partials (a chord of
    a few notes has a few hundred pairs; 64 notes of 32 partials, the most allowed, 2 million)."""
    return _kept_pair_indices(n) if n <= 256 else np.triu_indices(n, k=1)


@lru_cache(maxsize=64)   # at most 64 x 0.5 MB
def _kept_pair_indices(n: int) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.triu_indices(n, k=1)
    for a in pairs:
        a.setflags(write=False)
    return pairs


def _harmonics(value) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 32:
        raise ScoringError(f"harmonics={value!r}: give a whole number of partials per note, 1-32 (6 is usual)")
    return int(value)


def roughness(pitches: Sequence[str | float] | str | float, *, velocities: Sequence[int] | None = None,
              harmonics: int = 6, rolloff: float = 0.88) -> float:
    """The roughness (sensory dissonance) of notes sounding together.

    Each note is a harmonic tone of ``harmonics`` partials with amplitudes 1, ``rolloff``,
    ``rolloff``², ...; the roughness of every pair of partials (:func:`pair_roughness`) is summed.
    Musically: a minor second is rougher than a fifth, a cluster rougher than a triad, and the same
    triad rougher low than high, because low partials crowd into one critical band.

    Parameters
    ----------
    pitches : note names (``"C4"``) or MIDI numbers (fractions allowed for in-between tunings); at most 64.
    velocities : one MIDI velocity (or mark like ``"pp"``) per note; a note's partials are scaled
        by its amplitude, (velocity / 127)² as in General MIDI (a 40 dB range), so soft notes
        beat less (default: every note at full amplitude).
    harmonics : partials per note (6 is Sethares' choice for a generic instrument).
    rolloff : amplitude ratio of successive partials (0.88).

    Examples
    --------
    >>> round(roughness(["C4", "Db4"]), 2), round(roughness(["C4", "G4"]), 2), round(roughness(["C4", "C5"]), 2)
    (3.85, 0.69, 0.1)

    Lesson: lessons/02_tension.ipynb
    """
    harmonics = _harmonics(harmonics)
    rolloff = check_number(rolloff, "rolloff", 1e-9, 1, "give the amplitude ratio of successive partials, 0-1 "
                                                  "(0.88 is usual)")
    notes = _midi_list(pitches)
    if velocities is None:
        levels = (1.0,) * len(notes)
    else:
        single = isinstance(velocities, (int, str, np.integer)) or not hasattr(velocities, "__iter__")
        vels = [velocities] if single else list(islice(velocities, len(notes) + 1))
        if len(vels) != len(notes):
            raise ScoringError(f"{len(notes)} notes but {'more' if len(vels) > len(notes) else len(vels)} velocities; "
                               "give one velocity per note")
        levels = tuple((velocity_for(int(v) if isinstance(v, np.integer) else v) / 127) ** 2 for v in vels)
    return _roughness(tuple(notes), harmonics, rolloff, levels)


@lru_cache(maxsize=4096)  # chords recur: a panel measures the same ones at every change
def _roughness(notes: tuple[float, ...], harmonics: int = 6, rolloff: float = 0.88,
               levels: tuple[float, ...] | None = None) -> float:
    if not notes:
        return 0.0
    k = np.arange(1, harmonics + 1)
    freqs = (_hz(np.array(notes))[:, None] * k[None, :]).ravel()
    scale = np.ones(len(notes)) if levels is None else np.asarray(levels, dtype=float)
    amps = (scale[:, None] * (rolloff ** (k - 1.0))[None, :]).ravel()
    return _pairs(freqs, amps)


#: The intervals named on :func:`scoring.tension_view.dissonance_curve`, in semitones.
INTERVAL_NAMES = {1: "m2", 2: "M2", 3: "m3", 4: "M3", 5: "P4", 6: "TT", 7: "P5", 8: "m6", 9: "M6", 10: "m7",
                  11: "M7", 12: "P8"}


# ---------------------------------------------------------------- interval classes
def interval_vector(pitches: Sequence[str | int] | str) -> tuple[int, int, int, int, int, int]:
    """The interval vector: how many pairs of distinct pitch classes lie 1, 2, ..., 6 semitones apart.

    Octaves and doublings do not count (pitch classes only). The dissonant classes are ic1
    (semitone / major seventh), ic2 (whole tone / minor seventh) and ic6 (tritone).

    Examples
    --------
    >>> interval_vector(["C4", "Db4", "D4", "Eb4"]), interval_vector(["C4", "E4", "G4"])
    ((3, 2, 1, 0, 0, 0), (0, 0, 1, 1, 1, 0))

    Lesson: lessons/02_tension.ipynb
    """
    pcs = sorted({int(round(p)) % 12 for p in _midi_list(pitches)})
    vector = [0] * 6
    for a in range(len(pcs)):
        for b in range(a + 1, len(pcs)):
            d = (pcs[b] - pcs[a]) % 12
            vector[min(d, 12 - d) - 1] += 1
    return tuple(vector)  # type: ignore[return-value]


def ic_dissonance(pitches: Sequence[str | int] | str) -> int:
    """The number of dissonant interval classes in a chord: ic1 + ic2 + ic6 of its interval vector.

    A count, not a sound: it ignores register and spacing (see :func:`roughness` for those).
    Major and minor triads score 0, the diminished seventh and the Tristan chord 2, the
    four-note cluster C-Db-D-Eb 5.

    Examples
    --------
    >>> [ic_dissonance(c) for c in (["C4", "E4", "G4"], ["F3", "B3", "D#4", "G#4"], ["C4", "Db4", "D4", "Eb4"])]
    [0, 2, 5]

    Lesson: lessons/02_tension.ipynb
    """
    v = interval_vector(pitches)
    return v[0] + v[1] + v[5]


def forte_class(pitches: Sequence[str | int] | str) -> str:
    """The chord's set class in Forte's catalogue (music21's ``forteClass``), e.g. ``"4-27A"``.

    Musically: every chord with the same intervals between its pitch classes, whatever its
    root, spelling or voicing, has one name; the cluster C-Db-D-Eb is 4-1, the diminished
    seventh 4-28, the Tristan chord 4-27.

    Examples
    --------
    >>> forte_class(["C4", "Db4", "D4", "Eb4"]), forte_class(["C4", "Eb4", "Gb4", "A4"])
    ('4-1', '4-28')

    Lesson: lessons/02_tension.ipynb
    """
    from music21 import chord

    notes = _midi_list(pitches)
    if not notes:
        raise ScoringError("forte_class() needs at least one note, e.g. ['C4', 'E4', 'G4']")
    return str(chord.Chord([int(round(p)) for p in notes]).forteClass)


# ---------------------------------------------------------------- harmonic distance (Lerdahl)
def chord_distance(x: str, y: str, *, key: str = "C major") -> int:
    """Lerdahl's chord distance δ(x→y) = i + j + k between two triads of one key.

    ``i`` = keys apart on the circle of fifths (0 here: one key); ``j`` = roots apart on the
    key's diatonic circle of fifths; ``k`` = pitch classes in y's basic space (root, fifth,
    triad) that are not at the same level of x's. Musically: the further a chord is from
    where you are, the more it pulls; I→V is 5, I→vi 7, I→ii 8.

    Parameters
    ----------
    x, y : Roman numerals (``"I"``, ``"vi"``) or chord symbols (``"Am"``) of the seven diatonic triads.
    key : the key both chords belong to.

    Examples
    --------
    >>> chord_distance("I", "V"), chord_distance("I", "IV"), chord_distance("I", "vi"), chord_distance("I", "ii")
    (5, 5, 7, 8)

    Lesson: lessons/02_tension.ipynb
    """
    for symbol, name in ((x, "x"), (y, "y")):
        if not isinstance(symbol, str):
            raise ScoringError(f"{name}={symbol!r}: give a Roman numeral like 'V' or a chord symbol like 'G'")
    pc, _, mode = _pitch.parse_key(key)
    scale = [(pc + s) % 12 for s in _pitch.MODES[mode]]
    spaces = []
    for symbol in (x, y):
        pcs = chord_pitch_classes(symbol, key)
        if len(pcs) != 3 or any(p not in scale for p in pcs):
            raise ScoringError(f"chord_distance() measures the seven diatonic triads of one key; {symbol!r} is not "
                               f"one of {key}'s (try 'I', 'ii', 'iii', 'IV', 'V', 'vi' or 'vii')")
        root = pcs[0]
        fifth = next(p for p in pcs if (p - root) % 12 in (6, 7))
        spaces.append(({root}, {root, fifth}, set(pcs), scale.index(root)))
    (ax_, bx, cx, dx), (ay, by, cy, dy) = spaces
    steps = (2 * (dy - dx)) % 7          # a diatonic fifth is 4 scale steps, and 4 * 2 = 1 (mod 7)
    j = min(steps, 7 - steps)
    k = len(ay - ax_) + len(by - bx) + len(cy - cx)
    return j + k


def progression_tension(chords: Sequence[str], *, key: str = "C major") -> list[int]:
    """Sequential tension of a progression: each chord's distance δ from the chord before (0 for the first).

    Musically: each number is how hard that chord pulls away from the one before; neighbours on
    the circle of fifths (I → V, ii → V) cost 5, a step between chords with no common tone
    (IV → V) costs 8.

    Examples
    --------
    >>> progression_tension(["I", "IV", "V", "I"]), progression_tension(["I", "vi", "ii", "V", "I"])
    ([0, 5, 8, 5], [0, 7, 5, 5, 5])

    Lesson: lessons/02_tension.ipynb
    """
    if isinstance(chords, (str, bytes)) or not hasattr(chords, "__iter__"):
        raise ScoringError("give a list of chords, like ['I', 'IV', 'V', 'I']")
    chords = list(islice(chords, 257))
    if not 1 <= len(chords) <= 256:
        raise ScoringError("give a list of 1 to 256 chords, like ['I', 'IV', 'V', 'I']")
    return [0] + [chord_distance(a, b, key=key) for a, b in zip(chords, chords[1:])]


# ---------------------------------------------------------------- the tension curve
def note_spans(music: Motif | Cue) -> list[tuple[float, float, int, int]]:
    """Every sounding note of a motif or cue as (start beat, end beat, MIDI pitch, velocity), in time order.

    Written lengths count (articulation does not shorten them): a staccato note still belongs to its beat.

    Examples
    --------
    >>> from scoring import Motif
    >>> note_spans(Motif.parse("c4 r e"))
    [(0.0, 1.0, 60, 80), (2.0, 3.0, 64, 80)]

    Lesson: lessons/02_tension.ipynb
    """
    return sorted((s, s + length, p, v) for _, notes in as_cue(music).voices() for s, length, p, v in notes)


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    w = dict(DEFAULT_WEIGHTS)
    if weights is None:
        return w
    if not isinstance(weights, Mapping):
        raise ScoringError("weights should be a dict like {'roughness': 2, 'tempo': 0}; missing features keep their "
                           "default weight")
    for name, value in weights.items():
        if name not in FEATURES:
            raise ScoringError(f"unknown feature {name!r} in weights; the features are {', '.join(FEATURES)}")
        w[name] = check_number(value, f"the weight of {name}", 0, 100, "give a number 0-100 (0 switches it off)")
    if sum(w.values()) <= 0:
        raise ScoringError("all weights are 0, so nothing is measured; give at least one feature a weight above 0")
    return w


@dataclass(frozen=True, eq=False)
class TensionCurve:
    """A tension curve: five features (each 0..1) and their weighted mean, frame by frame.

    ``beats`` and ``seconds`` give each frame's time (seconds by the music's tempo map);
    ``features[name]`` the smoothed feature; ``weights`` the weights; :attr:`total` the tension;
    ``bar_starts`` the beats on which bars start (``bar`` beats apart unless given). Print
    :meth:`table` for the numbers per bar. Musically: a listener's tension, moment by moment,
    as a hypothesis you can weigh.

    Examples
    --------
    >>> from scoring import Motif
    >>> curve = tension_curve(Motif.parse("4/4 c4 e g c' c'' g' e' c'", dynamics="p"))
    >>> len(curve.bar_means()), sorted(curve.features) == sorted(FEATURES)
    (2, True)

    Lesson: lessons/02_tension.ipynb
    """

    name: str
    beats: np.ndarray
    seconds: np.ndarray
    features: dict
    weights: dict
    bar: float = 4.0
    bar_starts: tuple = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ScoringError(f"a tension curve's name should be text, not {type(self.name).__name__}")
        if not isinstance(self.features, dict) or not isinstance(self.weights, dict):
            raise ScoringError("a TensionCurve needs features and weights as dicts; build one with tension_curve(music)")
        try:
            object.__setattr__(self, "beats", np.asarray(self.beats, dtype=float))
            object.__setattr__(self, "seconds", np.asarray(self.seconds, dtype=float))
        except (TypeError, ValueError):
            raise ScoringError("a TensionCurve's beats and seconds must be numbers; build one with tension_curve(music)") from None
        if self.beats.ndim != 1 or self.seconds.shape != self.beats.shape:
            raise ScoringError("a TensionCurve's beats and seconds must be two lists of the same length; "
                               "build one with tension_curve(music)")
        if isinstance(self.bar, bool) or not isinstance(self.bar, (int, float, np.number)) or not 0 < self.bar <= 64:
            raise ScoringError(f"bar {self.bar!r} must be a bar's length in beats, e.g. 4")
        if not len(self.bar_starts):
            end = float(self.beats[-1]) + self.bar if len(self.beats) else self.bar
            object.__setattr__(self, "bar_starts", tuple(float(b) for b in np.arange(0.0, end, self.bar)))

    @property
    def total(self) -> np.ndarray:
        """T(t) = Σ wᵢ·zᵢ(t) / Σ wᵢ, between 0 (calm) and 1 (as tense as the model can measure)."""
        wsum = sum(self.weights.values())
        return sum(self.weights[f] * self.features[f] for f in FEATURES) / wsum

    def contributions(self) -> dict[str, np.ndarray]:
        """Each feature's share of the total, wᵢ·zᵢ / Σ w (they add up to :attr:`total`)."""
        wsum = sum(self.weights.values())
        return {f: self.weights[f] * self.features[f] / wsum for f in FEATURES}

    def bar_index(self) -> np.ndarray:
        """The bar (0 = the first) each frame lies in."""
        return np.searchsorted(np.asarray(self.bar_starts, dtype=float), self.beats + 1e-9, side="right") - 1

    def bar_means(self) -> list[float]:
        """The mean tension in each bar (bar 1 first)."""
        total, index = self.total, self.bar_index()
        return [float(total[index == b].mean()) for b in range(int(index.max()) + 1)]

    def peak(self) -> tuple[float, float]:
        """(beat, tension) of the curve's highest point."""
        i = int(np.argmax(self.total))
        return float(self.beats[i]), float(self.total[i])

    def table(self) -> str:
        """One line per bar: when it starts (seconds), each feature's mean, and the tension."""
        total, index = self.total, self.bar_index()
        lines = [f"{'bar':>3} {'starts':>7} " + " ".join(f"{f[:9]:>9}" for f in FEATURES) + f" {'tension':>8}"]
        for b in range(int(index.max()) + 1):
            sel = index == b
            row = " ".join(f"{self.features[f][sel].mean():9.2f}" for f in FEATURES)
            lines.append(f"{b + 1:3d} {self.seconds[sel][0]:6.1f}s {row} {total[sel].mean():8.2f}")
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: where the tension starts, peaks and ends."""
        beat, value = self.peak()
        total = self.total
        bar = int(self.bar_index()[int(np.argmax(total))]) + 1
        return (f"{self.name}: tension starts {total[0]:.2f}, peaks {value:.2f} in bar {bar} "
                f"(beat {beat:g}), ends {total[-1]:.2f}")

    def __repr__(self) -> str:
        return self.summary()


def _sounding(spans: list[tuple[float, float, int, int]], times: np.ndarray):
    """For each time, the (pitch, velocity) pairs sounding then, sorted (spans sorted by start)."""
    active: list[tuple[float, float, int, int]] = []
    i = 0
    for m in times:
        while i < len(spans) and spans[i][0] <= m:
            active.append(spans[i])
            i += 1
        active = [s for s in active if s[1] > m]
        yield tuple(sorted((p, v) for _, _, p, v in active))


def tension_curve(music: Motif | Cue, *, weights: Mapping[str, float] | None = None, step: float = 0.25,
                  memory: float = 0.5) -> TensionCurve:
    """The tension of a motif or cue over time: a weighted sum of five features, each 0..1.

    Every ``step`` beats the notes sounding at that moment give:

    - **roughness**: :func:`roughness` of all sounding notes at their velocities, mapped
      r / (r + 10) (a diminished seventh at middle C, at full strength, is 0.5);
    - **register**: the highest sounding note, C2 = 0 to C7 = 1;
    - **density**: onsets per second over the last second, mapped n / (n + 6);
    - **dynamics**: the loudest sounding velocity / 127;
    - **tempo**: the local tempo read from the music's tempo map, 40 BPM = 0 to 200 BPM = 1
      (:data:`TEMPO_FEATURE_RANGE`).

    Seconds come from the music's clock (``music.tempo_map``): in an accelerando each frame is
    shorter in seconds than the one before, so density and smoothing follow what is heard.
    Each feature follows its value quickly upwards (in ``memory``/5 seconds) and slowly
    downwards (``memory`` seconds): tension arrives at once and lingers. Then
    T(t) = Σ wᵢ·zᵢ(t) / Σ wᵢ. Silence measures as calm: the model hears the sound, not the
    expectation a drop-out creates.

    Parameters
    ----------
    music : a Motif or a Cue (with any tempo map).
    weights : a dict of feature → weight (0 switches a feature off); missing features keep
        :data:`DEFAULT_WEIGHTS`.
    step : frame length in beats (at most :data:`MAX_FRAMES` frames).
    memory : how long tension lingers, in seconds (0 = no smoothing).

    Examples
    --------
    >>> from scoring import Motif
    >>> calm = Motif.parse("4/4 c2 e2", tempo=60, dynamics="pp")
    >>> tense = Motif.parse("4/4 c'8 d' e' f' g' a' b' c''", tempo=160, dynamics="ff")
    >>> bool(tension_curve(calm).total.mean() < tension_curve(tense).total.mean())
    True

    Lesson: lessons/02_tension.ipynb
    """
    cue = as_cue(music)
    w = _check_weights(weights)
    step = check_number(step, "step", 1 / 16, 4,
                        "give the frame length in beats, 1/16 to 4 (0.25 = a sixteenth note)")
    memory = check_number(memory, "memory", 0, 10, "give the smoothing time in seconds, 0-10 (0.5 is usual)")
    clock = cue.tempo_map
    total_beats = float(cue.quarter_length)
    n = max(1, int(math.ceil(total_beats / step - 1e-9)))
    if n > MAX_FRAMES:
        raise ScoringError(f"{n} frames of {step:g} beats is more than {MAX_FRAMES}; give a larger step, "
                           f"e.g. step={math.ceil(total_beats / MAX_FRAMES * 16) / 16:g}")
    beats = np.arange(n) * step
    mids = beats + step / 2
    secs, now = clock.seconds_at(beats), clock.seconds_at(mids)
    spans = note_spans(cue)
    onsets = np.sort(clock.seconds_at(np.array([s for s, *_ in spans], dtype=float)))
    raw = {f: np.zeros(n) for f in FEATURES}
    count = np.searchsorted(onsets, now, side="right") - np.searchsorted(onsets, now - 1.0, side="right")
    raw["density"] = count / (count + DENSITY_HALF)
    t_lo, t_hi = TEMPO_FEATURE_RANGE
    raw["tempo"] = np.clip((clock.bpm_at(mids) - t_lo) / (t_hi - t_lo), 0.0, 1.0)
    lo, hi = REGISTER_RANGE
    for i, key in enumerate(_sounding(spans, mids)):
        if not key:
            continue
        rough = _roughness(tuple(float(p) for p, _ in key), 6, 0.88, tuple((v / 127) ** 2 for _, v in key))
        raw["roughness"][i] = rough / (rough + ROUGHNESS_HALF)
        raw["register"][i] = min(1.0, max(0.0, (key[-1][0] - lo) / (hi - lo)))
        raw["dynamics"][i] = max(v for _, v in key) / 127
    features = {f: _smooth(raw[f], secs, memory) for f in FEATURES}
    starts = tuple(float(b) for b in clock.barlines(cue.quarter_length))
    return TensionCurve(cue.name, beats, secs, features, w, float(bar_length(cue.time_signature)), starts)


def _smooth(values: np.ndarray, seconds: np.ndarray, memory: float) -> np.ndarray:
    """Follow a feature as a listener might: rise quickly (time constant ``memory``/5 seconds) and
    fade slowly (``memory`` seconds). Frames may be unevenly spaced (a tempo map)."""
    if memory <= 0 or len(values) < 2:
        return values.copy()
    out = np.empty_like(values)
    out[0] = values[0]
    for i in range(1, len(values)):
        tau = memory / 5 if values[i] > out[i - 1] else memory
        alpha = 1.0 - math.exp(-(seconds[i] - seconds[i - 1]) / tau)
        out[i] = out[i - 1] + alpha * (values[i] - out[i - 1])
    return out
