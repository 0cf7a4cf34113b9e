"""Regression tests for hostile arguments: each is refused at once with a ScoringError that names
the argument and says what to give, never a TypeError, AttributeError or NumPy complaint from deep
inside, and never a long wait."""
from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.core.cue import Cue, as_cue
from scoring.render.analog import oscillator

HERO = "4/4 c4 e g c'"


def a_cue() -> Cue:
    return as_cue(Motif.parse(HERO, name="Hero", tempo=96))


# ------------------------------------------------------------------ assignments: paths and prefixes
@pytest.mark.parametrize("kwargs, says", [
    (dict(out=None), r"out=None is not a path"),
    (dict(out=-462), r"out=-462 is not a path"),
    (dict(out=[[[]]], lessons=float("-inf")), r"out=\[\[\[\]\]\] is not a path"),
    (dict(lessons=None), r"lessons=None is not a path"),
    (dict(lessons=float("-inf")), r"lessons=-inf is not a path"),
    (dict(only="60"), r"no lesson starts with '60'.*like \['00', '05'\]"),
    (dict(only="/tmp/elsewhere/x.ipynb"), r"no lesson starts with '/tmp/elsewhere"),
    (dict(only=["00", 5]), r"only holds 5, not a prefix"),
    (dict(only=[None]), r"only holds None"),
    (dict(only=[]), r"only=\[\] is not a list of prefixes"),
    (dict(only=7), r"only=7 is not a list of prefixes"),
])
def test_build_assignments_refuses_bad_arguments_before_any_work(tmp_path, kwargs, says):
    from scoring.assignments import build_assignments

    kwargs.setdefault("out", tmp_path / "course")
    start = time.perf_counter()
    with pytest.raises(ScoringError, match=says):
        build_assignments(**kwargs)
    assert time.perf_counter() - start < 5            # nbgrader never started
    assert not (tmp_path / "course").exists()          # nothing written


def test_build_assignments_refuses_an_out_that_is_a_cue(tmp_path):
    from scoring.assignments import build_assignments

    with pytest.raises(ScoringError, match=r"out=.* is not a path; give one as text"):
        build_assignments(a_cue())


def test_build_assignments_refuses_a_folder_without_lessons(tmp_path):
    from scoring.assignments import build_assignments

    with pytest.raises(ScoringError, match=r"no lessons \(NN_name.ipynb\) in"):
        build_assignments(tmp_path / "course", lessons=tmp_path)


@pytest.mark.parametrize("lesson", [None, [None, None], 10 ** 9, Fraction(1, 3), -2.49e219,
                                    lambda *a, **k: None, {}, b"lessons/00_first_motif.ipynb", "", "a\x00b"])
def test_instructor_notebook_refuses_what_is_not_a_path(lesson):
    from scoring.assignments import instructor_notebook

    with pytest.raises(ScoringError, match=r"lesson=.* is not a path; give one as text, like "
                                           r"'lessons/00_first_motif.ipynb'"):
        instructor_notebook(lesson)


def test_instructor_notebook_refuses_files_that_are_not_lessons(tmp_path):
    from scoring.assignments import instructor_notebook

    with pytest.raises(ScoringError, match=r"no lesson at"):
        instructor_notebook(tmp_path)                                   # a folder
    with pytest.raises(ScoringError, match=r"no lesson at"):
        instructor_notebook(tmp_path / "missing.ipynb")
    (tmp_path / "text.ipynb").write_text("not json", encoding="utf-8")
    with pytest.raises(ScoringError, match=r"cannot read the lesson .*give a lessons/NN_name.ipynb"):
        instructor_notebook(tmp_path / "text.ipynb")
    for body in ("[1, 2]", '{"cells": 5}', '{"cells": [null]}', '{"cells": [{"cell_type": "code", "source": [1]}]}'):
        (tmp_path / "odd.ipynb").write_text(body, encoding="utf-8")
        with pytest.raises(ScoringError, match=r"is not a notebook"):
            instructor_notebook(tmp_path / "odd.ipynb")


