"""Hearing sync: click tracks that follow the clock, click sheets, excerpts with the picture's thuds,
and source music through a small radio.

A click sounds on every beat of the music's :class:`~scoring.core.time.TempoMap` (the metre's
unit: quarters in 4/4, eighths in 6/8), the downbeat of each bar accented, so an accel. in the
map is a **variable click** that speeds up with the music. A scoring stage writes a steady click
as a **frame click**, frames and eighths of a frame per beat (``12-0`` is 120 BPM at 24 fps);
:func:`click_sheet` lists a map's sections that way. Clicks and thuds are short sounds placed into
a silent track, so a long click track costs only its own samples.

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Sequence

import numpy as np

from scoring.core.cue import Chord, Cue
from scoring.core.film import check_real
from scoring.core.motif import Motif
from scoring.core.notes import MAX_SECONDS
from scoring.core.time import FRAME_RATES, TempoMap, frame_click, timecode_to_frames
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.dsp import BLOCK, bandpass, check_rate, limit, mono as mono_mix, room, safe
from scoring.render.dsp import samples as checked_samples
from scoring.render.synth import render_events

__all__ = ["CLICK_SOUNDS", "MAX_CLICKS", "ClickRow", "ClickSheet", "clock_of", "click_times", "click_track",
           "click_sheet", "excerpt_cue", "frame_rate", "radio", "render_excerpt", "thud", "with_click"]

#: The click's three sounds: pitch (Hz) and loudness.
CLICK_SOUNDS = {"downbeat": (1760.0, 1.0), "beat": (1320.0, 0.55), "warning": (880.0, 0.8)}
#: The most clicks (warning clicks included) a click track holds; it also lasts at most MAX_SECONDS.
MAX_CLICKS = 2000
_TAIL = 0.2          # seconds the last click rings
_EXCERPT = 60.0      # the longest excerpt worth listening to critically, in seconds


def _number(x: object, what: str, lo: float, hi: float, fix: str) -> float:
    """A finite real number in lo..hi (numpy numbers welcome; bools, NaN and inf refused)."""
    value = check_real(x, what, f"give a number from {lo:g} to {hi:g}; {fix}")
    if not lo <= value <= hi:
        raise ScoringError(f"{what}={x!r} should be a number from {lo:g} to {hi:g}; {fix}")
    return value


def _whole(x: object, what: str, lo: int, hi: int) -> int:
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)) or not lo <= x <= hi:
        raise ScoringError(f"{what}={x!r} should be a whole number from {lo} to {hi}")
    return int(x)


def frame_rate(fps: float = 24) -> tuple[int, float, float]:
    """A frame rate checked: (frame numbers per timecode second, real frames per second, its name).

    Examples
    --------
    >>> frame_rate(24), frame_rate(29.97)[0], round(frame_rate(29.97)[1], 3)
    ((24, 24.0, 24.0), 30, 29.97)

    Lesson: lessons/06_sync.ipynb
    """
    nominal = timecode_to_frames("00:00:01:00", fps)        # refuses unknown rates, saying which exist
    key = min(FRAME_RATES, key=lambda k: abs(k - float(fps)))
    return nominal, FRAME_RATES[key][1], key


def clock_of(tempo: float | TempoMap | Motif | Cue, *, beats_per_bar: int | None = None) -> TempoMap:
    """The clock of a tempo (BPM, in ``beats_per_bar``/4), a :class:`TempoMap`, or music carrying one.

    Examples
    --------
    >>> clock_of(120, beats_per_bar=3)
    TempoMap(120 BPM, 3/4)

    Lesson: lessons/06_sync.ipynb
    """
    if isinstance(tempo, (TempoMap, Motif, Cue)):
        if beats_per_bar is not None:
            raise ScoringError("beats_per_bar is for a tempo in BPM; a tempo map's metres say where its bars fall")
        return tempo if isinstance(tempo, TempoMap) else tempo.tempo_map
    per_bar = 4 if beats_per_bar is None else _whole(beats_per_bar, "beats_per_bar", 1, 32)
    return TempoMap.constant(tempo, time_signature=f"{per_bar}/4")


def _music(music: object) -> Motif | Cue:
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"expected a Motif or a Cue, not {type(music).__name__}")
    return music


def _click_beats(clock: TempoMap, start: float, end: float) -> list[tuple[Fraction, bool]]:
    """(beat, on a downbeat?) for every click of the metre's unit from ``start`` up to (not including) ``end``."""
    out = []
    metres = clock.metres
    for bar in clock.barlines(end):
        num, den = (int(x) for x in [ts for m, ts in metres if m <= bar][-1].split("/"))
        for i in range(num):
            b = bar + i * Fraction(4, den)
            if start <= b < end:
                out.append((b, clock.bar_beat(b)[1] == 1))
                if len(out) > MAX_CLICKS:
                    raise ScoringError(f"more than {MAX_CLICKS} clicks; click an excerpt of at most {MAX_CLICKS} beats")
    return out


