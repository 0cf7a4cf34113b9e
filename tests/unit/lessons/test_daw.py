"""The DAW round trip: a cue exported as a session (MIDI with a track per layer, its tempo map and
markers on the hits and dialogue; the animatic as video; a README) and MIDI files from a DAW read
back as cues: notes, layers, programs, tempo changes, metres, markers to the millisecond,
overlapping notes, drum tracks, and hostile, cut or foreign files refused with a ScoringError."""
from __future__ import annotations

import io
import signal
import struct
from fractions import Fraction

import av
import mido
import numpy as np
import pytest

from scoring import Motif, Note
from scoring.animatic import animatic, cue_animatic
from scoring.core.cue import Chord, Cue, Layer
from scoring.core.midi_file import DRUM_ROLE, DRUM_STAND_IN, parse_midi, read_markers, voices
from scoring.core.time import TempoMap
from scoring.daw import README, export_session
from scoring.errors import ScoringError
from scoring.scene import check_score, load_scene, spot

TPB = 480


@pytest.fixture(scope="module")
def kitchen():
    return load_scene("kitchen_dialogue")


@pytest.fixture(scope="module")
def stepped() -> Cue:
    """Three layers on a clock that steps from 120 to 150 BPM at beat 8 and turns to 3/4 there."""
    melody = Layer("melody", (Chord((72,), 1, 90), Chord((74,), 1, 84), Chord((), 1), Chord((76,), 1, 96),
                              Chord((77,), 2, 70), Chord((76,), 2, 70), Chord((74,), 3, 100), Chord((72,), 3, 60)),
                   "French Horn")
    harmony = Layer("harmony", (Chord((60, 64, 67), 4, 50), Chord((57, 60, 65), 4, 52), Chord((59, 62, 67), 3, 55),
                                Chord((60, 64, 67), 3, 48)), "String Ensemble 1")
    bass = Layer("bass", tuple(Chord((36 + (i % 3),), Fraction(1, 2), 70 + i % 5) for i in range(28)), "Contrabass")
    clock = TempoMap.constant(120).step(8, 150).metre(8, "3/4")
    return Cue((melody, harmony, bass), "Kitchen Steps", "C major", time_signature="4/4", tempo_map=clock)


def sounding(layer: Layer) -> list[tuple[Fraction, Fraction, int, int]]:
    """A layer's notes as (start, end, pitch, velocity): what a MIDI file keeps (rests may merge)."""
    out, t = [], Fraction(0)
    for c in layer.chords:
        out += [(t, t + c.duration, p, c.velocity) for p in c.pitches]
        t += c.duration
    return sorted(out)


def smf(tracks: list[list], *, fmt: int = 1, tpb: int = TPB) -> bytes:
    """A MIDI file written by mido: each track a list of (absolute tick, message)."""
    mid = mido.MidiFile(type=fmt, ticks_per_beat=tpb)
    for events in tracks:
        track, last = mido.MidiTrack(), 0
        for tick, msg in sorted(events, key=lambda e: e[0]):
            track.append(msg.copy(time=tick - last))
            last = tick
        mid.tracks.append(track)
    buf = io.BytesIO()
    mid.save(file=buf)
    return buf.getvalue()


def notes_on(channel: int, notes: list[tuple[float, float, int, int]]) -> list:
    """(start beat, end beat, pitch, velocity) as mido note-on/off events."""
    out = []
    for a, b, p, v in notes:
        out += [(round(a * TPB), mido.Message("note_on", channel=channel, note=p, velocity=v)),
                (round(b * TPB), mido.Message("note_off", channel=channel, note=p, velocity=0))]
    return out


def conductor(*extra) -> list:
    return [(0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90))),
            (0, mido.MetaMessage("time_signature", numerator=4, denominator=4)),
            (4 * TPB, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(120))), *extra]


