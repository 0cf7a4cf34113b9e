"""The series theme and the dub stage, seen: hummability side by side, the seasons' main titles
measured, the loudness of a delivery over time against its target, and the delivery as a card.

The numbers come from :mod:`scoring.series` (this module draws what it measures); cards and
players from :mod:`scoring.render.html`.

Lesson: lessons/11_series.ipynb
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from scoring.animatic import Video
from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.pitch import note_name
from scoring.errors import ScoringError
from scoring.render import checks, html
from scoring.render.background import alongside
from scoring.series import Delivery, hummability, momentary_loudness, season_metrics

__all__ = ["MEASURES", "listen_grid", "watch_grid", "hummability_plot", "hummability_alt", "season_plot", "season_alt", "loudness_plot",
           "loudness_alt", "delivery_card"]

#: The hummability measures drawn, with their axis labels and which way is "easier to sing".
MEASURES = (("ambitus", "ambitus (semitones)", "lower"), ("mean_interval", "mean interval (semitones)", "lower"),
            ("steps", "share of steps", "higher"), ("repetition", "repetition", "higher"),
            ("npvi", "nPVI (rhythmic contrast)", "neither"), ("contour_turns", "contour turns per move", "lower"))
#: Dash patterns for the stems' lines, so no line is told from another by its colour alone.
_DASHES = ((0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 1, 1, 1, 1, 1)), (0, (8, 3)))
_COLOURS = ("#1f5fa8", "#c23a3a", "#2a8a3e", "#8a5a00", "#6a3d9a", "#555555", "#b15928", "#01665e")


def listen_grid(items: Sequence[Motif | Cue], *, columns: int = 2, notation: bool | Sequence[bool] = False) -> html.HTML:
    """Players in a grid: each piece's name, its player (labelled with what plays) and its summary
    line; the notation only where ``notation`` asks for it (``True`` for all, or one flag per
    piece), since a long cue's score would fill the page while a short card's reads at a glance.

    Examples
    --------
    >>> from scoring.series import series_theme
    >>> listen_grid([series_theme()])
    Harbour Lights: D4 A4 G4 A4 D5 C5 A4 F4 G4 D4 A4 G4 A4 C5 Bb4 A4 … (+2) | D minor | 4/4 | 96 BPM | French Horn | 10.0 s
    >>> listen_grid([series_theme()], notation=[True])._repr_html_().count("<img")
    1

    Lesson: lessons/11_series.ipynb
    """
    music = checks.items(items, "items", "give 1 to 12 motifs or cues to hear, e.g. seasons(series_theme())", most=12)
    if not music or len(music) > 12 or not all(isinstance(m, (Motif, Cue)) for m in music):
        raise ScoringError("give 1 to 12 motifs or cues to hear, e.g. seasons(series_theme())")
    fix = "give True, False, or one flag per piece, like [False, True]"
    scored = ([checks.flag(notation, "notation")] * len(music) if isinstance(notation, (bool, np.bool_)) else
              [checks.flag(f, "notation") for f in checks.items(notation, "notation", fix, most=12)])
    if len(scored) != len(music):
        raise ScoringError(f"notation: {len(scored)} flags for {len(music)} pieces; {fix}")
    cells = []
    for m, score in zip(music, scored):
        if score:
            img, player = m.notation_and_player(width=1000)
        else:
            y, sr = m.to_audio()
            img, player = "", html.audio_tag(y, sr, label=m.listen_text())
        cells.append(html.card(m.name, notation=img, player=player, summary=m.summary(), small=True))
    return html.HTML(html.grid(cells, columns=columns, gap=14), "\n".join(m.summary() for m in music))


def watch_grid(videos: Sequence[Video], notes: Sequence[str], *, columns: int = 2) -> html.HTML:
    """Animatics side by side, each under a visible line saying what to listen for (``notes``, one
    per video), with its caption (scene, span, music, length) and its transcript (the action and
    the dialogue, with timecodes): the same picture with two mixes, compared.

    Examples
    --------
    >>> from scoring.animatic import animatic
    >>> from scoring.scene import load_scene
    >>> watch_grid([animatic(load_scene("harbour_wall"), end=1.0)], ["the murmur alone"])
    the murmur alone: Harbour Wall (01:00:00:00-01:00:01:00): no music + dialogue murmur; 1.0 s at 24 fps, 24 frames

    Lesson: lessons/11_series.ipynb
    """
    shown = checks.items(videos, "videos", "give 1 to 4 animatics, e.g. [animatic(scene, cue)]", most=4)
    if not shown or not all(isinstance(v, Video) for v in shown):
        raise ScoringError("give 1 to 4 animatics (what animatic(scene, cue) returns), e.g. [animatic(scene, cue)]")
    said = checks.items(notes, "notes", "give one line per video saying what to listen for", most=4)
    if len(said) != len(shown) or not all(isinstance(n, str) and n.strip() for n in said):
        raise ScoringError(f"give one line per video ({len(shown)}) saying what to listen for, like "
                           "['the music straight', 'the music ducked under the lines']")
    cells, lines = [], []
    for video, note in zip(shown, said):
        note = checks.text(note, "notes", "keep each line short (at most 200 characters)", most=200).strip()
        rows = video.transcript()
        items = "".join(f"<li>{html.escape(r)}</li>" for r in rows)
        transcript = (f'<details style="font-size:0.85em"><summary>Transcript ({len(rows)} entries: action and '
                      f'dialogue)</summary><ul style="margin:2px 0">{items}</ul></details>')
        player = html.video_tag(video.mp4, alt=f"{note}. {video.alt_text()}", width=video.picture.size[0])
        cells.append(f'<div style="font-weight:bold">{html.escape(note)}</div>{player}'
                     f'<div style="font-family:monospace;font-size:0.85em">{html.escape(video.caption())}</div>'
                     f"{transcript}")
        lines.append(f"{note}: {video.caption()}")
    return html.HTML(html.grid(cells, columns=columns, gap=14), "\n".join(lines))


def _motifs(motifs) -> list[Motif]:
    items = [motifs] if isinstance(motifs, Motif) else checks.items(
        motifs, "motifs", "give 1 to 12 motifs to compare, e.g. [series_theme(), tune('Ode to Joy')]", most=12)
    if not items or len(items) > 12 or not all(isinstance(m, Motif) for m in items):
        raise ScoringError("give 1 to 12 motifs to compare, e.g. [series_theme(), tune('Ode to Joy')]")
    return items


def hummability_plot(motifs: Sequence[Motif], *, figsize: Sequence[float] = (9.0, 4.6)):
    """Six small bar charts, one per :data:`MEASURES` entry, each tune a bar: what makes a theme
    travel, side by side. Returns the figure.

    Examples
    --------
    >>> from scoring.series import series_theme, tune
    >>> fig = hummability_plot([series_theme(), tune("Ode to Joy")])
    >>> len(fig.axes)
    6

    Lesson: lessons/11_series.ipynb
    """
    import matplotlib.pyplot as plt

    items = _motifs(motifs)
    values = [hummability(m) for m in items]
    fig, axes = plt.subplots(2, 3, figsize=checks.figsize(figsize))
    names = [m.name for m in items]
    for ax, (key, label, better) in zip(axes.flat, MEASURES):
        ys = [v[key] for v in values]
        ax.barh(range(len(items)), ys, color=[_COLOURS[i % len(_COLOURS)] for i in range(len(items))])
        ax.set_yticks(range(len(items)), names if ax in axes[:, 0] else [""] * len(items), fontsize=8)
        ax.invert_yaxis()
        ax.set_title(label + ("" if better == "neither" else f" ({better} = easier)"), fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def hummability_alt(motifs: Sequence[Motif]) -> str:
    """Alt text for :func:`hummability_plot`: each measure's values, tune by tune.

    Examples
    --------
    >>> from scoring.series import tune
    >>> hummability_alt([tune("Ode to Joy")])[:60]
    'Six bar charts, one per measure, one bar per tune. Ambitus ('

    Lesson: lessons/11_series.ipynb
    """
    items = _motifs(motifs)
    values = [hummability(m) for m in items]
    parts = []
    for key, label, _ in MEASURES:
        parts.append(f"{label[0].upper() + label[1:]}: " + ", ".join(f"{m.name} {v[key]:g}" for m, v in zip(items, values)))
    low = lambda key: min(zip(values, items), key=lambda vi: vi[0][key])  # noqa: E731
    high = lambda key: max(zip(values, items), key=lambda vi: vi[0][key])  # noqa: E731
    (vs, ms), (vr, mr), (vn, mn) = low("steps"), low("repetition"), high("npvi")
    rep = "and" if mr is ms else f", {mr.name}"
    notice = (f" To notice: {ms.name} has the fewest steps ({vs['steps']:g}) {rep} the least repetition "
              f"({vr['repetition']:g}); {mn.name} the most rhythmic contrast (nPVI {vn['npvi']:g}).")
    return "Six bar charts, one per measure, one bar per tune. " + "; ".join(parts) + "." + notice


def _cues(cues) -> list[Cue]:
    items = checks.items(cues, "cues", "give 1 to 8 cues (the seasons), e.g. seasons(series_theme())", most=8)
    if not items or len(items) > 8 or not all(isinstance(c, Cue) for c in items):
        raise ScoringError("give 1 to 8 cues (the seasons), e.g. seasons(series_theme())")
    return items


def season_plot(cues: Sequence[Cue], *, figsize: Sequence[float] = (9.0, 3.2)):
    """The seasons measured: length (s), tempo (BPM), number of instruments, and register (each
    season's lowest to highest note, the melody's median marked). Returns the figure.

    Examples
    --------
    >>> from scoring.series import seasons, series_theme
    >>> len(season_plot(seasons(series_theme())).axes)
    4

    Lesson: lessons/11_series.ipynb
    """
    import matplotlib.pyplot as plt

    items = _cues(cues)
    ms = [season_metrics(c) for c in items]
    labels = [c.name.split(":")[0].replace("Season ", "S") for c in items]
    fig, axes = plt.subplots(1, 4, figsize=checks.figsize(figsize))
    x = np.arange(len(items))
    for ax, key, title in zip(axes[:3], ("seconds", "tempo", "layers"), ("length (s)", "tempo (BPM)", "instruments")):
        ax.bar(x, [m[key] for m in ms], color="#1f5fa8")
        ax.set_title(title, fontsize=9)
    ax = axes[3]
    for i, m in enumerate(ms):
        ax.plot([i, i], [m["lowest"], m["highest"]], color="#8a8a8a", lw=6, solid_capstyle="butt")
        ax.plot(i, m["melody"], "o", color="#c23a3a")
    ticks = list(range(24, 109, 12))
    ax.set_yticks(ticks, [note_name(t) for t in ticks], fontsize=8)
    ax.set_title("register (red dot: melody)", fontsize=9)
    for a in axes:
        a.set_xticks(x, labels, fontsize=8)
    fig.tight_layout()
    return fig


def season_alt(cues: Sequence[Cue]) -> str:
    """Alt text for :func:`season_plot`: each season's numbers.

    Examples
    --------
    >>> from scoring.series import seasons, series_theme
    >>> season_alt(seasons(series_theme())[:1])
    'Four bar charts of the seasons: length, tempo, instruments and register. Season 1: 30 s, 96 BPM, 4 instruments, C2 to D6, melody around A4.'

    Lesson: lessons/11_series.ipynb
    """
    out, ms = [], []
    for c in _cues(cues):
        m = season_metrics(c)
        ms.append(m)
        out.append(f"{c.name.split(':')[0]}: {m['seconds']:g} s, {m['tempo']:g} BPM, {m['layers']} instruments, "
                   f"{note_name(m['lowest'])} to {note_name(m['highest'])}, melody around {note_name(round(m['melody']))}")
    notice = (f" To notice: the length goes from {ms[0]['seconds']:g} s to {ms[-1]['seconds']:g} s while the tempo "
              f"stays between {min(m['tempo'] for m in ms):g} and {max(m['tempo'] for m in ms):g} BPM.")
    return ("Four bar charts of the seasons: length, tempo, instruments and register. " + "; ".join(out) + "."
            + (notice if len(ms) > 1 else ""))


def loudness_plot(delivery: Delivery, *, stems: bool = True, figsize: Sequence[float] = (9.0, 3.0), ax=None):
    """Momentary loudness (400 ms blocks) of the music mix over time, and of each stem if
    ``stems``, against the delivery's target; the title gives the integrated loudness and true peak.
    Returns the axes.

    Examples
    --------
    >>> from scoring.series import deliver, sting, series_theme
    >>> ax = loudness_plot(deliver(sting(series_theme())))
    >>> ax.get_ylabel()
    'LUFS (momentary)'

    Lesson: lessons/11_series.ipynb
    """

    if not isinstance(delivery, Delivery):
        raise ScoringError(f"loudness_plot() draws a Delivery (from deliver(...)), not {type(delivery).__name__}")
    stems = checks.flag(stems, "stems")
    ax = checks.axes(ax, figsize=checks.figsize(figsize))
    sr = delivery.sample_rate
    if stems:                 # each stem its own colour, dash pattern and name at its loudest block
        for i, (name, y) in enumerate(delivery.stems.items()):
            t, l = momentary_loudness(y, sr)
            colour = _COLOURS[(i + 1) % len(_COLOURS)]
            ax.plot(t, l, lw=1.1, color=colour, ls=_DASHES[i % len(_DASHES)], alpha=0.85, label=name)
            if len(l) and np.isfinite(l).any():
                k = int(np.nanargmax(np.where(np.isfinite(l), l, -np.inf)))
                ax.annotate(name, (t[k], l[k]), xytext=(2, 3), textcoords="offset points", fontsize=7, color=colour)
    t, l = momentary_loudness(delivery.master, sr)
    ax.plot(t, l, lw=2.0, color="black", label="music mix")
    if delivery.target is not None:
        ax.axhline(delivery.target, color="#c23a3a", ls="--", lw=1, label=f"target {delivery.target:g} LUFS")
        ax.annotate(f"target {delivery.target:g}", (0, delivery.target), xytext=(2, -9), textcoords="offset points",
                    fontsize=7, color="#c23a3a")
    ax.set_ylim(-60, max(-5.0, float(np.max(l)) + 3))
    ax.set_xlabel("seconds")
    ax.set_ylabel("LUFS (momentary)")
    ax.set_title(f"{delivery.name}: {delivery.loudness:.1f} LUFS integrated, true peak {delivery.peak:.1f} dBTP",
                 fontsize=10)
    ax.legend(fontsize=7, loc="lower right", ncol=3)
    return ax


def loudness_alt(delivery: Delivery) -> str:
    """Alt text for :func:`loudness_plot`.

    Examples
    --------
    >>> from scoring.series import deliver, sting, series_theme
    >>> loudness_alt(deliver(sting(series_theme())))[:78]
    'Momentary loudness over time of Harbour Lights: sting (music mix as a thick bl'

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(delivery, Delivery):
        raise ScoringError(f"loudness_alt() describes a Delivery (from deliver(...)), not {type(delivery).__name__}")
    t, l = momentary_loudness(delivery.master, delivery.sample_rate)
    top = int(np.argmax(l))
    goal = "" if delivery.target is None else f", against a dashed target line at {delivery.target:g} LUFS"
    dip = ""
    music = [y for k, y in delivery.stems.items() if k != "dialogue"]
    if delivery.lines and "dialogue" in delivery.stems and music:
        tm, lm = momentary_loudness(sum(music), delivery.sample_rate)
        during = np.zeros(len(tm), dtype=bool)
        for start, end, *_ in delivery.lines:
            during |= (tm - 0.4 >= start) & (tm <= end)      # blocks wholly inside a line
        ok = np.isfinite(lm)
        if (during & ok).any() and (~during & ok).any():
            change = float(np.mean(lm[during & ok]) - np.mean(lm[~during & ok]))
            dip = (f" To notice: while the {len(delivery.lines)} line{'s' * (len(delivery.lines) != 1)} are spoken "
                   f"the music stems read {abs(change):.1f} LU {'lower' if change < 0 else 'higher'} on average "
                   "than between them.")
    return (f"Momentary loudness over time of {delivery.name} (music mix as a thick black line and "
            f"{len(delivery.stems)} stems as dashed lines, each named at its loudest block: "
            f"{', '.join(delivery.stems)}){goal}. Integrated {delivery.loudness:.1f} LUFS, true peak "
            f"{delivery.peak:.1f} dBTP; the loudest moment, {l[top]:.1f} LUFS, ends at {t[top]:.1f} s.{dip}")


