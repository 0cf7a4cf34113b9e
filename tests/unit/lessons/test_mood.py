"""Lesson 01's package: cues, harmonisation, palettes, mood presets, the mood mixer and its exercises.

Each test states a musical fact independently of the code (chord spellings, registers,
instrument families) and checks the package against it.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from scoring import Motif, ScoringError
from scoring.core.cue import Chord, Cue, Layer
from scoring.exercises import SOLUTIONS, check_cold, check_modes, check_tragic, mode_clips
from scoring.exercises.l01 import MODE_QUIZ
from scoring.harmony import bar_length, chord_pitch_classes, diatonic_triads, harmonize
from scoring.mood import LIFT_CEILING, MOODS, PALETTES, apply_palette, in_mood, mix
from scoring.panels import mood_settings_cue

THEME = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4", name="Theme", key="C major", tempo=96,
                    instrument="French Horn")


def pcs(chord: Chord) -> set[int]:
    return {p % 12 for p in chord.pitches}


# ---------------------------------------------------------------- harmony
def test_bar_length_counts_quarter_notes():
    assert bar_length("4/4") == 4 and bar_length("3/4") == 3 and bar_length("6/8") == 3 and bar_length("2/2") == 4


def test_diatonic_triads_of_c_major_and_a_minor_are_the_textbook_ones():
    assert diatonic_triads("C major") == [(0, 4, 7), (2, 5, 9), (4, 7, 11), (5, 9, 0), (7, 11, 2), (9, 0, 4), (11, 2, 5)]
    # A minor: i = A C E, III = C E G, v = E G B
    triads = diatonic_triads("A minor")
    assert triads[0] == (9, 0, 4) and triads[2] == (0, 4, 7) and triads[4] == (4, 7, 11)


@pytest.mark.parametrize("symbol,key,expected", [
    ("C", "C major", {0, 4, 7}), ("Am", "C major", {9, 0, 4}), ("G7", "C major", {7, 11, 2, 5}),
    ("V7", "C major", {7, 11, 2, 5}), ("bVI", "C major", {8, 0, 3}), ("iv", "C minor", {5, 8, 0}),
    ("Bb", "F major", {10, 2, 5}),
])
def test_chord_symbols_and_roman_numerals(symbol, key, expected):
    assert set(chord_pitch_classes(symbol, key)) == expected


def test_chord_root_comes_first():
    assert chord_pitch_classes("G7")[0] == 7 and chord_pitch_classes("bVI", "C major")[0] == 8


def test_unreadable_chord_is_a_scoring_error():
    with pytest.raises(ScoringError, match="Roman numeral"):
        chord_pitch_classes("Q#zz")


def test_diatonic_harmony_fits_the_melody_and_starts_and_ends_on_the_tonic():
    cue = harmonize(THEME, "diatonic")
    chords = cue.layer("harmony").chords
    assert len(chords) == 2                       # one chord per 4/4 bar
    assert pcs(chords[0]) == {0, 4, 7} and pcs(chords[-1]) == {0, 4, 7}
    assert [c.duration for c in chords] == [4, 4]


def test_every_chord_sits_below_the_melody_of_its_bar():
    cue = harmonize(THEME, "diatonic")
    melody = THEME.midi
    assert max(cue.layer("harmony").chords[0].pitches) <= min(p for p in melody[:5])
    assert all(max(c.pitches) < 72 for c in cue.layer("harmony").chords)


def test_bass_plays_the_root_of_each_chord_below_it():
    cue = harmonize(THEME, ["Am", "F"])
    for h, b in zip(cue.layer("harmony").chords, cue.layer("bass").chords):
        assert b.pitches[0] % 12 == h.pitches[0] % 12 and b.pitches[0] < h.pitches[0]


def test_mediant_harmony_uses_major_triads_a_third_from_the_tonic():
    long = THEME + THEME
    chords = harmonize(long, "mediant").layer("harmony").chords
    middle = chords[1]
    root = middle.pitches[0] % 12
    assert root in (3, 4, 8, 9)                                # bIII, III, bVI or VI of C
    assert pcs(middle) == {root, (root + 4) % 12, (root + 7) % 12}  # a major triad
    assert len(pcs(middle) & {0, 4, 7}) == 1                  # exactly one common tone


WONDER_THEME = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4", name="Theme", key="C major")


def _rubs_on_strong_beats(cue):
    """Melody notes a semitone from a chord tone (and not in the chord) at a strong beat (1 or 3)."""
    rubs, t, chords, starts = [], Fraction(0), cue.layer("harmony").chords, []
    for c in chords:
        starts.append(t)
        t += c.duration
    t = Fraction(0)
    for n in cue.melody().notes:
        if not n.is_rest and t % 2 == 0:
            chord = chords[max(i for i, s in enumerate(starts) if s <= t)]
            tones = {p % 12 for p in chord.pitches}
            if n.pitch % 12 not in tones and any((n.pitch - q) % 12 in (1, 11) for q in tones):
                rubs.append((float(t), n.name))
        t += n.duration
    return rubs


@pytest.mark.parametrize("mode", ["major", "lydian", "mixolydian", "dorian"])
def test_mediant_harmony_leaves_no_rub_on_a_strong_beat_and_comes_home(mode):
    cue = harmonize(WONDER_THEME.to_mode(mode), "mediant")
    chords = cue.layer("harmony").chords
    assert _rubs_on_strong_beats(cue) == []
    assert chords[-1].pitches[0] % 12 == 0                      # ends on the tonic chord, under the final C
    roots = {c.pitches[0] % 12 for c in chords}
    assert roots & {3, 4, 8, 9}                                 # and goes away to a chromatic mediant


def test_wonder_never_puts_a_chromatic_chord_against_the_melodys_natural_note():
    cue = in_mood(WONDER_THEME, "wonder")
    t = Fraction(0)
    onsets = []
    for n in cue.melody().notes:
        onsets.append((t, t + n.duration, n))
        t += n.duration
    start = Fraction(0)
    for chord in cue.layer("harmony").chords:
        end = start + chord.duration
        for a, b, n in onsets:
            if a < end and b > start and not n.is_rest:
                tones = {p % 12 for p in chord.pitches}
                assert n.pitch % 12 in tones or not any((n.pitch - q) % 12 in (1, 11) for q in tones
                                                        if q not in {0, 2, 4, 6, 7, 9, 11}), (n.name, chord.pitches)
        start = end


def test_noir_harmony_is_the_minor_major_seventh_on_the_tonic():
    chords = harmonize(THEME.to_mode("minor"), "noir").layer("harmony").chords
    assert pcs(chords[0]) == {0, 3, 7, 11}


def test_wrong_number_of_named_chords_says_how_many():
    with pytest.raises(ScoringError, match="2 spans"):
        harmonize(THEME, ["C", "F", "G"])


def test_unknown_harmony_style():
    with pytest.raises(ScoringError, match="diatonic"):
        harmonize(THEME, "baroque")


@pytest.mark.parametrize("call, message", [
    (lambda: harmonize(None), "harmonize\\(\\) needs a Motif as its first argument, not NoneType"),
    (lambda: harmonize(harmonize(THEME)), "cue.melody"),
    (lambda: harmonize(THEME, 5), "chords=5: give a style"),
    (lambda: harmonize(THEME, ["C", 7]), "chord 7 should be text"),
    (lambda: harmonize(THEME, every=0), "every=0: chords must last at least 1/16 of a quarter note"),
    (lambda: harmonize(THEME, every=1 / 64), "every=0.015625: chords must last at least 1/16"),
    (lambda: harmonize(THEME, every=float("nan")), "every: nan is not a finite number"),
    (lambda: harmonize(THEME, every=True), "every: true"),
    (lambda: harmonize(THEME + THEME + THEME + THEME, every=1 / 16), "512 chords is over the 256-chord limit"),
    (lambda: harmonize(THEME, velocity=0), "velocity=0"),
    (lambda: harmonize(THEME, velocity=True), "velocity=True"),
    (lambda: bar_length(4), "time_signature=4"),
    (lambda: bar_length("4"), "not a time signature"),
])
def test_harmonize_refuses_bad_input_with_a_fix(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_harmonize_takes_numpy_numbers_and_keeps_the_clock():
    """Chords every two beats (np.int64) over a theme that slows down: the cue keeps the theme's tempo map."""
    from scoring import TempoMap

    slowing = Motif(THEME.notes, name="Slowing", key="C major", tempo_map=TempoMap.constant(96).ramp(4, 8, 60))
    cue = harmonize(slowing, every=np.int64(2), velocity=np.int64(50))
    assert [c.duration for c in cue.layer("harmony").chords] == [2, 2, 2, 2]
    assert {c.velocity for c in cue.layer("harmony").chords} == {50}
    assert cue.tempo_map == slowing.tempo_map and cue.duration_seconds == pytest.approx(slowing.duration_seconds)


