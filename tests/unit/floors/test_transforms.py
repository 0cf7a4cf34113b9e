"""Transforms: each states a musical fact about what the new motif must sound like."""
from __future__ import annotations

from fractions import Fraction

import pytest

from scoring import BRIGHTNESS, Motif, ScoringError
from scoring.core import transforms as T
from support import SCALE_STEPS


NAMED = {"ionian": "major", "aeolian": "minor"}


def scale_motif(key: str = "C major") -> Motif:
    """C4 D4 E4 F4 G4 A4 B4 C5 in the given key's spelling."""
    return Motif.from_notes("C4 D4 E4 F4 G4 A4 B4 C5".split(), key=key)


# ---------------------------------------------------------------- transpose and octave
def test_semitones_of_interval_names():
    """A perfect fifth is 7 semitones, a minor third 3, a major second 2, an octave 12; '-' is down."""
    assert [T.semitones(x) for x in ("P5", "-m3", "M2", "-M2", "P8", "M3", "m7", "P4", "A4")] == [7, -3, 2, -2, 12, 4, 10, 5, 6]
    assert T.semitones(-5) == -5


def test_transpose_by_fifth_moves_every_note_and_the_key(hero):
    """Up a perfect fifth: every note +7 semitones, C major becomes G major, rhythm unchanged."""
    up = hero.transpose("P5")
    assert up.midi == [p + 7 for p in hero.midi]
    assert up.key == "G major"
    assert up.pitches == ["G4", "B4", "D5", "G5"]
    assert up.durations == hero.durations
    assert (up.tempo, up.instrument, up.name) == (hero.tempo, hero.instrument, hero.name)


def test_transpose_down_minor_third(hero):
    """Down a minor third: C major becomes A major and E becomes C sharp."""
    down = hero.transpose("-m3")
    assert down.midi == [p - 3 for p in hero.midi]
    assert down.key == "A major"
    assert down.pitches == ["A3", "C#4", "E4", "A4"]


@pytest.mark.parametrize("n", [-12, -5, -1, 0, 1, 2, 6, 11])
def test_transpose_by_semitones(hero, n):
    """An integer is a number of semitones; the key's tonic moves by the same amount."""
    m = hero.transpose(n)
    assert m.midi == [p + n for p in hero.midi]
    tonic_pc = {"C": 0, "C#": 1, "Db": 1, "D": 2, "D#": 3, "Eb": 3, "E": 4, "F": 5, "F#": 6, "Gb": 6,
                "G": 7, "G#": 8, "Ab": 8, "A": 9, "A#": 10, "Bb": 10, "B": 11}[m.key.split()[0]]
    assert tonic_pc == n % 12 and m.key.endswith("major")


def test_transpose_keeps_mode_and_rests():
    """A D dorian motif a tone up is in E dorian; rests stay rests."""
    m = Motif.from_notes(["D4", None, "F4"], key="D dorian").transpose(2)
    assert m.key == "E dorian" and m.midi == [64, None, 67]


def test_transpose_spells_flat_keys_with_flats():
    """C major up a minor third is Eb major, spelled Eb G Bb."""
    m = Motif.from_notes(["C4", "E4", "G4"], key="C major").transpose("m3")
    assert m.key == "Eb major" and m.pitches == ["Eb4", "G4", "Bb4"]


def test_octave(hero):
    """octave(n) moves by 12n semitones: register, same key."""
    assert hero.octave(1).midi == [72, 76, 79, 84]
    assert hero.octave(-2).midi == [36, 40, 43, 48]
    assert hero.octave().midi == hero.octave(1).midi
    assert hero.octave(-1).key == "C major"
    assert hero.octave(-1).pitches == ["C3", "E3", "G3", "C4"]


def test_octave_keeps_the_keys_spelling():
    """An octave lower is the same key: a Gb major motif stays in Gb major, spelled with flats."""
    gb = Motif.from_notes(["Gb4", "Bb4", "Db5"], key="Gb major")
    assert gb.octave(1).key == "Gb major"
    assert gb.octave(1).pitches == ["Gb5", "Bb5", "Db6"]
    assert Motif.from_notes(["Eb4", "Gb4", "Bb4"], key="Eb minor").octave(-1).key == "Eb minor"


# ---------------------------------------------------------------- inversion and retrograde
def test_chromatic_inversion_mirrors_intervals(hero):
    """Around its first note, C-E-G-C' (up 4, 3, 5) becomes C-Ab-F-C (down 4, 3, 5)."""
    inv = hero.invert()
    assert inv.midi == [60, 56, 53, 48]
    assert inv.pitches == ["C4", "Ab3", "F3", "C3"]
    assert inv.durations == hero.durations


