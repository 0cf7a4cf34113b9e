"""The scoring grid in a real browser: JupyterLab (Debian's Chromium driven by Playwright) runs a
small notebook of its own that makes a grid on a spotted cue; a click on the canvas adds a note,
and the kernel's ``grid.cue`` then holds it; the Delete key takes it out again.

A screenshot of the grid goes to ``test-artifacts/scoring-grid.png`` (git-ignored) for a look.
"""
from __future__ import annotations

import contextlib
import json
import re

import pytest

from labkit import ARTIFACTS, page_for, require_browser, screenshot_on_failure

playwright = require_browser()

SETUP = """\
from scoring import Motif
from scoring.panels.grid import ScoringGrid
from scoring.scene import load_scene, spot

look = spot(load_scene("kitchen_dialogue"), [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
grid = ScoringGrid(look, cue=Motif.parse("4/4 c'4 e' g'", tempo=120, instrument="Flute", name="smile"))
grid"""


def _notebook(cells: list[str]) -> dict:
    return {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
                      for c in cells],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def page(lab, browser):
    """A page on JupyterLab, with a small notebook of its own beside the lessons."""
    (lab["work"] / "grid.ipynb").write_text(json.dumps(_notebook([SETUP])), encoding="utf-8")
    with page_for(browser, "scoring-grid") as page:
        yield page


def _execute(page, index: int) -> None:
    """Run the notebook's cell ``index`` and wait until it has run (asking again if the request was lost
    while the kernel's connection was still settling)."""
    prompt = page.locator(".jp-NotebookPanel .jp-Cell").nth(index).locator(".jp-InputPrompt")
    for _ in range(4):
        page.evaluate("document.activeElement && document.activeElement.blur()")   # the grid keeps its keys
        prompt.click()
        page.keyboard.press("Control+Enter")
        with contextlib.suppress(playwright.TimeoutError):
            page.wait_for_function(r"p => /\[(\d+|\*)\]/.test(p.textContent)", arg=prompt.element_handle(),
                                   timeout=15_000)
            break
    page.wait_for_function(r"p => /\[\d+\]/.test(p.textContent)", arg=prompt.element_handle(), timeout=90_000)


def _run_cell(page, source: str, *, first: bool = False) -> str:
    """Type a new cell at the end of the notebook (or above the first, ``first``), run it, and return
    its text output."""
    cells = page.locator(".jp-NotebookPanel .jp-Cell")
    before = cells.count()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    (cells.first if first else cells.last).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("a" if first else "b")
    page.wait_for_function(f"document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length > {before}")
    new = 0 if first else before
    page.locator(".jp-NotebookPanel .jp-Cell").nth(new).locator(".cm-content").click()
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")
    _execute(page, new)
    out = page.locator(".jp-NotebookPanel .jp-Cell").nth(new).locator(".jp-OutputArea-output")
    out.first.wait_for(timeout=30_000)
    return out.first.inner_text()


def test_a_click_on_the_grid_puts_a_note_in_the_kernels_cue(lab, page):
    with screenshot_on_failure(page, "scoring-grid-failure"):
        page.goto(f"{lab['base']}/lab/workspaces/grid/tree/grid.ipynb?reset&token={lab['token']}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        page.wait_for_function("() => [...document.querySelectorAll('span')].some(s => /Kernel status: Idle/.test("
                               "s.textContent))", timeout=60_000)
        select = page.locator(".jp-Dialog button", has_text="Select")     # a kernel dialog, if one asks
        if select.count():
            select.first.click()
        # a first cell that answers proves the kernel connected (its widget channel with it)
        assert _run_cell(page, "print(1 + 1)", first=True).strip() == "2"
        root = page.locator(".jp-NotebookPanel .sg")
        _execute(page, 1)
        root.wait_for(timeout=30_000)
        canvas = root.locator("canvas.sg-canvas")
        # the kernel answered the view's hello: the sound is ready
        page.wait_for_function("el => Number(el.dataset.audioVersion || 0) >= 1", arg=root.element_handle(),
                               timeout=60_000)
        assert "Scoring grid of 5M1 The Look" in canvas.get_attribute("aria-label")
        assert "3 notes in 1 bar" in root.locator(".sg-summary").inner_text()

        pps = float(canvas.get_attribute("data-pixels-per-second"))
        canvas.click(position={"x": 60 + 1.8 * pps, "y": 250})          # 1.8 s (beat 3.6): the last eighth, empty
        page.wait_for_function("el => el.querySelector('.sg-summary').textContent.includes('4 notes')",
                               arg=root.element_handle(), timeout=10_000)
        page.wait_for_function("el => Number(el.dataset.audioVersion || 0) >= 2", arg=root.element_handle(),
                               timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        root.screenshot(path=str(ARTIFACTS / "scoring-grid.png"))

        text = _run_cell(page, "print(len(grid.notes), grid.notes[-1][2:4], grid.cue.alt_text().splitlines()[-1])")
        count, rest = text.split(" ", 1)
        assert count == "4", text
        assert rest.startswith("[3.5, 0.5]"), text                    # on the last eighth, an eighth long
        assert re.search(r"melody \(Flute\): C5 E5 G5 rest [A-G][#b]?5$", rest), text

        canvas.focus()
        page.keyboard.press("Delete")                                    # the new note is still selected
        page.wait_for_function("el => el.querySelector('.sg-summary').textContent.includes('3 notes')",
                               arg=root.element_handle(), timeout=10_000)
        text = _run_cell(page, "print(len(grid.notes))")
        assert text.strip() == "3", text
        latency = root.get_attribute("data-audio-latency-ms")
        print(f"browser: edit to new audio in {latency} ms")
        assert page.console_errors == [], page.console_errors
