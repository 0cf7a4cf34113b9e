"""A scene to score: picture events, dialogue and emotional beats from a data file, the
composer's spotting (cues numbered ``1M1, 1M2 ...``), the cue sheet, and a checker that says
whether the music catches the hits, leaves the dialogue clear and follows the scene's tension.

A scene file (JSON) gives timecodes on the reel (reel 1 starts at ``01:00:00:00``)::

    {"title": "...", "reel": 1, "fps": 24, "start": "01:00:00:00", "end": "01:01:00:00",
     "tempo_range": [120, 180], "synopsis": "...",
     "events":   [{"at": "01:00:05:00", "kind": "hit", "label": "headlights", "what": "..."}],
     "dialogue": [{"from": "01:00:02:00", "to": "01:00:04:05", "who": "JUNO", "line": "..."}],
     "beats":    [{"at": "01:00:00:00", "tension": 0.2, "label": "stillness"}],
     "sources":  [{"from": "01:00:00:00", "to": "01:00:05:00", "what": "her car radio"}]}

``kind`` is ``picture`` (a cut or an action), ``hit`` (a moment the music must catch) or
``sound``; ``beats`` are the emotional beats, each with the tension (0 calm .. 1 peak) the
scene wants there; ``sources`` (optional) are the spans where music plays in the scene's own
world (a radio, a band): a cue spotted inside one is **source music**. Inside the package every time is in seconds from the scene's first frame.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from scoring.errors import ScoringError

if TYPE_CHECKING:  # names for the type hints only
    from matplotlib.axes import Axes

    from scoring.core.cue import Cue
    from scoring.render.html import HTML
    from scoring.exercises import Feedback
    from scoring.core.motif import Motif
from scoring.sync import TempoFit, _rate, fit_tempo, seconds_to_timecode, sketch_cue, timecode_to_seconds

SCENES_DIR = Path(__file__).resolve().parent.parent / "assets" / "scenes"
EVENT_KINDS = ("picture", "hit", "sound")
#: Cue-sheet usage codes (what a performing-rights society is told about each cue). "Visual" means a
#: performance seen on screen; music the characters hear but nobody is seen playing (a car radio,
#: a record in the next room) is background, BI or BV, and still source music.
USAGES = {"BI": "background instrumental", "BV": "background vocal", "VI": "visual instrumental",
          "VV": "visual vocal", "MT": "main title", "ET": "end title"}


@dataclass(frozen=True)
class Event:
    """Something on screen at ``at`` seconds (scene clock): a ``picture`` event, a ``hit`` or a ``sound``.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    at: float
    kind: str
    label: str
    what: str = ""


@dataclass(frozen=True)
class Line:
    """A line of dialogue from ``start`` to ``end`` seconds, spoken by ``who``.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    start: float
    end: float
    who: str
    text: str


@dataclass(frozen=True)
class Source:
    """A span from ``start`` to ``end`` seconds in which music plays in the scene's own world
    (``what``: a car radio, a band): music spotted there is source music.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    start: float
    end: float
    what: str = ""


@dataclass(frozen=True)
class Beat:
    """An emotional beat at ``at`` seconds: the ``tension`` (0 calm .. 1 peak) the scene wants there.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    at: float
    tension: float
    label: str


def scene_path(name: str) -> Path:
    """Where a scene shipped with the course lives: ``assets/scenes/<name>.json``.

    Examples
    --------
    >>> scene_path("chase").name
    'chase.json'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    p = SCENES_DIR / f"{name}.json"
    if not p.is_file():
        have = ", ".join(sorted(q.stem for q in SCENES_DIR.glob("*.json"))) or "none"
        raise ScoringError(f"there is no scene called {name!r}; the course has: {have}")
    return p


def _need(d: dict, key: str, where: str):
    if key not in d:
        raise ScoringError(f"{where} has no {key!r}; every {where.split()[0]} needs one")
    return d[key]


