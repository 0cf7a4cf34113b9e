"""The scoring grid: write music on a scene's own timeline, in bars and beats, against its picture.

A piano roll whose time runs in **seconds of the cue** while its bar lines follow the cue's
:class:`~scoring.core.time.TempoMap` (so bars narrow where the music speeds up, and a fermata is a
gap where the clock stands), with the scene drawn on it: the hit points as labelled red lines, the
dialogue as shaded bands with the speaker, the cue's in and out, and a small still of the animatic
at the playhead. The student clicks (or click-drags) to add a note, drags to move it, drags its
right edge to lengthen it, and deletes it, on several layers, an instrument each; space plays the
cue alone, "with picture" plays it against the animatic (rendered by the kernel on request).

``grid.cue`` is a :class:`~scoring.core.cue.Cue` at once: it is built from the ``notes`` trait
(``[layer, pitch, start beat, length in beats, velocity]`` rows) whenever they change, and
``grid.cue = some_cue`` loads any cue into the grid. Bad input raises a :class:`GridError` (a
:class:`~scoring.errors.ScoringError`); in the browser it is refused with a visible message.

Why anywidget rather than ipywidgets: the grid is custom canvas drawing driven by pointer drags and
keys (space, arrows, Delete), for which ipywidgets has no control; anywidget ships one plain ES
module (``grid.js`` beside this file, no build step, no CDN, nothing fetched) and runs the same in
JupyterLab, VS Code and Colab. Where no kernel runs (the static site, slides, a notebook opened
untrusted) the widget's MIME bundle carries a still PNG of the grid with alt text.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import base64
import io
import math
import re
import time
from fractions import Fraction
from pathlib import Path
from typing import Sequence

import anywidget
import numpy as np
import traitlets
from traitlets import TraitError

from scoring.animatic import animatic, cue_animatic
from scoring.core.cue import ARTICULATIONS, Chord, Cue, Layer, as_cue
from scoring.core.film import Scene
from scoring.core.instruments import GM_NAMES, instrument_name, instrument_value
from scoring.core.motif import Motif
from scoring.core.notes import MAX_DURATION, MAX_NOTES, MIN_DURATION, as_duration
from scoring.core.pitch import midi_number, note_name, parse_key
from scoring.core.time import FRAME_RATES, TempoMap, timecode_to_frames
from scoring.errors import ScoringError
from scoring.render import roll as _roll
from scoring.render.analog import Patch
from scoring.render.dsp import limit, mono
from scoring.render.files import mp3_bytes, wav_bytes
from scoring.render.html import escape, figure_png
from scoring.render.picture import draw_frame
from scoring.render.synth import render_events
from scoring.scene import SpotCue

__all__ = ["MAX_GRID_NOTES", "MAX_GRID_LAYERS", "SNAPS", "RANGES", "AUDIO_RATE", "SOUNDS", "GridError", "playable_range",
           "snap_beat", "cue_notes", "notes_cue", "ScoringGrid"]

#: The most notes one grid holds (a dense minute of music has a few hundred); more is refused.
MAX_GRID_NOTES = 2000
#: The most layers (instruments) one grid holds.
MAX_GRID_LAYERS = 8
#: What a note snaps to, in quarter notes: ``"beat"`` is the metre's counting unit (a quarter in
#: 4/4, an eighth in 6/8); ``"off"`` still keeps notes on 64ths, the shortest note a cue holds.
SNAPS: dict[str, Fraction | None] = {"beat": None, "eighth": Fraction(1, 2), "sixteenth": Fraction(1, 4),
                                     "off": MIN_DURATION}
#: The grid's draft sound: mono at 16 kHz (the course's MP3 players keep nothing above 8 kHz anyway).
AUDIO_RATE = 16000
#: How the sound travels to the browser: MP3 (small; the encoder takes most of the time from an edit
#: to its sound) or 16-bit WAV (about ten times larger, ready at once; for a kernel on this computer).
SOUNDS = {"mp3": "audio/mpeg", "wav": "audio/wav"}
#: Sounding ranges (lowest, highest MIDI note) a player can be asked for, after the range charts in
#: Samuel Adler, *The Study of Orchestration* (4th ed., Norton, 2016); instruments not listed
#: (synths, effects, patches) may play anything in MIDI's 0-127.
RANGES: dict[str, tuple[int, int]] = {
    "Piccolo": (74, 108), "Flute": (60, 96), "Oboe": (58, 93), "English Horn": (52, 84), "Clarinet": (50, 94),
    "Bassoon": (34, 76), "Soprano Sax": (56, 88), "Alto Sax": (49, 80), "Tenor Sax": (44, 76),
    "Baritone Sax": (37, 69), "Recorder": (72, 98), "French Horn": (35, 77), "Trumpet": (52, 84),
    "Muted Trumpet": (52, 84), "Trombone": (40, 77), "Tuba": (26, 65), "Brass Section": (26, 84),
    "Timpani": (38, 60), "Glockenspiel": (79, 108), "Xylophone": (65, 108), "Marimba": (36, 96),
    "Vibraphone": (53, 89), "Tubular Bells": (60, 77), "Celesta": (60, 108), "Orchestral Harp": (23, 104),
    "Acoustic Grand Piano": (21, 108), "Bright Acoustic Piano": (21, 108), "Violin": (55, 105),
    "Viola": (48, 88), "Cello": (36, 81), "Contrabass": (28, 67), "Tremolo Strings": (28, 105),
    "Pizzicato Strings": (28, 100), "String Ensemble 1": (28, 105), "String Ensemble 2": (28, 105),
    "Choir Aahs": (40, 84), "Voice Oohs": (40, 84), "Acoustic Guitar (nylon)": (40, 83),
    "Acoustic Guitar (steel)": (40, 86), "Acoustic Bass": (28, 67), "Electric Bass (finger)": (28, 67),
}
_VOICE = re.compile(r"^(.*) \(voice (\d+)\)$")
_NAME_CHARS = 40
_FRAMES_MOST = 24
_STILL = (240, 135)


class GridError(ScoringError, TraitError):
    """Bad input to the scoring grid: a :class:`~scoring.errors.ScoringError` (and a traitlets
    ``TraitError``, so a change the browser sends is refused and rolled back whole).

    Lesson: lessons/07_score_a_scene.ipynb
    """


def playable_range(instrument: str | int | Patch) -> tuple[int, int]:
    """The lowest and highest MIDI note an instrument is written for (see :data:`RANGES`).

    Examples
    --------
    >>> playable_range("cello"), playable_range("Lead 2 (sawtooth)")
    ((36, 81), (0, 127))

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if isinstance(instrument, Patch):
        return 0, 127
    return RANGES.get(instrument_name(instrument), (0, 127))


