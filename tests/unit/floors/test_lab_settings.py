"""`./course lab` opens with the course's settings (lab/): no news prompt, no update check, the file
browser in lessons/, nbgrader's instructor tools out of the students' way; and the course script
points JupyterLab at them through the environment and a LabApp option, never through the home folder."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LAB = ROOT / "lab"
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_overrides_turn_off_the_news_prompt_and_the_update_check():
    notification = _json(LAB / "settings" / "overrides.json")["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"      # "none" (the default) is what asks the question
    assert notification["checkForUpdates"] is False


def test_every_override_is_a_real_setting_of_the_installed_jupyterlab():
    overrides = _json(LAB / "settings" / "overrides.json")
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        schema_file = SCHEMAS / package / f"{name}.json"
        if not schema_file.exists():
            pytest.skip(f"JupyterLab's schemas are not installed here ({schema_file})")
        props = _json(schema_file)["properties"]
        for key, value in values.items():
            assert key in props, f"{plugin} has no setting {key!r}"
            allowed = [c["const"] for c in props[key].get("oneOf", []) if "const" in c]
            if allowed:
                assert value in allowed, f"{plugin}.{key} = {value!r}; allowed: {allowed}"
            elif props[key].get("type") == "boolean":
                assert isinstance(value, bool)


def test_jupyterlab_reads_the_overrides_from_the_folder():
    settings_utils = pytest.importorskip("jupyterlab_server.settings_utils")
    overrides, error = settings_utils._get_overrides(str(LAB / "settings"))
    assert not error
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_file_browser_follows_the_open_lesson():
    # the server's root is lessons/ already (the course opens a lesson there): no preferred_dir under it
    assert "ContentsManager" not in _json(LAB / "jupyter_server_config.json")
    browser = _json(LAB / "settings" / "overrides.json")["@jupyterlab/filebrowser-extension:browser"]
    assert browser["navigateToCurrentDirectory"] is True


def test_nbgraders_instructor_tools_stay_out_of_the_students_lab():
    assert "@jupyter/nbgrader" in _json(LAB / "settings" / "page_config.json")["disabledExtensions"]
    extensions = _json(LAB / "jupyter_server_config.json")["ServerApp"]["jpserver_extensions"]
    assert extensions and all(name.startswith("nbgrader.") and on is False for name, on in extensions.items())


def test_the_course_script_opens_jupyterlab_with_these_settings_and_not_the_home_folder():
    script = (ROOT / "course").read_text(encoding="utf-8")
    lab = re.search(r"^    lab\)\n(.*?);;", script, re.S | re.M)
    assert lab, "the course script has no lab) branch"
    branch = lab.group(1)
    assert 'export JUPYTER_CONFIG_PATH="$here/lab' in branch
    assert '--LabApp.app_settings_dir="$here/lab/settings"' in branch
    assert "lessons/00_first_motif.ipynb" in branch
    assert "HOME" not in branch and "~/" not in branch and ".jupyter" not in branch
