"""A cue's round trip through a DAW: the session a composer opens in Logic, Cubase, Reaper or
Pro Tools, and the MIDI that comes back, checked against the scene.

:func:`export_session` writes into a folder you choose:

- a **Standard MIDI File** (type 1) with a track per layer (named by its role and instrument, on
  its own channel with its General MIDI program), the cue's whole tempo map (steps, ramps, holds)
  and time signatures, and a **marker** on every hit (``HIT 2: tyres``) and at the start and end of
  every line of dialogue (``DEV: Left! The exit's on the left!`` ... ``DEV ends``): a DAW shows them
  on its timeline, where the picture needs them;
- the **animatic** as an MP4 for the DAW's video track, its first frame the cue's in-point, with
  the dialogue as a quiet guide and the music muted (the DAW plays it);
- a short ``README.txt`` saying how to open them.

Bar 1 of the MIDI file, 00:00:00:00 of the video and the cue's in-point in the scene are one
moment. Each marker is placed by the one clock: its seconds after the in-point become beats
through the tempo map (``tempo_map.beat_at``), as the file carries it, so the DAW shows it on its
frame. What comes back is read by :meth:`scoring.core.cue.Cue.from_midi` (tracks, tempo changes,
overlapping notes, drums) and :func:`read_markers`, and checked with
:func:`scoring.scene.check_score` like any other cue.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from scoring.animatic import cue_animatic
from scoring.core.cue import Cue, as_cue
from scoring.core.film import Scene
from scoring.core.io import midi_bytes, score
from scoring.core.midi_file import DRUM_CHANNEL, DRUM_ROLE, Marker, add_markers, marker_text, parse_midi, read_markers
from scoring.core.motif import Motif
from scoring.errors import ScoringError
from scoring.render.checks import flag, number, show
from scoring.render.files import writable_path, write_file
from scoring.scene import SpotCue, spot

__all__ = ["POST_ROLL", "README", "Session", "export_session", "session_markers", "read_markers"]

#: Seconds of picture the video keeps after the music (and the spotted cue) ends.
POST_ROLL = 1.0
#: The name of the note written beside the files.
README = "README.txt"
_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$")


@dataclass(frozen=True)
class Session:
    """What :func:`export_session` wrote: the ``folder``, the ``midi`` file, the ``video`` (None
    without a scene or with ``video=False``), the ``readme``, the ``markers`` in the MIDI file, the
    in-point's reel timecode (None without a scene) and the music's length in seconds.

    Examples
    --------
    >>> Session(Path("out"), Path("out/cue.mid"), None, Path("out/README.txt"), (), None, 2.0).files
    (PosixPath('out/cue.mid'), PosixPath('out/README.txt'))

    Lesson: lessons/07_score_a_scene.ipynb
    """

    folder: Path
    midi: Path
    video: Path | None
    readme: Path
    markers: tuple[Marker, ...]
    timecode_in: str | None
    seconds: float

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written, MIDI first."""
        return tuple(p for p in (self.midi, self.video, self.readme) if p is not None)

    def __repr__(self) -> str:
        where = f"in at {self.timecode_in}, " if self.timecode_in else ""
        head = (f"Session {self.midi.stem} in {self.folder} ({where}{self.seconds:.1f} s, {len(self.markers)} "
                f"marker{'s' * (len(self.markers) != 1)}):")
        width = max(len(p.name) for p in self.files)
        rows = [f"  {p.name:{width}}  {_size(p)}" for p in self.files]
        return "\n".join([head, *rows])


def _size(path: Path) -> str:
    try:
        n = path.stat().st_size
    except OSError:
        return "missing"
    return f"{n / 1000:.1f} kB" if n < 1_000_000 else f"{n / 1e6:.2f} MB"


