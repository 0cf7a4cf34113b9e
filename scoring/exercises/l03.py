"""Lesson 03's exercises (the leitmotif): the transformation quiz, the hidden-appearance cue, the
checkers and their reference solutions.

Lesson: lessons/03_leitmotif.ipynb
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from scoring.errors import ScoringError
from scoring.core.motif import Motif
from scoring.core.notes import Note
from scoring.core.pitch import from_scale_degree, parse_key
from scoring.exercises.feedback import Feedback, opposite_mode
from scoring.leitmotif import find_motif, what_survives
from scoring.render.checks import expect, items, show

__all__ = ["TRANSFORM_QUIZ", "HIDDEN_PLAN", "transform_quiz", "check_transformations", "hidden_cue",
           "check_hidden", "SOLUTIONS"]


#: Lesson 03's quiz: the hidden transformation of each clip, in order.
TRANSFORM_QUIZ: tuple[str, ...] = ("retrograde", "inversion", "mode change", "diminution")
#: Names a student may use for each transformation.
_TRANSFORM_SYNONYMS = {
    "transposition": ("transposition", "transposed", "transpose"),
    "inversion": ("inversion", "inverted", "invert", "upside down"),
    "retrograde": ("retrograde", "backwards", "reversed", "reverse"),
    "retrograde inversion": ("retrograde inversion", "retrograde_inversion", "ri", "inverted retrograde"),
    "augmentation": ("augmentation", "augmented", "augment"),
    "diminution": ("diminution", "diminished", "diminish"),
    "mode change": ("mode change", "mode", "to_mode", "minor", "major", "modal change", "change of mode"),
}


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _article(name: str) -> str:
    return "an" if name[0] in "aeiou" else "a"


def _transform_hint(original: Motif, clip: Motif, guess: str, index: int) -> str:
    """Why ``guess`` cannot have made ``clip``, and what the clip keeps and changes of the theme,
    without naming the transformation that did make it."""
    kept = what_survives(original, clip)
    would = what_survives(original, _transformed(original, guess))
    missing = [p for p, ok in would.items() if ok and not kept[p]]
    extra = [p for p, ok in kept.items() if ok and not would[p]]
    a = _article(guess)
    if missing:
        them = "it" if len(missing) == 1 else "them"
        why = f"{a} {guess} keeps the theme's {_listing(missing)}, and this clip changes {them}"
    elif extra:
        why = f"this clip keeps the theme's {_listing(extra)}, which {a} {guess} would change"
    else:
        ratio = clip.quarter_length / original.quarter_length
        length = ("twice as long" if ratio == 2 else "half as long" if ratio * 2 == 1 else
                  "as long" if ratio == 1 else f"{float(ratio):g} times as long")
        why = f"{a} {guess} would keep the same properties, but each note of this clip is {length} as the theme's"
    has = [p for p, ok in kept.items() if ok]
    lost = [p for p, ok in kept.items() if not ok]
    what = (f"clip {index} keeps the theme's {_listing(has)}" if has else
            f"clip {index} keeps none of the theme's properties read note by note")
    if lost and has:
        what += f" and changes its {_listing(lost)}"
    return f"clip {index}: not {guess}: {why} — {what}"


def _transformed(original: Motif, name: str) -> Motif:
    makers = {
        "transposition": lambda m: m.transpose(5), "inversion": lambda m: m.invert(),
        "retrograde": lambda m: m.retrograde(), "retrograde inversion": lambda m: m.retrograde_inversion(),
        "augmentation": lambda m: m.augment(2), "diminution": lambda m: m.diminish(2),
        "mode change": lambda m: m.to_mode(opposite_mode(m.key)),
    }
    return makers[name](original)


def _quiz(quiz: object) -> list[str]:
    """``quiz`` checked: a list of transformation names (a student's synonyms count)."""
    fix = f"leave quiz out (the lesson's quiz), or give names like {list(TRANSFORM_QUIZ[:2])!r}"
    names = []
    for q in items(quiz, "quiz", fix, most=20):
        name = _transform_name(q) if isinstance(q, str) else None
        if name is None:
            raise ScoringError(f"quiz holds {show(q)}, not a transformation; choose from "
                               f"{', '.join(_TRANSFORM_SYNONYMS)}")
        names.append(name)
    return names


def transform_quiz(original: Motif, *, quiz: tuple[str, ...] = TRANSFORM_QUIZ) -> list[Motif]:
    """The clips of lesson 03's quiz: clip *i* is ``original`` under the *i*-th hidden transformation.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> [clip.pitches for clip in transform_quiz(hero)][:2]
    [['C5', 'G4', 'E4', 'C4'], ['C4', 'Ab3', 'F3', 'C3']]

    Lesson: lessons/03_leitmotif.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    quiz = _quiz(quiz)
    return [_transformed(original, q).with_name(f"clip {i}") for i, q in enumerate(quiz, 1)]


def _transform_name(text) -> str | None:
    t = str(text).strip().lower().replace("-", " ")
    for name, words in _TRANSFORM_SYNONYMS.items():
        if t in words:
            return name
    return None


def check_transformations(answer: object, original: Motif, *, quiz: tuple[str, ...] = TRANSFORM_QUIZ) -> Feedback:
    """Exercise 1 of lesson 03: name the transformation that made each quiz clip from the theme.

    A wrong name is answered with a hint, never with the answer: what the named transformation
    would keep that the clip changes, and what the clip keeps and changes of the theme (read from
    :func:`scoring.leitmotif.what_survives`), to find in the lesson's survival table.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_transformations(["retrograde", "retrograde", "mode change", "diminution"], hero)
    Not yet: clip 1: yes, retrograde; clip 2: not retrograde: a retrograde keeps the theme's pitch
    set, and this clip changes it — clip 2 keeps the theme's sizes, rhythm and proportions and
    changes its pitches, pitch set, intervals, steps and contour; clip 3: yes, mode change; clip 4:
    yes, diminution; find each pattern of kept properties in the survival table of section 1, then
    listen again

    Lesson: lessons/03_leitmotif.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    quiz = _quiz(quiz)
    choices = ", ".join(f"'{n}'" for n in _TRANSFORM_SYNONYMS)
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)) or len(answer) != len(quiz):
        return Feedback(False, [f"give a list of {len(quiz)} names, one per clip, chosen from {choices}"])
    notes, right, hinted = [], 0, False
    for i, (given, truth, clip) in enumerate(zip(answer, quiz, transform_quiz(original, quiz=quiz)), 1):
        name = _transform_name(given)
        if name == truth:
            right += 1
            notes.append(f"clip {i}: yes, {truth}")
        elif name is None:
            notes.append(f"clip {i}: {given!r} is not one of the names; choose from {choices}")
        else:
            notes.append(_transform_hint(original, clip, name, i))
            hinted = True
    if hinted:
        notes.append("find each pattern of kept properties in the survival table of section 1, then listen again")
    return Feedback(right == len(quiz), notes)


