"""Properties that hold for every valid motif (hypothesis).

Involutions (retrograde, inversion, transposition there and back, augmentation then
diminution), exact duration arithmetic, file round-trips, and: no transform ever fails with
anything but a ScoringError.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from scoring import BRIGHTNESS, Motif, Note, ScoringError
from support import (MAJOR_MINOR_KEYS, QUARTER_GRID, SCALE_STEPS, TONIC_PC, TRIPLET_GRID, motifs,
                     scale_pitches)

pytestmark = pytest.mark.slow  # hypothesis round trips through music21: the full run has them

@pytest.fixture(scope="module")
def fresh_path(tmp_path_factory):
    """Make a new file path per example (hypothesis runs many examples in one test call, and
    music21 caches parsed files by path)."""
    folder = tmp_path_factory.mktemp("round-trips")
    counter = itertools.count()
    return lambda suffix: folder / f"motif{next(counter)}{suffix}"


def same_notes(a: Motif, b: Motif) -> bool:
    return a.midi == b.midi and [n.duration for n in a.notes] == [n.duration for n in b.notes]


def heard(m: Motif) -> list[tuple[int | None, Fraction]]:
    """(pitch, duration) pairs as heard: consecutive rests sound as one rest of their total length."""
    out: list[tuple[int | None, Fraction]] = []
    for n in m.notes:
        if n.is_rest and out and out[-1][0] is None:
            out[-1] = (None, out[-1][1] + n.duration)
        else:
            out.append((n.pitch, n.duration))
    return out


def same_key(a: str, b: str) -> bool:
    """Keys are the same when tonic pitch class and mode agree (C# major is Db major)."""
    (ta, ma), (tb, mb) = a.split(), b.split()
    return TONIC_PC[ta] == TONIC_PC[tb] and ma == mb


# ---------------------------------------------------------------- involutions
@given(motifs())
def test_retrograde_twice_is_identity(m):
    """Backwards and backwards again is the original motif (all fields)."""
    assert m.retrograde().retrograde() == m


@given(motifs())
def test_retrograde_reverses_notes(m):
    """The retrograde's i-th note is the original's i-th from the end, duration and all."""
    assert m.retrograde().notes == tuple(reversed(m.notes))
    assert m.retrograde().quarter_length == m.quarter_length


@given(motifs())
def test_chromatic_inversion_twice_is_identity(m):
    """Mirroring around the first note twice gives back every pitch, duration and velocity
    (the key is re-estimated: see test_transforms.test_chromatic_inversion_twice_is_the_same_motif)."""
    try:
        once = m.invert()
    except ScoringError:
        assume(False)
    assert same_notes(once.invert(), m)
    assert once.invert().velocities == m.velocities


@given(motifs())
def test_chromatic_inversion_mirrors_every_interval(m):
    """Every melodic interval of the inversion is the original's interval negated."""
    try:
        inv = m.invert()
    except ScoringError:
        assume(False)
    ps = [p for p in m.midi if p is not None]
    qs = [p for p in inv.midi if p is not None]
    assert [b - a for a, b in zip(qs, qs[1:])] == [-(b - a) for a, b in zip(ps, ps[1:])]
    assert qs[0] == ps[0]


@given(motifs(scale_only=True))
def test_diatonic_inversion_twice_is_identity(m):
    """For a motif inside its key's scale, mirroring by scale steps twice is the identity,
    and the inversion stays inside the scale."""
    try:
        once = m.invert(diatonic=True)
    except ScoringError:
        assume(False)
    scale = set(scale_pitches(m.key))
    assert all(p in scale for p in once.midi if p is not None)
    assert once.key == m.key
    assert once.invert(diatonic=True) == m


@given(motifs(), st.integers(-24, 24))
def test_transpose_there_and_back_is_identity(m, n):
    """Up n semitones then down n gives the same notes and the same key."""
    try:
        up = m.transpose(n)
    except ScoringError:
        assume(False)
    assert up.midi == [None if p is None else p + n for p in m.midi]
    back = up.transpose(-n)
    assert same_notes(back, m) and back.velocities == m.velocities
    assert same_key(back.key, m.key)


@given(motifs(), st.sampled_from(["P5", "-P5", "M3", "-m3", "P8", "-M2", "m7", "P4"]))
def test_transpose_by_name_moves_the_tonic_by_the_same_interval(m, name):
    """Transposing by a named interval moves every note and the key's tonic by its semitones."""
    from scoring.core.transforms import semitones

    try:
        up = m.transpose(name)
    except ScoringError:
        assume(False)
    n = semitones(name)
    assert up.midi == [None if p is None else p + n for p in m.midi]
    assert (TONIC_PC[up.key.split()[0]] - TONIC_PC[m.key.split()[0]]) % 12 == n % 12
    assert up.key.split()[1] == m.key.split()[1]


@given(motifs(), st.sampled_from([2, 3, Fraction(3, 2), 1.5]))
def test_augment_then_diminish_is_identity(m, f):
    """Stretching every note by f and shrinking by f gives the original exactly."""
    try:
        longer = m.augment(f)
    except ScoringError:
        assume(False)
    assert longer.diminish(f) == m


@given(motifs(), st.sampled_from([2, 3, Fraction(3, 2), Fraction(1, 2), Fraction(4, 3)]))
def test_augment_scales_every_duration_exactly(m, f):
    """notes[i].duration is multiplied by exactly f (Fraction arithmetic, no rounding), and the
    length in seconds by f too."""
    try:
        a = m.augment(f)
    except ScoringError:
        assume(False)
    for before, after in zip(m.notes, a.notes):
        assert after.duration == before.duration * Fraction(f)
        assert isinstance(after.duration, Fraction)
    assert a.quarter_length == m.quarter_length * Fraction(f)
    assert a.duration_seconds == pytest.approx(m.duration_seconds * float(f))
    assert a.midi == m.midi


@given(motifs(), st.sampled_from([2, 3, Fraction(3, 2)]))
def test_diminish_divides_every_duration_exactly(m, f):
    try:
        d = m.diminish(f)
    except ScoringError:
        assume(False)
    assert [n.duration for n in d.notes] == [n.duration / Fraction(f) for n in m.notes]


@given(motifs())
def test_duration_seconds_formula(m):
    """Length in seconds = quarter notes * 60 / BPM."""
    assert m.duration_seconds == pytest.approx(float(sum(n.duration for n in m.notes)) * 60 / m.tempo)


@given(motifs(keys=("C major", "G major", "F major", "Eb major", "A major")), st.sampled_from(list(BRIGHTNESS) + ["minor"]))
def test_to_mode_of_a_scale_motif_lands_in_the_target_scale(m, mode):
    """A motif inside a major scale, moved to another mode on the same tonic, is inside that mode's
    scale, keeps each note within a semitone, and keeps its rhythm."""
    pitched = [p for p in m.midi if p is not None]
    assume(all(p in set(scale_pitches(m.key)) for p in pitched))
    try:
        moved = m.to_mode(mode)
    except ScoringError:
        assume(False)
    tonic = m.key.split()[0]
    target = {(TONIC_PC[tonic] + s) % 12 for s in SCALE_STEPS[mode]}
    assert all(p % 12 in target for p in moved.midi if p is not None)
    assert all(abs(a - b) <= 1 for a, b in zip(m.midi, moved.midi) if a is not None)
    assert moved.durations == m.durations
    assert moved.key.split()[1] == {"ionian": "major", "aeolian": "minor"}.get(mode, mode)


# ---------------------------------------------------------------- round-trips through files
def complete_the_bar(m: Motif) -> Motif:
    """The motif with one more note (the tonic's G, MIDI 67) filling its last 4/4 bar."""
    gap = -m.quarter_length % 4
    return m if gap == 0 else m.with_notes(m.notes + (Note(67, gap, 80),))


def check_musicxml_round_trip(m: Motif, path) -> None:
    m.to_musicxml(path)
    back = Motif.from_file(path)
    assert heard(back) == heard(m)
    assert back.tempo == pytest.approx(m.tempo)
    assert back.instrument == m.instrument
    assert back.key == m.key
    assert back.time_signature == m.time_signature
    assert back.name == m.name


@settings(max_examples=30)
@given(motifs(end_on_note=True).map(complete_the_bar))
def test_musicxml_round_trip_of_whole_bars(fresh_path, m):
    """Export to MusicXML and read back a motif that fills whole 4/4 bars and ends on a note:
    the same notes and rests as heard (two rests in a row may come back as one), tempo,
    instrument, key, metre and name."""
    check_musicxml_round_trip(m, fresh_path(".musicxml"))


@settings(max_examples=30)
@example(Motif((Note(60, Fraction(3, 4)),), key="C major"))
@example(Motif((Note(36, Fraction(1, 3)),), key="C major"))
@given(motifs(end_on_note=True))
def test_musicxml_round_trip(fresh_path, m):
    """Export to MusicXML and read back any motif (one that does not fill its last bar too):
    the file must not add rests the motif did not have."""
    check_musicxml_round_trip(m, fresh_path(".musicxml"))


def check_midi_round_trip(m: Motif, path) -> None:
    m.to_midi(path)
    back = Motif.from_file(path)
    assert heard(back) == heard(m)
    assert [v for v, p in zip(back.velocities, back.midi) if p is not None] == \
        [v for v, p in zip(m.velocities, m.midi) if p is not None]
    assert back.tempo == pytest.approx(m.tempo, abs=1e-3)
    assert back.instrument == m.instrument
    assert same_key(back.key, m.key)
    assert back.name == m.name


@settings(max_examples=30)
@given(motifs(durations=QUARTER_GRID, keys=MAJOR_MINOR_KEYS, end_on_note=True))
def test_midi_round_trip_quarter_grid(fresh_path, m):
    """Export to MIDI and read back, durations on a 1/4 grid: the same notes and rests as heard,
    velocities, tempo, instrument, key and name. (MIDI key signatures only know major and
    minor, so church modes are not tried.)"""
    check_midi_round_trip(m, fresh_path(".mid"))


@settings(max_examples=30)
@example(Motif((Note(60, Fraction(1, 3)), Note(None, Fraction(2, 3)), Note(62, Fraction(1))), key="C major"))
@given(motifs(durations=TRIPLET_GRID, keys=MAJOR_MINOR_KEYS, end_on_note=True))
def test_midi_round_trip_triplet_grid(fresh_path, m):
    """Export to MIDI and read back, durations on a 1/3 grid (triplets): the same notes and rests as heard."""
    check_midi_round_trip(m, fresh_path(".mid"))


# ---------------------------------------------------------------- robustness
TRANSFORMS = [
    ("transpose", lambda m, d: m.transpose(d.draw(st.integers(-30, 30) | st.sampled_from(["P5", "-m3", "M2", "P8"])))),
    ("octave", lambda m, d: m.octave(d.draw(st.integers(-3, 3)))),
    ("invert", lambda m, d: m.invert()),
    ("invert axis", lambda m, d: m.invert(d.draw(st.integers(0, 127)))),
    ("invert diatonic", lambda m, d: m.invert(diatonic=True)),
    ("invert diatonic axis", lambda m, d: m.invert(d.draw(st.sampled_from(["C4", "G3", "Bb4", "F#5"])), diatonic=True)),
    ("retrograde", lambda m, d: m.retrograde()),
    ("retrograde_inversion", lambda m, d: m.retrograde_inversion(diatonic=d.draw(st.booleans()))),
    ("augment", lambda m, d: m.augment(d.draw(st.sampled_from([2, 3, 1.5, Fraction(4, 3), 16])))),
    ("diminish", lambda m, d: m.diminish(d.draw(st.sampled_from([2, 3, 1.5, Fraction(4, 3), 8])))),
    ("to_mode", lambda m, d: m.to_mode(d.draw(st.sampled_from(list(BRIGHTNESS) + ["major", "minor"])))),
    ("fragment", lambda m, d: m.fragment(d.draw(st.integers(-30, 30)), d.draw(st.none() | st.integers(-30, 30)))),
    ("sequence", lambda m, d: m.sequence(d.draw(st.lists(st.integers(-10, 10), min_size=1, max_size=4)),
                                         diatonic=d.draw(st.booleans()))),
    ("expand_intervals", lambda m, d: m.expand_intervals(d.draw(st.sampled_from([-2, -1, 0, 0.5, 1.5, 2, 3])))),
    ("with_tempo", lambda m, d: m.with_tempo(d.draw(st.integers(10, 450)))),
    ("with_instrument", lambda m, d: m.with_instrument(d.draw(st.integers(0, 127)))),
    ("with_dynamics", lambda m, d: m.with_dynamics(d.draw(st.sampled_from(["ppp", "p", "mf", "fff", 1, 127])))),
    ("add", lambda m, d: m + m),
]


@settings(max_examples=50)
@given(motifs(), st.data())
def test_no_transform_crashes(m, data):
    """Every transform, applied (twice in a row) to any valid motif, returns a Motif or raises
    ScoringError, never another exception."""
    for name, apply in TRANSFORMS:
        current = m
        for _ in range(2):
            try:
                current = apply(current, data)
            except ScoringError:
                break
            assert isinstance(current, Motif), name
