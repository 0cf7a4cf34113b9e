"""General MIDI instruments by the names a musician uses.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import numpy as np

from scoring.errors import ScoringError
from scoring.render.analog import Patch
from scoring.render.checks import show

__all__ = ["program_for", "instrument_name", "instrument_value", "GM_NAMES", "GM_SYNTHS", "ALIASES"]

#: The 128 General MIDI melodic programs, in program order (0-127).
GM_NAMES: tuple[str, ...] = (
    "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
    "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
    "Celesta", "Glockenspiel", "Music Box", "Vibraphone",
    "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
    "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
    "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
    "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)",
    "Electric Guitar (clean)", "Electric Guitar (muted)", "Overdriven Guitar",
    "Distortion Guitar", "Guitar Harmonics",
    "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
    "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
    "Violin", "Viola", "Cello", "Contrabass",
    "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
    "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
    "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
    "Trumpet", "Trombone", "Tuba", "Muted Trumpet",
    "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
    "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax",
    "Oboe", "English Horn", "Bassoon", "Clarinet",
    "Piccolo", "Flute", "Recorder", "Pan Flute",
    "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
    "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
    "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
    "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
    "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
    "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
    "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
    "Sitar", "Banjo", "Shamisen", "Koto",
    "Kalimba", "Bagpipe", "Fiddle", "Shanai",
    "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock",
    "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
    "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet",
    "Telephone Ring", "Helicopter", "Applause", "Gunshot",
)

#: General MIDI's synthesised sounds (programs from 0): the synth leads, pads and effects (80-103),
#: synth bass (38, 39), synth strings (50, 51) and synth brass (62, 63).
GM_SYNTHS: frozenset[int] = frozenset(range(80, 104)) | {38, 39, 50, 51, 62, 63}

#: Everyday names for the same programs.
ALIASES: dict[str, int] = {
    "piano": 0, "grand piano": 0, "horn": 60, "strings": 48, "string ensemble": 48,
    "string section": 48, "tremolo": 44, "pizzicato": 45, "harp": 46, "double bass": 43,
    "bass": 32, "guitar": 24, "organ": 19, "choir": 52, "voice": 53, "brass": 61,
    "sax": 65, "saxophone": 65, "cor anglais": 69, "english horn": 69, "synth pad": 89,
    "warm pad": 89, "pad": 89, "saw lead": 81, "sawtooth": 81, "square lead": 80,
    "synth bass": 38, "synth strings": 50, "glock": 9, "bells": 14, "vibes": 11,
}

_BY_NAME = {name.lower(): i for i, name in enumerate(GM_NAMES)}
_BY_SIMPLE = {" ".join(name.lower().replace("-", " ").split()): i for i, name in enumerate(GM_NAMES)}


def _simplify(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def program_for(instrument: str | int) -> int:
    """The General MIDI program (0-127) of an instrument name or number.

    Names are case-insensitive and include everyday aliases ("strings", "horn", "synth pad").

    Examples
    --------
    >>> program_for("French Horn"), program_for("cello"), program_for(40)
    (60, 42, 40)

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(instrument, Patch):
        return instrument.program        # the program that stands in for the patch in MIDI files
    if isinstance(instrument, (bool, np.bool_)):
        raise ScoringError(f"{instrument!r} is not an instrument; give a General MIDI name like 'Cello' or a program 0-127")
    if isinstance(instrument, (int, np.integer)):
        if 0 <= instrument <= 127:
            return int(instrument)
        raise ScoringError(f"instrument program {instrument} is outside General MIDI's 0-127; try 0 (piano) or 48 (strings)")
    if not isinstance(instrument, str):
        raise ScoringError(f"{show(instrument)} is not an instrument; give a General MIDI name like 'Cello' or a program 0-127")
    key = instrument.strip().lower()
    simple = _simplify(key)
    for table in (_BY_NAME, _BY_SIMPLE, ALIASES):
        if key in table:
            return table[key]
        if simple in table:
            return table[simple]
    close = [n for n in GM_NAMES if simple and simple.split()[0] in n.lower()][:3]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else \
        "; see scoring.core.instruments.GM_NAMES for the 128 names"
    raise ScoringError(f"unknown instrument {show(instrument)}{hint}")


def instrument_name(instrument: str | int) -> str:
    """The General MIDI name of an instrument name, alias or program.

    Examples
    --------
    >>> instrument_name("horn"), instrument_name(42)
    ('French Horn', 'Cello')

    Lesson: lessons/00_first_motif.ipynb
    """
    return GM_NAMES[program_for(instrument)]


def instrument_value(instrument: str | int | Patch) -> str | Patch:
    """What a motif or layer keeps as its instrument: the General MIDI name of a name, alias or
    program, or a synth :class:`~scoring.render.analog.Patch` as it is (it plays on the analog voice;
    its name is the instrument's name in summaries and scores).

    Examples
    --------
    >>> instrument_value("horn"), str(instrument_value(Patch("glass")))
    ('French Horn', 'glass')

    Lesson: lessons/09_electronic.ipynb
    """
    return instrument if isinstance(instrument, Patch) else instrument_name(instrument)
