"""Exercise checkers: specific feedback for a student's answer, and the reference solutions.

Each checker returns a :class:`Feedback` that says what is right or what is still off. The
reference solutions live here too, so the tests prove every exercise can be solved and every
checker accepts the solution and rejects the starter.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Callable

from .model import Motif


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``ok`` and the lines that explain it.

    Examples
    --------
    >>> Feedback(False, ["the motif is still in C major; try .to_mode('minor')"])
    Not yet: the motif is still in C major; try .to_mode('minor')

    Lesson: lessons/00_first_motif.ipynb
    """

    ok: bool
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        head = "Well done: " if self.ok else "Not yet: "
        return head + "; ".join(self.notes) if self.notes else head.rstrip(": ")

    def _repr_html_(self) -> str:
        colour, mark = ("#1b7a32", "✔") if self.ok else ("#a4461b", "✘")
        items = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        title = "Well done" if self.ok else "Not yet"
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px">'
                f'<b style="color:{colour}">{mark} {title}</b><ul style="margin:2px 0">{items}</ul></div>')


def _motif_or_feedback(answer) -> Feedback | None:
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, not {type(answer).__name__}; "
                                "build one with Motif.parse(...) or a transform"])
    return None


def check_first_motif(answer) -> Feedback:
    """Exercise 1 of lesson 00: the notes C4 D4 E4 G4 as quarter notes, then C5 as a half note.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad:
        return bad
    want_p, want_d = ["C4", "D4", "E4", "G4", "C5"], [1.0, 1.0, 1.0, 1.0, 2.0]
    got_p, got_d = answer.pitches, answer.durations
    notes = []
    if got_p != want_p:
        notes.append(f"the notes are {' '.join(map(str, got_p))}; they should be {' '.join(want_p)} "
                     "(in tinyNotation c' is C5)")
    if got_d != want_d:
        notes.append(f"the durations are {got_d}; four quarter notes then a half note is {want_d}")
    return Feedback(not notes, notes or ["five notes, rising to the octave: a call to adventure"])


def check_mirror(answer, original: Motif) -> Feedback:
    """Exercise 2 of lesson 00: the original turned upside down and played backwards.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad:
        return bad
    target = original.retrograde_inversion()
    if answer.midi == target.midi and answer.durations == target.durations:
        return Feedback(True, ["upside down and backwards: the retrograde inversion"])
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
    bad = _motif_or_feedback(answer)
    if bad:
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
    return Motif.parse("4/4 c4 d e g c'2", name="Call")


def _solution_mirror(original: Motif) -> Motif:
    return original.invert().retrograde()


def _solution_lament(original: Motif) -> Motif:
    return original.augment(2).with_instrument("Cello").octave(-1)


#: name -> (checker, reference solution); the solution takes the same extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "first_motif": (check_first_motif, _solution_first_motif),
    "mirror": (check_mirror, _solution_mirror),
    "lament": (check_lament, _solution_lament),
}