@dataclass(frozen=True, eq=False)
class Scene:
    """A scene to score: title, frame rate, where it sits on the reel, and its events, dialogue and beats.

    Load one with :func:`load_scene`. Times are seconds from the scene's first frame;
    :meth:`tc` turns them back into reel timecode.

    Examples
    --------
    >>> scene = load_scene("chase")
    >>> scene.title, scene.fps, scene.tc(0.0)
    ('Night Run', 24.0, '01:00:00:00')

    Lesson: lessons/07_score_a_scene.ipynb
    """

    title: str
    fps: float
    origin: float                      # reel seconds of the scene's first frame
    duration: float
    events: tuple[Event, ...]
    dialogue: tuple[Line, ...]
    beats: tuple[Beat, ...]
    reel: int = 1
    tempo_range: tuple[float, float] = (60.0, 180.0)
    synopsis: str = ""
    sources: tuple[Source, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> "Scene":
        """A scene from the dictionary a scene file holds."""
        if not isinstance(data, dict):
            raise ScoringError("a scene is a JSON object with title, fps, start, end, events, dialogue, beats")
        fps = float(data.get("fps", 24))
        _rate(fps)
        origin = timecode_to_seconds(_need(data, "start", "scene"), fps)
        end = timecode_to_seconds(_need(data, "end", "scene"), fps)
        if end <= origin:
            raise ScoringError(f"the scene ends ({data['end']}) before it starts ({data['start']})")
        duration = end - origin

        def at(tc: str, what: str) -> float:
            t = timecode_to_seconds(tc, fps) - origin
            if not -1e-9 <= t <= duration + 1e-9:
                raise ScoringError(f"{what} at {tc} is outside the scene ({data['start']} to {data['end']})")
            return max(0.0, t)

        events = []
        for e in data.get("events", []):
            kind = _need(e, "kind", "event")
            if kind not in EVENT_KINDS:
                raise ScoringError(f"event kind {kind!r}: use one of {', '.join(EVENT_KINDS)}")
            events.append(Event(at(_need(e, "at", "event"), f"event {e.get('label', '')!r}"), kind,
                                str(e.get("label", kind)), str(e.get("what", ""))))
        lines = []
        for d in data.get("dialogue", []):
            a, b = at(_need(d, "from", "line"), "a line"), at(_need(d, "to", "line"), "a line")
            if b <= a:
                raise ScoringError(f"the line {d.get('line', '')!r} ends before it starts")
            lines.append(Line(a, b, str(d.get("who", "")), str(d.get("line", ""))))
        beats = []
        for b in data.get("beats", []):
            t = float(_need(b, "tension", "beat"))
            if not 0 <= t <= 1:
                raise ScoringError(f"tension {t} of beat {b.get('label', '')!r} should be 0 (calm) to 1 (peak)")
            beats.append(Beat(at(_need(b, "at", "beat"), "a beat"), t, str(b.get("label", ""))))
        sources = []
        for d in data.get("sources", []):
            a, b = at(_need(d, "from", "source"), "a source"), at(_need(d, "to", "source"), "a source")
            if b <= a:
                raise ScoringError(f"the source {d.get('what', '')!r} ends before it starts")
            sources.append(Source(a, b, str(d.get("what", ""))))
        lo, hi = data.get("tempo_range", (60, 180))
        return cls(str(_need(data, "title", "scene")), fps, origin, duration,
                   tuple(sorted(events, key=lambda e: e.at)), tuple(sorted(lines, key=lambda d: d.start)),
                   tuple(sorted(beats, key=lambda b: b.at)), int(data.get("reel", 1)), (float(lo), float(hi)),
                   str(data.get("synopsis", "")), tuple(sorted(sources, key=lambda x: x.start)))

    # ------------------------------------------------------------------ reading
    @property
    def hits(self) -> tuple[Event, ...]:
        """The events the music must catch."""
        return tuple(e for e in self.events if e.kind == "hit")

    def is_source(self, start: float, end: float) -> bool:
        """Whether a span (scene seconds) lies inside one of the scene's sources, so music there is source music."""
        return any(src.start - 1e-6 <= start and end <= src.end + 1e-6 for src in self.sources)

    def tc(self, seconds: float) -> str:
        """Reel timecode of a moment ``seconds`` into the scene."""
        return seconds_to_timecode(self.origin + float(seconds), self.fps)

    def seconds(self, when: float | str) -> float:
        """Scene seconds of a reel timecode (numbers pass through as scene seconds)."""
        if isinstance(when, str):
            return timecode_to_seconds(when, self.fps) - self.origin
        return float(when)

    def target(self, seconds: float) -> float:
        """The tension the scene wants at a moment: straight lines between its emotional beats."""
        if not self.beats:
            return 0.5
        xs = [b.at for b in self.beats]
        ys = [b.tension for b in self.beats]
        return float(np.interp(float(seconds), xs, ys))

    def summary(self) -> str:
        return (f"{self.title}: {self.duration:.1f} s at {self.fps:g} fps, {self.tc(0)}-{self.tc(self.duration)}; "
                f"{len(self.events)} events ({len(self.hits)} hits), {len(self.dialogue)} lines, "
                f"{len(self.beats)} emotional beats")

    def __repr__(self) -> str:
        return self.summary()

    def table(self) -> str:
        """Everything in time order: timecode, seconds, what (hits marked HIT, lines in quotes, beats with their tension)."""
        rows = [(e.at, "HIT" if e.kind == "hit" else e.kind, e.what or e.label) for e in self.events]
        rows += [(d.start, "line", f'{d.who}: "{d.text}" ({d.end - d.start:.1f} s)') for d in self.dialogue]
        rows += [(b.at, "beat", f"{b.label} (tension {b.tension:.2f})") for b in self.beats]
        rows += [(x.start, "source", f"{x.what} (music in the scene, to {self.tc(x.end)})") for x in self.sources]
        order = {"HIT": 0, "picture": 1, "sound": 2, "source": 3, "line": 4, "beat": 5}
        rows.sort(key=lambda r: (round(r[0], 6), order[r[1]]))
        lines = [f"{'timecode':11} {'s':>5}  {'':7} what"]
        lines += [f"{self.tc(t):11} {t:5.1f}  {k:7} {w}" for t, k, w in rows]
        return "\n".join(lines)


def load_scene(name_or_path: str | Path) -> Scene:
    """Load a scene: a name shipped with the course (``"chase"``, ``"farewell"``) or a path to a JSON file.

    Examples
    --------
    >>> s = load_scene("farewell")
    >>> s.title, len(s.hits) > 2
    ('The Last Ferry', True)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    text = str(name_or_path)
    p = Path(text) if text.endswith(".json") else scene_path(text)
    if not p.is_file():
        raise ScoringError(f"no scene file at {text!r}")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScoringError(f"{p.name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return Scene.from_dict(data)


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
    if isinstance(reel, bool) or not isinstance(reel, int) or not 1 <= reel <= 99:
        raise ScoringError(f"reel={reel!r}: a reel number 1-99")
    times = [timecode_to_seconds(s, fps) if isinstance(s, str) else float(s) for s in starts]
    order = sorted(range(len(times)), key=lambda i: (times[i], i))
    numbers = [""] * len(times)
    for place, i in enumerate(order, 1):
        numbers[i] = f"{reel}M{place}"
    return numbers


@dataclass(frozen=True, eq=False)
class SpotCue:
    """One spotted cue: its number (``1M1``), title, start and end (scene seconds), usage (BI, BV,
    VI, VV, MT, ET), the hits inside it, a spotting note, (once written) its music, and whether it
    is ``source`` music (heard by the characters: a radio, a band) rather than underscore.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    number: str
    title: str
    start: float
    end: float
    usage: str = "BI"
    hits: tuple[float, ...] = ()
    note: str = ""
    music: object = field(default=None, repr=False)
    scene: Scene | None = field(default=None, repr=False)
    source: bool = False

    @property
    def duration(self) -> float:
        return self.end - self.start

    def _scene(self) -> Scene:
        if self.scene is None:
            raise ScoringError("this cue was not spotted on a scene; make it with spot(scene, [...])")
        return self.scene

    @property
    def timecode_in(self) -> str:
        return self._scene().tc(self.start)

    @property
    def timecode_out(self) -> str:
        return self._scene().tc(self.end)

    def hit_times(self) -> list[float]:
        """The hits in seconds after the cue's start."""
        return [h - self.start for h in self.hits]

    def fit(self, bpm_range: tuple[float, float] | None = None, *, subdivision: int = 1, step: float = 1.0,
            target: float | None = None, clicks: bool = False) -> TempoFit:
        """The tempo that catches this cue's hits (beat 1 on the cue's first frame); the range defaults
        to the scene's ``tempo_range``. See :func:`scoring.sync.fit_tempo`.

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
        return fit_tempo(list(self.hits), rng, scene.fps, subdivision=subdivision, step=step, start=self.start,
                         target=target, clicks=clicks)

    def lines(self) -> list[Line]:
        """The dialogue lines that overlap the cue."""
        return [d for d in self._scene().dialogue if d.end > self.start and d.start < self.end]

    def climax(self) -> float:
        """The hit nearest the scene's highest emotional beat inside the cue (scene seconds)."""
        scene = self._scene()
        inside = [b for b in scene.beats if self.start <= b.at <= self.end] or list(scene.beats)
        if not self.hits:
            raise ScoringError(f"cue {self.number} has no hits")
        peak = max(inside, key=lambda b: b.tension).at if inside else self.start
        return min(self.hits, key=lambda h: abs(h - peak))

    def sketch(self, tempo: TempoFit | float, *, pulse: Motif | None = None, melody: Motif | None = None, melody_at: Sequence[float] = (1,),
               chords: Sequence[str] = ("i",), key: str = "D minor", time_signature: str = "4/4",
               silences: Sequence[tuple[float, float]] = (), breath: float = 0.0, thin_dialogue: bool = True,
               shape: bool = True, stab: str = "Brass Section") -> Cue:
        """A cue for this spot at one tempo, its stabs on the hits: see :func:`scoring.sync.sketch_cue`.

        With ``thin_dialogue`` the music yields under every line (no melody, soft); with ``shape``
        its dynamics and density follow the scene's emotional beats; ``breath`` beats of silence
        fall just before the climactic hit; ``silences`` are more (from, to) beat spans.

        Examples
        --------
        >>> from scoring import Motif
        >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> music = cue_spot.sketch(cue_spot.fit(subdivision=2), pulse=Motif.parse("4/4 d8 d a d d a d a"))
        >>> music.name, music.tempo
        ('1M1 Night Run', 150.0)

        Lesson: lessons/07_score_a_scene.ipynb
        """
        scene = self._scene()
        if isinstance(tempo, TempoFit):
            bpm = tempo.bpm
            beats = list(tempo.beats)
        else:
            bpm = float(tempo)
            beats = [round(1 + t * bpm / 60) for t in self.hit_times()]
        spb = 60.0 / bpm
        length = math.ceil(self.duration / spb - 1e-6)
        quiet = []
        if thin_dialogue:
            for d in self.lines():
                a = 1 + max(0.0, d.start - self.start) / spb
                b = 1 + min(self.duration, d.end - self.start) / spb
                quiet.append((math.floor(a * 2) / 2, math.ceil(b * 2) / 2))
        rests = list(silences)
        if breath:
            big = 1 + (self.climax() - self.start) / spb
            big = min(beats, key=lambda b: abs(b - big))
            rests.append((big - float(breath), big))
        start = self.start
        curve = (lambda beat: scene.target(start + (beat - 1) * spb)) if shape else None
        return sketch_cue(bpm, beats=length, hits=beats, pulse=pulse, melody=melody, melody_at=melody_at,
                          chords=chords, key=key, time_signature=time_signature, silences=rests, quiet=quiet,
                          shape=curve, stab=stab, name=f"{self.number} {self.title}")

    def view(self, music: Motif | Cue | None = None, *, around: str | float, seconds: float = 8.0, click: bool = False,
             fit: TempoFit | None = None, notation: bool = True, label: str = "") -> HTML:
        """Hear and see the music against the picture for ``seconds`` around a hit (its label) or a
        moment (scene seconds): the bars around it, a player (thuds on the hits, optionally the
        click) and the scene's timeline with the beat grid.

        Examples
        --------
        >>> from scoring import Motif
        >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
        >>> music = cue_spot.sketch(150, pulse=Motif.parse("4/4 D8 D F D G D F E"))
        >>> print(cue_spot.view(music, around="crash", seconds=4))
        1M1 Night Run: pulse (Acoustic Grand Piano), harmony (String Ensemble 1), bass (Contrabass), stabs (Brass Section), timpani (Timpani) | D minor | 4/4 | 150 BPM | 51.2 s

        Lesson: lessons/07_score_a_scene.ipynb
        """
        from scoring.sync import sync_html

        scene = self._scene()
        music = self.music if music is None else music
        if music is None:
            raise ScoringError(f"cue {self.number} has no music to hear; sketch it first")
        if isinstance(around, str):
            match = [h for h in scene.hits if h.label == around]
            if not match:
                raise ScoringError(f"no hit called {around!r}; the hits are {', '.join(h.label for h in scene.hits)}")
            at = match[0].at
        else:
            at = float(around)
        cue = _cue_of(music)
        length = cue.duration_seconds
        rel = at - self.start
        a = max(0.0, rel - seconds / 2)
        b = min(length, a + seconds)
        a = max(0.0, b - seconds)
        spb = 60.0 / cue.tempo
        bar = int(cue.time_signature.split("/")[0])
        hit_bar = int(rel / spb // bar)
        first = max(0, hit_bar - 1) * bar + 1
        last = min(float(cue.quarter_length) + 1, first + 2 * bar)
        hits = [h.at for h in scene.hits if self.start + a - 0.5 <= h.at <= self.start + b + 0.5]
        return sync_html(cue, hits=hits, fit=fit, click=click, warning=0, start=a, end=b,
                         bars=(first, last) if notation else None, scene=scene, music_start=self.start,
                         notation=notation, label=label)

    def with_music(self, music: Motif | Cue) -> "SpotCue":
        """The same spot with its music attached (a Cue or Motif that starts on the spot's first frame)."""
        from scoring.core.cue import Cue
        from scoring.core.motif import Motif

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

    Lesson: lessons/07_score_a_scene.ipynb
    """

    scene: Scene
    cues: tuple[SpotCue, ...]

    def cue(self, number: str) -> SpotCue:
        for c in self.cues:
            if c.number == number:
                return c
        raise ScoringError(f"no cue {number!r}; the cues are {', '.join(c.number for c in self.cues)}")

    def table(self) -> str:
        """Spotting notes: number, in, out, length, usage, hits, note."""
        lines = [f"{'cue':5} {'in':11} {'out':11} {'length':>6}  {'use':3} {'hits':>4}  title / note"]
        for c in self.cues:
            lines.append(f"{c.number:5} {c.timecode_in:11} {c.timecode_out:11} {c.duration:5.1f}s  {c.usage:3} "
                         f"{len(c.hits):4d}  {c.title}" + (f": {c.note}" if c.note else ""))
        return "\n".join(lines)

    def cue_sheet(self, *, production: str | None = None, composer: str = "", publisher: str = "") -> "CueSheet":
        """The cue sheet: one row per cue with its timings, usage, composer and publisher."""
        rows = []
        for c in self.cues:
            secs = int(round(c.duration))
            rows.append({"cue": c.number, "title": c.title, "usage": c.usage, "in": c.timecode_in,
                         "out": c.timecode_out, "duration": f"{secs // 60}:{secs % 60:02d}",
                         "composer": composer, "publisher": publisher})
        return CueSheet(production or self.scene.title, tuple(rows))

    def with_music(self, music: dict) -> "Spotting":
        """The spotting with music attached to cues: ``{"1M1": cue, ...}``."""
        known = {c.number for c in self.cues}
        for k in music:
            if k not in known:
                raise ScoringError(f"no cue {k!r} in this spotting; the cues are {', '.join(sorted(known))}")
        return replace(self, cues=tuple(c.with_music(music[c.number]) if c.number in music else c for c in self.cues))

    def __repr__(self) -> str:
        return f"Spotting of {self.scene.title}: " + ", ".join(f"{c.number} {c.title}" for c in self.cues)


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
    specs = []
    for c in cues:
        if isinstance(c, dict):
            d = dict(c)
        elif isinstance(c, (tuple, list)) and 3 <= len(c) <= 5:
            d = dict(zip(("start", "end", "title", "usage", "note"), c))
        else:
            raise ScoringError(f"{c!r}: give each cue as (in, out, title) or (in, out, title, usage)")
        start, end = scene.seconds(_need(d, "start", "cue")), scene.seconds(_need(d, "end", "cue"))
        if not 0 <= start < end <= scene.duration + 1e-6:
            raise ScoringError(f"cue {d.get('title', '')!r} runs {scene.tc(max(0, start))}-{d['end']}, not inside "
                               f"the scene ({scene.tc(0)}-{scene.tc(scene.duration)}) or not forwards")
        usage = str(d.get("usage", "BI")).upper()
        if usage not in USAGES:
            raise ScoringError(f"usage {usage!r}: use one of {', '.join(f'{k} ({v})' for k, v in USAGES.items())}")
        source = d.get("source")
        if source is not None and not isinstance(source, bool):
            raise ScoringError(f"source={source!r}: True (music the characters hear) or False (underscore)")
        source = scene.is_source(start, end) if source is None else source
        specs.append((start, end, str(d.get("title", "Cue")), usage, str(d.get("note", "")), source))
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


@dataclass(frozen=True)
class CueSheet:
    """A cue sheet: the production and one row per cue (number, title, usage, in, out, duration,
    composer, publisher), as a table or a CSV file.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    production: str
    rows: tuple[dict, ...]

    FIELDS = ("cue", "title", "usage", "in", "out", "duration", "composer", "publisher")

    def table(self) -> str:
        widths = {f: max(len(f), *(len(str(r[f])) for r in self.rows)) for f in self.FIELDS}
        head = "  ".join(f"{f:{widths[f]}}" for f in self.FIELDS)
        body = ["  ".join(f"{str(r[f]):{widths[f]}}" for f in self.FIELDS) for r in self.rows]
        total = sum(int(r["duration"].split(":")[0]) * 60 + int(r["duration"].split(":")[1]) for r in self.rows)
        return "\n".join([f"CUE SHEET: {self.production}", head, *body,
                          f"{len(self.rows)} cues, total music {total // 60}:{total % 60:02d}"])

    def to_csv(self, path) -> Path:
        """Write the cue sheet as CSV (one header row, one row per cue); returns the path.

        Examples
        --------
        >>> import tempfile, os
        >>> sheet = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cue_sheet()
        >>> p = sheet.to_csv(os.path.join(tempfile.mkdtemp(), "cues.csv"))
        >>> p.read_text().splitlines()[1]
        '1M1,Night Run,BI,01:00:05:00,01:00:56:00,0:51,,'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        from scoring.render.files import writable_path

        target = writable_path(path, (".csv",))
        with open(target, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=self.FIELDS, lineterminator="\n")
            w.writeheader()
            for r in self.rows:
                w.writerow(r)
        return target

    def __repr__(self) -> str:
        return self.table()


# ---------------------------------------------------------------- measuring a scored scene
def _cue_of(music):
    from scoring.core.cue import Cue
    from scoring.core.motif import Motif

    return Cue.from_motif(music) if isinstance(music, Motif) else music


def _notes(music) -> list[tuple[float, float, int, str]]:
    """(start, end, velocity, role) of every sounding note, in cue seconds (articulation applied)."""
    from scoring.core.cue import ARTICULATIONS

    cue = _cue_of(music)
    spb = 60.0 / cue.tempo
    out = []
    for layer in cue.layers:
        t = 0.0
        gate = ARTICULATIONS[layer.articulation]
        for c in layer.chords:
            d = float(c.duration) * spb
            if not c.is_rest:
                out.append((t, t + d * gate, c.velocity, layer.role))
            t += d
    return sorted(out)


def _simple_tension(music, times: np.ndarray) -> np.ndarray:
    """A fallback tension curve: loudness (60 %) and onsets per second (40 %)."""
    notes = _notes(music)
    onsets = np.array([s for s, *_ in notes])
    out = []
    for t in times:
        v = max([vel for s, e, vel, _ in notes if s <= t < e], default=0) / 127
        n = np.count_nonzero((onsets > t - 1) & (onsets <= t))
        out.append(0.6 * v + 0.4 * n / (n + 6))
    return np.array(out)


def measured_tension(music: Motif | Cue, times: Sequence[float], *, window: float = 1.0) -> np.ndarray:
    """The music's tension at ``times`` (cue seconds), averaged over ± ``window`` seconds.

    Uses :func:`scoring.tension.tension_curve` (roughness, register, density, dynamics, tempo)
    when that module is present, else a simpler loudness-and-density curve.

    Examples
    --------
    >>> from scoring import Motif
    >>> m = Motif.parse("4/4 c2 e2 c'8 d' e' f' g' a' b' c''", tempo=60)
    >>> calm, busy = measured_tension(m.with_dynamics("pp"), [1.0, 6.0])
    >>> bool(busy > calm)
    True

    Lesson: lessons/07_score_a_scene.ipynb
    """
    times = np.asarray([float(t) for t in times])
    try:
        from scoring.tension import tension_curve
    except ImportError:  # pragma: no cover - the tension module arrives with lesson 02
        tension_curve = None
    if tension_curve is not None:
        curve = tension_curve(_cue_of(music))
        secs, total = np.asarray(curve.seconds, dtype=float), np.asarray(curve.total, dtype=float)
    else:
        secs = np.arange(0, _cue_of(music).duration_seconds, 0.1)
        total = _simple_tension(music, secs)
    out = []
    for t in times:
        sel = (secs >= t - window) & (secs <= t + window)
        out.append(float(total[sel].mean()) if sel.any() else float(np.interp(t, secs, total)))
    return np.array(out)


@dataclass(frozen=True)
class HitReport:
    """How one hit was caught: the nearest accent's error in frames (None if no scored cue covers it,
    or no accent lies within half a second of it).

    Lesson: lessons/07_score_a_scene.ipynb
    """

    label: str
    at: float
    cue: str | None
    error: float | None


def accents(music: Motif | Cue, *, window: float = 1.5, factor: float = 1.5) -> list[float]:
    """The accented moments of a cue (seconds): attacks (all notes starting together, their
    velocities summed) at least ``factor`` times as heavy as the typical attack within ± ``window``
    seconds. A stab, a chord entry or a loud note stands out; the ostinato's eighths do not.

    Examples
    --------
    >>> from scoring import Motif
    >>> from scoring.sync import sketch_cue
    >>> pulse = Motif.parse("4/4 D8 D F D G D F E")
    >>> [round(t, 2) for t in accents(sketch_cue(120, beats=16, hits=[7], pulse=pulse))]
    [0.0, 2.0, 3.0, 4.0, 6.0]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    notes = _notes(music)
    attacks: list[list[float]] = []
    for start, _, vel, _ in notes:
        if attacks and abs(start - attacks[-1][0]) < 0.01:
            attacks[-1][1] += vel
        else:
            attacks.append([start, float(vel)])
    times = np.array([a[0] for a in attacks])
    weights = np.array([a[1] for a in attacks])
    out = []
    for t, w in zip(times, weights):
        near = weights[np.abs(times - t) <= window]
        if w >= factor * float(np.median(near)) or len(near) == 1:
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
    _, real, _ = _rate(scene.fps)
    out = []
    marks = {}
    for h in scene.hits:
        owner = next((c for c in cues if c.music is not None and c.start - 1e-6 <= h.at <= c.end + 1e-6), None)
        if owner is None:
            out.append(HitReport(h.label, h.at, None, None))
            continue
        if owner.number not in marks:
            marks[owner.number] = [owner.start + t for t in accents(owner.music)]
        near = [t for t in marks[owner.number] if abs(t - h.at) <= 0.5]
        nearest = min(near, key=lambda t: abs(t - h.at)) if near else None
        out.append(HitReport(h.label, h.at, owner.number, None if nearest is None else (nearest - h.at) * real))
    return out


def _as_cues(answer) -> list[SpotCue] | None:
    if isinstance(answer, Spotting):
        return list(answer.cues)
    if isinstance(answer, SpotCue):
        return [answer]
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(c, SpotCue) for c in answer):
        return list(answer)
    return None


