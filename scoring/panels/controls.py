"""What every lesson's panel shares: the box a panel lives in, how it answers a student's change,
the way it shows an error, and the hit subdivisions the sync panels offer.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from scoring.errors import ScoringError
from scoring.render.html import answering

__all__ = ["SUBDIVISIONS", "panel_box", "error_html", "answer"]

#: The grid a hit may land on, for the sync panels' "hits on" menu: name -> subdivisions of a beat.
SUBDIVISIONS = {"beats": 1, "eighths": 2, "triplets": 3, "sixteenths": 4}


def panel_box(title: str, children):
    """A panel (a VBox) whose text form says what it is, so a saved notebook shows a sentence, not a
    widget tree, where the panel cannot run.

    Examples
    --------
    >>> panel_box("Motif explorer", [])
    Motif explorer: an interactive panel; run this cell in JupyterLab to use it

    Lesson: lessons/00_first_motif.ipynb
    """
    import ipywidgets as w

    class Panel(w.VBox):
        def __repr__(self) -> str:
            return f"{title}: an interactive panel; run this cell in JupyterLab to use it"

    return Panel(children)


def answer(respond: Callable[..., object]) -> Callable[..., object]:
    """``respond`` as a panel's answer to a student's change (a control's observer or a button's
    click): its players carry the panel sound, lossless and quick to make
    (:func:`~scoring.render.html.answering`). A panel's first view, the one a lesson saves, is made
    outside it and stays MP3.

    Examples
    --------
    >>> import numpy as np
    >>> from scoring.render.html import audio_tag
    >>> heard = answer(lambda _=None: audio_tag(np.zeros(4410)))
    >>> heard().count("audio/flac"), audio_tag(np.zeros(4410)).count("audio/flac")
    (1, 0)

    Lesson: lessons/00_first_motif.ipynb
    """
    if not callable(respond):
        raise ScoringError(f"answer() takes the function that answers a change, like update, "
                           f"not {type(respond).__name__}")

    @wraps(respond)
    def answered(*args, **kwargs):
        with answering():
            return respond(*args, **kwargs)

    return answered


def error_html(message) -> str:
    """How a panel shows what went wrong with its settings: the message in the course's warning colour
    (``message`` is shown as given; escape it first if it may hold markup).

    Examples
    --------
    >>> error_html("every slot is empty")
    '<span style="color:#a4461b">every slot is empty</span>'

    Lesson: lessons/00_first_motif.ipynb
    """
    return f'<span style="color:#a4461b">{message}</span>'