def delivery_card(delivery: Delivery, *, plot: bool = True) -> html.HTML:
    """A delivery as a card: the music mix's player, its numbers against the spec, and the
    loudness plot.

    Examples
    --------
    >>> from scoring.series import deliver, sting, series_theme
    >>> delivery_card(deliver(sting(series_theme())), plot=False)
    delivery of Harbour Lights: sting

    Lesson: lessons/11_series.ipynb
    """
    if not isinstance(delivery, Delivery):
        raise ScoringError(f"delivery_card() shows a Delivery (from deliver(...)), not {type(delivery).__name__}")
    # the sound thread measures the true peak and encodes the player while the plot is drawn
    what = " (the music with the dialogue murmur)" if "dialogue" in delivery.stems else ""
    label = f"the mix of {delivery.name}{what}, {delivery.seconds:.1f} s"
    alongside(lambda: delivery.peak)   # the delivery keeps it; reading it meanwhile waits for this one
    player_later = alongside(lambda: html.audio_tag(np.clip(np.asarray(delivery.master, dtype=np.float32), -1, 1),
                                                    delivery.sample_rate, label=label))
    image = ""
    if plot:
        fig, ax = html.kept_figure("loudness plot", (9.0, 3.0))   # drawn on again by the next card
        loudness_plot(delivery, ax=ax)
        image = html.figure_png(fig, alt=loudness_alt(delivery))
    ok_p = delivery.peak <= delivery.ceiling
    ceiling = f"true peak {'under' if ok_p else 'over'} the {delivery.ceiling:g} dBTP ceiling"
    if delivery.target is None:          # nothing to meet: say what was measured, judge only the peak
        verdict = f"no target (level as mixed); {ceiling}"
    elif abs(delivery.loudness - delivery.target) <= 0.5 and ok_p:
        verdict = "meets the spec"
    else:
        verdict = "; ".join(x for x in ("" if abs(delivery.loudness - delivery.target) <= 0.5 else
                                        f"loudness off the {delivery.target:g} LUFS target",
                                        "" if ok_p else ceiling) if x)
    player = player_later.result()
    peak = "-inf" if not math.isfinite(delivery.peak) else f"{delivery.peak:.1f}"
    summary = (f"{delivery.loudness:.1f} LUFS · true peak {peak} dBTP · gain {round(delivery.gain_db, 1) + 0.0:+.1f} dB · "
               f"stems: {', '.join(delivery.stems)} · {verdict}")
    return html.HTML(html.card(delivery.name, player=player, summary=summary, extra=image),
                     f"delivery of {delivery.name}")
