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
    """Exercise 1 of lesson 00: the notes C4 D4 E4 G4 as quarter notes, then C5 as a whole note.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad is not None:
        return bad
    want_p, want_d = ["C4", "D4", "E4", "G4", "C5"], [1.0, 1.0, 1.0, 1.0, 4.0]
    got_p, got_d = answer.pitches, answer.durations
    notes = []
    if got_p != want_p:
        notes.append(f"the notes are {' '.join(map(str, got_p))}; they should be {' '.join(want_p)} "
                     "(in tinyNotation c' is C5)")
    if got_d != want_d:
        notes.append(f"the durations are {got_d}; four quarter notes then a whole note is {want_d}")
    return Feedback(not notes, notes or ["five notes, rising to the octave: a call to adventure"])


def check_mirror(answer, original: Motif) -> Feedback:
    """Exercise 2 of lesson 00: the original turned upside down and played backwards.

    Lesson: lessons/00_first_motif.ipynb
    """
    bad = _motif_or_feedback(answer)
    if bad is not None:
        return bad
    target = original.retrograde_inversion()
    if answer.midi == target.midi and answer.durations == target.durations:
        return Feedback(True, ["upside down and backwards: the retrograde inversion"])
    from .analysis import intervals

    if intervals(answer) == intervals(target) and answer.durations == target.durations:
        shift = next(a for a in answer.midi if a is not None) - next(t for t in target.midi if t is not None)
        where = f"{abs(shift) // 12} octave{'s' if abs(shift) >= 24 else ''} {'higher' if shift > 0 else 'lower'}" \
            if shift % 12 == 0 else f"{abs(shift)} semitones {'higher' if shift > 0 else 'lower'}"
        return Feedback(True, [f"the right shape: upside down and backwards; it sits {where} than "
                               "hero.retrograde_inversion() because it mirrors around another note"])
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
    if bad is not None:
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
    return Motif.parse("4/4 c4 d e g c'1", name="Call")


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

    Examples
    --------
    >>> from scoring.devices import build_tension
    >>> check_rise_and_release(build_tension(["ostinato"] * 8 + ["release"]))
    Not yet: the tension hardly grows: bar 1 is 0.29, bar 8 is 0.31; add devices that build
    (pedal, rising sequence, crescendo, accelerando); the tension does not come down: the last
    bar is 0.22, bar 8 0.31; end with a release (consonant, lower, quieter, slower)

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

    Examples
    --------
    >>> check_chord_order(["C", "D", "A", "B"])
    Well done: C (0.7) < D (4.4) < A (10.0) < B (18.6): roughness rises with the number of
    beating partials

    Lesson: lessons/02_tension.ipynb
    """
    from .tension import roughness

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


# ---------------------------------------------------------------- lessons 03 and 04: the leitmotif and its arc
#: Lesson 03's quiz: the hidden transformation of each clip, in order.
TRANSFORM_QUIZ: tuple[str, ...] = ("retrograde", "inversion", "mode change", "diminution")
#: Names a student may use for each transformation.
_TRANSFORM_SYNONYMS = {
    "transposition": ("transposition", "transposed", "transpose"),
    "inversion": ("inversion", "inverted", "invert", "upside down"),
    "retrograde": ("retrograde", "backwards", "reversed", "reverse"),
    "retrograde inversion": ("retrograde inversion", "retrograde_inversion", "ri", "inverted retrograde"),
    "augmentation": ("augmentation", "augmented", "augment"),
    "diminution": ("diminution", "diminished", "diminish"),
    "mode change": ("mode change", "mode", "to_mode", "minor", "major", "modal change", "change of mode"),
}
def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _article(name: str) -> str:
    return "an" if name[0] in "aeiou" else "a"


