"""Scoring a scene: the composer's spotting (cues numbered ``1M1, 1M2 ...``), the cue sheet, cues
sketched on a tempo fitted to the hits, and a checker that says whether the music catches the
hits, leaves the dialogue clear and follows the scene's tension.

The scene itself (its picture events, dialogue, emotional beats and source music, read from
``assets/scenes/*.json``) is a value of :mod:`scoring.core.film`; :func:`load_scene` and
:class:`Scene` are re-exported here. Every time is in seconds from the scene's first frame, and
the music's time is read through its own clock (its tempo map), so an accelerando is judged at
the tempo it really plays.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import csv
import math
import re
import statistics
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scoring.core.cue import Cue, as_cue
from scoring.core.film import Line, Scene, check_real, load_scene
from scoring.core.motif import Motif
from scoring.core.notes import MAX_NOTES, Note, velocity_for
from scoring.core.pitch import midi_number
from scoring.core.plots import COLOURS
from scoring.core.time import TempoMap, timecode_to_seconds
from scoring.devices import stack
from scoring.errors import ScoringError
from scoring.harmony import bar_length
from scoring.render import checks
from scoring.render.files import writable_path
from scoring.render.html import HTML, escape, figure_png
from scoring.silence import masking
from scoring.sync import TempoFit, fit_tempo, layer_from_notes, sketch_cue
from scoring.sync_view import fit_plot, fit_plot_alt, sync_html, timeline
from scoring.tension import tension_curve

if TYPE_CHECKING:  # names for the type hints only
    from matplotlib.axes import Axes

__all__ = ["load_scene", "Scene", "Line", "USAGES", "MAX_CUES", "MAX_BARS", "number_cues", "part", "on_beats", "SpotCue",
           "Spotting", "spot", "CueSheet", "measured_tension", "HitReport", "accents", "hit_report", "ScoreCheck", "check_score",
           "shape_plot", "shape_alt", "shape_card", "timeline_alt", "timeline_card", "fit_card"]

#: Cue-sheet usage codes (what a performing-rights society is told about each cue). "Visual" means a
#: performance seen on screen; music the characters hear but nobody is seen playing (a car radio,
#: a record in the next room) is background, BI or BV, and still source music.
USAGES = {"BI": "background instrumental", "BV": "background vocal", "VI": "visual instrumental",
          "VV": "visual vocal", "MT": "main title", "ET": "end title"}
#: The most cues spotted on one scene.
MAX_CUES = 200
#: The most bars one written part holds (ten minutes of 4/4 at 240 BPM).
MAX_BARS = 600
_TEXT_CHARS = 200
#: A CSV cell starting with one of these is read as a formula by a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _text(value: object, what: str, example: str) -> str:
    if not isinstance(value, str) or len(value) > _TEXT_CHARS:
        raise ScoringError(f"{what} {value!r:.60} should be text of at most {_TEXT_CHARS} characters, like {example!r}")
    return value


def _when(value: object, fps: float, what: str) -> float:
    """Seconds from a reel timecode (text) or a number of seconds."""
    if isinstance(value, str):
        return timecode_to_seconds(value, fps)
    return check_real(value, what, "give seconds or a timecode like '01:00:05:00'")


# ---------------------------------------------------------------- spotting and cue numbers
def number_cues(starts: Sequence[float | str], reel: int = 1, *, fps: float = 24) -> list[str]:
    """Cue numbers for cues that start at ``starts`` (given in any order): reel + M + the cue's
    place in time, ``1M1, 1M2, ...``; returned in the order given.

    Examples
    --------
    >>> number_cues(["02:03:10:00", "02:00:40:12", "02:07:02:00"], reel=2)
    ['2M2', '2M1', '2M3']

    Lesson: lessons/06_sync.ipynb
    """
    if isinstance(reel, (bool, np.bool_)) or not isinstance(reel, (int, np.integer)) or not 1 <= reel <= 99:
        raise ScoringError(f"reel={reel!r}: a reel number 1-99")
    if isinstance(starts, (str, bytes)) or not isinstance(starts, (list, tuple, np.ndarray)):
        raise ScoringError(f"starts should be a list of cue starts (timecodes or seconds), not {type(starts).__name__}")
    if len(starts) > MAX_CUES:
        raise ScoringError(f"{len(starts)} cues is more than {MAX_CUES}; number one reel at a time")
    times = [_when(s, fps, "a cue's start") for s in starts]
    order = sorted(range(len(times)), key=lambda i: (times[i], i))
    numbers = [""] * len(times)
    for place, i in enumerate(order, 1):
        numbers[i] = f"{int(reel)}M{place}"
    return numbers


# ---------------------------------------------------------------- writing a cue, part by part
_TINY_VALUE = re.compile(r"^(?:(trip|quad)\{)?[^\d~_}]*?(\d+)?(\.*)~?(?:_\S+)?(\})?$")


def _bar_lengths(bars: Sequence[str]) -> list[Fraction]:
    """How many quarter notes each bar of tinyNotation holds (a note without a number keeps the
    value of the note before it, as tinyNotation reads it; trip{...} and quad{...} shorten theirs)."""
    value, scale, out = Fraction(1), Fraction(1), []
    for text in bars:
        total = Fraction(0)
        for token in text.split():
            m = _TINY_VALUE.match(token)
            if m is None:
                continue                                   # Motif.parse names what is wrong with it
            if m.group(1):
                scale = Fraction(2, 3) if m.group(1) == "trip" else Fraction(3, 4)
            if m.group(2):
                base = Fraction(4, int(m.group(2))) if int(m.group(2)) else Fraction(0)
                value = base * (2 - Fraction(1, 2 ** len(m.group(3))))
            total += value * scale
            if m.group(4):
                scale = Fraction(1)
        out.append(total)
    return out


def part(name: str, bars: Sequence[str], *, instrument: str | int = "Acoustic Grand Piano",
         dynamics: str | int | dict = "mf", key: str = "C major", time_signature: str = "4/4") -> Motif:
    """One written part of a cue, bar by bar in tinyNotation, with dynamics marked by bar.

    A composer writes a cue a line at a time: the ostinato, the bass, the theme, each on its own
    instrument, bar after bar on the cue's grid. Each item of ``bars`` is one bar (``"D8 D F D A D F
    D"``; ``c`` is C4, ``C`` C3, ``CC`` C2, ``r`` a rest, ``~`` ties into the next note); a bar that
    holds too little or too much time is refused, naming the bar. ``dynamics`` is a marking for
    the whole part, or ``{bar: marking}`` as in a score, each marking holding until the next.

    Parameters
    ----------
    name : the part's name, which becomes its layer's role in the cue ("pulse", "bass", "theme").
    bars : one string of tinyNotation per bar (at most :data:`MAX_BARS`).
    instrument, key, time_signature : as for :meth:`scoring.core.motif.Motif.parse`.
    dynamics : ``"p"``, ``"mf"`` ... or a velocity, or ``{1: "p", 9: "f"}``.

    Examples
    --------
    >>> bass = part("bass", ["D1", "D2 C2", "BB-1", "C1"], instrument="Contrabass", dynamics={1: "p", 3: "mf"},
    ...             key="D minor")
    >>> bass.pitches, bass.velocities
    (['D3', 'D3', 'C3', 'Bb2', 'C3'], [49, 49, 49, 80, 80])

    Lesson: lessons/07_score_a_scene.ipynb
    """
    name = checks.text(name, "name", "name the part, like 'pulse'", most=_TEXT_CHARS)
    bars = checks.items(bars, "bars", "give one string of tinyNotation per bar, like ['D8 D F D A D F D', 'D1']",
                        most=MAX_BARS)
    if not bars or not all(isinstance(b, str) and b.strip() for b in bars):
        raise ScoringError("bars should be a list of bars, each a string of tinyNotation like 'D8 D F D A D F D'")
    size = bar_length(time_signature)
    for number, got in enumerate(_bar_lengths(bars), 1):
        if got != size:
            raise ScoringError(f"bar {number} of {name} ({bars[number - 1]!r:.60}) holds {float(got):g} quarter notes; "
                               f"a bar of {time_signature} holds {float(size):g}: add or shorten a note or a rest")
    motif = Motif.parse(f"{time_signature} " + " ".join(bars), name=name, key=key, instrument=instrument)
    marks = dynamics if isinstance(dynamics, dict) else {1: dynamics}
    if not marks or len(marks) > MAX_BARS:
        raise ScoringError("dynamics should be a marking ('p') or {bar: marking}, like {1: 'p', 9: 'f'}")
    levels = {}
    for bar, mark in marks.items():
        checks.whole(bar, "a dynamics bar", "give bar numbers from 1, like {1: 'p', 9: 'f'}", lo=1, hi=len(bars))
        levels[int(bar)] = velocity_for(mark)
    levels.setdefault(1, velocity_for("mf"))
    notes, t = [], Fraction(0)
    for n in motif.notes:
        bar = int(t // size) + 1
        level = levels[max(b for b in levels if b <= bar)]
        notes.append(n if n.is_rest else Note(n.pitch, n.duration, level))
        t += n.duration
    return motif.with_notes(notes)


def on_beats(name: str, chords: Sequence[tuple], *, length: float, instrument: str | int = "Brass Section",
             dynamics: str | int = "ff", key: str = "C major") -> Cue:
    """A part of chords struck on chosen beats (the hits), with rests between: one layer of a cue.

    The hits of a scene fall on the beats a tempo fit prints (``58.5`` is the *and* of beat 58),
    rarely on a bar line, so this part is written by beat rather than bar by bar. Each chord is
    ``(beat, "D3 A3 D4", beats)`` or ``(beat, "D3 A3 D4", beats, marking)``: the first beat of the
    cue is 1, the notes are names (``Bb3`` or ``B-3``), the length in beats.

    Examples
    --------
    >>> stabs = on_beats("stabs", [(1, "D3 A3 D4", 1), (3.5, "F3 Bb3 D4", 0.5, "fff")], length=4, key="D minor")
    >>> [(c.pitches, float(c.duration), c.velocity) for c in stabs.layers[0].chords]
    [((50, 57, 62), 1.0, 112), ((), 1.5, 64), ((53, 58, 62), 0.5, 127), ((), 1.0, 64)]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    name = checks.text(name, "name", "name the part, like 'stabs'", most=_TEXT_CHARS)
    total = checks.number(length, "length", "give the cue's length in beats, like 128", lo=0.25, hi=4 * MAX_BARS)
    chords = checks.items(chords, "chords", "give (beat, 'D3 A3 D4', beats) for each chord", most=MAX_NOTES)
    notes = []
    for item in chords:
        if not isinstance(item, (list, tuple)) or len(item) not in (3, 4) or not isinstance(item[1], str):
            raise ScoringError(f"{item!r:.60}: write each chord as (beat, 'D3 A3 D4', beats), or add a marking: "
                               "(beat, 'D3 A3 D4', beats, 'ff')")
        beat = checks.number(item[0], "a chord's beat", "count beats from 1, like 58.5", lo=1, hi=total + 1)
        beats = checks.number(item[2], "a chord's length", "give beats, like 1 or 0.5", lo=1 / 16, hi=64)
        pitches = [midi_number(n) for n in item[1].split()]
        if not pitches:
            raise ScoringError(f"{item!r:.60}: name the chord's notes, like 'D3 A3 D4'")
        notes.append((beat - 1, beats, pitches, velocity_for(item[3] if len(item) == 4 else dynamics)))
    if not notes:
        raise ScoringError("give at least one chord, like [(1, 'D3 A3 D4', 1)]")
    layer = layer_from_notes(name, notes, total=total, instrument=instrument)
    return Cue((layer,), name, key)


