"""The cue report: one self-contained HTML page to hand in, holding the picture, the cue, what the
checker measured and the student's own reflections.

A teacher grading a cue wants to see the scene, read and hear the music, check the measurements
and read what the composer says about the choices no number can judge (what the music says that
the picture cannot, which hits it plays through and why). The page carries all of it, with its
pictures and sound inside the file, so it opens anywhere with no kernel and no network.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from scoring.animatic import animatic
from scoring.click import excerpt_cue
from scoring.core.cue import as_cue
from scoring.core.film import Line, Scene
from scoring.errors import ScoringError
from scoring.render import checks
from scoring.render.files import write_file
from scoring.render.html import audio_tag, escape, img_tag, png_img
from scoring.scene import SpotCue, check_score, hit_report
from scoring.silence import masking

__all__ = ["MAX_REFLECTIONS", "MAX_ANSWER_CHARS", "CueReport", "cue_report"]

#: The most reflective questions one report holds.
MAX_REFLECTIONS = 20
#: The longest answer kept (about two pages of prose).
MAX_ANSWER_CHARS = 6000
_STYLE = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}"
          "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 8px;text-align:left}"
          ".answer{white-space:pre-wrap;border-left:3px solid #1f4e8c;padding:4px 10px;margin:4px 0 12px}")


@dataclass(frozen=True)
class CueReport:
    """A cue report: its ``title`` and the HTML of its sections; ``save(path)`` writes the page.

    Lesson: lessons/07_score_a_scene.ipynb
    """

    title: str
    sections: tuple[tuple[str, str], ...]     # (heading, HTML made by this module, every text escaped)
    ok: bool

    def html(self, *, page: bool = True) -> str:
        """The report as HTML: a whole page (``page=True``, with its headings) or a block for a notebook
        (headings as bold lines, so a lesson keeps its own heading outline).

        Lesson: lessons/07_score_a_scene.ipynb
        """
        page = checks.flag(page, "page")
        if page:
            body = "".join(f"<section><h2>{escape(h)}</h2>{html}</section>" for h, html in self.sections)
            return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(self.title)}</title>'
                    f'<style>{_STYLE}</style></head><body><main><h1>{escape(self.title)}</h1>{body}</main></body></html>\n')
        column = "display:flex;flex-direction:column;align-items:flex-start"   # a slide lays out its pieces too
        body = "".join(f'<div style="{column}"><div style="font-weight:bold;margin-top:8px">{escape(h)}</div>{html}</div>'
                       for h, html in self.sections)
        return (f'<div style="border:1px solid #ccc;padding:6px 12px;max-width:60rem;{column}">'
                f'<div style="font-weight:bold;font-size:1.2em">{escape(self.title)}</div>{body}</div>')

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` (an ``.html`` file in a folder that exists); returns the path.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> report = CueReport("My cue", (("Reflections", "<p>none</p>"),), True)
        >>> report.save(pathlib.Path(tempfile.mkdtemp()) / "report.html").read_text()[:15]
        '<!DOCTYPE html>'

        Lesson: lessons/07_score_a_scene.ipynb
        """
        return write_file(path, self.html(page=True).encode("utf-8"), (".html", ".htm"))

    def _repr_html_(self) -> str:
        return self.html(page=False)

    def __repr__(self) -> str:
        return f"Cue report '{self.title}': " + ", ".join(h for h, _ in self.sections)


def _reflections(reflections: object) -> list[tuple[str, str]]:
    if not isinstance(reflections, dict):
        raise ScoringError(f"reflections should be a dict of question -> your answer, like {{'Why stop there?': "
                           f"'...'}}, not {type(reflections).__name__}")
    if len(reflections) > MAX_REFLECTIONS:
        raise ScoringError(f"{len(reflections)} reflections is more than {MAX_REFLECTIONS}; keep the questions asked")
    out = []
    for question, answer in reflections.items():
        question = checks.text(question, "a reflection's question", "give the question as text", most=500)
        answer = checks.text(answer, f"the answer to {question[:40]!r}", "write your answer as text",
                             most=MAX_ANSWER_CHARS)
        out.append((question, answer))
    return out


def _table(head: tuple[str, ...], rows: list[tuple]) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def _measurements(spot: SpotCue, scene: Scene) -> tuple[str, bool]:
    verdict = check_score(spot, scene)
    rows = []
    for r in hit_report([spot], scene):
        if not spot.start - 1e-6 <= r.at <= spot.end + 1e-6:
            continue
        how = ("played through (no accent within half a second)" if r.error is None else
               f"caught, {r.error:+.1f} frames" if abs(r.error) <= 2 else f"missed, {r.error:+.1f} frames")
        rows.append((r.label, scene.tc(r.at), how))
    lines = spot.lines()
    shifted = [Line(max(0.0, d.start - spot.start), min(d.end, spot.end) - spot.start, d.who, d.text) for d in lines]
    talk = [(d.who, scene.tc(d.start), "no music" if m.level_db == -math.inf else f"{m.level_db:+.1f} dB",
             "masks the line" if m.masks else "clear") for d, m in zip(lines, masking(spot.music, shifted))]
    head = "Well done" if verdict.ok else "Not yet"
    notes = "".join(f"<li>{escape(n)}</li>" for n in verdict.notes)
    html = (f"<p><b>{head}</b> (the course's checker, lesson 07):</p><ul>{notes}</ul>"
            f"<p>Hits (error in frames, + = the music is late; 2 frames allowed):</p>"
            + _table(("hit", "timecode", "how the music meets it"), rows)
            + "<p>Dialogue (the music's level in the voice band, 300-3000 Hz, against the voice; "
              "clear is 6 dB or more below):</p>"
            + (_table(("who", "timecode", "music against the voice", "verdict"), talk) if talk else
               "<p>No dialogue under this cue.</p>"))
    return html, verdict.ok


