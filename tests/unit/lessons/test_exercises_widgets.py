"""Exercise checkers (every reference solution passes, plausible wrong answers get specific
feedback) and the explorer panel's pure core, apply_settings."""
from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

from scoring import Motif, ScoringError
from scoring import exercises as E
from scoring.panels import ExplorerSettings, apply_settings, motif_explorer, variable_name


ROOT = Path(__file__).resolve().parents[3]


def theme() -> Motif:
    """The theme the lesson exercises start from: C E G C' at 96 BPM on the horn."""
    return Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")


def extra_args(checker) -> list:
    """Values for the checker's parameters after ``answer`` that have no default."""
    params = list(inspect.signature(checker).parameters.values())[1:]
    args = []
    for p in params:
        if p.default is not inspect.Parameter.empty:
            continue
        if p.name != "original":
            raise AssertionError(f"{checker.__name__}: no test value for parameter {p.name!r}")
        args.append(theme())
    return args


#: For each exercise: plausible wrong answers and what their feedback must say.
STARTERS = {
    "first_motif": [
        (lambda: Motif.parse("4/4 c4 d e g c2"), r"c' is C5"),                   # last note an octave low
        (lambda: Motif.parse("4/4 c4 d e g c'4"), r"then a whole note"),          # last note too short
    ],
    "mirror": [
        (lambda: theme(), r"still the original"),
        (lambda: theme().retrograde(), r"runs backwards, but every leap still goes the way it went"),
        (lambda: theme().invert(), r"upside down but still runs forwards"),
        (lambda: theme().transpose(2), r"not yet the original's shape upside down and backwards"),
    ],
    "lament": [
        (lambda: theme(), r"twice as long.*cello.*not an octave lower"),
        (lambda: theme().augment(2).with_instrument("Cello"), r"^it is not an octave lower than the original"),
        (lambda: theme().augment(2).with_instrument("Cello").octave(-1).with_tempo(48), r"it lasts 4 times as long"),
    ],
    "tragic": [
        (lambda: theme(), r"minor third.*70 or below.*lower, by five semitones"),
        (lambda: theme().to_mode("minor").octave(-1), r"^the tempo is 96 BPM: grief walks slower, 70 or below"),
    ],
    "modes": [
        (lambda: ["major", "major", "major"], r"clip 1: not 'major'"),
        (lambda: "phrygian lydian dorian", r"give a list of 3 mode names"),
    ],
    "cold": [
        (lambda: theme(), r"should be a Cue"),
        (lambda: __import__("scoring.mood", fromlist=["apply_palette"]).apply_palette(theme(), "warm orchestral"),
         r"not synthetic yet"),
    ],
    "rise_and_release": [
        (lambda: theme(), r"lasts 2 bars; it needs 8 bars of build"),
        (lambda: "crescendo", r"should be a Motif or a Cue"),
    ],
    "chord_order": [
        # a semitone cluster (B) is rougher than an open fifth (C)
        (lambda: ["A", "B", "C", "D"], r"you put B before C, but B is the more tense"),
        (lambda: ["A", "B"], r"give the 4 labels A, B, C, D once each"),
    ],
    "stinger": [
        (lambda: theme(), r"is only velocity 80 \(mf\): a stinger strikes ff"),
        (lambda: 42, r"should be a Cue"),
    ],
    "transformations": [
        (lambda: ["retrograde"] * 4, r"clip 2: not retrograde"),
        (lambda: theme(), r"give a list of 4 names"),
    ],
    "hidden": [
        (lambda: [3, 11], r"one more hides between beat 11 and the end \(listen for: retrograde \+ diminution\)"),
        (lambda: [4], r"nothing starts at beat 4"),
    ],
    "match_beat": [
        (lambda: theme().to_mode("minor").augment(2), r"the register: it sits 12 semitones higher"),
        (lambda: theme(), r"^the mode: where the target sings Eb, yours sings E; listen to those notes"),   # only the notes it has
        (lambda: theme().to_mode("minor").octave(-1).with_instrument("Cello").with_dynamics("p"),
         r"^the pace: its notes last half as long as the target's"),
    ],
    "three_beat_arc": [
        (lambda: theme(), r"should be an Arc"),
    ],
}


