"""Publishing the lessons for a room and for readers: offline slide decks and the course site.

**Decks** (``./course slides``) are designed for a projector, not cut from the page. The notebook
stays the one source: a cell's ``slideshow.slide_type`` places it (``slide`` opens a section,
``subslide`` a new slide, ``fragment`` steps in, ``skip`` leaves it out, ``notes`` speaks to the
presenter), the tag ``show`` puts a code cell's source on screen (8 lines at most; other code is
hidden, its output shown), and ``speaker_notes`` in a cell's metadata are the presenter's notes for
the section that cell opens. Without metadata the structure decides: headings open slides, rich
outputs get a slide of their own, code is hidden. Text is set at 28 px on a 1280 x 720 slide
(never under 24 px), images are sized in the file from their own proportions, grids are laid out one
card after another, and a small script splits whatever is still too tall over several slides at
load time (by blocks, rows, list items, lines), so nothing is shrunk to fit. Videos get a slide of
their own, full width; each panel gets a slide with its first state and a note to switch to the
notebook. reveal.js 5 and its notes plugin are inlined (``assets/vendor/reveal.js``), so a deck is
one file that works offline, speaker view (S) included. Mathematics is written as MathML.

**The site** (``./course site``) is built with Sphinx, MyST-NB and the Sphinx Book Theme (the stack of
Jupyter Book 1, driven directly): from the committed outputs, never executed, with a landing page,
a sidebar, previous and next links, an in-page table of contents, Sphinx's offline full-text search,
the instructor guide, a glossary and "where it runs". Panels show their first state.

Lesson: lessons/README.md (the instructor guide)
"""
from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scoring.errors import ScoringError
from scoring.render.files import writable_path

__all__ = ["slide_type_for", "add_slide_metadata", "freeze_widgets", "drop_custom_widget_state", "lesson_html",
           "build_site", "export_slides", "inert_html", "tex_to_mathml", "markdown_html", "deck_html", "site_notebook", "lesson_summary",
           "SHOW_TAG", "NOTES_KEY", "MAX_CODE_LINES"]

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor" / "reveal.js"
DECK_ASSETS = ROOT / "assets" / "deck"
SITE = ROOT / "site"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: The cell tag that puts a code cell's source on its slide.
SHOW_TAG = "show"
#: The cell-metadata key of the presenter's notes (markdown) for the section or slide a cell opens.
NOTES_KEY = "speaker_notes"
#: The most lines of code a slide shows.
MAX_CODE_LINES = 8
#: The slide's content box in CSS pixels (1280 x 720 less the padding in deck.css).
_BOX_W, _BOX_H = 1192, 672


# ---------------------------------------------------------------- slide metadata
def slide_type_for(cell: dict) -> str:
    """The slide role a cell gets when it has none: a heading starts a slide (``#``, ``##``) or a
    sub-slide (``###``); a code cell with rich output gets a sub-slide of its own; the rest follow.

    Examples
    --------
    >>> slide_type_for({"cell_type": "markdown", "source": "## 2 Harmony"})
    'slide'
    >>> slide_type_for({"cell_type": "markdown", "source": "A paragraph."})
    '-'

    Lesson: lessons/README.md
    """
    src = "".join(cell.get("source", ""))
    if cell.get("cell_type") == "markdown":
        first = src.lstrip().split("\n", 1)[0]
        if re.match(r"^#{1,2} ", first):
            return "slide"
        if first.startswith("### ") or first.startswith("**Exercise"):
            return "subslide"
        return "-"
    rich = any("text/html" in o.get("data", {}) or "image/png" in o.get("data", {}) or WIDGET_VIEW in o.get("data", {})
               for o in cell.get("outputs", []))
    return "subslide" if rich else "-"


def add_slide_metadata(nb: dict, *, overwrite: bool = False) -> int:
    """Give every cell ``metadata.slideshow.slide_type`` (for JupyterLab-RISE and the slide export);
    returns how many cells changed. Cells that already have one keep it unless ``overwrite``.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "## A", "metadata": {}}]}
    >>> add_slide_metadata(nb), nb["cells"][0]["metadata"]["slideshow"]
    (1, {'slide_type': 'slide'})

    Lesson: lessons/README.md
    """
    changed = 0
    for cell in nb.get("cells", []):
        meta = cell.setdefault("metadata", {})
        if meta.get("slideshow", {}).get("slide_type") and not overwrite:
            continue
        meta.setdefault("slideshow", {})["slide_type"] = slide_type_for(cell)
        changed += 1
    return changed


# ---------------------------------------------------------------- widgets as static snapshots
_ACTIVE_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|form|base|meta|link)\b[^>]*>", re.I)
_HANDLER = re.compile(r"""\s(on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_JS_URL = re.compile(r"""(href|src|action)\s*=\s*("\s*javascript:[^"]*"|'\s*javascript:[^']*'|javascript:[^\s>]*)""", re.I)
_PANEL_NOTICE = "Interactive panel, shown in its first state: open the notebook in JupyterLab to use the controls."


def inert_html(fragment: str) -> str:
    """A saved widget's HTML made inert for the static site: no scripts, frames, forms, event
    handlers or ``javascript:`` links (the package escapes user text already; this is the second wall).

    Examples
    --------
    >>> inert_html('<b onclick="steal()">hi</b><script>x()</script><a href="javascript:y()">z</a>')
    '<b>hi</b>x()<a href="#">z</a>'

    Lesson: lessons/README.md
    """
    out = _ACTIVE_TAG.sub("", str(fragment))
    out = _HANDLER.sub("", out)
    return _JS_URL.sub(lambda m: f'{m.group(1)}="#"', out)


