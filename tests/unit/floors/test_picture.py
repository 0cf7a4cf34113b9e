"""Tests for the animatic renderer: frames, sync marks, burn-ins, MP4 output, limits and errors."""
from __future__ import annotations

import hashlib
import io
import math

import av
import numpy as np
import pytest
from PIL import Image

from scoring.errors import ScoringError
from scoring.render import picture as pic
from scoring.render.picture import (Animatic, CueSpan, Flutter, Prop, Punch, Shot, Streamer, Subtitle,
                                    WarningStreamer, contact_sheet, draw_frame, render_video, still)

YELLOW = np.array(pic.STREAMER_COLOURS["yellow"])


def plain(seconds: float = 10.0, **kw) -> Animatic:
    """A daylight shot with nothing in it (no yellow anywhere), plus whatever ``kw`` adds."""
    return Animatic(shots=(Shot(0, seconds, "EXT. FIELD - DAY", light="day"),), **kw)


def picture_rows(a: Animatic) -> slice:
    """The rows of the letterboxed picture area."""
    w, h = a.size
    ph = 2 * round(w / 2.39 / 2)
    top = (h - ph) // 2
    return slice(top, top + ph)


def yellow_columns(frame: np.ndarray, row: int) -> np.ndarray:
    """Columns of ``row`` painted the streamer yellow."""
    return np.flatnonzero(np.abs(frame[row].astype(int) - YELLOW).max(axis=1) <= 12)


def decode(mp4: bytes):
    """(video frames, video seconds, audio samples or None, audio sample rate or None)."""
    with av.open(io.BytesIO(mp4)) as box:
        v = box.streams.video[0]
        seconds = float(v.duration * v.time_base)
        frames = sum(1 for _ in box.decode(v))
    with av.open(io.BytesIO(mp4)) as box:
        if not box.streams.audio:
            return frames, seconds, None, None
        a = box.streams.audio[0]
        samples = sum(f.samples for f in box.decode(a))
        return frames, seconds, samples, a.rate


# ---------------------------------------------------------------- frames
@pytest.mark.parametrize("size", pic.SIZES)
def test_frame_shape_and_dtype(size):
    a = Animatic(shots=(Shot(0, 2, "EXT. ROAD - NIGHT", (Prop("car", 0.1, 0.8, 0.9, 0.8),)),), size=size)
    frame = draw_frame(1.0, animatic=a)
    assert frame.shape == (size[1], size[0], 3)
    assert frame.dtype == np.uint8
    assert frame.std() > 10          # a picture, not a blank


def test_props_move_and_cuts_change_the_picture():
    a = Animatic(shots=(Shot(0, 2, "EXT. ROAD - DAY", (Prop("van", 0.1, 0.8, 0.9, 0.8),)),
                        Shot(2, 4, "EXT. DOCK - NIGHT", (Prop("ferry", 0.5, 0.7),))))
    rows = picture_rows(a)
    early, late, cut = (draw_frame(t, animatic=a)[rows].astype(int) for t in (0.0, 1.9, 2.0))
    assert np.abs(early - late).mean() > 1          # the van moved
    assert np.abs(late - cut).mean() > 20           # a different shot after the cut


def test_timecode_window_changes_every_frame_and_only_there():
    a = plain()
    f1, f2 = draw_frame(1.0, animatic=a), draw_frame(1.0 + 1 / 24, animatic=a)
    diff = np.abs(f1.astype(int) - f2.astype(int)).sum(axis=2)
    ys, xs = np.nonzero(diff)
    assert len(ys), "the timecode window should show different digits on the next frame"
    w, h = a.size
    assert ys.min() > h * 0.85 and w * 0.3 < xs.min() and xs.max() < w * 0.7   # bottom centre box


@pytest.mark.parametrize("frames, fps, text", [
    (0, 24, "00:00:00:00"), (36, 24, "00:00:01:12"), (90000, 25, "01:00:00:00"), (86399, 23.976, "00:59:59:23"),
    (1799, 29.97, "00:00:59;29"), (1800, 29.97, "00:01:00;02"), (17982, 29.97, "00:10:00;00"),
    (107892, 29.97, "01:00:00;00")])
def test_timecode_helper(frames, fps, text):
    assert pic._tc_text(frames, fps) == text
    assert pic._tc_frames(text, fps) == frames


def test_timecode_function_is_used():
    seen = []
    a = plain(timecode=lambda s: seen.append(s) or f"T{s:.3f}")
    draw_frame(0.5, animatic=a)
    assert seen == [pytest.approx(0.5)]
    with pytest.raises(ScoringError, match="timecode function"):
        draw_frame(0.5, animatic=plain(timecode=lambda s: 12))


def test_streamer_sweeps_to_the_right_edge_on_the_hit():
    a = plain(marks=(Streamer(5.0, 3.0, "yellow"),))
    w = a.size[0]
    row = picture_rows(a).start + 40
    middle = yellow_columns(draw_frame(5.0 - 1.5, animatic=a), row)
    assert len(middle) and abs(middle.mean() - w / 2) <= 3
    edge = yellow_columns(draw_frame(5.0, animatic=a), row)
    assert len(edge) and edge.max() == w - 1 and edge.min() >= w - 8
    start = yellow_columns(draw_frame(2.0, animatic=a), row)
    assert len(start) and start.max() < 8
    assert not len(yellow_columns(draw_frame(1.9, animatic=a), row))      # not yet
    assert not len(yellow_columns(draw_frame(5.0 + 1 / 24, animatic=a), row))   # gone after the hit


