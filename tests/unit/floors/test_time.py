"""The one clock (scoring.core.time): tempo maps, bars, timecode and frame clicks.

Seconds are checked against an independent reference (a tempo function written out here and
integrated numerically by scipy), never against the module's own closed form.
"""
from __future__ import annotations

import ast
import dataclasses
import inspect
import math
import sys
import time as stopwatch
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, strategies as st
from scipy.integrate import quad

import scoring.core.time as clock
from scoring.core.time import (FRAME_RATES, MAX_BREAKPOINTS, TEMPO_RANGE, Section, TempoMap, bar_and_beat, beat_at,
                               click_to_bpm, frame_click, frames_to_timecode, seconds_at, seconds_to_timecode,
                               tempo_for_hit, timecode_to_frames, timecode_to_seconds)
from scoring.errors import ScoringError


# ---------------------------------------------------------------- an independent reference clock
def ref_bpm(tempi, b):
    """The tempo at beat b, read straight off the breakpoints (straight lines, steps, hold the last)."""
    value = tempi[0][1]
    for (b0, t0), (b1, t1) in zip(tempi, tempi[1:]):
        if b >= b1:
            value = t1
        elif b >= b0:
            return t0 + (t1 - t0) * (b - b0) / (b1 - b0)
    return value


def ref_seconds(tempi, holds, b):
    """∫ 60/BPM from 0 to b, numerically, plus every hold at a beat <= b."""
    cuts = sorted({float(x) for x, _ in tempi if 0 < x < b})
    edges = [0.0, *cuts, float(b)]
    total = sum(quad(lambda x: 60.0 / ref_bpm([(float(p), t) for p, t in tempi], x), lo, hi,
                     epsabs=1e-12, epsrel=1e-12)[0] for lo, hi in zip(edges, edges[1:]))
    return total + sum(s for h, s in holds if h <= b)


bpms = st.floats(20, 400)


@st.composite
def tempo_maps(draw, holds=True, lo=20.0, hi=400.0):
    """Random maps: steady stretches, ramps, steps (gap 0) and, optionally, holds; in 4/4."""
    beat, tempi = Fraction(0), [(Fraction(0), draw(st.floats(lo, hi)))]
    for gap in draw(st.lists(st.integers(0, 16), max_size=6)):
        beat += Fraction(gap, 2)
        tempi.append((beat, draw(st.floats(lo, hi))))
    hold_beats = draw(st.lists(st.integers(0, 80), max_size=3, unique=True)) if holds else []
    hs = tuple((Fraction(b, 2), draw(st.floats(0.01, 60))) for b in sorted(hold_beats))
    return TempoMap(tempi=tuple(tempi), holds=hs)


# ---------------------------------------------------------------- seconds
@given(bpms, st.floats(0, 2000))
def test_a_constant_map_is_60_over_bpm_per_beat(bpm, b):
    assert TempoMap.constant(bpm).seconds_at(b) == pytest.approx(60.0 / bpm * b, rel=1e-12, abs=1e-12)


def test_a_ramp_from_60_to_120_takes_the_integral_of_60_over_bpm():
    tempi = [(0, 60.0), (8, 120.0)]
    m = TempoMap(tempi=tuple(tempi))
    expected = quad(lambda b: 60.0 / (60.0 + 7.5 * b), 0, 8, epsabs=1e-13)[0]
    assert m.seconds_at(8) == pytest.approx(expected, rel=1e-10)
    assert m.seconds_at(8) == pytest.approx(8 * math.log(2), rel=1e-12)   # 60/7.5·ln(120/60)
    assert m.seconds_at(12) == pytest.approx(expected + 2.0, rel=1e-10)   # then 120 BPM: 0.5 s a beat
    assert m.seconds_at(8) < 8.0 and m.seconds_at(8) > 4.0                # between all-60 and all-120


