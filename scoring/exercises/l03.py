"""Lesson 03's exercises (the leitmotif): the transformation quiz, the hidden-appearance cue, the
checkers and their reference solutions.

Lesson: lessons/03_leitmotif.ipynb
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from scoring.errors import ScoringError
from scoring.core.motif import Motif
from scoring.core.notes import Note
from scoring.core.pitch import from_scale_degree, parse_key
from scoring.core.instruments import program_for
from scoring.core.pitch import note_name
from scoring.exercises.feedback import Feedback, mean_pitch, note_seconds, opposite_mode, reread
from scoring.leitmotif import find_motif, what_survives
from scoring.render.checks import expect, items, show
from scoring.render.html import HTML, card, grid

__all__ = ["TRANSFORM_QUIZ", "HIDDEN_PLAN", "transform_quiz", "quiz_gallery", "check_transformations", "hidden_cue",
           "check_hidden", "MOTIF_NOTES", "LOW_BELOW", "SLOW_PACE", "REVEAL_SLOWER", "check_ferryman", "SOLUTIONS"]


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


def _transformed(original: Motif, name: str) -> Motif:
    makers = {
        "transposition": lambda m: m.transpose(5), "inversion": lambda m: m.invert(),
        "retrograde": lambda m: m.retrograde(), "retrograde inversion": lambda m: m.retrograde_inversion(),
        "augmentation": lambda m: m.augment(2), "diminution": lambda m: m.diminish(2),
        "mode change": lambda m: m.to_mode(opposite_mode(m.key)),
    }
    return makers[name](original)


def _quiz(quiz: object) -> list[str]:
    """``quiz`` checked: a list of transformation names (a student's synonyms count)."""
    fix = f"leave quiz out (the lesson's quiz), or give names like {list(TRANSFORM_QUIZ[:2])!r}"
    names = []
    for q in items(quiz, "quiz", fix, most=20):
        name = _transform_name(q) if isinstance(q, str) else None
        if name is None:
            raise ScoringError(f"quiz holds {show(q)}, not a transformation; choose from "
                               f"{', '.join(_TRANSFORM_SYNONYMS)}")
        names.append(name)
    return names


def transform_quiz(original: Motif, *, quiz: tuple[str, ...] = TRANSFORM_QUIZ) -> list[Motif]:
    """The clips of lesson 03's quiz: clip *i* is ``original`` under the *i*-th hidden transformation.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major")
    >>> [clip.pitches for clip in transform_quiz(hero)][:2]
    [['C5', 'G4', 'E4', 'C4'], ['C4', 'Ab3', 'F3', 'C3']]

    Lesson: lessons/03_leitmotif.ipynb
    """


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    quiz = _quiz(quiz)
    return [_transformed(original, q).with_name(f"clip {i}") for i, q in enumerate(quiz, 1)]


def quiz_gallery(clips: list[Motif], *, columns: int = 3) -> HTML:
    """The quiz clips to read and hear, each with a visible line of what plays (instrument, tempo,
    length) and no summary that would name the key.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", key="C major", tempo=120)
    >>> view = quiz_gallery(transform_quiz(hero)[:2])
    >>> view.html.count("<audio"), "clip 2: Acoustic Grand Piano, 120 BPM, 2.5 s" in view.html
    (2, True)

    Lesson: lessons/03_leitmotif.ipynb
    """
    fix = "give the clips transform_quiz(theme) returns"
    clips = items(clips, "clips", fix, most=16)
    if not clips or not all(isinstance(c, Motif) for c in clips):
        raise ScoringError(f"clips: {fix}")
    cells = []
    for clip in clips:
        notation, player = clip.notation_and_player(width=1000)
        cells.append(card(clip.name, notation=notation, player=player, summary=clip.listen_text(), small=True))
    return HTML(grid(cells, columns=columns, gap=14), "\n".join(c.listen_text() for c in clips))


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


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    quiz = _quiz(quiz)
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


    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
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
            notes.append(f"nothing starts at beat {beat:g}: play the notes from there against the theme, interval by "
                         "interval and note length by note length; the filler shares neither (section 3, \"Finding "
                         "a motif in a cue\")")
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


#: Exercise 3's limits: how many notes a motif has, where "low" ends (below middle C, MIDI 60), how
#: fast "slow" may go (notes a minute) and how much slower the reveal must be.
MOTIF_NOTES, LOW_BELOW, SLOW_PACE, REVEAL_SLOWER = (4, 8), 60, 100.0, 1.5
_MOTIF_SECTION = reread("1 What makes a motif a motif")
_FINDER_SECTION = reread("3 Finding a motif in a cue")


def _sounding_seconds(motif: Motif) -> list[float]:
    """Each sounding note's length in seconds, rests left out."""
    return [s for s, n in zip(note_seconds(motif), motif.notes) if not n.is_rest]


def _character_notes(motif: Motif, theme: Motif) -> list[str]:
    """What is still missing from the Ferryman's own motif (empty when it is his)."""
    out = []
    count = sum(1 for p in motif.midi if p is not None)
    lo, hi = MOTIF_NOTES
    if not lo <= count <= hi:
        out.append(f"the motif has {count} note{'s' * (count != 1)}; a leitmotif is short, {lo} to {hi} notes, "
                   f"so that it can come back whole ({_MOTIF_SECTION})")
    if count == 0:
        return out
    centre = mean_pitch(motif)
    if centre >= LOW_BELOW:
        out.append(f"it sits around {note_name(int(round(centre)))} on average; an old man who rows at night is "
                   f"low: bring the average below middle C (C4) ({_MOTIF_SECTION})")
    seconds = sum(_sounding_seconds(motif))
    pace = 60 * count / seconds if seconds else float("inf")
    if pace > SLOW_PACE:
        out.append(f"it moves at {pace:.0f} notes a minute; he rows slowly: at most {SLOW_PACE:.0f} (longer notes "
                   "or a slower tempo)")
    if program_for(motif.instrument) == program_for(theme.instrument):
        out.append(f"it plays on the {theme.instrument}, the {theme.name}'s colour; give the Ferryman his own "
                   "instrument")
    if count >= 3 and find_motif(theme, motif):
        out.append(f"the finder hears the {theme.name} in it: a new character needs intervals of his own "
                   f"({_FINDER_SECTION})")
    return out


def _reveal_notes(motif: Motif, reveal: Motif) -> tuple[list[str], str]:
    """What is still missing from the reveal, and what was measured in it."""
    found = find_motif(motif, reveal, threshold=0.5)
    upside = [m for m in found if m.relation in ("inversion", "retrograde inversion") and m.score >= 0.8]
    if not upside:
        best = max(found, key=lambda m: m.score, default=None)
        if best is None or best.score < 0.8:
            return [f"the finder cannot hear the Ferryman in the reveal (best similarity "
                    f"{best.score if best else 0:.2f}, 0.8 needed): keep the sizes of his steps and the proportions "
                    f"of his rhythm, turned upside down ({_FINDER_SECTION})"], ""
        return [f"the finder hears the Ferryman in the reveal ({best.transformation}), but the right way up: it "
                f"still climbs where he climbs; turn every interval the other way, as an inversion does "
                f"({_MOTIF_SECTION})"], ""
    m = max(upside, key=lambda x: x.score)
    heard = [k for k, n in enumerate(reveal.notes) if not n.is_rest][m.index:m.index + m.length]
    seconds = note_seconds(reveal)
    mine = sum(seconds[k] for k in heard[:-1])        # the last note's length is free
    his = sum(_sounding_seconds(motif)[:-1])
    ratio = mine / his if his else 1.0
    measured = f"the reveal: {m.transformation} (similarity {m.score:.2f}), {ratio:.1f} times as slow"
    if ratio < REVEAL_SLOWER:
        return [f"the reveal is upside down ({m.transformation}) but only {ratio:.1f} times as slow as the motif; "
                f"make it at least {REVEAL_SLOWER:g} times as slow: longer note values or a slower tempo "
                f"({_MOTIF_SECTION})"], measured
    return [], measured


def check_ferryman(answer: object, original: Motif) -> Feedback:
    """Exercise 3 of lesson 03: write a leitmotif for the Ferryman (short, low, slow, his own
    instrument and intervals) and write out his reveal (his motif upside down and slower);
    ``answer`` is the pair ``(ferryman, reveal)``, ``original`` the hero's theme.

    The checker measures the notes: how many, their mean pitch, the pace in notes a minute, the
    instrument, whether the finder hears the hero's theme in the new motif, and how the finder
    reads the reveal against it (inversion or retrograde inversion, similarity 0.8 or more) and
    how much slower it is in seconds (longer values and a slower tempo count alike).

    Examples
    --------
    >>> wanderer = Motif.parse("3/4 c4 g8 a g4 e8 d c2", name="Wanderer", key="C major", instrument="French Horn")
    >>> boat = Motif.parse("4/4 D2 AA4 C D F E2", key="D dorian", tempo=72, instrument="Cello")
    >>> check_ferryman((boat, boat.invert().augment(2)), wanderer).ok
    True
    >>> check_ferryman((boat, boat.augment(2)), wanderer).notes[0][:60]
    'the finder hears the Ferryman in the reveal (augmentation x2'

    Lesson: lessons/03_leitmotif.ipynb
    """
    expect(original, Motif, "original", "Motif.parse(\"c4 e g\")")
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        return Feedback(False, ["give two motifs as a pair, (ferryman, reveal): the Ferryman's motif, then his "
                                "reveal, each written with Motif.parse(...)"])
    for what, given in zip(("ferryman", "reveal"), answer):
        if not isinstance(given, Motif):
            return Feedback(False, [f"the {what} should be a Motif, not {type(given).__name__}; write its notes "
                                    "with Motif.parse(...)"])
    ferryman, reveal = answer
    notes = _character_notes(ferryman, original)
    count = sum(1 for p in ferryman.midi if p is not None)
    if count < 2:
        return Feedback(False, notes)
    more, measured = _reveal_notes(ferryman, reveal)
    notes += more
    if notes:
        return Feedback(False, notes)
    pace = 60 * count / sum(_sounding_seconds(ferryman))
    return Feedback(True, [f"the Ferryman: {count} notes around {note_name(int(round(mean_pitch(ferryman))))}, "
                           f"{pace:.0f} notes a minute, on the {ferryman.instrument}", measured,
                           "play both to someone: do they hear the same man, changed?"])


def _solution_transformations(original: Motif) -> list[str]:
    return list(TRANSFORM_QUIZ)


def _solution_hidden(original: Motif) -> list[float]:
    return [m.beat for m in find_motif(original, hidden_cue(original)[0])]


def _solution_ferryman(original: Motif) -> tuple[Motif, Motif]:
    """A motif in D Dorian on the cello (D3 A2 C3 D3 F3 E3, 72 BPM), and its reveal: inverted
    on D3, its note values doubled."""
    ferryman = Motif.parse("4/4 D2 AA4 C D F E2", name="Ferryman", key="D dorian", tempo=72, instrument="Cello")
    return ferryman, Motif.parse("4/4 D1 G2 E D BB C1", name="Ferryman revealed", key="D dorian", tempo=72,
                                 instrument="Cello")


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "transformations": (check_transformations, _solution_transformations),
    "hidden": (check_hidden, _solution_hidden),
    "ferryman": (check_ferryman, _solution_ferryman),
}
