"""The scene animatic: frames and frame rate, punches on their hit frames (measured on decoded
video), the music's first note on its in-point (measured on the decoded AAC), the staging in the
scene files, the HTML player and transcript, and bad input refused with a fix."""
from __future__ import annotations

import copy
import io
import json
from dataclasses import replace

import av
import numpy as np
import pytest

from scoring import Motif
from scoring.animatic import COLOURS, FORMATS, Video, animatic, cue_animatic
from scoring.core.film import MAX_PROPS, SCENES_DIR, Scene, load_scene
from scoring.errors import ScoringError
from scoring.render.html import escape
from scoring.render.picture import Punch, Streamer, WarningStreamer, draw_frame
from scoring.scene import spot

FPS = 24


@pytest.fixture(scope="module")
def kitchen():
    return load_scene("kitchen_dialogue")


@pytest.fixture(scope="module")
def chase():
    return load_scene("chase")


@pytest.fixture(scope="module")
def tune():
    """Four notes at 120 BPM: 2 s of music, its first note on its first sample."""
    return Motif.parse("c'4 e' g' c''", tempo=120, name="tune")


@pytest.fixture(scope="module")
def look(kitchen, tune):
    """A cue spotted at 2.0 s into the kitchen scene, with the tune attached."""
    return spot(kitchen, [("05:00:02:00", "05:00:07:00", "The Look")]).cues[0].with_music(tune)


def decoded_luma(mp4: bytes) -> np.ndarray:
    """The mean brightness of every decoded frame."""
    with av.open(io.BytesIO(mp4)) as box:
        return np.array([f.to_ndarray(format="gray").mean() for f in box.decode(video=0)])


def decoded_audio(mp4: bytes) -> tuple[np.ndarray, int, float]:
    """The decoded mono AAC samples, the rate, and the time of the first sample (seconds)."""
    with av.open(io.BytesIO(mp4)) as box:
        stream = box.streams.audio[0]
        frames = list(box.decode(stream))
        return (np.concatenate([f.to_ndarray().ravel() for f in frames]), stream.rate,
                float(frames[0].pts * frames[0].time_base))


