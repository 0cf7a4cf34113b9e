"""Lesson 01's exercises (mood): the mode quiz, the checkers and their reference solutions.

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.errors import expect
from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.exercises.feedback import DARK_MODES, Feedback, mean_pitch
from scoring.mood import apply_palette

__all__ = ["MODE_QUIZ", "check_tragic", "check_modes", "check_cold", "SOLUTIONS"]


#: The hidden modes of lesson 01's three quiz clips, in order.
MODE_QUIZ = ("phrygian", "lydian", "dorian")
_MODE_HINTS = {
    "lydian": "it has a raised fourth (F# over C): bright, floating",
    "ionian": "it is plain major", "major": "it is plain major",
    "mixolydian": "major with a flat seventh (Bb)",
    "dorian": "minor third but a raised sixth (A natural): minor with a lift",
    "aeolian": "natural minor: flat third, sixth and seventh", "minor": "natural minor: flat third, sixth and seventh",
    "phrygian": "minor with a flat second (Db) leaning on the tonic: menace",
    "locrian": "flat second and flat fifth (Gb): no stable tonic",
}


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
        notes.append(f"it is still in {melody.key}; a tragic version wants a minor mode, e.g. .to_mode('minor')")
    tempo = cue.tempo if cue is not None else melody.tempo
    if tempo > 70:
        notes.append(f"the tempo is {tempo:g} BPM; slow it to 70 or below, e.g. .with_tempo(56)")
    drop = mean_pitch(original) - mean_pitch(melody)
    if drop < 5:
        notes.append(f"the register is only {drop:.0f} semitones lower on average; go down an octave with .octave(-1)")
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
            notes.append(f"clip {i}: not {given!r}; listen again: {_MODE_HINTS[truth]}")
    return Feedback(right == len(clips), notes)


_SYNTH_PROGRAMS = set(range(80, 104)) | {38, 39, 50, 51, 62, 63}


def check_cold(answer, original: Motif) -> Feedback:
    """Exercise 3 of lesson 01: a cold version: the same melody, synthetic instruments only,
    and two octaves or more between the bass and the melody.

    Lesson: lessons/01_mood.ipynb
    """
    if not isinstance(answer, Cue):
        return Feedback(False, ["the answer should be a Cue with several layers; try apply_palette(theme, ...)"])
    notes = []
    melody = answer.melody()
    same_line = ([p % 12 if p is not None else None for p in melody.midi] ==
                 [p % 12 if p is not None else None for p in original.midi]) and melody.durations == original.durations
    if not same_line:
        notes.append("the melody changed; keep its notes and rhythm (register may move by octaves)")
    warm = [f"{l.role} ({l.instrument})" for l in answer.layers if l.program not in _SYNTH_PROGRAMS]
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


def _solution_tragic(original: Motif) -> Motif:
    return original.to_mode("minor").with_tempo(56).octave(-1)


def _solution_modes(clips=MODE_QUIZ) -> list[str]:
    return list(clips)


def _solution_cold(original: Motif):
    return apply_palette(original, "cold synthetic")


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "tragic": (check_tragic, _solution_tragic),
    "modes": (check_modes, _solution_modes),
    "cold": (check_cold, _solution_cold),
}
