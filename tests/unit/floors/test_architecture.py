"""The package's floors hold: import-linter's contracts, no cycles, no private names across
modules, no function-local imports of the package, and one clock (see ARCHITECTURE.md)."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "scoring"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


def test_no_import_cycles():
    graph = grimp.build_graph("scoring", exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    cycles = []
    for m in modules:
        for other in graph.find_modules_directly_imported_by(m):
            if other != m and other.startswith("scoring") and graph.chain_exists(importer=other, imported=m):
                cycles.append((m, other))
    assert cycles == []


def imports_of(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and (node.module.startswith("scoring") or node.level):
            yield node


def test_no_private_name_is_imported_from_another_module():
    found = []
    for path in SOURCES:
        for node in imports_of(path):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{module_name(path)}: from {node.module} import {alias.name}")
    assert found == []


def test_the_package_is_imported_at_module_top_only():
    """A function-local import is kept for heavy third-party libraries, never for the package."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("scoring")):
                        found.append(f"{module_name(path)}.{fn.name}: from {node.module}")
                    elif isinstance(node, ast.Import) and any(a.name.startswith("scoring") for a in node.names):
                        found.append(f"{module_name(path)}.{fn.name}: import scoring")
    assert found == []


def test_one_clock_nothing_else_divides_sixty_by_a_tempo():
    pattern = re.compile(r"60(\.0)?\s*/\s*\(?\s*(self\.|music\.|m\.|cue\.|motif\.)?(tempo|bpm)\b")
    found = [f"{path.relative_to(ROOT)}:{i}" for path in SOURCES if path.name != "time.py"
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line) and not line.lstrip().startswith(("#", ">>>"))]
    assert found == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_what_it_exports(path):
    if path.name in ("__init__.py",) and path.parent.name in ("core", "render"):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)}
    assert "__all__" in names, f"{module_name(path)} has no __all__"
