"""The Motif and Note model: building, reading, combining and exporting."""
from __future__ import annotations

import re
from fractions import Fraction

import pytest
from music21 import chord, converter, dynamics, instrument, key, meter, midi, note, stream, tempo

from scoring import DYNAMICS, Motif, Note, ScoringError
from scoring.core.notes import as_duration, dynamic_mark, velocity_for
from scoring.core.io import estimate_key
from scoring.render.files import writable_path


# ---------------------------------------------------------------- Note and small helpers
def test_note_defaults_and_rest():
    """A note keeps its MIDI pitch and exact duration; a rest has no pitch."""
    n = Note(60, 1)
    assert (n.pitch, n.duration, n.velocity, n.is_rest) == (60, Fraction(1), 80, False)
    assert isinstance(n.duration, Fraction)
    assert Note(None, Fraction(1, 2)).is_rest


def test_note_durations_are_exact_fractions():
    """A float like 1/3 is stored as the fraction 1/3, not 0.333..."""
    assert Note(60, 1 / 3).duration == Fraction(1, 3)
    assert Note(60, "3/2").duration == Fraction(3, 2)


def test_rests_compare_equal_whatever_their_velocity():
    """Silence has no loudness: two rests of the same length are the same rest."""
    assert Note(None, 1, 30) == Note(None, 1, 100)


def test_velocity_for_marks_and_numbers():
    """Dynamic marks are ordered from soft to loud, and numbers pass through as velocities."""
    marks = ["ppp", "pp", "p", "mp", "mf", "f", "ff", "fff"]
    values = [velocity_for(m) for m in marks]
    assert values == sorted(values) and len(set(values)) == 8
    assert velocity_for("FF") == velocity_for("ff")
    assert velocity_for(90) == 90 and velocity_for(90.4) == 90
    assert all(1 <= v <= 127 for v in DYNAMICS.values())


def test_dynamic_mark_is_nearest_mark():
    """The mark for a velocity is the mark whose velocity is closest."""
    for mark, v in DYNAMICS.items():
        assert dynamic_mark(v) == mark
    assert dynamic_mark(127) == "fff" and dynamic_mark(1) == "ppp"


def test_as_duration():
    """Durations are quarter lengths; floats are read as the simple fraction they stand for."""
    assert as_duration(0.5) == Fraction(1, 2)
    assert as_duration(0.75) == Fraction(3, 4)
    assert as_duration("1/3") == Fraction(1, 3)
    assert as_duration(Fraction(1, 16)) == Fraction(1, 16)  # a 64th note is the shortest
    assert as_duration(64) == 64                            # sixteen bars of 4/4 the longest


def test_estimate_key():
    """An A minor arpeggio is in A minor, a G major one in G major; one pitch class is its own major key."""
    am = Motif.from_notes(["A3", "C4", "E4", "A4", "E4", "C4", "A3"], key="C major")
    assert estimate_key(am.notes) == "A minor"
    g = Motif.from_notes(["G4", "B4", "D5", "G5"], key="C major")
    assert estimate_key(g.notes) == "G major"
    assert estimate_key((Note(67, 1), Note(79, 1))) == "G major"
    assert estimate_key((Note(None, 1),)) == "C major"


def test_estimate_key_of_the_c_major_scale():
    """The plain C major scale C4 D4 ... B4 C5 is in C major (Krumhansl-Schmuckler agrees)."""
    scale = Motif.from_notes("C4 D4 E4 F4 G4 A4 B4 C5".split(), key="C major")
    assert estimate_key(scale.notes) == "C major"
    assert Motif.parse("c4 d e f g a b c'").key == "C major"


# ---------------------------------------------------------------- building
def test_parse_tiny_notation(hero):
    """tinyNotation: c is middle C, c' the octave above, 4 a quarter and 2 a half note."""
    assert hero.midi == [60, 64, 67, 72]
    assert hero.pitches == ["C4", "E4", "G4", "C5"]
    assert hero.durations == [1.0, 1.0, 1.0, 2.0]
    assert (hero.name, hero.tempo, hero.instrument, hero.time_signature) == ("Hero", 96.0, "French Horn", "4/4")
    assert hero.key == "C major"


