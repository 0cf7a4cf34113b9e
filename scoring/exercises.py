"""Exercise checkers: specific feedback for a student's answer, and the reference solutions.

Each checker returns a :class:`Feedback` that says what is right or what is still off. The
reference solutions live here too, so the tests prove every exercise can be solved and every
checker accepts the solution and rejects the starter.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Callable

from .model import Motif


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``ok`` and the lines that explain it.

    Examples
    --------
    >>> Feedback(False, ["the motif is still in C major; try .to_mode('minor')"])
    Not yet: the motif is still in C major; try .to_mode('minor')

    Lesson: lessons/00_first_motif.ipynb
    """

    ok: bool
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        head = "Well done: " if self.ok else "Not yet: "
        return head + "; ".join(self.notes) if self.notes else head.rstrip(": ")

    def _repr_html_(self) -> str:
        colour, mark = ("#1b7a32", "✔") if self.ok else ("#a4461b", "✘")
        items = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        title = "Well done" if self.ok else "Not yet"
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px">'
                f'<b style="color:{colour}">{mark} {title}</b><ul style="margin:2px 0">{items}</ul></div>')


def _motif_or_feedback(answer) -> Feedback | None:
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, not {type(answer).__name__}; "
                                "build one with Motif.parse(...) or a transform"])
    return None


def check_first_motif(answer) -> Feedback:
    """Exercise 1 of lesson 00: the notes C4 D4 E4 G4 as quarter notes, then C5 as a half note.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad:
        return bad
    want_p, want_d = ["C4", "D4", "E4", "G4", "C5"], [1.0, 1.0, 1.0, 1.0, 2.0]
    got_p, got_d = answer.pitches, answer.durations
    notes = []
    if got_p != want_p:
        notes.append(f"the notes are {' '.join(map(str, got_p))}; they should be {' '.join(want_p)} "
                     "(in tinyNotation c' is C5)")
    if got_d != want_d:
        notes.append(f"the durations are {got_d}; four quarter notes then a half note is {want_d}")
    return Feedback(not notes, notes or ["five notes, rising to the octave: a call to adventure"])


def check_mirror(answer, original: Motif) -> Feedback:
    """Exercise 2 of lesson 00: the original turned upside down and played backwards.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad:
        return bad
    target = original.retrograde_inversion()
    if answer.midi == target.midi and answer.durations == target.durations:
        return Feedback(True, ["upside down and backwards: the retrograde inversion"])
    if answer.midi == original.retrograde().midi:
        return Feedback(False, ["it is backwards but not upside down yet; add .invert() before .retrograde()"])
    if answer.midi == original.invert().midi:
        return Feedback(False, ["it is upside down but still forwards; add .retrograde()"])
    if answer.midi == original.midi:
        return Feedback(False, ["this is still the original; use .invert() and .retrograde()"])
    return Feedback(False, [f"the notes are {answer.pitches}; the retrograde inversion of the original is "
                            f"{target.pitches}"])


