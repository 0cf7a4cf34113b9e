"""Lesson 01's panel: the mood mixer (mode, tempo, register, dynamics, harmony and palette).

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

from scoring.core.motif import Motif
from scoring.core.notes import DYNAMICS
from scoring.core.pitch import BRIGHTNESS
from scoring.core.view import cue_html
from scoring.errors import ScoringError
from scoring.mood import PALETTES, mix
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import escape

__all__ = ["HARMONY_CHOICES", "mood_settings_cue", "mood_mixer"]


HARMONY_CHOICES = ("none", "diatonic", "mediant", "noir")


def mood_settings_cue(motif: Motif, *, mode: str, tempo: float, octave: int, dynamics: str, harmony: str,
                      palette: str):
    """What the mood mixer plays for its settings (``palette="keep"`` keeps the motif's instrument).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero")
    >>> cue = mood_settings_cue(hero, mode="minor", tempo=60, octave=-1, dynamics="p", harmony="none", palette="keep")
    >>> cue.melody().pitches, cue.tempo
    (['C3', 'Eb3', 'G3', 'C4'], 60.0)

    Lesson: lessons/01_mood.ipynb
    """
    return mix(motif, mode=mode, tempo=tempo, octave=octave, dynamics=dynamics,
               harmony=None if harmony == "none" else harmony, palette=None if palette == "keep" else palette)


def mood_mixer(motif: Motif):
    """The mood mixer: mode, tempo, register, dynamics, harmony and palette for one motif;
    the score, the sound and the piano roll follow every change.

    Lesson: lessons/01_mood.ipynb
    """
    import ipywidgets as w

    style = {"description_width": "70px"}
    mode = w.Dropdown(options=("major", "minor") + BRIGHTNESS, value="major", description="mode", style=style)
    tempo = w.IntSlider(value=int(round(motif.tempo)), min=40, max=180, step=4, description="tempo", style=style)
    octave = w.IntSlider(value=0, min=-2, max=2, description="register", style=style)
    dynamics = w.SelectionSlider(options=list(DYNAMICS), value="mf", description="dynamics", style=style)
    harmony = w.Dropdown(options=HARMONY_CHOICES, value="diatonic", description="harmony", style=style)
    palette = w.Dropdown(options=("keep",) + tuple(PALETTES), value="warm orchestral", description="palette",
                         style=style)
    status = w.HTML()
    view = w.HTML()

    def update(_=None):
        try:
            cue = mood_settings_cue(motif, mode=mode.value, tempo=tempo.value, octave=octave.value,
                                    dynamics=dynamics.value, harmony=harmony.value, palette=palette.value)
            view.value = cue_html(cue)
            status.value = ""
        except ScoringError as exc:
            status.value = error_html(escape(exc))

    for control in (mode, tempo, octave, dynamics, harmony, palette):
        control.observe(answer(update), names="value")
    update()
    return panel_box("Mood mixer", [w.HBox([w.VBox([mode, harmony, palette]), w.VBox([tempo, octave, dynamics])]), status, view])
