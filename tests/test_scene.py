"""Lesson 07's package: scenes from data files, spotting and cue numbers, cue sheets, cues sketched
on the fitted tempo, the capstone checker and the scene-scorer panel.

Expected values come from the scene files read by hand (timecodes, frames at 24 fps) and from
the definitions (cue numbers by reel and order; a hit within two frames is caught), not from
the code's own output.
"""
from __future__ import annotations

import csv
import json
import re

import pytest

from scoring import Motif, ScoringError
from scoring.exercises import l07 as E
from scoring.scene import (USAGES, CueSheet, Scene, check_score, hit_report, load_scene, measured_tension,
                           number_cues, shape_plot, spot)

ENGINE = Motif.parse("4/4 D8 D F D G D F E", key="D minor", instrument="Cello")
JUNO = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c' d'1", key="D minor", instrument="French Horn")
#: The chase's hits as written in chase.json (reel timecode minus 01:00:00:00, 24 fps).
CHASE_HITS = [5.0, 10 + 14 / 24, 19 + 10 / 24, 28.0, 40 + 14 / 24, 52 + 5 / 24]


@pytest.fixture(scope="module")
def chase() -> Scene:
    return load_scene("chase")


@pytest.fixture(scope="module")
def farewell() -> Scene:
    return load_scene("farewell")


@pytest.fixture(scope="module")
def run(chase):
    return spot(chase, [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]


@pytest.fixture(scope="module")
def night_run(run):
    return run.sketch(run.fit(subdivision=2), pulse=ENGINE, melody=JUNO, melody_at=(17, 29, 61, 73, 117),
                      chords=["i", "i", "VI", "VII"], key="D minor", breath=2)


# ---------------------------------------------------------------- scenes
def test_the_chase_scene_reads_as_written(chase):
    assert chase.title == "Night Run" and chase.fps == 24 and chase.reel == 1
    assert chase.duration == pytest.approx(60.0)
    assert [h.at for h in chase.hits] == pytest.approx(CHASE_HITS)
    assert [h.label for h in chase.hits] == ["headlights", "tyres", "bump", "barrier", "crash", "floor it"]
    assert len(chase.dialogue) == 5 and chase.dialogue[0].who == "JUNO"
    assert chase.dialogue[0].start == pytest.approx(1.5) and chase.dialogue[0].end == pytest.approx(3.75)
    assert chase.tempo_range == (120, 180)
    assert chase.tc(40 + 14 / 24) == "01:00:40:14"


def test_the_farewell_scene_reads_as_written(farewell):
    assert farewell.reel == 2 and farewell.duration == pytest.approx(75.0)
    assert [round(h.at, 4) for h in farewell.hits] == [9.0, 19.0, 29.0, round(36.5, 4), 49.0, round(62 + 8 / 24, 4)]
    assert len(farewell.dialogue) == 7 and farewell.tempo_range == (54, 90)


def test_the_capstone_scenes_are_valid_json_with_original_text():
    from scoring.scene import SCENES_DIR

    files = [SCENES_DIR / "chase.json", SCENES_DIR / "farewell.json"]
    for f in files:
        data = json.loads(f.read_text())
        assert "Original scene written for this course" in data["licence"]
        scene = Scene.from_dict(data)
        assert 45 <= scene.duration <= 90
        assert scene.hits and scene.dialogue and scene.beats


def test_target_tension_joins_the_beats_with_straight_lines(chase):
    a, b = chase.beats[0], chase.beats[1]          # 0.15 at 0 s, 0.45 at 5 s
    assert chase.target(a.at) == pytest.approx(a.tension)
    assert chase.target((a.at + b.at) / 2) == pytest.approx((a.tension + b.tension) / 2)
    assert chase.target(1000) == pytest.approx(chase.beats[-1].tension)


def test_scene_table_lists_everything_in_time_order(chase):
    rows = chase.table().splitlines()[1:]
    times = [float(r.split()[1]) for r in rows]
    assert times == sorted(times)
    assert sum("HIT" in r for r in rows) == 6 and sum(" line " in r for r in rows) == 5


def base_scene() -> dict:
    return {"title": "T", "fps": 24, "start": "01:00:00:00", "end": "01:00:10:00",
            "events": [{"at": "01:00:02:00", "kind": "hit", "label": "x"}], "dialogue": [], "beats": []}


@pytest.mark.parametrize("change,message", [
    (lambda d: d["events"].append({"at": "01:00:20:00", "kind": "hit"}), "outside the scene"),
    (lambda d: d["events"].append({"at": "01:00:02:00", "kind": "explosion"}), "event kind 'explosion'"),
    (lambda d: d["beats"].append({"at": "01:00:02:00", "tension": 2}), "0 \\(calm\\) to 1"),
    (lambda d: d.update(end="00:59:00:00"), "ends .* before it starts"),
    (lambda d: d["dialogue"].append({"from": "01:00:03:00", "to": "01:00:02:00", "line": "no"}), "ends before"),
    (lambda d: d["events"].append({"at": "01:00:02:24", "kind": "hit"}), "frame 24 does not exist"),
    (lambda d: d.pop("title"), "no 'title'"),
])
def test_bad_scene_data_is_refused_with_a_reason(change, message):
    data = base_scene()
    change(data)
    with pytest.raises(ScoringError, match=message):
        Scene.from_dict(data)


def test_load_scene_errors(tmp_path):
    with pytest.raises(ScoringError, match="no scene called 'heist'; the course has: .*chase, farewell"):
        load_scene("heist")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ScoringError, match="not valid JSON"):
        load_scene(bad)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(base_scene()))
    assert load_scene(good).title == "T"


