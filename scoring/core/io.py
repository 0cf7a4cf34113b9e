"""Music in and out through music21: scores for notation and files, and files read back safely.

One writer (:func:`score`) builds every music21 score the package engraves or saves, from plain
staves and a :class:`~scoring.core.time.TempoMap`: metronome marks where a steady tempo starts,
"accel."/"rit." where a ramp starts, fermatas where the clock holds. MIDI files carry the map as
tempo events (a ramp as a step every eighth note, a hold as a slowed last sixteenth) and read back
into the same map. Files are read with music21's cache off (nothing is pickled or unpickled),
after a size check, and MIDI files are measured before music21 expands them.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import numbers
import os
import re
import struct
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from scoring.core import pitch as _pitch
from scoring.core.instruments import GM_NAMES
from scoring.core.notes import MAX_DURATION, MAX_NOTES, Note, as_duration, dynamic_mark
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render.checks import expect, flag, number, show, whole
from scoring.render.files import readable_file

__all__ = ["Staff", "score", "tempo_marks", "musicxml_bytes", "midi_bytes", "m21_name", "m21_pitch", "gm_instrument", "program_of",
           "estimate_key", "key_candidates", "key_from_m21", "parse_tiny", "check_midi", "read_file", "read_part", "MAX_BEATS"]

#: The longest music a file may hold, in quarter notes (ten minutes at 400 BPM).
MAX_BEATS = 4000
#: One tinyNotation token: a time signature, or a note/rest with octave marks, accidental, value,
#: dots, tie and lyric, optionally opening or closing a tuplet group (trip{ ... }).
TINY_TOKEN = re.compile(r"^(?:\d+/\d+|\}|(?:(?:trip|quad)\{)?(?:r|[a-gA-G]+'*(?:#{1,2}|-{1,2}|n)?'*)"
                        r"\d*\.*~?(?:_\S+)?\}?)$")
_RAMP_STEP = Fraction(1, 2)   # a ramp is written to MIDI as a tempo step every eighth note
_HOLD_STEP = Fraction(1, 4)   # a hold slows the sixteenth before it


@dataclass(frozen=True)
class Staff:
    """One staff of a score: its label, GM program, and items ``(duration, names, velocity, staccato)``
    where ``names`` are spelled note names (empty for a rest).

    Lesson: lessons/01_mood.ipynb
    """

    name: str
    program: int
    items: tuple
    bass_clef: bool = False


def m21_name(name: str) -> str:
    """'Bb4' -> 'B-4' (music21 writes flats as '-').

    Examples
    --------
    >>> m21_name("Bb4"), m21_name("F#3")
    ('B-4', 'F#3')

    Lesson: lessons/00_first_motif.ipynb
    """
    expect(name, str, "name", "'Bb4'")
    return name[0] + name[1:].replace("b", "-") if name else name


_NAME = re.compile(r"^([A-G])(#{1,2}|b{1,2})?(-?\d+)$")


def m21_pitch(name: str):
    """A music21 pitch from one of the package's note names, octave -1 included ("C-1" is MIDI 0,
    which music21 would read as C-flat 1).

    Examples
    --------
    >>> m21_pitch("C-1").midi, m21_pitch("Bb4").nameWithOctave
    (0, 'B-4')

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import pitch

    expect(name, str, "name", "'C4'")
    m = _NAME.match(name)
    if not m:
        raise ScoringError(f"{name!r} is not a note name with an octave, like 'C4' or 'Bb3'")
    p = pitch.Pitch(m.group(1) + (m.group(2) or "").replace("b", "-"))
    p.octave = int(m.group(3))
    return p


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

    if isinstance(program, bool) or not isinstance(program, int) or not 0 <= program <= 127:
        raise ScoringError(f"program {program!r} is not a General MIDI program 0-127; e.g. 60 (French Horn)")
    inst = instrument.Instrument()
    inst.instrumentName = GM_NAMES[program]
    inst.midiProgram = program
    return inst


