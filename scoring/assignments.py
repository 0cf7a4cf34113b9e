"""Every lesson's exercises as an nbgrader assignment, for instructors who grade on a JupyterHub.

``./course assignments`` writes an nbgrader course folder (``build/assignments/`` unless told
otherwise): ``source/NN_name/NN_name.ipynb`` is the **instructor version** of each lesson's
exercises, with the reference solutions, and nbgrader itself (``generate_assignment``) turns it
into ``release/NN_name/NN_name.ipynb``, the **student version**: the lesson's starters, no
reference solutions, no outputs.

An assignment notebook holds, in the lesson's order:

- a read-only **set-up**: the lesson's code cells that the exercises need (found by following the
  names the exercises use back to the cells that define them), so it runs in seconds;
- each exercise's prompt (read-only), its **answer cell** (the starter; in the instructor version
  the reference solution follows it, between nbgrader's ``BEGIN SOLUTION`` and ``END SOLUTION``),
  and an **autograder test** that calls the course's own checker
  (``scoring.exercises.check_...``), shows its feedback and asserts that it passed (1 point);
- each **reflective question** (a "Reflect" or "Question" in the lesson, or the question a checker
  asks once the numbers pass) read-only with its rubric beside it, and a markdown answer cell
  graded by hand (2 points).

The reference solutions come from each exercise module's ``SOLUTIONS`` table, so the assignment
never drifts from the checkers. The students' package holds the same table: on a hub, grade with
the autograder's numbers and the hand-graded questions, and treat the automatic part as practice
with feedback rather than an exam.

Lesson: lessons/README.md (the instructor guide)
"""
from __future__ import annotations

import ast
import builtins
import copy
import importlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import subprocess
import symtable
import sys
from dataclasses import dataclass
from pathlib import Path

from scoring.errors import ScoringError
from scoring.exercises import SOLUTIONS
from scoring.render.checks import show

__all__ = ["instructor_notebook", "build_assignments", "nbgrader_config", "AUTO_POINTS", "HAND_POINTS"]

ROOT = Path(__file__).resolve().parent.parent
#: points for each exercise the course's checker grades, and for each question graded by hand
AUTO_POINTS, HAND_POINTS = 1, 2
_SKIP_NAMES = set(dir(builtins)) | {"display", "get_ipython", "In", "Out", "_", "__", "___"}
_REFLECT = re.compile(r"\*\*(Reflect|Question)\b|\(reflective\)")
_PLACEHOLDER = re.compile(r"^\s*\*Your\b")
_EXERCISES_H2 = re.compile(r"^##\s+Exercise", re.M)
_OTHER_HEADING = re.compile(r"^(#|##)\s+(?!Exercise)")


def nbgrader_config(course_id: str = "film-scoring") -> str:
    """The ``nbgrader_config.py`` of the course folder: the course's id, starters kept as they are
    (nothing replaces a solution but the empty string, so the student sees the lesson's runnable
    starter) and a generous time per cell for the audio-rendering checkers.

    Examples
    --------
    >>> "ClearSolutions.code_stub" in nbgrader_config()
    True

    Lesson: lessons/README.md
    """
    return (
        "# nbgrader settings for the course's assignments (written by ./course assignments)\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
        "c.CourseDirectory.root = __import__('os').path.dirname(__import__('os').path.abspath(__file__))\n"
        "# the starter stays; only the reference solution between the markers goes\n"
        "c.ClearSolutions.code_stub = {'python': ''}\n"
        "c.ClearSolutions.text_stub = ''\n"
        "c.Execute.timeout = 300\n"
    )


# ---------------------------------------------------------------------------------------------
# reading cells: names defined and used, checker calls


