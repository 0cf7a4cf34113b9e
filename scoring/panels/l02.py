"""Lesson 02's panel: the tension builder (devices in order over 8-16 bars, and the tension curve).

Lesson: lessons/02_tension.ipynb
"""
from __future__ import annotations

from typing import Sequence

from scoring.devices import PLAN_DEVICES, build_tension
from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.tension import DEFAULT_WEIGHTS, FEATURES
from scoring.tension_view import tension_html

__all__ = ["BUILDER_SLOTS", "EMPTY_SLOT", "DEFAULT_PLAN", "tension_builder_cue", "tension_builder"]


# ---------------------------------------------------------------- lesson 02: the tension builder
#: The panel's slots; "—" leaves a slot empty.
BUILDER_SLOTS = 8
EMPTY_SLOT = "—"
DEFAULT_PLAN = ("ostinato", "pedal", "rising sequence", "crescendo", "accelerando", "drop-out", "stinger", "release")


def tension_builder_cue(slots: Sequence[str], *, bars: int = 1, tempo: float = 120) -> "Cue":  # noqa: F821
    """What the tension builder plays: the devices in its slots, in order (``"—"`` is an empty slot).

    Each device adds to what came before (see :func:`scoring.devices.build_tension`); the plan
    must last 8 to 16 bars.

    Examples
    --------
    >>> cue = tension_builder_cue(["ostinato", "—", "pedal", "rising sequence", "crescendo", "accelerando",
    ...                            "stinger", "release"])
    >>> cue.notes
    'plan: ostinato, pedal, rising sequence, crescendo, accelerando, stinger, release (1 bar per section)'
    >>> [mark for _, mark in cue.tempo_map.marks()], cue.quarter_length / 4
    (['♩ = 120', 'accel.', '♩ = 150', '♩ = 80'], Fraction(8, 1))

    Lesson: lessons/02_tension.ipynb
    """
    if isinstance(slots, str):
        raise ScoringError("give the slots as a list of device names, e.g. ['ostinato', 'pedal', 'release']")
    plan = [s for s in slots if s != EMPTY_SLOT]
    if not plan:
        raise ScoringError("every slot is empty; choose a device for at least one slot")
    return build_tension(plan, bars=bars, tempo=tempo)


def tension_builder(*, plan: Sequence[str] = DEFAULT_PLAN, bars: int = 1, tempo: float = 120) -> "w.VBox":  # noqa: F821
    """The tension builder: pick and order devices over 8-16 bars and set the weights of the tension
    curve; the score, the sound, the piano roll and the curve follow every change. The roll keeps one
    frame (C2 to C6, whole four-bar phrases), so a plan that climbs or grows is seen to.

    The panel prints the line of code that makes the cue, so you can paste it into a cell.

    Examples
    --------
    >>> panel = tension_builder()
    >>> len(panel.children), "build_tension" in panel.children[2].value
    (4, True)

    Lesson: lessons/02_tension.ipynb
    """
    import ipywidgets as w

    if len(plan) > BUILDER_SLOTS:
        raise ScoringError(f"the panel has {BUILDER_SLOTS} slots; give at most {BUILDER_SLOTS} devices")
    choices = (EMPTY_SLOT,) + tuple(PLAN_DEVICES)
    filled = list(plan) + [EMPTY_SLOT] * (BUILDER_SLOTS - len(plan))
    slot_style = {"description_width": "18px"}
    slots = [w.Dropdown(options=choices, value=v, description=f"{i + 1}", style=slot_style,
                        layout=w.Layout(width="185px")) for i, v in enumerate(filled)]
    style = {"description_width": "110px"}
    bars_ = w.IntSlider(value=bars, min=1, max=2, description="bars per section", style=style)
    tempo_ = w.IntSlider(value=int(tempo), min=60, max=160, step=4, description="tempo", style=style)
    weights = {f: w.FloatSlider(value=DEFAULT_WEIGHTS[f], min=0, max=3, step=0.5, description=f"weight: {f}",
                                style=style) for f in FEATURES}
    status = w.HTML()
    view = w.HTML()

    def update(_=None):
        chosen = [s.value for s in slots if s.value != EMPTY_SLOT]
        try:
            cue = tension_builder_cue([s.value for s in slots], bars=bars_.value, tempo=tempo_.value)
            changed = {f: s.value for f, s in weights.items() if s.value != DEFAULT_WEIGHTS[f]}
            view.value = tension_html(cue, weights={f: s.value for f, s in weights.items()}, frame=True).html
            code = f"build_tension({chosen!r}, bars={bars_.value}, tempo={tempo_.value})"
            extra = f" &nbsp; weights={changed!r}" if changed else ""
            status.value = f"<code>{code}</code>{extra}"
        except ScoringError as exc:
            status.value = error_html(exc)

    for control in slots + [bars_, tempo_] + list(weights.values()):
        control.observe(answer(update), names="value")
    update()
    grid = w.VBox([w.HBox(slots[:4]), w.HBox(slots[4:])])
    sliders = w.HBox([w.VBox([bars_, tempo_]), w.VBox(list(weights.values())[:3]), w.VBox(list(weights.values())[3:])])
    return panel_box("Tension builder", [grid, sliders, status, view])