def program_of(inst) -> int:
    """The GM program of an imported instrument: its GM name if it has one, else its MIDI program.

    Examples
    --------
    >>> program_of(gm_instrument(60)), program_of(None)
    (60, 0)

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import instrument as m21instrument

    if inst is None:
        return 0
    if not isinstance(inst, m21instrument.Instrument):
        raise ScoringError(f"program_of() takes a music21 instrument or None, not {show(inst)}; "
                           "e.g. part.getInstrument()")
    for name in (inst.instrumentName, inst.partName):
        if name in GM_NAMES:
            return GM_NAMES.index(name)
    return inst.midiProgram if inst.midiProgram is not None else 0


def key_from_m21(k) -> str:
    """A music21 key as the package names it (``"Bb major"``).

    Examples
    --------
    >>> from music21 import key
    >>> key_from_m21(key.Key("B-", "minor"))
    'Bb minor'

    Lesson: lessons/00_first_motif.ipynb
    """
    if not hasattr(k, "mode") or not hasattr(k, "tonic"):
        raise ScoringError(f"key_from_m21 takes a music21 Key, not {type(k).__name__}; e.g. music21.key.Key('B-')")
    mode = k.mode if k.mode in _pitch.MODES else "major"
    return f"{k.tonic.name.replace('-', 'b')} {mode}"


def estimate_key(notes: Sequence[Note]) -> str:
    """The most likely major or minor key of some notes (Krumhansl-Schmuckler, via music21).

    Examples
    --------
    >>> estimate_key([Note(69, Fraction(1)), Note(72, Fraction(1)), Note(76, Fraction(1)), Note(81, Fraction(1))])
    'A minor'

    Lesson: lessons/00_first_motif.ipynb
    """
    return key_candidates(notes)[0]


def key_candidates(notes: Sequence[Note], *, within: float = 0.0) -> list[str]:
    """The keys some notes suggest, most likely first: every major or minor key whose
    Krumhansl-Schmuckler correlation is no more than ``within`` below the best one's (0 gives the
    best alone). One pitch class suggests its own major key; no notes suggest C major.

    Examples
    --------
    >>> key_candidates([Note(60, Fraction(1)), Note(67, Fraction(1)), Note(64, Fraction(1))], within=0.15)
    ['C major', 'E minor']

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import note, stream

    expect(notes, (list, tuple), "notes", "motif.notes")
    if not all(isinstance(n, Note) for n in notes):
        raise ScoringError("estimate_key and key_candidates take Note values, e.g. a motif's .notes")
    within = number(within, "within", "give a correlation difference 0-2, like 0.15", lo=0, hi=2)
    pitched = [n for n in notes if not n.is_rest]
    if not pitched:
        return ["C major"]
    if len({n.pitch % 12 for n in pitched}) < 2:
        return [_pitch.key_name(pitched[0].pitch % 12, "major")]
    s = stream.Stream()
    for n in pitched:
        s.append(note.Note(n.pitch, quarterLength=n.duration))
    try:
        k = s.analyze("KrumhanslSchmuckler")
    except Exception:
        return [_pitch.key_name(pitched[0].pitch % 12, "major")]
    near = [a for a in k.alternateInterpretations if a.correlationCoefficient >= k.correlationCoefficient - within]
    return list(dict.fromkeys(key_from_m21(a) for a in [k] + near))


# ---------------------------------------------------------------- writing
def tempo_marks(tempo_map: TempoMap, until: Fraction) -> list[tuple[Fraction, float | str]]:
    """The tempo marks a score prints up to beat ``until`` (fermatas aside): ``(beat, bpm)`` for a
    metronome mark, ``(beat, text)`` for words ("accel.", or "rit. to ♩ = 80" when the ramp runs to
    the end, with no barline left for an arrival mark).

    Examples
    --------
    >>> tempo_marks(TempoMap.constant(60).ramp(4, 8, 120), Fraction(12))
    [(Fraction(0, 1), 60.0), (Fraction(4, 1), 'accel.'), (Fraction(8, 1), 120.0)]

    Lesson: lessons/02_tension.ipynb
    """
    expect(tempo_map, TempoMap, "tempo_map", "TempoMap.constant(96)")
    if isinstance(until, bool) or not isinstance(until, numbers.Rational) or until < 0:
        raise ScoringError(f"until={show(until)}: give the last beat as a whole number or a Fraction, like Fraction(16)")
    until = Fraction(until)
    out: list[tuple[Fraction, float | str]] = []
    for beat, text in tempo_map.marks():
        beat = Fraction(beat)
        if beat > until or text == "fermata" or text == "G.P.":
            continue
        if text.startswith("♩"):
            out.append((beat, round(tempo_map.bpm_at(beat), 2)))
        else:
            ramp = next((sec for sec in tempo_map.sections(float(until) + 1) if Fraction(sec.start_beat) == beat), None)
            if ramp is not None and Fraction(ramp.end_beat) >= until:  # no barline left for an arrival mark
                text = f"{text} to ♩ = {round(ramp.end_bpm, 2):g}"
            out.append((beat, text))
    return out


