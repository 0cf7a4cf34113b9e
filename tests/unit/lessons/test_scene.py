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

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Motif, ScoringError
from scoring.exercises import l07 as E
from scoring.core.cue import Chord, Cue, Layer
from scoring.core.time import TempoMap
from scoring.sync import at_tempo
from scoring.scene import (USAGES, CueSheet, Line, Scene, ScoreCheck, accents, check_score, hit_report,
                           load_scene, measured_tension, number_cues, shape_plot, spot)

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
    from scoring.core.film import SCENES_DIR

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


def _set(key, value):
    return lambda d: d.update({key: value})


#: Bad scene data and what the message must say: the field's path and the fix.
BAD_SCENES = [
    (_set("fps", "abc"), r'^fps: "abc" is not a finite number; write the frame rate as a number: 23\.976, 24'),
    (_set("fps", None), r"^fps: null is not a finite number"),
    (_set("fps", True), r"^fps: true is not a finite number"),
    (_set("fps", 23), r"^fps: 23 fps is not a frame rate I know; use 23\.976, 24, 25"),
    (_set("events", ["kind"]), r'^events\[0\] should be an object \{\.\.\.\} with \'at\', \'kind\', not "kind"'),
    (_set("events", "hit"), r'^events: "hit" should be a list'),
    (_set("reel", -5), r"^reel: -5 should be a whole number from 1 to 99"),
    (_set("reel", 1.5), r"^reel: 1\.5 should be a whole number"),
    (_set("reel", True), r"^reel: true should be a whole number"),
    (_set("tempo_range", [180, 60]), r"^tempo_range: \[180, 60\] runs backwards.*write the slowest tempo first, like \[60, 180\]"),
    (_set("tempo_range", [60]), r"^tempo_range: a list of 1 should be two tempos"),
    (_set("tempo_range", [60, "fast"]), r'^tempo_range\[1\]: "fast" is not a finite number'),
    (_set("tempo_range", [10, 60]), r"leaves 20-400 BPM"),
    (_set("tempo-range", [60, 120]), r"^tempo-range is not a field of a scene; did you mean 'tempo_range'\?"),
    (lambda d: d.pop("title"), r"^the scene has no 'title'; add it \(text"),
    (lambda d: d.pop("fps"), r"^the scene has no 'fps'; add it \(a number: 23\.976"),
    (lambda d: d.pop("start"), r"^the scene has no 'start'"),
    (lambda d: d["events"].append({"kind": "hit"}), r"^events\[1\] has no 'at'; add it \(timecode inside the scene\)"),
    (lambda d: d["dialogue"].append({"from": "01:00:01:00", "to": "01:00:02:00"}), r"^dialogue\[0\] has no 'line'"),
    (lambda d: d["events"].append({"at": "01:00:02:00", "kind": "explosion"}),
     r'^events\[1\]\.kind: "explosion" is not an event kind; use one of picture, hit, sound'),
    (lambda d: d["events"].append({"at": "01:00:02:00", "kind": "hit", "size": 3}),
     r"^events\[1\]\.size is not a field of events\[1\]; the fields are at, kind, label, what"),
    (lambda d: d["events"].append({"at": "01:00:01:00", "kind": "hit"}),
     r"^events\[1\]\.at: 01:00:01:00: it comes before events\[0\] \(01:00:02:00\); list events in time order"),
    (lambda d: d["beats"].extend([{"at": "01:00:02:00", "tension": 0.1}, {"at": "01:00:02:00", "tension": 0.5}]),
     r"^beats\[1\]\.at: 01:00:02:00: two beats at one moment; keep one"),
    (lambda d: d["events"].append({"at": "01:00:20:00", "kind": "hit"}), r"^events\[1\]\.at: 01:00:20:00 is outside the scene"),
    (lambda d: d["events"].append({"at": "01:00:02:24", "kind": "hit"}), r"^events\[1\]\.at: .*frame 24 does not exist"),
    (lambda d: d["events"].append({"at": 2.0, "kind": "hit"}), r'^events\[1\]\.at: 2\.0 should be a timecode in quotes'),
    (lambda d: d["beats"].append({"at": "01:00:02:00", "tension": 2}), r"^beats\[0\]\.tension: 2 should be 0 \(calm\) to 1"),
    (lambda d: d["beats"].append({"at": "01:00:02:00", "tension": float("nan")}), r"^beats\[0\]\.tension: nan is not a finite"),
    (lambda d: d.update(end="00:59:00:00"), r"^end: the scene ends .* before it starts"),
    (lambda d: d.update(end="03:00:00:00"), r"^end: the scene lasts 7,200 s, more than 3600 s"),
    (lambda d: d["dialogue"].append({"from": "01:00:03:00", "to": "01:00:02:00", "line": "no"}),
     r"^dialogue\[0\]\.to: 01:00:02:00 is not after from \(01:00:03:00\)"),
    (lambda d: d.update(sources=[{"from": "01:00:03:00", "to": "01:00:02:00", "what": "radio"}]),
     r"^sources\[0\]\.to: .* is not after from"),
    (_set("title", 42), r'^title: 42 should be text in double quotes'),
    (_set("title", "   "), r"^title is empty; give it a few words"),
    (_set("title", "x" * 500), r"^title has 500 characters; keep it to 200"),
    (_set("title", [[[["deep"]]]]), r"^title: a list of 1 should be text"),
    (_set("events", [{}] * 1001), r"^events has 1,001 entries, more than 1,000"),
]


