"""Mood as data: palettes (who plays, in which register, how) and mood presets (mode, tempo,
register, dynamics, harmony, palette), applied to any motif.

>>> from scoring import Motif
>>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", instrument="French Horn")
>>> in_mood(hero, "tragic").summary()
'Hero (tragic): melody (Cello), harmony (String Ensemble 1), bass (Contrabass) | C minor | 4/4 | 56 BPM | 5.4 s'

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from scoring.core.cue import Chord, Cue, Layer
from scoring.core.film import check_real
from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.harmony import STYLES, harmonize
from scoring.render.checks import show, whole

__all__ = ["Palette", "PALETTES", "Mood", "MOODS", "LIFT_CEILING", "apply_palette", "lift", "mix", "in_mood"]


@dataclass(frozen=True)
class Palette:
    """Who plays each layer, how (articulation) and where (octave shifts), plus an optional pulse.

    Lesson: lessons/01_mood.ipynb
    """

    name: str
    melody: str
    harmony: str
    bass: str
    pulse: str | None = None
    melody_octave: int = 0
    bass_octave: int = 0
    articulation: str = "legato"
    recalls: str = ""


PALETTES: dict[str, Palette] = {
    "warm orchestral": Palette(
        "warm orchestral", melody="French Horn", harmony="String Ensemble 1", bass="Contrabass",
        articulation="legato",
        recalls="the classic Hollywood orchestra: legato strings, horns, triads, the middle register"),
    "cold synthetic": Palette(
        "cold synthetic", melody="Lead 2 (sawtooth)", harmony="Pad 8 (sweep)", bass="Synth Bass 1",
        pulse="Synth Bass 2", melody_octave=1, bass_octave=-1, articulation="normal",
        recalls="the synth scores of Drive, Tron: Legacy and The Social Network: pads, saw leads, "
                "pulses, wide gaps between high and low"),
    "elegy": Palette(
        "elegy", melody="Cello", harmony="String Ensemble 1", bass="Contrabass", articulation="legato",
        recalls="a solo cello over slow strings: mourning, memory"),
    "chamber": Palette(
        "chamber", melody="Oboe", harmony="Acoustic Grand Piano", bass="Cello", articulation="normal",
        recalls="a small ensemble, intimate and exposed"),
    "noir": Palette(
        "noir", melody="Tenor Sax", harmony="Electric Piano 1", bass="Acoustic Bass", articulation="normal",
        recalls="crime jazz of the 1950s: a smoky solo line over soft keys and a walking bass"),
    "fairy tale": Palette(
        "fairy tale", melody="Celesta", harmony="String Ensemble 2", bass="Orchestral Harp", melody_octave=1,
        articulation="legato", recalls="music boxes, celesta and harp: childhood and magic"),
}


@dataclass(frozen=True)
class Mood:
    """A recipe for a mood: mode, tempo, octave shift, dynamic, harmony style and palette.

    Lesson: lessons/01_mood.ipynb
    """

    name: str
    mode: str
    tempo: float
    octave: int
    dynamics: str
    harmony: str
    palette: str
    feels: str = ""


MOODS: dict[str, Mood] = {
    "heroic": Mood("heroic", "major", 112, 0, "f", "diatonic", "warm orchestral", "confident, open, rising"),
    "tragic": Mood("tragic", "minor", 56, -1, "p", "diatonic", "elegy", "loss; slow, low and dark"),
    "wonder": Mood("wonder", "lydian", 76, 0, "mp", "mediant", "fairy tale", "awe; the raised fourth floats"),
    "menace": Mood("menace", "phrygian", 66, -1, "mf", "diatonic", "cold synthetic", "threat; the flat second leans in"),
    "noir": Mood("noir", "minor", 72, 0, "mp", "noir", "noir", "unease; a chord that never resolves"),
    "cold": Mood("cold", "aeolian", 96, 1, "mp", "diatonic", "cold synthetic", "detached, nocturnal, electronic"),
}


def _palette(name: str | Palette) -> Palette:
    if isinstance(name, Palette):
        return name
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in PALETTES:
        raise ScoringError(f"unknown palette {name!r}; choose one of: {', '.join(PALETTES)} (or a Palette)")
    return PALETTES[key]


def apply_palette(music: Motif | Cue, palette: str | Palette = "warm orchestral", *, harmony: str = "diatonic") -> Cue:
    """Orchestrate a motif (harmonised first) or a cue with a palette: instruments, register,
    articulation and, for synthetic palettes, a pulse of repeated eighth notes on the bass.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero")
    >>> cold = apply_palette(hero, "cold synthetic")
    >>> [(l.role, l.instrument) for l in cold.layers]
    [('melody', 'Lead 2 (sawtooth)'), ('harmony', 'Pad 8 (sweep)'), ('bass', 'Synth Bass 1'), ('pulse', 'Synth Bass 2')]

    Lesson: lessons/01_mood.ipynb
    """
    p = _palette(palette)
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"apply_palette() orchestrates a Motif or a Cue, not {type(music).__name__}; "
                           "build one with Motif.parse(\"4/4 c4 e g c'\") or harmonize(...)")
    cue = harmonize(music, harmony) if isinstance(music, Motif) else music
    layers = []
    for layer in cue.layers:
        if layer.role == "melody":
            top = max((q for c in layer.chords for q in c.pitches), default=None)
            layers.append(_shift(layer, 12 * lift(top, p.melody_octave)).with_(instrument=p.melody,
                                                                              articulation=p.articulation))
        elif layer.role == "harmony":
            layers.append(layer.with_(instrument=p.harmony, articulation="legato"))
        elif layer.role == "bass":
            layers.append(_shift(layer, 12 * p.bass_octave).with_(instrument=p.bass))
        elif layer.role != "pulse":
            layers.append(layer)
    if p.pulse:
        bass = next((l for l in layers if l.role == "bass"), None)
        if bass is not None:
            layers.append(_pulse(bass, p.pulse))
    notes = f"{cue.notes}; {p.name} palette" if cue.notes else f"{p.name} palette"
    return replace(cue, layers=tuple(layers), notes=notes)


#: The highest note (MIDI) a palette or genre lifts a melody to: G7. The violin's written top is
#: about A7, the highest of the usual orchestral melody ranges (as in each instrument's Wikipedia
#: article), but the course's sound font (FluidR3) has no violin sample above G7: an A7 is silent.
#: A melody that an octave up would pass it is lifted fewer octaves, or not at all.
LIFT_CEILING = 103


def lift(top: int | None, octaves: int) -> int:
    """How many of ``octaves`` octaves up a melody whose highest note is ``top`` can go and stay at
    or below :data:`LIFT_CEILING` (octaves down are all kept).

    Examples
    --------
    >>> lift(72, 2), lift(84, 2), lift(96, 2), lift(100, 1), lift(100, -1)
    (2, 1, 0, 0, -1)

    Lesson: lessons/01_mood.ipynb
    """
    octaves = whole(octaves, "octaves", "give a whole number of octaves, like 1 or -1", lo=-10, hi=10)
    if top is None or octaves <= 0:
        return octaves
    top = whole(top, "top", "give the melody's highest note as a MIDI number, like 84", lo=0, hi=127)
    return max(0, min(octaves, (LIFT_CEILING - top) // 12))


def _shift(layer: Layer, semitones: int) -> Layer:
    if not semitones:
        return layer
    chords = []
    for c in layer.chords:
        moved = tuple(q + semitones for q in c.pitches)
        if any(not 0 <= q <= 127 for q in moved):
            raise ScoringError(f"moving the {layer.role} by {semitones} semitones leaves MIDI 0-127; try a smaller shift")
        chords.append(Chord(moved, c.duration, c.velocity))
    return layer.with_(chords=tuple(chords))


def _pulse(bass: Layer, instrument: str) -> Layer:
    """Repeated eighth notes on the bass notes, an octave up: the engine of a synth cue."""
    chords = []
    for c in bass.chords:
        eighths, rest = divmod(c.duration, Fraction(1, 2))
        for _ in range(int(eighths)):
            chords.append(Chord(tuple(q + 12 for q in c.pitches), Fraction(1, 2), max(1, c.velocity - 8)))
        if rest:
            chords.append(Chord((), rest, c.velocity))
    return Layer("pulse", tuple(chords), instrument, "staccato")


def mix(motif: Motif, *, mode: str | None = None, tempo: float | None = None, octave: int = 0,
        dynamics: str | int | None = None, harmony: str | None = "diatonic",
        palette: str | Palette | None = None, name: str | None = None) -> Cue:
    """The mood mixer: change only mode, tempo, register, dynamics, harmony and palette.

    ``harmony=None`` leaves the melody alone; ``palette=None`` keeps the motif's instrument.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero", instrument="French Horn")
    >>> mix(hero, mode="phrygian", tempo=66, octave=-1, harmony=None).melody().pitches
    ['C3', 'Eb3', 'G3', 'C4']

    Lesson: lessons/01_mood.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"mix() takes a Motif, not {type(motif).__name__}; build one with "
                           "Motif.parse(\"4/4 c4 e g c'\") (for a cue, mix its tune: cue.melody())")
    if mode is not None and not isinstance(mode, str):
        raise ScoringError(f"mode={mode!r}: give a mode name like 'minor' or 'dorian', or None to keep the motif's")
    if tempo is not None:
        tempo = check_real(tempo, "tempo", "give beats per minute like 72, or None to keep the motif's tempo")
    octave = _whole(octave, "octave", "give a whole number of octaves like -1 or 1 (0 keeps the register)")
    if isinstance(dynamics, np.integer):
        dynamics = int(dynamics)
    if isinstance(harmony, str):
        harmony = harmony.strip().lower()
    if harmony is not None and (not isinstance(harmony, str) or harmony not in STYLES):
        raise ScoringError(f"unknown harmony {show(harmony)}; choose {', '.join(STYLES)} or None")
    if name is not None and not isinstance(name, str):
        raise ScoringError(f"name={name!r}: give the cue's name as text, or None to keep the motif's")
    chosen = None if palette is None else _palette(palette)
    m = motif
    if mode:
        m = m.to_mode(mode)
    if tempo is not None:
        m = m.with_tempo(tempo)
    if octave:
        m = m.octave(octave)
    if dynamics is not None:
        m = m.with_dynamics(dynamics)
    cue = harmonize(m, harmony) if harmony else Cue.from_motif(m)
    if chosen is not None:
        cue = apply_palette(cue, chosen)
    parts = [f"mode {mode}" if mode else "", f"{tempo:g} BPM" if tempo is not None else "",
             f"octave {octave:+d}" if octave else "", f"{dynamics}" if dynamics is not None else "",
             f"{harmony} harmony" if harmony else "no harmony", f"{chosen.name} palette" if chosen else ""]
    return replace(cue, name=name or m.name, notes=", ".join(p for p in parts if p))


