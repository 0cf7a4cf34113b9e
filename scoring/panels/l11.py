"""Lesson 11's panel: the loudness meter with a fader per stem (the dub stage in miniature).

Lesson: lessons/11_series.ipynb
"""
from __future__ import annotations

import html

from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.series import DELIVERY_SPECS, Delivery, deliver, rebalance, sting, series_theme  # noqa: F401
from scoring.series_view import delivery_card

__all__ = ["SPEC_CHOICES", "fader_mix", "loudness_meter"]

#: What the meter can normalise to: a delivery spec, or nothing (the level as the faders leave it).
SPEC_CHOICES = (*DELIVERY_SPECS, "none (as mixed)")


def fader_mix(delivery: Delivery, gains: dict, *, spec: str = "EBU R128", name: str = "mix") -> tuple:
    """What the loudness meter plays: the delivery's stems at the faders' ``gains`` (stem -> dB),
    normalised to ``spec``'s loudness (or left as mixed), and the code that makes it.

    Examples
    --------
    >>> d = deliver(sting(series_theme()), target=None)
    >>> new, code = fader_mix(d, {"melody": 0, "harmony": -6, "bass": 0}, name="sting")
    >>> code, round(new.loudness, 1)
    ("rebalance(sting, gains={'harmony': -6}, target=-23, ceiling=-1)", -23.0)

    Lesson: lessons/11_series.ipynb
    """
    if spec not in SPEC_CHOICES:
        raise ScoringError(f"unknown spec {spec!r}; choose one of {', '.join(SPEC_CHOICES)}")
    moved = {k: float(v) for k, v in gains.items() if float(v) != 0}
    target, ceiling = (DELIVERY_SPECS[spec][:2] if spec in DELIVERY_SPECS else (None, -1.0))
    new = rebalance(delivery, gains=moved, target=target, ceiling=ceiling)
    shown = {k: (int(v) if v == int(v) else v) for k, v in moved.items()}
    kw = f", gains={shown!r}" if shown else ""
    goal = f"target={target:g}, ceiling={ceiling:g}" if target is not None else "target=None"
    return new, f"rebalance({name}{kw}, {goal})"


def loudness_meter(delivery: Delivery, *, name: str = "mix") -> "ipywidgets.VBox":  # noqa: F821
    """The loudness meter: a fader (dB) per stem and a delivery spec; the music mix's integrated
    loudness, true peak, loudness curve and sound follow each change.

    Lesson: lessons/11_series.ipynb
    """
    import ipywidgets as w

    if not isinstance(delivery, Delivery):
        raise ScoringError(f"loudness_meter() takes a Delivery (from deliver(...)), not {type(delivery).__name__}")
    style = {"description_width": "80px"}
    faders = [w.FloatSlider(value=0.0, min=-24.0, max=6.0, step=1.0, description=k, continuous_update=False,
                            orientation="vertical", readout_format="+.0f", style=style) for k in delivery.stems]
    spec = w.Dropdown(options=SPEC_CHOICES, value=SPEC_CHOICES[0], description="deliver to", style=style)
    code, view = w.HTML(), w.HTML()

    def update(_=None):
        try:
            new, text = fader_mix(delivery, {f.description: f.value for f in faders}, spec=spec.value, name=name)
        except ScoringError as exc:
            code.value = error_html(html.escape(str(exc)))
            return
        code.value = f"<code>{html.escape(text)}</code>"
        view.value = delivery_card(new).html

    for control in [spec, *faders]:
        control.observe(answer(update), names="value")
    update()
    return panel_box("Loudness meter", [spec, w.HBox([w.Label("faders (dB):"), *faders]), code, view])
