"""Notation (verovio SVG) and what a notebook shows: a motif's card, show/play/plot, compare."""
from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
import soundfile as sf
from matplotlib.figure import Figure

from scoring import Motif, ScoringError, compare
from scoring.render import notation
from scoring.render.html import HTML, figure_png, img_tag
from scoring.core.plots import motif_figure
from scoring.core.view import gallery


IMG = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
AUDIO = re.compile(r'<audio[^>]*src="data:audio/mpeg;base64,([A-Za-z0-9+/=]+)"')
PNG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def svg_notes(svg_text: str) -> int:
    """How many noteheads verovio engraved."""
    return len(re.findall(r'class="note"', svg_text))


def svg_rests(svg_text: str) -> int:
    return len(re.findall(r'class="rest"', svg_text))


# ---------------------------------------------------------------- notation
def test_svg_engraves_every_note_and_rest():
    """Four notes and one rest in, four noteheads and one rest engraved."""
    m = Motif.parse("4/4 c4 e g r4 c'2", name="Hero")
    s = m.svg()
    assert s.startswith("<svg") and s.rstrip().endswith("</svg>")
    assert svg_notes(s) == 4 and svg_rests(s) == 1


def without_ids(svg_text: str) -> str:
    """The SVG with every element id (and each use of it, in links and CSS) renamed in order of appearance."""
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg_text)))
    names = {old: f"id{i}" for i, old in enumerate(ids)}
    return re.sub("|".join(sorted(map(re.escape, ids), key=len, reverse=True)), lambda m: names[m.group(0)], svg_text)


def test_svg_is_the_same_picture_each_time(hero):
    """The same music gives the same engraving (ignoring element ids)."""
    assert without_ids(hero.svg()) == without_ids(hero.svg())


def test_svg_is_deterministic():
    """As documented, element ids are seeded: the same MusicXML gives byte-identical SVG, so
    re-executed notebooks diff cleanly."""
    xml = Motif.parse("c4 e g").musicxml()
    assert notation.musicxml_to_svg(xml) == notation.musicxml_to_svg(xml)


def test_svg_changes_with_the_music(hero):
    assert hero.svg() != hero.invert().svg()


def test_musicxml_to_svg():
    s = notation.musicxml_to_svg(Motif.parse("c4 e g").musicxml())
    assert s.startswith("<svg") and svg_notes(s) == 3
    assert not s.startswith("<?xml")


def test_musicxml_to_svg_refuses_garbage():
    with pytest.raises(ScoringError, match="MusicXML"):
        notation.musicxml_to_svg("<not-music/>")


def test_img_tag():
    """The SVG travels inside the <img> as base64; the alt text is escaped."""
    tag = img_tag("<svg></svg>", alt='a "b" <c>')
    data = IMG.search(tag).group(1)
    assert base64.b64decode(data) == b"<svg></svg>"
    assert 'alt="a &quot;b&quot; &lt;c&gt;"' in tag


# ---------------------------------------------------------------- a motif in a notebook
def test_repr_html_has_notation_player_and_summary(hero):
    """A motif's cell output: its name, notation as an SVG image, an MP3 player and the summary line."""
    html = hero._repr_html_()
    svg = base64.b64decode(IMG.search(html).group(1)).decode("utf-8")
    assert svg.startswith("<svg") and svg_notes(svg) >= 4  # C5 may be split into tied notes at the bar line
    mp3 = base64.b64decode(AUDIO.search(html).group(1))
    decoded, sr = sf.read(io.BytesIO(mp3))
    assert len(decoded) / sr == pytest.approx(hero.duration_seconds + 1.0, abs=0.2)
    assert hero.summary() in html
    assert ">Hero</div>" in html


def test_repr_html_escapes_names():
    """A name with HTML characters is shown, not interpreted."""
    m = Motif.parse("c4 e g", name="<b>Hero & Co</b>")
    html = m._repr_html_()
    assert "<b>Hero" not in html
    assert "&lt;b&gt;Hero &amp; Co&lt;/b&gt;" in html


def test_show_gives_notation(hero):
    view = hero.show()
    assert isinstance(view, HTML)
    html = view._repr_html_()
    assert IMG.search(html) and not AUDIO.search(html)
    assert repr(view) == "notation of Hero"


def test_play_gives_a_player(hero):
    view = hero.play()
    html = view._repr_html_()
    assert AUDIO.search(html) and not IMG.search(html)
    assert repr(view) == "audio of Hero: French Horn, 96 BPM, 3.1 s"
    assert "plays: Hero: French Horn, 96 BPM, 3.1 s</div>" in html   # the visible line under the player


@pytest.mark.parametrize("kind, patches, lines", [
    ("piano roll", 4, 0), ("contour", 0, 1), ("intervals", 3, 1), ("pitch classes", 12, 0)])
