"""Silence: measure it, plot it, and write it into a cue.

Music that never stops stops meaning anything. A rest before a hit makes the hit land; a
fermata stretches a moment; a layer that drops out lets the rest breathe; a score that yields
to dialogue lets an audience hear the words. This module measures silence and density
(fraction of time silent, onsets per second, voices sounding, the silence before a moment),
draws a *silence map* under a piano roll, edits cues (:func:`drop_out`, :func:`thin`,
:func:`duck_under`, :func:`general_pause`, :func:`fermata`, :func:`add_hit`) and reads scene
timelines with dialogue (scenes from :func:`scoring.scene.load_scene`: their ``dialogue`` lines).
Wherever a ``scene`` is asked for, a list of its lines will do too.

Conventions:

- Times are **seconds**, as a film editor hears them (seconds = quarter notes · 60 / tempo).
- A note sounds for its **written** length (articulation does not shorten it): silence is the
  rests, general pauses and drop-outs of the score, not the gaps of a staccato.
- An **onset** is one layer striking a note or a chord.
- Edits snap to a grid (``grid=0.25`` quarter notes, a sixteenth) so the score stays readable:
  a span to clear is widened outward to the grid; a point is moved to the nearest grid line.

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from scoring.core.cue import Chord, Cue, Layer
from scoring.core.cue import as_cue as _as_cue
from scoring.errors import ScoringError
from scoring.core.notes import MAX_DURATION, MIN_DURATION, velocity_for
from scoring.core.motif import Motif

if TYPE_CHECKING:
    from scoring.render.html import HTML
    from scoring.scene import Line, Scene

#: Colours of the silence map.
SILENCE_COLOUR, VOICES_COLOUR, DENSITY_COLOUR, DIALOGUE_COLOUR = "#c23a3a", "#1f5fa8", "#2a8a3e", "#8a8a8a"
_EPS = 1e-9


# ---------------------------------------------------------------- scenes
def _lines(scene) -> tuple:
    """The dialogue lines of a scene (:class:`scoring.scene.Scene`) or of a list of lines."""
    if hasattr(scene, "dialogue"):
        return tuple(scene.dialogue)
    if isinstance(scene, (list, tuple)) and all(hasattr(l, "start") and hasattr(l, "end") for l in scene):
        return tuple(scene)
    raise ScoringError(f"expected a scene with dialogue, got {type(scene).__name__}; load one with "
                       "scoring.scene.load_scene('kitchen_dialogue')")


def _scene_end(scene) -> float:
    return float(getattr(scene, "duration", 0.0) or max((l.end for l in _lines(scene)), default=0.0))


def line_label(line) -> str:
    """A line of dialogue as text: ``ANNA 0.75-2 s "You're up late."``.

    Examples
    --------
    >>> from scoring.scene import load_scene
    >>> print(line_label(load_scene("kitchen_dialogue").dialogue[0]))
    ANNA 0.75-2 s "You're up late."

    Lesson: lessons/05_silence.ipynb
    """
    who = getattr(line, "who", "") or getattr(line, "speaker", "")
    return f'{who} {line.start:g}-{line.end:g} s "{getattr(line, "text", "")}"'


def _regions(regions) -> list[tuple[float, float]]:
    """A scene, lines or (start, end) pairs -> sorted, merged (start, end) spans in seconds."""
    if hasattr(regions, "dialogue"):
        regions = regions.dialogue
    if hasattr(regions, "start") and hasattr(regions, "end"):
        regions = [regions]
    if isinstance(regions, (str, bytes)) or not isinstance(regions, Iterable):
        raise ScoringError("give the regions as a scene, a list of its lines, or (start, end) pairs in seconds, "
                           "e.g. [(1.0, 2.5), (4.0, 5.0)]")
    spans = []
    for r in regions:
        if hasattr(r, "start") and hasattr(r, "end"):
            r = (r.start, r.end)
        try:
            s, e = r
        except (TypeError, ValueError):
            raise ScoringError(f"{r!r} is not a region; give (start, end) in seconds, e.g. (1.0, 2.5)") from None
        s, e = _check_seconds(s, "a region's start"), _check_seconds(e, "a region's end")
        if e <= s:
            raise ScoringError(f"the region ({s:g}, {e:g}) ends before it starts; give (start, end) with end > start")
        spans.append((s, e))
    return _union(spans)


def _union(spans) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + _EPS:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


# ---------------------------------------------------------------- reading a cue
def _check_seconds(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)) or not math.isfinite(float(value)):
        raise ScoringError(f"{what} is {value!r}; give a time in seconds, like 2.5")
    if value < 0:
        raise ScoringError(f"{what} is {value:g} s; times start at 0 s")
    if value > 600:
        raise ScoringError(f"{what} is {value:g} s, beyond the 600 s a cue may last")
    return float(value)


def _grid(grid) -> Fraction:
    if isinstance(grid, bool) or not isinstance(grid, (int, float, Fraction)):
        raise ScoringError(f"grid={grid!r}: give the grid in quarter notes, e.g. 0.25 (a sixteenth)")
    g = Fraction(grid).limit_denominator(64)
    if not MIN_DURATION <= g <= 4:
        raise ScoringError(f"grid={grid!r}: give a grid between 1/16 and 4 quarter notes (0.25 is a sixteenth)")
    return g


def _to_beats(cue: Cue, seconds: float, grid: Fraction, how: str) -> Fraction:
    """Seconds -> quarter notes on the grid, rounded down, up or to the nearest line."""
    steps = seconds * cue.tempo / 60.0 / float(grid)
    k = math.floor(steps + 1e-6) if how == "down" else math.ceil(steps - 1e-6) if how == "up" else round(steps)
    return max(0, k) * grid


def _secs(cue: Cue, beats) -> float:
    return float(beats) * 60.0 / cue.tempo


def _layer_notes(layer: Layer):
    """(start, end, chord) in quarter notes for every chord of a layer."""
    t = Fraction(0)
    for c in layer.chords:
        yield t, t + c.duration, c
        t += c.duration


def _notes(cue: Cue) -> list[tuple[float, float, int, int, int]]:
    """Every written note as (start s, end s, pitch, velocity, layer index)."""
    out = []
    for i, layer in enumerate(cue.layers):
        for s, e, c in _layer_notes(layer):
            for p in c.pitches:
                out.append((_secs(cue, s), _secs(cue, e), p, c.velocity, i))
    return sorted(out)


def _onsets(cue: Cue) -> list[float]:
    return sorted(_secs(cue, s) for layer in cue.layers for s, _, c in _layer_notes(layer) if not c.is_rest)


def _end(cue: Cue, end) -> float:
    return cue.duration_seconds if end is None else max(_check_seconds(end, "end"), 1e-6)


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
    cue = _as_cue(music)
    stop = _end(cue, end)
    sounding = _union((s, e) for s, e, *_ in _notes(cue) if s < stop)
    out, t = [], 0.0
    for s, e in sounding:
        if s - t > _EPS:
            out.append((t, min(s, stop)))
        t = max(t, e)
    if stop - t > _EPS:
        out.append((t, stop))
    return [(round(s, 6), round(e, 6)) for s, e in out if e - s >= min_seconds - _EPS]


def silence_fraction(music: Motif | Cue, *, end: float | None = None) -> float:
    """The fraction of the time (0..1) in which nothing sounds.

    Examples
    --------
    >>> silence_fraction(Motif.parse("2/4 r8 g g g e-2", tempo=60))  # an eighth rest in four beats
    0.125

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    stop = _end(cue, end)
    return round(sum(e - s for s, e in silent_spans(cue, end=stop)) / stop, 6)