# ------------------------------------------------------------------ electronic views
def test_quick_view_checks_top_and_numbers():
    from scoring.electronic_view import quick_view

    saw = oscillator("saw", 220, 0.5)
    with pytest.raises(ScoringError, match=r"top='\.\./.*' is not a finite number; give the highest frequency"):
        quick_view(saw, top="../../../../etc/passwd")
    with pytest.raises(ScoringError, match=r"top=50 is outside 500-20000"):
        quick_view(saw, top=50)
    with pytest.raises(ScoringError, match=r"numbers=.* is not text"):
        quick_view(saw, numbers=np.ones(3))
    assert quick_view(saw, top=np.float64(4000)).startswith("<img")


@pytest.mark.parametrize("samples, says", [
    ([None, None], r"2 samples long; a spectrogram needs at least 2048"),
    ([0.1] * 1600, r"1600 samples long"),
    (np.full(4096, np.nan), r"NaN or infinite"),
    (np.r_[np.zeros(4000), np.inf], r"NaN or infinite"),
])
def test_sound_html_checks_samples_up_front(samples, says):
    import matplotlib.pyplot as plt

    from scoring.electronic_view import sound_figure, sound_html, spectrogram

    open_before = plt.get_fignums()
    with pytest.raises(ScoringError, match=says):
        sound_html(samples, note="", title="t")
    with pytest.raises(ScoringError, match=says):
        sound_figure(samples)
    with pytest.raises(ScoringError, match=says):
        spectrogram(samples, ax=None)
    assert plt.get_fignums() == open_before                              # no figure left open


def test_sound_html_checks_top_before_drawing():
    from scoring.electronic_view import sound_html

    with pytest.raises(ScoringError, match=r"top='x' is not a finite number"):
        sound_html(oscillator("saw", 110, 0.2), title="t", top="x")


# ------------------------------------------------------------------ lesson 05 and 06 checkers
def test_check_breath_refuses_an_original_that_is_not_the_motif():
    from scoring.exercises import l05

    motif = Motif.parse(HERO, tempo=120, name="Hero")
    setup = l05.breath_setup(motif)
    with pytest.raises(ScoringError, match=r"original should be a Motif or Cue, not float"):
        l05.check_breath(a_cue(), -1.16e-199)
    with pytest.raises(ScoringError, match=r"original is a cue with no 'hit' layer"):
        l05.check_breath(setup, a_cue())
    assert not l05.check_breath(setup, motif).ok                       # the starter is still judged
    assert not l05.check_breath(setup, setup).ok                       # as is the set-up cue given as original


@pytest.mark.parametrize("scene", [0, 10 ** 100, "x" * 10 ** 6])
def test_check_room_for_lines_refuses_what_is_not_a_scene(scene):
    from scoring.exercises import l05

    with pytest.raises(ScoringError, match=r"expected a scene with dialogue, got"):
        l05.check_room_for_lines(a_cue(), scene=scene)


def test_check_room_for_lines_refuses_a_cue_as_the_scene():
    from scoring.exercises import l05

    with pytest.raises(ScoringError, match=r"expected a scene with dialogue, got Cue"):
        l05.check_room_for_lines(a_cue(), scene=a_cue())


@pytest.mark.parametrize("cues, says", [
    ([None, None], r"cues holds None; give each cue as \(title, start, usage\)"),
    ([("The Letter", "03:02:40:12")], r"cues holds \('The Letter', '03:02:40:12'\)"),
    ([(1, 2, 3)], r"cues holds \(1, 2, 3\)"),
    ([], r"cues is empty"),
])
def test_check_cue_numbers_checks_each_cue(cues, says):
    from scoring.exercises import l06

    with pytest.raises(ScoringError, match=says):
        l06.check_cue_numbers(["3M1"], cues=cues)
    assert l06.check_cue_numbers(["3M2", "3M1", "3M4", "3M3", "3M5"]).ok


# ------------------------------------------------------------------ arrays where one value goes
def test_at_tempo_refuses_an_array_as_subdivision():
    from scoring.sync import at_tempo

    with pytest.raises(ScoringError, match=r"subdivision=array\(.*1 \(beats\), 2 \(eighths\)"):
        at_tempo([0, 10.5], 116, subdivision=np.ones(3 * 10 ** 5, np.float32))
    assert at_tempo([0, 10.5], 116, subdivision=np.int64(2)).beats == at_tempo([0, 10.5], 116, subdivision=2).beats


