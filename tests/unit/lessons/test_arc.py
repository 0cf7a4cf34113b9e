"""The Arc: steps recorded and replayed, beats made from the theme or from earlier beats, the
explanation, one audio clip and one figure for the whole arc, the measurements, the arc editor
panel, and lesson 04's exercises. Expected values are worked out by hand in the comments."""
from __future__ import annotations

import html
import re

import numpy as np
import pytest

from scoring import Motif, ScoringError, TempoMap
from scoring.exercises import l04 as E
from scoring.arc import STEPS, Arc, Step, mean_tension, step
from scoring.core.cue import Cue
from scoring.harmony import harmonize
from scoring.panels import arc_edit, arc_editor
from scoring.tension import tension_curve

from support import rms


def hero() -> Motif:
    """C4 E4 G4 (quarters) C5 (half): 5 beats, 3.0 s at 100 BPM."""
    return Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major", tempo=100)


def story() -> Arc:
    return (Arc(hero(), name="Hero's arc")
            .then("call", "with_instrument('French Horn')", "with_dynamics('f')")
            .then("defeat", "to_mode('minor')", "augment(2)", "with_instrument('Cello')")
            .then("echo", "octave(-1)", source="previous"))


# ---------------------------------------------------------------- steps
@pytest.mark.parametrize("spec, method, args, kwargs", [
    ("augment(2)", "augment", (2,), ()),
    (".to_mode('minor')", "to_mode", ("minor",), ()),
    ("invert", "invert", (), ()),
    ("invert(diatonic=True)", "invert", (), (("diatonic", True),)),
    (("with_instrument", "Cello"), "with_instrument", ("Cello",), ()),
    ("harmonize(['Am', 'F'])", "harmonize", (["Am", "F"],), ()),
])
def test_step_reads_every_spelling(spec, method, args, kwargs):
    s = step(spec)
    assert (s.method, s.args, s.kwargs) == (method, args, kwargs)
    assert step(s) is s


@pytest.mark.parametrize("spec, message", [
    ("augment(2).invert()", "one step each"),
    ("stretch(2)", "not a step an arc knows"),
    ("augment(x)", "plain values"),
    ("augment(", "not a step"),
    (42, "not a step"),
])
def test_step_refuses_bad_specs(spec, message):
    with pytest.raises(ScoringError, match=message):
        step(spec)


