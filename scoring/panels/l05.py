"""Lesson 05's panel: the silence editor (drop out, duck or thin a span of a cue under the dialogue).

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

import html

from scoring.core.cue import as_cue
from scoring.core.motif import Motif  # noqa: F401  (the docstring examples use it)
from scoring.errors import ScoringError
from scoring.panels.controls import answer, error_html, panel_box
from scoring.silence import drop_out, duck_under, line_label, masked_lines, profile_line, thin
from scoring.silence_view import silence_html

__all__ = ["SILENCE_ACTIONS", "silence_edit", "silence_editor"]


SILENCE_ACTIONS = ("drop out", "duck", "thin")


def silence_edit(cue, *, start: float, end: float, layers: str | tuple | list = (), action: str = "drop out",
                 name: str = "cue") -> tuple:
    """What the silence editor plays: ``cue`` with one edit from ``start`` to ``end`` seconds on the
    chosen ``layers`` (none named: every layer; for ``"thin"``, every layer but the melody), and the
    code that makes it.

    ``action`` is ``"drop out"`` (the layers fall silent), ``"duck"`` (they play pp) or ``"thin"``
    (they keep one onset in two).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'", name="Hero", tempo=60)
    >>> new, code = silence_edit(hero, start=1.0, end=3.0, name="hero")
    >>> code, [c.is_rest for c in new.layers[0].chords]
    ('drop_out(hero, 1, 3)', [False, True, False])

    Lesson: lessons/05_silence.ipynb
    """
    chosen = [layers] if isinstance(layers, str) else list(layers)
    kw = f", layers={chosen!r}" if chosen else ""
    if action == "drop out":
        return drop_out(cue, start, end, layers=chosen or None), f"drop_out({name}, {start:g}, {end:g}{kw})"
    if action == "duck":
        return (duck_under(cue, [(start, end)], layers=chosen or None),
                f"duck_under({name}, [({start:g}, {end:g})]{kw})")
    if action == "thin":
        return (thin(cue, start=start, end=end, layers=chosen or None),
                f"thin({name}, start={start:g}, end={end:g}{kw})")
    raise ScoringError(f"unknown action {action!r}; choose one of {', '.join(SILENCE_ACTIONS)}")


def silence_editor(cue, *, scene=None, name: str = "cue") -> "ipywidgets.VBox":  # noqa: F821
    """The silence editor: choose a span, the layers and what they do there (drop out, duck, thin);
    hear the cue against the scene's dialogue and watch the silence map and density curve follow.

    Lesson: lessons/05_silence.ipynb
    """
    import ipywidgets as w

    cue = as_cue(cue)
    lines = tuple(scene.dialogue) if scene is not None else ()
    total = max(cue.duration_seconds, scene.duration if scene is not None else 0.0)
    first = (lines[0].start, lines[0].end) if lines else (total / 3, 2 * total / 3)
    style = {"description_width": "60px"}
    span = w.FloatRangeSlider(value=first, min=0.0, max=round(total, 2), step=0.25, description="span (s)",
                              continuous_update=False, readout_format=".2f", style=style,
                              layout=w.Layout(width="520px"))
    action = w.ToggleButtons(options=SILENCE_ACTIONS, value="drop out", description="action", style=style)
    boxes = [w.Checkbox(value=True, description=l.role, indent=False, layout=w.Layout(width="auto"))
             for l in cue.layers]
    code, numbers, view = w.HTML(), w.HTML(), w.HTML()

    def update(_=None):
        chosen = [b.description for b in boxes if b.value]
        if not chosen:
            code.value = error_html("tick at least one layer")
            return
        every = len(chosen) == len(boxes) and action.value != "thin"
        try:
            new, text = silence_edit(cue, start=span.value[0], end=span.value[1], layers=() if every else chosen,
                                     action=action.value, name=name)
        except ScoringError as exc:
            code.value = error_html(html.escape(str(exc)))
            return
        code.value = f"<code>{html.escape(text)}</code>"
        still = [f"{line_label(m.line)} ({m.level_db:+.0f} dB against the voice)" for m in masked_lines(new, scene)] \
            if scene is not None else []
        cover = ("<br>still masked: " + "; ".join(map(html.escape, still))) if still else \
            ("<br>every line is clear" if scene is not None else "")
        numbers.value = f'<span style="font-family:monospace">{html.escape(profile_line(new, scene=scene))}</span>{cover}'
        view.value = silence_html(new, scene=scene).html

    for control in [span, action] + boxes:
        control.observe(answer(update), names="value")
    update()
    return panel_box("Silence editor", [span, action, w.HBox([w.Label("layers:")] + boxes), code, numbers, view])
