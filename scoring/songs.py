"""Songs in film: source and underscore, cutting picture to a song, temp tracks and the cue sheet.

A song in a film is either heard by the characters (**source**, diegetic: a car radio, a band) or
not (**underscore**); it can cross from one to the other. This module holds the course's own song
(*Windows Down*, written for the course: verse and chorus, melody, chords and a beat; an
instrumental, the tune played by a guitar), the car
radio that opens into the score (:class:`RadioOpening`, a filter-and-space transition), the
inverse of :func:`scoring.sync.fit_tempo` (:func:`snap_cuts`: move the picture's cuts onto a
song's beats, as *Baby Driver* was cut), and the readings that separate writing *to* a temp track
from copying it (:func:`energy_curve`, :func:`shared_run`).

Lesson: lessons/10_songs.ipynb
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Sequence

import numpy as np

from scoring.click import radio
from scoring.core.cue import Cue, Layer, as_cue
from scoring.core.film import Event, Scene, Source
from scoring.core.motif import Motif
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.harmony import bar_length, chord_pitch_classes, harmonize
from scoring.render.checks import expect, flag, items, number, show, whole
from scoring.render.dsp import bandpass, check_rate, mono, room, safe
from scoring.render.dsp import samples as checked_samples
from scoring.sync import layer_from_notes

__all__ = ["SONG_TEMPO", "VERSE", "CHORUS", "VERSE_CHORDS", "CHORUS_CHORDS", "song_melody", "song",
           "MelodyFit", "melody_fit", "RadioOpening", "openness", "CutPlan", "beat_grid", "snap_cuts", "cut_points",
           "recut",
           "EnergyCurve", "energy_curve", "curve_match", "intervals", "shared_run", "temp_track"]

#: The course song's tempo (BPM): a beat is 13⅓ frames at 24 fps, so cuts rarely fall on a beat by luck.
SONG_TEMPO = 108
#: *Windows Down* (written for the course), the verse melody: 8 bars of tinyNotation.
VERSE = ("4/4 e4 e8 d c4 e f4 a8 g f4 c e4 g8 e c4 d d2 r2 "
         "e4 e8 d c4 e f4 a8 g f4 a g4 e8 g c'4 e d2 r2")
#: The chorus melody: 8 bars, higher and in longer notes.
CHORUS = ("4/4 g4 c'8 c' e'4 c' d'4 b8 b d'4 g c'4 a8 a e'4 c' c'2 a4 f "
          "g4 c'8 c' e'4 g' g'4 d'8 b d'4 b c'4 a8 c' f'4 c' c'1")
#: One chord per bar under the verse and under the chorus.
VERSE_CHORDS = ("Am", "F", "C", "G", "Am", "F", "C", "G")
CHORUS_CHORDS = ("C", "G", "Am", "F", "C", "G", "F", "C")
_PARTS = {"verse": (VERSE, VERSE_CHORDS), "chorus": (CHORUS, CHORUS_CHORDS)}


def _part(part: str) -> tuple[str, tuple[str, ...]]:
    if not isinstance(part, str) or part not in _PARTS:
        raise ScoringError(f"part={part!r}: the song has a 'verse' and a 'chorus'")
    return _PARTS[part]


def song_melody(part: str = "verse", *, tempo: float = SONG_TEMPO) -> Motif:
    """The tune of one part of *Windows Down*, the course's song (original): ``"verse"`` or ``"chorus"``.

    Examples
    --------
    >>> song_melody("chorus").pitches[:8]
    ['G4', 'C5', 'C5', 'E5', 'C5', 'D5', 'B4', 'B4']

    Lesson: lessons/10_songs.ipynb
    """
    text, _ = _part(part)
    return Motif.parse(text, name=f"Windows Down ({part})", key="C major", tempo=tempo,
                       instrument="Electric Guitar (clean)")


def _beat_layers(bars: int, *, busy_from: int) -> list[Layer]:
    """A drum beat on pitched GM sounds: kick on 1 and 3 (and the 'and' of 3 from bar ``busy_from``),
    a backbeat on 2 and 4 (a synth drum, a few dB under the kick)."""
    kick, snare = [], []
    for bar in range(bars):
        b = 4 * bar
        kick += [(b, 0.5, [36], 112), (b + 2, 0.5, [36], 104)]
        if bar >= busy_from:
            kick.append((b + 2.5, 0.5, [36], 96))
        snare += [(b + 1, 0.5, [62], 72), (b + 3, 0.5, [62], 72)]
    return [layer_from_notes("kick", kick, total=4 * bars, instrument="Taiko Drum"),
            layer_from_notes("backbeat", snare, total=4 * bars, instrument="Synth Drum")]


def _close_voicing(layer: Layer, *, low: int = 52, high: int = 67) -> Layer:
    """The chords re-voiced in close position between ``low`` and ``high`` (MIDI; by default E3-G4), each
    inversion chosen to move as little as possible from the chord before (smooth voice-leading)."""
    out, prev = [], None
    for c in layer.chords:
        if c.is_rest:
            out.append(c)
            continue
        pcs = sorted({p % 12 for p in c.pitches}, key=lambda q: (q - c.pitches[0]) % 12)
        options = []
        for inv in range(len(pcs)):
            order = pcs[inv:] + pcs[:inv]
            for base in range(low - 12, high + 1):
                if base % 12 != order[0]:
                    continue
                v = [base]
                for q in order[1:]:
                    v.append(v[-1] + (q - v[-1]) % 12)
                if low <= v[0] and v[-1] <= high:
                    options.append(tuple(v))
        centre = (low + high) / 2
        best = min(options, key=lambda v: (sum(abs(a - b) for a, b in zip(v, prev)) if prev else
                                           abs(sum(v) / len(v) - centre)))
        out.append(replace(c, pitches=best))
        prev = best
    return replace(layer, chords=tuple(out))


def song(parts: Sequence[str] = ("verse", "chorus"), *, tempo: float = SONG_TEMPO) -> Cue:
    """*Windows Down*, the course's song (an instrumental): the parts in order, each with its melody
    (guitar, C4 and up), chords (electric piano, close voicings A2-B3, under the tune), bass and a beat
    played on General MIDI sounds: the "kick" is the Taiko Drum, the "backbeat" the Synth Drum (the
    chorus adds a kick on the 'and' of 3).

    A song is a form (verse, chorus) as much as a tune; its beat is what a picture editor cuts to.

    Examples
    --------
    >>> s = song()
    >>> [layer.role for layer in s.layers], round(s.duration_seconds, 1)
    (['melody', 'harmony', 'bass', 'kick', 'backbeat'], 35.6)

    Lesson: lessons/10_songs.ipynb
    """
    if isinstance(parts, str) or not isinstance(parts, (list, tuple)) or not parts:
        raise ScoringError("parts: give a list of parts in order, like ['verse', 'chorus']")
    melody, chords, busy = None, [], []
    for p in parts:
        text, ch = _part(p)
        m = song_melody(p, tempo=tempo)
        melody = m if melody is None else melody + m
        chords += list(ch)
        busy.append(p == "chorus")
    cue = harmonize(melody.with_name("Windows Down"), chords, harmony_instrument="Electric Piano 1",
                    bass_instrument="Electric Bass (finger)", velocity=48)
    bass = cue.layer("bass")
    bass = replace(bass, chords=tuple(replace(c, velocity=64) for c in bass.chords))
    cue = cue.with_layers([cue.layer("melody"), _close_voicing(cue.layer("harmony"), low=45, high=59), bass])
    bars = len(chords)
    first_chorus = busy.index(True) * 8 if any(busy) else bars
    return cue.with_layers(list(cue.layers) + _beat_layers(bars, busy_from=first_chorus)).with_name("Windows Down")


# ---------------------------------------------------------------- melody against chords
@dataclass(frozen=True)
class MelodyFit:
    """Each strong beat of a melody against the chord under it: ``rows`` of (bar, beat, note name or
    None for a rest, chord, whether the note is a chord tone).

    Lesson: lessons/10_songs.ipynb
    """

    rows: tuple[tuple[int, int, str | None, str, bool], ...]

    @property
    def clashes(self) -> list[tuple[int, int, str, str]]:
        """The strong beats whose note is not in the chord: (bar, beat, note, chord)."""
        return [(b, k, n, c) for b, k, n, c, ok in self.rows if n is not None and not ok]

    @property
    def ok(self) -> bool:
        """True when every strong-beat note is a chord tone."""
        return not self.clashes

    def table(self) -> str:
        """The strong beats as text, one bar a line."""
        out, bars = [], {}
        for b, k, n, c, ok in self.rows:
            bars.setdefault((b, c), []).append(f"beat {k}: {n or 'rest':4}{'' if n is None or ok else ' (clash)'}")
        for (b, c), cells in bars.items():
            out.append(f"bar {b:2d} {c:3}  " + "   ".join(cells))
        return "\n".join(out)

    def __repr__(self) -> str:
        n = sum(1 for r in self.rows if r[2] is not None)
        return (f"MelodyFit: {n - len(self.clashes)} of {n} strong-beat notes are chord tones"
                + ("" if self.ok else "; clashes at " + ", ".join(f"bar {b} beat {k} ({n} on {c})"
                                                                  for b, k, n, c in self.clashes)))


def melody_fit(melody: Motif, chords: Sequence[str], *, strong: Sequence[int] = (1, 3)) -> MelodyFit:
    """Check a melody against its chords (one per bar) on the strong beats (1 and 3 of 4/4): the
    note sounding there should belong to the chord; passing notes fall between.

    A tune that sits on chord tones where the beat is heavy sounds as if it belongs to its harmony;
    a non-chord tone on a strong beat is heard as tension (an appoggiatura) or as a wrong note.

    Examples
    --------
    >>> melody_fit(song_melody("verse"), VERSE_CHORDS)
    MelodyFit: 14 of 14 strong-beat notes are chord tones
    >>> melody_fit(Motif.parse("4/4 d4 e f g"), ["C"])
    MelodyFit: 0 of 2 strong-beat notes are chord tones; clashes at bar 1 beat 1 (D4 on C), bar 1 beat 3 (F4 on C)

    Lesson: lessons/10_songs.ipynb
    """
    expect(melody, Motif, "melody", 'Motif.parse("4/4 e4 d c d")')
    if isinstance(chords, str) or not isinstance(chords, (list, tuple)) or not chords:
        raise ScoringError("chords: give one chord symbol per bar, like ['Am', 'F', 'C', 'G']")
    strong = [whole(k, "strong", "give the strong beats as whole numbers, like (1, 3)", lo=1, hi=64)
              for k in items(strong, "strong", "give the strong beats, like (1, 3)", most=64)]
    per_bar = bar_length(melody.time_signature)
    pcs = [chord_pitch_classes(str(c), melody.key) for c in chords]
    sounding, t = [], Fraction(0)                  # (start, end, midi or None, name)
    for n, name in zip(melody.notes, melody.pitches):
        d = Fraction(n.duration)
        sounding.append((t, t + d, n.pitch, name))
        t += d
    rows = []
    for i, (symbol, pc) in enumerate(zip(chords, pcs)):
        for k in strong:
            at = i * per_bar + (int(k) - 1)
            hit = next((s for s in sounding if s[0] <= at < s[1]), None)
            if hit is None:
                continue
            rows.append((i + 1, int(k), hit[3], str(symbol), hit[2] is not None and hit[2] % 12 in pc))
    return MelodyFit(tuple(rows))


# ---------------------------------------------------------------- source into score
@dataclass(frozen=True)
class RadioOpening:
    """A car radio that opens into the score: source until ``at`` seconds, then over ``over`` seconds
    the radio's band (``low``-``high`` Hz) widens to the full range, its level rises by ``-gain_db``
    and the small car gives way to a hall (``space``, the reverb's loudness 0-1).

    Diegetic music comes from a place and sounds like one; when the band opens and the room grows,
    the song leaves the car and becomes the film's voice: the score.

    Examples
    --------
    >>> RadioOpening(at=2.0, over=3.0).band_at(3.5)
    (84, 8000)

    Lesson: lessons/10_songs.ipynb
    """

    at: float = 2.0
    over: float = 3.0
    low: float = 350.0
    high: float = 3200.0
    space: float = 0.35
    gain_db: float = -12.0
    drive: float = 3.0

    def __post_init__(self) -> None:
        put = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 - frozen dataclass
        put("at", number(self.at, "at", "give the second the radio starts to open, like 2.0", lo=0, hi=600))
        put("over", number(self.over, "over", "give the opening's length in seconds, 0 (a cut) to 30", lo=0, hi=30))
        put("low", number(self.low, "low", "the radio's low cut-off, about 350 Hz", lo=40, hi=2000))
        put("high", number(self.high, "high", "the radio's high cut-off, about 3200 Hz", lo=1000, hi=12000))
        if self.low >= self.high:
            raise ScoringError(f"the radio's band {self.low:g}-{self.high:g} Hz needs low < high")
        put("space", number(self.space, "space", "the hall's reverb loudness 0-1, like 0.35", lo=0, hi=1))
        put("gain_db", number(self.gain_db, "gain_db", "how much quieter the radio is, like -12", lo=-40, hi=0))
        put("drive", number(self.drive, "drive", "the radio's overdrive, 0 clean to 10", lo=0, hi=10))

    def progress(self, t):
        """How far the opening has gone at ``t`` seconds: 0 (radio) to 1 (score); a number or an array."""
        t = np.asarray(t, dtype=float)
        p = np.clip((t - self.at) / self.over, 0.0, 1.0) if self.over > 1e-6 else (t >= self.at).astype(float)
        return float(p) if p.ndim == 0 else p

    def band_at(self, t: float) -> tuple[int, int]:
        """The band (Hz, rounded) that passes at ``t`` seconds: the radio's, widening geometrically to 20-20000."""
        p = self.progress(number(t, "t", "give a time in seconds, like 3.5"))
        return (round(self.low * (20 / self.low) ** p), round(self.high * (20000 / self.high) ** p))

    def summary(self) -> str:
        """The transition in one line."""
        room = f"with a hall (space {self.space:g})" if self.space > 0 else "dry (no hall)"
        return (f"radio {self.low:g}-{self.high:g} Hz at {self.gain_db:g} dB until {self.at:g} s, "
                f"open by {self.at + self.over:g} s into the full score, {room}")

    def render(self, samples: np.ndarray, sample_rate: int = 44100, *, stages: int = 8) -> np.ndarray:
        """The music heard through the transition: (n, 2) float32 within ±1.

        The band opens in ``stages`` steps, each crossfaded into the next, so it sounds as a sweep.

        Examples
        --------
        >>> y, sr = song_melody().fragment(0, 4).to_audio(sample_rate=16000)
        >>> RadioOpening(at=0.5, over=1.0).render(y, sr).shape == (len(y), 2)
        True

        Lesson: lessons/10_songs.ipynb
        """
        checked_samples(samples, check_rate(sample_rate), what="render() samples")
        y = np.asarray(samples, dtype=np.float32)
        if y.ndim == 1:
            y = np.repeat(y[:, None], 2, axis=1)
        if y.ndim != 2 or y.shape[1] != 2 or len(y) == 0:
            raise ScoringError("render() takes samples as from music.to_audio(): (n, 2) or (n,)")
        sr = int(sample_rate)
        k = int(number(stages, "stages", "give 2-16 steps, like 8", lo=2, hi=16))
        t = np.arange(len(y)) / sr
        pos = self.progress(t) * (k - 1)
        top = min(20000.0, 0.45 * sr)
        out = np.zeros_like(y)
        for i in range(k):
            # where this stage sounds: pos (rising with time) within one step of i
            a, b = np.searchsorted(pos, i - 1, side="right"), np.searchsorted(pos, i + 1, side="left")
            w = np.clip(1.0 - np.abs(pos[a:b] - i), 0.0, 1.0).astype(np.float32)
            if not w.any():
                continue
            f = i / (k - 1)
            if i == 0:   # the radio is levelled by its whole sound
                stage = radio(y, sr, low=self.low, high=min(self.high, top - 1), gain_db=self.gain_db,
                              drive=self.drive)[a:b]
            elif i == k - 1:
                stage = y[a:b]
            else:        # a band-pass hears only the past: filtered up to where the stage ends, the same samples
                lo, hi = self.low * (20 / self.low) ** f, min(self.high * (20000 / self.high) ** f, top)
                gain = 10 ** (self.gain_db * (1 - f) / 20)
                stage = (bandpass(y[:b], sr, low=max(lo, 20.0), high=max(hi, lo * 2), order=2)[a:] * gain
                         if hi < top else y[a:b] * gain)
            out[a:b] += np.asarray(stage, dtype=np.float32) * w[:, None]
        if self.space > 0:
            hall = room(out, sr, wet=self.space, seconds=2.0)
            out = out + (hall - out) * self.progress(t).astype(np.float32)[:, None]
        return safe(out).astype(np.float32)


def openness(samples: np.ndarray, sample_rate: int = 44100, *, window: float = 0.5, low: float = 350.0,
             high: float = 3200.0) -> tuple[np.ndarray, np.ndarray]:
    """How open the sound is, window by window: the share of its energy outside a radio's band
    (``low``-``high`` Hz). Returns (window centres in seconds, shares 0-1).

    A radio leaves almost nothing below 350 Hz or above 3.2 kHz; a full mix with bass keeps a good
    share there. The measure rises as the radio opens into the score.

    Examples
    --------
    >>> y, sr = song(["verse"]).to_audio(sample_rate=16000)
    >>> t, full = openness(y[: 4 * sr], sr)
    >>> _, boxed = openness(radio(y[: 4 * sr], sr), sr)
    >>> bool(full.mean() > 3 * boxed.mean())
    True

    Lesson: lessons/10_songs.ipynb
    """
    checked_samples(samples, check_rate(sample_rate), what="openness() samples")
    low = number(low, "low", "the radio's low cut-off in Hz, like 350", lo=0)
    high = number(high, "high", "the radio's high cut-off in Hz, like 3200", lo=0)
    y = np.asarray(samples, dtype=np.float64)
    y = mono(y)
    sr = int(sample_rate)
    n = max(256, int(number(window, "window", "give seconds, like 0.5", lo=0.05, hi=10) * sr))
    count = len(y) // n
    if count < 1:
        raise ScoringError(f"the sound is shorter than one window ({window:g} s)")
    frames = y[: count * n].reshape(count, n) * np.hanning(n)
    spec = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    f = np.fft.rfftfreq(n, 1 / sr)
    inside = (f >= low) & (f <= high)
    total = spec.sum(axis=1)
    share = np.where(total > 0, spec[:, ~inside].sum(axis=1) / np.maximum(total, 1e-30), 0.0)
    return (np.arange(count) + 0.5) * n / sr, share


# ---------------------------------------------------------------- cutting picture to a song
@dataclass(frozen=True)
class CutPlan:
    """Cuts moved onto a song's beats: for each cut its old and new time (seconds in the scene), the
    beat it lands on (quarter notes from the song's start), its bar and beat, and the move in frames.

    Lesson: lessons/10_songs.ipynb
    """

    old: tuple[float, ...]
    new: tuple[float, ...]
    beats: tuple[float, ...]
    where: tuple[str, ...]
    fps: float
    song_start: float
    off_beat: tuple[float, ...]        # frames between each new cut and its beat (frame rounding)
    to: tuple[str, ...] = ()           # what each cut was snapped to: "beat" or "downbeat"

    @property
    def target(self) -> str:
        """What the cuts were snapped to, in words: "the beat", "downbeats", or a mix."""
        down = sum(1 for k in self.to if k == "downbeat")
        if down == 0:
            return "the nearest beat"
        if down == len(self.to):
            return "the nearest downbeat"
        return f"the nearest beat ({down} of them to the nearest downbeat)"

    @property
    def moves(self) -> list[float]:
        """Each cut's move in frames (+ later, - earlier)."""
        return [round((b - a) * self.fps, 2) for a, b in zip(self.old, self.new)]

    @property
    def worst_move(self) -> float:
        """The largest move, in frames."""
        return max((abs(m) for m in self.moves), default=0.0)

    def table(self) -> str:
        """One line per cut: old and new time, bar.beat, the move and the distance from the beat, in frames."""
        lines = [f"{'cut':>3} {'was (s)':>8} {'now (s)':>8} {'bar.beat':>8} {'moved':>8} {'off beat':>9}"]
        for i, (a, b, w, m, e) in enumerate(zip(self.old, self.new, self.where, self.moves, self.off_beat), 1):
            lines.append(f"{i:3d} {a:8.3f} {b:8.3f} {w:>8} {m:+7.1f}f {e:8.2f}f")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"CutPlan: {len(self.old)} cuts snapped to {self.target}; largest move {self.worst_move:.1f} "
                f"frames, every cut within {max(self.off_beat, default=0):.2f} frames of its beat")


