"""Notation (verovio SVG) and what a notebook shows: a motif's card, show/play/plot, compare."""
from __future__ import annotations

import base64
import io
import re

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


@pytest.mark.parametrize("which", [0, 1, 2])
def test_the_layout_taken_once_places_the_axes_where_the_engine_does(which):
    """figure_png lays out a figure of several Axes with matplotlib's own steps taken once (the
    engine takes them twice): every Axes lands within 3 pixels of where the engine puts it (a grid of
    log axes, whose tick labels change with the size, is 2.2 pixels narrower)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from scoring.render.html import _lay_out_once
    import numpy as np

    engine_fig, once_fig = _figures_of_several_axes()[which], _figures_of_several_axes()[which]
    FigureCanvasAgg(engine_fig).draw()                     # the engine, as matplotlib draws
    renderer = FigureCanvasAgg(once_fig).get_renderer()
    assert _lay_out_once(once_fig, renderer)
    width, height = engine_fig.get_size_inches() * engine_fig.dpi
    for a, b in zip(engine_fig.axes, once_fig.axes):
        off = np.abs(np.array(a.get_position().bounds) - np.array(b.get_position().bounds)) * [width, height, width, height]   # in pixels
        assert off.max() < 3.0, (which, a.get_position(), b.get_position())


def test_a_layout_whose_decorations_reach_the_edge_is_laid_out_again_by_the_engine(monkeypatch):
    """Where a layout taken once leaves a decoration at the figure's edge (cut off), the figure is
    laid out again by the engine's two passes: the picture the engine alone gives."""
    from scoring.render import html as H

    monkeypatch.setattr(H, "_lay_out_once", lambda fig, renderer: False)
    engine_only = H.figure_png(_figures_of_several_axes()[0], alt="roll")
    def too_wide(fig, renderer):                 # the Axes stretched over the whole figure
        for ax in fig.axes:
            ax.set_position([0.0, 0.0, 1.0, 1.0])
        return True

    monkeypatch.setattr(H, "_lay_out_once", too_wide)
    assert H.figure_png(_figures_of_several_axes()[0], alt="roll") == engine_only
