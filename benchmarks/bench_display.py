"""The display and to_audio() against the floor under them, as ratios measured in one run.

The floor is the work no display can avoid, for the same 16-note French-horn motif:
  - verovio engraving the motif from a MusicXML string (music21's, made once beforehand);
  - FluidSynth rendering the same notes, without reverb (a synth made once, soundfont loaded);
  - libsndfile encoding the sound as a mono 22.05 kHz MP3 (the course's MP3 settings).

Each round times every floor part and every figure once, on a motif value made afresh (nothing
cached), so a change in the machine's load touches floor and figure alike. Printed: each
figure's median, the floor's median, the ratio and the target; then what to_audio's room costs
alone (the course's room on the raw synth's sound) and the least any room convolved by transforms
costs at this length (the transforms alone: the sound's forward transform and the two channels'
inverse ones, at the room's size); and, for scale, what the same room costs done the usual way
(SciPy's overlap-add convolution at the full rate).

Run: .venv/bin/python benchmarks/bench_display.py [rounds]   (prints figures; not a test)
"""
from __future__ import annotations

import inspect
import io
import itertools
import statistics
import subprocess
import sys
import time

import numpy as np

ROUNDS = 15
TEXT = "4/4 c8 d e g a4 g8 e d c d e g2 e8 d c4 d4"


_made = itertools.count(1)


def fresh(motif):
    """The motif as a new value with nothing cached, as a panel makes on every change: the same
    notes under a name of its own (equal music shares its engraving and sound, so an equal copy
    would be answered from the cache)."""
    return type(motif)(motif.notes, name=f"{motif.name} {next(_made)}", key=motif.key, tempo=motif.tempo,
                       instrument=motif.instrument, time_signature=motif.time_signature)


class RawSynth:
    """The floor's synth: one FluidSynth synth with the soundfont, reverb and chorus off, that only
    plays the notes (reset between renders)."""

    def __init__(self, program: int, sample_rate: int = 44100):
        from scoring.render import synth

        self.api = api = synth._fluid_api()
        sfont = synth._fluidsynth(sample_rate)
        settings = api["new_settings"]()
        api["setnum"](settings, b"synth.sample-rate", float(sample_rate))
        api["setnum"](settings, b"synth.gain", 0.5)
        api["setint"](settings, b"synth.reverb.active", 0)
        api["setint"](settings, b"synth.chorus.active", 0)
        api["setint"](settings, b"synth.polyphony", 64)
        self.synth = api["new_synth"](settings)
        sfid = api["add_sfont"](self.synth, sfont)
        api["program_select"](self.synth, 0, sfid, 0, program)
        import ctypes

        import fluidsynth

        self.reset = fluidsynth._fl.fluid_synth_system_reset
        self.reset.restype, self.reset.argtypes = ctypes.c_int, [ctypes.c_void_p]
        self.sfid, self.program, self.rate = sfid, program, sample_rate

    def render(self, events, total: int) -> np.ndarray:
        api, s = self.api, self.synth
        out = np.zeros((total, 2), dtype=np.float32)
        base, step = out.ctypes.data, 8
        timeline = sorted([(e.start, 1, e.pitch, e.velocity) for e in events] +
                          [(e.end, 0, e.pitch, 0) for e in events])
        pos = 0
        for t, on, pitch, vel in timeline:
            frame = min(int(round(t * self.rate)), total)
            if frame > pos:
                api["write_float"](s, frame - pos, base + pos * step, 0, 2, base + pos * step, 1, 2)
                pos = frame
            if on:
                api["noteon"](s, 0, pitch, vel)
            else:
                api["noteoff"](s, 0, pitch)
        if total > pos:
            api["write_float"](s, total - pos, base + pos * step, 0, 2, base + pos * step, 1, 2)
        self.reset(s)
        api["program_select"](s, 0, self.sfid, 0, self.program)
        return out


def mp3_floor(mono22: np.ndarray) -> bytes:
    import soundfile as sf

    buf = io.BytesIO()
    sf.write(buf, mono22, 22050, format="MP3", compression_level=0.9, bitrate_mode="VARIABLE")
    return buf.getvalue()