@given(tempo_maps(), st.floats(0, 60))
def test_seconds_match_numerical_integration(m, b):
    assert m.seconds_at(b) == pytest.approx(ref_seconds(m.tempi, m.holds, b), rel=1e-8, abs=1e-9)


def test_a_step_changes_the_tempo_suddenly():
    m = TempoMap(tempi=((0, 120), (4, 120), (4, 60)))
    assert m.bpm_at(3.999) == 120 and m.bpm_at(4) == 60
    assert m.seconds_at(6) == pytest.approx(2.0 + 2.0)


@given(tempo_maps(), st.floats(0, 80))
def test_beat_at_inverts_seconds_at(m, b):
    assert m.beat_at(m.seconds_at(b)) == pytest.approx(b, abs=1e-7)


@given(tempo_maps(), st.lists(st.floats(0, 80), min_size=2, max_size=50))
def test_the_clock_never_runs_backwards(m, beats):
    beats = np.sort(np.array(beats))
    secs = m.seconds_at(beats)
    assert (np.diff(secs) >= 0).all()
    assert (np.diff(m.beat_at(np.sort(secs))) >= -1e-9).all()


@given(tempo_maps(), st.lists(st.floats(0, 80), max_size=40))
def test_vectorised_queries_match_one_at_a_time(m, beats):
    assert m.seconds_at(beats).tolist() == pytest.approx([m.seconds_at(b) for b in beats], abs=1e-12)
    assert m.bpm_at(beats).tolist() == pytest.approx([ref_bpm(m.tempi, b) for b in beats], rel=1e-9)


@given(tempo_maps(holds=False), st.integers(0, 40), st.floats(0.01, 60), st.floats(0, 60))
def test_a_hold_adds_exactly_its_seconds_from_its_beat_on(m, hold_beat, s, b):
    held = m.hold(hold_beat, s)
    extra = held.seconds_at(b) - m.seconds_at(b)
    assert extra == pytest.approx(s if b >= hold_beat else 0.0, abs=1e-9)
    (start, end), = held.hold_spans()
    assert start == pytest.approx(m.seconds_at(hold_beat)) and end - start == pytest.approx(s)
    assert held.beat_at((start + end) / 2) == hold_beat          # inside the hold the clock stands still


def test_the_hold_convention_a_note_ending_there_is_held_a_note_starting_there_waits():
    m = TempoMap.constant(60).hold(4, 3.0)
    assert m.seconds_at(4) == 7.0 and m.onset_seconds(4) == 7.0     # the note on beat 4 starts after the hold
    assert m.duration(1, start=3) == 4.0                            # the note from 3 to 4 is held through it
    assert m.duration(1, start=4) == 1.0
    assert m.beat_at([4.0, 5.5, 7.0, 8.0]).tolist() == [4.0, 4.0, 4.0, 5.0]


def test_seconds_at_ten_thousand_beats_is_fast():
    m = TempoMap(tempi=tuple((b, 40 + (b * 37) % 300) for b in range(0, 400, 2)), holds=((10, 1.0), (50, 2.0)))
    beats = np.linspace(0, 500, 10_000)
    m.seconds_at(beats)
    best = min(_timed(lambda: m.seconds_at(beats)) for _ in range(20))
    assert best < 0.005, f"seconds_at on 10,000 beats took {best * 1e3:.2f} ms"


def _timed(f) -> float:
    t = stopwatch.perf_counter()
    f()
    return stopwatch.perf_counter() - t


# ---------------------------------------------------------------- building maps
def test_ramp_step_hold_and_metre_return_new_maps():
    m = TempoMap.constant(60)
    r = m.ramp(4, 12, 120)
    assert m.is_constant and not r.is_constant and m.tempo == r.tempo == 60
    assert r.bpm_at([0, 4, 8, 12, 100]).tolist() == [60, 60, 90, 120, 120]
    assert r.step(8, 100).bpm_at([7.5, 8, 10]).tolist() == pytest.approx([86.25, 100, 110])
    assert r.hold(2, 1.0).holds == ((2, 1.0),) and r.holds == ()
    assert r.hold(2, 1.0).hold(2, 3.0).holds == ((2, 3.0),)      # a second hold on a beat replaces the first
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.tempi = ()