def _python(source: str) -> str:
    """A cell's source as plain Python (IPython magics turned into calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - without IPython, the source as it is
        return source


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(_python(source))
    except SyntaxError:
        return None


def _defined(tree: ast.AST | None) -> set[str]:
    """Names a cell binds at the top level (assignments, imports, defs, loop and with targets)."""
    names: set[str] = set()
    if tree is None:
        return names

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
                continue
            if isinstance(child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in child.names if a.name != "*")
            elif isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
                names.add(child.id)
            elif isinstance(child, (ast.Subscript, ast.Attribute)) and isinstance(child.ctx, ast.Store):
                base = child.value
                while isinstance(base, (ast.Subscript, ast.Attribute)):
                    base = base.value
                if isinstance(base, ast.Name):   # d[k] = v changes d
                    names.add(base.id)
            visit(child)

    visit(tree)
    return names


def _used(source: str) -> set[str]:
    """Names a cell reads from the notebook's globals (function bodies and comprehensions included,
    their own parameters and loop variables not), leaving out those the cell binds before it reads."""
    code = _python(source)
    try:
        table = symtable.symtable(code, "<cell>", "exec")
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names: set[str] = set()

    def walk(t: symtable.SymbolTable, top: bool) -> None:
        for s in t.get_symbols():
            if s.is_referenced() and (top or s.is_global()):
                names.add(s.get_name())
        for child in t.get_children():
            walk(child, False)

    walk(table, True)
    first_store: dict[str, int] = {}
    for stmt in tree.body:
        for name in _defined(ast.Module(body=[stmt], type_ignores=[])):
            first_store.setdefault(name, stmt.lineno)
    first_load: dict[str, int] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            first_load[n.id] = min(first_load.get(n.id, n.lineno), n.lineno)
    bound_first = {n for n, line in first_store.items() if n not in first_load or line < first_load[n]}
    return names - bound_first - _SKIP_NAMES


@dataclass
class _Check:
    """One checker call in a lesson cell."""
    name: str          # the SOLUTIONS key
    checker: str       # check_... (the function's name)
    module: str        # scoring.exercises.lNN
    answer: str        # the answer's variable
    extra: list[str]   # the other arguments, as written
    statement: ast.stmt  # the top-level statement that is this call


def _checkers() -> dict[str, tuple[str, str]]:
    """check_... -> (SOLUTIONS key, module) for every lesson's exercises."""
    return {checker.__name__: (name, checker.__module__) for name, (checker, _) in SOLUTIONS.items()}


def _find_checks(source: str, tree: ast.Module | None, known: dict[str, tuple[str, str]]) -> list[_Check]:
    if tree is None:
        return []
    text = _python(source)
    found = []
    # a check is a statement of its own (the lesson's "check cell"); a checker used inside an
    # expression (a report, a print) is not an exercise
    for stmt in tree.body:
        node = stmt.value if isinstance(stmt, ast.Expr) else None
        if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Name):
            continue
        f = node.func
        fname = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
        if fname not in known:
            continue
        extra = [ast.get_source_segment(text, a) or "" for a in node.args[1:]]
        extra += [f"{k.arg}={ast.get_source_segment(text, k.value)}" for k in node.keywords if k.arg]
        found.append(_Check(known[fname][0], fname, known[fname][1], node.args[0].id, extra, stmt))
    return found


def _assigns(tree: ast.Module | None, name: str) -> ast.stmt | None:
    """The last top-level statement of a cell that binds ``name``."""
    if tree is None:
        return None
    last = None
    for stmt in tree.body:
        if name in _defined(ast.Module(body=[stmt], type_ignores=[])):
            last = stmt
    return last


# ---------------------------------------------------------------------------------------------
# the cells of an assignment