def test_plot_gives_a_figure(hero, kind, patches, lines):
    """plot() makes one standalone figure with one Axes: 4 note bars, 1 contour line,
    3 distinct intervals (+4, +3, +5) with a zero line, or 12 pitch-class bars."""
    fig = motif_figure(hero, kind)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    drawn = len(ax.patches) + sum(len(c.get_paths()) for c in ax.collections)
    assert drawn == patches
    assert len(ax.lines) == lines
    assert motif_figure(hero).axes[0].get_title() == "piano roll"


def test_plot_refuses_unknown_kinds(hero):
    with pytest.raises(ScoringError, match="piano roll, contour, intervals, pitch classes"):
        motif_figure(hero, "pie chart")


def test_figure_png():
    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    tag = figure_png(fig)
    assert base64.b64decode(PNG.search(tag).group(1))[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("face", [(255, 255, 255, 255), (12, 200, 7, 255), (0, 0, 0, 0)])
def test_ink_is_every_pixel_unlike_the_face_in_any_channel(face):
    from scoring.render.html import _ink

    rng = np.random.default_rng(3)
    pixels = np.empty((40, 30, 4), dtype=np.uint8)
    pixels[:] = face
    for channel in range(4):  # a pixel that differs in one channel only counts as ink
        rows, cols = rng.integers(0, 40, 5), rng.integers(0, 30, 5)
        pixels[rows, cols, channel] ^= np.uint8(1 << channel)
    face = np.array(face, dtype=np.uint8)
    expected = (pixels != face).any(axis=2)
    assert 0 < expected.sum() <= 20
    assert (_ink(pixels, face) == expected).all()
    assert (_ink(pixels[::2, 1::3], face) == expected[::2, 1::3]).all()  # a view that is not contiguous


# ---------------------------------------------------------------- compare
def test_compare_two_motifs(hero):
    """Side by side: one notation and one player each, one shared plot, the two summaries as text."""
    inv = hero.invert().with_name("Hero inverted")
    view = compare(hero, inv)
    html = view._repr_html_()
    assert len(IMG.findall(html)) == 2
    assert len(AUDIO.findall(html)) == 2
    assert len(PNG.findall(html)) == 1
    assert repr(view) == f"{hero.summary()}\n{inv.summary()}"
    assert html.index("Hero inverted") > html.index(hero.summary())


def test_compare_without_plot_and_single(hero):
    assert not PNG.search(compare(hero, plot=None)._repr_html_())
    assert len(AUDIO.findall(compare(hero)._repr_html_())) == 1


def test_compare_other_plots(hero):
    assert PNG.search(compare(hero, hero.retrograde(), plot="contour")._repr_html_())


def test_compare_refuses_bad_input(hero):
    with pytest.raises(ScoringError, match="at least one motif"):
        compare()
    with pytest.raises(ScoringError, match="takes motifs"):
        compare(hero, "c4 e g")
    with pytest.raises(ScoringError, match="at most 12"):
        compare(*[hero] * 13)


# ---------------------------------------------------------------- gallery
def test_gallery_of_motifs(hero):
    """A grid with one notation, one player and one summary per motif."""
    inv = hero.invert().with_name("Inverted")
    view = gallery([hero, inv], plot=True)
    html = view._repr_html_()
    assert len(IMG.findall(html)) == 2 and len(AUDIO.findall(html)) == 2 and len(PNG.findall(html)) == 2
    assert repr(view) == f"{hero.summary()}\n{inv.summary()}"


def test_gallery_refuses_bad_input(hero):
    with pytest.raises(ScoringError, match="1 to 16"):
        gallery([])
    with pytest.raises(ScoringError, match="1 to 16"):
        gallery([hero] * 17)
    with pytest.raises(ScoringError, match="takes motifs or cues; got str"):
        gallery([hero, "c4 e g"])


@pytest.mark.parametrize("dpi", [70, 80, 144])
def test_text_is_laid_out_with_the_font_heights_matplotlib_reads_itself(dpi):
    """figure_png hands matplotlib each font's heights read once; every text's layout (its box, the
    lines' widths, ascents and descents) is exactly what matplotlib finds reading the font's tables."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from scoring.render.html import _font_heights

    fig = Figure(dpi=dpi)
    fonts = [FontProperties(family=f, size=s, weight=w) for f in ("sans-serif", "serif", "monospace")
             for s in (7, 8.5, 10, 14) for w in ("normal", "bold")]
    texts = [fig.text(0.1, 0.5, words, fontproperties=font) for font in fonts
             for words in ("Hero", "gyp", "two\nlines", "C#4 (61)")]
    plain = RendererAgg(200, 100, dpi)                 # matplotlib reads the tables for every text
    handed = RendererAgg(200, 100, dpi)
    handed._get_font_height_metrics = lambda prop: _font_heights(prop, dpi)
    def layout(text, renderer):
        box, lines, descent = text._get_layout(renderer)
        return tuple(box.bounds), lines, descent

    for t in texts:
        assert layout(t, plain) == layout(t, handed), (t.get_text(), t.get_fontproperties())


def test_a_font_added_after_it_was_asked_for_is_laid_out_with_its_own_heights():
    """A font asked for before matplotlib knows it (it falls back to another), then added while the
    kernel runs: a text in it is laid out with the added font's heights, as matplotlib lays it out."""
    import warnings

    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    from scoring.render.html import _font_heights

    fonts = font_manager.fontManager
    path, known = font_manager.findfont("cmr10"), fonts.ttflist
    fonts.ttflist = [f for f in known if f.fname != path]     # cmr10 not yet known
    fonts._findfont_cached.cache_clear()
    try:
        prop = FontProperties(family="cmr10", size=14)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            before = _font_heights(prop, 80)               # the fallback's heights
        fonts.addfont(path)
        text = Figure(dpi=80).text(0.1, 0.5, "Hero\ngyp", fontproperties=prop)
        handed = RendererAgg(200, 100, 80)
        handed._get_font_height_metrics = lambda p: _font_heights(p, 80)
        def layout(renderer):
            box, lines, _ = text._get_layout(renderer)
            return tuple(box.bounds), lines

        assert _font_heights(prop, 80) != before
        assert layout(handed) == layout(RendererAgg(200, 100, 80))
    finally:
        fonts.ttflist = known
        fonts._findfont_cached.cache_clear()


def test_a_plot_alone_is_also_an_image_png_output_with_its_alt_text():
    from IPython.core.formatters import DisplayFormatter

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1, 0])
    plot = HTML(figure_png(fig, alt='the "arc" <rises> & falls'), "an arc")
    data, meta = DisplayFormatter().format(plot)
    assert set(data) == {"text/html", "image/png", "text/plain"}
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert f'data:image/png;base64,{data["image/png"]}"' in data["text/html"]   # the same picture, once more
    assert meta == {"image/png": {"alt": 'the "arc" <rises> & falls'}}
    assert data["text/plain"] == "an arc"