def check_lament(answer, original: Motif) -> Feedback:
    """Exercise 3 of lesson 00: twice as slow (note values doubled), on a cello, an octave lower.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad:
        return bad
    notes = []
    if [d for d in answer.durations] != [2 * d for d in original.durations]:
        notes.append("the note values are not doubled yet; use .augment(2)")
    if answer.instrument != "Cello":
        notes.append(f"it plays on {answer.instrument}; use .with_instrument('Cello')")
    want = [None if p is None else p - 12 for p in original.midi]
    if answer.midi != want:
        notes.append("it is not an octave lower; use .octave(-1)")
    if answer.tempo != original.tempo:
        notes.append(f"keep the tempo at {original.tempo:g} BPM: augmentation slows the notes, not the beat")
    return Feedback(not notes, notes or ["the same tune, heavier and older: augmentation, register and colour"])


def _solution_first_motif() -> Motif:
    return Motif.parse("4/4 c4 d e g c'2", name="Call")


def _solution_mirror(original: Motif) -> Motif:
    return original.invert().retrograde()


def _solution_lament(original: Motif) -> Motif:
    return original.augment(2).with_instrument("Cello").octave(-1)


#: name -> (checker, reference solution); the solution takes the same extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "first_motif": (check_first_motif, _solution_first_motif),
    "mirror": (check_mirror, _solution_mirror),
    "lament": (check_lament, _solution_lament),
}


# ---------------------------------------------------------------- lesson 01: mood
_DARK_MODES = ("minor", "aeolian", "phrygian", "locrian", "dorian")
#: The hidden modes of lesson 01's three quiz clips, in order.
MODE_QUIZ = ("phrygian", "lydian", "dorian")
_MODE_HINTS = {
    "lydian": "it has a raised fourth (F# over C): bright, floating",
    "ionian": "it is plain major", "major": "it is plain major",
    "mixolydian": "major with a flat seventh (Bb)",
    "dorian": "minor third but a raised sixth (A natural): minor with a lift",
    "aeolian": "natural minor: flat third, sixth and seventh", "minor": "natural minor: flat third, sixth and seventh",
    "phrygian": "minor with a flat second (Db) leaning on the tonic: menace",
    "locrian": "flat second and flat fifth (Gb): no stable tonic",
}


def _melody(answer):
    from .cue import Cue

    if isinstance(answer, Cue):
        return answer.melody(), answer
    if isinstance(answer, Motif):
        return answer, None
    return None, None


def _mean_pitch(motif: Motif) -> float:
    ps = [p for p in motif.midi if p is not None]
    return sum(ps) / len(ps)


def check_tragic(answer, original: Motif) -> Feedback:
    """Exercise 1 of lesson 01: make the theme tragic: a minor mode, 70 BPM or slower, a lower register.

    Lesson: lessons/01_mood.ipynb
    """
    melody, cue = _melody(answer)
    if melody is None:
        return Feedback(False, [f"the answer should be a Motif or a Cue, not {type(answer).__name__}"])
    notes = []
    mode = melody.key.split()[1]
    if mode not in _DARK_MODES:
        notes.append(f"it is still in {melody.key}; a tragic version wants a minor mode, e.g. .to_mode('minor')")
    tempo = cue.tempo if cue is not None else melody.tempo
    if tempo > 70:
        notes.append(f"the tempo is {tempo:g} BPM; slow it to 70 or below, e.g. .with_tempo(56)")
    drop = _mean_pitch(original) - _mean_pitch(melody)
    if drop < 5:
        notes.append(f"the register is only {drop:.0f} semitones lower on average; go down an octave with .octave(-1)")
    return Feedback(not notes, notes or [f"{melody.key}, {tempo:g} BPM, {drop:.0f} semitones lower: a lament"])


def check_modes(answer, clips=MODE_QUIZ) -> Feedback:
    """Exercise 2 of lesson 01: name the mode of each quiz clip.

    Lesson: lessons/01_mood.ipynb
    """
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != len(clips):
        return Feedback(False, [f"give a list of {len(clips)} mode names, one per clip, e.g. ['dorian', 'lydian', 'aeolian']"])
    notes, right = [], 0
    for i, (given, truth) in enumerate(zip(answer, clips), 1):
        g = str(given).strip().lower()
        if g == truth or {g, truth} <= {"major", "ionian"} or {g, truth} <= {"minor", "aeolian"}:
            right += 1
            notes.append(f"clip {i}: yes, {truth}")
        else:
            notes.append(f"clip {i}: not {given!r}; listen again: {_MODE_HINTS[truth]}")
    return Feedback(right == len(clips), notes)


_SYNTH_PROGRAMS = set(range(80, 104)) | {38, 39, 50, 51, 62, 63}


def check_cold(answer, original: Motif) -> Feedback:
    """Exercise 3 of lesson 01: a cold version: the same melody, synthetic instruments only,
    and two octaves or more between the bass and the melody.

    Lesson: lessons/01_mood.ipynb
    """
    from .cue import Cue

    if not isinstance(answer, Cue):
        return Feedback(False, ["the answer should be a Cue with several layers; try apply_palette(theme, ...)"])
    notes = []
    melody = answer.melody()
    same_line = ([p % 12 if p is not None else None for p in melody.midi] ==
                 [p % 12 if p is not None else None for p in original.midi]) and melody.durations == original.durations
    if not same_line:
        notes.append("the melody changed; keep its notes and rhythm (register may move by octaves)")
    warm = [f"{l.role} ({l.instrument})" for l in answer.layers if l.program not in _SYNTH_PROGRAMS]
    if warm:
        notes.append(f"these layers are not synthetic yet: {', '.join(warm)}")
    lows = [p for l in answer.layers if l.role in ("bass", "pulse") for c in l.chords for p in c.pitches]
    if not lows:
        notes.append("there is no bass layer; harmonise first")
    else:
        gap = min(p for p in melody.midi if p is not None) - max(lows)
        if gap < 24:
            notes.append(f"the melody's lowest note is only {gap} semitones above the bass's highest; "
                         "open a gap of two octaves (move the melody up or the bass down)")
    return Feedback(not notes, notes or ["same tune, another world: synthetic colours and a wide, empty middle"])


def _solution_tragic(original: Motif) -> Motif:
    return original.to_mode("minor").with_tempo(56).octave(-1)


def _solution_modes(clips=MODE_QUIZ) -> list[str]:
    return list(clips)


def _solution_cold(original: Motif):
    from .mood import apply_palette

    return apply_palette(original, "cold synthetic")


SOLUTIONS.update({
    "tragic": (check_tragic, _solution_tragic),
    "modes": (check_modes, _solution_modes),
    "cold": (check_cold, _solution_cold),
})


# ---------------------------------------------------------------- lesson 02: tension and release
def _tension_cue(answer):
    from .cue import Cue

    return answer if isinstance(answer, (Cue, Motif)) else None


def check_rise_and_release(answer) -> Feedback:
    """Exercise 1 of lesson 02: a cue whose tension (default weights) climbs through 8 bars, then releases.

    Checked on the computed curve: bar 8 at least 0.12 above bar 1, no bar of the first eight
    more than 0.05 below the highest bar before it, and a last bar at least 0.15 below bar 8.

    Lesson: lessons/02_tension.ipynb
    """
    from .tension import tension_curve

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

    Lesson: lessons/02_tension.ipynb
    """
    from .tension import roughness

    labels = sorted(chords)
    if isinstance(answer, str) or not hasattr(answer, "__len__") or sorted(str(a).strip().upper() for a in answer) != labels:
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

    Lesson: lessons/02_tension.ipynb
    """
    from .tension import ic_dissonance, note_spans

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
                         "it drop out for a beat or two first, e.g. drop_out(build, beats=2)")
    return Feedback(not notes, notes or ["the music stops, the audience holds its breath, and the stinger lands"])


def _solution_rise_and_release():
    from .devices import build_tension

    return build_tension(["ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "rising sequence",
                          "crescendo", "accelerando", "release"])


def _solution_chord_order(chords=CHORD_QUIZ) -> list[str]:
    from .tension import roughness

    return sorted(chords, key=lambda k: roughness(chords[k]))


def _solution_stinger():
    from .devices import BUILD_CELL, crescendo, drop_out, join, ostinato, pedal, stack, stinger

    cell = Motif.parse(BUILD_CELL, name="ostinato", key="C minor", tempo=120, instrument="Cello")
    build = crescendo(stack(ostinato(cell, 2), pedal("C2", 2, tempo=120)), start="p", end="ff")
    return join(drop_out(build, beats=2), stinger("cluster", tempo=120))


SOLUTIONS.update({
    "rise_and_release": (check_rise_and_release, _solution_rise_and_release),
    "chord_order": (check_chord_order, _solution_chord_order),
    "stinger": (check_stinger, _solution_stinger),
})