@dataclass(frozen=True, eq=False)
class SpotCue:
    """One spotted cue: its number (``1M1``), title, start and end (scene seconds), usage (BI, BV,
    VI, VV, MT, ET), the hits inside it, a spotting note, (once written) its music, and whether it
    is ``source`` music (heard by the characters: a radio, a band) rather than underscore.

    Examples
    --------
    >>> spot(load_scene("chase"), [("01:00:00:00", "01:00:04:12", "Radio")]).cues[0]
    1M1 'Radio' BI source 4.5 s, 0 hits

    Lesson: lessons/07_score_a_scene.ipynb
    """

    number: str
    title: str
    start: float
    end: float
    usage: str = "BI"
    hits: tuple[float, ...] = ()
    note: str = ""
    music: Motif | Cue | None = field(default=None, repr=False)
    scene: Scene | None = field(default=None, repr=False)
    source: bool = False

    @property
    def duration(self) -> float:
        """The cue's length in seconds.

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> run.duration
        51.0

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return self.end - self.start

    def _scene(self) -> Scene:
        if self.scene is None:
            raise ScoringError("this cue was not spotted on a scene; make it with spot(scene, [...])")
        return self.scene

    @property
    def timecode_in(self) -> str:
        """The reel timecode where the cue starts.

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> run.timecode_in, run.timecode_out
        ('01:00:05:00', '01:00:56:00')

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return self._scene().tc(self.start)

    @property
    def timecode_out(self) -> str:
        """The reel timecode where the cue ends.

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> run.timecode_out
        '01:00:56:00'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return self._scene().tc(self.end)

    def hit_times(self) -> list[float]:
        """The hits in seconds after the cue's start.

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> [round(t, 2) for t in run.hit_times()][:3]
        [0.0, 5.58, 14.42]

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return [max(0.0, h - self.start) for h in self.hits]

    def fit(self, bpm_range: tuple[float, float] | None = None, *, subdivision: int = 1, step: float = 1.0,
            target: float | None = None, clicks: bool = False) -> TempoFit:
        """The tempo that catches this cue's hits (beat 1 on the cue's first frame); the range defaults
        to the scene's ``tempo_range``. See :func:`scoring.sync.fit_tempo`. The fit carries its clock,
        so its table gives each hit's place as a conductor says it, bar|beat (``"15|2.5"``).

        Examples
        --------
        >>> spotting = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")])
        >>> spotting.cues[0].fit(subdivision=2).bpm
        150.0

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if not self.hits:
            raise ScoringError(f"cue {self.number} catches no hits, so any tempo fits; choose one by feel")
        scene = self._scene()
        rng = scene.tempo_range if bpm_range is None else bpm_range
        fit = fit_tempo(list(self.hits), rng, scene.fps, subdivision=subdivision, step=step, start=self.start,
                        target=target, clicks=clicks)
        return replace(fit, clock=fit.tempo_map)      # the steady clock, so the table reads bar|beat

    def lines(self) -> list[Line]:
        """The dialogue lines that overlap the cue.

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> [d.who for d in run.lines()]
        ['DEV', 'DEV', 'JUNO', 'DEV']

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return [d for d in self._scene().dialogue if d.end > self.start and d.start < self.end]

    def climax(self) -> float:
        """The hit nearest the scene's highest emotional beat inside the cue (scene seconds).

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> round(run.climax(), 2)  # the crash
        40.58

        Lesson: lessons/07_score_a_scene.ipynb
        """
        scene = self._scene()
        if not self.hits:
            raise ScoringError(f"cue {self.number} has no hits")
        inside = [b for b in scene.beats if self.start <= b.at <= self.end] or list(scene.beats)
        peak = max(inside, key=lambda b: b.tension).at if inside else self.start
        return min(self.hits, key=lambda h: abs(h - peak))

    def sketch(self, tempo: TempoFit | float, *, pulse: Motif | None = None, melody: Motif | None = None,
               melody_at: Sequence[float] = (1,), chords: Sequence[str] = ("i",), key: str = "D minor",
               time_signature: str = "4/4", silences: Sequence[tuple[float, float]] = (), breath: float = 0.0,
               thin_dialogue: bool = True, shape: bool = True, stab: str | None = "Brass Section",
               timpani: bool = True) -> Cue:
        """A mock-up of a cue for this spot on one clock (a tempo, or a fit's tempo map), its stabs on
        the hits: see :func:`scoring.sync.sketch_cue`. A mock-up tool, for hearing a tempo against
        the picture in a spotting session; the cue itself is written (:func:`part`,
        :func:`on_beats`, :meth:`compose`, the scoring grid or a DAW).

        With ``thin_dialogue`` the music yields under every line (no melody, soft); with ``shape``
        its dynamics and density follow the scene's emotional beats; ``breath`` beats of silence
        fall just before the climactic hit; ``silences`` are more (from, to) beat spans; ``stab``
        (an instrument, or None) and ``timpani`` choose the accents on the hits.

        Examples
        --------
        >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> music = cue_spot.sketch(cue_spot.fit(subdivision=2), pulse=Motif.parse("4/4 d8 d a d d a d a"))
        >>> music.name, music.tempo
        ('1M1 Night Run', 150.0)

        Lesson: lessons/07_score_a_scene.ipynb
        """

        for name, values in (("melody_at", melody_at), ("chords", chords)):
            if isinstance(values, (str, bytes)) and name == "melody_at" or not isinstance(values, (list, tuple)):
                raise ScoringError(f"{name} should be a list, e.g. melody_at=[1, 9] or chords=[\"i\", \"VI\"]")
        scene = self._scene()
        clock = (tempo.tempo_map if isinstance(tempo, TempoFit) else TempoMap.constant(tempo)).metre(0, time_signature)
        if isinstance(tempo, TempoFit):
            beats = list(tempo.beats)
        else:
            # the nearest beat, halves up: the same reading as at_tempo's, so the stab sounds where it prints
            beats = [math.floor(clock.beat_at(t) + 0.5) + 1 for t in self.hit_times()]
        for flag, name in ((thin_dialogue, "thin_dialogue"), (shape, "shape")):
            if not isinstance(flag, (bool, np.bool_)):
                raise ScoringError(f"{name}={flag!r}: True or False")
        breath = check_real(breath, "breath", "give beats of silence before the climax, like 2")
        if not 0 <= breath <= 16:
            raise ScoringError(f"breath={breath:g}: give 0 to 16 beats of silence before the climax")
        length = math.ceil(clock.beat_at(self.duration) - 1e-6)
        quiet = []
        if thin_dialogue:
            for d in self.lines():
                a = 1 + clock.beat_at(max(0.0, d.start - self.start))
                b = 1 + clock.beat_at(min(self.duration, d.end - self.start))
                quiet.append((math.floor(a * 2) / 2, math.ceil(b * 2) / 2))
        rests = list(checks.items(silences, "silences", "give (from, to) beat spans, like [(9, 11)]", most=64))
        if breath:
            big = 1 + clock.beat_at(self.climax() - self.start)
            big = min(beats, key=lambda b: abs(b - big))
            rests.append((big - breath, big))
        start = self.start
        curve = (lambda beat: scene.target(start + clock.seconds_at(max(0.0, beat - 1)))) if shape else None
        return sketch_cue(clock, beats=length, hits=beats, pulse=pulse, melody=melody, melody_at=melody_at,
                          chords=chords, key=key, silences=rests, quiet=quiet, shape=curve, stab=stab, timpani=timpani,
                          name=f"{self.number} {self.title}")

    def compose(self, parts: Sequence[Motif | Cue], *, tempo: TempoFit | float, name: str | None = None) -> Cue:
        """The cue for this spot from its written parts, all on one clock: a tempo, or a fit's tempo map.

        Each part (a :func:`part`, an :func:`on_beats`, any Motif or Cue) becomes a layer; they all
        start on the cue's first frame, beat 1, and play on the fitted grid, so a chord written on
        the beat a fit prints for a hit lands on that hit. A part longer than the spot is refused.

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> pulse = part("pulse", ["D8 D F D A D F D"] * 32, instrument="Cello", key="D minor")
        >>> hits = on_beats("stabs", [(1, "D3 A3 D4", 1), (58.5, "F3 Bb3 D4", 0.5)], length=128, key="D minor")
        >>> run.compose([pulse, hits], tempo=run.fit(subdivision=2)).summary()
        '1M1 Night Run: pulse (Cello), stabs (Brass Section) | D minor | 4/4 | 150 BPM | 51.2 s'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if isinstance(parts, (Motif, Cue)):
            parts = [parts]
        parts = checks.items(parts, "parts", "give the written parts as a list, like [pulse, bass, theme]", most=15)
        if not parts or not all(isinstance(p, (Motif, Cue)) for p in parts):
            raise ScoringError("parts should be a list of written parts (Motif or Cue values), like [pulse, bass, theme]")
        if isinstance(tempo, TempoFit):
            clock = tempo.tempo_map
        else:
            bpm = check_real(tempo, "tempo", "give beats per minute, like 150, or a fit (cue.fit())")
            if not 20 <= bpm <= 400:
                raise ScoringError(f"tempo={bpm:g}: give 20-400 beats per minute, or a fit (cue.fit())")
            clock = TempoMap.constant(bpm)
        title = f"{self.number} {self.title}" if name is None else checks.text(name, "name", "name the cue, like "
                                                                             "'Night Run'", most=_TEXT_CHARS)
        first = as_cue(parts[0])
        cue = stack(*parts, name=title).with_tempo_map(clock.metre(0, first.time_signature))
        room = self.duration + cue.tempo_map.duration(1, start=cue.quarter_length)
        if cue.duration_seconds > room + 1e-6:
            longest = max(parts, key=lambda p: as_cue(p).quarter_length)
            raise ScoringError(f"the cue lasts {cue.duration_seconds:.1f} s at {cue.tempo_map.summary()}, longer than "
                               f"the {self.duration:.1f} s spotted for {self.number}: shorten {longest.name} "
                               f"({float(as_cue(longest).quarter_length):g} beats)")
        return cue

    def view(self, music: Motif | Cue | None = None, *, around: str | float, seconds: float = 8.0, click: bool = False,
             fit: TempoFit | None = None, notation: bool = True, label: str = "") -> HTML:
        """Hear and see the music against the picture for ``seconds`` around a hit (its label) or a
        moment (scene seconds): the bars around it, a player (thuds on the hits, optionally the
        click; its label says what plays: instruments, tempo, seconds, thuds) and the scene's
        timeline with the beat grid.

        Examples
        --------
        >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> music = cue_spot.sketch(150, pulse=Motif.parse("4/4 D8 D F D G D F E"))
        >>> print(repr(cue_spot.view(music, around="crash", seconds=4)).split(": pulse")[0])
        1M1 Night Run: Acoustic Grand Piano, String Ensemble 1, Contrabass, Brass Section, Timpani, 150 BPM, the 4 s around crash, with a thud on each hit

        Lesson: lessons/07_score_a_scene.ipynb
        """
        scene = self._scene()
        music = self.music if music is None else music
        if music is None:
            raise ScoringError(f"cue {self.number} has no music to hear; sketch it first")
        if not isinstance(music, (Motif, Cue)):
            raise ScoringError(f"the music should be a Cue or a Motif, not {type(music).__name__}")
        notation, click = checks.flag(notation, "notation"), checks.flag(click, "click")
        if isinstance(around, str):
            match = [h for h in scene.hits if h.label == around]
            if not match:
                raise ScoringError(f"no hit called {around!r}; the hits are {', '.join(h.label for h in scene.hits)}")
            at = match[0].at
        else:
            at = check_real(around, "around", "give a hit's label or scene seconds")
        seconds = check_real(seconds, "seconds", "give the seconds to hear, like 8")
        if not 0.5 <= seconds <= 60:
            raise ScoringError(f"seconds={seconds:g}: hear 0.5 to 60 seconds around the moment")
        cue = as_cue(music)
        clock, length = cue.tempo_map, cue.duration_seconds
        rel = min(max(at - self.start, 0.0), length)
        b = min(length, max(0.0, rel - seconds / 2) + seconds)
        a = max(0.0, b - seconds)
        bar, _ = clock.bar_beat(clock.beat_at(rel))
        first = max(1, bar - 1)
        bars = (float(clock.beat_of(first)) + 1, min(float(cue.quarter_length) + 1, float(clock.beat_of(first + 2)) + 1))
        hits = [h.at for h in scene.hits if self.start + a - 0.5 <= h.at <= self.start + b + 0.5]
        where = around if isinstance(around, str) else scene.tc(at)
        extras = [w for w, on in (("its click", click), ("a thud on each hit", bool(hits))) if on]
        plays = (f"{cue.name}: {', '.join(dict.fromkeys(str(l.instrument) for l in cue.layers))}, "
                 f"{cue.tempo_map.summary()}, the {b - a:.3g} s around {where}"
                 + (", with " + " and ".join(extras) if extras else ""))
        cue = cue.with_name(plays[:200])                 # the player's label says what plays
        return sync_html(cue, hits=hits, fit=fit, click=click, warning=0, start=a, end=b,
                         bars=bars if notation else None, scene=scene, music_start=self.start,
                         notation=notation, label=label)

    def with_music(self, music: Motif | Cue) -> "SpotCue":
        """The same spot with its music attached (a Cue or Motif that starts on the spot's first frame).

        Examples
        --------
        >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> run.with_music(Motif.parse("c4 e g")).music.summary()[:9]
        'Motif: C4'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if not isinstance(music, (Cue, Motif)):
            raise ScoringError(f"the music should be a Cue or a Motif, not {type(music).__name__}")
        return replace(self, music=music)

    def __repr__(self) -> str:
        return (f"{self.number} {self.title!r} {self.usage}{' source' if self.source else ''} {self.duration:.1f} s, "
                f"{len(self.hits)} hits"
                + (f", music: {self.music.summary()}" if self.music is not None else ""))


@dataclass(frozen=True, eq=False)
class Spotting:
    """The spotting of a scene: its cues in time order, numbered ``1M1, 1M2 ...`` by reel.

    Examples
    --------
    >>> spot(load_scene("farewell"), [("02:00:09:00", "02:01:10:00", "The Last Ferry")])
    Spotting of The Last Ferry: 2M1 The Last Ferry

    Lesson: lessons/07_score_a_scene.ipynb
    """

    scene: Scene
    cues: tuple[SpotCue, ...]

    def cue(self, number: str) -> SpotCue:
        """The cue with this number (``"1M2"``).

        Examples
        --------
        >>> spotting = spot(load_scene("chase"), [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
        >>> spotting.cue("1M2").title
        'Run'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        number = checks.text(number, "number", "give a cue number as text, like '1M2'", most=40)
        for c in self.cues:
            if c.number == number:
                return c
        raise ScoringError(f"no cue {number!r}; the cues are {', '.join(c.number for c in self.cues)}")

    def table(self) -> str:
        """Spotting notes: number, in, out, length, usage, hits, note.

        Examples
        --------
        >>> spotting = spot(load_scene("chase"), [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
        >>> print(spotting.table().splitlines()[1])
        1M1   01:00:00:00 01:00:04:12   4.5s  BI     0  Radio

        Lesson: lessons/07_score_a_scene.ipynb
        """
        lines = [f"{'cue':5} {'in':11} {'out':11} {'length':>6}  {'use':3} {'hits':>4}  title / note"]
        for c in self.cues:
            lines.append(f"{c.number:5} {c.timecode_in:11} {c.timecode_out:11} {c.duration:5.1f}s  {c.usage:3} "
                         f"{len(c.hits):4d}  {c.title}" + (f": {c.note}" if c.note else ""))
        return "\n".join(lines)

    def cue_sheet(self, *, production: str | None = None, composer: str = "", publisher: str = "") -> "CueSheet":
        """The cue sheet: one row per cue with its timings, usage, composer and publisher.

        Examples
        --------
        >>> spotting = spot(load_scene("chase"), [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
        >>> spotting.cue_sheet(composer="A. Composer").rows[1]["duration"]
        '0:51'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        production = self.scene.title if production is None else _text(production, "production", "Night Run")
        composer = _text(composer, "composer", "A. Composer")
        publisher = _text(publisher, "publisher", "Course Music")
        rows = []
        for c in self.cues:
            secs = int(round(c.duration))
            rows.append({"cue": c.number, "title": c.title, "usage": c.usage, "in": c.timecode_in,
                         "out": c.timecode_out, "duration": f"{secs // 60}:{secs % 60:02d}",
                         "composer": composer, "publisher": publisher})
        return CueSheet(production, tuple(rows))

    def with_music(self, music: dict) -> "Spotting":
        """The spotting with music attached to cues: ``{"1M1": cue, ...}``.

        Examples
        --------
        >>> spotting = spot(load_scene("chase"), [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
        >>> [c.music is not None for c in spotting.with_music({"1M1": Motif.parse("c4 e g")}).cues]
        [True, False]

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if not isinstance(music, dict):
            raise ScoringError(f"give the music as a dict of cue number -> music, like {{'1M1': cue}}, "
                               f"not {type(music).__name__}")
        known = {c.number for c in self.cues}
        for k in music:
            if k not in known:
                raise ScoringError(f"no cue {k!r} in this spotting; the cues are {', '.join(sorted(known))}")
        return replace(self, cues=tuple(c.with_music(music[c.number]) if c.number in music else c for c in self.cues))

    def __repr__(self) -> str:
        return f"Spotting of {self.scene.title}: " + ", ".join(f"{c.number} {c.title}" for c in self.cues)


_SPOT_KEYS = ("start", "end", "title", "usage", "note", "source")


def spot(scene: Scene, cues: Sequence[tuple | dict], *, reel: int | None = None) -> Spotting:
    """Spot a scene: cues as ``(in, out, title)``, ``(in, out, title, usage)`` or ``(in, out, title,
    usage, note)`` tuples or dicts (``start``, ``end``, ``title``, ``usage``, ``note``, ``source``)
    with reel timecodes or scene seconds. They are numbered in time order (``1M1, 1M2 ...``) and
    each collects the hits inside it. A cue is source music when it lies inside one of the
    scene's ``sources`` (a dict's ``source`` overrides that); the usage code is separate: a car
    radio nobody is seen playing is source music with usage BI.

    Examples
    --------
    >>> spotting = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")])
    >>> print(spotting.table())  # doctest: +NORMALIZE_WHITESPACE
    cue   in          out         length  use hits  title / note
    1M1   01:00:05:00 01:00:56:00  51.0s  BI     6  Night Run

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError(f"spot() needs a Scene (load_scene('chase')), not {type(scene).__name__}")
    if isinstance(cues, (str, bytes, dict)) or not isinstance(cues, (list, tuple)):
        raise ScoringError(f"give the cues as a list of (in, out, title) tuples, not {type(cues).__name__}")
    if len(cues) > MAX_CUES:
        raise ScoringError(f"{len(cues)} cues is more than {MAX_CUES}; spot one scene at a time")
    specs = []
    for c in cues:
        if isinstance(c, dict):
            d = dict(c)
            unknown = [k for k in d if k not in _SPOT_KEYS]
            if unknown:
                raise ScoringError(f"a cue has no field {unknown[0]!r}; use {', '.join(_SPOT_KEYS)}")
        elif isinstance(c, (tuple, list)) and 3 <= len(c) <= 5:
            d = dict(zip(_SPOT_KEYS, c))
        else:
            raise ScoringError(f"{c!r:.80}: give each cue as (in, out, title) or (in, out, title, usage)")
        if "start" not in d or "end" not in d:
            raise ScoringError(f"cue {d.get('title', '')!r:.60} needs a 'start' and an 'end' (timecodes or seconds)")
        title = _text(d.get("title", "Cue"), "a cue's title", "Night Run")
        start, end = scene.seconds(d["start"]), scene.seconds(d["end"])
        if not 0 <= start < end <= scene.duration + 1e-6:
            raise ScoringError(f"cue {title!r} runs {scene.tc(max(0, start))}-{scene.tc(max(0, end))}, not inside "
                               f"the scene ({scene.tc(0)}-{scene.tc(scene.duration)}) or not forwards")
        usage = _text(d.get("usage", "BI"), "usage", "BI").upper()
        if usage not in USAGES:
            raise ScoringError(f"usage {usage!r}: use one of {', '.join(f'{k} ({v})' for k, v in USAGES.items())}")
        source = d.get("source")
        if source is not None and not isinstance(source, (bool, np.bool_)):
            raise ScoringError(f"source={source!r}: True (music the characters hear) or False (underscore)")
        source = scene.is_source(start, end) if source is None else bool(source)
        specs.append((start, end, title, usage, _text(d.get("note", ""), "a cue's note", "stabs on the hits"), source))
    specs.sort()
    for a, b in zip(specs, specs[1:]):
        if b[0] < a[1] - 1e-6:
            raise ScoringError(f"cues {a[2]!r} and {b[2]!r} overlap; end one before the next starts")
    numbers = number_cues([s[0] for s in specs], scene.reel if reel is None else reel)
    out = []
    for n, (start, end, title, usage, note, source) in zip(numbers, specs):
        hits = tuple(e.at for e in scene.hits if start - 1e-6 <= e.at <= end + 1e-6)
        out.append(SpotCue(n, title, start, end, usage, hits, note, None, scene, source))
    return Spotting(scene, tuple(out))


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class CueSheet:
    """A cue sheet: the production and one row per cue (number, title, usage, in, out, duration,
    composer, publisher), as a table or a CSV file.

    Examples
    --------
    >>> sheet = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cue_sheet()
    >>> sheet.production, sheet.rows[0]["cue"]
    ('Night Run', '1M1')

    Lesson: lessons/07_score_a_scene.ipynb
    """

    production: str
    rows: tuple[dict, ...]

    FIELDS = ("cue", "title", "usage", "in", "out", "duration", "composer", "publisher")

    def table(self) -> str:
        """The cue sheet as text: a header, one line per cue and the total music.

        Examples
        --------
        >>> spotting = spot(load_scene("chase"), [("01:00:00:00", "01:00:04:12", "Radio"), ("01:00:05:00", "01:00:56:00", "Run")])
        >>> spotting.cue_sheet().table().splitlines()[-1]
        '2 cues, total music 0:55'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        widths = {f: max(len(f), *(len(str(r[f])) for r in self.rows)) for f in self.FIELDS}
        head = "  ".join(f"{f:{widths[f]}}" for f in self.FIELDS)
        body = ["  ".join(f"{str(r[f]):{widths[f]}}" for f in self.FIELDS) for r in self.rows]
        total = sum(int(r["duration"].split(":")[0]) * 60 + int(r["duration"].split(":")[1]) for r in self.rows)
        return "\n".join([f"CUE SHEET: {self.production}", head, *body,
                          f"{len(self.rows)} cues, total music {total // 60}:{total % 60:02d}"])

    def to_csv(self, path) -> Path:
        """Write the cue sheet as CSV (one header row, one row per cue); returns the path. A cell
        that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a
        line break) is written with a leading ``'`` so it shows as text.

        Examples
        --------
        >>> import tempfile, os
        >>> sheet = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "=Night Run")]).cue_sheet()
        >>> p = sheet.to_csv(os.path.join(tempfile.mkdtemp(), "cues.csv"))
        >>> p.read_text().splitlines()[1]
        "1M1,'=Night Run,BI,01:00:05:00,01:00:56:00,0:51,,"

        Lesson: lessons/07_score_a_scene.ipynb
        """
        target = writable_path(path, (".csv",))
        with open(target, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=self.FIELDS)      # RFC 4180: CRLF rows, CR or LF in a cell quoted
            w.writeheader()
            for r in self.rows:
                w.writerow({k: _cell(r[k]) for k in self.FIELDS})
        return target

    def __repr__(self) -> str:
        return self.table()


# ---------------------------------------------------------------- measuring a scored scene
def _music(music: object) -> Cue:
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"the music should be a Motif or a Cue, not {type(music).__name__}")
    return as_cue(music)


def _sounding(music: Motif | Cue) -> list[tuple[float, float, int, str]]:
    """(start, end, velocity, layer role) of every sounding chord, in seconds by the music's own
    clock (its tempo map: an accelerando, a hold), with each layer's articulation applied."""
    cue = _music(music)
    out = []
    for layer, events in cue.layer_events():   # the cue's own events (its sound made them already)
        starts: set[float] = set()
        for e in events:                        # one entry per chord: its notes start and end together
            if e.start not in starts:
                starts.add(e.start)
                out.append((e.start, e.end, e.velocity, layer.role))
    return sorted(out)