def onset(samples: np.ndarray, rate: int, t0: float) -> float:
    """The first moment the 2 ms RMS envelope rises above a tenth of its peak."""
    w = int(rate * 0.002)
    env = np.sqrt((samples[: len(samples) // w * w].reshape(-1, w) ** 2).mean(axis=1))
    return t0 + int(np.argmax(env > 0.1 * env.max())) * w / rate


def scene_dict(**changes) -> dict:
    data = {"title": "T", "fps": 24, "start": "01:00:00:00", "end": "01:00:04:00",
            "events": [{"at": "01:00:02:00", "kind": "hit", "label": "slam"}],
            "shots": [{"from": "01:00:00:00", "to": "01:00:04:00", "card": "INT. HALL - NIGHT.",
                       "props": [{"kind": "door", "x0": 0.5, "y0": 0.9, "size": 0.6, "label": "DOOR"}]}]}
    data.update(changes)
    return data


# ---------------------------------------------------------------- frames and frame rate
def test_the_video_has_one_frame_per_frame_of_the_scene_at_its_rate(kitchen):
    video = animatic(kitchen)
    with av.open(io.BytesIO(video.mp4)) as box:
        stream = box.streams.video[0]
        assert stream.average_rate == FPS and (stream.width, stream.height) == (480, 270)
        assert sum(1 for _ in box.decode(stream)) == 8 * FPS
    assert (video.fps, video.frames, video.seconds, video.start, video.end) == (24.0, 192, 8.0, 0.0, 8.0)
    part = animatic(kitchen, start="05:00:02:12", end=6.0)
    assert (part.frames, part.start, part.end) == (84, 2.5, 6.0)
    assert len(decoded_luma(part.mp4)) == 84


def test_a_pal_scene_runs_at_25_frames_a_second():
    data = scene_dict(fps=25, end="01:00:02:00", events=[])
    data["shots"][0]["to"] = "01:00:02:00"
    scene = Scene.from_dict(data)
    video = animatic(scene)
    assert video.frames == 50 and video.fps == 25.0
    with av.open(io.BytesIO(video.mp4)) as box:
        assert box.streams.video[0].average_rate == 25


# ---------------------------------------------------------------- punches, streamers, counter
def test_each_punch_lands_on_its_hit_frame(chase):
    start, end = 3.0, 21.0
    luma = decoded_luma(animatic(chase, start=start, end=end, dialogue=False).mp4)
    hits = [h for h in chase.hits if start <= h.at < end]
    assert len(hits) == 3
    for h in hits:
        n = round((h.at - start) * FPS)
        window = luma[n - 6:n + 7]
        assert int(np.argmax(window)) == 6, (h.label, np.round(window, 1))
        assert window[6] > 2 * np.median(window)            # a flash, not encoder noise


def test_without_punches_no_frame_flashes(chase):
    luma = decoded_luma(animatic(chase, start=3.0, end=7.0, punches=False, streamers=False, dialogue=False).mp4)
    assert luma.max() < 1.3 * np.median(luma)


def test_marks_follow_the_colour_convention_and_can_be_recoloured(chase, kitchen, look):
    video = animatic(kitchen, look)
    warning = [m for m in video.picture.marks if isinstance(m, WarningStreamer)]
    assert [(m.hit, m.label) for m in warning] == [(2.0, "5M1")]
    colours = {(m.at, m.colour) for m in video.picture.marks if isinstance(m, Punch) and m.scale == 1}
    assert colours == {(2.0, COLOURS["start"]), (7.0, COLOURS["hit"])}
    red = [m for m in video.picture.marks if isinstance(m, Streamer) and m.colour == "red"]
    assert [(m.hit, m.label) for m in red] == [(4.0, "5M1 END")]          # the tune ends 2 s after its in-point
    swapped = animatic(kitchen, look, colours={"hit": "yellow", "warning": "green"}, end=1.0)
    kinds = {(type(m).__name__, m.colour) for m in swapped.picture.marks if isinstance(m, Streamer)}
    assert {("Streamer", "yellow"), ("Streamer", "green")} <= kinds and ("WarningStreamer", "yellow") not in kinds
    streamers = [m for m in animatic(chase, end=1.0).picture.marks if isinstance(m, Streamer)]
    assert len(streamers) == len(chase.hits) and all(2.0 <= m.length <= 4.0 for m in streamers)


def test_the_counter_reads_bar_and_beat_from_the_musics_clock(kitchen, look):
    span = animatic(kitchen, look, end=1.0).picture.cues[0]
    assert (span.number, span.start, span.end) == ("5M1", 2.0, 4.0)
    assert [span.bar_beat(t) for t in (0.0, 0.49, 0.5, 1.6)] == ["1|1", "1|1", "1|2", "1|4"]
    waltz = Motif.parse("3/4 c'4 e' g' c'' g' e'", tempo=90, name="waltz")
    counter = animatic(kitchen, waltz, end=1.0).picture.cues[0].bar_beat
    assert counter(waltz.tempo_map.seconds_at(3) + 0.01) == "2|1"


# ---------------------------------------------------------------- the soundtrack
@pytest.mark.parametrize("start", [0.0, 1.0])
def test_the_first_note_sounds_within_a_frame_of_the_cues_in_point(kitchen, look, start):
    video = animatic(kitchen, look, dialogue=False, start=start)
    samples, rate, t0 = decoded_audio(video.mp4)
    assert abs(onset(samples, rate, t0) - (look.start - start)) <= 1 / FPS
    assert abs(len(samples) / rate - video.seconds) < 0.05


def test_the_click_and_the_murmur_are_heard_and_the_mix_stays_in_range(kitchen, look):
    quiet = animatic(kitchen, look, dialogue=False, end=2.0)
    murmured = animatic(kitchen, look, end=2.0)
    a, _, _ = decoded_audio(quiet.mp4)
    b, rate, _ = decoded_audio(murmured.mp4)
    line = slice(int(0.9 * rate), int(1.9 * rate))          # ANNA: "You're up late." (0.75-2.0 s)
    assert np.sqrt(np.mean(a[line] ** 2)) < 1e-3 < np.sqrt(np.mean(b[line] ** 2))
    clicked = animatic(kitchen, look, click=True, dialogue=False, start=2.0, end=4.0)
    plain = animatic(kitchen, look, dialogue=False, start=2.0, end=4.0)
    c, rate, _ = decoded_audio(clicked.mp4)
    d, _, _ = decoded_audio(plain.mp4)
    assert np.abs(c - d[:len(c)]).max() > 0.05 and "click" in clicked.caption()
    assert np.isfinite(c).all() and np.abs(c).max() <= 1.0


def test_a_silent_scene_without_music_or_murmur_has_no_soundtrack(kitchen):
    with av.open(io.BytesIO(animatic(kitchen, dialogue=False, end=1.0).mp4)) as box:
        assert not box.streams.audio


def test_a_whole_spotting_plays_each_cue_at_its_in_point(chase):
    radio = Motif.parse("c'4 e' g'", tempo=120, name="radio")
    run = Motif.parse("d8 f a d' a f d f", tempo=150, name="run")
    spotting = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
    video = animatic(chase, spotting.with_music({"1M1": radio, "1M2": run}), dialogue=False, start=4.0, end=6.0)
    assert [c.number for c in video.picture.cues] == ["1M1", "1M2"]
    samples, rate, t0 = decoded_audio(video.mp4)
    assert abs(onset(samples, rate, t0) - 1.0) <= 1 / FPS          # 1M2's first note at 5.0 s
    assert "1M1 Radio" not in video.caption() and "1M2 run (in at 01:00:05:00)" in video.caption()


def test_the_same_animatic_gives_the_same_bytes(kitchen, look):
    assert animatic(kitchen, look, end=3.0).mp4 == animatic(kitchen, look, end=3.0).mp4


# ---------------------------------------------------------------- one cue
def test_cue_animatic_shows_the_cue_with_a_pre_roll(kitchen, look, tune):
    video = cue_animatic(kitchen, look)
    assert (video.start, video.end) == (0.0, 8.0)      # 2 s before 05:00:02:00; 1 s after the spot's end
    short = cue_animatic(kitchen, look, tune, pre_roll=0.5, post_roll=0.0, dialogue=False)
    assert (short.start, short.end) == (1.5, 7.0)
    samples, rate, t0 = decoded_audio(short.mp4)
    assert abs(onset(samples, rate, t0) - 0.5) <= 1 / FPS


# ---------------------------------------------------------------- the value
def test_the_notebook_shows_a_video_a_caption_and_an_escaped_transcript():
    data = scene_dict(dialogue=[{"from": "01:00:00:12", "to": "01:00:01:12", "who": "TOM & <JO>",
                                 "line": "<script>alert('x')</script>"}])
    video = animatic(Scene.from_dict(data))
    html = video._repr_html_()
    assert html.count("<video") == 1 and 'src="data:video/mp4;base64,' in html and "<details" in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "TOM &amp; &lt;JO&gt;" in html and 'aria-label="Animatic of T:' in html
    assert escape(video.caption()) in html and video.caption().startswith("T (01:00:00:00-01:00:04:00): no music")
    assert repr(video) == video.caption()


def test_stills_are_pngs_of_the_frame_at_a_moment(kitchen):
    video = animatic(kitchen, end=1.0)
    png = video.still("05:00:06:00")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png == video.still(6.0)
    with pytest.raises(ScoringError, match="outside the scene"):
        video.still(9.0)


def test_to_file_writes_mp4_and_webm(kitchen, tmp_path):
    video = animatic(kitchen, end=1.5)
    assert FORMATS == ("mp4", "webm")
    path = video.to_file(tmp_path / "kitchen.mp4")
    assert path.read_bytes() == video.mp4
    webm = video.to_file(tmp_path / "kitchen.webm", format="webm")
    with av.open(str(webm)) as box:
        assert box.streams.video[0].codec_context.name == "vp9"
        assert box.streams.audio[0].codec_context.name == "opus"
        assert sum(1 for _ in box.decode(video=0)) == 36


# ---------------------------------------------------------------- bad input
def test_bad_input_is_refused_with_a_fix(kitchen, look, tune, tmp_path):
    farewell = load_scene("farewell")
    elsewhere = spot(farewell, [("02:00:09:00", "02:00:20:00", "Elsewhere")]).cues[0].with_music(tune)
    long = Motif.parse("c1 d e f g", tempo=60, name="long")                        # 20 s: longer than the scene
    cases = [
        (lambda: animatic(kitchen, long), "ends .* after the scene.*shorter"),
        (lambda: animatic(kitchen, look.with_music(Motif.parse("c1 d", tempo=60))), "after the scene"),
        (lambda: animatic(kitchen, replace(look, hits=(99.0,))), "outside the scene.*spot"),
        (lambda: animatic(kitchen, elsewhere), "unknown cue 2M1.*The Last Ferry"),
        (lambda: cue_animatic(kitchen, "5M3", tune), "unknown cue '5M3'.*spotting.cue"),
        (lambda: cue_animatic(kitchen, replace(look, music=None)), "no music yet.*with_music"),
        (lambda: animatic(kitchen, start=-1), "outside the scene"),
        (lambda: animatic(kitchen, end=99), "outside the scene"),
        (lambda: animatic(kitchen, end="05:00:09:00"), "outside the scene"),
        (lambda: animatic(kitchen, start=5, end=5), "end after the start"),
        (lambda: animatic(kitchen, start=float("nan")), "not a finite number"),
        (lambda: animatic(kitchen, "a tune"), "music should be a Cue or a Motif"),
        (lambda: animatic(kitchen, click=True), "needs music"),
        (lambda: animatic(kitchen, streamers=1), "True or False"),
        (lambda: animatic(kitchen, colours={"hit": "pink"}), "use one of white"),
        (lambda: animatic(kitchen, colours={"hot": "red"}), "not a role"),
        (lambda: animatic(kitchen, size=(100, 100)), "480x270"),
        (lambda: animatic("kitchen"), "needs a Scene"),
        (lambda: animatic(Scene.from_dict(scene_dict(end="01:11:00:00"))), "more than the 600 s.*end=600"),
        (lambda: cue_animatic(kitchen, look, pre_roll=-1), "pre_roll=-1 is outside 0-30"),
    ]
    for call, message in cases:
        with pytest.raises(ScoringError, match=message):
            call()
    video = animatic(kitchen, end=0.5)
    for path, message in ((tmp_path / "no" / "such.mp4", "does not exist"), (tmp_path / "x.avi", "should end in"),
                          ("bad\x00.mp4", "not a usable file name")):
        with pytest.raises(ScoringError, match=message):
            video.to_file(path)
    with pytest.raises(ScoringError, match="format='ogg'"):
        video.to_file(tmp_path / "x.ogg", format="ogg")
    assert isinstance(video, Video)


# ---------------------------------------------------------------- the staging in the scene files
@pytest.mark.parametrize("name", ["chase", "farewell", "kitchen_dialogue"])
def test_every_course_scene_is_staged_and_each_cut_changes_the_picture(name):
    scene = load_scene(name)
    shots = scene.shots
    assert len(shots) >= 3 and all(s.staging for s in shots)
    assert shots[0].start == 0.0
    cuts = [e.at for e in scene.events if e.kind == "picture"]
    for t in cuts:                       # every picture event starts a shot, or is where the picture ends
        assert any(abs(s.start - t) < 1e-6 for s in shots) or abs(shots[-1].end - t) < 1e-6, (name, t)
    video = animatic(scene, end=0.5)
    for a, b in zip(shots, shots[1:]):
        before = draw_frame(a.end - 1 / FPS, animatic=video.picture).astype(float)
        after = draw_frame(b.start, animatic=video.picture).astype(float)
        assert np.abs(before - after).mean() > 4, (name, b.start)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["shots"][0]["props"][0].update(kind="cat"), r"shots\[0\]\.props\[0\]\.kind.*did you mean 'car'"),
    (lambda d: d["shots"][0]["props"][0].update(x0=3), r"shots\[0\]\.props\[0\]: door x0=3"),
    (lambda d: d["shots"][0]["props"][0].update(size=True), r"shots\[0\]\.props\[0\]\.size: true"),
    (lambda d: d["shots"][0]["props"][0].update(colour="red"), r"props\[0\]\.colour is not a field.*kind, x0"),
    (lambda d: d["shots"][0]["props"][0].pop("y0"), r"props\[0\] has no 'y0'"),
    (lambda d: d["shots"][0].update(light="noon"), r"shots\[0\]\.light.*day, dusk or night"),
    (lambda d: d["shots"][0].update(horizon=0), r"shots\[0\]: horizon=0"),
    (lambda d: d["shots"][0].pop("props"), r"shots\[0\] has no 'props'"),
    (lambda d: d["shots"][0].update(to="01:00:09:00"), r"shots\[0\]\.to.*outside the scene"),
    (lambda d: d["shots"][0].update(props=[{"kind": "tree", "x0": 0.5, "y0": 0.5}] * (MAX_PROPS + 1)),
     "more than 24"),
    (lambda d: d["shots"].append({"from": "01:00:03:00", "to": "01:00:04:00", "card": "X", "props": []}),
     r"shots\[1\]\.from: 01:00:03:00 is before the previous shot ends"),
    (lambda d: d.update(shots={"from": 1}), "should be a list"),
])
def test_bad_staging_is_refused_naming_the_field(change, message):
    data = copy.deepcopy(scene_dict())
    change(data)
    with pytest.raises(ScoringError, match=message):
        Scene.from_dict(data)


