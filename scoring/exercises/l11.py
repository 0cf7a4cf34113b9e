"""Lesson 11's exercises (the series theme and the dub stage): the checkers and their reference
solutions.

Lesson: lessons/11_series.ipynb
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.exercises.feedback import Feedback, reread
from scoring.leitmotif import find_motif
from scoring.series import (DELIVERY_SPECS, TUNES, Delivery, deliver, hummability, integrated_loudness, main_title,
                            mixdown, sting, theme_present, true_peak, tune)

__all__ = ["TITLE_SECONDS", "STING_SECONDS", "HUMMABLE", "THEME_ABOVE", "check_titles", "check_delivery",
           "check_hummable", "SOLUTIONS"]

#: How long the main title and the sting must last (seconds) and the tolerance either side.
TITLE_SECONDS, STING_SECONDS = (30.0, 1.0), (5.0, 0.5)
#: What the hummable-theme exercise asks: measure -> (limit, "max" or "min").
HUMMABLE = {"notes": (8, "min"), "ambitus": (12, "max"), "steps": (0.6, "min"), "largest_leap": (7, "max"),
            "repetition": (0.25, "min"), "contour_turns": (0.6, "max")}
_TOLERANCE = 0.5          # LU either side of the loudness target the course accepts
#: How far (LU) the stem that carries the theme must stand above every other music stem.
THEME_ABOVE = 3.0


#: The section of the lesson each exercise's feedback sends the student back to, and what to look for there.
_SECTIONS = {"titles": ("1 A theme across four seasons", "how main_title and sting state, hold and time the theme"),
             "delivery": ("4 The dub stage: stems and loudness", "stems at one gain, the loudness target and the "
                          "true-peak ceiling"),
             "hummable": ("2 What makes a theme travel", "what each measure counts and how to move it")}


def _not_yet(notes: list[str], exercise: str) -> Feedback:
    heading, what = _SECTIONS[exercise]
    return Feedback(False, [*notes, f"{reread(heading)}: {what}"])


def _moves(pitches: list[int]) -> list[int]:
    return [b - a for a, b in zip(pitches, pitches[1:])]


def _opens_with_head(original: Motif, music) -> bool:
    """Whether some layer's first three sounding notes (its top line) move as the theme's first
    three do, in any key or rhythm."""
    head = [p for p in original.midi if p is not None][:3]
    cue = music if isinstance(music, Cue) else None
    lines = ([[c.pitches[-1] for c in l.chords if c.pitches] for l in cue.layers] if cue is not None else
             [[p for p in music.midi if p is not None]])
    return len(head) == 3 and any(len(line) >= 3 and _moves(line[:3]) == _moves(head) for line in lines)


def _pair(answer, what: str) -> Feedback | None:
    if not isinstance(answer, (list, tuple)) or len(answer) != 2:
        return Feedback(False, [f"give two things, the main title and the sting: answer = ({what})"])
    return None


def check_titles(answer, original) -> Feedback:
    """Exercise 1 of lesson 11: ``answer = (main_title, sting)`` made from the theme ``original``:
    a main title of 30 s (±1 s) in which the whole theme is heard, and a sting of 5 s (±0.5 s) that
    opens with the theme's head. How you build them is yours: written notes, transforms, palettes.

    Lesson: lessons/11_series.ipynb
    """
    bad = _pair(answer, "title, sting")
    if bad is not None:
        return bad
    notes = []
    for music, label, (want, tol) in zip(answer, ("main title", "sting"), (TITLE_SECONDS, STING_SECONDS)):
        if not isinstance(music, (Motif, Cue)):
            notes.append(f"the {label} should be a Motif or a Cue, not {type(music).__name__}")
            continue
        got = music.duration_seconds
        if abs(got - want) > tol:
            fix = ("state the theme more often (join, or main_title's statements) or slow it"
                   if got < want else "cut statements or quicken the tempo (with_tempo)")
            if label == "sting":
                fix = ("keep only the theme's first notes and hold the last" if got > want else
                       "hold the last note longer or slow the tempo")
            notes.append(f"the {label} lasts {got:.1f} s; it should last {want:g} s (±{tol:g}): {fix}")
        try:
            present = theme_present(original, music)
        except ValueError:
            present = False
        if not present:
            what, where = (("the whole theme", "put it in, whole, within one layer") if label == "main title" else
                           ("the theme's first three notes", "put them in"))
            notes.append(f"{what} cannot be heard in any layer of the {label}; {where} (transposed, "
                         "re-timed or re-orchestrated is fine)")
        elif label == "sting" and not _opens_with_head(original, music):
            notes.append("the sting has the theme's head somewhere but does not open with it: a title card is "
                         "recognised in its first notes, so start a layer with the head (any key, any rhythm)")
    if notes:
        return _not_yet(notes, "titles")
    return Feedback(True, [f"a {answer[0].duration_seconds:.1f}-s main title that states the theme and a "
                           f"{answer[1].duration_seconds:.1f}-s sting that opens with its head"])


def _delivery_problems(d: Delivery, label: str, want: tuple[float, float], original, target: float,
                       ceiling: float) -> list[str]:
    notes = []
    length, tol = want
    if abs(d.music.duration_seconds - length) > tol:
        notes.append(f"the {label}'s music lasts {d.music.duration_seconds:.1f} s, not {length:g} s (±{tol:g})")
    if len(d.master) < d.music.duration_seconds * d.sample_rate:
        notes.append(f"the {label}'s music mix is shorter than its music; render it again with deliver()")
        return notes
    if len(d.stems) < 2:
        notes.append(f"the {label} has {len(d.stems)} stem; deliver the music split by layer (at least two stems)")
    try:
        summed = mixdown(d.stems)
    except ValueError as exc:
        return notes + [f"the {label}'s stems: {exc}"]
    if summed.shape != np.shape(d.master) or float(np.max(np.abs(summed - d.master))) > 1e-4:
        notes.append(f"the {label}'s stems do not sum to its music mix: a gain was set on the master alone; "
                     "set gains on the stems (deliver(..., gains=...)) so the mixer can rebuild the mix")
    lufs = integrated_loudness(d.master, d.sample_rate)
    if not math.isfinite(lufs):
        notes.append(f"the {label}'s music mix is silent; the spec asks {target:g} LUFS")
    elif abs(lufs - target) > _TOLERANCE:
        off = lufs - target
        notes.append(f"the {label}'s music mix reads {lufs:.1f} LUFS, {abs(off):.1f} LU {'over' if off > 0 else 'under'} "
                     f"the spec's {target:g} (±{_TOLERANCE:g} LU): bring the whole mix {'down' if off > 0 else 'up'} "
                     "by one gain, every stem alike, so the balance stays yours")
    peak = true_peak(d.master, d.sample_rate)
    if peak > ceiling and math.isfinite(lufs) and abs(lufs - target) <= _TOLERANCE:
        notes.append(f"the {label}'s true peak is {peak:.1f} dBTP, over the {ceiling:g} dBTP ceiling: turn down the "
                     "stem with the sharpest attacks (gains={'...': -6}) and deliver again")
    if not theme_present(original, d.music):
        notes.append(f"the theme cannot be heard in the {label}; deliver the cue you made in exercise 1")
    else:
        notes += _balance_problems(d, label, original)
    return notes


def _stem_levels(d: Delivery, original: Motif) -> tuple[list[str], dict[str, float]]:
    """The music stems that carry the theme, and every music stem's integrated loudness (LUFS)."""
    music = [k for k in d.stems if k != "dialogue"]
    levels = {k: integrated_loudness(d.stems[k], d.sample_rate) for k in music}
    carriers = [k for k, layer in zip(music, d.music.layers)
                if theme_present(original, d.music.with_layers([layer]))] if len(music) == len(d.music.layers) else []
    return carriers, levels


