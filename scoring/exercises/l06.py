"""Lesson 06's exercises (sync): the timecode, hit and cue-number quizzes, the checkers and their
reference solutions.

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

import numbers
import re
from typing import Callable

import numpy as np

from scoring.errors import ScoringError
from scoring.exercises.feedback import Feedback, reread
from scoring.render.checks import expect, items, number, show
from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.scene import number_cues
from scoring.silence import sounding_notes
from scoring.sync import (TempoFit, at_tempo, beat_at, click_to_bpm, fit_tempo, frame_rate, seconds_at, tempo_for_hit,
                          timecode_to_seconds)

__all__ = ["TIMECODE_QUIZ", "DOOR_SLAM", "DOOR_RANGE", "THREE_HITS", "THREE_RANGE", "REEL3_CUES",
           "FIGURE_HIT", "FIGURE_TEMPO", "check_timecodes", "check_hit_tempo", "check_three_hits",
           "check_cue_numbers", "check_hit_figure", "SOLUTIONS"]


#: Lesson 06, exercise 1: three timecodes and their frame rates (the ';' one is drop-frame).
TIMECODE_QUIZ = (("00:00:10:12", 24), ("00:01:02:20", 25), ("00:10:00;00", 29.97))
#: Lesson 06, exercise 2: the door slams this many seconds after the cue starts; the tempos allowed.
DOOR_SLAM = 7.5
DOOR_RANGE = (100, 130)
#: Lesson 06, exercise 3: three hits (the cue starts at 00:00:00:00, 24 fps) and the tempos allowed.
THREE_HITS = ("00:00:03:04", "00:00:07:07", "00:00:11:20")
THREE_RANGE = (80, 160)
#: Lesson 06, exercise 4: the cues of reel 3 as spotted (title, start, usage), not in time order.
REEL3_CUES = (("The Letter", "03:02:40:12", "BI"), ("Harbour Lights", "03:00:31:00", "BI"),
              ("Radio in the Bar", "03:05:10:06", "BV"), ("Chase to the Pier", "03:03:05:18", "BI"),
              ("Last Look", "03:07:44:00", "BI"))

#: Lesson 06, exercise 5: a hit this many seconds after the cue's first beat, and the cue's tempo (4/4).
FIGURE_HIT = 5.0
FIGURE_TEMPO = 96

#: The headings of lesson 06 that the feedback sends a student back to.
_TIMECODE, _ONE_HIT, _SEVERAL, _SPOTTING = ("1 Timecode and frames", "2 Hitting one point",
                                           "3 Hitting several: fitting a tempo", "8 A spotting session")


def _number(x) -> float | None:
    """A plain number (an int, a float, a Fraction, a NumPy number), else None."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, np.integer, np.floating)):
        return None
    return float(x)


def _tempo(answer, fps: float = 24) -> float | None:
    """A tempo answer in BPM: a number, a fit's tempo, or a frame click such as '11-2' (as a scoring stage
    writes it: frames and eighths per beat)."""
    if isinstance(answer, TempoFit):
        return answer.bpm
    if isinstance(answer, str):
        try:
            return click_to_bpm(answer.strip(), fps)
        except ScoringError:
            return None
    return _number(answer)


def check_timecodes(answer, quiz=TIMECODE_QUIZ) -> Feedback:
    """Exercise 1 of lesson 06: the seconds of each timecode in ``quiz`` (within half a frame).

    Lesson: lessons/06_sync.ipynb
    """


    expect(quiz, (list, tuple), "quiz", "TIMECODE_QUIZ")
    if not all(isinstance(q, (list, tuple)) and len(q) == 2 for q in quiz):
        raise ScoringError("quiz: give (timecode, fps) pairs, like TIMECODE_QUIZ")
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != len(quiz):
        return Feedback(False, [f"give a list of {len(quiz)} numbers of seconds, one per timecode, e.g. [10.0, 62.0, 600.0]"])
    notes, right = [], 0
    for (tc, fps), given in zip(quiz, answer):
        g = _number(given)
        truth = timecode_to_seconds(tc, fps)
        real = frame_rate(fps)[1]            # 29.97 runs at 30000/1001
        h, m, s, f = (int(x) for x in tc.replace(";", ":").split(":"))
        whole = 3600 * h + 60 * m + s
        if g is None:
            notes.append(f"{tc}: {given!r} is not a number of seconds")
        elif abs(g - truth) <= 0.5 / real:
            right += 1
            notes.append(f"{tc} at {fps:g} fps: yes, {truth:.2f} s")
        elif abs(g - whole) < 1e-6 and f:
            notes.append(f"{tc}: you left out the frames; {f} frames at {fps:g} fps add {f}/{fps:g} s")
        elif abs(g - (whole + f / 100)) < 1e-6:
            notes.append(f"{tc}: the last field counts frames, not hundredths of a second; divide {f} by {fps:g}")
        elif ";" in tc and abs(g - (3600 * h + 60 * m + s + f / 30) * 1.001) < 0.05:
            notes.append(f"{tc}: {g:g} s is what non-drop 29.97 would give; the ';' means drop-frame, which skips "
                         "frame numbers so that its clock keeps up with real time")
        elif any(abs(g - (whole + f / other)) < 1e-3 for other in (24, 25, 30) if other != round(fps)):
            notes.append(f"{tc}: this timecode runs at {fps:g} fps; divide the frames by {fps:g}")
        else:
            notes.append(f"{tc}: not {g:g} s; t = 3600·H + 60·M + S + FF/fps")
    if right < len(quiz):
        notes.append(f"{reread(_TIMECODE)}: the last field counts frames, and ';' marks drop-frame")
    return Feedback(right == len(quiz), notes)