@pytest.fixture(autouse=True)
def _no_hang():
    """A guard against a reader that hangs: any test here still running after 120 s fails."""
    def stop(signum, frame):
        raise TimeoutError("a test of the DAW round trip ran for 120 s")
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# ---------------------------------------------------------------- export, then import
def test_round_trip_keeps_notes_layers_programs_tempo_metres_and_markers(stepped, kitchen, tmp_path):
    session = export_session(stepped, tmp_path / "session", scene=kitchen, video=False)
    back = Cue.from_midi(session.midi)
    assert [layer.role for layer in back.layers] == ["melody", "harmony", "bass"]
    assert [layer.program for layer in back.layers] == [60, 48, 43]
    for a, b in zip(stepped.layers, back.layers):
        assert sounding(a) == sounding(b), a.role
    assert back.tempo_map.metres == stepped.tempo_map.metres
    beats = [0, 4, 7.5, 8, 9, 13.5, 16]
    assert back.tempo_map.bpm_at(beats).tolist() == stepped.tempo_map.bpm_at(beats).tolist()
    assert back.tempo_map.seconds_at(16) == pytest.approx(stepped.tempo_map.seconds_at(16), abs=1e-6)
    assert back.key == "C major" and back.time_signature == "4/4"
    # every line and hit from the in-point to a second after the music, at its scene time
    stop = stepped.duration_seconds + 1.0
    want = sorted([(d.start, f"{d.who}: {d.text}") for d in kitchen.dialogue if d.start <= stop] +
                  [(d.end, f"{d.who} ends") for d in kitchen.dialogue if d.end <= stop] +
                  [(h.at, f"HIT 1: {h.label}") for h in kitchen.hits if h.at <= stop])
    got = read_markers(session.midi)
    assert [m.text for m in got] == [text for _, text in want]
    assert any(at > stepped.tempo_map.seconds_at(8) for at, _ in want)      # some lie after the tempo step
    for m, (at, _) in zip(got, want):
        assert m.seconds == pytest.approx(at, abs=1e-3), m.text
    assert [m.text for m in session.markers] == [m.text for m in got]


def test_round_trip_of_a_ramp_places_markers_by_the_tempo_the_file_plays(kitchen, tmp_path):
    ramp = Cue.from_motif(Motif.parse("c4 d e f g a b c' d' e' f' g'", tempo=80)).with_tempo_map(
        TempoMap.constant(80).ramp(2, 10, 130))
    session = export_session(ramp, tmp_path, scene=kitchen, video=False)
    played = parse_midi(session.midi.read_bytes()).tempo_map        # the ramp as the steps the file carries
    assert len(played.tempi) > 10
    # placed by the clock the file plays: by the smooth ramp, the later markers would be tens of ms off
    drift = [abs(float(ramp.tempo_map.seconds_at(float(m.beat))) - m.seconds) for m in read_markers(session.midi)]
    assert max(drift) > 0.02
    moments = sorted([d.start for d in kitchen.dialogue] + [d.end for d in kitchen.dialogue] +
                     [h.at for h in kitchen.hits])
    assert [round(m.seconds, 3) for m in read_markers(session.midi)] == \
           [round(t, 3) for t in moments if t <= ramp.duration_seconds + 1.0]


def test_spotted_cue_session_has_video_from_its_in_point_and_readme(kitchen, tmp_path):
    look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    music = Motif.parse("c'4 e' g' c''", tempo=120, name="look")
    session = export_session(look.with_music(music), tmp_path, name="the_look")
    assert [p.name for p in session.files] == ["the_look.mid", "the_look.mp4", README]
    assert session.timecode_in == "05:00:05:00"
    with av.open(str(session.video)) as box:
        frames = sum(1 for _ in box.decode(video=0))
    assert frames == 72                            # 05:00:05:00 to the scene's end, 05:00:08:00
    markers = read_markers(session.midi)
    assert [m.text for m in markers] == ["LEO: They said yes.", "HIT 1: smile", "LEO ends"]
    assert [m.seconds for m in markers] == pytest.approx([1.0, 2.0, 2.0], abs=1e-3)
    text = session.readme.read_text()
    assert "bar 1" in text and "00:00:00:00" in text and "HIT 1: smile" in text and "05:00:05:00" in text
    assert "the_look.mid" in repr(session) and "kB" in repr(session)