# ---------------------------------------------------------------- cues
def test_cue_audio_holds_all_layers_and_is_louder_than_the_melody_alone():
    cue = harmonize(THEME)
    y, sr = cue.to_audio()
    ym, _ = THEME.to_audio()
    assert abs(len(y) / sr - (cue.duration_seconds + 1.0)) < 0.01
    assert np.sqrt(np.mean(y ** 2)) > np.sqrt(np.mean(ym ** 2))


def test_cue_score_has_one_part_per_layer_and_real_chords():
    cue = harmonize(THEME)
    score = cue.to_stream()
    assert len(score.parts) == 3
    chords = list(score.parts[1].recurse().getElementsByClass("Chord"))
    assert [p.nameWithOctave for p in chords[0].pitches] == ["C3", "E3", "G3"]


def test_cue_html_shows_score_player_and_piano_roll():
    html = harmonize(THEME)._repr_html_()
    assert html.count("data:image/svg+xml;base64,") == 1
    assert html.count("<audio") == 1
    assert "data:image/png;base64," in html


def test_cue_exports_multitrack_midi(tmp_path):
    cue = harmonize(THEME)
    path = cue.to_midi(tmp_path / "cue.mid")
    back = Motif.from_file(path)  # the first track is the melody
    assert back.midi == THEME.midi


