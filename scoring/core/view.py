"""What a notebook shows of several pieces of music: side-by-side comparisons and galleries.

A single motif or cue shows itself (its ``card``); this module lines several up, each as the
same card, with one plot on shared axes.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from dataclasses import replace

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.plots import motif_figure, plot_alt
from scoring.errors import ScoringError
from scoring.render.checks import flag, items as as_list, number, show
from scoring.render.html import HTML, figure_png, grid
from scoring.render.notation import check_width

__all__ = ["HTML", "compare", "gallery", "cue_html", "figure_png", "svg", "motif_events"]


def compare(*motifs: Motif, plot: str = "piano roll") -> HTML:
    """Several motifs side by side: notation and player for each, then one plot on shared axes.

    Examples
    --------
    >>> hero = Motif.parse("c4 e g c'2", name="Hero")
    >>> view = compare(hero, hero.invert().with_name("Hero inverted"))
    >>> print(view)
    Hero: C4 E4 G4 C5 | C major | 4/4 | 100 BPM | Acoustic Grand Piano | 3.0 s
    Hero inverted: C4 Ab3 F3 C3 | C phrygian | 4/4 | 100 BPM | Acoustic Grand Piano | 3.0 s

    Lesson: lessons/00_first_motif.ipynb
    """
    if not motifs:
        raise ScoringError("compare() needs at least one motif, e.g. compare(hero, hero.invert())")
    if len(motifs) > 12:
        raise ScoringError(f"compare() shows at most 12 motifs at once (got {len(motifs)})")
    for m in motifs:
        if not isinstance(m, Motif):
            raise ScoringError(f"compare() takes motifs; got {type(m).__name__}")
    if not isinstance(plot, str) and not (plot is None or plot is False):
        raise ScoringError(f"plot={show(plot)}: give the plot's name, like 'piano roll' or 'contour', or plot=None")
    width = 1800 if len(motifs) == 1 else 1000
    html = grid([m.card(width=width) for m in motifs], columns=3)
    if plot:
        html += figure_png(motif_figure(list(motifs), plot), alt=plot_alt(list(motifs), plot))
    return HTML(html, "\n".join(m.summary() for m in motifs))


def cue_html(cue: Cue) -> str:
    """A cue's output: name, score, player, its summary and a piano roll of its layers.

    Examples
    --------
    >>> from scoring.harmony import harmonize
    >>> page = cue_html(harmonize(Motif.parse("c4 e g c'", key="C major")))
    >>> page.count("<audio"), page.count("data:image/svg+xml"), page.count("data:image/png")
    (1, 1, 1)

    Lesson: lessons/01_mood.ipynb
    """
    if isinstance(cue, Motif):
        cue = Cue.from_motif(cue)
    if not isinstance(cue, Cue):
        raise ScoringError(f"cue_html() takes a Cue or a Motif, not {show(cue)}")
    return cue.card()


def gallery(items, *, columns: int = 2, plot: bool = False, summary: bool = True) -> HTML:
    """Motifs or cues in a grid, each with its notation, player and summary (and piano roll).
    ``summary=False`` hides the summary lines and how each was made (for listening quizzes).

    Examples
    --------
    >>> print(gallery([Motif.parse("c4 e g", name="a"), Motif.parse("c4 e- g", name="b")], summary=False))
    a
    b

    Lesson: lessons/01_mood.ipynb
    """
    fix = "gallery() shows 1 to 16 motifs or cues, e.g. gallery([hero, hero.invert()])"
    items = as_list(items, "items", fix, most=16)
    plot, summary = flag(plot, "plot"), flag(summary, "summary")
    if not items:
        raise ScoringError(fix)
    cells = []
    for it in items:
        if isinstance(it, (Cue, Motif)):
            cells.append(it.card(width=1000, summary=summary, plot=plot, small=True))
        else:
            raise ScoringError(f"gallery() takes motifs or cues; got {type(it).__name__}")
    return HTML(grid(cells, columns=columns, gap=14),
                "\n".join(it.summary() if summary else it.name for it in items))


def svg(music, *, width: int = 1800) -> str:
    """The notation of a motif or cue as an SVG string (its cached engraving).

    Examples
    --------
    >>> svg(Motif.parse("c4 e g")).startswith("<svg")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"svg() takes a Motif or a Cue, not {type(music).__name__}")
    return music.svg(width=check_width(width))


def motif_events(music, *, offset: float = 0.0):
    """The timed note events of a motif or cue, by its clock.

    Examples
    --------
    >>> [e.pitch for e in motif_events(Motif.parse("c4 e g"))]
    [60, 64, 67]

    Lesson: lessons/00_first_motif.ipynb
    """
    offset = number(offset, "offset", "give seconds from the start, like 0 or 2.5", lo=0, hi=3600)
    if isinstance(music, Motif):
        return music.events(offset=offset)
    if isinstance(music, Cue):
        evs = music.events()
        return [replace(e, start=e.start + offset, end=e.end + offset) for e in evs] if offset else evs
    raise ScoringError(f"expected a Motif or a Cue, got {type(music).__name__}")
