"""Leitmotifs: what makes a motif recognisable, and finding it inside a cue however it is transformed.

A leitmotif is a short idea tethered to a character, a place or a thing, so that hearing it
later recalls the moment it first appeared. A listener holds on to three things: the
**interval pattern** (how far each note is from the last), the **rhythm** (how long each note
lasts, in proportion) and the **contour** (up, down, repeat: the Parsons code). Every
transformation keeps some of these and bends others; :func:`what_survives` says which.

:func:`find_motif` undoes the classical transformations: it slides the motif along a cue's
melody and, at every position, compares the notes with the motif played forwards (prime),
upside down (inversion), backwards (retrograde) and both (retrograde inversion), interval by
interval and note length by note length. An exact interval scores 1, the same scale step with
another quality (a major third answered by a minor third: a mode change, or a transposition
inside the key) scores 0.85, the same direction only 0.25; the pitch score is their mean. Every
interval grown by one factor (x1.25 or more), as lesson 04 grows a motif with
``expand_intervals``, scores 0.85 too: the contour and the proportions of the leaps survive. The
rhythm scores the share of note lengths in one constant proportion (2 = augmentation, 1/2 =
diminution). The similarity is pitch x (0.7 + 0.3 x rhythm): the intervals decide, and a new
rhythm can take off at most 30%. So the right intervals in a new rhythm (a change of metre)
still reach the default threshold of 0.8, while a melody that shares only the contour, or
only the rhythm, stays far below it.

Lesson: lessons/03_leitmotif.ipynb
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Mapping, Sequence

from scoring.core import pitch as _pitch
from scoring.core.analysis import intervals, parsons_code
from scoring.core.cue import Cue
from scoring.core.film import check_real
from scoring.core.motif import Motif
from scoring.core.notes import Note
from scoring.core.plots import piano_roll
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.html import HTML, captioned_figure
from scoring.render.roll import COLOURS

if TYPE_CHECKING:  # for the type hints only
    from matplotlib.axes import Axes

__all__ = ["RELATIONS", "PROPERTIES", "EXACT", "STEP", "DIRECTION", "RHYTHM_FLOOR", "GROWTH", "what_survives",
           "survival_table", "identity_plot", "identity_alt", "identity_html", "Match", "melody_of", "find_motif",
           "match_table", "match_roll", "match_alt", "match_html", "Appearance", "spot_motifs", "motif_map",
           "motif_map_alt", "motif_map_html"]

#: How a copy can be read against the motif: forwards, upside down, backwards, both.
RELATIONS: tuple[str, ...] = ("prime", "inversion", "retrograde", "retrograde inversion")

#: What a listener may recognise, in the order :func:`what_survives` reports it.
PROPERTIES: tuple[str, ...] = ("pitches", "pitch set", "intervals", "sizes", "steps", "contour", "rhythm",
                               "proportions")

#: Scores per interval: exact, same scale step, same direction only.
EXACT, STEP, DIRECTION = 1.0, 0.85, 0.25
#: similarity = pitch x (RHYTHM_FLOOR + (1 - RHYTHM_FLOOR) x rhythm): a new rhythm costs at most 30%.
RHYTHM_FLOOR = 0.7

_NOUN = {"inversion": "inversion", "retrograde": "retrograde", "retrograde inversion": "retrograde inversion"}
# the scale step (0 = unison, 1 = second, ... 7 = octave) of each interval size within an octave;
# the tritone is either an augmented fourth or a diminished fifth
_STEPS = {0: (0,), 1: (1,), 2: (1,), 3: (2,), 4: (2,), 5: (3,), 6: (3, 4), 7: (4,), 8: (5,), 9: (5,),
          10: (6,), 11: (6,)}


def _steps_of(semitones: int) -> frozenset[int]:
    """The scale steps an interval of this many semitones can spell (signed): 4 -> {2} (a third)."""
    octaves, rest = divmod(abs(semitones), 12)
    sign = -1 if semitones < 0 else 1
    return frozenset(sign * (7 * octaves + s) for s in _STEPS[rest])


def _same_step(a: int, b: int) -> bool:
    return bool(_steps_of(a) & _steps_of(b))


def _spans(motif: Motif) -> list[Fraction]:
    """Each sounding note's span: its length plus any rests after it (the last note: its length)."""
    out: list[Fraction] = []
    for n in motif.notes:
        if n.is_rest:
            if out:
                out[-1] += n.duration
        else:
            out.append(n.duration)
    if out and motif.notes[-1].is_rest:
        trailing = Fraction(0)
        for n in reversed(motif.notes):
            if not n.is_rest:
                break
            trailing += n.duration
        out[-1] -= trailing
    return out


def _ratio(values_a: Sequence[Fraction], values_b: Sequence[Fraction]) -> tuple[Fraction | None, float]:
    """The most common ratio a/b and the share of pairs in that ratio."""
    if not values_a:
        return Fraction(1), 1.0
    ratios = [a / b for a, b in zip(values_a, values_b)]
    counts = Counter(ratios)
    best = max(counts.values())
    factor = min((r for r, c in counts.items() if c == best), key=lambda r: (abs(r - 1), r))
    return factor, best / len(ratios)


