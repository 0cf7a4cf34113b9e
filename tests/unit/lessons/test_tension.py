"""Lesson 02's measurements: roughness, interval classes, harmonic distance and the tension curve.

The facts are stated here independently of the code: Sethares' formula written out again, the
orders of intervals and chords from the course brief (section 4), interval vectors from music21,
Lerdahl's published distances, and what each feature of a tension curve should do when the
music gets louder, faster, higher, denser or more dissonant.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.core.cue import Chord, Cue, Layer, as_cue
from scoring.core.time import TempoMap
from scoring.tension import (FEATURES, TEMPO_FEATURE_RANGE, chord_distance, forte_class, ic_dissonance,
                             interval_vector, note_spans, pair_roughness, progression_tension, roughness,
                             tension_curve)
from scoring.tension_view import dissonance_curve, tension_html, tension_plot, tension_view

CHORDS = {  # the brief's chords; the Tristan chord in Wagner's own voicing
    "cluster": ["C4", "Db4", "D4", "Eb4"],
    "diminished seventh": ["C4", "Eb4", "Gb4", "A4"],
    "Tristan chord": ["F3", "B3", "D#4", "G#4"],
    "minor-major seventh": ["C4", "Eb4", "G4", "B4"],
    "minor triad": ["C4", "Eb4", "G4"],
    "major triad": ["C4", "E4", "G4"],
}


def sethares(f1: float, f2: float, a1: float = 1.0, a2: float = 1.0) -> float:
    """Sethares' pair dissonance, written out from the brief (section 4)."""
    s = 0.24 / (0.0207 * min(f1, f2) + 18.96)
    df = abs(f2 - f1)
    return min(a1, a2) * (5 * math.exp(-3.51 * s * df) - 5 * math.exp(-5.75 * s * df))


def chord(pitches, beats=4, velocity=80, role="chord", instrument="String Ensemble 1"):
    from scoring.core.pitch import midi_number

    return Layer(role, (Chord(tuple(midi_number(p) for p in pitches), Fraction(beats), velocity),), instrument)


# ---------------------------------------------------------------- roughness
@pytest.mark.parametrize("f1,f2", [(440, 460), (262, 277.2), (100, 150), (1000, 1030)])
def test_pair_roughness_is_sethares_formula(f1, f2):
    assert pair_roughness(f1, f2) == pytest.approx(sethares(f1, f2), rel=1e-9)
    assert pair_roughness(f2, f1) == pytest.approx(pair_roughness(f1, f2))


def test_pair_roughness_is_zero_for_unison_and_uses_the_softer_amplitude():
    assert pair_roughness(440, 440) == 0
    assert pair_roughness(440, 460, a1=0.3, a2=1.0) == pytest.approx(0.3 * sethares(440, 460))


def test_a_single_harmonic_note_is_the_sum_over_its_own_partials():
    f0 = 440 * 2 ** ((48 - 69) / 12)  # C3
    partials = [(f0 * k, 0.88 ** (k - 1)) for k in range(1, 7)]
    expected = sum(sethares(fa, fb, aa, ab) for i, (fa, aa) in enumerate(partials) for fb, ab in partials[i + 1:])
    assert roughness(["C3"]) == pytest.approx(expected, rel=1e-9)


def test_intervals_come_out_in_the_order_of_the_brief():
    r = {n: roughness(["C4", 60 + n]) for n in range(1, 13)}
    m2, M2, m3, M3, P4, TT, P5, P8 = (r[i] for i in (1, 2, 3, 4, 5, 6, 7, 12))
    assert m2 > M2 > m3 > M3 > P4 > P5 > P8
    assert TT == pytest.approx(M3, rel=0.05)          # M3 ≈ tritone
    assert TT > P4
    assert P8 < 0.2 * P5                               # the octave is nearly smooth


