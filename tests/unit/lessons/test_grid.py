"""The scoring grid without a browser: its notes and its cue agree both ways (round trip), notes
snap, layers keep their instruments and ranges, limits and bad input are refused with a
ScoringError (or, from the browser, a message and the grid as it was), the sound is rendered per
layer, the scene is laid on the cue's own clock, and a still with alt text stands in where no
kernel runs."""
from __future__ import annotations

import base64
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from scoring import Motif, TempoMap
from scoring.core.cue import Chord, Cue, Layer
from scoring.errors import ScoringError
from scoring.harmony import harmonize
from scoring.panels import grid as G
from scoring.panels.grid import (MAX_GRID_LAYERS, MAX_GRID_NOTES, GridError, ScoringGrid, cue_notes, notes_cue,
                                 playable_range, snap_beat)
from scoring.render.analog import Patch
from scoring.scene import load_scene, spot

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def kitchen():
    return load_scene("kitchen_dialogue")


@pytest.fixture(scope="module")
def look(kitchen):
    """5M1 "The Look": 05:00:05:00-05:00:07:00, two seconds over LEO's line, the smile at its out."""
    return spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]


@pytest.fixture(scope="module")
def whole(kitchen):
    """A cue across the kitchen scene: 05:00:00:00-05:00:08:00."""
    return spot(kitchen, [("05:00:00:00", "05:00:08:00", "Kitchen")]).cues[0]


def smile() -> Motif:
    return Motif.parse("4/4 c'4 e' g'", tempo=120, instrument="Flute", name="smile")


def sounding(cue: Cue) -> list:
    return sorted((round(e.start, 6), round(e.end, 6), e.pitch, e.velocity, e.program) for e in cue.events())


# ---------------------------------------------------------------- notes <-> cue
def test_a_loaded_cue_comes_back_the_same_music(whole):
    cue = harmonize(Motif.parse("4/4 d'4 f' a' d''2 c''4 a' b'-2 a'4 g' f'1", name="Kitchen", key="D minor",
                                tempo=120, instrument="Flute"))
    grid = ScoringGrid(whole, cue=cue)
    assert [d["name"] for d in grid.layers] == ["melody", "harmony", "bass"]
    assert grid.layers[0] | {"velocity": 0} == {"name": "melody", "instrument": "Flute", "articulation": "normal",
                                                "lo": 60, "hi": 96, "velocity": 0, "patch": False}
    assert sounding(grid.cue) == sounding(cue)
    assert grid.cue.quarter_length == cue.quarter_length
    assert (grid.cue.key, grid.cue.tempo_map, grid.cue.name) == (cue.key, cue.tempo_map, cue.name)
    again = ScoringGrid(whole, cue=grid.cue)
    assert again.notes == grid.notes and again.layers == grid.layers


def test_notes_make_the_cue_at_once_and_a_new_cue_loads_into_the_grid(look):
    grid = ScoringGrid(look, cue=smile())
    assert grid.cue.alt_text().splitlines()[-1] == "melody (Flute): C5 E5 G5"
    grid.notes = grid.notes + [[0, 81, 3.0, 1.0, 80]]
    assert grid.cue.alt_text().splitlines()[-1] == "melody (Flute): C5 E5 G5 A5"
    grid.cue = Motif.parse("4/4 g4 a b", tempo=120, instrument="Oboe", name="other")
    assert grid.layers[0]["instrument"] == "Oboe" and [r[1] for r in grid.notes] == [67, 69, 71]
    assert grid.cue.name == "other" and grid.spot.music.name == "other"


rows = st.lists(st.tuples(st.integers(0, 1), st.integers(60, 72), st.integers(0, 63), st.integers(1, 8),
                          st.sampled_from([64, 96])), max_size=40)


@given(rows)
def test_any_notes_make_a_cue_that_gives_the_same_notes_back(drawn):
    """Chords, overlapping notes of different lengths (extra voices), gaps and repeated notes."""
    layers = [{"name": "strings", "instrument": "Violin"}, {"name": "low", "instrument": "Cello"}]
    notes = sorted([[layer, pitch, start / 4, length / 4, velocity] for layer, pitch, start, length, velocity in drawn],
                   key=lambda r: (r[0], r[2], r[1], r[3]))
    cue = notes_cue(notes, layers, tempo_map=TempoMap.constant(96), length=4)
    back_layers, back = cue_notes(cue)
    assert [d["name"] for d in back_layers] == ["strings", "low"]
    assert sorted(back, key=lambda r: (r[0], r[2], r[1], r[3], r[4])) == \
        sorted(notes, key=lambda r: (r[0], r[2], r[1], r[3], r[4]))
    assert cue.quarter_length >= 4


