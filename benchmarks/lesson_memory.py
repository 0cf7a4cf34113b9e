"""Peak memory of a kernel that has run a whole lesson: each lesson runs top to bottom in a fresh
kernel (in memory; the notebook file is not touched), then the kernel reports its peak resident
memory (ru_maxrss). Target: 600 MB a lesson.

Run: .venv/bin/python benchmarks/lesson_memory.py [lessons/NN_x.ipynb ...]   (prints figures; not a test)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

BUDGET_MB = 600
ROOT = Path(__file__).resolve().parent.parent
PROBE = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def peak_mb(path: Path) -> tuple[float, float]:
    """(peak MB of the kernel after the lesson, seconds it took)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                            allow_errors=False)
    t = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - t
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    return float(text.strip().splitlines()[-1]), seconds


def main(paths: list[str]) -> None:
    lessons = [Path(p) for p in paths] or sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    print(f"{'lesson':34s} {'peak MB':>8s} {'of 600':>7s} {'run s':>6s}  met")
    for path in lessons:
        try:
            peak, seconds = peak_mb(path)
        except Exception as exc:  # a lesson that fails says so and the others still run
            last = [line for line in str(exc).splitlines() if line.strip()][-1:] or ["?"]
            print(f"{path.name:34s} {'-':>8s} {'-':>7s} {'-':>6s}  error: {last[0][:90]}")
            continue
        print(f"{path.name:34s} {peak:8.0f} {peak / BUDGET_MB:7.0%} {seconds:6.0f}  {'yes' if peak <= BUDGET_MB else 'NO'}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
