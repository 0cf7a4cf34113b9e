"""Silence (lesson 05): the measures (time silent, onsets, voices, the silence before a moment),
all read by the music's clock (accelerandos, fermatas and pauses included), the edits (drop_out,
duck_under, thin, general_pause, fermata, add_hit), the kitchen scene and its murmur, the silence
map and view, the silence editor's pure core and the lesson's exercises.

Expected numbers are worked out by hand from the written notes (at 60 BPM a quarter note lasts
one second), or computed here from the notes by a loop over the chords that asks only the tempo
map when each beat sounds."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import Motif, ScoringError
from scoring import exercises as E
from scoring.core.cue import Chord, Cue, Layer, as_cue
from scoring.core.time import TempoMap
from scoring.devices import accelerando
from scoring.harmony import harmonize
from scoring.render.voice import dialogue_track, murmur, syllables
from scoring.scene import Line, load_scene
from scoring.silence import (MASKING_DB, MAX_TIMES, active_voices, add_hit, density_curve, drop_out, duck_under,
                             fermata, general_pause, held_spans, masked_lines, masking, onset_count, onsets_per_second,
                             profile_line, profile_table, silence_before, silence_fraction, silence_profile,
                             silent_spans, sounding_notes, spectral_slope, thin, underscore, voice_band_share)
from scoring.silence_view import scene_audio, silence_alt, silence_html, silence_map, silence_view
from scoring.panels import silence_edit, silence_editor

from support import QUARTER_GRID, band_energy, motifs, rms

#: Beethoven, Symphony No. 5, bars 1-5 (public domain): r8 G G G | Eb2 | r8 F F F | D2~D2.
FATE = "2/4 r8 g g g e-2 r8 f f f d1"
KITCHEN = Path(__file__).resolve().parents[3] / "assets" / "scenes" / "kitchen_dialogue.json"


def fate(tempo: float = 60) -> Motif:
    return Motif.parse(FATE, name="Fate", key="C minor", tempo=tempo)


def written(cue: Cue) -> list[tuple[float, float, int, int, str]]:
    """Every written note as (start s, end s, pitch, velocity, role), by a plain loop over the chords;
    the tempo map says when each beat sounds (a note ending on a hold lasts through it)."""
    out = []
    for layer in cue.layers:
        beat = Fraction(0)
        for c in layer.chords:
            t0, t1 = (cue.tempo_map.seconds_at(float(b)) for b in (beat, beat + c.duration))
            out += [(round(t0, 9), round(t1, 9), p, c.velocity, layer.role) for p in c.pitches]
            beat += c.duration
    return sorted(out)


def accelerando_cue() -> Cue:
    """Sixteen quarter notes on C4, the tempo rising in a straight line from 60 to 120 BPM over them
    (lesson 02's accelerando, which must be the same as the map built here by hand)."""
    cue = accelerando(Motif.parse("4/4 " + "c4 " * 16, tempo=60, name="accel."), to=120)
    assert cue.tempo_map == TempoMap.constant(60).ramp(0, 16, 120)
    return cue


def sounding_at(cue: Cue, t: float, notes: list | None = None) -> list[tuple[int, int, str]]:
    """(pitch, velocity, role) of every note sounding at ``t`` seconds (``notes``: the cue's
    :func:`written` notes, when they are already at hand)."""
    return sorted(n[2:] for n in (written(cue) if notes is None else notes) if n[0] <= t < n[1])


def triad_cue(tempo: float = 60) -> Cue:
    """A C-major triad (2 beats) then a 2-beat rest, over a C2 bass held 4 beats."""
    return Cue((Layer("harmony", (Chord((60, 64, 67), 2), Chord((), 2))), Layer("bass", (Chord((36,), 4),))),
               tempo=tempo)


def pulse_cue(tempo: float = 60) -> Cue:
    """A melody of two half notes over a pulse of eight eighth notes on C3."""
    return Cue((Layer("melody", (Chord((72,), 2, 90), Chord((74,), 2, 90))),
                Layer("pulse", tuple(Chord((48,), Fraction(1, 2), 70) for _ in range(8)), "Synth Bass 2")),
               tempo=tempo)


# ---------------------------------------------------------------- measures
def test_beethovens_rests_measured():
    """At 60 BPM Fate lasts 10 s; its two eighth rests (0-0.5 s and 4.0-4.5 s) are 1 s of silence."""
    m = fate()
    assert silent_spans(m) == [(0.0, 0.5), (4.0, 4.5)]
    assert silence_fraction(m) == pytest.approx(0.1)
    assert onset_count(m) == 8
    assert onsets_per_second(m) == pytest.approx(0.8)
    # the G enters after 0.5 s of silence; the E-flat follows the G at once; the F after the half-second rest
    assert silence_before(m, [0.5, 2.0, 4.5]) == pytest.approx([0.5, 0.0, 0.5])


def test_silence_fraction_counts_a_scene_longer_than_its_cue():
    """Music that stops at 10 s in a 20 s scene leaves the second half silent."""
    assert silence_fraction(fate(), end=20.0) == pytest.approx(0.55)
    assert silent_spans(fate(), end=20.0)[-1] == (10.0, 20.0)


def test_active_voices_counts_every_note_of_a_chord():
    cue = triad_cue()
    assert active_voices(cue, [0.5, 1.99, 2.0, 3.5, 4.5]).tolist() == [4, 4, 1, 1, 0]


def test_density_curve_counts_onsets_per_second():
    """Eighth notes at 60 BPM are two onsets a second; a held note after them, none."""
    m = Motif.parse("c8 d e f g a b c' d'1", tempo=60)
    times, rate = density_curve(m, window=1.0, step=0.1)
    assert rate[np.searchsorted(times, 2.0)] == pytest.approx(2.0)
    assert rate[np.searchsorted(times, 6.5)] == pytest.approx(0.0)
    assert times[0] == 0.0 and times[-1] == pytest.approx(8.0)


def test_silence_profile_and_line():
    cue = triad_cue()
    p = silence_profile(cue)
    assert (p["seconds"], p["silent_fraction"], p["onsets"], p["max_voices"]) == (4.0, 0.0, 2, 4)
    assert p["mean_voices"] == pytest.approx((4 * 2 + 1 * 2) / 4)
    assert profile_line(fate()) == "Fate: 10% silent, longest silence 0.5 s, 8 onsets (0.8 per s), up to 1 voice"


def test_profile_table_keeps_a_long_name_whole_and_its_columns_aligned():
    from scoring.silence import profile_table

    name = "strict: Beethoven's 5 bars, holds ignored"           # 41 characters
    head, row = profile_table([Motif.parse("c4 d e f", tempo=60, name=name)]).splitlines()
    assert row.startswith(name + " ")
    assert head.index("seconds") + len("seconds") == row.index("4.0") + len("4.0")   # right-aligned under it


def test_more_rests_measure_as_more_silence_and_less_density():
    busy = Motif.parse("4/4 c8 d e f g a b c'", tempo=90)
    sparse = Motif.parse("4/4 c8 r e r g r b c'", tempo=90)
    assert silence_fraction(sparse) > silence_fraction(busy) == 0.0
    assert onsets_per_second(sparse) < onsets_per_second(busy)


# ---------------------------------------------------------------- drop_out
@given(m=motifs(durations=QUARTER_GRID), a=st.integers(0, 40), length=st.integers(1, 16))
def test_drop_out_silences_the_span_and_nothing_else(m, a, length):
    """A span on the sixteenth grid: nothing sounds inside it, and at every moment outside it the
    same notes sound as before; the cue keeps its length."""
    spb = 60.0 / m.tempo
    s, e = a / 4 * spb, (a + length) / 4 * spb
    cue = Cue.from_motif(m)
    out = drop_out(cue, s, e)
    assert out.duration_seconds == pytest.approx(cue.duration_seconds)
    after, before = written(out), written(cue)
    assert not [n for n in after if n[0] < e - 1e-6 and n[1] > s + 1e-6]
    for k in range(int(float(m.quarter_length) * 8)):          # every 32nd note, at its middle
        t = (k + 0.5) / 8 * spb
        if not s <= t < e:
            assert sounding_at(out, t, after) == sounding_at(cue, t, before), t


def test_drop_out_of_chosen_layers_leaves_the_others_alone():
    cue = harmonize(Motif.parse("4/4 c4 e g c' f a c'' a", tempo=60))
    out = drop_out(cue, 2.0, 6.0, layers=["harmony", "bass"])
    assert out.layer("melody") == cue.layer("melody")
    assert [n for n in written(out) if n[4] != "melody" and n[0] < 6.0 and n[1] > 2.0] == []
    assert sounding_at(out, 1.0) == sounding_at(cue, 1.0)      # before the span: everything still sounds
    assert sounding_at(out, 7.0) == sounding_at(cue, 7.0)      # after it: the harmony is back
    assert active_voices(out, [3.0]).tolist() == [1]            # inside it: the melody alone


def test_drop_out_widens_to_the_grid():
    """At 60 BPM with a sixteenth grid, 0.3-0.6 s widens to 0.25-0.75 s."""
    out = drop_out(Motif.parse("c1", tempo=60), 0.3, 0.6)
    assert silent_spans(out) == [(0.25, 0.75)]


def test_drop_out_keeps_the_clock():
    """Edits change notes, not time: the fermata's hold stays, and so does the cue's length."""
    held = fermata(fate(), 2.0)
    out = drop_out(held, 7.0, 8.0)
    assert out.tempo_map == held.tempo_map and out.duration_seconds == pytest.approx(12.0)
    assert held_spans(out) == [(4.0, 6.0, "fermata")]


# ---------------------------------------------------------------- duck_under
def test_duck_under_lowers_velocities_inside_and_nowhere_else():
    cue = Cue((Layer("melody", (Chord((60,), 1, 100), Chord((62,), 2, 90), Chord((64,), 1, 20), Chord((65,), 2, 100))),),
              tempo=60)
    out = duck_under(cue, [(1.0, 4.0)], to="pp")
    inside = [n for n in written(out) if n[0] >= 1.0 and n[1] <= 4.0]
    assert inside and all(n[3] <= 33 for n in inside)
    assert [n[3] for n in inside] == [33, 20]                  # the pp note below the cap stays as it was
    assert [n for n in written(out) if n[1] <= 1.0 or n[0] >= 4.0] == [(0.0, 1.0, 60, 100, "melody"),
                                                                       (4.0, 6.0, 65, 100, "melody")]


def test_duck_under_splits_a_note_held_into_the_region():
    """A whole note from 0 to 4 s ducked from 2 s: loud until 2 s, pp from 2 s, same length."""
    out = duck_under(Motif.parse("c1", tempo=60), [(2.0, 5.0)])
    assert written(out) == [(0.0, 2.0, 60, 80, "melody"), (2.0, 4.0, 60, 33, "melody")]


def test_kitchen_scene_file():
    """The scene file's four lines, read straight from the JSON (24 fps timecodes)."""
    data = json.loads(KITCHEN.read_text())
    scene = load_scene("kitchen_dialogue")
    assert len(scene.dialogue) == len(data["dialogue"]) == 4
    assert scene.duration == pytest.approx(8.0)
    assert [(l.who, l.start, l.end) for l in scene.dialogue] == [
        ("ANNA", 0.75, 2.0), ("LEO", 2.5, 4.0), ("ANNA", 4.5, 5.0), ("LEO", 6.0, 7.0)]


def test_an_underscore_masks_every_line_and_ducking_clears_them():
    scene = load_scene("kitchen_dialogue")
    theme = Motif.parse("4/4 f4 a8 c' d'4 c'8 a g2 f4 a4", key="F major", tempo=120)
    cue = underscore(theme, scene)
    assert cue.duration_seconds == pytest.approx(8.0)
    assert [m.line.text for m in masked_lines(cue, scene)] == [l.text for l in scene.dialogue]
    ducked = duck_under(cue, scene)
    assert masked_lines(ducked, scene) == []
    # between the lines (2.0-2.5 s, 5.0-6.0 s, after 7.0 s) the music is as loud as before
    for t in (2.25, 5.5, 7.5):
        assert sounding_at(ducked, t) == sounding_at(cue, t)


# ---------------------------------------------------------------- what masks speech
ANNA = [Line(0.0, 2.0, "ANNA", "You're up late.")]


def flute(dynamics: str, instrument: str = "Flute") -> Motif:
    """A melody in the voice band: C5 D5 E5 C5 (523-659 Hz), one second a note."""
    return Motif.parse("4/4 c'4 d' e' c'", tempo=60, instrument=instrument, dynamics=dynamics, name="tune")


def pad(velocity: int, octave: int = 3, instrument: str = "Pad 2 (warm)") -> Cue:
    """A sustained C major triad in the given octave (C3-E3-G3 is 131-196 Hz: below the voice band)."""
    c = 12 * (octave + 1)
    return Cue((Layer("pad", (Chord((c, c + 4, c + 7), 4, velocity),), instrument),), "pad", "C major", 60, "4/4")


def test_a_bass_line_under_a_line_does_not_mask():
    bass = Motif.parse("4/4 FF4 CC4 DD4 AAA4", tempo=60, instrument="Contrabass", dynamics="mf")
    m = masking(bass, ANNA)[0]
    assert not m.masks and m.level_db < MASKING_DB - 3
    assert "lies below the voice band" in m.why and "double bass" in m.why
    # the same line of notes three octaves up, on a flute, at the same level, masks
    assert masking(bass.transpose(36).with_instrument("Flute"), ANNA)[0].masks


def test_a_flute_melody_in_the_voice_band_masks_at_f_and_not_at_pp():
    loud, soft = masking(flute("f"), ANNA)[0], masking(flute("pp"), ANNA)[0]
    assert loud.masks and loud.level_db > 0                     # louder than the voice in the band
    assert loud.why.startswith("the flute melody at f sits in the voice band (D5, 587 Hz)")
    assert "under ANNA's \"You're up late.\"" in loud.why and loud.layer == "melody"
    assert not soft.masks and soft.level_db < -12
    # 40·log10(v/127) dB per velocity: f (96) to pp (33) is 4·10·log10(96/33) = 18.6 dB, in the band as out of it
    assert loud.level_db - soft.level_db == pytest.approx(40 * np.log10(96 / 33), abs=0.15)


def test_a_melody_at_mp_masks_more_than_a_pad_at_mf_an_octave_below():
    """The expected ordering: loudness alone would put the mf pad first; but its triad (C3-G3) sits
    below the voice band, and only its upper harmonics, in the less important low part of the band,
    reach it, while the melody's fundamental and harmonics lie in the middle of the band."""
    melody = masking(flute("mp", "Oboe"), ANNA)[0].level_db
    below = masking(pad(80, octave=3), ANNA)[0].level_db
    inside = masking(pad(80, octave=4), ANNA)[0].level_db
    assert melody > below                                       # register beats 4 dB of dynamics
    assert inside > melody                                      # the same pad in the band masks most
    # a chord counts every note: three notes are about 4.8 dB more than one
    one = Cue((Layer("pad", (Chord((64,), 4, 80),), "Pad 2 (warm)"),), "one", "C major", 60, "4/4")
    three = Cue((Layer("pad", (Chord((64, 64, 64), 4, 80),), "Pad 2 (warm)"),), "three", "C major", 60, "4/4")
    assert masking(three, ANNA)[0].level_db - masking(one, ANNA)[0].level_db == pytest.approx(4.8, abs=0.1)


def test_voice_band_share_follows_register_and_colour():
    assert voice_band_share(72, 73) > 0.8 > 0.2 > voice_band_share(48, 42) > voice_band_share(36, 43)
    assert voice_band_share(28, 43) < 0.01                      # a double bass's low E: almost nothing
    assert voice_band_share(108, 73) == 0.0                     # C8 (4186 Hz): above the band
    # a rich tone (oboe) reaches the band from lower down than a pure one (flute)
    assert voice_band_share(50, 68) > voice_band_share(50, 73)
    assert (spectral_slope(73), spectral_slope(46), spectral_slope(42)) == (2.0, 1.5, 1.0)


def test_masking_judges_the_loudest_half_second_and_says_when():
    # a loud note for the last half second of a two-second line masks it; a note that only grazes the
    # line's edge (10 ms) does not
    late = Motif.parse("4/4 r2. c'4", tempo=120, instrument="Flute", dynamics="f")   # 1.5-2.0 s
    m = masking(late, ANNA)[0]
    assert m.masks and m.at == pytest.approx(1.75, abs=0.01)
    grazing = [Line(1.99, 4.0, "LEO", "Yes.")]
    assert not masking(late, grazing)[0].masks
    assert masking(late, [Line(3.0, 4.0, "LEO", "Yes.")])[0] == \
        (Line(3.0, 4.0, "LEO", "Yes."), -np.inf, False, 'no music under LEO\'s "Yes."', 3.0, "")
    assert masking(late, ANNA, threshold=6.0)[0].masks is False   # a laxer line: 6 dB above the voice


def test_the_note_measure_agrees_with_the_rendered_sound():
    """Why masking reads the notes, not the rendered audio: the two agree (here within 4 dB, in the
    same order) on a band-pass of 300-3000 Hz of the synthesised sound, and the notes are instant,
    exact and can name the note that masks. The audio is measured against a flute's C5 at mf, the
    voice's stand-in."""
    from scipy import signal

    def band_db(music) -> float:
        x, sr = as_cue(music).to_audio()
        x = np.asarray(x, dtype=float)
        x = x.mean(axis=1) if x.ndim > 1 else x
        y = signal.sosfilt(signal.butter(4, [300, 3000], btype="bandpass", fs=sr, output="sos"), x)[:2 * sr]
        w = sr // 2
        power = np.concatenate([[0.0], np.cumsum(y ** 2)])             # a half-second moving mean, by sums
        return float(10 * np.log10(((power[w:] - power[:-w]) / w).max()))

    voice = band_db(Motif.parse("4/4 c'1", tempo=60, instrument="Flute", dynamics="mf"))
    cases = [Motif.parse("4/4 FF4 CC4 DD4 AAA4", tempo=60, instrument="Contrabass", dynamics="mf"),
             pad(80, octave=3), flute("mp", "Oboe"), flute("f")]
    notes = [masking(c, ANNA)[0].level_db for c in cases]
    audio = [band_db(c) - voice for c in cases]
    assert np.argsort(notes).tolist() == np.argsort(audio).tolist() == [0, 1, 2, 3]
    assert np.max(np.abs(np.subtract(notes, audio))) < 4.0, (notes, audio)


def test_underscore_repeats_the_motif_and_stops_with_the_scene():
    m = Motif.parse("4/4 c4 e g c'", tempo=120)          # 2 s
    cue = underscore(m, 5.0)
    assert cue.duration_seconds == pytest.approx(5.0)
    melody = [p for c in cue.layer("melody").chords for p in c.pitches]
    assert melody == [60, 64, 67, 72] * 2 + [60, 64]       # two and a half times round


# ---------------------------------------------------------------- thin
def test_thin_halves_a_pulse_and_holds_the_kept_notes():
    cue = pulse_cue()
    out = thin(cue, every=2)
    assert onset_count(cue) == 10 and onset_count(out) == 2 + 4
    assert [float(c.duration) for c in out.layer("pulse").chords] == [1.0] * 4
    assert out.layer("melody") == cue.layer("melody")
    assert silence_fraction(out) == silence_fraction(cue) == 0.0


def test_thin_without_hold_leaves_rests():
    out = thin(pulse_cue(), every=2, hold=False)
    pulse = out.layer("pulse").chords
    assert [bool(c.pitches) for c in pulse] == [True, False] * 4
    assert onset_count(out) == 6


def test_thin_only_between_start_and_end():
    """Thinning 2-4 s: the four pulse notes before 2 s stay, the four after become two."""
    out = thin(pulse_cue(), every=2, start=2.0, end=4.0)
    starts = [n[0] for n in written(out) if n[4] == "pulse"]
    assert starts == [0.0, 0.5, 1.0, 1.5, 2.0, 3.0]


def test_thin_the_melody_only_when_asked():
    out = thin(pulse_cue(), layers=["melody"], every=2)
    assert onset_count(out.with_layers([out.layer("melody")])) == 1
    assert out.layer("pulse") == pulse_cue().layer("pulse")


# ---------------------------------------------------------------- pauses, fermatas, hits
def test_general_pause_inserts_silence_and_delays_what_follows():
    m = Motif.parse("c4 d e f", tempo=60)
    out = general_pause(m, 2.0, 1.5)
    assert out.duration_seconds == pytest.approx(5.5)
    assert silent_spans(out) == [(2.0, 3.5)]
    assert silence_before(out, [3.5]) == [1.5]
    assert [n[:3] for n in written(out)] == [(0.0, 1.0, 60), (1.0, 2.0, 62), (3.5, 4.5, 64), (4.5, 5.5, 65)]


def test_general_pause_inside_a_note_resumes_it_afterwards():
    out = general_pause(Motif.parse("c2", tempo=60), 1.0, 1.0)
    assert [n[:3] for n in written(out)] == [(0.0, 1.0, 60), (2.0, 3.0, 60)]


def test_fermata_holds_the_note_and_everyone_waits():
    """Holding Fate's E-flat (2 beats at 2-4 s) twice as long adds 2 s; the bass waits with it.
    The notes stay as written: the clock holds 2 s at beat 4, where the E-flat ends."""
    from music21 import expressions

    m = fate()
    cue = Cue((Layer.from_motif(m), Layer.from_motif(m.octave(-1), role="bass")), m.name, m.key, m.tempo,
              m.time_signature)
    held = fermata(cue, 2.5, hold=2)
    assert held.duration_seconds == pytest.approx(12.0)
    assert held.layers == cue.layers and held.tempo_map.holds == ((4, 2.0),)
    for role in ("melody", "bass"):
        notes = [n for n in written(held) if n[4] == role]
        assert [(n[0], n[1]) for n in notes if n[2] % 12 == 3] == [(2.0, 6.0)]   # the E-flat, 4 s now
        assert notes[-1][1] == pytest.approx(12.0)
    assert [n[:2] for n in sounding_notes(held) if n[2] % 12 == 3] == [(2.0, 6.0), (2.0, 6.0)]
    signed = [n.pitch.name for n in held.to_stream().recurse().notes
              if any(isinstance(x, expressions.Fermata) for x in n.expressions)]
    assert signed == ["E-", "E-"]                               # one sign in each staff, over the held note
    xml = held.musicxml().decode()
    assert xml.count("<fermata") == 2


def test_fermata_sounds_through_the_hold():
    """Rendered: C4 (0-2 s) held twice as long sounds on from 2 to 4 s, and the G4 after it starts at
    4 s; without the fermata the G4 sounds from 2 s. Measured in the sound's spectrum."""
    plain = Motif.parse("4/4 c2 g2", tempo=60, instrument="String Ensemble 1")
    held = fermata(plain, 1.0)
    assert held.duration_seconds == pytest.approx(6.0)
    y, sr = held.to_audio()
    y0, _ = as_cue(plain).to_audio()

    def c_over_g(samples, a, b):
        part = samples[int(a * sr):int(b * sr)]
        return band_energy(part, sr, 255, 268) / band_energy(part, sr, 385, 400)

    assert c_over_g(y, 2.5, 3.5) > 10                           # the hold: the C sounds on, no G yet
    assert c_over_g(y0, 2.5, 3.5) < 0.1                         # unheld, the G is already there
    assert c_over_g(y, 4.5, 5.5) < 0.1                          # after the hold, the G
    assert rms(y[int(2.5 * sr):int(3.5 * sr)]) > 0.2 * rms(y[int(0.5 * sr):int(1.5 * sr)])


def test_fermata_hold_one_and_a_half():
    held = fermata(Motif.parse("c4 d2 e4", tempo=60), 1.5, hold=1.5)
    assert held.duration_seconds == pytest.approx(5.0)
    assert silence_before(held, [4.0]) == [0.0]


def test_general_pause_moves_later_holds():
    held = fermata(fate(), 9.0)                                 # the D: 6-10 s, held to 14 s
    assert held.tempo_map.holds == ((10, 4.0),) and held.duration_seconds == pytest.approx(14.0)
    moved = general_pause(held, 1.0, 1.0)                       # one beat of rest at beat 1
    assert moved.tempo_map.holds == ((11, 4.0),) and moved.duration_seconds == pytest.approx(15.0)
    assert held_spans(moved) == [(11.0, 15.0, "fermata")]


def test_general_pause_off_the_grid_waits_on_a_hold_over_silence():
    """1.1 s at 60 BPM: a quarter rest (1 s, as much as the sixteenth grid allows), then the clock
    holds 0.1 s over the silence: a G.P. of exactly 1.1 s."""
    out = general_pause(Motif.parse("c4 d e f", tempo=60), 2.0, 1.1)
    assert out.duration_seconds == pytest.approx(5.1)
    assert silent_spans(out) == [(2.0, 3.1)]
    assert held_spans(out) == [(3.0, 3.1, "G.P.")]
    assert [float(c.duration) for c in out.layers[0].chords] == [1, 1, 1, 1, 1]


# ---------------------------------------------------------------- the clock: accelerando, holds
def test_an_accelerando_counts_every_onset():
    """16 quarter notes from 60 to 120 BPM: 16 onsets in 16·ln 2 s (the old linear reading counted 12)."""
    cue = accelerando_cue()
    seconds = 16 * np.log(2)                                    # ∫ 60/(60 + 60·b/16) db over 0..16
    assert cue.duration_seconds == pytest.approx(seconds)
    p = silence_profile(cue)
    assert (p["onsets"], p["seconds"], p["silent_fraction"]) == (16, round(seconds, 3), 0.0)
    assert onset_count(cue) == 16 and onsets_per_second(cue) == pytest.approx(16 / seconds, abs=1e-6)
    starts = [n[0] for n in sounding_notes(cue)]
    assert starts == pytest.approx([16 * np.log(1 + b / 16) for b in range(16)])
    assert np.diff(starts)[-1] < np.diff(starts)[0]             # the notes come ever sooner


def test_measures_follow_the_clock_under_an_accelerando():
    cue = drop_out(accelerando_cue(), 2.0, 4.0)                 # beats 2.13-4.54 by the clock, widened to 2-4.75
    a, b = (16 * np.log(1 + x / 16) for x in (2.0, 4.75))
    spans = silent_spans(cue)
    assert len(spans) == 1 and spans[0][0] <= a + 1e-6 and spans[0][1] == pytest.approx(b, abs=1e-6)
    assert silence_before(cue, [b])[0] == pytest.approx(b - spans[0][0], abs=1e-6)
    assert active_voices(cue, [(a + b) / 2, b + 0.05]).tolist() == [0, 1]
    lines = [Line(a, b, "A", "Now."), Line(b + 0.01, b + 0.2, "B", "Yes.")]
    now, yes = masking(cue, lines)                              # silence under "Now.", a C4 just after it
    assert now.level_db == -np.inf and yes.level_db > -np.inf and "(C4, 262 Hz" in yes.why


def test_a_fermata_keeps_the_accelerando():
    """The tempo map keeps its ramp and gains one hold: the held note's written length (beats 3-4 by the
    ramp) once more; the whole lasts the accelerando's length plus the hold."""
    accel = accelerando_cue()
    held = fermata(accel, 2.8)                                  # the fourth note: beats 3-4
    note = 16 * (np.log(1 + 4 / 16) - np.log(1 + 3 / 16))
    assert held.tempo_map.tempi == accel.tempo_map.tempi
    assert held.tempo_map.holds == ((4, pytest.approx(note)),)
    assert held.duration_seconds == pytest.approx(accel.duration_seconds + note)
    assert onset_count(held) == 16 and held.layers == accel.layers
    assert held_spans(held)[0][2] == "fermata"


def test_a_general_pause_in_an_accelerando_lasts_exactly_its_seconds():
    accel = accelerando_cue()
    out = general_pause(accel, accel.tempo_map.seconds_at(3), 1.3)     # between the third and fourth notes
    assert out.duration_seconds == pytest.approx(accel.duration_seconds + 1.3)
    assert out.tempo_map.bpm_at(float(out.quarter_length)) == pytest.approx(120.0)   # the ramp still arrives
    assert max(e - s for s, e in silent_spans(out)) == pytest.approx(1.3)
    assert onset_count(out) == 16
    assert held_spans(out)[-1][2] == "G.P."


def test_add_hit_strikes_after_the_silence():
    cue = add_hit(Motif.parse("c4 d e f", tempo=60), Chord((37, 43, 49), 2, 120), at=6.0, instrument="Brass Section")
    hit = [n for n in written(cue) if n[4] == "hit"]
    assert [(n[0], n[2]) for n in hit] == [(6.0, 37), (6.0, 43), (6.0, 49)]
    assert silence_before(cue, [6.0]) == [2.0]
    no_gap = add_hit(Motif.parse("c4 d e f", tempo=60), Chord((37, 43, 49), 2, 120), at=4.0)
    assert silence_before(no_gap, [4.0]) == [0.0]


def test_add_hit_takes_a_cue_of_several_layers():
    sting = Cue((Layer("sting high", (Chord((84, 85), 1, 120),)), Layer("sting low", (Chord((36, 37), 1, 120),))))
    cue = add_hit(Motif.parse("c4 d", tempo=60), sting, at=3.0)
    assert [l.role for l in cue.layers] == ["melody", "sting high", "sting low"]
    assert sorted(n[2] for n in written(cue) if n[0] == 3.0) == [36, 37, 84, 85]


def test_add_hit_names_a_motif_hit_by_its_role_and_renames_a_cue_hits_clashing_layers():
    timpani = Motif.parse("4/4 c1", name="Timpani", instrument="Timpani")
    cue = add_hit(Motif.parse("c4 d", tempo=60), timpani, at=3.0)
    assert [l.role for l in cue.layers] == ["melody", "hit"] and cue.layers[1].instrument == "Timpani"
    twice = add_hit(cue, timpani, at=1.0, role="hit 2")
    assert [l.role for l in twice.layers] == ["melody", "hit", "hit 2"]
    stinger = Cue((Layer("melody", (Chord((84,), 1, 120),)), Layer("bass", (Chord((36,), 1, 120),))))
    assert [l.role for l in add_hit(cue, stinger, at=2.0).layers] == ["melody", "hit", "hit melody", "bass"]


# ---------------------------------------------------------------- hearing and seeing
def test_scene_audio_murmurs_only_where_someone_speaks():
    lines = [Line(0.5, 1.5, "A", "Hello there."), Line(2.0, 2.5, "B", "Hi.")]
    silent = Cue((Layer("melody", (Chord((), 4),)),), tempo=120)     # 2 s of rests
    y, sr = scene_audio(silent, lines)
    assert len(y) >= int(2.5 * sr)
    assert rms(y[int(0.6 * sr):int(1.4 * sr)]) > 0.05
    assert rms(y[int(2.05 * sr):int(2.45 * sr)]) > 0.05
    assert rms(y[int(1.6 * sr):int(1.9 * sr)]) < 1e-4
    quiet, _ = scene_audio(silent, lines, voices=False)
    assert rms(quiet) < 1e-6


def test_scene_audio_level_sets_loudness():
    lines = [Line(0.0, 1.0, "A", "Hello.")]
    silent = Cue((Layer("melody", (Chord((), 2),)),), tempo=120)
    loud, sr = scene_audio(silent, lines, level=0.2)
    soft, _ = scene_audio(silent, lines, level=0.05)
    assert rms(loud[:sr]) > 3 * rms(soft[:sr])


def test_silence_map_shades_each_silence_and_labels_hits():
    ax = silence_map(fate(), hits=[4.5])
    shaded = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx((0xc2 / 255, 0x3a / 255, 0x3a / 255))]
    assert len(shaded) == 2                                     # the two eighth rests
    assert [t.get_text() for t in ax.texts] == ["0.5 s"]
    assert ax.get_xlim() == (0.0, 10.0)


