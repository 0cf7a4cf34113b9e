"""Plots (piano roll, contour, intervals, pitch classes, mode ladder) and the numbers behind them."""
from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from scoring import Motif, ScoringError
from scoring.core import analysis as An
from scoring.core import plots as Pl


@pytest.fixture
def ax():
    return Figure().add_subplot()


# ---------------------------------------------------------------- analysis
def test_intervals(hero):
    """C-E-G-C': up a major third (4), a minor third (3), a fourth (5)."""
    assert An.intervals(hero) == [4, 3, 5]
    assert An.intervals(hero.invert()) == [-4, -3, -5]


def test_intervals_skip_rests():
    m = Motif.from_notes(["C4", None, "D4", "D4"], key="C major")
    assert An.intervals(m) == [2, 0]
    assert An.intervals(Motif.from_notes(["C4"], key="C major")) == []


def test_parsons_code():
    """Beethoven's Fifth: repeat, repeat, down. The hero rises three times."""
    assert An.parsons_code(Motif.parse("r8 g g g e-2")) == "*rrd"
    assert An.parsons_code(Motif.parse("c4 e g c'2")) == "*uuu"
    assert An.parsons_code(Motif.parse("c4")) == "*"


def test_pitch_class_counts(hero):
    """The hero sounds C for 3 beats (C4 + the half-note C5), E and G for one beat each."""
    counts = An.pitch_class_counts(hero)
    assert len(counts) == 12
    assert counts[0] == 3.0 and counts[4] == 1.0 and counts[7] == 1.0
    assert sum(counts) == float(hero.quarter_length)
    unweighted = An.pitch_class_counts(hero, weighted=False)
    assert unweighted[0] == 2 and sum(unweighted) == 4


def test_interval_counts():
    """c d e d c: two steps up, two steps down, sorted by interval."""
    assert An.interval_counts(Motif.parse("c4 d e d c")) == {-2: 2, 2: 2}


def test_sound_profile_of_a_sine():
    """A 440 Hz sine of amplitude 0.5 lasting 1 s: RMS 0.5/sqrt(2) (-9.03 dBFS), peak -6.02 dBFS,
    brightness 440 Hz."""
    t = np.arange(44100) / 44100
    y = 0.5 * np.sin(2 * np.pi * 440 * t)
    p = An.sound_profile(y)
    assert p["seconds"] == pytest.approx(1.0)
    assert p["loudness_db"] == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=0.05)
    assert p["peak_db"] == pytest.approx(20 * math.log10(0.5), abs=0.05)
    assert p["brightness_hz"] == pytest.approx(440, rel=0.01)


def test_sound_profile_stereo_and_silence():
    """Stereo is measured as its mono mix; silence is -inf dB and has no brightness."""
    t = np.arange(22050) / 22050
    tone = 0.5 * np.sin(2 * np.pi * 1000 * t)
    p = An.sound_profile(np.stack([tone, tone], axis=1), 22050)
    assert p["seconds"] == pytest.approx(1.0) and p["brightness_hz"] == pytest.approx(1000, rel=0.01)
    quiet = An.sound_profile(np.zeros((1000, 2)))
    assert quiet["loudness_db"] == float("-inf") and quiet["brightness_hz"] == 0.0


def test_sound_profile_of_a_motif_trumpet_brighter_than_flute(hero):
    bright = An.sound_profile(*hero.with_instrument("Trumpet").to_audio())["brightness_hz"]
    dark = An.sound_profile(*hero.with_instrument("Flute").to_audio())["brightness_hz"]
    assert bright > dark


# ---------------------------------------------------------------- plots

def roll_bars(ax):
    """Every bar a piano roll drew, as (x, y, width, height), whatever artists hold them."""
    out = []
    for c in ax.collections:
        for path in c.get_paths():
            xs, ys = path.vertices[:, 0], path.vertices[:, 1]
            out.append((float(xs.min()), float(ys.min()), float(xs.max() - xs.min()), float(ys.max() - ys.min())))
    for r in ax.patches:
        out.append((r.get_x(), r.get_y(), r.get_width(), r.get_height()))
    return sorted(out)


