"""Devices that build and release tension, as builders of motifs and cues.

Ostinato, pedal point, rising sequence, crescendo and accelerando build; a cut-off (the music
stops short) then a stinger lands the blow; a release lets go (consonant, lower, quieter,
slower). The Shepard tone and the Risset rhythm rise and speed up forever: they are synthesised
sound, returned as samples (play them with :func:`scoring.devices_view.player`, see them with
:func:`scoring.devices_view.spectrogram`).
``join`` puts cues one after another, ``stack`` puts them on top of each other, and
``build_tension`` makes a whole cue from a plan of devices (the lesson's tension builder).
A change of tempo lives in the music's clock: every builder returns a plain
:class:`~scoring.core.cue.Cue` whose :class:`~scoring.core.time.TempoMap` holds it.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from itertools import islice
from typing import Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.cue import Chord, Cue, Layer, as_cue
from scoring.core.motif import Motif
from scoring.core.notes import (MAX_CHORD, MAX_DURATION, MAX_NOTES, Note, as_duration, check_tempo,
                                check_time_signature, velocity_for)
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.harmony import bar_length
from scoring.tension import check_number

__all__ = ["BUILD_CELL", "MAX_RISSET_RATE", "PLAN_DEVICES", "STINGERS", "accelerando", "build_tension", "cell_lengths",
           "chord_line", "crescendo", "cut_off", "diminuendo", "join", "ostinato", "pedal", "release", "rising_sequence",
           "risset_onsets", "risset_rhythm", "ritardando", "shepard_tone", "stack", "stinger"]

#: The most clicks per second a Risset rhythm's fastest layer may reach (``slowest · 2**layers``).
MAX_RISSET_RATE = 256.0


# ---------------------------------------------------------------- checking values
def _beat_number(value, what: str) -> Fraction:
    """A beat position (quarter notes from 0) as an exact fraction."""
    x = check_number(value, what, 0, float(MAX_DURATION) * MAX_NOTES,
                     "give a beat counted in quarter notes from 0, like 4 or 2.5")
    return Fraction(int(value)) if isinstance(value, (int, np.integer)) else Fraction(x).limit_denominator(960)


def _count(value, what: str, lo: int, hi: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ScoringError(f"{what} should be a whole number from {lo} to {hi}, not {value!r}")
    return int(value)


def cell_lengths(time_signature: str) -> list[Fraction]:
    """The lengths of a cell, in quarter notes from an eighth up, that fill a bar of
    ``time_signature`` a whole number of times: the cells an :func:`ostinato` can repeat in any
    number of bars.

    Examples
    --------
    >>> [float(f) for f in cell_lengths("4/4")], [float(f) for f in cell_lengths("6/8")]
    ([0.5, 1.0, 2.0, 4.0], [0.5, 0.75, 1.0, 1.5, 3.0])

    Lesson: lessons/02_tension.ipynb
    """
    bar = bar_length(check_time_signature(time_signature))
    return sorted({bar} | {bar / k for k in range(2, 13) if (bar / k * 4).denominator == 1 and bar / k >= Fraction(1, 2)})


def _even_lengths(ts: str) -> str:
    """:func:`cell_lengths` as text: ``'0.5, 1, 2 or 4 quarter notes'``."""
    names = [f"{float(f):g}" for f in cell_lengths(ts)]
    return (", ".join(names[:-1]) + " or " if len(names) > 1 else "") + names[-1] + " quarter notes"


def _uneven(cell_length: Fraction, ts: str, bars: int) -> str:
    """What to change when a cell of ``cell_length`` does not fill ``bars`` bars of ``ts`` evenly."""
    bar = bar_length(ts)
    fix = f"make the cell {_even_lengths(ts)} long"
    every = (bar / cell_length).denominator        # the cell fills this many bars, and its multiples
    if every <= 64:
        fix += f", or give a multiple of {every} bars"
    return (f"a cell of {float(cell_length):g} quarter notes does not fill {bars} bar(s) of {ts} "
            f"({float(bars * bar):g} quarter notes) evenly; {fix}")


def _midi(note) -> int:
    """A note name or MIDI number (NumPy integers too) as a MIDI number."""
    return _pitch.midi_number(int(note) if isinstance(note, np.integer) else note)


def _onsets(layer: Layer) -> list[Fraction]:
    t, out = Fraction(0), []
    for c in layer.chords:
        out.append(t)
        t += c.duration
    return out


# ---------------------------------------------------------------- repetition
def ostinato(cell: Motif, bars: int, *, time_signature: str | None = None) -> Motif:
    """Repeat a short cell, unchanged, to fill ``bars`` bars: an ostinato.

    An obstinate figure that will not move on: the pulse of a chase, the dread of something
    approaching (the two-note figure of *Jaws*, the strings of *Psycho*). The cell must fill
    the bars exactly (a one-beat, two-beat or one-bar cell in 4/4).

    Examples
    --------
    >>> cell = Motif.parse("4/4 c8 g a- g", name="Cell", key="C minor")
    >>> riff = ostinato(cell, 2)
    >>> len(riff), riff.quarter_length, riff.pitches[:5]
    (16, Fraction(8, 1), ['C4', 'G4', 'Ab4', 'G4', 'C4'])

    Lesson: lessons/02_tension.ipynb
    """
    if not isinstance(cell, Motif):
        raise ScoringError(f"ostinato() repeats a Motif, not {type(cell).__name__}; e.g. Motif.parse('4/4 c8 g a- g')")
    bars = _count(bars, "bars", 1, 64)
    ts = cell.time_signature if time_signature is None else check_time_signature(time_signature)
    total = bars * bar_length(ts)
    times = total / cell.quarter_length
    if times.denominator != 1:
        raise ScoringError(_uneven(cell.quarter_length, ts, bars))
    if int(times) * len(cell) > MAX_NOTES:
        raise ScoringError(f"{bars} bars of this cell make {int(times) * len(cell)} notes, over the {MAX_NOTES}-note "
                           "limit; use fewer bars")
    return cell.with_notes(cell.notes * int(times), name=f"{cell.name} ostinato", time_signature=ts)


def pedal(note: str | int, bars: int, *, time_signature: str = "4/4", every: float | None = None,
          tempo: float = 100, instrument: str = "Contrabass", dynamics: str | int = "p",
          key: str | None = None) -> Motif:
    """A pedal point: one low note held (re-struck every ``every`` beats, default each bar) for ``bars`` bars.

    The bass stays put while the music above it moves, so every chord above that does not contain
    it rubs against it; the rub lets go when the music above returns to a chord the pedal belongs to
    (or the pedal itself finally moves).

    Examples
    --------
    >>> low = pedal("C2", 2)
    >>> low.pitches, low.durations, low.instrument
    (['C2', 'C2'], [4.0, 4.0], 'Contrabass')

    Lesson: lessons/02_tension.ipynb
    """
    bars = _count(bars, "bars", 1, 64)
    ts = check_time_signature(time_signature)
    total = bars * bar_length(ts)
    step = bar_length(ts) if every is None else as_duration(every)
    if total % step:
        raise ScoringError(f"every={every!r} quarter notes does not divide {bars} bar(s) of {ts}; "
                           f"try {_even_lengths(ts)}")
    count = int(total / step)
    if count > MAX_NOTES:
        raise ScoringError(f"re-striking every {float(step):g} beats for {bars} bars makes {count} notes, over the "
                           f"{MAX_NOTES}-note limit; strike it less often")
    p = _midi(note)
    return Motif.from_notes([p] * count, durations=step, dynamics=dynamics, name="pedal", tempo=tempo,
                            instrument=instrument, time_signature=ts, key=key or _pitch.key_name(p % 12, "major"))


def rising_sequence(motif: Motif, steps: int, *, interval: int = 1, diatonic: bool = True) -> Motif:
    """``steps`` statements of a motif, each ``interval`` higher than the last: a rising sequence.

    The same shape climbing step by step: the ear predicts the next rung and the music keeps
    climbing. ``interval`` counts scale steps (``diatonic=True``) or semitones.

    Examples
    --------
    >>> cell = Motif.parse("4/4 c8 g a- g", key="C minor")
    >>> rising_sequence(cell, 3).pitches
    ['C4', 'G4', 'Ab4', 'G4', 'D4', 'Ab4', 'Bb4', 'Ab4', 'Eb4', 'Bb4', 'C5', 'Bb4']

    Lesson: lessons/02_tension.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"rising_sequence() climbs a Motif, not {type(motif).__name__}")
    steps = _count(steps, "steps (statements of the motif)", 2, 16)
    if isinstance(interval, (bool, np.bool_)) or not isinstance(interval, (int, np.integer)) or not 0 < interval <= 12:
        raise ScoringError(f"interval={interval!r}: a rising sequence climbs, so give a whole number from 1 to 12 "
                           "(for a falling one use motif.sequence([0, -1, -2]))")
    out = motif.sequence([k * int(interval) for k in range(steps)], diatonic=bool(diatonic))
    return out.with_name(f"{motif.name} rising")


