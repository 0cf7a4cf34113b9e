"""Scenes as values: the picture events, dialogue, emotional beats and source music of a scene to
score, read from a data file and checked against one schema.

A scene file (JSON, UTF-8, at most :data:`MAX_SCENE_BYTES`) gives timecodes on the reel (reel 1
starts at ``01:00:00:00``)::

    {"title": "...", "reel": 1, "fps": 24, "start": "01:00:00:00", "end": "01:01:00:00",
     "tempo_range": [120, 180], "synopsis": "...",
     "events":   [{"at": "01:00:05:00", "kind": "hit", "label": "headlights", "what": "..."}],
     "dialogue": [{"from": "01:00:02:00", "to": "01:00:04:05", "who": "JUNO", "line": "..."}],
     "beats":    [{"at": "01:00:00:00", "tension": 0.2, "label": "stillness"}],
     "sources":  [{"from": "01:00:00:00", "to": "01:00:05:00", "what": "her car radio"}],
     "shots":    [{"from": "01:00:00:00", "to": "01:00:05:00", "card": "INT. CAR PARK - NIGHT. Juno waits.",
                   "props": [{"kind": "car", "x0": 0.6, "y0": 0.9, "size": 0.3, "label": "JUNO"}]}]}

:data:`SCHEMA` lists every field and its rule; :func:`schema_text` prints it. ``kind`` is
``picture`` (a cut or an action), ``hit`` (a moment the music must catch) or ``sound``;
``beats`` are the emotional beats, each with the tension (0 calm .. 1 peak) the scene wants
there; ``sources`` are the spans where music plays in the scene's own world (a radio, a band).
``shots`` are the scene's staging for its animatic (:mod:`scoring.animatic`): storyboard panels,
each with its action card, its light and the props (silhouettes) that stand or move in it
(:class:`scoring.render.picture.Shot` and :class:`~scoring.render.picture.Prop` values).
Every list is in time order. Inside the package every time is in seconds from the scene's
first frame. A bad file raises a :class:`~scoring.errors.ScoringError` that names the field
(``events[2].kind``) and says how to fix it.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import difflib
import importlib
import json
import numbers
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scoring.core.time import FRAME_RATES, TEMPO_RANGE, seconds_to_timecode, timecode_to_seconds
from scoring.errors import ScoringError
from scoring.render.checks import number
from scoring.render.picture import PROP_KINDS, Prop, Shot

__all__ = ["SCENES_DIR", "EVENT_KINDS", "MAX_SCENE_BYTES", "MAX_ITEMS", "MAX_PROPS", "MAX_SCENE_SECONDS", "SCHEMA",
           "Field",
           "Event", "Line", "Source", "EmotionalBeat", "Scene", "check_real", "scene_path", "load_scene",
           "schema_text"]


def _picture_topic():
    """The animatic topic (one floor up), reached by name: see :meth:`Scene.animatic`."""
    return importlib.import_module("scoring.animatic")


#: Where the scenes shipped with the course live.
SCENES_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "scenes"
#: What a picture event can be: a cut or an action, a moment the music must catch, a sound.
EVENT_KINDS = ("picture", "hit", "sound")
#: The largest scene file read (bytes); a scene of a few minutes takes a few kilobytes.
MAX_SCENE_BYTES = 1_000_000
#: The most entries in each of a scene's lists (events, dialogue, beats, sources).
MAX_ITEMS = 1000
#: The longest scene (seconds): a reel runs about twenty minutes.
MAX_SCENE_SECONDS = 3600.0
#: The most props one shot of a scene's staging holds (each is drawn on every frame of its shot).
MAX_PROPS = 24
_NAME_CHARS, _PROSE_CHARS, _LABEL_CHARS = 200, 5000, 40
_SCENE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_FPS_TEXT = "23.976, 24, 25, 29.97 or 30 (film runs at 24)"


@dataclass(frozen=True)
class Field:
    """One field of the scene-file schema: whether it is ``required`` and its ``rule`` in words.

    Examples
    --------
    >>> SCHEMA["events"]["kind"]
    Field(required=True, rule='one of picture, hit, sound')

    Lesson: lessons/07_score_a_scene.ipynb
    """

    required: bool
    rule: str


#: The one schema of a scene file: each object (the scene, and an entry of each of its lists) ->
#: its fields. Fields not listed are refused (a misspelt key would otherwise be ignored).
SCHEMA: dict[str, dict[str, Field]] = {
    "scene": {
        "title": Field(True, f"text, 1-{_NAME_CHARS} characters"),
        "fps": Field(True, f"a number: {_FPS_TEXT}"),
        "start": Field(True, "timecode HH:MM:SS:FF of the scene's first frame"),
        "end": Field(True, f"timecode after start, at most {MAX_SCENE_SECONDS / 60:g} minutes later"),
        "reel": Field(False, "a whole number 1-99 (default 1)"),
        "tempo_range": Field(False, f"[slowest, fastest] BPM, {TEMPO_RANGE[0]:g} ≤ slowest < fastest ≤ "
                                    f"{TEMPO_RANGE[1]:g} (default [60, 180])"),
        "synopsis": Field(False, f"text, at most {_PROSE_CHARS} characters"),
        "genre": Field(False, f"text, at most {_NAME_CHARS} characters"),
        "licence": Field(False, f"text, at most {_PROSE_CHARS} characters"),
        "events": Field(False, f"a list of events in time order, at most {MAX_ITEMS}"),
        "dialogue": Field(False, f"a list of lines in time order, at most {MAX_ITEMS}"),
        "beats": Field(False, f"a list of emotional beats in time order, at most {MAX_ITEMS}"),
        "sources": Field(False, f"a list of source-music spans in time order, at most {MAX_ITEMS}"),
        "shots": Field(False, f"the staging for the animatic: a list of shots in time order, not overlapping, "
                              f"at most {MAX_ITEMS}"),
    },
    "events": {
        "at": Field(True, "timecode inside the scene"),
        "kind": Field(True, f"one of {', '.join(EVENT_KINDS)}"),
        "label": Field(False, f"text, at most {_NAME_CHARS} characters (default: the kind)"),
        "what": Field(False, f"text, at most {_PROSE_CHARS} characters"),
    },
    "dialogue": {
        "from": Field(True, "timecode inside the scene"),
        "to": Field(True, "timecode after from, inside the scene"),
        "who": Field(False, f"text, at most {_NAME_CHARS} characters"),
        "line": Field(True, f"text, at most {_PROSE_CHARS} characters"),
    },
    "beats": {
        "at": Field(True, "timecode inside the scene; one beat per moment"),
        "tension": Field(True, "a number from 0 (calm) to 1 (peak)"),
        "label": Field(False, f"text, at most {_NAME_CHARS} characters"),
    },
    "sources": {
        "from": Field(True, "timecode inside the scene"),
        "to": Field(True, "timecode after from, inside the scene"),
        "what": Field(False, f"text, at most {_PROSE_CHARS} characters"),
    },
    "shots": {
        "from": Field(True, "timecode inside the scene"),
        "to": Field(True, "timecode after from, inside the scene; the next shot starts here or later"),
        "card": Field(True, f"the action as text, slug line first (\"EXT. PIER - DUSK. ...\"), at most "
                            f"{_NAME_CHARS} characters"),
        "light": Field(False, "day, dusk or night (default: read from the card's slug line)"),
        "horizon": Field(False, "where the sky meets the ground, a fraction of the picture's height from the top, "
                                "0.1-1 (default 0.6; low, like 0.1, for a room)"),
        "props": Field(True, f"a list of at most {MAX_PROPS} props, drawn in order (later ones in front); may be []"),
    },
    "props": {
        "kind": Field(True, f"one of {', '.join(PROP_KINDS)}"),
        "x0": Field(True, "where it stands when the shot starts, across: 0 left edge .. 1 right edge "
                          "(-1 to 2 to start off screen)"),
        "y0": Field(True, "where it stands when the shot starts, down: 0 top .. 1 bottom of the picture; "
                          "a prop stands on this point (a moon is centred on it; a road's or sea's top edge)"),
        "x1": Field(False, "where it is when the shot ends, across (default x0: it stays put)"),
        "y1": Field(False, "where it is when the shot ends, down (default y0)"),
        "size": Field(False, "its height as a fraction of the picture's height, above 0 and at most 1.5 "
                             "(default 0.25)"),
        "label": Field(False, f"a short name shown above it, at most {_LABEL_CHARS} characters, like \"VAN\""),
    },
}
#: How :func:`schema_text` names each record.
_RECORD_NAMES = {"scene": "scene file", "props": "each entry of a shot's props"}


def schema_text() -> str:
    """The scene-file schema as text: every object, its fields, which are required and their rules.

    Examples
    --------
    >>> print(schema_text().splitlines()[1])
      title (required): text, 1-200 characters

    Lesson: lessons/07_score_a_scene.ipynb
    """
    out = []
    for record, fields in SCHEMA.items():
        out.append(_RECORD_NAMES.get(record, f"each entry of {record}"))
        out += [f"  {k} ({'required' if f.required else 'optional'}): {f.rule}" for k, f in fields.items()]
    return "\n".join(out)


# ---------------------------------------------------------------- checking values (each names where)
def _show(value: object) -> str:
    """A short picture of a value for a message, never recursing into it (a file may nest deeply)."""
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
    if isinstance(value, (numbers.Real, np.integer, np.floating)):
        text = repr(value) if not isinstance(value, (np.integer, np.floating)) else repr(value.item())
        return text if len(text) <= 24 else text[:24] + "…"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object {…}"
    return f"a {type(value).__name__}"


def check_real(value: object, where: str, fix: str) -> float:
    """A finite real number (int, float or NumPy number) as a float; bools, text, NaN and infinities
    are refused with a :class:`~scoring.errors.ScoringError` that starts with ``where`` and ends with ``fix``.

    Examples
    --------
    >>> check_real(np.int64(3), "tolerance", "give frames, like 2")
    3.0
    >>> check_real(True, "tolerance", "give frames, like 2")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: tolerance: true is not a finite number; give frames, like 2

    Lesson: lessons/07_score_a_scene.ipynb
    """
    try:
        return number(value, where, fix)
    except ScoringError:   # the scene file's wording: where it is, then the value as JSON writes it
        raise ScoringError(f"{where}: {_show(value)} is not a finite number; {fix}") from None


def _whole(value: object, where: str, lo: int, hi: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ScoringError(f"{where}: {_show(value)} should be a whole number from {lo} to {hi}, like {lo}")
    return int(value)


def _text(value: object, where: str, *, limit: int = _NAME_CHARS, blank: bool = True) -> str:
    if not isinstance(value, str):
        raise ScoringError(f'{where}: {_show(value)} should be text in double quotes, like "..."')
    if len(value) > limit:
        raise ScoringError(f"{where} has {len(value):,} characters; keep it to {limit:,}")
    if not blank and not value.strip():
        raise ScoringError(f"{where} is empty; give it a few words")
    return value


def _fps(value: object, where: str) -> float:
    x = check_real(value, where, f"write the frame rate as a number: {_FPS_TEXT}")
    for key in FRAME_RATES:
        if abs(x - key) < 0.006:
            return key
    raise ScoringError(f"{where}: {x:g} fps is not a frame rate I know; use {_FPS_TEXT}")


def _tempo_range(value: object, where: str) -> tuple[float, float]:
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ScoringError(f"{where}: {_show(value)} should be two tempos [slowest, fastest] in BPM, like [60, 180]")
    lo, hi = (check_real(v, f"{where}[{i}]", "give a tempo in BPM, like 120") for i, v in enumerate(value))
    a, b = TEMPO_RANGE
    if not (a <= lo <= b and a <= hi <= b):
        raise ScoringError(f"{where}: [{lo:g}, {hi:g}] leaves {a:g}-{b:g} BPM; film cues sit roughly between "
                           "40 (lament) and 180 (chase)")
    if lo >= hi:
        raise ScoringError(f"{where}: [{lo:g}, {hi:g}] runs backwards or is empty; write the slowest tempo "
                           f"first, like [{min(lo, hi):g}, {max(lo, hi) if lo != hi else hi + 20:g}]")
    return lo, hi


def _kind(value: object, where: str) -> str:
    if not isinstance(value, str) or value not in EVENT_KINDS:
        raise ScoringError(f"{where}: {_show(value)} is not an event kind; use one of {', '.join(EVENT_KINDS)}")
    return value


def _tension(value: object, where: str) -> float:
    t = check_real(value, where, "give a tension from 0 (calm) to 1 (peak), like 0.5")
    if not 0 <= t <= 1:
        raise ScoringError(f"{where}: {t:g} should be 0 (calm) to 1 (peak)")
    return t


def _moment(value: object, where: str) -> float:
    """Seconds from the scene's first frame, a finite number ≥ 0."""
    t = check_real(value, where, "give seconds from the scene's first frame, like 2.5")
    if t < 0:
        raise ScoringError(f"{where}: {t:g} s is before the scene's first frame; times count from 0")
    return t


