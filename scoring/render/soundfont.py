"""The course's soundfont, decoded once so that a kernel loads it in about a second.

The General MIDI soundfont shipped in ``assets/soundfonts`` is an **SF3**: the SoundFont 2 format
with each sample stored as Ogg Vorbis. That keeps the download small (24 MB), but FluidSynth
decodes every sample each time a kernel loads it: about 6 s of one core before the first note.
:func:`decode` writes the same soundfont as a plain **SF2**, its samples as 16-bit PCM (about
125 MB), which FluidSynth loads in well under a second. ``./course setup`` runs it once, into
``assets/soundfonts/`` beside the shipped file, and :func:`scoring.render.synth.soundfont_path`
then prefers the decoded copy. The music is the same: a rendered phrase differs from the SF3's by
less than 1e-5 of full scale (the two Vorbis decoders round differently), far below hearing.

Only the sample data and the sample headers change; presets, instruments, zones and modulators
are copied byte for byte.

- SoundFont 2.04 specification (E-mu/Creative, 2006): the ``sdta``/``smpl`` chunk of 16-bit
  samples, ``shdr`` records of 46 bytes, at least 46 zero samples after each sample.
- SF3 as MuseScore defines it (``sftools/sfconvert``): sample type bit ``0x10`` marks Ogg Vorbis
  data; such a header's start and end are byte offsets into ``smpl``, its loop points are in
  samples from the sample's own start.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import io
import os
import struct
import sys
from pathlib import Path

import numpy as np

from scoring.errors import ScoringError
from scoring.render.files import writable_path

__all__ = ["SHIPPED", "decode", "decoded_path", "is_current"]

#: The soundfont shipped with the course (FluidR3Mono GM, MIT licence), as SF3.
SHIPPED = Path(__file__).resolve().parent.parent.parent / "assets" / "soundfonts" / "FluidR3Mono_GM.sf3"

_VORBIS = 0x10          # SF3's sample-type bit for Ogg Vorbis data
_ROM = 0x8000           # a sample in ROM (none in a file-based font)
_SHDR = 46              # bytes in one sample header
_PAD = 46               # zero samples after each sample (the spec's minimum)
_LARGEST = 200_000_000  # bytes: far above any General MIDI font this course ships


def decoded_path(sf3: str | os.PathLike) -> Path:
    """Where the decoded copy of ``sf3`` lives: beside it, as ``NAME.sf2``.

    Examples
    --------
    >>> decoded_path("assets/soundfonts/FluidR3Mono_GM.sf3").name
    'FluidR3Mono_GM.sf2'

    Lesson: lessons/00_first_motif.ipynb
    """
    return _path(sf3).with_suffix(".sf2")


def is_current(sf3: str | os.PathLike) -> bool:
    """True when the decoded copy of ``sf3`` exists, is a SoundFont, and is not older than ``sf3``.

    Examples
    --------
    >>> is_current("no/such/font.sf3")
    False

    Lesson: lessons/00_first_motif.ipynb
    """
    src, dst = _path(sf3), decoded_path(sf3)
    try:
        if not (src.is_file() and dst.is_file()) or dst.stat().st_mtime < src.stat().st_mtime:
            return False
        with dst.open("rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return head[:4] == b"RIFF" and head[8:12] == b"sfbk"


def _path(value: object) -> Path:
    """A soundfont's path, or a clear error."""
    text = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
    if not isinstance(text, str) or "\x00" in text or not text.strip() or len(text) > 4096 or not Path(text).name:
        raise ScoringError(f"{value!r:.60} is not a file path; give the path of an .sf3 soundfont")
    return Path(text)


def _chunks(data: bytes, start: int, end: int, where: str):
    """(id, body start, body size) for each RIFF chunk between ``start`` and ``end``."""
    off = start
    while off + 8 <= end:
        cid, size = data[off:off + 4], struct.unpack_from("<I", data, off + 4)[0]
        if off + 8 + size > end:
            raise ScoringError(f"{where}: the chunk {cid!r} runs past its end; the soundfont is damaged, "
                               "download the course again")
        yield cid, off + 8, size
        off += 8 + size
        if size & 1 and not data[off:off + 4].isalnum():  # RIFF pads odd chunks; some SF3 writers do not
            off += 1


def _vorbis(blob: bytes, name: bytes) -> np.ndarray:
    """One Ogg Vorbis sample decoded to 16-bit mono PCM."""
    import soundfile

    try:
        pcm, _ = soundfile.read(io.BytesIO(blob), dtype="int16", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError) as exc:
        label = name.split(b"\0")[0].decode("latin-1")
        raise ScoringError(f"sample {label!r} is not readable Ogg Vorbis "
                           f"({exc}); the soundfont is damaged, download the course again") from None
    return pcm[:, 0]


