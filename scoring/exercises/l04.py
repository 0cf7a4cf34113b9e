"""Lesson 04's exercises (the motif's arc): the target beat, the checkers and their reference solutions.

Lesson: lessons/04_motif_evolution.ipynb
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from scoring.arc import Arc
from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.notes import Note, dynamic_mark
from scoring.core.pitch import BRIGHTNESS, note_name, parse_key
from scoring.core.time import is_compound
from scoring.exercises.feedback import (Feedback, beat_words, is_soft, mean_pitch, motif_or_feedback,
                                       note_seconds, opposite_mode, reread, weak_place)
from scoring.harmony import bar_length, beat_length, beat_position
from scoring.leitmotif import find_motif
from scoring.render.checks import expect

__all__ = ["beat_target", "check_match_beat", "check_three_beat_arc", "MARCH_METRES", "check_march", "SOLUTIONS"]


def beat_target(original: Motif) -> Motif:
    """Lesson 04's target beat ("mourning"): the theme in the other mode, twice as slow in note values,
    an octave lower, on the cello, played softly (p).

    Examples
    --------
    >>> beat_target(Motif.parse("4/4 c4 e g c'2", key="C major")).summary()
    'Mourning: C3 Eb3 G3 C4 | C minor | 4/4 | 100 BPM | Cello | 6.0 s'

    Lesson: lessons/04_motif_evolution.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    return (original.to_mode(opposite_mode(original.key)).augment(2).octave(-1).with_instrument("Cello")
            .with_dynamics("p").with_name("Mourning"))


#: The instruments heard as "a low bowed string" (the target's colour).
LOW_BOWED = ("Cello", "Contrabass")


