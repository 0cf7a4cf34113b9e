"""Notation: music21's MusicXML engraved by verovio into SVG, offline and in milliseconds.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

import re
import threading

from scoring.errors import ScoringError
from scoring.render.checks import show, whole

__all__ = ["OPTIONS", "check_width", "musicxml_to_svg"]

_lock = threading.Lock()
_toolkit = None

#: verovio layout: one page as tall as the music needs, no header or footer.
OPTIONS = {
    "pageWidth": 1800,
    "pageHeight": 60000,
    "adjustPageHeight": True,
    "adjustPageWidth": True,
    "scale": 45,
    "header": "none",
    "footer": "none",
    "breaks": "auto",
    "pageMarginTop": 40,
    "pageMarginBottom": 20,
    "pageMarginLeft": 20,
    "pageMarginRight": 20,
    "svgViewBox": True,
    "svgFormatRaw": True,
    "svgRemoveXlink": True,
    "smuflTextFont": "none",  # the embedded text font is 58 KB a picture; see _SMUFL_TEXT
}

#: SMuFL metronome glyphs verovio writes as text, and the Unicode notes any browser font has.
_SMUFL_TEXT = {"\ueca3": "\U0001D15E", "\ueca5": "\u2669", "\ueca7": "\u266A", "\ueca9": "\U0001D161",
               "\uecb7": "."}
_SMUFL_RE = re.compile(r'<tspan font-family="Leipzig" font-size="(\d+)px">([^<]*)</tspan>')


def _plain_text_glyphs(svg_text: str) -> str:
    def swap(m: re.Match) -> str:
        size = int(int(m.group(1)) * 0.75)
        return f'<tspan font-size="{size}px">{"".join(_SMUFL_TEXT.get(c, c) for c in m.group(2))}</tspan>'

    return _SMUFL_RE.sub(swap, svg_text)


def _tk():
    global _toolkit
    if _toolkit is None:
        import verovio

        verovio.enableLog(verovio.LOG_OFF)
        _toolkit = verovio.toolkit()
    return _toolkit


def check_width(width: object) -> int:
    """A notation page width checked: whole pixels, 200-10000.

    Examples
    --------
    >>> check_width(1800)
    1800

    Lesson: lessons/00_first_motif.ipynb
    """
    return whole(width, "width", "give the page width in pixels 200-10000, like 1800", lo=200, hi=10_000)


def musicxml_to_svg(xml: str | bytes, *, width: int = 1800) -> str:
    """Engrave MusicXML as one SVG page; element ids are seeded so the same music gives the same SVG.

    Examples
    --------
    >>> from scoring import Motif
    >>> musicxml_to_svg(Motif.parse("c4 e g").musicxml()).startswith("<svg")
    True

    Lesson: lessons/00_first_motif.ipynb
    """
    if isinstance(xml, (bytes, bytearray)):
        try:
            xml = bytes(xml).decode("utf-8")
        except UnicodeDecodeError:
            raise ScoringError("the MusicXML bytes are not UTF-8 text; give what .musicxml() returns") from None
    if not isinstance(xml, str) or not xml.strip():
        raise ScoringError(f"xml={show(xml)} is not MusicXML; give what .musicxml() returns")
    width = check_width(width)
    with _lock:
        tk = _tk()
        tk.setOptions({**OPTIONS, "pageWidth": int(width)})
        tk.resetXmlIdSeed(1)  # 0 would mean "random"; any other seed gives the same ids every time
        if not tk.loadData(xml):
            raise ScoringError("verovio could not read this music as MusicXML; check the motif with .summary()")
        svg = tk.renderToSVG(1)
    # Drop the XML prolog so the SVG can sit in a data URI or inline.
    svg = _plain_text_glyphs(re.sub(r"^<\?xml[^>]*>\s*", "", svg))
    # Give the picture its natural size, so a one-bar motif is not blown up to the page width.
    box = re.match(r'<svg viewBox="0 0 (\d+) (\d+)"', svg)
    if box:
        svg = svg.replace("<svg ", f'<svg width="{box.group(1)}" height="{box.group(2)}" ', 1)
    return svg
