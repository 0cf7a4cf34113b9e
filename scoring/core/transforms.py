"""Transforms: pure functions from a :class:`~scoring.core.motif.Motif` to a new one.

Each is also a method of ``Motif`` (``hero.invert()`` is ``invert(hero)``), so transforms
chain: ``hero.to_mode("minor").augment(2).with_instrument("Cello")``.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import functools
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.instruments import instrument_value
from scoring.core.notes import Note, as_duration, velocity_for
from scoring.errors import ScoringError
from scoring.render.checks import flag, items, like, number, show

__all__ = ["semitones", "transpose", "transpose_key", "octave", "invert", "mirror_key", "retrograde", "retrograde_inversion", "augment", "diminish", "to_mode", "fragment", "sequence", "expand_intervals", "with_tempo", "with_instrument", "with_dynamics", "MIRROR_MODES"]

if TYPE_CHECKING:
    from scoring.core.motif import Motif


def _on_motif(transform):
    """Refuse anything but a motif as a transform's first argument, naming the transform."""

    @functools.wraps(transform)
    def checked(motif, *args, **kwargs):
        like(motif, ("notes", "key", "with_notes", "tempo_map"), f"{transform.__name__}() takes a Motif",
             f"e.g. {transform.__name__}(Motif.parse('c4 e g'), ...) or Motif.parse('c4 e g').{transform.__name__}(...)")
        return transform(motif, *args, **kwargs)

    return checked


def _move(motif: Motif, mapping, what: str) -> list[Note]:
    """Apply a pitch mapping to every note, refusing results outside MIDI 0-127."""
    out = []
    for n in motif.notes:
        if n.is_rest:
            out.append(n)
            continue
        p = mapping(n.pitch)
        if not 0 <= p <= 127:
            raise ScoringError(
                f"{what} takes {_pitch.note_name(n.pitch, motif.key)} to MIDI {p}, outside 0-127; "
                "move the motif toward the middle first (e.g. .octave(-1) or .octave(1))")
        out.append(Note(p, n.duration, n.velocity))
    return out


def semitones(interval: int | str) -> int:
    """Semitones in an interval given as a number or a name like ``"P5"``, ``"m3"``, ``"-M2"``.

    Examples
    --------
    >>> semitones("P5"), semitones("-m3"), semitones(7)
    (7, -3, 7)

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(interval, (bool, np.bool_)):
        raise ScoringError(f"{interval!r} is not an interval; use semitones (7) or a name ('P5', 'm3', '-M2')")
    if isinstance(interval, (int, np.integer)):
        if abs(interval) > 127:
            raise ScoringError(f"an interval of {interval} semitones leaves MIDI's 0-127; use at most 127")
        return int(interval)
    if isinstance(interval, str) and len(interval) <= 12:
        from music21 import interval as m21interval

        try:
            return int(m21interval.Interval(interval.strip()).semitones)
        except Exception:
            pass
    raise ScoringError(f"{show(interval)} is not an interval; use semitones (7) or a name ('P5', 'm3', '-M2', 'P8')")


@_on_motif
def transpose(motif: Motif, interval: int | str) -> Motif:
    """Move every note by the same interval (chromatic), and the key with it.

    Same idea, new place: the shape and rhythm stay, the height changes.

    Examples
    --------
    >>> from scoring import Motif
    >>> transpose(Motif.parse("c4 e g"), "P5").pitches
    ['G4', 'B4', 'D5']

    Lesson: lessons/00_first_motif.ipynb
    """
    n = semitones(interval)
    notes = _move(motif, lambda p: p + n, f"transposing by {n} semitones")
    return motif.with_notes(notes, key=transpose_key(motif.key, interval))


def transpose_key(key: str, interval: int | str) -> str:
    """The key a transposition lands in: octaves keep the spelling (Gb major stays Gb major); a
    named interval spells the new tonic by letter (Eb + "M2" is F); semitones take the key with
    fewer accidentals.

    Examples
    --------
    >>> transpose_key("Gb major", 12), transpose_key("Eb minor", "M2"), transpose_key("C major", 6)
    ('Gb major', 'F minor', 'F# major')

    Lesson: lessons/00_first_motif.ipynb
    """
    pc, tonic, mode = _pitch.parse_key(key)
    n = semitones(interval)
    if n % 12 == 0:
        return key
    if isinstance(interval, str):
        from music21 import pitch as m21pitch

        spelled = m21pitch.Pitch(tonic.replace("b", "-") if len(tonic) > 1 else tonic).transpose(interval.strip())
        name = spelled.name.replace("-", "b")
        if abs(spelled.alter) <= 1:
            return _pitch.key_name(pc + n, mode, prefer=name)
    return _pitch.key_name(pc + n, mode)


@_on_motif
def octave(motif: Motif, n: int = 1) -> Motif:
    """Move the motif up (``n > 0``) or down by whole octaves: register as colour.

    Examples
    --------
    >>> from scoring import Motif
    >>> octave(Motif.parse("c4 e g"), -1).pitches
    ['C3', 'E3', 'G3']

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or abs(n) > 10:
        raise ScoringError(f"octave({show(n)}): give a whole number of octaves, like 1 or -2")
    return transpose(motif, 12 * int(n))


