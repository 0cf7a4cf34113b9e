"""Note names, keys, modes (scoring.core.pitch) and General MIDI instruments (scoring.core.instruments)."""
from __future__ import annotations

import pytest

from scoring import BRIGHTNESS, MODES, ScoringError
from scoring.core import pitch as P
from scoring.core.instruments import ALIASES, GM_NAMES, instrument_name, program_for
from support import SCALE_STEPS


@pytest.mark.parametrize("name, number", [
    ("C4", 60), ("A4", 69), ("C#-1", 1), ("G9", 127), ("Bb3", 58), ("B-3", 58), ("F#3", 54), ("Eb4", 63),
    ("E#4", 65), ("Fb4", 64), ("B#3", 60), ("Cb4", 59), ("C##4", 62), ("Cx4", 62), ("Dbb4", 60),
    ("c4", 60), (" D5 ", 74), ("F♯4", 66), ("B♭4", 70),
])
def test_midi_number(name, number):
    """Middle C is 60 and A440 is 69; accidentals move by semitones, even across B/C."""
    assert P.midi_number(name) == number


def test_midi_number_passes_numbers_and_default_octave():
    assert P.midi_number(67) == 67
    assert P.midi_number("G", default_octave=3) == 55


def test_pitch_class():
    assert [P.pitch_class(n) for n in ("C", "Eb", "B", "F#", "Cb", "B#")] == [0, 3, 11, 6, 11, 0]


def test_modes_table():
    """Every mode is a 7-note scale from the tonic; major is Ionian and minor Aeolian."""
    for name in list(BRIGHTNESS) + ["major", "minor"]:
        assert MODES[name] == SCALE_STEPS[name]
    assert MODES["major"] == MODES["ionian"] and MODES["minor"] == MODES["aeolian"]
    assert BRIGHTNESS[0] == "lydian" and BRIGHTNESS[-1] == "locrian" and len(BRIGHTNESS) == 7


def test_normalise_mode():
    assert P.normalise_mode(" Dorian ") == "dorian"
    with pytest.raises(ScoringError, match="choose one of"):
        P.normalise_mode("blues")


def test_parse_key():
    """Tonic pitch class, tonic name and mode; a lone tonic's case gives the mode."""
    assert P.parse_key("Eb major") == (3, "Eb", "major")
    assert P.parse_key("d dorian") == (2, "D", "dorian")
    assert P.parse_key("f#") == (6, "F#", "minor")
    assert P.parse_key("B-") == (10, "Bb", "major")


@pytest.mark.parametrize("pc, mode, name", [
    (0, "major", "C major"), (7, "major", "G major"), (5, "major", "F major"), (3, "major", "Eb major"),
    (1, "major", "Db major"), (6, "minor", "F# minor"), (10, "minor", "Bb minor"), (8, "minor", "G# minor"),
    (2, "dorian", "D dorian"), (3, "dorian", "Eb dorian"),
])
def test_key_name_fewest_accidentals(pc, mode, name):
    """The usual name is the spelling with fewer accidentals (Db major: 5 flats, not C#'s 7 sharps)."""
    assert P.key_name(pc, mode) == name


def test_key_name_prefers_the_given_spelling_on_a_tie():
    """F# major and Gb major both have six accidentals: the preferred spelling wins."""
    assert P.key_name(6, "major", prefer="Gb") == "Gb major"
    assert P.key_name(6, "major", prefer="F#") == "F# major"


@pytest.mark.parametrize("midi, key, name", [
    (63, "C minor", "Eb4"), (63, "E major", "D#4"), (60, "C major", "C4"), (66, "D major", "F#4"),
    (66, "Db major", "Gb4"), (70, "F major", "Bb4"), (59, "Gb major", "Cb4"), (60, "C# major", "B#3"),
    (65, "C# major", "E#4"),
])
def test_note_name_spells_from_the_key(midi, key, name):
    """Scale notes are spelled as the key writes them; Cb4 is MIDI 59 and B#3 is MIDI 60."""
    assert P.note_name(midi, key) == name
    assert P.midi_number(name) == midi


@pytest.mark.parametrize("midi, key, name", [
    (61, "C major", "Db4"), (63, "C major", "Eb4"), (66, "C major", "F#4"), (68, "C major", "Ab4"),
    (70, "C major", "Bb4"), (61, "C minor", "Db4"), (66, "C minor", "F#4"), (69, "C minor", "A4"),
    (71, "C minor", "B4"), (68, "G major", "Ab4"), (73, "G major", "C#5"),
])
def test_chromatic_notes_spelled_as_chromatic_harmony(midi, key, name):
    """Notes outside the scale take their usual chromatic names: b2, b3, #4, b6, b7 in major;
    the raised 6th and 7th (melodic minor) in minor."""
    assert P.note_name(midi, key) == name


def test_a_dash_is_music21s_flat_not_a_negative_octave():
    """As in music21 and tinyNotation, '-' is a flat: 'C-1' is C flat 1 (one below C1 = 24), and the
    range message names the ends by MIDI numbers, not by an ambiguous 'C-1'."""
    assert P.midi_number("C-1") == 23 == P.midi_number("Cb1")
    with pytest.raises(ScoringError, match="0-127") as err:
        P.midi_number("C10")
    assert "C-1" not in str(err.value)


def test_scale_degree_and_back():
    """E4 is the third (degree 2) of C major; Eb4 is the third of C minor; F#4 is F raised."""
    assert P.scale_degree(64, 0, "major") == (5, 2, 0)
    assert P.scale_degree(63, 0, "minor") == (5, 2, 0)
    assert P.scale_degree(66, 0, "major") == (5, 3, 1)
    assert P.from_scale_degree(5, 2, 0, 0, "minor") == 63
    assert P.from_scale_degree(5, 7, 0, 0, "major") == 72  # degree 7 wraps to the next octave's tonic
    assert P.from_scale_degree(5, -1, 0, 0, "major") == 59  # degree -1 is the B below
    for p in range(36, 97):
        o, d, alt = P.scale_degree(p, 2, "dorian")
        assert P.from_scale_degree(o, d, alt, 2, "dorian") == p


# ---------------------------------------------------------------- instruments
def test_gm_names():
    """General MIDI has 128 melodic programs: piano first, gunshot last, Flute at 73 (from zero)."""
    assert len(GM_NAMES) == 128 and len(set(GM_NAMES)) == 128
    assert GM_NAMES[0] == "Acoustic Grand Piano" and GM_NAMES[127] == "Gunshot"
    assert GM_NAMES[73] == "Flute" and GM_NAMES[56] == "Trumpet" and GM_NAMES[42] == "Cello"


def test_program_for_names_aliases_numbers():
    assert program_for("French Horn") == 60 and program_for("french horn") == 60
    assert program_for("cello") == 42 and program_for(40) == 40
    assert program_for("Strings") == 48 and program_for("cor anglais") == 69
    assert all(0 <= p <= 127 for p in ALIASES.values())
    for i, name in enumerate(GM_NAMES):
        assert program_for(name) == i and instrument_name(i) == name


def test_instrument_name():
    assert instrument_name("horn") == "French Horn"
    assert instrument_name(42) == "Cello"


def test_unknown_instrument_suggests_close_names():
    """A misspelt instrument names the General MIDI names that share its first word."""
    with pytest.raises(ScoringError, match="did you mean 'Electric Grand Piano'"):
        program_for("electric harpsichord")
    with pytest.raises(ScoringError, match="GM_NAMES"):
        program_for("Kazoo")
