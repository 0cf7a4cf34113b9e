"""Lesson 06's package (scoring.sync, scoring.click, scoring.sync_view): timecode, tempos for hits,
tempo fitting, click tracks that follow the clock, click sheets, streamers, source music, cues built
on the beat grid, the hit-fitter panel and the lesson's exercises.

Every expected value is worked out here from the definitions (t = 3600·H + 60·M + S + FF/fps,
beat n = 1 + t·BPM/60, frames per beat = fps·60/BPM, drop-frame skips two frame numbers a
minute except every tenth), not copied from the code's output.
"""
from __future__ import annotations

import math
import re
import tracemalloc
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scoring.click as click_module
from scoring import Motif, ScoringError, TempoMap
from scoring.click import (MAX_CLICKS, click_sheet, click_times, click_track, excerpt_cue, frame_rate, radio,
                           render_excerpt, thud, with_click)
from scoring.core import time as clock_module
from scoring.core.cue import as_cue
from scoring.exercises import l06 as E
from scoring.sync import (FRAME_RATES, at_tempo, bar_and_beat, beat_at, click_to_bpm, fit_errors, fit_tempo,
                          frame_click, frames_to_timecode, layer_from_notes, mickey_mouse, seconds_at,
                          seconds_to_timecode, sketch_cue, tempo_for_hit, timecode_to_frames, timecode_to_seconds)
from scoring.sync_view import (fit_plot_alt, hear_offsets, listen, spectrum_plot, streamers_for, sync_html, timeline,
                               timeline_alt)
from support import band_energy, mono, rms, spectral_centroid

PULSE = Motif.parse("4/4 D8 D F D G D F E", key="D minor", instrument="Cello")
WORKED = [0, 4.0, 9.5, 15.25]          # the subject brief's worked example


# ---------------------------------------------------------------- one hit, clicks
def test_tempo_for_hit_is_the_brief_formula():
    assert tempo_for_hit(10.0, 21) == pytest.approx(120.0)      # the brief's example
    assert tempo_for_hit(7.5, 17) == pytest.approx(128.0)       # 16 beats in 7.5 s
    assert tempo_for_hit(10.5, 21.5) == pytest.approx(60 * 20.5 / 10.5)


@given(st.floats(1.0, 60.0), st.integers(2, 120))
def test_the_hit_lands_on_its_beat(t, n):
    bpm = 60 * (n - 1) / t
    if not 20 <= bpm <= 400:
        with pytest.raises(ScoringError, match="no one can play"):
            tempo_for_hit(t, n)
        return
    assert beat_at(t, tempo_for_hit(t, n)) == pytest.approx(n)
    assert seconds_at(n, tempo_for_hit(t, n)) == pytest.approx(t)


def test_tempo_for_hit_refuses_impossible_hits():
    with pytest.raises(ScoringError, match="after the cue's start"):
        tempo_for_hit(0, 5)
    with pytest.raises(ScoringError, match="above 1"):
        tempo_for_hit(4.0, 1)


@pytest.mark.parametrize("bpm,click", [(60, "24-0"), (120, "12-0"), (117.55, "12-2"), (144, "10-0"),
                                       (72, "20-0"), (165, "8-6")])
def test_frame_clicks_count_frames_and_eighths_at_24_fps(bpm, click):
    # 1440/BPM frames per beat, to the nearest eighth of a frame; 1440/165 = 8.727 -> 8 6/8
    assert frame_click(bpm) == click


def test_frame_clicks_depend_on_the_frame_rate():
    assert frame_click(120, 25) == "12-4"           # 25·60/120 = 12.5 frames
    assert frame_click(120, 30) == "15-0"


def test_click_to_bpm_inverts_the_click():
    assert click_to_bpm("12-0") == pytest.approx(120)
    assert click_to_bpm("12-2") == pytest.approx(1440 / 12.25)
    assert click_to_bpm("24-0") == pytest.approx(60)
    assert click_to_bpm("15-0", 30) == pytest.approx(120)
    with pytest.raises(ScoringError, match="eighths run 0-7; 12-8 is 13-0"):
        click_to_bpm("12-8")
    with pytest.raises(ScoringError, match="not a frame click"):
        click_to_bpm("twelve")


def test_bar_and_beat():
    assert bar_and_beat(1) == "1.1" and bar_and_beat(5) == "2.1" and bar_and_beat(27) == "7.3"
    assert bar_and_beat(58.5) == "15.2+"
    assert bar_and_beat(4, 3) == "2.1"


# ---------------------------------------------------------------- fitting a tempo
def worst_error(hits, bpm, sub=1, fps=24):
    """The largest distance (frames) from a hit to its nearest beat (or subdivision), beat 1 at 0 s."""
    grid = 60 / bpm / sub
    return max(abs(round(t / grid) * grid - t) * fps for t in hits)


def test_the_worked_example_fits_165_bpm():
    fit = fit_tempo(WORKED)
    assert fit.bpm == 165
    assert fit.beats == (1, 12, 27, 43)
    assert fit.worst == pytest.approx(0.125 * 60 / 165 * 24)        # 9.5 s is 26.125 beats in
    assert 1.0 < fit.worst < 1.2
    assert fit.click == "8-6"


def test_a_whole_bpm_fit_names_the_click_that_is_not_quite_it():
    # 165 BPM is 8.727 frames a beat; the nearest click, 8-6, is 8.75 frames: 1440 / 8.75 = 164.57 BPM
    assert "click 8-6 ≈ 164.57 BPM" in repr(fit_tempo(WORKED))
    assert "(click 12-0):" in repr(at_tempo([0, 4.0], 120))          # an exact click needs no correction


def test_a_fit_on_the_click_grid_plays_on_a_frame_click():
    fit = fit_tempo(WORKED, (60, 180), clicks=True)
    # every tempo tried is 24·60·8 / n for n eighths of a frame; the winner is one of them exactly
    eighths = 11520 / fit.bpm
    assert eighths == pytest.approx(round(eighths), abs=1e-9)
    assert click_to_bpm(fit.click) == pytest.approx(fit.bpm, abs=1e-9)
    # and it is the best of them: no click tempo in the range has a smaller worst error
    clicks = [11520 / n for n in range(64, 193) if 60 <= 11520 / n <= 180]
    assert fit.worst == pytest.approx(min(worst_error(WORKED, b) for b in clicks))
    # 8-6 (70 eighths, 164.57 BPM): 15.25 s against beat 43, 42 × 8.75 = 367.5 frames: 1.5 frames late
    assert worst_error(WORKED, 11520 / 70) == pytest.approx(1.5)
    assert fit.worst <= 1.5 + 1e-9
    with pytest.raises(ScoringError, match="no frame click"):
        fit_tempo(WORKED, (100.05, 100.1), clicks=True)   # 115.1 eighths: no click


