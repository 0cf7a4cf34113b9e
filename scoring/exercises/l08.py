"""Lesson 08's exercises (genre): the Dies irae written out, a genre swap that keeps the tune, a four-bar
opening for a genre you choose, their checkers and reference solutions.

Lesson: lessons/08_genre.ipynb
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from scoring.core.analysis import parsons_code
from scoring.core.cue import Chord, Cue
from scoring.core.motif import Motif
from scoring.core.pitch import parse_key
from scoring.errors import ScoringError
from scoring.exercises.feedback import Feedback
from scoring.genre import DIES_IRAE, DIES_IRAE_INTERVALS, RECIPES, genre_scores, in_genre, recipe, signifiers
from scoring.harmony import bar_length
from scoring.leitmotif import melody_of

__all__ = ["check_dies_irae", "check_genre_swap", "check_opening", "SOLUTIONS"]

_NAMES = "F E F D E C D D".split()
_MOVES = {-1: "down a semitone", 1: "up a semitone", -2: "down a whole tone", 2: "up a whole tone",
          -3: "down a minor third", 3: "up a minor third", -4: "down a major third", 4: "up a major third"}


def _move(d: int) -> str:
    """What a step does, as a verb phrase: 'goes down a semitone', 'stays on the same note'."""
    return "stays on the same note" if d == 0 else "goes " + _MOVES.get(d, f"{'up' if d > 0 else 'down'} {abs(d)} semitones")


def _an(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def check_dies_irae(answer) -> Feedback:
    """Exercise 1 of lesson 08: write the first line of the Dies irae (seven equal notes and a held
    eighth), transposed to start on D for the tuba. Any starting note is right if the steps are the
    chant's; a step in the wrong octave is named as such.

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, not {type(answer).__name__}; "
                                "write it with Motif.parse(\"3/4 ...\")"])
    notes = [n for n in answer.notes if not n.is_rest]
    if len(notes) != 8:
        return Feedback(False, [f"the first line has 8 notes (F E F D E C D D); yours has {len(notes)}"])
    ps = [n.pitch for n in notes]
    steps = [b - a for a, b in zip(ps, ps[1:])]
    out = []
    if all((mine - want) % 12 == 0 for mine, want in zip(steps, DIES_IRAE_INTERVALS)):
        expected = [ps[0]]
        for want in DIES_IRAE_INTERVALS:
            expected.append(expected[-1] + want)
        for i, (p, e) in enumerate(zip(ps, expected)):
            if p != e:
                out.append(f"note {i + 1} ({_NAMES[i]} in the chant's spelling) is the right note in the wrong "
                           f"octave: {abs(p - e) // 12} octave{'s' if abs(p - e) > 12 else ''} too "
                           f"{'high' if p > e else 'low'}; the chant moves by step or a third, never a leap")
    for i, (mine, want) in enumerate(zip(steps, DIES_IRAE_INTERVALS)):
        if mine == want or out and (mine - want) % 12 == 0 and "octave" in out[0]:
            continue
        if (mine - want) % 12 == 0:
            out.append(f"from note {i + 1} to note {i + 2} ({_NAMES[i]} to {_NAMES[i + 1]}): right note, wrong "
                       f"octave; the chant {_move(want)}, yours {_move(mine)}")
        else:
            out.append(f"from note {i + 1} to note {i + 2} ({_NAMES[i]} to {_NAMES[i + 1]}) the chant "
                       f"{_move(want)}; yours {_move(mine)}")
    ds = [n.duration for n in notes]
    if len(set(ds[:7])) != 1:
        out.append("the first seven notes are equal in the chant; give them one note value (e.g. all quarters)")
    elif ds[7] <= ds[0]:
        out.append("hold the last note longer than the others: the chant lengthens its phrase ends")
    if out:
        return Feedback(False, out)
    return Feedback(True, [f"the Dies irae, line 1, starting on {answer.pitches[0]}: down a semitone, back, down a "
                           "minor third... the four notes Berlioz, Liszt, Rachmaninoff and The Shining quote"])


def _tune(answer) -> Motif | None:
    if isinstance(answer, Cue):
        try:
            return melody_of(answer)
        except ScoringError:
            return None
    return answer if isinstance(answer, Motif) else None


def _top(scores: dict[str, float]) -> str:
    return ", ".join(f"{g} {w:g}" for g, w in scores.items()) or "no genre at all"


