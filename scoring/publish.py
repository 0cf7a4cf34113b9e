"""Publishing lessons for readers without a kernel: offline reveal.js slides and a static site.

Both are built with nbconvert (already installed with nbval) rather than Jupyter Book: one
dependency fewer, no build cache, and the lessons' outputs are already self-contained HTML
(SVG, MP3 and PNG data URIs), so a page needs nothing but the notebook. Every file written is
self-contained and offline: no CDN, no require.js, no MathJax download. Interactive panels are
replaced by a static snapshot of their first state (the widget state saved in the notebook).

Lesson: lessons/README.md (the instructor guide)
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from scoring.errors import ScoringError

__all__ = ["slide_type_for", "add_slide_metadata", "freeze_widgets", "lesson_html", "build_site", "export_slides",
           "inert_html"]

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor" / "reveal.js"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


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

    Lesson: lessons/README.md
    """
    changed = 0
    for cell in nb.get("cells", []):
        meta = cell.setdefault("metadata", {})
        if "slideshow" in meta and not overwrite:
            continue
        meta["slideshow"] = {"slide_type": slide_type_for(cell)}
        changed += 1
    return changed


# ---------------------------------------------------------------- widgets as static snapshots
_ACTIVE_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|form|base|meta|link)\b[^>]*>", re.I)
_HANDLER = re.compile(r"""\s(on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_JS_URL = re.compile(r"""(href|src|action)\s*=\s*("\s*javascript:[^"]*"|'\s*javascript:[^']*'|javascript:[^\s>]*)""", re.I)


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
        return f"{label}<select disabled>{opts}</select>"
    if name in ("IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "SelectionSliderModel",
                "IntRangeSliderModel", "FloatRangeSliderModel", "SelectionRangeSliderModel"):
        labels, index = s.get("_options_labels", []), s.get("index")
        if name == "SelectionSliderModel":
            value = labels[index] if labels and index is not None else ""
        elif name == "SelectionRangeSliderModel":
            value = " – ".join(str(labels[i]) for i in index) if labels and index else ""
        else:
            value = s.get("value", "")
        return f"{label}<input type=range disabled> <b>{html.escape(str(value))}</b>"
    if name in ("IntTextModel", "FloatTextModel", "TextModel", "BoundedIntTextModel", "BoundedFloatTextModel"):
        return f'{label}<input disabled value="{html.escape(str(s.get("value", "")))}">'
    if name == "CheckboxModel":
        return f'{label}<input type=checkbox disabled{" checked" if s.get("value") else ""}>'
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


def freeze_widgets(nb: dict) -> int:
    """Replace each interactive panel's output by an HTML snapshot of its saved first state;
    returns how many panels were frozen.

    Lesson: lessons/README.md
    """
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    frozen = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                view = data.pop(WIDGET_VIEW)
                snapshot = _widget_html(view.get("model_id", ""), state)
                data["text/html"] = ('<div style="border:1px dashed #aaa;padding:8px">'
                                     '<div style="color:#777;font-size:0.85em;margin-bottom:6px">Interactive panel, '
                                     'shown in its first state: open the notebook in JupyterLab to use the controls.'
                                     f'</div>{snapshot}</div>')
                data.pop("text/plain", None)
                frozen += 1
    nb.get("metadata", {}).pop("widgets", None)
    return frozen


# ---------------------------------------------------------------- HTML
_CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', re.I)
_INLINE_LOADER = re.compile(r"<script[^>]*>(?:(?!</script>).)*?(unpkg\.com|MathJax|mermaid|requirejs|require\.config)"
                            r"(?:(?!</script>).)*</script>", re.S | re.I)
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*mermaid(?:(?!</script>).)*</script>', re.S)


def _offline(page: str) -> str:
    page = _MERMAID.sub("", page)
    page = _CDN_SCRIPT.sub("", page)
    return _INLINE_LOADER.sub("", page)


def _read(path: Path) -> dict:
    import nbformat

    try:
        return nbformat.reads(Path(path).read_text(encoding="utf-8"), as_version=4)
    except (OSError, ValueError) as exc:
        raise ScoringError(f"cannot read the notebook {str(path)!r}: {exc}") from None


