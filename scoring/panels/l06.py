"""Lesson 06's panel: the hit fitter (move hit points, see the tempo that fits them).

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

from typing import Sequence

from scoring.errors import ScoringError
from scoring.panels.controls import SUBDIVISIONS, answer, error_html, panel_box
from scoring.render.background import alongside
from scoring.render.html import audio_tag, escape, figure_png, kept_figure
from scoring.sync import fit_tempo, render_excerpt, sketch_cue
from scoring.sync_view import fit_plot, fit_plot_alt, timeline, timeline_alt

__all__ = ["hit_fitter_view", "hit_fitter"]


def hit_fitter_view(hits: "Sequence[float]", *, bpm_range: tuple[float, float] = (60, 180), subdivision: int = 1,
                    fps: float = 24, sound: bool = True) -> "tuple[TempoFit, str]":
    """What the hit fitter shows: the fitted tempo for ``hits`` (seconds, beat 1 at 0 s) with its
    ranking and per-hit errors, a timeline with the beat grid and streamers, the error landscape,
    and (with ``sound``) the stabs on the grid with their click and a thud on each hit.

    Returns ``(fit, html)``.

    Examples
    --------
    >>> fit, html = hit_fitter_view([0, 4.0, 9.5, 15.25], sound=False)
    >>> fit.bpm, html.count("<img")
    (165.0, 2)

    Lesson: lessons/06_sync.ipynb
    """
    fit = fit_tempo(list(hits), bpm_range, fps, subdivision=subdivision)
    player = alongside(lambda: _fit_player(fit)) if sound else None  # sound made while the plots are drawn
    fig, ax = kept_figure("hit fitter timeline", (9.5, 2.2))   # each drawn on again at the next change
    timeline(hits=list(hits), fit=fit, ax=ax)
    fig2, ax2 = kept_figure("hit fitter errors", (9.5, 2.2))
    fit_plot(fit, ax=ax2)
    html = (f"<div><b>{escape(fit.summary())}</b>{player.result() if player else ''}"
            f'<pre style="font-size:0.8em">{escape(fit.table())}\n\n{escape(fit.ranking())}</pre>'
            f"{figure_png(fig, alt=timeline_alt(hits, fit=fit))}{figure_png(fig2, alt=fit_plot_alt(fit))}</div>")
    return fit, html


def _fit_player(fit: "TempoFit") -> str:
    """A player: stabs on a fit's beats, its click (a bar of warning) and a thud on each hit."""
    cue = sketch_cue(fit.bpm, beats=max(fit.beats) + 3, hits=fit.beats, key="D minor", name="stabs on the grid")
    samples, sr = render_excerpt(cue, click=True, warning=4, thuds=list(fit.hits))
    return (audio_tag(samples, sr, label="stabs, click and thuds") +
            '<span style="font-size:0.85em;color:#555"> stabs on the fitted beats, the click, a thud on each hit</span>')


def hit_fitter(hits: "Sequence[float]" = (0.0, 4.0, 9.5, 15.25), *, bpm_range: tuple[float, float] = (60, 180),
               fps: float = 24) -> "ipywidgets.VBox":
    """A panel to move hit points and see at once the tempo that fits them, each hit's error in
    frames, the beat grid on a timeline, and how well every other tempo would do.

    Lesson: lessons/06_sync.ipynb
    """
    import ipywidgets as w

    style = {"description_width": "70px"}
    sliders = [w.FloatSlider(value=float(h), min=0.0, max=30.0, step=0.05, description=f"hit {i} (s)",
                             continuous_update=False, style=style, readout_format=".2f")
               for i, h in enumerate(hits, 1)]
    rng = w.IntRangeSlider(value=[int(bpm_range[0]), int(bpm_range[1])], min=40, max=240, step=1,
                           description="tempos", continuous_update=False, style=style)
    sub = w.Dropdown(options=list(SUBDIVISIONS), value="beats", description="hits on", style=style)
    hear = w.Button(description="hear it", tooltip="stabs on the fitted beats, the click, a thud on each hit")
    player = w.HTML()
    view = w.HTML()
    state = {"fit": None}

    def update(_=None):
        try:
            fit, html = hit_fitter_view([s.value for s in sliders], bpm_range=tuple(rng.value),
                                        subdivision=SUBDIVISIONS[sub.value], fps=fps, sound=False)
            state["fit"] = fit
            view.value = html
            player.value = ""
        except ScoringError as exc:
            view.value = error_html(exc)

    def play(_=None):
        if state["fit"] is not None:
            player.value = _fit_player(state["fit"])

    for control in sliders + [rng, sub]:
        control.observe(answer(update), names="value")
    hear.on_click(answer(play))
    update()
    return panel_box("Hit fitter", [w.HBox([w.VBox(sliders), w.VBox([rng, sub, hear])]), player, view])