#: The most times one call reads the music at (a reading every beat of a ten-minute cue is about 1,500).
MAX_READINGS = 10_000


def _seconds_list(times: object, what: str) -> np.ndarray:
    if isinstance(times, (str, bytes)) or not isinstance(times, (list, tuple, np.ndarray)):
        raise ScoringError(f"{what} should be a list of seconds, like [1.0, 6.0]")
    count = times.size if isinstance(times, np.ndarray) else len(times)
    if count > MAX_READINGS:
        raise ScoringError(f"{what} holds {count:,} times, more than {MAX_READINGS:,}; ask for fewer at once")
    values = times.ravel() if isinstance(times, np.ndarray) else times   # a list inside is refused by its item
    return np.array([check_real(t, what, "give seconds, like 1.0") for t in values], dtype=float)


def measured_tension(music: Motif | Cue, times: Sequence[float], *, window: float = 1.0) -> np.ndarray:
    """The music's tension at ``times`` (cue seconds), averaged over ± ``window`` seconds, from
    :func:`scoring.tension.tension_curve` (roughness, register, density, dynamics, tempo).

    Examples
    --------
    >>> m = Motif.parse("4/4 c2 e2 c'8 d' e' f' g' a' b' c''", tempo=60)
    >>> calm, busy = measured_tension(m.with_dynamics("pp"), [1.0, 6.0])
    >>> bool(busy > calm)
    True

    Lesson: lessons/07_score_a_scene.ipynb
    """
    times = _seconds_list(times, "times")
    window = check_real(window, "window", "give seconds, like 1.0")
    if window < 0:
        raise ScoringError(f"window={window:g}: give 0 or more seconds")
    curve = tension_curve(_music(music))
    secs, total = np.asarray(curve.seconds, dtype=float), np.asarray(curve.total, dtype=float)
    out = []
    for t in times:
        sel = (secs >= t - window) & (secs <= t + window)
        out.append(float(total[sel].mean()) if sel.any() else float(np.interp(t, secs, total)))
    return np.array(out)