def _den(clock: TempoMap, beat: Fraction) -> int:
    """The metre's denominator at a beat."""
    metre = [ts for b, ts in clock.metres if Fraction(b) <= beat][-1]
    return int(metre.split("/")[1])


def snap_beat(beat: float, snap: str = "eighth", *, tempo_map: TempoMap | None = None) -> Fraction:
    """The grid position nearest ``beat`` (quarter notes from the cue's start) for a snap setting,
    counted from the barline before it: a ``"beat"`` is the metre's unit there.

    Examples
    --------
    >>> snap_beat(1.3, "eighth"), snap_beat(1.3, "beat"), snap_beat(1.3, "off")
    (Fraction(3, 2), Fraction(1, 1), Fraction(21, 16))
    >>> snap_beat(3.8, "beat", tempo_map=TempoMap.constant(120, time_signature="6/8"))
    Fraction(4, 1)

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(snap, str) or snap not in SNAPS:
        raise GridError(f"snap={snap!r}: choose one of {', '.join(repr(s) for s in SNAPS)}")
    if isinstance(beat, bool) or not isinstance(beat, (int, float, Fraction, np.integer, np.floating)) \
            or not math.isfinite(beat) or not 0 <= beat <= 1_000_000:
        raise GridError(f"beat {beat!r} should be a number of quarter notes from the cue's start, 0 or more")
    clock = tempo_map if tempo_map is not None else TempoMap.constant(100)
    if not isinstance(clock, TempoMap):
        raise GridError(f"tempo_map should be a TempoMap, not {type(clock).__name__}")
    b = Fraction(beat).limit_denominator(960)
    bar = Fraction(clock.barlines(float(b))[-1])
    step = SNAPS[snap] or Fraction(4, _den(clock, b))
    return bar + round((b - bar) / step) * step


# ---------------------------------------------------------------- notes <-> cue
def _layer_dict(name: str, instrument, articulation: str, velocity: int) -> dict:
    lo, hi = playable_range(instrument)
    return {"name": name, "instrument": str(instrument), "articulation": articulation, "lo": lo, "hi": hi,
            "velocity": int(velocity), "patch": isinstance(instrument, Patch)}


def cue_notes(cue: Cue | Motif) -> tuple[list[dict], list[list]]:
    """A cue as the grid holds it: its layers (name, instrument, articulation, playable range,
    velocity for new notes) and its notes as ``[layer, pitch, start, length, velocity]`` rows
    (beats in quarter notes, in time order). A chord is several notes at one start and length;
    layers the grid split into voices (``"strings (voice 2)"``) join their layer again.

    Examples
    --------
    >>> layers, notes = cue_notes(Motif.parse("4/4 c4 e g", instrument="Flute"))
    >>> layers[0]["name"], layers[0]["lo"], notes[1]
    ('melody', 60, [0, 64, 1.0, 1.0, 80])

    Lesson: lessons/07_score_a_scene.ipynb
    """
    cue = as_cue(cue)
    layers: list[dict] = []
    rows: list[list] = []
    for layer in cue.layers:
        m = _VOICE.match(layer.role)
        base = m.group(1) if m else layer.role
        home = [i for i, d in enumerate(layers) if d["name"] == base and d["instrument"] == str(layer.instrument)
                and d["articulation"] == layer.articulation]
        if home and m:
            index = home[0]
        else:
            velocities = sorted(c.velocity for c in layer.chords if c.pitches)
            velocity = velocities[len(velocities) // 2] if velocities else 80
            name = base if base not in [d["name"] for d in layers] else f"{base} {len(layers) + 1}"
            layers.append(_layer_dict(name[:_NAME_CHARS], layer.instrument, layer.articulation, velocity))
            index = len(layers) - 1
        t = Fraction(0)
        for c in layer.chords:
            rows += [[index, p, float(t), float(c.duration), c.velocity] for p in c.pitches]
            t += c.duration
    rows.sort(key=lambda r: (r[0], r[2], r[1], r[3]))
    return layers, rows


def _rests(gap: Fraction) -> list[Chord]:
    """Rests filling ``gap`` beats, none longer than the longest note a cue holds."""
    out = []
    while gap > 0:
        d = min(gap, MAX_DURATION)
        out.append(Chord((), d))
        gap -= d
    return out


def _voices(rows: list[tuple[Fraction, Fraction, int, int]]) -> list[list[tuple[Fraction, Chord]]]:
    """Chords (notes sharing start, length and velocity) dealt into voices that never overlap; a gap
    shorter than a 64th, which no rest can fill, also takes a new voice."""
    chords: dict[tuple[Fraction, Fraction, int], list[int]] = {}
    for start, length, pitch, velocity in rows:
        chords.setdefault((start, length, velocity), []).append(pitch)
    voices: list[list[tuple[Fraction, Chord]]] = []
    ends: list[Fraction] = []
    for (start, length, velocity), pitches in sorted(chords.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        chord = Chord(tuple(pitches), length, velocity)
        for v, end in enumerate(ends):
            gap = start - end
            if (gap == 0 or gap >= MIN_DURATION) and len(voices[v]) < MAX_NOTES // 2:
                break
        else:
            voices.append([])
            ends.append(Fraction(0))
            v = len(voices) - 1
        voices[v].append((start, chord))
        ends[v] = start + length
    return voices


def notes_cue(notes: Sequence[Sequence], layers: Sequence[dict], *, name: str = "Cue", key: str = "C major",
              tempo_map: TempoMap | None = None, length: float = 0, patches: dict | None = None) -> Cue:
    """The cue the grid's notes make: a layer per grid layer (overlapping notes of different lengths
    become extra voices, ``"strings (voice 2)"``), rests between notes, on the grid's clock. The cue
    lasts ``length`` beats at least (a trailing rest), longer if notes run past.

    Examples
    --------
    >>> layers = [{"name": "melody", "instrument": "Flute"}]
    >>> cue = notes_cue([[0, 72, 0, 1, 80], [0, 76, 2, 2, 80]], layers, tempo_map=TempoMap.constant(90))
    >>> cue.summary()
    'Cue: melody (Flute) | C major | 4/4 | 90 BPM | 2.7 s'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    clock = tempo_map if tempo_map is not None else TempoMap.constant(100)
    by_layer: list[list[tuple[Fraction, Fraction, int, int]]] = [[] for _ in layers]
    for layer, pitch, start, dur, velocity in notes:
        by_layer[layer].append((Fraction(start).limit_denominator(960), Fraction(dur).limit_denominator(960),
                                int(pitch), int(velocity)))
    out: list[Layer] = []
    for d, rows in zip(layers, by_layer):
        instrument = (patches or {}).get(d["instrument"], d["instrument"]) if d.get("patch") else d["instrument"]
        articulation = d.get("articulation", "normal")
        voices = _voices(rows) or [[]]
        for k, voice in enumerate(voices):
            chords, t = [], Fraction(0)
            for start, chord in voice:
                chords += _rests(start - t) + [chord]
                t = start + chord.duration
            role = d["name"] if k == 0 else f"{d['name']} (voice {k + 1})"
            out.append(Layer(role, tuple(chords or [Chord((), 1)]), instrument, articulation))
    if len(out) > 15:
        raise GridError(f"these notes need {len(out)} layers (overlapping notes of different lengths each take a "
                        "voice of their own) but a cue holds 15; give notes that start together the same length")
    total = max([Fraction(length).limit_denominator(960)] + [l.quarter_length for l in out if any(c.pitches for c in l.chords)])
    first = out[0]
    if first.quarter_length < total:
        if all(c.is_rest for c in first.chords):
            out[0] = first.with_(chords=tuple(_rests(total)))
        else:
            out[0] = first.with_(chords=first.chords + tuple(_rests(total - first.quarter_length)))
    return Cue(tuple(out), name, key, clock.tempo, clock.metres[0][1], tempo_map=clock)


