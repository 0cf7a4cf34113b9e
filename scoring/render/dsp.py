"""Signal processing on samples: the room, the limiter, the safety net before encoding, and the
filters the lessons use (the car-radio band-pass). Built on :mod:`scipy.signal`.

This engine knows no motif: it takes and returns NumPy arrays of samples.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import flag, number, show, whole

__all__ = ["SAMPLE_RATE", "MAX_SECONDS", "check_rate", "samples", "safe", "limit", "room", "room_response",
           "bandpass", "half_rate", "BLOCK"]

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
        raise ScoringError(f"sample rate {show(sample_rate)} is not a whole number of Hz; use 44100 (CD quality)")
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
    y = _floats(y)
    bad = ~np.isfinite(y)
    if bad.any():
        y = np.where(bad, np.float32(0.0), y)
    return np.clip(y, -1.0, 1.0)


def _floats(y: object) -> np.ndarray:
    """``y`` as a float32 array (any shape), or a ScoringError saying it is not numbers."""
    try:
        return np.asarray(y, dtype=np.float32)
    except (TypeError, ValueError, OverflowError):
        raise ScoringError(f"samples {show(y)} are not numbers; give an array of samples, e.g. from .to_audio()") from None


def limit(y: np.ndarray, *, in_place: bool = False) -> np.ndarray:
    """Soft-limit peaks above 0.8 so loud chords never clip; quieter sound passes unchanged.

    Examples
    --------
    >>> [round(float(v), 3) for v in limit(np.array([0.5, 0.9, -3.0]))]
    [0.5, 0.892, -1.0]

    Lesson: lessons/00_first_motif.ipynb
    """
    y = _floats(y)
    if not np.isfinite(y).all():
        y = np.nan_to_num(y, nan=0.0, posinf=0.0, neginf=0.0)
    over = np.abs(y) > 0.8
    if over.any():
        if not flag(in_place, "in_place"):
            y = y.copy()
        y[over] = np.sign(y[over]) * (0.8 + 0.2 * np.tanh((np.abs(y[over]) - 0.8) / 0.2))
    return y


def room_response(sample_rate: int = SAMPLE_RATE, *, wet: float = 0.22, seconds: float = 1.3) -> np.ndarray:
    """The room's impulse response, (n, 2): seeded, darkened, exponentially decaying noise.
    ``wet`` is its loudness (0-1), ``seconds`` its decay time (0.1-5 s).

    Examples
    --------
    >>> room_response(22050).shape
    (28665, 2)

    Lesson: lessons/00_first_motif.ipynb
    """
    return _room_response(check_rate(sample_rate), *_room_shape(wet, seconds))


def _room_shape(wet: object, seconds: object) -> tuple[float, float]:
    return (number(wet, "wet", "give the reverb's loudness 0-1, like 0.22", lo=0, hi=1),
            number(seconds, "seconds", "give the reverb's decay time 0.1-5 s, like 1.3", lo=0.1, hi=5))


@lru_cache(maxsize=8)
def _room_response(sample_rate: int, wet: float, seconds: float) -> np.ndarray:
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
    import scipy.fft

    wet, seconds = _room_shape(wet, seconds)
    if flag(in_place, "in_place") and isinstance(dry, np.ndarray) and dry.dtype == np.float32 and dry.ndim == 2 \
            and dry.shape[1] == 2:
        y = dry
    else:
        y = samples(dry, sample_rate, what="dry samples")
        if np.may_share_memory(y, dry):
            y = y.copy()  # a copy: the caller's samples stay as they were
    if y.ndim == 1:
        y = np.repeat(y[:, None], 2, axis=1)
    sr = check_rate(sample_rate)
    total = len(y)
    # One transform for anything up to ~12 s at 44.1 kHz; longer sounds in blocks of BLOCK frames.
    block = total if total <= 8 * BLOCK else 4 * BLOCK
    n = scipy.fft.next_fast_len(block + int(float(seconds) * sr) - 1, real=True)
    spectrum = _room_spectrum(sr, float(wet), float(seconds), n)
    # Overlap-add in blocks, from the end backwards, in place: each block is convolved while it is
    # still dry (later blocks only ever add to later samples), so memory stays at one signal.
    for start in range(((total - 1) // block) * block, -1, -block):
        seg = y[start:start + block]
        if np.array_equal(seg[:, 0], seg[:, 1]):  # a centred mono mix: one forward transform
            spec = scipy.fft.rfft(seg[:, 0], n)[None, :] * spectrum
        else:
            spec = scipy.fft.rfft(seg.T, n, axis=1) * spectrum
        # a row per channel, contiguous; two threads take a channel each (the same samples as one)
        wet_block = scipy.fft.irfft(spec, n, axis=1, overwrite_x=True, workers=2)
        stop = min(total, start + n)
        y[start:stop] += wet_block[:, : stop - start].T
    return y


@lru_cache(maxsize=16)
def _room_spectrum(sample_rate: int, wet: float, seconds: float, n: int) -> np.ndarray:
    """The rfft of :func:`room_response` at FFT size ``n``: (2, n // 2 + 1) complex64 (a row per
    channel), read-only."""
    import scipy.fft

    spec = scipy.fft.rfft(room_response(sample_rate, wet=wet, seconds=seconds).T.astype(np.float32), n, axis=1)
    spec.setflags(write=False)
    return spec


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
    y = samples(y, sr)
    order = whole(order, "order", "give the filter's order 1-10, like 4", lo=1, hi=10)
    nyq = sr / 2
    low, high = (number(f, f"{name} cut-off", f"give Hz 20-{nyq - 1:.0f}; a radio passes about 350-3200",
                        lo=20, hi=nyq - 1) for name, f in (("low", low), ("high", high)))
    if low >= high:
        raise ScoringError(f"low cut-off {low} Hz must be below high cut-off {high} Hz")
    sos = butter(order, [low, high], btype="bandpass", fs=sr, output="sos")
    return sosfilt(sos, np.asarray(y, dtype=np.float64), axis=0).astype(np.float32)


#: Half-band low-pass for :func:`half_rate`: the odd taps of a 47-tap Kaiser-windowed sinc (beta 8),
#: flat to 9 kHz at 44.1 kHz, -6 dB at the new Nyquist, -45 dB by 13 kHz; the centre tap is 0.5.
_HALF_K = 23
_half_k = np.arange(-_HALF_K, _HALF_K + 1, 2)
_HALF_TAPS = (np.sin(np.pi * _half_k / 2) / (np.pi * _half_k) * np.kaiser(2 * _HALF_K + 1, 8.0)[_half_k + _HALF_K])
_HALF_TAPS = (_HALF_TAPS * 0.5 / _HALF_TAPS.sum()).astype(np.float32)


def half_rate(y: np.ndarray) -> np.ndarray:
    """Mono samples at half their sample rate (44.1 kHz becomes 22.05 kHz): a half-band low-pass,
    then every other sample. What a small MP3 keeps anyway (its encoder cuts near 8 kHz), at half
    the encoding work.

    Examples
    --------
    >>> t = np.arange(44100) / 44100
    >>> y = half_rate(np.sin(2 * np.pi * 1000 * t))
    >>> y.shape, round(float(abs(y[100:-100]).max()), 3)
    ((22050,), 1.0)

    Lesson: lessons/00_first_motif.ipynb
    """
    x = samples(y, what="mono samples")
    if x.ndim != 1:
        raise ScoringError(f"half_rate takes mono samples (n,), not shape {x.shape}; mix to mono first")
    even, odd = x[0::2], x[1::2]
    n, half = len(even), len(_HALF_TAPS) // 2
    pad = np.zeros(n + 2 * half, dtype=np.float32)
    pad[half:half + len(odd)] = odd  # pad[i + half] = x[2i + 1]
    out = 0.5 * even
    for j in range(half):  # taps j and -1-j are equal: one multiply per pair
        out += _HALF_TAPS[half + j] * (pad[half - 1 - j: half - 1 - j + n] + pad[half + j: half + j + n])
    return out