def test_piano_roll_bars(ax, hero):
    """One bar per note, starting at its onset in beats, one semitone tall around its pitch."""
    m = Motif.from_notes(["C4", None, "E4", "G4"], durations=[1, 1, 0.5, 2], key="C major")
    out = Pl.piano_roll(m, ax=ax)
    assert out is ax and isinstance(out, Axes)
    bars = roll_bars(ax)
    assert len(bars) == 3
    assert [x for x, _, _, _ in bars] == [0.0, 2.0, 2.5]
    assert [y + h / 2 for _, y, _, h in bars] == pytest.approx([60, 64, 67])
    widths = [w for _, _, w, _ in bars]
    assert widths[0] == pytest.approx(1.0, rel=0.05) and widths[2] == pytest.approx(2.0, rel=0.05)
    assert ax.get_xlim() == (0.0, 4.5)


def test_piano_roll_in_seconds(ax):
    """With seconds=True, at 120 BPM a beat is half a second."""
    m = Motif.from_notes(["C4", "D4"], durations=[1, 2], tempo=120, key="C major")
    Pl.piano_roll(m, ax=ax, seconds=True)
    assert [x for x, _, _, _ in roll_bars(ax)] == [0.0, 0.5]
    assert ax.get_xlim() == (0.0, 1.5)


def test_piano_roll_overlays_motifs_with_a_legend(ax, hero):
    Pl.piano_roll([hero, hero.invert().with_name("Inverted")], ax=ax)
    assert len(roll_bars(ax)) == 8
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Hero", "Inverted"]


def test_piano_roll_without_ax_makes_a_figure(hero):
    ax = Pl.piano_roll(hero)
    assert isinstance(ax, Axes) and len(roll_bars(ax)) == 4


def test_contour(ax, hero):
    """One line per motif through its pitches (rests left out), numbered from 1."""
    m = Motif.from_notes(["C4", None, "G4", "E4"], key="C major")
    assert Pl.contour([m, hero], ax=ax) is ax
    assert len(ax.lines) == 2
    x, y = ax.lines[0].get_data()
    assert list(x) == [1, 2, 3] and list(y) == [60, 67, 64]


def test_interval_histogram(ax):
    """c d e d c: a bar of height 2 at -2 and one at +2."""
    Pl.interval_histogram(Motif.parse("c4 d e d c"), ax=ax)
    bars = sorted(ax.patches, key=lambda r: r.get_x())
    assert len(bars) == 2
    assert [round(r.get_x() + r.get_width() / 2) for r in bars] == [-2, 2]
    assert [r.get_height() for r in bars] == [2, 2]


def test_pitch_class_histogram(ax, hero):
    """Twelve bars per motif; heights are quarter notes of each pitch class."""
    Pl.pitch_class_histogram([hero, hero.to_mode("minor")], ax=ax)
    assert len(ax.patches) == 24
    first = sorted(ax.patches[:12], key=lambda r: r.get_x())
    assert [r.get_height() for r in first] == An.pitch_class_counts(hero)
    minor = sorted(ax.patches[12:], key=lambda r: r.get_x())
    assert minor[3].get_height() == 1.0 and minor[4].get_height() == 0.0  # Eb instead of E


def test_motif_figure(hero):
    fig = Pl.motif_figure([hero, hero.retrograde()], "contour")
    assert isinstance(fig, Figure) and len(fig.axes) == 1 and len(fig.axes[0].lines) == 2


def test_mode_ladder_marks_the_notes_each_mode_changes(ax):
    """The C major scale through the modes: Lydian adds F#, Mixolydian Bb, Dorian Eb Bb, Aeolian
    Eb Ab Bb, Phrygian Db Eb Ab Bb, Locrian Db Eb Gb Ab Bb: 16 changed cells, Ionian none."""
    scale = Motif.from_notes("C4 D4 E4 F4 G4 A4 B4 C5".split(), key="C major")
    Pl.mode_ladder(scale, ax=ax)
    assert len(ax.patches) == 1 + 1 + 2 + 3 + 4 + 5
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "lydian", "ionian", "mixolydian", "dorian", "aeolian", "phrygian", "locrian"]
    grid = ax.images[0].get_array()
    assert grid.shape == (7, 12) and (np.asarray(grid).sum(axis=1) == 7).all()


def test_plots_refuse_non_motifs(ax):
    with pytest.raises(ScoringError, match="plot a Motif"):
        Pl.piano_roll([], ax=ax)
    with pytest.raises(ScoringError, match="plot a Motif"):
        Pl.contour(["c4 e g"], ax=ax)


