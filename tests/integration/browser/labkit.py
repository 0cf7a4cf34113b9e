"""What the browser tests and the browser benchmark share: JupyterLab started on 127.0.0.1 for a
folder, Debian's Chromium through Playwright, a page that collects console errors and network
requests (and keeps a screenshot when a test fails inside it), and the media a notebook holds.
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

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"]
# Console messages that are not the course's: JupyterLab's own probes of services we do not run.
BENIGN = re.compile(r"favicon|lsp|language server|Failed to fetch news|api/kernelspecs|"
                    r"Failed to load resource: the server responded with a status of 404", re.I)

__all__ = ["ROOT", "CHROMIUM", "ARTIFACTS", "CHROMIUM_ARGS", "BENIGN", "require_browser", "free_port", "running_lab",
           "page_for", "screenshot_on_failure", "run_all", "expected_media", "count_media",
           "wait_for_media"]


def require_browser():
    """Playwright's sync API, for a test module to call at its top: the module is skipped where
    Playwright or Debian's Chromium is missing, except on CI, where that is an error."""
    import pytest

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing; ./course test installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
    return playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(home: Path, work: Path, *, token: str = "course-browser-test"):
    """JupyterLab serving ``work``, with its settings, config and runtime under ``home``: notebook
    windowing off (every cell rendered, so outputs can be counted), a kernel started without asking,
    and no news fetching. Yields ``{"base", "token", "work"}``."""
    settings = home / "settings"
    for ext, name, values in (
            ("notebook-extension", "tracker", {"windowingMode": "none", "autoStartDefaultKernel": True}),
            ("apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False})):
        (settings / "@jupyterlab" / ext).mkdir(parents=True, exist_ok=True)
        (settings / "@jupyterlab" / ext / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"),
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    port = free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}", "--ServerApp.open_browser=False",
           "--allow-root", "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=False",
           "--LabApp.expose_app_in_browser=True"]  # window.jupyterapp: a test opens lesson after lesson in one app
    with open(home / "lab.log", "w") as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                time.sleep(0.3)
            else:
                raise RuntimeError(f"JupyterLab did not start within 60 s; see {home / 'lab.log'}")
            yield {"base": f"http://127.0.0.1:{port}", "token": token, "work": work}
        finally:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=15)


@contextlib.contextmanager
def page_for(browser, name: str, *, width: int = 1400, height: int = 1000, benign: re.Pattern | None = BENIGN,
             full_page: bool = True):
    """A fresh page; console errors (less the ``benign`` ones) in ``page.console_errors``, requests that
    leave this machine in ``page.remote``; a screenshot in ``test-artifacts/NAME.png`` if the test
    fails inside."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.console_errors, page.remote = [], []
    page.on("console", lambda m: page.console_errors.append(m.text)
            if m.type == "error" and not (benign and benign.search(m.text)) else None)
    page.on("pageerror", lambda e: page.console_errors.append(f"page error: {e}"))
    page.on("request", lambda r: page.remote.append(r.url)
            if not r.url.startswith(("file:", "data:", "blob:", "about:", "http://127.0.0.1")) else None)
    try:
        with screenshot_on_failure(page, name, full_page=full_page):
            yield page
    finally:
        page.close()


IDLE = ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']"
BUSY_OR_QUEUED = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-InputArea-prompt')]
                         .some(p => p.textContent.includes('*'))"""
SETTLED = """() => {
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-InputArea-prompt')];
    const idle = document.querySelector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']");
    return idle !== null && prompts.length > 0 && prompts.every(p => !p.textContent.includes('*'));
}"""


def run_all(page, *, timeout_s: float = 300) -> None:
    """Run every cell of the open notebook (Run > Run All Cells) and wait until none is queued or
    running and the kernel is idle. The kernel must be idle first; a request lost while its
    connection settles is asked again (up to three times)."""
    import playwright.sync_api as playwright

    page.wait_for_selector(IDLE, timeout=120_000)
    for attempt in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(BUSY_OR_QUEUED, timeout=15_000)
            break
        except playwright.TimeoutError:
            if attempt == 2:
                raise
    page.wait_for_function(SETTLED, timeout=timeout_s * 1000)
    time.sleep(1)


@contextlib.contextmanager
def screenshot_on_failure(page, name: str, *, full_page: bool = True):
    """Keep a screenshot in ``test-artifacts/NAME.png`` if the block fails."""
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
        raise


def expected_media(path: Path) -> dict[str, int]:
    """What the committed notebook shows opened without a kernel: SVG notation, audio players, plots,
    videos (a panel then shows its HTML stand-in, if it has one)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    counts = {"svg": 0, "audio": 0, "png": 0, "video": 0}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            page = "".join(data.get("text/html", ""))
            counts["svg"] += page.count("data:image/svg+xml;base64,")
            counts["audio"] += page.count("<audio")
            # a bundle shows one of its forms: a plot alone is HTML (with alt text) and image/png
            counts["png"] += page.count("data:image/png;base64,") + ("image/png" in data and not page)
            counts["video"] += page.count("<video")
    return counts


#: How each kind of medium :func:`expected_media` counts is found on the page.
MEDIA = {"svg": "img[src^='data:image/svg+xml']", "audio": "audio", "png": "img[src^='data:image/png']", "video": "video"}
OUTPUTS = ".jp-NotebookPanel .jp-OutputArea-output"


def count_media(page, scope: str = OUTPUTS) -> dict[str, int]:
    """The media shown inside ``scope`` on the page, counted as :func:`expected_media` counts them."""
    return {kind: page.locator(f"{scope} {selector}").count() for kind, selector in MEDIA.items()}


def wait_for_media(page, want: dict[str, int], *, scope: str = OUTPUTS, timeout_s: float = 30) -> None:
    """Wait until at least ``want`` of each medium shows inside ``scope`` (a shortfall is left for the
    caller's exact comparison to report), then a moment more for anything still arriving."""
    import playwright.sync_api as playwright

    shown = """([scope, media, want]) => Object.entries(media).every(
        ([kind, sel]) => document.querySelectorAll(`${scope} ${sel}`).length >= want[kind])"""
    with contextlib.suppress(playwright.TimeoutError):
        page.wait_for_function(shown, arg=[scope, MEDIA, want], timeout=timeout_s * 1000)
    time.sleep(0.3)
