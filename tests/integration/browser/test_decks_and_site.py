"""The decks as a room sees them and the site as a reader meets it, in Debian's Chromium (Playwright).

- every slide of every lesson's deck, shown at 1280 x 720 (a projector): nothing overflows the
  slide, no text is under 24 px, no code block is over 8 lines, notation is at least half the
  slide wide (or as tall as a slide allows), players and videos are full width; the counts are
  printed (and written to ``test-artifacts/deck-report.txt``);
- the speaker view (S) opens offline with the current slide, the next one and the notes;
- the course site: the landing page leads to a lesson, a lesson to the next one (sidebar,
  previous and next, in-page contents), the glossary and the instructor guide; search finds a word
  offline; a lesson page plays and shows every player, score, plot and video it holds, its panel
  in its first state, with no request to the network; a phone can read it.

``SCORING_DECK_LESSONS=folder`` walks the decks of the notebooks in another folder (a copy with
new slide metadata, say) instead of ``lessons/``.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import time
from pathlib import Path

import pytest

from labkit import ARTIFACTS, expected_media, free_port, require_browser
from labkit import page_for as kit_page_for

ROOT = Path(__file__).resolve().parents[3]
LESSON_DIR = Path(os.environ.get("SCORING_DECK_LESSONS", ROOT / "lessons"))
LESSONS = sorted(LESSON_DIR.glob("[0-9][0-9]_*.ipynb"))
SLIDE_W, SLIDE_H, MIN_PX, MAX_CODE = 1280, 720, 24.0, 8

playwright = require_browser()

# Every slide, shown the way the presenter shows it (Reveal.slide), measured as projected.
WALK = """
(limits) => {
  Reveal.configure({ transition: "none", backgroundTransition: "none", hash: false, history: false,
                     viewDistance: 1, mobileViewDistance: 1, controls: false, progress: false, slideNumber: false });
  const scale = Reveal.getScale();
  const out = { slides: 0, overflow: [], small: [], code: [], notation: [], heightBound: 0, players: [], videos: [] };
  for (const s of Reveal.getSlides()) {
    const i = Reveal.getIndices(s);
    Reveal.slide(i.h, i.v || 0);
    out.slides++;
    const id = `${i.h}/${i.v || 0}`, r = s.getBoundingClientRect();
    let over = s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1 ? "scroll" : "";
    for (const el of s.querySelectorAll("*")) {
      if (over) break;
      if (el.closest("aside.notes") || el.parentElement.closest(".crop") || !el.getClientRects().length) continue;
      const e = el.getBoundingClientRect();
      if (e.bottom > r.bottom + 1 || e.right > r.right + 1 || e.left < r.left - 1 || e.top < r.top - 1)
        over = `<${el.tagName.toLowerCase()}> ends ${Math.round(e.bottom - r.bottom)} px below, ${Math.round(e.right - r.right)} px right`;
    }
    if (over) out.overflow.push(`${id}: ${over}`);
    const texts = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
    for (let n; (n = texts.nextNode());) {
      const el = n.parentElement;
      if (!n.data.trim() || !el || el.closest("aside.notes, video, audio, style, script") || !el.getClientRects().length) continue;
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (px < limits.minPx - 0.5) { out.small.push(`${id}: ${px.toFixed(1)} px "${n.data.trim().slice(0, 40)}"`); break; }
    }
    for (const pre of s.querySelectorAll("pre.code")) {
      const lines = pre.textContent.replace(/\\n$/, "").split("\\n").length;
      if (lines > limits.maxCode) out.code.push(`${id}: ${lines} lines`);
    }
    for (const img of s.querySelectorAll("img.notation")) {
      const box = (img.closest(".crop") || img).getBoundingClientRect();
      if (box.width >= 0.5 * r.width - 1) continue;
      if (box.height >= 0.75 * r.height) { out.heightBound++; continue; }
      out.notation.push(`${id}: ${Math.round(box.width)} x ${Math.round(box.height)} px`);
    }
    const body = s.querySelector(".body").getBoundingClientRect();
    for (const a of s.querySelectorAll("audio"))
      if (a.getBoundingClientRect().width < body.width - 1) out.players.push(`${id}: ${Math.round(a.getBoundingClientRect().width)} px`);
    for (const v of s.querySelectorAll("video")) out.videos.push(v.getBoundingClientRect().width / r.width);
  }
  return out;
}
"""


def page_for(browser, name: str, *, width: int = SLIDE_W, height: int = SLIDE_H):
    """A fresh page at a projector's size unless told, every console error counted (see ``labkit.page_for``)."""
    return kit_page_for(browser, name, width=width, height=height, benign=None, full_page=False)


