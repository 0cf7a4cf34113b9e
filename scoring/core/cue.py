"""A :class:`Cue`: several layers (melody, harmony, bass, pulse) heard and engraved together.

A motif is one line; a cue is what an audience hears: the line over its chords and bass, each
layer on its own instrument, rendered to one audio clip and one score.

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scoring.core import io as _io
from scoring.core import midi_file as _midi
from scoring.core import pitch as _pitch
from scoring.core.instruments import instrument_value, program_for
from scoring.core.motif import Motif
from scoring.core.music import Music
from scoring.core.notes import (MAX_CHORD, MAX_NOTES, MAX_SECONDS, Note, as_duration, check_time_signature,
                                note_events)
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render import html as _html
from scoring.render import roll as _roll
from scoring.render.checks import expect, whole
from scoring.render.synth import NoteEvent

if TYPE_CHECKING:  # names for the type hints only
    from scoring.core.film import Scene

__all__ = ["ARTICULATIONS", "Chord", "Layer", "Cue", "as_cue", "spell_chord"]

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
    expect(pitches, (list, tuple, set, frozenset), "pitches", "(48, 52, 55)")
    ps = sorted(whole(p, "pitch", "give MIDI note numbers 0-127, like (48, 52, 55)", lo=0, hi=127) for p in pitches)
    return list(_spelled_chord(tuple(ps), checks.text(key, "key", "give a key like 'C major'")))


@lru_cache(maxsize=4096)
def _spelled_chord(ps: tuple[int, ...], key: str) -> tuple[str, ...]:
    """:func:`spell_chord` of sorted pitches, remembered: a cue spells the same few chords over and
    over, and each spelling asks music21 for its intervals."""
    from music21 import pitch as m21pitch

    if len(ps) < 2:
        return tuple(_pitch.note_name(p, key) for p in ps)
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
    return tuple(out)


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
        try:   # at most one pitch past the limit is read: a huge chord is refused before it fills memory
            raw = list(itertools.islice(iter(self.pitches), MAX_CHORD + 1))
        except TypeError:
            raise ScoringError(f"chord pitches {self.pitches!r} must be a list of MIDI numbers, like (48, 52, 55)") from None
        if len(raw) > MAX_CHORD:
            size = f"{len(self.pitches):,}" if hasattr(self.pitches, "__len__") else f"over {MAX_CHORD}"
            raise ScoringError(f"a chord of {size} notes is more than {MAX_CHORD}; a cluster rarely needs more than 12")
        for p in raw:
            if isinstance(p, bool) or not isinstance(p, (int, np.integer)):
                raise ScoringError(f"chord pitch {p!r} is not a MIDI number; give whole numbers like 60 (middle C)")
        ps = tuple(sorted(int(p) for p in raw))
        for p in ps:
            if not 0 <= p <= 127:
                raise ScoringError(f"chord pitch {p} is outside MIDI 0-127; move the chord by an octave")
        object.__setattr__(self, "pitches", ps)
        object.__setattr__(self, "duration", as_duration(self.duration))
        if isinstance(self.velocity, bool) or not isinstance(self.velocity, (int, np.integer)) or not 1 <= self.velocity <= 127:
            raise ScoringError(f"velocity {self.velocity!r} must be a whole number 1-127")
        object.__setattr__(self, "velocity", int(self.velocity))

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
    instrument: str = "Acoustic Grand Piano"   # a GM name, or a synth Patch (see scoring.render.analog)
    articulation: str = "normal"

    def __post_init__(self) -> None:
        expect(self.chords, (list, tuple), "chords", "(Chord((60,), 1), Chord((64,), 1))")
        object.__setattr__(self, "chords", tuple(self.chords))
        if not all(isinstance(c, Chord) for c in self.chords):
            raise ScoringError("a layer's chords must be Chord values, e.g. Chord((60, 64, 67), 1)")
        object.__setattr__(self, "instrument", instrument_value(self.instrument))
        expect(self.articulation, str, "articulation", "'legato'")
        if self.articulation not in ARTICULATIONS:
            raise ScoringError(f"unknown articulation {self.articulation!r}; use one of {', '.join(ARTICULATIONS)}")
        if not self.chords:
            raise ScoringError(f"the {self.role} layer is empty; give it at least one note or chord")
        if len(self.chords) > MAX_NOTES:
            raise ScoringError(f"the {self.role} layer has {len(self.chords)} events, over the {MAX_NOTES} limit")

    @classmethod
    def from_motif(cls, motif: Motif, *, role: str = "melody", articulation: str = "normal") -> "Layer":
        """A layer holding a motif's notes on the motif's instrument."""
        expect(motif, Motif, "motif", "Motif.parse(\"c4 e g\")")
        chords = tuple(Chord(() if n.is_rest else (n.pitch,), n.duration, n.velocity) for n in motif.notes)
        return cls(role, chords, motif.instrument, articulation)

    @property
    def quarter_length(self) -> Fraction:
        return sum((c.duration for c in self.chords), Fraction(0))

    @property
    def program(self) -> int:
        return program_for(self.instrument)

    @property
    def patch(self):
        """The synth :class:`~scoring.render.analog.Patch` the layer plays on, or None (a GM instrument)."""
        return None if isinstance(self.instrument, str) else self.instrument

    def with_(self, **changes) -> "Layer":
        """The same layer with some fields changed (``instrument=``, ``articulation=``, ``chords=``)."""
        return replace(self, **changes)


@dataclass(frozen=True, repr=False)
class Cue(Music):
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
    tempo_map: TempoMap | None = None
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        expect(self.layers, (list, tuple), "layers", "(Layer.from_motif(hero),)")
        layers = tuple(self.layers)
        if not layers:
            raise ScoringError("a cue needs at least one layer")
        if len(layers) > 15:
            raise ScoringError(f"{len(layers)} layers is more than MIDI's 15 melodic channels")
        if not all(isinstance(layer, Layer) for layer in layers):
            raise ScoringError("a cue's layers must be scoring.core.cue.Layer values; build one with Layer.from_motif(...)")
        if sum(len(layer.chords) for layer in layers) > 15 * MAX_NOTES:
            raise ScoringError(f"this cue holds more than {15 * MAX_NOTES} chords; split it into shorter cues")
        object.__setattr__(self, "layers", layers)
        object.__setattr__(self, "time_signature", check_time_signature(self.time_signature))
        clock = self.tempo_map
        if clock is None:
            clock = TempoMap.constant(self.tempo, time_signature=self.time_signature)
        elif not isinstance(clock, TempoMap):
            raise ScoringError(f"tempo_map must be a scoring.TempoMap, not {type(clock).__name__}")
        elif clock.metres[0][1] != self.time_signature:
            clock = clock.metre(0, self.time_signature)
        object.__setattr__(self, "tempo_map", clock)
        object.__setattr__(self, "tempo", clock.tempo)
        pc, tonic, mode = _pitch.parse_key(self.key)
        object.__setattr__(self, "key", _pitch.key_name(pc, mode, prefer=tonic))
        if self.duration_seconds > MAX_SECONDS:
            raise ScoringError(f"this cue lasts {self.duration_seconds:.0f} s, over the {MAX_SECONDS:.0f} s limit")

    @classmethod
    def from_motif(cls, motif: Motif, *, articulation: str = "normal") -> "Cue":
        """A one-layer cue from a motif (its name, key, tempo and metre)."""
        expect(motif, Motif, "motif", "Motif.parse(\"c4 e g\")")
        return cls((Layer.from_motif(motif, articulation=articulation),), motif.name, motif.key, motif.tempo,
                   motif.time_signature, tempo_map=motif.tempo_map)

    @classmethod
    def from_midi(cls, path: str | os.PathLike, *, scene: Scene | None = None, start: float | str | None = None,
                  name: str | None = None, drums: str = "keep", grid: int = 48) -> "Cue":
        """A cue from a multi-track MIDI file a DAW or MuseScore exported: a layer per track (and per
        voice where its notes overlap without starting together) on the track's program, its
        tempo changes and time signatures kept (see :mod:`scoring.core.midi_file` for how tracks
        become layers, and :func:`~scoring.core.midi_file.read_markers` for its markers).

        Drum tracks (channel 10) become a ``"drum kit"`` layer on Synth Drum, whose rhythm and
        accents stand in for the kit (``drums="drop"`` leaves them out). The file is read safely:
        size and length in beats checked before anything is expanded, nothing unpickled. With a
        ``scene``, the cue must fit the scene from its in-point (``start``, or where its hit markers
        put it), and its notes say whether the markers still sit on the hits.

        Parameters
        ----------
        path : a ``.mid`` or ``.midi`` file (type 0 or 1).
        scene, start : the scene it belongs to and its in-point (scene seconds or a reel timecode).
        name : the cue's name (default: the title in the file, else the file's name).
        drums : ``"keep"`` or ``"drop"`` the drum tracks (channel 10).
        grid : positions snap to ``1/grid`` of a quarter note (48 keeps every value down to 64ths).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "bell.mid"
        >>> _ = as_cue(Motif.parse("4/4 c4 e g c'", name="Bell", instrument="Tubular Bells", tempo=90)).to_midi(path)
        >>> Cue.from_midi(path).summary()
        'bell: melody (Tubular Bells) | C major | 4/4 | 90 BPM | 2.7 s'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if name is not None:
            name = checks.text(name, "name", "give the cue a name, like 'Night Run'", most=200)
        if scene is None and start is not None:
            raise ScoringError("start= is the cue's in-point in a scene; give scene= too")
        song = _midi.read_midi(path, grid=grid)         # grid=, drums= and scene= are checked where they are used
        specs, how = _midi.layer_specs(song, drums=drums)
        layers = tuple(Layer(role, tuple(Chord(p, d, v) for d, p, v in items), instrument)
                       for role, instrument, items in specs)
        title = name if name is not None else song.title or Path(path).stem
        cue = cls(layers, title, _midi.key_of(song), time_signature=song.tempo_map.metres[0][1],
                  tempo_map=song.tempo_map, notes=how)
        if scene is not None:
            where = _midi.placement(song, scene, cue.duration_seconds, start)
            cue = replace(cue, notes=f"{how}; {where}", _cache={})
        return cue

    @property
    def quarter_length(self) -> Fraction:
        return max(layer.quarter_length for layer in self.layers)

    @property
    def duration_seconds(self) -> float:
        return float(self.tempo_map.seconds_at(self.quarter_length))

    def layer(self, role: str) -> Layer:
        """The first layer with this role."""
        role = checks.text(role, "role", "give a layer's role, like 'melody'", most=200)
        for layer in self.layers:
            if layer.role == role:
                return layer
        raise ScoringError(f"this cue has no {role!r} layer; it has: {', '.join(l.role for l in self.layers)}")

    def melody(self) -> Motif:
        """The melody layer as a motif (for analysis and transforms)."""
        layer = self.layer("melody")
        notes = [Note(max(c.pitches) if c.pitches else None, c.duration, c.velocity) for c in layer.chords]
        return Motif(tuple(notes), name=self.name, key=self.key, instrument=layer.instrument,
                     time_signature=self.time_signature, tempo_map=self.tempo_map)

    def summary(self) -> str:
        """One line: name, layers and their instruments, key, metre, tempo, length."""
        parts = ", ".join(f"{l.role} ({l.instrument})" for l in self.layers)
        return (f"{self.name}: {parts} | {self.key} | {self.time_signature} | {self.tempo_map.summary()} | "
                f"{self.duration_seconds:.1f} s")

    def __repr__(self) -> str:
        return f"<Cue {self.summary()}>"

    def _replace(self, **changes) -> "Cue":
        if "tempo" in changes and "tempo_map" not in changes:  # a new tempo keeps the map's shape
            changes["tempo_map"] = self.tempo_map.scaled(TempoMap.constant(changes["tempo"]).tempo / self.tempo)
        if isinstance(changes.get("tempo_map"), TempoMap):
            changes["tempo"] = changes["tempo_map"].tempo
            changes.setdefault("time_signature", changes["tempo_map"].metres[0][1])
        return replace(self, _cache={}, **changes)

    def with_layers(self, layers: Sequence[Layer]) -> "Cue":
        """The same cue with other layers."""
        expect(layers, (list, tuple), "layers", "(Layer.from_motif(hero),)")
        return self._replace(layers=tuple(layers))

    def with_tempo(self, bpm: float) -> "Cue":
        """The same cue with its tempo map scaled so that it starts at ``bpm``."""
        return self._replace(tempo=bpm)

    def with_tempo_map(self, tempo_map: TempoMap) -> "Cue":
        """The same notes on another clock (an accelerando, a fermata, a metre change).

        Examples
        --------
        >>> cue = as_cue(Motif.parse("c4 d e f", tempo=60)).with_tempo_map(TempoMap.constant(60).ramp(0, 4, 120))
        >>> round(cue.duration_seconds, 2), cue.summary().split(" | ")[3]
        (2.77, '60→120 BPM')

        Lesson: lessons/02_tension.ipynb
        """
        return self._replace(tempo_map=tempo_map)

    def with_name(self, name: str) -> "Cue":
        """The same cue under another name."""
        return self._replace(name=str(name))

    # ------------------------------------------------------------------ rendering
    def events(self) -> list[NoteEvent]:
        """Timed note events of every layer, by the cue's clock (articulation shortens what sounds).
        Worked out once per cue (a value); each call returns a new list."""
        return [e for _, events in self.layer_events() for e in events]

    def layer_events(self) -> list[tuple[Layer, tuple[NoteEvent, ...]]]:
        """Each layer with its own timed note events (see :meth:`events`), in the cue's layer order:
        what one layer plays, by the whole cue's clock.

        Examples
        --------
        >>> cue = Cue.from_motif(Motif.parse("4/4 c4 e g c'"))
        >>> [(layer.role, len(events)) for layer, events in cue.layer_events()]
        [('melody', 4)]

        Lesson: lessons/05_silence.ipynb
        """
        done = self._cache.get("layer events")
        if done is None:
            done = tuple((layer, tuple(note_events([(c.duration, c.pitches, c.velocity) for c in layer.chords],
                                                   self.tempo_map, program=layer.program,
                                                   gate=ARTICULATIONS[layer.articulation], patch=layer.patch)))
                         for layer in self.layers)
            self._cache["layer events"] = done
        return list(done)

    def staves(self) -> list[_io.Staff]:
        """One staff per layer, chords spelled from their roots, low layers in the bass clef."""
        out = []
        for layer in self.layers:
            lows = [p for c in layer.chords for p in c.pitches]
            items = tuple((c.duration, [] if c.is_rest else spell_chord(c.pitches, self.key), c.velocity,
                           layer.articulation == "staccato") for c in layer.chords)
            out.append(_io.Staff(layer.role, layer.program, items, bass_clef=bool(lows) and sum(lows) / len(lows) < 57))
        return out

    def alt_text(self) -> str:
        """What the score shows, in words: a line per layer.

        Examples
        --------
        >>> print(as_cue(Motif.parse("c4 e g", name="Bell")).alt_text())
        score: Bell, C major, 4/4, 100 BPM, 1 layer
        melody (Acoustic Grand Piano): C4 E4 G4

        Lesson: lessons/01_mood.ipynb
        """
        lines = [f"score: {self.name}, {self.key}, {self.time_signature}, {self.tempo_map.summary()}, "
                 f"{len(self.layers)} layer{'s' if len(self.layers) > 1 else ''}"]
        for layer in self.layers:
            chords = ["rest" if c.is_rest else "-".join(c.names(self.key)) for c in layer.chords]
            shown = " ".join(chords[:16]) + (f" … ({len(chords) - 16} more)" if len(chords) > 16 else "")
            lines.append(f"{layer.role} ({layer.instrument}): {shown}")
        return "\n".join(lines)

    def listen_text(self) -> str:
        """A line saying what the player holds: name, layers, tempo and length."""
        return (f"{self.name}: {', '.join(str(l.instrument) for l in self.layers)}, {self.tempo_map.summary()}, "
                f"{self.duration_seconds:.1f} s")

    def voices(self) -> list[tuple[str, list[tuple[float, float, int, int]]]]:
        """The layers as piano-roll voices, in beats: ``(label, [(start, length, pitch, velocity)])``."""
        out = []
        for layer in self.layers:
            t, notes = Fraction(0), []
            for c in layer.chords:
                notes += [(float(t), float(c.duration), p, c.velocity) for p in c.pitches]
                t += c.duration
            out.append((f"{layer.role} ({layer.instrument})", notes))
        return out

    def figure(self, *, figsize: Sequence[float] = (9.0, 2.8)):
        """The cue's piano roll as a standalone figure (one colour per layer)."""
        return _roll.figure(self.voices(), figsize=figsize, name=lambda p: _pitch.note_name(p, self.key),
                            title=self.name, legend=True, length=float(self.quarter_length))

    def roll_alt(self) -> str:
        """What the piano roll shows, in words."""
        pitches = [p for layer in self.layers for c in layer.chords for p in c.pitches]
        lo, hi = min(pitches, default=60), max(pitches, default=60)
        return (f"piano roll of {self.name}: beats across, pitch up, {len(self.layers)} layer(s) from "
                f"{_pitch.note_name(lo, self.key)} to {_pitch.note_name(hi, self.key)} over {float(self.quarter_length):g} beats")

    def card(self, *, width: int = 1800, summary: bool = True, plot: bool = True, small: bool = False) -> str:
        """Name, how it was made, score, player, summary and piano roll in one HTML block."""
        summary, plot, small = checks.flag(summary, "summary"), checks.flag(plot, "plot"), checks.flag(small, "small")
        size, dpi = ((5.0, 2.2), 70) if small else ((9.0, 2.8), 80)
        extra, notation, player = (self.roll_notation_and_player(width=width, figsize=size, dpi=dpi) if plot
                                   else ("", *self.notation_and_player(width=width)))
        return _html.card(self.name, note=self.notes if summary else "",
                          notation=notation, player=player,
                          summary=self.summary() if summary else "", extra=extra, small=small)

    def plot(self):
        """The cue's piano roll (a matplotlib figure)."""
        return self.figure()

    def _repr_html_(self) -> str:
        return self.card()


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
