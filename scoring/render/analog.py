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
  filter's response) whose coefficients are set again whenever the cutoff has moved a 64th of an
  octave (it is looked at every :data:`BLOCK` samples, 0.7 ms): a fast envelope gets short blocks,
  a resting cutoff one. Each block starts from the last two samples in and out (``zi`` made as a
  direct-form filter keeps its state), so a change of coefficients does not click. Notes of the
  same length and loudness share one cutoff trajectory and are filtered together, one row each. A
  cutoff that does not move is one :func:`scipy.signal.lfilter` call.
- **Only what is heard, once**: each note is made for its own span and release, then added into
  the mix; a note that comes back (an arpeggio, a sequence, a repeated chord) is made once and
  added at each return, unless the copies would overlap (one waveform twice at once adds in phase,
  so each overlapping note gets its own start phases); the same notes played again with other
  effects only (a note with and without its room) use the same voice. Samples are single precision
  (float32), with the oscillators' phases taken in double precision where a long note needs it.
- **A dark patch runs at a lower rate** (a half or a quarter: nothing it would lose is audible).
  Its delay and the room then run there too, and one pair of transforms brings the sound back to
  the full rate: its spectrum times the room's, with the high-pass and a gentle edge just below
  the lower rate's Nyquist frequency, placed in a longer spectrum (band-limited interpolation). At
  the full rate the room is the course's (:func:`scoring.render.dsp.room`).
- **Deterministic**: noise and the unison voices' start phases come from a generator seeded by the
  patch's ``seed``; the same notes on the same patch give the same samples, every time, whatever
  was rendered before (work arrays are kept between renders, never their contents).

This engine knows no motif: it takes ``(start, end, pitch, velocity)`` notes in seconds (or
:class:`~scoring.render.synth.NoteEvent` values) and returns samples.

Lesson: lessons/09_electronic.ipynb
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import lru_cache
from typing import Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import items, number, show, text, whole
from scoring.render.dsp import MAX_SECONDS, SAMPLE_RATE, WorkArrays, check_rate, limit, room, room_response

__all__ = ["WAVES", "LFO_SHAPES", "ARP_PATTERNS", "Envelope", "Patch", "PRESETS", "preset", "render_patch",
           "render_notes", "oscillator", "lowpass_response", "arpeggiate", "step_sequence", "drone", "BLOCK"]

#: The oscillator shapes.
WAVES = ("saw", "pulse", "triangle", "sine", "noise")
#: The LFO's shapes.
LFO_SHAPES = ("sine", "triangle")
#: The arpeggiator's orders.
ARP_PATTERNS = ("up", "down", "updown", "played", "random")
#: Samples between two looks at a moving cutoff (0.7 ms at 44.1 kHz): its filter's coefficients change
#: at the first look that finds it :data:`_STEP` octaves from where they were set.
BLOCK = 32
_STEP = 1 / 64          # octaves a moving cutoff may travel before its coefficients are set again
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


def _envelope(env: Envelope, n: int, sr: int, held: float) -> np.ndarray:
    """``env.levels`` at the ``n`` samples from the key going down (rate ``sr``), float32: each stage
    computed on its own stretch only (one exponential per sample, not two)."""
    out = np.empty(n, dtype=np.float32)
    a = max(env.attack, 1e-4)
    k_attack = min(n, int(math.ceil(a * sr)))        # samples before t reaches the attack time
    k_held = min(n, int(math.floor(held * sr)) + 1)   # samples while the key is down (t <= held)
    k = np.arange(n, dtype=np.float32)
    rise = min(k_attack, k_held)
    out[:rise] = k[:rise] * np.float32(1 / (a * sr))
    if k_held > rise:
        seg = k[rise:k_held] - np.float32(a * sr)
        seg *= np.float32(-4.6 / (max(env.decay, 1e-4) * sr))
        np.exp(seg, out=seg)
        out[rise:k_held] = env.sustain + (1 - env.sustain) * seg
    if n > k_held:
        seg = k[k_held:] - np.float32(held * sr)
        seg *= np.float32(-4.6 / (max(env.release, 1e-4) * sr))
        np.exp(seg, out=seg)
        out[k_held:] = np.float32(env._at(held)) * seg
    return out


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


