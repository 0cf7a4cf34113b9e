"""Plots and players for lesson 10 (songs in film): the radio opening into the score, cuts moved
onto a song's beats (and the montage's video with its cuts described), and a temp's energy curve
beside a new cue's.

Each plot takes ``ax=None`` and returns its axes; each has an ``..._alt`` companion that says in
words what it shows, for the image's alt text.

Lesson: lessons/10_songs.ipynb
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from scoring.click import radio
from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.core.time import TempoMap
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.backdrop import UNDER_THE_MARKS
from scoring.render.background import alongside
from scoring.render.dsp import check_rate, mono
from scoring.render.html import HTML, audio_tag, card, escape, figure_png, grid, img_tag, kept_figure, video_tag
from scoring.render.notation import musicxml_to_svg
from scoring.songs import CutPlan, EnergyCurve, RadioOpening, beat_grid, curve_match

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["listen", "chord_chart", "opening_plot", "opening_plot_alt", "opening_html", "cuts_plot", "cuts_plot_alt", "cuts_figure",
           "cuts_in_view", "montage_video", "energy_plot", "energy_plot_alt", "energy_figure"]


def listen(items, notes, *, columns: int = 2) -> HTML:
    """Players with a visible line each: the piece's name, what to listen for (``notes``, one per
    piece), the player (labelled with instruments, tempo and length for a screen reader) and the
    summary line, without the notation.

    Examples
    --------
    >>> listen([Motif.parse("c4 e g", name="Bell", tempo=60)], ["three notes up"])
    Bell: three notes up | Bell: C4 E4 G4 | C major | 4/4 | 60 BPM | Acoustic Grand Piano | 3.0 s

    Lesson: lessons/10_songs.ipynb
    """
    music = checks.items(items, "items", "give 1 to 6 motifs or cues to hear, e.g. [song()]", most=6)
    if not music or not all(isinstance(m, (Motif, Cue)) for m in music):
        raise ScoringError("give 1 to 6 motifs or cues to hear, e.g. [song()]")
    said = checks.items(notes, "notes", "give one line per piece saying what to listen for", most=6)
    if len(said) != len(music) or not all(isinstance(n, str) and n.strip() for n in said):
        raise ScoringError(f"give one line per piece ({len(music)}) saying what to listen for, like "
                           "['the backbeat on 2 and 4']")
    cells, text = [], []
    for m, note in zip(music, said):
        note = checks.text(note, "notes", "keep each line short (at most 300 characters)", most=300).strip()
        y, sr = m.to_audio()
        cells.append(card(m.name, note=note, player=audio_tag(y, sr, label=m.listen_text()), summary=m.summary(),
                          small=True))
        text.append(f"{m.name}: {note} | {m.summary()}")
    return HTML(grid(cells, columns=columns, gap=14), "\n".join(text))


def _harmony(symbol: str) -> str:
    """A chord symbol ("Am", "F", "Bb", "F#m") as a MusicXML ``<harmony>`` element."""
    m = re.fullmatch(r"([A-G])([b#]?)(m?)", symbol.strip())
    if m is None:
        raise ScoringError(f"chord {symbol!r}: give a major or minor chord symbol, like 'Am', 'F' or 'Bb'")
    step, acc, minor = m.groups()
    alter = {"b": "<root-alter>-1</root-alter>", "#": "<root-alter>1</root-alter>", "": ""}[acc]
    kind = '<kind text="m">minor</kind>' if minor else '<kind text="">major</kind>'
    return f"<harmony><root><root-step>{step}</root-step>{alter}</root>{kind}</harmony>"


def chord_chart(melody: Motif, chords) -> HTML:
    """A melody's notation with its chord symbols above the staff, one a bar (a lead sheet).

    Examples
    --------
    >>> from scoring.songs import VERSE_CHORDS, song_melody
    >>> chart = chord_chart(song_melody("verse"), VERSE_CHORDS)
    >>> chart
    lead sheet of Windows Down (verse): chords Am F C G Am F C G
    >>> 'alt="notation: Windows Down (verse)' in chart._repr_html_()
    True

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(melody, Motif, "melody", 'Motif.parse("4/4 e4 d c d")')
    symbols = [checks.text(c, "chord", "give chord symbols, like ['Am', 'F']", most=8)
               for c in checks.items(chords, "chords", "give one chord symbol per bar, like ['Am', 'F']", most=64)]
    xml = melody.engraving_xml()
    xml = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    parts = re.split(r"(<measure\b[^>]*>(?:<attributes>.*?</attributes>)?)", xml, flags=re.S)
    out, bar = [], 0
    for part in parts:
        out.append(part)
        if part.startswith("<measure") and bar < len(symbols):
            out.append(_harmony(symbols[bar]))
            bar += 1
    svg = musicxml_to_svg("".join(out).encode("utf-8"))
    alt = f"{melody.alt_text()}; chord symbols above the staff, one a bar: {' '.join(symbols[:bar])}"
    return HTML(img_tag(svg, alt=alt), f"lead sheet of {melody.name}: chords {' '.join(symbols[:bar])}")


