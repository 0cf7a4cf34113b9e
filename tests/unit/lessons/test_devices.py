"""Lesson 02's devices: each test states the musical fact the device stands for (a rising sequence
rises, an accelerando's onsets get closer, a crescendo gets louder, a Shepard tone's pitch class
cycles while it goes nowhere) and measures it independently of the code that builds it.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.core.cue import Cue, as_cue
from scoring.core.time import TempoMap
from scoring.devices import (BUILD_CELL, MAX_RISSET_RATE, accelerando, build_tension, cell_lengths, chord_line, crescendo,
                             cut_off, diminuendo, join, ostinato, pedal, release, rising_sequence, risset_onsets,
                             risset_rhythm, ritardando, shepard_tone, stack, stinger)
from scoring.harmony import bar_length
from scoring.devices_view import SPECTROGRAM_FRAMES, player, spectrogram
from scoring.render.synth import TAIL_SECONDS
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
    assert type(fast) is Cue and fast.tempo_map.bpm_at(0) == 120 and fast.tempo_map.bpm_at(8) == 180


def test_the_tempo_map_integrates_sixty_over_bpm():
    cue = accelerando(ostinato(CELL, 1).with_tempo(100), to=150)
    beats = np.linspace(0, 4, 400_001)
    bpm = 100 + 50 * beats / 4                                   # a straight line over the bar
    expected = float(np.sum(60 / bpm[:-1] * np.diff(beats)))
    assert cue.tempo_map.seconds_at(4) == pytest.approx(expected, rel=1e-4)
    assert cue.duration_seconds == pytest.approx(expected, rel=1e-4)


def test_a_ritardando_spreads_the_onsets():
    gaps = np.diff(onsets_in_seconds(ritardando(ostinato(CELL, 2), to=60)))
    assert all(b > a for a, b in zip(gaps, gaps[1:]))
    with pytest.raises(ScoringError, match="accelerando"):
        ritardando(CELL, to=150)


def test_an_accelerando_over_part_of_a_cue_keeps_the_rest_steady():
    cue = accelerando(ostinato(CELL, 3), to=150, start=4, end=8)
    assert cue.tempo_map.bpm_at([2, 6, 10]).tolist() == [120, pytest.approx(135), 150]
    with pytest.raises(ScoringError, match="forwards"):
        accelerando(CELL, to=150, start=3, end=1)


def test_the_score_marks_accel_and_the_arrival_tempo():
    from music21 import expressions, tempo

    cue = accelerando(ostinato(CELL, 3), to=150, start=0, end=8)
    flat = cue.to_stream().parts[0].flatten()
    words = [e.content for e in flat.getElementsByClass(expressions.TextExpression)]
    marks = [(float(m.offset), m.number) for m in flat.getElementsByClass(tempo.MetronomeMark)]
    assert words == ["accel."] and (0.0, 120) in marks and (8.0, 150) in marks


def test_a_cue_keeps_its_tempo_map_through_transforms():
    cue = accelerando(ostinato(CELL, 2), to=160)
    louder = crescendo(cue)
    assert type(louder) is Cue and louder.tempo_map == cue.tempo_map
    assert cut_off(cue).tempo_map == cue.tempo_map and stack(cue, pedal("C2", 2)).tempo_map == cue.tempo_map
    assert cue.with_tempo(60).tempo_map.summary() == "60→80 BPM"
    y, sr = cue.to_audio()
    assert len(y) / sr == pytest.approx(cue.duration_seconds + TAIL_SECONDS, abs=0.01)


def test_an_accelerando_keeps_the_holds_and_metres_of_its_clock_and_replaces_later_changes():
    riff = ostinato(CELL, 4)
    clock = TempoMap.constant(120).hold(8, 1.5).step(12, 90).metre(8, "2/4")
    fast = accelerando(as_cue(riff).with_tempo_map(clock), to=160, start=0, end=8)
    assert fast.tempo_map.holds == clock.holds and fast.tempo_map.metres == clock.metres
    assert fast.tempo_map.bpm_at([4, 8, 14]).tolist() == [140, 160, 160]    # the step to 90 gives way to 160
    ramp = TempoMap.constant(120).ramp(0, 8, 160)
    assert fast.tempo_map.seconds_at(8) == pytest.approx(ramp.seconds_at(8) + 1.5)   # the fermata still holds


def onset_times(y, sr, *, level=0.3, block=22, gap=0.1) -> np.ndarray:
    """Onsets measured from the samples: the start of each 22-sample block whose peak crosses ``level`` of
    the loudest peak from below, at least ``gap`` seconds after the last onset."""
    mono = np.abs(np.asarray(y, dtype=float))
    mono = mono.max(axis=1) if mono.ndim == 2 else mono
    n = len(mono) // block
    loud = mono[:n * block].reshape(n, block).max(axis=1) > level * mono.max()
    out: list[float] = []
    for i in np.flatnonzero(loud[1:] & ~loud[:-1]) + 1:
        if not out or i * block / sr - out[-1] > gap:
            out.append(i * block / sr)
    return np.array(out)


def test_a_ritardando_is_engraved_rit_and_its_audio_lengthens_as_the_map_says():
    from music21 import expressions, tempo

    taps = Motif.parse("4/4 " + " ".join(["c'4"] * 12), name="taps", tempo=120, instrument="Woodblock", dynamics="f")
    slow = ritardando(taps, to=60, start=0, end=8)
    slow = slow.with_layers([layer.with_(articulation="staccato") for layer in slow.layers])
    bars = slow.to_stream().parts[0].getElementsByClass("Measure")
    words = [(float(m.offset + w.offset), w.content) for m in bars for w in m.getElementsByClass(expressions.TextExpression)]
    marks = [(float(m.offset + mm.offset), mm.number) for m in bars for mm in m.getElementsByClass(tempo.MetronomeMark)]
    assert words == [(0.0, "rit.")] and marks == [(0.0, 120), (8.0, 60)]
    assert b"rit." in slow.musicxml() and slow.musicxml().count(b"<metronome") == 2

    y, sr = slow.to_audio()
    clock = slow.tempo_map
    assert len(y) == round((clock.seconds_at(12) + TAIL_SECONDS) * sr)     # 120→60 over 8 beats: 8 ln 2 s, then 4 s
    assert clock.seconds_at(12) == pytest.approx(8 * math.log(2) + 4.0)
    assert len(y) > round((taps.duration_seconds + TAIL_SECONDS) * sr)
    heard = onset_times(y, sr)
    written = clock.seconds_at(np.arange(12.0))
    assert len(heard) == 12
    assert np.abs(heard - written).max() < 0.005                          # every tap within 5 ms of the map
    assert all(b > a for a, b in zip(np.diff(heard)[:8], np.diff(heard)[1:8]))   # the gaps widen through the rit.


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


def test_a_cut_off_silences_the_end_and_keeps_the_length():
    build = stack(ostinato(CELL, 2), pedal("C2", 2, tempo=120))
    gap = cut_off(build, beats=2)
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
    assert type(cue) is Cue and cue.tempo_map.bpm_at([7, 9]).tolist() == [120, calm.tempo]
    assert {l.role for l in cue.layers} == {"cell ostinato", "pedal", "release", "bass"}
    assert all(l.quarter_length == cue.quarter_length for l in cue.layers)


def test_join_at_one_tempo_keeps_one_steady_tempo():
    cue = join(ostinato(CELL, 1), ostinato(CELL, 1))
    assert cue.tempo_map.is_constant and cue.quarter_length == 8 and len(cue.layers) == 1


def test_join_keeps_each_parts_clock():
    fast = accelerando(ostinato(CELL, 1), to=180)                       # 120→180 over its 4 beats
    cue = join(fast, Motif.parse("4/4 c2 d2", name="cell ostinato", tempo=60, key="C minor"), fast)
    seconds = fast.duration_seconds
    assert cue.tempo_map.bpm_at([2, 4, 6, 8, 10]).tolist() == [150, 60, 60, 120, 150]
    assert cue.duration_seconds == pytest.approx(2 * seconds + 4.0)
    starts = sorted({round(e.start, 6) for e in cue.events()})
    assert starts[8:10] == [pytest.approx(seconds), pytest.approx(seconds + 2.0)]


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
    assert "<audio" in html and "data:audio/mpeg;base64," in html and "plays: Shepard (1.0 s)</div>" in html
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
    assert type(cue) is Cue and cue.tempo_map.bpm_at([16, 20]).tolist() == [120, 150]
    assert cue.tempo_map.bpm_at(24) == 80 and cue.tempo_map.marks()[1] == (16, "accel.")
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
    soft = check_stinger(join(cut_off(build), stinger("cluster", tempo=120, dynamics="mp")))
    assert not soft and "ff" in repr(soft)
    consonant = check_stinger(join(cut_off(build), release("C minor")))
    assert not consonant and "dissonant" in repr(consonant)
    assert check_stinger(join(cut_off(build, beats=1), stinger("tritone", tempo=120)))
    assert "cut_off(" not in repr(straight) and repr(straight).endswith('(reread "4 The drop-out and the stinger")')


def test_stinger_checker_hears_the_stinger_that_lands_out_of_silence():
    """A build that ends louder (fff) than its stinger (ff) still lands a stinger: the chord after the
    drop-out is judged, not the loudest note of the build."""
    build = crescendo(stack(ostinato(CELL, 2), pedal("C2", 2, tempo=120)), start="p", end="fff")
    fb = check_stinger(join(cut_off(build, beats=2), stinger("cluster", tempo=120, dynamics="f")))
    assert fb.ok, fb


def test_rise_and_release_accepts_a_dip_just_before_the_hit_it_prepares():
    """The curve hears a drop-out as calm; an audience holds its breath. A bar of silence in bar 8
    before a stinger in bar 9 (or half a bar before a stinger in bar 8) is part of the build."""
    build = build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "rising sequence",
                           "crescendo", "crescendo"])
    for beats in (4, 2):
        cue = join(cut_off(build, beats=beats), stinger("cluster", tempo=120), release("C minor", bars=2))
        fb = check_rise_and_release(cue)
        assert fb.ok, fb
        assert "the dip in bar 8 is a breath before the blow" in fb.notes[0]
    # a stinger in bar 7 and a fall after it: the climax came a bar early
    early = check_rise_and_release(build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando",
                                                  "crescendo", "drop-out", "stinger", "release"]))
    assert not early and "the climax comes before the eighth bar" in repr(early)


def test_chord_order_accepts_the_letters_as_text_and_explains_a_reversed_order():
    assert check_chord_order("CDAB") and check_chord_order("c, d, a, b") and check_chord_order("C D A B")
    backwards = check_chord_order(["B", "A", "D", "C"])
    assert not backwards and "the right one, backwards" in repr(backwards)
    wrong = check_chord_order(["D", "C", "A", "B"])
    assert "roughness(" not in repr(wrong) and 'reread "1 Roughness: why some sounds are tense"' in repr(wrong)


# ---------------------------------------------------------------- bad input and large input
def test_a_huge_chord_is_refused_at_once():
    import time

    began = time.perf_counter()
    with pytest.raises(ScoringError, match="more than 16 notes"):
        chord_line([["C4"] * 10 ** 5])
    assert time.perf_counter() - began < 0.5
    with pytest.raises(ScoringError, match="more than 1000 chords"):
        chord_line([["C4"]] * 1001)
    with pytest.raises(ScoringError, match="one note"):
        chord_line(["C4", "E4"])


@pytest.mark.parametrize("call, message", [
    (lambda: chord_line([["C4"]], beats=float("nan")), "not a number of quarter notes"),
    (lambda: chord_line([["C4"]], beats=True), "not a number of quarter notes"),
    (lambda: accelerando(CELL, to=float("inf")), "not a number of beats per minute"),
    (lambda: accelerando(CELL, to=True), "not a number of beats per minute"),
    (lambda: accelerando(CELL, to=150, start=float("nan")), "start=nan is not a finite number"),
    (lambda: ritardando(CELL, to=60, end=True), "end=True is not a finite number"),
    (lambda: cut_off(CELL, beats=float("inf")), "beats=inf is not a finite number"),
    (lambda: cut_off(CELL, beats=2), "less than the music's 2"),
    (lambda: ostinato(CELL, True), "bars should be a whole number"),
    (lambda: pedal("C2", 2, every=float("nan")), "not a number of quarter notes"),
    (lambda: rising_sequence(CELL, 3, interval=np.float64(1)), "whole number from 1 to 12"),
    (lambda: shepard_tone(float("nan")), "seconds=nan is not a finite number"),
    (lambda: shepard_tone(61), "0.1 to 60 seconds"),
    (lambda: shepard_tone(1.0, cycle=True), "cycle=True is not a finite number"),
    (lambda: shepard_tone(1.0, octaves=np.float64(9)), "octaves should be a whole number"),
    (lambda: shepard_tone(1.0, sample_rate=True), "sample_rate=True"),
    (lambda: risset_onsets(4.0, slowest=4, layers=10), "a buzz"),
    (lambda: risset_rhythm(4.0, width=float("nan")), "width=nan is not a finite number"),
    (lambda: spectrogram(np.zeros(44100), 44100, top=float("inf")), "top=inf"),
    (lambda: spectrogram(np.full(44100, np.nan), 44100, top=True), "top=True"),
    (lambda: player(np.zeros((10, 3)), 44100), "mono"),
    (lambda: build_tension(["ostinato", ["pedal"]] + ["ostinato"] * 7), "unknown device"),
    (lambda: build_tension(["ostinato"] * 65), "1 to 64 devices"),
    (lambda: join(CELL, 42), "expected Motifs or Cues"),
])
def test_bad_values_raise_a_scoring_error_that_says_what_to_give(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_numpy_numbers_are_numbers():
    line = chord_line([[np.int64(60), np.int64(64)]], beats=np.float64(2), tempo=np.int64(90))
    assert line.layers[0].chords[0].pitches == (60, 64) and line.quarter_length == 2 and line.tempo == 90
    assert ostinato(CELL, np.int64(2)).quarter_length == 8
    fast = accelerando(ostinato(CELL, 2), to=np.float64(150), start=np.int64(4), end=np.float64(8))
    assert fast.tempo_map.bpm_at(8) == 150
    assert cut_off(fast, beats=np.float32(1.5)).layers[0].chords[-1].is_rest
    y, sr = shepard_tone(np.float64(1.0), cycle=np.int64(2), octaves=np.int64(8))
    assert y.shape == (44100,)
    assert stinger(root=np.int64(60), beats=np.float64(2)).quarter_length == 2


def test_long_synthesised_sounds_stay_bounded_and_quick():
    import time

    began = time.perf_counter()
    clicks = risset_onsets(60.0, cycle=0.5, slowest=4, layers=6)       # the fastest layer: 4·2**6 = 256 a second
    assert 4 * 2 ** 6 == MAX_RISSET_RATE and len(clicks) < 2 * MAX_RISSET_RATE * 60
    y, sr = shepard_tone(60.0, cycle=0.5, octaves=7)
    assert y.shape == (60 * 44100,) and y.dtype == np.float32
    assert time.perf_counter() - began < 20
    ax = spectrogram(np.tile(y, 2), sr)                                 # two minutes: at most 2000 frames
    assert SPECTROGRAM_FRAMES == 2000 and ax.collections[0].get_array().shape[1] <= SPECTROGRAM_FRAMES


@pytest.mark.parametrize("metre, cell, suggested", [
    ("4/4", "4/4 c4 e g", r"make the cell 0\.5, 1, 2 or 4 quarter notes long, or give a multiple of 3 bars"),
    ("6/8", "6/8 c4 e8 g4", r"make the cell 0\.5, 0\.75, 1, 1\.5 or 3 quarter notes long, or give a multiple of 5 bars"),
    ("3/4", "3/4 c2", r"make the cell 0\.5, 0\.75, 1, 1\.5 or 3 quarter notes long, or give a multiple of 2 bars"),
])
def test_an_ostinato_that_does_not_fit_says_which_cells_and_bars_would(metre, cell, suggested):
    motif = Motif.parse(cell)
    with pytest.raises(ScoringError, match=suggested) as refused:
        ostinato(motif, 1)
    message = str(refused.value)
    bars = int(re.search(r"multiple of (\d+) bars", message).group(1))
    assert ostinato(motif, bars).quarter_length == bars * bar_length(metre)     # the bars it offers fit
    offered = re.search(r"make the cell (.*) quarter notes long", message).group(1).replace(" or ", ", ").split(", ")
    for length in offered:                                                      # and so does every cell it offers
        even = Motif.from_notes([60], durations=Fraction(length), time_signature=metre)
        assert ostinato(even, 1).quarter_length == bar_length(metre)


def test_the_tension_builder_names_the_cells_metre_when_a_cell_does_not_fit():
    with pytest.raises(ScoringError, match=r"bar of 6/8 .* make it 0\.5, 0\.75, 1, 1\.5 or 3 quarter notes long"):
        build_tension(["ostinato"] * 8, cell=Motif.parse("6/8 c4 e", key="C minor"))


def test_a_stinger_takes_the_metre_of_the_music_it_joins():
    waltz = Motif.parse("3/4 c4 e g", name="melody")
    hit = stinger("cluster", beats=3, time_signature="3/4")
    assert hit.time_signature == "3/4" and join(waltz, hit).quarter_length == 6
    with pytest.raises(ScoringError, match="one metre"):
        join(waltz, stinger("cluster", beats=3))


@pytest.mark.parametrize("metre, lengths", [("1/16", [Fraction(1, 4)]), ("3/32", [Fraction(3, 8)]),
                                            ("7/16", [Fraction(7, 4)]), ("2/4", [Fraction(1, 2), 1, 2])])
def test_every_metre_has_a_cell_that_fills_its_bar_and_a_message_that_names_it(metre, lengths):
    assert cell_lengths(metre) == lengths
    with pytest.raises(ScoringError, match="make the cell"):
        ostinato(Motif.from_notes([60, 62, 64, 65, 67], durations=Fraction(1, 3), time_signature=metre), 1)
