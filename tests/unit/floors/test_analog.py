"""The analog voice (scoring.render.analog): finite output, never past full scale, deterministic,
in tune within a cent, band-limited oscillators, a filter that cuts where it says, the note
generators, and patches mixed with General MIDI events in one render."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import ScoringError
from scoring.render.analog import (PRESETS, WAVES, Envelope, Patch, arpeggiate, drone, lowpass_response, oscillator,
                                   preset, render_notes, render_patch, step_sequence)
from scoring.render.synth import NoteEvent, render_events

SR = 44100


def frequency(y: np.ndarray, sr: int = SR) -> float:
    """The frequency of a steady sine, by the phase of its analytic signal (a straight line's slope)."""
    from scipy.signal import hilbert

    phase = np.unwrap(np.angle(hilbert(y)))
    cut = len(y) // 10
    t = np.arange(len(y)) / sr
    return float(np.polyfit(t[cut:-cut], phase[cut:-cut], 1)[0] / (2 * np.pi))


@pytest.mark.parametrize("pitch", [33, 57, 69, 81, 96])
def test_a_sine_is_in_tune_within_a_cent(pitch):
    sine = preset("sine").replace(reverb=0.0)
    y, sr = render_patch([(0.0, 2.0, pitch, 90)], sine)
    want = 440.0 * 2 ** ((pitch - 69) / 12)
    got = frequency(y[int(0.2 * sr):int(1.8 * sr), 0].astype(np.float64))
    assert abs(1200 * np.log2(got / want)) < 1.0, (pitch, got, want)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_is_finite_within_full_scale_and_deterministic(name):
    notes = [(0.0, 0.6, 45, 100), (0.25, 1.2, 57, 127), (0.25, 1.2, 60, 127), (0.25, 1.2, 64, 127)]
    a, sr = render_patch(notes, preset(name))
    b, _ = render_patch(notes, preset(name))
    assert a.dtype == np.float32 and a.shape[1] == 2
    assert np.isfinite(a).all()
    assert float(np.abs(a).max()) <= 1.0
    assert float(np.abs(a).max()) > 0.01, "the patch should be heard"
    assert np.array_equal(a, b)


def test_the_seed_changes_the_noise_and_nothing_else_does():
    wash = preset("noise wash")
    a, _ = render_patch([(0.0, 0.5, 60, 90)], wash)
    b, _ = render_patch([(0.0, 0.5, 60, 90)], wash.replace(seed=1))
    assert not np.array_equal(a, b)


@settings(max_examples=25, deadline=None)
@given(wave=st.sampled_from(WAVES), wave2=st.sampled_from((None,) + WAVES),
       cutoff=st.floats(30, 18000), resonance=st.floats(0, 1), voices=st.integers(1, 8), detune=st.floats(0, 50),
       env_amount=st.floats(-6, 8), lfo_cutoff=st.floats(0, 4), vibrato=st.floats(0, 100), pwm=st.floats(0, 0.45),
       pitch=st.integers(0, 127), velocity=st.integers(1, 127), seconds=st.floats(0.001, 0.4))
def test_any_patch_renders_finite_samples_within_full_scale(wave, wave2, cutoff, resonance, voices, detune,
                                                             env_amount, lfo_cutoff, vibrato, pwm, pitch, velocity,
                                                             seconds):
    p = Patch("any", wave=wave, wave2=wave2, cutoff=cutoff, resonance=resonance, voices=voices, detune=detune,
              env_amount=env_amount, lfo_cutoff=lfo_cutoff, vibrato=vibrato, pwm=pwm, level=1.0,
              delay=0.1, delay_mix=1.0, feedback=0.9, reverb=0.5)
    y, _ = render_patch([(0.0, seconds, pitch, velocity), (0.0, seconds, min(127, pitch + 7), velocity)], p,
                        sample_rate=22050)
    assert np.isfinite(y).all()
    assert float(np.abs(y).max()) <= 1.0


def test_oscillators_are_band_limited():
    """A naive saw at 3.52 kHz folds harmonics back below it; PolyBLEP keeps the folding well down."""
    y = oscillator("saw", 3520.0, 1.0)
    naive = 2 * ((3520.0 * np.arange(SR) / SR) % 1.0) - 1

    def worst_alias(x):
        spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
        f = np.fft.rfftfreq(len(x), 1 / SR)
        harmonic = np.zeros(len(f), dtype=bool)
        for k in range(1, 7):
            harmonic |= np.abs(f - 3520.0 * k) < 40
        return 20 * np.log10(spectrum[~harmonic & (f > 100)].max() / spectrum.max())

    assert worst_alias(y) < worst_alias(naive) - 6
    assert worst_alias(y) < -25


@pytest.mark.parametrize("shape, odd_only", [("saw", False), ("pulse", True), ("triangle", True)])
def test_each_wave_has_its_harmonics(shape, odd_only):
    y = oscillator(shape, 200.0, 1.0)
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    at = lambda k: spectrum[int(round(200.0 * k))]  # noqa: E731  (1 Hz bins: one second of sound)
    assert (at(2) < 0.01 * at(1)) == odd_only
    assert at(3) > 0.05 * at(1)


def test_the_filter_passes_below_the_cutoff_and_cuts_above_it():
    gains = lowpass_response(1000, 0.0, [100, 1000, 2000, 4000, 8000])
    assert abs(gains[0]) < 0.5
    assert -6 < gains[1] < 0
    assert gains[3] - gains[4] > 10                    # about 12 dB an octave, well above the cutoff
    assert lowpass_response(1000, 1.0, [1000])[0] > 12  # resonance: a peak at the cutoff


@pytest.mark.parametrize("cutoff", [300.0, 3000.0])
def test_a_rendered_saw_loses_its_highs_above_the_cutoff(cutoff):
    saw = Patch("saw", wave="saw", cutoff=cutoff, resonance=0.0, reverb=0.0, amp=Envelope(0.001, 0.1, 1.0, 0.05))
    y, sr = render_patch([(0.0, 1.0, 45, 100)], saw)
    x = y[int(0.2 * sr):int(0.9 * sr), 0].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    f = np.fft.rfftfreq(len(x), 1 / sr)
    below = spectrum[(f > cutoff / 4) & (f < cutoff / 2)].max()
    above = spectrum[(f > cutoff * 4) & (f < cutoff * 8)].max()
    assert 20 * np.log10(above / below) < -24


def test_a_filter_envelope_opens_and_closes_the_sound():
    pluck = Patch("pluck", wave="saw", cutoff=200, env_amount=5, filter_env=Envelope(0.001, 0.3, 0.0, 0.1),
                  amp=Envelope(0.001, 1.0, 1.0, 0.1), reverb=0.0)
    y, sr = render_patch([(0.0, 1.5, 45, 127)], pluck)
    from scipy.signal import stft

    f, t, z = stft(y[:, 0], fs=sr, nperseg=2048)
    centroid = (f[:, None] * np.abs(z)).sum(0) / np.maximum(np.abs(z).sum(0), 1e-12)
    early, late = centroid[(t > 0.02) & (t < 0.08)].mean(), centroid[(t > 1.0) & (t < 1.4)].mean()
    assert early > 2 * late


def test_envelope_levels():
    env = Envelope(0.1, 0.2, 0.5, 0.3)
    t = np.array([0.0, 0.05, 0.1, 1.0, 1.0 + 0.3])
    levels = env.levels(t, held=1.0)
    assert levels[0] == 0 and abs(levels[1] - 0.5) < 1e-9 and abs(levels[2] - 1) < 1e-9
    assert abs(levels[3] - 0.5) < 0.01 and levels[4] < 0.01


def test_patches_are_values_and_check_their_settings():
    pad = preset("warm pad")
    assert pad.replace(cutoff=500).cutoff == 500 and pad.cutoff == 900
    assert hash(pad) == hash(preset("warm pad"))
    for bad in ({"wave": "sawtooth"}, {"cutoff": 5}, {"voices": 9}, {"resonance": float("nan")}, {"amp": (1, 2, 3, 4)}):
        with pytest.raises(ScoringError):
            pad.replace(**bad)
    with pytest.raises(ScoringError, match="no setting"):
        pad.replace(colour="warm")
    with pytest.raises(ScoringError, match="no preset"):
        preset("warmest pad")


def test_arpeggiator_patterns_and_units():
    chord = [(0, 1, (60, 64, 67), 90)]
    up = arpeggiate(chord, step=Fraction(1, 4), pattern="up")
    assert [n[2] for n in up] == [60, 64, 67, 60] and [n[0] for n in up] == [0, Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)]
    assert [n[2] for n in arpeggiate(chord, step=Fraction(1, 4), pattern="down")] == [67, 64, 60, 67]
    assert [n[2] for n in arpeggiate(chord, step=Fraction(1, 8), pattern="up", octaves=2)][:6] == [60, 64, 67, 72, 76, 79]
    played = arpeggiate([(0, 1, (67, 60, 64), 90)], step=Fraction(1, 4), pattern="played")
    assert [n[2] for n in played] == [67, 60, 64, 67]
    rnd = arpeggiate(chord, step=0.125, pattern="random", seed=3)
    assert rnd == arpeggiate(chord, step=0.125, pattern="random", seed=3)
    assert {n[2] for n in rnd} <= {60, 64, 67}


