"""Bad input: always a ScoringError (a ValueError) whose message says what is wrong and, where
there is one, the fix; never a KeyError, AttributeError, OverflowError or a music21 exception."""
from __future__ import annotations

from dataclasses import replace
import os
from fractions import Fraction

import pytest

from scoring import Motif, Note, ScoringError
from scoring.core.notes import MAX_NOTES


@pytest.fixture
def high() -> Motif:
    """A motif near the top of the piano: C7 E7 G7."""
    return Motif.from_notes(["C7", "E7", "G7"], key="C major")


def test_scoring_error_is_a_value_error():
    assert issubclass(ScoringError, ValueError)
    with pytest.raises(ValueError):
        Motif.from_notes(["H4"])


# ---------------------------------------------------------------- notes and names
@pytest.mark.parametrize("bad, match", [
    ("H4", r"'H4' is not a note name; try 'B4'"),
    ("C", r"'C' has no octave; write it like 'C4'"),
    ("C10", r"outside the MIDI range"),
    (200, r"MIDI pitch 200 is outside 0-127; middle C is 60"),
    (-1, r"outside 0-127"),
    (60.0, r"not a note name"),
    (True, r"not a note name"),
    ("", r"not a note name"),
])
def test_bad_note_names(bad, match):
    with pytest.raises(ScoringError, match=match):
        Motif.from_notes([bad])


@pytest.mark.parametrize("text", ["c4 h4", "4/4 c4 xyz e4"])
def test_parse_refuses_unknown_note_names(text):
    """An unreadable note in tinyNotation is an error, not a silently shorter motif."""
    with pytest.raises(ScoringError, match="tinyNotation"):
        Motif.parse(text)


@pytest.mark.parametrize("text, match", [
    ("", r"tinyNotation text is empty; write notes like"),
    ("   ", r"tinyNotation text is empty"),
    (None, r"tinyNotation text is empty"),
    ("4/4", r"no notes"),
    ("r4 r2", r"rests only has nothing to hear; add at least one note"),
    ("c16 " * (MAX_NOTES + 1), r"more than a motif may hold \(1000\); split it"),
    ("c4 " * (7 * MAX_NOTES), r"longer than 20000 characters; split it"),
])
def test_parse_bad_text(text, match):
    with pytest.raises(ScoringError, match=match):
        Motif.parse(text)


# ---------------------------------------------------------------- empty and absurd motifs
def test_empty_motifs():
    with pytest.raises(ScoringError, match=r"needs at least one note; e\.g\. Motif\.from_notes"):
        Motif.from_notes([])
    with pytest.raises(ScoringError, match="needs at least one note"):
        Motif(())
    with pytest.raises(ScoringError, match="rests only"):
        Motif.from_notes([None, "r", "rest"])


def test_too_many_notes():
    """Over MAX_NOTES notes is refused, however the motif is made."""
    with pytest.raises(ScoringError, match="split it into several motifs"):
        Motif.from_notes(["C4"] * (MAX_NOTES + 1), durations=0.25, key="C major")
    with pytest.raises(ScoringError, match="split it into several motifs"):
        Motif(tuple(Note(60, Fraction(1, 4)) for _ in range(MAX_NOTES + 1)))
    half = Motif.from_notes(["C4"] * 600, durations=0.25, key="C major")
    with pytest.raises(ScoringError, match="more than a motif may hold"):
        half + half
    with pytest.raises(ScoringError, match="1000-note limit"):
        half.sequence([0, 1])
    assert len(Motif.from_notes(["C4"] * MAX_NOTES, durations=0.25, key="C major")) == MAX_NOTES


def test_too_long_in_seconds():
    with pytest.raises(ScoringError, match=r"over the 600 s limit; shorten it or raise the tempo"):
        Motif.from_notes(["C4"] * 20, durations=64, tempo=20, key="C major")


def test_notes_must_be_notes():
    with pytest.raises(ScoringError, match=r"build it with Motif\.from_notes"):
        Motif((60, 62))


