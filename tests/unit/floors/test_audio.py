"""Sound: rendering with FluidSynth (or the built-in synth), WAV and MP3 files, HTML players.

Each test states something a listener would notice: the right length, not silent, the right
pitch, louder when marked louder, different instruments sounding different, the same sound
every time.
"""
from __future__ import annotations

import base64
import io

import numpy as np
import pytest
import soundfile as sf

import scoring.render.synth as A
from scoring.render.synth import NoteEvent
from scoring.render import dsp, files, html
from scoring import Motif, ScoringError
from support import band_energy, rms, spectral_centroid

SR = A.SAMPLE_RATE


@pytest.fixture
def builtin_synth(monkeypatch):
    """Play with the built-in synth: SCORING_SYNTH=builtin and an empty engine cache (both restored)."""
    monkeypatch.setenv("SCORING_SYNTH", "builtin")
    monkeypatch.setattr(A, "_engine", {})
    yield


def peak_frequency(y: np.ndarray, sr: int) -> float:
    x = y.mean(axis=1) * np.hanning(len(y))
    spectrum = np.abs(np.fft.rfft(x))
    return float(np.fft.rfftfreq(len(x), 1 / sr)[spectrum.argmax()])


# ---------------------------------------------------------------- rendering
def test_to_audio_shape_type_and_range(hero):
    """Stereo float32 samples within -1..1 at 44.1 kHz."""
    y, sr = hero.to_audio()
    assert sr == 44100
    assert y.dtype == np.float32 and y.ndim == 2 and y.shape[1] == 2
    assert np.all(np.isfinite(y)) and float(np.abs(y).max()) <= 1.0


@pytest.mark.parametrize("tempo", [60, 96, 150])
def test_to_audio_length_is_music_plus_one_second_tail(hero, tempo):
    """The sound lasts the motif's duration in seconds plus a 1 s reverb tail."""
    m = hero.with_tempo(tempo)
    y, sr = m.to_audio()
    assert len(y) / sr == pytest.approx(m.duration_seconds + 1.0, abs=0.01)


def test_to_audio_is_not_silent(hero):
    """The motif is heard: clearly above silence, and loudest while the notes play."""
    y, sr = hero.to_audio()
    assert rms(y) > 1e-3 and float(np.abs(y).max()) > 0.02
    playing = rms(y[: int(hero.duration_seconds * sr)])
    last_bit = rms(y[-int(0.1 * sr):])
    assert playing > 10 * last_bit


def test_rests_are_silent():
    """A four-beat rest at 60 BPM: its last second is (nearly) silent, unlike the note before it."""
    m = Motif.from_notes(["C4", None, "C4"], durations=[1, 4, 1], tempo=60, key="C major")
    y, sr = m.to_audio()
    note = rms(y[int(0.1 * sr):int(0.9 * sr)])
    end_of_rest = rms(y[int(3.8 * sr):int(4.9 * sr)])
    assert end_of_rest < 0.01 * note


@pytest.mark.parametrize("midi, hz", [(57, 220.0), (69, 440.0), (81, 880.0)])
def test_piano_plays_the_right_pitch(midi, hz):
    """A3, A4 and A5 on the piano sound at 220, 440 and 880 Hz (the spectrum's strongest peak)."""
    y, sr = Motif.from_notes([midi], durations=4, tempo=120, key="C major").to_audio()
    assert peak_frequency(y, sr) == pytest.approx(hz, rel=0.01)


def test_transposing_up_an_octave_moves_the_energy_up():
    """The same piano note an octave higher has its strongest partial at double the frequency."""
    low = Motif.from_notes(["A3"], durations=4, tempo=120, key="C major")
    f1 = peak_frequency(*low.to_audio())
    f2 = peak_frequency(*low.octave(1).to_audio())
    assert f2 == pytest.approx(2 * f1, rel=0.01)


def test_instruments_sound_different(hero):
    """The same motif on Flute and on Trumpet: the trumpet is clearly brighter (higher spectral centroid)."""
    flute = spectral_centroid(*hero.with_instrument("Flute").to_audio())
    trumpet = spectral_centroid(*hero.with_instrument("Trumpet").to_audio())
    assert trumpet > 1.2 * flute


def test_instruments_change_the_samples(hero):
    """Cello and piano renderings of the same notes are different signals of similar length."""
    a, _ = hero.with_instrument("Cello").to_audio()
    b, _ = hero.to_audio()
    assert a.shape == b.shape
    assert float(np.abs(a - b).max()) > 0.05