def test_step_sequencer_rests_and_holds():
    notes = step_sequence("0 . 7 - - 12", root=45, step=Fraction(1, 2), gate=1)
    assert notes == [(0, Fraction(1, 2), 45, 90), (1, Fraction(5, 2), 52, 90), (Fraction(5, 2), 3, 57, 90)]
    with pytest.raises(ScoringError, match="step 2"):
        step_sequence("0 x", root=45, step=1)


def test_drone_holds_its_pitches():
    assert drone([33, 40], seconds=4, velocity=50) == [(0, 4, 33, 50), (0, 4, 40, 50)]


def test_patch_events_mix_with_general_midi_events():
    pad = preset("warm pad")
    orchestra = [NoteEvent(0.0, 1.0, 60, 90, 48)]
    synth = [NoteEvent(0.0, 1.0, 48, 90, pad.program, pad)]
    both, sr = render_events(orchestra + synth, seconds=1.0)
    alone, _ = render_events(orchestra, seconds=1.0)
    assert len(both) >= len(alone)                           # the pad's release may ring longer
    assert np.isfinite(both).all() and float(np.abs(both).max()) <= 1.0
    assert not np.allclose(both[:len(alone)], alone, atol=1e-3)
    only, _ = render_events(synth, seconds=1.0)
    direct = render_notes([(0.0, 1.0, 48, 90)], pad, len(only))
    assert np.allclose(only, np.clip(direct, -0.8, 0.8), atol=0.21)   # the same voice, then the limiter