@pytest.mark.parametrize("name", sorted(E.SOLUTIONS))
def test_reference_solution_passes(name):
    """Every exercise can be solved: its checker accepts the reference solution, with praise."""
    checker, solution = E.SOLUTIONS[name]
    args = extra_args(checker)
    feedback = checker(solution(*args), *args)
    assert feedback.ok and bool(feedback), feedback
    assert feedback.notes and all(n.strip() for n in feedback.notes)


@pytest.mark.parametrize("name", sorted(E.SOLUTIONS))
def test_starters_are_rejected_with_specific_feedback(name):
    """Plausible wrong answers are rejected, and the feedback names what is off and how to fix it.
    An exercise without listed starters must at least reject the unchanged original (and an
    unanswered None, see test_unanswered_exercises_get_feedback)."""
    checker, _ = E.SOLUTIONS[name]
    args = extra_args(checker)
    starters = STARTERS.get(name)
    if starters is None:
        starters = [(lambda: theme(), r"\S")] if args else [(lambda: None, r"\S")]
    for make, expected in starters:
        feedback = checker(make(), *args)
        assert not feedback.ok and not bool(feedback), (name, feedback)
        text = "; ".join(feedback.notes)
        assert re.search(expected, text), (name, text)


@pytest.mark.parametrize("name", ["first_motif", "mirror", "lament"])
def test_checkers_explain_an_answer_that_is_not_a_motif(name):
    """A student who hands in the tinyNotation text instead of a motif is told to build a Motif."""
    checker, _ = E.SOLUTIONS[name]
    feedback = checker("4/4 c4 d e g c'2", *extra_args(checker))
    assert not feedback.ok
    assert "should be a Motif" in feedback.notes[0]


@pytest.mark.parametrize("name", sorted(E.SOLUTIONS))
def test_unanswered_exercises_get_feedback(name):
    """A notebook's 'answer = None  # your code here' is rejected with a sentence, not an exception."""
    checker, _ = E.SOLUTIONS[name]
    feedback = checker(None, *extra_args(checker))
    assert not feedback.ok
    assert feedback.notes and feedback.notes[0].strip()


def test_lament_partial_answers_list_only_what_is_missing():
    """An answer that is slower and on the cello but not lower hears only about the octave."""
    fb = E.check_lament(theme().augment(2).with_instrument("Cello"), theme())
    assert fb.notes == ["it is not an octave lower than the original, note for note (section 4, register)"]


def test_match_beat_accepts_what_sounds_the_same():
    """Mourning at half the pace: doubled values or half the tempo; soft is p or pp; a contrabass is a low bowed string."""
    hero = theme()
    target = E.beat_target(hero)
    same = hero.to_mode("minor").octave(-1).with_tempo(hero.tempo / 2).with_instrument("Contrabass").with_dynamics("pp")
    assert E.check_match_beat(same, hero).ok, E.check_match_beat(same, hero)
    assert E.check_match_beat(target.with_dynamics("pp"), hero).ok


def test_lament_hears_a_halved_tempo_as_doubled_note_values():
    """Twice as slow is what the ear hears: doubled values, or the same values at half the tempo."""
    slow = theme().with_tempo(theme().tempo / 2).with_instrument("Cello").octave(-1)
    assert E.check_lament(slow, theme()).ok
    fast = theme().with_instrument("Cello").octave(-1)
    assert "twice as long" in repr(E.check_lament(fast, theme()))