def import_time(repeat: int = 5) -> float:
    """Median seconds of ``import scoring`` in a fresh interpreter, less the bare interpreter's start."""
    def run(code: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t

    bare = statistics.median(run("pass") for _ in range(repeat))
    full = statistics.median(run("import scoring") for _ in range(repeat))
    return full - bare


def main(rounds: int = ROUNDS) -> None:
    from scoring import Motif
    from scoring.render import files
    from scoring.render.notation import musicxml_to_svg
    from scoring.render.synth import synth_name

    motif = Motif.parse(TEXT, name="Sixteen", tempo=110, instrument="French Horn")
    assert sum(p is not None for p in motif.midi) == 16
    xml = motif.musicxml()
    events = motif.events()
    samples, sr = fresh(motif).to_audio()
    total = int(round((motif.duration_seconds + 1.0) * sr))
    from scipy.signal import resample_poly

    mono22 = resample_poly(samples.mean(axis=1), 1, 2).astype(np.float32)
    raw = RawSynth(motif.program)
    fresh(motif)._repr_html_()  # warm every engine once

    import scipy.fft
    from scipy.signal import oaconvolve

    from scoring.render.dsp import _room_half_size, room, room_response

    ir = room_response(sr)
    dry = raw.render(events, total)

    def library_room():
        """SciPy's overlap-add convolution of the dry synth's sound with the same room, at the full rate:
        what a reverb of this room costs done the usual way (not part of the floor)."""
        return dry + oaconvolve(dry, ir, axes=0)[:total]

    # the transforms of the course's room at this length (the sound in one block, at the room's own size):
    # the sound's even and odd frames forward, the reverberation's even and odd frames of two channels back
    # (a room at the full rate transforms as much)
    n = _room_half_size(total, sr, inspect.signature(room).parameters["seconds"].default)
    phases = np.zeros((2, n), dtype=np.float32)
    phases[0, : total // 2], phases[1, : total // 2] = dry[0::2, 0][: total // 2], dry[1::2, 0][: total // 2]
    wet_spectra = np.concatenate([scipy.fft.rfft(phases, axis=1)] * 2)

    def transforms():
        scipy.fft.rfft(phases, axis=1)
        scipy.fft.irfft(wet_spectra, n, axis=1)

    parts = {"engrave": [], "synth": [], "mp3": [], "floor": [], "display": [], "to_audio": [], "scipy room": [],
             "room": [], "transforms": []}
    for _ in range(rounds):
        floor = 0.0
        for name, fn in (("engrave", lambda: musicxml_to_svg(xml)), ("synth", lambda: raw.render(events, total)),
                         ("mp3", lambda: mp3_floor(mono22))):
            t = time.perf_counter()
            fn()
            dt = (time.perf_counter() - t) * 1000
            parts[name].append(dt)
            floor += dt
        parts["floor"].append(floor)
        # SciPy's room last: its large arrays, made and freed, slow whatever runs right after them
        for name, fn in (("room", lambda: room(dry.copy(), sr, in_place=True)), ("transforms", transforms),
                         ("scipy room", library_room)):
            t = time.perf_counter()
            fn()
            parts[name].append((time.perf_counter() - t) * 1000)
        for name, fn in (("display", lambda m: m._repr_html_()), ("to_audio", lambda m: m.to_audio())):
            m = fresh(motif)
            files._mp3_made.clear()   # the same sound's MP3 is remembered: encoded afresh here, as a new sound is
            t = time.perf_counter()
            fn(m)
            parts[name].append((time.perf_counter() - t) * 1000)
    med = {k: statistics.median(v) for k, v in parts.items()}

    print(f"synth: {synth_name()}; 16-note motif, {motif.duration_seconds:.2f} s of music; median of {rounds} rounds")
    print(f"floor parts: engrave {med['engrave']:.1f} ms, raw synth {med['synth']:.1f} ms, "
          f"MP3 mono 22.05 kHz {med['mp3']:.1f} ms")
    print(f"{'figure':34} {'ms':>7} {'floor ms':>9} {'ratio':>6} {'target':>7}  met")
    rows = [("whole display (notation+audio+player)", med["display"], med["floor"], 1.5),
            ("to_audio()", med["to_audio"], med["synth"], 2.0)]
    for name, fig, floor, target in rows:
        ratio = fig / floor
        print(f"{name:34.34} {fig:7.1f} {floor:9.1f} {ratio:6.2f} {target:6.1f}x  {'yes' if ratio <= target else 'NO'}")
    synth_ms = med["synth"]
    print(f"to_audio's room alone: {med['room']:.1f} ms, {med['room'] / synth_ms:.2f}x the raw synth (a copy of "
          f"the sound included), so to_audio is at least {(synth_ms + med['room']) / synth_ms:.2f}x; the room's "
          f"transforms alone (size {n}): {med['transforms']:.1f} ms, so any room done by transforms at this "
          f"length makes to_audio at least {(synth_ms + med['transforms']) / synth_ms:.2f}x the raw synth")
    print(f"for scale (not a target): the same room by scipy.signal.oaconvolve at the full rate takes "
          f"{med['scipy room']:.1f} ms, {med['scipy room'] / med['synth']:.2f}x the raw synth; to_audio "
          f"(synth and room) is {med['to_audio'] / (med['synth'] + med['scipy room']):.2f}x raw synth + that room")
    imp = max(0.0, import_time())  # the difference of two noisy timings; never below nothing
    print(f"{'import scoring (python start excluded)':34.34} {imp * 1000:7.0f} {'':>9} {'':>6} {'0.5 s':>7}  "
          f"{'yes' if imp <= 0.5 else 'NO'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
