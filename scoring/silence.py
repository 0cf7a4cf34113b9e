"""Silence: measure it, and write it into a cue.

Music that never stops stops meaning anything. A rest before a hit makes the hit land; a
fermata stretches a moment; a layer that drops out lets the rest breathe; a score that yields
to dialogue lets an audience hear the words. This module measures silence and density
(fraction of time silent, onsets per second, voices sounding, the silence before a moment,
how much the music masks each line of dialogue: :func:`masking`) and edits cues (:func:`drop_out`, :func:`thin`,
:func:`duck_under`, :func:`general_pause`, :func:`fermata`, :func:`add_hit`). Its plots, the
scene's murmur and the HTML view live in :mod:`scoring.silence_view`. Wherever a ``scene`` is
asked for (a scene from :func:`scoring.scene.load_scene`), a list of its dialogue lines will do.

Conventions:

- Times are **seconds**, as a film editor hears them, read from the music's clock (its
  :class:`~scoring.core.time.TempoMap`): an accelerando's notes come ever sooner, and a
  fermata or general pause is a **hold**, where the clock stops for some seconds.
- A note sounds for its **written** length (articulation does not shorten it), and through
  a hold at the beat where it ends: silence is the rests, general pauses and drop-outs of the
  score, not the gaps of a staccato.
- An **onset** is one layer striking a note or a chord.
- Edits snap to a grid (``grid=0.25`` quarter notes, a sixteenth) so the score stays readable:
  a span to clear is widened outward to the grid; a point is moved to the nearest grid line.

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

import math
import numbers
from dataclasses import replace
from functools import lru_cache
from fractions import Fraction
from typing import Iterable, NamedTuple, Protocol, Sequence, Union

import numpy as np

from scoring.core.cue import Chord, Cue, Layer, as_cue
from scoring.core.motif import Motif
from scoring.core.notes import (MAX_DURATION, MAX_NOTES, MAX_SECONDS, MIN_DURATION, dynamic_mark, note_events,
                                velocity_for)
from scoring.core.pitch import note_name
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render.checks import whole
from scoring.mood import apply_palette

__all__ = ["MAX_TIMES", "DialogueLine", "SceneLike", "Dialogue", "dialogue_lines", "scene_seconds", "line_label",
           "measured_seconds", "sounding_notes", "silent_spans", "silence_fraction", "onset_count",
           "onsets_per_second", "density_curve", "active_voices", "silence_before", "VOICE_BAND", "VOICE_LEVEL",
           "MASKING_DB", "spectral_slope", "voice_band_share", "LineMasking", "masking", "masked_lines", "held_spans",
           "silence_profile", "profile_line", "profile_table", "drop_out", "duck_under", "thin", "general_pause",
           "fermata", "add_hit", "underscore"]

#: The most time points one call measures at (active_voices, silence_before).
MAX_TIMES = 1_000_000
_MAX_ITEMS = 1000              # lines, regions or cues in one call
_EPS = 1e-9


# ---------------------------------------------------------------- checking values
def _is_number(value: object) -> bool:
    return isinstance(value, (numbers.Real, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _seconds(value: object, what: str) -> float:
    """A time in seconds: a finite number (int, float, Fraction or NumPy) from 0 to MAX_SECONDS."""
    x = float(value) if _is_number(value) else math.nan
    if not math.isfinite(x):
        raise ScoringError(f"{what} is {value!r}; give a time in seconds, like 2.5")
    if x < 0:
        raise ScoringError(f"{what} is {x:g} s; times start at 0 s")
    if x > MAX_SECONDS:
        raise ScoringError(f"{what} is {x:g} s, beyond the {MAX_SECONDS:g} s a cue may last")
    return x


def _grid(grid: object) -> Fraction:
    if not _is_number(grid) or not math.isfinite(float(grid)):
        raise ScoringError(f"grid={grid!r}: give the grid in quarter notes, e.g. 0.25 (a sixteenth)")
    g = Fraction(float(grid)).limit_denominator(64)
    if not MIN_DURATION <= g <= 4:
        raise ScoringError(f"grid={grid!r}: give a grid between 1/16 and 4 quarter notes (0.25 is a sixteenth)")
    return g


def _times(times: object) -> np.ndarray:
    """Time points in seconds as a flat float array, each checked."""
    if _is_number(times):
        times = [times]
    numeric = isinstance(times, np.ndarray) and times.dtype.kind in "iuf"
    if not numeric and (isinstance(times, (str, bytes)) or not isinstance(times, (Sequence, np.ndarray))
                        or not all(_is_number(t) for t in np.ravel(np.asarray(times, dtype=object)))):
        raise ScoringError(f"{times!r} is not a list of times; give seconds, like [2.0, 4.5]")
    ts = np.asarray(times, dtype=float)
    if ts.ndim != 1:
        raise ScoringError(f"{times!r} is not a flat list of times; give seconds, like [2.0, 4.5]")
    if ts.size > MAX_TIMES:
        raise ScoringError(f"{ts.size:,} time points is more than {MAX_TIMES:,}; measure at fewer points")
    for t in ts[~np.isfinite(ts) | (ts < 0) | (ts > MAX_SECONDS)][:1]:
        _seconds(t, "a time point")
    return ts


# ---------------------------------------------------------------- scenes
class DialogueLine(Protocol):
    """A line of dialogue as the measures read it (e.g. :class:`scoring.scene.Line`): ``start`` and
    ``end`` in seconds, who speaks (``who``) and the words (``text``).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> line_label(SimpleNamespace(start=6.0, end=7.0, who="LEO", text="They said yes."))
    'LEO 6-7 s "They said yes."'

    Lesson: lessons/05_silence.ipynb
    """

    start: float
    end: float
    who: str
    text: str


class SceneLike(Protocol):
    """A scene as the measures read it (e.g. :class:`scoring.scene.Scene`): its ``dialogue`` lines
    and its ``duration`` in seconds.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> scene_seconds(SimpleNamespace(dialogue=[], duration=8.0))
    8.0

    Lesson: lessons/05_silence.ipynb
    """

    dialogue: Sequence[DialogueLine]
    duration: float


#: What a ``scene`` argument may be: a scene, or just its lines.
Dialogue = Union[SceneLike, Sequence[DialogueLine]]


def dialogue_lines(scene: Dialogue) -> tuple:
    """The dialogue lines of a scene (:class:`scoring.scene.Scene`) or of a list of lines, checked.

    A line is anything with ``start`` and ``end`` in seconds (and ``who`` and ``text``).

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> len(dialogue_lines([Line(start=0.75, end=2.0, who="ANNA", text="You're up late.")]))
    1

    Lesson: lessons/05_silence.ipynb
    """
    lines = getattr(scene, "dialogue", scene)
    if isinstance(lines, (str, bytes)) or not isinstance(lines, (list, tuple)) \
            or not all(hasattr(l, "start") and hasattr(l, "end") for l in lines):
        raise ScoringError(f"expected a scene with dialogue, got {type(scene).__name__}; load one with "
                           "scoring.scene.load_scene('kitchen_dialogue')")
    if len(lines) > _MAX_ITEMS:
        raise ScoringError(f"{len(lines)} lines of dialogue is more than {_MAX_ITEMS}; split the scene")
    for line in lines:
        s, e = _seconds(line.start, "a line's start"), _seconds(line.end, "a line's end")
        if e <= s:
            raise ScoringError(f"the line {line_label(line)} ends before it starts; give it an end after its start")
    return tuple(lines)


def scene_seconds(scene: Dialogue) -> float:
    """How long a scene lasts: its ``duration``, or else the end of its last line.

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> scene_seconds([Line(start=1.0, end=2.5, who="A", text="Hi.")])
    2.5

    Lesson: lessons/05_silence.ipynb
    """
    lines = dialogue_lines(scene)
    duration = getattr(scene, "duration", None)
    if duration:
        return _seconds(duration, "the scene's duration")
    return float(max((l.end for l in lines), default=0.0))


def line_label(line) -> str:
    """A line of dialogue as text: ``ANNA 0.75-2 s "You're up late."``.

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> print(line_label(Line(start=0.75, end=2.0, who="ANNA", text="You're up late.")))
    ANNA 0.75-2 s "You're up late."

    Lesson: lessons/05_silence.ipynb
    """


    if not hasattr(line, "start") or not hasattr(line, "end"):
        raise ScoringError(f"line_label takes a dialogue line (from scene.dialogue), not {type(line).__name__}")
    who = getattr(line, "who", "") or getattr(line, "speaker", "")
    return f'{who} {float(line.start):g}-{float(line.end):g} s "{getattr(line, "text", "")}"'


def _union(spans: Iterable[tuple]) -> list[tuple]:
    out: list[list] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + _EPS:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _regions(regions) -> list[tuple[float, float]]:
    """A scene, lines or (start, end) pairs -> sorted, merged (start, end) spans in seconds."""
    if hasattr(regions, "dialogue"):
        regions = dialogue_lines(regions)
    if hasattr(regions, "start") and hasattr(regions, "end"):
        regions = [regions]
    if isinstance(regions, (str, bytes)) or not isinstance(regions, Iterable):
        raise ScoringError("give the regions as a scene, a list of its lines, or (start, end) pairs in seconds, "
                           "e.g. [(1.0, 2.5), (4.0, 5.0)]")
    spans = []
    for r in regions:
        if len(spans) >= _MAX_ITEMS:
            raise ScoringError(f"more than {_MAX_ITEMS} regions; merge them into fewer, longer ones")
        if hasattr(r, "start") and hasattr(r, "end"):
            r = (r.start, r.end)
        try:
            s, e = r
        except (TypeError, ValueError):
            raise ScoringError(f"{r!r} is not a region; give (start, end) in seconds, e.g. (1.0, 2.5)") from None
        s, e = _seconds(s, "a region's start"), _seconds(e, "a region's end")
        if e <= s:
            raise ScoringError(f"the region ({s:g}, {e:g}) ends before it starts; give (start, end) with end > start")
        spans.append((s, e))
    return _union(spans)


# ---------------------------------------------------------------- reading a cue by its clock
class _Timeline(NamedTuple):
    """Every written note of a cue in seconds (arrays, sorted by start), and its onsets."""

    start: np.ndarray
    end: np.ndarray
    pitch: np.ndarray
    velocity: np.ndarray
    layer: np.ndarray
    onsets: np.ndarray         # one per struck chord, sorted


def _timeline(cue: Cue) -> _Timeline:
    rows, onsets = [], []
    for i, layer in enumerate(cue.layers):
        items = [(c.duration, c.pitches, c.velocity) for c in layer.chords]
        events = note_events(items, cue.tempo_map, program=layer.program, gate=1.0)
        rows += [(e.start, e.end, e.pitch, e.velocity, i) for e in events]
        onsets += sorted({e.start for e in events})
    table = np.array(sorted(rows), dtype=float).reshape(-1, 5)
    start, end, pitch, velocity, layer = table.T
    return _Timeline(start, end, pitch.astype(int), velocity.astype(int), layer.astype(int),
                     np.sort(np.array(onsets, dtype=float)))


def measured_seconds(music: Motif | Cue, *, end: float | None = None,
                     scene: "Dialogue | None" = None) -> float:
    """How far the measures look, in seconds: ``end``, or else the later of the music's end and the scene's.

    Examples
    --------
    >>> measured_seconds(Motif.parse("c4 d", tempo=60)), measured_seconds(Motif.parse("c4 d", tempo=60), end=8)
    (2.0, 8.0)

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    if end is None:
        return max(cue.duration_seconds, scene_seconds(scene) if scene is not None else 0.0)
    stop = _seconds(end, "end")
    if stop <= 0:
        raise ScoringError("end is 0 s; give the time to measure up to, after the start (e.g. the scene's length)")
    return stop


