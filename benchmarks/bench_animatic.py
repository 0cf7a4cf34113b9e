"""Render speed of the animatic (picture issue; target >= 10x real time): a scene drawn, its
soundtrack mixed, both encoded and muxed into the MP4 that a notebook embeds.

For the 60 s chase scene with two spotted cues and the dialogue murmur, and for the 8 s kitchen
scene with one cue, it prints the seconds of picture, the render time (median of a few runs, wall
clock and CPU of all threads), the multiple of real time and the MP4's size; then the floor under
it: PyAV alone encoding the same number of blank frames with the same H.264 settings (no drawing,
no sound), and the ratio of each render to its floor. The music is rendered once before the timing
(the synth's work, cached by the package as in a lesson); its first render is printed apart, and so
is the first animatic of the process (sprites and text not yet cached).

Run: .venv/bin/python benchmarks/bench_animatic.py [--repeat 3]   (prints figures; not a test)
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

TARGET = 10.0       # times real time
SIZE_KB = 600       # the embedded 60 s video


def timed(fn):
    """(result, wall seconds, CPU seconds of all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def floor(frames: int, fps: float, size: tuple[int, int], crf: int) -> tuple[float, float]:
    """(wall, CPU) seconds for PyAV to encode ``frames`` blank frames with the renderer's H.264 stream."""
    import av
    import numpy as np

    from scoring.render.picture import Animatic, _video_stream

    blank = av.VideoFrame.from_ndarray(np.zeros((size[1], size[0], 3), np.uint8)).reformat(format="yuv420p")
    picture = Animatic(fps=fps, size=size)

    def encode() -> None:
        with tempfile.TemporaryDirectory() as tmp, av.open(str(Path(tmp) / "blank.mp4"), "w", format="mp4") as box:
            video = _video_stream(box, picture, crf)
            for k in range(frames):
                blank.pts = k
                box.mux(video.encode(blank))
            box.mux(video.encode())

    _, wall, cpu = timed(encode)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (median)")
    args = parser.parse_args()

    from scoring import Motif
    from scoring.animatic import CRF, animatic
    from scoring.scene import load_scene, spot

    chase, kitchen = load_scene("chase"), load_scene("kitchen_dialogue")
    radio = Motif.parse("4/4 c'4 e' g' e'8 c'", tempo=120, name="Radio", instrument="Vibraphone")
    run = Motif.parse("4/4 " + " ".join(["d8 f a d' c' a f a"] * 25), tempo=150, name="Run",
                      instrument="String Ensemble 1")
    spotting = spot(chase, [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
    chase_music = spotting.with_music({"1M1": radio, "1M2": run})
    look = spot(kitchen, [("05:00:02:00", "05:00:07:00", "The Look")]).cues[0]
    kitchen_music = look.with_music(Motif.parse("3/4 e'4 g' b' a'2 g'4 e'2.", tempo=90, name="Look",
                                                instrument="Clarinet"))

    _, music_wall, _ = timed(lambda: [m.to_audio(sample_rate=44100) for m in (radio, run, kitchen_music.music)])
    cases = [("chase, 60 s, 2 cues + murmur", chase, chase_music),
             ("kitchen, 8 s, 1 cue + murmur", kitchen, kitchen_music)]
    _, cold_wall, cold_cpu = timed(lambda: animatic(chase, chase_music))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"animatic render speed  (load average {load:.1f} on {os.cpu_count()} cores; target >= {TARGET:g}x "
          f"real time, 60 s embedded <= {SIZE_KB} KB)")
    print(f"music rendered first by the synth (not timed below): {music_wall:.2f} s")
    print(f"first 60 s chase render in this process (cold caches): {cold_wall:.2f} s wall, {cold_cpu:.2f} s CPU "
          f"= {60 / cold_wall:.1f}x real time")
    print()
    head = (f"{'scene':32s} {'picture':>8s} {'render':>8s} {'CPU':>7s} {'x real':>7s} {'MP4':>8s} "
            f"{'floor':>7s} {'ratio':>6s}  target")
    print(head)
    print("-" * len(head))
    for name, scene, music in cases:
        runs = [timed(lambda: animatic(scene, music)) for _ in range(max(1, args.repeat))]
        video = runs[0][0]
        wall = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        floors = [floor(video.frames, video.fps, video.picture.size, CRF) for _ in range(max(1, args.repeat))]
        f_wall = statistics.median(f[0] for f in floors)
        speed = video.seconds / wall
        kb = len(video.mp4) / 1024
        ok = "met" if speed >= TARGET and (video.seconds < 59 or kb <= SIZE_KB) else "MISSED"
        print(f"{name:32s} {video.seconds:7.1f}s {wall:7.2f}s {cpu:6.2f}s {speed:6.1f}x {kb:6.0f}KB "
              f"{f_wall:6.2f}s {wall / f_wall:5.1f}x  {ok}")
    print()
    print("floor: PyAV encoding as many blank frames with the same H.264 settings (no drawing, no sound);")
    print("ratio: render / floor, both measured in this run (absolute times vary with the machine's load).")


if __name__ == "__main__":
    main()
