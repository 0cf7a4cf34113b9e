"""Electronic and hybrid scores: synth patches as instruments, arpeggios, step sequences and drones
written in beats, hybrid cues (orchestra and synths as one body), and what a patch sounds like in
numbers (brightness, attack, movement) measured against a brief.

The synth itself is :mod:`scoring.render.analog` (floor 1); this module puts it to musical use. A
:class:`~scoring.render.analog.Patch` is an instrument like any other: ``motif.with_instrument(patch)``,
``Layer("pad", chords, patch)``, or a palette whose layers are patches.

>>> from scoring import Motif
>>> theme = Motif.parse("4/4 a4 c' e' d'2", name="Night", key="A minor")
>>> theme.with_instrument(patch("warm pad")).summary()
'Night: A4 C5 E5 D5 | A minor | 4/4 | 100 BPM | warm pad | 3.0 s'

Lesson: lessons/09_electronic.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np

from scoring.core.cue import Chord, Cue, Layer, as_cue
from scoring.core.instruments import GM_NAMES
from scoring.core.motif import Motif
from scoring.core.notes import Note, as_duration
from scoring.core.pitch import midi_number
from scoring.errors import ScoringError
from scoring.mood import Palette, apply_palette
from scoring.render.analog import (ARP_PATTERNS, PRESETS, WAVES, Envelope, Patch, arpeggiate, preset, render_patch,
                                   step_sequence)
from scoring.render.checks import expect, number, show, text, whole
from scoring.render.dsp import samples as as_samples

__all__ = ["Envelope", "Patch", "PRESETS", "WAVES", "ARP_PATTERNS", "patch", "is_synth", "is_orchestral",
           "arpeggio", "sequence", "drone", "revoice", "hybrid", "WARM_SYNTH", "COLD_ORCHESTRA", "Timbre",
           "timbre", "patch_timbre", "Brief", "CITY_AT_3AM", "brief_report", "note_sound"]


def patch(base: str | Patch, /, **changes) -> Patch:
    """A named preset (see :data:`~scoring.render.analog.PRESETS`), or a patch, with some settings changed.

    Examples
    --------
    >>> patch("warm pad", cutoff=600).cutoff, str(patch("cold drone"))
    (600.0, 'cold drone')

    Lesson: lessons/09_electronic.ipynb
    """
    start = base if isinstance(base, Patch) else preset(base)
    return start.replace(**changes) if changes else start


def _instrument(value: str | Patch) -> Patch:
    """A patch from a patch or a preset's name (a GM name is not a patch)."""
    return value if isinstance(value, Patch) else preset(value)


#: General MIDI programs that are acoustic, orchestral instruments: piano and tuned percussion,
#: strings, choir, brass, woodwinds (what "orchestral" means in a hybrid checker).
_ORCHESTRAL = set(range(0, 2)) | set(range(8, 16)) | set(range(40, 50)) | {52, 53, 55} | set(range(56, 62)) \
    | set(range(64, 80))


def is_synth(layer: Layer | Motif) -> bool:
    """Whether a layer (or motif) plays on a synth patch (the analog voice).

    Examples
    --------
    >>> is_synth(Motif.parse("c4 e g", instrument=patch("warm pad"))), is_synth(Motif.parse("c4 e g"))
    (True, False)

    Lesson: lessons/09_electronic.ipynb
    """
    expect(layer, (Layer, Motif), "layer", "a cue's layer, or a Motif")
    return layer.patch is not None


def is_orchestral(layer: Layer | Motif) -> bool:
    """Whether a layer (or motif) plays on an acoustic orchestral instrument (strings, brass, winds,
    piano, tuned percussion, choir), not a synth patch nor a GM synth sound.

    Examples
    --------
    >>> is_orchestral(Motif.parse("c4", instrument="Cello")), is_orchestral(Motif.parse("c4", instrument="Pad 2 (warm)"))
    (True, False)

    Lesson: lessons/09_electronic.ipynb
    """
    expect(layer, (Layer, Motif), "layer", "a cue's layer, or a Motif")
    return layer.patch is None and layer.program in _ORCHESTRAL