def test_the_fit_is_the_best_whole_tempo_in_the_range():
    fit = fit_tempo(WORKED, (60, 180))
    best = min(worst_error(WORKED, b) for b in range(60, 181))
    assert fit.worst == pytest.approx(best)
    assert all(worst_error(WORKED, a.bpm) >= fit.worst - 1e-9 for a in fit.alternatives)


def test_errors_are_signed_frames_music_early_is_negative():
    fit = fit_tempo(WORKED)
    beat27 = 26 * 60 / 165                       # 9.4545 s, before the 9.5 s hit
    assert fit.errors[2] == pytest.approx((beat27 - 9.5) * 24) and fit.errors[2] < 0
    assert fit.errors[0] == 0


def test_eighths_and_finer_steps_fit_at_least_as_well():
    coarse = fit_tempo(WORKED)
    assert fit_tempo(WORKED, step=0.01).worst <= coarse.worst
    eighths = fit_tempo(WORKED, subdivision=2)
    # 120 BPM: 4.0 s = 8 beats, 9.5 s = 19 beats, 15.25 s = 30.5 beats: all exactly on eighths
    assert eighths.bpm == 120 and eighths.worst == pytest.approx(0) and eighths.beats == (1, 9, 20, 31.5)


def test_alternatives_are_ranked_and_distinct():
    fit = fit_tempo(WORKED, alternatives=5)
    worsts = [a.worst for a in fit.alternatives]
    assert len(fit.alternatives) == 5 and worsts == sorted(worsts)
    assert len({a.bpm for a in fit.alternatives} | {fit.bpm}) == 6
    assert "rank" in fit.ranking() and fit.ranking().count("\n") == 6


def test_fit_does_not_depend_on_where_the_clock_starts():
    moved = fit_tempo([h + 3600 for h in WORKED], start=3600)
    assert moved.bpm == 165 and moved.beats == (1, 12, 27, 43) and moved.start == 3600
    as_tc = fit_tempo(["01:00:00:00", "01:00:04:00", "01:00:09:12", "01:00:15:06"], start="01:00:00:00")
    assert as_tc.bpm == 165


def test_a_slower_range_gives_a_slower_tempo():
    assert fit_tempo(WORKED, (60, 110)).bpm <= 110


def test_ties_go_to_the_target_tempo():
    # two hits 10 s apart sit exactly on a beat at every multiple of 6 BPM
    assert fit_tempo([0, 10.0], (60, 180), target=96).bpm == 96
    assert fit_tempo([0, 10.0], (60, 180)).bpm == 120      # the middle of the range


def test_fit_errors_is_the_landscape():
    bpms, worst = fit_errors([0, 10.0], (100, 140), step=10)
    assert list(bpms) == [100, 110, 120, 130, 140]
    assert worst[2] == pytest.approx(0)
    assert worst[0] == pytest.approx(worst_error([0, 10.0], 100))


def test_at_tempo_reports_a_chosen_tempo():
    fit = at_tempo([0, 10.5], 116)
    assert fit.bpm == 116 and fit.beats == (1, 21)
    assert fit.errors[1] == pytest.approx((20 * 60 / 116 - 10.5) * 24)


@pytest.mark.parametrize("kwargs,message", [
    (dict(hits=[]), "at least one hit"),
    (dict(hits=[1.0, 2.0], start=1.5), "before the cue's start"),
    (dict(hits=[0, 1], bpm_range=(180, 60)), "slowest < fastest"),
    (dict(hits=[0, 1], subdivision=5), "subdivision=5"),
    (dict(hits=[0, 1], step=0), "step=0"),
])
def test_fit_tempo_refuses_bad_input(kwargs, message):
    with pytest.raises(ScoringError, match=message):
        fit_tempo(**kwargs)


# ---------------------------------------------------------------- sound: clicks, thuds, radio
def onsets(y, sr, threshold=0.05):
    """Times (s) where the signal jumps above ``threshold`` after 20 ms of quiet."""
    env = np.abs(mono(y))
    out, quiet = [], int(0.02 * sr)
    last = -quiet
    for i in np.flatnonzero(env > threshold):
        if i - last >= quiet:
            out.append(i / sr)
        last = i
    return out


def test_click_times_count_in_then_accent_each_bar():
    times = click_times(120, beats=8, warning=4)
    assert [k for _, k in times] == ["warning"] * 4 + ["downbeat", "beat", "beat", "beat"] * 2
    assert [t for t, _ in times] == [i * 0.5 for i in range(12)]


def test_click_track_clicks_where_the_beats_are():
    y, sr = click_track(120, beats=8, warning=4)
    assert onsets(y, sr) == pytest.approx([i * 0.5 for i in range(12)], abs=0.002)


def test_downbeats_are_louder_and_higher_than_beats_and_warnings_lower():
    y, sr = click_track(120, beats=4, warning=1)
    n = int(0.03 * sr)
    warning, down, beat = (y[int(t * sr):int(t * sr) + n] for t in (0.0, 0.5, 1.0))
    assert rms(down) > rms(beat)
    assert spectral_centroid(down, sr) > spectral_centroid(beat, sr) > spectral_centroid(warning, sr)


def test_with_click_puts_a_bar_of_warning_before_the_music():
    m = Motif.parse("4/4 c'4 e' g' c''", tempo=120)
    y, sr = with_click(m)
    first_bar = y[: int(1.95 * sr)]
    # before the music starts there is only click: energy around 200-600 Hz (where the piano's
    # C5 would sound) stays tiny compared with the bar after
    assert band_energy(first_bar, sr, 200, 600) < 0.05 * band_energy(y[int(2 * sr):int(4 * sr)], sr, 200, 600)
    assert len(y) / sr == pytest.approx(2.0 + 2.0 + 1.0, abs=0.01)


def test_thuds_sound_where_the_hits_are():
    silent_music = Motif.parse("4/4 r1 c''16", tempo=60)     # four beats of rest, then a tiny note
    y, sr = render_excerpt(silent_music, start=0.0, end=3.0, thuds=[1.25])
    assert onsets(y, sr)[0] == pytest.approx(1.25, abs=0.003)
    assert len(thud(8000)) == int(0.35 * 8000)


