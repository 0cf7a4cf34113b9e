"""Lesson 05's exercises (silence): the set-up cues, the checkers and their reference solutions.

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

import numpy as np

from scoring.core.cue import Chord, Cue
from scoring.core.motif import Motif
from scoring.core.notes import dynamic_mark
from scoring.exercises.feedback import Feedback
from scoring.mood import apply_palette
from scoring.render.checks import expect
from scoring.scene import load_scene
from scoring.silence import (active_voices, add_hit, covered_lines, drop_out, duck_under, line_label, onset_count,
                             silence_before, underscore)

__all__ = ["BREATH_STINGER", "dialogue_setup", "check_clear_dialogue", "breath_setup", "check_breath",
           "dense_setup", "check_half_onsets", "SOLUTIONS"]


def _cue_answer(answer, start_from: str) -> Feedback | None:
    if not isinstance(answer, Cue):
        return Feedback(False, [f"the answer should be a Cue, not {type(answer).__name__}; start from {start_from} "
                                "and edit it with drop_out, duck_under or thin"])
    return None


def _kitchen(scene=None):
    return load_scene("kitchen_dialogue") if scene is None else scene


def _sounding_seconds(cue, lo: float, hi: float, *, outside=()) -> float:
    """Seconds between lo and hi in which some note sounds (leaving out the ``outside`` spans)."""
    times = np.arange(lo, hi, 0.01) + 0.005
    free = np.ones(len(times), dtype=bool)
    for s, e in outside:
        free &= ~((times >= s) & (times < e))
    return float(np.count_nonzero((active_voices(cue, times) > 0) & free) * 0.01)


def dialogue_setup(original: Motif, *, scene=None):
    """Lesson 05, exercise 1: the underscore (chamber palette) that plays straight through the kitchen scene.

    Examples
    --------
    >>> cue = dialogue_setup(Motif.parse("4/4 c4 e g c'", tempo=120))
    >>> cue.duration_seconds, [layer.role for layer in cue.layers]
    (8.0, ['melody', 'harmony', 'bass'])

    Lesson: lessons/05_silence.ipynb
    """
    return underscore(original, _kitchen(scene), palette="chamber")


def check_clear_dialogue(answer, original, *, scene=None) -> Feedback:
    """Exercise 1 of lesson 05: no line of the kitchen scene covered (nothing louder than p under
    speech), and the music still playing between the lines (at least 3/4 of what it had there).

    ``original`` is the theme the underscore is made from (or the underscore itself).

    Lesson: lessons/05_silence.ipynb
    """
    bad = _cue_answer(answer, "the underscore (dialogue_setup(theme))")
    if bad is not None:
        return bad
    scene = _kitchen(scene)
    reference = original if isinstance(original, Cue) else dialogue_setup(original, scene=scene)
    notes = [f"{line_label(line)} is still covered: the music plays {dynamic_mark(v)} (velocity {v}) under it; "
             "duck it (duck_under) or let a layer or two drop out (drop_out)" for line, v in covered_lines(answer, scene)]
    speech = [(l.start, l.end) for l in scene.dialogue]
    end = max(scene.duration, reference.duration_seconds)
    had = _sounding_seconds(reference, 0.0, end, outside=speech)
    kept = _sounding_seconds(answer, 0.0, end, outside=speech)
    if kept < 0.75 * had:
        notes.append(f"between the lines the music now sounds for {kept:.1f} s of the {had:.1f} s it had; let it play "
                     "where nobody speaks (edit only under the lines)")
    return Feedback(not notes, notes or [f"all {len(scene.dialogue)} lines are clear, and the music still speaks "
                                         f"between them ({kept:.1f} s of it outside the dialogue)"])


#: The chord the build-up of lesson 05's second exercise runs into: D and E-flat in three octaves over
#: A-flat, a tritone away (written for the course).
BREATH_STINGER = ((38, 44, 50, 51, 56, 63), 2, 120)


def breath_setup(original: Motif):
    """Lesson 05, exercise 2: the motif running straight into a stinger (a ``hit`` layer, brass)
    struck the moment the motif ends.

    Examples
    --------
    >>> cue = breath_setup(Motif.parse("4/4 c4 e g c'", tempo=120, name="Hero"))
    >>> [layer.role for layer in cue.layers], cue.duration_seconds
    (['melody', 'hit'], 3.0)

    Lesson: lessons/05_silence.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    pitches, beats, velocity = BREATH_STINGER
    cue = Cue.from_motif(original)
    return add_hit(cue, Chord(pitches, beats, velocity), at=cue.duration_seconds,
                   instrument="Brass Section").with_name(f"{original.name} into the hit")


def _hit_time(cue) -> float | None:
    layer = next((l for l in cue.layers if l.role == "hit"), None)
    if layer is None:
        return None
    t = 0
    for c in layer.chords:
        if not c.is_rest:
            return cue.tempo_map.onset_seconds(t)
        t += c.duration
    return None


def _beat_before(cue, at: float) -> float:
    """How long (seconds) the beat that ends at ``at`` seconds lasts on the cue's clock: 60/BPM at a
    steady tempo."""
    clock = cue.tempo_map
    return at - clock.seconds_at(max(clock.beat_at(at) - 1, 0))


