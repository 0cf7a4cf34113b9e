"""A scene's animatic with its music: the picture drawn from the scene's data, the score under it.

The course ships no film, so a scene is scored against an **animatic** (see
:mod:`scoring.render.picture`): one storyboard panel per shot of the scene's staging (its
``shots``, with props that stand or move), the dialogue as subtitles, and what a music editor
burns into the picture for the composer: the **timecode window** at the scene's frame rate (from
the scene's first timecode), the **cue number and a bar|beat counter** read from the music's own
clock (its :class:`~scoring.core.time.TempoMap`) while a cue plays, a **streamer** sweeping into
every hit and a **punch** (a flash) on its frame, and a **warning streamer** before each cue.

The soundtrack is the music rendered by the package and placed at its in-point in the scene,
optionally with the click of its tempo map and a quiet murmur under each line of dialogue
(:mod:`scoring.render.voice`), mixed to one channel and kept within full scale, sample-true to
the frame. :func:`animatic` gives a :class:`Video`: it plays in the notebook (with a caption and
a transcript), gives stills, and writes an MP4 (or WebM) file.

Streamer colours follow :data:`COLOURS` (yellow warns, green starts a cue, white marks a hit, red
ends a cue); conventions vary between music editors and studios, so they are an option.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable, Sequence

import av
import numpy as np

from scoring.click import click_track
from scoring.core.cue import Cue
from scoring.core.film import Scene
from scoring.core.motif import Motif
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render.checks import number, show
from scoring.render.dsp import limit, safe
from scoring.render.files import writable_path, write_file
from scoring.render.html import escape, video_tag
from scoring.render.picture import (FRAME_RATES, MAX_SECONDS, SIZES, STREAMER_COLOURS, Animatic, CueSpan, Punch, Shot,
                                    Streamer, Subtitle, WarningStreamer, render_video, still)
from scoring.render.voice import SPEAKER_PITCHES, murmur
from scoring.scene import SpotCue, Spotting

__all__ = ["COLOURS", "STREAMER_SECONDS", "MIX_RATE", "AUDIO_RATE", "CRF", "AUDIO_KBPS", "CLICK_LEVEL",
           "MURMUR_LEVEL", "FORMATS", "Video", "animatic", "cue_animatic"]

#: Streamer and punch colours by role (names from :data:`scoring.render.picture.STREAMER_COLOURS`):
#: ``warning`` sweeps into a cue's first frame, ``start`` flashes on it, ``hit`` marks every other
#: hit, ``end`` sweeps into a cue's last frame (and marks a hit there). This is a common
#: convention, not a standard: music editors and studios vary, so :func:`animatic` takes
#: ``colours={"hit": "yellow", ...}`` to change any of them.
COLOURS = {"warning": "yellow", "start": "green", "hit": "white", "end": "red"}
#: How long a streamer sweeps before landing on its hit (seconds); it is shortened, down to 2 s,
#: when the mark before it is nearer, so that streamers rarely share the screen.
STREAMER_SECONDS = 3.0
#: The rate the soundtrack is mixed at (the rate the lessons render music at, so it comes from their cache).
MIX_RATE = 44100
#: The rate it is encoded at: half the mix's, which keeps everything below 11 kHz and halves the AAC work.
AUDIO_RATE = 22050
#: H.264 quality of the embedded video (higher is smaller and rougher; flat animatic colours stand it well).
CRF = 34
#: Bit rate of the mono AAC soundtrack in kbit/s: clear enough for a classroom, small enough to embed.
AUDIO_KBPS = 32
#: Loudness of the click (0..1) and of the dialogue murmur (RMS) under the music.
CLICK_LEVEL = 0.45
MURMUR_LEVEL = 0.08
#: The file formats :meth:`Video.to_file` writes.
FORMATS = ("mp4", "webm")
_MIN_STREAMER = 2.0
_ROLES = tuple(COLOURS)


# ---------------------------------------------------------------- checks
def _flag(value: object, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ScoringError(f"{what}={value!r}: write True or False")
    return bool(value)


def _colours(colours: object) -> dict[str, str]:
    """The streamer colours by role, the defaults overridden by ``colours``."""
    if colours is None:
        return dict(COLOURS)
    if not isinstance(colours, dict):
        raise ScoringError(f"colours should be a dict of role -> colour, like {{'hit': 'white'}}, not "
                           f"{type(colours).__name__}")
    out = dict(COLOURS)
    for role, name in colours.items():
        if role not in _ROLES:
            raise ScoringError(f"colours: {role!r} is not a role; the roles are {', '.join(_ROLES)}")
        if name not in STREAMER_COLOURS:
            raise ScoringError(f"colours[{role!r}] = {name!r}: use one of {', '.join(STREAMER_COLOURS)}")
        out[role] = name
    return out


def _same_scene(a: Scene | None, b: Scene) -> bool:
    """Whether a cue spotted on ``a`` belongs to ``b`` (the same scene, loaded once or twice)."""
    key = lambda s: (s.title, s.origin, s.duration, s.fps)      # noqa: E731
    return a is b or (a is not None and key(a) == key(b))


@dataclass(frozen=True)
class _Placed:
    """A piece of music placed in the scene: its cue number, in-point (scene seconds) and the music."""

    number: str
    start: float
    music: Motif | Cue

    @property
    def end(self) -> float:
        return self.start + self.music.duration_seconds

    @property
    def name(self) -> str:
        """The cue number and the music's name (once, if the name starts with the number)."""
        name = self.music.name.strip()
        return name if name.startswith(self.number) else f"{self.number} {name}".strip()


