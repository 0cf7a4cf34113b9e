"""Genre as data: recipes of signifiers (mode, harmony, metre, rhythm, register, timbre) that turn any
motif into a western, a crime/noir cue, science fiction, horror, a romance, an adventure or a comedy,
and a detector that reads those signifiers back out of any music and says which genre they point to.

Tagg & Clarida (*Ten Little Title Tunes*, 2003) played title tunes without their pictures and found
that listeners named the same images from the same musical features. Each :class:`Recipe` lists the
features it encodes and where they come from; :func:`in_genre` applies one to any motif and
:func:`signifiers` / :func:`genre_scores` hear them again.

>>> from scoring import Motif
>>> theme = Motif.parse("4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2", name="Theme")
>>> in_genre(theme, "western").summary()
'Theme (western): melody (Harmonica), harmony (String Ensemble 1), bass (Contrabass), pulse (Acoustic Guitar (steel)) | C mixolydian | 6/8 | 168 BPM (♩. = 112) | 8.6 s'
>>> guess(in_genre(theme, "western"))
'western'

Lesson: lessons/08_genre.ipynb
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Sequence

from scoring.core.cue import Chord, Cue, Layer
from scoring.core.instruments import GM_SYNTHS
from scoring.core.motif import Motif
from scoring.core.notes import Note, velocity_for
from scoring.core.pitch import note_name, parse_key
from scoring.core.time import TempoMap, is_compound
from scoring.errors import ScoringError
from scoring.harmony import bar_length, beat_length, spans
from scoring.mood import lift
from scoring.render import checks
from scoring.render.files import readable_file, writable_path

__all__ = ["GENRES", "EXPERIMENT_ORDER", "Recipe", "RECIPES", "DIES_IRAE", "DIES_IRAE_INTERVALS", "DIES_IRAE_CELL", "recipe", "to_compound", "in_genre",
           "Signifier", "signifiers", "genre_scores", "guess", "strong_beat_clashes", "experiment_clips",
           "ANSWER_FIELDS", "record_answers", "read_answers", "tally", "reveal_table"]

#: The genres, in the order the lesson plays them.
GENRES = ("western", "noir", "sci-fi", "horror", "romance", "adventure", "comedy")
#: The order of the classroom experiment's unlabelled clips: the answer key. The lesson imports it
#: only in the reveal, so the players above give nothing away.
EXPERIMENT_ORDER = ("horror", "western", "romance", "sci-fi", "comedy", "noir", "adventure")

#: The *Dies irae* (13th-century chant, Mass for the dead; public domain), line 1 as the Liber Usualis
#: gives it: F E F D E C D D, seven equal notes and a held eighth. Chant has no bars; 3/4 is only a container.
DIES_IRAE = "3/4 f4 e f d e c d d2"
#: Its melodic intervals in semitones: F-E-F-D-E-C-D-D.
DIES_IRAE_INTERVALS = (-1, 1, -3, 2, -4, 2, 0)
#: Its first four notes, the cell composers quote: down a semitone, up a semitone, down a minor third.
DIES_IRAE_CELL = (-1, 1, -3)


@dataclass(frozen=True)
class Recipe:
    """A genre as data: what to do to the melody (mode, metre, tempo, register, instrument), which
    chords may go under it (pitch classes above the tonic, root first; the first is home), how the
    accompaniment moves, and the signifiers this encodes, with their source.

    Examples
    --------
    >>> western = RECIPES["western"]
    >>> western.mode, western.compound, western.chords[:2]
    ('mixolydian', True, ((0, 7), (0, 5, 10)))

    Lesson: lessons/08_genre.ipynb
    """

    name: str
    mode: str
    tempo: float                              # quarter notes a minute
    melody: str
    harmony: str
    bass: str
    chords: tuple[tuple[int, ...], ...]
    compound: bool = False                    # quarter beats become dotted-quarter beats (4/4 -> 6/8)
    melody_octave: int = 0
    dynamics: str = "mf"
    articulation: str = "legato"
    move: bool = False                        # the middle bars leave the home chord
    clashes: bool = False                     # dissonance on strong beats is the point
    harmony_rhythm: str = "sustain"           # sustain | offbeat
    bass_line: str = "root"                   # root | ostinato | strong beats | dies irae
    pulse: str | None = None                  # gallop | arpeggio | harp | march
    pulse_instrument: str = ""
    intro: str = ""                           # what the one-bar intro plays, in words
    intro_chords: tuple[tuple[int, ...], ...] = ()   # chords of the intro bar (one a beat, the last held); home if empty
    features: tuple[str, ...] = ()
    source: str = ""
    films: str = ""


_MAJOR = (0, 4, 7)
RECIPES: dict[str, Recipe] = {
    "western": Recipe(
        "western", "mixolydian", 168, "Harmonica", "String Ensemble 1", "Contrabass",
        chords=((0, 7), (0, 5, 10), (5, 0), (10, 5), (7, 2), (2, 7, 0), (9, 2, 7)), compound=True,
        pulse="gallop", pulse_instrument="Acoustic Guitar (steel)",
        intro="the gallop alone, on an open fifth",
        features=("Mixolydian melody (flat seventh)", "open fifths", "quartal chords (stacked fourths)",
                  "compound metre (6/8)", "galloping long-short rhythm", "harmonica and steel guitar"),
        source="Tagg & Clarida, Ten Little Title Tunes (2003), on the western's signifiers: open fifths and "
               "fourths, pentatonic and modal tunes, the galloping 6/8",
        films="The Magnificent Seven (Elmer Bernstein, 1960); Once Upon a Time in the West (Ennio Morricone, 1968)"),
    "noir": Recipe(
        "noir", "minor", 76, "Tenor Sax", "Electric Piano 1", "Acoustic Bass",
        chords=((0, 3, 7, 11), (0, 3, 7, 9), (5, 8, 0, 2), (2, 5, 8, 0), (7, 10, 2, 5), (1, 5, 8, 11)),
        dynamics="mp", articulation="normal", bass_line="ostinato",
        intro="the bass ostinato under the minor-major seventh",
        features=("minor mode", "minor-major seventh", "flat fifths (half-diminished chords, the flat-five "
                  "substitute)", "pulsing bass ostinato", "saxophone, electric piano, acoustic bass"),
        source="Tagg & Clarida, Ten Little Title Tunes (2003), on crime and detective title tunes: minor-key "
               "jazz, flat fifths, the minor-major seventh, a pulsing ostinato",
        films="The Naked City (1948); Peter Gunn (Henry Mancini, TV 1958); Chinatown (Jerry Goldsmith, 1974)"),
    "sci-fi": Recipe(
        "sci-fi", "lydian", 84, "Lead 1 (square)", "Pad 7 (halo)", "Synth Bass 1",
        chords=(_MAJOR, (4, 8, 11), (8, 0, 3), (9, 1, 4), (3, 7, 10), (2, 6, 9)), move=True,
        pulse="arpeggio", pulse_instrument="Lead 2 (sawtooth)",
        intro="a whole-tone scale rising over the tonic",
        features=("Lydian melody (raised fourth)", "chromatic mediants (major chords a third apart)",
                  "a whole-tone run", "electronic timbres (square lead, pad, synth bass, sawtooth arpeggio)"),
        source="Lehman, Hollywood Harmony (2018) on chromatic mediants and the Lydian 'wonder'; electronic "
               "sound on film since the Barrons' Forbidden Planet (1956)",
        films="Forbidden Planet (Louis and Bebe Barron, 1956); Close Encounters of the Third Kind (John Williams, 1977)"),
    "horror": Recipe(
        "horror", "locrian", 60, "Violin", "Tremolo Strings", "Tuba",
        chords=((0, 1, 2, 3),), melody_octave=2, dynamics="p", clashes=True, bass_line="dies irae",
        intro="a low cluster and the Dies irae in the bass",
        features=("Locrian melody (flat second, flat fifth: tritones)", "clusters", "the Dies irae",
                  "extreme registers (violins very high, tuba low)", "tremolo strings"),
        source="the Dies irae as a death signifier since Berlioz's Symphonie fantastique (1830), on film in "
               "The Shining's main title (Wendy Carlos and Rachel Elkind, 1980); strings at the top of their "
               "range in Psycho (Bernard Herrmann, 1960)",
        films="Psycho (Bernard Herrmann, 1960); The Shining (Wendy Carlos and Rachel Elkind, 1980)"),
    "romance": Recipe(
        "romance", "major", 66, "Violin", "String Ensemble 2", "Cello",
        chords=((0, 4, 7, 11), (0, 4, 7, 9), (5, 9, 0, 4), (9, 0, 4, 7), (2, 5, 9, 0), (7, 11, 2, 5)),
        dynamics="mp", pulse="harp", pulse_instrument="Orchestral Harp", intro="the harp alone",
        features=("major mode, slow", "major-seventh and added-sixth chords", "legato strings on the tune",
                  "harp arpeggios"),
        source="Kalinak, Settling the Score (1992) on the classical Hollywood love theme: lush legato "
               "strings, late-Romantic harmony; harp arpeggios and added-note chords as its colour",
        films="Now, Voyager (Max Steiner, 1942); Out of Africa (John Barry, 1985)"),
    "adventure": Recipe(
        "adventure", "major", 120, "French Horn", "Brass Section", "Contrabass",
        chords=(_MAJOR, (5, 9, 0), (7, 11, 2), (8, 0, 3), (10, 2, 5), (9, 0, 4)),
        dynamics="f", articulation="normal", pulse="march", pulse_instrument="Timpani",
        intro="a fanfare rhythm on the timpani under flat six, flat seven, home (Ab-Bb-C in C)",
        intro_chords=((8, 0, 3), (10, 2, 5), _MAJOR),
        features=("major mode, brisk", "horns and brass", "dotted march rhythm",
                  "flat-six and flat-seven major chords (modal mixture)"),
        source="Lehman, Hollywood Harmony (2018) on the heroic major and its borrowed bVI and bVII; the "
               "swashbuckler scores of Korngold (The Adventures of Robin Hood, 1938) and their heirs",
        films="The Adventures of Robin Hood (Erich Wolfgang Korngold, 1938); Raiders of the Lost Ark (John Williams, 1981)"),
    "comedy": Recipe(
        "comedy", "major", 144, "Bassoon", "Pizzicato Strings", "Tuba",
        chords=(_MAJOR, (5, 9, 0), (7, 11, 2, 5), (2, 5, 9)), articulation="staccato",
        harmony_rhythm="offbeat", bass_line="strong beats", intro="the oom-pah alone",
        features=("major mode, fast", "staccato", "oom-pah accompaniment (bass on the strong beats, chords "
                  "off them)", "bassoon, tuba, pizzicato"),
        source="Goldmark, Tunes for 'Toons (2005) on cartoon music: bassoons, tubas, pizzicato, fast "
               "staccato tunes over an oom-pah",
        films="the Warner Bros. cartoons (Carl Stalling, 1936-58); The Pink Panther (Henry Mancini, 1963)"),
}


def recipe(genre: str | Recipe) -> Recipe:
    """The recipe for a genre name (see :data:`GENRES`), or the recipe itself.

    Examples
    --------
    >>> recipe("horror").features[2]
    'the Dies irae'

    Lesson: lessons/08_genre.ipynb
    """
    if isinstance(genre, Recipe):
        return genre
    key = genre.strip().lower() if isinstance(genre, str) else None
    key = {"crime": "noir", "thriller": "noir", "scifi": "sci-fi", "science fiction": "sci-fi",
           "heroic": "adventure", "love": "romance"}.get(key, key)
    if key not in RECIPES:
        raise ScoringError(f"unknown genre {genre!r}; choose one of: {', '.join(GENRES)}")
    return RECIPES[key]


# ---------------------------------------------------------------- applying a recipe
def to_compound(motif: Motif) -> Motif:
    """The same tune in compound metre: every quarter-note beat becomes a dotted-quarter beat, and a
    pair of eighths on a beat becomes long-short (quarter, eighth), the lilt of 6/8. 2/4 and 4/4
    become 6/8 (a 4/4 bar makes two), 3/4 becomes 9/8; a tune already in eighths is returned as it is.

    Examples
    --------
    >>> m = to_compound(Motif.parse("4/4 c4 e8 g c'2"))
    >>> m.time_signature, m.durations
    ('6/8', [1.5, 1.0, 0.5, 3.0])

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"to_compound() takes a Motif, not {type(motif).__name__}")
    beats, unit = (int(x) for x in motif.time_signature.split("/"))
    if unit != 4:
        return motif
    metre = "9/8" if beats == 3 else "6/8" if beats in (2, 4) else f"{3 * beats}/8"

    def stretch(t: Fraction) -> Fraction:
        b = t.numerator // t.denominator
        f = t - b
        return Fraction(3, 2) * b + (2 * f if f <= Fraction(1, 2) else 1 + (f - Fraction(1, 2)))

    notes, t = [], Fraction(0)
    for n in motif.notes:
        start, end = stretch(t), stretch(t + n.duration)
        notes.append(Note(n.pitch, end - start, n.velocity))
        t += n.duration
    return motif.with_notes(notes, time_signature=metre, tempo_map=None, tempo=motif.tempo * 3 / 2)


