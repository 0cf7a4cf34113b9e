"""Lesson 07's capstone exercise (score a scene): its material, its checker and a reference solution.

Lesson: lessons/07_score_a_scene.ipynb
"""
from __future__ import annotations

from typing import Callable

from scoring.core.motif import Motif
from scoring.exercises.feedback import Feedback
from scoring.scene import check_score, load_scene, spot

__all__ = ["check_farewell", "farewell_motifs", "SOLUTIONS"]


def check_farewell(answer) -> Feedback:
    """Lesson 07's capstone exercise: score 'The Last Ferry' (``assets/scenes/farewell.json``): the
    hits caught within two frames (any but the wave may be played through, with no accent near
    it), the dialogue left clear (:func:`scoring.silence.masking`), the tension following the
    scene. See :func:`scoring.scene.check_score`; every problem names the section to reread.

    A passing score still leaves the composer's questions, which no number answers: the feedback
    asks one, with what a strong answer does.

    Lesson: lessons/07_score_a_scene.ipynb
    """
    verdict = check_score(answer, load_scene("farewell"))
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
    scene = load_scene("farewell")
    cue = spot(scene, [("02:00:09:00", "02:01:10:00", "The Last Ferry")]).cues[0]
    harp, theme = farewell_motifs()
    # the harp an octave lower than written: its arpeggios stay below the voices under the lines
    music = cue.sketch(cue.fit(), pulse=harp.octave(-1), melody=theme, melody_at=(25, 45, 61), chords=("I", "vi", "IV", "V"),
                       key="F major", stab="String Ensemble 1")
    return cue.with_music(music)


#: This lesson's exercises: name -> (checker, reference solution); the solution takes the same
#: extra arguments as the checker.
SOLUTIONS: dict[str, tuple[Callable, Callable]] = {
    "farewell": (check_farewell, _solution_farewell),
}