def test_chords_come_out_in_the_order_of_the_brief():
    r = {name: roughness(p) for name, p in CHORDS.items()}
    assert r["cluster"] > r["diminished seventh"] > r["minor-major seventh"]
    assert r["cluster"] > r["Tristan chord"] > r["minor-major seventh"]
    assert r["Tristan chord"] == pytest.approx(r["diminished seventh"], rel=0.05)   # dim7 ≈ Tristan
    assert r["minor-major seventh"] > r["minor triad"] > r["major triad"]


def test_the_same_chord_is_rougher_low_than_high():
    triads = [roughness([12 * o + 12, 12 * o + 16, 12 * o + 19]) for o in range(2, 7)]  # C2 .. C6
    assert all(a > b for a, b in zip(triads, triads[1:]))
    assert triads[0] > 4 * triads[3]                    # C2 against C5


def test_softer_notes_are_less_rough_and_amplitude_is_velocity_squared():
    loud = roughness(CHORDS["cluster"])
    soft = roughness(CHORDS["cluster"], velocities=[64] * 4)
    assert soft == pytest.approx(loud * (64 / 127) ** 2, rel=1e-9)   # min(a, a) scales with a common amplitude
    assert roughness(CHORDS["cluster"], velocities=["pp"] * 4) < soft


def test_roughness_input_errors():
    with pytest.raises(ScoringError, match="note name"):
        roughness(["H4", "C4"])
    with pytest.raises(ScoringError, match="velocities"):
        roughness(["C4", "E4"], velocities=[80])
    with pytest.raises(ScoringError, match="harmonics"):
        roughness(["C4"], harmonics=0)
    with pytest.raises(ScoringError, match="frequency"):
        pair_roughness(-5, 440)


def test_dissonance_curve_has_its_valleys_at_the_just_fifth_and_thirds():
    ax = dissonance_curve(root="C4")
    x, y = (np.asarray(a) for a in ax.lines[0].get_data())

    def valley(lo, hi):
        sel = (x >= lo) & (x <= hi)
        return float(x[sel][np.argmin(y[sel])])

    assert valley(6.5, 7.5) == pytest.approx(12 * math.log2(3 / 2), abs=0.05)    # 3:2
    assert valley(3.6, 4.2) == pytest.approx(12 * math.log2(5 / 4), abs=0.05)    # 5:4
    assert valley(11.5, 12.5) == pytest.approx(12.0, abs=0.05)                   # 2:1


# ---------------------------------------------------------------- interval classes
@pytest.mark.parametrize("name", list(CHORDS))
def test_interval_vector_agrees_with_music21(name):
    from music21 import chord as m21chord

    assert list(interval_vector(CHORDS[name])) == list(m21chord.Chord(CHORDS[name]).intervalVector)


def test_interval_class_dissonance_counts_ic1_ic2_ic6():
    assert ic_dissonance(CHORDS["major triad"]) == 0 and ic_dissonance(CHORDS["minor triad"]) == 0
    assert ic_dissonance(CHORDS["diminished seventh"]) == 2      # <004002>: two tritones
    assert ic_dissonance(CHORDS["Tristan chord"]) == 2           # <012111>: one whole tone, one tritone
    assert ic_dissonance(CHORDS["cluster"]) == 5                 # <321000>
    assert ic_dissonance(["C2", "F#5"]) == 1                     # register does not matter
    assert ic_dissonance(["C3", "C4", "C5"]) == 0


def test_forte_classes_of_the_brief():
    assert forte_class(CHORDS["cluster"]) == "4-1"
    assert forte_class(CHORDS["diminished seventh"]) == "4-28"
    assert forte_class(CHORDS["Tristan chord"]).startswith("4-27")


# ---------------------------------------------------------------- Lerdahl
def test_lerdahl_distances_in_c_major():
    assert chord_distance("I", "V") == 5         # the brief: δ(I→V) = 5
    assert chord_distance("I", "IV") == 5
    assert chord_distance("I", "vi") == 7
    assert chord_distance("I", "iii") == 7
    assert chord_distance("I", "ii") == 8
    assert chord_distance("I", "I") == 0
    assert chord_distance("V", "I") == chord_distance("I", "V")
    assert chord_distance("C", "G") == 5          # chord symbols work too