def _strong_beats(time_signature: str) -> tuple[Fraction, ...]:
    """Where the strong beats fall inside a bar (quarter notes from the bar line)."""
    beats, unit = (int(x) for x in time_signature.split("/"))
    bar = bar_length(time_signature)
    if unit == 8 and beats % 3 == 0:
        beat = Fraction(3, 2)
        return (Fraction(0), beat) if beats // 3 == 2 else tuple(beat * k for k in range(0, beats // 3, 2))
    if beats == 4:
        return (Fraction(0), bar / 2)
    return (Fraction(0),)


def _sounding_at(notes: Sequence[tuple[Fraction, Fraction, tuple[int, ...]]], t: Fraction) -> tuple[int, ...]:
    return tuple(p for s, d, ps in notes if s <= t < s + d for p in ps)


def _timeline(chords: Iterable[Chord]) -> list[tuple[Fraction, Fraction, tuple[int, ...]]]:
    out, t = [], Fraction(0)
    for c in chords:
        out.append((t, c.duration, c.pitches))
        t += c.duration
    return out


def _choose(melody: Motif, spanlist, r: Recipe, tonic: int) -> list[tuple[int, ...]]:
    """One chord of the recipe's vocabulary per span: the one that holds most of the melody and puts no
    chord tone a semitone from a strong-beat melody note (unless the recipe wants clashes)."""
    line = _timeline(Chord(() if n.is_rest else (n.pitch,), n.duration) for n in melody.notes)
    strong = _strong_beats(melody.time_signature)
    bar = bar_length(melody.time_signature)
    cands = [tuple((tonic + p) % 12 for p in c) for c in r.chords]
    out: list[tuple[int, ...]] = []
    for i, (s, length) in enumerate(spanlist):
        weight = [0.0] * 12
        for start, d, ps in line:
            a, b = max(start, s), min(start + d, s + length)
            if b > a:
                for p in ps:
                    weight[p % 12] += float(b - a)
        accents = [p % 12 for k in range(int(-(-length // bar)) or 1) for beat in strong
                   if s + k * bar + beat < s + length for p in _sounding_at(line, s + k * bar + beat)]

        def fit(c: tuple[int, ...]) -> float:
            held = sum(weight[p] for p in set(c))
            rub = sum(1 for a in accents for p in c if (a - p) % 12 in (1, 11))
            return held - (0 if r.clashes else 10.0 * rub)

        ends = i == 0 or i == len(spanlist) - 1
        pool = cands if (ends or not r.move) else cands[1:]
        if out and len(pool) > 1:
            pool = [c for c in pool if c != out[-1]] or pool
        best = max(pool, key=lambda c: (fit(c), -cands.index(c)))
        if ends and fit(cands[0]) >= fit(best) - 0.5:
            best = cands[0]
        out.append(best)
    return out


def _voice(pcs: tuple[int, ...], ceiling: int, *, low: int = 48, floor: int = 40) -> tuple[int, ...]:
    """Root first at or above ``low``, each tone the next one up; moved down by octaves while the top is
    above ``ceiling`` and the root can go lower than ``floor``."""
    voiced = [low + (pcs[0] - low) % 12]
    for p in pcs[1:]:
        voiced.append(voiced[-1] + ((p - voiced[-1]) % 12 or 12))
    while voiced[-1] > ceiling and voiced[0] - 12 >= floor:
        voiced = [v - 12 for v in voiced]
    return tuple(voiced)


def _fill(cells: Sequence[tuple[Fraction, tuple[int, ...]]], length: Fraction, velocity: int) -> list[Chord]:
    """The pattern ``cells`` repeated over ``length``, the last cell cut to fit."""
    out, t, i = [], Fraction(0), 0
    while t < length:
        d, ps = cells[i % len(cells)]
        d = min(d, length - t)
        out.append(Chord(ps, d, velocity))
        t += d
        i += 1
    return out


def _under(velocity: int) -> int:
    """The velocity of sci-fi's arpeggio and whole-tone run: a dynamic step (16) under the harmony's,
    so the gated sawtooth sits behind the tune instead of beside it."""
    return max(1, velocity - 16)


def _pulse(kind: str, chord: tuple[int, ...], root: int, length: Fraction, beat: Fraction, compound: bool,
           velocity: int) -> list[Chord]:
    h = Fraction(1, 2)
    if kind == "gallop":          # long-short on every beat: quarter + eighth in 6/8, eighth + two sixteenths in 4/4
        dyad = (root + 12, root + 19)
        cells = [(Fraction(1), dyad), (h, dyad)] if compound else [(h, dyad), (h / 2, dyad), (h / 2, dyad)]
        return _fill(cells, length, velocity)
    if kind == "march":           # dotted eighth + sixteenth, root and fifth; timpani rarely go below D2
        low = root + 12 if root < 38 else root
        return _fill([(Fraction(3, 4), (low,)), (Fraction(1, 4), (low,)), (Fraction(3, 4), (low + 7,)),
                      (Fraction(1, 4), (low,))], length, velocity)
    if kind == "arpeggio":        # the chord broken upwards in eighths, an octave above the harmony
        tones = [p + 12 for p in chord[:3]] + [chord[0] + 24]
        return _fill([(h, (p,)) for p in tones], length, _under(velocity))
    if kind == "harp":            # up and back down, an octave above the harmony
        tones = [p + 12 for p in chord] + [chord[0] + 24]
        return _fill([(h, (p,)) for p in tones + tones[-2:0:-1]], length, velocity)
    raise ScoringError(f"unknown pulse {kind!r}")


def _dies_irae_bass(tonic: int, length: Fraction, beat: Fraction, velocity: int) -> list[Chord]:
    low = 36 + (tonic - 36) % 12
    cell = (low + 3, low + 2, low + 3, low)         # F E F D on D: minor third, second, minor third, tonic
    return _fill([(beat, (p,)) for p in cell], length, velocity)


def _progression_lengths(count: int, bar: Fraction, beat: Fraction) -> list[Fraction]:
    """How long each of ``count`` chords lasts in a one-bar progression into the home chord: one a
    beat, the last held to the end of the bar. In a bar with fewer beats than chords (2/4, 6/8, 2/2),
    the home chord takes the last beat and the chords before it share the beats before, in half
    beats (thirds of a compound beat), longer ones first: in 2/4 two eighths and a quarter, in 6/8
    a quarter, an eighth and a dotted quarter. A bar of one beat is shared by all of them; where
    there are fewer steps than chords, the first chords are left out, so the bar still arrives home.

    >>> from fractions import Fraction as F
    >>> [str(d) for d in _progression_lengths(3, F(4), F(1))], [str(d) for d in _progression_lengths(3, F(3), F(3, 2))]
    (['1', '1', '2'], ['1', '1/2', '3/2'])
    """
    beats = bar // beat
    if count <= beats:
        return [beat] * (count - 1) + [bar - beat * (count - 1)]
    unit = beat / 3 if beat == Fraction(3, 2) else beat / 2
    shared, count = (bar - beat, count - 1) if beats >= 2 else (bar, count)
    steps = int(shared / unit)
    count = min(count, steps)
    base, extra = divmod(steps, count)
    lengths = [unit * (base + (i < extra)) for i in range(count)]
    return lengths + [beat] if beats >= 2 else lengths


def _intro(r: Recipe, tonic: int, bar: Fraction, beat: Fraction, compound: bool, velocity: int,
           home: tuple[int, ...]) -> dict[str, list[Chord]]:
    """One bar before the tune: the accompaniment alone on the home chord (each recipe's own)."""
    voiced = _voice(home, 127)
    root = 36 + (tonic - 36) % 12
    parts: dict[str, list[Chord]] = {"melody": [Chord((), bar)]}
    parts["harmony"] = [Chord(voiced, bar, velocity)]
    if r.intro_chords:            # a progression into the home chord: one chord a beat, the last held
        pcs = [tuple((tonic + p) % 12 for p in c) for c in r.intro_chords]
        lengths = _progression_lengths(len(pcs), bar, beat)
        pcs = pcs[len(pcs) - len(lengths):]
        parts["harmony"] = [Chord(_voice(c, 127, low=44), d, velocity) for c, d in zip(pcs, lengths)]   # rising from Ab2
        parts["bass"] = [Chord((28 + (c[0] - 28) % 12,), d, velocity) for c, d in zip(pcs, lengths)]
    if r.bass_line == "dies irae":
        parts["bass"] = _dies_irae_bass(tonic, bar, beat, velocity)
    elif r.bass_line == "ostinato":
        parts["bass"] = _fill([(Fraction(1, 2), (root,))], bar, velocity)
    elif r.bass_line == "strong beats":
        parts["bass"], parts["harmony"] = _oompah(voiced, root, bar, beat, velocity)
    elif not r.intro_chords:
        parts["bass"] = [Chord((root,), bar, velocity)]
    if r.pulse == "arpeggio":     # the whole-tone scale: six whole steps from the tonic up to its octave, held
        run = [(Fraction(1, 2), (root + 24 + 2 * k,)) for k in range(6)] + [(Fraction(1), (root + 36,))]
        parts["pulse"] = _fill(run, bar, _under(velocity))
    elif r.pulse:
        parts["pulse"] = _pulse(r.pulse, voiced, root, bar, beat, compound, velocity)
    return parts


def _oompah(voiced: tuple[int, ...], root: int, length: Fraction, beat: Fraction,
            velocity: int) -> tuple[list[Chord], list[Chord]]:
    """Bass on the beat, chord on the next beat (oom-pah), alternating over ``length``."""
    fifth = root + 7 if root + 7 <= 50 else root - 5
    bass = _fill([(beat, (root,)), (beat, ()), (beat, (fifth,)), (beat, ())], length, velocity)
    chords = _fill([(beat, ()), (beat, voiced)], length, velocity)
    return bass, chords


def in_genre(motif: Motif, genre: str | Recipe, *, intro: bool = False, name: str | None = None) -> Cue:
    """The motif dressed in a genre: its recipe's mode, metre, tempo, register and instrument for the
    tune, the recipe's chords under it (the best fit per bar), and its bass and pulse. ``intro=True``
    puts one bar of the accompaniment alone before the tune, as a main title often does.

    Examples
    --------
    >>> theme = Motif.parse("4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2", name="Theme")
    >>> noir = in_genre(theme, "noir", intro=True)
    >>> [c.names(noir.key) for c in noir.layer("harmony").chords][:3]
    [['C3', 'Eb3', 'G3', 'B3'], ['C3', 'Eb3', 'G3', 'A3'], ['F3', 'Ab3', 'C4', 'D4']]
    >>> in_genre(theme, "horror").layer("bass").chords[0].pitches   # the Dies irae starts: Eb2 D2 Eb2 C2
    (39,)

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"in_genre() takes a Motif, not {type(motif).__name__}; for a cue, use cue.melody()")
    r = recipe(genre)
    if not isinstance(intro, bool):
        raise ScoringError(f"intro={intro!r}: say True for a one-bar intro, False for none")
    m = motif.to_mode(r.mode)
    if r.compound:
        m = to_compound(m)
    m = m.with_tempo(r.tempo).with_instrument(r.melody).with_dynamics(r.dynamics)
    octaves = lift(max((q for q in m.midi if q is not None), default=None), r.melody_octave)
    if octaves:
        m = m.octave(octaves)
    tonic = parse_key(m.key)[0]
    velocity = velocity_for(r.dynamics)
    soft = max(24, velocity - 16)
    bar, beat = bar_length(m.time_signature), beat_length(m.time_signature)
    spanlist = spans(m)
    chosen = _choose(m, spanlist, r, tonic)
    line = _timeline(Chord(() if n.is_rest else (n.pitch,), n.duration) for n in m.notes)
    parts: dict[str, list[Chord]] = {"harmony": [], "bass": [], "pulse": []}
    for (s, length), pcs in zip(spanlist, chosen):
        lows = [p for st, d, ps in line if st < s + length and st + d > s for p in ps]
        ceiling = min(lows, default=72) - 1
        voiced = _voice(pcs, 127 if r.clashes else ceiling)
        root = 36 + (pcs[0] - 36) % 12
        if r.bass_line == "strong beats":
            bass, chords = _oompah(voiced, root, length, beat, soft)
            parts["bass"] += bass
            parts["harmony"] += chords
            continue
        parts["harmony"].append(Chord(voiced, length, soft))
        if r.bass_line == "ostinato":
            parts["bass"] += _fill([(Fraction(1, 2), (root,))], length, soft)
        elif r.bass_line == "root":
            parts["bass"].append(Chord((root,), length, soft))
        if r.pulse:
            parts["pulse"] += _pulse(r.pulse, voiced, root, length, beat, r.compound, soft)
    if r.bass_line == "dies irae":
        parts["bass"] = _dies_irae_bass(tonic, m.quarter_length, beat, velocity)
    melody = list(Layer.from_motif(m).chords)
    if intro:
        head = _intro(r, tonic, bar, beat, r.compound, soft, tuple((tonic + p) % 12 for p in r.chords[0]))
        melody = head["melody"] + melody
        for role in parts:
            if parts[role]:
                parts[role] = head.get(role, [Chord((), bar)]) + parts[role]
    layers = [Layer("melody", tuple(melody), r.melody, r.articulation),
              Layer("harmony", tuple(parts["harmony"]), r.harmony, "staccato" if r.harmony_rhythm == "offbeat" or
                    r.bass_line == "strong beats" else "legato"),
              Layer("bass", tuple(parts["bass"]), r.bass, "staccato" if r.bass_line == "strong beats" else "normal")]
    if parts["pulse"]:
        layers.append(Layer("pulse", tuple(parts["pulse"]), r.pulse_instrument, "normal"))
    title = name or f"{motif.name} ({r.name})"
    pace = f"♩ = {r.tempo:g} (♩. = {r.tempo / 1.5:g})" if r.compound else f"♩ = {r.tempo:g}"
    how = (f"{r.name}: {r.mode}, {m.time_signature}, {pace}, {r.melody} on the tune"
           + (", one-bar intro" if intro else ""))
    return Cue(tuple(layers), title, m.key, m.tempo, m.time_signature, notes=how, tempo_map=m.tempo_map)


def strong_beat_clashes(cue: Cue) -> list[tuple[float, str, str]]:
    """Melody notes on a strong beat that sit a semitone (or a major seventh, or a minor ninth) from a
    note sounding in another layer: ``(beat, melody note, the note it rubs against)``.

    Examples
    --------
    >>> theme = Motif.parse("4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2", name="Theme")
    >>> strong_beat_clashes(in_genre(theme, "romance"))
    []

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(cue, Cue):
        raise ScoringError(f"strong_beat_clashes() reads a Cue, not {type(cue).__name__}")
    bar = bar_length(cue.time_signature)
    melody = _timeline(cue.layer("melody").chords)
    others = [_timeline(l.chords) for l in cue.layers if l.role != "melody"]
    out = []
    k = 0
    while k * bar < cue.quarter_length:
        for b in _strong_beats(cue.time_signature):
            t = k * bar + b
            for m in _sounding_at(melody, t):
                for o in (p for line in others for p in _sounding_at(line, t)):
                    if (m - o) % 12 in (1, 11):
                        out.append((float(t), note_name(m, cue.key), note_name(o, cue.key)))
                        break
        k += 1
    return out


# ---------------------------------------------------------------- hearing the signifiers
@dataclass(frozen=True)
class Signifier:
    """One feature heard in the music: its name, the evidence (which notes, which chords), and the
    genres it points to with a weight each.

    Examples
    --------
    >>> print(Signifier("clusters", "C3-Db3-D3-Eb3", (("horror", 2.0),)))
    clusters: C3-Db3-D3-Eb3 -> horror x2

    Lesson: lessons/08_genre.ipynb
    """

    name: str
    evidence: str
    points_to: tuple[tuple[str, float], ...]

    def __str__(self) -> str:
        to = ", ".join(f"{g}" + (f" x{w:g}" if w != 1 else "") for g, w in self.points_to)
        return f"{self.name}: {self.evidence} -> {to}"


_FAMILIES = {
    "electronic": (GM_SYNTHS, (("sci-fi", 2.0),)),
    "jazz": ({4, 5, 11, 26, 32, 59, 64, 65, 66, 67}, (("noir", 1.0),)),
    "folk / cowboy": ({22, 24, 25, 78, 105, 110}, (("western", 1.0),)),
    "brass": ({56, 57, 60, 61}, (("adventure", 1.0),)),
    "comic": ({13, 45, 58, 70}, (("comedy", 1.0),)),
    "harp": ({46}, (("romance", 1.0),)),
    "tremolo strings or choir": ({44, 52, 53}, (("horror", 0.5),)),
}


def _as_cue(music) -> Cue:
    if isinstance(music, Motif):
        return Cue.from_motif(music)
    if isinstance(music, Cue):
        return music
    raise ScoringError(f"signifiers() listens to a Motif or a Cue, not {type(music).__name__}; "
                       "build one with Motif.parse(...) or in_genre(...)")


def _names(pitches: Iterable[int], key: str) -> str:
    return "-".join(note_name(p, key) for p in pitches)


def _chord_signifiers(cue: Cue, tonic: int) -> list[Signifier]:
    out = []
    chords = [c for l in cue.layers if l.role != "melody" for c in l.chords if len(set(p % 12 for p in c.pitches)) >= 2]
    found: dict[str, list[str]] = {}

    def note(kind: str, c: Chord) -> None:
        shown = _names(c.pitches, cue.key)
        if shown not in found.setdefault(kind, []):
            found[kind].append(shown)

    triads = []
    for c in chords:
        ps = sorted(c.pitches)
        pcs = {p % 12 for p in ps}
        steps = [b - a for a, b in zip(ps, ps[1:])]
        if len(pcs) == 2 and any((b - a) % 12 in (5, 7) for a in pcs for b in pcs if a != b):
            note("open fifths", c)
        if len(ps) >= 3 and all(s == 5 for s in steps):
            note("quartal", c)
        if sum(1 for s in steps if s == 1) >= 2:
            note("cluster", c)
        if len(pcs) == 2 and any((b - a) % 12 == 6 for a in pcs for b in pcs):
            note("tritone", c)
        for r in pcs:
            rel = {(p - r) % 12 for p in pcs}
            if {0, 3, 7, 11} <= rel:
                note("minor-major seventh", c)
            if {0, 3, 6, 10} <= rel or (r == (tonic + 1) % 12 and {0, 4, 10} <= rel):
                note("flat fifth", c)
            if len(pcs) == 4 and r == ps[0] % 12 and rel in ({0, 4, 7, 11}, {0, 4, 7, 9}):
                note("major seventh / added sixth", c)
            if rel == {0, 4, 8}:
                note("whole tone", c)
            if rel == {0, 4, 7} and len(pcs) == 3:
                triads.append(r)
                if (r - tonic) % 12 in (8, 10) and parse_key(cue.key)[2] in ("major", "ionian", "lydian"):
                    note("borrowed flat six / flat seven", c)
    mediants = [f"{note_name(60 + a, cue.key)[:-1]}->{note_name(60 + b, cue.key)[:-1]}"
                for a, b in zip(triads, triads[1:]) if (b - a) % 12 in (3, 4, 8, 9)]
    table = {
        "open fifths": ("open fifths", (("western", 1.0),)),
        "quartal": ("quartal harmony (stacked fourths)", (("western", 1.0),)),
        "cluster": ("clusters", (("horror", 2.0),)),
        "tritone": ("a bare tritone", (("horror", 1.0),)),
        "minor-major seventh": ("minor-major seventh", (("noir", 2.0),)),
        "flat fifth": ("flat fifths (half-diminished or flat-five chords)", (("noir", 1.0),)),
        "major seventh / added sixth": ("major-seventh or added-sixth chords", (("romance", 1.0),)),
        "whole tone": ("augmented (whole-tone) chords", (("sci-fi", 1.0),)),
        "borrowed flat six / flat seven": ("major chords on flat six or flat seven in a major key",
                                           (("adventure", 1.0),)),
    }
    for kind, shown in found.items():
        label, to = table[kind]
        out.append(Signifier(label, ", ".join(shown[:3]) + (" ..." if len(shown) > 3 else ""), to))
    if mediants:
        out.append(Signifier("chromatic mediants", ", ".join(dict.fromkeys(mediants)), (("sci-fi", 1.0),)))
    return out


def _lines(cue: Cue) -> list[tuple[Layer, list[tuple[Fraction, Fraction, int | None]]]]:
    out = []
    for l in cue.layers:
        t, notes = Fraction(0), []
        for c in l.chords:
            notes.append((t, c.duration, max(c.pitches) if c.pitches else None))
            t += c.duration
        out.append((l, notes))
    return out


def _rhythm_signifiers(cue: Cue) -> list[Signifier]:
    out = []
    compound = is_compound(cue.time_signature)     # 6/8, 9/8, 12/8 (3/8 is a simple triple metre)
    if compound:
        out.append(Signifier("compound metre", cue.time_signature, (("western", 1.0),)))
    beat = beat_length(cue.time_signature)
    gallops, dotted, ostinato, offbeat = [], [], [], []
    for layer, notes in _lines(cue):
        ds = [d for _, d, _ in notes]
        starts = [t for t, _, _ in notes]
        g = sum(1 for i in range(len(ds) - 1) if starts[i] % beat == 0 and
                ((ds[i], ds[i + 1]) == (Fraction(1), Fraction(1, 2)) or
                 (i + 2 < len(ds) and (ds[i], ds[i + 1], ds[i + 2]) == (Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)))))
        if g >= 3:
            gallops.append(f"{layer.role} ({g} beats)")
        dotted_pairs = {(Fraction(3, 4), Fraction(1, 4))} | (set() if compound else {(Fraction(3, 2), Fraction(1, 2))})
        dots = sum(1 for i in range(len(ds) - 1) if (ds[i], ds[i + 1]) in dotted_pairs)
        if dots >= 3:
            dotted.append(f"{layer.role} ({dots} times)")
        sounding = [(t, d, p) for t, d, p in notes if p is not None]
        repeats = sum(1 for (_, _, a), (_, _, b) in zip(sounding, sounding[1:]) if (a - b) % 12 == 0)
        if len(sounding) >= 8 and len({d for _, d, _ in sounding}) == 1 and sounding[0][1] <= Fraction(1, 2) \
                and repeats >= 0.6 * (len(sounding) - 1):
            ostinato.append(f"{layer.role}: {len(sounding)} repeated {_NOTE_VALUE.get(sounding[0][1], 'short notes')}")
        on = [t for t, _, p in notes if p is not None]
        if len(on) >= 4 and all(t % (2 * beat) == beat for t in on):
            offbeat.append(layer.role)
    if gallops:
        out.append(Signifier("galloping rhythm (long-short on every beat)", ", ".join(gallops), (("western", 2.0),)))
    if ostinato:
        out.append(Signifier("pulsing ostinato", ", ".join(ostinato), (("noir", 1.0),)))
    if dotted:
        out.append(Signifier("dotted march rhythm", ", ".join(dotted), (("adventure", 1.0),)))
    if offbeat:
        out.append(Signifier("oom-pah (chords off the beat)", ", ".join(offbeat), (("comedy", 2.0),)))
    melody = cue.layers[0] if not any(l.role == "melody" for l in cue.layers) else cue.layer("melody")
    if melody.articulation == "staccato" and cue.tempo >= 120:
        out.append(Signifier("fast staccato tune", f"{cue.tempo:g} BPM, staccato", (("comedy", 1.0),)))
    elif melody.articulation == "normal" and cue.tempo >= 132 and not compound:
        played = [c.duration for c in melody.chords if c.pitches]
        short = sum(1 for d in played if d <= Fraction(1, 2))
        if len(played) >= 4 and 3 * short >= 2 * len(played):
            out.append(Signifier("fast staccato tune", f"{cue.tempo:g} BPM, {short} of {len(played)} notes "
                                 "an eighth or shorter", (("comedy", 1.0),)))
    return out


_NOTE_VALUE = {Fraction(1, 2): "eighths", Fraction(1, 4): "sixteenths", Fraction(1): "quarters"}


def _melody_signifiers(cue: Cue, tonic: int) -> list[Signifier]:
    out = []
    lines = _lines(cue)
    layer, notes = next(((l, n) for l, n in lines if l.role == "melody"), lines[0])
    ps = [p for _, _, p in notes if p is not None]
    rel = {(p - tonic) % 12 for p in ps}
    key = cue.key
    if len(ps) >= 4:
        if 6 in rel and 4 in rel and 5 not in rel:
            out.append(Signifier("Lydian melody (raised fourth)", f"{note_name(tonic + 66, key)[:-1]} over a "
                                 f"{note_name(tonic + 60, key)[:-1]} major scale", (("sci-fi", 1.0),)))
        if 10 in rel and 4 in rel and 11 not in rel:
            out.append(Signifier("Mixolydian melody (flat seventh)", f"{note_name(tonic + 70, key)[:-1]} with a major third",
                                 (("western", 1.0),)))
        if len(rel) >= 4 and (rel <= {0, 2, 4, 7, 9} or rel <= {0, 3, 5, 7, 10}):
            out.append(Signifier("pentatonic melody", f"{len(rel)} notes of a pentatonic scale", (("western", 1.0),)))
        if 3 in rel and 4 not in rel and not (1 in rel and 6 in rel):
            out.append(Signifier("minor mode", f"minor third {note_name(tonic + 63, key)[:-1]}", (("noir", 1.0),)))
        if {1, 6} <= rel:
            out.append(Signifier("Locrian colour (flat second and flat fifth)",
                                 f"{note_name(tonic + 61, key)[:-1]} and {note_name(tonic + 66, key)[:-1]}",
                                 (("horror", 1.0),)))
        if 4 in rel and not rel & {1, 3, 6, 10}:
            to = (("romance", 0.5), ("adventure", 0.5), ("comedy", 0.5))
            if cue.tempo <= 80:
                to = (("romance", 1.0),)
            elif cue.tempo >= 132:
                to = (("comedy", 1.0),)
            elif cue.tempo >= 100:
                to = (("adventure", 1.0),)
            out.append(Signifier("major mode", f"{cue.tempo:g} BPM", to))
    leaps = [b - a for a, b in zip(ps, ps[1:]) if abs(b - a) == 6]
    if leaps:
        out.append(Signifier("tritone leaps", f"{len(leaps)} in the tune", (("horror", 1.0),)))
    if layer.program in (40, 41, 42, 48, 49) and layer.articulation != "staccato" and cue.tempo <= 80 \
            and ps and max(ps) <= 88:
        out.append(Signifier("slow legato strings on the tune", layer.instrument, (("romance", 1.0),)))
    return out


def _dies_irae(cue: Cue) -> list[Signifier]:
    found = []
    for layer, notes in _lines(cue):
        ps = [(t, p) for t, _, p in notes if p is not None]
        for i in range(len(ps) - 3):
            if tuple(ps[i + k + 1][1] - ps[i + k][1] for k in range(3)) == DIES_IRAE_CELL:
                found.append(f"{layer.role} at beat {float(ps[i][0]):g} "
                             f"({_names([p for _, p in ps[i:i + 4]], cue.key)})")
                break
    return [Signifier("the Dies irae", "; ".join(found), (("horror", 2.0),))] if found else []


#: Tuba and bassoon are comic when they bounce (the cartoon oom-pah, the staccato bassoon); held and
#: low they are dark, as in horror's Dies irae on the tuba or the bassoon's lament.
_COMIC_WHEN_BOUNCY = frozenset({58, 70})


def _bouncy(layer: Layer, clock: TempoMap) -> bool:
    """Whether a layer plays short, detached notes: staccato, or at least four notes of which half or
    more last 0.3 s or less (an eighth at 100 BPM) or are followed by a rest."""
    if layer.articulation == "staccato":
        return True
    chords = list(layer.chords)
    starts = list(accumulate((c.duration for c in chords), initial=Fraction(0)))
    played = [i for i, c in enumerate(chords) if c.pitches]
    short = [i for i in played if clock.duration(chords[i].duration, start=starts[i]) <= 0.3
             or (i + 1 < len(chords) and not chords[i + 1].pitches)]
    return len(played) >= 4 and 2 * len(short) >= len(played)


def _register_timbre(cue: Cue) -> list[Signifier]:
    out = []
    ps = [p for l in cue.layers for c in l.chords for p in c.pitches]
    hi, lo = max(ps), min(ps)
    if hi >= 93 or lo <= 31:
        out.append(Signifier("extreme registers", f"{note_name(lo, cue.key)} to {note_name(hi, cue.key)}",
                             (("horror", 1.0),)))
    for family, (programs, to) in _FAMILIES.items():
        who = [l.instrument for l in cue.layers if l.program in programs
               and (l.program not in _COMIC_WHEN_BOUNCY or _bouncy(l, cue.tempo_map))]
        if who:
            out.append(Signifier(f"{family} timbres", ", ".join(dict.fromkeys(who)), to))
    return out


def signifiers(music: Motif | Cue) -> list[Signifier]:
    """The genre signifiers heard in a motif or cue: mode and melody, chords, metre and rhythm, the
    Dies irae, register and timbre, each with its evidence and the genres it points to.

    Examples
    --------
    >>> tune = Motif.parse("6/8 c4 g8 b-4 g8 c'4 g8 e4 c8", instrument="Harmonica")
    >>> for s in signifiers(tune): print(s)
    Mixolydian melody (flat seventh): Bb with a major third -> western
    compound metre: 6/8 -> western
    galloping rhythm (long-short on every beat): melody (4 beats) -> western x2
    folk / cowboy timbres: Harmonica -> western

    Lesson: lessons/08_genre.ipynb
    """
    cue = _as_cue(music)
    tonic = parse_key(cue.key)[0]
    return (_melody_signifiers(cue, tonic) + _chord_signifiers(cue, tonic) + _rhythm_signifiers(cue)
            + _dies_irae(cue) + _register_timbre(cue))


def genre_scores(music: Motif | Cue | Sequence[Signifier]) -> dict[str, float]:
    """How strongly the signifiers point to each genre (the sum of their weights), highest first;
    genres nothing points to are left out.

    Examples
    --------
    >>> genre_scores(Motif.parse("6/8 c4 g8 b-4 g8 c'4 g8 e4 c8", instrument="Harmonica"))
    {'western': 5.0}

    Lesson: lessons/08_genre.ipynb
    """
    found = music if isinstance(music, (list, tuple)) else signifiers(music)
    scores: dict[str, float] = {}
    for s in found:
        if not isinstance(s, Signifier):
            raise ScoringError("genre_scores() takes music or a list of Signifier values")
        for g, w in s.points_to:
            scores[g] = scores.get(g, 0.0) + w
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], GENRES.index(kv[0]))))