def onset_count(music: Motif | Cue) -> int:
    """How many times a layer strikes (a note or a chord is one onset): the cue's busyness.

    Examples
    --------
    >>> onset_count(Motif.parse("2/4 r8 g g g e-2"))
    4

    Lesson: lessons/05_silence.ipynb
    """
    return len(_onsets(_as_cue(music)))


def onsets_per_second(music: Motif | Cue, *, end: float | None = None) -> float:
    """Onsets per second over the whole cue (or up to ``end``): its density.

    Examples
    --------
    >>> onsets_per_second(Motif.parse("2/4 r8 g g g e-2", tempo=60))  # 4 onsets in 4 s
    1.0

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    stop = _end(cue, end)
    return round(sum(1 for t in _onsets(cue) if t < stop) / stop, 6)


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
    cue = _as_cue(music)
    stop = _end(cue, end)
    if isinstance(window, bool) or not isinstance(window, (int, float)) or not 0.1 <= window <= 30:
        raise ScoringError(f"window={window!r}: give the window in seconds, 0.1-30 (1.0 is usual)")
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0.005 <= step <= 5:
        raise ScoringError(f"step={step!r}: give the step in seconds, 0.005-5")
    times = np.round(np.arange(0.0, stop + _EPS, step), 6)
    onsets = np.array(_onsets(cue))
    lo = np.searchsorted(onsets, times - window / 2 - _EPS, side="left")
    hi = np.searchsorted(onsets, times + window / 2 - _EPS, side="left")
    return times, (hi - lo) / window


def _times(times) -> np.ndarray:
    try:
        ts = np.atleast_1d(np.asarray(times, dtype=float))
    except (TypeError, ValueError):
        raise ScoringError(f"{times!r} is not a list of times; give seconds, like [2.0, 4.5]") from None
    if ts.ndim != 1 or not np.all(np.isfinite(ts)):
        raise ScoringError(f"{times!r} is not a flat list of times; give seconds, like [2.0, 4.5]")
    return ts


def active_voices(music: Motif | Cue, times: Sequence[float] | float) -> np.ndarray:
    """How many notes sound at each time (seconds): 0 is silence, a triad over a bass is 4.

    Examples
    --------
    >>> from scoring.harmony import harmonize
    >>> active_voices(harmonize(Motif.parse("4/4 c4 e g c'", tempo=60)), [0.5, 5.0]).tolist()  # after the end: 0
    [5, 0]

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    ts = np.atleast_1d(np.asarray(times, dtype=float))
    counts = np.zeros(len(ts), dtype=int)
    for s, e, *_ in _notes(cue):
        counts += (ts >= s - _EPS) & (ts < e - _EPS)
    return counts