def test_the_video_track_mutes_the_music_but_keeps_the_dialogue(kitchen):
    look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    loud = Motif.parse("c'4 e' g' c''", tempo=120, name="look").with_dynamics("ff")

    def sound(video) -> np.ndarray:
        with av.open(io.BytesIO(video.mp4)) as box:
            return np.concatenate([f.to_ndarray().ravel() for f in box.decode(audio=0)])
    muted = sound(cue_animatic(kitchen, look, loud, pre_roll=0, post_roll=0, mute_music=True))
    heard = sound(cue_animatic(kitchen, look, loud, pre_roll=0, post_roll=0))
    speech = sound(animatic(kitchen, start=5.0, end=7.0))          # the same stretch with no music at all
    assert np.abs(speech).max() > 0.01
    assert np.abs(muted - speech).max() < 1e-3
    assert np.abs(heard - speech).max() > 0.05


def test_imported_cue_is_checked_against_the_scene_like_the_original(kitchen, tmp_path):
    look = spot(kitchen, [("05:00:05:00", "05:00:07:12", "The Look")]).cues[0]
    music = Motif.parse("c4 e g c' c'", tempo=120, name="look").with_dynamics("p")
    music = music.with_notes(list(music.notes[:-1]) + [Note(72, Fraction(1), 120)])   # a stab on the smile
    session = export_session(look.with_music(music), tmp_path, video=False)
    back = Cue.from_midi(session.midi, scene=kitchen)
    assert "in at 05:00:05:00 (from its markers)" in back.notes and "sits on the scene's hits" in back.notes
    original, imported = check_score(look.with_music(music), kitchen), check_score(look.with_music(back), kitchen)
    assert imported.ok == original.ok and imported.notes == original.notes
    assert any("smile" in n or "hits caught" in n for n in imported.notes)


def test_markers_that_moved_off_the_picture_are_reported(kitchen, tmp_path):
    data = smf([conductor((2 * TPB, mido.MetaMessage("marker", text="HIT 1: smile"))),
                notes_on(0, [(0, 4, 60, 80)])])
    path = tmp_path / "moved.mid"
    path.write_bytes(data)
    # 90 BPM: beat 2 is 1.333 s; in at 5.0 s the marker says 6.33 s, the smile is at 7.0 s
    back = Cue.from_midi(path, scene=kitchen, start=5.0)
    assert "16.0 frames early" in back.notes and "HIT 1: smile" in back.notes
    with pytest.raises(ScoringError, match="does not fit the scene"):
        Cue.from_midi(path, scene=kitchen, start=6.0)


# ---------------------------------------------------------------- files from elsewhere
def test_reads_a_file_written_by_music21(tmp_path):
    from music21 import chord, instrument, meter, note, stream, tempo

    score = stream.Score()
    for inst, items in ((instrument.Violin(), [note.Note("E5", quarterLength=1.5), note.Note("D5", quarterLength=0.5),
                                                note.Note("C5", quarterLength=1)]),
                        (instrument.Violoncello(), [chord.Chord(["C3", "G3"], quarterLength=3)])):
        part = stream.Part()
        part.insert(0, inst)
        part.append(meter.TimeSignature("3/4"))
        if not len(score.parts):
            part.insert(0, tempo.MetronomeMark(number=72))
        for el in items:
            part.append(el)
        score.insert(0, part)
    path = tmp_path / "m21.mid"
    score.write("midi", fp=str(path))
    back = Cue.from_midi(path, name="duet")
    assert [(layer.role, layer.instrument) for layer in back.layers] == [("violin", "Violin"), ("violoncello", "Cello")]
    assert back.tempo == 72 and back.time_signature == "3/4" and back.name == "duet"
    assert sounding(back.layers[0]) == [(0, Fraction(3, 2), 76, 90), (Fraction(3, 2), 2, 74, 90), (2, 3, 72, 90)]
    assert sounding(back.layers[1]) == [(0, 3, 48, 90), (0, 3, 55, 90)]


