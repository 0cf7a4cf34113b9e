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
  normalised to 0..1 and smoothed: roughness, register, note density, dynamics and tempo.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.errors import ScoringError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scoring.core.cue import Cue
    from scoring.render.html import HTML
    from scoring.core.motif import Motif

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
TEMPO_RANGE = (40.0, 200.0)      # BPM, slow to fast

FEATURE_COLOURS = {"roughness": "#c23a3a", "register": "#1f5fa8", "density": "#2a8a3e", "dynamics": "#d0601b",
                   "tempo": "#6b4fb3"}


# ---------------------------------------------------------------- roughness
def _midi_list(pitches, what: str = "pitches") -> list[float]:
    if isinstance(pitches, (str, int, float)):
        pitches = [pitches]
    try:
        items = list(pitches)
    except TypeError:
        raise ScoringError(f"{what} should be a list of notes like ['C4', 'E4', 'G4'] or MIDI numbers") from None
    out = []
    for p in items:
        if isinstance(p, bool):
            raise ScoringError(f"{p!r} is not a note; give names like 'C4' or MIDI numbers like 60")
        if isinstance(p, str):
            out.append(float(_pitch.midi_number(p)))
        elif isinstance(p, (int, float, np.integer, np.floating)) and 0 <= p <= 127:
            out.append(float(p))
        else:
            raise ScoringError(f"{p!r} is not a note; give names like 'C4' or MIDI numbers 0-127 (60 = middle C)")
    if len(out) > 64:
        raise ScoringError(f"{len(out)} notes at once is more than roughness() takes (64); thin the chord out")
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
    for v, name in ((f1, "f1"), (f2, "f2")):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not 0 < v < 100_000:
            raise ScoringError(f"{name}={v!r} is not a frequency; give Hz between 0 and 100000, e.g. 440")
    return float(_pairs(np.array([f1, f2], float), np.array([a1, a2], float)))


def _pairs(freqs: np.ndarray, amps: np.ndarray) -> float:
    """Sum of Sethares' pair roughness over all pairs of partials."""
    c = SETHARES
    i, j = np.triu_indices(len(freqs), k=1)
    f_lo = np.minimum(freqs[i], freqs[j])
    df = np.abs(freqs[i] - freqs[j])
    s = c["d_star"] / (c["s1"] * f_lo + c["s2"])
    d = np.minimum(amps[i], amps[j]) * (c["c1"] * np.exp(c["a1"] * s * df) + c["c2"] * np.exp(c["a2"] * s * df))
    return float(d.sum())


