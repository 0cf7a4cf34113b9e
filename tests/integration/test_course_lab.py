"""The README's first command as a student runs it: ``./course lab`` starts JupyterLab serving the
lessons, with the course's settings (no news prompt), and answers on its port."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow     # starts a JupyterLab server: seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": "token course-lab-test"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_course_lab_serves_the_lessons_with_the_course_settings(tmp_path):
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    lab = subprocess.Popen(["bash", str(ROOT / "course"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                            "--ServerApp.token=course-lab-test"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, listing = time.time() + 120, None
        while time.time() < deadline and lab.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                listing = _get(f"http://127.0.0.1:{port}/api/contents/")
                break
            time.sleep(0.5)
        assert listing is not None, "./course lab did not answer: " + (
            lab.stdout.read().decode(errors="replace")[-2000:] if lab.poll() is not None else "still starting")
        names = {item["name"] for item in listing["content"]}
        assert "00_first_motif.ipynb" in names and "11_series.ipynb" in names
        news = _get(f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification")
        assert news["schema"]["properties"]["fetchNews"]["default"] == "false"   # the override (JupyterLab: "none", ask)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(lab.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            lab.wait(timeout=20)
