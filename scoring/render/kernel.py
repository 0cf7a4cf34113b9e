"""The notebook kernel gives back the memory its renders freed, after each cell.

Sound, pictures and video are made in arrays of megabytes. When they are freed, the C library's
allocator (glibc's malloc on Linux) keeps the memory for the process instead of returning it to
the system, scattered between arrays still in use. A kernel that ran a lesson then holds tens of
megabytes it no longer uses, on a hub where many students' kernels share one machine.

After each cell, the work the renders keep for a panel's next answer (work arrays, a room's
spectra, see :func:`forget_after_each_cell`) is let go, and :func:`give_back` asks the allocator
to return every whole free page (``malloc_trim``). The music and its caches are untouched, and
widget callbacks (a panel's answers) are not cells, so a panel answers as fast as before; a
cell's next render makes its work arrays again (page faults: about a millisecond for 10 MB).
Nothing is given back outside IPython, or where the C library has no ``malloc_trim`` (macOS,
Windows, musl).

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import ctypes
import sys
import threading
import types
import warnings
import weakref
from typing import Callable

from scoring.errors import ScoringError

__all__ = ["give_back", "after_each_cell", "forget_after_each_cell"]

_state: dict[str, object] = {}
_lock = threading.Lock()
#: What is let go after each cell, before the memory is given back: a method through a weak reference
#: (its object is not kept alive for it), any other function as it is.
_forgetting: list = []


def forget_after_each_cell(forget: Callable[[], object]) -> None:
    """Have ``forget()`` called after each cell a kernel runs (see :func:`after_each_cell`), before
    the memory is given back: for work kept between a panel's answers that a cell's next render
    can make again. It must be quick, safe to call at any time, and raise nothing. A method is
    held weakly: once its object is gone, it is no longer called.

    Examples
    --------
    >>> kept = {"work": bytearray(1 << 20)}
    >>> forget_after_each_cell(kept.clear)

    Lesson: lessons/00_first_motif.ipynb
    """
    if not callable(forget):
        raise ScoringError(f"forget_after_each_cell() takes a function of no arguments, like cache.clear, "
                           f"not {type(forget).__name__}")
    with _lock:
        _forgetting.append(weakref.WeakMethod(forget) if isinstance(forget, types.MethodType) else forget)


def _trim():
    """glibc's ``malloc_trim`` as a typed C function, or None where the C library has none."""
    if "trim" not in _state:
        trim = None
        try:  # the C library the process already runs on (no search for it: no subprocess)
            trim = ctypes.CDLL(None).malloc_trim
            trim.restype, trim.argtypes = ctypes.c_int, [ctypes.c_size_t]
        except (OSError, AttributeError, TypeError):  # no such library handle, or no malloc_trim in it
            trim = None
        _state["trim"] = trim
    return _state["trim"]


def give_back() -> bool:
    """Return the process's free memory to the system, now: whether the allocator gave any back
    (False where the C library cannot, see the module's text).

    Examples
    --------
    >>> import numpy as np
    >>> arrays = [np.ones(12_000) for _ in range(400)]   # 96 KB each: in the allocator's heap
    >>> del arrays[::2]                                   # every other one freed: holes in the heap
    >>> give_back() in (True, False)
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    trim = _trim()
    return bool(trim(0)) if trim is not None else False


def after_each_cell() -> bool:
    """Have the running IPython kernel call :func:`give_back` after each cell it runs (once per
    kernel; later calls do nothing). Whether a kernel now does so: False outside IPython, or where
    the C library cannot give memory back. The package calls it when it first makes sound.

    Examples
    --------
    >>> after_each_cell() in (True, False)
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    with _lock:
        if "shell" in _state:
            return _state["shell"] is not None
        _state["shell"] = None
        if _trim() is None:
            return False
        ipython = sys.modules.get("IPython")  # a kernel has imported it; a script need not load it
        shell = ipython.get_ipython() if ipython is not None else None
        if shell is None:
            return False
        shell.events.register("post_run_cell", _after_cell)
        _state["shell"] = shell
        return True


def _after_cell(result=None) -> None:
    """IPython's ``post_run_cell`` callback (it passes the cell's result)."""
    with _lock:
        forgetting = list(_forgetting)
    for held in forgetting:
        forget = held() if isinstance(held, weakref.WeakMethod) else held
        try:
            if forget is not None:
                forget()
        except Exception as exc:  # noqa: BLE001 - a cell's memory hygiene never breaks the next cell
            warnings.warn(f"{forget!r} failed after a cell ({exc!r}) and is not called again", RuntimeWarning,
                          stacklevel=2)
            forget = None
        if forget is None:          # its object is gone, or it failed
            with _lock:
                _forgetting.remove(held)
    give_back()