def test_warning_streamer_is_yellow():
    a = plain(marks=(WarningStreamer(4.0, 2.0),))
    assert len(yellow_columns(draw_frame(3.0, animatic=a), picture_rows(a).start + 40))
    with pytest.raises(ScoringError, match="yellow"):
        WarningStreamer(4.0, colour="red")


def test_punch_flashes_on_the_hit_frame():
    a = plain(marks=(Punch(2.0),))
    before, hit = draw_frame(2.0 - 1 / 24, animatic=a), draw_frame(2.0, animatic=a)
    assert hit.mean() > before.mean() + 10
    rows = picture_rows(a)
    assert np.array_equal(draw_frame(2.0 + 2 / 24, animatic=a)[rows], before[rows])     # held two frames, then gone


def test_flutter_punches_on_each_beat():
    a = plain(marks=(Flutter(4.0, count=3, every=0.5),))
    rows, w = picture_rows(a), a.size[0]
    mid = (rows.start + rows.stop) // 2
    centre = (slice(mid - 8, mid + 8), slice(w // 2 - 8, w // 2 + 8))
    base = draw_frame(3.25, animatic=a)[centre].mean()
    for t in (3.0, 3.5, 4.0):
        assert draw_frame(t, animatic=a)[centre].mean() > base + 20
    assert draw_frame(3.0 + 1 / 24, animatic=a)[centre].mean() == base      # a lead-in punch lasts one frame


def test_subtitles_only_during_their_line():
    line = Subtitle(2.0, 4.0, "MARA", "Left at the harbour!")
    a, bare = plain(subtitles=(line,)), plain()
    rows = slice(picture_rows(a).start + picture_rows(a).stop // 2, picture_rows(a).stop)

    def changed(t: float) -> float:
        return float(np.abs(draw_frame(t, animatic=a)[rows].astype(int) - draw_frame(t, animatic=bare)[rows]).mean())

    assert changed(1.9) == 0 and changed(4.0) == 0
    assert changed(2.0) > 5 and changed(3.9) > 5


def test_empty_subtitle_draws_nothing_and_user_text_is_just_drawn():
    assert np.array_equal(draw_frame(1.0, animatic=plain(subtitles=(Subtitle(0, 2, "", ""),))),
                          draw_frame(1.0, animatic=plain()))
    odd = "<script>alert(1)</script> & \x00\x07 \u2014 " + "x" * 300
    a = Animatic(shots=(Shot(0, 2, odd, (Prop("person", 0.5, 0.9, label=odd),)),),
                 subtitles=(Subtitle(0, 2, odd, odd),), title=odd, cues=[(0, 2, odd, lambda s: odd)])
    assert draw_frame(1.0, animatic=a).shape == (270, 480, 3)


def test_cue_number_and_counter_shown_while_the_cue_plays():
    seen = []
    a, bare = plain(cues=[CueSpan(2.0, 6.0, "1M2", lambda s: seen.append(s) or f"1|{int(s * 2) + 1}")]), plain()
    w = a.size[0]
    box = (slice(0, picture_rows(a).start), slice(w - 100, w))

    def diff(t: float) -> int:
        return int(np.abs(draw_frame(t, animatic=a)[box].astype(int) - draw_frame(t, animatic=bare)[box]).sum())

    assert diff(1.9) == 0 and diff(6.0) == 0 and diff(3.0) > 0
    assert not np.array_equal(draw_frame(2.0, animatic=a)[box], draw_frame(2.5, animatic=a)[box])   # 1|1 -> 1|2
    assert seen[-1] == pytest.approx(0.5)               # the counter is given the seconds since the cue's start


@pytest.mark.parametrize("card, light", [("EXT. DOCK - NIGHT. Fog.", "night"), ("INT. HALL - DAY. A knight enters.", "day"),
                                         ("EXT. FIELD - DAWN", "dusk"), ("", "day")])
def test_light_is_read_from_the_slug_line(card, light):
    assert Shot(0, 1, card).light == light
    assert Shot(0, 1, card, light="night").light == "night"


# ---------------------------------------------------------------- PNG and MP4
def test_still_and_contact_sheet_are_deterministic_pngs():
    a = Animatic(shots=(Shot(0, 3, "EXT. DOCK - NIGHT", (Prop("ferry", 0.6, 0.7), Prop("moon", 0.2, 0.2))),))
    png = still(a, 1.0)
    assert png == still(a, 1.0)
    assert Image.open(io.BytesIO(png)).size == (480, 270)
    sheet = Image.open(io.BytesIO(contact_sheet(a, [0.0, 1.0, 2.0], scale=0.5)))
    assert sheet.size[0] >= 3 * 240 and sheet.size[1] >= 135


def test_mp4_frames_duration_and_no_audio():
    a = plain(2.0)
    frames, seconds, samples, _ = decode(render_video(a))
    assert frames == 48
    assert seconds == pytest.approx(2.0, abs=1 / 24)
    assert samples is None


@pytest.mark.parametrize("fps", [25, 29.97])
def test_mp4_frame_count_at_other_rates(fps):
    frames, seconds, _, _ = decode(render_video(plain(2.0, fps=fps)))
    assert frames == round(2.0 * pic.FRAME_RATES[fps][1])
    assert seconds == pytest.approx(2.0, abs=0.05)


def test_mp4_with_audio_lasts_as_long_as_the_picture():
    sr = 44100
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(int(2.5 * sr)) / sr)   # longer than the picture: trimmed
    frames, seconds, samples, rate = decode(render_video(plain(2.0), audio=tone, sample_rate=sr))
    assert frames == 48 and rate == sr
    assert samples / sr == pytest.approx(2.0, abs=1024 / sr + 1e-9)


def test_render_window_start_end():
    frames, _, _, _ = decode(render_video(plain(10.0), start=3.0, end=4.0))
    assert frames == 24


def test_render_is_deterministic():
    a = plain(1.0, marks=(Streamer(0.9, 2.0, "white"), Punch(0.9)), subtitles=(Subtitle(0.2, 0.8, "A", "Hi"),))
    tone = 0.2 * np.sin(np.arange(44100) / 10)
    first, second = render_video(a, audio=tone), render_video(a, audio=tone)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert render_video(a) == render_video(a)


# ---------------------------------------------------------------- limits and bad input
def test_600_second_limit_is_enforced_before_rendering(monkeypatch):
    def boom(*args, **kw):
        raise AssertionError("rendering started")

    monkeypatch.setattr(pic.av, "open", boom)
    monkeypatch.setattr(pic, "_Painter", boom)
    long = Animatic(shots=(Shot(0, 601, "EXT. SEA - DAY"),))
    with pytest.raises(ScoringError, match="600"):
        render_video(long)
    with pytest.raises(ScoringError, match="600"):
        render_video(plain(10.0), start=0, end=700)


@pytest.mark.parametrize("make, match", [
    (lambda: Shot(float("nan"), 2), "finite"),
    (lambda: Shot("0:01", 2), "not a number"),
    (lambda: Shot(-1, 2), "before the scene"),
    (lambda: Shot(3, 2), "end > start"),
    (lambda: Shot(0, 2, 42), "text"),
    (lambda: Subtitle(2, 1, "A", "b"), "end > start"),
    (lambda: Prop("cra", 0.1, 0.1), "did you mean 'car'"),
    (lambda: Prop("car", 5.0, 0.1), "fractions of the frame"),
    (lambda: Prop("car", 0.1, 0.1, size=0), "size"),
    (lambda: Streamer(5.0, 10.0), "2-4 s"),
    (lambda: Streamer(5.0, colour="purple"), "yellow warns"),
    (lambda: Streamer(math.inf), "finite"),
    (lambda: Punch(1.0, frames=0), "1-6 frames"),
    (lambda: Flutter(0.5, count=4, every=0.5), "before the scene"),
    (lambda: CueSpan(0, 2, "1M1", "5|3"), "function"),
    (lambda: plain(size=(500, 300)), "480x270"),
    (lambda: plain(fps=50), "fps"),
    (lambda: plain(timecode_start="1:00:00"), "HH:MM:SS:FF"),
    (lambda: plain(fps=29.97, timecode_start="00:01:00;00"), "drop-frame"),
    (lambda: Animatic(shots=(Shot(0, 3), Shot(2, 4))), "overlap"),
    (lambda: Animatic(shots=[Prop("car", 0, 0)]), "Shot"),
    (lambda: Animatic(cues=[(0, 1, "1M1")]), "CueSpan"),
    (lambda: draw_frame(-1.0, animatic=plain()), "before the scene"),
    (lambda: draw_frame(1.0, animatic="scene"), "Animatic"),
    (lambda: draw_frame(1.0, animatic=plain(cues=[(0, 2, "1M1", lambda s: 3)])), "bar_beat"),
    (lambda: render_video(plain(2.0, cues=[(0.5, 1.5, "1M1", lambda s: 5)])), "bar_beat"),   # from the drawing thread
    (lambda: render_video(plain(), end=0.0), "end > start"),
    (lambda: render_video(Animatic()), "nothing to render"),
    (lambda: render_video(plain(1.0), audio=[0.0, float("nan")]), "NaN"),
    (lambda: render_video(plain(1.0), audio=np.zeros((100, 2))), "mono"),
    (lambda: render_video(plain(1.0), audio=np.full(100, 2.0)), "scale it down"),
    (lambda: render_video(plain(1.0), audio=np.zeros(100), sample_rate=44000), "sample_rate"),
    (lambda: render_video(plain(1.0), crf=99), "crf"),
    (lambda: contact_sheet(plain(), []), "1-24"),
])
def test_bad_input_says_how_to_fix_it(make, match):
    with pytest.raises(ScoringError, match=match):
        make()


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        Shot(2, 1)
