"""The synthesiser: timed note events rendered to samples.

FluidSynth plays the General MIDI soundfont shipped in ``assets/soundfonts`` (real
instrument colours, a little room reverb). Where the FluidSynth library is missing, a small
built-in additive synth takes over after one warning, with the same API.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import contextlib
import io
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.analog import Patch, render_notes
from scoring.render.checks import items, number, whole
from scoring.render.dsp import MAX_SECONDS, SAMPLE_RATE, check_rate, limit, room
from scoring.render.kernel import after_each_cell
from scoring.render.soundfont import SHIPPED, decoded_path, is_current

__all__ = ["NoteEvent", "SoundfontWarning", "soundfont_path", "synth_name", "synth_version", "render_events",
           "MAX_EVENTS"]

TAIL_SECONDS = 1.0           # reverb ring after the last note
#: The most notes one render may hold (a dense ten-minute cue has a few thousand).
MAX_EVENTS = 20000
SOUNDFONT_NAME = SHIPPED.name


@dataclass(frozen=True)
class NoteEvent:
    """One sounding note: ``start`` and ``end`` in seconds, MIDI ``pitch``, ``velocity``, GM ``program``,
    and the synth :class:`~scoring.render.analog.Patch` that plays it instead of the program (``None``:
    the General MIDI soundfont plays it).

    Lesson: lessons/00_first_motif.ipynb
    """

    start: float
    end: float
    pitch: int
    velocity: int
    program: int
    patch: Patch | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if type(value) is not float or not 0 <= value <= MAX_SECONDS + 60:  # the usual case, checked quickly
                number(value, f"note event {name}", f"give seconds between 0 and {MAX_SECONDS:.0f}",
                       lo=0, hi=MAX_SECONDS + 60)
        if self.end < self.start:
            raise ScoringError(f"note event ends ({self.end}) before it starts ({self.start}); swap them")
        for name in ("pitch", "velocity", "program"):
            value = getattr(self, name)
            if type(value) is not int or not (name == "velocity") <= value <= 127:
                whole(value, f"note event {name}", "give a whole number in MIDI's range (0-127)",
                      lo=1 if name == "velocity" else 0, hi=127)
        if self.patch is not None and not isinstance(self.patch, Patch):
            raise ScoringError(f"a note event's patch should be a Patch or None, not {type(self.patch).__name__}")


class SoundfontWarning(UserWarning):
    """FluidSynth or the soundfont is missing, so the built-in synth plays instead.

    Lesson: lessons/00_first_motif.ipynb
    """


def soundfont_path() -> Path | None:
    """Where the General MIDI soundfont is: ``$SCORING_SOUNDFONT``, then the course's own (its decoded
    SF2 copy when ``./course setup`` has made one, see :mod:`scoring.render.soundfont`, else the shipped
    SF3), then Debian's copy.

    Examples
    --------
    >>> soundfont_path().name in ("FluidR3Mono_GM.sf2", "FluidR3Mono_GM.sf3")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    candidates = [os.environ.get("SCORING_SOUNDFONT"), decoded_path(SHIPPED) if is_current(SHIPPED) else None,
                  SHIPPED, Path("/usr/share/sounds/sf3") / SOUNDFONT_NAME]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


_lock = threading.Lock()
_engine: dict[str, object] = {}
_warned = False


