"""Timing of the analog voice against the FluidSynth path, for the same notes: render time of each,
and the ratio (analog / FluidSynth). Each case renders through :func:`scoring.render.synth.render_events`
(the path ``to_audio`` takes), once with the notes on a General MIDI program and once on a patch.

Run: .venv/bin/python benchmarks/bench_analog.py   (prints figures; not a test)
"""
from __future__ import annotations

import statistics
from fractions import Fraction

import bench_motif  # the shared timer (benchmarks/ is on the path when this runs as a script)


def median_ms(fn, repeat: int = 5) -> float:
    """Median wall time of ``fn`` in milliseconds, after one untimed call (caches, imports)."""
    return bench_motif.median_ms(fn, repeat, warm_up=True)


def cases():
    """(name, GM program, patch, notes in seconds): a melody, pad chords, a sixteenth arpeggio, a drone."""
    from scoring.render.analog import arpeggiate, drone, preset

    melody = [(0.5 * i, 0.5 * i + 0.45, 57 + (0, 3, 7, 5, 3, 2, 0, -2)[i % 8], 90) for i in range(32)]  # 16 s
    chords = [(57, 60, 64), (53, 57, 60), (48, 52, 55), (55, 59, 62)]
    pads = [(2.0 * i, 2.0 * i + 2.0, p, 80) for i in range(8) for p in chords[i % 4]]                  # 16 s
    arp = arpeggiate([(2.0 * i, 2.0 * i + 2.0, chords[i % 4], 90) for i in range(8)], step=Fraction(1, 8),
                     pattern="updown", octaves=2)                                                          # 16 s
    return [
        ("melody, 32 notes", 80, preset("glass lead"), melody),
        ("pad chords, 24 notes", 89, preset("warm pad"), pads),
        ("arpeggio, 128 notes", 81, preset("pulse arp"), arp),
        ("drone, 2 notes, 16 s", 95, preset("cold drone"), drone([33, 40], seconds=16)),
    ]


def main() -> None:
    from scoring.render.synth import NoteEvent, render_events, synth_name

    print(f"General MIDI path: {synth_name()}; each render is 16 s of music plus its tail, 44.1 kHz stereo")
    print(f"{'case':26s} {'FluidSynth':>11s} {'analog':>9s} {'ratio':>6s}")
    ratios = []
    for name, program, patch, notes in cases():
        gm = [NoteEvent(s, e, p, v, program) for s, e, p, v in notes]
        synth = [NoteEvent(s, e, p, v, program, patch) for s, e, p, v in notes]
        fluid = median_ms(lambda: render_events(gm, seconds=16.0))
        analog = median_ms(lambda: render_events(synth, seconds=16.0))
        ratios.append(analog / fluid)
        print(f"{name:26s} {fluid:9.0f} ms {analog:6.0f} ms {analog / fluid:6.2f}")
    print(f"{'geometric mean ratio':26s} {'':>11s} {'':>9s} "
          f"{statistics.geometric_mean(ratios):6.2f}")


if __name__ == "__main__":
    main()