def test_maps_are_values():
    a = TempoMap(tempi=((0, 120), (8, 120)))
    b = TempoMap.constant(120)
    assert a == b and hash(a) == hash(b) and len({a, b, b.step(4, 90)}) == 2
    assert TempoMap(tempi=((4, 90),)).tempi == ((0, 90.0),)      # the first tempo starts at beat 0
    assert TempoMap(tempi=((0, 60), (1 / 3, 90))).tempi[1][0] == Fraction(1, 3)   # floats read as fractions


@given(tempo_maps(lo=40, hi=200), st.floats(0.5, 2), st.floats(0, 60))
def test_scaled_multiplies_every_tempo(m, f, b):
    s = m.scaled(f)
    assert s.bpm_at(b) == pytest.approx(m.bpm_at(b) * f, rel=1e-9)
    holds = sum(x for h, x in m.holds if h <= b)
    assert s.seconds_at(b) - holds == pytest.approx((m.seconds_at(b) - holds) / f, rel=1e-9, abs=1e-9)


@given(tempo_maps(), st.sampled_from([Fraction(1, 2), Fraction(3, 2), 2, 3]), st.integers(0, 160))
def test_stretched_moves_beats_not_tempos(m, f, b4):
    s, b = m.stretched(f), Fraction(b4, 4)
    holds = sum(x for h, x in m.holds if h <= b)
    assert s.seconds_at(b * f) - holds == pytest.approx(f * (m.seconds_at(b) - holds), rel=1e-9, abs=1e-9)
    assert s.bpm_at(b * f) == pytest.approx(m.bpm_at(b), rel=1e-9)
    assert [e - a for a, e in s.hold_spans()] == pytest.approx([x for _, x in m.holds])


@given(tempo_maps(), st.integers(0, 60), st.integers(1, 40), st.data())
def test_a_slice_keeps_the_excerpts_time(m, s2, length2, data):
    s, e = Fraction(s2, 2), Fraction(s2 + length2, 2)
    piece = m.slice(s, e)
    x = Fraction(data.draw(st.integers(0, 4 * (e - s))), 4)     # exact sums: no rounding across a hold's beat
    assert piece.seconds_at(x) == pytest.approx(m.seconds_at(s + x) - m.seconds_at(s), abs=1e-9)


@given(tempo_maps(), tempo_maps(), st.integers(0, 10), st.integers(0, 160), st.integers(0, 160))
def test_then_plays_one_map_after_the_other(a, b, bars, x4, y4):
    at, x, y = 4 * bars, x4 / 4, min(y4 / 4, 4 * bars)
    assume(dict(a.holds).get(at, 0) + dict(b.holds).get(0, 0) <= 60)     # one hold lasts at most 60 s
    joined = a.then(b, at)
    if y < at:
        assert joined.seconds_at(y) == pytest.approx(a.seconds_at(y), abs=1e-9)
    assert joined.seconds_at(at + x) == pytest.approx(a.seconds_at(at) + b.seconds_at(x), rel=1e-9, abs=1e-9)


@given(tempo_maps(), st.integers(0, 10), st.floats(0, 60))
def test_slicing_then_joining_gives_the_map_back(m, bars, b):
    at, end = 4 * bars, 64
    again = m.slice(0, at).then(m.slice(at, end), at) if at else m.slice(0, end)
    # a slice starts after any hold on its first beat (that hold belongs to what comes before)
    assert again.seconds_at(b) == pytest.approx(m.seconds_at(b) - m.seconds_at(0), rel=1e-9, abs=1e-9)


def test_with_tempo_keeps_metres_and_holds():
    m = TempoMap(tempi=((0, 60), (8, 120)), holds=((4, 1.0),), metres=((0, "4/4"), (8, "3/4")))
    w = m.with_tempo(96)
    assert w.is_constant and w.tempo == 96 and w.metres == m.metres and w.holds == m.holds


