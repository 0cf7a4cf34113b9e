"""Publishing: slide roles, frozen panels, decks laid out for a room, the site's parts.

The decks are walked slide by slide in Chromium, and the site is built and browsed, in
``tests/integration/browser/test_decks_and_site.py``; here is what needs no browser.
"""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import nbformat
import pytest

from scoring import ScoringError
from scoring.publish import (MAX_CODE_LINES, NOTES_KEY, SHOW_TAG, WIDGET_STATE, WIDGET_VIEW, add_slide_metadata,
                             build_site, deck_html, drop_custom_widget_state, export_slides, freeze_widgets,
                             lesson_html, lesson_summary, markdown_html, site_notebook, slide_type_for, tex_to_mathml)

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
FIRST = LESSONS[0]
NETWORK = re.compile(r"""(src|href)=["']https?://""", re.I)


def md(source: str, **meta) -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": meta}


def code(source: str, outputs: list | None = None, **meta) -> dict:
    return {"cell_type": "code", "source": source, "metadata": meta, "outputs": outputs or [], "execution_count": 1}


def slides_of(page: str) -> list[str]:
    return re.findall(r'<section class="pg[^"]*"[^>]*>.*?</section>', page, re.S)


def shown(page: str) -> str:
    """What the slides show: their HTML without the speaker notes (and without the deck's scripts)."""
    return re.sub(r'<aside class="notes">.*?</aside>', "", "".join(slides_of(page)), flags=re.S)


def test_headings_start_slides_and_rich_outputs_get_their_own():
    assert slide_type_for({"cell_type": "markdown", "source": "# 00 · Title"}) == "slide"
    assert slide_type_for({"cell_type": "markdown", "source": "### detail"}) == "subslide"
    assert slide_type_for({"cell_type": "code", "source": "x", "outputs": [{"data": {"text/html": "<b/>"}}]}) == "subslide"
    assert slide_type_for({"cell_type": "code", "source": "x", "outputs": [{"text": "1"}]}) == "-"


def test_slide_metadata_keeps_what_an_author_set():
    nb = {"cells": [{"cell_type": "markdown", "source": "## A", "metadata": {"slideshow": {"slide_type": "notes"}}},
                    {"cell_type": "markdown", "source": "## B", "metadata": {}}]}
    assert add_slide_metadata(nb) == 1
    assert [c["metadata"]["slideshow"]["slide_type"] for c in nb["cells"]] == ["notes", "slide"]


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_committed_cell_has_a_slide_role(lesson):
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    roles = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in nb["cells"]]
    assert None not in roles
    assert roles[0] == "slide" and roles.count("slide") >= 5
    shown = [c for c in nb["cells"] if SHOW_TAG in c.get("metadata", {}).get("tags", [])]
    assert all(len("".join(c["source"]).rstrip().splitlines()) <= MAX_CODE_LINES for c in shown)


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_committed_lessons_save_no_custom_panel_for_the_browser_to_rebuild(lesson):
    """A saved anywidget model is rebuilt when the kernel starts, with nothing behind it, and reports
    an error if its module takes over 2 s to load; the output's still image is what is shown."""
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    custom = [k for k, m in state.items() if m.get("model_module") == "anywidget"]
    assert custom == [], f"{lesson.name} saves {len(custom)} anywidget model(s); ./course execute drops them"
    views = [o["data"] for c in nb["cells"] for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
    unsaved = [d for d in views if d[WIDGET_VIEW]["model_id"] not in state]
    assert all("<img" in "".join(d.get("text/html", "")) for d in unsaved), "a panel not saved shows no still"


def test_dropping_custom_panel_state_keeps_what_other_panels_share():
    def notebook(**models):
        return {"metadata": {"widgets": {WIDGET_STATE: {"state": models}}}}

    base = {"model_module": "@jupyter-widgets/base", "state": {}}
    nb = notebook(grid={"model_module": "anywidget", "state": {"layout": "IPY_MODEL_shared", "x": "IPY_MODEL_own"}},
                  own=dict(base), shared=dict(base),
                  slider={"model_module": "@jupyter-widgets/controls", "state": {"layout": "IPY_MODEL_shared"}})
    assert drop_custom_widget_state(nb) == 2
    assert sorted(nb["metadata"]["widgets"][WIDGET_STATE]["state"]) == ["shared", "slider"]
    assert drop_custom_widget_state(nb) == 0 and drop_custom_widget_state({"cells": []}) == 0
    only_grid = notebook(grid={"model_module": "anywidget", "state": {}})
    assert drop_custom_widget_state(only_grid) == 1 and only_grid["metadata"] == {}


def test_frozen_panel_shows_its_first_state():
    nb = nbformat.read(FIRST, as_version=4)
    views = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                for c in nb.cells for o in c.get("outputs", []))
    assert views == 1
    assert freeze_widgets(nb) == 1
    html = "".join(o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
                   if "Interactive panel" in "".join(o.get("data", {}).get("text/html", "")))
    assert "<select disabled>" in html                 # the transform menu, frozen
    assert "data:image/svg+xml;base64," in html        # the panel's notation
    assert "<audio" in html                            # and its player
    assert "widgets" not in nb.metadata


