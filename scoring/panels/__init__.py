"""The interactive panels the lessons use (ipywidgets).

Each panel is built from a pure function (settings in, motif and code out) that the tests
check, plus a thin layer of controls that calls it.

One module per lesson (:mod:`~scoring.panels.l00` ... :mod:`~scoring.panels.l08`) holds that
lesson's panel; :mod:`~scoring.panels.controls` holds what the panels share. This package
re-exports them all.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from scoring.panels.controls import SUBDIVISIONS
from scoring.panels.l00 import (INSTRUMENTS, MODE_CHOICES, TRANSFORMS, ExplorerSettings, apply_settings,
                                motif_explorer, variable_name)
from scoring.panels.l01 import HARMONY_CHOICES, mood_mixer, mood_settings_cue
from scoring.panels.l02 import BUILDER_SLOTS, DEFAULT_PLAN, EMPTY_SLOT, tension_builder, tension_builder_cue
from scoring.panels.l03 import finder_result, motif_finder
from scoring.panels.l04 import EXAMPLE_ARGUMENTS, arc_edit, arc_editor
from scoring.panels.l05 import SILENCE_ACTIONS, silence_edit, silence_editor
from scoring.panels.l06 import hit_fitter, hit_fitter_view
from scoring.panels.l07 import scene_scorer, scene_scorer_result
from scoring.panels.l08 import INGREDIENTS, genre_survey, genre_switch, genre_switcher
from scoring.panels.l09 import LFO_TARGETS, design_patch, patch_designer
from scoring.panels.l10 import radio_shaper, radio_shaper_view
from scoring.panels.l11 import SPEC_CHOICES, fader_mix, loudness_meter

__all__ = [
    # lesson 00: the motif explorer
    "TRANSFORMS", "INSTRUMENTS", "MODE_CHOICES", "variable_name", "ExplorerSettings", "apply_settings",
    "motif_explorer",
    # lesson 01: the mood mixer
    "HARMONY_CHOICES", "mood_settings_cue", "mood_mixer",
    # lesson 02: the tension builder
    "BUILDER_SLOTS", "EMPTY_SLOT", "DEFAULT_PLAN", "tension_builder_cue", "tension_builder",
    # lesson 03: the motif finder
    "finder_result", "motif_finder",
    # lesson 04: the arc editor
    "EXAMPLE_ARGUMENTS", "arc_edit", "arc_editor",
    # lesson 05: the silence editor
    "SILENCE_ACTIONS", "silence_edit", "silence_editor",
    # lessons 06 and 07: the hit fitter and the scene scorer
    "SUBDIVISIONS", "hit_fitter_view", "hit_fitter", "scene_scorer_result", "scene_scorer",
    # lesson 08: the genre switcher and the survey form
    "INGREDIENTS", "genre_switch", "genre_switcher", "genre_survey",
    # lesson 09: the patch designer
    "LFO_TARGETS", "design_patch", "patch_designer",
    # lesson 10: the radio shaper
    "radio_shaper_view", "radio_shaper",
    # lesson 11: the loudness meter
    "SPEC_CHOICES", "fader_mix", "loudness_meter",
]
