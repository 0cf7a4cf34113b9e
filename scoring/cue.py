"""A :class:`Cue`: several layers (melody, harmony, bass, pulse) heard and engraved together.

A motif is one line; a cue is what an audience hears: the line over its chords and bass, each
layer on its own instrument, rendered to one audio clip and one score.

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Sequence

from . import pitch as _pitch
from .errors import ScoringError
from .instruments import instrument_name, program_for
from .model import MAX_NOTES, MAX_SECONDS, Motif, _check_tempo, _check_time_signature, as_duration, dynamic_mark

#: How much of each written note sounds, per articulation.
ARTICULATIONS = {"legato": 1.0, "normal": 0.92, "staccato": 0.45}


#: How a chord tone a number of semitones above the root is spelled (the interval's name).
_CHORD_INTERVALS = {1: "m2", 2: "M2", 3: "m3", 4: "M3", 5: "P4", 6: "d5", 7: "P5", 8: "m6", 9: "M6", 10: "m7", 11: "M7"}


def spell_chord(pitches, key: str = "C major") -> list[str]:
    """Spell a chord from its lowest note up: the root as ``key`` spells it, each other tone by its
    interval above the root (a major third is a third: E G# B; an augmented fifth over a major
    third, a diminished seventh over a diminished fifth).

    Examples
    --------
    >>> spell_chord((52, 56, 59), "C major"), spell_chord((59, 62, 65, 68), "C minor")
    (['E3', 'G#3', 'B3'], ['B3', 'D4', 'F4', 'Ab4'])

    Lesson: lessons/01_mood.ipynb
    """
    from music21 import pitch as m21pitch

    ps = sorted(pitches)
    if len(ps) < 2:
        return [_pitch.note_name(p, key) for p in ps]
    root_name = _pitch.note_name(ps[0], key)
    root = m21pitch.Pitch(root_name[0] + root_name[1:].replace("b", "-"))
    steps = {(p - ps[0]) % 12 for p in ps}
    out = []
    for p in ps:
        d = (p - ps[0]) % 12
        if d == 0:
            out.append(_pitch.note_name(p, key) if p != ps[0] else root_name)
            continue
        name = _CHORD_INTERVALS[d]
        if d == 8 and 4 in steps and 7 not in steps:
            name = "A5"
        elif d == 9 and {3, 6} <= steps and 7 not in steps:
            name = "d7"
        q = root.transpose(name)
        if abs(q.alter) > 1:
            out.append(_pitch.note_name(p, key))
            continue
        octave = (p // 12) - 1
        if q.step == "C" and q.alter < 0:
            octave += 1
        elif q.step == "B" and q.alter > 0:
            octave -= 1
        out.append(f"{q.name.replace('-', 'b')}{octave}")
    return out


@dataclass(frozen=True)
class Chord:
    """Notes struck together for one ``duration`` (quarter lengths); no pitches is a rest.

    Examples
    --------
    >>> Chord((48, 52, 55), Fraction(4)).names("C major")
    ['C3', 'E3', 'G3']

    Lesson: lessons/01_mood.ipynb
    """

    pitches: tuple[int, ...]
    duration: Fraction
    velocity: int = 64

    def __post_init__(self) -> None:
        ps = tuple(sorted(int(p) for p in self.pitches))
        for p in ps:
            if not 0 <= p <= 127:
                raise ScoringError(f"chord pitch {p} is outside MIDI 0-127; move the chord by an octave")
        object.__setattr__(self, "pitches", ps)
        object.__setattr__(self, "duration", as_duration(self.duration))
        if not 1 <= int(self.velocity) <= 127:
            raise ScoringError(f"velocity {self.velocity!r} must be 1-127")

    @property
    def is_rest(self) -> bool:
        return not self.pitches

    def names(self, key: str = "C major") -> list[str]:
        """The chord's notes, the root spelled in ``key`` and the rest spelled up from the root
        (E major in C major is E G# B, not E Ab B)."""
        return spell_chord(self.pitches, key)


@dataclass(frozen=True)
class Layer:
    """One layer of a cue: a ``role`` (melody, harmony, bass, pulse, ...), an instrument, an
    articulation, and chords (a single note is a one-note chord).

    Lesson: lessons/01_mood.ipynb
    """

    role: str
    chords: tuple[Chord, ...]
    instrument: str = "Acoustic Grand Piano"
    articulation: str = "normal"

    def __post_init__(self) -> None:
        object.__setattr__(self, "chords", tuple(self.chords))
        object.__setattr__(self, "instrument", instrument_name(self.instrument))
        if self.articulation not in ARTICULATIONS:
            raise ScoringError(f"unknown articulation {self.articulation!r}; use one of {', '.join(ARTICULATIONS)}")
        if not self.chords:
            raise ScoringError(f"the {self.role} layer is empty; give it at least one note or chord")
        if len(self.chords) > MAX_NOTES:
            raise ScoringError(f"the {self.role} layer has {len(self.chords)} events, over the {MAX_NOTES} limit")

    @classmethod
    def from_motif(cls, motif: Motif, *, role: str = "melody", articulation: str = "normal") -> "Layer":
        """A layer holding a motif's notes on the motif's instrument."""
        chords = tuple(Chord(() if n.is_rest else (n.pitch,), n.duration, n.velocity) for n in motif.notes)
        return cls(role, chords, motif.instrument, articulation)

    @property
    def quarter_length(self) -> Fraction:
        return sum((c.duration for c in self.chords), Fraction(0))

    @property
    def program(self) -> int:
        return program_for(self.instrument)

    def with_(self, **changes) -> "Layer":
        """The same layer with some fields changed (``instrument=``, ``articulation=``, ``chords=``)."""
        return replace(self, **changes)


@dataclass(frozen=True, repr=False)
class Cue:
    """Layers that sound together, at one tempo, in one key and metre.

    Examples
    --------
    >>> from scoring import Motif
    >>> from scoring.harmony import harmonize
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero", instrument="French Horn")
    >>> cue = harmonize(hero)
    >>> [layer.role for layer in cue.layers], cue.summary()
    (['melody', 'harmony', 'bass'], 'Hero: melody (French Horn), harmony (String Ensemble 1), bass (Contrabass) | C major | 4/4 | 100 BPM | 2.4 s')

    Lesson: lessons/01_mood.ipynb
    """

    layers: tuple[Layer, ...]
    name: str = "Cue"
    key: str = "C major"
    tempo: float = 100.0
    time_signature: str = "4/4"
    notes: str = field(default="", compare=False)  # a line saying how the cue was made

    def __post_init__(self) -> None:
        layers = tuple(self.layers)
        if not layers:
            raise ScoringError("a cue needs at least one layer")
        if len(layers) > 15:
            raise ScoringError(f"{len(layers)} layers is more than MIDI's 15 melodic channels")
        object.__setattr__(self, "layers", layers)
        object.__setattr__(self, "tempo", _check_tempo(self.tempo))
        object.__setattr__(self, "time_signature", _check_time_signature(self.time_signature))
        pc, tonic, mode = _pitch.parse_key(self.key)
        object.__setattr__(self, "key", _pitch.key_name(pc, mode, prefer=tonic))
        if self.duration_seconds > MAX_SECONDS:
            raise ScoringError(f"this cue lasts {self.duration_seconds:.0f} s, over the {MAX_SECONDS:.0f} s limit")

    @classmethod
    def from_motif(cls, motif: Motif, *, articulation: str = "normal") -> "Cue":
        """A one-layer cue from a motif (its name, key, tempo and metre)."""
        return cls((Layer.from_motif(motif, articulation=articulation),), motif.name, motif.key, motif.tempo,
                   motif.time_signature)

    @property
    def quarter_length(self) -> Fraction:
        return max(layer.quarter_length for layer in self.layers)

    @property
    def duration_seconds(self) -> float:
        return float(self.quarter_length) * 60.0 / self.tempo

    def layer(self, role: str) -> Layer:
        """The first layer with this role."""
        for layer in self.layers:
            if layer.role == role:
                return layer
        raise ScoringError(f"this cue has no {role!r} layer; it has: {', '.join(l.role for l in self.layers)}")

    def melody(self) -> Motif:
        """The melody layer as a motif (for analysis and transforms)."""
        from .model import Note

        layer = self.layer("melody")
        notes = [Note(max(c.pitches) if c.pitches else None, c.duration, c.velocity) for c in layer.chords]
        return Motif(tuple(notes), name=self.name, key=self.key, tempo=self.tempo, instrument=layer.instrument,
                     time_signature=self.time_signature)

    def summary(self) -> str:
        """One line: name, layers and their instruments, key, metre, tempo, length."""
        parts = ", ".join(f"{l.role} ({l.instrument})" for l in self.layers)
        return (f"{self.name}: {parts} | {self.key} | {self.time_signature} | {self.tempo:g} BPM | "
                f"{self.duration_seconds:.1f} s")

    def __repr__(self) -> str:
        return f"<Cue {self.summary()}>"

    def with_layers(self, layers: Sequence[Layer]) -> "Cue":
        return replace(self, layers=tuple(layers))

    def with_tempo(self, bpm: float) -> "Cue":
        return replace(self, tempo=bpm)

    def with_name(self, name: str) -> "Cue":
        return replace(self, name=str(name))

    # ------------------------------------------------------------------ rendering
    def events(self):
        """Timed note events of every layer (articulation shortens what sounds)."""
        from .audio import NoteEvent

        spb = 60.0 / self.tempo
        out = []
        for layer in self.layers:
            gate = ARTICULATIONS[layer.articulation]
            t = 0.0
            for c in layer.chords:
                d = float(c.duration) * spb
                for p in c.pitches:
                    out.append(NoteEvent(t, t + d * gate, p, c.velocity, layer.program))
                t += d
        return out

    def to_audio(self, *, sample_rate: int = 44100):
        """``(samples, sample_rate)`` of all layers together."""
        from .audio import render_events

        return render_events(self.events(), seconds=self.duration_seconds, sample_rate=sample_rate)

    def to_stream(self):
        """A music21 score: one part per layer, chords as chords, articulation marks."""
        from music21 import articulations, chord, clef, dynamics, instrument, key as m21key, metadata, meter, note, \
            stream, tempo

        from .model import _m21_name, gm_instrument

        score = stream.Score()
        score.metadata = metadata.Metadata(title=self.name)
        _, tonic, mode = _pitch.parse_key(self.key)
        for i, layer in enumerate(self.layers):
            part = stream.Part()
            inst = gm_instrument(layer.program)
            inst.partName = layer.role
            inst.partAbbreviation = ""
            inst.instrumentAbbreviation = ""
            part.insert(0, inst)
            lows = [p for c in layer.chords for p in c.pitches]
            if lows and sum(lows) / len(lows) < 57:
                part.append(clef.BassClef())
            part.append(m21key.Key(_m21_name(tonic), mode))
            part.append(meter.TimeSignature(self.time_signature))
            if i == 0:
                part.append(tempo.MetronomeMark(number=self.tempo, referent=1.0))
            last = None
            for c in layer.chords:
                if c.is_rest:
                    part.append(note.Rest(quarterLength=c.duration))
                    continue
                names = [_m21_name(n) for n in spell_chord(c.pitches, self.key)]
                el = note.Note(names[0], quarterLength=c.duration) if len(names) == 1 else \
                    chord.Chord(names, quarterLength=c.duration)
                el.volume.velocity = c.velocity
                el.volume.velocityIsRelative = False
                if layer.articulation == "staccato" and c.duration <= 1:
                    el.articulations.append(articulations.Staccato())
                mark = dynamic_mark(c.velocity)
                if mark != last:
                    part.append(dynamics.Dynamic(mark))
                    last = mark
                part.append(el)
            score.insert(0, part)
        try:
            return score.makeNotation()
        except Exception as exc:
            raise ScoringError(f"music21 could not bar this cue into {self.time_signature} ({exc})") from None

    def to_midi(self, path):
        """Write a multi-track MIDI file (one track per layer)."""
        from music21 import midi

        from .model import writable_path

        target = writable_path(path, (".mid", ".midi"))
        target.write_bytes(midi.translate.music21ObjectToMidiFile(self.to_stream()).writestr())
        return target

    def to_musicxml(self, path):
        """Write a MusicXML score (one staff per layer)."""
        from music21.musicxml.m21ToXml import GeneralObjectExporter

        from .model import writable_path

        target = writable_path(path, (".musicxml", ".xml"))
        target.write_bytes(GeneralObjectExporter(self.to_stream()).parse())
        return target

    def show(self):
        from .display import notation_html

        return notation_html(self)

    def play(self):
        from .display import audio_html

        return audio_html(self)

    def plot(self):
        from .plots import cue_figure

        return cue_figure(self)

    def _repr_html_(self) -> str:
        from .display import cue_html

        return cue_html(self)


def as_cue(music: "Motif | Cue") -> Cue:
    """A cue from a motif (one melody layer) or a cue (returned as it is): what every function
    that measures or edits cues accepts.

    Examples
    --------
    >>> as_cue(Motif.parse("c4 e g", name="Bell")).summary()
    'Bell: melody (Acoustic Grand Piano) | C major | 4/4 | 100 BPM | 1.8 s'

    Lesson: lessons/01_mood.ipynb
    """
    if isinstance(music, Cue):
        return music
    if isinstance(music, Motif):
        return Cue.from_motif(music)
    raise ScoringError(f"expected a Motif or a Cue, got {type(music).__name__}; build one with Motif.parse(...), "
                       "harmonize(...) or the builders in scoring.devices")
