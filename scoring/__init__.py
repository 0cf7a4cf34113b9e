"""scoring: hear, see and transform film-music motifs in a notebook.

The package has floors; each imports only the floors below it (see ARCHITECTURE.md):

1. ``scoring.render``: engines (synth, dsp, notation, html, files, picture); they know no motif;
2. ``scoring.core``: music as values (pitch, instruments, time, notes, motif, transforms, cue, io,
   film), with one clock, :class:`~scoring.core.time.TempoMap`;
3. lesson topics, in lesson order: ``mood``, ``harmony`` (01), ``tension``, ``devices`` (02),
   ``leitmotif`` (03), ``arc`` (04), ``silence`` (05), ``sync`` (06), ``scene``, ``animatic`` (07),
   ``genre`` (08), ``electronic`` (09), ``songs`` (10), ``series`` (11);
4. ``scoring.exercises`` and ``scoring.panels``, one module per lesson;
5. ``scoring.publish`` (slides and the site), off the runtime path.

Submodules load when first used, so ``import scoring`` is quick.

>>> from scoring import Motif
>>> hero = Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
>>> hero.to_mode("minor").augment(2).summary()
'Hero: C4 Eb4 G4 C5 | C minor | 4/4 | 96 BPM | French Horn | 6.2 s'
"""
from __future__ import annotations

import importlib

from scoring.errors import ScoringError

__all__ = ["BRIGHTNESS", "DYNAMICS", "MODES", "Cue", "Motif", "Note", "ScoringError", "TempoMap", "compare",
           "core", "render", "mood", "harmony", "tension", "devices", "leitmotif", "arc", "silence", "sync",
           "scene", "daw", "genre", "electronic", "songs", "series", "exercises", "panels", "publish"]

#: Public names and the submodule that holds each.
_NAMES = {"BRIGHTNESS": "scoring.core.pitch", "MODES": "scoring.core.pitch", "DYNAMICS": "scoring.core.notes",
          "Note": "scoring.core.notes", "Motif": "scoring.core.motif", "Cue": "scoring.core.cue",
          "TempoMap": "scoring.core.time", "compare": "scoring.core.view"}
_SUBMODULES = {"core", "render", "mood", "harmony", "tension", "devices", "leitmotif", "arc", "silence", "sync",
               "scene", "daw", "genre", "electronic", "songs", "series", "exercises", "panels", "publish"}


def __getattr__(name: str):
    if name in _NAMES:
        value = getattr(importlib.import_module(_NAMES[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"scoring.{name}")
    else:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