def beat_grid(tempo_map: TempoMap, until: float, *, to: str = "beat", song_start: float = 0.0) -> np.ndarray:
    """The seconds (in the scene) of a song's beats or downbeats up to ``until`` seconds; the song's
    beat 1 is at ``song_start``.

    Examples
    --------
    >>> beat_grid(TempoMap.constant(120), 3.0, to="downbeat").tolist()
    [0.0, 2.0]

    Lesson: lessons/10_songs.ipynb
    """
    expect(tempo_map, TempoMap, "tempo_map", "TempoMap.constant(108)")
    if not isinstance(to, str) or to not in ("beat", "downbeat"):
        raise ScoringError(f"to={show(to)}: snap to 'beat' or 'downbeat'")
    until = number(until, "until", "give seconds, like 30", lo=0, hi=3600)
    start = number(song_start, "song_start", "give the second the song starts in the scene, like 0", lo=-3600, hi=3600)
    last = float(tempo_map.beat_at(max(0.0, until - start))) + 8
    beats = tempo_map.barlines(math.ceil(last)) if to == "downbeat" else list(range(int(math.ceil(last)) + 1))
    t = start + np.asarray(tempo_map.seconds_at(np.asarray([float(b) for b in beats])), dtype=float)
    return t[(t >= -1e-9) & (t <= until + 1e-9)]


