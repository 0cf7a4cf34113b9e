"""The leitmotif: what survives a transformation, finding a motif inside a cue (every planted
copy at its offset, named), the motif map, the finder panel, and lesson 03's exercises.

Musical facts are stated here by hand (intervals, offsets in beats, transposition sizes), never
read back from the code under test."""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from scoring import Motif, Note, ScoringError, TempoMap
from scoring import exercises as E
from scoring.core.cue import Chord, Cue, Layer
from scoring.core.analysis import parsons_code
from scoring.harmony import harmonize
from scoring.leitmotif import (RELATIONS, find_motif, identity_plot, match_alt, match_roll, match_table, melody_of,
                               motif_map, spot_motifs, survival_table, what_survives)
from scoring.panels import finder_result, motif_finder

from support import motifs

#: Lesson 03's theme: C up a fifth to G, a turn (A, G), then down by step to C. 3/4, six beats.
WANDERER = "3/4 c4 g8 a g4 e8 d c2"
#: Its intervals in semitones, by hand: C-G +7, G-A +2, A-G -2, G-E -3, E-D -2, D-C -2.
WANDERER_INTERVALS = [7, 2, -2, -3, -2, -2]


def wanderer() -> Motif:
    return Motif.parse(WANDERER, name="Wanderer", key="C major", tempo=120)


def hero() -> Motif:
    return Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major", tempo=96)


# ---------------------------------------------------------------- what survives
def test_wanderer_is_what_the_lesson_says():
    from scoring.core.analysis import intervals

    assert intervals(wanderer()) == WANDERER_INTERVALS
    assert wanderer().quarter_length == 6


@pytest.mark.parametrize("version, kept", [
    # transposition: everything but the pitches themselves
    (lambda m: m.transpose(5), {"intervals", "sizes", "steps", "contour", "rhythm", "proportions"}),
    # inversion: the sizes of the steps (upside down) and the rhythm
    (lambda m: m.invert(), {"sizes", "rhythm", "proportions"}),
    # retrograde: the same notes, in another order
    (lambda m: m.retrograde(), {"pitch set"}),
    # augmentation: the same notes, note values doubled (in proportion)
    (lambda m: m.augment(2), {"pitches", "pitch set", "intervals", "sizes", "steps", "contour", "proportions"}),
    # mode change: E becomes E flat: the third is still a third, the shape and rhythm stay
    (lambda m: m.to_mode("minor"), {"steps", "contour", "rhythm", "proportions"}),
    # interval expansion: only the shape and the rhythm
    (lambda m: m.expand_intervals(2), {"contour", "rhythm", "proportions"}),
], ids=["transposition", "inversion", "retrograde", "augmentation", "mode change", "expansion"])
def test_what_survives_each_transformation(version, kept):
    """C E G C' (+4 +3 +5) and its versions: which properties a listener can still hold on to."""
    result = what_survives(hero(), version(hero()))
    assert {name for name, ok in result.items() if ok} == kept


def test_what_survives_an_unrelated_tune():
    other = Motif.parse("4/4 d8 b a f#4 e2", key="D major")
    assert not any(what_survives(hero(), other).values())


def test_survival_table_marks_each_property():
    text = survival_table(hero(), [hero().transpose(7).with_name("up a fifth"), hero().retrograde().with_name("back")])
    head, up, back = text.splitlines()
    assert head.split()[:2] == ["version", "pitches"]
    assert up.startswith("up a fifth") and up.count("x") == 6 and up.count(".") == 2
    assert back.startswith("back") and back.count("x") == 1


def test_dies_irae_contour():
    """Line 1 of the Dies irae, F E F D E C D D: down, up, down, up, down, up, repeat."""
    dies = Motif.parse("3/4 f4 e f d e c d d2", key="D dorian")
    assert parsons_code(dies) == "*dududur"