def _balance_problems(d: Delivery, label: str, original: Motif) -> list[str]:
    carriers, levels = _stem_levels(d, original)
    if not carriers or len(levels) < 2:
        return []
    lead = max(carriers, key=lambda k: levels[k])
    others = {k: v for k, v in levels.items() if k not in carriers and math.isfinite(v)}
    if not others or not math.isfinite(levels[lead]):
        return []
    loudest = max(others, key=others.get)
    gap = levels[lead] - others[loudest]
    if gap >= THEME_ABOVE:
        return []
    return [f"in the {label}, the theme's stem ({lead}) reads {levels[lead]:.1f} LUFS, {gap:+.1f} LU against "
            f"{loudest} ({others[loudest]:.1f}): on the dub stage the tune has to read through dialogue and "
            f"effects, so stand it at least {THEME_ABOVE:g} LU above every accompanying stem (a fader on the "
            "accompaniment, or on the tune)"]


def check_delivery(answer, original, *, spec: str = "EBU R128") -> Feedback:
    """Exercise 2 of lesson 11: ``answer = [main title delivery, sting delivery]`` (each from
    :func:`scoring.series.deliver`): lengths as in exercise 1, the theme present, at least two stems
    that sum to the music mix, the stem that carries the theme at least :data:`THEME_ABOVE` LU
    above every other music stem (integrated loudness), the mix at the spec's integrated loudness
    (±0.5 LU) and its true peak under the spec's ceiling (EBU R128: -23 LUFS, -1 dBTP). The
    checker measures the audio itself.

    Lesson: lessons/11_series.ipynb
    """
    bad = _pair(answer, "deliver(title, ...), deliver(sting_, ...)")
    if bad is not None:
        return bad
    target, ceiling, _ = DELIVERY_SPECS[spec]
    notes = []
    for d, label, want in zip(answer, ("main title", "sting"), (TITLE_SECONDS, STING_SECONDS)):
        if not isinstance(d, Delivery):
            notes.append(f"the {label} should be a Delivery (from deliver(...)), not {type(d).__name__}")
            continue
        notes += _delivery_problems(d, label, want, original, target, ceiling)
    if notes:
        return _not_yet(notes, "delivery")
    measured = [(integrated_loudness(d.master, d.sample_rate), true_peak(d.master, d.sample_rate)) for d in answer]
    return Feedback(True, [f"main title {measured[0][0]:.1f} LUFS, {measured[0][1]:.1f} dBTP; sting "
                           f"{measured[1][0]:.1f} LUFS, {measured[1][1]:.1f} dBTP; stems sum to each music mix: "
                           f"ready for {spec}"])


