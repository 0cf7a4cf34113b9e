"""Placeholder voices: a *murmur* where a line of dialogue is spoken, to hear music against a scene.

The murmur is not speech. It is a voiced buzz through the formants of the line's vowels, one
pulse per vowel group, falling in pitch (rising at the end of a question), with a puff of
noise at each syllable: enough to show where the words fall and to hear music mask them.
This engine knows no motif and no scene: it takes text, times in seconds and a sample rate,
and returns NumPy samples. Long lines are rendered in blocks, so memory stays small.

Lesson: lessons/05_silence.ipynb
"""
from __future__ import annotations

import math
import numbers
from typing import Sequence

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import show
from scoring.render.dsp import BLOCK, MAX_SECONDS, check_rate

__all__ = ["FORMANTS", "SPEAKER_PITCHES", "MAX_LINES", "MAX_TEXT", "syllables", "murmur", "check_level",
           "dialogue_track"]

#: Formant frequencies (Hz) of five vowels, for the placeholder voices.
FORMANTS = {"a": (730, 1090, 2440), "e": (530, 1840, 2480), "i": (300, 2200, 2950), "o": (570, 840, 2410),
            "u": (330, 900, 2250)}
#: The voice pitch (Hz) of the first, second, ... speaker of a scene.
SPEAKER_PITCHES = (205.0, 118.0, 165.0, 100.0)
#: The most lines of dialogue one track holds, and the longest text of one line (characters).
MAX_LINES = 1000
MAX_TEXT = 2000
_WEIGHTS, _WIDTHS = (1.0, 0.6, 0.3), (90, 120, 170)
_BURST = 0.02                  # seconds of noise at each syllable
_FADE = 0.03                   # seconds of fade in and out


def _number(value: object, what: str, fix: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.integer, np.floating)):
        raise ScoringError(f"{what} is {show(value)}; {fix}")
    try:
        x = float(value)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):
        raise ScoringError(f"{what} is {value!r}, not a finite number; {fix}")
    return x


def _text(text: object) -> str:
    if not isinstance(text, str):
        raise ScoringError(f"a line's text is {type(text).__name__}, not text; give the words as a string")
    if len(text) > MAX_TEXT:
        raise ScoringError(f"a line of {len(text)} characters is longer than {MAX_TEXT}; split it into shorter lines")
    return text


def syllables(text: str) -> list[str]:
    """The vowel groups of a line, one per syllable, as the five vowels the murmur knows ("y" sounds "i").

    Examples
    --------
    >>> syllables("You're up late."), syllables("Hmm")
    (['i', 'e', 'u', 'a', 'e'], ['a'])

    Lesson: lessons/05_silence.ipynb
    """
    out, prev = [], False
    for ch in _text(text).lower():
        vowel = ch in "aeiouy"
        if vowel and not prev:
            out.append("i" if ch == "y" else ch)
        prev = vowel
    return out or ["a"]


def _render(out: np.ndarray, text: str, pitch: float, seed: int, sample_rate: int) -> None:
    """Fill ``out`` (float32, one line's samples) with the murmur, block by block, at RMS 1."""
    n = len(out)
    length = n / sample_rate
    vowels = syllables(text)
    k = len(vowels)
    top = max(1, int(3600 / pitch))
    h = np.arange(1, top + 1, dtype=np.float64)
    gains = np.array([[sum(w * math.exp(-((x * pitch - fq) / bw) ** 2)
                           for fq, w, bw in zip(FORMANTS[v], _WEIGHTS, _WIDTHS)) + 0.02 for x in h]
                      for v in vowels]) / h ** 0.3                            # (syllable, harmonic)
    rng = np.random.default_rng(seed)
    burst = int(_BURST * sample_rate)
    bursts = [(int(j * n / k), np.diff(rng.standard_normal(burst + 1)) * np.linspace(1, 0, burst))
              for j in range(k)]
    question = text.rstrip().endswith("?")
    phase0, power = 0.0, 0.0
    for a in range(0, n, BLOCK):
        b = min(n, a + BLOCK)
        t = np.arange(a, b, dtype=np.float64) / sample_rate
        contour = 1.1 - 0.2 * t / length
        if question:
            contour += 0.35 * np.clip((t / length - 0.6) / 0.4, 0, 1)
        phase = phase0 + 2 * np.pi * np.cumsum(pitch * contour) / sample_rate
        phase0 = float(phase[-1])
        pos = t / length * k
        index = np.minimum(pos.astype(int), k - 1)
        harmonics = np.empty((top, b - a))      # sin(nx) = 2cos(x)·sin((n-1)x) - sin((n-2)x)
        harmonics[0] = np.sin(phase)
        twice_cos = 2 * np.cos(phase)
        for j in range(1, top):
            np.multiply(twice_cos, harmonics[j - 1], out=harmonics[j])
            if j > 1:
                harmonics[j] -= harmonics[j - 2]
        block = np.empty(b - a)
        edges = np.flatnonzero(np.diff(index)) + 1          # one run per syllable: its formants' gains
        for lo, hi in zip(np.r_[0, edges], np.r_[edges, b - a]):
            # einsum's own loop, not a BLAS product: BLAS picks its kernel by processor, and the
            # sums (and so the MP3's bytes) would then differ from machine to machine
            np.einsum("h,hn->n", gains[index[lo]], harmonics[:, lo:hi], out=block[lo:hi])
        for start, noise in bursts:
            lo, hi = max(a, start), min(b, start + burst)
            if lo < hi:
                block[lo - a:hi - a] += 0.25 * noise[lo - start:hi - start]
        env = np.sin(np.pi * np.clip((pos - index) / 0.85, 0, 1)) ** 0.7
        block *= env * np.minimum(1.0, np.minimum(t, length - t) / _FADE)
        power += float(np.square(block).sum())          # not np.dot: BLAS (see above)
        out[a:b] = block
    out *= np.float32(1.0 / (math.sqrt(power / max(n, 1)) + 1e-12))