def check_match_beat(answer: object, original: Motif) -> Feedback:
    """Exercise 1 of lesson 04: transform the theme until it matches the target beat; the feedback
    names each property still off (mode, rhythm, register, tempo, instrument, dynamics).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_match_beat(hero.to_mode("minor").augment(2), hero).notes[0]
    'the register: it sits 12 semitones higher than the target on average (section 2, register)'

    Lesson: lessons/04_motif_evolution.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    target = beat_target(original)
    notes = []
    if len(answer) != len(target):
        return Feedback(False, [f"it has {len(answer)} notes and rests, the target {len(target)}; keep every note "
                                "(no fragment) and change how they sound"])
    # the notes themselves, not the key's name: an estimated key may name a mode the notes do not sing
    pairs = [(t, a) for t, a in zip(target.midi, answer.midi) if t is not None and a is not None]
    moved = {(a - t) % 12 for t, a in pairs}
    if len(moved) > 1 and 0 in moved:
        differ = dict.fromkeys((note_name(t, target.key)[:-1], note_name(a, answer.key)[:-1])
                               for t, a in pairs if (a - t) % 12)
        notes.append(f"the mode: where the target sings {', '.join(t for t, _ in differ)}, yours sings "
                     f"{', '.join(a for _, a in differ)}; listen to those notes (lesson 01, the mode ladder)")
    gap = mean_pitch(answer) - mean_pitch(target)
    if abs(gap) >= 6:
        way = "higher" if gap > 0 else "lower"
        notes.append(f"the register: it sits {abs(gap):.0f} semitones {way} than the target on average "
                     "(section 2, register)")
    # heard, not written: doubled note values and a halved tempo sound the same
    ratio = [a / b for a, b in zip(note_seconds(answer), note_seconds(target))]
    if any(abs(r - 1) > 0.02 for r in ratio):
        r = sum(ratio) / len(ratio)
        size = {0.5: "half as long as", 2.0: "twice as long as"}.get(round(r, 2), f"{r:.2g} times as long as")
        notes.append(f"the pace: its notes last {size} the target's; mourning moves at half the theme's pace "
                     "(longer note values or a slower tempo: section 2)")
    if answer.instrument not in LOW_BOWED:
        notes.append(f"the colour: it plays on {answer.instrument}; the target is a low bowed string (section 2, colour)")
    level = sum(answer.velocities) / len(answer.velocities)
    if not is_soft(level):
        notes.append(f"the dynamics: it is {dynamic_mark(round(level))}; mourning here is soft: p or softer")
    if not notes and [p % 12 for p in answer.midi if p is not None] != [p % 12 for p in target.midi if p is not None]:
        k = next(i for i, (a, b) in enumerate(zip(answer.midi, target.midi)) if a != b)
        notes.append(f"note {k + 1} differs from the target's: keep every note of the theme and change only how "
                     "it sounds")
    return Feedback(not notes, notes or ["mode, rhythm, register, colour and dynamics: the theme in mourning"])


def _tune_of(music) -> Motif:
    return music.melody() if isinstance(music, Cue) else music


def _brightness_rank(music) -> int:
    mode = parse_key(music.key)[2]
    mode = {"major": "ionian", "minor": "aeolian"}.get(mode, mode)
    return len(BRIGHTNESS) - BRIGHTNESS.index(mode)  # lydian 7 .. locrian 1


def _pace(music) -> float:
    tune = _tune_of(music)
    return sum(1 for p in tune.midi if p is not None) / music.duration_seconds


def check_three_beat_arc(answer: object, original: Motif) -> Feedback:
    """Exercise 2 of lesson 04: a three-beat arc of the theme (a fall, then a victory) that meets
    stated changes: beat 2 in a darker mode and at a slower pace (fewer notes a minute) than
    beat 1; beat 3 in a brighter mode than beat 2, faster, at least 5 semitones higher on
    average and at least one dynamic step louder; the theme recognisable in every beat
    (:func:`scoring.leitmotif.find_motif` finds it whole).

    Examples
    --------
    >>> from scoring.arc import Arc
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_three_beat_arc(Arc(hero).then("a").then("b").then("c"), hero).ok
    False

    Lesson: lessons/04_motif_evolution.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    if not isinstance(answer, Arc):
        return Feedback(False, [f"the answer should be an Arc, not {type(answer).__name__}; build one with "
                                "Arc(theme).then('beat 1', ...).then('beat 2', ...).then('beat 3', ...)"])
    if len(answer) != 3:
        return Feedback(False, [f"the arc has {len(answer)} beats; it needs exactly 3"])
    if answer.theme.midi != original.midi:
        return Feedback(False, ["the arc should follow the lesson's theme: Arc(theme)"])
    one, two, three = answer.versions
    notes = []
    for k, music in enumerate((one, two, three), 1):
        if not find_motif(original, music):
            notes.append(f"beat {k}: the theme is no longer recognisable (find_motif finds no appearance); keep all "
                         "its notes and change mode, rhythm, register, tempo or colour")
    if _brightness_rank(two) >= _brightness_rank(one):
        notes.append(f"beat 2 should be darker than beat 1: it is in {two.key}, beat 1 in {one.key}; "
                     "choose a mode lower on the ladder (lesson 01, section 1)")
    if _pace(two) > 0.85 * _pace(one):
        notes.append(f"beat 2 should move more slowly: {60 * _pace(two):.0f} notes a minute against "
                     f"{60 * _pace(one):.0f} in beat 1 (at least 15% fewer): longer notes or a slower tempo")
    if _brightness_rank(three) <= _brightness_rank(two):
        notes.append(f"beat 3 should be brighter than beat 2: it is in {three.key}, beat 2 in {two.key}")
    if _pace(three) <= _pace(two):
        notes.append(f"beat 3 should move faster than beat 2: {60 * _pace(three):.0f} against {60 * _pace(two):.0f} "
                     "notes a minute")
    rise = mean_pitch(_tune_of(three)) - mean_pitch(_tune_of(two))
    if rise < 5:
        notes.append(f"beat 3 should sit higher: its tune is {rise:.1f} semitones above beat 2's on average "
                     "(at least 5): lift it into a brighter register")
    loud2 = sum(_tune_of(two).velocities) / len(_tune_of(two))
    loud3 = sum(_tune_of(three).velocities) / len(_tune_of(three))
    if loud3 < loud2 + 16:
        notes.append(f"beat 3 should be louder than beat 2 by a dynamic step or more (velocity {loud3:.0f} against "
                     f"{loud2:.0f}): victory is louder")
    return Feedback(not notes, notes or ["a fall and a victory: darker and slower, then brighter, faster, higher and "
                                         "louder, and the theme recognisable throughout"])


