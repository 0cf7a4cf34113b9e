"""Lesson 09's exercises (electronic and hybrid scores): a patch designed to a brief, a cue
re-voiced as hybrid, and a pulsing arpeggio written note by note; the checkers and their
reference solutions.

Lesson: lessons/09_electronic.ipynb
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.pitch import note_name
from scoring.electronic import (CITY_AT_3AM, PRESETS, Envelope, Patch, brief_report, hybrid, is_orchestral, is_synth,
                                patch, revoice)
from scoring.exercises.feedback import Feedback
from scoring.harmony import bar_length
from scoring.mood import apply_palette
from scoring.render.checks import expect

__all__ = ["ARPEGGIO_CHORD", "hybrid_setup", "check_city_patch", "check_hybrid", "check_arpeggio", "SOLUTIONS"]

#: Advice for each number of the brief that is off, pointing at the lesson's sections.
_ADVICE = {
    ("brightness", "high"): "it is too bright for 'warm': lower the cutoff, or start from a softer wave "
                            "(triangle or sine; section 1, 'Oscillators', and section 2, 'The filter')",
    ("brightness", "low"): "it is so dark it is hardly there: open the cutoff a little (section 2)",
    ("attack", "low"): "it starts with a hard edge, struck rather than lonely: give the amplifier a slower "
                       "attack, until the swell itself lasts a quarter of a second or more (section 3, 'Envelopes')",
    ("attack", "high"): "it takes so long to arrive that a shot would be over: shorten the attack (section 3)",
    ("movement", "low"): "it stands still, like a test tone: let it breathe with a slow LFO on the cutoff or the "
                         "level (section 4, 'Movement')",
    ("movement", "high"): "it wobbles too much for a quiet street: a slower or shallower LFO (section 4)",
}


def check_city_patch(answer) -> Feedback:
    """Exercise 1 of lesson 09: a patch for "the city at 3 a.m., lonely but warm". The checker plays
    one held A3 on it (dry) and measures brightness (spectral centroid), attack (the time it takes to
    swell to 80 % of its level, which is shorter than the envelope's attack setting) and movement against
    :data:`~scoring.electronic.CITY_AT_3AM`; an LFO faster than 2 Hz flutters rather than breathes, and a
    preset left unchanged is not a design.

    Lesson: lessons/09_electronic.ipynb
    """
    if not isinstance(answer, Patch):
        return Feedback(False, [f"the answer should be a Patch, not {type(answer).__name__}; start from a preset "
                                "(patch('pulse arp')) and change its settings, or build a Patch(...)"])
    unchanged = answer in PRESETS.values()
    notes, good = [], []
    for what, value, (lo, hi), within, why in brief_report(answer, CITY_AT_3AM):
        shown = f"{value:.0f} Hz" if what == "brightness" else (f"{value:.2f} s" if what == "attack" else f"{value:.2f}")
        if within:
            good.append(f"{what} {shown}: {why.split(':')[0]}")
        else:
            side = "high" if value > hi else "low"
            setting = ""
            if what == "attack" and side == "low" and answer.amp.sustain < 0.5 and answer.amp.attack >= lo:
                setting = (f". The envelope's sustain is {answer.amp.sustain:g}: the note falls back soon after its "
                           "attack, so it sounds struck; raise the sustain so the swell can arrive")
            elif what == "attack" and value < answer.amp.attack - 0.05:
                setting = (f". The attack measured is the swell to 80 % of the level, which the ear hears before the "
                           f"envelope's top: your setting of {answer.amp.attack:g} s swells in {value:.2f} s")
            notes.append(f"{what} is {shown} (the brief wants {lo:g}-{hi:g}): {_ADVICE[(what, side)]}{setting}")
    moved = answer.lfo_cutoff > 0 or answer.tremolo > 0 or answer.vibrato > 10 or answer.pwm > 0
    if moved and answer.lfo_rate > 2:
        notes.append(f"its LFO runs at {answer.lfo_rate:g} Hz: a flutter, not a breath; slow it to about 0.1-1 Hz "
                     "(section 4, 'Movement')")
    if unchanged:
        notes.append(f"this is the preset '{answer.name}' unchanged; make the sound yours: change at least one "
                     "setting (cutoff, attack, LFO ...) and listen")
    if notes:
        return Feedback(False, notes + ([f"already right: {'; '.join(good)}"] if good else []))
    return Feedback(True, [f"'{answer.name}' meets the brief: " + "; ".join(good),
                           "now listen to it under the night scene in your head: is it the city, or only a sound?"])


def hybrid_setup(original: Motif) -> Cue:
    """Lesson 09, exercise 2: the theme orchestrated warm (horn, strings, basses), all acoustic.

    Examples
    --------
    >>> [str(l.instrument) for l in hybrid_setup(Motif.parse("4/4 a4 c' e' d'")).layers]
    ['French Horn', 'String Ensemble 1', 'Contrabass']

    Lesson: lessons/09_electronic.ipynb
    """
    expect(original, Motif, "original", "Motif.parse(\"4/4 a4 c' e' d'\")")
    return apply_palette(original, "warm orchestral").with_name(f"{original.name}, orchestral")


def _overlap(cue: Cue, first, second) -> float:
    """Seconds in which a layer of the ``first`` kind and one of the ``second`` kind sound together."""
    spans = {True: [], False: []}
    for layer, events in cue.layer_events():
        for is_a, kind in ((True, first), (False, second)):
            if any(layer is l for l in kind):
                spans[is_a] += [(e.start, e.end) for e in events]
    steps = [i * 0.05 for i in range(int(cue.duration_seconds / 0.05) + 1)]
    sounding = lambda t, s: any(a <= t < b for a, b in s)  # noqa: E731
    return sum(0.05 for t in steps if sounding(t, spans[True]) and sounding(t, spans[False]))


def check_hybrid(answer, original) -> Feedback:
    """Exercise 2 of lesson 09: the orchestral cue re-voiced as a hybrid. At least one layer on a synth
    patch and at least one still orchestral, sounding together for at least half the cue; the melody's
    notes and the cue's length unchanged. ``original`` is the theme (or the orchestral cue).

    Lesson: lessons/09_electronic.ipynb
    """
    if not isinstance(answer, Cue):
        return Feedback(False, [f"the answer should be a Cue, not {type(answer).__name__}; start from the "
                                "orchestral cue and give some of its layers synth patches (revoice, hybrid)"])
    expect(original, (Motif, Cue), "original", "the theme, Motif.parse(\"4/4 a4 c' e' d'\")")
    reference = hybrid_setup(original) if isinstance(original, Motif) else original
    synths = [l for l in answer.layers if is_synth(l)]
    acoustic = [l for l in answer.layers if is_orchestral(l)]
    notes = []
    if not synths:
        notes.append("no layer plays on a synth patch yet (a General MIDI 'Pad' sound does not count); put at "
                     "least one layer on a patch(...) (a pad under the strings, a pulsing arpeggio, a synth bass)")
    if not acoustic:
        notes.append("no orchestral layer is left: that is an electronic cue, not a hybrid; keep the horn or the "
                     "strings")
    try:
        melody, ref = answer.layer("melody"), reference.layer("melody")
        if [c.pitches for c in melody.chords] != [c.pitches for c in ref.chords] or \
                [c.duration for c in melody.chords] != [c.duration for c in ref.chords]:
            notes.append("the melody's notes changed; re-voice the cue, keep the tune as it was")
    except ValueError:
        notes.append("the melody layer is gone; keep it (on any instrument)")
    if abs(answer.duration_seconds - reference.duration_seconds) > 0.01:
        notes.append(f"the cue lasts {answer.duration_seconds:.1f} s instead of {reference.duration_seconds:.1f} s; "
                     "keep its length")
    if synths and acoustic and not notes:
        together = _overlap(answer, synths, acoustic)
        if together < 0.5 * answer.duration_seconds:
            notes.append(f"synths and orchestra sound together for only {together:.1f} s of "
                         f"{answer.duration_seconds:.1f} s: a hybrid is one body, so let them play at once")
    if notes:
        return Feedback(False, notes)
    return Feedback(True, [f"a hybrid: {', '.join(f'{l.role} ({l.instrument})' for l in synths)} with "
                           f"{', '.join(f'{l.role} ({l.instrument})' for l in acoustic)}, the tune unchanged"])


#: The chord of exercise 3: A minor (A, C, E), as pitch classes.
ARPEGGIO_CHORD = ("A minor", (9, 0, 4))


def check_arpeggio(answer) -> Feedback:
    """Exercise 3 of lesson 09: a pulsing arpeggio on A minor, written note by note: one or two bars of
    4/4, a steady pulse of eighths or sixteenths (every note and rest a multiple of the shortest, and
    at most a quarter of the time in rests), only A, C and E but all three, spread over at least an
    octave, on a synth patch.

    Lesson: lessons/09_electronic.ipynb
    """
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, not {type(answer).__name__}; write the notes with "
                                "Motif.parse(\"4/4 A16 c e a ...\", instrument=patch('pulse arp'))"])
    name, chord = ARPEGGIO_CHORD
    notes = []
    length = sum((n.duration for n in answer.notes), Fraction(0))
    bars = length / bar_length(answer.time_signature)
    if bars not in (1, 2):
        notes.append(f"it lasts {float(length):g} quarter notes, {float(bars):.3g} bars of {answer.time_signature}; "
                     "write one whole bar or two, so the pattern can loop (in 4/4: 4 or 8 quarter notes)")
    step = min(n.duration for n in answer.notes)
    if step > Fraction(1, 2):
        notes.append(f"the shortest value is {float(step):g} of a quarter: too slow to pulse; use sixteenths "
                     "(A16) or eighths")
    elif any(n.duration % step for n in answer.notes):
        notes.append("the pulse is uneven: make every note and rest a multiple of your shortest value")
    elif sum((n.duration for n in answer.notes if n.duration <= 2 * step), Fraction(0)) < length * 3 / 4:
        notes.append("it does not pulse: most of it is held notes; keep at least three quarters of it moving in "
                     "even steps (your shortest value, or twice it)")
    else:
        silent = sum((n.duration for n in answer.notes if n.is_rest), Fraction(0))
        if silent > length / 4:
            notes.append(f"{float(silent):g} of {float(length):g} quarter notes are rests: the pulse drops out; fill "
                         "more of the steps (a few short rests are fine)")
    pitches = [n.pitch for n in answer.notes if not n.is_rest]
    wrong = sorted({p for p in pitches if p % 12 not in chord})
    if wrong:
        notes.append(f"{', '.join(note_name(p) for p in wrong)} not in {name}; use only A, C and E (any octave)")
    missing = [n for n, pc in zip(("A", "C", "E"), (9, 0, 4)) if pc not in {p % 12 for p in pitches}]
    if missing:
        notes.append(f"{' and '.join(missing)} never sounds; an arpeggio spells the whole chord")
    if pitches and max(pitches) - min(pitches) < 12:
        notes.append("it stays within an octave; spread it wider (from A2 up past A3) so it ripples")
    if not is_synth(answer):
        notes.append(f"it plays on {answer.instrument}; put it on a synth patch (instrument=patch('pulse arp'))")
    if notes:
        return Feedback(False, notes)
    pulse = {Fraction(1, 4): "sixteenths", Fraction(1, 2): "eighths", Fraction(1, 3): "triplet eighths",
             Fraction(1, 6): "triplet sixteenths", Fraction(1, 8): "thirty-seconds"}.get(
        step, f"steps of {step.numerator}/{step.denominator} of a quarter")
    return Feedback(True, [f"{len(pitches)} notes pulsing in {pulse} "
                           f"over {(max(pitches) - min(pitches)) / 12:.1f} octaves on {answer.instrument}: the engine "
                           "of a night drive"])


def _solution_city_patch() -> Patch:
    return Patch("3 a.m.", wave="triangle", wave2="saw", mix2=0.25, voices=3, detune=7,
                 amp=Envelope(0.8, 1.5, 0.85, 2.5), cutoff=700, resonance=0.2, lfo_rate=0.2, lfo_cutoff=0.2,
                 reverb=0.4, reverb_seconds=3.0, program=89)


def _solution_hybrid(original) -> Cue:
    cue = hybrid_setup(original) if isinstance(original, Motif) else original
    return revoice(cue, {"bass": "synth bass"}).with_layers(
        list(revoice(cue, {"bass": "synth bass"}).layers)
        + [cue.layer("harmony").with_(role="pad", instrument=patch("warm pad"))])


def _solution_arpeggio() -> Motif:
    return Motif.parse("4/4 A16 c e a c' a e c A c e a c' e' c' a", name="Night arpeggio", key="A minor",
                       tempo=100, instrument=patch("pulse arp"))


#: name -> (checker, reference solution); the solution takes the checker's extra arguments.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "city_patch": (check_city_patch, _solution_city_patch),
    "hybrid": (check_hybrid, _solution_hybrid),
    "arpeggio": (check_arpeggio, _solution_arpeggio),
}

_ = hybrid  # the lesson's other way to a hybrid (it adds synth layers to the orchestra)