def _bpm_range(bpm_range: object) -> tuple[float, float]:
    """``bpm_range`` checked: two tempi, slower first, like (90, 140)."""
    fix = "leave bpm_range out, or give (slowest, fastest) in BPM, like (90, 140)"
    pair = items(bpm_range, "bpm_range", fix, most=2)
    if len(pair) != 2:
        raise ScoringError(f"bpm_range={show(bpm_range)} needs two tempi; {fix}")
    lo, hi = (number(v, "bpm_range", fix, lo=1, hi=1000) for v in pair)
    if not lo < hi:
        raise ScoringError(f"bpm_range={show(bpm_range)}: the slower tempo comes first; {fix}")
    return lo, hi


def check_hit_tempo(answer, hit: float = DOOR_SLAM, bpm_range=DOOR_RANGE) -> Feedback:
    """Exercise 2 of lesson 06: a tempo in ``bpm_range`` that puts a hit ``hit`` seconds into the cue
    exactly on a downbeat of 4/4 (within half a frame; beat 1 is the cue's start).

    The tempo may be given in BPM, as a fit, or as a frame click (``"11-2"``: frames and eighths
    of a frame per beat at 24 fps), the way a scoring stage writes it.

    Lesson: lessons/06_sync.ipynb
    """
    bpm = _tempo(answer)
    if bpm is None:
        return Feedback(False, [f"the answer should be a tempo: BPM (a number) or a frame click like '12-0', not "
                                f"{type(answer).__name__}"])
    lo, hi = _bpm_range(bpm_range)
    if not lo <= bpm <= hi:
        return Feedback(False, [f"{bpm:g} BPM is outside {lo:g}-{hi:g} BPM: the range is the scene's pace; among the "
                                f"tempos that put the hit on a beat, choose one inside it ({reread(_ONE_HIT)})"])
    beat = beat_at(hit, bpm)                      # by the clock: 1 + t·BPM/60
    n = round(beat)
    error = abs(seconds_at(n, bpm) - hit) * 24
    if error > 0.5:
        return Feedback(False, [f"at {bpm:g} BPM the hit falls between beats (beat {beat:.2f}), {error:.1f} frames "
                                f"from beat {n}: each beat n gives one tempo, BPM = 60·(n−1)/t ({reread(_ONE_HIT)})"])
    if (n - 1) % 4:
        bar, pos = divmod(n - 1, 4)
        return Feedback(False, [f"at {bpm:g} BPM the hit lands on beat {n}, which is beat {pos + 1} of bar {bar + 1}: "
                                "a jolt, not an arrival; the downbeats are beats 1, 5, 9, 13, 17 ... "
                                f"({reread(_ONE_HIT)})"])
    return Feedback(True, [f"{bpm:g} BPM: beat {n}, the downbeat of bar {(n - 1) // 4 + 1}: the hit is the first "
                           "thing the bar says"])