def test_overlapping_notes_become_voices_and_join_their_layer_again():
    layers = [{"name": "strings", "instrument": "String Ensemble 1"}]
    cue = notes_cue([[0, 60, 0, 4, 80], [0, 64, 0, 4, 80], [0, 72, 1, 1, 80], [0, 74, 2, 1, 90]], layers)
    assert [l.role for l in cue.layers] == ["strings", "strings (voice 2)"]
    assert cue.layers[0].chords[0] == Chord((60, 64), 4, 80)
    back_layers, back = cue_notes(cue)
    assert len(back_layers) == 1 and len(back) == 4


def test_a_cue_on_a_synth_patch_keeps_its_patch(whole):
    glass = Patch("glass", wave="saw")
    cue = Cue((Layer("pad", (Chord((60, 64, 67), 4),), glass),), "pad", tempo=120)
    grid = ScoringGrid(whole, cue=cue)
    assert grid.layers[0]["patch"] and grid.layers[0]["instrument"] == "glass"
    assert grid.cue.layers[0].instrument == glass


# ---------------------------------------------------------------- snap
def test_snap_to_beat_eighth_sixteenth_or_off():
    assert [snap_beat(1.3, s) for s in ("beat", "eighth", "sixteenth", "off")] == \
        [Fraction(1), Fraction(3, 2), Fraction(5, 4), Fraction(21, 16)]
    six_eight = TempoMap.constant(120, time_signature="6/8")
    assert snap_beat(1.3, "beat", tempo_map=six_eight) == Fraction(3, 2)      # a beat of 6/8 is an eighth
    odd = TempoMap.constant(120, time_signature="3/8").metre(1.5, "4/4")      # 4/4 bars from beat 1.5 on
    assert snap_beat(2.3, "beat", tempo_map=odd) == Fraction(5, 2)            # a beat counted from the barline
    with pytest.raises(ScoringError, match="snap='triplet'"):
        snap_beat(1, "triplet")


def test_a_note_added_from_python_snaps_like_a_click(whole):
    grid = ScoringGrid(whole, cue=smile())
    assert grid.add("D5", 1.3) == [0, 74, 1.5, 1.0, 80]
    grid.snap = "sixteenth"
    assert grid.add(76, "2|2.3", length=0.5, velocity=100)[2:] == [5.25, 0.5, 100]
    grid.snap = "beat"
    assert grid.add("C6", "3|1")[2] == 8.0
    with pytest.raises(ScoringError, match="snap='tuplet'"):
        grid.snap = "tuplet"


# ---------------------------------------------------------------- layers
def test_layers_each_have_an_instrument_and_keep_their_notes_to_its_range(whole):
    cue = harmonize(Motif.parse("4/4 d'4 f' a' d''", name="Kitchen", key="D minor", tempo=120, instrument="Flute"))
    grid = ScoringGrid(whole, cue=cue)
    grid.add("C5", 0, layer="harmony")
    assert sum(1 for r in grid.notes if r[0] == 1) == len([p for c in cue.layers[1].chords for p in c.pitches]) + 1
    layers = [dict(d) for d in grid.layers]
    layers[0]["instrument"] = "Glockenspiel"                                 # sounds G5 and up; the tune starts on D5
    with pytest.raises(GridError, match="D5 is outside the Glockenspiel's range"):
        grid.layers = layers
    assert grid.layers[0]["instrument"] == "Flute"
    layers[0]["instrument"] = "Violin"
    grid.layers = layers + [{"name": "drums", "instrument": "Timpani"}]
    assert grid.layers[3]["lo"] == playable_range("Timpani")[0] and grid.cue.layers[0].instrument == "Violin"
    grid.add("D3", "1|1", layer="drums")
    assert [l.role for l in grid.cue.layers][-1] == "drums"


def test_playable_ranges_come_from_the_orchestration_table_or_all_of_midi():
    assert playable_range("Cello") == (36, 81) and playable_range("French Horn") == (35, 77)
    assert playable_range("Pad 2 (warm)") == (0, 127)


