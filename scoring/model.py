"""The :class:`Motif`: a short melody with a name, a key, a tempo and an instrument.

A motif is a value. Every transform returns a new motif and leaves the old one alone, so a
lesson can line up ``hero``, ``hero.invert()`` and ``hero.invert().augment(2)`` side by side.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Sequence

from . import pitch as _pitch
from .errors import ScoringError
from .instruments import instrument_name, program_for

#: Limits that keep a notebook responsive; anything larger is refused with a ScoringError.
MAX_NOTES = 1000
MIN_DURATION = Fraction(1, 16)   # a 64th note
MAX_DURATION = Fraction(64)      # sixteen bars of 4/4 in one note
MAX_SECONDS = 600.0              # ten minutes of sound
TEMPO_RANGE = (20.0, 400.0)

#: One tinyNotation token: a time signature, or a note/rest with octave marks, accidental, value,
#: dots, tie and lyric, optionally opening or closing a tuplet group (trip{ ... }).
_TINY_TOKEN = re.compile(r"^(?:\d+/\d+|\}|(?:(?:trip|quad)\{)?(?:r|[a-gA-G]+'*(?:#{1,2}|-{1,2}|n)?'*)"
                         r"\d*\.*~?(?:_\S+)?\}?)$")

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
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 1 <= level <= 127:
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
    return min(DYNAMICS, key=lambda k: abs(DYNAMICS[k] - velocity))


def as_duration(value: object) -> Fraction:
    """A duration in quarter lengths as an exact fraction, checked to be playable.

    Examples
    --------
    >>> as_duration(1.5), as_duration("1/3")
    (Fraction(3, 2), Fraction(1, 3))

    Lesson: lessons/00_first_motif.ipynb
    """
    try:
        if isinstance(value, bool):
            raise TypeError
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


def _check_tempo(bpm: object) -> float:
    if isinstance(bpm, bool) or not isinstance(bpm, (int, float)):
        raise ScoringError(f"tempo {bpm!r} is not a number of beats per minute; try 96")
    lo, hi = TEMPO_RANGE
    if not lo <= bpm <= hi:
        raise ScoringError(f"tempo {bpm} BPM is outside {lo:g}-{hi:g}; film cues sit roughly between 40 (lament) and 180 (chase)")
    return float(bpm)


def _check_time_signature(ts: str) -> str:
    parts = str(ts).strip().split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[0]) < 1 or int(parts[1]) not in (1, 2, 4, 8, 16, 32):
        raise ScoringError(f"{ts!r} is not a time signature; write beats/unit like '4/4', '3/4' or '6/8'")
    if int(parts[0]) > 32:
        raise ScoringError(f"{ts!r} has more than 32 beats in a bar; split it into shorter bars")
    return f"{int(parts[0])}/{int(parts[1])}"


@dataclass(frozen=True, repr=False, eq=True)
class Motif:
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
    instrument: str = "Acoustic Grand Piano"
    time_signature: str = "4/4"
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
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
        object.__setattr__(self, "tempo", _check_tempo(self.tempo))
        object.__setattr__(self, "instrument", instrument_name(self.instrument))
        object.__setattr__(self, "time_signature", _check_time_signature(self.time_signature))
        if self.duration_seconds > MAX_SECONDS:
            raise ScoringError(f"this motif lasts {self.duration_seconds:.0f} s, over the {MAX_SECONDS:.0f} s limit; shorten it or raise the tempo")

    def __hash__(self) -> int:
        return hash((self.notes, self.name, self.key, self.tempo, self.instrument, self.time_signature))

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
        notes = list(notes)
        if not notes:
            raise ScoringError("a motif needs at least one note; e.g. Motif.from_notes(['C4', 'E4', 'G4'])")
        if len(notes) > MAX_NOTES:
            raise ScoringError(f"{len(notes)} notes is more than a motif may hold ({MAX_NOTES}); split it into several motifs")
        durs = [durations] * len(notes) if isinstance(durations, (int, float, Fraction, str)) else list(durations)
        if len(durs) != len(notes):
            raise ScoringError(f"{len(notes)} notes but {len(durs)} durations; give one duration per note (or one for all)")
        default_vel = velocity_for(dynamics)
        vels = [default_vel] * len(notes) if velocities is None else [velocity_for(v) for v in velocities]
        if len(vels) != len(notes):
            raise ScoringError(f"{len(notes)} notes but {len(vels)} velocities; give one velocity per note")
        built = []
        for n, d, v in zip(notes, durs, vels):
            rest = n is None or (isinstance(n, str) and n.strip().lower() in ("r", "rest"))
            built.append(Note(None if rest else _pitch.midi_number(n), as_duration(d), v))
        built = tuple(built)
        if key is None:
            key = estimate_key(built)
        return cls(built, name=name, key=key, tempo=tempo, instrument=instrument, time_signature=time_signature)

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
        from music21 import converter

        if not isinstance(text, str) or not text.strip():
            raise ScoringError("tinyNotation text is empty; write notes like \"4/4 c4 e g c'2\"")
        if len(text) > 20 * MAX_NOTES:
            raise ScoringError(f"tinyNotation text is longer than {20 * MAX_NOTES} characters; split it into several motifs")
        for token in text.split():
            if not _TINY_TOKEN.match(token):
                raise ScoringError(f"{token!r} in {text!r} is not tinyNotation; write notes like c4, e-8, f#2., c'4, "
                                   "rests like r4, a time signature like 3/4 first (English note names: b, not h)")
        try:
            stream = converter.parse("tinyNotation: " + text.strip())
        except Exception as exc:  # music21 raises many kinds here
            raise ScoringError(f"could not read {text!r} as tinyNotation ({exc}); write notes like \"4/4 c4 e g c'2\"") from None
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
        from music21 import chord, key as m21key, meter, stream as m21stream, tempo as m21tempo

        if not isinstance(stream, m21stream.Stream):
            raise ScoringError(f"expected a music21 stream, got {type(stream).__name__}; use Motif.parse or Motif.from_notes instead")
        parts = list(stream.parts) if hasattr(stream, "parts") and len(stream.parts) else [stream]
        part = parts[0]
        flat = part.flatten()
        built: list[Note] = []
        for el in flat.notesAndRests:
            if el.duration.isGrace or el.quarterLength == 0:
                continue
            if el.isRest and el.style.hideObjectOnPrint:
                continue  # padding that music21 adds to fill an unfinished last bar
            if "Unpitched" in el.classes or "PercussionChord" in el.classes:
                raise ScoringError("this part is a drum track (unpitched notes); a motif holds pitched notes: "
                                   "pick a pitched part of the file")
            if el.isRest:
                p = None
            elif isinstance(el, chord.Chord):
                p = max(x.midi for x in el.pitches)
            else:
                p = el.pitch.midi
            v = el.volume.velocity if (not el.isRest and el.volume.velocity) else 80
            d = Fraction(el.quarterLength).limit_denominator(960)
            if el.tie is not None and el.tie.type in ("stop", "continue") and built and built[-1].pitch == p and p is not None:
                prev = built.pop()
                built.append(Note(p, prev.duration + d, prev.velocity))
                continue
            built.append(Note(p, d, int(v)))
        if not built:
            raise ScoringError("the stream has no notes; a motif needs at least one")
        marks = list(flat.getElementsByClass(m21tempo.MetronomeMark))
        if tempo is None:
            tempo = marks[0].getQuarterBPM() if marks and marks[0].number else 100
            tempo = round(float(tempo), 3)
        if instrument is None:
            instrument = _program_of(part.recurse().getElementsByClass("Instrument").first())
        sigs = list(flat.getElementsByClass(meter.TimeSignature))
        ts = sigs[0].ratioString if sigs else "4/4"
        if key is None:
            keys = list(flat.getElementsByClass(m21key.Key))
            key = _key_from_m21(keys[0]) if keys else estimate_key(tuple(built))
        if name is None:
            md = getattr(stream, "metadata", None)
            title = (md.title or md.movementName) if md is not None else None
            name = title or getattr(part, "partName", None) or "Motif"
        return cls(tuple(built), name=name, key=key, tempo=tempo, instrument=instrument, time_signature=ts)

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
        from music21 import converter

        p = Path(path)
        if not p.is_file():
            raise ScoringError(f"no file at {str(p)!r}; check the path (it is relative to the notebook's folder)")
        midi_file = p.suffix.lower() in (".mid", ".midi")
        try:
            stream = converter.parse(str(p), quarterLengthDivisors=(12,)) if midi_file else converter.parse(str(p))
        except Exception as exc:
            raise ScoringError(f"could not read {p.name!r} as MIDI or MusicXML ({exc})") from None
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
        """Total length in seconds at the motif's tempo."""
        return float(self.quarter_length) * 60.0 / self.tempo

    @property
    def program(self) -> int:
        """The General MIDI program of the instrument."""
        return program_for(self.instrument)

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
        return replace(self, _cache={}, **changes)

    def with_notes(self, notes: Iterable[Note], **changes) -> "Motif":
        """The same motif with other notes (and optionally other fields)."""
        return self._replace(notes=tuple(notes), **changes)

    def with_name(self, name: str) -> "Motif":
        """The same motif under another name.

        Examples
        --------
        >>> Motif.from_notes(["C4"]).with_name("Bell").name
        'Bell'
        """
        return self._replace(name=str(name))

    def __add__(self, other: "Motif") -> "Motif":
        """Join two motifs in time; the result keeps the left one's key, tempo and instrument."""
        if not isinstance(other, Motif):
            return NotImplemented
        return self._replace(notes=self.notes + other.notes, name=f"{self.name} + {other.name}")

    # ------------------------------------------------------------------ transforms (see transforms.py)
    def transpose(self, interval: int | str) -> "Motif":
        """See :func:`scoring.transforms.transpose`."""
        return _t().transpose(self, interval)

    def octave(self, n: int = 1) -> "Motif":
        """See :func:`scoring.transforms.octave`."""
        return _t().octave(self, n)

    def invert(self, axis: int | str | None = None, *, diatonic: bool = False) -> "Motif":
        """See :func:`scoring.transforms.invert`."""
        return _t().invert(self, axis, diatonic=diatonic)

    def retrograde(self) -> "Motif":
        """See :func:`scoring.transforms.retrograde`."""
        return _t().retrograde(self)

    def retrograde_inversion(self, axis: int | str | None = None, *, diatonic: bool = False) -> "Motif":
        """See :func:`scoring.transforms.retrograde_inversion`."""
        return _t().retrograde_inversion(self, axis, diatonic=diatonic)

    def augment(self, factor: float | Fraction = 2) -> "Motif":
        """See :func:`scoring.transforms.augment`."""
        return _t().augment(self, factor)

    def diminish(self, factor: float | Fraction = 2) -> "Motif":
        """See :func:`scoring.transforms.diminish`."""
        return _t().diminish(self, factor)

    def to_mode(self, mode: str) -> "Motif":
        """See :func:`scoring.transforms.to_mode`."""
        return _t().to_mode(self, mode)

    def fragment(self, start: int = 0, stop: int | None = None) -> "Motif":
        """See :func:`scoring.transforms.fragment`."""
        return _t().fragment(self, start, stop)

    def sequence(self, steps: Sequence[int], *, diatonic: bool = True) -> "Motif":
        """See :func:`scoring.transforms.sequence`."""
        return _t().sequence(self, steps, diatonic=diatonic)

    def expand_intervals(self, factor: float) -> "Motif":
        """See :func:`scoring.transforms.expand_intervals`."""
        return _t().expand_intervals(self, factor)

    def with_tempo(self, bpm: float) -> "Motif":
        """See :func:`scoring.transforms.with_tempo`."""
        return _t().with_tempo(self, bpm)

    def with_instrument(self, instrument: str | int) -> "Motif":
        """See :func:`scoring.transforms.with_instrument`."""
        return _t().with_instrument(self, instrument)

    def with_dynamics(self, level: str | int) -> "Motif":
        """See :func:`scoring.transforms.with_dynamics`."""
        return _t().with_dynamics(self, level)

    def in_mood(self, mood: str) -> "Cue":  # noqa: F821
        """See :func:`scoring.mood.in_mood`: the motif harmonised and orchestrated in a preset mood."""
        from .mood import in_mood

        return in_mood(self, mood)

    # ------------------------------------------------------------------ exporting
    def to_stream(self):
        """A music21 :class:`~music21.stream.Score` with one part: instrument, tempo, key,
        metre, spelled notes and dynamics, barred into measures.

        Examples
        --------
        >>> s = Motif.parse("3/4 c4 e- g c'2.").to_stream()
        >>> [n.nameWithOctave for n in s.flatten().notes], len(s.parts[0].getElementsByClass("Measure"))
        (['C4', 'E-4', 'G4', 'C5'], 2)

        Lesson: lessons/00_first_motif.ipynb
        """
        from music21 import dynamics, instrument, key as m21key, metadata, meter, note, stream, tempo

        part = stream.Part()
        inst = gm_instrument(self.program)
        inst.partName = self.name  # the staff label, and the MIDI track name, so files keep the name
        inst.partAbbreviation = ""
        inst.instrumentAbbreviation = ""
        part.insert(0, inst)
        _, tonic, mode = _pitch.parse_key(self.key)
        part.append(m21key.Key(_m21_name(tonic), mode))
        part.append(meter.TimeSignature(self.time_signature))
        part.append(tempo.MetronomeMark(number=self.tempo, referent=1.0))
        last_mark = None
        for n in self.notes:
            if n.is_rest:
                el = note.Rest(quarterLength=n.duration)
            else:
                el = note.Note(_m21_name(_pitch.note_name(n.pitch, self.key)), quarterLength=n.duration)
                el.volume.velocity = n.velocity
                el.volume.velocityIsRelative = False  # MIDI keeps the exact velocity
                mark = dynamic_mark(n.velocity)
                if mark != last_mark:
                    part.append(dynamics.Dynamic(mark))
                    last_mark = mark
            part.append(el)
        score = stream.Score()
        score.metadata = metadata.Metadata(title=self.name)
        score.insert(0, part)
        try:
            return score.makeNotation()
        except Exception as exc:
            raise ScoringError(f"music21 could not bar this motif into {self.time_signature} ({exc}); try simpler durations") from None

    def to_midi(self, path: str | os.PathLike) -> Path:
        """Write a standard MIDI file that a DAW opens; returns the path written.

        Lesson: lessons/00_first_motif.ipynb
        """
        from music21 import midi

        target = writable_path(path, (".mid", ".midi"))
        mf = midi.translate.music21ObjectToMidiFile(self.to_stream())
        target.write_bytes(mf.writestr())
        return target

    def to_musicxml(self, path: str | os.PathLike) -> Path:
        """Write a MusicXML file that MuseScore, Dorico or Sibelius opens; returns the path.

        Lesson: lessons/00_first_motif.ipynb
        """
        target = writable_path(path, (".musicxml", ".xml"))
        target.write_bytes(musicxml_bytes(self))
        return target

    def to_audio(self, *, sample_rate: int = 44100) -> tuple["np.ndarray", int]:  # noqa: F821
        """The motif as sound: ``(samples, sample_rate)``, float32 stereo samples in -1..1.

        Rendered with FluidSynth and the General MIDI soundfont in ``assets/`` (or the
        built-in synth where FluidSynth is missing), with a little room reverb.

        Examples
        --------
        >>> samples, sr = Motif.parse("c4 e g c'2", tempo=120).to_audio()
        >>> sr, samples.shape[1], round(samples.shape[0] / sr, 1) >= 2.5
        (44100, 2, True)

        Lesson: lessons/00_first_motif.ipynb
        """
        from .audio import render

        return render(self, sample_rate=sample_rate)

    def to_wav(self, path: str | os.PathLike, *, sample_rate: int = 44100) -> Path:
        """Write the motif's sound as a WAV file; returns the path.

        Lesson: lessons/00_first_motif.ipynb
        """
        from .audio import write_wav

        samples, sr = self.to_audio(sample_rate=sample_rate)
        return write_wav(path, samples, sr)

    # ------------------------------------------------------------------ display
    def show(self):
        """The motif's notation (an HTML image that also shows in an untrusted notebook)."""
        from .display import notation_html

        return notation_html(self)

    def play(self):
        """An audio player for the motif."""
        from .display import audio_html

        return audio_html(self)

    def plot(self, kind: str = "piano roll"):
        """A matplotlib figure: ``"piano roll"``, ``"contour"``, ``"intervals"`` or ``"pitch classes"``."""
        from .plots import motif_figure

        return motif_figure(self, kind)

    def _repr_html_(self) -> str:
        from .display import motif_html

        return motif_html(self)