def lesson_html(path: str | Path) -> str:
    """One lesson as a self-contained offline HTML page (JupyterLab's look, frozen panels).

    Lesson: lessons/README.md
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = _read(Path(path))
    freeze_widgets(nb)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nbformat.from_dict(nb))
    return _offline(body)


def _title(nb: dict, fallback: str) -> tuple[str, str]:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            src = "".join(cell.get("source", "")).strip()
            lines = src.splitlines()
            if lines and lines[0].startswith("# "):
                para = next((l for l in lines[1:] if l.strip()), "")
                return lines[0][2:].strip(), para
    return fallback, ""


def build_site(lessons: str | Path = ROOT / "lessons", out: str | Path = ROOT / "build" / "site") -> Path:
    """Write a static course site: ``index.html`` and one page per lesson, all offline.

    Lesson: lessons/README.md
    """
    lessons, out = Path(lessons), Path(out)
    paths = sorted(lessons.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise ScoringError(f"no lessons (NN_name.ipynb) in {str(lessons)!r}")
    out.mkdir(parents=True, exist_ok=True)
    items = []
    for i, p in enumerate(paths):
        page = lesson_html(p)
        nav = ('<nav style="font-family:sans-serif;padding:8px 16px;background:#f3f3f3">'
               '<a href="index.html">Course index</a>'
               + (f' · <a href="{paths[i - 1].stem}.html">previous</a>' if i else "")
               + (f' · <a href="{paths[i + 1].stem}.html">next</a>' if i + 1 < len(paths) else "")
               + f' · <a href="slides/{p.stem}.slides.html">slides</a></nav>')
        page = page.replace("<body", "<body", 1)
        page = re.sub(r"(<body[^>]*>)", r"\1" + nav.replace("\\", "\\\\"), page, count=1)
        (out / f"{p.stem}.html").write_text(page, encoding="utf-8")
        title, para = _title(_read(p), p.stem)
        items.append(f'<li><a href="{p.stem}.html"><b>{html.escape(title)}</b></a> · '
                     f'<a href="slides/{p.stem}.slides.html">slides</a><br><span>{_md_inline(para)}</span></li>')
    slides = out / "slides"
    slides.mkdir(exist_ok=True)
    for p in paths:
        export_slides(p, slides)
    index = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Film scoring in Jupyter</title>"
             "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
             "li{margin-bottom:1em}</style></head><body><h1>Film scoring in Jupyter</h1>"
             "<p>How music makes a film: mood, tension and release, the leitmotif, silence, and sync to "
             "picture. Every lesson plays, shows its notation and plots, and ends with exercises. To change "
             "the music and hear it change, open the notebooks in JupyterLab (<code>./course lab</code>).</p>"
             f"<ol start='0'>{''.join(items)}</ol></body></html>")
    (out / "index.html").write_text(index, encoding="utf-8")
    return out / "index.html"


def _md_inline(text: str) -> str:
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)


# ---------------------------------------------------------------- slides
def export_slides(path: str | Path, out_dir: str | Path) -> Path:
    """Write one lesson as a self-contained reveal.js deck (``NN_name.slides.html``) that works
    offline: reveal.js, its notes plugin and JupyterLab's styles are inlined. Press S for the
    speaker view (speaker notes are the cells whose slide type is ``notes``).

    Lesson: lessons/README.md
    """
    from bs4 import BeautifulSoup

    path, out_dir = Path(path), Path(out_dir)
    nb = _read(path)
    add_slide_metadata(nb)
    roles = {c.get("id"): c["metadata"]["slideshow"]["slide_type"] for c in nb["cells"]}
    out_dir.mkdir(parents=True, exist_ok=True)
    import nbformat
    from nbconvert import HTMLExporter

    freeze_widgets(nb)
    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.from_dict(nb))
    soup = BeautifulSoup(_offline(page), "html.parser")
    styles = "".join(str(s) for s in soup.find_all("style"))
    cells = soup.select("main > div.jp-Cell")
    slides: list[list[list[str]]] = []  # slides > subslides > html pieces
    for cell in cells:
        cid = (cell.get("id") or "").replace("cell-id=", "")
        role = roles.get(cid, "-")
        if role == "skip":
            continue
        if role == "notes":
            piece = f'<aside class="notes">{cell.decode_contents()}</aside>'
        elif role == "fragment":
            piece = f'<div class="fragment">{cell}</div>'
        else:
            piece = str(cell)
        if role == "slide" or not slides:
            slides.append([[piece]])
        elif role == "subslide":
            slides[-1].append([piece])
        else:
            slides[-1][-1].append(piece)
    sections = []
    for sub in slides:
        inner = "".join(f"<section>{''.join(s)}</section>" for s in sub)
        sections.append(f"<section>{inner}</section>" if len(sub) > 1 else inner)
    vendor = {n: (VENDOR / n).read_text(encoding="utf-8") for n in ("reveal.css", "white.css", "reveal.js", "notes.js")}
    title = html.escape(_title(nb, path.stem)[0])
    deck = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} (slides)</title>
{styles}
<style>{vendor['reveal.css']}</style>
<style>{vendor['white.css']}</style>
<style>
.reveal .slides {{ text-align: left; }}
.reveal .slides section {{ height: 100%; overflow-y: auto; font-size: 0.55em; }}
.reveal pre {{ box-shadow: none; font-size: 0.9em; }}
.reveal img {{ margin: 0; }}
.reveal table {{ font-size: 0.9em; }}
.jp-InputPrompt, .jp-OutputPrompt {{ display: none; }}
</style></head>
<body><div class="reveal"><div class="slides">{''.join(sections)}</div></div>
<script>{vendor['reveal.js']}</script>
<script>{vendor['notes.js']}</script>
<script>Reveal.initialize({{hash: true, width: 1280, height: 800, margin: 0.04, controls: true, progress: true,
  slideNumber: true, plugins: [RevealNotes]}});</script>
</body></html>"""
    target = out_dir / f"{path.stem}.slides.html"
    target.write_text(deck, encoding="utf-8")
    return target
