"""Lesson 08's panels: the genre switcher (a theme, a recipe, and one ingredient borrowed from another
genre; score, sound, feature plot and the detector's verdict follow) and the classroom survey form.

Lesson: lessons/08_genre.ipynb
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Mapping

from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.genre import GENRES, in_genre, record_answers, recipe
from scoring.genre_view import feature_alt, feature_plot, genre_card
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import escape, figure_png

__all__ = ["INGREDIENTS", "genre_switch", "genre_switcher", "genre_survey"]

#: What the switcher can borrow from a second genre's recipe.
INGREDIENTS = {"nothing": (), "mode": ("mode",), "metre": ("compound",), "chords": ("chords", "move", "clashes"),
               "accompaniment": ("bass_line", "pulse", "pulse_instrument", "harmony_rhythm"),
               "instruments": ("melody", "harmony", "bass", "pulse_instrument"), "tempo": ("tempo",)}


def genre_switch(theme: Motif, genre: str, *, borrow: str = "nothing", source: str = "horror",
                 intro: bool = True):
    """What the genre switcher plays: ``theme`` in ``genre``, with one ingredient (see
    :data:`INGREDIENTS`) taken from the ``source`` genre's recipe instead.

    Examples
    --------
    >>> theme = Motif.parse("4/4 c4 e g c'", name="Theme")
    >>> cue = genre_switch(theme, "romance", borrow="instruments", source="sci-fi", intro=False)
    >>> cue.layer("melody").instrument, cue.key
    ('Lead 1 (square)', 'C major')

    Lesson: lessons/08_genre.ipynb
    """
    if borrow not in INGREDIENTS:
        raise ScoringError(f"borrow={borrow!r}: choose one of {', '.join(INGREDIENTS)}")
    base, other = recipe(genre), recipe(source)
    fields = INGREDIENTS[borrow]
    mixed = replace(base, **{f: getattr(other, f) for f in fields}) if fields else base
    if fields and "pulse" in fields and not other.pulse:
        mixed = replace(mixed, pulse=None)
    if fields and "pulse_instrument" in fields and mixed.pulse and not mixed.pulse_instrument:
        mixed = replace(mixed, pulse_instrument=base.pulse_instrument or other.melody)
    title = f"{theme.name} ({base.name}" + (f", {borrow} from {other.name})" if fields else ")")
    return in_genre(theme, mixed, intro=intro, name=title)


def genre_switcher(themes: Motif | Mapping[str, Motif]):
    """The genre switcher: pick a theme and a genre, borrow one ingredient from another genre, and
    hear, read and see what changes; the detector says which genre the result points to.

    Lesson: lessons/08_genre.ipynb
    """
    import ipywidgets as w

    if isinstance(themes, Motif):
        themes = {themes.name: themes}
    if not themes or not all(isinstance(m, Motif) for m in themes.values()):
        raise ScoringError("genre_switcher() takes a Motif or a dict of named Motifs, e.g. {'Theme': theme}")
    style = {"description_width": "80px"}
    theme = w.Dropdown(options=list(themes), description="theme", style=style)
    genre = w.Dropdown(options=GENRES, value="western", description="genre", style=style)
    borrow = w.Dropdown(options=list(INGREDIENTS), value="nothing", description="borrow", style=style)
    source = w.Dropdown(options=GENRES, value="horror", description="from", style=style)
    intro = w.Checkbox(value=True, description="one-bar intro")
    status, view, plot = w.HTML(), w.HTML(), w.HTML()

    def update(_=None):
        try:
            cue = genre_switch(themes[theme.value], genre.value, borrow=borrow.value, source=source.value,
                               intro=intro.value)
            cue.start_player()   # the sound renders on the sound thread while the plot and the score are drawn
            # one row, named by the card above it: the plot keeps its frame from one answer to the next
            drawn = figure_png(feature_plot([cue], labels=[""], figsize=(11.0, 1.6)), dpi=70, alt=feature_alt([cue]))
            view.value, plot.value = genre_card(cue), drawn
            status.value = ""
        except ScoringError as exc:
            status.value = error_html(escape(exc))

    for control in (theme, genre, borrow, source, intro):
        control.observe(answer(update), names="value")
    update()
    return panel_box("Genre switcher", [w.HBox([w.VBox([theme, genre, intro]), w.VBox([borrow, source])]),
                                        status, view, plot])


def genre_survey(count: int, *, folder: str = ".", filename: str = "genre_answers.csv"):
    """The classroom form: a name, then for each of ``count`` clips a genre and the images it brings to
    mind; **Save** appends the answers to ``filename`` in the folder typed in the form (it must exist).

    Lesson: lessons/08_genre.ipynb
    """
    import ipywidgets as w

    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 12:
        raise ScoringError(f"count={count!r}: give the number of clips, 1 to 12")
    style = {"description_width": "70px"}
    who = w.Text(description="your name", placeholder="or a code", style=style)
    where = w.Text(value=folder, description="folder", style=style)
    rows = [(w.Dropdown(options=("?",) + GENRES, value="?", description=f"clip {i}", style=style),
             w.Text(placeholder="what do you see? (a place, a time, a person)", layout=w.Layout(width="420px")))
            for i in range(1, count + 1)]
    save = w.Button(description="Save my answers", button_style="primary")
    status = w.HTML()

    def on_save(_=None):
        try:
            path = record_answers(os.path.join(where.value, filename), who.value,
                                  [(g.value if g.value != "?" else "", t.value) for g, t in rows])
            status.value = f"saved to {escape(str(path))}"
        except ScoringError as exc:
            status.value = error_html(escape(exc))

    save.on_click(on_save)
    return panel_box("Genre survey", [who, *[w.HBox(list(r)) for r in rows], where, save, status])