#: Exercise 3's march metres: duple and quadruple, simple or compound.
MARCH_METRES: tuple[str, ...] = ("2/4", "4/4", "2/2", "6/8", "12/8")
_BERLIOZ = reread("3 The Berlioz model")
_TRANSFORMS = reread("2 What each transform moves")


def _plain(length: Fraction) -> bool:
    """A plain note value: a whole, half, quarter, eighth... (a power of two quarter lengths)."""
    top, bottom = length.numerator, length.denominator
    return length > 0 and (top == 1 or bottom == 1) and top & (top - 1) == 0 and bottom & (bottom - 1) == 0


def _stride(motif: Motif) -> int | None:
    """The first long-short step of a march (1-based: the long note's place among the notes), if any.

    In a simple metre (2/4, 4/4, 2/2) the long note is dotted or double-dotted and the short one
    completes it to a plain value: a dotted quarter and an eighth, a dotted eighth and a sixteenth,
    a double-dotted quarter and a sixteenth. In a compound metre (6/8, 12/8) the beat is a dotted
    quarter and the long-short lives inside it, starting on the beat: a quarter and an eighth, or a
    dotted eighth and a sixteenth (a dotted quarter and an eighth there is a beat and a bit, no stride).
    """
    beat, compound = beat_length(motif.time_signature), is_compound(motif.time_signature)
    notes, at = list(motif.notes), Fraction(0)
    for k, (a, b) in enumerate(zip(notes, notes[1:]), 1):
        long, short = Fraction(a.duration), Fraction(b.duration)
        here, at = at, at + long
        if a.is_rest or b.is_rest or not short < long:
            continue
        if compound:
            if here % beat == 0 and (long, short) in {(Fraction(1), Fraction(1, 2)), (Fraction(3, 4), Fraction(1, 4))}:
                return k
        elif long / short in (3, 7) and _plain(long + short):
            return k
    return None