@dataclass(frozen=True)
class HitReport:
    """How one hit was caught: the nearest accent's error in frames (None if no scored cue covers it,
    or no accent lies within half a second of it).

    Examples
    --------
    >>> HitReport("crash", 40.58, "1M1", -0.4).error
    -0.4

    Lesson: lessons/07_score_a_scene.ipynb
    """

    label: str
    at: float
    cue: str | None
    error: float | None


def accents(music: Motif | Cue, *, window: float = 1.5, factor: float = 1.5) -> list[float]:
    """The accented moments of a cue (seconds, by its own clock): attacks (all notes starting
    together, their velocities summed) at least ``factor`` times as heavy as the typical attack
    within ± ``window`` seconds. A stab, a chord entry or a loud note stands out; the ostinato's
    eighths do not.

    Examples
    --------
    >>> from scoring.sync import sketch_cue
    >>> pulse = Motif.parse("4/4 D8 D F D G D F E")
    >>> [round(t, 2) for t in accents(sketch_cue(120, beats=16, hits=[7], pulse=pulse))]
    [0.0, 2.0, 3.0, 4.0, 6.0]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    window = check_real(window, "window", "give seconds, like 1.5")
    factor = check_real(factor, "factor", "give a ratio, like 1.5")
    if window <= 0 or factor <= 0:
        raise ScoringError("window and factor must be more than 0; try window=1.5, factor=1.5")
    attacks: list[list[float]] = []
    for start, _, vel, _ in _sounding(music):
        if attacks and abs(start - attacks[-1][0]) < 0.01:
            attacks[-1][1] += vel
        else:
            attacks.append([start, float(vel)])
    times, weights = [a[0] for a in attacks], [a[1] for a in attacks]
    out = []
    first = last = 0   # the attacks within the window of the one judged: times[first:last + 1] (in time order)
    for i, (t, w) in enumerate(zip(times, weights)):
        while abs(times[first] - t) > window:
            first += 1
        last = max(last, i)
        while last + 1 < len(times) and abs(times[last + 1] - t) <= window:
            last += 1
        near = weights[first:last + 1]
        if w >= factor * statistics.median(near) or len(near) == 1:
            out.append(float(t))
    return out


def hit_report(cues: Sequence[SpotCue], scene: Scene) -> list[HitReport]:
    """For every hit of the scene: which cue covers it and how far (frames, signed: negative = the music
    is early) the nearest accent is (see :func:`accents`; None when none is within half a second).

    Examples
    --------
    >>> scene = load_scene("chase")
    >>> [r.cue for r in hit_report([], scene)][:2]
    [None, None]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError(f"hit_report() needs a Scene (load_scene('chase')), not {type(scene).__name__}")
    cues = [] if isinstance(cues, (list, tuple)) and not cues else _as_cues(cues)
    if cues is None:
        raise ScoringError("give the spotted cues as a list of SpotCue values (spotting.cues)")
    out, marks = [], {}
    for h in scene.hits:
        owner = next((c for c in cues if c.music is not None and c.start - 1e-6 <= h.at <= c.end + 1e-6), None)
        if owner is None:
            out.append(HitReport(h.label, h.at, None, None))
            continue
        if owner.number not in marks:
            marks[owner.number] = [owner.start + t for t in accents(owner.music)]
        near = [t for t in marks[owner.number] if abs(t - h.at) <= 0.5]
        nearest = min(near, key=lambda t: abs(t - h.at)) if near else None
        error = None if nearest is None else (nearest - h.at) * scene.frame_rate
        out.append(HitReport(h.label, h.at, owner.number, error))
    return out


