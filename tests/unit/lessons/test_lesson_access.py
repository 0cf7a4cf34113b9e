"""Every lesson reads without sight and without sound: the accessibility lint.

For every committed lesson (``lessons/*.ipynb``), from its committed outputs:

- every ``<img>`` in an output has alt text that says what it shows: not missing, not a generic
  word ("plot", "figure", "image", "notation", "chart", "notation of Hero"), at least
  ``MIN_ALT`` characters; notation (an SVG score, or alt text that starts "notation" or "score")
  names its notes (C4, Eb3, rest);
- no output is a bare ``image/png`` (a matplotlib figure shown as it is): a plot is an HTML
  ``<img>`` with alt text;
- every ``<audio>`` and ``<video>`` has an ``aria-label`` or ``title`` (what a screen reader
  says) and, in the same output, a visible line of text saying what plays;
- the markdown has exactly one H1, the lesson's title, first; headings never skip a level.

Widget outputs are left out (their labels are checked with the panels). Each check is a small
function that returns its problems as sentences naming the cell; the tests at the bottom prove on
tiny notebooks that each one passes a good lesson and catches each kind of bad one, so the lint
cannot pass by looking at nothing.
"""
from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"
MIN_ALT = 20          # characters: "notation of Hero" is 16, the shortest honest plot description is longer
MIN_CAPTION = 12      # characters of visible text beside a player ("Hero, horn, 2.5 s")
GENERIC_WORDS = ("notation", "score", "plot", "figure", "image", "chart", "graph", "picture", "diagram", "img",
                 "photo", "audio", "video", "player", "sound")
# a generic word, alone or "of"/"for" a name of at most four words: "notation of Hero", "plot for the cue"
GENERIC = re.compile(rf"^\s*(?:an?\s+|the\s+)?(?:{'|'.join(GENERIC_WORDS)})s?"
                     r"(?:\s+(?:of|for)\s+\S+(?:\s+\S+){0,3})?\s*[.:]?\s*$", re.I)
NOTE_NAME = re.compile(r"(?<![A-Za-z])(?:[A-G](?:#{1,2}|b{1,2}|-{1,2}|♯|♭)?-?\d|rests?\b)")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


