"""Devices that build and release tension, as builders of motifs and cues.

Ostinato, pedal point, rising sequence, crescendo and accelerando build; a drop-out then a
stinger lands the blow; a release lets go (consonant, lower, quieter, slower). The Shepard tone
and the Risset rhythm rise and speed up forever: they are synthesised sound, returned as samples.
``join`` puts cues one after another, ``stack`` puts them on top of each other, and
``build_tension`` makes a whole cue from a plan of devices (the lesson's tension builder).

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.cue import Chord, Cue, Layer
from scoring.errors import ScoringError
from scoring.harmony import bar_length
from scoring.core.notes import MAX_DURATION, Note, check_tempo as _check_tempo, velocity_for
from scoring.core.motif import Motif

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from scoring.render.html import HTML


# ---------------------------------------------------------------- a cue whose tempo changes
@dataclass(frozen=True, repr=False)
class TempoMapCue(Cue):
    """A cue whose tempo changes: a tempo map of (beat, BPM) breakpoints, straight lines between them.

    A :class:`~scoring.core.motif.Motif` (and a plain :class:`~scoring.core.cue.Cue`) has one tempo. An
    accelerando played as a conductor plays it keeps the written notes and moves the beat: here
    the tempo runs in a straight line (per beat) from one breakpoint to the next and stays at
    the last one; two breakpoints on the same beat make a sudden change. The time of beat b is
    the integral of 60/BPM up to b, so the sound follows the map exactly; the score shows
    "accel." or "rit." where the tempo starts to move and a metronome mark where it arrives.

    Examples
    --------
    >>> cue = TempoMapCue.from_motif(Motif.parse("4/4 c4 d e f g a b c'", key="C major"))
    >>> cue = replace(cue, tempo_map=((0, 60.0), (8, 120.0)))
    >>> cue.bpm_at(4), round(cue.seconds_at(8), 2), cue.summary()
    (90.0, 5.55, 'Motif: melody (Acoustic Grand Piano) | C major | 4/4 | 60→120 BPM | 5.5 s')

    Lesson: lessons/02_tension.ipynb
    """

    tempo_map: tuple = ()

    def __post_init__(self) -> None:
        points = []
        for item in (self.tempo_map or ((0, self.tempo),)):
            try:
                beat, bpm = item
                beat = Fraction(beat).limit_denominator(960) if isinstance(beat, float) else Fraction(beat)
            except (TypeError, ValueError):
                raise ScoringError(f"tempo map entry {item!r} should be a pair (beat, BPM), like (8, 120)") from None
            if beat < 0:
                raise ScoringError(f"tempo map beat {float(beat):g} is negative; beats count from 0 at the cue's start")
            if points and beat < points[-1][0]:
                raise ScoringError("tempo map beats must not go backwards; list the breakpoints in time order")
            points.append((beat, _check_tempo(bpm)))
        if points[0][0] != 0:
            points.insert(0, (Fraction(0), points[0][1]))
        object.__setattr__(self, "tempo_map", tuple(points))
        object.__setattr__(self, "tempo", points[0][1])
        super().__post_init__()

    # -------------------------------------------------------------- the clock
    def bpm_at(self, beat: float) -> float:
        """The tempo (quarter-note BPM) at a beat."""
        pts = self.tempo_map
        b = float(beat)
        value = pts[0][1]
        for (b0, t0), (b1, t1) in zip(pts, pts[1:]):
            if b < float(b0):
                break
            if b1 == b0 or b >= float(b1):
                value = t1
                continue
            return t0 + (t1 - t0) * (b - float(b0)) / float(b1 - b0)
        return value

    def seconds_at(self, beat: float) -> float:
        """Seconds from the cue's start to a beat: the integral of 60/BPM."""
        b = float(beat)
        pts = [(float(p), t) for p, t in self.tempo_map]
        total, here = 0.0, 0.0
        for (b0, t0), (b1, t1) in zip(pts, pts[1:]):
            if b <= b0:
                break
            end = min(b, b1)
            if b1 > b0:
                if t1 == t0:
                    total += (end - b0) * 60.0 / t0
                else:
                    slope = (t1 - t0) / (b1 - b0)
                    total += 60.0 / slope * math.log((t0 + slope * (end - b0)) / t0)
            here = end
        if b > here:
            total += (b - here) * 60.0 / pts[-1][1]
        return total

    @property
    def duration_seconds(self) -> float:
        return self.seconds_at(self.quarter_length)

    def events(self):
        """Timed note events, each beat placed by the tempo map."""
        from scoring.render.synth import NoteEvent
        from scoring.core.cue import ARTICULATIONS

        out = []
        for layer in self.layers:
            gate = ARTICULATIONS[layer.articulation]
            t = Fraction(0)
            for c in layer.chords:
                start, end = self.seconds_at(t), self.seconds_at(t + c.duration)
                for p in c.pitches:
                    out.append(NoteEvent(start, start + (end - start) * gate, p, c.velocity, layer.program))
                t += c.duration
        return out

    def tempo_text(self) -> str:
        """The tempi the map passes through, like ``"138→184 BPM"``."""
        values = []
        for _, t in self.tempo_map:
            if not values or values[-1] != t:
                values.append(t)
        return "→".join(f"{t:g}" for t in values) + " BPM"

    def summary(self) -> str:
        parts = ", ".join(f"{l.role} ({l.instrument})" for l in self.layers)
        return (f"{self.name}: {parts} | {self.key} | {self.time_signature} | {self.tempo_text()} | "
                f"{self.duration_seconds:.1f} s")

    def with_tempo(self, bpm: float) -> "TempoMapCue":
        """The same tempo map scaled so that it starts at ``bpm``."""
        ratio = _check_tempo(bpm) / self.tempo
        return replace(self, tempo_map=tuple((b, t * ratio) for b, t in self.tempo_map))

    def to_stream(self):
        """The score, with "accel."/"rit." where the tempo starts to move and a metronome mark where it settles."""
        from music21 import expressions, tempo

        score = super().to_stream()
        part = score.parts[0]
        measures = list(part.getElementsByClass("Measure"))
        pts = self.tempo_map

        def put(beat: Fraction, element) -> None:
            for m in measures:
                if m.offset <= beat < m.offset + m.quarterLength or m is measures[-1]:
                    m.insert(float(beat - Fraction(m.offset).limit_denominator(960)), element)
                    return

        marks: dict[Fraction, float] = {}
        for (b0, t0), (b1, t1) in zip(pts, pts[1:]):
            if t1 != t0 and b1 > b0:
                put(b0, expressions.TextExpression("accel." if t1 > t0 else "rit."))
            if t1 != t0 and b1 < self.quarter_length:
                marks[b1] = t1
        for beat, bpm in marks.items():
            put(beat, tempo.MetronomeMark(number=round(bpm), referent=1.0))
        return score