#: The most cuts :func:`snap_cuts` moves at once (a montage has dozens).
MAX_CUTS = 1000


def snap_cuts(cuts: Sequence[float], tempo_map: TempoMap, *, to: str | Sequence[str] = "beat", fps: float = 24,
              song_start: float = 0.0) -> CutPlan:
    """Move each cut to the song's nearest beat (or downbeat), on the frame nearest that beat, so it
    lands within half a frame of it: the inverse of :func:`scoring.sync.fit_tempo`, which moves the
    music to the picture. ``to`` may be one choice or one per cut.

    When the song is fixed (a licensed record cannot change tempo), the picture moves: *Baby Driver*
    staged and cut its scenes to the songs.

    Examples
    --------
    >>> plan = snap_cuts([1.3, 2.9], TempoMap.constant(120))
    >>> plan.new, plan.moves
    ((1.5, 3.0), [4.8, 2.4])
    >>> snap_cuts([1.3, 2.9], TempoMap.constant(120), to=["beat", "downbeat"])
    CutPlan: 2 cuts snapped to the nearest beat (1 of them to the nearest downbeat); largest move 21.6 frames, every cut within 0.00 frames of its beat

    Lesson: lessons/10_songs.ipynb
    """
    expect(tempo_map, TempoMap, "tempo_map", "TempoMap.constant(108)")
    fps = number(fps, "fps", "give the frame rate, like 24", lo=1, hi=120)
    if isinstance(cuts, (str, bytes)) or not isinstance(cuts, (list, tuple, np.ndarray)) or len(cuts) == 0:
        raise ScoringError("cuts: give the cut points as a list of seconds, like [2.1, 4.9, 7.3]")
    if len(cuts) > MAX_CUTS:
        raise ScoringError(f"{len(cuts):,} cuts is more than a cut plan takes ({MAX_CUTS:,}); snap a scene or a "
                           "reel at a time")
    old = [number(c, f"cut {i}", "give seconds from the scene's start", lo=0, hi=3600) for i, c in enumerate(cuts, 1)]
    if any(b <= a for a, b in zip(old, old[1:])):
        raise ScoringError("the cuts must be in time order, each later than the one before")
    targets = [to] * len(old) if isinstance(to, str) else items(to, "to", "give 'beat' or 'downbeat', or one "
                                                               "of them per cut", most=MAX_CUTS)
    if len(targets) != len(old):
        raise ScoringError(f"to: give one choice ('beat' or 'downbeat') or one per cut ({len(old)})")
    grids = {k: beat_grid(tempo_map, old[-1] + 60, to=k, song_start=song_start) for k in set(targets)}
    start = float(song_start)
    new, beats, where, off = [], [], [], []
    for i, (c, k) in enumerate(zip(old, targets), 1):
        g = grids[k]
        if len(g) == 0:
            raise ScoringError(f"cut {i} at {c:g} s: the song has no {k} there (it starts at {start:g} s)")
        t = float(g[np.argmin(np.abs(g - c))])
        framed = round(t * fps) / fps
        new.append(framed)
        b = float(tempo_map.beat_at(max(0.0, t - start)))
        beats.append(round(b, 6))
        where.append(tempo_map.bar_beat_text(round(b)))
        off.append(round(abs(framed - t) * fps, 3))
    clash = [i for i in range(1, len(new)) if new[i] <= new[i - 1]]
    if clash:
        i = clash[0]
        raise ScoringError(f"cuts {i} and {i + 1} both land on {where[i]}: one shot would vanish; "
                           "move one of them further away, or snap it to a beat rather than a downbeat")
    return CutPlan(tuple(old), tuple(new), tuple(beats), tuple(where), fps, start, tuple(off), tuple(targets))


