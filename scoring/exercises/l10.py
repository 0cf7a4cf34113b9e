"""Lesson 10's exercises (songs in film): the radio that opens into the score, the montage cut to
the song, a cue written to a temp's shape, the cue sheet's usage codes and rights, and a bridge
for the song; the checkers and their reference solutions.

Lesson: lessons/10_songs.ipynb
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.exercises.feedback import Feedback, reread
from scoring.render import checks
from scoring.harmony import bar_length, harmonize
from scoring.render.dsp import bandpass
from scoring.scene import load_scene
from scoring.songs import (RadioOpening, curve_match, cut_points, energy_curve, melody_fit, openness, shared_run,
                           snap_cuts, song, temp_track)
from scoring.sync import layer_from_notes

__all__ = ["RADIO_EXCERPT", "RADIO_STAYS", "RADIO_FULL_BY", "radio_excerpt", "check_radio_opening", "SEA_CUT",
           "GREEN_CUT", "MAX_MOVE", "check_montage_cuts", "check_temp_cue", "USAGE_QUIZ", "check_usage",
           "RIGHTS_QUIZ", "check_rights", "BRIDGE_CHORDS", "check_bridge", "SOLUTIONS"]

#: Exercise 1: the stretch of *Windows Down* the radio plays (song seconds), rendered at this rate.
RADIO_EXCERPT = (0.0, 8.0)
_RADIO_RATE = 22050
#: Exercise 1: the radio stays a radio until this second; the score is full from this one.
RADIO_STAYS = 3.0
RADIO_FULL_BY = 5.5
#: Exercise 2: the cut to the sea (cut 8) and the green light (cut 4), each on a downbeat; no cut
#: moves more than MAX_MOVE frames.
SEA_CUT, GREEN_CUT = 8, 4
MAX_MOVE = 12
#: Exercise 4: four moments of a film and the usage code each goes on the cue sheet as.
USAGE_QUIZ = (("a band on stage in the bar, the singer in shot", "VV"),
              ("a pianist at the party, seen playing, no singing", "VI"),
              ("a song with a singer on a car radio; nobody is seen performing", "BV"),
              ("the orchestral underscore under the chase", "BI"))
#: Exercise 5: three uses of music and the licences they need ("sync", "master"; none for a score
#: written for the film, which the production commissions and owns or licenses by contract).
RIGHTS_QUIZ = (("a hit record as released, dropped into a montage", {"sync", "master"}),
               ("the same song re-recorded for the film by a session band", {"sync"}),
               ("a cue the film's composer wrote and recorded for the film", set()))
_CODES = ("BI", "BV", "VI", "VV")
#: Exercise 6: the bridge's chords, one a bar (4/4), between a chorus and the next verse; it ends on
#: E, the dominant of A minor, so it sets up the verse's first chord (Am).
BRIDGE_CHORDS = ("F", "G", "Em", "E")


#: The section of the lesson each exercise's feedback sends the student back to.
_SECTIONS = {"radio_opening": "1 Source and underscore", "montage_cuts": "3 Cutting picture to a song",
             "temp_cue": "4 Temp tracks and temp love", "usage": "5 Licensing and the cue sheet",
             "rights": "5 Licensing and the cue sheet", "bridge": "The song: chords and strong beats"}


def _verdict(ok: bool, notes: list[str], exercise: str, what: str) -> Feedback:
    """The feedback, with the section to reread (and what to look for there) when it is not yet right."""
    return Feedback(ok, notes if ok else [*notes, f"{reread(_SECTIONS[exercise])}: {what}"])


def radio_excerpt() -> tuple[np.ndarray, int]:
    """Exercise 1's music: the first eight seconds of *Windows Down*, (samples, rate).

    Lesson: lessons/10_songs.ipynb
    """
    y, sr = song(["verse"]).to_audio(sample_rate=_RADIO_RATE)
    a, b = (int(t * sr) for t in RADIO_EXCERPT)
    return y[a:b], sr


def check_radio_opening(answer, excerpt: tuple[np.ndarray, int] | None = None) -> Feedback:
    """Exercise 1 of lesson 10: a :class:`~scoring.songs.RadioOpening` that keeps the song a radio
    until :data:`RADIO_STAYS` s and has it full score by :data:`RADIO_FULL_BY` s, opening over at
    least a second, with some hall. Read from the sound: the share of energy outside the radio's
    band before :data:`RADIO_STAYS` s and in the half second after :data:`RADIO_FULL_BY` s, the
    level there against the unfiltered song, and the rise in level inside the radio's band (so
    that filtering out the bass does not count as getting quieter).

    Lesson: lessons/10_songs.ipynb
    """
    if not isinstance(answer, RadioOpening):
        return Feedback(False, [f"the answer should be a RadioOpening(at=..., over=...), not {type(answer).__name__}"])
    y, sr = excerpt if excerpt is not None else radio_excerpt()
    heard = answer.render(y, sr)
    t, share = openness(heard, sr, window=0.5)
    before, after = t + 0.25 <= RADIO_STAYS, (t - 0.25 >= RADIO_FULL_BY - 1e-9) & (t + 0.25 <= RADIO_FULL_BY + 0.5 + 1e-9)
    early, late = float(share[before].max()), float(share[after].min())
    mono = lambda x: np.asarray(x, float).mean(axis=1) if np.ndim(x) == 2 else np.asarray(x, float)  # noqa: E731
    rms = lambda x, a, b: float(np.sqrt(np.mean(x[int(a * sr): int(b * sr)] ** 2)) + 1e-9)  # noqa: E731
    wet, dry = mono(heard), mono(y)
    first, last = (0.0, RADIO_STAYS), (RADIO_FULL_BY, RADIO_FULL_BY + 0.5)
    short = 20 * np.log10(rms(wet, *last) / rms(dry, *last))
    band_wet, band_dry = (bandpass(x, sr, low=350.0, high=3200.0, order=4) for x in (wet, dry))
    rise = 20 * np.log10((rms(band_wet, *last) / rms(band_dry, *last)) / (rms(band_wet, *first) / rms(band_dry, *first)))
    full_at = answer.at + answer.over
    notes, ok = [], True
    if early > 0.25:
        ok = False
        notes.append(f"the band already opens before {RADIO_STAYS:g} s ({early:.0%} of the sound is outside the "
                     "radio's band): keep it a radio until the cue point, then open it")
    else:
        notes.append(f"until {RADIO_STAYS:g} s it is a radio: at most {early:.0%} of the sound outside its band")
    if late < 0.5 or short < -1.5 or full_at > RADIO_FULL_BY + 0.1:
        ok = False
        notes.append(f"after {RADIO_FULL_BY:g} s the score is not full yet ({late:.0%} of the sound outside the "
                     f"radio's band, {max(0.0, -short):.1f} dB below full level; fully open only at {full_at:g} s): "
                     "open it sooner or faster")
    else:
        notes.append(f"from {RADIO_FULL_BY:g} s it is the full score: {late:.0%} of the sound outside the old band")
    if answer.over < 1.0:
        ok = False
        notes.append(f"it opens in {answer.over:g} s: that sounds like a switched channel; let it open over a second "
                     "or more")
    if answer.space <= 0.05:
        ok = False
        notes.append("the score ends dry; give it some space (a hall) so it leaves the car")
    if rise < 5:
        ok = False
        notes.append(f"inside the radio's band the level rises only {rise:.1f} dB: the radio should be clearly "
                     "quieter than the score, not only thinner")
    elif ok:
        notes.append(f"the level rises {rise:.0f} dB (inside the radio's band) as the song leaves the car")
    return _verdict(ok, notes, "radio_opening", "how the band, the level and the space change together")


def _cut_times(answer) -> list[float] | None:
    if hasattr(answer, "new") and hasattr(answer, "moves"):
        return list(answer.new)
    if isinstance(answer, (list, tuple, np.ndarray)) and not isinstance(answer, (str, bytes)):
        try:
            return [float(x) for x in answer]
        except (TypeError, ValueError):
            return None
    return None


def check_montage_cuts(answer, scene_name: str = "windows_down") -> Feedback:
    """Exercise 2 of lesson 10: new times for the montage's cuts (a list of seconds or a CutPlan):
    every cut within a frame of a beat of *Windows Down*, the sea (cut 8) and the green light (cut 4)
    on downbeats, no cut moved more than :data:`MAX_MOVE` frames, every shot at least a second.

    Lesson: lessons/10_songs.ipynb
    """
    scene = load_scene(scene_name)
    rough = cut_points(scene)
    cuts = _cut_times(answer)
    if cuts is None or len(cuts) != len(rough):
        return Feedback(False, [f"give {len(rough)} cut times in seconds, one per cut of the rough cut, in order"])
    clock = song().tempo_map
    fps = scene.fps
    notes, ok = [], True
    bounds = [0.0] + cuts + [scene.duration]
    short = [i for i in range(len(bounds) - 1) if bounds[i + 1] - bounds[i] < 1.0]
    if short:
        return Feedback(False, [f"shot {short[0] + 1} lasts {bounds[short[0] + 1] - bounds[short[0]]:.2f} s: keep the "
                                "cuts in order and every shot at least a second long"])
    for i, (was, now) in enumerate(zip(rough, cuts), 1):
        frame = now * fps
        if abs(frame - round(frame)) > 0.01:
            ok = False
            notes.append(f"cut {i} at {now:g} s falls between frames ({frame:.2f}); a cut happens on a frame: "
                         f"frame {round(frame)} is {round(frame) / fps:.4f} s (seconds = frame / {fps:g})")
            continue
        beat = float(clock.beat_at(now))
        nearest = round(beat)
        off = abs(now - float(clock.seconds_at(nearest))) * fps
        moved = (now - was) * fps
        bar, on = clock.bar_beat(nearest)
        want_down = i in (SEA_CUT, GREEN_CUT)
        if off > 1.0 + 1e-6:
            ok = False
            notes.append(f"cut {i} at {now:.3f} s is {off:.1f} frames off the nearest beat (bar {bar} beat {on})")
        elif want_down and on != 1:
            ok = False
            notes.append(f"cut {i} lands on bar {bar} beat {on}; this cut wants a downbeat (beat 1)")
        elif abs(moved) > MAX_MOVE:
            ok = False
            notes.append(f"cut {i} moved {moved:+.0f} frames from the rough cut: more than {MAX_MOVE}, the action "
                         "no longer matches; choose a nearer beat")
        else:
            notes.append(f"cut {i}: bar {bar} beat {on}, moved {moved:+.0f} frames, {off:.2f} frames off the beat")
    return _verdict(ok, notes, "montage_cuts", "moving each cut to its nearest beat or downbeat, in frames")


def check_temp_cue(answer, temp: Cue | None = None) -> Feedback:
    """Exercise 3 of lesson 10: an original cue (Motif or Cue) written to the temp's tempo (within 4 %)
    and energy shape (onsets per bar correlating 0.8 or more, loudness 0.6 or more, over its 8 bars),
    whose melody shares no run of 5 intervals (6 notes) holding a leap with the temp's (runs of steps
    alone, pieces of a scale, are common property). Its density against the temp's is reported.

    Lesson: lessons/10_songs.ipynb
    """
    if not isinstance(answer, (Motif, Cue)):
        return Feedback(False, [f"the answer should be a Motif or a Cue, not {type(answer).__name__}"])
    temp = temp_track() if temp is None else temp
    a, b = energy_curve(temp), energy_curve(answer)
    match = curve_match(a, b)
    run = shared_run(temp, answer)
    notes, ok = [], True
    ratio = match["tempo ratio"]
    if abs(ratio - 1) > 0.04:
        ok = False
        notes.append(f"it runs at {b.bpm:g} BPM; the temp runs at {a.bpm:g}: the cut was made to that pulse, keep it "
                     "within 4 %")
    if len(b.onsets) < len(a.onsets):
        ok = False
        notes.append(f"it lasts {len(b.onsets)} bars; the temp's shape runs over {len(a.onsets)}")
    if match["onsets"] < 0.8:
        ok = False
        peak = int(np.argmax(a.onsets)) + 1
        notes.append(f"the activity does not follow the temp's (correlation {match['onsets']:.2f}): the temp is "
                     f"busiest in bar {peak} and thins out at the end; notes per bar {list(b.onsets)} vs "
                     f"{list(a.onsets)}")
    else:
        notes.append(f"notes per bar follow the temp's build and fall (correlation {match['onsets']:.2f})")
    if match["loudness"] < 0.6:
        ok = False
        notes.append(f"the loudness does not follow the temp's (correlation {match['loudness']:.2f}): it rises to "
                     "forte in bars 5-6 and falls; give each part its dynamic")
    else:
        notes.append(f"the loudness rises and falls with the temp's (correlation {match['loudness']:.2f})")
    dense = sum(b.onsets[: len(a.onsets)]) / max(1, sum(a.onsets))
    if dense < 0.6:
        notes.append(f"it starts {dense:.0%} as many notes as the temp over its bars: lighter than the temp's "
                     "drive; a pulse or drums of your own would carry its energy")
    else:
        notes.append(f"it is about as dense as the temp: {dense:.0%} as many notes over its bars")
    if run >= 5:
        ok = False
        notes.append(f"the melody shares a run of {run} intervals with the temp's: that is the temp's tune, not its "
                     "shape; write your own notes")
    else:
        notes.append(f"the notes are your own: the longest run of intervals shared with the temp is {run}")
    return _verdict(ok, notes, "temp_cue", "keeping the temp's tempo and energy curve with notes of your own")


def _codes(answer, n: int, example: str) -> list[str] | None:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)) or len(answer) != n:
        return None
    return [str(x).strip().upper() for x in answer]


def _quiz(quiz: object, example: str) -> list:
    fix = f"give (moment, answer) pairs, like {example}"
    pairs = checks.items(quiz, "quiz", fix, most=100)
    if not pairs or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in pairs):
        raise ScoringError(f"quiz={checks.show(quiz)} is not a list of (moment, answer) pairs; {fix}")
    return pairs


def check_usage(answer, quiz=USAGE_QUIZ) -> Feedback:
    """Exercise 4 of lesson 10: the cue-sheet usage code (BI, BV, VI, VV) of each moment in ``quiz``.

    Lesson: lessons/10_songs.ipynb
    """
    quiz = _quiz(quiz, "[('the underscore under the chase', 'BI')]")
    given = _codes(answer, len(quiz), "BI")
    if given is None:
        return Feedback(False, [f"give a list of {len(quiz)} codes like 'BI', one per moment, in order"])
    notes, right = [], 0
    for (what, code), g in zip(quiz, given):
        if g == code:
            right += 1
            notes.append(f"{what}: {code}")
        elif g not in _CODES:
            notes.append(f"{what}: {g!r} is not a usage code; use BI, BV, VI or VV")
        elif g[0] != code[0]:
            notes.append(f"{what}: is a performer seen on screen? V (visual) if so, B (background) if not")
        else:
            notes.append(f"{what}: is there a voice singing? ..V (vocal) if so, ..I (instrumental) if not")
    return _verdict(right == len(quiz), notes, "usage", "the table of usage codes")


def check_rights(answer, quiz=RIGHTS_QUIZ) -> Feedback:
    """Exercise 5 of lesson 10: the licences each use in ``quiz`` needs, as sets of "sync" and "master".

    Lesson: lessons/10_songs.ipynb
    """
    quiz = _quiz(quiz, "[('a hit record in a montage', {'sync', 'master'})]")
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (list, tuple)) or len(answer) != len(quiz):
        return Feedback(False, [f"give a list of {len(quiz)} sets, like [{{'sync'}}, set(), ...], one per use"])
    notes, right = [], 0
    for (what, need), g in zip(quiz, answer):
        try:
            items = (g,) if isinstance(g, str) else (g or ())          # a bare "sync" is one licence
            got = {str(x).strip().lower() for x in items} - {""}
        except TypeError:
            got = {"?"}
        if got == need:
            right += 1
            notes.append(f"{what}: {' and '.join(sorted(need)) or 'neither'}")
        elif "master" in need and "master" not in got:
            notes.append(f"{what}: this uses the released recording, so its owner (the label) must license it too")
        elif "master" in got and "master" not in need:
            notes.append(f"{what}: no existing recording is used here, so there is no master to license")
        elif "sync" in need:
            notes.append(f"{what}: the song itself (the composition) still belongs to its writers' publisher")
        else:
            notes.append(f"{what}: written for the film under the composer's contract; no outside licence")
    return _verdict(right == len(quiz), notes, "rights", "the sync and the master licence")


def check_bridge(answer, chords=BRIDGE_CHORDS) -> Feedback:
    """Exercise 6 of lesson 10: a bridge for *Windows Down*, a 4/4 Motif one bar per chord of
    ``chords`` whose strong beats (1 and 3) sit on chord tones, read by :func:`~scoring.songs.melody_fit`;
    passing notes between are free, and a rest on a strong beat is allowed if each bar sounds a note there.

    Lesson: lessons/10_songs.ipynb
    """
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, like Motif.parse(\"4/4 ...\"), not "
                                f"{type(answer).__name__}"])
    per_bar = bar_length(answer.time_signature)
    if per_bar != 4:
        return _verdict(False, [f"it is in {answer.time_signature}; the song is in 4/4: start the text with \"4/4\""],
                        "bridge", "the song's metre and its chord a bar")
    bars = float(answer.quarter_length) / per_bar
    if abs(bars - len(chords)) > 1e-9:
        return _verdict(False, [f"it lasts {bars:g} bars; the bridge has {len(chords)}, one per chord "
                                f"({' '.join(chords)})"], "bridge", "the song's metre and its chord a bar")
    fit = melody_fit(answer, list(chords))
    notes, ok = [], True
    silent = [b for b in range(1, len(chords) + 1) if not any(r[0] == b and r[2] is not None for r in fit.rows)]
    if silent:
        ok = False
        notes.append(f"bar {silent[0]} has no note on beat 1 or 3: give each bar a note on a strong beat")
    for b, k, n, c in fit.clashes:
        ok = False
        notes.append(f"bar {b} beat {k}: {n} is not in {c}; on a strong beat use a note of the chord, and put "
                     "other notes between the beats")
    sounded = sum(1 for r in fit.rows if r[2] is not None)
    if ok:
        notes.append(f"all {sounded} strong-beat notes are chord tones of {' '.join(chords)}")
    return _verdict(ok, notes, "bridge", "strong beats on chord tones, passing notes between")


def _solution_radio_opening(excerpt=None) -> RadioOpening:
    return RadioOpening(at=RADIO_STAYS, over=2.0, space=0.35)


def _solution_montage_cuts(scene_name: str = "windows_down") -> list[float]:
    scene = load_scene(scene_name)
    rough = cut_points(scene)
    to = ["downbeat" if i in (SEA_CUT, GREEN_CUT) else "beat" for i in range(1, len(rough) + 1)]
    return list(snap_cuts(rough, song().tempo_map, to=to, fps=scene.fps).new)


def _solution_temp_cue(temp=None) -> Cue:
    def part(text: str, dynamics: str) -> Motif:
        return Motif.parse(text, key="D minor", tempo=132, instrument="Electric Guitar (clean)", dynamics=dynamics)

    tune = (part("4/4 a2 f2 a4 r g a", "p") + part("4/4 c'4 d' c' a g8 a c' d' f'4 e'", "mf")
            + part("4/4 d'8 f' a' f' d' c' a c' d' f' a' c'' a' f' d' f'", "f")
            + part("4/4 a'4 f' d' c' d'1", "mp")).with_name("Getaway (original)")
    # its own drive: eighth-note bass from bar 2 that grows to the peak and falls back, toms in bars 4-6
    loud = {1: 60, 2: 72, 3: 84, 4: 100, 5: 104, 6: 58}
    pulse = [(4 * bar + k / 2, 0.5, [38 if k % 4 else 26], loud[bar]) for bar in range(1, 7)
             for k in range(8 if bar in (3, 4, 5) else 4 if bar != 6 else 2)]
    pulse += [(0, 4, [26], 48), (28, 4, [26], 48)]
    toms = [(4 * bar + k, 0.5, [45 if k % 2 else 41], 96) for bar in (3, 4, 5) for k in range(4)]
    cue = harmonize(tune, ["Dm", "F", "Gm", "A", "Dm", "Bb", "Gm", "Dm"], harmony_instrument="Electric Piano 2",
                    bass_instrument="Fretless Bass")
    return cue.with_layers([cue.layer("melody"), cue.layer("harmony"),
                            layer_from_notes("pulse", sorted(pulse), total=32, instrument="Synth Bass 1"),
                            layer_from_notes("drums", toms, total=32, instrument="Melodic Tom")]).with_name(
        "Getaway (original)")


def _solution_usage(quiz=USAGE_QUIZ) -> list[str]:
    return [code for _, code in quiz]


def _solution_rights(quiz=RIGHTS_QUIZ) -> list[set]:
    return [set(need) for _, need in quiz]


def _solution_bridge(chords=BRIDGE_CHORDS) -> Motif:
    return Motif.parse("4/4 a4 g f a b4 a g b g4 f e g g#4 a b2", name="Windows Down (bridge)", key="A minor",
                       tempo=108)


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "radio_opening": (check_radio_opening, _solution_radio_opening),
    "montage_cuts": (check_montage_cuts, _solution_montage_cuts),
    "temp_cue": (check_temp_cue, _solution_temp_cue),
    "usage": (check_usage, _solution_usage),
    "rights": (check_rights, _solution_rights),
    "bridge": (check_bridge, _solution_bridge),
}
