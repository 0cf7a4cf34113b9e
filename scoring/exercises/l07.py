"""Lesson 07's capstone exercise (score a scene): its material, its checker and a reference solution.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.core.cue import Cue
from scoring.core.motif import Motif
from scoring.exercises.feedback import Feedback
from scoring.scene import check_score, load_scene, on_beats, part, spot

__all__ = ["check_farewell", "farewell_motifs", "SOLUTIONS"]


def check_farewell(answer) -> Feedback:
    """Lesson 07's capstone exercise: score 'The Last Ferry' (``assets/scenes/farewell.json``): the
    hits caught within two frames (any but the wave may be played through, with no accent near
    it, or left to silence, with no cue over it), the tempo inside 54-90 BPM (or double or half of
    it, the note values to match), the dialogue left clear (:func:`scoring.silence.masking`), the
    tension following the scene. See :func:`scoring.scene.check_score`; every problem names the section to reread. The
    answer is the spotted cue with its music (``ferry.with_music(cue)``, a grid's ``spot``), a list
    of spotted cues, or a cue on its own (it then starts at 02:00:09:00, on the horn).

    A passing score still leaves the composer's questions, which no number answers: the feedback
    asks one, with what a strong answer does.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    scene = load_scene("farewell")
    if isinstance(answer, (Motif, Cue)):      # a cue on its own (written, from the grid or a DAW): the one-cue spotting
        answer = spot(scene, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0].with_music(answer)
    verdict = check_score(answer, scene)
    if not verdict.ok:
        return Feedback(False, list(verdict.notes))
    return Feedback(True, list(verdict.notes),
                    question="Which hits does your music catch, which does it play through, and why? Where does "
                             "it stop altogether?",
                    rubric=("names the moment the cue builds to (the wave) and says how the music prepares it",
                            "for each hit played through, says what the music does instead (keeps its line, "
                            "swells, changes chord) and why that suits a farewell",
                            "names a place left to the actors or to silence (a line, the ferry's horn, the end) "
                            "and what the silence lets the audience hear"))


def farewell_motifs() -> tuple[Motif, Motif]:
    """The farewell's original material: a harp pulse (one bar) and Mara's theme (oboe), in F major.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    harp = Motif.parse("4/4 F8 c f a c' a f c", name="harp pulse", key="F major", instrument="Orchestral Harp")
    theme = Motif.parse("4/4 c'2 a4 c' d'2 c'4 a g2. f4 f1", name="Mara", key="F major", instrument="Oboe")
    return harp, theme


def _solution_farewell():
    """The reference cue, written note by note (no sketch): it enters after the ferry's horn, keeps
    the harp low and the strings out under every line, states Mara's theme between the lines, lands
    the wave on the relative minor with the horns, plays through the gangway, and lets the light
    ring over the last bars."""
    scene = load_scene("farewell")
    ferry = spot(scene, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0]
    f, dm, bb, c = "FF8 C F A F C F C", "DD8 AA D F D AA D AA", "BBB-8 FF BB- D BB- FF BB- FF", "CC8 GG C E C GG C GG"
    bb_c, dm_f = "BBB-8 FF BB- D CC GG C E", "DD8 AA D F FF C F A"
    harp = part("harp", ["r4 C8 F A F C F", dm, bb, f, dm, bb_c, f, dm_f, c, f, dm, f, dm_f, c, f, bb, f, "FF2 r2"],
                instrument="Orchestral Harp", key="F major",
                dynamics={1: "p", 7: "mp", 12: "mf", 13: "f", 14: "mf", 15: "mp", 17: "p", 18: "pp"})
    bass = part("bass", ["r4 FF2.", "DD1", "BBB-1", "FF1", "DD1", "BBB-2 CC2", "FF1", "DD2 FF2", "CC1", "FF1", "DD1",
                         "FF1", "DD2 FF2", "CC1", "FF1", "BBB-1", "FF1", "FF2 r2"], instrument="Contrabass",
                key="F major", dynamics={1: "p", 7: "mp", 12: "mf", 13: "f", 14: "mf", 16: "p", 18: "pp"})
    high = ["r1", "r1", "r1", "a2. r4", "r1", "r1", "a1", "a2 a2", "g1", "r1", "r2 a2", "a1", "a2 a2", "g1", "a1", "f1",
            "a1", "r1"]
    low = ["r1", "r1", "r1", "f2. r4", "r1", "r1", "f1", "f2 f2", "e1", "r1", "r2 f2", "f1", "f2 f2", "e1", "f1", "d1",
           "f1", "r1"]
    marks = {1: "p", 12: "mf", 13: "f", 14: "mf", 15: "mp", 16: "p", 17: "pp"}
    strings = part("strings", high, instrument="String Ensemble 1", key="F major", dynamics=marks)
    strings_low = part("strings low", low, instrument="String Ensemble 1", key="F major", dynamics=marks)
    mara = ["c'2 a4 c'", "d'2 c'4 a", "g2. f4", "f1"]
    theme = part("theme", ["r1"] * 6 + mara[:3] + ["f4 r2.", "r1"] + mara + ["r1"] * 3, instrument="Oboe",
                 key="F major", dynamics={1: "mp", 12: "mf", 13: "f", 14: "mf", 15: "mp"})
    wave = on_beats("horns", [(49, "D3 A3 D4 F4", 2, "f")], length=72, instrument="French Horn", key="F major")
    light = on_beats("light", [(65, "A5 C6 F6", 4, "mp")], length=72, instrument="Celesta", key="F major")
    music = ferry.compose([harp, bass, strings, strings_low, theme, wave, light], tempo=ferry.fit())
    return ferry.with_music(music)


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "farewell": (check_farewell, _solution_farewell),
}