def _span(start: object, end: object, where: str) -> tuple[float, float]:
    a, b = _moment(start, f"{where}.start"), _moment(end, f"{where}.end")
    if b <= a:
        raise ScoringError(f"{where} ends ({b:g} s) before it starts ({a:g} s); give the end after the start")
    return a, b


# ---------------------------------------------------------------- the scene's parts
@dataclass(frozen=True)
class Event:
    """Something on screen at ``at`` seconds (scene clock): a ``picture`` event, a ``hit`` or a ``sound``.

    Examples
    --------
    >>> Event(5.0, "hit", "headlights").kind
    'hit'

    Lesson: lessons/07_score_a_scene.ipynb
    """

    at: float
    kind: str
    label: str
    what: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", _moment(self.at, "Event.at"))
        _kind(self.kind, "Event.kind")
        object.__setattr__(self, "label", _text(self.label, "Event.label"))
        object.__setattr__(self, "what", _text(self.what, "Event.what", limit=_PROSE_CHARS))


@dataclass(frozen=True)
class Line:
    """A line of dialogue from ``start`` to ``end`` seconds, spoken by ``who``.

    Examples
    --------
    >>> Line(1.5, 3.75, "JUNO", "Ten minutes, he said.").end
    3.75

    Lesson: lessons/07_score_a_scene.ipynb
    """

    start: float
    end: float
    who: str
    text: str

    def __post_init__(self) -> None:
        a, b = _span(self.start, self.end, f"the line {_show(self.text)}")
        object.__setattr__(self, "start", a)
        object.__setattr__(self, "end", b)
        object.__setattr__(self, "who", _text(self.who, "Line.who"))
        object.__setattr__(self, "text", _text(self.text, "Line.text", limit=_PROSE_CHARS))