def _fluid_api() -> dict:
    """The few FluidSynth C functions used here, typed once (through pyfluidsynth's library handle).

    They keep Python's lock while they run, all but the soundfont's loading and the one long
    ``write_float`` of a render (``"render"``): a render is a few hundred short calls, and a thread
    that lets the lock go at each call waits to get it back (up to 5 ms each time) while another
    thread runs Python, as a panel's drawing does. The sequencer's functions are absent (None)
    from a FluidSynth without them."""
    api = _engine.get("api")
    if api is None:
        import ctypes

        with contextlib.redirect_stdout(io.StringIO()):  # with $CI set it prints where it found the library
            import fluidsynth

        vp, i, d = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
        held = ctypes.PyDLL(fluidsynth._fl._name, handle=fluidsynth._fl._handle)  # the same library, lock kept

        def fn(name, restype, *argtypes, lib=held):
            f = getattr(lib, name)
            f.restype, f.argtypes = restype, list(argtypes)
            return f

        api = {
            "new_settings": fn("new_fluid_settings", vp),
            "delete_settings": fn("delete_fluid_settings", None, vp),
            "setnum": fn("fluid_settings_setnum", i, vp, ctypes.c_char_p, d),
            "setint": fn("fluid_settings_setint", i, vp, ctypes.c_char_p, i),
            "new_synth": fn("new_fluid_synth", vp, vp),
            "delete_synth": fn("delete_fluid_synth", None, vp),
            "sfload": fn("fluid_synth_sfload", i, vp, ctypes.c_char_p, i, lib=fluidsynth._fl),  # once, seconds
            "sfont": fn("fluid_synth_get_sfont_by_id", vp, vp, i),
            "add_sfont": fn("fluid_synth_add_sfont", i, vp, vp),
            "remove_sfont": fn("fluid_synth_remove_sfont", i, vp, vp),
            # FluidSynth 2.2 and later: an instrument's samples kept loaded (see _keep)
            "pin": fn("fluid_synth_pin_preset", i, vp, i, i, i) if hasattr(held, "fluid_synth_pin_preset") else None,
            "program_select": fn("fluid_synth_program_select", i, vp, i, i, i, i),
            "noteon": fn("fluid_synth_noteon", i, vp, i, i, i),
            "noteoff": fn("fluid_synth_noteoff", i, vp, i, i),
            "write_float": fn("fluid_synth_write_float", i, vp, i, vp, i, i, vp, i, i),
            "render": fn("fluid_synth_write_float", i, vp, i, vp, i, i, vp, i, i, lib=fluidsynth._fl),  # lock let go
            "set_log": fn("fluid_set_log_function", vp, i, vp, vp),
            "version": fn("fluid_version_str", ctypes.c_char_p),
        }
        sh, ui = ctypes.c_short, ctypes.c_uint
        try:  # the sequencer plays a render's notes inside one long render call (FluidSynth 2.2 and later)
            api.update({
                "new_sequencer": fn("new_fluid_sequencer2", vp, i),
                "delete_sequencer": fn("delete_fluid_sequencer", None, vp),
                "register": fn("fluid_sequencer_register_fluidsynth", sh, vp, vp),
                "time_scale": fn("fluid_sequencer_set_time_scale", None, vp, d),
                "new_event": fn("new_fluid_event", vp),
                "delete_event": fn("delete_fluid_event", None, vp),
                "source": fn("fluid_event_set_source", None, vp, sh),
                "dest": fn("fluid_event_set_dest", None, vp, sh),
                "event_noteon": fn("fluid_event_noteon", None, vp, i, sh, sh),
                "event_noteoff": fn("fluid_event_noteoff", None, vp, i, sh),
                "send_at": fn("fluid_sequencer_send_at", i, vp, vp, ui, i),
            })
        except AttributeError:
            api["new_sequencer"] = None
        api["set_log"](2, None, None)  # FLUID_WARN: a synth made before its soundfont is added warns per channel
        _engine["api"] = api
    return api