def test_identity_plot_shows_shapes_relative_to_the_first_note():
    """A transposed copy draws the same contour; an inversion draws it mirrored."""
    fig = Figure()
    axes = identity_plot([hero(), hero().transpose(5), hero().invert()], axes=fig.subplots(1, 3))
    contour = [list(line.get_ydata()) for line in axes[0].lines if len(line.get_ydata()) == 4]
    assert contour[0] == [0, 4, 7, 12]
    assert contour[1] == contour[0]
    assert contour[2] == [0, -4, -7, -12]
    steps = [list(line.get_ydata()) for line in axes[1].lines if len(line.get_ydata()) == 3]
    assert steps[0] == [4, 3, 5] and steps[2] == [-4, -3, -5]


# ---------------------------------------------------------------- find_motif
def planted_cue():
    """The Wanderer planted nine ways, each copy after one bar (3 beats) of a held low C.

    Offsets by hand: copy k starts after the previous copies and k+1 bars of filler.
    Lengths: plain 6 beats, augmented 12, diminished 3."""
    w = wanderer()
    filler = Motif.parse("3/4 C2.", key="C major")          # C3 for a bar
    copies = [
        (w, "original"),
        (w.transpose(5), "transposition +5"),
        (w.invert(), "inversion"),
        (w.retrograde(), "retrograde"),
        (w.retrograde_inversion(), "retrograde inversion"),
        (w.augment(2), "augmentation x2"),
        (w.diminish(2), "diminution /2"),
        (w.to_mode("minor"), "mode change"),
        (w.sequence([1]), "transposition +2 (diatonic)"),    # D A B A F E D: one scale step up, inside C major
    ]
    lengths = [6, 6, 6, 6, 6, 12, 3, 6, 6]
    expected, notes, t = [], [], 0
    for (copy, name), length in zip(copies, lengths):
        notes += list(filler.notes)
        t += 3
        expected.append((t, name))
        notes += list(copy.notes)
        t += length
    return w.with_notes(notes, name="Planted"), expected


def test_find_motif_finds_every_planted_copy_and_names_it():
    cue, expected = planted_cue()
    found = find_motif(wanderer(), cue)
    assert [(m.beat, m.transformation) for m in found] == [(float(b), name) for b, name in expected]
    assert all(m.length == 7 for m in found)


def test_find_motif_scores():
    """Exact copies score 1; a mode change keeps every scale step but not every semitone, so less."""
    cue, _ = planted_cue()
    found = {m.transformation: m for m in find_motif(wanderer(), cue)}
    for name in ("original", "transposition +5", "inversion", "retrograde", "retrograde inversion",
                 "augmentation x2", "diminution /2"):
        assert found[name].score == 1.0
    assert 0.8 <= found["mode change"].score < 1.0
    assert found["augmentation x2"].factor == 2 and found["diminution /2"].factor == Fraction(1, 2)
    assert found["transposition +5"].shift == 5 and found["transposition +5"].relation == "prime"
    assert found["retrograde"].relation == "retrograde"


def test_find_motif_seconds_follow_the_tempo():
    cue, expected = planted_cue()
    found = find_motif(wanderer(), cue)  # 120 BPM: half a second per beat
    assert [m.seconds for m in found] == [b * 0.5 for b, _ in expected]


def slowing_cue() -> Motif:
    """The Wanderer three times (beats 0, 6 and 12) on a clock that drops from 120 to 60 BPM at beat 6:
    beats 0-6 take 3 s (half a second each), every later beat a whole second."""
    w = wanderer()
    notes = (w + w.transpose(5) + w.invert()).notes
    return Motif(notes, name="Slowing", key="C major", time_signature="3/4",
                 tempo_map=TempoMap.constant(120, time_signature="3/4").step(6, 60))


def test_find_motif_seconds_follow_the_tempo_map():
    """By hand: beat 6 is at 3 s, beat 12 at 3 + 6 = 9 s (not 6 s, as one tempo of 120 would say)."""
    found = find_motif(wanderer(), slowing_cue())
    assert [(m.beat, m.seconds) for m in found] == [(0.0, 0.0), (6.0, 3.0), (12.0, 9.0)]


def test_spot_motifs_ends_follow_the_tempo_map():
    """The third copy starts at beat 12 (9 s) and its last note, a half note, ends at beat 18: 15 s."""
    found = spot_motifs({"Wanderer": wanderer()}, [(10, slowing_cue())])
    assert [(a.start, a.end) for a in found] == [(10.0, 13.0), (13.0, 19.0), (19.0, 25.0)]


