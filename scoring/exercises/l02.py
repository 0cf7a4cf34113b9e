"""Lesson 02's exercises (tension and release): the chord quiz, the checkers and their reference
solutions.

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Callable

import numpy as np

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.notes import dynamic_mark
from scoring.devices import BUILD_CELL, build_tension, crescendo, cut_off, join, ostinato, pedal, stack, stinger
from scoring.errors import ScoringError
from scoring.core.pitch import note_name, parse_key
from scoring.exercises.feedback import DARK_MODES, Feedback, beat_words, heard_keys, reread, weak_place
from scoring.harmony import bar_length, beat_length, beat_position
from scoring.render.checks import show
from scoring.tension import ic_dissonance, note_spans, roughness, tension_curve

__all__ = ["CHORD_QUIZ", "check_rise_and_release", "check_chord_order", "check_stinger", "check_build_line",
           "SOLUTIONS"]


def _tension_cue(answer):
    return answer if isinstance(answer, (Cue, Motif)) else None


#: The headings of lesson 02 that the feedback sends a student back to.
_ROUGH, _BUILD, _STING, _RELEASE = ("1 Roughness: why some sounds are tense", "3 Devices that build",
                                    "4 The drop-out and the stinger", "6 Release")


def _climax_bar(bars: list[float]) -> int:
    """The bar the build arrives at (0-based): bar 8, or bar 9 when bar 8 is a breath that bar 9 breaks
    (a drop-out just before the hit it prepares)."""
    if len(bars) > 9 and bars[7] < max(bars[:7]) - 0.05 and bars[8] >= max(bars[:8]) - 0.05:
        return 8
    return 7


def check_rise_and_release(answer) -> Feedback:
    """Exercise 1 of lesson 02: a cue whose tension (default weights) climbs through 8 bars, then releases.

    Checked on the computed curve: the climax (bar 8, or bar 9 after a one-bar breath in bar 8) at
    least 0.12 above bar 1; no bar on the way more than 0.05 below the highest bar before it,
    unless the tension comes back within two bars (a dip just before the hit it prepares: the
    model hears a drop-out as calm, an audience does not); and a last bar at least 0.15 below the
    climax.

    Examples
    --------
    >>> from scoring.devices import build_tension
    >>> check_rise_and_release(build_tension(["ostinato"] * 8 + ["release"]))
    Not yet: the tension hardly grows: bar 1 is 0.29, bar 8 is 0.31; add devices that build: a
    pedal, a rising sequence, a crescendo, an accelerando (reread "3 Devices that build"); the
    tension does not come down: the last bar is 0.22, bar 8 0.31; end with a release:
    consonant, lower, quieter, slower (reread "6 Release")

    Lesson: lessons/02_tension.ipynb
    """
    if _tension_cue(answer) is None:
        return Feedback(False, [f"the answer should be a Motif or a Cue, not {type(answer).__name__}: a cue made of "
                                f"the devices that build and a release ({reread(_BUILD)})"])
    bars = tension_curve(answer).bar_means()
    if len(bars) < 9:
        return Feedback(False, [f"the cue lasts {len(bars)} bar{'s' * (len(bars) != 1)}; it needs 8 bars of build and "
                                f"at least one bar of release after them ({reread(_BUILD)})"])
    top = _climax_bar(bars)
    notes = []
    rise = bars[top] - bars[0]
    if rise < 0.12:
        notes.append(f"the tension hardly grows: bar 1 is {bars[0]:.2f}, bar {top + 1} is {bars[top]:.2f}; add devices "
                     f"that build: a pedal, a rising sequence, a crescendo, an accelerando ({reread(_BUILD)})")
    for b in range(1, top + 1):
        before = max(bars[:b])
        if bars[b] < before - 0.05 and max(bars[b + 1:min(b + 3, top + 1)], default=-1.0) < before - 0.05:
            peak = int(np.argmax(bars[:b]))
            if peak == b - 1 and before - bars[0] >= 0.12:     # the climax came early: that is the one problem
                return Feedback(False, [f"the tension peaks in bar {b} ({before:.2f}) and falls in bar {b + 1} (to "
                                        f"{bars[b]:.2f}): the climax comes before the eighth bar; keep building to "
                                        f"bar 8, then strike ({reread(_STING)})"])
            notes.append(f"the tension falls in bar {b + 1} (to {bars[b]:.2f} from {before:.2f}) and does not come "
                         "back: a drop-out belongs just before the hit it prepares, not in the middle of the build "
                         f"({reread(_STING)})")
            break
    if bars[-1] > bars[top] - 0.15:
        notes.append(f"the tension does not come down: the last bar is {bars[-1]:.2f}, bar {top + 1} {bars[top]:.2f}; "
                     f"end with a release: consonant, lower, quieter, slower ({reread(_RELEASE)})")
    if notes:
        return Feedback(False, notes)
    dips = [b + 1 for b in range(1, top + 1) if bars[b] < max(bars[:b]) - 0.05]
    breath = f"; the dip in bar {dips[0]} is a breath before the blow" if dips else ""
    return Feedback(True, [f"bar 1 {bars[0]:.2f} → bar {top + 1} {bars[top]:.2f} → last bar {bars[-1]:.2f}: a build "
                           f"and its release{breath}"])


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
    if isinstance(answer, str):          # "C D A B", "C, D, A, B" and "CDAB" are the same order
        answer = [a for a in answer.replace(",", " ").split()] if len(answer.replace(",", " ").split()) > 1 \
            else list(answer.strip())
    if not hasattr(answer, "__len__") or sorted(str(a).strip().upper() for a in answer) != labels:
        return Feedback(False, [f"give the {len(labels)} labels {', '.join(labels)} once each, least tense first"])
    given = [str(a).strip().upper() for a in answer]
    value = {k: roughness(chords[k]) for k in labels}
    truth = sorted(labels, key=value.get)
    if given == truth:
        return Feedback(True, [" < ".join(f"{k} ({value[k]:.1f})" for k in truth) + ": roughness rises with the "
                               "number of beating partials"])
    if given == truth[::-1]:
        return Feedback(False, ["your order is the right one, backwards: you went from the most tense to the least; "
                                "the question asks for the least tense first"])
    notes = []
    for a, b in zip(given, given[1:]):
        if value[a] > value[b]:
            notes.append(f"you put {a} before {b}, but {a} is the more tense; play them back to back and listen "
                         "for beating")
    right = sum(g == t for g, t in zip(given, truth))
    notes.append(f"{right} of {len(labels)} are in their place; if your ears disagree with the check, measure each "
                 f"one's roughness ({reread(_ROUGH)})")
    return Feedback(False, notes)


def check_stinger(answer) -> Feedback:
    """Exercise 3 of lesson 02: a stinger (forte or louder, with a semitone, whole tone or tritone in
    it) after music that drops out for at least one beat.

    The stinger is the loudest such chord that follows a silence of a beat or more; without one,
    the loudest chord that follows a silence is judged, or else the loudest of the cue. A build that
    grows louder than the stinger still passes, if the stinger lands out of silence.

    Examples
    --------
    >>> from scoring.devices import stinger
    >>> check_stinger(stinger("cluster"))
    Not yet: nothing comes before the stinger: a blow needs something to interrupt; put a build
    first, then the drop-out, then the stinger (reread "4 The drop-out and the stinger")

    Lesson: lessons/02_tension.ipynb
    """
    if _tension_cue(answer) is None:
        return Feedback(False, [f"the answer should be a Cue, not {type(answer).__name__}: a build, a drop-out and "
                                f"a stinger joined one after the other ({reread(_STING)})"])
    spans = note_spans(answer)
    onsets: dict[float, list[tuple[float, float, int, int]]] = {}
    for s in spans:
        onsets.setdefault(s[0], []).append(s)

    def weight(t: float) -> tuple[int, int]:
        return max(v for *_, v in onsets[t]), len(onsets[t])

    def gap(t: float) -> float | None:
        before = [e for start, e, _, _ in spans if start < t]
        return t - max(before) if before else None

    landed = [t for t in sorted(onsets) if (gap(t) or 0) >= 1 - 1e-9 and weight(t)[0] >= 96
              and ic_dissonance([p for _, _, p, _ in onsets[t]]) >= 1]
    after = [t for t in sorted(onsets) if (gap(t) or 0) >= 1 - 1e-9]     # what comes out of a silence
    hit = max(landed or after or sorted(onsets), key=weight)
    loudest = weight(hit)[0]
    pitches = [p for _, _, p, _ in onsets[hit]]
    notes = []
    if loudest < 96:
        notes.append(f"the chord at beat {hit:g} is only velocity {loudest} ({dynamic_mark(loudest)}): a stinger "
                     "strikes ff, louder than anything around it")
    if ic_dissonance(pitches) < 1:
        notes.append(f"the chord at beat {hit:g} has no semitone, whole tone or tritone in it: it sounds like an "
                     "arrival, not a scare; a stinger is dissonant (a cluster, a tritone)")
    before = gap(hit)
    if before is None:
        notes.append("nothing comes before the stinger: a blow needs something to interrupt; put a build first, then "
                     "the drop-out, then the stinger")
    elif before < 1:
        notes.append(f"the music runs straight into the stinger (silence before it: {max(before, 0):g} beats); let it "
                     "stop for a beat or two first, so the audience hears the hole and holds its breath")
    if notes:
        return Feedback(False, notes[:-1] + [f"{notes[-1]} ({reread(_STING)})"])
    return Feedback(True, [f"{before:g} beat{'s' * (before != 1)} of silence, then a dissonant chord at velocity {loudest} (beat {hit:g}): "
                           "the music stops, the audience holds its breath, and the stinger lands"])


def _line(motif: Motif) -> list[tuple[float, float, int]]:
    """(onset in beats, length in beats, MIDI pitch) of each sounding note of a melody."""
    out, t = [], 0.0
    for n in motif.notes:
        if not n.is_rest:
            out.append((t, float(n.duration), n.pitch))
        t += float(n.duration)
    return out


def check_build_line(answer) -> Feedback:
    """Exercise 4 of lesson 02: a melody, written note by note, that builds to a hit and releases.

    Measured from the notes: the hit is the highest note (its first arrival); it comes after at
    least a bar of build and lands on a strong beat (the first beat of a bar, or the third in 4/4);
    the build climbs (the hit a fifth or more above the first note, the build's second half higher
    on average than its first half); after the hit the line falls a fourth or more, ends on a note
    of the tonic chord and holds it a beat or longer. Quickening notes are noticed, not required.

    Examples
    --------
    >>> check_build_line(Motif.parse("4/4 c4 d c d c d c d c1"))
    Not yet: it never climbs: its highest note, D4, is only 2 semitones above the first; raise
    the line toward the hit, by steps or by a rising sequence (reread "3 Devices that build")

    Lesson: lessons/02_tension.ipynb
    """
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a melody (a Motif written in notes), not {type(answer).__name__} "
                                f"({reread(_BUILD)})"])
    line = _line(answer)
    if len(line) < 4:
        return Feedback(False, [f"it has {len(line)} note{'s' * (len(line) != 1)}: a build needs a line of notes to "
                                f"climb, a hit and a release ({reread(_BUILD)})"])
    name = lambda p: note_name(p, answer.key)  # noqa: E731
    bar = float(bar_length(answer.time_signature))
    pitches = [p for _, _, p in line]
    k = pitches.index(max(pitches))
    hit_at, _, hit = line[k]
    climb = hit - pitches[0]
    if k == 0:
        return Feedback(False, [f"it starts on its highest note, {name(hit)}, and never climbs back to it: a build "
                                f"rises toward the hit, by steps or by a rising sequence ({reread(_BUILD)})"])
    if climb < 7:
        return Feedback(False, [f"it never climbs: its highest note, {name(hit)}, is only {climb} semitone"
                                f"{'s' * (climb != 1)} above the first; raise the line toward the hit, by steps or by "
                                f"a rising sequence ({reread(_BUILD)})"])
    notes = []
    hit_bar, hit_beat, strong = beat_position(hit_at, answer.time_signature)
    if hit_at < bar:
        notes.append(f"the highest note, {name(hit)}, comes on {beat_words(hit_bar, hit_beat)}: the climax "
                     f"comes too soon; give the build at least a bar before it ({reread(_BUILD)})")
    if not strong:
        notes.append(f"the hit, {name(hit)}, lands {weak_place(hit_bar, hit_beat)}: a hit strikes on a strong "
                     "beat, the first of a bar (or the third of four, in 4/4 or 12/8) "
                     f"({reread(_STING)})")
    build = line[:k]
    half = hit_at / 2
    early = [p for t, _, p in build if t < half]
    late = [p for t, _, p in build if t >= half]
    if early and late and sum(late) / len(late) <= sum(early) / len(early):
        notes.append(f"the build sags: its second half sits no higher than its first (mean "
                     f"{name(round(sum(late) / len(late)))} against {name(round(sum(early) / len(early)))}); keep "
                     f"climbing toward the hit ({reread(_BUILD)})")
    after = line[k + 1:]
    keys = heard_keys(answer)

    def tonic_chord(key: str) -> tuple[int, ...]:
        tonic, _, mode = parse_key(key)
        return tuple((tonic + i) % 12 for i in (0, 3 if mode in DARK_MODES else 4, 7))
    if not after:
        notes.append(f"nothing comes after the hit: the line stops on its climax; let it fall back and come to rest "
                     f"({reread(_RELEASE)})")
    else:
        last_at, last_len, last = after[-1]
        if hit - last < 5:
            notes.append(f"after the hit the line ends on {name(last)}, only {hit - last} semitones below it: a "
                         f"release falls further, a fourth or more ({reread(_RELEASE)})")
        if not any(last % 12 in tonic_chord(k) for k in keys):
            notes.append(f"it ends on {name(last)}, outside the tonic chord of {keys[0]}: a release comes home to "
                         f"a consonance, the tonic, its third or its fifth ({reread(_RELEASE)})")
        if last_len < beat_length(answer.time_signature):
            held = last_len / beat_length(answer.time_signature)
            notes.append(f"the last note lasts only {held:.2g} of a beat: a release slows down; hold the last note a "
                         f"beat or longer ({reread(_RELEASE)})")
    if notes:
        return Feedback(False, notes)
    rate = lambda part: len(part) / max(sum(d for _, d, _ in part), 1e-9)  # noqa: E731
    early_notes = [x for x in build if x[0] < half]
    late_notes = [x for x in build if x[0] >= half]
    quicker = ("; the notes quicken as it climbs" if early_notes and late_notes and rate(late_notes) > rate(early_notes)
               else "")
    return Feedback(True, [f"it climbs {climb} semitones from {name(pitches[0])} to the hit, {name(hit)}, on "
                           f"{beat_words(hit_bar, hit_beat)}, then falls to {name(after[-1][2])} "
                           f"and rests{quicker}: a build, a hit and a release"])


def _solution_build_line() -> Motif:
    return Motif.parse("4/4 c4 e- g e- d8 f a- f e- g b- g f16 g a- b- g a- b- c' a- b- c' d' b- c' d' e'- "
                       "g'2 d'4 b c'1", name="build and release", key="C minor", tempo=100, instrument="Violin")


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
    "build_line": (check_build_line, _solution_build_line),
}