def test_radio_is_band_limited_and_quieter():
    sr = 22050
    t = np.arange(sr) / sr
    y = np.stack([0.3 * np.sin(2 * np.pi * 80 * t) + 0.3 * np.sin(2 * np.pi * 1000 * t)] * 2, axis=1)
    r = radio(y, sr)
    assert r.shape == y.shape
    assert band_energy(r, sr, 60, 100) < 0.01 * band_energy(r, sr, 900, 1100)
    assert rms(r) < rms(y)
    assert radio(y[:, 0], sr).ndim == 1
    with pytest.raises(ScoringError, match="band"):
        radio(y, sr, low=3000, high=300)


# ---------------------------------------------------------------- streamers and timelines
def test_streamers_lead_into_the_beats_with_the_conventional_colours():
    fit = fit_tempo(WORKED)
    marks = streamers_for(fit, end=16.0, warning=4, length=3.0)
    colours = [s.colour for s in marks]
    assert colours[0] == "yellow" and colours[1] == "green" and colours[-1] == "red"
    spb = 60 / 165
    assert marks[0].end == pytest.approx(-4 * spb)
    assert [round(s.end, 4) for s in marks[2:-1]] == [round(11 * spb, 4), round(26 * spb, 4), round(42 * spb, 4)]
    assert all(s.end - s.start == pytest.approx(3.0) for s in marks)


def test_a_hit_on_a_downbeat_gets_a_green_streamer():
    fit = at_tempo([0, 4.0], 120)            # 4.0 s = beat 9, the downbeat of bar 3
    assert [s.colour for s in streamers_for(fit)] == ["green", "green"]


def test_timeline_without_streamers_has_no_streamer_row():
    fit = fit_tempo(WORKED)
    with_row = timeline(hits=WORKED, fit=fit)
    without = timeline(hits=WORKED, fit=fit, streamers=False)
    assert [t.get_text() for t in with_row.get_yticklabels()] == ["streamers"]
    assert "streamers" not in [t.get_text() for t in without.get_yticklabels()]
    # the hits are still drawn, as red lines across the whole timeline
    reds = [l for l in without.lines if l.get_color() == "#c23a3a" and len(set(l.get_xdata())) == 1]
    assert len(reds) == len(WORKED)


def bar_lines(ax) -> list[float]:
    """Where a timeline's bar lines (the darker lines of its beat grid) stand, in seconds."""
    from matplotlib.colors import to_hex

    grid = [c for c in ax.collections if c.get_gid() == "beat grid"]
    assert len(grid) == 1
    return sorted(float(seg[0][0]) for seg, colour in zip(grid[0].get_segments(), grid[0].get_colors())
                  if to_hex(colour) == "#888888")


def test_timeline_draws_every_hit_and_the_bar_lines():
    fit = fit_tempo(WORKED)
    ax = timeline(hits=WORKED, fit=fit, window=(0, 16))
    reds = [l for l in ax.lines if l.get_color() == "#c23a3a" and len(set(l.get_xdata())) == 1]
    assert sorted(float(l.get_xdata()[0]) for l in reds) == WORKED
    bars = bar_lines(ax)
    assert len(bars) == len([k for k in range(100) if k % 4 == 0 and k * 60 / 165 <= 16])
    assert all(a < b for a, b in zip(bars, bars[1:]))


# ---------------------------------------------------------------- cues on the grid
def onsets_of(cue, role):
    t, out = Fraction(0), []
    for c in cue.layer(role).chords:
        if not c.is_rest:
            out.append((t, c))
        t += c.duration
    return out


def test_layer_from_notes_fills_gaps_with_rests_and_cuts_overlaps():
    layer = layer_from_notes("x", [(0, 2, [60], 80), (1, 1, [62], 80), (3, 1, [64], 80)], total=4)
    assert [(c.pitches, c.duration) for c in layer.chords] == [((60,), 1), ((62,), 1), ((), 1), ((64,), 1)]
    long = layer_from_notes("x", [(40, 1, [60], 80)], total=41)
    assert sum(c.duration for c in long.chords) == 41 and long.chords[-1].pitches == (60,)


def test_sketch_puts_a_stab_on_every_hit_at_one_tempo():
    cue = sketch_cue(120, beats=24, hits=[1, 5.5, 22], pulse=PULSE, chords=["i", "VI"])
    assert cue.tempo == 120 and cue.quarter_length == 24
    assert [t for t, _ in onsets_of(cue, "stabs")] == [0, Fraction(9, 2), 21]
    assert [t for t, _ in onsets_of(cue, "timpani")] == [0, Fraction(9, 2), 21]
    # a stab is its bar's chord: D minor in bar 1, Bb major (VI) in bars 2 and 6
    stabs = [{p % 12 for p in c.pitches} for _, c in onsets_of(cue, "stabs")]
    assert stabs == [{2, 5, 9}, {10, 2, 5}, {10, 2, 5}]


@pytest.mark.parametrize("stab, timpani, roles", [
    ("Brass Section", True, {"stabs", "timpani"}),
    ("Pizzicato Strings", False, {"stabs"}),
    (None, True, {"timpani"}),
    (None, False, set()),
])
def test_sketch_accents_are_what_stab_and_timpani_say(stab, timpani, roles):
    cue = sketch_cue(120, beats=16, hits=[5, 13], pulse=PULSE, stab=stab, timpani=timpani)
    assert {r.role for r in cue.layers} & {"stabs", "timpani"} == roles
    if stab:
        assert cue.layer("stabs").instrument == stab


def test_sketch_refuses_a_stab_that_is_not_an_instrument_name():
    with pytest.raises(ScoringError, match="stab="):
        sketch_cue(120, beats=16, hits=[5], pulse=PULSE, stab=3)
    with pytest.raises(ScoringError, match="timpani="):
        sketch_cue(120, beats=16, hits=[5], pulse=PULSE, timpani="yes")


def test_sketch_silences_are_silent_in_every_layer():
    cue = sketch_cue(120, beats=16, hits=[9], pulse=PULSE, silences=[(7, 9)])
    for e in cue.events():
        assert not (3.0 - 1e-9 < e.start < 4.0 - 1e-9), e      # beats 7-9 are 3.0-4.0 s
        assert not (e.start < 3.0 - 1e-9 and e.end > 3.0 + 1e-6), e   # nothing rings on into the hole
    assert any(abs(e.start - 4.0) < 1e-9 for e in cue.events())