def _tempo_events(tempo_map: TempoMap, until: Fraction, *, for_midi: bool) -> list[tuple[Fraction, object]]:
    """music21 tempo objects (and words) at their beats, for the first staff."""
    from music21 import expressions, tempo

    out = []
    for beat, mark in tempo_marks(tempo_map, until):
        if isinstance(mark, str):
            words = expressions.TextExpression(mark)
            words.style.fontStyle = "italic"
            out.append((beat, words))
        else:
            out.append((beat, tempo.MetronomeMark(number=mark, referent=1.0)))
    if for_midi:
        hidden = []
        for sec in tempo_map.sections(float(until)):
            if sec.kind == "steady":
                continue
            b = Fraction(sec.start_beat) + _RAMP_STEP
            while b < Fraction(sec.end_beat):
                mm = tempo.MetronomeMark(number=round(tempo_map.bpm_at(b), 3), referent=1.0)
                mm.style.hideObjectOnPrint = True
                hidden.append((b, mm))
                b += _RAMP_STEP
            end = Fraction(sec.end_beat)
            hidden.append((end, tempo.MetronomeMark(number=round(sec.end_bpm, 3), referent=1.0)))
        for beat, seconds in tempo_map.holds:
            beat = Fraction(beat)
            if beat <= _HOLD_STEP or beat > until:
                continue
            start = beat - _HOLD_STEP
            plain = tempo_map.seconds_at(float(beat)) - seconds - tempo_map.seconds_at(float(start))
            slow = 60.0 * float(_HOLD_STEP) / (plain + seconds)
            hidden.append((start, tempo.MetronomeMark(number=round(max(slow, 1.0), 4), referent=1.0)))
            hidden.append((beat, tempo.MetronomeMark(number=round(tempo_map.bpm_at(beat), 3), referent=1.0)))
        out = [(b, o) for b, o in out if not isinstance(o, tempo.MetronomeMark)] + hidden + \
              [(b, o) for b, o in out if isinstance(o, tempo.MetronomeMark) and b not in {h for h, _ in hidden}]
    return sorted(out, key=lambda x: x[0])


