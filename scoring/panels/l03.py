"""Lesson 03's panel: the motif finder (search a cue for a motif, however it is transformed).

Lesson: lessons/03_leitmotif.ipynb
"""
from __future__ import annotations

from typing import Sequence

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.leitmotif import RELATIONS, Match, find_motif, match_alt, match_roll, match_table, melody_of
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import audio_tag, escape, figure_png, kept_figure

__all__ = ["finder_result", "motif_finder"]


def finder_result(motif: Motif, cue: Motif | Cue, *, threshold: float = 0.8,
                  relations: Sequence[str] | None = None) -> tuple[list[Match], str]:
    """What the motif finder shows for its settings: the matches and their table.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> matches, text = finder_result(hero, hero + hero.invert(), relations=["prime"])
    >>> [m.transformation for m in matches]
    ['original']

    Lesson: lessons/03_leitmotif.ipynb
    """
    chosen = RELATIONS if relations is None else relations
    if isinstance(chosen, (list, tuple)) and not chosen:
        raise ScoringError("tick at least one way of reading the motif (prime, inversion, ...)")
    matches = find_motif(motif, cue, threshold=threshold, relations=chosen)
    return matches, match_table(matches)


def motif_finder(motif: Motif, cue: Motif | Cue) -> "ipywidgets.VBox":
    """A panel to search a cue for a motif: move the similarity threshold, choose which readings
    count (prime, inversion, retrograde, retrograde inversion), and see and hear what is found.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> panel = motif_finder(hero, hero + hero.invert())
    >>> panel.children[3].value.count("\\n")  # the table: a head and two matches
    2

    Lesson: lessons/03_leitmotif.ipynb
    """
    import ipywidgets as w

    style = {"description_width": "80px"}
    threshold = w.FloatSlider(value=0.8, min=0.4, max=1.0, step=0.05, description="threshold", style=style)
    boxes = [w.Checkbox(value=True, description=r, indent=False, layout=w.Layout(width="170px")) for r in RELATIONS]
    which = w.Dropdown(options=["(none)"], description="hear match", style=style)
    table, roll, heard = w.HTML(), w.HTML(), w.HTML()
    line = melody_of(cue)
    found: list = []
    pictures: dict = {}  # the last few pictures, by the matches they show

    def update(_=None):
        try:
            matches, text = finder_result(motif, cue, threshold=threshold.value,
                                          relations=[b.description for b in boxes if b.value])
        except ScoringError as exc:
            table.value = error_html(escape(exc))
            return
        found[:] = matches
        table.value = f"<pre>{escape(text)}</pre>"
        shown = tuple(matches)
        if shown not in pictures:  # a threshold that finds the same matches shows the same picture
            fig, ax = kept_figure("motif finder", (9.0, 3.0))  # drawn on again at the next change
            match_roll(cue, matches, ax=ax)
            if len(pictures) >= 8:
                pictures.pop(next(iter(pictures)))
            pictures[shown] = figure_png(fig, alt=match_alt(cue, matches))
        roll.value = pictures[shown]
        which.options = ["(none)"] + [f"{k + 1}: beat {m.beat:g}, {m.transformation}" for k, m in enumerate(matches)]
        which.value = "(none)"

    def hear(_=None):
        if which.value == "(none)" or not found:
            heard.value = ""
            return
        m = found[int(which.value.split(":")[0]) - 1]
        sounding = [i for i, n in enumerate(line.notes) if not n.is_rest]
        first, last = sounding[m.index], sounding[m.index + m.length - 1]
        excerpt = line.with_notes(line.notes[first:last + 1], name=m.transformation)
        heard.value = audio_tag(*excerpt.to_audio(), label=m.transformation)

    for control in [threshold] + boxes:
        control.observe(answer(update), names="value")
    which.observe(answer(hear), names="value")
    update()
    return panel_box("Motif finder", [w.HBox([threshold, which]), w.HBox(boxes), heard, table, roll])
