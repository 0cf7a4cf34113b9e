"""The one clock end to end: a tempo map survives MIDI and MusicXML, is engraved, is heard, and is
what every measure reads (the bugs it fixed: an accelerando judged at its first tempo)."""
from __future__ import annotations

import numpy as np
import pytest

from scoring import Motif, TempoMap
from scoring.core.cue import as_cue
from scoring.devices import accelerando
from scoring.silence import fermata, silence_profile

SIXTEEN = "4/4 " + " ".join(["c4", "d", "e", "f"] * 4)


@pytest.fixture
def accel():
    """Sixteen quarter notes, 60 BPM accelerating to 120 over the whole phrase."""
    return Motif.parse(SIXTEEN, name="Run", tempo=60).with_tempo_map(TempoMap.constant(60).ramp(0, 16, 120))


def test_an_accelerando_plays_16_notes_in_16_ln2_seconds(accel):
    onsets = [e.start for e in accel.events()]
    assert len(onsets) == 16
    assert accel.duration_seconds == pytest.approx(16 * np.log(2), abs=1e-9)
    gaps = np.diff(onsets)
    assert all(b < a for a, b in zip(gaps, gaps[1:]))  # every beat shorter than the last


def test_the_silence_measures_count_every_onset_of_an_accelerando():
    """Before the clock, silence_profile judged the accelerando at its first tempo: 12 onsets, not 16."""
    run = accelerando(Motif.parse(SIXTEEN, tempo=60), to=120)
    profile = silence_profile(run)
    assert profile["onsets"] == 16
    assert profile["seconds"] == pytest.approx(16 * np.log(2), abs=0.01)


@pytest.mark.parametrize("suffix", [".mid", ".musicxml"])
def test_the_tempo_map_survives_a_round_trip_through_files(tmp_path, accel, suffix):
    path = accel.to_midi(tmp_path / f"run{suffix}") if suffix == ".mid" else accel.to_musicxml(tmp_path / f"run{suffix}")
    back = Motif.from_file(path)
    assert back.midi == accel.midi
    assert back.tempo_map.summary() == "60→120 BPM"
    assert back.duration_seconds == pytest.approx(accel.duration_seconds, abs=0.01)
    assert [round(e.start, 3) for e in back.events()] == [round(e.start, 3) for e in accel.events()]


def test_a_hold_survives_a_midi_round_trip(tmp_path):
    held = Motif.parse("4/4 c4 d e f g1", tempo=90).with_tempo_map(TempoMap.constant(90).hold(4, 1.5))
    back = Motif.from_file(held.to_midi(tmp_path / "held.mid"))
    assert back.duration_seconds == pytest.approx(held.duration_seconds, abs=0.01)
    assert len(back.tempo_map.holds) == 1 and back.tempo_map.holds[0][1] == pytest.approx(1.5, abs=0.01)


def test_a_ritardando_is_engraved_with_rit_and_an_arrival_mark():
    rit = Motif.parse(SIXTEEN, tempo=120).with_tempo_map(TempoMap.constant(120).ramp(0, 8, 60))
    xml = rit.musicxml().decode()
    assert "rit." in xml
    assert xml.count("<metronome") >= 2  # the starting tempo and the arrival at 60
    assert "<per-minute>60</per-minute>" in xml


def test_a_fermata_on_an_accelerando_keeps_the_ramp_and_adds_the_hold(accel):
    cue = as_cue(accel)
    held = fermata(cue, 2.0, hold=2.0)
    assert held.tempo_map.summary() == "60→120 BPM"
    assert len(held.tempo_map.holds) == 1
    extra = held.tempo_map.holds[0][1]
    assert held.duration_seconds == pytest.approx(cue.duration_seconds + extra, abs=1e-6)
    assert "<fermata" in held.musicxml().decode()


def test_the_audio_lengthens_exactly_as_the_map_says():
    steady = Motif.parse(SIXTEEN, tempo=120, instrument="Woodblock")
    rit = steady.with_tempo_map(TempoMap.constant(120).ramp(0, 16, 60))
    for music in (steady, rit):
        y, sr = music.to_audio()
        assert len(y) == round((music.tempo_map.seconds_at(16) + 1.0) * sr)


def test_transforms_keep_or_move_the_clock(accel):
    assert accel.transpose(5).tempo_map == accel.tempo_map
    assert accel.augment(2).duration_seconds == pytest.approx(2 * accel.duration_seconds, rel=1e-9)
    assert accel.with_tempo(90).tempo_map.summary() == "90→180 BPM"
    half = accel.fragment(8, 16)
    assert half.tempo_map.summary() == "90→120 BPM"
