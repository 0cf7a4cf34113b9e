"""The quick MusicXML writer engraves exactly what music21's writer engraves.

For every motif or cue the quick writer takes, verovio's SVG of its MusicXML must equal, byte for
byte, verovio's SVG of music21's MusicXML (same notes, values, ties, beams, stems, accidentals,
dynamics, marks and layout). What it cannot write, it hands back (``None``) and music21 writes.
"""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Motif
from scoring.core.time import TempoMap
from scoring.render.notation import musicxml_to_svg
from scoring.render.score_xml import simple_musicxml
from support import DURATIONS, QUARTER_GRID, motifs

METRES = ("4/4", "3/4", "2/4", "6/8", "2/2", "3/8", "5/4", "12/8")


def quick(music) -> bytes | None:
    music.engraving_xml()
    return music._cache["quick xml"]


def assert_same_engraving(music) -> bool:
    """True when the quick writer took the music (and then its SVG equals music21's)."""
    xml = quick(music)
    if xml is None:
        return False
    assert musicxml_to_svg(xml) == musicxml_to_svg(music.musicxml()), music.summary()
    return True


@pytest.mark.parametrize("text", [
    "4/4 c8 d e g a4 g8 e d c d e g2 e8 d c4 d4",
    "4/4 c4 e g c'2",
    "6/8 c8 d e f4. g8 a b c'4.",
    "2/4 c8. d16 e8 f g4",
    "4/4 r4 c2 e4 g1",
    "4/4 c4 e8 f g4 c' b8 a g e f d c4",
    "3/4 a4 b8 c'8 e'2",
    "4/4 c16 d e f g8 a b4 r8 c'8",
])
def test_course_motifs_engrave_the_same(text):
    for tempo in (96, 110):  # 110 BPM reads back from the clock as 110.00000000000001
        m = Motif.parse(text, name="Theme", tempo=tempo, instrument="French Horn")
        assert assert_same_engraving(m)


def test_cues_with_chords_bass_clef_and_dynamics_engrave_the_same():
    from scoring.harmony import harmonize

    for text, key in (("4/4 c4 e g c'", "C major"), ("3/4 a4 c'8 b a4 e'2.", "A minor"),
                      ("4/4 d4 f a d'2 c'4 a", "D dorian")):
        cue = harmonize(Motif.parse(text, key=key, name="Theme"))
        assert assert_same_engraving(cue)


@pytest.mark.parametrize("clock", [
    TempoMap.constant(96).ramp(4, 8, 120),                  # accel. on a barline, then the new tempo
    TempoMap.constant(120).step(8, 80),                     # a sudden change of tempo at bar 3
    TempoMap.constant(90).ramp(0, 4, 120).step(12, 72),     # accel. from the first beat (words before the mark)
    TempoMap.constant(100).ramp(8, 16, 60),                 # rit. to the end: "rit. to ♩ = 60"
], ids=["accel", "step", "accel-at-once", "rit-to-the-end"])
def test_tempo_marks_on_barlines_engrave_the_same(clock):
    from scoring.harmony import harmonize

    theme = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4 e4 g c'2 g4 e d c1", name="Theme", key="C major")
    for music in (theme.with_tempo_map(clock), harmonize(theme).with_tempo_map(clock)):
        assert music.tempo_map.marks()[1:], "the clock changes tempo"
        assert assert_same_engraving(music)


def test_what_it_cannot_write_falls_back_to_music21():
    trip = Motif.parse("4/4 trip{c8 d e} f4 g2", name="T")
    assert quick(trip) is None and trip.svg().startswith("<svg")
    ramp = Motif.parse("4/4 c4 e g c'2 g4 e c", tempo=96).with_tempo_map(TempoMap.constant(96).ramp(2, 6, 120))
    assert quick(ramp) is None
    half_tempo = Motif.parse("4/4 c4 e g c'", tempo=96.5)
    assert quick(half_tempo) is None
    assert simple_musicxml("x", "H major", 96, "4/4", [("x", "Flute", 73, [(1, ["C4"], 80, False)], False)],
                           dynamics={"mf": 80}) is None


def test_a_letter_back_to_the_key_after_a_bar_with_its_accidental_is_left_to_music21():
    """music21 may print a courtesy natural (B flat 3 in one bar, B6 in the next): the quick writer
    does not guess, it hands the score to music21, so the engraving is the same."""
    m = Motif.parse("3/4 r4 B-2 r4 r8 b''8 r4", name="Hero", key="C major")
    assert quick(m) is None
    assert m.svg() == musicxml_to_svg(m.musicxml())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(motifs(durations=QUARTER_GRID + (DURATIONS[0] / 2, DURATIONS[3] * 2), max_notes=16),
       st.sampled_from(METRES))
@pytest.mark.slow
def test_random_motifs_engrave_the_same(m, metre):
    m = dataclasses.replace(m, time_signature=metre, tempo=round(m.tempo), tempo_map=None, _cache={})
    assert_same_engraving(m)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(motifs(scale_only=True, max_notes=12), st.sampled_from(METRES[:4]))
@pytest.mark.slow
def test_random_diatonic_motifs_take_the_quick_path(m, metre):
    m = dataclasses.replace(m, time_signature=metre, tempo=round(m.tempo), tempo_map=None, _cache={})
    assert_same_engraving(m)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(motifs(durations=QUARTER_GRID, scale_only=True, min_notes=4, max_notes=16), st.sampled_from(METRES[:4]),
       st.sampled_from(["accel", "rit", "step"]), st.integers(0, 3))
@pytest.mark.slow
def test_random_tempo_changes_on_barlines_engrave_the_same(m, metre, kind, bar):
    """A tempo change on any barline (within the music, at its end or after it): where the quick
    writer takes it, verovio engraves it as it engraves music21's."""
    tempo = round(m.tempo)
    beats, _, unit = metre.partition("/")
    length = 4 * int(beats) / int(unit)
    clock = TempoMap.constant(tempo, time_signature=metre)
    at = bar * length
    clock = clock.step(at, max(40, tempo - 24)) if kind == "step" else \
        clock.ramp(at, at + length, tempo + 24 if kind == "accel" else max(40, tempo - 24))
    m = dataclasses.replace(m, time_signature=metre, tempo=tempo, tempo_map=None, _cache={}).with_tempo_map(clock)
    assert_same_engraving(m)
