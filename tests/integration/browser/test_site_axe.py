"""The course site, checked by axe-core in Debian's Chromium (Playwright): every lesson page (and
the landing page and the glossary) has no "serious" or "critical" accessibility violation.

axe-core comes from the ``axe-playwright-python`` wheel in the ``test`` extra (it bundles
``axe.min.js``; axe-core is MPL-2.0); its script is injected into each page and run with its
default rules, code cells set aside: their syntax colours are one stylesheet on every page, so
their contrast is checked once, on the first lesson's page (axe's contrast rule spends most of its
time on their thousands of coloured spans). The site is built from the committed outputs (no decks: they are walked by
``test_decks_and_site.py``). The count of violations per page and impact is printed and written
to ``test-artifacts/axe-report.txt``; a failure names each violation's rule, impact and the
elements it found.

``SCORING_AXE_LESSONS=00,05`` checks only the lessons whose names start with those prefixes.
"""
from __future__ import annotations

import importlib.resources
import os
import time
from pathlib import Path

import pytest

from labkit import ARTIFACTS, ROOT, require_browser, screenshot_on_failure

playwright = require_browser()
ONLY = [p for p in os.environ.get("SCORING_AXE_LESSONS", "").replace(" ", "").split(",") if p]
LESSONS = [p.stem for p in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
           if not ONLY or p.stem.startswith(tuple(ONLY))]
PAGES = ["index", "glossary", *LESSONS]
BLOCKING = ("serious", "critical")
# The code cells' syntax colours are one stylesheet on every page: axe's contrast rule, slow on their
# thousands of coloured spans, checks them once (test_code_colours_...), and every page without them.
CODE = ".highlight"

try:
    AXE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
except ModuleNotFoundError:
    if os.environ.get("CI"):
        raise RuntimeError("axe-playwright-python is missing; ./course setup installs the test extra") from None
    pytest.skip("axe-playwright-python is not installed (pip install -e '.[test]')", allow_module_level=True)

RUN = """async ([context, options]) => {
  const r = await axe.run(context || document, { resultTypes: ["violations"], ...(options || {}) });
  return { version: axe.version, violations: r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({ target: n.target.join(" "), html: n.html.slice(0, 160),
                               why: (n.failureSummary || "").split("\\n").slice(1, 2).join("").trim() })) })) };
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from scoring.publish import build_site

    out = tmp_path_factory.mktemp("axe-site")
    started = time.time()
    build_site(ROOT / "lessons", out, only=[n[:2] for n in LESSONS], slides=False)
    return {"out": out, "seconds": time.time() - started}


@pytest.fixture(scope="module")
def report(site):
    rows: list[str] = []
    yield rows
    ARTIFACTS.mkdir(exist_ok=True)
    text = "\n".join([f"site built in {site['seconds']:.0f} s", *rows])
    (ARTIFACTS / "axe-report.txt").write_text(text + "\n", encoding="utf-8")


def axe_violations(browser, page_file: Path, context: dict | None = None,
                   options: dict | None = None) -> tuple[str, list[dict]]:
    """axe-core's version and its violations on one page of the site, opened at 1280 x 900
    (``context`` and ``options`` as ``axe.run`` takes them)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        with screenshot_on_failure(page, f"axe-{page_file.stem}", full_page=False):
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            page.evaluate(AXE)
            got = page.evaluate(RUN, [context, options])
            return got["version"], got["violations"]
    finally:
        page.close()


def describe(v: dict) -> str:
    nodes = "\n".join(f"      {n['target']}  {n['html']!r}" + (f"\n        {n['why']}" if n["why"] else "")
                      for n in v["nodes"][:5])
    more = f"\n      ... and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else ""
    return f"  {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}\n{nodes}{more}"


@pytest.mark.parametrize("name", PAGES)
def test_site_page_has_no_serious_axe_violations(browser, site, report, name, capsys):
    started = time.time()
    version, violations = axe_violations(browser, site["out"] / f"{name}.html", {"exclude": [[CODE]]})
    counts = {impact: sum(len(v["nodes"]) for v in violations if v["impact"] == impact)
              for impact in ("critical", "serious", "moderate", "minor")}
    line = (f"{name:28} axe {version}: " + "  ".join(f"{k} {n}" for k, n in counts.items())
            + f"  ({time.time() - started:.1f} s)")
    report.append(line + "".join("\n" + describe(v) for v in violations))
    with capsys.disabled():
        print("\n" + line)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail(f"{name}.html: {len(blocking)} serious or critical axe-core violation(s):\n"
                    + "\n".join(describe(v) for v in blocking), pytrace=False)


def test_code_colours_have_enough_contrast(browser, site):
    """The syntax colours of code cells, checked once on the first lesson's page (every page shares them)."""
    page = site["out"] / f"{LESSONS[0]}.html"
    _, violations = axe_violations(browser, page, {"include": [[CODE]]}, {"runOnly": ["color-contrast"]})
    assert violations == [], "\n".join(describe(v) for v in violations)


def test_axe_finds_what_it_should_on_a_bad_page(browser, tmp_path):
    """The check is live: an image with no alt text, a player with no label and grey-on-white text
    are reported, so a clean result on the site means something."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="x.png"><p style="color:#bbb;background:#fff">faint words</p>'
                   '<input type="text"></body></html>', encoding="utf-8")
    _, violations = axe_violations(browser, bad)
    found = {v["id"]: v["impact"] for v in violations}
    assert {"image-alt", "color-contrast", "label", "html-has-lang"} <= set(found), found
    assert found["image-alt"] == "critical" and found["color-contrast"] == "serious", found
