"""Lesson 05's exercises (silence): the set-up cues, the checkers and their reference solutions.

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

import numpy as np

from scoring.core.cue import Chord, Cue
from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.exercises.feedback import Feedback, reread
from scoring.mood import apply_palette
from scoring.render.checks import expect
from scoring.scene import load_scene
from scoring.silence import (active_voices, add_hit, dialogue_lines, drop_out, duck_under, masking, onset_count,
                             scene_seconds, silence_before, underscore)

__all__ = ["BREATH_STINGER", "dialogue_setup", "check_clear_dialogue", "breath_setup", "check_breath",
           "dense_setup", "check_half_onsets", "check_room_for_lines", "SOLUTIONS"]


#: The headings of lesson 05 that the feedback sends a student back to.
_DIALOGUE, _BREATH, _SPARSE = "4 Music under dialogue", "2 The breath before the hit", "3 Sparse against dense"


def _cue_answer(answer, start_from: str) -> Feedback | None:
    if not isinstance(answer, Cue):
        return Feedback(False, [f"the answer should be a Cue, not {type(answer).__name__}; start from {start_from} "
                                "and edit it with this lesson's tools"])
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


def _under(cue: Cue, start: float, end: float) -> dict[str, float]:
    """The layers that sound between ``start`` and ``end`` seconds, each with its loudest velocity there."""
    out: dict[str, float] = {}
    for layer, events in cue.layer_events():
        heard = [e.velocity for e in events if e.start < end and e.end > start]
        if heard:
            out[layer.role] = max(out.get(layer.role, 0), max(heard))
    return out


def _treatment(answer: Cue, reference: Cue, start: float, end: float) -> str:
    """What the music does under one line, against the untreated cue: "stops", "thins" (a layer
    falls silent), "ducks" (it plays softer) or "keeps playing" (the same layers as loud, perhaps
    moved out of the voice band)."""
    mine, before = _under(answer, start, end), _under(reference, start, end)
    if not mine:
        return "stops"
    if set(before) - set(mine):
        return "thins"
    if any(v < before[r] - 4 for r, v in mine.items() if r in before):
        return "ducks"
    return "keeps playing"


def _yield_hint(role: str) -> str:
    """The craft advice for a line the music masks, by the layer that masks it most."""
    if role == "melody":
        return ("the melody sings in the words' register and draws the ear: let it rest under the lines and answer "
                "in the pauses, or duck it to pp")
    return f"the {role} fills the voice band: duck it, thin it, or voice it lower, below the band"


def check_clear_dialogue(answer, original, *, scene=None) -> Feedback:
    """Exercise 1 of lesson 05: no line of the kitchen scene masked (the music's sound in the voice
    band stays 6 dB or more below the voice: :func:`scoring.silence.masking`), and the music still
    playing between the lines (at least 3/4 of what it had there).

    Any way of stepping aside passes: ducking, taking the melody out (thinning), moving a layer
    below the voice band, or stopping. When it passes, the feedback asks why each line got the
    treatment it got: that is the composer's decision, and no number can make it.

    ``original`` is the theme the underscore is made from (or the underscore itself).

    Lesson: lessons/05_silence.ipynb
    """
    bad = _cue_answer(answer, "the kitchen underscore (kitchen)")
    if bad is not None:
        return bad
    scene = _kitchen(scene)
    reference = original if isinstance(original, Cue) else dialogue_setup(original, scene=scene)
    measured = masking(answer, scene)
    masked = [m for m in measured if m.masks]
    notes = [f"{m.line.start:g}-{m.line.end:g} s: {m.why}" for m in masked]
    notes += [_yield_hint(role) for role in dict.fromkeys(m.layer for m in masked)]      # once per layer
    speech = [(l.start, l.end) for l in scene.dialogue]
    end = max(scene.duration, reference.duration_seconds)
    had = _sounding_seconds(reference, 0.0, end, outside=speech)
    kept = _sounding_seconds(answer, 0.0, end, outside=speech)
    if kept < 0.75 * had:
        notes.append(f"between the lines the music now sounds for {kept:.1f} s of the {had:.1f} s it had: yielding "
                     "to the words is not leaving the scene; let it speak where nobody speaks")
    if notes:
        return Feedback(False, notes + [f"{reread(_DIALOGUE)}: duck, thin or stop under each line"])
    loudest = max(m.level_db for m in measured)
    margin = "no music under any line" if loudest == float("-inf") else \
        f"under every line the music stays {-loudest:.0f} dB or more below the voice in the voice band"
    done = [_treatment(answer, reference, l.start, l.end) for l in scene.dialogue]
    if len(set(done)) == 1:
        question = (f"Under all {len(done)} lines the music {done[0]}. " +
                    ("Does every line need silence? Under which could it play on, softer or thinner, and why?"
                     if done[0] == "stops" else
                     "Does every line deserve the same? Which one would you stop for, and why?"))
    else:
        question = ("Under which line did you stop the music, and under which did you only duck or thin it? Why "
                    "there, and not the other way round?")
    return Feedback(True, [f"all {len(measured)} lines clear: {margin}, and it still sounds {kept:.1f} s between "
                           "them"],
                    question=question,
                    rubric=("names, line by line, what the music does (duck, thin or stop) and what the line "
                            "carries (a greeting, the news, a question, the answer)",
                            "says what the music does in the gaps: the look at 5.0 s, and whether it answers "
                            "\"They said yes.\" at once or waits for the smile at 7.0 s",
                            "says what the scene would lose if the music stopped for all of it"))


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
    """Exercise 2 of lesson 05: one beat of silence (3/4 to 5/4 of a beat) just before the hit, the hit
    where the picture has it, the music before the breath left alone and the stinger's chord kept.

    ``original`` is the motif the build-up is made from (see :func:`breath_setup`).

    Lesson: lessons/05_silence.ipynb
    """
    expect(original, (Motif, Cue), "original", "creep (the motif the build-up is made from)")
    reference = original if not isinstance(original, Motif) else breath_setup(original)
    if _hit_time(reference) is None:
        raise ScoringError("original is a cue with no 'hit' layer; give the motif the build-up is made from "
                           "(as in the lesson) or the set-up cue, breath_setup(motif)")
    bad = _cue_answer(answer, "the set-up cue (setup)")
    if bad is not None:
        return bad
    want, hit = _hit_time(reference), _hit_time(answer)
    if hit is None:
        return Feedback(False, ["the 'hit' layer is gone or silent: the stinger is the point of the exercise; start "
                                f"again from the set-up cue and keep it ({reread(_BREATH)})"])
    beat = _beat_before(reference, want)
    notes = []
    if abs(hit - want) > 1e-6:
        notes.append(f"the hit now lands at {hit:.2f} s, but the picture's hit is at {want:.2f} s: the picture will "
                     "not wait; carve the silence out of the music before the hit instead of moving it")
    gap = silence_before(answer, [hit])[0]
    if gap < 0.75 * beat - 1e-6:
        notes.append(f"{gap:.2f} s of silence before the hit; one beat at {reference.tempo:g} BPM is {beat:.2f} s: "
                     f"the music has to stop that long before the hit at {want:.2f} s, so the audience hears the "
                     "hole and leans in")
    elif gap > 1.25 * beat + 1e-6:
        notes.append(f"{gap:.2f} s of silence is more than one beat ({beat:.2f} s): a longer hole lets the build "
                     "go cold; let only the last beat before the hit fall silent")
    had = _sounding_seconds(reference, 0.0, max(0.0, want - beat))
    kept = _sounding_seconds(answer, 0.0, max(0.0, want - beat))
    if kept < 0.9 * had:
        notes.append(f"the music before the breath lost {had - kept:.1f} s of its {had:.1f} s: the build is what "
                     "makes the silence tense; leave it and take out only the last beat")
    ref_chord = next(c for c in reference.layer("hit").chords if not c.is_rest)
    got_chord = next((c for c in answer.layer("hit").chords if not c.is_rest), None)
    if got_chord is None or got_chord.pitches != ref_chord.pitches:
        notes.append("the stinger's notes changed; keep the chord as it was")
    if notes:
        return Feedback(False, notes + [f"{reread(_BREATH)}: the drop-out, then the blow"])
    return Feedback(True, [f"{gap:.2f} s of silence (one beat at {reference.tempo:g} BPM) and the hit still lands at "
                           f"{want:.2f} s: the breath before the blow"])


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
    untouched, the same length, and some accompaniment left. Any mix of thinning and resting
    layers passes.

    Lesson: lessons/05_silence.ipynb
    """
    bad = _cue_answer(answer, "the dense cue (dense)")
    if bad is not None:
        return bad
    reference = original if not isinstance(original, Motif) else dense_setup(original)
    full, n = onset_count(reference), onset_count(answer)
    notes = []
    if n > full / 2:
        counts = {l.role: onset_count(answer.with_layers([l])) for l in answer.layers if l.role != "melody"}
        busiest = max(counts, key=counts.get) if counts else "melody"
        notes.append(f"{n} onsets, more than half the dense cue's {full} (at most {full // 2}); the {busiest} alone "
                     f"strikes {counts.get(busiest, n)} times: strike it less often, or let a whole accompanying "
                     "layer rest")
    want, got = _melody_notes(reference), _melody_notes(answer)
    if got is None:
        notes.append("the melody layer is gone, and with it the motif: sparse still has to say the tune; keep it")
    elif got != want:
        onsets = {(s, p) for s, _, p in got}
        lost = sum(1 for s, _, p in want if (s, p) not in onsets)
        what = f"lost {lost} of its {len(want)} notes" if lost else "changed its note lengths"
        notes.append(f"the melody {what}: the tune is what the audience follows; thin the accompaniment and leave "
                     "the melody as it was")
    if abs(answer.duration_seconds - reference.duration_seconds) > 1e-6:
        notes.append(f"the cue lasts {answer.duration_seconds:.2f} s; keep it {reference.duration_seconds:.2f} s long")
    rest = sum(1 for l in answer.layers if l.role != "melody" for c in l.chords if not c.is_rest)
    if rest == 0:
        notes.append("only the melody is left: sparse is not bare; keep some of the accompaniment")
    if notes:
        return Feedback(False, notes + [f"{reread(_SPARSE)}: what the thinned version keeps, and what it lets go"])
    return Feedback(True, [f"{n} onsets instead of {full} ({n / full:.0%}) and the motif intact: sparser, and the "
                           "tune stands out"])