def _transform_hint(original: Motif, clip: Motif, guess: str, index: int) -> str:
    """Why ``guess`` cannot have made ``clip``, and what the clip keeps and changes of the theme,
    without naming the transformation that did make it."""
    from .leitmotif import what_survives

    kept = what_survives(original, clip)
    would = what_survives(original, _transformed(original, guess))
    missing = [p for p, ok in would.items() if ok and not kept[p]]
    extra = [p for p, ok in kept.items() if ok and not would[p]]
    a = _article(guess)
    if missing:
        them = "it" if len(missing) == 1 else "them"
        why = f"{a} {guess} keeps the theme's {_listing(missing)}, and this clip changes {them}"
    elif extra:
        why = f"this clip keeps the theme's {_listing(extra)}, which {a} {guess} would change"
    else:
        ratio = clip.quarter_length / original.quarter_length
        length = ("twice as long" if ratio == 2 else "half as long" if ratio * 2 == 1 else
                  "as long" if ratio == 1 else f"{float(ratio):g} times as long")
        why = f"{a} {guess} would keep the same properties, but each note of this clip is {length} as the theme's"
    has = [p for p, ok in kept.items() if ok]
    lost = [p for p, ok in kept.items() if not ok]
    what = (f"clip {index} keeps the theme's {_listing(has)}" if has else
            f"clip {index} keeps none of the theme's properties read note by note")
    if lost and has:
        what += f" and changes its {_listing(lost)}"
    return f"clip {index}: not {guess}: {why} — {what}"


def _opposite_mode(key: str) -> str:
    from .pitch import parse_key

    return "major" if parse_key(key)[2] in _DARK_MODES else "minor"


def _transformed(original: Motif, name: str) -> Motif:
    makers = {
        "transposition": lambda m: m.transpose(5), "inversion": lambda m: m.invert(),
        "retrograde": lambda m: m.retrograde(), "retrograde inversion": lambda m: m.retrograde_inversion(),
        "augmentation": lambda m: m.augment(2), "diminution": lambda m: m.diminish(2),
        "mode change": lambda m: m.to_mode(_opposite_mode(m.key)),
    }
    return makers[name](original)


def transform_quiz(original: Motif, *, quiz: tuple[str, ...] = TRANSFORM_QUIZ) -> list[Motif]:
    """The clips of lesson 03's quiz: clip *i* is ``original`` under the *i*-th hidden transformation.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> [clip.pitches for clip in transform_quiz(hero)][:2]
    [['C5', 'G4', 'E4', 'C4'], ['C4', 'Ab3', 'F3', 'C3']]

    Lesson: lessons/03_leitmotif.ipynb
    """
    return [_transformed(original, q).with_name(f"clip {i}") for i, q in enumerate(quiz, 1)]


def _transform_name(text) -> str | None:
    t = str(text).strip().lower().replace("-", " ")
    for name, words in _TRANSFORM_SYNONYMS.items():
        if t in words:
            return name
    return None


def check_transformations(answer: object, original: Motif, *, quiz: tuple[str, ...] = TRANSFORM_QUIZ) -> Feedback:
    """Exercise 1 of lesson 03: name the transformation that made each quiz clip from the theme.

    A wrong name is answered with a hint, never with the answer: what the named transformation
    would keep that the clip changes, and what the clip keeps and changes of the theme (read from
    :func:`scoring.leitmotif.what_survives`), to find in the lesson's survival table.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_transformations(["retrograde", "retrograde", "mode change", "diminution"], hero)
    Not yet: clip 1: yes, retrograde; clip 2: not retrograde: a retrograde keeps the theme's pitch
    set, and this clip changes it — clip 2 keeps the theme's sizes, rhythm and proportions and
    changes its pitches, pitch set, intervals, steps and contour; clip 3: yes, mode change; clip 4:
    yes, diminution; find each pattern of kept properties in the survival table of section 1, then
    listen again

    Lesson: lessons/03_leitmotif.ipynb
    """
    choices = ", ".join(f"'{n}'" for n in _TRANSFORM_SYNONYMS)
    if isinstance(answer, str) or not isinstance(answer, (list, tuple)) or len(answer) != len(quiz):
        return Feedback(False, [f"give a list of {len(quiz)} names, one per clip, chosen from {choices}"])
    notes, right, hinted = [], 0, False
    for i, (given, truth, clip) in enumerate(zip(answer, quiz, transform_quiz(original, quiz=quiz)), 1):
        name = _transform_name(given)
        if name == truth:
            right += 1
            notes.append(f"clip {i}: yes, {truth}")
        elif name is None:
            notes.append(f"clip {i}: {given!r} is not one of the names; choose from {choices}")
        else:
            notes.append(_transform_hint(original, clip, name, i))
            hinted = True
    if hinted:
        notes.append("find each pattern of kept properties in the survival table of section 1, then listen again")
    return Feedback(right == len(quiz), notes)


#: Where lesson 03's hidden cue hides the theme: (transformation, what is done to the theme).
HIDDEN_PLAN: tuple[str, ...] = ("transposition", "inversion", "retrograde + diminution")


