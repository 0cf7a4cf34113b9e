"""Genre (lesson 08): the recipes as data and what each puts into the music (checked by reading the
notes), the detector, the classroom experiment's CSV, the views, the genre switcher and survey, and
the lesson's exercises (each checker accepts its solution and valid alternatives, rejects the starter).

Expected notes are worked out by hand from the theme: C E G C' B | A G F A | G D' C' B G | E D C."""
from __future__ import annotations

import csv
import os
import re
from fractions import Fraction

import pytest

from scoring import Motif, ScoringError
from scoring import exercises as E
from scoring.core.cue import Chord, Cue, Layer
from scoring.mood import LIFT_CEILING, apply_palette
from scoring.genre import (ANSWER_FIELDS, DIES_IRAE, DIES_IRAE_INTERVALS, EXPERIMENT_ORDER, GENRES, RECIPES, experiment_clips,
                           genre_scores, guess, in_genre, read_answers, recipe, record_answers, reveal_table,
                           signifiers, strong_beat_clashes, tally, to_compound)
from scoring.genre_view import (FAMILIES, clip_players, feature_alt, feature_plot, features, genre_card, reveal_html,
                                signifier_html)
from scoring.panels import INGREDIENTS, genre_survey, genre_switch, genre_switcher
from scoring.render import html

THEME = "4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2"


def theme() -> Motif:
    return Motif.parse(THEME, name="Theme", key="C major", tempo=96, instrument="French Horn")


def waltz() -> Motif:
    """A second original tune, in 3/4 and A minor, to show the recipes work on any motif."""
    return Motif.parse("3/4 a4 c'8 b a4 e'2 d'4 c'4 b8 a g#4 a2.", name="Waltz", key="A minor", tempo=90)


def names(cue: Cue, role: str) -> list[str]:
    return ["-".join(c.names(cue.key)) if c.pitches else "rest" for c in cue.layer(role).chords]


def sig_names(music) -> set[str]:
    return {s.name for s in signifiers(music)}


# ---------------------------------------------------------------- recipes
def test_every_genre_has_a_recipe_with_features_a_source_and_films():
    assert set(RECIPES) == set(GENRES) and len(GENRES) == 7
    for r in RECIPES.values():
        assert len(r.features) >= 3 and r.source and r.films and r.chords


def test_sources_are_public_and_cite_only_what_they_cover():
    """Ten Little Title Tunes is cited for the western and crime tunes only; no recipe cites the course itself."""
    assert all("course brief" not in r.source for r in RECIPES.values())
    assert all("Tagg" in RECIPES[g].source for g in ("western", "noir"))
    assert all("Tagg" not in RECIPES[g].source for g in ("sci-fi", "horror", "romance", "adventure", "comedy"))
    assert "Lehman" in RECIPES["sci-fi"].source and "Dies irae" in RECIPES["horror"].source


def test_recipe_reads_names_and_aliases_and_refuses_others():
    assert recipe("Crime").name == "noir" and recipe("science fiction").name == "sci-fi"
    assert recipe(RECIPES["horror"]) is RECIPES["horror"]
    with pytest.raises(ScoringError, match="unknown genre 'musical'; choose one of: western"):
        recipe("musical")
    with pytest.raises(ScoringError, match="takes a Motif"):
        in_genre("c4 e g", "western")


@pytest.mark.parametrize("genre", GENRES)
@pytest.mark.parametrize("make", [theme, waltz])
@pytest.mark.parametrize("intro", [False, True])
def test_each_recipe_is_heard_as_its_genre(genre, make, intro):
    """The detector names the genre each recipe was made as, on two different tunes, with or without intro."""
    assert guess(in_genre(make(), genre, intro=intro)) == genre


@pytest.mark.parametrize("genre", [g for g in GENRES if g != "horror"])
@pytest.mark.parametrize("make", [theme, waltz])
def test_no_melody_note_rubs_against_its_chord_on_a_strong_beat(genre, make):
    assert strong_beat_clashes(in_genre(make(), genre, intro=True)) == []


def test_horror_clashes_on_purpose():
    assert len(strong_beat_clashes(in_genre(theme(), "horror"))) >= 2