def test_lesson_page_is_offline_and_keeps_the_media():
    page = lesson_html(FIRST)
    assert not NETWORK.search(re.sub(r"<a [^>]*>", "", page)), NETWORK.search(page)
    assert page.count("<audio") >= 13 and "data:image/svg+xml;base64," in page


# ---------------------------------------------------------------- decks
def test_a_deck_is_one_offline_file_with_its_notes(tmp_path):
    deck = export_slides(FIRST, tmp_path)
    text = deck.read_text(encoding="utf-8")
    assert deck.name == "00_first_motif.slides.html"
    assert "Reveal.initialize" in text and "RevealNotes" in text and 'class="notes"' in text
    assert not NETWORK.search(re.sub(r"<a [^>]*>", "", text))
    assert len(slides_of(text)) >= 20
    want = json.loads(FIRST.read_text(encoding="utf-8"))
    audio = sum("".join(o.get("data", {}).get("text/html", "")).count("<audio")
                for c in want["cells"] for o in c.get("outputs", []))
    assert text.count("<audio") >= audio                   # every player survives, one more per frozen panel


def test_the_title_is_a_slide_of_its_own_and_objectives_another():
    nb = {"cells": [md("# 03 · The leitmotif: a tune that stands for someone\n\nWhy it matters.\n\n"
                       "**Learning objectives**: by the end you can\n\n- hear it;\n- find it.\n\n"
                       "**Time**: about 55 minutes.\n\n**Contents**: [a](#a) · [b](#b)")]}
    title, why, objectives = slides_of(deck_html(nb))
    assert "Lesson 03" in title and "<h1>The leitmotif</h1>" in title and "a tune that stands for someone" in title
    assert "about 55 minutes" in title and "Why it matters" not in title
    assert "Why it matters." in why and "<li>hear it;</li>" in objectives
    assert "Contents" not in shown(deck_html(nb))


def test_code_is_hidden_unless_tagged_show_and_then_at_most_eight_lines():
    long = "\n".join(f"x{i} = {i}" for i in range(12))
    nb = {"cells": [md("## Code"),
                    code("hidden = 1", [{"output_type": "stream", "name": "stdout", "text": "printed\n"}]),
                    code("shown = 2", tags=[SHOW_TAG]),
                    code(long, tags=[SHOW_TAG])]}
    page = shown(deck_html(nb))
    assert "hidden" not in page and "printed" in page
    assert "shown" in page
    blocks = re.findall(r'<pre class="code">(.*?)</pre>', page, re.S)
    assert len(blocks) == 2
    longest = re.sub(r"<[^>]+>", "", blocks[1]).splitlines()
    assert len(longest) == MAX_CODE_LINES and "5 more lines in the notebook" in longest[-1]


def test_speaker_notes_come_from_cell_metadata_and_stay_with_their_section():
    nb = {"cells": [md("# 00 · T\n\nWhy.", **{NOTES_KEY: "Plan the hour."}),
                    md("## Listen first\n\nPress play.", **{NOTES_KEY: "**3 min.** Ask what it is."}),
                    md("More text.", slideshow={"slide_type": "subslide"}),
                    md("## Next\n\nOther.")]}
    slides = slides_of(deck_html(nb))
    notes = [re.search(r'<aside class="notes">(.*?)</aside>', s, re.S) for s in slides]
    assert "Plan the hour." in notes[0].group(1)
    assert "Ask what it is." in notes[2].group(1) and "Ask what it is." in notes[3].group(1)  # the whole section
    assert notes[4] is None or "Ask what it is." not in notes[4].group(1)