def _placed(scene: Scene, music: object) -> list[_Placed]:
    """The music to play and where: a Motif or Cue (from the scene's first frame), a spotted cue with
    its music, a list of them, or a whole :class:`~scoring.scene.Spotting`."""
    if music is None:
        return []
    if isinstance(music, (Motif, Cue)):
        out = [_Placed(f"{scene.reel}M1", 0.0, music)]
    else:
        if isinstance(music, Spotting):
            if not _same_scene(music.scene, scene):
                raise ScoringError(f"this spotting is of {music.scene.title!r}, not {scene.title!r}; "
                                   "pass the spotting made on this scene")
            cues = [c for c in music.cues if c.music is not None]
            if not cues:
                raise ScoringError("no cue of this spotting has music yet; attach it with "
                                   "spotting.with_music({'1M1': cue})")
        elif isinstance(music, SpotCue):
            cues = [music]
        elif isinstance(music, (list, tuple)) and music and all(isinstance(c, SpotCue) for c in music):
            cues = list(music)
        else:
            raise ScoringError(f"music should be a Cue or a Motif (it starts on the scene's first frame), a spotted "
                               f"cue with its music (spot.with_music(cue)), a list of them, or a Spotting; not "
                               f"{type(music).__name__}")
        out = [_spotted(scene, c, c.music) for c in cues]
    for p in out:
        _fits(scene, p)
    return sorted(out, key=lambda p: p.start)


def _spotted(scene: Scene, cue: object, music: object) -> _Placed:
    """A spotted cue of this scene with its music, placed at its in-point."""
    if not isinstance(cue, SpotCue):
        raise ScoringError(f"unknown cue {cue!r:.40}: pass the spotted cue itself, e.g. spotting.cue('1M2') or "
                           "spot(scene, [...]).cues[0]")
    if not _same_scene(cue.scene, scene):
        where = f"on {cue.scene.title!r}" if cue.scene is not None else "on no scene"
        raise ScoringError(f"unknown cue {cue.number}: it was spotted {where}, not on {scene.title!r}; "
                           "spot it on this scene with spot(scene, [...])")
    outside = [h for h in cue.hits if not 0 <= h <= scene.duration + 1e-6]
    if outside:
        raise ScoringError(f"cue {cue.number} has a hit at {outside[0]:g} s, outside the scene "
                           f"(0-{scene.duration:g} s); spot the cue again with spot(scene, [...]) so its hits "
                           "come from the scene")
    if music is None:
        raise ScoringError(f"cue {cue.number} has no music yet; attach it with spot.with_music(cue) or pass music=")
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"the music of cue {cue.number} should be a Cue or a Motif, not {type(music).__name__}")
    return _Placed(cue.number, cue.start, music)