def test_western_is_mixolydian_in_six_eight_over_open_fifths_and_a_gallop():
    cue = in_genre(theme(), "western", intro=True)
    assert cue.key == "C mixolydian" and cue.time_signature == "6/8"
    tune = cue.melody().pitches
    assert "Bb4" in tune and "B4" not in tune                       # the flat seventh replaces B
    assert names(cue, "harmony")[:3] == ["C3-G3", "C3-G3", "C3-F3-Bb3"]   # intro, open fifth, quartal
    gallop = cue.layer("pulse").chords[:4]
    assert [c.duration for c in gallop] == [1, Fraction(1, 2)] * 2 and gallop[0].names("C major") == ["C3", "G3"]


def test_noir_has_the_minor_major_seventh_a_flat_fifth_chord_and_an_eighth_note_ostinato():
    cue = in_genre(theme(), "noir", intro=True)
    chords = names(cue, "harmony")
    assert chords[0] == "C3-Eb3-G3-B3" and "F3-Ab3-C4-D4" in chords   # i m(maj7); D-F-Ab-C half-diminished
    assert cue.melody().pitches[:3] == [None, "C4", "Eb4"]
    bass = cue.layer("bass").chords
    assert {c.duration for c in bass} == {Fraction(1, 2)} and len(bass) == 40


def test_sci_fi_is_lydian_over_chromatic_mediants_after_a_whole_tone_run():
    cue = in_genre(theme(), "sci-fi", intro=True)
    assert "F#4" in cue.melody().pitches and "F4" not in cue.melody().pitches
    assert "A3-C#4-E4" in names(cue, "harmony")
    run = [c.pitches[0] for c in cue.layer("pulse").chords[:8]]
    assert [b - a for a, b in zip(run, run[1:])][:6] == [2] * 6
    assert all(cue.layers[i].program >= 80 or cue.layers[i].program == 38 for i in range(4))


def test_horror_is_high_and_low_with_a_cluster_and_the_dies_irae_in_the_tuba():
    cue = in_genre(theme(), "horror")
    assert cue.melody().pitches[:3] == ["C6", "Eb6", "Gb6"]
    assert names(cue, "harmony")[0] == "C3-Db3-D3-Eb3"
    assert names(cue, "bass")[:4] == ["Eb2", "D2", "Eb2", "C2"] and cue.layer("bass").instrument == "Tuba"


def test_romance_opens_on_a_major_seventh_and_adventure_on_flat_six_flat_seven_home():
    romance = in_genre(theme(), "romance", intro=True)
    assert names(romance, "harmony")[0] == "C3-E3-G3-B3"                   # Cmaj7 under the harp
    assert "major-seventh or added-sixth chords" in sig_names(romance)
    adventure = in_genre(theme(), "adventure", intro=True)
    assert names(adventure, "harmony")[:3] == ["Ab2-C3-Eb3", "Bb2-D3-F3", "C3-E3-G3"]
    assert names(adventure, "bass")[:3] == ["Ab1", "Bb1", "C2"]
    assert "major chords on flat six or flat seven in a major key" in sig_names(adventure)
    timpani = [p for c in adventure.layer("pulse").chords for p in c.pitches]
    assert min(timpani) >= 38                                              # not below D2, the usual bottom
    sci_fi = in_genre(theme(), "sci-fi", intro=True)
    assert names(sci_fi, "pulse")[0] == "C4"                               # the whole-tone run starts at middle C


def test_compound_tempo_is_given_in_both_beats():
    assert "♩ = 168 (♩. = 112)" in in_genre(theme(), "western").notes
    assert "♩ = 66," in in_genre(theme(), "romance").notes


def test_comedy_is_an_oom_pah_under_a_fast_staccato_bassoon():
    cue = in_genre(theme(), "comedy")
    assert cue.tempo == 144 and cue.layer("melody").articulation == "staccato"
    assert names(cue, "bass")[:4] == ["C2", "rest", "G2", "rest"]
    assert names(cue, "harmony")[:2] == ["rest", "C3-E3-G3"]


def test_the_intro_adds_exactly_one_bar_and_leaves_the_tune_alone():
    plain, intro = in_genre(theme(), "romance"), in_genre(theme(), "romance", intro=True)
    assert intro.quarter_length - plain.quarter_length == 4
    assert intro.melody().pitches[1:] == plain.melody().pitches