def test_skip_fragment_and_notes_cells():
    nb = {"cells": [md("## A\n\nShown."), md("Left out.", slideshow={"slide_type": "skip"}),
                    md("Step by step.", slideshow={"slide_type": "fragment"}),
                    md("Say this.", slideshow={"slide_type": "notes"})]}
    page = deck_html(nb)
    assert "Left out." not in page
    assert re.search(r'class="blk fragment"><p>Step by step.</p>', page)
    assert re.search(r'<aside class="notes">.*Say this\..*</aside>', page, re.S)


def test_a_heading_inside_a_cell_opens_its_section():
    nb = {"cells": [md("## Exercises\n\nDo them."), md("Solutions are elsewhere.\n\n## Summary\n\nDone.",
                                                        **{NOTES_KEY: "Wrap up."})]}
    slides = slides_of(deck_html(nb))
    assert "Solutions are elsewhere." in slides[0]
    assert "<h2>Summary</h2>" in slides[-1] and "Wrap up." in slides[-1]


def svg_uri(width: int, height: int, extra: str = "") -> str:
    svg = f'<svg width="{width}px" height="{height}px" xmlns="http://www.w3.org/2000/svg">{extra}</svg>'
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def test_grids_become_one_card_after_another_sized_for_the_room():
    card = ('<div style="margin:4px 0 10px 0"><div style="font-weight:bold;font-size:1.1em">{n}</div>'
            '<img src="{src}" alt="notation: {n}" style="max-width:100%;background:white"><br>'
            '<audio controls preload="auto" src="data:audio/mpeg;base64,AAAA"></audio>'
            '<div style="font-family:monospace;font-size:0.8em">{n}: C4 E4</div></div>')
    grid = ('<div style="display:flex;flex-wrap:wrap;gap:12px">'
            + "".join(f'<div style="flex:1 1 29%;min-width:260px">{card.format(n=n, src=svg_uri(300, 120))}</div>'
                      for n in ("one", "two", "three")) + "</div>")
    nb = {"cells": [md("## Cards"), code("compare(a, b, c)", [{"output_type": "display_data",
                                                               "data": {"text/html": grid}, "metadata": {}}])]}
    page = shown(deck_html(nb))
    assert "flex-wrap" not in page                               # no columns: one card after another
    assert "font-size" not in page                               # the deck sets the sizes, not the output
    assert page.count('<div class="blk"><div style="margin:4px 0 10px 0">') == 3
    widths = [float(w) for w in re.findall(r'class="notation"[^>]*style="width:([\d.]+)%', page)
              + re.findall(r'style="width:([\d.]+)%"[^>]*class="notation"', page)]
    assert len(widths) == 3 and all(w >= 54 for w in widths)     # 3x its own 300 px: more than half the slide
    assert 'preload="none"' in page and "<br" not in page