def _tidy(points: Sequence[tuple[Fraction, float]]) -> tuple[tuple[Fraction, float], ...]:
    """Drop breakpoints that change nothing: repeats, and the middle of a plateau."""
    pts: list[tuple[Fraction, float]] = []
    for p in points:
        if pts and p == pts[-1]:
            continue
        if len(pts) >= 2 and pts[-1][1] == pts[-2][1] == p[1] and pts[-1][0] != pts[-2][0]:
            pts[-1] = p
            continue
        pts.append(p)
    while len(pts) >= 2 and pts[-1][1] == pts[-2][1]:
        pts.pop()
    return tuple(pts)


def _cue(music) -> Cue:
    if isinstance(music, Motif):
        return Cue.from_motif(music)
    if isinstance(music, Cue):
        return music
    raise ScoringError(f"expected a Motif or a Cue, got {type(music).__name__}")


def _beats(value, what: str) -> Fraction:
    """A number of beats as an exact fraction, or a ScoringError that says what to give."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise ScoringError(f"{what}={value!r} is not a number of beats; give one like 2 or 0.5")
    return Fraction(value).limit_denominator(960)


def _check_count(value, what: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ScoringError(f"{what} should be a whole number from {lo} to {hi}, not {value!r}")
    return value


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
    bars = _check_count(bars, "bars", 1, 64)
    ts = time_signature or cell.time_signature
    total = bars * bar_length(ts)
    times = total / cell.quarter_length
    if times.denominator != 1:
        raise ScoringError(f"a cell of {float(cell.quarter_length):g} beats does not fill {bars} bar(s) of {ts} "
                           f"({float(total):g} beats) evenly; use a cell of 1, 2 or 4 beats, or another number of bars")
    return cell.with_notes(cell.notes * int(times), name=f"{cell.name} ostinato", time_signature=ts)


def pedal(note: str | int, bars: int, *, time_signature: str = "4/4", every: float | None = None,
          tempo: float = 100, instrument: str = "Contrabass", dynamics: str | int = "p",
          key: str | None = None) -> Motif:
    """A pedal point: one low note held (re-struck every ``every`` beats, default each bar) for ``bars`` bars.

    The bass refuses to move while the music above it changes, so every chord above it rubs
    against it: tension that cannot resolve until the pedal does.

    Examples
    --------
    >>> low = pedal("C2", 2)
    >>> low.pitches, low.durations, low.instrument
    (['C2', 'C2'], [4.0, 4.0], 'Contrabass')

    Lesson: lessons/02_tension.ipynb
    """
    bars = _check_count(bars, "bars", 1, 64)
    total = bars * bar_length(time_signature)
    step = bar_length(time_signature) if every is None else _beats(every, "every")
    if step <= 0 or total / step != int(total / step):
        raise ScoringError(f"every={every!r} beats does not divide {bars} bar(s) of {time_signature}; try 1, 2 or 4")
    count = int(total / step)
    p = _pitch.midi_number(note)
    return Motif.from_notes([p] * count, durations=float(step), dynamics=dynamics, name="pedal", tempo=tempo,
                            instrument=instrument, time_signature=time_signature,
                            key=key or _pitch.key_name(p % 12, "major"))


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
    steps = _check_count(steps, "steps (statements of the motif)", 2, 16)
    if isinstance(interval, bool) or not isinstance(interval, int) or interval <= 0:
        raise ScoringError(f"interval={interval!r}: a rising sequence climbs, so give a positive whole number "
                           "(for a falling one use motif.sequence([0, -1, -2]))")
    out = motif.sequence([k * interval for k in range(steps)], diatonic=diatonic)
    return out.with_name(f"{motif.name} rising")


# ---------------------------------------------------------------- dynamics and tempo
def _onsets(layer: Layer) -> list[Fraction]:
    t, out = Fraction(0), []
    for c in layer.chords:
        out.append(t)
        t += c.duration
    return out


def _ramp(music, v0: int, v1: int):
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
    cue = _cue(music)
    last = max((o for l in cue.layers for o, c in zip(_onsets(l), l.chords) if not c.is_rest), default=Fraction(0))
    layers = [l.with_(chords=tuple(Chord(c.pitches, c.duration, c.velocity if c.is_rest else vel(o, last))
                                   for o, c in zip(_onsets(l), l.chords))) for l in cue.layers]
    return replace(cue, layers=tuple(layers))


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
    return _ramp(music if isinstance(music, Motif) else _cue(music), v0, v1)


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
    return _ramp(music if isinstance(music, Motif) else _cue(music), v0, v1)


def _tempo_ramp(music, to: float, start: float, end: float | None, faster: bool) -> TempoMapCue:
    cue = _cue(music)
    total = cue.quarter_length
    b0 = _beats(start, "start")
    b1 = total if end is None else _beats(end, "end")
    if not 0 <= b0 < b1 <= total:
        raise ScoringError(f"the tempo change must run forwards inside the music (beats 0-{float(total):g}); "
                           f"got start={float(b0):g}, end={float(b1):g}")
    old = cue.tempo_map if isinstance(cue, TempoMapCue) else ((Fraction(0), cue.tempo),)
    here = cue.bpm_at(b0) if isinstance(cue, TempoMapCue) else cue.tempo
    target = _check_tempo(to)
    word = "accelerando" if faster else "ritardando"
    if (target <= here) if faster else (target >= here):
        other = "ritardando" if faster else "accelerando"
        raise ScoringError(f"an {word} from {here:g} to {target:g} BPM goes the wrong way; use {other}() instead")
    points = [(b, t) for b, t in old if b < b0] + [(b0, here), (b1, target)]
    base = cue if isinstance(cue, TempoMapCue) else TempoMapCue(cue.layers, cue.name, cue.key, cue.tempo,
                                                                 cue.time_signature, cue.notes)
    return replace(base, tempo_map=tuple(points))


def accelerando(music: Motif | Cue, *, to: float, start: float = 0, end: float | None = None) -> TempoMapCue:
    """Speed up: the tempo rises in a straight line to ``to`` BPM between beats ``start`` and ``end``.

    Honest about time: a Motif has one tempo, so this returns a :class:`TempoMapCue`. The written
    notes stay as they are (Grieg keeps his eighth notes while the tempo rises) and the beat moves
    faster, as under a conductor; the score marks "accel." and the arrival tempo. The other way,
    a written-out accelerando at one tempo with ever shorter notes, changes the notes: build that
    with ``Motif.diminish``. Tempo changes after ``end`` are replaced by the new tempo.

    Examples
    --------
    >>> fast = accelerando(Motif.parse("4/4 c8 d e f g a b c'", tempo=100), to=150)
    >>> fast.tempo_text(), [round(e.start, 3) for e in fast.events()][:3]
    ('100→150 BPM', [0.0, 0.291, 0.565])

    Lesson: lessons/02_tension.ipynb
    """
    return _tempo_ramp(music, to, start, end, True)


def ritardando(music: Motif | Cue, *, to: float, start: float = 0, end: float | None = None) -> TempoMapCue:
    """Slow down: the tempo falls in a straight line to ``to`` BPM between beats ``start`` and ``end``.

    Examples
    --------
    >>> ritardando(Motif.parse("4/4 c4 d e f", tempo=100), to=60).tempo_text()
    '100→60 BPM'

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
        out.append(Chord(c.pitches, d, c.velocity))
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
    out = []
    for p in parts:
        if isinstance(p, Motif):
            out.append(Cue((Layer.from_motif(p, role=p.name.lower()),), p.name, p.key, p.tempo, p.time_signature))
        elif isinstance(p, Cue):
            out.append(p)
        else:
            raise ScoringError(f"expected Motifs or Cues, got {type(p).__name__}")
    return out


