"""How fast each lesson's panel answers a change, in the kernel: each panel is built as the lesson
builds it, then one of its controls is moved (a menu to its next choices, a slider a step, a box
ticked, a button pressed) and the time until the panel's callback has drawn the new notation,
sound and plot is taken (a change the panel answers with an error message is counted apart, not
timed). A menu or slider goes to a setting it has not had before, so what the course remembers
of earlier sounds and pictures rarely answers; only a box (two settings), a button or a short
menu comes back to one. Printed per panel: the median over the changes, the slowest change, and
whether the median meets the 150 ms target; then the processor time one change takes in all of
the kernel's threads (the plot and notes drawn, the sound made beside them) and that time shared
over the machine's cores: a panel cannot answer faster than that share, however its work is
spread over threads, unless it does less work. First, how fast the machine runs a fixed loop,
since other load slows every figure. A line at the end gives what the panels spend in each kind
of work (profiled in a separate pass), so the next speed-up goes where the time is.

Run: .venv/bin/python benchmarks/bench_panels.py [changes per control] [lesson numbers, like 02 07]
(prints figures; not a test)
"""
from __future__ import annotations

import os
import statistics
import sys
import time

TARGET_MS = 150


def controls(box):
    """The panel's controls, in the order a student meets them."""
    import ipywidgets as w

    kinds = (w.Dropdown, w.IntSlider, w.FloatSlider, w.FloatLogSlider, w.SelectionSlider, w.ToggleButtons,
             w.Checkbox, w.FloatRangeSlider, w.Button)
    out, todo = [], [box]
    while todo:
        x = todo.pop(0)
        if isinstance(x, kinds) and not getattr(x, "disabled", False):
            out.append(x)
        todo[0:0] = list(getattr(x, "children", ()))
    return out


def moves(control, n: int):
    """``n`` changes of one control (each a zero-argument function), each to a setting not heard
    since the panel was built where the control has that many: a menu steps on to its next choices,
    a slider steps up (then down from where it started). A box has two settings and a button one,
    so those come back to a setting heard before, as a student's second click does."""
    import ipywidgets as w

    if isinstance(control, w.Button):
        return [control.click] * n
    if isinstance(control, w.Checkbox):
        return [lambda: setattr(control, "value", not control.value)] * n
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.SelectionSlider)):
        values = [v[1] if isinstance(v, tuple) else v for v in control.options]
        if len(values) < 2:
            return []
        start = values.index(control.value) if control.value in values else 0
        order = [values[(start + 1 + i) % len(values)] for i in range(n)]
        return [lambda v=v: setattr(control, "value", v) for v in order]
    if isinstance(control, w.FloatRangeSlider):
        lo, hi = control.value
        step = control.step
        ups = [lo + step * (i + 1) for i in range(n) if lo + step * (i + 1) < hi]
        return [lambda v=v: setattr(control, "value", (v, hi)) for v in ups]
    if isinstance(control, w.FloatLogSlider):  # its step is in powers of its base
        base, factor = control.value, control.base ** control.step
        return [lambda i=i: setattr(control, "value", base * factor ** (i + 1)) for i in range(n)]
    step = control.step or 1
    base = control.value
    ups = [base + step * (i + 1) for i in range(n) if base + step * (i + 1) <= control.max]
    downs = [base - step * (i + 1) for i in range(n - len(ups)) if base - step * (i + 1) >= control.min]
    return [lambda v=v: setattr(control, "value", v) for v in ups + downs]


def panels():
    """(name, build) for every lesson's panel, with inputs like the lesson's (its first panel, where it has two)."""
    from scoring import Motif
    from scoring import panels as P
    from scoring.arc import Arc
    from scoring.exercises import radio_excerpt
    from scoring.harmony import harmonize
    from scoring.series import deliver, series_theme, sting

    hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
    theme = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4", name="Theme", key="C major", tempo=96,
                        instrument="French Horn")

    def genre_theme():
        return Motif.parse("4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2", name="Theme",
                           key="C major", tempo=96, instrument="French Horn")

    def dies_irae():
        from scoring.genre import DIES_IRAE

        return Motif.parse(DIES_IRAE, name="Dies irae, line 1 (chant, public domain)", key="D dorian", tempo=72,
                           instrument="Choir Aahs")

    def scene_spot():
        from scoring.scene import load_scene, spot

        return spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]

    return [
        ("00 motif explorer", lambda: P.motif_explorer(hero)),
        ("01 mood mixer", lambda: P.mood_mixer(theme)),
        ("02 tension builder", lambda: P.tension_builder()),
        ("03 motif finder", lambda: P.motif_finder(hero, hero + hero.invert() + hero.retrograde())),
        ("04 arc editor", lambda: P.arc_editor(Arc(theme).then("defeat", "to_mode('minor')")
                                                  .then("return", "augment(2)"))),
        ("05 silence editor", lambda: P.silence_editor(harmonize(theme), name="theme")),
        ("06 hit fitter", lambda: P.hit_fitter()),
        ("07 scene scorer", lambda: P.scene_scorer(scene_spot(), pulse=Motif.parse("4/4 D8 D F D G D F E",
                                                                                      instrument="Cello"))),
        ("08 genre switcher", lambda: P.genre_switcher({"Theme": genre_theme(), "Dies irae": dies_irae()})),
        ("09 patch designer", lambda: P.patch_designer("sine")),
        ("10 radio shaper", lambda: P.radio_shaper(*radio_excerpt(), at=2.22, over=2.22)),
        ("11 loudness meter", lambda: P.loudness_meter(deliver(sting(series_theme()), target=None),
                                                       name="card_as_rendered")),
    ]


