"""The synthesiser: timed note events rendered to samples.

FluidSynth plays the General MIDI soundfont shipped in ``assets/soundfonts`` (real
instrument colours, a little room reverb). Where the FluidSynth library is missing, a small
built-in additive synth takes over after one warning, with the same API.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import contextlib
import io
import math
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.dsp import MAX_SECONDS, SAMPLE_RATE, check_rate, limit, room

__all__ = ["NoteEvent", "SoundfontWarning", "soundfont_path", "synth_name", "render_events", "MAX_EVENTS"]

TAIL_SECONDS = 1.0           # reverb ring after the last note
#: The most notes one render may hold (a dense ten-minute cue has a few thousand).
MAX_EVENTS = 20000
SOUNDFONT_NAME = "FluidR3Mono_GM.sf3"
_HERE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class NoteEvent:
    """One sounding note: ``start`` and ``end`` in seconds, MIDI ``pitch``, ``velocity``, GM ``program``.

    Lesson: lessons/00_first_motif.ipynb
    """

    start: float
    end: float
    pitch: int
    velocity: int
    program: int

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not math.isfinite(v) \
                    or not 0 <= v <= MAX_SECONDS + 60:
                raise ScoringError(f"note event {name} {v!r} must be seconds between 0 and {MAX_SECONDS:.0f}")
        if self.end < self.start:
            raise ScoringError(f"note event ends ({self.end}) before it starts ({self.start}); swap them")
        for name, hi in (("pitch", 127), ("velocity", 127), ("program", 127)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not (1 if name == "velocity" else 0) <= v <= hi:
                raise ScoringError(f"note event {name} {v!r} must be a whole number in MIDI's range (0-127)")


class SoundfontWarning(UserWarning):
    """FluidSynth or the soundfont is missing, so the built-in synth plays instead.

    Lesson: lessons/00_first_motif.ipynb
    """


def soundfont_path() -> Path | None:
    """Where the General MIDI soundfont is: ``$SCORING_SOUNDFONT``, ``assets/soundfonts``, or Debian's copy.

    Examples
    --------
    >>> soundfont_path().name
    'FluidR3Mono_GM.sf3'

    Lesson: lessons/00_first_motif.ipynb
    """
    candidates = [os.environ.get("SCORING_SOUNDFONT"), _HERE.parent / "assets" / "soundfonts" / SOUNDFONT_NAME,
                  Path("/usr/share/sounds/sf3") / SOUNDFONT_NAME]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


_lock = threading.Lock()
_engine: dict[str, object] = {}
_warned = False


def _fluidsynth(sample_rate: int):
    """A FluidSynth synthesiser with the soundfont loaded (once per process), or None."""
    global _warned
    if os.environ.get("SCORING_SYNTH", "").lower() == "builtin":
        return None
    key = f"fs{sample_rate}"
    if key in _engine:
        return _engine[key]
    synth, why = None, ""
    sf = soundfont_path()
    try:
        # pyfluidsynth needs the libfluidsynth shared library; with $CI set it prints where it found it.
        with contextlib.redirect_stdout(io.StringIO()):
            import fluidsynth
        if sf is None:
            why = f"the soundfont {SOUNDFONT_NAME} is not in assets/soundfonts"
        else:
            synth = fluidsynth.Synth(gain=0.5, samplerate=float(sample_rate))
            sfid = synth.sfload(str(sf))
            if sfid < 0:
                synth, why = None, f"FluidSynth could not load {sf.name}"
            else:
                synth.setting("synth.reverb.active", 0)
                synth.setting("synth.chorus.active", 0)
                _engine[f"sfid{sample_rate}"] = sfid
    except (ImportError, OSError) as exc:
        why = f"the FluidSynth library is missing ({exc.__class__.__name__})"
    if synth is None and not _warned:
        _warned = True
        warnings.warn(
            f"Playing with the built-in synth because {why}. For real instrument sounds install FluidSynth: "
            "'sudo apt-get install libfluidsynth3' (Debian/Ubuntu), 'brew install fluid-synth' (macOS), "
            "or the official build from github.com/FluidSynth/fluidsynth/releases (Windows), then restart the kernel.",
            SoundfontWarning, stacklevel=4)
    _engine[key] = synth
    return synth


def synth_name() -> str:
    """Which synth plays: ``"FluidSynth"`` or ``"built-in"``.

    Examples
    --------
    >>> synth_name() in ("FluidSynth", "built-in")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    return "FluidSynth" if _fluidsynth(SAMPLE_RATE) is not None else "built-in"