def join(*parts: Motif | Cue, name: str | None = None) -> Cue:
    """Play motifs and cues one after another, as one cue.

    Layers with the same role and instrument continue from part to part; a layer missing from a
    part rests through it. Parts at different tempi give a :class:`TempoMapCue` that changes
    tempo at each join. The key and metre are the first part's.

    Examples
    --------
    >>> a = Motif.parse("4/4 c4 d e f", name="melody", tempo=100)
    >>> b = Motif.parse("4/4 g1", name="melody", tempo=60)
    >>> both = join(a, b)
    >>> both.quarter_length, both.tempo_text()
    (Fraction(8, 1), '100→60 BPM')

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
    points: list[tuple[Fraction, float]] = []
    offset = Fraction(0)
    for c in cues:
        length = c.quarter_length
        own = dict(zip(_layer_keys(c.layers), c.layers))
        for k in keys:
            chords[k] += _padded(own[k].chords if k in own else (), length)
        cmap = c.tempo_map if isinstance(c, TempoMapCue) else ((Fraction(0), c.tempo),)
        if points:
            points.append((offset, points[-1][1]))   # the tempo holds up to the join, then changes at once
        points += [(offset + b, t) for b, t in cmap]
        offset += length
    layers = tuple(Layer(r, tuple(chords[(r, i, a, n)]), i, a) for r, i, a, n in keys)
    first = cues[0]
    label = name or " + ".join(c.name for c in cues)
    notes = "; ".join(c.notes for c in cues if c.notes)
    tempo_map = _tidy(points)
    if len(tempo_map) == 1:
        return Cue(layers, label, first.key, first.tempo, ts, notes=notes)
    return TempoMapCue(layers, label, first.key, first.tempo, ts, notes=notes, tempo_map=tempo_map)


def stack(*parts: Motif | Cue, name: str | None = None) -> Cue:
    """Sound motifs and cues together, as the layers of one cue (a motif's name becomes its layer's role).

    All parts share the first part's tempo (or tempo map), key and metre; a shorter part rests
    at the end.

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
    label = name or " over ".join(c.name for c in cues)
    maps = [c for c in cues if isinstance(c, TempoMapCue)]
    if maps:
        return replace(maps[0], layers=layers, name=label, key=first.key, time_signature=first.time_signature)
    return Cue(layers, label, first.key, first.tempo, first.time_signature,
               notes="; ".join(c.notes for c in cues if c.notes))