def test_reads_a_type_1_file_written_by_mido(tmp_path):
    data = smf([conductor((2 * TPB, mido.MetaMessage("marker", text="HIT 1: headlights")),
                          (6 * TPB, mido.MetaMessage("marker", text="ANNA: You're up late.")),
                          (0, mido.MetaMessage("key_signature", key="Dm"))),
                [(0, mido.MetaMessage("track_name", name="Horn")), (0, mido.Message("program_change", program=60)),
                 *notes_on(0, [(0, 2, 62, 80), (2, 4, 65, 90), (4, 8, 69, 100)])],
                [(0, mido.MetaMessage("track_name", name="Low Bass")),
                 (0, mido.Message("program_change", channel=1, program=32)),
                 *notes_on(1, [(0, 4, 38, 70), (4, 8, 41, 70)])]])
    path = tmp_path / "daw.mid"
    path.write_bytes(data)
    back = Cue.from_midi(path)
    assert [(layer.role, layer.instrument) for layer in back.layers] == [("horn", "French Horn"),
                                                                          ("low bass", "Acoustic Bass")]
    assert back.key == "D minor" and back.tempo_map.summary() == "90→120 BPM"
    assert sounding(back.layers[0]) == [(0, 2, 62, 80), (2, 4, 65, 90), (4, 8, 69, 100)]
    assert back.duration_seconds == pytest.approx(4 * 60 / 90 + 4 * 60 / 120)
    markers = read_markers(path)
    assert [m.text for m in markers] == ["HIT 1: headlights", "ANNA: You're up late."]
    assert [m.seconds for m in markers] == pytest.approx([2 * 60 / 90, 4 * 60 / 90 + 2 * 60 / 120], abs=1e-6)


def test_track_names_become_roles(tmp_path):
    data = smf([conductor(),
                [(0, mido.MetaMessage("track_name", name="Strings")), *notes_on(0, [(0, 4, 60, 60)])],
                [(0, mido.MetaMessage("track_name", name="Bass")), *notes_on(1, [(0, 4, 36, 60)])],
                [(0, mido.MetaMessage("track_name", name="stabs (Brass Section)")), *notes_on(2, [(0, 1, 72, 110)])]])
    path = tmp_path / "roles.mid"
    path.write_bytes(data)
    assert [layer.role for layer in Cue.from_midi(path).layers] == ["strings", "bass", "stabs"]


def test_a_round_trip_keeps_every_layer_name(tmp_path):
    from scoring.core.cue import Layer
    from scoring.core.motif import Motif

    layers = [Layer.from_motif(Motif.parse("4/4 a1 g1", instrument=inst), role=name)
              for name, inst in (("strings", "String Ensemble 1"), ("strings low", "String Ensemble 1"),
                                 ("theme", "French Horn"))]
    path = Cue(tuple(layers), "names", tempo=150).to_midi(tmp_path / "names.mid")
    assert [layer.role for layer in Cue.from_midi(path).layers] == ["strings", "strings low", "theme"]


def test_tracks_of_one_name_are_numbered_and_unnamed_tracks_keep_the_old_names(tmp_path):
    data = smf([conductor(),
                [(0, mido.MetaMessage("track_name", name="Strings")), *notes_on(0, [(0, 4, 60, 60)])],
                [(0, mido.MetaMessage("track_name", name="strings")), *notes_on(1, [(0, 4, 64, 60)])],
                [*notes_on(2, [(0, 4, 36, 60)])], [*notes_on(3, [(0, 4, 48, 60)])]])
    path = tmp_path / "same.mid"
    path.write_bytes(data)
    assert [layer.role for layer in Cue.from_midi(path).layers] == ["strings", "strings 2", "melody", "layer 4"]