def _check_motif(motif, what: str = "motif") -> Motif:
    if not isinstance(motif, Motif):
        raise ScoringError(f"the {what} should be a Motif, not {type(motif).__name__}; build one with Motif.parse(...)")
    return motif


def _motif_list(motifs, what: str = "motifs") -> list[Motif]:
    """One motif or a list of motifs as a non-empty list, or a ScoringError saying what to give."""
    if isinstance(motifs, Motif):
        return [motifs]
    if isinstance(motifs, (list, tuple)) and motifs and all(isinstance(m, Motif) for m in motifs):
        return list(motifs)
    raise ScoringError(f"{what}: give a Motif or a list of Motifs, e.g. [hero, hero.invert()]")


def what_survives(original: Motif, version: Motif) -> dict[str, bool]:
    """Which of a motif's recognisable properties a version keeps, read forwards note by note.

    - ``pitches``: the same notes in the same order; ``pitch set``: the same notes in any order;
    - ``intervals``: the same steps in semitones; ``sizes``: the same sizes, up or down;
      ``steps``: the same scale steps (a major third may become a minor third);
    - ``contour``: the same Parsons code (up, down, repeat);
    - ``rhythm``: the same note values; ``proportions``: note values in one constant ratio.

    A transposition keeps everything but the pitches; an inversion keeps the sizes and the
    rhythm; a mode change keeps the steps, the contour and the rhythm.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> kept = what_survives(hero, hero.to_mode("minor"))
    >>> [name for name, ok in kept.items() if ok]
    ['steps', 'contour', 'rhythm', 'proportions']

    Lesson: lessons/03_leitmotif.ipynb
    """
    _check_motif(original, "original")
    _check_motif(version, "version")
    pa = [p for p in original.midi if p is not None]
    pb = [p for p in version.midi if p is not None]
    ia, ib = intervals(original), intervals(version)
    same_len = len(ia) == len(ib)
    da = [n.duration for n in original.notes]
    db = [n.duration for n in version.notes]
    rhythm_len = len(da) == len(db)
    factor, share = _ratio(db, da) if rhythm_len else (None, 0.0)
    return {
        "pitches": pa == pb,
        "pitch set": sorted(pa) == sorted(pb),
        "intervals": ia == ib,
        "sizes": same_len and [abs(x) for x in ia] == [abs(x) for x in ib],
        "steps": same_len and all(_same_step(x, y) for x, y in zip(ia, ib)),
        "contour": parsons_code(original) == parsons_code(version),
        "rhythm": da == db,
        "proportions": rhythm_len and share == 1.0,
    }


def survival_table(original: Motif, versions: Sequence[Motif]) -> str:
    """A table of :func:`what_survives` for several versions: one row each, ``x`` where a property survives.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="hero", key="C major")
    >>> print(survival_table(hero, [hero.invert().with_name("inverted")]))
    version      pitches pitch set intervals sizes steps contour rhythm proportions
    inverted        .        .         .       x     .      .      x         x

    Lesson: lessons/03_leitmotif.ipynb
    """
    _check_motif(original, "original")
    versions = _motif_list(versions, "versions")
    width = max(12, max(len(v.name) for v in versions) + 1)
    head = f"{'version':<{width}} " + " ".join(PROPERTIES)
    rows = [head]
    for v in versions:
        kept = what_survives(original, v)
        cells = " ".join(("x" if kept[p] else ".").center(len(p)) for p in PROPERTIES)
        rows.append(f"{v.name[:width]:<{width}} {cells}".rstrip())
    return "\n".join(rows)


def identity_plot(motifs: Sequence[Motif] | Motif, *, axes: Sequence[Axes] | None = None) -> list[Axes]:
    """Three views of what a listener remembers, several versions overlaid: the contour
    (semitones from each version's first note), the interval sequence, and the rhythm (note
    values in quarter notes, rests included). Returns the three Axes.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="hero")
    >>> [ax.get_title() for ax in identity_plot([hero, hero.invert()])]
    ['contour (from the first note)', 'intervals (semitones)', 'rhythm (note values)']

    Lesson: lessons/03_leitmotif.ipynb
    """
    motifs = _motif_list(motifs)
    if axes is None:
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 3, figsize=(9.0, 3.4), layout="constrained")
    if not hasattr(axes, "__len__") or len(axes) != 3:
        raise ScoringError("identity_plot draws on three axes; pass axes=fig.subplots(1, 3) or nothing")
    a_contour, a_int, a_rhythm = axes
    for i, m in enumerate(motifs):
        colour = COLOURS[i % len(COLOURS)]
        # each version has its own marker and line style as well as its colour (the legend does not
        # rely on colour alone)
        marker, style = _MARKERS[i % len(_MARKERS)], _STYLES[i % len(_STYLES)]
        ps = [p for p in m.midi if p is not None]
        # earlier versions are drawn wider, so a later one lying exactly on top leaves them visible
        lw, ms = max(1.2, 4.0 - 0.55 * i), max(4.0, 9.0 - 1.0 * i)
        a_contour.plot(range(1, len(ps) + 1), [p - ps[0] for p in ps], marker=marker, ls=style, color=colour,
                       label=m.name, lw=lw, ms=ms)
        iv = intervals(m)
        a_int.plot(range(1, len(iv) + 1), iv, marker=marker, ls=style, color=colour, label=m.name, lw=lw, ms=ms)
        a_rhythm.plot(range(1, len(m) + 1), m.durations, marker=marker, ls=style, color=colour,
                      drawstyle="steps-mid", label=m.name, lw=lw, ms=ms)
    for ax, title, xlabel in ((a_contour, "contour (from the first note)", "note"),
                              (a_int, "intervals (semitones)", "interval"),
                              (a_rhythm, "rhythm (note values)", "note or rest")):
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.grid(True, alpha=0.3)
    a_contour.axhline(0, color="grey", lw=0.8)
    a_int.axhline(0, color="grey", lw=0.8)
    a_contour.set_ylabel("semitones")
    a_rhythm.set_ylabel("quarter notes")
    if len(motifs) > 1:
        handles, labels = a_contour.get_legend_handles_labels()
        a_contour.figure.legend(handles, labels, loc="outside lower center", ncol=min(len(motifs), 4), fontsize=8,
                                frameon=False)
    return list(axes)


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_STYLES = ("-", "--", "-.", ":")