def silence_before(music: Motif | Cue, times: Sequence[float] | float) -> list[float]:
    """For each time point (seconds), how long the music has been silent just before it.

    0 when something sounds right up to the point; a hit after a two-second drop-out gives 2.0.

    Examples
    --------
    >>> silence_before(Motif.parse("4/4 c4 r r e", tempo=60), [1.0, 3.0, 3.5])
    [0.0, 2.0, 0.0]

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    notes = _notes(cue)
    out = []
    for t in _times(times):
        t = _check_seconds(float(t), "a time point")
        if any(s < t - _EPS and e > t + _EPS for s, e, *_ in notes):
            out.append(0.0)
            continue
        ends = [e for s, e, *_ in notes if s < t - _EPS]
        out.append(round(t - max(ends, default=0.0), 6))
    return out


def covered_lines(music: Motif | Cue, scene: "Scene | Sequence[Line]", *,
                  quiet: str | int = "p") -> list[tuple["Line", int]]:
    """The lines of dialogue the music still covers: under each, a note louder than ``quiet`` sounds.

    Returns ``(line, loudest velocity under it)`` for every covered line. Music at ``quiet`` or
    softer (``"p"`` by default) counts as out of the way, as a dubbing mixer would pull it down.

    Examples
    --------
    >>> from scoring.scene import Line
    >>> lines = [Line(1.0, 2.0, "A", "Hi."), Line(3.0, 4.0, "B", "Hello.")]
    >>> [(line.text, v) for line, v in covered_lines(Motif.parse("c2 r2", tempo=60), lines)]
    [('Hi.', 80)]

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    lines = _lines(scene)
    limit = velocity_for(quiet)
    notes = _notes(cue)
    out = []
    for line in lines:
        loud = [v for s, e, _, v, _ in notes if s < line.end - _EPS and e > line.start + _EPS and v > limit]
        if loud:
            out.append((line, max(loud)))
    return out


def silence_profile(music: Motif | Cue, *, end: float | None = None,
                    scene: "Scene | None" = None) -> dict[str, float]:
    """The numbers of a silence map: length, fraction silent, longest silence, onsets, onsets per
    second, mean and most voices (and, with a ``scene``, how many lines the music covers).

    Examples
    --------
    >>> p = silence_profile(Motif.parse("2/4 r8 g g g e-2", tempo=60))
    >>> p["silent_fraction"], p["onsets"], p["max_voices"]
    (0.125, 4, 1)

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    if scene is not None and end is None:
        end = max(_scene_end(scene), cue.duration_seconds)
    stop = _end(cue, end)
    spans = silent_spans(cue, end=stop)
    grid = np.arange(0.0, stop, 0.01)
    voices = active_voices(cue, grid)
    out = {"seconds": round(stop, 3), "silent_fraction": silence_fraction(cue, end=stop),
           "longest_silence": round(max((e - s for s, e in spans), default=0.0), 3),
           "onsets": sum(1 for t in _onsets(cue) if t < stop), "onsets_per_second": onsets_per_second(cue, end=stop),
           "mean_voices": round(float(voices.mean()), 2), "max_voices": int(voices.max(initial=0))}
    if scene is not None:
        out["covered_lines"] = len(covered_lines(cue, scene))
        out["lines"] = len(_lines(scene))
    return out


def profile_line(music: Motif | Cue, *, scene: "Scene | None" = None) -> str:
    """One line of a cue's silence numbers (what a silence map shows).

    Examples
    --------
    >>> profile_line(Motif.parse("2/4 r8 g g g e-2", tempo=60, name="Fate"))
    'Fate: 12% silent, longest silence 0.5 s, 4 onsets (1.0 per s), up to 1 voice'

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    p = silence_profile(cue, scene=scene)
    text = (f"{cue.name}: {p['silent_fraction']:.0%} silent, longest silence {p['longest_silence']:.1f} s, "
            f"{p['onsets']} onsets ({p['onsets_per_second']:.1f} per s), up to {p['max_voices']} "
            f"voice{'' if p['max_voices'] == 1 else 's'}")
    if scene is not None:
        text += f", covers {p['covered_lines']} of {p['lines']} lines"
    return text


def profile_table(items: Sequence, *, scene: "Scene | None" = None) -> str:
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
    items = list(items)
    if not items:
        raise ScoringError("profile_table() needs at least one motif or cue")
    cues = [_as_cue(it) for it in items]
    w = min(44, max([24] + [len(cue.name) for cue in cues]))       # the name column: 24 to 44 characters
    head = f"{'cue':{w}} {'seconds':>8} {'silent':>7} {'longest':>8} {'onsets':>7} {'per s':>6} {'voices':>7}"
    rows = [head + ("  covered" if scene is not None else "")]
    for cue in cues:
        p = silence_profile(cue, scene=scene)
        row = (f"{cue.name[:w]:{w}} {p['seconds']:8.1f} {p['silent_fraction']:7.0%} {p['longest_silence']:6.1f} s "
               f"{p['onsets']:7d} {p['onsets_per_second']:6.1f} {p['mean_voices']:7.1f}")
        if scene is not None:
            row += f"  {p['covered_lines']} of {p['lines']}"
        rows.append(row)
    return "\n".join(rows)