def check_three_hits(answer, hits=THREE_HITS, bpm_range=THREE_RANGE) -> Feedback:
    """Exercise 3 of lesson 06: one tempo in ``bpm_range`` that catches every hit within one frame,
    on a beat or on the eighth between two beats (a stab on the *and* catches a hit too).

    Lesson: lessons/06_sync.ipynb
    """
    bpm = _tempo(answer)
    if bpm is None:
        return Feedback(False, [f"the answer should be a tempo (BPM, a fit, or a frame click like '12-0'), not "
                                f"{type(answer).__name__}"])
    lo, hi = _bpm_range(bpm_range)
    hits = items(hits, "hits", "leave hits out, or give a list of timecodes or seconds, like ['00:00:04:12', 9.5]",
                 most=100)
    if not lo <= bpm <= hi:
        return Feedback(False, [f"{bpm:g} BPM is outside {lo:g}-{hi:g} BPM: search inside the range the scene "
                                f"allows ({reread(_SEVERAL)})"])
    on_beats, on_eighths = at_tempo(list(hits), bpm, 24), at_tempo(list(hits), bpm, 24, subdivision=2)
    at = on_beats if on_beats.worst <= 1.0 or on_eighths.worst > 1.0 else on_eighths
    parts = ", ".join(f"{tc} on beat {b:g} ({e:+.1f} fr)" for tc, b, e in zip(hits, at.beats, at.errors))
    if at.worst <= 1.0:
        off = [b for b in at.beats if b != int(b)]
        between = f"; {len(off)} on the 'and' of a beat, a jolt off the beat" if off else ""
        return Feedback(True, [f"{bpm:g} BPM: {parts}; worst {at.worst:.1f} frames{between}"])
    return Feedback(False, [f"at {bpm:g} BPM: {parts}; the worst is {at.worst:.1f} frames, more than one (even with "
                            "the eighths between the beats): try every tempo in the range and keep the one whose "
                            f"worst error is smallest ({reread(_SEVERAL)})"])


def check_cue_numbers(answer, cues=REEL3_CUES, reel: int = 3) -> Feedback:
    """Exercise 4 of lesson 06: the cue numbers of a reel's cues, given in the order they are listed.

    Lesson: lessons/06_sync.ipynb
    """


    expect(cues, (list, tuple), "cues", "REEL3_CUES")
    if not cues:
        raise ScoringError("cues is empty; give the reel's cues as (title, start, usage), as in REEL3_CUES")
    for cue in cues:
        if not (isinstance(cue, (list, tuple)) and len(cue) == 3 and isinstance(cue[0], str)):
            raise ScoringError(f"cues holds {show(cue)}; give each cue as (title, start, usage), like "
                               "('The Letter', '03:02:40:12', 'BI'), as in REEL3_CUES")
    truth = number_cues([c[1] for c in cues], reel)
    if isinstance(answer, dict):            # {title: number} says the same as a list in the listed order
        unknown = [t for t in answer if t not in {title for title, *_ in cues}]
        if unknown:
            return Feedback(False, [f"{show(unknown[0])} is not a cue of this reel; its cues are "
                                    f"{', '.join(repr(title) for title, *_ in cues)} (the titles as listed)"])
        answer = [answer.get(title, "") for title, *_ in cues]
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != len(cues):
        return Feedback(False, [f"give {len(cues)} cue numbers like '{reel}M1', one per cue, in the order listed "
                                "(or a dict of title to number)"])
    # 3M02 and 3m2 are the same cue as 3M2: studios pad the cue number with zeros, or not
    given = [re.sub(r"M0+(?=\d)", "M", "".join(str(a).split()).upper()) for a in answer]
    if given == truth:
        return Feedback(True, [f"{title}: {n}" for (title, *_), n in zip(cues, truth)] +
                        ["numbered by where they start in the reel; the source cue is numbered like any other"])
    notes = []
    if any(not g.startswith(f"{reel}M") for g in given):
        notes.append(f"this is reel {reel}, so every number starts '{reel}M' (reel, M for music, then the cue)")
    if given == [f"{reel}M{i}" for i in range(1, len(cues) + 1)]:
        first = min(cues, key=lambda c: c[1])
        notes.append(f"numbers follow the picture, not the list: '{first[0]}' starts first ({first[1]}), "
                     f"so it is {reel}M1")
    elif not notes:
        for (title, start, _), g, t, a in zip(cues, given, truth, answer):
            if g != t:
                notes.append(f"'{title}' (starts {start}) is not {str(a).strip()}: count the cues that start before it")
    return Feedback(False, notes + [f"{reread(_SPOTTING)}: how cues are numbered"])