def test_staging_is_optional_and_a_scene_without_it_shows_its_picture_cuts():
    data = scene_dict(events=[{"at": "01:00:00:00", "kind": "picture", "what": "INT. HALL - DAY. A door."},
                              {"at": "01:00:02:00", "kind": "picture", "what": "EXT. STREET - NIGHT."}])
    del data["shots"]
    scene = Scene.from_dict(data)
    assert scene.shots == ()
    shots = animatic(scene, end=0.5).picture.shots
    assert [(s.start, s.end, s.light) for s in shots] == [(0.0, 2.0, "day"), (2.0, 4.0, "night")]


def test_scene_values_check_their_shots():
    scene = Scene.from_dict(scene_dict())
    with pytest.raises(ScoringError, match="Scene.shots should hold Shot values"):
        replace(scene, shots=("a shot",))
    long = replace(scene.shots[0], end=9.0)
    with pytest.raises(ScoringError, match="past the scene's end"):
        replace(scene, shots=(long,))
    with pytest.raises(ScoringError, match="before shots\\[0\\] ends"):
        replace(scene, shots=(scene.shots[0], scene.shots[0]))


def test_the_scene_files_keep_their_staging_in_the_schema():
    for f in sorted(SCENES_DIR.glob("*.json")):
        data = json.loads(f.read_text())
        assert "shots" in data and Scene.from_dict(data).shots