def _chords_of(chords) -> list[Chord]:
    if isinstance(chords, Layer):
        return list(chords.chords)
    if isinstance(chords, Motif):
        return list(Layer.from_motif(chords).chords)
    expect(chords, (list, tuple), "chords", "a Layer, or [Chord((57, 60, 64), 4), ...]")
    for c in chords:
        expect(c, Chord, "each chord", "Chord((57, 60, 64), 4)")
    return list(chords)


def arpeggio(chords, *, pattern: str = "up", step=Fraction(1, 4), octaves: int = 1,
             instrument: str | Patch = "pulse arp", role: str = "arp", articulation: str = "staccato") -> Layer:
    """An arpeggiator in beats: each chord (a harmony layer, or a list of :class:`Chord`) broken into
    a run of single notes, one every ``step`` quarter notes (1/4: sixteenths), in the ``pattern``
    order (up, down, updown, played, random) over ``octaves``. The result is a layer you can read in
    the score, on a patch (``instrument``).

    The pulsing arpeggio is the engine of many synth scores: it keeps time moving under a still
    harmony.

    Examples
    --------
    >>> layer = arpeggio([Chord((57, 60, 64), 2)], pattern="updown", step=Fraction(1, 2))
    >>> [c.pitches[0] for c in layer.chords], str(layer.instrument)
    ([57, 60, 64, 60], 'pulse arp')

    Lesson: lessons/09_electronic.ipynb
    """
    step = as_duration(step)
    held, t = [], Fraction(0)
    for c in _chords_of(chords):
        if not c.is_rest:
            held.append((t, t + c.duration, c.pitches, c.velocity))
        t += c.duration
    notes = arpeggiate(held, step=step, pattern=pattern, octaves=octaves, gate=1)
    out, now = [], Fraction(0)
    for start, end, pitch, velocity in notes:
        if start > now:
            out.append(Chord((), start - now))
        out.append(Chord((pitch,), end - start, velocity))
        now = end
    if t > now:
        out.append(Chord((), t - now))
    if not any(not c.is_rest for c in out):
        raise ScoringError("the chords have no notes to arpeggiate; give chords with pitches")
    return Layer(text(role, "role", "give a layer name, like 'arp'"), tuple(out), _instrument(instrument), articulation)


def sequence(steps, *, root: int | str = 45, step=Fraction(1, 4), repeats: int = 1, name: str = "Sequence",
             key: str = "A minor", tempo: float = 100, instrument: str | Patch = "pulse arp",
             velocity: int = 90) -> Motif:
    """A step sequencer in beats: ``steps`` are semitones above ``root``, one per ``step`` quarter
    notes, ``"."`` a rest, ``"-"`` holds the note before (``"0 7 12 . 3 - 7 10"``), played ``repeats``
    times, as a motif on a patch.

    Examples
    --------
    >>> seq = sequence("0 7 12 -", root="A2", step=Fraction(1, 2))
    >>> seq.pitches, seq.durations
    (['A2', 'E3', 'A3'], [0.5, 0.5, 1.0])

    Lesson: lessons/09_electronic.ipynb
    """
    step = as_duration(step)
    base = midi_number(root) if isinstance(root, str) else whole(root, "root", "give a MIDI note or a name like 'A2'",
                                                             lo=0, hi=127)
    repeats = whole(repeats, "repeats", "give how many times the pattern plays, 1-64", lo=1, hi=64)
    if isinstance(steps, str):
        steps = steps.split()
    expect(steps, (list, tuple), "steps", "'0 7 12 . 3 - 7 10'")
    pattern = list(steps) * repeats
    played = step_sequence(pattern, root=base, step=step, gate=1, velocity=velocity)
    notes, now = [], Fraction(0)
    for start, end, pitch, vel in played:
        if start > now:
            notes.append(Note(None, start - now))
        notes.append(Note(pitch, end - start, vel))
        now = end
    if len(pattern) * step > now:
        notes.append(Note(None, len(pattern) * step - now))
    if not any(not n.is_rest for n in notes):
        raise ScoringError("the pattern has only rests; write at least one step as semitones, like '0'")
    return Motif(tuple(notes), name=name, key=key, tempo=tempo, instrument=_instrument(instrument))