def test_a_note_event_refuses_a_patch_that_is_not_one():
    with pytest.raises(ScoringError, match="Patch"):
        NoteEvent(0.0, 1.0, 60, 90, 0, "warm pad")


def test_wrong_notes_are_refused_with_a_sentence():
    with pytest.raises(ScoringError, match="start, end, pitch, velocity"):
        render_patch([(0.0, 1.0, 60)], preset("sine"))
    with pytest.raises(ScoringError, match="pitch"):
        render_patch([(0.0, 1.0, 160, 90)], preset("sine"))
    with pytest.raises(ScoringError, match="Patch"):
        render_patch([(0.0, 1.0, 60, 90)], "sine")


# ---------------------------------------------------------------- speed without a change of sound
#: RMS level (dB) of each preset playing PHRASE for 4 s, as the voice measured before it was made
#: faster (every note rendered on its own, in double precision, the cutoff moved every 64 samples).
PHRASE = [(0.0, 0.6, 45, 100), (0.25, 1.2, 57, 127), (0.25, 1.2, 60, 127), (1.5, 2.1, 52, 80), (2.0, 2.4, 69, 90),
          (2.5, 2.9, 69, 90), (3.0, 3.4, 69, 90)]
LEVELS = {"warm pad": -23.26, "pulse arp": -25.66, "cold drone": -33.23, "lonely piano-ish bell": -19.97,
          "synth bass": -23.32, "glass lead": -20.99, "noise wash": -37.86, "sine": -13.51}


def level_db(y: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.asarray(y, dtype=np.float64) ** 2))))


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_every_preset_keeps_its_level(name):
    y, _ = render_patch(PHRASE, preset(name), seconds=4.0)
    assert abs(level_db(y) - LEVELS[name]) < 0.5