def check_hit_figure(answer, hit: float = FIGURE_HIT) -> Feedback:
    """Exercise 5 of lesson 06: a figure written note by note that lands on a hit ``hit`` seconds
    after its first beat: a note starts within one frame (24 fps) of the hit, at least two notes
    lead into it in the two beats before, and the note on the hit stands out as an arrival, not a
    passing note: longer than each note that leads into it, or a stab with a beat or more before the
    next note. Any tempo, rhythm and pitches that do this pass.

    Examples
    --------
    >>> check_hit_figure(Motif.parse("4/4 r1 r2 a8 b- c'# e' f'2 r2", tempo=96)).ok
    True
    >>> check_hit_figure(Motif.parse("4/4 r1 r4 a8 b- c'# e' f'2", tempo=96)).notes[0][:63]
    'the note nearest the hit starts at 4.38 s, 15.0 frames early: a'

    Lesson: lessons/06_sync.ipynb
    """
    if not isinstance(answer, (Motif, Cue)):
        return Feedback(False, [f"the answer should be a Motif (your figure, written note by note in tinyNotation) "
                                f"or a Cue, not {type(answer).__name__}"])
    hit = number(hit, "hit", "give the hit in seconds after the first beat, like 5.0", lo=0)
    _, fps, _ = frame_rate(24)
    notes = sounding_notes(answer)
    onsets = sorted({round(s, 6) for s, *_ in notes})
    if not onsets:
        return Feedback(False, ["there are no notes yet: write a figure that runs into the hit and lands on it",
                                f"{reread(_ONE_HIT)}: which beat the hit falls on"])
    bpm = answer.tempo
    landing = min(onsets, key=lambda t: abs(t - hit))
    off = (landing - hit) * fps
    if abs(off) > 1.0:
        side = "early" if off < 0 else "late"
        return Feedback(False, [f"the note nearest the hit starts at {landing:.2f} s, {abs(off):.1f} frames {side}: "
                                f"at {bpm:g} BPM a hit t seconds in falls on beat 1 + t·BPM/60; count your rests "
                                "and note values up to it again",
                                f"{reread(_ONE_HIT)}: which beat the hit falls on"])
    clock = answer.tempo_map                            # the answer's own clock: its beats in seconds
    at = float(clock.beat_at(landing))
    lead_from = float(clock.seconds_at(max(at - 2, 0.0)))
    beat = float(clock.seconds_at(at + 1)) - landing
    lead = [t for t in onsets if lead_from - 1e-6 <= t < landing - 1e-6]
    problems = []
    if len(lead) < 2:
        problems.append(f"{len(lead)} note{'s' * (len(lead) != 1)} in the two beats before the hit: write a run or a "
                        "pickup of at least two notes into it, so the ear feels the hit coming")
    length = max(e - s for s, e, *_ in notes if abs(s - landing) < 1e-6)
    before = [e - s for s, e, *_ in notes if any(abs(s - t) < 1e-6 for t in lead)]
    later = [t for t in onsets if t > landing + 1e-6]
    space = later[0] - landing if later else float("inf")
    if before and length <= max(before) + 1e-6 and space < beat - 1e-6:
        problems.append(f"the note on the hit lasts {length:.2f} s, no longer than the {max(before):.2f} s of a note "
                        f"that leads into it, and the next note comes {space:.2f} s later: it sounds like a passing "
                        "note; hold the arrival, or stab it and leave a beat of space after it")
    if problems:
        return Feedback(False, problems + [f"{reread(_ONE_HIT)}: a hit as an arrival"])
    return Feedback(True, [f"a note lands {abs(off):.1f} frames from the hit at {hit:g} s (beat "
                           f"{1 + float(clock.beat_at(hit)):g} at {bpm:g} BPM), after {len(lead)} notes that run into it, "
                           f"and holds {length:.2f} s"])


def _solution_timecodes(quiz=TIMECODE_QUIZ) -> list[float]:
    return [timecode_to_seconds(tc, fps) for tc, fps in quiz]


def _solution_hit_tempo(hit: float = DOOR_SLAM, bpm_range=DOOR_RANGE) -> float:
    return tempo_for_hit(hit, 17)   # beat 17 = the downbeat of bar 5: 128 BPM


def _solution_three_hits(hits=THREE_HITS, bpm_range=THREE_RANGE) -> float:
    return fit_tempo(list(hits), bpm_range).bpm


def _solution_cue_numbers(cues=REEL3_CUES, reel: int = 3) -> list[str]:
    return number_cues([c[1] for c in cues], reel)


def _solution_hit_figure(hit: float = FIGURE_HIT) -> Motif:
    # 5.0 s at 96 BPM is beat 9, the downbeat of bar 3: six beats of rest, a run up the dominant
    # (A, B-flat passing, C-sharp, E) and F, the third of D minor, on the hit.
    return Motif.parse("4/4 r1 r2 a8 b- c'# e' f'2 r2", name="On the hit", key="D minor", tempo=FIGURE_TEMPO,
                       instrument="French Horn")


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "timecodes": (check_timecodes, _solution_timecodes),
    "hit_tempo": (check_hit_tempo, _solution_hit_tempo),
    "three_hits": (check_three_hits, _solution_three_hits),
    "cue_numbers": (check_cue_numbers, _solution_cue_numbers),
    "hit_figure": (check_hit_figure, _solution_hit_figure),
}
