"""The versions that made the lessons' media, and when nbval compares media byte for byte."""
from __future__ import annotations

from pathlib import Path

import nbformat

from scoring.render.versions import media_differences, media_versions

LESSONS = sorted(Path(__file__).resolve().parents[3].joinpath("lessons").glob("[0-9][0-9]_*.ipynb"))


def test_every_lesson_records_what_made_its_media():
    assert len(LESSONS) == 12
    for path in LESSONS:
        made = nbformat.read(path, as_version=4).metadata.get("scoring", {}).get("media_made_with")
        assert isinstance(made, dict) and set(made) == set(media_versions()), path.name


def test_media_made_with_this_machines_versions_differ_in_nothing():
    assert media_differences(media_versions()) == ""


def test_any_other_version_is_named():
    made = dict(media_versions(), matplotlib="3.0.0")
    assert media_differences(made) == f"matplotlib: 3.0.0 made them, {media_versions()['matplotlib']} here"
    made = {k: v for k, v in media_versions().items() if k != "synth"}
    assert media_differences(made) == f"synth: nothing recorded made them, {media_versions()['synth']} here"
    assert media_differences({}) == media_differences(None) == "no versions recorded (./course execute records them)"
