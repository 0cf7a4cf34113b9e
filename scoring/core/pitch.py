"""Note names, keys and modes, as a musician writes them.

Pitches are MIDI numbers inside the package (middle C, ``C4``, is 60) and English note names
outside it (``"Eb4"``, ``"F#3"``), spelled from the key so that C minor shows E flat, not D sharp.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import show, whole

__all__ = ["midi_number", "pitch_class", "normalise_mode", "parse_key", "key_name", "note_name", "scale_degree", "from_scale_degree", "MODES", "BRIGHTNESS"]

#: Scale steps in semitones above the tonic, brightest mode first (see :data:`BRIGHTNESS`).
MODES: dict[str, tuple[int, ...]] = {
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "ionian": (0, 2, 4, 5, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
MODES["major"] = MODES["ionian"]
MODES["minor"] = MODES["aeolian"]

#: The seven church modes from brightest to darkest (a teaching heuristic).
BRIGHTNESS: tuple[str, ...] = ("lydian", "ionian", "mixolydian", "dorian", "aeolian", "phrygian", "locrian")

_STEP_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_NOTE_RE = re.compile(r"^\s*([A-Ga-g])(#{1,2}|x|b{1,2}|-{1,2}|♯|♭)?(-?\d+)?\s*$")
_ACC = {None: 0, "#": 1, "##": 2, "x": 2, "♯": 1, "b": -1, "bb": -2, "-": -1, "--": -2, "♭": -1}
_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")


def _bad_name(text: object) -> ScoringError:
    return ScoringError(f"{show(text)} is not a note name; try 'B4' (English names), 'C#4' or 'Eb4'")


def midi_number(name: str | int, *, default_octave: int | None = None) -> int:
    """The MIDI number of a note name (``"C4"`` is 60, ``"Bb3"`` is 58).

    Accepts ``#``/``b``, music21's ``-`` for flat, and ``♯``/``♭``.

    Examples
    --------
    >>> midi_number("C4"), midi_number("Eb4"), midi_number("F#3"), midi_number(67)
    (60, 63, 54, 67)

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(name, bool):
        raise _bad_name(name)
    if isinstance(name, (int, np.integer)):
        if 0 <= name <= 127:
            return int(name)
        raise ScoringError(f"MIDI pitch {name} is outside 0-127; middle C is 60")
    if not isinstance(name, str):
        raise _bad_name(name)
    m = _NOTE_RE.match(name)
    if not m:
        raise _bad_name(name)
    step, acc, octave = m.groups()
    if octave is None:
        if default_octave is not None:
            default_octave = whole(default_octave, "default_octave", "give an octave -1 to 9, like 4", lo=-1, hi=9)
        if default_octave is None:
            raise ScoringError(f"{name!r} has no octave; write it like '{step.upper()}{acc or ''}4' (4 is middle C's octave)")
        octave = default_octave
    value = 12 * (int(octave) + 1) + _STEP_PC[step.upper()] + _ACC[acc]
    if not 0 <= value <= 127:
        raise ScoringError(f"{name!r} is outside the MIDI range 0-127 (C0 is 12, middle C is C4 = 60, G9 is 127)")
    return value


def pitch_class(name: str) -> int:
    """The pitch class (0-11, C = 0) of a note name with or without octave.

    Examples
    --------
    >>> pitch_class("Eb"), pitch_class("B")
    (3, 11)

    Lesson: lessons/00_first_motif.ipynb
    """
    return midi_number(name, default_octave=4) % 12


def normalise_mode(mode: str) -> str:
    """Lower-case mode name, checked against :data:`MODES`.

    Examples
    --------
    >>> normalise_mode("Dorian")
    'dorian'

    Lesson: lessons/01_mood.ipynb
    """
    m = mode.strip().lower() if isinstance(mode, str) else None
    if m not in MODES:
        raise ScoringError(f"unknown mode {show(mode)}; choose one of: major, minor, {', '.join(BRIGHTNESS)}")
    return m


def parse_key(key: str) -> tuple[int, str, str]:
    """Split a key like ``"C minor"`` or ``"D dorian"`` into (tonic pitch class, tonic name, mode).

    Examples
    --------
    >>> parse_key("Eb major"), parse_key("d dorian")
    ((3, 'Eb', 'major'), (2, 'D', 'dorian'))

    Lesson: lessons/00_first_motif.ipynb
    """
    parts = key.split() if isinstance(key, str) else []
    if len(parts) == 1 and parts[0]:
        parts.append("minor" if parts[0][0].islower() else "major")
    if len(parts) != 2:
        raise ScoringError(f"{show(key)} is not a key; write a tonic and a mode, like 'C major', 'A minor' or 'D dorian'")
    tonic, mode = parts
    m = _NOTE_RE.match(tonic)
    if not m or m.group(3) is not None:
        raise ScoringError(f"{show(tonic)} is not a key's tonic; write a note name without octave, like 'C', 'F#' or 'Bb'")
    pc = pitch_class(tonic)
    name = m.group(1).upper() + {1: "#", 2: "##", -1: "b", -2: "bb", 0: ""}[_ACC[m.group(2)]]
    return pc, name, normalise_mode(mode)