def test_lerdahl_in_a_minor_key_and_refuses_chromatic_chords():
    assert chord_distance("i", "v", key="A minor") == 5
    with pytest.raises(ScoringError, match="diatonic"):
        chord_distance("I", "bVI")
    with pytest.raises(ScoringError, match="diatonic"):
        chord_distance("I", "V7")


def test_progression_tension_is_the_distance_from_each_previous_chord():
    # roots a third apart (vi -> IV) cost 7, like I -> vi; a step with no common tone (IV -> V) 8
    assert progression_tension(["I", "vi", "IV", "V", "I"]) == [0, 7, 7, 8, 5]


# ---------------------------------------------------------------- the tension curve
def test_features_stay_between_0_and_1_and_the_total_is_the_weighted_mean():
    cue = Cue((chord(CHORDS["cluster"], velocity=120), chord(["C2"], role="bass", instrument="Contrabass")))
    weights = {"roughness": 2.0, "register": 0.5, "density": 1.0, "dynamics": 3.0, "tempo": 0.0}
    curve = tension_curve(cue, weights=weights)
    for f in FEATURES:
        assert ((curve.features[f] >= 0) & (curve.features[f] <= 1)).all(), f
    expected = sum(weights[f] * curve.features[f] for f in FEATURES) / sum(weights.values())
    assert np.allclose(curve.total, expected)
    assert np.allclose(sum(curve.contributions().values()), curve.total)


def test_one_weight_alone_gives_that_feature():
    curve = tension_curve(Motif.parse("4/4 c4 d e f"), weights={"roughness": 0, "register": 0, "density": 0,
                                                               "dynamics": 1, "tempo": 0})
    assert np.allclose(curve.total, curve.features["dynamics"])


def flat(**kw):
    """The mean of each feature, smoothing off, for a short motif."""
    motif = Motif.parse(kw.pop("text", "4/4 c4 e g c'"), tempo=kw.pop("tempo", 100), dynamics=kw.pop("dynamics", "mf"))
    curve = tension_curve(motif, memory=0)
    return {f: float(curve.features[f].mean()) for f in FEATURES}


def test_each_feature_moves_the_way_its_musical_quantity_does():
    base = flat()
    assert flat(dynamics="ff")["dynamics"] > base["dynamics"] > flat(dynamics="pp")["dynamics"]
    assert flat(tempo=160)["tempo"] > base["tempo"] > flat(tempo=60)["tempo"]
    assert flat(text="4/4 c''4 e'' g'' c'''")["register"] > base["register"] > flat(text="4/4 CC4 EE GG C")["register"]
    assert flat(text="4/4 c16 d e f g a b c' d' e' f' g' a' b' c'' d''")["density"] > base["density"]


def test_a_dissonant_chord_raises_the_roughness_feature():
    smooth = Cue((chord(CHORDS["major triad"]),))
    rough = Cue((chord(CHORDS["cluster"]),))
    assert tension_curve(rough).features["roughness"].mean() > 2 * tension_curve(smooth).features["roughness"].mean()


def test_silence_measures_as_calm():
    motif = Motif.parse("4/4 c'4 d' r2", dynamics="ff")
    curve = tension_curve(motif, memory=0)
    silent = curve.beats >= 2
    for f in ("roughness", "register", "dynamics"):
        assert (curve.features[f][silent] == 0).all()
        assert (curve.features[f][~silent] > 0).all()


