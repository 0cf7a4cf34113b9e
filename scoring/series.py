"""The series theme and the dub stage: a main title through four seasons, what makes a theme
travel, binge pacing (the recap, the cliffhanger, the montage), and delivery: stems, a print
master at a loudness target (ITU-R BS.1770), the music under dialogue, a cue sheet and notes.

Loudness is measured with pyloudnorm (ITU-R BS.1770-4: K-weighting, 400 ms blocks, gating at
-70 LUFS absolute and -10 LU relative); true peak by 4x oversampling (BS.1770-4, Annex 2).

>>> from scoring.series import series_theme, hummability
>>> theme = series_theme()
>>> theme.summary()
'Harbour Lights: D4 A4 G4 A4 D5 C5 A4 F4 G4 D4 A4 G4 A4 C5 Bb4 A4 … (+2) | D minor | 4/4 | 96 BPM | French Horn | 10.0 s'
>>> hummability(theme)["ambitus"]
12

Lesson: lessons/11_series.ipynb
"""
from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.cue import Chord, Cue, Layer, as_cue
from scoring.core.film import Scene
from scoring.core.motif import Motif
from scoring.core.time import seconds_to_timecode
from scoring.devices import cell_lengths, crescendo, join, ostinato, rising_sequence, stinger
from scoring.errors import ScoringError
from scoring.harmony import bar_length, harmonize
from scoring.leitmotif import find_motif
from scoring.mood import LIFT_CEILING, PALETTES, apply_palette
from scoring.render import checks
from scoring.render.checks import show
from scoring.render.dsp import check_rate
from scoring.render.files import writable_path, write_wav
from scoring.render.remembered import Remembered
from scoring.render.voice import dialogue_track
from scoring.scene import USAGES, CueSheet
from scoring.silence import duck_under

__all__ = ["SERIES_THEME", "THEME_CHORDS", "MELODY_TOP", "series_theme", "TUNES", "tune", "npvi", "hummability", "hummability_table",
           "main_title", "sting", "SEASONS", "seasons", "season_metrics", "season_table",
           "previously_on", "cliffhanger", "montage",
           "DELIVERY_SPECS", "integrated_loudness", "momentary_loudness", "true_peak", "render_stems",
           "mixdown", "Delivery", "rebalance", "deliver", "under_dialogue", "dialogue_clearance", "dialogue_lines",
           "music_under_lines", "cue_sheet", "delivery_notes",
           "write_delivery", "theme_present", "top_line"]

#: The course's series theme, *Harbour Lights* (original, written for the course): four bars in
#: D minor that climb to the octave and fall back, a question and its answer.
SERIES_THEME = "4/4 d4 a8 g a4 d' c'4 a8 f g2 d4 a8 g a4 c' b-4 a8 g d2"
#: Its chords, one per half bar: i i VII VII | i i iv i. Every note on beats 1 and 3 belongs to
#: its chord, and the last note, D, comes home on the tonic chord.
THEME_CHORDS = ("i", "i", "VII", "VII", "i", "i", "iv", "i")
#: The highest sounding note (MIDI) given to a melody instrument: French horn F5, cello A5, oboe A6,
#: violin G7 (the usual orchestral ranges, as in each instrument's Wikipedia article; the violin's
#: A7 is one the course's sound font cannot play, see :data:`scoring.mood.LIFT_CEILING`); the synth
#: leads and anything not listed stop at C7, a course choice (higher, a saw lead only whistles).
MELODY_TOP = {"French Horn": 77, "Cello": 81, "Oboe": 93, "Violin": LIFT_CEILING}


def series_theme() -> Motif:
    """The course's series theme, *Harbour Lights* (original): D minor, 96 BPM, on the horn.

    Examples
    --------
    >>> series_theme().ambitus
    ('D4', 'D5', 12)

    Lesson: lessons/11_series.ipynb
    """
    return Motif.parse(SERIES_THEME, name="Harbour Lights", key="D minor", tempo=96, instrument="French Horn")


def _is_series_theme(motif: Motif) -> bool:
    """Whether the motif is Harbour Lights itself, in any octave or key (same moves, same rhythm)."""
    ref = series_theme()
    moves = lambda m: [b - a for a, b in zip(m.midi, m.midi[1:])] if None not in m.midi else None  # noqa: E731
    return moves(motif) == moves(ref) and motif.durations == ref.durations


def _orchestrate(motif: Motif, palette: str, chords: Sequence[str] | None = None) -> Cue:
    """The motif harmonised and orchestrated: Harbour Lights (or ``chords``, one per half bar) gets
    its own chords; any other theme lesson 01's diatonic harmony."""
    if chords is None and _is_series_theme(motif):
        chords = THEME_CHORDS
    return apply_palette(harmonize(motif, list(chords), every=2) if chords else motif, palette)


def _top(instrument: str) -> int:
    return MELODY_TOP.get(instrument, 96)


#: Public-domain tunes to measure beside the course's themes: name -> (tinyNotation, key, where it comes from).
#: Each is the tune as usually sung or printed, in one common key.
TUNES: dict[str, tuple[str, str, str]] = {
    "Ode to Joy": ("4/4 f#4 f# g a a g f# e d d e f# f#4. e8 e2 f#4 f# g a a g f# e d d e f# e4. d8 d2",
                   "D major", "Beethoven, Symphony No. 9, finale (1824), the theme's first eight bars"),
    "Twinkle Twinkle": ("4/4 c4 c g g a a g2 f4 f e e d d c2 g4 g f f e e d2 g4 g f f e e d2 "
                        "c4 c g g a a g2 f4 f e e d d c2",
                        "C major", "the French tune 'Ah ! vous dirai-je, maman' (18th century)"),
    "Frere Jacques": ("4/4 c4 d e c c d e c e f g2 e4 f g2 g8 a g f e4 c g8 a g f e4 c c G c2 c4 G c2",
                      "C major", "French round (18th century)"),
    "Greensleeves": ("3/4 r2 a4 c'2 d'4 e'4. f'8 e'4 d'2 b4 g4. a8 b4 c'2 a4 a4. g#8 a4 b2 g#4 e2 a4 c'2 d'4 "
                     "e'4. f'8 e'4 d'2 b4 g4. a8 b4 c'4. b8 a4 g#4. f#8 g#4 a2.",
                     "A minor", "English ballad (16th century), the verse; its pickup follows a half-note rest"),
}


