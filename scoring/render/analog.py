"""The analog voice: a small subtractive synthesiser that plays note events on a :class:`Patch`.

Subtractive synthesis, as on a Minimoog or a Prophet-5: oscillators (saw, pulse, triangle, sine,
noise) make a bright tone, a resonant low-pass filter takes brightness away, an amplifier shapes the
loudness, and envelopes (ADSR) and an LFO move the pitch, the cutoff and the level over time. Unison
voices, slightly detuned and spread across the stereo field, thicken it; a ping-pong delay and the
course's room (:func:`scoring.render.dsp.room`) place it in a space.

How it is built, and why:

- **Band-limited oscillators by PolyBLEP** (Välimäki & Huovilainen, "Antialiasing oscillators in
  subtractive synthesis", IEEE Signal Processing Magazine 24(2), 2007). A naive saw or pulse jumps
  in one sample and aliases: its harmonics above Nyquist fold back as inharmonic whistles. PolyBLEP
  smooths each jump with a two-sample polynomial, vectorised over all samples at once in NumPy; it
  costs a few array operations, needs no tables, and follows any pitch modulation (vibrato) exactly,
  which a wavetable would have to interpolate. The triangle is the integral of the band-limited
  square (its harmonics fall at 12 dB per octave); the sine needs no help.
- **Filters from scipy.signal**, not hand-written loops: a per-sample recursion in Python is a
  thousand times too slow, and SciPy's :func:`scipy.signal.lfilter` runs the recursion in C. A
  moving cutoff is a resonant low-pass biquad (the RBJ cookbook, 12 dB per octave, the state-variable
  filter's response) whose coefficients change every :data:`BLOCK` samples (1.5 ms); ``zi`` carries
  the filter's state across the blocks, so the sound is continuous. Notes of the same length and
  loudness share one cutoff trajectory and are filtered together, one row each. A cutoff that does
  not move is one :func:`scipy.signal.sosfilt` call; the high-pass is a Butterworth ``sosfilt``.
- **Deterministic**: noise and the unison voices' start phases come from a generator seeded by the
  patch's ``seed``; the same notes on the same patch give the same samples, every time.

This engine knows no motif: it takes ``(start, end, pitch, velocity)`` notes in seconds (or
:class:`~scoring.render.synth.NoteEvent` values) and returns samples.

Lesson: lessons/09_electronic.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from typing import Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import items, number, show, text, whole
from scoring.render.dsp import MAX_SECONDS, SAMPLE_RATE, check_rate, limit, room

__all__ = ["WAVES", "LFO_SHAPES", "ARP_PATTERNS", "Envelope", "Patch", "PRESETS", "preset", "render_patch",
           "render_notes", "oscillator", "lowpass_response", "arpeggiate", "step_sequence", "drone", "BLOCK"]

#: The oscillator shapes.
WAVES = ("saw", "pulse", "triangle", "sine", "noise")
#: The LFO's shapes.
LFO_SHAPES = ("sine", "triangle")
#: The arpeggiator's orders.
ARP_PATTERNS = ("up", "down", "updown", "played", "random")
#: Samples between two updates of a moving cutoff (1.5 ms at 44.1 kHz).
BLOCK = 64
_MAX_TAIL = 6.0          # seconds a release, delay and reverb may ring after the last note


@dataclass(frozen=True)
class Envelope:
    """An ADSR envelope: ``attack`` seconds to full level, ``decay`` seconds down to the ``sustain``
    level (0-1) held while the key is down, ``release`` seconds to silence after it is let go.

    A slow attack makes a sound swell in (a pad); a fast attack and no sustain make it struck (a pluck).

    Examples
    --------
    >>> Envelope(0.5, 1.0, 0.8, 2.0).levels(np.array([0.0, 0.25, 0.5]), held=4.0).round(2).tolist()
    [0.0, 0.5, 1.0]

    Lesson: lessons/09_electronic.ipynb
    """

    attack: float = 0.01
    decay: float = 0.3
    sustain: float = 0.8
    release: float = 0.3

    def __post_init__(self) -> None:
        for name, hi in (("attack", 20.0), ("decay", 20.0), ("release", 20.0)):
            object.__setattr__(self, name, number(getattr(self, name), f"envelope {name}",
                                                  f"give seconds 0-{hi:g}, like 0.3", lo=0, hi=hi))
        object.__setattr__(self, "sustain", number(self.sustain, "envelope sustain",
                                                   "give a level 0-1, like 0.8", lo=0, hi=1))

    def levels(self, t: np.ndarray, *, held: float) -> np.ndarray:
        """The envelope's level (0-1) at times ``t`` (seconds from the key going down), the key
        held for ``held`` seconds. Decay and release are exponential, reaching 1 % in their time."""
        try:
            t = np.asarray(t, dtype=np.float64)
        except (TypeError, ValueError):
            raise ScoringError(f"t={show(t)} is not times in seconds; give an array, like np.linspace(0, 3, 100)") from None
        held = number(held, "held", "give the seconds the key is held, like 2.0", lo=0)
        a = max(self.attack, 1e-4)
        rising = np.minimum(t / a, 1.0)
        after = np.maximum(t - a, 0.0)
        level = np.where(t < a, rising, self.sustain + (1 - self.sustain) * np.exp(-4.6 * after / max(self.decay, 1e-4)))
        at_release = float(self._at(held))
        gone = np.maximum(t - held, 0.0)
        return np.where(t <= held, level, at_release * np.exp(-4.6 * gone / max(self.release, 1e-4)))

    def _at(self, t: float) -> float:
        a = max(self.attack, 1e-4)
        if t < a:
            return t / a
        return self.sustain + (1 - self.sustain) * math.exp(-4.6 * (t - a) / max(self.decay, 1e-4))


def _choice(value: object, options: tuple, what: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in options:
        raise ScoringError(f"{what}={show(value)} is not one of {', '.join(options)}")
    return value.strip().lower()


@dataclass(frozen=True)
class Patch:
    """A synth sound as data: oscillators, filter, envelopes, LFO, unison and effects.

    A patch is a value (frozen): ``patch.replace(cutoff=800)`` is a new one. Any motif or cue layer
    plays on it when given as its instrument; ``program`` is the General MIDI program that stands in
    for it in MIDI and MusicXML files.

    Parameters (all keyword; numbers are checked):

    - ``wave`` (one of :data:`WAVES`), ``pulse_width`` (0.05-0.95), ``wave2`` (a second oscillator or
      ``None``), ``mix2`` (its level 0-1), ``interval2`` (its pitch in semitones, -24..24),
      ``noise`` (noise mixed in, 0-1);
    - ``voices`` (unison, 1-8), ``detune`` (cents between the outer voices and the centre, 0-50),
      ``spread`` (stereo width 0-1);
    - ``amp`` (the loudness :class:`Envelope`), ``cutoff`` (Hz, 30-18000), ``resonance`` (0-1),
      ``filter_env`` (the cutoff's Envelope) and ``env_amount`` (octaves it opens the cutoff, -6..8),
      ``highpass`` (Hz, 10-2000);
    - ``lfo_rate`` (Hz, 0.01-20), ``lfo_shape``, ``vibrato`` (cents), ``lfo_cutoff`` (octaves),
      ``tremolo`` (0-1), ``pwm`` (pulse-width swing, 0-0.45);
    - ``delay`` (seconds, 0 = off), ``feedback`` (0-0.9), ``delay_mix`` (0-1), ``reverb`` (the
      room's loudness 0-1) and ``reverb_seconds``; ``level`` (0-1); ``seed`` for the noise.

    Examples
    --------
    >>> pad = Patch("my pad", wave="saw", voices=3, detune=12, cutoff=1200, amp=Envelope(0.8, 1, 0.8, 2))
    >>> str(pad), pad.replace(cutoff=600).cutoff
    ('my pad', 600.0)

    Lesson: lessons/09_electronic.ipynb
    """

    name: str = "init"
    wave: str = "saw"
    pulse_width: float = 0.5
    wave2: str | None = None
    mix2: float = 0.5
    interval2: float = 0.0
    noise: float = 0.0
    voices: int = 1
    detune: float = 0.0
    spread: float = 0.5
    amp: Envelope = field(default_factory=lambda: Envelope(0.01, 0.3, 0.8, 0.3))
    cutoff: float = 8000.0
    resonance: float = 0.1
    filter_env: Envelope = field(default_factory=lambda: Envelope(0.01, 0.5, 0.0, 0.5))
    env_amount: float = 0.0
    highpass: float = 20.0
    lfo_rate: float = 5.0
    lfo_shape: str = "sine"
    vibrato: float = 0.0
    lfo_cutoff: float = 0.0
    tremolo: float = 0.0
    pwm: float = 0.0
    delay: float = 0.0
    feedback: float = 0.35
    delay_mix: float = 0.0
    reverb: float = 0.22
    reverb_seconds: float = 1.3
    level: float = 0.5
    program: int = 81
    seed: int = 0

    def __post_init__(self) -> None:
        put = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        put("name", text(self.name, "patch name", "give a short name, like 'warm pad'", most=60))
        put("wave", _choice(self.wave, WAVES, "wave"))
        if self.wave2 is not None:
            put("wave2", _choice(self.wave2, WAVES, "wave2"))
        put("lfo_shape", _choice(self.lfo_shape, LFO_SHAPES, "lfo_shape"))
        ranges = {"pulse_width": (0.05, 0.95), "mix2": (0, 1), "interval2": (-24, 24), "noise": (0, 1),
                  "detune": (0, 50), "spread": (0, 1), "cutoff": (30, 18000), "resonance": (0, 1),
                  "env_amount": (-6, 8), "highpass": (10, 2000), "lfo_rate": (0.01, 20), "vibrato": (0, 100),
                  "lfo_cutoff": (0, 4), "tremolo": (0, 1), "pwm": (0, 0.45), "delay": (0, 2),
                  "feedback": (0, 0.9), "delay_mix": (0, 1), "reverb": (0, 1), "reverb_seconds": (0.1, 5),
                  "level": (0, 1)}
        for name, (lo, hi) in ranges.items():
            put(name, number(getattr(self, name), name, f"give {name} between {lo:g} and {hi:g}", lo=lo, hi=hi))
        put("voices", whole(self.voices, "voices", "give 1-8 unison voices", lo=1, hi=8))
        put("program", whole(self.program, "program", "give the General MIDI program (0-127) that stands in "
                             "for the patch in MIDI files, like 89 (warm pad)", lo=0, hi=127))
        put("seed", whole(self.seed, "seed", "give a whole number, like 0", lo=0, hi=2 ** 32 - 1))
        for name in ("amp", "filter_env"):
            if not isinstance(getattr(self, name), Envelope):
                raise ScoringError(f"{name} should be an Envelope(attack, decay, sustain, release), "
                                   f"not {type(getattr(self, name)).__name__}")

    def __str__(self) -> str:
        return self.name

    def replace(self, **changes) -> "Patch":
        """The same patch with some settings changed (a new value; this one is left alone)."""
        known = {f.name for f in fields(self)}
        wrong = sorted(set(changes) - known)
        if wrong:
            raise ScoringError(f"a patch has no setting {', '.join(wrong)}; its settings are {', '.join(sorted(known))}")
        return replace(self, **changes)

    @property
    def tail(self) -> float:
        """Seconds the patch may ring after its last note lets go (release, echoes, room)."""
        echo = self.delay * math.log(0.01) / math.log(self.feedback) if self.delay and self.delay_mix and \
            self.feedback > 0.01 else self.delay
        return min(_MAX_TAIL, max(self.amp.release, echo, self.reverb_seconds * (self.reverb > 0)))


#: Named patches, written for the course (settings, not recordings of anyone's sound).
PRESETS: dict[str, Patch] = {p.name: p for p in (
    Patch("warm pad", wave="saw", wave2="pulse", mix2=0.4, pulse_width=0.35, voices=3, detune=9, spread=0.8,
          amp=Envelope(1.2, 1.5, 0.85, 2.5), cutoff=900, resonance=0.15, filter_env=Envelope(1.5, 2, 0.5, 2),
          env_amount=1.0, lfo_rate=0.25, lfo_cutoff=0.3, vibrato=3, reverb=0.35, reverb_seconds=2.5,
          level=0.45, program=89),
    Patch("pulse arp", wave="pulse", pulse_width=0.3, pwm=0.15, lfo_rate=0.4, voices=2, detune=6,
          amp=Envelope(0.003, 0.18, 0.25, 0.15), cutoff=700, resonance=0.45,
          filter_env=Envelope(0.002, 0.16, 0.0, 0.1), env_amount=3.0, delay=0.375, feedback=0.35, delay_mix=0.25,
          reverb=0.2, level=0.45, program=81),
    Patch("cold drone", wave="saw", wave2="sine", mix2=0.6, interval2=-12, noise=0.06, voices=3, detune=4,
          amp=Envelope(3.0, 2.0, 0.9, 4.0), cutoff=320, resonance=0.55, lfo_rate=0.07, lfo_cutoff=1.2,
          highpass=35, reverb=0.45, reverb_seconds=4.0, level=0.5, program=95),
    Patch("lonely piano-ish bell", wave="sine", wave2="triangle", mix2=0.3, interval2=19,
          amp=Envelope(0.002, 1.8, 0.0, 1.2), cutoff=2500, filter_env=Envelope(0.001, 0.8, 0.0, 0.5),
          env_amount=1.5, reverb=0.4, reverb_seconds=2.8, level=0.55, program=0),
    Patch("synth bass", wave="saw", wave2="pulse", mix2=0.5, interval2=-12, amp=Envelope(0.004, 0.3, 0.6, 0.12),
          cutoff=220, resonance=0.35, filter_env=Envelope(0.002, 0.25, 0.1, 0.1), env_amount=2.5, reverb=0.08,
          level=0.55, program=38),
    Patch("glass lead", wave="triangle", wave2="sine", mix2=0.5, interval2=12, amp=Envelope(0.05, 0.4, 0.7, 0.6),
          cutoff=5000, vibrato=12, lfo_rate=5.5, delay=0.5, feedback=0.4, delay_mix=0.3, reverb=0.35,
          level=0.45, program=80),
    Patch("noise wash", wave="noise", amp=Envelope(2.0, 1.0, 0.8, 3.0), cutoff=1500, resonance=0.6,
          lfo_rate=0.1, lfo_cutoff=2.0, highpass=200, reverb=0.5, reverb_seconds=4.0, level=0.35, program=122),
    Patch("sine", wave="sine", amp=Envelope(0.01, 0.1, 1.0, 0.05), cutoff=18000, resonance=0.0, reverb=0.0,
          level=0.5, program=80),
)}


def preset(name: str) -> Patch:
    """One of the named patches in :data:`PRESETS`, by name.

    Examples
    --------
    >>> preset("warm pad").amp.attack
    1.2

    Lesson: lessons/09_electronic.ipynb
    """
    key = text(name, "preset", f"give one of: {', '.join(PRESETS)}", most=60).strip().lower()
    if key not in PRESETS:
        raise ScoringError(f"no preset called {show(name)}; the presets are {', '.join(PRESETS)}")
    return PRESETS[key]


# ---------------------------------------------------------------- oscillators
def _blep(y: np.ndarray, p: np.ndarray, dt: np.ndarray, sign: float) -> None:
    """Subtract ``sign`` times the PolyBLEP residual from ``y`` (in place), found by scanning the
    phase ``p`` (0-1) for the samples next to each jump (phase step ``dt``)."""
    dt = np.broadcast_to(dt, p.shape)
    lo = np.nonzero(p < dt)
    x = p[lo] / dt[lo]
    y[lo] -= sign * (x + x - x * x - 1.0)
    hi = np.nonzero(p > 1.0 - dt)
    x = (p[hi] - 1.0) / dt[hi]
    y[hi] -= sign * (x * x + x + x + 1.0)


def _blep_at(y: np.ndarray, start: np.ndarray, dt: np.ndarray, ramp: np.ndarray, offset: float, sign: float) -> None:
    """The same correction found without scanning: the phase of row r is ``start[r] + dt[r] * ramp``
    (ramp rises), so the jumps (where it passes k + ``offset``) are found by a binary search, and only
    the two samples beside each jump are touched."""
    n = len(ramp)
    start, dt = start.ravel(), dt.ravel()
    k_min = np.floor(start - offset) + 1
    count = np.maximum(0, np.floor(start + dt * ramp[-1] - offset) - k_min + 1).astype(np.int64)
    if not count.sum():
        return
    rows = np.repeat(np.arange(len(start)), count)
    k = k_min[rows] + np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    level = k + offset
    cols = np.minimum(np.searchsorted(ramp, (level - start[rows]) / dt[rows], side="left"), n - 1)
    cols = np.maximum(cols, 1)
    x = np.clip((start[rows] + dt[rows] * ramp[cols] - level) / dt[rows], 0.0, 1.0)
    flat = y.reshape(-1)
    np.subtract.at(flat, rows * n + cols, sign * (x + x - x * x - 1.0))
    x = np.clip((start[rows] + dt[rows] * ramp[cols - 1] - level) / dt[rows], -1.0, 0.0)
    np.subtract.at(flat, rows * n + cols - 1, sign * (x * x + x + x + 1.0))


def _wave(shape: str, start: np.ndarray, dt: np.ndarray, ramp: np.ndarray, width, rng: np.random.Generator) -> np.ndarray:
    """One oscillator's samples, (rows, n): row r's phase (in cycles) is ``start[r] + dt[r] * ramp``,
    ``dt`` its phase step per sample (frequency / sample rate) and ``ramp`` the running count of
    samples (bent by vibrato)."""
    if shape == "noise":
        return rng.standard_normal((len(start), len(ramp))) * 0.5
    p = dt * ramp[None, :]
    p += start
    p -= np.floor(p)
    if shape == "sine":
        return np.sin(2 * np.pi * p)
    if shape == "saw":
        y = 2.0 * p - 1.0
        _blep_at(y, start, dt, ramp, 0.0, 1.0)
        return y
    w = 0.5 if shape == "triangle" else width
    y = np.where(p < w, 1.0, -1.0)
    _blep_at(y, start, dt, ramp, 0.0, -1.0)
    if np.ndim(w) == 0:
        _blep_at(y, start, dt, ramp, float(w), 1.0)
    else:                                   # pulse-width modulation: the falling edge moves; scan for it
        q = p - w
        q -= np.floor(q)
        _blep(y, q, dt, 1.0)
    if shape == "pulse":
        return y
    # triangle: the band-limited square integrated (a slightly leaky integrator, so no DC creeps in)
    from scipy.signal import lfilter

    leak = 0.9995
    first = np.where(p[:, 0] < 0.5, -1 + 4 * p[:, 0], 3 - 4 * p[:, 0])
    y *= 4 * dt
    tri, _ = lfilter([1.0], [1.0, -leak], y, axis=1, zi=(leak * first)[:, None])
    return tri


def oscillator(shape: str, frequency: float, seconds: float, *, sample_rate: int = SAMPLE_RATE,
               pulse_width: float = 0.5, seed: int = 0) -> np.ndarray:
    """One band-limited oscillator at a steady ``frequency`` (Hz): mono float samples.

    A saw has every harmonic at 1/n (bright, buzzy); a square (pulse, width 0.5) only the odd ones
    (hollow); a triangle odd ones at 1/n² (soft); a sine none (pure); noise every frequency at once.

    Examples
    --------
    >>> y = oscillator("saw", 440, 0.1)
    >>> y.shape, round(float(abs(y).max()), 1)
    ((4410,), 1.0)

    Lesson: lessons/09_electronic.ipynb
    """
    shape = _choice(shape, WAVES, "shape")
    sr = check_rate(sample_rate)
    f = number(frequency, "frequency", "give Hz between 1 and half the sample rate", lo=1, hi=sr / 2)
    n = int(round(number(seconds, "seconds", "give 0.001-60 s", lo=0.001, hi=60) * sr))
    width = number(pulse_width, "pulse_width", "give 0.05-0.95", lo=0.05, hi=0.95)
    return _wave(shape, np.zeros((1, 1)), np.array([[f / sr]]), np.arange(n, dtype=np.float64), width,
                 np.random.default_rng(seed))[0]


# ---------------------------------------------------------------- filters
def _q(resonance: float) -> float:
    """Resonance 0-1 as the biquad's Q: 0.6 (no peak) to about 12 (a ringing peak)."""
    return 0.6 * 2 ** (resonance * 4.3)


def _lowpass_coefficients(fc: np.ndarray, q: float, sr: int) -> tuple[np.ndarray, np.ndarray]:
    """RBJ cookbook low-pass biquads for each cutoff in ``fc``: b (n, 3) and a (n, 3), a0 = 1."""
    w0 = 2 * np.pi * np.clip(fc, 20.0, 0.45 * sr) / sr
    cos, alpha = np.cos(w0), np.sin(w0) / (2 * q)
    a0 = 1 + alpha
    b = np.stack([(1 - cos) / 2, 1 - cos, (1 - cos) / 2], axis=-1) / a0[..., None]
    a = np.stack([np.ones_like(cos), -2 * cos / a0, (1 - alpha) / a0], axis=-1)
    return b, a


def lowpass_response(cutoff: float, resonance: float, frequencies, *, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The patch filter's gain in dB at ``frequencies`` (Hz), for a cutoff and resonance: what a
    filter sweep draws. Below the cutoff the sound passes; above it falls 12 dB per octave; resonance
    raises a peak at the cutoff.

    Examples
    --------
    >>> [round(float(g)) for g in lowpass_response(1000, 0.0, [100, 1000, 4000])]
    [0, -4, -25]

    Lesson: lessons/09_electronic.ipynb
    """
    from scipy.signal import freqz

    sr = check_rate(sample_rate)
    fc = number(cutoff, "cutoff", "give Hz 30-18000", lo=30, hi=18000)
    res = number(resonance, "resonance", "give 0-1", lo=0, hi=1)
    f = np.array([number(x, "frequency", "give frequencies in Hz, like [100, 1000]", lo=0, hi=sr / 2)
                  for x in items(frequencies, "frequencies", "give frequencies in Hz, like [100, 1000]", most=100000)])
    b, a = _lowpass_coefficients(np.array([fc]), _q(res), sr)
    _, h = freqz(b[0], a[0], worN=f, fs=sr)
    return 20 * np.log10(np.maximum(np.abs(h), 1e-9))


def _moving_lowpass(x: np.ndarray, fc: np.ndarray, q: float, sr: int, block: int = BLOCK) -> np.ndarray:
    """Low-pass every row of ``x`` (rows, n) with a moving cutoff, ``fc[k]`` Hz for the k-th block of
    ``block`` samples: new coefficients every block, the filter's state (``zi``) carried across."""
    from scipy.signal import lfilter, lfilter_zi

    starts = np.arange(0, x.shape[1], block)
    b, a = _lowpass_coefficients(fc, q, sr)
    y = np.empty_like(x)
    zi = lfilter_zi(b[0], a[0])[None, :] * x[:, :1]
    for k, s in enumerate(starts):
        y[:, s:s + block], zi = lfilter(b[k], a[k], x[:, s:s + block], axis=1, zi=zi)
    return y


# ---------------------------------------------------------------- the voice
def _as_notes(notes) -> list[tuple[float, float, int, int]]:
    notes = items(notes, "notes", "give (start, end, pitch, velocity) in seconds, or NoteEvent values", most=20000)
    out = []
    for n in notes:
        if hasattr(n, "pitch") and hasattr(n, "start"):
            n = (n.start, n.end, n.pitch, n.velocity)
        if not isinstance(n, (tuple, list)) or len(n) != 4:
            raise ScoringError(f"a note should be (start, end, pitch, velocity) in seconds, not {show(n)}")
        s = number(n[0], "note start", "give seconds, 0 or more", lo=0, hi=MAX_SECONDS + 60)
        e = number(n[1], "note end", "give seconds after the start", lo=s, hi=MAX_SECONDS + 60)
        out.append((s, e, whole(n[2], "pitch", "give a MIDI number 0-127", lo=0, hi=127),
                    whole(n[3], "velocity", "give 1-127", lo=1, hi=127)))
    return sorted(out)


def _lfo(patch: Patch, n: int, sr: int) -> np.ndarray:
    """The LFO (-1..1) over ``n`` samples from the key going down (it restarts with every note)."""
    phase = patch.lfo_rate * np.arange(n) / sr
    if patch.lfo_shape == "sine":
        return np.sin(2 * np.pi * phase)
    p = phase - np.floor(phase)
    return 1 - 4 * np.abs(p - 0.5)


def _voices(patch: Patch, pitches: np.ndarray, n: int, sr: int, lfo: np.ndarray, rng) -> np.ndarray:
    """The oscillators of ``len(pitches)`` notes of ``n`` samples: (notes * 2, n), each note's unison
    voices spread across left and right (rows 2k and 2k + 1)."""
    v = patch.voices
    cents = np.linspace(-patch.detune, patch.detune, v) if v > 1 else np.zeros(1)
    pans = np.linspace(-patch.spread, patch.spread, v) if v > 1 else np.zeros(1)
    f0 = 440.0 * 2.0 ** ((pitches - 69) / 12.0)
    # The phase is the running sum of frequency / rate. Vibrato bends every voice by the same ratio,
    # so one running sum of the bend serves all rows: phase = f / sr * sum(bend) (exact, no drift).
    if patch.vibrato:
        bend = 2.0 ** (patch.vibrato * lfo / 1200.0)
        ramp = np.cumsum(bend) - bend
    else:
        ramp = np.arange(n, dtype=np.float64)
    width = np.clip(patch.pulse_width + patch.pwm * lfo, 0.02, 0.98) if patch.pwm else patch.pulse_width
    out = np.zeros((len(pitches), 2, n))
    left, right = np.cos((pans + 1) * np.pi / 4), np.sin((pans + 1) * np.pi / 4)
    oscs = [(patch.wave, 1.0, 0.0)] + ([(patch.wave2, patch.mix2, patch.interval2)] if patch.wave2 else [])
    norm = 1.0 / math.sqrt(v) / sum(level for _, level, _ in oscs)
    for shape, level, interval in oscs:
        if level == 0:
            continue
        freq = (f0[:, None] * 2.0 ** ((cents[None, :] + 100 * interval) / 1200.0)).reshape(-1, 1)  # (notes*v, 1)
        dt = np.minimum(freq / sr, 0.49)
        wave = _wave(shape, rng.random((len(freq), 1)), dt, ramp, width, rng).reshape(len(pitches), v, n)
        out[:, 0] += np.einsum("kvn,v->kn", wave, left * (level * norm))
        out[:, 1] += np.einsum("kvn,v->kn", wave, right * (level * norm))
    if patch.noise:
        out += rng.standard_normal((len(pitches), 1, n)) * (0.5 * patch.noise * norm)
    return out.reshape(-1, n)


def _block(patch: Patch) -> int:
    """Samples between cutoff updates: 64 (1.5 ms) for a snappy filter envelope or a fast LFO, else 256."""
    fast = (patch.env_amount and min(patch.filter_env.attack, patch.filter_env.decay) < 0.1) or \
        (patch.lfo_cutoff and patch.lfo_rate > 2)
    return BLOCK if fast else 4 * BLOCK


def _group(patch: Patch, pitches: np.ndarray, n: int, held: float, velocity: int, sr: int, rng) -> np.ndarray:
    """Notes of the same length and velocity, rendered together: (notes * 2, n), left and right rows.
    They share the envelopes and the LFO (it restarts with every note), so one cutoff trajectory
    filters them all at once."""
    t = np.arange(n) / sr
    lfo = _lfo(patch, n, sr)
    per = max(1, 3_000_000 // (n * patch.voices * (2 if patch.wave2 else 1)))   # oscillators in chunks
    x = np.concatenate([_voices(patch, pitches[i:i + per], n, sr, lfo, rng) for i in range(0, len(pitches), per)])
    loud = (velocity / 127.0) ** 1.3
    q = _q(patch.resonance)
    if patch.env_amount != 0 or patch.lfo_cutoff != 0:
        block = _block(patch)
        centres = np.minimum(np.arange(0, n, block) + block // 2, n - 1)
        octaves = patch.env_amount * (0.5 + 0.5 * velocity / 127) * patch.filter_env.levels(t[centres], held=held) \
            + patch.lfo_cutoff * lfo[centres]
        y = _moving_lowpass(x, patch.cutoff * 2.0 ** octaves, q, sr, block)
    elif patch.cutoff < 0.45 * sr:
        from scipy.signal import lfilter

        b, a = _lowpass_coefficients(np.array([patch.cutoff]), q, sr)
        y = lfilter(b[0], a[0], x, axis=1)
    else:
        y = x
    gain = patch.amp.levels(t, held=held) * (loud / math.sqrt(q / 0.6))
    if patch.tremolo:
        gain = gain * (1 - patch.tremolo * 0.5 * (1 + lfo))
    y *= gain
    return y


def _delay(y: np.ndarray, patch: Patch, sr: int) -> np.ndarray:
    """Ping-pong echoes: each repeat ``feedback`` times quieter, alternating left and right."""
    d = int(round(patch.delay * sr))
    if d <= 0 or patch.delay_mix == 0:
        return y
    out = y.copy()
    src = y.copy()
    gain, k = patch.delay_mix, 1
    while gain > 1e-3 and k * d < len(y):
        src = src[:, ::-1]                       # each repeat swaps sides
        out[k * d:] += gain * src[:len(y) - k * d]
        gain *= patch.feedback
        k += 1
    return out


def _reduction(patch: Patch, notes, sr: int) -> int:
    """How many times below ``sr`` the voice may run (1, 2 or 4): a dark patch, whose cutoff never
    opens past a quarter of the lower rate's Nyquist frequency and whose notes sit well below it,
    loses nothing audible there (the filter has taken 24 dB off above that already), and costs a
    half or a quarter. :func:`scipy.signal.resample_poly` brings it back to ``sr``."""
    top = max((p for _, _, p, _ in notes), default=0) + (max(0.0, patch.interval2) if patch.wave2 else 0.0)
    highest = 440.0 * 2 ** ((top - 69) / 12)
    ceiling = patch.cutoff * 2 ** (max(0.0, patch.env_amount) + patch.lfo_cutoff)
    for r in (4, 2):
        if sr % r == 0 and sr / (2 * r) >= max(4 * ceiling, 3 * highest):
            return r
    return 1


def render_notes(notes, patch: Patch, total: int, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The patch playing ``notes`` into ``total`` frames: stereo float32 (frames, 2), not yet limited.

    The engine behind :func:`render_patch` and :func:`scoring.render.synth.render_events`.

    Examples
    --------
    >>> y = render_notes([(0.0, 0.5, 57, 90)], preset("pulse arp"), 22050)
    >>> y.shape, y.dtype.name, bool(np.isfinite(y).all())
    ((22050, 2), 'float32', True)

    Lesson: lessons/09_electronic.ipynb
    """
    from scipy.signal import butter, resample_poly, sosfilt

    if not isinstance(patch, Patch):
        raise ScoringError(f"the patch should be a Patch (e.g. preset('warm pad')), not {type(patch).__name__}")
    sr = check_rate(sample_rate)
    total = whole(total, "total", "give the number of frames", lo=1, hi=int((MAX_SECONDS + 70) * sr))
    notes = _as_notes(notes)
    rng = np.random.default_rng(patch.seed)
    r = _reduction(patch, notes, sr)
    isr, itotal = sr // r, -(-total // r)           # the oscillators and filter run at sr / r
    out = np.zeros((itotal, 2), dtype=np.float64)
    release = patch.amp.release
    groups: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
    for s, e, p, v in notes:
        start = int(round(s * isr))
        held = max(1, int(round((e - s) * isr)))
        groups.setdefault((held, min(itotal - start, held + int(release * isr) + 1), v), []).append((start, p))
    for (held, n, v), members in groups.items():
        if n <= 0:
            continue
        per = max(1, 8_000_000 // (2 * n))            # notes filtered together: memory stays small
        for i in range(0, len(members), per):
            batch = members[i:i + per]
            y = _group(patch, np.array([p for _, p in batch], dtype=np.float64), n, held / isr, v, isr, rng)
            for k, (start, _) in enumerate(batch):
                out[start:start + n] += y[2 * k:2 * k + 2].T[:itotal - start]
    if patch.highpass > 20:
        out = sosfilt(butter(2, patch.highpass, "highpass", fs=isr, output="sos"), out, axis=0)
    if r > 1:
        out = resample_poly(out, r, 1, axis=0)[:total]
    out = _delay(out, patch, sr) * patch.level
    out = out.astype(np.float32)
    if patch.reverb > 0:
        out = room(out, sr, wet=patch.reverb, seconds=patch.reverb_seconds, in_place=True)
    return out


def render_patch(notes, patch: Patch, *, seconds: float | None = None,
                 sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, int]:
    """Play ``(start, end, pitch, velocity)`` notes (seconds) on a patch: ``(stereo float32, rate)``,
    soft-limited so nothing passes full scale. ``seconds`` is the music's length (default: the last
    note's end); the patch's release, echoes and room ring on after it.

    Examples
    --------
    >>> y, sr = render_patch([(0.0, 1.0, 69, 100)], preset("sine"))
    >>> round(len(y) / sr, 2), float(abs(y).max()) <= 1.0
    (1.05, True)

    Lesson: lessons/09_electronic.ipynb
    """
    sr = check_rate(sample_rate)
    notes = _as_notes(notes)
    end = max([e for _, e, _, _ in notes], default=0.0)
    seconds = end if seconds is None else number(seconds, "seconds", "give the music's length in seconds", lo=0,
                                                 hi=MAX_SECONDS)
    if not isinstance(patch, Patch):
        raise ScoringError(f"the patch should be a Patch (e.g. preset('warm pad')), not {type(patch).__name__}")
    total = max(1, int(round((seconds + patch.tail) * sr)))
    return limit(render_notes(notes, patch, total, sr), in_place=True), sr


# ---------------------------------------------------------------- note generators
def arpeggiate(chords, *, step, pattern: str = "up", octaves: int = 1, gate=0.5,
               seed: int = 0) -> list[tuple]:
    """An arpeggiator: each held chord ``(start, end, pitches, velocity)`` becomes a run of single
    notes, one every ``step``, in the ``pattern`` order (:data:`ARP_PATTERNS`) over ``octaves``
    octaves, each sounding for ``gate`` of its step. Any unit of time works (seconds or beats);
    give fractions to stay exact.

    Examples
    --------
    >>> [n[2] for n in arpeggiate([(0, 2, (57, 60, 64), 90)], step=Fraction(1, 4), pattern="updown")]
    [57, 60, 64, 60, 57, 60, 64, 60]

    Lesson: lessons/09_electronic.ipynb
    """
    pattern = _choice(pattern, ARP_PATTERNS, "pattern")
    octaves = whole(octaves, "octaves", "give 1-4 octaves", lo=1, hi=4)
    number(step, "step", "give the time between notes, like Fraction(1, 4)", lo=1e-3)
    number(gate, "gate", "give the share of each step that sounds, 0.05-1", lo=0.05, hi=1)
    rng = np.random.default_rng(whole(seed, "seed", "give a whole number, like 0", lo=0))
    out = []
    for chord in items(chords, "chords", "give (start, end, pitches, velocity)", most=2000):
        if not isinstance(chord, (tuple, list)) or len(chord) != 4 or not isinstance(chord[2], (tuple, list)):
            raise ScoringError(f"a chord should be (start, end, pitches, velocity), like (0, 2, (57, 60, 64), 90); "
                               f"not {show(chord)}")
        start, end, pitches, velocity = chord
        number(start, "chord start", "give a time, 0 or more", lo=0)
        number(end, "chord end", "give a time after its start", lo=float(start))
        ps = sorted(whole(p, "pitch", "give MIDI numbers 0-127", lo=0, hi=127) for p in pitches)
        if not ps:
            continue
        up = [p + 12 * o for o in range(octaves) for p in ps if p + 12 * o <= 127]
        order = {"up": up, "down": up[::-1], "updown": up + up[-2:0:-1] if len(up) > 2 else up,
                 "played": [int(p) for p in pitches], "random": up}[pattern]
        k = 0
        while start + k * step < end and k < 4096:
            t = start + k * step
            p = int(rng.choice(order)) if pattern == "random" else order[k % len(order)]
            out.append((t, min(t + step * gate, end), p, velocity))
            k += 1
    return out


def step_sequence(steps, *, root: int, step, start=0, gate=0.5, velocity: int = 90) -> list[tuple]:
    """A step sequencer: ``steps`` are semitones above ``root`` (MIDI), one per step, ``"."`` (or
    ``None``) for a rest and ``"-"`` to hold the previous note one more step; a string is split on
    spaces (``"0 7 12 . 3 - 7 10"``). Returns ``(start, end, pitch, velocity)`` notes.

    Examples
    --------
    >>> step_sequence("0 7 . 12 -", root=45, step=1)
    [(0, 0.5, 45, 90), (1, 1.5, 52, 90), (3, 4.5, 57, 90)]

    Lesson: lessons/09_electronic.ipynb
    """
    root = whole(root, "root", "give a MIDI note, like 45 (A2)", lo=0, hi=127)
    velocity = whole(velocity, "velocity", "give 1-127", lo=1, hi=127)
    number(step, "step", "give the length of a step, like Fraction(1, 4)", lo=1e-3)
    number(gate, "gate", "give the share of each step that sounds, 0.05-1", lo=0.05, hi=1)
    number(start, "start", "give when the first step sounds, 0 or more", lo=0)
    if isinstance(steps, str):
        steps = steps.split()
    steps = items(steps, "steps", "give semitones, '.' for a rest, '-' to hold, like '0 7 12 . 3 - 7 10'", most=512)
    out: list[list] = []
    held = False
    for k, s in enumerate(steps):
        t = start + k * step
        if s == "-":
            if out and held:
                out[-1][1] = t + step * gate
            continue
        if s is None or s == ".":
            held = False
            continue
        try:
            semis = int(s)
        except (TypeError, ValueError):
            raise ScoringError(f"step {k + 1} is {show(s)}; give semitones (like 7), '.' for a rest or '-' to "
                               "hold") from None
        if not 0 <= root + semis <= 127:
            raise ScoringError(f"step {k + 1} ({semis:+d}) falls outside MIDI 0-127 from root {root}")
        out.append([t, t + step * gate, root + semis, velocity])
        held = True
    return [tuple(n) for n in out]


def drone(pitches: Sequence[int], *, seconds, start=0, velocity: int = 64) -> list[tuple]:
    """A drone: ``pitches`` held together for ``seconds`` (any unit), one note each. On a patch with a
    slow attack and a slow LFO it breathes instead of standing still.

    Examples
    --------
    >>> drone([33, 40], seconds=8)
    [(0, 8, 33, 64), (0, 8, 40, 64)]

    Lesson: lessons/09_electronic.ipynb
    """
    number(seconds, "seconds", "give how long the drone holds", lo=1e-3)
    number(start, "start", "give when the drone starts, 0 or more", lo=0)
    velocity = whole(velocity, "velocity", "give 1-127", lo=1, hi=127)
    ps = items(pitches, "pitches", "give MIDI numbers, like [33, 40]", most=16)
    return [(start, start + seconds, whole(p, "pitch", "give a MIDI number 0-127", lo=0, hi=127), velocity)
            for p in ps]


_ = Fraction  # the doctests use fractions for exact beats