def test_parse_octaves_accidentals_dots_ties_triplets():
    """C is an octave below c, c'' two above; # and - are sharp and flat; a dot adds half; ties join."""
    assert Motif.parse("c4 C4 c''4 CC4").midi == [60, 48, 84, 36]
    assert Motif.parse("c#4 e-4 b-4").midi == [61, 63, 70]
    assert Motif.parse("3/4 c4. d8 e4").durations == [1.5, 0.5, 1.0]
    assert Motif.parse("4/4 c4~ c4 d2").durations == [2.0, 2.0]
    trip = Motif.parse("4/4 trip{c8 d e} f4")
    assert [n.duration for n in trip.notes] == [Fraction(1, 3)] * 3 + [Fraction(1)]


def test_parse_reads_time_signature_and_rests():
    """The leading time signature is kept; r is a rest (None in pitches)."""
    fate = Motif.parse("2/4 r8 g g g e-2")
    assert fate.time_signature == "2/4"
    assert fate.pitches == [None, "G4", "G4", "G4", "Eb4"]
    # G G G Eb alone fits Eb major as well as the C minor of Beethoven's Fifth (the key profile's choice)
    assert fate.key in ("C minor", "Eb major")


def test_parse_dynamics_sets_velocity():
    """dynamics='pp' makes every note pianissimo."""
    assert set(Motif.parse("c4 e g", dynamics="pp").velocities) == {DYNAMICS["pp"]}
    assert set(Motif.parse("c4 e g").velocities) == {DYNAMICS["mf"]}


def test_parse_key_override():
    """An explicit key wins over the estimate and changes the spelling of black keys."""
    m = Motif.parse("c4 e- g", key="C minor")
    assert m.key == "C minor" and m.pitches == ["C4", "Eb4", "G4"]
    assert Motif.parse("c4 d#4", key="E major").pitches == ["C4", "D#4"]


def test_parse_keeps_a_final_rest_that_completes_the_bar():
    """'4/4 c4 e g r4' is three notes and a rest: a full bar of 4 beats (the rest is part of the cue's timing)."""
    m = Motif.parse("4/4 c4 e g r4")
    assert m.midi == [60, 64, 67, None]
    assert m.quarter_length == 4


def test_from_notes_names_numbers_and_rests():
    """Note names, MIDI numbers, None and 'r' may be mixed; one duration may serve all notes."""
    m = Motif.from_notes(["C4", 64, None, "r", "G4"], durations=0.5, key="C major")
    assert m.midi == [60, 64, None, None, 67]
    assert m.durations == [0.5] * 5
    assert Motif.from_notes("C4 E4 G4", key="C major").midi == [60, 64, 67]


def test_from_notes_per_note_durations_and_velocities():
    """Per-note durations and velocities (numbers or marks) are kept in order."""
    m = Motif.from_notes(["C4", "D4", "E4"], durations=[1, 0.5, "3/2"], velocities=[30, "ff", 127], key="C major")
    assert [n.duration for n in m.notes] == [Fraction(1), Fraction(1, 2), Fraction(3, 2)]
    assert m.velocities == [30, DYNAMICS["ff"], 127]
    assert Motif.from_notes(["C4"], dynamics="p").velocities == [DYNAMICS["p"]]


def test_from_notes_spellings():
    """Flats, sharps, double accidentals and music21's '-' all name the right key."""
    m = Motif.from_notes(["Bb3", "F#4", "E-4", "C##4", "Dbb4", "B#3", "Cb4"], key="C major")
    assert m.midi == [58, 66, 63, 62, 60, 60, 59]