def test_sketch_yields_to_dialogue():
    melody = Motif.parse("4/4 a1 d'1 a1 d'1", instrument="French Horn")
    cue = sketch_cue(120, beats=16, pulse=PULSE, melody=melody, quiet=[(5, 9)])
    for t, c in onsets_of(cue, "melody"):
        assert not 4 <= t < 8
    for layer in cue.layers:
        t = Fraction(0)
        for c in layer.chords:
            if not c.is_rest and 4 <= t < 8:
                assert c.velocity <= 64, (layer.role, t, c.velocity)
            t += c.duration


def test_sketch_dynamics_follow_the_shape():
    cue = sketch_cue(120, beats=16, pulse=PULSE, shape=lambda beat: 0.1 if beat < 9 else 0.9)
    early = [c.velocity for t, c in onsets_of(cue, "pulse") if t < 8]
    late = [c.velocity for t, c in onsets_of(cue, "pulse") if t >= 8]
    assert max(early) < min(late)
    # calm thins the ostinato to the beats: no off-beat eighths in the first two bars
    assert all(t.denominator == 1 for t, _ in onsets_of(cue, "pulse") if t < 8)
    assert any(t.denominator == 2 for t, _ in onsets_of(cue, "pulse") if t >= 8)


def test_sketch_moves_the_pulse_through_the_chords_in_the_key():
    cue = sketch_cue(120, beats=8, pulse=PULSE, chords=["i", "VII"], key="D minor")
    bar2 = [c.pitches[0] for t, c in onsets_of(cue, "pulse") if t >= 4]
    d_minor = {2, 4, 5, 7, 9, 10, 0}
    assert all(p % 12 in d_minor for p in bar2)
    assert bar2[0] % 12 == 0          # the ostinato's D moves to C, the root of VII


def test_sketch_refuses_hits_outside_the_cue():
    with pytest.raises(ScoringError, match="outside the cue"):
        sketch_cue(120, beats=8, hits=[12])


def test_excerpt_cue_keeps_the_bars_asked_for():
    cue = sketch_cue(120, beats=16, hits=[9], pulse=PULSE)
    part = excerpt_cue(cue, 9, 13)
    assert part.quarter_length == 4 and part.tempo == 120
    assert onsets_of(part, "stabs")[0][0] == 0


def test_mickey_mouse_puts_a_note_on_every_action():
    actions = [0, 0.5, 1.25, 2.0]
    fit = fit_tempo(actions, (100, 140), subdivision=4)
    cue = mickey_mouse(fit, ["C4", "D4", "E4", "G4"])
    starts = sorted({e.start for e in cue.events()})
    assert starts == pytest.approx([(b - 1) * 60 / fit.bpm for b in fit.beats])
    assert max(abs(s - a) * 24 for s, a in zip(starts, actions)) <= fit.worst + 1e-9


def test_sync_html_shows_notation_sound_and_timeline():
    m = Motif.parse("4/4 c4 e g c'", tempo=120, name="Hit")
    view = sync_html(m, hits=[1.5], fit=fit_tempo([1.5], (110, 130)))
    assert view.html.count("<audio") == 1 and "data:image/svg+xml" in view.html and "data:image/png" in view.html
    assert "120 BPM" in repr(view)


# ---------------------------------------------------------------- the panel
def test_hit_fitter_view_fits_what_fit_tempo_fits():
    from scoring.panels import hit_fitter_view

    fit, html = hit_fitter_view([0, 4.0, 9.5, 15.25], bpm_range=(60, 180), subdivision=2, sound=False)
    assert fit.bpm == fit_tempo(WORKED, subdivision=2).bpm
    assert "<audio" not in html and html.count("<img") == 2
    _, with_sound = hit_fitter_view([0, 2.0], bpm_range=(100, 140))
    assert with_sound.count("<audio") == 1


def test_hit_fitter_panel_follows_its_sliders():
    from scoring.panels import hit_fitter

    panel = hit_fitter([0, 4.0, 9.5, 15.25])
    controls, player, view = panel.children
    assert "165 BPM" in view.value
    sliders = controls.children[0].children
    sliders[2].value = 10.0                 # 0, 4, 10, 15.25
    assert "165 BPM" not in view.value.split("</b>")[0]
    hear = controls.children[1].children[2]
    hear.click()
    assert "<audio" in player.value


# ---------------------------------------------------------------- lesson 06's exercises
@pytest.mark.parametrize("name", ["timecodes", "hit_tempo", "three_hits", "cue_numbers"])
def test_reference_solutions_pass(name):
    checker, solution = E.SOLUTIONS[name]
    feedback = checker(solution())
    assert feedback.ok, feedback


def test_timecode_quiz_answers_are_the_formula():
    want = [10 + 12 / 24, 62 + 20 / 25, 17982 * 1001 / 30000]
    assert E._solution_timecodes() == pytest.approx(want)
    assert E.check_timecodes(want).ok


@pytest.mark.parametrize("answer,expected", [
    ([10.0, 62.0, 600.6], r"left out the frames.*non-drop"),
    ([10.12, 62.2, 600.0], r"not hundredths.*divide 12 by 24"),
    ([10.5, 62 + 20 / 24, 600.0], r"runs at 25 fps"),
    ("10.5 62.8 600", r"list of 3 numbers"),
])
def test_timecode_quiz_explains_mistakes(answer, expected):
    fb = E.check_timecodes(answer)
    assert not fb.ok and re.search(expected, "; ".join(fb.notes))


def test_hit_tempo_quiz():
    assert E.check_hit_tempo(128).ok            # 7.5 s × 128/60 = 16 beats: beat 17, bar 5's downbeat
    assert not E.check_hit_tempo(96).ok         # also a downbeat (beat 13) but outside 100-130
    fb = E.check_hit_tempo(120)                 # beat 16: beat 4 of bar 4
    assert not fb.ok and "beat 4 of bar 4" in fb.notes[0]
    fb = E.check_hit_tempo(110)
    assert not fb.ok and "between beats" in fb.notes[0]
    assert not E.check_hit_tempo("128").ok
    # the same tempo as a frame click, the way a scoring stage writes it: 11-2 is 1440/11.25 = 128 BPM
    assert E.check_hit_tempo("11-2").ok and E.check_hit_tempo(fit_tempo([0, 7.5], (100, 130), target=128)).ok
    assert 'reread "2 Hitting one point"' in E.check_hit_tempo(120).notes[0]