def _fits(scene: Scene, p: _Placed) -> None:
    """Music must end inside the scene (half a frame of slack)."""
    if p.end > scene.duration + 0.5 / scene.frame_rate:
        raise ScoringError(f"{p.name} lasts {p.music.duration_seconds:.2f} s from {scene.tc(p.start)}, "
                           f"so it ends {p.end - scene.duration:.2f} s after the scene ({scene.tc(scene.duration)}); "
                           "make it shorter (fewer beats or a faster tempo) or start it earlier")


def _window(scene: Scene, start: object, end: object) -> tuple[int, int]:
    """The first frame and the frame after the last, from scene seconds or reel timecodes."""
    real = FRAME_RATES[scene.fps][1]
    a = 0.0 if start is None else scene.seconds(start)
    b = scene.duration if end is None else scene.seconds(end)
    for name, t in (("start", a), ("end", b)):
        if not -1e-9 <= t <= scene.duration + 1e-9:
            raise ScoringError(f"{name}={t:g} s is outside the scene (0-{scene.duration:g} s, {scene.tc(0)}-"
                               f"{scene.tc(scene.duration)}); give scene seconds or a timecode inside it")
    first, stop = round(a * real), round(b * real)
    if stop <= first:
        raise ScoringError(f"nothing to show from {scene.tc(a)} to {scene.tc(b)}; give an end after the start")
    if (stop - first) / real > MAX_SECONDS:
        raise ScoringError(f"{scene.tc(a)}-{scene.tc(b)} is {float((stop - first) / real):.0f} s, more than the "
                           f"{MAX_SECONDS:g} s one animatic shows; show it in parts, e.g. start={a:g}, "
                           f"end={a + MAX_SECONDS:g}")
    return first, stop


# ---------------------------------------------------------------- the picture
def _shots(scene: Scene) -> tuple[Shot, ...]:
    """The scene's staging, or (for a scene without one) a bare panel per picture cut with its action."""
    if scene.shots:
        return scene.shots
    cuts = [e for e in scene.events if e.kind == "picture" and e.at < scene.duration]
    times = sorted({0.0, *(e.at for e in cuts)})
    cards = {e.at: e.what or e.label for e in cuts}
    return tuple(Shot(a, b, cards.get(a, scene.synopsis or scene.title)[:200])
                 for a, b in zip(times, [*times[1:], scene.duration]) if b > a)


def _counter(clock: TempoMap) -> Callable[[float], str]:
    """The bar|beat counter of a cue: the beat now sounding by the music's clock, in the metre's unit."""
    def text(seconds: float) -> str:
        bar, beat = clock.bar_beat(clock.beat_at(max(0.0, seconds)))
        return f"{bar}|{math.floor(beat + 1e-6)}"
    return text


