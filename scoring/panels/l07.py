"""Lesson 07's panel: the scene scorer (tempo, subdivision, tension, dialogue and breath for a spotted cue).

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import numbers
from typing import Sequence

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.panels.controls import SUBDIVISIONS, answer, error_html, panel_box
from scoring.render.background import alongside
from scoring.render.html import audio_tag, card, escape, figure_png, kept_figure
from scoring.scene import ScoreCheck, SpotCue, Spotting, check_score
from scoring.sync import TempoFit, render_excerpt
from scoring.sync_view import timeline, timeline_alt

__all__ = ["scene_scorer_result", "scene_scorer"]


def scene_scorer_result(spot: SpotCue, *, pulse: Motif, melody: Motif | None = None,
                        melody_at: Sequence[float] = (1,), chords: Sequence[str] = ("i",), key: str = "D minor",
                        stab: str = "Brass Section", rank: int = 1, subdivision: int = 1, shape: bool = True,
                        thin_dialogue: bool = True, breath: float = 0.0) -> tuple[TempoFit, Cue, ScoreCheck]:
    """What the scene scorer plays for its settings: the ``rank``-th best tempo for the spot's hits,
    the cue sketched on it, and the capstone checker's verdict. Returns ``(fit, cue, feedback)``.

    Examples
    --------
    >>> from scoring.scene import load_scene, spot as spot_scene
    >>> cue_spot = spot_scene(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> pulse = Motif.parse("4/4 D8 D F D G D F E", instrument="Cello")
    >>> fit, cue, feedback = scene_scorer_result(cue_spot, pulse=pulse, subdivision=2)
    >>> fit.bpm, cue.tempo
    (150.0, 150.0)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    fit, cue = _sketched(spot, pulse=pulse, melody=melody, melody_at=melody_at, chords=chords, key=key, stab=stab,
                         rank=rank, subdivision=subdivision, shape=shape, thin_dialogue=thin_dialogue, breath=breath)
    return fit, cue, check_score(spot.with_music(cue), spot.scene)


def _sketched(spot: SpotCue, *, rank: int, subdivision: int, **sketch) -> tuple[TempoFit, Cue]:
    """The ``rank``-th best tempo for the spot's hits and the cue sketched on it."""
    best = spot.fit(subdivision=subdivision)
    choices = (best,) + best.alternatives
    if isinstance(rank, bool) or not isinstance(rank, numbers.Integral) or not 1 <= rank <= len(choices):
        raise ScoringError(f"rank {rank}: choose 1-{len(choices)}")
    fit = choices[rank - 1]
    return fit, spot.sketch(fit, **sketch)


def scene_scorer(spot: SpotCue, *, pulse: Motif, melody: Motif | None = None, melody_at: Sequence[float] = (1,),
                 chords: Sequence[str] = ("i",), key: str = "D minor", stab: str = "Brass Section") -> "ipywidgets.VBox":
    """A mock-up panel for a spotted cue (the cue itself is written: see the scoring grid,
    :class:`scoring.panels.grid.ScoringGrid`): pick the tempo (best fits first), the hit subdivision,
    whether the music follows the scene's tension, yields to dialogue and breathes before the
    climax; see the timeline, read the checker, hear 8 seconds around any hit with the click.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    import ipywidgets as w

    style = {"description_width": "90px"}
    sub = w.Dropdown(options=list(SUBDIVISIONS)[:2], value="beats", description="hits on", style=style)
    rank = w.Dropdown(description="tempo", style=style)
    shape = w.Checkbox(value=True, description="follow the scene's tension")
    thin = w.Checkbox(value=True, description="yield to dialogue")
    breath = w.IntSlider(value=0, min=0, max=4, description="breath (beats)", style=style, continuous_update=False)
    labels = {f"{h.label} ({spot.scene.tc(h.at)})": h.at for h in spot.scene.hits if spot.start <= h.at <= spot.end}
    around = w.Dropdown(options=list(labels), description="hear around", style=style)
    view = w.HTML()

    def tempos():
        best = spot.fit(subdivision=SUBDIVISIONS[sub.value])
        rank.options = [(f"{f.bpm:g} BPM (worst {f.worst:.1f} fr)", i) for i, f in
                        enumerate((best,) + best.alternatives, 1)]
        rank.value = 1

    state = {"busy": False}

    def update(_=None):
        if state["busy"]:
            return
        try:
            settings = (rank.value or 1, SUBDIVISIONS[sub.value], shape.value, thin.value, breath.value)
            if state.get("settings") != settings:  # hearing around another hit keeps the cue and its verdict
                state["sketch"] = _sketched(
                    spot, pulse=pulse, melody=melody, melody_at=melody_at, chords=chords, key=key, stab=stab,
                    rank=settings[0], subdivision=settings[1], shape=settings[2], thin_dialogue=settings[3],
                    breath=settings[4])
                state["settings"], state["feedback"], state["plot"] = settings, None, None
            fit, cue = state["sketch"]
            at = labels[around.value] - spot.start
            a, b = max(0.0, at - 4.0), min(cue.duration_seconds, at + 4.0)
            label = f"{cue.name}, {b - a:.0f} s around the hit, with click"
            # the excerpt renders and encodes on the sound thread while the cue is checked and drawn
            player = alongside(lambda: audio_tag(*render_excerpt(cue, start=a, end=b, click=True, thuds=[at]),
                                                 label=label))
            if state["feedback"] is None:
                state["feedback"] = check_score(spot.with_music(cue), spot.scene)
            feedback = state["feedback"]
            if state["plot"] is None:       # the timeline shows the whole cue: the same for any hit heard
                fig, ax = kept_figure("scene scorer", (9.5, 3.2))  # drawn on again at the next change
                timeline(spot.scene, spotting=Spotting(spot.scene, (spot,)), fit=fit, music=cue,
                         music_start=spot.start, tension=True, ax=ax)
                state["plot"] = figure_png(fig, alt=timeline_alt(spot.hits, fit=fit))
            view.value = feedback._repr_html_() + card(cue.name, player=player.result(), summary=cue.summary(),
                                                       extra=state["plot"])
        except ScoringError as exc:
            view.value = error_html(escape(exc))

    def resub(_=None):
        state["busy"] = True
        try:
            tempos()
        finally:
            state["busy"] = False
        update()

    tempos()
    sub.observe(answer(resub), names="value")
    for control in (rank, shape, thin, breath, around):
        control.observe(answer(update), names="value")
    update()
    return panel_box("Scene scorer", [w.HBox([w.VBox([sub, rank, breath, around]), w.VBox([shape, thin])]), view])
