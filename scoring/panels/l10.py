"""Lesson 10's panel: the radio shaper (a car radio that opens into the score, heard and seen).

Lesson: lessons/10_songs.ipynb
"""
from __future__ import annotations

import numpy as np

from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import escape
from scoring.songs import RadioOpening
from scoring.songs_view import opening_html

__all__ = ["radio_shaper_view", "radio_shaper"]


def radio_shaper_view(samples: np.ndarray, sample_rate: int, *, at: float = 2.0, over: float = 3.0,
                      low: float = 350.0, high: float = 3200.0, space: float = 0.35,
                      gain_db: float = -12.0) -> tuple[RadioOpening, str]:
    """What the radio shaper shows for its settings: the transition's player and spectrogram, and
    the line of code that makes it. Returns ``(opening, html)``.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal((16000, 2)) * 0.1
    >>> opening, html = radio_shaper_view(y, 8000, at=0.5, over=1.0)
    >>> opening.at, html.count("<audio"), html.count("<img")
    (0.5, 1, 1)

    Lesson: lessons/10_songs.ipynb
    """
    opening = RadioOpening(at=at, over=over, low=low, high=high, space=space, gain_db=gain_db)
    code = (f"RadioOpening(at={opening.at:g}, over={opening.over:g}, low={opening.low:g}, high={opening.high:g}, "
            f"space={opening.space:g}, gain_db={opening.gain_db:g})")
    view = opening_html(opening, samples, sample_rate, compare=False)
    return opening, f'<div><code>{escape(code)}</code>{view._repr_html_()}</div>'


def radio_shaper(samples: np.ndarray, sample_rate: int, *, at: float = 2.0, over: float = 3.0) -> "ipywidgets.VBox":
    """A panel to shape the car radio opening into the score: when it opens, how long it takes, the
    radio's band, its level and the hall it opens into; hear it and see its spectrogram at once.

    Lesson: lessons/10_songs.ipynb
    """
    import ipywidgets as w

    seconds = len(samples) / sample_rate
    style = {"description_width": "90px"}
    sliders = {
        "at": w.FloatSlider(value=at, min=0.0, max=max(0.5, seconds - 0.5), step=0.01, description="opens at (s)"),
        "over": w.FloatSlider(value=over, min=0.0, max=8.0, step=0.1, description="opens over (s)"),
        "low": w.FloatSlider(value=350, min=100, max=1000, step=10, description="radio low (Hz)"),
        "high": w.FloatSlider(value=3200, min=1500, max=8000, step=100, description="radio high (Hz)"),
        "gain_db": w.FloatSlider(value=-12, min=-30, max=0, step=1, description="radio level (dB)"),
        "space": w.FloatSlider(value=0.35, min=0.0, max=1.0, step=0.05, description="hall"),
    }
    for s in sliders.values():
        s.continuous_update = False
        s.style = style
    view = w.HTML()

    def update(_=None):
        try:
            _, html = radio_shaper_view(samples, sample_rate, **{k: s.value for k, s in sliders.items()})
            view.value = html
        except ScoringError as exc:
            view.value = error_html(escape(str(exc)))

    for s in sliders.values():
        s.observe(answer(update), names="value")
    update()
    keys = list(sliders)
    return panel_box("Radio shaper", [w.HBox([w.VBox([sliders[k] for k in keys[:3]]),
                                              w.VBox([sliders[k] for k in keys[3:]])]), view])