def score(title: str, key: str, tempo_map: TempoMap, staves: Sequence[Staff], *, for_midi: bool = False):
    """The one music21 score writer: staves, key, metres and tempo marks from the map, fermatas on
    the notes that end where the clock holds, barred into measures.

    Examples
    --------
    >>> s = score("Bell", "C major", TempoMap.constant(96),
    ...           [Staff("Bell", 14, ((Fraction(1), ["C4"], 80, False), (Fraction(2), ["E4", "G4"], 80, False)))])
    >>> [n.fullName for n in s.flatten().notes][:1], float(s.metronomeMarkBoundaries()[0][2].number)
    (['C in octave 4 Quarter Note'], 96.0)

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import articulations, chord, clef, dynamics, expressions, key as m21key, metadata, meter, note, stream

    expect(tempo_map, TempoMap, "tempo_map", "TempoMap.constant(96)")
    expect(staves, (list, tuple), "staves", "[Staff('Bell', 0, ((1, ['C4'], 80, False),))]")
    for_midi = flag(for_midi, "for_midi")
    if not all(isinstance(st, Staff) for st in staves):
        raise ScoringError("score() takes Staff values, e.g. motif.staves()")
    out = stream.Score()
    out.metadata = metadata.Metadata(title=str(title))
    _, tonic, mode = _pitch.parse_key(key)
    holds = {Fraction(b) for b, _ in tempo_map.holds}
    for i, staff in enumerate(staves):
        part = stream.Part()
        inst = gm_instrument(staff.program)
        inst.partName = staff.name  # the staff label, and the MIDI track name, so files keep the name
        inst.partAbbreviation = ""
        inst.instrumentAbbreviation = ""
        part.insert(0, inst)
        if staff.bass_clef:
            part.insert(0, clef.BassClef())
        part.insert(0, m21key.Key(m21_name(tonic), mode))
        for beat, ts in tempo_map.metres:
            part.insert(float(beat), meter.TimeSignature(ts))
        length = sum((Fraction(it[0]) for it in staff.items), Fraction(0))
        if i == 0:
            for beat, obj in _tempo_events(tempo_map, length, for_midi=for_midi):
                part.insert(float(beat), obj)
        pos, last = Fraction(0), None
        for duration, names, velocity, staccato in staff.items:
            duration = Fraction(duration)
            if not names:
                el = note.Rest(quarterLength=duration)
            else:
                pitches = [m21_pitch(n) for n in names]
                el = note.Note(pitches[0], quarterLength=duration) if len(pitches) == 1 else \
                    chord.Chord(pitches, quarterLength=duration)
                el.volume.velocity = velocity
                el.volume.velocityIsRelative = False  # MIDI keeps the exact velocity
                if staccato and duration <= 1:
                    el.articulations.append(articulations.Staccato())
                mark = dynamic_mark(velocity)
                if mark != last:
                    part.insert(float(pos), dynamics.Dynamic(mark))
                    last = mark
            if pos + duration in holds:
                el.expressions.append(expressions.Fermata())
            part.insert(float(pos), el)
            pos += duration
        out.insert(0, part)
    try:
        return out.makeNotation()
    except Exception as exc:
        raise ScoringError(f"music21 could not bar this music into {tempo_map.metres[0][1]} ({exc}); "
                           "try simpler durations") from None


def _need_score(music_score) -> None:
    from music21 import stream

    if not isinstance(music_score, stream.Score):
        raise ScoringError(f"expected a music21 Score (from .to_stream()), not {type(music_score).__name__}")


def musicxml_bytes(music_score) -> bytes:
    """A music21 score as MusicXML bytes.

    Examples
    --------
    >>> s = score("Bell", "C major", TempoMap.constant(96), [Staff("Bell", 0, ((Fraction(1), ["C4"], 80, False),))])
    >>> musicxml_bytes(s).count(b"<pitch>")
    1

    Lesson: lessons/00_first_motif.ipynb
    """
    _need_score(music_score)
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    return GeneralObjectExporter(music_score).parse()


def midi_bytes(music_score) -> bytes:
    """A music21 score as a standard MIDI file.

    Examples
    --------
    >>> s = score("Bell", "C major", TempoMap.constant(96), [Staff("Bell", 0, ((Fraction(1), ["C4"], 80, False),))],
    ...           for_midi=True)
    >>> midi_bytes(s)[:4]
    b'MThd'

    Lesson: lessons/00_first_motif.ipynb
    """
    _need_score(music_score)
    from music21 import midi

    return midi.translate.music21ObjectToMidiFile(music_score).writestr()


# ---------------------------------------------------------------- reading
def parse_tiny(text: str):
    """A music21 stream from tinyNotation, checked token by token first (music21 silently drops
    what it cannot read).

    Examples
    --------
    >>> len(parse_tiny("4/4 c4 e g").flatten().notes)
    3

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import converter

    if not isinstance(text, str) or not text.strip():
        raise ScoringError("tinyNotation text is empty; write notes like \"4/4 c4 e g c'2\"")
    if len(text) > 20 * MAX_NOTES:
        raise ScoringError(f"tinyNotation text is longer than {20 * MAX_NOTES} characters; split it into several motifs")
    for token in text.split():
        if not TINY_TOKEN.match(token):
            raise ScoringError(f"{token!r} in {text!r} is not tinyNotation; write notes like c4, e-8, f#2., c'4, "
                               "rests like r4, a time signature like 3/4 first (English note names: b, not h)")
        late = _TINY_NOTE.match(token)
        if late and late.group(3) and late.group(4):
            fixed = token.replace(late.group(0), late.group(1) + late.group(2) + late.group(4) + late.group(3), 1)
            raise ScoringError(f"{token!r}: write the octave marks before the sharp or flat, as in {fixed!r}; "
                               "tinyNotation would silently drop marks written after it")
        midi = _tiny_midi(token)
        if midi is not None and not 0 <= midi <= 127:
            raise ScoringError(f"{token!r} is MIDI {midi}, outside 0-127; use fewer octave marks (c' is C5, C is C3)")
    try:
        return converter.parse("tinyNotation: " + text.strip())
    except Exception as exc:  # music21 raises many kinds here
        raise ScoringError(f"could not read {text!r} as tinyNotation ({exc}); write notes like \"4/4 c4 e g c'2\"") from None


