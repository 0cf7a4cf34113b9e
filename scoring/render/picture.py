"""Animatics: a scene's picture drawn from data, to score against.

The course cannot ship film footage, so -- as animation and game studios do -- a scene is scored
to an **animatic**: storyboard panels (one per :class:`Shot`) whose silhouettes (:class:`Prop`)
move across the frame, with the action written on a card, the dialogue as subtitles, and what a
music editor burns into a locked cut for the composer: a **timecode window** ``HH:MM:SS:FF``, the
cue number and a ``bar|beat`` counter while a cue plays (:class:`CueSpan`), and the sync marks a
conductor watches -- **streamers** (a line sweeping left to right for a few seconds and landing
on the right edge on the hit frame), **punches** (a flash on the hit frame) and **flutters**
(punches on the beats into a hit). Colours follow the usual convention: a yellow
:class:`WarningStreamer` before a cue, green into its start, white into other hits, red into its
end.

:func:`draw_frame` draws one frame as an array, :func:`still` and :func:`contact_sheet` make PNGs,
and :func:`render_video` streams the frames (and optional mono audio) into a small H.264/AAC MP4.
All outputs are deterministic: the same animatic gives the same bytes.

Lesson: lessons/06_sync.ipynb
"""
from __future__ import annotations

import contextlib
import difflib
import functools
import importlib.util
import io
import math
import queue
import re
import tempfile
import threading
from dataclasses import KW_ONLY, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable, Sequence, Union

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from PIL import Image, ImageDraw, ImageFont

from scoring.errors import ScoringError
from scoring.render.checks import show as _show, whole
from scoring.render.processor import processor_level

__all__ = ["Prop", "Shot", "Subtitle", "Streamer", "WarningStreamer", "Punch", "Flutter", "CueSpan",
           "Animatic", "draw_frame", "still", "contact_sheet", "render_video",
           "PROP_KINDS", "STREAMER_COLOURS", "SIZES", "FRAME_RATES", "MAX_SECONDS"]

#: Frame rates: fps -> (timecode frames per second, real frames per second).
FRAME_RATES: dict[float, tuple[int, Fraction]] = {
    23.976: (24, Fraction(24000, 1001)), 24.0: (24, Fraction(24)), 25.0: (25, Fraction(25)),
    29.97: (30, Fraction(30000, 1001)), 30.0: (30, Fraction(30))}
#: Frame sizes (width, height) the engine draws.
SIZES = ((480, 270), (640, 360), (960, 540))
#: The longest stretch :func:`render_video` renders at once, in seconds.
MAX_SECONDS = 600.0
#: What a :class:`Prop` can be.
PROP_KINDS = ("car", "van", "ferry", "door", "person", "house", "tree", "moon", "road", "sea")
#: Streamer and punch colours: yellow warns, green starts a cue, white marks a hit, red ends it.
STREAMER_COLOURS = {"white": (250, 250, 250), "yellow": (255, 214, 0), "green": (40, 225, 90),
                    "red": (240, 45, 45)}
_SS = 4                     # supersampling factor for anti-aliased sprites
_SCOPE = 2.39               # the picture is letterboxed to 2.39:1; the bars carry the burn-ins