@pytest.mark.parametrize("metre, lengths", [("4/4", ["1", "1", "2"]), ("3/4", ["1", "1", "1"]),
                                           ("2/4", ["1/2", "1/2", "1"]), ("2/2", ["1", "1", "2"]),
                                           ("6/8", ["1", "1/2", "3/2"]), ("3/8", ["1/2", "1/2", "1/2"]),
                                           ("1/4", ["1/2", "1/2"])])
def test_the_adventure_intro_fits_its_progression_into_any_bar(metre, lengths):
    """Flat six, flat seven, home: a chord a beat where the bar has the beats, else the chords before
    home share the beats before it (in 1/4 only flat seven and home fit); the intro is still one bar."""
    tune = Motif.parse(f"{metre} c4 d e f g a b c'", name="March")
    cue, plain = in_genre(tune, "adventure", intro=True), in_genre(tune, "adventure")
    bar = cue.quarter_length - plain.quarter_length
    harmony = cue.layer("harmony").chords
    count = len(lengths)
    assert [str(c.duration) for c in harmony[:count]] == lengths
    assert sum(c.duration for c in harmony[:count]) == bar
    assert names(cue, "harmony")[:count] == ["Ab2-C3-Eb3", "Bb2-D3-F3", "C3-E3-G3"][-count:]
    assert [c.duration for c in cue.layer("bass").chords[:count]] == [c.duration for c in harmony[:count]]


def test_every_setting_of_the_genre_switcher_makes_music():
    """Each genre, with each ingredient borrowed from each other genre, with and without the intro."""
    for genre in GENRES:
        for borrow in INGREDIENTS:
            for source in GENRES if borrow != "nothing" else GENRES[:1]:
                for intro in (True, False):
                    assert genre_switch(theme(), genre, borrow=borrow, source=source, intro=intro).layers


def test_to_compound_makes_beats_dotted_and_eighth_pairs_long_short():
    m = to_compound(Motif.parse("4/4 c4 d8 e f2 g16 a b c' d'4 e'4"))
    assert m.time_signature == "6/8"
    assert m.durations == [1.5, 1.0, 0.5, 3.0, 0.5, 0.5, 0.25, 0.25, 1.5, 1.5]
    assert m.quarter_length == Fraction(3, 2) * 7          # seven quarter beats, each now dotted
    assert to_compound(Motif.parse("3/4 c4 d e")).time_signature == "9/8"
    already = Motif.parse("6/8 c4 d8")
    assert to_compound(already) is already


# ---------------------------------------------------------------- the detector
def test_the_dies_irae_is_found_in_any_transposition_and_layer_and_not_in_a_scale():
    dies = Motif.parse(DIES_IRAE, key="D dorian")
    assert [b - a for a, b in zip(dies.midi, dies.midi[1:])] == list(DIES_IRAE_INTERVALS)
    assert "the Dies irae" in sig_names(dies.transpose(7).octave(-2))
    assert "the Dies irae" not in sig_names(Motif.parse("4/4 c4 d e f g a b c'"))
    assert "the Dies irae" not in sig_names(Motif.parse("4/4 e4 d e c"))   # the same shape, but whole tones


def test_chords_are_named_by_what_sounds():
    def cue(*chords):
        return Cue((Layer("melody", (Chord((72,), 4 * len(chords)),)),
                    Layer("harmony", tuple(Chord(c, 4) for c in chords))), key="C major")
    assert "clusters" in sig_names(cue((48, 49, 50, 51)))
    assert "minor-major seventh" in sig_names(cue((48, 51, 55, 59)))
    assert "open fifths" in sig_names(cue((48, 55)))
    assert "quartal harmony (stacked fourths)" in sig_names(cue((50, 55, 60)))
    assert "chromatic mediants" in sig_names(cue((48, 52, 55), (56, 60, 63)))
    assert "chromatic mediants" not in sig_names(cue((48, 52, 55), (53, 57, 60)))    # C to F is no mediant
    assert not sig_names(cue((48, 52, 55))) & {"clusters", "minor-major seventh", "open fifths"}


