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


@pytest.mark.parametrize("opening", [RadioOpening(at=2.0, over=2.0), RadioOpening(at=0.0, over=0.0),
                                     RadioOpening(at=3.3, over=0.0, space=0.0), RadioOpening(at=5.5, over=9.0, low=120)])
def test_radio_opening_is_each_stage_on_the_whole_sound_crossfaded(opening):
    """Each stage is worked out only where it sounds (a band-pass up to where its stage ends): the
    samples are those of every stage on the whole sound, each weighted by its crossfade. At the
    lesson's 22.05 kHz the middle stages are band-passes (at 8 kHz they would be the score, quieter)."""
    from scoring.render.dsp import bandpass, room, safe

    sr = 22050
    y = song(["verse"]).to_audio(sample_rate=sr)[0][: 6 * sr]
    k, top = 8, min(20000.0, 0.45 * sr)
    pos = opening.progress(np.arange(len(y)) / sr) * (k - 1)
    mix = np.zeros_like(y)
    for i in range(k):
        w = np.clip(1.0 - np.abs(pos - i), 0.0, 1.0).astype(np.float32)
        f = i / (k - 1)
        lo, hi = opening.low * (20 / opening.low) ** f, min(opening.high * (20000 / opening.high) ** f, top)
        gain = 10 ** (opening.gain_db * (1 - f) / 20)
        stage = (radio(y, sr, low=opening.low, high=min(opening.high, top - 1), gain_db=opening.gain_db,
                       drive=opening.drive) if i == 0 else y if i == k - 1 else
                 bandpass(y, sr, low=max(lo, 20.0), high=max(hi, lo * 2), order=2) * gain if hi < top else y * gain)
        mix += np.asarray(stage, dtype=np.float32) * w[:, None]
    if opening.space > 0:
        mix = mix + (room(mix, sr, wet=opening.space, seconds=2.0) - mix) * (pos / (k - 1)).astype(np.float32)[:, None]
    assert np.array_equal(opening.render(y, sr), safe(mix).astype(np.float32))


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
    assert [s.start for s in cut.shots[1:]] == list(plan.new)
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
    cue = harmonize(solution.melody(), ["Dm", "Dm", "Bb", "C", "Dm", "Gm", "Bb", "Dm"])   # the tune, other chords
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
    assert E.check_rights([{"sync", "master"}, "sync", set()]).ok              # one licence given bare
    assert not E.check_rights([{"sync", "master"}, "master", ""]).ok


def test_usage_and_rights_reject_their_starters_with_hints():
    fb = E.check_usage(["BI", "BI", "BI", "BI"])
    assert not fb.ok and "seen on screen" in repr(fb) and "singing" in repr(fb)
    fb = E.check_rights([{"sync"}, {"sync"}, {"sync"}])
    assert not fb.ok and "label" in repr(fb) and "contract" in repr(fb)


def test_every_solution_is_accepted():
    for name, (checker, solution) in E.SOLUTIONS.items():
        assert checker(solution()).ok, name


# ---------------------------------------------------------------- after the review
@pytest.mark.parametrize("answer, says", [
    (RadioOpening(at=3.0, over=4.0), "fully open only at 7 s"),        # still opening at 5.5 s
    (RadioOpening(at=5.0, over=1.0), "fully open only at 6 s"),        # opens too late
    (RadioOpening(at=3.0, over=2.0, gain_db=0), "not only thinner"),  # only the bass came back
])
def test_radio_exercise_rejects_late_or_level_openings(excerpt, answer, says):
    fb = E.check_radio_opening(answer, excerpt)
    assert not fb.ok and says in repr(fb), fb


def test_radio_exercise_accepts_an_opening_on_the_beat_and_a_gentler_radio(excerpt):
    assert E.check_radio_opening(RadioOpening(at=3.33, over=2.0), excerpt).ok        # beat 3 of bar 2
    assert E.check_radio_opening(RadioOpening(at=3.0, over=2.5, gain_db=-6), excerpt).ok


