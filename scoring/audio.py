"""Sound: motifs and cues rendered to samples, WAV files and compressed players.

FluidSynth plays the General MIDI soundfont shipped in ``assets/soundfonts`` (real
instrument colours, a little room reverb). Where the FluidSynth library is missing, a small
built-in additive synth takes over after one warning, with the same API.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import base64
import contextlib
import io
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .errors import ScoringError

SAMPLE_RATE = 44100
TAIL_SECONDS = 1.0           # reverb ring after the last note
MAX_SECONDS = 600.0
SOUNDFONT_NAME = "FluidR3Mono_GM.sf3"
_HERE = Path(__file__).resolve().parent


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


def motif_events(motif, *, offset: float = 0.0) -> list[NoteEvent]:
    """The notes of a motif as timed events (rests leave gaps).

    Examples
    --------
    >>> from scoring import Motif
    >>> [(e.start, e.pitch) for e in motif_events(Motif.parse("c4 r e", tempo=60))]
    [(0.0, 60), (2.0, 64)]

    Lesson: lessons/00_first_motif.ipynb
    """
    spb = 60.0 / motif.tempo
    t, out = offset, []
    for n in motif.notes:
        d = float(n.duration) * spb
        if not n.is_rest:
            out.append(NoteEvent(t, t + d, n.pitch, n.velocity, motif.program))
        t += d
    return out


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
                _engine["sfid"] = sfid
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
    events = sorted(events, key=lambda e: (e.start, e.pitch))
    end = max([e.end for e in events], default=0.0)
    seconds = end if seconds is None else float(seconds)
    if seconds > MAX_SECONDS:
        raise ScoringError(f"{seconds:.0f} s of sound is over the {MAX_SECONDS:.0f} s limit; render a shorter excerpt")
    if not 8000 <= sample_rate <= 96000:
        raise ScoringError(f"sample rate {sample_rate} Hz is outside 8000-96000; 44100 is CD quality")
    total = int(round((seconds + TAIL_SECONDS) * sample_rate))
    with _lock:
        synth = _fluidsynth(sample_rate)
        if synth is not None:
            y = _render_fluidsynth(synth, events, total, sample_rate)
        else:
            y = _render_builtin(events, total, sample_rate)
    return _limit(room(y, sample_rate)), sample_rate


def render(motif, *, sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, int]:
    """Render a motif (anything with ``motif_events``-style notes) to samples.

    Examples
    --------
    >>> from scoring import Motif
    >>> y, sr = render(Motif.parse("c4 e g", tempo=60))
    >>> round(len(y) / sr, 1)  # three seconds of music and one of ring-out
    4.0

    Lesson: lessons/00_first_motif.ipynb
    """
    return render_events(motif_events(motif), seconds=motif.duration_seconds, sample_rate=sample_rate)


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
    _pull(synth, 64 - _engine.get("frames", 0) % 64 or 64)
    _engine["frames"] = 0


def _pull(synth, frames: int) -> np.ndarray:
    """Render ``frames`` stereo frames as float32 (FluidSynth's float output has no dither noise)."""
    import ctypes

    import fluidsynth

    _engine["frames"] = _engine.get("frames", 0) + frames
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
        synth.program_select(c, _engine["sfid"], 0, program)
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
    return out * 4.0


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


def room(dry: np.ndarray, sample_rate: int = SAMPLE_RATE, *, wet: float = 0.22, seconds: float = 1.3) -> np.ndarray:
    """Add a small hall: a seeded, darkened, exponentially decaying noise reverb (stereo, deterministic).

    ``wet`` is the reverb's loudness against the dry sound; ``seconds`` its decay time (RT60).

    Examples
    --------
    >>> dry = np.zeros(44100); dry[0] = 1.0
    >>> wet = room(dry)
    >>> wet.shape, float(abs(wet[22050:, 0]).max()) > 0  # the click rings on, in stereo
    ((44100, 2), True)

    Lesson: lessons/00_first_motif.ipynb
    """
    dry = np.asarray(dry, dtype=np.float64)
    if dry.ndim == 1:
        dry = np.repeat(dry[:, None], 2, axis=1)
    total = len(dry)
    rng = np.random.default_rng(7)  # fixed seed: the same room every time
    ir_len = int(seconds * sample_rate)
    t = np.arange(ir_len) / sample_rate
    envelope = np.exp(-6.9 * t / seconds) * (t > 0.015)  # 15 ms before the first reflection
    n = 1 << int(np.ceil(np.log2(total + ir_len)))
    out = np.empty((total, 2), dtype=np.float32)
    for ch in range(2):
        noise = np.convolve(rng.standard_normal(ir_len), np.ones(6) / 6, mode="same")  # darker tail
        ir = noise * envelope
        ir *= wet / np.sqrt(np.sum(ir ** 2))
        wet_sig = np.fft.irfft(np.fft.rfft(dry[:, ch], n) * np.fft.rfft(ir, n), n)[:total]
        out[:, ch] = dry[:, ch] + wet_sig
    return out


def _limit(y: np.ndarray) -> np.ndarray:
    """Soft-limit peaks above 0.8 so loud chords never clip; quieter sound passes unchanged."""
    y = np.asarray(y, dtype=np.float32)
    over = np.abs(y) > 0.8
    if over.any():
        y = y.copy()
        y[over] = np.sign(y[over]) * (0.8 + 0.2 * np.tanh((np.abs(y[over]) - 0.8) / 0.2))
    return y


# ---------------------------------------------------------------- files and players
def write_wav(path: str | os.PathLike, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write samples as a 16-bit WAV file; returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_wav(pathlib.Path(tempfile.mkdtemp()) / "a.wav", np.zeros((4410, 2)))
    >>> path.suffix, path.stat().st_size > 17000
    ('.wav', True)

    Lesson: lessons/00_first_motif.ipynb
    """
    import soundfile as sf

    from .model import writable_path

    target = writable_path(path, (".wav",))
    sf.write(str(target), np.asarray(samples, dtype=np.float32), sample_rate, subtype="PCM_16")
    return target


def mp3_bytes(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, *, stereo: bool = False) -> bytes:
    """Compress samples to MP3 (variable bit rate; mono by default, about 40 kbit/s, so a lesson
    with twenty players stays small; ``stereo=True`` keeps the room's width at about 70 kbit/s).

    Examples
    --------
    >>> y = np.zeros((44100, 2), dtype=np.float32)
    >>> mp3_bytes(y)[:2] in (b"ID", b"\\xff\\xfb")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    import soundfile as sf

    y = np.asarray(samples, dtype=np.float32)
    if y.ndim == 2 and not stereo:
        y = y.mean(axis=1)
    buf = io.BytesIO()
    sf.write(buf, y, sample_rate, format="MP3", compression_level=0.9 if not stereo else 0.75,
             bitrate_mode="VARIABLE")
    return buf.getvalue()


def audio_tag(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, *, label: str = "") -> str:
    """An HTML ``<audio>`` player holding the sound as an MP3 data URI (works offline, untrusted).

    Examples
    --------
    >>> audio_tag(np.zeros((4410, 2)), label="silence")[:46]
    '<audio controls preload="auto" title="silence"'

    Lesson: lessons/00_first_motif.ipynb
    """
    data = base64.b64encode(mp3_bytes(samples, sample_rate)).decode("ascii")
    title = f' title="{_escape(label)}"' if label else ""
    return f'<audio controls preload="auto"{title} src="data:audio/mpeg;base64,{data}"></audio>'


def _escape(text: str) -> str:
    import html

    return html.escape(str(text), quote=True)
