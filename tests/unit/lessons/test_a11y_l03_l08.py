"""Lessons 03, 04 and 08: every plot an image with alt text read from the data, every player with a
visible line, headings in order; and the exercises in which the student writes notes."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from scoring import Motif  # noqa: E402
from scoring.arc import Arc  # noqa: E402
from scoring.exercises import l03, l04  # noqa: E402
from scoring.genre import experiment_clips  # noqa: E402
from scoring.genre_view import clip_players  # noqa: E402
from scoring.leitmotif import (find_motif, identity_alt, identity_html, match_alt, match_html, motif_map_alt,  # noqa: E402
                               motif_map_html, spot_motifs)


def wanderer() -> Motif:
    return Motif.parse("3/4 c4 g8 a g4 e8 d c2", name="Wanderer", key="C major", tempo=132,
                       instrument="French Horn")


def hero() -> Motif:
    return Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major", tempo=96, instrument="French Horn")


def _img_alt(html: str) -> str:
    return re.search(r'<img [^>]*alt="([^"]*)"', html).group(1)


# ---------------------------------------------------------------- alt text from the data
def test_identity_alt_reads_the_versions():
    w = wanderer()
    up = identity_alt([w, w.transpose(5).with_name("up")])
    down = identity_alt([w, w.invert().with_name("down")])
    slow = identity_alt([w, w.augment(2).with_name("slow")])
    assert up.startswith("three line plots of Wanderer and 1 version, note by note: contour")
    assert "up lies on Wanderer's contour" in up and "the rhythm is the same in every version" in up
    assert "down mirrors it" in down
    assert "the rhythm changes only in slow (x2)" in slow
    assert len({up, down, slow}) == 3
    alone = identity_alt(w)
    assert "spans 9 semitones" in alone and "widest leap is +7 (from note 1 to 2)" in alone


def test_identity_html_is_an_image_with_that_alt_and_leaves_no_pyplot_figure():
    before = plt.get_fignums()
    w = wanderer()
    view = identity_html([w, w.invert().with_name("inverted")])
    assert plt.get_fignums() == before
    assert view.html.count("<img") == 1 and "image/png" in view.html
    assert _img_alt(view.html).replace("&#x27;", "'") == identity_alt([w, w.invert().with_name("inverted")])
    assert "<figcaption" in view.html and str(view).startswith("three line plots")


def test_match_alt_and_html_follow_the_cue():
    w = wanderer()
    one = (w + w.transpose(5)).with_name("one")
    two = (w.invert() + w.augment(2)).with_name("two")
    a1, a2 = match_alt(one, find_motif(w, one)), match_alt(two, find_motif(w, two))
    assert a1 != a2 and "inversion" in a2 and "transposition +5" in a1
    view = match_html(two, find_motif(w, two))
    assert _img_alt(view.html) == a2 and str(view) == a2


def _reel():
    w, h = wanderer(), hero()
    return [(10.0, w.with_name("1M1")), (60.0, (h + w.invert()).with_name("1M2")),
            (120.0, w.augment(2).with_name("2M1"))], {"Wanderer": w, "Hero": h}


def test_motif_map_alt_counts_each_character_and_says_what_to_notice():
    reel, characters = _reel()
    found = spot_motifs(characters, reel)
    alt = motif_map_alt(found, cues=reel, characters=list(characters), film_seconds=180)
    assert alt.startswith("motif map (a timeline chart): film time across, 0:00 to 3:00; one row per character "
                          "(Wanderer and Hero)")
    assert "grey bands where the 3 cues play" in alt
    assert "Wanderer: 3 appearances, at 0:10, 1:03 and 2:00" in alt and "Hero: 1 appearance, at 1:00" in alt
    assert "To notice: Wanderer is heard 3 times, in 3 forms: original; inversion; augmentation x2" in alt
    assert alt.endswith("Two motifs meet in 1M2")
    fewer = motif_map_alt(found[:1], cues=reel[:1], characters=["Wanderer"])
    assert fewer != alt and "1 appearance" in fewer and "meet" not in fewer


def test_motif_map_html_shows_the_alt():
    reel, characters = _reel()
    found = spot_motifs(characters, reel)
    view = motif_map_html(found, cues=reel, characters=list(characters))
    assert view.html.count("<img") == 1 and str(view) == motif_map_alt(found, cues=reel, characters=list(characters))


def test_arc_figure_html_alt_changes_with_the_arc():
    calm = Arc(hero(), name="Hero").then("calm", "with_dynamics('pp')").then("storm", "octave(1)",
                                                                               "with_dynamics('ff')")
    low = Arc(hero(), name="Hero").then("calm", "octave(-1)").then("storm", "with_dynamics('ff')")
    a, b = calm.figure_html(), low.figure_html()
    assert _img_alt(a.html) == calm.plot_alt() and str(b) == low.plot_alt()
    assert str(a) != str(b) and "lowest at beat 1 (calm)" in str(b)


def test_every_arc_player_has_a_visible_line():
    arc = Arc(hero(), name="Hero").then("once").then("again", "octave(-1)")
    play = arc.play().html
    assert play.startswith(f'<div style="font-size:0.9em">{arc.listen_text()}</div><audio')
    show = arc.show(players=True).html
    for beat in arc.beats:
        assert beat.music.listen_text() in show


def test_experiment_clips_and_quiz_clips_say_what_plays():
    view = clip_players(experiment_clips(hero(), order=("noir", "western"))).html
    assert view.count("genre hidden: what place, time and person do you see?</div>") == 2
    quiz = l03.quiz_gallery(l03.transform_quiz(wanderer())).html
    assert quiz.count("<audio") == 4
    for k in range(1, 5):
        assert f">clip {k}: French Horn, 132 BPM, " in quiz


# The committed lessons themselves (alt text, no bare plots, captioned players, headings) are
# checked for every lesson by test_lesson_access.py.


# ---------------------------------------------------------------- writing exercises
def ferryman(text: str, **kw) -> Motif:
    kw = {"name": "Ferryman", "key": "D dorian", "tempo": 72, "instrument": "Cello", **kw}
    return Motif.parse(text, **kw)


def test_ferryman_reference_and_other_valid_answers_pass():
    w = wanderer()
    assert l03.check_ferryman(l03.SOLUTIONS["ferryman"][1](w), w).ok
    boat = ferryman("4/4 D2 AA4 C D F E2")
    # the reveal at half the tempo instead of doubled values; backwards and upside down, transposed
    assert l03.check_ferryman((boat, boat.invert().with_tempo(36)), w).ok
    assert l03.check_ferryman((boat, boat.retrograde_inversion().augment(2).transpose(-3)), w).ok
    # another man entirely: a bassoon in G minor, 3/4, the reveal written out by hand
    oar = ferryman("3/4 GG2 D4 C2 BB-4 AA2.", key="G minor", tempo=60, instrument="Bassoon")
    reveal = ferryman("3/4 GG2 CC4 DD2 EE-4 FF2.", key="G minor", tempo=30, instrument="Bassoon")  # in the key
    fb = l03.check_ferryman((oar, reveal), w)
    assert fb.ok, fb
    assert "inversion" in fb.notes[1] and "times as slow" in fb.notes[1]


@pytest.mark.parametrize("answer, hint", [
    (lambda: (Motif.parse("4/4 c4 d e f", name="Ferryman"),) * 2, "below middle C"),          # the starter
    (lambda: (ferryman("4/4 D2 AA4 C D F E2"), ferryman("4/4 D1 AA2 C D F E1")), "but the right way up"),
    (lambda: (ferryman("4/4 D2 AA4 C D F E2"), ferryman("4/4 D2 G4 E D BB C2")), "only 1.0 times as slow"),
    (lambda: (ferryman("4/4 D2 AA4 C D F E2", instrument="French Horn"), ferryman("4/4 D1 G2 E D BB C1")),
     "give the Ferryman his own instrument"),
    (lambda: (wanderer().octave(-1).with_instrument("Cello").with_tempo(40), wanderer()), "hears the Wanderer"),
    (lambda: (ferryman("4/4 D8 AA C D F E D C D E F G A B c d"),) * 2, "16 notes"),
    (lambda: (ferryman("4/4 D8 AA C D F E", tempo=160),) * 2, "notes a minute"),
    (lambda: ferryman("4/4 D2 AA4 C D F E2"), "as a pair"),
    (lambda: (ferryman("4/4 D2 AA4 C D F E2"), "4/4 D1 G2"), "should be a Motif"),
])
def test_ferryman_wrong_answers_get_the_right_hint(answer, hint):
    fb = l03.check_ferryman(answer(), wanderer())
    assert not fb.ok and hint in "; ".join(fb.notes), fb


def march(text: str, **kw) -> Motif:
    return Motif.parse(text, **{"name": "Resolve", "key": "C major", "tempo": 112, **kw})


def test_march_reference_and_other_valid_answers_pass():
    w = wanderer().with_tempo(112)
    assert l04.check_march(l04.SOLUTIONS["march"][1](w), w).ok
    for text, key in [("4/4 r2 c4. g8 a4 g e4. d8 c1", "C major"),                # an upbeat, 4/4
                      ("2/4 c4. g8 a4 g e4. d8 c2", "C major"),                   # 2/4, the arrival on bar 4
                      ("6/8 c4. g4 a8 g4. e4 d8 c2.", "C major"),                 # a compound march
                      ("12/8 r4. r4. r4. c4 g8 a4 g8 e4 d8 c2.", "C major"),      # arrival on 12/8's third beat
                      ("6/8 r4. c4 g8 a4 g8 e4 d8 c2.", "C major"),               # quarter-eighth in each beat
                      ("4/4 r2 c4.. g16 a4 g e4. d8 c1", "C major"),              # double-dotted
                      ("2/2 c2. g4 a2 g e2. d4 c1", "C major"),                   # 2/2, a dotted half and a quarter
                      ("4/4 r2 g4. d'8 e'-4 d' b-4. a8 g1", "G minor"),           # in minor, up a fifth
                      ("4/4 c4. g8 a4 g e4. d8 c2", "C major")]:                  # arrival mid-bar in 4/4
        fb = l04.check_march(march(text, key=key), w)
        assert fb.ok, (text, fb)


@pytest.mark.parametrize("text, hint", [
    ("3/4 c4 g8 a g4 e8 d c2", "the metre is 3/4, a dance"),                        # the starter
    ("4/4 c2 g4 a g2 e4 d c1", "no dotted stride yet"),                              # only augmented
    ("4/4 r2 c4. g4 a8 g4 e4. d4 c1", "no dotted stride yet"),                       # dotted, but 3:2 is no stride
    ("6/8 c4. g8 a g e4. d4. c2.", "in 6/8 each beat is a dotted quarter"),         # a beat and a bit
    ("6/8 c8 c4 g8 a4 g8 e4 d8 c4 r8", "no long-short stride yet"),                 # quarter-eighth across the beat
    ("4/4 r8 c4. g8 a4 g e4. d8 c2 r4.", "between beats 3 and 4 of bar 2, a weak place"),
    ("4/4 r4 c4. g8 a4 g e4. d8 c2 r4", "falls on beat 4 of bar 2, a weak beat"),
    ("2/4 c4. g8 a4 g e8. d16 c4 r2", "falls on beat 2 of bar 3"),
    ("12/8 r4. c4. g8 a4 g4. e8 d4 c2. r4.", "falls on beat 2 of bar 2"),          # beats in dotted quarters
    ("4/4 c4. g8 a4 g e4. d8 c4", "stops 3 quarter notes into bar 2"),
    ("4/4 r2 c4. a'8 c''4 a' d'4. b8 c1", "does not hear the Wanderer's intervals"),  # leaps stretched
    ("4/4 r2 c4. F8 E-4 F A-4. B-8 c1", "upside down"),                                # inverted
])
def test_march_wrong_answers_get_the_right_hint(text, hint):
    fb = l04.check_march(march(text), wanderer())
    assert not fb.ok and hint in "; ".join(fb.notes), fb


def test_new_feedback_prints_no_code():
    call = re.compile(r"\.(augment|diminish|octave|invert|retrograde|with_\w+|to_mode|transpose)\(")
    w = wanderer()
    for fb in (l03.check_ferryman((w, w), w), l03.check_ferryman(None, w), l04.check_march(w, w),
               l04.check_march(w.invert(), w), l04.check_march(None, w)):
        assert not fb.ok and not any(call.search(n) for n in fb.notes), fb
