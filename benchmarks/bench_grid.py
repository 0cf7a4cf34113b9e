"""How fast the scoring grid answers an edit: the time from a change of its notes arriving from the
browser (``set_state``, as a click or a drag sends it) to the new sound being ready to send back,
for a short cue and for a long one, with the sound sent as MP3 and as WAV; what part of it the
encoder takes; how long the stills of the animatic take; and how large the front end is.

Run: .venv/bin/python benchmarks/bench_grid.py [edits per case]   (prints figures; not a test)
"""
from __future__ import annotations

import gzip
import os
import statistics
import sys
import time
from pathlib import Path

TARGET_MS = 150


def cases():
    """(name, spotted cue, cue): 8 s in three layers on the kitchen scene; 51 s in six on the chase."""
    from scoring import Motif
    from scoring.harmony import harmonize
    from scoring.scene import load_scene, spot

    kitchen = load_scene("kitchen_dialogue")
    short = harmonize(Motif.parse("4/4 d'4 f' a' d''2 c''4 a' b'-2 a'4 g' f'1", name="Kitchen", key="D minor",
                                  tempo=120, instrument="Flute"))
    chase = load_scene("chase")
    run = spot(chase, [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    engine = Motif.parse("4/4 D8 D F D G D F E", key="D minor", instrument="Cello")
    juno = Motif.parse("4/4 a4. d'8 d'4 e' f'2 e'4 c' d'1", key="D minor", instrument="French Horn")
    night = run.sketch(run.fit(subdivision=2), pulse=engine, melody=juno, melody_at=(17, 29, 61, 73, 117),
                       chords=["i", "i", "VI", "VII"], key="D minor", breath=2)
    return [("8 s, 3 layers", spot(kitchen, [("05:00:00:00", "05:00:08:00", "Kitchen")]).cues[0], short),
            ("51 s, 6 layers", run, night)]


def edits(grid, n: int) -> tuple[list[float], list[float]]:
    """Milliseconds from each of ``n`` one-note edits (a semitone up) to its sound being ready: the
    wall time, and the processor time the kernel spent (what the edit costs on a core of its own)."""
    out, cpu = [], []
    for k in range(n):
        rows = [list(r) for r in grid.notes]
        i = k * 7 % len(rows)
        lo, hi = grid.layers[rows[i][0]]["lo"], grid.layers[rows[i][0]]["hi"]
        rows[i][1] = rows[i][1] + 1 if rows[i][1] < hi else lo
        c = time.process_time()
        grid.set_state({"notes": rows})
        cpu.append((time.process_time() - c) * 1000)
        out.append(grid.latency_ms)
    return out, cpu


def main() -> None:
    from scoring.panels.grid import AUDIO_RATE, ScoringGrid
    from scoring.render.files import mp3_bytes
    from scoring.render.synth import synth_name

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print(f"synth: {synth_name()}; sound at {AUDIO_RATE} Hz mono; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores; median of {n} edits (target {TARGET_MS} ms)")
    for name, spot, cue in cases():
        for sound in ("mp3", "wav"):
            grid = ScoringGrid(spot, cue=cue, sound=sound)
            grid._live = True                            # as when a view has said hello
            grid.render_audio()
            ms, cpu = edits(grid, n)
            median = statistics.median(ms)
            print(f"{name:15} {sound}: edit to sound {median:6.0f} ms (slowest {max(ms):.0f}; processor "
                  f"{statistics.median(cpu):.0f} ms), {len(grid.audio) / 1024:5.0f} KiB sent, "
                  f"{'within' if median <= TARGET_MS else 'over'} the target")
        y = grid.cue.to_audio(sample_rate=AUDIO_RATE)[0].mean(axis=1)
        t, c = time.perf_counter(), time.process_time()
        mp3_bytes(y, AUDIO_RATE)
        print(f"{name:15} of which the MP3 encoder takes {(time.perf_counter() - t) * 1000:.0f} ms "
              f"(processor {(time.process_time() - c) * 1000:.0f} ms)")
        t = time.perf_counter()
        grid._make_frames()
        size = sum(len(f[1]) for f in grid.frames)
        print(f"{name:15} stills: {len(grid.frames)} in {(time.perf_counter() - t) * 1000:.0f} ms, "
              f"{size / 1024:.0f} KiB")
    js = (Path(__file__).resolve().parent.parent / "scoring" / "panels" / "grid.js").read_bytes()
    print(f"front end grid.js: {len(js) / 1024:.1f} KiB ({len(gzip.compress(js)) / 1024:.1f} KiB gzipped)")


if __name__ == "__main__":
    main()
