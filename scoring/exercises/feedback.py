"""What every exercise checker shares: the :class:`Feedback` verdict and the small readings of an
answer that several lessons' checkers make (is it a motif, where does it sit, which mode is the
other one).

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from scoring.errors import expect
from scoring.core.motif import Motif
from scoring.core.pitch import parse_key

__all__ = ["Feedback", "DARK_MODES", "motif_or_feedback", "mean_pitch", "opposite_mode"]


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
