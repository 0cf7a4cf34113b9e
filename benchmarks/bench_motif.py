"""Timing of the foundation for a 16-note motif: notation, audio, the whole display, import.

Run: .venv/bin/python benchmarks/bench_motif.py   (prints figures; not a test)
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time


def median_ms(fn, repeat: int = 7, *, warm_up: bool = False) -> float:
    """Median wall time of ``fn`` in milliseconds (after one untimed call if ``warm_up``)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import scoring"],
                         capture_output=True, text=True)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import scoring"], check=True)
    import_wall = (time.perf_counter() - t) * 1000
    total_us = sum(int(line.split("|")[1]) for line in out.stderr.splitlines()
                   if line.startswith("import time:") and line.split("|")[2].strip() == "scoring")

    from scoring import Motif
    from scoring.render.files import mp3_bytes
    from scoring.render.synth import synth_name
    from scoring.core.view import svg

    motif = Motif.parse("4/4 c8 d e g a4 g8 e d c d e g2 e8 d c4 d4", name="Sixteen", tempo=110,
                        instrument="French Horn")
    assert sum(p is not None for p in motif.midi) == 16
    first = time.perf_counter()
    motif.to_audio()
    first_audio = (time.perf_counter() - first) * 1000

    made = iter(range(1, 1000))

    def fresh():  # a new value under a name of its own: nothing cached, no equal value to share with
        return Motif(motif.notes, name=f"Sixteen {next(made)}", tempo=motif.tempo, instrument=motif.instrument)

    notation = median_ms(lambda: svg(fresh()))
    audio = median_ms(lambda: fresh().to_audio())
    display = median_ms(lambda: fresh()._repr_html_())
    samples, sr = motif.to_audio()
    mp3 = mp3_bytes(samples, sr)
    seconds = len(samples) / sr
    ten = Motif.parse("4/4 " + " ".join(["c4 e g c'"] * 6), tempo=144, instrument="String Ensemble 1")
    ten_y, _ = ten.to_audio()

    print(f"synth: {synth_name()}")
    print(f"16-note motif, {motif.duration_seconds:.2f} s of music ({seconds:.2f} s with the reverb tail)")
    print(f"import scoring: {import_wall:.0f} ms wall (python start included), {total_us / 1000:.0f} ms in imports")
    print(f"first audio render (loads the soundfont): {first_audio:.0f} ms")
    print(f"median time to notation (SVG):  {notation:7.1f} ms")
    print(f"median time to audio (samples): {audio:7.1f} ms  = {seconds / (audio / 1000):.0f}x real time")
    print(f"median time to whole display:   {display:7.1f} ms  (notation + audio + MP3 + HTML)")
    print(f"MP3 of the motif: {len(mp3) / 1024:.1f} KB for {seconds:.1f} s")
    print(f"MP3 of {len(ten_y) / 44100:.1f} s of strings: {len(mp3_bytes(ten_y)) / 1024:.1f} KB "
          f"(target: 10 s under 200 KB)")


if __name__ == "__main__":
    main()
