"""Lesson 00's exercises (the first motif): the checkers and their reference solutions.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.core.analysis import intervals
from scoring.core.motif import Motif
from scoring.exercises.feedback import Feedback, motif_or_feedback, note_seconds

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
        return Feedback(False, ["it runs backwards, but every leap still goes the way it went: turn it upside down "
                                "too (section 3, the composer's toolkit)"])
    if answer.midi == original.invert().midi:
        return Feedback(False, ["it is upside down but still runs forwards: play it from its last note to its first "
                                "as well (section 3, the composer's toolkit)"])
    if answer.midi == original.midi:
        return Feedback(False, ["this is still the original: mirror every interval and reverse the order (section 3, "
                                "the composer's toolkit)"])
    return Feedback(False, [f"the notes are {' '.join(map(str, answer.pitches))}: not yet the original's shape upside "
                            "down and backwards; read the original's intervals from the end, each turned the other "
                            "way, and keep its note lengths in reverse order (section 3, the composer's toolkit)"])


def check_lament(answer, original: Motif) -> Feedback:
    """Exercise 3 of lesson 00: twice as slow (note values doubled), on a cello, an octave lower.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    notes = []
    # heard, not written: doubled note values and a halved tempo sound the same
    slower = [a / b for a, b in zip(note_seconds(answer), note_seconds(original))]
    if len(answer) != len(original) or any(abs(r - 2) > 1e-6 for r in slower):
        r = sum(slower) / len(slower) if slower else 0
        shown = "just as long" if abs(r - 1) < 1e-6 else f"{r:.2g} times as long"
        notes.append(f"each note should last twice as long as in the original; it lasts {shown} (section 4: "
                     "doubled note values, or the same values at half the tempo)")
    if answer.instrument != "Cello":
        notes.append(f"it plays on {answer.instrument}: a lament here wants the cello's low, bowed voice (section 4)")
    want = [None if p is None else p - 12 for p in original.midi]
    if answer.midi != want:
        notes.append("it is not an octave lower than the original, note for note (section 4, register)")
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