def key_name(tonic_pc: int, mode: str, *, prefer: str | None = None) -> str:
    """The usual name of a key from its tonic pitch class and mode (fewest accidentals); Ionian
    and Aeolian are named major and minor.

    Examples
    --------
    >>> key_name(3, "major"), key_name(6, "minor"), key_name(9, "aeolian")
    ('Eb major', 'F# minor', 'A minor')

    Lesson: lessons/00_first_motif.ipynb
    """
    tonic_pc = whole(tonic_pc, "tonic_pc", "give the tonic's pitch class 0-11 (C is 0), like 3 for Eb")
    if prefer is not None and not isinstance(prefer, str):
        raise ScoringError(f"prefer={show(prefer)} should be a tonic's spelling like 'Gb', or None")
    mode = {"ionian": "major", "aeolian": "minor"}.get(normalise_mode(mode), normalise_mode(mode))
    best = None
    for cand in {_SHARP_NAMES[tonic_pc % 12], _FLAT_NAMES[tonic_pc % 12]}:
        n = abs(_sharps(cand, mode))
        if prefer == cand:
            n -= 0.5
        if best is None or n < best[0] or (n == best[0] and cand < best[1]):
            best = (n, cand)
    return f"{best[1]} {mode}"


@lru_cache(maxsize=512)
def _sharps(tonic: str, mode: str) -> int:
    from music21 import key as m21key

    return m21key.Key(tonic.replace("b", "-") if len(tonic) > 1 else tonic, mode).sharps


@lru_cache(maxsize=512)
def _spelling(key: str) -> tuple[str, ...]:
    """Pitch-class → name table for a key: scale notes as the key spells them, others by its side."""
    from music21 import key as m21key

    pc, tonic, mode = parse_key(key)
    k = m21key.Key(tonic.replace("b", "-") if len(tonic) > 1 else tonic, mode)
    table = list(_FLAT_NAMES if k.sharps < 0 else _SHARP_NAMES)
    # Notes outside the scale as chromatic harmony spells them: b2, b3, #4, b6, b7 of the tonic.
    minorish = MODES[mode][2] == 3
    for interval in ("m2", "A4", "m6", "M6", "M7") if minorish else ("m2", "m3", "A4", "m6", "m7"):
        p = k.tonic.transpose(interval)
        if abs(p.alter) <= 1 and (interval == "M7" or p.name not in ("B#", "E#", "C-", "F-")):
            table[p.pitchClass] = p.name.replace("-", "b")
    for p in k.getPitches()[:7]:
        table[p.pitchClass] = p.name.replace("-", "b")
    return tuple(table)


def note_name(midi: int, key: str = "C major") -> str:
    """The name of a MIDI pitch, spelled as the key would (``63`` is ``"Eb4"`` in C minor).

    Examples
    --------
    >>> note_name(63, "C minor"), note_name(63, "E major"), note_name(60)
    ('Eb4', 'D#4', 'C4')

    Lesson: lessons/00_first_motif.ipynb
    """
    midi = whole(midi, "midi", "give a MIDI pitch 0-127, like 60 (middle C)", lo=0, hi=127)
    if not isinstance(key, str):
        raise ScoringError(f"key={show(key)} is not a key; write a tonic and a mode, like 'C minor'")
    name = _spelling(key)[midi % 12]
    octave = midi // 12 - 1
    # B# and Cb belong to the neighbouring octave's C.
    if name.startswith("B#"):
        octave -= 1
    elif name.startswith("Cb"):
        octave += 1
    return f"{name}{octave}"


def scale_degree(midi: int, tonic_pc: int, mode: str) -> tuple[int, int, int]:
    """(octave, degree 0-6, chromatic alteration) of a pitch in a mode.

    A pitch outside the scale is taken as the degree below it raised by its distance.

    Examples
    --------
    >>> scale_degree(64, 0, "major")  # E4 is degree 2 (the third) in C
    (5, 2, 0)

    Lesson: lessons/01_mood.ipynb
    """
    steps = MODES[normalise_mode(mode)]
    midi = whole(midi, "midi", "give a MIDI pitch, like 64")
    tonic_pc = whole(tonic_pc, "tonic_pc", "give the tonic's pitch class 0-11 (C is 0)")
    rel = midi - tonic_pc
    octave, within = divmod(rel, 12)
    degree = max(i for i, s in enumerate(steps) if s <= within)
    return octave, degree, within - steps[degree]


def from_scale_degree(octave: int, degree: int, alteration: int, tonic_pc: int, mode: str) -> int:
    """Inverse of :func:`scale_degree`; degrees beyond 0-6 wrap into other octaves.

    Examples
    --------
    >>> from_scale_degree(5, 2, 0, 0, "minor")  # the third of C minor in octave 4 is Eb4
    63

    Lesson: lessons/01_mood.ipynb
    """
    steps = MODES[normalise_mode(mode)]
    octave, degree, alteration, tonic_pc = (
        whole(v, name, "give a whole number, like " + like) for v, name, like in
        ((octave, "octave", "5"), (degree, "degree", "2 (the third)"), (alteration, "alteration", "0 or -1"),
         (tonic_pc, "tonic_pc", "0 (C)")))
    extra, degree = divmod(degree, 7)
    return tonic_pc + 12 * (octave + extra) + steps[degree] + alteration
