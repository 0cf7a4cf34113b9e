"""Without the FluidSynth library the lessons still run: the built-in synth plays, after one warning.

The first lesson is executed in a fresh kernel whose Python cannot import pyfluidsynth (a stand-in
module on PYTHONPATH raises ImportError, as pyfluidsynth does when libfluidsynth is missing).
"""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]


def test_first_lesson_runs_on_the_builtin_synth_with_one_warning(tmp_path, monkeypatch):
    fake = tmp_path / "nofluidsynth"
    fake.mkdir()
    (fake / "fluidsynth.py").write_text("raise ImportError(\"Couldn't find the FluidSynth library.\")\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(ROOT / "lessons" / "00_first_motif.ipynb", as_version=4)
    work = tmp_path / "lessons"
    work.mkdir()
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}})
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], [e["evalue"] for e in errors]
    warnings = [o["text"] for c in nb.cells for o in c.get("outputs", [])
                if o.get("output_type") == "stream" and o.get("name") == "stderr" and "built-in synth" in o["text"]]
    assert len(warnings) == 1, warnings
    assert "apt-get install libfluidsynth3" in warnings[0]
    players = sum("".join(o.get("data", {}).get("text/html", "")).count("<audio") for c in nb.cells
                  for o in c.get("outputs", []))
    assert players >= 13  # every example still has sound
