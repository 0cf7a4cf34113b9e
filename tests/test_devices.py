"""Lesson 02's devices: each test states the musical fact the device stands for (a rising sequence
rises, an accelerando's onsets get closer, a crescendo gets louder, a Shepard tone's pitch class
cycles while it goes nowhere) and measures it independently of the code that builds it.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.core.cue import Cue
from scoring.devices import (BUILD_CELL, TempoMapCue, accelerando, build_tension, crescendo, diminuendo, drop_out,
                             join, ostinato, pedal, player, release, rising_sequence, risset_onsets, risset_rhythm,
                             ritardando, shepard_tone, spectrogram, stack, stinger)
from scoring.exercises import (CHORD_QUIZ, SOLUTIONS, check_chord_order, check_rise_and_release, check_stinger)

C_MINOR = {0, 2, 3, 5, 7, 8, 10}    # C D Eb F G Ab Bb
CELL = Motif.parse(BUILD_CELL, name="cell", key="C minor", tempo=120, instrument="Cello")


def onsets_in_seconds(cue) -> list[float]:
    return sorted({round(e.start, 9) for e in cue.events()})


def rms(y) -> float:
    y = np.asarray(y, dtype=float)
    y = y.mean(axis=1) if y.ndim == 2 else y
    return float(np.sqrt(np.mean(y ** 2))) if len(y) else 0.0


# ---------------------------------------------------------------- ostinato, pedal, sequence
def test_ostinato_repeats_the_cell_unchanged_to_fill_the_bars():
    riff = ostinato(CELL, 3)
    assert riff.quarter_length == 12                           # three bars of 4/4
    n = len(CELL)
    for k in range(len(riff) // n):
        assert riff.midi[k * n:(k + 1) * n] == CELL.midi
        assert riff.durations[k * n:(k + 1) * n] == CELL.durations
    assert CELL.midi == [48, 55, 56, 55]                       # the cell itself is untouched: C3 G3 Ab3 G3


def test_ostinato_refuses_a_cell_that_does_not_fill_the_bars():
    with pytest.raises(ScoringError, match="evenly"):
        ostinato(Motif.parse("4/4 c4 d e"), 2)
    with pytest.raises(ScoringError, match="bars"):
        ostinato(CELL, 0)


def test_pedal_holds_one_low_note():
    low = pedal("C2", 3, every=2)
    assert set(low.midi) == {36} and len(low) == 6 and low.quarter_length == 12
    assert low.instrument == "Contrabass"
    with pytest.raises(ScoringError, match="divide"):
        pedal("C2", 1, every=3)


def test_a_rising_sequence_rises_statement_by_statement_and_stays_in_the_key():
    seq = rising_sequence(CELL, 4)
    n = len(CELL)
    means = [np.mean(seq.midi[k * n:(k + 1) * n]) for k in range(4)]
    assert all(a < b for a, b in zip(means, means[1:]))
    assert all(p % 12 in C_MINOR for p in seq.midi)
    assert seq.durations == CELL.durations * 4                 # the same rhythm each time


def test_a_rising_sequence_by_semitones_moves_exactly():
    seq = rising_sequence(CELL, 3, interval=2, diatonic=False)
    assert seq.midi == CELL.midi + [p + 2 for p in CELL.midi] + [p + 4 for p in CELL.midi]
    with pytest.raises(ScoringError, match="climbs"):
        rising_sequence(CELL, 3, interval=-1)


# ---------------------------------------------------------------- crescendo, accelerando
def test_a_crescendo_gets_louder_from_pp_to_ff():
    line = Motif.from_notes(["C4"] * 8, key="C major")
    v = crescendo(line).velocities
    assert all(a <= b for a, b in zip(v, v[1:])) and v[0] < v[-1]
    assert (v[0], v[-1]) == (33, 112)                          # pp and ff as MIDI velocities (music21, Finale)


def test_a_crescendo_on_a_cue_raises_every_layer_together():
    cue = crescendo(stack(ostinato(CELL, 2), pedal("C2", 2, tempo=120)), start="p", end="f")
    for layer in cue.layers:
        v = [c.velocity for c in layer.chords]
        assert v[0] < v[-1] and all(a <= b for a, b in zip(v, v[1:]))
    with pytest.raises(ScoringError, match="diminuendo"):
        crescendo(CELL, start="f", end="p")


def test_a_diminuendo_gets_softer():
    v = diminuendo(ostinato(CELL, 2)).velocities
    assert v[0] > v[-1] and all(a >= b for a, b in zip(v, v[1:]))


def test_an_accelerandos_onsets_get_closer_while_the_notes_stay_as_written():
    riff = ostinato(CELL, 2)
    fast = accelerando(riff, to=180)
    gaps = np.diff(onsets_in_seconds(fast))
    assert all(b < a for a, b in zip(gaps, gaps[1:]))         # every eighth comes sooner than the last
    assert fast.duration_seconds < riff.duration_seconds
    assert [c.duration for c in fast.layers[0].chords] == [Fraction(1, 2)] * 16
    assert fast.bpm_at(0) == 120 and fast.bpm_at(8) == 180


def test_the_tempo_map_integrates_sixty_over_bpm():
    cue = accelerando(ostinato(CELL, 1).with_tempo(100), to=150)
    beats = np.linspace(0, 4, 400_001)
    bpm = 100 + 50 * beats / 4                                   # a straight line over the bar
    expected = float(np.sum(60 / bpm[:-1] * np.diff(beats)))
    assert cue.seconds_at(4) == pytest.approx(expected, rel=1e-4)
    assert cue.duration_seconds == pytest.approx(expected, rel=1e-4)


def test_a_ritardando_spreads_the_onsets():
    gaps = np.diff(onsets_in_seconds(ritardando(ostinato(CELL, 2), to=60)))
    assert all(b > a for a, b in zip(gaps, gaps[1:]))
    with pytest.raises(ScoringError, match="accelerando"):
        ritardando(CELL, to=150)


def test_an_accelerando_over_part_of_a_cue_keeps_the_rest_steady():
    cue = accelerando(ostinato(CELL, 3), to=150, start=4, end=8)
    assert cue.bpm_at(2) == 120 and cue.bpm_at(6) == pytest.approx(135) and cue.bpm_at(10) == 150
    with pytest.raises(ScoringError, match="forwards"):
        accelerando(CELL, to=150, start=3, end=1)


def test_the_score_marks_accel_and_the_arrival_tempo():
    from music21 import expressions, tempo

    cue = accelerando(ostinato(CELL, 3), to=150, start=0, end=8)
    flat = cue.to_stream().parts[0].flatten()
    words = [e.content for e in flat.getElementsByClass(expressions.TextExpression)]
    marks = [(float(m.offset), m.number) for m in flat.getElementsByClass(tempo.MetronomeMark)]
    assert words == ["accel."] and (0.0, 120) in marks and (8.0, 150) in marks


def test_a_tempo_map_cue_stays_one_after_transforms():
    cue = accelerando(ostinato(CELL, 2), to=160)
    louder = crescendo(cue)
    assert isinstance(louder, TempoMapCue) and louder.tempo_map == cue.tempo_map
    assert cue.with_tempo(60).tempo_text() == "60→80 BPM"
    y, sr = cue.to_audio()
    assert len(y) / sr == pytest.approx(cue.duration_seconds + 1.0, abs=0.01)


# ---------------------------------------------------------------- stingers, drop-out, release
def test_a_cluster_stinger_is_loud_wide_and_made_of_semitones():
    hit = stinger("cluster")
    pitches = sorted(p for l in hit.layers for c in l.chords for p in c.pitches)
    assert min(c.velocity for l in hit.layers for c in l.chords) >= 96
    assert pitches[-1] - pitches[0] >= 36                       # three octaves or more: extreme registers
    runs = [b - a for a, b in zip(pitches, pitches[1:])].count(1)
    assert runs >= 5                                            # neighbouring semitones


def test_a_tritone_stinger_has_only_the_root_and_its_tritone():
    hit = stinger("tritone", root="D4")
    pcs = {p % 12 for l in hit.layers for c in l.chords for p in c.pitches}
    assert pcs == {2, 8}                                        # D and G#/Ab
    with pytest.raises(ScoringError, match="cluster, tritone"):
        stinger("major")


def test_a_drop_out_silences_the_end_and_keeps_the_length():
    build = stack(ostinato(CELL, 2), pedal("C2", 2, tempo=120))
    gap = drop_out(build, beats=2)
    assert gap.quarter_length == build.quarter_length
    for layer in gap.layers:
        t = Fraction(0)
        for c in layer.chords:
            if t + c.duration > 6:
                assert c.is_rest or t + c.duration <= 6
            t += c.duration
    y, sr = gap.to_audio()
    before = y[int(2.0 * sr):int(2.9 * sr)]                     # beats 4-5.8 at 120 BPM: music
    silent = y[int(3.7 * sr):int(4.0 * sr)]                     # the end of the gap: only the room's tail
    assert rms(silent) < 0.1 * rms(before)


def test_join_puts_parts_in_time_and_changes_tempo_at_the_join():
    build = stack(ostinato(CELL, 2), pedal("C2", 2, tempo=120))
    calm = release("C minor")
    cue = join(build, calm)
    assert cue.quarter_length == build.quarter_length + calm.quarter_length
    assert isinstance(cue, TempoMapCue) and cue.bpm_at(7) == 120 and cue.bpm_at(9) == calm.tempo
    assert {l.role for l in cue.layers} == {"cell ostinato", "pedal", "release", "bass"}
    assert all(l.quarter_length == cue.quarter_length for l in cue.layers)


def test_join_at_one_tempo_is_a_plain_cue():
    cue = join(ostinato(CELL, 1), ostinato(CELL, 1))
    assert type(cue) is Cue and cue.quarter_length == 8 and len(cue.layers) == 1


def test_stack_sounds_parts_together():
    cue = stack(ostinato(CELL, 2), pedal("C2", 1, tempo=120))
    assert [l.role for l in cue.layers] == ["cell ostinato", "pedal"]
    assert all(l.quarter_length == 8 for l in cue.layers)


def test_a_release_is_consonant_lower_quieter_and_slower():
    from scoring.tension import ic_dissonance, roughness

    build = stack(crescendo(ostinato(CELL, 2), start="mf", end="ff"), pedal("C2", 2, tempo=120))
    calm = release("C minor")
    pcs = sorted({p % 12 for l in calm.layers for c in l.chords for p in c.pitches})
    assert pcs == [0, 3, 7]                                     # the C minor triad
    assert ic_dissonance([p for l in calm.layers for p in l.chords[0].pitches]) == 0
    top = lambda cue: max(p for l in cue.layers for c in l.chords for p in c.pitches)  # noqa: E731
    assert top(calm) < top(build)
    assert max(c.velocity for l in calm.layers for c in l.chords) <= 49 < max(c.velocity for l in build.layers
                                                                                for c in l.chords)
    assert calm.tempo < build.tempo
    chord = sorted(p for l in calm.layers for p in l.chords[-1].pitches)
    low = chord[0]
    close = [low, low + 3, low + 7, low + 12]                   # the same notes in close position, from the root
    assert roughness(chord) < roughness(close)                                # the open voicing is smoother


# ---------------------------------------------------------------- Shepard tone and Risset rhythm
def _pitch_track(y, sr, lowest=27.5, hop=0.25, n=8192):
    """The pitch class (semitones above A, 0-12) of the strongest partial in each window."""
    out = []
    window = np.hanning(n)
    for start in range(0, len(y) - n, int(hop * sr)):
        spec = np.abs(np.fft.rfft(y[start:start + n] * window))
        k = int(np.argmax(spec[1:-1])) + 1
        a, b, c = np.log(spec[k - 1:k + 2] + 1e-12)
        shift = 0.5 * (a - c) / (a - 2 * b + c)                 # parabolic peak interpolation
        f = (k + shift) * sr / n
        out.append((12 * math.log2(f / lowest)) % 12)
    return np.unwrap(np.array(out) * 2 * math.pi / 12) * 12 / (2 * math.pi)


def test_a_shepard_tones_pitch_class_cycles_upward_for_ever():
    y, sr = shepard_tone(8.0, cycle=4.0)
    track = _pitch_track(y, sr)
    slope = np.polyfit(np.arange(len(track)) * 0.25, track, 1)[0]
    assert slope == pytest.approx(12 / 4.0, rel=0.1)           # a semitone every third of a second, for 8 s
    assert track[-1] - track[0] > 20                            # nearly two octaves of pitch class travelled ...

    def centroid(x):
        spec = np.abs(np.fft.rfft(x))
        return float(np.sum(np.fft.rfftfreq(len(x), 1 / sr) * spec) / np.sum(spec))
    for k in range(4):                      # ... and every second sounds where it did a cycle before
        now, later = y[k * sr:(k + 1) * sr], y[(k + 4) * sr:(k + 5) * sr]
        assert centroid(later) == pytest.approx(centroid(now), rel=0.02)


def test_a_falling_shepard_tone_cycles_downward():
    y, sr = shepard_tone(4.0, cycle=2.0, falling=True)
    track = _pitch_track(y, sr)
    assert np.polyfit(np.arange(len(track)) * 0.25, track, 1)[0] == pytest.approx(-6.0, rel=0.1)


def test_a_shepard_tone_repeats_its_spectrum_after_one_cycle():
    y, sr = shepard_tone(6.0, cycle=2.0)
    n = 8192
    a = np.abs(np.fft.rfft(y[sr:sr + n] * np.hanning(n)))
    b = np.abs(np.fft.rfft(y[3 * sr:3 * sr + n] * np.hanning(n)))
    assert np.corrcoef(a, b)[0, 1] > 0.99


@pytest.mark.parametrize("seconds", [1.0, 5.0])
def test_shepard_partials_sit_at_the_fraction_of_the_cycle(seconds):
    """f_k(t) = 27.5 Hz · 2^(k + (t/T mod 1)): a quarter of a cycle in (t = 1 s, and again at 5 s, one
    cycle later) every partial is a quarter octave above an A, i.e. a C: 261.6, 523.3, 1046.5 Hz.
    The bell is centred on 440 Hz, so C5 (523.3 Hz, a quarter octave above it) is the loudest."""
    y, sr = shepard_tone(6.0, cycle=4.0)
    n = 4096                                                   # 93 ms: the glide moves under a third of a semitone
    start = int(seconds * sr) - n // 2
    spec = np.abs(np.fft.rfft(y[start:start + n] * np.hanning(n), 8 * n))
    freqs = np.fft.rfftfreq(8 * n, 1 / sr)
    assert freqs[np.argmax(spec)] == pytest.approx(523.25, rel=0.01)
    for c in (261.63, 1046.5):                                 # the neighbouring C's sound too
        near = (freqs > c * 0.98) & (freqs < c * 1.02)
        assert spec[near].max() > 0.2 * spec.max()


def test_shepard_tone_errors():
    with pytest.raises(ScoringError, match="Nyquist"):
        shepard_tone(1.0, octaves=10, lowest=40)
    with pytest.raises(ScoringError, match="seconds"):
        shepard_tone(0)


def test_each_risset_layer_accelerates_and_the_pattern_repeats_each_cycle():
    clicks = risset_onsets(8.0, cycle=4.0)
    for layer in {j for _, j, _ in clicks}:
        times = [t for t, j, _ in clicks if j == layer]
        gaps = np.diff(times)
        assert all(b < a for a, b in zip(gaps, gaps[1:]))
    first = [(round(t, 6), round(a, 6)) for t, _, a in clicks if t < 4.0]
    second = [(round(t - 4.0, 6), round(a, 6)) for t, _, a in clicks if 4.0 <= t < 8.0]
    assert first == second                                      # after a cycle, everything is as it was


def test_risset_rhythm_samples_repeat_after_one_cycle():
    y, sr = risset_rhythm(8.0, cycle=4.0)
    a, b = y[int(0.5 * sr):int(3.5 * sr)], y[int(4.5 * sr):int(7.5 * sr)]
    assert np.max(np.abs(a - b)) < 1e-3 and rms(a) > 0.01


def test_player_and_spectrogram_of_raw_samples():
    y, sr = shepard_tone(1.0)
    html = player(y, sr, label="Shepard")._repr_html_()
    assert html.startswith("<audio") and "data:audio/mpeg;base64," in html
    ax = spectrogram(y, sr)
    assert ax.get_yscale() == "log"
    with pytest.raises(ScoringError, match="too short"):
        spectrogram(y[:100], sr)


# ---------------------------------------------------------------- the tension builder
PLAN = ["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "drop-out", "stinger", "release"]


def test_build_tension_follows_its_plan():
    cue = build_tension(PLAN)
    assert cue.quarter_length == 32                             # 5 one-bar sections, stinger 1, release 2
    roles = [l.role for l in cue.layers]
    assert roles == ["ostinato", "pedal", "stinger high", "stinger low", "release"]
    assert [c.pitches for c in cue.layer("pedal").chords[-2:]] == [(36,), (36,)]   # the pedal rests on the tonic
    riff = cue.layer("ostinato").chords
    bar = lambda k: [p for c in riff[8 * k:8 * k + 8] for p in c.pitches]  # noqa: E731
    assert np.mean(bar(2)) > np.mean(bar(1))                    # the rising sequence climbs in bar 3
    assert riff[8 * 3].velocity < riff[8 * 3 + 7].velocity      # the crescendo in bar 4
    assert cue.bpm_at(16) == 120 and cue.bpm_at(20) == 150 and cue.bpm_at(24) < 120
    assert all(c.is_rest for l in cue.layers for c in _between(l, 18, 20))    # the drop-out before the stinger


def _between(layer, a, b):
    t, out = 0, []
    for c in layer.chords:
        if t < b and t + c.duration > a:
            out.append(c)
        t += c.duration
    return out


def test_build_tension_errors_say_what_to_change():
    with pytest.raises(ScoringError, match="8 to 16"):
        build_tension(["ostinato", "release"])
    with pytest.raises(ScoringError, match="cannot come first"):
        build_tension(["drop-out"] + PLAN)
    with pytest.raises(ScoringError, match="unknown device"):
        build_tension(["ostinato", "tremolo"] + PLAN)


def test_tension_builder_settings_skip_empty_slots():
    from scoring.panels import tension_builder_cue

    cue = tension_builder_cue(["ostinato", "—", "pedal", "—"] + PLAN[2:], bars=1, tempo=100)
    assert cue == build_tension(["ostinato", "pedal"] + PLAN[2:], bars=1, tempo=100)
    with pytest.raises(ScoringError, match="empty"):
        tension_builder_cue(["—"] * 8)


def test_tension_builder_panel_updates_and_reports_errors():
    from scoring.panels import tension_builder

    panel = tension_builder()
    grid, sliders, status, view = panel.children
    assert "<audio" in view.value and "data:image/svg+xml" in view.value and "build_tension" in status.value
    before = view.value
    grid.children[0].children[2].value = "crescendo"           # slot 3: rising sequence -> crescendo
    assert view.value != before and "crescendo" in status.value
    grid.children[1].children[3].value = "—"                    # drop the release: 6 bars is too short
    assert "8 to 16" in status.value


# ---------------------------------------------------------------- lesson 02's exercises
def test_rise_and_release_checker():
    assert check_rise_and_release(SOLUTIONS["rise_and_release"][1]())
    flat = check_rise_and_release(ostinato(CELL, 10))
    assert not flat and "hardly grows" in repr(flat) and "does not come down" in repr(flat)
    no_release = check_rise_and_release(crescendo(ostinato(CELL, 10)))
    assert not no_release and "does not come down" in repr(no_release) and "hardly grows" not in repr(no_release)
    short = check_rise_and_release(ostinato(CELL, 4))
    assert "8 bars of build" in repr(short)
    dip = check_rise_and_release(build_tension(["ostinato", "pedal", "stinger", "ostinato", "crescendo",
                                                "accelerando", "rising sequence", "crescendo", "release"]))
    assert not dip and "falls in bar" in repr(dip)


def test_chord_order_checker():
    from scoring.tension import roughness

    truth = SOLUTIONS["chord_order"][1]()
    assert truth == ["C", "D", "A", "B"]                        # open fifth < major triad < Tristan < cluster
    assert [roughness(CHORD_QUIZ[k]) for k in truth] == sorted(roughness(CHORD_QUIZ[k]) for k in truth)
    assert check_chord_order(truth) and check_chord_order(["c", "d", "a", "b"])
    wrong = check_chord_order(["D", "C", "A", "B"])
    assert not wrong and "D before C" in repr(wrong) and "2 of 4" in repr(wrong)
    assert "once each" in repr(check_chord_order(["A", "A", "B", "C"]))


def test_stinger_checker():
    assert check_stinger(SOLUTIONS["stinger"][1]())
    build = crescendo(stack(ostinato(CELL, 2), pedal("C2", 2, tempo=120)), start="p", end="ff")
    straight = check_stinger(join(build, stinger("cluster", tempo=120)))
    assert not straight and "straight into" in repr(straight)
    soft = check_stinger(join(drop_out(build), stinger("cluster", tempo=120, dynamics="mp")))
    assert not soft and "ff" in repr(soft)
    consonant = check_stinger(join(drop_out(build), release("C minor")))
    assert not consonant and "dissonant" in repr(consonant)
    assert check_stinger(join(drop_out(build, beats=1), stinger("tritone", tempo=120)))
