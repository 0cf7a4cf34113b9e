"""Chords under a motif: diatonic triads, chromatic-mediant moves, the noir minor-major seventh,
or chords you name. Each returns a :class:`~scoring.core.cue.Cue` with melody, harmony and bass.

Lesson: lessons/01_mood.ipynb
"""
from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Sequence

import numpy as np

from scoring.core import pitch as _pitch
from scoring.core.cue import Chord, Cue, Layer
from scoring.core.film import check_real
from scoring.core.motif import Motif
from scoring.core.notes import check_time_signature
from scoring.errors import ScoringError
from scoring.render.checks import number

__all__ = ["STYLES", "MEDIANT_ROOTS", "bar_length", "beat_length", "beat_position", "spans", "diatonic_triads",
           "chord_pitch_classes", "harmonize"]

#: The harmony styles :func:`harmonize` knows, besides a list of chords.
STYLES = ("diatonic", "mediant", "noir")
#: Diatonic degrees in the order a tie is broken: tonic, dominant, subdominant, submediant, ...
_PREFERENCE = (0, 4, 3, 5, 1, 2, 6)
#: Chromatic mediants of a tonic: major triads a third away sharing one note with it.
MEDIANT_ROOTS = {"III": 4, "bVI": 8, "VI": 9, "bIII": 3}
_ROMAN = re.compile(r"^[b#]?(vii|vi|v|iv|iii|ii|i|VII|VI|V|IV|III|II|I)(?![a-z])")


def bar_length(time_signature: str) -> Fraction:
    """Quarter lengths in one bar: ``"4/4"`` is 4, ``"6/8"`` is 3.

    Examples
    --------
    >>> bar_length("3/4"), bar_length("6/8")
    (Fraction(3, 1), Fraction(3, 1))

    Lesson: lessons/01_mood.ipynb
    """
    if not isinstance(time_signature, str):
        raise ScoringError(f"time_signature={time_signature!r}: write beats/unit as text, like '4/4' or '6/8'")
    beats, unit = (int(x) for x in check_time_signature(time_signature).split("/"))
    return Fraction(beats * 4, unit)