def test_three_hits_quiz():
    hits = [timecode_to_seconds(tc) for tc in E.THREE_HITS]
    good = [b for b in range(80, 161) if worst_error(hits, b) <= 1.0]
    assert good, "the exercise must be solvable"
    assert all(E.check_three_hits(b).ok for b in good)
    assert not E.check_three_hits(120).ok and "more than one" in E.check_three_hits(120).notes[0]
    assert E.check_three_hits(fit_tempo(hits, (80, 160))).ok
    assert not E.check_three_hits(170).ok
    # a stab on the 'and' catches a hit too: 152 BPM puts the second hit on beat 19.5, within a frame
    eighths = fit_tempo(hits, (80, 160), subdivision=2)
    assert worst_error(hits, eighths.bpm) > 1.0 and eighths.worst <= 1.0
    fb = E.check_three_hits(eighths)
    assert fb.ok and "on the 'and' of a beat" in fb.notes[0]
    assert "fit_tempo" not in E.check_three_hits(120).notes[0]


def test_cue_numbers_quiz():
    assert E._solution_cue_numbers() == ["3M2", "3M1", "3M4", "3M3", "3M5"]   # by start time, read by hand
    fb = E.check_cue_numbers(["1M1", "1M2", "1M3", "1M4", "1M5"])
    assert not fb.ok and "starts '3M'" in fb.notes[0]
    fb = E.check_cue_numbers(["3M1", "3M2", "3M3", "3M4", "3M5"])
    assert not fb.ok and "follow the picture" in fb.notes[0] and "Harbour Lights" in fb.notes[0]
    fb = E.check_cue_numbers(["3M2", "3M1", "3M3", "3M4", "3M5"])
    assert not fb.ok and "'Radio in the Bar'" in fb.notes[0]
    assert fb.notes[-1] == 'reread "8 A spotting session": how cues are numbered'
    by_title = dict(zip([c[0] for c in E.REEL3_CUES], E._solution_cue_numbers()))
    assert E.check_cue_numbers(by_title).ok and E.check_cue_numbers(["3m2", "3M 1", "3M4", "3M3", "3M5"]).ok
    assert E.check_cue_numbers(["3M02", "3M01", "3m04", "3M003", "3M05"]).ok      # zero-padded, as many studios write
    fb = E.check_cue_numbers(["3M20", "3M01", "3M04", "3M03", "3M05"])
    assert not fb.ok and "is not 3M20:" in fb.notes[0]                          # quoted as written
    titled = dict(by_title)
    titled["Last look"] = titled.pop("Last Look")
    assert "'Last look' is not a cue of this reel" in E.check_cue_numbers(titled).notes[0]


# ---------------------------------------------------------------- the lesson's imports and the one clock
#: Where lesson 06 finds each name: the music and its clock in scoring.sync, what it shows in scoring.sync_view.
LESSON_06_NAMES = {
    "scoring.sync": "at_tempo seconds_at sketch_cue timecode_to_seconds seconds_to_timecode timecode_to_frames "
                    "bar_and_beat frame_click tempo_for_hit fit_tempo click_to_bpm click_track render_excerpt "
                    "mickey_mouse radio".split(),
    "scoring.sync_view": "sync_html hear_offsets fit_plot click_plot listen streamer_strip streamers_for timeline "
                         "spectrum_plot".split(),
}


@pytest.mark.parametrize("module", sorted(LESSON_06_NAMES))
def test_every_name_lesson_06_imports_is_exported(module):
    import importlib

    found = importlib.import_module(module)
    missing = [n for n in LESSON_06_NAMES[module] if n not in found.__all__ or not callable(getattr(found, n, None))]
    assert missing == []


@pytest.mark.parametrize("name", ["timecode_to_seconds", "seconds_to_timecode", "timecode_to_frames", "frame_click",
                                  "click_to_bpm", "tempo_for_hit", "bar_and_beat", "seconds_at", "beat_at"])
def test_the_timecode_maths_is_the_clocks_own(name):
    import scoring.sync as sync

    assert getattr(sync, name) is getattr(clock_module, name)      # one copy, in scoring.core.time


def test_no_lesson_06_module_converts_beats_to_seconds_by_hand():
    import inspect

    import scoring.sync as sync
    import scoring.sync_view as view

    for module in (sync, click_module, view, E):
        source = inspect.getsource(module)
        assert not re.search(r"60(\.0)?\s*/\s*[\w.]*(bpm|tempo)|(bpm|tempo)\w*\s*/\s*60", source), module.__name__