def test_renders_are_the_same_bytes_whatever_was_rendered_before():
    """The voice keeps work arrays between renders; nothing of one render may reach the next."""
    notes = arpeggiate([(0, 2, (57, 60, 64), 90)], step=Fraction(1, 8), pattern="updown", octaves=2)
    first = render_notes(notes, preset("pulse arp"), 3 * SR)
    kept = first.copy()
    render_notes(drone([33, 40], seconds=3), preset("cold drone"), 5 * SR)    # longer, another rate
    render_notes([(0.0, 0.5, 60, 90)], preset("glass lead"), SR // 2)         # shorter
    again = render_notes(notes, preset("pulse arp"), 3 * SR)
    assert np.array_equal(first, kept), "a later render changed an earlier result"
    assert first.tobytes() == again.tobytes()


def test_a_note_that_comes_back_sounds_the_same_each_time():
    """An arpeggio's repeated notes are made once; each return is the same samples (dry, no room)."""
    dry = preset("pulse arp").replace(reverb=0.0, delay_mix=0.0)
    y = render_notes([(0.0, 0.2, 60, 90), (1.0, 1.2, 60, 90), (2.0, 2.2, 60, 90)], dry, 3 * SR)
    one = y[:SR]
    assert np.array_equal(one, y[SR:2 * SR]) and np.array_equal(one, y[2 * SR:])
    assert float(np.abs(one).max()) > 0.01


def test_overlapping_repeats_add_as_separate_voices_not_in_phase():
    """Eight identical noise notes at once are eight voices: their powers add (+9 dB on one); one
    waveform reused for all of them would add in phase (+18 dB)."""
    wash = preset("noise wash").replace(reverb=0.0, amp=Envelope(0.01, 0.1, 1.0, 0.05))
    one = render_notes([(0.0, 1.0, 60, 90)], wash, SR)
    eight = render_notes([(0.0, 1.0, 60, 90)] * 8, wash, SR)
    gain = level_db(eight[SR // 10:]) - level_db(one[SR // 10:])
    assert 10 * np.log10(8) - 1.5 < gain < 10 * np.log10(8) + 1.5, gain


def test_a_voice_heard_again_with_other_effects_is_the_same_as_made_fresh():
    """The same notes on a patch that differs only in its room or delay reuse the voice: the result
    must be what a fresh render gives."""
    from scoring.render import analog

    pad = preset("warm pad")
    notes = [(0.0, 1.5, 57, 90), (0.5, 1.5, 64, 70)]
    render_patch(notes, pad)                                   # leaves its voice behind
    reused, _ = render_patch(notes, pad.replace(reverb=0.0, delay=0.3, delay_mix=0.4, level=0.3))
    analog._recent_voices.clear()
    fresh, _ = render_patch(notes, pad.replace(reverb=0.0, delay=0.3, delay_mix=0.4, level=0.3))
    assert reused.tobytes() == fresh.tobytes()


def test_a_long_dark_sound_in_blocks_sounds_as_a_short_one():
    """Past 47 s a dark patch's room and its return to the full rate go in blocks: the same note
    sounds the same as in a short render, where one transform does both."""
    drone_patch = preset("cold drone")
    short, sr = render_patch([(0.0, 4.0, 45, 90)], drone_patch, seconds=8.0)
    long, _ = render_patch([(0.0, 4.0, 45, 90)], drone_patch, seconds=50.0)
    n = 8 * sr
    assert len(long) > 47 * sr
    assert level_db(long[:n] - short[:n]) - level_db(short[:n]) < -30
    assert float(np.abs(long[n + 6 * sr:]).max()) < 1e-3          # silent once the room has rung out


def test_renders_on_two_threads_share_one_set_of_work_arrays_and_a_busy_set_is_not_shared():
    """A notebook renders on its own thread and on its audio thread: the second thread works in the
    arrays the first left (no second set is kept), and a render while the set is lent to another
    gives the same samples in fresh arrays of its own."""
    from concurrent.futures import ThreadPoolExecutor

    from scoring.render import analog

    notes = [(0.0, 1.0, 57, 90), (0.5, 1.5, 64, 80)]
    pad = preset("warm pad")
    here, _ = render_patch(notes, pad)
    kept = {name: id(a) for name, a in analog._WORK._kept.items()}
    with ThreadPoolExecutor(1) as pool:
        there, _ = pool.submit(render_patch, notes, pad).result()
        assert {name: id(a) for name, a in analog._WORK._kept.items()} == kept
        with analog._WORK.lent():                              # lent to this thread: the other works alone
            alone, _ = pool.submit(render_patch, notes, pad).result()
    assert {name: id(a) for name, a in analog._WORK._kept.items()} == kept
    assert here.tobytes() == there.tobytes() == alone.tobytes()
