"""The versions of everything that makes a lesson's media, byte for byte.

Sound: FluidSynth (or the built-in synth), NumPy and SciPy (the room), libsndfile (the soundfont
decoded from SF3, the MP3 encoder). Notation: music21 and verovio. Pictures: matplotlib with its
FreeType, Pillow with its zlib. Video: PyAV with the FFmpeg inside it. With the same versions the
same lesson makes the same bytes on every processor of the same level
(:mod:`scoring.render.processor`); with another version of any of them a picture or a sound may
differ by a pixel or a rounding, and still be right. ``./course execute`` records the versions in
each lesson, and the tests compare a lesson's media byte for byte where they are the same here.

Lesson: lessons/README.md (the instructor guide)
"""
from __future__ import annotations

import platform
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from scoring.render.processor import processor_level
from scoring.render.synth import synth_version

__all__ = ["media_versions", "media_differences"]

#: The Python distributions whose code makes media bytes.
_DISTRIBUTIONS = ("music21", "verovio", "matplotlib", "pillow", "numpy", "scipy", "soundfile", "av", "pyloudnorm")


def media_versions() -> dict[str, str]:
    """What makes the media, and its version: each library above, the C libraries inside them,
    Python's minor version and the processor's level.

    Examples
    --------
    >>> v = media_versions()
    >>> v["synth"].startswith(("FluidSynth", "built-in")), "verovio" in v
    (True, True)

    Lesson: lessons/README.md (the instructor guide)
    """
    import soundfile
    from matplotlib import ft2font
    from PIL import features

    found = {}
    for name in _DISTRIBUTIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    found["freetype"] = ft2font.__freetype_version__
    found["zlib (Pillow)"] = str(features.version("zlib"))
    found["libsndfile"] = soundfile.__libsndfile_version__
    found["synth"] = synth_version()
    found["python"] = ".".join(platform.python_version_tuple()[:2])
    found["processor"] = processor_level()
    return found


def media_differences(made: object) -> str:
    """What differs between the versions that made a lesson's media (``made``, as
    :func:`media_versions` gave them there) and this machine's: ``""`` when nothing does (the same
    bytes are expected); else, like ``"matplotlib: 3.11.2 made them, 3.11.3 here"``, why a picture
    or a sound may differ a little.

    Examples
    --------
    >>> media_differences(media_versions())
    ''
    >>> media_differences(dict(media_versions(), verovio="5.0"))[:25]
    'verovio: 5.0 made them, 6'

    Lesson: lessons/README.md (the instructor guide)
    """
    if not isinstance(made, dict) or not made:
        return "no versions recorded (./course execute records them)"
    here = _here()
    return "; ".join(f"{name}: {made.get(name, 'nothing recorded')} made them, {v} here"
                     for name, v in here.items() if made.get(name) != v)


@lru_cache(maxsize=1)
def _here() -> dict[str, str]:
    """:func:`media_versions`, looked up once per process (versions do not change under it; read only)."""
    return media_versions()
