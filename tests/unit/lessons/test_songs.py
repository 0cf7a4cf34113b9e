"""Lesson 10 (songs in film): the course song, the radio opening, cutting to the beat, temp curves,
and the exercises' checkers against their solutions, valid alternatives and starters."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring import Motif, ScoringError, TempoMap
from scoring.click import radio
from scoring.core.film import load_scene
from scoring.exercises import l10 as E
from scoring.songs import (CHORUS_CHORDS, VERSE_CHORDS, RadioOpening, beat_grid, curve_match, cut_points,
                           energy_curve, melody_fit, openness, recut, shared_run, snap_cuts, song, song_melody,
                           temp_track)

SR = 8000


# ---------------------------------------------------------------- the song
@pytest.mark.parametrize("part, chords", [("verse", VERSE_CHORDS), ("chorus", CHORUS_CHORDS)])
def test_the_song_sits_on_its_chords_on_strong_beats(part, chords):
    fit = melody_fit(song_melody(part), chords)
    assert fit.ok, fit
    assert len(fit.rows) >= 14


def test_a_clash_on_a_strong_beat_is_named():
    fit = melody_fit(Motif.parse("4/4 c4 d f e"), ["C"])
    assert fit.clashes == [(1, 3, "F4", "C")]


def test_the_song_has_melody_chords_bass_and_a_beat():
    s = song()
    assert [layer.role for layer in s.layers] == ["melody", "harmony", "bass", "kick", "backbeat"]
    assert s.quarter_length == 64 and s.tempo == 108


def test_song_refuses_an_unknown_part():
    with pytest.raises(ScoringError, match="verse"):
        song(["bridge"])


# ---------------------------------------------------------------- source into score
@pytest.fixture(scope="module")
def music():
    y, sr = song(["verse"]).to_audio(sample_rate=SR)
    return y[: 6 * sr], sr


def test_radio_opening_starts_as_a_radio_and_ends_as_the_score(music):
    y, sr = music
    out = RadioOpening(at=2.0, over=2.0).render(y, sr)
    assert out.shape == y.shape and np.isfinite(out).all() and np.abs(out).max() <= 1.0
    t, share = openness(out, sr)
    _, full = openness(y, sr)
    assert share[t < 2.0].max() < 0.25
    assert share[t > 4.25].mean() > 0.6 * full[t > 4.25].mean()


def test_openness_tells_radio_from_full_range(music):
    y, sr = music
    assert openness(y, sr)[1].mean() > 3 * openness(radio(y, sr), sr)[1].mean()


@given(st.floats(0, 20), st.floats(0, 10), st.floats(0, 40))
def test_the_band_only_widens(at, over, t):
    o = RadioOpening(at=at, over=over)
    lo, hi = o.band_at(t)
    lo2, hi2 = o.band_at(t + 0.5)
    assert lo2 <= lo and hi2 >= hi
    assert o.band_at(at - 1e-6 if at > 0 else 0) == (350, 3200) or at == 0


def test_radio_opening_refuses_a_bad_band():
    with pytest.raises(ScoringError, match="low < high"):
        RadioOpening(low=1900, high=1500)


# ---------------------------------------------------------------- cutting to the beat
tempo_maps = st.one_of(
    st.integers(60, 180).map(lambda b: TempoMap.constant(b)),
    st.tuples(st.integers(70, 140), st.integers(70, 140), st.integers(4, 32)).map(
        lambda x: TempoMap(tempi=((0, x[0]), (x[2], x[1])))),
    st.integers(80, 160).map(lambda b: TempoMap.constant(b, time_signature="3/4")),
)


@st.composite
def cuts_and_map(draw):
    clock = draw(tempo_maps)
    to = draw(st.sampled_from(["beat", "downbeat"]))
    grid = beat_grid(clock, 120.0, to=to)
    spacing = float(np.diff(grid).max())
    n = draw(st.integers(1, 8))
    gaps = draw(st.lists(st.floats(spacing * 1.01, spacing * 3), min_size=n, max_size=n))
    first = draw(st.floats(0.0, 5.0))
    cuts = list(first + np.cumsum([0.0] + gaps[:-1]))
    assume(cuts[-1] < 100)
    return clock, to, cuts


@settings(max_examples=60, deadline=None)
@given(cuts_and_map(), st.sampled_from([24, 25, 30]))
def test_every_cut_moves_to_its_nearest_beat_within_half_a_frame(case, fps):
    clock, to, cuts = case
    plan = snap_cuts(cuts, clock, to=to, fps=fps)
    grid = beat_grid(clock, cuts[-1] + 60, to=to)
    for old, new, off in zip(plan.old, plan.new, plan.off_beat):
        nearest = grid[np.argmin(np.abs(grid - old))]
        assert abs(new - nearest) * fps <= 0.5 + 1e-6           # on the beat, to the frame
        assert off <= 0.5 + 1e-6
        assert abs(new * fps - round(new * fps)) < 1e-4         # on a frame
        gap = np.abs(grid - old)
        assert abs(nearest - old) <= gap.min() + 1e-9           # the nearest beat, no other
    assert list(plan.new) == sorted(plan.new)
    assert all(abs(m) <= (np.diff(grid).max() / 2 + 0.5 / fps) * fps + 1e-6 for m in plan.moves)


@given(st.integers(60, 180), st.floats(0.0, 30.0))
def test_a_cut_on_a_beat_stays_put(bpm, t):
    clock = TempoMap.constant(bpm)
    on = float(beat_grid(clock, t + 2)[-1])
    on = round(on * 24) / 24
    plan = snap_cuts([on], clock)
    assert abs(plan.moves[0]) <= 0.5


def test_snap_cuts_reports_moves_in_frames():
    plan = snap_cuts([1.3, 2.9], TempoMap.constant(120))
    assert plan.new == (1.5, 3.0) and plan.moves == [4.8, 2.4] and plan.where == ("1|4", "2|3")


def test_two_cuts_on_one_downbeat_are_refused():
    with pytest.raises(ScoringError, match="both land"):
        snap_cuts([1.9, 2.1], TempoMap.constant(120), to="downbeat")


def test_recut_moves_shots_and_the_events_on_cuts():
    montage = load_scene("windows_down")
    plan = snap_cuts(cut_points(montage), song().tempo_map)
    cut = recut(montage, plan)
    assert [round(s.start, 6) for s in cut.shots[1:]] == list(plan.new)
    assert cut.shots[-1].end == montage.shots[-1].end
    sea = [e for e in cut.events if e.label == "the sea"][0]
    assert math.isclose(sea.at, plan.new[7])


# ---------------------------------------------------------------- temp tracks
def test_energy_curve_counts_notes_and_loudness_per_bar():
    curve = energy_curve(Motif.parse("4/4 c4 c c c c1", dynamics="f"))
    assert curve.onsets == (4, 1) and curve.loudness[0] == curve.loudness[1]


def test_a_copy_matches_the_curve_and_shares_the_tune():
    temp = temp_track()
    assert curve_match(energy_curve(temp), energy_curve(temp))["energy"] == 1.0
    assert shared_run(temp, temp) == len(temp.melody().notes) - 1 or shared_run(temp, temp) > 20


def test_a_transposed_tune_is_still_the_tune():
    tune = Motif.parse("4/4 d4 f a g f e d c")
    assert shared_run(tune, tune.transpose(5)) == 7


# ---------------------------------------------------------------- exercises
@pytest.fixture(scope="module")
def excerpt():
    return E.radio_excerpt()


def test_radio_exercise_accepts_the_solution_and_alternatives(excerpt):
    assert E.check_radio_opening(E._solution_radio_opening(), excerpt).ok
    for alt in (RadioOpening(at=3.5, over=1.5, space=0.6), RadioOpening(at=3.0, over=1.0, low=500, high=2500),
                RadioOpening(at=3.2, over=2.2, space=0.1, gain_db=-18)):
        assert E.check_radio_opening(alt, excerpt).ok, alt


@pytest.mark.parametrize("answer, says", [
    (RadioOpening(at=0.5, over=8.0), "already opens"),                 # the starter
    (RadioOpening(at=4.5, over=3.0), "not full yet"),
    (RadioOpening(at=3.0, over=0.2), "switched channel"),
    (RadioOpening(at=3.0, over=2.0, space=0.0), "space"),
    ("open it", "RadioOpening"),
])
def test_radio_exercise_rejects(excerpt, answer, says):
    fb = E.check_radio_opening(answer, excerpt)
    assert not fb.ok and says in repr(fb)


def test_cut_exercise_accepts_the_solution_and_a_plan():
    assert E.check_montage_cuts(E._solution_montage_cuts()).ok
    montage = load_scene("windows_down")
    to = ["downbeat" if i in (E.SEA_CUT, E.GREEN_CUT) else "beat" for i in range(1, 10)]
    assert E.check_montage_cuts(snap_cuts(cut_points(montage), song().tempo_map, to=to)).ok


def test_cut_exercise_accepts_another_beat_within_the_move_limit():
    cuts = E._solution_montage_cuts()
    beat = 60 / 108
    cuts[0] = round((cuts[0] + beat) * 24) / 24        # a beat later: still on a beat, moved < 12 frames
    assert E.check_montage_cuts(cuts).ok


@pytest.mark.parametrize("make, says", [
    (lambda: cut_points(load_scene("windows_down")), "off the nearest beat"),     # the starter
    (lambda: snap_cuts(cut_points(load_scene("windows_down")), song().tempo_map), "wants a downbeat"),
    (lambda: [1.0, 2.0], "give 9 cut times"),
])
def test_cut_exercise_rejects(make, says):
    fb = E.check_montage_cuts(make())
    assert not fb.ok and says in repr(fb)


def test_temp_exercise_accepts_the_solution_and_a_cue():
    from scoring.harmony import harmonize

    solution = E._solution_temp_cue()
    assert E.check_temp_cue(solution).ok
    assert E.check_temp_cue(solution.with_tempo(128)).ok                  # within 4 %
    cue = harmonize(solution, ["Dm", "Dm", "Bb", "C", "Dm", "Gm", "Bb", "Dm"])
    assert E.check_temp_cue(cue).ok


@pytest.mark.parametrize("make, says", [
    (temp_track, "temp's tune"),                                           # the starter
    (lambda: E._solution_temp_cue().with_tempo(100), "BPM"),
    (lambda: song_melody().with_tempo(132), "activity"),
    (lambda: Motif.parse("4/4 d'1", tempo=132), "bars"),
])
def test_temp_exercise_rejects(make, says):
    fb = E.check_temp_cue(make())
    assert not fb.ok and says in repr(fb)


def test_usage_and_rights_accept_their_solutions_and_lower_case():
    assert E.check_usage(E._solution_usage()).ok
    assert E.check_usage([c.lower() for c in E._solution_usage()]).ok
    assert E.check_rights(E._solution_rights()).ok
    assert E.check_rights([["sync", "master"], ("SYNC",), None]).ok


def test_usage_and_rights_reject_their_starters_with_hints():
    fb = E.check_usage(["BI", "BI", "BI", "BI"])
    assert not fb.ok and "seen on screen" in repr(fb) and "singing" in repr(fb)
    fb = E.check_rights([{"sync"}, {"sync"}, {"sync"}])
    assert not fb.ok and "label" in repr(fb) and "contract" in repr(fb)


def test_every_solution_is_accepted():
    for name, (checker, solution) in E.SOLUTIONS.items():
        assert checker(solution()).ok, name