def test_a_scale_is_common_property_not_the_temps_tune():
    scale = Motif.parse("4/4 c'4 d' e' f' g' a' b' c''", tempo=132)
    assert shared_run(temp_track(), scale) == 0
    assert shared_run(temp_track(), scale, steps=True) >= 5
    assert "temp's tune" not in repr(E.check_temp_cue(scale))


def test_the_temp_solution_has_the_temps_density():
    fb = E.check_temp_cue(E._solution_temp_cue())
    assert fb.ok and "about as dense" in repr(fb)
    thin = E.check_temp_cue(E._solution_temp_cue().melody())
    assert "lighter than the temp" in repr(thin)


def test_the_temp_falls_away_in_bar_7():
    loud = energy_curve(temp_track()).loudness
    assert loud[6] < min(loud[4], loud[5]) - 20


def test_cut_exercise_refuses_a_time_between_frames():
    cuts = E._solution_montage_cuts()
    cuts[0] = 2.2222
    fb = E.check_montage_cuts(cuts)
    assert not fb.ok and "between frames" in repr(fb)


def test_cut_exercise_accepts_a_cut_one_frame_from_a_beat_on_a_frame():
    cuts = E._solution_montage_cuts()
    beat = 60 / 108
    exact = [i for i, c in enumerate(cuts) if abs(c / beat - round(c / beat)) < 1e-6
             and i + 1 not in (E.SEA_CUT, E.GREEN_CUT)]
    assert exact, cuts
    cuts[exact[0]] = round(cuts[exact[0]] * 24 + 1) / 24
    assert E.check_montage_cuts(cuts).ok


def test_a_cut_plan_says_what_it_snapped_to():
    cuts = cut_points(load_scene("windows_down"))
    assert "to the nearest downbeat" in repr(snap_cuts(cuts, song().tempo_map, to="downbeat"))
    assert "to the nearest beat;" in repr(snap_cuts(cuts, song().tempo_map))


def test_the_song_mix_backbeat_near_the_kick_and_the_tune_over_the_piano():
    s = song(["verse"])

    def level(role):
        y, _ = s.with_layers([s.layer(role)]).to_audio(sample_rate=SR)
        return 20 * np.log10(np.sqrt(np.mean(y ** 2)))

    assert level("kick") - level("backbeat") < 6
    assert level("melody") > level("harmony") + 2
    assert all(45 <= p <= 59 for c in s.layer("harmony").chords for p in c.pitches)      # under the tune
    assert min(p for c in s.layer("melody").chords for p in c.pitches) >= 60


def test_radio_summary_says_dry_when_there_is_no_hall():
    assert "dry" in RadioOpening(space=0).summary() and "hall" in RadioOpening(space=0.3).summary()


@pytest.mark.parametrize("answer", [
    lambda: E._solution_bridge(),
    lambda: Motif.parse("4/4 f1 g1 e1 b1"),                          # whole notes on chord tones
    lambda: Motif.parse("4/4 c'2 r2 d'4 c' b a g2 r4 f e4 d B2"),   # rests and passing notes
    lambda: Motif.parse("4/4 c'4 b a c' d'4 c' b d' b4 a g b g#2 e2"),  # G# and E: the dominant's tones
])
def test_bridge_accepts_chord_tones_on_strong_beats(answer):
    fb = E.check_bridge(answer())
    assert fb.ok, fb