def _meta(kind: str, grade_id: str, points: int = 0) -> dict:
    """nbgrader's cell metadata: ``readonly``, ``answer`` (autograded), ``test`` or ``manual``."""
    grade, solution, locked = {"readonly": (False, False, True), "answer": (False, True, False),
                               "test": (True, False, True), "manual": (True, True, False)}[kind]
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(kind: str, source: str, metadata: dict | None = None) -> dict:
    cell = {"cell_type": kind, "metadata": metadata or {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _trim_markdown(source: str) -> tuple[str, bool]:
    """A markdown cell without the paragraphs that point at the reference solutions, cut where a
    heading other than an exercise's begins; returns the text and whether it was cut."""
    lines, kept, cut = source.split("\n"), [], False
    for i, line in enumerate(lines):
        if i > 0 and _OTHER_HEADING.match(line):
            cut = True
            break
        kept.append(line)
    paragraphs = re.split(r"\n\s*\n", "\n".join(kept))
    paragraphs = [p for p in paragraphs if not re.search(r"(?i)reference solution", p)]
    return "\n\n".join(paragraphs).strip(), cut


def _reference_code(check: _Check, lesson_module) -> str:
    """The instructor's answer: the reference solution, its source shown as a comment."""
    solution = lesson_module.SOLUTIONS[check.name][1]
    try:
        shown = inspect.getsource(solution).rstrip().split("\n")
    except (OSError, TypeError):
        shown = []
    short = check.module.rsplit(".", 1)[-1]
    lines = ["### BEGIN SOLUTION",
             f"# the reference solution (scoring/exercises/{short}.py, SOLUTIONS[{check.name!r}]):"]
    lines += [f"#     {s}" if s.strip() else "#" for s in shown]
    lines += [f"from {check.module} import SOLUTIONS as _REFERENCE",
              f"{check.answer} = _REFERENCE[{check.name!r}][1]({', '.join(check.extra)})",
              "### END SOLUTION"]
    return "\n".join(lines)


def _test_code(check: _Check) -> str:
    call = f"{check.checker}({', '.join([check.answer, *check.extra])})"
    return (f"from {check.module} import {check.checker}\n\n"
            f"_feedback = {call}\n"
            "display(_feedback)\n"
            "assert _feedback.ok, \"not yet: the feedback above says what to change\"")


def _checker_question(check: _Check, lesson_module) -> tuple[str, tuple[str, ...]] | None:
    """The question (and rubric) a checker asks once the numbers pass, read from its source."""
    try:
        tree = ast.parse(inspect.getsource(getattr(lesson_module, check.checker)))
    except (OSError, TypeError, SyntaxError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            kw = {k.arg: k.value for k in node.keywords}
            if "question" in kw:
                try:
                    question = ast.literal_eval(kw["question"])
                    rubric = tuple(ast.literal_eval(kw["rubric"])) if "rubric" in kw else ()
                except ValueError:
                    return None
                return question, rubric
    return None


def _split_lines(source: str, stmt: ast.stmt) -> tuple[str, str]:
    """A cell's source before and after one top-level statement (its lines left out)."""
    lines = source.split("\n")
    return "\n".join(lines[:stmt.lineno - 1]).rstrip(), "\n".join(lines[stmt.end_lineno:]).strip()


def _insert_after(source: str, stmt: ast.stmt, text: str) -> str:
    lines = source.split("\n")
    return "\n".join(lines[:stmt.end_lineno] + text.split("\n") + lines[stmt.end_lineno:]).rstrip()


#: the largest lesson notebook read (a committed lesson stays under 2.5 MB)
_MAX_LESSON_BYTES = 16 * 1024 * 1024


def _path(value: object, what: str, example: str) -> Path:
    """``value`` (text or a path object) as a Path, or a ScoringError that names ``what``."""
    try:
        text = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
    except TypeError:
        text = None
    if not isinstance(text, str) or "\x00" in text or not text.strip() or len(text) > 4096:
        raise ScoringError(f"{what}={show(value)} is not a path; give one as text, like {example!r}")
    return Path(text)


def _notebook(path: Path) -> dict:
    """The lesson at ``path`` read as a notebook (a dict whose cells are dicts with a type)."""
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError:
        size = None
    if size is None:
        raise ScoringError(f"no lesson at {show(str(path))}; give a lesson notebook, like "
                           "'lessons/00_first_motif.ipynb'")
    if size > _MAX_LESSON_BYTES:
        raise ScoringError(f"{path.name!r} is over {_MAX_LESSON_BYTES // 2 ** 20} MB, too big for a lesson; "
                           "give a lessons/NN_name.ipynb")
    try:
        src = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise ScoringError(f"cannot read the lesson {show(str(path))} ({type(exc).__name__}); "
                           "give a lessons/NN_name.ipynb") from None

    def source_ok(c: object) -> bool:
        if not isinstance(c, dict) or not isinstance(c.get("cell_type"), str):
            return False
        source = c.get("source", "")
        return isinstance(source, str) or isinstance(source, list) and all(isinstance(x, str) for x in source)

    cells = src.get("cells") if isinstance(src, dict) else None
    if not isinstance(cells, list) or not all(source_ok(c) for c in cells):
        raise ScoringError(f"{show(str(path))} is not a notebook (its cells cannot be read); "
                           "give a lessons/NN_name.ipynb")
    return src


def _prefixes(only: object, paths: list[Path]) -> tuple[str, ...] | None:
    """``only`` checked: None, a prefix, or a list of prefixes, each naming at least one lesson."""
    if only is None:
        return None
    fix = "give lesson-number prefixes like ['00', '05'], or leave only= out for every lesson"
    if isinstance(only, str):
        only = [only]
    if not isinstance(only, (list, tuple)) or not only or len(only) > 100:
        raise ScoringError(f"only={show(only)} is not a list of prefixes; {fix}")
    for prefix in only:
        if not isinstance(prefix, str) or not prefix.strip() or len(prefix) > 200:
            raise ScoringError(f"only holds {show(prefix)}, not a prefix of a lesson's name; {fix}")
        if not any(p.stem.startswith(prefix) for p in paths):
            have = ", ".join(repr(p.stem[:2]) for p in paths) or "none"
            raise ScoringError(f"no lesson starts with {show(prefix)} (the lessons start {have}); {fix}")
    return tuple(only)


def instructor_notebook(lesson: str | os.PathLike) -> dict:
    """The instructor version of one lesson's exercises as an nbgrader notebook (a dict in the
    notebook format): the set-up the exercises need, each prompt, answer cell (starter, then the
    reference solution between nbgrader's markers), autograder test and hand-graded question.
    Pure: reads the lesson, writes nothing.

    Parameters
    ----------
    lesson : path of a lesson notebook, ``lessons/NN_name.ipynb``

    Examples
    --------
    >>> nb = instructor_notebook("lessons/00_first_motif.ipynb")
    >>> kinds = [c["metadata"].get("nbgrader", {}) for c in nb["cells"]]
    >>> sum(k.get("grade", False) and not k.get("solution") for k in kinds) >= 3   # autograder tests
    True
    >>> any("BEGIN SOLUTION" in c["source"] for c in nb["cells"])
    True

    Lesson: lessons/README.md
    """
    path = _path(lesson, "lesson", "lessons/00_first_motif.ipynb")
    src = _notebook(path)
    cells = src["cells"]
    text = ["".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", "") for c in cells]
    trees = [_parse(t) if c["cell_type"] == "code" else None for c, t in zip(cells, text)]
    known = _checkers()
    checks = [_find_checks(t, tree, known) for t, tree in zip(text, trees)]
    if not any(checks):
        raise ScoringError(f"{path.name} has no exercise that calls a checker from scoring.exercises")

    # which cells: the exercises section (from "## Exercise..." to the next other heading), every
    # cell with a checker call, and reflective questions elsewhere with the cell they are about
    first_check = next(i for i, c in enumerate(checks) if c)
    start = next((i for i, t in enumerate(text) if cells[i]["cell_type"] == "markdown" and _EXERCISES_H2.search(t)),
                 None)
    if start is None or start > first_check:
        start = first_check
        while start > 0 and cells[start - 1]["cell_type"] == "markdown":
            start -= 1
    chosen: list[int] = []
    for i in range(len(cells)):
        is_md = cells[i]["cell_type"] == "markdown"
        if i >= start:
            chosen.append(i)
            if is_md and i > start and _OTHER_HEADING.match(text[i]) or is_md and _trim_markdown(text[i])[1]:
                break
        elif is_md and _REFLECT.search(text[i]):
            if i > 0 and cells[i - 1]["cell_type"] == "code" and "change this" in text[i - 1]:
                chosen.append(i - 1)
            chosen.append(i)
            if i + 1 < len(cells) and cells[i + 1]["cell_type"] == "markdown" and _PLACEHOLDER.match(text[i + 1]):
                chosen.append(i + 1)
    chosen = sorted(set(chosen))
    chosen = [i for i in chosen if cells[i]["cell_type"] != "markdown" or _trim_markdown(text[i])[0]
              or i == start]
    if chosen and cells[chosen[-1]]["cell_type"] == "markdown" and _OTHER_HEADING.match(text[chosen[-1]]):
        chosen.pop()   # ends on the next section's heading: not an exercise

    # the set-up: every earlier code cell the chosen code needs, followed back name by name
    setup: set[int] = set()
    needed = [(i, _used(text[i])) for i in chosen if cells[i]["cell_type"] == "code"]
    while needed:
        at, names = needed.pop()
        for name in names:
            for j in range(at - 1, -1, -1):
                if cells[j]["cell_type"] == "code" and name in _defined(trees[j]):
                    if j not in chosen and j not in setup:
                        setup.add(j)
                        needed.append((j, _used(text[j])))
                    break

    title_line = next((t.split("\n")[0] for t in text if t.startswith("# ")), f"# {path.stem}")
    title = title_line.lstrip("# ").strip()
    stem, counts = path.stem, {}

    def gid(kind: str, name: str = "") -> str:
        """A cell's nbgrader id: by the exercise's name where there is one, else counted by kind,
        so a lesson's change elsewhere leaves the graded cells' ids alone."""
        if name:
            return f"{stem}-{kind}-{name}"
        counts[kind] = counts.get(kind, 0) + 1
        return f"{stem}-{kind}-{counts[kind]}"

    out = [_cell("markdown", f"# Exercises · {title}\n\n"
                 f"The exercises of the lesson `{path.name}`: work through the lesson first. Run every cell "
                 "from the top. Write your answers in the answer cells (each starts from the lesson's starter; "
                 "`# change this` marks what to change); the cell after each answer runs the course's "
                 f"checker and shows what is still off ({AUTO_POINTS} point each when it passes). Questions "
                 f"answered in words are graded by hand against the rubric beside them ({HAND_POINTS} points each). "
                 "Validate before you submit.", _meta("readonly", gid("intro")))]
    if setup:
        out.append(_cell("markdown", "## Set-up\n\nThe lesson's cells these exercises need, in the lesson's order "
                         "(read-only; run them first).", _meta("readonly", gid("setup-note"))))
        for j in sorted(setup):
            out.append(_cell("code", text[j], _meta("readonly", gid("setup"))))

    module_cache: dict[str, object] = {}
    pending_answer = False

    def add_answer_cell(placeholder: str = "*Your answer (double-click to write):* ...") -> None:
        body = (f"{placeholder}\n\n### BEGIN SOLUTION\n*Graded by hand against the rubric above "
                f"({HAND_POINTS} points).*\n### END SOLUTION")
        out.append(_cell("markdown", body, _meta("manual", gid("written"), HAND_POINTS)))

    headed: set[str] = set()
    for i in chosen:
        cell, source = cells[i], text[i]
        # headings: a question from an earlier section comes under that section's heading; the
        # exercises under the lesson's own "## Exercises" (or one added)
        if i < start:
            heading = next((line for j in range(i, -1, -1) if cells[j]["cell_type"] == "markdown"
                            for line in reversed(text[j].split("\n")) if line.startswith("## ")), None)
            if heading and heading not in headed and not source.startswith("## "):
                out.append(_cell("markdown", heading, _meta("readonly", gid("heading"))))
            headed.add(heading)
        elif i == start and not (cell["cell_type"] == "markdown" and source.startswith("## ")):
            out.append(_cell("markdown", "## Exercises", _meta("readonly", gid("heading"))))
        if cell["cell_type"] == "markdown":
            body, _ = _trim_markdown(source)
            if _PLACEHOLDER.match(body):
                add_answer_cell(body)
                pending_answer = False
                continue
            if pending_answer:
                add_answer_cell()
                pending_answer = False
            out.append(_cell("markdown", body, _meta("readonly", gid("prompt"))))
            pending_answer = bool(_REFLECT.search(body))
            continue
        if pending_answer:
            add_answer_cell()
            pending_answer = False
        if not checks[i]:
            out.append(dict(_cell("code", source), _lesson_cell=i))
            continue
        tests = []
        for check in checks[i]:
            lesson_module = module_cache.setdefault(check.module, importlib.import_module(check.module))
            ref = _reference_code(check, lesson_module)
            # the answer: the last binding of the answer's name, in this cell or an earlier chosen one
            where = i if _assigns(trees[i], check.answer) else next(
                (j for j in reversed(chosen) if j < i and cells[j]["cell_type"] == "code"
                 and _assigns(trees[j], check.answer)), None)
            if where is None:
                raise ScoringError(f"{path.name}: the answer {check.answer!r} of {check.checker} is not assigned "
                                   "in the exercises; give it a starter line marked '# change this'")
            if where != i:   # an earlier cell holds the starter: make it the answer cell
                k = next(k for k, c in enumerate(out) if c.get("_lesson_cell") == where)
                stmt = _assigns(_parse(out[k]["source"]), check.answer)
                out[k]["source"] = _insert_after(out[k]["source"], stmt, ref)
                out[k]["metadata"] = _meta("answer", gid("answer", check.name))
            tests.append((check, ref, where == i, lesson_module))
        # this cell: its lines without the checker calls (the answer cell), then one test per call
        body = source
        for check, ref, here, _ in reversed(tests):
            before, after = _split_lines(body, check.statement)
            body = before + ("\n" + after if after else "")
        for check, ref, here, _ in tests:
            if here:
                stmt = _assigns(_parse(body), check.answer)
                body = _insert_after(body, stmt, ref)
        if body.strip():
            names = [c.name for c, _, here, _ in tests if here]
            meta = _meta("answer", gid("answer", "-".join(names))) if names else {}
            out.append(dict(_cell("code", body.strip(), meta), _lesson_cell=i))
        for check, ref, here, lesson_module in tests:
            out.append(_cell("code", _test_code(check), _meta("test", gid("check", check.name), AUTO_POINTS)))
            asked = _checker_question(check, lesson_module)
            if asked:
                question, rubric = asked
                rub = "; ".join(f"({k}) {r}" for k, r in enumerate(rubric, 1))
                out.append(_cell("markdown", f"**Question** (graded by hand; the check above asks it once it "
                                 f"passes). {question}" + (f"\n\n*Rubric.* A strong answer {rub}." if rub else ""),
                                 _meta("readonly", gid("question"))))
                pending_answer = True
    if pending_answer:
        add_answer_cell()
    for c in out:
        c.pop("_lesson_cell", None)

    meta = copy.deepcopy(src.get("metadata", {}))
    meta.pop("widgets", None)
    meta.setdefault("kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"})
    meta["kernelspec"].setdefault("language", "python")
    return {"cells": out, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


# ---------------------------------------------------------------------------------------------
# the course folder


def _nbgrader(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONWARNINGS="ignore",   # nbgrader runs alembic from PATH
                                  PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])))
    if run.returncode != 0:
        raise ScoringError(f"nbgrader {args[0]} failed: {(run.stderr or run.stdout).strip()[-3000:]}")
    return run


def build_assignments(out: str | os.PathLike = "build/assignments", *, lessons: str | os.PathLike = ROOT / "lessons",
                      only: list[str] | None = None) -> Path:
    """Build every lesson's exercises as an nbgrader assignment into the course folder ``out``:
    ``source/`` (instructor versions), ``release/`` (student versions, by ``nbgrader
    generate_assignment``), ``gradebook.db`` and ``nbgrader_config.py``. Writes nothing outside
    ``out``. ``only`` keeps the lessons whose names start with one of the given prefixes
    (``["00", "06"]``, or one prefix as text); a prefix that starts no lesson's name is refused
    before anything is written. Returns ``out``.

    Then, in ``out``: ``nbgrader release_assignment``, ``collect``, ``autograde``, ``formgrader``
    as nbgrader's documentation describes (README.md, "Grading on a hub").

    Lesson: lessons/README.md
    """
    out = _path(out, "out", "build/assignments")
    lessons = _path(lessons, "lessons", "lessons")
    try:
        paths = sorted(lessons.glob("[0-9][0-9]_*.ipynb")) if lessons.is_dir() else []
    except OSError:
        paths = []
    if not paths:
        raise ScoringError(f"no lessons (NN_name.ipynb) in {show(str(lessons))}; give the course's lessons folder")
    only = _prefixes(only, paths)
    if only:
        paths = [p for p in paths if p.stem.startswith(only)]
    if importlib.util.find_spec("nbgrader") is None:   # found, not imported: nbgrader starts slowly
        raise ScoringError("nbgrader is not installed: run `.venv/bin/pip install -e '.[grading]'` "
                           "(./course assignments does it for you)")
    if out.exists() and not out.is_dir():
        raise ScoringError(f"{str(out)!r} is a file; give a folder for the assignments")
    out.mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(nbgrader_config(), encoding="utf-8")
    for p in paths:
        nb = instructor_notebook(p)
        folder = out / "source" / p.stem
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        (folder / p.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        for ref in sorted(set(re.findall(r"\]\((img/[^)\s]+)\)", "".join(c["source"] for c in nb["cells"])))):
            if (lessons / ref).is_file():   # images the prompts show
                (folder / ref).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(lessons / ref, folder / ref)
    # nbgrader starts slowly (seconds): one run for the whole course folder when it holds only these
    ours = {p.stem for p in paths}
    if {d.name for d in (out / "source").iterdir() if d.is_dir()} == ours:
        _nbgrader(["generate_assignment", "*", "--force"], out)
    else:
        for stem in sorted(ours):
            _nbgrader(["generate_assignment", stem, "--force"], out)
    return out