def drop_out(music: Motif | Cue, *, beats: float = 2) -> Cue:
    """Silence the last ``beats`` beats of every layer: the music drops out (the length stays).

    The breath before the blow: when everything stops, the audience waits, and whatever comes
    next (a stinger) lands twice as hard.

    Examples
    --------
    >>> cue = drop_out(Motif.parse("4/4 c4 d e f", name="melody"), beats=2)
    >>> [c.pitches for c in cue.layers[0].chords]
    [(60,), (62,), ()]

    Lesson: lessons/02_tension.ipynb
    """
    cue = _cue(music)
    total = cue.quarter_length
    cut = Fraction(beats).limit_denominator(16) if not isinstance(beats, bool) and isinstance(beats, (int, float)) \
        else None
    if cut is None or not 0 < cut < total:
        raise ScoringError(f"beats={beats!r}: give how many beats fall silent, more than 0 and less than the "
                           f"music's {float(total):g}")
    layers = []
    for l in cue.layers:
        kept = _padded(l.chords, total - cut)
        layers.append(l.with_(chords=tuple(kept + _padded((), cut))))
    return replace(cue, layers=tuple(layers), name=f"{cue.name}, drop-out")


def chord_line(chords: Sequence[Sequence[str | int]], *, beats: float = 2, instrument: str = "String Ensemble 1",
               dynamics: str | int = "mf", tempo: float = 100, key: str = "C major", name: str = "chords") -> Cue:
    """Chords one after another, each held ``beats`` beats: a way to hear chords side by side.

    Examples
    --------
    >>> line = chord_line([["C4", "E4", "G4"], ["C4", "Db4", "D4", "Eb4"]], beats=2)
    >>> [c.names(line.key) for c in line.layers[0].chords], line.quarter_length
    ([['C4', 'E4', 'G4'], ['C4', 'Db4', 'D4', 'Eb4']], Fraction(4, 1))

    Lesson: lessons/02_tension.ipynb
    """
    if isinstance(chords, str) or not chords:
        raise ScoringError("give a list of chords, each a list of notes, "
                           "e.g. [['C4', 'E4', 'G4'], ['C4', 'Eb4', 'G4']]")
    d = _beats(beats, "beats")
    v = velocity_for(dynamics)
    built = []
    for c in chords:
        if isinstance(c, (str, int)):
            raise ScoringError(f"{c!r} is one note; give each chord as a list of notes, e.g. ['C4', 'E4', 'G4']")
        built.append(Chord(tuple(_pitch.midi_number(p) for p in c), d, v))
    return Cue((Layer("chords", tuple(built), instrument),), name, key, tempo)