def test_a_random_unrelated_melody_gives_no_match():
    """Chromatic random walks with random rhythms: nothing reaches the 0.8 threshold, in any of 20 melodies
    (each 64 notes, so 58 windows read four ways)."""
    for seed in range(20):
        rng = np.random.default_rng(seed)
        pitches = np.clip(60 + np.cumsum(rng.integers(-5, 6, 64)), 40, 90)
        durations = rng.choice([0.5, 1, 1.5, 2], 64)
        melody = Motif.from_notes([int(p) for p in pitches], durations=list(durations), key="C major")
        assert find_motif(wanderer(), melody) == [], seed


def test_a_copy_hidden_in_a_random_melody_is_found_once():
    rng = np.random.default_rng(3)
    pitches = np.clip(60 + np.cumsum(rng.integers(-5, 6, 30)), 40, 90)
    before = Motif.from_notes([int(p) for p in pitches[:20]], durations=1, key="C major")    # 20 beats
    after = Motif.from_notes([int(p) for p in pitches[20:]], durations=1, key="C major")
    cue = before + wanderer().invert().transpose(3) + after
    found = find_motif(wanderer(), cue)
    assert [(m.beat, m.relation) for m in found] == [(20.0, "inversion")]


def test_contour_alone_is_not_enough():
    """Keeping only the contour and rhythm (every leap changed, not in one proportion): each interval scores
    only for its direction (0.25), far below 0.8, though a very low threshold lists it as 'intervals varied'."""
    theme = wanderer()
    steps = [p for p in theme.midi if p is not None]
    bent = [steps[0]]
    for k, (a, b) in enumerate(zip(steps, steps[1:])):
        step = b - a
        bent.append(bent[-1] + (step * (3 if k % 2 else 1) if abs(step) > 2 else step + (1 if step > 0 else -1)))
    shaped = theme.with_notes([Note(p if n.pitch is not None else None, n.duration, n.velocity)
                               for n, p in zip(theme.notes, _fill(theme, bent))])
    assert parsons(shaped) == parsons(theme)
    assert find_motif(theme, shaped) == []


def test_an_expansion_is_the_motif_grown():
    """Doubling every interval keeps the contour, the rhythm and the proportions of the leaps: lesson 04's
    expansion, heard as the motif grown (0.85, like a mode change)."""
    stretched = wanderer().expand_intervals(2)
    [match] = find_motif(wanderer(), stretched)
    assert match.intervals == "expanded x2" and match.score == pytest.approx(0.85)


def test_rhythm_alone_is_not_enough_but_intervals_in_a_new_rhythm_are():
    """Beethoven's cell is short-short-short-long; the same rhythm on other intervals is not the motif, the
    same intervals in a new rhythm (a change of metre) still are, at a lower similarity."""
    cell = Motif.parse("2/4 r8 g g g e-2", key="C minor")
    same_rhythm = Motif.parse("2/4 r8 c d e g2", key="C major")        # up, up, up: no interval in common
    assert find_motif(cell, same_rhythm, threshold=0.3) == []
    waltz = Motif.parse("3/4 g4 g8 g8 e-2", key="C minor")              # the notes of the cell in 3/4
    found = find_motif(cell, waltz)
    assert len(found) == 1 and found[0].factor is None and 0.8 <= found[0].score < 1.0
    assert found[0].transformation == "rhythm changed"


def test_a_short_cell_does_not_match_a_trill():
    """F E F D against a trill B C B C: two intervals right, one only in direction; in a four-note cell
    that is not enough, whatever the rhythm."""
    cell = Motif.parse("4/4 f4 e f d", key="D dorian")
    trill = Motif.parse("4/4 " + "b'8 c'' " * 8, key="D dorian")
    assert find_motif(cell, trill) == []


