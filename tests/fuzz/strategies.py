"""Hypothesis picks the calls: one or two parameters of a target, and a value for each.

The targets take turns (in an order shuffled by the seed), so a short run still reaches every
public callable; for each, a seeded hypothesis run picks the parameters and the values (its first,
simplest call gives ``None`` to the first parameter). Most values are the named hostile
values of :data:`harness.HOSTILE`; some are arbitrary integers, floats and text; one call in ten is
the target's valid example call unchanged. Hypothesis is seeded, so a run of ``n`` calls with a
seed is the same run every time (on the same tree).
"""
from __future__ import annotations

import os
import random
import time

from hypothesis import HealthCheck, Phase, given, seed as hypothesis_seed, settings
from hypothesis import strategies as st

try:
    from . import harness
except ImportError:  # loaded as a top-level module (benchmarks/fuzz_report.py puts tests/fuzz on the path)
    import harness  # type: ignore[no-redef]

#: The default run's seed; ``SCORING_FUZZ_SEED`` changes it.
SEED = 20240501


def tokens() -> st.SearchStrategy:
    """A value token: mostly a named hostile value, sometimes an arbitrary number or text."""
    named = st.sampled_from(harness.HOSTILE_IDS)
    arbitrary = st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(lambda v: ("int", v)),
        st.floats(allow_nan=True, allow_infinity=True).map(lambda v: ("float", v)),
        st.text(max_size=16).map(lambda v: ("text", v)),
    )
    return st.integers(0, 9).flatmap(lambda k: named if k < 8 else arbitrary)


def call_on(target: dict) -> st.SearchStrategy:
    """A call ``(target id, ((parameter, token), ...))`` on ``target``."""

    @st.composite
    def call(draw):
        params = target["params"]
        if not params or draw(st.integers(0, 9)) == 9:
            return (target["id"], ())
        chosen = draw(st.lists(st.sampled_from(params), min_size=1, max_size=min(2, len(params)), unique=True))
        return (target["id"], tuple((p, draw(tokens())) for p in chosen))

    return call()


class _Budget(Exception):
    """The run's time budget is spent."""


def _feed(pool: harness.Pool, target: dict, examples: int, seed: int, n: int, t0: float,
          budget: float | None) -> None:
    """Let hypothesis choose ``examples`` calls on one target and hand them to the pool."""

    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), print_blob=False)
    @hypothesis_seed(seed)
    @given(call_on(target))
    def feed(call):
        if budget is not None and time.perf_counter() - t0 > budget:
            raise _Budget
        if len(pool.seen) < n:
            pool.submit(call)

    feed()


def fuzz(n: int, *, seed: int | None = None, workers: int = 2, timeout: float = harness.DEFAULT_TIMEOUT,
         memory_mb: int = harness.DEFAULT_MEMORY_MB, synth: str = "builtin", budget: float | None = None,
         progress=None, only: str = "") -> harness.Report:
    """Run ``n`` distinct calls chosen by hypothesis (seeded) in a pool of workers; return the report.

    ``only`` keeps the targets whose id starts with one of its comma-separated prefixes
    (``"scoring.daw,scoring.core.midi_file"``), to try a new module hard.

    ``budget`` (seconds) stops choosing new calls once spent; ``synth`` is ``"builtin"`` (fast) or
    ``"fluidsynth"`` (the real engine, slower to start).
    """
    seed = SEED if seed is None else seed
    t0 = time.perf_counter()
    pool = harness.Pool(workers, timeout=timeout, memory_mb=memory_mb, synth=synth, progress=progress)
    try:
        pool.start()

        prefixes = tuple(p.strip() for p in only.split(",") if p.strip())
        order = sorted((t for t in pool.targets if not prefixes or t["id"].startswith(prefixes)),
                       key=lambda t: t["id"])
        random.Random(seed).shuffle(order)
        share, extra = divmod(n, max(1, len(order)))
        try:
            for i, target in enumerate(order):
                if share + (i < extra):
                    _feed(pool, target, share + (i < extra), seed + i, n, t0, budget)
        except _Budget:
            pass
        pool.finish()
        return harness.Report(pool.outcomes, targets=pool.targets, problems=pool.problems,
                              seconds=time.perf_counter() - t0, startup=pool.startup, restarts=pool.restarts,
                              rechecked=pool.rechecked, seed=seed)
    finally:
        pool.close()


def settings_from_env() -> dict:
    """The run's size from the environment: ``SCORING_FUZZ=nightly`` for the long run (20,000 calls),
    ``SCORING_FUZZ_CALLS``, ``SCORING_FUZZ_SEED``, ``SCORING_FUZZ_TIMEOUT``, ``SCORING_FUZZ_SYNTH``,
    ``SCORING_FUZZ_MEMORY_MB`` (the workers' address-space cap, 2048 by default), ``SCORING_FUZZ_ONLY``
    (module prefixes, comma-separated)."""
    nightly = os.environ.get("SCORING_FUZZ", "").lower() == "nightly"
    return {
        "n": int(os.environ.get("SCORING_FUZZ_CALLS", 20_000 if nightly else 600)),
        "seed": int(os.environ.get("SCORING_FUZZ_SEED", SEED)),
        "timeout": float(os.environ.get("SCORING_FUZZ_TIMEOUT", harness.DEFAULT_TIMEOUT)),
        "synth": os.environ.get("SCORING_FUZZ_SYNTH", "fluidsynth" if nightly else "builtin"),
        "memory_mb": int(os.environ.get("SCORING_FUZZ_MEMORY_MB", harness.DEFAULT_MEMORY_MB)),
        "only": os.environ.get("SCORING_FUZZ_ONLY", ""),
    }