def test_a_type_0_file_gives_a_layer_per_channel(tmp_path):
    data = smf([[(0, mido.MetaMessage("track_name", name="Sketch")), (0, mido.Message("program_change", program=73)),
                 (0, mido.Message("program_change", channel=3, program=42)),
                 *notes_on(0, [(0, 1, 79, 80), (1, 2, 77, 80)]), *notes_on(3, [(0, 2, 43, 70)])]], fmt=0)
    path = tmp_path / "type0.mid"
    path.write_bytes(data)
    back = Cue.from_midi(path)
    assert back.name == "Sketch"
    assert [(layer.role, layer.instrument) for layer in back.layers] == [("melody", "Flute"), ("layer 2", "Cello")]
    assert back.tempo == 120                     # no tempo event: MIDI's default


def test_running_status_is_read(tmp_path):
    events = bytes([0, 0x90, 60, 80, 0x60, 60, 0, 0, 64, 80, 0x60, 64, 0, 0, 0xFF, 0x2F, 0])   # note-on, then data only
    data = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 96) + b"MTrk" + struct.pack(">I", len(events)) + events
    assert parse_midi(data).parts[0].notes == ((0, 1, 60, 80), (1, 2, 64, 80))


# ---------------------------------------------------------------- overlapping notes and drums
def test_chords_stay_chords_and_overlaps_split_into_voices(tmp_path):
    played = [(0, 1, 60, 80), (0, 1, 64, 80), (0, 1, 67, 80),          # a chord: one Chord
              (1, 4, 48, 60),                                            # a held bass under ...
              (1, 2, 72, 90), (2, 3, 74, 90), (3, 4, 76, 90),           # ... a moving line
              (4, 6, 60, 70), (4, 5, 64, 70)]                            # same start, different ends
    data = smf([conductor(), [(0, mido.MetaMessage("track_name", name="Piano")), *notes_on(0, played)]])
    path = tmp_path / "overlap.mid"
    path.write_bytes(data)
    back = Cue.from_midi(path)
    assert [layer.role for layer in back.layers] == ["piano", "piano 2"]
    assert sorted(n for layer in back.layers for n in sounding(layer)) == sorted(
        (Fraction(a), Fraction(b), p, v) for a, b, p, v in played)
    first = back.layers[0].chords[0]
    assert first.pitches == (60, 64, 67) and first.duration == 1
    assert "split into voices" in back.notes


def test_voices_close_tiny_gaps_and_keep_the_loudest_velocity():
    out = voices([(Fraction(0), Fraction(1), 60, 50), (Fraction(0), Fraction(1), 64, 99),
                  (Fraction(1) + Fraction(1, 48), Fraction(2), 62, 70)])
    assert out == [[(Fraction(49, 48), (60, 64), 99), (Fraction(47, 48), (62,), 70)]]


@pytest.mark.parametrize("notes, end, message", [
    (None, None, r"notes=None is not a list"),
    ([(0, 1, 60)], None, r"notes\[0\]=.* is not \(start, end, pitch, velocity\)"),
    ([(1, 0, 60, 80)], None, r"notes\[0\] ends at beat 0, not after its start"),
    ([(0, 1, 60, 0)], None, r"notes\[0\] velocity=0 is outside 1-127"),
    ([(0, 1, 60, 80)], float("nan"), r"end=nan is not a finite number"),
    ([(Fraction(k, 16), 8, 60 + k, 80) for k in range(16)], None, r"more than 15 voices"),   # 16 lanes: no cue
])
def test_voices_refuses_what_no_layer_can_hold(notes, end, message):
    with pytest.raises(ScoringError, match=message):
        voices(notes, end=end)