def _as_cues(answer) -> list[SpotCue] | None:
    if isinstance(answer, Spotting):
        return list(answer.cues)
    if isinstance(answer, SpotCue):
        return [answer]
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(c, SpotCue) for c in answer):
        return list(answer)
    return None


@dataclass(frozen=True)
class ScoreCheck:
    """The capstone checker's verdict: ``ok`` and the lines that explain it (what is missed and how
    to fix it, or what went well). Prints as ``Well done: ...`` or ``Not yet: ...``.

    Examples
    --------
    >>> ScoreCheck(False, ("hit 'crash' is missed",))
    Not yet: hit 'crash' is missed

    Lesson: lessons/07_score_a_scene.ipynb
    """

    ok: bool
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        head = "Well done" if self.ok else "Not yet"
        return f"{head}: " + "; ".join(self.notes) if self.notes else head

    def _repr_html_(self) -> str:
        colour, mark, head = ("#1b7a32", "✔", "Well done") if self.ok else ("#a4461b", "✘", "Not yet")
        items = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px"><b style="color:{colour}">'
                f'{mark} {head}</b><ul style="margin:2px 0">{items}</ul></div>')


def _tempo_problem(c: SpotCue, music: Cue, scene: Scene) -> str | None:
    """A cue with hits must keep inside the scene's tempo range all along its tempo map, or at double
    or half of it all along: the same pace written with notes twice or half as long (144 BPM in
    half notes moves as 72 BPM in quarters)."""
    lo, hi = scene.tempo_range
    tempi = [bpm for _, bpm in music.tempo_map.tempi]
    if not c.hits or any(all(lo - 1e-9 <= bpm * k <= hi + 1e-9 for bpm in tempi) for k in (1, 0.5, 2)):
        return None
    return (f"cue {c.number} runs at {music.tempo_map.summary()}; this scene asks for {lo:g}-{hi:g} BPM (or the "
            f"same pace written at double or half the tempo, {2 * lo:g}-{2 * hi:g} or {lo / 2:g}-{hi / 2:g} BPM, "
            "the note values doubled or halved to match): its pace is part of its mood; fit the tempo inside that "
            "range (reread \"3 Fit the tempo to the hits\")")


