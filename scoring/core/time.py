"""The package's one clock: tempo maps, beats and seconds, bars, timecode and frame clicks.

Nothing outside this module writes ``60 / tempo``: every conversion between beats and seconds,
bars and beats, timecode and frames, tempos and frame clicks lives here, so that a cue, its
click track, its score and its picture all keep the same time.

A :class:`TempoMap` counts **beats in quarter notes from 0** at the start of the music. Its
tempo runs in a straight line (per beat) between breakpoints (an accel. or rit.), changes
suddenly where two breakpoints share a beat, and stays at the last one; the seconds are the
exact integral of 60/BPM. A **hold** stops the clock at a beat (a fermata or general pause).
The hit-point helpers moved here from :mod:`scoring.sync` (:func:`beat_at`, :func:`seconds_at`,
:func:`tempo_for_hit`, :func:`bar_and_beat`) keep the cue-sheet convention: **beat 1** is the
cue's start. Every bad value raises a :class:`~scoring.errors.ScoringError` saying how to fix it.

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import flag, number

__all__ = [
    "FPS", "FRAME_RATES", "MAX_BREAKPOINTS", "MAX_QUERY", "TEMPO_RANGE", "Section", "TempoMap", "bar_and_beat", "beat_at",
    "click_to_bpm", "frame_click", "seconds_or_timecode", "frames_to_timecode", "seconds_at", "seconds_to_timecode",
    "tempo_for_hit", "timecode_to_frames", "timecode_to_seconds", "is_compound",
]

#: The tempos (quarter-note BPM) anyone can play, slowest to fastest.
TEMPO_RANGE = (20.0, 400.0)
#: The most entries a tempo map keeps in each list (tempi, holds, metres).
MAX_BREAKPOINTS = 1000
#: Frame rates: fps -> (frame numbers per timecode second, real frames per second).
FRAME_RATES: dict[float, tuple[int, float]] = {
    23.976: (24, 24000 / 1001),
    24.0: (24, 24.0),
    25.0: (25, 25.0),
    29.97: (30, 30000 / 1001),
    30.0: (30, 30.0),
}
#: The frame rates this module knows (film runs at 24).
FPS: tuple[float, ...] = tuple(FRAME_RATES)
#: The most beats or seconds one call looks up at once (a value per note or beat, never per sample).
MAX_QUERY = 1_000_000
_MAX_BEAT = 1_000_000          # beats; far past any cue
_MAX_SECONDS = 360_000.0       # 100 hours, past the last hour timecode can show
_TICKS = 960                   # floats are read as fractions of a beat with denominators up to this
_TC = re.compile(r"^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$")
_CLICK = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_TS = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


# ---------------------------------------------------------------- checking values
def _is_number(x: object) -> bool:
    return isinstance(x, (numbers.Real, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def _real(x: object, what: str, fix: str) -> float:
    """A finite real number (int, float, Fraction or numpy number) as a float; bools are refused."""
    return number(x, what, fix)


def _fraction(x: object, value: float) -> Fraction:
    """Exact for ints and fractions; a float becomes the nearest fraction with a small denominator."""
    if isinstance(x, (numbers.Rational, np.integer)):
        return Fraction(int(x)) if isinstance(x, np.integer) else Fraction(x)
    return Fraction(value).limit_denominator(_TICKS)


def _beat(x: object, what: str = "beat") -> Fraction:
    value = _real(x, what, "give beats as quarter notes counted from 0, like 8 or 2.5")
    if value < 0:
        raise ScoringError(f"{what} {value:g} is negative; beats count from 0 at the start of the music")
    if value > _MAX_BEAT:
        raise ScoringError(f"{what} {value:g} is past beat {_MAX_BEAT:,}; split the music into shorter cues")
    return _fraction(x, value)


def _check_bpm(bpm: object, what: str = "tempo") -> float:
    try:
        value = float(bpm) if _is_number(bpm) else math.nan
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ScoringError(f"{what} {bpm!r} is not a number of beats per minute; try 96")
    lo, hi = TEMPO_RANGE
    if not lo <= value <= hi:
        raise ScoringError(f"{what} {value:g} BPM is outside {lo:g}-{hi:g}; film cues sit roughly between "
                           "40 (lament) and 180 (chase)")
    return value


def _whole(x: object, what: str, lo: int, hi: int) -> int:
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer)) or not lo <= x <= hi:
        raise ScoringError(f"{what} {x!r} should be a whole number from {lo} to {hi}")
    return int(x)


def _time_signature(ts: object) -> tuple[int, int]:
    m = _TS.match(ts) if isinstance(ts, str) else None
    if not m:
        raise ScoringError(f"{ts!r} is not a time signature; write beats/unit like '4/4', '3/4' or '6/8'")
    num, den = int(m.group(1)), int(m.group(2))
    if not 1 <= num <= 32:
        raise ScoringError(f"{ts!r}: a bar holds 1 to 32 beats; split a longer bar into two")
    if den not in (1, 2, 4, 8, 16, 32):
        raise ScoringError(f"{ts!r}: the unit below the line is 1, 2, 4, 8, 16 or 32 (4 = quarter notes)")
    return num, den


def _pairs(items: object, what: str, example: str) -> list[tuple]:
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise ScoringError(f"{what} {items!r} should be a list of pairs, like ({example},)")
    items = list(items)
    if len(items) > MAX_BREAKPOINTS:
        raise ScoringError(f"{what} has {len(items)} entries, more than {MAX_BREAKPOINTS}; split the cue")
    out = []
    for item in items:
        try:
            a, b = item
        except (TypeError, ValueError):
            raise ScoringError(f"{what} entry {item!r} should be a pair, like {example}") from None
        out.append((a, b))
    return out


def _query(value: object, what: str, limit: float) -> tuple[np.ndarray, bool]:
    """(float array, was it one number?) for beats or seconds to look up; refuses bad values."""
    size = value.size if isinstance(value, np.ndarray) else len(value) if isinstance(value, (list, tuple)) else 1
    if size > MAX_QUERY:
        raise ScoringError(f"{what} holds {size:,} values, more than {MAX_QUERY:,} at once; "
                           "look up fewer (one per beat or note, not per sample)")
    if _is_number(value):
        arr, scalar = np.array([_real(value, what, "give a number")]), True
    elif (isinstance(value, np.ndarray) and (value.dtype.kind in "iuf" or value.dtype.kind == "O" and all(
            _is_number(v) for v in value.ravel()))) or (
            isinstance(value, (list, tuple)) and all(_is_number(v) for v in value)):
        try:
            arr, scalar = np.asarray(value, dtype=float), False
        except (TypeError, ValueError, OverflowError):
            raise ScoringError(f"{what} should be numbers; got {value!r}") from None
    else:
        raise ScoringError(f"{what} {value!r} should be a number or a list/array of numbers (not text or True)")
    if arr.size:
        if not np.isfinite(arr).all():
            raise ScoringError(f"{what} {arr[~np.isfinite(arr)][0]} is not a finite number; drop NaN and inf")
        if arr.min() < 0:
            raise ScoringError(f"{what} {arr.min():g} is negative; the music starts at 0")
        if arr.max() > limit:
            raise ScoringError(f"{what} {arr.max():g} is past {limit:,g}; split the music into shorter cues")
    return arr, scalar


def _num(x: Fraction) -> int | Fraction:
    return int(x) if x.denominator == 1 else x


def _fmt(bpm: float) -> str:
    return f"{round(bpm, 2):g}"


def _kind(t0: float, t1: float) -> str:
    return "steady" if t1 == t0 else "accel." if t1 > t0 else "rit."


# ---------------------------------------------------------------- normalising a map's lists
def _norm_tempi(items: object) -> tuple:
    pts = []
    for beat, bpm in _pairs(items, "tempo map", "(8, 120)"):
        b, t = _beat(beat, "tempo map beat"), _check_bpm(bpm)
        if pts and b < pts[-1][0]:
            raise ScoringError("tempo map beats must not go backwards; list the breakpoints in time order")
        pts.append((b, t))
    if not pts:
        raise ScoringError("a tempo map needs at least one tempo, like tempi=((0, 96),); or use TempoMap.constant(96)")
    if pts[0][0] != 0:
        pts.insert(0, (Fraction(0), pts[0][1]))
    runs: list[list] = []                       # breakpoints sharing a beat: keep the first and last
    for p in pts:
        runs[-1].append(p) if runs and runs[-1][-1][0] == p[0] else runs.append([p])
    pts = [p for r in runs for p in ((r[-1],) if r[0][0] == 0 or r[0][1] == r[-1][1] else (r[0], r[-1]))]
    out = [pts[0]]                              # and drop breakpoints that change nothing
    for i, p in enumerate(pts[1:], 1):
        nxt = pts[i + 1] if i + 1 < len(pts) else None
        if p[1] == out[-1][1] and (nxt is None or (nxt[0] > p[0] and nxt[1] == p[1])):
            continue
        out.append(p)
    return tuple(out)


def _norm_holds(items: object) -> tuple:
    out = []
    for beat, seconds in _pairs(items, "holds", "(8, 2.0)"):
        b = _beat(beat, "hold beat")
        s = _real(seconds, "hold of", "give the seconds the clock stops, like 2.0")
        if not 0 < s <= 60:
            raise ScoringError(f"a hold of {s:g} s: a hold lasts more than 0 and at most 60 seconds; "
                               "for a longer silence end the cue and start another")
        if out and b <= out[-1][0]:
            raise ScoringError("hold beats must not go backwards; list the holds in time order" if b < out[-1][0]
                               else f"two holds at beat {float(b):g}; give one hold per beat (add their seconds)")
        out.append((b, s))
    return tuple(out)


def _norm_metres(items: object) -> tuple:
    out = []
    for beat, ts in _pairs(items, "metres", "(0, '4/4')"):
        b, (num, den) = _beat(beat, "metre beat"), _time_signature(ts)
        if not out and b != 0:
            raise ScoringError("the first metre must start at beat 0, like metres=((0, '4/4'), (8, '3/4'))")
        if out and b <= out[-1][0]:
            raise ScoringError(f"two metres at beat {float(b):g}; keep one" if b == out[-1][0]
                               else "metre beats must not go backwards; list the metres in time order")
        if out:
            m, (pn, pd) = out[-1][0], _time_signature(out[-1][1])
            if (b - m) % Fraction(4 * pn, pd):
                raise ScoringError(f"metre {num}/{den} at beat {float(b):g} does not start on a barline of "
                                   f"{pn}/{pd}; move it to a barline (bars of {pn}/{pd} last {4 * pn / pd:g} beats)")
        out.append((b, f"{num}/{den}"))
    if not out:
        raise ScoringError("give at least one metre, like metres=((0, '4/4'),)")
    return tuple(p for i, p in enumerate(out) if i == 0 or p[1] != out[i - 1][1])


# ---------------------------------------------------------------- the vectorised clock
class _Clock:
    """One row per stretch of the map that takes time: start beat, start BPM, slope, seconds so far."""

    def __init__(self, tempi: tuple, holds: tuple) -> None:
        rows = []
        for i, (b0, t0) in enumerate(tempi):
            b1, t1 = tempi[i + 1] if i + 1 < len(tempi) else (None, t0)
            if b1 is None or b1 > b0:           # a step (b1 == b0) takes no time
                rows.append((float(b0), t0, 0.0 if b1 is None else (t1 - t0) / float(b1 - b0)))
        self.start, self.t0, self.k = (np.array(c, dtype=float) for c in zip(*rows))
        spans = self._span(np.diff(self.start), self.t0[:-1], self.k[:-1])
        self.cum = np.concatenate(([0.0], np.cumsum(spans)))
        self.hold_beat = np.array([float(b) for b, _ in holds], dtype=float)
        self.prefix = np.concatenate(([0.0], np.cumsum([s for _, s in holds])))
        at = self.base(self.hold_beat)
        self.hold_start, self.hold_end = at + self.prefix[:-1], at + self.prefix[1:]

    @staticmethod
    def _span(d, t0, k):
        """Seconds for d beats from tempo t0 changing by k BPM per beat: 60/k·ln(1 + k·d/t0), or 60·d/t0."""
        safe = np.where(k == 0, 1.0, k)
        return np.where(k == 0, 60.0 * d / t0, 60.0 / safe * np.log1p(safe * d / t0))

    def base(self, b):
        i = np.searchsorted(self.start, b, side="right") - 1
        return self.cum[i] + self._span(b - self.start[i], self.t0[i], self.k[i])

    def bpm(self, b):
        i = np.searchsorted(self.start, b, side="right") - 1
        return self.t0[i] + self.k[i] * (b - self.start[i])

    def seconds(self, b):
        return self.base(b) + self.prefix[np.searchsorted(self.hold_beat, b, side="right")]

    def beats(self, s):
        j = np.searchsorted(self.hold_end, s, side="right")      # holds over by then
        u = s - self.prefix[j]
        i = np.searchsorted(self.cum, u, side="right") - 1
        du, t0, k = u - self.cum[i], self.t0[i], self.k[i]
        safe = np.where(k == 0, 1.0, k)
        out = self.start[i] + np.where(k == 0, du * t0 / 60.0, t0 / safe * np.expm1(safe * du / 60.0))
        if not self.hold_beat.size:
            return out
        jc = np.minimum(j, self.hold_beat.size - 1)
        return np.where((j < self.hold_beat.size) & (s >= self.hold_start[jc]), self.hold_beat[jc], out)


# ---------------------------------------------------------------- the tempo map
@dataclass(frozen=True)
class Section:
    """A stretch of a tempo map for a variable click track: steady, "accel." or "rit.".

    Beats are quarter notes from 0; the tempo runs in a straight line from ``start_bpm`` to ``end_bpm``.

    Examples
    --------
    >>> TempoMap(tempi=((0, 60), (8, 120))).sections(8)[0]
    Section(start_beat=0, end_beat=8, start_bpm=60.0, end_bpm=120.0, kind='accel.')

    Lesson: lessons/06_sync.ipynb
    """

    start_beat: Fraction | int
    end_beat: Fraction | int
    start_bpm: float
    end_bpm: float
    kind: str


@dataclass(frozen=True, repr=False)
class TempoMap:
    """The clock of a piece of music: tempo breakpoints, holds and metre changes (a value; methods return new maps).

    Beats are quarter notes from 0. ``tempi`` are ``(beat, BPM)`` breakpoints: the tempo runs in a
    straight line per beat between them (accel./rit.), two on one beat make a sudden change, and
    it stays at the last. ``holds`` are ``(beat, seconds)``: the clock stops there (a fermata or
    G.P.). ``metres`` are ``(beat, "3/4")``, the first at 0, each on a barline of the one before.
    Floats are read as fractions of a beat (denominator up to 960).

    Examples
    --------
    >>> TempoMap(tempi=((0, 60), (8, 120)), holds=((8, 2.0),), metres=((0, "4/4"), (8, "3/4")))
    TempoMap(60→120 BPM, 4/4→3/4, 1 hold)

    Lesson: lessons/06_sync.ipynb
    """

    tempi: tuple
    holds: tuple = ()
    metres: tuple = ((0, "4/4"),)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tempi", _norm_tempi(self.tempi))
        object.__setattr__(self, "holds", _norm_holds(self.holds))
        object.__setattr__(self, "metres", _norm_metres(self.metres))
        object.__setattr__(self, "_clock", _Clock(self.tempi, self.holds))
        bars, before = [], 0                    # (start beat, num, den, bar length, bars before it)
        for i, (m, ts) in enumerate(self.metres):
            num, den = _time_signature(ts)
            if i:
                before += int((m - bars[-1][0]) / bars[-1][3])
            bars.append((m, num, den, Fraction(4 * num, den), before))
        object.__setattr__(self, "_bars", tuple(bars))

    # ------------------------------------------------------------ building maps
    @classmethod
    def constant(cls, bpm: float, *, time_signature: str = "4/4") -> "TempoMap":
        """A map with one tempo throughout, in one metre.

        Examples
        --------
        >>> TempoMap.constant(96, time_signature="3/4").seconds_at(3)
        1.875

        Lesson: lessons/06_sync.ipynb
        """
        return cls(tempi=((0, bpm),), metres=((0, time_signature),))

    def ramp(self, start_beat: float, end_beat: float, to_bpm: float) -> "TempoMap":
        """An accel. or rit.: from ``start_beat`` the tempo moves in a straight line to ``to_bpm`` at ``end_beat``.

        Breakpoints between the two beats are replaced; later ones are kept.

        Examples
        --------
        >>> TempoMap.constant(60).ramp(4, 12, 120).bpm_at([4, 8, 12, 20]).tolist()
        [60.0, 90.0, 120.0, 120.0]

        Lesson: lessons/02_tension.ipynb
        """
        s, e = _beat(start_beat, "ramp start_beat"), _beat(end_beat, "ramp end_beat")
        if e <= s:
            raise ScoringError(f"a ramp needs end_beat ({float(e):g}) after start_beat ({float(s):g}); "
                               "for a sudden change use .step(beat, bpm)")
        before = [p for p in self.tempi if p[0] <= s]
        if before[-1][0] != s:
            before.append((s, self._tempo_near(s)))
        after = [p for p in self.tempi if p[0] > e]
        return replace(self, tempi=(*before, (e, _check_bpm(to_bpm, "ramp to_bpm")), *after))

    def step(self, beat: float, bpm: float) -> "TempoMap":
        """A sudden tempo change at ``beat`` (a new metronome mark); later breakpoints are kept.

        Examples
        --------
        >>> TempoMap.constant(120).step(8, 90).bpm_at([7.5, 8]).tolist()
        [120.0, 90.0]

        Lesson: lessons/06_sync.ipynb
        """
        b, t = _beat(beat, "step beat"), _check_bpm(bpm)
        before = [p for p in self.tempi if p[0] < b] + ([(b, self._tempo_near(b, left=True))] if b else [])
        return replace(self, tempi=(*before, (b, t), *(p for p in self.tempi if p[0] > b)))

    def hold(self, beat: float, seconds: float) -> "TempoMap":
        """The clock stops at ``beat`` for ``seconds`` (a fermata or G.P.); replaces any hold there.

        A note ending on ``beat`` is held through the hold; a note starting there starts after it.

        Examples
        --------
        >>> TempoMap.constant(120).hold(4, 1.5).seconds_at([4, 5]).tolist()
        [3.5, 4.0]

        Lesson: lessons/05_silence.ipynb
        """
        b = _beat(beat, "hold beat")
        holds = sorted([h for h in self.holds if h[0] != b] + [(b, seconds)], key=lambda h: h[0])
        return replace(self, holds=tuple(holds))

    def metre(self, beat: float, time_signature: str) -> "TempoMap":
        """A metre change at ``beat`` (on a barline of the metre before it); replaces any change there.

        Examples
        --------
        >>> TempoMap.constant(96).metre(8, "3/4").bar_beat_text(11)
        '4|1'

        Lesson: lessons/06_sync.ipynb
        """
        b = _beat(beat, "metre beat")
        metres = sorted([m for m in self.metres if m[0] != b] + [(b, time_signature)], key=lambda m: m[0])
        return replace(self, metres=tuple(metres))

    def scaled(self, factor: float) -> "TempoMap":
        """Every tempo times ``factor`` (1.1 is 10 % faster); holds and metres are kept.

        Examples
        --------
        >>> TempoMap(tempi=((0, 60), (8, 120))).scaled(1.5).summary()
        '90→180 BPM'

        Lesson: lessons/06_sync.ipynb
        """
        f = _real(factor, "scale factor", "give a positive number like 1.1 (10 % faster)")
        lo, hi = min(t for _, t in self.tempi), max(t for _, t in self.tempi)
        if f <= 0 or not TEMPO_RANGE[0] <= lo * f <= hi * f <= TEMPO_RANGE[1]:
            raise ScoringError(f"scaling by {f:g} takes {_fmt(lo)}-{_fmt(hi)} BPM outside {TEMPO_RANGE[0]:g}-"
                               f"{TEMPO_RANGE[1]:g}; choose a factor from {TEMPO_RANGE[0] / lo:.3g} to "
                               f"{TEMPO_RANGE[1] / hi:.3g}")
        return replace(self, tempi=tuple((b, t * f) for b, t in self.tempi))

    def with_tempo(self, bpm: float) -> "TempoMap":
        """One steady tempo throughout, keeping the metres and holds (``.scaled`` keeps the shape instead).

        Examples
        --------
        >>> TempoMap(tempi=((0, 60), (8, 120))).with_tempo(96)
        TempoMap(96 BPM, 4/4)

        Lesson: lessons/06_sync.ipynb
        """
        return replace(self, tempi=((0, bpm),))

    def slice(self, start_beat: float, end_beat: float) -> "TempoMap":
        """The map of the excerpt from ``start_beat`` to ``end_beat``, re-based so that it starts at beat 0.

        Holds after the start up to and including the end come along; bars count from the excerpt's start.

        Examples
        --------
        >>> TempoMap.constant(60).ramp(0, 8, 120).slice(4, 8).summary()
        '90→120 BPM'

        Lesson: lessons/06_sync.ipynb
        """
        s, e = _beat(start_beat, "slice start_beat"), _beat(end_beat, "slice end_beat")
        if e <= s:
            raise ScoringError(f"slice end_beat ({float(e):g}) must come after start_beat ({float(s):g})")
        inner = [(m - s, ts) for m, ts in self.metres if s < m < e]
        if inner and not self._on_barline(s):
            raise ScoringError(f"the excerpt starts at beat {float(s):g}, inside a bar, and holds a metre change; "
                               "start it on a barline")
        tempi = [(0, self._tempo_near(s)), *((b - s, t) for b, t in self.tempi if s < b < e),
                 (e - s, self._tempo_near(e, left=True))]
        holds = tuple((b - s, x) for b, x in self.holds if s < b <= e)
        return TempoMap(tempi=tuple(tempi), holds=holds, metres=((0, self._metre_at(s)), *inner))

    def then(self, other: "TempoMap", at_beat: float) -> "TempoMap":
        """This map up to ``at_beat`` (a barline), then ``other`` starting there.

        Holds of both at ``at_beat`` add up.

        Examples
        --------
        >>> TempoMap.constant(120).then(TempoMap.constant(60, time_signature="3/4"), 8)
        TempoMap(120→60 BPM, 4/4→3/4)

        Lesson: lessons/06_sync.ipynb
        """
        if not isinstance(other, TempoMap):
            raise ScoringError(f"then() joins another TempoMap, not {type(other).__name__}")
        at = _beat(at_beat, "at_beat")
        if not self._on_barline(at):
            raise ScoringError(f"at_beat {float(at):g} is inside a bar; join maps at a barline, "
                               f"e.g. {float(self.beat_of(self.bar_beat(at)[0] + 1)):g}")
        tempi = [p for p in self.tempi if p[0] < at] + ([(at, self._tempo_near(at, left=True))] if at else [])
        holds: dict = {b: x for b, x in self.holds if b <= at}
        for b, x in other.holds:
            holds[b + at] = holds.get(b + at, 0.0) + x
            if holds[b + at] > 60:
                raise ScoringError(f"the holds at beat {float(at):g} add up to {holds[b + at]:g} s, more than 60; "
                                   "shorten one of them")
        return TempoMap(tempi=(*tempi, *((b + at, t) for b, t in other.tempi)), holds=tuple(holds.items()),
                        metres=(*(m for m in self.metres if m[0] < at), *((b + at, ts) for b, ts in other.metres)))

    def stretched(self, factor: float) -> "TempoMap":
        """Every beat position times ``factor``, for music whose notes are augmented (2) or diminished (0.5).

        Breakpoints, holds and metre changes move with the notes; tempos and hold seconds stay.

        Examples
        --------
        >>> TempoMap.constant(60).ramp(0, 4, 120).stretched(2).tempi
        ((Fraction(0, 1), 60.0), (Fraction(8, 1), 120.0))

        Lesson: lessons/06_sync.ipynb
        """
        value = _real(factor, "stretch factor", "2 doubles every beat position, 0.5 halves it")
        if value <= 0:
            raise ScoringError(f"stretch factor {value:g} must be above 0; 2 doubles every beat position, "
                               "0.5 halves it")
        f = _fraction(factor, value)
        if f == 0:
            raise ScoringError(f"stretch factor {value:g} is too small; use at least 1/{_TICKS}")
        move = lambda pairs: tuple((b * f, x) for b, x in pairs)  # noqa: E731
        return TempoMap(tempi=move(self.tempi), holds=move(self.holds), metres=move(self.metres))

    # ------------------------------------------------------------ tempo
    @property
    def tempo(self) -> float:
        """The tempo at beat 0, in quarter-note BPM.

        Examples
        --------
        >>> TempoMap(tempi=((0, 60), (8, 120))).tempo
        60.0

        Lesson: lessons/06_sync.ipynb
        """
        return self.tempi[0][1]

    @property
    def is_constant(self) -> bool:
        """True when the tempo never changes (holds may still stop the clock).

        Examples
        --------
        >>> TempoMap.constant(96).is_constant, TempoMap.constant(96).step(4, 80).is_constant
        (True, False)

        Lesson: lessons/06_sync.ipynb
        """
        return len(self.tempi) == 1

    def bpm_at(self, beat):
        """The tempo at a beat (after any sudden change there); a number or a numpy array of them.

        Examples
        --------
        >>> TempoMap(tempi=((0, 60), (8, 120))).bpm_at(4)
        90.0

        Lesson: lessons/02_tension.ipynb
        """
        b, scalar = _query(beat, "beat", _MAX_BEAT)
        out = self._clock.bpm(b)
        return float(out[0]) if scalar else out

    def _tempo_near(self, b: Fraction, *, left: bool = False) -> float:
        """The tempo at beat b, or just before it (``left``), interpolated without leaving the range."""
        for (b0, t0), (b1, t1) in zip(self.tempi, self.tempi[1:]):
            if b1 > b0 and (b0 < b <= b1 if left else b0 <= b < b1):
                v = t0 + (t1 - t0) * float((b - b0) / (b1 - b0))
                return min(max(v, min(t0, t1)), max(t0, t1))
        return self.tempi[0][1] if b <= 0 else self.tempi[-1][1]

    # ------------------------------------------------------------ seconds and beats
    def seconds_at(self, beat):
        """Seconds from the start of the music to ``beat``: the exact integral of 60/BPM, plus holds.

        Every hold at a beat ≤ ``beat`` counts, so a note ending on a hold's beat is held
        through it and a note starting there starts after it. Takes a number or an array
        (vectorised); a ramp from t0 changing by k BPM per beat takes 60/k·ln(t(b)/t0) seconds.

        Examples
        --------
        >>> round(TempoMap(tempi=((0, 60), (8, 120))).seconds_at(8), 4)  # 8·ln 2
        5.5452

        Lesson: lessons/06_sync.ipynb
        """
        b, scalar = _query(beat, "beat", _MAX_BEAT)
        out = self._clock.seconds(b)
        return float(out[0]) if scalar else out

    def onset_seconds(self, beat):
        """When a note starting on ``beat`` sounds: :meth:`seconds_at`, so after any hold at that beat.

        Examples
        --------
        >>> TempoMap.constant(60).hold(2, 3.0).onset_seconds([1, 2, 3]).tolist()
        [1.0, 5.0, 6.0]

        Lesson: lessons/05_silence.ipynb
        """
        return self.seconds_at(beat)

    def beat_at(self, seconds):
        """The beat sounding ``seconds`` after the start: the exact inverse of :meth:`seconds_at`.

        Inside a hold it is the hold's beat. Takes a number or an array (vectorised).

        Examples
        --------
        >>> TempoMap.constant(120).hold(4, 2.0).beat_at([1.0, 2.5, 4.5])
        array([2., 4., 5.])

        Lesson: lessons/06_sync.ipynb
        """
        s, scalar = _query(seconds, "time (seconds)", _MAX_SECONDS)
        out = self._clock.beats(s)
        return float(out[0]) if scalar else out

    def duration(self, beats, *, start: float = 0):
        """Seconds that ``beats`` quarter notes last from ``start`` (holds after ``start`` included).

        Examples
        --------
        >>> TempoMap.constant(90).duration(6, start=2)
        4.0

        Lesson: lessons/06_sync.ipynb
        """
        s0 = float(_beat(start, "start"))
        b, scalar = _query(beats, "duration in beats", _MAX_BEAT)
        out = self._clock.seconds(s0 + b) - self._clock.seconds(np.float64(s0))
        return float(out[0]) if scalar else out

    def hold_spans(self) -> list[tuple[float, float]]:
        """(start, end) in seconds of every hold: the stretches where the clock stands still.

        Examples
        --------
        >>> TempoMap.constant(120).hold(4, 2.0).hold_spans()
        [(2.0, 4.0)]

        Lesson: lessons/05_silence.ipynb
        """
        return [(float(a), float(b)) for a, b in zip(self._clock.hold_start, self._clock.hold_end)]

    # ------------------------------------------------------------ bars
    def _row(self, b: Fraction) -> tuple:
        return [r for r in self._bars if r[0] <= b][-1]

    def _metre_at(self, b: Fraction) -> str:
        return f"{self._row(b)[1]}/{self._row(b)[2]}"

    def _on_barline(self, b: Fraction) -> bool:
        m, _, _, length, _ = self._row(b)
        return (b - m) % length == 0

    def bar_beat(self, beat: float) -> tuple[int, int | Fraction]:
        """(bar, beat in the bar), both from 1; the beat counts the metre's unit (6/8 counts eighths).

        Examples
        --------
        >>> TempoMap.constant(120, time_signature="6/8").bar_beat(1.5)
        (1, 4)

        Lesson: lessons/06_sync.ipynb
        """
        b = _beat(beat)
        m, _, den, length, before = self._row(b)
        bars, pos = divmod(b - m, length)
        return before + int(bars) + 1, _num(pos * den / 4 + 1)

    def bar_beat_text(self, beat: float) -> str:
        """Bar and beat as a conductor says them: ``"5|3"`` (``"5|3.5"`` between beats).

        Examples
        --------
        >>> TempoMap.constant(96).bar_beat_text(18)
        '5|3'

        Lesson: lessons/06_sync.ipynb
        """
        bar, pos = self.bar_beat(beat)
        return f"{bar}|{pos:g}" if isinstance(pos, int) else f"{bar}|{float(pos):.4g}"

    def beat_of(self, bar: int, beat: float = 1) -> int | Fraction:
        """The beat (quarter notes from 0) of bar ``bar``, beat ``beat`` (both from 1): :meth:`bar_beat` undone.

        Examples
        --------
        >>> TempoMap.constant(96).metre(8, "3/4").beat_of(4, 2)
        12

        Lesson: lessons/06_sync.ipynb
        """
        n = _whole(bar, "bar", 1, _MAX_BEAT)
        x = _real(beat, "beat in the bar", "count from 1, the downbeat")
        m, num, den, length, before = [r for r in self._bars if r[4] < n][-1]
        if not 1 <= x < num + 1:
            raise ScoringError(f"bar {n} is in {num}/{den}: its beats run from 1 up to (not including) {num + 1}")
        return _num(m + (n - 1 - before) * length + (_fraction(beat, x) - 1) * Fraction(4, den))

    def barlines(self, until_beat: float) -> list[int | Fraction]:
        """The beats on which bars start, from 0 up to ``until_beat``.

        Examples
        --------
        >>> TempoMap.constant(96).metre(8, "3/4").barlines(14)
        [0, 4, 8, 11, 14]

        Lesson: lessons/06_sync.ipynb
        """
        end = _beat(until_beat, "until_beat")
        if self.bar_beat(end)[0] > 100_000:
            raise ScoringError(f"more than 100,000 bars up to beat {float(end):g}; ask for a shorter stretch")
        out = []
        for i, (m, _, _, length, _) in enumerate(self._bars):
            stop = self._bars[i + 1][0] if i + 1 < len(self._bars) else end + 1
            b = m
            while b < stop and b <= end:
                out.append(_num(b))
                b += length
        return out

    # ------------------------------------------------------------ reading the map
    def _segments(self):
        """(start beat, end beat or None, start BPM, end BPM) for every stretch that takes time."""
        pts = self.tempi
        for i, (b0, t0) in enumerate(pts):
            b1, t1 = pts[i + 1] if i + 1 < len(pts) else (None, t0)
            if b1 is None or b1 > b0:
                yield b0, b1, t0, t1

    def sections(self, until_beat: float) -> list[Section]:
        """The map up to ``until_beat`` as steady/accel./rit. sections, as a variable click track lists it.

        Examples
        --------
        >>> [s.kind for s in TempoMap.constant(60).ramp(4, 8, 120).sections(12)]
        ['steady', 'accel.', 'steady']

        Lesson: lessons/06_sync.ipynb
        """
        end = _beat(until_beat, "until_beat")
        if end <= 0:
            raise ScoringError("until_beat must be after beat 0, e.g. the cue's length in beats")
        out = []
        for b0, b1, t0, t1 in self._segments():
            if b0 >= end:
                break
            stop = end if b1 is None or b1 > end else b1
            t_stop = t1 if stop == b1 else self._tempo_near(stop, left=True)
            out.append(Section(_num(b0), _num(stop), t0, t_stop, _kind(t0, t1)))
        return out

    def marks(self, *, general_pauses=()) -> list[tuple[int | Fraction, str]]:
        """(beat, text) for the score: "♩ = 96" where a steady tempo starts, "accel."/"rit.", "fermata".

        A hold is marked "fermata", or "G.P." if its beat is in ``general_pauses`` (a hold over silence).

        Examples
        --------
        >>> TempoMap.constant(60).ramp(4, 8, 120).hold(12, 2.0).marks()
        [(0, '♩ = 60'), (4, 'accel.'), (8, '♩ = 120'), (12, 'fermata')]

        Lesson: lessons/06_sync.ipynb
        """
        gp = set()
        if not isinstance(general_pauses, (list, tuple, set, frozenset)):
            raise ScoringError(f"general_pauses should be a list of beats, not {type(general_pauses).__name__}; e.g. [8]")
        for beat in general_pauses:
            b = _beat(beat, "general pause beat")
            if b not in dict(self.holds):
                raise ScoringError(f"beat {float(b):g} has no hold to mark G.P.; add one with .hold({float(b):g}, 2.0)")
            gp.add(b)
        out, prev_end, prev_kind = [], None, None
        for b0, _, t0, t1 in self._segments():
            kind, jump = _kind(t0, t1), t0 != prev_end
            if jump or (kind == "steady" and prev_kind != "steady"):
                out.append((1, b0, f"♩ = {_fmt(t0)}"))
            if kind != "steady" and (jump or prev_kind != kind):
                out.append((1, b0, kind))
            prev_end, prev_kind = t1, kind
        out += [(0, b, "G.P." if b in gp else "fermata") for b, _ in self.holds]
        return [(_num(b), text) for _, b, text in sorted(out, key=lambda m: (m[1], m[0]))]

    def summary(self) -> str:
        """The tempo in a few characters: ``"96 BPM"``, or the tempi it passes through in order,
        ``"60→120 BPM"``, ``"126→158→84 BPM"`` (with ``…`` for the middle when there are more than four).

        Examples
        --------
        In a compound metre (6/8, 9/8, 12/8) the felt beat is the dotted quarter, shown beside it:

        >>> [m.summary() for m in (TempoMap.constant(96), TempoMap.constant(126).ramp(0, 8, 158).ramp(8, 16, 84),
        ...                        TempoMap.constant(168, time_signature="6/8"))]
        ['96 BPM', '126→158→84 BPM', '168 BPM (♩. = 112)']

        Lesson: lessons/06_sync.ipynb
        """
        if self.is_constant:
            bpm = self.tempi[0][1]
            compound = all(is_compound(ts) for _, ts in self.metres)
            return f"{_fmt(bpm)} BPM (♩. = {_fmt(bpm / 1.5)})" if compound else f"{_fmt(bpm)} BPM"
        path: list[float] = []
        for _, bpm in self.tempi:
            if not path or _fmt(bpm) != _fmt(path[-1]):
                path.append(bpm)
        if len(path) > 4:
            path = [path[0], path[1], None, path[-1]]
        return "→".join("…" if t is None else _fmt(t) for t in path) + " BPM"

    def __repr__(self) -> str:
        metres = "→".join(ts for _, ts in self.metres)
        n = len(self.holds)
        return f"TempoMap({self.summary()}, {metres}{f', {n} hold' + 's' * (n != 1) if n else ''})"


def is_compound(time_signature: str) -> bool:
    """True for a compound metre (6/8, 9/8, 12/8): beats of three eighths.

    Examples
    --------
    >>> is_compound("6/8"), is_compound("12/8"), is_compound("3/8"), is_compound("2/4")
    (True, True, False, False)

    Lesson: lessons/04_motif_evolution.ipynb
    """
    top, _, bottom = str(time_signature).partition("/")
    return bottom == "8" and top.isdigit() and int(top) % 3 == 0 and int(top) > 3


# ---------------------------------------------------------------- timecode
def _rate(fps: float) -> tuple[int, float, float]:
    """(nominal frames per second, real frames per second, the canonical fps key)."""
    if not _is_number(fps):
        raise ScoringError(f"fps={fps!r} is not a frame rate; use 24 (film), 25 (PAL), 29.97 or 30 (NTSC), or 23.976")
    for key, (nominal, real) in FRAME_RATES.items():
        if abs(float(fps) - key) < 0.006:
            return nominal, real, key
    raise ScoringError(f"{fps} fps is not a frame rate I know; use one of "
                       f"{', '.join(f'{k:g}' for k in FRAME_RATES)} (film runs at 24)")


def timecode_to_frames(tc: str, fps: float = 24) -> int:
    """The frame number of a timecode ``HH:MM:SS:FF`` (``HH:MM:SS;FF`` is drop-frame, at 29.97 fps only).

    Drop-frame timecode skips the frame numbers 00 and 01 at the start of every minute except
    every tenth, so that its clock keeps up with real time at 29.97 frames a second.

    Examples
    --------
    >>> timecode_to_frames("00:00:01:12"), timecode_to_frames("00:01:00;02", 29.97)
    (36, 1800)

    Lesson: lessons/06_sync.ipynb
    """
    nominal, _, key = _rate(fps)
    if not isinstance(tc, str):
        raise ScoringError(f"timecode {tc!r} should be text like '01:00:04:12' (hours:minutes:seconds:frames)")
    text = tc.strip()
    if text.startswith("-"):
        raise ScoringError(f"timecode {tc!r} is negative; timecode counts up from 00:00:00:00 (reel 1 usually "
                           "starts at 01:00:00:00)")
    m = _TC.match(text)
    if not m:
        raise ScoringError(f"{tc!r} is not a timecode; write HH:MM:SS:FF with two digits each, "
                           "e.g. '01:00:04:12' (hours, minutes, seconds, frames)")
    h, mi, s, sep, f = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4), int(m.group(5))
    if mi >= 60 or s >= 60:
        raise ScoringError(f"{tc!r}: minutes and seconds run 00-59")
    if f >= nominal:
        raise ScoringError(f"{tc!r}: frame {f:02d} does not exist at {key:g} fps; frames count 00-{nominal - 1:02d}, "
                           f"and {nominal} frames make the next second")
    drop = sep == ";"
    if drop and key != 29.97:
        raise ScoringError(f"{tc!r}: ';' marks drop-frame timecode, which exists only at 29.97 fps; "
                           "write ':' or pass fps=29.97")
    frames = ((h * 60 + mi) * 60 + s) * nominal + f
    if drop:
        if s == 0 and f < 2 and mi % 10 != 0:
            raise ScoringError(f"{tc!r} does not exist in drop-frame timecode: frames 00 and 01 are skipped at the "
                               f"start of every minute except every tenth; the next frame is "
                               f"{h:02d}:{mi:02d}:00;02")
        minutes = h * 60 + mi
        frames -= 2 * (minutes - minutes // 10)
    return frames


def frames_to_timecode(frames: int, fps: float = 24, *, drop_frame: bool | None = None) -> str:
    """The timecode of a frame number (drop-frame with ``;`` by default at 29.97 fps).

    Examples
    --------
    >>> frames_to_timecode(36), frames_to_timecode(1800, 29.97)
    ('00:00:01:12', '00:01:00;02')

    Lesson: lessons/06_sync.ipynb
    """
    nominal, _, key = _rate(fps)
    if isinstance(frames, (bool, np.bool_)) or not isinstance(frames, (int, np.integer)):
        raise ScoringError(f"frame number {frames!r} should be a whole number")
    if frames < 0:
        raise ScoringError(f"frame {frames} is before 00:00:00:00; timecode cannot be negative")
    drop = key == 29.97 if drop_frame is None else flag(drop_frame, "drop_frame")
    if drop and key != 29.97:
        raise ScoringError(f"drop-frame timecode exists only at 29.97 fps, not {key:g}; use drop_frame=False")
    n = int(frames)
    if drop:
        tens, rest = divmod(n, 17982)            # 17982 frames in ten drop-frame minutes
        n += 18 * tens + (2 * ((rest - 2) // 1798) if rest > 1 else 0)
    f = n % nominal
    s = (n // nominal) % 60
    mi = (n // (nominal * 60)) % 60
    h = n // (nominal * 3600)
    if h > 99:
        raise ScoringError(f"frame {frames} is past 99:59:59, the last hour timecode can show")
    return f"{h:02d}:{mi:02d}:{s:02d}{';' if drop else ':'}{f:02d}"


def timecode_to_seconds(tc: str, fps: float = 24) -> float:
    """Seconds from 00:00:00:00 to a timecode ``HH:MM:SS:FF``: t = 3600·H + 60·M + S + FF/fps.

    At 23.976 and 29.97 fps the frames run slightly slower than the numbers (1000/1001), so the
    seconds are the real running time; ``HH:MM:SS;FF`` (semicolon) is drop-frame at 29.97.
    Bad timecodes (frames ≥ fps, wrong shape, negative) raise a :class:`ScoringError` saying why.

    Parameters
    ----------
    tc : the timecode, e.g. ``"01:00:04:12"``.
    fps : 23.976, 24 (film, the default), 25, 29.97 or 30.

    Examples
    --------
    >>> timecode_to_seconds("00:00:10:12"), timecode_to_seconds("00:01:02:20", 25)
    (10.5, 62.8)
    >>> round(timecode_to_seconds("00:10:00;00", 29.97), 2)  # drop-frame keeps up with the clock
    600.0

    Lesson: lessons/06_sync.ipynb
    """
    _, real, _ = _rate(fps)
    return timecode_to_frames(tc, fps) / real


def seconds_to_timecode(s: float, fps: float = 24, *, drop_frame: bool | None = None) -> str:
    """The timecode of a moment ``s`` seconds after 00:00:00:00, to the nearest frame.

    At 29.97 fps it is drop-frame (``;``) unless ``drop_frame=False``.

    Examples
    --------
    >>> seconds_to_timecode(10.5), seconds_to_timecode(3600, 25), seconds_to_timecode(600.0, 29.97)
    ('00:00:10:12', '01:00:00:00', '00:10:00;00')

    Lesson: lessons/06_sync.ipynb
    """
    _, real, _ = _rate(fps)
    value = _real(s, "time", "give seconds, like 10.5")
    if value < 0:
        raise ScoringError(f"{value:g} s is before 00:00:00:00; timecode cannot be negative")
    if value >= _MAX_SECONDS:
        raise ScoringError(f"{value:g} s is past 99:59:59, the last hour timecode can show")
    return frames_to_timecode(int(math.floor(value * real + 0.5)), fps, drop_frame=drop_frame)


def seconds_or_timecode(value: float | str, fps: float, what: str = "time") -> float:
    """A time given as seconds or as a timecode string, checked (finite, within 100 hours).

    Examples
    --------
    >>> seconds_or_timecode("00:00:10:12", 24), seconds_or_timecode(2.5, 24)
    (10.5, 2.5)

    Lesson: lessons/06_sync.ipynb
    """
    if isinstance(value, str):
        return timecode_to_seconds(value, fps)
    t = _real(value, what, "give seconds (a number) or a timecode like '01:00:04:12'")
    if abs(t) > _MAX_SECONDS:
        raise ScoringError(f"{what} {t:g} s is more than 100 hours; give seconds from the cue's start")
    return t


# ---------------------------------------------------------------- beats, tempos and clicks (beat 1 = the cue's start)
def beat_at(seconds: float, bpm: float) -> float:
    """The beat a moment falls on, with beat 1 at the cue's start: n = 1 + t·BPM/60.

    Examples
    --------
    >>> beat_at(10.0, 120), beat_at(9.5, 165)
    (21.0, 27.125)

    Lesson: lessons/06_sync.ipynb
    """
    t = seconds_or_timecode(seconds, 24, "time")
    if t < 0:
        raise ScoringError(f"time {t:g} s is before the cue's start (0 s, beat 1)")
    return 1.0 + TempoMap.constant(_check_bpm(bpm)).beat_at(t)


def seconds_at(beat: float, bpm: float) -> float:
    """When a beat sounds, in seconds after the cue's start (beat 1 is at 0 s): t = 60·(n − 1)/BPM.

    Examples
    --------
    >>> seconds_at(21, 120), seconds_at(1, 90)
    (10.0, 0.0)

    Lesson: lessons/06_sync.ipynb
    """
    n = _real(beat, "beat", "count beats from 1, the cue's start")
    if n < 1:
        raise ScoringError(f"beat {n:g} comes before beat 1, the cue's start; count beats from 1")
    return TempoMap.constant(_check_bpm(bpm)).seconds_at(n - 1.0)


def tempo_for_hit(seconds: float, beat: float) -> float:
    """The tempo that puts a hit ``seconds`` after the cue's start exactly on ``beat`` (beat 1 at the start).

    BPM = 60·(n − 1)/t: the hit is n − 1 beats after the downbeat that starts the cue. A
    fractional beat (21.5) puts the hit on an off-beat.

    Examples
    --------
    >>> tempo_for_hit(10.0, 21), tempo_for_hit(7.5, 17)
    (120.0, 128.0)

    Lesson: lessons/06_sync.ipynb
    """
    t = seconds_or_timecode(seconds, 24, "the hit")
    if t <= 0:
        raise ScoringError(f"the hit is at {t:g} s; it must come after the cue's start (beat 1 is at 0 s)")
    if not _is_number(beat) or not math.isfinite(beat) or not beat > 1:
        raise ScoringError(f"beat {beat!r}: give the beat the hit should land on, above 1 (beat 1 is the cue's start)")
    bpm = 60.0 * (float(beat) - 1.0) / t
    if not TEMPO_RANGE[0] <= bpm <= TEMPO_RANGE[1]:
        raise ScoringError(f"to land {t:g} s on beat {float(beat):g} the tempo would be {bpm:.1f} BPM, which no one "
                           "can play; choose a beat nearer 1 + t·2 (120 BPM)")
    return bpm


def frame_click(bpm: float, fps: float = 24) -> str:
    """A tempo as a frame click: frames and eighths of a frame per beat (``"12-0"`` is 120 BPM at 24 fps).

    Frames per beat = fps·60/BPM (1440/BPM at 24 fps), rounded to the nearest eighth of a frame,
    the way click tempos are written on a scoring stage.

    Examples
    --------
    >>> frame_click(120), frame_click(117.55), frame_click(165)
    ('12-0', '12-2', '8-6')

    Lesson: lessons/06_sync.ipynb
    """
    _, real, _ = _rate(fps)
    eighths = int(math.floor(real * 60.0 / _check_bpm(bpm) * 8 + 0.5))
    return f"{eighths // 8}-{eighths % 8}"


def click_to_bpm(click: str, fps: float = 24) -> float:
    """The tempo of a frame click ``"frames-eighths"``: BPM = 60·fps / (frames + eighths/8).

    Examples
    --------
    >>> click_to_bpm("12-0"), round(click_to_bpm("12-2"), 2), click_to_bpm("24-0")
    (120.0, 117.55, 60.0)

    Lesson: lessons/06_sync.ipynb
    """
    _, real, key = _rate(fps)
    m = _CLICK.match(click) if isinstance(click, str) else None
    if not m:
        raise ScoringError(f"{click!r} is not a frame click; write frames-eighths like '12-0' or '12-2'")
    frames, eighths = int(m.group(1)), int(m.group(2))
    if eighths > 7:
        raise ScoringError(f"{click!r}: the eighths run 0-7; {frames}-{eighths} is {frames + eighths // 8}-{eighths % 8}")
    bpm = 60.0 * real * 8 / (frames * 8 + eighths) if frames or eighths else math.inf
    lo, hi = TEMPO_RANGE
    if not lo - 1e-9 <= bpm <= hi + 1e-9:
        raise ScoringError(f"{click!r} is {bpm:.4g} BPM at {key:g} fps, outside {lo:g}-{hi:g}; frame clicks run from "
                           f"{frame_click(hi, fps)} (about {hi:g} BPM) to {frame_click(lo, fps)} (about {lo:g} BPM), "
                           f"e.g. {frame_click(120, fps)} for 120")
    return min(max(bpm, lo), hi)


def bar_and_beat(beat: float, beats_per_bar: int = 4) -> str:
    """Where a beat number (1 = the cue's first downbeat) sits in the bars: ``"7.3"`` is bar 7, beat 3.

    Examples
    --------
    >>> bar_and_beat(27), bar_and_beat(1), bar_and_beat(12.5)
    ('7.3', '1.1', '3.4+')

    Lesson: lessons/06_sync.ipynb
    """
    n = _real(beat, "beat", "count beats from 1, the cue's first downbeat")
    if not 1 <= n <= _MAX_BEAT:
        raise ScoringError(f"beat {n:g} is outside 1-{_MAX_BEAT:,}; beat 1 is the cue's first downbeat")
    per_bar = _whole(beats_per_bar, "beats_per_bar", 1, 32)
    bar, pos = divmod(n - 1.0, per_bar)
    whole = int(math.floor(pos + 1e-9))
    if whole >= per_bar:                        # a hair before the next downbeat is that downbeat
        bar, whole, pos = bar + 1, 0, 0.0
    frac = pos - whole
    mark = "" if frac < 1e-6 else "+" if abs(frac - 0.5) < 1e-6 else f"+{frac:.2f}".replace("0.", ".")
    return f"{int(bar) + 1}.{whole + 1}{mark}"