def test_from_notes_estimates_key():
    """Without a key, the key is estimated: an A minor arpeggio is in A minor."""
    assert Motif.from_notes(["A3", "C4", "E4", "A4", "E4", "C4", "A3"]).key == "A minor"


def test_motif_options():
    """Name, tempo, instrument (by name, alias or number) and metre are stored as given."""
    m = Motif.from_notes(["C4"], name="Bell", tempo=72, instrument="horn", time_signature="6/8", key="C major")
    assert (m.name, m.tempo, m.instrument, m.time_signature) == ("Bell", 72.0, "French Horn", "6/8")
    assert Motif.from_notes(["C4"], instrument=42, key="C major").instrument == "Cello"
    assert Motif.from_notes(["C4"], instrument=42, key="C major").program == 42


def test_key_normalisation():
    """Keys are written 'Tonic mode'; a lone lower-case tonic means minor, upper-case major."""
    assert Motif.from_notes(["C4"], key="d DORIAN").key == "D dorian"
    assert Motif.from_notes(["C4"], key="a").key == "A minor"
    assert Motif.from_notes(["C4"], key="Eb").key == "Eb major"
    assert Motif.from_notes(["C4"], key="F# minor").key == "F# minor"


def test_from_stream_reads_notes_tempo_instrument_key_metre_and_title():
    """A hand-built music21 score gives its notes, tempo, instrument, key, metre and title."""
    from music21 import metadata

    part = stream.Part()
    part.insert(0, instrument.Violin())
    part.append(key.Key("D"))
    part.append(meter.TimeSignature("3/4"))
    part.append(tempo.MetronomeMark(number=72))
    for name, ql in [("D4", 1), ("F#4", 1), ("A4", 1)]:
        part.append(note.Note(name, quarterLength=ql))
    score = stream.Score()
    score.metadata = metadata.Metadata(title="Dawn")
    score.insert(0, part)
    m = Motif.from_stream(score)
    assert m.midi == [62, 66, 69]
    assert (m.tempo, m.instrument, m.key, m.time_signature, m.name) == (72.0, "Violin", "D major", "3/4", "Dawn")


def test_from_stream_chords_ties_graces_and_overrides():
    """A chord gives its top note, tied notes merge, grace notes are skipped, keywords override."""
    s = stream.Stream()
    s.append(chord.Chord(["C4", "E4", "G4"], quarterLength=1))
    grace = note.Note("B3")
    grace.duration = grace.duration.getGraceDuration()
    s.append(grace)
    a, b = note.Note("A4", quarterLength=1), note.Note("A4", quarterLength=2)
    from music21 import tie

    a.tie, b.tie = tie.Tie("start"), tie.Tie("stop")
    s.append([a, b])
    s.append(note.Note("B4", quarterLength=1))
    m = Motif.from_stream(s, name="Chords", key="C major", tempo=120, instrument="Cello")
    assert m.midi == [67, 69, 71]
    assert m.durations == [1.0, 3.0, 1.0]
    assert (m.name, m.key, m.tempo, m.instrument) == ("Chords", "C major", 120.0, "Cello")


def test_from_stream_takes_first_part():
    """Of a two-part score only the first part becomes the motif."""
    p1, p2 = stream.Part(), stream.Part()
    p1.append([note.Note("E4"), note.Note("F4")])
    p2.append([note.Note("C3"), note.Note("D3")])
    s = stream.Score([p1, p2])
    assert Motif.from_stream(s, key="C major").midi == [64, 65]


def test_from_stream_of_parsed_tiny_notation():
    """music21's own parser output is accepted."""
    m = Motif.from_stream(converter.parse("tinyNotation: 2/4 r8 g g g e-2"))
    assert m.midi == [None, 67, 67, 67, 63]


def test_from_file_musicxml(tmp_path, hero):
    """A MusicXML file written by to_musicxml reads back with the same notes and settings."""
    back = Motif.from_file(hero.to_musicxml(tmp_path / "hero.musicxml"))
    assert back.midi == hero.midi and back.durations == hero.durations
    assert (back.tempo, back.instrument, back.key, back.time_signature) == (96.0, "French Horn", "C major", "4/4")


