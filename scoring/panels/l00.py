"""Lesson 00's panel: the motif explorer (transform a motif and see and hear it beside the original).

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from scoring.core.motif import Motif
from scoring.core.pitch import BRIGHTNESS
from scoring.core.plots import motif_figure, plot_alt
from scoring.core.view import compare
from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import figure_png

__all__ = ["TRANSFORMS", "INSTRUMENTS", "MODE_CHOICES", "variable_name", "ExplorerSettings", "apply_settings",
           "motif_explorer"]


TRANSFORMS = ("original", "invert", "retrograde", "retrograde inversion", "augment", "diminish")
INSTRUMENTS = ("keep", "Acoustic Grand Piano", "French Horn", "Cello", "Violin", "Flute", "Oboe",
               "Clarinet", "Trumpet", "String Ensemble 1", "Celesta", "Pad 2 (warm)", "Lead 2 (sawtooth)")
MODE_CHOICES = ("keep", "major", "minor") + BRIGHTNESS


def variable_name(name: str) -> str:
    """A Python variable name for a motif's name (``"Hero [0:2]"`` -> ``"hero_0_2"``).

    Examples
    --------
    >>> variable_name("Hero + Hero"), variable_name("2nd theme")
    ('hero_hero', 'm_2nd_theme')

    Lesson: lessons/00_first_motif.ipynb
    """
    text = re.sub(r"\W+", "_", str(name).lower()).strip("_") or "motif"
    if text[0].isdigit() or keyword.iskeyword(text):
        text = "m_" + text
    return text


@dataclass(frozen=True)
class ExplorerSettings:
    """What the motif explorer's controls say (see :func:`apply_settings`).

    Lesson: lessons/00_first_motif.ipynb
    """

    transform: str = "original"
    mode: str = "keep"
    octave: int = 0
    tempo: float | None = None
    instrument: str = "keep"


def apply_settings(motif: Motif, s: ExplorerSettings) -> tuple[Motif, str]:
    """Apply the explorer's settings to a motif; returns the new motif and the code that makes it.

    Examples
    --------
    >>> hero = Motif.parse("c4 e g c'2", name="hero")
    >>> new, code = apply_settings(hero, ExplorerSettings(transform="invert", mode="minor", octave=-1))
    >>> code, new.pitches
    ("hero.invert().to_mode('minor').octave(-1)", ['C3', 'Ab2', 'F2', 'C2'])

    Lesson: lessons/00_first_motif.ipynb
    """
    m, code = motif, variable_name(motif.name)
    steps = {
        "original": None, "invert": ("invert", ()), "retrograde": ("retrograde", ()),
        "retrograde inversion": ("retrograde_inversion", ()), "augment": ("augment", (2,)),
        "diminish": ("diminish", (2,)),
    }
    if s.transform not in steps:
        raise ScoringError(f"unknown transform {s.transform!r}; choose one of {', '.join(steps)}")
    calls = [steps[s.transform]] if steps[s.transform] else []
    if s.mode != "keep":
        calls.append(("to_mode", (s.mode,)))
    if s.octave:
        calls.append(("octave", (int(s.octave),)))
    if s.tempo is not None and s.tempo != motif.tempo:
        calls.append(("with_tempo", (s.tempo,)))
    if s.instrument != "keep":
        calls.append(("with_instrument", (s.instrument,)))
    for name, args in calls:
        m = getattr(m, name)(*args)
        code += f".{name}({', '.join(repr(a) for a in args)})"
    return m, code


def motif_explorer(motif: Motif):
    """A panel to transform a motif and at once see and hear it beside the original.

    Controls: transform, mode, octave, tempo, instrument. The panel prints the code that
    makes what you hear, so you can paste it into a cell.

    Lesson: lessons/00_first_motif.ipynb
    """
    import ipywidgets as w

    style = {"description_width": "80px"}
    transform = w.Dropdown(options=TRANSFORMS, value="original", description="transform", style=style)
    mode = w.Dropdown(options=MODE_CHOICES, value="keep", description="mode", style=style)
    octave = w.IntSlider(value=0, min=-2, max=2, description="octave", style=style)
    tempo = w.IntSlider(value=int(round(motif.tempo)), min=40, max=200, step=4, description="tempo", style=style)
    instrument = w.Dropdown(options=INSTRUMENTS, value="keep", description="instrument", style=style)
    code = w.HTML()
    view = w.HTML()

    def update(_=None):
        settings = ExplorerSettings(transform.value, mode.value, octave.value, float(tempo.value), instrument.value)
        try:
            new, text = apply_settings(motif, settings)
            code.value = f"<code>{text}</code>"
            shown = [motif, new.with_name(text)]
            shown[1].start_player()  # the sound renders while the plot is drawn: compare(*shown).html, reordered
            plot = figure_png(motif_figure(shown, "piano roll"), alt=plot_alt(shown, "piano roll"))
            view.value = compare(*shown, plot=None).html + plot
        except ScoringError as exc:
            code.value = error_html(exc)

    for control in (transform, mode, octave, tempo, instrument):
        control.observe(answer(update), names="value")
    update()
    controls = w.HBox([w.VBox([transform, mode, instrument]), w.VBox([octave, tempo])])
    return panel_box("Motif explorer", [controls, code, view])