def _scene_climax(scene: Scene) -> float | None:
    """The scene's climax: its hit nearest its highest emotional beat (scene seconds), or None for a
    scene with no hits. A score may leave any other hit to silence; this one a cue must cover."""
    if not scene.hits:
        return None
    peak = max(scene.beats, key=lambda b: b.tension).at if scene.beats else scene.hits[-1].at
    return min((h.at for h in scene.hits), key=lambda t: abs(t - peak))


def _hit_problems(reports: list[HitReport], scene: Scene, tolerance: float,
                  climaxes: Sequence[float] = ()) -> tuple[list[str], list[str]]:
    """A hit is caught (an accent within ``tolerance`` frames), played through (no accent within half
    a second: the music keeps its own line, as lesson 06 teaches), left to silence (no cue over it)
    or missed (an accent near it but off: it sounds like a mistake). A cue's climax
    (:meth:`SpotCue.climax`) must be caught, and the scene's (:func:`_scene_climax`) must be inside
    a cue."""
    problems, through, silent = [], [], []
    peak = _scene_climax(scene)
    for r in reports:
        if r.cue is None and peak is not None and abs(r.at - peak) < 1e-6:
            problems.append(f"hit '{r.label}' at {scene.tc(r.at)} is the moment the scene builds to, and no cue "
                            "covers it: leave any other hit to silence if you like, but spot a cue over this one "
                            "(reread \"2 Spot it\")")
        elif r.cue is None:
            silent.append(r)
        elif r.error is None and any(abs(r.at - c) < 1e-6 for c in climaxes):
            problems.append(f"hit '{r.label}' at {scene.tc(r.at)} is the moment the cue builds to, and nothing lands "
                            f"on it (no accent within half a second, {0.5 * scene.frame_rate:.0f} frames): play "
                            "through the others if you like, but catch this one (reread \"3 Fit the tempo to the "
                            "hits\")")
        elif r.error is None:
            through.append(r)
        elif abs(r.error) > tolerance:
            when = "early" if r.error < 0 else "late"
            problems.append(f"hit '{r.label}' at {scene.tc(r.at)} is missed: the nearest accent is {abs(r.error):.1f} "
                            f"frames {when} (allow {tolerance:g})")
    if any(r.error is not None and abs(r.error) > tolerance for r in reports):
        problems.append("an accent a few frames off a hit sounds like a mistake, not a choice: move the tempo until "
                        "the beats meet the hits, or keep the accents away from a hit and play through it "
                        "(reread \"3 Fit the tempo to the hits\")")
    caught = [r for r in reports if r.error is not None and abs(r.error) <= tolerance]
    good = []
    if not problems and caught:
        worst = f"(worst {max(abs(r.error) for r in caught):.1f} frames)"
        if not through and not silent:
            good.append(f"all {len(caught)} hits caught {worst}")
        else:
            words = [f"{len(caught)} hit{'s' * (len(caught) != 1)} caught {worst}"]
            if through:
                words.append(f"{len(through)} played through: " + ", ".join(f"'{r.label}'" for r in through))
            if silent:
                words.append(f"{len(silent)} left to silence (no cue over {'them' if len(silent) > 1 else 'it'}): "
                             + ", ".join(f"'{r.label}'" for r in silent))
            good.append(", ".join(words))
    return problems, good