def test_fit_tempo_refuses_an_array_as_clicks():
    from scoring.scene import load_scene, spot
    from scoring.sync import fit_tempo

    with pytest.raises(ScoringError, match=r"clicks=array\(\['a', 'b'\].* is not True or False"):
        fit_tempo([0, 4.0, 9.5], clicks=np.array(["a", "b"]))
    cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    with pytest.raises(ScoringError, match=r"clicks=.* is not True or False"):
        cue_spot.fit(clicks=np.array(["a", "b"]))
    assert fit_tempo([0, 4.0, 9.5, 15.25], clicks=np.bool_(True)).clicks


def test_tension_plot_refuses_an_array_as_label():
    import matplotlib.pyplot as plt

    from scoring.tension import tension_curve
    from scoring.tension_view import tension_plot

    curve = tension_curve(Motif.parse(HERO))
    open_before = plt.get_fignums()
    with pytest.raises(ScoringError, match=r"label=array\(.* is not text"):
        tension_plot(curve, label=np.ones(3 * 10 ** 5, np.float32))
    with pytest.raises(ScoringError, match=r"stacked=.* is not True or False"):
        tension_plot(curve, stacked=np.ones(3))
    assert plt.get_fignums() == open_before
    ax = tension_plot(curve, stacked=False, label="cue A")
    assert ax.get_legend_handles_labels()[1] == ["cue A"]
    plt.close(ax.figure)


# ------------------------------------------------------------------ NumPy whole numbers in the picture engine
def test_picture_takes_numpy_whole_numbers():
    from scoring.render.picture import Animatic, Flutter, Punch, Shot, contact_sheet, render_video

    punch = Punch(5.0, frames=np.int64(2))
    assert punch == Punch(5.0, frames=2) and type(punch.frames) is int
    assert Flutter(4.0, count=np.int32(3), every=0.5).count == 3
    a = Animatic(shots=(Shot(0, 0.5, "EXT. ROAD - DAY"),))
    assert render_video(a, crf=np.int64(31), audio_kbps=np.int64(64))[4:8] == b"ftyp"
    assert contact_sheet(a, [0.0, 0.25], columns=np.int64(2))
    for bad, says in ((lambda: Punch(5.0, frames=2.0), r"frames=2.0 is not a whole number"),
                      (lambda: Punch(5.0, frames=np.bool_(True)), r"frames=.*True.* is not a whole number"),
                      (lambda: Punch(5.0, frames=7), r"frames=7 is outside 1-6"),
                      (lambda: contact_sheet(a, [0.0], columns=np.ones(3)), r"columns=.* is not a whole number"),
                      (lambda: contact_sheet(a, [0.0], columns=10 ** 6), r"columns=1000000 is outside")):
        with pytest.raises(ScoringError, match=says):
            bad()


# ------------------------------------------------------------------ scene
@pytest.mark.parametrize("labels", [a_cue(), object(), 5])
def test_shape_alt_refuses_labels_that_are_not_a_list(labels):
    from scoring.scene import load_scene, shape_alt, spot

    cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    with pytest.raises(ScoringError, match=r"labels=.* is not a list; give one label per version"):
        shape_alt(cue_spot, [a_cue()], labels=labels)


# ------------------------------------------------------------------ players and cards
@pytest.mark.parametrize("rate, plays_at", [(11863, 12000), (8001, 11025), (50000, 48000), (96000, 48000)])
def test_an_mp3_player_takes_any_sample_rate_and_plays_it_at_one_mp3_can_hold(rate, plays_at):
    import io

    import soundfile as sf

    from scoring.render.files import mp3_bytes

    t = np.arange(rate) / rate
    y = np.stack([0.3 * np.sin(2 * np.pi * 440 * t)] * 2, axis=1)          # stereo: not halved first
    info = sf.info(io.BytesIO(mp3_bytes(y, rate, stereo=True)))
    assert info.samplerate == plays_at
    assert info.duration == pytest.approx(1.0, abs=0.06)


