"""Lesson 02's exercises (tension and release): the chord quiz, the checkers and their reference
solutions.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Callable

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.devices import BUILD_CELL, build_tension, crescendo, cut_off, join, ostinato, pedal, stack, stinger
from scoring.errors import ScoringError
from scoring.exercises.feedback import Feedback
from scoring.render.checks import show
from scoring.tension import ic_dissonance, note_spans, roughness, tension_curve

__all__ = ["CHORD_QUIZ", "check_rise_and_release", "check_chord_order", "check_stinger", "SOLUTIONS"]


def _tension_cue(answer):
    return answer if isinstance(answer, (Cue, Motif)) else None


def check_rise_and_release(answer) -> Feedback:
    """Exercise 1 of lesson 02: a cue whose tension (default weights) climbs through 8 bars, then releases.

    Checked on the computed curve: bar 8 at least 0.12 above bar 1, no bar of the first eight
    more than 0.05 below the highest bar before it, and a last bar at least 0.15 below bar 8.

    Examples
    --------
    >>> from scoring.devices import build_tension
    >>> check_rise_and_release(build_tension(["ostinato"] * 8 + ["release"]))
    Not yet: the tension hardly grows: bar 1 is 0.29, bar 8 is 0.31; add devices that build
    (pedal, rising sequence, crescendo, accelerando); the tension does not come down: the last
    bar is 0.22, bar 8 0.31; end with a release (consonant, lower, quieter, slower)

    Lesson: lessons/02_tension.ipynb
    """
    if _tension_cue(answer) is None:
        return Feedback(False, [f"the answer should be a Motif or a Cue, not {type(answer).__name__}; "
                                "try build_tension([...]) or join(...)"])
    bars = tension_curve(answer).bar_means()
    if len(bars) < 9:
        return Feedback(False, [f"the cue lasts {len(bars)} bar(s); it needs 8 bars of build and at least one bar of "
                                "release after them"])
    notes = []
    rise = bars[7] - bars[0]
    if rise < 0.12:
        notes.append(f"the tension hardly grows: bar 1 is {bars[0]:.2f}, bar 8 is {bars[7]:.2f}; add devices that "
                     "build (pedal, rising sequence, crescendo, accelerando)")
    for b in range(1, 8):
        if bars[b] < max(bars[:b]) - 0.05:
            notes.append(f"the tension falls in bar {b + 1} (to {bars[b]:.2f} from {max(bars[:b]):.2f}); keep it "
                         "climbing through bar 8 and save drop-outs and stingers for later")
            break
    if bars[-1] > bars[7] - 0.15:
        notes.append(f"the tension does not come down: the last bar is {bars[-1]:.2f}, bar 8 {bars[7]:.2f}; end "
                     "with a release (consonant, lower, quieter, slower)")
    return Feedback(not notes, notes or [f"bar 1 {bars[0]:.2f} → bar 8 {bars[7]:.2f} → last bar {bars[-1]:.2f}: "
                                         "a build and its release"])


#: Lesson 02's four quiz chords (hidden order): the Tristan chord (Wagner), a semitone cluster,
#: an open fifth and a major triad.
CHORD_QUIZ: dict[str, tuple[str, ...]] = {"A": ("F3", "B3", "D#4", "G#4"), "B": ("C4", "Db4", "D4", "Eb4"),
                                          "C": ("C4", "G4"), "D": ("C4", "E4", "G4")}


def check_chord_order(answer, chords=CHORD_QUIZ) -> Feedback:
    """Exercise 2 of lesson 02: order the quiz chords from the least to the most tense (by roughness).

    Examples
    --------
    >>> check_chord_order(["C", "D", "A", "B"])
    Well done: C (0.7) < D (4.4) < A (10.0) < B (18.6): roughness rises with the number of
    beating partials

    Lesson: lessons/02_tension.ipynb
    """
    fix = "leave chords out (the lesson's quiz), or give a dict of labels to chords, like {'A': ('C4', 'G4')}"
    if not isinstance(chords, Mapping) or not 1 <= len(chords) <= 26 or \
            not all(isinstance(k, str) and k.strip() for k in chords):
        raise ScoringError(f"chords={show(chords)} is not a quiz; {fix}")
    labels = sorted(chords)
    if isinstance(answer, str) or not hasattr(answer, "__len__") or \
            sorted(str(a).strip().upper() for a in answer) != labels:
        return Feedback(False, [f"give the {len(labels)} labels {', '.join(labels)} once each, least tense first, "
                                f"e.g. {labels[::-1]!r}"])
    given = [str(a).strip().upper() for a in answer]
    value = {k: roughness(chords[k]) for k in labels}
    truth = sorted(labels, key=value.get)
    if given == truth:
        return Feedback(True, [" < ".join(f"{k} ({value[k]:.1f})" for k in truth) + ": roughness rises with the "
                               "number of beating partials"])
    notes = []
    for a, b in zip(given, given[1:]):
        if value[a] > value[b]:
            notes.append(f"you put {a} before {b}, but {a} is the more tense; play them back to back")
    right = sum(g == t for g, t in zip(given, truth))
    notes.append(f"{right} of {len(labels)} are in their place; check with roughness(...) if your ears disagree")
    return Feedback(False, notes)


def check_stinger(answer) -> Feedback:
    """Exercise 3 of lesson 02: a stinger (the loudest onset: forte or louder, with a semitone, whole tone
    or tritone in it) after music that drops out for at least one beat.

    Examples
    --------
    >>> from scoring.devices import stinger
    >>> check_stinger(stinger("cluster"))
    Not yet: nothing comes before the stinger; put a build first, then the drop-out, then the stinger

    Lesson: lessons/02_tension.ipynb
    """
    if _tension_cue(answer) is None:
        return Feedback(False, [f"the answer should be a Cue, not {type(answer).__name__}; try join(...)"])
    spans = note_spans(answer)
    onsets: dict[float, list[tuple[float, float, int, int]]] = {}
    for s in spans:
        onsets.setdefault(s[0], []).append(s)
    hit = max(sorted(onsets), key=lambda t: (max(v for *_, v in onsets[t]), len(onsets[t])))
    loudest = max(v for *_, v in onsets[hit])
    pitches = [p for _, _, p, _ in onsets[hit]]
    notes = []
    if loudest < 96:
        notes.append(f"the loudest chord (beat {hit:g}) is only velocity {loudest}; strike the stinger ff")
    if ic_dissonance(pitches) < 1:
        notes.append(f"the loudest chord (beat {hit:g}) has no semitone, whole tone or tritone in it; a stinger is "
                     "dissonant: stinger('cluster') or stinger('tritone')")
    before = [s for s in spans if s[0] < hit]
    if not before:
        notes.append("nothing comes before the stinger; put a build first, then the drop-out, then the stinger")
    else:
        gap = hit - max(e for _, e, _, _ in before)
        if gap < 1:
            notes.append(f"the music runs straight into the stinger (silence before it: {max(gap, 0):g} beats); let "
                         "it stop for a beat or two first, e.g. cut_off(build, beats=2)")
    return Feedback(not notes, notes or ["the music stops, the audience holds its breath, and the stinger lands"])


def _solution_rise_and_release():
    return build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "rising sequence",
                          "crescendo", "accelerando", "release"])


def _solution_chord_order(chords=CHORD_QUIZ) -> list[str]:
    return sorted(chords, key=lambda k: roughness(chords[k]))


def _solution_stinger():
    cell = Motif.parse(BUILD_CELL, name="ostinato", key="C minor", tempo=120, instrument="Cello")
    build = crescendo(stack(ostinato(cell, 2), pedal("C2", 2, tempo=120)), start="p", end="ff")
    return join(cut_off(build, beats=2), stinger("cluster", tempo=120))


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "rise_and_release": (check_rise_and_release, _solution_rise_and_release),
    "chord_order": (check_chord_order, _solution_chord_order),
    "stinger": (check_stinger, _solution_stinger),
}