@pytest.mark.parametrize("change,message", BAD_SCENES)
def test_bad_scene_data_is_refused_naming_the_field_and_the_fix(change, message):
    data = base_scene()
    change(data)
    with pytest.raises(ScoringError, match=message):
        Scene.from_dict(data)


def test_a_scene_that_is_not_an_object_is_refused():
    with pytest.raises(ScoringError, match=r"^the scene should be an object .* not a list of 0"):
        Scene.from_dict([])


@pytest.mark.parametrize("content,message", [
    (b"{not json", r"^bad\.json is not valid JSON \(line 1, column 2"),
    (b'{"title": "Caf\xe9", "fps": 24}', r"^bad\.json is not UTF-8 text \(byte 14 is 0xe9\); save it as UTF-8"),
    (b'{"title": "T", "fps": NaN}', r"^bad\.json: NaN is not a JSON number; write a finite number"),
    (b'{"title": "T", "fps": Infinity}', r"^bad\.json: Infinity is not a JSON number"),
    (b'{"title": "T", "title": "U"}', r"^bad\.json: the key 'title' appears twice in one object; keep one"),
    (b'{"title": ' + b"[" * 600_000 + b"]" * 600_000 + b"}", r"^bad\.json is 1,200,011 bytes, more than 1,000,000"),
    (b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", r"^bad\.json nests lists or objects too deeply"),
    (b'{"title": "T", "fps": 1' + b"0" * 5000 + b"}", r"^bad\.json holds a value JSON cannot read here"),
    (b'{"title": "T", "fps": "abc", "start": "01:00:00:00", "end": "01:00:10:00"}', r'^bad\.json: fps: "abc"'),
    (b"[]", r"^bad\.json: the scene should be an object"),
])
def test_bad_scene_files_are_refused(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(ScoringError, match=message):
        load_scene(bad)


def test_huge_scene_files_are_refused_before_reading(tmp_path):
    from scoring.core.film import MAX_SCENE_BYTES

    big = tmp_path / "big.json"
    big.write_bytes(json.dumps(base_scene()).encode() + b" " * MAX_SCENE_BYTES)
    with pytest.raises(ScoringError, match=r"^big\.json is 1,000,\d{3} bytes, more than 1,000,000"):
        load_scene(big)


def test_load_scene_errors(tmp_path):
    with pytest.raises(ScoringError, match="no scene called 'heist'; the course has: .*chase, farewell"):
        load_scene("heist")
    with pytest.raises(ScoringError, match="is not a scene name; the course has"):
        load_scene("../../etc/passwd")
    with pytest.raises(ScoringError, match="takes a scene's name"):
        load_scene(42)
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(ScoringError, match="no scene file at"):
        load_scene(tmp_path / "folder.json")
    with pytest.raises(ScoringError, match="should be a .json scene file"):
        load_scene(tmp_path / "scene.txt")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(base_scene()))
    assert load_scene(good).title == "T" and load_scene(str(good)).hits[0].at == 2.0


def test_every_course_scene_passes_the_schema_and_the_schema_lists_every_field():
    from scoring.core.film import SCENES_DIR, SCHEMA, schema_text

    for f in sorted(SCENES_DIR.glob("*.json")):
        data = json.loads(f.read_text())
        assert set(data) <= set(SCHEMA["scene"]), f.name
        assert load_scene(f.stem).title == data["title"]
    text = schema_text()
    assert all(key in text for fields in SCHEMA.values() for key in fields)


def test_scene_values_refuse_bad_types_and_take_numpy_numbers(chase):
    from scoring.core.film import EmotionalBeat, Event

    e = Event(np.float64(2.0), "hit", "x")
    assert type(e.at) is float and e.at == 2.0
    for bad in (True, float("nan"), float("inf"), "2", -1.0):
        with pytest.raises(ScoringError, match="Event.at"):
            Event(bad, "hit", "x")
    with pytest.raises(ScoringError, match="EmotionalBeat.tension: 1.5 should be 0"):
        EmotionalBeat(1.0, 1.5)
    with pytest.raises(ScoringError, match="ends .* before it starts"):
        Line(3.0, 2.0, "A", "no")
    scene = Scene("S", np.int64(24), 3600.0, np.float64(10.0), (e,), [], ())
    assert scene.fps == 24.0 and scene.duration == 10.0 and scene.dialogue == ()
    with pytest.raises(ScoringError, match="Scene.events should hold Event values"):
        Scene("S", 24, 3600.0, 10.0, ("hit",), (), ())
    with pytest.raises(ScoringError, match="runs past the scene's end"):
        Scene("S", 24, 3600.0, 1.0, (e,), (), ())
    with pytest.raises(ScoringError, match="Scene.reel"):
        Scene("S", 24, 3600.0, 10.0, (), (), (), reel=True)
    assert chase.tc(np.float64(1.5)) == "01:00:01:12" and chase.seconds(np.int64(3)) == 3.0
    for call in (lambda: chase.tc(True), lambda: chase.target(float("nan")), lambda: chase.seconds(None),
                 lambda: chase.is_source("a", 1)):
        with pytest.raises(ScoringError):
            call()


def test_the_scene_beat_is_an_emotional_beat_not_an_arc_beat(chase):
    from scoring.arc import Beat
    from scoring.core.film import EmotionalBeat

    assert all(isinstance(b, EmotionalBeat) for b in chase.beats)
    assert EmotionalBeat is not Beat


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
    # the barrier is 57.5 beats in; on whole beats its stab goes to beat 59 (58 × 0.4 s, halves up, as
    # at_tempo reads it), 0.2 s late. The ostinato's eighth that falls exactly on it is no accent.
    assert report["barrier"].error == pytest.approx(0.2 * 24, abs=1e-9)
    assert run.sketch(150, pulse=ENGINE).layer("stabs") is not None
    assert at_tempo(run.hit_times(), 150).beats == \
        tuple(float(b) for b in _stab_beats(run.sketch(150, pulse=ENGINE)))
    assert report["crash"].cue == "1M1"


def test_loud_music_under_dialogue_is_reported(run, chase):
    loud = run.sketch(run.fit(subdivision=2), pulse=ENGINE, melody=JUNO, melody_at=(17,), key="D minor",
                      thin_dialogue=False)
    fb = check_score(run.with_music(loud), chase)
    masked = [n for n in fb.notes if "where it must stay 6 dB below" in n]
    assert not fb.ok and any("under DEV's \"Left! The exit's on the left!\"" in n for n in masked)
    # each names what masks, in the voice band; the craft follows once, then the section to reread
    assert all(re.search(r"at (pp|p|mp|mf|f|ff) .*(sits in|lies below) the voice band \(", n) for n in masked)
    assert "the harmony layer fills the voice band: let it drop back under the lines (softer, thinner, or lower, " \
           "below the band)" in fb.notes and 'reread "7 Leave the silences"' in fb.notes
    # the same music yielding under the lines (the sketch's default) leaves all five clear
    fb = check_score(run.with_music(run.sketch(run.fit(subdivision=2), pulse=ENGINE, melody=JUNO, melody_at=(17,),
                                               key="D minor")), chase)
    assert not any("must stay 6 dB below" in n for n in fb.notes)


def test_the_feedback_names_a_strings_layer_in_plain_words(run, chase):
    from scoring.scene import part

    through = [part("strings", ["a1", "a2 g2", "f1", "g1"] * 8, instrument="String Ensemble 1", key="D minor",
                    dynamics={1: "mf"})]
    fb = check_score(run.with_music(run.compose(through, tempo=run.fit(subdivision=2))), chase)
    assert any(n.startswith("at 01:00:07:12 the strings layer at mf sits in the voice band") for n in fb.notes), fb
    assert "the strings layer fills the voice band: let it drop back under the lines (softer, thinner, or lower, " \
           "below the band)" in fb.notes
    assert not any("string strings" in n or "strings fills" in n for n in fb.notes)


def test_flat_dynamics_do_not_follow_the_scene(run, chase):
    flat = run.sketch(run.fit(subdivision=2), pulse=ENGINE, key="D minor", shape=False)
    fb = check_score(run.with_music(flat), chase)
    assert not fb.ok and any("does not follow the scene" in n for n in fb.notes)


def test_hits_outside_every_cue_are_left_to_silence_but_the_climax_is_reported(chase):
    short = spot(chase, [("01:00:05:00", "01:00:20:00", "Short")]).cues[0]
    music = short.sketch(short.fit(subdivision=2), pulse=ENGINE, key="D minor")
    fb = check_score(short.with_music(music), chase)
    assert not fb.ok and any("'crash'" in n and "no cue covers it" in n for n in fb.notes)
    assert not any("'barrier'" in n for n in fb.notes)


def test_source_cues_may_keep_their_tune_under_talk_but_not_their_volume(chase):
    # the car radio (a source in chase.json, 0-5 s) is heard, not seen: usage BI, and still source music
    radio_spot = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio", "BI")]).cues[0]
    assert radio_spot.source
    soft = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c'", tempo=112, dynamics="pp")   # JUNO speaks 1.5-3.75 s
    notes = " ".join(check_score(radio_spot.with_music(soft), chase).notes)
    assert "under JUNO's" not in notes
    loud = soft.with_dynamics("ff")
    assert "under JUNO's" in " ".join(check_score(radio_spot.with_music(loud), chase).notes)


def test_source_and_underscore_are_judged_by_one_measure_of_masking(chase):
    """One definition (lesson 05's masking): the same soft tune is clear under Juno's line as source or as
    underscore, and the same loud one masks it either way."""
    soft = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c'", tempo=112, dynamics="pp")
    under = spot(chase, [{"start": "01:00:00:00", "end": "01:00:04:12", "title": "Score", "source": False}]).cues[0]
    radio = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio", "BI")]).cues[0]
    assert not under.source and radio.source
    for cue in (under, radio):
        assert "under JUNO's" not in " ".join(check_score(cue.with_music(soft), chase).notes)
        assert "under JUNO's" in " ".join(check_score(cue.with_music(soft.with_dynamics("f")), chase).notes)


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
    assert "54-90 BPM" in text and "is missed" in text and "must stay 6 dB below" in text and "does not follow" in text
    assert fb.question == ""                                     # the reflective question comes with a pass


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


def test_the_scene_scorer_draws_its_timeline_again_only_when_the_cue_changes(run):
    from scoring.panels import scene_scorer

    panel = scene_scorer(run, pulse=ENGINE, melody=JUNO, melody_at=(17,), chords=["i"])
    controls, view = panel.children
    sub, rank, breath, around = controls.children[0].children
    plot = lambda: re.search(r'<img[^>]*src="data:image/png;base64,[^"]+"', view.value).group(0)   # noqa: E731
    sound = lambda: re.search(r'<audio[^>]*src="[^"]+"', view.value).group(0)                     # noqa: E731
    first_plot, first_sound = plot(), sound()
    around.value = around.options[-1]                      # another hit heard: the same cue, the same timeline
    assert plot() == first_plot and sound() != first_sound
    breath.value = 2                                       # a breath before the climax: a new cue, a new timeline
    assert plot() != first_plot


# ---------------------------------------------------------------- safe output: CSV and HTML
def test_cue_sheet_cells_that_look_like_formulas_are_written_as_text(chase, tmp_path):
    titles = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn", "Night Run"]
    spans = [(f"01:00:{2 * i:02d}:00", f"01:00:{2 * i + 1:02d}:00", t) for i, t in enumerate(titles)]
    sheet = spot(chase, spans).cue_sheet(composer="=cmd|' /C calc'!A0", publisher="-P")
    rows = list(csv.DictReader(sheet.to_csv(tmp_path / "sheet.csv").open(newline="")))
    assert [r["title"] for r in rows] == ["'" + t for t in titles[:-1]] + ["Night Run"]
    assert all(r["composer"] == "'=cmd|' /C calc'!A0" and r["publisher"] == "'-P" for r in rows)
    assert rows[0]["in"] == "01:00:00:00" and rows[0]["duration"] == "0:01"     # timings stay as they are


def test_cue_sheets_are_written_only_to_safe_paths(chase, tmp_path):
    sheet = spot(chase, [("01:00:05:00", "01:00:56:00", "Run")]).cue_sheet()
    target = tmp_path / "real.csv"
    target.write_text("")
    (tmp_path / "link.csv").symlink_to(target)
    with pytest.raises(ScoringError, match="symbolic link"):
        sheet.to_csv(tmp_path / "link.csv")
    with pytest.raises(ScoringError, match="does not exist"):
        sheet.to_csv(tmp_path / "no" / "sheet.csv")
    with pytest.raises(ScoringError, match="production"):
        spot(chase, [("01:00:05:00", "01:00:56:00", "Run")]).cue_sheet(production=3)


def test_the_checker_escapes_what_it_shows_as_html():
    check = ScoreCheck(False, ("JUNO's line \"<img src=x onerror=alert(1)>\" is covered",))
    html = check._repr_html_()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert repr(check).startswith("Not yet: JUNO's line") and not check
    assert repr(ScoreCheck(True, ("fine",))) == "Well done: fine"


def test_user_titles_are_escaped_in_the_view(chase):
    cue_spot = spot(chase, [("01:00:05:00", "01:00:20:00", "<script>alert(1)</script>")]).cues[0]
    music = cue_spot.sketch(150, pulse=ENGINE, key="D minor")
    html = cue_spot.view(music, around="tyres", seconds=4).html
    assert "<script>" not in html and "&lt;script&gt;" in html


# ---------------------------------------------------------------- the music's own clock
def _accent_cue(clock: TempoMap) -> Cue:
    """Twelve soft quarter notes with one loud chord on beat 8 (counted from 0), on ``clock``."""
    chords = [Chord((50,), 1, 40)] * 8 + [Chord((50, 57, 62), 1, 120)] + [Chord((50,), 1, 40)] * 3
    return Cue((Layer("pulse", tuple(chords)),), "accel", "D minor", tempo_map=clock)


def _one_hit_scene() -> Scene:
    # an accel. from 60 to 120 BPM over beats 0-4 takes 4·ln 2 = 2.7726 s; four beats at 120 take 2 s more,
    # so beat 8 sounds at 4.7726 s: frame 114.54 at 24 fps. The hit is on frame 115 (04:19), 0.46 frames later.
    data = {"title": "Accel", "fps": 24, "start": "01:00:00:00", "end": "01:00:15:00", "tempo_range": [60, 180],
            "events": [{"at": "01:00:04:19", "kind": "hit", "label": "door"}]}
    return Scene.from_dict(data)


def test_an_accelerando_is_judged_at_the_tempo_it_really_plays():
    scene = _one_hit_scene()
    cue_spot = spot(scene, [("01:00:00:00", "01:00:14:00", "Accel")]).cues[0]
    accel = _accent_cue(TempoMap.constant(60).ramp(0, 4, 120))
    report = hit_report([cue_spot.with_music(accel)], scene)[0]
    assert report.error == pytest.approx((4 * np.log(2) + 2 - (4 + 19 / 24)) * 24, abs=1e-6)   # -0.46 frames
    fb = check_score(cue_spot.with_music(accel), scene)
    assert fb.ok, fb
    assert fb.notes[0] == "all 1 hits caught (worst 0.5 frames)"
    # the same notes at the first tempo (60 BPM): beat 8 sounds at 8 s, three seconds after the door
    steady = accel.with_tempo_map(TempoMap.constant(60))
    fb = check_score(cue_spot.with_music(steady), scene)
    assert not fb.ok
    assert any("hit 'door' at 01:00:04:19 is the moment the cue builds to, and nothing lands on it (no accent within "
               "half a second" in n for n in fb.notes)


def test_the_tempo_range_is_checked_all_along_the_tempo_map():
    scene = Scene.from_dict({"title": "Slow", "fps": 24, "start": "01:00:00:00", "end": "01:00:15:00",
                             "tempo_range": [60, 100], "events": [{"at": "01:00:04:19", "kind": "hit"}]})
    cue_spot = spot(scene, [("01:00:00:00", "01:00:14:00", "Accel")]).cues[0]
    fb = check_score(cue_spot.with_music(_accent_cue(TempoMap.constant(60).ramp(0, 4, 120))), scene)
    assert any(n.startswith("cue 1M1 runs at 60→120 BPM; this scene asks for 60-100 BPM (or the same pace written "
                            "at double or half the tempo, 120-200 or 30-50 BPM, the note values doubled or halved to "
                            "match): its pace is part of its mood; fit the tempo inside that range") for n in fb.notes)


def _doubled(music: Cue) -> Cue:
    """The same music written at double tempo: every note value doubled, so every note sounds when it did."""
    layers = tuple(l.with_(chords=tuple(Chord(c.pitches, c.duration * 2, c.velocity) for c in l.chords))
                   for l in music.layers)
    return Cue(layers, music.name, music.key, tempo=music.tempo * 2, time_signature=music.time_signature)


def test_the_same_music_at_double_tempo_in_doubled_notes_passes():
    answer = E._solution_farewell()
    music = answer.music
    double = _doubled(music)
    assert double.tempo == 2 * music.tempo == 144 and double.duration_seconds == pytest.approx(music.duration_seconds)
    fb = E.check_farewell(answer.with_music(double))
    assert fb.ok, fb
    halved = Cue(tuple(l.with_(chords=tuple(Chord(c.pitches, c.duration / 2, c.velocity) for c in l.chords))
                       for l in music.layers), music.name, music.key, tempo=music.tempo / 2)
    assert not any("BPM" in n and "asks for" in n for n in check_score(answer.with_music(halved),
                                                                       load_scene("farewell")).notes)
    rushed = answer.with_music(music.with_tempo(100))       # neither the range nor double nor half of it
    assert any("runs at 100 BPM; this scene asks for 54-90 BPM (or the same pace written at double or half the "
               "tempo, 108-180 or 27-45 BPM" in n for n in check_score(rushed, load_scene("farewell")).notes)


def test_a_hit_may_be_left_to_silence_but_not_the_scenes_climax():
    scene = _two_hit_scene()
    after_door = spot(scene, [("01:00:04:00", "01:00:09:00", "Crash")]).cues[0]  # the door left to silence
    music = Cue((Layer("pulse", tuple(Chord((50, 57, 62), 1, 120) if b == 2 else Chord((50,), 1, 40)
                                      for b in range(5))),), "crash", "D minor", tempo_map=TempoMap.constant(60))
    fb = check_score(after_door.with_music(music), scene)
    assert fb.ok, fb
    assert fb.notes[0] == "1 hit caught (worst 0.0 frames), 1 left to silence (no cue over it): 'door'"
    before_crash = spot(scene, [("01:00:00:00", "01:00:05:00", "Door")]).cues[0]  # the climax left out
    fb = check_score(before_crash.with_music(_accents_at(2)), scene)
    assert not fb.ok
    assert any(n.startswith("hit 'crash' at 01:00:06:00 is the moment the scene builds to, and no cue covers it")
               and "reread \"2 Spot it\"" in n for n in fb.notes)


def _without_first_beat(chords: tuple) -> tuple:
    first = chords[0]
    assert first.is_rest and first.duration >= 1
    return chords[1:] if first.duration == 1 else (Chord((), first.duration - 1), *chords[1:])


def test_the_farewell_may_leave_the_horn_to_silence_but_not_the_wave(farewell):
    music = E._solution_farewell().music                      # 72 BPM: its first beat (a rest) lasts 20 frames
    later = spot(farewell, [("02:00:09:20", "02:01:10:00", "The Last Ferry")]).cues[0]   # in after the horn
    shifted = music.with_layers([l.with_(chords=_without_first_beat(l.chords)) for l in music.layers])
    fb = E.check_farewell(later.with_music(shifted))
    assert fb.ok, fb
    assert any("left to silence (no cue over it): 'horn'" in n for n in fb.notes)
    early = spot(farewell, [("02:00:09:00", "02:00:45:00", "Part")]).cues[0]             # out before the wave
    fb = E.check_farewell(early.with_music(music))
    assert not fb.ok
    assert any(n.startswith("hit 'the wave' at 02:00:49:00 is the moment the scene builds to, and no cue covers it")
               for n in fb.notes)


def test_a_sketch_follows_a_fits_tempo_map(run):
    fit = run.fit(subdivision=2)
    cue = run.sketch(fit, pulse=ENGINE, key="D minor", time_signature="3/4")
    assert cue.tempo_map.tempo == 150 and cue.time_signature == "3/4"


# ---------------------------------------------------------------- hardening
def test_the_checker_and_spotting_refuse_bad_arguments(chase, run, night_run):
    answer = run.with_music(night_run)
    for kwargs in ({"tolerance": True}, {"tolerance": float("nan")}, {"tolerance": -1},
                   {"min_correlation": 2.0}, {"min_correlation": "high"}):
        with pytest.raises(ScoringError):
            check_score(answer, chase, **kwargs)
    with pytest.raises(ScoringError, match="needs the Scene"):
        check_score(answer, "chase")
    assert check_score(answer, chase, tolerance=np.float64(2.0)).ok
    with pytest.raises(ScoringError, match="list of \\(in, out, title\\)"):
        spot(chase, "01:00:05:00")
    with pytest.raises(ScoringError, match="no field 'colour'"):
        spot(chase, [{"start": "01:00:05:00", "end": "01:00:20:00", "colour": "red"}])
    with pytest.raises(ScoringError, match="title"):
        spot(chase, [("01:00:05:00", "01:00:20:00", 42)])
    with pytest.raises(ScoringError, match="not a finite number"):
        spot(chase, [(True, "01:00:20:00", "A")])
    with pytest.raises(ScoringError, match="Cue or a Motif"):
        run.with_music("a tune")
    with pytest.raises(ScoringError, match="breath"):
        run.sketch(150, pulse=ENGINE, breath=float("nan"))
    with pytest.raises(ScoringError, match="tempo"):
        run.sketch("fast", pulse=ENGINE)
    with pytest.raises(ScoringError, match="one label per version"):
        shape_plot(run, [night_run], labels=["a", "b"])
    assert number_cues([np.float64(3.0), 1], reel=np.int64(2)) == ["2M2", "2M1"]
    with pytest.raises(ScoringError, match="not a finite number"):
        number_cues([float("nan")])
    with pytest.raises(ScoringError):
        measured_tension(night_run, ["1"])


def _stab_beats(cue):
    """The beats (counting from 1) where the stabs layer strikes."""
    out, t = [], 0
    for c in cue.layer("stabs").chords:
        if c.pitches:
            out.append(1 + t)
        t += c.duration
    return out


# ---------------------------------------------------------------- playing through
def _two_hit_scene() -> Scene:
    """A door at 2 s + 4 frames and a crash at 6 s, the scene's tension peaking on the crash."""
    return Scene.from_dict({"title": "Two hits", "fps": 24, "start": "01:00:00:00", "end": "01:00:10:00",
                            "tempo_range": [40, 120],
                            "events": [{"at": "01:00:02:04", "kind": "hit", "label": "door"},
                                       {"at": "01:00:06:00", "kind": "hit", "label": "crash"}],
                            "beats": [{"at": "01:00:00:00", "tension": 0.2, "label": "calm"},
                                      {"at": "01:00:06:00", "tension": 0.9, "label": "the crash"}]})


def _accents_at(*beats: int) -> Cue:
    """Ten soft quarter notes at 60 BPM (one a second), a loud chord on each of ``beats`` (from 0)."""
    chords = [Chord((50, 57, 62), 1, 120) if b in beats else Chord((50,), 1, 40) for b in range(10)]
    return Cue((Layer("pulse", tuple(chords)),), "accents", "D minor", tempo_map=TempoMap.constant(60))


def test_a_hit_may_be_played_through_but_not_the_climax_nor_a_near_miss():
    scene = _two_hit_scene()
    cue_spot = spot(scene, [("01:00:00:00", "01:00:09:00", "Two")]).cues[0]
    assert cue_spot.climax() == pytest.approx(6.0)
    through = check_score(cue_spot.with_music(_accents_at(6)), scene)          # nothing near the door
    assert through.ok, through
    assert through.notes[0] == "1 hit caught (worst 0.0 frames), 1 played through: 'door'"
    near = check_score(cue_spot.with_music(_accents_at(2, 6)), scene)          # a stab 4 frames before the door
    assert not near.ok and near.notes[0] == "hit 'door' at 01:00:02:04 is missed: the nearest accent is 4.0 frames " \
                                            "early (allow 2)"
    assert near.notes[1].startswith("an accent a few frames off a hit sounds like a mistake, not a choice")
    climax = check_score(cue_spot.with_music(_accents_at(2)), scene)           # the crash left without an accent
    assert not climax.ok and any(n.startswith("hit 'crash' at 01:00:06:00 is the moment the cue builds to")
                                 for n in climax.notes)


def test_the_capstone_feedback_asks_a_question_when_the_numbers_pass():
    fb = E.check_farewell(E._solution_farewell())
    assert fb.ok and fb.question.startswith("Which hits does your music catch, which does it play through")
    assert len(fb.rubric) == 3 and "Think: " in repr(fb) and "A strong answer (1)" in repr(fb)


# ---------------------------------------------------------------- writing a cue in parts (part, on_beats, compose)
def test_a_part_is_written_bar_by_bar_with_dynamics_by_bar():
    from scoring.scene import part

    bass = part("bass", ["D1", "D2 C2", "BB-1", "C1"], instrument="Contrabass", dynamics={1: "p", 3: "f"}, key="D minor")
    assert bass.pitches == ["D3", "D3", "C3", "Bb2", "C3"] and bass.velocities == [49, 49, 49, 96, 96]
    assert bass.name == "bass" and bass.instrument == "Contrabass" and float(bass.quarter_length) == 16
    assert float(part("x", ["trip{c8 d e} f4 g2"]).quarter_length) == 4      # a triplet fills one beat


@pytest.mark.parametrize("bars, bar", [(["c4 d e f", "c4 d e"], 2), (["c2 d e"], 1), (["c1", "c1", "d8 e f g a b c' d' e'"], 3)])
def test_a_bar_that_does_not_fill_its_metre_is_refused_by_number(bars, bar):
    from scoring.scene import part

    with pytest.raises(ScoringError, match=rf"bar {bar} of tune .* a bar of 4/4 holds 4"):
        part("tune", bars)


def test_part_and_on_beats_refuse_bad_input():
    from scoring.scene import on_beats, part

    for bad in ("c4 d e f", [], [3], ["c4 d e f", ""]):
        with pytest.raises(ScoringError):
            part("tune", bad)
    with pytest.raises(ScoringError, match="bar numbers"):
        part("tune", ["c1"], dynamics={0: "p"})
    with pytest.raises(ScoringError):
        part("tune", ["c1"], dynamics={1: "loud"})
    for bad in ([(1, "D3", )], [("one", "D3", 1)], [(1, "H3", 1)], [(1, "", 1)], "D3", [(200, "D3", 1)]):
        with pytest.raises(ScoringError):
            on_beats("stabs", bad, length=16)


def test_on_beats_places_chords_on_the_fits_beats(run, chase):
    from scoring.scene import on_beats

    fit = run.fit(subdivision=2)
    stabs = on_beats("stabs", [(b, "D3 A3 D4", 0.5) for b in fit.beats], length=128, key="D minor")
    onsets, t = [], 0
    for c in stabs.layers[0].chords:
        if c.pitches:
            onsets.append(t + 1)
        t += float(c.duration)
    assert onsets == list(fit.beats)
    music = run.compose([stabs], tempo=fit)
    assert all(r.error is not None and abs(r.error) <= 0.5 for r in hit_report([run.with_music(music)], chase))


def test_compose_stacks_the_parts_on_the_fitted_clock_and_refuses_a_cue_too_long(run):
    from scoring.scene import part

    pulse = part("pulse", ["D8 D F D A D F D"] * 32, instrument="Cello", key="D minor")
    cue = run.compose([pulse], tempo=run.fit(subdivision=2))
    assert cue.tempo == 150 and cue.name == "1M1 Night Run" and [l.role for l in cue.layers] == ["pulse"]
    with pytest.raises(ScoringError, match="longer than the 51.0 s spotted for 1M1: shorten pulse"):
        run.compose([pulse], tempo=120)
    for bad in ([], ["pulse"], [pulse] * 16):
        with pytest.raises(ScoringError):
            run.compose(bad, tempo=150)
    with pytest.raises(ScoringError):
        run.compose([pulse], tempo="fast")


# ---------------------------------------------------------------- the capstone's answers, written in notes
def _other_farewell(ferry):
    """A second valid farewell, written differently from the reference: cellos in half notes, a piano
    tune once before the last line and once to the wave, a harp on five hits, the gangway played through."""
    from scoring.scene import on_beats, part

    roots = ["FF2 C2", "BBB-2 FF2", "FF2 C2", "DD2 AA2", "BBB-2 FF2", "CC2 GG2", "FF2 C2", "DD2 AA2", "BBB-2 FF2",
             "CC2 GG2", "DD2 AA2", "BBB-2 FF2", "FF2 C2", "CC2 GG2", "DD2 AA2", "BBB-2 FF2", "FF2 C2", "FF1"]
    cello = part("cellos", roots, instrument="Cello", key="F major",
                 dynamics={1: "p", 7: "mp", 12: "mf", 13: "f", 14: "mp", 17: "p"})
    tune = part("tune", ["r1"] * 6 + ["c'2 a2", "d'2 f'2", "f'1"] + ["r1"] * 2 + ["d'2 f'2", "c''1", "g'2 e'2", "f'2 d'2"]
                + ["r1"] * 3, instrument="Acoustic Grand Piano", key="F major",
                dynamics={1: "mp", 12: "mf", 13: "f", 14: "mp"})
    harp = on_beats("harp", [(1, "F2 C3 A3", 2, "mp"), (13, "D3 F3 A3", 2, "mf"), (25, "F3 A3 C4", 2, "mf"),
                             (49, "F3 C4 A4 F5", 4, "f"), (65, "A5 C6 F6", 4, "mp")], length=72,
                    instrument="Orchestral Harp", key="F major")
    return ferry.with_music(ferry.compose([cello, tune, harp], tempo=ferry.fit()))


@pytest.fixture(scope="module")
def ferry(farewell):
    return spot(farewell, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0]


def test_the_reference_solution_is_written_notes_not_a_sketch(monkeypatch):
    """The reference passes with the sketch and sketch_cue made unusable: it is written note by note."""
    import scoring.scene as S
    import scoring.sync as Y

    def refuse(*_, **__):
        raise AssertionError("the reference solution must not sketch")

    monkeypatch.setattr(S.SpotCue, "sketch", refuse)
    monkeypatch.setattr(S, "sketch_cue", refuse)
    monkeypatch.setattr(Y, "sketch_cue", refuse)
    answer = E._solution_farewell()
    fb = E.check_farewell(answer)
    assert fb.ok, fb
    assert {l.role for l in answer.music.layers} >= {"harp", "bass", "theme"}
    assert "played through: 'horn', 'gangway up'" in fb.notes[0]


def test_the_checker_accepts_other_written_answers(ferry, tmp_path):
    other = _other_farewell(ferry)
    assert E.check_farewell(other).ok, E.check_farewell(other)
    assert E.check_farewell(other.music).ok                  # a cue on its own starts on the horn
    path = E._solution_farewell().music.to_midi(tmp_path / "ferry.mid")     # through a DAW and back
    from scoring.core.cue import Cue as _Cue

    back = _Cue.from_midi(path, scene=load_scene("farewell"), start="02:00:09:00")
    assert E.check_farewell(ferry.with_music(back)).ok


def test_the_written_starter_fails_with_the_crafts_hints_and_no_code(ferry):
    from scoring.scene import part

    harp = part("harp", ["F8 c f a c' a f c"] * 25, instrument="Orchestral Harp", key="F major")
    theme = part("theme", ["c'2 a4 c'", "d'2 c'4 a", "g2. f4", "f1"] * 6 + ["r1"], instrument="Oboe", key="F major")
    fb = E.check_farewell(ferry.with_music(ferry.compose([harp, theme], tempo=100)))
    text = "; ".join(fb.notes)
    assert not fb.ok and fb.question == ""
    assert "54-90 BPM" in text and "must stay 6 dB below" in text
    assert 'reread "3 Fit the tempo to the hits"' in text and 'reread "7 Leave the silences"' in text
    assert not re.search(r"[A-Za-z_][A-Za-z0-9_.]*\(", text.replace("(reread", "").replace("(allow", "")
                         .replace("(no accent", "").replace("(correlation", "")), text


def test_the_worked_chase_written_in_parts_passes(run, chase):
    from scoring.scene import on_beats, part

    fit = run.fit(subdivision=2)
    dm, dm_c, bb, c = "D8 D F D A D F D", "D8 D F D C C E C", "BB-8 BB- D BB- F BB- D BB-", "C8 C E C G C E C"
    bars = [dm, dm_c, bb, c] * 8
    bars[21:23] = ["D8 D F D C C r4", "r4 BB-8 BB- F BB- D BB-"]
    bars[23] = "r1"                                  # after the crash: only rain and the ticking engine
    bars[24:28] = ["DD4 r DD r"] * 4
    pulse = part("pulse", bars, instrument="Cello", key="D minor",
                 dynamics={1: "mp", 5: "mf", 9: "f", 12: "mp", 14: "f", 21: "ff", 25: "pp", 29: "mf"})
    stabs = on_beats("stabs", [(1, "D3 A3 D4 F4", 1), (15, "C3 G3 C4 E4", 1), (37, "D3 A3 D4 F4", 1),
                               (58.5, "Bb2 F3 Bb3 D4", 0.5), (90, "Bb2 F3 Bb3 D4 F4", 2, "fff"),
                               (119, "C3 G3 C4 E4", 1)], length=128, key="D minor")
    fb = check_score(run.with_music(run.compose([pulse, stabs], tempo=fit)), chase)
    assert "all 6 hits caught" in fb.notes[0] and "dialogue clear" in fb.notes[1]


def test_the_plot_cards_carry_alt_text_from_the_data(run, chase, night_run):
    from scoring.scene import fit_card, shape_card, timeline_card

    card = timeline_card(chase)
    assert 'alt="timeline of Night Run, seconds 0-60 across' in card._repr_html_()
    assert "rises to 1 at 'crash' (40.6 s)" in card.text and "crash 40.6 s" in card.text
    assert "worst hit error" in fit_card(run.fit(subdivision=2)).text
    shaped = shape_card(run, [night_run], labels=["shaped"])
    assert "shaped measures" in shaped.text and "correlation" in shaped.text and "<img" in shaped._repr_html_()
    with pytest.raises(ScoringError):
        fit_card("150")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 160), st.integers(1, 127)), min_size=1, max_size=60),
       st.sampled_from([0.25, 0.5, 1.0, 1.5]), st.sampled_from([1.0, 1.25, 1.5, 2.0]))