def test_from_file_midi(tmp_path, hero):
    """A MIDI file written by to_midi reads back with the same notes, tempo and instrument."""
    back = Motif.from_file(hero.to_midi(tmp_path / "hero.mid"))
    assert back.midi == hero.midi and back.durations == hero.durations
    assert (back.tempo, back.instrument) == (96.0, "French Horn")


def test_from_file_keeps_name_and_overrides(tmp_path, hero):
    """The motif's name survives the file (title / track name); keyword arguments override it."""
    xml = hero.to_musicxml(tmp_path / "hero.xml")
    assert Motif.from_file(xml).name == "Hero"
    assert Motif.from_file(hero.to_midi(tmp_path / "hero.midi")).name == "Hero"
    assert Motif.from_file(xml, name="Other", tempo=60).name == "Other"
    assert Motif.from_file(xml, tempo=60).tempo == 60.0


# ---------------------------------------------------------------- reading
def test_pitches_are_spelled_in_the_key():
    """MIDI 63 is Eb4 in C minor but D#4 in E major; 70 is Bb in F major, A# in B major."""
    assert Motif.from_notes([63, 70], key="C minor").pitches == ["Eb4", "Bb4"]
    assert Motif.from_notes([63, 70], key="B major").pitches == ["D#4", "A#4"]


def test_midi_durations_velocities(hero):
    """midi, durations and velocities list one value per note (rests included)."""
    m = Motif.from_notes(["C4", None, "G4"], durations=[1, 0.5, 2], velocities=[10, 50, 120], key="C major")
    assert m.midi == [60, None, 67]
    assert m.durations == [1.0, 0.5, 2.0]
    assert len(m.velocities) == 3 and m.velocities[0] == 10 and m.velocities[2] == 120
    assert len(m) == 3


@pytest.mark.parametrize("bpm", [40, 60, 96, 120, 180])
def test_duration_seconds_is_quarters_times_60_over_tempo(hero, bpm):
    """Five quarter notes last 5 * 60 / BPM seconds."""
    assert hero.with_tempo(bpm).duration_seconds == pytest.approx(5 * 60 / bpm)
    assert hero.quarter_length == Fraction(5)


def test_duration_seconds_counts_rests_and_triplets():
    """Rests take time too; three triplet eighths fill one beat."""
    m = Motif.from_notes(["C4", None, "D4", "E4", "F4"], durations=[1, 2, "1/3", "1/3", "1/3"], tempo=60, key="C major")
    assert m.quarter_length == 4
    assert m.duration_seconds == pytest.approx(4.0)


def test_ambitus():
    """The ambitus is the lowest and highest note and the span between them in semitones."""
    assert Motif.from_notes(["E4", "C4", None, "G5"], key="C major").ambitus == ("C4", "G5", 19)
    assert Motif.from_notes(["D4"], key="C major").ambitus == ("D4", "D4", 0)


def test_summary(hero):
    """The summary line names the motif, its notes, key, metre, tempo, instrument and length."""
    assert hero.summary() == "Hero: C4 E4 G4 C5 | C major | 4/4 | 96 BPM | French Horn | 3.1 s"
    assert repr(hero) == f"<Motif {hero.summary()}>"


def test_summary_shortens_long_motifs_and_shows_rests():
    """More than 16 notes are shortened with a count of the rest; rests show as r."""
    m = Motif.from_notes(["C4", None] + ["D4"] * 18, durations=0.25, key="C major")
    s = m.summary()
    assert s.startswith("Motif: C4 r D4")
    assert "… (+4)" in s
    assert s.count("D4") == 14


