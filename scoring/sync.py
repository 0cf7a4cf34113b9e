"""Sync to picture: timecode, hit points, click tempos, click tracks, streamers, source music,
and a timeline that shows what lands where.

A film composer works to the frame. Picture is counted in **timecode** ``HH:MM:SS:FF``
(t = 3600·H + 60·M + S + FF/fps); a **hit** is a moment the music must catch; with beat 1 at the
cue's start a hit at t seconds lands on beat n = 1 + t·BPM/60, so one hit fixes a tempo
(BPM = 60·(n − 1)/t) and several hits ask for the tempo whose beats fall nearest all of them,
judged in frames of error. The tempo is given to the players as a **click** (in frames and
eighths of a frame per beat: ``12-0`` is 120 BPM at 24 fps) and the conductor sees
**streamers**, lines sweeping across the picture into a **punch** on the hit.

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from scoring.errors import ScoringError

if TYPE_CHECKING:  # names for the type hints only
    from matplotlib.axes import Axes

    from scoring.core.cue import Cue, Layer
    from scoring.render.html import HTML
    from scoring.core.motif import Motif
    from scoring.scene import Scene, Spotting

# ---------------------------------------------------------------- timecode
#: Frame rates: fps -> (frame numbers per timecode second, real frames per second).
FRAME_RATES: dict[float, tuple[int, float]] = {
    23.976: (24, 24000 / 1001),
    24.0: (24, 24.0),
    25.0: (25, 25.0),
    29.97: (30, 30000 / 1001),
    30.0: (30, 30.0),
}
_TC = re.compile(r"^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$")


def _rate(fps: float) -> tuple[int, float, float]:
    """(nominal frames per second, real frames per second, the canonical fps key)."""
    if isinstance(fps, bool) or not isinstance(fps, (int, float)):
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
    if isinstance(frames, bool) or not isinstance(frames, (int, np.integer)):
        raise ScoringError(f"frame number {frames!r} should be a whole number")
    if frames < 0:
        raise ScoringError(f"frame {frames} is before 00:00:00:00; timecode cannot be negative")
    drop = key == 29.97 if drop_frame is None else bool(drop_frame)
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
    if isinstance(s, bool) or not isinstance(s, (int, float, np.integer, np.floating)) or not math.isfinite(s):
        raise ScoringError(f"{s!r} is not a number of seconds")
    if s < 0:
        raise ScoringError(f"{s} s is before 00:00:00:00; timecode cannot be negative")
    return frames_to_timecode(int(math.floor(float(s) * real + 0.5)), fps, drop_frame=drop_frame)


def _seconds(value: float | str, fps: float, what: str = "time") -> float:
    """A time given as seconds or as a timecode string."""
    if isinstance(value, str):
        return timecode_to_seconds(value, fps)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(value):
        raise ScoringError(f"{what} {value!r} should be seconds (a number) or a timecode like '01:00:04:12'")
    return float(value)


# ---------------------------------------------------------------- beats, tempos and clicks
def _check_bpm(bpm: float, what: str = "tempo") -> float:
    if isinstance(bpm, bool) or not isinstance(bpm, (int, float, np.integer, np.floating)) or not math.isfinite(bpm):
        raise ScoringError(f"{what} {bpm!r} is not a number of beats per minute; try 120")
    if not 20 <= bpm <= 400:
        raise ScoringError(f"{what} {float(bpm):g} BPM is outside 20-400; film cues sit roughly between 40 and 180")
    return float(bpm)


def beat_at(seconds: float, bpm: float) -> float:
    """The beat a moment falls on, with beat 1 at the cue's start: n = 1 + t·BPM/60.

    Examples
    --------
    >>> beat_at(10.0, 120), beat_at(9.5, 165)
    (21.0, 27.125)

    Lesson: lessons/06_sync.ipynb
    """
    return 1.0 + _seconds(seconds, 24, "time") * _check_bpm(bpm) / 60.0


def seconds_at(beat: float, bpm: float) -> float:
    """When a beat sounds, in seconds after the cue's start (beat 1 is at 0 s): t = 60·(n − 1)/BPM.

    Examples
    --------
    >>> seconds_at(21, 120), seconds_at(1, 90)
    (10.0, 0.0)

    Lesson: lessons/06_sync.ipynb
    """
    return (float(beat) - 1.0) * 60.0 / _check_bpm(bpm)


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
    t = _seconds(seconds, 24, "the hit")
    if t <= 0:
        raise ScoringError(f"the hit is at {t:g} s; it must come after the cue's start (beat 1 is at 0 s)")
    if isinstance(beat, bool) or not isinstance(beat, (int, float)) or not beat > 1:
        raise ScoringError(f"beat {beat!r}: give the beat the hit should land on, above 1 (beat 1 is the cue's start)")
    bpm = 60.0 * (float(beat) - 1.0) / t
    if not 20 <= bpm <= 400:
        raise ScoringError(f"to land {t:g} s on beat {beat:g} the tempo would be {bpm:.1f} BPM, which no one can "
                           "play; choose a beat nearer 1 + t·2 (120 BPM)")
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


_CLICK = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


def click_to_bpm(click: str, fps: float = 24) -> float:
    """The tempo of a frame click ``"frames-eighths"``: BPM = 60·fps / (frames + eighths/8).

    Examples
    --------
    >>> click_to_bpm("12-0"), round(click_to_bpm("12-2"), 2), click_to_bpm("24-0")
    (120.0, 117.55, 60.0)

    Lesson: lessons/06_sync.ipynb
    """
    _, real, _ = _rate(fps)
    m = _CLICK.match(str(click)) if isinstance(click, str) else None
    if not m:
        raise ScoringError(f"{click!r} is not a frame click; write frames-eighths like '12-0' or '12-2'")
    frames, eighths = int(m.group(1)), int(m.group(2))
    if eighths > 7:
        raise ScoringError(f"{click!r}: the eighths run 0-7; {frames}-{eighths} is {frames + eighths // 8}-{eighths % 8}")
    per_beat = frames + eighths / 8
    if per_beat <= 0:
        raise ScoringError(f"{click!r} has no frames per beat; the slowest common click is about 36-0 (40 BPM)")
    return 60.0 * real / per_beat


def bar_and_beat(beat: float, beats_per_bar: int = 4) -> str:
    """Where a beat number (1 = the cue's first downbeat) sits in the bars: ``"7.3"`` is bar 7, beat 3.

    Examples
    --------
    >>> bar_and_beat(27), bar_and_beat(1), bar_and_beat(12.5)
    ('7.3', '1.1', '3.4+')

    Lesson: lessons/06_sync.ipynb
    """
    b = float(beat) - 1.0
    bar, pos = divmod(b, beats_per_bar)
    whole = int(math.floor(pos + 1e-9))
    frac = pos - whole
    mark = "" if frac < 1e-6 else "+" if abs(frac - 0.5) < 1e-6 else f"+{frac:.2f}".replace("0.", ".")
    return f"{int(bar) + 1}.{whole + 1}{mark}"


# ---------------------------------------------------------------- fitting a tempo to hits
@dataclass(frozen=True, eq=False)
class TempoFit:
    """A tempo fitted to hit points: the tempo, the beat each hit lands on, and each error in frames.

    ``errors[i]`` is (time of the beat − time of the hit) × fps: negative means the music comes
    early. ``alternatives`` are the next-best tempos (each a ``TempoFit``), best first.

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

    @property
    def seconds_per_beat(self) -> float:
        return 60.0 / self.bpm

    def beat_times(self, until: float) -> np.ndarray:
        """Times (on the hits' clock) of every beat from beat 1 up to ``until`` seconds."""
        n = int(math.floor((until - self.start) / self.seconds_per_beat + 1e-9)) + 1
        return self.start + np.arange(max(n, 0)) * self.seconds_per_beat

    def summary(self) -> str:
        beats = ", ".join(f"{b:g}" for b in self.beats)
        many = len(self.hits) != 1
        click = self.click if abs(self.click_bpm - self.bpm) < 0.005 else f"{self.click} ≈ {self.click_bpm:.2f} BPM"
        return (f"{round(self.bpm, 2):g} BPM (click {click}): {len(self.hits)} hit{'s' * many} on "
                f"beat{'s' * many} {beats}; worst error {self.worst:.1f} frames")

    def table(self) -> str:
        """One line per hit: when, which beat (and bar.beat), the error in frames."""
        lines = [f"{'hit':>3} {'at (s)':>7} {'beat':>6} {'bar.beat':>8} {'error (frames)':>15}"]
        for i, (t, b, e) in enumerate(zip(self.hits, self.beats, self.errors), 1):
            lines.append(f"{i:3d} {t + self.start:7.2f} {b:6g} {bar_and_beat(b, self.beats_per_bar):>8} {e:+15.2f}")
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
    """(beats, signed errors in frames) for every tempo (rows) and hit (columns)."""
    positions = rel[None, :] * bpms[:, None] / 60.0 * subdivision
    nearest = np.floor(positions + 0.5)
    beat_times = nearest / subdivision * 60.0 / bpms[:, None]
    return 1.0 + nearest / subdivision, (beat_times - rel[None, :]) * real_fps


def _tempo_grid(bpm_range, step: float) -> np.ndarray:
    lo, hi = bpm_range
    n = int(math.floor((hi - lo) / step + 1e-9)) + 1
    return np.round(lo + step * np.arange(n), 6)


def _click_grid(bpm_range, real_fps: float) -> np.ndarray:
    """Every frame-click tempo (fps·60 / (frames + eighths/8)) in the range, slowest first."""
    lo, hi = bpm_range
    top = real_fps * 60.0 * 8
    n = np.arange(int(math.ceil(top / hi - 1e-9)), int(math.floor(top / lo + 1e-9)) + 1)[::-1]
    return top / n


def _check_fit_args(hits, bpm_range, fps, subdivision, step, start, beats_per_bar):
    _rate(fps)
    if isinstance(hits, (str, int, float)):
        hits = [hits]
    try:
        items = list(hits)
    except TypeError:
        raise ScoringError("hits should be a list of times in seconds (or timecodes), e.g. [0, 4.0, 9.5]") from None
    if not items:
        raise ScoringError("give at least one hit, e.g. fit_tempo([0, 4.0, 9.5])")
    if len(items) > 64:
        raise ScoringError(f"{len(items)} hits is more than fit_tempo takes (64); a cue rarely has more than a dozen")
    t0 = _seconds(start, fps, "start")
    rel = np.array([_seconds(h, fps, "hit") for h in items]) - t0
    if (rel < -1e-9).any():
        raise ScoringError(f"a hit at {float(rel.min() + t0):g} s comes before the cue's start ({t0:g} s); "
                           "beat 1 is the cue's start, so every hit must come after it")
    try:
        lo, hi = (float(x) for x in bpm_range)
    except (TypeError, ValueError):
        raise ScoringError(f"bpm_range={bpm_range!r}: give (slowest, fastest), e.g. (60, 180)") from None
    if not 20 <= lo < hi <= 400:
        raise ScoringError(f"bpm_range={bpm_range!r}: give (slowest, fastest) with 20 <= slowest < fastest <= 400")
    if subdivision not in (1, 2, 3, 4):
        raise ScoringError(f"subdivision={subdivision!r}: 1 (beats), 2 (eighths), 3 (triplets) or 4 (sixteenths)")
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0.001 <= step <= 10:
        raise ScoringError(f"step={step!r}: the tempo resolution in BPM, 0.001-10 (1 = whole BPM, 0.01 = finer)")
    if not isinstance(beats_per_bar, int) or not 1 <= beats_per_bar <= 32:
        raise ScoringError(f"beats_per_bar={beats_per_bar!r}: a whole number 1-32 (4 for 4/4)")
    return np.maximum(rel, 0.0), (lo, hi), t0


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
    hits : times in seconds (or timecodes) on one clock.
    bpm_range : (slowest, fastest) tempo to consider.
    fps : frame rate that errors are counted in.
    subdivision : 1 = hits on beats; 2, 3, 4 = also on eighths, triplets, sixteenths.
    step : tempo resolution in BPM (1 = whole BPM, what most click tracks are set to).
    start : when the cue (beat 1) starts, on the hits' clock (seconds or a timecode).
    target : tie-break towards this tempo.
    beats_per_bar : for bar numbers in the tables and bar lines in the plots.
    alternatives : how many runner-up tempos to keep.
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
    rel, (lo, hi), t0 = _check_fit_args(hits, bpm_range, fps, subdivision, step, start, beats_per_bar)
    _, real, key = _rate(fps)
    grid = _click_grid((lo, hi), real) if clicks else _tempo_grid((lo, hi), float(step))
    if not len(grid):
        raise ScoringError(f"no frame click lies in {lo:g}-{hi:g} BPM at {fps:g} fps; widen the range")
    beats, err = _errors(rel, grid, subdivision, real)
    worst = np.round(np.abs(err).max(axis=1), 9)
    total = np.round(np.abs(err).sum(axis=1), 9)
    aim = (lo + hi) / 2 if target is None else float(target)
    order = np.lexsort((np.abs(grid - aim), total, worst))
    best = int(order[0])
    # runner-ups: local minima of the worst error along the tempo axis (one per plateau)
    n = len(grid)
    minima = [i for i in range(n) if i != best
              and (i == 0 or worst[i] < worst[i - 1] or (worst[i] == worst[i - 1] and total[i] < total[i - 1]))
              and (i == n - 1 or worst[i] <= worst[i + 1])]
    minima.sort(key=lambda i: (worst[i], total[i], abs(grid[i] - aim)))

    def make(i: int, alts=()) -> TempoFit:
        return TempoFit(float(grid[i]), tuple(float(x) for x in rel), tuple(float(b) for b in beats[i]),
                        tuple(float(e) for e in err[i]), key, subdivision, t0, beats_per_bar, (lo, hi),
                        float(step), tuple(alts), bool(clicks))

    alts = [make(i) for i in minima[:max(0, int(alternatives))]]
    return make(best, alts)


def at_tempo(hits: Sequence[float | str], bpm: float, fps: float = 24, *, subdivision: int = 1,
             start: float | str = 0.0, beats_per_bar: int = 4) -> TempoFit:
    """Where hits fall at a tempo you chose: each hit's nearest beat and its error in frames.

    Examples
    --------
    >>> fit = at_tempo([0, 10.5], 116)
    >>> fit.beats, round(fit.errors[1], 1)
    ((1.0, 21.0), -3.7)

    Lesson: lessons/06_sync.ipynb
    """
    bpm = _check_bpm(bpm)
    rel, _, t0 = _check_fit_args(hits, (20, 400), fps, subdivision, 1.0, start, beats_per_bar)
    _, real, key = _rate(fps)
    beats, err = _errors(rel, np.array([bpm]), subdivision, real)
    return TempoFit(bpm, tuple(float(x) for x in rel), tuple(float(b) for b in beats[0]),
                    tuple(float(e) for e in err[0]), key, subdivision, t0, beats_per_bar, (bpm, bpm), 1.0, ())


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
    rel, (lo, hi), _ = _check_fit_args(hits, bpm_range, fps, subdivision, step, start, 4)
    _, real, _ = _rate(fps)
    grid = _tempo_grid((lo, hi), float(step))
    _, err = _errors(rel, grid, subdivision, real)
    return grid, np.abs(err).max(axis=1)


def fit_plot(fit: TempoFit, *, ax: Axes | None = None, step: float | None = None) -> Axes:
    """The worst hit error (frames) against tempo, with the fitted tempo and its alternatives marked.

    Every valley is a tempo whose beats fall near all the hits; the dashed line is one frame.

    Examples
    --------
    >>> ax = fit_plot(fit_tempo([0, 4.0, 9.5, 15.25]))
    >>> ax.get_xlabel()
    'tempo (BPM)'

    Lesson: lessons/06_sync.ipynb
    """
    from scoring.core.plots import _axes

    if not isinstance(fit, TempoFit):
        raise ScoringError(f"fit_plot() takes a TempoFit from fit_tempo(...), not {type(fit).__name__}")
    ax = _axes(ax, figsize=(9.0, 2.6))
    fine = step or min(fit.step, max(0.05, (fit.bpm_range[1] - fit.bpm_range[0]) / 2400))
    bpms, worst = fit_errors(np.array(fit.hits) + fit.start, fit.bpm_range, fit.fps, subdivision=fit.subdivision,
                             step=fine, start=fit.start)
    ax.plot(bpms, worst, color="#1f5fa8", lw=1)
    ax.axhline(1.0, color="grey", ls="--", lw=0.8)
    for f in fit.alternatives:
        ax.plot([f.bpm], [f.worst], "o", color="#d0601b", ms=5)
        ax.annotate(f"{f.bpm:g}", (f.bpm, f.worst), textcoords="offset points", xytext=(0, 6), ha="center",
                    fontsize=7, color="#d0601b")
    ax.plot([fit.bpm], [fit.worst], "o", color="#c23a3a", ms=8)
    ax.annotate(f"{fit.bpm:g} BPM, {fit.worst:.1f} fr", (fit.bpm, fit.worst), textcoords="offset points",
                xytext=(0, 9), ha="center", fontsize=8, color="#c23a3a", fontweight="bold")
    top = max(6.0, min(float(np.percentile(worst, 90)), 24.0))
    ax.set_ylim(0, top)
    ax.set_xlim(fit.bpm_range)
    ax.set_xlabel("tempo (BPM)")
    ax.set_ylabel("worst error (frames)")
    sub = {1: "beats", 2: "eighths", 3: "triplets", 4: "sixteenths"}[fit.subdivision]
    ax.set_title(f"how well each tempo catches {len(fit.hits)} hits (on {sub}); dashed line = 1 frame", fontsize=9)
    ax.grid(True, alpha=0.25)
    return ax


# ---------------------------------------------------------------- click tracks
def _click_sound(freq: float, sample_rate: int, *, seconds: float = 0.035, amp: float = 1.0) -> np.ndarray:
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    env = np.exp(-t / 0.007) * np.minimum(1.0, t / 0.0005)
    return amp * env * (np.sin(2 * np.pi * freq * t) + 0.35 * np.sin(2 * np.pi * 2.01 * freq * t))


#: The click's three sounds: pitch (Hz) and loudness.
CLICK_SOUNDS = {"downbeat": (1760.0, 1.0), "beat": (1320.0, 0.55), "warning": (880.0, 0.8)}


def click_times(bpm: float, *, beats: int, beats_per_bar: int = 4, warning: int = 0) -> list[tuple[float, str]]:
    """When each click sounds and which sound it is: ``warning`` clicks count in, then every beat,
    the downbeat of each bar accented. Beat 1 (the cue's start) is at ``warning`` beats.

    Examples
    --------
    >>> [(t, kind) for t, kind in click_times(120, beats=5, warning=2)]
    [(0.0, 'warning'), (0.5, 'warning'), (1.0, 'downbeat'), (1.5, 'beat'), (2.0, 'beat'), (2.5, 'beat'), (3.0, 'downbeat')]

    Lesson: lessons/06_sync.ipynb
    """
    spb = 60.0 / _check_bpm(bpm)
    for name, v in (("beats", beats), ("warning", warning), ("beats_per_bar", beats_per_bar)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < (1 if name != "warning" else 0):
            raise ScoringError(f"{name}={v!r} should be a whole number{' of at least 1' if name != 'warning' else ''}")
    if beats + warning > 2000:
        raise ScoringError(f"{beats + warning} clicks is over the 2000-click limit; click an excerpt")
    out = [(i * spb, "warning") for i in range(warning)]
    out += [((warning + k) * spb, "downbeat" if k % beats_per_bar == 0 else "beat") for k in range(beats)]
    return out


def click_track(bpm: float, *, beats: int, beats_per_bar: int = 4, warning: int = 0, level: float = 0.5,
                sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """An audible click track: ``warning`` count-in clicks (low), then every beat, downbeats accented (high).

    This is what the orchestra hears in its headphones; a tempo fitted to the hits becomes a
    click so that every player lands on them together.

    Examples
    --------
    >>> y, sr = click_track(120, beats=4, warning=4)
    >>> y.shape[1], round(len(y) / sr, 2)  # eight clicks half a second apart, the last one ringing 0.2 s
    (2, 3.7)

    Lesson: lessons/06_sync.ipynb
    """
    times = click_times(bpm, beats=beats, beats_per_bar=beats_per_bar, warning=warning)
    if not 0 < level <= 1:
        raise ScoringError(f"level={level!r}: the click's loudness, above 0 and at most 1")
    total = int(round((times[-1][0] + 0.2) * sample_rate))
    y = np.zeros(total)
    sounds = {k: _click_sound(f, sample_rate, amp=a) for k, (f, a) in CLICK_SOUNDS.items()}
    for t, kind in times:
        i = int(round(t * sample_rate))
        s = sounds[kind][: total - i]
        y[i:i + len(s)] += s
    y *= level * 0.6
    return np.repeat(y[:, None], 2, axis=1).astype(np.float32), sample_rate


def _events(music):
    """Note events of a Motif or Cue."""
    from scoring.core.view import motif_events
    from scoring.core.cue import Cue
    from scoring.core.motif import Motif

    if isinstance(music, Cue):
        return music.events(), music.tempo, music.duration_seconds, music.time_signature
    if isinstance(music, Motif):
        return motif_events(music), music.tempo, music.duration_seconds, music.time_signature
    raise ScoringError(f"expected a Motif or a Cue, not {type(music).__name__}")


def thud(sample_rate: int = 44100, *, seconds: float = 0.35) -> np.ndarray:
    """A picture's sound effect, a door slam or a crash: a dark noise burst with a low thump (mono).

    Mixed in at the hits, it lets you *hear* whether the music lands with the picture.

    Examples
    --------
    >>> y = thud(8000)
    >>> len(y), bool(abs(y).max() <= 1.0)
    (2800, True)

    Lesson: lessons/06_sync.ipynb
    """
    n = int(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    noise = np.random.default_rng(11).standard_normal(n)
    dark = np.convolve(noise, np.ones(12) / 12, mode="same")
    y = dark * np.exp(-t / 0.06) + 1.6 * np.sin(2 * np.pi * 55 * t) * np.exp(-t / 0.12)
    return (0.9 * y / np.abs(y).max()).astype(np.float64)


def render_excerpt(music: Motif | Cue, *, start: float = 0.0, end: float | None = None, click: bool = False, warning: int = 0,
                   level: float = 0.35, thuds: Sequence[float] = (), sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """The sound of ``music`` from ``start`` to ``end`` seconds (cue time), optionally with its click.

    ``warning`` count-in clicks sound before the excerpt (only with ``click=True``); ``thuds``
    are moments (cue seconds) where the picture makes a sound (see :func:`thud`), so you can hear
    whether a hit lands. Use short excerpts around a hit: a whole scene's cue is too long to
    listen to critically, and too big to keep in a notebook.

    Examples
    --------
    >>> from scoring import Motif
    >>> y, sr = render_excerpt(Motif.parse("c4 e g c'", tempo=120), start=0.5, end=1.5, click=True)
    >>> round(len(y) / sr, 1)
    2.0

    Lesson: lessons/06_sync.ipynb
    """
    from dataclasses import replace

    from scoring.render.dsp import limit as _limit
    from scoring.render.synth import render_events

    events, bpm, length, ts = _events(music)
    end = length if end is None else float(end)
    start = float(start)
    if not 0 <= start < end <= length + 1e-6:
        raise ScoringError(f"excerpt {start:g}-{end:g} s is not inside the music (0-{length:.2f} s)")
    if end - start > 60:
        raise ScoringError(f"a {end - start:.0f} s excerpt is long; listen to 20 s or less around a hit")
    spb = 60.0 / bpm
    lead = warning * spb if click else 0.0
    shifted = [replace(e, start=max(e.start, start) - start + lead, end=e.end - start + lead)
               for e in events if e.end > start and e.start < end]
    shifted = [e for e in shifted if e.end > e.start]
    y, sr = render_events(shifted, seconds=end - start + lead, sample_rate=sample_rate)
    if click:
        first = math.ceil(start / spb - 1e-9)
        last = math.floor((end - 1e-9) / spb)
        beats_per_bar = int(ts.split("/")[0])
        sounds = {k: _click_sound(f, sr, amp=a) for k, (f, a) in CLICK_SOUNDS.items()}
        times = [(i * spb, "warning") for i in range(warning)]
        times += [(lead + k * spb - start, "downbeat" if k % beats_per_bar == 0 else "beat")
                  for k in range(first, last + 1)]
        track = np.zeros(len(y))
        for t, kind in times:
            i = int(round(t * sr))
            s = sounds[kind][: max(0, len(track) - i)]
            track[i:i + len(s)] += s
        y = _limit(y + (level * 0.6 * track)[:, None])
    if len(thuds):
        boom = thud(sr)
        track = np.zeros(len(y))
        for h in thuds:
            i = int(round((float(h) - start + lead) * sr))
            if 0 <= i < len(track):
                s = boom[: len(track) - i]
                track[i:i + len(s)] += s
        y = _limit(y + (0.45 * track)[:, None])
    return y, sr


def with_click(music: Motif | Cue, *, warning: int | None = None, level: float = 0.35,
               sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """A cue mixed with its click track, a bar of warning clicks first (what a player hears).

    Examples
    --------
    >>> from scoring import Motif
    >>> y, sr = with_click(Motif.parse("4/4 c4 e g c'", tempo=120))
    >>> round(len(y) / sr, 1)  # one warning bar (2 s), the motif (2 s), the reverb tail (1 s)
    5.0

    Lesson: lessons/06_sync.ipynb
    """
    _, _, length, ts = _events(music)
    n = int(ts.split("/")[0]) if warning is None else warning
    return render_excerpt(music, start=0.0, end=length, click=True, warning=n, level=level, sample_rate=sample_rate)


# ---------------------------------------------------------------- source music
def radio(samples: np.ndarray, sample_rate: int = 44100, *, low: float = 350.0, high: float = 3200.0,
          gain_db: float = -12.0, drive: float = 3.0) -> np.ndarray:
    """The same music as **source**: a small radio in the room. Band-limited (``low``-``high`` Hz,
    no deep bass or air), a little overdriven, quieter, mono, in a small reflective room.

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
    from scoring.render.dsp import room

    y = np.asarray(samples, dtype=np.float64)
    if y.ndim not in (1, 2) or len(y) == 0:
        raise ScoringError("radio() takes samples as from music.to_audio(): a 1-D or (n, 2) array")
    if not 20 <= low < high <= sample_rate / 2:
        raise ScoringError(f"the radio's band {low:g}-{high:g} Hz should lie inside 20-{sample_rate / 2:g} Hz, low < high")
    mono = y.mean(axis=1) if y.ndim == 2 else y
    n = len(mono)
    spectrum = np.fft.rfft(mono)
    f = np.fft.rfftfreq(n, 1 / sample_rate)
    octaves = 0.5  # width of the soft edges
    lo_edge = np.clip((np.log2(np.maximum(f, 1.0) / low) + octaves) / octaves, 0, 1)
    hi_edge = np.clip((np.log2(high / np.maximum(f, 1.0)) + octaves) / octaves, 0, 1)
    band = (np.sin(lo_edge * np.pi / 2) * np.sin(hi_edge * np.pi / 2)) ** 2
    filtered = np.fft.irfft(spectrum * band, n)
    peak = float(np.abs(filtered).max()) or 1.0
    driven = np.tanh(drive * filtered / peak) / np.tanh(drive) * peak
    driven = np.fft.irfft(np.fft.rfft(driven) * band, n)          # the small speaker cannot play the distortion's highs either
    level = np.sqrt(np.mean(filtered ** 2)) / (np.sqrt(np.mean(driven ** 2)) or 1.0)
    quiet = driven * level * 10 ** (gain_db / 20)                  # as loud as the band-limited music, then quieter
    out = room(quiet, sample_rate, wet=0.45, seconds=0.5)
    if y.ndim == 1:
        return out.mean(axis=1).astype(np.float32)
    return out.astype(np.float32)


def spectrum_plot(clips: Sequence[tuple[str, np.ndarray]], sample_rate: int = 44100, *,
                  ax: Axes | None = None) -> Axes:
    """The average spectrum (dB against log frequency) of several clips, to see what a radio removes.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal(8000)
    >>> ax = spectrum_plot([("noise", y)], 8000)
    >>> len(ax.lines)
    1

    Lesson: lessons/06_sync.ipynb
    """
    from scoring.core.plots import COLOURS, _axes

    ax = _axes(ax, figsize=(9.0, 2.6))
    for i, (name, samples) in enumerate(clips):
        x = np.asarray(samples, dtype=np.float64)
        x = x.mean(axis=1) if x.ndim == 2 else x
        size = 4096
        frames = [x[k:k + size] * np.hanning(size) for k in range(0, max(1, len(x) - size), size // 2)]
        if not frames or len(frames[0]) < size:
            raise ScoringError(f"clip {name!r} is too short to measure; give at least {size} samples")
        power = np.mean([np.abs(np.fft.rfft(fr)) ** 2 for fr in frames], axis=0)
        freqs = np.fft.rfftfreq(size, 1 / sample_rate)
        edges = 30.0 * 2 ** (np.arange(0, np.log2(sample_rate / 2 / 30.0), 1 / 6))  # sixth-octave bands
        centres, levels = [], []
        for a, b in zip(edges, edges[1:]):
            sel = (freqs >= a) & (freqs < b)
            if sel.any():
                centres.append(np.sqrt(a * b))
                levels.append(10 * np.log10(power[sel].mean() + 1e-12))
        ax.plot(centres, levels, color=COLOURS[i % len(COLOURS)], lw=1.5, label=name)
    ax.set_xscale("log")
    ax.set_xlim(30, sample_rate / 2)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("level (dB)")
    ax.grid(True, alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title("spectrum", fontsize=9)
    return ax


# ---------------------------------------------------------------- streamers
#: Streamer colours (a common convention): into a downbeat, into the warning click, into the end.
STREAMER_COLOURS = {"green": "#2a8a3e", "yellow": "#d9a400", "red": "#c23a3a", "white": "#7a7a7a"}


@dataclass(frozen=True)
class Streamer:
    """A line that sweeps across the picture for ``length`` seconds and ends at ``end`` in a punch.

    Colours: green into a downbeat, yellow into the warning click, red into the end of a cue,
    white for other hits.

    Lesson: lessons/06_sync.ipynb
    """

    end: float
    length: float = 3.0
    colour: str = "white"
    label: str = ""

    def __post_init__(self) -> None:
        if not 0.5 <= self.length <= 6:
            raise ScoringError(f"a streamer of {self.length:g} s is odd; they sweep for 2-4 s")
        if self.colour not in STREAMER_COLOURS:
            raise ScoringError(f"streamer colour {self.colour!r}: use one of {', '.join(STREAMER_COLOURS)}")

    @property
    def start(self) -> float:
        return self.end - self.length


def streamers_for(fit: TempoFit, *, length: float = 3.0, end: float | None = None,
                  warning: int = 0) -> list[Streamer]:
    """Streamers for a fitted cue: yellow into the warning clicks, green into the first downbeat,
    one into every later hit (green on a downbeat, white otherwise) and red into ``end``.

    Examples
    --------
    >>> fit = fit_tempo([0, 4.0, 9.5, 15.25])
    >>> [(s.colour, round(s.end, 2)) for s in streamers_for(fit, end=16.0)]
    [('green', 0.0), ('white', 4.0), ('white', 9.45), ('white', 15.27), ('red', 16.0)]

    Lesson: lessons/06_sync.ipynb
    """
    out = []
    spb = fit.seconds_per_beat
    if warning:
        out.append(Streamer(fit.start - warning * spb, length, "yellow", "warning"))
    out.append(Streamer(fit.start, length, "green", "beat 1"))
    for b in fit.beats:
        if abs(b - 1) < 1e-9:
            continue
        t = fit.start + (b - 1) * spb
        downbeat = abs((b - 1) % fit.beats_per_bar) < 1e-9
        out.append(Streamer(t, length, "green" if downbeat else "white", f"beat {b:g}"))
    if end is not None:
        out.append(Streamer(float(end), length, "red", "end"))
    return out


def streamer_strip(*, length: float = 3.0, fps: float = 24, frames: int = 7, colour: str = "white",
                   ax: Axes | None = None) -> Axes:
    """What the conductor sees: frames of picture as a streamer sweeps left to right and ends in a punch.

    Examples
    --------
    >>> ax = streamer_strip(frames=5)
    >>> len(ax.patches) >= 5
    True

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.patches import Circle, Rectangle

    from scoring.core.plots import _axes

    if not 2 <= frames <= 12:
        raise ScoringError(f"frames={frames!r}: show 2-12 pictures")
    s = Streamer(length, length, colour)
    _, real, _ = _rate(fps)
    ax = _axes(ax, figsize=(9.0, 1.9))
    w, h, gap = 1.6, 0.9, 0.15
    line = STREAMER_COLOURS[s.colour] if colour != "white" else "#f2f2f2"
    for i in range(frames):
        t = s.length * i / (frames - 1)
        x0 = i * (w + gap)
        ax.add_patch(Rectangle((x0, 0), w, h, facecolor="#20242a", edgecolor="black"))
        if i < frames - 1:
            x = x0 + w * t / s.length
            ax.add_patch(Rectangle((x - 0.03, 0), 0.06, h, facecolor=line, edgecolor="none"))
            left = s.length - t
            ax.text(x0 + w / 2, -0.16, f"-{left:.2f} s ({int(round(left * real))} fr)", ha="center", fontsize=7)
        else:
            ax.add_patch(Circle((x0 + w / 2, h / 2), 0.3, facecolor="white", edgecolor="none"))
            ax.text(x0 + w / 2, -0.16, "punch: the hit", ha="center", fontsize=7, fontweight="bold")
    ax.set_xlim(-0.1, frames * (w + gap))
    ax.set_ylim(-0.3, h + 0.05)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"a {s.length:g}-second streamer: the line crosses the screen, the punch flashes on the hit",
                 fontsize=9)
    return ax


# ---------------------------------------------------------------- the timeline
_ROW_COLOURS = {"picture": "#555555", "dialogue": "#1f5fa8", "cue": "#2a8a3e", "music": "#6b4fb3",
                "hit": "#c23a3a"}


def timeline(scene: Scene | None = None, *, hits: Sequence[float] = (), fit: TempoFit | None = None,
             spotting: Spotting | None = None, music: Motif | Cue | None = None,
             music_start: float = 0.0, streamers: Sequence[Streamer] | bool = True, window: tuple[float, float] | None = None,
             tension: bool = False, ax: Axes | None = None, title: str | None = None) -> Axes:
    """A timeline of what lands where: picture events, dialogue, cues, the music's notes, streamers
    into the hits, the hits themselves (red) and the beat grid of a fitted tempo (bar lines darker).

    Parameters
    ----------
    scene : a :class:`scoring.scene.Scene` (its events, dialogue and hits), or None.
    hits : extra hit times (seconds on the timeline's clock).
    fit : a :class:`TempoFit`; its beats are drawn from ``fit.start``.
    spotting : a :class:`scoring.scene.Spotting` (its cues as bars).
    music : a Motif or Cue whose note onsets are drawn from ``music_start``.
    streamers : True (one 3-second streamer into each hit, from the fit if given), False (no streamers
        and no row for them), or a list.
    window : (from, to) seconds to show.
    tension : draw the scene's target tension (its emotional beats) as a line.

    Examples
    --------
    >>> ax = timeline(hits=[0, 4.0, 9.5], fit=fit_tempo([0, 4.0, 9.5]))
    >>> ax.get_xlabel()
    'seconds'

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.patches import Rectangle

    from scoring.core.plots import _axes

    ax = _axes(ax, figsize=(9.5, 3.4))
    all_hits = [float(h) for h in hits]
    events, lines, beats = [], [], []
    if scene is not None:
        all_hits += [e.at for e in scene.hits]
        events = [e for e in scene.events if e.kind != "hit"]
        lines = list(scene.dialogue)
        beats = list(scene.beats)
    all_hits = sorted(set(round(h, 6) for h in all_hits))
    cues = list(spotting.cues) if spotting is not None else []
    onsets = []
    if music is not None:
        ev, *_ = _events(music)
        onsets = [(music_start + e.start, e.velocity) for e in ev]
    rows = [name for name, present in (("picture", events), ("dialogue", lines), ("cues", cues), ("music", onsets),
                                       ("streamers", (all_hits or fit is not None) and streamers is not False))
            if present]
    if not rows:
        rows = ["hits"]
    y = {name: len(rows) - 1 - i for i, name in enumerate(rows)}
    ends = [h for h in all_hits] + [e.at for e in events] + [d.end for d in lines] + [c.end for c in cues] + \
           [t for t, _ in onsets]
    if scene is not None:
        ends.append(scene.duration)
    if fit is not None:
        ends += [fit.start + h for h in fit.hits]
    lo, hi = window if window is not None else (min([0.0] + [fit.start] if fit else [0.0]), max(ends + [1.0]) + 0.5)
    if fit is not None:
        dense = (hi - lo) / fit.seconds_per_beat > 80
        for k, t in enumerate(fit.beat_times(hi)):
            if t < lo:
                continue
            bar = k % fit.beats_per_bar == 0
            if dense and not bar:
                continue
            ax.axvline(t, color="#888888" if bar else "#cccccc", lw=0.9 if bar else 0.5, zorder=0)
            if bar and (hi - lo) / fit.seconds_per_beat / fit.beats_per_bar < 40:
                ax.text(t, len(rows) - 0.45, f"{k // fit.beats_per_bar + 1}", fontsize=6, color="#666666",
                        ha="left", va="bottom", clip_on=True)
    if tension and beats:
        xs = [b.at for b in beats]
        ys = [b.tension * (len(rows) - 0.2) - 0.5 for b in beats]
        ax.plot(xs, ys, color="#d0601b", lw=1.5, alpha=0.7, label="target tension", zorder=1)
        top = max(range(len(xs)), key=lambda i: ys[i])
        ax.text(xs[top], ys[top] + 0.05, "tension the scene wants", fontsize=6.5, color="#d0601b", ha="center",
                clip_on=True)
    if "picture" in y:
        for i, e in enumerate(events):
            ax.plot([e.at], [y["picture"]], marker="v", color=_ROW_COLOURS["picture"], ms=5)
            ax.text(e.at, y["picture"] + (0.12 if i % 2 == 0 else -0.32), e.label, fontsize=6.5,
                    color="#333333", ha="left", clip_on=True)
    if "dialogue" in y:
        for d in lines:
            ax.add_patch(Rectangle((d.start, y["dialogue"] - 0.18), d.end - d.start, 0.36,
                                   facecolor=_ROW_COLOURS["dialogue"], alpha=0.5, edgecolor="none"))
            ax.text(d.start, y["dialogue"] + 0.22, d.who, fontsize=6.5, color=_ROW_COLOURS["dialogue"], clip_on=True)
    if "cues" in y:
        for i, c in enumerate(cues):
            ax.add_patch(Rectangle((c.start, y["cues"] - 0.22), c.end - c.start, 0.44,
                                   facecolor=_ROW_COLOURS["cue"], alpha=0.35, edgecolor=_ROW_COLOURS["cue"]))
            ax.text(c.start + 0.2, y["cues"] + (-0.08 if i % 2 == 0 else 0.27), f"{c.number} {c.title} ({c.usage})",
                    fontsize=7, clip_on=True)
    if "music" in y:
        top = max(v for _, v in onsets)
        for t, v in onsets:
            ax.plot([t, t], [y["music"] - 0.3, y["music"] - 0.3 + 0.6 * v / top], color=_ROW_COLOURS["music"],
                    lw=0.8, alpha=0.7)
    if "streamers" in y:
        if streamers is True:
            lst = streamers_for(fit) if fit is not None else [Streamer(h, 3.0, "white") for h in all_hits]
            if fit is not None:
                done = [s.end for s in lst]
                lst += [Streamer(h, 3.0, "white") for h in all_hits if all(abs(h - d) > 0.1 for d in done)]
        elif streamers is False:
            lst = []
        else:
            lst = list(streamers)
        r = y["streamers"]
        for s in lst:
            c = STREAMER_COLOURS[s.colour] if s.colour != "white" else "#444444"
            ax.plot([s.start, s.end], [r - 0.3, r + 0.3], color=c, lw=1.6)
            ax.plot([s.end], [r + 0.3], "o", color=c, ms=6, mfc="white" if s.colour == "white" else c)
    for i, h in enumerate(all_hits, 1):
        ax.axvline(h, color=_ROW_COLOURS["hit"], lw=1.2, alpha=0.8, zorder=1)
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("seconds")
    sub = f"; grid: {fit.bpm:g} BPM, bar lines darker" if fit is not None else ""
    ax.set_title(title or f"timeline: hits in red{sub}", fontsize=9)
    return ax


# ---------------------------------------------------------------- building a cue on the grid
def _frac(x: float) -> Fraction:
    return Fraction(x).limit_denominator(12)


def layer_from_notes(role: str, notes: Sequence[tuple[float, float, Sequence[int], int]], *, total: float,
                     instrument: str = "Acoustic Grand Piano", articulation: str = "normal") -> Layer:
    """A cue layer from notes placed by beat: ``(onset, duration, pitches, velocity)`` with onsets in
    quarter notes from the cue's start (0 = beat 1). Gaps become rests; a note is cut short where
    the next one starts; the layer is padded with rest to ``total`` quarter notes.

    Examples
    --------
    >>> layer = layer_from_notes("hits", [(2, 1, [60, 64], 110)], total=4)
    >>> [(c.pitches, float(c.duration)) for c in layer.chords]
    [((), 2.0), ((60, 64), 1.0), ((), 1.0)]

    Lesson: lessons/06_sync.ipynb
    """
    from scoring.core.cue import Chord, Layer

    end = _frac(total)
    items = sorted((_frac(o), _frac(d), tuple(int(p) for p in ps), int(v)) for o, d, ps, v in notes)
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
    from scoring.core.cue import Chord

    out = []
    while length > 0:
        piece = min(length, Fraction(16))
        out.append(Chord((), piece))
        length -= piece
    return out


def _spans_hit(spans, beat) -> bool:
    return any(a <= beat < b for a, b in spans)


def sketch_cue(bpm: float, *, beats: float, hits: Sequence[float] = (), pulse: Motif | None = None,
               melody: Motif | None = None,
               melody_at: Sequence[float] = (1,), chords: Sequence[str] = ("i",), key: str = "D minor",
               time_signature: str = "4/4", silences: Sequence[tuple[float, float]] = (),
               quiet: Sequence[tuple[float, float]] = (), shape: Callable[[float], float] | None = None,
               stab: str = "Brass Section", name: str = "Cue") -> Cue:
    """A cue built on the beat grid of one tempo, so its accents land on the hits.

    Layers: ``pulse`` (a one-bar motif repeated under the chords), ``melody`` (a motif stated at
    each beat of ``melody_at``), strings holding the chords (one per bar, cycled), a bass on the
    roots, and **stabs** (brass chord + timpani) on every hit. All beat numbers count from 1 at
    the cue's start, like :func:`fit_tempo`'s.

    - ``silences``: (from, to) beat spans where everything drops out (a breath before a hit);
    - ``quiet``: spans under dialogue: no melody, soft accompaniment;
    - ``shape``: beat → target tension 0..1; it sets the dynamics (pp to ff) and, below 0.3,
      thins the pulse to the beats only.

    Examples
    --------
    >>> from scoring import Motif
    >>> pulse = Motif.parse("4/4 d8 d a d d a d a", key="D minor")
    >>> cue = sketch_cue(120, beats=24, hits=[1, 21], pulse=pulse, chords=["i", "bVI"])
    >>> cue.tempo, float(cue.quarter_length), [r.role for r in cue.layers]
    (120.0, 24.0, ['pulse', 'harmony', 'bass', 'stabs', 'timpani'])

    Lesson: lessons/06_sync.ipynb
    """
    from scoring.core import pitch as _pitch
    from scoring.core.cue import Cue
    from scoring.harmony import bar_length, chord_pitch_classes
    from scoring.core.motif import Motif

    bpm = _check_bpm(bpm)
    total = _frac(beats)
    if not 1 <= total <= 2000:
        raise ScoringError(f"beats={beats!r}: the cue's length in beats, 1-2000")
    for m, what in ((pulse, "pulse"), (melody, "melody")):
        if m is not None and not isinstance(m, Motif):
            raise ScoringError(f"{what} should be a Motif, e.g. Motif.parse('4/4 d8 d a d d a d a')")
    names = [chords] if isinstance(chords, str) else list(chords)
    if not names:
        raise ScoringError("give at least one chord, e.g. chords=['i', 'bVI', 'bVII']")
    tonic_pc = _pitch.parse_key(key)[0]
    pcs = [chord_pitch_classes(c, key) for c in names]
    bar = bar_length(time_signature)
    n_bars = int(math.ceil(total / bar))
    level = (lambda b: 0.6) if shape is None else shape
    silent = [(_frac(a) - 1, _frac(b) - 1) for a, b in silences]
    hushed = [(_frac(a) - 1, _frac(b) - 1) for a, b in quiet]
    hit_q = sorted({_frac(h) - 1 for h in hits})
    for h in hit_q:
        if not 0 <= h < total:
            raise ScoringError(f"hit on beat {float(h) + 1:g} is outside the cue (beats 1-{float(total):g})")

    def vel(q: Fraction, accent: int = 0) -> int:
        """Velocity from the shape, one level per half bar (terraced, so the score is readable)."""
        half = bar / 2
        v = int(round(30 + 90 * min(1.0, max(0.0, float(level(float(q // half * half) + 1))))) + accent)
        return min(v, 52) if _spans_hit(hushed, q) else v

    def free(q: Fraction) -> bool:
        return not _spans_hit(silent, q)

    def until_hush(q: Fraction, dur: Fraction) -> Fraction:
        """A note's length, cut where the next silence or dialogue starts."""
        nxt = [a for a, _ in silent + hushed if q < a < q + dur]
        return min(nxt) - q if nxt else dur

    def chord_at(q: Fraction):
        return pcs[int(q // bar) % len(pcs)]

    mode = _pitch.parse_key(key)[2]

    def steps_for(q: Fraction) -> int:
        """Scale steps from the tonic to the chord's root (-3..3): the pulse moves with the chords, in the key."""
        root = chord_at(q)[0]
        _, degree, _ = _pitch.scale_degree(root + 60 if root >= tonic_pc else root + 72, tonic_pc, mode)
        return degree - 7 if degree > 3 else degree

    def moved(p: int, k: int) -> int:
        if k == 0:
            return p
        o, d, a = _pitch.scale_degree(p, tonic_pc, mode)
        return _pitch.from_scale_degree(o, d + k, a, tonic_pc, mode)

    layers = []
    if melody is not None:
        notes = []
        for start in melody_at:
            q = _frac(start) - 1
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
                    thin = float(level(float(t) + 1)) < 0.3 and t.denominator != 1
                    if not thin:
                        notes.append((t, until_hush(t, n.duration), [moved(n.pitch, k)], vel(t)))
                t += n.duration
            q += length
        layers.append(layer_from_notes("pulse", notes, total=total, instrument=pulse.instrument,
                                       articulation="staccato"))
    harm, bass = [], []
    for k in range(n_bars):
        q0 = bar * k
        edges = [x for span in silent + hushed for x in span] + hit_q
        cut = [q0] + [x for x in edges if q0 < x < q0 + bar] + [q0 + bar]
        cut = sorted(set(min(c, total) for c in cut))
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
        layers.append(layer_from_notes("stabs", stabs, total=total, instrument=stab, articulation="staccato"))
        layers.append(layer_from_notes("timpani", timp, total=total, instrument="Timpani"))
    how = f"{bpm:g} BPM, {len(hit_q)} hits on the grid" + (f", {len(silent)} silences" if silent else "")
    return Cue(tuple(layers), name, key, bpm, time_signature, notes=how)


def excerpt_cue(cue: Cue, first_beat: float, last_beat: float, *, name: str | None = None) -> Cue:
    """The bars of a cue from beat ``first_beat`` up to (not including) ``last_beat``, as a new cue
    (notes crossing the edges are cut): for reading a passage of a long cue.

    Examples
    --------
    >>> from scoring import Motif
    >>> from scoring.core.cue import Cue
    >>> part = excerpt_cue(Cue.from_motif(Motif.parse("4/4 c4 d e f g a b c'")), 5, 9)
    >>> part.melody().pitches
    ['G4', 'A4', 'B4', 'C5']

    Lesson: lessons/06_sync.ipynb
    """
    from dataclasses import replace as _replace

    from scoring.core.cue import Chord, Cue

    if not isinstance(cue, Cue):
        raise ScoringError(f"excerpt_cue() takes a Cue, not {type(cue).__name__}")
    a, b = _frac(first_beat) - 1, _frac(last_beat) - 1
    if not 0 <= a < b <= cue.quarter_length:
        raise ScoringError(f"beats {first_beat:g}-{last_beat:g} are not inside the cue (1-{float(cue.quarter_length) + 1:g})")
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
    return _replace(cue, layers=tuple(layers), name=name or f"{cue.name}, beats {first_beat:g}-{last_beat:g}")


def mickey_mouse(fit: TempoFit, pitches: Sequence[str | int], *, instrument: str = "Pizzicato Strings",
                 key: str = "C major", name: str = "Mickey-mousing", tail: float = 2.0) -> Cue:
    """Music that mimics every action: one note on each hit of a fit (use ``subdivision=4`` so each
    lands on a sixteenth), the pitches following the motion, the last one a loud chord.

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
    from scoring.core import pitch as _pitch
    from scoring.core.cue import Cue

    if not isinstance(fit, TempoFit):
        raise ScoringError("mickey_mouse() takes a TempoFit: fit_tempo(actions, subdivision=4)")
    if len(pitches) != len(fit.beats):
        raise ScoringError(f"give one pitch per action: {len(fit.beats)} actions, {len(pitches)} pitches")
    midi = [_pitch.midi_number(p) if isinstance(p, str) else int(p) for p in pitches]
    qs = [_frac(b) - 1 for b in fit.beats]
    total = qs[-1] + _frac(tail)
    notes = []
    for i, (q, p) in enumerate(zip(qs, midi)):
        last = i == len(qs) - 1
        nxt = qs[i + 1] if not last else total
        dur = min(nxt - q, Fraction(1, 2)) if not last else _frac(tail)
        chord = [p - 12, p - 5, p, p + 4] if last else [p]
        notes.append((q, dur, chord, 118 if last else 84))
    layer = layer_from_notes("actions", notes, total=total, instrument=instrument)
    return Cue((layer,), name, key, fit.bpm, "4/4", notes=f"a note on each of {len(qs)} actions")


# ---------------------------------------------------------------- what a lesson shows
def sync_html(music: Motif | Cue, *, hits: Sequence[float] = (), fit: TempoFit | None = None, click: bool = True,
              warning: int | None = None, start: float = 0.0, end: float | None = None,
              bars: tuple[float, float] | None = None, scene=None, music_start: float = 0.0,
              thuds: bool = True, notation: bool = True, sound: tuple[np.ndarray, int] | None = None,
              label: str = "", streamers: Sequence[Streamer] | bool = True) -> HTML:
    """Music against picture in one output: its notation (or ``bars`` of it), the sound (with its
    click and warning clicks, a thud on every hit, or ``sound`` = (samples, rate) if given) and a
    timeline of hits and beats (``streamers`` as in :func:`timeline`: False leaves them out, where
    many close hits would make them a tangle).

    Examples
    --------
    >>> from scoring import Motif
    >>> m = Motif.parse("4/4 c4 e g c'", tempo=120, name="Hit")
    >>> print(sync_html(m, hits=[1.5], fit=fit_tempo([1.5], (110, 130))))
    Hit: C4 E4 G4 C5 | C major | 4/4 | 120 BPM | Acoustic Grand Piano | 2.0 s
    120 BPM (click 12-0): 1 hit on beat 4; worst error 0.0 frames

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    from scoring.render.html import escape as _escape, audio_tag
    from scoring.core.cue import Cue
    from scoring.render.html import HTML, figure_png
    from scoring.render.html import img_tag
    from scoring.core.view import svg

    events, bpm, length, ts = _events(music)
    shown = music
    if bars is not None:
        cue = music if isinstance(music, Cue) else Cue.from_motif(music)
        shown = excerpt_cue(cue, *bars)
    if sound is None:
        n = int(ts.split("/")[0]) if warning is None else warning
        booms = [h - music_start for h in hits] if thuds else []
        samples, sr = render_excerpt(music, start=start, end=end, click=click, warning=n if click else 0,
                                     thuds=booms)
    else:
        samples, sr = sound
    fig = Figure(figsize=(9.5, 2.9), layout="constrained")
    ax = fig.add_subplot()
    window = None if end is None and start == 0 else (music_start + start - 0.5, music_start + (end or length) + 0.5)
    timeline(scene, hits=hits, fit=fit, music=music, music_start=music_start, ax=ax, window=window,
             streamers=streamers)
    parts = [p for p, on in (("its click", click), ("a thud on each hit", thuds and len(hits))) if on]
    what = label or (("with " + " and ".join(parts)) if parts and sound is None else "")
    html = (f'<div style="margin:4px 0 10px 0"><div style="font-weight:bold;font-size:1.1em">'
            f'{_escape(getattr(music, "name", ""))}</div>'
            f'{img_tag(svg(shown), alt="notation") + "<br>" if notation else ""}'
            f'{audio_tag(samples, sr, label=getattr(music, "name", ""))} '
            f'<span style="font-size:0.85em;color:#555">{_escape(what)}</span>'
            f'<div style="font-family:monospace;font-size:0.9em">{_escape(music.summary())}'
            f'{"<br>" + _escape(fit.summary()) if fit is not None else ""}</div>{figure_png(fig)}</div>')
    text = music.summary() + (f"\n{fit.summary()}" if fit is not None else "")
    return HTML(html, text)


def listen(clips: Sequence[tuple[str, np.ndarray]], sample_rate: int = 44100) -> HTML:
    """Several sounds side by side, each a labelled player: ``[(label, samples), ...]``.

    Examples
    --------
    >>> y = np.zeros((4410, 2), dtype=np.float32)
    >>> print(listen([("silence", y), ("more silence", y)], 44100))
    silence (0.1 s)
    more silence (0.1 s)

    Lesson: lessons/06_sync.ipynb
    """
    from scoring.render.html import escape as _escape, audio_tag
    from scoring.render.html import HTML

    clips = list(clips)
    if not 1 <= len(clips) <= 8:
        raise ScoringError("listen() takes 1 to 8 (label, samples) pairs")
    cells = "".join(f'<div style="flex:1 1 30%;min-width:240px"><div style="font-weight:bold">{_escape(label)}</div>'
                    f"{audio_tag(y, sample_rate, label=label)}</div>" for label, y in clips)
    text = "\n".join(f"{label} ({len(y) / sample_rate:.1f} s)" for label, y in clips)
    return HTML(f'<div style="display:flex;flex-wrap:wrap;gap:12px">{cells}</div>', text)


def hear_offsets(music: Motif | Cue, hit: float, *, frames: Sequence[int] = (0, 2, 6), start: float = 0.0,
                 end: float | None = None, fps: float = 24) -> HTML:
    """Can you hear a few frames? The same music with the picture's thud moved ``frames`` early (−)
    or late (+) against the note that should catch it: one player each, and a plot of where they fall.

    Examples
    --------
    >>> from scoring import Motif
    >>> view = hear_offsets(Motif.parse("4/4 c4 e g c'", tempo=120), 1.5, frames=(0, 4))
    >>> print(view)
    thud on the note (0 frames)
    thud 4 frames late (+167 ms)

    Lesson: lessons/06_sync.ipynb
    """
    from matplotlib.figure import Figure

    from scoring.render.html import escape as _escape, audio_tag
    from scoring.render.html import HTML, figure_png
    from scoring.render.html import img_tag
    from scoring.core.view import svg
    from scoring.core.plots import COLOURS

    _, real, _ = _rate(fps)
    _, _, length, _ = _events(music)
    end = length if end is None else end
    rows, labels = [], []
    fig = Figure(figsize=(9.0, 0.6 + 0.35 * len(frames)), layout="constrained")
    ax = fig.add_subplot()
    for i, f in enumerate(frames):
        shift = f / real
        y, sr = render_excerpt(music, start=start, end=end, thuds=[hit + shift])
        name = "thud on the note (0 frames)" if f == 0 else \
            f"thud {abs(f)} frames {'late' if f > 0 else 'early'} ({shift * 1000:+.0f} ms)"
        labels.append(name)
        rows.append(f'<div style="flex:1 1 30%;min-width:240px"><div style="font-weight:bold">{_escape(name)}</div>'
                    f"{audio_tag(y, sr, label=name)}</div>")
        ax.plot([hit], [i], "s", color=COLOURS[0], ms=8)
        ax.plot([hit + shift], [i], "v", color="#c23a3a", ms=8)
    ax.set_yticks(range(len(frames)), [f"{f:+d} fr" for f in frames])
    ax.set_ylim(-0.6, len(frames) - 0.4)
    ax.set_xlim(hit - max(8, max(abs(f) for f in frames) + 3) / real, hit + max(8, max(abs(f) for f in frames) + 3) / real)
    ax.invert_yaxis()
    ax.set_xlabel("seconds (blue square: the note, red triangle: the thud)")
    ax.grid(True, axis="x", alpha=0.3)
    html = (img_tag(svg(music), alt="notation") + '<div style="display:flex;flex-wrap:wrap;gap:12px">'
            + "".join(rows) + "</div>" + figure_png(fig))
    return HTML(html, "\n".join(labels))


def click_plot(bpm: float, *, beats: int, warning: int = 0, beats_per_bar: int = 4,
               ax: Axes | None = None) -> Axes:
    """A click track drawn as stems: warning clicks (low, yellow), downbeats (tall, red), beats (short).

    Examples
    --------
    >>> ax = click_plot(120, beats=8, warning=4)
    >>> len(ax.lines) >= 3
    True

    Lesson: lessons/06_sync.ipynb
    """
    from scoring.core.plots import _axes

    ax = _axes(ax, figsize=(9.0, 1.8))
    times = click_times(bpm, beats=beats, beats_per_bar=beats_per_bar, warning=warning)
    style = {"warning": ("#d9a400", 0.6), "downbeat": ("#c23a3a", 1.0), "beat": ("#1f5fa8", 0.55)}
    for kind, (colour, height) in style.items():
        xs = [t for t, k in times if k == kind]
        if xs:
            ax.vlines(xs, 0, height, color=colour, lw=2, label=kind)
            ax.plot(xs, [height] * len(xs), "o", color=colour, ms=4)
    ax.set_ylim(0, 1.2)
    ax.set_yticks([])
    ax.set_xlabel("seconds")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title(f"click at {bpm:g} BPM ({frame_click(bpm)}): {warning} warning clicks, then the cue", fontsize=9)
    return ax