# ---------------------------------------------------------------- dynamics and tempo
def _ramp(music: Motif | Cue, v0: int, v1: int) -> Motif | Cue:
    """Velocities moving in a straight line from v0 (first onset) to v1 (last onset)."""
    def vel(t: Fraction, last: Fraction) -> int:
        return int(round(v0 + (v1 - v0) * (float(t / last) if last else 1.0)))

    if isinstance(music, Motif):
        onsets, t = [], Fraction(0)
        for n in music.notes:
            onsets.append(t)
            t += n.duration
        last = max((o for o, n in zip(onsets, music.notes) if not n.is_rest), default=Fraction(0))
        return music.with_notes(Note(n.pitch, n.duration, n.velocity if n.is_rest else vel(o, last))
                                for o, n in zip(onsets, music.notes))
    cue = as_cue(music)
    last = max((o for l in cue.layers for o, c in zip(_onsets(l), l.chords) if not c.is_rest), default=Fraction(0))
    return cue.with_layers([l.with_(chords=tuple(Chord(c.pitches, c.duration, c.velocity if c.is_rest else vel(o, last))
                                                 for o, c in zip(_onsets(l), l.chords))) for l in cue.layers])


def crescendo(music: Motif | Cue, *, start: str | int = "pp", end: str | int = "ff") -> Motif | Cue:
    """Get louder: velocities rise in a straight line from ``start`` (first note) to ``end`` (last note).

    Returns the same kind of thing it is given (a Motif or a Cue, all layers together).

    Examples
    --------
    >>> crescendo(Motif.parse("4/4 c4 d e f g")).velocities
    [33, 53, 72, 92, 112]

    Lesson: lessons/02_tension.ipynb
    """
    v0, v1 = velocity_for(start), velocity_for(end)
    if v1 <= v0:
        raise ScoringError(f"a crescendo from {start!r} to {end!r} does not get louder; use diminuendo() to get softer")
    return _ramp(music if isinstance(music, Motif) else as_cue(music), v0, v1)