@pytest.mark.parametrize("call,message", [
    (lambda: fit_tempo([0, 1e12]), "more than 100 hours"),
    (lambda: fit_tempo([0, 700.0]), "past the 600 s"),
    (lambda: fit_tempo([0, float("nan")]), "not a finite number"),
    (lambda: fit_tempo([0, 4.0], subdivision=True), "subdivision"),
    (lambda: fit_tempo([0, 4.0], alternatives=-1), "alternatives"),
    (lambda: click_to_bpm("0-1"), "outside 20-400"),
    (lambda: seconds_at(float("nan"), 120), "not a finite number"),
    (lambda: bar_and_beat(5, 0), "beats_per_bar"),
    (lambda: layer_from_notes("x", [(0, 1, [60], 80)], total=1e9), "far past the longest cue"),
    (lambda: layer_from_notes("x", [(0, 1, [60], 80)], total=2001), "at most 2000"),
    (lambda: layer_from_notes("x", [(0, 1)], total=4), "onset, duration"),
    (lambda: sketch_cue(0, beats=8), "outside 20-400"),
    (lambda: sketch_cue(120, beats=8, hits=[float("nan")]), "not a finite number"),
    (lambda: at_tempo([0, 4.0], TempoMap.constant(120), beats_per_bar=3), "metres say where its bars fall"),
])
def test_bad_values_raise_a_scoring_error_saying_how_to_fix_them(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_numpy_numbers_are_welcome():
    fit = fit_tempo(np.array([0.0, 4.0, 9.5, 15.25]), (np.int64(60), np.float64(180)), np.int64(24))
    assert fit.bpm == 165
    assert at_tempo([np.float64(0), np.float64(10.5)], np.int64(116)).beats == (1, 21)
    assert len(click_times(np.float64(120), beats=np.int64(4), warning=np.int64(1))) == 5


def test_fitting_a_fine_grid_of_many_hits_stays_small_in_memory():
    hits = list(np.linspace(0, 60, 64))
    tracemalloc.start()
    fit = fit_tempo(hits, (20, 400), step=0.001)          # 380,001 tempos × 64 hits, in chunks
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * 2**20
    assert fit.worst <= at_tempo(hits, 120).worst + 1e-9


# ---------------------------------------------------------------- fits on the clock
def test_a_fits_clock_is_its_steady_tempo_in_its_bars():
    fit = fit_tempo(WORKED, beats_per_bar=3)
    assert fit.tempo_map.tempo == 165 and fit.tempo_map.metres[0][1] == "3/4"
    times = fit.beat_times(2.0)
    assert times == pytest.approx([k * 60 / 165 for k in range(int(2.0 * 165 / 60) + 1)])


def test_at_tempo_reads_hits_off_a_tempo_map():
    accel = TempoMap.constant(60).ramp(0, 4, 120)          # 60→120 over four beats: beat 4 after 4·ln 2 s
    hit = 4 * math.log(2)
    fit = at_tempo([0, hit, hit + 0.5], accel)
    assert fit.beats == (1, 5, 6)                          # after the ramp a beat is half a second
    assert fit.worst == pytest.approx(0, abs=1e-6)
    assert fit.tempo_map is accel and "60→120 BPM" in fit.summary()
    late = at_tempo([hit + 2 / 24], accel)                 # two frames late: the beat is 2 frames early
    assert late.errors[0] == pytest.approx(-2.0)
    assert fit.table().splitlines()[2].split()[3] == "2|1"   # bar 2, beat 1, by the map's bars


def test_mickey_mousing_runs_on_the_fits_clock():
    fit = fit_tempo([0, 0.5, 1.25, 2.0], (100, 140), subdivision=4)
    cue = mickey_mouse(fit, ["C4", "D4", "E4", "G4"])
    assert cue.tempo_map.tempo == fit.bpm
    with pytest.raises(ScoringError, match="one pitch per action"):
        mickey_mouse(fit, "C4 D4 E4 G4")


def test_a_sketch_can_run_on_a_tempo_map():
    accel = TempoMap.constant(90).ramp(8, 16, 120)
    cue = sketch_cue(accel, beats=16, hits=[9, 17 - 1], pulse=PULSE)
    assert cue.tempo_map == accel
    stab = sorted({round(e.start, 9) for e in cue.events() if e.program == cue.layer("stabs").program})
    assert stab == pytest.approx([accel.seconds_at(8), accel.seconds_at(15)])
    assert "90→120 BPM" in cue.notes


# ---------------------------------------------------------------- clicks follow the clock
ACCEL = TempoMap.constant(60).ramp(0, 4, 120)


def ramp_seconds(b, t0=60.0, t1=120.0, span=4.0):
    """Seconds to beat b of a straight-line tempo ramp t0→t1 over ``span`` beats, then steady:
    the integral of 60/(t0 + k·x) dx is 60/k·ln(1 + k·b/t0), worked out here by hand."""
    k = (t1 - t0) / span
    if b <= span:
        return 60 / k * math.log(1 + k * b / t0)
    return ramp_seconds(span) + (b - span) * 60 / t1


def test_a_variable_click_clicks_on_the_maps_beats():
    times = click_times(ACCEL, beats=8)
    assert [t for t, _ in times] == pytest.approx([ramp_seconds(b) for b in range(8)])
    assert [k for _, k in times] == ["downbeat", "beat", "beat", "beat"] * 2


def test_warning_clicks_count_in_at_the_starting_tempo():
    times = click_times(ACCEL, beats=4, warning=2)
    assert [t for t, k in times if k == "warning"] == pytest.approx([0.0, 1.0])     # 60 BPM: a second apart
    assert [t for t, k in times if k != "warning"] == pytest.approx([2 + ramp_seconds(b) for b in range(4)])


def test_the_click_accents_each_bar_of_the_maps_metres():
    clock = TempoMap.constant(120).metre(8, "3/4")
    kinds = [k for _, k in click_times(clock, beats=14)]
    assert kinds == ["downbeat", "beat", "beat", "beat"] * 2 + ["downbeat", "beat", "beat"] * 2
    six_eight = click_times(TempoMap.constant(120, time_signature="6/8"), beats=6)
    assert [t for t, _ in six_eight] == pytest.approx([i * 0.25 for i in range(12)])   # eighths at ♩ = 120
    assert [t for t, k in six_eight if k == "downbeat"] == pytest.approx([0.0, 1.5])


def test_music_brings_its_own_clock_and_length():
    cue = as_cue(Motif.parse("4/4 c'4 d' e' f' g' a' b' c''", tempo=60)).with_tempo_map(ACCEL)
    assert click_times(cue) == click_times(ACCEL, beats=8)


def test_a_variable_click_track_sounds_where_the_clock_says():
    y, sr = click_track(ACCEL, beats=8, warning=2)
    want = [0.0, 1.0] + [2 + ramp_seconds(b) for b in range(8)]
    assert onsets(y, sr) == pytest.approx(want, abs=0.002)


def test_with_click_follows_the_cues_tempo_map():
    rests = as_cue(Motif.parse("4/4 r1 r2. c'''16", tempo=60)).with_tempo_map(ACCEL)
    y, sr = with_click(rests)                                 # a bar of warning at 60 BPM: 4 s
    heard = [t for t in onsets(y, sr) if t < 4 + ramp_seconds(7) + 0.1]
    assert heard == pytest.approx([0, 1, 2, 3] + [4 + ramp_seconds(b) for b in range(8)], abs=0.002)


def test_render_excerpt_clicks_the_beats_inside_the_excerpt():
    rests = as_cue(Motif.parse("4/4 r1 r2. c'''16", tempo=60)).with_tempo_map(ACCEL)
    start, end = ramp_seconds(2) - 0.1, ramp_seconds(6) + 0.05
    y, sr = render_excerpt(rests, start=start, end=end, click=True, warning=1)
    lead = 60 / ACCEL.bpm_at(ACCEL.beat_at(start))              # one count-in click at the tempo there
    want = [0.0] + [lead + ramp_seconds(b) - start for b in (2, 3, 4, 5, 6)]
    assert onsets(y, sr) == pytest.approx(want, abs=0.002)


def test_click_sheet_lists_frame_clicks_and_ramps():
    clock = TempoMap.constant(60).ramp(16, 32, 120).hold(40, 2.0)
    sheet = click_sheet(clock, beats=48)
    assert [(r.bars, r.tempo, r.click) for r in sheet] == [
        ("1-4", "♩ = 60", "24-0"),                 # 1440/60 = 24 frames a beat at 24 fps
        ("5-8", "60→120", "accel. 60→120"),
        ("9-12", "♩ = 120", "12-0"),
        ("11", "hold", "hold 2 s (fermata)")]
    assert sheet[1].seconds == pytest.approx(16.0) and sheet[2].seconds == pytest.approx(16 + ramp_seconds(16, span=16))
    assert sheet[3].seconds == pytest.approx(sheet[2].seconds + 8 * 0.5)     # the hold starts on beat 40
    assert [r.click for r in click_sheet(clock, 25, beats=16)] == ["25-0"]  # 25·60/60 frames a beat at 25 fps
    rit = click_sheet(TempoMap.constant(120).ramp(8, 12, 90), beats=16)
    assert [r.click for r in rit] == ["12-0", "rit. 120→90", "16-0"]       # 1440/90 = 16 frames
    with pytest.raises(ScoringError, match="frame rate"):
        click_sheet(clock, 48, beats=16)
    with pytest.raises(ScoringError, match="give beats="):
        click_sheet(clock)


# ---------------------------------------------------------------- limits, memory and NaN
@pytest.mark.parametrize("call,message", [
    (lambda: click_track(20, beats=2000), "past the 600 s limit"),
    (lambda: click_track(200, beats=2000, warning=1), "over the 2000-click limit"),
    (lambda: click_track(120, beats=1e9), "beats="),
    (lambda: click_track(120, beats=4, level=float("nan")), "level"),
    (lambda: click_track(120, beats=4, sample_rate=10**9), "sample rate"),
    (lambda: click_times(120, beats=4, warning=True), "warning"),
    (lambda: click_times(120), "give beats="),
    (lambda: click_times("fast", beats=4), "beats per minute"),
    (lambda: thud(sample_rate=10**9), "sample rate"),
    (lambda: thud(seconds=float("inf")), "seconds"),
    (lambda: with_click(Motif.parse("c4 e g"), level=float("nan")), "level"),
    (lambda: with_click(Motif.parse("c4 e g"), level=2), "level"),
    (lambda: with_click("c4 e g"), "Motif or a Cue"),
    (lambda: render_excerpt(Motif.parse("c4 e g"), start=float("nan")), "start"),
    (lambda: render_excerpt(Motif.parse("c4 e g"), thuds=[float("nan")]), "thud"),
    (lambda: render_excerpt(Motif.parse("c4 e g"), start=1.0, end=0.5), "end must come after start"),
    (lambda: excerpt_cue(as_cue(Motif.parse("c4 e g")), 3, 2), "after first_beat"),
    (lambda: frame_rate(48), "not a frame rate I know"),
])
def test_click_and_excerpt_limits_are_clear(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_a_click_track_at_its_limit_is_only_as_big_as_its_samples():
    tracemalloc.start()
    y, sr = click_track(200, beats=MAX_CLICKS)                # 2000 beats at 200 BPM: 600 s
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert y.dtype == np.float32 and len(y) / sr == pytest.approx(599.7 + 0.2, abs=0.01)
    assert peak < y.nbytes + 16 * 2**20
    assert 0 < float(np.abs(y).max()) <= 1.0


def make_song(seconds, sr=22050):
    t = np.arange(int(seconds * sr)) / sr
    left = 0.4 * np.sin(2 * np.pi * 220 * t) * (1 + np.sin(2 * np.pi * 0.5 * t)) / 2 + 0.2 * np.sin(2 * np.pi * 60 * t)
    return np.stack([left, np.roll(left, 100)], axis=1).astype(np.float32), sr


def test_radio_without_drive_is_clean_and_never_nan():
    y, sr = make_song(2.0)
    for drive in (0, 0.0, np.float64(0)):
        r = radio(y, sr, drive=drive)
        assert np.isfinite(r).all() and r.shape == y.shape and float(np.abs(r).max()) > 0
    tone = np.sin(2 * np.pi * 1000 * np.arange(sr) / sr).astype(np.float32)
    clean, dirty = radio(tone, sr, drive=0), radio(tone, sr, drive=10)
    # distortion adds odd harmonics: energy at 3 kHz, relative to 1 kHz, grows with the drive
    assert band_energy(dirty, sr, 2900, 3100) / band_energy(dirty, sr, 900, 1100) > \
        10 * band_energy(clean, sr, 2900, 3100) / band_energy(clean, sr, 900, 1100)


@pytest.mark.parametrize("kwargs,message", [
    (dict(drive=-1), "drive"), (dict(drive=float("nan")), "drive"), (dict(drive=True), "drive"),
    (dict(gain_db=float("inf")), "gain_db"), (dict(low=float("nan")), "low"), (dict(high=20000), "high"),
    (dict(sample_rate=10**9), "sample rate"),
])
def test_radio_settings_are_checked(kwargs, message):
    y, sr = make_song(0.5)
    with pytest.raises(ScoringError, match=message):
        radio(y, **{"sample_rate": sr, **kwargs})


def test_radio_survives_silence_nan_and_bad_shapes():
    sr = 22050
    assert not np.abs(radio(np.zeros(sr, dtype=np.float32), sr)).any()
    broken = np.full((sr, 2), np.nan, dtype=np.float32)
    broken[::7] = 0.5
    assert np.isfinite(radio(broken, sr)).all()
    for bad in (np.zeros((10, 3)), np.zeros(0), np.array(["a", "b"])):
        with pytest.raises(ScoringError, match="samples"):
            radio(bad, sr)


def test_radio_in_blocks_sounds_the_same_as_in_one_piece(monkeypatch):
    y, sr = make_song(8.0)                                     # 176,400 frames: three blocks
    blocks = radio(y, sr)
    monkeypatch.setattr(click_module, "BLOCK", len(y) + 1)
    whole = radio(y, sr)
    assert np.abs(blocks - whole).max() < 1e-5


def test_radio_memory_grows_only_with_its_output():
    y, sr = make_song(60.0, 44100)
    tracemalloc.start()
    r = radio(y, sr)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1.3 * r.nbytes + 32 * 2**20


# ---------------------------------------------------------------- what the lesson shows
def test_sync_html_is_one_card_with_escaped_names_and_described_pictures():
    m = Motif.parse("4/4 c4 e g c'", tempo=120, name="<b>Hit</b> & run")
    view = sync_html(m, hits=[1.5], fit=fit_tempo([1.5], (110, 130)))
    assert "<b>Hit</b>" not in view.html and "&lt;b&gt;Hit&lt;/b&gt; &amp; run" in view.html
    assert 'alt="timeline, seconds across: 1 hit (red line) at 1.5 s' in view.html
    assert 'alt="score' in view.html or 'alt="notation' in view.html
    assert view.html.count("<audio") == 1


def test_listen_escapes_its_labels_and_checks_its_pairs():
    y = np.zeros((4410, 2), dtype=np.float32)
    view = listen([("<i>quiet</i>", y)], 44100)
    assert "<i>quiet</i>" not in view.html and "&lt;i&gt;quiet&lt;/i&gt;" in view.html
    with pytest.raises(ScoringError, match="pairs"):
        listen([y], 44100)
    with pytest.raises(ScoringError, match="sample rate"):
        listen([("x", y)], 0)


def test_hear_offsets_shows_one_player_per_offset_and_says_what_its_plot_shows():
    view = hear_offsets(Motif.parse("4/4 c4 e g c'", tempo=120), 1.5, frames=(0, -3))
    assert view.html.count("<audio") == 2
    assert "one row per offset (+0, -3 frames)" in view.html and "at most 3 frames (125 ms)" in view.html
    with pytest.raises(ScoringError, match="frames"):
        hear_offsets(Motif.parse("c4 e g"), 1.0, frames=(0, 1000))


def test_alt_texts_name_the_plot_its_axes_and_what_to_notice():
    fit = fit_tempo(WORKED)
    text = fit_plot_alt(fit)
    assert text.startswith("line plot") and "tempo" in text and "165 BPM" in text and "1.1 frames" in text
    assert "4 hits (red lines) at 0, 4, 9.5, 15.25 s" in timeline_alt(WORKED, fit=fit)


def test_spectrum_plot_of_a_long_clip_stays_small_in_memory():
    y = np.random.default_rng(0).standard_normal(44100 * 60).astype(np.float32)
    tracemalloc.start()
    ax = spectrum_plot([("noise", y)], 44100)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(ax.lines) == 1 and peak < 48 * 2**20
    with pytest.raises(ScoringError, match="too short"):
        spectrum_plot([("blip", y[:100])], 44100)


def test_streamers_and_timelines_follow_a_fits_tempo_map():
    fit = at_tempo([0, 4 * math.log(2)], ACCEL)
    ends = [round(s.end, 6) for s in streamers_for(fit)]
    assert ends == [0.0, round(4 * math.log(2), 6)]
    ax = timeline(hits=fit.hits, fit=fit, window=(0, 3))
    assert bar_lines(ax) == pytest.approx([0.0, ramp_seconds(4)])      # bar 2 starts after the accel.


def test_excerpt_cue_takes_its_slice_of_the_clock():
    cue = sketch_cue(TempoMap.constant(60).ramp(0, 8, 120), beats=16, hits=[9], pulse=PULSE)
    part = excerpt_cue(cue, 5, 9)
    assert part.tempo_map.tempo == pytest.approx(90.0)        # halfway up the ramp
    assert part.duration_seconds == pytest.approx(cue.tempo_map.seconds_at(8) - cue.tempo_map.seconds_at(4))


# ---------------------------------------------------------------- exercise 5: a figure written onto the hit
CODE_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")


@pytest.mark.parametrize("notes, tempo", [
    (None, None),                                        # the reference: 5.0 s at 96 BPM is beat 9
    ("4/4 r1 r2 r4 d'16 e' f' g' a'1", 96),             # a run of sixteenths in the last beat, a whole note
    ("4/4 r1 r1 a4 c'# d'2", 120),                       # another tempo: 5.0 s at 120 BPM is beat 11
    ("4/4 r1 r2 A8 c# e g f2 r2", 96),                    # lower, a dominant seventh run
    ("4/4 r1 r2 a4 c'# f'8 r8 r4", 96),                  # a short stab, with space after it
])
def test_hit_figure_accepts_every_figure_that_lands(notes, tempo):
    music = E._solution_hit_figure() if notes is None else Motif.parse(notes, key="D minor", tempo=tempo)
    fb = E.check_hit_figure(music)
    assert fb.ok, fb
    beat = 1 + E.FIGURE_HIT * music.tempo / 60           # beat n = 1 + t·BPM/60
    assert f"(beat {beat:g} at {music.tempo:g} BPM)" in fb.notes[0]


def test_hit_figure_reference_lands_on_the_downbeat_of_bar_3():
    music = E._solution_hit_figure()
    onsets = [round(s, 6) for s, *_ in __import__("scoring.silence", fromlist=["x"]).sounding_notes(music)]
    assert E.FIGURE_HIT in onsets and 1 + E.FIGURE_HIT * E.FIGURE_TEMPO / 60 == 9     # bar 3, beat 1 in 4/4


@pytest.mark.parametrize("notes, hint", [
    ("4/4 d'8 e' f' g' a'2 r2", r"starts at 1\.25 s, 90\.0 frames early"),          # the lesson's starter
    ("4/4 r1 r4 a8 b- c'# e' f'2", r"starts at 4\.38 s, 15\.0 frames early"),        # one beat short of rest
    ("4/4 r1 r2 a8 b- c'#4 r8 f'4.", r"starts at 5\.31 s, 7\.5 frames late"),      # an eighth's rest too many
    ("4/4 r1 r1 f'2", r"^0 notes in the two beats before the hit"),
    ("4/4 r1 r2 r8 a8 b- c'# e' f' g' a'", r"^the note on the hit lasts 0\.31 s, no longer than the 0\.31 s.*"
                                            r"next note comes 0\.31 s later"),            # the hit inside a run
])
def test_hit_figure_rejects_with_the_right_hint(notes, hint):
    fb = E.check_hit_figure(Motif.parse(notes, key="D minor", tempo=96))
    text = "; ".join(fb.notes)
    assert not fb.ok and re.search(hint, text), text
    assert 'reread "2 Hitting one point"' in text
    assert not any(CODE_CALL.search(n) for n in fb.notes)


def test_hit_figure_explains_a_wrong_kind_of_answer():
    for answer in (None, "4/4 r1 r2 a8 b- c'# e' f'2", 5.0):
        fb = E.check_hit_figure(answer)
        assert not fb.ok and "should be a Motif" in fb.notes[0]
    assert E.SOLUTIONS["hit_figure"] == (E.check_hit_figure, E._solution_hit_figure)