def guess(music: Motif | Cue) -> str | None:
    """The genre the signifiers point to most strongly, or ``None`` if none, or a tie.

    Examples
    --------
    >>> guess(Motif.parse("4/4 c4 d c d")) is None          # no signifier at all
    True

    Lesson: lessons/08_genre.ipynb
    """
    ranked = list(genre_scores(music).items())
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# ---------------------------------------------------------------- the classroom experiment
def experiment_clips(theme: Motif, *, order: Sequence[str] = EXPERIMENT_ORDER) -> list[Cue]:
    """The theme in each genre, with a one-bar intro, named only "clip 1", "clip 2" ... in ``order``
    (the answer key; :data:`EXPERIMENT_ORDER` unless you give one): the unlabelled clips of the
    classroom experiment.

    Examples
    --------
    >>> theme = Motif.parse("4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2", name="Theme")
    >>> [c.name for c in experiment_clips(theme, order=("noir", "western"))]
    ['clip 1', 'clip 2']

    Lesson: lessons/08_genre.ipynb
    """
    if isinstance(order, str) or not isinstance(order, (list, tuple)) or not 1 <= len(order) <= 12:
        raise ScoringError("order should list 1 to 12 genre names, e.g. ('horror', 'western')")
    return [replace(in_genre(theme, g, intro=True, name=f"clip {i}"), notes="")
            for i, g in enumerate(order, 1)]