def _axis_midi(motif: Motif, axis: int | str | None) -> int:
    if axis is None:
        return next(p for p in motif.midi if p is not None)
    return _pitch.midi_number(axis)


@_on_motif
def invert(motif: Motif, axis: int | str | None = None, *, diatonic: bool = False) -> Motif:
    """Turn the melody upside down around ``axis`` (default: its first note).

    Chromatic inversion mirrors each interval exactly (p' = 2a - p) and the key with it (see
    :func:`mirror_key`: the mirror of major is Phrygian); ``diatonic=True`` mirrors scale steps
    inside the key, so a major third may answer a minor third, and the key stays.
    The other side of a character.

    Examples
    --------
    >>> from scoring import Motif
    >>> hero = Motif.parse("c4 e g c'2")
    >>> invert(hero).pitches, invert(hero, diatonic=True).pitches
    (['C4', 'Ab3', 'F3', 'C3'], ['C4', 'A3', 'F3', 'C3'])

    Lesson: lessons/00_first_motif.ipynb
    """
    a = _axis_midi(motif, axis)
    if not flag(diatonic, "diatonic"):
        notes = _move(motif, lambda p: 2 * a - p, f"inverting around MIDI {a}")
        return motif.with_notes(notes, key=mirror_key(motif.key, a))
    pc, _, mode = _pitch.parse_key(motif.key)
    ao, ad, _ = _pitch.scale_degree(a, pc, mode)
    axis_deg = 7 * ao + ad

    def mirror(p: int) -> int:
        o, d, alt = _pitch.scale_degree(p, pc, mode)
        return _pitch.from_scale_degree(0, 2 * axis_deg - (7 * o + d), -alt, pc, mode)

    return motif.with_notes(_move(motif, mirror, "inverting diatonically"))


#: A mode turned upside down: its steps read downwards are another mode's steps read upwards.
MIRROR_MODES = {"ionian": "phrygian", "major": "phrygian", "phrygian": "ionian", "dorian": "dorian",
                "lydian": "locrian", "locrian": "lydian", "mixolydian": "aeolian", "aeolian": "mixolydian",
                "minor": "mixolydian"}


def mirror_key(key: str, axis: int) -> str:
    """The key of a chromatic inversion: the tonic mirrored around the axis, the mode turned upside
    down (major's mirror is Phrygian, Dorian is its own mirror). Mirroring twice gives the key back.

    Examples
    --------
    >>> mirror_key("C major", 60), mirror_key("D dorian", 62), mirror_key(mirror_key("E minor", 60), 60)
    ('C phrygian', 'D dorian', 'E minor')

    Lesson: lessons/00_first_motif.ipynb
    """
    pc, _, mode = _pitch.parse_key(key)
    return _pitch.key_name(2 * _pitch.midi_number(axis) - pc, MIRROR_MODES[mode])


@_on_motif
def retrograde(motif: Motif) -> Motif:
    """Play the motif backwards (notes, rests and their durations in reverse order).

    Undoing, a mirror in time.

    Examples
    --------
    >>> from scoring import Motif
    >>> retrograde(Motif.parse("c4 e g c'2")).pitches
    ['C5', 'G4', 'E4', 'C4']

    Lesson: lessons/00_first_motif.ipynb
    """
    return motif.with_notes(reversed(motif.notes))


@_on_motif
def retrograde_inversion(motif: Motif, axis: int | str | None = None, *, diatonic: bool = False) -> Motif:
    """The inversion played backwards (axis default: the first note of the original).

    Examples
    --------
    >>> from scoring import Motif
    >>> retrograde_inversion(Motif.parse("c4 e g c'2")).pitches
    ['C3', 'F3', 'Ab3', 'C4']

    Lesson: lessons/00_first_motif.ipynb
    """
    return retrograde(invert(motif, _axis_midi(motif, axis), diatonic=diatonic))