def _whole(value: object, what: str, fix: str) -> int:
    """A whole number (NumPy integers and whole floats too) as an int; bools, NaN and text are refused."""
    x = check_real(value, what, fix)
    if not x.is_integer():
        raise ScoringError(f"{what}={value!r} is not a whole number; {fix}")
    return int(x)


def in_mood(motif: Motif, mood: str | Mood) -> Cue:
    """The motif in a preset mood: ``"heroic"``, ``"tragic"``, ``"wonder"``, ``"menace"``,
    ``"noir"`` or ``"cold"`` (see :data:`MOODS` for each recipe).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero")
    >>> in_mood(hero, "wonder").melody().pitches
    ['C5', 'E5', 'G5', 'C6']

    Lesson: lessons/01_mood.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"in_mood() takes a Motif, not {type(motif).__name__}; e.g. in_mood(hero, 'tragic')")
    if not isinstance(mood, Mood):
        key = mood.strip().lower() if isinstance(mood, str) else None
        if key not in MOODS:
            raise ScoringError(f"unknown mood {mood!r}; choose one of: {', '.join(MOODS)} (or a Mood)")
        mood = MOODS[key]
    cue = mix(motif, mode=mood.mode, tempo=mood.tempo, octave=mood.octave, dynamics=mood.dynamics,
              harmony=mood.harmony, palette=mood.palette, name=f"{motif.name} ({mood.name})")
    return replace(cue, notes=f"{mood.name}: {mood.mode}, {mood.tempo:g} BPM, octave {mood.octave:+d}, "
                              f"{mood.dynamics}, {mood.harmony} harmony, {mood.palette} palette")