def check_breath(answer, original) -> Feedback:
    """Exercise 2 of lesson 05: one beat of silence just before the hit, the hit where the picture
    has it, and the music before the breath left alone.

    ``original`` is the motif the build-up is made from (see :func:`breath_setup`).

    Lesson: lessons/05_silence.ipynb
    """
    bad = _cue_answer(answer, "the setup cue (breath_setup(...))")
    if bad is not None:
        return bad
    reference = original if not isinstance(original, Motif) else breath_setup(original)
    want, hit = _hit_time(reference), _hit_time(answer)
    if hit is None:
        return Feedback(False, ["the 'hit' layer is gone or silent; start again from the setup cue and keep its stinger"])
    beat = _beat_before(reference, want)
    notes = []
    if abs(hit - want) > 1e-6:
        notes.append(f"the hit now lands at {hit:.2f} s, but the picture's hit is at {want:.2f} s: carve the silence "
                     "out of the music before it (drop_out) instead of pushing the hit later")
    gap = silence_before(answer, [hit])[0]
    if gap < 0.75 * beat - 1e-6:
        layer = next((l.role for l in reference.layers if l.role != "hit"), "melody")
        notes.append(f"there are only {gap:.2f} s of silence before the hit; one beat at {reference.tempo:g} BPM is "
                     f"{beat:.2f} s, so drop out the music from {want - beat:.2f} s to the hit at {want:.2f} s: "
                     f"answer2 = drop_out(setup, {round(want - beat, 3)!r}, {round(want, 3)!r}, layers=[{layer!r}])")
    elif gap > 1.25 * beat + 1e-6:
        notes.append(f"{gap:.2f} s of silence is more than one beat ({beat:.2f} s); let only the last beat before the "
                     "hit fall silent")
    had = _sounding_seconds(reference, 0.0, max(0.0, want - beat))
    kept = _sounding_seconds(answer, 0.0, max(0.0, want - beat))
    if kept < 0.9 * had:
        notes.append(f"the music before the breath lost {had - kept:.1f} s; only the last beat should fall silent")
    ref_chord = next(c for c in reference.layer("hit").chords if not c.is_rest)
    got_chord = next((c for c in answer.layer("hit").chords if not c.is_rest), None)
    if got_chord is None or got_chord.pitches != ref_chord.pitches:
        notes.append("the stinger's notes changed; keep the chord as it was")
    return Feedback(not notes, notes or [f"{gap:.2f} s of silence (one beat at {reference.tempo:g} BPM) and the hit "
                                         f"still lands at {want:.2f} s: the breath before the blow"])


def dense_setup(original: Motif):
    """Lesson 05, exercise 3: the motif in the cold synthetic palette, a pulse of eighths under it.

    Examples
    --------
    >>> [layer.role for layer in dense_setup(Motif.parse("4/4 c4 e g c'")).layers]
    ['melody', 'harmony', 'bass', 'pulse']

    Lesson: lessons/05_silence.ipynb
    """
    return apply_palette(original, "cold synthetic").with_name(f"{original.name}, dense")


def _melody_notes(cue):
    """(start, end, pitches) in quarter notes of every note of the melody layer; None without one."""
    try:
        layer = cue.layer("melody")
    except ValueError:
        return None
    notes, t = [], Fraction(0)
    for c in layer.chords:
        if not c.is_rest:
            notes.append((t, t + c.duration, c.pitches))
        t += c.duration
    return notes


def check_half_onsets(answer, original) -> Feedback:
    """Exercise 3 of lesson 05: at most half the onsets of the dense cue, the melody (the motif)
    untouched, the same length, and some accompaniment left.

    Lesson: lessons/05_silence.ipynb
    """
    bad = _cue_answer(answer, "the dense cue (dense_setup(theme))")
    if bad is not None:
        return bad
    reference = original if not isinstance(original, Motif) else dense_setup(original)
    full, n = onset_count(reference), onset_count(answer)
    notes = []
    if n > full / 2:
        notes.append(f"{n} onsets; half of the dense cue's {full} is {full // 2}: thin harder (thin(cue, every=4)) or "
                     "let a whole layer drop out (drop_out(cue, 0, cue.duration_seconds, layers=['pulse']))")
    want, got = _melody_notes(reference), _melody_notes(answer)
    if got is None:
        notes.append("the melody layer is gone, and with it the motif; keep it")
    elif got != want:
        onsets = {(s, p) for s, _, p in got}
        lost = sum(1 for s, _, p in want if (s, p) not in onsets)
        what = f"lost {lost} of its {len(want)} notes" if lost else "changed its note lengths"
        notes.append(f"the melody {what}; leave the melody layer alone: thin() does, unless you name it in layers=")
    if abs(answer.duration_seconds - reference.duration_seconds) > 1e-6:
        notes.append(f"the cue lasts {answer.duration_seconds:.2f} s; keep it {reference.duration_seconds:.2f} s long")
    rest = sum(1 for l in answer.layers if l.role != "melody" for c in l.chords if not c.is_rest)
    if rest == 0:
        notes.append("only the melody is left; keep some of the accompaniment (thin it rather than silence it all)")
    return Feedback(not notes, notes or [f"{n} onsets instead of {full} ({n / full:.0%}) and the motif intact: "
                                         "sparser, and the tune stands out"])


def _solution_clear_dialogue(original, *, scene=None):
    return duck_under(dialogue_setup(original, scene=scene), _kitchen(scene))


def _solution_breath(original):
    setup = breath_setup(original)
    hit = _hit_time(setup)
    beat = _beat_before(setup, hit)
    return drop_out(setup, hit - beat, hit)


def _solution_half_onsets(original):
    dense = dense_setup(original)
    return drop_out(dense, 0, dense.duration_seconds, layers=["pulse"])


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "clear_dialogue": (check_clear_dialogue, _solution_clear_dialogue),
    "breath": (check_breath, _solution_breath),
    "half_onsets": (check_half_onsets, _solution_half_onsets),
}
