"""How fast a lesson's panel answers as a student feels it: JupyterLab in Debian's Chromium
(Playwright), the lesson run top to bottom, then each menu of its panels moved to its next
choices; timed from the change until the panel shows new notation (or a new plot) and a new
player. Printed per panel: the median over the changes, the slowest, and whether the median meets
the 250 ms target; first, how fast the machine runs a fixed loop, since other load slows every
figure. (``bench_panels.py`` times the same panels inside the kernel.)

Run: .venv/bin/python benchmarks/bench_browser_panels.py [LESSON-PREFIX ...] [--changes N]
(default lessons 00 03 04 08, 6 changes per menu; prints figures, not a test)
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration" / "browser"))

from labkit import CHROMIUM, CHROMIUM_ARGS, page_for, run_all, running_lab  # noqa: E402

TARGET_MS = 250
PANEL = ".jp-NotebookPanel .jp-OutputArea-output .widget-vbox"
# the panel's newest notation or plot, and its newest player (src strings; '' when it has none)
STATE = """(box) => {
  const imgs = box.querySelectorAll("img"), audio = box.querySelectorAll("audio");
  return [imgs.length ? imgs[imgs.length - 1].src : "", audio.length ? audio[audio.length - 1].src : ""];
}"""
CHANGED = """([box, old]) => {
  const imgs = box.querySelectorAll("img"), audio = box.querySelectorAll("audio");
  const now = [imgs.length ? imgs[imgs.length - 1].src : "", audio.length ? audio[audio.length - 1].src : ""];
  return (old[0] === "" || now[0] !== old[0]) && (old[1] === "" || now[1] !== old[1]);
}"""


def speed() -> float:
    """Millions of simple loop steps a second: a yardstick for the machine's load."""
    t = time.perf_counter()
    x = 0
    for i in range(2_000_000):
        x += i
    return 2.0 / (time.perf_counter() - t)


def time_panel(page, box, changes: int) -> tuple[list[float], int]:
    """Milliseconds from each menu change to the new picture and player, over the panel's menus, and
    how many changes showed no new picture or player within 5 s (the same music again, or a message)."""
    times, unchanged = [], 0
    for select in box.locator("select").all():
        values = select.evaluate("s => [...s.options].map(o => o.value)")
        if len(values) < 2:
            continue
        start = values.index(select.input_value()) if select.input_value() in values else 0
        for i in range(changes):
            value = values[(start + 1 + i) % len(values)]
            old = box.evaluate(STATE)
            if old == ["", ""]:
                return times, unchanged
            t = time.perf_counter()
            select.select_option(value)
            try:
                page.wait_for_function(CHANGED, arg=[box.element_handle(), old], polling="raf", timeout=5_000)
            except Exception:        # a choice the panel answers with a message or the same music: not timed
                unchanged += 1
                continue
            times.append(1000 * (time.perf_counter() - t))
    return times, unchanged


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("lessons", nargs="*", default=["00", "03", "04", "08"])
    args.add_argument("--changes", type=int, default=6)
    opts = args.parse_args(argv)
    from playwright.sync_api import sync_playwright

    lessons = [p for p in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")) if p.name[:2] in opts.lessons]
    print(f"machine speed: {speed():.1f} M loop steps/s (a quiet core here runs about 25-30)")
    print(f"{'lesson':28} {'panel':>5} {'changes':>7} {'median ms':>10} {'max ms':>8} {'no new':>6}  target {TARGET_MS} ms")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        work = home / "lessons"
        shutil.copytree(ROOT / "lessons", work, ignore=shutil.ignore_patterns("exports", ".ipynb_checkpoints"))
        with running_lab(home, work) as lab, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for lesson in lessons:
                with page_for(browser, f"bench-{lesson.stem}") as page:
                    page.goto(f"{lab['base']}/lab/workspaces/{lesson.stem}/tree/{lesson.name}?reset&token={lab['token']}")
                    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
                    run_all(page)
                    panels = [b for b in page.locator(PANEL).all() if b.locator("select").count()]
                    if not panels:
                        print(f"{lesson.stem:28} {'-':>5} (no panel with a menu)")
                    for i, box in enumerate(panels, 1):
                        box.scroll_into_view_if_needed()
                        ms, unchanged = time_panel(page, box, opts.changes)
                        if ms:
                            med = statistics.median(ms)
                            print(f"{lesson.stem:28} {i:>5} {len(ms):>7} {med:>10.0f} {max(ms):>8.0f} {unchanged:>6}  "
                                  f"{'met' if med <= TARGET_MS else 'not met'} ({med / TARGET_MS:.2f}x the target)",
                                  flush=True)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