# ---------------------------------------------------------------- bars
def test_bar_and_beat_across_a_metre_change():
    m = TempoMap(tempi=((0, 120),), metres=((0, "4/4"), (8, "3/4")))
    assert m.bar_beat(0) == (1, 1) and m.bar_beat(7) == (2, 4)
    assert m.bar_beat(8) == (3, 1) and m.bar_beat(11) == (4, 1) and m.bar_beat(12.5) == (4, Fraction(5, 2))
    assert m.bar_beat_text(13) == "4|3" and m.bar_beat_text(12.5) == "4|2.5"
    assert m.barlines(15) == [0, 4, 8, 11, 14]


def test_compound_metre_counts_its_unit():
    m = TempoMap.constant(120, time_signature="6/8")        # a bar is 3 quarter notes, 6 eighths
    assert m.bar_beat(1.5) == (1, 4) and m.bar_beat(3) == (2, 1) and m.bar_beat(0.5) == (1, 2)
    assert m.beat_of(2, 4) == Fraction(9, 2)


@given(st.integers(0, 400))
def test_beat_of_undoes_bar_beat(k):
    m = TempoMap(tempi=((0, 90),), metres=((0, "4/4"), (8, "3/4"), (14, "6/8"), (20, "5/4")))
    b = Fraction(k, 4)
    assert m.beat_of(*m.bar_beat(b)) == b


# ---------------------------------------------------------------- reading the map
def test_sections_for_a_variable_click_track():
    m = TempoMap.constant(60).ramp(4, 8, 120).step(12, 100).ramp(16, 20, 80)
    kinds = [(s.start_beat, s.end_beat, s.start_bpm, s.end_bpm, s.kind) for s in m.sections(24)]
    assert kinds == [(0, 4, 60, 60, "steady"), (4, 8, 60, 120, "accel."), (8, 12, 120, 120, "steady"),
                     (12, 16, 100, 100, "steady"), (16, 20, 100, 80, "rit."), (20, 24, 80, 80, "steady")]
    assert m.sections(6)[-1] == Section(4, 6, 60.0, 90.0, "accel.")


def test_marks_for_the_score():
    m = TempoMap.constant(60).ramp(4, 8, 120).step(12, 100).ramp(16, 20, 80).hold(22, 2.0).hold(24, 1.0)
    assert m.marks(general_pauses=[24]) == [
        (0, "♩ = 60"), (4, "accel."), (8, "♩ = 120"), (12, "♩ = 100"), (16, "rit."), (20, "♩ = 80"),
        (22, "fermata"), (24, "G.P.")]
    assert TempoMap(tempi=((0, 60), (8, 120))).marks() == [(0, "♩ = 60"), (0, "accel."), (8, "♩ = 120")]


def test_summary_and_repr():
    assert TempoMap.constant(96).summary() == "96 BPM"
    assert TempoMap(tempi=((0, 60), (8, 120))).summary() == "60→120 BPM"
    assert repr(TempoMap(tempi=((0, 60), (8, 120)), holds=((8, 1.0),), metres=((0, "4/4"), (8, "3/4")))) == \
        "TempoMap(60→120 BPM, 4/4→3/4, 1 hold)"