# ---------------------------------------------------------------- editing
def _roles(cue: Cue, layers, *, default=None) -> set[int]:
    """Layer indices selected by role names (None = ``default`` roles, or all layers)."""
    if layers is None:
        if default is None:
            return set(range(len(cue.layers)))
        return {i for i, l in enumerate(cue.layers) if l.role not in default}
    names = [layers] if isinstance(layers, str) else list(layers)
    roles = [l.role for l in cue.layers]
    unknown = [n for n in names if n not in roles]
    if unknown:
        raise ScoringError(f"this cue has no {', '.join(map(repr, unknown))} layer; its layers are: {', '.join(roles)}")
    return {i for i, r in enumerate(roles) if r in names}


def _split(layer: Layer, points: Sequence[Fraction]) -> list[tuple[Fraction, Fraction, Chord, int]]:
    """The layer's chords cut at ``points`` (where both pieces stay playable); each piece keeps its origin."""
    out = []
    for k, (s, e, c) in enumerate(_layer_notes(layer)):
        cuts = [s] + [p for p in sorted(set(points)) if s < p < e] + [e]
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


def _edit(cue: Cue, spans: Sequence[tuple[Fraction, Fraction]], chosen: set[int], change) -> Cue:
    """Apply ``change(chord) -> chord`` to the pieces of the chosen layers that lie inside the spans."""
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
    return replace(cue, layers=tuple(layers))


def _note(cue: Cue, text: str) -> str:
    return f"{cue.notes}; {text}" if cue.notes else text


def _span(cue: Cue, start, end, grid: Fraction) -> tuple[Fraction, Fraction]:
    s, e = _check_seconds(start, "start"), _check_seconds(end, "end")
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
    cue = _as_cue(music)
    g = _grid(grid)
    s, e = _span(cue, start, end, g)
    chosen = _roles(cue, layers)
    out = _edit(cue, [(s, e)], chosen, lambda c: Chord((), c.duration, c.velocity))
    where = f"{_secs(cue, s):.3g}-{_secs(cue, e):.3g} s"
    return replace(out, notes=_note(cue, f"drop-out {where} ({_layer_names(cue, chosen)})"))


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
    cue = _as_cue(music)
    g = _grid(grid)
    cap = velocity_for(to)
    spans = _union((_to_beats(cue, s, g, "down"), _to_beats(cue, e, g, "up")) for s, e in _regions(regions))
    chosen = _roles(cue, layers)
    out = _edit(cue, spans, chosen, lambda c: c if c.is_rest or c.velocity <= cap else replace(c, velocity=cap))
    n = len(spans)
    return replace(out, notes=_note(cue, f"ducked to {to} under {n} region{'s' if n != 1 else ''}"))


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
    cue = _as_cue(music)
    if isinstance(every, bool) or not isinstance(every, int) or not 2 <= every <= 16:
        raise ScoringError(f"every={every!r}: keep one onset in every 2 to 16 (2 halves a pulse)")
    lo = 0.0 if start is None else _check_seconds(start, "start")
    hi = math.inf if end is None else _check_seconds(end, "end")
    if hi <= lo:
        raise ScoringError(f"the span {lo:g}-{hi:g} s ends before it starts; give start < end (seconds)")
    chosen = _roles(cue, layers, default=("melody",))
    out = []
    for i, layer in enumerate(cue.layers):
        if i not in chosen:
            out.append(layer)
            continue
        chords: list[Chord] = []
        count, holding = 0, False
        for s, _, c in _layer_notes(layer):
            inside = not c.is_rest and lo - _EPS <= _secs(cue, s) < hi - _EPS
            if inside:
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
    return replace(cue, layers=tuple(out),
                   notes=_note(cue, f"thinned to 1 onset in {every}{span} ({_layer_names(cue, chosen)})"))