def test_silence_view_shares_time_with_the_scene():
    roll, smap = silence_view(Motif.parse("c4 d", tempo=60), scene=load_scene("kitchen_dialogue"))
    assert roll.get_xlim() == smap.get_xlim() == (0.0, 8.0)
    assert "ANNA" in [t.get_text() for t in roll.texts]


def test_silence_html_shows_sound_plot_and_numbers():
    view = silence_html(fate(), scene=[Line(1.0, 2.0, "A", "Now.")], notation=True)
    assert view.html.count("<audio") == 1 and "image/png" in view.html and "image/svg+xml" in view.html
    assert "with the dialogue as a murmur" in view.html
    assert str(view).splitlines()[1].endswith("masks 1 of 1 lines")
    alt = re.search(r'image/png;base64,[^"]*" alt="([^"]*)"', view.html).group(1)
    assert alt.startswith("piano roll of Fate over its silence map: seconds across (0-10 s)")
    assert "masks 1 of 1 dialogue lines" in alt


def test_silence_html_escapes_names_and_lines():
    m = Motif.parse("c4 d", tempo=60, name="<b>bold</b>")
    view = silence_html(m, scene=[Line(0.5, 1.5, "<i>ANNA</i>", "<script>alert(1)</script>")], hits=[1.0])
    assert "<b>bold" not in view.html and "&lt;b&gt;bold" in view.html
    assert "<script" not in view.html and "<i>" not in view.html