# ---------------------------------------------------------------- the blow and the release
STINGERS = ("cluster", "tritone")


def stinger(kind: str = "cluster", *, root: str | int = "C4", dynamics: str | int = "ff", beats: float = 4,
            tempo: float = 100, key: str = "C minor") -> Cue:
    """A stinger (scare chord): one dissonant chord struck at once, loud, in extreme registers.

    ``"cluster"``: six neighbouring semitones high in the strings over a three-note cluster low in
    the brass. ``"tritone"``: the tritone above ``root`` in octaves, from the bass to the top.

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
    r = _pitch.midi_number(root)
    if not 36 <= r <= 84:
        raise ScoringError(f"root {root!r} is too far out; a stinger spreads three octaves around it, give C3-C6")
    if kind_ == "cluster":
        high, low = [r + 12 + k for k in range(6)], [r - 24 + k for k in range(3)]
    else:
        high, low = [r + 18, r + 24], [r - 24, r - 18, r - 12, r - 6]
    v = velocity_for(dynamics)
    d = _beats(beats, "beats")
    layers = (Layer("stinger high", (Chord(tuple(high), d, v),), "String Ensemble 1"),
              Layer("stinger low", (Chord(tuple(low), d, v),), "Brass Section"))
    return Cue(layers, f"{kind_} stinger", key, tempo, notes=f"{kind_} stinger, {dynamics}")


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
    bars = _check_count(bars, "bars", 1, 16)
    pc, _, mode = _pitch.parse_key(key)
    third = _pitch.MODES[mode][2]
    root = 36 + pc if pc <= 7 else 24 + pc            # C2 .. G2, or Ab1 .. B1
    chord = (root + 7, root + 12, root + 12 + third)
    bar = bar_length(time_signature)
    v0, v1 = velocity_for(start), velocity_for(end)
    vels = [int(round(v0 + (v1 - v0) * k / max(1, bars - 1))) for k in range(bars)]
    layers = (Layer("release", tuple(Chord(chord, bar, v) for v in vels), "String Ensemble 1", "legato"),
              Layer("bass", tuple(Chord((root,), bar, v) for v in vels), "Contrabass", "legato"))
    fade = f"{start} to {end}" if bars > 1 else f"{start}"
    return Cue(layers, "release", key, tempo, time_signature, notes=f"release: tonic, low and open, {fade}")


# ---------------------------------------------------------------- endless rise: Shepard and Risset
def _bell(log2_value: np.ndarray, centre: float, width: float) -> np.ndarray:
    return np.exp(-((log2_value - centre) ** 2) / (2 * width ** 2))


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
    where it began. Returns mono ``(samples, sample_rate)``.

    Examples
    --------
    >>> y, sr = shepard_tone(2.0)
    >>> y.shape, sr, float(abs(y).max()) <= 0.5
    ((88200,), 44100, True)

    Lesson: lessons/02_tension.ipynb
    """
    _check_sound(seconds, cycle, sample_rate)
    _check_numbers(lowest=lowest, octaves=octaves, centre=centre, width=width)
    if not 20 <= lowest <= 200 or not 1 <= octaves <= 10 or not 0.2 <= width <= 4 or not 50 <= centre <= 5000:
        raise ScoringError("lowest must be 20-200 Hz, octaves 1-10, centre 50-5000 Hz and width 0.2-4 octaves")
    if lowest * 2 ** octaves >= sample_rate / 2:
        raise ScoringError(f"{octaves} octaves above {lowest:g} Hz pass the Nyquist limit of {sample_rate} Hz; "
                           "use fewer octaves or a higher sample rate")
    t = np.arange(int(round(seconds * sample_rate))) / sample_rate
    u = (-t if falling else t) / cycle                      # octaves travelled
    y = np.zeros_like(t)
    first = -int(math.ceil(seconds / cycle)) - 1 if not falling else 0
    last = octaves + (0 if not falling else int(math.ceil(seconds / cycle)) + 1)
    for k in range(first, last + 1):
        octave = k + u                                      # log2(f / lowest) of this partial
        audible = (octave >= 0) & (octave < octaves)
        if not audible.any():
            continue
        # the phase is the integral of f: lowest * 2**k * cycle / ln 2 * 2**(t/cycle), continuous for ever
        sign = -1.0 if falling else 1.0
        phase = 2 * np.pi * lowest * 2.0 ** k * cycle / math.log(2) * 2.0 ** u * sign
        amp = _bell(np.log2(lowest) + octave, math.log2(centre), width) * audible
        y += amp * np.sin(phase)
    y *= 0.5 / max(1e-9, float(np.abs(y).max()))
    return y.astype(np.float32), sample_rate