def test_chromatic_inversion_around_an_axis(hero):
    """Around E4 every pitch p goes to 2*64 - p; the axis may be a name or a MIDI number."""
    assert hero.invert("E4").midi == [68, 64, 61, 56]
    assert hero.invert(64).midi == [68, 64, 61, 56]


def test_chromatic_inversion_twice_is_the_same_motif():
    """Mirroring twice around the first note is the identity, key included."""
    d = Motif.from_notes(["D4", "F4", "A4", "C5", "B4"], key="D dorian")
    assert d.invert().invert().midi == d.midi
    assert d.invert().invert() == d


def test_diatonic_inversion_stays_in_the_key(hero):
    """Mirrored by scale steps in C major, a major third up (C-E) answers as a third down (C-A)."""
    inv = hero.invert(diatonic=True)
    assert inv.pitches == ["C4", "A3", "F3", "C3"]
    assert inv.key == "C major"
    c_major = set(SCALE_STEPS["major"])
    assert all(p % 12 in c_major for p in inv.midi)


def test_diatonic_inversion_around_an_axis(hero):
    """Around E4 in C major: C (two steps below) -> G (two steps above), G -> C, C5 -> G3."""
    assert hero.invert("E4", diatonic=True).pitches == ["G4", "E4", "C4", "G3"]


def test_diatonic_inversion_in_a_minor_key():
    """In A minor around A4: C5 (two steps up) mirrors to F4 (two steps down), B4 to G4."""
    m = Motif.from_notes(["A4", "C5", "B4", "E5"], key="A minor").invert(diatonic=True)
    assert m.pitches == ["A4", "F4", "G4", "D4"]


def test_retrograde(hero):
    """Backwards: notes, rests and durations in reverse order."""
    m = Motif.from_notes(["C4", None, "E4", "G4"], durations=[1, 0.5, 2, 0.25], key="C major")
    r = m.retrograde()
    assert r.midi == [67, 64, None, 60]
    assert r.durations == [0.25, 2.0, 0.5, 1.0]
    assert hero.retrograde().pitches == ["C5", "G4", "E4", "C4"]


def test_retrograde_inversion(hero):
    """The inversion (around the original's first note) played backwards."""
    assert hero.retrograde_inversion().pitches == ["C3", "F3", "Ab3", "C4"]
    assert hero.retrograde_inversion(diatonic=True).pitches == ["C3", "F3", "A3", "C4"]
    assert hero.retrograde_inversion("E4").midi == [56, 61, 64, 68]
    assert hero.retrograde_inversion().durations == [2.0, 1.0, 1.0, 1.0]


def test_inversion_axis_skips_leading_rests():
    """The default axis is the first sounding note, not a rest."""
    m = Motif.from_notes([None, "D4", "F4"], key="D minor")
    assert m.invert().midi == [None, 62, 59]


# ---------------------------------------------------------------- rhythm
def test_augment_doubles_note_values():
    """augment(2) doubles every note value; the tempo (the beat) stays."""
    m = Motif.parse("c4 e8 g8 r4", tempo=90)
    a = m.augment(2)
    assert [n.duration for n in a.notes] == [2 * n.duration for n in m.notes]
    assert a.tempo == 90.0 and a.duration_seconds == pytest.approx(2 * m.duration_seconds)
    assert m.augment().durations == a.durations


def test_augment_and_diminish_by_ratios():
    """Factors may be 3/2 or 1.5: a quarter becomes a dotted quarter; triplets stay exact."""
    m = Motif.from_notes(["C4", "D4", "E4"], durations=[1, "1/3", "2/3"], key="C major")
    assert [n.duration for n in m.augment(1.5).notes] == [Fraction(3, 2), Fraction(1, 2), Fraction(1)]
    assert [n.duration for n in m.augment(Fraction(3, 2)).notes] == [Fraction(3, 2), Fraction(1, 2), Fraction(1)]
    assert [n.duration for n in m.diminish(2).notes] == [Fraction(1, 2), Fraction(1, 6), Fraction(1, 3)]
    assert [n.duration for n in m.diminish(Fraction(2, 3)).notes] == [Fraction(3, 2), Fraction(1, 2), Fraction(1)]


def test_diminish_halves_note_values(hero):
    """diminish(2): twice as fast, same pitches."""
    d = hero.diminish(2)
    assert d.durations == [0.5, 0.5, 0.5, 1.0] and d.midi == hero.midi
    assert d.duration_seconds == pytest.approx(hero.duration_seconds / 2)


# ---------------------------------------------------------------- modes
def test_major_to_minor_flattens_third_sixth_seventh():
    """C major -> C minor: E, A, B become Eb, Ab, Bb; C, D, F, G stay."""
    m = scale_motif().to_mode("minor")
    assert m.pitches == ["C4", "D4", "Eb4", "F4", "G4", "Ab4", "Bb4", "C5"]
    assert m.key == "C minor"


