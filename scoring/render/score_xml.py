"""A quick MusicXML writer for the plain scores the course engraves most: a few staves of notes,
chords and rests in one metre at one steady tempo, with dynamics, staccato dots and ties over
barlines.

It writes what music21's exporter writes for the same music (the same divisions, attributes,
directions, beams, stems and accidentals), so verovio engraves the same picture, in a fraction
of the time. Which accidentals show (a natural after a sharp, the courtesy natural in the next
bar, both signs in a cluster that holds C and C#) is decided by music21's own rule, note by note,
as its exporter decides it. For anything else (tuplets, values that need a tie inside a bar,
fermatas, tempo changes off a barline, metre changes) it returns ``None`` and the caller uses
music21. The unit tests compare the two engravings on many random motifs and chords.

This engine knows no motif: it takes plain staves.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import itertools
import re
from fractions import Fraction
from functools import lru_cache
from html import escape as _escape
from typing import Sequence

from scoring.errors import ScoringError
from scoring.render.checks import items, number

__all__ = ["simple_musicxml", "DIVISIONS"]

#: music21's divisions per quarter note.
DIVISIONS = 10080
#: Past these, music21 writes the score (a staff of more items, or longer in quarter notes).
MAX_ITEMS, MAX_BEATS = 5000, 4000
#: The note types a part of a value may take.
_KNOWN_TYPES = ("whole", "half", "quarter", "eighth", "16th", "32nd")
#: music21's <sound dynamics> for each mark.
_SOUND = {"ppp": 19, "pp": 31, "p": 44, "mp": 57, "mf": 69, "f": 88, "ff": 107, "fff": 114}
_STEPS = "CDEFGAB"
_FIFTHS = {"C": 0, "G": 1, "D": 2, "A": 3, "E": 4, "B": 5, "F#": 6, "C#": 7, "F": -1, "Bb": -2, "Eb": -3, "Ab": -4,
           "Db": -5, "Gb": -6, "Cb": -7, "G#": 8, "D#": 9, "A#": 10, "E#": 11, "B#": 12, "Fb": -8}
_MODE_SHIFT = {"major": 0, "ionian": 0, "lydian": 1, "mixolydian": -1, "dorian": -2, "minor": -3, "aeolian": -3,
               "phrygian": -4, "locrian": -5}
_NAME = re.compile(r"^([A-G])(#{1,2}|b{1,2})?(-?\d+)$")
_ACCIDENTAL = {-2: "flat-flat", -1: "flat", 0: "natural", 1: "sharp", 2: "double-sharp"}


def _spelled(name: str) -> tuple[str, int, int] | None:
    m = _NAME.match(name)
    if not m:
        return None
    acc = m.group(2) or ""
    return m.group(1), acc.count("#") - acc.count("b"), int(m.group(3))


@lru_cache(maxsize=256)
def _written(ql: Fraction) -> tuple[tuple[Fraction, str, int], ...] | None:
    """How music21 writes a note or rest of ``ql`` quarters within a bar: its parts (quarter length,
    type, dots), largest first, one part for a value one note shows (a double-dotted half is one);
    None for what needs a tuplet or a type the writer does not know (music21's own conversion,
    remembered per value)."""
    from music21 import duration

    found = duration.quarterConversion(ql)
    parts = tuple((Fraction(d.quarterLength), d.type, d.dots) for d in found.components)
    if found.tuplet is not None or sum(p[0] for p in parts) != ql or \
            not all(kind in _KNOWN_TYPES and dots <= 3 for _, kind, dots in parts):
        return None
    return parts


@lru_cache(maxsize=512)
def _beams(time_signature: str, rhythm: tuple, offset: float) -> tuple:
    """music21's beams for one bar's rhythm ((quarter length, is rest) per element), memoized: per
    element a tuple of (number, MusicXML beam value). ``offset`` is where music21 assumes the bar's
    music starts (an unfinished bar is beamed as if its music ended at the barline)."""
    if len(rhythm) <= 1:
        return ((),) * len(rhythm)
    from music21 import meter, note, stream

    bar = stream.Measure()
    for ql, rest in rhythm:
        bar.append(note.Rest(quarterLength=ql) if rest else note.Note("C4", quarterLength=ql))
    found = meter.TimeSignature(time_signature).getBeams(bar.notesAndRests.stream(), measureStartOffset=offset)
    names = {"start": "begin", "stop": "end", "continue": "continue"}
    out = []
    for beams in found:
        row = []
        for b in (beams.beamsList if beams is not None else []):
            kind = names.get(b.type) or ("backward hook" if b.direction == "left" else "forward hook")
            row.append((b.number, kind))
        out.append(tuple(row))
    return tuple(out)


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def simple_musicxml(title: str, key: str, bpm: float, time_signature: str,
                    staves: Sequence[tuple[str, str, int, Sequence, bool]], *, dynamics: dict[str, int],
                    later_marks: Sequence[tuple[Fraction, float | str]] = ()) -> bytes | None:
    """MusicXML for plain music, as music21 would write it, or ``None`` where music21 must write it.

    ``key`` is like ``"Bb minor"``; ``bpm`` the tempo at the start (quarter notes), and
    ``later_marks`` the tempo marks after it as ``(beat, bpm)`` or ``(beat, words)`` (like
    :func:`scoring.core.io.tempo_marks` gives; each on a barline, or music21 writes); each staff is
    ``(label, GM instrument name, GM program, items, bass clef)`` with items
    ``(quarter length, spelled note names, velocity, staccato)`` (no names: a rest); ``dynamics``
    maps each mark to its velocity (a note is marked with the nearest, as it changes).

    Examples
    --------
    >>> xml = simple_musicxml("Bell", "C major", 96, "4/4", [("Bell", "Tubular Bells", 14,
    ...                       [(1, ["C4"], 80, False), (1, ["E4"], 80, False), (2, ["G4"], 80, False)], False)],
    ...                       dynamics={"p": 49, "mf": 80})
    >>> xml.count(b"<note"), b"<per-minute>96</per-minute>" in xml
    (3, True)

    Lesson: lessons/00_first_motif.ipynb
    """
    fix = ("give simple_musicxml(title, key, bpm, metre, staves, dynamics=...) with text title, key ('C major') "
           "and metre ('4/4'), and staves as (label, instrument, program, items, bass clef) with items "
           "(quarter length, note names, velocity, staccato)")
    if not all(isinstance(x, str) for x in (title, key, time_signature)):
        raise ScoringError(fix)
    bpm = number(bpm, "bpm", "give the tempo in quarter notes a minute, like 96", lo=1, hi=2000)
    staves = items(staves, "staves", fix, most=64)
    if not isinstance(dynamics, dict) or not dynamics or not all(
            isinstance(k, str) and isinstance(v, (int, float)) for k, v in dynamics.items()):
        raise ScoringError("dynamics maps marks to velocities, like {'p': 49, 'mf': 80}")
    later_marks = items(later_marks, "later_marks", "give (beat, bpm or words) pairs, like [(16, 'accel.')]",
                        most=MAX_ITEMS)
    try:
        return _score(title, key, bpm, time_signature, staves, dynamics, later_marks)
    except (TypeError, ValueError, AttributeError, IndexError, KeyError, ZeroDivisionError, OverflowError):
        raise ScoringError(fix) from None


def _tempo_directions(marks, bar: Fraction) -> dict[int, list[str]] | None:
    """Each bar's tempo directions (bar numbers from 1), or None if a mark is off a barline."""
    out: dict[int, list[str]] = {}
    # at one beat music21 writes the words before the metronome mark
    for beat, mark in sorted(marks, key=lambda m: (Fraction(m[0]), not isinstance(m[1], str))):
        beat = Fraction(beat)
        if beat % bar:
            return None
        if isinstance(mark, str):
            xml = (f'<direction><direction-type><words font-style="italic">{_escape(mark, False)}</words>'
                   "</direction-type></direction>")
        elif float(mark).is_integer():
            xml = (f'<direction><direction-type><metronome parentheses="no"><beat-unit>quarter</beat-unit>'
                   f"<per-minute>{int(mark)}</per-minute></metronome></direction-type>"
                   f'<sound tempo="{int(mark)}" /></direction>')
        else:
            return None
        out.setdefault(int(beat // bar) + 1, []).append(xml)
    return out


def _score(title, key, bpm, time_signature, staves, dynamics, later_marks=()) -> bytes | None:
    tonic, _, mode = str(key).partition(" ")
    if tonic not in _FIFTHS or mode not in _MODE_SHIFT or not staves or len(staves) > 16:
        return None
    fifths = _FIFTHS[tonic] + _MODE_SHIFT[mode]
    if not -7 <= fifths <= 7 or not float(bpm).is_integer():
        return None
    beats, _, beat_type = str(time_signature).partition("/")
    if not (beats.isdigit() and beat_type in ("2", "4", "8", "16")):
        return None
    bar = Fraction(4 * int(beats), int(beat_type))
    directions = _tempo_directions([(0, int(bpm))] + list(later_marks), bar)
    if directions is None:
        return None
    parts = []
    for index, staff in enumerate(staves):
        body = _part(index, staff, bar, time_signature, fifths, mode, directions if index == 0 else {},
                     dynamics)
        if body is None:
            return None
        parts.append(body)
    head = ['<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE score-partwise  PUBLIC "-//Recordare//DTD MusicXML '
            '4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">\n<score-partwise version="4.0">',
            f"<work><work-title>{_escape(title, False)}</work-title></work>",
            f"<movement-title>{_escape(title, False)}</movement-title>",
            "<defaults><scaling><millimeters>7</millimeters><tenths>40</tenths></scaling></defaults><part-list>"]
    for i, (label, instrument, program, _, _) in enumerate(staves):
        channel = i + 1 if i < 9 else i + 2  # music21 leaves channel 10 to drums
        head.append(f'<score-part id="P{i + 1}"><part-name>{_escape(label, False)}</part-name><part-abbreviation />'
                    f'<score-instrument id="I{i + 1}"><instrument-name>{_escape(instrument, False)}</instrument-name>'
                    f'<instrument-abbreviation /></score-instrument><midi-instrument id="I{i + 1}">'
                    f"<midi-channel>{channel}</midi-channel><midi-program>{int(program) + 1}</midi-program>"
                    "</midi-instrument></score-part>")
    head.append("</part-list>")
    return ("".join(head) + "".join(parts) + "</score-partwise>").encode("utf-8")


def _part(index, staff, bar, time_signature, fifths, mode, directions, dynamics) -> str | None:
    label, _, _, notes, bass = staff
    if len(notes) > MAX_ITEMS:
        return None
    # bar the items: (start, quarter length, pitches, velocity, staccato, tie start, tie stop, item)
    bars: list[list] = [[]]
    pos = Fraction(0)
    starts: list[tuple[int, list]] = []  # (bar index, pitches) of each note or chord, where it starts
    for item in notes:
        duration, names, velocity, staccato = item
        duration = Fraction(duration)
        if not 0 < duration <= MAX_BEATS or pos > MAX_BEATS or isinstance(names, str):
            return None
        pitches = []
        for name in names:
            spelled = _spelled(name)
            if spelled is None:
                return None
            pitches.append(spelled)
        if pitches:
            starts.append((int(pos // bar), tuple(pitches)))
        left, first = duration, True
        while left > 0:
            room = bar - (pos % bar)
            piece = min(left, room)
            parts = _written(piece)
            left -= piece
            # music21 puts a staccato tied over a barline on the last note of the tie
            marked = staccato and left == 0 and duration <= 1
            if parts is None or (marked and len(parts) > 1):
                return None
            if not pitches and piece == bar and pos % bar == 0:
                parts = ((piece, "", 0),)                  # a bar's rest: one element, whatever its value
            at = pos % bar
            for k, (ql, _, _) in enumerate(parts):
                # a value no one note can show is written as music21 writes it: its parts, largest first,
                # tied (rests: side by side), beamed as the one value it is (see _beams)
                tie_start = bool(pitches) and (left > 0 or k < len(parts) - 1)
                tie_stop = bool(pitches) and (not first or k > 0)
                bars[-1].append((at, ql, pitches, velocity, marked, tie_start, tie_stop, len(starts) - 1,
                                 piece if k == 0 else None))
                at += ql
            pos += piece
            first = False
            if pos % bar == 0:
                bars.append([])
    if not bars[-1]:
        bars.pop()
    if not bars:
        return None
    if pos % bar:  # music21 fills an unfinished last bar with a hidden rest
        hidden = _written(bar - pos % bar)
        if hidden is None or len(hidden) > 1:
            return None
        bars[-1].append((pos % bar, bar - pos % bar, None, 0, False, False, False, -1, bar - pos % bar))
    out = [f'<part id="P{index + 1}">']
    last_mark = None
    clef = _clef("bass")
    if not bass:  # music21's best clef for a staff without one: the pitches' average height
        heights = [_height(7 * octave + _STEPS.index(step) + 1) for b in bars for e in b if not e[6]
                   for step, _, octave in e[2] or ()]  # a note tied over a barline counts once
        average = sum(heights) / len(heights) if heights else 29.0
        clef = _clef("treble 8va" if average > 49 else "treble" if average > 28 else "bass" if average > 10
                     else "bass 8vb")
    signs = _accidentals(tuple(starts), fifths)
    for number, elements in enumerate(bars, 1):
        xml = [f'<measure implicit="no" number="{number}">']
        if number == 1:
            xml.append(f"<attributes><divisions>{DIVISIONS}</divisions><key><fifths>{fifths}</fifths>"
                       f"<mode>{mode}</mode></key><time><beats>{time_signature.split('/')[0]}</beats>"
                       f"<beat-type>{time_signature.split('/')[1]}</beat-type></time>"
                       f"<clef><sign>{clef[0]}</sign><line>{clef[1]}</line>{clef[3]}</clef></attributes>")
        xml += directions.get(number, [])
        sounding = [e for e in elements if e[2] is not None]  # without the hidden rest
        content = sum((e[1] for e in sounding), Fraction(0))
        values = _beams(time_signature, tuple((float(e[8]), not e[2]) for e in sounding if e[8] is not None),
                        float(bar - content) if content < bar else 0.0)
        # each value's beams on its first part; a value of several parts has none (music21 beams it whole)
        beams = tuple(values[n - 1] if e[8] is not None else ()
                      for n, e in zip(itertools.accumulate(e[8] is not None for e in sounding), sounding))
        beams += ((),) * (len(elements) - len(sounding))
        stems = _stems(elements, beams, clef[2])
        for i, (start, ql, pitches, velocity, staccato, tie_start, tie_stop, item, _) in enumerate(elements):
            duration = ql * DIVISIONS
            if not pitches and ql == bar and len(elements) == 1:  # a bar's rest: centred, with no value of its own
                xml.append(f'<note><rest measure="yes" /><duration>{duration}</duration></note>')
                continue
            (_, kind, dots), = _written(ql)
            if not pitches:
                hidden = ' print-object="no" print-spacing="yes"' if pitches is None else ""
                xml.append(f"<note{hidden}><rest /><duration>{duration}</duration><type>{kind}</type>"
                           f"{'<dot />' * dots}</note>")
                continue
            mark = min(dynamics, key=lambda k: abs(dynamics[k] - velocity))
            if mark not in _SOUND:
                return None
            if mark != last_mark and not tie_stop:
                xml.append(f'<direction><direction-type><dynamics default-x="-36" default-y="-80"><{mark} />'
                           f'</dynamics></direction-type><sound dynamics="{_SOUND[mark]}" /></direction>')
                last_mark = mark
            # a chord's notes in the order given (as music21 writes them); a note tied from the bar
            # before keeps its alteration but does not show its sign again
            for j, ((step, alter, octave), (written, shown)) in enumerate(zip(pitches, signs[item])):
                shown = shown and not tie_stop
                note = [f'<note dynamics="{_fmt(velocity / 0.9)}">', "<chord />" if j else "", "<pitch>",
                        f"<step>{step}</step>",
                        f"<alter>{alter}</alter>" if written else "",
                        f"<octave>{octave}</octave></pitch><duration>{duration}</duration>",
                        '<tie type="stop" />' if tie_stop else "", '<tie type="start" />' if tie_start else "",
                        f"<type>{kind}</type>", "<dot />" * dots,
                        f"<accidental>{_ACCIDENTAL[alter]}</accidental>" if shown else ""]
                if not j:  # music21 gives a chord's stem and beams to its first note only
                    note.append(f"<stem>{stems[i]}</stem>" if stems[i] else "")
                    note += [f'<beam number="{n}">{v}</beam>' for n, v in beams[i]]
                marks = []
                if tie_stop:
                    marks.append('<tied type="stop" />')
                if tie_start:
                    marks.append('<tied type="start" />')
                if staccato and not j:  # and its articulations
                    marks.append("<articulations><staccato /></articulations>")
                if marks:
                    note.append(f"<notations>{''.join(marks)}</notations>")
                note.append("</note>")
                xml.append("".join(note))
        if number == len(bars):
            xml.append('<barline location="right"><bar-style>light-heavy</bar-style></barline>')
        xml.append("</measure>")
        out.append("".join(xml))
    out.append("</part>")
    return "".join(out)


@lru_cache(maxsize=4)
def _clef(name: str) -> tuple[str, int, int, str]:
    """music21's clef ``name`` (treble, bass, treble 8va, bass 8vb): its sign, line, the diatonic
    number of the middle line its stems turn at (music21's lowest line + 4) and its octave change
    as MusicXML, read from music21's own clef."""
    from music21 import clef

    made = {"treble": clef.TrebleClef, "bass": clef.BassClef, "treble 8va": clef.Treble8vaClef,
            "bass 8vb": clef.Bass8vbClef}[name]()
    change = f"<clef-octave-change>{made.octaveChange}</clef-octave-change>" if made.octaveChange else ""
    return made.sign, made.line, made.lowestLine + 4, change


def _height(diatonic: int) -> int:
    return diatonic + 3 if diatonic > 33 else diatonic - 3 if diatonic < 24 else diatonic


@lru_cache(maxsize=32)
def _key_pitches(fifths: int) -> tuple:
    """The pitches the key signature alters (music21's, as its exporter uses them)."""
    from music21 import key

    return tuple(key.KeySignature(fifths).alteredPitches)


@lru_cache(maxsize=256)
def _accidentals(starts: tuple, fifths: int) -> tuple[tuple[tuple[bool, bool], ...], ...]:
    """For each note or chord of a staff, given as (bar index, spelled pitches) in order, and each
    of its pitches: whether music21 writes its ``<alter>`` and whether it shows its accidental
    (memoized: a panel engraves the same staff again and again).

    music21 decides this bar by bar before it ties notes over barlines (``makeAccidentals``): each
    pitch against the pitches before it in its bar, those of the bar before, the others of its
    chord and the key. The same rule is applied here to the same pitches in the same order."""
    from music21 import pitch

    in_key = list(_key_pitches(fifths))
    out = []
    past: list = []      # this bar's pitches so far
    before: list = []    # the bar before's pitches (none if it held no note or chord of its own)
    bar_now = starts[0][0] if starts else 0
    for index, spelled in starts:
        if index != bar_now:
            before, past, bar_now = (past if index == bar_now + 1 else []), [], index
        pitches = []
        for step, alter, octave in spelled:
            p = pitch.Pitch(step + ("#" * alter if alter > 0 else "-" * -alter))
            p.octave = octave
            pitches.append(p)
        for p in pitches:
            others = [o for o in pitches if o is not p] if len(pitches) > 1 else None
            p.updateAccidentalDisplay(pitchPast=past, pitchPastMeasure=before, otherSimultaneousPitches=others,
                                      alteredPitches=in_key)
        past += pitches
        out.append(tuple((p.accidental is not None,
                          p.accidental is not None and p.accidental.displayStatus is not False)
                         for p in pitches))
    return tuple(out)


def _stems(elements, beams, mid_line) -> list[str]:
    """music21's stem for each beamed group (first and last pitch against the middle line); none elsewhere."""
    stems = [""] * len(elements)
    group: list[int] = []
    for i, row in enumerate(beams):
        first = dict(row).get(1)
        if first == "begin":
            group = [i]
        elif first in ("continue", "end") and group:
            group.append(i)
        if first == "end" and group:
            pitches = [p for g in group for p in elements[g][2] or ()]
            if pitches:
                ends = [pitches[0], pitches[-1]] if len(pitches) > 1 else pitches
                total = sum(7 * octave + _STEPS.index(step) + 1 - mid_line for step, _, octave in ends)
                for g in group:
                    stems[g] = "down" if total >= 0 else "up"
            group = []
    return stems