# ---------------------------------------------------------------- spotting
def test_cue_numbers_follow_time_not_the_list():
    assert number_cues([30.0, 10.0, 20.0], reel=4) == ["4M3", "4M1", "4M2"]
    assert number_cues(["01:00:05:00"]) == ["1M1"]
    with pytest.raises(ScoringError, match="reel number"):
        number_cues([1.0], reel=0)


def test_spot_numbers_cues_in_time_order_and_collects_their_hits(chase):
    spotting = spot(chase, [("01:00:30:00", "01:00:56:00", "Second", "BI"),
                            ("01:00:00:00", "01:00:04:12", "Radio", "BI"),
                            ("01:00:05:00", "01:00:29:00", "First", "BI")])
    assert [(c.number, c.title) for c in spotting.cues] == [("1M1", "Radio"), ("1M2", "First"), ("1M3", "Second")]
    assert spotting.cue("1M2").hits == pytest.approx(CHASE_HITS[:4])
    assert spotting.cue("1M3").hits == pytest.approx(CHASE_HITS[4:])
    assert spotting.cue("1M1").hits == ()
    assert spotting.cue("1M2").timecode_in == "01:00:05:00"


@pytest.mark.parametrize("cues,message", [
    ([("01:00:05:00", "01:00:20:00", "A"), ("01:00:10:00", "01:00:30:00", "B")], "overlap"),
    ([("01:00:05:00", "01:00:20:00", "A", "XX")], "usage 'XX'"),
    ([("01:00:50:00", "01:01:20:00", "A")], "not inside"),
    ([("01:00:20:00", "01:00:10:00", "A")], "not forwards"),
    ([("01:00:05:00",)], "give each cue as"),
])
def test_spot_refuses_impossible_spotting(chase, cues, message):
    with pytest.raises(ScoringError, match=message):
        spot(chase, cues)


def test_usages_are_the_cue_sheet_codes():
    assert set(USAGES) == {"BI", "BV", "VI", "VV", "MT", "ET"}


