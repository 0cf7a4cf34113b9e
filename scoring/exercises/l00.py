"""Lesson 00's exercises (the first motif): the checkers and their reference solutions.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.core.analysis import intervals
from scoring.core.motif import Motif
from scoring.core.pitch import note_name, parse_key
from scoring.errors import ScoringError
from scoring.exercises.feedback import Feedback, heard_keys, motif_or_feedback, note_seconds
from scoring.harmony import beat_length

__all__ = ["check_first_motif", "check_mirror", "check_lament", "check_own_motif", "SOLUTIONS"]


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
    sounding = [p for p in got_p if p is not None]
    if sounding == want_p and got_p != want_p:
        rests = len(got_p) - len(sounding)
        notes.append(f"the notes are right, with {rests} rest{'s' * (rests > 1)} among them; the exercise has none: "
                     "take the r out")
    elif got_p != want_p:
        notes.append(f"the notes are {' '.join(p or 'rest' for p in got_p)}; they should be {' '.join(want_p)} "
                     "(in tinyNotation c' is C5)")
    held = [d for p, d in zip(got_p, got_d) if p is not None]      # the notes' lengths (a rest is reported above)
    if held != want_d:
        notes.append(f"the durations are {held}; four quarter notes then a whole note is {want_d}")
    return Feedback(not notes, notes or ["five notes, rising to the octave: a call to adventure"])


def check_mirror(answer, original: Motif) -> Feedback:
    """Exercise 2 of lesson 00: the original turned upside down and played backwards.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    target = original.retrograde_inversion()
    got, want = note_seconds(answer), note_seconds(target)      # as heard: doubled values at double tempo are the same
    heard = answer.durations == target.durations or (len(got) == len(want) and
                                                     all(abs(a - b) < 1e-6 for a, b in zip(got, want)))
    mirrored = intervals(answer) == intervals(target)
    # a mirror within the key (each step turned by the same number of scale steps), around any note
    tonal = answer.midi in _tonal_mirrors(original)
    if (mirrored or tonal) and heard:
        if answer.midi == target.midi:
            return Feedback(True, ["upside down and backwards: the retrograde inversion"])
        if tonal and not mirrored:
            return Feedback(True, ["upside down and backwards, mirrored within the key: each leap turns by the same "
                                   "number of scale steps, so some change size by a half step (a tonal retrograde "
                                   "inversion; the exact mirror turns every interval by its semitones)"])
        shift = next(a for a in answer.midi if a is not None) - next(t for t in target.midi if t is not None)
        octaves, rest = divmod(abs(shift), 12)
        size = " and ".join(part for part in (f"{octaves} octave{'s' if octaves > 1 else ''}" if octaves else "",
                                              f"{rest} semitone{'s' if rest > 1 else ''}" if rest else "") if part)
        return Feedback(True, [f"the right shape: upside down and backwards; it sits {size} "
                               f"{'higher' if shift > 0 else 'lower'} than a mirror around the first note, "
                               "because it mirrors around another note"])
    if mirrored or tonal:
        ratios = {round(a / b, 6) for a, b in zip(got, want) if b}
        how = (f"each note lasts {ratios.pop():.3g} times as long as it should: keep the original's lengths (and tempo)"
               if len(ratios) == 1 else "play the original's note lengths in reverse order too")
        return Feedback(False, [f"the notes are mirrored and reversed; now the rhythm: {how}"])
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


def _tonal_mirrors(original: Motif) -> list[list]:
    """The original's retrograde inversions within its key, around every axis an octave either side
    of its range that keeps them in MIDI's range."""
    sounding = [p for p in original.midi if p is not None]
    out = []
    for axis in range(min(sounding, default=60) - 12, max(sounding, default=60) + 13):
        try:
            out.append(original.retrograde_inversion(axis, diatonic=True).midi)
        except ScoringError:        # this axis throws a note out of MIDI's range
            continue
    return out


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


def _answered_leaps(moves: list[int]) -> tuple[list[int], list[int]]:
    """The indices of the leaps (a fourth or more) and of those the next move answers (turns back, smaller)."""
    leaps = [i for i, d in enumerate(moves) if abs(d) >= 5]
    answered = [i for i in leaps if i + 1 < len(moves) and moves[i + 1] * moves[i] < 0
                and abs(moves[i + 1]) < abs(moves[i])]
    return leaps, answered