def test_accents_are_the_attacks_heavier_than_the_typical_one_near_them(attacks, window, factor):
    """An attack is an accent when it weighs at least ``factor`` times the median attack within
    ``± window`` seconds (bounds included), or stands alone: the same answer as a plain reading of
    that rule, for attacks on a quarter-second grid (so many sit exactly on a window's edge) and
    notes struck together (their velocities summed)."""
    import scoring.scene as S

    notes = sorted((k / 4, k / 4 + 0.2, v, "pulse") for k, v in attacks)
    grouped: dict[float, float] = {}
    for start, _, v, _ in notes:
        grouped[start] = grouped.get(start, 0.0) + v
    times, weights = np.array(list(grouped)), np.array(list(grouped.values()))
    expected = [float(t) for t, w in zip(times, weights)
                if w >= factor * float(np.median(weights[np.abs(times - t) <= window]))
                or (np.abs(times - t) <= window).sum() == 1]
    original = S._sounding
    S._sounding = lambda music: notes
    try:
        assert accents(None, window=window, factor=factor) == expected
    finally:
        S._sounding = original


def test_the_sounding_spans_are_one_per_chord_timed_by_the_clock_and_the_articulation():
    from scoring import scene as S

    clock = TempoMap.constant(120, time_signature="4/4")
    strings = Layer("harmony", (Chord((50, 57, 62), 2, 80), Chord((), 1), Chord((48, 55, 64), 1, 90)),
                    "String Ensemble 1", "legato")
    hits = Layer("stabs", (Chord((), 3), Chord((62, 69), 1, 110)), "Brass Section", "staccato")
    cue = Cue([strings, hits], tempo_map=clock, name="Spans")
    spans = S._sounding(cue)
    assert sorted((s, v, role) for s, _, v, role in spans) == [(0.0, 80, "harmony"), (1.5, 90, "harmony"),
                                                                (1.5, 110, "stabs")]
    ends = {role: e - s for s, e, _, role in spans if s == 1.5}
    assert ends["stabs"] < ends["harmony"] <= 0.5 + 1e-9   # a staccato stab sounds shorter than a held chord