def test_cue_sheet_table_and_csv(chase, tmp_path):
    spotting = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio", "BI"), ("01:00:05:00", "01:00:56:00", "Run")])
    sheet = spotting.cue_sheet(composer="A. Composer", publisher="P")
    path = sheet.to_csv(tmp_path / "sheet.csv")
    rows = list(csv.DictReader(path.open()))
    assert [r["cue"] for r in rows] == ["1M1", "1M2"]
    assert rows[1]["duration"] == "0:51" and rows[0]["duration"] == "0:04"      # 51 s; 4.5 s rounds to 4
    assert rows[0]["usage"] == "BI" and rows[1]["in"] == "01:00:05:00" and rows[1]["composer"] == "A. Composer"
    assert list(rows[0]) == list(CueSheet.FIELDS)
    assert "2 cues, total music 0:55" in sheet.table()
    with pytest.raises(ScoringError, match="should end in .csv"):
        sheet.to_csv(tmp_path / "sheet.txt")


# ---------------------------------------------------------------- fitting and sketching a spotted cue
def test_the_chase_fits_150_bpm_on_eighths(run):
    fit = run.fit(subdivision=2)
    assert fit.bpm == 150 and fit.start == 5.0
    # at 150 BPM a beat is 0.4 s: the barrier 23 s in is 57.5 beats after beat 1
    assert fit.beats == (1, 15, 37, 58.5, 90, 119)
    assert fit.worst <= 0.5
    assert run.fit().worst > 1.0        # on whole beats no tempo in 120-180 does as well


def test_the_farewell_fits_72_bpm(farewell):
    cue = spot(farewell, [("02:00:09:00", "02:01:10:00", "Ferry")]).cues[0]
    fit = cue.fit()
    # every hit is a whole number of 20-frame beats after the horn: 72 BPM at 24 fps
    assert fit.bpm == 72 and fit.worst == pytest.approx(0, abs=1e-9)
    assert cue.fit((60, 180)).bpm == 144         # twice as fast fits as well: the range decides


def test_the_sketch_catches_every_hit_within_half_a_frame(run, night_run, chase):
    stabs = sorted({run.start + e.start for e in night_run.events() if e.program == 61})   # Brass Section
    assert len(stabs) == 6
    assert max(abs(s - h) * 24 for s, h in zip(stabs, CHASE_HITS)) <= 0.5
    assert night_run.tempo == 150 and night_run.name == "1M1 Night Run"


def test_the_breath_is_silent_before_the_climax(run, night_run):
    # the crash is beat 90 at 150 BPM (0.4 s a beat); breath=2 silences beats 88-90: 34.8-35.6 s into the cue
    hole = (87 * 0.4, 89 * 0.4)
    inside = [e for e in night_run.events() if hole[0] + 1e-6 < e.start < hole[1] - 1e-6]
    ringing = [e for e in night_run.events() if e.start < hole[0] and e.end > hole[0] + 1e-6]
    assert inside == [] and ringing == []
    assert any(abs(e.start - hole[1]) < 1e-6 and e.program == 61 for e in night_run.events())   # then the stab


def test_measured_tension_rises_with_loudness_and_speed():
    calm = Motif.parse("4/4 c2 e2 g2 c'2", tempo=60, dynamics="pp")
    busy = Motif.parse("4/4 " + " ".join(["c'16 d' e' f' g' a' b' c''"] * 4), tempo=60, dynamics="ff")
    assert measured_tension(busy, [2.0])[0] > measured_tension(calm, [2.0])[0]


# ---------------------------------------------------------------- the capstone checker
def test_the_worked_solution_passes(run, night_run, chase):
    fb = check_score(run.with_music(night_run), chase)
    assert fb.ok, fb
    assert any("all 6 hits caught" in n for n in fb.notes)


