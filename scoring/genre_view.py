"""Genre, seen: the feature plot (mode, harmony, metre, register, timbre side by side for several
versions of a theme), the list of signifiers a detector hears, unlabelled players for the classroom
experiment, and the reveal.

The numbers come from :mod:`scoring.genre` and :mod:`scoring.tension`; this module draws them.

Lesson: lessons/08_genre.ipynb
"""
from __future__ import annotations

from typing import Sequence

from scoring.core.cue import Cue
from scoring.core.instruments import GM_SYNTHS
from scoring.core.motif import Motif
from scoring.core.pitch import BRIGHTNESS, note_name, parse_key
from scoring.errors import ScoringError
from scoring.genre import GENRES, Signifier, genre_scores, reveal_table, signifiers, tally
from scoring.render import html
from scoring.render import checks
from scoring.render.checks import items
from scoring.tension import ic_dissonance

__all__ = ["GENRE_COLOURS", "FAMILIES", "features", "feature_plot", "feature_alt", "signifier_html",
           "genre_card", "clip_players", "reveal_html"]

#: One colour per genre, used in every plot and list of this lesson (each at least 4.5:1 on white, WCAG 1.4.3).
GENRE_COLOURS = {"western": "#9a5518", "noir": "#444444", "sci-fi": "#1f77b4", "horror": "#a01818",
                 "romance": "#b8407f", "adventure": "#237a35", "comedy": "#8a6700"}
#: Instrument families by General MIDI program, for the timbre panel.
FAMILIES = {"strings": set(range(40, 46)) | {48, 49}, "brass": {56, 57, 58, 59, 60, 61},
            "woodwinds and reeds": set(range(64, 80)) | {22}, "keys, harp and guitars": set(range(0, 16)) | set(range(24, 32)) | {46},
            "basses": set(range(32, 38)), "voices": {52, 53, 54}, "timpani and percussion": {47} | set(range(112, 120)),
            "electronic": set(GM_SYNTHS)}
_FAMILY_COLOURS = ("#8c564b", "#d4a017", "#2ca02c", "#9467bd", "#555555", "#e377c2", "#7f7f7f", "#17becf")
_MODE_ORDER = BRIGHTNESS


def _cues(music) -> list[Cue]:
    fix = "give a Cue or a list of up to 12 cues, e.g. [in_genre(theme, g) for g in GENRES]"
    if isinstance(music, (Cue, Motif)):
        music = [music]
    music = items(music, "music", fix, most=12)
    if not music:
        raise ScoringError(fix)
    out = []
    for m in music:
        if isinstance(m, Motif):
            m = Cue.from_motif(m)
        if not isinstance(m, Cue):
            raise ScoringError(f"{fix}; got {type(m).__name__}")
        out.append(m)
    return out


def _family(program: int) -> str:
    for name, programs in FAMILIES.items():
        if program in programs and not (name == "strings" and program in FAMILIES["electronic"]):
            return name
    return "electronic" if program in FAMILIES["electronic"] else "keys, harp and guitars"