def _changes(answer, original: Motif, start: str) -> list[str]:
    """The ingredients in which ``answer`` differs from ``original`` dressed in ``start`` (with or
    without its intro): mode, metre, tempo, the tune's register, the chords, the bass. A new mode
    re-spells the chords and a new metre re-bars them and the bass; that alone is not a change of
    chords or bass."""
    base = recipe(start)
    plain = in_genre(original, base)
    cue = answer if isinstance(answer, Cue) else Cue.from_motif(answer)
    out = []
    if cue.key != plain.key:
        out.append(f"mode ({plain.key} -> {cue.key})")
    heard = base
    if cue.key != plain.key:
        heard = replace(heard, mode=parse_key(cue.key)[2])
    if cue.time_signature != plain.time_signature:
        out.append(f"metre ({plain.time_signature} -> {cue.time_signature})")
        heard = replace(heard, compound=not base.compound)
    versions = [plain, in_genre(original, base, intro=True)]
    if heard != base:
        versions += [in_genre(original, heard, intro=i) for i in (False, True)]
    if all(abs(cue.tempo - v.tempo) > 0.5 for v in versions):
        out.append(f"tempo ({plain.tempo:g} -> {cue.tempo:g})")
    mine, theirs = [p for p in _tune(answer).midi if p is not None], [p for p in plain.melody().midi if p is not None]
    if cue.key == plain.key and {p % 12 for p in mine} != {p % 12 for p in theirs}:
        out.append("mode (the tune's notes)")
    if mine and abs(sum(mine) / len(mine) - sum(theirs) / len(theirs)) >= 5:
        out.append("the tune's register")
    added = sorted({l.role for l in cue.layers} - {l.role for v in versions for l in v.layers})
    if added:               # a layer taken out is counted below, as the chords or the bass
        out.append(f"the layers (added {', '.join(added)})")

    def layer(c: Cue, role: str):
        return next((l for l in c.layers if l.role == role), None)

    def shapes(c: Cue) -> set:
        return {(frozenset(p % 12 for p in ch.pitches), ch.duration) for ch in layer(c, "harmony").chords}

    got = layer(cue, "harmony")
    allowed = set().union(*(shapes(v) for v in versions))
    if got is None or got.instrument != layer(plain, "harmony").instrument or not {
            (frozenset(p % 12 for p in ch.pitches), ch.duration) for ch in got.chords} <= allowed:
        out.append("the chords")
    got = layer(cue, "bass")
    rhythm = [ch.duration for ch in got.chords] if got else []   # new chords move the bass's roots; a new bass moves its rhythm
    if got is None or got.instrument != layer(plain, "bass").instrument or rhythm not in (
            [ch.duration for ch in layer(v, "bass").chords] for v in versions):
        out.append("the bass")
    return out


def check_genre_swap(answer, original: Motif, target: str = "horror", start: str = "romance") -> Feedback:
    """Exercise 2 of lesson 08: start from the theme dressed as ``start`` (the romance), keep its tune
    (its ups and downs, note for note, on the same instrument) and its harp, and change **at most two**
    other ingredients (mode, metre, tempo, the tune's register, the chords, the bass) until the
    detector hears ``target`` first. Which two ingredients carry a genre?

    Lesson: lessons/08_genre.ipynb
    """
    tune = _tune(answer)
    if tune is None:
        return Feedback(False, [f"the answer should be a Cue or a Motif, not {type(answer).__name__}; "
                                f"start from in_genre(theme, {start!r}) and change its layers"])
    want, base = recipe(target), recipe(start)
    out = []
    if parsons_code(tune) != parsons_code(original):
        out.append("the tune changed: keep its ups and downs note for note (its mode, metre and register "
                   "may change; the contour may not)")
    layers = answer.layers if isinstance(answer, Cue) else ()
    melody = next((l for l in layers if l.role == "melody"), None)
    if melody is None or melody.instrument != base.melody:
        out.append(f"keep the {base.name}'s {base.melody} on the tune: the exercise asks what else must change")
    if base.pulse_instrument and not any(l.instrument == base.pulse_instrument and any(c.pitches for c in l.chords)
                                         for l in layers):
        out.append(f"keep the {base.name}'s {base.pulse_instrument.lower()} playing: the challenge is "
                   f"{_an(want.name)} cue with the {base.pulse_instrument.lower()} still in it")
    changed = _changes(answer, original, start) if not out else []
    if len(changed) > 2:
        out.append(f"you changed {len(changed)} ingredients ({', '.join(changed)}); keep two and put the others "
                   f"back: which two carry {want.name} on their own?")
    scores = genre_scores(answer)
    ranked = list(scores)
    if not ranked or ranked[0] != want.name or (len(ranked) > 1 and scores[ranked[0]] == scores[ranked[1]]):
        out.append(f"the detector hears: {_top(scores)}; {want.name} must come first on its own. "
                   f"{want.name.capitalize()} signifiers to borrow: {', '.join(want.features[:4])}")
    if out:
        return Feedback(False, out)
    heard = [s.name for s in signifiers(answer) if any(g == want.name for g, _ in s.points_to)]
    return Feedback(True, [f"same tune, same {base.melody.lower()} and {base.pulse_instrument.lower() or 'colours'}, "
                           f"now {want.name}: you changed {' and '.join(changed) or 'nothing'}; the detector hears "
                           f"{', '.join(heard)}"])