# ---------------------------------------------------------------- bad input
BAD = [
    (lambda: TempoMap.constant(float("nan")), "not a number of beats per minute"),
    (lambda: TempoMap.constant(math.inf), "not a number of beats per minute"),
    (lambda: TempoMap.constant(True), "not a number of beats per minute"),
    (lambda: TempoMap.constant(None), "not a number of beats per minute"),
    (lambda: TempoMap.constant(0), "outside 20-400"),
    (lambda: TempoMap.constant(1e9), "outside 20-400"),
    (lambda: TempoMap(tempi=((0, 60), (8, 90), (4, 100))), "must not go backwards; list the breakpoints"),
    (lambda: TempoMap(tempi=((-1, 60),)), "negative"),
    (lambda: TempoMap(tempi=((float("nan"), 60),)), "not a finite number"),
    (lambda: TempoMap(tempi=()), "at least one tempo"),
    (lambda: TempoMap(tempi=None), "list of pairs"),
    (lambda: TempoMap(tempi=(0, 60)), "should be a pair"),
    (lambda: TempoMap(tempi=[(i, 60) for i in range(MAX_BREAKPOINTS + 1)]), "more than 1000"),
    (lambda: TempoMap.constant(60, time_signature="4/0"), "unit below the line"),
    (lambda: TempoMap.constant(60, time_signature="abc"), "not a time signature"),
    (lambda: TempoMap.constant(60, time_signature=None), "not a time signature"),
    (lambda: TempoMap.constant(60, time_signature="33/4"), "1 to 32 beats"),
    (lambda: TempoMap.constant(60).metre(6, "3/4"), "does not start on a barline"),
    (lambda: TempoMap(tempi=((0, 60),), metres=((4, "3/4"),)), "first metre must start at beat 0"),
    (lambda: TempoMap.constant(60).hold(4, 0), "more than 0 and at most 60"),
    (lambda: TempoMap.constant(60).hold(4, 61), "more than 0 and at most 60"),
    (lambda: TempoMap.constant(60).hold(4, math.nan), "not a finite number"),
    (lambda: TempoMap(tempi=((0, 60),), holds=((4, 1), (2, 1))), "must not go backwards"),
    (lambda: TempoMap.constant(60).ramp(8, 4, 90), "after start_beat"),
    (lambda: TempoMap.constant(60).ramp(0, 4, 500), "outside 20-400"),
    (lambda: TempoMap.constant(60).scaled(10), "choose a factor"),
    (lambda: TempoMap.constant(60).scaled(-1), "choose a factor"),
    (lambda: TempoMap.constant(60).stretched(0), "above 0"),
    (lambda: TempoMap.constant(60).slice(4, 4), "must come after"),
    (lambda: TempoMap.constant(60).metre(8, "3/4").slice(2, 12), "start it on a barline"),
    (lambda: TempoMap.constant(60).then(TempoMap.constant(90), 6), "join maps at a barline"),
    (lambda: TempoMap.constant(60).then(120, 4), "another TempoMap"),
    (lambda: TempoMap.constant(60).hold(4, 40).then(TempoMap.constant(90).hold(0, 30), 4), "add up to 70 s"),
    (lambda: TempoMap.constant(60).seconds_at(math.nan), "not a finite number"),
    (lambda: TempoMap.constant(60).seconds_at(math.inf), "not a finite number"),
    (lambda: TempoMap.constant(60).seconds_at(True), "should be a number"),
    (lambda: TempoMap.constant(60).seconds_at([1, True]), "should be a number"),
    (lambda: TempoMap.constant(60).seconds_at(None), "should be a number"),
    (lambda: TempoMap.constant(60).seconds_at("3"), "should be a number"),
    (lambda: TempoMap.constant(60).seconds_at(-1), "negative"),
    (lambda: TempoMap.constant(60).seconds_at(np.array([1.0, np.nan])), "not a finite number"),
    (lambda: TempoMap.constant(60).seconds_at(1e12), "past"),
    (lambda: TempoMap.constant(60).beat_at(-0.5), "negative"),
    (lambda: TempoMap.constant(60).bar_beat(math.nan), "not a finite number"),
    (lambda: TempoMap.constant(60).beat_of(0), "whole number from 1"),
    (lambda: TempoMap.constant(60).beat_of(2, 5), "beats run from 1"),
    (lambda: TempoMap.constant(60).sections(0), "after beat 0"),
    (lambda: TempoMap.constant(60).marks(general_pauses=[4]), "no hold"),
    (lambda: seconds_at(math.nan, 120), "not a finite number"),
    (lambda: seconds_at(21, math.inf), "not a number of beats per minute"),
    (lambda: seconds_at(0.5, 120), "before beat 1"),
    (lambda: beat_at(math.nan, 120), "not a finite number"),
    (lambda: beat_at(1e300, 120), "more than 100 hours"),
    (lambda: tempo_for_hit(10, math.nan), "above 1"),
    (lambda: tempo_for_hit(10, True), "above 1"),
    (lambda: tempo_for_hit(1e-300, 2), "no one can play"),
    (lambda: click_to_bpm("0-1"), "outside 20-400"),
    (lambda: click_to_bpm("0-0"), "outside 20-400"),
    (lambda: click_to_bpm("99999999999999999999-0"), "outside 20-400"),
    (lambda: click_to_bpm(None), "not a frame click"),
    (lambda: frame_click(True), "not a number of beats per minute"),
    (lambda: frame_click(120, True), "not a frame rate"),
    (lambda: bar_and_beat(5, 0), "whole number from 1 to 32"),
    (lambda: bar_and_beat(5, 4.5), "whole number"),
    (lambda: bar_and_beat(math.nan), "not a finite number"),
    (lambda: bar_and_beat(0), "outside 1-"),
    (lambda: seconds_to_timecode(math.nan), "not a finite number"),
    (lambda: seconds_to_timecode(1e308), "past 99:59:59"),
    (lambda: frames_to_timecode(True), "whole number"),
]


