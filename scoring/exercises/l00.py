"""Lesson 00's exercises (the first motif): the checkers and their reference solutions.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.core.analysis import intervals
from scoring.core.motif import Motif
from scoring.exercises.feedback import Feedback, motif_or_feedback

__all__ = ["check_first_motif", "check_mirror", "check_lament", "SOLUTIONS"]


def check_first_motif(answer) -> Feedback:
    """Exercise 1 of lesson 00: the notes C4 D4 E4 G4 as quarter notes, then C5 as a whole note.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    want_p, want_d = ["C4", "D4", "E4", "G4", "C5"], [1.0, 1.0, 1.0, 1.0, 4.0]
    got_p, got_d = answer.pitches, answer.durations
    notes = []
    if got_p != want_p:
        notes.append(f"the notes are {' '.join(map(str, got_p))}; they should be {' '.join(want_p)} "
                     "(in tinyNotation c' is C5)")
    if got_d != want_d:
        notes.append(f"the durations are {got_d}; four quarter notes then a whole note is {want_d}")
    return Feedback(not notes, notes or ["five notes, rising to the octave: a call to adventure"])


def check_mirror(answer, original: Motif) -> Feedback:
    """Exercise 2 of lesson 00: the original turned upside down and played backwards.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    target = original.retrograde_inversion()
    if answer.midi == target.midi and answer.durations == target.durations:
        return Feedback(True, ["upside down and backwards: the retrograde inversion"])
    if intervals(answer) == intervals(target) and answer.durations == target.durations:
        shift = next(a for a in answer.midi if a is not None) - next(t for t in target.midi if t is not None)
        where = f"{abs(shift) // 12} octave{'s' if abs(shift) >= 24 else ''} {'higher' if shift > 0 else 'lower'}" \
            if shift % 12 == 0 else f"{abs(shift)} semitones {'higher' if shift > 0 else 'lower'}"
        return Feedback(True, [f"the right shape: upside down and backwards; it sits {where} than "
                               "hero.retrograde_inversion() because it mirrors around another note"])
    if answer.midi == original.retrograde().midi:
        return Feedback(False, ["it is backwards but not upside down yet; add .invert() before .retrograde()"])
    if answer.midi == original.invert().midi:
        return Feedback(False, ["it is upside down but still forwards; add .retrograde()"])
    if answer.midi == original.midi:
        return Feedback(False, ["this is still the original; use .invert() and .retrograde()"])
    return Feedback(False, [f"the notes are {answer.pitches}; the retrograde inversion of the original is "
                            f"{target.pitches}"])


def check_lament(answer, original: Motif) -> Feedback:
    """Exercise 3 of lesson 00: twice as slow (note values doubled), on a cello, an octave lower.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    notes = []
    if [d for d in answer.durations] != [2 * d for d in original.durations]:
        notes.append("the note values are not doubled yet; use .augment(2)")
    if answer.instrument != "Cello":
        notes.append(f"it plays on {answer.instrument}; use .with_instrument('Cello')")
    want = [None if p is None else p - 12 for p in original.midi]
    if answer.midi != want:
        notes.append("it is not an octave lower; use .octave(-1)")
    if answer.tempo != original.tempo:
        notes.append(f"keep the tempo at {original.tempo:g} BPM: augmentation slows the notes, not the beat")
    return Feedback(not notes, notes or ["the same tune, heavier and older: augmentation, register and colour"])


def _solution_first_motif() -> Motif:
    return Motif.parse("4/4 c4 d e g c'1", name="Call")


def _solution_mirror(original: Motif) -> Motif:
    return original.invert().retrograde()


def _solution_lament(original: Motif) -> Motif:
    return original.augment(2).with_instrument("Cello").octave(-1)


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "first_motif": (check_first_motif, _solution_first_motif),
    "mirror": (check_mirror, _solution_mirror),
    "lament": (check_lament, _solution_lament),
}
