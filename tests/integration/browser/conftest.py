"""The browser tests' shared fixtures: one Chromium and one JupyterLab (serving a copy of the
committed lessons) per test process. Helpers they share live in ``labkit.py``."""
from __future__ import annotations

import shutil

import pytest

from labkit import CHROMIUM, CHROMIUM_ARGS, ROOT


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of the lessons (a test may add notebooks to ``lab["work"]``)."""
    from labkit import running_lab

    home = tmp_path_factory.mktemp("lab")
    work = home / "lessons"
    shutil.copytree(ROOT / "lessons", work, ignore=shutil.ignore_patterns("exports", ".ipynb_checkpoints"))
    with running_lab(home, work) as served:
        yield served