def _wrong_answers() -> dict:
    """Plausible wrong answers to the exercises of lessons 02, 05, 06 and 07 (made lazily: some render)."""
    from scoring.devices import BUILD_CELL, build_tension, crescendo, join, ostinato, pedal, stack, stinger
    from scoring.scene import load_scene, spot
    from scoring.silence import drop_out, duck_under, general_pause, thin

    cell = Motif.parse(BUILD_CELL, name="ostinato", key="C minor", tempo=120, instrument="Cello")
    build = crescendo(stack(ostinato(cell, 2), pedal("C2", 2, tempo=120)), start="p", end="ff")
    setup, breath, dense = E.dialogue_setup(theme()), E.breath_setup(theme()), E.dense_setup(theme())
    hit = E.l05._hit_time(breath)                                    # where the picture has the stinger
    farewell = load_scene("farewell")
    ferry = spot(farewell, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0]
    harp, mara = E.farewell_motifs()
    return {
        "rise_and_release": [build_tension(["ostinato"] * 8 + ["release"]), ostinato(cell, 10), "crescendo"],
        "chord_order": [["A", "B", "C", "D"], ["B", "A", "D", "C"], "ABCD", ["A"]],
        "stinger": [join(build, stinger("cluster", tempo=120)), stinger("cluster"), build],
        "build_line": [Motif.parse("4/4 c4 d c d c d c d c1"), Motif.parse("4/4 c4 e g c' e' g' c''1"),
                       Motif.parse("4/4 c4 e g c' e' g'8 c''8 g'4 d'4 c'1"), theme()],
        "clear_dialogue": [setup, duck_under(setup, [(0.75, 4.0)]), drop_out(setup, 0, 8)],
        "breath": [breath, drop_out(breath, hit - 2.0, hit), general_pause(breath, hit, 0.5)],
        "half_onsets": [dense, thin(dense, every=2), drop_out(dense, 0, 8, layers=["melody"])],
        "room_for_lines": [Motif.parse("4/4 f4 a8 c' d'4 c'8 a g2 f4 a4 b-4 a8 g f4 e8 d c'4 a4 f2", key="F major",
                                       tempo=120, instrument="Oboe"),
                           Motif.parse("4/4 r1 r1 r1 r2 f2", key="F major", tempo=120),
                           Motif.parse("4/4 c'4 a8 r8 r2", key="F major", tempo=120)],
        "timecodes": [[10.0, 62.0, 600.6], [1, 2, 3], ["10:12"]],
        "hit_tempo": [120, 200, "11-3", "fast"],
        "three_hits": [120, 200, "11-0"],
        "hit_figure": [Motif.parse("4/4 d'8 e' f' g' a'2 r2", key="D minor", tempo=96),
                       Motif.parse("4/4 r1 r4 a8 b- c'# e' f'2", key="D minor", tempo=96),
                       Motif.parse("4/4 r1 r1 f'2", key="D minor", tempo=96)],
        "cue_numbers": [["3M1", "3M2", "3M3", "3M4", "3M5"], ["1M1", "1M2", "1M3", "1M4", "1M5"], "3M1"],
        "farewell": [ferry.with_music(ferry.sketch(100, pulse=harp, melody=mara, chords=["I"], key="F major",
                                                   thin_dialogue=False, shape=False)), ferry],
    }


#: Code in a sentence: a name followed by "(" (a call, a method, a constructor).
CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")


@pytest.mark.parametrize("name", sorted(E.SOLUTIONS))
def test_no_feedback_prints_a_solving_call(name):
    """Feedback on the starter, an empty answer or a plausible wrong answer names the music, never the
    code that solves it. Lessons 02, 05, 06 and 07 print no code at all: no name followed by '('."""
    checker, _ = E.SOLUTIONS[name]
    strict = name in STRICT
    answers = [None, theme(), theme().invert()] + (STRICT_ANSWERS()[name] if strict else [])
    for answer in answers:
        try:
            fb = checker(answer, *extra_args(checker))
        except Exception:  # noqa: BLE001 - a checker may refuse a wrong kind of answer with an error
            continue
        for note in fb.notes + [fb.question, *fb.rubric]:
            assert not re.search(r"\.(augment|diminish|octave|invert|retrograde|with_(instrument|tempo|dynamics)|to_mode"
                                 r"|transpose)\(", note), note
            assert "drop_out(" not in note, note
            assert not (strict and CALL.search(note)), (name, note)