def roughness(pitches: Sequence[str | float] | str | float, *, velocities: Sequence[int] | None = None,
              harmonics: int = 6, rolloff: float = 0.88) -> float:
    """The roughness (sensory dissonance) of notes sounding together.

    Each note is a harmonic tone of ``harmonics`` partials with amplitudes 1, ``rolloff``,
    ``rolloff``², ...; the roughness of every pair of partials (:func:`pair_roughness`) is summed.
    Musically: a minor second is rougher than a fifth, a cluster rougher than a triad, and the same
    triad rougher low than high, because low partials crowd into one critical band.

    Parameters
    ----------
    pitches : note names (``"C4"``) or MIDI numbers (fractions allowed for in-between tunings).
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
    if isinstance(harmonics, bool) or not isinstance(harmonics, int) or not 1 <= harmonics <= 32:
        raise ScoringError(f"harmonics={harmonics!r}: give a whole number of partials per note, 1-32 (6 is usual)")
    if isinstance(rolloff, bool) or not isinstance(rolloff, (int, float)) or not 0 < rolloff <= 1:
        raise ScoringError(f"rolloff={rolloff!r}: give the amplitude ratio of successive partials, 0-1 (0.88 is usual)")
    notes = _midi_list(pitches)
    if velocities is None:
        levels = (1.0,) * len(notes)
    else:
        vels = list(velocities) if not isinstance(velocities, (int, str)) else [velocities]
        if len(vels) != len(notes):
            raise ScoringError(f"{len(notes)} notes but {len(vels)} velocities; give one velocity per note")
        levels = tuple(_level(v) for v in vels)
    return _roughness(tuple(notes), harmonics, float(rolloff), levels)


def _level(v) -> float:
    from scoring.core.notes import velocity_for

    return (velocity_for(v) / 127) ** 2


def _roughness(notes: tuple[float, ...], harmonics: int = 6, rolloff: float = 0.88,
               levels: tuple[float, ...] | None = None) -> float:
    if not notes:
        return 0.0
    k = np.arange(1, harmonics + 1)
    freqs = (_hz(np.array(notes))[:, None] * k[None, :]).ravel()
    scale = np.ones(len(notes)) if levels is None else np.asarray(levels, dtype=float)
    amps = (scale[:, None] * (rolloff ** (k - 1.0))[None, :]).ravel()
    return _pairs(freqs, amps)


#: The intervals of :func:`dissonance_curve`'s labels, in semitones.
INTERVAL_NAMES = {1: "m2", 2: "M2", 3: "m3", 4: "M3", 5: "P4", 6: "TT", 7: "P5", 8: "m6", 9: "M6", 10: "m7",
                  11: "M7", 12: "P8"}


def dissonance_curve(*, root: str | int = "C4", harmonics: int = 6, ax: Axes | None = None) -> Axes:
    """Plot the roughness of two notes as the upper one glides from unison to a little past the octave.

    Sethares' dissonance curve: with harmonic tones, the valleys fall on the simple ratios
    (octave, fifth, fourth, major sixth, thirds), which is why those intervals sound at rest.
    Returns the Axes.

    Examples
    --------
    >>> ax = dissonance_curve(root="C4")
    >>> ax.get_title(), float(ax.get_xlim()[1])
    ('dissonance curve (6 harmonics per note)', 12.5)

    Lesson: lessons/02_tension.ipynb
    """
    from scoring.core.plots import _axes

    base = _midi_list([root], "root")[0]
    if base > 115:
        raise ScoringError(f"root {root!r} is too high to glide an octave above it; use C6 or lower")
    ax = _axes(ax, figsize=(9.0, 3.2))
    cents = np.linspace(0, 12.5, 501)
    values = [_roughness((base, base + c), harmonics) for c in cents]
    ax.plot(cents, values, color="#1f5fa8", lw=1.8)
    named = list(INTERVAL_NAMES)
    ax.plot(named, [_roughness((base, base + k), harmonics) for k in named], "o", color="#c23a3a", ms=4)
    top = ax.secondary_xaxis("top")
    top.set_xticks(named, list(INTERVAL_NAMES.values()), fontsize=8)
    ax.set_xlim(0, 12.5)
    ax.set_ylim(0, max(values) * 1.15)
    ax.set_xticks(range(13))
    ax.set_xlabel(f"interval above {_pitch.note_name(int(round(base)))} (semitones)")
    ax.set_ylabel("roughness")
    ax.set_title(f"dissonance curve ({harmonics} harmonics per note)")
    ax.grid(True, alpha=0.3)
    return ax


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
    from scoring.harmony import chord_pitch_classes

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
    if isinstance(chords, str) or len(chords) < 1:
        raise ScoringError("give a list of chords, like ['I', 'IV', 'V', 'I']")
    return [0] + [chord_distance(a, b, key=key) for a, b in zip(chords, chords[1:])]


# ---------------------------------------------------------------- the tension curve
def _as_cue(music):
    from scoring.core.cue import as_cue

    return as_cue(music)


def _clock(cue):
    """(seconds_at(beat), bpm_at(beat)) for a cue, with or without a tempo map."""
    if hasattr(cue, "seconds_at") and hasattr(cue, "bpm_at"):
        return cue.seconds_at, cue.bpm_at
    spb = 60.0 / cue.tempo
    return (lambda b: float(b) * spb), (lambda b: cue.tempo)


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
    cue = _as_cue(music)
    out = []
    for layer in cue.layers:
        t = Fraction(0)
        for c in layer.chords:
            for p in c.pitches:
                out.append((float(t), float(t + c.duration), p, c.velocity))
            t += c.duration
    return sorted(out)


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
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise ScoringError(f"the weight of {name} is {value!r}; give a number 0-100 (0 switches it off)")
        w[name] = float(value)
    if sum(w.values()) <= 0:
        raise ScoringError("all weights are 0, so nothing is measured; give at least one feature a weight above 0")
    return w


@dataclass(frozen=True, eq=False)
class TensionCurve:
    """A tension curve: five features (each 0..1) and their weighted mean, frame by frame.

    ``beats`` and ``seconds`` give each frame's time; ``features[name]`` the smoothed feature;
    ``weights`` the weights; :attr:`total` the tension. Print :meth:`table` for the numbers per bar.
    Musically: a listener's tension, moment by moment, as a hypothesis you can weigh.

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

    @property
    def total(self) -> np.ndarray:
        """T(t) = Σ wᵢ·zᵢ(t) / Σ wᵢ, between 0 (calm) and 1 (as tense as the model can measure)."""
        wsum = sum(self.weights.values())
        return sum(self.weights[f] * self.features[f] for f in FEATURES) / wsum

    def contributions(self) -> dict[str, np.ndarray]:
        """Each feature's share of the total, wᵢ·zᵢ / Σ w (they add up to :attr:`total`)."""
        wsum = sum(self.weights.values())
        return {f: self.weights[f] * self.features[f] / wsum for f in FEATURES}

    def bar_means(self) -> list[float]:
        """The mean tension in each bar (bar 1 first)."""
        total = self.total
        index = np.floor(self.beats / self.bar + 1e-9).astype(int)
        return [float(total[index == b].mean()) for b in range(int(index.max()) + 1)]

    def peak(self) -> tuple[float, float]:
        """(beat, tension) of the curve's highest point."""
        i = int(np.argmax(self.total))
        return float(self.beats[i]), float(self.total[i])

    def table(self) -> str:
        """One line per bar: when it starts (seconds), each feature's mean, and the tension."""
        total = self.total
        index = np.floor(self.beats / self.bar + 1e-9).astype(int)
        head = f"{'bar':>3} {'starts':>7} " + " ".join(f"{f[:9]:>9}" for f in FEATURES) + f" {'tension':>8}"
        lines = [head]
        for b in range(int(index.max()) + 1):
            sel = index == b
            row = " ".join(f"{self.features[f][sel].mean():9.2f}" for f in FEATURES)
            lines.append(f"{b + 1:3d} {self.seconds[sel][0]:6.1f}s {row} {total[sel].mean():8.2f}")
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: where the tension starts, peaks and ends."""
        beat, value = self.peak()
        total = self.total
        return (f"{self.name}: tension starts {total[0]:.2f}, peaks {value:.2f} in bar {int(beat // self.bar) + 1} "
                f"(beat {beat:g}), ends {total[-1]:.2f}")

    def __repr__(self) -> str:
        return self.summary()


def tension_curve(music: Motif | Cue, *, weights: Mapping[str, float] | None = None, step: float = 0.25,
                  memory: float = 0.5) -> TensionCurve:
    """The tension of a motif or cue over time: a weighted sum of five features, each 0..1.

    Every ``step`` beats the notes sounding at that moment give:

    - **roughness**: :func:`roughness` of all sounding notes at their velocities, mapped
      r / (r + 10) (a diminished seventh at middle C, at full strength, is 0.5);
    - **register**: the highest sounding note, C2 = 0 to C7 = 1;
    - **density**: onsets per second over the last second, mapped n / (n + 6);
    - **dynamics**: the loudest sounding velocity / 127;
    - **tempo**: the beat's BPM, 40 = 0 to 200 = 1 (it follows a tempo map).

    Each feature follows its value quickly upwards (in ``memory``/5 seconds) and slowly
    downwards (``memory`` seconds): tension arrives at once and lingers. Then
    T(t) = Σ wᵢ·zᵢ(t) / Σ wᵢ. Silence measures as calm: the model hears the sound, not the
    expectation a drop-out creates.

    Parameters
    ----------
    music : a Motif or a Cue (a :class:`~scoring.devices.TempoMapCue` too).
    weights : a dict of feature → weight (0 switches a feature off); missing features keep
        :data:`DEFAULT_WEIGHTS`.
    step : frame length in beats.
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
    from scoring.harmony import bar_length

    cue = _as_cue(music)
    w = _check_weights(weights)
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 1 / 16 <= step <= 4:
        raise ScoringError(f"step={step!r}: give the frame length in beats, 1/16 to 4 (0.25 = a sixteenth note)")
    if isinstance(memory, bool) or not isinstance(memory, (int, float)) or not 0 <= memory <= 10:
        raise ScoringError(f"memory={memory!r}: give the smoothing time in seconds, 0-10 (0.5 is usual)")
    seconds_at, bpm_at = _clock(cue)
    spans = note_spans(cue)
    total_beats = float(cue.quarter_length)
    n = max(1, int(math.ceil(total_beats / step - 1e-9)))
    beats = np.arange(n) * float(step)
    mids = beats + float(step) / 2
    secs = np.array([seconds_at(b) for b in beats])
    onset_secs = np.array(sorted(seconds_at(s) for s, *_ in spans)) if spans else np.zeros(0)
    cache: dict[tuple, float] = {}
    raw = {f: np.zeros(n) for f in FEATURES}
    lo, hi = REGISTER_RANGE
    t_lo, t_hi = TEMPO_RANGE
    for i, b in enumerate(mids):
        sounding = [(p, v) for s, e, p, v in spans if s <= b < e]
        if sounding:
            key = tuple(sorted(sounding))
            if key not in cache:
                cache[key] = _roughness(tuple(float(p) for p, _ in key), 6, 0.88, tuple((v / 127) ** 2 for _, v in key))
            r = cache[key]
            raw["roughness"][i] = r / (r + ROUGHNESS_HALF)
            raw["register"][i] = min(1.0, max(0.0, (max(p for p, _ in key) - lo) / (hi - lo)))
            raw["dynamics"][i] = max(v for _, v in sounding) / 127
        now = seconds_at(b)
        count = np.count_nonzero((onset_secs > now - 1.0) & (onset_secs <= now))
        raw["density"][i] = count / (count + DENSITY_HALF)
        raw["tempo"][i] = min(1.0, max(0.0, (bpm_at(b) - t_lo) / (t_hi - t_lo)))
    features = {f: _smooth(raw[f], secs, memory) for f in FEATURES}
    return TensionCurve(cue.name, beats, secs, features, w, float(bar_length(cue.time_signature)))


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