def test_hero_to_minor(hero):
    """The hero's major triad C-E-G becomes the minor triad C-Eb-G."""
    assert hero.to_mode("minor").pitches == ["C4", "Eb4", "G4", "C5"]


def test_minor_to_major_raises_third_sixth_seventh():
    """A minor -> A major: C, F, G become C#, F#, G#."""
    m = Motif.from_notes("A3 B3 C4 D4 E4 F4 G4 A4".split(), key="A minor").to_mode("major")
    assert m.pitches == ["A3", "B3", "C#4", "D4", "E4", "F#4", "G#4", "A4"]
    assert m.key == "A major"


#: The C scale in each church mode (textbook).
CHURCH = {
    "ionian": "C D E F G A B",
    "dorian": "C D Eb F G A Bb",
    "phrygian": "C Db Eb F G Ab Bb",
    "lydian": "C D E F# G A B",
    "mixolydian": "C D E F G A Bb",
    "aeolian": "C D Eb F G Ab Bb",
    "locrian": "C Db Eb F Gb Ab Bb",
}


@pytest.mark.parametrize("mode", sorted(CHURCH))
def test_church_modes_keep_scale_degrees(mode):
    """The C major scale moved into each church mode on C gives that mode's scale, degree by degree."""
    m = scale_motif().to_mode(mode)
    want = [f"{n}4" for n in CHURCH[mode].split()] + ["C5"]
    assert m.pitches == want
    assert m.key == f"C {NAMED.get(mode, mode)}"  # Ionian and Aeolian are named major and minor
    steps = [p - 60 for p in m.midi[:7]]
    assert tuple(steps) == SCALE_STEPS[mode]


def test_lydian_raises_the_fourth_phrygian_lowers_the_second(hero):
    """Lydian's sharp 4 and Phrygian's flat 2 are the only changes from major / minor."""
    tune = Motif.from_notes(["C4", "D4", "F4", "G4"], key="C major")
    assert tune.to_mode("lydian").midi == [60, 62, 66, 67]
    assert tune.to_mode("phrygian").midi == [60, 61, 65, 67]


def test_to_mode_keeps_register_and_rhythm():
    """B3 below a C-major tonic stays below it in C minor (Bb3), and durations are untouched."""
    m = Motif.from_notes(["B3", "C4", "E5"], durations=[0.5, 1, 2], key="C major").to_mode("minor")
    assert m.pitches == ["Bb3", "C4", "Eb5"]
    assert m.durations == [0.5, 1.0, 2.0]


def test_to_mode_from_a_mode_to_another():
    """D dorian -> D phrygian lowers only the second degree (E to Eb)."""
    m = Motif.from_notes("D4 E4 F4 G4 A4 B4 C5 D5".split(), key="D dorian").to_mode("phrygian")
    assert m.pitches == ["D4", "Eb4", "F4", "G4", "A4", "Bb4", "C5", "D5"]


def test_to_mode_other_tonic():
    """G major -> G minor: B, E, F# become Bb, Eb, F."""
    m = Motif.from_notes("G3 A3 B3 C4 D4 E4 F#4 G4".split(), key="G major").to_mode("minor")
    assert m.pitches == ["G3", "A3", "Bb3", "C4", "D4", "Eb4", "F4", "G4"]
    assert m.key == "G minor"


def test_to_mode_names_are_case_insensitive():
    assert scale_motif().to_mode("Dorian").key == "C dorian"


def test_modes_from_bright_to_dark():
    """In BRIGHTNESS order each mode has no more raised degrees than the one before: the sum of
    its scale steps never grows (Lydian is brightest, Locrian darkest)."""
    sums = [sum(p - 60 for p in scale_motif().to_mode(m).midi[:7]) for m in BRIGHTNESS]
    assert sums == sorted(sums, reverse=True) and len(set(sums)) == 7


def test_to_mode_leaves_chromatic_notes_where_they_are():
    """C major with a chromatic F#: in C lydian the scale's F rises to F#, the chromatic F# stays
    (so the two meet), and G stays; nothing is pushed onto a neighbour."""
    m = Motif.from_notes(["F4", "F#4", "G4", "Bb4"], key="C major").to_mode("lydian")
    assert m.midi == [66, 66, 67, 70]


def test_flat_seventh_stays_in_minor():
    """A borrowed Bb (the flat 7th) in a C major tune is C minor's own 7th: it stays Bb."""
    m = Motif.from_notes(["C4", "Bb3", "C4"], key="C major").to_mode("minor")
    assert m.pitches == ["C4", "Bb3", "C4"]