def diminuendo(music: Motif | Cue, *, start: str | int = "f", end: str | int = "pp") -> Motif | Cue:
    """Get softer: velocities fall in a straight line from ``start`` (first note) to ``end`` (last note).

    Examples
    --------
    >>> diminuendo(Motif.parse("4/4 c4 d e")).velocities
    [96, 64, 33]

    Lesson: lessons/02_tension.ipynb
    """
    v0, v1 = velocity_for(start), velocity_for(end)
    if v1 >= v0:
        raise ScoringError(f"a diminuendo from {start!r} to {end!r} does not get softer; use crescendo() to get louder")
    return _ramp(music if isinstance(music, Motif) else as_cue(music), v0, v1)


def _tempo_ramp(music: Motif | Cue, to: float, start: float, end: float | None, faster: bool) -> Cue:
    """The music on a clock whose tempo moves in a straight line to ``to`` between ``start`` and ``end``."""
    cue = as_cue(music)
    total, clock = cue.quarter_length, cue.tempo_map
    b0 = _beat_number(start, "start")
    b1 = total if end is None else _beat_number(end, "end")
    if not 0 <= b0 < b1 <= total:
        raise ScoringError(f"the tempo change must run forwards inside the music (beats 0-{float(total):g}); "
                           f"got start={float(b0):g}, end={float(b1):g}")
    here, target = clock.bpm_at(b0), check_tempo(to)
    if (target <= here) if faster else (target >= here):
        word, other = ("an accelerando", "ritardando") if faster else ("a ritardando", "accelerando")
        raise ScoringError(f"{word} from {here:g} to {target:g} BPM goes the wrong way; use {other}() instead")
    ramped = clock.ramp(b0, b1, target)      # tempo changes after the ramp give way to its new tempo
    return cue.with_tempo_map(TempoMap(tempi=tuple(p for p in ramped.tempi if p[0] <= b1), holds=clock.holds,
                                       metres=clock.metres))


def accelerando(music: Motif | Cue, *, to: float, start: float = 0, end: float | None = None) -> Cue:
    """Speed up: the tempo rises in a straight line to ``to`` BPM between beats ``start`` and ``end``.

    The written notes stay as they are (Grieg keeps his eighth notes while the tempo rises) and
    the beat moves faster, as under a conductor: the cue's :class:`~scoring.core.time.TempoMap`
    ramps, so the sound follows the integral of 60/BPM and the score marks "accel." and the
    arrival tempo. The other way, a written-out accelerando at one tempo with ever shorter
    notes, changes the notes: build that with ``Motif.diminish``. Tempo changes after ``end``
    give way to the new tempo.

    Examples
    --------
    >>> fast = accelerando(Motif.parse("4/4 c8 d e f g a b c'", tempo=100), to=150)
    >>> fast.tempo_map.summary(), [round(e.start, 3) for e in fast.events()][:3]
    ('100→150 BPM', [0.0, 0.291, 0.565])

    Lesson: lessons/02_tension.ipynb
    """
    return _tempo_ramp(music, to, start, end, True)


def ritardando(music: Motif | Cue, *, to: float, start: float = 0, end: float | None = None) -> Cue:
    """Slow down: the tempo falls in a straight line to ``to`` BPM between beats ``start`` and ``end``.

    The score marks "rit." where the tempo starts to fall and the arrival tempo where it ends.

    Examples
    --------
    >>> slow = ritardando(Motif.parse("4/4 c4 d e f", tempo=100), to=60)
    >>> slow.tempo_map.summary(), slow.tempo_map.marks()
    ('100→60 BPM', [(0, '♩ = 100'), (0, 'rit.'), (4, '♩ = 60')])

    Lesson: lessons/02_tension.ipynb
    """
    return _tempo_ramp(music, to, start, end, False)