#: The exercises whose feedback prints no code at all, and their wrong answers.
STRICT = {name for lesson in (E.l02, E.l05, E.l06, E.l07) for name in lesson.SOLUTIONS}
_WRONG: dict = {}


def STRICT_ANSWERS() -> dict:  # noqa: N802 - a lazily built constant
    if not _WRONG:
        _WRONG.update(_wrong_answers())
    return _WRONG


LESSONS = {"l02": "02_tension", "l05": "05_silence", "l06": "06_sync", "l07": "07_score_a_scene"}


@pytest.mark.parametrize("module", list(LESSONS))
def test_wrong_answers_are_rejected_and_sent_to_a_section_of_the_lesson(module):
    """Every wrong answer is rejected; its feedback names a section to reread, by the heading the
    lesson notebook really has."""
    lesson = getattr(E, module)
    notebook = ROOT / "lessons" / f"{LESSONS[module]}.ipynb"
    headings = {line.lstrip("#").strip() for cell in json.loads(notebook.read_text())["cells"]
                if cell["cell_type"] == "markdown" for line in "".join(cell["source"]).splitlines()
                if line.startswith("#")}
    for name, (checker, _) in lesson.SOLUTIONS.items():
        for answer in STRICT_ANSWERS()[name]:
            fb = checker(answer, *extra_args(checker))
            assert not fb.ok, (name, answer, fb)
            named = re.findall(r'reread "([^"]+)"', " ".join(fb.notes))
            if isinstance(answer, (list, str)) and name in ("chord_order", "cue_numbers", "timecodes", "hit_tempo",
                                                             "three_hits") and not named:
                continue                                            # a malformed answer is told its form
            assert named, (name, fb.notes)
            assert set(named) <= headings, (name, set(named) - headings)


def test_mirror_accepts_other_ways_to_the_same_notes():
    """retrograde_inversion() and invert().retrograde() are the same answer."""
    assert E.check_mirror(theme().retrograde_inversion(), theme()).ok
    assert E.check_mirror(theme().invert().retrograde(), theme()).ok


def test_modes_quiz_accepts_synonyms():
    """Ionian is major and Aeolian is minor: both names are right."""
    assert E.check_modes(["Ionian", "aeolian"], clips=("major", "minor")).ok
    assert not E.check_modes(["lydian", "aeolian"], clips=("major", "minor")).ok


def test_feedback_display():
    """Feedback prints as 'Well done' / 'Not yet' with its notes, and shows as HTML with them escaped."""
    good, bad = E.Feedback(True, ["fine"]), E.Feedback(False, ["use <b>.invert()</b>"])
    assert repr(good) == "Well done: fine"
    assert repr(bad) == "Not yet: use <b>.invert()</b>"
    html = bad._repr_html_()
    assert "Not yet" in html and "&lt;b&gt;.invert()&lt;/b&gt;" in html and "<b>.invert()" not in html