def recut(scene: Scene, cuts: CutPlan | Sequence[float]) -> Scene:
    """The scene re-cut: its shot boundaries moved to new cut times (a :class:`CutPlan` or a list,
    one per boundary between shots); events and source-music spans that start or end on a cut move with it.

    Examples
    --------
    >>> from scoring.core.film import load_scene
    >>> montage = load_scene("windows_down")
    >>> [round(s.start, 2) for s in recut(montage, snap_cuts(cut_points(montage), TempoMap.constant(108))).shots][:3]
    [0.0, 2.21, 4.46]

    Lesson: lessons/10_songs.ipynb
    """
    if not isinstance(scene, Scene) or len(scene.shots) < 2:
        raise ScoringError("recut() needs a scene with at least two shots (load_scene('windows_down'))")
    old = cut_points(scene)
    fix = "give a CutPlan from snap_cuts(), or the new cut times in seconds, like [2.2, 4.5]"
    new = (list(cuts.new) if isinstance(cuts, CutPlan) else
           [number(c, "cuts", fix) for c in items(cuts, "cuts", fix, most=10_000)])
    if len(new) != len(old):
        raise ScoringError(f"the scene has {len(old)} cuts; give {len(old)} new times, one per cut")
    bounds = [scene.shots[0].start] + new + [scene.shots[-1].end]
    if any(b <= a for a, b in zip(bounds, bounds[1:])):
        raise ScoringError("the new cuts must be in time order, inside the scene, each shot longer than 0")
    shots = tuple(replace(s, start=a, end=b) for s, a, b in zip(scene.shots, bounds, bounds[1:]))
    half = 0.5 / scene.fps

    def moved(at: float) -> float:                 # an event on a cut moves with it
        return next((b for a, b in zip(old, new) if abs(at - a) <= half), at)

    events = tuple(Event(moved(e.at), e.kind, e.label, e.what) for e in scene.events)
    sources = tuple(Source(moved(x.start), moved(x.end), x.what) for x in scene.sources)
    return replace(scene, shots=shots, events=events, sources=sources)