def _read(music: Motif | Cue, end: object = None) -> tuple[Cue, _Timeline, float]:
    """The cue, its timeline and where measuring stops (``end`` seconds, or the cue's end)."""
    cue = as_cue(music)
    return cue, _timeline(cue), measured_seconds(cue, end=end)


def _spans(line: _Timeline, stop: float) -> list[tuple[float, float]]:
    keep = line.start < stop
    s, e = line.start[keep], line.end[keep]
    if not s.size:
        return [(0.0, stop)]
    reach = np.maximum.accumulate(e)
    out = [(0.0, float(s[0]))] if s[0] > _EPS else []
    gaps = np.nonzero(s[1:] > reach[:-1] + _EPS)[0]
    out += [(float(reach[i]), float(s[i + 1])) for i in gaps]
    if stop > reach[-1] + _EPS:
        out.append((float(reach[-1]), stop))
    return out


def _voices(line: _Timeline, ts: np.ndarray) -> np.ndarray:
    started = np.searchsorted(line.start, ts + _EPS, side="right")
    ended = np.searchsorted(np.sort(line.end), ts + _EPS, side="right")
    return (started - ended).astype(int)


def sounding_notes(music: Motif | Cue) -> list[tuple[float, float, int, int, int]]:
    """Every written note by the music's clock: ``(start s, end s, pitch, velocity, layer index)``, by start.

    What every measure here counts: a note sounds for its written length, through any hold at
    the beat where it ends (a fermata); the first layer is index 0.

    Examples
    --------
    >>> sounding_notes(Motif.parse("c4 r d", tempo=60))
    [(0.0, 1.0, 60, 80, 0), (2.0, 3.0, 62, 80, 0)]

    Lesson: lessons/05_silence.ipynb
    """
    line = _timeline(as_cue(music))
    return [(float(s), float(e), int(p), int(v), int(i))
            for s, e, p, v, i in zip(line.start, line.end, line.pitch, line.velocity, line.layer)]


# ---------------------------------------------------------------- measures
def silent_spans(music: Motif | Cue, *, end: float | None = None,
                 min_seconds: float = 0.0) -> list[tuple[float, float]]:
    """The spans (seconds) where no note sounds, from 0 to ``end`` (default: the cue's end).

    Musically: the rests, general pauses and drop-outs an audience hears as silence (a
    scene longer than its cue ends in silence: pass ``end=scene.duration``).

    Examples
    --------
    >>> silent_spans(Motif.parse("2/4 r8 g g g e-2", tempo=60))
    [(0.0, 0.5)]

    Lesson: lessons/05_silence.ipynb
    """
    _, line, stop = _read(music, end)
    shortest = _seconds(min_seconds, "min_seconds")
    return [(round(s, 6), round(e, 6)) for s, e in _spans(line, stop) if e - s >= shortest - _EPS]


