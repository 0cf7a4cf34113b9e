"""Sync to picture: hit points, the tempo whose beats catch them, and cues built on its beat grid.

A film composer works to the frame. Picture is counted in **timecode** ``HH:MM:SS:FF``
(t = 3600·H + 60·M + S + FF/fps); a **hit** is a moment the music must catch; with beat 1 at the
cue's start a hit at t seconds lands on beat n = 1 + t·BPM/60, so one hit fixes a tempo
(BPM = 60·(n − 1)/t) and several hits ask for the tempo whose beats fall nearest all of them,
judged in frames of error. Every beat and second here comes from the one clock,
:class:`~scoring.core.time.TempoMap`. The tempo is given to the players as a **click**
(:mod:`scoring.click`: frames and eighths of a frame per beat, ``12-0`` is 120 BPM at 24 fps) and
the conductor sees **streamers**. This module re-exports the timecode maths of
:mod:`scoring.core.time` and the clicks of :mod:`scoring.click`; the plots, streamers and HTML
are in :mod:`scoring.sync_view`, which imports this module (never the other way).

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from scoring.click import (CLICK_SOUNDS, MAX_CLICKS, ClickRow, ClickSheet, click_sheet, click_times, click_track,
                           clock_of, excerpt_cue, frame_rate, radio, render_excerpt, thud, with_click)
from scoring.core import pitch
from scoring.core.cue import Chord, Cue, Layer
from scoring.core.film import check_real
from scoring.core.motif import Motif
from scoring.core.notes import MAX_SECONDS, check_tempo
from scoring.core.time import (FRAME_RATES, seconds_or_timecode, TEMPO_RANGE, TempoMap, bar_and_beat, beat_at, click_to_bpm, frame_click,
                               frames_to_timecode, seconds_at, seconds_to_timecode, tempo_for_hit,
                               timecode_to_frames, timecode_to_seconds)
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.harmony import bar_length, chord_pitch_classes

__all__ = [
    # fitting a tempo to hits, and cues on its grid (this module)
    "MAX_BEATS", "TempoFit", "at_tempo", "fit_errors", "fit_tempo", "layer_from_notes", "mickey_mouse", "sketch_cue",
    # the clock's timecode and beat maths (scoring.core.time)
    "FRAME_RATES", "TempoMap", "bar_and_beat", "beat_at", "click_to_bpm", "frame_click", "frames_to_timecode",
    "seconds_at", "seconds_to_timecode", "tempo_for_hit", "timecode_to_frames", "timecode_to_seconds",
    # clicks, excerpts and source music (scoring.click)
    "CLICK_SOUNDS", "MAX_CLICKS", "ClickRow", "ClickSheet", "click_sheet", "click_times", "click_track", "clock_of",
    "excerpt_cue", "frame_rate", "radio", "render_excerpt", "thud", "with_click",
]

#: The longest cue :func:`sketch_cue` and :func:`layer_from_notes` build, in quarter notes.
MAX_BEATS = 2000
_MAX_HITS = 64
_MAX_CLOCK = 360_000.0          # 100 hours: the last hour timecode can show


def _frac(x: object, what: str = "beat") -> Fraction:
    """A beat position as a fraction with a small denominator (triplets and sixteenths stay exact)."""
    value = check_real(x, what, "give beats (quarter notes) like 9 or 21.5")
    if abs(value) > 10 * MAX_BEATS:
        raise ScoringError(f"{what} {value:g} is far past the longest cue ({MAX_BEATS} beats)")
    return Fraction(int(x) if isinstance(x, np.integer) else x).limit_denominator(12)


# ---------------------------------------------------------------- fitting a tempo to hits
@dataclass(frozen=True, eq=False)
class TempoFit:
    """A tempo fitted to hit points: the tempo, the beat each hit lands on, and each error in frames.

    ``errors[i]`` is (time of the beat − time of the hit) × fps: negative means the music comes
    early. ``alternatives`` are the next-best tempos (each a ``TempoFit``), best first. The beats
    come from ``tempo_map``, the fit's clock (steady, or the map given to :func:`at_tempo`).

    Examples
    --------
    >>> fit_tempo([0, 10.0], (100, 140)).tempo_map
    TempoMap(120 BPM, 4/4)

    Lesson: lessons/06_sync.ipynb
    """

    bpm: float
    hits: tuple[float, ...]            # seconds after the cue's start
    beats: tuple[float, ...]           # the beat each hit lands on (1 = the start)
    errors: tuple[float, ...]          # frames, signed
    fps: float = 24.0
    subdivision: int = 1
    start: float = 0.0                 # when beat 1 sounds, on the hits' own clock
    beats_per_bar: int = 4
    bpm_range: tuple[float, float] = (60.0, 180.0)
    step: float = 1.0
    alternatives: tuple["TempoFit", ...] = field(default=(), repr=False)
    clicks: bool = False               # searched only the frame-click tempos
    clock: TempoMap | None = field(default=None, repr=False)

    @property
    def tempo_map(self) -> TempoMap:
        """The fit's clock: the map given to :func:`at_tempo`, or the fitted tempo held steady."""
        return self.clock or TempoMap.constant(self.bpm, time_signature=f"{self.beats_per_bar}/4")

    @property
    def click_bpm(self) -> float:
        """The tempo of the nearest frame click (what a frames-and-eighths click track really plays)."""
        return click_to_bpm(self.click, self.fps)

    @property
    def worst(self) -> float:
        """The largest error, in frames."""
        return max(abs(e) for e in self.errors)

    @property
    def click(self) -> str:
        """The tempo as a frame click (frames-eighths per beat)."""
        return frame_click(self.bpm, self.fps)

    def beat_times(self, until: float) -> np.ndarray:
        """Times (on the hits' clock) of every beat from beat 1 up to ``until`` seconds, by the fit's clock."""

        if isinstance(until, bool) or not isinstance(until, (int, float, np.number)) or not 0 <= until <= 3600:
            raise ScoringError(f"until {until!r} should be seconds from 0 to 3600, e.g. 30.0")
        if not until >= self.start:
            return np.zeros(0)
        last = math.floor(self.tempo_map.beat_at(min(until - self.start, _MAX_CLOCK)) + 1e-9)
        return self.start + self.tempo_map.seconds_at(np.arange(last + 1, dtype=float))

    def _where(self, beat: float) -> str:
        return bar_and_beat(beat, self.beats_per_bar) if self.clock is None else self.clock.bar_beat_text(beat - 1)

    def summary(self) -> str:
        """One line: the tempo, its click, the beat of each hit and the worst error."""
        beats = ", ".join(f"{b:g}" for b in self.beats)
        many = len(self.hits) != 1
        if self.clock is not None and not self.clock.is_constant:
            tempo = self.clock.summary()
        else:
            click = self.click if abs(self.click_bpm - self.bpm) < 0.005 else f"{self.click} ≈ {self.click_bpm:.2f} BPM"
            tempo = f"{round(self.bpm, 2):g} BPM (click {click})"
        return (f"{tempo}: {len(self.hits)} hit{'s' * many} on beat{'s' * many} {beats}; "
                f"worst error {self.worst:.1f} frames")

    def table(self) -> str:
        """One line per hit: when, which beat (and bar|beat), the error in frames."""
        lines = [f"{'hit':>3} {'at (s)':>7} {'beat':>6} {'bar|beat':>8} {'error (frames)':>15}"]
        for i, (t, b, e) in enumerate(zip(self.hits, self.beats, self.errors), 1):
            lines.append(f"{i:3d} {t + self.start:7.2f} {b:6g} {self._where(b):>8} {e:+15.2f}")
        return "\n".join(lines)

    def ranking(self) -> str:
        """The fitted tempo and its alternatives, best first."""
        lines = [f"{'rank':>4} {'BPM':>7} {'click':>6} {'worst (frames)':>15}  beats"]
        for i, f in enumerate((self,) + self.alternatives, 1):
            lines.append(f"{i:4d} {round(f.bpm, 2):7g} {f.click:>6} {f.worst:15.2f}  {', '.join(f'{b:g}' for b in f.beats)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def _errors(rel: np.ndarray, bpms: np.ndarray, subdivision: int, real_fps: float):
    """(beats, signed errors in frames) for every steady tempo (rows) and hit (columns).

    A steady clock at b BPM is the 60 BPM clock scaled by b/60: it counts b/60 times the beats in
    the same seconds. So the reference clock's rate is read once and scaled, and thousands of
    tempos are tried at once with plain arithmetic.
    """
    ref = TempoMap.constant(60)
    per_second = ref.beat_at(1.0) * (bpms[:, None] / ref.tempo) * subdivision   # subdivisions a second
    nearest = np.floor(rel[None, :] * per_second + 0.5)
    return 1.0 + nearest / subdivision, (nearest / per_second - rel[None, :]) * real_fps


def _worst_and_total(rel: np.ndarray, grid: np.ndarray, subdivision: int, real_fps: float):
    """The worst and total error (frames) at every tempo, a quarter of a million cells at a time (so memory
    stays small)."""
    worst, total = np.empty(len(grid)), np.empty(len(grid))
    rows = max(1, (1 << 18) // len(rel))
    for i in range(0, len(grid), rows):
        err = np.abs(_errors(rel, grid[i:i + rows], subdivision, real_fps)[1])
        worst[i:i + rows], total[i:i + rows] = err.max(axis=1), err.sum(axis=1)
    return np.round(worst, 9), np.round(total, 9)


def _tempo_grid(lo: float, hi: float, step: float) -> np.ndarray:
    n = int(math.floor((hi - lo) / step + 1e-9)) + 1
    return np.round(lo + step * np.arange(n), 6)


def _click_grid(lo: float, hi: float, real_fps: float) -> np.ndarray:
    """Every frame-click tempo (fps·60 / (frames + eighths/8)) in the range, slowest first."""
    top = real_fps * 60.0 * 8                   # eighths of a frame in a minute
    n = np.arange(int(math.ceil(top / hi - 1e-9)), int(math.floor(top / lo + 1e-9)) + 1)[::-1]
    return top / n


def _check_fit_args(hits, bpm_range, fps, subdivision, step, start, beats_per_bar):
    """(hits in seconds after the cue's start, (slowest, fastest), the start, real fps, the fps's name)."""
    _, real, key = frame_rate(fps)
    if isinstance(hits, (str, int, float, np.integer, np.floating)):
        hits = [hits]
    try:
        items = list(hits)
    except TypeError:
        raise ScoringError("hits should be a list of times in seconds (or timecodes), e.g. [0, 4.0, 9.5]") from None
    if not items:
        raise ScoringError("give at least one hit, e.g. fit_tempo([0, 4.0, 9.5])")
    if len(items) > _MAX_HITS:
        raise ScoringError(f"{len(items)} hits is more than fit_tempo takes ({_MAX_HITS}); a cue rarely has more "
                           "than a dozen")
    t0 = seconds_or_timecode(start, fps, "start")
    rel = np.array([seconds_or_timecode(h, fps, "hit") for h in items]) - t0
    if (rel < -1e-9).any():
        raise ScoringError(f"a hit at {float(rel.min() + t0):g} s comes before the cue's start ({t0:g} s); "
                           "beat 1 is the cue's start, so every hit must come after it")
    if rel.max() > MAX_SECONDS:
        raise ScoringError(f"a hit {float(rel.max()):g} s after the cue's start is past the {MAX_SECONDS:.0f} s a cue "
                           "may last; give start= (the cue's first frame) or split the scene into cues")
    try:
        lo, hi = (check_real(x, "bpm_range tempo", "give (slowest, fastest), e.g. (60, 180)") for x in bpm_range)
    except (TypeError, ValueError):
        raise ScoringError(f"bpm_range={bpm_range!r}: give (slowest, fastest), e.g. (60, 180)") from None
    if not TEMPO_RANGE[0] <= lo < hi <= TEMPO_RANGE[1]:
        raise ScoringError(f"bpm_range={bpm_range!r}: give (slowest, fastest) with {TEMPO_RANGE[0]:g} <= slowest < "
                           f"fastest <= {TEMPO_RANGE[1]:g}")
    if (isinstance(subdivision, (bool, np.bool_)) or not isinstance(subdivision, (int, float, np.integer, np.floating))
            or subdivision not in (1, 2, 3, 4)):
        raise ScoringError(f"subdivision={checks.show(subdivision)}: 1 (beats), 2 (eighths), 3 (triplets) or "
                           "4 (sixteenths)")
    if isinstance(step, bool) or not isinstance(step, (int, float, np.integer, np.floating)) or not 0.001 <= step <= 10:
        raise ScoringError(f"step={step!r}: the tempo resolution in BPM, 0.001-10 (1 = whole BPM, 0.01 = finer)")
    whole = isinstance(beats_per_bar, (int, np.integer)) and not isinstance(beats_per_bar, bool)
    if beats_per_bar is not None and not (whole and 1 <= beats_per_bar <= 32):
        raise ScoringError(f"beats_per_bar={beats_per_bar!r}: a whole number 1-32 (4 for 4/4)")
    return np.maximum(rel, 0.0), (lo, hi), t0, real, key


def fit_tempo(hits: Sequence[float | str], bpm_range: tuple[float, float] = (60, 180), fps: float = 24, *,
              subdivision: int = 1, step: float = 1.0, start: float | str = 0.0, target: float | None = None,
              beats_per_bar: int = 4, alternatives: int = 5, clicks: bool = False) -> TempoFit:
    """The tempo that puts every hit closest to a beat: the largest error, in frames, is as small as it can be.

    Beat 1 is the cue's start (``start``, on the hits' clock). Every tempo from the range, in
    steps of ``step`` BPM, is tried (what Dorico's Find Tempo does); each hit is moved to its
    nearest beat (or to the nearest eighth, triplet or sixteenth with ``subdivision`` 2, 3, 4),
    and the tempo with the smallest worst error wins; ties go to the smaller total error, then
    to the tempo nearest ``target`` (default: the middle of the range). The next-best tempos
    (the other local minima) are ranked in ``alternatives``. A finer grid always fits at least
    as well, so the fastest tempo in a wide range tends to win: the range is your choice of
    mood. A tempo in whole BPM is rarely a frame click (150 BPM lies between ``9-5``, 149.61 BPM,
    and ``9-4``, 150.26 BPM): with ``clicks=True`` only the click tempos, fps·60 / (frames +
    eighths/8), are tried, so the fit can be played on a frames-and-eighths click.

    Parameters
    ----------
    hits : times in seconds (or timecodes) on one clock, at most 600 s after ``start``.
    bpm_range : (slowest, fastest) tempo to consider.
    fps : frame rate that errors are counted in.
    subdivision : 1 = hits on beats; 2, 3, 4 = also on eighths, triplets, sixteenths.
    step : tempo resolution in BPM (1 = whole BPM, what most click tracks are set to).
    start : when the cue (beat 1) starts, on the hits' clock (seconds or a timecode).
    target : tie-break towards this tempo.
    beats_per_bar : for bar numbers in the tables and bar lines in the plots.
    alternatives : how many runner-up tempos to keep (0-20).
    clicks : try only the tempos of frame clicks (``step`` is then ignored).

    Examples
    --------
    >>> fit = fit_tempo([0, 4.0, 9.5, 15.25])
    >>> fit.bpm, fit.beats, round(fit.worst, 2)
    (165.0, (1.0, 12.0, 27.0, 43.0), 1.09)
    >>> fit_tempo([0, 4.0, 9.5, 15.25], clicks=True)
    164.57 BPM (click 8-6): 4 hits on beats 1, 12, 27, 43; worst error 1.5 frames

    Lesson: lessons/06_sync.ipynb
    """
    rel, (lo, hi), t0, real, key = _check_fit_args(hits, bpm_range, fps, subdivision, step, start, beats_per_bar)
    clicks = checks.flag(clicks, "clicks")
    aim = (lo + hi) / 2 if target is None else check_real(target, "target", "a tempo in BPM to prefer on ties")
    keep = alternatives
    if isinstance(keep, bool) or not isinstance(keep, (int, np.integer)) or not 0 <= keep <= 20:
        raise ScoringError(f"alternatives={alternatives!r}: how many runner-up tempos to keep, 0-20")
    grid = _click_grid(lo, hi, real) if clicks else _tempo_grid(lo, hi, float(step))
    if not len(grid):
        raise ScoringError(f"no frame click lies in {lo:g}-{hi:g} BPM at {key:g} fps; widen the range")
    worst, total = _worst_and_total(rel, grid, subdivision, real)
    order = np.lexsort((np.abs(grid - aim), total, worst))
    best = int(order[0])
    # runner-ups: local minima of the worst error along the tempo axis (one per plateau)
    left = np.r_[True, (worst[1:] < worst[:-1]) | ((worst[1:] == worst[:-1]) & (total[1:] < total[:-1]))]
    right = np.r_[worst[:-1] <= worst[1:], True]
    minima = np.flatnonzero(left & right)
    minima = minima[minima != best]
    minima = minima[np.lexsort((np.abs(grid[minima] - aim), total[minima], worst[minima]))][:int(keep)]
    per_bar = 4 if beats_per_bar is None else int(beats_per_bar)

    def make(i: int, alts=()) -> TempoFit:
        beats, err = _errors(rel, grid[i:i + 1], subdivision, real)
        return TempoFit(float(grid[i]), tuple(float(x) for x in rel), tuple(float(b) for b in beats[0]),
                        tuple(float(e) for e in err[0]), key, int(subdivision), t0, per_bar, (lo, hi),
                        float(step), tuple(alts), bool(clicks))

    return make(best, [make(int(i)) for i in minima])


def at_tempo(hits: Sequence[float | str], tempo: float | TempoMap, fps: float = 24, *, subdivision: int = 1,
             start: float | str = 0.0, beats_per_bar: int | None = None) -> TempoFit:
    """Where hits fall on a clock you chose: each hit's nearest beat and its error in frames.

    ``tempo`` is a steady BPM or a :class:`TempoMap` (an accel. into a hit, a fermata before it):
    each hit's beat is read off the clock with ``beat_at``, rounded to the nearest beat (or
    subdivision), and that beat's ``seconds_at`` is compared with the hit.

    Examples
    --------
    >>> fit = at_tempo([0, 10.5], 116)
    >>> fit.beats, round(fit.errors[1], 1)
    ((1.0, 21.0), -3.7)
    >>> at_tempo([0, 2.773], TempoMap.constant(60).ramp(0, 4, 120))  # an accel. into the hit
    60→120 BPM: 2 hits on beats 1, 5; worst error 0.0 frames

    Lesson: lessons/06_sync.ipynb
    """
    clock = clock_of(tempo, beats_per_bar=beats_per_bar)
    rel, _, t0, real, key = _check_fit_args(hits, TEMPO_RANGE, fps, subdivision, 1.0, start, beats_per_bar)
    nearest = np.floor(clock.beat_at(rel) * subdivision + 0.5) / subdivision
    err = (clock.seconds_at(nearest) - rel) * real
    bpm = clock.tempo
    around = (max(TEMPO_RANGE[0], 0.8 * bpm), min(TEMPO_RANGE[1], 1.25 * bpm))      # for the error landscape
    return TempoFit(bpm, tuple(float(x) for x in rel), tuple(float(b) for b in 1.0 + nearest),
                    tuple(float(e) for e in err), key, int(subdivision), t0, int(clock.metres[0][1].split("/")[0]),
                    around, 1.0, (), False, clock if isinstance(tempo, TempoMap) else None)


def fit_errors(hits: Sequence[float | str], bpm_range: tuple[float, float] = (60, 180), fps: float = 24, *,
               subdivision: int = 1, step: float = 0.1, start: float | str = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The worst hit error (frames) at every tempo of a range: the landscape :func:`fit_tempo` searches.

    Examples
    --------
    >>> bpms, worst = fit_errors([0, 10.0], (100, 140), step=10)
    >>> [(int(b), round(float(w), 1)) for b, w in zip(bpms, worst)]
    [(100, 4.8), (110, 4.4), (120, 0.0), (130, 3.7), (140, 3.4)]

    Lesson: lessons/06_sync.ipynb
    """
    rel, (lo, hi), _, real, _ = _check_fit_args(hits, bpm_range, fps, subdivision, step, start, 4)
    grid = _tempo_grid(lo, hi, float(step))
    return grid, _worst_and_total(rel, grid, subdivision, real)[0]


# ---------------------------------------------------------------- building a cue on the grid
def layer_from_notes(role: str, notes: Sequence[tuple[float, float, Sequence[int], int]], *, total: float,
                     instrument: str = "Acoustic Grand Piano", articulation: str = "normal") -> Layer:
    """A cue layer from notes placed by beat: ``(onset, duration, pitches, velocity)`` with onsets in
    quarter notes from the cue's start (0 = beat 1). Gaps become rests; a note is cut short where
    the next one starts; the layer is padded with rest to ``total`` quarter notes (at most 2000).

    Examples
    --------
    >>> layer = layer_from_notes("hits", [(2, 1, [60, 64], 110)], total=4)
    >>> [(c.pitches, float(c.duration)) for c in layer.chords]
    [((), 2.0), ((60, 64), 1.0), ((), 1.0)]

    Lesson: lessons/06_sync.ipynb
    """
    end = _frac(total, "total")
    if not 0 < end <= MAX_BEATS:
        raise ScoringError(f"total={total!r}: the layer's length in quarter notes, above 0 and at most {MAX_BEATS}")
    try:
        items = sorted((_frac(o, "onset"), _frac(d, "duration"), tuple(int(p) for p in ps), int(v))
                       for o, d, ps, v in notes)
    except (TypeError, ValueError):
        raise ScoringError("notes should be (onset, duration, [pitches], velocity) tuples, "
                           "e.g. (2, 1, [60, 64], 110)") from None
    chords, t = [], Fraction(0)
    for i, (onset, dur, pitches, vel) in enumerate(items):
        if onset < t or onset >= end or not pitches:
            continue
        nxt = items[i + 1][0] if i + 1 < len(items) else end
        stop = min(onset + dur, nxt if nxt > onset else onset + dur, end)
        if onset > t:
            chords += _rests(onset - t)
        chords.append(Chord(pitches, stop - onset, max(1, min(127, vel))))
        t = stop
    if t < end:
        chords += _rests(end - t)
    return Layer(role, tuple(chords), instrument, articulation)


def _rests(length: Fraction) -> list:
    """A long silence as rests of at most 16 quarter notes (four bars of 4/4)."""
    out = []
    while length > 0:
        piece = min(length, Fraction(16))
        out.append(Chord((), piece))
        length -= piece
    return out


def _spans_hit(spans, beat) -> bool:
    return any(a <= beat < b for a, b in spans)


def _spans(items, what: str) -> list[tuple[Fraction, Fraction]]:
    try:
        return [(_frac(a, what) - 1, _frac(b, what) - 1) for a, b in items]
    except (TypeError, ValueError):
        raise ScoringError(f"{what} should be (from, to) beat pairs, e.g. [(7, 9)]") from None


def sketch_cue(bpm: float | TempoMap, *, beats: float, hits: Sequence[float] = (), pulse: Motif | None = None,
               melody: Motif | None = None,
               melody_at: Sequence[float] = (1,), chords: Sequence[str] = ("i",), key: str = "D minor",
               time_signature: str = "4/4", silences: Sequence[tuple[float, float]] = (),
               quiet: Sequence[tuple[float, float]] = (), shape: Callable[[float], float] | None = None,
               stab: str | None = "Brass Section", timpani: bool = True, name: str = "Cue") -> Cue:
    """A cue built on the beat grid of one clock, so its accents land on the hits.

    ``bpm`` is a steady tempo or a :class:`TempoMap` (whose first metre then sets the bars).
    Layers: ``pulse`` (a one-bar motif repeated under the chords), ``melody`` (a motif stated at
    each beat of ``melody_at``), strings holding the chords (one per bar, cycled), a bass on the
    roots, and **stabs** on every hit: a chord on the ``stab`` instrument (None: no chord) and,
    with ``timpani``, a timpani stroke on the chord's root. All beat numbers count from 1 at
    the cue's start, like :func:`fit_tempo`'s.

    - ``silences``: (from, to) beat spans where everything drops out (a breath before a hit);
    - ``quiet``: spans under dialogue: no melody, soft accompaniment;
    - ``shape``: beat → target tension 0..1; it sets the dynamics (pp to ff) and, below 0.3,
      thins the pulse to the beats only.

    Examples
    --------
    >>> pulse = Motif.parse("4/4 d8 d a d d a d a", key="D minor")
    >>> cue = sketch_cue(120, beats=24, hits=[1, 21], pulse=pulse, chords=["i", "bVI"])
    >>> cue.tempo, float(cue.quarter_length), [r.role for r in cue.layers]
    (120.0, 24.0, ['pulse', 'harmony', 'bass', 'stabs', 'timpani'])

    Lesson: lessons/06_sync.ipynb
    """
    if stab is not None and not isinstance(stab, str):
        raise ScoringError(f"stab={stab!r}: name the instrument of the chords on the hits, like 'Brass Section', "
                           "or None for no chords")
    if not isinstance(timpani, (bool, np.bool_)):
        raise ScoringError(f"timpani={timpani!r}: True (a stroke on every hit) or False")
    if isinstance(bpm, TempoMap):
        clock, time_signature = bpm, bpm.metres[0][1]
    else:
        clock = TempoMap.constant(check_tempo(bpm), time_signature=time_signature)
    total = _frac(beats, "beats")
    if not 1 <= total <= MAX_BEATS:
        raise ScoringError(f"beats={beats!r}: the cue's length in beats, 1-{MAX_BEATS}")
    for m, what in ((pulse, "pulse"), (melody, "melody")):
        if m is not None and not isinstance(m, Motif):
            raise ScoringError(f"{what} should be a Motif, e.g. Motif.parse('4/4 d8 d a d d a d a')")
    names = [chords] if isinstance(chords, str) else checks.items(
        chords, "chords", "give Roman numerals, like ['i', 'bVI', 'bVII']", most=MAX_BEATS)
    if not names:
        raise ScoringError("give at least one chord, e.g. chords=['i', 'bVI', 'bVII']")
    silent, hushed = _spans(silences, "silences"), _spans(quiet, "quiet")
    hit_q = sorted({_frac(h, "hit") - 1 for h in checks.items(hits, "hits", "give the hits' beats, like [1, 21]",
                                                                most=MAX_CLICKS)})
    for h in hit_q:
        if not 0 <= h < total:
            raise ScoringError(f"hit on beat {float(h) + 1:g} is outside the cue (beats 1-{float(total):g})")
    melody_at = [_frac(b, "melody_at") for b in ([melody_at] if isinstance(melody_at, (int, float, np.number)) else
                                                 checks.items(melody_at, "melody_at", "give beats, like [1, 9]",
                                                              most=MAX_BEATS))]
    tonic_pc = pitch.parse_key(key)[0]
    pcs = [chord_pitch_classes(c, key) for c in names]
    bar = bar_length(time_signature)
    n_bars = int(math.ceil(total / bar))
    if shape is not None and not callable(shape):
        raise ScoringError("shape: give a function from beat to tension 0..1 (like the scene's tension curve), "
                           f"not {type(shape).__name__}")
    level = (lambda b: 0.6) if shape is None else shape
    terraces: dict[Fraction, int] = {}    # half bar -> its velocity: the shape is read once per half bar

    half = bar / 2
    hush_starts = sorted({a for a, _ in silent + hushed})

    def vel(q: Fraction, accent: int = 0) -> int:
        """Velocity from the shape, one level per half bar (terraced, so the score is readable)."""
        start = q // half * half
        if start not in terraces:
            terraces[start] = int(round(30 + 90 * min(1.0, max(0.0, float(level(float(start) + 1))))))
        v = terraces[start] + accent
        return min(v, 52) if hushed and _spans_hit(hushed, q) else v

    def free(q: Fraction) -> bool:
        return not (silent and _spans_hit(silent, q))

    def until_hush(q: Fraction, dur: Fraction) -> Fraction:
        """A note's length, cut where the next silence or dialogue starts."""
        i = bisect.bisect_right(hush_starts, q)
        return hush_starts[i] - q if i < len(hush_starts) and hush_starts[i] < q + dur else dur

    def chord_at(q: Fraction):
        return pcs[int(q // bar) % len(pcs)]

    mode = pitch.parse_key(key)[2]

    def steps_for(q: Fraction) -> int:
        """Scale steps from the tonic to the chord's root (-3..3): the pulse moves with the chords, in the key."""
        root = chord_at(q)[0]
        _, degree, _ = pitch.scale_degree(root + 60 if root >= tonic_pc else root + 72, tonic_pc, mode)
        return degree - 7 if degree > 3 else degree

    def moved(p: int, k: int) -> int:
        if k == 0:
            return p
        o, d, a = pitch.scale_degree(p, tonic_pc, mode)
        return pitch.from_scale_degree(o, d + k, a, tonic_pc, mode)

    layers = []
    if melody is not None:
        notes = []
        for start in melody_at:
            q = start - 1
            for n in melody.notes:
                if not n.is_rest and q < total and free(q) and not _spans_hit(hushed, q):
                    notes.append((q, until_hush(q, n.duration), [n.pitch], vel(q, 8)))
                q += n.duration
        if notes:
            layers.append(layer_from_notes("melody", notes, total=total, instrument=melody.instrument,
                                           articulation="legato"))
    if pulse is not None:
        notes, q = [], Fraction(0)
        length = pulse.quarter_length
        while q < total:
            k = steps_for(q)
            t = q
            for n in pulse.notes:
                if not n.is_rest and t < total and free(t):
                    thin = t.denominator != 1 and float(level(float(t) + 1)) < 0.3
                    if not thin:
                        notes.append((t, until_hush(t, n.duration), [moved(n.pitch, k)], vel(t)))
                t += n.duration
            q += length
        layers.append(layer_from_notes("pulse", notes, total=total, instrument=pulse.instrument,
                                       articulation="staccato"))
    harm, bass = [], []
    edges = sorted({x for span in silent + hushed for x in span} | set(hit_q))   # where a held chord is cut
    for k in range(n_bars):
        q0 = bar * k
        inside = edges[bisect.bisect_right(edges, q0):bisect.bisect_left(edges, q0 + bar)]
        cut = sorted({min(c, total) for c in [q0, *inside, q0 + bar]})
        pc = chord_at(q0)
        voiced = [pc[0] + 48 + (12 if pc[0] + 48 < 50 else 0)]
        for p in pc[1:]:
            voiced.append(voiced[-1] + ((p - voiced[-1]) % 12 or 12))
        root = voiced[0] - 12 if voiced[0] - 12 >= 33 else voiced[0]
        for a, b in zip(cut, cut[1:]):
            if b > a and free(a):
                harm.append((a, b - a, voiced, max(20, vel(a) - 14)))
                bass.append((a, b - a, [root - 12 if root - 12 >= 28 else root], vel(a) - 6))
    layers.append(layer_from_notes("harmony", harm, total=total, instrument="String Ensemble 1", articulation="legato"))
    layers.append(layer_from_notes("bass", bass, total=total, instrument="Contrabass", articulation="legato"))
    if hit_q:
        stabs, timp = [], []
        for h in hit_q:
            pc = chord_at(h)
            top = [pc[0] + 60 - (12 if pc[0] + 60 > 66 else 0)]
            for p in pc[1:]:
                top.append(top[-1] + ((p - top[-1]) % 12 or 12))
            v = max(vel(h, 24), 64) if not _spans_hit(hushed, h) else vel(h, 10)
            stabs.append((h, until_hush(h, Fraction(1)), top, min(127, v)))
            timp.append((h, until_hush(h, Fraction(2)), [pc[0] + 36 + (12 if pc[0] + 36 < 40 else 0)], min(127, v)))
        if stab is not None:
            layers.append(layer_from_notes("stabs", stabs, total=total, instrument=stab, articulation="staccato"))
        if timpani:
            layers.append(layer_from_notes("timpani", timp, total=total, instrument="Timpani"))
    how = f"{clock.summary()}, {len(hit_q)} hits on the grid" + (f", {len(silent)} silences" if silent else "")
    return Cue(tuple(layers), name, key, clock.tempo, time_signature, notes=how, tempo_map=clock)


def mickey_mouse(fit: TempoFit, pitches: Sequence[str | int], *, instrument: str = "Pizzicato Strings",
                 key: str = "C major", name: str = "Mickey-mousing", tail: float = 2.0) -> Cue:
    """Music that mimics every action: one note on each hit of a fit (use ``subdivision=4`` so each
    lands on a sixteenth), the pitches following the motion, the last one a loud chord. The cue
    runs on the fit's clock.

    The 1930s-40s cartoon and Steiner habit; now mostly comic, because the music stops telling you
    anything the picture does not.

    Examples
    --------
    >>> fit = fit_tempo([0, 0.5, 1.25, 2.0], (100, 140), subdivision=4)
    >>> cue = mickey_mouse(fit, ["C4", "D4", "E4", "G4"])
    >>> [c.pitches for c in cue.layers[0].chords if c.pitches][:3]
    [(60,), (62,), (64,)]

    Lesson: lessons/06_sync.ipynb
    """
    if not isinstance(fit, TempoFit):
        raise ScoringError("mickey_mouse() takes a TempoFit: fit_tempo(actions, subdivision=4)")
    pitches = checks.items(pitches, "pitches", f"give a list of one pitch per action: {len(fit.beats)} actions",
                           most=MAX_CLICKS)
    if len(pitches) != len(fit.beats):
        raise ScoringError(f"give a list of one pitch per action: {len(fit.beats)} actions")
    midi = [pitch.midi_number(p) for p in pitches]
    qs = [_frac(b) - 1 for b in fit.beats]
    end = _frac(tail, "tail")
    if not 0 < end <= 16:
        raise ScoringError(f"tail={tail!r}: the last chord's length in quarter notes, above 0 and at most 16")
    total = qs[-1] + end
    notes = []
    for i, (q, p) in enumerate(zip(qs, midi)):
        last = i == len(qs) - 1
        dur = end if last else min(qs[i + 1] - q, Fraction(1, 2))
        notes.append((q, dur, [p - 12, p - 5, p, p + 4] if last else [p], 118 if last else 84))
    layer = layer_from_notes("actions", notes, total=total, instrument=instrument)
    clock = fit.tempo_map
    return Cue((layer,), name, key, clock.tempo, clock.metres[0][1], notes=f"a note on each of {len(qs)} actions",
               tempo_map=clock)