def _factor(value: object, what: str) -> Fraction:
    try:
        if isinstance(value, (bool, np.bool_)) or (isinstance(value, str) and len(value) > 20):
            raise TypeError
        value = float(value) if isinstance(value, np.floating) else int(value) if isinstance(value, np.integer) else value
        f = Fraction(value).limit_denominator(64) if isinstance(value, float) else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        raise ScoringError(f"{what} factor {show(value)} is not a number; try 2 (twice as long) or 1.5") from None
    if f <= 0:
        raise ScoringError(f"{what} factor {value!r} must be positive; use 2 to double the note values")
    if isinstance(value, float) and abs(float(f) - value) > 1e-9:
        raise ScoringError(f"{what} factor {value!r} is not a simple ratio; use one like 2, 1.5 or 4/3")
    return f


@_on_motif
def augment(motif: Motif, factor: float | Fraction = 2) -> Motif:
    """Multiply every duration by ``factor`` (2 = twice as long): nobler, heavier, elegiac.

    Examples
    --------
    >>> from scoring import Motif
    >>> augment(Motif.parse("c4 e8 g8"), 2).durations
    [2.0, 1.0, 1.0]

    Lesson: lessons/00_first_motif.ipynb
    """
    f = _factor(factor, "augmentation")
    return motif.with_notes((Note(n.pitch, as_duration(n.duration * f), n.velocity) for n in motif.notes),
                            tempo_map=motif.tempo_map.stretched(f))


@_on_motif
def diminish(motif: Motif, factor: float | Fraction = 2) -> Motif:
    """Divide every duration by ``factor`` (2 = twice as fast): urgent, comic.

    Examples
    --------
    >>> from scoring import Motif
    >>> diminish(Motif.parse("c4 e g c'2"), 2).durations
    [0.5, 0.5, 0.5, 1.0]

    Lesson: lessons/00_first_motif.ipynb
    """
    return augment(motif, 1 / _factor(factor, "diminution"))


@_on_motif
def to_mode(motif: Motif, mode: str) -> Motif:
    """The same melody in another mode on the same tonic, keeping each note's scale degree.

    C major's E (degree 3) becomes E flat in C minor; Lydian raises the 4th, Phrygian lowers the
    2nd. Notes outside the old scale (chromatic notes) keep their pitch, so a raised degree can
    meet a chromatic note already there (F and F# in C major both become F# in Lydian).
    Modes: major, minor and the seven church modes.

    Examples
    --------
    >>> from scoring import Motif
    >>> to_mode(Motif.parse("c4 e g c'2", key="C major"), "minor").pitches
    ['C4', 'Eb4', 'G4', 'C5']

    Lesson: lessons/01_mood.ipynb
    """
    target = _pitch.normalise_mode(mode)
    pc, tonic, current = _pitch.parse_key(motif.key)

    def move(p: int) -> int:
        o, d, alt = _pitch.scale_degree(p, pc, current)
        if alt:
            return p  # a chromatic note keeps its pitch: a borrowed Bb in C major is C minor's own 7th
        return _pitch.from_scale_degree(o, d, 0, pc, target)

    notes = _move(motif, move, f"changing to {target}")
    return motif.with_notes(notes, key=_pitch.key_name(pc, target, prefer=tonic))


@_on_motif
def fragment(motif: Motif, start: int = 0, stop: int | None = None) -> Motif:
    """Keep notes ``start`` to ``stop`` (Python slice indices): the cell a composer develops.

    Examples
    --------
    >>> from scoring import Motif
    >>> fragment(Motif.parse("c4 e g c'2"), 0, 2).pitches
    ['C4', 'E4']

    Lesson: lessons/03_leitmotif.ipynb
    """
    for v in (start, stop):
        if v is not None and (isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer))):
            raise ScoringError(f"fragment({show(start)}, {show(stop)}): give note positions as whole numbers")
    start, stop = (None if v is None else int(v) for v in (start, stop))
    notes = motif.notes[start:stop]
    if not notes:
        raise ScoringError(
            f"fragment({start}, {stop}) of a {len(motif)}-note motif keeps no notes; positions run 0..{len(motif)}")
    if all(n.is_rest for n in notes):
        first = next(i for i, n in enumerate(motif.notes) if not n.is_rest)
        raise ScoringError(f"fragment({start}, {stop}) keeps only rests; positions count rests too, and the motif's "
                           f"first note sounds at position {first}")
    first = sum((n.duration for n in motif.notes[:start or 0]), Fraction(0))
    last = first + sum((n.duration for n in notes), Fraction(0))
    return motif.with_notes(notes, name=f"{motif.name} [{start}:{'' if stop is None else stop}]",
                            tempo_map=motif.tempo_map.slice(first, last))