@pytest.mark.parametrize("field", ["title", "note", "summary"])
def test_a_card_refuses_text_fields_that_are_not_text(field):
    from scoring.render.html import card

    kwargs = {"title": "Hero", field: np.ones(3)}
    with pytest.raises(ScoringError, match=rf"card's {field}=.* is not text"):
        card(**kwargs)


# ------------------------------------------------------------------ kept figures of several rows
def test_a_kept_figure_of_two_rows_draws_the_same_picture_as_a_new_one():
    from scoring.panels.l02 import DEFAULT_PLAN, tension_builder_cue
    from scoring.silence_view import silence_html
    from scoring.tension_view import tension_image

    a = tension_builder_cue(list(DEFAULT_PLAN), tempo=124)
    b = tension_builder_cue(["pedal", "stinger", "release", "ostinato", "crescendo", "pedal", "ostinato", "drop-out"])
    first, other, again = (tension_image(c)._repr_html_() for c in (a, b, a))
    assert first == again and first != other
    quiet = Motif.parse("4/4 c4 r r e", tempo=60)
    first, other, again = (silence_html(m)._repr_html_() for m in (quiet, Motif.parse(HERO), quiet))
    assert first == again and first != other


def test_a_kept_figure_with_a_log_axis_draws_the_same_picture_as_a_new_one():
    """The radio opening's spectrogram (log frequency axis) is drawn on a kept figure: after other
    openings, and after a plot of another kind left on it, it draws what a new figure draws."""
    import base64
    import re

    import matplotlib

    from scoring.render.html import figure_png, kept_figure
    from scoring.songs import RadioOpening
    from scoring.songs_view import opening_html, opening_plot

    y = np.random.default_rng(3).standard_normal((4 * 8000, 2)) * 0.1
    wide, narrow = RadioOpening(at=1.0, over=2.0), RadioOpening(at=0.5, over=1.0, low=500, high=2000)

    def picture(html: str) -> tuple:
        """The pixels shown (a kept figure's PNG is compressed more quickly: other bytes, the same picture)."""
        import io

        import PIL.Image

        image = PIL.Image.open(io.BytesIO(base64.b64decode(re.search(r'data:image/png;base64,([^"]+)', html).group(1))))
        return image.size, image.mode, image.tobytes()

    def new_figure(opening) -> bytes:
        fig = matplotlib.figure.Figure(figsize=(9.0, 3.0), layout="constrained")
        opening_plot(opening, opening.render(y, 8000), 8000, ax=fig.add_subplot())
        return picture(figure_png(fig))

    first, other, again = (picture(opening_html(o, y, 8000, compare=False).html) for o in (wide, narrow, wide))
    assert first == again == new_figure(wide) and other == new_figure(narrow) and first != other
    fig, ax = kept_figure("radio opening", (9.0, 3.0))     # left linear by a plot of its own
    assert ax.get_yscale() == "linear" and not ax.images
    ax.plot([0, 1], [1, 2])
    figure_png(fig)
    assert picture(opening_html(wide, y, 8000, compare=False).html) == first


def test_a_kept_figure_is_compressed_quickly_and_a_new_one_smaller():
    """A plot drawn again at every change of a panel is written at zlib's quickest level (its stream
    header says so: 78 01), any other at the usual level (78 9c); the pixels are the same."""
    import base64
    import io
    import re

    import matplotlib
    import PIL.Image

    from scoring.render.html import figure_png, kept_figure

    def drawn(fig, ax):
        ax.plot(np.sin(np.linspace(0, 40, 400)) + np.random.default_rng(0).standard_normal(400) * 0.2)
        ax.set_title("a noisy line")
        png = base64.b64decode(re.search(r'data:image/png;base64,([^"]+)', figure_png(fig)).group(1))
        return png[png.index(b"IDAT") + 4:][:2], png, PIL.Image.open(io.BytesIO(png)).tobytes()

    fresh = matplotlib.figure.Figure(figsize=(4.0, 2.0), layout="constrained")
    usual = drawn(fresh, fresh.add_subplot())
    quick = drawn(*kept_figure("a noisy line", (4.0, 2.0)))
    assert (usual[0], quick[0]) == (b"\x78\x9c", b"\x78\x01")
    assert quick[2] == usual[2] and len(quick[1]) > len(usual[1])