def _axes(ax, figsize):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    return checks.axes(ax)


def _names(names) -> list[str]:
    fix = "give two names, like ('temp', 'new cue')"
    pair = checks.items(names, "names", fix, most=2)
    if len(pair) != 2:
        raise ScoringError(f"names={checks.show(names)} needs two names; {fix}")
    return [checks.text(n, "names", fix, most=200) for n in pair]


def opening_plot(opening: RadioOpening, samples: np.ndarray, sample_rate: int = 44100, *,
                 ax: "Axes | None" = None) -> "Axes":
    """The sound through a radio opening: its spectrogram (time across, frequency up, log scale)
    with the band that passes drawn over it, and the moment it starts and ends to open.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal((16000, 2)) * 0.1
    >>> opening_plot(RadioOpening(at=0.3, over=0.4), RadioOpening(at=0.3, over=0.4).render(y, 8000), 8000).get_yscale()
    'log'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(opening, RadioOpening, "opening", "RadioOpening(at=2.0, over=3.0)")
    check_rate(sample_rate)
    try:
        y = np.asarray(samples, dtype=float)
    except (TypeError, ValueError):
        y = np.empty(0)
    y = mono(y)
    if y.ndim != 1 or y.size < 2048 or not np.isfinite(y).all():
        raise ScoringError("samples: give the radio opening's sound (mono or stereo samples, at least 0.05 s, "
                           "no NaN), as the lesson renders it")
    ax = _axes(ax, (9.0, 3.0))
    sr = int(sample_rate)
    n = 1024 if sr > 16000 else 512
    *_, image = ax.specgram(y, NFFT=n, Fs=sr, noverlap=n // 2, cmap="magma", vmin=-120)
    image.set_zorder(UNDER_THE_MARKS)   # over the ticks: the next opening draws on the same frame
    t = np.linspace(0, len(y) / sr, 200)
    bands = np.array([opening.band_at(x) for x in t])
    ax.plot(t, bands[:, 0], color="#7fd1ff", lw=1.5, label="radio's band: low and high cut-off")
    ax.plot(t, bands[:, 1], color="#7fd1ff", lw=1.5)
    for x, what in ((opening.at, "opens"), (opening.at + opening.over, "full score")):
        ax.axvline(x, color="white", ls="--", lw=1)
        ax.text(x, sr / 2 * 0.8, f" {what}", color="white", fontsize=8, va="top")
    ax.set_yscale("log")
    ax.set_ylim(40, sr / 2)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    ax.set_title("Source into score: the band opens and the room grows")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def opening_plot_alt(opening: RadioOpening) -> str:
    """Alt text for :func:`opening_plot`.

    Examples
    --------
    >>> print(opening_plot_alt(RadioOpening(at=2.0, over=3.0)))  # doctest: +NORMALIZE_WHITESPACE
    Spectrogram, time 0 s onwards across, frequency up (log scale). Until 2 s the sound sits in a narrow band,
    350-3200 Hz (the radio); from 2 to 5 s the band's edges (blue lines) spread to the full range and the bass
    below 350 Hz comes back; the song has little above 3 kHz, so the top changes less.

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(opening, RadioOpening, "opening", "RadioOpening(at=2.0, over=3.0)")
    lo, hi = opening.band_at(0.0)
    return (f"Spectrogram, time 0 s onwards across, frequency up (log scale). Until {opening.at:g} s the sound "
            f"sits in a narrow band, {lo}-{hi} Hz (the radio); from {opening.at:g} to {opening.at + opening.over:g} s "
            f"the band's edges (blue lines) spread to the full range and the bass below {lo} Hz comes back; "
            "the song has little above 3 kHz, so the top changes less.")


