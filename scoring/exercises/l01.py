"""Lesson 01's exercises (mood): the mode quiz, the checkers and their reference solutions.

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from scoring.core.cue import Cue
from scoring.core.instruments import GM_SYNTHS
from scoring.core.motif import Motif
from scoring.core.pitch import note_name, parse_key
from scoring.exercises.feedback import DARK_MODES, Feedback, mean_pitch, mode_difference
from scoring.mood import apply_palette
from scoring.render.checks import expect

__all__ = ["mode_clips", "check_tragic", "check_modes", "check_cold", "MOOD_MELODY", "check_mood_melody", "SOLUTIONS"]


#: The hidden modes of lesson 01's three quiz clips, in order.
MODE_QUIZ = ("phrygian", "lydian", "dorian")
def mode_clips(theme: Motif) -> list[Motif]:
    """Lesson 01's mode quiz: the theme in each hidden mode, named "clip 1" ..., all written with a
    C major key signature so that the notation shows every altered note as an accidental and
    nothing names the mode.

    >>> from scoring import Motif
    >>> clips = mode_clips(Motif.parse("4/4 c4 d e f g a b c'", key="C major"))
    >>> [c.name for c in clips], {c.key for c in clips}
    (['clip 1', 'clip 2', 'clip 3'], {'C major'})

    Lesson: lessons/01_mood.ipynb
    """
    expect(theme, Motif, "theme", "the lesson's theme, a Motif")
    return [replace(theme.to_mode(mode), key="C major", name=f"clip {i}") for i, mode in enumerate(MODE_QUIZ, 1)]


def _mode_hint(given: str, truth: str) -> str:
    """Which degrees of the clip differ from the mode the student named, without naming the mode."""
    try:
        diff = mode_difference(truth, given)
    except Exception:  # noqa: BLE001 - any unknown name gets the list of names
        return f"{given!r} is not a mode name; use lydian, major, mixolydian, dorian, minor, phrygian or locrian"
    return "; ".join(diff) + " (compare the mode ladder in section 1)"


def _melody(answer):
    if isinstance(answer, Cue):
        return answer.melody(), answer
    if isinstance(answer, Motif):
        return answer, None
    return None, None


def check_tragic(answer, original: Motif) -> Feedback:
    """Exercise 1 of lesson 01: make the theme tragic: a minor mode, 70 BPM or slower, a lower register.

    Lesson: lessons/01_mood.ipynb
    """
    melody, cue = _melody(answer)
    if melody is None:
        return Feedback(False, [f"the answer should be a Motif or a Cue, not {type(answer).__name__}"])
    notes = []
    mode = melody.key.split()[1]
    if mode not in DARK_MODES:
        notes.append(f"it is still in {melody.key}: a tragic version wants a minor third, a darker rung of the "
                     "mode ladder (section 1)")
    else:   # the key says minor: do the notes sing it?
        tonic = parse_key(melody.key)[0]
        classes = {p % 12 for p in melody.midi if p is not None}
        if (tonic + 4) % 12 in classes and (tonic + 3) % 12 not in classes:
            major, minor = note_name(60 + (tonic + 4) % 12, melody.key)[:-1], note_name(60 + (tonic + 3) % 12, melody.key)[:-1]
            notes.append(f"the key says {melody.key}, but the tune still sings {major}, the major third, and never "
                         f"{minor}: the notes must change, not only the name (section 1)")
    # heard, not written: doubled note values at the same tempo sound as slow as half the tempo
    tempo = (cue.tempo if cue is not None else melody.tempo) * float(original.quarter_length / melody.quarter_length)
    if tempo > 70:
        notes.append(f"the tempo is {tempo:g} BPM: grief walks slower, 70 or below (section 2)")
    drop = mean_pitch(original) - mean_pitch(melody)
    if drop < 5:
        notes.append(f"the register is only {drop:.0f} semitones lower on average: a lament sits lower, by five "
                     "semitones or more (section 2)")
    return Feedback(not notes, notes or [f"{melody.key}, {tempo:g} BPM, {drop:.0f} semitones lower: a lament"])


def check_modes(answer, clips=MODE_QUIZ) -> Feedback:
    """Exercise 2 of lesson 01: name the mode of each quiz clip.

    Lesson: lessons/01_mood.ipynb
    """


    expect(clips, (list, tuple), "clips", "MODE_QUIZ")
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != len(clips):
        return Feedback(False, [f"give a list of {len(clips)} mode names, one per clip, e.g. ['dorian', 'lydian', 'aeolian']"])
    notes, right = [], 0
    for i, (given, truth) in enumerate(zip(answer, clips), 1):
        g = str(given).strip().lower()
        if g == truth or {g, truth} <= {"major", "ionian"} or {g, truth} <= {"minor", "aeolian"}:
            right += 1
            notes.append(f"clip {i}: yes, {truth}")
        else:
            notes.append(f"clip {i}: not {given!r}: {_mode_hint(g, truth)}")
    return Feedback(right == len(clips), notes)


#: What sounds synthetic: General MIDI's synth sounds and its Synth Voice (54). A layer on one of the
#: course's own synth patches (scoring.render.analog) is synthetic whatever GM program stands in for it.
_SYNTH_PROGRAMS = GM_SYNTHS | {54}


def check_cold(answer, original: Motif) -> Feedback:
    """Exercise 3 of lesson 01: a cold version: the same melody, synthetic instruments only,
    and two octaves or more between the bass and the melody.

    Lesson: lessons/01_mood.ipynb
    """
    if not isinstance(answer, Cue):
        return Feedback(False, ["the answer should be a Cue with several layers (section 4, palettes)"])
    notes = []
    melody = answer.melody()
    same_line = ([p % 12 if p is not None else None for p in melody.midi] ==
                 [p % 12 if p is not None else None for p in original.midi]) and melody.durations == original.durations
    if not same_line:
        notes.append("the melody changed; keep its notes and rhythm (register may move by octaves)")
    warm = [f"{l.role} ({l.instrument})" for l in answer.layers
            if l.patch is None and l.program not in _SYNTH_PROGRAMS]
    if warm:
        notes.append(f"these layers are not synthetic yet: {', '.join(warm)}")
    lows = [p for l in answer.layers if l.role in ("bass", "pulse") for c in l.chords for p in c.pitches]
    if not lows:
        notes.append("there is no bass layer; harmonise first")
    else:
        gap = min(p for p in melody.midi if p is not None) - max(lows)
        if gap < 24:
            notes.append(f"the melody's lowest note is only {gap} semitones above the bass's highest; "
                         "open a gap of two octaves (move the melody up or the bass down)")
    return Feedback(not notes, notes or ["same tune, another world: synthetic colours and a wide, empty middle"])


#: What exercise 4 of lesson 01 measures for each mood a rewritten melody may carry: the scale degree
#: that colours it (semitones above the tonic) and the one it must not use, which third, the
#: register (mean MIDI pitch, at most or at least) and the pace (notes per second, at most).
MOOD_MELODY = {
    "menace": {"colour": (1, "the flat second, a half step above the tonic, leaning on it (Phrygian)"),
               "third": 3, "mean_at_most": 59, "notes_per_second": 2.5},
    "wonder": {"colour": (6, "the raised fourth, a tritone above the tonic, floating (Lydian)"),
               "third": 4, "mean_at_least": 72, "notes_per_second": 4.0},
}


def check_mood_melody(answer, mood: str = "menace") -> Feedback:
    """Exercise 4 of lesson 01: rewrite the theme's notes so the melody carries a named mood
    (``"menace"`` or ``"wonder"``, see :data:`MOOD_MELODY`).

    Measured from the notes, relative to the melody's own tonic: the mood's colour degree is
    used (the flat second for menace, the raised fourth for wonder), the third is minor for
    menace and major for wonder, the register (mean pitch below middle C for menace, from C5 up
    for wonder) and the pace (notes per second, at the written tempo). Any tonic, rhythm and
    length of four notes or more will do.

    Examples
    --------
    >>> check_mood_melody(Motif.parse("4/4 c4 e8 f g4 c'", key="C major", tempo=96), "menace")
    Not yet: no note a half step above the tonic C: menace needs the flat second, a half step
    above the tonic, leaning on it (Phrygian) (section 1, the mode ladder); its third is E, a
    major third: menace wants the minor third, Eb (section 1, the mode ladder); the mean pitch
    is F#4: menace lives low, below middle C (section 2, tempo, register, dynamics)

    Lesson: lessons/01_mood.ipynb
    """
    if not isinstance(mood, str) or mood not in MOOD_MELODY:
        return Feedback(False, [f"choose the mood as one of: {', '.join(MOOD_MELODY)}"])
    melody, _ = _melody(answer)
    if melody is None:
        return Feedback(False, [f"the answer should be a Motif (the rewritten melody), not {type(answer).__name__}"])
    ps = [p for p in melody.midi if p is not None]
    if len(ps) < 4:
        return Feedback(False, [f"it has {len(ps)} note{'s' * (len(ps) != 1)}; write a melody of four notes or more"])
    want = MOOD_MELODY[mood]
    tonic = parse_key(melody.key)[0]
    name = lambda semis: note_name(tonic + 60 + semis, melody.key)[:-1]  # noqa: E731
    degrees = {(p - tonic) % 12 for p in ps}
    notes = []
    colour, what = want["colour"]
    if colour not in degrees:
        where = "a half step above" if colour == 1 else "a tritone above"
        notes.append(f"no note {where} the tonic {name(0)}: {mood} needs {what} (section 1, the mode ladder)")
    other = 7 - want["third"]          # the other third: 4 for menace, 3 for wonder
    if other in degrees:
        size = "major" if other == 4 else "minor"
        goal = "minor" if want["third"] == 3 else "major"
        shown = note_name(tonic + 60 + other, melody.key)[:-1]
        notes.append(f"its third is {shown}, a {size} third: {mood} wants the {goal} third, "
                     f"{note_name(tonic + 60 + want['third'], melody.key.split()[0] + (' minor' if goal == 'minor' else ' major'))[:-1]} "
                     "(section 1, the mode ladder)")
    mean = sum(ps) / len(ps)
    centre = note_name(int(round(mean)), melody.key)
    if "mean_at_most" in want and mean > want["mean_at_most"]:
        notes.append(f"the mean pitch is {centre}: {mood} lives low, below middle C (section 2, tempo, register, "
                     "dynamics)")
    if "mean_at_least" in want and mean < want["mean_at_least"]:
        notes.append(f"the mean pitch is {centre}: {mood} floats high, from C5 up (section 2, tempo, register, "
                     "dynamics)")
    pace = len(ps) / melody.duration_seconds
    if pace > want["notes_per_second"]:
        notes.append(f"it plays {pace:.1f} notes a second: {mood} moves slower, {want['notes_per_second']:g} or fewer "
                     "(longer notes or a slower tempo; section 2, tempo, register, dynamics)")
    if notes:
        return Feedback(False, notes)
    return Feedback(True, [f"{name(colour)} colours it, the third is {name(want['third'])}, the mean pitch "
                           f"{centre}, {pace:.1f} notes a second: {mood}, written in notes"])


def _solution_tragic(original: Motif) -> Motif:
    return original.to_mode("minor").with_tempo(56).octave(-1)


def _solution_modes(clips=MODE_QUIZ) -> list[str]:
    return list(clips)


def _solution_mood_melody() -> Motif:
    return Motif.parse("4/4 C2 D-4 C8 E- F2 G4 A-8 G D-2 C2", name="menace", key="C phrygian", tempo=66)


def _solution_cold(original: Motif):
    return apply_palette(original, "cold synthetic")


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "tragic": (check_tragic, _solution_tragic),
    "modes": (check_modes, _solution_modes),
    "cold": (check_cold, _solution_cold),
    "mood_melody": (check_mood_melody, _solution_mood_melody),
}