# ---------------------------------------------------------------- putting music together
def _layer_keys(layers: Sequence[Layer]) -> list[tuple[str, str, str, int]]:
    """(role, instrument, articulation, n): n tells apart layers that share the other three."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for l in layers:
        k = (l.role, l.instrument, l.articulation)
        seen[k] = seen.get(k, -1) + 1
        out.append(k + (seen[k],))
    return out


def _padded(chords: Sequence[Chord], length: Fraction) -> list[Chord]:
    """Chords padded with rests (or cut) to exactly ``length`` quarter notes."""
    out, t = [], Fraction(0)
    for c in chords:
        if t >= length:
            break
        d = min(c.duration, length - t)
        out.append(c if d == c.duration else Chord(c.pitches, d, c.velocity))   # a chord is a value: kept whole
        t += d
    while t < length:
        d = min(length - t, MAX_DURATION)
        out.append(Chord((), d))
        t += d
    return out


def _parts(parts) -> list[Cue]:
    if len(parts) == 1 and isinstance(parts[0], (list, tuple)):
        parts = tuple(parts[0])
    if not parts:
        raise ScoringError("give at least one Motif or Cue")
    if len(parts) > 64:
        raise ScoringError(f"{len(parts)} parts is more than 64; join them in groups")
    out = []
    for p in parts:
        if isinstance(p, Motif):
            out.append(Cue((Layer.from_motif(p, role=p.name.lower()),), p.name, p.key, p.tempo, p.time_signature,
                           tempo_map=p.tempo_map))
        elif isinstance(p, Cue):
            out.append(p)
        else:
            raise ScoringError(f"expected Motifs or Cues, got {type(p).__name__}")
    return out


def _joined_clock(cues: Sequence[Cue]) -> TempoMap:
    """The parts' clocks one after another: each tempo holds up to the join, then the next part's starts."""
    tempi: list[tuple[Fraction, float]] = []
    holds: dict[Fraction, float] = {}
    metres = [(Fraction(0), cues[0].time_signature)]
    offset = Fraction(0)
    for c in cues:
        length, clock = c.quarter_length, c.tempo_map
        inside = [(b, t) for b, t in clock.tempi if b <= length]
        if len(inside) < len(clock.tempi) and inside[-1][0] < length:
            inside.append((length, clock.bpm_at(length)))       # a ramp past the part's end stops there
        if tempi:
            tempi.append((offset, tempi[-1][1]))
        tempi += [(offset + b, t) for b, t in inside]
        for b, seconds in clock.holds:
            if b <= length:
                holds[offset + b] = holds.get(offset + b, 0.0) + seconds
        metres += [(offset + b, ts) for b, ts in clock.metres if b < length]
        offset += length
    metres = [m for i, m in enumerate(metres) if i == 0 or m[1] != metres[i - 1][1]]
    return TempoMap(tempi=tuple(tempi), holds=tuple(sorted(holds.items())), metres=tuple(metres))


def join(*parts: Motif | Cue, name: str | None = None) -> Cue:
    """Play motifs and cues one after another, as one cue.

    Layers with the same role and instrument continue from part to part; a layer missing from a
    part rests through it. Each part keeps its own clock: parts at different tempi give a tempo
    map that changes tempo at each join. The key and metre are the first part's.

    Examples
    --------
    >>> a = Motif.parse("4/4 c4 d e f", name="melody", tempo=100)
    >>> b = Motif.parse("4/4 g1", name="melody", tempo=60)
    >>> both = join(a, b)
    >>> both.quarter_length, both.tempo_map.summary(), both.tempo_map.bpm_at([3, 4]).tolist()
    (Fraction(8, 1), '100→60 BPM', [100.0, 60.0])

    Lesson: lessons/02_tension.ipynb
    """
    cues = _parts(parts)
    ts = cues[0].time_signature
    if any(c.time_signature != ts for c in cues):
        raise ScoringError(f"join() needs one metre; the parts are in {', '.join(c.time_signature for c in cues)}")
    keys: list[tuple[str, str, str, int]] = []
    for c in cues:
        for k in _layer_keys(c.layers):
            if k not in keys:
                keys.append(k)
    if len(keys) > 15:
        raise ScoringError(f"joining these parts makes {len(keys)} layers, over MIDI's 15; reuse roles and instruments")
    chords: dict = {k: [] for k in keys}
    for c in cues:
        own = dict(zip(_layer_keys(c.layers), c.layers))
        for k in keys:
            chords[k] += _padded(own[k].chords if k in own else (), c.quarter_length)
    layers = tuple(Layer(r, tuple(chords[(r, i, a, n)]), i, a) for r, i, a, n in keys)
    label = str(name) if name is not None else " + ".join(c.name for c in cues)
    notes = "; ".join(c.notes for c in cues if c.notes)
    return Cue(layers, label, cues[0].key, time_signature=ts, notes=notes, tempo_map=_joined_clock(cues))


def stack(*parts: Motif | Cue, name: str | None = None) -> Cue:
    """Sound motifs and cues together, as the layers of one cue (a motif's name becomes its layer's role).

    All parts share one clock: the first part's, or the first tempo map that changes tempo or
    holds; the key and metre are the first part's; a shorter part rests at the end.

    Examples
    --------
    >>> riff = ostinato(Motif.parse("4/4 c8 g a- g", key="C minor"), 2).with_name("riff")
    >>> cue = stack(riff, pedal("C2", 2))
    >>> [l.role for l in cue.layers], cue.quarter_length
    (['riff', 'pedal'], Fraction(8, 1))

    Lesson: lessons/02_tension.ipynb
    """
    cues = _parts(parts)
    first = cues[0]
    layers = [l for c in cues for l in c.layers]
    if len(layers) > 15:
        raise ScoringError(f"{len(layers)} layers is more than MIDI's 15 melodic channels; stack fewer parts")
    length = max(c.quarter_length for c in cues)
    layers = tuple(l.with_(chords=tuple(_padded(l.chords, length))) for l in layers)
    label = str(name) if name is not None else " over ".join(c.name for c in cues)
    clock = next((c.tempo_map for c in cues if not c.tempo_map.is_constant or c.tempo_map.holds), first.tempo_map)
    return Cue(layers, label, first.key, time_signature=first.time_signature,
               notes="; ".join(c.notes for c in cues if c.notes), tempo_map=clock)


def cut_off(music: Motif | Cue, *, beats: float = 2) -> Cue:
    """Stop every layer ``beats`` beats early: the music is cut off and rests to its end (the length stays).

    The breath before the blow: when the whole band stops short, the audience waits, and
    whatever comes next (a stinger) lands twice as hard. (To silence chosen layers over a
    stretch of seconds, see :func:`scoring.silence.drop_out`.)

    Examples
    --------
    >>> cue = cut_off(Motif.parse("4/4 c4 d e f", name="melody"), beats=2)
    >>> [c.pitches for c in cue.layers[0].chords], cue.quarter_length
    ([(60,), (62,), ()], Fraction(4, 1))

    Lesson: lessons/02_tension.ipynb
    """
    cue = as_cue(music)
    total = cue.quarter_length
    cut = _beat_number(beats, "beats")
    if not 0 < cut < total:
        raise ScoringError(f"beats={beats!r}: give how many beats fall silent, more than 0 and less than the "
                           f"music's {float(total):g}")
    layers = [l.with_(chords=tuple(_padded(l.chords, total - cut) + _padded((), cut))) for l in cue.layers]
    return cue.with_layers(layers).with_name(f"{cue.name}, cut off")


def chord_line(chords: Sequence[Sequence[str | int]], *, beats: float = 2, instrument: str = "String Ensemble 1",
               dynamics: str | int = "mf", tempo: float = 100, key: str = "C major", name: str = "chords") -> Cue:
    """Chords one after another, each held ``beats`` beats: a way to hear chords side by side.

    At most :data:`~scoring.core.notes.MAX_CHORD` notes a chord and
    :data:`~scoring.core.notes.MAX_NOTES` chords; an empty chord is a rest.

    Examples
    --------
    >>> line = chord_line([["C4", "E4", "G4"], ["C4", "Db4", "D4", "Eb4"]], beats=2)
    >>> [c.names(line.key) for c in line.layers[0].chords], line.quarter_length
    ([['C4', 'E4', 'G4'], ['C4', 'Db4', 'D4', 'Eb4']], Fraction(4, 1))

    Lesson: lessons/02_tension.ipynb
    """
    example = "e.g. [['C4', 'E4', 'G4'], ['C4', 'Eb4', 'G4']]"
    if isinstance(chords, (str, bytes)) or not hasattr(chords, "__iter__"):
        raise ScoringError(f"give a list of chords, each a list of notes, {example}")
    items = list(islice(chords, MAX_NOTES + 1))
    if not items:
        raise ScoringError(f"the list of chords is empty; give at least one chord, {example}")
    if len(items) > MAX_NOTES:
        raise ScoringError(f"more than {MAX_NOTES} chords in one line; split it into several lines")
    d, v = as_duration(beats), velocity_for(dynamics)
    built = []
    for c in items:
        if isinstance(c, (str, bytes, int, np.integer)) or not hasattr(c, "__iter__"):
            raise ScoringError(f"{c!r} is one note; give each chord as a list of notes, e.g. ['C4', 'E4', 'G4']")
        notes = list(islice(c, MAX_CHORD + 1))
        if len(notes) > MAX_CHORD:
            raise ScoringError(f"a chord of more than {MAX_CHORD} notes is too many to hear apart; give at most "
                               f"{MAX_CHORD} (a cluster rarely needs more than 12)")
        built.append(Chord(tuple(_midi(p) for p in notes), d, v))
    return Cue((Layer("chords", tuple(built), instrument),), str(name), key, tempo)


# ---------------------------------------------------------------- the blow and the release
STINGERS = ("cluster", "tritone")


def stinger(kind: str = "cluster", *, root: str | int = "C4", dynamics: str | int = "ff", beats: float = 4,
            tempo: float = 100, key: str = "C minor", time_signature: str = "4/4") -> Cue:
    """A scare-chord stinger: one dissonant chord struck at once, loud, in extreme registers.

    A stinger is any short, sudden accent that punctuates a moment (a brass stab, a percussion
    hit, a TV sting); these are the horror kind, the scare chord after a drop-out.

    ``"cluster"``: six neighbouring semitones high in the strings over a three-note cluster low in
    the brass. ``"tritone"``: the tritone above ``root`` in octaves, from the bass to the top.
    It lasts ``beats`` quarter notes, in ``time_signature`` (the metre of the music it joins).

    Examples
    --------
    >>> hit = stinger("tritone")
    >>> [c.names(hit.key) for l in hit.layers for c in l.chords]
    [['F#5', 'C6'], ['C2', 'Gb2', 'C3', 'Gb3']]

    Lesson: lessons/02_tension.ipynb
    """
    kind_ = str(kind).strip().lower()
    if kind_ not in STINGERS:
        raise ScoringError(f"unknown stinger {kind!r}; choose one of {', '.join(STINGERS)}")
    r = _midi(root)
    if not 36 <= r <= 84:
        raise ScoringError(f"root {root!r} is too far out; a stinger spreads three octaves around it, give C3-C6")
    if kind_ == "cluster":
        high, low = [r + 12 + k for k in range(6)], [r - 24 + k for k in range(3)]
    else:
        high, low = [r + 18, r + 24], [r - 24, r - 18, r - 12, r - 6]
    v, d, ts = velocity_for(dynamics), as_duration(beats), check_time_signature(time_signature)
    layers = (Layer("stinger high", (Chord(tuple(high), d, v),), "String Ensemble 1"),
              Layer("stinger low", (Chord(tuple(low), d, v),), "Brass Section"))
    return Cue(layers, f"{kind_} stinger", key, tempo, ts, notes=f"{kind_} stinger, {dynamics}")


def release(key: str = "C minor", *, bars: int = 2, tempo: float = 66, start: str | int = "p",
            end: str | int = "pp", time_signature: str = "4/4") -> Cue:
    """Let go: the tonic chord, voiced open and low, getting softer, at a slow tempo.

    Consonant (a triad), lower, quieter and slower than what came before. Low chords are spaced
    wide (root, fifth, octave, then the third): close low chords would be rough (see
    :func:`scoring.tension.roughness`).

    Examples
    --------
    >>> calm = release("C minor")
    >>> [c.names(calm.key) for c in calm.layer("release").chords], calm.tempo
    ([['G2', 'C3', 'Eb3'], ['G2', 'C3', 'Eb3']], 66.0)

    Lesson: lessons/02_tension.ipynb
    """
    bars = _count(bars, "bars", 1, 16)
    pc, _, mode = _pitch.parse_key(key)
    third = _pitch.MODES[mode][2]
    root = 36 + pc if pc <= 7 else 24 + pc            # C2 .. G2, or Ab1 .. B1
    chord = (root + 7, root + 12, root + 12 + third)
    bar = bar_length(check_time_signature(time_signature))
    v0, v1 = velocity_for(start), velocity_for(end)
    vels = [int(round(v0 + (v1 - v0) * k / max(1, bars - 1))) for k in range(bars)]
    layers = (Layer("release", tuple(Chord(chord, bar, v) for v in vels), "String Ensemble 1", "legato"),
              Layer("bass", tuple(Chord((root,), bar, v) for v in vels), "Contrabass", "legato"))
    fade = f"{start} to {end}" if bars > 1 else f"{start}"
    return Cue(layers, "release", key, tempo, time_signature, notes=f"release: tonic, low and open, {fade}")


# ---------------------------------------------------------------- endless rise: Shepard and Risset
def _bell(log2_value: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-((log2_value - centre) ** 2) / (2 * width ** 2))


def _check_sound(seconds, cycle, sample_rate) -> tuple[float, float, int]:
    """(seconds, cycle, sample rate) of a synthesised sound, checked."""
    s = check_number(seconds, "seconds", 0.1, 60, "give a length from 0.1 to 60 seconds")
    c = check_number(cycle, "cycle", 0.5, 60, "give the seconds per octave (or per doubling), 0.5-60")
    if isinstance(sample_rate, (bool, np.bool_)) or sample_rate not in (22050, 32000, 44100, 48000):
        raise ScoringError(f"sample_rate={sample_rate!r}: use 22050, 32000, 44100 or 48000")
    return s, c, int(sample_rate)


def shepard_tone(seconds: float = 8.0, *, cycle: float = 4.0, lowest: float = 27.5, octaves: int = 9,
                 centre: float = 440.0, width: float = 1.0, falling: bool = False,
                 sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """The Shepard tone (in its continuous form, Risset's glissando): a pitch that rises for ever.

    Sine waves an octave apart all glide up, one octave every ``cycle`` seconds; their loudness
    follows a bell over log-frequency, A(f) = exp(−(log₂f − log₂centre)²/2·width²), so each
    partial fades in at the bottom and out at the top while the ones in the middle carry the
    ear upward: s(t) = Σₖ A(fₖ) sin φₖ(t), fₖ(t) = lowest·2^(k + (t/cycle mod 1)), k = 0 … octaves−1
    (each partial keeps its phase continuous as it glides; the one leaving the top at the end of a
    cycle is silent, as is the one entering at the bottom). After one cycle the sound is exactly
    where it began. Returns mono ``(samples, sample_rate)``; at most 60 seconds.

    Examples
    --------
    >>> y, sr = shepard_tone(2.0)
    >>> y.shape, sr, float(abs(y).max()) <= 0.5
    ((88200,), 44100, True)

    Lesson: lessons/02_tension.ipynb
    """
    seconds, cycle, sample_rate = _check_sound(seconds, cycle, sample_rate)
    lowest = check_number(lowest, "lowest", 20, 200, "give the lowest partial's frequency, 20-200 Hz")
    octaves = _count(octaves, "octaves", 1, 10)
    centre = check_number(centre, "centre", 50, 5000, "give the loudest frequency, 50-5000 Hz")
    width = check_number(width, "width", 0.2, 4, "give the bell's width, 0.2-4 octaves")
    if lowest * 2 ** octaves >= sample_rate / 2:
        raise ScoringError(f"{octaves} octaves above {lowest:g} Hz pass the Nyquist limit of {sample_rate} Hz; "
                           "use fewer octaves or a higher sample rate")
    n = int(round(seconds * sample_rate))
    y = np.zeros(n)
    sign = -1.0 if falling else 1.0
    laps = int(math.ceil(seconds / cycle)) + 1
    for k in (range(-laps, octaves + 1) if not falling else range(0, octaves + laps + 1)):
        # partial k sits k + sign·t/cycle octaves above ``lowest``; it sounds while that is in [0, octaves)
        t0, t1 = sorted((-k * cycle * sign, (octaves - k) * cycle * sign))
        i0, i1 = max(0, math.floor(t0 * sample_rate)), min(n, math.ceil(t1 * sample_rate) + 1)
        if i0 >= i1:
            continue
        u = sign * np.arange(i0, i1) / sample_rate / cycle              # octaves travelled
        octave = k + u
        audible = (octave >= 0) & (octave < octaves)
        # the phase is the integral of f: lowest * 2**k * cycle / ln 2 * 2**(t/cycle), continuous for ever
        phase = 2 * np.pi * lowest * 2.0 ** k * cycle / math.log(2) * 2.0 ** u * sign
        y[i0:i1] += _bell(np.log2(lowest) + octave, math.log2(centre), width) * audible * np.sin(phase)
    y *= 0.5 / max(1e-9, float(np.abs(y).max()))
    return y.astype(np.float32), sample_rate


def risset_onsets(seconds: float = 8.0, *, cycle: float = 4.0, slowest: float = 0.5, layers: int = 6,
                  centre: float = 2.0, width: float = 1.0) -> list[tuple[float, int, float]]:
    """The clicks of a Risset rhythm: (time in seconds, layer, loudness 0..1), in time order.

    Pulse trains whose rates are a doubling apart (``slowest`` beats per second and up) all speed
    up, doubling every ``cycle`` seconds; loudness follows a bell over log-rate centred on
    ``centre`` beats per second, so fast layers fade out as slow ones fade in. Every beat of a
    layer is also a beat of the next faster one, and after one cycle each layer has become the
    next: the rhythm accelerates for ever and never gets faster. The fastest layer may reach
    :data:`MAX_RISSET_RATE` clicks per second.

    Examples
    --------
    >>> clicks = risset_onsets(4.0)
    >>> gaps = [b[0] - a[0] for a, b in zip(clicks, clicks[1:]) if a[1] == b[1] == 3]
    >>> all(later < earlier for earlier, later in zip(gaps, gaps[1:]))
    True

    Lesson: lessons/02_tension.ipynb
    """
    seconds, cycle, _ = _check_sound(seconds, cycle, 44100)
    slowest = check_number(slowest, "slowest", 0.05, 4, "give the slowest layer's beats per second, 0.05-4")
    layers = _count(layers, "layers", 1, 10)
    centre = check_number(centre, "centre", 0.05, 64, "give the loudest rate, 0.05-64 beats per second")
    width = check_number(width, "width", 0.2, 4, "give the bell's width, 0.2-4 doublings")
    if slowest * 2 ** layers > MAX_RISSET_RATE:
        raise ScoringError(f"{layers} layers doubling from {slowest:g} beats per second reach "
                           f"{slowest * 2 ** layers:g} clicks per second, a buzz; keep slowest·2**layers at most "
                           f"{MAX_RISSET_RATE:g} (fewer layers, or a slower start)")
    out = []
    for j in range(-int(math.ceil(seconds / cycle)) - 1, layers + 1):
        scale = slowest * 2.0 ** j * cycle / math.log(2)    # beats counted: phi(t) = scale * 2**(t/cycle)
        t0, t1 = max(0.0, -j * cycle), min(seconds, (layers - j) * cycle)  # where layer j is audible
        if t0 >= t1:
            continue
        first, last = math.ceil(scale * 2.0 ** (t0 / cycle) - 1e-9), math.floor(scale * 2.0 ** (t1 / cycle)) + 1
        for n in range(max(1, first), last + 1):
            t = cycle * math.log2(n / scale)
            octave = j + t / cycle                              # log2(rate / slowest)
            if 0 <= t < seconds and 0 <= octave < layers:
                out.append((t, j, float(_bell(np.array(math.log2(slowest) + octave), math.log2(centre), width))))
    return sorted(out)


def risset_rhythm(seconds: float = 8.0, *, cycle: float = 4.0, slowest: float = 0.5, layers: int = 6,
                  centre: float = 2.0, width: float = 1.0, sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """The Risset rhythm: a beat that accelerates for ever (the rhythmic Shepard tone), as mono samples.

    Each click of :func:`risset_onsets` is a short woodblock-like blip at its loudness; clicks of
    several layers on the same instant add up to a stronger beat. Returns ``(samples, sample_rate)``;
    at most 60 seconds.

    Examples
    --------
    >>> y, sr = risset_rhythm(2.0)
    >>> y.shape, float(abs(y).max()) <= 0.5
    ((88200,), True)

    Lesson: lessons/02_tension.ipynb
    """
    seconds, cycle, sample_rate = _check_sound(seconds, cycle, sample_rate)
    clicks = risset_onsets(seconds, cycle=cycle, slowest=slowest, layers=layers, centre=centre, width=width)
    total = int(round(seconds * sample_rate))
    y = np.zeros(total)
    n = int(0.06 * sample_rate)
    tt = np.arange(n) / sample_rate
    blip = (np.sin(2 * np.pi * 1100 * tt) + 0.5 * np.sin(2 * np.pi * 2300 * tt)) * np.exp(-tt / 0.012)
    for t, _, amp in clicks:
        i = int(round(t * sample_rate))
        m = min(n, total - i)
        y[i:i + m] += amp * blip[:m]
    y *= 0.5 / max(1e-9, float(np.abs(y).max()))
    return y.astype(np.float32), sample_rate


# ---------------------------------------------------------------- a whole build from a plan
#: The devices :func:`build_tension` knows, and the bars each adds (``None``: ``bars`` per section).
PLAN_DEVICES = {"ostinato": None, "pedal": None, "rising sequence": None, "crescendo": None, "accelerando": None,
                "drop-out": 0, "stinger": 1, "release": 2}
#: The course's own ostinato cell (original): C, G, A-flat, G in eighths, low in the cellos.
BUILD_CELL = "4/4 C8 G A- G"


@lru_cache(maxsize=32)
def _build_cell(key: str) -> Motif:
    """The course's ostinato cell in ``key``, read once per key (a Motif is a value)."""
    return Motif.parse(BUILD_CELL, name="ostinato", key=key, instrument="Cello")


def _plan(plan) -> list[str]:
    """The plan as a list of known device names, checked."""
    example = "e.g. ['ostinato', 'pedal', 'crescendo', 'release']"
    if isinstance(plan, (str, bytes)) or not hasattr(plan, "__iter__"):
        raise ScoringError(f"give the plan as a list of devices, {example}")
    steps = list(islice(plan, 65))
    if not steps or len(steps) > 64:
        raise ScoringError(f"give the plan as a list of 1 to 64 devices, {example}")
    for d in steps:
        if not isinstance(d, str) or d not in PLAN_DEVICES:
            raise ScoringError(f"unknown device {d!r}; choose from {', '.join(PLAN_DEVICES)}")
    if steps[0] == "drop-out":
        raise ScoringError("a drop-out silences the music before it, so it cannot come first; put it after a section")
    return steps


def build_tension(plan: Sequence[str], *, bars: int = 1, tempo: float = 120, cell: Motif | None = None,
                  key: str = "C minor") -> Cue:
    """A cue made from a plan: devices in order, each adding to what came before.

    The cell (default: the course's C-G-A♭-G cell) plays as an ostinato throughout; each device
    changes the music from its section on:

    - ``"ostinato"``: the cell repeats as it is (``bars`` bars);
    - ``"pedal"``: a low tonic pedal joins and stays (``bars`` bars);
    - ``"rising sequence"``: the cell climbs one scale step each time it repeats (``bars`` bars);
    - ``"crescendo"``: two dynamic marks louder across the section (``bars`` bars);
    - ``"accelerando"``: the tempo rises by a quarter across the section (``bars`` bars);
    - ``"drop-out"``: every layer drops out for the last two beats before it (no bars of its own);
    - ``"stinger"``: a cluster stinger, fortissimo; ostinato and pedal stop (1 bar);
    - ``"release"``: the tonic low and open, pianissimo, at two thirds of the first tempo (2 bars);
      its bass note joins the pedal's staff.

    The tempo changes live in the cue's :class:`~scoring.core.time.TempoMap`.

    Examples
    --------
    >>> cue = build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "drop-out",
    ...                      "stinger", "release"])
    >>> [l.role for l in cue.layers], int(cue.quarter_length / 4)
    (['ostinato', 'pedal', 'stinger high', 'stinger low', 'release'], 8)
    >>> cue.tempo_map.marks()
    [(0, '♩ = 120'), (16, 'accel.'), (20, '♩ = 150'), (24, '♩ = 80')]

    Lesson: lessons/02_tension.ipynb
    """
    plan = _plan(plan)
    bars = _count(bars, "bars per section", 1, 4)
    total_bars = sum(bars if PLAN_DEVICES[d] is None else PLAN_DEVICES[d] for d in plan)
    if not 8 <= total_bars <= 16:
        raise ScoringError(f"this plan lasts {total_bars} bars; make it 8 to 16 (add or remove devices, or change "
                           "the bars per section)")
    if not isinstance(key, str):
        raise ScoringError(f"key={key!r} should be a key's name, like 'C minor'")
    cell = cell if cell is not None else _build_cell(key)
    if not isinstance(cell, Motif):
        raise ScoringError(f"cell should be a Motif, not {type(cell).__name__}")
    bar = bar_length(cell.time_signature)
    if (bar / cell.quarter_length).denominator != 1:
        raise ScoringError(f"the cell ({float(cell.quarter_length):g} quarter notes) must fill a bar of "
                           f"{cell.time_signature} a whole number of times: make it {_even_lengths(cell.time_signature)} long")
    tempo0 = check_tempo(tempo)
    hit = stinger("cluster", key=key, beats=bar)
    calm = release(key, bars=2, tempo=round(tempo0 * 2 / 3))
    root = calm.layer("bass").chords[0].pitches[0]
    roles = {"ostinato": (cell.instrument, "normal"), "pedal": ("Contrabass", "legato"),
             "stinger high": ("String Ensemble 1", "normal"), "stinger low": ("Brass Section", "normal"),
             "release": ("String Ensemble 1", "legato")}
    parts: dict[str, list[Chord]] = {name: [] for name in roles}
    level, vel, bpm, with_pedal = 0, velocity_for("p"), tempo0, False
    points: list[tuple[Fraction, float]] = [(Fraction(0), tempo0)]
    t = Fraction(0)

    def pad_all(length: Fraction) -> None:
        for name in parts:
            parts[name] = _padded(parts[name], length)

    for device in plan:
        start = t
        if device == "drop-out":
            if t >= 2:
                pad_all(t - 2)
                pad_all(t)
            continue
        pad_all(t)
        if device in ("stinger", "release"):
            layers = hit.layers if device == "stinger" else calm.layers
            for layer in layers:   # the release's bass is where the pedal comes to rest
                parts["pedal" if layer.role == "bass" else layer.role] += list(layer.chords)
            t += layers[0].quarter_length
            with_pedal = False
            if device == "release":
                points += [(start, bpm), (start, float(calm.tempo))]
                bpm, vel = float(calm.tempo), velocity_for("pp")
            continue
        with_pedal = with_pedal or device == "pedal"
        repeats = int(bars * bar / cell.quarter_length)
        v_end = min(120, vel + 32) if device == "crescendo" else vel
        for k in range(repeats):
            if device == "rising sequence":
                level += 1
            shifted = cell.sequence([level]) if level else cell
            v = int(round(vel + (v_end - vel) * (k + 1) / repeats))
            parts["ostinato"] += [Chord(() if n.is_rest else (n.pitch,), n.duration, v) for n in shifted.notes]
        vel = v_end
        if with_pedal:
            parts["pedal"] += [Chord((root,), bar, vel) for _ in range(bars)]
        t += bars * bar
        if device == "accelerando":
            new = min(200.0, float(round(bpm * 1.25)))
            points += [(start, bpm), (t, new)]
            bpm = new
    pad_all(t)
    layers = tuple(Layer(name, tuple(parts[name]), *roles[name]) for name in roles
                   if any(not c.is_rest for c in parts[name]))
    how = "plan: " + ", ".join(plan) + f" ({bars} bar{'s' if bars > 1 else ''} per section)"
    clock = TempoMap(tempi=tuple(points), metres=((0, cell.time_signature),))
    return Cue(layers, "tension build", key, time_signature=cell.time_signature, notes=how, tempo_map=clock)