def test_a_single_line_can_carry_legato_staccato_a_dotted_march_and_a_pentatonic_major():
    slow = Motif.parse("4/4 c2 e4 g a2 g f2 e4 d c1", tempo=66, instrument="Violin")
    assert "slow legato strings on the tune" in sig_names(slow)
    assert "slow legato strings on the tune" not in sig_names(slow.with_tempo(120))
    fast = Motif.parse("4/4 c8 e g c' b a g e f a g f e d c4", tempo=144, instrument="Bassoon")
    assert "fast staccato tune" in sig_names(fast) and "fast staccato tune" not in sig_names(fast.with_tempo(100))
    march = Motif.parse("4/4 c4. e8 g4. c'8 g4. e8 c2", tempo=112)
    assert "dotted march rhythm" in sig_names(march)
    assert "dotted march rhythm" not in sig_names(Motif.parse("6/8 c4. e8 g4 c'4. g8 e4"))   # in 6/8 that is no dot
    pentatonic = Motif.parse("4/4 c4 d e g a2 g4 e d2 c2", tempo=66)
    assert "major mode" in sig_names(pentatonic) and "pentatonic melody" in sig_names(pentatonic)
    assert "major mode" not in sig_names(Motif.parse("4/4 c4 d e- f g2", tempo=66))


def test_scores_add_the_weights_and_a_tie_is_no_guess():
    ride = Motif.parse("6/8 c4 g8 b-4 g8 c'4 g8 e4 c8", key="C mixolydian", instrument="Harmonica")
    assert genre_scores(ride) == {"western": 5.0} and guess(ride) == "western"
    low = Motif.parse(DIES_IRAE, key="D dorian").octave(-2).with_instrument("Synth Bass 2")
    assert genre_scores(low)["horror"] == genre_scores(low)["sci-fi"] and guess(low) is None
    with pytest.raises(ScoringError, match="listens to a Motif or a Cue"):
        signifiers("c4 e g")


# ---------------------------------------------------------------- the experiment
def test_the_answer_key_stays_in_the_package():
    clips = experiment_clips(theme())
    assert [c.name for c in clips] == [f"clip {i}" for i in range(1, 8)] and sorted(EXPERIMENT_ORDER) == sorted(GENRES)
    assert [c.layers for c in clips] == [in_genre(theme(), g, intro=True).layers for g in EXPERIMENT_ORDER]


def test_clip_labels_give_the_length_the_player_shows():
    clip = experiment_clips(theme(), order=("romance",))[0]
    samples, sr = clip.to_audio()
    page = clip_players([clip])._repr_html_()
    assert f"{len(samples) / sr:.0f} s, genre hidden" in page and len(samples) / sr > clip.duration_seconds


def test_clips_are_unlabelled():
    clips = experiment_clips(theme(), order=("noir", "horror"))
    assert [c.name for c in clips] == ["clip 1", "clip 2"] and all(c.notes == "" for c in clips)
    page = clip_players(clips)._repr_html_()
    assert page.count("<audio") == 2 and "<img" not in page
    assert not re.search("|".join(GENRES), page)


def test_answers_are_appended_with_one_header_and_formulas_defused(tmp_path):
    path = tmp_path / "answers.csv"
    record_answers(path, "Ana", [("horror", "=HYPERLINK(\"x\")"), ("western", "horses, dust")])
    record_answers(str(path), "+Ben", [("horror", "@rain"), ("-noir", "stars\nships")])
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(ANSWER_FIELDS) and len(rows) == 5
    assert rows[1][3] == "'=HYPERLINK(\"x\")" and rows[3][0] == "'+Ben" and rows[4][2] == "'-noir"
    assert rows[3][3] == "'@rain" and rows[4][3] == "stars\nships"
    back = read_answers(path)
    assert back[1]["images"] == "horses, dust"
    assert tally(back, ["horror", "noir"]) == [
        {"clip": 1, "made as": "horror", "answers": 2, "right": 2, "most named": "horror"},
        {"clip": 2, "made as": "noir", "answers": 2, "right": 0, "most named": "-noir"}]


def test_answers_go_only_where_they_may(tmp_path):
    with pytest.raises(ScoringError, match="does not exist"):
        record_answers(tmp_path / "nowhere" / "a.csv", "Ana", [("noir", "")])
    with pytest.raises(ScoringError, match="should end in .csv"):
        record_answers(tmp_path / "a.txt", "Ana", [("noir", "")])
    target = tmp_path / "real.csv"
    target.write_text("")
    os.symlink(target, tmp_path / "link.csv")
    with pytest.raises(ScoringError, match="symbolic link"):
        record_answers(tmp_path / "link.csv", "Ana", [("noir", "")])
    with pytest.raises(ScoringError, match="student's name"):
        record_answers(tmp_path / "a.csv", "  ", [("noir", "")])
    with pytest.raises(ScoringError, match="pair of texts"):
        record_answers(tmp_path / "a.csv", "Ana", [("noir",)])
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ScoringError, match="not an answers file"):
        read_answers(tmp_path / "other.csv")