def open_deck(page, deck: Path) -> None:
    page.goto(deck.as_uri())
    page.wait_for_function("document.documentElement.dataset.deckReady === '1'", timeout=90_000)


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    from scoring.publish import export_slides

    assert LESSONS, f"no lessons in {LESSON_DIR}"
    out = tmp_path_factory.mktemp("decks")
    return [export_slides(p, out) for p in LESSONS]


def test_every_slide_of_every_deck_fits_a_projector(browser, decks, capsys):
    rows, problems, totals = [], [], {}
    started = time.time()
    with page_for(browser, "decks") as page:
        for deck in decks:
            open_deck(page, deck)
            got = page.evaluate(WALK, {"minPx": MIN_PX, "maxCode": MAX_CODE})
            counts = {"slides": got["slides"], "overflow": len(got["overflow"]), "text<24px": len(got["small"]),
                      "code>8": len(got["code"]), "narrow notation": len(got["notation"]),
                      "height-bound notation": got["heightBound"], "narrow players": len(got["players"]),
                      "videos": len(got["videos"])}
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            rows.append(f"{deck.name:36} " + "  ".join(f"{k} {v}" for k, v in counts.items()))
            for kind in ("overflow", "small", "code", "notation", "players"):
                problems += [f"{deck.name} {kind} {x}" for x in got[kind]]
            problems += [f"{deck.name} video {w:.0%} of the slide's width" for w in got["videos"] if w < 0.9]
        assert page.console_errors == [], page.console_errors
        assert page.remote == [], page.remote
    report = "\n".join(rows + ["TOTAL " + "  ".join(f"{k} {v}" for k, v in totals.items()),
                               f"({len(decks)} decks walked in {time.time() - started:.1f} s)"])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "deck-report.txt").write_text(report + "\n" + "\n".join(problems) + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + report)
    assert totals["slides"] >= 10 * len(decks)
    assert problems == [], "\n".join(problems[:40])


def test_speaker_view_opens_offline_with_the_notes(browser, decks):
    """S opens the speaker view (reveal.js's notes plugin, inlined): the current slide, the next
    one and the section's notes, with nothing loaded from the network."""
    deck = next(d for d in decks if 'class="notes"' in d.read_text(encoding="utf-8"))
    notes = re.search(r'<aside class="notes">(.*?)</aside>', deck.read_text(encoding="utf-8"), re.S).group(1)
    first_words = re.sub(r"<[^>]+>", " ", notes).split()[:3]
    with page_for(browser, "speaker-view") as page:
        open_deck(page, deck)
        page.evaluate("Reveal.slide(0, 0)")
        with page.expect_popup(timeout=30_000) as popup_info:
            page.keyboard.press("s")
        speaker = popup_info.value
        speaker.wait_for_selector("#current-slide iframe", timeout=30_000)
        speaker.wait_for_function(
            "() => { const n = document.querySelector('.speaker-controls-notes .value');"
            " return n && n.textContent.trim().length > 0; }", timeout=30_000)
        text = speaker.locator(".speaker-controls-notes .value").inner_text()
        assert all(w in text for w in first_words), text[:200]
        assert speaker.locator("#upcoming-slide iframe").count() == 1
        speaker.close()
        assert page.remote == [], page.remote


# ---------------------------------------------------------------- the site
SITE_LESSONS = ["00", "05"]   # the first lesson, and one with picture, a panel and every kind of media


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # a static web server, as any department has; quiet
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from scoring.publish import build_site

    out = tmp_path_factory.mktemp("site")
    index = build_site(ROOT / "lessons", out, only=SITE_LESSONS, slides=True)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"index": index, "out": out, "http": f"http://127.0.0.1:{server.server_address[1]}"}
    server.shutdown()


def _lesson(prefix: str) -> Path:
    return next(p for p in sorted((ROOT / "lessons").glob(f"{prefix}_*.ipynb")))