# ---------------------------------------------------------------- where the music sits
def _placed(music: object, scene: Scene | None, start: object) -> tuple[Cue, Scene | None, float, float, str]:
    """The cue, the scene, its in-point and the end of its span (scene seconds) and its full name."""
    if isinstance(music, SpotCue):
        if music.music is None:
            raise ScoringError(f"cue {music.number} has no music yet; attach it with spot_cue.with_music(cue)")
        if music.scene is None:
            raise ScoringError(f"cue {music.number} was spotted on no scene; spot it with spot(scene, [...])")
        if scene is not None and (scene.title, scene.origin, scene.fps) != (music.scene.title, music.scene.origin,
                                                                            music.scene.fps):
            raise ScoringError(f"cue {music.number} was spotted on {music.scene.title!r}, not {scene.title!r}; "
                               "leave scene= out (a spotted cue knows its scene)")
        if start is not None:
            raise ScoringError(f"cue {music.number} has its in-point ({music.timecode_in}); leave start= out")
        cue, scene = as_cue(music.music), music.scene
        name = cue.name.strip()
        return cue, scene, music.start, music.end, name if name.startswith(music.number) else f"{music.number} {name}"
    if not isinstance(music, (Cue, Motif)):
        raise ScoringError(f"export_session() takes a Cue or a Motif, or a spotted cue with its music "
                           f"(spot_cue.with_music(cue)), not {type(music).__name__}")
    cue = as_cue(music)
    if scene is None:
        if start is not None:
            raise ScoringError("start= is the cue's in-point in a scene; give scene= too")
        return cue, None, 0.0, 0.0, cue.name
    return cue, scene, 0.0 if start is None else scene.seconds(start), 0.0, cue.name