# ---------------------------------------------------------------- the explorer
SETTINGS = [
    ExplorerSettings(),
    ExplorerSettings(transform="invert", mode="minor", octave=-1),
    ExplorerSettings(transform="retrograde", tempo=60.0, instrument="Cello"),
    ExplorerSettings(transform="retrograde inversion", mode="lydian"),
    ExplorerSettings(transform="augment", octave=1, instrument="Flute"),
    ExplorerSettings(transform="diminish", mode="dorian", octave=-2, tempo=150.0, instrument="Pad 2 (warm)"),
    ExplorerSettings(tempo=96.0),
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("name", ["hero", "Hero theme"])
def test_apply_settings_code_reproduces_the_motif(settings, name):
    """Running the code the panel prints (with the motif bound to its name) makes the same motif."""
    motif = theme().with_name(name)
    new, code = apply_settings(motif, settings)
    assert isinstance(new, Motif)
    variable = variable_name(name)
    assert code.startswith(variable)
    assert eval(code, {}, {variable: motif}) == new  # noqa: S307 - the code under test


def test_apply_settings_does_what_it_says():
    """Inverted, in minor, an octave down: C E G C' becomes C3 Ab2 F2 C2, at the new tempo on the cello."""
    new, code = apply_settings(theme(), ExplorerSettings(transform="invert", mode="minor", octave=-1, tempo=60.0,
                                                         instrument="Cello"))
    assert new.pitches == ["C3", "Ab2", "F2", "C2"]
    assert (new.tempo, new.instrument) == (60.0, "Cello")
    assert code == "hero.invert().to_mode('minor').octave(-1).with_tempo(60.0).with_instrument('Cello')"


def test_apply_settings_original_is_unchanged():
    new, code = apply_settings(theme(), ExplorerSettings())
    assert new == theme() and code == "hero"


def test_apply_settings_refuses_unknown_transforms():
    with pytest.raises(ScoringError, match="unknown transform 'upside down'; choose one of"):
        apply_settings(theme(), ExplorerSettings(transform="upside down"))


@pytest.mark.parametrize("motif", [theme().fragment(0, 2), theme() + theme().invert()], ids=["fragment", "joined"])
def test_apply_settings_code_starts_with_a_variable(motif):
    """Whatever the motif's name, the printed code is a method chain on one variable."""
    _, code = apply_settings(motif, ExplorerSettings(transform="invert"))
    node = ast.parse(code, mode="eval").body
    while isinstance(node, ast.Call):
        node = node.func.value
    assert isinstance(node, ast.Name)


def test_motif_explorer_panel_updates_code_and_view():
    """Choosing 'invert' in the panel prints the code for it and shows both motifs."""
    panel = motif_explorer(theme())
    controls, code, view = panel.children
    transform = controls.children[0].children[0]
    assert "hero" in code.value and view.value.count("<audio") == 2
    transform.value = "invert"
    assert "hero.invert()" in code.value
    assert "hero.invert()" in view.value  # the new motif is shown under the code that makes it


def test_mirror_accepts_the_retrograde_inversion_around_another_note():
    """hero.retrograde().invert() mirrors around the last note: the same shape, two octaves up; right."""
    hero = Motif.parse("4/4 c4 e8 g c'2", name="Hero")
    feedback = E.check_mirror(hero.retrograde().invert(), hero)
    assert feedback.ok and "2 octaves higher" in feedback.notes[0]
    assert "retrograde_inversion" not in feedback.notes[0]           # the praise names no call that solves it


def test_mirror_accepts_a_mirror_within_the_key_and_the_same_rhythm_at_another_tempo():
    hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major", tempo=96)
    tonal = E.check_mirror(hero.invert(diatonic=True).retrograde(), hero)         # C3 F3 A3 C4
    assert tonal.ok and "within the key" in tonal.notes[0]
    assert E.check_mirror(hero.retrograde_inversion().augment(2).with_tempo(192), hero).ok   # sounds the same
    slow = E.check_mirror(hero.retrograde_inversion().augment(2), hero)                      # twice as slow
    assert not slow.ok and "2 times as long" in slow.notes[0] and "mirrored and reversed" in slow.notes[0]
    assert not E.check_mirror(hero.retrograde(), hero).ok and not E.check_mirror(hero.invert(diatonic=True), hero).ok


# ---------------------------------------------------------------- the package layout: one module per lesson
LESSONS = {"l00": "00_first_motif", "l01": "01_mood", "l02": "02_tension", "l03": "03_leitmotif",
           "l04": "04_motif_evolution", "l05": "05_silence", "l06": "06_sync", "l07": "07_score_a_scene",
           "l08": "08_genre", "l09": "09_electronic", "l10": "10_songs", "l11": "11_series"}
HEAVY = ("ipywidgets", "matplotlib", "music21", "PIL", "soundfile")   # the only imports a function may make for itself


def _modules(package: str) -> dict[str, object]:
    import importlib

    return {name: importlib.import_module(f"scoring.{package}.{name}") for name in LESSONS}


def test_solutions_are_each_lessons_own_merged_in_lesson_order():
    """Every lesson module keeps its own SOLUTIONS; the package's table is their union, no name twice."""
    lessons = _modules("exercises")
    names = [name for module in lessons.values() for name in module.SOLUTIONS]
    assert len(names) == len(set(names))
    assert list(E.SOLUTIONS) == names
    for module in lessons.values():
        for name, (checker, solution) in module.SOLUTIONS.items():
            assert E.SOLUTIONS[name] == (checker, solution)
            assert checker.__module__ == solution.__module__ == module.__name__, name


@pytest.mark.parametrize("package", ["exercises", "panels"])
def test_each_lesson_module_holds_only_its_lesson(package):
    """A lesson module's public functions and classes all teach that lesson (their docstring's Lesson: line)."""
    for name, module in _modules(package).items():
        assert module.__doc__.strip().endswith(f"Lesson: lessons/{LESSONS[name]}.ipynb")
        for public in module.__all__:
            obj = getattr(module, public)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                assert obj.__module__ == module.__name__, (module.__name__, public)
                assert f"Lesson: lessons/{LESSONS[name]}.ipynb" in (obj.__doc__ or ""), (module.__name__, public)


@pytest.mark.parametrize("package", ["exercises", "panels"])
def test_the_package_re_exports_every_lesson_name(package):
    """``scoring.exercises.check_x`` and ``scoring.panels.x`` reach each lesson module's public names."""
    import importlib

    top = importlib.import_module(f"scoring.{package}")
    assert len(top.__all__) == len(set(top.__all__))
    for module in _modules(package).values():
        for public in module.__all__:
            if public != "SOLUTIONS":
                assert public in top.__all__ and getattr(top, public) is getattr(module, public), public
    for public in top.__all__:
        obj = getattr(top, public)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, public


def _imports(path):
    """(module imported, names, inside a function?) for every import statement in a source file."""
    tree = ast.parse(path.read_text())
    local = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], id(node) in local
        elif isinstance(node, ast.ImportFrom):
            yield node.module, [a.name for a in node.names], id(node) in local