_TINY_NOTE = re.compile(r"^(?:(?:trip|quad)\{)?([a-gA-G]+)('*)(#{1,2}|-{1,2}|n)?('*)")


def _tiny_midi(token: str) -> int | None:
    """The MIDI number a tinyNotation note token stands for (c is C4, c' C5, C C3, CC C2), or None."""
    m = _TINY_NOTE.match(token)
    if not m:
        return None
    letters, marks, acc = m.group(1), m.group(2) + m.group(4), m.group(3) or ""
    octave = 4 + len(marks) if letters[0].islower() else 4 - len(letters)
    alter = acc.count("#") - acc.count("-")
    return 12 * (octave + 1) + _pitch.midi_number(letters[0].upper() + "0") - 12 + alter


def _varlen(data: bytes, i: int) -> tuple[int, int]:
    value = 0
    for _ in range(4):
        if i >= len(data):
            raise ScoringError("this MIDI file ends in the middle of an event; export it again")
        b = data[i]
        i += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, i
    raise ScoringError("this MIDI file has a malformed length; export it again")


def check_midi(data: bytes) -> None:
    """Measure a MIDI file's length in beats before anything expands it: a header with beats (not
    SMPTE frames), whole track chunks, and no track longer than :data:`MAX_BEATS` quarter notes
    (one note-off after a huge pause would make a reader build or wait through hours of music).

    Examples
    --------
    >>> hostile = (b"MThd" + bytes([0, 0, 0, 6, 0, 0, 0, 1, 1, 224]) + b"MTrk" + bytes([0, 0, 0, 15])
    ...            + bytes([0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 64, 0, 0x80, 60, 0, 0, 0xFF, 0x2F, 0]))
    >>> check_midi(hostile)
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: this MIDI file lasts over 4000 beats; export a shorter excerpt

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(data, (bytes, bytearray)):
        raise ScoringError(f"check_midi takes the file's bytes (Path(...).read_bytes()), not {type(data).__name__}")
    if data[:4] != b"MThd" or len(data) < 14:
        raise ScoringError("this is not a standard MIDI file (no MThd header); export it again as .mid")
    _, _, ntracks, division = struct.unpack(">IHHH", data[4:14])
    if division & 0x8000 or division == 0:
        raise ScoringError("this MIDI file counts time in SMPTE frames; export it with beats (PPQ) instead")
    i = 8 + struct.unpack(">I", data[4:8])[0]
    for _ in range(ntracks):
        if data[i:i + 4] != b"MTrk":
            raise ScoringError("this MIDI file has a damaged track; export it again")
        if i + 8 > len(data):
            raise ScoringError("this MIDI file is cut short (a track header without its length); "
                               "copy or export the whole file again")
        end = i + 8 + struct.unpack(">I", data[i + 4:i + 8])[0]
        i, ticks, status = i + 8, 0, 0
        while i < min(end, len(data)):
            delta, i = _varlen(data, i)
            ticks += delta
            if ticks / division > MAX_BEATS:
                raise ScoringError(f"this MIDI file lasts over {MAX_BEATS} beats; export a shorter excerpt")
            if i >= len(data):
                break
            b = data[i]
            if b == 0xFF:
                length, i = _varlen(data, i + 2)
                i += length
            elif b in (0xF0, 0xF7):
                length, i = _varlen(data, i + 1)
                i += length
            else:
                if b & 0x80:
                    status, i = b, i + 1
                i += 1 if status & 0xF0 in (0xC0, 0xD0) else 2
        i = end


def read_file(path: str | os.PathLike):
    """A music21 stream from a MIDI or MusicXML file, read safely: size-checked, MIDI measured
    before it is expanded, music21's parse cache off (nothing is pickled or unpickled).

    Examples
    --------
    >>> read_file("no-such.mid")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: no file at 'no-such.mid'; check the path (it is relative to the notebook's folder)

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import converter

    p = readable_file(path, (".mid", ".midi", ".musicxml", ".xml", ".mxl"))
    data = p.read_bytes()
    midi_file = p.suffix.lower() in (".mid", ".midi")
    if midi_file:
        check_midi(data)
    elif p.suffix.lower() != ".mxl" and (b"<!ENTITY" in data or b"<!entity" in data):
        raise ScoringError(f"{p.name!r} declares XML entities, which a score never needs; export it again")
    try:
        if midi_file:
            return converter.parseData(data, format="midi", forceSource=True, quarterLengthDivisors=(12,))
        return converter.parseFile(str(p), format="musicxml", forceSource=True, storePickle=False)
    except ScoringError:
        raise
    except Exception as exc:
        raise ScoringError(f"could not read {p.name!r} as MIDI or MusicXML ({exc.__class__.__name__}); "
                           "export it again from your notation program or DAW") from None


_RAMP_TO = re.compile(r"^(accel|rit|rall)\S*\s+to\s+♩\s*=\s*(\d+(?:\.\d+)?)")


def _map_from(part_flat, time_signature: str, *, default: float, length: Fraction | None = None) -> TempoMap:
    """Rebuild a tempo map from the metronome marks and tempo words of a stream."""
    from music21 import expressions, tempo

    marks = [(Fraction(m.offset).limit_denominator(960), float(m.getQuarterBPM()))
             for m in part_flat.getElementsByClass(tempo.MetronomeMark) if m.number]
    words = [(Fraction(w.offset).limit_denominator(960), w.content.strip().lower())
             for w in part_flat.getElementsByClass(expressions.TextExpression)]
    ramps = {b for b, w in words if w.startswith(("accel", "rit", "rall"))}
    ends = [(b, float(m.group(2))) for b, w in words if (m := _RAMP_TO.match(w))]
    points: list[tuple[Fraction, float]] = []
    for b, bpm in marks:
        if points and points[-1][0] == b:
            points[-1] = (b, bpm)
        else:
            points.append((b, bpm))
    if not points:
        return TempoMap.constant(default, time_signature=time_signature)
    tm = TempoMap.constant(points[0][1], time_signature=time_signature)
    i = 1
    while i < len(points):
        b, bpm = points[i]
        prev_b, prev_bpm = points[i - 1]
        # a run of marks on a straight line (as this module writes ramps) is one ramp
        j = i
        while j + 1 < len(points) and points[j + 1][0] - points[j][0] == b - prev_b and \
                abs((points[j + 1][1] - points[j][1]) - (bpm - prev_bpm)) < 0.05 and bpm != prev_bpm:
            j += 1
        ramp_start = max((r for r in ramps if prev_b <= r < b), default=None)
        if j > i or ramp_start is not None:
            start = prev_b if j > i else ramp_start
            tm = tm.ramp(start, points[j][0], points[j][1])
            i = j + 1
            continue
        # a short slow step that returns to the tempo before it is a hold
        if i + 1 < len(points) and points[i + 1][0] - b == _HOLD_STEP and bpm < prev_bpm and \
                abs(points[i + 1][1] - prev_bpm) < 0.01:
            extra = 60.0 * float(_HOLD_STEP) / bpm - 60.0 * float(_HOLD_STEP) / prev_bpm
            tm = tm.hold(points[i + 1][0], round(extra, 3))
            i += 2
            continue
        tm = tm.step(b, bpm)
        i += 1
    for b, bpm in ends:  # "accel. to ♩ = 120" at the end of the music: a ramp to its last beat
        if length is not None and b < length and abs(tm.bpm_at(length) - bpm) > 0.01:
            tm = tm.ramp(b, length, bpm)
    return tm


def read_part(stream, *, which: int = 0) -> dict:
    """The notes, tempo map, metre, key, instrument and name of one part of a music21 stream,
    as keyword arguments for a :class:`~scoring.core.motif.Motif`. A chord gives its top note;
    a part with several voices, or notes that overlap, is refused with the fix.

    Examples
    --------
    >>> read_part(parse_tiny("2/4 r8 g g g e-2"))["time_signature"]
    '2/4'

    Lesson: lessons/00_first_motif.ipynb
    """
    from music21 import chord, key as m21key, meter, stream as m21stream

    if not isinstance(stream, m21stream.Stream):
        raise ScoringError(f"expected a music21 stream, got {type(stream).__name__}; use Motif.parse or Motif.from_notes instead")
    parts = list(stream.parts) if hasattr(stream, "parts") and len(stream.parts) else [stream]
    part = parts[whole(which, "which", f"give a part number 0-{len(parts) - 1}", lo=0, hi=len(parts) - 1)]
    if any(len(v.notes) for v in part.recurse().getElementsByClass(m21stream.Voice)[1:]):
        raise ScoringError("this part has several voices at once; a motif is one line: take one voice, "
                           "or build a Cue with a layer per voice")
    flat = part.flatten()
    built: list[Note] = []
    pos = Fraction(0)
    for el in flat.notesAndRests:
        if el.duration.isGrace or el.quarterLength == 0:
            continue
        if el.isRest and el.style.hideObjectOnPrint:
            continue  # padding that music21 adds to fill an unfinished last bar
        if "Unpitched" in el.classes or "PercussionChord" in el.classes:
            raise ScoringError("this part is a drum track (unpitched notes); a motif holds pitched notes: "
                               "pick a pitched part of the file")
        start = Fraction(el.offset).limit_denominator(960)
        if start < pos:
            raise ScoringError(f"notes overlap at beat {float(start):g} of this part; a motif is one line: "
                               "take one line, or build a Cue with a layer per line")
        if start > pos:
            built.append(Note(None, as_duration(start - pos)))
        p = None if el.isRest else (max(x.midi for x in el.pitches) if isinstance(el, chord.Chord) else el.pitch.midi)
        if p is not None and not 0 <= p <= 127:
            raise ScoringError(f"a note at beat {float(start):g} is outside MIDI 0-127; move it by an octave")
        v = el.volume.velocity if (not el.isRest and el.volume.velocity) else 80
        d = Fraction(el.quarterLength).limit_denominator(960)
        pos = start + d
        if el.tie is not None and el.tie.type in ("stop", "continue") and built and built[-1].pitch == p and p is not None:
            prev = built.pop()
            built.append(Note(p, prev.duration + d, prev.velocity))
            continue
        if d > MAX_DURATION:
            raise ScoringError(f"a note at beat {float(start):g} lasts {float(d):g} beats, over the "
                               f"{int(MAX_DURATION)}-beat limit; split it")
        built.append(Note(p, d, int(min(127, max(1, v)))))
        if len(built) > MAX_NOTES:
            raise ScoringError(f"{len(built)} notes is more than a motif may hold ({MAX_NOTES}); split it into several motifs")
    if not built:
        raise ScoringError("the stream has no notes; a motif needs at least one")
    sigs = list(flat.getElementsByClass(meter.TimeSignature))
    ts = sigs[0].ratioString if sigs else "4/4"
    keys = list(flat.getElementsByClass(m21key.Key))
    md = getattr(stream, "metadata", None)
    title = (md.title or md.movementName) if md is not None else None
    # tempo marks sit in the first part; read them from the whole stream
    tempo_map = _map_from(stream.flatten(), ts, default=100.0, length=pos)
    return {"notes": tuple(built), "tempo_map": tempo_map, "time_signature": ts,
            "key": key_from_m21(keys[0]) if keys else None,
            "instrument": program_of(part.recurse().getElementsByClass("Instrument").first()),
            "name": title or getattr(part, "partName", None) or "Motif"}
