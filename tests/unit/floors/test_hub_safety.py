"""Regression tests for what a shared hub needs: files read safely, no pickles, pitches that stay
in range, voices refused, escaped HTML, safe encoding and one render that never shifts another."""
from __future__ import annotations

import re

import struct
import subprocess
import sys
import time

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.render import dsp, files, html
from scoring.render.synth import NoteEvent, render_events


def midi_with_delta(delta: bytes) -> bytes:
    """A one-track MIDI file: a note-on, then a note-off after ``delta`` (a MIDI variable-length number)."""
    track = bytes([0x00, 0x90, 60, 64]) + delta + bytes([0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00])
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track


def test_a_37_byte_midi_file_with_a_huge_delta_is_refused_quickly(tmp_path):
    path = tmp_path / "hang.mid"
    path.write_bytes(midi_with_delta(bytes([0xFF, 0xFF, 0xFF, 0x7F])))
    assert path.stat().st_size == 37
    start = time.perf_counter()
    with pytest.raises(ScoringError, match="over 4000 beats"):
        Motif.from_file(path)
    assert time.perf_counter() - start < 5


def test_a_plain_midi_file_still_reads(tmp_path):
    path = tmp_path / "ok.mid"
    path.write_bytes(midi_with_delta(bytes([0x83, 0x60])))  # 480 ticks: one beat
    assert Motif.from_file(path).midi == [60]


def test_reading_files_writes_no_pickles_and_loads_none(tmp_path, monkeypatch):
    """music21's cache would pickle parsed files into a shared scratch folder and load them later."""
    import pickle

    from music21 import environment

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setitem(environment.envSingleton()._ref, "directoryScratch", str(scratch))
    hero = Motif.parse("c4 e g c'2", name="Hero")
    loads = []
    monkeypatch.setattr(pickle, "load", lambda *a, **k: loads.append(a))
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: loads.append(a))
    for name in ("hero.mid", "hero.musicxml"):
        path = hero.to_midi(tmp_path / name) if name.endswith(".mid") else hero.to_musicxml(tmp_path / name)
        assert Motif.from_file(path).midi == hero.midi
        assert Motif.from_file(path).midi == hero.midi  # a second read would hit a cache
    assert list(scratch.iterdir()) == [] and loads == []


def test_xml_entities_are_refused(tmp_path):
    path = tmp_path / "bomb.musicxml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><score-partwise/>')
    with pytest.raises(ScoringError, match="entities"):
        Motif.from_file(path)


def test_huge_files_are_refused_before_reading(tmp_path):
    path = tmp_path / "big.musicxml"
    path.write_bytes(b" " * (files.MAX_FILE_BYTES + 1))
    with pytest.raises(ScoringError, match="over the 4 MB limit"):
        Motif.from_file(path)


def test_octave_minus_one_round_trips_through_midi(tmp_path):
    low = Motif.parse("c4 e g").octave(-5)
    assert low.midi == [0, 4, 7]
    assert Motif.from_file(low.to_midi(tmp_path / "low.mid")).midi == [0, 4, 7]
    assert Motif.from_file(low.to_musicxml(tmp_path / "low.musicxml")).midi == [0, 4, 7]


@pytest.mark.parametrize("text", ["c'''''''''''''4", "CCCCCCC4", "g''''''4"])
def test_out_of_range_tiny_notation_raises_instead_of_clamping(text):
    with pytest.raises(ScoringError, match="outside 0-127"):
        Motif.parse(text)


@pytest.mark.parametrize("late, fixed, midi", [("b-'4", "b'-4", 82), ("c#''4", "c''#4", 85), ("f#'", "f'#", 78)])
def test_octave_marks_after_an_accidental_are_refused_with_the_spelling_that_works(late, fixed, midi):
    """tinyNotation drops octave marks written after a sharp or flat; the package says so instead."""
    with pytest.raises(ScoringError, match=re.escape(repr(fixed))):
        Motif.parse("4/4 " + late)
    assert Motif.parse("4/4 " + fixed).midi == [midi]


def test_the_highest_and_lowest_tiny_notes_still_parse():
    assert Motif.parse("g'''''4").midi == [127]
    assert Motif.parse("CCCCC4").midi == [0]


def test_two_voices_in_one_bar_are_refused_with_the_fix():
    from music21 import note, stream

    part, bar, upper, lower = stream.Part(), stream.Measure(), stream.Voice(), stream.Voice()
    for step in "CDEF":
        upper.append(note.Note(step + "5"))
        lower.append(note.Note(step + "4"))
    bar.insert(0, upper)
    bar.insert(0, lower)
    part.append(bar)
    with pytest.raises(ScoringError, match="several voices at once.*Cue with a layer per voice"):
        Motif.from_stream(part)