def check_own_motif(answer) -> Feedback:
    """Exercise 4 of lesson 00: your own motif: 4 to 8 notes within an octave and a half, a leap of a
    fourth or more that the line answers by turning back (a smaller move the other way), and an
    ending on the home note of its key, held at least a beat (or the longest note). Home is judged
    by ear: in the key given with ``key=``, else in a key the notes before the ending suggest (see
    :func:`~scoring.exercises.feedback.heard_keys`).

    What is measured: the number of notes, the range, each interval, what follows each leap, and
    the last note's pitch class and length. Any key, metre, rhythm, tempo or instrument will do.

    Examples
    --------
    >>> check_own_motif(Motif.parse("4/4 c4 d e f"))
    Not yet: it moves only by steps and small skips (largest 2 semitones): give it one leap of a
    fourth or more, the gesture a listener remembers (section 2: a hero leaps, a lament steps);
    it ends on F4, but the notes before it point to C major, so F sounds like a question, not
    home; land on C (section 1), or, if you hear it in another key, say which with key=

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    ps = [p for p in answer.midi if p is not None]
    lengths = [float(n.duration) for n in answer.notes if not n.is_rest]
    if len(ps) < 2:
        return Feedback(False, [f"it has {len(ps)} note{'s' * (len(ps) != 1)}; a motif needs 4 to 8 (section 1)"])
    name = lambda p: note_name(p, answer.key)  # noqa: E731
    moves = [b - a for a, b in zip(ps, ps[1:])]
    notes = []
    if not 4 <= len(ps) <= 8:
        notes.append(f"it has {len(ps)} notes; a motif is short enough to remember: 4 to 8 notes (section 1)")
    if max(ps) - min(ps) > 18:
        notes.append(f"it spans {max(ps) - min(ps)} semitones ({name(min(ps))} to {name(max(ps))}); keep it within "
                     "an octave and a half, so one voice can sing it")
    leaps, answered = _answered_leaps(moves)
    big = max(range(len(moves)), key=lambda i: abs(moves[i]))
    if not leaps:
        notes.append(f"it moves only by steps and small skips (largest {abs(moves[big])} semitones): give it one "
                     "leap of a fourth or more, the gesture a listener remembers (section 2: a hero leaps, a lament steps)")
    elif not answered:
        i = leaps[-1]
        if i == len(moves) - 1:
            why = "it is the last move, so nothing answers it"
        else:
            why = f"the next note goes on {'up' if moves[i + 1] > 0 else 'down' if moves[i + 1] < 0 else 'nowhere'}"
            if moves[i + 1] * moves[i] < 0:
                why = f"the next move back ({abs(moves[i + 1])} semitones) is as big as the leap"
        notes.append(f"the leap {name(ps[i])} to {name(ps[i + 1])} is not answered: {why}; after a leap, turn back "
                     "with a smaller move the other way (section 2: look at the contour)")
    keys = heard_keys(answer)
    ending = next((k for k in keys if (ps[-1] - parse_key(k)[0]) % 12 == 0), None)
    key = ending or keys[0]
    home = note_name(parse_key(key)[0] + 60, key)[:-1]
    if ending is None and not answer.key_estimated:
        notes.append(f"it ends on {name(ps[-1])}; land on the home note {home}, the tonic of {answer.key} (section 1)")
    elif ending is None:
        notes.append(f"it ends on {name(ps[-1])}, but the notes before it point to {keys[0]}, so "
                     f"{name(ps[-1])[:-1]} sounds like a question, not home; land on {home} (section 1), or, if you "
                     f"hear it in another key, say which with key=")
    elif lengths[-1] < beat_length(answer.time_signature) and lengths[-1] < max(lengths):
        held = lengths[-1] / beat_length(answer.time_signature)
        notes.append(f"it ends on {home} but only for {held:.2g} of a beat: hold the last note a beat or longer, "
                     "so it sounds like arriving (section 1, note values)")
    if notes:
        return Feedback(False, notes)
    i = answered[0]
    return Feedback(True, [f"{len(ps)} notes; the leap {name(ps[i])} to {name(ps[i + 1])} ({moves[i]:+d}) is answered "
                           f"by {name(ps[i + 2])}, and it comes home to {home}: a motif with a gesture and an ending"])


def _solution_first_motif() -> Motif:
    return Motif.parse("4/4 c4 d e g c'1", name="Call")


def _solution_mirror(original: Motif) -> Motif:
    return original.invert().retrograde()


def _solution_own_motif() -> Motif:
    return Motif.parse("4/4 c4 g e8 f d4 c1", name="Mine")


def _solution_lament(original: Motif) -> Motif:
    return original.augment(2).with_instrument("Cello").octave(-1)


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "first_motif": (check_first_motif, _solution_first_motif),
    "mirror": (check_mirror, _solution_mirror),
    "lament": (check_lament, _solution_lament),
    "own_motif": (check_own_motif, _solution_own_motif),
}