def opening_html(opening: RadioOpening, samples: np.ndarray, sample_rate: int = 44100, *,
                 compare: bool = True) -> HTML:
    """The opening to hear and see: players for the transition (and, with ``compare``, the same
    music all radio and all score) and the spectrogram. When the music ends before the opening
    does, the label says so.

    Examples
    --------
    >>> y = np.random.default_rng(0).standard_normal((16000, 2)) * 0.1
    >>> opening_html(RadioOpening(at=1.0, over=2.0), y, 8000, compare=False)  # doctest: +ELLIPSIS
    radio 350-3200 Hz at -12 dB until 1 s, open by 3 s into the full score, with a hall (space 0.35); the music ends at 2.0 s, 1.0 s before it is fully open; ...

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(opening, RadioOpening, "opening", "RadioOpening(at=2.0, over=3.0)")
    compare = checks.flag(compare, "compare")
    heard = opening.render(samples, sample_rate)
    seconds = len(samples) / sample_rate
    late = (f"; the music ends at {seconds:.1f} s, {opening.at + opening.over - seconds:.1f} s before it is fully "
            "open" if opening.at + opening.over > seconds + 1e-6 else "")
    players = [(f"radio into score: {opening.summary()}{late}", heard)]
    if compare:
        players += [("all radio (source)", radio(samples, sample_rate, low=opening.low, high=opening.high,
                                                 gain_db=opening.gain_db, drive=opening.drive)),
                    ("all score (underscore)", np.asarray(samples, dtype=np.float32))]
    # the players are encoded on the sound thread while the spectrogram is drawn
    tags = [alongside(lambda y=y, label=label: audio_tag(y, sample_rate, label=label)) for label, y in players]
    fig, ax = kept_figure("radio opening", (9.0, 3.0))   # drawn on again by the next opening
    opening_plot(opening, heard, sample_rate, ax=ax)
    plot = figure_png(fig, alt=opening_plot_alt(opening))
    rows = "".join(f'<div style="margin:2px 0">{tag.result()} '
                   f'<span style="font-size:0.85em;color:#555">{escape(label)}</span></div>'
                   for tag, (label, _) in zip(tags, players))
    return HTML(f"<div>{rows}{plot}</div>",
                f"{opening.summary()}{late}; players: " + ", ".join(label for label, _ in players))


def cuts_plot(plan: CutPlan, tempo_map: TempoMap, *, ax: "Axes | None" = None) -> "Axes":
    """The cuts before and after snapping, over the song's beats (thin) and downbeats (thick): grey
    where the rough cut had them, red where they now fall, an arrow for each move.

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> ax = cuts_plot(snap_cuts([1.3, 2.9], TempoMap.constant(120)), TempoMap.constant(120))
    >>> ax.get_xlabel()
    'time in the scene (s)'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(plan, CutPlan, "plan", "snap_cuts(cuts, tempo_map)")
    ax = _axes(ax, (9.0, 2.0))
    end = max(plan.old + plan.new) + 1.0
    for t in beat_grid(tempo_map, end, song_start=plan.song_start):
        ax.axvline(t, color="#bbbbbb", lw=0.6)
    for t in beat_grid(tempo_map, end, to="downbeat", song_start=plan.song_start):
        ax.axvline(t, color="#666666", lw=1.6)
    ax.scatter(plan.old, [0.3] * len(plan.old), marker="v", s=60, color="#999999", label="rough cut", zorder=3)
    ax.scatter(plan.new, [0.7] * len(plan.new), marker="^", s=60, color="#c23a3a", label="on the beat", zorder=3)
    for i, (a, b, m) in enumerate(zip(plan.old, plan.new, plan.moves), 1):
        ax.annotate("", xy=(b, 0.62), xytext=(a, 0.38), arrowprops={"arrowstyle": "->", "color": "#c23a3a"})
        ax.text(b, 0.86, f"{i}: {m:+.0f}f", ha="center", fontsize=7)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlim(0, end)
    ax.set_xlabel("time in the scene (s)")
    ax.set_title("Cuts moved onto the song's beats (thin lines) and downbeats (thick); moves in frames")
    ax.legend(loc="lower right", fontsize=7, ncol=2)
    return ax