def silence_fraction(music: Motif | Cue, *, end: float | None = None) -> float:
    """The fraction of the time (0..1) in which nothing sounds.

    Examples
    --------
    >>> silence_fraction(Motif.parse("2/4 r8 g g g e-2", tempo=60))  # an eighth rest in four beats
    0.125

    Lesson: lessons/05_silence.ipynb
    """
    _, line, stop = _read(music, end)
    return round(sum(e - s for s, e in _spans(line, stop)) / stop, 6)


def onset_count(music: Motif | Cue, *, end: float | None = None) -> int:
    """How many times a layer strikes (a note or a chord is one onset), up to ``end`` seconds: the cue's busyness.

    Examples
    --------
    >>> onset_count(Motif.parse("2/4 r8 g g g e-2"))
    4

    Lesson: lessons/05_silence.ipynb
    """
    _, line, stop = _read(music, end)
    return int(np.count_nonzero(line.onsets < stop - _EPS))


def onsets_per_second(music: Motif | Cue, *, end: float | None = None) -> float:
    """Onsets per second over the whole cue (or up to ``end``): its density.

    Examples
    --------
    >>> onsets_per_second(Motif.parse("2/4 r8 g g g e-2", tempo=60))  # 4 onsets in 4 s
    1.0

    Lesson: lessons/05_silence.ipynb
    """
    _, line, stop = _read(music, end)
    return round(int(np.count_nonzero(line.onsets < stop - _EPS)) / stop, 6)


def density_curve(music: Motif | Cue, *, window: float = 1.0, step: float = 0.05,
                  end: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Onsets per second over time: ``(times, rate)``, counting onsets in a ``window`` centred on each time.

    Examples
    --------
    >>> times, rate = density_curve(Motif.parse("c8 c c c c c c c c2", tempo=60), window=1.0)
    >>> float(rate[times.searchsorted(1.0)]), float(rate[times.searchsorted(5.5)])
    (2.0, 0.0)

    Lesson: lessons/05_silence.ipynb
    """
    _, line, stop = _read(music, end)
    if not _is_number(window) or not 0.1 <= float(window) <= 30:
        raise ScoringError(f"window={window!r}: give the window in seconds, 0.1-30 (1.0 is usual)")
    if not _is_number(step) or not 0.005 <= float(step) <= 5:
        raise ScoringError(f"step={step!r}: give the step in seconds, 0.005-5")
    window, step = float(window), float(step)
    times = np.round(np.arange(0.0, stop + _EPS, step), 6)
    lo = np.searchsorted(line.onsets, times - window / 2 - _EPS, side="left")
    hi = np.searchsorted(line.onsets, times + window / 2 - _EPS, side="left")
    return times, (hi - lo) / window


def active_voices(music: Motif | Cue, times: Sequence[float] | float) -> np.ndarray:
    """How many notes sound at each time (seconds): 0 is silence, a triad over a bass is 4.

    Examples
    --------
    >>> from scoring.harmony import harmonize
    >>> active_voices(harmonize(Motif.parse("4/4 c4 e g c'", tempo=60)), [0.5, 5.0]).tolist()  # after the end: 0
    [5, 0]

    Lesson: lessons/05_silence.ipynb
    """
    return _voices(_timeline(as_cue(music)), _times(times))


def silence_before(music: Motif | Cue, times: Sequence[float] | float) -> list[float]:
    """For each time point (seconds), how long the music has been silent just before it.

    0 when something sounds right up to the point; a hit after a two-second drop-out gives 2.0.

    Examples
    --------
    >>> silence_before(Motif.parse("4/4 c4 r r e", tempo=60), [1.0, 3.0, 3.5])
    [0.0, 2.0, 0.0]

    Lesson: lessons/05_silence.ipynb
    """
    line = _timeline(as_cue(music))
    ts = _times(times)
    reach = np.maximum.accumulate(line.end) if line.end.size else line.end
    before = np.searchsorted(line.start, ts - _EPS, side="left")        # notes starting before each point
    last = np.where(before > 0, reach[np.maximum(before - 1, 0)] if reach.size else 0.0, 0.0)
    gap = np.where(last > ts + _EPS, 0.0, np.maximum(ts - last, 0.0))
    return [round(float(g), 6) for g in gap]


# ---------------------------------------------------------------- dialogue: what masks speech
#: The voice band in Hz: where the words are understood. Most of what makes speech intelligible
#: lies between about 300 Hz and 3 kHz: the one-third-octave bands from 315 Hz to 2.5 kHz carry
#: 70% of the band importance of average speech in the Speech Intelligibility Index (ANSI
#: S3.5-1997, Table 3), and the telephone, built to carry words, passes about the same band.
VOICE_BAND = (300.0, 3000.0)
#: The dynamic a line of dialogue is taken to have: the mixer sets the words first and the music
#: under them, so a voice counts as loud as one instrument playing mf with all its sound in the band.
VOICE_LEVEL = "mf"
#: Music masks a line when its voice-band level, at the loudest half second under the line, comes
#: within this many dB of the voice (so 0 dB is level with the voice). The SII counts a band as fully
#: heard when the speech is 15 dB above what masks it, lost at -15 dB, and 70% heard at +6 dB.
MASKING_DB = -6.0
_PARTIALS = 8                  # the fundamental and seven harmonics
_WINDOW = 0.5                  # seconds: the loudest half second (a word or two) judges the line
_STEP = 0.01
# ANSI S3.5-1997 Table 3: one-third-octave centres (Hz) and the band importance of average speech.
_SII_HZ = np.array([250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150], dtype=float)
_SII_IMPORTANCE = np.array([0.0150, 0.0289, 0.0440, 0.0578, 0.0653, 0.0711, 0.0818, 0.0844, 0.0882, 0.0898,
                            0.0868, 0.0844])
_SII_MEAN = float(_SII_IMPORTANCE[1:11].mean())            # the bands 315 Hz-2.5 kHz, averaged: weight 1


def _band_weight(hz: np.ndarray) -> np.ndarray:
    """How much a partial at ``hz`` counts for speech: 0 outside the voice band; inside it, the SII band
    importance there over its mean in the band (about 0.4 at 315 Hz, 1.3 at 2 kHz)."""
    lo, hi = VOICE_BAND
    inside = (hz >= lo) & (hz <= hi)
    w = np.interp(np.log(np.clip(hz, 1.0, None)), np.log(_SII_HZ), _SII_IMPORTANCE) / _SII_MEAN
    return np.where(inside, w, 0.0)


def spectral_slope(program: int) -> float:
    """How fast an instrument's harmonics fade: the k-th harmonic's amplitude is ``k ** -slope``.

    The course's simple rule, by General MIDI family: flutes, recorders, whistles and ocarinas are
    nearly a pure tone (2.0); plucked and struck sounds (pianos, mallets, guitars, basses, harp,
    pizzicato, timpani) and soft synth pads fade faster than a sustained tone (1.5); bowed strings,
    reeds, brass, voices, organs and synth leads are rich, like a sawtooth (1.0: a bowed string's
    motion is close to one).

    Examples
    --------
    >>> spectral_slope(73), spectral_slope(0), spectral_slope(68)  # flute, piano, oboe
    (2.0, 1.5, 1.0)

    Lesson: lessons/05_silence.ipynb
    """
    program = whole(program, "program", "give a General MIDI program 0-127, like 73 (flute)", lo=0, hi=127)
    if 72 <= program <= 79:
        return 2.0
    if program <= 15 or 24 <= program <= 39 or 45 <= program <= 47 or 88 <= program <= 95 or 104 <= program <= 119:
        return 1.5
    return 1.0


def voice_band_share(pitch: int, program: int = 0) -> float:
    """How much of a note's sound counts against speech: the share of its energy (fundamental and
    first seven harmonics, see :func:`spectral_slope`) inside the voice band, each partial weighted
    by how much its part of the band matters for speech (:data:`VOICE_BAND`).

    A flute's C5 (523 Hz) sits in the band; a cello's C3 (131 Hz) reaches it only with its upper
    harmonics; a double bass's C2 (65 Hz) hardly at all.

    Examples
    --------
    >>> [round(voice_band_share(p, prog), 2) for p, prog in ((72, 73), (48, 42), (36, 43))]  # flute, cello, bass
    [0.87, 0.15, 0.04]

    Lesson: lessons/05_silence.ipynb
    """
    return _band_share(whole(pitch, "pitch", "give a MIDI note number 0-127, like 72 (C5)", lo=0, hi=127),
                       whole(program, "program", "give a General MIDI program 0-127, like 73 (flute)", lo=0, hi=127))


@lru_cache(maxsize=None)  # at most 128 x 128 values
def _band_share(pitch: int, program: int) -> float:
    k = np.arange(1, _PARTIALS + 1, dtype=float)
    energy = k ** (-2 * spectral_slope(program))
    hz = 440.0 * 2 ** ((pitch - 69) / 12) * k
    return float(np.sum(energy * _band_weight(hz)) / np.sum(energy))


class LineMasking(NamedTuple):
    """How much the music masks one line of dialogue (see :func:`masking`).

    ``level_db`` is the music's voice-band level against the voice at the loudest half second
    under the line (0 dB: level with it; ``-inf``: no music); ``masks`` says whether it is above
    the threshold; ``why`` says it in a music editor's words; ``at`` is when (seconds of the music)
    and ``layer`` the role of the layer that sounds most there ("" without music).

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> m = masking(Motif.parse("c'2", tempo=60, instrument="Flute", dynamics="f"),
    ...             [Line(start=0.0, end=1.0, who="ANNA", text="Hi.")])[0]
    >>> m.masks, m.level_db
    (True, 2.6)

    Lesson: lessons/05_silence.ipynb
    """

    line: DialogueLine
    level_db: float
    masks: bool
    why: str
    at: float
    layer: str = ""


_SHORT_NAMES = {"acoustic grand piano": "piano", "bright acoustic piano": "piano", "string ensemble": "string",
                "synth strings": "synth string", "brass section": "brass", "french horn": "horn",
                "orchestral harp": "harp", "pizzicato strings": "pizzicato", "tremolo strings": "tremolo string",
                "contrabass": "double bass", "choir aahs": "choir", "voice oohs": "voices"}


def _instrument_words(layer: Layer) -> str:
    """A layer's instrument as a player would say it: 'oboe', 'string', 'sawtooth lead'."""
    if layer.patch is not None:
        return str(layer.patch.name)
    name = str(layer.instrument).lower()
    if "(" in name and name.endswith(")"):
        head, inner = name[:-1].split("(", 1)
        return f"{inner.strip()} {head.strip().rstrip('0123456789 ')}"
    name = name.rstrip("0123456789 ")
    return _SHORT_NAMES.get(name, name)