# ---------------------------------------------------------------- a motif is a value
def test_motifs_are_immutable_values(hero):
    """Transforms return new motifs; the original never changes; equal motifs hash alike."""
    before = (hero.midi, hero.durations, hero.key, hero.tempo, hero.instrument)
    hero.invert().augment(2).to_mode("minor").with_tempo(60).with_instrument("Cello").octave(-1)
    assert (hero.midi, hero.durations, hero.key, hero.tempo, hero.instrument) == before
    again = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
    assert again == hero and hash(again) == hash(hero)
    assert hero.with_name("Other") != hero
    with pytest.raises(AttributeError):
        hero.tempo = 60  # frozen dataclass


def test_with_name(hero):
    assert hero.with_name("Bell").name == "Bell"
    assert hero.with_name("Bell").midi == hero.midi


def test_add_joins_in_time(hero):
    """a + b plays b after a, in a's key, tempo and instrument."""
    other = Motif.from_notes(["D5", "E5"], durations=[0.5, 0.5], key="D major", tempo=60, instrument="Cello", name="Tail")
    joined = hero + other
    assert joined.midi == hero.midi + other.midi
    assert joined.quarter_length == hero.quarter_length + other.quarter_length
    assert (joined.key, joined.tempo, joined.instrument) == (hero.key, hero.tempo, hero.instrument)
    assert joined.name == "Hero + Tail"
    assert joined.duration_seconds == pytest.approx(6 * 60 / 96)


def test_with_notes(hero):
    notes = [Note(62, 1), Note(None, 1)]
    m = hero.with_notes(notes, name="New")
    assert m.midi == [62, None] and m.name == "New" and m.tempo == hero.tempo


# ---------------------------------------------------------------- exporting
def test_to_stream(hero):
    """The score has one part with instrument, key, metre, tempo, spelled notes and measures."""
    s = Motif.parse("3/4 c4 e- g c'2.", key="C minor", tempo=80, instrument="Cello").to_stream()
    assert len(s.parts) == 1
    part = s.parts[0]
    assert [n.nameWithOctave for n in s.flatten().notes] == ["C4", "E-4", "G4", "C5"]
    assert len(part.getElementsByClass("Measure")) == 2
    assert part.recurse().getElementsByClass(instrument.Instrument).first().midiProgram == 42
    k = s.flatten().getElementsByClass(key.Key).first()
    assert (k.tonic.name, k.mode, k.sharps) == ("C", "minor", -3)
    assert s.flatten().getElementsByClass(meter.TimeSignature).first().ratioString == "3/4"
    assert s.flatten().getElementsByClass(tempo.MetronomeMark).first().getQuarterBPM() == 80
    assert s.metadata.title == "Motif"


def test_to_stream_marks_dynamics():
    """A soft note then a loud note gets a pp mark and then an ff mark; velocities are kept."""
    m = Motif.from_notes(["C4", "D4", "E4"], velocities=["pp", "pp", "ff"], key="C major")
    s = m.to_stream().flatten()
    assert [d.value for d in s.getElementsByClass(dynamics.Dynamic)] == ["pp", "ff"]
    assert [n.volume.velocity for n in s.notes] == [DYNAMICS["pp"], DYNAMICS["pp"], DYNAMICS["ff"]]


def test_to_stream_ties_notes_across_bar_lines():
    """A half note starting on beat 4 of 4/4 is split into two tied quarters."""
    m = Motif.from_notes(["C4", "D4", "E4", "F4"], durations=[1, 1, 1, 2], key="C major")
    notes = list(m.to_stream().flatten().notes)
    assert len(notes) == 5
    assert notes[3].tie is not None and notes[3].tie.type == "start"
    assert notes[4].pitch.midi == 65


