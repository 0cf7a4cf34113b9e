"""Standard MIDI files note by note: a DAW's or notation program's export read back safely, and
markers written into the files the package makes.

A DAW session (or MuseScore) exports a **type 1** file: one track per instrument with its name,
program and channel, and a first track holding the tempo changes, time signatures, key and
**markers** (meta event FF 06: the hits and lines of dialogue a music editor puts on the timeline).
:func:`read_midi` reads one into plain values: parts of notes in beats, a
:class:`~scoring.core.time.TempoMap` with the file's tempo steps (what the DAW plays, so the one
clock turns beats into the seconds the DAW shows), and the markers at their seconds.
:func:`layer_specs` splits each part into the voices a :class:`~scoring.core.cue.Layer` can hold,
which :meth:`scoring.core.cue.Cue.from_midi` turns into a cue.

How a layer holds what a track plays: a layer is a row of chords, one after another, and a chord's
notes start and end together. Notes that start together and end together are one chord. Notes
that overlap otherwise (a held note under moving ones, a chord whose top note is held longer) are
split into **voices**, each a layer of its own: the first voice keeps the track's name as its role
(``"strings low"``), the others are numbered (``"strings low 2"``). Positions are snapped to a grid (1/48 of a
quarter note by default: every note value down to 64th notes and 32nd-note triplets stays exact,
and a played chord's few milliseconds of spread become one chord); a gap shorter than a 64th note
is closed by holding the chord before it.

Drum tracks (channel 10, a General MIDI drum kit) hold keys, not pitches: key 36 is a kick, 38 a
snare, 49 a crash. The package plays pitched instruments only, so by default a drum track becomes
a layer with the role :data:`DRUM_ROLE` (``"drum kit"``) on :data:`DRUM_STAND_IN` (Synth Drum): its
rhythm and accents stay (they catch hits), its sound is a stand-in. ``drums="drop"`` leaves drum
tracks out, and says so in the cue's notes. A layer whose role starts with ``"drum kit"`` is
written back on channel 10.

Reading is safe on a shared server: the file's size is checked first
(:data:`~scoring.render.files.MAX_FILE_BYTES`), its length in beats measured
(:func:`scoring.core.io.check_midi`) before anything is expanded, and the walk over its events
stops at the package's limits (notes, tempo changes, markers, seconds of music). Nothing is
unpickled and music21 is not involved in reading.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import numbers
import os
import re
import struct
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from scoring.core import io as _io
from scoring.core.film import Scene
from scoring.core.instruments import GM_NAMES
from scoring.core.notes import MAX_CHORD, MAX_DURATION, MAX_NOTES, MAX_SECONDS, MIN_DURATION, Note
from scoring.core.time import MAX_BREAKPOINTS, TEMPO_RANGE, TempoMap
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.checks import expect, items, number, show, whole
from scoring.render.files import MAX_FILE_BYTES, readable_file

__all__ = ["DRUM_CHANNEL", "DRUM_ROLE", "DRUM_STAND_IN", "ROLE_WORDS", "MAX_MARKERS", "MAX_LAYERS", "MAX_FILE_NOTES",
           "Marker", "Part", "MidiData", "parse_midi", "read_midi", "read_markers", "voices", "layer_specs", "key_of",
           "placement", "marker_text", "add_markers"]

#: The General MIDI drum channel, counted from 1 as a DAW shows it.
DRUM_CHANNEL = 10
#: The role of a layer read from a drum track (and written back on channel 10).
DRUM_ROLE = "drum kit"
#: The pitched instrument a drum-kit layer plays on in the package (its rhythm and accents, not its sound).
DRUM_STAND_IN = "Synth Drum"
#: First words of a track name that say a layer's role rather than its instrument (every track name
#: becomes its layer's role; these are the words the package's own roles start with).
ROLE_WORDS = frozenset({
    "melody", "tune", "theme", "lead", "counter", "countermelody", "harmony", "chords", "pad", "bass", "pulse",
    "ostinato", "rhythm", "stab", "stabs", "hit", "hits", "accents", "drums", "percussion", "kick", "backbeat",
    "drone", "stinger", "riser", "swell", "release", "timpani", "actions", "drum"})
#: The most markers a file may carry.
MAX_MARKERS = 1000
#: The most layers a cue holds (MIDI's 16 channels less the drum channel).
MAX_LAYERS = 15
#: The most notes a file may hold (every layer of a cue full).
MAX_FILE_NOTES = MAX_LAYERS * MAX_NOTES
_HIT = re.compile(r"^HIT (\d+): (.*)$")
_PUNCTUATION = {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-", 0x2026: "...",
                0x00A0: " "}
_MAJOR = {-7: "Cb", -6: "Gb", -5: "Db", -4: "Ab", -3: "Eb", -2: "Bb", -1: "F", 0: "C", 1: "G", 2: "D", 3: "A",
          4: "E", 5: "B", 6: "F#", 7: "C#"}
_MINOR = {-7: "Ab", -6: "Eb", -5: "Bb", -4: "F", -3: "C", -2: "G", -1: "D", 0: "A", 1: "E", 2: "B", 3: "F#",
          4: "C#", 5: "G#", 6: "D#", 7: "A#"}
_NOTE_FIX = "give each note as (start, end, pitch, velocity), start and end in beats, like (0, 1, 60, 80)"
_READ = "read_midi('cue.mid') gives one"


# ---------------------------------------------------------------- checking values
def _beat(value: object, what: str, fix: str, *, hi: float | None = _io.MAX_BEATS) -> Fraction:
    """A position in beats (quarter notes from 0) as an exact Fraction: a Fraction or whole number
    as it is, a float to the nearest 1/10080 of a beat."""
    x = number(value, what, fix, lo=0, hi=hi)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    return Fraction(x).limit_denominator(10080)


def _note(value: object, k: int) -> tuple[Fraction, Fraction, int, int]:
    """One note checked: ``(start, end, pitch, velocity)``, ending after it starts."""
    if type(value) is tuple and len(value) == 4 and type(value[0]) is type(value[1]) is Fraction \
            and type(value[2]) is type(value[3]) is int:   # the common case (a file's notes), checked in whole numbers
        a, b, pitch, velocity = value
        if 0 <= a.numerator and a.numerator * b.denominator < b.numerator * a.denominator and \
                b.numerator <= _io.MAX_BEATS * b.denominator and 0 <= pitch <= 127 and 1 <= velocity <= 127:
            return value
    row = items(value, f"notes[{k}]", _NOTE_FIX, most=4)
    if len(row) != 4:
        raise ScoringError(f"notes[{k}]={show(value)} is not (start, end, pitch, velocity); {_NOTE_FIX}")
    start = _beat(row[0], f"notes[{k}] start", _NOTE_FIX)
    stop = _beat(row[1], f"notes[{k}] end", _NOTE_FIX)
    if stop <= start:
        raise ScoringError(f"notes[{k}] ends at beat {float(stop):g}, not after its start ({float(start):g}); "
                           f"{_NOTE_FIX}")
    pitch = whole(row[2], f"notes[{k}] pitch", "give a MIDI key 0-127, like 60 for middle C", lo=0, hi=127)
    velocity = whole(row[3], f"notes[{k}] velocity", "give a velocity 1-127, like 80", lo=1, hi=127)
    return start, stop, pitch, velocity


def _notes(value: object) -> tuple[tuple[Fraction, Fraction, int, int], ...]:
    """Notes checked, at most :data:`MAX_FILE_NOTES` of them."""
    return tuple(_note(n, k) for k, n in enumerate(items(value, "notes", _NOTE_FIX, most=MAX_FILE_NOTES)))


def _set(value: object, **fields: object) -> None:
    for name, checked in fields.items():
        object.__setattr__(value, name, checked)


@dataclass(frozen=True)
class Marker:
    """A named moment on a MIDI file's timeline: ``seconds`` from its start (by its tempo map),
    ``beat`` (quarter notes from 0) and ``text`` (``"HIT 1: headlights"``).

    Examples
    --------
    >>> Marker(5.5, Fraction(55, 4), "HIT 2: tyres")
    Marker(5.500 s, beat 13.75: 'HIT 2: tyres')

    Lesson: lessons/07_score_a_scene.ipynb
    """

    seconds: float
    beat: Fraction
    text: str

    def __post_init__(self) -> None:
        _set(self, seconds=number(self.seconds, "seconds", "give the marker's seconds from the start, like 5.5", lo=0),
             beat=_beat(self.beat, "beat", "give the marker's beat, like Fraction(55, 4)", hi=None),
             text=checks.text(self.text, "text", "give the marker's name, like 'HIT 1: headlights'", most=1000))

    def __repr__(self) -> str:
        return f"Marker({self.seconds:.3f} s, beat {float(self.beat):g}: {self.text!r})"


@dataclass(frozen=True)
class Part:
    """The notes one track plays on one channel: its ``name``, ``channel`` (1-16), General MIDI
    ``program`` and ``notes`` as ``(start, end, pitch, velocity)`` with start and end in beats.

    Examples
    --------
    >>> Part("Horn", 1, 60, ((Fraction(0), Fraction(1), 60, 80),)).drums
    False

    Lesson: lessons/07_score_a_scene.ipynb
    """

    name: str
    channel: int
    program: int
    notes: tuple[tuple[Fraction, Fraction, int, int], ...]

    def __post_init__(self) -> None:
        _set(self, name=checks.text(self.name, "name", "give the track's name, like 'Horn'", most=200),
             channel=whole(self.channel, "channel", "give a MIDI channel 1-16 (10 plays drums)", lo=1, hi=16),
             program=whole(self.program, "program", "give a General MIDI program 0-127, like 60 (French Horn)",
                           lo=0, hi=127),
             notes=_notes(self.notes))

    @property
    def drums(self) -> bool:
        """Whether the part plays a drum kit (channel 10)."""
        return self.channel == DRUM_CHANNEL


@dataclass(frozen=True)
class MidiData:
    """What a MIDI file holds, as plain values: its ``parts``, the ``tempo_map`` it plays at (tempo
    steps and metres), its key signature (``None`` if it has none), its ``markers``, the title it
    names (``""`` if none), its ``format`` (0 or 1), its resolution and its file name.

    Examples
    --------
    >>> song = MidiData((Part("Horn", 1, 60, ((Fraction(0), Fraction(3), 67, 90),)),), TempoMap.constant(90), None, ())
    >>> song.end, float(song.tempo_map.seconds_at(song.end))
    (Fraction(3, 1), 2.0)

    Lesson: lessons/07_score_a_scene.ipynb
    """

    parts: tuple[Part, ...]
    tempo_map: TempoMap
    key: str | None
    markers: tuple[Marker, ...]
    title: str = ""
    format: int = 1
    ticks_per_beat: int = 480
    source: str = "the file"

    def __post_init__(self) -> None:
        parts = tuple(items(self.parts, "parts", "give a tuple of Part values", most=MAX_FILE_NOTES))
        for k, p in enumerate(parts):
            expect(p, Part, f"parts[{k}]", "Part('Horn', 1, 60, ((0, 1, 67, 90),))")
        expect(self.tempo_map, TempoMap, "tempo_map", "TempoMap.constant(120)")
        if self.key is not None:
            checks.text(self.key, "key", "give a key's name, like 'D minor', or None", most=40)
        markers = tuple(items(self.markers, "markers", "give a tuple of Marker values", most=MAX_MARKERS))
        for k, m in enumerate(markers):
            expect(m, Marker, f"markers[{k}]", "Marker(5.5, Fraction(55, 4), 'HIT 2: tyres')")
        _set(self, parts=parts, markers=markers,
             title=checks.text(self.title, "title", "give the file's title, like 'Night Run', or ''", most=200),
             format=whole(self.format, "format", "give the MIDI file type, 0 or 1", lo=0, hi=1),
             ticks_per_beat=whole(self.ticks_per_beat, "ticks_per_beat", "give the file's resolution, like 480",
                                  lo=1, hi=0x7FFF),
             source=checks.text(self.source, "source", "give the file's name for messages, like \"'cue.mid'\"",
                                most=300))

    @property
    def end(self) -> Fraction:
        """The beat the last note ends on."""
        return max((n[1] for p in self.parts for n in p.notes), default=Fraction(0))


# ---------------------------------------------------------------- reading bytes
def _damaged(what: str) -> ScoringError:
    return ScoringError(f"this MIDI file is damaged ({what}); export it again from your DAW or notation program")


def _varlen(data: bytes, i: int, end: int) -> tuple[int, int]:
    value = 0
    for _ in range(4):
        if i >= end:
            raise _cut()
        b = data[i]
        i += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, i
    raise _damaged("a length of more than four bytes")


def _cut() -> ScoringError:
    return ScoringError("this MIDI file is cut short: an event or track ends before its bytes do; "
                        "copy or export the whole file again")


def _text(body: bytes) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("latin-1")
    return " ".join("".join(c for c in text if c.isprintable()).split())[:200]


class _Walk:
    """One pass over a file's events, keeping only what the package uses, with the limits checked as it goes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.notes: dict[tuple[int, int], list[list[int]]] = {}    # (track, channel) -> [start, end, pitch, vel]
        self.programs: dict[tuple[int, int], int] = {}
        self.names: dict[int, str] = {}                           # track -> its name (FF 03)
        self.instruments: dict[int, str] = {}                     # track -> its instrument name (FF 04)
        self.tempi: list[tuple[int, int]] = []                    # (tick, microseconds per quarter)
        self.metres: list[tuple[int, str]] = []
        self.keys: list[tuple[int, int, int]] = []                # (tick, sharps, minor?)
        self.markers: list[tuple[int, str]] = []
        self.count = 0

    def track(self, t: int, i: int, end: int) -> None:
        data, tick, status = self.data, 0, 0
        sounding: dict[tuple[int, int], list[int]] = {}
        while i < end:
            delta, i = _varlen(data, i, end)
            tick += delta
            if i >= end:
                raise _cut()
            b = data[i]
            if b == 0xFF:
                if i + 2 > end:
                    raise _cut()
                kind = data[i + 1]
                length, i = _varlen(data, i + 2, end)
                if i + length > end:
                    raise _cut()
                body, i = data[i:i + length], i + length     # running status carries on, as most readers allow
                if kind == 0x2F:
                    break
                self.meta(t, tick, kind, body)
            elif b in (0xF0, 0xF7):
                length, i = _varlen(data, i + 1, end)
                i += length
                if i > end:
                    raise _cut()
            elif b > 0xF0:
                raise _damaged(f"a system message 0x{b:02X} inside track {t + 1}")
            else:
                if b & 0x80:
                    status, i = b, i + 1
                elif not status:
                    raise _damaged(f"a data byte with no status before it in track {t + 1}")
                size = 1 if status & 0xF0 in (0xC0, 0xD0) else 2
                if i + size > end:
                    raise _cut()
                body, i = data[i:i + size], i + size
                if any(x & 0x80 for x in body):
                    raise _damaged(f"a data byte over 127 in track {t + 1}")
                self.channel(t, tick, status, body, sounding)
        for note in sounding.values():                # notes still held when the track ends
            note[1] = max(tick, note[0] + 1)

    def channel(self, t: int, tick: int, status: int, body: bytes, sounding: dict) -> None:
        kind, ch = status & 0xF0, (status & 0x0F) + 1
        if kind == 0xC0:
            self.programs.setdefault((t, ch), body[0])
            return
        if kind not in (0x80, 0x90):
            return
        pitch, velocity = body[0], body[1]
        held = sounding.pop((ch, pitch), None)
        if held is not None:                    # a note-off, or a new note on a key already sounding, ends it
            held[1] = max(tick, held[0] + 1)
        if kind == 0x90 and velocity > 0:
            self.count += 1
            if self.count > MAX_FILE_NOTES:
                raise ScoringError(f"this MIDI file holds more than {MAX_FILE_NOTES:,} notes, more than a cue may "
                                   f"({MAX_LAYERS} layers of {MAX_NOTES:,}); export a shorter excerpt")
            note = [tick, tick, pitch, velocity]
            self.notes.setdefault((t, ch), []).append(note)
            sounding[(ch, pitch)] = note

    def meta(self, t: int, tick: int, kind: int, body: bytes) -> None:
        if kind == 0x51:
            if len(body) != 3 or not int.from_bytes(body, "big"):
                raise _damaged(f"a tempo event of {len(body)} bytes at tick {tick}")
            self.tempi.append((tick, int.from_bytes(body, "big")))
            if len(self.tempi) > MAX_BREAKPOINTS // 2:
                raise ScoringError(f"this MIDI file changes tempo more than {MAX_BREAKPOINTS // 2} times; simplify "
                                   "its tempo track (a ramp in fewer, longer steps) and export it again")
        elif kind == 0x58:
            if len(body) < 2:
                raise _damaged(f"a time signature of {len(body)} bytes at tick {tick}")
            if body[1] > 5:
                raise ScoringError(f"this MIDI file has a time signature of {body[0]}/{2 ** body[1]}; the package "
                                   "reads units down to 32nd notes (4/4, 6/8, 7/16 ...)")
            self.metres.append((tick, f"{body[0]}/{2 ** body[1]}"))
            if len(self.metres) > MAX_BREAKPOINTS:
                raise ScoringError(f"this MIDI file changes metre more than {MAX_BREAKPOINTS} times; "
                                   "export a shorter excerpt")
        elif kind == 0x59 and len(body) == 2:
            self.keys.append((tick, body[0] - 256 if body[0] > 127 else body[0], body[1]))
        elif kind in (0x06, 0x07):
            self.markers.append((tick, _text(body)))
            if len(self.markers) > MAX_MARKERS:
                raise ScoringError(f"this MIDI file carries more than {MAX_MARKERS} markers; keep the hits and "
                                   "lines you need and export it again")
        elif kind == 0x03:
            self.names.setdefault(t, _text(body))
        elif kind == 0x04:
            self.instruments.setdefault(t, _text(body))