def test_staccato_sounds_shorter_than_legato():
    legato = Cue((Layer.from_motif(THEME, articulation="legato"),), tempo=96)
    staccato = Cue((Layer.from_motif(THEME, articulation="staccato"),), tempo=96)
    held = lambda c: sum(e.end - e.start for e in c.events())  # noqa: E731
    assert held(staccato) < 0.6 * held(legato)


def test_layer_errors():
    with pytest.raises(ScoringError, match="articulation"):
        Layer.from_motif(THEME, articulation="spiccato")
    with pytest.raises(ScoringError, match="empty"):
        Layer("bass", ())
    with pytest.raises(ScoringError, match="0-127"):
        Chord((130,), Fraction(1))


def test_cue_without_the_asked_layer():
    with pytest.raises(ScoringError, match="no 'pulse' layer"):
        harmonize(THEME).layer("pulse")


# ---------------------------------------------------------------- palettes and moods
def test_cold_palette_is_synthetic_with_a_pulse_and_a_wide_gap():
    cold = apply_palette(THEME, "cold synthetic")
    programs = {l.role: l.program for l in cold.layers}
    assert set(programs) == {"melody", "harmony", "bass", "pulse"}
    assert all(p in set(range(80, 104)) | {38, 39} for p in programs.values())
    pulse = cold.layer("pulse")
    assert all(c.duration == Fraction(1, 2) for c in pulse.chords)      # repeated eighths
    gap = min(p for p in cold.melody().midi if p) - max(p for c in cold.layer("bass").chords for p in c.pitches)
    assert gap >= 24


def test_warm_palette_keeps_the_register_and_is_darker_than_the_cold_one():
    from scoring.core.analysis import sound_profile

    warm = apply_palette(THEME, "warm orchestral")
    cold = apply_palette(THEME, "cold synthetic")
    assert warm.melody().midi == THEME.midi
    assert sound_profile(*warm.to_audio())["brightness_hz"] < sound_profile(*cold.to_audio())["brightness_hz"]


def test_palettes_keep_the_melody_up_to_octaves():
    for name in PALETTES:
        melody = apply_palette(THEME, name).melody()
        assert [p % 12 for p in melody.midi] == [p % 12 for p in THEME.midi], name
        assert melody.durations == THEME.durations


@pytest.mark.parametrize("name", list(MOODS))
def test_each_mood_applies_its_recipe(name):
    mood = MOODS[name]
    cue = in_mood(THEME, name)
    melody = cue.melody()
    assert melody.key == f"C {dict(aeolian='minor', ionian='major').get(mood.mode, mood.mode)}"
    assert cue.tempo == mood.tempo
    assert cue.layer("melody").instrument == PALETTES[mood.palette].melody
    shift = 12 * (mood.octave + PALETTES[mood.palette].melody_octave)
    assert melody.midi == [p + shift for p in THEME.to_mode(mood.mode).midi]


