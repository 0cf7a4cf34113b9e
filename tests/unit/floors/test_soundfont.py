"""The soundfont decoder: an SF3's Vorbis samples written out as the SF2 PCM FluidSynth loads quickly."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys

import numpy as np
import pytest
import soundfile

from scoring.errors import ScoringError
from scoring.render.soundfont import SHIPPED, decode, decoded_path, is_current

RATE = 22050


def _chunk(cid: bytes, body: bytes) -> bytes:
    return cid + struct.pack("<I", len(body)) + body + (b"\0" if len(body) & 1 else b"")


def _listed(kind: bytes, body: bytes) -> bytes:
    return b"LIST" + struct.pack("<I", len(body) + 4) + kind + body


def _header(name: str, start: int, end: int, loop: tuple[int, int], kind: int) -> bytes:
    return (name.encode().ljust(20, b"\0") + struct.pack("<5I", start, end, *loop, RATE)
            + struct.pack("<BbHH", 60, 0, 0, kind))


def _vorbis(pcm: np.ndarray) -> bytes:
    out = io.BytesIO()
    soundfile.write(out, pcm, RATE, format="OGG", subtype="VORBIS")
    return out.getvalue()


def tiny_sf3(path, *, with_pcm: bool = False):
    """A two-sample SF3 (Vorbis) with loops, plus optionally a PCM sample; returns the sources."""
    t = np.arange(RATE // 2) / RATE
    sines = [0.5 * np.sin(2 * np.pi * f * t[: n]) for f, n in ((440, 8000), (660, 5001))]
    blobs = [_vorbis(s) for s in sines]
    smpl, headers, at = b"", b"", 0
    for i, (blob, loop) in enumerate(zip(blobs, [(100, 7000), (0, 5000)])):
        headers += _header(f"sine{i}", at, at + len(blob), loop, 1 | 0x10)
        smpl += blob
        at += len(blob)
    pcm = (np.arange(300) * 50).astype("<i2")
    if with_pcm:
        if len(smpl) % 2:
            smpl += b"\0"
        first = len(smpl) // 2
        headers += _header("ramp", first, first + 300, (first + 10, first + 290), 1)
        smpl += pcm.tobytes()
    headers += _header("EOS", 0, 0, (0, 0), 0)
    others = [(b"phdr", b"P" * 76), (b"pbag", b"b" * 8), (b"pmod", b"m" * 10), (b"pgen", b"g" * 8),
              (b"inst", b"I" * 44), (b"ibag", b"B" * 8), (b"imod", b"M" * 10), (b"igen", b"G" * 8)]
    info = _chunk(b"ifil", struct.pack("<HH", 3, 1)) + _chunk(b"INAM", b"tiny font\0")
    body = (b"sfbk" + _listed(b"INFO", info) + _listed(b"sdta", _chunk(b"smpl", smpl))
            + _listed(b"pdta", b"".join(_chunk(c, b) for c, b in others + [(b"shdr", headers)])))
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return blobs, pcm, others


def read_sf2(path):
    """(ifil, {pdta chunk id: bytes}, smpl PCM as int16, headers as tuples)."""
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"sfbk" and struct.unpack_from("<I", data, 4)[0] == len(data) - 8
    lists, off = {}, 12
    while off < len(data):
        size = struct.unpack_from("<I", data, off + 4)[0]
        lists[data[off + 8:off + 12]] = data[off + 12:off + 8 + size]
        off += 8 + size
    def chunks(body):
        out, i = {}, 0
        while i < len(body):
            cid, size = body[i:i + 4], struct.unpack_from("<I", body, i + 4)[0]
            out[cid] = body[i + 8:i + 8 + size]
            i += 8 + size + (size & 1)
        return out
    info, sdta, pdta = chunks(lists[b"INFO"]), chunks(lists[b"sdta"]), chunks(lists[b"pdta"])
    pcm = np.frombuffer(sdta[b"smpl"], "<i2")
    heads = [struct.unpack_from("<20s5IBbHH", pdta[b"shdr"], i) for i in range(0, len(pdta[b"shdr"]), 46)]
    return struct.unpack("<HH", info[b"ifil"]), pdta, pcm, heads


def test_vorbis_samples_become_pcm_at_new_offsets_with_their_loops(tmp_path):
    blobs, _, others = tiny_sf3(tmp_path / "tiny.sf3")
    out = decode(tmp_path / "tiny.sf3")
    assert out == tmp_path / "tiny.sf2" and not list(tmp_path.glob("*.part"))
    version, pdta, pcm, heads = read_sf2(out)
    assert version == (2, 1)
    for cid, body in others:            # presets, instruments and zones are copied as they were
        assert pdta[cid] == body
    (n0, s0, e0, ls0, le0, r0, *_, k0), (n1, s1, e1, ls1, le1, *_, k1), eos = heads
    expected = [soundfile.read(io.BytesIO(b), dtype="int16")[0] for b in blobs]
    assert (s0, e0) == (0, len(expected[0])) and (s1, e1) == (e0 + 46, e0 + 46 + len(expected[1]))
    assert np.array_equal(pcm[s0:e0], expected[0]) and np.array_equal(pcm[s1:e1], expected[1])
    assert not pcm[e0:s1].any() and not pcm[e1:].any() and len(pcm) == e1 + 46
    assert (ls0, le0) == (100, 7000) and (ls1, le1) == (s1, s1 + 5000)   # loops follow their sample
    assert r0 == RATE and k0 == k1 == 1                                    # the Vorbis bit is cleared
    assert eos[0].startswith(b"EOS") and eos[1:6] == (0, 0, 0, 0, 0)


def test_a_pcm_sample_in_an_sf3_passes_through(tmp_path):
    _, ramp, _ = tiny_sf3(tmp_path / "mixed.sf3", with_pcm=True)
    _, _, pcm, heads = read_sf2(decode(tmp_path / "mixed.sf3", tmp_path / "out.sf2"))
    _, start, end, loop_start, loop_end, *_ = heads[2]
    assert np.array_equal(pcm[start:end], ramp) and (loop_start - start, loop_end - start) == (10, 290)


@pytest.mark.parametrize("damage, message", [
    (lambda b: b"RIFX" + b[4:], "not a SoundFont"),
    (lambda b: b[:-40], "runs past its end"),
    (lambda b: b.replace(b"shdr", b"xxxx"), "no sample data or sample headers"),
    (lambda b: b.replace(b"OggS", b"Oggs"), "not readable Ogg Vorbis"),
])
def test_a_damaged_font_is_refused_and_nothing_is_left_behind(tmp_path, damage, message):
    tiny_sf3(tmp_path / "tiny.sf3")
    bad = tmp_path / "bad.sf3"
    bad.write_bytes(damage((tmp_path / "tiny.sf3").read_bytes()))
    with pytest.raises(ScoringError, match=message):
        decode(bad)
    assert not decoded_path(bad).exists() and not list(tmp_path.glob("*.part"))


def test_the_copy_is_current_only_when_it_is_a_soundfont_not_older_than_its_source(tmp_path):
    tiny_sf3(tmp_path / "tiny.sf3")
    assert not is_current(tmp_path / "tiny.sf3")
    decode(tmp_path / "tiny.sf3")
    assert is_current(tmp_path / "tiny.sf3")
    old = (tmp_path / "tiny.sf3").stat().st_mtime - 100
    os.utime(tmp_path / "tiny.sf2", (old, old))
    assert not is_current(tmp_path / "tiny.sf3")
    (tmp_path / "tiny.sf2").write_bytes(b"half a font")
    assert not is_current(tmp_path / "tiny.sf3")


def test_bad_destinations_are_refused(tmp_path):
    tiny_sf3(tmp_path / "tiny.sf3")
    with pytest.raises(ScoringError, match="should end in .sf2"):
        decode(tmp_path / "tiny.sf3", tmp_path / "font.wav")
    with pytest.raises(ScoringError, match="does not exist"):
        decode(tmp_path / "tiny.sf3", tmp_path / "nowhere" / "font.sf2")


RENDER = """
import sys, numpy as np
from scoring import Motif
m = Motif.parse("4/4 c8 d e g a4 g8 e d c2", tempo=110, instrument="French Horn")
np.save(sys.argv[1], m.to_audio()[0])
"""


@pytest.mark.slow
def test_the_decoded_course_font_plays_the_same_music(tmp_path):
    """The real FluidR3Mono font: a phrase rendered from the SF2 copy matches the SF3 within 1e-4."""
    if not SHIPPED.is_file():
        pytest.skip("the course's soundfont is not in assets/soundfonts")
    sf2 = decoded_path(SHIPPED) if is_current(SHIPPED) else decode(SHIPPED, tmp_path / "font.sf2")
    runs = {}
    for name, font in (("sf3", SHIPPED), ("sf2", sf2)):
        env = dict(os.environ, SCORING_SOUNDFONT=str(font), SCORING_SYNTH="fluidsynth")
        subprocess.run([sys.executable, "-c", RENDER, str(tmp_path / f"{name}.npy")], env=env, check=True,
                       timeout=300)
        runs[name] = np.load(tmp_path / f"{name}.npy")
    assert runs["sf3"].shape == runs["sf2"].shape and np.abs(runs["sf3"]).max() > 0.05
    assert np.abs(runs["sf3"] - runs["sf2"]).max() < 1e-4
