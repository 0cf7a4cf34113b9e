"""pytest's set-up for every test in the repository, the lessons' included (tests/conftest.py sets up
the tests under tests/).

nbval runs each lesson and compares its outputs with the committed ones, after the masks of
tests/sanitize.cfg: object addresses, printed timings, and media bytes (sound, notation, pictures,
video), which other library versions may make a little differently. A lesson whose media were made
with this machine's versions (``./course execute`` records them in the notebook) has its media
compared byte for byte: the media mask is lifted for it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

#: The part of tests/sanitize.cfg's media pattern that tells it from the others.
_MEDIA_MARK = "audio/mpeg"


def _made_with(metadata) -> object:
    return (metadata.get("scoring") or {}).get("media_made_with")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Lift the media mask for a lesson made with this machine's versions, once nbval has read
    tests/sanitize.cfg (as the notebook's kernel starts, before its first cell is compared)."""
    yield
    notebook = item.parent
    patterns = getattr(notebook, "sanitize_patterns", None)
    if not patterns or getattr(notebook, "media_checked", False):
        return
    notebook.media_checked = True
    from scoring.render.versions import media_differences

    if not media_differences(_made_with(notebook.nb.metadata)):
        for regex in [r for r in patterns if _MEDIA_MARK in r]:
            del patterns[regex]


def pytest_report_header(config):
    """Whether nbval compares each lesson's media byte for byte here, or masked (and why); whether
    plot text is drawn from remembered glyphs and ticks are placed once per drawing."""
    import nbformat

    from scoring.render.glyphs import _known as glyphs_known
    from scoring.render.ticks import _known as ticks_known
    from scoring.render.versions import media_differences

    lessons = sorted(Path(config.rootpath, "lessons").glob("[0-9][0-9]_*.ipynb"))
    masked = {p.stem: media_differences(_made_with(nbformat.read(p, as_version=4).metadata)) for p in lessons}
    masked = {name: why for name, why in masked.items() if why}
    glyphs = ("plot text: drawn from remembered glyphs (matplotlib's text drawing is the one replayed)"
              if glyphs_known() else "plot text: glyphs NOT remembered, matplotlib's text drawing changed "
              "(plots stay right, slower): see scoring/render/glyphs.py")
    glyphs += ("; ticks: placed once per drawing" if ticks_known() else
               "; ticks: placed at every question, matplotlib's tick placing changed (see scoring/render/ticks.py)")
    if not masked:
        return [f"lessons' media: compared byte for byte in all {len(lessons)} (made with this machine's versions)",
                glyphs]
    return [f"lessons' media: masked in {len(masked)} of {len(lessons)} (made with other versions):"] + \
        [f"  {name}: {why}" for name, why in masked.items()] + [glyphs]

