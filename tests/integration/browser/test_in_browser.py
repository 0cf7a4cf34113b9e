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

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

playwright = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; ./course test installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

# Console messages that are not the course's: JupyterLab's own probes of services we do not run.
BENIGN = re.compile(r"favicon|lsp|language server|Failed to fetch news|api/kernelspecs|"
                    r"Failed to load resource: the server responded with a status of 404", re.I)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of the lessons, with notebook windowing off (every
    cell rendered, so outputs can be counted) and no news fetching."""
    home = tmp_path_factory.mktemp("lab")
    work = home / "lessons"
    shutil.copytree(ROOT / "lessons", work, ignore=shutil.ignore_patterns("exports", ".ipynb_checkpoints"))
    settings = home / "settings"
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"),
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    port, token = _free_port(), "course-browser-test"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}", "--ServerApp.open_browser=False",
           "--allow-root", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=False"]
    log = open(home / "lab.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start within 60 s; see " + str(home / "lab.log"))
    yield {"base": base, "token": token, "work": work}
    server.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=15)
    log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"])
        yield b
        b.close()


@contextlib.contextmanager
def page_for(browser, name: str):
    """A fresh page; console errors collected; a screenshot saved if the test fails inside."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not BENIGN.search(m.text) else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.console_errors = errors
    try:
        yield page
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        raise
    finally:
        page.close()


def expected_media(path: Path) -> dict[str, int]:
    """What the committed notebook holds outside widget views: SVG notation, audio players, plots, videos."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    counts = {"svg": 0, "audio": 0, "png": 0, "video": 0}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                continue
            page = "".join(data.get("text/html", ""))
            counts["svg"] += page.count("data:image/svg+xml;base64,")
            counts["audio"] += page.count("<audio")
            counts["png"] += page.count("data:image/png;base64,") + ("image/png" in data)
            counts["video"] += page.count("<video")
    return counts


def open_notebook(page, lab, name: str):
    # a workspace of its own, reset, so no tab from another test is restored beside this one
    page.goto(f"{lab['base']}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={lab['token']}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function("document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length > 5", timeout=60_000)
    time.sleep(2)  # let outputs finish rendering


def count_media(page) -> dict[str, int]:
    outputs = ".jp-NotebookPanel .jp-OutputArea-output"
    return {
        "svg": page.locator(f"{outputs} img[src^='data:image/svg+xml']").count(),
        "audio": page.locator(f"{outputs} audio").count(),
        "png": page.locator(f"{outputs} img[src^='data:image/png']").count(),
        "video": page.locator(f"{outputs} video[src^='data:video/mp4']").count(),
    }


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_committed_lesson_opens_showing_its_notation_plots_and_players(lab, browser, lesson):
    want = expected_media(lesson)
    assert want["svg"] > 0 and want["audio"] > 0 and want["png"] > 0, f"{lesson.name} has no media to show"
    with page_for(browser, f"open-{lesson.stem}") as page:
        open_notebook(page, lab, lesson.name)
        got = count_media(page)
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


def _run_all(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Wait until no cell is queued or running ("[*]") and the kernel is idle.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => !p.textContent.includes('*'));
        }""", timeout=300_000)
    time.sleep(2)


def test_first_lesson_runs_top_to_bottom_and_its_panel_answers(lab, browser):
    with page_for(browser, "run-00") as page:
        open_notebook(page, lab, LESSONS[0].name)
        _run_all(page)
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