def _checked_rows(value: object, layers: list[dict], extent: Fraction) -> list[list]:
    """The notes checked (a list of ``[layer, pitch, start, length, velocity]`` rows inside the grid,
    each in its layer's instrument's range), as plain numbers."""
    fix = "give notes as [layer, pitch, start, length, velocity] rows, like [0, 60, 0.0, 1.0, 80]"
    if not isinstance(value, (list, tuple)):
        raise GridError(f"notes should be a list of rows; {fix}")
    if len(value) > MAX_GRID_NOTES:
        raise GridError(f"{len(value):,} notes is more than the grid's {MAX_GRID_NOTES:,}; split the cue in two")
    out = []
    for row in value:
        if not isinstance(row, (list, tuple)) or len(row) != 5 or not all(
                isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) and math.isfinite(x)
                for x in row):
            raise GridError(f"note {str(row)[:60]} is not a row of five numbers; {fix}")
        layer, pitch, start, length, velocity = row
        if layer != int(layer) or not 0 <= layer < len(layers):
            raise GridError(f"note {list(row)}: layer {layer} does not exist; the layers are 0-{len(layers) - 1}")
        d = layers[int(layer)]
        if pitch != int(pitch) or not 0 <= pitch <= 127:
            raise GridError(f"note {list(row)}: pitch {pitch} is outside MIDI 0-127 (60 is middle C)")
        if not d["lo"] <= pitch <= d["hi"]:
            raise GridError(f"{note_name(int(pitch))} is outside the {d['instrument']}'s range "
                            f"({note_name(d['lo'])}-{note_name(d['hi'])}); move it by an octave or give the "
                            f"{d['name']} layer another instrument")
        if velocity != int(velocity) or not 1 <= velocity <= 127:
            raise GridError(f"note {list(row)}: velocity {velocity} must be a whole number 1-127")
        a, n = Fraction(start).limit_denominator(960), Fraction(length).limit_denominator(960)
        if a < 0 or a + n > extent:
            raise GridError(f"a note at beat {float(a):g} lasting {float(n):g} runs outside the grid "
                            f"(beats 0-{float(extent):g}); move it inside")
        as_duration(n)
        out.append([int(layer), int(pitch), float(start), float(length), int(velocity)])
    return out