def test_the_reveal_names_each_clips_genre_the_class_and_the_signifiers(tmp_path):
    clips = experiment_clips(theme(), order=("western",))
    rows = [{"student": "a", "clip": "1", "genre": "western", "images": ""}]
    text = reveal_table(clips, ("western",), rows)
    assert text.splitlines()[0] == "clip 1: western (class: 1 of 1 said western; most named western)"
    assert "galloping rhythm" in text
    view = reveal_html(clips, ("western",), rows)
    assert str(view) == text and "1 of 1 (western most named)" in view._repr_html_()
    assert '<td style="text-align:left"><ul' in view._repr_html_()


# ---------------------------------------------------------------- views and panels
def test_feature_plots_of_different_cues_share_their_scales():
    """The genre switcher shows one cue at a time: a slower metre is a shorter bar on the same scale."""
    limits = []
    for genre in ("romance", "comedy", "horror"):
        fig = feature_plot([in_genre(theme(), genre)], figsize=(11.0, 1.6))
        limits.append([ax.get_xlim() for ax in fig.axes])
        metre = fig.axes[2].patches[0].get_width()
        assert metre == features(in_genre(theme(), genre))["beats per minute"]
        html.figure_png(fig, dpi=50)
    assert limits[0] == limits[1] == limits[2]
    assert limits[0][1:4] == [(0, 5.0), (0, 180.0), (21, 108)]


def test_feature_plot_has_five_panels_and_its_numbers_are_the_features():
    cues = [in_genre(theme(), g) for g in ("western", "horror")]
    fig = feature_plot(cues)
    assert [ax.get_title() for ax in fig.axes] == ["mode", "harmony", "metre", "register", "timbre"]
    f = features(cues[0])
    assert (f["mode"], f["metre"], f["beats per minute"], f["compound"]) == ("mixolydian", "6/8", 112.0, True)
    assert features(cues[1])["dissonance"] == 5.0 and features(cues[1])["highest"] == 97   # Db7: D5 flattened (Locrian), two octaves up
    alt = feature_alt(cues)
    assert alt.count("\n") == 3 and "dissonant ics" not in alt
    assert alt.splitlines()[-1] == ("To notice: no single panel separates every version; Theme (horror) has the most "
                                    "dissonant harmony (5 dissonant intervals per chord) and the widest register (C2 to Db7)")
    assert feature_alt(cues[:1]).count("\n") == 1                     # one version: nothing to compare
    with pytest.raises(ScoringError, match="labels"):
        feature_plot(cues, labels=["one"])


def test_timbre_families_put_harp_and_timpani_outside_the_strings():
    assert {46, 47} & FAMILIES["strings"] == set() and 46 in FAMILIES["keys, harp and guitars"]
    assert 47 in FAMILIES["timpani and percussion"] and {40, 44, 45, 48} <= FAMILIES["strings"]
    romance = features(in_genre(theme(), "romance"))["timbre"]
    assert romance["keys, harp and guitars"] > 0                        # the harp is counted as a harp


def test_signifier_list_and_card_are_escaped():
    page = signifier_html(Motif.parse("6/8 c4 g8 b-4 g8 c'4 g8 e4 c8", key="C mixolydian", instrument="Harmonica"))
    assert page.count("<li>") == 4 and "points to: western 5" in page
    card = genre_card(in_genre(theme().with_name("<script>"), "noir"))
    assert "<script>" not in card and "&lt;script&gt;" in card


def test_genre_switch_borrows_one_ingredient():
    base = genre_switch(theme(), "romance", intro=False)
    assert base == in_genre(theme(), "romance", name=base.name)
    synth = genre_switch(theme(), "romance", borrow="instruments", source="sci-fi", intro=False)
    assert synth.layer("melody").instrument == "Lead 1 (square)" and synth.key == "C major"
    swung = genre_switch(theme(), "comedy", borrow="metre", source="western")
    assert swung.time_signature == "6/8" and guess(swung) == "comedy"
    dark = genre_switch(theme(), "romance", borrow="accompaniment", source="horror")
    assert names(dark, "bass")[4:8] == ["Eb2", "D2", "Eb2", "C2"]      # after the intro bar
    assert "the Dies irae" in sig_names(dark) and "harp timbres" not in sig_names(dark)
    assert set(INGREDIENTS) >= {"mode", "metre", "chords", "accompaniment", "instruments", "tempo"}
    with pytest.raises(ScoringError, match="borrow="):
        genre_switch(theme(), "romance", borrow="everything")