def test_louder_dynamics_are_louder(hero):
    """pp < mf < ff in RMS level, and ff is several times louder than pp."""
    levels = [rms(hero.with_dynamics(d).to_audio()[0]) for d in ("pp", "mf", "ff")]
    assert levels[0] < levels[1] < levels[2]
    assert levels[2] > 3 * levels[0]


def test_rendering_is_deterministic(hero):
    """The same motif twice gives (nearly) identical samples, even with other sounds in between."""
    y1, _ = hero.to_audio()
    hero.with_instrument("Trumpet").octave(1).to_audio()
    y2, _ = hero.to_audio()
    assert y1.shape == y2.shape
    assert float(np.abs(y1 - y2).max()) < 1e-3


def test_sample_rate_option(hero):
    """At 22.05 kHz the sound lasts as long with half as many samples."""
    y, sr = hero.to_audio(sample_rate=22050)
    assert sr == 22050
    assert len(y) / sr == pytest.approx(hero.duration_seconds + 1.0, abs=0.01)


def test_loud_chords_never_clip():
    """Twelve fortissimo notes at once are soft-limited below full scale."""
    events = [A.NoteEvent(0.0, 1.0, p, 127, 61) for p in range(48, 84, 3)]
    y, _ = A.render_events(events)
    assert float(np.abs(y).max()) <= 1.0
    assert float(np.abs(y).max()) > 0.5


# ---------------------------------------------------------------- events and the room
def test_motif_events_timing():
    """At 60 BPM a quarter lasts 1 s; a rest leaves a gap; events carry pitch, velocity, program."""
    m = Motif.from_notes(["C4", None, "E4"], durations=[1, 2, 0.5], velocities=[50, 80, 100],
                         tempo=60, instrument="Cello", key="C major")
    ev = m.events()
    assert [(e.start, e.end, e.pitch, e.velocity, e.program) for e in ev] == [
        (0.0, 1.0, 60, 50, 42), (3.0, 3.5, 64, 100, 42)]
    assert m.events(offset=2.0)[0].start == 2.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mono_is_numpys_mean_of_the_channels_to_the_bit(dtype):
    rng = np.random.default_rng(8)
    y = (rng.standard_normal((50_000, 2)) * rng.choice([1e-30, 1e-3, 1.0, 3e30], (50_000, 2))).astype(dtype)
    y[:3] = [[np.inf, 1.0], [np.nan, 0.0], [-0.0, 0.0]]
    assert dsp.mono(y).dtype == dtype
    assert np.array_equal(dsp.mono(y), y.mean(axis=1), equal_nan=True)
    assert np.array_equal(dsp.mono(y[::3]), y[::3].mean(axis=1), equal_nan=True)
    five = rng.standard_normal((10, 5))
    left = y[:, 0]
    assert np.array_equal(dsp.mono(five), five.mean(axis=1)) and dsp.mono(left) is left
    ints = np.array([[1, 2], [3, 3]])
    assert dsp.mono(ints).tolist() == [1.5, 3.0]


def test_a_cues_events_are_worked_out_once_and_each_call_gets_its_own_list():
    from scoring.core.cue import Cue

    cue = Cue.from_motif(Motif.parse("c4 e g", tempo=60))
    first = cue.events()
    first.append("not an event")
    first[0] = None
    again = cue.events()
    assert [(e.start, e.pitch) for e in again] == [(0.0, 60), (1.0, 64), (2.0, 67)]
    assert again is not cue.events()
    assert cue.with_tempo(120).events()[1].start == 0.5  # a changed cue works its own out


def test_render_events_length():
    """The sound lasts the given seconds (or the last note's end) plus the 1 s tail."""
    y, sr = A.render_events([A.NoteEvent(0.0, 0.5, 69, 100, 40)])
    assert y.shape == (int(1.5 * sr), 2)
    y, sr = A.render_events([A.NoteEvent(0.0, 0.5, 69, 100, 40)], seconds=2.0)
    assert y.shape == (int(3.0 * sr), 2)


def test_room_reverb_tail_decays():
    """A click in the room rings on after it and dies away; the room is the same every time."""
    dry = np.zeros(2 * SR)
    dry[0] = 1.0
    wet = dsp.room(dry, SR)
    assert wet.shape == (2 * SR, 2)
    early = rms(wet[int(0.05 * SR):int(0.3 * SR)])
    late = rms(wet[int(1.0 * SR):int(1.25 * SR)])
    assert early > 0 and late < early / 10
    assert np.array_equal(wet, dsp.room(dry, SR))


def test_synth_name():
    assert A.synth_name() in ("FluidSynth", "built-in")


def test_render_is_to_audio(hero):
    """render(motif) is what to_audio returns."""
    y, sr = hero.to_audio()
    y2, _ = hero.to_audio()
    assert sr == SR and float(np.abs(y - y2).max()) < 1e-3