def test_to_midi_file(tmp_path):
    """to_midi writes a standard MIDI file with the tempo, the GM program and each note's velocity."""
    m = Motif.from_notes(["C4", "E4", "G4"], velocities=[33, 80, 112], tempo=120, instrument="Flute", key="C major")
    path = m.to_midi(tmp_path / "flute.mid")
    assert path == tmp_path / "flute.mid" and path.read_bytes()[:4] == b"MThd"
    mf = midi.MidiFile()
    mf.open(str(path))
    mf.read()
    mf.close()
    events = [e for t in mf.tracks for e in t.events if not isinstance(e, midi.DeltaTime)]
    ons = [e for e in events if e.type == midi.ChannelVoiceMessages.NOTE_ON and e.velocity > 0]
    assert [(e.pitch, e.velocity) for e in ons] == [(60, 33), (64, 80), (67, 112)]
    programs = {e.data for e in events if e.type == midi.ChannelVoiceMessages.PROGRAM_CHANGE}
    assert programs == {73}  # Flute is GM program 74, numbered 73 from zero
    tempos = [e for e in events if e.type == midi.MetaEvents.SET_TEMPO]
    assert int.from_bytes(tempos[0].data, "big") == 500000  # 120 BPM = 0.5 s a beat


def test_to_musicxml_file(tmp_path):
    """to_musicxml writes MusicXML with the title, the pitches and the GM program (1-based in MusicXML)."""
    bar = Motif.parse("4/4 c4 e g c'4", name="Hero", instrument="French Horn")
    path = bar.to_musicxml(tmp_path / "hero.musicxml")
    text = path.read_text(encoding="utf-8")
    assert "<score-partwise" in text
    assert "<work-title>Hero</work-title>" in text
    assert "<midi-program>61</midi-program>" in text  # French Horn: GM 61
    steps = re.findall(r"<step>([A-G])</step>\s*<octave>(\d)</octave>", text)
    assert steps == [("C", "4"), ("E", "4"), ("G", "4"), ("C", "5")]
    assert bar.musicxml().decode("utf-8").count("<pitch>") == 4


def test_writable_path(tmp_path):
    """A file in an existing folder with a fitting suffix is accepted, case-insensitively."""
    assert writable_path(tmp_path / "a.MID", (".mid",)) == tmp_path / "a.MID"
    assert writable_path(str(tmp_path / "a.xml"), (".musicxml", ".xml")) == tmp_path / "a.xml"


# ---------------------------------------------------------------- every General MIDI instrument in files
def _programs():
    from scoring.core.instruments import GM_NAMES

    return [pytest.param(p, id=f"{p}-{GM_NAMES[p]}") for p in range(128)]


@pytest.mark.parametrize("program", _programs())
def test_musicxml_names_the_motifs_instrument(tmp_path, program):
    """The MusicXML <midi-program> (1-based) is the motif's GM program + 1, and reading the file
    back gives the same instrument."""
    m = Motif.from_notes(["C4", "E4", "G4", "C5"], key="C major", instrument=program)
    text = m.musicxml().decode("utf-8")
    assert re.findall(r"<midi-program>(\d+)</midi-program>", text) == [str(program + 1)]
    path = m.to_musicxml(tmp_path / "m.musicxml")
    assert Motif.from_file(path).instrument == m.instrument


@pytest.mark.parametrize("program", _programs())
def test_midi_file_plays_the_motifs_instrument(tmp_path, program):
    """The MIDI file selects the motif's GM program on a melodic channel (not the drum channel 10)."""
    m = Motif.from_notes(["C4", "E4"], key="C major", instrument=program)
    mf = midi.MidiFile()
    mf.open(str(m.to_midi(tmp_path / "m.mid")))
    mf.read()
    mf.close()
    events = [e for t in mf.tracks for e in t.events if not isinstance(e, midi.DeltaTime)]
    ons = [e for e in events if e.type == midi.ChannelVoiceMessages.NOTE_ON and e.velocity > 0]
    assert [e.pitch for e in ons] == [60, 64]
    assert all(e.channel != 10 for e in ons)
    changes = {(e.channel, e.data) for e in events if e.type == midi.ChannelVoiceMessages.PROGRAM_CHANGE}
    assert changes == {(ons[0].channel, program)}