def _filler(original: Motif, degrees: list[int], durations: list[float]) -> Motif:
    from fractions import Fraction

    from .model import Note
    from .pitch import from_scale_degree, parse_key

    pc, _, mode = parse_key(original.key)
    first = next(p for p in original.midi if p is not None)
    octave = (first - pc) // 12
    loud = next(n.velocity for n in original.notes if not n.is_rest)
    notes = [Note(from_scale_degree(octave, d, 0, pc, mode), Fraction(d2).limit_denominator(8), loud)
             for d, d2 in zip(degrees, durations)]
    return original.with_notes(notes)


def hidden_cue(original: Motif) -> tuple[Motif, list[tuple[float, str]]]:
    """Lesson 03's hidden-appearance cue and the truth: the theme hidden three times (transposed up a
    fifth, inverted, backwards at double speed) between plain stepwise filler; returns the cue and
    a list of (start beat, transformation).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> cue, truth = hidden_cue(hero)
    >>> truth
    [(3.0, 'transposition'), (11.0, 'inversion'), (19.0, 'retrograde + diminution')]

    Lesson: lessons/03_leitmotif.ipynb
    """
    from fractions import Fraction

    from .model import Note

    a = _filler(original, [2, 1, 0], [1, 1, 1])
    b = _filler(original, [3, 3, 2], [1, 0.5, 1.5])
    c = _filler(original, [4, 3, 2, 3], [1, 1, 0.5, 0.5])
    d = _filler(original, [1, 0], [1, 2])
    copies = [original.transpose(7), original.invert(), original.retrograde().diminish(2)]
    parts = [a, copies[0], b, copies[1], c, copies[2], d]
    notes: list[Note] = []
    truth, t = [], Fraction(0)
    for k, part in enumerate(parts):
        if k % 2 == 1:
            lead = next(i for i, n in enumerate(part.notes) if not n.is_rest)
            truth.append((float(t + sum((n.duration for n in part.notes[:lead]), Fraction(0))), HIDDEN_PLAN[k // 2]))
        notes += part.notes
        t += part.quarter_length
    return original.with_notes(notes, name="Hidden"), truth


def check_hidden(answer: object, original: Motif) -> Feedback:
    """Exercise 2 of lesson 03: the beats where the theme starts in the hidden cue, however it is transformed.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_hidden([3, 11], hero)
    Not yet: yes, beat 3: the transposition; yes, beat 11: the inversion; one more hides between beat 11 and the end (listen for: retrograde + diminution)

    Lesson: lessons/03_leitmotif.ipynb
    """
    cue, truth = hidden_cue(original)
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        return Feedback(False, ["give a list of beats (numbers), e.g. [4, 12.5]: where each appearance starts, "
                                "counting quarter notes from 0"])
    try:
        given = sorted(float(x) for x in answer)
    except (TypeError, ValueError):
        return Feedback(False, ["give the beats as numbers, e.g. [4, 12.5]; find_motif(...) gives each match's .beat"])
    notes, found = [], set()
    for beat in given:
        hit = next((k for k, (b, _) in enumerate(truth) if abs(b - beat) < 0.01), None)
        if hit is None:
            notes.append(f"nothing starts at beat {beat:g}; the filler between appearances moves by step, the "
                         "theme does not")
        elif hit in found:
            notes.append(f"beat {beat:g} is listed twice")
        else:
            found.add(hit)
            notes.append(f"yes, beat {beat:g}: the {truth[hit][1]}")
    missing = [k for k in range(len(truth)) if k not in found]
    if not found:
        kinds = [truth[k][1] for k in missing]
        notes.append(f"{len(missing)} appearances are still to find; listen for {', '.join(kinds[:-1])} and "
                     f"{kinds[-1]}")
    else:
        for k in missing:
            beat, kind = truth[k]
            before = max([truth[j][0] for j in found if truth[j][0] < beat], default=None)
            after = min([truth[j][0] for j in found if truth[j][0] > beat], default=None)
            where = (f"between {'the start' if before is None else f'beat {before:g}'} and "
                     f"{'the end' if after is None else f'beat {after:g}'}")
            notes.append(f"one more hides {where} (listen for: {kind})")
    ok = len(found) == len(truth) and len(given) == len(truth)
    return Feedback(ok, notes if not ok else notes + ["all three: the theme is there however it is bent"])


def beat_target(original: Motif) -> Motif:
    """Lesson 04's target beat ("mourning"): the theme in the other mode, twice as slow in note values,
    an octave lower, on the cello, played softly (p).

    Examples
    --------
    >>> beat_target(Motif.parse("4/4 c4 e g c'2", key="C major")).summary()
    'Mourning: C3 Eb3 G3 C4 | C minor | 4/4 | 100 BPM | Cello | 6.0 s'

    Lesson: lessons/04_motif_evolution.ipynb
    """
    return (original.to_mode(_opposite_mode(original.key)).augment(2).octave(-1).with_instrument("Cello")
            .with_dynamics("p").with_name("Mourning"))


def check_match_beat(answer: object, original: Motif) -> Feedback:
    """Exercise 1 of lesson 04: transform the theme until it matches the target beat; the feedback
    names each property still off (mode, rhythm, register, tempo, instrument, dynamics).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> check_match_beat(hero.to_mode("minor").augment(2), hero).notes[0]
    'the register: it sits 12 semitones higher than the target on average; try .octave(-1)'

    Lesson: lessons/04_motif_evolution.ipynb
    """
    from .model import dynamic_mark

    bad = _motif_or_feedback(answer)
    if bad is not None:
        return bad
    target = beat_target(original)
    notes = []
    if len(answer) != len(target):
        return Feedback(False, [f"it has {len(answer)} notes and rests, the target {len(target)}; keep every note "
                                "(no fragment) and change how they sound"])
    if answer.key.split()[1] != target.key.split()[1] and \
            [p % 12 for p in answer.midi if p is not None] != [p % 12 for p in target.midi if p is not None]:
        notes.append(f"the mode: it is in {answer.key}, the target in {target.key}; listen to the third, then try "
                     f".to_mode('{target.key.split()[1]}')")
    gap = _mean_pitch(answer) - _mean_pitch(target)
    if abs(gap) >= 6:
        way = "higher" if gap > 0 else "lower"
        notes.append(f"the register: it sits {abs(gap):.0f} semitones {way} than the target on average; "
                     f"try .octave({-int(round(gap / 12)):d})")
    ratio = [a / b for a, b in zip(answer.durations, target.durations)]
    if any(abs(r - 1) > 1e-9 for r in ratio):
        r = sum(ratio) / len(ratio)
        hint = "try .augment(2)" if r < 1 else "try .diminish(2)"
        size = {0.5: "half as long as", 2.0: "twice as long as"}.get(r, f"{r:g} times as long as")
        notes.append(f"the rhythm: its notes are {size} the target's; {hint} "
                     "(the note values change, the beat does not)")
    if answer.tempo != target.tempo:
        notes.append(f"the tempo: {answer.tempo:g} BPM; the target keeps the theme's {target.tempo:g} BPM and slows "
                     "down through longer notes")
    if answer.instrument != target.instrument:
        notes.append(f"the colour: it plays on {answer.instrument}; the target is a low bowed string: "
                     f".with_instrument('{target.instrument}')")
    if dynamic_mark(round(sum(answer.velocities) / len(answer))) != "p":
        notes.append(f"the dynamics: it is {dynamic_mark(round(sum(answer.velocities) / len(answer)))}; the target "
                     "is soft: .with_dynamics('p')")
    if not notes and answer.midi != target.midi:
        notes.append(f"the notes are {answer.pitches}; the target's are {target.pitches}")
    return Feedback(not notes, notes or ["mode, rhythm, register, colour and dynamics: the theme in mourning"])


def _tune_of(music) -> Motif:
    from .cue import Cue

    return music.melody() if isinstance(music, Cue) else music


def _brightness_rank(music) -> int:
    from .pitch import BRIGHTNESS, parse_key

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
    from .arc import Arc
    from .leitmotif import find_motif

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
        notes.append(f"beat 2 should be darker than beat 1: it is in {two.key}, beat 1 in {one.key}; try "
                     "to_mode('minor') or another mode lower on the ladder")
    if _pace(two) > 0.85 * _pace(one):
        notes.append(f"beat 2 should move more slowly: {60 * _pace(two):.0f} notes a minute against "
                     f"{60 * _pace(one):.0f} in beat 1 (at least 15% fewer); lower the tempo or augment(2)")
    if _brightness_rank(three) <= _brightness_rank(two):
        notes.append(f"beat 3 should be brighter than beat 2: it is in {three.key}, beat 2 in {two.key}")
    if _pace(three) <= _pace(two):
        notes.append(f"beat 3 should move faster than beat 2: {60 * _pace(three):.0f} against {60 * _pace(two):.0f} "
                     "notes a minute")
    rise = _mean_pitch(_tune_of(three)) - _mean_pitch(_tune_of(two))
    if rise < 5:
        notes.append(f"beat 3 should sit higher: its tune is {rise:.1f} semitones above beat 2's on average "
                     "(at least 5); try octave(1) or transpose(7)")
    loud2 = sum(_tune_of(two).velocities) / len(_tune_of(two))
    loud3 = sum(_tune_of(three).velocities) / len(_tune_of(three))
    if loud3 < loud2 + 16:
        notes.append(f"beat 3 should be louder than beat 2 by a dynamic step or more (velocity {loud3:.0f} against "
                     f"{loud2:.0f}); try with_dynamics('ff')")
    return Feedback(not notes, notes or ["a fall and a victory: darker and slower, then brighter, faster, higher and "
                                         "louder, and the theme recognisable throughout"])


def _solution_transformations(original: Motif) -> list[str]:
    return list(TRANSFORM_QUIZ)


def _solution_hidden(original: Motif) -> list[float]:
    from .leitmotif import find_motif

    return [m.beat for m in find_motif(original, hidden_cue(original)[0])]


def _solution_match_beat(original: Motif) -> Motif:
    return original.to_mode(_opposite_mode(original.key)).augment(2).octave(-1).with_instrument("Cello") \
        .with_dynamics("p")


def _solution_three_beat_arc(original: Motif):
    from .arc import Arc

    return (Arc(original, name="Fall and victory")
            .then("resolve", "with_dynamics('mf')")
            .then("fall", f"to_mode('{'phrygian' if _opposite_mode(original.key) == 'major' else 'minor'}')",
                  "augment(2)", "with_dynamics('p')")
            .then("victory", "to_mode('lydian')", "octave(1)", "with_dynamics('ff')"))


SOLUTIONS.update({
    "transformations": (check_transformations, _solution_transformations),
    "hidden": (check_hidden, _solution_hidden),
    "match_beat": (check_match_beat, _solution_match_beat),
    "three_beat_arc": (check_three_beat_arc, _solution_three_beat_arc),
})


# ---------------------------------------------------------------- lessons 06 and 07: sync, score a scene
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


def _number(x) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        try:
            import numpy as np

            if isinstance(x, (np.integer, np.floating)):
                return float(x)
        except ImportError:  # pragma: no cover
            pass
        return None
    return float(x)


def check_timecodes(answer, quiz=TIMECODE_QUIZ) -> Feedback:
    """Exercise 1 of lesson 06: the seconds of each timecode in ``quiz`` (within half a frame).

    Lesson: lessons/06_sync.ipynb
    """
    from .sync import _rate, timecode_to_seconds

    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != len(quiz):
        return Feedback(False, [f"give a list of {len(quiz)} numbers of seconds, one per timecode, e.g. [10.0, 62.0, 600.0]"])
    notes, right = [], 0
    for (tc, fps), given in zip(quiz, answer):
        g = _number(given)
        truth = timecode_to_seconds(tc, fps)
        _, real, _ = _rate(fps)
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
    return Feedback(right == len(quiz), notes)


def check_hit_tempo(answer, hit: float = DOOR_SLAM, bpm_range=DOOR_RANGE) -> Feedback:
    """Exercise 2 of lesson 06: a tempo in ``bpm_range`` that puts a hit ``hit`` seconds into the cue
    exactly on a downbeat of 4/4 (within half a frame; beat 1 is the cue's start).

    Lesson: lessons/06_sync.ipynb
    """
    bpm = _number(answer)
    if bpm is None:
        return Feedback(False, [f"the answer should be a tempo in BPM (a number), not {type(answer).__name__}"])
    lo, hi = bpm_range
    if not lo <= bpm <= hi:
        return Feedback(False, [f"{bpm:g} BPM is outside {lo}-{hi} BPM; the scene wants a tempo in that range"])
    beat = 1 + hit * bpm / 60
    n = round(beat)
    error = abs((n - 1) * 60 / bpm - hit) * 24
    if error > 0.5:
        return Feedback(False, [f"at {bpm:g} BPM the hit falls between beats (beat {beat:.2f}), {error:.1f} frames "
                                f"from beat {n}; BPM = 60·(n−1)/t puts it exactly on beat n"])
    if (n - 1) % 4:
        bar, pos = divmod(n - 1, 4)
        return Feedback(False, [f"at {bpm:g} BPM the hit lands on beat {n}, which is beat {pos + 1} of bar {bar + 1}, "
                                "not a downbeat; the downbeats are beats 1, 5, 9, 13, 17 ..."])
    return Feedback(True, [f"beat {n}, the downbeat of bar {(n - 1) // 4 + 1}: the hit is the first thing the bar says"])


def check_three_hits(answer, hits=THREE_HITS, bpm_range=THREE_RANGE) -> Feedback:
    """Exercise 3 of lesson 06: one tempo in ``bpm_range`` that catches every hit within one frame.

    Lesson: lessons/06_sync.ipynb
    """
    from .sync import TempoFit

    bpm = answer.bpm if isinstance(answer, TempoFit) else _number(answer)
    if bpm is None:
        return Feedback(False, [f"the answer should be a tempo in BPM (or a fit_tempo result), not {type(answer).__name__}"])
    lo, hi = bpm_range
    if not lo <= bpm <= hi:
        return Feedback(False, [f"{bpm:g} BPM is outside {lo}-{hi} BPM"])
    import numpy as np

    from .sync import _errors, timecode_to_seconds

    rel = np.array([timecode_to_seconds(h) if isinstance(h, str) else float(h) for h in hits])
    beats, err = _errors(rel, np.array([bpm]), 1, 24.0)
    errors = [float(e) for e in err[0]]
    worst = max(abs(e) for e in errors)
    parts = ", ".join(f"{tc} on beat {b:g} ({e:+.1f} fr)" for tc, b, e in zip(hits, beats[0], errors))
    if worst <= 1.0:
        return Feedback(True, [f"{bpm:g} BPM: {parts}; worst {worst:.1f} frames"])
    return Feedback(False, [f"at {bpm:g} BPM: {parts}; the worst is {worst:.1f} frames, more than one; "
                            f"let fit_tempo search {lo}-{hi} BPM"])


def check_cue_numbers(answer, cues=REEL3_CUES, reel: int = 3) -> Feedback:
    """Exercise 4 of lesson 06: the cue numbers of a reel's cues, given in the order they are listed.

    Lesson: lessons/06_sync.ipynb
    """
    from .scene import number_cues

    truth = number_cues([c[1] for c in cues], reel)
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != len(cues):
        return Feedback(False, [f"give a list of {len(cues)} cue numbers like '{reel}M1', one per cue, in the order listed"])
    given = [str(a).strip().upper() for a in answer]
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
        for (title, start, _), g, t in zip(cues, given, truth):
            if g != t:
                notes.append(f"'{title}' (starts {start}) is not {g}")
    return Feedback(False, notes)


def check_farewell(answer) -> Feedback:
    """Lesson 07's capstone exercise: score 'The Last Ferry' (``assets/scenes/farewell.json``): every
    hit caught within two frames, the dialogue left clear, the tension following the scene.
    See :func:`scoring.scene.check_score`.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    from .scene import check_score, load_scene

    return check_score(answer, load_scene("farewell"))


def farewell_motifs() -> tuple[Motif, Motif]:
    """The farewell's original material: a harp pulse (one bar) and Mara's theme (oboe), in F major.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    harp = Motif.parse("4/4 F8 c f a c' a f c", name="harp pulse", key="F major", instrument="Orchestral Harp")
    theme = Motif.parse("4/4 c'2 a4 c' d'2 c'4 a g2. f4 f1", name="Mara", key="F major", instrument="Oboe")
    return harp, theme


def _solution_timecodes(quiz=TIMECODE_QUIZ) -> list[float]:
    from .sync import timecode_to_seconds

    return [timecode_to_seconds(tc, fps) for tc, fps in quiz]


def _solution_hit_tempo(hit: float = DOOR_SLAM, bpm_range=DOOR_RANGE) -> float:
    from .sync import tempo_for_hit

    return tempo_for_hit(hit, 17)   # beat 17 = the downbeat of bar 5: 128 BPM


def _solution_three_hits(hits=THREE_HITS, bpm_range=THREE_RANGE) -> float:
    from .sync import fit_tempo

    return fit_tempo(list(hits), bpm_range).bpm


def _solution_cue_numbers(cues=REEL3_CUES, reel: int = 3) -> list[str]:
    from .scene import number_cues

    return number_cues([c[1] for c in cues], reel)


def _solution_farewell():
    from .scene import load_scene, spot

    scene = load_scene("farewell")
    cue = spot(scene, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0]
    harp, theme = farewell_motifs()
    music = cue.sketch(cue.fit(), pulse=harp, melody=theme, melody_at=(25, 45, 61), chords=("I", "vi", "IV", "V"),
                       key="F major", stab="String Ensemble 1")
    return cue.with_music(music)


SOLUTIONS.update({
    "timecodes": (check_timecodes, _solution_timecodes),
    "hit_tempo": (check_hit_tempo, _solution_hit_tempo),
    "three_hits": (check_three_hits, _solution_three_hits),
    "cue_numbers": (check_cue_numbers, _solution_cue_numbers),
    "farewell": (check_farewell, _solution_farewell),
})


# ---------------------------------------------------------------- lesson 05: silence
def _cue_answer(answer, start_from: str) -> Feedback | None:
    from .cue import Cue

    if not isinstance(answer, Cue):
        return Feedback(False, [f"the answer should be a Cue, not {type(answer).__name__}; start from {start_from} "
                                "and edit it with drop_out, duck_under or thin"])
    return None


def _kitchen(scene=None):
    from .scene import load_scene

    return load_scene("kitchen_dialogue") if scene is None else scene


def _sounding_seconds(cue, lo: float, hi: float, *, outside=()) -> float:
    """Seconds between lo and hi in which some note sounds (leaving out the ``outside`` spans)."""
    import numpy as np

    from .silence import active_voices

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
    from .silence import underscore

    return underscore(original, _kitchen(scene), palette="chamber")


def check_clear_dialogue(answer, original, *, scene=None) -> Feedback:
    """Exercise 1 of lesson 05: no line of the kitchen scene covered (nothing louder than p under
    speech), and the music still playing between the lines (at least 3/4 of what it had there).

    ``original`` is the theme the underscore is made from (or the underscore itself).

    Lesson: lessons/05_silence.ipynb
    """
    from .cue import Cue
    from .model import dynamic_mark
    from .silence import covered_lines, line_label

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
    from .cue import Chord, Cue
    from .silence import add_hit

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
            return float(t) * 60.0 / cue.tempo
        t += c.duration
    return None


def check_breath(answer, original) -> Feedback:
    """Exercise 2 of lesson 05: one beat of silence just before the hit, the hit where the picture
    has it, and the music before the breath left alone.

    ``original`` is the motif the build-up is made from (see :func:`breath_setup`).

    Lesson: lessons/05_silence.ipynb
    """
    from .silence import silence_before

    bad = _cue_answer(answer, "the setup cue (breath_setup(...))")
    if bad is not None:
        return bad
    reference = original if not isinstance(original, Motif) else breath_setup(original)
    want, hit = _hit_time(reference), _hit_time(answer)
    if hit is None:
        return Feedback(False, ["the 'hit' layer is gone or silent; start again from the setup cue and keep its stinger"])
    beat = 60.0 / reference.tempo
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
    from .mood import apply_palette

    return apply_palette(original, "cold synthetic").with_name(f"{original.name}, dense")


def _melody_notes(cue):
    from .silence import _layer_notes

    try:
        layer = cue.layer("melody")
    except ValueError:
        return None
    return [(s, e, c.pitches) for s, e, c in _layer_notes(layer) if not c.is_rest]


def check_half_onsets(answer, original) -> Feedback:
    """Exercise 3 of lesson 05: at most half the onsets of the dense cue, the melody (the motif)
    untouched, the same length, and some accompaniment left.

    Lesson: lessons/05_silence.ipynb
    """
    from .silence import onset_count

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
    from .silence import duck_under

    return duck_under(dialogue_setup(original, scene=scene), _kitchen(scene))


def _solution_breath(original):
    from .silence import drop_out

    setup = breath_setup(original)
    hit, beat = _hit_time(setup), 60.0 / setup.tempo
    return drop_out(setup, hit - beat, hit)


def _solution_half_onsets(original):
    from .silence import drop_out

    dense = dense_setup(original)
    return drop_out(dense, 0, dense.duration_seconds, layers=["pulse"])


SOLUTIONS.update({
    "clear_dialogue": (check_clear_dialogue, _solution_clear_dialogue),
    "breath": (check_breath, _solution_breath),
    "half_onsets": (check_half_onsets, _solution_half_onsets),
})