def tune(name: str) -> Motif:
    """One of the public-domain :data:`TUNES` as a motif (on the flute, at 100 BPM).

    Examples
    --------
    >>> tune("Frere Jacques").pitches[:4]
    ['C4', 'D4', 'E4', 'C4']

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(name, str) or name not in TUNES:
        raise ScoringError(f"no tune called {show(name)}; choose one of {', '.join(TUNES)}")
    text, key, _ = TUNES[name]
    return Motif.parse(text, name=name, key=key, tempo=100, instrument="Flute")


# ---------------------------------------------------------------- what makes a theme travel
def npvi(durations: Sequence[float]) -> float:
    """The normalised Pairwise Variability Index of successive durations (Patel & Daniele 2003):
    100/(m-1) · Σ |d_k - d_k+1| / ((d_k + d_k+1)/2), where m is the number of durations. 0 for an
    even rhythm; larger when long and short notes alternate (quarter, half, quarter, half gives
    about 67; a dotted quarter and an eighth, 3:1, gives 100).

    Examples
    --------
    >>> npvi([1, 1, 1, 1]), round(npvi([1, 2, 1, 2]), 1), round(npvi([1.5, 0.5, 1.5, 0.5]), 1)
    (0.0, 66.7, 100.0)

    Lesson: lessons/11_series.ipynb
    """
    fix = "nPVI needs at least two positive durations, e.g. [1, 0.5, 0.5, 2]"
    d = [checks.number(x, "durations", fix) for x in checks.items(durations, "durations", fix, most=100_000)]
    if len(d) < 2 or any(not math.isfinite(x) or x <= 0 for x in d):
        raise ScoringError("nPVI needs at least two positive durations, e.g. [1, 0.5, 0.5, 2]")
    return 100.0 * sum(abs(a - b) / ((a + b) / 2) for a, b in zip(d, d[1:])) / (len(d) - 1)


def _tune_notes(motif: Motif) -> tuple[list[int], list[float]]:
    """Sounding pitches and their inter-onset durations (a rest lengthens the note before it)."""
    pitches, durations = [], []
    for n in motif.notes:
        if n.is_rest:
            if durations:
                durations[-1] += float(n.duration)
        else:
            pitches.append(n.pitch)
            durations.append(float(n.duration))
    return pitches, durations


def hummability(motif: Motif) -> dict:
    """Measures of how easy a tune is to sing back: ``notes``; ``ambitus`` (semitones from lowest to
    highest); ``mean_interval`` (mean leap, semitones); ``steps`` (share of moves of two semitones
    or less, repeats included); ``largest_leap``; ``repetition`` (share of the 3-interval cells,
    rhythm included, that come back somewhere in the tune); ``npvi`` (rhythmic contrast, Patel & Daniele 2003);
    ``contour_turns`` (changes of direction per move: 0 a scale, 1 a zigzag).

    Examples
    --------
    >>> m = hummability(Motif.parse("4/4 c4. d8 e4. f8 g2"))
    >>> m["ambitus"], m["steps"], m["contour_turns"], m["npvi"]
    (7, 1.0, 0.0, 100.0)

    The last note's length is left out of the nPVI: a phrase's last note is held or cut at will.

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(motif, Motif):
        raise ScoringError(f"hummability() measures a Motif, not {type(motif).__name__}")
    pitches, durations = _tune_notes(motif)
    if len(pitches) < 3:
        raise ScoringError("a tune of fewer than three notes has no shape to measure; give a longer one")
    moves = [b - a for a, b in zip(pitches, pitches[1:])]
    sizes = [abs(m) for m in moves]
    cells = [(tuple(moves[i:i + 3]), tuple(durations[i:i + 3])) for i in range(len(moves) - 2)]
    again = sum(cells.count(c) > 1 for c in cells)
    signs = [(m > 0) - (m < 0) for m in moves if m]
    turns = sum(a != b for a, b in zip(signs, signs[1:]))
    return {"notes": len(pitches), "ambitus": max(pitches) - min(pitches),
            "mean_interval": round(sum(sizes) / len(sizes), 2),
            "steps": round(sum(s <= 2 for s in sizes) / len(sizes), 2),
            "largest_leap": max(sizes),
            "repetition": round(again / len(cells), 2) if cells else 0.0,
            "npvi": round(npvi(durations[:-1]), 1) if len(durations) > 2 else 0.0,
            "contour_turns": round(turns / (len(signs) - 1), 2) if len(signs) > 1 else 0.0}


def hummability_table(motifs: Sequence[Motif]) -> str:
    """The :func:`hummability` measures of several tunes, one line each.

    Examples
    --------
    >>> print(hummability_table([tune("Frere Jacques")]).splitlines()[1])
    Frere Jacques          32      14      2.52    0.65     7     0.28    21.8     0.46

    Lesson: lessons/11_series.ipynb
    """
    head = (f"{'tune':18} {'notes':>6} {'ambitus':>7} {'mean int':>9} {'steps':>7} {'leap':>5} {'repeats':>8} "
            f"{'nPVI':>7} {'turns':>8}")
    rows = [head]
    for m in checks.items(motifs, "motifs", "give a list of motifs, like [tune('Frere Jacques')]", most=1000):
        h = hummability(m)
        rows.append(f"{m.name[:18]:18} {h['notes']:6d} {h['ambitus']:7d} {h['mean_interval']:9.2f} {h['steps']:7.2f} "
                    f"{h['largest_leap']:5d} {h['repetition']:8.2f} {h['npvi']:7.1f} {h['contour_turns']:8.2f}")
    return "\n".join(rows)


# ---------------------------------------------------------------- main titles and seasons
def _head(theme: Motif, notes: int) -> Motif:
    """The theme's head: from its first sounding note to its ``notes``-th (rests between kept),
    or all its sounding notes if it has fewer."""
    sounding = [i for i, n in enumerate(theme.notes) if not n.is_rest]
    if not sounding:
        raise ScoringError(f"{theme.name!r} has no sounding notes; give a theme with notes")
    keep = sounding[:notes]
    return theme.fragment(keep[0], keep[-1] + 1)