def beat_length(time_signature: str) -> Fraction:
    """Quarter lengths in one beat, the pulse a listener counts: the unit in simple metres, a
    dotted quarter in compound ones (6/8, 9/8, 12/8 count two, three, four beats).

    Examples
    --------
    >>> beat_length("3/4"), beat_length("12/8"), beat_length("2/2"), beat_length("3/8")
    (Fraction(1, 1), Fraction(3, 2), Fraction(2, 1), Fraction(1, 2))

    Lesson: lessons/01_mood.ipynb
    """
    bar = bar_length(time_signature)
    beats, unit = (int(x) for x in time_signature.split("/"))
    return bar / (beats // 3) if unit >= 8 and beats % 3 == 0 and beats > 3 else Fraction(4, unit)


def beat_position(offset: Fraction | float, time_signature: str) -> tuple[int, float, bool]:
    """Where a moment (quarter notes from the start) falls: ``(bar, beat, strong)``, bar and beat
    counted from 1 in the metre's own beats (see :func:`beat_length`; a moment between beats has a
    fractional beat). ``strong`` is the first beat of a bar, or the third of a four-beat bar (4/4,
    12/8, 4/2).

    Examples
    --------
    >>> beat_position(3, "12/8"), beat_position(2, "4/4"), beat_position(1.5, "6/8")
    ((1, 3.0, True), (1, 3.0, True), (1, 2.0, False))

    Lesson: lessons/02_tension.ipynb
    """
    bar, beat = bar_length(time_signature), beat_length(time_signature)
    at = offset if isinstance(offset, Fraction) else Fraction(
        number(offset, "offset", "give quarter notes from the start, like 4", lo=0)).limit_denominator(96)
    if at < 0:
        raise ScoringError(f"offset={offset}: give quarter notes from the start, 0 or more, like 4")
    into = at % bar
    strong = into == 0 or (bar / beat == 4 and into == bar / 2)
    return int(at // bar) + 1, float(into / beat) + 1, strong


def spans(motif: Motif, every: Fraction | float | None = None) -> list[tuple[Fraction, Fraction]]:
    """(start, length) of each harmonic span: one a bar by default, the last one cut to the motif's end.

    Examples
    --------
    >>> from scoring import Motif
    >>> [(float(s), float(l)) for s, l in spans(Motif.parse("3/4 c2. d2. e2"))]
    [(0.0, 3.0), (3.0, 3.0), (6.0, 2.0)]

    Lesson: lessons/01_mood.ipynb
    """
    _check_motif(motif, "spans")
    if every is None:
        step = bar_length(motif.time_signature)
    else:
        fix = "give the quarter notes each chord lasts, like every=2 (or every=None for one a bar)"
        step = every if isinstance(every, Fraction) else Fraction(check_real(every, "every", fix)).limit_denominator(16)
        if step <= 0:
            raise ScoringError(f"every={every!r}: chords must last at least 1/16 of a quarter note; try every=2")
    total = motif.quarter_length
    count = math.ceil(total / step)
    if count > 256:
        raise ScoringError(f"{count} chords is over the 256-chord limit; use longer spans (every=...)")
    return [(k * step, min(step, total - k * step)) for k in range(count)]


def _check_motif(motif: object, caller: str) -> Motif:
    if not isinstance(motif, Motif):
        raise ScoringError(f"{caller}() needs a Motif as its first argument, not {type(motif).__name__}; "
                           "build one with Motif.parse(\"4/4 c4 e g c'\") (for a cue, use cue.melody())")
    return motif


def _weights(motif: Motif, start: Fraction, length: Fraction) -> list[float]:
    """How much each pitch class sounds in a span, the first sounding note counting extra."""
    w, t, first = [0.0] * 12, Fraction(0), True
    for n in motif.notes:
        a, b = max(t, start), min(t + n.duration, start + length)
        if b > a and not n.is_rest:
            w[n.pitch % 12] += float(b - a) * (1.5 if first else 1.0)
            first = False
        t += n.duration
    return w


def diatonic_triads(key: str) -> list[tuple[int, ...]]:
    """The seven triads of a key's mode as pitch-class tuples (root, third, fifth).

    Examples
    --------
    >>> diatonic_triads("C major")[:3]
    [(0, 4, 7), (2, 5, 9), (4, 7, 11)]

    Lesson: lessons/01_mood.ipynb
    """
    pc, _, mode = _pitch.parse_key(key)
    steps = _pitch.MODES[mode]
    return [tuple((pc + steps[(d + k) % 7]) % 12 for k in (0, 2, 4)) for d in range(7)]


def _choose_diatonic(motif: Motif, spanlist) -> list[tuple[int, ...]]:
    triads = diatonic_triads(motif.key)
    out = []
    for i, (s, l) in enumerate(spanlist):
        w = _weights(motif, s, l)
        score = {d: sum(w[p] for p in triads[d]) for d in range(7)}
        best = max(_PREFERENCE, key=lambda d: (score[d], -_PREFERENCE.index(d)))
        if (i == 0 or i == len(spanlist) - 1) and score[0] >= 0.8 * score[best]:
            best = 0
        out.append(triads[best])
    return out


#: What a melody note costs against a chord: a semitone rub on a strong beat, a rub on a weak beat,
#: a non-chord tone on a strong beat. A rub against a chromatic chord's borrowed note is a false
#: relation (the melody's G against the chord's G sharp) and costs as much on any beat.
_RUB_STRONG, _RUB_WEAK, _FREE_STRONG = 10, 3, 2


def _strong(offset: Fraction, bar: Fraction) -> bool:
    """Whether an offset falls on a strong beat: the downbeat, or the middle of an even bar."""
    at = offset % bar
    return at == 0 or (bar.numerator % 2 == 0 and bar >= 2 and at == bar / 2)


def _clash(motif: Motif, start: Fraction, length: Fraction, chord: Sequence[int], *, chromatic: bool = False) -> int:
    """What the melody in a span costs against a chord (0: every strong-beat note is a chord tone
    and nothing rubs). A note held into the span counts as struck on its first beat."""
    bar, cost, t = bar_length(motif.time_signature), 0, Fraction(0)
    tones = {p % 12 for p in chord}
    for n in motif.notes:
        begin, end = max(t, start), min(t + n.duration, start + length)
        t += n.duration
        if end <= begin or n.is_rest:
            continue
        pc, strong = n.pitch % 12, _strong(begin, bar)
        if pc in tones:
            continue
        if any((pc - q) % 12 in (1, 11) for q in tones):
            cost += _RUB_STRONG if strong or chromatic else _RUB_WEAK
        elif strong:
            cost += _FREE_STRONG
    return cost


def _mediant_spans(motif: Motif, spanlist):
    """The mediant style's spans: the motif's own spans, with the last note split off as its own
    span when the melody ends on the tonic, so the cue comes home on the tonic chord."""
    pc = _pitch.parse_key(motif.key)[0]
    sounding = [(sum((n.duration for n in motif.notes[:i]), Fraction(0)), n)
                for i, n in enumerate(motif.notes) if not n.is_rest]
    if not sounding:
        return list(spanlist)
    onset, last = sounding[-1]
    s, l = spanlist[-1]
    if last.pitch % 12 == pc and s < onset < s + l:
        return list(spanlist[:-1]) + [(s, onset - s), (onset, s + l - onset)]
    return list(spanlist)


def _choose_mediant(motif: Motif, spanlist) -> list[tuple[int, ...]]:
    """Home, away to a chromatic mediant, and home again, choosing chords the melody does not rub.

    The first and last spans, and every other one, stay on the tonic unless a strong-beat note
    rubs against it; the spans between move to the chromatic mediant the melody fits best. Where
    every mediant would rub (the melody's G against E major's G sharp), a diatonic triad that fits
    takes the span instead.
    """
    pc, _, mode = _pitch.parse_key(motif.key)
    third = 4 if mode in ("major", "ionian", "lydian", "mixolydian") else 3
    tonic = (pc, (pc + third) % 12, (pc + 7) % 12)
    mediants = [((pc + r) % 12, (pc + r + 4) % 12, (pc + r + 7) % 12) for r in MEDIANT_ROOTS.values()]
    diatonic = [diatonic_triads(motif.key)[d] for d in _PREFERENCE]
    out = []
    for i, (s, l) in enumerate(spanlist):
        home = i % 2 == 0 or i == len(spanlist) - 1
        if home and _clash(motif, s, l, tonic) < _RUB_STRONG:
            out.append(tonic)
            continue
        away = [(_clash(motif, s, l, m, chromatic=True), k, m) for k, m in enumerate(mediants)]
        cost, _, best = min(away)
        if home or cost >= _RUB_STRONG:
            fits = [(_clash(motif, s, l, d), len(mediants) + k, d) for k, d in enumerate(diatonic)]
            cost, _, best = min(away + fits)
        out.append(best)
    return out


def _choose_noir(motif: Motif, spanlist) -> list[tuple[int, ...]]:
    pc = _pitch.parse_key(motif.key)[0]
    i_mm7 = (pc, (pc + 3) % 12, (pc + 7) % 12, (pc + 11) % 12)
    iv_m6 = ((pc + 5) % 12, (pc + 8) % 12, (pc + 0) % 12, (pc + 2) % 12)
    return [iv_m6 if i % 2 == 1 and i != len(spanlist) - 1 else i_mm7 for i in range(len(spanlist))]


def chord_pitch_classes(symbol: str, key: str = "C major") -> tuple[int, ...]:
    """Pitch classes of a chord symbol (``"Am"``, ``"G7"``, ``"Cm(maj7)"``) or Roman numeral (``"V7"``, ``"bVI"``), root first.

    Examples
    --------
    >>> chord_pitch_classes("Am"), chord_pitch_classes("V7", "C major"), chord_pitch_classes("bVI", "C major")
    ((9, 0, 4), (7, 11, 2, 5), (8, 0, 3))

    Lesson: lessons/01_mood.ipynb
    """
    from music21 import harmony, roman

    if not isinstance(symbol, str):
        raise ScoringError(f"chord {symbol!r} should be text: a symbol like 'Am' or 'G7', or a Roman numeral like 'V7'")
    text = symbol.strip()
    try:
        if _ROMAN.match(text):
            _, tonic, mode = _pitch.parse_key(key)
            m21key = tonic[0] + tonic[1:].replace("b", "-")
            rn = roman.RomanNumeral(text, m21key.lower() if mode in ("minor", "aeolian") else m21key)
            pcs = [p.pitchClass for p in rn.pitches]
            root = rn.root().pitchClass
        else:
            cs = harmony.ChordSymbol(text.replace("Cb", "C-").replace("b", "-") if len(text) > 1 and text[1] == "b" else text)
            pcs = [p.pitchClass for p in cs.pitches]
            root = cs.root().pitchClass
        if not pcs:
            raise ValueError
    except Exception:
        raise ScoringError(f"{symbol!r} is not a chord I can read; write a symbol like 'Am', 'G7', 'Fmaj7' "
                           "or a Roman numeral like 'IV', 'V7', 'bVI'") from None
    ordered = [root] + [p for p in dict.fromkeys(pcs) if p != root]
    return tuple(ordered)


def _lowest_in(motif: Motif, start: Fraction, length: Fraction, *, default: int) -> int:
    """The lowest melody note sounding in a span (the chord stays below it)."""
    t, low = Fraction(0), None
    for n in motif.notes:
        if not n.is_rest and t < start + length and t + n.duration > start:
            low = n.pitch if low is None else min(low, n.pitch)
        t += n.duration
    return default if low is None else low


def _voice(pcs: Sequence[int], ceiling: int) -> tuple[int, ...]:
    """Close position, root at the bottom, top note below ``ceiling``, root no lower than A2
    (a close chord lower than that is mud: see roughness in lesson 02)."""
    root = pcs[0] + 48
    voiced = [root]
    for p in pcs[1:]:
        q = voiced[-1] + ((p - voiced[-1]) % 12 or 12)
        voiced.append(q)
    while voiced[-1] > ceiling and voiced[0] - 12 >= 45:
        voiced = [v - 12 for v in voiced]
    return tuple(voiced)


def harmonize(motif: Motif, chords: str | Sequence[str] = "diatonic", *, every: float | None = None,
              harmony_instrument: str = "String Ensemble 1", bass_instrument: str = "Contrabass",
              velocity: int | None = None) -> Cue:
    """Put chords under a motif: a cue with melody, harmony (close chords) and bass (roots).

    ``chords`` is a style: ``"diatonic"`` (the triad of the key that best fits each bar),
    ``"mediant"`` (home on the tonic, away to a chromatic mediant, a major triad a third away
    sharing one note with it, the sound of wonder; the chords change every half bar in a bar of
    four beats or more, avoid rubbing against the melody, and come home when the melody does), ``"noir"`` (the minor-major seventh, unresolved),
    or a list of chord symbols / Roman numerals, one per span. ``every`` sets the span in
    quarter notes (default: a bar).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c' f a c'' a", name="Hero", key="C major")
    >>> cue = harmonize(hero)
    >>> [c.names(cue.key) for c in cue.layer("harmony").chords]
    [['C3', 'E3', 'G3'], ['F3', 'A3', 'C4']]
    >>> [c.names(cue.key) for c in harmonize(hero, ["Am", "bVI"]).layer("harmony").chords]
    [['A2', 'C3', 'E3'], ['Ab3', 'C4', 'Eb4']]

    Lesson: lessons/01_mood.ipynb
    """
    _check_motif(motif, "harmonize")
    spanlist = spans(motif, every)
    if velocity is not None and (isinstance(velocity, (bool, np.bool_)) or not isinstance(velocity, (int, np.integer))
                                 or not 1 <= velocity <= 127):
        raise ScoringError(f"velocity={velocity!r}: give a whole number 1-127 for the chords, or None to follow the melody")
    if isinstance(chords, str):
        style = chords.strip().lower()
        if style not in STYLES:
            raise ScoringError(f"unknown harmony style {chords!r}; choose {', '.join(STYLES)} or give a list like ['C', 'Am', 'F', 'G']")
        if style == "mediant":
            if every is None and bar_length(motif.time_signature) >= 4:
                spanlist = spans(motif, bar_length(motif.time_signature) / 2)  # moves every half bar
            spanlist = _mediant_spans(motif, spanlist)
        pcs = {"diatonic": _choose_diatonic, "mediant": _choose_mediant, "noir": _choose_noir}[style](motif, spanlist)
        how = f"{style} harmony"
    elif isinstance(chords, (list, tuple)):
        names = list(chords)
        if len(names) != len(spanlist):
            raise ScoringError(f"{len(names)} chords for {len(spanlist)} spans; give one chord per "
                               f"{'bar' if every is None else f'{every} quarter notes'}")
        pcs = [chord_pitch_classes(c, motif.key) for c in names]
        how = "chords " + " ".join(names)
    else:
        raise ScoringError(f"chords={chords!r}: give a style ({', '.join(STYLES)}) or a list of chords, "
                           "like ['C', 'Am', 'F', 'G']")
    lowest = min(p for p in motif.midi if p is not None)
    vel = int(velocity) if velocity is not None else max(24, int(round(sum(motif.velocities) / len(motif) * 0.8)))
    harmony, bass = [], []
    for (s, l), chord in zip(spanlist, pcs):
        voiced = _voice(chord, _lowest_in(motif, s, l, default=lowest))
        harmony.append(Chord(voiced, l, vel))
        root = voiced[0] - 12 if voiced[0] - 12 >= 28 else voiced[0]
        bass.append(Chord((root,), l, vel))
    layers = (Layer.from_motif(motif), Layer("harmony", tuple(harmony), harmony_instrument, "legato"),
              Layer("bass", tuple(bass), bass_instrument, "legato"))
    return Cue(layers, motif.name, motif.key, motif.tempo, motif.time_signature, notes=how, tempo_map=motif.tempo_map)
