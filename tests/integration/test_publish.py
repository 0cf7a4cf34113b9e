"""Publishing: slide roles, frozen panels, offline decks and the static site."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from scoring import ScoringError
from scoring.publish import add_slide_metadata, build_site, export_slides, freeze_widgets, lesson_html, slide_type_for

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
FIRST = LESSONS[0]
NETWORK = re.compile(r"""(src|href)=["']https?://""", re.I)


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


def test_slides_are_one_offline_file(tmp_path):
    deck = export_slides(FIRST, tmp_path)
    text = deck.read_text(encoding="utf-8")
    assert deck.name == "00_first_motif.slides.html"
    assert "Reveal.initialize" in text and 'class="notes"' in text  # speaker notes travel with the deck
    assert not NETWORK.search(re.sub(r"<a [^>]*>", "", text))
    assert text.count("<section") >= 8


def test_site_has_an_index_with_every_lesson(tmp_path):
    index = build_site(out=tmp_path)
    text = index.read_text(encoding="utf-8")
    for lesson in LESSONS:
        assert f'href="{lesson.stem}.html"' in text
        assert (tmp_path / f"{lesson.stem}.html").exists()
        assert (tmp_path / "slides" / f"{lesson.stem}.slides.html").exists()


def test_site_without_lessons_says_so(tmp_path):
    with pytest.raises(ScoringError, match="no lessons"):
        build_site(tmp_path / "empty", tmp_path / "out")