# ---------------------------------------------------------------- checks
def _number(value, what: str, example: str = "0.5") -> float:
    """A finite real number, or a ScoringError saying how to fix it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ScoringError(f"{what}={value!r} is not a number; write e.g. {what}={example}")
    if not math.isfinite(value):
        raise ScoringError(f"{what}={value!r}: give a finite number, e.g. {what}={example}")
    return float(value)


def _seconds(value, what: str) -> float:
    """A finite number of seconds from the start of the scene (>= 0)."""
    t = _number(value, what, "2.5")
    if t < 0:
        raise ScoringError(f"{what}={t:g} s is before the scene starts; times count from 0")
    if t > 86_400:
        raise ScoringError(f"{what}={t:g} s is past the 24 hours timecode counts; give seconds within the scene")
    return t


def _span(start, end, what: str) -> tuple[float, float]:
    """Checked (start, end) seconds with end after start."""
    s, e = _seconds(start, "start"), _seconds(end, "end")
    if e <= s:
        raise ScoringError(f"{what} ends at {e:g} s, not after its start at {s:g} s; "
                           "give end > start (swap them if they are reversed)")
    return s, e


def _set(obj, pairs) -> None:
    """Store checked values on a frozen dataclass (times as floats)."""
    for name, value in pairs:
        object.__setattr__(obj, name, value)


def _text(value, what: str) -> str:
    """A user string, drawn as it is (control characters other than newlines become spaces)."""
    if not isinstance(value, str):
        raise ScoringError(f"{what} should be text, not {type(value).__name__}; write {what}=\"...\"")
    return "".join(c if c.isprintable() or c == "\n" else " " for c in value)


def _colour(name, what: str) -> str:
    """A streamer colour name."""
    if not isinstance(name, str) or name not in STREAMER_COLOURS:
        raise ScoringError(f"{what} {_show(name)}: use one of {', '.join(STREAMER_COLOURS)} "
                           "(yellow warns, green starts a cue, white marks a hit, red ends a cue)")
    return name


def _rate(fps) -> tuple[float, int, Fraction]:
    """(canonical fps, timecode frames per second, real frames per second)."""
    if not isinstance(fps, bool) and isinstance(fps, (int, float, np.integer, np.floating)):
        for key, (nominal, real) in FRAME_RATES.items():
            if abs(float(fps) - key) < 0.006:
                return key, nominal, real
    raise ScoringError(f"fps={fps!r}: use one of {', '.join(f'{k:g}' for k in FRAME_RATES)} "
                       "(film is 24, PAL video 25, NTSC 29.97)")


def _frame(t: float, real: Fraction) -> int:
    """The frame showing at ``t`` seconds (the nearest frame)."""
    return int(math.floor(t * real.numerator / real.denominator + 0.5))


# ---------------------------------------------------------------- timecode (a small local helper)
def _tc_frames(text, fps: float) -> int:
    """Frames from 00:00:00:00 to a timecode ``HH:MM:SS:FF`` (``;`` or ``:`` at 29.97, drop-frame)."""
    key, nominal, _ = _rate(fps)
    parts = text.replace(";", ":").split(":") if isinstance(text, str) else []
    if len(parts) != 4 or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise ScoringError(f"timecode_start={text!r}: write HH:MM:SS:FF, e.g. '01:00:00:00'")
    h, m, s, f = map(int, parts)
    if m > 59 or s > 59 or f >= nominal:
        raise ScoringError(f"timecode_start={text!r}: minutes and seconds run 00-59, frames "
                           f"00-{nominal - 1:02d} at {key:g} fps")
    frames = ((h * 60 + m) * 60 + s) * nominal + f
    if key == 29.97:
        if s == 0 and f < 2 and m % 10:
            raise ScoringError(f"timecode_start={text!r} is skipped in drop-frame timecode; "
                               f"use {h:02d}:{m:02d}:00;02")
        frames -= 2 * (h * 60 + m - (h * 60 + m) // 10)
    return frames


def _tc_text(frames: int, fps: float) -> str:
    """The timecode of a frame count; 29.97 is drop-frame (``;``: frame numbers 00 and 01 are
    skipped each minute except every tenth). Hours wrap at 24."""
    key, nominal, _ = _rate(fps)
    n = int(frames)
    if key == 29.97:
        tens, rest = divmod(n, 17982)             # 17982 frames in ten drop-frame minutes
        n += 18 * tens + (2 * ((rest - 2) // 1798) if rest > 1 else 0)
    f, s = n % nominal, (n // nominal) % 60
    m, h = (n // (nominal * 60)) % 60, (n // (nominal * 3600)) % 24
    return f"{h:02d}:{m:02d}:{s:02d}{';' if key == 29.97 else ':'}{f:02d}"


# ---------------------------------------------------------------- the data
@dataclass(frozen=True)
class Prop:
    """A silhouette on stage, moving in a straight line from (x0, y0) to (x1, y1) over its shot.

    Coordinates are fractions of the picture (0, 0 top left; 1, 1 bottom right; a little outside
    lets a car drive in or out). A prop stands on its point (the middle of its base); a moon is
    centred on it. ``size`` is its height as a fraction of the picture's height. ``road`` and
    ``sea`` are bands across the picture: y is their top edge, ``size`` their depth, and x scrolls
    the road markings or the waves (a moving camera). Vehicles face the way they move.

    Examples
    --------
    >>> Prop("car", 0.1, 0.8, 0.7, 0.8, size=0.2).kind
    'car'

    Lesson: lessons/06_sync.ipynb
    """

    kind: str
    x0: float
    y0: float
    x1: float | None = None
    y1: float | None = None
    size: float = 0.25
    label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in PROP_KINDS:
            near = difflib.get_close_matches(str(self.kind), PROP_KINDS, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ScoringError(f"prop kind {self.kind!r}: {hint}use one of {', '.join(PROP_KINDS)}")
        object.__setattr__(self, "x1", self.x0 if self.x1 is None else self.x1)
        object.__setattr__(self, "y1", self.y0 if self.y1 is None else self.y1)
        for name in ("x0", "y0", "x1", "y1"):
            v = _number(getattr(self, name), name)
            object.__setattr__(self, name, v)
            if not -1.0 <= v <= 2.0:
                raise ScoringError(f"{self.kind} {name}={v:g}: positions are fractions of the frame, "
                                   "0-1 (down to -1 or up to 2 to start or end off screen)")
        object.__setattr__(self, "size", _number(self.size, "size"))
        if not 0 < self.size <= 1.5:
            raise ScoringError(f"{self.kind} size={self.size!r}: give its height as a fraction of "
                               "the picture, between 0 and 1.5 (0.25 is a quarter)")
        object.__setattr__(self, "label", _text(self.label, "label"))


@dataclass(frozen=True)
class Shot:
    """One storyboard panel: from ``start`` to ``end`` seconds, its action card and its staging.

    ``light`` is ``"day"``, ``"dusk"`` or ``"night"``; left empty it is read from the card's slug
    line (the first of DAY, MORNING, NIGHT, DUSK, DAWN, EVENING or SUNSET; day if none).
    ``horizon`` is where the sky meets the ground, as a fraction of the picture's height.

    Examples
    --------
    >>> Shot(0, 4, "EXT. HARBOUR ROAD - NIGHT. The van noses out.", (Prop("moon", 0.8, 0.2),)).light
    'night'

    Lesson: lessons/06_sync.ipynb
    """

    start: float
    end: float
    card: str = ""
    staging: tuple[Prop, ...] = ()
    _: KW_ONLY
    light: str = ""
    horizon: float = 0.6

    def __post_init__(self) -> None:
        _set(self, zip(("start", "end"), _span(self.start, self.end, "a shot")))
        object.__setattr__(self, "card", _text(self.card, "card"))
        staging = tuple(self.staging) if isinstance(self.staging, (list, tuple)) else None
        if staging is None or not all(isinstance(p, Prop) for p in staging):
            raise ScoringError("staging should be a tuple of Prop(...) items, e.g. (Prop('car', 0.1, 0.8),)")
        object.__setattr__(self, "staging", staging)
        said = re.search(r"\b(DAY|MORNING|NIGHT|DUSK|DAWN|EVENING|SUNSET)\b", self.card.upper())
        light = self.light or {"NIGHT": "night", "DAY": "day", "MORNING": "day"}.get(said[1] if said else "DAY", "dusk")
        if light not in ("day", "dusk", "night"):
            raise ScoringError(f"light={self.light!r}: use 'day', 'dusk' or 'night'")
        object.__setattr__(self, "light", light)
        if not 0.1 <= _number(self.horizon, "horizon") <= 1.0:
            raise ScoringError(f"horizon={self.horizon!r}: give it as a fraction of the picture's height, 0.1-1")


@dataclass(frozen=True)
class Subtitle:
    """A line of dialogue, shown at the bottom of the picture from ``start`` to ``end`` seconds.

    Examples
    --------
    >>> Subtitle(1.0, 2.5, "MARA", "Left at the harbour!").speaker
    'MARA'

    Lesson: lessons/06_sync.ipynb
    """

    start: float
    end: float
    speaker: str = ""
    text: str = ""

    def __post_init__(self) -> None:
        _set(self, zip(("start", "end"), _span(self.start, self.end, "a subtitle")))
        object.__setattr__(self, "speaker", _text(self.speaker, "speaker"))
        object.__setattr__(self, "text", _text(self.text, "text"))


@dataclass(frozen=True)
class Streamer:
    """A line sweeping left to right for ``length`` seconds, landing on the right edge on the hit frame.

    ``colour`` is one of :data:`STREAMER_COLOURS`; ``label`` (optional) rides along at its top.

    Examples
    --------
    >>> Streamer(5.0, 3.0, "white").start
    2.0

    Lesson: lessons/06_sync.ipynb
    """

    hit: float
    length: float = 3.0
    colour: str = "white"
    label: str = ""

    def __post_init__(self) -> None:
        _set(self, (("hit", _seconds(self.hit, "hit")), ("length", _seconds(self.length, "length"))))
        if not 0.5 <= self.length <= 6.0:
            raise ScoringError(f"a streamer of {self.length:g} s is odd; they sweep for 2-4 s (length=3.0)")
        _colour(self.colour, "streamer colour")
        object.__setattr__(self, "label", _text(self.label, "label"))

    @property
    def start(self) -> float:
        """When the line enters at the left edge, in seconds (may be before the scene)."""
        return self.hit - self.length


@dataclass(frozen=True)
class WarningStreamer(Streamer):
    """The yellow streamer before a cue: it lands where the warning clicks (or the cue) begin.

    Examples
    --------
    >>> WarningStreamer(2.0, 2.0).colour
    'yellow'

    Lesson: lessons/06_sync.ipynb
    """

    colour: str = "yellow"
    label: str = "WARNING"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.colour != "yellow":
            raise ScoringError("a warning streamer is yellow by convention; use Streamer(hit, colour=...) "
                               "for a green, white or red one")


@dataclass(frozen=True)
class Punch:
    """A flash on the hit frame, held ``frames`` frames: a filled circle mid-picture, and (at full
    ``scale``) the whole picture flashed towards the punch's colour with a bright rim.

    Examples
    --------
    >>> Punch(5.0).frames
    2

    Lesson: lessons/06_sync.ipynb
    """

    at: float
    colour: str = "white"
    frames: int = 2
    scale: float = 1.0

    def __post_init__(self) -> None:
        _set(self, (("at", _seconds(self.at, "at")),))
        _colour(self.colour, "punch colour")
        _set(self, (("frames", whole(self.frames, "frames", "hold a punch for 1-6 frames (2 reads well)", lo=1, hi=6)),))
        if not 0.2 <= _number(self.scale, "scale") <= 1.5:
            raise ScoringError(f"scale={self.scale!r}: punch sizes run 0.2-1.5 (1 is full size)")


@dataclass(frozen=True)
class Flutter:
    """Flutter punches: ``count`` punches ``every`` seconds (the beat) leading into the hit.

    The lead-in punches are smaller; the last, full-size one lands on the hit.

    Examples
    --------
    >>> [p.at for p in Flutter(4.0, count=3, every=0.5).punches]
    [3.0, 3.5, 4.0]

    Lesson: lessons/06_sync.ipynb
    """

    hit: float
    count: int = 4
    every: float = 0.5
    colour: str = "white"

    def __post_init__(self) -> None:
        _set(self, (("hit", _seconds(self.hit, "hit")),))
        _set(self, (("count", whole(self.count, "count", "a flutter is 2-8 punches", lo=2, hi=8)),))
        if not 0.03 <= _seconds(self.every, "every") <= 2.0:
            raise ScoringError(f"every={self.every!r}: space the punches 0.03-2 s apart (a beat: 60/BPM)")
        if self.hit - (self.count - 1) * self.every < 0:
            raise ScoringError(f"a flutter of {self.count} punches every {self.every:g} s into {self.hit:g} s "
                               "starts before the scene; use fewer punches or a shorter spacing")
        _colour(self.colour, "flutter colour")

    @property
    def punches(self) -> tuple[Punch, ...]:
        """The punches, earliest first."""
        n = self.count - 1
        return tuple(Punch(self.hit - (n - k) * self.every, self.colour, 1 if k < n else 2,
                           0.55 if k < n else 1.0) for k in range(self.count))


@dataclass(frozen=True)
class CueSpan:
    """A cue playing from ``start`` to ``end``: its number (``1M2``) and a ``bar|beat`` counter.

    ``bar_beat`` is called with the seconds since the cue's start and returns the text to show
    (the package's tempo map knows bars and beats; this engine keeps no clock of its own);
    without it the cue's running time is shown.

    Examples
    --------
    >>> CueSpan(2.0, 18.0, "1M1", lambda s: f"1|{int(s * 2) + 1}").bar_beat(1.0)
    '1|3'

    Lesson: lessons/06_sync.ipynb
    """

    start: float
    end: float
    number: str = ""
    bar_beat: Callable[[float], str] | None = None

    def __post_init__(self) -> None:
        _set(self, zip(("start", "end"), _span(self.start, self.end, "a cue")))
        object.__setattr__(self, "number", _text(self.number, "cue number"))
        if self.bar_beat is not None and not callable(self.bar_beat):
            raise ScoringError("bar_beat should be a function of the seconds since the cue's start "
                               "returning text like '5|3', e.g. lambda s: tempo_map.bar_beat_text(...)")


Mark = Union[Streamer, Punch, Flutter]


@dataclass(frozen=True, kw_only=True)
class Animatic:
    """A scene's animatic: shots, subtitles, sync marks, cues and the burn-in settings.

    Parameters
    ----------
    shots : :class:`Shot` panels in time order, not overlapping (gaps show black).
    subtitles : :class:`Subtitle` lines.
    marks : :class:`Streamer`, :class:`WarningStreamer`, :class:`Punch` and :class:`Flutter` marks.
    cues : :class:`CueSpan` items, or ``(start, end, number, bar_beat)`` tuples.
    fps : 23.976, 24, 25, 29.97 (drop-frame timecode) or 30.
    size : (480, 270), (640, 360) or (960, 540).
    timecode_start : the timecode of 0 s, e.g. ``"01:00:00:00"`` (reels start at hour 1).
    title : shown small at the bottom left.
    timecode : optional function of seconds returning the timecode text to burn in.

    Examples
    --------
    >>> a = Animatic(shots=(Shot(0, 5, "INT. HALL - DAY"),), cues=[(1, 4, "1M1", None)])
    >>> a.duration, a.cues[0].number
    (5.0, '1M1')

    Lesson: lessons/06_sync.ipynb
    """

    shots: tuple[Shot, ...] = ()
    subtitles: tuple[Subtitle, ...] = ()
    marks: tuple[Mark, ...] = ()
    cues: tuple[CueSpan, ...] = ()
    fps: float = 24
    size: tuple[int, int] = (480, 270)
    timecode_start: str = "01:00:00:00"
    title: str = ""
    timecode: Callable[[float], str] | None = None

    def __post_init__(self) -> None:
        for name, kind in (("shots", Shot), ("subtitles", Subtitle), ("marks", (Streamer, Punch, Flutter))):
            items = getattr(self, name)
            if not isinstance(items, (list, tuple)) or not all(isinstance(i, kind) for i in items):
                raise ScoringError(f"{name} should be a list of {getattr(kind, '__name__', 'mark')} items")
            object.__setattr__(self, name, tuple(items))
        object.__setattr__(self, "cues", _cues(self.cues))
        for a, b in zip(self.shots, self.shots[1:]):
            if b.start < a.end - 1e-9:
                raise ScoringError(f"shots overlap: one ends at {a.end:g} s but the next starts at {b.start:g} s; "
                                   "list shots in time order, each starting where the last ends or later")
        object.__setattr__(self, "fps", _rate(self.fps)[0])
        size = self.size
        if not ((isinstance(size, (list, tuple)) or isinstance(size, np.ndarray) and size.ndim == 1) and len(size) == 2
                and all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
                        for v in size)) or tuple(size) not in SIZES:
            raise ScoringError(f"size={_show(self.size)}: use one of {', '.join(f'{w}x{h}' for w, h in SIZES)} "
                               "(480x270 is small and legible)")
        object.__setattr__(self, "size", tuple(self.size))
        _tc_frames(self.timecode_start, self.fps)
        object.__setattr__(self, "title", _text(self.title, "title"))
        if self.timecode is not None and not callable(self.timecode):
            raise ScoringError("timecode should be a function of seconds returning text, or None")

    @property
    def duration(self) -> float:
        """Seconds until the last shot, line, cue or mark ends."""
        ends = [x.end for x in (*self.shots, *self.subtitles, *self.cues)]
        ends += [getattr(m, "hit", getattr(m, "at", 0.0)) for m in self.marks]
        return max(ends, default=0.0)


def _cues(items) -> tuple[CueSpan, ...]:
    """CueSpan items from CueSpans or (start, end, number, bar_beat) tuples."""
    if not isinstance(items, (list, tuple)):
        raise ScoringError("cues should be a list of CueSpan(...) or (start, end, number, bar_beat) tuples")
    out = []
    for c in items:
        if isinstance(c, CueSpan):
            out.append(c)
        elif isinstance(c, tuple) and len(c) == 4:
            out.append(CueSpan(*c))
        else:
            raise ScoringError(f"cue {c!r}: write CueSpan(start, end, '1M1', counter) or (start, end, '1M1', counter)")
    return tuple(out)


# ---------------------------------------------------------------- silhouettes
# Each shape: (role, "poly" | "ellipse" | "rect", coordinates, layer) in units of the prop's
# height, y up from its base, facing right. Layer 0 is the silhouette (one outline round all of
# it), 1 details (own thin outline), 2 lights (no outline), 3 headlight beams (night only, behind).
def _rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _circle(x, y, r):
    return (x - r, y - r, x + r, y + r)


_SHAPES: dict[str, list] = {
    "car": [("beam", "poly", [(1.2, 0.46), (3.4, 0.8), (3.4, 0.02), (1.2, 0.36)], 3),
            ("body", "poly", [(-1.2, 0.18), (-1.22, 0.5), (-1.0, 0.57), (-0.58, 0.6), (-0.3, 0.96), (0.32, 0.96),
                              (0.66, 0.62), (1.12, 0.55), (1.22, 0.42), (1.2, 0.18)], 0),
            ("wheel", "ellipse", _circle(-0.7, 0.21, 0.21), 0), ("wheel", "ellipse", _circle(0.72, 0.21, 0.21), 0),
            ("glass", "poly", [(-0.24, 0.88), (-0.02, 0.88), (-0.02, 0.64), (-0.46, 0.64)], 1),
            ("glass", "poly", [(0.06, 0.88), (0.28, 0.88), (0.5, 0.64), (0.06, 0.64)], 1),
            ("hub", "ellipse", _circle(-0.7, 0.21, 0.08), 1), ("hub", "ellipse", _circle(0.72, 0.21, 0.08), 1),
            ("lamp", "ellipse", (1.1, 0.38, 1.23, 0.48), 2), ("tail", "rect", _rect(-1.23, 0.4, -1.16, 0.5), 2)],
    "van": [("beam", "poly", [(1.1, 0.5), (3.2, 0.85), (3.2, 0.02), (1.1, 0.4)], 3),
            ("body", "poly", [(-1.1, 0.17), (-1.1, 1.1), (0.4, 1.1), (0.56, 1.04), (0.94, 0.62), (1.1, 0.55),
                              (1.1, 0.17)], 0),
            ("wheel", "ellipse", _circle(-0.66, 0.19, 0.19), 0), ("wheel", "ellipse", _circle(0.68, 0.19, 0.19), 0),
            ("glass", "poly", [(0.46, 1.0), (0.55, 0.98), (0.86, 0.64), (0.46, 0.64)], 1),
            ("trim", "rect", _rect(-1.1, 0.42, 1.1, 0.5), 1), ("seam", "rect", _rect(0.37, 0.2, 0.39, 1.06), 1),
            ("hub", "ellipse", _circle(-0.66, 0.19, 0.07), 1), ("hub", "ellipse", _circle(0.68, 0.19, 0.07), 1),
            ("lamp", "ellipse", (1.0, 0.52, 1.11, 0.62), 2), ("tail", "rect", _rect(-1.11, 0.7, -1.05, 0.85), 2)],
    "ferry": [("hull", "poly", [(-1.85, -0.1), (-1.9, 0.36), (2.0, 0.44), (1.55, -0.1)], 0),
              ("cabin", "rect", _rect(-1.5, 0.36, 1.1, 0.63), 0), ("cabin", "rect", _rect(-1.0, 0.6, 0.72, 0.83), 0),
              ("cabin", "rect", _rect(0.32, 0.8, 0.72, 0.96), 0),
              ("funnel", "poly", [(-0.52, 0.8), (-0.16, 0.8), (-0.1, 1.18), (-0.46, 1.18)], 0),
              ("trim", "poly", [(-1.87, 0.2), (1.78, 0.2), (1.86, 0.28), (-1.88, 0.28)], 1),
              ("trim", "poly", [(-0.47, 1.08), (-0.1, 1.08), (-0.1, 1.18), (-0.46, 1.18)], 1)]
             + [("window", "rect", _rect(x, 0.45, x + 0.13, 0.54), 1) for x in np.arange(-1.36, 1.0, 0.24)]
             + [("window", "rect", _rect(x, 0.68, x + 0.13, 0.76), 1) for x in np.arange(-0.86, 0.62, 0.24)],
    "door": [("trim", "rect", _rect(-0.32, 0.0, 0.32, 1.0), 0), ("body", "rect", _rect(-0.25, 0.0, 0.25, 0.94), 1),
             ("panel", "rect", _rect(-0.17, 0.56, 0.17, 0.86), 1), ("panel", "rect", _rect(-0.17, 0.08, 0.17, 0.46), 1),
             ("lamp", "ellipse", _circle(0.17, 0.5, 0.035), 2)],
    "person": [("body", "ellipse", _circle(0.0, 0.885, 0.105), 0),
               ("body", "poly", [(-0.15, 0.77), (0.15, 0.77), (0.18, 0.47), (0.12, 0.44), (-0.12, 0.44),
                                 (-0.18, 0.47)], 0),
               ("body", "poly", [(0.14, 0.76), (0.25, 0.5), (0.2, 0.47), (0.11, 0.68)], 0),
               ("body", "poly", [(-0.14, 0.76), (-0.25, 0.5), (-0.2, 0.47), (-0.11, 0.68)], 0),
               ("body", "poly", [(-0.12, 0.46), (0.12, 0.46), (0.11, 0.0), (0.03, 0.0), (0.0, 0.3), (-0.03, 0.0),
                                 (-0.11, 0.0)], 0)],
    "house": [("trim", "rect", _rect(0.38, 0.7, 0.52, 0.98), 0), ("body", "rect", _rect(-0.75, 0.0, 0.75, 0.6), 0),
              ("roof", "poly", [(-0.92, 0.57), (0.0, 1.0), (0.92, 0.57)], 0),
              ("window", "rect", _rect(-0.56, 0.28, -0.3, 0.47), 1),
              ("window", "rect", _rect(0.3, 0.28, 0.56, 0.47), 1),
              ("trim", "rect", _rect(-0.1, 0.0, 0.1, 0.38), 1)],
    "tree": [("trunk", "rect", _rect(-0.06, 0.0, 0.06, 0.42), 0), ("body", "ellipse", (-0.38, 0.34, 0.38, 0.86), 0),
             ("body", "ellipse", (-0.28, 0.6, 0.3, 1.0), 0), ("body", "ellipse", (-0.46, 0.3, 0.04, 0.7), 0),
             ("body", "ellipse", (-0.04, 0.3, 0.46, 0.72), 0)],
    "moon": [("halo", "ellipse", _circle(0.0, 0.0, 0.85), 3), ("body", "ellipse", _circle(0.0, 0.0, 0.5), 0),
             ("panel", "ellipse", _circle(-0.15, 0.12, 0.12), 2), ("panel", "ellipse", _circle(0.18, -0.12, 0.08), 2),
             ("panel", "ellipse", _circle(0.1, 0.25, 0.06), 2)],
}
# Colours by kind and role in daylight; at night and dusk they darken, lights stay lit.
_BASE = {"body": (72, 76, 86), "trim": (40, 40, 46), "seam": (120, 120, 120), "glass": (150, 195, 220),
         "hub": (190, 190, 190),
         "wheel": (26, 26, 30), "lamp": (255, 236, 160), "tail": (220, 30, 30), "window": (150, 195, 220),
         "panel": (0, 0, 0, 0), "beam": (255, 240, 170, 90), "halo": (250, 245, 220, 70)}
_KIND_COLOURS = {
    "car": {"body": (205, 55, 42)}, "van": {"body": (236, 233, 222), "trim": (40, 110, 170)},
    "ferry": {"hull": (28, 44, 72), "cabin": (242, 242, 236), "funnel": (214, 60, 40), "trim": (230, 230, 225)},
    "door": {"body": (140, 84, 46), "trim": (70, 60, 55), "panel": (120, 70, 38), "lamp": (230, 190, 90)},
    "person": {"body": (34, 34, 40)}, "house": {"body": (222, 200, 160), "roof": (130, 52, 40), "trim": (90, 50, 36)},
    "tree": {"body": (52, 110, 60), "trunk": (90, 62, 40)}, "moon": {"body": (250, 246, 222), "panel": (222, 218, 196)}}
_LIT = {"lamp", "tail", "beam", "halo"}
_DIM = {"day": 1.0, "dusk": 0.72, "night": 0.5}
_INK = {"day": (20, 20, 26), "dusk": (24, 18, 30), "night": (190, 205, 230)}   # outlines (moonlit rim at night)


def _role_colour(kind: str, role: str, light: str) -> tuple:
    """The RGBA colour of a part of a prop under the shot's light."""
    rgb = _KIND_COLOURS.get(kind, {}).get(role, _BASE.get(role, _BASE["body"]))
    if len(rgb) == 4:
        return rgb
    if role in _LIT or kind == "moon" or (role == "window" and light != "day"):
        return (*((255, 206, 110) if role == "window" else rgb), 255)
    return (*(int(c * _DIM[light]) for c in rgb), 255)


def _shape_px(shape: str, pts, X, Y):
    """A shape's coordinates mapped to pixels (an ellipse's box is re-ordered so x0 <= x1)."""
    if shape == "ellipse":
        x0, y0, x1, y1 = X(pts[0]), Y(pts[3]), X(pts[2]), Y(pts[1])
        return (min(x0, x1), y0, max(x0, x1), y1)
    return [(X(x), Y(y)) for x, y in (pts if shape == "poly" else pts)]


def _paint(draw: ImageDraw.ImageDraw, shape: str, xy, fill, grow: float = 0.0) -> None:
    """Fill a shape, ``grow`` pixels bigger all round (for the ink outline under a silhouette)."""
    if shape == "ellipse":
        x0, y0, x1, y1 = xy
        draw.ellipse((x0 - grow, y0 - grow, x1 + grow, y1 + grow), fill=fill)
        return
    draw.polygon(xy, fill=fill)
    if grow:
        draw.line([*xy, xy[0]], fill=fill, width=max(1, round(2 * grow)), joint="curve")


def _glow(draw: ImageDraw.ImageDraw, shape: str, pts, X, Y, colour) -> None:
    """A light that fades with distance: a headlight beam (from its first edge) or a halo."""
    for f, alpha in ((1.0, 0.3), (0.72, 0.55), (0.5, 0.8), (0.3, 1.0)):
        if shape == "ellipse":
            cx, cy, r = (pts[0] + pts[2]) / 2, (pts[1] + pts[3]) / 2, (pts[2] - pts[0]) / 2 * (0.55 + 0.45 * f)
            xy = _shape_px(shape, (cx - r, cy - r, cx + r, cy + r), X, Y)
        else:
            (a, b, c, d) = pts
            lerp = lambda p, q: (p[0] + (q[0] - p[0]) * f, p[1] + (q[1] - p[1]) * f)   # noqa: E731
            xy = _shape_px(shape, [a, lerp(a, b), lerp(d, c), d], X, Y)
        _paint(draw, shape, xy, (*colour[:3], int(colour[3] * alpha)))


@functools.lru_cache(maxsize=256)
def _sprite(kind: str, height: int, flip: bool, light: str) -> tuple[Image.Image, int, int]:
    """An anti-aliased RGBA silhouette ``height`` pixels tall, and the offset of its anchor point."""
    shapes = [s for s in _SHAPES[kind] if s[3] != 3 or light != "day"]
    sign = -1.0 if flip else 1.0
    xs = [sign * p[0] for s in shapes for p in (s[2] if s[1] != "ellipse" else (s[2][:2], s[2][2:]))]
    ys = [p[1] for s in shapes for p in (s[2] if s[1] != "ellipse" else (s[2][:2], s[2][2:]))]
    ink_w = min(3.0, max(1.0, height / 45))
    pad = math.ceil(ink_w) + 1
    w, h = math.ceil((max(xs) - min(xs)) * height) + 2 * pad, math.ceil((max(ys) - min(ys)) * height) + 2 * pad
    k, xmin, ymax = height * _SS, min(xs), max(ys)
    X = lambda x: (sign * x - xmin) * k + pad * _SS      # noqa: E731 - tiny local mappings
    Y = lambda y: (ymax - y) * k + pad * _SS             # noqa: E731
    img = Image.new("RGBA", (w * _SS, h * _SS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    ink = (*_INK[light], 255)
    passes = [(3, None, 0.0), (0, ink, ink_w * _SS), (0, None, 0.0), (1, ink, ink_w * 0.6 * _SS), (1, None, 0.0),
              (2, None, 0.0)]
    for layer, over, grow in passes:
        for role, shape, pts, lay in shapes:
            if lay == 3 == layer:
                _glow(draw, shape, pts, X, Y, _role_colour(kind, role, light))
            elif lay == layer:
                _paint(draw, shape, _shape_px(shape, pts, X, Y), over or _role_colour(kind, role, light), grow)
    small = img.convert("RGBa").resize((w, h), Image.Resampling.BOX).convert("RGBA")
    return small, round((0 - xmin) * height + pad), round(ymax * height + pad)


@functools.lru_cache(maxsize=64)
def _band(kind: str, width: int, height: int, light: str) -> tuple[Image.Image, int]:
    """A road or sea band ``width`` + one period wide (crop it to scroll), and its period in pixels."""
    period = max(24, width // 6)
    dim = _DIM[light]
    big = Image.new("RGB", ((width + period) * 2, height * 2))
    d = ImageDraw.Draw(big)
    W2, H2, P2 = big.width, big.height, period * 2
    shade = lambda c: tuple(int(v * dim) for v in c)       # noqa: E731
    if kind == "road":
        d.rectangle((0, 0, W2, H2), fill=shade((70, 70, 76)))
        edge = max(2, H2 // 22)
        for y in (edge, H2 - 2 * edge):
            d.rectangle((0, y, W2, y + edge - 1), fill=shade((215, 215, 205)))
        for x in range(0, W2, P2):
            d.rectangle((x, H2 // 2 - edge // 2 - 1, x + P2 // 2, H2 // 2 + edge // 2), fill=shade((240, 220, 120)))
    else:
        top, bottom = np.array(shade((46, 96, 140))), np.array(shade((18, 46, 80)))
        for y in range(H2):
            d.line((0, y, W2, y), fill=tuple(int(v) for v in top + (bottom - top) * y / max(1, H2 - 1)))
        rows = max(2, H2 // 16)
        for r in range(rows):
            y, off = (r + 0.6) * H2 / rows, (r * 0.37 % 1.0) * P2
            for x in np.arange(-P2 + off, W2, P2 / 2):
                d.arc((x, y - 5, x + P2 / 3, y + 5), 200, 340, fill=shade((170, 205, 230)), width=2)
    return big.resize((width + period, height), Image.Resampling.BOX), period


def _backdrop(width: int, height: int, light: str, horizon: float, seed: int) -> Image.Image:
    """Sky graded down to the horizon, ground below it, and stars at night."""
    sky = {"day": ((96, 150, 205), (196, 222, 238)), "dusk": ((52, 46, 96), (236, 140, 86)),
           "night": ((6, 10, 28), (32, 48, 84))}[light]
    ground = {"day": ((112, 128, 92), (80, 94, 66)), "dusk": ((58, 46, 60), (34, 28, 40)),
              "night": ((20, 24, 34), (10, 12, 18))}[light]
    hz = max(1, min(height, round(horizon * height)))
    u = np.linspace(0, 1, hz)[:, None]
    v = np.linspace(0, 1, max(1, height - hz))[:, None]
    col = np.vstack([np.array(sky[0]) + (np.array(sky[1]) - sky[0]) * u,
                     np.array(ground[0]) + (np.array(ground[1]) - ground[0]) * v])[:height]
    arr = np.repeat(col[:, None, :], width, axis=1).astype(np.uint8)
    if light == "night":
        rng = np.random.default_rng(seed)
        n = width * hz // 900
        ys, xs = rng.integers(0, max(1, hz - 4), n), rng.integers(0, width, n)
        arr[ys, xs] = rng.integers(120, 230, (n, 1)).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


# ---------------------------------------------------------------- text
def _font_file(name: str) -> str | None:
    """A DejaVu font bundled with matplotlib (a dependency), found without importing it."""
    spec = importlib.util.find_spec("matplotlib")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "mpl-data" / "fonts" / "ttf" / name
        if path.is_file():
            return str(path)
    return None


@functools.lru_cache(maxsize=32)
def _font(size: int, style: str = "sans") -> ImageFont.FreeTypeFont:
    """DejaVu Sans (``sans``, ``bold``) or Sans Mono Bold (``mono``); Pillow's own font if absent."""
    name = {"sans": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "mono": "DejaVuSansMono-Bold.ttf"}[style]
    path = _font_file(name)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=1024)
def _glyphs(text: str, size: int, style: str, fill: tuple, anchor: str, stroke: int) -> tuple[Image.Image, int, int]:
    """Text drawn once on a transparent sprite (with a black outline if ``stroke``), and the offset
    from its anchor point to its top left corner."""
    font = _font(size, style)
    x0, y0, x1, y1 = font.getbbox(text, anchor=anchor, stroke_width=stroke)
    img = Image.new("RGBA", (max(1, x1 - x0), max(1, y1 - y0)), (0, 0, 0, 0))
    ImageDraw.Draw(img).text((-x0, -y0), text, font=font, anchor=anchor, fill=(*fill, 255),
                             stroke_width=stroke, stroke_fill=(0, 0, 0, 255))
    return img, x0, y0


def _wrap(text: str, font, width: float, lines: int, first: float = 0.0) -> list[str]:
    """Greedy word wrap to ``width`` pixels (the first line ``first`` px shorter), at most ``lines``
    lines, the last ending in '…' if the text is cut."""
    out: list[str] = []
    words = [w for para in text.split("\n") for w in (para.split() + ["\n"])][:-1]
    line = ""
    for word in words:
        room = width - (first if not out else 0.0)
        trial = f"{line} {word}".strip() if word != "\n" else line
        if word != "\n" and font.getlength(trial) <= room:
            line = trial
            continue
        if line or word == "\n":
            out.append(line)
        line = "" if word == "\n" else word
        while font.getlength(line) > room and len(line) > 1:    # a word too long for a line
            cut = max(1, int(len(line) * room / font.getlength(line)))
            out.append(line[:cut])
            line = line[cut:]
    out.append(line)
    if len(out) > lines:
        out, last = out[:lines], out[lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


@functools.lru_cache(maxsize=256)
def _one_line(text: str, size: int, style: str, width: float) -> str:
    """``text`` cut to one line of ``width`` pixels (kept: the cue number is drawn on every frame)."""
    return _wrap(text, _font(size, style), width, 1)[0]


@functools.lru_cache(maxsize=16)
def _digit(size: int, style: str) -> float:
    """The advance of a digit in pixels (the timecode's font is monospaced)."""
    return _font(size, style).getlength("0")


# ---------------------------------------------------------------- the painter
class _Painter:
    """Draws an animatic's frames, caching each shot's static layer and the text sprites."""

    def __init__(self, animatic: Animatic) -> None:
        a = self.a = animatic
        self.W, self.H = a.size
        self.ph = 2 * round(self.W / _SCOPE / 2)
        self.top = (self.H - self.ph) // 2
        self.s = self.H / 270
        self.key, self.nominal, self.real = _rate(a.fps)
        self.tc0 = _tc_frames(a.timecode_start, a.fps)
        self.shot_frames = [(self.n(sh.start), self.n(sh.end)) for sh in a.shots]
        self.sub_frames = [(self.n(x.start), self.n(x.end)) for x in a.subtitles]
        self.cue_frames = [(self.n(c.start), self.n(c.end), c) for c in a.cues]
        self.streamers = [(self.n(m.hit) - max(1, round(m.length * self.real)), self.n(m.hit), m)
                          for m in a.marks if isinstance(m, Streamer)]
        self.punches = [(self.n(p.at), p) for m in a.marks if not isinstance(m, Streamer)
                        for p in (m.punches if isinstance(m, Flutter) else (m,))]
        self.bases: dict = {}
        self.subs: dict = {}
        self.font = lambda px, style="sans": _font(max(8, round(px * self.s)), style)   # noqa: E731

    def n(self, t: float) -> int:
        """The frame number showing at ``t`` seconds."""
        return _frame(t, self.real)

    def t(self, n: int) -> float:
        """The time of frame ``n`` in seconds."""
        return n * self.real.denominator / self.real.numerator

    def shot_at(self, n: int) -> int | None:
        """The index of the shot on frame ``n`` (None in a gap)."""
        return next((i for i, (a, b) in enumerate(self.shot_frames) if a <= n < b), None)

    def frame(self, n: int) -> Image.Image:
        """Frame ``n``: the shot's picture and bars, then the moving props and every overlay."""
        i = self.shot_at(n)
        img = self._base(i).copy()
        if i is not None:
            self._props(img, i, n, moving=True)
        draw = ImageDraw.Draw(img)
        self._subtitles(img, n)
        self._marks(img, draw, n)
        self._cue(img, draw, n)            # the burn-ins stay on top, legible as a streamer passes
        self._timecode(img, draw, n)
        return img

    def _base(self, i: int | None) -> Image.Image:
        """The cached static layer of shot ``i``: backdrop, props that stay put, bars and card."""
        if i not in self.bases:
            img = Image.new("RGB", (self.W, self.H), (16, 16, 16))
            if i is not None:
                shot = self.a.shots[i]
                img.paste(_backdrop(self.W, self.ph, shot.light, shot.horizon, seed=i), (0, self.top))
                self._props(img, i, self.shot_frames[i][0], moving=False)
            else:
                img.paste((0, 0, 0), (0, self.top, self.W, self.top + self.ph))
            self._chrome(ImageDraw.Draw(img), i)
            _keep(self.bases, i, img, 3)
        return self.bases[i]

    def _props(self, img: Image.Image, i: int, n: int, *, moving: bool) -> None:
        """Draw shot ``i``'s props on frame ``n``: those that stay put (and are not in front of a
        moving one) go in the cached layer, the rest are drawn on each frame."""
        shot, (a, b) = self.a.shots[i], self.shot_frames[i]
        u = 0.0 if b - 1 <= a else min(1.0, max(0.0, (n - a) / (b - 1 - a)))
        first = next((k for k, p in enumerate(shot.staging) if (p.x0, p.y0) != (p.x1, p.y1)), len(shot.staging))
        for p in shot.staging[first:] if moving else shot.staging[:first]:
            x, y = p.x0 + (p.x1 - p.x0) * u, p.y0 + (p.y1 - p.y0) * u
            if p.kind in ("road", "sea"):
                tile, period = _band(p.kind, self.W, max(2, round(p.size * self.ph)), shot.light)
                off = period - round(x * self.W) % period
                self._paste(img, tile.crop((off, 0, off + self.W, tile.height)), 0, self.top + round(y * self.ph))
                continue
            flip = p.x1 < p.x0 and p.kind != "moon"
            sprite, ox, oy = _sprite(p.kind, max(4, round(p.size * self.ph)), flip, shot.light)
            px, py = round(x * self.W), self.top + round(y * self.ph)
            self._paste(img, sprite, px - ox, py - oy)
            if p.label:
                self._say(img, (px, py - oy - 2 * self.s), p.label, 10, "bold", anchor="md", stroke=2)

    def _say(self, img: Image.Image, xy, text: str, px: int, style: str = "sans", fill=(255, 255, 255),
             anchor: str = "la", stroke: int = 0) -> None:
        """Text at ``xy`` (``px`` pixels tall at 270 lines), from the sprite cache."""
        sprite, ox, oy = _glyphs(text, max(8, round(px * self.s)), style, tuple(fill), anchor, stroke)
        img.paste(sprite, (round(xy[0]) + ox, round(xy[1]) + oy), sprite)

    def _paste(self, img: Image.Image, sprite: Image.Image, x: int, y: int) -> None:
        """Paste a sprite (with its transparency) at (x, y), clipped to the picture area."""
        x0, y0 = max(x, 0), max(y, self.top)
        x1, y1 = min(x + sprite.width, self.W), min(y + sprite.height, self.top + self.ph)
        if x1 > x0 and y1 > y0:
            part = sprite.crop((x0 - x, y0 - y, x1 - x, y1 - y))
            img.paste(part, (x0, y0), part if part.mode == "RGBA" else None)

    def _chrome(self, draw: ImageDraw.ImageDraw, i: int | None) -> None:
        """The letterbox bars: shot number and action card on top; title and shot count below."""
        s, W, H, top = self.s, self.W, self.H, self.top
        badge = f"{i + 1}" if i is not None else "-"
        fb, fc = self.font(11, "bold"), self.font(11)
        bw = max(fb.getlength(badge) + 10 * s, 22 * s)
        draw.rectangle((4 * s, 4 * s, 4 * s + bw, top - 4 * s), fill=(235, 235, 235))
        draw.text((4 * s + bw / 2, top / 2), badge, font=fb, anchor="mm", fill=(0, 0, 0))
        card = self.a.shots[i].card if i is not None else "(no picture)"
        room = W - bw - 110 * s
        lines = _wrap(card, fc, room, 2)
        lh = fc.size * 1.2
        y = top / 2 - lh * len(lines) / 2
        for k, line in enumerate(lines):
            draw.text((bw + 11 * s, y + k * lh), line, font=fc, fill=(245, 245, 245))
        fs, yb = self.font(10), top + self.ph + (H - top - self.ph) / 2
        title = _wrap(self.a.title, fs, W / 2 - 70 * s, 1)[0]
        draw.text((6 * s, yb), title, font=fs, anchor="lm", fill=(170, 170, 170))
        count = f"shot {i + 1}/{len(self.a.shots)}" if i is not None else ""
        draw.text((W - 6 * s, yb), f"{count}  {self.key:g} fps", font=fs, anchor="rm", fill=(170, 170, 170))

    def _subtitles(self, img: Image.Image, n: int) -> None:
        """The lines spoken on frame ``n``, stacked up from the bottom of the picture."""
        y = self.top + self.ph - round(6 * self.s)
        for k, sub in enumerate(self.a.subtitles):
            if self.sub_frames[k][0] <= n < self.sub_frames[k][1]:
                if k not in self.subs:
                    _keep(self.subs, k, self._subtitle_sprite(sub), 8)
                sprite = self.subs[k]
                if sprite is not None:
                    y -= sprite.height
                    img.paste(sprite, ((self.W - sprite.width) // 2, y), sprite)
                    y -= round(3 * self.s)

    def _subtitle_sprite(self, sub: Subtitle) -> Image.Image | None:
        """A subtitle on a dark backing: the speaker's name in bold yellow, then the line in white."""
        f, fb, s = self.font(13), self.font(12, "bold"), self.s
        who = f"{sub.speaker}: " if sub.speaker.strip() else ""
        if not who and not sub.text.strip():
            return None
        indent = fb.getlength(who) if who else 0.0
        lines = _wrap(sub.text, f, self.W * 0.86, 2, first=indent) if sub.text.strip() else [""]
        pad, lh = round(5 * s), round(f.size * 1.22)
        width = max(indent + f.getlength(lines[0]), *(f.getlength(x) for x in lines[1:])) if len(lines) > 1 \
            else indent + f.getlength(lines[0])
        img = Image.new("RGBA", (math.ceil(width) + 2 * pad, lh * len(lines) + 2 * pad - round(2 * s)), (0, 0, 0, 200))
        draw = ImageDraw.Draw(img)
        base = pad + f.getmetrics()[0]
        if who:
            draw.text((pad, base), who, font=fb, anchor="ls", fill=(255, 214, 90, 255))
        for k, line in enumerate(lines):
            draw.text((pad + (indent if k == 0 else 0), base + k * lh), line, font=f, anchor="ls", fill=(255, 255, 255))
        return img

    def _cue(self, img: Image.Image, draw: ImageDraw.ImageDraw, n: int) -> None:
        """While a cue plays: its number and the bar|beat counter, in a box at the top right."""
        live = [c for a, b, c in self.cue_frames if a <= n < b]
        if not live:
            return
        cue, s = max(live, key=lambda c: c.start), self.s
        since = self.t(n) - cue.start
        text = cue.bar_beat(since) if cue.bar_beat is not None else f"{max(0.0, since):.1f}s"
        if not isinstance(text, str):
            raise ScoringError(f"the bar_beat counter of cue {cue.number!r} returned {text!r}; "
                               "it should return text like '5|3'")
        x0, x1 = self.W - 100 * s, self.W - 4 * s
        draw.rectangle((x0, 4 * s, x1, self.top - 4 * s), fill=(0, 0, 0), outline=(60, 200, 100),
                       width=max(1, round(s)))
        number = _one_line(cue.number, max(8, round(11 * s)), "bold", 40 * s)
        self._say(img, (x0 + 6 * s, self.top / 2), number, 11, "bold", (110, 240, 150), "lm")
        self._say(img, (x1 - 6 * s, self.top / 2), _text(text, "bar_beat")[:8], 15, "mono", anchor="rm")

    def _timecode(self, img: Image.Image, draw: ImageDraw.ImageDraw, n: int) -> None:
        """The burned-in timecode window: white on black, bottom centre."""
        if self.a.timecode is not None:
            text = self.a.timecode(self.t(n))
            if not isinstance(text, str):
                raise ScoringError(f"the timecode function returned {text!r}; it should return text like '01:00:04:12'")
            text = _text(text, "timecode")[:16]
        else:
            text = _tc_text(self.tc0 + n, self.key)
        s = self.s
        step = _digit(max(8, round(15 * s)), "mono")
        w = step * max(len(text), 11) + 12 * s
        cx, cy = self.W / 2, self.top + self.ph + (self.H - self.top - self.ph) / 2
        hh = min(12 * s, (self.H - self.top - self.ph) / 2 - 2 * s)
        draw.rectangle((cx - w / 2, cy - hh, cx + w / 2, cy + hh), fill=(0, 0, 0), outline=(110, 110, 110))
        x, k = cx - step * len(text) / 2, 0
        for piece in re.findall(r"[^:;.]*[:;.]?", text):    # a monospaced font: cached fields "01:", "12"
            if piece:
                self._say(img, (x + k * step, cy), piece, 15, "mono", anchor="lm")
                k += len(piece)

    def _marks(self, img: Image.Image, draw: ImageDraw.ImageDraw, n: int) -> None:
        """Punches flashing and streamers sweeping to the right edge, on frame ``n``."""
        sw, s = max(3, round(4 * self.s)), self.s
        for at, p in self.punches:
            if at <= n < at + p.frames:
                self._punch(img, draw, p)
        for first, hit, m in self.streamers:
            if first <= n <= hit:
                x, y0, y1 = round((self.W - sw) * (n - first) / (hit - first)), self.top, self.top + self.ph - 1
                draw.rectangle((x - 1, y0, x + sw, y1), fill=(0, 0, 0))       # dark edges: visible on any sky
                draw.rectangle((x, y0, x + sw - 1, y1), fill=STREAMER_COLOURS[m.colour])
                if m.label:
                    self._say(img, (x - 3 * s, self.top + 3 * s), m.label, 10, "bold", STREAMER_COLOURS[m.colour],
                              "ra", stroke=2)

    def _punch(self, img: Image.Image, draw: ImageDraw.ImageDraw, p: Punch) -> None:
        """A punch: a bright disc in the middle of the picture; a full-size one also flashes the
        whole picture towards its colour and rims it."""
        colour, box = STREAMER_COLOURS[p.colour], (0, self.top, self.W, self.top + self.ph)
        if p.scale >= 1:
            area = img.crop(box)
            img.paste(Image.blend(area, Image.new("RGB", area.size, colour), 0.45), box[:2])
            draw.rectangle((0, self.top, self.W - 1, self.top + self.ph - 1), outline=colour,
                           width=max(3, round(4 * self.s)))
        d = max(8, round(0.42 * self.ph * p.scale))
        disc = _disc(p.colour, d)
        img.paste(disc, ((self.W - d) // 2, self.top + (self.ph - d) // 2), disc)


def _keep(cache: dict, key, value, most: int) -> None:
    """Add to a small cache, forgetting the oldest entries (frames come in order, so memory stays small)."""
    cache[key] = value
    while len(cache) > most:
        del cache[next(iter(cache))]


@functools.lru_cache(maxsize=32)
def _disc(colour: str, d: int) -> Image.Image:
    """An anti-aliased filled circle ``d`` pixels across with a thin dark rim."""
    big = Image.new("RGBA", (d * _SS, d * _SS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.ellipse((0, 0, d * _SS - 1, d * _SS - 1), fill=(0, 0, 0, 255))
    rim = max(2, d * _SS // 40)
    draw.ellipse((rim, rim, d * _SS - 1 - rim, d * _SS - 1 - rim), fill=(*STREAMER_COLOURS[colour], 255))
    return big.convert("RGBa").resize((d, d), Image.Resampling.BOX).convert("RGBA")


@functools.lru_cache(maxsize=8)
def _painter(animatic: Animatic) -> _Painter:
    """A painter per animatic, kept for the next frames (its caches make frames cheap)."""
    return _Painter(animatic)


def _painter_for(animatic: Animatic) -> _Painter:
    """The cached painter if the animatic can be a cache key, else a fresh one."""
    try:
        return _painter(animatic)
    except TypeError:       # an unhashable counter or timecode function
        return _Painter(animatic)


# ---------------------------------------------------------------- public drawing
def _check_animatic(animatic) -> Animatic:
    if not isinstance(animatic, Animatic):
        raise ScoringError(f"animatic should be an Animatic(...), not {type(animatic).__name__}")
    return animatic


def draw_frame(t: float, *, animatic: Animatic) -> np.ndarray:
    """The frame of the animatic showing at ``t`` seconds, as an H×W×3 ``uint8`` RGB array.

    Parameters
    ----------
    t : seconds from the start of the scene (the nearest frame is drawn).
    animatic : what to draw.

    Examples
    --------
    >>> a = Animatic(shots=(Shot(0, 2, "EXT. ROAD - DAY", (Prop("car", 0.2, 0.8, 0.8, 0.8),)),))
    >>> draw_frame(1.0, animatic=a).shape
    (270, 480, 3)

    Lesson: lessons/06_sync.ipynb
    """
    t = _seconds(t, "t")
    return np.asarray(_painter_for(_check_animatic(animatic)).frame(_frame(t, _rate(animatic.fps)[2])))


def _png(img: Image.Image) -> bytes:
    """PNG bytes, the same for the same picture (no timestamps or text chunks)."""
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def still(animatic: Animatic, t: float) -> bytes:
    """One frame as PNG bytes (deterministic), e.g. for a slide or a static page.

    Examples
    --------
    >>> a = Animatic(shots=(Shot(0, 2, "INT. HALL - NIGHT", (Prop("door", 0.5, 0.9),)),))
    >>> still(a, 0.5)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'

    Lesson: lessons/06_sync.ipynb
    """
    return _png(Image.fromarray(draw_frame(t, animatic=animatic)))


def contact_sheet(animatic: Animatic, times: Sequence[float], *, columns: int | None = None,
                  scale: float = 0.5, labels: Sequence[str] | None = None) -> bytes:
    """A strip (or grid) of frames at ``times`` as PNG bytes, each captioned, for slides and pages.

    Parameters
    ----------
    animatic : what to draw.
    times : 1-24 moments, in seconds.
    columns : frames per row (all in one row up to 6 by default).
    scale : size of each frame relative to the animatic's (0.25-1).
    labels : a caption per frame (default: the time in seconds).

    Examples
    --------
    >>> a = Animatic(shots=(Shot(0, 2, "EXT. ROAD - DAY", (Prop("van", 0.1, 0.8, 0.9, 0.8),)),))
    >>> contact_sheet(a, [0.0, 1.0, 1.9])[:4]
    b'\\x89PNG'

    Lesson: lessons/06_sync.ipynb
    """
    _check_animatic(animatic)
    times = [_seconds(t, "time") for t in (times if isinstance(times, (list, tuple, np.ndarray)) else [None])]
    if not 1 <= len(times) <= 24:
        raise ScoringError(f"contact_sheet takes 1-24 times, not {len(times)}; pick the moments that matter")
    if labels is not None and (isinstance(labels, (str, bytes)) or not isinstance(labels, (list, tuple))):
        raise ScoringError(f"labels should be a list of captions, one per time, not {type(labels).__name__}")
    labels = [f"{t:.2f} s" for t in times] if labels is None else [_text(x, "label") for x in labels]
    if len(labels) != len(times):
        raise ScoringError(f"{len(labels)} labels for {len(times)} times; give one label per time")
    if not 0.25 <= _number(scale, "scale") <= 1:
        raise ScoringError(f"scale={scale!r}: frames are drawn at 0.25-1 of their size")
    cols = 0 if columns is None else whole(columns, "columns", "give a whole number of frames per row, 1-64",
                                           lo=0, hi=64)
    cols = cols or min(len(times), 6)
    w, h = round(animatic.size[0] * scale), round(animatic.size[1] * scale)
    gap, cap, rows = 8, 18, math.ceil(len(times) / cols)
    sheet = Image.new("RGB", (cols * (w + gap) + gap, rows * (h + cap + gap) + gap), (34, 34, 38))
    draw, font = ImageDraw.Draw(sheet), _font(11)
    for k, (t, label) in enumerate(zip(times, labels)):
        x, y = gap + (k % cols) * (w + gap), gap + (k // cols) * (h + cap + gap)
        frame = Image.fromarray(draw_frame(t, animatic=animatic))
        sheet.paste(frame.resize((w, h), Image.Resampling.LANCZOS) if scale != 1 else frame, (x, y))
        draw.text((x + w / 2, y + h + 3), _wrap(label, font, w, 1)[0], font=font, anchor="ma", fill=(225, 225, 225))
    return _png(sheet)


# ---------------------------------------------------------------- video
_AAC_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


def _window(animatic: Animatic, start, end) -> tuple[int, int]:
    """The first frame and the number of frames to render, within the length limit."""
    start = _seconds(start, "start")
    end = animatic.duration if end is None else _seconds(end, "end")
    if end <= start:
        raise ScoringError(f"nothing to render between start={start:g} s and end={end:g} s; give end > start "
                           "(an animatic with no shots lasts 0 s: add a Shot)")
    if end - start > MAX_SECONDS:
        raise ScoringError(f"{end - start:g} s is longer than the {MAX_SECONDS:g} s a render may last; "
                           f"render it in parts, e.g. start={start:g}, end={start + MAX_SECONDS:g}")
    real = _rate(animatic.fps)[2]
    first = _frame(start, real)
    return first, max(1, _frame(end, real) - first)


def _samples(audio, sample_rate, seconds: float) -> np.ndarray | None:
    """Mono float32 samples, padded with silence or trimmed to last exactly ``seconds``."""
    if audio is None:
        return None
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)) or sample_rate not in _AAC_RATES:
        raise ScoringError(f"sample_rate={sample_rate!r}: use one of {', '.join(map(str, _AAC_RATES))} (44100 is CD)")
    try:
        x = np.asarray(audio, dtype=np.float64)
    except (TypeError, ValueError):
        raise ScoringError("audio should be an array of samples between -1 and 1") from None
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ScoringError(f"audio has shape {x.shape}; give mono samples (one dimension), e.g. stereo.mean(axis=1)")
    if not np.isfinite(x).all():
        raise ScoringError("audio contains NaN or infinite samples; clean it, e.g. np.nan_to_num(samples)")
    peak = float(np.abs(x).max(initial=0.0))
    if peak > 1.0 + 1e-6:
        raise ScoringError(f"audio peaks at {peak:.2f}, past full scale 1.0, and would distort; "
                           "scale it down, e.g. samples / abs(samples).max()")
    n = round(seconds * sample_rate)
    return np.pad(x[:n], (0, max(0, n - len(x)))).astype(np.float32)


#: libx264 settings on top of the ``veryfast`` preset. Props and streamers move by whole pixels,
#: so motion is searched to the whole pixel only (``subme=0``, ``me=dia``), and flat colours gain
#: little from B-frames; four reference frames keep the size down. One thread and one lookahead
#: thread, so the same frames give the same bytes on any machine. Measured on the 60 s chase
#: scene against plain ``veryfast`` with ``ref=4``: about half the encoding work, 7 % bigger, the
#: same PSNR (35.2 dB).
_X264 = "bframes=0:subme=0:me=dia:ref=4:threads=1:lookahead-threads=1"

#: The instruction sets x264 may use where the processor has them all (x86-64-v3: Haswell, Zen and
#: later). x264 picks its own code paths by processor, and its AVX-512 paths decide a little
#: differently: the same animatic came out in other bytes on a machine with AVX-512 than on one
#: without. Held to this set, every such processor writes the same file (a lesson's committed
#: video reproduces on each). A processor without them all (older, or not x86) keeps x264's
#: own choice: the same picture, in bytes of its own.
_X264_CPU = "MMX2,SSE2Fast,SSSE3,SSE4.2,LZCNT,AVX,FMA3,BMI2,AVX2"


def _x264_cpu() -> str:
    """``:asm=...`` for x264 on an x86-64-v3 processor (see :mod:`scoring.render.processor`), else ``""``.

    >>> _x264_cpu() in ("", ":asm=" + _X264_CPU)
    True
    """
    return ":asm=" + _X264_CPU if processor_level() == "x86-64-v3" else ""


def _video_stream(box, animatic: Animatic, crf: int):
    """An H.264 yuv420p stream, BT.709, one encoder thread and fixed settings (same input, same bytes)."""
    _, nominal, real = _rate(animatic.fps)
    v = box.add_stream("libx264", rate=real)
    v.width, v.height = animatic.size
    v.pix_fmt = "yuv420p"
    v.options = {"crf": str(crf), "preset": "veryfast",
                 "x264-params": f"keyint={10 * nominal}:min-keyint={nominal}:{_X264}{_x264_cpu()}"}
    cc = v.codec_context
    cc.flags = cc.flags | int(av.codec.context.Flags.bitexact)
    cc.colorspace = cc.color_primaries = cc.color_trc = 1        # BT.709
    cc.color_range = 1                                             # limited ("TV") range
    return v


def _audio_stream(box, sample_rate: int, kbps: int):
    """A mono AAC stream (FFmpeg's fast coder: half the work of its default, as clear at these rates)."""
    a = box.add_stream("aac", rate=sample_rate)
    a.layout = "mono"
    a.bit_rate = kbps * 1000
    a.codec_context.options = {"aac_coder": "fast"}
    a.codec_context.flags = a.codec_context.flags | int(av.codec.context.Flags.bitexact)
    return a


def _aac_packets(stream, samples: np.ndarray, sample_rate: int):
    """The AAC packets of ``samples``, encoded 1024 samples at a time, then the encoder's tail."""
    tb = Fraction(1, sample_rate)
    for pos in range(0, len(samples), 1024):
        frame = av.AudioFrame.from_ndarray(samples[None, pos:pos + 1024], format="fltp", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = sample_rate, pos, tb
        yield from stream.encode(frame)
    yield from stream.encode()


def render_video(animatic: Animatic, *, audio=None, sample_rate: int = 44100, start: float = 0.0,
                 end: float | None = None, crf: int = 31, audio_kbps: int = 64) -> bytes:
    """The animatic as a small MP4 (H.264, and mono AAC if ``audio`` is given), drawn and encoded
    frame by frame. The same inputs give the same bytes.

    Drawing every frame takes time: on two cores a busy 600 s animatic (a shot every 6 s, props,
    streamers, punches, subtitles and a counter) takes about 50 s at 480x270 and 24 fps, 75 s at
    640x360 and 30 fps and 2.5 minutes of processor time at 960x540 and 30 fps (longer on a shared
    machine). Render a long scene in parts (``start``, ``end``) or at the smallest size to preview it.

    Parameters
    ----------
    animatic : what to draw.
    audio : optional mono samples (-1..1) starting at ``start``; padded with silence or trimmed to
        the picture's length.
    sample_rate : the audio's sample rate.
    start, end : the stretch to render in seconds (default: all of it; at most 600 s).
    crf : H.264 quality, 18 (fine, bigger) to 40 (rough, smaller).
    audio_kbps : AAC bit rate, 32-192.

    Examples
    --------
    >>> a = Animatic(shots=(Shot(0, 0.5, "EXT. ROAD - DAY", (Prop("car", 0.2, 0.8, 0.8, 0.8),)),))
    >>> render_video(a)[4:8]
    b'ftyp'

    Lesson: lessons/06_sync.ipynb
    """
    first, count = _window(_check_animatic(animatic), start, end)
    _, _, real = _rate(animatic.fps)
    crf = whole(crf, "crf", "give a whole number 18-40 (lower is finer and bigger; 30 is small)", lo=10, hi=45)
    audio_kbps = whole(audio_kbps, "audio_kbps", "give a whole number 32-192 (64 is small and clear)", lo=32, hi=192)
    samples = _samples(audio, sample_rate, float(count / real))
    painter = _Painter(animatic)
    with tempfile.TemporaryDirectory(prefix="animatic-") as tmp:       # faststart rewrites the file
        path = Path(tmp) / "animatic.mp4"
        with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart", "fflags": "+bitexact"}) as box:
            _encode(box, painter, first, count, samples, sample_rate, crf, audio_kbps)
        return path.read_bytes()


def _encode(box, painter: _Painter, first: int, count: int, samples: np.ndarray | None, sample_rate: int,
            crf: int, audio_kbps: int) -> None:
    """Encode ``count`` frames from frame ``first`` as a helper thread draws them and another
    encodes the sound; the audio packets are muxed after each frame up to its end time, so the
    file's interleaving (and its bytes) never depend on which thread ran first."""
    real = painter.real
    video = _video_stream(box, painter.a, crf)
    sound = _audio_stream(box, sample_rate, audio_kbps) if samples is not None else None
    box.start_encoding()            # opens both encoders here, before the helpers use them
    with contextlib.ExitStack() as helpers:     # on any error, both helpers stop before the file closes
        encoded = (lambda: _aac_packets(sound, samples, sample_rate)) if sound else (lambda: iter(()))
        packets = helpers.enter_context(contextlib.closing(_ahead(encoded, "animatic-sound", 0)))
        frames = helpers.enter_context(contextlib.closing(_ahead(lambda: _frames(painter, first, count),
                                                                 "animatic-draw", 6)))
        waiting = next(packets, None)
        for k, frame in enumerate(frames):
            frame.pts = k
            box.mux(video.encode(frame))
            until = Fraction(k + 1) / real          # the end of frame k
            while waiting is not None and waiting.pts * waiting.time_base < until:
                box.mux(waiting)
                waiting = next(packets, None)
        box.mux(video.encode())
        while waiting is not None:
            box.mux(waiting)
            waiting = next(packets, None)


def _frames(painter: _Painter, first: int, count: int):
    """The frames as BT.709 yuv420p video frames, converted by one reused scaler."""
    convert = VideoReformatter().reformat
    for n in range(first, first + count):
        yield convert(av.VideoFrame.from_image(painter.frame(n)), format="yuv420p", dst_colorspace="ITU709",
                      threads=1)


def _ahead(make, name: str, most: int):
    """The items of the iterator ``make()``, made ahead by a helper thread (at most ``most`` waiting;
    0: no limit). Drawing, H.264 and AAC all release the interpreter while they work, so the
    threads overlap on a machine with more than one core. An error in the helper is raised here."""
    ahead: queue.Queue = queue.Queue(maxsize=most)
    stop, end = threading.Event(), object()

    def work() -> None:
        try:
            for item in make():
                if not offer(item):
                    return
            offer(end)
        except BaseException as error:      # handed to the consuming thread, raised there
            offer(error)

    def offer(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    helper = threading.Thread(target=work, name=name, daemon=True)
    helper.start()
    try:
        while (item := ahead.get()) is not end:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        helper.join()
