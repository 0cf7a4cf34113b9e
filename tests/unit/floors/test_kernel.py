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


@glibc
def test_after_a_cell_the_renders_let_go_of_the_work_they_kept_for_a_panel(shell, monkeypatch):
    from scoring.render import dsp

    monkeypatch.setattr(kernel, "give_back", lambda: True)
    render_events([NoteEvent(0.0, 0.5, 60, 90, 0)])      # registers the callback; the room keeps its arrays
    assert dsp._work._kept and dsp._room_half_filters.cache_info().currsize > 0
    render_events([NoteEvent(0.0, 0.5, 64, 90, 0)])      # as a panel's answer would: kept between renders
    assert dsp._work._kept
    shell.run_cell("x = 1")
    assert not dsp._work._kept and dsp._room_half_filters.cache_info().currsize == 0
    y, _ = render_events([NoteEvent(0.0, 0.5, 60, 90, 0)])   # made again, the same sound
    assert np.array_equal(y, render_events([NoteEvent(0.0, 0.5, 60, 90, 0)])[0])


def test_work_lent_to_a_render_is_not_let_go():
    from scoring.render.dsp import WorkArrays

    arrays = WorkArrays(most=1000)
    with arrays.lent():
        a = arrays.get("x", (10,))
        arrays.forget()                                   # another thread's cell ends meanwhile
        assert arrays.get("x", (10,)) is not None and np.shares_memory(a, arrays.get("x", (10,)))
    arrays.forget()
    assert not arrays._kept


@glibc
def test_a_forgetter_that_fails_is_dropped_with_a_warning_and_the_cell_goes_on(shell, monkeypatch):
    calls = []
    monkeypatch.setattr(kernel, "give_back", lambda: calls.append(1) or True)
    monkeypatch.setattr(kernel, "_forgetting", [])
    kernel.forget_after_each_cell(lambda: 1 / 0)
    assert kernel.after_each_cell() is True
    with pytest.warns(RuntimeWarning, match="ZeroDivisionError"):
        shell.run_cell("x = 1")
    shell.run_cell("x = 2")
    assert calls == [1, 1] and kernel._forgetting == []
    with pytest.raises(kernel.ScoringError, match="function of no arguments"):
        kernel.forget_after_each_cell(None)


def test_work_arrays_are_not_kept_alive_for_the_cells_end(monkeypatch):
    import gc
    import weakref

    from scoring.render.dsp import WorkArrays

    monkeypatch.setattr(kernel, "_forgetting", [])
    arrays = WorkArrays(most=1000)
    gone = weakref.ref(arrays)
    assert len(kernel._forgetting) == 1
    del arrays
    gc.collect()
    assert gone() is None
    kernel._after_cell()                                  # the dead one is dropped, nothing fails
    assert kernel._forgetting == []