#: The fewest notes a line for exercise 4 has, and the share of the time between the lines it must sound.
_LINE_NOTES, _GAP_SHARE = 4, 0.5


def check_room_for_lines(answer, *, scene=None) -> Feedback:
    """Exercise 4 of lesson 05: a line written note by note for the kitchen scene that leaves room for
    the words and speaks between them. It must last the scene, mask none of its lines (the music's
    sound in the voice band 6 dB or more below the voice: :func:`scoring.silence.masking`), have at
    least four notes, and sound for at least half of the time in which nobody speaks.

    Every way of making room passes: rests under the lines, a line low and soft below the voice
    band, answers only in the look and after the last line.

    Examples
    --------
    >>> line = Motif.parse("4/4 c'4 a8 r8 r2 g4 r4 r2 d'4 r4 b-8 a g f r2 a8 g f4", tempo=120, instrument="Oboe")
    >>> check_room_for_lines(line).ok
    True
    >>> check_room_for_lines(Motif.parse("4/4 c'4 a8 r8 r2", tempo=120)).notes[0]
    'it lasts 2.0 s; the scene lasts 8.0 s: write it to the end of the scene (4 bars of 4/4 at 120 BPM)'

    Lesson: lessons/05_silence.ipynb
    """
    if not isinstance(answer, (Motif, Cue)):
        return Feedback(False, [f"the answer should be a Motif (your line, written note by note in tinyNotation) "
                                f"or a Cue, not {type(answer).__name__}"])
    scene = _kitchen(scene)
    length, scene_duration = answer.duration_seconds, scene_seconds(scene)      # scene_seconds checks the scene
    if not scene_duration - 0.5 <= length <= scene_duration + 4.0:
        return Feedback(False, [f"it lasts {length:.1f} s; the scene lasts {scene_duration:.1f} s: write it to the end "
                                f"of the scene ({scene_duration / 2:g} bars of 4/4 at 120 BPM)",
                                f"{reread(_DIALOGUE)}: where the lines fall, and the gaps between them"])
    masked = [m for m in masking(answer, scene) if m.masks]
    notes = [f"{m.line.start:g}-{m.line.end:g} s: {m.why}" for m in masked]
    if masked:
        notes.append(f"rest under {'that line' if len(masked) == 1 else 'those lines'}, or go soft and low, below "
                     "the voice band")
    count = sum(1 for layer in answer.layers for chord in layer.chords if chord.pitches) \
        if isinstance(answer, Cue) else sum(1 for p in answer.pitches if p)
    speech = [(l.start, l.end) for l in dialogue_lines(scene)]
    free = scene_duration - sum(min(e, scene_duration) - s for s, e in speech)
    sounding = _sounding_seconds(answer, 0.0, scene_duration, outside=speech)
    if count < _LINE_NOTES:
        notes.append(f"{count} note{'s' * (count != 1)}: a line needs at least {_LINE_NOTES}, phrases that answer the "
                     "words")
    if sounding < _GAP_SHARE * free:
        notes.append(f"between the lines your music sounds {sounding:.2f} s of the {free:.2f} s nobody speaks: let it "
                     "answer in the pauses, above all the look at 5.0-6.0 s and after the last line")
    if notes:
        return Feedback(False, notes + [f"{reread(_DIALOGUE)}: between the lines the music may speak"])
    return Feedback(True, [f"all {len(speech)} lines clear, and your {count} notes sound {sounding:.2f} s of the "
                           f"{free:.2f} s between them"],
                    question="Where does your line answer a line, and where does it wait for the picture?",
                    rubric=("names the gap where the line speaks most and what it answers there",
                            "says what the look at 5.0 s needs: music, or silence, and why",
                            "says whether the line comes in with \"They said yes.\" or after it, on the smile"))


def _solution_room_for_lines(*, scene=None):
    return Motif.parse("4/4 c'4 a8 r8 r2 g4 r4 r2 d'4 r4 b-8 a g f r2 a8 g f4", name="Room for the lines",
                       key="F major", tempo=120, instrument="Oboe")


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
    "room_for_lines": (check_room_for_lines, _solution_room_for_lines),
}