@dataclass(frozen=True)
class Source:
    """A span from ``start`` to ``end`` seconds in which music plays in the scene's own world
    (``what``: a car radio, a band): music spotted there is source music.

    Examples
    --------
    >>> Source(0.0, 5.0, "car radio").what
    'car radio'

    Lesson: lessons/07_score_a_scene.ipynb
    """

    start: float
    end: float
    what: str = ""

    def __post_init__(self) -> None:
        a, b = _span(self.start, self.end, f"the source {_show(self.what)}")
        object.__setattr__(self, "start", a)
        object.__setattr__(self, "end", b)
        object.__setattr__(self, "what", _text(self.what, "Source.what", limit=_PROSE_CHARS))


@dataclass(frozen=True)
class EmotionalBeat:
    """An emotional beat of a scene at ``at`` seconds: the ``tension`` (0 calm .. 1 peak) the scene
    wants there. (Not a musical beat, and not :class:`scoring.arc.Beat`, a stage of a motif's arc.)

    Examples
    --------
    >>> EmotionalBeat(40.5, 1.0, "crash").tension
    1.0

    Lesson: lessons/07_score_a_scene.ipynb
    """

    at: float
    tension: float
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", _moment(self.at, "EmotionalBeat.at"))
        object.__setattr__(self, "tension", _tension(self.tension, "EmotionalBeat.tension"))
        object.__setattr__(self, "label", _text(self.label, "EmotionalBeat.label"))