def test_html_that_is_more_than_one_plot_stays_html_only(hero):
    from IPython.core.formatters import DisplayFormatter

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1])
    two = figure_png(fig, alt="a") * 2
    for html in (two, "<b>hit</b>", f"<div>{two[: len(two) // 2]}</div>", hero._repr_html_()):
        data, meta = DisplayFormatter().format(HTML(html))
        assert set(data) == {"text/html", "text/plain"} and "image/png" not in meta


def test_a_captioned_plot_is_a_plot_alone_too():
    from IPython.core.formatters import DisplayFormatter

    from scoring.render.html import captioned_figure

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1, 0])
    data, meta = DisplayFormatter().format(captioned_figure(fig, alt="rise & fall"))
    assert "</figcaption></figure>" in data["text/html"] and f'base64,{data["image/png"]}"' in data["text/html"]
    assert meta == {"image/png": {"alt": "rise & fall"}}


def _figures_of_several_axes():
    """Figures like the course's: a roll over a curve with a twin axis and a legend beside it, a row
    of five measures sharing their y axis with turned tick labels, a grid under a title."""
    from matplotlib.figure import Figure

    column = Figure(figsize=(9.0, 4.2), layout="constrained")
    top, bottom = column.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    top.plot([0, 30], [48, 84], label="melody (French Horn)")
    top.set_yticks([48, 60, 72, 84], ["C3", "C4", "C5", "C6"])
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    bottom.fill_between([0, 10, 30], [0, 3, 1], step="post")
    twin = bottom.twinx()
    twin.plot([0, 30], [0, 12])
    twin.set_ylabel("onsets / s")
    bottom.set_xlabel("seconds")
    row = Figure(figsize=(11.0, 1.6), layout="constrained")
    axes = row.subplots(1, 5, sharey=True, gridspec_kw={"width_ratios": [1.3, 1, 1, 1.4, 1.6]})
    for k, ax in enumerate(axes):
        ax.barh([0, 1], [k + 1, k + 2])
        ax.set_title(["mode", "harmony", "metre", "register", "timbre"][k])
        ax.set_xticks(range(4), ["lydian", "ionian", "dorian", "phrygian"][:4], rotation=60, fontsize=8)
    axes[0].set_yticks([0, 1], ["western: Hero", "horror: Hero"])
    grid = Figure(figsize=(9.0, 5.0), layout="constrained")
    for ax in grid.subplots(2, 3).flat:
        ax.plot([1, 10, 100], [3, 2, 1000])
        ax.set_yscale("log")
    grid.suptitle("six waves")
    return column, row, grid