def test_tragic_is_slower_lower_and_quieter_than_heroic():
    from scoring.core.analysis import sound_profile

    tragic, heroic = in_mood(THEME, "tragic"), in_mood(THEME, "heroic")
    assert tragic.tempo < heroic.tempo
    assert np.mean(tragic.melody().midi) < np.mean(heroic.melody().midi)
    assert sound_profile(*tragic.to_audio())["loudness_db"] < sound_profile(*heroic.to_audio())["loudness_db"]


def test_unknown_mood_and_palette_list_the_choices():
    with pytest.raises(ScoringError, match="heroic"):
        in_mood(THEME, "sleepy")
    with pytest.raises(ScoringError, match="warm orchestral"):
        apply_palette(THEME, "baroque")


def test_mix_changes_only_what_it_is_told():
    cue = mix(THEME, tempo=60, harmony=None)
    assert cue.melody().midi == THEME.midi and cue.tempo == 60 and len(cue.layers) == 1


def test_mix_takes_numpy_numbers():
    """A slider or an array hands over NumPy numbers: 90 BPM is 90 BPM, one octave down is 12 semitones."""
    cue = mix(THEME, tempo=np.float64(90), octave=np.int64(-1), dynamics=np.int64(50), harmony=None)
    assert cue.tempo == 90 and cue.melody().midi == [p - 12 for p in THEME.midi]
    assert set(cue.melody().velocities) == {50} and "90 BPM" in cue.notes