class _Outline(HTMLParser):
    """The images, players and visible text of one HTML output."""

    HIDDEN = {"audio", "video", "script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict] = []
        self.players: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.headings: list[int] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "img":
            self.images.append(attrs)
        elif tag in ("audio", "video"):
            self.players.append((tag, attrs))
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.HIDDEN:
            self._hidden -= 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


def _outputs(nb: dict):
    """(cell index, output) for every non-widget output of every code cell."""
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if WIDGET not in out.get("data", {}):
                yield i, out


# ---------------------------------------------------------------- the checks
def alt_problem(img: dict) -> str:
    """What is wrong with one ``<img>``'s alt text ('' when nothing is)."""
    if "alt" not in img:
        return "an image has no alt attribute"
    alt = " ".join(img["alt"].split())
    if GENERIC.match(alt):
        return f"an image's alt text is generic ({alt!r}); say what it shows"
    if len(alt) < MIN_ALT:
        return f"an image's alt text is too short ({alt!r}, {len(alt)} < {MIN_ALT} characters); say what it shows"
    is_notation = img.get("src", "").startswith("data:image/svg+xml") or "notation" in img.get("class", "") \
        or re.match(r"(?i)(notation|score)\b", alt)
    if is_notation and not NOTE_NAME.search(alt):
        return f"notation's alt text names no notes ({alt[:80]!r}); list them, like 'C4 quarter, E4 eighth'"
    return ""


def image_problems(nb: dict) -> list[str]:
    """Every ``<img>`` in an HTML output has alt text that is not generic and, for notation, names notes."""
    problems = []
    for i, out in _outputs(nb):
        for img in outline(_text(out.get("data", {}).get("text/html"))).images:
            if problem := alt_problem(img):
                problems.append(f"cell {i}: {problem}")
    return problems


def bare_png_problems(nb: dict) -> list[str]:
    """No output is a bare ``image/png``: a plot is shown as an HTML ``<img>`` with alt text."""
    return [f"cell {i}: a bare image/png output (a figure shown as it is, with no text alternative); "
            "return figure_png(fig, alt=...) in HTML and close the figure"
            for i, out in _outputs(nb) if "image/png" in out.get("data", {}) and "text/html" not in out["data"]]


def player_problems(nb: dict) -> list[str]:
    """Every ``<audio>``/``<video>`` is labelled for a screen reader and captioned in visible text."""
    problems = []
    for i, out in _outputs(nb):
        page = outline(_text(out.get("data", {}).get("text/html")))
        if not page.players:
            continue
        for tag, attrs in page.players:
            if not (attrs.get("aria-label", "").strip() or attrs.get("title", "").strip()):
                problems.append(f"cell {i}: an <{tag}> has no aria-label or title; say what it holds")
        caption = " ".join(" ".join(page.text).split())
        if len(caption) < MIN_CAPTION:
            kinds = sorted({f"<{tag}>" for tag, _ in page.players})
            problems.append(f"cell {i}: {' and '.join(kinds)} with no visible line of what plays in the same output "
                            f"(text beside it: {caption!r}); add a caption (instruments, tempo, length, what to "
                            "listen for)")
    return problems


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def markdown_headings(source: str) -> list[tuple[int, str]]:
    """The headings of one markdown cell, in order: (level, text); ATX (#), setext (=== / ---) and
    HTML (<h2>); lines inside fenced code are not headings."""
    found, fence, previous = [], None, ""
    for line in source.splitlines():
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            previous = ""
            continue
        if opened:
            fence, previous = opened.group(1), ""
            continue
        if m := _ATX.match(line):
            found.append((len(m.group(1)), m.group(2).strip().rstrip("#").strip()))
            previous = ""
            continue
        if (m := _SETEXT.match(line)) and previous.strip() and not re.match(r"^\s*([-*+]|\d+[.)])\s|\s*\|", previous):
            found.append((1 if m.group(1)[0] == "=" else 2, previous.strip()))
            previous = ""
            continue
        for level, text in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", line, re.I):
            found.append((int(level), re.sub(r"<[^>]+>", "", text).strip()))
        previous = line
    return found


def heading_problems(nb: dict) -> list[str]:
    """Exactly one H1 (the title, first), and no heading skips a level (H1 -> H2 -> H3)."""
    heads = [(i, level, text) for i, cell in enumerate(nb.get("cells", [])) if cell.get("cell_type") == "markdown"
             for level, text in markdown_headings(_text(cell.get("source")))]
    if not heads:
        return ["no headings: a lesson starts with its title as an H1 (# Title)"]
    problems = []
    ones = [(i, text) for i, level, text in heads if level == 1]
    if len(ones) != 1:
        problems.append(f"{len(ones)} H1 headings (want exactly one, the title): "
                        + ", ".join(f"cell {i} {text!r}" for i, text in ones))
    if heads[0][1] != 1:
        problems.append(f"cell {heads[0][0]}: the first heading {heads[0][2]!r} is an H{heads[0][1]}; "
                        "the lesson's title comes first, as an H1")
    for (_, before, _), (i, level, text) in zip(heads, heads[1:]):
        if level > before + 1:
            problems.append(f"cell {i}: heading {text!r} is an H{level} after an H{before} (skips a level)")
    return problems


CHECKS = {"images": image_problems, "bare_png": bare_png_problems, "players": player_problems,
          "headings": heading_problems}


@functools.lru_cache(maxsize=None)
def _read(path: Path) -> dict:      # read once for all four checks (the checks only read)
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the lessons
def test_there_are_lessons_to_lint():
    assert len(LESSONS) >= 8, LESSONS


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_is_accessible(lesson, check):
    problems = CHECKS[check](_read(lesson))
    if problems:
        pytest.fail(f"{lesson.name}: {len(problems)} {check} problem(s):\n  " + "\n  ".join(problems), pytrace=False)


# ---------------------------------------------------------------- the lint itself, on tiny notebooks
SVG = "data:image/svg+xml;base64,PHN2Zy8+"
PNG = "data:image/png;base64,iVBORw=="
GOOD_NOTATION = "notation: Hero, French Horn, 4/4, 96 BPM: C4 quarter, E4 eighth, G4 eighth, C5 half"
GOOD_PLOT = "line plot of tension (0-1) across bars 1-16: rises from 0.3 to 0.7, falls at the crash in bar 12"
PLAYER = ('<audio controls title="Hero: French Horn, 96 BPM, 2.5 s" aria-label="Hero: French Horn, 96 BPM, 2.5 s" '
          'src="data:audio/mpeg;base64,AA=="></audio>')


def md(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def code(*htmls: str, data: dict | None = None) -> dict:
    outs = [{"output_type": "display_data", "metadata": {}, "data": {"text/html": h, "text/plain": "x"}} for h in htmls]
    if data is not None:
        outs.append({"output_type": "display_data", "metadata": {}, "data": data})
    return {"cell_type": "code", "metadata": {}, "source": "x", "outputs": outs, "execution_count": 1}


def notebook(*cells: dict) -> dict:
    return {"cells": [md("# A lesson\n\nText."), *cells, md("## Recap\n\n### Next\n\nText.")], "metadata": {}}


def good_notebook() -> dict:
    return notebook(
        md("## Hear it"),
        code(f'<div><b>Hero</b><img src="{SVG}" alt="{GOOD_NOTATION}">{PLAYER}<div>C4 E4 G4 C5, 2.5 s</div></div>'),
        code(f'<img src="{PNG}" alt="{GOOD_PLOT}">'),
        code('<video controls aria-label="Night Run animatic, 20 s" src="data:video/mp4;base64,AA==">Night Run'
             '</video><p>Night Run: the animatic, 20 s; listen for the hit at 10.5 s</p>'),
        code(data={WIDGET: {"model_id": "x"}, "text/plain": "a panel"}),   # widgets are checked elsewhere
        md("## See it\n\n```python\n# a comment, not a heading\n```\n\n### A detail"),
    )


def all_problems(nb: dict) -> list[str]:
    return [p for check in CHECKS.values() for p in check(nb)]


def test_a_good_notebook_passes_every_check():
    assert all_problems(good_notebook()) == []


@pytest.mark.parametrize("alt", ["", "plot", "Figure", "image", "notation", "chart", "notation of Hero",
                                 "notation of the hero theme", "a plot of tension", "Score.", "  PLOT  "])
def test_generic_alt_text_is_caught(alt):
    nb = notebook(code(f'<img src="{PNG}" alt="{alt}">'))
    problems = image_problems(nb)
    assert len(problems) == 1 and problems[0].startswith("cell 1: ") and ("generic" in problems[0]
                                                                         or "too short" in problems[0]), problems


def test_missing_and_short_alt_text_is_caught_and_the_cell_named():
    nb = notebook(md("## x"), code(f'<img src="{PNG}">'), code(f'<img src="{PNG}" alt="tension, bars 1-4">'))
    assert image_problems(nb) == [
        "cell 2: an image has no alt attribute",
        "cell 3: an image's alt text is too short ('tension, bars 1-4', 17 < 20 characters); say what it shows"]


def test_notation_must_name_its_notes():
    vague = "notation: the Hero theme for French horn, four bars in 4/4"
    assert "names no notes" in image_problems(notebook(code(f'<img src="{SVG}" alt="{vague}">')))[0]
    assert "names no notes" in image_problems(notebook(code(f'<img src="{PNG}" alt="score: {vague}">')))[0]
    assert image_problems(notebook(code(f'<img src="{SVG}" alt="score: Hit, 4/4, 120 BPM: rest, Eb3-G3-Bb3">'))) == []


def test_an_image_inside_a_widget_output_is_left_alone_but_one_beside_it_is_not():
    nb = notebook(code(data={WIDGET: {}, "text/html": '<img alt="">'}), code('<img alt="plot">'))
    assert image_problems(nb) == ["cell 2: an image's alt text is generic ('plot'); say what it shows"]


def test_a_bare_png_output_is_caught():
    nb = notebook(code(data={"image/png": "iVBORw==", "text/plain": "<Figure size 640x480 with 1 Axes>"}))
    problems = bare_png_problems(nb)
    assert len(problems) == 1 and problems[0].startswith("cell 1: a bare image/png output"), problems
    assert bare_png_problems(good_notebook()) == []


def test_a_player_without_a_label_is_caught():
    nb = notebook(code('<audio controls src="data:audio/mpeg;base64,AA=="></audio>'
                       '<div>Hero: horn, 96 BPM, 2.5 s</div>'))
    assert player_problems(nb) == ["cell 1: an <audio> has no aria-label or title; say what it holds"]


def test_a_player_without_a_visible_caption_is_caught():
    # the label is there, but nothing on the page says what plays; the player's own text does not count
    nb = notebook(code(PLAYER), code('<video controls title="Night Run" src="x">Night Run animatic</video><p>ok</p>'))
    problems = player_problems(nb)
    assert [p.split(":")[0] for p in problems] == ["cell 1", "cell 2"], problems
    assert "<audio> with no visible line" in problems[0] and "<video> with no visible line" in problems[1]


@pytest.mark.parametrize("cells,want", [
    ([md("## Start")], "the first heading 'Start' is an H2"),
    ([md("## Start\n\n### Detail")], "0 H1 headings"),
    ([md("# A lesson"), md("# Another title")], "2 H1 headings"),
    ([md("# A lesson"), md("Another title\n=============")], "2 H1 headings"),
    ([md("# A lesson"), md("<h1>Again</h1>")], "2 H1 headings"),
    ([md("# A lesson"), md("### Too deep")], "heading 'Too deep' is an H3 after an H1"),
    ([md("# A lesson\n\n## Part\n\n#### Deeper")], "heading 'Deeper' is an H4 after an H2"),
])
def test_bad_headings_are_caught(cells, want):
    problems = heading_problems({"cells": cells, "metadata": {}})
    assert any(want in p for p in problems), problems


def test_headings_in_code_fences_tables_and_lists_are_not_headings():
    source = "# T\n\n```\n# not a heading\n```\n\n| a |\n|---|\n\n- item\n---\n\nText\n\n## Real\n"
    assert markdown_headings(source) == [(1, "T"), (2, "Real")]
    assert markdown_headings("Intro\n---\n") == [(2, "Intro")]


def test_the_lint_looks_at_something_in_every_lesson():
    """A lint that finds no images, players or headings in the lessons checks nothing."""
    images = players = heads = 0
    for lesson in LESSONS:
        nb = _read(lesson)
        heads += sum(len(markdown_headings(_text(c.get("source"))))
                     for c in nb["cells"] if c["cell_type"] == "markdown")
        for _, out in _outputs(nb):
            page = outline(_text(out.get("data", {}).get("text/html")))
            images, players = images + len(page.images), players + len(page.players)
    assert images >= 5 * len(LESSONS) and players >= 5 * len(LESSONS) and heads >= 5 * len(LESSONS), \
        (images, players, heads)