def _fluidsynth(sample_rate: int = SAMPLE_RATE):
    """The loaded General MIDI soundfont (loaded once per process, shared by every render), or None.

    Each render plays on a new synth (see :func:`_render_fluidsynth`), so no state survives from one
    render to the next, and the same notes give the same samples whatever played before.

    Where FluidSynth can pin a preset (2.2 and later), an instrument's samples are read from the file
    the first time it plays and then kept (:func:`_keep`), instead of the whole soundfont at once: a
    kernel holds the instruments its lesson plays (9 MB for the piano and the drum kit, under 1 MB for
    most others), not all of them (130 MB). Loaded alone, a sample ends where it ends: a note that
    plays a sample out to its end, or stops a voice as it falls silent, may differ from one read out
    of the whole soundfont in its last few hundred frames (19 of the 128 instruments; measured 35 to
    117 dB below the instrument's peak)."""
    global _warned
    if os.environ.get("SCORING_SYNTH", "").lower() == "builtin":
        return None
    if "sfont" in _engine:
        return _engine["sfont"]
    sfont, why = None, ""
    sf = soundfont_path()
    try:
        api = _fluid_api()
        if sf is None:
            why = f"the soundfont {SOUNDFONT_NAME} is not in assets/soundfonts"
        else:
            settings = api["new_settings"]()
            if api["pin"] is not None:
                api["setint"](settings, b"synth.dynamic-sample-loading", 1)
            holder = api["new_synth"](settings)  # owns the soundfont; never plays
            sfid = api["sfload"](holder, str(sf).encode(), 0)
            if sfid < 0:
                why = f"FluidSynth could not load {sf.name}"
            else:
                sfont = api["sfont"](holder, sfid)
                _engine["holder"] = (settings, holder, sfid)
                # every new synth selects the piano on its channels and the drum kit on channel 10 as the
                # soundfont is added: kept from the start, or each render would read them again
                _keep(0, bank=0)
                _keep(0, bank=128)
    except (ImportError, OSError, AttributeError) as exc:
        why = f"the FluidSynth library is missing ({exc.__class__.__name__})"
    if sfont is None and not _warned:
        _warned = True
        warnings.warn(
            f"Playing with the built-in synth because {why}. For real instrument sounds install FluidSynth: "
            "'sudo apt-get install libfluidsynth3' (Debian/Ubuntu), 'brew install fluid-synth' (macOS), "
            "or the official build from github.com/FluidSynth/fluidsynth/releases (Windows), then restart the kernel.",
            SoundfontWarning, stacklevel=4)
    _engine["sfont"] = sfont
    return sfont


def _keep(program: int, *, bank: int = 0) -> None:
    """Keep a General MIDI instrument's samples loaded once it has played: pinned on the holder synth
    (see :func:`_fluidsynth`), so a render's synth, made and deleted each time, finds them loaded
    instead of reading them from the file again (pinning a pinned one does nothing). Without pinning,
    the whole soundfont is loaded."""
    api, holder = _fluid_api(), _engine.get("holder")
    if api["pin"] is not None and holder is not None:
        _, synth, sfid = holder
        api["pin"](synth, sfid, bank, program)


def synth_name() -> str:
    """Which synth plays: ``"FluidSynth"`` or ``"built-in"``.

    Examples
    --------
    >>> synth_name() in ("FluidSynth", "built-in")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    return "FluidSynth" if _fluidsynth(SAMPLE_RATE) is not None else "built-in"


def synth_version() -> str:
    """The FluidSynth library that plays, like ``"FluidSynth 2.3.1"``, or ``"built-in"``. Two
    versions of FluidSynth may play the same notes a little differently (a lesson's sound is
    reproduced exactly by the version that made it).

    Examples
    --------
    >>> synth_version() == "built-in" or synth_version().startswith("FluidSynth 2.")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    if _fluidsynth(SAMPLE_RATE) is None:
        return "built-in"
    return "FluidSynth " + _fluid_api()["version"]().decode()