@pytest.mark.parametrize("package", ["exercises", "panels"])
def test_imports_follow_the_layering(package):
    """Imports sit at the top (a function imports only a heavy library), no private name crosses a
    module, and exercises and panels do not import each other."""
    from pathlib import Path

    import scoring

    other = {"exercises": "scoring.panels", "panels": "scoring.exercises"}[package]
    for path in sorted((Path(scoring.__file__).parent / package).glob("*.py")):
        for module, names, in_function in _imports(path):
            where = f"{path.name}: {module} {names}"
            if in_function:
                assert module.split(".")[0] in HEAVY, where
            assert not module.startswith(other), where
            assert not any(n.startswith("_") and n != "__future__" for n in names + module.split(".")), where


def test_first_motif_names_a_stray_rest_instead_of_printing_none():
    extra = E.check_first_motif(Motif.parse("4/4 c4 d e g c'1 r1"))
    assert not extra.ok and "1 rest among them" in extra.notes[0] and "None" not in repr(extra)
    assert "durations" not in repr(extra)                      # the notes' own lengths are right
    wrong = E.check_first_motif(Motif.parse("4/4 c4 r d e a c'1"))
    assert "C4 rest D4 E4 A4 C5" in wrong.notes[0]
    assert E.check_first_motif(Motif.parse("4/4 c4 d e g c'1")).ok