def _snap(tick: int, division: int, grid: int) -> Fraction:
    """A tick as beats, on the nearest point of a grid of ``1/grid`` of a quarter note."""
    return Fraction((2 * tick * grid + division) // (2 * division), grid)


def _key_name(sharps: int, minor: int) -> str | None:
    """A key signature (sharps, or flats as negative numbers; 1 for minor) as a key's name."""
    table = _MINOR if minor else _MAJOR
    return f"{table[sharps]} {'minor' if minor else 'major'}" if sharps in table else None


def _tempo_map(walk: _Walk, division: int) -> TempoMap:
    """The file's clock: its tempo changes as steps, its time signatures as metres."""
    lo, hi = TEMPO_RANGE
    changes: dict[int, float] = {}
    for tick, usec in sorted(walk.tempi, key=lambda x: x[0]):
        bpm = round(60_000_000 / usec, 3)
        if not lo <= bpm <= hi:
            raise ScoringError(f"this MIDI file sets a tempo of {bpm:g} BPM at beat {tick / division:g}, outside "
                               f"{lo:g}-{hi:g}; fix the tempo track and export it again")
        changes[tick] = bpm
    now = changes.pop(0, 120.0)                 # a file with no tempo plays at 120 BPM
    tempi: list[tuple[Fraction, float]] = [(Fraction(0), now)]
    for tick, bpm in sorted(changes.items()):
        if bpm != now:
            beat = Fraction(tick, division)
            tempi += [(beat, now), (beat, bpm)]
            now = bpm
    metres: dict[int, str] = {}
    for tick, ts in sorted(walk.metres, key=lambda x: x[0]):
        metres[tick] = ts
    first = metres.pop(0, "4/4")
    bars = [(Fraction(0), first)] + [(Fraction(tick, division), ts) for tick, ts in sorted(metres.items())]
    return TempoMap(tempi=tuple(tempi), metres=tuple(bars))


def parse_midi(data: bytes, *, grid: int = 48, source: str = "the file") -> MidiData:
    """Read the bytes of a standard MIDI file (type 0 or 1) into plain values, checking the package's
    limits as it reads: length in beats before anything is expanded, then notes, tempo changes,
    markers and seconds of music.

    Parameters
    ----------
    data : the file's bytes (at most :data:`~scoring.render.files.MAX_FILE_BYTES`).
    grid : note positions are snapped to ``1/grid`` of a quarter note (48: exact for every note
        value down to 64th notes and 32nd-note triplets).
    source : the file's name, for the notes of a cue read from it.

    Examples
    --------
    >>> song = parse_midi(b"MThd" + bytes([0, 0, 0, 6, 0, 0, 0, 1, 0, 96]) + b"MTrk" + bytes([0, 0, 0, 12])
    ...                   + bytes([0, 0x90, 60, 80, 96, 0x80, 60, 0, 0, 0xFF, 0x2F, 0]))
    >>> song.parts[0].notes, song.tempo_map.summary()
    (((Fraction(0, 1), Fraction(1, 1), 60, 80),), '120 BPM')

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(data, (bytes, bytearray)):
        raise ScoringError(f"parse_midi() takes the bytes of a MIDI file, not {show(data)}; "
                           "use read_midi(path) for a file")
    data = bytes(data)
    grid = whole(grid, "grid", "give the grid as parts of a quarter note, like 48", lo=1, hi=960)
    source = checks.text(source, "source", "give the file's name for messages, like \"'cue.mid'\"", most=300)
    if len(data) > MAX_FILE_BYTES:
        raise ScoringError(f"this MIDI file is {len(data) / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit; "
                           "export a shorter excerpt")
    _io.check_midi(data)                       # a MIDI header, beats not SMPTE, no track longer than MAX_BEATS
    size, fmt, ntracks, division = struct.unpack(">IHHH", data[4:14])
    if fmt == 2:
        raise ScoringError("this is a type 2 MIDI file (separate patterns); export it as type 1 (a track per "
                           "instrument) or type 0")
    if fmt > 2 or ntracks == 0:
        raise _damaged(f"format {fmt} with {ntracks} tracks")
    walk, i = _Walk(data), 8 + size
    for t in range(ntracks):
        if data[i:i + 4] != b"MTrk":
            raise _cut() if i + 4 > len(data) else _damaged(f"track {t + 1} has no MTrk header")
        if i + 8 > len(data):
            raise _cut()
        end = i + 8 + struct.unpack(">I", data[i + 4:i + 8])[0]
        if end > len(data):
            raise _cut()
        walk.track(t, i + 8, end)
        i = end
    tempo_map = _tempo_map(walk, division)
    parts = []
    for (t, ch), notes in sorted(walk.notes.items()):
        name = "" if fmt == 0 else walk.names.get(t) or walk.instruments.get(t, "")   # type 0: the name is the title
        snapped = []
        for start, stop, pitch, velocity in notes:
            a = _snap(start, division, grid)
            b = max(_snap(stop, division, grid), a + MIN_DURATION)
            snapped.append((a, b, pitch, velocity))
        parts.append(Part(name, ch, walk.programs.get((t, ch), 0), tuple(snapped)))
    title = walk.names.get(0, "") if fmt == 0 or (0 not in {t for t, _ in walk.notes}) else ""
    markers = tuple(Marker(float(tempo_map.seconds_at(float(Fraction(tick, division)))), Fraction(tick, division), text)
                    for tick, text in sorted(walk.markers, key=lambda m: m[0]))
    song = MidiData(tuple(parts), tempo_map, _key_name(*min(walk.keys)[1:]) if walk.keys else None, markers, title, fmt,
                    division, source)
    if parts and float(tempo_map.seconds_at(float(song.end))) > MAX_SECONDS:
        raise ScoringError(f"this MIDI file lasts {float(tempo_map.seconds_at(float(song.end))):.0f} s, over the "
                           f"{MAX_SECONDS:.0f} s a cue may last; export a shorter excerpt")
    return song


def read_midi(path: str | os.PathLike, *, grid: int = 48) -> MidiData:
    """Read a MIDI file from a DAW or notation program safely (see :func:`parse_midi`): its size is
    checked before it is read, its length before anything is expanded.

    Examples
    --------
    >>> read_midi("no-such.mid")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: no file at 'no-such.mid'; check the path (it is relative to the notebook's folder)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    p = readable_file(path, (".mid", ".midi"))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ScoringError(f"cannot read {p.name!r}: {exc.strerror or exc}; check the file") from None
    try:
        return parse_midi(data, grid=grid, source=repr(p.name))
    except ScoringError as exc:
        raise ScoringError(f"{p.name}: {exc}") from None


def read_markers(path: str | os.PathLike) -> list[Marker]:
    """The markers of a MIDI file (meta events FF 06, and cue points FF 07), each at its seconds by
    the file's own tempo map: the hits and lines a session carries, where the DAW shows them.

    Examples
    --------
    >>> read_markers("no-such.mid")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: no file at 'no-such.mid'; check the path (it is relative to the notebook's folder)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    return list(read_midi(path).markers)


# ---------------------------------------------------------------- parts into layers
def voices(notes: Sequence[tuple[Fraction, Fraction, int, int]], *, end: Fraction | None = None) -> list[list[tuple]]:
    """Split overlapping notes into voices a layer can hold: each voice a list of ``(duration,
    pitches, velocity)`` items from beat 0, rests as ``()``. Notes starting and ending together are
    one chord (its velocity the loudest note's); a chord that overlaps another goes to the first
    voice free at its start, high chords first; gaps shorter than a 64th note are closed by holding
    the chord before; every voice is filled with rests up to ``end`` (default: the last note's end).
    Notes are ``(start, end, pitch, velocity)``, start and end in beats (at most
    :data:`~scoring.core.io.MAX_BEATS`); more than :data:`MAX_LAYERS` voices at once are refused,
    as no cue could hold them.

    Examples
    --------
    >>> held = [(Fraction(0), Fraction(4), 48, 70),      # a bass held under
    ...         (Fraction(0), Fraction(1), 64, 90), (Fraction(1), Fraction(2), 67, 90)]
    >>> [[(str(d), p) for d, p, _ in v] for v in voices(held)]
    [[('1', (64,)), ('1', (67,)), ('2', ())], [('4', (48,))]]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    notes = _notes(notes)
    if end is not None:
        end = _beat(end, "end", "give the beat every voice is filled to, like 8, or leave end out")
    return _voices(notes, end)


def _voices(notes: Sequence[tuple[Fraction, Fraction, int, int]], end: Fraction | None) -> list[list[tuple]]:
    """:func:`voices` of notes already checked (as a :class:`Part` holds them)."""
    chords: dict[tuple[Fraction, Fraction], list] = {}
    for start, stop, pitch, velocity in notes:
        c = chords.setdefault((start, stop), [set(), 1])
        c[0].add(pitch)
        c[1] = max(c[1], velocity)
    order = sorted(chords.items(), key=lambda kv: (kv[0][0], -max(kv[1][0]), kv[0][1]))
    lanes: list[list] = []
    for (start, stop), (pitches, velocity) in order:
        if len(pitches) > MAX_CHORD:
            raise ScoringError(f"{len(pitches)} notes start and end together at beat {float(start):g}, more than a "
                               f"chord holds ({MAX_CHORD}); thin the cluster")
        lane = next((v for v in lanes if v[-1][1] <= start), None)
        if lane is None:
            if len(lanes) == MAX_LAYERS:
                raise ScoringError(f"at beat {float(start):g} notes overlap in more than {MAX_LAYERS} voices (notes "
                                   f"that do not start and end together), more than a cue's {MAX_LAYERS} layers; "
                                   "make them chords or remove overlaps")
            lanes.append(lane := [])
        lane.append((start, stop, tuple(sorted(pitches)), velocity))
    last = max((c[1] for lane in lanes for c in lane), default=Fraction(0)) if end is None else Fraction(end)
    return [_items(lane, last) for lane in lanes]


def _rests(length: Fraction) -> list[tuple]:
    out = []
    while length > 0:
        out.append((min(length, MAX_DURATION), (), 64))
        length -= out[-1][0]
    return out


def _items(lane: list, last: Fraction) -> list[tuple]:
    items: list[list] = []
    pos = Fraction(0)
    for start, stop, pitches, velocity in lane:
        gap = start - pos
        if gap >= MIN_DURATION:
            items += [list(r) for r in _rests(gap)]
        elif gap > 0 and items:
            items[-1][0] += gap                 # a tiny gap: hold the chord before through it
        length = stop - pos if (0 < gap < MIN_DURATION and not items) else stop - start
        if length > MAX_DURATION:
            raise ScoringError(f"a note at beat {float(start):g} lasts {float(length):g} beats, over the "
                               f"{int(MAX_DURATION)}-beat limit; split it into repeated notes in your DAW")
        items.append([length, pitches, velocity])
        pos = stop
    tail = last - pos
    if tail >= MIN_DURATION:
        items += [list(r) for r in _rests(tail)]
    elif tail > 0 and items:
        items[-1][0] += tail
    return [tuple(x) for x in items]


def _role(name: str) -> str | None:
    """The role a track's name gives: the name itself, in lower case (``"Strings Low"`` -> ``"strings low"``),
    without an instrument the package wrote after it (``"melody (French Horn)"`` -> ``"melody"``); None
    for a track with no name."""
    text = " ".join(name.split())
    m = re.match(r"^(.+?)\s*\(([^()]*)\)$", text)
    if m and (m.group(2) in GM_NAMES or m.group(2).startswith("channel")):
        text = m.group(1)
    return text.lower()[:40] or None


def layer_specs(song: MidiData, *, drums: str = "keep") -> tuple[list[tuple[str, str, list[tuple]]], str]:
    """The layers a file's parts make, as ``(role, instrument, items)`` (items as :func:`voices`
    gives them), and a line saying how they were made. Each layer's role is its track's name, in
    lower case (``"Strings Low"`` -> ``"strings low"``; ``"melody (French Horn)"`` -> ``"melody"``), so
    a DAW round trip keeps the layers' names; tracks with no name become ``"melody"`` (the first,
    if no track is called so) and ``"layer 2"``, ``"layer 3"`` ...; a second voice of a track, or
    a second track of the same name, is numbered (``"melody 2"``). Drum tracks (channel 10) become ``"drum kit"`` layers on
    :data:`DRUM_STAND_IN` (``drums="keep"``) or are left out (``drums="drop"``).

    Examples
    --------
    >>> song = MidiData((Part("Bass", 2, 33, ((Fraction(0), Fraction(2), 40, 90),)),
    ...                  Part("Horn", 1, 60, ((Fraction(0), Fraction(1), 67, 90),))), TempoMap.constant(120), None, ())
    >>> [(role, inst) for role, inst, _ in layer_specs(song)[0]]
    [('bass', 'Electric Bass (finger)'), ('horn', 'French Horn')]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    expect(song, MidiData, "song", _READ)
    drums = _drums(drums)
    end = song.end
    rows, dropped = [], 0
    for part in song.parts:
        if part.drums and drums == "drop":
            dropped += len(part.notes)
            continue
        named = DRUM_ROLE if part.drums else _role(part.name)
        instrument = DRUM_STAND_IN if part.drums else GM_NAMES[part.program]
        rows.append((named, instrument, _voices(part.notes, end)))
    total = sum(len(v) for _, _, v in rows)
    if total > MAX_LAYERS:
        raise ScoringError(f"{song.source} makes {total} layers (a layer per track, and per voice where notes overlap "
                           f"without starting together), more than a cue's {MAX_LAYERS}; merge tracks or remove "
                           "overlaps in your DAW and export it again")
    if not rows:
        raise ScoringError(f"{song.source} has no notes" + (" besides drums (left out with drums='drop')" if dropped
                                                             else "") + "; export the tracks with the music")
    melody_free = not any(r == "melody" for r, _, _ in rows)
    specs, split = [], 0
    for named, instrument, lanes in rows:
        split += len(lanes) > 1
        for k, items in enumerate(lanes, 1):
            if named is not None:
                role = named if k == 1 else f"{named} {k}"
            elif melody_free:
                role, melody_free = "melody", False
            else:
                role = f"layer {len(specs) + 1}"
            taken = {r for r, _, _ in specs}
            base, n = role, 1
            while role in taken:                 # two tracks of one name: number the second
                n += 1
                role = f"{base} {n}"
            specs.append((role, instrument, items))
    how = f"read from {song.source}: {len(song.parts)} part{'s' * (len(song.parts) != 1)}, {len(specs)} layer" + \
          "s" * (len(specs) != 1) + f", {song.tempo_map.summary()}"
    if split:
        how += f"; overlapping notes of {split} part{'s' * (split != 1)} split into voices"
    if any(p.drums for p in song.parts):
        how += (f"; {dropped} drum-kit notes (channel 10) left out" if drums == "drop" else
                f"; the drum kit (channel 10) plays on {DRUM_STAND_IN}")
    if song.markers:
        how += f"; {len(song.markers)} marker{'s' * (len(song.markers) != 1)}"
    return specs, how


def _drums(drums: object) -> str:
    """``drums=`` checked: ``"keep"`` or ``"drop"``."""
    if not isinstance(drums, str) or drums not in ("keep", "drop"):
        raise ScoringError(f"drums={show(drums)}: write 'keep' (a drum-kit layer on {DRUM_STAND_IN}) or 'drop'")
    return drums


def key_of(song: MidiData) -> str:
    """The file's key: its key signature, or (without one) the key its pitched notes suggest.

    Examples
    --------
    >>> key_of(MidiData((), TempoMap.constant(120), "D minor", ()))
    'D minor'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    expect(song, MidiData, "song", _READ)
    if song.key:
        return song.key
    notes = [Note(pitch, min(max(b - a, MIN_DURATION), MAX_DURATION)) for p in song.parts if not p.drums
             for a, b, pitch, _ in p.notes[:MAX_NOTES]]
    return _io.estimate_key(notes[:MAX_NOTES])


# ---------------------------------------------------------------- markers and the scene
def marker_text(text: str, *, most: int = 80) -> str:
    """A marker's name as every DAW shows it: plain ASCII (curly quotes and dashes made straight,
    accents dropped), one line, at most ``most`` characters.

    Examples
    --------
    >>> marker_text("ANNA: You’re up late — again…")
    "ANNA: You're up late - again..."

    Lesson: lessons/07_score_a_scene.ipynb
    """
    text = checks.text(text, "text", "give the marker's words, like 'HIT 1: door'", most=100_000)
    most = whole(most, "most", "give the longest name a marker may have, like 80", lo=4, hi=10_000)
    plain = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION)).encode("ascii", "ignore").decode()
    plain = " ".join(plain.split())
    return plain if len(plain) <= most else plain[:most - 3].rstrip() + "..."


def placement(song: MidiData, scene: Scene, seconds: float, start: float | str | None = None) -> str:
    """Where music read from a file sits in a scene, in words: its in-point (``start``, or found
    from its ``HIT n: label`` markers, or the scene's first frame) and whether its hit markers
    still sit on the scene's hits (a DAW that moved them, by inserting time or changing the tempo
    with markers locked to bars, has moved the music off the picture). Refuses music that would
    run past the scene's end.

    Examples
    --------
    >>> from scoring.core.film import load_scene
    >>> song = MidiData((), TempoMap.constant(120), None, (Marker(0.0, Fraction(0), "HIT 1: headlights"),))
    >>> placement(song, load_scene("chase"), 10.0)
    "in at 01:00:05:00 (from its markers); its 1 hit marker sits on the scene's hits"

    Lesson: lessons/07_score_a_scene.ipynb
    """
    expect(song, MidiData, "song", _READ)
    if not isinstance(scene, Scene):
        raise ScoringError(f"scene should be a Scene (load_scene('chase')), not {show(scene)}")
    seconds = number(seconds, "seconds", "give the music's length in seconds, like 10.0", lo=0, hi=MAX_SECONDS)
    hits = list(scene.hits)
    matched = []
    for m in song.markers:
        found = _HIT.match(m.text)
        if found and 1 <= int(found.group(1)) <= len(hits) and \
                marker_text(hits[int(found.group(1)) - 1].label) == found.group(2).strip():
            matched.append((m, hits[int(found.group(1)) - 1]))
    if start is not None:
        at, how = scene.seconds(start), "as given"
    elif matched:
        at, how = matched[0][1].at - matched[0][0].seconds, "from its markers"
    else:
        at, how = 0.0, "at the scene's first frame: it has no hit markers"
    half = 0.5 / scene.frame_rate
    if at < -half or at + seconds > scene.duration + half:
        raise ScoringError(f"from {scene.tc(max(at, 0.0))} this music ({seconds:.1f} s) does not fit the scene "
                           f"({scene.tc(0)}-{scene.tc(scene.duration)}); give start= the cue's in-point, or shorten it")
    text = f"in at {scene.tc(at)} ({how})"
    off = [(m, (at + m.seconds - h.at) * scene.frame_rate) for m, h in matched]
    moved = [(m, e) for m, e in off if abs(e) > 1]
    if matched and not moved:
        text += f"; its {len(matched)} hit marker{' sits' if len(matched) == 1 else 's sit'} on the scene's hits"
    for m, e in moved[:3]:
        text += (f"; marker {m.text!r} is {abs(e):.1f} frames {'late' if e > 0 else 'early'} against the picture: "
                 "the session's time moved (lock markers to timecode before changing the tempo)")
    return text


def add_markers(data: bytes, markers: Sequence[tuple[int, str]], *, drum_tracks: Sequence[int] = ()) -> bytes:
    """A type 1 MIDI file with marker meta events (FF 06) added to its first track at their ticks,
    and the tracks numbered in ``drum_tracks`` (1 is the first after the tempo track) moved to
    channel 10 with program 0 (a General MIDI drum kit).

    Examples
    --------
    >>> from scoring.core.io import Staff, midi_bytes, score
    >>> s = score("Bell", "C major", TempoMap.constant(120), [Staff("Bell", 14, ((Fraction(2), ["C4"], 80, False),))],
    ...           for_midi=True)
    >>> [m.text for m in parse_midi(add_markers(midi_bytes(s), [(480, "HIT 1: bell")])).markers]
    ['HIT 1: bell']

    Lesson: lessons/07_score_a_scene.ipynb
    """
    from music21 import midi

    if not isinstance(data, (bytes, bytearray)):
        raise ScoringError(f"add_markers() takes the bytes of a MIDI file, not {show(data)}; "
                           "make them with scoring.core.io.midi_bytes")
    if len(data) > MAX_FILE_BYTES:
        raise ScoringError(f"this MIDI file is {len(data) / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit; "
                           "export a shorter excerpt")
    fix = "give a list of (tick, text) pairs, like [(480, 'HIT 1: door')]"
    pairs = []
    for k, pair in enumerate(items(markers, "markers", fix, most=MAX_MARKERS)):
        row = items(pair, f"markers[{k}]", fix, most=2)
        if len(row) != 2:
            raise ScoringError(f"markers[{k}]={show(pair)} is not a (tick, text) pair; {fix}")
        pairs.append((row[0], marker_text(checks.text(row[1], f"markers[{k}] text", fix, most=100_000))))
    drum_tracks = items(drum_tracks, "drum_tracks", "give track numbers, like [3] (1 is the first after the "
                        "tempo track)", most=16)
    _io.check_midi(bytes(data))                # a MIDI header and no track longer than MAX_BEATS, before music21
    mf = midi.MidiFile()
    try:
        mf.readstr(bytes(data))
    except Exception as exc:   # noqa: BLE001 - music21 raises many kinds for a bad file
        raise ScoringError(f"add_markers() needs a MIDI file the package wrote ({type(exc).__name__}); "
                           "make one with scoring.core.io.midi_bytes") from None
    if mf.format != 1 or len(mf.tracks) < 2:
        raise ScoringError("add_markers() needs a type 1 MIDI file with a tempo track, as "
                           "scoring.core.io.midi_bytes writes")
    conductor = mf.tracks[0]
    timed, tick, end = [], 0, 0
    for ev in conductor.events:
        if isinstance(ev, midi.DeltaTime):
            tick += ev.time
        elif ev.type == midi.MetaEvents.END_OF_TRACK:
            end = tick
        else:
            timed.append((tick, 0, ev))
    most = _io.MAX_BEATS * mf.ticksPerQuarterNote
    for k, (at, text) in enumerate(pairs):
        at = whole(at, f"markers[{k}] tick", f"give a tick 0-{most} (the file has {mf.ticksPerQuarterNote} a beat)",
                   lo=0, hi=most)
        ev = midi.MidiEvent(conductor, type=midi.MetaEvents.MARKER, channel=None)
        ev.data = text.encode("ascii")
        timed.append((at, 1, ev))
    timed.sort(key=lambda x: (x[0], x[1]))
    events, last = [], 0
    for at, _, ev in timed:
        events += [midi.DeltaTime(conductor, time=at - last), ev]
        last = at
    stop = midi.MidiEvent(conductor, type=midi.MetaEvents.END_OF_TRACK, channel=None)
    stop.data = b""
    conductor.events = events + [midi.DeltaTime(conductor, time=max(end, last) - last), stop]
    for i in drum_tracks:
        track = mf.tracks[whole(i, "drum track", f"give a track number 1-{len(mf.tracks) - 1}", lo=1,
                                hi=len(mf.tracks) - 1)]
        track.setChannel(DRUM_CHANNEL)
        for ev in track.events:
            if not isinstance(ev, midi.DeltaTime) and ev.type == midi.ChannelVoiceMessages.PROGRAM_CHANGE:
                ev.data = 0
    return mf.writestr()