# ---------------------------------------------------------------- durations and velocities
@pytest.mark.parametrize("bad, match", [
    (0, r"must be positive \(1 = a quarter note\); use a rest for silence"),
    (-1, r"must be positive"),
    (-0.5, r"must be positive"),
    ("abc", r"not a number of quarter notes; use 1 for a crotchet"),
    (None, r"not a number of quarter notes"),
    (float("nan"), r"not a number of quarter notes"),
    (0.01, r"shorter than a 64th note"),
    (100, r"longer than 64 quarter notes; split it into tied notes"),
    (True, r"not a number of quarter notes"),
])
def test_bad_durations(bad, match):
    with pytest.raises(ScoringError, match=match):
        Motif.from_notes(["C4"], durations=[bad])
    with pytest.raises(ScoringError, match=match):
        Note(60, bad)


def test_infinite_duration():
    with pytest.raises(ScoringError, match="quarter notes"):
        Motif.from_notes(["C4"], durations=float("inf"))


def test_mismatched_lengths():
    with pytest.raises(ScoringError, match="2 notes but 3 durations; give one duration per note"):
        Motif.from_notes(["C4", "D4"], durations=[1, 2, 3])
    with pytest.raises(ScoringError, match="2 notes but 1 velocities; give one velocity per note"):
        Motif.from_notes(["C4", "D4"], velocities=[80])


@pytest.mark.parametrize("bad, match", [
    ("loud", r"unknown dynamic 'loud'; use one of ppp, pp"),
    (0, r"not a velocity 1-127"),
    (128, r"not a velocity 1-127"),
    (float("nan"), r"not a velocity 1-127"),
    (True, r"not a velocity"),
])
def test_bad_dynamics(hero, bad, match):
    with pytest.raises(ScoringError, match=match):
        hero.with_dynamics(bad)


def test_bad_note_velocity():
    with pytest.raises(ScoringError, match="whole number 1-127"):
        Note(60, 1, 0)
    with pytest.raises(ScoringError, match="whole number 1-127"):
        Note(60, 1, 64.5)


def test_bad_pitch_in_a_note():
    with pytest.raises(ScoringError, match=r"outside MIDI 0-127; .*\.octave\(-1\)"):
        Note(128, 1)


# ---------------------------------------------------------------- transforms out of range
def test_octave_up_of_a_high_motif(high):
    """Six octaves above C7 (MIDI 96) is MIDI 168, far beyond 127: the message says which note and how to fix it."""
    with pytest.raises(ScoringError, match=r"takes C7 to MIDI 168, outside 0-127; .*\.octave\(-1\)"):
        high.octave(6)


def test_out_of_range_transforms(hero, high):
    with pytest.raises(ScoringError, match="outside 0-127"):
        hero.octave(-6)
    with pytest.raises(ScoringError, match="outside 0-127"):
        hero.transpose(100)
    with pytest.raises(ScoringError, match="outside 0-127"):
        high.invert(0)
    with pytest.raises(ScoringError, match="outside 0-127"):
        high.invert(0, diatonic=True)
    with pytest.raises(ScoringError, match="outside 0-127"):
        high.sequence([0, 30])
    with pytest.raises(ScoringError, match="use a smaller factor"):
        high.expand_intervals(8)
    with pytest.raises(ScoringError, match="outside 0-127"):
        Motif.from_notes([127], key="C major").to_mode("lydian").transpose(1)