@pytest.mark.parametrize("answer, says", [
    (lambda: Motif.parse("4/4 g1 g1 e1 a1"), "bar 1 beat 1: G4 is not in F"),
    (lambda: Motif.parse("4/4 f1 g1 e1"), "3 bars"),
    (lambda: Motif.parse("3/4 f2. g2. e2. a2."), "4/4"),
    (lambda: Motif.parse("4/4 f1 r1 e1 b1"), "bar 2 has no note"),
    (lambda: Motif.parse("4/4 f1 g1 e1 a1"), "bar 4 beat 1: A4 is not in E"),   # lands on Am before the verse does
    (lambda: Motif.parse("4/4 f1 g1 e1 g1"), "bar 4 beat 1: G4 is not in E"),   # E minor's G, not E major's G#
    (lambda: "F G E A", "Motif"),
])
def test_bridge_rejects(answer, says):
    fb = E.check_bridge(answer())
    assert not fb.ok and says in repr(fb), fb


def test_alt_texts_say_what_was_measured():
    from scoring.songs_view import energy_plot_alt, opening_plot_alt

    temp = energy_curve(temp_track())
    lover = energy_curve(temp_track().melody().transpose(2))
    assert "correlate 0.97" in energy_plot_alt(temp, lover)
    assert "bass below 350 Hz comes back" in opening_plot_alt(RadioOpening())


def test_montage_video_describes_where_the_cuts_fall():
    from types import SimpleNamespace

    from scoring.songs_view import montage_video

    montage = load_scene("windows_down")
    plan = snap_cuts(cut_points(montage), song().tempo_map)
    video = SimpleNamespace(mp4=b"\x00\x00\x00\x18ftyp", start=8.0, end=14.0, scene=montage,
                            picture=SimpleNamespace(size=(480, 270)), caption=lambda: "Windows Down 8-14 s",
                            transcript=lambda: ["02:00:09:06 [picture] The last traffic light <turns> green."])
    rough, snapped = montage_video(video, plan, snapped=False), montage_video(video, plan, snapped=True)
    assert "frames before its beat" in repr(rough) or "frames after its beat" in repr(rough)
    assert "on bar" in repr(snapped) and rough._repr_html_() != snapped._repr_html_()
    html = rough._repr_html_()                                  # the transcript, escaped, under the caption
    assert "Transcript (1 entries" in html and "light &lt;turns&gt; green" in html


def test_chord_chart_puts_the_chords_above_the_staff_and_refuses_odd_symbols():
    from scoring.songs_view import chord_chart

    chart = chord_chart(song_melody("verse"), VERSE_CHORDS)
    assert "chord symbols above the staff, one a bar: Am F C G Am F C G" in chart._repr_html_()
    with pytest.raises(ScoringError, match="chord 'Hmaj9'"):
        chord_chart(song_melody("verse"), ["Hmaj9"])


def test_shared_run_steps_must_be_a_flag():
    with pytest.raises(ScoringError, match="steps"):
        shared_run(Motif.parse("c4 e g"), Motif.parse("c4 e g"), steps="yes")


# ---------------------------------------------------------------- players and feedback, for every student
def test_listen_gives_each_player_a_visible_line_and_a_label():
    from scoring.songs_view import listen

    bell = Motif.parse("c4 e g", name="Bell <1>", tempo=60)
    page = listen([bell], ["three notes <up>"])
    html = page._repr_html_()
    assert html.count("<audio") == 1 and 'aria-label="Bell &lt;1&gt;: Acoustic Grand Piano, 60 BPM, 3.0 s"' in html
    assert "three notes &lt;up&gt;" in html and "<up>" not in html
    assert repr(page) == "Bell <1>: three notes <up> | " + bell.summary()
    with pytest.raises(ScoringError, match="one line per piece"):
        listen([bell, bell], ["one"])
    with pytest.raises(ScoringError, match="motifs or cues"):
        listen(["c4 e g"], ["x"])