def _layer_words(layer: Layer) -> str:
    instrument, role = _instrument_words(layer), layer.role
    if role in instrument or instrument.endswith(role):
        return f"the {instrument}"                       # 'the harp', 'the double bass'
    if role.split() and instrument.split() and role.split()[0].startswith(instrument.split()[-1]):
        return f"the {role} layer"                      # 'strings' on a string ensemble: 'the strings layer'
    return f"the {instrument} {role}"                   # 'the oboe theme'


def _hz(pitch: int) -> str:
    return f"{440.0 * 2 ** ((pitch - 69) / 12):.0f}"


def _register_words(pitches: Sequence[int]) -> str:
    lo, hi = min(pitches), max(pitches)
    names = note_name(lo) if lo == hi else f"{note_name(lo)}-{note_name(hi)}"
    hz = f"{_hz(lo)} Hz" if lo == hi else f"{_hz(lo)}-{_hz(hi)} Hz"
    if 440.0 * 2 ** ((hi - 69) / 12) >= VOICE_BAND[0]:
        return f"sits in the voice band ({names}, {hz})"
    return f"lies below the voice band ({names}, {hz}: only its upper harmonics reach it)"


def masking(music: Motif | Cue, scene: Dialogue, *, threshold: float = MASKING_DB) -> list[LineMasking]:
    """How much the music masks each line of dialogue: one :class:`LineMasking` per line, in order.

    What masks speech is sound in the voice band (about 300-3000 Hz, :data:`VOICE_BAND`), as loud
    as the words. For every note sounding under the line, its fundamental and first harmonics that
    fall in the band count (:func:`voice_band_share`: register, and the instrument's colour),
    at its dynamic (velocity ``v`` is ``40 log10(v / 127)`` dB, the General MIDI / DLS curve);
    they add up, and the voice is one instrument at :data:`VOICE_LEVEL` (mf) in the band. The
    line is judged at its loudest half second: it is masked when the music comes within
    ``-threshold`` dB of the voice there (:data:`MASKING_DB`, 6 dB). So a double bass at mf hardly
    masks, a melody in the voice band at mp masks more than a pad at mf an octave below it, and
    the same melody at pp leaves the words clear.

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> line = [Line(start=0.0, end=2.0, who="ANNA", text="You're up late.")]
    >>> flute = Motif.parse("c'2", tempo=60, instrument="Flute", dynamics="f", name="flute")
    >>> print(masking(flute, line)[0].why)
    the flute melody at f sits in the voice band (C5, 523 Hz) under ANNA's "You're up late.": 2.5 dB above the voice, where it must stay 6 dB below
    >>> masking(flute.with_dynamics("pp"), line)[0].masks
    False

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    lines = dialogue_lines(scene)
    if not _is_number(threshold) or not -60 <= float(threshold) <= 20:
        raise ScoringError(f"threshold={threshold!r}: give dB against the voice, -60 to 20 (-6 is the course's line)")
    voice = velocity_for(VOICE_LEVEL)
    notes = []                                   # (start, end, power against the voice, layer, pitch, velocity)
    for i, layer in enumerate(cue.layers):
        items = [(c.duration, c.pitches, c.velocity) for c in layer.chords]
        for e in note_events(items, cue.tempo_map, program=layer.program, gate=1.0):
            power = voice_band_share(e.pitch, layer.program) * (e.velocity / voice) ** 4
            notes.append((e.start, e.end, power, i, e.pitch, e.velocity))
    out = []
    for spoken in lines:
        a, b = float(spoken.start), float(spoken.end)
        who, text = getattr(spoken, "who", ""), getattr(spoken, "text", "")
        under = "under " + (f"{who}'s " if who else "") + (f'"{text}"' if text else "line" if who else "the line")
        near = [n for n in notes if n[0] < b - _EPS and n[1] > a + _EPS]
        times = np.arange(a, b, _STEP) + _STEP / 2
        each = np.array([np.where((times >= s) & (times < e), p, 0.0) for s, e, p, *_ in near]).reshape(-1, times.size)
        width = max(1, min(times.size, int(round(_WINDOW / _STEP))))
        total = np.convolve(each.sum(axis=0), np.ones(width) / width, mode="valid") if near else np.zeros(1)
        k = int(np.argmax(total))
        if total[k] <= 0:
            quiet = "no music" if not near else "no music in the voice band"
            out.append(LineMasking(spoken, -math.inf, False, f"{quiet} {under}", a, ""))
            continue
        level = 10 * math.log10(total[k])
        window = slice(k, k + width)
        by_layer: dict[int, float] = {}
        for row, n in zip(each, near):
            by_layer[n[3]] = by_layer.get(n[3], 0.0) + float(row[window].sum())
        top = max(by_layer, key=by_layer.get)
        heard = [n for row, n in zip(each, near) if n[3] == top and row[window].any()]
        what = (f"{_layer_words(cue.layers[top])} at {dynamic_mark(max(n[5] for n in heard))} "
                f"{_register_words([n[4] for n in heard])}")
        masks = level > float(threshold)
        if masks:
            why = f"{what} {under}: {_db_words(level)}, where it must stay {-float(threshold):g} dB below"
        else:
            why = f"{under} the music stays {_db_words(level)}; loudest: {what}"
        middle = round(float(times[k] + (width - 1) * _STEP / 2), 2)
        out.append(LineMasking(spoken, round(level, 1), masks, why, middle, cue.layers[top].role))
    return out


def _db_words(level: float) -> str:
    if abs(level) < 0.05:
        return "level with the voice"
    shown = math.floor(abs(level) * 10) / 10   # cut, never rounded up: 5.96 dB below reads 5.9, not 6.0
    return f"{shown:.1f} dB {'above' if level > 0 else 'below'} the voice"


def masked_lines(music: Motif | Cue, scene: Dialogue, *, threshold: float = MASKING_DB) -> list[LineMasking]:
    """The lines of dialogue the music masks (see :func:`masking`): what a dubbing mixer would flag.

    Examples
    --------
    >>> from types import SimpleNamespace as Line
    >>> lines = [Line(start=1.0, end=2.0, who="A", text="Hi."), Line(start=3.0, end=4.0, who="B", text="Hello.")]
    >>> [m.line.text for m in masked_lines(Motif.parse("c'2 r2", tempo=60, dynamics="f"), lines)]
    ['Hi.']

    Lesson: lessons/05_silence.ipynb
    """
    return [m for m in masking(music, scene, threshold=threshold) if m.masks]


def held_spans(music: Motif | Cue) -> list[tuple[float, float, str]]:
    """Where the clock holds: ``(start s, end s, mark)`` for every hold inside the music, marked
    ``"fermata"`` (a note held on) or ``"G.P."`` (a hold over silence, a general pause).

    Examples
    --------
    >>> held_spans(fermata(Motif.parse("c4 d e f", tempo=60), 1.5))  # the D held twice as long
    [(2.0, 3.0, 'fermata')]

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    clock = cue.tempo_map
    inside = [(b, span) for (b, _), span in zip(clock.holds, clock.hold_spans()) if b <= cue.quarter_length]
    if not inside:
        return []
    middles = np.array([(a + z) / 2 for _, (a, z) in inside])
    silent = _voices(_timeline(cue), middles) == 0
    marks = {b: text for b, text in clock.marks(general_pauses=[b for (b, _), quiet in zip(inside, silent) if quiet])
             if text in ("fermata", "G.P.")}
    return [(round(a, 6), round(z, 6), marks[b]) for b, (a, z) in inside]