def drone(pitches: Sequence[int | str], *, beats=16, instrument: str | Patch = "cold drone", velocity: int = 64,
          role: str = "drone") -> Layer:
    """A drone: ``pitches`` (MIDI numbers or names) held together for ``beats`` quarter notes, re-struck
    every 64 beats if longer. On a patch that breathes (a slow attack, a slow LFO on the cutoff) it is
    the floor a scene stands on.

    Examples
    --------
    >>> d = drone(["A1", "E2"], beats=8)
    >>> d.chords[0].pitches, d.quarter_length, str(d.instrument)
    ((33, 40), Fraction(8, 1), 'cold drone')

    Lesson: lessons/09_electronic.ipynb
    """
    expect(pitches, (list, tuple), "pitches", "['A1', 'E2']")
    ps = tuple(midi_number(p) if isinstance(p, str) else whole(p, "pitch", "give MIDI 0-127", lo=0, hi=127)
               for p in pitches)
    beats = number(beats, "beats", "give how many quarter notes the drone holds, like 16", lo=1 / 16, hi=4096)
    total = as_duration(beats) if beats <= 64 else Fraction(beats).limit_denominator(16)
    velocity = whole(velocity, "velocity", "give 1-127", lo=1, hi=127)
    chords, left = [], total
    while left > 0:
        d = min(left, Fraction(64))
        chords.append(Chord(ps, d, velocity))
        left -= d
    return Layer(role, tuple(chords), _instrument(instrument), "legato")


def revoice(music: Motif | Cue, voices: Mapping[str, str | Patch]) -> Cue:
    """Give some layers of a cue new instruments: ``{"harmony": "warm pad", "bass": "Cello"}``. A
    value is a preset's name, a :class:`Patch` or a General MIDI name; the notes stay as they are.
    Re-voicing part of an orchestral cue on synths is the simplest hybrid.

    Examples
    --------
    >>> from scoring.mood import apply_palette
    >>> cue = apply_palette(Motif.parse("4/4 a4 c' e' d'"), "warm orchestral")
    >>> [str(l.instrument) for l in revoice(cue, {"harmony": "warm pad"}).layers]
    ['French Horn', 'warm pad', 'Contrabass']

    Lesson: lessons/09_electronic.ipynb
    """
    cue = as_cue(music)
    expect(voices, dict, "voices", "{'harmony': 'warm pad'}")
    roles = [l.role for l in cue.layers]
    for role in voices:
        if role not in roles:
            raise ScoringError(f"the cue has no {show(role)} layer; its layers are {', '.join(roles)}")
    layers = []
    for layer in cue.layers:
        if layer.role in voices:
            value = voices[layer.role]
            instrument = value if isinstance(value, Patch) or (isinstance(value, str) and value.lower() not in PRESETS) \
                else preset(value)
            layer = layer.with_(instrument=instrument)
        layers.append(layer)
    return cue.with_layers(layers)


def hybrid(music: Motif | Cue, *, pad: str | Patch = "warm pad", arp: str | Patch = "pulse arp",
           bass: str | Patch = "synth bass", step=Fraction(1, 4)) -> Cue:
    """Orchestra and synths as one body: the orchestral cue (a motif is orchestrated warm first) with
    a pad doubling the strings' harmony, a pulsing arpeggio of that harmony, and a synth bass an octave
    under the orchestral bass. Nothing is taken away: the synths join.

    Examples
    --------
    >>> cue = hybrid(Motif.parse("4/4 a4 c' e' d'", key="A minor"))
    >>> [(l.role, str(l.instrument)) for l in cue.layers]  # doctest: +NORMALIZE_WHITESPACE
    [('melody', 'French Horn'), ('harmony', 'String Ensemble 1'), ('bass', 'Contrabass'),
     ('pad', 'warm pad'), ('arp', 'pulse arp'), ('synth bass', 'synth bass')]

    Lesson: lessons/09_electronic.ipynb
    """
    cue = apply_palette(music, "warm orchestral") if isinstance(music, Motif) else as_cue(music)
    roles = {l.role: l for l in cue.layers}
    if "harmony" not in roles or "bass" not in roles:
        raise ScoringError("hybrid() needs a cue with 'harmony' and 'bass' layers; orchestrate a motif first "
                           "(apply_palette(motif, 'warm orchestral'))")
    harmony, low = roles["harmony"], roles["bass"]
    pad_layer = replace(harmony, role="pad", instrument=_instrument(pad), articulation="legato")
    arp_layer = arpeggio(harmony, step=step, octaves=2, instrument=arp, pattern="up")
    deep = [Chord(tuple(p - 12 for p in c.pitches if p >= 12), c.duration, c.velocity) for c in low.chords]
    bass_layer = Layer("synth bass", tuple(deep), _instrument(bass), "normal")
    return cue.with_layers(list(cue.layers) + [pad_layer, arp_layer, bass_layer]).with_name(f"{cue.name}, hybrid")