def test_silence_view_marks_holds():
    ax = silence_map(fermata(Motif.parse("c4 d e f", tempo=60), 1.5))
    assert "fermata" in [t.get_text() for t in ax.texts]
    assert ax.get_xlim() == (0.0, 5.0)
    assert "fermata held 1.0 s from 2.0 s" in silence_alt(fermata(Motif.parse("c4 d e f", tempo=60), 1.5))


def test_silence_view_draws_the_roll_as_bars_and_survives_silence():
    roll, _ = silence_view(harmonize(Motif.parse("4/4 c4 e g c'", tempo=60)))
    assert roll.collections and not roll.patches               # broken_barh rows, no rectangle per note
    rests = Cue((Layer("melody", (Chord((), 4),)),), tempo=60)
    roll, smap = silence_view(rests, scene=[Line(0.5, 1.5, "A", "Hi.")])
    assert "no notes: silence" in [t.get_text() for t in roll.texts]
    assert smap.get_title().startswith("silence map: 100% silent")


# ---------------------------------------------------------------- the murmur
def test_murmur_is_steady_and_repeatable():
    a = murmur("Hello there.", 1.5, pitch=118.0, seed=3, sample_rate=22050)
    assert a.dtype == np.float32 and len(a) == int(1.5 * 22050)
    assert rms(a) == pytest.approx(1.0, rel=1e-3)
    assert np.array_equal(a, murmur("Hello there.", 1.5, pitch=118.0, seed=3, sample_rate=22050))
    assert syllables("They said yes.") == ["e", "a", "i"]      # "ye" is one vowel group, sung as "i"