def test_a_score_of_several_systems_is_cut_between_systems():
    systems = "".join(f'<g class="system"><path d="M100 {600 + 3000 * k} L100 {2400 + 3000 * k}"/></g>'
                      for k in range(4))
    inner = ('<svg class="definition-scale" viewBox="0 0 11000 12000"><g class="page-margin" transform="translate(200, 400)">'
             f"{systems}</g></svg>")
    src = svg_uri(500, 545 * 4 // 2, inner)
    nb = {"cells": [md("## Score"), code("cue", [{"output_type": "display_data", "metadata": {},
                                                   "data": {"text/html": f'<img src="{src}" alt="score: a cue">'}}])]}
    page = deck_html(nb)
    crops = re.findall(r'<div aria-label="score: a cue \(systems, part (\d) of (\d)\)" class="crop"', page)
    assert len(crops) >= 2 and crops[-1][0] == crops[-1][1]


def test_a_panel_gets_a_slide_with_its_first_state_and_a_note():
    nb = {"cells": [md("## The panel"),
                    code("panel()", [{"output_type": "display_data", "metadata": {},
                                      "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "p"}}}])],
          "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {
              "p": {"model_name": "DropdownModel", "state": {"_options_labels": ["invert", "retrograde"], "index": 0,
                                                             "description": "transform"}}}}}}}
    panel = [s for s in slides_of(deck_html(nb)) if "pg panel" in s]
    assert len(panel) == 1
    assert "Switch to the" in panel[0] and "notebook view" in panel[0] and "<select disabled" in panel[0]
    assert "Panel." in panel[0]                                   # and a word for the presenter


def test_a_video_gets_a_full_slide_and_its_caption_goes_to_the_notes():
    video = ('<div style="margin:4px 0 10px 0"><video controls preload="metadata" playsinline width="480" '
             'style="max-width:100%" aria-label="Animatic of a scene" src="data:video/mp4;base64,AAAA">Animatic</video>'
             '<div style="font-family:monospace;font-size:0.85em">Scene: no music; 8.0 s</div>'
             '<details><summary>Transcript</summary><ul><li>00:00 ANNA: hello</li></ul></details></div>')
    nb = {"cells": [md("## Watch"), code("animatic(scene)", [
        {"output_type": "stream", "name": "stdout", "text": "plays: nothing\n"},
        {"output_type": "display_data", "metadata": {}, "data": {"text/html": video}}])]}
    (shot,) = [s for s in slides_of(deck_html(nb)) if "pg video" in s]
    assert "<video" in shot and 'width="480"' not in shot and "max-width" not in shot
    notes = re.search(r'<aside class="notes">(.*?)</aside>', shot, re.S).group(1)
    assert "Plays: Scene: no music; 8.0 s" in notes and "ANNA: hello" in notes and "plays: nothing" in notes


def test_mathematics_is_written_as_mathml():
    assert "<mfrac>" in tex_to_mathml(r"\frac{a}{b}")
    page = markdown_html(r"where $x^2$ and $$a = b,\qquad c = d$$", split_display=True)
    assert page.count("<math") == 3 and "$" not in page
    assert "$5 and $6" in markdown_html("it costs $5 and $6")      # prices are not mathematics


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_section_of_every_lesson_has_speaker_notes(lesson):
    """What to play, what to ask the room and how long it takes, for the title and each ``##`` section."""
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    missing = [f"cell {i}: {''.join(c['source']).splitlines()[0][:50]}" for i, c in enumerate(nb["cells"])
               if c["cell_type"] == "markdown" and re.search(r"(?m)^#{1,2} ", "".join(c["source"]))
               and not str(c["metadata"].get(NOTES_KEY, "")).strip()]
    assert missing == [], f"{lesson.name}: sections without speaker notes: {missing}"


def test_the_title_slide_is_a_title_not_a_wall():
    """The committed lessons drive their decks; a title slide holds the title, not the paragraph."""
    for lesson in LESSONS:
        page = deck_html(json.loads(lesson.read_text(encoding="utf-8")), name=lesson.stem)
        title = slides_of(page)[0]
        assert '<section class="pg title"' in title and "<h1>" in title
        assert len(re.sub(r"<[^>]+>", "", shown(title))) < 400, lesson.name


# ---------------------------------------------------------------- site parts (the build itself: browser tests)
def test_a_lesson_for_the_site_is_frozen_and_keeps_its_outputs():
    nb = json.loads(FIRST.read_text(encoding="utf-8"))
    out = site_notebook(nb)
    assert "widgets" not in out["metadata"]
    assert not any("**Contents**" in "".join(c["source"]) for c in out["cells"])
    notes = [c for c in out["cells"] if c["metadata"].get("slideshow", {}).get("slide_type") == "notes"]
    assert all("remove-cell" in c["metadata"]["tags"] for c in notes)
    pngs = "".join("".join(o.get("data", {}).get("text/html", "")) for c in out["cells"] for o in c.get("outputs", []))
    assert pngs.count("data:image/png;base64,") >= 1 and 'alt="' in pngs
    assert nb["cells"][0]["source"] != out["cells"][0]["source"]      # the original is left alone


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_lesson_has_a_title_a_whole_first_sentence_and_a_time(lesson):
    title, sentence, when = lesson_summary(json.loads(lesson.read_text(encoding="utf-8")))
    assert re.match(r"\d\d · ", title)
    assert sentence.endswith((".", "!", "?")) and len(sentence) > 30
    assert when.startswith("about")


def test_site_without_lessons_says_so(tmp_path):
    with pytest.raises(ScoringError, match="no lessons"):
        build_site(tmp_path / "empty", tmp_path / "out")