@pytest.mark.parametrize("call, message", [
    (lambda: mix(None), "mix\\(\\) takes a Motif, not NoneType"),
    (lambda: mix(harmonize(THEME)), "cue.melody"),
    (lambda: mix(THEME, tempo=float("nan")), "tempo: nan is not a finite number"),
    (lambda: mix(THEME, tempo=np.inf), "tempo: inf is not a finite number"),
    (lambda: mix(THEME, tempo=True), "tempo: true is not a finite number"),
    (lambda: mix(THEME, tempo="fast"), "beats per minute"),
    (lambda: mix(THEME, tempo=0), "outside 20-400"),
    (lambda: mix(THEME, octave=0.5), "octave=0.5 is not a whole number"),
    (lambda: mix(THEME, octave=None), "octave: null is not a finite number"),
    (lambda: mix(THEME, mode=3), "mode=3"),
    (lambda: mix(THEME, harmony=["C"]), "unknown harmony"),
    (lambda: mix(THEME, palette=7), "unknown palette 7"),
    (lambda: mix(THEME, name=5), "name=5"),
    (lambda: in_mood(None, "tragic"), "in_mood\\(\\) takes a Motif"),
    (lambda: in_mood(THEME, None), "unknown mood None"),
    (lambda: apply_palette("c4 e g"), "apply_palette\\(\\) orchestrates a Motif or a Cue, not str"),
])
def test_mood_functions_refuse_bad_input_with_a_fix(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_mood_names_are_read_loosely():
    assert mix(THEME, harmony=" Mediant ").notes.endswith("mediant harmony")
    assert in_mood(THEME, " Tragic ").tempo == MOODS["tragic"].tempo


def test_mood_mixer_settings_match_mix():
    cue = mood_settings_cue(THEME, mode="dorian", tempo=80, octave=1, dynamics="pp", harmony="mediant",
                            palette="fairy tale")
    assert cue.melody().key == "C dorian" and cue.tempo == 80
    assert set(cue.melody().velocities) == {33}
    assert cue.layer("melody").instrument == "Celesta"


def test_mood_mixer_panel_builds():
    from scoring.panels import mood_mixer

    panel = mood_mixer(THEME)
    view = panel.children[-1]
    assert "<audio" in view.value and "data:image/svg+xml" in view.value
    mode = panel.children[0].children[0].children[0]
    before = view.value
    assert "data:audio/mpeg;base64," in before and "audio/flac" not in before   # the view a lesson saves
    mode.value = "phrygian"
    assert view.value != before and "phrygian" in view.value
    # the answer to a change plays the lossless panel sound
    assert "data:audio/flac;base64," in view.value and "audio/mpeg" not in view.value


# ---------------------------------------------------------------- exercises of lesson 01
def test_tragic_checker_names_each_missing_ingredient():
    fb = check_tragic(THEME.to_mode("minor"), THEME)
    text = repr(fb)
    assert not fb and "tempo" in text and "register" in text and "minor" not in text.split("Not yet:")[1].split(";")[0]
    assert check_tragic(SOLUTIONS["tragic"][1](THEME), THEME)
    assert check_tragic(in_mood(THEME, "tragic"), THEME)


def test_tragic_checker_hears_the_notes_not_only_the_key_name():
    renamed = THEME.octave(-1).with_tempo(56)
    renamed = renamed.with_notes(renamed.notes, key=THEME.key.split()[0] + " minor")     # same notes, minor name
    fb = check_tragic(renamed, THEME)
    assert not fb and "the major third, and never" in repr(fb)
    coloured = THEME.to_mode("minor").octave(-1).with_tempo(56)                            # a minor tune may borrow
    assert check_tragic(coloured, THEME)                                                   # its leading note


def test_mode_quiz_feedback_is_per_clip():
    fb = check_modes(["phrygian", "major", "dorian"])
    assert not fb and "clip 2" in repr(fb) and "fourth is F♯, not F" in repr(fb)
    assert "lydian" not in repr(fb).lower()                    # the hint names the note, not the mode
    assert check_modes(list(MODE_QUIZ))
    assert check_modes(["Phrygian", "lydian", "DORIAN"])
    assert not check_modes("phrygian")
    assert "not a mode name" in repr(check_modes(["phrygian", "lidian", "dorian"]))


def test_mode_clips_hide_the_mode_but_sound_it():
    clips = mode_clips(THEME)
    assert [c.name for c in clips] == ["clip 1", "clip 2", "clip 3"]
    assert {c.key for c in clips} == {"C major"}                # the key signature names nothing
    for clip, mode in zip(clips, MODE_QUIZ):
        assert clip.midi == THEME.to_mode(mode).midi            # but the notes are the mode's


def test_cold_checker_rejects_warm_and_accepts_the_cold_palette():
    fb = check_cold(harmonize(THEME), THEME)
    assert not fb and "String Ensemble 1" in repr(fb)
    low = check_cold(apply_palette(harmonize(THEME.octave(-1)), "noir"), THEME)
    assert "two octaves" in repr(low) and "Tenor Sax" in repr(low)
    assert check_cold(apply_palette(THEME, "cold synthetic"), THEME)
    changed = apply_palette(THEME.to_mode("minor"), "cold synthetic")
    assert "melody changed" in repr(check_cold(changed, THEME))


def test_cold_checker_counts_synth_voice_and_the_course_synth_patches_as_synthetic():
    from scoring.render.analog import preset

    cold = apply_palette(THEME, "cold synthetic")
    voiced = cold.with_layers([l.with_(instrument="Synth Voice") if l.role == "harmony" else l for l in cold.layers])
    assert check_cold(voiced, THEME)
    bell = preset("lonely piano-ish bell")              # its stand-in GM program is a piano
    patched = cold.with_layers([l.with_(instrument=bell) if l.role == "melody" else l for l in cold.layers])
    assert check_cold(patched, THEME)
    piano = cold.with_layers([l.with_(instrument="Acoustic Grand Piano") if l.role == "melody" else l
                              for l in cold.layers])
    assert "not synthetic yet: melody (Acoustic Grand Piano)" in repr(check_cold(piano, THEME))


def test_the_lift_ceiling_is_the_highest_violin_note_the_sound_font_plays():
    from scoring.render.soundfont import SHIPPED
    if not SHIPPED.is_file():
        pytest.skip("the course's soundfont is not in assets/soundfonts")
    def peak(pitch: int) -> float:
        samples, _ = Motif.from_notes([pitch], durations=1, instrument="Violin", tempo=60).to_audio()
        return float(np.abs(np.asarray(samples, float)).max())
    assert peak(LIFT_CEILING) > 1e-2            # a lifted tune at the ceiling still sounds
    assert peak(LIFT_CEILING + 2) < 1e-4        # A7 has no violin sample in FluidR3
