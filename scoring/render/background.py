"""Sound made while Python draws: one worker thread for rendering and encoding.

NumPy's and SciPy's transforms and the MP3 encoder let go of Python's lock while they work, so a
display that starts its sound here and then engraves its notes or draws its plot waits only for
the slower of the two (FluidSynth keeps the lock through its calls, which are short: a thread
that lets it go waits to get it back). There is one such thread: two sounds never compete for
the second core, and sounds are made in the order asked for.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import contextvars
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

from scoring.errors import ScoringError

__all__ = ["alongside", "on_sound_thread"]

_THREAD_PREFIX = "scoring-audio"
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def alongside(work: Callable[[], object]) -> Future:
    """Start ``work()`` on the sound thread and return its future at once; ``future.result()``
    waits for it (and raises what it raised). The work runs in a copy of the caller's context
    (its context variables). Called from the sound thread itself, the work is
    done there and then (the one thread never waits on itself).

    Examples
    --------
    >>> import numpy as np
    >>> later = alongside(lambda: float(np.fft.rfft(np.ones(8))[0].real))
    >>> later.result()
    8.0

    Lesson: lessons/07_score_a_scene.ipynb
    """
    global _pool
    if not callable(work):
        raise ScoringError(f"alongside() takes a function of no arguments, like lambda: render(cue), "
                           f"not {type(work).__name__}")
    if on_sound_thread():
        done: Future = Future()
        try:
            done.set_result(work())
        except BaseException as exc:  # handed to whoever asks for the result, as the thread would
            done.set_exception(exc)
        return done
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=_THREAD_PREFIX)
        _quicken()   # from here, not from the thread: it takes Python's lock a few times before the work starts
        try:
            # in the asker's context: a panel's answer (scoring.render.html.answering) stays one on the sound thread
            return _pool.submit(contextvars.copy_context().run, _then_slow_back, work)
        except BaseException:
            _slow_back()
            raise


#: How soon (seconds) a thread running Python lets the sound thread have Python's lock back while
#: the sound thread works (Python's own default is 5 ms).
HANDOFF_SECONDS = 0.001


#: Work handed to the sound thread and not yet done, and the switch interval to set back after it.
_handoffs = {"pending": 0, "before": 0.005}
_handoffs_lock = threading.Lock()


def _quicken() -> None:
    """Python's switch interval at :data:`HANDOFF_SECONDS` from the moment work is handed to the
    sound thread (the first of the pending works keeps the interval it found, to set back)."""
    with _handoffs_lock:
        if _handoffs["pending"] == 0:
            _handoffs["before"] = sys.getswitchinterval()
            sys.setswitchinterval(min(_handoffs["before"], HANDOFF_SECONDS))
        _handoffs["pending"] += 1


def _slow_back() -> None:
    """One handed work done: the switch interval set back once none is pending."""
    with _handoffs_lock:
        _handoffs["pending"] -= 1
        if _handoffs["pending"] == 0:
            sys.setswitchinterval(_handoffs["before"])


def _then_slow_back(work: Callable[[], object]) -> object:
    """Run ``work()`` on the sound thread, handed over by :func:`alongside` with Python's switch
    interval at :data:`HANDOFF_SECONDS`, and set the interval back after it. The sound thread lets
    the lock go at every NumPy call on a long array, and each time waits for it while the notebook's
    thread draws: beside a drawing, the room of 17 s of music took 240 ms at Python's 5 ms a wait,
    172 ms at 1 ms (30 ms alone), and the drawing no longer than before. The interval is quick from
    the moment the work is handed over: the thread takes the lock a few times before the work
    starts, and waited up to 40 ms to begin while a plot was drawn."""
    try:
        return work()
    finally:
        _slow_back()


def on_sound_thread() -> bool:
    """Whether this code runs on the sound thread.

    Examples
    --------
    >>> on_sound_thread(), alongside(on_sound_thread).result()
    (False, True)

    Lesson: lessons/00_first_motif.ipynb
    """
    return threading.current_thread().name.startswith(_THREAD_PREFIX)