def cut_points(scene: Scene) -> list[float]:
    """The scene's cuts: the seconds where one shot gives way to the next.

    Examples
    --------
    >>> from scoring.core.film import load_scene
    >>> cut_points(load_scene("windows_down"))[:4]
    [2.291667, 4.583333, 6.5, 9.25]

    Lesson: lessons/10_songs.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError("cut_points() needs a Scene (load_scene('windows_down'))")
    return [round(round(s.start * scene.fps) / scene.fps, 6) for s in scene.shots[1:]]


# ---------------------------------------------------------------- temp tracks
@dataclass(frozen=True)
class EnergyCurve:
    """A cue's energy bar by bar: ``onsets`` (notes started, all layers), ``loudness`` (mean velocity
    of those notes, 0 in an empty bar) and the tempo (BPM) it runs at.

    Lesson: lessons/10_songs.ipynb
    """

    onsets: tuple[int, ...]
    loudness: tuple[float, ...]
    bpm: float

    @property
    def energy(self) -> np.ndarray:
        """Onsets × loudness / 127 per bar: one curve for how hard each bar drives."""
        return np.asarray(self.onsets, dtype=float) * np.asarray(self.loudness) / 127


def energy_curve(music: Motif | Cue) -> EnergyCurve:
    """How hard a cue drives, bar by bar: notes started and their mean velocity in each bar.

    A temp track's gift to the composer is its shape (tempo, where it builds, where it drops), not
    its notes: this is the shape, with the notes left out.

    Examples
    --------
    >>> energy_curve(Motif.parse("4/4 c4 c c c c1", dynamics="f")).onsets
    (4, 1)

    Lesson: lessons/10_songs.ipynb
    """
    if not isinstance(music, (Motif, Cue)):
        raise ScoringError(f"energy_curve() takes a Motif or a Cue, not {type(music).__name__}")
    cue = as_cue(music)
    clock = cue.tempo_map
    total = float(cue.quarter_length)
    bars = max(1, sum(1 for b in clock.barlines(total) if b < total))
    count, vel = np.zeros(bars), np.zeros(bars)
    for layer in cue.layers:
        t = Fraction(0)
        for c in layer.chords:
            if not c.is_rest:
                bar = clock.bar_beat(t)[0] - 1
                if bar < bars:
                    count[bar] += len(c.pitches)
                    vel[bar] += c.velocity * len(c.pitches)
            t += c.duration
    loud = np.where(count > 0, vel / np.maximum(count, 1), 0.0)
    return EnergyCurve(tuple(int(x) for x in count), tuple(round(float(x), 1) for x in loud),
                       float(clock.tempo))


def curve_match(temp: EnergyCurve, cue: EnergyCurve) -> dict[str, float]:
    """How closely a cue follows a temp's shape over the temp's bars: the correlation (-1..1) of
    onsets, loudness and energy per bar, and the tempo ratio (cue / temp).

    Examples
    --------
    >>> a = energy_curve(Motif.parse("4/4 c1 c2 c c4 c c c", tempo=90))
    >>> b = energy_curve(Motif.parse("4/4 e1 g2 e d4 e f g", tempo=92))
    >>> curve_match(a, b)["onsets"], round(curve_match(a, b)["tempo ratio"], 3)
    (1.0, 1.022)

    Lesson: lessons/10_songs.ipynb
    """
    expect(temp, EnergyCurve, "temp", "energy_curve(temp_track())")
    expect(cue, EnergyCurve, "cue", "energy_curve(my_cue)")
    n = len(temp.onsets)

    def corr(x, y) -> float:
        x = np.asarray(x, float)[:n]
        y = np.pad(np.asarray(y, float)[:n], (0, max(0, n - len(y))))
        if x.std() == 0 or y.std() == 0:
            return 0.0
        return round(float(np.corrcoef(x, y)[0, 1]), 3)

    return {"onsets": corr(temp.onsets, cue.onsets), "loudness": corr(temp.loudness, cue.loudness),
            "energy": corr(temp.energy, cue.energy), "tempo ratio": cue.bpm / temp.bpm}


def intervals(music: Motif | Cue) -> list[int]:
    """The melody's intervals in semitones (rests skipped): the notes with their key taken out.

    Examples
    --------
    >>> intervals(Motif.parse("c4 e r g c'"))
    [4, 3, 5]

    Lesson: lessons/10_songs.ipynb
    """
    m = music
    if isinstance(music, Cue):
        m = music.melody() if callable(music.melody) else music.melody
    if not isinstance(m, Motif):
        raise ScoringError(f"intervals() takes a Motif or a Cue, not {type(music).__name__}")
    ps = [p for p in m.midi if p is not None]
    return [b - a for a, b in zip(ps, ps[1:])]


def shared_run(a: Motif | Cue, b: Motif | Cue, *, steps: bool = False) -> int:
    """The longest run of consecutive melodic intervals two melodies share (transposed or not). The
    course's rule of thumb (a warning light, not a legal test: infringement is judged on substantial
    similarity): a run of 5 or more intervals (6 notes) is a borrowed phrase; shorter runs are common property.
    A run made only of steps (2 semitones or less: a piece of a scale) is common property at any
    length and does not count, unless ``steps=True``; a shared run must contain at least one leap.

    Examples
    --------
    >>> tune = Motif.parse("d4 f a g f e d")
    >>> shared_run(tune, tune.transpose(7))                    # the same tune a fifth up
    6
    >>> shared_run(Motif.parse("c4 d e f g a"), Motif.parse("g4 a b c' d' e'"))  # scales: common property
    0
    >>> shared_run(Motif.parse("c4 d e f g a"), Motif.parse("g4 a b c' d' e'"), steps=True)
    5

    Lesson: lessons/10_songs.ipynb
    """
    steps = flag(steps, "steps")
    x, y = intervals(a), intervals(b)
    best = 0
    prev = [0] * (len(y) + 1)
    for i in range(1, len(x) + 1):
        cur = [0] * (len(y) + 1)
        for j in range(1, len(y) + 1):
            if x[i - 1] == y[j - 1]:
                cur[j] = prev[j - 1] + 1
                # the longest run ending here; it counts if it holds a leap (or steps count too)
                if cur[j] > best and (steps or any(abs(v) > 2 for v in x[i - cur[j]:i])):
                    best = cur[j]
        prev = cur
    return best


#: *Getaway* (temp)'s chords, two a bar (a half bar each, 4/4): the harmony moves where the tune does.
_TEMP_CHORDS = ("Dm", "Dm", "Dm", "Dm", "Bb", "C", "C", "C", "Dm", "Dm", "Dm", "A", "Bb", "F", "Dm", "Dm")
_TEMP_ROOTS = {"Dm": 38, "Bb": 34, "C": 36, "A": 33, "F": 41}     # the pulse's note under each chord (D2 ...)


def _held(layer: Layer, per_bar: Fraction) -> Layer:
    """The layer with a chord repeated inside a bar held instead of struck again."""
    out, t = [], Fraction(0)
    for c in layer.chords:
        if out and t % per_bar and not c.is_rest and out[-1].pitches == c.pitches:
            out[-1] = replace(out[-1], duration=out[-1].duration + c.duration)
        else:
            out.append(c)
        t += Fraction(c.duration)
    return replace(layer, chords=tuple(out))


def temp_track() -> Cue:
    """*Getaway* (temp), written for the course to stand in for the temp track an editor cut in:
    8 bars at 132 BPM that idle, build to a driving peak in bars 5-6, and drop away (the pulse falls
    back to piano in bar 7). The chords move every half bar where the tune needs them (every
    strong-beat note is a chord tone) and the pulse plays each chord's root.

    Examples
    --------
    >>> curve = energy_curve(temp_track())
    >>> curve.onsets
    (6, 11, 15, 17, 23, 26, 13, 5)
    >>> curve.loudness
    (56.7, 63.6, 75.2, 85.2, 90.8, 88.9, 61.5, 61.2)
    >>> tune = temp_track().melody()                # the chords on beat 1, then on beat 3, of each bar
    >>> (melody_fit(tune, ["Dm", "Dm", "Bb", "C", "Dm", "Dm", "Bb", "Dm"], strong=(1,)).ok,
    ...  melody_fit(tune, ["Dm", "Dm", "C", "C", "Dm", "A", "F", "Dm"], strong=(3,)).ok)
    (True, True)

    Lesson: lessons/10_songs.ipynb
    """
    def part(text: str, dynamics: str) -> Motif:
        return Motif.parse(text, key="D minor", tempo=132, instrument="Synth Brass 1", dynamics=dynamics)

    tune = (part("4/4 d'2 a2 d'4 e' f' e'", "p") + part("4/4 f'4 g'8 f' e'4 d' c'8 d' e' f' g'4 a'", "mf")
            + part("4/4 a'8 g' f' e' d' e' f' g' a' a' g' f' e' f' g' a'", "f")
            + part("4/4 d''2 a'4 f' d'1", "mp")).with_name("Getaway (temp)")

    def root(beat: int) -> int:
        return _TEMP_ROOTS[_TEMP_CHORDS[beat // 2]]

    pulse = [(4 * bar + k, 1, [root(4 * bar + k)], 70 + 8 * bar if bar < 6 else 56) for bar in range(1, 7)
             for k in range(4)]
    pulse += [(4 * bar + k + 0.5, 0.5, [45], 80) for bar in (4, 5) for k in range(4)]   # A2: the fifth of Dm, root of A
    pulse += [(0, 4, [38], 50), (28, 4, [38], 50)]
    drums = [(4 * bar + k, 0.5, [36], 100) for bar in (3, 4, 5) for k in range(4)]
    cue = harmonize(tune, list(_TEMP_CHORDS), every=2, harmony_instrument="String Ensemble 1")
    layers = [cue.layer("melody"), _held(cue.layer("harmony"), Fraction(4)),     # the pulse is the bass
              layer_from_notes("pulse", pulse, total=32, instrument="Synth Bass 2"),
              layer_from_notes("drums", drums, total=32, instrument="Taiko Drum")]
    return cue.with_layers(layers).with_name("Getaway (temp)")