def silence_profile(music: Motif | Cue, *, end: float | None = None,
                    scene: "Dialogue | None" = None) -> dict[str, float]:
    """The numbers of a silence map: length, fraction silent, longest silence, onsets, onsets per
    second, mean and most voices (and, with a ``scene``, how many lines the music masks: :func:`masking`).

    ``mean_voices`` is exact: the seconds of all notes sounding, over the length.

    Examples
    --------
    >>> p = silence_profile(Motif.parse("2/4 r8 g g g e-2", tempo=60))
    >>> p["silent_fraction"], p["onsets"], p["max_voices"]
    (0.125, 4, 1)

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    _, line, stop = _read(cue, measured_seconds(cue, end=end, scene=scene))
    spans = _spans(line, stop)
    onsets = int(np.count_nonzero(line.onsets < stop - _EPS))
    sounding = float(np.sum(np.clip(line.end, 0, stop) - np.clip(line.start, 0, stop)))
    starts = line.start[line.start < stop]
    out = {"seconds": round(stop, 3), "silent_fraction": round(sum(e - s for s, e in spans) / stop, 6),
           "longest_silence": round(max((e - s for s, e in spans), default=0.0), 3),
           "onsets": onsets, "onsets_per_second": round(onsets / stop, 6),
           "mean_voices": round(sounding / stop, 2), "max_voices": int(_voices(line, starts).max(initial=0))}
    if scene is not None:
        out["masked_lines"] = len(masked_lines(cue, scene))
        out["lines"] = len(dialogue_lines(scene))
    return out


def profile_line(music: Motif | Cue, *, scene: "Dialogue | None" = None) -> str:
    """One line of a cue's silence numbers (what a silence map shows).

    Examples
    --------
    >>> profile_line(Motif.parse("2/4 r8 g g g e-2", tempo=60, name="Fate"))
    'Fate: 12% silent, longest silence 0.5 s, 4 onsets (1.0 per s), up to 1 voice'

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    p = silence_profile(cue, scene=scene)
    text = (f"{cue.name}: {p['silent_fraction']:.0%} silent, longest silence {p['longest_silence']:.1f} s, "
            f"{p['onsets']} onsets ({p['onsets_per_second']:.1f} per s), up to {p['max_voices']} "
            f"voice{'' if p['max_voices'] == 1 else 's'}")
    if scene is not None:
        text += f", masks {p['masked_lines']} of {p['lines']} lines"
    return text


def profile_table(items: Sequence[Motif | Cue], *, scene: "Dialogue | None" = None) -> str:
    """A small table of silence numbers, one row per motif or cue (what a lesson prints).

    Examples
    --------
    >>> busy, sparse = Motif.parse("c4 d e f", tempo=60, name="busy"), Motif.parse("c4 r r d", tempo=60, name="sparse")
    >>> print(profile_table([busy, sparse]))
    cue                       seconds  silent  longest  onsets  per s  voices
    busy                          4.0      0%    0.0 s       4    1.0     1.0
    sparse                        4.0     50%    2.0 s       2    0.5     0.5

    Lesson: lessons/05_silence.ipynb
    """
    if isinstance(items, (Motif, Cue, str, bytes)) or not isinstance(items, Iterable):
        raise ScoringError("profile_table() takes a list of motifs or cues, e.g. profile_table([busy, sparse])")
    items = list(items)
    if not 1 <= len(items) <= 100:
        raise ScoringError(f"profile_table() shows 1 to 100 motifs or cues (got {len(items)})")
    cues = [as_cue(it) for it in items]
    w = min(44, max([24] + [len(cue.name) for cue in cues]))       # the name column: 24 to 44 characters
    head = f"{'cue':{w}} {'seconds':>8} {'silent':>7} {'longest':>8} {'onsets':>7} {'per s':>6} {'voices':>7}"
    rows = [head + ("  masked" if scene is not None else "")]
    for cue in cues:
        p = silence_profile(cue, scene=scene)
        row = (f"{cue.name[:w]:{w}} {p['seconds']:8.1f} {p['silent_fraction']:7.0%} {p['longest_silence']:6.1f} s "
               f"{p['onsets']:7d} {p['onsets_per_second']:6.1f} {p['mean_voices']:7.1f}")
        if scene is not None:
            row += f"  {p['masked_lines']} of {p['lines']}"
        rows.append(row)
    return "\n".join(rows)