#: The columns of the answers file, one row per student per clip.
ANSWER_FIELDS = ("student", "clip", "genre", "images")
#: A CSV cell starting with one of these is read as a formula by a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAX_TEXT = 200


def _cell(value: object) -> str:
    text = str(value)[:_MAX_TEXT]
    return "'" + text if text.startswith(_FORMULA_START) else text


def record_answers(path: str | os.PathLike, student: str, answers: Sequence[tuple[str, str]]) -> Path:
    """Append one student's answers (one ``(genre, images)`` pair per clip, in clip order) to the CSV
    file at ``path`` (created with a header if new), in a folder you choose. A cell a spreadsheet
    would run as a formula gets a leading ``'``; text is cut at 200 characters. Returns the path.

    Examples
    --------
    >>> import tempfile, os
    >>> p = record_answers(os.path.join(tempfile.mkdtemp(), "answers.csv"), "Ana", [("western", "=horses")])
    >>> p.read_text().splitlines()
    ['student,clip,genre,images', "Ana,1,western,'=horses"]

    Lesson: lessons/08_genre.ipynb
    """
    target = writable_path(path, (".csv",))
    if not isinstance(student, str) or not student.strip():
        raise ScoringError("give the student's name (or a code) as text, like 'table 3'")
    if isinstance(answers, (str, bytes)) or not isinstance(answers, (list, tuple)) or len(answers) > 12:
        raise ScoringError("answers should be a list of (genre, images) pairs, one per clip, e.g. [('western', 'dust')]")
    rows = []
    for i, pair in enumerate(answers, 1):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise ScoringError(f"answer {i} should be a pair of texts (genre, images), like ('western', 'dust, horses')")
        rows.append({"student": _cell(student.strip()), "clip": i, "genre": _cell(pair[0].strip()),
                     "images": _cell(pair[1].strip())})
    new = not target.exists() or target.stat().st_size == 0
    with open(target, "a", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ANSWER_FIELDS)      # RFC 4180: a cell with a comma or line break is quoted
        if new:
            w.writeheader()
        w.writerows(rows)
    return target