def _checked_layers(value: object, patches: dict) -> list[dict]:
    """The layers checked: a name and an instrument each (a General MIDI name or a loaded patch)."""
    if not isinstance(value, (list, tuple)) or not value:
        raise GridError("layers should be a non-empty list like [{'name': 'melody', 'instrument': 'Flute'}]")
    if len(value) > MAX_GRID_LAYERS:
        raise GridError(f"{len(value)} layers is more than the grid's {MAX_GRID_LAYERS}; combine some")
    out, names = [], set()
    for d in value:
        if not isinstance(d, dict) or not isinstance(d.get("name"), str) or not isinstance(d.get("instrument"), str):
            raise GridError(f"layer {str(d)[:60]} should be a dict with a 'name' and an 'instrument'")
        name = " ".join(d["name"].split())[:_NAME_CHARS]
        if not name or name in names or _VOICE.match(name):
            raise GridError(f"layer name {d['name']!r:.50} should be non-empty and unique, like 'strings'")
        names.add(name)
        articulation = d.get("articulation", "normal")
        if articulation not in ARTICULATIONS:
            raise GridError(f"articulation {articulation!r:.30}: use one of {', '.join(ARTICULATIONS)}")
        velocity = d.get("velocity", 80)
        if isinstance(velocity, bool) or not isinstance(velocity, int) or not 1 <= velocity <= 127:
            raise GridError(f"layer velocity {velocity!r:.20} must be a whole number 1-127")
        patch = bool(d.get("patch")) and d["instrument"] in patches
        instrument = patches[d["instrument"]] if patch else instrument_value(d["instrument"])
        out.append(_layer_dict(name, instrument, articulation, velocity))
    return out


def _first_bar_at_or_after(clock: TempoMap, beat: Fraction) -> Fraction:
    return min(Fraction(b) for b in clock.barlines(float(beat) + 128) if Fraction(b) >= beat)


def _stage(where: object, cue: object) -> tuple[Scene, SpotCue | None, float, float, Cue]:
    """(scene, spotted cue or None, in-point in scene seconds, out in cue seconds, the music)."""
    if isinstance(where, SpotCue):
        if where.scene is None:
            raise GridError(f"cue {where.number} was not spotted on a scene; spot it with spot(scene, [...])")
        music = where.music if cue is None else cue
        if music is None:
            raise GridError(f"cue {where.number} has no music yet: pass cue= (e.g. a sketch, "
                            f"{where.number}.sketch(...)) or a spotted cue with its music, spot.with_music(cue)")
        return where.scene, where, where.start, where.duration, as_cue(music)
    if isinstance(where, Scene):
        if cue is None:
            raise GridError(f"the scene {where.title!r} alone has no cue to edit: pass cue= (it starts on the "
                            "scene's first frame) or a spotted cue with its music, spot.with_music(cue)")
        return where, None, 0.0, where.duration, as_cue(cue)
    raise GridError(f"ScoringGrid needs a spotted cue (spotting.cue('1M2')) or a Scene with cue=, "
                    f"not {type(where).__name__}")


def _refused(fn):
    """Run a check, turning any ScoringError into a GridError (so traitlets rolls the change back)."""
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GridError:
            raise
        except ScoringError as exc:
            raise GridError(str(exc)) from None
    run.__doc__, run.__name__ = fn.__doc__, fn.__name__
    return run


# ---------------------------------------------------------------- the widget
class _Checked(traitlets.Any):
    """A trait whose every value (None too) goes to the grid's checks, so a wrong one is a GridError."""

    def __init__(self, default) -> None:
        super().__init__(default)
        self.allow_none = False