def test_drum_channel_is_kept_as_a_drum_kit_or_dropped(tmp_path):
    kit = [(b / 2, b / 2 + 0.25, 36 if b % 4 == 0 else 42, 100) for b in range(8)]
    data = smf([conductor(), [(0, mido.MetaMessage("track_name", name="Drums")), *notes_on(9, kit)],
                [(0, mido.MetaMessage("track_name", name="Bass")), *notes_on(1, [(0, 4, 36, 60)])]])
    path = tmp_path / "drums.mid"
    path.write_bytes(data)
    kept = Cue.from_midi(path)
    assert [(layer.role, layer.instrument) for layer in kept.layers] == [(DRUM_ROLE, DRUM_STAND_IN),
                                                                          ("bass", "Acoustic Grand Piano")]
    assert sorted(p for _, _, p, _ in sounding(kept.layer(DRUM_ROLE))) == sorted(p for *_, p, _ in kit)
    dropped = Cue.from_midi(path, drums="drop")
    assert [layer.role for layer in dropped.layers] == ["bass"] and "8 drum-kit notes" in dropped.notes
    # written back, the drum kit goes on channel 10 with the standard kit
    session = export_session(kept, tmp_path / "out", video=False)
    channels = {msg.channel for track in mido.MidiFile(session.midi).tracks for msg in track if msg.type == "note_on"}
    programs = {msg.channel: msg.program for track in mido.MidiFile(session.midi).tracks for msg in track
                if msg.type == "program_change"}
    assert 9 in channels and programs[9] == 0
    assert [layer.role for layer in Cue.from_midi(session.midi).layers] == [DRUM_ROLE, "bass"]
    with pytest.raises(ScoringError, match="drums"):
        Cue.from_midi(path, drums="maybe")


def test_a_drums_only_file_with_drums_dropped_is_refused(tmp_path):
    path = tmp_path / "kit.mid"
    path.write_bytes(smf([conductor(), notes_on(9, [(0, 1, 36, 100)])]))
    with pytest.raises(ScoringError, match="no notes besides drums"):
        Cue.from_midi(path, drums="drop")


# ---------------------------------------------------------------- safety
def hostile() -> bytes:
    """37 bytes: one note whose note-on waits 0x0FFFFFFF ticks (over 150 hours at 120 BPM)."""
    track = bytes([0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 64, 0, 0x80, 60, 0, 0, 0xFF, 0x2F, 0])
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track


def test_the_hostile_37_byte_file_is_refused_before_it_is_expanded(tmp_path, monkeypatch):
    data = hostile()
    assert len(data) == 37
    path = tmp_path / "hostile.mid"
    path.write_bytes(data)
    from scoring.core import midi_file

    monkeypatch.setattr(midi_file, "_Walk", None)     # the refusal comes from the measurement, before the walk
    with pytest.raises(ScoringError, match="4000 beats"):
        Cue.from_midi(path)


def test_a_cut_file_is_refused_at_every_length(stepped, tmp_path):
    session = export_session(stepped, tmp_path / "whole", video=False)
    data = session.midi.read_bytes()
    for n in list(range(0, 40)) + list(range(40, len(data) - 1, 37)):
        path = tmp_path / "cut.mid"
        path.write_bytes(data[:n])
        with pytest.raises(ScoringError):
            Cue.from_midi(path)


def test_a_file_that_is_not_midi_is_refused(tmp_path):
    path = tmp_path / "notes.mid"
    path.write_text("C4 E4 G4, a list of notes, not a MIDI file")
    with pytest.raises(ScoringError, match="not a standard MIDI file"):
        Cue.from_midi(path)
    (tmp_path / "cue.txt").write_bytes(hostile())
    with pytest.raises(ScoringError, match="is not one of .mid"):
        Cue.from_midi(tmp_path / "cue.txt")
    with pytest.raises(ScoringError, match="no file"):
        Cue.from_midi(tmp_path / "missing.mid")


@pytest.mark.parametrize("change, message", [
    (lambda d: d[:8] + struct.pack(">HHH", 2, 1, 480) + d[14:], "type 2"),
    (lambda d: d[:12] + bytes([0xE7, 0x28]) + d[14:], "SMPTE"),
    (lambda d: d.replace(bytes([0x90, 60, 64]), bytes([0x90, 60, 200])), "over 127"),
])
def test_damaged_headers_and_events_are_refused(change, message, tmp_path):
    track = bytes([0, 0x90, 60, 64, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0])
    good = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(track)) + track
    assert parse_midi(good).parts
    with pytest.raises(ScoringError, match=message):
        parse_midi(change(good))