def _marks(scene: Scene, placed: list[_Placed], colours: dict[str, str], *, streamers: bool, punches: bool) -> list:
    """A warning streamer and a punch into each cue, a streamer and a punch on every hit (one
    coinciding with a cue's start is named on the cue's streamer), and a streamer into the end of
    each cue that stops before the scene does."""
    rate = scene.frame_rate
    on = lambda t: round(t * rate)          # noqa: E731 - the frame a moment falls on
    hits = {on(h.at): h.label.upper() for h in scene.hits}
    starts = {on(p.start) for p in placed}
    # (landing time, role, label, punch?) for every mark
    landings = [(p.start, "warning", f"{p.number} {hits.get(on(p.start), '')}".strip(), True) for p in placed]
    landings += [(p.end, "end", f"{p.number} END", False) for p in placed
                 if p.end < scene.duration - 1 / rate and on(p.end) not in hits]
    ends = {on(p.end) for p in placed}
    landings += [(h.at, "end" if on(h.at) in ends else "hit", hits[on(h.at)], True)
                 for h in scene.hits if on(h.at) not in starts]
    out, last = [], -math.inf
    for at, role, label, punch in sorted(landings, key=lambda x: x[0]):
        length = min(STREAMER_SECONDS, max(_MIN_STREAMER, at - last))
        last = at
        if streamers:
            if role == "warning" and colours["warning"] == "yellow":
                out.append(WarningStreamer(at, length, label=label[:24]))
            else:
                out.append(Streamer(at, length, colours[role], label[:24]))
        if punches and punch:                # a full flash on the hit frame, fading to a disc on the next
            colour = colours["start" if role == "warning" else role]
            out += [Punch(at, colour, frames=1), Punch(at + 1 / rate, colour, frames=1, scale=0.55)]
    return out


def _picture(scene: Scene, placed: list[_Placed], colours: dict[str, str], *, streamers: bool, punches: bool,
             size: tuple[int, int]) -> Animatic:
    """The animatic of the scene with its music's cue spans and counters."""
    spans = [CueSpan(p.start, min(p.end, scene.duration), p.number, _counter(p.music.tempo_map)) for p in placed]
    return Animatic(shots=_shots(scene), subtitles=[Subtitle(d.start, d.end, d.who, d.text) for d in scene.dialogue],
                    marks=_marks(scene, placed, colours, streamers=streamers, punches=punches), cues=spans,
                    fps=scene.fps, size=size, timecode_start=scene.tc(0), title=f"{scene.title} – animatic")


# ---------------------------------------------------------------- the soundtrack
def _add(mix: np.ndarray, sound: np.ndarray, at: float, sample_rate: int, *, stop: int | None = None) -> None:
    """Add mono ``sound`` into ``mix`` starting ``at`` seconds after the mix's first sample (negative:
    its start is cut), ending by sample ``stop``."""
    i = round(at * sample_rate)
    src, dst = max(0, -i), max(0, i)
    n = min(len(sound) - src, (len(mix) if stop is None else min(stop, len(mix))) - dst)
    if n > 0:
        mix[dst:dst + n] += sound[src:src + n]


def _soundtrack(scene: Scene, placed: list[_Placed], first: int, stop: int, *, click: bool,
                dialogue: bool, mute_music: bool = False) -> np.ndarray | None:
    """The mono mix from frame ``first`` to frame ``stop``: music at its in-points (unless muted), the
    click, the murmurs; None when there is nothing to hear."""
    lines = [(i, d) for i, d in enumerate(scene.dialogue)] if dialogue else []
    if not placed and not lines:
        return None
    real = FRAME_RATES[scene.fps][1]
    t0, sr = float(first / real), MIX_RATE
    mix = np.zeros(round(float((stop - first) / real) * sr), dtype=np.float32)
    scene_end = round((scene.duration - t0) * sr)          # music and clicks stop with the picture
    for p in placed:
        if not mute_music:
            y, _ = p.music.to_audio(sample_rate=sr)
            _add(mix, y.mean(axis=1, dtype=np.float32), p.start - t0, sr, stop=scene_end)
        if click:
            clicks, _ = click_track(p.music, level=CLICK_LEVEL, sample_rate=sr)
            _add(mix, clicks[:, 0], p.start - t0, sr, stop=scene_end)
    pitches = {who: SPEAKER_PITCHES[k % len(SPEAKER_PITCHES)]
               for k, who in enumerate(dict.fromkeys(d.who for d in scene.dialogue))}
    t1 = t0 + len(mix) / sr
    for i, d in lines:
        if d.end > t0 and d.start < t1:           # the same voice and seed as voice.dialogue_track gives the line
            voice = murmur(d.text, d.end - d.start, pitch=pitches[d.who], seed=11 + i, sample_rate=sr)
            _add(mix, np.float32(MURMUR_LEVEL) * voice, d.start - t0, sr)
    from scipy.signal import resample_poly      # heavy: imported when a soundtrack is mixed

    return safe(resample_poly(limit(mix, in_place=True), AUDIO_RATE, MIX_RATE))