def _same_tune(a: Motif, b: Motif) -> bool:
    """Whether ``a`` holds ``b``'s first eight notes (any transposition, any tempo)."""
    n = min(8, len([p for p in b.midi if p is not None]))
    return bool(find_motif(b.fragment(0, n), a, threshold=0.95))


def check_hummable(answer, original) -> Feedback:
    """Exercise 3 of lesson 11: write a theme that travels, by the lesson's measures
    (:data:`HUMMABLE`): at least 8 notes, within an octave, mostly steps (60 %), no leap wider than
    a fifth, cells that come back (25 %), a contour that turns at most 0.6 times per move, and
    neither the starting theme unchanged nor one of the public-domain tunes.

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, not {type(answer).__name__}; write one with "
                                "Motif.parse(...)"])
    try:
        h = hummability(answer)
    except ValueError as exc:
        return Feedback(False, [str(exc)])
    fixes = {"notes": "write a longer phrase (two to four bars)",
             "ambitus": "keep it within an octave: bring the highest note down or the lowest up",
             "steps": "move by step more often (neighbouring notes of the scale)",
             "largest_leap": "narrow the widest leap to a fifth or less",
             "repetition": "repeat a cell: let a figure of four notes (three moves, with their rhythm) come back",
             "contour_turns": "let the line go one way for a while (a run up, a run down) instead of zigzagging"}
    notes = []
    for key, (limit, kind) in HUMMABLE.items():
        v = h[key]
        if (kind == "min" and v < limit) or (kind == "max" and v > limit):
            sign = "at least" if kind == "min" else "at most"
            notes.append(f"{key.replace('_', ' ')} is {v:g} ({sign} {limit:g} asked): {fixes[key]}")
    if isinstance(original, Motif) and answer.midi == original.midi and answer.durations == original.durations:
        notes.insert(0, "this is still the starting theme; edit its notes")
    for name in TUNES:
        if _same_tune(answer, tune(name)):
            notes.insert(0, f"this is {name}, a public-domain tune; write a theme of your own")
    if notes:
        return _not_yet(notes, "hummable")
    return Feedback(True, [f"{h['notes']} notes within {h['ambitus']} semitones, {h['steps']:.0%} steps, "
                           f"{h['repetition']:.0%} of its cells come back: a theme built to be hummed "
                           "(whether it is memorable, only listeners can say)"])


def _solution_titles(original):
    return (main_title(original, TITLE_SECONDS[0]), sting(original, STING_SECONDS[0]))


def _solution_delivery(original):
    title, short = _solution_titles(original)
    balance = {"harmony": -6.0, "bass": -3.0}       # the tune 3 LU or more over its accompaniment
    return [deliver(title, target=-23.0, gains=balance), deliver(short, target=-23.0, gains=balance)]


def _solution_hummable(original):
    # Harbour Lights made hummable (written for the course): steps, a cell that returns, one octave
    return Motif.parse("4/4 d4 e8 f e4 d a4 g8 f e2 d4 e8 f e4 d c4 d8 e d2", name="Harbour Lights, hummed",
                       key="D minor", tempo=96)


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "titles": (check_titles, _solution_titles),
    "delivery": (check_delivery, _solution_delivery),
    "hummable": (check_hummable, _solution_hummable),
}