def test_a_kept_row_of_plots_draws_the_same_picture_as_a_new_one():
    """The genre feature plot (five Axes in a row sharing their y axis) is drawn on a kept figure:
    drawn again on it after a plot of other cues, it is the picture a new figure gave."""
    from scoring.genre import in_genre
    from scoring.genre_view import feature_plot
    from scoring.render import html

    theme = Motif.parse(HERO, name="Hero")
    three, one = [in_genre(theme, g) for g in ("western", "horror", "noir")], [in_genre(theme, "horror")]
    html._idle.clear()                               # the first plot is drawn on a new figure
    figures, pictures = [], []
    for cues in (three, one, three):
        fig = feature_plot(cues)
        figures.append(fig)
        pictures.append(html.figure_png(fig, dpi=60))
    assert figures[0] is figures[1] is figures[2]    # one figure, drawn on three times
    assert len(figures[0].axes) == 5 and figures[0].axes[0].get_shared_y_axes().joined(*figures[0].axes[:2])
    assert pictures[0] == pictures[2] and pictures[0] != pictures[1]


def test_kept_figure_refuses_a_grid_and_widths_that_do_not_match():
    from scoring.render.html import kept_figure

    with pytest.raises(ScoringError, match="one column or one row"):
        kept_figure("bad grid", (4.0, 3.0), rows=2, cols=2)
    with pytest.raises(ScoringError, match="width_ratios"):
        kept_figure("bad widths", (4.0, 3.0), cols=3, width_ratios=(1, 2))


def test_kept_figure_refuses_rows_and_heights_that_do_not_match():
    from scoring.render.html import kept_figure, twin_axes

    with pytest.raises(ScoringError, match="height_ratios"):
        kept_figure("bad rows", (4.0, 3.0), rows=2, height_ratios=(1, 2, 3))
    with pytest.raises(ScoringError, match="rows"):
        kept_figure("bad rows", (4.0, 3.0), rows=0)
    with pytest.raises(ScoringError, match="Axes"):
        twin_axes("ax")


# ------------------------------------------------------------------ a long fuzz run (6,574 calls, seed 11, FluidSynth)
def test_spell_chord_refuses_pitches_that_are_not_midi_numbers():
    from scoring.core.cue import spell_chord

    with pytest.raises(ScoringError, match=r"pitch=None is not a whole number"):
        spell_chord([None, None], "C major")


def test_note_events_refuses_items_that_are_not_notes():
    from scoring.core.notes import note_events
    from scoring.core.time import TempoMap

    deep: list = []
    for _ in range(60):
        deep = [deep]
    with pytest.raises(ScoringError, match=r"\(duration, pitches, velocity\)"):
        note_events(deep, TempoMap.constant(96), program=0)


def test_a_cue_view_refuses_a_notation_flag_that_is_not_a_flag():
    from scoring.scene import load_scene, spot

    cue = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    with pytest.raises(ScoringError, match=r"notation=.* is not True or False"):
        cue.view(Motif.parse(HERO), around="crash", notation=np.ones(3))


def test_snap_cuts_refuses_a_bad_frame_rate_and_too_many_cuts_at_once():
    from scoring.core.time import TempoMap
    from scoring.songs import MAX_CUTS, snap_cuts

    t = time.perf_counter()
    with pytest.raises(ScoringError, match=r"fps='../up.wav' is not a finite number"):
        snap_cuts(np.ones(3 * 10**7, np.float32), TempoMap.constant(120), fps="../up.wav")
    with pytest.raises(ScoringError, match=rf"more than a cut plan takes \({MAX_CUTS:,}\)"):
        snap_cuts(np.arange(1, 3 * 10**6, dtype=np.float32), TempoMap.constant(120))
    assert time.perf_counter() - t < 5


def test_a_plot_title_with_a_dollar_sign_is_drawn_as_written():
    from scoring.tension_view import pulse_html

    page = pulse_html([(0.0, 0, 1.0), (0.5, 0, 0.5)], title="$\\kazoo$")._repr_html_()
    assert "data:image/png;base64," in page