def cuts_plot_alt(plan: CutPlan) -> str:
    """Alt text for :func:`cuts_plot`.

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> print(cuts_plot_alt(snap_cuts([1.3, 2.9], TempoMap.constant(120))))  # doctest: +NORMALIZE_WHITESPACE
    Timeline of 2 cuts over the beat grid: each rough cut (grey downward triangle, lower row) moves to the
    beat nearest it (red upward triangle, upper row); the moves are +4.8, +2.4 frames, the largest 4.8 frames.

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(plan, CutPlan, "plan", "snap_cuts(cuts, tempo_map)")
    moves = ", ".join(f"{m:+.1f}" for m in plan.moves)
    return (f"Timeline of {len(plan.old)} cuts over the beat grid: each rough cut (grey downward triangle, lower "
            f"row) moves to the beat nearest it (red upward triangle, upper row); the moves are {moves} frames, the largest {plan.worst_move:.1f} frames.")


def cuts_in_view(plan: CutPlan, start: float, end: float, *, snapped: bool) -> str:
    """The cuts between ``start`` and ``end`` seconds in words: where each one falls against the
    song's beat, on the rough cut (``snapped=False``: how many frames early or late) or after
    snapping (``snapped=True``: the bar and beat it lands on).

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> plan = snap_cuts([1.3, 2.9], TempoMap.constant(120))
    >>> cuts_in_view(plan, 0, 4, snapped=False)
    'cut 1 at 1.30 s, 4.8 frames before its beat; cut 2 at 2.90 s, 2.4 frames before its beat'
    >>> cuts_in_view(plan, 0, 4, snapped=True)
    'cut 1 at 1.50 s on bar 1 beat 4; cut 2 at 3.00 s on bar 2 beat 3'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(plan, CutPlan, "plan", "snap_cuts(cuts, tempo_map)")
    start = checks.number(start, "start", "give seconds in the scene, like 8.0")
    end = checks.number(end, "end", "give seconds in the scene, like 14.0")
    snapped = checks.flag(snapped, "snapped")
    out = []
    for i, (a, b, w, m) in enumerate(zip(plan.old, plan.new, plan.where, plan.moves), 1):
        t = b if snapped else a
        if not start <= t < end:
            continue
        if snapped:
            bar, beat = w.split("|")
            out.append(f"cut {i} at {t:.2f} s on bar {bar} beat {beat}")
        elif abs(m) < 0.5:
            out.append(f"cut {i} at {t:.2f} s, on its beat")
        else:
            out.append(f"cut {i} at {t:.2f} s, {abs(m):.1f} frames {'before' if m > 0 else 'after'} its beat")
    return "; ".join(out) or "no cuts"


def montage_video(video, plan: CutPlan, *, snapped: bool) -> HTML:
    """An animatic of a montage (from :func:`scoring.animatic.animatic`) shown with an alt text and a
    caption that say where its cuts fall against the song's beat (see :func:`cuts_in_view`).

    Examples
    --------
    >>> from scoring.animatic import animatic
    >>> from scoring.scene import load_scene
    >>> from scoring.songs import cut_points, snap_cuts, song
    >>> montage = load_scene("windows_down")
    >>> plan = snap_cuts(cut_points(montage), song().tempo_map)
    >>> montage_video(animatic(montage, start=2.0, end=3.0), plan, snapped=False)  # doctest: +ELLIPSIS
    Windows Down (...): no music; ... | the rough cut, timed to the action: cut 1 at 2.29 s, 2.0 frames after its beat

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(plan, CutPlan, "plan", "snap_cuts(cuts, tempo_map)")
    if not all(hasattr(video, k) for k in ("mp4", "caption", "start", "end", "scene", "picture",
                                                  "transcript")):
        raise ScoringError(f"montage_video() takes the video animatic(...) returns, not {type(video).__name__}")
    where = cuts_in_view(plan, video.start, video.end, snapped=snapped)
    which = "cut onto the song's beats" if snapped else "the rough cut, timed to the action"
    alt = (f"Animatic of {video.scene.title}, {video.start:.1f}-{video.end:.1f} s, {which}: storyboard shots "
           f"with the action written above, the timecode below; {where}.")
    line = f"{video.caption()} | {which}: {where}"
    rows = video.transcript()
    items = "".join(f"<li>{escape(r)}</li>" for r in rows)
    transcript = (f'<details style="font-size:0.85em"><summary>Transcript ({len(rows)} entries: action, hits and '
                  f'dialogue)</summary><ul style="margin:2px 0">{items}</ul></details>')
    html = (f'<div style="margin:4px 0 10px 0">{video_tag(video.mp4, alt=alt, width=video.picture.size[0])}'
            f'<div style="font-family:monospace;font-size:0.85em">{escape(line)}</div>{transcript}</div>')
    return HTML(html, line)


def cuts_figure(plan: CutPlan, tempo_map: TempoMap) -> HTML:
    """:func:`cuts_plot` as an image with its alt text (what a lesson shows).

    Examples
    --------
    >>> from scoring.songs import snap_cuts
    >>> cuts_figure(snap_cuts([1.3, 2.9], TempoMap.constant(120)), TempoMap.constant(120))._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/10_songs.ipynb
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.0, 2.0), layout="constrained")
    cuts_plot(plan, tempo_map, ax=ax)
    alt = cuts_plot_alt(plan)
    return HTML(figure_png(fig, alt=alt), alt)