@pytest.mark.parametrize("call, message", [
    (lambda: Step("augment", 2), "args=2 should be a tuple"),
    (lambda: Step(5), "5 is not a step an arc knows"),
    (lambda: Step("__class__"), "not a step an arc knows"),
    (lambda: Step("invert", (), 5), "kwargs=5 should be"),
    (lambda: Step("invert", (), {"not a name": 1}), "keyword names should be words"),
    (lambda: Step("augment", (2,)).apply("c4 e g"), "applies to a Motif"),
])
def test_step_refuses_bad_values(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_step_takes_numpy_numbers_and_a_dict_and_prints_them_plainly():
    s = Step("augment", (np.int64(2),))
    assert str(s) == "augment(2)" and s.apply(hero()).durations == [2.0, 2.0, 2.0, 4.0]
    assert str(Step("invert", (), {"diatonic": np.bool_(True)})) == "invert(diatonic=True)"
    assert Step("octave", (np.int64(-1),)).apply(hero()).pitches == ["C3", "E3", "G3", "C4"]


def test_step_prints_as_the_call_it_makes():
    assert str(Step("to_mode", ("minor",))) == "to_mode('minor')"
    assert str(Step("invert", (), (("diatonic", True),))) == "invert(diatonic=True)"
    assert set(STEPS) >= {"transpose", "invert", "retrograde", "augment", "to_mode", "fragment", "expand_intervals",
                          "with_tempo", "with_instrument", "with_dynamics", "octave", "harmonize"}


# ---------------------------------------------------------------- building
def test_each_beat_is_its_chain_applied():
    arc = story()
    assert arc.version(1) == hero().with_instrument("French Horn").with_dynamics("f").with_name("call")
    assert arc.version(2) == hero().to_mode("minor").augment(2).with_instrument("Cello").with_name("defeat")
    # beat 3 is made from beat 2: C minor, augmented, cello, an octave lower
    assert arc.version(3).pitches == ["C3", "Eb3", "G3", "C4"]
    assert arc.version(3).durations == [2.0, 2.0, 2.0, 4.0]
    assert hero().pitches == ["C4", "E4", "G4", "C5"]      # the theme is untouched


def test_explain_names_each_beat_and_its_steps():
    lines = story().explain().splitlines()
    assert lines[0].startswith("Hero's arc: the theme is Hero: C4 E4 G4 C5")
    assert lines[1:] == [
        "beat 1 (call): with_instrument('French Horn'), with_dynamics('f')",
        "beat 2 (defeat): to_mode('minor'), augment(2), with_instrument('Cello')",
        "beat 3 (echo, from beat 2): octave(-1)",
    ]
    assert repr(story()) == story().explain()


def test_a_beat_without_steps_is_the_theme():
    arc = Arc(hero()).then("as it is")
    assert arc.version(1).midi == hero().midi and arc.beats[0].chain() == "as written"


def test_with_beat_changes_one_beat_and_what_follows_from_it():
    arc = story().with_beat(2, "to_mode('dorian')", label="doubt")
    assert arc.beats[1].label == "doubt"
    assert arc.version(2).pitches == ["C4", "Eb4", "G4", "C5"]          # dorian's third is flat
    assert arc.version(3).pitches == ["C3", "Eb3", "G3", "C4"]          # the echo follows, an octave lower
    assert arc.version(3).durations == [1.0, 1.0, 1.0, 2.0]             # no longer augmented
    assert story().version(2).durations == [2.0, 2.0, 2.0, 4.0]         # the old arc is untouched
    assert arc != story() and story() == story()


def test_harmonize_makes_a_cue_and_must_come_last():
    arc = Arc(hero()).then("triumph", "with_dynamics('ff')", "harmonize('diatonic')", "apply_palette('warm orchestral')")
    cue = arc.version(1)
    assert isinstance(cue, Cue) and [l.role for l in cue.layers] == ["melody", "harmony", "bass"]
    assert cue.layer("melody").instrument == "French Horn"
    with pytest.raises(ScoringError, match=r"beat 1 \(late\), step invert\(\).*already a cue"):
        Arc(hero()).then("late", "harmonize('diatonic')", "invert")
    with pytest.raises(ScoringError, match="harmonize once"):
        Arc(hero()).then("twice", "harmonize('diatonic')", "harmonize('noir')")
    # a beat made from a harmonised beat starts from its tune
    later = arc.then("after", "to_mode('minor')", source=1)
    assert later.version(2).pitches == ["C4", "Eb4", "G4", "C5"]


def test_code_rebuilds_every_beat():
    arc = story().then("hymn", "with_tempo(60)", "harmonize('mediant')")
    text = arc.code()
    assert text.splitlines()[0] == "call = theme.with_instrument('French Horn').with_dynamics('f')"
    assert text.splitlines()[2] == "echo = defeat.octave(-1)"
    names: dict = {"theme": hero(), "harmonize": harmonize}
    exec(text, names)  # noqa: S102 - the code under test
    for b in arc.beats:
        var = b.label
        built = names[var]
        assert built.with_name(b.label) == b.music


@pytest.mark.parametrize("call, message", [
    (lambda: Arc("c4 e g"), "give a Motif"),
    (lambda: Arc(hero(), gap=-1), "gap=-1"),
    (lambda: Arc(hero()).then("x", source=1), "beat number 1-0|source=1"),
    (lambda: story().version(0), "beat 0 does not exist; this arc has beats 1-3"),
    (lambda: Arc(hero()).version(1), "no beats yet"),
    (lambda: Arc(hero()).to_audio(), "no beats yet"),
    (lambda: Arc(hero()).then("too low", "octave(-6)"), r"beat 1 \(too low\), step octave\(-6\)"),
    (lambda: Arc(hero()).then("x", "augment('twice')"), "not a number"),
    (lambda: Arc(hero(), gap=float("nan")), "gap: nan is not a finite number"),
    (lambda: Arc(hero(), gap=True), "gap: true"),
    (lambda: Arc(hero(), name=None), "name=None"),
    (lambda: Arc(hero(), name="two\nlines"), "one line"),
    (lambda: Arc(hero()).then(None), "label=None"),
    (lambda: Arc(hero()).then("x", source=1.0), "source=1.0"),
    (lambda: Arc(hero()).then("x", source=True), "source=True"),
    (lambda: story().version("2"), "beat '2' does not exist"),
    (lambda: story().with_beat(1, "stretch(2)"), "not a step an arc knows"),
    (lambda: story().code(theme="1 theme"), "name of the variable"),
    (lambda: story().plot(figsize=(9, float("nan"))), "figsize: nan"),
    (lambda: story().show(players="yes"), "players='yes'"),
    (lambda: mean_tension("c4 e g"), "measures a Motif or a Cue"),
    (lambda: arc_edit(story(), 1, "augment(2)"), "give a list of steps"),
    (lambda: arc_edit(hero(), 1, []), "edits an Arc"),
    (lambda: arc_editor(hero()), "edits an Arc"),
])
def test_arc_refuses_bad_input(call, message):
    with pytest.raises(ScoringError, match=message):
        call()


def test_arc_takes_numpy_numbers():
    arc = Arc(hero(), gap=np.float64(1.0)).then("one").then("two", "octave(-1)", source=np.int64(1))
    assert arc.starts() == [0.0, 4.0] and arc.version(np.int64(2)).pitches == ["C3", "E3", "G3", "C4"]
    assert arc.with_beat(np.int64(2), "augment(2)").version(2).durations == [2.0, 2.0, 2.0, 4.0]


def test_describe_is_explains_line_for_a_beat():
    assert story().describe(3) == "beat 3 (echo, from beat 2): octave(-1)"
    assert story().explain().splitlines()[1:] == [story().describe(k) for k in (1, 2, 3)]


def test_arc_holds_at_most_twelve_beats():
    arc = Arc(hero())
    for k in range(12):
        arc = arc.then(f"b{k}")
    with pytest.raises(ScoringError, match="at most 12"):
        arc.then("one too many")


# ---------------------------------------------------------------- hearing
def test_timing_of_the_whole_arc():
    """3.0 s (call) + 0.5 gap + 6.0 s (defeat, augmented) + 0.5 + 6.0 s (echo) = 16 s."""
    arc = story()
    assert arc.starts() == [0.0, 3.5, 10.0]
    assert arc.duration_seconds == pytest.approx(16.0)
    assert arc.summary() == "Hero's arc: 3 beats | 16.0 s"


def test_to_audio_is_one_clip_with_each_beat_in_its_place():
    arc = Arc(hero(), gap=1.0).then("one").then("two", "with_dynamics('ff')")
    samples, sr = arc.to_audio()
    assert samples.shape[0] == pytest.approx((3.0 + 1.0 + 3.0 + 1.0) * sr, abs=2)   # + 1 s of reverb tail
    beat1, beat2 = samples[int(0.1 * sr):int(2.9 * sr)], samples[int(4.1 * sr):int(6.9 * sr)]
    assert rms(beat1) > 0.005 and rms(beat2) > 1.5 * rms(beat1)                    # ff is louder than mf
    starts = [e.start for e in arc.events()]
    assert starts == pytest.approx([0.0, 0.6, 1.2, 1.8, 4.0, 4.6, 5.2, 5.8])        # 100 BPM: 0.6 s a beat


def test_time_follows_each_beats_tempo_map():
    """A theme that doubles its speed at beat 2: C4 at 0 s, E4 at 1 s (60 BPM), G4 at 2 s, C5 at 2.5 s
    (120 BPM) and the half note ends at 3.5 s; beat 2 starts after half a second of gap, at 4 s."""
    theme = Motif(hero().notes, name="Hurry", key="C major", tempo_map=TempoMap.constant(60).step(2, 120))
    arc = Arc(theme).then("one").then("two")
    assert arc.starts() == [0.0, 4.0] and arc.duration_seconds == pytest.approx(7.5)
    assert [e.start for e in arc.events()] == pytest.approx([0.0, 1.0, 2.0, 2.5, 4.0, 5.0, 6.0, 6.5])
    first = arc.metrics()[0]
    assert first["tempo"] == 60 and first["pace"] == pytest.approx(4 / 3.5)


# ---------------------------------------------------------------- measuring
def test_metrics_by_hand():
    """Register: the duration-weighted mean pitch, (60 + 64 + 67 + 2*72) / 5 = 67; an octave down is 55.
    Pace: 4 notes in 3 s; augmented, 4 notes in 6 s."""
    arc = Arc(hero()).then("as is").then("low and slow", "octave(-1)", "augment(2)").then("fast", "with_tempo(150)")
    m = arc.metrics()
    assert [round(x["register"], 6) for x in m] == [67.0, 55.0, 67.0]
    assert [round(x["pace"], 4) for x in m] == [1.3333, 0.6667, 2.0]
    assert [x["tempo"] for x in m] == [100.0, 100.0, 150.0]
    assert [x["label"] for x in m] == ["as is", "low and slow", "fast"]


def test_brightness_loudness_and_tension_move_the_right_way():
    """The same piano an octave lower is darker; ff is louder than pp; high, loud and fast is more tense."""
    arc = (Arc(hero()).then("pp low slow", "octave(-1)", "with_dynamics('pp')", "with_tempo(60)")
           .then("ff high fast", "octave(1)", "with_dynamics('ff')", "with_tempo(160)"))
    low, high = arc.metrics()
    assert low["brightness"] < high["brightness"]
    assert high["loudness"] - low["loudness"] > 6
    assert 0 <= low["tension"] < high["tension"] <= 1


def test_mean_tension_is_the_mean_of_lesson_02s_curve():
    music = story().version(2)
    assert mean_tension(music) == pytest.approx(float(np.mean(tension_curve(music).total)))


def test_table_has_a_row_per_beat():
    lines = story().table().splitlines()
    assert len(lines) == 4 and lines[0].split()[:2] == ["beat", "tempo"]
    assert lines[2].split()[:3] == ["2", "defeat", "100"]
    # the pace in notes a minute, the plot's unit: 4 notes in 3 s = 80; augmented, 4 in 6 s = 40
    assert lines[0].split()[2] == "notes/min"
    assert [int(line.split()[3]) for line in lines[1:]] == [80, 40, 40]


# ---------------------------------------------------------------- seeing
def test_plot_draws_the_arc_and_four_panels():
    arc = story()
    roll, *panels = arc.figure().axes
    assert sum(len(c.get_paths()) for c in roll.collections) == len(arc.events()) == 12   # one bar a note
    assert roll.get_xlim() == (0.0, 16.0)
    assert [t.get_text() for t in roll.texts] == ["1 call", "2 defeat", "3 echo"]
    tempo, register, brightness, tension = panels
    assert [l.get_ydata()[0] for l in tempo.lines[1:4]] == [100.0, 100.0, 100.0]
    # the pace, in notes a minute: 4 notes in 3 s = 80; augmented, 4 in 6 s = 40; the echo too
    assert list(tempo.lines[4].get_ydata()) == pytest.approx([80.0, 40.0, 40.0])
    # (60+64+67+2*72)/5 = 67; in C minor E becomes Eb: 66.8; an octave lower: 54.8
    assert [l.get_ydata()[0] for l in register.lines[1:]] == pytest.approx([67.0, 66.8, 54.8])
    assert tension.get_ylim() == (0.0, 1.0)


def test_show_has_notation_per_beat_one_arc_player_and_the_figure():
    view = story().show()
    assert view.html.count("<audio") == 1
    assert view.html.count("image/svg+xml") == 3
    assert view.html.count("image/png") == 1
    assert view.text.startswith(story().explain())
    assert story().show(players=True).html.count("<audio") == 4


def test_show_escapes_names_and_describes_every_image():
    arc = Arc(hero(), name="<b>Hero</b>").then("<script>alert(1)</script>", "octave(-1)")
    page = arc.show().html
    assert "<script>" not in page and "<b>Hero" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;Hero&lt;/b&gt;" in page
    alts = re.findall(r'alt="([^"]*)"', page)
    assert len(alts) == 2 and alts[0].startswith("notation: ")
    assert html.unescape(alts[1]).startswith("figure of <b>Hero</b>: a piano roll of its 1 beats")
    assert "tension peaks at beat 1 (&lt;script&gt;" in alts[1]


def test_plot_alt_names_the_peak_of_tension():
    """Beat 2 is an octave higher, ff and twice as fast: the most tense; beat 1 is the lowest."""
    arc = (Arc(hero(), name="Hero").then("calm", "octave(-1)", "with_dynamics('pp')")
           .then("storm", "octave(1)", "with_dynamics('ff')", "with_tempo(200)"))
    alt = arc.plot_alt()
    assert "tension peaks at beat 2 (storm)" in alt and "register sits lowest at beat 1 (calm)" in alt


# ---------------------------------------------------------------- the arc editor
def test_arc_edit_returns_the_new_arc_and_its_line():
    new, line = arc_edit(story(), 2, ["to_mode('phrygian')", "with_tempo(60)"])
    assert line == "beat 2 (defeat): to_mode('phrygian'), with_tempo(60)"
    assert new.version(2).pitches == ["C4", "Eb4", "G4", "C5"] and new.version(2).tempo == 60
    assert new.version(3).tempo == 60                          # the echo is made from beat 2


def test_arc_editor_panel_stacks_and_removes_steps():
    panel = arc_editor(story())
    top, buttons, line, beat_view, arc_view = panel.children
    beat, method, args = top.children
    add, undo, reset, whole = buttons.children
    assert "beat 1 (call)" in line.value and "<audio" in beat_view.value
    beat.value = 2
    method.value, args.value = "octave", "-1"
    add.click()
    shown = lambda: html.unescape(line.value)  # noqa: E731 - the line is escaped HTML
    assert "beat 2 (defeat): to_mode('minor'), augment(2), with_instrument('Cello'), octave(-1)" in shown()
    undo.click()
    undo.click()
    assert "beat 2 (defeat): to_mode('minor'), augment(2)</code>" in shown()
    reset.click()
    assert "with_instrument('Cello')</code>" in shown()
    method.value, args.value = "to_mode", "'sideways'"
    add.click()
    assert "unknown mode 'sideways'" in shown()
    whole.click()
    assert arc_view.value.count("<audio") == 1


def test_arc_editor_offers_arguments_that_work_for_every_transform():
    """Picking a transform fills the arguments box with a setting of it that plays."""
    from scoring.arc import STEPS
    from scoring.panels.l04 import EXAMPLE_ARGUMENTS

    assert set(EXAMPLE_ARGUMENTS) == set(STEPS)
    for name in STEPS:
        panel = arc_editor(story())
        (beat, method, args), (add, *_), line = panel.children[0].children, panel.children[1].children, panel.children[2]
        method.value = name if name != method.value else STEPS[0]
        method.value = name
        assert args.value == EXAMPLE_ARGUMENTS[name]
        add.click()
        assert f"{name}({args.value})</code>" in html.unescape(line.value), (name, line.value)


def test_arc_editor_escapes_a_beats_name():
    panel = arc_editor(Arc(hero()).then("<img src=x onerror=alert(1)>", "octave(-1)"))
    line, beat_view = panel.children[2], panel.children[3]
    assert "<img src=x" not in line.value and "&lt;img src=x onerror=alert(1)&gt;" in line.value
    assert "<img src=x" not in beat_view.value and 'alt="notation: ' in beat_view.value
    top, buttons = panel.children[0], panel.children[1]
    top.children[1].value, top.children[2].value = "with_instrument", "'<b>'"
    buttons.children[0].click()                                   # an error message quoting the input
    assert "<b>" not in line.value and "&lt;b&gt;" in line.value


def test_arc_editor_needs_beats():
    with pytest.raises(ScoringError, match="no beats yet"):
        arc_editor(Arc(hero()))


# ---------------------------------------------------------------- lesson 04's exercises
def test_beat_target_by_hand():
    t = E.beat_target(hero())
    assert t.pitches == ["C3", "Eb3", "G3", "C4"] and t.durations == [2.0, 2.0, 2.0, 4.0]
    assert (t.instrument, t.tempo, set(t.velocities)) == ("Cello", 100.0, {49})


def test_match_beat_names_only_what_is_still_off():
    almost = hero().to_mode("minor").augment(2).octave(-1).with_instrument("Cello")
    assert E.check_match_beat(almost, hero()).notes == ["the dynamics: it is mf; mourning here is soft: p or softer"]
    half_tempo = hero().to_mode("minor").with_tempo(50).octave(-1).with_instrument("Cello").with_dynamics("p")
    assert E.check_match_beat(half_tempo, hero()).ok           # heard exactly as the doubled note values
    too_slow = half_tempo.augment(2)
    notes = E.check_match_beat(too_slow, hero()).notes
    assert len(notes) == 1 and notes[0].startswith("the pace: its notes last twice as long as the target's")
    assert "keep every note" in E.check_match_beat(hero().fragment(0, 2), hero()).notes[0]


def good_arc() -> Arc:
    return (Arc(hero()).then("home")
            .then("fall", "to_mode('minor')", "with_tempo(70)", "with_dynamics('p')")
            .then("rise", "octave(1)", "with_tempo(120)", "with_dynamics('ff')"))


def test_three_beat_arc_accepts_a_fall_and_a_victory():
    assert E.check_three_beat_arc(good_arc(), hero()).ok


@pytest.mark.parametrize("change, expected", [
    # beat 2 at 110 BPM moves faster than beat 1 at 100 (beat 3 at 120 is still faster than beat 2)
    (lambda a: a.with_beat(2, "to_mode('minor')", "with_tempo(110)", "with_dynamics('p')"), r"beat 2 should move more slowly"),
    # beat 2 stays major, beat 3 goes up to lydian (still brighter than beat 2)
    (lambda a: a.with_beat(2, "augment(2)", "with_dynamics('p')").with_beat(3, "to_mode('lydian')", "octave(1)",
                                                                          "with_tempo(120)", "with_dynamics('ff')"),
     r"beat 2 should be darker than beat 1: it is in C major"),
    (lambda a: a.with_beat(3, "fragment(0, 3)", "octave(1)", "with_tempo(120)", "with_dynamics('ff')"),
     r"beat 3: the theme is no longer recognisable"),
    # beat 2's tune in C minor averages 66.8, beat 3's in C major 67: only 0.2 higher
    (lambda a: a.with_beat(3, "with_tempo(120)", "with_dynamics('ff')"), r"beat 3 should sit higher: .* 0\.2 semitones"),
    (lambda a: a.with_beat(3, "octave(1)", "with_tempo(120)", "with_dynamics('mp')"), r"beat 3 should be louder"),
    (lambda a: a.with_beat(3, "to_mode('minor')", "octave(1)", "with_tempo(120)", "with_dynamics('ff')"),
     r"beat 3 should be brighter than beat 2: it is in C minor"),
])
def test_three_beat_arc_says_which_change_is_missing(change, expected):
    fb = E.check_three_beat_arc(change(good_arc()), hero())
    assert not fb.ok and len(fb.notes) == 1
    assert re.search(expected, fb.notes[0]), fb.notes


def test_three_beat_arc_needs_three_beats_of_the_theme():
    assert "exactly 3" in E.check_three_beat_arc(Arc(hero()).then("one"), hero()).notes[0]
    other = Arc(hero().transpose(2)).then("a").then("b").then("c")
    assert "lesson's theme" in E.check_three_beat_arc(other, hero()).notes[0]


def test_pace_counts_notes_per_second():
    """The same arc with beat 2 slowed by augmentation instead of tempo also passes."""
    arc = good_arc().with_beat(2, "to_mode('minor')", "augment(2)", "with_dynamics('p')")
    assert E.check_three_beat_arc(arc, hero()).ok
    assert np.isclose(E._pace(arc.version(2)), 4 / 6)


def test_a_beat_that_makes_no_sound_reads_silent_and_the_arc_still_shows():
    """FluidR3's oboe has no samples up at C8: the beat is silent, not an error."""
    from scoring.arc import SILENT_DB

    arc = Arc(Motif.parse("4/4 c''4 b' a' g'", instrument="Oboe")).then("up", "octave(1)").then("lift", "octave(2)")
    loudness = [m["loudness"] for m in arc.metrics()]
    assert loudness[0] > -60 and loudness[1] == SILENT_DB
    assert arc._repr_html_().count("<audio") >= 1