# ------------------------------------------------------------------ a long fuzz run (6,559 calls, seed 12, FluidSynth)
def test_a_video_is_made_by_animatic_not_from_loose_parts():
    from scoring.animatic import Video

    with pytest.raises(ScoringError, match=r"mp4=.* is not the bytes of a video"):
        Video("<script>", None, None, 0, 24)
    with pytest.raises(ScoringError, match=r"needs its Scene and its Animatic"):
        Video(b"", None, None, 0, 24)


def test_with_notes_refuses_a_huge_array_before_reading_it():
    with pytest.raises(ScoringError, match=r"notes holds more than 1,000 items"):
        Motif.parse(HERO).with_notes(np.ones(3 * 10**7, np.float32))


@pytest.mark.parametrize("to", [float("nan"), True, np.bool_(True)])
def test_snap_cuts_refuses_a_target_that_is_neither_a_choice_nor_a_list(to):
    from scoring.core.time import TempoMap
    from scoring.songs import snap_cuts

    with pytest.raises(ScoringError, match=r"to=.* is not a list; give 'beat' or 'downbeat'"):
        snap_cuts([1.3, 2.9], TempoMap.constant(120), to=to)


def test_fit_plot_and_loudness_plot_refuse_arrays_for_their_options():
    from scoring.series_view import loudness_plot
    from scoring.sync import fit_tempo
    from scoring.sync_view import fit_plot

    fit = fit_tempo([1.0, 2.5, 4.0])
    with pytest.raises(ScoringError, match=r"step=.* is not a finite number"):
        fit_plot(fit, step=np.zeros(0))
    from scoring.series import deliver, series_theme, sting

    with pytest.raises(ScoringError, match=r"(?s)stems=.* is not True or False"):
        loudness_plot(deliver(sting(series_theme())), stems=np.zeros((2, 2, 2)))


# ------------------------------------------------------------------ a long fuzz run (6,562 calls, seed 13)
def test_a_huge_chord_is_refused_before_its_pitches_are_read():
    from scoring.core.cue import Chord

    with pytest.raises(ScoringError, match=r"a chord of 30,000,000 notes is more than 16"):
        Chord(np.ones(3 * 10**7, np.float32), Fraction(1))


def test_a_film_longer_than_four_hours_is_refused_by_the_motif_map():
    from scoring.leitmotif import motif_map_html

    with pytest.raises(ScoringError, match=r"film_seconds=1e\+100: .*up to four hours"):
        motif_map_html([], characters=np.array(["a", "b"]), film_seconds=10**100)


def test_a_piano_roll_title_must_be_text():
    import matplotlib.pyplot as plt

    from scoring.render.roll import draw

    fig, ax = plt.subplots()
    with pytest.raises(ScoringError, match=r"(?s)title=.* is not text"):
        draw(ax, [("bell", [(0, 1, 72, 90)])], title=np.zeros((2, 2, 2)))
    plt.close(fig)


def test_measured_tension_refuses_too_many_times_before_reading_them():
    from scoring.scene import MAX_READINGS, measured_tension

    t = time.perf_counter()
    with pytest.raises(ScoringError, match=rf"times holds 30,000,000 times, more than {MAX_READINGS:,}"):
        measured_tension(Motif.parse(HERO), np.ones(3 * 10**7, np.float32))
    assert time.perf_counter() - t < 2


def test_streamers_for_refuses_a_warning_that_is_not_a_count():
    from scoring.sync import fit_tempo
    from scoring.sync_view import streamers_for

    with pytest.raises(ScoringError, match=r"(?s)warning=.* is not a whole number"):
        streamers_for(fit_tempo([0, 4.0, 9.5]), warning=np.zeros((2, 2, 2)))


# ------------------------------------------------------------------ a long fuzz run (6,551 calls, seed 14)
def test_a_named_pipe_is_refused_as_a_place_to_write(tmp_path):
    import os

    pipe = tmp_path / "pipe.mid"
    os.mkfifo(pipe)
    t = time.perf_counter()
    with pytest.raises(ScoringError, match=r"is not a plain file \(a pipe or a device\)"):
        Motif.parse(HERO).to_midi(pipe)
    assert time.perf_counter() - t < 5