@pytest.mark.parametrize("call,message", BAD, ids=range(len(BAD)))
def test_bad_input_is_a_scoring_error_that_says_why(call, message):
    with pytest.raises(ScoringError, match=message) as info:
        call()
    assert len(str(info.value)) > 25                       # a sentence, not a bare value


def test_numpy_numbers_are_accepted():
    i, f = np.int64, np.float64
    m = TempoMap(tempi=((i(0), i(60)), (i(8), f(120.0))), holds=((i(4), np.float32(1.5)),))
    assert m == TempoMap(tempi=((0, 60), (8, 120)), holds=((4, 1.5),))
    assert isinstance(m.seconds_at(i(8)), float) and isinstance(m.seconds_at(np.arange(3)), np.ndarray)
    assert m.ramp(i(8), f(12), i(90)).bpm_at(f(10)) == pytest.approx(105)
    assert m.metre(i(8), "3/4").bar_beat(i(11)) == (4, 1) and m.beat_of(i(2), i(1)) == 4
    assert m.stretched(i(2)).tempi[1][0] == 16 and m.scaled(f(0.5)).tempo == 30
    assert frame_click(i(120), i(24)) == "12-0" and click_to_bpm("12-0", f(25)) == 125
    assert tempo_for_hit(f(10.0), i(21)) == 120 and bar_and_beat(i(5), i(4)) == "2.1"
    assert seconds_at(i(21), i(120)) == 10 and beat_at(f(10.0), f(120)) == 21
    assert timecode_to_seconds("00:00:01:00", i(25)) == 1.0 and frames_to_timecode(i(36)) == "00:00:01:12"


# ---------------------------------------------------------------- timecode (expectations from tests/test_sync.py)
@pytest.mark.parametrize("tc,fps,seconds", [
    ("00:00:00:00", 24, 0.0),
    ("00:00:10:12", 24, 10 + 12 / 24),
    ("00:00:10:12", 25, 10 + 12 / 25),
    ("00:00:10:12", 30, 10 + 12 / 30),
    ("01:00:00:00", 24, 3600.0),
    ("00:01:02:20", 25, 62 + 20 / 25),
    ("01:02:03:04", 24, 3600 + 120 + 3 + 4 / 24),
])
def test_whole_frame_rates_follow_the_formula(tc, fps, seconds):
    assert timecode_to_seconds(tc, fps) == pytest.approx(seconds, abs=1e-9)