def session_markers(cue: Cue, scene: Scene, start: float, end: float) -> list[Marker]:
    """The markers of a session: every hit of the scene from ``start`` to ``end`` (scene seconds),
    numbered as the scene numbers them (``HIT 3: bump``), and the start and end of every line of
    dialogue (``ANNA: You're up late.``, ``ANNA ends``), each at its seconds after ``start`` and the
    beat the cue's tempo map puts there.

    Examples
    --------
    >>> from scoring.scene import load_scene
    >>> cue = as_cue(Motif.parse("c1 c1", tempo=120))
    >>> [(m.seconds, m.text) for m in session_markers(cue, load_scene("kitchen_dialogue"), 0.0, 2.0)]
    [(0.75, "ANNA: You're up late."), (2.0, 'ANNA ends')]

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(cue, Cue) or not isinstance(scene, Scene):
        raise ScoringError("session_markers() takes a Cue and the Scene it plays in")
    fix = "give the span's start and end in scene seconds, like 0.0 and 2.0"
    start, end = number(start, "start", fix, lo=0), number(end, "end", fix, lo=0)
    eps = 1e-6
    moments = [(h.at, f"HIT {k}: {h.label}", False) for k, h in enumerate(scene.hits, 1)]
    for d in scene.dialogue:
        who = f"{d.who}: " if d.who else ""
        moments += [(d.start, f"{who}{d.text}", False), (d.end, f"{d.who or 'line'} ends", True)]
    out = []
    for at, text, ending in sorted(moments, key=lambda m: m[0]):
        if start - eps <= at <= end + eps and not (ending and at <= start + eps):   # nothing ends on the in-point
            seconds = max(0.0, at - start)
            beat = Fraction(cue.tempo_map.beat_at(seconds)).limit_denominator(10080)
            out.append(Marker(round(seconds, 6), beat, marker_text(text)))
    return out


# ---------------------------------------------------------------- writing
def _folder(folder: object) -> Path:
    """The chosen folder, made if its parent exists (checked as every written file is checked)."""
    if not isinstance(folder, (str, os.PathLike)) or isinstance(os.fspath(folder), bytes):
        raise ScoringError(f"folder={show(folder)} is not a folder path; give one like 'night_run_session'")
    p = Path(os.fspath(folder))
    if p.exists() and not p.is_dir():
        raise ScoringError(f"{str(p)!r} is a file, not a folder; give a folder for the session's files")
    if not p.exists():
        writable_path(p.parent / "session.mid", (".mid",))   # its parent: there, writable, no symbolic links
        try:
            p.mkdir()
        except OSError as exc:
            raise ScoringError(f"cannot make the folder {str(p)!r}: {exc.strerror or exc}; make it yourself") from None
    writable_path(p / README, (".txt",))
    return p


def _stem(name: object, default: str) -> str:
    if name is None:
        stem = re.sub(r"[^A-Za-z0-9]+", "_", marker_text(default)).strip("_")[:60]
        return stem or "cue"
    if not isinstance(name, str) or not _STEM.match(name) or ".." in name or name.strip() != name:
        raise ScoringError(f"name={show(name)}: give a plain file name for the session's files, like 'night_run' "
                           "(letters, digits, spaces, _ . -; no folders): they are written inside the folder")
    return name


def _inside(folder: Path, file_name: str, suffix: str) -> Path:
    """A file in the folder, checked to stay inside it and to be writable."""
    path = writable_path(folder / file_name, (suffix,))
    if path.resolve().parent != folder.resolve():
        raise ScoringError(f"{file_name!r} would be written outside {str(folder)!r}; give a plain file name")
    return path


def _write(path: Path, data: bytes) -> Path:
    return write_file(path, data, (path.suffix.lower(),))


def _midi(cue: Cue, markers: list[Marker]) -> tuple[bytes, list[Marker]]:
    """The session's MIDI bytes (the one score writer, then markers and drum channel) and the markers
    as placed in them (at their ticks by the file's own tempo map)."""
    labels = [f"channel {DRUM_CHANNEL}" if layer.role.startswith(DRUM_ROLE) else layer.instrument
              for layer in cue.layers]
    staves = [replace(st, name=f"{layer.role} ({label})") for st, layer, label in zip(cue.staves(), cue.layers, labels)]
    data = midi_bytes(score(cue.name, cue.key, cue.tempo_map, staves, for_midi=True))
    written = parse_midi(data, source="the session's MIDI file")
    tpq, clock = written.ticks_per_beat, written.tempo_map
    ticks = [round(float(clock.beat_at(m.seconds)) * tpq) for m in markers]
    drums = [i + 1 for i, layer in enumerate(cue.layers) if layer.role.startswith(DRUM_ROLE)]
    data = add_markers(data, list(zip(ticks, (m.text for m in markers))), drum_tracks=drums)
    return data, [Marker(m.seconds, Fraction(t, tpq), m.text) for m, t in zip(markers, ticks)]


def _readme(cue: Cue, scene: Scene | None, at: float, stop: float, midi: Path, video: Path | None,
            markers: list[Marker]) -> str:
    drums = any(layer.role.startswith(DRUM_ROLE) for layer in cue.layers)
    lines = [f"{cue.name}: a session for your DAW", ""]
    if scene is not None:
        lines += [f"Scene: {scene.title}, reel {scene.reel}, {scene.fps:g} fps. In-point {scene.tc(at)}; "
                  f"the music lasts {cue.duration_seconds:.1f} s.", ""]
    lines += ["Files",
              f"  {midi.name}: the music. {len(cue.layers)} tracks, one per layer (role and instrument in its name, "
              f"its own channel{', drums on channel ' + str(DRUM_CHANNEL) if drums else ''}, its General MIDI "
              f"program); the tempo map ({cue.tempo_map.summary()}), "
              f"{' then '.join(ts for _, ts in cue.tempo_map.metres)}; "
              f"{len(markers)} markers."]
    if video is not None:
        lines.append(f"  {video.name}: the animatic from {scene.tc(at)} to {scene.tc(stop)}, with the dialogue as "
                     "a quiet guide; the music is muted (your DAW plays it).")
    steps = ["Import the MIDI file at bar 1 and let the DAW take its tempo map (tempo and time signatures).",
             *([f"Import the video at 00:00:00:00: its first frame is bar 1, the cue's in-point ({scene.tc(at)} "
                "of the reel)."] if video is not None else []),
             "The markers are the hits (HIT n: ...) and the dialogue (WHO: line, and WHO ends). Lock them to "
             "timecode (SMPTE) before you change the tempo, so that they stay on the picture.",
             "Export your MIDI (type 1, a track per instrument) and read it back in the notebook with "
             "Cue.from_midi(path, scene=...), then check it with check_score."]
    lines += ["", "How to open it", *(f"  {k}. {step}" for k, step in enumerate(steps, 1)),
              "", "Markers (session time, " + ("reel timecode, " if scene is not None else "") + "bar|beat, text)"]
    for m in markers:
        reel = f"{scene.tc(at + m.seconds)}  " if scene is not None else ""
        lines.append(f"  {m.seconds:8.3f} s  {reel}{cue.tempo_map.bar_beat_text(m.beat):>7}  {m.text}")
    return "\n".join(lines) + "\n"


def export_session(music: Cue | Motif | SpotCue, folder: str | os.PathLike, *, scene: Scene | None = None,
                   start: float | str | None = None, name: str | None = None, video: bool = True) -> Session:
    """Write a cue as a DAW session into ``folder``: the MIDI file (a track per layer, the tempo
    map, time signatures, a marker on every hit and line of dialogue), the animatic as an MP4 for
    the video track (with a scene and ``video=True``), and a README saying how to open them.

    Bar 1 of the MIDI, 00:00:00:00 of the video and the cue's in-point are one moment; markers sit
    at their seconds after it, by the cue's tempo map.

    Parameters
    ----------
    music : a spotted cue with its music (``spot_cue.with_music(cue)``: its scene and in-point
        come with it), or a Cue or Motif.
    folder : the folder to write into (made if it does not exist but its parent does); nothing is
        written outside it.
    scene, start : for a Cue or Motif, the scene it plays in and its in-point (scene seconds or a
        reel timecode, default the scene's first frame); without a scene there are no markers and
        no video.
    name : the files' name, e.g. ``"night_run"`` (default: the cue's number and name).
    video : write the animatic too (it takes about as long as the video lasts).

    Examples
    --------
    >>> import tempfile
    >>> from scoring.scene import load_scene, spot
    >>> kitchen = load_scene("kitchen_dialogue")
    >>> look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    >>> session = export_session(look.with_music(Motif.parse("c4 e g c'", tempo=120)), tempfile.mkdtemp(), video=False)
    >>> [p.name for p in session.files], [m.text for m in session.markers]
    (['5M1_Motif.mid', 'README.txt'], ['LEO: They said yes.', 'HIT 1: smile', 'LEO ends'])

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if scene is not None and not isinstance(scene, Scene):
        raise ScoringError(f"scene should be a Scene (load_scene('chase')), not {show(scene)}")
    video = flag(video, "video")
    cue, scene, at, spot_end, full_name = _placed(music, scene, start)
    markers, stop = [], at + cue.duration_seconds
    if scene is not None:
        rate = scene.frame_rate
        at = round(at * rate) / rate                 # the in-point on a frame: the video's first frame
        if at < 0 or at + cue.duration_seconds > scene.duration + 0.5 / rate:
            raise ScoringError(f"from {scene.tc(max(at, 0.0))} the music ({cue.duration_seconds:.1f} s) runs past the "
                               f"scene's end ({scene.tc(scene.duration)}); start it earlier or make it shorter")
        stop = min(scene.duration, max(spot_end, at + cue.duration_seconds) + POST_ROLL)
        markers = session_markers(cue, scene, at, stop)
    stem = _stem(name, full_name)
    place = _folder(folder)
    data, markers = _midi(cue, markers)
    midi_path = _write(_inside(place, f"{stem}.mid", ".mid"), data)
    video_path = None
    if scene is not None and video:
        spotted = music if isinstance(music, SpotCue) else \
            spot(scene, [(at, min(scene.duration, at + cue.duration_seconds), cue.name[:200])]).cues[0]
        picture = cue_animatic(scene, spotted, cue, pre_roll=0.0, post_roll=POST_ROLL, mute_music=True)
        video_path = picture.to_file(_inside(place, f"{stem}.mp4", ".mp4"))
    text = _readme(cue, scene, at, stop, midi_path, video_path, markers)
    readme = _write(_inside(place, README, ".txt"), text.encode("utf-8"))
    return Session(place, midi_path, video_path, readme, tuple(markers), None if scene is None else scene.tc(at),
                   cue.duration_seconds)