# ---------------------------------------------------------------- editing
def _remake(cue: Cue, *, layers=None, notes: str | None = None, tempo_map: TempoMap | None = None) -> Cue:
    """A new cue (a fresh one, with no cached sound) with some of layers, notes and clock changed."""
    return Cue(cue.layers if layers is None else tuple(layers), cue.name, cue.key, cue.tempo, cue.time_signature,
               notes=cue.notes if notes is None else notes, tempo_map=cue.tempo_map if tempo_map is None else tempo_map)


def _note(cue: Cue, text: str) -> str:
    return f"{cue.notes}; {text}" if cue.notes else text


def _at(cue: Cue, beats) -> float:
    """When a beat sounds, in seconds, by the cue's clock."""
    return cue.tempo_map.seconds_at(float(beats))


def _to_beats(cue: Cue, seconds: float, grid: Fraction, how: str) -> Fraction:
    """Seconds -> quarter notes by the cue's clock, on the grid: rounded down, up or to the nearest line."""
    steps = cue.tempo_map.beat_at(seconds) / float(grid)
    k = math.floor(steps + 1e-6) if how == "down" else math.ceil(steps - 1e-6) if how == "up" else round(steps)
    return max(0, k) * grid


def _layer_notes(layer: Layer):
    """(start, end, chord) in quarter notes for every chord of a layer."""
    t = Fraction(0)
    for c in layer.chords:
        yield t, t + c.duration, c
        t += c.duration


def _roles(cue: Cue, layers, *, default=None) -> set[int]:
    """Layer indices selected by role names (None = every layer but the ``default`` roles, or all layers)."""
    if layers is None:
        if default is None:
            return set(range(len(cue.layers)))
        return {i for i, l in enumerate(cue.layers) if l.role not in default}
    if not isinstance(layers, (str, list, tuple)) or not all(isinstance(n, str) for n in
                                                             ([layers] if isinstance(layers, str) else layers)):
        raise ScoringError(f"layers={layers!r}: name the layers by role, e.g. layers=['harmony', 'bass']")
    names = [layers] if isinstance(layers, str) else list(layers)
    roles = [l.role for l in cue.layers]
    unknown = [n for n in names if n not in roles]
    if unknown:
        raise ScoringError(f"this cue has no {', '.join(map(repr, unknown))} layer; its layers are: {', '.join(roles)}")
    return {i for i, r in enumerate(roles) if r in names}


def _split(layer: Layer, points: Sequence[Fraction]) -> list[tuple[Fraction, Fraction, Chord, int]]:
    """The layer's chords cut at ``points`` (where both pieces stay playable); each piece keeps its origin."""
    out = []
    cuts_all = sorted(set(points))
    for k, (s, e, c) in enumerate(_layer_notes(layer)):
        cuts = [s] + [p for p in cuts_all if s < p < e] + [e]
        pieces = [cuts[0]]
        for p in cuts[1:-1]:
            if p - pieces[-1] >= MIN_DURATION and e - p >= MIN_DURATION:
                pieces.append(p)
        pieces.append(e)
        for a, b in zip(pieces, pieces[1:]):
            out.append((a, b, replace(c, duration=b - a), k))
    return out


def _rebuild(pieces: list[tuple[Fraction, Fraction, Chord, int]]) -> tuple[Chord, ...]:
    """Chords from pieces: neighbouring pieces of one original chord left equal are joined again,
    and neighbouring rests are joined (up to the longest allowed note)."""
    out: list[tuple[Chord, int]] = []
    for _, _, c, k in pieces:
        if out:
            prev, pk = out[-1]
            same = pk == k and prev.pitches == c.pitches and prev.velocity == c.velocity
            joinable = (prev.is_rest and c.is_rest) or same
            if joinable and prev.duration + c.duration <= MAX_DURATION:
                out[-1] = (replace(prev, duration=prev.duration + c.duration), k if not c.is_rest else pk)
                continue
        out.append((c, k))
    return tuple(c for c, _ in out)


def _edit(cue: Cue, spans: Sequence[tuple[Fraction, Fraction]], chosen: set[int], change) -> list[Layer]:
    """The layers with ``change(chord) -> chord`` applied to the chosen layers' pieces inside the spans."""
    points = [p for span in spans for p in span]
    layers = []
    for i, layer in enumerate(cue.layers):
        if i not in chosen:
            layers.append(layer)
            continue
        pieces = []
        for a, b, c, k in _split(layer, points):
            mid = (a + b) / 2
            inside = any(s <= mid < e for s, e in spans)
            pieces.append((a, b, change(c) if inside else c, k))
        layers.append(layer.with_(chords=_rebuild(pieces)))
    return layers


def _span(cue: Cue, start, end, grid: Fraction) -> tuple[Fraction, Fraction]:
    s, e = _seconds(start, "start"), _seconds(end, "end")
    if e <= s:
        raise ScoringError(f"the span {s:g}-{e:g} s ends before it starts; give start < end (seconds)")
    return _to_beats(cue, s, grid, "down"), _to_beats(cue, e, grid, "up")


def _layer_names(cue: Cue, chosen: set[int]) -> str:
    return "all layers" if len(chosen) == len(cue.layers) else ", ".join(cue.layers[i].role for i in sorted(chosen))


def drop_out(music: Motif | Cue, start: float, end: float, *, layers: str | Sequence[str] | None = None,
             grid: float = 0.25) -> Cue:
    """Silence some layers (default: all of them) from ``start`` to ``end`` seconds.

    Musically: a drop-out. All layers make a general pause; the bass and harmony alone leave the
    melody exposed; a note held into the span is cut where the span begins. The span widens
    outward to the ``grid`` (quarter notes); nothing outside it changes.

    Examples
    --------
    >>> from scoring.harmony import harmonize
    >>> cue = drop_out(harmonize(Motif.parse("4/4 c4 e g c'", tempo=60)), 1.0, 3.0, layers=["harmony", "bass"])
    >>> [len(c.pitches) for c in cue.layer("harmony").chords], [float(c.duration) for c in cue.layer("harmony").chords]
    ([3, 0, 3], [1.0, 2.0, 1.0])

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    s, e = _span(cue, start, end, _grid(grid))
    chosen = _roles(cue, layers)
    out = _edit(cue, [(s, e)], chosen, lambda c: Chord((), c.duration, c.velocity))
    where = f"{_at(cue, s):.3g}-{_at(cue, e):.3g} s"
    return _remake(cue, layers=out, notes=_note(cue, f"drop-out {where} ({_layer_names(cue, chosen)})"))


def duck_under(music: Motif | Cue, regions, *, to: str | int = "pp", layers: str | Sequence[str] | None = None,
               grid: float = 0.25) -> Cue:
    """Play softer (at most ``to``, default ``"pp"``) inside the regions: music yielding to dialogue.

    ``regions`` is a scene (its dialogue lines), a list of lines, or ``(start, end)`` pairs in
    seconds. Notes are capped at the ``to`` velocity (a note already softer stays as
    it is); a note held into a region is re-struck softly at its edge. Regions widen outward to
    the ``grid``; nothing outside them changes.

    Examples
    --------
    >>> cue = duck_under(Motif.parse("c4 d e f", tempo=60), [(1.0, 3.0)])
    >>> [c.velocity for c in cue.layers[0].chords]
    [80, 33, 33, 80]

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    g = _grid(grid)
    cap = velocity_for(to)
    spans = _union((_to_beats(cue, s, g, "down"), _to_beats(cue, e, g, "up")) for s, e in _regions(regions))
    chosen = _roles(cue, layers)
    out = _edit(cue, spans, chosen, lambda c: c if c.is_rest or c.velocity <= cap else replace(c, velocity=cap))
    n = len(spans)
    return _remake(cue, layers=out, notes=_note(cue, f"ducked to {to} under {n} region{'s' if n != 1 else ''}"))