def test_the_switcher_follows_its_controls():
    panel = genre_switcher({"Theme": theme()})
    assert str(panel).startswith("Genre switcher")
    boxes, status, view, plot = panel.children
    genre = boxes.children[0].children[1]
    assert view.value.count("data:audio/mpeg;base64,") == 1                     # the view a lesson saves
    genre.value = "horror"
    assert "Tremolo Strings" in view.value and "clusters" in view.value and plot.value.count("<img") == 1
    assert view.value.count("data:audio/flac;base64,") == 1 and "audio/mpeg" not in view.value


def test_the_survey_saves_to_the_chosen_folder(tmp_path):
    panel = genre_survey(2, folder=str(tmp_path))
    who, row1, row2, where, save, status = panel.children
    who.value = "Ana"
    row1.children[0].value, row1.children[1].value = "western", "=dust"
    save.click()
    assert "saved to" in status.value
    assert read_answers(tmp_path / "genre_answers.csv")[0]["images"] == "'=dust"
    where.value = str(tmp_path / "missing")
    save.click()
    assert "does not exist" in status.value
    with pytest.raises(ScoringError, match="number of clips"):
        genre_survey(0)


# ---------------------------------------------------------------- exercises
def test_dies_irae_accepts_any_start_octave_and_note_value():
    for text in (DIES_IRAE, "3/4 a4 g# a f# g# e f# f#2", "4/4 f2 e f d e c d d1", "3/4 f'4 e' f' d' e' c' d' d'2.",
                 "3/4 D4 C# D BB C# AA BB BB2"):
        assert E.check_dies_irae(Motif.parse(text)).ok, text


def test_dies_irae_names_the_wrong_step_and_the_rhythm():
    fb = E.check_dies_irae(Motif.parse("3/4 f4 e f d e c d d4"))
    assert not fb.ok and "hold the last note longer" in fb.notes[0]
    fb = E.check_dies_irae(Motif.parse("3/4 f4 e- f d e c d d2"))
    assert not fb.ok and "(F to E) the chant goes down a semitone; yours goes down a whole tone" in fb.notes[0]
    fb = E.check_dies_irae(Motif.parse("3/4 f4 e f d e c d"))
    assert "8 notes" in fb.notes[0]


def test_dies_irae_names_a_note_in_the_wrong_octave():
    fb = E.check_dies_irae(Motif.parse("3/4 f4 e f d e C d d2"))
    assert not fb.ok and fb.notes == ["note 6 (C in the chant's spelling) is the right note in the wrong octave: "
                                      "1 octave too low; the chant moves by step or a third, never a leap"]
    fb = E.check_dies_irae(Motif.parse("3/4 f4 e f d e c d' d'2"))
    assert [n[:7] for n in fb.notes] == ["note 7 ", "note 8 "] and "too high" in fb.notes[0]
    assert E.l08.SOLUTIONS["dies_irae"][1]().pitches[0] == "D3"           # the exercise asks for it on D
    fb = E.check_dies_irae(Motif.parse("3/4 D4 D D D D D D D2"))            # the starter
    assert "(F to E) the chant goes down a semitone; yours stays on the same note" in fb.notes[0]
    fb = E.check_dies_irae(Motif.parse("3/4 f4 e- f d e C d d2"))          # a wrong step and an octave slip
    assert "(E to C): right note, wrong octave; the chant goes down a major third, yours goes down 16" in fb.notes[2]


def _romance(**changes) -> Cue:
    from dataclasses import replace
    return in_genre(theme(), replace(RECIPES["romance"], **changes))


def _up(cue: Cue, semitones: int = 24) -> Cue:
    tune = cue.layer("melody")
    raised = tuple(Chord(tuple(p + semitones for p in c.pitches), c.duration, c.velocity) for c in tune.chords)
    return cue.with_layers([tune.with_(chords=raised)] + [l for l in cue.layers if l.role != "melody"])