#: Where lesson 03's hidden cue hides the theme: (transformation, what is done to the theme).
HIDDEN_PLAN: tuple[str, ...] = ("transposition", "inversion", "retrograde + diminution")


def _filler(original: Motif, degrees: list[int], durations: list[float]) -> Motif:
    pc, _, mode = parse_key(original.key)
    first = next(p for p in original.midi if p is not None)
    octave = (first - pc) // 12
    loud = next(n.velocity for n in original.notes if not n.is_rest)
    notes = [Note(from_scale_degree(octave, d, 0, pc, mode), Fraction(d2).limit_denominator(8), loud)
             for d, d2 in zip(degrees, durations)]
    return original.with_notes(notes)


def hidden_cue(original: Motif) -> tuple[Motif, list[tuple[float, str]]]:
    """Lesson 03's hidden-appearance cue and the truth: the theme hidden three times (transposed up a
    fifth, inverted, backwards at double speed) between plain stepwise filler; returns the cue and
    a list of (start beat, transformation).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> cue, truth = hidden_cue(hero)
    >>> truth
    [(3.0, 'transposition'), (11.0, 'inversion'), (19.0, 'retrograde + diminution')]

    Lesson: lessons/03_leitmotif.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    a = _filler(original, [2, 1, 0], [1, 1, 1])
    b = _filler(original, [3, 3, 2], [1, 0.5, 1.5])
    c = _filler(original, [4, 3, 2, 3], [1, 1, 0.5, 0.5])
    d = _filler(original, [1, 0], [1, 2])
    copies = [original.transpose(7), original.invert(), original.retrograde().diminish(2)]
    parts = [a, copies[0], b, copies[1], c, copies[2], d]
    notes: list[Note] = []
    truth, t = [], Fraction(0)
    for k, part in enumerate(parts):
        if k % 2 == 1:
            lead = next(i for i, n in enumerate(part.notes) if not n.is_rest)
            truth.append((float(t + sum((n.duration for n in part.notes[:lead]), Fraction(0))), HIDDEN_PLAN[k // 2]))
        notes += part.notes
        t += part.quarter_length
    return original.with_notes(notes, name="Hidden"), truth


def check_hidden(answer: object, original: Motif) -> Feedback:
    """Exercise 2 of lesson 03: the beats where the theme starts in the hidden cue, however it is transformed.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_hidden([3, 11], hero)
    Not yet: yes, beat 3: the transposition; yes, beat 11: the inversion; one more hides between beat 11 and the end (listen for: retrograde + diminution)

    Lesson: lessons/03_leitmotif.ipynb
    """
    cue, truth = hidden_cue(original)
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        return Feedback(False, ["give a list of beats (numbers), e.g. [4, 12.5]: where each appearance starts, "
                                "counting quarter notes from 0"])
    try:
        given = sorted(float(x) for x in answer)
    except (TypeError, ValueError):
        return Feedback(False, ["give the beats as numbers, e.g. [4, 12.5]; find_motif(...) gives each match's .beat"])
    notes, found = [], set()
    for beat in given:
        hit = next((k for k, (b, _) in enumerate(truth) if abs(b - beat) < 0.01), None)
        if hit is None:
            notes.append(f"nothing starts at beat {beat:g}: play the notes from there against the theme, interval by "
                         "interval and note length by note length; the filler shares neither (section 3, \"Finding "
                         "a motif in a cue\")")
        elif hit in found:
            notes.append(f"beat {beat:g} is listed twice")
        else:
            found.add(hit)
            notes.append(f"yes, beat {beat:g}: the {truth[hit][1]}")
    missing = [k for k in range(len(truth)) if k not in found]
    if not found:
        kinds = [truth[k][1] for k in missing]
        notes.append(f"{len(missing)} appearances are still to find; listen for {', '.join(kinds[:-1])} and "
                     f"{kinds[-1]}")
    else:
        for k in missing:
            beat, kind = truth[k]
            before = max([truth[j][0] for j in found if truth[j][0] < beat], default=None)
            after = min([truth[j][0] for j in found if truth[j][0] > beat], default=None)
            where = (f"between {'the start' if before is None else f'beat {before:g}'} and "
                     f"{'the end' if after is None else f'beat {after:g}'}")
            notes.append(f"one more hides {where} (listen for: {kind})")
    ok = len(found) == len(truth) and len(given) == len(truth)
    return Feedback(ok, notes if not ok else notes + ["all three: the theme is there however it is bent"])


def _solution_transformations(original: Motif) -> list[str]:
    return list(TRANSFORM_QUIZ)


def _solution_hidden(original: Motif) -> list[float]:
    return [m.beat for m in find_motif(original, hidden_cue(original)[0])]


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "transformations": (check_transformations, _solution_transformations),
    "hidden": (check_hidden, _solution_hidden),
}