def _tuple_of(items: object, kind: type, where: str) -> tuple:
    if isinstance(items, (str, bytes, dict)) or not isinstance(items, (list, tuple)):
        raise ScoringError(f"{where} should be a list of {kind.__name__} values, not {_show(items)}")
    if len(items) > MAX_ITEMS:
        raise ScoringError(f"{where} has {len(items):,} entries, more than {MAX_ITEMS:,}; split the scene")
    for x in items:
        if not isinstance(x, kind):
            raise ScoringError(f"{where} should hold {kind.__name__} values, not {_show(x)}")
    return tuple(items)


@dataclass(frozen=True, eq=False)
class Scene:
    """A scene to score: title, frame rate, where it sits on the reel, and its events, dialogue and beats.

    Load one with :func:`load_scene`. Times are seconds from the scene's first frame;
    :meth:`tc` turns them back into reel timecode. ``beats`` are :class:`EmotionalBeat` values;
    ``shots`` (its staging for an animatic) are :class:`scoring.render.picture.Shot` values in time
    order, not overlapping.

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
    beats: tuple[EmotionalBeat, ...]
    reel: int = 1
    tempo_range: tuple[float, float] = (60.0, 180.0)
    synopsis: str = ""
    sources: tuple[Source, ...] = ()
    shots: tuple[Shot, ...] = ()

    def __post_init__(self) -> None:
        put = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 - frozen dataclass
        put("title", _text(self.title, "Scene.title", blank=False))
        put("fps", _fps(self.fps, "Scene.fps"))
        put("origin", _moment(self.origin, "Scene.origin"))
        d = check_real(self.duration, "Scene.duration", "give the scene's length in seconds")
        if not 0 < d <= MAX_SCENE_SECONDS:
            raise ScoringError(f"Scene.duration: {d:g} s; a scene lasts more than 0 and at most "
                               f"{MAX_SCENE_SECONDS:g} s; split a longer one")
        put("duration", d)
        put("reel", _whole(self.reel, "Scene.reel", 1, 99))
        put("tempo_range", _tempo_range(self.tempo_range, "Scene.tempo_range"))
        put("synopsis", _text(self.synopsis, "Scene.synopsis", limit=_PROSE_CHARS))
        for name, kind, key in (("events", Event, "at"), ("dialogue", Line, "start"),
                                ("beats", EmotionalBeat, "at"), ("sources", Source, "start")):
            items = _tuple_of(getattr(self, name), kind, f"Scene.{name}")
            late = [x for x in items if max(getattr(x, key), getattr(x, "end", 0.0)) > d + 1e-9]
            if late:
                raise ScoringError(f"Scene.{name}: {late[0]!r} runs past the scene's end ({d:g} s)")
            put(name, tuple(sorted(items, key=lambda x: getattr(x, key))))
        shots = _tuple_of(self.shots, Shot, "Scene.shots")
        for i, (a, b) in enumerate(zip(shots, shots[1:]), 1):
            if b.start < a.end - 1e-9:
                raise ScoringError(f"Scene.shots[{i}] starts at {b.start:g} s, before shots[{i - 1}] ends "
                                   f"({a.end:g} s); list the shots in time order, each starting where the last "
                                   "ends or later")
        if shots and shots[-1].end > d + 1e-9:
            raise ScoringError(f"Scene.shots: the last shot ends at {shots[-1].end:g} s, past the scene's end "
                               f"({d:g} s); end it at {d:g} s or earlier")
        put("shots", shots)

    @classmethod
    def from_dict(cls, data: dict) -> "Scene":
        """A scene from the dictionary a scene file holds, checked against :data:`SCHEMA`.

        Examples
        --------
        >>> Scene.from_dict({"title": "T", "fps": 24, "start": "01:00:00:00", "end": "01:00:10:00"}).duration
        10.0
        >>> Scene.from_dict({"title": "T", "fps": "abc", "start": "01:00:00:00", "end": "01:00:10:00"})
        Traceback (most recent call last):
        ...
        scoring.errors.ScoringError: fps: "abc" is not a finite number; write the frame rate as a number: 23.976, 24, 25, 29.97 or 30 (film runs at 24)

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return _SceneReader(data).scene()

    # ------------------------------------------------------------------ picture
    def animatic(self, music: object = None, *, streamers: bool = True, punches: bool = True,
                 click: bool = False, dialogue: bool = True, start: float | str | None = None,
                 end: float | str | None = None, **look: object) -> object:
        """The scene as an animatic ``Video`` with ``music`` at its in-points: the method form of
        :func:`scoring.animatic.animatic`, which documents every argument (``look`` takes its
        ``colours`` and ``size``).

        The picture is drawn one floor up, by the animatic topic: this method reaches it by name,
        the way a table library reaches its plotting backend, so that a scene value stays
        independent of the drawing code.

        Examples
        --------
        >>> load_scene("kitchen_dialogue").animatic(start=6.0)
        Kitchen, 2 a.m. (05:00:06:00-05:00:08:00): no music + dialogue murmur; 2.0 s at 24 fps, 48 frames

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return _picture_topic().animatic(self, music, streamers=streamers, punches=punches, click=click,
                                    dialogue=dialogue, start=start, end=end, **look)

    def cue_animatic(self, spotted_cue: object, music: object = None, *, pre_roll: float = 2.0,
                     **options: object) -> object:
        """One spotted cue against this scene's picture, from ``pre_roll`` seconds before its in-point:
        the method form of :func:`scoring.animatic.cue_animatic`, which documents every argument.

        Examples
        --------
        >>> from scoring.core.motif import Motif
        >>> from scoring.scene import spot
        >>> kitchen = load_scene("kitchen_dialogue")
        >>> look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
        >>> kitchen.cue_animatic(look, Motif.parse("c4 e g c'", tempo=120), pre_roll=1.0).start
        4.0

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return _picture_topic().cue_animatic(self, spotted_cue, music, pre_roll=pre_roll, **options)

    # ------------------------------------------------------------------ reading
    @property
    def hits(self) -> tuple[Event, ...]:
        """The events the music must catch.

        Examples
        --------
        >>> scene = load_scene("chase")
        >>> [h.label for h in scene.hits][:3]
        ['headlights', 'tyres', 'bump']

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return tuple(e for e in self.events if e.kind == "hit")

    @property
    def frame_rate(self) -> float:
        """Real frames per second (23.976 and 29.97 run 1000/1001 slower than their numbers).

        Examples
        --------
        >>> load_scene("chase").frame_rate
        24.0

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return FRAME_RATES[self.fps][1]

    def is_source(self, start: float, end: float) -> bool:
        """Whether a span (scene seconds) lies inside one of the scene's sources, so music there is source music.

        Examples
        --------
        >>> scene = load_scene("chase")
        >>> scene.is_source(0.0, 4.5), scene.is_source(4.0, 6.0)
        (True, False)

        Lesson: lessons/07_score_a_scene.ipynb
        """
        a = check_real(start, "start", "give scene seconds")
        b = check_real(end, "end", "give scene seconds")
        return any(src.start - 1e-6 <= a and b <= src.end + 1e-6 for src in self.sources)

    def tc(self, seconds: float) -> str:
        """Reel timecode of a moment ``seconds`` into the scene.

        Examples
        --------
        >>> scene = load_scene("chase")
        >>> scene.tc(40 + 14 / 24)
        '01:00:40:14'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return seconds_to_timecode(self.origin + check_real(seconds, "time", "give scene seconds, like 5.0"), self.fps)

    def seconds(self, when: float | str) -> float:
        """Scene seconds of a reel timecode (numbers pass through as scene seconds).

        Examples
        --------
        >>> scene = load_scene("chase")
        >>> scene.seconds("01:00:10:12"), scene.seconds(3)
        (10.5, 3.0)

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if isinstance(when, str):
            return timecode_to_seconds(when, self.fps) - self.origin
        return check_real(when, "time", "give scene seconds or a reel timecode like '01:00:05:00'")

    def target(self, seconds: float) -> float:
        """The tension the scene wants at a moment: straight lines between its emotional beats.

        Examples
        --------
        >>> scene = load_scene("chase")
        >>> round(scene.target(2.5), 2)  # halfway from 0.15 (0 s) to 0.45 (5 s)
        0.3

        Lesson: lessons/07_score_a_scene.ipynb
        """
        t = check_real(seconds, "time", "give scene seconds, like 5.0")
        if not self.beats:
            return 0.5
        return float(np.interp(t, [b.at for b in self.beats], [b.tension for b in self.beats]))

    def summary(self) -> str:
        """One line: title, length, frame rate, timecodes and how many events, lines and beats.

        Examples
        --------
        >>> load_scene("farewell").summary()
        'The Last Ferry: 75.0 s at 24 fps, 02:00:00:00-02:01:15:00; 11 events (6 hits), 7 lines, 9 emotional beats'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return (f"{self.title}: {self.duration:.1f} s at {self.fps:g} fps, {self.tc(0)}-{self.tc(self.duration)}; "
                f"{len(self.events)} events ({len(self.hits)} hits), {len(self.dialogue)} lines, "
                f"{len(self.beats)} emotional beats")

    def __repr__(self) -> str:
        return self.summary()

    def table(self) -> str:
        """Everything in time order: timecode, seconds, what (hits marked HIT, lines in quotes, beats with their tension).

        Examples
        --------
        >>> print(load_scene("kitchen_dialogue").table().splitlines()[2])
        05:00:00:00   0.0  beat    a quiet kitchen (tension 0.20)

        Lesson: lessons/07_score_a_scene.ipynb
        """
        rows = [(e.at, "HIT" if e.kind == "hit" else e.kind, e.what or e.label) for e in self.events]
        rows += [(d.start, "line", f'{d.who}: "{d.text}" ({d.end - d.start:.1f} s)') for d in self.dialogue]
        rows += [(b.at, "beat", f"{b.label} (tension {b.tension:.2f})") for b in self.beats]
        rows += [(x.start, "source", f"{x.what} (music in the scene, to {self.tc(x.end)})") for x in self.sources]
        order = {"HIT": 0, "picture": 1, "sound": 2, "source": 3, "line": 4, "beat": 5}
        rows.sort(key=lambda r: (round(r[0], 6), order[r[1]]))
        lines = [f"{'timecode':11} {'s':>5}  {'':7} what"]
        lines += [f"{self.tc(t):11} {t:5.1f}  {k:7} {w}" for t, k, w in rows]
        return "\n".join(lines)


# ---------------------------------------------------------------- reading a scene file
class _Record:
    """One JSON object checked against its :data:`SCHEMA` entry; every message names the field's path."""

    def __init__(self, data: object, path: str, record: str) -> None:
        self.fields = SCHEMA[record]
        self.path = path
        if not isinstance(data, dict):
            raise ScoringError(f"{path or 'the scene'} should be an object {{...}} with "
                               f"{', '.join(repr(k) for k, f in self.fields.items() if f.required)}, not {_show(data)}")
        for key in data:
            if key not in self.fields:
                near = difflib.get_close_matches(str(key), list(self.fields), n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                raise ScoringError(f"{self.where(key)} is not a field of {path or 'a scene'}; {hint}the fields are "
                                   f"{', '.join(self.fields)}")
        for key, f in self.fields.items():
            if f.required and key not in data:
                raise ScoringError(f"{path or 'the scene'} has no {key!r}; add it ({f.rule})")
        self.data = data

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, default: str = "", *, limit: int = _NAME_CHARS) -> str:
        return _text(self.data[key], self.where(key), limit=limit) if key in self.data else default

    def items(self, key: str) -> list:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise ScoringError(f"{self.where(key)}: {_show(value)} should be a list [...] ({self.fields[key].rule})")
        if len(value) > MAX_ITEMS:
            raise ScoringError(f"{self.where(key)} has {len(value):,} entries, more than {MAX_ITEMS:,}; split the scene")
        return value