def test_genre_swap_accepts_any_two_ingredients_that_make_horror():
    horror = RECIPES["horror"]
    cluster = {"chords": horror.chords, "clashes": True}
    for label, answer in [("reference", E.l08.SOLUTIONS["genre_swap"][1](theme())),
                          ("chords and mode", _romance(mode="locrian", **cluster)),
                          ("chords and bass", _romance(bass_line="dies irae", **cluster)),
                          ("mode and bass", _romance(mode="locrian", bass_line="dies irae")),
                          ("chords and register, with intro", _up(genre_switch(theme(), "romance", borrow="chords")))]:
        fb = E.check_genre_swap(answer, theme(), "horror")
        assert fb.ok, (label, fb)
        assert "same violin and orchestral harp, now horror" in fb.notes[0]
    for tune in (waltz(), Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96)):   # new chords move the bass's roots only
        assert E.check_genre_swap(E.l08.SOLUTIONS["genre_swap"][1](tune), tune).ok, tune.name


def test_genre_swap_counts_a_new_metre_or_mode_as_one_ingredient():
    """A new metre re-bars the chords and bass, a new mode re-spells the chords: one change each."""
    changes = lambda cue: E.l08._changes(cue, theme(), "romance")  # noqa: E731
    metre = changes(_romance(compound=True))
    assert len(metre) == 1 and metre[0].startswith("metre (4/4 -> 6/8")
    mode = changes(_romance(mode="minor"))
    assert len(mode) == 1 and mode[0].startswith("mode (")
    both = changes(_romance(compound=True, chords=RECIPES["horror"].chords, clashes=True))
    assert len(both) == 2 and both[1] == "the chords"
    assert changes(_romance(compound=True, bass_line="dies irae"))[1:] == ["the bass"]
    horror = in_genre(theme(), "horror")
    extra = in_genre(theme(), "romance").with_layers(
        list(in_genre(theme(), "romance").layers) + [horror.layer("bass").with_(role="fx")])
    assert changes(extra) == ["the layers (added fx)"]          # a layer on top is an ingredient too


def test_genre_swap_rejects_the_starter_the_horror_recipe_three_changes_and_a_new_tune():
    fb = E.check_genre_swap(in_genre(theme(), "romance"), theme(), "horror")
    assert not fb.ok and "romance 4; horror must come first" in fb.notes[0]
    fb = E.check_genre_swap(in_genre(theme(), "horror"), theme(), "horror")      # the one-call answer
    assert not fb.ok and "keep the romance's orchestral harp playing" in fb.notes[0]
    fb = E.check_genre_swap(_up(_romance(mode="locrian", chords=RECIPES["horror"].chords, clashes=True)), theme())
    assert not fb.ok and fb.notes[0].startswith("you changed 3 ingredients (mode (C major -> C locrian), the tune's "
                                                "register, the chords)")
    fb = E.check_genre_swap(genre_switch(theme(), "romance", borrow="chords"), theme())
    assert not fb.ok and "romance 3, horror 2" in fb.notes[0]                   # one ingredient is not enough
    lead = _romance(melody="Tremolo Strings", bass_line="dies irae", chords=RECIPES["horror"].chords, clashes=True)
    assert "keep the romance's Violin on the tune" in E.check_genre_swap(lead, theme()).notes[0]
    other = in_genre(theme().invert(), "horror")
    fb = E.check_genre_swap(other, theme(), "horror")
    assert not fb.ok and "the tune changed" in fb.notes[0]
    assert "should be a Cue or a Motif" in E.check_genre_swap("horror", theme()).notes[0]


def test_opening_accepts_openings_in_several_genres():
    assert E.check_opening(E.l08.SOLUTIONS["opening"][1](), "western").ok
    short = Motif.parse("4/4 c4 e g c' b a g2 e4 d c2", name="Short")
    for g in ("noir", "horror", "sci-fi", "comedy"):
        fb = E.check_opening(in_genre(short, g, intro=True), g)
        assert fb.ok, (g, fb)
        assert any(f"-> {g}" in n for n in fb.notes)
    love = Motif.parse("4/4 c2 e4 g a2 g f2 e4 d c1", tempo=66, instrument="Violin")
    assert E.check_opening(love, "romance").ok                             # a single line: slow strings count as legato
    romp = Motif.parse("4/4 c8 e g c' b a g e f a g f e d c4 c8 e g c' b a g e f a g f e d c4", tempo=144,
                       instrument="Bassoon")
    assert E.check_opening(romp, "comedy").ok
    fb = E.check_opening(E.l08.SOLUTIONS["opening"][1](), "Western")       # names are read as recipe() reads them
    assert fb.ok and fb.notes[-1].startswith("a western opening")
    march = Motif.parse("4/4 c4. e8 g4. c'8 g4. e8 c2 c4. e8 g4. c'8 g4. e8 c2", tempo=112, instrument="French Horn")
    fb = E.check_opening(march, "adventure")
    assert fb.ok and fb.notes[-1].startswith("an adventure opening")