def test_limits_hold_while_reading(tmp_path):
    many = [(i / 8, i / 8 + 0.125, 60 + i % 12, 80) for i in range(15_001)]
    with pytest.raises(ScoringError, match="more than 15,000 notes"):
        parse_midi(smf([conductor(), notes_on(0, many)]))
    fast = [(0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(900)))]
    with pytest.raises(ScoringError, match="outside 20-400"):
        parse_midi(smf([fast, notes_on(0, [(0, 1, 60, 80)])]))
    tracks = [conductor()] + [notes_on(ch, [(0, 1, 60, 80)]) for ch in range(16) if ch != 9] + \
             [notes_on(0, [(1, 2, 62, 80)])]
    path = tmp_path / "wide.mid"
    path.write_bytes(smf(tracks))
    with pytest.raises(ScoringError, match="more than a cue's 15"):
        Cue.from_midi(path)
    slow = [(0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(20)))]
    with pytest.raises(ScoringError, match="over the 600 s"):
        parse_midi(smf([slow, notes_on(0, [(0, 64, 60, 80), (64, 128, 62, 80), (128, 210, 64, 80)])]))


def test_reading_does_not_go_through_music21(stepped, tmp_path, monkeypatch):
    session = export_session(stepped, tmp_path, video=False)
    import music21.converter
    import music21.midi.translate

    def refuse(*args, **kwargs):
        raise AssertionError("music21 was asked to parse the file")
    for name in ("parse", "parseData", "parseFile"):
        monkeypatch.setattr(music21.converter, name, refuse)
    monkeypatch.setattr(music21.midi.translate, "midiFileToStream", refuse)
    assert len(Cue.from_midi(session.midi).layers) == 3


# ---------------------------------------------------------------- where files go
def test_files_go_only_into_the_chosen_folder(stepped, kitchen, tmp_path):
    folder = tmp_path / "session"
    for bad in ("../escape", "sub/escape", "/tmp/escape", "..", " lead", "a" * 90, 7):
        with pytest.raises(ScoringError, match="plain file name"):
            export_session(stepped, folder, name=bad, video=False)
    assert not any(p.name.startswith("escape") for p in tmp_path.rglob("*"))
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(ScoringError, match="is a file, not a folder"):
        export_session(stepped, tmp_path / "a_file", video=False)
    with pytest.raises(ScoringError, match="does not exist"):
        export_session(stepped, tmp_path / "no" / "such", video=False)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(ScoringError, match="symbolic link"):
        export_session(stepped, tmp_path / "link", video=False)
    assert not any(real.iterdir())
    session = export_session(stepped, folder, scene=kitchen, video=False)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in session.files)


def test_bad_calls_say_what_to_give(stepped, kitchen, tmp_path):
    look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    with pytest.raises(ScoringError, match="no music yet"):
        export_session(look, tmp_path)
    with pytest.raises(ScoringError, match="leave start= out"):
        export_session(look.with_music(stepped), tmp_path, start=1.0)
    with pytest.raises(ScoringError, match="give scene= too"):
        export_session(stepped, tmp_path, start=1.0)
    with pytest.raises(ScoringError, match="runs past the scene's end"):
        export_session(stepped, tmp_path, scene=kitchen, start=3.0)
    with pytest.raises(ScoringError, match="takes a Cue or a Motif"):
        export_session("a tune", tmp_path)
    with pytest.raises(ScoringError, match="video=1"):
        export_session(stepped, tmp_path, video=1)


def test_a_wrong_scene_or_a_lone_start_is_refused_before_anything_is_written_or_read(stepped, kitchen, tmp_path):
    look = spot(kitchen, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0].with_music(stepped)
    folder = tmp_path / "session"
    with pytest.raises(ScoringError, match="scene should be a Scene"):
        export_session(look, folder, scene="kitchen_dialogue")
    assert not folder.exists()
    with pytest.raises(ScoringError, match="give scene= too"):        # an in-point needs the scene it is in
        Cue.from_midi(tmp_path / "not-read.mid", start=3.0)