def _names(names: Sequence[str], most: int = 4) -> str:
    """'a', 'a and b', 'a, b and c', or the first few and how many more."""
    names = list(names)
    if len(names) > most:
        names = names[:most - 1] + [f"{len(names) - most + 1} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def identity_alt(motifs: Sequence[Motif] | Motif) -> str:
    """Alt text for :func:`identity_plot`: the kind of plot, its axes, and what to notice, read
    from the notes: which versions lie on the first one's contour, which mirror it, and which
    change its rhythm.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="hero")
    >>> print(identity_alt([hero, hero.transpose(5).with_name("up"), hero.invert().with_name("down")]))
    three line plots of hero and 2 versions, note by note: contour (semitones from the first note), intervals (semitones), rhythm (note values in quarter notes); to notice: up lies on hero's contour; down mirrors it; the rhythm is the same in every version

    Lesson: lessons/03_leitmotif.ipynb
    """
    motifs = _motif_list(motifs)
    first = motifs[0]
    head = ("three line plots of " + (f"{first.name} and {len(motifs) - 1} version{'s' * (len(motifs) > 2)}"
                                      if len(motifs) > 1 else first.name)
            + ", note by note: contour (semitones from the first note), intervals (semitones), "
              "rhythm (note values in quarter notes); to notice: ")
    if len(motifs) == 1:
        ps = [p for p in first.midi if p is not None]
        iv = intervals(first)
        leap = max(range(len(iv)), key=lambda k: abs(iv[k])) if iv else None
        return head + (f"it spans {max(ps) - min(ps)} semitones" if ps else "it has no sounding note") + (
            f", its widest leap is {iv[leap]:+d} (from note {leap + 1} to {leap + 2})" if leap is not None else "")

    def shape(m: Motif) -> list[int]:
        ps = [p for p in m.midi if p is not None]
        return [p - ps[0] for p in ps] if ps else []

    ref = shape(first)
    groups: dict[str, list[str]] = {"on": [], "mirror": [], "parsons": [], "other": []}
    rhythm_changed = []
    for m in motifs[1:]:
        own = shape(m)
        if own == ref:
            groups["on"].append(m.name)
        elif own == [-x for x in ref]:
            groups["mirror"].append(m.name)
        elif parsons_code(m) == parsons_code(first):
            groups["parsons"].append(m.name)
        else:
            groups["other"].append(m.name)
        mine, theirs = [n.duration for n in m.notes], [n.duration for n in first.notes]
        if mine != theirs:
            factor, share = _ratio(mine, theirs) if len(mine) == len(theirs) else (None, 0.0)
            rhythm_changed.append(f"{m.name} (x{_fmt_factor(factor)})" if factor is not None and share == 1.0
                                  else m.name)
    parts = []
    if groups["on"]:
        parts.append(f"{_names(groups['on'])} {'lies' if len(groups['on']) == 1 else 'lie'} on {first.name}'s contour")
    if groups["mirror"]:
        parts.append(f"{_names(groups['mirror'])} {'mirrors' if len(groups['mirror']) == 1 else 'mirror'} it")
    if groups["parsons"]:
        parts.append(f"{_names(groups['parsons'])} {'keeps' if len(groups['parsons']) == 1 else 'keep'} its ups and "
                     "downs with other step sizes")
    if groups["other"]:
        parts.append(f"{_names(groups['other'])} {'takes' if len(groups['other']) == 1 else 'take'} another shape")
    parts.append("the rhythm changes only in " + _names(rhythm_changed) if rhythm_changed
                 else "the rhythm is the same in every version")
    return head + "; ".join(parts)


def identity_html(motifs: Sequence[Motif] | Motif) -> HTML:
    """:func:`identity_plot` as a picture with its alt text (:func:`identity_alt`), also shown as a caption.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="hero")
    >>> view = identity_html([hero, hero.invert().with_name("down")])
    >>> view.html.startswith("<figure"), 'alt="three line plots of hero and 1 version' in view.html
    (True, True)

    Lesson: lessons/03_leitmotif.ipynb
    """
    from matplotlib.figure import Figure

    motifs = _motif_list(motifs)
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    identity_plot(motifs, axes=fig.subplots(1, 3))
    return captioned_figure(fig, alt=identity_alt(motifs))


# ---------------------------------------------------------------- finding a motif in a cue
@dataclass(frozen=True)
class Match:
    """One appearance of a motif in a cue.

    ``index`` is the position of its first note among the cue melody's sounding notes (0 =
    the first), ``length`` its number of notes, ``beat`` and ``end_beat`` where it starts and
    where its last note starts (quarter notes from the cue's start), ``seconds`` its start in
    seconds. ``relation`` is one of :data:`RELATIONS`; ``shift`` the transposition in
    semitones; ``intervals`` ``"exact"``, ``"diatonic"`` (the same scale steps inside the
    motif's key), ``"mode change"`` (the same scale steps, another mode), ``"expanded x2"`` (every
    interval grown alike, as lesson 04 grows a motif) or ``"varied"``;
    ``factor`` the rhythm's proportion to the motif's (2 = augmentation; ``None`` if the
    rhythm changed); ``score`` the similarity 0..1; ``transformation`` all of it in words.

    Lesson: lessons/03_leitmotif.ipynb
    """

    index: int
    length: int
    beat: float
    end_beat: float
    seconds: float
    relation: str
    shift: int
    intervals: str
    factor: Fraction | None
    score: float
    transformation: str

    def __str__(self) -> str:
        return f"beat {self.beat:g}: {self.transformation} (similarity {self.score:.2f})"


#: The smallest uniform growth of every interval heard as an expansion (lesson 04's
#: ``expand_intervals``) rather than as a varied line. Shrinking is not heard back: contracted
#: intervals fall towards steps and trills, which match almost any line.
GROWTH = 1.25


def _growth(found: Sequence[int], expected: Sequence[int]) -> float | None:
    """The factor by which every interval of ``expected`` grew into ``found`` (each
    within a semitone, as :func:`~scoring.core.transforms.expand_intervals` rounds), or None if they
    did not grow alike."""
    dot = sum(w * e for w, e in zip(found, expected))
    size = sum(e * e for e in expected)
    if size == 0 or dot <= 0:
        return None
    k = dot / size
    if k < GROWTH:  # shrunk intervals fall towards steps and trills, which match almost anything
        return None
    if all(abs(w - k * e) <= 1 + 1e-9 and (w > 0) == (e > 0) and (w < 0) == (e < 0)
           for w, e in zip(found, expected)):
        return k
    return None


def _fmt_factor(f: Fraction) -> str:
    return str(f.numerator) if f.denominator == 1 else f"{float(f):g}"


def _describe(relation: str, shift: int, kind: str, factor: Fraction | None) -> str:
    parts: list[str] = []
    if relation == "prime":
        if shift:
            parts.append(f"transposition {shift:+d}")
    else:
        parts.append(_NOUN[relation])
    if kind == "diatonic":
        if parts:
            parts[-1] += " (diatonic)"
        else:
            parts.append("diatonic")
    elif kind == "mode change":
        parts.append("mode change")
    elif kind == "varied":
        parts.append("intervals varied")
    elif kind.startswith("expanded"):
        parts.append(f"intervals {kind}")
    if factor is None:
        parts.append("rhythm changed")
    elif factor > 1:
        parts.append(f"augmentation x{_fmt_factor(factor)}")
    elif factor < 1:
        parts.append(f"diminution /{_fmt_factor(1 / factor)}")
    return ", ".join(parts) or "original"


def melody_of(music: Motif | Cue, *, layer: str = "melody") -> Motif:
    """The line to search: a motif itself, or one layer of a cue (its top notes) as a motif.

    Examples
    --------
    >>> from scoring.harmony import harmonize
    >>> melody_of(harmonize(Motif.parse("4/4 c4 e g c'")), layer="bass").pitches
    ['C2']

    Lesson: lessons/03_leitmotif.ipynb
    """
    if isinstance(music, Motif):
        return music
    if not isinstance(layer, str):
        raise ScoringError(f"layer={layer!r}: name a layer of the cue, like 'melody' or 'bass'")
    if isinstance(music, Cue):
        chords = music.layer(layer).chords
        notes = [Note(max(c.pitches) if c.pitches else None, c.duration, c.velocity) for c in chords]
        if all(n.is_rest for n in notes):
            raise ScoringError(f"the {layer} layer of {music.name!r} is silent; search another layer")
        return Motif(tuple(notes), name=music.name, key=music.key, time_signature=music.time_signature,
                     tempo_map=music.tempo_map)
    raise ScoringError(f"search a Motif or a Cue, not {type(music).__name__}; build one with Motif.parse(...)")


def find_motif(motif: Motif, cue: Motif | Cue, *, threshold: float = 0.8, relations: Sequence[str] = RELATIONS,
               layer: str = "melody") -> list[Match]:
    """Every appearance of ``motif`` in a cue's melody, transformed or not, and what was done to it.

    The motif slides along the cue's sounding notes; at each position it is read forwards,
    upside down, backwards and both (``relations``), interval by interval and note length by
    note length (rests count towards the note before them; the last note's length is free,
    since phrase ends are often held or cut). Positions scoring at least ``threshold`` are
    kept, best first, without overlaps, and returned in time order. Transposition, inversion,
    retrograde, retrograde inversion, augmentation, diminution, mode change and interval
    expansion are named.

    Parameters
    ----------
    motif : the motif to look for (at least three notes).
    cue : a Motif or a Cue (searched in its ``layer``).
    threshold : the lowest similarity (0..1) that counts as an appearance.
    relations : which readings to try, from :data:`RELATIONS`.
    layer : the cue layer to search.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", name="hero", key="C major")
    >>> cue = Motif.parse("4/4 d2 d2 g4 b d' g'2 r2 c''2 a'- f' c'1", key="C major")
    >>> for m in find_motif(hero, cue):
    ...     print(m)
    beat 4: transposition +7 (similarity 1.00)
    beat 11: inversion, augmentation x2 (similarity 1.00)

    Lesson: lessons/03_leitmotif.ipynb
    """
    _check_motif(motif)
    if not isinstance(cue, (Motif, Cue)):
        raise ScoringError(f"find_motif(motif, cue): the cue to search should be a Motif or a Cue, not "
                           f"{type(cue).__name__}; build one with Motif.parse(...)")
    line = melody_of(cue, layer=layer)
    fix = "give a similarity between 0 and 1; 0.8 is usual"
    threshold = check_real(threshold, "threshold", fix)
    if not 0 < threshold <= 1:
        raise ScoringError(f"threshold={threshold:g}: {fix}")
    if isinstance(relations, str):
        relations = (relations,)
    if not isinstance(relations, (list, tuple)) or not relations:
        raise ScoringError(f"relations={relations!r}: give one or more of {', '.join(RELATIONS)}, e.g. ['prime']")
    for r in relations:
        if r not in RELATIONS:
            raise ScoringError(f"unknown relation {r!r}; choose from {', '.join(RELATIONS)}")
    mp = [p for p in motif.midi if p is not None]
    n = len(mp)
    if n < 3:
        raise ScoringError(f"the motif has {n} sounding note(s); a motif to find needs at least 3, "
                           "shorter cells match almost anywhere")
    m_int = intervals(motif)
    readings = {
        "prime": (m_int, _spans(motif), mp[0]),
        "inversion": ([-x for x in m_int], _spans(motif), mp[0]),
        "retrograde": ([-x for x in reversed(m_int)], _spans(motif.retrograde()), mp[-1]),
        "retrograde inversion": (list(reversed(m_int)), _spans(motif.retrograde()), 2 * mp[0] - mp[-1]),
    }
    scale = {(_pitch.parse_key(motif.key)[0] + s) % 12 for s in _pitch.MODES[_pitch.parse_key(motif.key)[2]]}
    cp, onsets = [], []
    t = Fraction(0)
    for note in line.notes:
        if not note.is_rest:
            cp.append(note.pitch)
            onsets.append(t)
        t += note.duration
    c_spans = _spans(line)
    candidates = []
    for i in range(len(cp) - n + 1):
        window = cp[i:i + n]
        w_int = [b - a for a, b in zip(window, window[1:])]
        w_spans = c_spans[i:i + n - 1]
        best = None
        for rel in relations:
            e_int, e_spans, first = readings[rel]
            marks = []
            for w, e in zip(w_int, e_int):
                if w == e:
                    marks.append(EXACT)
                elif _same_step(w, e):
                    marks.append(STEP)
                elif (w > 0) == (e > 0) and (w < 0) == (e < 0):
                    marks.append(DIRECTION)
                else:
                    marks.append(0.0)
            grown = _growth(w_int, e_int) if min(marks) < STEP else None
            if grown is not None:  # every interval grown alike: the motif expanded
                marks = [STEP] * len(marks)
            pitch_score = sum(marks) / len(marks)
            factor, share = _ratio(w_spans, e_spans[:n - 1])
            score = pitch_score * (RHYTHM_FLOOR + (1 - RHYTHM_FLOOR) * share)
            if best is None or score > best[0] + 1e-12:
                if grown is not None:
                    kind = f"expanded x{grown:.2g}"
                elif all(m == EXACT for m in marks):
                    kind = "exact"
                elif all(m >= STEP for m in marks):
                    shift0 = window[0] - first
                    in_key = all(p % 12 in scale for p in window)
                    kind = "diatonic" if in_key and (shift0 or rel != "prime") else "mode change"
                else:
                    kind = "varied"
                best = (score, rel, window[0] - first, kind, factor if share == 1.0 else None)
        if best and best[0] >= threshold - 1e-9:
            candidates.append((i, best))
    chosen: list[tuple[int, tuple]] = []
    taken: set[int] = set()
    for i, best in sorted(candidates, key=lambda c: (-c[1][0], c[0])):
        if taken.isdisjoint(range(i, i + n)):
            chosen.append((i, best))
            taken.update(range(i, i + n))
    chosen.sort()
    seconds = line.tempo_map.seconds_at([onsets[i] for i, _ in chosen])
    return [Match(i, n, float(onsets[i]), float(onsets[i + n - 1]), float(at), rel, int(shift), kind, factor,
                  round(float(score), 4), _describe(rel, int(shift), kind, factor))
            for (i, (score, rel, shift, kind, factor)), at in zip(chosen, seconds)]


def match_table(matches: Sequence[Match]) -> str:
    """The matches as a small table: where (beat and seconds), how similar, what was done.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> print(match_table(find_motif(hero, hero.transpose(5))))
      beat  seconds  similarity  transformation
       0.0     0.00        1.00  transposition +5

    Lesson: lessons/03_leitmotif.ipynb
    """
    matches = _match_list(matches)
    lines = [f"{'beat':>6} {'seconds':>8} {'similarity':>11}  transformation"]
    for m in matches:
        lines.append(f"{m.beat:6.1f} {m.seconds:8.2f} {m.score:11.2f}  {m.transformation}")
    if not matches:
        lines.append("   (no appearance above the threshold)")
    return "\n".join(lines)


def match_roll(cue: Motif | Cue, matches: Sequence[Match], *, ax: Axes | None = None, layer: str = "melody") -> Axes:
    """The cue's melody as a piano roll, each appearance of the motif shaded and labelled.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> cue = Motif.parse("4/4 d2 d2 g4 b d' g'2 r2 c''2 a'- f' c'1", key="C major")
    >>> ax = match_roll(cue, find_motif(hero, cue))
    >>> [t.get_text() for t in ax.texts]
    ['transposition +7', 'inversion, augmentation x2']

    Lesson: lessons/03_leitmotif.ipynb
    """
    line = melody_of(cue, layer=layer)
    matches = _match_list(matches)
    ax = piano_roll(line, ax=ax)
    top = ax.get_ylim()[1]
    for k, m in enumerate(matches):
        colour = COLOURS[(RELATIONS.index(m.relation) + 1) % len(COLOURS)]
        end = m.end_beat + _last_length(line, m)
        ax.axvspan(m.beat, end, color=colour, alpha=0.13)
        ax.text(m.beat, top - 0.5 - 1.6 * (k % 2), m.transformation, fontsize=7.5, color=colour, va="top")
    ax.set_ylim(ax.get_ylim()[0], top + 2)
    ax.set_title(f"{line.name}: {_appearances(len(matches))} of the motif")
    return ax


def match_alt(cue: Motif | Cue, matches: Sequence[Match], *, layer: str = "melody") -> str:
    """Alt text for :func:`match_roll`: the kind of plot, its axes, and where the motif appears and how.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> cue = Motif.parse("4/4 d2 d2 g4 b d' g'2 r2 c''2 a'- f' c'1", name="Cue", key="C major")
    >>> match_alt(cue, find_motif(hero, cue))
    'piano roll of Cue: beats across, pitch up; 2 appearances of the motif shaded: beat 4 (transposition +7), beat 11 (inversion, augmentation x2)'

    Lesson: lessons/03_leitmotif.ipynb
    """
    line = melody_of(cue, layer=layer)
    found = ", ".join(f"beat {m.beat:g} ({m.transformation})" for m in _match_list(matches))
    return (f"piano roll of {line.name}: beats across, pitch up; "
            + (f"{_appearances(len(matches))} of the motif shaded: {found}" if found else "no appearance of the motif"))


def match_html(cue: Motif | Cue, matches: Sequence[Match], *, layer: str = "melody") -> HTML:
    """:func:`match_roll` as a picture with its alt text (:func:`match_alt`), also shown as a caption.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> cue = Motif.parse("4/4 d2 d2 g4 b d' g'2", name="Cue", key="C major")
    >>> match_html(cue, find_motif(hero, cue))
    piano roll of Cue: beats across, pitch up; 1 appearance of the motif shaded: beat 4 (transposition +7)

    Lesson: lessons/03_leitmotif.ipynb
    """
    from matplotlib.figure import Figure

    alt = match_alt(cue, matches, layer=layer)
    fig = Figure(figsize=(9.0, 3.2), layout="constrained")
    match_roll(cue, matches, ax=fig.add_subplot(), layer=layer)
    return captioned_figure(fig, alt=alt)


def _appearances(count: int) -> str:
    return f"{count} appearance{'' if count == 1 else 's'}"


def _match_list(matches) -> list[Match]:
    if isinstance(matches, (list, tuple)) and all(isinstance(m, Match) for m in matches):
        return list(matches)
    raise ScoringError(f"give the list of matches find_motif(...) returns, not {type(matches).__name__}")


# ---------------------------------------------------------------- a film's motif map
@dataclass(frozen=True)
class Appearance:
    """A character's motif heard in a film: which cue, when (film seconds) and how (the :class:`Match`).

    Lesson: lessons/03_leitmotif.ipynb
    """

    character: str
    cue: str
    start: float
    end: float
    match: Match


def spot_motifs(characters: Mapping[str, Motif], cues: Sequence[tuple[float, Motif | Cue]], *,
                threshold: float = 0.8) -> list[Appearance]:
    """Find each character's motif in each cue of a film: ``cues`` are (start in film seconds, Motif or Cue).

    Returns every appearance, in film order, with its time on the film's timeline.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> reel = [(0.0, hero.with_name("1M1")), (30.0, hero.invert().with_name("1M2"))]
    >>> [(a.cue, a.start, a.match.transformation) for a in spot_motifs({"Hero": hero}, reel)]
    [('1M1', 0.0, 'original'), ('1M2', 30.0, 'inversion')]

    Lesson: lessons/03_leitmotif.ipynb
    """
    if not isinstance(characters, Mapping) or not characters or not all(
            isinstance(k, str) and isinstance(v, Motif) for k, v in characters.items()):
        raise ScoringError("characters should be a dict of name -> motif, e.g. {'Hero': hero}")
    out = []
    for start, cue in _reel(cues):
        line = melody_of(cue)
        for name, motif in characters.items():
            for m in find_motif(motif, cue, threshold=threshold):
                end = float(line.tempo_map.seconds_at(m.end_beat + _last_length(line, m)))
                out.append(Appearance(name, cue.name, start + m.seconds, start + end, m))
    return sorted(out, key=lambda a: (a.start, list(characters).index(a.character)))


def _reel(cues) -> list[tuple[float, Motif | Cue]]:
    """A film's cues as checked (start in film seconds, Motif or Cue) pairs."""
    if isinstance(cues, (str, bytes)) or not hasattr(cues, "__iter__"):
        raise ScoringError(f"cues should be a list of (start in film seconds, Motif or Cue) pairs, not {cues!r}")
    out = []
    for item in cues:
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not isinstance(item[1], (Motif, Cue)):
            raise ScoringError(f"each cue should be a pair (start in film seconds, Motif or Cue), like (30.0, cue); "
                               f"got {item!r}")
        start = check_real(item[0], "cue start", "give a time in film seconds (0 or more), like 30.0")
        if start < 0:
            raise ScoringError(f"cue start {item[0]!r} should be a time in film seconds (0 or more)")
        out.append((start, item[1]))
    return out


def _last_length(line: Motif, m: Match) -> float:
    t = Fraction(0)
    for note in line.notes:
        if not note.is_rest and float(t) == m.end_beat:
            return float(note.duration)
        t += note.duration
    return 1.0


def _mmss(seconds: float, _pos=None) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def motif_map(appearances: Sequence[Appearance], *, ax: Axes | None = None, characters: Sequence[str] | None = None,
              cues: Sequence[tuple[float, Motif | Cue]] | None = None, film_seconds: float | None = None) -> Axes:
    """A film's motif map: one row per character, a bar for each appearance of its motif on the
    film's timeline, coloured by how it was read (prime, inversion, retrograde, both) and
    labelled with its transformation; ``cues`` (start, cue) shade where music plays.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> reel = [(0.0, hero.with_name("1M1")), (30.0, hero.invert().with_name("1M2"))]
    >>> ax = motif_map(spot_motifs({"Hero": hero}, reel), cues=reel)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Hero']

    Lesson: lessons/03_leitmotif.ipynb
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    if not isinstance(appearances, (list, tuple)) or not all(isinstance(a, Appearance) for a in appearances):
        raise ScoringError("give the list of appearances spot_motifs(...) returns")
    if characters is not None:
        fix = "give a list of names, like ['Hero', 'Warden']"
        characters = [checks.text(c, "characters", fix, most=200)
                      for c in checks.items(characters, "characters", fix, most=50)]
    if film_seconds is not None:
        film_seconds = check_real(film_seconds, "film_seconds", "give the film's length in seconds, like 300")
        if not 0 < film_seconds <= 14_400:
            raise ScoringError(f"film_seconds={film_seconds:g}: give the film's length in seconds, up to four hours "
                               "(14400), like 300")
    cues = _reel(cues) if cues is not None else []
    names = list(characters) if characters is not None else list(dict.fromkeys(a.character for a in appearances))
    if not names:
        raise ScoringError("nothing to map: no appearances and no characters; pass characters=['Hero', ...]")
    ax = checks.axes(ax, figsize=(9.0, 1.2 + 0.55 * len(names)))
    row = {name: len(names) - 1 - i for i, name in enumerate(names)}
    end = 0.0
    if cues:
        for k, (start, cue) in enumerate(cues):
            length = melody_of(cue).duration_seconds
            ax.axvspan(start, start + length, color="#999999", alpha=0.12, lw=0)
            ax.text(start, len(names) - 0.35 + 0.28 * (k % 2), cue.name, fontsize=7, color="#555555", va="bottom")
            end = max(end, start + length)
    used = []
    span = film_seconds or max([a.end for a in appearances] + [end, 1.0])
    last: dict[str, tuple[float, bool]] = {}
    for a in appearances:
        if a.character not in row:
            continue
        colour = COLOURS[(RELATIONS.index(a.match.relation) + 1) % len(COLOURS)]
        if a.match.relation not in used:
            used.append(a.match.relation)
        y = row[a.character]
        ax.broken_barh([(a.start, max(a.end - a.start, 0.5))], (y - 0.3, 0.6), facecolors=colour, alpha=0.85)
        short = a.match.transformation.replace("transposition", "transp.").replace("augmentation", "aug.") \
            .replace("diminution", "dim.").replace("retrograde inversion", "RI").replace("inversion", "inv.") \
            .replace("retrograde", "retro.").replace("mode change", "mode").replace(" (diatonic)", "")
        # a label runs about 0.0095 of the time axis per character; if it would run into the previous
        # label below the same row, it goes above the bar instead
        previous = last.get(a.character)
        above = bool(previous and a.start < previous[0] and not previous[1])
        ax.text(a.start, y + 0.34 if above else y - 0.36, short, fontsize=6.5, va="bottom" if above else "top",
                color="#333333")
        last[a.character] = (a.start + 0.0095 * span * len(short), above)
        end = max(end, a.end)
    ax.set_yticks(list(row.values()), list(row))
    ax.set_ylim(-0.8, len(names) - 0.1 + (0.7 if cues else 0))
    ax.set_xlim(0, film_seconds if film_seconds else end * 1.03 + 1)
    limit = ax.get_xlim()[1]
    ax.xaxis.set_major_locator(MultipleLocator(next((t for t in (5, 15, 30, 60, 120, 300, 600) if limit / t <= 10), 1200)))
    ax.xaxis.set_major_formatter(FuncFormatter(_mmss))
    ax.set_xlabel("film time (min:s); grey = music playing")
    ax.grid(True, axis="x", alpha=0.3)
    handles = [Patch(color=COLOURS[(RELATIONS.index(r) + 1) % len(COLOURS)], label=r) for r in RELATIONS if r in used]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title("motif map: who is in the music, when")
    return ax


def motif_map_alt(appearances: Sequence[Appearance], *, characters: Sequence[str] | None = None,
                  cues: Sequence[tuple[float, Motif | Cue]] | None = None, film_seconds: float | None = None) -> str:
    """Alt text for :func:`motif_map`: the kind of chart, its axes, each character's appearances
    and what to notice (who is heard most, and in how many forms; the cues where two motifs meet).

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> reel = [(0.0, hero.with_name("1M1")), (30.0, hero.invert().with_name("1M2"))]
    >>> print(motif_map_alt(spot_motifs({"Hero": hero}, reel), cues=reel))
    motif map (a timeline chart): film time across, 0:00 to 0:33; one row per character (Hero), a bar for each appearance of its motif, labelled with its transformation; grey bands where the 2 cues play. Hero: 2 appearances, at 0:00 and 0:30. To notice: Hero is heard 2 times, in 2 forms: original; inversion

    Lesson: lessons/03_leitmotif.ipynb
    """
    if not isinstance(appearances, (list, tuple)) or not all(isinstance(a, Appearance) for a in appearances):
        raise ScoringError("give the list of appearances spot_motifs(...) returns")
    reel = _reel(cues) if cues is not None else []
    names = ([checks.text(c, "characters", "give a list of names, like ['Hero', 'Warden']", most=200)
              for c in checks.items(characters, "characters", "give a list of names, like ['Hero', 'Warden']",
                                    most=50)]
             if characters is not None else list(dict.fromkeys(a.character for a in appearances)))
    if not names:
        raise ScoringError("nothing to map: no appearances and no characters; pass characters=['Hero', ...]")
    if film_seconds is not None:
        film_seconds = check_real(film_seconds, "film_seconds", "give the film's length in seconds, like 300")
    end = film_seconds or max([a.end for a in appearances]
                              + [s + melody_of(c).duration_seconds for s, c in reel] + [1.0])
    shown = [a for a in appearances if a.character in names]
    rows = []
    for name in names:
        times = [_mmss(a.start) for a in shown if a.character == name]
        rows.append(f"{name}: " + (f"{_appearances(len(times))}, at {_names(times, most=8)}" if times
                                   else "no appearance"))
    text = (f"motif map (a timeline chart): film time across, 0:00 to {_mmss(end)}; one row per character "
            f"({_names(names, most=8)}), a bar for each appearance of its motif, labelled with its transformation"
            + (f"; grey bands where the {len(reel)} cues play" if reel else "") + ". " + ". ".join(rows))
    if not shown:
        return text + ". To notice: no motif is heard"
    count = Counter(a.character for a in shown)
    top = max(names, key=lambda n: (count[n], -names.index(n)))
    forms = list(dict.fromkeys(a.match.transformation for a in shown if a.character == top))
    note = (f"To notice: {top} is heard {count[top]} time{'s' * (count[top] > 1)}, in {len(forms)} "
            f"form{'s' * (len(forms) > 1)}: {'; '.join(forms)}")
    by_cue: dict[str, set[str]] = {}
    for a in shown:
        by_cue.setdefault(a.cue, set()).add(a.character)
    shared = [c for c, who in by_cue.items() if len(who) > 1]
    if shared:
        note += f". Two motifs meet in {_names(shared, most=6)}"
    return f"{text}. {note}"


def motif_map_html(appearances: Sequence[Appearance], *, characters: Sequence[str] | None = None,
                   cues: Sequence[tuple[float, Motif | Cue]] | None = None, film_seconds: float | None = None) -> HTML:
    """:func:`motif_map` as a picture with its alt text (:func:`motif_map_alt`), also shown as a caption.

    Examples
    --------
    >>> hero = Motif.parse("4/4 c4 e g c'2", key="C major")
    >>> reel = [(0.0, hero.with_name("1M1")), (30.0, hero.invert().with_name("1M2"))]
    >>> view = motif_map_html(spot_motifs({"Hero": hero}, reel), cues=reel)
    >>> view.html.count("<img"), str(view).startswith("motif map (a timeline chart)")
    (1, True)

    Lesson: lessons/03_leitmotif.ipynb
    """
    from matplotlib.figure import Figure

    alt = motif_map_alt(appearances, characters=characters, cues=cues, film_seconds=film_seconds)
    rows = len(characters) if isinstance(characters, (list, tuple)) else len({a.character for a in appearances})
    fig = Figure(figsize=(9.0, 1.2 + 0.55 * max(rows, 1)), layout="constrained")
    motif_map(appearances, ax=fig.add_subplot(), characters=characters, cues=cues, film_seconds=film_seconds)
    return captioned_figure(fig, alt=alt)
