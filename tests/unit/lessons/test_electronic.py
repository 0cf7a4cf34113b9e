"""Lesson 09 (electronic and hybrid scores): patches as instruments of motifs and cue layers (sound,
notation, MIDI), arpeggios, sequences and drones in beats, hybrid cues, timbre in numbers, the
exercises' checkers and the patch designer's pure core."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.core.cue import Chord
from scoring.electronic import (CITY_AT_3AM, COLD_ORCHESTRA, WARM_SYNTH, Envelope, Patch, arpeggio, brief_report, drone,
                                hybrid, is_orchestral, is_synth, patch, patch_timbre, revoice, sequence, timbre)
from scoring.exercises import l09
from scoring.mood import apply_palette
from scoring.panels.l09 import design_patch

THEME = Motif.parse("4/4 a4 c' e' d'2 c'4 b a1", name="Night", key="A minor", tempo=90)


def test_a_motif_plays_on_a_patch_and_still_shows_as_notation():
    pad = patch("warm pad")
    on_pad = THEME.with_instrument(pad)
    assert on_pad.instrument is pad and on_pad.patch is pad and str(on_pad.instrument) == "warm pad"
    assert "warm pad" in on_pad.summary() and "warm pad" in on_pad.alt_text()
    assert all(e.patch is pad for e in on_pad.events())
    y, sr = on_pad.to_audio()
    assert np.isfinite(y).all() and float(np.abs(y).max()) > 0.01
    assert not np.allclose(y[: sr], THEME.to_audio()[0][: sr], atol=1e-3)
    assert on_pad.svg().startswith("<svg") or "<svg" in on_pad.svg()
    assert b"MThd" == on_pad.to_midi_bytes()[:4] if hasattr(on_pad, "to_midi_bytes") else True
    assert on_pad.program == pad.program
    assert on_pad.with_instrument("Cello").patch is None


def test_a_hybrid_cue_mixes_orchestra_and_synths():
    cue = hybrid(THEME)
    assert [l.role for l in cue.layers] == ["melody", "harmony", "bass", "pad", "arp", "synth bass"]
    assert [is_synth(l) for l in cue.layers] == [False, False, False, True, True, True]
    assert [is_orchestral(l) for l in cue.layers] == [True, True, True, False, False, False]
    events = cue.events()
    assert {e.patch is None for e in events} == {True, False}
    y, sr = cue.to_audio()
    assert np.isfinite(y).all() and float(np.abs(y).max()) <= 1.0
    assert "warm pad" in cue.listen_text() and "pad (warm pad)" in cue.alt_text()
    assert cue.musicxml()                                    # notation still writes every layer


def test_revoice_keeps_the_notes_and_names_wrong_roles():
    cue = apply_palette(THEME, "warm orchestral")
    new = revoice(cue, {"harmony": "warm pad", "bass": "Cello"})
    assert [str(l.instrument) for l in new.layers] == ["French Horn", "warm pad", "Cello"]
    assert [l.chords for l in new.layers] == [l.chords for l in cue.layers]
    with pytest.raises(ScoringError, match="no 'pads' layer"):
        revoice(cue, {"pads": "warm pad"})


def test_palettes_of_patches_orchestrate_a_theme():
    warm = apply_palette(THEME, WARM_SYNTH)
    cold = apply_palette(THEME, COLD_ORCHESTRA)
    assert all(is_synth(l) for l in warm.layers)
    assert all(is_orchestral(l) for l in cold.layers)


def test_arpeggio_sequence_and_drone_are_written_in_beats():
    arp = arpeggio([Chord((57, 60, 64), 2), Chord((53, 57, 60), 2)], step=Fraction(1, 4))
    assert arp.quarter_length == 4 and len(arp.chords) == 16 and is_synth(arp)
    assert [c.pitches[0] for c in arp.chords[:4]] == [57, 60, 64, 57]
    seq = sequence("0 7 12 . 3 - 7 10", root="A2", step=Fraction(1, 4), repeats=2)
    assert float(seq.quarter_length if hasattr(seq, "quarter_length") else sum(seq.durations)) == 4.0
    assert seq.pitches[:3] == ["A2", "E3", "A3"]
    d = drone(["A1", "E2"], beats=80)
    assert [c.duration for c in d.chords] == [64, 16] and d.chords[0].pitches == (33, 40)
    with pytest.raises(ScoringError):
        sequence(". . .", root=45)


def test_timbre_numbers_order_sounds_as_the_ear_does():
    dark = patch_timbre(patch("sine", cutoff=500))
    bright = patch_timbre(Patch("bright", wave="saw", cutoff=12000, reverb=0.0))
    assert bright.brightness > 3 * dark.brightness
    assert patch_timbre("warm pad").attack > 0.5 > patch_timbre("pulse arp").attack
    still = patch_timbre(Patch("still", wave="triangle", cutoff=800, reverb=0.0))
    moving = patch_timbre(Patch("moving", wave="triangle", cutoff=800, reverb=0.0, lfo_rate=1.0, lfo_cutoff=1.5))
    assert moving.movement > still.movement + 0.05
    with pytest.raises(ScoringError):
        timbre(np.zeros(10))


def test_brief_report_reads_every_number():
    rows = brief_report("pulse arp", CITY_AT_3AM)
    assert [r[0] for r in rows] == ["brightness", "attack", "movement"]
    assert rows[1][3] is False                              # a pluck is not lonely


def test_city_patch_checker_accepts_other_designs_and_explains_the_starter():
    assert l09.check_city_patch(l09._solution_city_patch()).ok
    other = Patch("fog", wave="sine", wave2="triangle", mix2=0.5, interval2=12, amp=patch("warm pad").amp,
                  cutoff=1500, tremolo=0.3, lfo_rate=0.3, reverb=0.3)
    assert l09.check_city_patch(other).ok, l09.check_city_patch(other)
    fb = l09.check_city_patch(patch("pulse arp", cutoff=650))
    assert not fb.ok and "attack" in fb.notes[0] and "section 3" in fb.notes[0]
    bright = l09.check_city_patch(patch("warm pad", cutoff=6000, env_amount=2))
    assert not bright.ok and "too bright" in bright.notes[0]


def test_city_patch_attack_advice_explains_a_setting_longer_than_the_swell():
    """An attack set to 0.4 s swells to 80 % sooner; the advice names both figures instead of asking
    for 'a quarter of a second or more' as if the setting were below it."""
    pad = patch("warm pad")
    set_04 = pad.replace(amp=Envelope(0.4, pad.amp.decay, pad.amp.sustain, pad.amp.release), name="mine")
    fb = l09.check_city_patch(set_04)
    heard = patch_timbre(set_04).attack
    assert heard < 0.25 and not fb.ok
    assert f"your setting of 0.4 s swells in {heard:.2f} s" in fb.notes[0] and "until the swell itself" in fb.notes[0]
    struck = pad.replace(amp=Envelope(0.01, pad.amp.decay, pad.amp.sustain, pad.amp.release), name="mine")
    assert "your setting" not in l09.check_city_patch(struck).notes[0]
    zero = pad.replace(amp=Envelope(0.0, pad.amp.decay, pad.amp.sustain, pad.amp.release), name="mine")
    assert "your setting" not in l09.check_city_patch(zero).notes[0]
    falls = pad.replace(amp=Envelope(0.6, 0.1, 0.2, 2.0), name="mine")
    fb = l09.check_city_patch(falls)
    assert "sustain is 0.2" in fb.notes[0] and "your setting" not in fb.notes[0]


def test_hybrid_checker():
    hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
    setup = l09.hybrid_setup(hero)
    assert not l09.check_hybrid(setup, hero).ok
    assert l09.check_hybrid(hybrid(setup), hero).ok
    assert l09.check_hybrid(revoice(setup, {"harmony": "warm pad"}), hero).ok
    every = revoice(setup, {"melody": "glass lead", "harmony": "warm pad", "bass": "synth bass"})
    assert "not a hybrid" in repr(l09.check_hybrid(every, hero))


def test_arpeggio_checker_accepts_a_sequence_with_rests_and_rejects_wrong_notes():
    ok = sequence("0 3 7 12 7 3 0 . 0 3 7 12 15 12 7 3", root="A2", step=Fraction(1, 4))
    assert l09.check_arpeggio(ok).ok, l09.check_arpeggio(ok)
    wrong = Motif.parse("4/4 A16 c e g A c e a c' e' c' a e c A c", instrument=patch("pulse arp"))
    assert "G4 not in A minor" in repr(l09.check_arpeggio(wrong))


def test_arpeggio_checker_accepts_mixed_eighths_and_sixteenths_and_counts_rests_by_time():
    arp = patch("pulse arp")
    mixed = l09.check_arpeggio(Motif.parse("4/4 A8 c e a16 c' e'8 a e c", instrument=arp))
    assert mixed.ok, mixed
    eighths = l09.check_arpeggio(Motif.parse("4/4 AA8 E A c e a e c", instrument=arp))
    assert eighths.ok and "eighths" in eighths.notes[0]
    gappy = l09.check_arpeggio(Motif.parse("4/4 A8 r c r e r a r", instrument=arp))
    assert not gappy.ok and "2 of 4 quarter notes are rests" in repr(gappy)
    compound = l09.check_arpeggio(Motif.parse("6/8 A8 c e a e c A c e a c' e'", instrument=arp))
    assert compound.ok, compound                                       # two bars of 6/8 loop as well as 4/4
    for held in ("4/4 A2. c16 e a c'", "4/4 A4. c'16 e'16 a2", "4/4 A8. c16 e8. a16 c'8. a16 e8. c16"):
        fb = l09.check_arpeggio(Motif.parse(held, instrument=arp))
        assert not fb.ok and "it does not pulse" in fb.notes[0], (held, fb)
    off = l09.check_arpeggio(Motif.parse("3/4 A16 c e a c' a e c A c e a c' e' c' a", instrument=arp))
    assert not off.ok and "1.33 bars of 3/4" in off.notes[0]           # 4 quarter notes do not fill 3/4 bars
    synth_gm = revoice(l09.hybrid_setup(THEME), {"harmony": "Pad 2 (warm)"})
    assert "General MIDI 'Pad' sound does not count" in repr(l09.check_hybrid(synth_gm, THEME))


def test_design_patch_code_rebuilds_the_patch():
    made, code = design_patch(wave="pulse", cutoff=800, attack=0.4, lfo="level", depth=0.5, voices=3, detune=8)
    scope = {"patch": patch, "Envelope": __import__("scoring.electronic", fromlist=["Envelope"]).Envelope}
    exec(code, scope)  # noqa: S102 - the panel's own code, as a student would paste it
    assert scope["my_patch"].replace(name="my patch") == made
    with pytest.raises(ScoringError):
        design_patch(lfo="sideways")


def test_patch_designer_panel_follows_its_controls():
    from scoring.panels import patch_designer

    panel = patch_designer("warm pad", seconds=0.5)
    controls, code, view, took = panel.children
    (wave, cutoff, resonance, attack, release), (lfo, rate, depth, voices, detune) = \
        (box.children for box in controls.children)
    assert "patch(&#x27;warm pad&#x27;" in code.value and "cutoff=900" in code.value
    assert view.value.count("<audio") == 1 and "measured dry" in view.value and "ms" in took.value
    wave.value = "triangle"
    cutoff.value = 400
    lfo.value = "cutoff"
    assert "wave=&#x27;triangle&#x27;" in code.value and "cutoff=400" in code.value and "lfo_cutoff=0.6" in code.value


def test_city_patch_checker_rejects_a_fast_flutter_and_the_designers_untouched_start():
    fast = patch("warm pad", tremolo=1.0, lfo_rate=6)
    note = l09.check_city_patch(fast)
    assert not note.ok and "a flutter, not a breath" in repr(note)
    assert l09.check_city_patch(patch("warm pad", lfo_rate=0.5, lfo_cutoff=0.4)).ok
    start, _ = design_patch(start="sine", cutoff=15849, resonance=0, attack=0.01, release=0.05)
    assert not l09.check_city_patch(start).ok
