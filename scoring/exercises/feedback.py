"""What every exercise checker shares: the :class:`Feedback` verdict and the small readings of an
answer that several lessons' checkers make (is it a motif, where does it sit, which mode is the
other one).

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from html import escape

from scoring.core.io import key_candidates
from scoring.core.motif import Motif
from scoring.core.notes import Note
from scoring.core.pitch import MODES, normalise_mode, parse_key
from scoring.render.checks import expect, number

__all__ = ["Feedback", "reread", "beat_words", "weak_place", "DARK_MODES", "motif_or_feedback", "mean_pitch",
           "opposite_mode", "mode_difference", "mode_degrees", "is_soft", "note_seconds", "HOME_WITHIN", "heard_keys"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``ok`` and the lines that explain it, and, where numbers cannot
    judge, a ``question`` to answer in words with its ``rubric`` (what a strong answer does).

    Examples
    --------
    >>> Feedback(False, ["the motif is still in C major: listen to the third (section 1)"])
    Not yet: the motif is still in C major: listen to the third (section 1)
    >>> print(repr(Feedback(True, ["clear"], question="Why stop there?", rubric=("names the line", "says why"))))
    Well done: clear
    Think: Why stop there?
    A strong answer (1) names the line; (2) says why.

    Lesson: lessons/00_first_motif.ipynb
    """

    ok: bool
    notes: list[str] = field(default_factory=list)
    question: str = ""
    rubric: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.ok

    def _rubric_text(self) -> str:
        return "; ".join(f"({i}) {r}" for i, r in enumerate(self.rubric, 1))

    def __repr__(self) -> str:
        head = "Well done: " if self.ok else "Not yet: "
        text = head + "; ".join(self.notes) if self.notes else head.rstrip(": ")
        if self.question:
            text += f"\nThink: {self.question}"
            if self.rubric:
                text += f"\nA strong answer {self._rubric_text()}."
        return text

    def _repr_html_(self) -> str:
        colour, mark = ("#1b7a32", "✔") if self.ok else ("#a4461b", "✘")
        items = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        title = "Well done" if self.ok else "Not yet"
        think = ""
        if self.question:
            rubric = "".join(f"<li>{escape(r)}</li>" for r in self.rubric)
            think = (f'<p style="margin:4px 0 0"><b>Think:</b> {escape(self.question)}</p>'
                     + (f'<p style="margin:2px 0">A strong answer:</p><ol style="margin:2px 0">{rubric}</ol>'
                        if rubric else ""))
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px">'
                f'<b style="color:{colour}">{mark} {title}</b><ul style="margin:2px 0">{items}</ul>{think}</div>')


def reread(heading: str) -> str:
    """Where to look again: a heading of the lesson notebook, as the feedback names it.

    Examples
    --------
    >>> reread("4 Music under dialogue")
    'reread "4 Music under dialogue"'

    Lesson: lessons/00_first_motif.ipynb
    """
    return f'reread "{heading}"'


#: The modes a checker hears as dark (minor third): what "a minor mode" accepts.
DARK_MODES = ("minor", "aeolian", "phrygian", "locrian", "dorian")