def test_a_long_line_is_rendered_in_blocks_without_seams():
    """A murmur longer than one block equals the same murmur's start rendered alone (same phase, same bursts)."""
    long = murmur("a " * 40, 4.0, sample_rate=22050)
    assert np.isfinite(long).all() and rms(long[:22050]) > 0.1 and rms(long[-22050:]) > 0.1
    jumps = np.abs(np.diff(long.astype(float)))
    assert jumps.max() < 20 * np.median(jumps[jumps > 0])       # no click at a block edge


def test_dialogue_track_places_each_line_and_cuts_at_the_end():
    y = dialogue_track([(0.5, 1.0, "A", "Hi."), (1.8, 3.0, "B", "Hello there.")], 2.0, sample_rate=8000)
    assert len(y) == 16000
    assert rms(y[:3900]) == 0.0 and rms(y[4100:7900]) > 0.05 and rms(y[8100:14300]) == 0.0
    assert rms(y[14500:]) > 0.05                                # the second line, cut at 2 s


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, message", [
    (lambda: drop_out(fate(), 3.0, 2.0), r"ends before it starts; give start < end"),
    (lambda: drop_out(fate(), -1, 2.0), r"times start at 0 s"),
    (lambda: drop_out(fate(), "1", 2.0), r"give a time in seconds"),
    (lambda: drop_out(fate(), 1, 2, layers=["strings"]), r"no 'strings' layer; its layers are: melody"),
    (lambda: drop_out(fate(), 1, 2, grid=0.01), r"between 1/16 and 4 quarter notes"),
    (lambda: duck_under(fate(), [(2.0, 1.0)]), r"ends before it starts"),
    (lambda: duck_under(fate(), "1-2"), r"give the regions as a scene"),
    (lambda: duck_under(fate(), [(1, 2)], to="loud"), r"unknown dynamic 'loud'"),
    (lambda: thin(fate(), every=1), r"keep one onset in every 2 to 16"),
    (lambda: fermata(fate(), 2.0, hold=1), r"more than 1 and up to 8"),
    (lambda: fermata(fate(), 30.0), r"nothing is written at 30 s"),
    (lambda: general_pause(fate(), 20.0, 1.0), r"a pause at 20 s would come after it"),
    (lambda: add_hit(fate(), Chord((), 1), at=1.0), r"a hit needs a chord with notes"),
    (lambda: add_hit(fate(), Chord((60,), 1), at=1.0, role="melody"), r"already has a 'melody' layer"),
    (lambda: masking(fate(), "kitchen"), r"load_scene\('kitchen_dialogue'\)"),
    (lambda: masking(fate(), [Line(0.0, 1.0, "A", "Hi.")], threshold="loud"), r"give dB against the voice"),
    (lambda: voice_band_share(60.5), r"give a MIDI note number 0-127"),
    (lambda: spectral_slope(128), r"give a General MIDI program 0-127"),
    (lambda: silence_fraction("r8 g g g"), r"expected a Motif or a Cue"),
    (lambda: silence_before(fate(), "soon"), r"'soon' is not a list of times; give seconds"),
    (lambda: silence_edit(fate(), start=1, end=2, action="mute"), r"unknown action 'mute'"),
    (lambda: drop_out(fate(), True, 2.0), r"give a time in seconds"),
    (lambda: drop_out(fate(), np.nan, 2.0), r"give a time in seconds"),
    (lambda: drop_out(fate(), 1.0, np.inf), r"give a time in seconds"),
    (lambda: silence_before(fate(), [1.0, np.nan]), r"give a time in seconds"),
    (lambda: silence_fraction(fate(), end=0), r"end is 0 s"),
    (lambda: active_voices(fate(), np.zeros(MAX_TIMES + 1)), r"more than 1,000,000"),
    (lambda: thin(fate(), every=np.bool_(True)), r"keep one onset in every 2 to 16"),
    (lambda: thin(fate(), hold="yes"), r"say True"),
    (lambda: fermata(fate(), 2.0, hold=np.nan), r"more than 1 and up to 8"),
    (lambda: general_pause(fate(), 1.0, 0), r"a pause of 0 s is no pause"),
    (lambda: profile_table([]), r"1 to 100 motifs or cues"),
    (lambda: profile_table(fate()), r"takes a list of motifs or cues"),
    (lambda: density_curve(fate(), window=np.inf), r"give the window in seconds"),
    (lambda: underscore(fate(), 0), r"the scene lasts 0 s"),
    (lambda: underscore(Motif.parse("c16", tempo=400), 600.0), r"more than 1000 notes"),
    (lambda: masking(fate(), [SimpleNamespace(start=2.0, end=1.0, who="A", text="Hi.")]),
     r"ends before it starts"),
    (lambda: scene_audio(fate(), [Line(0.0, 700.0, "A", "Hi.")]), r"beyond the 600 s"),
    (lambda: scene_audio(fate(), [Line(0.0, 1.0, "A", "Hi.")], level=0.9), r"RMS between 0 and 0.5"),
    (lambda: silence_html(fate(), notation="yes"), r"notation='yes': say True or False"),
    (lambda: silence_map(fate(), hits=[np.inf]), r"give a time in seconds"),
    (lambda: silence_map(fate(), hits=list(range(101))), r"more than 100"),
    (lambda: silence_view(fate(), figsize=(np.nan, 3)), r"give \(width, height\) in inches"),
    (lambda: murmur("Hi.", 0.0), r"above 0"),
    (lambda: murmur(b"Hi.", 1.0), r"not text"),
    (lambda: dialogue_track([(0.0, 1.0, "A")], 2.0), r"give \(start, end, who, text\)"),
])
def test_bad_input_says_what_to_do(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_numpy_numbers_work_and_empty_inputs_give_empty_answers():
    m = fate()
    assert drop_out(m, np.float64(1.0), np.int64(2)) == drop_out(m, 1.0, 2)
    assert silence_before(m, np.array([0.5, 2.0])) == silence_before(m, [0.5, 2.0])
    assert thin(pulse_cue(), every=np.int64(2)) == thin(pulse_cue(), every=2)
    assert fermata(m, np.float32(2.5), hold=np.int64(2)).duration_seconds == pytest.approx(12.0)
    assert silence_before(m, []) == [] and active_voices(m, []).tolist() == []
    assert masking(m, []) == [] and masked_lines(m, []) == []
    assert duck_under(m, []).layers == as_cue(m).layers
    assert silence_profile(m, end=np.float64(20.0))["seconds"] == 20.0


# ---------------------------------------------------------------- the silence editor
@pytest.mark.parametrize("action", ["drop out", "duck", "thin"])
@pytest.mark.parametrize("layers", [(), ["harmony"], ["melody", "bass"]])
def test_silence_edit_code_reproduces_the_cue(action, layers):
    from scoring.silence import drop_out as d, duck_under as du, thin as th

    kitchen = harmonize(Motif.parse("4/4 c4 e g c' f a c'' a", tempo=60))
    new, code = silence_edit(kitchen, start=1.0, end=5.0, layers=layers, action=action, name="kitchen")
    assert code.startswith({"drop out": "drop_out(kitchen", "duck": "duck_under(kitchen", "thin": "thin(kitchen"}[action])
    assert eval(code, {"drop_out": d, "duck_under": du, "thin": th}, {"kitchen": kitchen}) == new  # noqa: S307


def test_silence_edit_drop_out_silences_the_chosen_layers():
    cue = harmonize(Motif.parse("4/4 c4 e g c'", tempo=60))
    new, _ = silence_edit(cue, start=1.0, end=3.0, layers=["harmony", "bass"])
    assert active_voices(new, [2.0]).tolist() == [1] and active_voices(cue, [2.0]).tolist() == [5]


def test_silence_editor_panel_follows_its_controls():
    scene = load_scene("kitchen_dialogue")
    cue = underscore(Motif.parse("4/4 f4 a8 c' d'4 c'8 a g2 f4 a4", key="F major", tempo=120), scene)
    panel = silence_editor(cue, scene=scene, name="kitchen")
    span, action, boxes, code, numbers, view = panel.children
    assert span.value == (0.75, 2.0)                            # starts on the first line
    assert code.value == "<code>drop_out(kitchen, 0.75, 2)</code>"
    assert "masks 3 of 4 lines" in numbers.value and view.value.count("<audio") == 1
    assert "still masked: LEO 2.5-4 s" in numbers.value
    action.value = "duck"
    assert "duck_under(kitchen" in code.value
    boxes.children[1].value = False                             # untick the melody
    assert "layers=[&#x27;harmony&#x27;, &#x27;bass&#x27;]" in code.value


# ---------------------------------------------------------------- exercises
THEME = "4/4 f4 a8 c' d'4 c'8 a g2 f4 a4 b-4 a8 g f4 e8 d c'4 a4 f2"


def theme() -> Motif:
    return Motif.parse(THEME, name="Kitchen theme", key="F major", tempo=120, instrument="Oboe")


#: Text that looks like code: a name followed by "(" (a call), which no feedback of lesson 05 prints.
CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")


def test_clear_dialogue_feedback_lists_each_masked_line():
    setup = E.dialogue_setup(theme())
    fb = E.check_clear_dialogue(setup, theme())
    assert not fb.ok and len(fb.notes) == 6                     # four lines, the craft hint once, where to reread
    assert re.match(r'0.75-2 s: the oboe melody at mf sits in the voice band \(D5, 587 Hz\) under ANNA\'s '
                    r'"You\'re up late.": 0.6 dB above the voice, where it must stay 6 dB below$', fb.notes[0]), fb.notes[0]
    assert fb.notes[4].startswith("the melody sings in the words' register and draws the ear")
    assert fb.notes[-1] == 'reread "4 Music under dialogue": duck, thin or stop under each line'
    assert not any(CALL.search(n) for n in fb.notes)
    half = duck_under(setup, [(0.75, 4.0)])                     # the first two lines only
    fb = E.check_clear_dialogue(half, theme())
    assert [n.split(": ")[0] for n in fb.notes[:2]] == ["4.5-5 s", "6-7 s"] and len(fb.notes) == 4


@pytest.mark.parametrize("how", ["duck", "stop", "thin"])
def test_clear_dialogue_accepts_every_way_of_stepping_aside(how):
    """Ducking, stopping, or taking the tune out (the accompaniment plays on at mp, mostly below the
    band) all clear the words; the feedback then asks why, with a rubric."""
    setup = E.dialogue_setup(theme())
    lines = load_scene("kitchen_dialogue").dialogue
    answer = setup
    for line in lines:
        if how == "duck":
            answer = duck_under(answer, [line])
        elif how == "stop":
            answer = drop_out(answer, line.start, line.end)
        else:
            answer = drop_out(answer, line.start, line.end, layers=["melody"])
    fb = E.check_clear_dialogue(answer, theme())
    assert fb.ok, fb
    assert fb.notes[0].startswith("all 4 lines clear: ")
    # the same treatment under every line: the question names it instead of asking where it stopped
    verb = {"duck": "ducks", "stop": "stops", "thin": "thins"}[how]
    assert fb.question.startswith(f"Under all 4 lines the music {verb}. ") and len(fb.rubric) == 3
    assert ("need silence" in fb.question) == (how == "stop")
    assert "Think: Under all 4 lines" in repr(fb) and "<ol" in fb._repr_html_()


def test_clear_dialogue_asks_why_each_line_got_its_own_treatment():
    setup = E.dialogue_setup(theme())
    first, second, third, fourth = load_scene("kitchen_dialogue").dialogue
    answer = drop_out(duck_under(setup, [first, second, fourth]), third.start, third.end)
    fb = E.check_clear_dialogue(answer, theme())
    assert fb.ok and fb.question.startswith("Under which line did you stop the music, and under which did you only "
                                            "duck or thin it?")


def test_clear_dialogue_refuses_to_cut_everything():
    setup = E.dialogue_setup(theme())
    fb = E.check_clear_dialogue(drop_out(setup, 0, 8), theme())
    assert not fb.ok and fb.notes[0].startswith("between the lines the music now sounds for 0.0 s")


def test_breath_feedback():
    setup = E.breath_setup(theme())
    hit = 8.0                                                   # the theme lasts 16 beats at 120 BPM
    assert [n[0] for n in written(setup) if n[4] == "hit"][0] == hit
    pushed = E.check_breath(general_pause(setup, hit, 0.5), theme())
    assert not pushed.ok and "the hit now lands at 8.50 s" in pushed.notes[0]
    too_long = E.check_breath(drop_out(setup, hit - 1.0, hit), theme())
    assert not too_long.ok and too_long.notes[0].startswith("1.00 s of silence is more than one beat (0.50 s)")
    assert too_long.notes[-1] == 'reread "2 The breath before the hit": the drop-out, then the blow'
    assert E.check_breath(drop_out(setup, hit - 0.5, hit), theme()).ok


def test_breath_hint_says_what_to_do_in_words():
    """The hint measures and explains (one beat at 120 BPM is 0.50 s, before the hit at 8.00 s) and
    prints no code; doing what it says passes, whichever layers fall silent."""
    setup = E.breath_setup(theme())
    fb = E.check_breath(setup, theme())
    assert not fb.ok and not any(CALL.search(n) for n in fb.notes)
    assert fb.notes[0].startswith("0.00 s of silence before the hit; one beat at 120 BPM is 0.50 s: the music has "
                                  "to stop that long before the hit at 8.00 s")
    assert E.check_breath(drop_out(setup, 7.5, 8.0), theme()).ok
    assert E.check_breath(drop_out(setup, 7.5, 8.0, layers=["melody"]), theme()).ok


def test_half_onsets_feedback():
    dense = E.dense_setup(theme())
    assert onset_count(dense) == 18 + 4 + 4 + 32                # melody, a chord and a bass note a bar, 32 eighths
    fb = E.check_half_onsets(thin(dense, every=2), theme())
    assert not fb.ok and fb.notes[0].startswith("38 onsets, more than half the dense cue's 58 (at most 29); the pulse "
                                                "alone strikes 16 times")
    assert fb.notes[-1].startswith('reread "3 Sparse against dense"')
    fb = E.check_half_onsets(thin(dense, every=4, layers=["melody", "pulse"]), theme())
    assert not fb.ok and "the melody lost" in fb.notes[0]
    assert E.check_half_onsets(thin(dense, every=4), theme()).ok
    assert E.check_half_onsets(drop_out(dense, 0, 8, layers=["pulse"]), theme()).ok      # a layer resting: as good
    fb = E.check_half_onsets(drop_out(dense, 0, 8, layers=["harmony", "bass", "pulse"]), theme())
    assert not fb.ok and fb.notes[0] == "only the melody is left: sparse is not bare; keep some of the accompaniment"
    assert not any(CALL.search(n) for n in fb.notes)


# ---------------------------------------------------------------- exercise 4: a line written around the words
def _line(notes: str, **kw) -> Motif:
    kw = {"key": "F major", "tempo": 120, "instrument": "Oboe", **kw}
    return Motif.parse(notes, **kw)


ROOM_KITCHEN = "4/4 f4 a8 c' d'4 c'8 a g2 f4 a4 b-4 a8 g f4 e8 d c'4 a4 f2"      # the lesson's starter


@pytest.mark.parametrize("answer", [
    "reference",
    "4/4 FF1 CC1 BB-1 FF1",                       # a bass line on the cello, p, below the voice band all through
    "4/4 r1 r1 r2 b-8 a g f r2 a4 f4",            # only in the look and after the last line
    "4/4 a4 f8 r8 r2 e4 r4 r2 f4 r4 d'8 c' b- a r2 c'4 f4",      # other notes in the same gaps
])
def test_room_for_lines_accepts_every_line_that_leaves_room(answer):
    """Rests under the words, a low soft line under them, answers only in the long pauses: each passes."""
    from scoring.exercises.l05 import _solution_room_for_lines, check_room_for_lines

    music = _solution_room_for_lines() if answer == "reference" else \
        _line(answer, **({"instrument": "Cello", "dynamics": "p"} if answer.startswith("4/4 FF") else {}))
    fb = check_room_for_lines(music)
    assert fb.ok, fb
    assert fb.notes[0].startswith("all 4 lines clear") and fb.question and len(fb.rubric) == 3
    cue = Cue((Layer.from_motif(music),), "as a cue", music.key, music.tempo, music.time_signature,
              tempo_map=music.tempo_map)
    assert check_room_for_lines(cue).ok                                   # a Cue of the same line is the same answer


@pytest.mark.parametrize("answer, hint", [
    (ROOM_KITCHEN, r"0\.75-2 s: the oboe melody at mf sits in the voice band .*rest under those lines"),
    ("4/4 c'4 a8 r8 r2 g4 r4 r2 d'4 r4 b-8 a g f f1", r"^6-7 s: .*They said yes"),      # holds through the last line
    ("4/4 r1 r1 r1 r2 f2", r"1 note: a line needs at least 4.*sounds 1\.00 s of the 3\.75 s nobody speaks"),
    ("4/4 c'4 a8 r8 r2", r"^it lasts 2\.0 s; the scene lasts 8\.0 s"),
])
def test_room_for_lines_rejects_with_the_craft_hint(answer, hint):
    from scoring.exercises.l05 import check_room_for_lines

    fb = check_room_for_lines(_line(answer))
    text = "; ".join(fb.notes)
    assert not fb.ok and re.search(hint, text), text
    assert not any(CALL.search(n) for n in fb.notes)
    assert 'reread "4 Music under dialogue"' in text


def test_room_for_lines_explains_a_wrong_kind_of_answer():
    from scoring.exercises.l05 import SOLUTIONS, check_room_for_lines

    for answer in (None, "4/4 c4 d e f", 42):
        fb = check_room_for_lines(answer)
        assert not fb.ok and "should be a Motif" in fb.notes[0]
    assert SOLUTIONS["room_for_lines"][0] is check_room_for_lines