#: A synth palette that is warm: a soft glassy lead, a slow detuned pad, a round synth bass (for
#: :func:`scoring.mood.apply_palette`).
WARM_SYNTH = Palette("warm synth", melody=preset("glass lead"), harmony=preset("warm pad"),
                     bass=preset("synth bass"), articulation="legato",
                     recalls="analog warmth: slow attacks, detuned voices, a filter kept low (Drive's night)")
#: An orchestral palette that is cold: a high solo violin, tremolo strings, low basses, wide gaps.
COLD_ORCHESTRA = Palette("cold orchestra", melody="Violin", harmony="Tremolo Strings", bass="Contrabass",
                         melody_octave=1, bass_octave=-1, articulation="normal",
                         recalls="a thin high line over trembling strings and a far-off bass: distance, unease")


# ---------------------------------------------------------------- timbre in numbers
@dataclass(frozen=True)
class Timbre:
    """A sound in three numbers: ``brightness`` (spectral centroid, Hz: where the spectrum's weight
    sits, low is dark or warm, high is bright or cold), ``attack`` (seconds from the first sound to
    80 % of full level: soft or struck) and ``movement`` (how far the tone and the level wander around
    their trend while a note is held: the centroid's wander in octaves and the level's as a share of
    its mean, combined; 0 is still, 0.1 a gentle breath, 0.5 a clear wobble).

    Lesson: lessons/09_electronic.ipynb
    """

    brightness: float
    attack: float
    movement: float

    def __post_init__(self) -> None:
        for name in ("brightness", "attack", "movement"):
            object.__setattr__(self, name, number(getattr(self, name), name, "give a number 0 or more", lo=0))

    def __str__(self) -> str:
        return f"brightness {self.brightness:.0f} Hz, attack {self.attack:.2f} s, movement {self.movement:.2f}"


