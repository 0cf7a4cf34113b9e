"""How much the sound thread slows while the notebook draws: a panel renders its sound on a second
thread (:meth:`scoring.core.music.Music.start_player`) while the kernel's own thread lays out the
plot and engraves the notes. FluidSynth renders in one call that lets go of Python's lock; the
room, the limiter and the encoder after it are many NumPy calls, and each of those gives the
lock up and must wait to get it back while the other thread runs Python (up to Python's switch
interval, 5 ms, per call). This prints the sound lane of the tension builder's first cue (lesson
02) step by step, alone and beside a thread that runs Python until it ends, and the ratio; then
one NumPy call alone and beside it, to show the wait per call.

Run: .venv/bin/python benchmarks/bench_sound_thread.py [rounds]
(prints figures; not a test)
"""
from __future__ import annotations

import statistics
import sys
import threading
import time


def busy(thread: threading.Thread, *, most: float = 5.0) -> None:
    """Run Python (no NumPy, no I/O), as drawing a plot does, until ``thread`` ends (at most ``most`` s)."""
    until = time.perf_counter() + most
    while thread.is_alive() and time.perf_counter() < until:
        sum(range(100))


def beside_python(work, *, python: bool) -> float:
    """Milliseconds ``work()`` takes on a second thread, alone or while this thread runs Python."""
    done: list[float] = []
    thread = threading.Thread(target=lambda: (work(), done.append(time.perf_counter())))
    start = time.perf_counter()
    thread.start()
    if python:
        busy(thread)
    thread.join()
    return (done[0] - start) * 1000


def main(rounds: int = 3) -> None:
    import numpy as np

    from scoring.panels.l02 import DEFAULT_PLAN, tension_builder_cue
    from scoring.render import dsp, files, synth

    cue = tension_builder_cue(list(DEFAULT_PLAN))
    events = sorted(cue.events(), key=lambda e: (e.start, e.pitch))
    sr = dsp.SAMPLE_RATE
    frames = int(round((cue.duration_seconds + synth.TAIL_SECONDS) * sr))
    print(f"synth: {synth.synth_name()}; tension builder's first cue, {frames / sr:.1f} s of sound; "
          f"median of {rounds} rounds; Python's switch interval {sys.getswitchinterval() * 1000:.0f} ms")
    # beside Python or not: per round, the whole lane and each step
    times: dict[bool, list[list[float]]] = {False: [], True: []}

    def lane(into: list[float]) -> None:
        marks = [time.perf_counter()]
        with synth._lock:
            y = synth._render_fluidsynth(synth._fluidsynth(sr), events, frames, sr)
        marks.append(time.perf_counter())
        y = dsp.room(y, sr, in_place=True)
        marks.append(time.perf_counter())
        y = dsp.limit(y, in_place=True)
        marks.append(time.perf_counter())
        files.flac_bytes(y, sr)
        marks.append(time.perf_counter())
        into.extend((b - a) * 1000 for a, b in zip(marks, marks[1:]))

    lane([])   # once first: the soundfont loaded, the room's spectrum made
    for _ in range(rounds):
        for python in (False, True):
            parts: list[float] = []
            total = beside_python(lambda: lane(parts), python=python)
            times[python].append([total, *parts])
    print(f"{'step':12} {'alone ms':>9} {'beside Python ms':>17} {'ratio':>6}")
    for k, name in enumerate(("whole lane", "FluidSynth", "room", "limiter", "FLAC")):
        alone = statistics.median(r[k] for r in times[False])
        beside = statistics.median(r[k] for r in times[True])
        print(f"{name:12} {alone:9.1f} {beside:17.1f} {beside / alone:6.1f}")
    a = np.ones(1 << 18, dtype=np.float32)
    out = np.empty_like(a)
    calls = 40

    def adds() -> None:
        for _ in range(calls):
            np.add(a, a, out=out)

    alone = statistics.median(beside_python(adds, python=False) for _ in range(rounds)) / calls
    beside = statistics.median(beside_python(adds, python=True) for _ in range(rounds)) / calls
    print(f"one NumPy call (add, 2^18 floats): {alone:.2f} ms alone, {beside:.2f} ms beside Python "
          f"({beside / alone:.0f}x): the wait for the lock, per call")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