def general_pause(music: Motif | Cue, at: float, seconds: float, *, grid: float = 0.25) -> Cue:
    """Insert ``seconds`` of silence in every layer at ``at``: a general pause (G.P.); what follows comes later.

    Musically: the whole orchestra stops and waits; after a climax the silence lets it ring.
    Both times snap to the nearest ``grid`` line (quarter notes; the pause lasts at least one
    grid step); a note sounding at ``at`` stops there and resumes after the pause.

    Examples
    --------
    >>> cue = general_pause(Motif.parse("c4 d e f", tempo=60), 2.0, 1.0)
    >>> cue.duration_seconds, silence_before(cue, [3.0])
    (5.0, [1.0])

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    g = _grid(grid)
    point = _to_beats(cue, _check_seconds(at, "at"), g, "nearest")
    length = max(g, _to_beats(cue, _check_seconds(seconds, "the pause's length"), g, "nearest"))
    if point > cue.quarter_length:
        raise ScoringError(f"the cue ends at {cue.duration_seconds:.2f} s; a pause at {at:g} s would come after it "
                           "(give at <= the cue's length)")
    layers = []
    for layer in cue.layers:
        if layer.quarter_length < point:
            layers.append(layer)
            continue
        pieces = _split(layer, [point])
        before = [c for a, _, c, _ in pieces if a < point]
        after = [c for a, _, c, _ in pieces if a >= point]
        layers.append(layer.with_(chords=tuple(before) + (Chord((), length),) + tuple(after)))
    out = replace(cue, layers=tuple(layers),
                  notes=_note(cue, f"general pause {_secs(cue, length):.3g} s at {_secs(cue, point):.3g} s"))
    if isinstance(out, FermataCue):
        out = replace(out, fermatas=tuple(m + length if m > point else m for m in out.fermatas))
    return out


@dataclass(frozen=True, repr=False)
class FermataCue(Cue):
    """A cue with its fermatas written out: the held notes last longer, and the score marks each
    hold with a fermata sign. ``fermatas`` holds the beats (quarter notes) where holds end.

    Made by :func:`fermata`; every edit in this module keeps the marks.

    Examples
    --------
    >>> held = fermata(Motif.parse("2/4 r8 g g g e-2", tempo=60), 2.0)
    >>> held.fermatas, sum(1 for n in held.to_stream().recurse().notes if n.expressions)
    ((Fraction(6, 1),), 1)

    Lesson: lessons/05_silence.ipynb
    """

    fermatas: tuple[Fraction, ...] = ()

    def to_stream(self):
        """The score, with a fermata over the last written piece of every held note or rest."""
        from music21 import expressions

        score = super().to_stream()
        marks = [Fraction(m) for m in self.fermatas]
        for part in score.parts:
            for bar in part.getElementsByClass("Measure"):
                for el in bar.recurse().notesAndRests:
                    a = Fraction(bar.offset + el.offset).limit_denominator(960)
                    b = a + Fraction(el.quarterLength).limit_denominator(960)
                    if any(a < m <= b for m in marks):
                        el.expressions.append(expressions.Fermata())
        return score


def fermata(music: Motif | Cue, at: float, *, hold: float = 2.0, grid: float = 0.25) -> FermataCue:
    """Hold the note sounding at ``at`` seconds ``hold`` times its written length: a fermata, written out.

    A fermata asks the conductor to hold a note as long as the moment needs; a score played
    by a computer has no conductor, so the hold is realised: the melody's note (the first
    layer's, if there is no melody) lasts ``hold`` times as long, every layer waits with it,
    and the music after it comes later. The notation shows the held length and a fermata sign.

    Examples
    --------
    >>> cue = fermata(Motif.parse("2/4 r8 g g g e-2", tempo=60), 2.0)  # hold the E-flat
    >>> cue.duration_seconds, [float(c.duration) for c in cue.layers[0].chords][-1]
    (6.0, 4.0)

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    g = _grid(grid)
    t = _check_seconds(at, "at")
    if isinstance(hold, bool) or not isinstance(hold, (int, float, Fraction)) or not 1 < hold <= 8:
        raise ScoringError(f"hold={hold!r}: give how many times longer the note lasts, more than 1 and up to 8 "
                           "(2 is a common reading)")
    roles = [l.role for l in cue.layers]
    ref = cue.layers[roles.index("melody") if "melody" in roles else 0]
    beat = Fraction(t * cue.tempo / 60.0).limit_denominator(960)
    held = next(((s, e) for s, e, _ in _layer_notes(ref) if s <= beat < e), None)
    if held is None:
        raise ScoringError(f"nothing is written at {t:g} s: the {ref.role} ends at "
                           f"{_secs(cue, ref.quarter_length):.2f} s; give a time inside the cue")
    s, h = held
    extra = max(g, round((h - s) * (Fraction(hold).limit_denominator(64) - 1) / g) * g)
    layers = []
    for layer in cue.layers:
        chords = list(layer.chords)
        for k, (a, b, c) in enumerate(_layer_notes(layer)):
            if a < h <= b:
                if c.duration + extra > MAX_DURATION:
                    raise ScoringError(f"holding for {_secs(cue, extra):.1f} s makes a note longer than "
                                       f"{int(MAX_DURATION)} quarter notes; give a smaller hold")
                chords[k] = replace(c, duration=c.duration + extra)
                break
        layers.append(layer.with_(chords=tuple(chords)))
    marks = tuple(m + extra if m > h else m for m in getattr(cue, "fermatas", ())) + (h + extra,)
    base = {f: getattr(cue, f) for f in ("name", "key", "tempo", "time_signature")}
    return FermataCue(tuple(layers), **base, fermatas=tuple(sorted(marks)),
                      notes=_note(cue, f"fermata at {_secs(cue, s):.3g} s held x{float(hold):g}"))