def _sample_headers(records: bytes, smpl: bytes) -> tuple[bytes, bytes]:
    """The new ``shdr`` records and ``smpl`` PCM for the old records over Vorbis ``smpl`` data."""
    out, pcm_parts, pos = bytearray(), [], 0
    count = len(records) // _SHDR
    for i in range(count):
        rec = records[i * _SHDR:(i + 1) * _SHDR]
        name = rec[:20]
        start, end, loop_start, loop_end, rate = struct.unpack_from("<5I", rec, 20)
        kind = struct.unpack_from("<H", rec, 44)[0]
        if i == count - 1 or kind & _ROM:   # the terminal record (EOS), or a ROM sample: no data here
            out += name + bytes(20) + rec[40:]
            continue
        if kind & _VORBIS:
            if not start <= end <= len(smpl):
                raise ScoringError(f"sample {i} points outside the sample data; the soundfont is damaged")
            pcm = _vorbis(smpl[start:end], name)
            loops = (pos + loop_start, pos + loop_end)
        else:                               # already PCM (an SF3 may mix both): offsets are in samples
            if not start <= end <= len(smpl) // 2:
                raise ScoringError(f"sample {i} points outside the sample data; the soundfont is damaged")
            pcm = np.frombuffer(smpl, "<i2", end - start, 2 * start)
            loops = (pos + loop_start - start, pos + loop_end - start)
        out += name + struct.pack("<5I", pos, pos + len(pcm), *loops, rate)
        out += rec[40:44] + struct.pack("<H", kind & ~_VORBIS)
        pcm_parts += [pcm.astype("<i2").tobytes(), bytes(2 * _PAD)]
        pos += len(pcm) + _PAD
    return bytes(out), b"".join(pcm_parts)


def decode(sf3: str | os.PathLike, sf2: str | os.PathLike | None = None) -> Path:
    """Write ``sf3`` as an SF2 with 16-bit PCM samples (default: :func:`decoded_path`); returns its path.

    The file appears whole or not at all (it is written beside its final name, then renamed), so a
    kernel never loads half a soundfont.

    Examples
    --------
    >>> decode("no/such/font.sf3")
    Traceback (most recent call last):
    ...
    scoring.errors.ScoringError: 'no/such/font.sf3' is not a file; give the path of an .sf3 soundfont

    Lesson: lessons/00_first_motif.ipynb
    """
    src = _path(sf3)
    if not src.is_file():
        raise ScoringError(f"{str(src)!r} is not a file; give the path of an .sf3 soundfont")
    dst = writable_path(decoded_path(src) if sf2 is None else sf2, (".sf2",))
    if src.stat().st_size > _LARGEST:
        raise ScoringError(f"{str(src)!r} is larger than {_LARGEST // 1_000_000} MB; give a General MIDI soundfont")
    data = src.read_bytes()
    if data[:4] != b"RIFF" or data[8:12] != b"sfbk":
        raise ScoringError(f"{str(src)!r} is not a SoundFont (no RIFF 'sfbk' header); give an .sf3 file")
    lists = {}
    for cid, off, size in _chunks(data, 12, len(data), str(src)):
        if cid == b"LIST" and size >= 4:
            lists[data[off:off + 4]] = (off + 4, off + size)
    if set(lists) != {b"INFO", b"sdta", b"pdta"}:
        raise ScoringError(f"{str(src)!r} lacks the INFO, sdta and pdta lists of a SoundFont; it is damaged")
    info = bytearray()
    for cid, off, size in _chunks(data, *lists[b"INFO"], str(src)):
        body = struct.pack("<HH", 2, 1) if cid == b"ifil" else data[off:off + size]
        info += cid + struct.pack("<I", len(body)) + body + (b"\0" if len(body) & 1 else b"")
    smpl = next((data[off:off + size] for cid, off, size in _chunks(data, *lists[b"sdta"], str(src))
                 if cid == b"smpl"), None)
    pdta = [[cid, data[off:off + size]] for cid, off, size in _chunks(data, *lists[b"pdta"], str(src))]
    shdr = next((c for c in pdta if c[0] == b"shdr"), None)
    if smpl is None or shdr is None or len(shdr[1]) % _SHDR:
        raise ScoringError(f"{str(src)!r} has no sample data or sample headers; it is damaged")
    shdr[1], pcm = _sample_headers(shdr[1], smpl)

    def listed(kind: bytes, body: bytes) -> bytes:
        return b"LIST" + struct.pack("<I", len(body) + 4) + kind + body

    chunks = b"".join(cid + struct.pack("<I", len(b)) + b + (b"\0" if len(b) & 1 else b"") for cid, b in pdta)
    body = (b"sfbk" + listed(b"INFO", bytes(info)) + listed(b"sdta", b"smpl" + struct.pack("<I", len(pcm)) + pcm)
            + listed(b"pdta", chunks))
    part = dst.with_name(dst.name + ".part")
    try:
        part.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
        os.replace(part, dst)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ScoringError(f"cannot write {str(dst)!r} ({exc.strerror or type(exc).__name__}); "
                           "choose a folder you can write to") from None
    return dst


def main(argv: list[str] | None = None) -> int:
    """``python -m scoring.render.soundfont [SF3]``: decode the course's soundfont unless it is current."""
    args = sys.argv[1:] if argv is None else argv
    src = Path(args[0]) if args else SHIPPED
    if not src.is_file():
        print("[course] no .sf3 soundfont to decode; sound will use the built-in synth")
        return 0
    if is_current(src):
        return 0
    print(f"[course] decoding {src.name} once for quick loading (a few seconds)")
    decode(src)
    return 0


if __name__ == "__main__":
    sys.exit(main())