# ---------------------------------------------------------------- limits and bad input
def test_too_many_notes_layers_or_voices_are_refused(whole):
    grid = ScoringGrid(whole, cue=smile())
    many = [[0, 60 + i % 24, (i % 64) / 4, 0.25, 80] for i in range(MAX_GRID_NOTES + 1)]
    with pytest.raises(GridError, match="more than the grid's 2,000"):
        grid.notes = many
    with pytest.raises(GridError, match=f"more than the grid's {MAX_GRID_LAYERS}"):
        grid.layers = [{"name": f"l{i}", "instrument": "Flute"} for i in range(MAX_GRID_LAYERS + 1)]
    stacked = [[0, 60 + k, 0, 0.25 * (k + 1), 80] for k in range(16)]       # 16 lengths from one start
    with pytest.raises(GridError, match="a cue holds 15"):
        grid.notes = stacked
    assert len(grid.notes) == 3


@pytest.mark.parametrize("row, words", [
    ([0, 48, 0, 1, 80], r"C3 is outside the Flute's range \(C4-C7\)"),
    ([0, 128, 0, 1, 80], "outside MIDI 0-127"),
    ([0, 72, 30, 1, 80], "runs outside the grid"),
    ([0, 72, 0, 0, 80], "must be positive"),
    ([3, 72, 0, 1, 80], "layer 3 does not exist"),
    ([0, 72, 0, 1, 0], "velocity 0"),
    ([0, 72.5, 0, 1, 80], "outside MIDI 0-127|pitch 72.5"),
    (["0", 72, 0, 1, 80], "not a row of five numbers"),
])
def test_a_bad_note_is_refused_with_what_to_do(look, row, words):
    grid = ScoringGrid(look, cue=smile())
    with pytest.raises(ScoringError, match=words):
        grid.notes = grid.notes + [row]
    assert len(grid.notes) == 3


def test_a_bad_change_from_the_browser_shows_a_message_and_keeps_the_grid(look):
    grid = ScoringGrid(look, cue=smile())
    before = grid.notes
    grid.set_state({"notes": before + [[0, 40, 0, 1, 80]]})               # no exception reaches the kernel
    assert grid.notes == before and "outside the Flute's range" in grid.error
    grid.set_state({"notes": before[:2]})
    assert len(grid.notes) == 2 and grid.error == ""


def test_a_scene_without_a_cue_or_something_else_is_refused(kitchen, look):
    with pytest.raises(ScoringError, match="alone has no cue to edit"):
        ScoringGrid(kitchen)
    with pytest.raises(ScoringError, match="has no music yet"):
        ScoringGrid(look)
    with pytest.raises(ScoringError, match="needs a spotted cue"):
        ScoringGrid("chase", cue=smile())
    with pytest.raises(ScoringError, match="outside the French Horn's range"):
        ScoringGrid(look, cue=Motif.parse("c'''4", instrument="French Horn"))
    with pytest.raises(ScoringError, match="sound='ogg'"):
        ScoringGrid(look, cue=smile(), sound="ogg")
    with pytest.raises(ScoringError, match="made on a whole scene"):
        ScoringGrid(kitchen, cue=smile()).spot
    with pytest.raises(ScoringError, match="snap=3"):
        ScoringGrid(look, cue=smile(), snap=3)
    grid = ScoringGrid(look, cue=smile())
    for name, value, words in (("notes", None, "notes should be a list"), ("layer", "melody", "choose a layer's number"),
                               ("layers", [], "non-empty list"), ("layer", 1, "choose a layer's number, 0-0")):
        with pytest.raises(ScoringError, match=words):
            setattr(grid, name, value)


# ---------------------------------------------------------------- the scene on the cue's clock
def test_bars_follow_the_tempo_map_and_the_scene_sits_on_the_cue(whole):
    clock = TempoMap.constant(60).ramp(4, 8, 120).hold(8, 1.0)
    cue = Cue.from_motif(Motif.parse("4/4 c'2 d' e' f' g'1", instrument="Flute", name="ramp")).with_tempo_map(clock)
    grid = ScoringGrid(whole, cue=cue)
    tl = grid.timeline
    starts = [clock.seconds_at(b[0]) for b in tl["bars"]]
    assert np.diff(starts)[0] > np.diff(starts)[1]                           # the bar in the accel. is shorter
    held = [p for p in tl["points"] if p[0] == 8.0]                          # the clock stands still on beat 8
    assert len(held) == 2 and held[1][1] - held[0][1] == pytest.approx(1.0)
    assert tl["hits"] == [[7.0, "smile"]] and tl["lines"][0][:3] == [0.75, 2.0, "ANNA"]
    assert (tl["in"], tl["out"], tl["title"]) == (0.0, 8.0, "5M1 Kitchen")
    assert (tl["names"][60], len(tl["names"]), tl["tc_frames"]) == ("C4", 128, 5 * 3600 * 24)


