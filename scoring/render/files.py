"""Files: where the package may write, WAV files, and the MP3 and FLAC bytes players carry.

The package writes only where it is asked to: :func:`writable_path` refuses paths with NUL bytes,
paths through symbolic links, folders that do not exist and suffixes that do not fit.
This engine knows no motif: it takes paths and samples.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from scoring.errors import ScoringError
from scoring.render.checks import flag, show, whole
from scoring.render.dsp import SAMPLE_RATE, check_rate, half_rate, mono, safe, samples as as_samples
from scoring.render.remembered import Remembered

__all__ = ["writable_path", "write_file", "readable_file", "write_wav", "mp3_bytes", "wav_bytes", "flac_bytes",
           "MAX_FILE_BYTES"]

#: The largest MIDI or MusicXML file the package reads (a film cue's score is far smaller).
MAX_FILE_BYTES = 4 * 1024 * 1024


def writable_path(path: str | os.PathLike, suffixes: tuple[str, ...]) -> Path:
    """Check that ``path`` can be written (its folder exists and is writable, nothing on the way is a
    symbolic link, the name has a fitting suffix); returns it.

    Examples
    --------
    >>> writable_path("hero.mid", (".mid",)).name
    'hero.mid'
    >>> writable_path("no/such/folder/hero.mid", (".mid",))
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: the folder 'no/such/folder' does not exist; create it first or write beside the notebook

    Lesson: lessons/00_first_motif.ipynb
    """
    suffixes = _suffixes(suffixes)
    if not isinstance(path, (str, os.PathLike)):
        raise ScoringError(f"{show(path)} is not a file path; give a name like 'hero{suffixes[0]}'")
    text = os.fspath(path)
    if isinstance(text, bytes) or "\x00" in text or not text.strip() or len(text) > 4096:
        raise ScoringError(f"{show(text)} is not a usable file name; give a name like 'hero{suffixes[0]}'")
    p = Path(text)
    if p.suffix.lower() not in suffixes:
        raise ScoringError(f"{show(str(p))} should end in {' or '.join(suffixes)}; e.g. 'hero{suffixes[0]}'")
    try:
        return _writable(p, p.parent if str(p.parent) else Path("."))
    except OSError as exc:  # a name too long for the file system, a folder that cannot be read...
        raise ScoringError(f"cannot write {show(str(p))}: {exc.strerror or exc}; give a plain file name "
                           "beside the notebook") from None


def write_file(path: str | os.PathLike, data: bytes, suffixes: tuple[str, ...]) -> Path:
    """Write ``data`` to ``path``, checked first by :func:`writable_path`; a failure to write (a full
    disk, a folder gone read-only) is a :class:`~scoring.errors.ScoringError` that says what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_file(pathlib.Path(tempfile.mkdtemp()) / "note.txt", b"bar 1", (".txt",)).read_bytes()
    b'bar 1'

    Lesson: lessons/07_score_a_scene.ipynb
    """
    p = writable_path(path, suffixes)
    if not isinstance(data, (bytes, bytearray)):
        raise ScoringError(f"write_file takes bytes, not {type(data).__name__}")
    try:
        p.write_bytes(data)
    except OSError as exc:
        raise ScoringError(f"cannot write {str(p)!r} ({exc.strerror or type(exc).__name__}); "
                           "choose a folder you can write to") from None
    return p


def _writable(p: Path, folder: Path) -> Path:
    """The file-system checks of :func:`writable_path`: the folder exists, no symbolic links, write permission."""
    if not folder.is_dir():
        raise ScoringError(f"the folder {str(folder)!r} does not exist; create it first or write beside the notebook")
    if p.is_symlink():
        raise ScoringError(f"{str(p)!r} is a symbolic link; write to a plain file name instead")
    if folder.resolve() != folder.absolute() and any(q.is_symlink() for q in [folder, *folder.parents] if str(q) != "."):
        raise ScoringError(f"the folder {str(folder)!r} is reached through a symbolic link; write to a real folder")
    if p.is_dir():
        raise ScoringError(f"{str(p)!r} is a folder; give a file name inside it")
    if p.exists() and not p.is_file():   # a named pipe or a device would wait or write elsewhere
        raise ScoringError(f"{str(p)!r} is not a plain file (a pipe or a device); give a new file name")
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise ScoringError(f"cannot write {str(p)!r}: no permission; choose a folder you own")
    return p


def _suffixes(suffixes: object) -> tuple[str, ...]:
    ok = isinstance(suffixes, (tuple, list)) and suffixes and all(
        isinstance(s, str) and s.startswith(".") and len(s) > 1 for s in suffixes)
    if not ok:
        raise ScoringError(f"suffixes={show(suffixes)} should be file name endings, like ('.mid', '.midi')")
    return tuple(suffixes)


def readable_file(path: str | os.PathLike, suffixes: tuple[str, ...], *, limit: int = MAX_FILE_BYTES) -> Path:
    """Check that ``path`` is an existing file with a fitting suffix and at most ``limit`` bytes.

    Examples
    --------
    >>> readable_file("no-such.mid", (".mid",))
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: no file at 'no-such.mid'; check the path (it is relative to the notebook's folder)

    Lesson: lessons/00_first_motif.ipynb
    """
    suffixes = _suffixes(suffixes)
    limit = whole(limit, "limit", "give the largest size to read in bytes, like 4_000_000", lo=1)
    if not isinstance(path, (str, os.PathLike)) or isinstance(os.fspath(path), bytes) or "\x00" in os.fspath(path):
        raise ScoringError(f"{show(path)} is not a file path; give a name like 'hero{suffixes[0]}'")
    p = Path(path)
    try:
        if len(os.fspath(p)) > 4096 or not p.is_file():
            raise ScoringError(f"no file at {show(str(p))}; check the path (it is relative to the notebook's folder)")
        size = p.stat().st_size
    except OSError as exc:
        raise ScoringError(f"cannot read {show(str(p))}: {exc.strerror or exc}; check the path") from None
    if p.suffix.lower() not in suffixes:
        raise ScoringError(f"{show(p.name)} is not one of {', '.join(suffixes)}; give a MIDI or MusicXML file")
    if size > limit:
        raise ScoringError(f"{p.name!r} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit; "
                           "export a shorter excerpt")
    return p


def write_wav(path: str | os.PathLike, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write samples as a 16-bit WAV file; returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = write_wav(pathlib.Path(tempfile.mkdtemp()) / "a.wav", np.zeros((4410, 2)))
    >>> path.suffix, path.stat().st_size > 17000
    ('.wav', True)

    Lesson: lessons/00_first_motif.ipynb
    """
    import soundfile as sf

    sr = check_rate(sample_rate)
    y = safe(as_samples(samples, sr))
    target = writable_path(path, (".wav",))
    sf.write(str(target), y, sr, subtype="PCM_16")
    return target


def wav_bytes(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Samples as the bytes of a 16-bit WAV file: no compression, so the quickest to make and the
    largest to send (a second of mono at 22.05 kHz is 44 kB).

    Examples
    --------
    >>> data = wav_bytes(np.zeros(22050), 22050)
    >>> data[:4], data[8:12], len(data)
    (b'RIFF', b'WAVE', 44144)

    Lesson: lessons/06_sync.ipynb
    """
    sr = check_rate(sample_rate)
    return _encoded(safe(as_samples(samples, sr)), sr, {"format": "WAV", "subtype": "PCM_16"})


#: The sample rates an MP3 can hold (MPEG-1, 2 and 2.5), in Hz.
MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


def mp3_bytes(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, *, stereo: bool = False) -> bytes:
    """Compress samples to MP3 (variable bit rate; mono by default, about 25 kbit/s, so a lesson
    with twenty players stays small; ``stereo=True`` keeps the room's width at about 70 kbit/s).
    Mono sound is encoded at half the sample rate (22.05 kHz for 44.1 kHz): the encoder keeps
    nothing above 8 kHz at this bit rate anyway, and half the samples take half the time.
    NaN, infinities and peaks beyond ±1 are made safe first, whatever the input. A sample rate
    MP3 cannot hold (it takes 8, 11.025, 12, 16, 22.05, 24, 32, 44.1 and 48 kHz) is converted to
    the next one up (48 kHz above that).

    Examples
    --------
    >>> y = np.zeros((44100, 2), dtype=np.float32)
    >>> mp3_bytes(y)[:2] in (b"ID", b"\\xff\\xf3")  # an MPEG-2 frame: 22.05 kHz
    True
    >>> len(mp3_bytes(np.zeros(11863), 11863)) > 0      # played at 12 kHz
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    sr = check_rate(sample_rate)
    y = np.ascontiguousarray(as_samples(samples, sr))
    stereo = flag(stereo, "stereo")
    # the same sound at the same settings gives the same bytes: a panel's players that did not change
    # are not encoded again
    key = _mp3_made.key(y, sr, stereo)
    made = _mp3_made.get(key)
    if made is None:
        made = _encode_mp3(safe(y), sr, stereo)
        _mp3_made.keep(key, made, len(made))
    return made


#: The last MP3s made: at most 24, in 2 MB (an MP3 over 256 KB is not kept).
_mp3_made = Remembered(most=24, most_size=2 << 20)


def flac_bytes(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> bytes:
    """Compress samples without loss to FLAC (16-bit): the same sound :func:`mp3_bytes` hands its
    encoder (mono, at half the sample rate from 32 kHz up), made in about a fifteenth of the time
    (19 s of music: 10 ms against 150) for about seven times the bytes (470 KB against 67). What a
    panel's players carry when a student changes a control (see :func:`scoring.render.html.answering`);
    a lesson's saved players stay MP3. NaN, infinities and peaks beyond ±1 are made safe first.

    Examples
    --------
    >>> y = np.zeros((44100, 2), dtype=np.float32)
    >>> flac_bytes(y)[:4]
    b'fLaC'

    Lesson: lessons/00_first_motif.ipynb
    """
    sr = check_rate(sample_rate)
    y, sr = _player_sound(safe(np.ascontiguousarray(as_samples(samples, sr))), sr, stereo=False)
    return _encoded(y, sr, {"format": "FLAC", "subtype": "PCM_16", "compression_level": 0.5})


def _player_sound(y: np.ndarray, sr: int, stereo: bool) -> tuple[np.ndarray, int]:
    """Safe samples as a player's encoder takes them: mono (unless ``stereo``) at half the rate from
    32 kHz up, at a rate an MP3 can hold."""
    if y.ndim == 2 and not stereo:
        y = mono(y)
    if y.ndim == 1 and sr >= 32000 and sr % 2 == 0:
        y, sr = half_rate(y), sr // 2
    if sr not in MP3_RATES:
        from math import gcd

        from scipy.signal import resample_poly

        target = min((r for r in MP3_RATES if r > sr), default=MP3_RATES[-1])
        k = gcd(target, sr)
        y, sr = safe(resample_poly(y, target // k, sr // k, axis=0)), target
    return y, sr


def _encode_mp3(y: np.ndarray, sr: int, stereo: bool) -> bytes:
    """:func:`mp3_bytes` of samples already made safe."""
    y, sr = _player_sound(y, sr, stereo)
    return _encoded(y, sr, {"format": "MP3", "compression_level": 0.9 if not stereo else 0.75,
                            "bitrate_mode": "VARIABLE"})


def _encoded(y: np.ndarray, sr: int, settings: dict) -> bytes:
    """``y`` encoded by libsndfile with ``settings`` (its format and options), as bytes."""
    import soundfile as sf

    if not hasattr(os, "memfd_create"):   # not Linux: into Python's memory
        buf = io.BytesIO()
        sf.write(buf, y, sr, **settings)
        return buf.getvalue()
    # Into a file in memory: libsndfile writes it with the system's calls. Into a BytesIO it calls back
    # into Python for every block it writes, and each call waits for Python's lock while the notebook
    # draws (8 s of music: 61 ms alone either way; beside a thread running Python 449 ms, here 96).
    fd = os.memfd_create("scoring-sound", os.MFD_CLOEXEC)
    try:
        with sf.SoundFile(fd, "w", sr, 1 if y.ndim == 1 else y.shape[1], closefd=False, **settings) as out:
            out.write(y)
        return os.pread(fd, os.lseek(fd, 0, os.SEEK_END), 0)
    finally:
        os.close(fd)