def features(cue: Cue) -> dict[str, object]:
    """The numbers the feature plot draws for one cue: mode (and its place on the brightness
    ladder), harmony (mean dissonant interval classes per chord: seconds, sevenths, tritones), metre and felt beats a minute,
    register (lowest and highest note, the melody's too) and timbre (notes per instrument family).

    Examples
    --------
    >>> from scoring.genre import in_genre
    >>> f = features(in_genre(Motif.parse("4/4 c4 e g c'"), "western"))
    >>> f["mode"], f["metre"], f["beats per minute"], f["dissonance"]
    ('mixolydian', '6/8', 112.0, 0.0)

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(cue, Cue):
        raise ScoringError(f"features() reads a Cue, not {type(cue).__name__}")
    mode = parse_key(cue.key)[2]
    mode = {"major": "ionian", "minor": "aeolian"}.get(mode, mode)
    chords = [c for l in cue.layers if l.role != "melody" for c in l.chords if len(c.pitches) >= 2]
    dissonance = sum(ic_dissonance(list(c.pitches)) for c in chords) / len(chords) if chords else 0.0
    beats, unit = (int(x) for x in cue.time_signature.split("/"))
    compound = unit == 8 and beats % 3 == 0
    bpm = cue.tempo / 1.5 if compound else cue.tempo
    every = [p for l in cue.layers for c in l.chords for p in c.pitches]
    tune = [p for c in cue.layer("melody").chords for p in c.pitches] if any(l.role == "melody" for l in cue.layers) else every
    timbre: dict[str, int] = {}
    for l in cue.layers:
        n = sum(len(c.pitches) for c in l.chords)
        timbre[_family(l.program)] = timbre.get(_family(l.program), 0) + n
    return {"mode": mode, "dissonance": round(dissonance, 2), "metre": cue.time_signature, "compound": compound,
            "beats per minute": round(bpm, 1), "lowest": min(every), "highest": max(every),
            "melody": (min(tune), max(tune)), "timbre": timbre}


def feature_plot(music, *, labels: Sequence[str] | None = None, figsize: tuple[float, float] = (11.0, 3.6)):
    """Five panels side by side, one row per cue: **mode** on the brightness ladder, **harmony** (mean
    dissonant interval classes per chord), **metre** (felt beats a minute, compound metres marked),
    **register** (the whole cue's range, the melody's darker) and **timbre** (share of notes per
    instrument family). Returns the figure.

    Each panel keeps one scale for any cue (harmony 0 to 5 dissonant intervals, metre 0 to 180
    felt beats a minute, register the piano's range A0 to C8; a cue beyond a scale widens it), so a
    plot of one cue compares with the plot of another: a slower metre is a shorter bar, not the
    same bar on a new scale.

    Examples
    --------
    >>> from scoring.genre import in_genre
    >>> fig = feature_plot([in_genre(Motif.parse("4/4 c4 e g c'"), g) for g in ("western", "horror")])
    >>> [ax.get_title() for ax in fig.axes]
    ['mode', 'harmony', 'metre', 'register', 'timbre']

    Lesson: lessons/08_genre.ipynb
    """
    cues = _cues(music)
    names = (items(labels, "labels", f"give {len(cues)} names, one per cue", most=len(cues))
             if labels is not None else [c.name for c in cues])
    if len(names) != len(cues) or not all(isinstance(n, str) for n in names):
        raise ScoringError(f"labels: give {len(cues)} names, one per cue")
    figsize = checks.figsize(figsize)
    fs = [features(c) for c in cues]
    colours = [GENRE_COLOURS.get(_genre_of(c, n), "#333333") for c, n in zip(cues, names)]
    # a kept figure (drawn on again by the next feature plot of this size), given back by figure_png
    fig, axes = html.kept_figure("feature plot", figsize, cols=5, width_ratios=(1.3, 1, 1, 1.4, 1.6))
    ys = list(range(len(cues)))[::-1]
    ax = axes[0]
    ax.scatter([_MODE_ORDER.index(f["mode"]) for f in fs], ys, c=colours, s=70, zorder=3)
    ax.set_xticks(range(7), [m[:3] for m in _MODE_ORDER], fontsize=8, rotation=60)
    ax.set_xlim(-0.5, 6.5)
    ax.set_yticks(ys, names)
    ax.set_title("mode")
    ax.set_xlabel("brighter → darker", fontsize=8)
    ax = axes[1]
    ax.barh(ys, [f["dissonance"] for f in fs], color=colours)
    ax.set_xlim(0, _reach(_SCALES["harmony"], [f["dissonance"] for f in fs]))
    ax.set_title("harmony")
    ax.set_xlabel("dissonant intervals\nper chord", fontsize=8)
    ax = axes[2]
    ax.barh(ys, [f["beats per minute"] for f in fs], color=colours)
    for y, f in zip(ys, fs):
        ax.text(4, y, f["metre"], va="center", fontsize=8, color="white", fontweight="bold")
    ax.set_xlim(0, _reach(_SCALES["metre"], [f["beats per minute"] for f in fs]))
    ax.set_title("metre")
    ax.set_xlabel("felt beats a minute\n(on the bar: metre)", fontsize=8)
    ax = axes[3]
    for y, f, col in zip(ys, fs, colours):
        ax.plot([f["lowest"], f["highest"]], [y, y], color=col, lw=3, alpha=0.35, solid_capstyle="butt")
        ax.plot(list(f["melody"]), [y, y], color=col, lw=7, solid_capstyle="butt")
    ticks = list(range(24, 109, 12))
    ax.set_xticks(ticks, [f"C{t // 12 - 1}" for t in ticks], fontsize=8, rotation=60)
    low, high = _SCALES["register"]
    ax.set_xlim(min([low] + [f["lowest"] - 1 for f in fs]), max([high] + [f["highest"] + 1 for f in fs]))
    ax.set_title("register")
    ax.set_xlabel("pale: all layers\ndark: melody", fontsize=8)
    ax = axes[4]
    fams = list(FAMILIES)
    for y, f in zip(ys, fs):
        total, left = sum(f["timbre"].values()) or 1, 0.0
        for fam, col in zip(fams, _FAMILY_COLOURS):
            share = f["timbre"].get(fam, 0) / total
            if share:
                ax.barh(y, share, left=left, color=col, label=fam if y == ys[0] or fam not in
                        ax.get_legend_handles_labels()[1] else None)
                left += share
    handles, labels_ = ax.get_legend_handles_labels()
    seen = dict(zip(labels_, handles))
    # the key lies in a strip kept for it at the right, whatever families it names, so the five
    # panels keep their widths from one cue to the next (and a panel's plot keeps its backdrop)
    ax.legend(seen.values(), seen.keys(), fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False).set_in_layout(False)
    fig.get_layout_engine().set(rect=(0, 0, 1 - _KEY_INCHES / figsize[0], 1))
    ax.set_xlim(0, 1)
    ax.set_title("timbre")
    ax.set_xlabel("share of notes\nper family", fontsize=8)
    for a in axes:
        a.grid(True, axis="x", alpha=0.3)
    return fig


#: The width of the strip at the right of :func:`feature_plot` that holds the timbre key: room for
#: its longest family name ("timpani and percussion") at 7 points.
_KEY_INCHES = 1.45

#: The scales :func:`feature_plot` keeps for any cue: the most dissonant intervals per chord, felt
#: beats a minute, and the register's lowest and highest MIDI notes (the piano's A0 to C8).
_SCALES = {"harmony": 5.0, "metre": 180.0, "register": (21, 108)}


def _reach(scale: float, values: Sequence[float]) -> float:
    """The end of a bar plot's scale: ``scale``, or a tenth past the longest bar that outgrows it."""
    return scale if max(values) <= scale else 1.1 * max(values)


def _genre_of(cue: Cue, label: str) -> str:
    for g in GENRES:
        if g in label.lower() or g in cue.name.lower():
            return g
    ranked = list(genre_scores(cue))
    return ranked[0] if ranked else ""


def feature_alt(music, *, labels: Sequence[str] | None = None) -> str:
    """What the feature plot shows, in words: one line per cue.

    Examples
    --------
    >>> from scoring.genre import in_genre
    >>> print(feature_alt([in_genre(Motif.parse("4/4 c4 e g c'"), "horror")]))
    feature plot, five panels (mode, harmony, metre, register, timbre), one row per version:
    Motif (horror): locrian, 5 dissonant intervals per chord, 4/4 at 60 beats a minute, C2 to C7, mostly strings

    Lesson: lessons/08_genre.ipynb
    """
    cues = _cues(music)
    names = (items(labels, "labels", f"give {len(cues)} names, one per cue", most=10_000)
             if labels is not None else [c.name for c in cues])
    lines = ["feature plot, five panels (mode, harmony, metre, register, timbre), one row per version:"]
    for c, n in zip(cues, names):
        f = features(c)
        top = max(f["timbre"], key=f["timbre"].get)
        lines.append(f"{n}: {f['mode']}, {f['dissonance']:g} dissonant intervals per chord, {f['metre']} at "
                     f"{f['beats per minute']:g} beats a minute, {note_name(f['lowest'])} to {note_name(f['highest'])}, "
                     f"mostly {top}")
    if len(cues) > 1:
        fs = [features(c) for c in cues]
        worst = max(range(len(cues)), key=lambda i: (fs[i]["dissonance"], fs[i]["highest"] - fs[i]["lowest"]))
        widest = max(range(len(cues)), key=lambda i: fs[i]["highest"] - fs[i]["lowest"])
        note = (f"To notice: no single panel separates every version; {names[worst]} has the most dissonant "
                f"harmony ({fs[worst]['dissonance']:g} dissonant intervals per chord)")
        if widest == worst:
            note += (f" and the widest register ({note_name(fs[worst]['lowest'])} to "
                     f"{note_name(fs[worst]['highest'])})")
        lines.append(note)
    return "\n".join(lines)


def signifier_html(found: Motif | Cue | Sequence[Signifier]) -> str:
    """The signifiers heard, as a list coloured by the genre each points to, with the scores under it.

    Examples
    --------
    >>> page = signifier_html(Motif.parse("6/8 c4 g8 b-4 g8 c'4 g8 e4 c8", instrument="Harmonica"))
    >>> page.count("<li"), "points to: western 5" in page
    (4, True)

    Lesson: lessons/08_genre.ipynb
    """
    sigs = list(found) if isinstance(found, (list, tuple)) else signifiers(found)
    if not all(isinstance(s, Signifier) for s in sigs):
        raise ScoringError(f"found={checks.show(found)}: give a Motif or Cue, or signifiers(music)")
    rows = []
    for s in sigs:
        to = ", ".join(f'<span style="color:{GENRE_COLOURS.get(g, "#333")};font-weight:bold">{html.escape(g)}</span>'
                       + (f" x{w:g}" if w != 1 else "") for g, w in s.points_to)
        rows.append(f"<li>{html.escape(s.name)}: {html.escape(s.evidence)} → {to}</li>")
    scores = genre_scores(sigs)
    line = ", ".join(f"{g} {w:g}" for g, w in scores.items()) or "nothing yet"
    return (f'<ul style="margin:2px 0;font-size:0.9em">{"".join(rows)}</ul>'
            f'<div style="font-size:0.9em">points to: {html.escape(line)}</div>')


def genre_card(cue: Cue, *, plot: bool = False) -> str:
    """A cue's card (name, how it was made, score, player) with the signifiers heard in it.

    Examples
    --------
    >>> from scoring.genre import in_genre
    >>> page = genre_card(in_genre(Motif.parse("4/4 c4 e g c'"), "sci-fi"))
    >>> page.count("<audio"), "electronic timbres" in page
    (1, True)

    Lesson: lessons/08_genre.ipynb
    """
    if not isinstance(cue, Cue):
        raise ScoringError(f"genre_card() shows a Cue, not {type(cue).__name__}; e.g. genre_card(in_genre(theme, 'noir'))")
    return cue.card(width=1400, summary=True, plot=plot, small=True) + signifier_html(cue)


def clip_players(clips: Sequence[Cue]) -> html.HTML:
    """Players only, no notation, no names but "clip 1", "clip 2" ...: the clips of the experiment,
    unlabelled (a score would give the key and the instruments away).

    Examples
    --------
    >>> from scoring.genre import experiment_clips
    >>> view = clip_players(experiment_clips(Motif.parse("4/4 c4 e g c'"), order=("noir",)))
    >>> str(view), view._repr_html_().count("<audio")
    ('clip 1', 1)

    Lesson: lessons/08_genre.ipynb
    """
    clips = _cues(clips)
    cells = []
    for c in clips:
        samples, sr = c.to_audio()
        seconds = len(samples) / sr            # what the player shows: the music and its release tail
        heard = f"{seconds:.0f} s, genre hidden: what place, time and person do you see?"
        cells.append(html.card(c.name, player=html.audio_tag(samples, sr, label=f"{c.name}: {heard}"),
                               summary=heard, small=True))
    return html.HTML(html.grid(cells, columns=4), "\n".join(c.name for c in clips))


def reveal_html(clips: Sequence[Cue], order: Sequence[str], rows: Sequence[dict[str, str]] = ()) -> html.HTML:
    """The reveal: per clip, the genre it was made as, how the class answered, and the signifiers
    that carried it, in a table.

    Examples
    --------
    >>> from scoring.genre import experiment_clips
    >>> view = reveal_html(experiment_clips(Motif.parse("4/4 c4 e g c'"), order=("noir",)), ("noir",))
    >>> str(view).splitlines()[0]
    'clip 1: noir (class: no answers yet)'

    Lesson: lessons/08_genre.ipynb
    """
    clips = _cues(clips)
    counts = tally(rows, order)
    body = []
    for clip, row in zip(clips, counts):
        g = row["made as"]
        said = (f"{row['right']} of {row['answers']} ({row['most named']} most named)" if row["answers"]
                else "no answers yet")
        body.append(f'<tr><td>{html.escape(clip.name)}</td><td style="color:{GENRE_COLOURS.get(g, "#333")};'
                    f'font-weight:bold">{html.escape(g)}</td><td>{html.escape(said)}</td>'
                    f'<td style="text-align:left">{signifier_html(clip)}</td></tr>')
    table = ('<table style="border-collapse:collapse;font-size:0.9em"><tr><th>clip</th><th>made as</th>'
             f'<th>the class said</th><th style="text-align:left">what carried it</th></tr>{"".join(body)}</table>')
    return html.HTML(table, reveal_table(clips, order, rows))