def shows_error(box) -> bool:
    """Whether the panel shows an error message (what ``error_html`` writes) instead of new music; a
    checker's verdict in the same colour ("Not yet") is music answered, and is timed."""
    import ipywidgets as w

    from scoring.panels.controls import error_html

    mark = error_html("")[: -len("</span>")]
    todo, found = [box], False
    while todo:
        x = todo.pop()
        if isinstance(x, w.HTML) and (x.value or "").startswith(mark):
            found = True
        todo.extend(getattr(x, "children", ()))
    return found


def reference_ms() -> float:
    """A fixed pure-Python loop, timed: how fast this machine runs Python right now (other load slows it)."""
    t = time.perf_counter()
    sum(range(3_000_000))
    return (time.perf_counter() - t) * 1000


class SynthClock:
    """Times every FluidSynth render (on whichever thread it runs) while installed: ``taken()``
    gives the milliseconds rendered since the last call."""

    def __init__(self) -> None:
        import threading

        from scoring.render import synth

        self.real, self.lock, self.ms = synth._render_fluidsynth, threading.Lock(), 0.0

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return self.real(*args, **kwargs)
            finally:
                with self.lock:
                    self.ms += (time.perf_counter() - t) * 1000

        synth._render_fluidsynth = timed

    def taken(self) -> float:
        with self.lock:
            ms, self.ms = self.ms, 0.0
        return ms


def main(per_control: int = 2, only: tuple[str, ...] = ()) -> None:
    import cProfile
    import pstats

    print(f"machine: a reference loop took {reference_ms():.0f} ms (compare runs by it: other load slows every figure)")
    # the cores this process may run on (a container or a hub may give it fewer than the machine has)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(f"{'panel':24} {'changes':>7} {'median ms':>9} {'max ms':>7} {'errors':>6}  meets {TARGET_MS} ms"
          f"  {'CPU ms':>6} {f'CPU / {cores} cores':>15} {'FluidSynth ms':>13}")
    profile = cProfile.Profile()
    synth_clock = SynthClock()
    for name, build in panels():
        if only and not name.startswith(only):
            continue
        try:
            box = build()
        except Exception as exc:  # a panel that cannot be built says so; the others still run
            print(f"{name:24} could not build: {exc}")
            continue
        times, cpu, rendered, errors = [], [], [], 0
        for control in controls(box):
            for move in moves(control, per_control):
                synth_clock.taken()
                t, used = time.perf_counter(), time.process_time()   # processor time of every thread
                move()
                dt, dcpu = (time.perf_counter() - t) * 1000, (time.process_time() - used) * 1000
                synth_ms = synth_clock.taken()
                if shows_error(box):  # answered with a message, not music: not a change to time
                    errors += 1
                else:
                    times.append(dt)
                    cpu.append(dcpu)
                    if synth_ms:
                        rendered.append(synth_ms)
        for control in controls(box):  # one more change of each control, profiled (not timed)
            for move in moves(control, 1):
                profile.enable()
                move()
                profile.disable()
        if not times:
            print(f"{name:24} no change answered with music ({errors} errors)")
            continue
        med, work = statistics.median(times), statistics.median(cpu)
        synth_med = f"{statistics.median(rendered):13.0f}" if rendered else f"{'none made':>13}"
        print(f"{name:24} {len(times):7d} {med:9.0f} {max(times):7.0f} {errors:6d}  "
              f"{'yes' if med <= TARGET_MS else 'NO ':9}  {work:6.0f} {work / cores:15.0f} {synth_med}", flush=True)
    stats = pstats.Stats(profile)
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "<lambda>" and "bench_panels" in k[0]) or 1.0
    where = {"matplotlib (plots)": "matplotlib", "verovio (notation)": "notation.py", "music21 (score writing)": "music21",
             "FluidSynth + room (sound)": "synth.py", "MP3 encoding": "soundfile.py"}
    shares = []
    for label, part in where.items():
        tops = [v[3] for k, v in stats.stats.items() if part in k[0] and not any(part in c[0] for c in v[4])]
        shares.append(f"{label} {sum(tops) / total:.0%}")
    print("time spent in the panel's own thread (sound made on the audio thread meanwhile is not counted): "
          + ", ".join(shares))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2, tuple(sys.argv[2:]))