def thin(music: Motif | Cue, *, every: int = 2, layers: str | Sequence[str] | None = None,
         start: float | None = None, end: float | None = None, hold: bool = True) -> Cue:
    """Keep one onset in ``every`` of the chosen layers (default: every layer but the melody).

    Musically: thinning the texture. A pulse of eighths with ``every=2`` becomes a pulse of
    quarters: the dropped strikes are held over from the one before (``hold=True``) or become
    rests (``hold=False``). Only onsets between ``start`` and ``end`` seconds are thinned; the
    melody, and so the motif, is left alone unless you name it in ``layers``.

    Examples
    --------
    >>> from scoring.mood import apply_palette
    >>> cold = apply_palette(Motif.parse("4/4 c4 e g c'"), "cold synthetic")
    >>> onset_count(cold), onset_count(thin(cold))  # the pulse's 8 eighths become 4 quarters
    (14, 10)

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    if isinstance(every, (bool, np.bool_)) or not isinstance(every, (int, np.integer)) or not 2 <= every <= 16:
        raise ScoringError(f"every={every!r}: keep one onset in every 2 to 16 (2 halves a pulse)")
    if not isinstance(hold, (bool, np.bool_)):
        raise ScoringError(f"hold={hold!r}: say True (hold the kept notes over) or False (leave rests)")
    every = int(every)
    lo = 0.0 if start is None else _seconds(start, "start")
    hi = math.inf if end is None else _seconds(end, "end")
    if hi <= lo:
        raise ScoringError(f"the span {lo:g}-{hi:g} s ends before it starts; give start < end (seconds)")
    chosen = _roles(cue, layers, default=("melody",))
    out = []
    for i, layer in enumerate(cue.layers):
        if i not in chosen:
            out.append(layer)
            continue
        beats = np.cumsum([0.0] + [float(c.duration) for c in layer.chords[:-1]])
        when = np.atleast_1d(cue.tempo_map.seconds_at(beats))
        chords: list[Chord] = []
        count, holding = 0, False
        for t, c in zip(when, layer.chords):
            if not c.is_rest and lo - _EPS <= t < hi - _EPS:
                count += 1
                if (count - 1) % every:
                    if hold and holding and chords[-1].duration + c.duration <= MAX_DURATION:
                        chords[-1] = replace(chords[-1], duration=chords[-1].duration + c.duration)
                    else:
                        chords.append(Chord((), c.duration, c.velocity))
                        holding = False
                    continue
            chords.append(c)
            holding = not c.is_rest
        out.append(layer.with_(chords=_rebuild([(0, 0, c, -1 - k) if not c.is_rest else (0, 0, c, -1)
                                                for k, c in enumerate(chords)])))
    span = "" if start is None and end is None else f" from {lo:.3g} s" + ("" if end is None else f" to {hi:.3g} s")
    return _remake(cue, layers=out,
                   notes=_note(cue, f"thinned to 1 onset in {every}{span} ({_layer_names(cue, chosen)})"))


def _rests(beats: Fraction) -> tuple[Chord, ...]:
    """Rests filling ``beats`` quarter notes (none for 0), none longer than the longest allowed note."""
    whole, part = divmod(beats, MAX_DURATION)
    return (Chord((), MAX_DURATION),) * int(whole) + ((Chord((), part),) if part else ())


def _insert_beats(clock: TempoMap, at: Fraction, beats: Fraction) -> TempoMap:
    """The clock with ``beats`` of steady time (the tempo there) put in at beat ``at``; what came after moves later."""
    bpm = clock.bpm_at(float(at))
    tempi = [p for p in clock.tempi if p[0] <= at] + [(at, bpm), (at + beats, bpm)] + \
        [(b + beats, t) for b, t in clock.tempi if b > at]
    holds = [(b if b <= at else b + beats, s) for b, s in clock.holds]
    metres = [(m if m <= at else m + beats, ts) for m, ts in clock.metres]
    try:
        return TempoMap(tempi=tuple(tempi), holds=tuple(holds), metres=tuple(metres))
    except ScoringError as exc:
        raise ScoringError(f"a pause of {float(beats):g} beats at beat {float(at):g} moves a later metre change off "
                           f"its barline ({exc}); make the pause a whole number of bars") from None


def general_pause(music: Motif | Cue, at: float, seconds: float, *, grid: float = 0.25) -> Cue:
    """Insert ``seconds`` of silence in every layer at ``at``: a general pause (G.P.); what follows comes later.

    Musically: the whole orchestra stops and waits; after a climax the silence lets it ring.
    ``at`` snaps to the nearest ``grid`` line (quarter notes); a note sounding there stops and
    resumes after the pause. The pause is written as a rest, as long as the tempo there allows
    on the grid (at least one grid step), and the clock holds at the rest's end for whatever
    is left (a G.P. with a fermata): so the cue lasts exactly ``seconds`` longer, whatever its
    tempo map does, and later tempo changes, holds and metre changes move with their notes.

    Examples
    --------
    >>> cue = general_pause(Motif.parse("c4 d e f", tempo=60), 2.0, 1.0)
    >>> cue.duration_seconds, silence_before(cue, [3.0])
    (5.0, [1.0])

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    g = _grid(grid)
    t = _seconds(at, "at")
    length = _seconds(seconds, "the pause's length")
    if length <= 0:
        raise ScoringError("a pause of 0 s is no pause; give its length in seconds, like 1.5")
    point = _to_beats(cue, t, g, "nearest")
    if point > cue.quarter_length:
        raise ScoringError(f"the cue ends at {cue.duration_seconds:.2f} s; a pause at {t:g} s would come after it "
                           "(give at <= the cue's length)")
    steady = TempoMap.constant(cue.tempo_map.bpm_at(float(point)))
    rest = max(g, math.floor(steady.beat_at(length) / float(g) + 1e-6) * g)
    wait = length - steady.seconds_at(float(rest))
    layers = []
    for layer in cue.layers:
        if layer.quarter_length < point:
            layers.append(layer)
            continue
        pieces = _split(layer, [point])
        before = [c for a, _, c, _ in pieces if a < point]
        after = [c for a, _, c, _ in pieces if a >= point]
        layers.append(layer.with_(chords=tuple(before) + _rests(rest) + tuple(after)))
    clock = _insert_beats(cue.tempo_map, point, rest)
    if wait > 1e-6:
        clock = clock.hold(point + rest, wait)
    paused = _remake(cue, layers=layers, tempo_map=clock)
    actual = paused.duration_seconds - cue.duration_seconds
    return _remake(paused, notes=_note(cue, f"general pause {actual:.3g} s at {_at(cue, point):.3g} s"))