def _seconds(value: object, what: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(float(value)) or not lo <= float(value) <= hi:
        raise ScoringError(f"{what}={show(value)}: give seconds between {lo:g} and {hi:g}")
    return float(value)


def _fit(cue: Cue, seconds: float) -> Cue:
    """The cue re-tempoed so it lasts ``seconds`` (the written notes stay as they are)."""
    bpm = cue.tempo * cue.duration_seconds / seconds
    if not 30 <= bpm <= 300:
        raise ScoringError(f"fitting {cue.duration_seconds:.1f} s of music into {seconds:g} s needs {bpm:.0f} BPM; "
                           "change the number of statements or the length")
    return cue.with_tempo(bpm)


def main_title(theme: Motif, seconds: float = 30.0, *, palette: str = "warm orchestral",
               statements: int | None = None, swell: bool = True, name: str | None = None) -> Cue:
    """A main title made from a theme: the theme harmonised and orchestrated (``palette``), stated
    ``statements`` times, then re-tempoed to last exactly ``seconds``. With no ``statements``, as
    many as fit the length at the theme's tempo. The second statement goes an octave up if the
    palette's melody instrument reaches it (:data:`MELODY_TOP`); if not, the violins take it up
    the octave, and if they cannot either, it stays where it is. With ``swell`` the last statement
    grows louder (mf to ff); end titles can leave it out.

    Examples
    --------
    >>> title = main_title(series_theme())
    >>> round(title.duration_seconds, 2), title.tempo, [(l.role, l.instrument) for l in title.layers]
    (30.0, 96.0, [('melody', 'French Horn'), ('harmony', 'String Ensemble 1'), ('bass', 'Contrabass'), ('melody', 'Violin')])
    >>> [c.names(title.key) for c in title.layer("harmony").chords][-1]   # the theme ends home, on D minor
    ['D3', 'F3', 'A3']

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(theme, Motif):
        raise ScoringError(f"main_title() is made from a Motif, not {type(theme).__name__}")
    seconds = _seconds(seconds, "seconds", 2.0, 300.0)
    n = statements if statements is not None else max(1, round(seconds / theme.duration_seconds))
    if statements is None and n > 24:
        raise ScoringError(f"{theme.name!r} lasts {theme.duration_seconds:.2f} s: a {seconds:g} s main title would "
                           f"state it {n} times, over 24; give a longer theme or a shorter title")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 24:
        raise ScoringError(f"statements={show(n)}: give a whole number of statements from 1 to 24")
    pal = PALETTES[palette] if isinstance(palette, str) and palette in PALETTES else None
    plain = _orchestrate(theme, palette)
    up = plain
    if pal is not None and n > 1:
        high = max(p for p in theme.midi if p is not None) + 12 * pal.melody_octave + 12
        if high <= _top(pal.melody):
            up = _orchestrate(theme.octave(1), palette)
        elif high <= _top("Violin") and pal.melody in MELODY_TOP:
            lifted = _orchestrate(theme.octave(1), palette)
            up = lifted.with_layers([l.with_(instrument="Violin") if l.role == "melody" else l for l in lifted.layers])
    parts = [up if i % 2 else plain for i in range(n)]
    if n > 1 and swell:
        parts[-1] = crescendo(parts[-1], start="mf", end="ff")
    cue = join(*parts, name=name or f"{theme.name}: main title") if n > 1 else parts[0].with_name(
        name or f"{theme.name}: main title")
    return _fit(cue, seconds)


def sting(theme: Motif, seconds: float = 5.0, *, notes: int | None = None, palette: str = "warm orchestral",
          name: str | None = None) -> Cue:
    """A title card or bumper: the theme's first ``notes`` notes (4, or all of a shorter theme's),
    the last one held to the end of the next bar, harmonised and played forte, re-tempoed to last
    ``seconds``. Harbour Lights' head (D A G A) sits on its tonic chord, D minor, throughout: the
    card ends at home, on the fifth.

    Examples
    --------
    >>> s = sting(series_theme())
    >>> round(s.duration_seconds, 2), s.melody().pitches, float(s.quarter_length)
    (5.0, ['D4', 'A4', 'G4', 'A4'], 8.0)

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(theme, Motif):
        raise ScoringError(f"sting() is made from a Motif, not {type(theme).__name__}")
    seconds = _seconds(seconds, "seconds", 1.0, 30.0)
    sounding = sum(not n.is_rest for n in theme.notes)
    if sounding < 2:
        raise ScoringError(f"a sting is made from a theme's head: {theme.name!r} has {sounding} note(s); "
                           "give a theme of two notes or more")
    if notes is None:
        notes = min(4, sounding)
    if isinstance(notes, bool) or not isinstance(notes, (int, np.integer)) or not 2 <= notes <= sounding:
        raise ScoringError(f"notes={show(notes)}: keep from 2 to {sounding} of the theme's notes")
    head = _head(theme, int(notes))
    last = head.notes[-1]
    bar = bar_length(theme.time_signature)
    total = math.ceil((head.quarter_length + 3) / bar) * bar      # hold the last note to a bar line
    held = head.with_notes(head.notes[:-1] + (replace(last, duration=last.duration + (total - head.quarter_length)),))
    chords = ["i"] * int(total // 2) if _is_series_theme(theme) and notes <= 4 else None
    if name is not None:
        name = checks.text(name, "name", "give the sting's name as text, like 'Harbour Lights: sting'", most=200)
    cue = _orchestrate(held.with_dynamics("f"), palette, chords).with_name(name or f"{theme.name}: sting")
    return _fit(cue, seconds)


#: The four seasons of the imaginary series: label, what changed, and how the title is made
#: (length in seconds, palette, statements of the theme; ``None`` statements = a sting).
SEASONS = (
    ("Season 1", "the full orchestral main title, three statements", 30.0, "warm orchestral", 3),
    ("Season 2", "re-orchestrated for synths, one statement less", 20.0, "cold synthetic", 2),
    ("Season 3", "re-tempoed: one quicker statement on a chamber group", 8.0, "chamber", 1),
    ("Season 4", "the streaming cut: a five-second title card", 5.0, "warm orchestral", None),
)


def seasons(theme: Motif) -> list[Cue]:
    """The theme's main title in each of the four :data:`SEASONS`: shorter, re-orchestrated and
    re-tempoed as the show changes. A theme much shorter than a season's statement (a title of
    ``seconds / statements``) is played as many times in a row as comes nearest to filling it at
    the theme's own tempo, and that counts as one statement: a four-note fanfare is not slowed to
    a crawl to fill thirty seconds. A theme longer than a season's statement is stated fewer times
    (at least once); one too long to fit Season 3's eight seconds at 300 BPM is refused.

    Examples
    --------
    >>> [round(c.duration_seconds) for c in seasons(series_theme())]
    [30, 20, 8, 5]

    Lesson: lessons/11_series.ipynb
    """
    checks.expect(theme, Motif, "theme", "series_theme()")
    shortest = min(secs for *_, secs, _, n in SEASONS if n)
    longest = 300 * shortest / theme.tempo
    if theme.duration_seconds > longest:
        raise ScoringError(f"{theme.name!r} lasts {theme.duration_seconds:.1f} s; the seasons' shortest title states "
                           f"it in {shortest:g} s, which at 300 BPM at most holds {longest:.1f} s of it at its own "
                           "tempo: give its first phrase")
    out = []
    for label, _, secs, palette, n in SEASONS:
        times = max(1, round(secs / (n or 1) / theme.duration_seconds))
        n = n and max(1, min(n, round(secs / theme.duration_seconds)))
        stated = theme.with_notes(theme.notes * times) if times > 1 else theme
        made = (main_title(stated, secs, palette=palette, statements=n) if n else
                sting(theme, secs, palette=palette))
        out.append(made.with_name(f"{label}: {theme.name}"))
    return out


def season_metrics(cue: Cue) -> dict:
    """What a season changed: ``seconds``, ``tempo`` (BPM), ``layers``, ``instruments`` (names),
    the ``lowest`` and ``highest`` MIDI notes, and ``melody`` (the melody's middle note, sorted by pitch).

    Examples
    --------
    >>> m = season_metrics(seasons(series_theme())[0])
    >>> m["seconds"], m["tempo"], m["lowest"], m["highest"], m["melody"]
    (30.0, 96.0, 36, 86, 69.0)

    Lesson: lessons/11_series.ipynb
    """
    cue = as_cue(cue)
    pitches = [p for l in cue.layers for c in l.chords for p in c.pitches]
    tune_ = [p for c in cue.layer("melody").chords for p in c.pitches[-1:]] if any(
        l.role == "melody" for l in cue.layers) else pitches
    return {"seconds": round(cue.duration_seconds, 2), "tempo": round(float(cue.tempo), 1),
            "layers": len(cue.layers), "instruments": [l.instrument for l in cue.layers],
            "lowest": min(pitches), "highest": max(pitches), "melody": float(sorted(tune_)[len(tune_) // 2])}


def season_table(cues: Sequence[Cue]) -> str:
    """The seasons side by side: length, tempo, layers, register (lowest to highest note), melody's
    median note, and the instruments.

    Examples
    --------
    >>> print(season_table(seasons(series_theme())[:1]))
    season      length  tempo  layers  register  melody  instruments
    Season 1    30.0 s   96.0       4  36-86         69  French Horn, String Ensemble 1, Contrabass, Violin

    Lesson: lessons/11_series.ipynb
    """
    rows = [f"{'season':10} {'length':>7} {'tempo':>6} {'layers':>7}  {'register':8}  {'melody':>6}  instruments"]
    for c in checks.items(cues, "cues", "give a list of cues, like seasons(series_theme())", most=1000):
        m = season_metrics(c)
        reg = f"{m['lowest']}-{m['highest']}"
        rows.append(f"{c.name.split(':')[0][:10]:10} {m['seconds']:5.1f} s {m['tempo']:6.1f} {m['layers']:7d}  "
                    f"{reg:8}  {m['melody']:6.0f}  {', '.join(m['instruments'])}")
    return "\n".join(rows)


# ---------------------------------------------------------------- binge pacing
def previously_on(theme: Motif, seconds: float = 4.0) -> Cue:
    """The "previously on" recap sting: the theme's first four notes, soft, on a solo cello in its
    tenor register above slow strings (the tune clear of the chord, so it is not masked), the last
    note held to the bar line, under the recap's voices.

    Examples
    --------
    >>> cue = previously_on(series_theme())
    >>> round(cue.duration_seconds, 2), cue.melody().pitches, float(cue.quarter_length)
    (4.0, ['D4', 'A4', 'G4', 'A4'], 4.0)
    >>> max(cue.layer("harmony").chords[0].pitches) < min(cue.melody().midi)
    True

    Lesson: lessons/11_series.ipynb
    """
    checks.expect(theme, Motif, "theme", "series_theme()")
    seconds = _seconds(seconds, "seconds", 1.0, 60.0)
    head = _head(theme, 4).with_dynamics("p")
    bar = bar_length(theme.time_signature)
    total = math.ceil(head.quarter_length / bar) * bar
    last = head.notes[-1]
    head = head.with_notes(head.notes[:-1] + (replace(last, duration=last.duration + (total - head.quarter_length)),))
    chords = ["i"] * int(total // 2) if _is_series_theme(theme) else None
    return _fit(_orchestrate(head, "elegy", chords).with_name(f"{theme.name}: previously on"), seconds)


def cliffhanger(theme: Motif) -> Cue:
    """The cliffhanger stinger: the theme's head climbing twice by step up the scale, each rung on
    its own chord (for Harbour Lights i, ii°, III: on the ii° rung the head's fifth shrinks to a
    tritone, E to B flat), then a cluster stinger struck on the cut to black and held to the bar
    line. The climb stops on III, away from home: the theme never resolves. The stinger is
    clustered around the theme's tonic and keeps the theme's metre.

    Examples
    --------
    >>> cue = cliffhanger(series_theme())
    >>> [l.role for l in cue.layers][-2:], round(cue.duration_seconds, 1), float(cue.quarter_length)
    (['stinger high', 'stinger low'], 7.5, 12.0)

    Lesson: lessons/11_series.ipynb
    """
    checks.expect(theme, Motif, "theme", "series_theme()")
    head = _head(theme, 3)
    climb = rising_sequence(head, 3).with_dynamics("mf")
    chords = ["i", "ii°", "III"] if _is_series_theme(theme) else None
    bar = bar_length(theme.time_signature)
    beats = float(math.ceil((climb.quarter_length + 4) / bar) * bar - climb.quarter_length)
    tonic = 60 + _pitch.parse_key(theme.key)[0]          # D4 for Harbour Lights
    hit = stinger("cluster", root=tonic, tempo=theme.tempo, key=theme.key, beats=beats,
                  time_signature=theme.time_signature)
    return join(crescendo(_orchestrate(climb, "cold synthetic", chords), start="mp", end="f"), hit,
                name=f"{theme.name}: cliffhanger")


def _cell(head: Motif) -> Motif:
    """``head`` held or cut to the shortest length that fills its bar a whole number of times."""
    length = next(f for f in cell_lengths(head.time_signature) if f >= min(head.quarter_length,
                                                                        bar_length(head.time_signature)))
    kept, t = [], Fraction(0)
    for n in head.notes:
        if t >= length:
            break
        kept.append(n)
        t += n.duration
    last = kept[-1]
    return head.with_notes(tuple(kept[:-1]) + (replace(last, duration=last.duration + length - t),))


def montage(theme: Motif, *, bars: int = 4, tempo: float = 132) -> Cue:
    """The montage cue: the theme's first three notes turned into an ostinato at a driving tempo, with the
    synth pulse under it, ``bars`` bars long. The cell's last note is held so that the cell fills
    the bar a whole number of times (Harbour Lights' three notes already take two beats, half a
    bar); a head longer than a bar is cut at the bar line.

    Examples
    --------
    >>> cue = montage(series_theme())
    >>> [l.role for l in cue.layers], round(cue.duration_seconds, 2)
    (['melody', 'harmony', 'bass', 'pulse'], 7.27)

    Lesson: lessons/11_series.ipynb
    """
    checks.expect(theme, Motif, "theme", "series_theme()")
    cell = ostinato(_cell(_head(theme, 3)), bars).with_tempo(tempo)
    return crescendo(apply_palette(cell, "cold synthetic"), start="mp", end="f").with_name(f"{theme.name}: montage")


#: Layer roles that accompany rather than carry a tune: left out of the top line a listener follows.
_ACCOMPANIMENT = frozenset({"harmony", "bass", "pad", "chords", "pulse", "drums", "percussion", "kick",
                            "backbeat", "ostinato", "stinger", "riser", "hit"})


def top_line(music: Motif | Cue, *, roles: Sequence[str] | None = None) -> Layer:
    """The highest note sounding at each moment across the music's layers (or those whose role is in
    ``roles``), as one layer: the line the ear follows when a tune passes from one section to another.

    A note held in one layer stays one note until a higher note enters or it ends; a gap in every
    layer is a rest.

    Examples
    --------
    >>> horn = Motif.parse("4/4 d'4 f' a'2 r1", instrument="French Horn")
    >>> violins = Motif.parse("4/4 r1 g'4 e' d'2", instrument="Violin")
    >>> duet = as_cue(horn).with_layers([Layer.from_motif(horn), Layer.from_motif(violins).with_(role="violins")])
    >>> [c.pitches for c in top_line(duet).chords]
    [(74,), (77,), (81,), (79,), (76,), (74,)]

    Lesson: lessons/11_series.ipynb
    """
    cue = as_cue(music)
    if roles is not None:
        roles = {checks.text(r, "roles", "name layers, like ['melody', 'violins']") for r in
                 checks.items(roles, "roles", "name layers, like ['melody', 'violins']", most=64)}
    spans = []                                     # (start, end, top pitch, velocity, which note)
    for i, layer in enumerate(cue.layers):
        if roles is not None and layer.role not in roles:
            continue
        t = Fraction(0)
        for j, c in enumerate(layer.chords):
            if c.pitches:
                spans.append((t, t + c.duration, max(c.pitches), c.velocity, (i, j)))
            t += c.duration
    if not spans:
        raise ScoringError("top_line(): no layer sounds a note; give music with notes")
    cuts = sorted({s[0] for s in spans} | {s[1] for s in spans} | {Fraction(0)})
    out: list[tuple[Fraction, Fraction, tuple[int, ...], int, object]] = []
    for a, b in zip(cuts, cuts[1:]):
        on = [s for s in spans if s[0] <= a < s[1]]
        top = max(on, key=lambda s: (s[2], -s[4][0])) if on else None
        who = top[4] if top else None
        pitches, vel = ((top[2],), top[3]) if top else ((), 64)
        if out and out[-1][4] == who and (who is not None or not out[-1][2]):
            out[-1] = (out[-1][0], b, out[-1][2], out[-1][3], who)
        else:
            out.append((a, b, pitches, vel, who))
    return Layer("top line", tuple(Chord(p, b - a, v) for a, b, p, v, _ in out), cue.layers[0].instrument)


def theme_present(theme: Motif, music: Motif | Cue, *, threshold: float = 0.8) -> bool:
    """Whether the theme (or, in a line too short for it, its first three notes) is heard in the
    music, however transposed, re-timed or orchestrated (:func:`scoring.leitmotif.find_motif`): in
    any one layer, or in the top line of the tune-carrying layers (:func:`top_line`), so a theme
    handed from the horn to the violins mid-phrase still counts.

    Examples
    --------
    >>> theme_present(series_theme(), sting(series_theme())), theme_present(series_theme(), tune("Greensleeves"))
    (True, False)

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(theme, Motif) or not isinstance(music, (Motif, Cue)):
        raise ScoringError("theme_present(theme, music) takes the theme as a Motif and the music as a Motif or Cue")
    sounding = [i for i, n in enumerate(theme.notes) if not n.is_rest]
    if len(sounding) < 3:
        return False
    cue = as_cue(music)
    lines = list(cue.layers)
    if len(cue.layers) > 1:
        carriers = [layer.role for layer in cue.layers if layer.role not in _ACCOMPANIMENT]
        if len(carriers) > 1:
            lines.append(top_line(cue, roles=carriers))
        lines.append(top_line(cue))
    for layer in lines:
        heard = sum(1 for c in layer.chords if c.pitches)
        if heard < 3:
            continue
        look = theme if heard >= len(sounding) else theme.fragment(sounding[0], sounding[2] + 1)
        if find_motif(look, cue.with_layers([layer]), threshold=threshold, layer=layer.role):
            return True
    return False


# ---------------------------------------------------------------- loudness (ITU-R BS.1770)
#: Delivery specs: name -> (integrated loudness target, LUFS; true-peak ceiling, dBTP; source).
DELIVERY_SPECS = {
    "EBU R128": (-23.0, -1.0, "EBU R 128, Loudness normalisation and permitted maximum level of audio signals"),
    "ATSC A/85": (-24.0, -2.0, "ATSC A/85, Techniques for Establishing and Maintaining Audio Loudness for "
                               "Digital Television"),
}


def _audio(samples: object, sample_rate: object, *, as_given: bool = False) -> tuple[np.ndarray, int]:
    """The samples checked, as float64 (or, ``as_given``, as the float array they are: no copy)."""
    sr = check_rate(sample_rate)
    if not isinstance(samples, (np.ndarray, list, tuple)):
        raise ScoringError(f"samples: give the sound as a NumPy array (from to_audio()), not {type(samples).__name__}")
    try:
        kept = as_given and isinstance(samples, np.ndarray) and samples.dtype.kind == "f"
        y = samples if kept else np.asarray(samples, dtype=np.float64)
    except (TypeError, ValueError):
        raise ScoringError("samples: give the sound as a NumPy array of numbers (from to_audio())") from None
    if y.ndim not in (1, 2) or (y.ndim == 2 and y.shape[1] > 5) or y.size == 0:
        raise ScoringError(f"samples of shape {y.shape}: give mono (n,) or stereo (n, 2) samples")
    if not np.isfinite(y).all():
        raise ScoringError("the samples hold NaN or infinity; render the music again")
    if len(y) < 0.4 * sr:
        raise ScoringError(f"{len(y) / sr:.2f} s is shorter than one 400 ms loudness block; give at least 0.4 s")
    return y, sr


def integrated_loudness(samples: np.ndarray, sample_rate: int = 44100) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, measured by pyloudnorm): K-weighted, in 400 ms
    blocks, gated at -70 LUFS and 10 LU below the ungated level. Silence reads -inf.

    Examples
    --------
    >>> t = np.arange(44100 * 3) / 44100
    >>> round(integrated_loudness(np.sin(2 * np.pi * 997 * t)), 2)   # BS.1770 says -3.01
    -3.05

    Lesson: lessons/11_series.ipynb
    """
    return _metered(samples, sample_rate)[0]


def momentary_loudness(samples: np.ndarray, sample_rate: int = 44100) -> tuple[np.ndarray, np.ndarray]:
    """Momentary loudness (BS.1770's 400 ms K-weighted blocks, every 100 ms, ungated): ``(times in
    seconds at each block's end, LUFS)``.

    Examples
    --------
    >>> times, lufs = momentary_loudness(np.zeros(44100))
    >>> len(times), float(times[0])
    (7, 0.4)

    Lesson: lessons/11_series.ipynb
    """
    lufs = np.maximum(_metered(samples, sample_rate)[1], -120.0)
    return 0.4 + 0.1 * np.arange(len(lufs)), lufs


#: The last sounds measured: a panel measures the same stems and mix again when one fader moves,
#: and one measurement gives both the integrated and the momentary readings.
_meterings = Remembered(most=32)


def _metered(samples: object, sample_rate: object) -> tuple[float, np.ndarray]:
    """One BS.1770 measurement by pyloudnorm: (integrated LUFS, each 400 ms block's LUFS, read-only),
    remembered by the samples' digest."""
    import pyloudnorm

    # the digest of the samples as given (a float32 sound: half the bytes of its float64 copy); a
    # sound found was checked when it was first measured
    given = isinstance(samples, np.ndarray) and samples.dtype.kind == "f"
    key = _meterings.key(samples, check_rate(sample_rate)) if given else None
    found = _meterings.get(key) if given else None
    if found is None:
        y, sr = _audio(samples, sample_rate)
        key = key or _meterings.key(y, sr)
        meter = pyloudnorm.Meter(sr)
        integrated = float(meter.integrated_loudness(y))
        blocks = np.asarray(meter.blockwise_loudness, dtype=float)
        blocks.setflags(write=False)
        found = (integrated, blocks)
        _meterings.keep(key, found)
    return found


def true_peak(samples: np.ndarray, sample_rate: int = 44100) -> float:
    """True peak in dBTP: the highest absolute value after 4x oversampling (polyphase, as in
    ITU-R BS.1770-4 Annex 2), which catches the peaks between samples that a sample meter misses.

    Examples
    --------
    >>> y = np.sin(np.pi / 2 * np.arange(44100) + np.pi / 4) * np.hanning(44100)  # peaks between samples
    >>> round(float(20 * np.log10(abs(y).max())), 2), round(true_peak(y), 1)
    (-3.01, 0.0)

    Lesson: lessons/11_series.ipynb
    """
    from scipy.signal import resample_poly

    y, _ = _audio(samples, sample_rate, as_given=True)
    y = y.reshape(len(y), -1)
    block, pad, peak = 1 << 16, 64, 0.0    # in blocks, with a margin for the filter: little memory
    for ch in range(y.shape[1]):
        for a in range(0, len(y), block):
            lo, hi = max(0, a - pad), min(len(y), a + block + pad)
            up = resample_poly(y[lo:hi, ch].astype(np.float64), 4, 1)   # a block at a time in doubles
            inner = up[4 * (a - lo): 4 * (min(len(y), a + block) - lo)]
            peak = max(peak, float(np.abs(inner).max()))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


# ---------------------------------------------------------------- stems and the music mix
def render_stems(music: Motif | Cue, *, sample_rate: int = 44100) -> dict[str, np.ndarray]:
    """Each layer of the music rendered alone (a stem), all the same length: role -> stereo samples.
    A layer's role names its stem (a second layer with the same role gets a number).

    Examples
    --------
    >>> stems = render_stems(sting(series_theme()))
    >>> list(stems), {s.shape for s in stems.values()}
    (['melody', 'harmony', 'bass'], {(264600, 2)})

    Lesson: lessons/11_series.ipynb
    """
    cue = as_cue(music)
    out: dict[str, np.ndarray] = {}
    for layer in cue.layers:
        y, _ = cue.with_layers([layer]).to_audio(sample_rate=sample_rate)
        name, k = layer.role, 2
        while name in out:
            name, k = f"{layer.role} {k}", k + 1
        out[name] = np.asarray(y, dtype=np.float32)
    n = max(len(y) for y in out.values())
    return {k: y if len(y) == n else np.pad(y, ((0, n - len(y)), (0, 0))) for k, y in out.items()}


def _db(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else -math.inf


#: Held while a delivery's true peak is measured (the sound thread may be measuring the one read).
_peak_lock = threading.Lock()


@dataclass(frozen=True, repr=False)
class Delivery:
    """Stems at their final gains and the music mix mixed from them, ready for the dub stage.

    ``stems`` maps a stem's name to stereo float32 samples (a ``dialogue`` stem holds the scene's
    voices); ``master`` is the music mix (the print master proper, the programme's final mix of
    dialogue, music and effects, is made from it on the dub stage; :func:`deliver` mixes it as the sum of the stems, so
    the re-recording mixer can rebuild it); ``music`` is the cue they came from; ``target`` and ``ceiling`` the delivery spec (LUFS,
    dBTP) the gains were set for; ``gain_db`` the gain applied to reach it.

    Lesson: lessons/11_series.ipynb
    """

    name: str
    music: Cue
    stems: Mapping[str, np.ndarray]
    master: np.ndarray
    sample_rate: int = 44100
    target: float | None = -23.0
    ceiling: float = -1.0
    gain_db: float = 0.0
    lines: tuple = ()
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def seconds(self) -> float:
        """The delivered length in seconds (the music and its reverb tail)."""
        return len(self.master) / self.sample_rate

    @property
    def loudness(self) -> float:
        """The music mix's integrated loudness (LUFS)."""
        if "lufs" not in self._cache:
            self._cache["lufs"] = integrated_loudness(self.master, self.sample_rate)
        return self._cache["lufs"]

    @property
    def peak(self) -> float:
        """The music mix's true peak (dBTP)."""
        if "tp" not in self._cache:
            with _peak_lock:       # measured once: a reader waits for a thread already measuring
                if "tp" not in self._cache:
                    self._cache["tp"] = true_peak(self.master, self.sample_rate)
        return self._cache["tp"]

    def report(self) -> str:
        """One line: name, length, stems, loudness and true peak against the spec.

        Lesson: lessons/11_series.ipynb
        """
        goal = " (no target: level as mixed)" if self.target is None else f" (target {self.target:g})"
        return (f"{self.name}: {self.music.duration_seconds:.1f} s + tail | stems: {', '.join(self.stems)} | "
                f"{self.loudness:.1f} LUFS{goal} | true peak {self.peak:.1f} dBTP (ceiling {self.ceiling:g})")

    def __repr__(self) -> str:
        return self.report()


def _gains(gains: object, names: Sequence[str]) -> dict[str, float]:
    if gains is None:
        return {}
    if not isinstance(gains, Mapping):
        raise ScoringError(f"gains={show(gains)}: give a dict of stem name -> dB, e.g. {{'bass': -3}}")
    out = {}
    for k, v in gains.items():
        if k not in names:
            raise ScoringError(f"there is no stem {show(k)}; the stems are {', '.join(names)}")
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not -60 <= v <= 12:
            raise ScoringError(f"the gain for {k!r} is {show(v)}; give decibels from -60 to +12")
        out[k] = float(v)
    return out


def deliver(music: Motif | Cue, *, target: float | None = -23.0, ceiling: float = -1.0,
            gains: Mapping[str, float] | None = None, lines: Sequence[tuple] = (), dialogue_level: float = 0.12,
            name: str | None = None, sample_rate: int = 44100) -> Delivery:
    """Stems and a music mix at a loudness target: each layer rendered alone, set to its gain
    (``gains``: stem -> dB, for the balance), a ``dialogue`` stem added if ``lines`` of dialogue
    ``(start, end, who, text)`` are given, then every stem scaled by one gain so the sum reads
    ``target`` LUFS (``None``: as rendered). The dialogue stem moves with that gain too, a classroom
    shortcut: on a dub stage the dialogue is fixed and only the music moves. The loudness is the
    whole mix's (BS.1770 gating), never dialogue-gated. The true peak is measured, not limited: if it is over
    the ``ceiling``, lower the loudest stem (its peaks) rather than the whole mix.

    Examples
    --------
    >>> d = deliver(sting(series_theme()))
    >>> round(d.loudness, 1), d.peak < -1, list(d.stems)
    (-23.0, True, ['melody', 'harmony', 'bass'])

    Lesson: lessons/11_series.ipynb
    """
    cue = as_cue(music)
    sr = check_rate(sample_rate)
    lines = checks.items(lines, "lines", _LINES, most=10_000)
    if name is not None:
        checks.text(name, "name", "give the cue's name, like 'Main title'", most=200)
    stems = render_stems(cue, sample_rate=sr)
    if lines:
        voice = dialogue_track(list(lines), len(next(iter(stems.values()))) / sr, level=dialogue_level, sample_rate=sr)
        n = len(next(iter(stems.values())))
        stems["dialogue"] = np.repeat(voice[:n, None], 2, axis=1)
    raw = Delivery(name or cue.name, cue, stems, mixdown(stems), sr, None, -1.0, 0.0, tuple(lines))
    del stems
    _check_levels(target, ceiling)
    return _rebalance(raw, gains, target, ceiling, mixed=True)


def rebalance(delivery: Delivery, *, gains: Mapping[str, float] | None = None, target: float | None = -23.0,
              ceiling: float = -1.0) -> Delivery:
    """The same stems at new gains (``gains``: stem -> dB), mixed again, then every stem scaled by
    one gain so the music mix reads ``target`` LUFS (``None``: leave the level as mixed). Nothing
    is rendered again: this is the fader, not the orchestra.

    Examples
    --------
    >>> d = deliver(sting(series_theme()), target=None)
    >>> quiet = rebalance(d, gains={"melody": -6}, target=None)
    >>> round(d.loudness - quiet.loudness, 1) > 0, round(rebalance(quiet).loudness, 1)
    (True, -23.0)

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(delivery, Delivery):
        raise ScoringError(f"rebalance() takes a Delivery (from deliver(...)), not {type(delivery).__name__}")
    _check_levels(target, ceiling)
    return _rebalance(delivery, gains, target, ceiling, mixed=False)


def _check_levels(target: object, ceiling: object) -> None:
    if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float, np.integer, np.floating))
                               or not -40 <= target <= -5):
        raise ScoringError(f"target={show(target)}: give an integrated loudness in LUFS, like -23 (EBU R128)")
    if isinstance(ceiling, bool) or not isinstance(ceiling, (int, float, np.integer, np.floating)) \
            or not -20 <= ceiling <= 0:
        raise ScoringError(f"ceiling={show(ceiling)}: give a true-peak ceiling in dBTP, like -1 (EBU R128)")


def _scaled(y: np.ndarray, db: float) -> np.ndarray:
    """Samples at a gain (dB), float32; the same array when the gain is 0 dB (samples are never
    changed in place, so they can be shared)."""
    y = np.asarray(y, dtype=np.float32)
    return y if db == 0 else np.multiply(y, np.float32(10 ** (db / 20)), dtype=np.float32)


def _rebalance(delivery: Delivery, gains, target, ceiling, *, mixed: bool) -> Delivery:
    """:func:`rebalance` after its checks. ``mixed``: the delivery's master is already its stems'
    sum (as :func:`deliver` makes it), so with no gains it is not mixed again. One copy of the
    stems at a time, for long cues' sake."""
    g = _gains(gains, list(delivery.stems))
    stems = {k: _scaled(y, g.get(k, 0.0)) for k, y in delivery.stems.items()}
    master = delivery.master if mixed and not g else mixdown(stems)
    out = replace(delivery, stems=stems, master=master, target=None, ceiling=float(ceiling), gain_db=0.0, _cache={})
    if target is None or not math.isfinite(out.loudness):
        return out
    gain = float(target) - out.loudness
    del stems
    scaled = {k: _scaled(y, gain) for k, y in out.stems.items()}
    return replace(out, stems=scaled, master=_scaled(out.master, gain), target=float(target),
                   gain_db=round(gain, 2), _cache={})


def mixdown(stems: Mapping[str, np.ndarray]) -> np.ndarray:
    """The music mix: the stems summed at unity gain (float32; the stems are already balanced).

    Examples
    --------
    >>> mixdown({"a": np.ones((4, 2)), "b": np.full((4, 2), 0.5)})[0].tolist()
    [1.5, 1.5]

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(stems, Mapping) or not stems:
        raise ScoringError("give the stems as a dict of name -> samples, e.g. render_stems(cue)")
    shapes = {np.shape(y) for y in stems.values()}
    if len(shapes) != 1:
        raise ScoringError(f"the stems differ in length ({', '.join(str(s[0]) for s in shapes)} samples); "
                           "render them together with render_stems(cue)")
    total = np.zeros(shapes.pop(), dtype=np.float64)
    for y in stems.values():          # one at a time: a list of float64 copies would double the memory
        total += np.asarray(y)
    return total.astype(np.float32)


def under_dialogue(music: Motif | Cue, lines: Sequence[tuple], *, to: str = "pp") -> Cue:
    """The music ducked (at most ``to``) under each line of dialogue ``(start, end, who, text)``:
    :func:`scoring.silence.duck_under` on the lines' spans.

    Examples
    --------
    >>> cue = under_dialogue(series_theme(), [(2.0, 4.0, "MAYA", "Where were you?")])
    >>> [c.velocity for c in cue.layers[0].chords][:6]
    [80, 80, 80, 80, 33, 33]

    Lesson: lessons/11_series.ipynb
    """
    spans = []
    for line in checks.items(lines, "lines", _LINES, most=10_000):
        if not isinstance(line, (list, tuple)) or len(line) < 2:
            raise ScoringError(f"lines holds {show(line)}, not a line; {_LINES}")
        spans.append(tuple(checks.number(v, "a line's start and end", _LINES) for v in line[:2]))
    return duck_under(music, spans, to=to)


_LINES = "give dialogue lines (start, end, who, text), like [(2.0, 4.0, 'MAYA', 'Where were you?')]"


def dialogue_clearance(delivery: Delivery) -> list[tuple[str, float]]:
    """For each line of dialogue in a delivery: how far the voice stands above the music while it
    speaks (dB, plain RMS of the dialogue stem over plain RMS of the music stems, not K-weighted).
    The course's rule of thumb: about 10 dB or more keeps the words clear; near 0 dB the music
    masks them.

    Examples
    --------
    >>> lines = [(1.0, 3.0, "MAYA", "Where were you?")]
    >>> loud = deliver(series_theme(), lines=lines)
    >>> soft = deliver(under_dialogue(series_theme(), lines), lines=lines)
    >>> dialogue_clearance(soft)[0][1] > dialogue_clearance(loud)[0][1] + 5
    True

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(delivery, Delivery) or "dialogue" not in delivery.stems:
        raise ScoringError("give a Delivery made with lines=[...] of dialogue, e.g. deliver(cue, lines=lines)")
    sr = delivery.sample_rate
    voice = delivery.stems["dialogue"].astype(np.float64)
    music = np.zeros(voice.shape, dtype=np.float64)
    for k, y in delivery.stems.items():
        if k != "dialogue":
            music += y
    out = []
    for s, e, who, text in delivery.lines:
        a, b = int(s * sr), int(e * sr)
        v = math.sqrt(float(np.mean(voice[a:b] ** 2)) + 1e-20)
        m = math.sqrt(float(np.mean(music[a:b] ** 2)) + 1e-20)
        out.append((f"{who}: {text}", round(_db(v) - _db(m), 1)))
    return out


def dialogue_lines(scene: Scene) -> list[tuple[float, float, str, str]]:
    """A scene's dialogue as lines ``(start, end, who, text)`` (scene seconds, to the millisecond):
    what :func:`under_dialogue` ducks under and :func:`deliver` murmurs, so the mix, the ducking
    and the animatic's subtitles share one set of times.

    Examples
    --------
    >>> from scoring.scene import load_scene
    >>> dialogue_lines(load_scene("harbour_wall"))[0]
    (1.0, 3.208, 'MAYA', "You said you'd be back by dawn.")

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError(f"dialogue_lines() reads a Scene, e.g. load_scene('harbour_wall'), not {show(scene)}")
    return [(round(d.start, 3), round(d.end, 3), d.who, d.text) for d in scene.dialogue]


def music_under_lines(music: Motif | Cue, lines: Sequence[tuple]) -> list[tuple[str, float]]:
    """How loud the music alone is while each line of dialogue ``(start, end, who, text)`` is
    spoken: plain RMS of the rendered music (both channels), in dBFS. Compare a cue with its
    :func:`under_dialogue` version to hear, in decibels, how far the music steps back.

    Examples
    --------
    >>> lines = [(1.0, 3.0, "MAYA", "Where were you?")]
    >>> loud = music_under_lines(series_theme(), lines)[0][1]
    >>> soft = music_under_lines(under_dialogue(series_theme(), lines), lines)[0][1]
    >>> loud - soft > 6
    True

    Lesson: lessons/11_series.ipynb
    """
    cue = as_cue(music)
    spans = []
    for line in checks.items(lines, "lines", _LINES, most=1000):
        if not isinstance(line, (list, tuple)) or len(line) != 4:
            raise ScoringError(f"lines holds {show(line)}, not a line; {_LINES}")
        a, b = (checks.number(v, "a line's start and end", _LINES, lo=0, hi=cue.duration_seconds + 60)
                for v in line[:2])
        if b <= a:
            raise ScoringError(f"the line {show(line[3])} ends at {b:g} s, before it starts ({a:g} s); {_LINES}")
        spans.append((a, b, f"{line[2]}: {line[3]}" if line[2] else str(line[3])))
    y, sr = cue.to_audio()
    out = []
    for a, b, label in spans:
        part = np.asarray(y[int(a * sr):max(int(b * sr), int(a * sr) + 1)], dtype=np.float64)
        level = math.sqrt(float(np.mean(part ** 2))) if part.size else 0.0
        out.append((label, round(_db(level), 1) if level > 1e-9 else -math.inf))
    return out


# ---------------------------------------------------------------- delivery: files, cue sheet, notes
def cue_sheet(deliveries: Sequence[Delivery], *, production: str = "Harbour Lights", composer: str = "",
              publisher: str = "", usages: Sequence[str] | None = None) -> CueSheet:
    """A cue sheet (:class:`scoring.scene.CueSheet`) for delivered cues, one after another from
    01:00:00:00, numbered 1M1, 1M2 ...; ``usages`` per cue (default ``MT`` for the first, main title,
    and ``BI`` for the rest).

    Examples
    --------
    >>> sheet = cue_sheet([deliver(sting(series_theme()), target=None)], usages=["MT"])
    >>> sheet.rows[0]["cue"], sheet.rows[0]["usage"], sheet.rows[0]["duration"]
    ('1M1', 'MT', '0:05')

    Lesson: lessons/11_series.ipynb
    """
    items = checks.items(deliveries, "deliveries", _DELIVERIES, most=1000)
    if not items or not all(isinstance(d, Delivery) for d in items):
        raise ScoringError("give a list of Delivery values, e.g. [deliver(title), deliver(sting)]")
    codes = checks.items(usages, "usages", "give one usage code per cue, like ['MT', 'BI']", most=1000) if usages is not None else ["MT"] + ["BI"] * (len(items) - 1)
    if len(codes) != len(items) or any(not isinstance(u, str) or u not in USAGES for u in codes):
        raise ScoringError(f"give one usage per cue, each one of {', '.join(USAGES)}")
    rows, t = [], 3600.0
    for i, (d, u) in enumerate(zip(items, codes), 1):
        length = d.music.duration_seconds
        secs = int(round(length))
        rows.append({"cue": f"1M{i}", "title": d.name, "usage": u, "in": seconds_to_timecode(t),
                     "out": seconds_to_timecode(t + length), "duration": f"{secs // 60}:{secs % 60:02d}",
                     "composer": composer, "publisher": publisher})
        t += length
    return CueSheet(production, tuple(rows))


def delivery_notes(deliveries: Sequence[Delivery], *, spec: str = "EBU R128") -> str:
    """The delivery notes that travel with the stems: the spec, and per cue its files, length,
    loudness, true peak and whether it meets the spec.

    Examples
    --------
    >>> print(delivery_notes([deliver(sting(series_theme()))]).splitlines()[0])
    DELIVERY NOTES · spec EBU R128: -23 LUFS integrated, true peak at most -1 dBTP (ITU-R BS.1770-4)

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(spec, str) or spec not in DELIVERY_SPECS:
        raise ScoringError(f"unknown spec {show(spec)}; choose one of {', '.join(DELIVERY_SPECS)}")
    target, ceiling, _ = DELIVERY_SPECS[spec]
    deliveries = checks.items(deliveries, "deliveries", _DELIVERIES, most=1000)
    if not all(isinstance(d, Delivery) for d in deliveries):
        raise ScoringError(f"deliveries={show(deliveries)}: {_DELIVERIES}")
    out = [f"DELIVERY NOTES · spec {spec}: {target:g} LUFS integrated, true peak at most {ceiling:g} dBTP "
           "(ITU-R BS.1770-4)"]
    for d in deliveries:
        ok = abs(d.loudness - target) <= 0.5 and d.peak <= ceiling
        out.append(f"{_slug(d.name)}: {d.seconds:.2f} s, stems {', '.join(d.stems)} + music mix; "
                   f"{d.loudness:.1f} LUFS, {d.peak:.1f} dBTP, {'meets' if ok else 'does NOT meet'} the spec")
    rates = sorted({d.sample_rate for d in deliveries})
    out.append(f"Stems are 16-bit stereo WAV at {' / '.join(f'{r / 1000:g}' for r in rates)} kHz, all from 0 s; "
               "summed at unity they make the music mix.")
    return "\n".join(out)


_DELIVERIES = "give a list of Delivery values, e.g. [deliver(title), deliver(sting)]"


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "_" for ch in str(text).lower())
    return "_".join(p for p in keep.split("_") if p)[:60] or "cue"


def write_delivery(deliveries: Sequence[Delivery], folder: str | os.PathLike, *,
                   production: str = "Harbour Lights", spec: str = "EBU R128") -> list[Path]:
    """Write a delivery into ``folder`` (it must exist; you choose it): per cue one WAV per stem and
    the music mix, then ``cue_sheet.csv`` and ``delivery_notes.txt``. Returns the paths written.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_delivery([deliver(sting(series_theme()))], tempfile.mkdtemp())
    >>> [p.name for p in paths]  # doctest: +NORMALIZE_WHITESPACE
    ['harbour_lights_sting_melody.wav', 'harbour_lights_sting_harmony.wav', 'harbour_lights_sting_bass.wav',
     'harbour_lights_sting_musicmix.wav', 'cue_sheet.csv', 'delivery_notes.txt']

    Lesson: lessons/11_series.ipynb
    """
    items = checks.items(deliveries, "deliveries", _DELIVERIES, most=1000)
    if not items or not all(isinstance(d, Delivery) for d in items):
        raise ScoringError("give a list of Delivery values, e.g. [deliver(title), deliver(sting)]")
    if not isinstance(folder, (str, os.PathLike)):
        raise ScoringError(f"folder={show(folder)}: give a folder path, e.g. Path('delivery') after "
                           "Path('delivery').mkdir()")
    base = Path(os.fspath(folder))
    if base.exists() and not base.is_dir():
        raise ScoringError(f"{show(folder)} is a file, not a folder; give a folder to write the delivery into")
    if not base.is_dir():
        raise ScoringError(f"the folder {show(folder)} does not exist; create it first (you choose where)")
    paths = []
    for d in items:
        stem = _slug(d.name)
        for k, y in d.stems.items():
            paths.append(write_wav(base / f"{stem}_{_slug(k)}.wav", y, d.sample_rate))
        paths.append(write_wav(base / f"{stem}_musicmix.wav", d.master, d.sample_rate))
    paths.append(cue_sheet(items, production=production).to_csv(base / "cue_sheet.csv"))
    notes = writable_path(base / "delivery_notes.txt", (".txt",))
    notes.write_text(delivery_notes(items, spec=spec) + "\n", encoding="utf-8")
    paths.append(notes)
    return paths