def _widget_html(model_id: str, state: dict, depth: int = 0) -> str:
    if depth > 20 or model_id not in state:
        return ""
    model = state[model_id]
    name, s = model.get("model_name", ""), model.get("state", {})
    ref = lambda v: v[len("IPY_MODEL_"):] if isinstance(v, str) and v.startswith("IPY_MODEL_") else v  # noqa: E731
    desc = html.escape(str(s.get("description", "")))
    label = f'<span style="display:inline-block;min-width:80px;color:#555">{desc}</span>' if desc else ""
    named = lambda control: f"<label>{label}{control}</label>" if desc else control  # noqa: E731  (a control's name)
    if name in ("VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "AccordionModel", "TabModel"):
        direction = "row" if name == "HBoxModel" else "column"
        kids = "".join(f"<div>{_widget_html(ref(c), state, depth + 1)}</div>" for c in s.get("children", []))
        return f'<div style="display:flex;flex-direction:{direction};gap:8px;flex-wrap:wrap">{kids}</div>'
    if name in ("HTMLModel", "HTMLMathModel"):
        return inert_html(s.get("value", ""))
    if name == "LabelModel":
        return html.escape(str(s.get("value", "")))
    if name in ("DropdownModel", "SelectModel", "ToggleButtonsModel", "RadioButtonsModel"):
        labels, index = s.get("_options_labels", []), s.get("index")
        opts = "".join(f'<option{" selected" if i == index else ""}>{html.escape(str(o))}</option>'
                       for i, o in enumerate(labels))
        return named(f"<select disabled>{opts}</select>")
    if name in ("IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "SelectionSliderModel",
                "IntRangeSliderModel", "FloatRangeSliderModel", "SelectionRangeSliderModel"):
        labels, index = s.get("_options_labels", []), s.get("index")
        if name == "SelectionSliderModel":
            value = labels[index] if labels and index is not None else ""
        elif name == "SelectionRangeSliderModel":
            value = " – ".join(str(labels[i]) for i in index) if labels and index else ""
        else:
            value = s.get("value", "")
        return named("<input type=range disabled>") + f" <b>{html.escape(str(value))}</b>"
    if name in ("IntTextModel", "FloatTextModel", "TextModel", "BoundedIntTextModel", "BoundedFloatTextModel"):
        hint = html.escape(str(s.get("placeholder", "")).strip("\u200b "))
        hint = f' placeholder="{hint}"' if hint else ""
        return named(f'<input disabled value="{html.escape(str(s.get("value", "")))}"{hint}>')
    if name == "CheckboxModel":
        return named(f'<input type=checkbox disabled{" checked" if s.get("value") else ""}>')
    if name == "ButtonModel":
        return f'<button disabled>{html.escape(str(s.get("description", "")))}</button>'
    if name == "OutputModel":
        parts = []
        for out in s.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                parts.append(inert_html("".join(data["text/html"])))
            elif "image/png" in data:
                png = re.sub(r"[^A-Za-z0-9+/=]", "", "".join(data["image/png"]))
                parts.append(f'<img src="data:image/png;base64,{png}" alt="a plot from the panel">')
            elif "text/plain" in data or "text" in out:
                parts.append(f"<pre>{html.escape(''.join(data.get('text/plain', out.get('text', ''))))}</pre>")
        return "".join(parts)
    return ""


def _widget_state(nb: dict) -> dict:
    return nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def freeze_widgets(nb: dict) -> int:
    """Replace each interactive panel's output by an HTML snapshot of its saved first state;
    returns how many panels were frozen.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "outputs": [{"data": {WIDGET_VIEW: {"model_id": "m"}}}]}],
    ...       "metadata": {"widgets": {WIDGET_STATE: {"state": {"m": {"model_name": "LabelModel",
    ...                                                              "state": {"value": "hi"}}}}}}}
    >>> freeze_widgets(nb), nb["cells"][0]["outputs"][0]["data"]["text/html"].endswith("hi</div>")
    (1, True)

    Lesson: lessons/README.md
    """
    state = _widget_state(nb)
    frozen = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                view = data.pop(WIDGET_VIEW)
                snapshot = (_widget_html(view.get("model_id", ""), state)   # a custom widget (the scoring
                            or inert_html(_text_of(data.get("text/html", ""))))  # grid) brings its own still
                data["text/html"] = ('<div class="frozen-panel" style="border:1px dashed #aaa;padding:8px">'
                                     f'<div style="color:#555;margin-bottom:6px">{_PANEL_NOTICE}</div>{snapshot}</div>')
                data.pop("text/plain", None)
                frozen += 1
    nb.get("metadata", {}).pop("widgets", None)
    return frozen


def drop_custom_widget_state(nb: dict) -> int:
    """Remove the saved state of custom panels (anywidget models, such as the scoring grid) and of
    the layout and style models only they used (and the notebook's widget metadata if nothing is
    left); returns how many models were removed. Their outputs keep the still image they carry,
    which is what an untrusted notebook, a deck and the site show.

    Why: JupyterLab rebuilds every saved model when a notebook's kernel starts, with nothing in the
    kernel behind it. anywidget gives such a model 2 s to load its module and reports an error
    when the browser is busier than that (opening another lesson, say), for a panel nobody can
    use until its cell runs again. ``./course execute`` calls this on every lesson.

    Examples
    --------
    >>> nb = {"metadata": {"widgets": {WIDGET_STATE: {"state": {
    ...     "g": {"model_module": "anywidget", "state": {"layout": "IPY_MODEL_l"}},
    ...     "l": {"model_module": "@jupyter-widgets/base", "state": {}},
    ...     "s": {"model_module": "@jupyter-widgets/controls", "state": {"layout": "IPY_MODEL_l2"}},
    ...     "l2": {"model_module": "@jupyter-widgets/base", "state": {}}}}}}}
    >>> drop_custom_widget_state(nb), sorted(_widget_state(nb))
    (2, ['l2', 's'])

    Lesson: lessons/README.md
    """
    state = _widget_state(nb)
    custom = {k for k, m in state.items() if m.get("model_module") == "anywidget"}
    if not custom:
        return 0
    refs = lambda m: set(re.findall(r"IPY_MODEL_(\w+)", json.dumps(m.get("state", {}))))  # noqa: E731
    kept_refs = set().union(*(refs(m) for k, m in state.items() if k not in custom))
    dropped = custom | {r for k in custom for r in refs(state[k]) if r not in kept_refs and r in state}
    for k in dropped:
        del state[k]
    if not state:
        nb["metadata"].pop("widgets")
    return len(dropped)


# ---------------------------------------------------------------- one lesson as one page (nbconvert)
_CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', re.I)
_INLINE_LOADER = re.compile(r"<script[^>]*>(?:(?!</script>).)*?(unpkg\.com|MathJax|mermaid|requirejs|require\.config)"
                            r"(?:(?!</script>).)*</script>", re.S | re.I)
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*mermaid(?:(?!</script>).)*</script>', re.S)


def _offline(page: str) -> str:
    page = _MERMAID.sub("", page)
    page = _CDN_SCRIPT.sub("", page)
    return _INLINE_LOADER.sub("", page)


def _read(path: Path) -> dict:
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScoringError(f"cannot read the notebook {str(path)!r}: {exc}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ScoringError(f"{str(path)!r} is not a notebook (no list of cells)")
    return nb


def lesson_html(path: str | Path) -> str:
    """One lesson as a single self-contained offline HTML page (JupyterLab's look, frozen panels).

    Lesson: lessons/README.md
    """
    import nbformat
    from nbconvert import HTMLExporter

    _read(Path(path))
    nb = nbformat.read(str(path), as_version=4)
    freeze_widgets(nb)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return _offline(body)


# ---------------------------------------------------------------- markdown and mathematics
_CODE_SPAN = re.compile(r"(```.*?```|`+[^`]*`+)", re.S)
_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<![\s\\])\$", re.S)


def tex_to_mathml(tex: str, *, display: bool = False) -> str:
    """A TeX formula as MathML, which browsers draw themselves: no script, no font, no network.

    Examples
    --------
    >>> tex_to_mathml("x^2").startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    True
    >>> "<msup>" in tex_to_mathml("x^2"), 'display="block"' in tex_to_mathml("x", display=True)
    (True, True)

    Lesson: lessons/02_tension.ipynb
    """
    from latex2mathml.converter import convert

    try:
        return convert(str(tex), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - a formula the converter cannot read is shown as its source
        return f'<code class="tex">{html.escape(str(tex))}</code>'


def _split_display(tex: str) -> list[str]:
    """A display formula cut at its top-level ``\\qquad`` gaps, one line each (a slide is narrow)."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(tex):
        ch = tex[i]
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and tex.startswith("\\qquad", i):
            parts.append(tex[start:i])
            i += len("\\qquad")
            start = i
            continue
        i += 1
    parts.append(tex[start:])
    return [p.strip().rstrip(",").strip() for p in parts if p.strip().rstrip(",").strip()]


def markdown_html(text: str, *, split_display: bool = False) -> str:
    """Markdown as HTML (tables, raw HTML kept), with ``$...$`` and ``$$...$$`` written as MathML.

    Examples
    --------
    >>> markdown_html("**Time**: about 40 minutes.")
    '<p><strong>Time</strong>: about 40 minutes.</p>\\n'
    >>> "<math" in markdown_html("where $x^2$ grows")
    True

    Lesson: lessons/README.md
    """
    import mistune

    maths: list[str] = []

    def protect(part: str) -> str:
        def keep(m: re.Match) -> str:
            if m.group(1) is not None:
                lines = _split_display(m.group(1)) if split_display else [m.group(1)]
                formula = "".join(tex_to_mathml(t, display=True) for t in lines)
                maths.append(f'<div class="math">{formula}</div>')
                return f"\n\nMATHPH{len(maths) - 1}X\n\n"
            maths.append(tex_to_mathml(m.group(2)))
            return f"MATHPH{len(maths) - 1}X"
        return _MATH.sub(keep, part)

    pieces = _CODE_SPAN.split(str(text))
    source = "".join(p if i % 2 else protect(p) for i, p in enumerate(pieces))
    rendered = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])(source)
    rendered = re.sub(r"<p>MATHPH(\d+)X</p>", lambda m: maths[int(m.group(1))], rendered)
    return re.sub(r"MATHPH(\d+)X", lambda m: maths[int(m.group(1))], rendered)


# ---------------------------------------------------------------- images sized for the room
def _image_size(src: str) -> tuple[float, float] | None:
    """Width and height of a data-URI image (SVG from its header, PNG from its IHDR chunk)."""
    try:
        if src.startswith("data:image/svg+xml;base64,"):
            head = base64.b64decode(src[26:26 + 1600] + "===")[:1200].decode("utf-8", "replace")
            m = re.search(r"<svg\b[^>]*>", head)
            if m:
                w = re.search(r'\bwidth="([\d.]+)(px)?"', m.group(0))
                h = re.search(r'\bheight="([\d.]+)(px)?"', m.group(0))
                if w and h:
                    return float(w.group(1)), float(h.group(1))
        elif src.startswith("data:image/png;base64,"):
            raw = base64.b64decode(src[22:22 + 64] + "===")
            if raw[:8] == b"\x89PNG\r\n\x1a\n":
                w, h = struct.unpack(">II", raw[16:24])
                return float(w), float(h)
    except (ValueError, struct.error):
        return None
    return None


def _systems(svg: str) -> tuple[float, float, list[tuple[float, float]]] | None:
    """A verovio score's width, height and the top and bottom of each system, in its own pixels."""
    outer = re.search(r'<svg\b[^>]*\bheight="([\d.]+)(?:px)?"', svg)
    width = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)(?:px)?"', svg)
    inner = re.search(r'class="definition-scale"[^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    margin = re.search(r'class="page-margin" transform="translate\(([\d.]+),\s*([\d.]+)\)"', svg)
    if not (outer and width and inner):
        return None
    scale = float(outer.group(1)) / float(inner.group(2))
    dy = float(margin.group(2)) if margin else 0.0
    spans = []
    for m in re.finditer(r'class="system"><path d="M[\d.]+ ([\d.]+) L[\d.]+ ([\d.]+)"', svg):
        top, bottom = sorted((float(m.group(1)), float(m.group(2))))
        spans.append(((top + dy) * scale, (bottom + dy) * scale))
    return float(width.group(1)), float(outer.group(1)), spans


def _fit_width(w: float, h: float, *, upscale: float, max_h: float, least: float = 0.0) -> float:
    """The width (px) an image of w x h gets on a slide: as wide as the box, at most ``upscale``
    times its own size, never taller than ``max_h``; but at least ``least`` wide where it can be
    without growing taller than a slide's free height (600 px)."""
    h = max(h, 1.0)
    px = min(_BOX_W, upscale * w, max_h * w / h)
    if px < least:
        px = max(px, min(least, 600.0 * w / h, upscale * w))
    return max(1.0, px)


def _notation_blocks(img, soup, max_h: float = 540.0) -> list:
    """A notation image sized for the slide; a score of several systems is cut between systems
    into windows (each a block of its own), so every system is shown as large as a slide allows."""
    src = img.get("src", "")
    size = _image_size(src)
    if not size:
        return [img]
    w, h = size
    svg = ""
    if h * _BOX_W / w > max_h * 1.2:  # taller than a slide at full width: look for systems
        try:
            svg = base64.b64decode(src[26:]).decode("utf-8", "replace")
        except ValueError:
            svg = ""
    found = _systems(svg) if svg else None
    if not found or len(found[2]) < 2:
        px = _fit_width(w, h, upscale=3.0, max_h=max_h, least=_BOX_W / 2 + 50)
        img["style"] = f"width:{px / _BOX_W * 100:.2f}%"
        img["class"] = "notation"
        return [img]
    _, _, spans = found
    cuts = [0.0] + [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)] + [h]
    windows, start = [], 0
    for k in range(1, len(cuts)):
        tall = (cuts[k] - cuts[start]) * min(_BOX_W, 3.0 * w) / w
        if k > start + 1 and tall > max_h:
            windows.append((cuts[start], cuts[k - 1]))
            start = k - 1
    windows.append((cuts[start], cuts[-1]))
    blocks = []
    for n, (top, bottom) in enumerate(windows, 1):
        px = _fit_width(w, bottom - top, upscale=3.0, max_h=max_h, least=_BOX_W / 2 + 50)
        alt = img.get("alt", "notation") + f" (systems, part {n} of {len(windows)})"
        box = soup.new_tag("div", attrs={
            "class": "crop", "role": "img", "aria-label": alt,
            "style": f"width:{px / _BOX_W * 100:.2f}%;aspect-ratio:{w:.1f}/{bottom - top:.1f}"})
        part = soup.new_tag("img", attrs={"src": src, "alt": "", "class": "notation",
                                          "style": f"margin-top:-{top / w * 100:.3f}%"})
        box.append(part)
        blocks.append(box)
    return blocks


# ---------------------------------------------------------------- the deck model
@dataclass
class _Slide:
    blocks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kind: str = "content"          # title | content | panel | video
    runhead: bool = True


@dataclass
class _Stack:
    title: str
    notes: str = ""
    slides: list[_Slide] = field(default_factory=list)


_LEAF_CHILDREN = {"div", "img", "audio", "video", "table", "ul", "ol", "pre", "p", "details", "figure", "h1", "h2",
                  "h3", "h4", "select", "hr", "blockquote", "section"}
_SOFT_BREAK = re.compile(r"<p><strong>(Exercise|Reflect|Question|Rubric)\b", re.I)


def _strip_font_sizes(soup) -> None:
    for tag in soup.find_all(style=True):
        style = re.sub(r"(^|;)\s*font-size\s*:[^;]*", r"\1", tag["style"]).strip(" ;")
        if tag.name in ("img", "video"):
            style = re.sub(r"(^|;)\s*max-width\s*:[^;]*", r"\1", style).strip(" ;")
        if style:
            tag["style"] = style
        else:
            del tag["style"]


def _is_grid(tag) -> bool:
    style = tag.get("style", "") if hasattr(tag, "get") else ""
    return "flex-wrap" in style and "flex-direction:row" not in style and "display:flex" in style.replace(" ", "")


def _blocks_of(node, soup) -> list:
    """The pieces of an output, flattened to blocks a slide can hold one after another: wrappers
    and grids are opened, a row of controls stays a row, images are sized."""
    from bs4 import NavigableString, Tag

    out: list = []
    for child in list(node.children):
        if isinstance(child, NavigableString):
            if child.strip():
                span = soup.new_tag("p")
                span.string = child.strip()
                out.append(span)
            continue
        if not isinstance(child, Tag) or child.name in ("br", "script", "style"):
            continue
        if child.name == "img":
            out.extend(_notation_blocks(child, soup) if child.get("src", "").startswith("data:image/svg+xml")
                       else _blocks_of_img(child, soup))
            continue
        elements = [c for c in child.children if isinstance(c, Tag) and c.name != "br"]
        style = child.get("style", "").replace(" ", "")
        wrapper = child.name in ("div", "span", "section", "figure")
        column = "flex-direction:column" in style
        media_row = "flex-direction:row" in style and child.find(["img", "audio", "video"]) is not None
        holder = any(e.name in ("div", "section", "figure") and e.find(["img", "audio", "video", "table"]) is not None
                     for e in elements)          # it holds cards, not media of its own
        if wrapper and (_is_grid(child) or column or media_row or holder or "frozen-panel" in child.get("class", [])
                        or (len(elements) == 1 and elements[0].name in _LEAF_CHILDREN)):
            out.extend(_blocks_of(child, soup))   # a grid, a column, a holder or a lone wrapper: its pieces in turn
            continue
        for img in child.find_all("img"):
            out_imgs = _blocks_of_img(img, soup)
            if len(out_imgs) == 1:
                continue
            for piece in out_imgs:                # a score cut into windows, in place of the image
                img.insert_before(piece)
            img.decompose()
        out.append(child)                        # a card: kept whole; deck.js splits it if too tall
    return out


def _blocks_of_img(img, soup) -> list:
    """One image sized for the slide (a score of several systems: its windows)."""
    if img.get("src", "").startswith("data:image/svg+xml"):
        return _notation_blocks(img, soup, max_h=480.0)
    size = _image_size(img.get("src", ""))
    if size:
        img["style"] = f"width:{_fit_width(*size, upscale=1.5, max_h=560.0) / _BOX_W * 100:.2f}%"
    img["class"] = "plot"
    return [img]


def _html_blocks(fragment: str, notes: list[str]) -> tuple[list[str], list[str]]:
    """An HTML output as slide blocks, plus the videos it holds (each gets a slide of its own).
    Transcripts (``<details>``) and the caption line under a video go to the presenter's notes."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(fragment, "html.parser")
    _strip_font_sizes(soup)
    for tag in soup.find_all("audio"):
        tag["preload"] = "none"
    for br in soup.find_all("br"):
        if br.parent is not None and br.parent.name in ("div", "[document]"):
            br.decompose()                  # a line break between blocks: the blocks' own margins do it
    videos = []
    for det in soup.find_all("details"):
        notes.append(f"<p>{html.escape(det.get_text(' ', strip=True))}</p>")
        det.decompose()
    for video in soup.find_all("video"):
        parent = video.parent
        video["preload"] = "auto"           # its first frame shows before it plays
        for attr in ("width", "style"):
            if attr in video.attrs:
                del video[attr]
        videos.append(str(video))
        video.decompose()
        if parent is not None and parent.name == "div":
            caption = parent.get_text(" ", strip=True)
            if caption:
                notes.append(f"<p>Plays: {html.escape(caption)}</p>")
            parent.decompose()
    blocks = [str(b) for b in _blocks_of(soup, soup)]
    return blocks, videos


def _highlight(code: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(code, PythonLexer(), HtmlFormatter(nowrap=True))


def _code_block(source: str) -> str:
    lines = source.rstrip().splitlines()
    if len(lines) > MAX_CODE_LINES:
        hidden = len(lines) - (MAX_CODE_LINES - 1)
        lines = lines[:MAX_CODE_LINES - 1] + [f"# … {hidden} more lines in the notebook"]
    return f'<pre class="code">{_highlight(chr(10).join(lines))}</pre>'


def _text_of(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _png_tag(data: str, alt: str) -> str:
    src = "data:image/png;base64," + re.sub(r"[^A-Za-z0-9+/=]", "", data)
    size = _image_size(src)
    px = _fit_width(*size, upscale=1.5, max_h=600.0) if size else _BOX_W
    return f'<img class="plot" src="{src}" alt="{html.escape(alt)}" style="width:{px / _BOX_W * 100:.2f}%">'


class _DeckBuilder:
    """Walks a notebook's cells and lays them out as sections (one per heading), each a run of slides."""

    def __init__(self, nb: dict, stem: str):
        self.nb, self.stem = nb, stem
        self.state = _widget_state(nb)
        self.stacks: list[_Stack] = []
        self.title = stem

    # -- structure
    def stack(self, title: str, notes: str = "") -> _Stack:
        st = _Stack(title=title, notes=notes)
        self.stacks.append(st)
        return st

    def slide(self, kind: str = "content", runhead: bool = True) -> _Slide:
        if not self.stacks:
            self.stack(self.title)
        s = _Slide(kind=kind, runhead=runhead)
        self.stacks[-1].slides.append(s)
        return s

    def current(self) -> _Slide:
        st = self.stacks[-1] if self.stacks else self.stack(self.title)
        if not st.slides or st.slides[-1].kind in ("video", "panel", "title"):
            return self.slide()
        return st.slides[-1]

    def add(self, block: str, *, fragment: bool = False) -> None:
        cls = "blk fragment" if fragment else "blk"
        self.current().blocks.append(f'<div class="{cls}">{block}</div>')

    # -- cells
    def markdown(self, cell: dict, role: str, notes: str) -> None:
        src = _text_of(cell.get("source", ""))
        segments = re.split(r"(?m)^(?=#{1,3} )", src)
        notes_html = markdown_html(notes) if notes else ""
        heading_seen = False
        used = lambda: "" if heading_seen else notes_html  # noqa: E731 - the notes go with the cell's first heading
        for n, seg in enumerate(segments):
            if not seg.strip():
                continue
            m = re.match(r"(#{1,3}) (.*)", seg)
            if m and len(m.group(1)) == 1:
                self.title_segment(seg, used())
                heading_seen = True
                continue
            if m and len(m.group(1)) == 2:
                heading = m.group(2).strip()
                self.stack(_inline_text(heading), used())
                self.slide(runhead=False)
                heading_seen = True
                body = seg[m.end():]
                self.add(f"<h2>{_inline(heading)}</h2>")
                self.flow(body, role)
                continue
            if m:  # ###
                self.slide()
                self.add(f"<h3>{_inline(m.group(2).strip())}</h3>")
                self.flow(seg[m.end():], role)
                continue
            if n == 0 and role in ("slide", "subslide"):
                self.slide()
            self.flow(seg, role)
        if notes_html and not heading_seen:
            self.current().notes.append(notes_html)

    def flow(self, text: str, role: str) -> None:
        body = markdown_html(text, split_display=True)
        for part in _top_level(body):
            if _SOFT_BREAK.match(part) and self.current().blocks:
                self.slide()
            self.add(part, fragment=role == "fragment")

    def title_segment(self, seg: str, notes_html: str) -> None:
        first, _, rest = seg.partition("\n")
        heading = first[2:].strip()
        self.title = _inline_text(heading)
        m = re.match(r"(\d+)\s*·\s*(.+?)(?::\s+(.+))?$", heading)
        number, name, sub = (m.group(1), m.group(2), m.group(3)) if m else ("", heading, None)
        st = self.stack(_inline_text(name), notes_html)
        title = _Slide(kind="title", runhead=False)
        st.slides.append(title)
        title.blocks.append((f'<p class="lesson-no">Lesson {html.escape(number)}</p>' if number else "")
                            + f"<h1>{_inline(name)}</h1>" + (f'<p class="subtitle">{_inline(sub)}</p>' if sub else ""))
        why = _Slide()
        st.slides.append(why)
        objectives = None
        for part in _top_level(markdown_html(rest, split_display=True)):
            label = re.match(r"<p><strong>([^<]+)</strong>", part)
            key = label.group(1).strip().lower() if label else ""
            if key.startswith("contents"):
                continue
            if key.startswith(("time", "builds on")):
                title.blocks.append(part.replace("<p>", '<p class="meta">', 1))
                continue
            if key.startswith("learning objectives"):
                objectives = _Slide()
                st.slides.append(objectives)
                objectives.blocks.append('<div class="blk"><h3>By the end you can</h3></div>')
                continue
            if objectives is not None and len(objectives.blocks) == 1 and part.startswith(("<ul", "<ol")):
                objectives.blocks.append(f'<div class="blk">{part}</div>')   # the list of objectives
                continue
            why.blocks.append(f'<div class="blk">{part}</div>')
        title.blocks = [f'<div class="blk">{"".join(title.blocks)}</div>']
        st.slides[:] = [s for s in st.slides if s.blocks]

    def code(self, cell: dict, role: str, notes: str) -> None:
        tags = set(cell.get("metadata", {}).get("tags", []))
        fragment = role == "fragment"
        if role in ("slide", "subslide"):
            self.slide()
        slide_notes: list[str] = [markdown_html(notes)] if notes else []
        if SHOW_TAG in tags and _text_of(cell.get("source", "")).strip():
            self.add(_code_block(_text_of(cell["source"])), fragment=fragment)
        outputs = cell.get("outputs", [])
        has_video = any("<video" in _text_of(o.get("data", {}).get("text/html", "")) for o in outputs)
        text: list[str] = []

        def flush_text() -> None:
            if text:
                joined = "".join(text).rstrip("\n")
                if has_video:
                    slide_notes.append(f"<pre>{html.escape(joined)}</pre>")
                elif joined.strip():
                    self.add(f'<pre class="out">{html.escape(joined)}</pre>', fragment=fragment)
                text.clear()

        for out in outputs:
            kind, data = out.get("output_type"), out.get("data", {})
            if kind == "stream":
                text.append(_text_of(out.get("text", "")))
                continue
            if kind == "error":
                continue
            flush_text()
            if WIDGET_VIEW in data:
                self.panel(data[WIDGET_VIEW].get("model_id", ""), still=_text_of(data.get("text/html", "")))
                continue
            if "text/html" in data:
                blocks, videos = _html_blocks(_text_of(data["text/html"]), slide_notes)
                for b in blocks:
                    self.add(b, fragment=fragment)
                for v in videos:
                    vs = self.slide(kind="video", runhead=False)
                    vs.blocks.append(f'<div class="blk">{v}</div>')
                continue
            if "image/png" in data:
                self.add(_png_tag(_text_of(data["image/png"]), "a plot from the lesson"), fragment=fragment)
                continue
            if "image/svg+xml" in data:
                svg = base64.b64encode(_text_of(data["image/svg+xml"]).encode()).decode()
                self.add(f'<img class="notation" src="data:image/svg+xml;base64,{svg}" alt="a figure">',
                         fragment=fragment)
                continue
            if "text/plain" in data and kind == "execute_result":
                text.append(_text_of(data["text/plain"]) + "\n")
        flush_text()
        if slide_notes:
            target = self.stacks[-1].slides[-1] if self.stacks and self.stacks[-1].slides else self.current()
            target.notes.extend(slide_notes)

    def panel(self, model_id: str, *, still: str = "") -> None:
        snapshot = _widget_html(model_id, self.state) or inert_html(still)
        s = self.slide(kind="panel")
        s.blocks.append('<div class="blk"><p class="panel-note"><strong>Live panel.</strong> Switch to the notebook '
                        "view to use its controls (panels do not run in slides); here is its first state.</p></div>")
        blocks, _ = _html_blocks(snapshot, s.notes)
        s.blocks.extend(f'<div class="blk">{b}</div>' for b in blocks)
        s.notes.append("<p><strong>Panel.</strong> Leave the slides (or switch to the notebook's tab in JupyterLab), run "
                       "the cell above the panel if the kernel is fresh, and play with the controls; then come back.</p>")


def _inline(text: str) -> str:
    """Inline markdown (emphasis, code, math) as HTML without the paragraph."""
    out = markdown_html(text).strip()
    return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") else out


def _inline_text(text: str) -> str:
    return re.sub(r"[*_`]", "", text).strip()


def _top_level(fragment: str) -> list[str]:
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(fragment, "html.parser")
    parts = []
    for node in soup.children:
        if isinstance(node, NavigableString):
            if node.strip():
                parts.append(f"<p>{html.escape(node.strip())}</p>")
        elif node.name != "hr":
            parts.append(str(node))
    return parts


def _cell_notes(cell: dict) -> str:
    value = cell.get("metadata", {}).get(NOTES_KEY, "")
    return _text_of(value).strip() if value else ""


def deck_html(nb: dict, *, name: str = "lesson") -> str:
    """A lesson notebook as one offline reveal.js deck (an HTML page), laid out for a room.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "# 00 · Test: a deck\\n\\nWhy.", "metadata": {}},
    ...                 {"cell_type": "markdown", "source": "## One idea\\n\\nA slide.", "metadata": {}}]}
    >>> page = deck_html(nb)
    >>> page.count('<section class="pg'), "Reveal.initialize" in page
    (3, True)

    Lesson: lessons/README.md
    """
    nb = json.loads(json.dumps(nb))
    add_slide_metadata(nb)
    builder = _DeckBuilder(nb, name)
    for cell in nb.get("cells", []):
        role = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")
        notes = _cell_notes(cell)
        if role == "skip":
            continue
        if role == "notes":
            text = markdown_html(_text_of(cell.get("source", "")))
            if builder.stacks and builder.stacks[-1].slides and builder.stacks[-1].slides[0].kind == "title":
                builder.stacks[-1].notes += text      # the lesson plan goes with the title
            else:
                builder.current().notes.append(text)
            continue
        if cell.get("cell_type") == "markdown":
            builder.markdown(cell, role, notes)
        elif cell.get("cell_type") == "code":
            builder.code(cell, role, notes)
    return _deck_page(builder)


def _deck_page(builder: _DeckBuilder) -> str:
    pages = []        # one row of slides (a clicker's "next" is always the next slide), section after section
    for st in builder.stacks:
        slides = [s for s in st.slides if s.blocks]
        section_notes = f"<p><strong>{html.escape(st.title)}.</strong></p>{st.notes}" if st.notes else ""
        for s in slides:
            runhead = f'<div class="runhead">{html.escape(st.title)}</div>' if s.runhead and s.kind != "video" else ""
            notes = section_notes + "".join(s.notes)
            aside = f'<aside class="notes">{notes}</aside>' if notes else ""
            pages.append(f'<section class="pg {s.kind}" data-title="{html.escape(st.title)}">'
                         f'<div class="body">{runhead}{"".join(s.blocks)}</div>{aside}</section>')
    from pygments.formatters import HtmlFormatter

    vendor = {n: (VENDOR / n).read_text(encoding="utf-8") for n in ("reveal.css", "reveal.js", "notes.js")}
    own = {n: (DECK_ASSETS / n).read_text(encoding="utf-8") for n in ("deck.css", "deck.js")}
    code_css = HtmlFormatter(style="default").get_style_defs(".reveal pre.code")
    title = html.escape(builder.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} (slides)</title>
<style>{vendor['reveal.css']}</style>
<style>{own['deck.css']}</style>
<style>{code_css}</style>
</head>
<body><div class="reveal"><div class="slides">{''.join(pages)}</div></div>
<script>{vendor['reveal.js']}</script>
<script>{vendor['notes.js']}</script>
<script>{own['deck.js']}</script>
</body></html>
"""


def export_slides(path: str | Path, out_dir: str | Path) -> Path:
    """Write one lesson as a self-contained offline deck, ``NN_name.slides.html`` in ``out_dir``:
    press S for the speaker view with the notes, F for full screen, Esc for the overview.

    Lesson: lessons/README.md
    """
    path, out_dir = Path(path), Path(out_dir)
    nb = _read(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = writable_path(out_dir / f"{path.stem}.slides.html", (".html",))
    target.write_text(deck_html(nb, name=path.stem), encoding="utf-8")
    return target


# ---------------------------------------------------------------- the course site (Sphinx + MyST-NB)
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[A-Z*(\"'‘“]|\s*$)", re.S)


def lesson_summary(nb: dict) -> tuple[str, str, str]:
    """A lesson's title, its first whole sentence and its time, from the title cell.

    Examples
    --------
    >>> lesson_summary({"cells": [{"cell_type": "markdown", "source":
    ...     "# 00 · A motif\\n\\nA film remembers its characters. More.\\n\\n**Time**: about 40 minutes."}]})
    ('00 · A motif', 'A film remembers its characters.', 'about 40 minutes')

    Lesson: lessons/README.md
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = _text_of(cell.get("source", "")).strip()
        if not src.startswith("# "):
            continue
        title, _, rest = src.partition("\n")
        paras = [p.strip() for p in re.split(r"\n\s*\n", rest) if p.strip()]
        first = next((p for p in paras if not p.startswith("**")), "")
        m = _FIRST_SENTENCE.match(" ".join(first.split()))
        when = re.search(r"\*\*Time\*\*:\s*([^.*]+)", rest)
        return title[2:].strip(), (m.group(1) if m else first), (when.group(1).strip() if when else "")
    return "", "", ""


def site_notebook(nb: dict) -> dict:
    """A lesson made ready for the site, never executed: panels frozen in their first state, the
    contents line dropped (the page has its own table of contents), notes cells removed, plots
    embedded as images with alt text.

    Examples
    --------
    >>> out = site_notebook({"cells": [{"cell_type": "markdown", "source": "# T\\n\\n**Contents**: a · b\\n\\nText.",
    ...                                 "metadata": {}}], "metadata": {}})
    >>> "Contents" in out["cells"][0]["source"], "Text." in out["cells"][0]["source"]
    (False, True)

    Lesson: lessons/README.md
    """
    nb = json.loads(json.dumps(nb))
    freeze_widgets(nb)
    for cell in nb.get("cells", []):
        meta = cell.setdefault("metadata", {})
        if meta.get("slideshow", {}).get("slide_type") == "notes":
            meta["tags"] = sorted(set(meta.get("tags", [])) | {"remove-cell"})
        if cell.get("cell_type") == "markdown":
            src = _text_of(cell.get("source", ""))
            cell["source"] = re.sub(r"(?ms)^\*\*Contents\*\*:.*?(?:\n\s*\n|\Z)", "", src)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data and "text/html" not in data:
                data["text/html"] = _png_tag(_text_of(data.pop("image/png")),
                                             "a figure from the lesson; the text around it says what it shows")
                data.pop("text/plain", None)
    return nb


def _lessons_list(paths: list[Path], slides: bool) -> str:
    rows = []
    for p in paths:
        title, sentence, when = lesson_summary(_read(p))
        deck = f' · <a href="slides/{p.stem}.slides.html">slides</a>' if slides else ""
        rows.append(f"- **[{title}]({p.name})**: {sentence}"
                    + (f" *{when[0].upper() + when[1:]}.*" if when else "") + (f"{deck}" if deck else ""))
    return "\n".join(rows) + "\n"


def build_site(lessons: str | Path = ROOT / "lessons", out: str | Path = ROOT / "build" / "site", *,
               slides: bool = True, only: list[str] | None = None, jobs: int = 2) -> Path:
    """Build the course site into ``out`` (Sphinx, MyST-NB, the Sphinx Book Theme): a landing page,
    one page per lesson from its committed outputs (never executed), the instructor guide, a glossary,
    "where it runs", offline search; and, with ``slides``, every lesson's deck in ``out/slides``.
    ``only`` keeps the lessons whose names start with one of the given prefixes. Returns the
    landing page.

    Lesson: lessons/README.md
    """
    lessons, out = Path(lessons), Path(out)
    paths = sorted(lessons.glob("[0-9][0-9]_*.ipynb"))
    if only:
        paths = [p for p in paths if p.stem.startswith(tuple(only))]
    if not paths:
        raise ScoringError(f"no lessons (NN_name.ipynb) in {str(lessons)!r}")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(SITE, src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
        for p in paths:
            nb = site_notebook(_read(p))
            if slides:   # a way from the page to its deck, under the title
                link = (f'<p class="lesson-links"><a href="slides/{p.stem}.slides.html">Present this lesson as '
                        "slides</a> (offline; S opens the speaker notes)</p>")
                nb["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "id": "course-slides-link", "source": link})
            (src / p.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        guide = lessons / "README.md"
        if guide.exists():
            (src / "instructor-guide.md").write_text(guide.read_text(encoding="utf-8"), encoding="utf-8")
        if (lessons / "img").is_dir():
            shutil.copytree(lessons / "img", src / "img")
        (src / "_lessons.md").write_text(_lessons_list(paths, slides), encoding="utf-8")
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(max(1, int(jobs))), "-d",
               str(Path(tmp) / "doctrees"), str(src), str(out)]
        run = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
        if run.returncode != 0:
            raise ScoringError(f"the site did not build: {(run.stderr or run.stdout).strip()[-2000:]}")
    if slides:
        for p in paths:
            export_slides(p, out / "slides")
    return out / "index.html"