def render_events(events: Sequence[NoteEvent], *, seconds: float | None = None,
                  sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, int]:
    """Render timed note events to ``(stereo float32 samples, sample_rate)``.

    ``seconds`` is the music's length (default: the last note's end); a reverb tail follows.

    Examples
    --------
    >>> y, sr = render_events([NoteEvent(0.0, 0.5, 69, 100, 40)])
    >>> y.shape == (int(1.5 * sr), 2), float(abs(y).max()) > 0.01
    (True, True)

    Lesson: lessons/00_first_motif.ipynb
    """
    sample_rate = check_rate(sample_rate)
    events = list(events)
    if len(events) > MAX_EVENTS:
        raise ScoringError(f"{len(events)} notes in one render is over the {MAX_EVENTS} limit; render a shorter excerpt")
    for e in events:
        if not isinstance(e, NoteEvent):
            raise ScoringError(f"render_events takes NoteEvent values, not {type(e).__name__}")
    events.sort(key=lambda e: (e.start, e.pitch))
    end = max([e.end for e in events], default=0.0)
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float, np.number))
                                or not math.isfinite(seconds) or seconds < 0):
        raise ScoringError(f"seconds {seconds!r} must be a length in seconds, 0 or more")
    seconds = end if seconds is None else float(seconds)
    if seconds > MAX_SECONDS:
        raise ScoringError(f"{seconds:.0f} s of sound is over the {MAX_SECONDS:.0f} s limit; render a shorter excerpt")
    total = int(round((seconds + TAIL_SECONDS) * sample_rate))
    with _lock:
        synth = _fluidsynth(sample_rate)
        if synth is not None:
            y = _render_fluidsynth(synth, events, total, sample_rate)
        else:
            y = _render_builtin(events, total, sample_rate)
    return limit(room(y, sample_rate, in_place=True), in_place=True), sample_rate


def _channels(events: Iterable[NoteEvent]) -> dict[int, int]:
    programs = sorted({e.program for e in events})
    chans = [c for c in range(16) if c != 9]
    if len(programs) > len(chans):
        raise ScoringError(f"{len(programs)} instruments at once is more than MIDI's 15 melodic channels; use fewer")
    return {p: chans[i] for i, p in enumerate(programs)}


def _settle(synth) -> None:
    """Silence the synth and realign it with its 64-frame blocks, so equal input renders equal output."""
    synth.system_reset()
    for _ in range(200):  # at most ~5 s of reverb tail at 44.1 kHz
        if not _pull(synth, 1024).any():
            break
    done = _engine.get(("frames", id(synth)), 0)
    _pull(synth, 64 - done % 64 or 64)
    _engine[("frames", id(synth))] = 0


def _pull(synth, frames: int) -> np.ndarray:
    """Render ``frames`` stereo frames as float32 (FluidSynth's float output has no dither noise)."""
    import ctypes

    import fluidsynth

    _engine[("frames", id(synth))] = _engine.get(("frames", id(synth)), 0) + frames  # per synth: one rate never shifts another
    out = np.zeros((2, frames), dtype=np.float32)
    write = fluidsynth._fl.fluid_synth_write_float
    write.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                      ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    write(synth.synth, frames, out[0].ctypes.data, 0, 1, out[1].ctypes.data, 0, 1)
    return out.T


