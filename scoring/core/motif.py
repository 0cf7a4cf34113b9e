"""The :class:`Motif`: a short melody with a name, a key, a tempo and an instrument.

A motif is a value. Every transform returns a new motif and leaves the old one alone, so a
lesson can line up ``hero``, ``hero.invert()`` and ``hero.invert().augment(2)`` side by side.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Iterable, Sequence

import numpy as np

from scoring.core import io as _io
from scoring.core import pitch as _pitch
from scoring.core import transforms as _t
from scoring.core.instruments import instrument_value, program_for
from scoring.core.music import Music
from scoring.core.notes import (MAX_NOTES, MAX_SECONDS, Note, as_duration, check_time_signature, note_events,
                                velocity_for)
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render import html as _html
from scoring.render import roll as _roll
from scoring.render.checks import expect
from scoring.render.synth import NoteEvent

__all__ = ["Motif", "Note"]

@dataclass(frozen=True, repr=False, eq=True)
class Motif(Music):
    """A short melody with a name, key, tempo (quarter-note BPM), instrument and time signature.

    Build one with :meth:`parse`, :meth:`from_notes` or :meth:`from_stream`; transform it
    with :meth:`transpose`, :meth:`invert`, :meth:`augment`, :meth:`to_mode` and friends (each
    returns a new motif); hear it with :meth:`play`, read it with :meth:`show`, see it with
    :meth:`plot`. Evaluated in a notebook cell it shows its name, notation, player and summary.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
    >>> hero.pitches
    ['C4', 'E4', 'G4', 'C5']
    >>> hero.invert().pitches
    ['C4', 'Ab3', 'F3', 'C3']

    Lesson: lessons/00_first_motif.ipynb
    """

    notes: tuple[Note, ...]
    name: str = "Motif"
    key: str = "C major"
    tempo: float = 100.0
    instrument: str = "Acoustic Grand Piano"   # a GM name, or a synth Patch (see scoring.render.analog)
    time_signature: str = "4/4"
    tempo_map: TempoMap | None = None
    #: True when ``key`` was estimated from the notes (no ``key=`` given), and kept through transforms.
    key_estimated: bool = field(default=False, compare=False, hash=False, repr=False)
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        expect(self.notes, (list, tuple), "notes", "(Note(60, 1), Note(64, 1)), or use Motif.from_notes(['C4', 'E4'])")
        notes = tuple(self.notes)
        if not notes:
            raise ScoringError("a motif needs at least one note; e.g. Motif.from_notes(['C4', 'E4', 'G4'])")
        if len(notes) > MAX_NOTES:
            raise ScoringError(f"{len(notes)} notes is more than a motif may hold ({MAX_NOTES}); split it into several motifs")
        if not all(isinstance(n, Note) for n in notes):
            raise ScoringError("a motif's notes must be scoring.Note values; build it with Motif.from_notes([...])")
        if all(n.is_rest for n in notes):
            raise ScoringError("a motif of rests only has nothing to hear; add at least one note")
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "name", str(self.name))
        pc, _, mode = _pitch.parse_key(self.key)
        object.__setattr__(self, "key", _pitch.key_name(pc, mode, prefer=_pitch.parse_key(self.key)[1]))
        object.__setattr__(self, "instrument", instrument_value(self.instrument))
        object.__setattr__(self, "time_signature", check_time_signature(self.time_signature))
        clock = self.tempo_map
        if clock is None:
            clock = TempoMap.constant(self.tempo, time_signature=self.time_signature)
        elif not isinstance(clock, TempoMap):
            raise ScoringError(f"tempo_map must be a scoring.TempoMap, not {type(clock).__name__}; "
                               "e.g. TempoMap.constant(96).ramp(0, 8, 120)")
        elif clock.metres[0][1] != self.time_signature:
            clock = clock.metre(0, self.time_signature)
        object.__setattr__(self, "tempo_map", clock)
        object.__setattr__(self, "tempo", clock.tempo)
        if self.duration_seconds > MAX_SECONDS:
            raise ScoringError(f"this motif lasts {self.duration_seconds:.0f} s, over the {MAX_SECONDS:.0f} s limit; shorten it or raise the tempo")

    def __hash__(self) -> int:
        return hash((self.notes, self.name, self.key, self.tempo_map, self.instrument, self.time_signature))

    # ------------------------------------------------------------------ building
    @classmethod
    def from_notes(
        cls,
        notes: Sequence[str | int | None],
        *,
        durations: Sequence[float] | float = 1,
        velocities: Sequence[int] | None = None,
        dynamics: str | int = "mf",
        name: str = "Motif",
        key: str | None = None,
        tempo: float = 100,
        instrument: str | int = "Acoustic Grand Piano",
        time_signature: str = "4/4",
    ) -> "Motif":
        """A motif from note names (or MIDI numbers; ``None`` or ``"r"`` for a rest).

        ``durations`` are quarter lengths (one per note, or one for all). Without ``key`` the
        key is estimated from the notes (Krumhansl-Schmuckler, through music21).

        Examples
        --------
        >>> m = Motif.from_notes(["C4", "E4", "G4", "C5"], durations=[1, 1, 1, 2])
        >>> m.durations, m.key
        ([1.0, 1.0, 1.0, 2.0], 'C major')

        Lesson: lessons/00_first_motif.ipynb
        """
        if isinstance(notes, (str, bytes)):
            notes = notes.split()
        expect(notes, (list, tuple, str), "notes", "['C4', 'E4', 'G4']")
        notes = list(notes)
        if not notes:
            raise ScoringError("a motif needs at least one note; e.g. Motif.from_notes(['C4', 'E4', 'G4'])")
        if len(notes) > MAX_NOTES:
            raise ScoringError(f"{len(notes)} notes is more than a motif may hold ({MAX_NOTES}); split it into several motifs")
        durs = ([durations] * len(notes) if isinstance(durations, (int, float, Fraction, str, np.integer, np.floating))
                else checks.items(durations, "durations", "give one duration per note, like [1, 1, 2], or one for all",
                                  most=MAX_NOTES))
        if len(durs) != len(notes):
            raise ScoringError(f"{len(notes)} notes but {len(durs)} durations; give one duration per note (or one for all)")
        default_vel = velocity_for(dynamics)
        vels = [default_vel] * len(notes) if velocities is None else [
            velocity_for(v) for v in checks.items(velocities, "velocities", "give one velocity per note, like "
                                                  "[80, 64, 100], or dynamics='mf' for all", most=MAX_NOTES)]
        if len(vels) != len(notes):
            raise ScoringError(f"{len(notes)} notes but {len(vels)} velocities; give one velocity per note")
        built = []
        for n, d, v in zip(notes, durs, vels):
            rest = n is None or (isinstance(n, str) and n.strip().lower() in ("r", "rest"))
            built.append(Note(None if rest else _pitch.midi_number(n), as_duration(d), v))
        built = tuple(built)
        estimated = key is None
        if estimated:
            key = _io.estimate_key(built)
        return cls(built, name=name, key=key, tempo=tempo, instrument=instrument, time_signature=time_signature,
                   key_estimated=estimated)

    @classmethod
    def parse(
        cls,
        text: str,
        *,
        name: str = "Motif",
        key: str | None = None,
        tempo: float = 100,
        instrument: str | int = "Acoustic Grand Piano",
        dynamics: str | int = "mf",
    ) -> "Motif":
        """A motif from music21's tinyNotation: ``"4/4 c4 e g c'2"``.

        ``c`` is middle C (C4), ``c'`` the octave above, ``C`` the octave below; the number is
        the note value (4 = quarter, 8 = eighth, ``4.`` dotted); ``r`` is a rest, ``#``/``-``
        sharp/flat; an optional time signature comes first.

        Examples
        --------
        >>> Motif.parse("3/4 a4 b8 c'8 e'2", name="Waltz", key="A minor").summary()
        'Waltz: A4 B4 C5 E5 | A minor | 3/4 | 100 BPM | Acoustic Grand Piano | 2.4 s'

        Lesson: lessons/00_first_motif.ipynb
        """
        stream = _io.parse_tiny(text)
        motif = cls.from_stream(stream, name=name, key=key, tempo=tempo, instrument=instrument)
        if velocity_for(dynamics) != 80:
            motif = motif.with_dynamics(dynamics)
        return motif

    @classmethod
    def from_stream(
        cls,
        stream,
        *,
        name: str | None = None,
        key: str | None = None,
        tempo: float | None = None,
        instrument: str | int | None = None,
    ) -> "Motif":
        """A motif from a music21 stream (its first part; a chord gives its top note).

        Tempo, instrument, time signature, key and title are read from the stream where
        present; keyword arguments override them.

        Examples
        --------
        >>> from music21 import converter
        >>> Motif.from_stream(converter.parse("tinyNotation: 2/4 r8 g g g e-2")).pitches
        [None, 'G4', 'G4', 'G4', 'Eb4']

        Lesson: lessons/00_first_motif.ipynb
        """
        found = _io.read_part(stream)
        if key is not None:
            _pitch.parse_key(key)                      # a key name, or a clear error
        clock = found.pop("tempo_map")
        if tempo is not None:
            clock = clock.scaled(TempoMap.constant(tempo).tempo / clock.tempo)
        found["key_estimated"] = not (key or found["key"])
        found["key"] = key or found["key"] or _io.estimate_key(found["notes"])
        found["name"] = found["name"] if name is None else name
        if instrument is not None:
            found["instrument"] = instrument
        return cls(found.pop("notes"), tempo_map=clock, **found)

    @classmethod
    def from_file(cls, path: str | os.PathLike, **overrides) -> "Motif":
        """Read a motif back from a MIDI or MusicXML file written by :meth:`to_midi` / :meth:`to_musicxml`.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> hero = Motif.parse("c4 e g c'2", name="Hero", tempo=96)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "hero.mid"
        >>> Motif.from_file(hero.to_midi(path)).pitches
        ['C4', 'E4', 'G4', 'C5']

        Lesson: lessons/00_first_motif.ipynb
        """
        midi_file = str(path).lower().endswith((".mid", ".midi"))
        stream = _io.read_file(path)
        motif = cls.from_stream(stream, **overrides)
        if midi_file and motif.notes[-1].is_rest:
            # MIDI stores no silence after the last note: a final rest is the importer's bar padding.
            notes = list(motif.notes)
            while notes[-1].is_rest:
                notes.pop()
            motif = motif.with_notes(notes)
        return motif

    # ------------------------------------------------------------------ reading
    @property
    def pitches(self) -> list[str | None]:
        """Note names spelled in the motif's key (``None`` for a rest)."""
        return [None if n.is_rest else _pitch.note_name(n.pitch, self.key) for n in self.notes]

    @property
    def midi(self) -> list[int | None]:
        """MIDI numbers (``None`` for a rest)."""
        return [n.pitch for n in self.notes]

    @property
    def durations(self) -> list[float]:
        """Durations in quarter lengths (1.0 = a quarter note)."""
        return [float(n.duration) for n in self.notes]

    @property
    def velocities(self) -> list[int]:
        """MIDI velocities, one per note (rests keep theirs too)."""
        return [n.velocity for n in self.notes]

    @property
    def quarter_length(self) -> Fraction:
        """Total length in quarter notes, exact."""
        return sum((n.duration for n in self.notes), Fraction(0))

    @property
    def duration_seconds(self) -> float:
        """Total length in seconds, by the motif's clock (its tempo map)."""
        return float(self.tempo_map.seconds_at(self.quarter_length))

    @property
    def program(self) -> int:
        """The General MIDI program of the instrument."""
        return program_for(self.instrument)

    @property
    def patch(self):
        """The synth :class:`~scoring.render.analog.Patch` the motif plays on, or None (a GM instrument)."""
        return None if isinstance(self.instrument, str) else self.instrument

    @property
    def ambitus(self) -> tuple[str, str, int]:
        """(lowest note, highest note, span in semitones).

        Examples
        --------
        >>> Motif.from_notes(["C4", "E4", "G4", "C5"]).ambitus
        ('C4', 'C5', 12)
        """
        ps = [p for p in self.midi if p is not None]
        lo, hi = min(ps), max(ps)
        return _pitch.note_name(lo, self.key), _pitch.note_name(hi, self.key), hi - lo

    def summary(self) -> str:
        """One line: name, notes, key, metre, tempo, instrument, length in seconds.

        Examples
        --------
        >>> Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn").summary()
        'Hero: C4 E4 G4 C5 | C major | 4/4 | 96 BPM | French Horn | 3.1 s'

        Lesson: lessons/00_first_motif.ipynb
        """
        names = ["r" if p is None else p for p in self.pitches]
        shown = " ".join(names[:16]) + (f" … (+{len(names) - 16})" if len(names) > 16 else "")
        return (f"{self.name}: {shown} | {self.key} | {self.time_signature} | {self.tempo:g} BPM | "
                f"{self.instrument} | {self.duration_seconds:.1f} s")

    def __repr__(self) -> str:
        return f"<Motif {self.summary()}>"

    def __len__(self) -> int:
        return len(self.notes)

    # ------------------------------------------------------------------ changing
    def _replace(self, **changes) -> "Motif":
        if "tempo" in changes and "tempo_map" not in changes:  # a new tempo keeps the map's shape
            changes["tempo_map"] = self.tempo_map.scaled(TempoMap.constant(changes["tempo"]).tempo / self.tempo)
        if "tempo_map" in changes and isinstance(changes["tempo_map"], TempoMap):
            changes["tempo"] = changes["tempo_map"].tempo
            changes.setdefault("time_signature", changes["tempo_map"].metres[0][1])
        return replace(self, _cache={}, **changes)

    def with_notes(self, notes: Iterable[Note], **changes) -> "Motif":
        """The same motif with other notes (and optionally other fields)."""
        if isinstance(notes, (str, bytes)) or not isinstance(notes, Iterable):
            raise ScoringError(f"notes should be a list of Note values, not {type(notes).__name__}; "
                               "e.g. [Note(60, 1), Note(64, 1)]")
        notes = checks.items(notes, "notes", "give a list of Note values, like [Note(60, 1), Note(64, 1)]",
                             most=MAX_NOTES)
        return self._replace(notes=tuple(notes), **changes)

    def with_tempo_map(self, tempo_map: TempoMap) -> "Motif":
        """The same notes on another clock: an accelerando, a ritardando, a fermata, a metre change.

        Examples
        --------
        >>> hero = Motif.parse("4/4 c4 e g c'2", tempo=96)
        >>> accel = hero.with_tempo_map(TempoMap.constant(96).ramp(0, 5, 132))
        >>> round(hero.duration_seconds, 2), round(accel.duration_seconds, 2), accel.tempo_map.summary()
        (3.12, 2.65, '96→132 BPM')

        Lesson: lessons/02_tension.ipynb
        """
        if not isinstance(tempo_map, TempoMap):
            raise ScoringError(f"with_tempo_map takes a scoring.TempoMap, not {type(tempo_map).__name__}; "
                               "e.g. TempoMap.constant(96).ramp(0, 8, 120)")
        return self._replace(tempo_map=tempo_map)

    def with_name(self, name: str) -> "Motif":
        """The same motif under another name.

        Examples
        --------
        >>> Motif.from_notes(["C4"]).with_name("Bell").name
        'Bell'
        """
        return self._replace(name=str(name))

    def __add__(self, other: "Motif") -> "Motif":
        """Join two motifs in time; the result keeps the left one's key, clock and instrument.

        Examples
        --------
        >>> (Motif.parse("c2", tempo=60) + Motif.parse("e2", tempo=120)).duration_seconds
        4.0

        Lesson: lessons/00_first_motif.ipynb
        """
        if not isinstance(other, Motif):
            return NotImplemented
        return self._replace(notes=self.notes + other.notes, name=f"{self.name} + {other.name}")

    # ------------------------------------------------------------------ transforms (see transforms.py)
    def transpose(self, interval: int | str) -> "Motif":
        """See :func:`scoring.core.transforms.transpose`."""
        return _t.transpose(self, interval)

    def octave(self, n: int = 1) -> "Motif":
        """See :func:`scoring.core.transforms.octave`."""
        return _t.octave(self, n)

    def invert(self, axis: int | str | None = None, *, diatonic: bool = False) -> "Motif":
        """See :func:`scoring.core.transforms.invert`."""
        return _t.invert(self, axis, diatonic=diatonic)

    def retrograde(self) -> "Motif":
        """See :func:`scoring.core.transforms.retrograde`."""
        return _t.retrograde(self)

    def retrograde_inversion(self, axis: int | str | None = None, *, diatonic: bool = False) -> "Motif":
        """See :func:`scoring.core.transforms.retrograde_inversion`."""
        return _t.retrograde_inversion(self, axis, diatonic=diatonic)

    def augment(self, factor: float | Fraction = 2) -> "Motif":
        """See :func:`scoring.core.transforms.augment`."""
        return _t.augment(self, factor)

    def diminish(self, factor: float | Fraction = 2) -> "Motif":
        """See :func:`scoring.core.transforms.diminish`."""
        return _t.diminish(self, factor)

    def to_mode(self, mode: str) -> "Motif":
        """See :func:`scoring.core.transforms.to_mode`."""
        return _t.to_mode(self, mode)

    def fragment(self, start: int = 0, stop: int | None = None) -> "Motif":
        """See :func:`scoring.core.transforms.fragment`."""
        return _t.fragment(self, start, stop)

    def sequence(self, steps: Sequence[int], *, diatonic: bool = True) -> "Motif":
        """See :func:`scoring.core.transforms.sequence`."""
        return _t.sequence(self, steps, diatonic=diatonic)

    def expand_intervals(self, factor: float) -> "Motif":
        """See :func:`scoring.core.transforms.expand_intervals`."""
        return _t.expand_intervals(self, factor)

    def with_tempo(self, bpm: float) -> "Motif":
        """See :func:`scoring.core.transforms.with_tempo`."""
        return _t.with_tempo(self, bpm)

    def with_instrument(self, instrument: str | int) -> "Motif":
        """See :func:`scoring.core.transforms.with_instrument`."""
        return _t.with_instrument(self, instrument)

    def with_dynamics(self, level: str | int) -> "Motif":
        """See :func:`scoring.core.transforms.with_dynamics`."""
        return _t.with_dynamics(self, level)

    # ------------------------------------------------------------------ timing
    def events(self, *, offset: float = 0.0) -> list[NoteEvent]:
        """The notes as timed events (seconds from the clock; rests leave gaps).

        Examples
        --------
        >>> [(e.start, e.pitch) for e in Motif.parse("c4 r e", tempo=60).events()]
        [(0.0, 60), (2.0, 64)]

        Lesson: lessons/00_first_motif.ipynb
        """
        items = [(n.duration, () if n.is_rest else (n.pitch,), n.velocity) for n in self.notes]
        if isinstance(offset, bool) or not isinstance(offset, (int, float, Fraction, np.number)) or not 0 <= offset <= MAX_SECONDS:
            raise ScoringError(f"offset {offset!r} must be seconds from 0 to {MAX_SECONDS:g}, e.g. 2.0")
        return note_events(items, self.tempo_map, program=self.program, offset=float(offset), patch=self.patch)

    # ------------------------------------------------------------------ exporting
    def staves(self) -> list[_io.Staff]:
        """The motif as one staff for :func:`scoring.core.io.score` (spelled in its key)."""
        items = tuple((n.duration, [] if n.is_rest else [_pitch.note_name(n.pitch, self.key)], n.velocity, False)
                      for n in self.notes)
        return [_io.Staff(self.name, self.program, items)]

    # ------------------------------------------------------------------ display
    def alt_text(self) -> str:
        """What the notation shows, in words: name, instrument, metre, tempo and every note.

        Examples
        --------
        >>> Motif.parse("4/4 c4 e8 g c'2", name="Hero", tempo=96, instrument="French Horn").alt_text()
        'notation: Hero, French Horn, 4/4, 96 BPM: C4 quarter, E4 eighth, G4 eighth, C5 half'

        Lesson: lessons/00_first_motif.ipynb
        """
        names = [f"{'rest' if p is None else p} {_value_name(n.duration)}" for p, n in zip(self.pitches, self.notes)]
        shown = ", ".join(names[:24]) + (f", … ({len(names) - 24} more)" if len(names) > 24 else "")
        return f"notation: {self.name}, {self.instrument}, {self.time_signature}, {self.tempo_map.summary()}: {shown}"

    def voices(self) -> list[tuple[str, list[tuple[float, float, int, int]]]]:
        """The notes as one piano-roll voice, in beats: ``[(name, [(start, length, pitch, velocity)])]``."""
        t, notes = Fraction(0), []
        for n in self.notes:
            if not n.is_rest:
                notes.append((float(t), float(n.duration), n.pitch, n.velocity))
            t += n.duration
        return [(f"melody ({self.instrument})", notes)]

    def figure(self, *, figsize: Sequence[float] = (9.0, 2.8)):
        """The motif's piano roll as a standalone figure."""
        return _roll.figure(self.voices(), figsize=figsize, name=lambda p: _pitch.note_name(p, self.key),
                            title=self.name, legend=True, length=float(self.quarter_length))

    def roll_alt(self) -> str:
        """What the piano roll shows, in words."""
        lo, hi, span = self.ambitus
        return (f"piano roll of {self.name}: beats across, pitch up, {len(self.notes)} notes from {lo} to {hi} "
                f"over {float(self.quarter_length):g} beats")

    def card(self, *, width: int = 1800, summary: bool = True, small: bool = False, plot: bool = False) -> str:
        """Name, notation, player and summary line in one HTML block (the motif's cell output).

        Examples
        --------
        >>> page = Motif.parse("c4 e g", name="Bell").card()
        >>> page.count("<audio"), "Bell: C4 E4 G4" in page
        (1, True)

        Lesson: lessons/00_first_motif.ipynb
        """
        summary, plot, small = checks.flag(summary, "summary"), checks.flag(plot, "plot"), checks.flag(small, "small")
        extra, notation, player = (self.roll_notation_and_player(width=width) if plot
                                   else ("", *self.notation_and_player(width=width)))
        return _html.card(self.name, notation=notation, player=player,
                          summary=self.summary() if summary else "", small=small, extra=extra)

    def listen_text(self) -> str:
        """A line saying what the player holds: name, instrument, tempo and length.

        Examples
        --------
        >>> Motif.parse("c4 e g", name="Bell", tempo=60).listen_text()
        'Bell: Acoustic Grand Piano, 60 BPM, 3.0 s'

        Lesson: lessons/00_first_motif.ipynb
        """
        return f"{self.name}: {self.instrument}, {self.tempo_map.summary()}, {self.duration_seconds:.1f} s"

    def _repr_html_(self) -> str:
        return self.card()


_VALUES = {Fraction(4): "whole", Fraction(3): "dotted half", Fraction(2): "half", Fraction(3, 2): "dotted quarter",
           Fraction(1): "quarter", Fraction(3, 4): "dotted eighth", Fraction(1, 2): "eighth",
           Fraction(1, 3): "triplet eighth", Fraction(1, 4): "sixteenth", Fraction(1, 8): "thirty-second"}


def _value_name(d: Fraction) -> str:
    return _VALUES.get(Fraction(d), f"{float(d):g} beats")