def test_overlapping_notes_are_refused():
    from music21 import note, stream

    s = stream.Stream()
    s.insert(0, note.Note("C4", quarterLength=2))
    s.insert(1, note.Note("E4", quarterLength=2))
    with pytest.raises(ScoringError, match="overlap at beat 1"):
        Motif.from_stream(s)


def test_nan_and_loud_samples_encode_safely_in_this_process():
    y = np.full((4410, 2), np.nan, dtype=np.float32)
    y[::7] = 1e9
    data = files.mp3_bytes(y)
    assert len(data) > 100
    assert html.audio_tag(y).startswith("<audio")


@pytest.mark.slow
def test_nan_samples_never_reach_the_encoder_in_a_fresh_process():
    """LAME aborts the whole process on NaN; run it where an abort would show as a signal."""
    code = ("import numpy as np; from scoring.render.files import mp3_bytes; "
            "print(len(mp3_bytes(np.full(44100, np.nan)) ) > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "True"


def test_safe_clips_and_zeroes():
    assert dsp.safe(np.array([np.inf, -2.0, 0.5])).tolist() == [0.0, -1.0, 0.5]


@pytest.mark.parametrize("width", ['100%;background:url(x)', '"><script>', "10 px", "1e9%"])
def test_img_width_cannot_break_out_of_the_style(width):
    with pytest.raises(ScoringError, match="not a CSS length"):
        html.img_tag("<svg/>", max_width=width)


def test_names_and_alt_text_are_escaped_in_every_card():
    m = Motif.parse("c4 e g", name='<img src=x onerror="alert(1)">\'')
    page = m.card()
    assert "<img src=x" not in page and "onerror=\"" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#x27;" in page


@pytest.mark.parametrize("path", ["a\x00b.mid", "", "   "])
def test_unusable_paths_are_refused(path):
    with pytest.raises(ScoringError):
        files.writable_path(path, (".mid",))


def test_exports_do_not_follow_symlinks_out_of_the_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    (chosen / "hero.mid").symlink_to(outside / "victim.mid")
    with pytest.raises(ScoringError, match="symbolic link"):
        Motif.parse("c4 e g").to_midi(chosen / "hero.mid")
    assert not (outside / "victim.mid").exists()
    (chosen / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ScoringError, match="symbolic link"):
        Motif.parse("c4 e g").to_midi(chosen / "link" / "hero.mid")
    assert list(outside.iterdir()) == []


def test_write_wav_refuses_absurd_sample_rates(tmp_path):
    with pytest.raises(ScoringError, match="outside 8000-96000"):
        files.write_wav(tmp_path / "a.wav", np.zeros(100), 10 ** 9)
    assert not (tmp_path / "a.wav").exists()


@pytest.mark.slow
def test_a_render_at_one_rate_never_changes_a_later_render_at_another():
    """Each synthesiser keeps its own block counter, so cell order cannot change the sound."""
    code = ("import numpy as np, hashlib; from scoring.render.synth import NoteEvent, render_events; "
            "e=[NoteEvent(0.0, 0.3, 60, 90, 0), NoteEvent(0.31, 0.6, 64, 90, 40)]; "
            "{}; y,_=render_events(e); print(hashlib.sha1(np.ascontiguousarray(y).tobytes()).hexdigest())")
    plain = subprocess.run([sys.executable, "-c", code.format("pass")], capture_output=True, text=True, timeout=120)
    after = subprocess.run([sys.executable, "-c", code.format("render_events(e[:1], sample_rate=22050)")],
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and after.returncode == 0, plain.stderr[-400:] + after.stderr[-400:]
    assert plain.stdout == after.stdout


@pytest.mark.parametrize("bad", [dict(start=float("nan")), dict(end=-1.0), dict(pitch=200), dict(velocity=0),
                                 dict(pitch=True), dict(program=1.5)])
def test_bad_note_events_are_refused(bad):
    fields = dict(start=0.0, end=1.0, pitch=60, velocity=80, program=0) | bad
    with pytest.raises(ScoringError):
        NoteEvent(**fields)


def test_numpy_numbers_are_accepted_like_python_numbers():
    m = Motif.from_notes([np.int64(60), np.int64(64)], durations=[np.float64(1.0), np.int64(2)],
                         tempo=np.float64(96), velocities=[np.int64(90), np.int64(100)])
    assert m.midi == [60, 64] and m.tempo == 96.0
    y, sr = render_events(m.events(), sample_rate=np.int64(22050))
    assert sr == 22050 and len(y) > 0


def test_too_many_events_are_refused_up_front():
    events = [NoteEvent(0.0, 0.1, 60, 80, 0)] * 20001
    with pytest.raises(ScoringError, match="over the 20000 limit"):
        render_events(events)


def test_a_chord_of_a_million_notes_is_refused_at_once():
    from scoring.core.cue import Chord

    start = time.perf_counter()
    with pytest.raises(ScoringError, match="more than 16"):
        Chord(tuple([60] * 10 ** 6), 1)
    assert time.perf_counter() - start < 1