# ---------------------------------------------------------------- the value
@dataclass(frozen=True, eq=False)
class Video:
    """An animatic with its soundtrack: MP4 bytes (H.264, mono AAC) and what they show.

    ``start`` and ``end`` are scene seconds (on frames); ``mp4`` is the file's bytes. It plays in a
    notebook with a caption and a transcript, :meth:`still` draws a frame and :meth:`to_file`
    writes it.

    Examples
    --------
    >>> from scoring.scene import load_scene
    >>> video = animatic(load_scene("kitchen_dialogue"), end=1.0)
    >>> video.fps, video.frames, video.seconds
    (24.0, 24, 1.0)

    Lesson: lessons/07_score_a_scene.ipynb
    """

    mp4: bytes
    scene: Scene
    picture: Animatic
    first: int
    frames: int
    music: tuple[str, ...] = ()
    sound: tuple[str, ...] = ()

    def __post_init__(self):
        if not isinstance(self.mp4, (bytes, bytearray)):
            raise ScoringError(f"mp4={show(self.mp4)} is not the bytes of a video; make a Video with animatic(scene)")
        if not isinstance(self.scene, Scene) or not isinstance(self.picture, Animatic):
            raise ScoringError("a Video needs its Scene and its Animatic; make one with animatic(scene) or "
                               "scene.animatic()")
        for name in ("first", "frames"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise ScoringError(f"{name}={show(value)} is not a count of frames; make a Video with animatic(scene)")
        for name in ("music", "sound"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                raise ScoringError(f"{name}={show(value)} is not a tuple of lines of text; make a Video with "
                                   "animatic(scene)")

    @property
    def fps(self) -> float:
        """The frame rate (the scene's)."""
        return self.picture.fps

    @property
    def seconds(self) -> float:
        """How long it plays."""
        return float(self.frames / FRAME_RATES[self.fps][1])

    @property
    def start(self) -> float:
        """Scene seconds of its first frame."""
        return float(self.first / FRAME_RATES[self.fps][1])

    @property
    def end(self) -> float:
        """Scene seconds just after its last frame."""
        return self.start + self.seconds

    def caption(self) -> str:
        """One line saying what plays: scene, span, music, length.

        Examples
        --------
        >>> from scoring.scene import load_scene
        >>> animatic(load_scene("kitchen_dialogue"), end=1.0, dialogue=False).caption()
        'Kitchen, 2 a.m. (05:00:00:00-05:00:01:00): no music; 1.0 s at 24 fps, 24 frames'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        tc = self.scene.tc
        music = "music " + ", ".join(self.music) if self.music else "no music"
        extra = f" + {' + '.join(self.sound)}" if self.sound else ""
        return (f"{self.scene.title} ({tc(self.start)}-{tc(self.end)}): {music}{extra}; "
                f"{self.seconds:.1f} s at {self.fps:g} fps, {self.frames} frames")

    def alt_text(self) -> str:
        """What a frame shows, for a screen reader (generated from the scene and the marks).

        Examples
        --------
        >>> from scoring.scene import load_scene
        >>> animatic(load_scene("kitchen_dialogue"), end=1.0).alt_text()[:60]
        'Animatic of Kitchen, 2 a.m.: 1 storyboard shot with the acti'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        a, b = self.start, self.end
        shots = [s for s in self.picture.shots if s.end > a and s.start < b]
        hits = [h for h in self.scene.hits if a <= h.at < b]
        lines = [d for d in self.scene.dialogue if d.end > a and d.start < b]
        cues = [c for c in self.picture.cues if c.end > a and c.start < b]
        parts = [f"{len(shots)} storyboard shot{'s' * (len(shots) != 1)} with the action written above the picture",
                 f"{len(lines)} line{'s' * (len(lines) != 1)} of dialogue as subtitles",
                 (f"streamers and flashes on {len(hits)} hits" if len(hits) > 1 else
                  "a streamer and a flash on 1 hit" if hits else "no hits"),
                 "the timecode at the bottom"]
        if cues:
            numbers = ", ".join(c.number for c in cues)
            parts.append(f"the cue number and bar|beat counter at the top right while {numbers} "
                         "play" + "s" * (len(cues) == 1))
        return f"Animatic of {self.scene.title}: " + ", ".join(parts)

    def transcript(self) -> list[str]:
        """The shots' action, the hits and the dialogue inside the video, in time order, with timecodes.

        Examples
        --------
        >>> from scoring.scene import load_scene
        >>> print(animatic(load_scene("kitchen_dialogue"), end=2.0).transcript()[1])
        05:00:00:18 ANNA: You're up late.

        Lesson: lessons/07_score_a_scene.ipynb
        """
        a, b, tc = self.start, self.end, self.scene.tc
        rows = [(max(s.start, a), 0, f"[picture] {s.card}") for s in self.picture.shots if s.end > a and s.start < b]
        rows += [(h.at, 1, f"[hit: {h.label}] {h.what}".rstrip()) for h in self.scene.hits if a <= h.at < b]
        rows += [(d.start, 2, f"{d.who}: {d.text}" if d.who else d.text)
                 for d in self.scene.dialogue if d.end > a and d.start < b]
        return [f"{tc(t)} {text}" for t, _, text in sorted(rows, key=lambda r: (r[0], r[1]))]

    def still(self, t: float | str) -> bytes:
        """The frame showing at ``t`` (scene seconds or a reel timecode) as PNG bytes.

        Examples
        --------
        >>> from scoring.scene import load_scene
        >>> animatic(load_scene("kitchen_dialogue"), end=1.0).still(0.5)[:4]
        b'\\x89PNG'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        s = self.scene.seconds(t)
        if not 0 <= s <= self.scene.duration:
            raise ScoringError(f"t={s:g} s is outside the scene (0-{self.scene.duration:g} s); give a moment inside it")
        return still(self.picture, s)

    def to_file(self, path: str | Path, *, format: str = "mp4") -> Path:
        """Write the video: ``format="mp4"`` (H.264/AAC, the bytes shown) or ``"webm"`` (VP9/Opus,
        transcoded from the MP4; larger, for sites that want WebM); the path must end in ``.mp4`` or
        ``.webm`` to match. Returns the path.

        Examples
        --------
        >>> import tempfile, os
        >>> from scoring.scene import load_scene
        >>> folder = tempfile.mkdtemp()
        >>> animatic(load_scene("kitchen_dialogue"), end=1.0).to_file(os.path.join(folder, "kitchen.mp4")).name
        'kitchen.mp4'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        if not isinstance(format, str) or format not in FORMATS:
            raise ScoringError(f"format={show(format)}: write 'mp4' (plays everywhere) or 'webm'")
        writable_path(path, (f".{format}",))                  # refused before the WebM is made
        return write_file(path, self.mp4 if format == "mp4" else _webm(self.mp4), (f".{format}",))

    def _repr_html_(self) -> str:
        rows = self.transcript()
        items = "".join(f"<li>{escape(r)}</li>" for r in rows)
        transcript = (f'<details style="font-size:0.85em"><summary>Transcript ({len(rows)} entries: action, hits '
                      f'and dialogue)</summary><ul style="margin:2px 0">{items}</ul></details>')
        width = self.picture.size[0]
        return (f'<div style="margin:4px 0 10px 0">{video_tag(self.mp4, alt=self.alt_text(), width=width)}'
                f'<div style="font-family:monospace;font-size:0.85em">{escape(self.caption())}</div>'
                f"{transcript}</div>")

    def __repr__(self) -> str:
        return self.caption()


def _webm(mp4: bytes) -> bytes:
    """The MP4 transcoded to WebM (VP9 video, Opus audio at 48 kHz), if this PyAV can encode them."""
    for name in ("libvpx-vp9", "libopus"):
        try:
            av.codec.Codec(name, "w")
        except Exception:   # noqa: BLE001 - PyAV raises different errors for a missing codec
            raise ScoringError(f"this installation's PyAV cannot encode WebM ({name} is missing); write an .mp4 "
                               "file instead (it plays everywhere)") from None
    out = io.BytesIO()
    with av.open(io.BytesIO(mp4)) as src, av.open(out, "w", format="webm") as box:
        vin = src.streams.video[0]
        v = box.add_stream("libvpx-vp9", rate=vin.average_rate)
        v.width, v.height, v.pix_fmt = vin.codec_context.width, vin.codec_context.height, "yuv420p"
        # real-time VP9: a few seconds a minute; it needs about twice the MP4's bits for the same picture
        v.options = {"crf": "48", "b": "0", "deadline": "realtime", "cpu-used": "8", "threads": "1", "row-mt": "0"}
        a = resample = None
        if src.streams.audio:
            a = box.add_stream("libopus", rate=48000)
            a.layout, a.bit_rate = "mono", AUDIO_KBPS * 1000
            resample = av.AudioResampler(format="flt", layout="mono", rate=48000)
        k = pos = 0
        for packet in src.demux():
            for frame in packet.decode():
                if isinstance(frame, av.VideoFrame):
                    frame.pts, frame.time_base = k, Fraction(1) / vin.average_rate
                    k += 1
                    box.mux(v.encode(frame))
                elif a is not None:
                    pos = _opus(box, a, resample.resample(frame), pos)
        box.mux(v.encode())
        if a is not None:
            _opus(box, a, resample.resample(None), pos)
            box.mux(a.encode())
    return out.getvalue()


def _opus(box, stream, frames, pos: int) -> int:
    """Encode resampled audio frames, numbering them by sample; the position reached."""
    for f in frames:
        f.pts, f.time_base = pos, Fraction(1, 48000)
        pos += f.samples
        box.mux(stream.encode(f))
    return pos


# ---------------------------------------------------------------- making one
def _make(scene: Scene, placed: list[_Placed], first: int, stop: int, *, streamers: bool, punches: bool, click: bool,
          dialogue: bool, colours: object, size: object, mute_music: bool = False) -> Video:
    """Draw, mix and encode the frames ``first`` up to ``stop`` of the scene with the placed music."""
    picture = _picture(scene, placed, _colours(colours), streamers=_flag(streamers, "streamers"),
                       punches=_flag(punches, "punches"), size=size)
    click, dialogue = _flag(click, "click"), _flag(dialogue, "dialogue")
    if click and not placed:
        raise ScoringError("click=True needs music to take the click from; pass music= (a Cue or a spotted cue)")
    mute_music = _flag(mute_music, "mute_music")
    sound = _soundtrack(scene, placed, first, stop, click=click, dialogue=dialogue, mute_music=mute_music)
    real = FRAME_RATES[scene.fps][1]
    mp4 = render_video(picture, audio=sound, sample_rate=AUDIO_RATE, start=float(first / real),
                       end=float(stop / real), crf=CRF, audio_kbps=AUDIO_KBPS)
    extras = (("click",) if click else ()) + (("dialogue murmur",) if dialogue and scene.dialogue else ())
    music = tuple(f"{p.name} (in at {scene.tc(p.start)}{', muted' if mute_music else ''})" for p in placed)
    return Video(mp4, scene, picture, first, stop - first, music, extras)


def _check_scene(scene: object, what: str) -> Scene:
    if not isinstance(scene, Scene):
        raise ScoringError(f"{what}() needs a Scene, e.g. load_scene('chase'), not {type(scene).__name__}")
    return scene


def animatic(scene: Scene, music: Motif | Cue | SpotCue | Spotting | Sequence[SpotCue] | None = None, *,
             streamers: bool = True, punches: bool = True, click: bool = False, dialogue: bool = True,
             start: float | str | None = None, end: float | str | None = None, colours: dict | None = None,
             size: tuple[int, int] = SIZES[0]) -> Video:
    """The scene's animatic as a video, with its music placed at its in-points.

    Parameters
    ----------
    scene : the scene (its ``shots`` staging, dialogue and hits are drawn).
    music : a Cue or Motif (it starts on the scene's first frame), a spotted cue with its music
        (``spot.with_music(cue)``: it starts at its in-point), a list of them, or a Spotting.
    streamers, punches : draw the streamers into each hit and cue, and the punches on them.
    click : add the click of each cue's tempo map to the soundtrack.
    dialogue : murmur each line of dialogue quietly under the music (subtitles are always shown).
    start, end : the stretch to show, scene seconds or reel timecodes (default: the whole scene;
        at most 600 s at once).
    colours : streamer colours by role, e.g. ``{"hit": "yellow"}`` (see :data:`COLOURS`).
    size : (480, 270), (640, 360) or (960, 540) pixels.

    Examples
    --------
    >>> from scoring.scene import load_scene
    >>> animatic(load_scene("kitchen_dialogue"), start=6.0)
    Kitchen, 2 a.m. (05:00:06:00-05:00:08:00): no music + dialogue murmur; 2.0 s at 24 fps, 48 frames

    Lesson: lessons/07_score_a_scene.ipynb
    """
    scene = _check_scene(scene, "animatic")
    first, stop = _window(scene, start, end)
    return _make(scene, _placed(scene, music), first, stop, streamers=streamers, punches=punches, click=click,
                 dialogue=dialogue, colours=colours, size=size)


def cue_animatic(scene: Scene, spotted_cue: SpotCue, music: Motif | Cue | None = None, *, pre_roll: float = 2.0,
                 post_roll: float = 1.0, streamers: bool = True, punches: bool = True, click: bool = False,
                 dialogue: bool = True, colours: dict | None = None, size: tuple[int, int] = SIZES[0],
                 mute_music: bool = False) -> Video:
    """One spotted cue against its picture: from ``pre_roll`` seconds before its in-point (the
    warning streamer sweeps in) to ``post_roll`` seconds after it ends, the music at its in-point.

    ``music`` defaults to the music attached to the spotted cue (``spot.with_music(cue)``).
    ``mute_music=True`` leaves the music out of the soundtrack (its cue span, counter and
    streamers stay in the picture): a picture for a DAW's video track, where the DAW plays the music.

    Examples
    --------
    >>> from scoring.scene import load_scene, spot
    >>> kitchen = load_scene("kitchen_dialogue")
    >>> look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    >>> video = cue_animatic(kitchen, look, Motif.parse("c4 e g c'", tempo=120, name="smile"))
    >>> video.start, video.end, video.music
    (3.0, 8.0, ('5M1 smile (in at 05:00:05:00)',))

    Lesson: lessons/07_score_a_scene.ipynb
    """
    scene = _check_scene(scene, "cue_animatic")
    placed = _spotted(scene, spotted_cue, spotted_cue.music if music is None and isinstance(spotted_cue, SpotCue)
                      else music)
    _fits(scene, placed)
    pre = number(pre_roll, "pre_roll", "give 0 to 30 seconds before the cue, like 2.0", lo=0, hi=30)
    post = number(post_roll, "post_roll", "give 0 to 30 seconds after the cue, like 1.0", lo=0, hi=30)
    a = max(0.0, placed.start - pre)
    b = min(scene.duration, max(spotted_cue.end, placed.end) + post)
    first, stop = _window(scene, a, b)
    return _make(scene, [placed], first, stop, streamers=streamers, punches=punches, click=click,
                 dialogue=dialogue, colours=colours, size=size, mute_music=mute_music)