@pytest.mark.parametrize("call, match", [
    (lambda m: m.transpose("X9"), r"not an interval; use semitones \(7\) or a name \('P5'"),
    (lambda m: m.transpose(2.5), r"not an interval"),
    (lambda m: m.transpose(None), r"not an interval"),
    (lambda m: m.transpose(True), r"not an interval"),
    (lambda m: m.octave(1.5), r"give a whole number of octaves"),
    (lambda m: m.invert("H4"), r"not a note name"),
    (lambda m: m.retrograde_inversion("Q"), r"not a note name"),
    (lambda m: m.augment(0), r"must be positive; use 2 to double"),
    (lambda m: m.augment(-2), r"must be positive"),
    (lambda m: m.augment("x"), r"not a number; try 2"),
    (lambda m: m.augment(float("nan")), r"not a number"),
    (lambda m: m.augment(0.3333333), r"not a simple ratio; use one like 2, 1.5 or 4/3"),
    (lambda m: m.augment(1000), r"longer than 64 quarter notes"),
    (lambda m: m.diminish(1000), r"shorter than a 64th note"),
    (lambda m: m.diminish(0), r"must be positive"),
    (lambda m: m.fragment(2, 2), r"keeps no notes; positions run 0\.\.4"),
    (lambda m: m.fragment(10, 20), r"keeps no notes"),
    (lambda m: m.with_notes(m.notes[:0] + (replace(m.notes[0], pitch=None),) + m.notes[1:]).fragment(0, 1),
     r"keeps only rests; positions count rests too, and the motif's first note sounds at position 1"),
    (lambda m: m.fragment(0.5), r"whole numbers"),
    (lambda m: m.sequence(3), r"needs a list of levels, like \[0, 1, 2\]"),
    (lambda m: m.sequence([]), r"needs a list of levels"),
    (lambda m: m.sequence([0, 1.5]), r"not a whole number of steps"),
    (lambda m: m.expand_intervals(100), r"between -8 and 8"),
    (lambda m: m.expand_intervals("2"), r"between -8 and 8"),
    (lambda m: m.expand_intervals(float("nan")), r"between -8 and 8"),
])
def test_bad_transform_arguments(hero, call, match):
    with pytest.raises(ScoringError, match=match):
        call(hero)


def test_infinite_augmentation(hero):
    with pytest.raises(ScoringError):
        hero.augment(float("inf"))


# ---------------------------------------------------------------- instruments, modes, keys, tempo, metre
@pytest.mark.parametrize("bad, match", [
    ("Kazoo", r"unknown instrument 'Kazoo'; see scoring\.core\.instruments\.GM_NAMES"),
    ("acoustic pianoforte", r"did you mean 'Acoustic Grand Piano'"),
    (200, r"outside General MIDI's 0-127; try 0 \(piano\)"),
    (None, r"not an instrument; give a General MIDI name like 'Cello'"),
    (True, r"not an instrument"),
])
def test_unknown_instruments(hero, bad, match):
    with pytest.raises(ScoringError, match=match):
        hero.with_instrument(bad)
    with pytest.raises(ScoringError, match=match):
        Motif.from_notes(["C4"], instrument=bad, key="C major")


@pytest.mark.parametrize("bad", ["blues", "", None, "major minor"])
def test_unknown_modes(hero, bad):
    with pytest.raises(ScoringError, match=r"unknown mode .*; choose one of: major, minor, lydian"):
        hero.to_mode(bad)


@pytest.mark.parametrize("bad, match", [
    ("H major", r"'H' is not a key's tonic; write a note name without octave"),
    ("C4 major", r"without octave"),
    ("C bluesy", r"unknown mode 'bluesy'"),
    ("", r"is not a key; write a tonic and a mode, like 'C major'"),
    ("C major minor", r"is not a key"),
])
def test_bad_keys(bad, match):
    with pytest.raises(ScoringError, match=match):
        Motif.from_notes(["C4"], key=bad)


@pytest.mark.parametrize("bpm", [0, 10, 19.9, 400.1, 500, -5, float("nan"), float("inf")])
def test_tempo_outside_20_to_400(hero, bpm):
    with pytest.raises(ScoringError, match=r"outside 20-400; film cues sit roughly between 40|"
                                           r"not a number of beats per minute; try 96"):
        hero.with_tempo(bpm)