# ---------------------------------------------------------------- work arrays
#: The voice's work arrays, one set for the process (see :class:`~scoring.render.dsp.WorkArrays`). An
#: array of up to 2 MB (half a million samples: a few seconds of a voice, what the patch designer
#: plays) is kept; a larger one gives its memory back when the render ends, so a lesson's long cues
#: do not leave 70 MB of work arrays behind (lesson 09's kernel: 620 MB at its peak with 16 MB kept,
#: 579 MB with 2 MB).
_WORK = WorkArrays(most=1 << 19)
_work = _WORK.get


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


def _jumps(start: np.ndarray, dt: np.ndarray, ramp: np.ndarray, offset: float):
    """Where each row's phase ``start[r] + dt[r] * ramp`` (ramp rises) passes k + ``offset``: found by
    a binary search, not a scan. Returns ``(rows, cols, level)``, ``cols`` the first sample after
    each jump, or ``None`` if there is none."""
    n = len(ramp)
    k_min = np.floor(start - offset) + 1
    count = np.maximum(0, np.floor(start + dt * ramp[-1] - offset) - k_min + 1).astype(np.int64)
    if not count.sum():
        return None
    rows = np.repeat(np.arange(len(start)), count)
    k = k_min[rows] + np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    level = k + offset
    cols = np.minimum(np.searchsorted(ramp, (level - start[rows]) / dt[rows], side="left"), n - 1)
    return rows, np.maximum(cols, 1), level


def _bleps(y: np.ndarray, start: np.ndarray, dt: np.ndarray, ramp: np.ndarray, edges, naive, apart: bool) -> None:
    """The PolyBLEP correction at each jump: ``edges`` are ``(jumps, sign)``, the jumps found by
    :func:`_jumps`, ``sign`` +1 for a fall and -1 for a rise. Only the two samples beside a jump are
    touched, and each is set from the exact (double precision) phase: ``naive(phase, cols)`` is the
    wave there before smoothing (the single-precision phase may put a sample on the wrong side of a
    jump within a millionth of a cycle of it), less the polynomial. A sample moves the phase less than
    a cycle, so the jumps of one edge never share a sample; ``apart`` says the edges do not either
    (else their corrections are summed where they meet)."""
    flat = y.reshape(-1)
    parts = []
    for (rows, cols, level), sign in edges:
        s, d = start[rows], dt[rows]
        at = rows * len(ramp) + cols
        after = s + d * ramp[cols]
        before = s + d * ramp[cols - 1]
        x = np.clip((after - level) / d, 0.0, 1.0)
        u = np.clip((before - level) / d, -1.0, 0.0)
        parts.append((at, naive(after - np.floor(after), cols), sign * (x + x - x * x - 1.0),
                      naive(before - np.floor(before), cols - 1), sign * (u * u + u + u + 1.0)))
    if apart:
        for at, wave_after, blep_after, wave_before, blep_before in parts:
            flat[at] = wave_after - blep_after
            flat[at - 1] = wave_before - blep_before
        return
    for at, wave_after, _, wave_before, _ in parts:
        flat[at] = wave_after
        flat[at - 1] = wave_before
    for at, _, blep_after, _, blep_before in parts:
        np.subtract.at(flat, at, blep_after)
        np.subtract.at(flat, at - 1, blep_before)