def energy_plot(temp: EnergyCurve, cue: EnergyCurve, *, names: tuple[str, str] = ("temp", "new cue"),
                ax: "Axes | None" = None) -> "Axes":
    """Two cues' energy bar by bar: notes started per bar (bars) and mean loudness (lines, right axis).

    Examples
    --------
    >>> from scoring.songs import energy_curve, temp_track
    >>> ax = energy_plot(energy_curve(temp_track()), energy_curve(temp_track()))
    >>> ax.get_xlabel()
    'bar'

    Lesson: lessons/10_songs.ipynb
    """
    checks.expect(temp, EnergyCurve, "temp", "energy_curve(temp_track())")
    checks.expect(cue, EnergyCurve, "cue", "energy_curve(my_cue)")
    names = _names(names)
    ax = _axes(ax, (9.0, 2.6))
    n = len(temp.onsets)
    x = np.arange(1, n + 1)
    a = np.asarray(temp.onsets, float)
    b = np.asarray(cue.onsets[:n], float)
    b = np.pad(b, (0, n - len(b)))
    ax.bar(x - 0.2, a / max(a.max(), 1), 0.4, color="#999999", label=f"{names[0]}: notes per bar (scaled, plain)")
    ax.bar(x + 0.2, b / max(b.max(), 1), 0.4, color="#3a7bc2", hatch="//", edgecolor="white",
           label=f"{names[1]}: notes per bar (scaled, hatched)")
    right = ax.twinx()
    right.plot(x, temp.loudness[:n], color="#555555", marker="o", lw=1.5, label=f"{names[0]}: loudness (circles)")
    right.plot(x, list(cue.loudness[:n]) + [0] * (n - len(cue.loudness[:n])), color="#1b4f8a", marker="s", lw=1.5,
               label=f"{names[1]}: loudness (squares)")
    right.set_ylim(0, 127)
    right.set_ylabel("mean velocity")
    ax.set_ylim(0, 1.15)
    ax.set_xticks(x)
    ax.set_xlabel("bar")
    ax.set_ylabel("notes per bar (÷ max)")
    ax.set_title("The temp's shape and the new cue's: activity and loudness, bar by bar")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = right.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left", ncol=2)
    return ax


def energy_plot_alt(temp: EnergyCurve, cue: EnergyCurve, *, names: tuple[str, str] = ("temp", "new cue")) -> str:
    """Alt text for :func:`energy_plot`.

    Examples
    --------
    >>> from scoring.songs import energy_curve, temp_track
    >>> print(energy_plot_alt(energy_curve(temp_track()), energy_curve(temp_track())))
    ... # doctest: +NORMALIZE_WHITESPACE
    Bar chart over 8 bars: notes per bar of temp (6, 11, 15, 17, 23, 26, 13, 5; plain bars, left of each pair)
    and of new cue (6, 11, 15, 17, 23, 26, 13, 5; hatched bars, right of each pair), with their mean loudness
    as lines (circles for temp, squares for new cue); notes per bar correlate 1.00 and loudness 1.00: the
    shapes rise and fall together.

    Lesson: lessons/10_songs.ipynb
    """
    m = curve_match(temp, cue)
    names = _names(names)
    verdict = ("the shapes rise and fall together" if min(m["onsets"], m["loudness"]) >= 0.8 else
               "the shapes part" if max(m["onsets"], m["loudness"]) < 0.5 else "the shapes partly agree")
    return (f"Bar chart over {len(temp.onsets)} bars: notes per bar of {names[0]} ({', '.join(map(str, temp.onsets))}; "
            f"plain bars, left of each pair) "
            f"and of {names[1]} ({', '.join(map(str, cue.onsets))}; hatched bars, right of each pair), with their mean "
            f"loudness as lines (circles for {names[0]}, squares for {names[1]}); "
            f"notes per bar correlate {m['onsets']:.2f} and loudness {m['loudness']:.2f}: {verdict}.")


def energy_figure(temp: EnergyCurve, cue: EnergyCurve, *, names: tuple[str, str] = ("temp", "new cue")) -> HTML:
    """:func:`energy_plot` as an image with its alt text (what a lesson shows).

    Examples
    --------
    >>> from scoring.songs import energy_curve, temp_track
    >>> curve = energy_curve(temp_track())
    >>> energy_figure(curve, curve)._repr_html_()[:32]
    '<img src="data:image/png;base64,'

    Lesson: lessons/10_songs.ipynb
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.0, 2.6), layout="constrained")
    energy_plot(temp, cue, names=names, ax=ax)
    alt = energy_plot_alt(temp, cue, names=names)
    return HTML(figure_png(fig, alt=alt), alt)