def add_hit(music: Motif | Cue, hit: Chord | Cue, *, at: float, instrument: str = "String Ensemble 1",
            role: str = "hit", grid: float = 0.25) -> Cue:
    """Add a hit at ``at`` seconds: new layers that are silent until then, then strike.

    ``hit`` is a :class:`~scoring.core.cue.Chord` (one new layer, named ``role``, played on
    ``instrument``) or a cue such as a stinger from :func:`scoring.devices.stinger` (its layers,
    with their roles and instruments, taking this cue's tempo). The time snaps to the nearest
    ``grid`` line (quarter notes). Musically: the sting on a picture cut, placed where the
    picture needs it, whatever the music before it does.

    Examples
    --------
    >>> cue = add_hit(Motif.parse("c4 d e f", tempo=60), Chord((61, 62, 67), 2, velocity=120), at=6.0)
    >>> cue.duration_seconds, silence_before(cue, [6.0])
    (8.0, [2.0])

    Lesson: lessons/05_silence.ipynb
    """
    cue = _as_cue(music)
    if isinstance(hit, Chord):
        if hit.is_rest:
            raise ScoringError("a hit needs a chord with notes, e.g. Chord((61, 62, 67), 2, velocity=120)")
        new = [Layer(role, (hit,), instrument, "normal")]
    elif isinstance(hit, (Cue, Motif)):
        new = list(_as_cue(hit).layers)
    else:
        raise ScoringError(f"a hit is a Chord or a Cue (e.g. a stinger), not {type(hit).__name__}")
    roles = [l.role for l in cue.layers]
    clash = [l.role for l in new if l.role in roles]
    if clash:
        raise ScoringError(f"the cue already has a {clash[0]!r} layer; give the hit another role, e.g. role='hit 2'")
    point = _to_beats(cue, _check_seconds(at, "at"), _grid(grid), "nearest")
    whole, part = divmod(point, MAX_DURATION)
    rests = (Chord((), MAX_DURATION),) * int(whole) + ((Chord((), part),) if part else ())
    layers = tuple(l.with_(chords=rests + l.chords) for l in new)
    return replace(cue, layers=cue.layers + layers, notes=_note(cue, f"hit at {_secs(cue, point):.3g} s"))


def _trim(cue: Cue, beats: Fraction) -> Cue:
    layers = []
    for layer in cue.layers:
        kept = [(a, min(b, beats), c) for a, b, c in _layer_notes(layer) if a < beats]
        chords = tuple(replace(c, duration=b - a) for a, b, c in kept if b - a >= MIN_DURATION)
        layers.append(layer.with_(chords=chords or (Chord((), beats),)))
    return replace(cue, layers=tuple(layers))


def underscore(motif: Motif, scene: "Scene | float", *, palette: str = "chamber") -> Cue:
    """A plain underscore for a scene: the motif, harmonised and orchestrated with a ``palette``
    (see :data:`scoring.mood.PALETTES`), repeated to fill the scene and cut where it ends.

    It plays straight through every line: the starting point for deciding where it should yield.

    Examples
    --------
    >>> cue = underscore(Motif.parse("4/4 c4 e g c'", tempo=120), 5.0)
    >>> cue.duration_seconds, [l.role for l in cue.layers]
    (5.0, ['melody', 'harmony', 'bass'])

    Lesson: lessons/05_silence.ipynb
    """
    from scoring.mood import apply_palette

    if not isinstance(motif, Motif):
        raise ScoringError(f"underscore() takes a Motif to repeat, not {type(motif).__name__}")
    if isinstance(scene, (int, float)) and not isinstance(scene, bool):
        seconds, title = _check_seconds(scene, "the scene's length"), f"{scene:g} s"
    else:
        seconds, title = _scene_end(scene), getattr(scene, "title", "the scene")
    reps = max(1, math.ceil(seconds / motif.duration_seconds - 1e-9))
    looped = motif.with_notes(motif.notes * reps)
    cue = apply_palette(looped, palette)
    beats = Fraction(seconds * motif.tempo / 60.0).limit_denominator(64)
    return replace(_trim(cue, beats), name=f"{motif.name} under {title}",
                   notes=f"{motif.name} x{reps}, {cue.notes}, cut at {seconds:g} s")


# ---------------------------------------------------------------- hearing a scene
#: Formant frequencies (Hz) of five vowels, for the placeholder voices.
_FORMANTS = {"a": (730, 1090, 2440), "e": (530, 1840, 2480), "i": (300, 2200, 2950), "o": (570, 840, 2410),
             "u": (330, 900, 2250)}
_PITCHES = (205.0, 118.0, 165.0, 100.0)


def _syllables(text: str) -> list[str]:
    vowels, out, prev = "aeiouy", [], False
    for ch in text.lower():
        v = ch in vowels
        if v and not prev:
            out.append("i" if ch == "y" else ch)
        prev = v
    return out or ["a"]


def _voice(line: "Line", f0: float, seed: int, sample_rate: int) -> np.ndarray:
    """A murmur in place of a spoken line: a voiced buzz through vowel formants, one pulse per syllable."""
    length = line.end - line.start
    n = int(round(length * sample_rate))
    t = np.arange(n) / sample_rate
    vowels = _syllables(line.text)
    k = len(vowels)
    contour = 1.1 - 0.2 * t / length
    if line.text.rstrip().endswith("?"):
        contour = contour + 0.35 * np.clip((t / length - 0.6) / 0.4, 0, 1)
    f = f0 * contour
    phase = 2 * np.pi * np.cumsum(f) / sample_rate
    pos = t / length * k
    index = np.minimum(pos.astype(int), k - 1)
    env = np.sin(np.pi * np.clip((pos - index) / 0.85, 0, 1)) ** 0.7
    out = np.zeros(n)
    for h in range(1, int(3600 / f0) + 1):
        gains = np.array([sum(w * math.exp(-((h * f0 - fq) / bw) ** 2)
                              for fq, w, bw in zip(_FORMANTS[v], (1.0, 0.6, 0.3), (90, 120, 170))) + 0.02
                          for v in vowels]) / h ** 0.3
        out += gains[index] * np.sin(h * phase)
    rng = np.random.default_rng(seed)
    burst = int(0.02 * sample_rate)
    for j in range(k):
        a = int(j * n / k)
        noise = np.diff(rng.standard_normal(burst + 1)) * np.linspace(1, 0, burst)
        out[a:a + burst] += 0.25 * noise[:max(0, min(burst, n - a))]
    fade = np.minimum(1.0, np.minimum(t, length - t) / 0.03)
    out *= env * fade
    return out / (np.sqrt(np.mean(out ** 2)) + 1e-12)