def _phase(start: np.ndarray, dt: np.ndarray, ramp: np.ndarray, block: int = 256) -> np.ndarray:
    """Row r's phase in cycles (0-1), ``start[r] + dt[r] * ramp``: (rows, n) float32. A long note runs
    through thousands of cycles, more than single precision holds with a fine fraction, so the phase
    at the start of every ``block`` samples is taken in double precision and only the rise within
    a block (a few cycles) in single."""
    n, rows = len(ramp), len(start)
    nb = -(-n // block)
    r = np.empty(nb * block)
    r[:n] = ramp
    r[n:] = ramp[-1]
    r = r.reshape(nb, block)
    base = r[:, 0]
    rise = (r - base[:, None]).astype(np.float32)                      # (blocks, block)
    first = np.multiply.outer(dt, base)
    first += start[:, None]
    first -= np.floor(first)                                          # (rows, blocks), double
    p = _work("phase", (rows, nb, block))
    np.multiply(dt.astype(np.float32)[:, None, None], rise[None], out=p)
    p += first.astype(np.float32)[:, :, None]
    whole_cycles = _work("phase floor", p.shape)
    np.floor(p, out=whole_cycles)
    p -= whole_cycles
    return p.reshape(rows, nb * block)[:, :n]


def _steady_sine(start: np.ndarray, dt: np.ndarray, y: np.ndarray, block: int = 256) -> np.ndarray:
    """Sines at steady pitches into ``y`` (rows, n): the phase at the start of every ``block`` samples
    is A (taken in double precision), the rise within a block B is the same for every block, and
    sin(A + B) = sin A cos B + cos A sin B costs two products a sample instead of a sine."""
    rows, n = y.shape
    nb = -(-n // block)
    a = 2 * np.pi * (np.multiply.outer(dt, np.arange(nb) * float(block)) + start[:, None])   # (rows, blocks)
    a -= 2 * np.pi * np.floor(a / (2 * np.pi))
    b = 2 * np.pi * np.multiply.outer(dt, np.arange(block))                                    # (rows, block)
    full = _work("phase", (rows, nb, block))
    np.multiply(np.sin(a).astype(np.float32)[:, :, None], np.cos(b).astype(np.float32)[:, None, :], out=full)
    other = _work("phase floor", (rows, nb, block))
    np.multiply(np.cos(a).astype(np.float32)[:, :, None], np.sin(b).astype(np.float32)[:, None, :], out=other)
    full += other
    y[...] = full.reshape(rows, nb * block)[:, :n]
    return y


def _wave(shape: str, start: np.ndarray, dt: np.ndarray, ramp: np.ndarray, width, rng: np.random.Generator,
          steady: bool = False) -> np.ndarray:
    """One oscillator's samples, (rows, n) float32: row r's phase (in cycles) is ``start[r] + dt[r] * ramp``,
    ``dt`` its phase step per sample (frequency / sample rate) and ``ramp`` the running count of
    samples (bent by vibrato; ``steady`` says it is not: ``ramp`` is 0, 1, 2, ...). The result is
    the work array ``"wave"`` (see :func:`_work`)."""
    start, dt = start.ravel(), dt.ravel()
    y = _work("wave", (len(start), len(ramp)))
    if shape == "noise":
        drawn = rng.standard_normal(y.shape, out=_work("noise", y.shape, np.float64))   # drawn as doubles: a
        np.multiply(drawn, 0.5, out=y, casting="same_kind")                             # seed keeps its noise
        return y
    if shape == "sine" and steady:
        return _steady_sine(start, dt, y)
    p = _phase(start, dt, ramp)
    if shape == "sine":
        np.multiply(p, np.float32(2 * np.pi), out=y)
        return np.sin(y, out=y)
    if shape == "saw":
        np.multiply(p, np.float32(2.0), out=y)
        y -= np.float32(1.0)
        up = _jumps(start, dt, ramp, 0.0)
        if up is not None:
            _bleps(y, start, dt, ramp, [(up, 1.0)], lambda q, c: 2.0 * q - 1.0, apart=True)
        return y
    w = 0.5 if shape == "triangle" else width
    y.fill(-1.0)
    np.copyto(y, np.float32(1.0), where=p < (w if np.ndim(w) == 0 else w.astype(np.float32)))
    edges = [(_jumps(start, dt, ramp, 0.0), -1.0)]
    if np.ndim(w) == 0:
        edges.append((_jumps(start, dt, ramp, float(w)), 1.0))
        naive = lambda q, c: np.where(q < w, 1.0, -1.0)  # noqa: E731
    else:
        naive = lambda q, c: np.where(q < w[c], 1.0, -1.0)  # noqa: E731
    edges = [(j, sign) for j, sign in edges if j is not None]
    # the two edges' samples cannot meet while each stretch of the wave lasts over two samples
    step = float(dt.max()) * (float(np.max(np.diff(ramp))) if len(ramp) > 1 else 1.0)
    _bleps(y, start, dt, ramp, edges, naive, apart=len(edges) < 2 or min(w, 1 - w) > 2.5 * step)
    if np.ndim(w) != 0:                     # pulse-width modulation: the falling edge moves; scan for it
        q = _work("pwm", y.shape)
        np.subtract(p, w.astype(np.float32), out=q)
        q -= np.floor(q)
        _blep(y, q, dt[:, None], 1.0)
    if shape == "pulse":
        return y
    # triangle: the band-limited square integrated (a slightly leaky integrator, so no DC creeps in)
    from scipy.signal import lfilter

    leak = 0.9995
    p0 = p[:, 0].astype(np.float64)
    first = np.where(p0 < 0.5, -1 + 4 * p0, 3 - 4 * p0)
    y *= (4 * dt).astype(np.float32)[:, None]
    tri, _ = lfilter([1.0], [1.0, -leak], y, axis=1, zi=(leak * first)[:, None])
    np.copyto(y, tri, casting="same_kind")
    return y


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
    seed = whole(seed, "seed", "give a whole number, like 0", lo=0, hi=2**32 - 1)
    with _WORK.lent():
        return _wave(shape, np.zeros((1, 1)), np.array([[f / sr]]), np.arange(n, dtype=np.float64), width,
                     np.random.default_rng(seed), steady=True)[0].copy()


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


def _at_rest(b: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The state of a biquad (``a[0] == 1``) that has long had 1 at its input: what
    ``scipy.signal.lfilter_zi`` gives, in closed form (it solves a linear system with LAPACK,
    whose last digits vary by processor, and the sound would then differ from machine to machine)."""
    first = (b[1] - a[1] * b[0] + b[2] - a[2] * b[0]) / (1.0 + a[1] + a[2])
    return np.array([first, (1.0 + a[1]) * first - (b[1] - a[1] * b[0])])


def _moving_lowpass(x: np.ndarray, fc: np.ndarray, q: float, sr: int, starts: np.ndarray,
                    y: np.ndarray | None = None) -> np.ndarray:
    """Low-pass every row of ``x`` (rows, n) with a moving cutoff, ``fc[k]`` Hz from sample ``starts[k]``
    to the next start, into ``y`` (or a new array): new coefficients every block. The state each block
    starts from is made from the last two samples in and out, as a direct-form filter keeps it, so a
    change of coefficients does not click (the transposed form's own state belongs to the old ones)."""
    from scipy.signal import lfilter

    b, a = _lowpass_coefficients(fc, q, sr)
    y = np.empty_like(x) if y is None else y
    zi = _at_rest(b[0], a[0])[None, :] * x[:, :1]
    # state = [x[-2], x[-1], y[-2], y[-1]] @ to_state: z1 = b1 x[-1] + b2 x[-2] - a1 y[-1] - a2 y[-2],
    # z2 = b2 x[-1] - a2 y[-1]
    zero = np.zeros(len(b))
    to_state = np.stack([np.stack([b[:, 2], zero], 1), np.stack([b[:, 1], b[:, 2]], 1),
                         np.stack([-a[:, 2], zero], 1), np.stack([-a[:, 1], -a[:, 2]], 1)], axis=1)   # (blocks, 4, 2)
    stops = list(starts[1:]) + [x.shape[1]]
    last = x[:, :0]                         # the previous block's output (none before the first)
    for k, (s, e) in enumerate(zip(starts, stops)):
        if k:
            zi = np.einsum("rj,jc->rc", np.concatenate([x[:, s - 2:s], last[:, -2:]], axis=1), to_state[k])
        last, _ = lfilter(b[k], a[k], x[:, s:e], axis=1, zi=zi)
        y[:, s:e] = last
    return y


def _cutoff_blocks(octaves, n: int) -> np.ndarray:
    """Where a moving cutoff's blocks start: a look every :data:`BLOCK` samples at ``octaves(samples)``
    (its distance from the patch's cutoff), and a new block wherever it has crossed a step of
    :data:`_STEP` octaves. A cutoff that moves fast gets short blocks, one that rests a single block."""
    look = np.minimum(np.arange(0, n, BLOCK) + BLOCK // 2, n - 1)
    steps = np.floor(octaves(look) / _STEP)
    return np.concatenate([[0], (np.flatnonzero(np.diff(steps)) + 1) * BLOCK])


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
    return _lfo_at(patch, np.arange(n), sr)


def _lfo_at(patch: Patch, k: np.ndarray, sr: int) -> np.ndarray:
    """The LFO (-1..1) at samples ``k`` from the key going down."""
    phase = patch.lfo_rate * k / sr
    if patch.lfo_shape == "sine":
        return np.sin(2 * np.pi * phase)
    p = phase - np.floor(phase)
    return 1 - 4 * np.abs(p - 0.5)


def _sides(patch: Patch) -> int:
    """Rows a note's sound takes before it is placed: 2 (left, right) for unison voices spread across
    the stereo field, 1 for a single voice in the centre (filtered once, placed on both sides)."""
    return 1 if patch.voices == 1 else 2


def _voices(patch: Patch, pitches: np.ndarray, n: int, sr: int, lfo: np.ndarray | None, rng,
            out: np.ndarray) -> None:
    """The oscillators of ``len(pitches)`` notes of ``n`` samples, into ``out`` (notes, sides, n) float32
    (:func:`_sides`): each note's unison voices spread across left and right."""
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
    pan = np.stack([np.cos((pans + 1) * np.pi / 4), np.sin((pans + 1) * np.pi / 4)])     # (2, voices)
    oscs = [(patch.wave, 1.0, 0.0)] + ([(patch.wave2, patch.mix2, patch.interval2)] if patch.wave2 else [])
    norm = 1.0 / math.sqrt(v) / sum(level for _, level, _ in oscs)
    tmp = _work("pan", (len(pitches), n))
    out.fill(0.0)
    for shape, level, interval in oscs:
        if level == 0:
            continue
        freq = (f0[:, None] * 2.0 ** ((cents[None, :] + 100 * interval) / 1200.0)).reshape(-1, 1)  # (notes*v, 1)
        dt = np.minimum(freq / sr, 0.49)
        wave = _wave(shape, rng.random((len(freq), 1)), dt, ramp, width, rng,
                     steady=not patch.vibrato).reshape(len(pitches), v, n)
        gains = (pan * (level * norm)).astype(np.float32)
        for side in range(out.shape[1]):          # each voice to left and right, at its pan
            out[:, side] += np.einsum("kvn,v->kn", wave, gains[side], out=tmp)
    if patch.noise:
        drawn = rng.standard_normal((len(pitches), n), out=_work("noise", (len(pitches), n), np.float64))
        np.multiply(drawn, 0.5 * patch.noise * norm, out=tmp, casting="same_kind")
        out += tmp[:, None, :]                    # the same noise on both sides


def _group(patch: Patch, pitches: np.ndarray, n: int, held: float, velocity: int, sr: int, rng,
           together: list[list[int]] | None = None) -> np.ndarray:
    """Notes of the same length and velocity, rendered together: (notes * sides, n) float32 (the work
    array ``"filtered"`` or ``"voices"``), each note's rows its left and right, or one centred row
    (:func:`_sides`). They share the envelopes and the LFO (it restarts with every note), so one
    cutoff trajectory filters them all at once. ``together`` lists notes that always sound at the
    same moments (a chord): each list is mixed before the filter and takes one place in the result
    (the filter is the same for all, so the mix of the filtered notes is the filtered mix)."""
    lfo_everywhere = bool(patch.vibrato or patch.pwm or patch.tremolo)
    lfo = _lfo(patch, n, sr) if lfo_everywhere else None       # else only where the cutoff is looked at
    sides = _sides(patch)
    x = _work("voices", (len(pitches), sides, n))
    per = max(1, 3_000_000 // (n * patch.voices * (2 if patch.wave2 else 1)))   # oscillators in chunks
    for i in range(0, len(pitches), per):
        _voices(patch, pitches[i:i + per], n, sr, lfo, rng, x[i:i + per])
    if together is not None and len(together) < len(pitches):
        mixed = _work("chords", (len(together), sides, n))
        for g, members in enumerate(together):
            np.copyto(mixed[g], x[members[0]])
            for m in members[1:]:
                mixed[g] += x[m]
        x = mixed
    x = x.reshape(-1, n)
    loud = (velocity / 127.0) ** 1.3
    q = _q(patch.resonance)
    if patch.env_amount != 0 or patch.lfo_cutoff != 0:
        depth = patch.env_amount * (0.5 + 0.5 * velocity / 127)

        def octaves(k: np.ndarray) -> np.ndarray:
            swing = lfo[k] if lfo is not None else _lfo_at(patch, k, sr)
            return depth * patch.filter_env.levels(k / sr, held=held) + patch.lfo_cutoff * swing

        starts = _cutoff_blocks(octaves, n)
        centres = (starts + np.append(starts[1:], n)) // 2
        y = _moving_lowpass(x, patch.cutoff * 2.0 ** octaves(centres), q, sr, starts, _work("filtered", x.shape))
    elif patch.cutoff < 0.45 * sr:
        from scipy.signal import lfilter

        b, a = _lowpass_coefficients(np.array([patch.cutoff]), q, sr)
        y = _work("filtered", x.shape)
        np.copyto(y, lfilter(b[0], a[0], x, axis=1), casting="same_kind")
    else:
        y = x
    gain = _envelope(patch.amp, n, sr, held)
    gain *= np.float32(loud / math.sqrt(q / 0.6))
    if patch.tremolo:
        gain *= (1 - patch.tremolo * 0.5 * (1 + lfo)).astype(np.float32)
    y *= gain
    return y


def _delay(y: np.ndarray, patch: Patch, sr: int) -> np.ndarray:
    """Ping-pong echoes on (2, n) rows (left, right): each repeat ``feedback`` times quieter, alternating
    left and right. The echoes are a recursion one delay apart, ``echo = swap(mix * dry + feedback *
    echo)`` a delay earlier, so each stretch of one delay is a single array operation."""
    d = int(round(patch.delay * sr))
    n = y.shape[1]
    if d <= 0 or patch.delay_mix == 0 or d >= n:
        return y
    mix, feedback = np.float32(patch.delay_mix), np.float32(patch.feedback)
    out = _work("echoes", y.shape)
    np.copyto(out, y)
    if n // d > 20_000:                           # a very short delay: the repeats one by one instead
        gain, k, src = patch.delay_mix, 1, y
        while gain > 1e-3 and k * d < n:
            src = src[::-1]                       # each repeat swaps sides
            out[:, k * d:] += np.float32(gain) * src[:, :n - k * d]
            gain *= patch.feedback
            k += 1
        return out
    echo = _work("echo", y.shape)
    echo[:, :d] = 0.0
    for s in range(d, n, d):
        m = min(d, n - s)
        if s == d:
            echo[:, s:s + m] = (mix * y[:, :m])[::-1]
        else:
            echo[:, s:s + m] = (mix * y[:, s - d:s - d + m] + feedback * echo[:, s - d:s - d + m])[::-1]
    out += echo
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


#: The longest sound (frames at the full rate, with its room) given its room and its return to the
#: full rate in one transform: 2**21, 47 s at 44.1 kHz. Longer ones go in blocks.
_ONE_TRANSFORM = 1 << 21


@lru_cache(maxsize=8)
def _room_bins(sample_rate: int, wet: float, seconds: float, size: int, bins: int) -> np.ndarray:
    """The room's response (:func:`scoring.render.dsp.room_response`) at the first ``bins`` bins of a
    ``size``-point transform at ``sample_rate``: (2, bins) complex64, a row per channel, read-only.
    At a rate ``r`` times lower, a ``size / r``-point transform has the same bins: the room filtering
    the sound there is the full-rate room, band-limited."""
    import scipy.fft

    ir = room_response(sample_rate, wet=wet, seconds=seconds).T.astype(np.float32)
    spec = np.ascontiguousarray(scipy.fft.rfft(ir, size, axis=1)[:, :bins])
    spec.setflags(write=False)
    return spec


@lru_cache(maxsize=8)
def _shape(size: int, sr: int, highpass: float) -> np.ndarray:
    """:func:`_taper` times the patch's high-pass (a second-order Butterworth, as ``sosfilt`` applies
    it: gain and phase) at the bins of a ``size``-point real transform at rate ``sr``: complex64."""
    bins = size // 2 + 1
    if highpass <= 20:
        return _taper(bins)
    from scipy.signal import butter, sosfreqz

    _, h = sosfreqz(butter(2, highpass, "highpass", fs=sr, output="sos"), worN=2 * np.pi * np.arange(bins) / size)
    shape = (h * _taper(bins)).astype(np.complex64)
    shape.setflags(write=False)
    return shape


@lru_cache(maxsize=8)
def _taper(bins: int) -> np.ndarray:
    """Weights for a lower rate's spectrum (``bins`` bins up to its Nyquist frequency) before it is
    placed in a longer one: 1 up to 80 % of the Nyquist frequency, then a raised cosine to 0 at it.
    A sharp edge there would ring (pre-echo) for thousands of samples either side of a note; the
    gentle one rings for a few dozen. The voice has nothing left up there to lose: it runs at the
    lower rate only when its filter has taken 24 dB off well below."""
    w = np.ones(bins, dtype=np.float32)
    edge = int(0.8 * (bins - 1))
    w[edge:] = 0.5 * (1 + np.cos(np.pi * np.arange(bins - edge) / (bins - 1 - edge)))
    w.setflags(write=False)
    return w


def _finish(dry: np.ndarray, patch: Patch, r: int, sr: int, total: int) -> np.ndarray:
    """The voice's (2, n) rows at ``sr / r`` through the patch's high-pass, delay, level and room, back
    at ``sr``: (total, 2) float32. At the full rate the room is the course's
    (:func:`scoring.render.dsp.room`). At a lower rate the room and the return to the full rate are
    one pair of transforms: the sound's spectrum times the room's (plus the dry sound), its bins
    placed in an ``r`` times longer spectrum (band-limited interpolation), transformed back once."""
    import scipy.fft
    from scipy.signal import butter, resample_poly, sosfilt

    isr = sr // r
    y = _delay(dry, patch, isr)
    ir = -(-int(patch.reverb_seconds * sr) // r) if patch.reverb > 0 else 0    # the room's length here
    n = y.shape[1]
    # silence after the room's ring, so the transforms' wrap-around (the high-pass's and the
    # interpolation's rings) stays far below hearing
    size = scipy.fft.next_fast_len(n + ir + (2048 if patch.highpass > 20 else 1024), real=True)
    if r == 1 or r * size > _ONE_TRANSFORM:
        if patch.highpass > 20:
            sos = butter(2, patch.highpass, "highpass", fs=isr, output="sos")
            y = sosfilt(sos.astype(np.float32), y, axis=1)
    if r == 1:
        out = np.empty((total, 2), dtype=np.float32)
        np.multiply(y[:, :total].T, np.float32(patch.level), out=out)
        if patch.reverb > 0:
            out = room(out, sr, wet=patch.reverb, seconds=patch.reverb_seconds, in_place=True)
        return out
    if r * size <= _ONE_TRANSFORM:
        spec = scipy.fft.rfft(y, size, axis=1)
        if ir:
            wet = _work("wet spectrum", spec.shape, spec.dtype)
            spec += np.multiply(spec, _room_bins(sr, patch.reverb, patch.reverb_seconds, r * size, size // 2 + 1),
                                out=wet)
        spec *= _shape(size, isr, float(patch.highpass))    # the taper and the high-pass
        spec *= np.float32(patch.level * r)
        full = _work("spectrum", (r * size // 2 + 1, 2), spec.dtype)  # frames along the first axis: the
        full[:spec.shape[1]] = spec.T                               # result comes out as (frames, 2)
        full[spec.shape[1]:] = 0
        back = np.fft.irfft(full, r * size, axis=0, out=_work("back", (r * size, 2)))
        return back[:total].copy()
    # A long sound: the room in blocks (overlap-add) at the voice's rate, then back to the full rate.
    y = y * np.float32(patch.level)
    if ir:
        block = _ONE_TRANSFORM // (2 * r)
        size = scipy.fft.next_fast_len(block + ir, real=True)
        room_spec = _room_bins(sr, patch.reverb, patch.reverb_seconds, r * size, size // 2 + 1)
        wet = np.zeros_like(y)
        for start in range(0, n, block):
            seg = scipy.fft.rfft(y[:, start:start + block], size, axis=1)
            seg *= room_spec
            part = scipy.fft.irfft(seg, size, axis=1, overwrite_x=True)
            stop = min(n, start + size)
            wet[:, start:stop] += part[:, :stop - start]
        y += wet
    y = resample_poly(y, r, 1, axis=1)
    return np.ascontiguousarray(y[:, :total].T.astype(np.float32))


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
    if not isinstance(patch, Patch):
        raise ScoringError(f"the patch should be a Patch (e.g. preset('warm pad')), not {type(patch).__name__}")
    sr = check_rate(sample_rate)
    total = whole(total, "total", "give the number of frames", lo=1, hi=int((MAX_SECONDS + 70) * sr))
    notes = _as_notes(notes)
    r = _reduction(patch, notes, sr)
    isr, itotal = sr // r, -(-total // r)           # the oscillators and filter run at sr / r
    with _WORK.lent():
        dry = _work("dry", (2, itotal))              # left and right rows
        # The voice before its effects: a render of the same notes on a patch that differs only in its
        # delay, room, high-pass or level (the same note with and without its room) uses it again.
        key = (_voice_only(patch), tuple(notes), itotal, isr)
        with _voices_lock:
            kept = _recent_voices.get(key)
        if kept is not None and kept[1] != patch:
            np.copyto(dry, kept[0])
        else:
            _voice(notes, patch, dry, isr)
            if dry.size <= _WORK.most // 2:
                with _voices_lock:
                    _recent_voices[key] = (dry.copy(), patch)
                    while len(_recent_voices) > 2:
                        _recent_voices.pop(next(iter(_recent_voices)))
        return _finish(dry, patch, r, sr, total)


#: The last two voices rendered (small ones), oldest first, each with the patch that made it: a
#: render on another patch with the same voice (other effects) uses it; the same patch again is
#: rendered afresh (a repeated render costs what the first did).
_recent_voices: dict = {}
_voices_lock = threading.Lock()


def _voice_only(patch: Patch) -> Patch:
    """The patch with its effects (delay, room, high-pass, level) and names set aside: what the voice
    itself depends on."""
    return replace(patch, name="voice", delay=0.0, feedback=0.35, delay_mix=0.0, reverb=0.0, reverb_seconds=1.3,
                   highpass=20.0, level=0.5, program=81)


def _voice(notes, patch: Patch, dry: np.ndarray, isr: int) -> None:
    """The patch's voice playing ``notes`` into ``dry`` (2, frames) at rate ``isr``, before its effects."""
    itotal = dry.shape[1]
    dry.fill(0.0)
    rng = np.random.default_rng(patch.seed)
    release = patch.amp.release
    # Notes of the same length and velocity are rendered together. A pitch that comes back among them
    # (an arpeggio, a sequence, a repeated chord) is made once and added at each of its starts, as
    # long as the copies do not overlap: overlapping copies of one waveform would add in phase, so
    # each overlapping note gets its own (its own random start phases, as an analog voice would).
    groups: dict[tuple[int, int], list[tuple[int, list[int]]]] = {}
    for s, e, p, v in notes:
        start = int(round(s * isr))
        if start >= itotal:
            continue
        held = max(1, int(round((e - s) * isr)))
        n = held + int(release * isr) + 1             # the note's samples, its release included
        copies = groups.setdefault((held, v), [])
        free = next((c for c in copies if c[0] == p and c[1][-1] + n <= start), None)
        if free is None:
            copies.append((p, [start]))
        else:
            free[1].append(start)
    for (held, v), copies in groups.items():
        n = min(held + int(release * isr) + 1, itotal - min(c[1][0] for c in copies))   # none past the end
        per = max(1, 8_000_000 // (2 * n))            # notes filtered together: memory stays small
        for i in range(0, len(copies), per):
            batch = copies[i:i + per]
            chords: dict[tuple[int, ...], list[int]] = {}     # notes that sound at the same moments
            for k, (_, starts) in enumerate(batch):
                chords.setdefault(tuple(starts), []).append(k)
            y = _group(patch, np.array([p for p, _ in batch], dtype=np.float64), n, held / isr, v, isr, rng,
                       together=list(chords.values()))
            sides = _sides(patch)
            for g, starts in enumerate(chords):
                for start in starts:
                    dry[:, start:start + n] += y[sides * g:sides * (g + 1), :itotal - start]


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