def _t():
    from . import transforms

    return transforms


def _m21_name(name: str) -> str:
    """'Bb4' -> 'B-4' (music21 writes flats as '-')."""
    return name[0] + name[1:].replace("b", "-")


def gm_instrument(program: int):
    """A plain music21 instrument for a General MIDI program: named by its GM name, at concert pitch,
    on a melodic channel (music21's own classes put some programs, e.g. Taiko Drum, on the drum channel).

    Examples
    --------
    >>> inst = gm_instrument(116)
    >>> inst.instrumentName, inst.midiProgram
    ('Taiko Drum', 116)

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import instrument

    from .instruments import GM_NAMES

    inst = instrument.Instrument()
    inst.instrumentName = GM_NAMES[program]
    inst.midiProgram = program
    return inst


def _program_of(inst) -> int:
    """The GM program of an imported instrument: its GM name if it has one, else its MIDI program."""
    from .instruments import GM_NAMES

    if inst is None:
        return 0
    for name in (inst.instrumentName, inst.partName):
        if name in GM_NAMES:
            return GM_NAMES.index(name)
    return inst.midiProgram if inst.midiProgram is not None else 0


def _key_from_m21(k) -> str:
    mode = k.mode if k.mode in _pitch.MODES else "major"
    return f"{k.tonic.name.replace('-', 'b')} {mode}"


def estimate_key(notes: Sequence[Note]) -> str:
    """The most likely major or minor key of some notes (Krumhansl-Schmuckler, via music21).

    Examples
    --------
    >>> estimate_key(Motif.from_notes(["A4", "C5", "E5", "A5"], key="C major").notes)
    'A minor'

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import note, stream

    pitched = [n for n in notes if not n.is_rest]
    if not pitched:
        return "C major"
    if len({n.pitch % 12 for n in pitched}) < 2:
        return _pitch.key_name(pitched[0].pitch % 12, "major")
    s = stream.Stream()
    for n in pitched:
        s.append(note.Note(n.pitch, quarterLength=n.duration))
    try:
        k = s.analyze("KrumhanslSchmuckler")
    except Exception:
        return _pitch.key_name(pitched[0].pitch % 12, "major")
    return _key_from_m21(k)