def scene_audio(music: Motif | Cue, scene: "Scene | Sequence[Line]", *, voices: bool = True,
                level: float = 0.12, sample_rate: int = 44100) -> tuple[np.ndarray, int]:
    """Hear a cue against its scene: ``(samples, sample_rate)`` of the music with a placeholder
    *murmur* on every line of dialogue (a voiced buzz, one syllable per vowel group, pitch by speaker).

    The murmur is not speech; it shows where the words fall and lets you hear the music mask them
    (``voices=False`` leaves it out). ``level`` is its loudness (RMS, 0..1). The sound lasts the
    longer of cue and scene.

    Examples
    --------
    >>> from scoring.scene import Line
    >>> y, sr = scene_audio(Cue((Layer("melody", (Chord((), 4),)),)), [Line(0.5, 1.5, "A", "Hello there.")])
    >>> bool(abs(y[int(0.7 * sr):int(1.3 * sr)]).max() > 0.05), bool(abs(y[:int(0.4 * sr)]).max() < 1e-3)
    (True, True)

    Lesson: lessons/05_silence.ipynb
    """
    from scoring.render.dsp import limit as _limit
    from scoring.render.synth import render_events

    cue = _as_cue(music)
    lines = _lines(scene)
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 <= level <= 0.5:
        raise ScoringError(f"level={level!r}: give the murmur's loudness as an RMS between 0 and 0.5 (0.12 is speech "
                           "over a quiet cue)")
    seconds = max(cue.duration_seconds, _scene_end(scene))
    y, sr = render_events(cue.events(), seconds=seconds, sample_rate=sample_rate)
    if voices:
        y = np.array(y, dtype=np.float64)
        speakers = dict.fromkeys(getattr(l, "who", "") for l in lines)
        pitch = {name: _PITCHES[i % len(_PITCHES)] for i, name in enumerate(speakers)}
        for i, line in enumerate(lines):
            v = level * _voice(line, pitch[getattr(line, "who", "")], 11 + i, sr)
            a = int(round(line.start * sr))
            y[a:a + len(v)] += v[:len(y) - a, None]
    return _limit(y), sr


# ---------------------------------------------------------------- plots
def _roll(cue: Cue, ax, scene, stop: float) -> None:
    from scoring.core.plots import COLOURS, _rect
    from scoring.core.pitch import note_name

    lo, hi = 127, 0
    for i, layer in enumerate(cue.layers):
        colour, labelled = COLOURS[i % len(COLOURS)], False
        for s, e, c in _layer_notes(layer):
            for p in c.pitches:
                ax.add_patch(_rect(_secs(cue, s), p, _secs(cue, e - s), colour, 0.2 + 0.75 * c.velocity / 127,
                                   None if labelled else f"{layer.role} ({layer.instrument})"))
                labelled = True
                lo, hi = min(lo, p), max(hi, p)
    if hi < lo:
        lo, hi = 57, 69
    lines = _lines(scene) if scene is not None else ()
    ax.set_ylim(lo - 2, hi + 6 if lines else hi + 2)
    if lines:
        for j, line in enumerate(lines):
            ax.axvspan(line.start, line.end, color=DIALOGUE_COLOUR, alpha=0.18, lw=0,
                       label="dialogue" if j == 0 else None)
            ax.text((line.start + line.end) / 2, hi + 4, getattr(line, "who", ""), ha="center", va="center", fontsize=7,
                    color="#333")
    ticks = [p for p in range(lo - 1, hi + 2) if p % 12 == 0] or [lo]
    ax.set_yticks(ticks, [note_name(p, cue.key) for p in ticks])
    ax.set_xlim(0, stop)
    ax.set_ylabel("pitch")
    ax.grid(True, axis="x", alpha=0.3)
    ax.set_title(cue.name)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