def _check_numbers(**values) -> None:
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ScoringError(f"{name}={v!r} is not a number")


def _check_sound(seconds, cycle, sample_rate) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0.1 <= seconds <= 60:
        raise ScoringError(f"seconds={seconds!r}: give a length from 0.1 to 60 seconds")
    if isinstance(cycle, bool) or not isinstance(cycle, (int, float)) or not 0.5 <= cycle <= 60:
        raise ScoringError(f"cycle={cycle!r}: give the seconds per octave (or per doubling), 0.5-60")
    if sample_rate not in (22050, 32000, 44100, 48000):
        raise ScoringError(f"sample_rate={sample_rate!r}: use 22050, 32000, 44100 or 48000")


def risset_onsets(seconds: float = 8.0, *, cycle: float = 4.0, slowest: float = 0.5, layers: int = 6,
                  centre: float = 2.0, width: float = 1.0) -> list[tuple[float, int, float]]:
    """The clicks of a Risset rhythm: (time in seconds, layer, loudness 0..1), in time order.

    Pulse trains whose rates are a doubling apart (``slowest`` beats per second and up) all speed
    up, doubling every ``cycle`` seconds; loudness follows a bell over log-rate centred on
    ``centre`` beats per second, so fast layers fade out as slow ones fade in. Every beat of a
    layer is also a beat of the next faster one, and after one cycle each layer has become the
    next: the rhythm accelerates for ever and never gets faster.

    Examples
    --------
    >>> clicks = risset_onsets(4.0)
    >>> gaps = [b[0] - a[0] for a, b in zip(clicks, clicks[1:]) if a[1] == b[1] == 3]
    >>> all(later < earlier for earlier, later in zip(gaps, gaps[1:]))
    True

    Lesson: lessons/02_tension.ipynb
    """
    _check_sound(seconds, cycle, 44100)
    _check_numbers(slowest=slowest, layers=layers, centre=centre, width=width)
    if not 0.05 <= centre <= 64 or not 0.05 <= slowest <= 4 or not 1 <= layers <= 10 or not 0.2 <= width <= 4:
        raise ScoringError("slowest must be 0.05-4 beats per second, centre 0.05-64, layers 1-10 and width 0.2-4 "
                           "doublings")
    out = []
    for j in range(-int(math.ceil(seconds / cycle)) - 1, layers + 1):
        scale = slowest * 2.0 ** j * cycle / math.log(2)    # beats counted: phi(t) = scale * 2**(t/cycle)
        first, last = math.ceil(scale - 1e-9), math.floor(scale * 2.0 ** (seconds / cycle))
        for n in range(max(1, first), last + 1):
            t = cycle * math.log2(n / scale)
            if not 0 <= t < seconds:
                continue
            octave = j + t / cycle                              # log2(rate / slowest)
            if not 0 <= octave < layers:
                continue
            amp = float(_bell(np.array(math.log2(slowest) + octave), math.log2(centre), width))
            out.append((t, j, amp))
    return sorted(out)