def render_events(events: Sequence[NoteEvent], *, seconds: float | None = None,
                  sample_rate: int = SAMPLE_RATE) -> tuple[np.ndarray, int]:
    """Render timed note events to ``(stereo float32 samples, sample_rate)``.

    ``seconds`` is the music's length (default: the last note's end); a reverb tail follows.
    Events with a ``patch`` play on the analog voice (:mod:`scoring.render.analog`), each patch with
    its own effects, mixed with the General MIDI ones (a hybrid score); their tail may ring longer.

    Examples
    --------
    >>> y, sr = render_events([NoteEvent(0.0, 0.5, 69, 100, 40)])
    >>> y.shape == (int(1.5 * sr), 2), float(abs(y).max()) > 0.01
    (True, True)

    Lesson: lessons/00_first_motif.ipynb
    """
    after_each_cell()  # a kernel that makes sound gives back the memory its renders freed, after each cell
    sample_rate = check_rate(sample_rate)
    events = items(events, "events", f"give NoteEvent values (e.g. from .events()); more is over the {MAX_EVENTS} "
                   "limit for one render, so render a shorter excerpt", most=MAX_EVENTS)
    for e in events:
        if not isinstance(e, NoteEvent):
            raise ScoringError(f"render_events takes NoteEvent values, not {type(e).__name__}")
    events.sort(key=lambda e: (e.start, e.pitch))
    end = max([e.end for e in events], default=0.0)
    seconds = end if seconds is None else number(seconds, "seconds", "give the music's length in seconds, 0 or more",
                                                 lo=0)
    if seconds > MAX_SECONDS:
        raise ScoringError(f"{seconds:.0f} s of sound is over the {MAX_SECONDS:.0f} s limit; render a shorter excerpt")
    patched: dict[Patch, list[NoteEvent]] = {}
    for e in events:
        if e.patch is not None:
            patched.setdefault(e.patch, []).append(e)
    tail = max([TAIL_SECONDS] + [p.tail for p in patched])
    total = int(round((seconds + tail) * sample_rate))
    general = [e for e in events if e.patch is None] if patched else events
    if general or not patched:
        with _lock:
            sfont = _fluidsynth(sample_rate)
            if sfont is not None:
                y = _render_fluidsynth(sfont, general, total, sample_rate)
            else:
                y = _render_builtin(general, total, sample_rate)
        y = room(y, sample_rate, in_place=True)
    else:
        y = np.zeros((total, 2), dtype=np.float32)
    for patch, notes in patched.items():          # each patch brings its own delay and room
        y += render_notes(notes, patch, total, sample_rate)
    return limit(y, in_place=True), sample_rate


def _channels(events: Iterable[NoteEvent]) -> dict[int, int]:
    programs = sorted({e.program for e in events})
    chans = [c for c in range(16) if c != 9]
    if len(programs) > len(chans):
        raise ScoringError(f"{len(programs)} instruments at once is more than MIDI's 15 melodic channels; use fewer")
    return {p: chans[i] for i, p in enumerate(programs)}


def _polyphony(events) -> int:
    """Voices to allocate: 64 (a new synth is made faster) unless the notes that overlap, counting
    2 s of release and 2 voices a note, could need more; then FluidSynth's 256. Without voice
    stealing the samples are the same for any polyphony."""
    edges = sorted([(e.start, 1) for e in events] + [(e.end + 2.0, -1) for e in events])
    most = now = 0
    for _, step in edges:
        now += step
        most = max(most, now)
    return 64 if 2 * most <= 64 else 256


#: FluidSynth renders in blocks of this many frames; a note played between two writes starts at the next block.
FLUID_BLOCK = 64
#: Sequencer ticks per millisecond (FluidSynth's sample timer counts whole milliseconds).
_TICKS_PER_MS = 1000


def _block_ms(block: int, sample_rate: int) -> int:
    """The milliseconds FluidSynth's sample timer reports as it starts rendering ``block`` (its
    own arithmetic: whole milliseconds since the synth started, rounded down)."""
    return int(1000.0 * (FLUID_BLOCK * block) / sample_rate)