def _column(seed: int):
    """A random column of plots sharing their time axis, as the course draws rolls over curves."""
    from matplotlib.figure import Figure

    rng = np.random.default_rng(seed)
    rows = int(rng.integers(2, 4))
    fig = Figure(figsize=(float(rng.uniform(5, 10)), float(rng.uniform(2.5, 6))), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, gridspec_kw={"height_ratios": list(rng.uniform(1, 3, rows))})
    scale = 10.0 ** rng.integers(0, 5)
    for k, ax in enumerate(axes):
        ax.plot(np.linspace(0, rng.uniform(1, 100), 50), rng.random(50) * scale * (k + 1), label=f"voice {k}")
        ax.set_ylabel(["pitch", "tension", "onsets / s"][k])
        if rng.random() < 0.5:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        if rng.random() < 0.5:
            ax.set_title(f"part {k}: " + "long " * int(rng.integers(0, 6)))
    axes[-1].set_xlabel("seconds")
    return fig


@pytest.mark.parametrize("seed", range(12))
def test_a_column_laid_out_once_keeps_every_decoration_inside_and_apart(seed):
    """figure_png lays out a column of plots with matplotlib's own steps taken once (the engine takes
    them twice). Each plot's decorations (ticks, labels, title, legend) stay inside the figure and
    clear of the other plots'; the Axes may sit a few pixels from where the engine puts them (up to
    9.4 pixels in these twelve, where tick labels changed with the size)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from scoring.render.html import _lay_out_once

    fig = _column(seed)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    assert _lay_out_once(fig, renderer)
    fig.set_layout_engine("none")
    canvas.draw()
    whole = fig.bbox
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_subplotspec() is not None]
    for box in boxes:
        assert whole.x0 <= box.x0 and box.x1 <= whole.x1 and whole.y0 <= box.y0 and box.y1 <= whole.y1, (seed, box)
    rows = sorted({(round(ax.get_position().y0, 6), i) for i, ax in enumerate(fig.axes)})
    for (_, i), (_, j) in zip(rows, rows[1:]):
        below, above = fig.axes[i].get_tightbbox(renderer), fig.axes[j].get_tightbbox(renderer)
        assert below.y1 <= above.y0 + 0.5 or fig.axes[i].get_subplotspec() == fig.axes[j].get_subplotspec(), seed


@pytest.mark.parametrize("which", [1, 2])
def test_plots_side_by_side_keep_the_engines_two_passes(which):
    """Side by side, a tick label that grows with its Axes could run into the neighbour's: such a
    figure (a row, a grid) is laid out by the engine itself."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from scoring.render.html import _lay_out_once

    fig = _figures_of_several_axes()[which]
    before = [ax.get_position().bounds for ax in fig.axes]
    assert not _lay_out_once(fig, FigureCanvasAgg(fig).get_renderer())
    assert [ax.get_position().bounds for ax in fig.axes] == before


def test_a_figure_drawn_before_gives_the_picture_a_new_one_gives():
    """figure_png starts every layout where a new figure's Axes start: a figure drawn before (at
    another size, by matplotlib's own engine) gives the same picture as the same figure new."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from scoring.render.html import figure_png

    for make in (lambda: _column(3), lambda: _figures_of_several_axes()[1],
                 lambda: Motif.parse("4/4 c4 e g c'", name="Hero").figure(figsize=(5.0, 2.2))):
        drawn = make()
        drawn.set_size_inches(12.0, 7.0)
        FigureCanvasAgg(drawn).draw()
        drawn.set_size_inches(*make().get_size_inches())
        assert figure_png(drawn) == figure_png(make())


def test_a_layout_whose_decorations_reach_the_edge_is_laid_out_again_by_the_engine(monkeypatch):
    """Where a layout taken once leaves a decoration at the figure's edge (cut off), the figure is
    laid out again by the engine's two passes: the picture the engine alone gives."""
    from scoring.render import html as H

    monkeypatch.setattr(H, "_lay_out_once", lambda fig, renderer: False)
    engine_only = H.figure_png(_figures_of_several_axes()[0], alt="roll")
    def too_wide(fig, renderer):                 # the Axes stretched over the whole figure
        for ax in fig.axes:
            ax.set_position([0.0, 0.0, 1.0, 1.0])
            ax.set_in_layout(True)               # placed by the layout, as the layout's own steps leave it
        return True

    monkeypatch.setattr(H, "_lay_out_once", too_wide)
    assert H.figure_png(_figures_of_several_axes()[0], alt="roll") == engine_only