def test_smoothing_rises_fast_and_fades_slowly():
    motif = Motif.parse("4/4 r1 c'2 r2 r1", tempo=60, dynamics="ff")      # 60 BPM: a frame is 0.25 s
    dyn = tension_curve(motif, memory=1.0).features["dynamics"]
    level = 112 / 127
    on, off = 16, 24                                                      # beats 4 and 6
    assert dyn[on - 1] == 0
    assert dyn[on] > 0.6 * level          # up within one frame (a 1 s symmetric memory would reach 0.22)
    assert 0.25 * level < dyn[off + 3] < 0.45 * level     # after 1 s of silence about e**-1 of it is left
    assert dyn[off + 11] < 0.1 * level


def test_a_crescendo_shows_as_rising_dynamics():
    notes = Motif.from_notes(["C4"] * 16, durations=1, velocities=list(range(33, 113, 5)), key="C major")
    bars = tension_curve(notes, weights={"roughness": 0, "register": 0, "density": 0, "tempo": 0}).bar_means()
    assert len(bars) == 4 and all(a < b for a, b in zip(bars, bars[1:]))


def test_curve_time_follows_a_tempo_map():
    from scoring.devices import accelerando

    cue = accelerando(Motif.parse("4/4 c8 d e f g a b c' c'' b' a' g' f' e' d' c'", tempo=60), to=120)
    curve = tension_curve(cue)
    assert np.allclose(curve.seconds, cue.tempo_map.seconds_at(curve.beats))
    steps = np.diff(curve.seconds)
    assert steps[0] > steps[-1] * 1.5                  # frames get shorter in seconds as the tempo rises
    assert curve.features["tempo"][-1] > curve.features["tempo"][0]


def test_the_tempo_feature_reads_the_local_tempo_from_the_map():
    motif = Motif.parse("4/4 " + " ".join(["c'4"] * 12), tempo=60)
    clock = TempoMap.constant(60).ramp(4, 8, 180)            # steady, an accelerando, steady again
    curve = tension_curve(as_cue(motif).with_tempo_map(clock), memory=0, step=1)
    mids = curve.beats + 0.5
    expected = np.clip((clock.bpm_at(mids) - 40) / 160, 0, 1)   # 40 BPM = 0, 200 BPM = 1
    assert np.allclose(curve.features["tempo"], expected)
    assert curve.features["tempo"][0] == pytest.approx(0.125) and curve.features["tempo"][-1] == pytest.approx(0.875)
    steady = tension_curve(motif.with_tempo(60), memory=0, step=1).features["tempo"]
    assert np.allclose(steady, 0.125)


def test_density_counts_onsets_in_the_last_second_of_clock_time():
    motif = Motif.parse("4/4 " + " ".join(["c'4"] * 8), tempo=60)
    held = as_cue(motif).with_tempo_map(TempoMap.constant(60).hold(4, 3.0))    # a 3 s fermata before beat 4
    curve = tension_curve(held, memory=0, step=1)
    counts = np.round(6 * curve.features["density"] / (1 - curve.features["density"]))
    assert counts.tolist() == [1] * 8                     # one onset a second, fermata or not
    assert curve.seconds[4] - curve.seconds[3] == pytest.approx(4.0)


def test_bars_follow_the_metre_of_the_clock():
    motif = Motif.parse("4/4 " + " ".join(["c'4"] * 10))
    curve = tension_curve(as_cue(motif).with_tempo_map(TempoMap.constant(100).metre(4, "3/4")))
    assert curve.bar_starts == (0.0, 4.0, 7.0, 10.0)
    assert len(curve.bar_means()) == 3 and len(curve.table().splitlines()) == 4


def test_tension_table_has_a_line_per_bar():
    cue = Motif.parse("4/4 c1 d1 e1", tempo=120)
    curve = tension_curve(cue)
    lines = curve.table().splitlines()
    assert len(lines) == 4 and lines[0].split()[:2] == ["bar", "starts"] and lines[3].split()[0] == "3"
    assert len(curve.bar_means()) == 3
    assert "peaks" in curve.summary() and repr(curve) == curve.summary()