def check_score(answer: SpotCue | Spotting | Sequence[SpotCue], scene: Scene, *, tolerance: float = 2.0,
                min_correlation: float = 0.5) -> Feedback:
    """The capstone's checker: does the music catch every hit, leave the dialogue clear and follow
    the scene's tension?

    ``answer`` is a spotted cue with its music (``spot.with_music(cue)``), a list of them, or a
    :class:`Spotting`. A hit is caught by an accent (a stab, a chord, a loud attack: see
    :func:`accents`) within ``tolerance`` frames. It reports every hit missed (frames), every line of dialogue covered by
    loud music (above *mp*) or by a melody (a source cue, ``SpotCue.source``, may keep its tune), the
    tempo of every cue with hits against the scene's ``tempo_range``, and the measured tension
    against the emotional beats (correlation of the two shapes).

    Examples
    --------
    >>> scene = load_scene("chase")
    >>> check_score("a tune", scene).ok
    False

    Lesson: lessons/07_score_a_scene.ipynb
    """
    from scoring.exercises import Feedback

    cues = _as_cues(answer)
    if cues is None:
        return Feedback(False, [f"the answer should be a spotted cue with its music, e.g. spot_cue.with_music(cue), "
                                f"not {type(answer).__name__}"])
    problems, good = [], []
    scored = [c for c in cues if c.music is not None]
    for c in cues:
        if c.music is None:
            problems.append(f"cue {c.number} has no music yet; attach it with .with_music(cue)")
    if not scored:
        return Feedback(False, problems)
    lo, hi = scene.tempo_range
    for c in scored:
        music = _cue_of(c.music)
        if c.hits and not lo <= music.tempo <= hi:
            problems.append(f"cue {c.number} runs at {music.tempo:g} BPM; this scene asks for {lo:g}-{hi:g} BPM "
                            "(fit the tempo inside that range)")
        if music.duration_seconds > c.duration + 60.0 / music.tempo + 1e-6:
            problems.append(f"cue {c.number}'s music lasts {music.duration_seconds:.1f} s, longer than the "
                            f"{c.duration:.1f} s spotted for it")
    reports = hit_report(scored, scene)
    caught = [r for r in reports if r.error is not None and abs(r.error) <= tolerance]
    for r in reports:
        if r.cue is None:
            problems.append(f"hit '{r.label}' at {scene.tc(r.at)} is not inside any scored cue")
        elif r.error is None:
            problems.append(f"hit '{r.label}' at {scene.tc(r.at)} is missed: no accent within half a second "
                            f"(12 frames); put a stab or a chord on it")
        elif abs(r.error) > tolerance:
            when = "early" if r.error < 0 else "late"
            problems.append(f"hit '{r.label}' at {scene.tc(r.at)} is missed: the nearest accent is "
                            f"{abs(r.error):.1f} frames {when} (allow {tolerance:g}); fit the tempo to the hits")
    if caught and len(caught) == len(reports):
        good.append(f"all {len(reports)} hits caught (worst {max(abs(r.error) for r in caught):.1f} frames)")
    covered = 0
    for c in scored:
        notes = _notes(c.music)
        for d in c.lines():
            a, b = d.start - c.start, d.end - c.start
            under = [(v, role, s) for s, e, v, role in notes if s < b - 1e-3 and e > a + 1e-3]
            if not under:
                continue
            covered += 1
            loud = max(v for v, _, _ in under)
            # source music may carry its tune under talk, as a radio does; it must still be quiet
            tune = not c.source and any(role == "melody" and a <= s < b for _, role, s in under)
            if loud > 64 or tune:
                why = []
                if loud > 64:
                    why.append(f"the music reaches velocity {loud} (above mp, 64)")
                if tune:
                    why.append("a melody starts under it")
                problems.append(f"{d.who}'s line \"{d.text}\" at {scene.tc(d.start)} is covered: {' and '.join(why)}; "
                                "thin the music under dialogue")
    total_lines = sum(len(c.lines()) for c in scored)
    if not any("line" in p and "covered" in p for p in problems):
        good.append(f"dialogue clear: {covered} of {total_lines} lines have music under them, all of it quiet")
    beats = [(b, c) for b in scene.beats for c in scored if c.start <= b.at <= c.end]
    if len(beats) >= 3:
        want = np.array([b.tension for b, _ in beats])
        got = np.array([float(measured_tension(c.music, [b.at - c.start])[0]) for b, c in beats])
        r = float(np.corrcoef(want, got)[0, 1]) if got.std() > 1e-9 and want.std() > 1e-9 else 0.0
        shape = " → ".join(f"{g:.2f}" for g in got)
        if r < min_correlation:
            worst = int(np.argmax(np.abs((want - want.mean()) / (want.std() or 1) - (got - got.mean()) / (got.std() or 1))))
            problems.append(f"the tension does not follow the scene (correlation {r:.2f}, want {min_correlation:g} or "
                            f"more): the music measures {shape}; at '{beats[worst][0].label}' the scene wants "
                            f"{want[worst]:.1f}; shape the dynamics and density to the beats")
        else:
            good.append(f"the tension follows the scene's beats (correlation {r:.2f}): {shape}")
    return Feedback(not problems, problems or good)


