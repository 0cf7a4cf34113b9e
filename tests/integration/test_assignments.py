"""The lessons' exercises as nbgrader assignments: nbgrader builds them, the student version keeps
the starters and holds no reference solution, and nbgrader's autograder, calling the course's own
checkers, gives a submission of the reference solutions full marks and a submission of the starters
none. One lesson with checks graded automatically and a question graded by hand (08), one nbgrader
run to build and one to grade (each run starts slowly: seconds)."""
from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

from scoring.assignments import AUTO_POINTS, HAND_POINTS, build_assignments, instructor_notebook  # noqa: E402
from scoring.exercises import SOLUTIONS  # noqa: E402

pytestmark = pytest.mark.slow   # two nbgrader runs and two kernels: left out of ./course quick
LESSONS = ("08_genre",)    # checks graded automatically, and a question graded by hand
ROOT = Path(__file__).resolve().parents[2]


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _grading(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assignments") / "course"
    assert build_assignments(out, only=[s[:2] for s in LESSONS]) == out
    return out


@pytest.fixture(scope="module")
def graded(course) -> Path:
    """Two submissions of each assignment, autograded: the reference solutions (with a written
    answer to every question graded by hand) and the starters as released."""
    for aid in LESSONS:
        source = {_grading(c).get("grade_id"): c for c in _nb(course / "source" / aid / f"{aid}.ipynb")["cells"]}
        released = _nb(course / "release" / aid / f"{aid}.ipynb")
        reference = json.loads(json.dumps(released))
        for cell in reference["cells"]:
            g = _grading(cell)
            if g.get("solution") and cell["cell_type"] == "code":   # the instructor's answer, markers left out
                cell["source"] = "\n".join(line for line in source[g["grade_id"]]["source"].split("\n")
                                           if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
            elif g.get("solution"):
                cell["source"] = "The genre I meant was horror; my classmate said 'a haunted house'."
        for student, nb in (("reference", reference), ("starter", released)):
            folder = course / "submitted" / student / aid
            folder.mkdir(parents=True)
            (folder / f"{aid}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    run = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "*", "--force"], cwd=course,
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    return course


def test_each_lesson_has_an_instructor_and_a_student_version(course):
    for aid in LESSONS:
        assert (course / "source" / aid / f"{aid}.ipynb").is_file()
        assert (course / "release" / aid / f"{aid}.ipynb").is_file()
    assert (course / "nbgrader_config.py").is_file() and (course / "gradebook.db").is_file()
    assert {p.name for p in course.iterdir()} <= {"source", "release", "gradebook.db", "nbgrader_config.py"}


def test_the_student_version_has_the_starters_and_no_reference_solution(course):
    for aid in LESSONS:
        released = _nb(course / "release" / aid / f"{aid}.ipynb")
        text = "\n".join("".join(c["source"]) for c in released["cells"])
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "_REFERENCE", "SOLUTIONS", "_solution_",
                       "reference solution"):
            assert marker not in text, f"{aid}: {marker!r} in the student version"
        lesson = f"scoring.exercises.l{aid[:2]}"
        for name, (checker, solution) in SOLUTIONS.items():
            if checker.__module__ != lesson:
                continue
            for line in inspect.getsource(solution).split("\n")[1:]:
                line = line.strip()
                if len(line) >= 20 and not line.startswith(('"""', "#")):
                    assert line not in text, f"{aid}: the reference solution of {name!r} shows: {line}"
        # each answer cell is the lesson's starter: the instructor's cell without its solution region
        source = {_grading(c).get("grade_id"): c["source"] for c in _nb(course / "source" / aid / f"{aid}.ipynb")["cells"]}
        answers = [c for c in released["cells"] if _grading(c).get("solution") and c["cell_type"] == "code"]
        assert answers
        for cell in answers:
            instructor = source[_grading(cell)["grade_id"]]
            starter = instructor[:instructor.index("### BEGIN SOLUTION")] + instructor[
                instructor.index("### END SOLUTION") + len("### END SOLUTION"):]
            assert "".join(cell["source"]).split() == starter.split()
        assert any("# change this" in "".join(c["source"]) for c in answers)
        assert all(not c.get("outputs") for c in released["cells"] if c["cell_type"] == "code")


def test_every_check_is_an_autograder_test_calling_the_courses_checker(course):
    for aid in LESSONS:
        nb = _nb(course / "source" / aid / f"{aid}.ipynb")
        tests = [c for c in nb["cells"] if _grading(c).get("grade") and not _grading(c).get("solution")]
        lesson = f"scoring.exercises.l{aid[:2]}"
        checkers = {checker.__name__ for checker, _ in SOLUTIONS.values() if checker.__module__ == lesson}
        called = {name for c in tests for name in checkers if f"{name}(" in c["source"]}
        assert called and len(tests) >= len(called)
        assert all(_grading(c)["points"] == AUTO_POINTS and _grading(c)["locked"] for c in tests)


def test_a_reflective_question_is_graded_by_hand_with_its_rubric_beside_it(course):
    cells = _nb(course / "source" / "08_genre" / "08_genre.ipynb")["cells"]
    written = [i for i, c in enumerate(cells) if _grading(c).get("grade") and _grading(c).get("solution")]
    assert written and all(cells[i]["cell_type"] == "markdown" for i in written)
    assert all(_grading(cells[i])["points"] == HAND_POINTS for i in written)
    assert any("rubric" in cells[i - 1]["source"].lower() for i in written)


def test_reference_solutions_get_full_marks_and_starters_none(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{(graded / 'gradebook.db').resolve()}") as gb:
        for aid in LESSONS:
            ref, starter = gb.find_submission(aid, "reference"), gb.find_submission(aid, "starter")
            assert ref.max_code_score > 0
            assert ref.code_score == ref.max_code_score, f"{aid}: the reference solutions score {ref.code_score}"
            assert starter.code_score == 0, f"{aid}: the starters score {starter.code_score}"
            assert starter.score == 0
            # the instructor grades the written answers by hand; with full marks there, the total is full
            for grade in ref.notebooks[0].grades:
                if grade.auto_score is None:
                    grade.manual_score = grade.max_score
            gb.db.commit()
            assert ref.score == ref.max_score
        assert gb.find_submission("08_genre", "reference").max_written_score >= HAND_POINTS


def test_the_instructor_notebook_is_built_without_running_anything():
    nb = instructor_notebook(ROOT / "lessons" / "00_first_motif.ipynb")
    tests = [c for c in nb["cells"] if _grading(c).get("grade") and not _grading(c).get("solution")]
    assert len(tests) >= 3
    assert sum(c["source"].count("### BEGIN SOLUTION") for c in nb["cells"]) == len(tests)
    assert nb["cells"][0]["source"].startswith("# Exercises · 00")