def test_the_worked_solution_ends_on_the_whole_theme(night_run):
    # 51 s at 150 BPM is 127.5 beats: the cue has 128. Juno's theme lasts 12 beats, so from beat 117
    # it ends exactly on the cue's end, and its last note is the held D5 (a whole note, MIDI 74)
    melody = [c for c in night_run.layer("melody").chords if not c.is_rest]
    assert melody[-1].pitches == (74,) and melody[-1].duration == 4
    assert night_run.quarter_length == 128


def test_the_radio_plays_the_opening_of_junos_theme_and_the_scene_passes(chase, night_run):
    radio = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c'", tempo=112, dynamics="pp", instrument="Electric Piano 1")
    assert radio.midi == JUNO.midi[:7]                       # its first two bars, without the final D
    spotting = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio", "BI"), ("01:00:05:00", "01:00:56:00", "Run")])
    fb = check_score(spotting.with_music({"1M1": radio, "1M2": night_run}), chase)
    assert fb.ok, fb


def test_a_wrong_tempo_misses_hits_by_frames(run, chase):
    music = run.sketch(140, pulse=ENGINE, key="D minor")
    fb = check_score(run.with_music(music), chase)
    assert not fb.ok
    missed = [n for n in fb.notes if "is missed" in n]
    assert missed and all(re.search(r"\d+\.\d frames (early|late)", n) for n in missed)


def test_hit_report_measures_frames_to_the_accent(run, chase):
    music = run.sketch(150, pulse=ENGINE, key="D minor")      # stabs on whole beats only
    report = {r.label: r for r in hit_report([run.with_music(music)], chase)}
    # the tyres at 10 + 14/24 s; beat 15 (14 × 0.4 s after 5.0 s) sounds at 10.6 s: 0.4 frames late
    assert report["tyres"].error == pytest.approx((10.6 - (10 + 14 / 24)) * 24, abs=1e-9)
    # the barrier is 57.5 beats in; on whole beats its stab goes to beat 58 (57 × 0.4 s), 0.2 s early.
    # The ostinato's eighth that falls exactly on it is no accent, so it does not count.
    assert report["barrier"].error == pytest.approx(-0.2 * 24, abs=1e-9)
    assert report["crash"].cue == "1M1"


def test_loud_music_under_dialogue_is_reported(run, chase):
    loud = run.sketch(run.fit(subdivision=2), pulse=ENGINE, melody=JUNO, melody_at=(17,), key="D minor",
                      thin_dialogue=False)
    fb = check_score(run.with_music(loud), chase)
    assert not fb.ok and any("DEV's line" in n and "covered" in n for n in fb.notes)


def test_flat_dynamics_do_not_follow_the_scene(run, chase):
    flat = run.sketch(run.fit(subdivision=2), pulse=ENGINE, key="D minor", shape=False)
    fb = check_score(run.with_music(flat), chase)
    assert not fb.ok and any("does not follow the scene" in n for n in fb.notes)


def test_hits_outside_every_cue_are_reported(chase):
    short = spot(chase, [("01:00:05:00", "01:00:20:00", "Short")]).cues[0]
    music = short.sketch(short.fit(subdivision=2), pulse=ENGINE, key="D minor")
    fb = check_score(short.with_music(music), chase)
    assert not fb.ok and any("'barrier'" in n and "not inside any scored cue" in n for n in fb.notes)


def test_source_cues_may_keep_their_tune_under_talk_but_not_their_volume(chase):
    # the car radio (a source in chase.json, 0-5 s) is heard, not seen: usage BI, and still source music
    radio_spot = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio", "BI")]).cues[0]
    assert radio_spot.source
    soft = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c'", tempo=112, dynamics="pp")   # JUNO speaks 1.5-3.75 s
    notes = " ".join(check_score(radio_spot.with_music(soft), chase).notes)
    assert "JUNO's line" not in notes
    loud = soft.with_dynamics("ff")
    assert "JUNO's line" in " ".join(check_score(radio_spot.with_music(loud), chase).notes)