def silence_map(music: Motif | Cue, *, ax=None, scene: "Scene | None" = None, hits: Sequence[float] = (),
                end: float | None = None):
    """The silence map: voices sounding over time (filled), silences shaded red, onsets per
    second (green line, right axis), dialogue lines in grey and the silence before each hit.

    Returns the Axes (time in seconds). Draw it under a piano roll with :func:`silence_view`.

    Examples
    --------
    >>> ax = silence_map(Motif.parse("4/4 c4 r r e", tempo=60), hits=[3.0])
    >>> [t.get_text() for t in ax.texts]
    ['2.0 s']

    Lesson: lessons/05_silence.ipynb
    """
    from scoring.core.plots import _axes

    cue = _as_cue(music)
    stop = _end(cue, end if end is not None or scene is None else max(_scene_end(scene), cue.duration_seconds))
    ax = _axes(ax, figsize=(9.0, 2.0))
    times = np.arange(0.0, stop + _EPS, 0.01)
    voices = active_voices(cue, times)
    top = max(4, int(voices.max(initial=0)) + 1)
    ax.fill_between(times, voices, step="post", color=VOICES_COLOUR, alpha=0.35, lw=0, label="voices sounding")
    for j, (s, e) in enumerate(silent_spans(cue, end=stop)):
        ax.axvspan(s, e, color=SILENCE_COLOUR, alpha=0.22, lw=0, label="silence" if j == 0 else None)
    if scene is not None:
        for j, line in enumerate(_lines(scene)):
            ax.plot([line.start, line.end], [top - 0.4] * 2, color=DIALOGUE_COLOUR, lw=5, solid_capstyle="butt",
                    label="dialogue" if j == 0 else None)
    for j, (h, gap) in enumerate(zip(hits, silence_before(cue, list(hits)))):
        ax.axvline(h, color="black", lw=1.2, ls="--", label="hit" if j == 0 else None)
        ax.text(h, top - 1.1, f"{gap:.1f} s", ha="right", va="center", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    from matplotlib.ticker import MaxNLocator

    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    ax.set_xlim(0, stop)
    ax.set_ylabel("voices")
    ax.set_xlabel("seconds")
    twin = ax.twinx()
    t, rate = density_curve(cue, end=stop)
    twin.plot(t, rate, color=DENSITY_COLOUR, lw=1.6, label="onsets per second")
    twin.set_ylim(0, max(8.0, float(rate.max(initial=0)) * 1.15))
    twin.set_ylabel("onsets / s", color=DENSITY_COLOUR)
    twin.tick_params(axis="y", colors=DENSITY_COLOUR)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = twin.get_legend_handles_labels()
    ax.legend(handles + h2, labels + l2, loc="upper left", bbox_to_anchor=(1.08, 1), fontsize=8, frameon=False)
    ax.set_title(f"silence map: {silence_fraction(cue, end=stop):.0%} silent, "
                 f"{onsets_per_second(cue, end=stop):.1f} onsets per second", fontsize=10)
    return ax


def _draw(fig, cue: Cue, scene, hits: Sequence[float]):
    stop = max(cue.duration_seconds, _scene_end(scene) if scene is not None else 0.0)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    _roll(cue, top, scene, stop)
    silence_map(cue, ax=bottom, scene=scene, hits=hits, end=stop)
    return top, bottom


def silence_view(music: Motif | Cue, *, scene: "Scene | None" = None, hits: Sequence[float] = (),
                 figsize: Sequence[float] = (9.0, 4.4)):
    """A piano roll in seconds (dialogue shaded) above its silence map (a pyplot figure).

    Returns the two Axes (roll, map); end the cell with ``plt.show()``.

    Examples
    --------
    >>> roll, smap = silence_view(Motif.parse("4/4 c4 r r e", tempo=60))
    >>> roll.get_xlim() == smap.get_xlim() == (0.0, 4.0)
    True

    Lesson: lessons/05_silence.ipynb
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=tuple(figsize), layout="constrained")
    return _draw(fig, _as_cue(music), scene, hits)


def silence_html(music: Motif | Cue, *, scene: "Scene | None" = None, hits: Sequence[float] = (),
                 notation: bool = False, voices: bool = True) -> "HTML":
    """A cue to hear and see against its scene: name, (notation,) a player (with the dialogue's
    murmur when a ``scene`` is given), the piano roll over its silence map, and its numbers.

    Examples
    --------
    >>> print(silence_html(Motif.parse("4/4 c4 r r e", tempo=60, key="C major", name="Knock")))
    Knock: melody (Acoustic Grand Piano) | C major | 4/4 | 60 BPM | 4.0 s
    Knock: 50% silent, longest silence 2.0 s, 2 onsets (0.5 per s), up to 1 voice

    Lesson: lessons/05_silence.ipynb
    """
    from matplotlib.figure import Figure

    from scoring.render.html import escape as _escape, audio_tag
    from scoring.render.html import HTML, figure_png
    from scoring.render.html import img_tag
    from scoring.core.view import svg

    cue = _as_cue(music)
    lines = _lines(scene) if scene is not None else ()
    fig = Figure(figsize=(9.0, 4.2), layout="constrained")
    _draw(fig, cue, scene, hits)
    samples, sr = scene_audio(cue, scene, voices=voices) if scene is not None else cue.to_audio()
    how = f'<div style="font-size:0.9em;color:#555">{_escape(cue.notes)}</div>' if cue.notes else ""
    score = f'{img_tag(svg(cue), alt=f"score of {cue.name}")}<br>' if notation else ""
    label = " (with the dialogue as a murmur)" if voices and lines else ""
    numbers = profile_line(cue, scene=scene)
    html = (f'<div style="margin:4px 0 10px 0">'
            f'<div style="font-weight:bold;font-size:1.1em">{_escape(cue.name)}{_escape(label)}</div>{how}{score}'
            f'{audio_tag(samples, sr, label=cue.name)}'
            f'<div style="font-family:monospace;font-size:0.9em">{_escape(cue.summary())}<br>{_escape(numbers)}</div>'
            f'{figure_png(fig, dpi=72)}</div>')
    return HTML(html, f"{cue.summary()}\n{numbers}")
