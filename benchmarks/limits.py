"""Peak memory at each documented limit (SECURITY.md): every call runs in a fresh process and
reports its peak resident memory (ru_maxrss) next to the 1 GB promise.

    .venv/bin/python benchmarks/limits.py
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

BUDGET_MB = 1024

#: name -> code run in a fresh process after `import scoring`
CASES = {
    "import scoring (baseline)": "pass",
    "motif of 600 s rendered (to_audio)": """
        from scoring import Motif
        from scoring.core.notes import Note
        from fractions import Fraction
        m = Motif(tuple(Note(60 + i % 12, Fraction(4)) for i in range(250)), tempo=100)
        assert m.duration_seconds == 600
        y, sr = m.to_audio()""",
    "20,000 note events rendered": """
        from scoring.render.synth import NoteEvent, render_events
        ev = [NoteEvent(i * 0.029, i * 0.029 + 0.2, 40 + i % 40, 80, i % 8 * 8) for i in range(20000)]
        y, sr = render_events(ev)""",
    "1,000-note motif engraved": """
        from scoring import Motif
        m = Motif.from_notes([60 + i % 24 for i in range(1000)], durations=0.25, tempo=400)
        svg = m.svg()""",
    "click track at its limit": """
        from scoring import sync
        clicks = getattr(sync, "click_track")
        y = clicks(400, beats=2000)""",
    "radio filter on 600 s": """
        import numpy as np
        from scoring import sync
        y = np.random.default_rng(0).standard_normal((600 * 44100, 2)).astype(np.float32) * 0.1
        out = sync.radio(y, 44100)""",
    "MIDI file of 4,000 beats read": """
        import struct, tempfile, pathlib
        from scoring import Motif, ScoringError
        notes = b"".join(bytes([0x00, 0x90, 60, 64, 0x83, 0x60, 0x80, 60, 0]) for _ in range(999))
        track = notes + bytes([0x00, 0xFF, 0x2F, 0x00])
        data = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track
        path = pathlib.Path(tempfile.mkdtemp()) / "long.mid"
        path.write_bytes(data)
        m = Motif.from_file(path)""",
    "16-note chords for 600 s rendered": """
        from scoring.core.cue import Chord, Cue, Layer
        cluster = tuple(range(48, 64))
        cue = Cue((Layer("cluster", tuple(Chord(cluster, 4, 70) for _ in range(250))),), "clusters", tempo=100)
        assert cue.duration_seconds == 600
        y, sr = cue.to_audio()""",
    "tempo map of 1,000 entries, 600 s rendered": """
        from scoring import Motif
        from scoring.core.notes import Note
        from scoring.core.time import TempoMap
        from fractions import Fraction
        clock = TempoMap.constant(100)
        for b in range(1, 500):       # each step is two entries: 499 steps fill the 1,000 a map may hold
            clock = clock.step(b, 100 + b % 2)
        m = Motif(tuple(Note(60 + i % 12, Fraction(4)) for i in range(250)), tempo=100).with_tempo_map(clock)
        y, sr = m.to_audio()""",
    "1,000 cuts snapped to a song": """
        from scoring.core.time import TempoMap
        from scoring.songs import snap_cuts
        plan = snap_cuts([0.5 + 0.6 * i for i in range(1000)], TempoMap.constant(120))""",
    "animatic of the 60 s chase, 2 cues": """
        from scoring.scene import load_scene
        from scoring.animatic import animatic
        video = animatic(load_scene("chase"))""",
}

PROBE = """
import resource, sys
import scoring
{code}
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> None:
    print(f"{'case':42s} {'peak MB':>8s} {'of 1 GB':>8s}  result")
    for name, code in CASES.items():
        src = PROBE.format(code=textwrap.dedent(code))
        done = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{name:42s} {'-':>8s} {'-':>8s}  error: {last[:80]}")
            continue
        peak = float(done.stdout.strip().splitlines()[-1])
        print(f"{name:42s} {peak:8.0f} {peak / BUDGET_MB:8.0%}  {'ok' if peak < BUDGET_MB else 'OVER'}")


if __name__ == "__main__":
    main()
