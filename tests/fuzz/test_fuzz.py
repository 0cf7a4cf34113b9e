"""Every public function of ``scoring``, called with arbitrary and hostile arguments, ends in a result
or a clear error: no raw error, crash, hang, runaway memory, write outside a temporary folder,
unescaped HTML or NumPy number refused (see ``harness`` for the rules).

The default run tries about 600 calls, every public callable at least once (under a minute on two cores); ``SCORING_FUZZ=nightly``
tries 20,000 with FluidSynth. ``SCORING_FUZZ_CALLS``, ``SCORING_FUZZ_SEED``, ``SCORING_FUZZ_TIMEOUT``
and ``SCORING_FUZZ_SYNTH`` change the run; ``benchmarks/fuzz_report.py`` prints a full report.
"""
from __future__ import annotations

import pytest

from . import harness
from .strategies import fuzz, settings_from_env

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def report() -> harness.Report:
    run = settings_from_env()
    result = fuzz(run.pop("n"), **run)
    print("\n" + result.summary())
    return result


def test_every_public_module_imports(report):
    assert not report.import_failures(), "\n".join(report.import_failures())


def test_hostile_calls_end_in_a_result_or_a_clear_error(report):
    assert len(report.outcomes) >= 100, report.summary()
    failing = len(report.failures)
    assert failing == 0, f"{failing} failing calls\n{report.summary()}\n{report.failure_table(limit=80)}"



def test_the_valid_calls_reach_most_of_the_package(report):
    """The harness can build a valid call for nearly every target (so the fuzzing means something)."""
    skipped = report.skipped()
    assert len(skipped) <= max(3, len(report.targets) // 50), "\n".join(skipped)


def test_the_judge_tells_clear_errors_from_raw_ones():
    """The rule for a clear error, checked on known exceptions."""
    from scoring.core.pitch import midi_number
    from scoring.errors import ScoringError

    def raised(fn, *args):
        try:
            fn(*args)
        except Exception as exc:  # noqa: BLE001
            return exc
        raise AssertionError("no exception")

    assert harness.judge_exception(raised(midi_number, "H4"), ["name"]) == "clear error"
    assert harness.judge_exception(raised(float, None), ["x"]) == "raw error"      # raised from outside a raise statement
    assert harness.judge_exception(raised(lambda: {}["k"]), ["x"]) == "raw error"  # a KeyError is never clear
    assert harness.judge_exception(MemoryError(), []) == "memory"
    assert isinstance(ScoringError("x"), ValueError)


def test_unescaped_html_is_caught():
    assert harness.html_leak(f"<div>{harness.MARK}</div>")
    assert harness.html_leak("<div>&lt;script&gt;'\"&amp;</div>")           # quotes left raw
    assert harness.html_leak("<div>&lt;script&gt;&#x27;&quot;&amp;</div>") is None
    assert harness.html_leak(harness.MARK) is None                           # plain text, not HTML


def test_the_sandbox_refuses_and_records_a_write_outside(tmp_path):
    """The audit hook stops a write outside the worker's folder before it happens, and lets one inside through."""
    import subprocess
    import sys
    from pathlib import Path

    root, outside = tmp_path / "root", tmp_path / "outside.txt"
    root.mkdir()
    code = (f"import sys, pathlib; sys.path.insert(0, {str(Path(harness.__file__).parent)!r}); import harness\n"
            f"box = harness.Sandbox(pathlib.Path({str(root)!r})); sys.addaudithook(box.hook); box.active = True\n"
            f"try:\n    open({str(outside)!r}, 'w')\nexcept harness.SandboxWrite:\n    print('refused', box.violations)\n"
            f"open({str(root / 'inside.txt')!r}, 'w').close(); print('inside ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "refused" in out and "outside.txt" in out and "inside ok" in out
    assert not outside.exists() and (root / "inside.txt").exists()