def motif_or_feedback(answer) -> Feedback | None:
    """``None`` if ``answer`` is a :class:`~scoring.core.motif.Motif`, else the feedback that asks for one.

    Examples
    --------
    >>> motif_or_feedback("4/4 c4 d e g c'2")
    Not yet: the answer should be a Motif, not str; build one with Motif.parse(...) or a transform
    >>> motif_or_feedback(Motif.parse("4/4 c4 d e g c'2")) is None
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(answer, Motif):
        return Feedback(False, [f"the answer should be a Motif, not {type(answer).__name__}; "
                                "build one with Motif.parse(...) or a transform"])
    return None


def mean_pitch(motif: Motif) -> float:
    """The mean MIDI number of a motif's notes (rests left out): where its register sits.

    Examples
    --------
    >>> mean_pitch(Motif.parse("4/4 c4 r g"))
    63.5

    Lesson: lessons/01_mood.ipynb
    """


    expect(motif, Motif, "motif", "Motif.parse(\"c4 e g\")")
    ps = [p for p in motif.midi if p is not None]
    return sum(ps) / len(ps)


def opposite_mode(key: str) -> str:
    """The mode to change a key into for a "mode change": ``"major"`` for a dark key (see
    :data:`DARK_MODES`), ``"minor"`` for any other.

    Examples
    --------
    >>> opposite_mode("C major"), opposite_mode("D dorian")
    ('minor', 'major')

    Lesson: lessons/03_leitmotif.ipynb
    """
    return "major" if parse_key(key)[2] in DARK_MODES else "minor"


_DEGREES = ("tonic", "second", "third", "fourth", "fifth", "sixth", "seventh")
_NATURAL = (0, 2, 4, 5, 7, 9, 11)


def _spell(degree: int, semitones: int) -> str:
    """A degree of a mode on C, spelled on its own letter (a raised fourth is F♯, never G♭)."""
    return "CDEFGAB"[degree] + {-1: "♭", 0: "", 1: "♯"}.get(semitones - _NATURAL[degree], "?")


def mode_difference(heard: str, named: str) -> list[str]:
    """The degrees where mode ``heard`` differs from mode ``named``, spelled on C: what to listen for,
    without naming the mode.

    >>> mode_difference("dorian", "minor")
    ['its sixth is A, not A♭']
    >>> mode_difference("major", "ionian")
    []

    Lesson: lessons/01_mood.ipynb
    """
    return [f"its {degree} is {mine}, not {theirs}" for degree, mine, theirs in mode_degrees(heard, named)]


def mode_degrees(mode: str, other: str) -> list[tuple[str, str, str]]:
    """``(degree, in mode, in other)`` for each degree where two modes differ, spelled on C.

    >>> mode_degrees("minor", "dorian")
    [('sixth', 'A♭', 'A')]

    Lesson: lessons/04_motif_evolution.ipynb
    """
    a, b = MODES[normalise_mode(mode)], MODES[normalise_mode(other)]
    return [(_DEGREES[d], _spell(d, a[d]), _spell(d, b[d])) for d in range(7) if a[d] != b[d]]


def beat_words(bar: int, beat: float) -> str:
    """Where a moment falls, in words a player counts: "beat 3 of bar 2", or "between beats 1 and 2
    of bar 3" for a moment off the beat (from :func:`scoring.harmony.beat_position`).

    Examples
    --------
    >>> beat_words(2, 3.0), beat_words(3, 1 + 2 / 3)
    ('beat 3 of bar 2', 'between beats 1 and 2 of bar 3')

    Lesson: lessons/04_motif_evolution.ipynb
    """
    if float(beat).is_integer():
        return f"beat {int(beat)} of bar {bar}"
    return f"between beats {int(beat)} and {int(beat) + 1} of bar {bar}"


def weak_place(bar: int, beat: float) -> str:
    """A weak moment named for a hint: "on beat 4 of bar 2, a weak beat", or "between beats 3 and 4
    of bar 2, a weak place" off the beat (see :func:`beat_words`).

    Examples
    --------
    >>> weak_place(2, 4.0), weak_place(2, 3.5)
    ('on beat 4 of bar 2, a weak beat', 'between beats 3 and 4 of bar 2, a weak place')

    Lesson: lessons/02_tension.ipynb
    """
    on = float(beat).is_integer()
    return f"{'on ' * on}{beat_words(bar, beat)}, a weak {'beat' if on else 'place'}"


def is_soft(velocity: float) -> bool:
    """Whether a mean velocity sounds soft: p, pp or ppp all count (up to the p mark's 49, rounded).

    >>> is_soft(33), is_soft(49), is_soft(64)
    (True, True, False)

    Lesson: lessons/04_motif_evolution.ipynb
    """
    return number(velocity, "velocity", "give a MIDI velocity 0-127, like 40", lo=0, hi=127) <= 56


def note_seconds(motif: Motif) -> list[float]:
    """How long each note and rest sounds, in seconds, through the motif's clock: what a checker
    compares when doubled note values and a halved tempo should count as the same answer.

    >>> hero = Motif.parse("4/4 c4 e g c'2", tempo=120)
    >>> note_seconds(hero.augment(2)) == note_seconds(hero.with_tempo(60))
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    expect(motif, Motif, "motif", "Motif.parse(\"4/4 c4 e g c'2\")")
    edges, t = [0], 0
    for n in motif.notes:
        t += n.duration
        edges.append(t)
    at = motif.tempo_map.seconds_at(edges)
    return [float(b - a) for a, b in zip(at, at[1:])]


#: How far below the best key's correlation another key may be and still count as one the notes
#: suggest (Krumhansl-Schmuckler correlations run from -1 to 1).
HOME_WITHIN = 0.2


def heard_keys(motif: Motif) -> list[str]:
    """The keys a listener may hear a melody's ending in: the key given with ``key=``, or, when the
    key was estimated, the key the notes *before the last one* suggest, each note counted once
    however long it is held (see :func:`~scoring.core.io.key_candidates`). Estimated with the long
    last note, ``c4 g e d1`` is in D major, so its ending would always be home; C, G and E point to
    C major, and the D sounds like a question. Only keys whose scale holds every earlier note count
    (a minor key with its raised sixth and seventh). A second key counts when it is nearly as likely
    (within :data:`HOME_WITHIN`) and is the key estimated for the whole line; so does the whole
    line's key when a cadence leads into the last note (a leading note rising a semitone, or a
    dominant falling a fifth or rising a fourth): ``e4 a g d B c1`` ends in C.

    Examples
    --------
    >>> heard_keys(Motif.parse("4/4 c4 g e d1"))
    ['C major']
    >>> heard_keys(Motif.parse("4/4 e4 a g d B c1"))[0]
    'C major'
    >>> heard_keys(Motif.parse("4/4 c4 g e d1", key="D major"))
    ['D major']

    Lesson: lessons/00_first_motif.ipynb
    """
    expect(motif, Motif, "motif", "Motif.parse(\"c4 e g\")")
    if not motif.key_estimated:
        return [motif.key]
    pitched = [n for n in motif.notes if not n.is_rest]
    before = [Note(n.pitch, Fraction(1)) for n in pitched[:-1]]
    used = {n.pitch % 12 for n in before}
    if len(used) < 2:
        return [motif.key]
    keys = key_candidates(before, within=HOME_WITHIN)
    keys = [k for k in keys if _holds(k, used)] or keys[:1]
    heard = keys[:1] + [k for k in keys[1:] if k == motif.key]
    last = pitched[-1].pitch
    cadence = last - before[-1].pitch in (1, -7, 5) and (last - parse_key(motif.key)[0]) % 12 == 0 \
        and _holds(motif.key, used)
    return [motif.key] + [k for k in heard if k != motif.key] if cadence else heard


def _holds(key: str, pitch_classes: set[int]) -> bool:
    """Whether a key's scale holds every pitch class (a minor key its raised sixth and seventh too)."""
    tonic, _, mode = parse_key(key)
    scale = set(MODES[normalise_mode(mode)]) | ({9, 11} if normalise_mode(mode) in ("minor", "aeolian") else set())
    return all((p - tonic) % 12 in scale for p in pitch_classes)