def test_weight_and_argument_errors():
    motif = Motif.parse("4/4 c4 d e f")
    with pytest.raises(ScoringError, match="features are"):
        tension_curve(motif, weights={"loudness": 1})
    with pytest.raises(ScoringError, match="all weights are 0"):
        tension_curve(motif, weights={f: 0 for f in FEATURES})
    with pytest.raises(ScoringError, match="0-100"):
        tension_curve(motif, weights={"tempo": -1})
    with pytest.raises(ScoringError, match="Motif or a Cue"):
        tension_curve([60, 64, 67])


def test_note_spans_use_written_lengths_across_layers():
    cue = Cue((Layer("a", (Chord((60,), Fraction(1)), Chord((), Fraction(1)), Chord((62, 65), Fraction(2))),
                     articulation="staccato"), chord([40], beats=4, role="b")))
    spans = note_spans(cue)
    assert (0.0, 1.0, 60, 64) in spans and (2.0, 4.0, 65, 64) in spans and (0.0, 4.0, 40, 80) in spans
    assert len(spans) == 4


# ---------------------------------------------------------------- plots and the card
def test_tension_view_has_the_roll_above_the_curve_on_one_time_axis():
    cue = Cue((chord(CHORDS["cluster"], beats=8),))
    roll, curve_ax = tension_view(cue)
    assert roll.get_xlim() == curve_ax.get_xlim() == (0.0, 8.0)
    assert roll.get_position().y0 > curve_ax.get_position().y0
    assert sum(len(c.get_paths()) for c in roll.collections) == 4   # one bar per note of the cluster (render.roll)


def test_tension_plot_stacks_only_weighted_features():
    curve = tension_curve(Motif.parse("4/4 c4 d e f"), weights={"tempo": 0})
    ax = tension_plot(curve)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert not any(l.startswith("tempo") for l in labels) and any(l.startswith("dynamics") for l in labels)
    with pytest.raises(ScoringError, match="TensionCurve"):
        tension_plot(Motif.parse("c4"))


def test_tension_html_shows_score_player_plot_and_numbers():
    view = tension_html(Motif.parse("4/4 c4 e g c'", name="Hero"), table=True)
    html = view._repr_html_()
    assert html.count("data:image/svg+xml;base64,") == 1 and html.count("<audio") == 1
    assert "data:image/png;base64," in html and "<pre" in html
    assert repr(view).splitlines()[0].startswith("Hero:") and "tension starts" in repr(view)
    png_alt = re.search(r'<img src="data:image/png[^>]*alt="([^"]*)"', html).group(1)
    assert png_alt.startswith("piano roll of Hero above its tension curve: bars across") and "peaks" in png_alt


def test_tension_html_escapes_the_names_it_shows():
    from scoring.devices import cut_off

    cue = cut_off(Motif.parse("4/4 c4 e g c'", name='<script>alert("x")</script>'), beats=1)
    html = tension_html(cue)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_tempo_features_scale_is_not_the_playable_range():
    from scoring.core.time import TEMPO_RANGE

    assert TEMPO_FEATURE_RANGE == (40.0, 200.0) and TEMPO_FEATURE_RANGE != TEMPO_RANGE