@pytest.mark.parametrize("bpm", ["fast", None, True])
def test_tempo_not_a_number(hero, bpm):
    with pytest.raises(ScoringError, match=r"not a number of beats per minute; try 96"):
        hero.with_tempo(bpm)


def test_tempo_limits_are_inclusive(hero):
    assert hero.with_tempo(20).tempo == 20.0 and hero.with_tempo(400).tempo == 400.0


@pytest.mark.parametrize("ts", ["4/5", "4", "x/4", "0/4", "33/4"])
def test_bad_time_signatures(ts):
    with pytest.raises(ScoringError, match="'4/4', '3/4' or '6/8'|more than 32 beats"):
        Motif.from_notes(["C4"], key="C major", time_signature=ts)


# ---------------------------------------------------------------- files
def test_export_to_a_missing_folder(tmp_path, hero):
    for method, name in [(hero.to_midi, "x.mid"), (hero.to_musicxml, "x.musicxml"), (hero.to_wav, "x.wav")]:
        with pytest.raises(ScoringError, match="does not exist; create it first or write beside the notebook"):
            method(tmp_path / "no such folder" / name)


@pytest.mark.parametrize("method, name, match", [
    ("to_midi", "hero.mp3", r"should end in \.mid or \.midi; e\.g\. 'hero\.mid'"),
    ("to_midi", "hero", r"should end in \.mid"),
    ("to_musicxml", "hero.mid", r"should end in \.musicxml or \.xml"),
    ("to_wav", "hero.mp3", r"should end in \.wav"),
])
def test_export_with_the_wrong_suffix(tmp_path, hero, method, name, match):
    with pytest.raises(ScoringError, match=match):
        getattr(hero, method)(tmp_path / name)
    assert not (tmp_path / name).exists()


def test_export_onto_a_folder_or_a_non_path(tmp_path, hero):
    (tmp_path / "dir.mid").mkdir()
    with pytest.raises(ScoringError, match="is a folder; give a file name inside it"):
        hero.to_midi(tmp_path / "dir.mid")
    with pytest.raises(ScoringError, match="not a file path; give a name like 'hero.mid'"):
        hero.to_midi(None)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_export_without_permission(tmp_path, hero):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ScoringError, match="no permission; choose a folder you own"):
            hero.to_midi(locked / "x.mid")
    finally:
        locked.chmod(0o700)


def test_reading_missing_or_broken_files(tmp_path):
    with pytest.raises(ScoringError, match="no file at .*; check the path"):
        Motif.from_file(tmp_path / "none.mid")
    (tmp_path / "broken.mid").write_bytes(b"not midi at all")
    with pytest.raises(ScoringError, match="not a standard MIDI file"):
        Motif.from_file(tmp_path / "broken.mid")
    (tmp_path / "broken.musicxml").write_text("<score-partwise>")
    with pytest.raises(ScoringError, match="could not read 'broken.musicxml'"):
        Motif.from_file(tmp_path / "broken.musicxml")
    (tmp_path / "notes.txt").write_text("C4 E4 G4")
    with pytest.raises(ScoringError, match="'notes.txt' is not one of .mid"):
        Motif.from_file(tmp_path / "notes.txt")


def test_reading_a_drum_track(tmp_path):
    """A MIDI file of unpitched drums is refused with a ScoringError that says why."""
    from music21 import instrument, note, stream

    part = stream.Part()
    part.insert(0, instrument.BassDrum())
    part.append([note.Unpitched(quarterLength=1) for _ in range(4)])
    path = tmp_path / "drums.mid"
    stream.Score([part]).write("midi", fp=str(path))
    with pytest.raises(ScoringError):
        Motif.from_file(path)


def test_from_stream_wants_a_stream():
    with pytest.raises(ScoringError, match="expected a music21 stream, got str; use Motif.parse"):
        Motif.from_stream("c4 e g")


def test_adding_a_non_motif(hero):
    """hero + 3 is a TypeError, as for any Python value that does not support +."""
    with pytest.raises(TypeError):
        hero + 3