def risset_rhythm(seconds: float = 8.0, *, cycle: float = 4.0, slowest: float = 0.5, layers: int = 6,
                  centre: float = 2.0, width: float = 1.0, sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """The Risset rhythm: a beat that accelerates for ever (the rhythmic Shepard tone), as mono samples.

    Each click of :func:`risset_onsets` is a short woodblock-like blip at its loudness; clicks of
    several layers on the same instant add up to a stronger beat. Returns ``(samples, sample_rate)``.

    Examples
    --------
    >>> y, sr = risset_rhythm(2.0)
    >>> y.shape, float(abs(y).max()) <= 0.5
    ((88200,), True)

    Lesson: lessons/02_tension.ipynb
    """
    _check_sound(seconds, cycle, sample_rate)
    total = int(round(seconds * sample_rate))
    y = np.zeros(total)
    n = int(0.06 * sample_rate)
    tt = np.arange(n) / sample_rate
    blip = (np.sin(2 * np.pi * 1100 * tt) + 0.5 * np.sin(2 * np.pi * 2300 * tt)) * np.exp(-tt / 0.012)
    for t, _, amp in risset_onsets(seconds, cycle=cycle, slowest=slowest, layers=layers, centre=centre, width=width):
        i = int(round(t * sample_rate))
        m = min(n, total - i)
        y[i:i + m] += amp * blip[:m]
    y *= 0.5 / max(1e-9, float(np.abs(y).max()))
    return y.astype(np.float32), sample_rate


def player(samples: np.ndarray, sample_rate: int, *, label: str = "sound") -> HTML:
    """An audio player (MP3 in an ``<audio>`` element) for raw samples, such as a Shepard tone.

    Examples
    --------
    >>> print(player(*shepard_tone(1.0), label="Shepard tone"))
    audio of Shepard tone (1.0 s)

    Lesson: lessons/02_tension.ipynb
    """
    from scoring.render.html import audio_tag
    from scoring.render.html import HTML

    y = np.asarray(samples, dtype=np.float32)
    if y.ndim not in (1, 2) or not len(y):
        raise ScoringError("player() takes mono or stereo samples, e.g. the first value that shepard_tone() returns")
    return HTML(audio_tag(y, sample_rate, label=label), f"audio of {label} ({len(y) / sample_rate:.1f} s)")


def spectrogram(samples: np.ndarray, sample_rate: int, *, top: float = 4000.0, ax: Axes | None = None) -> Axes:
    """Plot where the energy of a sound lies over time (log-frequency up, time across). Returns the Axes.

    For a Shepard tone the picture is a set of parallel lines climbing an octave per cycle,
    bright in the middle and fading at both ends.

    Examples
    --------
    >>> ax = spectrogram(*shepard_tone(1.0))
    >>> ax.get_yscale()
    'log'

    Lesson: lessons/02_tension.ipynb
    """
    from scoring.core.plots import _axes

    y = np.asarray(samples, dtype=np.float64)
    y = y.mean(axis=1) if y.ndim == 2 else y
    if len(y) < 4096:
        raise ScoringError("the sound is too short to analyse; give at least 0.1 s of samples")
    ax = _axes(ax, figsize=(9.0, 3.0))
    n, hop = 4096, 1024
    frames = np.lib.stride_tricks.sliding_window_view(y, n)[::hop] * np.hanning(n)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / sample_rate)
    keep = (freqs >= 25) & (freqs <= top)
    db = 10 * np.log10(power[:, keep].T + 1e-12)
    times = (np.arange(len(frames)) * hop + n / 2) / sample_rate
    ax.pcolormesh(times, freqs[keep], db, shading="auto", cmap="magma", vmin=db.max() - 45, vmax=db.max())
    ax.set_yscale("log")
    ax.set_ylim(25, top)
    ax.set_xlabel("seconds")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title("spectrogram")
    return ax