def test_the_same_soft_tune_as_underscore_must_not_start_under_a_line(chase):
    soft = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c'", tempo=112, dynamics="pp")
    under = spot(chase, [{"start": "01:00:00:00", "end": "01:00:04:12", "title": "Score", "source": False}]).cues[0]
    assert not under.source
    notes = " ".join(check_score(under.with_music(soft), chase).notes)
    assert "JUNO's line" in notes and "a melody starts under it" in notes


def test_source_comes_from_the_scene_not_from_the_usage_code(chase):
    # VI (a performance seen on screen) says nothing about where the music comes from; only the
    # scene's sources do. Outside them a cue is underscore, whatever its code.
    spotting = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio", "BI"),
                            ("01:00:05:00", "01:00:20:00", "Band", "VI"),
                            {"start": "01:00:30:00", "end": "01:00:40:00", "title": "Jukebox", "usage": "BV",
                             "source": True}])
    assert [c.source for c in spotting.cues] == [True, False, True]
    with pytest.raises(ScoringError, match="source='yes'"):
        spot(chase, [{"start": "01:00:30:00", "end": "01:00:40:00", "title": "J", "source": "yes"}])


def test_scene_sources_are_read_and_checked(chase):
    assert [(round(x.start, 3), round(x.end, 3)) for x in chase.sources] == [(0.0, 5.0)]
    assert chase.is_source(0.0, 4.5) and not chase.is_source(4.0, 6.0)
    data = base_scene()
    data["sources"] = [{"from": "01:00:03:00", "to": "01:00:02:00", "what": "radio"}]
    with pytest.raises(ScoringError, match="ends before it starts"):
        Scene.from_dict(data)


def test_the_checker_explains_a_wrong_kind_of_answer(chase, run):
    assert "should be a spotted cue" in check_score(ENGINE, chase).notes[0]
    assert "has no music yet" in check_score(run, chase).notes[0]


def test_farewell_solution_passes_and_starter_fails(farewell):
    assert E.check_farewell(E._solution_farewell()).ok
    harp, mara = E.farewell_motifs()
    ferry = spot(farewell, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0]
    starter = ferry.sketch(100, pulse=harp, melody=mara, chords=["I"], key="F major", thin_dialogue=False, shape=False)
    fb = E.check_farewell(ferry.with_music(starter))
    text = "; ".join(fb.notes)
    assert not fb.ok
    assert "54-90 BPM" in text and "is missed" in text and "covered" in text and "does not follow" in text


def test_shape_plot_draws_the_target_and_each_version(run, night_run):
    ax = shape_plot(run, [night_run], labels=["shaped"])
    assert ax.get_legend_handles_labels()[1] == ["the scene wants", "measured: shaped"]


def test_view_shows_the_music_around_a_hit(run, night_run):
    view = run.view(night_run, around="crash", seconds=4)
    assert view.html.count("<audio") == 1 and "data:image/svg+xml" in view.html
    with pytest.raises(ScoringError, match="no hit called 'explosion'"):
        run.view(night_run, around="explosion")


def test_scene_scorer_result_and_panel(run):
    from scoring.panels import scene_scorer, scene_scorer_result

    fit, cue, fb = scene_scorer_result(run, pulse=ENGINE, melody=JUNO, melody_at=(17,), chords=["i"],
                                       subdivision=2, breath=2)
    assert fit.bpm == 150 and cue.tempo == 150 and fb.ok
    fit2, cue2, _ = scene_scorer_result(run, pulse=ENGINE, subdivision=2, rank=2)
    assert fit2.bpm == fit.alternatives[0].bpm and cue2.tempo == fit2.bpm
    panel = scene_scorer(run, pulse=ENGINE, melody=JUNO, melody_at=(17,), chords=["i"])
    controls, view = panel.children
    assert "<audio" in view.value
    sub = controls.children[0].children[0]
    sub.value = "eighths"
    assert "150 BPM" in controls.children[0].children[1].label