def timbre(samples: np.ndarray, sample_rate: int = 44100, *, held: float | None = None) -> Timbre:
    """Measure brightness, attack and movement of a sound (one note, ideally): see :class:`Timbre`.
    ``held`` is how long the note is held (seconds); movement is measured between the attack and then.

    Examples
    --------
    >>> y, sr = render_patch([(0.0, 2.0, 57, 90)], patch("warm pad"))
    >>> t = timbre(y, sr, held=2.0)
    >>> t.brightness < 1500, t.attack > 0.3
    (True, True)

    Lesson: lessons/09_electronic.ipynb
    """
    sr = whole(sample_rate, "sample_rate", "give Hz, like 44100", lo=8000, hi=96000)
    y = as_samples(samples, sr)
    if y.ndim == 2:                             # the mean of the channels (the same numbers, taken faster)
        y = (y[:, 0].astype(np.float64) + y[:, 1]) / 2 if y.shape[1] == 2 else y.astype(np.float64).mean(axis=1)
    y = y.astype(np.float64, copy=False)
    if len(y) < sr // 10 or not np.isfinite(y).all():
        raise ScoringError("timbre() needs at least 0.1 s of finite samples, e.g. from render_patch(...)")
    t, level, centroid = _spectrum_frames(y, sr, 2048, 512)
    if level.max() <= 0:
        raise ScoringError("the sound is silent; play a note louder than nothing")
    loud = level > level.max() * 0.1
    brightness = float(np.average(centroid[loud], weights=level[loud]))
    frame = max(1, sr // 100)                                  # 10 ms RMS envelope for the attack
    env = _moving_mean(y ** 2, frame)
    np.sqrt(np.maximum(env, 0.0, out=env), out=env)
    end = number(held, "held", "give seconds", lo=0) if held is not None else float(t[loud][-1])
    during = env[: max(frame, int(end * sr))]
    full = np.percentile(during, 90)                           # full level, robust to beating unison voices
    start = int(np.argmax(env > full * 0.05))
    attack = float((np.argmax(env >= 0.8 * full) - start) / sr)
    hold = (t > max(attack, 0.05) + 0.1) & (t < end) & loud
    if hold.sum() >= 4:
        x = np.arange(hold.sum())
        tone = _wander(np.log2(centroid[hold]), x)
        loudness = _wander(level[hold], x) / level[hold].mean()
        movement = float(np.hypot(tone, loudness))
    else:
        movement = 0.0
    return Timbre(brightness, max(0.0, attack), movement)


def _spectrum_frames(y: np.ndarray, sr: int, nperseg: int, hop: int, *, block: int = 256):
    """``t, level, centroid`` of each frame of ``scipy.signal.stft(y, fs=sr, nperseg=nperseg,
    noverlap=nperseg - hop, boundary=None, padded=False)``: its time (s), its spectrum's level
    (the root of the sum of squared magnitudes) and centroid (Hz). The frames are cut and transformed
    directly, ``block`` at a time (the same numbers as SciPy's, a few times faster, in a few MB
    however long the sound); a sound shorter than one frame goes to SciPy."""
    if len(y) < nperseg:
        from scipy.signal import stft

        f, t, z = stft(y, fs=sr, nperseg=nperseg, noverlap=nperseg - hop, boundary=None, padded=False)
        return (t, *_level_and_centroid(f, np.abs(z)))
    from scipy.fft import rfft
    from scipy.signal import get_window

    win = get_window("hann", nperseg)
    frames = np.lib.stride_tricks.sliding_window_view(y, nperseg)[::hop]
    f = np.fft.rfftfreq(nperseg, 1 / sr)
    level, centroid = np.empty(len(frames)), np.empty(len(frames))
    for a in range(0, len(frames), block):
        mag = np.abs(rfft(frames[a:a + block] * win, axis=1)).T
        mag /= win.sum()
        level[a:a + block], centroid[a:a + block] = _level_and_centroid(f, mag)
    t = (np.arange(len(frames)) * hop + nperseg / 2) / sr
    return t, level, centroid


def _level_and_centroid(f: np.ndarray, mag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's level (root sum of squares) and centroid (``f``-weighted mean) of magnitudes
    ``mag`` (frequencies ``f`` down, frames across)."""
    return np.sqrt((mag ** 2).sum(axis=0)), (f[:, None] * mag).sum(axis=0) / np.maximum(mag.sum(axis=0), 1e-12)


def _moving_mean(x: np.ndarray, m: int) -> np.ndarray:
    """``np.convolve(x, np.ones(m) / m, mode="same")`` by a running sum: the mean of the ``m`` samples
    around each one (fewer at the ends), in one pass instead of ``m``."""
    n, h = len(x), (m - 1) // 2
    total = np.empty(n + 1)
    total[0] = 0.0
    np.cumsum(x, out=total[1:])
    out = np.full(n, total[n])                       # the sum up to i + h (the end's, past it) ...
    out[:max(0, n - h)] = total[h + 1:]
    before = m - h - 1
    out[before:] -= total[:max(0, n - before)]       # ... less the sum before i + h - m + 1
    out /= m
    return out


def _wander(values: np.ndarray, x: np.ndarray) -> float:
    """How far ``values`` wander around their straight-line trend (a steady fade or darkening is not
    movement): the standard deviation of what is left. The least-squares line in closed form
    (``np.polyfit`` goes through LAPACK, whose last digits vary by processor)."""
    dx, dv = x - x.mean(), values - values.mean()
    slope = float((dx * dv).sum() / max(float(np.square(dx).sum()), 1e-300))
    return float((dv - slope * dx).std())


def note_sound(instrument: str | Patch, *, pitch: int = 57, seconds: float = 3.0,
              dry: bool = False) -> tuple[np.ndarray, int]:
    """The sound of one note (A3, held ``seconds``) on a patch or a General MIDI instrument: what
    :func:`patch_timbre` measures and the lesson's plots show. ``dry=True`` leaves out the patch's
    delay and room (the voice alone).

    Examples
    --------
    >>> y, sr = note_sound("warm pad", seconds=1.0)
    >>> y.shape[1], sr
    (2, 44100)

    Lesson: lessons/09_electronic.ipynb
    """
    seconds = number(seconds, "seconds", "give 0.2-10 s", lo=0.2, hi=10)
    pitch = whole(pitch, "pitch", "give a MIDI note", lo=0, hi=127)
    if isinstance(instrument, Patch) or (isinstance(instrument, str) and instrument.strip().lower() in PRESETS):
        voice = _instrument(instrument)
        if dry:
            voice = voice.replace(delay_mix=0.0, reverb=0.0)
        return render_patch([(0.0, seconds, pitch, 90)], voice)
    motif = Motif((Note(pitch, Fraction(4)),), tempo=240 / seconds, instrument=instrument)
    return motif.to_audio()


def patch_timbre(instrument: str | Patch, *, pitch: int = 57, seconds: float = 6.0) -> Timbre:
    """Brightness, attack and movement of one held note on a patch (or a GM instrument), measured
    dry: the voice without its delay and room, so echoes do not count as attack or movement.

    Examples
    --------
    >>> patch_timbre("pulse arp").attack < 0.05
    True

    Lesson: lessons/09_electronic.ipynb
    """
    y, sr = note_sound(instrument, pitch=pitch, seconds=seconds, dry=True)
    return timbre(y, sr, held=seconds)


@dataclass(frozen=True)
class Brief:
    """What a director asks of a sound, as ranges: ``brightness`` (Hz), ``attack`` (s), ``movement``,
    each with the words that say why.

    Lesson: lessons/09_electronic.ipynb
    """

    name: str
    brightness: tuple[float, float]
    attack: tuple[float, float]
    movement: tuple[float, float]
    why: tuple[str, str, str]


#: "The city at 3 a.m., lonely but warm": dark and round, swelling in, breathing slowly.
CITY_AT_3AM = Brief("the city at 3 a.m., lonely but warm", brightness=(150, 900), attack=(0.25, 4.0),
                    movement=(0.05, 0.8),
                    why=("warm: a dark, round tone (the filter kept low; a centroid under 900 Hz)",
                         "lonely: it swells in out of the night, no hard edge (an attack of a quarter second or more)",
                         "alive: the sound breathes while it is held (a slow LFO on the cutoff or the level), "
                         "but does not wobble"))


def brief_report(instrument: str | Patch | Timbre, brief: Brief = CITY_AT_3AM) -> list[tuple[str, float, tuple, bool, str]]:
    """Measure a patch against a brief: for brightness, attack and movement, ``(what, measured,
    (low, high), within, why)``.

    Examples
    --------
    >>> [row[3] for row in brief_report("warm pad")]
    [True, True, True]

    Lesson: lessons/09_electronic.ipynb
    """
    expect(brief, Brief, "brief", "CITY_AT_3AM")
    t = instrument if isinstance(instrument, Timbre) else patch_timbre(instrument)
    rows = []
    for (what, value), (lo, hi), why in zip((("brightness", t.brightness), ("attack", t.attack),
                                             ("movement", t.movement)),
                                            (brief.brightness, brief.attack, brief.movement), brief.why):
        rows.append((what, value, (lo, hi), lo <= value <= hi, why))
    return rows


_ = GM_NAMES, WAVES, ARP_PATTERNS  # re-exported for the lesson