def test_site_pages_load_nothing_from_the_network(site):
    pages = sorted(site["out"].glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "glossary.html", "where-it-runs.html", "instructor-guide.html",
                                       "search.html"} | {f"{_lesson(n).stem}.html" for n in SITE_LESSONS}
    loaders = re.compile(r"<(?:script|link|img|audio|video|source|iframe)\b[^>]*\b(?:src|href)=[\"']https?://", re.I)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not loaders.search(text), f"{page.name} loads {loaders.search(text).group(0)}"
    assert (site["out"] / "searchindex.js").exists()
    for n in SITE_LESSONS:
        assert (site["out"] / "slides" / f"{_lesson(n).stem}.slides.html").exists()


def test_site_navigation_from_the_landing_page_to_the_next_lesson(browser, site):
    first, second = (_lesson(n).stem for n in SITE_LESSONS)
    with page_for(browser, "site-nav", width=1280, height=900) as page:
        page.goto(site["index"].as_uri())
        assert page.get_by_role("heading", name="How to start").count() == 1
        sidebar = page.locator(".bd-sidebar-primary")
        for href in (f"{first}.html", f"{second}.html", "instructor-guide.html", "glossary.html", "where-it-runs.html"):
            assert sidebar.locator(f"a[href='{href}']").count() >= 1, href
        page.locator(f"article a[href='{first}.html']").first.click()
        page.wait_for_url(f"**/{first}.html")
        assert page.locator(".bd-sidebar-primary a.current, .bd-sidebar-primary li.current > a").count() >= 1
        toc = page.locator(".bd-sidebar-secondary nav a")
        assert toc.count() >= 5                                    # the in-page table of contents
        assert page.locator(".prev-next-area a.left-prev").count() == 1
        page.locator(".prev-next-area a.right-next").click()     # previous and next
        page.wait_for_url(f"**/{second}.html")
        page.locator(".bd-sidebar-primary a[href='glossary.html']").click()
        page.wait_for_url("**/glossary.html")
        assert page.locator("dl.glossary dt").count() >= 25
        assert page.console_errors == [], page.console_errors
        assert page.remote == [], page.remote


def test_site_search_finds_a_word_offline(browser, site):
    second = _lesson(SITE_LESSONS[1]).stem
    with page_for(browser, "site-search", width=1280, height=900) as page:
        page.goto(f"{site['http']}/search.html?q=fermata")
        page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        hits = page.locator("#search-results ul.search li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert any(h.startswith(f"{second}.html") for h in hits), hits
        assert page.console_errors == [], page.console_errors
        assert page.remote == [], page.remote


def test_site_lesson_plays_and_shows_its_media_on_a_desktop_and_a_phone(browser, site):
    lesson = _lesson(SITE_LESSONS[1])
    want = expected_media(lesson)
    assert want["video"] > 0 and want["audio"] > 0
    for size in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        with page_for(browser, f"site-media-{size['width']}", **size) as page:
            page.goto((site["out"] / f"{lesson.stem}.html").as_uri())
            article = page.locator("article")
            got = {"svg": article.locator("img[src^='data:image/svg+xml']").count(),
                   "audio": article.locator("audio").count(),
                   "png": article.locator("img[src^='data:image/png']").count(),
                   "video": article.locator("video").count()}
            assert all(got[k] >= want[k] for k in want), f"the page shows {got}, the notebook holds {want}"
            assert page.get_by_text("Interactive panel, shown in its first state").count() == 1
            video = article.locator("video").first
            video.scroll_into_view_if_needed()
            page.wait_for_function("v => v.readyState >= 1 && isFinite(v.duration) && v.duration > 1",
                                   arg=video.element_handle(), timeout=30_000)
            audio = article.locator("audio").first
            page.wait_for_function("a => a.readyState >= 1 && a.duration > 0.5", arg=audio.element_handle(),
                                   timeout=30_000)
            broken = page.evaluate("() => [...document.querySelectorAll('article img')]"
                                   ".filter(i => i.complete && i.naturalWidth === 0).length")
            assert broken == 0
            wide = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")
            assert wide <= 1, f"the page scrolls sideways by {wide} px at {size['width']} px"
            assert page.console_errors == [], page.console_errors
            assert page.remote == [], page.remote