def test_compare_refuses_an_array_for_its_plot():
    from scoring.core.view import compare

    with pytest.raises(ScoringError, match=r"plot=array\(\[\], dtype=float64\): give the plot's name"):
        compare(Motif.parse(HERO), plot=np.zeros(0))


def test_a_still_far_past_any_timecode_is_refused():
    from scoring.render.picture import Animatic, Prop, Shot, still

    a = Animatic(shots=(Shot(0, 2, "INT. HALL - NIGHT", (Prop("door", 0.5, 0.9),)),))
    with pytest.raises(ScoringError, match=r"t=1e\+308 s is past the 24 hours"):
        still(a, 1e308)


def test_measured_tension_refuses_a_list_that_holds_itself():
    from scoring.scene import measured_tension

    loop: list = []
    loop.append(loop)
    with pytest.raises(ScoringError, match=r"times: .* is not a finite number"):
        measured_tension(Motif.parse(HERO), loop)


# ------------------------------------------------------------------ a long fuzz run (6,573 calls, seed 15)
@pytest.mark.parametrize("kwargs, says", [
    (dict(tempo_map=None, until=Fraction(8)), r"tempo_map should be a TempoMap"),
    (dict(until=np.zeros((2, 2, 2))), r"(?s)until=.*: give the last beat"),
    (dict(until=iter([60] * 10)), r"until=.*: give the last beat"),
])
def test_tempo_marks_refuses_what_is_not_a_clock_and_a_beat(kwargs, says):
    from scoring.core.io import tempo_marks
    from scoring.core.time import TempoMap

    kwargs.setdefault("tempo_map", TempoMap.constant(96))
    with pytest.raises(ScoringError, match=says):
        tempo_marks(**kwargs)
    assert tempo_marks(TempoMap.constant(96).ramp(4, 8, 120), np.int64(12))[1] == (Fraction(4), "accel.")


def test_filter_sweep_refuses_cutoffs_that_are_not_numbers():
    from scoring.electronic_view import filter_sweep

    with pytest.raises(ScoringError, match=r"cutoff=\[\[\]\] is not a finite number"):
        filter_sweep([[[]]])


def test_check_timecodes_refuses_a_quiz_that_is_not_pairs():
    from scoring.exercises.l06 import check_timecodes

    with pytest.raises(ScoringError, match=r"quiz: give \(timecode, fps\) pairs"):
        check_timecodes([None, None], quiz=[float("nan"), 1.0])


def test_render_video_refuses_an_array_for_its_sample_rate():
    from scoring.render.picture import _samples

    with pytest.raises(ScoringError, match=r"sample_rate=array\(\[\], dtype=float64\): use one of"):
        _samples(np.zeros(10), np.zeros(0), 1.0)


def test_a_sting_name_must_be_text():
    from scoring.series import series_theme, sting

    with pytest.raises(ScoringError, match=r"(?s)name=.* is not text"):
        sting(series_theme(), name=np.ones(3))


def test_a_log_axis_keeps_its_powers_of_ten_while_names_are_drawn_as_written():
    """A name with TeX in it is drawn as written, and the labels matplotlib makes itself (10², 10³
    on a log axis) still render as powers: the picture of lesson 09's filter sweep."""
    import matplotlib.pyplot as plt

    from scoring.render.html import figure_png

    fig, ax = plt.subplots(figsize=(4, 2))
    ax.semilogx([30, 18000], [0, 1], label="$\\kazoo$")
    ax.set_title("$\\kazoo$")
    ax.set_yticks([0, 1], ["$\\kazoo$", "b"])
    ax.legend()
    tag = figure_png(fig, alt="a log axis")
    assert tag.startswith("<img")
    assert not ax.title.get_parse_math() and not ax.get_legend().texts[0].get_parse_math()
    assert not any(t.get_parse_math() for t in ax.get_yticklabels())
    powers = [t for t in ax.get_xticklabels() if "mathdefault" in t.get_text()]
    assert powers and all(t.get_parse_math() for t in powers)
