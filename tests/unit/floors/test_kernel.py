"""The kernel gives back freed memory after each cell (scoring.render.kernel)."""
from __future__ import annotations

import numpy as np
import pytest

from scoring.render import kernel
from scoring.render.synth import NoteEvent, render_events

glibc = pytest.mark.skipif(kernel._trim() is None, reason="this C library has no malloc_trim")


def _resident_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


@glibc
def test_give_back_returns_the_holes_freed_arrays_leave_in_the_heap():
    arrays = [np.ones(12_000) for _ in range(800)]  # 96 KB each: under malloc's mmap threshold, in its heap
    del arrays[::2]                                   # 400 holes of 96 KB between arrays still in use
    before = _resident_mb()
    assert kernel.give_back() is True
    after = _resident_mb()
    assert before - after > 20, f"{before:.0f} MB resident before, {after:.0f} MB after: about 37 MB were free"
    assert all(float(a[-1]) == 1.0 for a in arrays)  # what is still in use is untouched


@pytest.fixture
def shell(monkeypatch):
    """A fresh IPython shell as the running one, and the module's one-time state cleared."""
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setattr(kernel, "_state", {})
    sh = InteractiveShell.instance()
    yield sh
    for callback in list(sh.events.callbacks["post_run_cell"]):
        if callback is kernel._after_cell:
            sh.events.unregister("post_run_cell", callback)
    InteractiveShell.clear_instance()


@glibc
def test_the_first_sound_in_a_kernel_has_it_give_memory_back_after_each_cell(shell, monkeypatch):
    calls = []
    monkeypatch.setattr(kernel, "give_back", lambda: calls.append(1) or True)
    shell.run_cell("x = 1")
    assert calls == []                                # nothing registered before the first sound
    render_events([NoteEvent(0.0, 0.2, 60, 90, 0)])
    shell.run_cell("x = 2")
    render_events([NoteEvent(0.0, 0.2, 64, 90, 0)])   # a second sound registers nothing more
    shell.run_cell("x = 3")
    assert calls == [1, 1]
    assert kernel.after_each_cell() is True


def test_outside_ipython_nothing_is_registered(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    if InteractiveShell.initialized():
        pytest.skip("an IPython shell runs this test")
    monkeypatch.setattr(kernel, "_state", {})
    assert kernel.after_each_cell() is False
    assert kernel._state["shell"] is None


def test_without_malloc_trim_nothing_is_given_back_or_registered(shell, monkeypatch):
    monkeypatch.setattr(kernel, "_state", {"trim": None})
    assert kernel.give_back() is False
    assert kernel.after_each_cell() is False
    assert kernel._after_cell not in shell.events.callbacks["post_run_cell"]
