"""The course as a student and an instructor meet it: JupyterLab in a real browser (Debian's
Chromium driven by Playwright), serving a copy of the committed lessons on 127.0.0.1.

- every committed lesson, opened untrusted, shows its notation images, plots, audio players and
  videos (as many as the notebook holds), with no console errors;
- an animatic in a committed lesson plays, with sound, for as long as its scene;
- one lesson runs top to bottom in the browser with no error output;
- changing a control in an interactive panel changes the notation and the audio;
- the exported slides of a lesson open and advance.

Screenshots of failures go to ``test-artifacts/`` (git-ignored).
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from labkit import (ROOT, count_media, expected_media, page_for, require_browser, run_all, screenshot_on_failure,
                    wait_for_media)

playwright = require_browser()
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def open_notebook(page, lab, name: str, *, settle: float = 2.0):
    # a workspace of its own, reset, so no tab from another test is restored beside this one
    page.goto(f"{lab['base']}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function("document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length > 5", timeout=60_000)
    time.sleep(settle)  # let outputs finish rendering



#: Open one notebook in the running JupyterLab, in a tab of its own beside those opened before.
OPEN_IN_APP = "path => { window.jupyterapp.commands.execute('docmanager:open', {path}); }"  # not waiting for its kernel
#: The notebook shown (the others hidden in their tabs): its outputs are where media are counted.
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
#: The current tab is ``name`` and its notebook's cells are drawn.
SHOWS = """(name) => {
    const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    return tab !== null && tab.textContent === name && panel !== null && panel.querySelectorAll('.jp-Cell').length > 5;
}"""


@pytest.fixture(scope="module")
def app_page(lab, browser):
    """One page running JupyterLab, for opening lesson after lesson in it (the app starts once)."""
    with page_for(browser, "open-lessons") as page:
        open_notebook(page, lab, LESSONS[0].name, settle=0)
        yield page


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_committed_lesson_opens_showing_its_notation_plots_and_players(app_page, lesson):
    want = expected_media(lesson)
    assert want["svg"] > 0 and want["audio"] > 0 and want["png"] > 0, f"{lesson.name} has no media to show"
    page = app_page
    with screenshot_on_failure(page, f"open-{lesson.stem}"):
        page.console_errors.clear()
        page.evaluate(OPEN_IN_APP, lesson.name)
        page.wait_for_function(SHOWS, arg=lesson.name, timeout=60_000)
        wait_for_media(page, want, scope=SHOWN)
        got = count_media(page, scope=SHOWN)
        assert got == want, f"{lesson.name}: the browser shows {got}, the notebook holds {want}"
        assert page.console_errors == [], page.console_errors


def test_animatic_in_a_committed_lesson_plays_with_sound_for_the_length_of_its_scene(lab, browser):
    """Lesson 05's first video, the kitchen scene unscored, opened untrusted: it plays (its clock
    advances), it carries sound that the browser decodes, and it lasts as long as the scene, to
    within one frame."""
    from scoring.scene import load_scene

    scene = load_scene("kitchen_dialogue")
    lesson = ROOT / "lessons" / "05_silence.ipynb"
    with page_for(browser, "video-05") as page:
        open_notebook(page, lab, lesson.name)
        video = page.locator(".jp-NotebookPanel .jp-OutputArea-output video[src^='data:video/mp4']").first
        video.scroll_into_view_if_needed(timeout=30_000)
        handle = video.element_handle()
        page.wait_for_function("v => v.readyState >= 1 && isFinite(v.duration)", arg=handle, timeout=30_000)
        duration = video.evaluate("v => v.duration")
        assert abs(duration - scene.duration) <= 1 / scene.fps, f"plays {duration:.3f} s, the scene lasts {scene.duration} s"
        video.evaluate("v => { v.muted = false; v.volume = 1; return v.play(); }")
        page.wait_for_function("v => v.currentTime > 1.0", arg=handle, timeout=30_000)
        sound = video.evaluate("""v => ({decoded: v.webkitAudioDecodedByteCount ?? 0,
                                         tracks: v.audioTracks ? v.audioTracks.length : 0, moz: !!v.mozHasAudio})""")
        assert sound["decoded"] > 0 or sound["tracks"] > 0 or sound["moz"], f"no audio track decoded: {sound}"
        video.evaluate("v => v.pause()")
        assert page.console_errors == [], page.console_errors


def test_first_lesson_runs_top_to_bottom_and_its_panel_answers(lab, browser):
    with page_for(browser, "run-00") as page:
        open_notebook(page, lab, LESSONS[0].name)
        run_all(page)
        errors = page.locator(".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        texts = [t for t in errors.all_inner_texts() if re.search(r"Traceback|Error", t)]
        assert texts == [], texts
        assert page.locator(".jp-NotebookPanel .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0

        # The motif explorer: change the transform, and the notation and the sound change.
        panel = page.locator(".jp-NotebookPanel .widget-vbox").first
        panel.wait_for(timeout=60_000)
        select = panel.locator("select").first
        notation = panel.locator("img[src^='data:image/svg+xml']")
        audio = panel.locator("audio")
        notation.first.wait_for(timeout=60_000)
        before_svg = notation.last.get_attribute("src")
        before_audio = audio.last.get_attribute("src")
        select.select_option("invert")
        page.wait_for_function(
            "([sel, old]) => { const imgs = document.querySelectorAll(sel); return imgs.length && imgs[imgs.length-1].src !== old; }",
            arg=[".jp-NotebookPanel .widget-vbox img[src^='data:image/svg+xml']", before_svg], timeout=60_000)
        assert notation.last.get_attribute("src") != before_svg
        assert audio.last.get_attribute("src") != before_audio
        # the first view's player is an MP3; the answer's is lossless FLAC, and Chromium plays it as long
        assert before_audio.startswith("data:audio/mpeg;base64,")
        assert audio.last.get_attribute("src").startswith("data:audio/flac;base64,")
        page.wait_for_function("(sel) => { const a = document.querySelectorAll(sel); return a[a.length-1].readyState >= 1; }",
                               arg=".jp-NotebookPanel .widget-vbox audio", timeout=30_000)
        heard = audio.last.evaluate("a => [a.duration, a.error && a.error.code]")
        assert heard[1] is None and 3.0 < heard[0] < 20.0, heard
        assert page.console_errors == [], page.console_errors


def test_slides_open_and_advance(browser, tmp_path):
    from scoring.publish import export_slides

    deck = export_slides(LESSONS[0], tmp_path)
    with page_for(browser, "slides-00") as page:
        page.goto(deck.as_uri())
        page.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()", timeout=30_000)
        total = page.evaluate("Reveal.getTotalSlides()")
        assert total >= 8
        first = page.evaluate("Reveal.getIndices().h")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"Reveal.getIndices().h === {first + 1}", timeout=10_000)
        # the audio players and notation survive into the slides (plus the panel's frozen snapshot)
        assert page.locator(".reveal audio").count() >= expected_media(LESSONS[0])["audio"]
        assert page.locator(".reveal img[src^='data:image/svg+xml']").count() >= expected_media(LESSONS[0])["svg"]
        assert page.console_errors == [], page.console_errors


def test_lesson_presents_as_slides_in_jupyterlab_rise(lab, browser):
    """JupyterLab-RISE: the lesson as live slides, with its notation and players, and it advances.
    (Panels do not render inside RISE with ipywidgets 8: jupyterlab-contrib/rise issue #119.)"""
    want = expected_media(LESSONS[0])
    with page_for(browser, "rise-00") as page:
        page.goto(f"{lab['base']}/rise/{LESSONS[0].name}?token={lab['token']}")
        page.wait_for_selector(".reveal .slides section", timeout=90_000)
        page.wait_for_function(f"document.querySelectorAll('.reveal audio').length >= {want['audio']}", timeout=60_000)
        assert page.locator(".reveal img[src^='data:image/svg+xml']").count() >= want["svg"]
        before = page.locator(".reveal .slides > section.present").first.inner_text()
        page.locator(".reveal").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(old) => { const s = document.querySelector('.reveal .slides > section.present'); return s && s.innerText !== old; }",
            arg=before, timeout=15_000)
