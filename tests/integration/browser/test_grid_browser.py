"""The scoring grid in a real browser: JupyterLab (Debian's Chromium driven by Playwright) runs a
small notebook of its own that makes a grid on a spotted cue; a click on the canvas adds a note,
and the kernel's ``grid.cue`` then holds it; the Delete key takes it out again.

A screenshot of the grid goes to ``test-artifacts/scoring-grid.png`` (git-ignored) for a look.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

playwright = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; ./course test installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

BENIGN = re.compile(r"favicon|lsp|language server|Failed to fetch news|api/kernelspecs|"
                    r"Failed to load resource: the server responded with a status of 404", re.I)

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a folder holding one small notebook."""
    home = tmp_path_factory.mktemp("grid-lab")
    work = home / "work"
    work.mkdir()
    (work / "grid.ipynb").write_text(json.dumps(_notebook([SETUP])), encoding="utf-8")
    settings = home / "settings"
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none", "autoStartDefaultKernel": True}))   # no kernel dialog
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"),
               MPLBACKEND="module://matplotlib_inline.backend_inline",
               SCORING_SYNTH="builtin")       # the grid is under test here, not the soundfont: start quicker
    port, token = _free_port(), "course-grid-test"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}", "--ServerApp.open_browser=False",
           "--allow-root", "--LabApp.news_url="]
    log = open(home / "lab.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    deadline = time.time() + 60
    while time.time() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        time.sleep(0.3)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start within 60 s; see " + str(home / "lab.log"))
    yield {"base": f"http://127.0.0.1:{port}", "token": token}
    server.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=15)
    log.close()


@pytest.fixture(scope="module")
def page(lab):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not BENIGN.search(m.text) else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.console_errors = errors
        yield page
        browser.close()


@contextlib.contextmanager
def screenshot_on_failure(page, name: str):
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        raise


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