# ---------------------------------------------------------------- development
def test_fragment(hero):
    """fragment uses Python slice positions and names the cell."""
    f = hero.fragment(0, 2)
    assert f.pitches == ["C4", "E4"] and f.name == "Hero [0:2]"
    assert hero.fragment(2).pitches == ["G4", "C5"] and hero.fragment(2).name == "Hero [2:]"
    assert hero.fragment(-2).pitches == ["G4", "C5"]
    assert hero.fragment().midi == hero.midi
    assert f.key == hero.key and f.tempo == hero.tempo


def test_sequence_diatonic():
    """A rising diatonic sequence of C-D-E by steps 0, 1, 2: D-E-F then E-F-G (F natural in C major)."""
    m = Motif.from_notes(["C4", "D4", "E4"], key="C major").sequence([0, 1, 2])
    assert m.pitches == ["C4", "D4", "E4", "D4", "E4", "F4", "E4", "F4", "G4"]
    assert m.durations == [1.0] * 9


def test_sequence_chromatic_and_descending(hero):
    """diatonic=False moves by semitones; negative steps descend."""
    assert hero.sequence([0, 2], diatonic=False).midi == hero.midi + [p + 2 for p in hero.midi]
    down = Motif.from_notes(["E4", "G4"], key="C major").sequence([0, -1, -2])
    assert down.pitches == ["E4", "G4", "D4", "F4", "C4", "E4"]


def test_sequence_keeps_rests():
    m = Motif.from_notes(["C4", None], key="C major").sequence([0, 4])
    assert m.midi == [60, None, 67, None]


def test_expand_intervals(hero):
    """Doubling C-D-E (steps 2, 2) gives C-E-G#; halving C-E-G# gives back C-D-E; -1 mirrors."""
    cde = Motif.from_notes(["C4", "D4", "E4"], key="C major")
    assert cde.expand_intervals(2).midi == [60, 64, 68]
    assert Motif.from_notes([60, 64, 68], key="C major").expand_intervals(0.5).midi == [60, 62, 64]
    assert hero.expand_intervals(-1).midi == hero.invert().midi
    assert hero.expand_intervals(1).midi == hero.midi
    assert hero.expand_intervals(0).midi == [60] * 4
    assert hero.expand_intervals(Fraction(3, 2)).durations == hero.durations


def test_expand_intervals_skips_rests():
    """Intervals are measured between sounding notes, across rests."""
    m = Motif.from_notes(["C4", None, "E4"], key="C major").expand_intervals(2)
    assert m.midi == [60, None, 68]


# ---------------------------------------------------------------- settings
def test_with_tempo(hero):
    m = hero.with_tempo(60)
    assert m.tempo == 60.0 and m.duration_seconds == pytest.approx(5.0)
    assert m.midi == hero.midi and m.durations == hero.durations


@pytest.mark.parametrize("given, name, program", [
    ("cello", "Cello", 42), ("Flute", "Flute", 73), ("TRUMPET", "Trumpet", 56), ("horn", "French Horn", 60),
    ("strings", "String Ensemble 1", 48), ("honky-tonk piano", "Honky-tonk Piano", 3), (0, "Acoustic Grand Piano", 0),
    ("  french   horn ", "French Horn", 60),
    (40, "Violin", 40),
])
def test_with_instrument(hero, given, name, program):
    """Instruments by General MIDI name (any case), everyday alias, or program number."""
    m = hero.with_instrument(given)
    assert (m.instrument, m.program) == (name, program)
    assert m.midi == hero.midi


def test_instrument_names_ignore_hyphens(hero):
    """program_for simplifies hyphens to spaces, so 'honky tonk piano' is the Honky-tonk Piano."""
    assert hero.with_instrument("honky tonk piano").instrument == "Honky-tonk Piano"


def test_with_dynamics(hero):
    """Every note at one level, by mark or by velocity."""
    assert hero.with_dynamics("pp").velocities == [33] * 4
    assert hero.with_dynamics("ff").velocities == [112] * 4
    assert hero.with_dynamics(90).velocities == [90] * 4
    assert hero.with_dynamics("pp").midi == hero.midi


def test_transform_functions_match_methods(hero):
    """Each method is the function of the same name in scoring.core.transforms."""
    assert T.invert(hero) == hero.invert()
    assert T.retrograde(hero) == hero.retrograde()
    assert T.transpose(hero, "P4") == hero.transpose("P4")
    assert T.augment(hero, 2) == hero.augment(2)
    assert T.to_mode(hero, "dorian") == hero.to_mode("dorian")
    assert T.fragment(hero, 1, 3) == hero.fragment(1, 3)


def test_chained_transforms(hero):
    """The course's first chain: minor, twice as slow, summary as documented."""
    m = hero.to_mode("minor").augment(2)
    assert m.summary() == "Hero: C4 Eb4 G4 C5 | C minor | 4/4 | 96 BPM | French Horn | 6.2 s"
