"""Fuzz the package's public functions and print what happened: counts by outcome kind and by module,
the failing calls (each with a one-line reproduction) and results that accepted bool/NaN/inf.

Usage: ``.venv/bin/python benchmarks/fuzz_report.py [N] [--seed S] [--synth builtin|fluidsynth]
[--timeout SECONDS] [--workers K]``; N defaults to 600. Exits 1 when a call failed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

import harness  # noqa: E402
import strategies  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=600, help="number of distinct calls")
    parser.add_argument("--seed", type=int, default=strategies.SEED)
    parser.add_argument("--synth", choices=("builtin", "fluidsynth"), default="builtin")
    parser.add_argument("--timeout", type=float, default=harness.DEFAULT_TIMEOUT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet", action="store_true", help="no progress dots")
    args = parser.parse_args(argv)

    def progress(i, call, outcome):
        if not args.quiet:
            mark = "." if outcome["kind"] in harness.PASS_KINDS else "F"
            print(mark, end="\n" if i % 100 == 0 else "", flush=True)

    report = strategies.fuzz(args.n, seed=args.seed, workers=args.workers, timeout=args.timeout,
                             synth=args.synth, progress=progress)
    print()
    print(report.summary())
    print("\nby module:")
    print(report.module_table())
    if report.problems:
        print("\nproblems found while discovering the public functions:")
        print("\n".join(f"  {p}" for p in report.problems))
    if report.skipped():
        print("\nnot called (no valid example call could be built):")
        print("\n".join(f"  {s}" for s in report.skipped()))
    print("\nresults from calls given bool, NaN or inf where a number was expected:")
    print(report.suspicious_table())
    print("\nfailing calls:")
    print(report.failure_table())
    return 1 if report.failures or report.import_failures() else 0


if __name__ == "__main__":
    sys.exit(main())