def _render_fluidsynth(synth, events, total: int, sample_rate: int) -> np.ndarray:
    _settle(synth)
    synth.set_reverb(roomsize=0.55, damping=0.35, width=0.9, level=0.32)
    chan = _channels(events)
    for program, c in chan.items():
        synth.program_select(c, _engine[f"sfid{sample_rate}"], 0, program)
    # note-ons and note-offs in time order; offs first at equal times so repeated notes re-strike
    timeline = sorted([(e.start, 1, e) for e in events] + [(e.end, 0, e) for e in events],
                      key=lambda x: (x[0], x[1]))
    out = np.zeros((total, 2), dtype=np.float32)
    pos = 0
    for t, on, e in timeline:
        frame = min(int(round(t * sample_rate)), total)
        if frame > pos:
            out[pos:frame] = _pull(synth, frame - pos)
            pos = frame
        if on:
            synth.noteon(chan[e.program], e.pitch, e.velocity)
        else:
            synth.noteoff(chan[e.program], e.pitch)
    if total > pos:
        out[pos:] = _pull(synth, total - pos)
    out *= 4.0
    return out


# ---------------------------------------------------------------- the built-in synth
# Per GM family (program // 8): harmonic amplitudes, attack, decay-to-sustain, sustain level, release.
_FAMILIES = {
    "keys": ((1, .5, .3, .2, .1, .05), .005, .8, .25, .3),
    "pluck": ((1, .6, .4, .25, .15, .1), .003, .5, .1, .25),
    "organ": ((1, .8, .6, 0, .4, 0, .2), .02, .1, .9, .1),
    "string": ((1, .7, .5, .4, .3, .2, .15, .1), .12, .2, .85, .35),
    "brass": ((1, .9, .7, .55, .4, .3, .2, .15), .06, .2, .8, .2),
    "reed": ((1, .2, .6, .1, .4, .1, .2), .04, .1, .85, .15),
    "flute": ((1, .25, .08, .03), .06, .1, .85, .15),
    "lead": tuple([tuple(1 / k for k in range(1, 13)), .01, .1, .8, .1]),
    "pad": ((1, .4, .2, .1), .5, .5, .8, .8),
    "perc": ((1, .3, .5, .1, .2), .002, .6, 0.0, .3),
}
#: The sixteen GM families (program // 8): piano, chromatic percussion, organ, guitar, bass, strings,
#: ensemble, brass, reed, pipe, synth lead, synth pad, synth effects, ethnic, percussive, sound effects.
_FAMILY_OF = ("keys", "perc", "organ", "pluck", "pluck", "string", "string", "brass",
              "reed", "flute", "lead", "pad", "pad", "pluck", "perc", "perc")


def _family(program: int) -> str:
    return _FAMILY_OF[program // 8]


def _render_builtin(events, total: int, sample_rate: int) -> np.ndarray:
    mono = np.zeros(total, dtype=np.float64)
    for e in events:
        harmonics, attack, decay, sustain, release = _FAMILIES[_family(e.program)]
        start = int(e.start * sample_rate)
        length = max(1, int((e.end - e.start + release) * sample_rate))
        length = min(length, total - start)
        if length <= 0:
            continue
        t = np.arange(length) / sample_rate
        f0 = 440.0 * 2 ** ((e.pitch - 69) / 12)
        wave = sum(a * np.sin(2 * np.pi * f0 * k * t) for k, a in enumerate(harmonics, 1) if f0 * k < sample_rate / 2)
        held = e.end - e.start
        env = np.where(t < attack, t / attack,
                       sustain + (1 - sustain) * np.exp(-(t - attack) / max(decay, 1e-3)))
        env = np.where(t > held, env * np.exp(-(t - held) / (release / 4)), env)
        mono[start:start + length] += (e.velocity / 127) ** 1.5 * 0.75 * env * wave / sum(harmonics)
    return np.repeat(mono[:, None], 2, axis=1).astype(np.float32)
