"""Signal processing on samples: the room, the limiter, the safety net before encoding, and the
filters the lessons use (the car-radio band-pass). Built on :mod:`scipy.signal`.

This engine knows no motif: it takes and returns NumPy arrays of samples.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from scoring.errors import ScoringError

__all__ = ["SAMPLE_RATE", "MAX_SECONDS", "check_rate", "samples", "safe", "limit", "room", "room_response",
           "bandpass", "BLOCK"]

SAMPLE_RATE = 44100
MAX_SECONDS = 600.0
#: Long signals are filtered in blocks of this many frames, so memory stays small.
BLOCK = 1 << 16


def check_rate(sample_rate: object) -> int:
    """A sample rate checked to be a whole number of Hz in 8000-96000.

    Examples
    --------
    >>> check_rate(44100), check_rate(np.int64(22050))
    (44100, 22050)

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, np.integer)):
        raise ScoringError(f"sample rate {sample_rate!r} is not a whole number of Hz; use 44100 (CD quality)")
    if not 8000 <= int(sample_rate) <= 96000:
        raise ScoringError(f"sample rate {sample_rate} Hz is outside 8000-96000; 44100 is CD quality")
    return int(sample_rate)


def samples(y: object, sample_rate: int = SAMPLE_RATE, *, what: str = "samples") -> np.ndarray:
    """``y`` as a float array of mono (n,) or stereo (n, 2) samples, checked in shape and length.

    Examples
    --------
    >>> samples([0.0, 0.5, -0.5]).shape
    (3,)

    Lesson: lessons/00_first_motif.ipynb
    """
    try:
        arr = np.asarray(y, dtype=np.float32)
    except (TypeError, ValueError):
        raise ScoringError(f"{what} must be an array of numbers (mono, or stereo with 2 columns); "
                           "get them from .to_audio()") from None
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[1] != 2) or len(arr) == 0:
        raise ScoringError(f"{what} have shape {arr.shape}; give mono (n,) or stereo (n, 2) samples, "
                           "e.g. from .to_audio()")
    if len(arr) > MAX_SECONDS * check_rate(sample_rate) + sample_rate * 10:
        raise ScoringError(f"{what} last over {MAX_SECONDS:.0f} s; use a shorter excerpt")
    return arr


def safe(y: np.ndarray) -> np.ndarray:
    """The samples made safe to encode: NaN and infinities become silence, and nothing exceeds ±1.

    Examples
    --------
    >>> safe(np.array([np.nan, 2.0, -np.inf, 0.25])).tolist()
    [0.0, 1.0, 0.0, 0.25]

    Lesson: lessons/00_first_motif.ipynb
    """
    y = np.asarray(y, dtype=np.float32)
    bad = ~np.isfinite(y)
    if bad.any():
        y = np.where(bad, np.float32(0.0), y)
    return np.clip(y, -1.0, 1.0)


def limit(y: np.ndarray, *, in_place: bool = False) -> np.ndarray:
    """Soft-limit peaks above 0.8 so loud chords never clip; quieter sound passes unchanged.

    Examples
    --------
    >>> [round(float(v), 3) for v in limit(np.array([0.5, 0.9, -3.0]))]
    [0.5, 0.892, -1.0]

    Lesson: lessons/00_first_motif.ipynb
    """
    y = np.asarray(y, dtype=np.float32)
    if not np.isfinite(y).all():
        y = np.nan_to_num(y, nan=0.0, posinf=0.0, neginf=0.0)
    over = np.abs(y) > 0.8
    if over.any():
        if not in_place:
            y = y.copy()
        y[over] = np.sign(y[over]) * (0.8 + 0.2 * np.tanh((np.abs(y[over]) - 0.8) / 0.2))
    return y