# ---------------------------------------------------------------- a whole build from a plan
#: The devices :func:`build_tension` knows, and the bars each adds (``None``: ``bars`` per section).
PLAN_DEVICES = {"ostinato": None, "pedal": None, "rising sequence": None, "crescendo": None, "accelerando": None,
                "drop-out": 0, "stinger": 1, "release": 2}
#: The course's own ostinato cell (original): C, G, A-flat, G in eighths, low in the cellos.
BUILD_CELL = "4/4 C8 G A- G"


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
    - ``"drop-out"``: the last two beats before it fall silent (no bars of its own);
    - ``"stinger"``: a cluster stinger, fortissimo; ostinato and pedal stop (1 bar);
    - ``"release"``: the tonic low and open, pianissimo, at two thirds of the first tempo (2 bars);
      its bass note joins the pedal's staff.

    Examples
    --------
    >>> cue = build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "drop-out",
    ...                      "stinger", "release"])
    >>> [l.role for l in cue.layers], int(cue.quarter_length / 4), cue.tempo_text()
    (['ostinato', 'pedal', 'stinger high', 'stinger low', 'release'], 8, '120→150→80 BPM')

    Lesson: lessons/02_tension.ipynb
    """
    if isinstance(plan, str) or not plan:
        raise ScoringError("give the plan as a list of devices, e.g. ['ostinato', 'pedal', 'crescendo', 'release']")
    bars = _check_count(bars, "bars per section", 1, 4)
    unknown = [d for d in plan if d not in PLAN_DEVICES]
    if unknown:
        raise ScoringError(f"unknown device {unknown[0]!r}; choose from {', '.join(PLAN_DEVICES)}")
    if plan[0] == "drop-out":
        raise ScoringError("a drop-out silences the music before it, so it cannot come first; put it after a section")
    total_bars = sum(bars if PLAN_DEVICES[d] is None else PLAN_DEVICES[d] for d in plan)
    if not 8 <= total_bars <= 16:
        raise ScoringError(f"this plan lasts {total_bars} bars; make it 8 to 16 (add or remove devices, or change "
                           "the bars per section)")
    cell = cell if cell is not None else Motif.parse(BUILD_CELL, name="ostinato", key=key, instrument="Cello")
    if not isinstance(cell, Motif):
        raise ScoringError(f"cell should be a Motif, not {type(cell).__name__}")
    bar = bar_length(cell.time_signature)
    if (bar / cell.quarter_length).denominator != 1:
        raise ScoringError("the cell must fill a bar a whole number of times (a 1-, 2- or 4-beat cell in 4/4)")
    tempo0 = _check_tempo(tempo)
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
    label = "tension build"
    how = "plan: " + ", ".join(plan) + f" ({bars} bar{'s' if bars > 1 else ''} per section)"
    tempo_map = _tidy(points)
    if len(tempo_map) == 1:
        return Cue(layers, label, key, tempo0, cell.time_signature, notes=how)
    return TempoMapCue(layers, label, key, tempo0, cell.time_signature, notes=how, tempo_map=tempo_map)