def test_opening_rejects_the_starter_a_wrong_length_and_the_wrong_genre():
    fb = E.check_opening(Motif.parse("4/4 c4 d e f g a b c' c'4 b a g f e d c"), None)
    assert not fb.ok and "only 1 signifier points to adventure" in fb.notes[-1]
    fb = E.check_opening(Motif.parse("4/4 c4 d e f"))
    assert not fb.ok and "lasts 1 bars of 4/4" in fb.notes[0]
    fb = E.check_opening(E.l08.SOLUTIONS["opening"][1](), "horror")
    assert not fb.ok and "you chose horror, but western leads" in fb.notes[-1]
    assert "choose one of" in E.check_opening(theme(), "musical").notes[0]


@pytest.mark.parametrize("top", ["c''", "g''", "c'''", "g'''"])
def test_horror_lifts_the_tune_as_high_as_the_violin_reaches_and_no_higher(top):
    theme = Motif.parse(f"4/4 c'4 e' g' {top}", name="High", key="C major")
    tune_ = in_genre(theme, "horror").melody().midi
    lifted = tune_[0] - theme.midi[0]
    assert max(tune_) <= LIFT_CEILING and lifted % 12 == 0
    assert lifted == 12 * min(2, (LIFT_CEILING - max(theme.midi)) // 12)      # as many octaves as fit, up to two
    assert max(tune_) + 12 > LIFT_CEILING or lifted == 24                     # one more would pass the top


def test_a_palette_lifts_a_high_tune_only_as_far_as_the_ceiling():
    theme = Motif.parse("4/4 c'''4 e''' g''' c''''", name="Very high", key="C major")      # C6 to C7
    assert apply_palette(theme, "cold synthetic").melody().midi == theme.midi          # not lifted past A7
    low = Motif.parse("4/4 c4 e g c'", name="Low", key="C major")
    assert [p - 12 for p in apply_palette(low, "cold synthetic").melody().midi] == low.midi


def test_tuba_and_bassoon_are_comic_only_when_they_bounce():
    """The cartoon oom-pah is comic; horror's held Dies irae on the tuba is not."""
    theme = Motif.parse("4/4 c4 g e8 f d4 c1", name="T")
    comic = lambda music: [s.evidence for s in signifiers(music) if s.name == "comic timbres"]  # noqa: E731
    assert comic(in_genre(theme, "horror")) == []
    assert comic(in_genre(theme, "comedy")) == ["Bassoon, Pizzicato Strings, Tuba"]
    assert comic(Motif.parse("3/4 D4 C# D BB C# AA BB BB2", instrument="Tuba", key="B minor")) == []
    assert comic(Motif.parse("2/4 C8 r G r C r G r", instrument="Tuba")) == ["Tuba"]
    assert comic(Motif.parse("4/4 c8 d e f g4 c", instrument="Bassoon")) == ["Bassoon"]
    assert comic(Motif.parse("4/4 c2 d e1", instrument="Bassoon")) == []
    assert comic(Motif.parse("4/4 C8 D E- F G F E- D C1", instrument="Tuba", tempo=40)) == []   # a dirge
    assert comic(Motif.parse("4/4 GG8 C2..", instrument="Tuba")) == []                          # too few notes
    assert comic(Motif.parse("4/4 C4 G C G C G C G", instrument="Tuba", tempo=200)) == ["Tuba"]


def test_only_a_compound_metre_is_heard_as_the_western_lilt():
    names = lambda text: [s.name for s in signifiers(Motif.parse(text, name="T"))]  # noqa: E731
    assert "compound metre" in names("6/8 c4 e8 g4 e8 c4.")
    assert "compound metre" not in names("3/8 c8 e g c'4.")      # three eighths: a simple triple metre