def test_soundfont_path(tmp_path, monkeypatch):
    """The soundfont is found (the course ships one); $SCORING_SOUNDFONT points elsewhere when set."""
    found = A.soundfont_path()
    assert found is None or (found.is_file() and found.suffix in (".sf2", ".sf3"))
    own = tmp_path / "mine.sf3"
    own.write_bytes(b"")
    monkeypatch.setenv("SCORING_SOUNDFONT", str(own))
    assert A.soundfont_path() == own


# ---------------------------------------------------------------- the built-in synth
def test_builtin_synth_fallback(hero, builtin_synth):
    """Without FluidSynth the built-in synth still plays the motif at the right length, not silent."""
    assert A.synth_name() == "built-in"
    y, sr = hero.to_audio()
    assert y.dtype == np.float32 and y.shape[1] == 2
    assert len(y) / sr == pytest.approx(hero.duration_seconds + 1.0, abs=0.01)
    assert rms(y) > 1e-3 and float(np.abs(y).max()) <= 1.0


def test_builtin_synth_dynamics_and_pitch(builtin_synth):
    """The built-in synth also plays louder when marked louder, and A4 at 440 Hz."""
    a4 = Motif.from_notes(["A4"], durations=4, tempo=120, key="C major")
    assert rms(a4.with_dynamics("ff").to_audio()[0]) > 2 * rms(a4.with_dynamics("pp").to_audio()[0])
    y, sr = a4.to_audio()
    assert peak_frequency(y, sr) == pytest.approx(440.0, rel=0.01)
    assert band_energy(y, sr, 430, 450) > band_energy(y, sr, 200, 420)


def test_builtin_synth_is_deterministic(hero, builtin_synth):
    y1, _ = hero.to_audio()
    y2, _ = hero.to_audio()
    assert float(np.abs(y1 - y2).max()) < 1e-3


def test_builtin_synth_instruments_differ(hero, builtin_synth):
    """On the built-in synth too, Flute and Trumpet have different spectra."""
    flute = spectral_centroid(*hero.with_instrument("Flute").to_audio())
    trumpet = spectral_centroid(*hero.with_instrument("Trumpet").to_audio())
    assert abs(trumpet - flute) > 0.2 * flute


#: General MIDI families (program ranges of eight) and the built-in voice each should use.
GM_FAMILY_VOICES = {
    "Acoustic Grand Piano": "keys", "Violin": "string", "Cello": "string", "String Ensemble 1": "string",
    "Trumpet": "brass", "French Horn": "brass", "Clarinet": "reed", "Oboe": "reed", "Flute": "flute",
    "Acoustic Guitar (nylon)": "pluck", "Pad 2 (warm)": "pad",
}


def test_builtin_synth_uses_the_instruments_family():
    """The built-in synth's voices follow the General MIDI families: strings bowed, brass brassy,
    a flute a flute (not a slow synth pad)."""
    from scoring.core.instruments import program_for

    got = {name: A._family(program_for(name)) for name in GM_FAMILY_VOICES}
    assert got == GM_FAMILY_VOICES


# ---------------------------------------------------------------- files and players
def test_to_wav(tmp_path, hero):
    """A 16-bit stereo WAV file of the rendered sound, at the requested sample rate."""
    path = hero.to_wav(tmp_path / "hero.wav")
    assert path == tmp_path / "hero.wav"
    info = sf.info(str(path))
    y, _ = hero.to_audio()
    assert (info.samplerate, info.channels, info.frames, info.subtype) == (44100, 2, len(y), "PCM_16")
    data, _ = sf.read(str(path), dtype="float32")
    assert float(np.abs(data - y).max()) < 1e-3  # 16-bit quantisation only
    small = hero.to_wav(tmp_path / "small.wav", sample_rate=22050)
    assert sf.info(str(small)).samplerate == 22050


def test_write_wav(tmp_path):
    y = (0.25 * np.sin(2 * np.pi * 440 * np.arange(SR) / SR)).astype(np.float32)
    path = files.write_wav(tmp_path / "tone.wav", y, SR)
    back, sr = sf.read(str(path))
    assert sr == SR and len(back) == SR
    assert float(np.abs(back - y).max()) < 1e-3


def ten_seconds() -> Motif:
    """Nine seconds of music (plus the 1 s tail = 10 s of sound)."""
    return Motif.from_notes("C4 D4 E4 F4 G4 A4 B4 C5 G4 E4 C4 D4 E4 F4 G4".split(), durations=1, tempo=100,
                            key="C major")


