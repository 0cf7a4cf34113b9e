"""Notes: the :class:`Note` value, note lengths, dynamics, and the limits that keep a notebook responsive.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render.checks import expect, number, whole
from scoring.render.synth import NoteEvent

__all__ = ["MAX_NOTES", "MIN_DURATION", "MAX_DURATION", "MAX_SECONDS", "MAX_CHORD", "DYNAMICS", "velocity_for",
           "dynamic_mark", "as_duration", "Note", "check_tempo", "check_time_signature", "note_events"]

#: Limits that keep a notebook responsive; anything larger is refused with a ScoringError.
MAX_NOTES = 1000
MIN_DURATION = Fraction(1, 16)   # a 64th note
MAX_DURATION = Fraction(64)      # sixteen bars of 4/4 in one note
MAX_SECONDS = 600.0              # ten minutes of sound
MAX_CHORD = 16                   # notes struck together in one chord

#: Dynamic marks and the MIDI velocities they stand for.
DYNAMICS: dict[str, int] = {"ppp": 16, "pp": 33, "p": 49, "mp": 64, "mf": 80, "f": 96, "ff": 112, "fff": 127}


def velocity_for(level: str | int) -> int:
    """The MIDI velocity (1-127) of a dynamic mark such as ``"mf"``, or of a number.

    Examples
    --------
    >>> velocity_for("pp"), velocity_for("ff"), velocity_for(90)
    (33, 112, 90)

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(level, str):
        key = level.strip().lower()
        if key not in DYNAMICS:
            raise ScoringError(f"unknown dynamic {level!r}; use one of {', '.join(DYNAMICS)} or a velocity 1-127")
        return DYNAMICS[key]
    if isinstance(level, bool) or not isinstance(level, (int, float, np.number)) or not 1 <= level <= 127:
        raise ScoringError(f"dynamic {level!r} is not a velocity 1-127 nor a mark like 'mf'")
    return int(round(level))