def check_opening(answer, genre: str | None = None) -> Feedback:
    """Exercise 3 of lesson 08: a four-bar opening for a genre you choose. The checker lists the
    signifiers it hears and the genre they point to; it passes when at least two signifiers point to
    one genre more than to any other (and, if you name ``genre``, to that one).

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(answer, (Motif, Cue)):
        return Feedback(False, [f"the answer should be a Motif or a Cue, not {type(answer).__name__}; "
                                "write four bars with Motif.parse(...)"])
    if genre is not None:
        try:
            genre = recipe(genre).name
        except (ScoringError, AttributeError):
            return Feedback(False, [f"genre={genre!r}: choose one of {', '.join(RECIPES)} (or None)"])
    bars = answer.quarter_length / bar_length(answer.time_signature)
    if bars != 4:
        return Feedback(False, [f"it lasts {float(bars):g} bars of {answer.time_signature}; write exactly four "
                                "(a final rest counts)"])
    found = signifiers(answer)
    scores = genre_scores(found)
    ranked = list(scores)
    lines = [f"I hear: {s.name} ({s.evidence}) -> {', '.join(g for g, _ in s.points_to)}" for s in found]
    lines.append(f"they point to: {_top(scores)} (read in {answer.key}; if that is not your tonic, give key=...)")
    top = ranked[0] if ranked and (len(ranked) == 1 or scores[ranked[0]] > scores[ranked[1]]) else None
    aim = genre or top
    count = sum(1 for s in found if any(g == aim for g, _ in s.points_to)) if aim else 0
    if top is None:
        lines.append("no single genre leads yet: add signifiers of the one you chose "
                     "(section 2 lists each recipe's)")
        return Feedback(False, lines)
    if genre is not None and top != genre:
        lines.append(f"you chose {genre}, but {top} leads; add {genre} signifiers: {', '.join(RECIPES[genre].features[:3])}")
        return Feedback(False, lines)
    if count < 2:
        lines.append(f"only {count} signifier points to {aim}; give it at least two (mode, metre, rhythm, "
                     "harmony, register or timbre)")
        return Feedback(False, lines)
    lines.append(f"{_an(aim)} opening: now play it to a classmate without telling them (exercise 4)")
    return Feedback(True, lines)


def _solution_dies_irae() -> Motif:
    return Motif.parse("3/4 D4 C# D BB C# AA BB BB2", name="Dies irae on D", key="B minor", instrument="Tuba")


def _solution_genre_swap(original: Motif, target: str = "horror", start: str = "romance") -> Cue:
    """Borrow the target's chords and put the tune where the target's recipe puts it: two ingredients."""
    want, base = recipe(target), recipe(start)
    cue = in_genre(original, replace(base, chords=want.chords, move=want.move, clashes=want.clashes))
    shift = 12 * (want.melody_octave - base.melody_octave)
    if not shift:
        return cue
    tune = cue.layer("melody")
    raised = tuple(Chord(tuple(p + shift for p in c.pitches), c.duration, c.velocity) for c in tune.chords)
    return cue.with_layers([tune.with_(chords=raised)] + [l for l in cue.layers if l.role != "melody"])


def _solution_opening(genre: str | None = None) -> Motif:
    return Motif.parse("6/8 c4 g8 b-4 g8 c'4 g8 e4 c8 d4 e8 g4 b-8 c'2.", name="Ride out", key="C mixolydian",
                       tempo=168, instrument="Harmonica")


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "dies_irae": (check_dies_irae, _solution_dies_irae),
    "genre_swap": (check_genre_swap, _solution_genre_swap),
    "opening": (check_opening, _solution_opening),
}
