"""Exercise checkers: specific feedback for a student's answer, and the reference solutions.

Each checker returns a :class:`Feedback` that says what is right or what is still off. The
reference solutions live here too, so the tests prove every exercise can be solved and every
checker accepts the solution and rejects the starter.

One module per lesson (:mod:`~scoring.exercises.l00` ... :mod:`~scoring.exercises.l08`) holds
that lesson's checkers, quiz data, starters and its own ``SOLUTIONS``; :mod:`~scoring.exercises.feedback`
holds what they share. This package re-exports them all and merges the lessons' ``SOLUTIONS``.

Lesson: lessons/00_first_motif.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.exercises import l00, l01, l02, l03, l04, l05, l06, l07, l08, l09, l10, l11
from scoring.exercises.feedback import Feedback
from scoring.exercises.l00 import check_first_motif, check_lament, check_mirror, check_own_motif
from scoring.exercises.l01 import MOOD_MELODY, check_cold, check_modes, check_mood_melody, check_tragic, mode_clips
from scoring.exercises.l02 import (CHORD_QUIZ, check_build_line, check_chord_order, check_rise_and_release,
                                   check_stinger)
from scoring.exercises.l03 import (HIDDEN_PLAN, LOW_BELOW, MOTIF_NOTES, REVEAL_SLOWER, SLOW_PACE, TRANSFORM_QUIZ,
                                   check_ferryman, check_hidden, check_transformations, hidden_cue, quiz_gallery,
                                   transform_quiz)
from scoring.exercises.l04 import MARCH_METRES, beat_target, check_march, check_match_beat, check_three_beat_arc
from scoring.exercises.l05 import (BREATH_STINGER, breath_setup, check_breath, check_clear_dialogue,
                                   check_half_onsets, check_room_for_lines, dense_setup, dialogue_setup)
from scoring.exercises.l06 import (DOOR_RANGE, DOOR_SLAM, FIGURE_HIT, FIGURE_TEMPO, REEL3_CUES, THREE_HITS, THREE_RANGE,
                                   TIMECODE_QUIZ, check_cue_numbers, check_hit_figure, check_hit_tempo, check_three_hits,
                                   check_timecodes)
from scoring.exercises.l07 import check_farewell, farewell_motifs
from scoring.exercises.report import CueReport, cue_report
from scoring.exercises.l08 import check_dies_irae, check_genre_swap, check_opening
from scoring.exercises.l09 import ARPEGGIO_CHORD, check_arpeggio, check_city_patch, check_hybrid, hybrid_setup
from scoring.exercises.l10 import (BRIDGE_CHORDS, GREEN_CUT, MAX_MOVE, RADIO_EXCERPT, RADIO_FULL_BY, RADIO_STAYS,
                                   RIGHTS_QUIZ, SEA_CUT, USAGE_QUIZ, check_bridge, check_montage_cuts,
                                   check_radio_opening, check_rights, check_temp_cue, check_usage, radio_excerpt)
from scoring.exercises.l11 import (HUMMABLE, STING_SECONDS, THEME_ABOVE, TITLE_SECONDS, check_delivery,
                                   check_hummable, check_titles)

__all__ = [
    "Feedback", "SOLUTIONS",
    # lesson 00: the first motif
    "check_first_motif", "check_mirror", "check_lament", "check_own_motif",
    # lesson 01: mood
    "mode_clips", "check_tragic", "check_modes", "check_cold", "MOOD_MELODY", "check_mood_melody",
    # lesson 02: tension and release
    "CHORD_QUIZ", "check_rise_and_release", "check_chord_order", "check_stinger", "check_build_line",
    # lesson 03: the leitmotif
    "TRANSFORM_QUIZ", "HIDDEN_PLAN", "transform_quiz", "check_transformations", "hidden_cue", "check_hidden",
    "quiz_gallery", "MOTIF_NOTES", "LOW_BELOW", "SLOW_PACE", "REVEAL_SLOWER", "check_ferryman",
    # lesson 04: the motif's arc
    "beat_target", "check_match_beat", "check_three_beat_arc", "MARCH_METRES", "check_march",
    # lesson 05: silence
    "BREATH_STINGER", "dialogue_setup", "check_clear_dialogue", "breath_setup", "check_breath", "dense_setup",
    "check_half_onsets", "check_room_for_lines",
    # lesson 06: sync
    "TIMECODE_QUIZ", "DOOR_SLAM", "DOOR_RANGE", "THREE_HITS", "THREE_RANGE", "REEL3_CUES", "check_timecodes",
    "check_hit_tempo", "check_three_hits", "check_cue_numbers", "FIGURE_HIT", "FIGURE_TEMPO", "check_hit_figure",
    # lesson 07: score a scene
    "check_farewell", "farewell_motifs", "cue_report", "CueReport",
    # lesson 08: genre
    "check_dies_irae", "check_genre_swap", "check_opening",
    # lesson 09: electronic and hybrid scores
    "check_city_patch", "hybrid_setup", "check_hybrid", "ARPEGGIO_CHORD", "check_arpeggio",
    # lesson 10: songs in film
    "RADIO_EXCERPT", "RADIO_STAYS", "RADIO_FULL_BY", "SEA_CUT", "GREEN_CUT", "MAX_MOVE", "USAGE_QUIZ", "RIGHTS_QUIZ", "radio_excerpt",
    "check_radio_opening", "check_montage_cuts", "check_temp_cue", "check_usage", "check_rights", "BRIDGE_CHORDS",
    "check_bridge",
    # lesson 11: the series theme and the dub stage
    "TITLE_SECONDS", "STING_SECONDS", "THEME_ABOVE", "HUMMABLE", "check_titles", "check_delivery", "check_hummable",
]

#: name -> (checker, reference solution) for every lesson's exercises, in lesson order; the solution
#: takes the same extra arguments as the checker. Each lesson's own table is its module's ``SOLUTIONS``.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    name: entry
    for lesson in (l00, l01, l02, l03, l04, l05, l06, l07, l08, l09, l10, l11)
    for name, entry in lesson.SOLUTIONS.items()
}