class _SceneReader:
    """Reads a scene file's dictionary into a :class:`Scene`, field by field."""

    def __init__(self, data: object) -> None:
        self.top = _Record(data, "", "scene")
        self.fps = _fps(self.top.data["fps"], "fps")
        self.origin = self.timecode(self.top, "start")
        end = self.timecode(self.top, "end")
        if end <= self.origin:
            raise ScoringError(f"end: the scene ends ({self.top.data['end']}) before it starts "
                               f"({self.top.data['start']}); give an end after the start")
        if end - self.origin > MAX_SCENE_SECONDS:
            raise ScoringError(f"end: the scene lasts {end - self.origin:,.0f} s, more than {MAX_SCENE_SECONDS:g} s; "
                               "split it into shorter scenes")
        self.duration = end - self.origin

    def timecode(self, rec: _Record, key: str) -> float:
        value = rec.data[key]
        if not isinstance(value, str):
            raise ScoringError(f"{rec.where(key)}: {_show(value)} should be a timecode in quotes, like \"01:00:04:12\"")
        try:
            return timecode_to_seconds(value, self.fps)
        except ScoringError as exc:
            raise ScoringError(f"{rec.where(key)}: {exc}") from None

    def moment(self, rec: _Record, key: str) -> float:
        t = self.timecode(rec, key) - self.origin
        if not -1e-9 <= t <= self.duration + 1e-9:
            raise ScoringError(f"{rec.where(key)}: {rec.data[key]} is outside the scene ({self.top.data['start']} "
                               f"to {self.top.data['end']}); give a time inside it")
        return min(max(0.0, t), self.duration)

    def span(self, rec: _Record) -> tuple[float, float]:
        a, b = self.moment(rec, "from"), self.moment(rec, "to")
        if b <= a:
            raise ScoringError(f"{rec.where('to')}: {rec.data['to']} is not after from ({rec.data['from']}); "
                               "the span ends before it starts")
        return a, b

    def entries(self, key: str) -> list[_Record]:
        return [_Record(x, f"{key}[{i}]", key) for i, x in enumerate(self.top.items(key))]

    def in_order(self, key: str, recs: list[_Record], times: list[float], *, strict: bool = False) -> None:
        for i in range(1, len(times)):
            if times[i] < times[i - 1] or (strict and times[i] == times[i - 1]):
                field_name = "at" if "at" in SCHEMA[key] else "from"
                a, b = recs[i - 1].data[field_name], recs[i].data[field_name]
                why = "two beats at one moment; keep one" if times[i] == times[i - 1] else \
                    f"it comes before {key}[{i - 1}] ({a}); list {key} in time order (or is a timecode mistyped?)"
                raise ScoringError(f"{key}[{i}].{field_name}: {b}: {why}")

    def scene(self) -> Scene:
        top = self.top
        events, recs = [], self.entries("events")
        for r in recs:
            kind = _kind(r.data["kind"], r.where("kind"))
            events.append(Event(self.moment(r, "at"), kind, r.text("label", kind), r.text("what", limit=_PROSE_CHARS)))
        self.in_order("events", recs, [e.at for e in events])
        lines, recs = [], self.entries("dialogue")
        for r in recs:
            a, b = self.span(r)
            lines.append(Line(a, b, r.text("who"), r.text("line", limit=_PROSE_CHARS)))
        self.in_order("dialogue", recs, [d.start for d in lines])
        beats, recs = [], self.entries("beats")
        for r in recs:
            t = _tension(r.data["tension"], r.where("tension"))
            beats.append(EmotionalBeat(self.moment(r, "at"), t, r.text("label")))
        self.in_order("beats", recs, [b.at for b in beats], strict=True)
        sources, recs = [], self.entries("sources")
        for r in recs:
            a, b = self.span(r)
            sources.append(Source(a, b, r.text("what", limit=_PROSE_CHARS)))
        self.in_order("sources", recs, [s.start for s in sources])
        shots = self.shots()
        reel = _whole(top.data["reel"], "reel", 1, 99) if top.has("reel") else 1
        tempo = _tempo_range(top.data["tempo_range"], "tempo_range") if top.has("tempo_range") else (60.0, 180.0)
        top.text("genre")
        top.text("licence", limit=_PROSE_CHARS)
        return Scene(_text(top.data["title"], "title", blank=False), self.fps, self.origin, self.duration,
                     tuple(events), tuple(lines), tuple(beats), reel, tempo,
                     top.text("synopsis", limit=_PROSE_CHARS), tuple(sources), shots)

    def shots(self) -> tuple[Shot, ...]:
        """The staging: each shot's span, card, light, horizon and props, checked field by field."""
        out, recs = [], self.entries("shots")
        for r in recs:
            a, b = self.span(r)
            if out and a < out[-1].end - 1e-9:
                raise ScoringError(f"{r.where('from')}: {r.data['from']} is before the previous shot ends "
                                   f"({recs[len(out) - 1].data['to']}); shots follow one another without overlapping")
            light = r.text("light")
            if r.has("light") and light not in ("day", "dusk", "night"):
                raise ScoringError(f"{r.where('light')}: {_show(light)} is not a light; use day, dusk or night")
            horizon = check_real(r.data.get("horizon", 0.6), r.where("horizon"),
                                 "give where the sky meets the ground, like 0.6")
            items = r.items("props")
            if len(items) > MAX_PROPS:
                raise ScoringError(f"{r.where('props')} has {len(items)} props, more than {MAX_PROPS}; "
                                   "split the shot or leave some scenery out")
            props = [self.prop(p, f"{r.path}.props[{j}]") for j, p in enumerate(items)]
            out.append(_built(Shot, r.path, a, b, r.text("card", limit=_NAME_CHARS), tuple(props),
                              light=light, horizon=horizon))
        return tuple(out)

    def prop(self, data: object, path: str) -> Prop:
        """One prop of a shot, checked field by field."""
        r = _Record(data, path, "props")
        kind = r.data["kind"]
        if not isinstance(kind, str) or kind not in PROP_KINDS:
            near = difflib.get_close_matches(str(kind), PROP_KINDS, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ScoringError(f"{r.where('kind')}: {_show(kind)} is not a prop; {hint}use one of "
                               f"{', '.join(PROP_KINDS)}")
        fix = "give a fraction of the picture, like 0.5"
        x0, y0 = (check_real(r.data[k], r.where(k), fix) for k in ("x0", "y0"))
        x1, y1 = (check_real(r.data[k], r.where(k), fix) if r.has(k) else None for k in ("x1", "y1"))
        size = check_real(r.data.get("size", 0.25), r.where("size"),
                          "give a fraction of the picture's height, like 0.25")
        return _built(Prop, path, kind, x0, y0, x1, y1, size=size, label=r.text("label", limit=_LABEL_CHARS))


def _built(kind: type, path: str, *args, **kwargs):
    """A picture value built from checked fields; a range the picture refuses is named by the field's path."""
    try:
        return kind(*args, **kwargs)
    except ScoringError as exc:
        raise ScoringError(f"{path}: {exc}") from None


def scene_path(name: str) -> Path:
    """Where a scene shipped with the course lives: ``assets/scenes/<name>.json``.

    Examples
    --------
    >>> scene_path("chase").name
    'chase.json'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    have = ", ".join(sorted(q.stem for q in SCENES_DIR.glob("*.json"))) or "none"
    if not isinstance(name, str) or not _SCENE_NAME.match(name):
        raise ScoringError(f"{_show(name)} is not a scene name; the course has: {have} (for your own file "
                           "give its path, ending in .json)")
    p = SCENES_DIR / f"{name}.json"
    if not p.is_file():
        raise ScoringError(f"there is no scene called {name!r}; the course has: {have}")
    return p


def _reject_constant(name: str):
    raise ScoringError(f"{name} is not a JSON number; write a finite number")


def _no_twins(pairs: list) -> dict:
    out = {}
    for k, v in pairs:
        if k in out:
            raise ScoringError(f"the key {k!r} appears twice in one object; keep one")
        out[k] = v
    return out


def _read_json(p: Path) -> object:
    """The JSON a file holds, within :data:`MAX_SCENE_BYTES`, as UTF-8, without NaN or repeated keys."""
    try:
        size = p.stat().st_size if p.is_file() else None
        if size is not None and size <= MAX_SCENE_BYTES:
            with open(p, "rb") as fh:
                raw = fh.read(MAX_SCENE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise ScoringError(f"cannot read {str(p)!r} ({type(exc).__name__}); check the path") from None
    if size is None:
        raise ScoringError(f"no scene file at {str(p)!r}; check the path (or give a course scene's name)")
    if size > MAX_SCENE_BYTES:
        raise ScoringError(f"{p.name} is {size:,} bytes, more than {MAX_SCENE_BYTES:,}; a scene file is a few "
                           "kilobytes of text: check that it is the right file")
    if len(raw) > MAX_SCENE_BYTES:
        raise ScoringError(f"{p.name} holds more than {MAX_SCENE_BYTES:,} bytes; a scene file is a few kilobytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScoringError(f"{p.name} is not UTF-8 text (byte {exc.start} is {raw[exc.start]:#04x}); save it "
                           "as UTF-8 in your editor") from None
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_twins)
    except json.JSONDecodeError as exc:
        raise ScoringError(f"{p.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                           "check commas, quotes and brackets") from None
    except ScoringError as exc:                   # NaN or a repeated key
        raise ScoringError(f"{p.name}: {exc}") from None
    except RecursionError:
        raise ScoringError(f"{p.name} nests lists or objects too deeply; a scene file nests three levels "
                           "(the scene, its lists, their entries)") from None
    except ValueError as exc:   # e.g. an integer with thousands of digits
        raise ScoringError(f"{p.name} holds a value JSON cannot read here ({exc}); write plain numbers") from None


def load_scene(name_or_path: str | os.PathLike) -> Scene:
    """Load a scene: a name shipped with the course (``"chase"``, ``"farewell"``) or a path to a JSON
    file, checked against :data:`SCHEMA` (every problem names its field and the fix).

    Examples
    --------
    >>> s = load_scene("farewell")
    >>> s.title, len(s.hits) > 2
    ('The Last Ferry', True)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if isinstance(name_or_path, os.PathLike):
        p = Path(name_or_path)
    elif isinstance(name_or_path, str):
        p = Path(name_or_path) if name_or_path.lower().endswith(".json") else scene_path(name_or_path)
    else:
        raise ScoringError(f"load_scene() takes a scene's name, like 'chase', or a path to a .json file, "
                           f"not {_show(name_or_path)}")
    if p.suffix.lower() != ".json":
        raise ScoringError(f"{str(p)!r} should be a .json scene file")
    data = _read_json(p)
    try:
        return Scene.from_dict(data)
    except ScoringError as exc:
        raise ScoringError(f"{p.name}: {exc}") from None