def _render_fluidsynth(sfont, events, total: int, sample_rate: int) -> np.ndarray:
    """Play the events on a new synth sharing the loaded soundfont; returns (frames, 2) float32.

    A fresh synth starts silent and on a block boundary, so equal input renders equal output
    whatever played before, at any sample rate. FluidSynth writes straight into the interleaved
    output (its float output has no dither noise).

    A note played between two writes starts at FluidSynth's next block of :data:`FLUID_BLOCK`
    frames. The notes are handed to FluidSynth's sequencer, each timed to fire as the block before
    its own is rendered (so it starts in that same block), in the order they are played; then the
    whole sound is rendered in one call that lets Python's lock go, so a panel's drawing goes on
    meanwhile. Notes in the first two blocks, notes past the sequencer's reach (more than a
    thousand in one block), and every note at 64 kHz and above (blocks shorter than the timer's
    millisecond) are played between writes instead. A note alone sounds sample for sample as one
    played between writes; in music, a note takes its voice a block earlier, before the voices
    ending in that block are free, so a voice's first block may differ by a little (measured on
    the course's cues: 60 to 100 dB below the music)."""
    api = _fluid_api()
    settings = api["new_settings"]()
    api["setnum"](settings, b"synth.sample-rate", float(sample_rate))
    api["setnum"](settings, b"synth.gain", 2.0)  # the level of gain 0.5 times 4, sample for sample (powers of 2)
    api["setint"](settings, b"synth.reverb.active", 0)
    api["setint"](settings, b"synth.chorus.active", 0)
    api["setint"](settings, b"synth.polyphony", _polyphony(events))
    synth = api["new_synth"](settings)
    sequencer = event = None
    out = np.zeros((total, 2), dtype=np.float32)
    try:
        sfid = api["add_sfont"](synth, sfont)
        chan = _channels(events)
        for program, c in chan.items():
            _keep(program)
            api["program_select"](synth, c, sfid, 0, program)
        # note-ons and note-offs in time order; offs first at equal times so repeated notes re-strike
        timeline = sorted([(e.start, 1, e) for e in events] + [(e.end, 0, e) for e in events],
                          key=lambda x: (x[0], x[1]))
        timed = api["new_sequencer"] is not None and 1000.0 * FLUID_BLOCK / sample_rate > 1.0
        if timed:
            sequencer, event = api["new_sequencer"](0), api["new_event"]()
            me = api["register"](sequencer, synth)
            api["time_scale"](sequencer, 1000.0 * _TICKS_PER_MS)
            api["source"](event, -1)
            api["dest"](event, me)
        between: list[tuple[int, int, NoteEvent]] = []   # played between writes
        block_of_last, rank = -1, 0
        for t, on, e in timeline:
            frame = min(int(round(t * sample_rate)), total)
            block = -(-frame // FLUID_BLOCK)    # the block the note starts (or stops) in
            rank = rank + 1 if block == block_of_last else 0
            block_of_last = block
            if not timed or block < 2 or rank >= _TICKS_PER_MS - 1:
                between.append((frame, on, e))
                continue
            # fires as block - 1 starts rendering, after the notes before it in this block
            tick = _TICKS_PER_MS * _block_ms(block - 2, sample_rate) + 1 + rank
            if on:
                api["event_noteon"](event, chan[e.program], e.pitch, e.velocity)
            else:
                api["event_noteoff"](event, chan[e.program], e.pitch)
            api["send_at"](sequencer, event, tick, 1)
        base, frame_bytes = out.ctypes.data, 2 * out.itemsize
        write, noteon, noteoff = api["write_float"], api["noteon"], api["noteoff"]
        pos = 0
        for frame, on, e in between:
            if frame > pos:
                write(synth, frame - pos, base + pos * frame_bytes, 0, 2, base + pos * frame_bytes, 1, 2)
                pos = frame
            if on:
                noteon(synth, chan[e.program], e.pitch, e.velocity)
            else:
                noteoff(synth, chan[e.program], e.pitch)
        if total > pos:
            api["render"](synth, total - pos, base + pos * frame_bytes, 0, 2, base + pos * frame_bytes, 1, 2)
    finally:
        if event is not None:
            api["delete_event"](event)
        if sequencer is not None:
            api["delete_sequencer"](sequencer)  # before its synth: it holds the synth's timer
        api["remove_sfont"](synth, sfont)  # the soundfont stays loaded for the next synth
        api["delete_synth"](synth)
        api["delete_settings"](settings)
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