def check_march(answer: object, original: Motif) -> Feedback:
    """Exercise 3 of lesson 04: the theme rewritten by hand as a march for the turn where the
    character gets up again: a march metre (2/4, 4/4, 2/2, 6/8 or 12/8), a dotted long-short
    stride, every interval of the theme in order (transposed or in another mode is fine), the
    theme's last note (the arrival) on a strong beat and the phrase ending at a bar line.

    The checker measures the metre, the finder's reading of the intervals, the note values and
    where the arrival falls in its bar; a slow march and a fast one pass alike.

    Examples
    --------
    >>> wanderer = Motif.parse("3/4 c4 g8 a g4 e8 d c2", name="Wanderer", key="C major")
    >>> check_march(Motif.parse("4/4 r2 c4. g8 a4 g e4. d8 c1", key="C major"), wanderer).ok
    True
    >>> check_march(wanderer, wanderer).notes[0][:55]
    'the metre is 3/4, a dance; a march walks in two or four'

    Lesson: lessons/04_motif_evolution.ipynb
    """
    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    bad = motif_or_feedback(answer)
    if bad is not None:
        return bad
    notes = []
    metre = answer.time_signature
    if metre not in MARCH_METRES:
        notes.append(f"the metre is {metre}, a dance; a march walks in two or four: {', '.join(MARCH_METRES)} "
                     f"({_BERLIOZ})")
    found = [m for m in find_motif(original, answer, threshold=0.55, relations=("prime", "inversion"))
             if m.intervals in ("exact", "diatonic", "mode change")]
    prime = [m for m in found if m.relation == "prime"]
    if not prime:
        notes.append("the theme is upside down: keep each interval going the same way as the theme's"
                     if found else
                     f"the finder does not hear the {original.name}'s intervals in order: keep every step and leap of "
                     "the theme (a transposition or another mode is fine) and change only the note values "
                     f"({_TRANSFORMS})")
    stride = _stride(answer)
    if stride is None:
        if is_compound(metre):
            notes.append(f"no long-short stride yet: in {metre} each beat is a dotted quarter, and a march steps "
                         "long-short inside it: a quarter and an eighth (or a dotted eighth, a sixteenth and an "
                         "eighth), starting on the beat")
        else:
            notes.append("no dotted stride yet: a march steps long-short, a dotted note and the short note that "
                         "completes it (a dotted quarter and an eighth, a dotted eighth and a sixteenth, or a "
                         "double-dotted quarter and a sixteenth)")
    bar = bar_length(metre)
    total = Fraction(answer.quarter_length).limit_denominator(96)
    if total % bar:
        notes.append(f"the phrase stops {float(total % bar):g} quarter notes into bar {int(total // bar) + 1}; "
                     "fill the last bar (hold the arrival, or add a rest) so it ends at a bar line")
    where = ""
    if prime:
        m = max(prime, key=lambda x: x.score)
        number, beat, strong = beat_position(Fraction(m.end_beat).limit_denominator(96), metre)
        where = f"the arrival on {beat_words(number, beat)}"
        if not strong:
            notes.append(f"the arrival (the theme's last note) falls {weak_place(number, beat)}; "
                         "move it to the first beat of a bar (or the third of four, in 4/4 or 12/8): "
                         "start with a rest as an upbeat, or lengthen a note before it")
    if notes:
        return Feedback(False, notes)
    return Feedback(True, [f"a march in {metre}: the {original.name}'s intervals ({prime[0].transformation}), a "
                           f"long-short stride at note {stride}, {where}, ending at a bar line",
                           "play it after the defeat: does he get up?"])


def _solution_match_beat(original: Motif) -> Motif:
    return original.to_mode(opposite_mode(original.key)).augment(2).octave(-1).with_instrument("Cello") \
        .with_dynamics("p")


def _solution_three_beat_arc(original: Motif):
    return (Arc(original, name="Fall and victory")
            .then("resolve", "with_dynamics('mf')")
            .then("fall", f"to_mode('{'phrygian' if opposite_mode(original.key) == 'major' else 'minor'}')",
                  "augment(2)", "with_dynamics('p')")
            .then("victory", "to_mode('lydian')", "octave(1)", "with_dynamics('ff')"))


def _solution_march(original: Motif) -> Motif:
    """The theme's notes in 4/4: dotted quarter and eighth in pairs (a quarter for an odd one out),
    a rest first as an upbeat so that the last note, held a whole bar, falls on a downbeat."""
    pitches = [p for p in original.midi if p is not None]
    lengths = [Fraction(3, 2) if k % 2 == 0 else Fraction(1, 2) for k in range(len(pitches) - 1)]
    if len(lengths) % 2:
        lengths[-1] = Fraction(1)
    upbeat = -sum(lengths) % 4
    notes = ([Note(None, upbeat, 0)] if upbeat else []) + [
        Note(p, d, 80) for p, d in zip(pitches, lengths + [Fraction(4)])]
    return original.with_notes(notes, name="Resolve", time_signature="4/4")


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "match_beat": (check_match_beat, _solution_match_beat),
    "three_beat_arc": (check_three_beat_arc, _solution_three_beat_arc),
    "march": (check_march, _solution_march),
}