def read_answers(path: str | os.PathLike) -> list[dict[str, str]]:
    """The rows of an answers file written by :func:`record_answers`.

    Examples
    --------
    >>> import tempfile, os
    >>> p = record_answers(os.path.join(tempfile.mkdtemp(), "answers.csv"), "Ana", [("noir", "rain")])
    >>> read_answers(p)
    [{'student': 'Ana', 'clip': '1', 'genre': 'noir', 'images': 'rain'}]

    Lesson: lessons/08_genre.ipynb
    """
    source = readable_file(path, (".csv",))
    with open(source, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if rows and set(rows[0]) != set(ANSWER_FIELDS):
        raise ScoringError(f"{str(source)!r} is not an answers file; its columns should be {', '.join(ANSWER_FIELDS)}")
    return rows


_ROWS = "give the answers as from read_answers(): dicts like {'clip': '1', 'genre': 'horror'}"


def tally(rows: Sequence[dict[str, str]], order: Sequence[str]) -> list[dict[str, object]]:
    """Per clip: the genre it was made as, how many answered, how many named that genre, and the
    class's most common answer.

    Examples
    --------
    >>> rows = [{"student": "a", "clip": "1", "genre": "Horror", "images": ""},
    ...         {"student": "b", "clip": "1", "genre": "noir", "images": ""}]
    >>> tally(rows, ["horror"])
    [{'clip': 1, 'made as': 'horror', 'answers': 2, 'right': 1, 'most named': 'horror'}]

    Lesson: lessons/08_genre.ipynb
    """
    rows = checks.items(rows, "rows", _ROWS, most=100_000)
    for r in rows:
        if not isinstance(r, dict) or not isinstance(r.get("genre", ""), str):
            raise ScoringError(f"rows holds {checks.show(r)}, not an answer; {_ROWS}")
    order = checks.items(order, "order", "give the genres in clip order, like ['horror', 'comedy']", most=1000)
    out = []
    for i, truth in enumerate(order, 1):
        said = [r.get("genre", "").strip().lower().lstrip("'") for r in rows if str(r.get("clip")) == str(i)]
        said = [s for s in said if s]
        norm = []
        for s in said:
            try:
                norm.append(recipe(s).name)
            except ScoringError:
                norm.append(s)
        top = max(sorted(set(norm)), key=norm.count) if norm else ""
        out.append({"clip": i, "made as": truth, "answers": len(norm), "right": norm.count(truth), "most named": top})
    return out


def reveal_table(clips: Sequence[Cue], order: Sequence[str], rows: Sequence[dict[str, str]] = ()) -> str:
    """The reveal, as text: for each clip the genre it was made as, what the class answered, and the
    signifiers the detector hears in it (the features that carried the answer).

    Examples
    --------
    >>> theme = Motif.parse("4/4 c4 e8 g c'4. b8 a4. g8 f4 a4 g4 d'8 c' b4 g4 e4 d4 c2", name="Theme")
    >>> print(reveal_table(experiment_clips(theme, order=("comedy",)), ("comedy",)).splitlines()[0])
    clip 1: comedy (class: no answers yet)

    Lesson: lessons/08_genre.ipynb
    """
    clips = checks.items(clips, "clips", "give the clips, like experiment_clips(theme)", most=1000)
    lines = []
    for clip, row in zip(clips, tally(rows, order)):
        said = (f"{row['right']} of {row['answers']} said {row['made as']}; most named {row['most named']}"
                if row["answers"] else "no answers yet")
        lines.append(f"clip {row['clip']}: {row['made as']} (class: {said})")
        lines += [f"   {s}" for s in signifiers(clip)]
    return "\n".join(lines)