def test_video_rates_run_a_thousandth_slow():
    assert timecode_to_seconds("01:00:00:00", 23.976) == pytest.approx(3603.6)
    assert timecode_to_seconds("01:00:00:00", 29.97) == pytest.approx(3603.6)


def test_drop_frame_keeps_up_with_the_clock():
    assert timecode_to_frames("01:00:00;00", 29.97) == 108000 - 2 * 54
    assert timecode_to_seconds("01:00:00;00", 29.97) == pytest.approx(107892 * 1001 / 30000)
    assert timecode_to_frames("00:10:00;00", 29.97) == 17982


def test_drop_frame_skips_two_numbers_a_minute_except_every_tenth():
    assert timecode_to_frames("00:01:00;02", 29.97) == timecode_to_frames("00:00:59;29", 29.97) + 1 == 1800
    assert timecode_to_frames("00:10:00;00", 29.97) == timecode_to_frames("00:09:59;29", 29.97) + 1
    assert frames_to_timecode(1800, 29.97) == "00:01:00;02"
    assert frames_to_timecode(1799, 29.97) == "00:00:59;29"
    with pytest.raises(ScoringError, match="skipped.*00:01:00;02"):
        timecode_to_seconds("00:01:00;00", 29.97)


@given(st.sampled_from(sorted(FRAME_RATES)), st.integers(0, 24 * 3600 * 24))
def test_frames_round_trip_through_timecode(fps, frames):
    assert timecode_to_frames(frames_to_timecode(frames, fps), fps) == frames


@given(st.sampled_from([24, 25, 30, 29.97]), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59), st.data())
def test_timecode_round_trips_through_seconds(fps, h, m, s, data):
    f = data.draw(st.integers(2 if fps == 29.97 and s == 0 and m % 10 else 0, math.ceil(fps) - 1))
    tc = f"{h:02d}:{m:02d}:{s:02d}{';' if fps == 29.97 else ':'}{f:02d}"
    assert seconds_to_timecode(timecode_to_seconds(tc, fps), fps) == tc


def test_seconds_to_timecode_rounds_to_the_nearest_frame():
    assert seconds_to_timecode(10.5) == "00:00:10:12"
    assert seconds_to_timecode(10.5 + 0.4 / 24) == "00:00:10:12"
    assert seconds_to_timecode(10.5 + 0.6 / 24) == "00:00:10:13"
    assert seconds_to_timecode(3600, 29.97, drop_frame=False) == "00:59:56:12"


@pytest.mark.parametrize("tc,fps,message", [
    ("00:00:10:24", 24, r"frame 24 does not exist at 24 fps; frames count 00-23"),
    ("00:00:10:25", 25, r"frame 25 does not exist at 25 fps"),
    ("10:12", 24, r"not a timecode; write HH:MM:SS:FF"),
    ("1:00:00:00", 24, r"not a timecode"),
    ("-00:00:01:00", 24, r"negative"),
    ("00:61:00:00", 24, r"minutes and seconds run 00-59"),
    ("00:00:01;00", 24, r"drop-frame.*only at 29.97"),
    ("00:00:01:00", 48, r"not a frame rate I know"),
    (10.5, 24, r"should be text"),
])
def test_bad_timecodes_say_why(tc, fps, message):
    with pytest.raises(ScoringError, match=message):
        timecode_to_seconds(tc, fps)


# ---------------------------------------------------------------- hits and clicks (beat 1 = the cue's start)
def test_tempo_for_hit_and_the_one_based_beat_helpers():
    assert tempo_for_hit(10.0, 21) == pytest.approx(120.0) and tempo_for_hit(7.5, 17) == pytest.approx(128.0)
    assert beat_at(10.0, 120) == 21.0 and beat_at("00:00:10:00", 120) == 21.0
    assert seconds_at(21, 120) == 10.0 and seconds_at(1, 90) == 0.0