# ---------------------------------------------------------------- plots
def tension_plot(curve: TensionCurve, *, ax: Axes | None = None, stacked: bool = True,
                 label: str | None = None) -> Axes:
    """Plot a tension curve against beats: the features' shares stacked (their top edge is the
    tension) or, with ``stacked=False``, the tension alone as a line (to compare curves). Returns the Axes.

    Examples
    --------
    >>> from scoring import Motif
    >>> ax = tension_plot(tension_curve(Motif.parse("4/4 c4 e g c'")))
    >>> [float(y) for y in ax.get_ylim()]
    [0.0, 1.0]

    Lesson: lessons/02_tension.ipynb
    """
    from scoring.core.plots import _axes

    if not isinstance(curve, TensionCurve):
        raise ScoringError(f"tension_plot() takes a TensionCurve (from tension_curve(music)), "
                           f"not {type(curve).__name__}")
    ax = _axes(ax, figsize=(9.0, 2.6))
    x = curve.beats + (curve.beats[1] - curve.beats[0] if len(curve.beats) > 1 else 0) / 2
    if stacked:
        shares = curve.contributions()
        names = [f for f in FEATURES if curve.weights[f] > 0]
        ax.stackplot(x, [shares[f] for f in names], colors=[FEATURE_COLOURS[f] for f in names], alpha=0.45,
                     labels=[f"{f} ×{curve.weights[f]:g}" for f in names])
        ax.plot(x, curve.total, color="black", lw=1.8, label=label or "tension")
    else:
        ax.plot(x, curve.total, lw=2, label=label or curve.name)
    end = float(curve.beats[-1] + (curve.beats[1] - curve.beats[0] if len(curve.beats) > 1 else 1))
    starts = np.arange(0, end - 1e-9, curve.bar)
    every = 1 if len(starts) <= 16 else 2
    ax.set_xticks(starts[::every], [str(k + 1) for k in range(0, len(starts), every)])
    ax.grid(True, axis="x", alpha=0.4)
    ax.set_xlim(0, end)
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel(f"bar ({curve.bar:g} beats each)")
    ax.set_ylabel("tension")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def _draw(fig, music, curve: TensionCurve):
    from scoring.core.plots import cue_roll

    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    cue_roll(_as_cue(music), ax=top)
    top.set_xlabel("")
    tension_plot(curve, ax=bottom)
    top.set_xlim(bottom.get_xlim())
    return top, bottom