def _diatonic_transpose(motif: Motif, steps: int) -> list[Note]:
    pc, _, mode = _pitch.parse_key(motif.key)

    def move(p: int) -> int:
        o, d, alt = _pitch.scale_degree(p, pc, mode)
        return _pitch.from_scale_degree(o, d + steps, alt, pc, mode)

    return _move(motif, move, f"moving by {steps} scale steps")


@_on_motif
def sequence(motif: Motif, steps: Sequence[int], *, diatonic: bool = True) -> Motif:
    """Repeat the motif starting on successive levels: ``steps`` in scale steps (or semitones
    with ``diatonic=False``). A rising sequence builds tension.

    Examples
    --------
    >>> from scoring import Motif
    >>> sequence(Motif.parse("c4 d e"), [0, 1, 2]).pitches
    ['C4', 'D4', 'E4', 'D4', 'E4', 'F4', 'E4', 'F4', 'G4']

    Lesson: lessons/02_tension.ipynb
    """
    fix = "sequence needs a list of levels, like [0, 1, 2] (scale steps up from the original)"
    steps = items(steps, "steps", fix, most=1000)
    if not steps:
        raise ScoringError(fix)
    if len(steps) * len(motif) > 1000:
        raise ScoringError(f"{len(steps)} repetitions of {len(motif)} notes is over the 1000-note limit")
    notes: list[Note] = []
    for s in steps:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, np.integer)) or abs(s) > 127:
            raise ScoringError(f"sequence level {show(s)} is not a whole number of steps (-127 to 127)")
        s = int(s)
        notes += _diatonic_transpose(motif, s) if flag(diatonic, "diatonic") else _move(motif, lambda p, s=s: p + s, f"transposing by {s}")
    return motif.with_notes(notes)


@_on_motif
def expand_intervals(motif: Motif, factor: float) -> Motif:
    """Widen (``factor > 1``) or narrow (``< 1``) every melodic interval, keeping the first note.

    Intervals are rounded to whole semitones; the key stays. Growth, or constriction.

    Examples
    --------
    >>> from scoring import Motif
    >>> expand_intervals(Motif.parse("c4 d e"), 2).pitches
    ['C4', 'E4', 'Ab4']

    Lesson: lessons/04_motif_evolution.ipynb
    """
    factor = number(factor, "interval factor", "give a number between -8 and 8; 2 doubles each step", lo=-8, hi=8)
    out, prev_old, prev_new = [], None, None
    for n in motif.notes:
        if n.is_rest:
            out.append(n)
            continue
        new = n.pitch if prev_old is None else prev_new + int(round((n.pitch - prev_old) * float(factor)))
        if not 0 <= new <= 127:
            raise ScoringError(f"widening the intervals by {factor} leaves MIDI 0-127 (reaches {new}); use a smaller factor")
        out.append(Note(new, n.duration, n.velocity))
        prev_old, prev_new = n.pitch, new
    return motif.with_notes(out)


@_on_motif
def with_tempo(motif: Motif, bpm: float) -> Motif:
    """The same motif at another tempo (quarter-note beats per minute, 20-400).

    Examples
    --------
    >>> from scoring import Motif
    >>> with_tempo(Motif.parse("c4 e g c'2"), 60).duration_seconds
    5.0

    Lesson: lessons/00_first_motif.ipynb
    """
    return motif._replace(tempo=bpm)


@_on_motif
def with_instrument(motif: Motif, instrument: str | int) -> Motif:
    """The same motif on another General MIDI instrument, or on a synth
    :class:`~scoring.render.analog.Patch`: reorchestration.

    Examples
    --------
    >>> from scoring import Motif
    >>> with_instrument(Motif.parse("c4 e g"), "cello").instrument
    'Cello'

    Lesson: lessons/00_first_motif.ipynb
    """
    return motif._replace(instrument=instrument_value(instrument))


@_on_motif
def with_dynamics(motif: Motif, level: str | int) -> Motif:
    """Every note at one dynamic (``"pp"`` .. ``"ff"`` or a velocity 1-127).

    Examples
    --------
    >>> from scoring import Motif
    >>> with_dynamics(Motif.parse("c4 e g"), "pp").velocities
    [33, 33, 33]

    Lesson: lessons/00_first_motif.ipynb
    """
    v = velocity_for(level)
    return motif.with_notes(Note(n.pitch, n.duration, v) for n in motif.notes)