def test_beethoven_answer_is_a_diatonic_transposition():
    """Beethoven 5 opens with G G G E flat, then answers F F F D: the same cell a scale step lower in C minor.
    Beats by hand: r8 G G G | E flat 2 | r8 F F F | D: the Gs start at beat 0.5, the Fs at 4.5."""
    opening = Motif.parse("2/4 r8 g g g e-2 r8 f f f d2~ d2", key="C minor", tempo=200)
    cell = Motif.parse("2/4 r8 g g g e-2", key="C minor", tempo=200)
    found = find_motif(cell, opening)
    assert [(m.beat, m.transformation) for m in found] == [(0.5, "original"), (4.5, "transposition -2 (diatonic)")]


def test_find_motif_searches_a_cue_layer():
    """The Dies irae's first four notes F E F D, augmented and two octaves down, as the bass of a cue."""
    dies = Motif.parse("4/4 f4 e f d", key="D dorian")
    tune = Motif.parse("4/4 a'2 g' f'1 e'2 d'2 c'1", key="D dorian")           # 16 beats
    bass = Layer("bass", tuple(Chord((p,), Fraction(d), 64) for p, d in ((41, 2), (40, 2), (41, 2), (38, 10))),
                 "Contrabass")                                                     # F2 E2 F2 D2: 16 beats
    cue = Cue((Layer.from_motif(tune), bass), "Requiem", "D dorian", 80)
    assert find_motif(dies, cue) == []                       # the melody does not hold it
    found = find_motif(dies, cue, layer="bass")
    assert [(m.beat, m.transformation) for m in found] == [(0.0, "transposition -24, augmentation x2")]


def test_melody_of():
    cue = harmonize(hero())
    assert melody_of(cue).midi == hero().midi
    h = hero()
    assert melody_of(h) is h                               # a motif is already a line
    assert melody_of(cue, layer="bass").midi == [36, 36]   # bar 1 and the fifth beat: both on the root C2
    with pytest.raises(ScoringError, match="search a Motif or a Cue"):
        melody_of("c4 e g")


@given(motifs(min_notes=3, max_notes=10), st.integers(-12, 12), st.integers(0, 8))
def test_a_transposed_copy_after_rests_is_found_where_it_starts(motif, shift, rest_beats):
    """Any motif of 3+ sounding notes, transposed and placed after some beats of rest, is found with
    similarity 1 at its first sounding note, as a prime with the right transposition."""
    sounding = [p for p in motif.midi if p is not None]
    if len(sounding) < 3 or not 0 <= min(sounding) + shift and max(sounding) + shift <= 127:
        return
    lead = sum((n.duration for n in motif.notes[:next(i for i, n in enumerate(motif.notes) if not n.is_rest)]),
               Fraction(0))
    notes = ([Note(None, Fraction(rest_beats))] if rest_beats else []) + list(motif.transpose(shift).notes)
    cue = motif.with_notes(notes)
    found = find_motif(motif, cue)
    assert len(found) == 1
    m = found[0]
    assert m.beat == float(rest_beats + lead) and m.score == 1.0
    assert m.relation == "prime" and m.shift == shift