def dynamic_mark(velocity: int) -> str:
    """The dynamic mark nearest to a MIDI velocity.

    Examples
    --------
    >>> dynamic_mark(100), dynamic_mark(30)
    ('f', 'pp')

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(velocity, bool) or not isinstance(velocity, (int, float, np.number)) or not 0 <= velocity <= 127:
        raise ScoringError(f"velocity {velocity!r} is not a MIDI velocity 0-127; e.g. 80 (mf)")
    return min(DYNAMICS, key=lambda k: abs(DYNAMICS[k] - velocity))


def as_duration(value: object) -> Fraction:
    """A duration in quarter lengths as an exact fraction, checked to be playable.

    Examples
    --------
    >>> as_duration(1.5), as_duration("1/3")
    (Fraction(3, 2), Fraction(1, 3))

    Lesson: lessons/00_first_motif.ipynb
    """
    if type(value) is Fraction and MIN_DURATION <= value <= MAX_DURATION:  # a note's own duration: already checked
        return value
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, np.integer):
            value = int(value)
        elif isinstance(value, np.floating):
            value = float(value)
        d = Fraction(value).limit_denominator(960) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        raise ScoringError(f"duration {value!r} is not a number of quarter notes; use 1 for a crotchet, 0.5 for a quaver") from None
    if d <= 0:
        raise ScoringError(f"duration {value!r} must be positive (1 = a quarter note); use a rest for silence")
    if d < MIN_DURATION:
        raise ScoringError(f"duration {value!r} is shorter than a 64th note ({float(MIN_DURATION)} quarter lengths)")
    if d > MAX_DURATION:
        raise ScoringError(f"duration {value!r} is longer than {int(MAX_DURATION)} quarter notes; split it into tied notes")
    return d


@dataclass(frozen=True)
class Note:
    """One note or rest: MIDI ``pitch`` (``None`` for a rest), ``duration`` in quarter lengths,
    and ``velocity`` (1-127).

    Examples
    --------
    >>> Note(60, Fraction(1)), Note(None, Fraction(1, 2)).is_rest
    (Note(pitch=60, duration=Fraction(1, 1), velocity=80), True)

    Lesson: lessons/00_first_motif.ipynb
    """

    pitch: int | None
    duration: Fraction
    velocity: int = 80  # a rest's is always 80: silence has no loudness

    def __post_init__(self) -> None:
        if isinstance(self.pitch, np.integer):
            object.__setattr__(self, "pitch", int(self.pitch))
        if isinstance(self.velocity, np.integer):
            object.__setattr__(self, "velocity", int(self.velocity))
        if self.pitch is not None and (isinstance(self.pitch, bool) or not isinstance(self.pitch, int) or not 0 <= self.pitch <= 127):
            raise ScoringError(f"pitch {self.pitch!r} is outside MIDI 0-127; transpose the motif back into range (try .octave(-1) or .octave(1))")
        object.__setattr__(self, "duration", as_duration(self.duration))
        if self.pitch is None:
            object.__setattr__(self, "velocity", 80)  # a rest has no loudness; all rests compare equal
        if isinstance(self.velocity, bool) or not isinstance(self.velocity, int) or not 1 <= self.velocity <= 127:
            raise ScoringError(f"velocity {self.velocity!r} must be a whole number 1-127 (or use a mark: {', '.join(DYNAMICS)})")

    @property
    def is_rest(self) -> bool:
        return self.pitch is None


def check_tempo(bpm: object) -> float:
    """A tempo (quarter-note BPM) checked to be a number in :data:`~scoring.core.time.TEMPO_RANGE`.

    Examples
    --------
    >>> check_tempo(96), check_tempo(np.float64(72.5))
    (96.0, 72.5)

    Lesson: lessons/00_first_motif.ipynb
    """
    return TempoMap.constant(bpm).tempo


def check_time_signature(ts: str) -> str:
    """A time signature checked and written plainly: ``"4/4"``, ``"3/4"``, ``"6/8"``.

    Examples
    --------
    >>> check_time_signature(" 6/8 ")
    '6/8'

    Lesson: lessons/00_first_motif.ipynb
    """
    parts = str(ts).strip().split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[0]) < 1 or int(parts[1]) not in (1, 2, 4, 8, 16, 32):
        raise ScoringError(f"{ts!r} is not a time signature; write beats/unit like '4/4', '3/4' or '6/8'")
    if int(parts[0]) > 32:
        raise ScoringError(f"{ts!r} has more than 32 beats in a bar; split it into shorter bars")
    return f"{int(parts[0])}/{int(parts[1])}"




def note_events(items, tempo_map: TempoMap, *, program: int, gate: float = 1.0, offset: float = 0.0,
                patch=None) -> list[NoteEvent]:
    """The one walk over timed notes: ``items`` are ``(duration, pitches, velocity)`` one after another
    (no pitches is a rest); the clock turns their beats into seconds. ``gate`` is how much of each
    written note sounds (articulation); ``offset`` shifts everything by seconds; ``patch`` (a synth
    :class:`~scoring.render.analog.Patch`, or None) plays the notes on the analog voice.

    Examples
    --------
    >>> clock = TempoMap.constant(60).ramp(0, 4, 120)
    >>> [round(e.start, 3) for e in note_events([(Fraction(1), (60,), 80)] * 4, clock, program=0)]
    [0.0, 0.893, 1.622, 2.238]

    Lesson: lessons/02_tension.ipynb
    """
    expect(items, (list, tuple), "items", "[(Fraction(1), (60,), 80)]")
    expect(tempo_map, TempoMap, "tempo_map", "TempoMap.constant(96)")
    gate = number(gate, "gate", "give how much of each note sounds, 0.05-1, like 0.9", lo=0.05, hi=1)
    offset = number(offset, "offset", "give seconds to shift by, like 2.5")
    program = whole(program, "program", "give a General MIDI program 0-127, like 0 (piano)", lo=0, hi=127)
    if not all(isinstance(it, (list, tuple)) and len(it) == 3 for it in items):
        raise ScoringError("items: give each note as (duration, pitches, velocity), like (Fraction(1), (60,), 80)")
    durations = [as_duration(d) for d, _, _ in items]
    if not durations:
        return []
    beats = np.concatenate([[0.0], np.cumsum([float(d) for d in durations])])
    starts = tempo_map.seconds_at(beats[:-1])
    ends = tempo_map.seconds_at(beats[1:])
    out = []
    for (d, pitches, velocity), t0, t1 in zip(items, np.atleast_1d(starts), np.atleast_1d(ends)):
        if not pitches:
            continue
        t0 = float(t0)
        end = t0 + (float(t1) - t0) * gate
        for p in pitches:
            out.append(NoteEvent(t0 + offset, end + offset, int(p), int(velocity), int(program), patch))
    return out