def _label_overlaps(fig) -> list[tuple[str, str]]:
    """The pitch labels of a drawn figure's rolls that overlap the one below them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    out = []
    for ax in fig.axes:
        if ax.get_ylabel() != "pitch":
            continue
        boxes = sorted(((t.get_window_extent(), t.get_text()) for t in ax.get_yticklabels() if t.get_text()),
                       key=lambda b: b[0].y0)
        out += [(a[1], b[1]) for a, b in zip(boxes, boxes[1:]) if b[0].y0 < a[0].y1 - 0.5]
    return out


@pytest.mark.parametrize("case", ["chromatic cluster", "wide cue over a map", "tension build"])
def test_a_rolls_pitch_labels_do_not_overlap(case):
    """Pitches a semitone or two apart, on a short roll or over a wide range, are labelled only where
    a label fits: the lowest sounding pitch (unless it would touch the highest) and the highest
    always, none overlapping another; each label sits on its own pitch."""
    from scoring.devices import build_tension
    from scoring.silence_view import silence_figure
    from scoring.tension_view import tension_view

    if case == "chromatic cluster":
        fig = Motif.parse("4/4 c4 c# d d# e f f# g", name="Cluster").figure(figsize=(5.0, 1.6))
    elif case == "wide cue over a map":
        fig = silence_figure(Motif.parse("4/4 C4 D E F c'' d'' e'' f''", name="Wide", tempo=60))
    else:
        fig = tension_view(build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando",
                                          "drop-out", "stinger", "release"], tempo=126))[0].figure
    assert _label_overlaps(fig) == []
    roll = next(ax for ax in fig.axes if ax.get_ylabel() == "pitch")
    ticks = [int(t) for t in roll.get_yticks()]
    bars = sorted({round(float(np.mean(path.vertices[:, 1]))) for c in roll.collections for path in c.get_paths()})
    assert ticks[-1] == max(bars) and set(ticks) <= set(bars)


def test_a_short_rolls_labels_fit_the_height_figure_png_lays_out():
    """On a short roll shown through figure_png (its layout taken once, decorations and all), the
    pitch labels kept are each at least a label's height apart at the Axes' final height."""
    import matplotlib as mpl

    from scoring.render import roll
    from scoring.render.html import figure_png

    notes = [(i, 1, p, 80) for i, p in enumerate([60, 62, 63, 65, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 84])]
    fig = roll.figure([("melody", notes)], figsize=(6.0, 1.6))
    ax = fig.axes[0]
    figure_png(fig, dpi=80)                              # laid out and drawn at 80 dpi; the figure kept
    ticks = ax.yaxis.get_majorticklocs()                 # where the drawing left the Axes
    label = mpl.rcParams["ytick.labelsize"]
    label = mpl.font_manager.FontProperties(size=label).get_size_in_points() * 1.2 * fig.dpi / 72
    per = ax.bbox.height / abs(float(np.subtract(*ax.get_ylim())))
    assert len(ticks) >= 3 and ticks[-1] == 84
    assert min(np.diff(ticks)) * per >= label


def test_a_roll_in_a_span_keeps_its_frame_and_widens_by_octaves_for_notes_beyond_it():
    import matplotlib.pyplot as plt

    from scoring.render import roll

    low = roll.draw(plt.subplots()[1], [("a", [(0, 1, 48, 80), (1, 1, 55, 80)])], span=(36, 84))
    high = roll.draw(plt.subplots()[1], [("a", [(0, 1, 62, 80), (1, 1, 79, 80)])], span=(36, 84))
    assert low.get_ylim() == high.get_ylim() == (34, 86)
    assert [int(t) for t in low.get_yticks()] == [int(t) for t in high.get_yticks()] == [36, 48, 60, 72, 84]
    wide = roll.draw(plt.subplots()[1], [("a", [(0, 1, 30, 80), (1, 1, 97, 80)])], span=(36, 84))
    assert wide.get_ylim() == (22, 110) and [int(t) for t in wide.get_yticks()] == [24, 36, 48, 60, 72, 84, 96, 108]
    plt.close("all")
    for span, message in [((84, 36), "first number must be smaller"), ((36,), "needs two numbers"),
                          ("C2", "not a list"), ((36, 200), "span")]:
        with pytest.raises(ScoringError, match=message):
            roll.draw(plt.subplots()[1], [("a", [(0, 1, 60, 80)])], span=span)
    plt.close("all")