def fermata(music: Motif | Cue, at: float, *, hold: float = 2.0) -> Cue:
    """Hold the note sounding at ``at`` seconds ``hold`` times its written length: a fermata.

    A fermata asks the conductor to hold a note as long as the moment needs. Here it is a
    **hold** in the cue's tempo map: the written notes stay as they are, and the clock stops at
    the beat where the melody's note (the first layer's, if there is no melody) ends, for
    ``hold - 1`` times that note's length in seconds. Every note ending there sounds on, every
    layer waits, and the music after it comes later; the score shows a fermata sign over the
    notes that end there. The rest of the tempo map (an accelerando, other holds) is kept; a
    second fermata on the same note replaces the first.

    Examples
    --------
    >>> cue = fermata(Motif.parse("2/4 r8 g g g e-2", tempo=60), 2.0)  # hold the E-flat
    >>> cue.duration_seconds, cue.tempo_map.holds, [float(c.duration) for c in cue.layers[0].chords][-1]
    (6.0, ((Fraction(4, 1), 2.0),), 2.0)

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    t = _seconds(at, "at")
    if not _is_number(hold) or not 1 < float(hold) <= 8:
        raise ScoringError(f"hold={hold!r}: give how many times longer the note lasts, more than 1 and up to 8 "
                           "(2 is a common reading)")
    clock = cue.tempo_map
    roles = [l.role for l in cue.layers]
    ref = cue.layers[roles.index("melody") if "melody" in roles else 0]
    held_beat = next((b for (b, _), (a, z) in zip(clock.holds, clock.hold_spans()) if a <= t < z), None)
    beat = Fraction(clock.beat_at(t)).limit_denominator(960)
    if held_beat is not None:                   # inside a hold: the note that ends on it is sounding
        found = next(((s, e) for s, e, _ in _layer_notes(ref) if s < held_beat <= e), None)
    else:
        found = next(((s, e) for s, e, _ in _layer_notes(ref) if s <= beat < e), None)
    if found is None:
        raise ScoringError(f"nothing is written at {t:g} s: the {ref.role} ends at "
                           f"{_at(cue, ref.quarter_length):.2f} s; give a time inside the cue")
    s, e = found
    plain = TempoMap(tempi=clock.tempi, metres=clock.metres)          # the written length, without holds
    extra = (float(hold) - 1) * plain.duration(float(e - s), start=float(s))
    if extra > 60:
        raise ScoringError(f"holding this note x{float(hold):g} stops the clock for {extra:.0f} s, more than 60 s; "
                           "give a smaller hold")
    return _remake(cue, tempo_map=clock.hold(e, extra),
                   notes=_note(cue, f"fermata at {_at(cue, s):.3g} s held x{float(hold):g}"))


def add_hit(music: Motif | Cue, hit: Chord | Cue | Motif, *, at: float, instrument: str = "String Ensemble 1",
            role: str = "hit", grid: float = 0.25) -> Cue:
    """Add a hit at ``at`` seconds: new layers that are silent until then, then strike.

    ``hit`` is a :class:`~scoring.core.cue.Chord` (one new layer, named ``role``, played on
    ``instrument``), a Motif (one new layer, named ``role``, on its own instrument) or a cue such
    as a stinger from :func:`scoring.devices.stinger` (its layers, with their roles and
    instruments, on this cue's clock; one whose role the cue has already becomes, say,
    ``"hit melody"``). The time snaps to the nearest
    ``grid`` line (quarter notes). Musically: the sting on a picture cut, placed where the
    picture needs it, whatever the music before it does.

    Examples
    --------
    >>> cue = add_hit(Motif.parse("c4 d e f", tempo=60), Chord((61, 62, 67), 2, velocity=120), at=6.0)
    >>> cue.duration_seconds, silence_before(cue, [6.0])
    (8.0, [2.0])

    Lesson: lessons/05_silence.ipynb
    """
    cue = as_cue(music)
    if not isinstance(hit, (Chord, Cue, Motif)):
        raise ScoringError(f"a hit is a Chord or a Cue (e.g. a stinger), not {type(hit).__name__}")
    if not isinstance(role, str) or not role.strip():
        raise ScoringError(f"role={role!r}: name the hit's layer, e.g. role='hit'")
    roles = {l.role for l in cue.layers}
    if isinstance(hit, Chord):
        if hit.is_rest:
            raise ScoringError("a hit needs a chord with notes, e.g. Chord((61, 62, 67), 2, velocity=120)")
        new = [Layer(role, (hit,), instrument, "normal")]
    elif isinstance(hit, Motif):   # its one layer is the hit
        new = [l.with_(role=role) for l in as_cue(hit).layers]
    else:                          # a stinger's layers keep their roles, under the hit's name where the cue has them
        new = [l.with_(role=f"{role} {l.role}") if l.role in roles else l for l in hit.layers]
    clash = [l.role for l in new if l.role in roles]
    if clash:
        raise ScoringError(f"the cue already has a {clash[0]!r} layer; give the hit another role, e.g. role='hit 2'")
    point = _to_beats(cue, _seconds(at, "at"), _grid(grid), "nearest")
    layers = tuple(l.with_(chords=_rests(point) + l.chords) for l in new)
    return _remake(cue, layers=cue.layers + layers, notes=_note(cue, f"hit at {_at(cue, point):.3g} s"))


def _trim(cue: Cue, beats: Fraction) -> list[Layer]:
    layers = []
    for layer in cue.layers:
        kept = [(a, min(b, beats), c) for a, b, c in _layer_notes(layer) if a < beats]
        chords = tuple(replace(c, duration=b - a) for a, b, c in kept if b - a >= MIN_DURATION)
        layers.append(layer.with_(chords=chords or (Chord((), beats),)))
    return layers


def underscore(motif: Motif, scene: "Dialogue | float", *, palette: str = "chamber") -> Cue:
    """A plain underscore for a scene: the motif, harmonised and orchestrated with a ``palette``
    (see :data:`scoring.mood.PALETTES`), repeated to fill the scene and cut where it ends.

    ``scene`` is a scene (or its lines) or a length in seconds. It plays straight through every
    line: the starting point for deciding where it should yield.

    Examples
    --------
    >>> cue = underscore(Motif.parse("4/4 c4 e g c'", tempo=120), 5.0)
    >>> cue.duration_seconds, [l.role for l in cue.layers]
    (5.0, ['melody', 'harmony', 'bass'])

    Lesson: lessons/05_silence.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"underscore() takes a Motif to repeat, not {type(motif).__name__}")
    if _is_number(scene):
        seconds, title = _seconds(scene, "the scene's length"), f"{float(scene):g} s"
    else:
        seconds, title = scene_seconds(scene), getattr(scene, "title", "the scene")
    if seconds <= 0:
        raise ScoringError("the scene lasts 0 s; give its length in seconds, like 8.0")
    clock = motif.tempo_map
    beats = Fraction(clock.beat_at(seconds)).limit_denominator(64)
    reps = max(1, math.ceil(beats / motif.quarter_length - Fraction(1, 10 ** 9)))
    if reps * len(motif.notes) > MAX_NOTES:
        raise ScoringError(f"filling {seconds:g} s takes the motif {reps} times, more than {MAX_NOTES} notes; "
                           "give a longer motif or a shorter scene")
    looped = motif.with_notes(motif.notes * reps)
    cue = _remake(apply_palette(looped, palette), tempo_map=looped.tempo_map)
    return Cue(tuple(_trim(cue, beats)), f"{motif.name} under {title}", cue.key, cue.tempo, cue.time_signature,
               notes=f"{motif.name} x{reps}, {cue.notes}, cut at {seconds:g} s", tempo_map=cue.tempo_map)