def cue_report(scene: Scene, cue: SpotCue, *, reflections: dict[str, str], title: str | None = None,
               seconds: float | None = None) -> CueReport:
    """A cue report to hand in: the picture at the cue's climax, the cue (notation of the bars around
    it, a player, what plays), the checker's measurements and your reflections, on one page.

    The measurements are the capstone checker's (:func:`scoring.scene.check_score`): every hit caught,
    played through or missed by how many frames, every line's masking level, the tension's fit. The
    reflections are your answers to the questions numbers cannot answer; they are kept as you wrote
    them (shown as text, never as HTML).

    Parameters
    ----------
    scene : the scene the cue was spotted on.
    cue : the spotted cue with its music attached (``spot.with_music(my_cue)``, or a grid's ``spot``).
    reflections : ``{question: your answer}``, at most :data:`MAX_REFLECTIONS`.
    title : the page's title (default: the cue's number and title, and the scene).
    seconds : the player holds this many seconds around the climax (default: the whole cue).

    Examples
    --------
    >>> from scoring import Motif
    >>> from scoring.scene import load_scene, spot
    >>> scene = load_scene("kitchen_dialogue")
    >>> look = spot(scene, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    >>> report = cue_report(scene, look.with_music(Motif.parse("4/4 c'4 e' g'", tempo=120, instrument="Flute")),
    ...                     reflections={"What does the music say?": "That she <knows>."})
    >>> report
    Cue report '5M1 The Look (Kitchen, 2 a.m.)': The picture, The cue, What the checker measured, Reflections
    >>> "That she &lt;knows&gt;." in report.html()
    True

    Lesson: lessons/07_score_a_scene.ipynb
    """
    if not isinstance(scene, Scene):
        raise ScoringError(f"cue_report() needs the Scene the cue was spotted on (load_scene('chase')), not "
                           f"{type(scene).__name__}")
    if not isinstance(cue, SpotCue):
        raise ScoringError(f"cue_report() needs a spotted cue with its music attached (a spotted cue's with_music), "
                           f"not {type(cue).__name__}")
    if cue.music is None:
        raise ScoringError(f"cue {cue.number} has no music yet; attach your cue to it with its with_music")
    if cue.scene is not None and cue.scene.title != scene.title:
        raise ScoringError(f"cue {cue.number} was spotted on {cue.scene.title!r}, not on {scene.title!r}")
    answers = _reflections(reflections)
    name = (f"{cue.number} {cue.title} ({scene.title})" if title is None else
            checks.text(title, "title", "give the page a title, like 'Night Run: my cue'", most=200))
    music = as_cue(cue.music)
    if seconds is not None:
        seconds = checks.number(seconds, "seconds", "give the seconds to hear around the climax, like 10", lo=1,
                                hi=600)
    spotted = cue.with_music(music)
    at = cue.climax() if cue.hits else cue.start + min(cue.duration, music.duration_seconds) / 2
    label = next((h.label for h in scene.hits if abs(h.at - at) < 1e-6), "the middle of the cue")
    # the picture: the frame on the climax, with the cue placed in it
    video = animatic(scene, spotted, start=max(0.0, at - 0.25), end=min(scene.duration, at + 0.25), dialogue=False)
    picture = (png_img(video.still(at), alt=f"{video.alt_text()}; the frame at {scene.tc(at)}, {label}",
                       max_width="480px")
               + f"<p>The frame at {escape(scene.tc(at))} ({escape(label)}), the moment the cue builds to. "
               + "Shown: " + escape("; ".join(video.transcript())) + "</p>")
    # the cue: the bars around the climax, and a player
    clock = music.tempo_map
    beat = clock.beat_at(min(max(0.0, at - cue.start), music.duration_seconds))
    bar, _ = clock.bar_beat(beat)
    first = max(1, bar - 1)
    a = float(clock.beat_of(first)) + 1
    b = min(float(music.quarter_length) + 1, float(clock.beat_of(first + 3)) + 1)
    bars = excerpt_cue(music, a, b, name=f"{music.name}, bars {first}-{first + 2}")
    notation = img_tag(bars.svg(), alt=f"notation, bars {first}-{first + 2}: {bars.alt_text()}")
    start, end = 0.0, music.duration_seconds
    if seconds is not None and seconds < end:
        start = min(max(0.0, at - cue.start - seconds / 2), end - seconds)
        end = start + seconds
    samples, sr = music.to_audio()
    clip = samples[int(start * sr):int(end * sr)]
    plays = (f"Plays: {music.listen_text()}"
             + ("" if (start, end) == (0.0, music.duration_seconds) else
                f"; the {end - start:.0f} seconds from {start:.1f} s into the cue, around {label}"))
    the_cue = (f"<p>{escape(music.summary())}</p>{notation}"
               f"<p>{escape(plays)}</p>{audio_tag(clip, sr, label=plays)}")
    measured, ok = _measurements(spotted, scene)
    box = 'class="answer" style="white-space:pre-wrap;border-left:3px solid #1f4e8c;padding:4px 10px"'
    written = "".join(f"<p><b>{escape(q)}</b></p><div {box}>{escape(a_)}</div>" for q, a_ in answers) \
        or "<p>No reflections written yet.</p>"
    return CueReport(name, (("The picture", picture), ("The cue", the_cue), ("What the checker measured", measured),
                            ("Reflections", written)), ok)
