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


#: The slowest test files, slowest first (their seconds in one run of ``./course test`` while the
#: machine was busy with other work too). A file is one unit of work for pytest-xdist
#: (``--dist loadfile --no-loadscope-reorder``: a notebook's cells run in order on one worker), and
#: the longest start first, so that none is left running alone at the end while the others idle.
SLOWEST_FIRST = (
    "tests/integration/browser/test_in_browser.py",        # 626 s
    "tests/integration/browser/test_site_axe.py",          # 564 s
    "tests/unit/floors/test_properties.py",                # 370 s
    "tests/integration/test_assignments.py",               # 274 s
    "tests/fuzz/test_fuzz.py",                             # 195 s
    "tests/integration/browser/test_decks_and_site.py",    # 190 s
    "tests/unit/floors/test_score_xml.py",                 # 143 s
    "tests/unit/lessons/test_exercises_widgets.py",        # 126 s
    "tests/unit/lessons/test_series.py",                   # 120 s
    "tests/unit/floors/test_model.py",                     # 108 s
    "lessons/08_genre.ipynb",                              #  93 s
    "lessons/07_score_a_scene.ipynb",                      #  75 s
    "tests/integration/browser/test_grid_browser.py",      #  74 s
    "tests/unit/lessons/test_silence.py",                  #  61 s
    "tests/unit/lessons/test_a11y_l05_l09.py",             #  60 s
    "tests/unit/lessons/test_animatic.py",                 #  58 s
    "scoring/tension_view.py",                             #  57 s
    "lessons/09_electronic.ipynb",                         #  54 s
    "lessons/04_motif_evolution.ipynb",                    #  54 s
    "lessons/11_series.ipynb",                             #  53 s
    "lessons/06_sync.ipynb",                               #  52 s
    "lessons/02_tension.ipynb",                            #  48 s
    "tests/unit/lessons/test_scene.py",                    #  47 s
    "tests/unit/floors/test_soundfont.py",                 #  43 s
    "tests/unit/lessons/test_electronic.py",               #  41 s
    "lessons/05_silence.ipynb",                            #  37 s
    "tests/unit/lessons/test_sync.py",                     #  36 s
    "tests/unit/floors/test_architecture.py",              #  32 s
    "scoring/electronic_view.py",                          #  32 s
    "lessons/10_songs.ipynb",                              #  32 s
    "scoring/leitmotif.py",                                #  30 s
    "lessons/01_mood.ipynb",                               #  30 s
    "scoring/songs_view.py",                               #  28 s
    "lessons/03_leitmotif.ipynb",                          #  27 s
    "tests/unit/floors/test_time.py",                      #  27 s
    "scoring/scene.py",                                    #  25 s
    "lessons/00_first_motif.ipynb",                        #  24 s
)


def pytest_collection_modifyitems(session, config, items):
    """Run the slowest files first (see :data:`SLOWEST_FIRST`); every other file after them, in the
    order collected, and every file's own tests in their order."""
    rank = {path: i for i, path in enumerate(SLOWEST_FIRST)}
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        first_seen.setdefault(item.nodeid.split("::")[0], i)

    def key(item):
        path = item.nodeid.split("::")[0]
        return rank.get(path, len(rank)), first_seen[path]

    items.sort(key=key)