@lru_cache(maxsize=8)
def room_response(sample_rate: int = SAMPLE_RATE, *, wet: float = 0.22, seconds: float = 1.3) -> np.ndarray:
    """The room's impulse response, (n, 2): seeded, darkened, exponentially decaying noise.

    Examples
    --------
    >>> room_response(22050).shape
    (28665, 2)

    Lesson: lessons/00_first_motif.ipynb
    """
    rng = np.random.default_rng(7)  # fixed seed: the same room every time
    ir_len = int(seconds * sample_rate)
    t = np.arange(ir_len) / sample_rate
    envelope = np.exp(-6.9 * t / seconds) * (t > 0.015)  # 15 ms before the first reflection
    out = np.empty((ir_len, 2))
    for ch in range(2):
        noise = np.convolve(rng.standard_normal(ir_len), np.ones(6) / 6, mode="same")  # darker tail
        ir = noise * envelope
        out[:, ch] = ir * wet / np.sqrt(np.sum(ir ** 2))
    out.setflags(write=False)
    return out


def room(dry: np.ndarray, sample_rate: int = SAMPLE_RATE, *, wet: float = 0.22, seconds: float = 1.3,
         in_place: bool = False) -> np.ndarray:
    """Add a small hall (stereo, deterministic): the dry sound plus its convolution with
    :func:`room_response`. ``wet`` is the reverb's loudness against the dry sound; ``seconds``
    its decay time (RT60). ``in_place=True`` reverberates a float32 stereo array the caller owns
    without copying it (long renders stay at one signal's memory).

    Examples
    --------
    >>> dry = np.zeros(44100); dry[0] = 1.0
    >>> wet = room(dry)
    >>> wet.shape, float(abs(wet[22050:, 0]).max()) > 0  # the click rings on, in stereo
    ((44100, 2), True)

    Lesson: lessons/00_first_motif.ipynb
    """
    from scipy.signal import fftconvolve

    y = dry if in_place and isinstance(dry, np.ndarray) and dry.dtype == np.float32 and dry.ndim == 2 \
        else np.array(dry, dtype=np.float32)  # a copy: the caller's samples stay as they were
    if y.ndim == 1:
        y = np.repeat(y[:, None], 2, axis=1)
    ir = room_response(check_rate(sample_rate), wet=float(wet), seconds=float(seconds)).astype(np.float32)
    # Overlap-add in blocks, from the end backwards, in place: each block is convolved while it is
    # still dry (later blocks only ever add to later samples), so memory stays at one signal.
    total = len(y)
    for start in range(((total - 1) // BLOCK) * BLOCK, -1, -BLOCK):
        block = y[start:start + BLOCK]
        wet_block = fftconvolve(block, ir, mode="full", axes=0)
        stop = min(total, start + len(wet_block))
        y[start:stop] += wet_block[: stop - start]
    return y


def bandpass(y: np.ndarray, sample_rate: int, *, low: float, high: float, order: int = 4) -> np.ndarray:
    """A Butterworth band-pass (second-order sections, so it stays stable), applied along time.

    Examples
    --------
    >>> y = bandpass(np.random.default_rng(0).standard_normal(44100), 44100, low=300, high=3000)
    >>> bool(np.isfinite(y).all())
    True

    Lesson: lessons/06_sync.ipynb
    """
    from scipy.signal import butter, sosfilt

    sr = check_rate(sample_rate)
    nyq = sr / 2
    for name, f in (("low", low), ("high", high)):
        if isinstance(f, bool) or not isinstance(f, (int, float, np.number)) or not np.isfinite(f) or not 20 <= f < nyq:
            raise ScoringError(f"{name} cut-off {f!r} Hz must be a number 20-{nyq:.0f}; a radio passes about 350-3200")
    if low >= high:
        raise ScoringError(f"low cut-off {low} Hz must be below high cut-off {high} Hz")
    sos = butter(order, [low, high], btype="bandpass", fs=sr, output="sos")
    return sosfilt(sos, np.asarray(y, dtype=np.float64), axis=0).astype(np.float32)
