"""How fast each lesson's panel answers a change: the time from new settings to new notation,
sound and plot (what the panel recomputes), median of 5 after one warm-up.

Run: .venv/bin/python benchmarks/bench_panels.py   (prints figures; not a test)
"""
from __future__ import annotations

from bench_motif import median_ms  # this folder is on sys.path when run as a script

from scoring import Motif
from scoring import panels as w
from scoring.core.view import compare, cue_html
from scoring.tension_view import tension_html


def main() -> None:
    hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
    theme = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4", name="Theme", key="C major", tempo=96,
                        instrument="French Horn")
    rows = [
        ("00 motif explorer", lambda: compare(hero, w.apply_settings(hero, w.ExplorerSettings("invert", "minor"))[0]).html),
        ("01 mood mixer", lambda: cue_html(w.mood_settings_cue(theme, mode="phrygian", tempo=66, octave=-1, dynamics="mf",
                                                                harmony="diatonic", palette="cold synthetic"))),
        ("02 tension builder (8 bars)", lambda: tension_html(w.tension_builder_cue(list(w.DEFAULT_PLAN))).html),
        ("06 hit fitter (4 hits, with sound)", lambda: w.hit_fitter_view((0.0, 4.0, 9.5, 15.25))),
    ]
    print(f"{'panel':38} {'median ms':>9}")
    for name, fn in rows:
        print(f"{name:38} {median_ms(fn, 5, warm_up=True):9.0f}")


if __name__ == "__main__":
    main()
