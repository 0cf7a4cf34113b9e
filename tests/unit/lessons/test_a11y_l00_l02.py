"""Lessons 00, 01 and 02: every plot an image with alt text read from the data, every player with a
visible line, headings in order; and the exercises in which the student writes notes."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from scoring import Motif, ScoringError  # noqa: E402
from scoring.core.plots import mode_ladder_alt, mode_ladder_html, three_views, three_views_alt  # noqa: E402
from scoring.exercises import l00, l01, l02  # noqa: E402
from scoring.tension import tension_curve  # noqa: E402
from scoring.tension_view import (compare_alt, dissonance_alt, dissonance_html, pulse_alt, pulse_html,  # noqa: E402
                                  spectrogram_alt, tension_alt, tension_compare, tension_image)


def _img_alt(html: str) -> str:
    return re.search(r'<img [^>]*alt="([^"]*)"', html).group(1).replace("&#x27;", "'")


# ---------------------------------------------------------------- alt text from the data
def test_three_views_alt_names_the_real_peak_and_leap():
    call = Motif.from_notes(["G4", "C5", "D5", "Eb5", "D5"], durations=[0.5, 0.5, 1, 1.5, 0.5], name="Call")
    low = Motif.parse("c4 g e f d c", name="Low")
    a, b = three_views_alt(call), three_views_alt(low)
    assert "peak Eb5 at note 4, then falls to D5" in a and "the largest +5 (G4 to C5)" in a
    assert "peak G4 at note 2, then falls to C4" in b and "the largest +7 (C4 to G4)" in b
    assert "3 steps and 1 leap" in a
    assert three_views_alt(Motif.parse("c'4 b a g", name="Fall")).split("; ")[1].endswith("starts on its peak C5 "
                                                                                          "and falls to G4")


def test_three_views_is_one_image_with_that_alt_and_leaves_no_pyplot_figure():
    before = plt.get_fignums()
    hero = Motif.parse("c4 e g c'2", name="Hero")
    view = three_views(hero)
    assert plt.get_fignums() == before
    assert view.html.count("<img") == 1 and "image/png" in view.html
    assert _img_alt(view.html) == three_views_alt(hero) == str(view)


def test_mode_ladder_alt_lists_what_each_mode_changes():
    scale = Motif.parse("c4 d e f g a b c'", key="C major", name="Scale")
    alt = mode_ladder_alt(scale)
    assert "lydian F#, ionian none, mixolydian Bb" in alt and "locrian Db Eb Gb Ab Bb" in alt
    minor = mode_ladder_alt(Motif.parse("a4 b c' d' e'", key="A minor", name="Minor"))
    assert "(A to G# across)" in minor and "aeolian none" in minor and minor != alt
    view = mode_ladder_html(scale)
    assert _img_alt(view.html) == alt


def test_dissonance_alt_follows_the_root_and_harmonics():
    c4, c2 = dissonance_alt(root="C4"), dissonance_alt(root="C2")
    assert "above C4" in c4 and "above C2" in c2
    assert "the smoothest are the P8" in c4
    assert dissonance_alt(root="C4", harmonics=1) != c4
    assert _img_alt(dissonance_html(root="C4").html) == c4


def test_tension_image_and_compare_name_the_actual_peak():
    calm = Motif.parse("4/4 c4 e g c' e g c'2 c1", name="calm")
    louder = Motif.parse("4/4 c4 e g c' c'' b' c''2 c1", name="climb")
    a, b = tension_curve(calm), tension_curve(louder)
    view = tension_image(louder)
    assert _img_alt(view.html) == tension_alt(b)
    alt = compare_alt([a, b])
    bar = int(b.bar_index()[int(np.argmax(b.total))]) + 1
    assert f"'climb' starts {b.total[0]:.2f}, peaks {b.total.max():.2f} in bar {bar}" in alt
    assert compare_alt([a, b], labels=["first", "second"]).count("first") >= 1
    shown = tension_compare([a, b], title="two lines")
    assert _img_alt(shown.html) == "two lines: " + alt
    with pytest.raises(ScoringError, match="one label per curve"):
        compare_alt([a, b], labels=["only one"])


def test_compare_alt_measures_the_jump_into_a_hit():
    from scoring.devices import BUILD_CELL, crescendo, cut_off, join, ostinato, pedal, stack, stinger

    cell = Motif.parse(BUILD_CELL, name="cell", key="C minor", tempo=120, instrument="Cello")
    build = crescendo(stack(ostinato(cell, 2), pedal("C2", 2, tempo=120)), start="p", end="ff")
    straight = join(build, stinger("cluster", tempo=120), name="straight")
    held = join(cut_off(build, beats=2), stinger("cluster", tempo=120), name="held")
    alt = compare_alt([tension_curve(straight), tension_curve(held)])
    jumps = [float(x) for x in re.findall(r"biggest jump within a beat \+(\d\.\d\d)", alt)]
    assert len(jumps) == 2 and jumps[1] > 2 * jumps[0] - 0.1        # the drop-out doubles the jump


def test_spectrogram_alt_hears_a_rise_and_a_steady_tone():
    from scoring.devices import shepard_tone

    y, sr = shepard_tone(4.0, cycle=2.0)
    shepard = spectrogram_alt(y, sr, label="Shepard")
    assert re.search(r"each rising about an octave every (1\.[6-9]|2\.[0-4]) s", shepard), shepard
    t = np.arange(44100) / 44100
    steady = spectrogram_alt(np.sin(2 * np.pi * 440 * t), 44100, label="A4")
    assert "1 partial at a time, holding steady" in steady
    assert re.search(r"loudest stays between 4[34]\d and 4[34]\d Hz", steady), steady
    with pytest.raises(ScoringError):
        spectrogram_alt(np.zeros(10), 44100)


def test_pulse_alt_and_html_follow_the_clicks():
    from scoring.devices import risset_onsets

    clicks = risset_onsets(8.0, cycle=4.0)
    alt = pulse_alt(clicks, label="Risset")
    assert f"{len(clicks)} clicks" in alt and "gap between clicks shrinks" in alt
    even = [(t * 0.5, 0, 1.0) for t in range(8)]
    assert "stays from 0.5 s to 0.5 s" in pulse_alt(even)
    view = pulse_html(clicks, label="Risset")
    assert _img_alt(view.html) == alt
    with pytest.raises(ScoringError):
        pulse_alt([(0.0, "a", 1.0)])


# The committed lessons themselves (alt text, no bare plots, captioned players, headings) are
# checked for every lesson by test_lesson_access.py.


# ---------------------------------------------------------------- writing exercises
@pytest.mark.parametrize("text, key", [
    ("4/4 c4 g e8 f d4 c1", "C major"),                 # the reference
    ("4/4 a4 e' d'8 c' b4 a2", "A minor"),
    ("3/4 g4 c'2 b8 a g4 c'2", "C major"),
    ("4/4 c'4 f8 g a4 b c'2", "C major"),               # a falling leap, answered upward
    ("6/8 d4 a8 f4 e8 d4.", "D dorian"),
])
def test_own_motif_accepts_many_valid_motifs(text, key):
    fb = l00.check_own_motif(Motif.parse(text, key=key))
    assert fb.ok, fb


@pytest.mark.parametrize("text, hint", [
    ("4/4 c4 d e f", r"only by steps.*ends on F4, but the notes before it point to C major.*land on C"),  # the starter
    ("4/4 c4 e g c'2", r"leap G4 to C5 is not answered: it is the last move"),  # the hero: a call, not an answer
    ("4/4 c4 g b c'2", r"not answered: the next note goes on up"),
    ("4/4 c4 g c8 d e f g a b c'", r"it has 10 notes.*hold the last note a beat"),
    ("4/4 c4 c'' b' c''", r"spans 24 semitones"),
    ("4/4 c4 g e8 f d4 e", r"ends on E4, but the notes before it point to C major"),
    ("4/4 c4 g e d1", r"ends on D4, but the notes before it point to C major, so D sounds like a question"),
    ("4/4 c4 d e g c'4 a f g1", r"ends on G4, but the notes before it point to"),
])
def test_own_motif_wrong_answers_get_the_right_hint(text, hint):
    fb = l00.check_own_motif(Motif.parse(text))
    assert not fb.ok and re.search(hint, "; ".join(fb.notes)), fb


@pytest.mark.parametrize("text", [
    "4/4 c4 a f e f1",          # F major: the last long note is home, and C A F already say F
    "4/4 c4 a f e8 g f1",       # F major again, turning round the leading note
    "4/4 e4 a g d B c1",        # a leading note rising into C (E A G D alone suggest G major)
    "4/4 d4 a f e d1",          # D minor
    "4/4 g4 c' b8 a g2",        # G major, though C comes first
])
def test_own_motif_without_a_key_hears_home_from_the_notes_before_the_ending(text):
    """Without key=, the key estimated with the long last note always makes that note home; the
    checker judges the ending against the notes before it (or a cadence into it)."""
    fb = l00.check_own_motif(Motif.parse(text))
    assert fb.ok, fb


def test_own_motif_takes_the_key_it_is_given():
    assert not l00.check_own_motif(Motif.parse("4/4 c4 g e d1")).ok
    assert l00.check_own_motif(Motif.parse("4/4 c4 g e d1", key="D minor")).ok
    assert l00.check_own_motif(Motif.parse("4/4 c4 g e d1", key="D major")).ok      # the same key as the estimate
    assert l00.check_own_motif(Motif.parse("4/4 G4 d B c d c1", key="C major")).ok


@pytest.mark.parametrize("text", ["4/4 e4 b g a f# d1", "4/4 c4 g e f d d1", "4/4 c4 g e f d g1"])
def test_own_motif_refuses_an_ending_the_earlier_notes_do_not_make_home(text):
    fb = l00.check_own_motif(Motif.parse(text))
    assert not fb.ok and "sounds like a question" in fb.notes[-1], fb


def test_own_motif_counts_the_last_note_in_the_metre_s_beats():
    fb = l00.check_own_motif(Motif.parse("6/8 c4 g8 e4 d8 c8 r4 r4."))
    assert not fb.ok and "only for 0.33 of a beat" in fb.notes[-1], fb


@pytest.mark.parametrize("text, kw, mood", [
    ("4/4 C2 D-4 C8 E- F2 G4 A-8 G D-2 C2", {"key": "C phrygian", "tempo": 66}, "menace"),   # the reference
    ("4/4 AA2 BB-4 AA8 C E2 D4 BB- AA1", {"key": "A minor", "tempo": 60}, "menace"),
    ("4/4 c''4 e''8 f''# g''4 c''' b''8 a'' g'' e'' f''# d'' c''4", {"key": "C major", "tempo": 76}, "wonder"),
    ("4/4 d''4 f''# g''# a''2 e''4 d''1", {"key": "D lydian", "tempo": 76}, "wonder"),
])
def test_mood_melody_accepts_many_valid_rewrites(text, kw, mood):
    fb = l01.check_mood_melody(Motif.parse(text, **kw), mood)
    assert fb.ok, fb


def test_mood_melody_hears_the_modal_rewrite_of_the_theme_too():
    theme = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4", key="C major", tempo=96)
    assert l01.check_mood_melody(theme.to_mode("phrygian").octave(-1).with_tempo(60), "menace").ok


@pytest.mark.parametrize("text, kw, mood, hint", [
    ("4/4 c4 e8 f g4 c' b8 a g e f d c4", {"key": "C major", "tempo": 96}, "menace",   # the starter
     r"no note a half step above the tonic C.*its third is E, a major third.*below middle C"),
    ("4/4 C8 D- E- F G A- B- C D- C D- C D- C D- C", {"key": "C minor", "tempo": 120}, "menace",
     r"^it plays 4\.0 notes a second: menace moves slower"),
    ("4/4 c''4 e''8 f'' g''4 c''' b''8 a''", {"key": "C major", "tempo": 76}, "wonder", r"^no note a tritone above"),
    ("4/4 c4 e8 f# g4 c' b8 a g", {"key": "C major", "tempo": 76}, "wonder", r"^the mean pitch is .*from C5 up"),
])
def test_mood_melody_wrong_answers_get_the_right_hint(text, kw, mood, hint):
    fb = l01.check_mood_melody(Motif.parse(text, **kw), mood)
    assert not fb.ok and re.search(hint, "; ".join(fb.notes)), fb


def test_mood_melody_refuses_an_unknown_mood_with_a_sentence():
    fb = l01.check_mood_melody(Motif.parse("c4 d e f"), "happy")
    assert not fb.ok and "menace, wonder" in fb.notes[0]


@pytest.mark.parametrize("text, key", [
    ("4/4 c4 e- g e- d8 f a- f e- g b- g f16 g a- b- g a- b- c' a- b- c' d' b- c' d' e'- g'2 d'4 b c'1",
     "C minor"),                                                                         # the reference
    ("3/4 d4 e f e8 f g a b- c' d'2 a4 f d2.", "D minor"),
    ("4/4 c4 d e f g a b c' d' e' f' g' c''1 g'2 e'2 c'1", "C major"),                   # steady quarters climb
    ("4/4 c4 e g c' e' g' c''2 g'4 e' c'1", "C major"),                                  # the hit on beat 3
    ("12/8 c4. d e f g a c'2. g4. e c2.", "C major"),              # the hit on the third dotted-quarter beat
    ("6/8 c4. e g b c'2. g4. e c2.", "C major"),
    ("4/4 c4 d e- f g a- b c' d'1 f2 e-1", "C minor"),             # the key given, as the starter gives it
    ("4/4 c4 d e- f g a- b c' d'1 d'1 g2 c1", None),               # a held climax does not move the key
])
def test_build_line_accepts_many_valid_lines(text, key):
    fb = l02.check_build_line(Motif.parse(text, key=key))
    assert fb.ok, fb


@pytest.mark.parametrize("text, hint", [
    ("4/4 c4 d c d c d c d c1", r"it never climbs.*reread \"3 Devices that build\""),      # the starter
    ("4/4 c''4 g' e' c' g e c2", r"starts on its highest note"),
    ("4/4 c4 e g c' e' g' c''1", r"nothing comes after the hit.*reread \"6 Release\""),
    ("4/4 c4 e g c' e' g'8 c''8 g'4 d'4 c'1", r"lands between beats 2 and 3 of bar 2, a weak place"),
    ("4/4 c4 e g c' e' g' c''2 b'2 a'1", r"only 3 semitones below it"),
    ("4/4 c4 e g c' e' g' c''2 g'8 e' c' r", r"lasts only 0\.5 of a beat"),
    ("4/4 c4 e g c' e' g' c''2 g'4 f'1", r"ends on F5, outside the tonic chord"),
    ("4/4 c4 g c'' d' c' c' c' c' c'1", r"comes on beat 3 of bar 1: the climax comes too soon"),
    ("12/8 c4. d e f g c'2. r4. g4. e c2. r4.", r"lands on beat 2 of bar 2, a weak beat"),   # dotted-quarter beats
    ("12/8 c4. d e f g a b c'2. g4. e c2.", r"lands on beat 4 of bar 2"),
    ("4/4 c4 d e f g a c'2 g4 e d2", r"ends on D4, outside the tonic chord of C major"),
    ("4/4 c4 d e f g a b c' d'1 g2 f2", r"ends on F4, outside the tonic chord of C major"),
    ("4/4 c4 d e f g a b c' d'1 g2 d2", r"ends on D4, outside the tonic chord of C major"),
    ("2/2 c4 d e f g a b c' e'1 g2 c4 r4", r"lasts only 0\.5 of a beat"),          # a beat of 2/2 is a half note
])
def test_build_line_wrong_answers_get_the_right_hint(text, hint):
    fb = l02.check_build_line(Motif.parse(text))
    assert not fb.ok and re.search(hint, "; ".join(fb.notes)), fb


def test_new_feedback_prints_no_code():
    call = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")
    answers = [None, "c4 d e", Motif.parse("4/4 c4 d c d c d c d c1"), Motif.parse("4/4 c4 e g c'2")]
    for answer in answers:
        for fb in (l00.check_own_motif(answer), l01.check_mood_melody(answer), l02.check_build_line(answer)):
            for note in fb.notes:
                assert not re.search(r"\.(to_mode|octave|with_tempo|transpose|invert|augment)\(", note), note
        for note in l02.check_build_line(answer).notes:
            assert not call.search(note), note