def _dialogue_problems(scored: list[SpotCue], scene: Scene) -> tuple[list[str], list[str]]:
    """Every line the music masks (:func:`scoring.silence.masking`: its sound in the voice band, as
    loud as the words), measured on the music's own clock from the cue's first frame."""
    problems, levels, culprits = [], [], []
    for c in scored:
        spoken = c.lines()
        shifted = [Line(max(0.0, d.start - c.start), min(d.end, c.end) - c.start, d.who, d.text) for d in spoken]
        for d, m in zip(spoken, masking(c.music, shifted)):
            levels.append(m.level_db)
            if m.masks:
                problems.append(f"at {scene.tc(d.start)} {m.why}")
                culprits.append(m.layer)
    for role in dict.fromkeys(culprits):                 # the craft, once for each layer that masks
        problems.append("the tune draws the ear from the words: let it rest under the lines and answer in the pauses"
                        if role == "melody" else
                        f"the {role} layer fills the voice band: let it drop back under the lines (softer, thinner, "
                        "or lower, below the band)")
    if problems:
        problems.append("reread \"7 Leave the silences\"")
    if problems or not levels:
        return problems, []
    loudest = max(levels)
    where = "no music under any of them" if loudest == -math.inf else \
        f"the music stays {-loudest:.0f} dB or more below the voice in the voice band"
    return [], [f"dialogue clear: {len(levels)} lines, {where}"]


def _shape_problems(scored: list[SpotCue], scene: Scene, min_correlation: float) -> tuple[list[str], list[str]]:
    beats = [(b, c) for b in scene.beats for c in scored if c.start <= b.at <= c.end]
    if len(beats) < 3:
        return [], []
    want = np.array([b.tension for b, _ in beats])
    got = np.empty(len(beats))
    for c in {id(c): c for _, c in beats}.values():   # one tension curve per cue, read at all of its beats
        mine = [i for i, (_, owner) in enumerate(beats) if owner is c]
        got[mine] = measured_tension(c.music, [beats[i][0].at - c.start for i in mine])
    r = float(np.corrcoef(want, got)[0, 1]) if got.std() > 1e-9 and want.std() > 1e-9 else 0.0
    shape = " → ".join(f"{g:.2f}" for g in got)
    if r >= min_correlation:
        return [], [f"the tension follows the scene's beats (correlation {r:.2f}): {shape}"]
    worst = int(np.argmax(np.abs((want - want.mean()) / (want.std() or 1) - (got - got.mean()) / (got.std() or 1))))
    return [f"the tension does not follow the scene (correlation {r:.2f}, want {min_correlation:g} or more): the "
            f"music measures {shape}; at '{beats[worst][0].label}' the scene wants {want[worst]:.1f}: let the "
            "dynamics and the density rise and fall with the scene's beats (reread \"6 Shape the tension\")"], []


_DELIVER = 'reread "9 Deliver: click, cue sheet, MIDI and MusicXML"'


def check_score(answer: SpotCue | Spotting | Sequence[SpotCue], scene: Scene, *, tolerance: float = 2.0,
                min_correlation: float = 0.5) -> ScoreCheck:
    """The capstone's checker: does the music catch the hits, leave the dialogue clear and follow
    the scene's tension?

    ``answer`` is a spotted cue with its music (``spot.with_music(cue)``), a list of them, or a
    :class:`Spotting`. A hit is caught by an accent (a stab, a chord, a loud attack: see
    :func:`accents`) within ``tolerance`` frames, timed by the music's own clock (its tempo map),
    so an accelerando is judged at the tempo it really plays. A hit with no accent within half a
    second is **played through** (the music keeps its own line: lesson 06), and a hit no cue covers
    is **left to silence**: both are a composer's choice, except for the climax: each cue's
    (:meth:`SpotCue.climax`) must be caught, and the scene's (the hit nearest its highest
    emotional beat) must be inside a cue. An accent near a hit but off by more than ``tolerance``
    is a miss. A line of dialogue is masked when the
    music's sound in the voice band comes within 6 dB of the voice (:func:`scoring.silence.masking`:
    register, the instruments' colour and the dynamics; source music is judged the same way). It
    also reports the tempo of every cue with hits (all along its tempo map) against the scene's
    ``tempo_range`` (double or half of it passes too: the same pace written in longer or shorter
    notes), and the measured tension against the emotional beats (correlation of the two
    shapes). Every problem says what was measured, what to try, and which section to reread.

    Examples
    --------
    >>> scene = load_scene("chase")
    >>> check_score("a tune", scene).ok
    False

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError(f"check_score() needs the Scene the cues were spotted on, not {type(scene).__name__}")
    tolerance = check_real(tolerance, "tolerance", "give frames, like 2")
    min_correlation = check_real(min_correlation, "min_correlation", "give a correlation from -1 to 1, like 0.5")
    if tolerance < 0 or not -1 <= min_correlation <= 1:
        raise ScoringError("tolerance is 0 or more frames and min_correlation -1 to 1; try 2 and 0.5")
    cues = _as_cues(answer)
    if cues is None:
        return ScoreCheck(False, (f"the answer should be a spotted cue with its music attached (a spotted cue's "
                                  f"with_music), not {type(answer).__name__} ({_DELIVER})",))
    problems = [f"cue {c.number} has no music yet; attach your cue to it with its with_music ({_DELIVER})"
                for c in cues if c.music is None]
    scored = [c for c in cues if c.music is not None]
    if not scored:
        return ScoreCheck(False, tuple(problems))
    for c in scored:
        music = _music(c.music)
        problems += [p for p in [_tempo_problem(c, music, scene)] if p]
        one_more_beat = music.tempo_map.duration(1, start=music.quarter_length)
        if music.duration_seconds > c.duration + one_more_beat + 1e-6:
            problems.append(f"cue {c.number}'s music lasts {music.duration_seconds:.1f} s, longer than the "
                            f"{c.duration:.1f} s spotted for it")
    good = []
    climaxes = [c.climax() for c in scored if c.hits]
    for bad, fine in (_hit_problems(hit_report(scored, scene), scene, tolerance, climaxes),
                      _dialogue_problems(scored, scene),
                      _shape_problems(scored, scene, min_correlation)):
        problems += bad
        good += fine
    return ScoreCheck(not problems, tuple(problems or good))


def _versions(spot: object, musics: object, labels: object, what: str) -> tuple[Scene, list, list[str]]:
    """The spotted cue's scene, the versions of its music (one to eight) and a label for each."""
    if not isinstance(spot, SpotCue):
        raise ScoringError(f"{what}() needs a spotted cue (spotting.cues[0]), not {type(spot).__name__}")
    scene = spot._scene()
    musics = [musics] if isinstance(musics, (Motif, Cue)) else list(musics) if isinstance(musics, (list, tuple)) else []
    if not 1 <= len(musics) <= 8:
        raise ScoringError("give one to eight versions of the cue to measure, as a list: [cue_a, cue_b]")
    musics = [_music(m) for m in musics]
    names = [m.name for m in musics] if labels is None else [
        str(x) for x in checks.items(labels, "labels", "give one label per version, like ['A', 'B']", most=8)]
    if len(names) != len(musics):
        raise ScoringError(f"{len(names)} labels for {len(musics)} versions; give one label per version")
    return scene, musics, names