@given(st.floats(1.0, 60.0), st.integers(2, 120))
def test_the_hit_lands_on_its_beat(t, n):
    assume(20 <= 60 * (n - 1) / t <= 400)
    assert beat_at(t, tempo_for_hit(t, n)) == pytest.approx(n)
    assert seconds_at(n, tempo_for_hit(t, n)) == pytest.approx(t)


@pytest.mark.parametrize("bpm,click", [(60, "24-0"), (120, "12-0"), (117.55, "12-2"), (144, "10-0"),
                                       (72, "20-0"), (165, "8-6")])
def test_frame_clicks_count_frames_and_eighths_at_24_fps(bpm, click):
    assert frame_click(bpm) == click


def test_click_to_bpm_inverts_the_click():
    assert frame_click(120, 25) == "12-4" and frame_click(120, 30) == "15-0"
    assert click_to_bpm("12-0") == pytest.approx(120) and click_to_bpm("24-0") == pytest.approx(60)
    assert click_to_bpm("12-2") == pytest.approx(1440 / 12.25) and click_to_bpm("15-0", 30) == pytest.approx(120)
    with pytest.raises(ScoringError, match="eighths run 0-7; 12-8 is 13-0"):
        click_to_bpm("12-8")


@given(st.floats(*TEMPO_RANGE), st.sampled_from(sorted(FRAME_RATES)))
def test_every_tempo_has_a_playable_click_within_half_an_eighth(bpm, fps):
    back = click_to_bpm(frame_click(bpm, fps), fps)
    real = FRAME_RATES[fps][1]
    assert TEMPO_RANGE[0] <= back <= TEMPO_RANGE[1]
    assert abs(real * 60 / back - real * 60 / bpm) <= 1 / 16 + 1e-9      # frames per beat, to an eighth


def test_bar_and_beat():
    assert bar_and_beat(1) == "1.1" and bar_and_beat(5) == "2.1" and bar_and_beat(27) == "7.3"
    assert bar_and_beat(58.5) == "15.2+" and bar_and_beat(4, 3) == "2.1"
    assert bar_and_beat(4.9999999999) == "2.1"                 # a hair before a downbeat is that downbeat


# ---------------------------------------------------------------- the module's shape
def test_the_clock_imports_only_the_standard_library_numpy_errors_and_checks():
    from scoring.render import checks

    for module, inside in ((clock, True), (checks, False)):   # checks imports matplotlib inside axes() only
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        nodes = list(ast.walk(tree)) if inside else tree.body
        names = [a.name for n in nodes if isinstance(n, ast.Import) for a in n.names]
        names += [n.module for n in nodes if isinstance(n, ast.ImportFrom) and n.level == 0]
        assert not [n for n in nodes if isinstance(n, ast.ImportFrom) and n.level]   # no relative imports
        for name in names:
            top = name.split(".")[0]
            assert name in ("scoring.errors", "scoring.render.checks") or top == "numpy" or \
                top in sys.stdlib_module_names, name


def test_every_public_name_is_documented_with_a_lesson():
    for name in clock.__all__:
        obj = getattr(clock, name)
        if callable(obj):
            doc = inspect.getdoc(obj) or ""
            assert ">>>" in doc and doc.splitlines()[-1].startswith("Lesson: lessons/"), name
    for name, member in vars(TempoMap).items():
        if not name.startswith("_") and (callable(member) or isinstance(member, property)):
            doc = inspect.getdoc(member.fget if isinstance(member, property) else getattr(member, "__func__", member))
            assert doc and doc.count(">>>") == 1 and doc.splitlines()[-1].startswith("Lesson: lessons/"), name


def test_unknown_frame_rates_and_non_text_are_refused():
    with pytest.raises(ScoringError, match="not a frame rate I know"):
        timecode_to_seconds("00:00:01:00", 48)
    with pytest.raises(ScoringError, match="should be text"):
        timecode_to_seconds(10.5)
    with pytest.raises(ScoringError, match="negative"):
        seconds_to_timecode(-1)
    assert isinstance(ScoringError("x"), ValueError)