def musicxml_bytes(motif: Motif) -> bytes:
    """The motif as MusicXML bytes (what :meth:`Motif.to_musicxml` writes).

    Examples
    --------
    >>> musicxml_bytes(Motif.parse("c4 e g")).count(b"<pitch>")
    3

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    return GeneralObjectExporter(motif.to_stream()).parse()


def writable_path(path: str | os.PathLike, suffixes: tuple[str, ...]) -> Path:
    """Check that ``path`` can be written (its folder exists and is writable) and has a fitting suffix.

    Examples
    --------
    >>> writable_path("hero.mid", (".mid",)).name
    'hero.mid'
    >>> writable_path("no/such/folder/hero.mid", (".mid",))
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: the folder 'no/such/folder' does not exist; create it first or write beside the notebook

    Lesson: lessons/00_first_motif.ipynb
    """
    try:
        p = Path(path)
    except TypeError:
        raise ScoringError(f"{path!r} is not a file path; give a name like 'hero{suffixes[0]}'") from None
    if p.suffix.lower() not in suffixes:
        raise ScoringError(f"{str(p)!r} should end in {' or '.join(suffixes)}; e.g. 'hero{suffixes[0]}'")
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise ScoringError(f"the folder {str(folder)!r} does not exist; create it first or write beside the notebook")
    if p.is_dir():
        raise ScoringError(f"{str(p)!r} is a folder; give a file name inside it")
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise ScoringError(f"cannot write {str(p)!r}: no permission; choose a folder you own")
    return p
