"""Lesson 04's panel: the arc editor (stack transforms on each beat of a theme's arc).

Lesson: lessons/04_motif_evolution.ipynb
"""
from __future__ import annotations

from typing import Sequence

from scoring.arc import STEPS, Arc
from scoring.core.motif import Motif  # noqa: F401  (the docstring examples use it)
from scoring.core.view import svg
from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.render.html import audio_tag, escape, img_tag

__all__ = ["EXAMPLE_ARGUMENTS", "arc_edit", "arc_editor"]

#: What the arguments box offers when a transform is picked: a setting that works, to edit.
EXAMPLE_ARGUMENTS: dict[str, str] = {
    "transpose": "5", "octave": "1", "invert": "", "retrograde": "", "retrograde_inversion": "", "augment": "2",
    "diminish": "2", "to_mode": "'minor'", "fragment": "0, 3", "sequence": "[2, 4]", "expand_intervals": "1.5",
    "with_tempo": "60", "with_instrument": "'Cello'", "with_dynamics": "'pp'", "harmonize": "",
    "apply_palette": "'elegy'"}


def arc_edit(arc: Arc, number: int, steps: Sequence[str]) -> tuple[Arc, str]:
    """What the arc editor plays after an edit: the arc with beat ``number`` made by ``steps``
    (texts like ``"augment(2)"``), and that beat's line of :meth:`~scoring.arc.Arc.explain`.

    Examples
    --------
    >>> from scoring.arc import Arc
    >>> arc = Arc(Motif.parse("4/4 c4 e g c'2", key="C major")).then("defeat", "to_mode('minor')")
    >>> new, line = arc_edit(arc, 1, ["to_mode('minor')", "augment(2)", "with_instrument('Cello')"])
    >>> line
    "beat 1 (defeat): to_mode('minor'), augment(2), with_instrument('Cello')"

    Lesson: lessons/04_motif_evolution.ipynb
    """
    if not isinstance(arc, Arc):
        raise ScoringError(f"arc_edit() edits an Arc, not {type(arc).__name__}; build one with Arc(theme).then(...)")
    if not isinstance(steps, (list, tuple)):
        raise ScoringError(f"steps={steps!r}: give a list of steps, like [\"to_mode('minor')\", \"augment(2)\"]")
    new = arc.with_beat(number, *steps)
    return new, new.describe(number)


def arc_editor(arc: Arc) -> "ipywidgets.VBox":
    """The arc editor: pick a beat, stack transforms on it (or take the last one off), hear the beat
    at once, and hear and see the whole arc when you ask for it.

    Examples
    --------
    >>> from scoring.arc import Arc
    >>> panel = arc_editor(Arc(Motif.parse("4/4 c4 e g c'2", key="C major")).then("call"))
    >>> panel.children[2].value
    '<code>beat 1 (call): as written</code>'

    Lesson: lessons/04_motif_evolution.ipynb
    """
    import ipywidgets as w

    if not isinstance(arc, Arc):
        raise ScoringError(f"arc_editor() edits an Arc, not {type(arc).__name__}; build one with Arc(theme).then(...)")
    if not len(arc):
        raise ScoringError("the arc has no beats yet; add some with .then('label', ...) before editing it")
    style = {"description_width": "70px"}
    state = {"arc": arc}
    beat = w.Dropdown(options=[(f"{k} {b.label}", k) for k, b in enumerate(arc.beats, 1)], value=1,
                      description="beat", style=style)
    method = w.Dropdown(options=STEPS, value="to_mode", description="transform", style=style)
    args = w.Text(value="'minor'", description="arguments", placeholder="e.g. 2 or 'minor'", style=style)
    add = w.Button(description="add step", button_style="primary")
    undo = w.Button(description="remove last")
    reset = w.Button(description="reset beat")
    whole = w.Button(description="hear the whole arc", button_style="info")
    line, beat_view, arc_view = w.HTML(), w.HTML(), w.HTML()

    def steps_of(k):
        return [str(s) for s in state["arc"].beats[k - 1].steps]

    def show_beat(_=None):
        k = beat.value
        b = state["arc"].beats[k - 1]
        line.value = f"<code>{escape(state['arc'].describe(k))}</code>"
        beat_view.value = (img_tag(svg(b.music, width=1000), alt=b.music.alt_text()) + "<br>" +
                           audio_tag(*b.music.to_audio(), label=b.music.listen_text()))

    def edit(steps):
        try:
            state["arc"], text = arc_edit(state["arc"], beat.value, steps)
        except ScoringError as exc:
            line.value = error_html(escape(exc))
            return
        arc_view.value = ""
        show_beat()

    def offer_example(_=None):
        args.value = EXAMPLE_ARGUMENTS.get(method.value, "")

    method.observe(offer_example, names="value")
    add.on_click(answer(lambda _: edit(steps_of(beat.value) + [f"{method.value}({args.value})"])))
    undo.on_click(answer(lambda _: edit(steps_of(beat.value)[:-1])))
    reset.on_click(answer(lambda _: edit([str(s) for s in arc.beats[beat.value - 1].steps])))

    def hear_whole(_=None):
        try:
            arc_view.value = state["arc"].show().html
        except ScoringError as exc:
            line.value = error_html(escape(exc))

    whole.on_click(answer(hear_whole))
    beat.observe(answer(show_beat), names="value")
    show_beat()
    return panel_box("Arc editor", [w.HBox([beat, method, args]), w.HBox([add, undo, reset, whole]), line, beat_view, arc_view])