def shape_plot(spot: SpotCue, musics: Sequence[Motif | Cue], *, labels: Sequence[str] | None = None,
               ax: Axes | None = None) -> Axes:
    """The scene's wanted tension (its emotional beats, dots joined by straight lines) against the
    measured tension of one or more versions of a cue, over the cue's time.

    Examples
    --------
    >>> from scoring import Motif
    >>> cue_spot = spot(load_scene("chase"), [("01:00:05:00", "01:00:56:00", "Night Run")]).cues[0]
    >>> ax = shape_plot(cue_spot, [cue_spot.sketch(150, pulse=Motif.parse("4/4 D8 D F D G D F E"))])
    >>> ax.get_legend_handles_labels()[1]
    ['the scene wants', 'measured: 1M1 Night Run']

    Lesson: lessons/07_score_a_scene.ipynb
    """
    from scoring.core.plots import COLOURS, _axes

    scene = spot._scene()
    musics = list(musics)
    if not musics:
        raise ScoringError("give at least one version of the cue to measure")
    names = list(labels) if labels is not None else [getattr(m, "name", f"version {i}") for i, m in enumerate(musics, 1)]
    ax = _axes(ax, figsize=(9.5, 2.6))
    times = np.arange(0.0, spot.duration, 0.25)
    ax.plot(spot.start + times, [scene.target(spot.start + t) for t in times], color="#d0601b", lw=2.2,
            label="the scene wants")
    inside = [b for b in scene.beats if spot.start <= b.at <= spot.end]
    ax.plot([b.at for b in inside], [b.tension for b in inside], "o", color="#d0601b", ms=5)
    for b in inside:
        ax.annotate(b.label, (b.at, b.tension), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=6.5,
                    color="#8a4a10")
    for i, (m, name) in enumerate(zip(musics, names)):
        got = measured_tension(m, times, window=0.75)
        colour = [c for c in COLOURS if c != "#d0601b"][i % (len(COLOURS) - 1)]   # orange is the target's
        ax.plot(spot.start + times, got, color=colour, lw=1.4, label=f"measured: {name}")
    for h in spot.hits:
        ax.axvline(h, color="#c23a3a", lw=0.8, alpha=0.6)
    ax.set_ylim(0, 1.12)
    ax.set_xlim(spot.start, spot.end)
    ax.set_xlabel("seconds into the scene (hits in red)")
    ax.set_ylabel("tension")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title(f"{spot.number} {spot.title}: the tension the scene wants, and what the music measures", fontsize=9)
    return ax
