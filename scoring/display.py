"""What a notebook shows: a motif as name + notation + player + summary, and side-by-side comparisons.

Everything is HTML with embedded data URIs (SVG notation, MP3 sound, PNG plots), so a
committed notebook shows it the moment it is opened, even untrusted, and offline.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import base64
import io

from .audio import _escape, audio_tag
from .notation import img_tag, svg


class HTML:
    """A piece of HTML that a notebook displays (and that prints its text in a terminal).

    Examples
    --------
    >>> HTML("<b>hit</b>", "hit")
    hit

    Lesson: lessons/00_first_motif.ipynb
    """

    def __init__(self, html: str, text: str = ""):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text or "<HTML>"


def notation_html(motif, *, width: int = 1800) -> HTML:
    """The motif's notation as an ``<img>`` (see :func:`scoring.notation.svg`).

    Examples
    --------
    >>> from scoring import Motif
    >>> "data:image/svg+xml;base64," in notation_html(Motif.parse("c4 e g")).html
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    return HTML(img_tag(svg(motif, width=width), alt=f"notation of {motif.name}"), f"notation of {motif.name}")


def audio_html(motif) -> HTML:
    """An ``<audio>`` player for the motif.

    Examples
    --------
    >>> from scoring import Motif
    >>> audio_html(Motif.parse("c4 e g", name="Bell"))
    audio of Bell (1.8 s)

    Lesson: lessons/00_first_motif.ipynb
    """
    samples, sr = motif.to_audio()
    return HTML(audio_tag(samples, sr, label=motif.name), f"audio of {motif.name} ({motif.duration_seconds:.1f} s)")


def _card(motif, *, width: int = 1800) -> str:
    samples, sr = motif.to_audio()
    return (f'<div style="margin:4px 0 10px 0">'
            f'<div style="font-weight:bold;font-size:1.1em">{_escape(motif.name)}</div>'
            f'{img_tag(svg(motif, width=width), alt=f"notation of {motif.name}")}<br>'
            f'{audio_tag(samples, sr, label=motif.name)}'
            f'<div style="font-family:monospace;font-size:0.9em">{_escape(motif.summary())}</div></div>')


def motif_html(motif) -> str:
    """Name, notation, player and summary line in one HTML block (a motif's cell output).

    Examples
    --------
    >>> from scoring import Motif
    >>> page = motif_html(Motif.parse("c4 e g", name="Bell"))
    >>> page.count("<audio"), "Bell: C4 E4 G4" in page
    (1, True)

    Lesson: lessons/00_first_motif.ipynb
    """
    return _card(motif)


def figure_png(fig, *, dpi: int = 80) -> str:
    """A matplotlib figure as an ``<img>`` PNG data URI (the figure is closed afterwards).

    Examples
    --------
    >>> from scoring import Motif
    >>> figure_png(Motif.parse("c4 e g").plot())[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/01_mood.ipynb
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="plot" style="max-width:100%">'


def compare(*motifs, plot: str = "piano roll") -> HTML:
    """Several motifs side by side: notation and player for each, then one plot on shared axes.

    Examples
    --------
    >>> from scoring import Motif
    >>> hero = Motif.parse("c4 e g c'2", name="Hero")
    >>> view = compare(hero, hero.invert().with_name("Hero inverted"))
    >>> print(view)
    Hero: C4 E4 G4 C5 | C major | 4/4 | 100 BPM | Acoustic Grand Piano | 3.0 s
    Hero inverted: C4 Ab3 F3 C3 | C phrygian | 4/4 | 100 BPM | Acoustic Grand Piano | 3.0 s

    Lesson: lessons/00_first_motif.ipynb
    """
    from .errors import ScoringError
    from .model import Motif
    from .plots import motif_figure

    if not motifs:
        raise ScoringError("compare() needs at least one motif, e.g. compare(hero, hero.invert())")
    if len(motifs) > 12:
        raise ScoringError(f"compare() shows at most 12 motifs at once (got {len(motifs)})")
    for m in motifs:
        if not isinstance(m, Motif):
            raise ScoringError(f"compare() takes motifs; got {type(m).__name__}")
    width = 1800 if len(motifs) == 1 else 1000
    cards = "".join(f'<div style="flex:1 1 30%;min-width:260px">{_card(m, width=width)}</div>' for m in motifs)
    html = f'<div style="display:flex;flex-wrap:wrap;gap:12px">{cards}</div>'
    if plot:
        html += figure_png(motif_figure(list(motifs), plot))
    return HTML(html, "\n".join(m.summary() for m in motifs))


def cue_html(cue) -> str:
    """A cue's output: name, score, player, a piano roll of its layers and its summary.

    Examples
    --------
    >>> from scoring import Motif
    >>> from scoring.harmony import harmonize
    >>> page = cue_html(harmonize(Motif.parse("c4 e g c'", key="C major")))
    >>> page.count("<audio"), page.count("data:image/svg+xml"), page.count("data:image/png")
    (1, 1, 1)

    Lesson: lessons/01_mood.ipynb
    """
    from .plots import cue_figure

    samples, sr = cue.to_audio()
    how = f'<div style="font-size:0.9em;color:#555">{_escape(cue.notes)}</div>' if cue.notes else ""
    return (f'<div style="margin:4px 0 10px 0">'
            f'<div style="font-weight:bold;font-size:1.1em">{_escape(cue.name)}</div>{how}'
            f'{img_tag(svg(cue), alt=f"score of {cue.name}")}<br>'
            f'{audio_tag(samples, sr, label=cue.name)}'
            f'<div style="font-family:monospace;font-size:0.9em">{_escape(cue.summary())}</div>'
            f'{figure_png(cue_figure(cue))}</div>')


def gallery(items, *, columns: int = 2, plot: bool = False, summary: bool = True) -> HTML:
    """Motifs or cues in a grid, each with its notation, player and summary (and piano roll).
    ``summary=False`` hides the summary lines and how each was made (for listening quizzes).

    Examples
    --------
    >>> from scoring import Motif
    >>> print(gallery([Motif.parse("c4 e g", name="a"), Motif.parse("c4 e- g", name="b")], summary=False))
    a
    b

    Lesson: lessons/01_mood.ipynb
    """
    from .cue import Cue
    from .errors import ScoringError
    from .model import Motif
    from .plots import cue_figure

    items = list(items)
    if not items or len(items) > 16:
        raise ScoringError("gallery() shows 1 to 16 motifs or cues")
    cells = []
    for it in items:
        if not isinstance(it, (Motif, Cue)):
            raise ScoringError(f"gallery() takes motifs or cues; got {type(it).__name__}")
        samples, sr = it.to_audio()
        how = f'<div style="font-size:0.85em;color:#555">{_escape(it.notes)}</div>' \
            if summary and isinstance(it, Cue) and it.notes else ""
        line = f'<div style="font-family:monospace;font-size:0.8em">{_escape(it.summary())}</div>' if summary else ""
        roll = figure_png(cue_figure(it, figsize=(5.0, 2.2)), dpi=70) if plot else ""
        cells.append(f'<div style="flex:1 1 {int(100 / columns) - 4}%;min-width:280px">'
                     f'<div style="font-weight:bold">{_escape(it.name)}</div>{how}'
                     f'{img_tag(svg(it, width=1000), alt=f"notation of {it.name}")}<br>'
                     f'{audio_tag(samples, sr, label=it.name)}'
                     f'{line}{roll}</div>')
    return HTML(f'<div style="display:flex;flex-wrap:wrap;gap:14px">{"".join(cells)}</div>',
                "\n".join(it.summary() if summary else it.name for it in items))