def murmur(text: str, seconds: float, *, pitch: float = 165.0, seed: int = 0,
           sample_rate: int = 44100) -> np.ndarray:
    """A murmur in place of a spoken line: ``seconds`` of mono float32 samples at RMS 1.

    ``pitch`` is the voice's fundamental in Hz (100 a low voice, 205 a high one); ``seed`` fixes
    the syllables' noise, so the same line always sounds the same.

    Examples
    --------
    >>> y = murmur("Hello there.", 1.0, sample_rate=8000)
    >>> y.shape, y.dtype.name, round(float(np.sqrt(np.mean(y.astype(float) ** 2))), 2)
    ((8000,), 'float32', 1.0)

    Lesson: lessons/05_silence.ipynb
    """
    sr = check_rate(sample_rate)
    length = _number(seconds, "the line's length", "give seconds, like 1.5")
    if not 0 < length <= MAX_SECONDS:
        raise ScoringError(f"a line of {length:g} s: give a length above 0 and at most {MAX_SECONDS:g} s")
    f0 = _number(pitch, "pitch", "give the voice's pitch in Hz, like 165")
    if not 60 <= f0 <= 400:
        raise ScoringError(f"pitch {f0:g} Hz is outside 60-400 Hz, where speaking voices sit; try 165")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ScoringError(f"seed {seed!r} should be a whole number 0 or more")
    out = np.zeros(max(1, int(round(length * sr))), dtype=np.float32)
    _render(out, _text(text), f0, int(seed), sr)
    return out


def check_level(level: object) -> float:
    """A murmur's loudness checked: an RMS from 0 to 0.5 (0.12 is speech over a quiet cue).

    Examples
    --------
    >>> check_level(0.12), check_level(np.float32(0.25))
    (0.12, 0.25)

    Lesson: lessons/05_silence.ipynb
    """
    gain = _number(level, "level", "give the murmur's loudness as an RMS between 0 and 0.5 (0.12 is usual)")
    if not 0 <= gain <= 0.5:
        raise ScoringError(f"level={gain:g}: give the murmur's loudness as an RMS between 0 and 0.5 (0.12 is speech "
                           "over a quiet cue)")
    return gain


def dialogue_track(lines: Sequence[tuple[float, float, str, str]], seconds: float, *, level: float = 0.12,
                   sample_rate: int = 44100) -> np.ndarray:
    """The murmurs of a scene's lines on one mono float32 track ``seconds`` long.

    ``lines`` are ``(start, end, who, text)`` in seconds; each speaker keeps one pitch (the
    first to speak is :data:`SPEAKER_PITCHES` [0], ...). ``level`` is each murmur's RMS (0..0.5;
    0.12 is speech over a quiet cue). A line running past ``seconds`` is cut there.

    Examples
    --------
    >>> y = dialogue_track([(0.5, 1.0, "ANNA", "Hi."), (1.5, 2.0, "LEO", "Oh?")], 2.5, sample_rate=8000)
    >>> len(y), float(abs(y[:3900]).max()), float(abs(y[4100:7900]).max()) > 0.05
    (20000, 0.0, True)

    Lesson: lessons/05_silence.ipynb
    """
    sr = check_rate(sample_rate)
    total = _number(seconds, "the track's length", "give seconds, like 8.0")
    if not 0 < total <= MAX_SECONDS:
        raise ScoringError(f"a track of {total:g} s: give a length above 0 and at most {MAX_SECONDS:g} s")
    gain = check_level(level)
    if isinstance(lines, (str, bytes)) or not hasattr(lines, "__len__"):
        raise ScoringError("give the lines as a list of (start, end, who, text), e.g. [(0.5, 1.5, 'ANNA', 'Hi.')]")
    if len(lines) > MAX_LINES:
        raise ScoringError(f"{len(lines)} lines is more than {MAX_LINES}; split the scene")
    checked = []
    for item in lines:
        try:
            start, end, who, text = item
        except (TypeError, ValueError):
            raise ScoringError(f"{show(item)} is not a line; give (start, end, who, text), "
                               "e.g. (0.5, 1.5, 'ANNA', 'Hi.')") from None
        s = _number(start, "a line's start", "give seconds, like 0.5")
        e = _number(end, "a line's end", "give seconds, like 1.5")
        if not 0 <= s < e <= MAX_SECONDS:
            raise ScoringError(f"the line ({s:g}, {e:g}) should start at 0 s or later and end after it starts, "
                               f"within {MAX_SECONDS:g} s")
        checked.append((s, e, str(who), _text(text)))
    out = np.zeros(int(round(total * sr)), dtype=np.float32)
    pitch = {who: SPEAKER_PITCHES[i % len(SPEAKER_PITCHES)]
             for i, who in enumerate(dict.fromkeys(who for _, _, who, _ in checked))}
    for i, (s, e, who, text) in enumerate(checked):
        a = int(round(s * sr))
        if a >= len(out) or gain == 0:
            continue
        voice = np.zeros(max(1, int(round((e - s) * sr))), dtype=np.float32)
        _render(voice, text, pitch[who], 11 + i, sr)
        piece = voice[:len(out) - a]
        out[a:a + len(piece)] += np.float32(gain) * piece
    return out
