"""Signal processing on samples: the room, the limiter, the safety net before encoding, and the
filters the lessons use (the car-radio band-pass). Built on :mod:`scipy.signal`.

This engine knows no motif: it takes and returns NumPy arrays of samples.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import flag, number, show, whole
from scoring.render.kernel import forget_after_each_cell

__all__ = ["SAMPLE_RATE", "MAX_SECONDS", "check_rate", "samples", "mono", "safe", "limit", "room", "room_response",
           "bandpass", "half_rate", "BLOCK", "WorkArrays"]

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


def mono(y: np.ndarray) -> np.ndarray:
    """The channels' mean, sample by sample: the same numbers as ``y.mean(axis=1)`` (a 1-D array is
    returned as it is). For stereo floats the two columns are added and halved directly, twenty
    times quicker than NumPy's reduction along a row of two.

    Examples
    --------
    >>> mono(np.array([[1.0, 0.0], [0.25, 0.75]], dtype=np.float32)).tolist()
    [0.5, 0.5]

    Lesson: lessons/00_first_motif.ipynb
    """
    if not isinstance(y, np.ndarray):
        raise ScoringError(f"mono() takes samples as a NumPy array, (n,) or (n, channels), not {type(y).__name__}")
    if y.ndim == 2 and y.shape[1] == 2 and y.dtype in (np.float32, np.float64):
        return (y[:, 0] + y[:, 1]) / y.dtype.type(2)
    return y.mean(axis=1) if y.ndim == 2 else y


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
    if y.size and -0.8 <= y.min() and y.max() <= 0.8:  # nothing to limit (NaN and infinities fail these tests)
        return y
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

    At 32 kHz and above the reverberation is computed at half the sample rate (the sound's
    :func:`half_rate`, convolved with the room's, then interpolated back): the same room, flat to
    9 kHz at 44.1 kHz (more than the course's MP3 player keeps), for half the transform work.

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
    if sr >= 32000:
        with _work.lent():
            return _room_half(y, sr, float(wet), float(seconds), block)
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


class WorkArrays:
    """Work arrays kept between renders, by name: fresh memory costs a page fault per 4 KB, more
    than the arithmetic done on it. The process keeps one set, lent to one render at a time
    (``with arrays.lent():``), so the threads that take turns rendering (a notebook's own and its
    audio thread) share it instead of keeping a set each; a render that finds it lent to another
    thread works in fresh arrays of its own, freed when it ends. Outside ``lent()`` every array is
    fresh. An array's contents are whatever its last user left, and a caller must be done with it
    before anything asks for the same name again. An array of more than ``most`` elements is
    never kept (a long render gives its memory back).

    Examples
    --------
    >>> arrays = WorkArrays(most=1000)
    >>> with arrays.lent():
    ...     a = arrays.get("x", (2, 3))
    >>> with arrays.lent():
    ...     b = arrays.get("x", (3,))
    >>> np.shares_memory(a, b), a.dtype.name
    (True, 'float32')

    Lesson: lessons/09_electronic.ipynb
    """

    def __init__(self, *, most: int) -> None:
        self.most = whole(most, "most", "give the most elements a kept array may hold, like 1 << 22", lo=0)
        self._kept: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._here = threading.local()       # .arrays: the set this thread's render works in
        forget_after_each_cell(self.forget)  # kept for a panel's answers, not from one cell to the next

    def forget(self) -> None:
        """Let go of the kept arrays (made again when next asked for); nothing while they are lent."""
        if self._lock.acquire(blocking=False):
            try:
                self._kept.clear()
            finally:
                self._lock.release()

    @contextmanager
    def lent(self):
        """The kept arrays, for this thread until the block ends (a nested ``lent()`` keeps them)."""
        if getattr(self._here, "arrays", None) is not None:
            yield
            return
        mine = self._lock.acquire(blocking=False)
        self._here.arrays = self._kept if mine else {}
        try:
            yield
        finally:
            self._here.arrays = None
            if mine:
                self._lock.release()

    def get(self, name: str, shape: tuple[int, ...], dtype=np.float32) -> np.ndarray:
        """The work array ``name`` in ``shape`` and ``dtype`` (its contents left by its last user)."""
        size = math.prod(shape)
        arrays = getattr(self._here, "arrays", None)
        if arrays is None or size > self.most:
            return np.empty(shape, dtype=dtype)
        buf = arrays.get(name)
        if buf is None or buf.size < size or buf.dtype != np.dtype(dtype):
            buf = arrays[name] = np.empty(size, dtype=dtype)
        return buf[:size].reshape(shape)


#: Silent frames around each block before it is halved: more than the half-band filter reaches (23).
_EDGE = 48
#: The room's work arrays (a few MB; none is larger than a block's transform).
_work = WorkArrays(most=1 << 24)


def _room_half(y: np.ndarray, sr: int, wet: float, seconds: float, block: int) -> np.ndarray:
    """:func:`room` at half the sample rate, in place on stereo float32 ``y``, in blocks from the end
    backwards (the reverberation starts 15 ms after a block, the room's first reflection, so it only
    ever adds to frames not yet read).

    All of it happens in the transform: a block's even and odd frames are transformed (with
    silence around them); their spectra times the room's filters (:func:`_room_half_filters`: the
    half-band low-pass, the halved room and the half-band interpolation, as one spectrum each) give
    the reverberation's even and odd frames, transformed back together. The same arithmetic as
    halving the block, convolving it and interpolating it back by the half-band filter, in a dozen
    NumPy calls: each call lets Python's lock go, and a sound made on a panel's sound thread waits
    to get it back at every call while the notebook draws."""
    import scipy.fft

    total, half = len(y), len(_HALF_TAPS) // 2
    n = _room_half_size(block, sr, seconds)
    filters = _room_half_filters(sr, wet, seconds, n)  # (2 phases in, 4 rows out: even L, R, odd L, R, bins)
    lead = _EDGE // 2                                   # frame start + 2 q is at index lead + q
    for start in range(((total - 1) // block) * block, -1, -block):
        seg = y[start:start + block]
        rows = 1 if np.array_equal(seg[:, 0], seg[:, 1]) else 2  # a centred mono mix: one row
        phases = _work.get("phases", (2, rows, n), np.float32)   # [even frames, odd frames] of each row
        phases[...] = 0.0
        phases[0, :, lead:lead + (len(seg) + 1) // 2] = seg[0::2, :rows].T
        phases[1, :, lead:lead + len(seg) // 2] = seg[1::2, :rows].T
        spectra = scipy.fft.rfft(phases, n, axis=2)
        out = _work.get("wet spectra", (4, n // 2 + 1), np.complex64)
        product = _work.get("product", (4, n // 2 + 1), np.complex64)
        ins = [spectra[:, c % rows] for c in range(2)]      # each output channel's own input row
        for r in range(4):
            np.multiply(ins[r % 2][0], filters[0, r], out=out[r])
            np.multiply(ins[r % 2][1], filters[1, r], out=product[r])
        out += product
        back = np.fft.irfft(out, n, axis=1, out=_work.get("wet", (4, n), np.float32))
        stop = min(total, start + 2 * (n - lead - half))          # the frames its reverberation reaches
        evens, odds = (stop - start + 1) // 2, (stop - start) // 2
        for c in range(2):  # a channel at a time: NumPy's inner loop then runs along time, not across 2 channels
            y[start:stop:2, c] += back[c, lead:lead + evens]
            y[start + 1:stop:2, c] += back[2 + c, lead:lead + odds]
    return y


def _room_half_size(block: int, sample_rate: int, seconds: float) -> int:
    """The transform size :func:`_room_half` works a block of ``block`` frames in: the block's
    even frames with the silence around them, the halved room and the half-band filter's reach."""
    import scipy.fft

    room_frames = (int(seconds * sample_rate) + 1) // 2
    return scipy.fft.next_fast_len((block + 1) // 2 + _EDGE + room_frames + 2 * (len(_HALF_TAPS) // 2) + 1, real=True)


@lru_cache(maxsize=16)
def _room_half_filters(sample_rate: int, wet: float, seconds: float, n: int) -> np.ndarray:
    """The spectra (FFT size ``n``) that take a block's even and odd frames to its reverberation's
    even and odd frames, (2, 4, n // 2 + 1) complex64, read-only: ``[phase, row]`` with rows even
    left, even right, odd left, odd right.

    Halving keeps half of each even frame and adds the odd frames through the half-band taps
    (:func:`half_rate`); the halved block is convolved with the room at half the rate (each
    channel's :func:`half_rate`, doubled, as a sum over every other frame is half the sum over all);
    an even output frame is that, an odd one the half-band interpolation (the taps doubled) of its
    two neighbourhoods. Made in one transform of four rows (the room's two channels and the two
    half-band filters): a panel's new length of sound needs a new size."""
    import scipy.fft

    room_half = _room_halved(sample_rate, wet, seconds)
    taps = _HALF_TAPS[len(_HALF_TAPS) // 2:]                      # T_j, j = 0, 1, ...
    j = np.arange(len(taps))
    rows = np.zeros((4, n), dtype=np.float32)
    rows[:2, :room_half.shape[1]] = room_half
    rows[2, j + 1] = taps     # halved[q] += T_j (odd[q - j - 1] + odd[q + j]): the odd frames' filter
    rows[2, (-j) % n] = taps
    rows[3, j] = 2 * taps     # odd out[q] = 2 T_j (wet[q - j] + wet[q + 1 + j])
    rows[3, (-j - 1) % n] = 2 * taps
    spectra = scipy.fft.rfft(rows, n, axis=1)
    room_spec, down_spec, up_spec = spectra[:2], spectra[2], spectra[3]
    filters = np.empty((2, 4, n // 2 + 1), dtype=np.complex64)
    np.multiply(room_spec, np.float32(0.5), out=filters[0, :2])
    np.multiply(room_spec, down_spec, out=filters[1, :2])
    np.multiply(filters[:, :2], up_spec, out=filters[:, 2:])
    filters.setflags(write=False)
    return filters


@lru_cache(maxsize=4)
def _room_halved(sample_rate: int, wet: float, seconds: float) -> np.ndarray:
    """:func:`room_response` at half the rate, (2, frames) float32: each channel's :func:`half_rate`,
    doubled (a sum over every other frame is half the sum over all), read-only."""
    ir = room_response(sample_rate, wet=wet, seconds=seconds)
    halved = np.stack([half_rate(ir[:, c]) for c in range(2)]) * np.float32(2.0)
    halved.setflags(write=False)
    return halved


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
    from scipy.signal import sosfilt

    sr = check_rate(sample_rate)
    y = samples(y, sr)
    order = whole(order, "order", "give the filter's order 1-10, like 4", lo=1, hi=10)
    nyq = sr / 2
    low, high = (number(f, f"{name} cut-off", f"give Hz 20-{nyq - 1:.0f}; a radio passes about 350-3200",
                        lo=20, hi=nyq - 1) for name, f in (("low", low), ("high", high)))
    if low >= high:
        raise ScoringError(f"low cut-off {low} Hz must be below high cut-off {high} Hz")
    sections = _bandpass_sections(order, float(low), float(high), sr).copy()  # SciPy asks for a writable array
    return sosfilt(sections, np.asarray(y, dtype=np.float64), axis=0).astype(np.float32)


@lru_cache(maxsize=256)
def _bandpass_sections(order: int, low: float, high: float, sample_rate: int) -> np.ndarray:
    """The Butterworth band-pass's second-order sections (designed once per band: a radio opening
    asks for the same eight bands at every change), read-only."""
    from scipy.signal import butter

    sos = butter(order, [low, high], btype="bandpass", fs=sample_rate, output="sos")
    sos.setflags(write=False)
    return sos


#: Half-band low-pass for :func:`half_rate`: the odd taps of a 47-tap Kaiser-windowed sinc (beta 8),
#: flat to 9 kHz at 44.1 kHz, -6 dB at the new Nyquist, -45 dB by 13 kHz; the centre tap is 0.5.
_HALF_K = 23
_half_k = np.arange(-_HALF_K, _HALF_K + 1, 2)
_HALF_TAPS = (np.sin(np.pi * _half_k / 2) / (np.pi * _half_k) * np.kaiser(2 * _HALF_K + 1, 8.0)[_half_k + _HALF_K])
_HALF_TAPS = (_HALF_TAPS * 0.5 / _HALF_TAPS.sum()).astype(np.float32)
#: The odd frames' taps as one row, T_11 ... T_0 T_0 ... T_11: frame 2i's neighbours 2i - 23 ... 2i + 23.
_HALF_PAIRS = np.concatenate([_HALF_TAPS[len(_HALF_TAPS) // 2:][::-1], _HALF_TAPS[len(_HALF_TAPS) // 2:]]).astype(
    np.float64)


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
    from scipy.ndimage import correlate1d

    x = samples(y, what="mono samples")
    if x.ndim != 1:
        raise ScoringError(f"half_rate takes mono samples (n,), not shape {x.shape}; mix to mono first")
    even = x[0::2]
    odd = np.zeros(len(even), dtype=np.float32)   # odd[i] = x[2i + 1], silence after the end
    odd[:len(x) // 2] = x[1::2]
    # out[i] = 0.5 x[2i] + the sum of T_j (x[2i - 2j - 1] + x[2i + 2j + 1]): one call (in doubles),
    # so a sound thread asks for Python's lock back once, not once a chunk, while a plot is drawn
    out = correlate1d(odd, _HALF_PAIRS, mode="constant", cval=0.0, output=np.float32)
    out += np.float32(0.5) * even
    return out


# a room's spectra, per transform size, serve a panel's answers; a cell's next sound makes its own
forget_after_each_cell(_room_half_filters.cache_clear)
forget_after_each_cell(_room_spectrum.cache_clear)