@pytest.mark.parametrize("name, starter", [
    ("radio_opening", lambda: RadioOpening(at=0.5, over=8.0)),
    ("montage_cuts", lambda: cut_points(load_scene("windows_down"))),
    ("temp_cue", temp_track),
    ("usage", lambda: ["BI", "BI", "BI", "BI"]),
    ("rights", lambda: [{"sync"}, {"sync"}, {"sync"}]),
    ("bridge", lambda: Motif.parse("4/4 g4 a g f e4 f g a b4 a g f e4 d c2", key="A minor", tempo=108)),
])
def test_every_starter_is_told_which_section_to_reread(name, starter):
    checker, _ = E.SOLUTIONS[name]
    fb = checker(starter())
    text = "; ".join(fb.notes)
    assert not fb.ok and f'reread "{E._SECTIONS[name]}"' in text
    assert "Motif.parse" not in text and "snap_cuts(" not in text and "RadioOpening(" not in text


def test_bridge_rejects_the_starter_at_its_clashes_and_names_no_notes_to_play():
    fb = E.check_bridge(Motif.parse("4/4 g4 a g f e4 f g a b4 a g f e4 d c2", key="A minor", tempo=108))
    text = "; ".join(fb.notes)
    assert not fb.ok and "bar 1 beat 1: G4 is not in F" in text and "bar 2 beat 1: E4 is not in G" in text
    assert E._solution_bridge().summary().split(":")[1].split("|")[0].strip()[:11] not in text


def test_temp_exercise_accepts_a_cue_of_new_notes_with_its_own_pulse():
    from scoring.harmony import harmonize
    from scoring.sync import layer_from_notes

    def part(text, dynamics):
        return Motif.parse(text, key="D minor", tempo=132, instrument="Violin", dynamics=dynamics)

    tune = (part("4/4 f'1 e'2 r4 a", "pp") + part("4/4 d'4 f' e' d' c'8 d' e' f' g'4 a'", "mp")
            + part("4/4 a'8 g' f' e' d' e' f' g' a' b'- a' g' f' e' d' c'", "ff") + part("4/4 d'2 a4 f d1", "p"))
    assert E.check_temp_cue(tune).ok, E.check_temp_cue(tune)                  # a single line carries the shape
    cue = harmonize(tune, ["Dm", "C", "Bb", "A", "Dm", "Gm", "Bb", "Dm"], harmony_instrument="String Ensemble 1")
    loud = {1: 55, 2: 70, 3: 90, 4: 105, 5: 105, 6: 60}
    pulse = [(4 * bar + k / 2, 0.5, [38], loud[bar]) for bar in range(1, 7)
             for k in range(8 if bar in (3, 4, 5) else 4 if bar != 6 else 2)]
    driven = cue.with_layers([*cue.layers, layer_from_notes("pulse", pulse, total=32, instrument="Synth Bass 2")])
    fb = E.check_temp_cue(driven)
    assert fb.ok and "as dense as the temp" in repr(fb), fb


def test_bridge_ends_on_the_dominant_and_its_reference_sits_on_e_major():
    assert E.BRIDGE_CHORDS[-1] == "E" and E.BRIDGE_CHORDS[-2] == "Em"
    fit = melody_fit(E._solution_bridge(), E.BRIDGE_CHORDS)
    bar_4 = [n.pitch % 12 for n in E._solution_bridge().notes[12:] if n.pitch is not None]
    assert fit.ok and {8, 11} <= set(bar_4), bar_4                      # G sharp and B: E major's, not Am's


def test_every_exercise_sends_the_student_to_a_heading_the_lesson_has():
    import json
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[3] / "lessons" / "10_songs.ipynb"
    headings = {line.lstrip("#").strip() for cell in json.loads(notebook.read_text())["cells"]
                if cell["cell_type"] == "markdown" for line in "".join(cell["source"]).splitlines()
                if line.startswith("#")}
    assert set(E._SECTIONS.values()) <= headings, set(E._SECTIONS.values()) - headings


@pytest.mark.parametrize("to", [np.zeros(0), ["beat"], None, 1])
def test_beat_grid_refuses_a_target_that_is_not_beat_or_downbeat(to):
    with pytest.raises(ScoringError, match="snap to 'beat' or 'downbeat'"):
        beat_grid(TempoMap.constant(120), 3.0, to=to)