@pytest.mark.parametrize("call, message", [
    (lambda: find_motif(Motif.parse("c4 e"), hero()), "at least 3"),
    (lambda: find_motif(hero(), hero(), threshold=1.5), "between 0 and 1"),
    (lambda: find_motif(hero(), hero(), relations=["sideways"]), "unknown relation 'sideways'"),
    (lambda: find_motif("c e g", hero()), "should be a Motif"),
    (lambda: find_motif(hero(), harmonize(hero()), layer="pulse"), "no 'pulse' layer"),
])
def test_find_motif_refuses_bad_input(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: find_motif(hero(), "text"), "the cue to search should be a Motif or a Cue, not str"),
    (lambda: find_motif(hero(), None), "not NoneType"),
    (lambda: find_motif(hero(), hero(), threshold=float("nan")), "threshold: nan is not a finite number"),
    (lambda: find_motif(hero(), hero(), threshold=True), "threshold: true"),
    (lambda: find_motif(hero(), hero(), threshold="high"), "give a similarity between 0 and 1"),
    (lambda: find_motif(hero(), hero(), relations=5), "relations=5"),
    (lambda: find_motif(hero(), hero(), relations=[]), "give one or more"),
    (lambda: find_motif(hero(), harmonize(hero()), layer=2), "layer=2"),
    (lambda: survival_table(hero(), [hero(), "c4 e g"]), "versions: give a Motif or a list of Motifs"),
    (lambda: survival_table("c4", [hero()]), "the original should be a Motif"),
    (lambda: identity_plot("c4 e g"), "give a Motif or a list of Motifs"),
    (lambda: identity_plot(hero(), axes=Figure().add_subplot()), "three axes"),
    (lambda: match_table("beat 4"), "the list of matches"),
    (lambda: match_roll(hero(), [1, 2], ax=Figure().add_subplot()), "the list of matches"),
    (lambda: spot_motifs({"Hero": hero()}, [(float("nan"), hero())]), "cue start: nan is not a finite number"),
    (lambda: spot_motifs({"Hero": hero()}, [hero()]), "each cue should be a pair"),
    (lambda: spot_motifs({"Hero": hero()}, hero()), "cues should be a list"),
    (lambda: spot_motifs({"Hero": "c4 e g"}, [(0, hero())]), "dict of name"),
    (lambda: motif_map(None), "the list of appearances"),
    (lambda: motif_map([], characters=["Hero"], film_seconds=float("inf")), "film_seconds: inf"),
    (lambda: motif_map([], characters="Hero"), "a list of names"),
])
def test_leitmotif_functions_refuse_bad_input_with_a_fix(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_numpy_numbers_are_accepted():
    cue = hero() + hero().invert()
    assert len(find_motif(hero(), cue, threshold=np.float32(0.8))) == 2
    assert [a.start for a in spot_motifs({"Hero": hero()}, [(np.int64(30), cue)])] == [30.0, 30.0 + 5 * 60 / 96]


def test_relations_can_be_limited():
    cue = hero() + hero().invert()
    assert [m.relation for m in find_motif(hero(), cue)] == ["prime", "inversion"]
    assert [m.relation for m in find_motif(hero(), cue, relations="prime")] == ["prime"]


def test_match_table_and_roll():
    cue, expected = planted_cue()
    found = find_motif(wanderer(), cue)
    lines = match_table(found).splitlines()
    assert len(lines) == 1 + len(expected)
    assert lines[2].split()[:2] == ["12.0", "6.00"]        # the transposed copy: beat 12, 6 s at 120 BPM
    ax = match_roll(cue, found, ax=Figure().add_subplot())
    assert [t.get_text() for t in ax.texts] == [name for _, name in expected]
    assert "no appearance" in match_table([])


def test_match_alt_says_what_the_roll_shows():
    cue, expected = planted_cue()
    alt = match_alt(cue, find_motif(wanderer(), cue))
    assert alt.startswith("piano roll of Planted: beats across, pitch up; 9 appearances of the motif shaded: ")
    assert "beat 12 (transposition +5)" in alt and "beat 48 (augmentation x2)" in alt  # 3 + 5 copies of 9 beats
    assert match_alt(cue, []).endswith("no appearance of the motif")


# ---------------------------------------------------------------- the motif map
def test_spot_motifs_places_appearances_on_the_film_timeline():
    """Two characters, two cues at 0:30 and 2:00; 120 BPM is 0.5 s a beat."""
    w, h = wanderer(), hero().with_tempo(120)
    cue1 = (w + h.invert()).with_name("1M1")            # Wanderer at beat 0, Hero inverted at beat 6
    cue2 = (h + w.retrograde()).with_name("2M1")        # Hero at beat 0, Wanderer backwards at beat 5
    reel = [(30.0, cue1), (120.0, cue2)]
    found = spot_motifs({"Wanderer": w, "Hero": h}, reel)
    assert [(a.character, a.cue, a.start, a.match.transformation) for a in found] == [
        ("Wanderer", "1M1", 30.0, "original"), ("Hero", "1M1", 33.0, "inversion"),
        ("Hero", "2M1", 120.0, "original"), ("Wanderer", "2M1", 122.5, "retrograde")]
    # the Wanderer's 6 beats last 3 s; the Hero's 5 beats 2.5 s
    assert found[0].end == 33.0 and found[2].end == 122.5
    ax = motif_map(found, cues=reel, ax=Figure().add_subplot())
    rows = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert rows["Wanderer"] > rows["Hero"]               # the first character heard is the top row
    assert len(ax.collections) == 4                       # one bar per appearance
    assert {t.get_text() for t in ax.texts} >= {"1M1", "2M1", "inv.", "retro."}


def test_spot_motifs_refuses_bad_input():
    with pytest.raises(ScoringError, match="dict of name"):
        spot_motifs([hero()], [(0.0, hero())])
    with pytest.raises(ScoringError, match="film seconds"):
        spot_motifs({"Hero": hero()}, [(-3, hero())])
    with pytest.raises(ScoringError, match="nothing to map"):
        motif_map([])


# ---------------------------------------------------------------- the finder panel
def variants_cue() -> Motif:
    """The Hero, then inverted, then in C minor with a new rhythm (1, 2, 1/2, 2 beats): the last scores
    0.9 for its steps times 0.8 for a rhythm one third in proportion, 0.72."""
    return hero() + hero().invert() + Motif.parse("4/4 c4 e-2 g8 c'2", key="C major")


def test_finder_result_follows_the_settings():
    matches, text = finder_result(hero(), variants_cue())
    assert [m.relation for m in matches] == ["prime", "inversion"]
    matches, _ = finder_result(hero(), variants_cue(), threshold=0.7)
    assert [m.transformation for m in matches][2] == "mode change, rhythm changed"
    assert matches[2].score == pytest.approx(0.72)
    matches, _ = finder_result(hero(), variants_cue(), relations=["inversion"])
    assert [m.relation for m in matches] == ["inversion"]
    with pytest.raises(ScoringError, match="at least one"):
        finder_result(hero(), variants_cue(), relations=[])


def test_motif_finder_panel():
    panel = motif_finder(hero(), variants_cue())
    top, boxes, heard, table, roll = panel.children
    threshold, which = top.children
    assert table.value.count("\n") == 2 and "<img" in roll.value      # head + two matches
    threshold.value = 0.7
    assert table.value.count("\n") == 3
    boxes.children[0].value = False                                    # no prime readings
    assert "original" not in table.value and "inversion" in table.value
    which.value = which.options[1]
    assert "<audio" in heard.value


# ---------------------------------------------------------------- lesson 03's exercises
def test_transform_quiz_clips_are_the_named_transformations():
    clips = E.transform_quiz(hero())
    assert clips[0].pitches == ["C5", "G4", "E4", "C4"]                # backwards
    assert clips[1].pitches == ["C4", "Ab3", "F3", "C3"]               # upside down
    assert clips[2].pitches == ["C4", "Eb4", "G4", "C5"]               # C minor
    assert clips[3].durations == [0.5, 0.5, 0.5, 1.0]                  # halved


def test_check_transformations_feedback():
    fb = E.check_transformations(["retrograde", "retrograde", "minor", "diminished"], hero())
    assert not fb.ok
    assert fb.notes[0] == "clip 1: yes, retrograde"
    # clip 2 is upside down: C Ab F C keeps the sizes (4, 3, 5 semitones) and the note values, and a
    # retrograde would have kept the notes C E G C (in another order), which clip 2 does not
    assert fb.notes[1].startswith("clip 2: not retrograde: a retrograde keeps the theme's pitch set, and this "
                                  "clip changes it")
    assert "clip 2 keeps the theme's sizes, rhythm and proportions and changes its pitches" in fb.notes[1]
    assert fb.notes[2:4] == ["clip 3: yes, mode change", "clip 4: yes, diminution"]
    assert "survival table" in fb.notes[4]
    assert "is not one of the names" in E.check_transformations(["sideways"] * 4, hero()).notes[0]


@pytest.mark.parametrize("truth", ["transposition", "inversion", "retrograde", "retrograde inversion",
                                   "augmentation", "diminution", "mode change"])
def test_wrong_transformation_names_get_a_hint_not_the_answer(truth):
    """Whatever wrong name a student gives, the feedback never names (or paraphrases) the answer."""
    giveaways = {"transposition": ["transpos"], "inversion": ["inversion", "upside"],
                 "retrograde": ["retrograde", "backwards", "reverse"], "retrograde inversion": ["retrograde inversion"],
                 "augmentation": ["augment"], "diminution": ["diminution"], "mode change": ["mode", "minor", "major"]}
    for guess in giveaways:
        if guess == truth:
            continue
        note = E.check_transformations([guess], wanderer(), quiz=(truth,)).notes[0]
        body = note.split(": ", 2)[2]          # what follows "clip 1: not <guess>: "
        assert note.startswith(f"clip 1: not {guess}: ")
        for word in giveaways[truth]:
            assert word not in body.replace(guess, ""), (truth, guess, note)


def test_augmentation_and_diminution_are_told_apart_by_length():
    """Both keep every property but the note values, so the hint says how long the notes are."""
    note = E.check_transformations(["diminution"], wanderer(), quiz=("augmentation",)).notes[0]
    assert "each note of this clip is twice as long as the theme's" in note
    note = E.check_transformations(["augmentation"], wanderer(), quiz=("diminution",)).notes[0]
    assert "each note of this clip is half as long as the theme's" in note


def test_hidden_cue_truth_by_hand():
    """Filler E D C (3 beats), the Hero up a fifth (5), F F E (3), inverted (5), G F E F (3), backwards at
    double speed (2.5), D C (3): starts at 3, 3+5+3 = 11, 11+5+3 = 19."""
    cue, truth = E.hidden_cue(hero())
    assert [b for b, _ in truth] == [3.0, 11.0, 19.0]
    assert cue.quarter_length == 3 + 5 + 3 + 5 + 3 + Fraction(5, 2) + 3
    assert cue.pitches[3:7] == ["G4", "B4", "D5", "G5"]


def test_check_hidden_feedback():
    fb = E.check_hidden([3, 7, 19], hero())
    assert not fb.ok
    assert "nothing starts at beat 7" in fb.notes[1]
    assert fb.notes[-1] == "one more hides between beat 3 and beat 19 (listen for: inversion)"
    assert E.check_hidden([3, 11, 19], hero()).ok
    assert not E.check_hidden([3, 11, 19, 19], hero()).ok
    assert "as numbers" in E.check_hidden(["three"], hero()).notes[0]
    assert E.check_hidden([0], hero()).notes == [
        "nothing starts at beat 0: play the notes from there against the theme, interval by interval and note "
        "length by note length; the filler shares neither (section 3, \"Finding a motif in a cue\")",
        "3 appearances are still to find; listen for transposition, inversion and retrograde + diminution"]
    assert E.check_hidden([19], hero()).notes[1:] == [
        "one more hides between the start and beat 19 (listen for: transposition)",
        "one more hides between the start and beat 19 (listen for: inversion)"]


@pytest.mark.parametrize("factor", [1.5, 2, 3])
def test_finder_hears_an_expansion_as_the_motif_grown_as_lesson_04_does(factor):
    theme = hero()
    [match] = find_motif(theme, theme.expand_intervals(factor))
    assert match.intervals.startswith("expanded") and match.score == pytest.approx(0.85)
    assert "intervals expanded" in match.transformation


def test_a_contraction_is_not_heard_back():
    """Shrunk intervals fall towards steps; a trill would match anything."""
    theme = hero()
    assert find_motif(theme, theme.expand_intervals(0.5)) == []


def test_a_line_with_the_contour_only_is_still_not_the_motif():
    theme = hero()
    # same directions, leaps that do not grow alike: contour only
    other = Motif.parse("4/4 c4 d g a'2", key="C major")
    assert find_motif(theme, other) == []


def _fill(motif, pitches):
    """The sounding pitches placed back among the motif's rests."""
    it = iter(pitches)
    return [next(it) if n.pitch is not None else None for n in motif.notes]


def parsons(motif):
    from scoring.core.analysis import parsons_code
    return parsons_code(motif)
