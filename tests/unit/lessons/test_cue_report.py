"""The cue report (lesson 07): one self-contained HTML page with the picture, the cue, the checker's
measurements and the student's reflections, escaped; bad input is a ScoringError."""
from __future__ import annotations

import pytest

from scoring import Motif, ScoringError
from scoring.exercises import l07 as E
from scoring.exercises.report import CueReport, cue_report
from scoring.scene import load_scene, spot


@pytest.fixture(scope="module")
def look():
    scene = load_scene("kitchen_dialogue")
    cue = spot(scene, [("05:00:05:00", "05:00:07:00", "The Look")]).cues[0]
    return scene, cue.with_music(Motif.parse("4/4 c'4 e' g'", tempo=120, instrument="Flute", name="smile"))


@pytest.fixture(scope="module")
def ferry_report():
    answer = E._solution_farewell()
    return cue_report(load_scene("farewell"), answer, seconds=6,
                      reflections={"Which hits does your music catch?": "The wave <b>and</b> the light & more.\nWhy: see."})


def test_the_report_holds_picture_cue_measurements_and_reflections(ferry_report):
    page = ferry_report.html()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and page.count("<h1>") == 1
    assert [h for h, _ in ferry_report.sections] == ["The picture", "The cue", "What the checker measured", "Reflections"]
    assert 'src="data:image/png;base64,' in page and "the frame at 02:00:49:00, the wave" in page   # the still, alt text
    assert 'src="data:image/svg+xml;base64,' in page and 'alt="notation, bars 12-14: score:' in page
    assert "<audio" in page and "Plays: 2M1 The Last Ferry" in page
    assert "played through" in page and "caught, +0.0 frames" in page and "dB" in page and "IVO" in page
    assert ferry_report.ok and len(page) < 2_000_000


def test_reflections_are_escaped_never_html(ferry_report):
    page = ferry_report.html()
    assert "The wave &lt;b&gt;and&lt;/b&gt; the light &amp; more." in page and "<b>and</b>" not in page
    assert "Which hits does your music catch?" in page
    block = ferry_report._repr_html_()
    assert "<h1>" not in block and "<h2>" not in block and "&lt;b&gt;" in block     # no headings inside a lesson


def test_save_writes_the_page_only_as_html(look, tmp_path):
    scene, cue = look
    report = cue_report(scene, cue, reflections={}, title="My <cue>")
    path = report.save(tmp_path / "report.html")
    text = path.read_text()
    assert "<title>My &lt;cue&gt;</title>" in text and "No reflections written yet." in text
    with pytest.raises(ScoringError):
        report.save(tmp_path / "report.py")
    with pytest.raises(ScoringError):
        report.save(tmp_path / "missing" / "report.html")


def test_bad_input_is_a_scoring_error(look):
    scene, cue = look
    for args, kwargs in [(("chase", cue), {"reflections": {}}), ((scene, cue.music), {"reflections": {}}),
                         ((scene, cue.with_music(cue.music).__class__(**{**cue.__dict__, "music": None})),
                          {"reflections": {}}),
                         ((scene, cue), {"reflections": "my answer"}), ((scene, cue), {"reflections": {1: "a"}}),
                         ((scene, cue), {"reflections": {"q": None}}), ((scene, cue), {"reflections": {"q": "x" * 7000}}),
                         ((scene, cue), {"reflections": {str(i): "" for i in range(21)}}),
                         ((scene, cue), {"reflections": {}, "title": 3}), ((scene, cue), {"reflections": {}, "seconds": 0}),
                         ((load_scene("chase"), cue), {"reflections": {}})]:
        with pytest.raises(ScoringError):
            cue_report(*args, **kwargs)


def test_a_report_repr_names_its_sections():
    report = CueReport("x", (("Reflections", "<p>none</p>"),), True)
    assert repr(report) == "Cue report 'x': Reflections"