class ScoringGrid(anywidget.AnyWidget):
    """A scoring grid: the cue as a piano roll on the scene's timeline, to write and hear notes in.

    Parameters
    ----------
    scene : a spotted cue (``spotting.cue("1M2")``, its music is loaded unless ``cue=`` is given),
        or a :class:`~scoring.core.film.Scene` with ``cue=`` (the cue starts on its first frame).
    cue : a Cue or Motif to load (any cue; ``grid.cue = other`` loads another later).
    snap : ``"beat"``, ``"eighth"``, ``"sixteenth"`` or ``"off"`` (see :data:`SNAPS`).
    sound : ``"mp3"`` or ``"wav"``, how the sound travels to the browser (see :data:`SOUNDS`).

    ``grid.cue`` is the cue the notes make now; ``grid.spot`` the spotted cue with it as its music
    (for :func:`~scoring.scene.check_score`); ``grid.add("D4", "5|1", 2)`` adds a note from Python.

    Examples
    --------
    >>> from scoring.scene import load_scene, spot
    >>> look = spot(load_scene("kitchen_dialogue"), [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    >>> grid = ScoringGrid(look, cue=Motif.parse("4/4 c'4 e' g'", tempo=120, instrument="Flute", name="smile"))
    >>> _ = grid.add("A5", "1|4")
    >>> grid.cue.alt_text().splitlines()[-1]
    'melody (Flute): C5 E5 G5 A5'

    Lesson: lessons/07_score_a_scene.ipynb
    """

    _esm = Path(__file__).with_name("grid.js")
    # what the student edits: any value is let through to the checks below, which refuse it with a GridError
    notes = _Checked([]).tag(sync=True)
    layers = _Checked([]).tag(sync=True)
    layer = _Checked(0).tag(sync=True)
    snap = _Checked("eighth").tag(sync=True)
    timeline = traitlets.Dict().tag(sync=True)
    instruments = traitlets.List().tag(sync=True)
    limits = traitlets.Dict().tag(sync=True)
    frames = traitlets.List().tag(sync=True)
    audio = traitlets.Bytes(b"").tag(sync=True)
    audio_type = traitlets.Unicode("audio/mpeg").tag(sync=True)
    video = traitlets.Bytes(b"").tag(sync=True)
    video_start = traitlets.Float(0.0).tag(sync=True)
    video_stale = traitlets.Bool(True).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)

    def __init__(self, scene: SpotCue | Scene, cue: Cue | Motif | None = None, *, snap: str = "eighth",
                 sound: str = "mp3") -> None:
        stage, spot, start, out, music = _stage(scene, cue)
        if not isinstance(sound, str) or sound not in SOUNDS:
            raise GridError(f"sound={sound!r}: choose 'mp3' (small) or 'wav' (quickest on this computer)")
        super().__init__()
        self._scene, self._spot, self._in, self._out = stage, spot, start, out
        self._patches: dict[str, Patch] = {}
        self._base: dict = {}
        self._extent = Fraction(0)
        self._built: tuple = ((), None)
        self._sounds: dict = {}
        self._live = self._holding = False
        self._framed: TempoMap | None = None
        self._changed_at = 0.0
        #: Milliseconds from the last change of the notes to its new audio being ready (None before any).
        self.latency_ms: float | None = None
        self.instruments = [[n, *playable_range(n)] for n in GM_NAMES]
        self.limits = {"notes": MAX_GRID_NOTES, "layers": MAX_GRID_LAYERS}
        self.audio_type = SOUNDS[sound]
        self.snap = snap
        self.cue = music
        self.on_msg(self._message)

    # ------------------------------------------------------------ checks (a refused change is rolled back)
    @traitlets.validate("notes")
    def _valid_notes(self, proposal):
        rows = _refused(_checked_rows)(proposal["value"], self.layers, self._extent)
        self._cue_for(rows, self.layers)
        return rows

    @traitlets.validate("layers")
    def _valid_layers(self, proposal):
        layers = _refused(_checked_layers)(proposal["value"], self._patches)
        for row in self.notes:
            if row[0] >= len(layers):
                raise GridError(f"the layer {row[0]} still holds notes; delete them before removing the layer")
        _refused(_checked_rows)(self.notes, layers, self._extent)
        return layers

    @traitlets.validate("layer")
    def _valid_layer(self, proposal):
        value = proposal["value"]
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                or not 0 <= value < max(1, len(self.layers)):
            raise GridError(f"layer {value!r:.30}: choose a layer's number, 0-{len(self.layers) - 1}")
        return int(value)

    @traitlets.validate("snap")
    def _valid_snap(self, proposal):
        if not isinstance(proposal["value"], str) or proposal["value"] not in SNAPS:
            raise GridError(f"snap={proposal['value']!r:.30}: choose one of {', '.join(repr(s) for s in SNAPS)}")
        return proposal["value"]

    @traitlets.observe("notes", "layers")
    def _edited(self, change) -> None:
        self._changed_at = self._changed_at or time.perf_counter()
        self.error = ""
        self.video_stale = True
        if not self._holding:
            self._refresh()

    def set_state(self, sync_data) -> None:
        """Take a change from the browser; a refused one is answered with a message and the grid as it was."""
        edit = bool({"notes", "layers"} & set(sync_data))
        if edit:
            self._changed_at = time.perf_counter()
        self._holding = True
        try:
            super().set_state(sync_data)
        except (GridError, TraitError) as exc:
            self.error = str(exc)
            self.send_state([k for k in ("notes", "layers", "layer", "snap") if k in sync_data])
        finally:
            self._holding = False
        if edit:
            self._refresh()

    def _refresh(self) -> None:
        if self._live:
            self.render_audio()
        self._changed_at = 0.0

    # ------------------------------------------------------------ the cue
    def _cue_for(self, rows: list, layers: list) -> Cue:
        key = (tuple(tuple(r) for r in rows), tuple(tuple(sorted(d.items())) for d in layers))
        if self._built[0] != key:
            cue = _refused(notes_cue)(rows, layers, name=self._base["name"], key=self._base["key"],
                                      tempo_map=self._base["tempo_map"], length=self._base["length"],
                                      patches=self._patches)
            self._built = (key, cue)
        return self._built[1]

    @property
    def cue(self) -> Cue:
        """The cue the grid's notes make (a :class:`~scoring.core.cue.Cue`); assign a Cue or Motif to load it."""
        return self._cue_for(self.notes, self.layers)

    @cue.setter
    def cue(self, music: Cue | Motif) -> None:
        music = as_cue(music)
        layers, rows = cue_notes(music)
        if len(layers) > MAX_GRID_LAYERS:
            raise GridError(f"{music.name} has {len(layers)} layers; the grid holds {MAX_GRID_LAYERS}")
        clock = music.tempo_map
        ends = [Fraction(music.quarter_length), Fraction(clock.beat_at(self._out)).limit_denominator(960)]
        extent = _first_bar_at_or_after(clock, max(ends))
        if clock.seconds_at(float(extent)) > 600:
            raise GridError(f"{music.name} runs {clock.seconds_at(float(extent)):.0f} s; the grid shows 600 s at most")
        old = (dict(self._base), self._extent, dict(self._patches))
        self._base = {"name": music.name, "key": music.key, "tempo_map": clock, "length": music.quarter_length}
        self._extent = extent
        self._patches = {str(l.instrument): l.instrument for l in music.layers if isinstance(l.instrument, Patch)}
        self._holding = True
        try:
            with self.hold_trait_notifications():
                self.timeline = self._timeline(music)
                self.layers, self.notes, self.layer = layers, rows, 0
        except (GridError, TraitError) as exc:
            self._base, self._extent, self._patches = old
            raise GridError(str(exc)) from None
        finally:
            self._holding = False
        if self._live:
            self._make_frames()
        self._refresh()

    @property
    def spot(self) -> SpotCue:
        """The spotted cue with the grid's cue as its music (what :func:`~scoring.scene.check_score` judges)."""
        if self._spot is None:
            raise GridError("this grid was made on a whole scene, not on a spotted cue; spot the scene with "
                            "spot(scene, [...]) and make the grid on spotting.cue('1M1')")
        return self._spot.with_music(self.cue)

    def add(self, pitch: str | int, at: float | str, length: float = 1, *, layer: int | str | None = None,
            velocity: int | None = None) -> list:
        """Add a note as a click in the grid would: ``pitch`` a name or MIDI number, ``at`` a beat
        (quarter notes from the cue's start) or ``"bar|beat"``, snapped; ``length`` in quarter notes.
        Returns the new row."""
        clock = self._base["tempo_map"]
        if isinstance(at, str):
            bar, _, beat = at.partition("|")
            if not bar.strip().isdigit():
                raise GridError(f"at={at!r}: write bar|beat like '5|3', or a beat number")
            try:
                number = float(beat) if beat.strip() else 1.0
            except ValueError:
                raise GridError(f"at={at!r}: write bar|beat like '5|3', or a beat number") from None
            at = float(_refused(clock.beat_of)(int(bar), number))
        index = self.layer if layer is None else layer
        if isinstance(index, str):
            names = [d["name"] for d in self.layers]
            if index not in names:
                raise GridError(f"no layer {index!r}; the layers are {', '.join(names)}")
            index = names.index(index)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.layers):
            raise GridError(f"layer={layer!r}: give a layer's name or its number 0-{len(self.layers) - 1}")
        start = snap_beat(at, self.snap, tempo_map=clock)
        vel = self.layers[index]["velocity"] if velocity is None else velocity
        row = [index, _refused(midi_number)(pitch), float(start), float(_refused(as_duration)(length)), vel]
        self.notes = self.notes + [row]
        return row

    def clear(self, layer: int | None = None) -> None:
        """Delete every note (of one layer, given its number)."""
        self.notes = [r for r in self.notes if layer is not None and r[0] != layer]

    def summary(self) -> str:
        """One line: the cue, its layers with their note counts, bars, tempo and length.

        Lesson: lessons/07_score_a_scene.ipynb
        """
        counts = [sum(1 for r in self.notes if r[0] == i) for i in range(len(self.layers))]
        parts = ", ".join(f"{d['name']} ({d['instrument']}) {n}" for d, n in zip(self.layers, counts))
        bars = len(self.timeline.get("bars", []))
        return (f"{self.timeline.get('title', '')}: {len(self.notes)} notes in {bars} bar{'s' * (bars != 1)}, "
                f"{self._base['tempo_map'].summary()}; layers: {parts}")

    def __repr__(self) -> str:
        return f"Scoring grid of {self.summary()}; run the cell in JupyterLab to edit it"

    # ------------------------------------------------------------ what the browser draws
    def _timeline(self, music: Cue) -> dict:
        """The grid's time and the scene on it: beat<->second points, bars, tempo marks, hits, lines."""
        clock, extent, scene = music.tempo_map, self._extent, self._scene
        beats = np.arange(0, math.ceil(extent) + 1, dtype=float)
        points = [[float(b), round(float(s), 9)] for b, s in zip(beats, np.atleast_1d(clock.seconds_at(beats)))]
        for b, held in clock.holds:                      # the clock stands still: one beat, two moments
            after = clock.seconds_at(float(b))
            points += [[float(b), round(after - held, 9)], [float(b), round(after, 9)]]
        points = [list(p) for p in sorted({tuple(p) for p in points})]
        seconds = clock.seconds_at(float(extent))
        bars = [[float(b), clock.bar_beat(float(b))[0], 4 / _den(clock, Fraction(b)),
                 [ts for m, ts in clock.metres if Fraction(m) <= Fraction(b)][-1]]
                for b in clock.barlines(float(extent)) if Fraction(b) < extent]
        marks = [[float(b), text] for b, text in clock.marks() if Fraction(b) < extent]
        a = self._in
        hits = [[h.at - a, h.label] for h in scene.hits if -1e-6 <= h.at - a <= seconds + 1e-6]
        lines = [[d.start - a, d.end - a, d.who, d.text[:160]] for d in scene.dialogue
                 if d.end - a > 0 and d.start - a < seconds]
        number = f"{self._spot.number} {self._spot.title}" if self._spot is not None else music.name
        return {"title": number, "scene": scene.title, "key": music.key, "length": float(extent), "seconds": seconds,
                "end_bar": clock.bar_beat(float(extent))[0],
                "points": points, "bars": bars, "marks": marks, "hits": hits, "lines": lines,
                "in": 0.0, "out": self._out, "tempo": clock.summary(),
                "names": [note_name(p, music.key) for p in range(128)],
                "fps": scene.fps, "real_fps": FRAME_RATES[scene.fps][1],
                "tc_frames": timecode_to_frames(scene.tc(a), scene.fps), "drop_frame": scene.fps == 29.97}

    def _make_frames(self) -> None:
        """Stills of the animatic at every beat (every bar of a long cue; 24 at most) and just after every
        hit, as small JPEGs."""
        from PIL import Image

        clock = self._base["tempo_map"]
        if self._framed == clock and self.frames:
            return
        scene, a = self._scene, self._in
        last = min(float(self.timeline["seconds"]), scene.duration - a - 1 / scene.fps)
        steps = [float(b) for bar, nxt in zip(self.timeline["bars"], self.timeline["bars"][1:] + [[self._extent]])
                 for b in np.arange(bar[0], float(nxt[0]) - 1e-9, bar[2])]
        if len(steps) > _FRAMES_MOST:                     # a long cue: a still per bar, 24 at most
            steps = [bar[0] for bar in self.timeline["bars"]]
        moments = [t for t in (clock.seconds_at(b) for b in steps) if t <= last]
        if len(moments) > _FRAMES_MOST:
            moments = [moments[round(i * (len(moments) - 1) / (_FRAMES_MOST - 1))] for i in range(_FRAMES_MOST)]
        # two frames after each beat and hit: past the punch that flashes on the frame itself
        times = sorted({round(t + 2 / scene.fps, 3) for t in moments + [h[0] for h in self.timeline["hits"]]
                        if 0 <= t + 2 / scene.fps <= last})
        # the picture only: a silent stand-in for the music carries the cue's number and bar|beat counter
        length = Fraction(clock.beat_at(max(last, 1 / scene.fps))).limit_denominator(16) or MIN_DURATION
        stand_in = Cue((Layer("picture", tuple(_rests(length))),), self._base["name"], tempo_map=clock)
        music = self._spot.with_music(stand_in) if self._spot is not None else stand_in
        picture = animatic(scene, music, start=a, end=a + 1 / scene.fps, dialogue=False).picture
        out = []
        for t in times:
            img = Image.fromarray(draw_frame(a + t, animatic=picture)).resize(_STILL, Image.LANCZOS)
            buf = io.BytesIO()
            img.save(buf, format="JPEG", quality=66, optimize=True)
            out.append([t, "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")])
        self.frames, self._framed = out, clock

    def render_audio(self) -> bytes:
        """Render the cue as the grid plays it (mono, at :data:`AUDIO_RATE`, as MP3 or WAV), send it
        to the browser and return it. Each layer's sound is kept, so an edit re-renders only its layer."""
        start = self._changed_at or time.perf_counter()
        cue = self.cue
        seconds = cue.duration_seconds
        parts = []
        for layer, events in cue.layer_events():
            if all(c.is_rest for c in layer.chords):
                continue
            key = (layer, cue.tempo_map, round(seconds, 6))
            if key not in self._sounds:
                y, _ = render_events(list(events), seconds=seconds, sample_rate=AUDIO_RATE)
                self._sounds[key] = mono(y)
                while len(self._sounds) > 48:
                    self._sounds.pop(next(iter(self._sounds)))
            parts.append(self._sounds[key])
        mix = np.zeros(max([len(y) for y in parts] + [round((seconds + 1) * AUDIO_RATE)]), dtype=np.float32)
        for y in parts:
            mix[:len(y)] += y
        mix = limit(mix, in_place=True)
        data = wav_bytes(mix, AUDIO_RATE) if self.audio_type == SOUNDS["wav"] else mp3_bytes(mix, AUDIO_RATE)
        self.audio = data
        self.latency_ms = (time.perf_counter() - start) * 1000
        self._changed_at = 0.0
        return data

    def render_picture(self):
        """Render the animatic of the scene with the grid's cue (an :class:`~scoring.animatic.Video`),
        send it to the browser and return it: from 2 s before the cue's in to 1 s after it ends."""
        cue = self.cue
        if self._spot is not None:
            video = cue_animatic(self._scene, self._spot, cue, pre_roll=2.0, post_roll=1.0)
        else:
            video = animatic(self._scene, cue, end=min(self._scene.duration, cue.duration_seconds + 1.0))
        with self.hold_trait_notifications():
            self.video, self.video_start, self.video_stale = video.mp4, video.start - self._in, False
        return video

    def _message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        try:
            if kind == "hello":
                self._live = True
                self.status = "preparing the picture and the sound…"
                self.render_audio()
                self._make_frames()
            elif kind == "animatic":
                self.status = "rendering the animatic…"
                self.render_picture()
        except ScoringError as exc:
            self.error = str(exc)
        finally:
            self.status = ""

    # ------------------------------------------------------------ where no kernel runs
    def still_alt(self) -> str:
        """What the still of the grid shows, in words (its alt text).

        Lesson: lessons/07_score_a_scene.ipynb
        """
        clock, tl = self._base["tempo_map"], self.timeline
        where = lambda t: clock.bar_beat_text(clock.beat_at(max(0.0, t)))  # noqa: E731
        names = tl["names"]
        layers = []
        for i, d in enumerate(self.layers):
            ps = [r[1] for r in self.notes if r[0] == i]
            span = f" {names[min(ps)]}-{names[max(ps)]}" if ps else ""
            layers.append(f"{d['name']} ({d['instrument']}) {len(ps)} notes{span}")
        hits = ", ".join(f"{label} at {where(t)}" for t, label in tl["hits"]) or "none"
        lines = ", ".join(f"{who} {where(max(0.0, a))}-{where(b)}" for a, b, who, _ in tl["lines"]) or "none"
        return (f"Scoring grid of {tl['title']}, a still (run the cell with a kernel to edit it): piano roll with "
                f"seconds across and {len(tl['bars'])} bar{'s' * (len(tl['bars']) != 1)} at {tl['tempo']} marked, "
                f"pitch up; "
                f"{len(self.layers)} layer{'s' * (len(self.layers) != 1)}: {'; '.join(layers)}. "
                f"Hits (red lines): {hits}. Dialogue (blue bands): {lines}. The cue's out is at {where(tl['out'])}.")

    def still_figure(self):
        """The grid as a matplotlib figure: a lane with the scene (hits in red, dialogue in blue, bar
        numbers on top) over the roll (:mod:`scoring.render.roll`) on the cue's seconds.

        Lesson: lessons/07_score_a_scene.ipynb
        """
        from matplotlib.figure import Figure

        clock, tl = self._base["tempo_map"], self.timeline
        fig = Figure(figsize=(10.0, 4.6), layout="constrained")
        lane, ax = fig.subplots(2, 1, height_ratios=(1, 5))      # not sharing ticks: bars on top, seconds below
        at = lambda b: float(clock.seconds_at(b))  # noqa: E731
        voices = [(f"{d['name']} ({d['instrument']})",
                   [(at(r[2]), at(r[2] + r[3]) - at(r[2]), r[1], r[4]) for r in self.notes if r[0] == i])
                  for i, d in enumerate(self.layers)]
        voices = [v for v in voices if v[1]]
        xlabel = "seconds from the cue's in"
        if voices:
            _roll.draw(ax, voices, name=lambda p: tl["names"][p], length=tl["seconds"], legend=True, xlabel=xlabel)
        else:
            ax.set(xlim=(0, tl["seconds"]), ylim=(55, 79), xlabel=xlabel, ylabel="pitch")
        ax.grid(False)
        span = (0, tl["seconds"] * 1.02)
        for bar, nxt in zip(tl["bars"], tl["bars"][1:] + [[tl["length"]]]):
            for b in np.arange(bar[0], nxt[0] - 1e-9, bar[2]):
                ax.axvline(at(b), color="#8a96a3" if b == bar[0] else "#d5dae0", lw=0.8 if b == bar[0] else 0.5,
                           zorder=0)
        lane.set_ylim(0, 1)
        lane.set_yticks([])
        for a, b, who, _ in tl["lines"]:
            for axis in (lane, ax):
                axis.axvspan(max(0.0, a), b, color="#58a6ff", alpha=0.2, lw=0, zorder=0)
            lane.text(max(0.0, a), 0.08, who, fontsize=7.5, color="#1f4e8c", clip_on=True)
        for k, (t, label) in enumerate(tl["hits"]):
            for axis in (lane, ax):
                axis.axvline(t, color="#d62828", lw=1.3)
            right = t > 0.85 * tl["seconds"]                     # a late hit's label reads leftwards
            lane.text(t, 0.72 - 0.3 * (k % 2), f" {label} ", fontsize=8, color="#d62828", weight="bold", clip_on=True,
                      ha="right" if right else "left")
        for axis in (lane, ax):
            axis.axvline(tl["out"], color="#444", lw=1.2, ls="--")
        bars = tl["bars"][:: max(1, math.ceil(len(tl["bars"]) / 24))]
        lane.xaxis.tick_top()
        lane.set_xticks([at(b[0]) for b in bars], [str(b[1]) for b in bars], fontsize=8)
        lane.set_ylabel("bar", rotation=0, ha="right", va="center", fontsize=9)
        lane.set_xlim(*span)
        ax.set_xlim(*span)
        lane.set_title(f"Scoring grid: {tl['title']} ({tl['tempo']}), hits red, dialogue blue, out dashed",
                       fontsize=10)
        return fig

    def still_html(self) -> str:
        """The still of the grid as an ``<img>`` with its alt text (what shows where no kernel runs).

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return (f'<div class="scoring-grid-still">{figure_png(self.still_figure(), dpi=72, alt=self.still_alt())}'
                f'<div style="font-family:monospace;font-size:0.85em">{escape(self.summary())}</div></div>')

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, meta = bundle
        data = dict(data)
        data["text/html"] = self.still_html()
        return data, meta