def _count_in(clock: TempoMap, beat: float, warning: int) -> list[float]:
    """Times (from 0) of ``warning`` clicks a beat apart at the tempo of ``beat``; the music starts after them."""
    unit = Fraction(4, int([ts for m, ts in clock.metres if m <= beat][-1].split("/")[1]))
    steady = TempoMap.constant(clock.bpm_at(float(beat)))
    return [float(steady.seconds_at(i * unit)) for i in range(warning + 1)]


def click_times(tempo: float | TempoMap | Motif | Cue, *, beats: float | None = None,
                beats_per_bar: int | None = None, warning: int = 0) -> list[tuple[float, str]]:
    """When each click sounds and which sound it is, following the clock.

    ``warning`` clicks count in at the starting tempo; then a click on every beat (the metre's
    unit) of the first ``beats`` quarter notes, at ``tempo_map.seconds_at(beat)``, each downbeat
    accented. ``tempo`` is a BPM (in ``beats_per_bar``/4), a :class:`TempoMap`, or a Motif/Cue
    (then ``beats`` defaults to its length). At most :data:`MAX_CLICKS` clicks and 600 s.

    Examples
    --------
    >>> click_times(120, beats=5, warning=2)
    [(0.0, 'warning'), (0.5, 'warning'), (1.0, 'downbeat'), (1.5, 'beat'), (2.0, 'beat'), (2.5, 'beat'), (3.0, 'downbeat')]
    >>> [round(t, 2) for t, _ in click_times(TempoMap.constant(60).ramp(0, 4, 120), beats=5)]  # an accel.
    [0.0, 0.89, 1.62, 2.24, 2.77]

    Lesson: lessons/06_sync.ipynb
    """
    clock = clock_of(tempo, beats_per_bar=beats_per_bar)
    if beats is None:
        if not isinstance(tempo, (Motif, Cue)):
            raise ScoringError("give beats=, how many quarter notes to click, e.g. click_times(120, beats=16)")
        beats = tempo.quarter_length
    length = _number(beats, "beats", 0, 4 * MAX_CLICKS, "the music's length in quarter notes, e.g. 16")
    warning = _whole(warning, "warning", 0, 64)
    if length <= 0:
        raise ScoringError("beats=0 clicks nothing; give the music's length in quarter notes, e.g. 16")
    grid = _click_beats(clock, 0, length)
    if len(grid) + warning > MAX_CLICKS:
        raise ScoringError(f"{len(grid) + warning} clicks is over the {MAX_CLICKS}-click limit; click an excerpt")
    lead = _count_in(clock, 0, warning)
    seconds = lead[-1] + clock.seconds_at(np.array([float(b) for b, _ in grid]))
    if seconds[-1] > MAX_SECONDS:
        raise ScoringError(f"the last click sounds {seconds[-1]:.0f} s in, past the {MAX_SECONDS:.0f} s limit; "
                           "click a shorter excerpt or a faster tempo")
    return ([(t, "warning") for t in lead[:-1]] +
            [(float(t), "downbeat" if down else "beat") for t, (_, down) in zip(seconds, grid)])


def _click_sound(kind: str, sample_rate: int, *, seconds: float = 0.035) -> np.ndarray:
    freq, amp = CLICK_SOUNDS[kind]
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    env = np.exp(-t / 0.007) * np.minimum(1.0, t / 0.0005)
    return (amp * env * (np.sin(2 * np.pi * freq * t) + 0.35 * np.sin(2 * np.pi * 2.01 * freq * t))).astype(np.float32)


def _place(track: np.ndarray, at: Sequence[float], sound: np.ndarray, sample_rate: int) -> None:
    """Add a short mono ``sound`` into ``track`` (n, 2) at each time ``at`` (seconds), in place."""
    for t in at:
        i = int(round(t * sample_rate))
        if 0 <= i < len(track):
            piece = sound[: len(track) - i]
            track[i:i + len(piece)] += piece[:, None]


