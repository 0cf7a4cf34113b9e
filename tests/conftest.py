"""Test set-up: a headless matplotlib, modest hypothesis settings (music21 is slow), and a
private music21 scratch folder so that files parsed by the tests never meet cached copies
from other runs (music21 keeps pickles of parsed files keyed by path)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from scoring import Motif  # noqa: E402

settings.register_profile(
    "scoring",
    max_examples=40,
    deadline=None,
    database=None,  # write nothing outside the tests' temporary folders
    derandomize=True,  # the same examples on every run, so a verdict can be reproduced
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("scoring")


@pytest.fixture(scope="session", autouse=True)
def _music21_scratch(tmp_path_factory):
    """Point music21's scratch folder (parse cache) at a fresh folder for this session."""
    from music21 import environment

    core = environment.envSingleton()
    ref = getattr(core, "_ref", None)
    if not isinstance(ref, dict):  # another music21 layout: leave its cache alone
        yield
        return
    old = ref.get("directoryScratch")
    ref["directoryScratch"] = str(tmp_path_factory.mktemp("music21"))
    yield
    ref["directoryScratch"] = old


@pytest.fixture(autouse=True)
def _close_figures():
    """Close any pyplot figures a test made."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def hero() -> Motif:
    """The course's first motif: C4 E4 G4 (quarters) and C5 (half), 96 BPM, French Horn, C major."""
    return Motif.parse("4/4 c4 e g c'2", name="Hero", tempo=96, instrument="French Horn")