@pytest.mark.parametrize("stereo", [False, True])
def test_mp3_of_ten_seconds_is_small(stereo):
    """Ten seconds of sound compress to under 200 KB, and decode back to about ten seconds."""
    y, sr = ten_seconds().to_audio()
    assert len(y) / sr == pytest.approx(10.0, abs=0.01)
    data = files.mp3_bytes(y, sr, stereo=stereo)
    assert len(data) < 200_000
    decoded, dsr = sf.read(io.BytesIO(data))
    assert dsr == (sr if stereo else sr // 2)  # mono players are encoded at half the rate
    assert len(decoded) / dsr == pytest.approx(10.0, abs=0.2)
    assert rms(decoded) > 0.5 * rms(y)


def test_an_mp3_made_again_is_remembered_and_the_same(hero, monkeypatch):
    """A sound encoded before gives the same bytes without encoding it again; a sound that differs
    by one sample, or the same sound at other settings, is encoded anew; few MP3s are kept."""
    calls = []
    encode = files._encode_mp3
    monkeypatch.setattr(files, "_encode_mp3", lambda *a: calls.append(a) or encode(*a))
    monkeypatch.setattr(files, "_mp3_made", type(files._mp3_made)(most=24, most_size=2 << 20))
    y, sr = hero.to_audio()
    first = files.mp3_bytes(y, sr)
    assert files.mp3_bytes(y.copy(), sr) == first and len(calls) == 1
    changed = y.copy()
    changed[len(y) // 2, 0] += 0.25
    assert files.mp3_bytes(changed, sr) != first and len(calls) == 2
    assert files.mp3_bytes(y, sr, stereo=True) != first and len(calls) == 3
    assert files.mp3_bytes(y.astype(np.float64), sr) == first and len(calls) == 3   # the same sound in float64
    monkeypatch.setattr(files, "_encode_mp3", encode)
    for k in range(24 + 5):
        files.mp3_bytes(np.full(4410, k / 100.0, dtype=np.float32), sr)
    assert len(files._mp3_made) == 24 and 0 < files._mp3_made.size <= 2 << 20
    files._mp3_made.clear()
    for k in range(2):
        files.mp3_bytes(np.full(4410, k / 10.0, dtype=np.float32), sr)
    kept = list(files._mp3_made)
    files._mp3_made.most_size = 800                       # the hero's MP3 is now a long one
    assert files.mp3_bytes(y * 0.5, sr) and list(files._mp3_made) == kept   # not kept, and nothing pushed out


@pytest.mark.parametrize("stereo", [False, True])
def test_an_mp3_written_in_memory_is_the_one_python_would_have_written(hero, monkeypatch, stereo):
    """Where the system has files in memory (Linux), the encoder writes there; the bytes are those
    it writes into Python's memory elsewhere, header included."""
    import os

    if not hasattr(os, "memfd_create"):
        pytest.skip("no files in memory on this system: only Python's memory is used")
    y, sr = hero.to_audio()
    y = files.safe(np.ascontiguousarray(y))
    in_memory_file = files._encode_mp3(y, sr, stereo)
    monkeypatch.delattr(os, "memfd_create")
    in_python = files._encode_mp3(y, sr, stereo)
    assert in_memory_file == in_python and len(in_python) > 1000
    assert sf.info(io.BytesIO(in_memory_file)).duration == pytest.approx(len(y) / sr, abs=0.1)


def test_audio_tag():
    """An HTML player with the MP3 inline as a data URI, its label escaped."""
    y = np.zeros((SR // 2, 2), dtype=np.float32)
    tag = html.audio_tag(y, SR, label='Hero <"theme">')
    assert tag.startswith("<audio controls") and tag.endswith("</audio>")
    assert 'src="data:audio/mpeg;base64,' in tag
    assert 'title="Hero &lt;&quot;theme&quot;&gt;"' in tag
    payload = tag.split("base64,")[1].split('"')[0]
    mp3 = base64.b64decode(payload)
    assert mp3[:3] == b"ID3" or (mp3[0] == 0xFF and mp3[1] & 0xE0 == 0xE0)  # ID3 tag or MPEG frame sync


def _payload(tag: str) -> tuple[str, bytes]:
    """The MIME type and the bytes of a player's data URI."""
    mime, data = tag.split('src="data:')[1].split('"')[0].split(";base64,")
    return mime, base64.b64decode(data)


def test_flac_holds_the_sound_the_mp3_encoder_is_given_without_loss(hero):
    """A panel's lossless player: the mono, half-rate sound the MP3 encoder takes, to within half a
    16-bit step, at the MP3's rate and length; unsafe samples are made safe first."""
    y, sr = hero.to_audio()
    data = files.flac_bytes(y, sr)
    assert data[:4] == b"fLaC"
    decoded, dsr = sf.read(io.BytesIO(data), dtype="float32")
    expected = dsp.half_rate(dsp.mono(dsp.safe(y)))
    assert dsr == sr // 2 and decoded.shape == expected.shape
    assert float(np.abs(decoded - expected).max()) <= 0.5 / 32768 + 1e-7
    mp3, mp3_rate = sf.read(io.BytesIO(files.mp3_bytes(y, sr)))
    assert mp3_rate == dsr and abs(len(mp3) - len(decoded)) < 2 * 1152   # the MP3 pads to whole frames
    wild = y.copy()
    wild[10, 0], wild[20, 1], wild[30, 0] = np.nan, np.inf, 7.0
    back, _ = sf.read(io.BytesIO(files.flac_bytes(wild, sr)), dtype="float32")
    assert np.isfinite(back).all() and float(np.abs(back).max()) <= 1.0


def test_a_panel_answer_plays_flac_and_everything_else_mp3(hero, monkeypatch):
    """Players made within answering() carry FLAC, on the sound thread too; outside it, and with
    SCORING_PANEL_SOUND=mp3, MP3; a motif's cached player is kept per kind, so a cell's display
    after a panel's answer is still an MP3; an unknown panel sound is refused with the two choices."""
    from scoring.render.background import alongside

    monkeypatch.delenv("SCORING_PANEL_SOUND", raising=False)
    y = np.zeros(SR // 2, dtype=np.float32)
    assert _payload(html.audio_tag(y, SR))[0] == "audio/mpeg"
    with html.answering():
        assert html.player_sound() == "flac"
        mime, data = _payload(html.audio_tag(y, SR))
        assert mime == "audio/flac" and data[:4] == b"fLaC"
        assert alongside(html.player_sound).result() == "flac"
        answered = hero.player()
    assert html.player_sound() == "mp3" and alongside(html.player_sound).result() == "mp3"
    assert _payload(answered)[0] == "audio/flac" and _payload(hero.player())[0] == "audio/mpeg"
    monkeypatch.setenv("SCORING_PANEL_SOUND", " MP3 ")
    with html.answering():
        assert _payload(html.audio_tag(y, SR))[0] == "audio/mpeg"
    monkeypatch.setenv("SCORING_PANEL_SOUND", "ogg")
    with html.answering(), pytest.raises(ScoringError, match="'flac'.*'mp3'"):
        html.audio_tag(y, SR)


# ---------------------------------------------------------------- errors
def test_render_refuses_too_long_and_bad_sample_rates(hero):
    with pytest.raises(ScoringError, match="limit"):
        A.render_events([A.NoteEvent(0.0, 599.0, 60, 80, 0)], seconds=700)
    with pytest.raises(ScoringError, match="44100"):
        hero.to_audio(sample_rate=100)
    with pytest.raises(ScoringError, match="44100"):
        hero.to_audio(sample_rate=200000)


def test_to_wav_refuses_bad_paths(tmp_path, hero):
    with pytest.raises(ScoringError, match=r"should end in \.wav"):
        hero.to_wav(tmp_path / "hero.mp3")
    with pytest.raises(ScoringError, match="does not exist; create it first"):
        hero.to_wav(tmp_path / "missing" / "hero.wav")


def test_work_alongside_runs_on_the_sound_thread_and_hands_back_its_error():
    from scoring.render.background import alongside, on_sound_thread

    assert alongside(on_sound_thread).result() is True
    assert on_sound_thread() is False
    failed = alongside(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failed.result()
    nested = alongside(lambda: alongside(on_sound_thread).result())  # the thread never waits on itself
    assert nested.result(timeout=30) is True
    with pytest.raises(ScoringError, match="function of no arguments"):
        alongside("render")


def test_the_sound_thread_gets_pythons_lock_back_quickly_while_it_works_and_only_then():
    import sys

    from scoring.render.background import HANDOFF_SECONDS, alongside

    before = sys.getswitchinterval()
    assert alongside(sys.getswitchinterval).result() == min(before, HANDOFF_SECONDS) < before
    assert sys.getswitchinterval() == before
    with pytest.raises(ZeroDivisionError):
        alongside(lambda: 1 / 0).result()
    assert sys.getswitchinterval() == before


def test_the_handoffs_are_quick_from_the_moment_work_is_handed_over():
    """The sound thread takes Python's lock a few times before its work begins: the interval is
    quick as soon as alongside() returns, even while the thread is still busy with something else
    and has not begun the work; it stays quick while two works are pending and is set back when
    the last is done."""
    import sys
    import threading

    from scoring.render import background
    from scoring.render.background import HANDOFF_SECONDS, alongside

    alongside(lambda: None).result(timeout=30)          # the sound thread exists
    before = sys.getswitchinterval()
    go = threading.Event()
    busy = background._pool.submit(go.wait, 30)         # the thread taken by other work, not handed by alongside
    first = alongside(lambda: "first")
    assert sys.getswitchinterval() == min(before, HANDOFF_SECONDS) < before
    second = alongside(sys.getswitchinterval)
    go.set()
    assert busy.result(timeout=30) is True and first.result(timeout=30) == "first"
    assert second.result(timeout=30) == min(before, HANDOFF_SECONDS)   # the first's end did not slow it
    assert sys.getswitchinterval() == before


@pytest.mark.parametrize("frames", [1, 2, 3, 47, 48, 10_001, 10_002])
def test_half_rate_is_the_half_band_filter_as_defined(frames):
    """Each output frame is half the even frame plus the odd frames around it through the taps,
    with silence beyond both ends (the sum written out here tap by tap, in doubles)."""
    rng = np.random.default_rng(frames)
    x = (rng.standard_normal(frames) * rng.choice([1e-3, 1.0], frames)).astype(np.float32)
    taps = dsp._HALF_TAPS[len(dsp._HALF_TAPS) // 2:].astype(np.float64)
    padded = np.concatenate([np.zeros(64), x.astype(np.float64), np.zeros(64)])
    expected = np.array([0.5 * padded[64 + 2 * i] + sum(t * (padded[64 + 2 * i - 2 * j - 1] + padded[64 + 2 * i + 2 * j + 1])
                                                      for j, t in enumerate(taps)) for i in range((frames + 1) // 2)])
    got = dsp.half_rate(x)
    assert got.dtype == np.float32 and got.shape == ((frames + 1) // 2,)
    assert np.allclose(got, expected, rtol=0, atol=1e-6 * max(1.0, float(np.abs(x).max(initial=0))))


def _room_by_definition(dry: np.ndarray, sr: int) -> np.ndarray:
    """The room as its docstring says, in doubles, frame by frame: each channel halved, convolved
    with the halved room, and brought back to the full rate by the half-band taps (doubled). The
    silence before the sound is halved too (the taps reach 23 frames back), so 48 silent frames
    lead and are cut off at the end."""
    ir = dsp.room_response(sr)
    taps = dsp._HALF_TAPS[len(dsp._HALF_TAPS) // 2:].astype(np.float64)
    lead = 48
    dry = np.concatenate([np.zeros((lead, 2), dtype=np.float32), dry])
    out = dry.astype(np.float64).copy()
    for c in range(2):
        wet = np.convolve(dsp.half_rate(dry[:, c]).astype(np.float64), 2.0 * dsp.half_rate(ir[:, c]).astype(np.float64))
        padded = np.concatenate([np.zeros(16), wet, np.zeros(16)])
        evens, odds = (len(dry) + 1) // 2, len(dry) // 2
        out[0::2, c] += wet[:evens]
        q = np.arange(odds) + 16
        out[1::2, c] += sum(2 * t * (padded[q - j] + padded[q + 1 + j]) for j, t in enumerate(taps))
    return out[lead:]


@pytest.mark.parametrize("frames, stereo", [(1, False), (5, True), (30_001, False), (30_002, True)])
def test_the_room_is_its_definition(frames, stereo):
    """The room, worked in the frequency domain in one transform each way, is the time-domain
    recipe it describes (to float32's rounding), for a mono mix and for two different channels."""
    rng = np.random.default_rng(frames)
    dry = (rng.standard_normal((frames, 1 + stereo)) * 0.3).astype(np.float32)
    dry = np.repeat(dry, 2, axis=1) if not stereo else dry
    got = dsp.room(dry, SR)
    expected = _room_by_definition(dry, SR)
    assert got.shape == (frames, 2) and got.dtype == np.float32
    assert float(np.abs(got - expected).max()) < 1e-5


def test_a_long_room_in_blocks_is_the_room_in_one():
    """Past eight blocks the room works block by block from the end: the same sound as in one piece."""
    rng = np.random.default_rng(3)
    dry = (rng.standard_normal((8 * dsp.BLOCK + 777, 2)) * 0.2).astype(np.float32)
    whole_piece = dry.copy()
    dsp._room_half(whole_piece, SR, 0.22, 1.3, len(dry))
    assert float(np.abs(dsp.room(dry, SR) - whole_piece).max()) < 1e-5


def test_fluidsynth_keeps_pythons_lock_through_its_short_calls():
    """A render's few hundred short FluidSynth calls keep the lock (a thread that let it go at each
    one would wait for it again at each one while another thread runs Python); the soundfont's
    loading and the render's one long write let it go."""
    import ctypes

    from scoring.render import synth

    if synth.synth_name() != "FluidSynth":
        pytest.skip("FluidSynth is not installed here")
    api = synth._fluid_api()
    held = [name for name, f in api.items() if isinstance(f, ctypes._CFuncPtr) and f._flags_ & ctypes._FUNCFLAG_PYTHONAPI]
    assert set(api) - set(held) - {k for k, f in api.items() if f is None} == {"sfload", "render"}


def _rendered(events, seconds: float, sample_rate: int, *, sequencer: bool, monkeypatch):
    from scoring.render import synth

    api = dict(synth._fluid_api())
    if not sequencer:
        api["new_sequencer"] = None
    monkeypatch.setattr(synth, "_fluid_api", lambda: api)
    try:
        return synth._render_fluidsynth(synth._fluidsynth(sample_rate), events, int(seconds * sample_rate),
                                        sample_rate)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("sample_rate", [44100, 22050, 48000, 8000])
def test_the_sequencer_starts_each_note_in_the_block_a_note_played_between_writes_starts_in(sample_rate, monkeypatch):
    """Notes handed to FluidSynth's sequencer sound sample for sample as notes played between
    writes, in the same 64-frame block: around every block edge (a frame before, on, after), in
    the first two blocks (played between writes) and later ones, and a note struck again at the
    moment it ends (the note-off first)."""
    from scoring.render import synth

    if synth.synth_name() != "FluidSynth" or synth._fluid_api()["new_sequencer"] is None:
        pytest.skip("FluidSynth with its sequencer is not installed here")
    frames = [0, 1, 63, 64, 65, 127, 128, 129, 64 * 37 - 1, 64 * 37, 64 * 37 + 1, 64 * 501 + 17]
    for frame in frames:
        start = frame / sample_rate
        note = [NoteEvent(start, start + 0.05, 67, 90, 0)]
        seq = _rendered(note, start + 0.5, sample_rate, sequencer=True, monkeypatch=monkeypatch)
        plain = _rendered(note, start + 0.5, sample_rate, sequencer=False, monkeypatch=monkeypatch)
        assert np.abs(seq).max() > 0.01 and np.array_equal(seq, plain), f"a note at frame {frame}"
    again = [NoteEvent(0.2, 0.3, 60, 80, 73), NoteEvent(0.3, 0.5, 60, 100, 73), NoteEvent(0.3, 0.4, 64, 70, 40)]
    assert np.array_equal(_rendered(again, 1.0, sample_rate, sequencer=True, monkeypatch=monkeypatch),
                          _rendered(again, 1.0, sample_rate, sequencer=False, monkeypatch=monkeypatch))


def test_a_render_with_the_sequencer_is_the_same_every_time():
    """The same notes render the same samples twice over, a chord of notes starting together included."""
    from scoring.render import synth

    if synth.synth_name() != "FluidSynth":
        pytest.skip("FluidSynth is not installed here")
    chord = [NoteEvent(0.5 + 0.25 * k, 1.5, p, 60 + 5 * k, prog) for k in range(4)
             for p, prog in ((48, 0), (55, 40), (64, 73), (67, 48))]
    first, _ = synth.render_events(chord, seconds=2.0)
    again, _ = synth.render_events(chord, seconds=2.0)
    assert np.array_equal(first, again)


_LOADED = """
import hashlib, json, sys
from scoring.render import synth

def rss():
    return next(int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmRSS"))

if sys.argv[1] == "whole":
    synth._fluid_api()["pin"] = None          # the whole soundfont at once, as FluidSynth does by default
before = rss()
sfont = synth._fluidsynth(44100)
out = {"grew": rss() - before}
for program in (0, 60, 40, 116):   # piano, horn, violin, taiko
    events = [synth.NoteEvent(0.1 * i, 0.1 * i + 0.6, p, 96 - 4 * i, program) for i, p in enumerate(range(31, 96, 7))]
    y = synth._render_fluidsynth(sfont, events, 3 * 44100, 44100)
    out[program] = y.tolist() if program == 116 else hashlib.sha256(y.tobytes()).hexdigest()
print(json.dumps(out))
"""


def test_a_kernel_loads_only_the_instruments_it_plays_and_they_sound_as_from_the_whole_soundfont(tmp_path):
    """Each instrument's samples are read when it first plays: loading the soundfont grows the
    process by a fraction of what the whole soundfont takes, and the instruments sound sample for
    sample as from the whole soundfont, save the last frames of a sample played out to its end
    (the taiko drum: far below its peak)."""
    import json
    import subprocess
    import sys

    from scoring.render import synth

    if synth.synth_name() != "FluidSynth" or synth._fluid_api()["pin"] is None:
        pytest.skip("FluidSynth 2.2 or later is not installed here")
    runs = {}
    for how in ("each", "whole"):
        done = subprocess.run([sys.executable, "-c", _LOADED, how], capture_output=True, text=True, timeout=120,
                              check=True)
        runs[how] = json.loads(done.stdout.splitlines()[-1])
    each, whole = runs["each"], runs["whole"]
    assert whole["grew"] > 100 and each["grew"] < whole["grew"] / 3, (each["grew"], whole["grew"])
    for program in ("0", "60", "40"):
        assert each[program] == whole[program], program
    taiko, taiko_whole = np.array(each["116"]), np.array(whole["116"])
    assert np.abs(taiko).max() > 0.1
    assert np.abs(taiko - taiko_whole).max() < 1e-3 * np.abs(taiko_whole).max()   # 60 dB below its peak


def test_a_new_value_looks_up_its_equal_without_hashing_the_others(monkeypatch):
    """Music remembers equal values made lately; a new value is looked up and remembered without
    hashing every value remembered (hashing a motif's notes is not free, and it happens per display)."""
    from scoring.core import music

    hashed = []

    class Counted(Motif):
        def __hash__(self):
            hashed.append(self.name)
            return super().__hash__()

    monkeypatch.setattr(music, "_recent", type(music._recent)(most=32, most_size=120.0, largest=0.5))
    remembered = [Counted.from_notes(["C4"], name=f"Kept {i}") for i in range(10)]
    for m in remembered:
        m._store()
    hashed.clear()
    new = Counted.from_notes(["D4"], name="New")
    assert new._store() is new._cache and len(music._recent) == 11
    assert set(hashed) == {"New"}
    assert Counted.from_notes(["D4"], name="New")._store() is new._cache  # an equal value shares it


def test_music_remembered_lately_is_at_most_two_minutes_and_a_long_piece_keeps_its_own(monkeypatch):
    from scoring.core import music

    monkeypatch.setattr(music, "_recent", type(music._recent)(most=32, most_size=120.0, largest=0.5))
    long = Motif.parse("4/4 " + " ".join(["c1"] * 17), name="Long", tempo=60)      # 68 s: over half of 2 minutes
    assert long._store() is long._cache and len(music._recent) == 0
    assert Motif.parse("4/4 " + " ".join(["c1"] * 17), name="Long", tempo=60)._store() is not long._cache
    pieces = [Motif.parse("4/4 " + " ".join([f"{p}1"] * 10), name="Half", tempo=60) for p in "cdefg"]  # 40 s each
    for m in pieces:
        m._store()
    assert len(music._recent) == 3 and music._recent.size == 120.0      # the two oldest forgotten
    assert Motif.parse("4/4 " + " ".join(["g1"] * 10), name="Half", tempo=60)._store() is pieces[-1]._cache
    assert Motif.parse("4/4 " + " ".join(["c1"] * 10), name="Half", tempo=60)._store() is not pieces[0]._cache


def test_a_card_with_its_roll_is_the_same_whichever_part_finishes_first():
    from scoring.core import music
    from scoring.harmony import harmonize

    theme = Motif.parse("4/4 c4 e8 f g4 c' b8 a g e f d c4", name="Theme card", tempo=96, instrument="French Horn")
    music._recent.clear()  # nothing shared with an equal value made earlier
    drawn_while_playing = harmonize(theme).card()
    music._recent.clear()
    cue = harmonize(theme)
    one_at_a_time = html.card(cue.name, note=cue.notes, notation=html.img_tag(cue.svg(), alt=cue.alt_text()),
                              player=cue.player(), summary=cue.summary(),
                              extra=html.figure_png(cue.figure(), alt=cue.roll_alt()))
    assert "pending player" not in cue._cache  # made in this thread, one part after the other
    assert drawn_while_playing == one_at_a_time


def test_remembered_refuses_what_is_not_a_sound_or_a_key():
    from scoring.render.remembered import Remembered

    memory = Remembered(most=2)
    with pytest.raises(ScoringError, match="NumPy array of numbers"):
        memory.key([0.1, 0.2])
    with pytest.raises(ScoringError, match="hashable"):
        memory.get([1, 2])
    with pytest.raises(ScoringError, match="hashable"):
        memory.keep({}, "x")
    with pytest.raises(ScoringError, match="most"):
        Remembered(most=0)