def _mix_clicks(track: np.ndarray, times: Sequence[tuple[float, str]], sample_rate: int, gain: float) -> None:
    for kind in CLICK_SOUNDS:
        _place(track, [t for t, k in times if k == kind], gain * _click_sound(kind, sample_rate), sample_rate)


def click_track(tempo: float | TempoMap | Motif | Cue, *, beats: float | None = None,
                beats_per_bar: int | None = None, warning: int = 0, level: float = 0.5,
                sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """An audible click track (stereo float32): ``warning`` count-in clicks (low), then every beat of
    the clock (see :func:`click_times`), downbeats accented (high).

    This is what the orchestra hears in its headphones. The clicks are placed into a silent
    track, so memory is the track itself: 600 s at 44.1 kHz is about 210 MB.

    Examples
    --------
    >>> y, sr = click_track(120, beats=4, warning=4)
    >>> y.shape[1], y.dtype, round(len(y) / sr, 2)  # eight clicks half a second apart, the last ringing 0.2 s
    (2, dtype('float32'), 3.7)

    Lesson: lessons/06_sync.ipynb
    """
    sr = check_rate(sample_rate)
    gain = _number(level, "level", 0, 1, "the click's loudness, above 0 and at most 1") * 0.6
    times = click_times(tempo, beats=beats, beats_per_bar=beats_per_bar, warning=warning)
    y = np.zeros((int(round((times[-1][0] + _TAIL) * sr)), 2), dtype=np.float32)
    _mix_clicks(y, times, sr, gain)
    return y, sr


def thud(sample_rate: int = 44100, *, seconds: float = 0.35) -> np.ndarray:
    """A picture's sound effect, a door slam or a crash: a dark noise burst with a low thump (mono float32).

    Mixed in at the hits, it lets you *hear* whether the music lands with the picture.

    Examples
    --------
    >>> y = thud(8000)
    >>> len(y), y.dtype, bool(abs(y).max() <= 1.0)
    (2800, dtype('float32'), True)

    Lesson: lessons/06_sync.ipynb
    """
    sr = check_rate(sample_rate)
    n = int(_number(seconds, "seconds", 0.05, 2.0, "a thud lasts about 0.35 s") * sr)
    t = np.arange(n) / sr
    dark = np.convolve(np.random.default_rng(11).standard_normal(n), np.ones(12) / 12, mode="same")
    y = dark * np.exp(-t / 0.06) + 1.6 * np.sin(2 * np.pi * 55 * t) * np.exp(-t / 0.12)
    return (0.9 * y / np.abs(y).max()).astype(np.float32)


def _sound(music: Motif | Cue, start: float, end: float, *, click: bool, warning: int, level: float,
           thuds: Sequence[float], sample_rate: int) -> tuple[np.ndarray, int]:
    """The music from ``start`` to ``end`` s after ``warning`` count-in clicks, with its click and thuds."""
    clock = music.tempo_map
    lead = _count_in(clock, clock.beat_at(start), warning) if click else [0.0]
    shift = lead[-1] - start
    events = [replace(e, start=max(e.start, start) + shift, end=e.end + shift)
              for e in music.events() if e.end > start and e.start < end]
    y, sr = render_events([e for e in events if e.end > e.start], seconds=end - start + lead[-1],
                          sample_rate=sample_rate)
    y = np.array(y, dtype=np.float32)                   # our own copy to mix into
    if click:
        grid = _click_beats(clock, clock.beat_at(start) - 1e-9, clock.beat_at(end))
        times = [(t, "warning") for t in lead[:-1]]
        if grid:
            at = clock.seconds_at(np.array([float(b) for b, _ in grid])) + shift
            times += [(max(float(t), 0.0), "downbeat" if down else "beat") for t, (_, down) in zip(at, grid)]
        _mix_clicks(y, times, sr, level * 0.6)
    if len(thuds):
        _place(y, [h + shift for h in thuds], 0.45 * thud(sr), sr)
    return limit(y), sr


def _checked(music, start, end, warning, level, thuds, longest):
    music = _music(music)
    length = music.duration_seconds
    start = _number(start, "start", 0, length, f"seconds from the music's start (0-{length:.2f})")
    end = length if end is None else _number(end, "end", 0, length + 1e-6, f"seconds, at most {length:.2f}")
    if not start < end:
        raise ScoringError(f"excerpt {start:g}-{end:g} s is empty; end must come after start (0-{length:.2f} s)")
    if end - start > longest:
        raise ScoringError(f"a {end - start:.0f} s excerpt is long; listen to 20 s or less around a hit")
    thuds = checks.items(thuds, "thuds", "give a list of at most 64 times in seconds, e.g. [4.0, 9.5]", most=64)
    thuds = [_number(h, "thud", -3600, 3600, "a time in seconds on the music's clock") for h in thuds]
    level = _number(level, "level", 0, 1, "the click's loudness, above 0 and at most 1")
    return music, start, min(end, length), _whole(warning, "warning", 0, 64), level, thuds


def render_excerpt(music: Motif | Cue, *, start: float = 0.0, end: float | None = None, click: bool = False,
                   warning: int = 0, level: float = 0.35, thuds: Sequence[float] = (),
                   sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """The sound of ``music`` from ``start`` to ``end`` seconds (its own clock), optionally with its click.

    ``warning`` count-in clicks sound before the excerpt (only with ``click=True``); the click
    follows the music's tempo map. ``thuds`` are moments (music seconds) where the picture makes a
    sound (see :func:`thud`), so you can hear whether a hit lands. Use short excerpts (at most
    60 s) around a hit: a whole scene's cue is too long to listen to critically.

    Examples
    --------
    >>> y, sr = render_excerpt(Motif.parse("c4 e g c'", tempo=120), start=0.5, end=1.5, click=True)
    >>> round(len(y) / sr, 1)
    2.0

    Lesson: lessons/06_sync.ipynb
    """
    music, start, end, warning, level, thuds = _checked(music, start, end, warning, level, thuds, _EXCERPT)
    return _sound(music, start, end, click=bool(click), warning=warning, level=level, thuds=thuds,
                  sample_rate=check_rate(sample_rate))


def with_click(music: Motif | Cue, *, warning: int | None = None, level: float = 0.35,
               sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """A cue mixed with its click track (following its tempo map), a bar of warning clicks first.

    Examples
    --------
    >>> y, sr = with_click(Motif.parse("4/4 c4 e g c'", tempo=120))
    >>> round(len(y) / sr, 1)  # one warning bar (2 s), the motif (2 s), the reverb tail (1 s)
    5.0

    Lesson: lessons/06_sync.ipynb
    """
    music = _music(music)
    n = int(music.tempo_map.metres[0][1].split("/")[0]) if warning is None else warning
    music, start, end, n, level, _ = _checked(music, 0.0, None, n, level, (), MAX_SECONDS)
    return _sound(music, start, end, click=True, warning=n, level=level, thuds=(), sample_rate=check_rate(sample_rate))


def excerpt_cue(cue: Cue, first_beat: float, last_beat: float, *, name: str | None = None) -> Cue:
    """The bars of a cue from beat ``first_beat`` up to (not including) ``last_beat`` (beat 1 = its
    start), as a new cue on its own slice of the clock; notes crossing the edges are cut.

    Examples
    --------
    >>> part = excerpt_cue(Cue.from_motif(Motif.parse("4/4 c4 d e f g a b c'")), 5, 9)
    >>> part.melody().pitches
    ['G4', 'A4', 'B4', 'C5']

    Lesson: lessons/06_sync.ipynb
    """
    if not isinstance(cue, Cue):
        raise ScoringError(f"excerpt_cue() takes a Cue, not {type(cue).__name__}")
    top = float(cue.quarter_length) + 1
    a = Fraction(_number(first_beat, "first_beat", 1, top, "beat 1 is the cue's start")).limit_denominator(12) - 1
    b = Fraction(_number(last_beat, "last_beat", 1, top, f"the cue ends at beat {top:g}")).limit_denominator(12) - 1
    if not a < b:
        raise ScoringError(f"beats {first_beat:g}-{last_beat:g}: last_beat must come after first_beat")
    layers = []
    for layer in cue.layers:
        out, t = [], Fraction(0)
        for c in layer.chords:
            s, e = max(t, a), min(t + c.duration, b)
            if e > s:
                out.append(Chord(c.pitches, e - s, c.velocity))
            t += c.duration
        if t < b:
            out.append(Chord((), b - max(t, a)))
        if any(not c.is_rest for c in out):
            layers.append(layer.with_(chords=tuple(out)))
    if not layers:
        layers = [cue.layers[0].with_(chords=(Chord((), b - a),))]
    return (cue.with_layers(layers).with_tempo_map(cue.tempo_map.slice(a, b))
            .with_name(name or f"{cue.name}, beats {float(first_beat):g}-{float(last_beat):g}"))


# ---------------------------------------------------------------- the click sheet
@dataclass(frozen=True)
class ClickRow:
    """One line of a click sheet: the bars, where they start (bar|beat and seconds), the tempo, the click.

    Examples
    --------
    >>> click_sheet(TempoMap.constant(120), beats=16)[0]
    ClickRow(bars='1-4', start='1|1', seconds=0.0, tempo='♩ = 120', click='12-0')

    Lesson: lessons/06_sync.ipynb
    """

    bars: str
    start: str
    seconds: float
    tempo: str
    click: str


@dataclass(frozen=True)
class ClickSheet:
    """A tempo map as a scoring stage's click sheet: one :class:`ClickRow` per section or hold.

    Examples
    --------
    >>> [row.click for row in click_sheet(TempoMap.constant(120).step(8, 90), beats=16)]
    ['12-0', '16-0']

    Lesson: lessons/06_sync.ipynb
    """

    rows: tuple[ClickRow, ...]
    fps: float

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> ClickRow:
        return self.rows[i]

    def __repr__(self) -> str:
        lines = [f"{'bars':<8} {'from':<6} {'at (s)':>7}  {'tempo':<10} click at {self.fps:g} fps"]
        lines += [f"{r.bars:<8} {r.start:<6} {r.seconds:7.2f}  {r.tempo:<10} {r.click}" for r in self.rows]
        return "\n".join(lines)


def _bpm_text(bpm: float) -> str:
    return f"{round(bpm, 2):g}"


def click_sheet(tempo: TempoMap | Motif | Cue, fps: float = 24, *, beats: float | None = None) -> ClickSheet:
    """A tempo map's sections as a click sheet prints them: bars, tempo, and the frame click
    (frames-eighths a beat) of each steady section, or "accel. 60→120" where the click speeds up;
    a hold (fermata) gets its own line.

    Examples
    --------
    >>> click_sheet(TempoMap.constant(60).ramp(16, 32, 120).hold(40, 2.0), beats=48)
    bars     from    at (s)  tempo      click at 24 fps
    1-4      1|1       0.00  ♩ = 60     24-0
    5-8      5|1      16.00  60→120     accel. 60→120
    9-12     9|1      27.09  ♩ = 120    12-0
    11       11|1     31.09  hold       hold 2 s (fermata)

    Lesson: lessons/06_sync.ipynb
    """
    clock = clock_of(tempo)
    if beats is None:
        if not isinstance(tempo, (Motif, Cue)):
            raise ScoringError("give beats=, the music's length in quarter notes, "
                               "e.g. click_sheet(tempo_map, beats=48)")
        beats = tempo.quarter_length
    end = _number(beats, "beats", 0, 4 * MAX_CLICKS, "the music's length in quarter notes, e.g. 48")
    frame_rate(fps)

    def bars(a, b) -> str:
        first, (last, pos) = clock.bar_beat(a)[0], clock.bar_beat(b)
        last -= 1 if pos == 1 else 0
        return f"{first}" if last <= first else f"{first}-{last}"

    rows = []
    for s in clock.sections(end):
        steady = s.kind == "steady"
        ramp = f"{_bpm_text(s.start_bpm)}→{_bpm_text(s.end_bpm)}"
        tempo_text = f"♩ = {_bpm_text(s.start_bpm)}" if steady else ramp
        rows.append((float(s.start_beat), 1, ClickRow(
            bars(s.start_beat, s.end_beat), clock.bar_beat_text(s.start_beat), clock.seconds_at(s.start_beat),
            tempo_text, frame_click(s.start_bpm, fps) if steady else f"{s.kind} {tempo_text}")))
    for b, held in clock.holds:
        if b < end:
            at = clock.seconds_at(b) - held
            rows.append((float(b), 0, ClickRow(bars(b, b), clock.bar_beat_text(b), at, "hold",
                                               f"hold {held:g} s (fermata)")))
    return ClickSheet(tuple(r for *_, r in sorted(rows, key=lambda r: r[:2])), frame_rate(fps)[2])


# ---------------------------------------------------------------- source music
def _bandpass_blocks(read, n: int, sr: int, low: float, high: float, out: np.ndarray) -> tuple[float, float]:
    """Band-pass ``read(i, j)`` (mono samples i..j) block by block into ``out``; returns (peak, power).

    Each block is filtered with a lead-in of the samples before it, long enough for the filter
    to forget its start, so the blocks join without a seam.
    """
    pre = min(n, int(math.ceil(sr * 40.0 / low)))
    peak, power = 0.0, 0.0
    for i in range(0, n, BLOCK):
        j = min(n, i + BLOCK)
        a = max(0, i - pre)
        part = bandpass(read(a, j), sr, low=low, high=high)[i - a:]
        out[i:j] = part
        # the power summed by NumPy, not np.dot: BLAS picks its kernel by processor, and its sums vary
        peak, power = max(peak, float(np.abs(part).max())), power + float(np.square(part).sum())
    return peak, power


def radio(samples: np.ndarray, sample_rate: int = 44100, *, low: float = 350.0, high: float = 3200.0,
          gain_db: float = -12.0, drive: float = 3.0) -> np.ndarray:
    """The same music as **source**: a small radio in the room. Band-limited (``low``-``high`` Hz, a
    Butterworth band-pass), a little overdriven (``drive`` 0 is clean), quieter, mono, in a small
    reflective room. Long sound is processed in blocks; the result is always finite, within ±1.

    Underscore sounds from nowhere, full range; a cue the characters can hear comes from a
    place, and a cheap speaker sounds like one.

    Examples
    --------
    >>> sr = 8000
    >>> t = np.arange(sr) / sr
    >>> y = np.stack([np.sin(2 * np.pi * 100 * t) + np.sin(2 * np.pi * 1000 * t)] * 2, axis=1)
    >>> r = radio(y, sr)
    >>> spec = np.abs(np.fft.rfft(r[:, 0]))
    >>> bool(spec[100] < 0.1 * spec[1000]), bool(np.abs(r).max() < np.abs(y).max())
    (True, True)

    Lesson: lessons/06_sync.ipynb
    """
    sr = check_rate(sample_rate)
    y = np.asarray(samples)
    if y.dtype.kind not in "iuf" or y.ndim not in (1, 2):
        raise ScoringError("radio() takes samples as from music.to_audio(): a 1-D or (n, 2) array of numbers")
    checked_samples(y[:1], sr, what="radio() samples")                     # mono or stereo, not empty
    if len(y) > (MAX_SECONDS + 10) * sr:
        raise ScoringError(f"radio() takes at most {MAX_SECONDS:.0f} s of sound; give a shorter excerpt")
    nyq = sr / 2
    low = _number(low, "low", 20, nyq - 1, "the radio's band is about 350-3200 Hz")
    high = _number(high, "high", 20, nyq - 1, "the radio's band is about 350-3200 Hz")
    if not low < high:
        raise ScoringError(f"the radio's band {low:g}-{high:g} Hz should lie inside 20-{nyq:g} Hz, low < high")
    drive = _number(drive, "drive", 0, 20, "0 is clean, 3 a little overdriven, 10 broken")
    gain = 10 ** (_number(gain_db, "gain_db", -60, 0, "the radio is quieter than the underscore: try -12") / 20)
    n = len(y)

    def mono(i: int, j: int) -> np.ndarray:
        x = np.nan_to_num(np.asarray(y[i:j], dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        return mono_mix(x)

    out = np.zeros((n, 2), dtype=np.float32)           # the result; meanwhile its columns hold the passes
    peak, power = _bandpass_blocks(mono, n, sr, low, high, out[:, 0])
    if peak > 0:
        def driven(i: int, j: int) -> np.ndarray:
            x = out[i:j, 0].astype(np.float64)
            return x if drive == 0 else np.tanh(drive * x / peak) / math.tanh(drive) * peak
        _, power2 = _bandpass_blocks(driven, n, sr, low, high, out[:, 1])  # a small speaker: no highs either
        scale = np.float32(math.sqrt(power / power2) * gain if power2 > 0 else 0.0)
        ir = int(0.5 * sr)
        carry = np.zeros((ir, 2), dtype=np.float32)
        for i in range(0, n, BLOCK):
            j = min(n, i + BLOCK)
            dry = np.concatenate([out[i:j, 1] * scale, np.zeros(ir, dtype=np.float32)])
            wet = room(dry, sr, wet=0.45, seconds=0.5)
            wet[:ir] += carry
            out[i:j], carry = safe(wet[:j - i]), wet[j - i:].copy()
    else:
        out[:] = 0.0
    return out if y.ndim == 2 and y.shape[1] == 2 else out.mean(axis=1, dtype=np.float32)