def shape_plot(spot: SpotCue, musics: Sequence[Motif | Cue], *, labels: Sequence[str] | None = None,
               ax: Axes | None = None) -> Axes:
    """The scene's wanted tension (its emotional beats, dots joined by straight lines) against the
    measured tension of one or more versions of a cue, over the cue's time.

    Examples
    --------
    >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> ax = shape_plot(cue_spot, [cue_spot.sketch(150, pulse=Motif.parse("4/4 D8 D F D G D F E"))])
    >>> ax.get_legend_handles_labels()[1]
    ['the scene wants', 'measured: 1M1 Night Run']

    Lesson: lessons/07_score_a_scene.ipynb
    """
    checks.axes(ax)
    scene, musics, names = _versions(spot, musics, labels, "shape_plot")
    ax = checks.axes(ax, figsize=(9.5, 2.6))
    times = np.arange(0.0, spot.duration, 0.25)
    ax.plot(spot.start + times, [scene.target(spot.start + t) for t in times], color="#d0601b", lw=2.2,
            label="the scene wants")
    inside = [b for b in scene.beats if spot.start <= b.at <= spot.end]
    ax.plot([b.at for b in inside], [b.tension for b in inside], "o", color="#d0601b", ms=5)
    for b in inside:
        ax.annotate(b.label, (b.at, b.tension), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=6.5,
                    color="#8a4a10")
    others = [c for c in COLOURS if c != "#d0601b"]          # orange is the target's
    for i, (m, name) in enumerate(zip(musics, names)):
        ax.plot(spot.start + times, measured_tension(m, times, window=0.75), color=others[i % len(others)], lw=1.4,
                label=f"measured: {name}")
    for h in spot.hits:
        ax.axvline(h, color="#c23a3a", lw=0.8, alpha=0.6)
    ax.set_ylim(0, 1.12)
    ax.set_xlim(spot.start, spot.end)
    ax.set_xlabel("seconds into the scene (hits in red)")
    ax.set_ylabel("tension")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title(f"{spot.number} {spot.title}: the tension the scene wants, and what the music measures", fontsize=9)
    return ax


def _figure(figsize: tuple[float, float]):
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.subplots()


def timeline_alt(scene: Scene) -> str:
    """Alt text for a scene's timeline with its tension (:func:`timeline_card`): the axes, the lines,
    the hits and the shape of the tension the scene wants.

    Examples
    --------
    >>> print(timeline_alt(load_scene("farewell")).split("; ")[0])
    timeline of The Last Ferry, seconds 0-75 across

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError(f"timeline_alt() needs a Scene (load_scene('chase')), not {type(scene).__name__}")
    hits = ", ".join(f"{h.label} {h.at:.1f} s" for h in scene.hits) or "none"
    lines = ", ".join(f"{d.who} {d.start:.1f}-{d.end:.1f} s" for d in scene.dialogue) or "none"
    parts = [f"timeline of {scene.title}, seconds 0-{scene.duration:g} across",
             f"dialogue as labelled bands: {lines}", f"hits as labelled red lines: {hits}"]
    if scene.beats:
        peak = max(scene.beats, key=lambda b: b.tension)
        first, last = scene.beats[0], scene.beats[-1]
        parts.append(f"the tension the scene wants (0-1, up) starts at {first.tension:g}, rises to {peak.tension:g} "
                     f"at '{peak.label}' ({peak.at:.1f} s) and ends at {last.tension:g}")
    return "; ".join(parts)


def timeline_card(scene: Scene, *, title: str | None = None) -> HTML:
    """The scene's timeline (picture events, dialogue, hits, the tension it wants) as an image with
    its alt text (:func:`timeline_alt`), for a notebook.

    Examples
    --------
    >>> timeline_card(load_scene("farewell")).text[:30]
    'timeline of The Last Ferry, se'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    alt = timeline_alt(scene)
    fig, ax = _figure((10.0, 3.4))
    timeline(scene, tension=True, title=title, ax=ax)
    return HTML(figure_png(fig, dpi=72, alt=alt), alt)


def fit_card(fit: TempoFit) -> HTML:
    """A tempo fit's plot (worst hit error against tempo, :func:`scoring.sync_view.fit_plot`) as an
    image with its alt text.

    Examples
    --------
    >>> run = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> fit_card(run.fit(subdivision=2)).text[:40]
    'line plot: worst hit error in frames (up'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(fit, TempoFit):
        raise ScoringError(f"fit_card() needs a tempo fit (cue.fit()), not {type(fit).__name__}")
    alt = fit_plot_alt(fit)
    fig, ax = _figure((9.0, 2.8))
    fit_plot(fit, ax=ax)
    return HTML(figure_png(fig, dpi=72, alt=alt), alt)


def shape_alt(spot: SpotCue, musics: Sequence[Motif | Cue], *, labels: Sequence[str] | None = None) -> str:
    """Alt text for :func:`shape_plot`: the axes, the scene's wanted tension and each version's
    measured tension at the scene's emotional beats, with how well the shapes agree.

    Examples
    --------
    >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> shape_alt(cue_spot, [cue_spot.sketch(150, pulse=Motif.parse("4/4 D8 D F D G D F E"))])[:42]
    'line plot of tension (0-1, up) against sec'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    scene, musics, names = _versions(spot, musics, labels, "shape_alt")
    inside = [b for b in scene.beats if spot.start <= b.at <= spot.end]
    want = " → ".join(f"{b.tension:g}" for b in inside)
    parts = [f"line plot of tension (0-1, up) against seconds into the scene ({spot.start:g}-{spot.end:g} s, "
             f"across), hits as red lines; the scene wants {want} at its beats "
             f"({', '.join(b.label for b in inside)})"]
    for m, name in zip(musics, names):
        got = measured_tension(m, [b.at - spot.start for b in inside]) if inside else np.array([])
        r = (float(np.corrcoef([b.tension for b in inside], got)[0, 1])
             if len(inside) > 2 and got.std() > 1e-9 else 0.0)
        parts.append(f"{name} measures {' → '.join(f'{g:.2f}' for g in got)} (correlation {r:.2f})")
    return "; ".join(parts)


def shape_card(spot: SpotCue, musics: Sequence[Motif | Cue], *, labels: Sequence[str] | None = None) -> HTML:
    """:func:`shape_plot` as an image with its alt text (:func:`shape_alt`), for a notebook.

    Examples
    --------
    >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> shape_card(cue_spot, [cue_spot.sketch(150, pulse=Motif.parse("4/4 D8 D F D G D F E"))]).text[:12]
    'line plot of'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    alt = shape_alt(spot, musics, labels=labels)
    fig, ax = _figure((9.5, 2.8))
    shape_plot(spot, musics, labels=labels, ax=ax)
    return HTML(figure_png(fig, dpi=72, alt=alt), alt)