@pytest.mark.parametrize("call, message", [
    (lambda: roughness(["C4", float("nan")]), "note=nan is not a finite number"),
    (lambda: roughness(["C4", True]), "note=True is not a finite number"),
    (lambda: roughness(["C4"] * 65), "more than 64 notes"),
    (lambda: roughness(["C4", "E4"], rolloff=float("inf")), "rolloff=inf is not a finite number"),
    (lambda: roughness(["C4"], harmonics=np.float64(6)), "harmonics="),
    (lambda: pair_roughness(440, float("inf")), "f2=inf is not a finite number"),
    (lambda: pair_roughness(440, 460, a1=float("nan")), "a1=nan is not a finite number"),
    (lambda: tension_curve(Motif.parse("c4"), step=float("nan")), "step=nan is not a finite number"),
    (lambda: tension_curve(Motif.parse("c4"), memory=True), "memory=True is not a finite number"),
    (lambda: tension_curve(Motif.parse("c4"), step=8), "step=8 is outside 0.0625-4; give the frame length in beats, 1/16 to 4"),
    (lambda: tension_curve(Motif.parse("c4"), weights={"tempo": float("inf")}), "the weight of tempo=inf is not a finite number"),
    (lambda: chord_distance(5, "V"), "x=5"),
    (lambda: progression_tension(["I", 7]), "y=7"),
    (lambda: progression_tension(["I"] * 300), "1 to 256 chords"),
    (lambda: dissonance_curve(harmonics=0), "harmonics=0"),
    (lambda: dissonance_curve(root=float("nan")), "root nan"),
    (lambda: dissonance_curve(root="C9"), "'C9' is not a note an octave can glide above"),
    (lambda: tension_view(Motif.parse("c4"), figsize=(9, float("nan"))), "figsize="),
])
def test_bad_values_raise_a_scoring_error_that_says_what_to_give(call, message):
    with pytest.raises(ScoringError, match=re.escape(message)):
        call()


def test_numpy_numbers_are_numbers():
    assert roughness([np.int64(60), np.float64(61)], velocities=[np.int64(100)] * 2, harmonics=np.int64(6),
                     rolloff=np.float32(0.88)) == pytest.approx(roughness([60, 61], velocities=[100, 100]), rel=1e-6)
    assert pair_roughness(np.float64(262), np.int64(277)) == pytest.approx(pair_roughness(262, 277))
    curve = tension_curve(Motif.parse("4/4 c4 e g c'"), step=np.float64(0.5), memory=np.int64(1),
                          weights={"tempo": np.float64(2)})
    assert len(curve.beats) == 8 and curve.weights["tempo"] == 2


def test_a_framed_card_keeps_one_backdrop_for_plans_of_other_pitches_and_lengths_within_a_phrase():
    """The tension builder's frame: two plans that climb to other pitches and last 9 and 11 bars draw
    on one backdrop (the same limits, ticks and key), which unframed they do not; the time after the
    shorter plan is shaded."""
    from scoring.panels.l02 import tension_builder_cue
    from scoring.render.backdrop import backdrop_mark
    from scoring.tension_view import _draw

    import matplotlib.pyplot as plt

    short = tension_builder_cue(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "ostinato",
                                 "stinger", "release"])
    long = tension_builder_cue(["ostinato", "rising sequence", "rising sequence", "rising sequence", "stinger",
                                "release", "release", "release"])
    assert (short.quarter_length, long.quarter_length) == (36, 44)
    marks = {}
    for framed in (True, False):
        for cue in (short, long):
            fig = plt.figure(figsize=(9.0, 4.6), layout="constrained")
            top, bottom = _draw(fig, cue, tension_curve(cue, weights={"roughness": 2.5 if cue is long else 2.0}),
                                frame=framed)
            fig.canvas.draw()
            marks[framed, cue is long] = backdrop_mark(fig)
            if framed:
                assert top.get_xlim() == bottom.get_xlim() == (0.0, 48.0)
                shade = [p for p in top.patches if p.get_x() == float(cue.quarter_length)]
                assert len(shade) == 1 and shade[0].get_width() == 48 - float(cue.quarter_length)
            plt.close(fig)
    assert marks[True, False] == marks[True, True] and marks[False, False] != marks[False, True]


def test_a_key_shows_a_weight_to_one_decimal_where_that_is_exact():
    curve = tension_curve(Motif.parse("4/4 c4 d e f"), weights={"roughness": 2, "register": 0.25, "density": 1.5})
    labels = [t.get_text() for t in tension_plot(curve).get_legend().get_texts()]
    assert {"roughness ×2.0", "register ×0.25", "density ×1.5"} <= set(labels)