def tension_view(music: Motif | Cue, *, weights: Mapping[str, float] | None = None,
                 figsize: Sequence[float] = (9.0, 4.8)) -> tuple[Axes, Axes]:
    """The piano roll of a cue above its tension curve, on one time axis (a pyplot figure).

    Returns the two Axes (roll, curve); end the cell with ``plt.show()``.

    Examples
    --------
    >>> from scoring import Motif
    >>> roll, curve = tension_view(Motif.parse("4/4 c4 e g c'"))
    >>> roll.get_xlim() == curve.get_xlim()
    True

    Lesson: lessons/02_tension.ipynb
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=tuple(figsize), layout="constrained")
    return _draw(fig, music, tension_curve(music, weights=weights))


def tension_html(music: Motif | Cue, *, weights: Mapping[str, float] | None = None, table: bool = False) -> HTML:
    """A cue to read, hear and measure: name, notation, player, piano roll over its tension curve,
    and the summary lines (with ``table=True`` the numbers per bar too).

    Examples
    --------
    >>> from scoring import Motif
    >>> view = tension_html(Motif.parse("4/4 c4 e g c'", name="Hero"))
    >>> print(view)
    Hero: melody (Acoustic Grand Piano) | C major | 4/4 | 100 BPM | 2.4 s
    Hero: tension starts 0.34, peaks 0.41 in bar 1 (beat 3.5), ends 0.41

    Lesson: lessons/02_tension.ipynb
    """
    from matplotlib.figure import Figure

    from scoring.render.html import escape as _escape, audio_tag
    from scoring.render.html import HTML
    from scoring.render.html import img_tag
    from scoring.core.view import svg

    cue = _as_cue(music)
    curve = tension_curve(cue, weights=weights)
    fig = Figure(figsize=(9.0, 4.6), layout="constrained")
    _draw(fig, cue, curve)
    samples, sr = cue.to_audio()
    how = f'<div style="font-size:0.9em;color:#555">{_escape(cue.notes)}</div>' if cue.notes else ""
    numbers = f'<pre style="font-size:0.8em">{_escape(curve.table())}</pre>' if table else ""
    html = (f'<div style="margin:4px 0 10px 0">'
            f'<div style="font-weight:bold;font-size:1.1em">{_escape(cue.name)}</div>{how}'
            f'{img_tag(svg(cue), alt=f"score of {cue.name}")}<br>'
            f'{audio_tag(samples, sr, label=cue.name)}'
            f'<div style="font-family:monospace;font-size:0.9em">{_escape(cue.summary())}<br>'
            f'{_escape(curve.summary())}</div>{_png_tag(fig)}{numbers}</div>')
    text = f"{cue.summary()}\n{curve.summary()}" + (f"\n{curve.table()}" if table else "")
    return HTML(html, text)


def _png_tag(fig, *, dpi: int = 72, colours: int = 128) -> str:
    """A figure as an ``<img>`` holding an 8-bit palette PNG: a third of the bytes of a full-colour one."""
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    small = image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="piano roll and tension curve" style="max-width:100%">'