def test_the_cue_in_the_grid_is_judged_on_its_spot(look):
    grid = ScoringGrid(look, cue=smile())
    assert grid.spot.music is grid.cue and grid.spot.start == look.start


# ---------------------------------------------------------------- sound and picture
def test_the_sound_is_an_mp3_and_an_edit_renders_only_its_layer(whole, monkeypatch):
    cue = harmonize(Motif.parse("4/4 d'4 f' a' d''", name="Kitchen", key="D minor", tempo=120, instrument="Flute"))
    grid = ScoringGrid(whole, cue=cue)
    assert grid.audio == b""                                      # nothing is rendered before a view is shown
    data = grid.render_audio()
    assert data[:3] == b"ID3" or data[:2] in (b"\xff\xf3", b"\xff\xfb", b"\xff\xe3")
    assert grid.audio == data and grid.latency_ms > 0
    calls = []
    real = G.render_events
    monkeypatch.setattr(G, "render_events", lambda *a, **k: calls.append(1) or real(*a, **k))
    grid._live = True
    grid.add("E5", "1|2", layer="melody")
    assert len(calls) == 1 and grid.audio != data
    wav = ScoringGrid(whole, cue=cue, sound="wav")
    assert wav.render_audio()[:4] == b"RIFF" and wav.audio_type == "audio/wav"


def test_a_view_saying_hello_gets_the_sound_and_small_stills(look):
    grid = ScoringGrid(look, cue=smile())
    grid._message(grid, {"type": "hello"}, [])
    assert grid.audio and grid.status == ""
    assert 1 <= len(grid.frames) <= 30
    t, src = grid.frames[0]
    assert 0 <= t <= 2.0 and src.startswith("data:image/jpeg;base64,") and len(src) < 20_000


def test_the_animatic_is_rendered_on_request(look):
    grid = ScoringGrid(look, cue=smile())
    grid._message(grid, {"type": "animatic"}, [])
    assert grid.video[4:8] == b"ftyp" and grid.video_start == -2.0 and not grid.video_stale
    grid.add("A5", "1|4")
    assert grid.video_stale


# ---------------------------------------------------------------- where no kernel runs
def test_the_widget_carries_a_still_of_the_grid_with_alt_text(look):
    grid = ScoringGrid(look, cue=smile())
    data, _meta = grid._repr_mimebundle_()
    assert WIDGET_VIEW in data and "Scoring grid of 5M1 The Look" in data["text/plain"]
    html = data["text/html"]
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1))
    assert png[:4] == b"\x89PNG"
    alt = re.search(r'alt="([^"]+)"', html).group(1)
    assert alt.startswith("Scoring grid of 5M1 The Look, a still") and "melody (Flute) 3 notes C5-G5" in alt
    assert "Hits (red lines): smile at 2|1" in alt and "Dialogue (blue bands): LEO" in alt


def test_user_text_never_reaches_html_unescaped(kitchen):
    grid = ScoringGrid(kitchen, cue=smile().with_name('<img src=x onerror="alert(1)">'))
    html = grid.still_html()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    js = Path(G.__file__).with_name("grid.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert not re.search(r"https?://", js), "the front end fetches nothing"


# ---------------------------------------------------------------- the capstone written in the grid
def test_the_capstone_answer_edited_in_the_grid_is_judged_like_any_other():
    """Lesson 07: the reference cue loads into the grid; a note added where nobody speaks keeps it
    valid; the strings written under Mara's last line make the checker name the line and the section."""
    from scoring.exercises import l07 as E

    reference = E._solution_farewell()
    grid = ScoringGrid(reference, cue=reference.music)
    assert E.check_farewell(grid.spot).ok
    grid.add("F5", "16|1", 4, layer="theme")                # over B-flat, after every line, before the light
    assert E.check_farewell(grid.spot).ok
    grid.add("A4", "10|1", 8, layer="strings", velocity=96)  # held through "Every single week.", in the voice band
    fb = E.check_farewell(grid.spot)
    assert not fb.ok and any("Every single week." in n for n in fb.notes)
    assert 'reread "7 Leave the silences"' in fb.notes
